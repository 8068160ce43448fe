#include "extract/url.hpp"
#include "extract/curl_url.hpp"
#include "extract/recent_cache.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

namespace pantau::extract {

namespace {

struct CurlUrlDeleter {
    void operator()(CURLU* h) const { curl_url_cleanup(h); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

struct CurlString {
    char* p = nullptr;
    CurlString() = default;
    CurlString(const CurlString&) = delete;
    CurlString& operator=(const CurlString&) = delete;
    ~CurlString() { curl_free(p); }
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// CURLU_NON_SUPPORT_SCHEME: any scheme parses (the caller filters); CURLU_ALLOW_SPACE and
// CURLU_URLENCODE: real hrefs contain raw spaces and non-ASCII file names that browsers percent-encode.
constexpr unsigned k_set_flags = CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE | CURLU_URLENCODE;

std::optional<std::string> get_part(CURLU* h, CURLUPart part) {
    CurlString s;
    if (curl_url_get(h, part, &s.p, 0) != CURLUE_OK || s.p == nullptr) {
        return std::nullopt;
    }
    return std::string(s.p);
}

bool is_document_extension(std::string_view ext) {
    static constexpr std::array<std::string_view, 20> k_document_extensions{
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp",
        "rtf", "csv", "zip",  "rar", "7z",   "jpg", "jpeg", "png", "tif", "tiff"};
    return std::find(k_document_extensions.begin(), k_document_extensions.end(), ext) !=
           k_document_extensions.end();
}

// A document by the extension of the path's last segment, or of a file name in the query
// (download scripts: "unduh.php?file=laporan-2024.pdf").
bool is_document_parts(std::string_view path, std::string_view query) {
    std::string_view last = path.substr(path.rfind('/') + 1);
    if (std::size_t dot = last.rfind('.'); dot != std::string_view::npos && last.size() - dot <= 5 &&
                                           is_document_extension(lower(last.substr(dot + 1)))) {
        return true;
    }
    std::size_t start = 0;
    while (start < query.size()) {
        std::size_t amp = query.find('&', start);
        std::string_view param =
            query.substr(start, amp == std::string_view::npos ? query.npos : amp - start);
        std::size_t dot = param.rfind('.');
        if (dot != std::string_view::npos && param.size() - dot <= 5 &&
            is_document_extension(lower(param.substr(dot + 1)))) {
            return true;
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
    return false;
}

} // namespace

struct UrlResolver::Handle {
    CurlUrl url;
    // What a reference resolves against, by its form (RFC 3986 5.2): "scheme://…" needs nothing of the
    // base, "//host…" its scheme, "/path" its origin, "path" its directory (the path up to its last
    // "/"). Only "", "?query" and "#fragment" read the whole base URL.
    std::string scheme;
    std::string origin;
    std::string dir;
};

namespace {

// The same links recur on every page of a site (menus, header, footer): their resolution is kept per
// thread, keyed by the reference and the part of the base it depends on (see RecentCache).
constexpr std::size_t k_resolve_cache_generation = 2048;

bool has_scheme_authority(std::string_view ref) {
    std::size_t i = 0;
    while (i < ref.size() && (std::isalnum(static_cast<unsigned char>(ref[i])) != 0 || ref[i] == '+' ||
                              ref[i] == '-' || ref[i] == '.')) {
        ++i;
    }
    return i > 0 && std::isalpha(static_cast<unsigned char>(ref[0])) != 0 && ref.substr(i).starts_with("://");
}

// A reference's form (RFC 3986 5.2), which says what part of the base it resolves against:
// 'a' "scheme://…" (none of it), 's' "//host…" (its scheme), 'o' "/path" (its origin), 'd' "path" (its
// directory), or 0 for the rest ("", "?query", "#fragment", "mailto:…", a reference with a backslash),
// which only libcurl's own relative resolution handles.
char reference_form(std::string_view r) {
    if (r.empty() || r.front() == '?' || r.front() == '#' || r.find('\\') != std::string_view::npos) {
        return 0;
    }
    if (has_scheme_authority(r)) {
        return 'a';
    }
    if (r.starts_with("//")) {
        return 's';
    }
    if (r.front() == '/') {
        return 'o';
    }
    // A relative path's first segment has no ':' (or it would read as a scheme).
    const std::size_t end = r.find_first_of("/?#");
    return r.substr(0, end).find(':') == std::string_view::npos ? 'd' : 0;
}

} // namespace

UrlResolver::UrlResolver(std::string_view base) {
    CurlUrl h(curl_url());
    std::string b = clean_reference(base);
    if (h && curl_url_set(h.get(), CURLUPART_URL, b.c_str(), k_set_flags) == CURLUE_OK) {
        Handle handle{std::move(h), {}, {}, {}};
        const std::string full = url_string(handle.url.get()).value_or(std::string{});
        handle.scheme = get_part(handle.url.get(), CURLUPART_SCHEME).value_or(std::string{});
        if (const auto after = full.find("://"); after != std::string::npos) {
            const auto path_at = full.find('/', after + 3);
            handle.origin = full.substr(0, path_at);
            const std::string path = get_part(handle.url.get(), CURLUPART_PATH).value_or("/");
            handle.dir = handle.origin + path.substr(0, path.rfind('/') + 1);
        }
        m_base = std::make_unique<Handle>(std::move(handle));
    }
}

UrlResolver::~UrlResolver() = default;
UrlResolver::UrlResolver(UrlResolver&&) noexcept = default;
UrlResolver& UrlResolver::operator=(UrlResolver&&) noexcept = default;

// Joined to the base's scheme, origin or directory, a reference of the forms 's', 'o' and 'd' is the
// absolute URL whose parse (dot segments removed, spaces and non-ASCII bytes percent-encoded) is its
// resolution. libcurl would write the whole base URL out and join the two itself, which costs twice
// as much; "" for the other forms, left to libcurl.
std::string UrlResolver::absolute_form(const std::string& r) const {
    if (!m_base || m_base->origin.empty()) {
        return {};
    }
    // Built in one allocation: this is also the cache key of every such link (resolve_classified).
    const auto joined = [&r](std::string_view head, std::string_view separator = {}) {
        std::string out;
        out.reserve(head.size() + separator.size() + r.size());
        out.append(head).append(separator).append(r);
        return out;
    };
    switch (reference_form(r)) {
    case 's':
        return joined(m_base->scheme, ":");
    case 'o':
        return joined(m_base->origin);
    case 'd':
        return joined(m_base->dir);
    default:
        return {};
    }
}

std::optional<std::string> UrlResolver::resolve_into(const std::string& r, const std::string& absolute,
                                                     void* handle) const {
    auto* h = static_cast<CURLU*>(handle);
    if (r.empty() || r.front() == '#') {
        // An empty or fragment-only reference is the base document itself (libcurl would treat
        // "#top" as a relative path).
        if (!m_base) {
            return std::nullopt;
        }
    } else if (!absolute.empty()) {
        if (curl_url_set(h, CURLUPART_URL, absolute.c_str(), k_set_flags) != CURLUE_OK) {
            return std::nullopt;
        }
    } else if (curl_url_set(h, CURLUPART_URL, r.c_str(), k_set_flags) != CURLUE_OK) {
        return std::nullopt;
    }
    curl_url_set(h, CURLUPART_FRAGMENT, nullptr, 0);
    // Host names are case-insensitive; browsers show and request them in lower case.
    if (auto host = get_part(h, CURLUPART_HOST)) {
        if (std::any_of(host->begin(), host->end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
            std::string lowered = lower(*host);
            curl_url_set(h, CURLUPART_HOST, lowered.c_str(), 0);
        }
    }
    return url_string(h);
}

std::optional<std::string> UrlResolver::resolve(std::string_view ref) const {
    CurlUrl h(m_base ? curl_url_dup(m_base->url.get()) : curl_url());
    if (!h) {
        return std::nullopt;
    }
    const std::string r = clean_reference(ref);
    return resolve_into(r, absolute_form(r), h.get());
}

std::optional<UrlResolver::Classified> UrlResolver::resolve_classified(std::string_view ref) const {
    thread_local RecentCache<std::optional<Classified>> cache(k_resolve_cache_generation);
    const std::string r = clean_reference(ref);
    const std::string absolute = absolute_form(r);
    std::string key;
    if (m_base && !m_base->origin.empty()) {
        // A reference's resolution depends on its absolute form alone (the string libcurl parses), so
        // that is its key; an absolute reference is its own. The few references of no form ("mailto:…",
        // "/a\\b") are keyed by the directory too, apart from every absolute string.
        key = absolute;
        if (key.empty() && reference_form(r) == 'a') {
            key = r;
        } else if (key.empty() && !r.empty() && r.front() != '?' && r.front() != '#') {
            key = "\x01" + m_base->dir + "\x01" + r;
        }
        if (!key.empty()) {
            if (const auto* found = cache.find(key)) {
                return *found;
            }
        }
    }
    auto out = resolve_classified_uncached(r, absolute);
    if (!key.empty()) {
        cache.insert(key, out);
    }
    return out;
}

std::optional<UrlResolver::Classified>
UrlResolver::resolve_classified_uncached(const std::string& r, const std::string& absolute) const {
    CurlUrl h(m_base ? curl_url_dup(m_base->url.get()) : curl_url());
    if (!h) {
        return std::nullopt;
    }
    auto url = resolve_into(r, absolute, h.get());
    if (!url) {
        return std::nullopt;
    }
    Classified out;
    out.url = std::move(*url);
    out.is_web = is_web_url(out.url);
    if (out.is_web) {
        const std::string path = get_part(h.get(), CURLUPART_PATH).value_or(std::string{});
        const std::string query = get_part(h.get(), CURLUPART_QUERY).value_or(std::string{});
        out.is_document = is_document_parts(path, query);
    }
    return out;
}

bool is_web_url(std::string_view absolute_url) {
    std::string scheme = lower(absolute_url.substr(0, std::min<std::size_t>(absolute_url.find(':'), 8)));
    return scheme == "http" || scheme == "https" || scheme == "ftp";
}

std::string url_path(std::string_view absolute_url) {
    CurlUrl h(curl_url());
    std::string u(absolute_url);
    if (!h || curl_url_set(h.get(), CURLUPART_URL, u.c_str(), k_set_flags) != CURLUE_OK) {
        return {};
    }
    return get_part(h.get(), CURLUPART_PATH).value_or(std::string{});
}

std::string url_extension(std::string_view absolute_url) {
    const std::string path = url_path(absolute_url);
    std::string_view p(path);
    std::string_view last = p.substr(p.rfind('/') + 1);
    std::size_t dot = last.rfind('.');
    if (dot == std::string_view::npos) {
        return {};
    }
    return lower(last.substr(dot + 1));
}

bool is_document_url(std::string_view absolute_url) {
    CurlUrl h(curl_url());
    std::string u(absolute_url);
    if (!h || curl_url_set(h.get(), CURLUPART_URL, u.c_str(), k_set_flags) != CURLUE_OK) {
        return false;
    }
    return is_document_parts(get_part(h.get(), CURLUPART_PATH).value_or(std::string{}),
                             get_part(h.get(), CURLUPART_QUERY).value_or(std::string{}));
}

} // namespace pantau::extract

// crawler/url.cpp — see url.hpp. Everything structural is libcurl's CURLU; this file only edits the
// single parts curl hands back (host case, percent-escapes, query parameters).
#include "crawler/url.hpp"
#include "extract/curl_url.hpp"

#include <curl/curl.h>
#include <libpsl.h>

#include <arpa/inet.h>
#include <locale.h>

#include <array>
#include <memory>

namespace pantau::crawler {
namespace {

struct UrlHandleDeleter {
    void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlHandleDeleter>;

struct CurlStringDeleter {
    void operator()(char* text) const { curl_free(text); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

// Switches the calling thread (only) to a UTF-8 character type for its lifetime. libcurl 7.88
// converts IDN host names with idn2_lookup_ul(), which reads the host in the *locale's* charset;
// under the default "C" locale every non-ASCII host fails. uselocale() is per thread, so this does
// not disturb the rest of the program the way setlocale() would.
class Utf8CtypeScope {
public:
    Utf8CtypeScope() : m_locale(newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {
        if (m_locale != static_cast<locale_t>(nullptr)) {
            m_previous = uselocale(m_locale);
        }
    }
    ~Utf8CtypeScope() {
        if (m_locale != static_cast<locale_t>(nullptr)) {
            uselocale(m_previous);
            freelocale(m_locale);
        }
    }
    Utf8CtypeScope(const Utf8CtypeScope&) = delete;
    Utf8CtypeScope& operator=(const Utf8CtypeScope&) = delete;

private:
    locale_t m_locale;
    locale_t m_previous = static_cast<locale_t>(nullptr);
};

std::optional<std::string> get_part(CURLU* handle, CURLUPart part, unsigned flags = 0) {
    char* raw = nullptr;
    const CURLUcode code = curl_url_get(handle, part, &raw, flags);
    // Owned even on failure: libcurl 7.88 can hand back the unconverted host when CURLU_PUNYCODE
    // fails, and leaves freeing it to us.
    const CurlString owned(raw);
    if (code != CURLUE_OK || raw == nullptr) {
        return std::nullopt;
    }
    return std::string(owned.get());
}

bool set_part(CURLU* handle, CURLUPart part, const std::optional<std::string>& value, unsigned flags = 0) {
    return curl_url_set(handle, part, value ? value->c_str() : nullptr, flags) == CURLUE_OK;
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = ascii_lower(c);
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

// Bytes that may not appear raw in a path, query or fragment (RFC 3986 section 2 plus what browsers
// escape): controls, space, non-ASCII, and the delimiters that are never legal there.
bool must_escape(unsigned char c) {
    if (c <= 0x20 || c >= 0x7F) {
        return true;
    }
    switch (c) {
    case '"':
    case '<':
    case '>':
    case '\\':
    case '^':
    case '`':
    case '{':
    case '|':
    case '}':
        return true;
    default:
        return false;
    }
}

void append_escape(std::string& out, unsigned char c) {
    static constexpr std::array<char, 16> k_hex{'0', '1', '2', '3', '4', '5', '6', '7',
                                                '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
    out.push_back('%');
    out.push_back(k_hex[c >> 4]);
    out.push_back(k_hex[c & 0x0F]);
}

// Escapes what must be escaped; a '%' not starting an escape becomes "%25". With `canonical`, also
// upper-cases escape hex digits and decodes escapes of unreserved characters (RFC 3986 6.2.2).
std::string fix_escapes(std::string_view part, bool canonical) {
    std::string out;
    out.reserve(part.size());
    for (std::size_t i = 0; i < part.size(); ++i) {
        const auto c = static_cast<unsigned char>(part[i]);
        if (c == '%') {
            const int hi = i + 2 < part.size() ? hex_value(part[i + 1]) : -1;
            const int lo = hi >= 0 ? hex_value(part[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                out += "%25";
                continue;
            }
            const auto decoded = static_cast<unsigned char>(hi * 16 + lo);
            if (!canonical) {
                out.append(part.substr(i, 3));
            } else if (is_unreserved(decoded)) {
                out.push_back(static_cast<char>(decoded));
            } else {
                append_escape(out, decoded);
            }
            i += 2;
            continue;
        }
        if (must_escape(c)) {
            append_escape(out, c);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

bool name_matches(std::string_view name, const std::vector<std::string>& patterns) {
    for (const std::string& pattern : patterns) {
        if (!pattern.empty() && pattern.back() == '*') {
            const std::string_view prefix(pattern.data(), pattern.size() - 1);
            if (name.size() >= prefix.size() && iequals(name.substr(0, prefix.size()), prefix)) {
                return true;
            }
        } else if (iequals(name, pattern)) {
            return true;
        }
    }
    return false;
}

// Drops tracking parameters and empty pieces from a query, keeping the order of the rest.
std::string filter_query(std::string_view query, const std::vector<std::string>& patterns) {
    std::string out;
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string_view::npos) {
            end = query.size();
        }
        const std::string_view piece = query.substr(start, end - start);
        const std::string_view name = piece.substr(0, piece.find('='));
        if (!piece.empty() && !name_matches(name, patterns)) {
            if (!out.empty()) {
                out.push_back('&');
            }
            out.append(piece);
        }
        start = end + 1;
    }
    return out;
}

// Drops matching ";name=value" parameters from path segments (Java's ";jsessionid=…").
std::string filter_path_params(std::string_view path, const std::vector<std::string>& patterns) {
    if (path.find(';') == std::string_view::npos) {
        return std::string(path);
    }
    std::string out;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t seg_end = path.find('/', start);
        if (seg_end == std::string_view::npos) {
            seg_end = path.size();
        }
        const std::string_view segment = path.substr(start, seg_end - start);
        std::size_t piece_start = 0;
        bool first = true;
        while (piece_start <= segment.size()) {
            std::size_t piece_end = segment.find(';', piece_start);
            if (piece_end == std::string_view::npos) {
                piece_end = segment.size();
            }
            const std::string_view piece = segment.substr(piece_start, piece_end - piece_start);
            if (first) {
                out.append(piece);
                first = false;
            } else if (!name_matches(piece.substr(0, piece.find('=')), patterns)) {
                out.push_back(';');
                out.append(piece);
            }
            piece_start = piece_end + 1;
        }
        if (seg_end < path.size()) {
            out.push_back('/');
        }
        start = seg_end + 1;
    }
    return out;
}

bool has_non_ascii(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return true;
        }
    }
    return false;
}

bool is_http_scheme(CURLU* handle) {
    const auto scheme = get_part(handle, CURLUPART_SCHEME);
    return scheme && (*scheme == "http" || *scheme == "https");
}

// Parses an absolute http(s) URL (spaces tolerated: they are escaped later).
UrlHandle parse_absolute(std::string_view url) {
    UrlHandle handle(curl_url());
    if (!handle) {
        return nullptr;
    }
    const std::string text = extract::clean_reference(url);
    if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_ALLOW_SPACE) != CURLUE_OK) {
        return nullptr;
    }
    if (!is_http_scheme(handle.get()) || !get_part(handle.get(), CURLUPART_HOST)) {
        return nullptr;
    }
    return handle;
}

// The host lower-cased and, when internationalised, in punycode; nullopt when it cannot be converted.
std::optional<std::string> canonical_host(CURLU* handle) {
    auto host = get_part(handle, CURLUPART_HOST);
    if (!host) {
        return std::nullopt;
    }
    if (has_non_ascii(*host)) {
        const Utf8CtypeScope utf8;
        host = get_part(handle, CURLUPART_HOST, CURLU_PUNYCODE);
        if (!host || has_non_ascii(*host)) {
            return std::nullopt;
        }
    }
    return lower_ascii(*host);
}

// Replaces path, query and fragment of a parsed URL. curl_url_set() of a single part re-cases
// escapes to lower-case hex, so the parts go in as one path-absolute reference resolved by CURLU
// (which keeps them byte for byte). A path starting "//" is written "/.//" so that it is not read as
// a network-path reference; CURLU removes the "." segment again.
bool replace_tail(CURLU* handle, const std::string& path, const std::optional<std::string>& query,
                  const std::optional<std::string>& fragment) {
    std::string ref = path.starts_with("//") ? "/." + path : path;
    if (ref.empty()) {
        ref = "/";
    }
    if (query) {
        ref += '?';
        ref += *query;
    }
    if (fragment) {
        ref += '#';
        ref += *fragment;
    }
    return curl_url_set(handle, CURLUPART_URL, ref.c_str(), 0) == CURLUE_OK;
}

// Rewrites path, query and fragment of a parsed URL with fixed escapes.
bool fix_part_escapes(CURLU* handle) {
    const auto path = get_part(handle, CURLUPART_PATH);
    auto query = get_part(handle, CURLUPART_QUERY);
    auto fragment = get_part(handle, CURLUPART_FRAGMENT);
    if (query) {
        query = fix_escapes(*query, false);
    }
    if (fragment) {
        fragment = fix_escapes(*fragment, false);
    }
    return replace_tail(handle, fix_escapes(path.value_or("/"), false), query, fragment);
}

// True when a path has a "." or ".." segment.
bool has_dot_segment(std::string_view path) {
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        const std::string_view segment = path.substr(0, slash);
        if (segment == "." || segment == "..") {
            return true;
        }
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    return false;
}

std::string strip_trailing_dot(std::string host) {
    if (!host.empty() && host.back() == '.') {
        host.pop_back();
    }
    return host;
}

bool is_ip_literal(const std::string& host) {
    if (!host.empty() && host.front() == '[') {
        return true;
    }
    in_addr v4{};
    in6_addr v6{};
    return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

} // namespace

std::vector<std::string> default_tracking_params() {
    return {// Campaign and click identifiers added by analytics and ad platforms.
            "utm_*", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
            "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
            // Session identifiers that old PHP, Java, ASP and ColdFusion sites put in links.
            "phpsessid", "jsessionid", "sid", "sessionid", "session_id", "aspsessionid*", "cfid", "cftoken",
            "osCsid", "zenid"};
}

std::optional<std::string> resolve_url(std::string_view base, std::string_view ref) {
    UrlHandle handle;
    if (base.empty()) {
        handle.reset(curl_url());
    } else {
        handle = parse_absolute(base);
    }
    if (!handle) {
        return std::nullopt;
    }
    std::string text = extract::clean_reference(ref);
    if (text.starts_with("//")) {
        // A network-path reference takes the base's scheme (RFC 3986 5.2.2); made absolute here so
        // CURLU parses it as a whole URL.
        text = get_part(handle.get(), CURLUPART_SCHEME).value_or("http") + ":" + text;
    }
    if (text.empty() || text.front() == '#') {
        // Same-document references keep the base's path and query (RFC 3986 5.2.2); libcurl 7.88
        // resolves "#x" like "x#x" ("/a/b" + "#x" gives "/a/#x"), so the fragment is set as a part.
        if (!base.empty() &&
            set_part(handle.get(), CURLUPART_FRAGMENT,
                     text.size() > 1 ? std::optional<std::string>(text.substr(1)) : std::nullopt) &&
            fix_part_escapes(handle.get())) {
            return extract::url_string(handle.get());
        }
        return std::nullopt;
    }
    UrlHandle standalone(curl_url());
    const bool absolute = standalone && curl_url_set(standalone.get(), CURLUPART_URL, text.c_str(),
                                                     CURLU_ALLOW_SPACE) == CURLUE_OK;
    if (!absolute) {
        // A relative reference has no host, so escaping it whole is safe, and it must happen here:
        // CURLU's relative resolution escapes spaces and non-ASCII bytes itself, in lower-case hex.
        text = fix_escapes(text, false);
    }
    if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_ALLOW_SPACE) != CURLUE_OK) {
        return std::nullopt;
    }
    if (!is_http_scheme(handle.get()) || !get_part(handle.get(), CURLUPART_HOST)) {
        return std::nullopt;
    }
    if (!fix_part_escapes(handle.get())) {
        return std::nullopt;
    }
    return extract::url_string(handle.get());
}

std::optional<std::string> normalize_url(std::string_view url) {
    return normalize_url(url, NormalizeOptions{});
}

std::optional<std::string> normalize_url(std::string_view url, const NormalizeOptions& options) {
    auto out = normalize_url_and_host(url, options);
    if (!out) {
        return std::nullopt;
    }
    return std::move(out->url);
}

std::optional<NormalizedUrl> normalize_url_and_host(std::string_view url, const NormalizeOptions& options) {
    UrlHandle handle = parse_absolute(url);
    if (!handle) {
        return std::nullopt;
    }
    const auto host = canonical_host(handle.get());
    if (!host || !set_part(handle.get(), CURLUPART_HOST, host)) {
        return std::nullopt;
    }
    // Credentials in a link are not part of the page's identity, and pantau never sends them.
    if (!set_part(handle.get(), CURLUPART_USER, std::nullopt) ||
        !set_part(handle.get(), CURLUPART_PASSWORD, std::nullopt)) {
        return std::nullopt;
    }
    const auto raw_path = get_part(handle.get(), CURLUPART_PATH);
    const std::string path =
        filter_path_params(fix_escapes(raw_path.value_or("/"), true), options.drop_params);
    const auto raw_query = get_part(handle.get(), CURLUPART_QUERY);
    std::optional<std::string> query;
    if (raw_query) {
        std::string kept = filter_query(fix_escapes(*raw_query, true), options.drop_params);
        if (!kept.empty()) {
            query = std::move(kept);
        }
    }
    // The fragment never reaches the server: two links differing only there are one page. A URL whose
    // path and query are canonical already and that has no fragment (most links: the page's resolver
    // has dropped it) keeps its tail as CURLU parsed it; rewriting it would parse the URL once more
    // for the same result.
    const bool tail_unchanged =
        raw_path && path == *raw_path && query == raw_query && !get_part(handle.get(), CURLUPART_FRAGMENT);
    if (!tail_unchanged && !replace_tail(handle.get(), path, query, std::nullopt)) {
        return std::nullopt;
    }
    auto serialised = extract::url_string(handle.get(), CURLU_NO_DEFAULT_PORT);
    if (!serialised) {
        return std::nullopt;
    }
    // Decoding escapes ("%2E%2E") or dropping a path parameter ("..;jsessionid=1") can reveal dot
    // segments: one more CURLU parse removes them, so the result is a fixed point (normalising it again
    // changes nothing). Without any, it already is one (most links: the parse is half the cost).
    // Either way the host is the canonical one set above.
    if (!has_dot_segment(path)) {
        return NormalizedUrl{std::move(*serialised), *host};
    }
    UrlHandle again = parse_absolute(*serialised);
    if (!again) {
        return std::nullopt;
    }
    auto final_url = extract::url_string(again.get(), CURLU_NO_DEFAULT_PORT);
    if (!final_url) {
        return std::nullopt;
    }
    return NormalizedUrl{std::move(*final_url), *host};
}

std::string url_host(std::string_view url) {
    const UrlHandle handle = parse_absolute(url);
    if (!handle) {
        return {};
    }
    return canonical_host(handle.get()).value_or(std::string{});
}

std::string url_path_and_query(std::string_view url) {
    const UrlHandle handle = parse_absolute(url);
    if (!handle) {
        return {};
    }
    const auto path = get_part(handle.get(), CURLUPART_PATH);
    std::string out = (path && !path->empty()) ? fix_escapes(*path, false) : std::string(1, '/');
    if (const auto query = get_part(handle.get(), CURLUPART_QUERY)) {
        out.push_back('?');
        out += fix_escapes(*query, false);
    }
    return out;
}

std::string url_root(std::string_view url) {
    const UrlHandle handle = parse_absolute(url);
    if (!handle) {
        return {};
    }
    const auto host = canonical_host(handle.get());
    if (!host || !set_part(handle.get(), CURLUPART_HOST, host) ||
        !set_part(handle.get(), CURLUPART_USER, std::nullopt) ||
        !set_part(handle.get(), CURLUPART_PASSWORD, std::nullopt) ||
        !set_part(handle.get(), CURLUPART_PATH, std::string("/")) ||
        !set_part(handle.get(), CURLUPART_QUERY, std::nullopt) ||
        !set_part(handle.get(), CURLUPART_FRAGMENT, std::nullopt)) {
        return {};
    }
    return extract::url_string(handle.get(), CURLU_NO_DEFAULT_PORT).value_or(std::string{});
}

bool same_site(std::string_view host_a, std::string_view host_b) {
    // Asked for every link of every page: compared in place, without lower-cased copies.
    const auto site = [](std::string_view host) {
        if (!host.empty() && host.back() == '.') {
            host.remove_suffix(1);
        }
        if (host.size() > 4 && iequals(host.substr(0, 4), "www.")) {
            host.remove_prefix(4);
        }
        return host;
    };
    const std::string_view a = site(host_a);
    const std::string_view b = site(host_b);
    return !a.empty() && !b.empty() && iequals(a, b);
}

std::string registrable_domain(std::string_view host) {
    const std::string lowered = strip_trailing_dot(lower_ascii(host));
    if (lowered.empty() || is_ip_literal(lowered)) {
        return lowered;
    }
    const psl_ctx_t* psl = psl_builtin();
    if (psl == nullptr) {
        return lowered;
    }
    const char* domain = psl_registrable_domain(psl, lowered.c_str());
    return domain != nullptr ? std::string(domain) : lowered;
}

bool same_registrable_domain(std::string_view host_a, std::string_view host_b) {
    const std::string a = registrable_domain(host_a);
    return !a.empty() && a == registrable_domain(host_b);
}

bool is_go_id(std::string_view host) {
    const std::string lowered = strip_trailing_dot(lower_ascii(host));
    constexpr std::string_view k_suffix = ".go.id";
    return lowered == "go.id" || (lowered.size() > k_suffix.size() && lowered.ends_with(k_suffix));
}

} // namespace pantau::crawler

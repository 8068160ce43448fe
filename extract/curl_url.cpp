#include "extract/curl_url.hpp"

#include <algorithm>
#include <string_view>

namespace pantau::extract {

namespace {

// A part libcurl allocated, freed on scope exit.
class Part {
public:
    Part(CURLU* handle, CURLUPart part, unsigned flags = 0) {
        m_code = curl_url_get(handle, part, &m_text, flags);
    }
    Part(const Part&) = delete;
    Part& operator=(const Part&) = delete;
    ~Part() { curl_free(m_text); }
    // True when the URL has the part.
    bool present() const { return m_code == CURLUE_OK && m_text != nullptr; }
    std::string_view text() const { return present() ? std::string_view(m_text) : std::string_view(); }

private:
    char* m_text = nullptr;
    CURLUcode m_code = CURLUE_UNKNOWN_PART;
};

std::optional<std::string> curl_writes(CURLU* handle, unsigned flags) {
    char* text = nullptr;
    const CURLUcode code = curl_url_get(handle, CURLUPART_URL, &text, flags);
    std::optional<std::string> out;
    if (code == CURLUE_OK && text != nullptr) {
        out.emplace(text);
    }
    curl_free(text);
    return out;
}

} // namespace

std::string clean_reference(std::string_view ref) {
    while (!ref.empty() && static_cast<unsigned char>(ref.front()) <= 0x20) {
        ref.remove_prefix(1);
    }
    while (!ref.empty() && static_cast<unsigned char>(ref.back()) <= 0x20) {
        ref.remove_suffix(1);
    }
    auto removed = [](char c) { return c == '\t' || c == '\n' || c == '\r'; };
    // Nearly every href has none inside: one scan, one copy.
    if (std::none_of(ref.begin(), ref.end(), removed)) {
        return std::string(ref);
    }
    std::string out;
    out.reserve(ref.size());
    for (const char c : ref) {
        if (!removed(c)) {
            out.push_back(c);
        }
    }
    return out;
}

std::optional<std::string> url_string(CURLU* handle, unsigned flags) {
    if ((flags & ~static_cast<unsigned>(CURLU_NO_DEFAULT_PORT)) != 0) {
        return curl_writes(handle, flags);
    }
    const Part scheme(handle, CURLUPART_SCHEME);
    // Only the http handler's rules are reproduced (no login options in its URLs, ports 80 and 443).
    if (scheme.text() != "http" && scheme.text() != "https") {
        return curl_writes(handle, flags);
    }
    const Part host(handle, CURLUPART_HOST);
    if (!host.present() || host.text().find('%') != std::string_view::npos ||
        Part(handle, CURLUPART_USER).present() || Part(handle, CURLUPART_PASSWORD).present() ||
        (host.text().starts_with('[') && Part(handle, CURLUPART_ZONEID).present())) {
        return curl_writes(handle, flags);
    }
    // The port as libcurl writes it: absent, or left out when it is the default and flags say so.
    const Part port(handle, CURLUPART_PORT, flags & CURLU_NO_DEFAULT_PORT);
    const Part path(handle, CURLUPART_PATH);
    const Part query(handle, CURLUPART_QUERY);
    const Part fragment(handle, CURLUPART_FRAGMENT);
    if (!path.present()) {
        return curl_writes(handle, flags); // out of memory in libcurl: let it say so
    }
    std::string out;
    out.reserve(scheme.text().size() + 3 + host.text().size() + 1 + port.text().size() + 1 +
                path.text().size() + 1 + query.text().size() + 1 + fragment.text().size());
    out += scheme.text();
    out += "://";
    out += host.text();
    if (port.present()) {
        out += ':';
        out += port.text();
    }
    if (!path.text().starts_with('/')) {
        out += '/';
    }
    out += path.text();
    if (!query.text().empty()) {
        out += '?';
        out += query.text();
    }
    if (fragment.present()) {
        out += '#';
        out += fragment.text();
    }
    return out;
}

} // namespace pantau::extract

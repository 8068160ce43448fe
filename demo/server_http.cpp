#include "demo/server_http.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace pantau::demo::http_detail {

namespace {

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
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

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

struct TypeEntry {
    std::string_view extension;
    std::string_view type;
};

// The formats government sites publish documents in, plus what a page needs to render.
constexpr std::array k_types{
    TypeEntry{".html", "text/html"},
    TypeEntry{".htm", "text/html"},
    TypeEntry{".css", "text/css"},
    TypeEntry{".js", "text/javascript"},
    TypeEntry{".txt", "text/plain"},
    TypeEntry{".csv", "text/csv"},
    TypeEntry{".xml", "application/xml"},
    TypeEntry{".json", "application/json"},
    TypeEntry{".pdf", "application/pdf"},
    TypeEntry{".png", "image/png"},
    TypeEntry{".jpg", "image/jpeg"},
    TypeEntry{".jpeg", "image/jpeg"},
    TypeEntry{".gif", "image/gif"},
    TypeEntry{".svg", "image/svg+xml"},
    TypeEntry{".ico", "image/x-icon"},
    TypeEntry{".webp", "image/webp"},
    TypeEntry{".doc", "application/msword"},
    TypeEntry{".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    TypeEntry{".xls", "application/vnd.ms-excel"},
    TypeEntry{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    TypeEntry{".ppt", "application/vnd.ms-powerpoint"},
    TypeEntry{".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    TypeEntry{".odt", "application/vnd.oasis.opendocument.text"},
    TypeEntry{".ods", "application/vnd.oasis.opendocument.spreadsheet"},
    TypeEntry{".zip", "application/zip"},
    TypeEntry{".gz", "application/gzip"},
    TypeEntry{".rar", "application/vnd.rar"},
};

constexpr std::array<std::string_view, 7> k_days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

} // namespace

std::string normalise_host(std::string_view host_header) {
    std::string_view h = trim(host_header);
    if (!h.empty() && h.front() == '[') {
        auto close = h.find(']');
        h = close == std::string_view::npos ? h : h.substr(0, close + 1);
    } else if (auto colon = h.rfind(':'); colon != std::string_view::npos) {
        h = h.substr(0, colon);
    }
    if (!h.empty() && h.back() == '.') {
        h.remove_suffix(1);
    }
    return to_lower(h);
}

Target split_target(std::string_view target) {
    Target out;
    if (auto scheme = target.find("://"); scheme != std::string_view::npos && target.substr(0, 1) != "/") {
        std::string_view rest = target.substr(scheme + 3);
        auto slash = rest.find_first_of("/?");
        out.authority = std::string(rest.substr(0, slash));
        target = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
    }
    if (auto hash = target.find('#'); hash != std::string_view::npos) {
        target = target.substr(0, hash);
    }
    auto q = target.find('?');
    std::string_view path = target.substr(0, q);
    // Built in one step: GCC 12 warns falsely (-Wrestrict) on assigning a literal over a fresh string.
    out.raw_path = std::string(path.empty() ? std::string_view("/") : path);
    if (q != std::string_view::npos) {
        out.query = std::string(target.substr(q + 1));
    }
    return out;
}

std::optional<std::string> percent_decode(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '%') {
            if (i + 2 >= raw.size()) {
                return std::nullopt;
            }
            int hi = hex_value(raw[i + 1]);
            int lo = hex_value(raw[i + 2]);
            if (hi < 0 || lo < 0) {
                return std::nullopt;
            }
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') {
            return std::nullopt;
        }
        out.push_back(c);
    }
    return out;
}

std::optional<std::filesystem::path> map_under_root(const std::filesystem::path& root,
                                                    std::string_view decoded_path) {
    if (decoded_path.empty() || decoded_path.front() != '/') {
        return std::nullopt;
    }
    std::filesystem::path out = root;
    std::string_view rest = decoded_path;
    while (!rest.empty()) {
        auto slash = rest.find('/');
        std::string_view segment = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (segment.empty() || segment == ".") {
            continue;
        }
        // Any ".." is refused rather than resolved: a client that sends one is probing, not browsing.
        if (segment == "..") {
            return std::nullopt;
        }
        out /= std::string(segment);
    }
    return out;
}

std::string_view content_type_for(const std::filesystem::path& file) {
    std::string ext = to_lower(file.extension().string());
    for (const auto& entry : k_types) {
        if (entry.extension == ext) {
            return entry.type;
        }
    }
    return "application/octet-stream";
}

std::string http_date(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
                       k_days.at(static_cast<std::size_t>(tm.tm_wday)), tm.tm_mday,
                       k_months.at(static_cast<std::size_t>(tm.tm_mon)), tm.tm_year + 1900, tm.tm_hour,
                       tm.tm_min, tm.tm_sec);
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
    // Only IMF-fixdate: it is what every current client (curl included) sends.
    std::string s(trim(text));
    std::tm tm{};
    const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') {
        return std::nullopt;
    }
    return timegm(&tm);
}

std::string make_etag(std::uint64_t size, std::int64_t mtime_ns) {
    return fmt::format("\"{:x}-{:x}\"", size, static_cast<std::uint64_t>(mtime_ns));
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    auto strip_weak = [](std::string_view t) {
        if (t.starts_with("W/")) {
            t.remove_prefix(2);
        }
        return t;
    };
    std::string_view want = strip_weak(etag);
    std::string_view rest = if_none_match;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view item = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (item == "*" || strip_weak(item) == want) {
            return true;
        }
    }
    return false;
}

} // namespace pantau::demo::http_detail

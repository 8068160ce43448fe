// crawler/robots.cpp — see robots.hpp. Section numbers refer to RFC 9309.
#include "crawler/robots.hpp"

#include "crawler/url.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <set>

namespace pantau::crawler {
namespace {

enum class Key { user_agent, allow, disallow, sitemap, crawl_delay, unknown };

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

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

// Record names, lower-cased. Besides the RFC's names: misspellings seen in real files that Google
// also accepts, because ignoring "Dissalow: /admin" would crawl what the webmaster meant to close.
Key classify(std::string_view raw_key) {
    const std::string key = lower_ascii(raw_key);
    if (key == "user-agent" || key == "useragent" || key == "user agent") {
        return Key::user_agent;
    }
    if (key == "allow") {
        return Key::allow;
    }
    if (key == "disallow" || key == "dissallow" || key == "dissalow" || key == "disalow" ||
        key == "diasllow" || key == "disallaw") {
        return Key::disallow;
    }
    if (key == "sitemap" || key == "site-map") {
        return Key::sitemap;
    }
    if (key == "crawl-delay") {
        return Key::crawl_delay;
    }
    return Key::unknown;
}

struct Record {
    Key key = Key::unknown;
    std::string_view value;
};

// Splits "key: value # comment" (2.2). Without a colon, "key value" is accepted for known keys only.
Record split_record(std::string_view line) {
    const std::size_t hash = line.find('#');
    if (hash != std::string_view::npos) {
        line = line.substr(0, hash);
    }
    line = trim(line);
    if (line.empty()) {
        return {};
    }
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
        const Key key = classify(trim(line.substr(0, colon)));
        if (key != Key::unknown) {
            return {key, trim(line.substr(colon + 1))};
        }
    }
    std::size_t gap = 0;
    while (gap < line.size() && !is_space(line[gap])) {
        ++gap;
    }
    if (gap < line.size()) {
        const Key key = classify(line.substr(0, gap));
        if (key != Key::unknown) {
            return {key, trim(line.substr(gap))};
        }
    }
    return {Key::unknown, line};
}

// The product token a user-agent value names (2.2.1): "*" or the leading run of [A-Za-z_-],
// lower-cased; empty when there is none.
std::string agent_token(std::string_view value) {
    if (!value.empty() && value.front() == '*') {
        return "*";
    }
    std::size_t end = 0;
    while (end < value.size() &&
           ((value[end] >= 'a' && value[end] <= 'z') || (value[end] >= 'A' && value[end] <= 'Z') ||
            value[end] == '_' || value[end] == '-')) {
        ++end;
    }
    return lower_ascii(value.substr(0, end));
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

void append_escape(std::string& out, unsigned char c) {
    static constexpr std::array<char, 16> k_hex{'0', '1', '2', '3', '4', '5', '6', '7',
                                                '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
    out.push_back('%');
    out.push_back(k_hex[c >> 4]);
    out.push_back(k_hex[c & 0x0F]);
}

// The two comparison forms (2.2.2). Literal: non-ASCII bytes escaped, escape hex upper-cased.
// Equivalent: additionally escapes of unreserved characters decoded, and a '%' that starts no escape,
// controls and spaces escaped — the form normalize_url() gives paths, so both sides meet.
std::string comparison_form(std::string_view text, RobotsMatching matching) {
    std::string out;
    out.reserve(text.size());
    const bool equivalent = matching == RobotsMatching::equivalent;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '%') {
            const int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
            const int lo = hi >= 0 ? hex_value(text[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                out += equivalent ? "%25" : "%";
                continue;
            }
            const auto decoded = static_cast<unsigned char>(hi * 16 + lo);
            if (equivalent && is_unreserved(decoded)) {
                out.push_back(static_cast<char>(decoded));
            } else {
                append_escape(out, decoded);
            }
            i += 2;
        } else if (c >= 0x80 || (equivalent && c <= 0x20)) {
            append_escape(out, c);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

// True when `pattern` ('*' any run, final '$' end of path) matches a prefix of `path` (2.2.3).
// Literal pieces are found left to right, each at its first occurrence: with '*' as the only
// wildcard that choice never loses a match, and it stays linear in practice on hostile patterns.
bool pattern_matches(std::string_view pattern, std::string_view path) {
    const bool anchored = !pattern.empty() && pattern.back() == '$';
    if (anchored) {
        pattern.remove_suffix(1);
    }
    std::size_t star = pattern.find('*');
    const std::string_view first = pattern.substr(0, star);
    if (!path.starts_with(first)) {
        return false;
    }
    std::size_t pos = first.size();
    if (star == std::string_view::npos) {
        return !anchored || pos == path.size();
    }
    while (true) {
        const std::size_t begin = star + 1;
        star = pattern.find('*', begin);
        const std::string_view piece =
            pattern.substr(begin, star == std::string_view::npos ? star : star - begin);
        if (star == std::string_view::npos && anchored) {
            // The last piece must end the path, after what matched so far.
            return path.size() >= pos + piece.size() && path.ends_with(piece);
        }
        if (!piece.empty()) {
            const std::size_t found = path.find(piece, pos);
            if (found == std::string_view::npos) {
                return false;
            }
            pos = found + piece.size();
        }
        if (star == std::string_view::npos) {
            return true;
        }
    }
}

struct IconvHandle {
    iconv_t handle;
    explicit IconvHandle(const char* from) : handle(iconv_open("UTF-8", from)) {}
    ~IconvHandle() {
        if (valid()) {
            iconv_close(handle);
        }
    }
    IconvHandle(const IconvHandle&) = delete;
    IconvHandle& operator=(const IconvHandle&) = delete;
    bool valid() const { return handle != reinterpret_cast<iconv_t>(-1); }
};

// UTF-16 (BOM already removed) to UTF-8 with glibc's iconv; undecodable units are skipped.
std::string utf16_to_utf8(std::string_view bytes, const char* from) {
    const IconvHandle conv(from);
    if (!conv.valid()) {
        return {};
    }
    // A UTF-16 code unit becomes at most 3 UTF-8 bytes, a surrogate pair (4 bytes) exactly 4.
    std::string out(bytes.size() / 2 * 3 + 4, '\0');
    char* in = const_cast<char*>(bytes.data()); // iconv's signature; the input is not written
    std::size_t in_left = bytes.size();
    char* dest = out.data();
    std::size_t out_left = out.size();
    while (in_left > 0) {
        if (iconv(conv.handle, &in, &in_left, &dest, &out_left) != static_cast<std::size_t>(-1)) {
            break;
        }
        if (errno != EILSEQ || in_left < 2) {
            break; // EINVAL: a truncated unit at the end; E2BIG cannot happen with this buffer
        }
        in += 2;
        in_left -= 2;
    }
    out.resize(out.size() - out_left);
    return out;
}

std::optional<double> parse_delay(std::string_view value) {
    double seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error != std::errc{} || end == value.data() || !std::isfinite(seconds) || seconds < 0) {
        return std::nullopt;
    }
    return seconds;
}

// Decodes the byte-order mark and applies the size limit; returns UTF-8 text.
std::string prepare_body(std::string_view body, RobotsTxt& out) {
    if (body.size() > k_robots_max_bytes) {
        out.truncated = true;
        body = body.substr(0, k_robots_max_bytes);
        // A cut line could turn "Disallow: /private" into "Disallow: /p": parse whole lines only.
        const std::size_t last_break = body.find_last_of("\r\n");
        body = body.substr(0, last_break == std::string_view::npos ? 0 : last_break + 1);
    }
    if (body.starts_with("\xFF\xFE")) {
        out.encoding = RobotsEncoding::utf16le_bom;
        return utf16_to_utf8(body.substr(2), "UTF-16LE");
    }
    if (body.starts_with("\xFE\xFF")) {
        out.encoding = RobotsEncoding::utf16be_bom;
        return utf16_to_utf8(body.substr(2), "UTF-16BE");
    }
    // A UTF-8 BOM, or the start of one (as Google's parser does with a truncated BOM).
    constexpr std::string_view k_bom = "\xEF\xBB\xBF";
    std::size_t skip = 0;
    while (skip < k_bom.size() && skip < body.size() && body[skip] == k_bom[skip]) {
        ++skip;
    }
    if (skip > 0) {
        out.encoding = RobotsEncoding::utf8_bom;
    }
    return std::string(body.substr(skip));
}

} // namespace

RobotsTxt parse_robots(std::string_view body, std::string_view robots_url) {
    RobotsTxt out;
    const std::string text = prepare_body(body, out);
    std::set<std::string> seen_sitemaps;
    // True while the current group is still collecting user-agent lines: only an Allow/Disallow
    // line ends that, so "Crawl-delay" or "Sitemap" between user-agent lines do not split a group.
    bool collecting_agents = false;
    int line_number = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find_first_of("\r\n", pos);
        if (end == std::string::npos) {
            end = text.size();
        }
        ++line_number;
        const Record record = split_record(std::string_view(text).substr(pos, end - pos));
        // CR, LF and CRLF all end a line (2.2).
        pos = end + ((end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n') ? 2 : 1);

        switch (record.key) {
        case Key::user_agent: {
            if (!collecting_agents) {
                out.groups.emplace_back();
                collecting_agents = true;
            }
            std::string token = agent_token(record.value);
            if (!token.empty()) {
                out.groups.back().agents.push_back(std::move(token));
            }
            break;
        }
        case Key::allow:
        case Key::disallow:
            if (out.groups.empty()) {
                ++out.ignored_lines; // rules before any user-agent belong to no group (2.1)
                break;
            }
            collecting_agents = false;
            if (!record.value.empty()) { // an empty path is no rule ("Disallow:" allows all)
                RobotsRule rule;
                rule.allow = record.key == Key::allow;
                rule.pattern = comparison_form(record.value, RobotsMatching::literal);
                rule.equivalent_pattern = comparison_form(record.value, RobotsMatching::equivalent);
                rule.line = line_number;
                out.groups.back().rules.push_back(std::move(rule));
            }
            break;
        case Key::crawl_delay: {
            const auto delay = parse_delay(record.value);
            if (out.groups.empty() || !delay) {
                ++out.ignored_lines;
                break;
            }
            auto& current = out.groups.back().crawl_delay;
            current = std::max(current.value_or(0.0), *delay);
            break;
        }
        case Key::sitemap: {
            // Sitemap lines belong to no group and may appear anywhere (2.2.4).
            const auto resolved = robots_url.empty() ? std::nullopt : resolve_url(robots_url, record.value);
            const auto absolute = resolved ? resolved : resolve_url({}, record.value);
            if (!absolute) {
                ++out.ignored_lines;
                break;
            }
            if (seen_sitemaps.insert(normalize_url(*absolute).value_or(*absolute)).second) {
                out.sitemaps.push_back(*absolute);
            }
            break;
        }
        case Key::unknown:
            if (!record.value.empty()) {
                ++out.ignored_lines; // other records must not affect groups (2.2.4)
            }
            break;
        }
    }
    return out;
}

RobotsAgentRules rules_for_agent(const RobotsTxt& robots, std::string_view product_token) {
    const std::string token = lower_ascii(product_token);
    const auto collect = [&robots](std::string_view name) {
        RobotsAgentRules merged;
        for (const RobotsGroup& group : robots.groups) {
            if (std::find(group.agents.begin(), group.agents.end(), name) == group.agents.end()) {
                continue;
            }
            merged.rules.insert(merged.rules.end(), group.rules.begin(), group.rules.end());
            if (group.crawl_delay) {
                // Several groups for one agent: the slowest requested pace is the polite reading.
                merged.crawl_delay = std::max(merged.crawl_delay.value_or(0.0), *group.crawl_delay);
            }
            merged.specific = true;
        }
        return merged;
    };
    if (!token.empty() && token != "*") {
        RobotsAgentRules specific = collect(token);
        if (specific.specific) {
            return specific;
        }
    }
    RobotsAgentRules fallback = collect("*");
    fallback.specific = false;
    return fallback;
}

const RobotsRule* deciding_rule(const RobotsAgentRules& rules, std::string_view path_and_query,
                                RobotsMatching matching) {
    if (path_and_query.empty()) {
        path_and_query = "/";
    }
    const std::string path = matching == RobotsMatching::equivalent
                                 ? comparison_form(path_and_query, RobotsMatching::equivalent)
                                 : std::string(path_and_query);
    const RobotsRule* best = nullptr;
    std::size_t best_length = 0;
    for (const RobotsRule& rule : rules.rules) {
        const std::string& pattern =
            matching == RobotsMatching::equivalent ? rule.equivalent_pattern : rule.pattern;
        if (!pattern_matches(pattern, path)) {
            continue;
        }
        // Most octets wins; on a tie Allow wins (2.2.2).
        if (best == nullptr || pattern.size() > best_length ||
            (pattern.size() == best_length && rule.allow)) {
            best = &rule;
            best_length = pattern.size();
        }
    }
    return best;
}

bool robots_allows(const RobotsAgentRules& rules, std::string_view path_and_query, RobotsMatching matching) {
    const RobotsRule* rule = deciding_rule(rules, path_and_query, matching);
    return rule == nullptr || rule->allow;
}

std::string robots_txt_url(std::string_view url) {
    const std::string root = url_root(url);
    if (root.empty()) {
        return {};
    }
    return resolve_url(root, "/robots.txt").value_or(std::string{});
}

RobotsPolicy robots_policy(std::optional<int> http_status, std::string_view body, std::string_view robots_url,
                           std::string_view product_token) {
    RobotsPolicy policy;
    policy.http_status = http_status;
    if (!http_status) {
        policy.source = RobotsSource::unreachable;
        policy.reason = "robots.txt could not be fetched (no HTTP response): every URL is treated as "
                        "disallowed (RFC 9309 2.3.1.4)";
        return policy;
    }
    const int status = *http_status;
    const std::string code = std::to_string(status);
    if (status >= 200 && status < 300) {
        const RobotsTxt parsed = parse_robots(body, robots_url);
        policy.source = RobotsSource::parsed;
        policy.rules = rules_for_agent(parsed, product_token);
        policy.sitemaps = parsed.sitemaps;
        policy.truncated = parsed.truncated;
        policy.encoding = parsed.encoding;
        policy.reason = "robots.txt returned HTTP " + code + ": its rules apply";
        return policy;
    }
    if (status == 429) {
        // 429 is a 4xx, which RFC 9309 reads as "no robots.txt, crawl anything"; but the server is
        // asking us to slow down, and crawling a whole site on that answer would be the opposite.
        // Google also treats 429 like a 5xx. Deliberate deviation.
        policy.source = RobotsSource::rate_limited;
        policy.reason = "robots.txt returned HTTP 429 (too many requests): every URL is treated as "
                        "disallowed until it can be fetched";
        return policy;
    }
    if (status >= 300 && status < 500) {
        // 3xx here means the fetcher's redirect limit ran out: "MAY assume unavailable" (2.3.1.2).
        policy.source = RobotsSource::unavailable;
        policy.reason = "robots.txt returned HTTP " + code +
                        ": it is unavailable, so every URL is allowed (RFC 9309 2.3.1.3)";
        return policy;
    }
    policy.source = RobotsSource::server_error;
    policy.reason = "robots.txt returned HTTP " + code +
                    ": the server failed, so every URL is treated as disallowed (RFC 9309 2.3.1.4)";
    return policy;
}

bool is_allowed(const RobotsPolicy& policy, std::string_view url) {
    const std::string path = url_path_and_query(url);
    if (path.empty()) {
        return false;
    }
    switch (policy.source) {
    case RobotsSource::parsed:
        // "The /robots.txt URI is implicitly allowed" (2.2.2) — whatever the rules say.
        return path == "/robots.txt" || robots_allows(policy.rules, path);
    case RobotsSource::unavailable:
        return true;
    case RobotsSource::server_error:
    case RobotsSource::rate_limited:
    case RobotsSource::unreachable:
        return false;
    }
    return false;
}

} // namespace pantau::crawler

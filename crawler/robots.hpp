// crawler/robots.hpp — robots.txt (RFC 9309): parsing, group selection, rule matching, and the policy
// that follows from how /robots.txt could be fetched.
//
// Pure functions over bytes and status codes: no network code, no clock. The crawl loop fetches
// /robots.txt (following redirects itself), hands the outcome to robots_policy(), and asks
// is_allowed() for each URL. Not here: politeness timing (Crawl-delay is only reported), sitemap
// parsing (crawler/sitemap.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pantau::crawler {

// The product token pantau obeys (RFC 9309 2.2.1); groups for it win over "*".
inline constexpr std::string_view k_robots_product_token = "pantau";

// How much of a robots.txt is parsed: RFC 9309 2.5 asks crawlers to parse at least 500 KiB.
inline constexpr std::size_t k_robots_max_bytes = 500 * 1024;

struct RobotsRule {
    bool allow = false;
    // The path pattern as matched: non-ASCII bytes percent-encoded, escape hex upper-cased; '*' and
    // a final '$' are the only special characters (a literal one is written %2A / %24).
    std::string pattern;
    // The same pattern with escapes of unreserved characters decoded and stray '%' escaped, for
    // RobotsMatching::equivalent.
    std::string equivalent_pattern;
    int line = 0; // 1-based line in the file, for evidence
};

struct RobotsGroup {
    std::vector<std::string> agents; // lower-cased product tokens, or "*"
    std::vector<RobotsRule> rules;
    std::optional<double> crawl_delay; // seconds, from a "Crawl-delay" line in this group
};

// What the bytes were: RFC 9309 says UTF-8; Windows editors sometimes save UTF-16 with a BOM.
enum class RobotsEncoding { utf8, utf8_bom, utf16le_bom, utf16be_bom };

struct RobotsTxt {
    std::vector<RobotsGroup> groups;   // in file order, not yet merged
    std::vector<std::string> sitemaps; // absolute URLs, de-duplicated, in file order
    RobotsEncoding encoding = RobotsEncoding::utf8;
    bool truncated = false; // longer than k_robots_max_bytes: only the start was parsed
    int ignored_lines = 0;  // non-blank lines that were no record we know (typos, extensions)
};

// Parses a robots.txt body. `robots_url` (the URL it was fetched from) resolves relative Sitemap
// lines; without it they are dropped. Never fails: garbage yields no groups, which allows all.
//
// Leniencies beyond RFC 9309, chosen to honour what the webmaster meant: a UTF-8 BOM (or a
// truncated one) at the start is skipped; a UTF-16 file with a BOM is transcoded to UTF-8; the
// colon may be replaced by whitespace after a known key; common misspellings of "disallow" and
// "user-agent" count (listed in robots.cpp); a user-agent value counts up to its first character
// that cannot be in a product token ("pantau/1.0" names "pantau").
RobotsTxt parse_robots(std::string_view body, std::string_view robots_url = {});

// The rules that apply to one product token: every group naming it merged (RFC 9309 2.2.1), else
// every "*" group merged, else none (all allowed).
struct RobotsAgentRules {
    std::vector<RobotsRule> rules;
    std::optional<double> crawl_delay; // the largest Crawl-delay among the merged groups
    bool specific = false;             // a group named the token (rather than "*")
};
RobotsAgentRules rules_for_agent(const RobotsTxt& robots, std::string_view product_token);

// How paths are compared with patterns.
enum class RobotsMatching {
    // Percent-escapes of unreserved characters equal the characters (RFC 3986 6.2.2.2; RFC 9309
    // 2.2.2's example table), and non-ASCII bytes in the path are escaped first. pantau crawls with
    // this: its URLs are normalised, so "Disallow: /%7Euser/" must still cover "/~user/".
    equivalent,
    // Escapes compared byte for byte and the path taken as given: what google/robotstxt (and its
    // conformance suite) does.
    literal,
};

// The rule that decides `path_and_query` ("/a/b?c"; empty means "/"): the longest matching pattern,
// Allow winning ties (RFC 9309 2.2.2); nullptr when none matches (allowed).
const RobotsRule* deciding_rule(const RobotsAgentRules& rules, std::string_view path_and_query,
                                RobotsMatching matching = RobotsMatching::equivalent);

// True when the rules let `path_and_query` be fetched. Pure rule matching: the implicit allow of
// "/robots.txt" (RFC 9309 2.2.2) is applied by is_allowed(RobotsPolicy, url), not here.
bool robots_allows(const RobotsAgentRules& rules, std::string_view path_and_query,
                   RobotsMatching matching = RobotsMatching::equivalent);

// The robots.txt URL that governs `url` ("scheme://host[:port]/robots.txt"), or empty.
std::string robots_txt_url(std::string_view url);

// ---- What the fetch of /robots.txt means (RFC 9309 2.3.1) ----

// Why the policy is what it is; stored with the site so an audit can show it.
enum class RobotsSource {
    parsed,       // 2xx: the file's rules apply
    unavailable,  // 4xx, or redirects not resolved to a file: everything allowed (2.3.1.3)
    server_error, // 5xx: everything disallowed until it can be fetched (2.3.1.4)
    rate_limited, // 429: treated like a server error, see robots.cpp
    unreachable,  // DNS, connect, TLS or timeout failure: everything disallowed (2.3.1.4)
};

struct RobotsPolicy {
    RobotsSource source = RobotsSource::unavailable;
    std::optional<int> http_status;
    std::string reason;                // one English sentence for logs and evidence
    RobotsAgentRules rules;            // only meaningful when source == parsed
    std::vector<std::string> sitemaps; // Sitemap lines (parsed only)
    bool truncated = false;
    RobotsEncoding encoding = RobotsEncoding::utf8;
};

// The policy for `product_token` given how /robots.txt was fetched: `http_status` is the final
// status after redirects, or nullopt when no HTTP response came at all. `body` is used for 2xx only.
RobotsPolicy robots_policy(std::optional<int> http_status, std::string_view body, std::string_view robots_url,
                           std::string_view product_token = k_robots_product_token);

// True when the policy lets pantau fetch `url` (an absolute URL; unparseable URLs are refused).
bool is_allowed(const RobotsPolicy& policy, std::string_view url);

} // namespace pantau::crawler

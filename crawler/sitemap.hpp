// crawler/sitemap.hpp — sitemaps (sitemaps.org protocol 0.9): XML urlsets and sitemap indexes (pugixml),
// plain-text sitemaps, gzip (zlib), and the Atom/RSS feeds the protocol also accepts; plus a bounded
// discovery walk over sitemap indexes that fetches through a callback.
//
// No network code: discover_sitemaps() takes the fetch as a function so the crawl loop plugs in its
// fetcher (and its robots/politeness rules) and tests plug in a map. Not here: deciding which of the
// listed URLs are in scope (the frontier does that).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pantau::crawler {

// sitemaps.org: at most 50,000 URLs and 50 MB (uncompressed) per sitemap file.
inline constexpr std::size_t k_sitemap_max_urls = 50'000;
inline constexpr std::size_t k_sitemap_max_bytes = 50 * 1024 * 1024;

enum class SitemapFormat {
    urlset,        // <urlset>: page URLs
    sitemap_index, // <sitemapindex>: child sitemap URLs
    text,          // one URL per line
    atom,          // Atom 1.0 feed: entry links
    rss,           // RSS 2.0 feed: item links
    unknown,       // anything else (an HTML error page, an empty body, broken gzip)
};

struct SitemapEntry {
    std::string url;                    // absolute http(s) URL as listed (not normalised)
    std::optional<std::string> lastmod; // YYYY-MM-DD when the entry has a full, valid date
};

struct Sitemap {
    SitemapFormat format = SitemapFormat::unknown;
    std::vector<SitemapEntry> entries; // pages (urlset, text, feeds) or child sitemaps (index)
    bool gzipped = false;
    bool truncated = false;  // over k_sitemap_max_urls entries or k_sitemap_max_bytes: the rest ignored
    bool xml_error = false;  // malformed XML: entries are what came before the error
    int invalid_entries = 0; // entries that are not http(s) URLs (relative ones without a base, junk lines)
};

// Parses a sitemap body as fetched (gzip is detected by its magic bytes, a UTF-8 BOM is skipped).
// Element names are matched by local name, so a wrong, missing or prefixed namespace is tolerated.
// `sitemap_url` resolves relative <loc> values, which the protocol forbids but sites still write.
Sitemap parse_sitemap(std::string_view body, std::string_view sitemap_url = {});

// A W3C datetime ("2015-05-03", "2015-05-03T18:51:50+01:00") as YYYY-MM-DD — the date as written,
// not moved to UTC; nullopt for partial dates ("2015", "2015-05") and invalid ones.
std::optional<std::string> normalize_lastmod(std::string_view text);

// Where sites without a Sitemap line in robots.txt usually keep one, in the order to try.
inline constexpr std::string_view k_default_sitemap_paths[] = {"/sitemap.xml", "/sitemap_index.xml",
                                                               "/wp-sitemap.xml"};

// The sitemap URLs to try for a site: those from robots.txt first, then the default paths on the
// site's root, without duplicates.
std::vector<std::string> sitemap_candidates(std::string_view site_url,
                                            const std::vector<std::string>& robots_sitemaps);

// Returns the body at `url`, or nullopt when it could not be fetched (any reason).
using SitemapFetch = std::function<std::optional<std::string>(const std::string& url)>;

struct SitemapLimits {
    int max_depth = 2;             // index levels followed below the start URLs
    std::size_t max_sitemaps = 50; // sitemap files fetched in all
    std::size_t max_urls = 50'000; // page URLs collected in all
};

struct SitemapDiscovery {
    std::vector<SitemapEntry> urls;   // page URLs, de-duplicated (by normalised URL), in order found
    std::vector<std::string> fetched; // sitemap URLs that parsed as a sitemap
    std::vector<std::string> failed;  // sitemap URLs that could not be fetched or were no sitemap
    bool limit_hit = false;
    std::string limit_reason; // which limit, for the site's "partial" note
};

// Fetches `start_urls` and, breadth first, the child sitemaps of any index among them, within
// `limits`; collects page URLs. Each sitemap URL is fetched at most once (index loops end).
SitemapDiscovery discover_sitemaps(const std::vector<std::string>& start_urls, const SitemapFetch& fetch,
                                   const SitemapLimits& limits = {});

} // namespace pantau::crawler

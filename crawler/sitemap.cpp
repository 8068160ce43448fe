// crawler/sitemap.cpp — see sitemap.hpp.
#include "crawler/sitemap.hpp"

#include "crawler/url.hpp"

#include <pugixml.hpp>
#include <zlib.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <set>

namespace pantau::crawler {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
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

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) {
            return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        };
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

// Inflates a gzip body, stopping at `limit` bytes (a gzip bomb must not exhaust memory).
// nullopt when the data is not valid gzip; `truncated` is set when the limit cut it.
std::optional<std::string> gunzip(std::string_view data, std::size_t limit, bool& truncated) {
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        return std::nullopt;
    }
    std::string out;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data())); // zlib does not write it
    stream.avail_in = static_cast<uInt>(data.size());
    constexpr std::size_t k_chunk = 64 * 1024;
    int status = Z_OK;
    while (status == Z_OK) {
        const std::size_t used = out.size();
        out.resize(used + k_chunk);
        stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
        stream.avail_out = static_cast<uInt>(k_chunk);
        status = inflate(&stream, Z_NO_FLUSH);
        out.resize(used + (k_chunk - stream.avail_out));
        if (out.size() > limit) {
            out.resize(limit);
            truncated = true;
            break;
        }
        if (status == Z_BUF_ERROR && stream.avail_in == 0) {
            break; // input ended before the gzip trailer: keep what was inflated
        }
    }
    inflateEnd(&stream);
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
        return out.empty() ? std::nullopt : std::optional<std::string>(std::move(out));
    }
    return out;
}

std::string_view local_name(const char* name) {
    std::string_view full(name);
    const std::size_t colon = full.rfind(':');
    return colon == std::string_view::npos ? full : full.substr(colon + 1);
}

pugi::xml_node child_named(pugi::xml_node parent, std::string_view name) {
    for (pugi::xml_node child : parent.children()) {
        if (child.type() == pugi::node_element && local_name(child.name()) == name) {
            return child;
        }
    }
    return {};
}

// The text of an element: its first text/CDATA child, trimmed.
std::string_view element_text(pugi::xml_node node) {
    return trim(node ? node.child_value() : "");
}

class Collector {
public:
    Collector(Sitemap& sitemap, std::string_view base) : m_sitemap(sitemap), m_base(base) {}

    // Adds one listed URL; false once the per-file cap is reached.
    bool add(std::string_view listed, std::optional<std::string> lastmod) {
        if (m_sitemap.entries.size() >= k_sitemap_max_urls) {
            m_sitemap.truncated = true;
            return false;
        }
        const auto url = resolve_url(m_base, listed);
        if (listed.empty() || !url) {
            ++m_sitemap.invalid_entries;
            return true;
        }
        m_sitemap.entries.push_back({*url, std::move(lastmod)});
        return true;
    }

private:
    Sitemap& m_sitemap;
    std::string_view m_base;
};

void parse_text(std::string_view text, Collector& collector) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        if (!line.empty() && !collector.add(line, std::nullopt)) {
            return;
        }
    }
}

// <urlset><url><loc/><lastmod/></url> and <sitemapindex><sitemap><loc/>…; some generators write the URL
// straight into <url>/<sitemap> without <loc>, which is accepted too.
void parse_locs(pugi::xml_node root, std::string_view item_name, Collector& collector) {
    for (pugi::xml_node item : root.children()) {
        if (item.type() != pugi::node_element || local_name(item.name()) != item_name) {
            continue;
        }
        const pugi::xml_node loc = child_named(item, "loc");
        const std::string_view listed = loc ? element_text(loc) : element_text(item);
        if (!collector.add(listed, normalize_lastmod(element_text(child_named(item, "lastmod"))))) {
            return;
        }
    }
}

void parse_atom(pugi::xml_node feed, Collector& collector) {
    for (pugi::xml_node entry : feed.children()) {
        if (entry.type() != pugi::node_element || local_name(entry.name()) != "entry") {
            continue;
        }
        // The entry's own page: its first link with no rel or rel="alternate" (RFC 4287 4.2.7.2).
        std::string_view href;
        for (pugi::xml_node link : entry.children()) {
            if (link.type() != pugi::node_element || local_name(link.name()) != "link") {
                continue;
            }
            const std::string_view rel = trim(link.attribute("rel").value());
            if (rel.empty() || iequals(rel, "alternate")) {
                href = trim(link.attribute("href").value());
                break;
            }
        }
        pugi::xml_node updated = child_named(entry, "updated");
        if (!updated) {
            updated = child_named(entry, "published");
        }
        if (!collector.add(href, normalize_lastmod(element_text(updated)))) {
            return;
        }
    }
}

void parse_rss(pugi::xml_node rss, Collector& collector) {
    const pugi::xml_node channel = child_named(rss, "channel");
    for (pugi::xml_node item : channel.children()) {
        if (item.type() != pugi::node_element || local_name(item.name()) != "item") {
            continue;
        }
        // RSS dates are RFC 822 ("Tue, 10 Jun 2003 04:00:00 GMT"); only W3C dates are read here.
        if (!collector.add(element_text(child_named(item, "link")),
                           normalize_lastmod(element_text(child_named(item, "pubDate"))))) {
            return;
        }
    }
}

void parse_xml(std::string_view text, Sitemap& sitemap, Collector& collector) {
    pugi::xml_document doc;
    // No DTD or entity expansion in pugixml, so entity bombs and external entities are inert.
    const pugi::xml_parse_result result =
        doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto);
    sitemap.xml_error = !result;
    const pugi::xml_node root = doc.document_element();
    if (!root) {
        return;
    }
    const std::string_view name = local_name(root.name());
    if (name == "urlset") {
        sitemap.format = SitemapFormat::urlset;
        parse_locs(root, "url", collector);
    } else if (name == "sitemapindex") {
        sitemap.format = SitemapFormat::sitemap_index;
        parse_locs(root, "sitemap", collector);
    } else if (name == "feed") {
        sitemap.format = SitemapFormat::atom;
        parse_atom(root, collector);
    } else if (name == "rss") {
        sitemap.format = SitemapFormat::rss;
        parse_rss(root, collector);
    }
}

int digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) {
        return -1;
    }
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return -1;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

} // namespace

std::optional<std::string> normalize_lastmod(std::string_view text) {
    text = trim(text);
    // YYYY-MM-DD, then nothing or a time part ("T…", or " …" as some generators write).
    if (text.size() < 10 || text[4] != '-' || text[7] != '-' ||
        (text.size() > 10 && text[10] != 'T' && text[10] != ' ')) {
        return std::nullopt;
    }
    const int year = digits(text, 0, 4);
    const int month = digits(text, 5, 2);
    const int day = digits(text, 8, 2);
    if (year < 0 || month < 0 || day < 0) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return std::string(text.substr(0, 10));
}

Sitemap parse_sitemap(std::string_view body, std::string_view sitemap_url) {
    Sitemap sitemap;
    std::string inflated;
    if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1F &&
        static_cast<unsigned char>(body[1]) == 0x8B) {
        sitemap.gzipped = true;
        auto decoded = gunzip(body, k_sitemap_max_bytes, sitemap.truncated);
        if (!decoded) {
            return sitemap;
        }
        inflated = std::move(*decoded);
        body = inflated;
    } else if (body.size() > k_sitemap_max_bytes) {
        sitemap.truncated = true;
        body = body.substr(0, k_sitemap_max_bytes);
    }
    std::string_view text = body;
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    const std::string_view start = trim(text);
    if (start.empty()) {
        return sitemap;
    }
    Collector collector(sitemap, sitemap_url);
    // XML starts with '<' (possibly after a UTF-16 BOM, which pugixml decodes).
    if (start.front() == '<' || text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
        parse_xml(text, sitemap, collector);
        return sitemap;
    }
    parse_text(text, collector);
    // A text body where nothing was a URL is no sitemap (a plain-text error message, say).
    sitemap.format = sitemap.entries.empty() ? SitemapFormat::unknown : SitemapFormat::text;
    return sitemap;
}

std::vector<std::string> sitemap_candidates(std::string_view site_url,
                                            const std::vector<std::string>& robots_sitemaps) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    const auto add = [&](const std::string& url) {
        if (seen.insert(normalize_url(url).value_or(url)).second) {
            out.push_back(url);
        }
    };
    for (const std::string& url : robots_sitemaps) {
        add(url);
    }
    const std::string root = url_root(site_url);
    if (!root.empty()) {
        for (const std::string_view path : k_default_sitemap_paths) {
            if (const auto url = resolve_url(root, path)) {
                add(*url);
            }
        }
    }
    return out;
}

SitemapDiscovery discover_sitemaps(const std::vector<std::string>& start_urls, const SitemapFetch& fetch,
                                   const SitemapLimits& limits) {
    SitemapDiscovery out;
    struct Pending {
        std::string url;
        int depth = 0;
    };
    std::deque<Pending> queue;
    std::set<std::string> queued;
    std::set<std::string> seen_pages;
    const auto enqueue = [&](const std::string& url, int depth) {
        if (queued.insert(normalize_url(url).value_or(url)).second) {
            queue.push_back({url, depth});
        }
    };
    const auto stop = [&out](std::string reason) {
        if (!out.limit_hit) {
            out.limit_hit = true;
            out.limit_reason = std::move(reason);
        }
    };
    for (const std::string& url : start_urls) {
        enqueue(url, 0);
    }
    while (!queue.empty()) {
        if (out.fetched.size() + out.failed.size() >= limits.max_sitemaps) {
            stop("sitemap limit reached: " + std::to_string(limits.max_sitemaps) + " sitemap files fetched");
            break;
        }
        const Pending next = std::move(queue.front());
        queue.pop_front();
        const auto body = fetch(next.url);
        const Sitemap sitemap = body ? parse_sitemap(*body, next.url) : Sitemap{};
        if (sitemap.format == SitemapFormat::unknown) {
            out.failed.push_back(next.url);
            continue;
        }
        out.fetched.push_back(next.url);
        if (sitemap.truncated) {
            stop("sitemap " + next.url + " is larger than the protocol allows; only its start was read");
        }
        if (sitemap.format == SitemapFormat::sitemap_index) {
            if (next.depth >= limits.max_depth) {
                if (!sitemap.entries.empty()) {
                    stop("sitemap index depth limit reached (" + std::to_string(limits.max_depth) + ") at " +
                         next.url);
                }
                continue;
            }
            for (const SitemapEntry& child : sitemap.entries) {
                enqueue(child.url, next.depth + 1);
            }
            continue;
        }
        for (const SitemapEntry& entry : sitemap.entries) {
            if (out.urls.size() >= limits.max_urls) {
                stop("sitemap URL limit reached: " + std::to_string(limits.max_urls) + " URLs");
                return out;
            }
            if (seen_pages.insert(normalize_url(entry.url).value_or(entry.url)).second) {
                out.urls.push_back(entry);
            }
        }
    }
    return out;
}

} // namespace pantau::crawler

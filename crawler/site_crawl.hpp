// crawler/site_crawl.hpp — the simple per-site fetch loop of the foundation: breadth-first within the
// site's host (and its www. variant), a few transfers at once on one libcurl multi handle, spaced by the
// per-host rate. Every fetched page is extracted once and stored with its links.
//
// The concurrent many-site engine replaces this loop; its options and outcome are kept.
#pragma once

#include "crawler/fetch_result.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct sockaddr;

namespace pantau::crawler {

struct CrawlOptions {
    int max_pages = 200;
    int max_depth = 6;
    double rate = 1.0;   // requests per second to one host (politeness default: 1)
    int connections = 2; // transfers in flight to one host (politeness default: 2)
    std::vector<std::string> resolve; // curl --resolve entries "HOST:PORT:ADDR"
    bool allow_private = false;       // fetch loopback/private/link-local addresses
    long connect_timeout_ms = 10'000;
    long timeout_ms = 30'000;
    long long max_body_bytes = 10LL * 1024 * 1024;
    int max_redirects = 5;
    double site_budget_s = 900; // wall-clock budget for one site
    std::string user_agent;     // default: pantau/<version> (+project URL)
};

struct CrawlOutcome {
    std::string status; // "ok", "partial", "down", "blocked"
    std::string reason; // why partial/down/blocked, in plain words
    std::string final_url;
    int pages_fetched = 0;
    FailureKind home_failure = FailureKind::none;
    int home_status = 0;
};

// Progress: pages fetched so far and URLs still queued.
using ProgressFn = std::function<void(int fetched, int queued)>;

// The user agent pantau identifies as.
std::string default_user_agent();

// Crawls one site into the store (pages, links) for (run_id, site_id) and records its SiteCrawl row.
CrawlOutcome crawl_site(store::Database& db, std::int64_t run_id, std::int64_t site_id, const std::string& start_url,
                        const CrawlOptions& options, const ProgressFn& progress = {});

// True for loopback, private, link-local, multicast, unspecified and other non-public addresses
// (IPv4 and IPv6; IPv4-mapped IPv6 is judged as IPv4).
bool is_non_public_address(const ::sockaddr* addr);

} // namespace pantau::crawler

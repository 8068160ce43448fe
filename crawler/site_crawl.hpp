// crawler/site_crawl.hpp — the crawl entry points: many sites at once (`pantau run` / `crawl`) or one
// (`pantau check`), into the store.
//
// The engine behind them (crawler/engine.cpp) keeps a queue per host, many hosts in flight under a
// global limit, per-host politeness (connections, rate, robots Crawl-delay), robots.txt, sitemaps,
// conditional re-crawls, retries with backoff, an off-site evidence hop, document checks, and a
// frontier in SQLite so a killed run resumes. Every limit that stops a site early marks it "partial"
// with the reason in Bahasa Indonesia. Library code: it never prints; progress goes to a callback.
// Not here: URL rules (crawler/url.hpp), robots parsing (robots.hpp), sitemap parsing (sitemap.hpp).
#pragma once

#include "crawler/fetch_result.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pantau::crawler {

class Loop;
class Fetcher;

struct CrawlOptions {
    // When set, every page response of a site is archived in <warc_dir>/<site id>-<host>.warc.gz.
    std::string warc_dir;
    int max_pages = 200;       // pages per site (the start page, internal pages; off-site pages apart)
    int max_depth = 6;         // link hops from the start page
    double rate = 1.0;         // requests per second to one host (politeness default: 1)
    int connections = 2;       // transfers in flight to one host (politeness default: 2)
    int global_transfers = 64; // transfers in flight in all
    // Sites crawled at the same time (each keeps its frontier sets in memory); the rest wait their turn.
    // Large, because in the politeness-bound regime breadth is the speed.
    int max_active_sites = 2000;
    std::vector<std::string> resolve; // curl --resolve entries "HOST:PORT:ADDR"
    bool allow_private = false;       // fetch loopback/private/link-local addresses
    // Hosts allowed to be on private addresses even without allow_private (test seam: a loopback
    // server's own names); a redirect to any other private address is still refused.
    std::vector<std::string> private_ok_hosts;
    // PEM file of certificate authorities trusted instead of the system's ("" = the system's); for a
    // regency's own CA, or the demo's.
    std::string ca_file;
    long connect_timeout_ms = 10'000;
    long timeout_ms = 30'000;
    long long max_body_bytes = 10LL * 1024 * 1024;
    int max_redirects = 5;
    double site_budget_s = 900; // wall-clock budget for one site
    std::string user_agent;     // default: pantau/<version> (+project URL)

    int max_retries = 2;            // extra tries of a transient failure (timeout, reset, connect, 5xx, 429)
    double backoff_base_s = 2;      // first retry after this, doubling each time
    double retry_after_cap_s = 120; // a Retry-After longer than this is cut to it
    int host_give_up = 6;           // consecutive failed fetches after which a host is given up
    bool robots = true;             // fetch and obey robots.txt
    bool sitemaps = true;           // discover URLs from sitemaps
    int max_sitemaps = 20;          // sitemap files fetched per site
    long long max_sitemap_bytes = 20LL * 1024 * 1024;
    bool offsite_hop = true; // fetch linked *.go.id / Google Drive/Docs pages one hop deep
    int max_offsite = 30;    // off-site pages per site
    bool documents = true;   // check document links (HEAD, or a short GET when HEAD is refused)
    int max_documents = 100; // documents checked per site
    long long document_probe_bytes = 64 * 1024; // body kept of a document GET
    // A PDF whose HEAD says it is at most this large is fetched whole (one more request to the host) to
    // read the CreationDate/ModDate of its metadata for the freshness rules; 0 = never.
    long long pdf_metadata_bytes = 8LL * 1024 * 1024;
    bool conditional = true; // If-None-Match / If-Modified-Since from the previous run
    bool http_probe = true;  // for an https:// site, ask its http:// home whether it redirects (web.https)
    // Parse threads (Gumbo + extraction); 0 = one per core. Parsing is most of a crawl's CPU, so on a
    // machine of its own a large site is fetched as fast as the cores can parse it.
    int workers = 0;
    int write_batch = 200; // rows per SQLite transaction
};

struct CrawlOutcome {
    std::string status; // "ok", "partial", "down", "blocked"
    std::string reason; // why partial/down/blocked, in Bahasa Indonesia
    std::string final_url;
    int pages_fetched = 0;
    FailureKind home_failure = FailureKind::none;
    int home_status = 0;
};

struct SiteJob {
    std::int64_t site_id = 0;
    std::string start_url;
};

// A snapshot for a progress display (the CLI prints it; see format_progress).
struct CrawlProgress {
    int sites_total = 0;
    int sites_done = 0;
    std::int64_t pages = 0;  // page fetches finished (any outcome) in this process
    std::int64_t errors = 0; // of those, failures
    std::int64_t queued = 0; // URLs waiting
    double elapsed_s = 0;
};

// Called on the crawl's thread, at most a few times a second and once at the end.
using ProgressFn = std::function<void(const CrawlProgress&)>;

// One progress line: "12/40 situs, 3.210 halaman, 41,2 halaman/detik, 17 galat, sisa ~05:10".
std::string format_progress(const CrawlProgress& progress);

// Crawls every site of `jobs` into the store for `run_id` and records a SiteCrawl row for each; returns
// the outcomes in the order of `jobs`. A site whose SiteCrawl row for this run is already finished is
// skipped (its stored outcome returned); a site with a stored frontier resumes from it, so running the
// same call again after a crash or kill -9 completes the run without fetching or storing anything twice.
// Throws store::StoreError when the database fails (that ends the run).
std::vector<CrawlOutcome> crawl_sites(store::Database& db, std::int64_t run_id,
                                      const std::vector<SiteJob>& jobs, const CrawlOptions& options,
                                      const ProgressFn& progress = {});

// The same on a given loop and fetcher (tests use a fake clock and canned responses).
std::vector<CrawlOutcome> crawl_sites_with(Loop& loop, Fetcher& fetcher, store::Database& db,
                                           std::int64_t run_id, const std::vector<SiteJob>& jobs,
                                           const CrawlOptions& options, const ProgressFn& progress = {});

// One site (`pantau check`).
CrawlOutcome crawl_site(store::Database& db, std::int64_t run_id, std::int64_t site_id,
                        const std::string& start_url, const CrawlOptions& options,
                        const ProgressFn& progress = {});

// The failure kind an HTTP answer means: 403/429 and bot-challenge pages are "blocked" (a refusal,
// not an outage), other 4xx/5xx their class.
FailureKind classify_response(int status, const std::string& body, const std::string& cf_mitigated);

// How many seconds a Retry-After value asks for (delta-seconds or an HTTP date); nullopt when absent
// or unreadable. `now` is the current time as seconds since the epoch (for the date form).
std::optional<double> parse_retry_after(const std::string& value, std::int64_t now_epoch_s);

} // namespace pantau::crawler

// Crawl benchmarks on a generated corpus served by demo::Server in a child process, hidden ([.bench]):
// run by hand, never in CI, e.g.
//   slowtests_crawler "[.bench]" -s
// (a) one host, no delay, 20,000 pages: pages/s and CPU-ms per page; (b) 500 hosts x 20 pages at
// 2 requests/s per host: wall time against the politeness bound; (c) peak RSS of each.
// Not hidden: the memory of extraction over many pages (`make test-slow`).
#include "bench/crawl_corpus.hpp"
#include "crawler/site_crawl.hpp"
#include "extract/facts_json.hpp"
#include "extract/page.hpp"
#include "store/clock.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <chrono>
#include <cstdlib>

namespace {

using namespace pantau;
namespace fs = std::filesystem;

// PANTAU_BENCH_PAGES overrides the page count of (a) (a smaller run under a heap profiler).
int bench_pages() {
    const char* env = std::getenv("PANTAU_BENCH_PAGES");
    return env != nullptr ? std::atoi(env) : 20000;
}

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

TEST_CASE("bench: one host, no delay, 20000 pages", "[.bench]") {
    const fs::path dir = test::temp_dir("pantau-bench-a");
    const int k_bench_pages = bench_pages();
    const std::string host = "besar.contoh.go.id";
    bench::write_site_tree(dir / "web", host, k_bench_pages, 20, 16 * 1024);
    bench::ServerProcess server(dir / "web", 1);

    store::Database db((dir / "a.db").string());
    const auto run = db.begin_run(store::Run{.kind = "crawl", .started_at = store::iso_utc_now()});
    const auto site = db.upsert_site(store::Site{.name = host, .url = server.url(host)});
    crawler::CrawlOptions o;
    o.resolve = {server.resolve(host)};
    o.allow_private = true;
    o.rate = 0;
    o.connections = 16;
    o.max_pages = k_bench_pages;
    o.max_depth = 10;
    o.workers = 2;
    o.documents = false;
    const double cpu0 = bench::cpu_seconds();
    const double t0 = now_s();
    double next = 0;
    const auto out =
        crawler::crawl_sites(db, run, {{site, server.url(host)}}, o, [&](const crawler::CrawlProgress& p) {
            if (p.elapsed_s >= next) {
                next = p.elapsed_s + 2;
                fmt::print("  {} | RSS {:.0f} MiB\n", crawler::format_progress(p), bench::current_rss_mib());
            }
        });
    const double wall = now_s() - t0;
    const double cpu = bench::cpu_seconds() - cpu0;
    const int pages = out.front().pages_fetched;
    fmt::print(
        "bench (a): {} pages in {:.2f} s = {:.0f} pages/s; CPU {:.2f} s = {:.3f} CPU-ms/page; peak RSS "
        "{:.0f} MiB\n",
        pages, wall, pages / wall, cpu, cpu * 1000 / pages, bench::peak_rss_mib());
    CHECK(pages == k_bench_pages);
}

TEST_CASE("bench: 500 hosts x 20 pages at 2 requests/s per host", "[.bench]") {
    const fs::path dir = test::temp_dir("pantau-bench-b");
    constexpr int k_hosts = 500;
    constexpr int k_pages = 20;
    std::vector<std::string> names;
    for (int h = 0; h < k_hosts; ++h) {
        names.push_back(fmt::format("opd{:03}.contoh.go.id", h));
        bench::write_site_tree(dir / "web", names.back(), k_pages, 4, 16 * 1024);
    }
    bench::ServerProcess server(dir / "web", 1);

    store::Database db((dir / "b.db").string());
    const auto run = db.begin_run(store::Run{.kind = "crawl", .started_at = store::iso_utc_now()});
    crawler::CrawlOptions o;
    o.allow_private = true;
    o.rate = 2;
    o.max_pages = k_pages;
    o.global_transfers = 64;
    o.workers = 2;
    std::vector<crawler::SiteJob> jobs;
    for (const auto& n : names) {
        o.resolve.push_back(server.resolve(n));
        jobs.push_back({db.upsert_site(store::Site{.name = n, .url = server.url(n)}), server.url(n)});
    }
    const double cpu0 = bench::cpu_seconds();
    const double t0 = now_s();
    const auto out = crawler::crawl_sites(db, run, jobs, o);
    const double wall = now_s() - t0;
    const double cpu = bench::cpu_seconds() - cpu0;
    long pages = 0;
    for (const auto& s : out) {
        pages += s.pages_fetched;
    }
    // Each host gets robots.txt, 20 pages and one sitemap probe (/sitemap.xml: its robots.txt names
    // none): 22 requests 0.5 s apart at best.
    const int per_host = 1 + k_pages + 1;
    const double bound = (per_host - 1) / o.rate;
    fmt::print(
        "bench (b): {} hosts, {} pages in {:.2f} s; politeness bound {:.2f} s; ratio {:.3f}; CPU {:.2f} s; "
        "peak RSS {:.0f} MiB\n",
        k_hosts, pages, wall, bound, wall / bound, cpu, bench::peak_rss_mib());
    CHECK(pages == k_hosts * k_pages);
}

TEST_CASE("extract_page keeps no memory from one page to the next", "[slow]") {
    // 8,000 pages of 16 KB with links: what one page allocates is freed before the next, so the
    // resident set after the last round is what it was after the first (the allocator's own slack aside).
    std::string html = "<html><head><title>x</title></head><body>";
    for (int i = 0; i < 20; ++i) {
        html += "<a href=\"/p" + std::to_string(i) + ".html\">Anak</a> ";
    }
    html += "<p>" + std::string(16000, 'a') + "</p></body></html>";
    std::vector<double> rss;
    for (int round = 0; round < 4; ++round) {
        for (int i = 0; i < 2000; ++i) {
            auto facts =
                extract::extract_page(html, "http://a.go.id/p" + std::to_string(i) + ".html", "text/html");
            auto json = extract::facts_to_json(facts);
            REQUIRE(facts.links.size() == 20);
        }
        rss.push_back(bench::current_rss_mib());
        fmt::print("after {} pages: RSS {:.0f} MiB\n", (round + 1) * 2000, rss.back());
    }
    CHECK(rss.back() <= rss.front() + 4.0);
}

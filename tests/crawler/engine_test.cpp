// The crawl logic on a fake clock with canned answers: politeness, robots, limits, retries, de-dup,
// partial marking, documents, sitemaps, the off-site hop and conditional re-crawls. No sockets, no sleeps.
#include "crawler/site_crawl.hpp"
#include "store/clock.hpp"
#include "tests/crawler/fakes.hpp"
#include "tests/support/pdf.hpp"

#include <fmt/core.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <set>

namespace {

using namespace pantau;
using crawler::CrawlOptions;
using crawler::FailureKind;
using test::FakeFetcher;
using test::FakeLoop;
using test::FakeReply;
using test::FakeWeb;
using test::html_links;

struct Rig {
    store::Database db{":memory:"};
    FakeLoop loop;
    FakeWeb web;
    FakeFetcher fetcher{loop, [this](const crawler::FetchRequest& r) { return web(r); }};
    CrawlOptions options;
    std::int64_t run_id = 0;

    Rig() {
        options.max_retries = 0;
        new_run();
    }
    void new_run() {
        store::Run run;
        run.kind = "crawl";
        run.started_at = store::iso_utc_now();
        run.status = "running";
        run_id = db.begin_run(run);
    }
    std::int64_t site(const std::string& url) { return db.upsert_site(store::Site{.name = url, .url = url}); }
    crawler::CrawlOutcome crawl(const std::string& url) {
        const auto id = site(url);
        return crawler::crawl_sites_with(loop, fetcher, db, run_id, {{id, url}}, options).front();
    }
    std::vector<store::Page> pages(const std::string& url) { return db.pages(run_id, site(url)); }
    // Points into `pages`, which must outlive the pointer (a temporary would not: deleted below).
    const store::Page* page(const std::vector<store::Page>&& pages, const std::string& url) = delete;
    const store::Page* page(const std::vector<store::Page>& pages, const std::string& url) {
        for (const auto& p : pages) {
            if (p.url == url) {
                return &p;
            }
        }
        return nullptr;
    }
    // Start times (virtual seconds) of requests to `host`, in order.
    std::vector<double> starts(const std::string& host) const {
        std::vector<double> out;
        for (const auto& l : fetcher.log) {
            if (l.host == host) {
                out.push_back(l.at_s);
            }
        }
        return out;
    }
};

std::vector<std::string> numbered(const std::string& prefix, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(prefix + std::to_string(i));
    }
    return out;
}

double min_gap(const std::vector<double>& t) {
    double gap = 1e9;
    for (std::size_t i = 1; i < t.size(); ++i) {
        gap = std::min(gap, t[i] - t[i - 1]);
    }
    return gap;
}

} // namespace

TEST_CASE("crawler::Engine never starts two requests to one host closer than the rate allows", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links(numbered("/p", 20)));
    for (int i = 0; i < 20; ++i) {
        rig.web.page("http://a.go.id/p" + std::to_string(i), html_links({"/"}));
    }
    rig.options.rate = 1;
    rig.options.sitemaps = false;
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(out.status == "ok");
    CHECK(out.pages_fetched == 21);
    const auto t = rig.starts("a.go.id");
    REQUIRE(t.size() == 22); // robots.txt + 21 pages
    CHECK(min_gap(t) >= 1.0 - 1e-9);
}

TEST_CASE("crawler::Engine sends each hop of a redirect only after the host's delay", "[crawler]") {
    Rig rig;
    // "/" -> "/beranda" -> "/beranda/" -> https: three hops to one host, as a real site's home often does.
    rig.web.reply("http://a.go.id/", FakeReply{.status = 301, .location = "/beranda"});
    rig.web.reply("http://a.go.id/beranda", FakeReply{.status = 302, .location = "/beranda/"});
    rig.web.reply("http://a.go.id/beranda/",
                  FakeReply{.status = 308, .location = "https://a.go.id/beranda/"});
    rig.web.page("https://a.go.id/beranda/", html_links({"/profil"}, "Beranda"));
    rig.web.page("https://a.go.id/profil", "<html><title>Profil</title></html>");
    rig.options.rate = 1;
    rig.options.sitemaps = false;
    rig.options.http_probe = false;
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(out.status == "ok");
    const auto t = rig.starts("a.go.id");
    REQUIRE(t.size() == 6); // robots.txt, the three hops, the final home, /profil
    CHECK(min_gap(t) >= 1.0 - 1e-9);
    const auto pages = rig.pages("http://a.go.id/");
    const auto* home = rig.page(pages, "http://a.go.id/");
    REQUIRE(home != nullptr);
    CHECK(home->final_url == "https://a.go.id/beranda/");
    CHECK(home->title == "Beranda");
    CHECK_THAT(home->fetch_json, Catch::Contains("\"status\":301"));
    CHECK_THAT(home->fetch_json, Catch::Contains("\"status\":308"));
    CHECK(rig.page(pages, "https://a.go.id/profil") != nullptr);
}

TEST_CASE("crawler::Engine does not follow a redirect into a path robots.txt disallows", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/robots.txt", "User-agent: *\nDisallow: /rahasia/\n");
    rig.web.page("http://a.go.id/", html_links({"/pindah", "/profil"}));
    rig.web.reply("http://a.go.id/pindah", FakeReply{.status = 302, .location = "/rahasia/data"});
    rig.web.page("http://a.go.id/rahasia/data", "<html><title>Rahasia</title></html>");
    rig.web.page("http://a.go.id/profil", "<html><title>Profil</title></html>");
    rig.options.sitemaps = false;
    rig.options.http_probe = false;
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(out.status == "ok");
    CHECK(rig.fetcher.count("a.go.id", "/rahasia/data") == 0);
    const auto pages = rig.pages("http://a.go.id/");
    const auto* moved = rig.page(pages, "http://a.go.id/pindah");
    REQUIRE(moved != nullptr);
    CHECK(moved->failure == "robots_disallowed");
    CHECK(rig.page(pages, "http://a.go.id/profil") != nullptr);
}

TEST_CASE("crawler::Engine reads robots.txt of a host first met in a redirect before the hop goes there",
          "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links({"/ppid", "/info"}));
    rig.web.reply("http://a.go.id/ppid",
                  FakeReply{.status = 302, .location = "http://ppid.b.go.id/rahasia/daftar"});
    rig.web.reply("http://a.go.id/info", FakeReply{.status = 302, .location = "http://ppid.b.go.id/info"});
    rig.web.page("http://ppid.b.go.id/robots.txt", "User-agent: *\nDisallow: /rahasia/\n");
    rig.web.page("http://ppid.b.go.id/rahasia/daftar", "<html><title>Rahasia</title></html>");
    rig.web.page("http://ppid.b.go.id/info", "<html><title>Informasi Publik</title></html>");
    rig.options.sitemaps = false;
    rig.options.http_probe = false;
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(out.status == "ok");
    CHECK(rig.fetcher.count("ppid.b.go.id", "/rahasia/daftar") == 0);
    // b's robots.txt is asked once, before anything else there.
    std::vector<std::string> at_b;
    for (const auto& l : rig.fetcher.log) {
        if (l.host == "ppid.b.go.id") {
            at_b.push_back(crawler::url_path_and_query(l.url));
        }
    }
    CHECK(at_b == std::vector<std::string>{"/robots.txt", "/info"});
    const auto pages = rig.pages("http://a.go.id/");
    const auto* refused = rig.page(pages, "http://a.go.id/ppid");
    REQUIRE(refused != nullptr);
    CHECK(refused->failure == "robots_disallowed");
    const auto* moved = rig.page(pages, "http://a.go.id/info");
    REQUIRE(moved != nullptr);
    CHECK(moved->failure.empty());
    CHECK(moved->final_url == "http://ppid.b.go.id/info");
}

TEST_CASE("crawler::Engine does not deadlock when every transfer waits for a robots.txt", "[crawler]") {
    // One transfer slot, taken by a redirect that waits for its target's robots.txt, which needs a slot.
    Rig rig;
    rig.web.page("http://a.go.id/", html_links({"/pindah"}));
    rig.web.reply("http://a.go.id/pindah", FakeReply{.status = 301, .location = "http://b.go.id/tujuan"});
    rig.web.page("http://b.go.id/tujuan", "<html><title>Tujuan</title></html>");
    rig.options.sitemaps = false;
    rig.options.http_probe = false;
    rig.options.global_transfers = 1;
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(out.status == "ok");
    const auto pages = rig.pages("http://a.go.id/");
    const auto* moved = rig.page(pages, "http://a.go.id/pindah");
    REQUIRE(moved != nullptr);
    CHECK(moved->final_url == "http://b.go.id/tujuan");
    CHECK(rig.fetcher.count("b.go.id", "/robots.txt") == 1);
}

TEST_CASE("crawler::Engine counts a redirect that left for another host against that host's connections",
          "[crawler]") {
    // One connection per host. /pindah redirects to a slow page on b.go.id: once the hop goes there,
    // a.go.id's connection is free for its other pages, and b.go.id's is taken.
    Rig rig;
    rig.web.page("http://a.go.id/", html_links({"/pindah", "/profil"}));
    rig.web.reply("http://a.go.id/pindah", FakeReply{.status = 302, .location = "http://b.go.id/lambat"});
    rig.web.reply("http://b.go.id/lambat",
                  FakeReply{.body = "<html><title>Lambat</title></html>", .latency_s = 30});
    rig.web.page("http://a.go.id/profil", "<html><title>Profil</title></html>");
    rig.options.connections = 1;
    rig.options.rate = 100;
    rig.options.sitemaps = false;
    rig.options.http_probe = false;
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(out.status == "ok");
    double lambat_at = -1;
    double profil_at = -1;
    for (const auto& l : rig.fetcher.log) {
        if (l.url == "http://b.go.id/lambat") {
            lambat_at = l.at_s;
        } else if (l.url == "http://a.go.id/profil") {
            profil_at = l.at_s;
        }
    }
    REQUIRE(lambat_at >= 0);
    REQUIRE(profil_at >= 0);
    CHECK(profil_at < lambat_at + 30); // not held until the slow page on the other host has answered
}

TEST_CASE("crawler::Engine keeps at most two transfers in flight per host", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links(numbered("/p", 12)));
    for (int i = 0; i < 12; ++i) {
        rig.web.reply("http://a.go.id/p" + std::to_string(i),
                      FakeReply{.body = "<html></html>", .latency_s = 5});
    }
    rig.options.rate = 100; // the connection cap is what binds here
    rig.crawl("http://a.go.id/");
    CHECK(rig.fetcher.peak_by_host["a.go.id"] == 2);
}

TEST_CASE("crawler::Engine crawls many hosts at once within the global limit", "[crawler]") {
    Rig rig;
    std::vector<crawler::SiteJob> jobs;
    for (int h = 0; h < 40; ++h) {
        const std::string base = "http://s" + std::to_string(h) + ".go.id/";
        rig.web.page(base, html_links({"/a", "/b"}));
        rig.web.reply(base + "a", FakeReply{.body = "<html></html>", .latency_s = 3});
        rig.web.reply(base + "b", FakeReply{.body = "<html></html>", .latency_s = 3});
        jobs.push_back({rig.site(base), base});
    }
    rig.options.global_transfers = 16;
    const auto out = crawler::crawl_sites_with(rig.loop, rig.fetcher, rig.db, rig.run_id, jobs, rig.options);
    CHECK(rig.fetcher.peak_total == 16);
    for (const auto& o : out) {
        CHECK(o.status == "ok");
        CHECK(o.pages_fetched == 3);
    }
    // Breadth: 40 sites x 4 requests at 1/s per host take far less than 160 s of virtual time.
    CHECK(rig.loop.elapsed_s() < 40);
}

TEST_CASE("crawler::Engine asks each host again as soon as its rate allows, many hosts at once",
          "[crawler]") {
    Rig rig;
    std::vector<crawler::SiteJob> jobs;
    for (int h = 0; h < 30; ++h) {
        const std::string base = "http://s" + std::to_string(h) + ".go.id/";
        rig.web.page(base, html_links(numbered("/p", 6)));
        for (int i = 0; i < 6; ++i) {
            rig.web.page(base + "p" + std::to_string(i), html_links({"/"}));
        }
        jobs.push_back({rig.site(base), base});
    }
    rig.options.rate = 2;
    rig.options.sitemaps = false;
    rig.options.global_transfers = 64;
    crawler::crawl_sites_with(rig.loop, rig.fetcher, rig.db, rig.run_id, jobs, rig.options);
    for (int h = 0; h < 30; ++h) {
        const auto t = rig.starts("s" + std::to_string(h) + ".go.id");
        REQUIRE(t.size() == 8); // robots.txt, the home, 6 pages
        // Never closer than 0.5 s, and no later: a host waits for its rate, not for the other hosts.
        CHECK(min_gap(t) >= 0.5 - 1e-9);
        CHECK(t.back() - t.front() <= 7 * 0.5 + 1e-6);
    }
}

TEST_CASE("crawler::Engine guesses only /sitemap.xml when robots.txt names no sitemap", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links({"/a"}));
    rig.web.page("http://a.go.id/a", "<html></html>");
    rig.crawl("http://a.go.id/");
    CHECK(rig.fetcher.count("a.go.id", "/sitemap.xml") == 1);
    CHECK(rig.fetcher.count("a.go.id", "/sitemap_index.xml") == 0);
    CHECK(rig.fetcher.count("a.go.id", "/wp-sitemap.xml") == 0);
}

TEST_CASE("crawler::Engine asks only for the sitemaps robots.txt names", "[crawler]") {
    Rig rig;
    rig.web.reply("http://a.go.id/robots.txt",
                  FakeReply{.body = "User-agent: *\nAllow: /\nSitemap: http://a.go.id/peta.xml\n",
                            .content_type = "text/plain"});
    rig.web.page("http://a.go.id/", html_links({"/a"}));
    rig.web.page("http://a.go.id/a", "<html></html>");
    rig.crawl("http://a.go.id/");
    CHECK(rig.fetcher.count("a.go.id", "/peta.xml") == 1);
    CHECK(rig.fetcher.count("a.go.id", "/sitemap.xml") == 0);
}

TEST_CASE("crawler::Engine stores a content hash that tells changed pages apart", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links({"/a", "/b", "/c"}));
    rig.web.page("http://a.go.id/a", "<html><body>satu</body></html>");
    rig.web.page("http://a.go.id/b", "<html><body>dua</body></html>");
    rig.web.page("http://a.go.id/c", "<html><body>satu</body></html>");
    rig.crawl("http://a.go.id/");
    const auto pages = rig.pages("http://a.go.id/");
    const auto* a = rig.page(pages, "http://a.go.id/a");
    const auto* b = rig.page(pages, "http://a.go.id/b");
    const auto* c = rig.page(pages, "http://a.go.id/c");
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    REQUIRE(c != nullptr);
    CHECK_FALSE(a->content_hash.empty());
    CHECK(a->content_hash != b->content_hash);
    CHECK(a->content_hash == c->content_hash);
}

TEST_CASE("crawler::Engine counts the delay from when a request went out, not when it was handed over",
          "[crawler]") {
    Rig rig;
    // robots.txt waits 0.3 s before it goes out (behind a busy loop, say); the pages go out at once.
    rig.web.reply("http://a.go.id/robots.txt", FakeReply{.body = "User-agent: *\nAllow: /\n",
                                                         .content_type = "text/plain",
                                                         .latency_s = 0.35,
                                                         .send_wait_s = 0.3});
    rig.web.page("http://a.go.id/", html_links({"/a"}));
    rig.web.page("http://a.go.id/a", "<html></html>");
    rig.options.rate = 2;
    rig.options.sitemaps = false;
    rig.crawl("http://a.go.id/");
    const auto t = rig.starts("a.go.id");
    REQUIRE(t.size() == 3); // robots.txt, the home, /a
    // robots.txt reached the server at 0.3 s: the home may follow 0.5 s after that, not after 0.
    CHECK(t[1] >= t[0] + 0.3 + 0.5 - 1e-9);
    CHECK(t[2] - t[1] >= 0.5 - 1e-9);
}

TEST_CASE("crawler::Engine counts the delay from the server's answer, so a stalled server sees no short gap",
          "[crawler]") {
    Rig rig;
    // The home goes out at once, but the server, busy, answers 0.2 s later: it may have read the request
    // only then. The next request waits the delay after the answer.
    rig.web.reply(
        "http://a.go.id/",
        FakeReply{.body = html_links({"/a"}), .latency_s = 0.25, .send_wait_s = 0, .answer_s = 0.2});
    rig.web.page("http://a.go.id/a", "<html></html>");
    rig.options.rate = 2;
    rig.options.sitemaps = false;
    rig.crawl("http://a.go.id/");
    const auto t = rig.starts("a.go.id");
    REQUIRE(t.size() == 3); // robots.txt, the home, /a
    CHECK(t[2] >= t[1] + 0.2 + 0.5 - 1e-9);
    CHECK(t[2] < t[1] + 0.25 + 0.5); // and not from the end of the transfer
}

TEST_CASE("crawler::Engine with two connections to a host waits the delay after an answer that came "
          "before the transfer ended",
          "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links({"/a", "/b"}));
    // /a is answered 0.2 s after it goes out (the server read it late), then its body takes until 0.9 s.
    rig.web.reply("http://a.go.id/a",
                  FakeReply{.body = "<html></html>", .latency_s = 0.9, .send_wait_s = 0, .answer_s = 0.2});
    rig.web.page("http://a.go.id/b", "<html></html>");
    rig.options.rate = 2;
    rig.options.connections = 2;
    rig.options.sitemaps = false;
    rig.crawl("http://a.go.id/");
    const auto t = rig.starts("a.go.id");
    REQUIRE(t.size() == 4);                 // robots.txt, the home, /a, /b
    CHECK(t[3] >= t[2] + 0.2 + 0.5 - 1e-9); // not 0.5 s after /a went out: its server read it at 0.2 s
    CHECK(t[3] < t[2] + 0.9);               // and still on the second connection, before /a's body ended
}

TEST_CASE("crawler::Engine holds one fast site's fetching back while its pages wait for a parser",
          "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links(numbered("/p", 200)));
    for (int i = 0; i < 200; ++i) {
        rig.web.page("http://a.go.id/p" + std::to_string(i), html_links({"/"}));
    }
    rig.options.rate = 100000; // no delay: the network outruns the one parser
    rig.options.connections = 16;
    rig.options.workers = 1;
    rig.options.sitemaps = false;
    rig.options.max_pages = 1000;
    rig.loop.parse_s = 0.01;
    rig.crawl("http://a.go.id/");
    CHECK(rig.pages("http://a.go.id/").size() == 201);
    // Bodies held at once: the host's share (4 per parser) plus what was in flight when it was reached.
    CHECK(rig.loop.peak_offloaded <= 4 + 16);
    CHECK(rig.loop.peak_offloaded >= 4); // and the parser was kept busy
}

TEST_CASE("crawler::Engine obeys a robots.txt Crawl-delay larger than the rate", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/robots.txt", "User-agent: *\nCrawl-delay: 5\nDisallow: /rahasia/\n");
    rig.web.reply("http://a.go.id/robots.txt",
                  FakeReply{.body = "User-agent: *\nCrawl-delay: 5\nDisallow: /rahasia/\n",
                            .content_type = "text/plain"});
    rig.web.page("http://a.go.id/", html_links({"/a", "/b", "/rahasia/x"}));
    rig.web.page("http://a.go.id/a", "<html></html>");
    rig.web.page("http://a.go.id/b", "<html></html>");
    rig.web.page("http://a.go.id/rahasia/x", "<html></html>");
    rig.options.rate = 10;
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(min_gap(rig.starts("a.go.id")) >= 5.0 - 1e-9);
    CHECK(rig.fetcher.count("a.go.id", "/rahasia/x") == 0);
    const auto pages = rig.pages("http://a.go.id/");
    const auto* secret = rig.page(pages, "http://a.go.id/rahasia/x");
    REQUIRE(secret != nullptr);
    CHECK(secret->failure == "robots_disallowed");
    CHECK(secret->http_status == 0);
    CHECK(out.pages_fetched == 4);
}

TEST_CASE("crawler::Engine fetches each normalised URL once", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links({"/berita", "/berita#atas", "http://A.GO.ID:80/berita",
                                                "/berita?utm_source=x", "/./berita", "/profil"}));
    rig.web.page("http://a.go.id/berita", html_links({"/", "/profil", "/berita"}));
    rig.web.page("http://a.go.id/profil", html_links({"/berita"}));
    rig.crawl("http://a.go.id/");
    CHECK(rig.fetcher.count("a.go.id", "/berita") == 1);
    CHECK(rig.fetcher.count("a.go.id", "/") == 1);
    const auto pages = rig.pages("http://a.go.id/");
    CHECK(pages.size() == 3);
}

TEST_CASE("crawler::Engine stops at max_pages and marks the site partial", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links(numbered("/p", 30)));
    for (int i = 0; i < 30; ++i) {
        rig.web.page("http://a.go.id/p" + std::to_string(i), "<html></html>");
    }
    rig.options.max_pages = 10;
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(out.status == "partial");
    CHECK_THAT(out.reason, Catch::Contains("batas 10 halaman"));
    CHECK(rig.pages("http://a.go.id/").size() == 10);
    const auto crawls = rig.db.site_crawls(rig.run_id);
    REQUIRE(crawls.size() == 1);
    CHECK(crawls[0].status == "partial");
}

TEST_CASE("crawler::Engine stops at max_depth and says so", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links({"/1"}));
    rig.web.page("http://a.go.id/1", html_links({"/2"}));
    rig.web.page("http://a.go.id/2", html_links({"/3"}));
    rig.web.page("http://a.go.id/3", html_links({"/4"}));
    rig.options.max_depth = 2;
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(rig.fetcher.count("a.go.id", "/3") == 0);
    CHECK(out.status == "partial");
    CHECK_THAT(out.reason, Catch::Contains("kedalaman"));
}

TEST_CASE("crawler::Engine ends a site at its wall-clock budget", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links(numbered("/p", 100)));
    for (int i = 0; i < 100; ++i) {
        rig.web.page("http://a.go.id/p" + std::to_string(i), "<html></html>");
    }
    rig.options.max_pages = 500;
    rig.options.site_budget_s = 20;
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(out.status == "partial");
    CHECK_THAT(out.reason, Catch::Contains("batas waktu"));
    CHECK(rig.loop.elapsed_s() < 30);
    CHECK(out.pages_fetched < 30);
}

TEST_CASE("crawler::Engine retries a transient failure with exponential backoff", "[crawler]") {
    Rig rig;
    rig.options.max_retries = 3;
    rig.options.backoff_base_s = 2;
    rig.web.page("http://a.go.id/", html_links({"/x"}));
    int tries = 0;
    rig.web.dynamic("http://a.go.id/x", [&](const crawler::FetchRequest&) {
        ++tries;
        return tries < 3 ? FakeReply{.status = 502, .body = "bad gateway"}
                         : FakeReply{.body = "<html>ok</html>"};
    });
    rig.crawl("http://a.go.id/");
    CHECK(tries == 3);
    std::vector<double> t;
    for (const auto& l : rig.fetcher.log) {
        if (l.url == "http://a.go.id/x") {
            t.push_back(l.at_s);
        }
    }
    REQUIRE(t.size() == 3);
    CHECK(t[1] - t[0] >= 2.0);
    CHECK(t[2] - t[1] >= 4.0);
    const auto pages = rig.pages("http://a.go.id/");
    const auto* x = rig.page(pages, "http://a.go.id/x");
    REQUIRE(x != nullptr);
    CHECK(x->failure == "");
    CHECK(x->http_status == 200);
}

TEST_CASE("crawler::Engine does not retry a permanent failure", "[crawler]") {
    Rig rig;
    rig.options.max_retries = 3;
    rig.web.page("http://a.go.id/", html_links({"/hilang"}));
    rig.crawl("http://a.go.id/");
    CHECK(rig.fetcher.count("a.go.id", "/hilang") == 1);
    const auto pages = rig.pages("http://a.go.id/");
    const auto* p = rig.page(pages, "http://a.go.id/hilang");
    REQUIRE(p != nullptr);
    CHECK(p->failure == "http_4xx");
}

TEST_CASE("crawler::Engine honours Retry-After on 429 for the whole host, up to the cap", "[crawler]") {
    Rig rig;
    rig.options.max_retries = 2;
    rig.options.retry_after_cap_s = 60;
    rig.web.page("http://a.go.id/", html_links({"/x", "/y"}));
    rig.web.page("http://a.go.id/y", "<html></html>");
    int tries = 0;
    rig.web.dynamic("http://a.go.id/x", [&](const crawler::FetchRequest&) {
        ++tries;
        return tries == 1 ? FakeReply{.status = 429, .body = "slow down", .retry_after = "30"}
                          : FakeReply{.body = "<html></html>"};
    });
    rig.crawl("http://a.go.id/");
    double first = -1;
    double after = 1e9;
    for (const auto& l : rig.fetcher.log) {
        if (l.url == "http://a.go.id/x" && first < 0) {
            first = l.at_s;
        } else if (first >= 0 && l.at_s > first) {
            after = std::min(after, l.at_s);
        }
    }
    REQUIRE(first >= 0);
    CHECK(after - first >= 30.0); // nothing on this host until Retry-After has passed
    CHECK(tries == 2);

    Rig capped;
    capped.options.max_retries = 1;
    capped.options.retry_after_cap_s = 60;
    capped.web.page("http://a.go.id/", html_links({"/x"}));
    capped.web.reply("http://a.go.id/x", FakeReply{.status = 503, .body = "later", .retry_after = "86400"});
    const auto out = capped.crawl("http://a.go.id/");
    CHECK(capped.loop.elapsed_s() < 120); // a day-long Retry-After is cut to the cap
    const auto pages = capped.pages("http://a.go.id/");
    const auto* x = capped.page(pages, "http://a.go.id/x");
    REQUIRE(x != nullptr);
    CHECK(x->failure == "http_5xx");
    CHECK(out.pages_fetched == 2);
}

TEST_CASE("crawler::Engine gives up a host that keeps failing instead of looping", "[crawler]") {
    Rig rig;
    rig.options.max_retries = 2;
    rig.options.host_give_up = 4;
    rig.web.page("http://a.go.id/", html_links(numbered("/p", 50)));
    for (int i = 0; i < 50; ++i) {
        rig.web.reply("http://a.go.id/p" + std::to_string(i), FakeReply{.failure = FailureKind::timeout});
    }
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(rig.fetcher.log.size() < 12);
    CHECK(out.status == "partial");
    CHECK_THAT(out.reason, Catch::Contains("a.go.id"));
    CHECK_THAT(out.reason, Catch::Contains("kegagalan"));
}

TEST_CASE("crawler::Engine records a site whose home fails as down or blocked", "[crawler]") {
    SECTION("dns") {
        Rig rig;
        rig.web.reply("http://a.go.id/robots.txt", FakeReply{.failure = FailureKind::dns});
        rig.web.reply("http://a.go.id/", FakeReply{.failure = FailureKind::dns});
        const auto out = rig.crawl("http://a.go.id/");
        CHECK(out.status == "down");
        CHECK(out.home_failure == FailureKind::dns);
        const auto pages = rig.pages("http://a.go.id/");
        REQUIRE(pages.size() == 1);
        CHECK(pages[0].failure == "dns");
    }
    SECTION("403") {
        Rig rig;
        rig.web.reply("http://a.go.id/", FakeReply{.status = 403, .body = "Forbidden"});
        const auto out = rig.crawl("http://a.go.id/");
        CHECK(out.status == "blocked");
        CHECK(out.home_failure == FailureKind::blocked);
    }
    SECTION("challenge page") {
        Rig rig;
        rig.web.reply("http://a.go.id/",
                      FakeReply{.status = 503,
                                .body = "<html><title>Just a moment...</title><script "
                                        "src=\"/cdn-cgi/challenge-platform/x.js\"></script></html>"});
        const auto out = rig.crawl("http://a.go.id/");
        CHECK(out.status == "blocked");
    }
}

TEST_CASE("crawler::Engine fetches *.go.id and Google Drive links one hop deep as off-site evidence",
          "[crawler]") {
    Rig rig;
    rig.web.page("http://dinas.kab.go.id/",
                 html_links({"https://ppid.kab.go.id/dip", "https://drive.google.com/file/d/1/view",
                             "https://www.example.com/", "/profil"}));
    rig.web.page("http://dinas.kab.go.id/profil", "<html></html>");
    rig.web.page("https://ppid.kab.go.id/dip", html_links({"/lain", "https://ppid.kab.go.id/lagi"}, "DIP"));
    rig.web.page("https://drive.google.com/file/d/1/view", "<html><title>Laporan</title></html>");
    const auto out = rig.crawl("http://dinas.kab.go.id/");
    CHECK(out.pages_fetched == 2); // off-site pages are evidence, not the site's own pages
    const auto pages = rig.pages("http://dinas.kab.go.id/");
    const auto* dip = rig.page(pages, "https://ppid.kab.go.id/dip");
    REQUIRE(dip != nullptr);
    CHECK(dip->offsite);
    CHECK(dip->title == "DIP");
    CHECK(rig.page(pages, "https://drive.google.com/file/d/1/view") != nullptr);
    CHECK(rig.fetcher.count("ppid.kab.go.id", "/lain") == 0); // one hop only
    CHECK(rig.fetcher.count("www.example.com", "/") == 0);
}

TEST_CASE("crawler::Engine checks document links with HEAD and falls back to a short GET", "[crawler]") {
    Rig rig;
    rig.options.pdf_metadata_bytes = 0; // the whole-PDF GET for metadata has its own tests below
    rig.web.page("http://a.go.id/",
                 "<html><body><a href=\"/dok/lkip.pdf\">LKIP</a> <a href=\"/dok/renstra.pdf\">R</a>"
                 " <a href=\"/dok/hilang.pdf\">H</a></body></html>");
    rig.web.reply("http://a.go.id/dok/lkip.pdf",
                  FakeReply{.body = std::string(500000, 'x'), .content_type = "application/pdf"});
    rig.web.dynamic("http://a.go.id/dok/renstra.pdf", [](const crawler::FetchRequest& r) {
        return r.head ? FakeReply{.status = 405, .body = ""}
                      : FakeReply{.body = std::string(300000, 'y'), .content_type = "application/pdf"};
    });
    rig.crawl("http://a.go.id/");
    const auto docs = rig.db.documents(rig.run_id, rig.site("http://a.go.id/"));
    std::map<std::string, store::Document> by_url;
    for (const auto& d : docs) {
        by_url[d.url] = d;
    }
    REQUIRE(by_url.size() == 3);
    CHECK(by_url["http://a.go.id/dok/lkip.pdf"].http_status == 200);
    CHECK(by_url["http://a.go.id/dok/lkip.pdf"].content_type == "application/pdf");
    CHECK(by_url["http://a.go.id/dok/lkip.pdf"].bytes == 500000);
    CHECK(by_url["http://a.go.id/dok/renstra.pdf"].http_status == 200);
    CHECK(by_url["http://a.go.id/dok/renstra.pdf"].failure == "");
    CHECK(by_url["http://a.go.id/dok/hilang.pdf"].http_status == 404);
    CHECK(by_url["http://a.go.id/dok/hilang.pdf"].failure == "http_4xx");
    // The GET fallback kept only a small start of the body.
    bool got_full_get = false;
    for (const auto& l : rig.fetcher.log) {
        got_full_get = got_full_get || (l.url == "http://a.go.id/dok/lkip.pdf" && !l.head);
    }
    CHECK_FALSE(got_full_get);
}

TEST_CASE("crawler::Engine fetches a PDF under the cap whole and stores the dates of its metadata",
          "[crawler]") {
    Rig rig;
    rig.options.pdf_metadata_bytes = 100'000;
    const std::string pdf =
        test::minimal_pdf("/CreationDate (D:20241220101500+07'00') /ModDate (D:20250310093000+07'00')");
    rig.web.reply("http://a.go.id/dok/lra.pdf", FakeReply{.body = pdf, .content_type = "application/pdf"});
    // Over the cap: the GET is cut off after its headers. Its row still records the document.
    rig.web.reply("http://a.go.id/dok/besar.pdf",
                  FakeReply{.body = pdf + std::string(200'000, ' '), .content_type = "application/pdf"});
    // The server fails the GET: the document is broken, as a reader would find it.
    rig.web.dynamic("http://a.go.id/dok/rusak.pdf", [&](const crawler::FetchRequest& r) {
        return r.head ? FakeReply{.body = pdf, .content_type = "application/octet-stream"}
                      : FakeReply{.status = 500, .body = ""};
    });
    // Not a PDF by name: a HEAD first, as for any document.
    rig.web.reply("http://a.go.id/dok/data.xlsx",
                  FakeReply{.body = "PK...", .content_type = "application/vnd.ms-excel"});
    rig.web.page("http://a.go.id/", "<html><body><a href=\"/dok/lra.pdf\">LRA</a>"
                                    " <a href=\"/dok/besar.pdf\">B</a> <a href=\"/dok/rusak.pdf\">R</a>"
                                    " <a href=\"/dok/data.xlsx\">D</a></body></html>");
    rig.crawl("http://a.go.id/");
    std::map<std::string, store::Document> by_url;
    for (const auto& d : rig.db.documents(rig.run_id, rig.site("http://a.go.id/"))) {
        by_url[d.url] = d;
    }
    REQUIRE(by_url.size() == 4);
    const auto& lra = by_url["http://a.go.id/dok/lra.pdf"];
    CHECK(lra.http_status == 200);
    CHECK(lra.failure == "");
    CHECK_THAT(lra.meta_json, Catch::Contains("\"pdf_modified\":\"2025-03-10\""));
    CHECK_THAT(lra.meta_json, Catch::Contains("\"pdf_created\":\"2024-12-20\""));
    const auto& besar = by_url["http://a.go.id/dok/besar.pdf"];
    CHECK(besar.http_status == 200);
    CHECK(besar.failure == "");
    CHECK(besar.content_type == "application/pdf");
    CHECK_THAT(besar.meta_json, !Catch::Contains("pdf_modified"));
    const auto& rusak = by_url["http://a.go.id/dok/rusak.pdf"];
    CHECK(rusak.http_status == 500);
    CHECK(rusak.failure == "http_5xx");
    CHECK(by_url["http://a.go.id/dok/data.xlsx"].http_status == 200);
    std::map<std::string, int> gets;
    std::map<std::string, int> heads;
    for (const auto& l : rig.fetcher.log) {
        gets[l.url] += l.head ? 0 : 1;
        heads[l.url] += l.head ? 1 : 0;
    }
    // A PDF by name: one GET, no HEAD; the cut-off one too.
    CHECK(gets["http://a.go.id/dok/lra.pdf"] == 1);
    CHECK(heads["http://a.go.id/dok/lra.pdf"] == 0);
    CHECK(gets["http://a.go.id/dok/besar.pdf"] == 1);
    CHECK(heads["http://a.go.id/dok/besar.pdf"] == 0);
    CHECK(heads["http://a.go.id/dok/data.xlsx"] == 1);
    CHECK(gets["http://a.go.id/dok/data.xlsx"] == 0);
    // The GET waited its turn: no two requests to the host closer than the rate allows.
    CHECK(min_gap(rig.starts("a.go.id")) >= 0.999);
}

TEST_CASE("crawler::Engine reads no PDF when pdf_metadata_bytes is 0", "[crawler]") {
    Rig rig;
    rig.options.pdf_metadata_bytes = 0;
    rig.web.page("http://a.go.id/", "<html><body><a href=\"/dok/lra.pdf\">LRA</a></body></html>");
    rig.web.reply("http://a.go.id/dok/lra.pdf",
                  FakeReply{.body = test::minimal_pdf("/ModDate (D:20250310093000+07'00')"),
                            .content_type = "application/pdf"});
    rig.crawl("http://a.go.id/");
    const auto docs = rig.db.documents(rig.run_id, rig.site("http://a.go.id/"));
    REQUIRE(docs.size() == 1);
    CHECK_THAT(docs[0].meta_json, !Catch::Contains("pdf_modified"));
    for (const auto& l : rig.fetcher.log) {
        CHECK((l.url != "http://a.go.id/dok/lra.pdf" || l.head));
    }
}

TEST_CASE("crawler::Engine discovers pages from the sitemap and keeps their lastmod", "[crawler]") {
    Rig rig;
    rig.web.reply("http://a.go.id/robots.txt",
                  FakeReply{.body = "User-agent: *\nAllow: /\nSitemap: http://a.go.id/peta.xml\n",
                            .content_type = "text/plain"});
    rig.web.page("http://a.go.id/", html_links({"/terlihat"}));
    rig.web.page("http://a.go.id/terlihat", "<html></html>");
    rig.web.reply(
        "http://a.go.id/peta.xml",
        FakeReply{.body =
                      "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                      "<url><loc>http://a.go.id/tersembunyi</loc><lastmod>2024-03-05</lastmod></url>"
                      "<url><loc>http://a.go.id/terlihat</loc><lastmod>2024-01-02</lastmod></url>"
                      "<url><loc>http://lain.go.id/x</loc></url></urlset>",
                  .content_type = "application/xml"});
    rig.web.page("http://a.go.id/tersembunyi", "<html></html>");
    rig.crawl("http://a.go.id/");
    const auto pages = rig.pages("http://a.go.id/");
    const auto* hidden = rig.page(pages, "http://a.go.id/tersembunyi");
    REQUIRE(hidden != nullptr);
    CHECK(hidden->sitemap_lastmod == "2024-03-05");
    const auto* seen = rig.page(pages, "http://a.go.id/terlihat");
    REQUIRE(seen != nullptr);
    CHECK(rig.fetcher.count("lain.go.id", "/x") == 0);
}

TEST_CASE("crawler::Engine re-crawls with If-None-Match and reuses a 304 page's stored facts", "[crawler]") {
    Rig rig;
    rig.web.reply("http://a.go.id/", FakeReply{.body = html_links({"/sub"}, "Beranda"), .etag = "\"v1\""});
    rig.web.page("http://a.go.id/sub", "<html><title>Sub</title></html>");
    rig.crawl("http://a.go.id/");
    const auto first = rig.pages("http://a.go.id/");
    REQUIRE(first.size() == 2);

    rig.new_run();
    rig.web.dynamic("http://a.go.id/", [](const crawler::FetchRequest& r) {
        return r.if_none_match == "\"v1\"" ? FakeReply{.status = 304, .body = ""}
                                           : FakeReply{.body = "<html><title>Berubah</title></html>"};
    });
    rig.crawl("http://a.go.id/");
    const auto second = rig.pages("http://a.go.id/");
    const auto* home = rig.page(second, "http://a.go.id/");
    REQUIRE(home != nullptr);
    CHECK(home->title == "Beranda"); // the stored facts, not a re-parse of an empty body
    CHECK(home->http_status == 200);
    CHECK_THAT(home->fetch_json, Catch::Contains("\"revalidated\":true"));
    CHECK(rig.page(second, "http://a.go.id/sub") != nullptr); // links of the 304 page still followed
    CHECK(rig.db.links_from(home->id).size() == 1);
}

TEST_CASE("crawler::Engine re-checks an unchanged PDF with If-None-Match and keeps the dates it read",
          "[crawler]") {
    Rig rig;
    rig.options.pdf_metadata_bytes = 100'000;
    rig.web.page("http://a.go.id/", "<html><body><a href=\"/dok/lra.pdf\">LRA</a></body></html>");
    const std::string pdf = test::minimal_pdf("/ModDate (D:20250310093000+07'00')");
    rig.web.dynamic("http://a.go.id/dok/lra.pdf", [&](const crawler::FetchRequest& r) {
        return r.if_none_match == "\"pdf1\""
                   ? FakeReply{.status = 304, .body = ""}
                   : FakeReply{.body = pdf, .content_type = "application/pdf", .etag = "\"pdf1\""};
    });
    rig.crawl("http://a.go.id/");
    const auto site = rig.site("http://a.go.id/");
    REQUIRE(rig.db.documents(rig.run_id, site).size() == 1);

    rig.new_run();
    rig.crawl("http://a.go.id/");
    const auto docs = rig.db.documents(rig.run_id, site);
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].http_status == 200);
    CHECK(docs[0].failure == "");
    CHECK(docs[0].content_type == "application/pdf");
    CHECK_THAT(docs[0].meta_json, Catch::Contains("\"pdf_modified\":\"2025-03-10\""));
    int conditional = 0;
    for (const auto& l : rig.fetcher.log) {
        conditional += l.url == "http://a.go.id/dok/lra.pdf" && l.if_none_match == "\"pdf1\"" ? 1 : 0;
    }
    CHECK(conditional == 1);
}

TEST_CASE("crawler::Engine resumes a run from its stored frontier without refetching", "[crawler]") {
    Rig rig;
    rig.web.page("http://a.go.id/", html_links(numbered("/p", 6)));
    for (int i = 0; i < 6; ++i) {
        rig.web.page("http://a.go.id/p" + std::to_string(i), "<html></html>");
    }
    // A crashed first attempt left the home stored and its links accepted, two of them fetched.
    const auto site_id = rig.site("http://a.go.id/");
    auto add = [&](const std::string& url, int depth, bool done) {
        rig.db.add_frontier(store::FrontierEntry{.run_id = rig.run_id,
                                                 .site_id = site_id,
                                                 .url = url,
                                                 .kind = "page",
                                                 .depth = depth,
                                                 .done = done});
        if (done) {
            rig.db.add_page(store::Page{.run_id = rig.run_id,
                                        .site_id = site_id,
                                        .url = url,
                                        .final_url = url,
                                        .http_status = 200,
                                        .depth = depth});
        }
    };
    add("http://a.go.id/", 0, true);
    for (int i = 0; i < 6; ++i) {
        add("http://a.go.id/p" + std::to_string(i), 1, i < 2);
    }
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(out.status == "ok");
    CHECK(out.pages_fetched == 7);
    CHECK(rig.fetcher.count("a.go.id", "/") == 0);
    CHECK(rig.fetcher.count("a.go.id", "/p0") == 0);
    CHECK(rig.fetcher.count("a.go.id", "/p5") == 1);
    CHECK(rig.pages("http://a.go.id/").size() == 7);

    // Again: the finished site is not crawled a second time.
    const auto before = rig.fetcher.log.size();
    const auto again = rig.crawl("http://a.go.id/");
    CHECK(rig.fetcher.log.size() == before);
    CHECK(again.status == "ok");
}

TEST_CASE("crawler::format_progress reads as one line with rate and ETA", "[crawler]") {
    crawler::CrawlProgress p{
        .sites_total = 10, .sites_done = 5, .pages = 200, .errors = 3, .queued = 7, .elapsed_s = 100};
    const std::string line = crawler::format_progress(p);
    CHECK_THAT(line, Catch::Contains("5/10 situs"));
    CHECK_THAT(line, Catch::Contains("2.0 halaman/detik"));
    CHECK_THAT(line, Catch::Contains("00:01:40"));
}

TEST_CASE("crawler::parse_retry_after reads seconds and HTTP dates", "[crawler]") {
    CHECK(crawler::parse_retry_after("120", 0) == 120.0);
    CHECK(crawler::parse_retry_after("Thu, 01 Jan 1970 00:01:00 GMT", 0) == 60.0);
    CHECK_FALSE(crawler::parse_retry_after("soon", 0).has_value());
    CHECK_FALSE(crawler::parse_retry_after("", 0).has_value());
}

TEST_CASE("crawler::Engine retries robots.txt before the first page and then goes on", "[crawler]") {
    Rig rig;
    rig.options.max_retries = 2;
    int tries = 0;
    rig.web.dynamic("http://a.go.id/robots.txt", [&](const crawler::FetchRequest&) {
        ++tries;
        return tries == 1 ? FakeReply{.failure = FailureKind::timeout} : FakeReply{.status = 404, .body = ""};
    });
    rig.web.page("http://a.go.id/", html_links({"/a"}));
    rig.web.page("http://a.go.id/a", "<html></html>");
    const auto out = rig.crawl("http://a.go.id/");
    CHECK(tries == 2);
    CHECK(out.status == "ok");
    CHECK(out.pages_fetched == 2);
    REQUIRE(rig.fetcher.log.size() >= 3);
    CHECK(rig.fetcher.log[0].url == "http://a.go.id/robots.txt");
    CHECK(rig.fetcher.log[1].url == "http://a.go.id/robots.txt"); // nothing else before robots answered
}

namespace {

// A calendar that never ends: every month links the next month and the next page of itself
// (/agenda/2026/12/ -> /agenda/2027/01/ and /agenda/2026/12/?page=2 -> ?page=3 ...).
FakeReply endless_calendar(const crawler::FetchRequest& request) {
    const std::string path = crawler::url_path_and_query(request.url);
    if (path == "/") {
        return FakeReply{.body = html_links({"/agenda/2026/12/"}, "Beranda")};
    }
    int year = 0;
    int month = 0;
    int page = 1;
    if (std::sscanf(path.c_str(), "/agenda/%d/%d/?page=%d", &year, &month, &page) < 2) {
        return FakeReply{.status = 404, .body = "<html><body>not found</body></html>"};
    }
    const int next_year = month == 12 ? year + 1 : year;
    const int next_month = month == 12 ? 1 : month + 1;
    const std::string here = fmt::format("/agenda/{}/{:02}/", year, month);
    return FakeReply{.body = html_links({fmt::format("/agenda/{}/{:02}/", next_year, next_month),
                                         here + "?page=" + std::to_string(page + 1)},
                                        "Agenda")};
}

} // namespace

TEST_CASE("crawler::Engine stops an endless calendar at the trap cap and marks the site partial",
          "[crawler]") {
    Rig rig;
    FakeFetcher fetcher{rig.loop, endless_calendar};
    rig.options.max_pages = 5000;
    rig.options.max_depth = 5000;
    rig.options.rate = 100;
    rig.options.site_budget_s = 1e6;
    const auto site_id = rig.site("http://kalender.go.id/");
    const auto out = crawler::crawl_sites_with(rig.loop, fetcher, rig.db, rig.run_id,
                                               {{site_id, "http://kalender.go.id/"}}, rig.options)
                         .front();
    CHECK(out.status == "partial");
    CHECK_THAT(out.reason, Catch::Contains("perangkap perayap"));
    CHECK_THAT(out.reason, Catch::Contains("pola path bernomor"));
    CHECK_THAT(out.reason, Catch::Contains("http://kalender.go.id/agenda/"));
    CHECK_THAT(out.reason, !Catch::Contains("batas 5000 halaman"));
    // The default cap is 500 URLs per numbered shape (counted past depth 6): the crawl ends there, far
    // below max_pages.
    CHECK(out.pages_fetched > 100);
    CHECK(out.pages_fetched <= 600);
    CHECK(rig.db.pages(rig.run_id, site_id).size() == static_cast<std::size_t>(out.pages_fetched));
}

TEST_CASE("crawler::Engine leaves an ordinary numbered site alone under the trap guard", "[crawler]") {
    Rig rig;
    std::vector<std::string> links;
    for (int i = 1; i <= 30; ++i) {
        links.push_back("/berita/" + std::to_string(i) + "/");
        rig.web.page("http://biasa.go.id/berita/" + std::to_string(i) + "/",
                     html_links({"/", "/berita/?page=" + std::to_string(i % 3 + 1)}));
    }
    for (int p = 1; p <= 3; ++p) {
        rig.web.page("http://biasa.go.id/berita/?page=" + std::to_string(p), html_links({"/berita/1/"}));
    }
    rig.web.page("http://biasa.go.id/", html_links(links));
    rig.options.rate = 100;
    const auto out = rig.crawl("http://biasa.go.id/");
    CHECK(out.status == "ok");
    CHECK(out.reason.empty());
    CHECK(out.pages_fetched == 34); // home, 30 articles, 3 list pages
}

TEST_CASE("crawler::Engine keeps a trapped site partial when it resumes from its stored frontier",
          "[crawler]") {
    Rig rig;
    FakeFetcher fetcher{rig.loop, endless_calendar};
    rig.options.max_pages = 5000;
    rig.options.max_depth = 5000;
    rig.options.rate = 100;
    rig.options.site_budget_s = 1e6;
    const std::string url = "http://kalender.go.id/";
    const auto site_id = rig.site(url);
    const auto first =
        crawler::crawl_sites_with(rig.loop, fetcher, rig.db, rig.run_id, {{site_id, url}}, rig.options)
            .front();
    REQUIRE(first.status == "partial");

    // A second run killed just before it recorded the site: its frontier and pages are all there, every
    // page done, but no outcome. Resuming must fetch nothing and come to the same verdict.
    const std::int64_t first_run = rig.run_id;
    rig.new_run();
    for (auto e : rig.db.frontier(first_run, site_id)) {
        e.run_id = rig.run_id;
        rig.db.add_frontier(e);
    }
    for (auto p : rig.db.pages(first_run, site_id)) {
        p.id = 0;
        p.run_id = rig.run_id;
        rig.db.add_page(p);
    }
    const auto before = fetcher.log.size();
    const auto resumed =
        crawler::crawl_sites_with(rig.loop, fetcher, rig.db, rig.run_id, {{site_id, url}}, rig.options)
            .front();
    CHECK(resumed.status == "partial");
    CHECK_THAT(resumed.reason, Catch::Contains("perangkap perayap"));
    CHECK(resumed.pages_fetched == first.pages_fetched);
    for (std::size_t i = before; i < fetcher.log.size(); ++i) {
        CHECK_THAT(fetcher.log[i].url, !Catch::Contains("/agenda/"));
    }
}

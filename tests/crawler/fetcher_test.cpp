// The real fetcher (Asio + libcurl multi-socket) and engine against demo::Server on loopback: each
// failure kind is recorded as data, limits hold, the SSRF guard survives redirects.
#include "crawler/curl_fetcher.hpp"
#include "crawler/site_crawl.hpp"
#include "demo/server.hpp"
#include "store/clock.hpp"
#include "tests/support/pdf.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace {

using namespace pantau;
namespace fs = std::filesystem;
using demo::Fault;

void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// Peak resident set of this process so far, in KiB (VmHWM).
long peak_rss_kib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("VmHWM:")) {
            return std::stol(line.substr(6));
        }
    }
    return 0;
}

// A fault (demo::Fault has members without default initializers, so designated ones warn).
Fault fault(Fault::Kind kind, const std::string& prefix, int status = 0, const std::string& location = "",
            int millis = 0, std::uint64_t bytes = 0) {
    Fault f;
    f.kind = kind;
    f.path_prefix = prefix;
    if (status != 0) {
        f.status = status;
    }
    f.location = location;
    f.millis = millis;
    f.bytes = bytes;
    return f;
}

// One virtual host per fault, each serving the same small tree; "/x" is where the fault sits.
struct Web {
    fs::path dir = test::temp_dir("pantau-fetch");
    std::unique_ptr<demo::Server> server;
    std::vector<std::string> names;

    explicit Web(const std::map<std::string, std::vector<Fault>>& faults) {
        std::vector<demo::VirtualHost> hosts;
        for (const auto& [name, f] : faults) {
            const fs::path root = dir / name;
            write_file(root / "index.html",
                       "<html><head><title>Beranda</title></head><body>"
                       "<a href=\"/profil.html\">Profil</a> <a href=\"/lkip.pdf\">LKIP</a>"
                       "</body></html>");
            write_file(root / "profil.html", "<html><title>Profil</title></html>");
            write_file(root / "final.html", "<html><title>Tujuan</title></html>");
            write_file(root / "lkip.pdf", "%PDF-1.4\n" + std::string(20000, 'x'));
            if (name.starts_with("robots")) {
                write_file(root / "robots.txt", "User-agent: *\nDisallow: /x\n");
            }
            hosts.push_back({name, root, f});
            names.push_back(name);
        }
        server = std::make_unique<demo::Server>(std::move(hosts));
    }

    std::string url(const std::string& host, const std::string& path) const {
        return server->base_url(host) + path;
    }

    crawler::CrawlOptions options() const {
        crawler::CrawlOptions o;
        for (const auto& n : names) {
            o.resolve.push_back(fmt_resolve(n));
            o.private_ok_hosts.push_back(n);
        }
        o.rate = 1000;
        o.max_retries = 0;
        o.connect_timeout_ms = 2000;
        o.timeout_ms = 5000;
        o.sitemaps = false;
        return o;
    }

    std::string fmt_resolve(const std::string& host) const {
        return host + ":" + std::to_string(server->port()) + ":127.0.0.1";
    }
};

// The fetcher alone on a loop of its own, every name of `web` resolving to its server.
struct Direct {
    crawler::AsioLoop loop{1};
    crawler::CurlFetcher fetcher;

    explicit Direct(const Web& web) : fetcher(loop.io(), options(web)) {}
    static crawler::FetcherOptions options(const Web& web) {
        crawler::FetcherOptions o;
        o.allow_private = true;
        for (const auto& n : web.names) {
            o.resolve.push_back(web.fmt_resolve(n));
        }
        return o;
    }
    crawler::FetchResponse fetch(const crawler::FetchRequest& request) {
        crawler::FetchResponse got;
        fetcher.submit(request, [&](crawler::FetchResponse r) {
            got = std::move(r);
            loop.stop();
        });
        loop.run();
        return got;
    }
};

struct Result {
    crawler::CrawlOutcome outcome;
    std::vector<store::Page> pages;
    std::vector<store::Document> documents;
};

Result crawl(const std::string& url, const crawler::CrawlOptions& options) {
    store::Database db(":memory:");
    const auto site = db.upsert_site(store::Site{.name = "s", .url = url});
    const auto run = db.begin_run(store::Run{.kind = "check", .started_at = store::iso_utc_now()});
    Result r;
    r.outcome = crawler::crawl_site(db, run, site, url, options);
    r.pages = db.pages(run, site);
    r.documents = db.documents(run, site);
    return r;
}

std::string home_failure(const Result& r) {
    return r.pages.empty() ? "<no page>" : r.pages.front().failure;
}

// A loopback port with nothing listening on it.
int closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

} // namespace

TEST_CASE("crawler::CurlFetcher records each failure kind from a loopback server", "[crawler]") {
    Web web({{"ok.go.id", {}},
             {"e500.go.id", {fault(Fault::Kind::status, "/x", 500)}},
             {"e403.go.id", {fault(Fault::Kind::status, "/x", 403)}},
             {"e429.go.id", {fault(Fault::Kind::status, "/x", 429)}},
             {"reset.go.id", {fault(Fault::Kind::reset, "/x")}},
             {"slow.go.id", {fault(Fault::Kind::delay, "/x", 0, "", 3000)}},
             {"loop.go.id",
              {fault(Fault::Kind::redirect, "/x", 0, "/y"), fault(Fault::Kind::redirect, "/y", 0, "/x")}},
             {"robots.go.id", {}}});
    auto options = web.options();
    options.timeout_ms = 600;

    CHECK(home_failure(crawl(web.url("ok.go.id", "/"), options)) == "");
    CHECK(home_failure(crawl(web.url("ok.go.id", "/tidak-ada.html"), options)) == "http_4xx");
    CHECK(home_failure(crawl(web.url("e500.go.id", "/x"), options)) == "http_5xx");
    const auto forbidden = crawl(web.url("e403.go.id", "/x"), options);
    CHECK(home_failure(forbidden) == "blocked");
    CHECK(forbidden.outcome.status == "blocked");
    CHECK(home_failure(crawl(web.url("e429.go.id", "/x"), options)) == "blocked");
    CHECK(home_failure(crawl(web.url("reset.go.id", "/x"), options)) == "reset");
    const auto slow = crawl(web.url("slow.go.id", "/x"), options);
    CHECK(home_failure(slow) == "timeout");
    CHECK(slow.outcome.status == "down");
    const auto loop = crawl(web.url("loop.go.id", "/x"), options);
    CHECK(home_failure(loop) == "redirect_loop");
    const auto robots = crawl(web.url("robots.go.id", "/x"), options);
    CHECK(home_failure(robots) == "robots_disallowed");
    CHECK(web.server->stats().hosts["robots.go.id"].requests == 1); // robots.txt only

    // Nothing listens: connect. Plain HTTP spoken to a TLS client: tls.
    const int port = closed_port();
    auto refused_options = options;
    refused_options.resolve.push_back("ok.go.id:" + std::to_string(port) + ":127.0.0.1");
    CHECK(home_failure(crawl("http://ok.go.id:" + std::to_string(port) + "/", refused_options)) == "connect");
    CHECK(home_failure(crawl("https://ok.go.id:" + std::to_string(web.server->port()) + "/", options)) ==
          "tls");
}

TEST_CASE("crawler::CurlFetcher follows redirects and records the chain", "[crawler]") {
    Web web({{"a.go.id",
              {fault(Fault::Kind::redirect, "/r1", 0, "/r2"),
               fault(Fault::Kind::redirect, "/r2", 301, "/final.html")}}});
    const auto r = crawl(web.url("a.go.id", "/r1"), web.options());
    REQUIRE(!r.pages.empty());
    const auto& home = r.pages.front();
    CHECK(home.failure == "");
    CHECK(home.final_url == web.url("a.go.id", "/final.html"));
    CHECK(home.title == "Tujuan");
    CHECK_THAT(home.fetch_json, Catch::Contains("\"status\":302"));
    CHECK_THAT(home.fetch_json, Catch::Contains("\"status\":301"));
    CHECK_THAT(home.fetch_json, Catch::Contains("\"http_version\":\"1.1\""));
}

TEST_CASE("crawler::CurlFetcher reaches every --resolve name, first asked or redirected to later",
          "[crawler]") {
    Web web({{"a.go.id", std::vector<Fault>{}},
             {"b.go.id", std::vector<Fault>{}},
             {"c.go.id", std::vector<Fault>{}}});
    web.server->set_faults("b.go.id",
                           {fault(Fault::Kind::redirect, "/x", 0, web.url("c.go.id", "/final.html"))});
    Direct direct(web);
    auto fetch = [&](const std::string& url) {
        crawler::FetchRequest request;
        request.url = url;
        return direct.fetch(request);
    };
    // The first transfer carries every entry; later ones only their own host's, so a name first met
    // in a redirect (c.go.id) must still resolve to the test server.
    CHECK(fetch(web.url("a.go.id", "/profil.html")).status == 200);
    const auto redirected = fetch(web.url("b.go.id", "/x"));
    CHECK(redirected.failure == crawler::FailureKind::none);
    CHECK(redirected.status == 200);
    CHECK(redirected.final_url == web.url("c.go.id", "/final.html"));
    CHECK(fetch(web.url("b.go.id", "/profil.html")).status == 200);
}

TEST_CASE("crawler::CurlFetcher holds a redirect's next hop until next_hop_at answers, and until the time "
          "it names",
          "[crawler]") {
    Web web({{"b.go.id", std::vector<Fault>{}}, {"c.go.id", std::vector<Fault>{}}});
    web.server->set_faults("b.go.id",
                           {fault(Fault::Kind::redirect, "/x", 301, web.url("c.go.id", "/final.html"))});
    Direct direct(web);
    using Clock = std::chrono::steady_clock;
    std::vector<std::string> asked;
    Clock::time_point hop_at{};
    std::vector<Clock::time_point> answers;
    crawler::FetchRequest request;
    request.url = web.url("b.go.id", "/x");
    // Answered 200 ms later (as the engine answers after reading a robots.txt), with a time 200 ms after.
    request.next_hop_at = [&](const std::string& next, crawler::FetchRequest::HopAnswer answer) {
        asked.push_back(next);
        direct.loop.call_at(Clock::now() + std::chrono::milliseconds(200), [&hop_at, answer] {
            hop_at = Clock::now() + std::chrono::milliseconds(200);
            answer(hop_at);
        });
    };
    request.on_answer = [&] { answers.push_back(Clock::now()); };
    const crawler::FetchResponse got = direct.fetch(request);
    CHECK(got.failure == crawler::FailureKind::none);
    CHECK(got.status == 200);
    CHECK(got.final_url == web.url("c.go.id", "/final.html"));
    CHECK_THAT(got.body, Catch::Contains("Tujuan"));
    REQUIRE(got.redirects.size() == 1);
    CHECK(got.redirects[0].status == 301);
    CHECK(got.redirects[0].url == web.url("b.go.id", "/x"));
    CHECK(asked == std::vector<std::string>{web.url("c.go.id", "/final.html")});
    REQUIRE(answers.size() == 2);                                     // the 301, then the page
    CHECK(answers[1] >= hop_at);                                      // the hop waited for its time
    CHECK(answers[1] - answers[0] >= std::chrono::milliseconds(400)); // and for the answer before it
    CHECK(web.server->stats().hosts["c.go.id"].requests == 1);
}

TEST_CASE("crawler::CurlFetcher stops at a redirect whose next hop next_hop_at refuses", "[crawler]") {
    Web web({{"b.go.id", std::vector<Fault>{}}});
    web.server->set_faults("b.go.id", {fault(Fault::Kind::redirect, "/x", 302, "/final.html")});
    Direct direct(web);
    crawler::FetchRequest request;
    request.url = web.url("b.go.id", "/x");
    request.next_hop_at = [](const std::string&, crawler::FetchRequest::HopAnswer answer) {
        answer(std::nullopt);
    };
    const crawler::FetchResponse got = direct.fetch(request);
    CHECK(got.failure == crawler::FailureKind::robots_disallowed);
    CHECK(got.status == 302);
    CHECK_THAT(got.error, Catch::Contains("/final.html"));
    CHECK(web.server->stats().hosts["b.go.id"].requests == 1); // /x only
}

TEST_CASE("crawler::CurlFetcher ends a redirect loop after the redirect limit at most", "[crawler]") {
    // A chain of distinct URLs longer than the limit (no repeated URL): cut by max_redirects.
    std::vector<Fault> chain;
    for (int i = 0; i < 10; ++i) {
        chain.push_back(fault(Fault::Kind::redirect, "/c" + std::to_string(i) + "/", 0,
                              "/c" + std::to_string(i + 1) + "/"));
    }
    Web web({{"a.go.id", chain}});
    const auto r = crawl(web.url("a.go.id", "/c0/"), web.options());
    CHECK(home_failure(r) == "redirect_loop");
    CHECK(web.server->stats().hosts["a.go.id"].requests <= 1 + 6); // robots.txt + first hop + 5 redirects
}

TEST_CASE("crawler::CurlFetcher refuses a redirect to 127.0.0.1 without allow_private", "[crawler]") {
    Web web({{"a.go.id", std::vector<Fault>{}}});
    auto& server = *web.server;
    server.set_faults("a.go.id", {fault(Fault::Kind::redirect, "/x", 0,
                                        "http://127.0.0.1:" + std::to_string(server.port()) + "/")});
    const auto before = server.stats().requests;
    const auto r = crawl(web.url("a.go.id", "/x"), web.options());
    CHECK(home_failure(r) == "private_address");
    CHECK(r.outcome.status == "down");
    CHECK(server.stats().requests - before == 2); // robots.txt and /x; the redirect target never asked

    auto open = web.options();
    open.allow_private = true;
    // Allowed, the redirect is followed to 127.0.0.1, which the server does not host (404).
    CHECK(home_failure(crawl(web.url("a.go.id", "/x"), open)) == "http_4xx");
}

TEST_CASE("crawler::CurlFetcher cuts a 100 MB body at the limit with memory staying low", "[crawler]") {
    Web web({{"a.go.id", {fault(Fault::Kind::huge_body, "/x")}}});
    auto options = web.options();
    options.max_body_bytes = 2 * 1024 * 1024;
    const long before = peak_rss_kib();
    const auto r = crawl(web.url("a.go.id", "/x"), options);
    const long after = peak_rss_kib();
    CHECK(home_failure(r) == "too_large");
    CHECK(r.pages.front().bytes <= options.max_body_bytes);
    CHECK(web.server->stats().bytes_sent < 40ULL * 1024 * 1024);
    CHECK(after - before < 40 * 1024); // KiB: nowhere near the 100 MB the server offered
}

TEST_CASE("crawler::CurlFetcher times out a server that stalls mid-body", "[crawler]") {
    Web web({{"a.go.id", {fault(Fault::Kind::stall, "/x", 0, "", 0, 4096)}}});
    auto options = web.options();
    options.timeout_ms = 800;
    const auto r = crawl(web.url("a.go.id", "/x"), options);
    CHECK(home_failure(r) == "timeout");
}

TEST_CASE("crawler::crawl_site crawls a loopback site politely and checks its documents", "[crawler]") {
    Web web({{"a.go.id", std::vector<Fault>{}}});
    auto options = web.options();
    options.rate = 50;
    options.connections = 2;
    const auto r = crawl(web.url("a.go.id", "/"), options);
    CHECK(r.outcome.status == "ok");
    CHECK(r.outcome.pages_fetched == 2);
    const auto log = web.server->request_log();
    REQUIRE(!log.empty());
    CHECK_THAT(log.front(), Catch::Contains("/robots.txt"));
    CHECK(web.server->stats().hosts["a.go.id"].peak_in_flight <= 2);
    REQUIRE(r.documents.size() == 1);
    CHECK(r.documents[0].http_status == 200);
    CHECK(r.documents[0].content_type == "application/pdf");
    CHECK(r.documents[0].bytes == 20009);
    CHECK(r.documents[0].failure == "");
    const auto& home = r.pages.front();
    CHECK(home.ttfb_ms > 0);
    CHECK_THAT(home.fetch_json, Catch::Contains("connect_ms"));
}

TEST_CASE("crawler::crawl_site stores the ModDate of a linked PDF from a loopback server", "[crawler]") {
    Web web({{"a.go.id", std::vector<Fault>{}}});
    write_file(web.dir / "a.go.id" / "lkip.pdf",
               test::minimal_pdf("/Title (LKIP) /ModDate (D:20250310093000+07'00')"));
    auto options = web.options();
    const auto r = crawl(web.url("a.go.id", "/"), options);
    REQUIRE(r.documents.size() == 1);
    CHECK(r.documents[0].http_status == 200);
    CHECK(r.documents[0].content_type == "application/pdf");
    CHECK_THAT(r.documents[0].meta_json, Catch::Contains("\"pdf_modified\":\"2025-03-10\""));
    // One GET of the PDF (no HEAD before it): its headers and its dates in one request.
    int pdf_requests = 0;
    for (const auto& line : web.server->request_log()) {
        pdf_requests += line.find("/lkip.pdf") != std::string::npos ? 1 : 0;
    }
    CHECK(pdf_requests == 1);
}

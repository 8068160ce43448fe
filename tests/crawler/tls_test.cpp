// The crawler over TLS against demo::Server with certificates made for the test: what it records of a
// good certificate, how it reports a bad one, and the http:// → https:// probe of an https:// site.
#include "crawler/site_crawl.hpp"
#include "demo/server.hpp"
#include "demo/tls.hpp"
#include "store/clock.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace {

using namespace pantau;
namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;

constexpr auto k_day = std::chrono::hours(24);

void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// One https site "aman.go.id" served with a certificate valid in [from, until] from a fresh CA.
struct TlsWeb {
    fs::path dir = test::temp_dir("pantau-tls");
    demo::CertificateAuthority ca = demo::make_authority();
    std::unique_ptr<demo::Server> server;
    std::string ca_file = (dir / "ca.pem").string();

    TlsWeb(Clock::time_point from, Clock::time_point until, std::vector<demo::Fault> faults = {},
           std::vector<std::string> names = {"aman.go.id"}) {
        write_file(dir / "aman.go.id" / "index.html",
                   "<html lang=\"id\"><head><title>Beranda</title></head><body>"
                   "<a href=\"/profil.html\">Profil</a></body></html>");
        write_file(dir / "aman.go.id" / "profil.html", "<html><title>Profil</title></html>");
        write_file(ca_file, ca.certificate_pem);
        demo::ServerOptions options;
        options.tls = demo::make_server_certificate(ca, names, from, until);
        server = std::make_unique<demo::Server>(
            std::vector<demo::VirtualHost>{{"aman.go.id", dir / "aman.go.id", std::move(faults)}}, options);
    }

    crawler::CrawlOptions options() const {
        crawler::CrawlOptions o;
        o.resolve = {"aman.go.id:" + std::to_string(server->port()) + ":127.0.0.1"};
        o.allow_private = true;
        o.rate = 1000;
        o.max_retries = 0;
        o.timeout_ms = 5000;
        o.sitemaps = false;
        o.ca_file = ca_file;
        return o;
    }
};

struct Result {
    crawler::CrawlOutcome outcome;
    std::vector<store::Page> pages;
};

Result crawl(const std::string& url, const crawler::CrawlOptions& options) {
    store::Database db(":memory:");
    const auto site = db.upsert_site(store::Site{.name = "s", .url = url});
    const auto run = db.begin_run(store::Run{.kind = "check", .started_at = store::iso_utc_now()});
    Result r;
    r.outcome = crawler::crawl_site(db, run, site, url, options);
    r.pages = db.pages(run, site);
    return r;
}

nlohmann::json home_facts(const Result& r) {
    REQUIRE(!r.pages.empty());
    return nlohmann::json::parse(r.pages.front().fetch_json);
}

int year_of(Clock::time_point t) {
    const std::time_t tt = Clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    return tm.tm_year + 1900;
}

demo::Fault redirect_http_to_https(std::uint16_t port) {
    demo::Fault f;
    f.kind = demo::Fault::Kind::redirect;
    f.status = 301;
    f.scheme = "http";
    f.location = "https://aman.go.id:" + std::to_string(port) + "/";
    return f;
}

} // namespace

TEST_CASE("crawler: an https site records the TLS version, certificate expiry and issuer of every page",
          "[crawler][tls]") {
    const auto now = Clock::now();
    const auto until = now + 400 * k_day;
    TlsWeb web(now - k_day, until);
    const auto r = crawl(web.server->https_url("aman.go.id") + "/", web.options());
    CHECK(r.outcome.status == "ok");
    REQUIRE(r.pages.size() == 2);
    for (const auto& page : r.pages) {
        INFO(page.url << " " << page.fetch_json);
        CHECK(page.failure.empty());
        const auto facts = nlohmann::json::parse(page.fetch_json);
        CHECK(facts.value("tls_version", "").starts_with("TLSv1."));
        // curl's form, e.g. "Nov 27 10:00:00 2027 GMT": the year is the certificate's.
        CHECK_THAT(facts.value("cert_expiry", ""), Catch::Contains(std::to_string(year_of(until))));
    }
}

TEST_CASE("crawler: for an https site, whether its http:// home redirects to https:// is recorded",
          "[crawler][tls]") {
    const auto now = Clock::now();
    SECTION("redirecting") {
        TlsWeb web(now - k_day, now + 90 * k_day);
        web.server->set_faults("aman.go.id", {redirect_http_to_https(web.server->port())});
        const auto r = crawl(web.server->https_url("aman.go.id") + "/", web.options());
        const auto facts = home_facts(r);
        INFO(facts.dump());
        CHECK(facts.value("http_redirects_to_https", false) == true);
        CHECK(facts["http_probe"].value("status", 0) == 200);
        // Plain http:// requests still work on the same port for a site registered as http://.
        const auto plain = crawl(web.server->base_url("aman.go.id") + "/", web.options());
        CHECK(plain.outcome.final_url == web.server->https_url("aman.go.id") + "/");
    }
    SECTION("serving plain http too") {
        TlsWeb web(now - k_day, now + 90 * k_day);
        const auto r = crawl(web.server->https_url("aman.go.id") + "/", web.options());
        const auto facts = home_facts(r);
        INFO(facts.dump());
        CHECK(facts.value("http_redirects_to_https", true) == false);
        CHECK(facts["http_probe"].value("final_url", "").starts_with("http://"));
    }
}

TEST_CASE("crawler: a bad certificate is a tls failure whose reason says what is wrong", "[crawler][tls]") {
    const auto now = Clock::now();
    SECTION("expired") {
        TlsWeb web(now - 400 * k_day, now - 5 * k_day);
        const auto r = crawl(web.server->https_url("aman.go.id") + "/", web.options());
        CHECK(r.outcome.status == "down");
        REQUIRE(!r.pages.empty());
        CHECK(r.pages.front().failure == "tls");
        CHECK_THAT(r.outcome.reason, Catch::Contains("sertifikat kedaluwarsa"));
    }
    SECTION("signed by an authority the crawler does not trust") {
        TlsWeb web(now - k_day, now + 90 * k_day);
        auto options = web.options();
        const std::string other = (web.dir / "other-ca.pem").string();
        write_file(other, demo::make_authority("another CA").certificate_pem);
        options.ca_file = other;
        const auto r = crawl(web.server->https_url("aman.go.id") + "/", options);
        REQUIRE(!r.pages.empty());
        CHECK(r.pages.front().failure == "tls");
        CHECK_THAT(r.outcome.reason, Catch::Contains("tidak dipercaya"));
    }
    SECTION("issued for another name") {
        TlsWeb web(now - k_day, now + 90 * k_day, {}, {"lain.go.id"});
        const auto r = crawl(web.server->https_url("aman.go.id") + "/", web.options());
        REQUIRE(!r.pages.empty());
        CHECK(r.pages.front().failure == "tls");
        CHECK_THAT(r.outcome.reason, Catch::Contains("nama lain"));
    }
}

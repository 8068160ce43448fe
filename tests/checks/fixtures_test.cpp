// The data-driven rule test: every fixture site under tests/fixtures/checks/<rule-id>/<status>_<case>/
// is served by demo::Server, crawled with crawler::crawl_site into an in-memory store, audited with the
// built-in catalogue, and the rule's status compared with the one its directory name starts with
// (pass_, fail_, warn_, na_). A case directory holds one subdirectory per host (the site and, for
// evidence one hop away, e.g. the regency's ppid. portal) and an expect.json:
//   site       host of the audited site (required when there are several hosts)
//   today      the reference day of the run (default 2025-08-15; "now" = today's UTC date, for cases whose
//              certificates are dated from the real clock, as curl checks them against it)
//   scheme     "https" registers the site as https:// (default http://)
//   tls        serve TLS too (same port) with a certificate for the case's hosts, signed by a test CA:
//              {"not_before_days": -30, "not_after_days": 365, "trusted": true} (days from now; with
//              "trusted": false the crawler is given another CA, so the certificate is not trusted)
//   max_pages  crawl limit (a small one makes the crawl partial)
//   faults     [{"path": "/x", "status": 500} | {"path": "/", "delay_ms": 1700} |
//               {"path": "/", "redirect": "https://host:{{PORT}}/", "status": 301}] on the site's host;
//              "scheme": "http" or "https" limits a fault to requests that came that way
//   history    statuses of earlier runs of the site (oldest first), for avail.uptime
//   message    text the finding's message must contain;  evidence  text some evidence url/text must contain
//   basis      the rule's legal basis (also written in a comment in every HTML file of the case)
// "{{PORT}}" in a fixture file is replaced by the server's port, so cross-host links resolve.
#include "checks/engine.hpp"
#include "config/catalogue.hpp"
#include "crawler/site_crawl.hpp"
#include "demo/server.hpp"
#include "demo/tls.hpp"
#include "store/database.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using pantau::checks::Status;

namespace {

const std::string k_default_today = "2025-08-15";

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

struct Case {
    std::string rule;
    std::string name;
    fs::path dir;
    Status expected = Status::na;
    nlohmann::json expect;
};

std::vector<Case> all_cases() {
    std::vector<Case> out;
    const fs::path root = pantau::test::fixture_path("checks");
    std::vector<fs::path> rules;
    for (const auto& e : fs::directory_iterator(root)) {
        if (e.is_directory()) {
            rules.push_back(e.path());
        }
    }
    std::sort(rules.begin(), rules.end());
    for (const auto& rule_dir : rules) {
        std::vector<fs::path> dirs;
        for (const auto& e : fs::directory_iterator(rule_dir)) {
            if (e.is_directory()) {
                dirs.push_back(e.path());
            }
        }
        std::sort(dirs.begin(), dirs.end());
        for (const auto& d : dirs) {
            Case c;
            c.rule = rule_dir.filename().string();
            c.name = d.filename().string();
            c.dir = d;
            const std::string prefix = c.name.substr(0, c.name.find('_'));
            c.expected =
                pantau::checks::status_from_string(prefix == "na" ? "n-a" : prefix).value_or(Status::na);
            if (fs::exists(d / "expect.json")) {
                c.expect = nlohmann::json::parse(read_file(d / "expect.json"));
            } else {
                c.expect = nlohmann::json::object();
            }
            out.push_back(std::move(c));
        }
    }
    return out;
}

std::size_t discard(char*, std::size_t size, std::size_t n, void*) {
    return size * n;
}

// Stand-in for the crawler's document check (DESIGN.md: the crawler records the status and type of
// every linked document in `documents`). It runs only when the crawl stored no document rows, and
// fetches each linked document once with libcurl, as the crawler will.
void probe_documents(pantau::store::Database& db, std::int64_t run, std::int64_t site,
                     const std::vector<std::string>& resolve) {
    if (!db.documents(run, site).empty()) {
        return;
    }
    std::set<std::string> urls;
    for (const auto& p : db.pages(run, site)) {
        for (const auto& l : db.links_from(p.id)) {
            if (l.kind == "document" && !l.hidden && l.to_url.find("127.0.0.1") == std::string::npos &&
                l.to_url.find(".example.") == std::string::npos) {
                urls.insert(l.to_url);
            }
        }
    }
    curl_slist* list = nullptr;
    for (const auto& r : resolve) {
        list = curl_slist_append(list, r.c_str());
    }
    for (const auto& url : urls) {
        CURL* e = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_RESOLVE, list);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &discard);
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 5000L);
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
        const CURLcode rc = curl_easy_perform(e);
        long status = 0;
        char* type = nullptr;
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &type);
        pantau::store::Document d;
        d.run_id = run;
        d.site_id = site;
        d.url = url;
        d.http_status = static_cast<int>(status);
        d.content_type = type != nullptr ? type : "";
        d.failure = rc != CURLE_OK ? "connect" : status >= 500 ? "http_5xx" : status >= 400 ? "http_4xx" : "";
        db.add_document(d);
        curl_easy_cleanup(e);
    }
    curl_slist_free_all(list);
}

std::string replace_port(std::string text, const std::string& port) {
    for (auto pos = text.find("{{PORT}}"); pos != std::string::npos; pos = text.find("{{PORT}}", pos)) {
        text.replace(pos, 8, port);
    }
    return text;
}

std::string utc_today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return fmt::format("{:04d}-{:02d}-{:02d}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

struct Outcome {
    pantau::checks::Finding finding;
    std::string crawl_status;
};

Outcome run_case(const Case& c) {
    // Copy the case so "{{PORT}}" can be filled in once the server has its port.
    const fs::path tmp = pantau::test::temp_dir("pantau-checks-fixture");
    for (const auto& e : fs::directory_iterator(c.dir)) {
        if (e.is_directory()) {
            fs::copy(e.path(), tmp / e.path().filename(), fs::copy_options::recursive);
        }
    }
    std::vector<pantau::demo::VirtualHost> hosts = pantau::demo::hosts_from_directory(tmp);
    const std::string site_host = c.expect.value("site", hosts.empty() ? std::string() : hosts.front().name);
    for (auto& h : hosts) {
        if (h.name != site_host || !c.expect.contains("faults")) {
            continue;
        }
        for (const auto& jf : c.expect["faults"]) {
            pantau::demo::Fault f;
            f.path_prefix = jf.value("path", "");
            f.scheme = jf.value("scheme", "");
            if (jf.contains("redirect")) {
                f.kind = pantau::demo::Fault::Kind::redirect;
                f.location = jf["redirect"].get<std::string>(); // {{PORT}} filled in below
                f.status = jf.value("status", 302);
            } else if (jf.contains("delay_ms")) {
                f.kind = pantau::demo::Fault::Kind::delay;
                f.millis = jf["delay_ms"].get<int>();
            } else {
                f.kind = pantau::demo::Fault::Kind::status;
                f.status = jf.value("status", 500);
            }
            h.faults.push_back(f);
        }
    }
    // TLS: a CA, a certificate for every host of the case, and the PEM file curl is told to trust.
    pantau::demo::ServerOptions server_options;
    std::string ca_file;
    if (c.expect.contains("tls")) {
        const auto& jt = c.expect["tls"];
        const auto now = std::chrono::system_clock::now();
        const auto days = [](int n) { return std::chrono::hours(24) * n; };
        const auto ca = pantau::demo::make_authority("pantau fixture CA");
        std::vector<std::string> names;
        for (const auto& h : hosts) {
            names.push_back(h.name);
        }
        server_options.tls =
            pantau::demo::make_server_certificate(ca, names, now + days(jt.value("not_before_days", -30)),
                                                  now + days(jt.value("not_after_days", 365)));
        ca_file = (tmp / "ca.pem").string();
        write_file(ca_file, jt.value("trusted", true)
                                ? ca.certificate_pem
                                : pantau::demo::make_authority("another CA").certificate_pem);
    }
    pantau::demo::Server server(hosts, server_options);
    const std::string port = std::to_string(server.port());
    for (const auto& h : hosts) {
        auto faults = h.faults;
        for (auto& f : faults) {
            f.location = replace_port(f.location, port);
        }
        server.set_faults(h.name, faults);
    }
    for (const auto& e : fs::recursive_directory_iterator(tmp)) {
        if (e.is_regular_file() && e.path().extension() == ".html") {
            write_file(e.path(), replace_port(read_file(e.path()), port));
        }
    }

    std::string today = c.expect.value("today", k_default_today);
    if (today == "now") {
        today = utc_today();
    }
    pantau::store::Database db(":memory:");
    pantau::store::Site s;
    s.name = site_host;
    s.url = c.expect.value("scheme", "http") + "://" + site_host + ":" + port + "/";
    const auto site_id = db.upsert_site(s);
    if (c.expect.contains("history")) {
        const auto& history = c.expect["history"];
        const int n = static_cast<int>(history.size());
        for (int i = 0; i < n; ++i) {
            pantau::store::Run r;
            r.kind = "run";
            r.started_at = fmt::format("2025-08-{:02d}T08:00:00Z", 15 - (n - i) * 3); // every three days
            r.status = "done";
            const auto id = db.begin_run(r);
            pantau::store::SiteCrawl sc;
            sc.run_id = id;
            sc.site_id = site_id;
            sc.status = history[static_cast<std::size_t>(i)].get<std::string>();
            db.put_site_crawl(sc);
        }
    }
    pantau::store::Run run;
    run.kind = "check";
    run.started_at = today + "T08:00:00Z";
    run.status = "running";
    const auto run_id = db.begin_run(run);

    pantau::crawler::CrawlOptions opt;
    opt.rate = 200;
    opt.connections = 4;
    opt.allow_private = true;
    opt.max_pages = c.expect.value("max_pages", 60);
    opt.timeout_ms = 10'000;
    opt.ca_file = ca_file;
    opt.max_retries = 0; // a 500 fixture is an outage, not a transient error to wait out
    for (const auto& h : hosts) {
        opt.resolve.push_back(h.name + ":" + port + ":127.0.0.1");
    }
    const auto outcome = pantau::crawler::crawl_site(db, run_id, site_id, s.url, opt);
    probe_documents(db, run_id, site_id, opt.resolve);

    pantau::checks::AuditOptions audit;
    audit.today = today;
    const auto findings =
        pantau::checks::audit_stored(db, run_id, site_id, pantau::config::default_catalogue(), audit);
    Outcome out;
    out.crawl_status = outcome.status;
    for (const auto& f : findings) {
        if (f.rule == c.rule) {
            out.finding = f;
        }
    }
    return out;
}

std::string describe(const pantau::checks::Finding& f) {
    std::string s = std::string(pantau::checks::to_string(f.status)) + ": " + f.message;
    for (const auto& e : f.evidence) {
        s += "\n    evidence: " + e.url + " | " + e.text + " | " + e.date + " | " +
             std::to_string(e.http_status);
    }
    return s;
}

} // namespace

TEST_CASE("checks: every fixture site gets the status its name expects", "[checks][fixtures]") {
    const auto cases = all_cases();
    REQUIRE(cases.size() >= 80);
    int passed = 0;
    // PANTAU_FIXTURE=<substring> runs only the matching cases (debugging one rule).
    const char* only = std::getenv("PANTAU_FIXTURE");
    for (const auto& c : cases) {
        if (only != nullptr && (c.rule + "/" + c.name).find(only) == std::string::npos) {
            continue;
        }
        const Outcome o = run_case(c);
        INFO("fixture " << c.rule << "/" << c.name << " (crawl " << o.crawl_status << ")\n  got "
                        << describe(o.finding));
        CHECK(o.finding.rule == c.rule);
        CHECK(o.finding.status == c.expected);
        CHECK(o.finding.basis == c.expect.value("basis", o.finding.basis));
        if (c.expect.contains("message")) {
            CHECK(o.finding.message.find(c.expect["message"].get<std::string>()) != std::string::npos);
        }
        if (c.expect.contains("evidence")) {
            const std::string want = c.expect["evidence"].get<std::string>();
            CHECK(std::any_of(o.finding.evidence.begin(), o.finding.evidence.end(), [&](const auto& e) {
                return e.url.find(want) != std::string::npos || e.text.find(want) != std::string::npos ||
                       e.date.find(want) != std::string::npos;
            }));
        }
        if (o.finding.status != Status::pass) {
            CHECK_FALSE(o.finding.fix.empty());
        }
        passed += o.finding.status == c.expected ? 1 : 0;
    }
    WARN(passed << " of " << cases.size() << " fixture sites got their expected status");
}

TEST_CASE("checks: the catalogue and the fixtures name the same rule ids", "[checks][fixtures]") {
    const auto& cat = pantau::config::default_catalogue();
    std::set<std::string> in_catalogue;
    for (const auto& r : cat.rules) {
        in_catalogue.insert(r.id);
    }
    std::map<std::string, std::set<Status>> in_fixtures;
    for (const auto& c : all_cases()) {
        in_fixtures[c.rule].insert(c.expected);
    }
    std::set<std::string> fixture_ids;
    for (const auto& [id, statuses] : in_fixtures) {
        fixture_ids.insert(id);
    }
    CHECK(in_catalogue == fixture_ids);

    // Each rule has a passing site and one that does not pass.
    for (const auto& id : in_catalogue) {
        const auto& st = in_fixtures[id];
        INFO("rule " << id);
        CHECK(st.count(Status::pass) == 1);
        CHECK((st.count(Status::fail) + st.count(Status::warn) + st.count(Status::na)) >= 1);
        // A rule that can fail has a failing fixture (warn-only rules cannot fail by design).
        const auto* rule = cat.rule(id);
        if (rule != nullptr && !rule->freshness.warn_only) {
            CHECK(st.count(Status::fail) == 1);
        }
    }
}

TEST_CASE("checks: every fixture HTML file names the article it enforces", "[checks][fixtures]") {
    const auto& cat = pantau::config::default_catalogue();
    for (const auto& c : all_cases()) {
        const auto* rule = cat.rule(c.rule);
        REQUIRE(rule != nullptr);
        for (const auto& e : fs::recursive_directory_iterator(c.dir)) {
            if (e.is_regular_file() && e.path().extension() == ".html") {
                const std::string text = read_file(e.path());
                const auto open = text.find("<!-- " + c.rule + ": ");
                INFO(e.path().string());
                REQUIRE(open != std::string::npos);
                const auto close = text.find("-->", open);
                REQUIRE(close != std::string::npos);
                // The comment carries the catalogue's legal basis word for word.
                CHECK(text.substr(open, close - open).find(rule->basis) != std::string::npos);
            }
        }
    }
}

// tests/reports/fixture.hpp — a small stored registry run for the report tests, written straight into
// a store::Database (no crawling): three runs — the previous run of the registry, a `check` of another
// registry in between, and the current run — with findings, scores, pages and documents.
//
// Sites of the current run (statuses per rule of tests/fixtures/reports/catalogue.yaml, in order):
//   Dinas Kesehatan      Kabupaten Contoh  best; kip.ppid.ada fixed since the previous run
//   Dinas Pendidikan     Kabupaten Contoh  three rules became fail
//   <script>… injected   Kota Contoh       name, page title, evidence and message carry markup
//   =1+1 Bappeda         Kota Contoh       a formula-looking name; ties with Dinas Sosial
//   Dinas Sosial         Kota Contoh       new in this run
// Dinas Lama was in the previous run only.
#pragma once

#include "checks/finding.hpp"
#include "config/catalogue.hpp"
#include "reports/run_report.hpp"
#include "store/database.hpp"
#include "tests/support/process.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pantau::test {

inline constexpr const char* k_inject_script = "<script>alert(1)</script>";
inline constexpr const char* k_inject_img = "\"><img src=x onerror=alert(1)>";

inline const config::Catalogue& reports_catalogue() {
    static const config::Catalogue cat = config::load_catalogue(fixture_path("reports/catalogue.yaml"));
    return cat;
}

struct ReportsFixture {
    std::unique_ptr<store::Database> db;
    std::int64_t previous_run = 0;
    std::int64_t other_run = 0;
    std::int64_t current_run = 0;
};

namespace detail {

struct FixtureSite {
    std::string name;
    std::string url;
    std::string pemda;
    std::string statuses; // one letter per catalogue rule: p pass, f fail, w warn, n n-a
};

inline std::string status_of(char c) {
    switch (c) {
    case 'p':
        return "pass";
    case 'f':
        return "fail";
    case 'w':
        return "warn";
    default:
        return "n-a";
    }
}

inline std::int64_t add_run(store::Database& db, const std::string& kind, const std::string& registry,
                            const std::string& day) {
    store::Run run;
    run.kind = kind;
    run.registry = registry;
    run.started_at = day + "T01:00:00Z";
    run.status = "running";
    const std::int64_t id = db.begin_run(run);
    db.finish_run(id, day + "T02:30:00Z", "done");
    return id;
}

inline void add_site_run(store::Database& db, std::int64_t run_id, const FixtureSite& s,
                         const std::string& reason = "") {
    store::Site site;
    site.name = s.name;
    site.url = s.url;
    site.pemda = s.pemda;
    const std::int64_t site_id = db.upsert_site(site);
    store::SiteCrawl crawl;
    crawl.run_id = run_id;
    crawl.site_id = site_id;
    crawl.final_url = s.url;
    crawl.status = reason.empty() ? "ok" : "partial";
    crawl.reason = reason;
    crawl.pages_fetched = 5;
    db.put_site_crawl(crawl);
    std::vector<store::Finding> findings;
    const auto& rules = reports_catalogue().rules;
    for (std::size_t i = 0; i < rules.size() && i < s.statuses.size(); ++i) {
        store::Finding f;
        f.run_id = run_id;
        f.site_id = site_id;
        f.rule = rules[i].id;
        f.group = rules[i].group;
        f.status = status_of(s.statuses[i]);
        f.message = f.status == "pass" ? "Ditemukan." : "Tidak ditemukan di situs.";
        std::vector<checks::Evidence> ev;
        if (f.status == "pass") {
            ev.push_back({s.url + rules[i].id.substr(rules[i].id.rfind('.') + 1), "Menu " + rules[i].title.id,
                          "2025-12-0" + std::to_string(1 + i % 9), 200});
        }
        // The hostile site's crawled strings: a link text and address holding markup, a javascript: link.
        if (s.name.find("<script>") != std::string::npos && i == 0) {
            ev.push_back({"https://evil.contohkota.go.id/profil?q=" + std::string(k_inject_script),
                          std::string(k_inject_script) + " Profil " + k_inject_img, "2025-11-30", 200});
            ev.push_back({"javascript:alert(1)", std::string("klik ") + k_inject_img, "", 0});
            f.message = std::string("Judul halaman: ") + k_inject_script + k_inject_img;
        }
        f.evidence_json = checks::evidence_to_json(ev);
        findings.push_back(f);
    }
    db.replace_findings(run_id, site_id, findings);
}

} // namespace detail

// Builds the fixture in `path` (":memory:" by default) and stores scores and ranks for every run,
// as `pantau run` does after its audit.
inline ReportsFixture make_reports_fixture(const std::string& path = ":memory:") {
    using detail::FixtureSite;
    ReportsFixture fx;
    fx.db = std::make_unique<store::Database>(path);
    store::Database& db = *fx.db;
    const std::string registry = "registri/kabupaten-contoh.yaml";
    const std::string hostile = std::string(k_inject_script) + " Dinas " + k_inject_img;

    const FixtureSite kes{"Dinas Kesehatan", "https://dinkes.contohkab.go.id/", "Kabupaten Contoh", ""};
    const FixtureSite dik{"Dinas Pendidikan", "https://disdik.contohkab.go.id/", "Kabupaten Contoh", ""};
    const FixtureSite evil{hostile, "https://evil.contohkota.go.id/", "Kota Contoh", ""};
    const FixtureSite bap{"=1+1 Bappeda", "https://bappeda.contohkota.go.id/", "Kota Contoh", ""};
    const FixtureSite sos{"Dinas Sosial", "https://dinsos.contohkota.go.id/", "Kota Contoh", ""};
    const FixtureSite lama{"Dinas Lama", "https://lama.contohkab.go.id/", "Kabupaten Contoh", ""};
    auto with = [](FixtureSite s, const char* statuses) {
        s.statuses = statuses;
        return s;
    };

    fx.previous_run = detail::add_run(db, "run", registry, "2026-01-05");
    detail::add_site_run(db, fx.previous_run, with(kes, "pppppfwppnp"));
    detail::add_site_run(db, fx.previous_run, with(dik, "pfpppppppnp"));
    detail::add_site_run(db, fx.previous_run, with(evil, "pppffffffnf"));
    detail::add_site_run(db, fx.previous_run, with(bap, "fppfppfppnp"));
    detail::add_site_run(db, fx.previous_run, with(lama, "ppppppppppp"));
    reports::score_and_rank(db, fx.previous_run, reports_catalogue(), "id");

    fx.other_run = detail::add_run(db, "check", "https://dinkes.contohkab.go.id/", "2026-01-08");
    detail::add_site_run(db, fx.other_run, with(kes, "fffffffffff"));
    reports::score_and_rank(db, fx.other_run, reports_catalogue(), "id");

    fx.current_run = detail::add_run(db, "run", registry, "2026-01-12");
    detail::add_site_run(db, fx.current_run, with(kes, "ppppppwppnp"));
    detail::add_site_run(db, fx.current_run, with(dik, "pfpfpfpfpnp"));
    detail::add_site_run(db, fx.current_run, with(evil, "pppffffffnf"), "<b>terlalu lambat</b> & berhenti");
    detail::add_site_run(db, fx.current_run, with(bap, "fppfppfppnp"));
    detail::add_site_run(db, fx.current_run, with(sos, "fppfppfppnp"));

    // Dinas Kesehatan's pages and documents in the current run, for the availability figures.
    const std::int64_t kes_id =
        db.upsert_site(store::Site{.name = kes.name, .url = kes.url, .pemda = kes.pemda});
    db.begin();
    const double ttfb[] = {120, 80, 400, 1500, 200};
    for (int i = 0; i < 5; ++i) {
        store::Page p;
        p.run_id = fx.current_run;
        p.site_id = kes_id;
        p.url = kes.url + "halaman-" + std::to_string(i);
        p.http_status = i == 4 ? 404 : 200;
        p.ttfb_ms = ttfb[i];
        p.total_ms = ttfb[i] + 100;
        p.fetched_at = "2026-01-12T01:10:00Z";
        db.add_page(p);
    }
    store::Page off;
    off.run_id = fx.current_run;
    off.site_id = kes_id;
    off.url = "https://ppid.contohkab.go.id/";
    off.http_status = 200;
    off.ttfb_ms = 9000;
    off.offsite = true;
    db.add_page(off);
    db.add_document(store::Document{
        .run_id = fx.current_run, .site_id = kes_id, .url = kes.url + "lra-2025.pdf", .http_status = 200});
    db.add_document(store::Document{
        .run_id = fx.current_run, .site_id = kes_id, .url = kes.url + "lkjip-2025.pdf", .http_status = 404});
    db.commit();
    reports::score_and_rank(db, fx.current_run, reports_catalogue(), "id");
    return fx;
}

} // namespace pantau::test

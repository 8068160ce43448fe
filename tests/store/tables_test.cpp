// Round trips: what is written to each table is read back equal, and the uniqueness rules hold.
#include "store/database.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace pantau::store;

namespace {

std::string fresh_path() {
    return pantau::test::temp_dir("pantau-store") + "/pantau.db";
}

// Crawled text is hostile: quotes, SQL, NUL-free control bytes, non-ASCII.
const std::string k_hostile = "Laporan 'Keuangan' \"2023\"; DROP TABLE pages; -- <script>alert(1)</script> "
                              "Pejabat Pengelola Informasi & Dokumentasi \xE2\x80\x94 \xF0\x9F\x93\x84";

struct Seeded {
    Database db;
    std::int64_t run_id;
    std::int64_t site_id;
    std::int64_t other_site_id;

    Seeded()
        : db(fresh_path()), run_id(db.begin_run({.kind = "run", .started_at = "2024-03-01T00:00:00Z"})),
          site_id(db.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"})),
          other_site_id(db.upsert_site({.name = "Dinas B", .url = "https://b.contohkab.go.id/"})) {}
};

Page sample_page(std::int64_t run_id, std::int64_t site_id, const std::string& url) {
    return Page{.run_id = run_id,
                .site_id = site_id,
                .url = url,
                .final_url = url + "/index.php",
                .http_status = 200,
                .content_type = "text/html; charset=utf-8",
                .bytes = 32768,
                .ttfb_ms = 12.25,
                .total_ms = 80.5,
                .fetched_at = "2024-03-01T00:00:05Z",
                .content_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                .failure = "",
                .depth = 2,
                .offsite = true,
                .title = k_hostile,
                .last_modified = "Fri, 01 Mar 2024 00:00:00 GMT",
                .etag = "W/\"abc\"",
                .facts_json = R"({"headings":["PPID"],"dates":["2024-02-29"]})"};
}

} // namespace

TEST_CASE("store::Database round-trips runs, oldest first, with the latest run last", "[store]") {
    Database db(fresh_path());
    CHECK_FALSE(db.latest_run());
    CHECK(db.runs().empty());

    Run first{.kind = "check",
              .registry = "https://a.contohkab.go.id/",
              .started_at = "2024-01-01T00:00:00Z",
              .status = "running",
              .settings_json = R"({"max_pages":50})"};
    first.id = db.begin_run(first);
    Run second{
        .kind = "run", .registry = "sites.yaml", .started_at = "2024-01-02T00:00:00Z", .status = "running"};
    second.id = db.begin_run(second);
    CHECK(second.id > first.id);

    CHECK(db.run(first.id) == first);
    CHECK_FALSE(db.run(second.id + 100));

    db.finish_run(first.id, "2024-01-01T00:10:00Z", "done");
    first.finished_at = "2024-01-01T00:10:00Z";
    first.status = "done";
    CHECK(db.runs() == std::vector<Run>{first, second});
    CHECK(db.latest_run() == second);
}

TEST_CASE("store::Database upsert_site by URL returns the same id and updates the fields", "[store]") {
    Database db(fresh_path());
    Site site{.name = "Dinas Kominfo",
              .url = "https://diskominfo.contohkab.go.id/",
              .pemda = "Kabupaten Contoh",
              .parent = "Sekretariat Daerah",
              .contact_email = "ppid@contohkab.go.id",
              .tags = "dinas;ppid"};
    site.id = db.upsert_site(site);
    CHECK(db.site(site.id) == site);

    Site renamed = site;
    renamed.name = "Dinas Komunikasi dan Informatika";
    renamed.tags = "dinas";
    renamed.contact_email = "";
    CHECK(db.upsert_site(renamed) == site.id);
    CHECK(db.site(site.id) == renamed);

    const std::int64_t other = db.upsert_site({.name = "Bappeda", .url = "https://bappeda.contohkab.go.id/"});
    CHECK(other != site.id);
    CHECK_FALSE(db.site(other + 100));
}

TEST_CASE("store::Database round-trips site crawls, one row per run and site", "[store]") {
    Seeded s;
    SiteCrawl crawl{.run_id = s.run_id,
                    .site_id = s.site_id,
                    .final_url = "https://a.contohkab.go.id/home",
                    .status = "partial",
                    .reason = "page limit 50 reached",
                    .pages_fetched = 50,
                    .started_at = "2024-03-01T00:00:00Z",
                    .finished_at = "2024-03-01T00:05:00Z"};
    SiteCrawl down{.run_id = s.run_id, .site_id = s.other_site_id, .status = "down", .reason = "dns"};
    s.db.put_site_crawl(down);
    s.db.put_site_crawl(crawl);
    CHECK(s.db.site_crawls(s.run_id) == std::vector<SiteCrawl>{crawl, down});

    crawl.status = "ok";
    crawl.reason = "";
    s.db.put_site_crawl(crawl);
    CHECK(s.db.site_crawls(s.run_id) == std::vector<SiteCrawl>{crawl, down});
    CHECK(s.db.site_crawls(s.run_id + 1).empty());
}

TEST_CASE("store::Database round-trips pages with every field", "[store]") {
    Seeded s;
    Page page = sample_page(s.run_id, s.site_id, "https://a.contohkab.go.id/ppid");
    Page failed{.run_id = s.run_id,
                .site_id = s.site_id,
                .url = "https://a.contohkab.go.id/down",
                .failure = "timeout",
                .depth = 1};
    page.id = s.db.add_page(page);
    failed.id = s.db.add_page(failed);
    CHECK(page.id != failed.id);
    CHECK(s.db.pages(s.run_id, s.site_id) == std::vector<Page>{page, failed});
    CHECK(s.db.pages(s.run_id, s.other_site_id).empty());
    CHECK(s.db.page_count(s.run_id, s.site_id) == 2);
    CHECK(s.db.page_count(s.run_id, s.other_site_id) == 0);
}

TEST_CASE("store::Database add_page for the same run and URL updates in place and drops old links",
          "[store]") {
    Seeded s;
    Page page = sample_page(s.run_id, s.site_id, "https://a.contohkab.go.id/berita");
    page.id = s.db.add_page(page);
    s.db.add_links(page.id, {{.to_url = "https://a.contohkab.go.id/old", .text = "old"}});

    Page again = page;
    again.http_status = 304;
    again.title = "Berita terbaru";
    again.content_hash = "00";
    CHECK(s.db.add_page(again) == page.id);
    CHECK(s.db.pages(s.run_id, s.site_id) == std::vector<Page>{again});
    CHECK(s.db.page_count(s.run_id, s.site_id) == 1);
    CHECK(s.db.links_from(page.id).empty());

    // The same URL in another run is another row.
    const std::int64_t next_run = s.db.begin_run({.kind = "run"});
    Page next = page;
    next.run_id = next_run;
    CHECK(s.db.add_page(next) != page.id);
}

TEST_CASE("store::Database round-trips links in page order, and add_links replaces them", "[store]") {
    Seeded s;
    const std::int64_t page_id =
        s.db.add_page(sample_page(s.run_id, s.site_id, "https://a.contohkab.go.id/"));
    std::vector<Link> links = {
        {.page_id = page_id,
         .to_url = "https://a.contohkab.go.id/ppid",
         .text = "PPID",
         .title = "Pejabat Pengelola",
         .kind = "internal"},
        {.page_id = page_id,
         .to_url = "https://a.contohkab.go.id/lkpd-2023.pdf",
         .text = k_hostile,
         .img_alt = "ikon PDF",
         .kind = "document",
         .hidden = true},
        {.page_id = page_id, .to_url = "mailto:ppid@contohkab.go.id", .kind = "mailto"},
        {.page_id = page_id, .to_url = "https://a.contohkab.go.id/ppid", .text = "PPID (footer)"},
    };
    s.db.add_links(page_id, links);
    CHECK(s.db.links_from(page_id) == links);

    // A retry after a crash stores the links once, not twice.
    s.db.add_links(page_id, links);
    CHECK(s.db.links_from(page_id) == links);

    const std::vector<Link> fewer = {links[2]};
    s.db.add_links(page_id, fewer);
    CHECK(s.db.links_from(page_id) == fewer);
    CHECK(s.db.links_from(page_id + 1000).empty());
}

TEST_CASE("store::Database round-trips documents, one row per run, site and URL", "[store]") {
    Seeded s;
    Document doc{.run_id = s.run_id,
                 .site_id = s.site_id,
                 .url = "https://a.contohkab.go.id/lkpd-2023.pdf",
                 .http_status = 200,
                 .content_type = "application/pdf",
                 .bytes = 1234567,
                 .meta_json = R"({"created":"2024-02-01"})"};
    Document missing{.run_id = s.run_id,
                     .site_id = s.site_id,
                     .url = "https://a.contohkab.go.id/renstra.pdf",
                     .http_status = 404,
                     .failure = "http_4xx"};
    doc.id = s.db.add_document(doc);
    missing.id = s.db.add_document(missing);
    CHECK(s.db.documents(s.run_id, s.site_id) == std::vector<Document>{doc, missing});

    // The same regency-wide PDF found on another site is that site's evidence too.
    Document shared = doc;
    shared.site_id = s.other_site_id;
    shared.id = s.db.add_document(shared);
    CHECK(shared.id != doc.id);
    CHECK(s.db.documents(s.run_id, s.other_site_id) == std::vector<Document>{shared});

    Document refetched = missing;
    refetched.http_status = 200;
    refetched.failure = "";
    CHECK(s.db.add_document(refetched) == missing.id);
    CHECK(s.db.documents(s.run_id, s.site_id) == std::vector<Document>{doc, refetched});
}

TEST_CASE("store::Database replace_findings replaces one run and site, leaving the others", "[store]") {
    Seeded s;
    const std::vector<Finding> first = {
        {.run_id = s.run_id,
         .site_id = s.site_id,
         .rule = "kip.berkala.laporan-keuangan",
         .status = "fail",
         .group = "berkala",
         .message = k_hostile,
         .evidence_json = R"([{"url":"https://a.contohkab.go.id/","text":"Keuangan","http_status":200}])"},
        {.run_id = s.run_id,
         .site_id = s.site_id,
         .rule = "kip.ppid.profil",
         .status = "pass",
         .group = "ppid"},
    };
    const std::vector<Finding> other = {
        {.run_id = s.run_id, .site_id = s.other_site_id, .rule = "kip.ppid.profil", .status = "n-a"}};
    s.db.replace_findings(s.run_id, s.site_id, first);
    s.db.replace_findings(s.run_id, s.other_site_id, other);
    CHECK(s.db.findings(s.run_id, s.site_id) == first);

    const std::vector<Finding> second = {{.run_id = s.run_id,
                                          .site_id = s.site_id,
                                          .rule = "kip.ppid.profil",
                                          .status = "warn",
                                          .group = "ppid"}};
    s.db.replace_findings(s.run_id, s.site_id, second);
    CHECK(s.db.findings(s.run_id, s.site_id) == second);
    CHECK(s.db.findings(s.run_id, s.other_site_id) == other);

    s.db.replace_findings(s.run_id, s.site_id, {});
    CHECK(s.db.findings(s.run_id, s.site_id).empty());
}

TEST_CASE("store::Database returns scores ordered by rank, one per run and site", "[store]") {
    Seeded s;
    const std::int64_t third_site =
        s.db.upsert_site({.name = "Dinas C", .url = "https://c.contohkab.go.id/"});
    Score a{.run_id = s.run_id,
            .site_id = s.site_id,
            .score = 41.5,
            .category = "kurang-informatif",
            .rank = 3,
            .groups_json = R"([{"id":"berkala","score":30.0,"weight":0.4}])"};
    Score b{
        .run_id = s.run_id, .site_id = s.other_site_id, .score = 92.25, .category = "informatif", .rank = 1};
    Score c{
        .run_id = s.run_id, .site_id = third_site, .score = 70, .category = "cukup-informatif", .rank = 2};
    s.db.put_score(a);
    s.db.put_score(b);
    s.db.put_score(c);
    CHECK(s.db.scores(s.run_id) == std::vector<Score>{b, c, a});

    // A re-audit replaces the site's score instead of adding a second one.
    a.score = 95;
    a.category = "informatif";
    a.rank = 1;
    b.rank = 2;
    c.rank = 3;
    s.db.put_score(a);
    s.db.put_score(b);
    s.db.put_score(c);
    CHECK(s.db.scores(s.run_id) == std::vector<Score>{a, b, c});
    CHECK(s.db.scores(s.run_id + 1).empty());
}

TEST_CASE("store::Database previous_page finds the newest earlier successful fetch of a URL", "[store]") {
    Seeded s;
    const std::string url = "https://a.contohkab.go.id/ppid";
    Page old_page = sample_page(s.run_id, s.site_id, url);
    old_page.etag = "\"v1\"";
    old_page.id = s.db.add_page(old_page);

    const std::int64_t run2 = s.db.begin_run({.kind = "run"});
    Page newer = sample_page(run2, s.site_id, url);
    newer.etag = "\"v2\"";
    newer.id = s.db.add_page(newer);

    const std::int64_t run3 = s.db.begin_run({.kind = "run"});
    Page failed = sample_page(run3, s.site_id, url);
    failed.failure = "timeout";
    s.db.add_page(failed);

    const std::int64_t run4 = s.db.begin_run({.kind = "run"});
    CHECK(s.db.previous_page(url, run4) == newer);
    CHECK(s.db.previous_page(url, run2) == old_page);
    CHECK_FALSE(s.db.previous_page(url, s.run_id));
    CHECK_FALSE(s.db.previous_page(url + "/other", run4));
}

TEST_CASE("store::Database refuses rows that point at no run or site", "[store]") {
    Seeded s;
    CHECK_THROWS_AS(
        s.db.add_page({.run_id = s.run_id + 100, .site_id = s.site_id, .url = "https://x.go.id/"}),
        StoreError);
    CHECK_THROWS_AS(s.db.put_score({.run_id = s.run_id, .site_id = s.site_id + 100}), StoreError);
    CHECK_THROWS_AS(s.db.add_links(12345, {{.to_url = "https://x.go.id/"}}), StoreError);
    CHECK(s.db.pages(s.run_id + 100, s.site_id).empty());
    CHECK(s.db.scores(s.run_id).empty());
}

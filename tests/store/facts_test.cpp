// Page facts and a page's links are stored compressed (the text, the menus repeated on every page), read
// back as they were written, and a re-crawl's unchanged page takes its facts and links from the previous
// run inside the database.
#include "store/database.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <zstd.h>

#include <string>

using namespace pantau::store;

namespace {

std::string long_facts() {
    std::string text;
    for (int i = 0; i < 400; ++i) {
        text += "Laporan Keuangan Tahun Anggaran " + std::to_string(2000 + i % 25) + " Dinas Kesehatan. ";
    }
    return R"({"title":"Beranda","text":")" + text + R"("})";
}

// typeof() and length() of a page's stored facts, asked with SQLite itself as another tool would.
std::pair<std::string, long> stored_form(const std::string& path, std::int64_t page_id) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT typeof(facts_json), length(facts_json) FROM pages WHERE id = ?1",
                               -1, &st, nullptr) == SQLITE_OK);
    sqlite3_bind_int64(st, 1, page_id);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::pair<std::string, long> out{reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                                     static_cast<long>(sqlite3_column_int64(st, 1))};
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

// A count of (SQL) asked with SQLite itself, as another tool reading the file would.
std::int64_t count_of(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

// A page's links as a regency site prints them: the same menu on every page, a news list, a document.
std::vector<Link> site_links(std::int64_t page_id) {
    std::vector<Link> links;
    const char* menu[] = {"Beranda", "Profil", "PPID", "Berita", "Informasi Berkala", "Kontak"};
    for (int round = 0; round < 30; ++round) {
        for (const char* item : menu) {
            links.push_back({.page_id = page_id,
                             .to_url = "https://dinkes.contohkab.go.id/" + std::string(item) + "/",
                             .text = item,
                             .kind = "internal"});
        }
    }
    // A long text (its length takes two bytes), text in other scripts, every field set, hidden.
    links.push_back({.page_id = page_id,
                     .to_url = "https://dinkes.contohkab.go.id/lkpd-2023.pdf",
                     .text = std::string(300, 'L') + " Laporan Keuangan — تقرير 報告",
                     .title = "Unduh",
                     .img_alt = "ikon PDF",
                     .kind = "document",
                     .hidden = true});
    links.push_back({.page_id = page_id, .to_url = "tel:+62-21-555", .kind = "tel"});
    return links;
}

} // namespace

TEST_CASE("store: long page facts are stored compressed and read back unchanged", "[store]") {
    const std::string path = pantau::test::temp_dir("pantau-store-facts") + "/pantau.db";
    const std::string facts = long_facts();
    std::int64_t big = 0;
    std::int64_t small = 0;
    {
        Database db(path);
        const auto run = db.begin_run({.kind = "crawl"});
        const auto site = db.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"});
        big = db.add_page(
            {.run_id = run, .site_id = site, .url = "https://a.contohkab.go.id/", .facts_json = facts});
        small = db.add_page({.run_id = run,
                             .site_id = site,
                             .url = "https://a.contohkab.go.id/k",
                             .facts_json = R"({"title":"K"})"});
    }
    const auto [type, length] = stored_form(path, big);
    CHECK(type == "blob");
    CHECK(length < static_cast<long>(facts.size()) / 4); // repetitive Indonesian text compresses well
    CHECK(stored_form(path, small).first == "text");     // short facts stay readable text

    Database again(path);
    const auto pages = again.pages(1, 1);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].facts_json == facts);
    CHECK(pages[1].facts_json == R"({"title":"K"})");
}

TEST_CASE("store: facts in the binary form are stored packed whatever their size, and read back unchanged",
          "[store]") {
    const std::string path = pantau::test::temp_dir("pantau-store-binary") + "/pantau.db";
    // extract::facts_to_binary's form: byte 0x01 first, then bytes SQLite must not take for text.
    const std::string small{"\x01\x03\x81\xA1k\0teks", 10};
    const std::string big = std::string("\x01\x00", 2) + long_facts();
    std::int64_t small_id = 0;
    std::int64_t big_id = 0;
    {
        Database db(path);
        const auto run = db.begin_run({.kind = "crawl"});
        const auto site = db.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"});
        small_id = db.add_page(
            {.run_id = run, .site_id = site, .url = "https://a.contohkab.go.id/k", .facts_json = small});
        big_id = db.add_page(
            {.run_id = run, .site_id = site, .url = "https://a.contohkab.go.id/", .facts_json = big});
    }
    CHECK(stored_form(path, small_id).first == "blob");
    CHECK(stored_form(path, big_id).first == "blob");
    Database again(path);
    const auto pages = again.pages(1, 1);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].facts_json == small);
    CHECK(pages[1].facts_json == big);
}

TEST_CASE("store: facts a schema-5 database stored with zlib still read after the upgrade", "[store]") {
    const std::string path = pantau::test::temp_dir("pantau-store-facts") + "/pantau.db";
    const std::string facts = long_facts();
    {
        Database old(path, 5); // as a pantau of schema 5 wrote it: zlib
        const auto run = old.begin_run({.kind = "crawl"});
        const auto site = old.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"});
        old.add_page(
            {.run_id = run, .site_id = site, .url = "https://a.contohkab.go.id/", .facts_json = facts});
    }
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, "SELECT substr(facts_json, 1, 3) FROM pages", -1, &st, nullptr) ==
            SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(static_cast<const char*>(sqlite3_column_blob(st, 0)), 3) == "PZ1");
    sqlite3_finalize(st);
    sqlite3_close(raw);

    Database db(path); // upgraded
    CHECK(db.schema_version() == k_schema_version);
    const auto run = db.begin_run({.kind = "crawl"});
    db.add_page({.run_id = run, .site_id = 1, .url = "https://a.contohkab.go.id/", .facts_json = facts});
    REQUIRE(db.pages(1, 1).size() == 1);
    CHECK(db.pages(1, 1)[0].facts_json == facts); // the zlib row
    REQUIRE(db.pages(run, 1).size() == 1);
    CHECK(db.pages(run, 1)[0].facts_json == facts); // written after the upgrade
    CHECK(stored_form(path, 1).first == "blob");
    CHECK(stored_form(path, 2).first == "blob");
}

TEST_CASE("store: damaged stored facts are reported, naming the page", "[store]") {
    const std::string path = pantau::test::temp_dir("pantau-store-facts") + "/pantau.db";
    std::int64_t id = 0;
    {
        Database db(path);
        const auto run = db.begin_run({.kind = "crawl"});
        const auto site = db.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"});
        id = db.add_page({.run_id = run,
                          .site_id = site,
                          .url = "https://a.contohkab.go.id/",
                          .facts_json = long_facts()});
    }
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    // Either stored form, cut short or overwritten.
    const std::string damage =
        GENERATE(std::string("UPDATE pages SET facts_json = CAST('PZ1garbage-bytes' AS BLOB)"),
                 std::string("UPDATE pages SET facts_json = CAST('PS1garbage-bytes' AS BLOB)"),
                 std::string("UPDATE pages SET facts_json = substr(facts_json, 1, 40)"));
    REQUIRE(sqlite3_exec(raw, damage.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    Database db(path);
    CHECK_THROWS_WITH(db.pages(1, 1),
                      Catch::Contains("page " + std::to_string(id)) && Catch::Contains("damaged"));
}

TEST_CASE("store: an unchanged page reuses the previous run's facts and links", "[store]") {
    Database db(":memory:");
    const auto site = db.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"});
    const auto first = db.begin_run({.kind = "crawl"});
    const auto old_id = db.add_page(
        {.run_id = first, .site_id = site, .url = "https://a.contohkab.go.id/", .facts_json = long_facts()});
    db.add_links(old_id,
                 {{.to_url = "https://a.contohkab.go.id/ppid/", .text = "PPID", .kind = "internal"},
                  {.to_url = "https://a.contohkab.go.id/lkip.pdf", .text = "LKjIP", .kind = "document"}});
    const auto second = db.begin_run({.kind = "crawl"});
    const auto new_id = db.add_page({.run_id = second, .site_id = site, .url = "https://a.contohkab.go.id/"});
    db.reuse_page_content(new_id, old_id);

    const auto pages = db.pages(second, site);
    REQUIRE(pages.size() == 1);
    CHECK(pages[0].facts_json == long_facts());
    const auto links = db.links_from(new_id);
    REQUIRE(links.size() == 2);
    CHECK(links[0].text == "PPID");
    CHECK(links[1].kind == "document");
    const auto targets = db.link_targets(new_id);
    REQUIRE(targets.size() == 2);
    CHECK(targets[1] ==
          std::pair<std::string, std::string>{"https://a.contohkab.go.id/lkip.pdf", "document"});
    // The previous run keeps its own rows.
    CHECK(db.links_from(old_id).size() == 2);
}

TEST_CASE(
    "store: unchanged pages over several re-crawls hold no copies, and a fresh fetch replaces the reuse",
    "[store]") {
    const std::string path = pantau::test::temp_dir("pantau-store-reuse") + "/pantau.db";
    std::int64_t old_id = 0;
    std::int64_t third_id = 0;
    std::int64_t site = 0;
    std::int64_t third = 0;
    {
        Database db(path);
        site = db.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"});
        const auto first = db.begin_run({.kind = "crawl"});
        old_id = db.add_page({.run_id = first,
                              .site_id = site,
                              .url = "https://a.contohkab.go.id/",
                              .facts_json = long_facts()});
        db.add_links(old_id,
                     {{.to_url = "https://a.contohkab.go.id/ppid/", .text = "PPID", .kind = "internal"}});
        const auto second = db.begin_run({.kind = "crawl"});
        const auto second_id =
            db.add_page({.run_id = second, .site_id = site, .url = "https://a.contohkab.go.id/"});
        db.reuse_page_content(second_id, old_id);
        third = db.begin_run({.kind = "crawl"});
        third_id = db.add_page({.run_id = third, .site_id = site, .url = "https://a.contohkab.go.id/"});
        db.reuse_page_content(third_id, second_id); // unchanged again: points at the page that holds it

        const auto pages = db.pages(third, site);
        REQUIRE(pages.size() == 1);
        CHECK(pages[0].content_of == old_id);
        CHECK(pages[0].facts_json == long_facts());
        REQUIRE(db.links_from(third_id).size() == 1);
        CHECK(db.links_from(third_id)[0].page_id == third_id);
        const auto prev = db.previous_page("https://a.contohkab.go.id/", third + 1, true);
        REQUIRE(prev);
        CHECK(prev->id == third_id);
        CHECK(prev->facts_json == long_facts());
    }
    // What a re-crawl wrote, seen by another tool: one row a page, no facts text, no link rows.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    auto count = [&](const char* sql) {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(raw, sql, -1, &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        const auto n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return n;
    };
    CHECK(count("SELECT count(*) FROM page_links") == 1);
    CHECK(count("SELECT count(*) FROM pages WHERE length(facts_json) > 0") == 1);
    sqlite3_close(raw);

    // The same URL fetched in full again in that run: its own facts and links, no longer the old ones.
    Database db(path);
    const auto again = db.add_page({.run_id = third,
                                    .site_id = site,
                                    .url = "https://a.contohkab.go.id/",
                                    .facts_json = R"({"title":"Baru"})"});
    CHECK(again == third_id);
    db.add_links(again, {{.to_url = "https://a.contohkab.go.id/baru/", .text = "Baru", .kind = "internal"}});
    const auto pages = db.pages(third, site);
    REQUIRE(pages.size() == 1);
    CHECK(pages[0].content_of == 0);
    CHECK(pages[0].facts_json == R"({"title":"Baru"})");
    REQUIRE(db.links_from(again).size() == 1);
    CHECK(db.links_from(again)[0].text == "Baru");
    CHECK(db.links_from(old_id)[0].text == "PPID");
}

TEST_CASE("store: facts packed ahead by the caller are stored and read back as add_page would have",
          "[store]") {
    const std::string path = pantau::test::temp_dir("pantau-store-packed") + "/pantau.db";
    std::int64_t ahead = 0;
    std::int64_t here = 0;
    {
        Database db(path);
        const auto run = db.begin_run({.kind = "crawl"});
        const auto site = db.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"});
        CHECK(pack_page_facts(R"({"title":"K"})").empty()); // short facts stay text
        ahead = db.add_page({.run_id = run,
                             .site_id = site,
                             .url = "https://a.contohkab.go.id/a",
                             .facts_json = long_facts(),
                             .facts_packed = pack_page_facts(long_facts())});
        here = db.add_page({.run_id = run,
                            .site_id = site,
                            .url = "https://a.contohkab.go.id/b",
                            .facts_json = long_facts()});
    }
    CHECK(stored_form(path, ahead) == stored_form(path, here));
    CHECK(stored_form(path, ahead).first == "blob");
    Database db(path);
    const auto pages = db.pages(1, 1);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].facts_json == long_facts());
    CHECK(pages[0].facts_packed.empty());
}

TEST_CASE("store: a page's links are stored as one compressed value and read back unchanged", "[store]") {
    const std::string path = pantau::test::temp_dir("pantau-store-links") + "/pantau.db";
    std::vector<Link> links;
    std::size_t plain = 0;
    {
        Database db(path);
        const auto run = db.begin_run({.kind = "crawl"});
        const auto site = db.upsert_site({.name = "Dinas A", .url = "https://dinkes.contohkab.go.id/"});
        const auto id =
            db.add_page({.run_id = run, .site_id = site, .url = "https://dinkes.contohkab.go.id/"});
        links = site_links(id);
        db.add_links(id, links);
        CHECK(db.links_from(id) == links);
        for (const Link& l : links) {
            plain += l.to_url.size() + l.text.size() + l.title.size() + l.img_alt.size() + l.kind.size();
        }
    }
    Database db(path);
    CHECK(db.links_from(links[0].page_id) == links);
    // One value for the page, no row a link, and the repeated menu takes little room.
    CHECK(count_of(path, "SELECT count(*) FROM page_links") == 1);
    CHECK(count_of(path, "SELECT count(*) FROM links") == 0);
    CHECK(count_of(path, "SELECT length(packed) FROM page_links") < static_cast<std::int64_t>(plain / 5));
}

TEST_CASE("store: link rows a schema-6 database stored still read after the upgrade, and a new fetch "
          "replaces them",
          "[store]") {
    const std::string path = pantau::test::temp_dir("pantau-store-links6") + "/pantau.db";
    std::int64_t id = 0;
    std::vector<Link> old_links;
    {
        Database old_db(path, 6);
        const auto run = old_db.begin_run({.kind = "crawl"});
        const auto site = old_db.upsert_site({.name = "Dinas A", .url = "https://dinkes.contohkab.go.id/"});
        id = old_db.add_page({.run_id = run, .site_id = site, .url = "https://dinkes.contohkab.go.id/"});
        old_links = site_links(id);
        old_db.add_links(id, old_links);
    }
    REQUIRE(count_of(path, "SELECT count(*) FROM links") == static_cast<std::int64_t>(old_links.size()));

    Database db(path);
    CHECK(db.schema_version() == k_schema_version);
    CHECK(db.links_from(id) == old_links);
    CHECK(db.link_targets(id).size() == old_links.size());

    const std::vector<Link> fresh = {{.page_id = id,
                                      .to_url = "https://dinkes.contohkab.go.id/ppid/",
                                      .text = "PPID",
                                      .kind = "internal"}};
    db.add_links(id, fresh);
    CHECK(db.links_from(id) == fresh);
    CHECK(count_of(path, "SELECT count(*) FROM links") == 0);
}

TEST_CASE("store: damaged stored links are reported, naming the page", "[store]") {
    const std::string path = pantau::test::temp_dir("pantau-store-links-bad") + "/pantau.db";
    std::int64_t id = 0;
    {
        Database db(path);
        const auto run = db.begin_run({.kind = "crawl"});
        const auto site = db.upsert_site({.name = "Dinas A", .url = "https://dinkes.contohkab.go.id/"});
        id = db.add_page({.run_id = run, .site_id = site, .url = "https://dinkes.contohkab.go.id/"});
        db.add_links(id, site_links(id));
    }
    // A well-formed frame whose content is not: one link whose URL is said to be longer than what is left.
    const std::string plain = std::string("\x01\x0ahttps://x", 11);
    std::string frame(ZSTD_compressBound(plain.size()), '\0');
    frame.resize(ZSTD_compress(frame.data(), frame.size(), plain.data(), plain.size(), 1));
    std::string lying = "PL1";
    lying.push_back(static_cast<char>(plain.size()));
    lying.append(3, '\0');
    lying += frame;

    // The same frame behind a length of almost 4 GiB: reported, not allocated.
    std::string huge = lying;
    huge.replace(3, 4, "\xf0\xff\xff\xff");

    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    const int which = GENERATE(0, 1, 2, 3, 4);
    sqlite3_stmt* st = nullptr;
    const char* damage[] = {"UPDATE page_links SET packed = CAST('PL1garbage-bytes' AS BLOB)",
                            "UPDATE page_links SET packed = substr(packed, 1, 20)",
                            "UPDATE page_links SET packed = CAST('PS1' || substr(packed, 4) AS BLOB)",
                            "UPDATE page_links SET packed = ?1", "UPDATE page_links SET packed = ?2"};
    REQUIRE(sqlite3_prepare_v2(raw, damage[which], -1, &st, nullptr) == SQLITE_OK);
    if (which == 3) {
        sqlite3_bind_blob(st, 1, lying.data(), static_cast<int>(lying.size()), SQLITE_TRANSIENT);
    } else if (which == 4) {
        sqlite3_bind_blob(st, 2, huge.data(), static_cast<int>(huge.size()), SQLITE_TRANSIENT);
    }
    REQUIRE(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(raw);

    Database db(path);
    CHECK_THROWS_WITH(db.links_from(id), Catch::Contains("page " + std::to_string(id)) &&
                                             Catch::Contains("links") && Catch::Contains("damaged"));
}

// Opening a database: fresh schema, migrations from older schemas, and the files pantau must refuse.
#include "store/database.hpp"
#include "store/statement.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

using namespace pantau::store;

namespace {

std::string fresh_path() {
    return pantau::test::temp_dir("pantau-store") + "/pantau.db";
}

std::set<std::string> schema_names(const Database& db, const char* type) {
    Statement q(db.handle(), "SELECT name FROM sqlite_schema WHERE type = ?1 AND name NOT LIKE 'sqlite_%'");
    q.bind(1, type);
    std::set<std::string> names;
    while (q.step()) {
        names.insert(q.column_text(0));
    }
    return names;
}

std::string pragma_text(const Database& db, const char* sql) {
    Statement q(db.handle(), sql);
    REQUIRE(q.step());
    return q.column_text(0);
}

// Runs SQL on the file with a plain SQLite connection, as another program (or an older pantau) would.
void raw_exec(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    INFO(message);
    REQUIRE(rc == SQLITE_OK);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string open_error(const std::string& path) {
    try {
        Database db(path);
    } catch (const StoreError& e) {
        return e.what();
    }
    FAIL("opening " << path << " should have thrown StoreError");
    return {};
}

const std::set<std::string> k_all_tables = {"runs",      "sites",    "site_crawls", "pages",    "links",
                                            "documents", "findings", "scores",      "frontier", "page_links"};

} // namespace

TEST_CASE("store::Database creates a fresh database at the current schema with every table", "[store]") {
    const std::string path = fresh_path();
    Database db(path);
    CHECK(db.schema_version() == k_schema_version);
    CHECK(db.path() == path);
    std::set<std::string> tables = schema_names(db, "table");
    tables.erase("sqlite_sequence");
    CHECK(tables == k_all_tables);
    const std::set<std::string> indexes = schema_names(db, "index");
    for (const char* index : {"pages_by_site", "pages_by_url", "findings_by_site", "scores_by_rank"}) {
        CHECK(indexes.count(index) == 1);
    }
    CHECK(pragma_text(db, "PRAGMA journal_mode") == "wal");
    CHECK(pragma_text(db, "PRAGMA foreign_keys") == "1");
    CHECK(std::stoi(pragma_text(db, "PRAGMA busy_timeout")) > 0);
    CHECK(db.integrity_ok());
}

TEST_CASE("store::Database reopens an existing database without changing it", "[store]") {
    const std::string path = fresh_path();
    std::int64_t run_id = 0;
    {
        Database db(path);
        run_id =
            db.begin_run({.kind = "run", .registry = "sites.yaml", .started_at = "2024-01-01T00:00:00Z"});
    }
    Database again(path);
    CHECK(again.schema_version() == k_schema_version);
    REQUIRE(again.run(run_id));
    CHECK(again.run(run_id)->registry == "sites.yaml");
}

TEST_CASE("store::Database migrates a database from every older schema and keeps its rows", "[store]") {
    for (int old_version = 1; old_version < k_schema_version; ++old_version) {
        INFO("from schema version " << old_version);
        const std::string path = fresh_path();
        Run run{
            .kind = "crawl", .registry = "sites.csv", .started_at = "2024-02-01T08:00:00Z", .status = "done"};
        Site site{
            .name = "Dinas Kominfo", .url = "https://diskominfo.contohkab.go.id/", .pemda = "Kab. Contoh"};
        Page page{.url = "https://diskominfo.contohkab.go.id/ppid", .http_status = 200, .title = "PPID"};
        Link link{
            .to_url = "https://diskominfo.contohkab.go.id/lkpd.pdf", .text = "LKPD 2023", .kind = "document"};
        {
            Database old_db(path, old_version);
            REQUIRE(old_db.schema_version() == old_version);
            const std::set<std::string> tables = schema_names(old_db, "table");
            CHECK(tables.count("findings") == (old_version >= 2 ? 1U : 0U));
            run.id = old_db.begin_run(run);
            site.id = old_db.upsert_site(site);
            page.run_id = run.id;
            page.site_id = site.id;
            page.id = old_db.add_page(page);
            link.page_id = page.id;
            old_db.add_links(page.id, {link});
        }

        Database db(path);
        CHECK(db.schema_version() == k_schema_version);
        std::set<std::string> tables = schema_names(db, "table");
        tables.erase("sqlite_sequence");
        CHECK(tables == k_all_tables);
        CHECK(schema_names(db, "index").count("scores_by_rank") == 1);
        CHECK(db.run(run.id) == run);
        CHECK(db.site(site.id) == site);
        CHECK(db.pages(run.id, site.id) == std::vector<Page>{page});
        CHECK(db.links_from(page.id) == std::vector<Link>{link});
        // The tables added by the newer steps work on the migrated file.
        db.replace_findings(run.id, site.id, {{.rule = "kip.berkala.lkpd", .status = "pass"}});
        CHECK(db.findings(run.id, site.id).size() == 1);
        CHECK(db.integrity_ok());
    }
}

TEST_CASE("store::Database rolls back a migration step that fails, keeping the older version", "[store]") {
    const std::string path = fresh_path();
    { Database old_db(path, 1); }
    // Something (a hand edit, a broken copy) already holds a name that step 2 creates.
    raw_exec(path, "CREATE TABLE scores (x TEXT)");

    const std::string message = open_error(path);
    CHECK_THAT(message, Catch::Contains(path));
    CHECK_THAT(message, Catch::Contains("schema version 2"));

    Database still_old(path, 1);
    CHECK(still_old.schema_version() == 1);
    // Step 2 ran in one transaction: the table it created before failing is gone as well.
    CHECK(schema_names(still_old, "table").count("findings") == 0);
}

TEST_CASE("store::Database refuses a database written by a newer pantau", "[store]") {
    const std::string path = fresh_path();
    { Database db(path); }
    const int newer = k_schema_version + 1;
    raw_exec(path, ("PRAGMA user_version = " + std::to_string(newer)).c_str());

    const std::string message = open_error(path);
    CHECK_THAT(message, Catch::Contains(path));
    CHECK_THAT(message, Catch::Contains("version " + std::to_string(newer)));
    CHECK_THAT(message, Catch::Contains("up to " + std::to_string(k_schema_version)));
    CHECK_THAT(message, Catch::Contains("newer pantau"));

    // The refused file is left as it was: a newer pantau can still open it.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &q, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    CHECK(sqlite3_column_int(q, 0) == newer);
    sqlite3_finalize(q);
    sqlite3_close(raw);
}

TEST_CASE("store::Database refuses a file that is not a database and leaves it untouched", "[store]") {
    const std::string path = fresh_path();
    const std::string text = "name,url\nDinas Kominfo,https://diskominfo.contohkab.go.id/\n"
                             "this is a sites registry, not a database; it must survive a wrong --db\n";
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    const std::string message = open_error(path);
    CHECK_THAT(message, Catch::Contains(path));
    CHECK_THAT(message, Catch::Contains("not an SQLite database"));
    CHECK(read_file(path) == text);
}

TEST_CASE("store::Database refuses another program's SQLite database", "[store]") {
    const std::string path = fresh_path();
    raw_exec(path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Budi');");
    const std::string message = open_error(path);
    CHECK_THAT(message, Catch::Contains(path));
    CHECK_THAT(message, Catch::Contains("not pantau's"));
    // No pantau table was added to the stranger's file.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, "SELECT count(*) FROM sqlite_schema", -1, &q, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    CHECK(sqlite3_column_int(q, 0) == 1);
    sqlite3_finalize(q);
    sqlite3_close(raw);
}

TEST_CASE("store::Database: pantau processes opening the same new file at once all get the database",
          "[store]") {
    // A scheduled run and a report (or a second run) starting together on a file that does not exist
    // yet: each must see either an empty file or pantau's database, never "another program's", and
    // wait while another switches the file to WAL instead of failing with "database is locked".
    for (int round = 0; round < 20; ++round) {
        const std::string path = fresh_path();
        std::vector<pid_t> children;
        for (int i = 0; i < 4; ++i) {
            const pid_t pid = ::fork();
            REQUIRE(pid >= 0);
            if (pid == 0) {
                int code = 0;
                try {
                    Database db(path);
                    code = db.schema_version() == k_schema_version ? 0 : 3;
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "child: %s\n", e.what());
                    code = 4;
                }
                ::_exit(code);
            }
            children.push_back(pid);
        }
        for (const pid_t pid : children) {
            int status = 0;
            ::waitpid(pid, &status, 0);
            INFO("round " << round);
            CHECK(WIFEXITED(status));
            CHECK(WEXITSTATUS(status) == 0);
        }
    }
}

TEST_CASE("store::Database names the path when it cannot create the file", "[store]") {
    const std::string dir = pantau::test::temp_dir("pantau-store");

    SECTION("the folder does not exist") {
        const std::string path = dir + "/no/such/folder/pantau.db";
        const std::string message = open_error(path);
        CHECK_THAT(message, Catch::Contains(path));
        CHECK_THAT(message, Catch::Contains("cannot open database"));
        CHECK_FALSE(std::filesystem::exists(path));
    }
    SECTION("a path component is a regular file") {
        {
            std::ofstream out(dir + "/plain.txt");
            out << "x";
        }
        const std::string path = dir + "/plain.txt/pantau.db";
        const std::string message = open_error(path);
        CHECK_THAT(message, Catch::Contains(path));
    }
    SECTION("the path is a folder") {
        const std::string message = open_error(dir);
        CHECK_THAT(message, Catch::Contains(dir));
    }
}

TEST_CASE("store::Database integrity_ok reports a damaged file", "[store]") {
    const std::string path = fresh_path();
    {
        Database db(path);
        const std::int64_t run = db.begin_run({.kind = "run"});
        const std::int64_t site = db.upsert_site({.url = "https://a.go.id/"});
        Writer writer(db);
        for (int i = 0; i < 2000; ++i) {
            db.add_page({.run_id = run,
                         .site_id = site,
                         .url = "https://a.go.id/p" + std::to_string(i),
                         .title = std::string(100, 'x')});
            writer.tick();
        }
    }
    {
        Database db(path);
        CHECK(db.integrity_ok());
        // Fold the WAL into the main file so the damage below hits the only copy.
        exec(db.handle(), "PRAGMA wal_checkpoint(TRUNCATE)");
    }
    const auto size = std::filesystem::file_size(path);
    REQUIRE(size > 64 * 1024);
    {
        // Overwrite the middle of the file (B-tree pages) but not its header.
        std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
        file.seekp(static_cast<std::streamoff>(size / 2));
        const std::string junk(16 * 1024, '\x5a');
        file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    Database damaged(path);
    CHECK_FALSE(damaged.integrity_ok());
}

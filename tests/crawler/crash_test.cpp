// kill -9 in the middle of a crawl, then the same call again: the run completes, nothing is stored
// twice, the page count equals an uninterrupted crawl, and the database is sound.
#include "bench/crawl_corpus.hpp"
#include "crawler/site_crawl.hpp"
#include "store/clock.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <chrono>
#include <csignal>
#include <set>
#include <thread>

namespace {

using namespace pantau;
namespace fs = std::filesystem;

constexpr int k_pages = 3000;

crawler::CrawlOptions options_for(const bench::ServerProcess& server, const std::string& host) {
    crawler::CrawlOptions o;
    o.resolve = {server.resolve(host)};
    o.allow_private = true;
    o.rate = 0; // our own server: no delay
    o.connections = 4;
    o.max_pages = 100000;
    o.max_depth = 10;
    o.write_batch = 100;
    return o;
}

// Opens (or reuses) the run and crawls the site into `db_path`: what `pantau crawl` does per run.
void crawl_into(const std::string& db_path, const bench::ServerProcess& server, const std::string& host) {
    store::Database db(db_path);
    std::int64_t run_id = 0;
    if (auto latest = db.latest_run(); latest && latest->status == "running") {
        run_id = latest->id; // the same command again resumes the interrupted run
    } else {
        run_id = db.begin_run(
            store::Run{.kind = "crawl", .started_at = store::iso_utc_now(), .status = "running"});
    }
    const std::string url = server.url(host);
    const auto site = db.upsert_site(store::Site{.name = host, .url = url});
    crawler::crawl_sites(db, run_id, {{site, url}}, options_for(server, host));
    db.finish_run(run_id, store::iso_utc_now(), "done");
}

std::int64_t count(const std::string& db_path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    std::int64_t n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

std::set<std::string> urls(const std::string& db_path) {
    store::Database db(db_path);
    const auto run = db.latest_run();
    std::set<std::string> out;
    for (const auto& s : db.site_crawls(run->id)) {
        for (const auto& p : db.pages(run->id, s.site_id)) {
            out.insert(p.url);
        }
    }
    return out;
}

} // namespace

TEST_CASE("crawler::crawl_sites resumes after kill -9 without losing or duplicating pages", "[crawler]") {
    const fs::path dir = test::temp_dir("pantau-crash");
    const std::string host = "besar.contoh.go.id";
    bench::write_site_tree(dir / "web", host, k_pages, 12, 4096);
    bench::ServerProcess server(dir / "web");

    const std::string killed_db = (dir / "killed.db").string();
    const pid_t child = ::fork();
    if (child == 0) {
        try {
            crawl_into(killed_db, server, host);
        } catch (...) {
        }
        ::_exit(0);
    }
    // Kill it once a good part is committed, mid-flight.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        if (count(killed_db, "SELECT count(*) FROM pages") >= k_pages / 3) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    const auto stored_at_kill = count(killed_db, "SELECT count(*) FROM pages");
    CHECK(stored_at_kill < k_pages);
    CHECK(count(killed_db, "SELECT count(*) FROM site_crawls WHERE finished_at <> ''") == 0);

    crawl_into(killed_db, server, host); // the same command again
    const std::string clean_db = (dir / "clean.db").string();
    crawl_into(clean_db, server, host);

    const auto clean_pages = count(clean_db, "SELECT count(*) FROM pages");
    CHECK(clean_pages == k_pages);
    CHECK(count(killed_db, "SELECT count(*) FROM pages") == clean_pages);
    CHECK(count(killed_db, "SELECT count(*) FROM (SELECT url FROM pages GROUP BY run_id, site_id, url "
                           "HAVING count(*) > 1)") == 0);
    CHECK(count(killed_db, "SELECT count(*) FROM runs") == 1);
    CHECK(count(killed_db, "SELECT count(*) FROM frontier WHERE done = 0") == 0);
    CHECK(urls(killed_db) == urls(clean_db));
    store::Database db(killed_db);
    CHECK(db.integrity_ok());
    const auto crawls = db.site_crawls(db.latest_run()->id);
    REQUIRE(crawls.size() == 1);
    CHECK(crawls[0].status == "ok");
    CHECK(crawls[0].pages_fetched == k_pages);
}

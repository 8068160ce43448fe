// Transactions and the batching Writer, seen from a second connection as another process would see them.
#include "store/database.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace pantau::store;

namespace {

std::string fresh_path() {
    return pantau::test::temp_dir("pantau-store") + "/pantau.db";
}

struct Seeded {
    std::string path;
    Database db;
    std::int64_t run_id;
    std::int64_t site_id;

    Seeded()
        : path(fresh_path()), db(path), run_id(db.begin_run({.kind = "crawl"})),
          site_id(db.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"})) {}

    std::int64_t add(int i) {
        return db.add_page({.run_id = run_id, .site_id = site_id, .url = url(i), .http_status = 200});
    }
    static std::string url(int i) { return "https://a.contohkab.go.id/p" + std::to_string(i); }

    // How many pages another connection (another process: a report, a resumed run) sees committed.
    std::size_t committed_pages() const {
        Database reader(path);
        return reader.pages(run_id, site_id).size();
    }
};

} // namespace

TEST_CASE("store::Writer leaves every row committed after it is destroyed", "[store]") {
    Seeded s;
    {
        Writer writer(s.db, 7);
        for (int i = 0; i < 100; ++i) {
            const std::int64_t page = s.add(i);
            s.db.add_links(page, {{.to_url = Seeded::url(i + 1), .kind = "internal"}});
            writer.tick();
        }
    }
    CHECK(s.db.transaction_depth() == 0);
    CHECK(s.committed_pages() == 100);
    Database reader(s.path);
    const auto pages = reader.pages(s.run_id, s.site_id);
    REQUIRE(pages.size() == 100);
    CHECK(pages.back().url == Seeded::url(99));
    CHECK(reader.links_from(pages.back().id).size() == 1);
}

TEST_CASE("store::Writer commits every batch, so another reader sees full batches only", "[store]") {
    Seeded s;
    Writer writer(s.db, 3);
    s.add(0);
    writer.tick();
    s.add(1);
    writer.tick();
    CHECK(s.committed_pages() == 0);
    s.add(2);
    writer.tick();
    CHECK(s.committed_pages() == 3);
    s.add(3);
    writer.tick();
    CHECK(s.committed_pages() == 3);
    writer.flush();
    CHECK(s.committed_pages() == 4);
}

TEST_CASE("store::Writer rollback discards what was not yet committed", "[store]") {
    Seeded s;
    {
        Writer writer(s.db, 10);
        for (int i = 0; i < 4; ++i) {
            s.add(i);
            writer.tick();
        }
        writer.flush();
        for (int i = 4; i < 9; ++i) {
            s.add(i);
            writer.tick();
        }
        writer.rollback();
        // Still usable after the rollback.
        s.add(100);
        writer.tick();
    }
    const auto pages = s.db.pages(s.run_id, s.site_id);
    REQUIRE(pages.size() == 5);
    CHECK(pages[3].url == Seeded::url(3));
    CHECK(pages[4].url == Seeded::url(100));
}

TEST_CASE("store::Database nested begin/commit only commits at the outermost level", "[store]") {
    Seeded s;
    s.db.begin();
    s.db.begin();
    s.add(0);
    s.db.commit();
    CHECK(s.db.transaction_depth() == 1);
    CHECK(s.committed_pages() == 0);
    s.db.commit();
    CHECK(s.db.transaction_depth() == 0);
    CHECK(s.committed_pages() == 1);
    CHECK_THROWS_AS(s.db.commit(), std::logic_error);
}

TEST_CASE("store::Database rollback of an inner level discards only that level", "[store]") {
    Seeded s;
    s.db.begin();
    s.add(0);
    s.db.begin();
    s.add(1);
    s.db.rollback();
    s.add(2);
    s.db.commit();
    const auto pages = s.db.pages(s.run_id, s.site_id);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].url == Seeded::url(0));
    CHECK(pages[1].url == Seeded::url(2));

    s.db.begin();
    s.add(3);
    s.db.rollback();
    CHECK(s.db.pages(s.run_id, s.site_id).size() == 2);
}

TEST_CASE("store::Transaction rolls back when its scope ends without commit", "[store]") {
    Seeded s;
    try {
        Transaction tx(s.db);
        s.add(0);
        throw std::runtime_error("fetch loop failed");
    } catch (const std::runtime_error&) {
    }
    CHECK(s.db.transaction_depth() == 0);
    CHECK(s.db.pages(s.run_id, s.site_id).empty());
    {
        Transaction tx(s.db);
        s.add(1);
        tx.commit();
    }
    CHECK(s.committed_pages() == 1);
}

TEST_CASE("store::Writer after kill -9 keeps every committed batch and a sound file", "[store]") {
    const std::string path = fresh_path();
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    {
        Database db(path);
        run_id = db.begin_run({.kind = "crawl"});
        site_id = db.upsert_site({.url = "https://a.contohkab.go.id/"});
    }
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child writes 25 pages in batches of 10 and dies mid-batch, as a crawler killed with -9.
        Database db(path);
        Writer writer(db, 10);
        for (int i = 0; i < 25; ++i) {
            db.add_page({.run_id = run_id, .site_id = site_id, .url = Seeded::url(i), .title = "halaman"});
            writer.tick();
        }
        std::raise(SIGKILL);
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));

    Database db(path);
    CHECK(db.integrity_ok());
    const auto pages = db.pages(run_id, site_id);
    REQUIRE(pages.size() == 20);
    CHECK(pages.back().url == Seeded::url(19));
    // Resuming writes the lost pages once; re-adding a stored page does not duplicate it.
    for (int i = 15; i < 25; ++i) {
        db.add_page({.run_id = run_id, .site_id = site_id, .url = Seeded::url(i), .title = "halaman"});
    }
    CHECK(db.pages(run_id, site_id).size() == 25);
}

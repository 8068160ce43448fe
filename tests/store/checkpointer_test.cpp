// The background checkpointer: the log stays short while a writer commits batch after batch, nothing
// committed is lost, and an in-memory database is left as it is.
#include "store/checkpointer.hpp"
#include "store/database.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

using namespace pantau::store;

namespace {

// A title of about one database page, different on every page (SQLite stores it as it is).
std::string page_sized_title(int i) {
    std::string t;
    std::uint32_t x = 2463534242U + static_cast<std::uint32_t>(i) * 2654435761U;
    while (t.size() < 3900) {
        x ^= x << 13U;
        x ^= x >> 17U;
        x ^= x << 5U;
        t += static_cast<char>('a' + x % 26);
    }
    return t;
}

// Waits for the pass a commit asked for; a pass of a few hundred KB takes milliseconds, the minute only
// bounds a stuck thread so that the test fails instead of hanging.
bool settle(const Checkpointer& cp) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    while (cp.copying()) {
        if (std::chrono::steady_clock::now() > give_up) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

} // namespace

TEST_CASE("store::Checkpointer keeps the log short across many commits and loses no row", "[store]") {
    const std::string path = pantau::test::temp_dir("pantau-store") + "/pantau.db";
    constexpr int k_batches = 30;
    constexpr int k_rows = 40; // about 40 log frames a batch, more with the indexes
    std::uintmax_t longest_log = 0;
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    {
        Database db(path);
        run_id = db.begin_run({.kind = "crawl"});
        site_id = db.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"});
        Checkpointer cp(db, 64, 256);
        REQUIRE(cp.in_background());
        Writer writer(db, 1000000); // committed by flush() below, one batch at a time
        for (int b = 0; b < k_batches; ++b) {
            for (int r = 0; r < k_rows; ++r) {
                const int i = b * k_rows + r;
                db.add_page({.run_id = run_id,
                             .site_id = site_id,
                             .url = "https://a.contohkab.go.id/p" + std::to_string(i),
                             .http_status = 200,
                             .title = page_sized_title(i)});
            }
            writer.flush();
            REQUIRE(settle(cp));
            longest_log = std::max(longest_log, std::filesystem::file_size(path + "-wal"));
        }
        CHECK(cp.checkpoints() > 0);
        CHECK(cp.in_background());
    }
    // 30 batches of about 50 frames (4 KB each) were written: a log that never started over would hold
    // all 6 MB of them. Started over once it passes 256 frames, it never holds more than 256 + 2 x 64.
    INFO("longest log " << longest_log << " bytes");
    CHECK(longest_log < (256 + 2 * 64) * 4200);
    Database reader(path);
    const auto pages = reader.pages(run_id, site_id);
    REQUIRE(pages.size() == static_cast<std::size_t>(k_batches * k_rows));
    CHECK(pages.back().title == page_sized_title(k_batches * k_rows - 1));
    CHECK(pages.front().title == page_sized_title(0));
}

TEST_CASE("store::Checkpointer leaves an in-memory database to SQLite", "[store]") {
    Database db(":memory:");
    Checkpointer cp(db);
    CHECK_FALSE(cp.in_background());
    CHECK_FALSE(cp.copying());
    const auto run_id = db.begin_run({.kind = "crawl"});
    const auto site_id = db.upsert_site({.name = "Dinas A", .url = "https://a.contohkab.go.id/"});
    {
        Writer writer(db, 2);
        for (int i = 0; i < 5; ++i) {
            db.add_page({.run_id = run_id,
                         .site_id = site_id,
                         .url = "https://a.contohkab.go.id/p" + std::to_string(i)});
            writer.tick();
        }
    }
    CHECK(db.pages(run_id, site_id).size() == 5);
}

// tests/crawler/traps_test.cpp — crawler-trap caps (crawler/traps.hpp), driven by simulated endless
// sites: each fake page computes its links, and a breadth-first walk feeds them through the guard.
#include "crawler/traps.hpp"

#include "crawler/url.hpp"

#include <catch2/catch.hpp>

#include <deque>
#include <functional>
#include <set>
#include <string>
#include <vector>

using namespace pantau::crawler;

namespace {

struct WalkResult {
    std::size_t pages = 0;
    bool ran_out = false; // the walk hit its own safety stop: the guard did not end it
};

// Breadth-first walk from `start` over links produced by `links_of`, with the frontier's
// de-duplication and the trap guard in front of the queue. Stops by itself at `safety` pages.
WalkResult walk(TrapGuard& guard, const std::string& start,
                const std::function<std::vector<std::string>(const std::string&)>& links_of,
                std::size_t safety = 20'000) {
    std::deque<std::string> queue{*normalize_url(start)};
    std::set<std::string> seen{queue.front()};
    WalkResult result;
    while (!queue.empty()) {
        if (result.pages >= safety) {
            result.ran_out = true;
            break;
        }
        const std::string page = queue.front();
        queue.pop_front();
        ++result.pages;
        for (const std::string& href : links_of(page)) {
            const auto url = resolve_url(page, href);
            const auto normalized = url ? normalize_url(*url) : std::nullopt;
            if (!normalized || !seen.insert(*normalized).second) {
                continue;
            }
            if (guard.admit(*normalized).admitted) {
                queue.push_back(*normalized);
            }
        }
    }
    return result;
}

// A PHP calendar: every month page links the previous and next month, forever in both directions.
std::vector<std::string> query_calendar(const std::string& url) {
    if (url.find("kalender.php?") == std::string::npos) {
        return {};
    }
    const std::string query = url.substr(url.find('?') + 1); // "bulan=M&tahun=Y"
    int month = std::stoi(query.substr(query.find("bulan=") + 6));
    int year = std::stoi(query.substr(query.find("tahun=") + 6));
    const auto link = [](int m, int y) {
        return "/agenda/kalender.php?bulan=" + std::to_string(m) + "&tahun=" + std::to_string(y);
    };
    const int next_month = month == 12 ? 1 : month + 1;
    const int prev_month = month == 1 ? 12 : month - 1;
    return {link(next_month, month == 12 ? year + 1 : year), link(prev_month, month == 1 ? year - 1 : year),
            "/profil", "/ppid"};
}

// The same calendar paging by path: /agenda/2024/05/ links /agenda/2024/06/ and /agenda/2024/04/.
std::vector<std::string> path_calendar(const std::string& url) {
    const std::string path = url_path_and_query(url);
    if (!path.starts_with("/agenda/")) {
        return {};
    }
    const int year = std::stoi(path.substr(8, 4));
    const int month = std::stoi(path.substr(13, 2));
    const auto link = [](int m, int y) {
        return "/agenda/" + std::to_string(y) + "/" + (m < 10 ? "0" : "") + std::to_string(m) + "/";
    };
    return {link(month == 12 ? 1 : month + 1, month == 12 ? year + 1 : year),
            link(month == 1 ? 12 : month - 1, month == 1 ? year - 1 : year)};
}

} // namespace

TEST_CASE("crawler::TrapGuard ends a query-string calendar and says why", "[crawler][traps]") {
    TrapGuard guard;
    const auto result =
        walk(guard, "https://dinas.contohkab.go.id/agenda/kalender.php?bulan=5&tahun=2024", query_calendar);
    CHECK_FALSE(result.ran_out);
    // 50 query variants of kalender.php (the start page included), plus /profil and /ppid.
    CHECK(result.pages == 51 + 2);
    CHECK(guard.cap_hit());
    const auto hits = guard.hits();
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].kind == TrapKind::query_variants);
    CHECK(hits[0].key == "dinas.contohkab.go.id/agenda/kalender.php");
    CHECK(hits[0].refused >= 1);
    CHECK(guard.partial_reason().find("query variants per path") != std::string::npos);
}

TEST_CASE("crawler::TrapGuard ends a calendar that pages by path", "[crawler][traps]") {
    TrapLimits limits;
    limits.max_per_shape = 36; // three years of months
    TrapGuard guard(limits);
    const auto result = walk(guard, "https://dinas.contohkab.go.id/agenda/2024/05/", path_calendar);
    CHECK_FALSE(result.ran_out);
    CHECK(result.pages == 37); // the start page was never offered to the guard
    REQUIRE(guard.hits().size() == 1);
    CHECK(guard.hits()[0].kind == TrapKind::shape);
    CHECK(guard.hits()[0].key == "dinas.contohkab.go.id/agenda/#/#/");
}

TEST_CASE("crawler::TrapGuard ends relative-link loops that grow the path", "[crawler][traps]") {
    // A page at /a/b/ that links "a/b/" relatively: /a/b/a/b/, /a/b/a/b/a/b/, ...
    TrapGuard guard;
    const auto result = walk(guard, "https://a.go.id/a/b/",
                             [](const std::string&) { return std::vector<std::string>{"a/b/"}; });
    CHECK_FALSE(result.ran_out);
    CHECK(result.pages == 2); // /a/b/ and /a/b/a/b/; /a/b/a/b/a/b/ repeats "a/b" three times
    REQUIRE(guard.hits().size() == 1);
    CHECK(guard.hits()[0].kind == TrapKind::repeated_run);
    CHECK(guard.hits()[0].first_url == "https://a.go.id/a/b/a/b/a/b/");

    // A broken template that appends a different segment each time: /x/1/x/2/x/3/...
    TrapGuard other;
    int counter = 0;
    const auto grown = walk(other, "https://a.go.id/x/0/", [&counter](const std::string&) {
        return std::vector<std::string>{"x/" + std::to_string(++counter) + "/"};
    });
    CHECK_FALSE(grown.ran_out);
    CHECK(other.hits().at(0).kind == TrapKind::same_segment);
}

TEST_CASE("crawler::TrapGuard caps path depth and URL length", "[crawler][traps]") {
    TrapGuard guard;
    CHECK(guard.admit("https://a.go.id/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15").admitted);
    const auto deep = guard.admit("https://a.go.id/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16");
    CHECK_FALSE(deep.admitted);
    CHECK(deep.kind == TrapKind::path_depth);
    const auto ong = guard.admit("https://a.go.id/?q=" + std::string(2100, 'x'));
    CHECK_FALSE(ong.admitted);
    CHECK(ong.kind == TrapKind::url_length);
    CHECK(guard.hits().size() == 2);
}

TEST_CASE("crawler::TrapGuard admits an ordinary government site untouched", "[crawler][traps]") {
    TrapGuard guard;
    std::vector<std::string> urls = {"https://ppid.contohkab.go.id/",
                                     "https://ppid.contohkab.go.id/profil/visi-misi",
                                     "https://ppid.contohkab.go.id/informasi-publik/berkala",
                                     "https://ppid.contohkab.go.id/dokumen/2024/laporan-keuangan.pdf",
                                     "https://ppid.contohkab.go.id/berita/2024/05/17/rapat-koordinasi"};
    for (int page = 1; page <= 40; ++page) {
        urls.push_back("https://ppid.contohkab.go.id/berita?page=" + std::to_string(page));
    }
    for (int id = 1; id <= 300; ++id) {
        urls.push_back("https://ppid.contohkab.go.id/berita/" + std::to_string(id));
    }
    for (const auto& url : urls) {
        INFO(url);
        CHECK(guard.admit(url).admitted);
    }
    CHECK_FALSE(guard.cap_hit());
    CHECK(guard.partial_reason().empty());
}

TEST_CASE("crawler::TrapGuard counts each path's query variants separately", "[crawler][traps]") {
    TrapLimits limits;
    limits.max_query_variants = 3;
    TrapGuard guard(limits);
    for (int i = 0; i < 3; ++i) {
        CHECK(guard.admit("https://a.go.id/cari?q=" + std::to_string(i)).admitted);
        CHECK(guard.admit("https://a.go.id/daftar?hal=" + std::to_string(i)).admitted);
    }
    CHECK_FALSE(guard.admit("https://a.go.id/cari?q=9").admitted);
    CHECK_FALSE(guard.admit("https://a.go.id/cari?q=10").admitted);
    CHECK(guard.admit("https://a.go.id/cari").admitted);     // the bare path is no variant
    CHECK(guard.admit("https://a.go.id/cari?q=1").admitted); // seen before: not a new variant
    REQUIRE(guard.hits().size() == 1);
    CHECK(guard.hits()[0].refused == 2);
    CHECK(guard.hits()[0].first_url == "https://a.go.id/cari?q=9");
    CHECK_FALSE(guard.admit("not a url").admitted);
}

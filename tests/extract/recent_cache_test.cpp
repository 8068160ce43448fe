// The per-thread memo of link resolutions: what every page uses (the menus) is never forgotten, however
// many one-page links pass through; those are, so the memo stays bounded.
#include "extract/recent_cache.hpp"

#include <catch2/catch.hpp>

#include <string>

using pantau::extract::RecentCache;

TEST_CASE("extract::RecentCache keeps what every page uses and forgets one-page entries", "[extract]") {
    RecentCache<int> cache(100);
    const std::string menu = "https://dinkes.contohkab.go.id/ppid/";
    cache.insert(menu, 1);
    // 300 pages, each with the menu link and 10 links of its own.
    for (int page = 0; page < 300; ++page) {
        const int* m = cache.find(menu);
        REQUIRE(m != nullptr); // a one-time clear of a full memo would lose it here
        CHECK(*m == 1);
        for (int k = 0; k < 10; ++k) {
            const std::string own = "https://dinkes.contohkab.go.id/berita/" + std::to_string(page * 10 + k);
            if (cache.find(own) == nullptr) {
                cache.insert(own, page);
            }
        }
        CHECK(cache.size() <= 200);
    }
    CHECK(cache.find("https://dinkes.contohkab.go.id/berita/0") == nullptr); // long gone
    const int* recent = cache.find("https://dinkes.contohkab.go.id/berita/2999");
    REQUIRE(recent != nullptr);
    CHECK(*recent == 299);
}

TEST_CASE("extract::RecentCache replaces a value inserted again", "[extract]") {
    RecentCache<std::string> cache(2);
    cache.insert("a", "1");
    cache.insert("a", "2");
    REQUIRE(cache.find("a") != nullptr);
    CHECK(*cache.find("a") == "2");
    CHECK(cache.size() == 1);
}

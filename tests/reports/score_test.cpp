#include "config/catalogue.hpp"
#include "reports/score.hpp"

#include <catch2/catch.hpp>

using pantau::checks::Finding;
using pantau::checks::Status;

namespace {

const pantau::config::Catalogue& catalogue() {
    static const auto cat = pantau::config::parse_catalogue(R"(
bands:
  - {id: informatif, min: 90, label: Informatif}
  - {id: menuju-informatif, min: 80, label: Menuju Informatif}
  - {id: cukup-informatif, min: 60, label: Cukup Informatif}
  - {id: kurang-informatif, min: 40, label: Kurang Informatif}
  - {id: tidak-informatif, min: 0, label: Tidak Informatif}
groups:
  - {id: a, weight: 3, title: A}
  - {id: b, weight: 1, title: B}
rules:
  - {id: r1, group: a, kind: label, title: t, fix: f, basis: x}
  - {id: r2, group: a, kind: label, title: t, fix: f, basis: x}
  - {id: r3, group: b, kind: label, title: t, fix: f, basis: x, weight: 2}
  - {id: r4, group: b, kind: label, title: t, fix: f, basis: x}
)",
                                                            "test");
    return cat;
}

Finding f(const char* rule, const char* group, Status s) {
    Finding x;
    x.rule = rule;
    x.group = group;
    x.status = s;
    return x;
}

} // namespace

TEST_CASE("reports::score_site counts warn as half and leaves n-a out", "[reports]") {
    auto s = pantau::reports::score_site({f("r1", "a", Status::pass), f("r2", "a", Status::warn),
                                          f("r3", "b", Status::na), f("r4", "b", Status::fail)},
                                         catalogue());
    REQUIRE(s.groups.size() == 2);
    CHECK(*s.groups[0].score == Approx(75.0));
    CHECK(*s.groups[1].score == Approx(0.0)); // r3 is n-a: only r4 counts
    CHECK(s.score == Approx((75.0 * 3 + 0.0 * 1) / 4).epsilon(0.01));
    CHECK(s.fails == 1);
}

TEST_CASE("reports::score_site weighs rules within a group", "[reports]") {
    auto s =
        pantau::reports::score_site({f("r3", "b", Status::pass), f("r4", "b", Status::fail)}, catalogue());
    CHECK(*s.groups[1].score == Approx(200.0 / 3));
    CHECK_FALSE(s.groups[0].score.has_value()); // no applicable rule: group left out of the mean
    CHECK(s.score == Approx(66.7));
    CHECK(s.category == "cukup-informatif");
}

TEST_CASE("reports::score_site classifies at the band edges", "[reports]") {
    const auto& cat = catalogue();
    CHECK(cat.band_for(90.0).id == "informatif");
    CHECK(cat.band_for(89.9).id == "menuju-informatif");
    CHECK(cat.band_for(60.0).id == "cukup-informatif");
    CHECK(cat.band_for(39.9).id == "tidak-informatif");
    CHECK(cat.band_for(0).id == "tidak-informatif");
}

TEST_CASE("reports::score_site gives 0 when every rule is n-a", "[reports]") {
    auto s = pantau::reports::score_site({f("r1", "a", Status::na)}, catalogue());
    CHECK(s.score == 0.0);
    CHECK(s.category == "tidak-informatif");
}

TEST_CASE("reports::rank orders by score, then fewer fails, then name", "[reports]") {
    auto r = pantau::reports::rank({{50, 2, "b"}, {80, 0, "z"}, {50, 1, "c"}, {50, 2, "a"}});
    CHECK(r == std::vector<int>{4, 1, 2, 3});
}

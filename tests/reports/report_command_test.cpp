// `pantau report` end to end: the built binary renders a stored run again. Needs the `pantau` target
// built (tests_cli depends on it; this test is skipped with a warning when the binary is missing).
#include "tests/reports/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace pantau;

namespace {

bool have_binary() {
    return std::filesystem::exists(PANTAU_BINARY);
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("pantau report renders a stored run in the chosen formats and language", "[reports][cli]") {
    if (!have_binary()) {
        WARN("skipped: the pantau binary is not built (" PANTAU_BINARY ")");
        return;
    }
    const std::string dir = test::temp_dir("pantau-report-cmd");
    const std::string db = dir + "/runs.db";
    { auto fx = test::make_reports_fixture(db); }

    // The latest run by default; --rules supplies titles and weights of the stored findings.
    auto r = test::run_pantau({"report", "--db", db, "--out", dir + "/latest", "--rules",
                               test::fixture_path("reports/catalogue.yaml"), "--format", "json,csv"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("dibandingkan dengan run 1") != std::string::npos);
    CHECK(std::filesystem::exists(dir + "/latest/report.json"));
    CHECK(std::filesystem::exists(dir + "/latest/ranking.csv"));
    CHECK_FALSE(std::filesystem::exists(dir + "/latest/report.html"));
    const auto j = nlohmann::json::parse(slurp(dir + "/latest/report.json"));
    CHECK(j["run"]["id"] == 3);
    CHECK(j["sites"][0]["site"]["name"] == "Dinas Kesehatan");

    // An older run, in English, as HTML.
    r = test::run_pantau({"report", "--db", db, "--out", dir + "/first", "--run", "1", "--lang", "en",
                          "--rules", test::fixture_path("reports/catalogue.yaml"), "--format", "html"});
    REQUIRE(r.exit_code == 0);
    const std::string html = slurp(dir + "/first/report.html");
    CHECK(html.find("<html lang=\"en\">") != std::string::npos);
    CHECK(html.find("Dinas Lama") != std::string::npos); // only in run 1
    CHECK(html.find("no earlier run of this registry") != std::string::npos);
}

TEST_CASE("pantau report refuses a missing database, an unknown run or format with exit 2",
          "[reports][cli]") {
    if (!have_binary()) {
        WARN("skipped: the pantau binary is not built (" PANTAU_BINARY ")");
        return;
    }
    const std::string dir = test::temp_dir("pantau-report-cmd");
    const std::string db = dir + "/runs.db";
    { auto fx = test::make_reports_fixture(db); }
    auto r = test::run_pantau({"report", "--db", dir + "/nope.db", "--out", dir + "/o"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("nope.db") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir + "/nope.db"));
    r = test::run_pantau({"report", "--db", db, "--out", dir + "/o", "--run", "42"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no run 42") != std::string::npos);
    r = test::run_pantau({"report", "--db", db, "--out", dir + "/o", "--format", "html,pdf"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("'pdf'") != std::string::npos);
}

// report.xlsx read back by a real reader: openpyxl (Debian's python3-openpyxl, run with /usr/bin/python3).
// Skipped with a warning when the reader is not installed (scripts/install-deps installs it).
#include "reports/xlsx.hpp"
#include "tests/reports/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace pantau;
using nlohmann::json;

namespace {

bool have_openpyxl() {
    if (!std::filesystem::exists("/usr/bin/python3")) {
        return false;
    }
    return test::run_process({"/usr/bin/python3", "-c", "import openpyxl"}).exit_code == 0;
}

json read_back(const std::filesystem::path& xlsx) {
    const auto r = test::run_process(
        {"/usr/bin/python3", std::string(PANTAU_SOURCE_DIR) + "/tests/reports/xlsx_read.py", xlsx.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

} // namespace

TEST_CASE("reports::write_xlsx ranking and findings sheets read back with openpyxl", "[reports][xlsx]") {
    if (!have_openpyxl()) {
        WARN("skipped: /usr/bin/python3 with openpyxl (Debian python3-openpyxl) is not installed");
        return;
    }
    auto fx = test::make_reports_fixture();
    const auto& cat = test::reports_catalogue();
    const auto report = reports::load_run_report(*fx.db, fx.current_run, cat, "id");
    const std::filesystem::path path = test::temp_dir("pantau-xlsx") + "/report.xlsx";
    reports::write_xlsx(report, cat, path);

    const json book = read_back(path);
    REQUIRE(book["sheets"].size() == 2);
    const json& ranking = book["sheets"][0];
    CHECK(ranking["name"] == "Peringkat");
    CHECK(ranking["freeze"] == "A2");
    CHECK(ranking["autofilter"] == "A1:O6"); // 7 + 7 groups + fails columns, header + 5 sites
    const json& rows = ranking["rows"];
    REQUIRE(rows.size() == 6);
    CHECK(rows[0][0] == "Peringkat");
    CHECK(rows[0][7] == "Informasi Berkala");
    CHECK(rows[0][14] == "Gagal");
    CHECK(rows[1][0] == 1);
    CHECK(rows[1][2] == "Dinas Kesehatan");
    CHECK(rows[1][5] == 95.0);
    CHECK(rows[1][6] == "Informatif");
    CHECK(rows[1][10] == 75.0); // ppid
    // A formula-looking name is a string cell, shown as typed, never evaluated.
    CHECK(rows[2][2] == "=1+1 Bappeda");
    CHECK(rows[5][2] == std::string(test::k_inject_script) + " Dinas " + test::k_inject_img);
    CHECK(rows[5][14] == 7);

    const json& findings = book["sheets"][1];
    CHECK(findings["name"] == "Temuan");
    CHECK(findings["freeze"] == "A2");
    CHECK(findings["autofilter"] == "A1:N56"); // 5 sites x 11 rules
    REQUIRE(findings["rows"].size() == 56);
    const json& first = findings["rows"][1];
    CHECK(first[1] == "Dinas Kesehatan");
    CHECK(first[4] == "kip.berkala.profil");
    CHECK(first[6] == "pass");
    CHECK(first[10] == "https://dinkes.contohkab.go.id/profil");
    CHECK(first[12] == "2025-12-01");
    CHECK(first[13] == 200);
}

TEST_CASE("reports::write_xlsx labels sheets and headers in English with lang en", "[reports][xlsx]") {
    if (!have_openpyxl()) {
        WARN("skipped: /usr/bin/python3 with openpyxl (Debian python3-openpyxl) is not installed");
        return;
    }
    auto fx = test::make_reports_fixture();
    const auto& cat = test::reports_catalogue();
    const auto report = reports::load_run_report(*fx.db, fx.current_run, cat, "en");
    const std::filesystem::path path = test::temp_dir("pantau-xlsx") + "/report.xlsx";
    reports::write_xlsx(report, cat, path);
    const json book = read_back(path);
    CHECK(book["sheets"][0]["name"] == "Ranking");
    CHECK(book["sheets"][1]["name"] == "Findings");
    CHECK(book["sheets"][0]["rows"][1][6] == "Informative");
}

TEST_CASE("reports::write_xlsx names the file it cannot write", "[reports][xlsx]") {
    auto fx = test::make_reports_fixture();
    const auto report = reports::load_run_report(*fx.db, fx.current_run, test::reports_catalogue(), "id");
    CHECK_THROWS_WITH(
        reports::write_xlsx(report, test::reports_catalogue(), "/nonexistent-dir/x/report.xlsx"),
        Catch::Contains("/nonexistent-dir/x/report.xlsx"));
}

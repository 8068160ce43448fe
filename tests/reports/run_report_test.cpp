// Ranking, ranking within pemda, run-to-run diff and the golden JSON/CSV of a small stored run.
#include "reports/csv.hpp"
#include "reports/diff.hpp"
#include "reports/run_report.hpp"
#include "reports/score.hpp"
#include "reports/write.hpp"
#include "tests/reports/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace pantau;

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Golden comparison; PANTAU_UPDATE_GOLDEN=1 rewrites the file instead (then review the diff).
void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = test::fixture_path("reports/" + name);
    if (std::getenv("PANTAU_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path, std::ios::binary) << actual;
    }
    const std::string expected = read_file(path);
    INFO("golden file " << path << " (PANTAU_UPDATE_GOLDEN=1 rewrites it)");
    CHECK(actual == expected);
}

// Timestamps say when the fixture was written, not what the report computed.
void drop_timestamps(nlohmann::json& j) {
    if (j.is_object()) {
        j.erase("started_at");
        j.erase("finished_at");
        for (auto& [k, v] : j.items()) {
            drop_timestamps(v);
        }
    } else if (j.is_array()) {
        for (auto& v : j) {
            drop_timestamps(v);
        }
    }
}

std::vector<std::string> names(const reports::RunReport& r) {
    std::vector<std::string> out;
    for (const auto& s : r.sites) {
        out.push_back(s.site.name);
    }
    return out;
}

} // namespace

TEST_CASE("reports::rank_within ranks each pemda separately in the run order", "[reports]") {
    const std::vector<reports::RankInput> in = {{70, 1, "a"}, {90, 0, "b"}, {80, 0, "c"}, {60, 0, "d"}};
    const std::vector<std::string> pemda = {"Kab", "Kota", "Kab", "Kota"};
    CHECK(reports::rank(in) == std::vector<int>{3, 1, 2, 4});
    CHECK(reports::rank_within(in, pemda) == std::vector<int>{2, 1, 1, 2});
}

TEST_CASE("reports::load_run_report ranks the run and within each pemda, ties by fails then name",
          "[reports]") {
    auto fx = test::make_reports_fixture();
    const auto r = reports::load_run_report(*fx.db, fx.current_run, test::reports_catalogue(), "id");
    const std::string hostile = std::string(test::k_inject_script) + " Dinas " + test::k_inject_img;
    // "=1+1 Bappeda" and "Dinas Sosial" have the same findings: the name decides, every time.
    CHECK(names(r) == std::vector<std::string>{"Dinas Kesehatan", "=1+1 Bappeda", "Dinas Sosial",
                                               "Dinas Pendidikan", hostile});
    std::vector<int> ranks;
    std::vector<int> pemda_ranks;
    for (const auto& s : r.sites) {
        ranks.push_back(s.rank);
        pemda_ranks.push_back(s.pemda_rank);
    }
    CHECK(ranks == std::vector<int>{1, 2, 3, 4, 5});
    CHECK(pemda_ranks == std::vector<int>{1, 1, 2, 2, 3});
    CHECK(r.sites[0].score.score == Approx(95.0)); // ppid: pass + warn = 75, every other group 100
    CHECK(r.sites[0].score.category == "informatif");
    CHECK(r.sites[1].score.score == r.sites[2].score.score);
}

TEST_CASE("reports::load_run_report summarises availability from the stored pages", "[reports]") {
    auto fx = test::make_reports_fixture();
    const auto r = reports::load_run_report(*fx.db, fx.current_run, test::reports_catalogue(), "id");
    const auto& a = r.sites[0].availability; // Dinas Kesehatan
    CHECK(a.pages == 5);                     // the off-site evidence page is not the site's
    CHECK(a.ok == 4);
    CHECK(a.errors == 1);
    REQUIRE(a.median_ttfb_ms);
    CHECK(*a.median_ttfb_ms == Approx(200));
    CHECK(*a.p90_ttfb_ms == Approx(1500));
    CHECK(a.documents == 2);
    CHECK(a.documents_broken == 1);
    REQUIRE(a.failures.size() == 1);
    CHECK(a.failures[0].first == "http_4xx");
}

TEST_CASE("reports::previous_run is the newest earlier run of the same registry", "[reports]") {
    auto fx = test::make_reports_fixture();
    const auto prev = reports::previous_run(*fx.db, fx.current_run);
    REQUIRE(prev);
    CHECK(prev->id == fx.previous_run); // not the `check` run in between
    CHECK_FALSE(reports::previous_run(*fx.db, fx.previous_run));
}

TEST_CASE("reports::diff_runs lists what became fail, what was fixed and the score change", "[reports]") {
    auto fx = test::make_reports_fixture();
    const auto& cat = test::reports_catalogue();
    const auto r = reports::load_run_report(*fx.db, fx.current_run, cat, "id");
    const auto diff = reports::load_run_diff(*fx.db, r, cat);
    REQUIRE(diff);
    CHECK(diff->previous.id == fx.previous_run);
    REQUIRE(diff->sites.size() == 5);

    const auto& kes = diff->sites[0];
    CHECK(kes.name == "Dinas Kesehatan");
    REQUIRE(kes.fixed.size() == 1);
    CHECK(kes.fixed[0].rule == "kip.ppid.ada");
    CHECK(kes.fixed[0].before == "fail");
    CHECK(kes.fixed[0].after == "pass");
    CHECK(kes.became_fail.empty());
    CHECK(kes.delta > 0);

    const auto& dik = diff->sites[3];
    CHECK(dik.name == "Dinas Pendidikan");
    std::vector<std::string> failing;
    for (const auto& c : dik.became_fail) {
        failing.push_back(c.rule);
    }
    CHECK(failing == std::vector<std::string>{"kip.setiap-saat.sop", "kip.ppid.ada", "fresh.berita"});
    CHECK(dik.delta < 0);
    CHECK(dik.previous_rank == 3); // behind Dinas Lama and Dinas Kesehatan
    CHECK(*dik.previous_score - dik.score == Approx(-dik.delta));

    CHECK(diff->sites[2].name == "Dinas Sosial");
    CHECK(diff->sites[2].is_new);
    REQUIRE(diff->removed.size() == 1);
    CHECK(diff->removed[0].name == "Dinas Lama");

    // Biggest movers: one riser, one faller; unchanged sites are neither.
    REQUIRE(diff->risers.size() == 1);
    CHECK(diff->sites[diff->risers[0]].name == "Dinas Kesehatan");
    REQUIRE(diff->fallers.size() == 1);
    CHECK(diff->sites[diff->fallers[0]].name == "Dinas Pendidikan");
}

TEST_CASE("reports::run_json of a stored run matches the golden file", "[reports]") {
    auto fx = test::make_reports_fixture();
    const auto r = reports::load_run_report(*fx.db, fx.current_run, test::reports_catalogue(), "id");
    nlohmann::json j = reports::run_json(r);
    REQUIRE(j["sites"].size() == 5);
    // The contract fields of DESIGN.md, in rank order.
    for (std::size_t i = 0; i < j["sites"].size(); ++i) {
        const auto& s = j["sites"][i];
        CHECK(s["rank"] == static_cast<int>(i) + 1);
        for (const char* key : {"site", "run", "score", "category", "rank", "groups", "findings"}) {
            CHECK(s.contains(key));
        }
    }
    drop_timestamps(j);
    check_golden("report.golden.json", j.dump(2) + "\n");
}

TEST_CASE("reports::ranking_csv of a stored run matches the golden file", "[reports]") {
    auto fx = test::make_reports_fixture();
    const auto r = reports::load_run_report(*fx.db, fx.current_run, test::reports_catalogue(), "id");
    const std::string csv = reports::ranking_csv(r, test::reports_catalogue());
    CHECK(csv.rfind("\xEF\xBB\xBF"
                    "rank,site,pemda,url,score,category,berkala,",
                    0) == 0);
    CHECK(csv.find("\r\n2,'=1+1 Bappeda,Kota Contoh,") != std::string::npos);
    check_golden("ranking.golden.csv", csv);
}

TEST_CASE("reports::csv_cell makes formula cells inert and quotes separators", "[reports]") {
    CHECK(reports::csv_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(reports::csv_cell("+62 21 555") == "'+62 21 555");
    CHECK(reports::csv_cell("-1") == "'-1");
    CHECK(reports::csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(reports::csv_cell("Dinas Kesehatan, Kab.") == "\"Dinas Kesehatan, Kab.\"");
    CHECK(reports::csv_cell("plain") == "plain");
}

TEST_CASE("reports::parse_formats accepts any subset and names an unknown one", "[reports]") {
    auto f = reports::parse_formats("csv, json");
    REQUIRE(f);
    CHECK(f->csv);
    CHECK(f->json);
    CHECK_FALSE(f->html);
    CHECK_FALSE(f->xlsx);
    auto bad = reports::parse_formats("html,pdf");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().find("'pdf'") != std::string::npos);
    CHECK_FALSE(reports::parse_formats(""));
}

TEST_CASE("reports::write_reports writes every chosen format and nothing else", "[reports]") {
    auto fx = test::make_reports_fixture();
    const auto& cat = test::reports_catalogue();
    const auto r = reports::load_run_report(*fx.db, fx.current_run, cat, "en");
    const auto diff = reports::load_run_diff(*fx.db, r, cat);
    const std::filesystem::path dir = test::temp_dir("pantau-reports") + "/out";
    const auto files = reports::write_reports(r, diff ? &*diff : nullptr, cat, dir);
    CHECK(files.size() == 1 + 5 + 3);
    for (const char* name : {"report.html", "report.json", "ranking.csv", "report.xlsx"}) {
        CHECK(std::filesystem::file_size(dir / name) > 0);
    }
    CHECK(nlohmann::json::parse(read_file(dir / "report.json"))["sites"].size() == 5);
    CHECK(read_file(dir / "report.html").find("<html lang=\"en\">") != std::string::npos);
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        CHECK(e.path().extension() != ".tmp");
    }

    const std::filesystem::path only = test::temp_dir("pantau-reports") + "/csv";
    reports::Formats csv_only{false, false, true, false};
    CHECK(reports::write_reports(r, nullptr, cat, only, csv_only).size() == 1);
    CHECK_FALSE(std::filesystem::exists(only / "report.html"));
}

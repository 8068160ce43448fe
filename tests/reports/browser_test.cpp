// The HTML report in a real browser: headless Chromium (Debian's `chromium`) opens the overview and
// the hostile fixture site's page from disk via tests/support/browser_check.py (DevTools protocol).
// Asserts: no dialog, no console error, no CSP violation, no request other than the file itself,
// injected markup shown as text, our hashed script runs (sorting, filtering). Skipped with a warning
// when Chromium or python3 is not installed (scripts/install-deps installs both).
// PANTAU_SCREENSHOT_DIR=DIR keeps the screenshots there (docs/ holds two of them).
#include "reports/diff.hpp"
#include "reports/html.hpp"
#include "reports/write.hpp"
#include "tests/reports/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace pantau;
using nlohmann::json;

namespace {

constexpr const char* k_chromium = "/usr/bin/chromium";
constexpr const char* k_python = "/usr/bin/python3";

bool have_browser() {
    return std::filesystem::exists(k_chromium) && std::filesystem::exists(k_python);
}

// Everything a page must satisfy whatever it shows.
void check_clean(const json& page) {
    INFO(page.dump(1));
    CHECK(page["loaded"] == true);
    CHECK(page["dialogs"].empty());
    CHECK(page["exceptions"].empty());
    for (const auto& c : page["console"]) {
        CHECK(c["type"] != "error");
    }
    // CSP violations and failed loads arrive as log entries of level error.
    for (const auto& l : page["log"]) {
        CHECK(l["level"] != "error");
    }
    // The page itself is the only request: no CDN, no font, no image, no beacon.
    for (const auto& r : page["requests"]) {
        CHECK(r.get<std::string>().rfind("file://", 0) == 0);
    }
    CHECK(page["requests"].size() <= 1);
}

} // namespace

TEST_CASE("reports::render_html opens in headless Chromium with no dialog, error or request",
          "[reports][browser]") {
    if (!have_browser()) {
        WARN(
            "skipped: /usr/bin/chromium or /usr/bin/python3 is missing (scripts/install-deps installs them)");
        return;
    }
    auto fx = test::make_reports_fixture();
    const auto& cat = test::reports_catalogue();
    const auto report = reports::load_run_report(*fx.db, fx.current_run, cat, "id");
    const auto diff = reports::load_run_diff(*fx.db, report, cat);
    REQUIRE(diff);
    const std::filesystem::path dir = test::temp_dir("pantau-browser");
    reports::write_reports(report, &*diff, cat, dir, reports::Formats{true, false, false, false});

    const reports::SiteReport& hostile = report.sites.back();
    REQUIRE(hostile.site.name.find("<script>") != std::string::npos);
    std::filesystem::path shots = dir;
    if (const char* keep = std::getenv("PANTAU_SCREENSHOT_DIR")) {
        shots = keep;
    }
    const std::string overview_png = (shots / "report-overview.png").string();
    const std::string site_png = (shots / "report-site.png").string();
    const std::string text_has = "document.body.innerText.includes(";
    const json config = {
        {"chromium", k_chromium},
        {"width", 1440},
        {"pages",
         {{{"url", "file://" + (dir / "report.html").string()},
           {"screenshot", overview_png},
           {"eval",
            {{"script_ran", "document.documentElement.getAttribute('data-js')"},
             {"images", "document.images.length"},
             {"scripts", "document.scripts.length"},
             {"script_text", text_has + json(test::k_inject_script).dump() + ")"},
             {"img_text", text_has + json(test::k_inject_img).dump() + ")"},
             {"lowest_first",
              "(function(){var b=document.querySelector('#ranking thead th:nth-child(5) button');b.click();"
              "return document.querySelector('#ranking tbody tr').cells[0].textContent;})()"},
             {"kota_rows", "(function(){var s=document.getElementById('f-pemda');s.value='Kota Contoh';"
                           "s.dispatchEvent(new Event('change'));"
                           "return [].filter.call(document.querySelectorAll('#ranking tbody "
                           "tr'),function(r){return !r.hidden;})"
                           ".length;})()"}}}},
          {{"url", "file://" + (dir / reports::site_page_path(hostile)).string()},
           {"eval",
            {{"images", "document.images.length"},
             {"scripts", "document.scripts.length"},
             {"script_text", text_has + json(test::k_inject_script).dump() + ")"},
             {"img_text", text_has + json(test::k_inject_img).dump() + ")"},
             {"js_links", "document.querySelectorAll('a[href^=\"javascript\"]').length"},
             {"evidence_links", "document.querySelectorAll('ul.ev a').length"}}}},
          // A site with gaps and changes since the previous run: the page an agency is sent.
          {{"url", "file://" + (dir / reports::site_page_path(report.sites[3])).string()},
           {"screenshot", site_png},
           {"eval",
            {{"checklist", "document.querySelectorAll('details.f').length"},
             {"open_gaps", "document.querySelectorAll('details.f[open]').length"},
             {"became_fail", "document.querySelectorAll('#perubahan li').length"}}}}}}};
    const std::string config_path = (dir / "browser.json").string();
    std::ofstream(config_path) << config.dump();

    const auto run = test::run_process(
        {k_python, std::string(PANTAU_SOURCE_DIR) + "/tests/support/browser_check.py", config_path});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const json result = json::parse(run.out);
    REQUIRE(result["pages"].size() == 3);

    const json& overview = result["pages"][0];
    check_clean(overview);
    CHECK(overview["eval"]["script_ran"] == "ready"); // our script's hash is the one the CSP allows
    CHECK(overview["eval"]["images"] == 0);
    CHECK(overview["eval"]["scripts"] == 1);
    CHECK(overview["eval"]["script_text"] == true);
    CHECK(overview["eval"]["img_text"] == true);
    CHECK(overview["eval"]["lowest_first"] == "5"); // sorted by score ascending: the last-ranked site
    CHECK(overview["eval"]["kota_rows"] == 3);

    const json& site = result["pages"][1];
    check_clean(site);
    CHECK(site["eval"]["images"] == 0);
    CHECK(site["eval"]["scripts"] == 0);
    CHECK(site["eval"]["script_text"] == true);
    CHECK(site["eval"]["img_text"] == true);
    CHECK(site["eval"]["js_links"] == 0);
    CHECK(site["eval"]["evidence_links"] == 4); // 3 plain + 1 hostile https evidence; javascript: is text

    const json& gaps = result["pages"][2];
    check_clean(gaps);
    CHECK(gaps["eval"]["checklist"] == 11);
    CHECK(gaps["eval"]["open_gaps"] == 4); // fails open, passes folded
    CHECK(gaps["eval"]["became_fail"] == 3);
    CHECK(std::filesystem::file_size(overview_png) > 10'000);
    CHECK(std::filesystem::file_size(site_png) > 10'000);
}

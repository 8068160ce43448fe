// The HTML report as text: escaping of crawled strings, the CSP and its hashes, the language, the
// disclaimer and that nothing loads from elsewhere. (browser_test.cpp checks the same in Chromium.)
#include "reports/diff.hpp"
#include "reports/html.hpp"
#include "tests/reports/fixture.hpp"

#include <catch2/catch.hpp>

using namespace pantau;

namespace {

struct Rendered {
    reports::RunReport report;
    std::vector<reports::HtmlFile> files;
};

Rendered render(const std::string& lang) {
    auto fx = test::make_reports_fixture();
    const auto& cat = test::reports_catalogue();
    Rendered out;
    out.report = reports::load_run_report(*fx.db, fx.current_run, cat, lang);
    const auto diff = reports::load_run_diff(*fx.db, out.report, cat);
    out.files = reports::render_html(out.report, diff ? &*diff : nullptr, cat);
    return out;
}

std::string between(const std::string& s, const std::string& open, const std::string& close) {
    const auto a = s.find(open);
    if (a == std::string::npos) {
        return {};
    }
    const auto b = s.find(close, a + open.size());
    return s.substr(a + open.size(), b - a - open.size());
}

} // namespace

TEST_CASE("reports::render_html writes an overview and one page per site", "[reports]") {
    const auto r = render("id");
    REQUIRE(r.files.size() == 6);
    CHECK(r.files[0].path == "report.html");
    for (const auto& s : r.report.sites) {
        CHECK(r.files[0].html.find("href=\"" + reports::site_page_path(s) + "\"") != std::string::npos);
    }
}

TEST_CASE("reports::render_html shows crawled markup as text and links only http(s)", "[reports]") {
    const auto r = render("id");
    for (const auto& f : r.files) {
        INFO(f.path);
        // The only <script> is our own, on the overview; no injected element of any kind.
        CHECK(f.html.find("<script>alert") == std::string::npos);
        CHECK(f.html.find("<img") == std::string::npos);
        CHECK(f.html.find("onerror=alert(1)>") == std::string::npos);
        CHECK(f.html.find("href=\"javascript:") == std::string::npos);
        CHECK(f.html.find("<b>terlalu") == std::string::npos);
    }
    const std::string& hostile = r.files.back().html;
    CHECK(hostile.find(
              "&lt;script&gt;alert(1)&lt;/script&gt; Dinas &quot;&gt;&lt;img src=x onerror=alert(1)&gt;") !=
          std::string::npos);
    CHECK(hostile.find("&lt;b&gt;terlalu lambat&lt;/b&gt; &amp; berhenti") != std::string::npos);
    CHECK(hostile.find("javascript:alert(1)") != std::string::npos); // shown, not linked
}

TEST_CASE("reports::render_html CSP allows exactly our inline style and script by hash", "[reports]") {
    const auto r = render("id");
    for (const auto& f : r.files) {
        INFO(f.path);
        std::string csp = between(f.html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
        // The attribute is escaped: ' is written &#39;.
        for (auto at = csp.find("&#39;"); at != std::string::npos; at = csp.find("&#39;")) {
            csp.replace(at, 5, "'");
        }
        REQUIRE_FALSE(csp.empty());
        CHECK(csp.find("default-src 'none'") != std::string::npos);
        CHECK(csp.find("unsafe-inline") == std::string::npos);
        const std::string style = between(f.html, "<style>", "</style>");
        CHECK(csp.find("style-src '" + reports::csp_hash(style) + "'") != std::string::npos);
        const bool overview = f.path == "report.html";
        if (overview) {
            const std::string script = between(f.html, "<script>", "</script>");
            CHECK(csp.find("script-src '" + reports::csp_hash(script) + "'") != std::string::npos);
        } else {
            CHECK(csp.find("script-src 'none'") != std::string::npos);
            CHECK(f.html.find("<script") == std::string::npos);
        }
        // Nothing to fetch: no src attribute, no stylesheet link, no style attribute the CSP would block.
        CHECK(f.html.find(" src=\"") == std::string::npos);
        CHECK(f.html.find("rel=\"stylesheet\"") == std::string::npos);
        CHECK(f.html.find(" style=") == std::string::npos);
    }
    // A known vector: sha256("") in base64.
    CHECK(reports::csp_hash("") == "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

TEST_CASE("reports::render_html is in Bahasa Indonesia by default and English with lang en", "[reports]") {
    const auto id = render("id");
    const std::string& ov = id.files[0].html;
    CHECK(ov.find("<html lang=\"id\">") != std::string::npos);
    CHECK(ov.find("estimasi kesiapan e-Monev") != std::string::npos);
    CHECK(ov.find("bukan kualifikasi resmi") != std::string::npos);
    CHECK(ov.find("Sebaran kategori") != std::string::npos);
    CHECK(ov.find("95,0") != std::string::npos); // Indonesian decimal comma
    const auto en = render("en");
    const std::string& ov_en = en.files[0].html;
    CHECK(ov_en.find("<html lang=\"en\">") != std::string::npos);
    CHECK(ov_en.find("not the official qualification") != std::string::npos);
    CHECK(ov_en.find("Distribution across categories") != std::string::npos);
    CHECK(ov_en.find("95.0") != std::string::npos);
    CHECK(ov_en.find("Sebaran kategori") == std::string::npos);
}

TEST_CASE("reports::render_html draws the category distribution and group means as inline SVG", "[reports]") {
    const auto r = render("id");
    const std::string chart = between(r.files[0].html, "<section id=\"distribusi\">", "</section>");
    CHECK(chart.find("<svg") != std::string::npos);
    // 1 Informatif, 0 Menuju, 2 Cukup, 1 Kurang, 1 Tidak.
    for (const char* label : {">1 situs<", ">0 situs<", ">2 situs<"}) {
        CHECK(chart.find(label) != std::string::npos);
    }
    const std::string groups = between(r.files[0].html, "<section id=\"kelompok\">", "</section>");
    CHECK(groups.find("PPID dan Standar Layanan") != std::string::npos);
    CHECK(groups.find(">45,0<") != std::string::npos); // (75 + 50 + 50 + 50 + 0) / 5
}

TEST_CASE("reports::render_html site page lists gaps with basis, fix, evidence dates and changes",
          "[reports]") {
    const auto r = render("id");
    // Dinas Pendidikan: rank 4, three rules became fail since run 1.
    const std::string& page = r.files[4].html;
    REQUIRE(page.find("Dinas Pendidikan") != std::string::npos);
    CHECK(page.find("Menjadi gagal (3)") != std::string::npos);
    CHECK(page.find("UU 14/2008 Pasal 9 ayat (2) huruf c") != std::string::npos);
    CHECK(page.find("Unggah ringkasan laporan keuangan") != std::string::npos);
    CHECK(page.find("tanggal 2025-12-01") != std::string::npos);
    CHECK(page.find("praktik baik, bukan pasal KIP") != std::string::npos);
    CHECK(page.find("Peringkat di pemda</dt><dd>2 dari 2 (Kabupaten Contoh)") != std::string::npos);
}

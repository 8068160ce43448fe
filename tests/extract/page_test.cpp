// Tests of extract_page: the facts a rule reads from one HTML page.
#include "extract/page.hpp"

#include <catch2/catch.hpp>

#include "extract/facts_json.hpp"
#include "tests/support/process.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

using pantau::extract::extract_page;
using pantau::extract::Link;
using pantau::extract::PageFacts;

namespace {

const Link* find_link(const PageFacts& f, const std::string& url) {
    auto it = std::find_if(f.links.begin(), f.links.end(), [&](const Link& l) { return l.url == url; });
    return it == f.links.end() ? nullptr : &*it;
}

} // namespace

TEST_CASE("extract::extract_page reads title, lang and headings", "[extract]") {
    auto f = extract_page(R"html(<!doctype html><html lang="id"><head><title>  Dinas
        Kominfo </title></head><body><h1>Profil <b>PPID</b></h1><h3>Informasi Berkala</h3>
        <svg><title>ikon</title></svg></body></html>)html",
                          "https://dinkes.contohkab.go.id/");
    CHECK(f.title == "Dinas Kominfo");
    CHECK(f.lang == "id");
    REQUIRE(f.headings.size() == 2);
    CHECK(f.headings[0].level == 1);
    CHECK(f.headings[0].text == "Profil PPID");
    CHECK(f.headings[1].level == 3);
    CHECK(f.headings[1].text == "Informasi Berkala");
}

TEST_CASE("extract::extract_page keeps visible text only", "[extract]") {
    auto f = extract_page(R"html(<html><head><style>p{}</style><script>var x="skrip";</script></head><body>
        <p>Informasi&nbsp;Serta   Merta</p><p>Ser<b>ta</b></p><noscript>aktifkan js</noscript>
        <div style="display:none">slot gacor</div><div hidden>tersembunyi</div>
        <template><p>templat</p></template><p>akhir</p></body></html>)html",
                          "https://a.go.id/");
    CHECK(f.text == "Informasi Serta Merta Serta akhir");
}

TEST_CASE("extract::extract_page resolves links against the page URL and base href", "[extract]") {
    SECTION("page URL") {
        auto f =
            extract_page(R"html(<a href="../ppid/dip.html#top">DIP</a><a href="/laporan 2024.PDF">Laporan</a>
            <a href=" https://lapor.go.id ">LAPOR!</a>)html",
                         "https://dinkes.contohkab.go.id/profil/index.php");
        REQUIRE(f.links.size() == 3);
        CHECK(f.links[0].url == "https://dinkes.contohkab.go.id/ppid/dip.html");
        CHECK(f.links[0].text == "DIP");
        CHECK_FALSE(f.links[0].is_document);
        CHECK(f.links[1].url == "https://dinkes.contohkab.go.id/laporan%202024.PDF");
        CHECK(f.links[1].is_document);
        CHECK(f.links[2].url == "https://lapor.go.id/");
    }
    SECTION("base href, even when it appears after a link") {
        auto f = extract_page(R"html(<html><head><base href="https://cdn.contohkab.go.id/dir/"></head>
            <body><a href="x.html">x</a></body></html>)html",
                              "https://www.contohkab.go.id/");
        CHECK(f.base_href == "https://cdn.contohkab.go.id/dir/");
        REQUIRE(f.links.size() == 1);
        CHECK(f.links[0].url == "https://cdn.contohkab.go.id/dir/x.html");
    }
}

TEST_CASE("extract::extract_page sorts mailto and tel out of links and skips script links", "[extract]") {
    auto f = extract_page(R"html(<a href="mailto:PPID@contohkab.go.id?subject=Halo">surel</a>
        <a href="tel:+62-21-555">telepon</a><a href="javascript:void(0)">menu</a>
        <a href="data:text/html,hi">data</a><p>Kontak: info@dinkes.contohkab.go.id.</p>)html",
                          "https://contohkab.go.id/");
    CHECK(f.links.empty());
    CHECK(f.emails == std::vector<std::string>{"ppid@contohkab.go.id", "info@dinkes.contohkab.go.id"});
    CHECK(f.phones == std::vector<std::string>{"+62-21-555"});
}

TEST_CASE("extract::extract_page records image banners, titles and nofollow on links", "[extract]") {
    auto f = extract_page(
        R"html(<a href="https://lpse.contohkab.go.id" title="Layanan Pengadaan" rel="noopener nofollow">
        <img src="/img/lpse.png" alt="LPSE"></a><img src="x.png"><img src="y.png" alt="">)html",
        "https://contohkab.go.id/beranda");
    const Link* l = find_link(f, "https://lpse.contohkab.go.id/");
    REQUIRE(l != nullptr);
    CHECK(l->title == "Layanan Pengadaan");
    CHECK(l->img_alt == "LPSE");
    CHECK(l->img_src == "https://contohkab.go.id/img/lpse.png");
    CHECK(l->nofollow);
    CHECK(l->text.empty());
    CHECK(f.images == 3);
    CHECK(f.images_without_alt == 1);
}

TEST_CASE("extract::extract_page marks links in hidden blocks", "[extract]") {
    auto f = extract_page(R"html(<a href="/berita">Berita</a>
        <div style="position:absolute; LEFT: -9999px"><a href="https://slot.example/">slot gacor</a></div>
        <span style="font-size:1px"><a href="https://judi.example/">judi online</a></span>
        <div style="visibility: hidden !important"><a href="https://x.example/">x</a></div>)html",
                          "https://contohkab.go.id/");
    REQUIRE(f.links.size() == 4);
    CHECK_FALSE(f.links[0].hidden);
    CHECK(f.links[1].hidden);
    CHECK(f.links[1].text == "slot gacor");
    CHECK(f.links[2].hidden);
    CHECK(f.links[3].hidden);
    CHECK(f.text == "Berita");
}

TEST_CASE("extract::extract_page reads meta, forms and tables", "[extract]") {
    auto f = extract_page(R"html(<html><head><meta name="ROBOTS" content="NoIndex, follow">
        <meta property="article:published_time" content="2024-05-15T08:00:00+07:00"></head><body>
        <form action="kirim.php" METHOD="POST"><input name="nama"><select name="jenis"></select>
        <textarea name="isi"></textarea><input type="submit"></form>
        <table><tr><th>No</th><th>Ringkasan Isi</th></tr><tr><td>1</td><td>a</td></tr>
        <tr><td>2</td><td>b</td></tr></table>
        <table><tr><td>Jenis</td><td>Tahun</td></tr><tr><td>LKjIP</td><td>2023</td></tr></table>
        </body></html>)html",
                          "https://contohkab.go.id/ppid/");
    CHECK(f.meta_noindex);
    CHECK_FALSE(f.meta_nofollow);
    REQUIRE(f.metas.size() == 2);
    CHECK(f.metas[0].name == "robots");
    CHECK(f.metas[1].name == "article:published_time");
    REQUIRE(f.forms.size() == 1);
    CHECK(f.forms[0].action == "https://contohkab.go.id/ppid/kirim.php");
    CHECK(f.forms[0].method == "post");
    CHECK(f.forms[0].fields == std::vector<std::string>{"nama", "jenis", "isi"});
    REQUIRE(f.tables.size() == 2);
    CHECK(f.tables[0].headers == std::vector<std::string>{"No", "Ringkasan Isi"});
    CHECK(f.tables[0].rows == 2);
    CHECK(f.tables[1].headers == std::vector<std::string>{"Jenis", "Tahun"});
    CHECK(f.tables[1].rows == 1);
}

namespace {

// 2024-12-05 10:00 WIB.
constexpr std::int64_t k_fetch = 1733367600;

pantau::extract::ExtractOptions at_fetch() {
    pantau::extract::ExtractOptions o;
    o.fetch_time = k_fetch;
    return o;
}

} // namespace

TEST_CASE("extract::extract_page collects dates from time, meta, JSON-LD, text and URL", "[extract]") {
    auto f = extract_page(R"html(<html><head>
        <meta property="article:published_time" content="2024-05-15T08:00:00+07:00">
        <meta property="article:modified_time" content="2024-06-01T09:00:00+07:00">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",
          "datePublished":"2024-05-14T10:00:00+07:00","dateModified":"2024-05-20"}]}</script></head>
        <body><article><time datetime="2024-05-15">15 Mei 2024</time>
        <p>Diunggah pada : 19 Desember 2023 17:47:33</p></article></body></html>)html",
                          "https://desa.contohkab.go.id/artikel/2024/05/15/rapat-desa", "", at_fetch());
    auto has = [&](const std::string& source, const std::string& date) {
        return std::any_of(f.dates.begin(), f.dates.end(),
                           [&](const auto& d) { return d.source == source && d.date == date; });
    };
    CHECK(has("meta:article:published_time", "2024-05-15"));
    CHECK(has("meta:article:modified_time", "2024-06-01"));
    CHECK(has("jsonld:datePublished", "2024-05-14"));
    CHECK(has("jsonld:dateModified", "2024-05-20"));
    CHECK(has("time", "2024-05-15"));
    CHECK(has("text", "2023-12-19"));
    CHECK(has("url", "2024-05-15"));
    auto it =
        std::find_if(f.dates.begin(), f.dates.end(), [](const auto& d) { return d.date == "2023-12-19"; });
    REQUIRE(it != f.dates.end());
    CHECK(it->labelled);
    CHECK(it->region == "content");
    CHECK(it->text == "19 Desember 2023 17:47:33");
}

TEST_CASE("extract::content_date follows KIP.md's order of trust", "[extract]") {
    using pantau::extract::content_date;
    SECTION("time beats meta, meta beats text") {
        auto f = extract_page(R"html(<meta property="article:published_time" content="2024-03-01">
            <article><time datetime="2024-02-01T10:00">1 Feb</time><p>Diposting 5 Januari 2024</p></article>)html",
                              "https://a.go.id/", "", at_fetch());
        const auto* d = content_date(f, k_fetch);
        REQUIRE(d != nullptr);
        CHECK(d->date == "2024-02-01");
        CHECK(d->source == "time");
    }
    SECTION("the newest of the best source: a modification is an update") {
        auto f =
            extract_page(R"html(<meta property="article:published_time" content="2024-05-15T08:00:00+07:00">
            <meta property="article:modified_time" content="2024-06-01T09:00:00+07:00">)html",
                         "https://a.go.id/", "", at_fetch());
        const auto* d = content_date(f, k_fetch);
        REQUIRE(d != nullptr);
        CHECK(d->date == "2024-06-01");
    }
    SECTION("a header widget's today is not the content date") {
        auto f = extract_page(R"html(<header><div class="tanggal">Kamis, 05 Desember 2024</div></header>
            <div class="topbar">Kamis, 5 Desember 2024 10:00 WIB</div>
            <div class="post"><h1>Rapat</h1><p>Senin, 07 Oktober 2024</p></div>)html",
                              "https://a.go.id/berita/rapat", "", at_fetch());
        const auto* d = content_date(f, k_fetch);
        REQUIRE(d != nullptr);
        CHECK(d->date == "2024-10-07");
        CHECK(d->region == "content");
    }
    SECTION("an unlabelled today outside the content is a widget too") {
        auto f = extract_page(R"html(<div>Kamis, 05 Desember 2024</div><p>Profil dinas</p>)html",
                              "https://a.go.id/", "", at_fetch());
        CHECK(content_date(f, k_fetch) == nullptr);
    }
    SECTION("labelled printed dates, then the URL path") {
        auto f = extract_page(R"html(<div><span>Tanggal Posting : 11 September 2023 05:54</span></div>)html",
                              "https://a.go.id/2022/01/02/x", "", at_fetch());
        const auto* d = content_date(f, k_fetch);
        REQUIRE(d != nullptr);
        CHECK(d->date == "2023-09-11");
        auto g = extract_page("<p>Profil</p>", "https://a.go.id/artikel/2022/1/2/x", "", at_fetch());
        const auto* u = content_date(g, k_fetch);
        REQUIRE(u != nullptr);
        CHECK(u->date == "2022-01-02");
        CHECK(u->source == "url");
    }
    SECTION("future metadata is ignored") {
        auto f = extract_page(R"html(<meta property="article:published_time" content="2030-01-01">)html",
                              "https://a.go.id/", "", at_fetch());
        CHECK(content_date(f, k_fetch) == nullptr);
    }
}

TEST_CASE("extract::extract_page handles every saved real-world page", "[extract]") {
    for (const char* name : {"arabic_newspapers.html", "baidu.html", "bbc.html", "google.html",
                             "hacker_news.html", "wikipedia.html", "xinhua.html", "yahoo.html"}) {
        INFO(name);
        std::ifstream in(pantau::test::testdata_path(std::string("html/") + name), std::ios::binary);
        std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        REQUIRE(body.size() > 1000);
        auto f = extract_page(body, "https://www.example.com/", "", at_fetch());
        CHECK_FALSE(f.title.empty());
        CHECK(f.links.size() > 10);
        // baidu.html wraps its whole page in display:none (its script reveals it): no visible text,
        // and every link counts as hidden.
        const bool all_hidden = std::all_of(f.links.begin(), f.links.end(),
                                            [](const pantau::extract::Link& l) { return l.hidden; });
        CHECK((f.text.size() > 100 || (std::string(name) == "baidu.html" && all_hidden)));
        CHECK(f.text.find("<script") == std::string::npos);
        CHECK_FALSE(f.charset.empty());
    }
}

TEST_CASE("extract::extract_page gives a page the same facts whatever was parsed before it, on any thread",
          "[extract]") {
    // Each parse thread keeps its parse memory for the next page: a page must not see anything of the
    // page before it, also after a page far larger than what is kept between pages.
    const std::string small = R"(<html><head><title>Profil PPID</title></head><body>
        <h1>Profil</h1><p>Pejabat Pengelola Informasi dan Dokumentasi, diunggah 12 Januari 2025.</p>
        <a href="/ppid/daftar-informasi">Daftar Informasi Publik</a>
        <a href="/dokumen/lkip-2024.pdf">LKjIP 2024</a></body></html>)";
    std::string huge = "<html><head><title>Arsip Berita</title></head><body><table>";
    for (int i = 0; i < 20000; ++i) {
        huge += "<tr><td><a href=\"/berita/" + std::to_string(i) + "\" class=\"item\">Berita " +
                std::to_string(i) + "</a></td><td>3 Maret 2024</td></tr>";
    }
    huge += "</table></body></html>";
    const auto facts_of = [](const std::string& html) {
        return pantau::extract::facts_to_json(extract_page(html, "https://dinkes.contohkab.go.id/", ""));
    };
    const std::string expected = facts_of(small);
    REQUIRE(expected.find("Profil PPID") != std::string::npos);
    const PageFacts big = extract_page(huge, "https://dinkes.contohkab.go.id/arsip", "");
    CHECK(big.links.size() == 20000);
    CHECK(big.title == "Arsip Berita");
    CHECK(facts_of(small) == expected);
    CHECK(extract_page(small, "https://dinkes.contohkab.go.id/", "").links.size() == 2);

    std::vector<std::string> seen(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 20; ++round) {
                (void)extract_page(round % 2 == 0 ? huge.substr(0, 20000 + 5000 * t) : small,
                                   "https://dinkes.contohkab.go.id/", "");
            }
            seen[t] = facts_of(small);
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    for (const auto& s : seen) {
        CHECK(s == expected);
    }
}

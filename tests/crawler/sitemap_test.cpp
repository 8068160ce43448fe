// tests/crawler/sitemap_test.cpp — sitemap parsing and bounded discovery (crawler/sitemap.hpp), on
// crawler-commons' sitemap corpus. Expected counts were read off the files with grep, not our parser.
#include "crawler/sitemap.hpp"

#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

using namespace pantau::crawler;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Sitemap parse_testdata(const std::string& name) {
    return parse_sitemap(read_file(pantau::test::testdata_path("sitemaps/" + name)),
                         "http://www.example.com/" + name);
}

std::vector<std::string> urls_of(const Sitemap& sitemap) {
    std::vector<std::string> out;
    for (const auto& entry : sitemap.entries) {
        out.push_back(entry.url);
    }
    return out;
}

std::string gzip(const std::string& data) {
    z_stream stream{};
    REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) ==
            Z_OK);
    std::string out(deflateBound(&stream, data.size()) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

} // namespace

TEST_CASE("crawler::parse_sitemap reads a urlset with lastmod dates from a gzip file", "[crawler][sitemap]") {
    const auto sitemap = parse_testdata("xmlSitemap.gz");
    CHECK(sitemap.gzipped);
    CHECK(sitemap.format == SitemapFormat::urlset);
    CHECK_FALSE(sitemap.xml_error);
    REQUIRE(sitemap.entries.size() == 5);
    CHECK(sitemap.entries[0].url == "http://www.example.com/");
    CHECK(sitemap.entries[0].lastmod == "2005-01-01");
    CHECK(sitemap.entries[1].url == "http://www.example.com/catalog?item=12&desc=vacation_hawaii"); // &amp;
    CHECK_FALSE(sitemap.entries[1].lastmod);
    CHECK(sitemap.entries[2].lastmod == "2004-12-23");
    CHECK(sitemap.entries[3].lastmod == "2004-12-23"); // 2004-12-23T18:00:15+00:00
    CHECK(sitemap.entries[4].lastmod == "2004-11-23");
}

TEST_CASE("crawler::parse_sitemap reads plain-text sitemaps, gzipped or with a BOM", "[crawler][sitemap]") {
    const std::vector<std::string> pages = {"http://www.domain.com/page1.html",
                                            "http://www.domain.com/page2.html"};
    const auto text = parse_testdata("sitemap.txt");
    CHECK(text.format == SitemapFormat::text);
    CHECK(urls_of(text) == pages);
    const auto bom = parse_testdata("sitemap-with-bom.txt");
    CHECK(bom.format == SitemapFormat::text);
    CHECK(urls_of(bom) == pages); // the BOM is not part of the first URL

    const auto gz = parse_testdata("sitemap.txt.gz");
    CHECK(gz.gzipped);
    CHECK(gz.format == SitemapFormat::text);
    REQUIRE(gz.entries.size() == 5);
    CHECK(gz.entries[0].url == "http://www.example.com/");
    CHECK(gz.entries[4].url == "http://www.example.com/catalog?item=83&desc=vacation_usa");

    const auto one = parse_testdata("do-not-visit.txt");
    CHECK(one.format == SitemapFormat::text);
    CHECK(urls_of(one) == std::vector<std::string>{"http://www.example.com/do-not-visit-here"});
}

TEST_CASE("crawler::parse_sitemap returns the children of a sitemap index", "[crawler][sitemap]") {
    // This index writes each URL straight into <sitemap>, without <loc>; accepted.
    const auto index = parse_testdata("sitemap.index.xml");
    CHECK(index.format == SitemapFormat::sitemap_index);
    REQUIRE(index.entries.size() == 15);
    CHECK(index.entries.front().url == "https://example.com/sitemap.jss?portalCode=10260&lang=en");
    CHECK(index.entries.back().url == "https://example.com/sitemap.jss?portalCode=10570&lang=en");
}

TEST_CASE("crawler::parse_sitemap tolerates wrong and prefixed namespaces", "[crawler][sitemap]") {
    const std::vector<std::string> pages = {"http://www.example.com/1", "http://www.example.com/2"};
    const auto badns = parse_testdata("sitemap.badns.xml"); // Google's old namespace, URL on its own line
    CHECK(badns.format == SitemapFormat::urlset);
    CHECK(urls_of(badns) == pages);
    const auto prefixed = parse_testdata("sitemap.ns.xml"); // <sit:urlset><sit:url><sit:loc>
    CHECK(prefixed.format == SitemapFormat::urlset);
    CHECK(urls_of(prefixed) == pages);
    const auto none = parse_sitemap("<urlset><url><loc>https://a.go.id/x</loc></url></urlset>");
    CHECK(urls_of(none) == std::vector<std::string>{"https://a.go.id/x"});
}

TEST_CASE("crawler::parse_sitemap reads an Atom feed as a sitemap", "[crawler][sitemap]") {
    // sitemaps.org accepts Atom 1.0 feeds; the entry's page is its first link without rel or rel=alternate.
    const auto atom = parse_testdata("atom.xml");
    CHECK(atom.format == SitemapFormat::atom);
    REQUIRE(atom.entries.size() == 1);
    CHECK(atom.entries[0].url == "http://example.org/2003/12/13/atom03");
    CHECK(atom.entries[0].lastmod == "2003-12-13");
}

TEST_CASE("crawler::parse_sitemap takes only <loc> from sitemaps with extensions", "[crawler][sitemap]") {
    // image:loc, video:player_loc, xhtml:link … are not pages of the site.
    const std::map<std::string, std::size_t> counts = {
        {"extension/hebdenbridgetimes-articles-sitemap.xml", 74},
        {"extension/pagemaps-sitemap.xml", 2},
        {"extension/shinpaideshou-news-sitemap.xml", 3},
        {"extension/sitemap-images.xml", 1},
        {"extension/sitemap-links.xml", 3},
        {"extension/sitemap-mobile.xml", 3},
        {"extension/sitemap-news.xml", 2},
        {"extension/sitemap-videos-tvshow.xml", 1},
        {"extension/sitemap-videos.xml", 3},
    };
    for (const auto& [name, count] : counts) {
        INFO(name);
        const auto sitemap = parse_testdata(name);
        CHECK(sitemap.format == SitemapFormat::urlset);
        CHECK_FALSE(sitemap.xml_error);
        CHECK(sitemap.entries.size() == count);
        CHECK(sitemap.invalid_entries == 0);
    }
    const auto images = parse_testdata("extension/sitemap-images.xml");
    CHECK(urls_of(images) ==
          std::vector<std::string>{"http://www.example.com/images/some_image_landing_page.html"});
    const auto tv = parse_testdata("extension/sitemap-videos-tvshow.xml");
    CHECK(urls_of(tv) == std::vector<std::string>{"https://example.org/my-tv-show/23/13/"});

    const auto hebden = parse_testdata("extension/hebdenbridgetimes-articles-sitemap.xml");
    REQUIRE(hebden.entries.size() == 74);
    CHECK(hebden.entries.front().url ==
          "http://www.hebdenbridgetimes.co.uk/news/local/video-tour-de-yorkshire-in-calderdale-1-7242580");
    CHECK(hebden.entries.front().lastmod == "2015-05-03"); // 2015-05-03T18:51:50+01:00, date as written
    CHECK(hebden.entries.back().lastmod == "2015-04-26");
    for (const auto& entry : hebden.entries) {
        CHECK(entry.lastmod.has_value());
    }
}

TEST_CASE("crawler::parse_sitemap recognises what is not a sitemap", "[crawler][sitemap]") {
    CHECK(parse_sitemap("").format == SitemapFormat::unknown);
    CHECK(parse_sitemap("<html><body>Halaman tidak ditemukan</body></html>").format ==
          SitemapFormat::unknown);
    CHECK(parse_sitemap("Not Found\n").format == SitemapFormat::unknown);
    CHECK(parse_sitemap("\x1F\x8B garbage").format == SitemapFormat::unknown);
}

TEST_CASE("crawler::parse_sitemap keeps entries before malformed XML", "[crawler][sitemap]") {
    const auto broken =
        parse_sitemap("<urlset><url><loc>https://a.go.id/1</loc></url><url><loc>https://a.go.id/2");
    CHECK(broken.xml_error);
    CHECK(broken.format == SitemapFormat::urlset);
    CHECK(urls_of(broken).at(0) == "https://a.go.id/1");
}

TEST_CASE("crawler::parse_sitemap resolves relative locs and counts junk", "[crawler][sitemap]") {
    const auto sitemap =
        parse_sitemap("<urlset><url><loc>/profil</loc></url><url><loc>mailto:x@a.go.id</loc></url>"
                      "<url><loc></loc></url></urlset>",
                      "https://a.go.id/sitemap.xml");
    CHECK(urls_of(sitemap) == std::vector<std::string>{"https://a.go.id/profil"});
    CHECK(sitemap.invalid_entries == 2);
}

TEST_CASE("crawler::parse_sitemap caps a file at 50,000 URLs", "[crawler][sitemap]") {
    std::string body = "<urlset>";
    for (int i = 0; i < 50'010; ++i) {
        body += "<url><loc>https://a.go.id/p" + std::to_string(i) + "</loc></url>";
    }
    body += "</urlset>";
    const auto sitemap = parse_sitemap(gzip(body));
    CHECK(sitemap.entries.size() == k_sitemap_max_urls);
    CHECK(sitemap.truncated);
}

TEST_CASE("crawler::normalize_lastmod keeps full W3C dates as YYYY-MM-DD", "[crawler][sitemap]") {
    CHECK(normalize_lastmod("2024-02-29") == "2024-02-29");
    CHECK(normalize_lastmod(" 2015-05-03T18:51:50+01:00 ") == "2015-05-03");
    CHECK(normalize_lastmod("2023-11-05 10:00:00") == "2023-11-05");
    CHECK_FALSE(normalize_lastmod("2023-02-29"));
    CHECK_FALSE(normalize_lastmod("2023-13-01"));
    CHECK_FALSE(normalize_lastmod("2023"));
    CHECK_FALSE(normalize_lastmod("2023-05"));
    CHECK_FALSE(normalize_lastmod("05/03/2015"));
    CHECK_FALSE(normalize_lastmod(""));
}

TEST_CASE("crawler::sitemap_candidates puts robots.txt sitemaps first, then default paths",
          "[crawler][sitemap]") {
    CHECK(sitemap_candidates(
              "https://dinas.contohkab.go.id/profil",
              {"https://dinas.contohkab.go.id/sitemap.xml", "https://dinas.contohkab.go.id/peta.xml"}) ==
          std::vector<std::string>{"https://dinas.contohkab.go.id/sitemap.xml",
                                   "https://dinas.contohkab.go.id/peta.xml",
                                   "https://dinas.contohkab.go.id/sitemap_index.xml",
                                   "https://dinas.contohkab.go.id/wp-sitemap.xml"});
}

namespace {

// A fake site: URL -> body; every fetch is recorded.
struct FakeSite {
    std::map<std::string, std::string> bodies;
    std::vector<std::string> fetched;
    SitemapFetch fetcher() {
        return [this](const std::string& url) -> std::optional<std::string> {
            fetched.push_back(url);
            const auto found = bodies.find(url);
            if (found == bodies.end()) {
                return std::nullopt;
            }
            return found->second;
        };
    }
};

std::string index_of(const std::vector<std::string>& children) {
    std::string body = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
    for (const auto& child : children) {
        body += "<sitemap><loc>" + child + "</loc></sitemap>";
    }
    return body + "</sitemapindex>";
}

std::string urlset_of(const std::vector<std::string>& pages) {
    std::string body = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
    for (const auto& page : pages) {
        body += "<url><loc>" + page + "</loc><lastmod>2024-01-02</lastmod></url>";
    }
    return body + "</urlset>";
}

} // namespace

TEST_CASE("crawler::discover_sitemaps follows an index to its urlsets", "[crawler][sitemap]") {
    FakeSite site;
    site.bodies["https://a.go.id/sitemap.xml"] =
        index_of({"https://a.go.id/post-sitemap.xml", "https://a.go.id/page-sitemap.xml.gz"});
    site.bodies["https://a.go.id/post-sitemap.xml"] =
        urlset_of({"https://a.go.id/berita/1", "https://a.go.id/berita/2"});
    site.bodies["https://a.go.id/page-sitemap.xml.gz"] =
        gzip(urlset_of({"https://a.go.id/profil", "https://a.go.id/berita/1"}));
    const auto found = discover_sitemaps(sitemap_candidates("https://a.go.id/", {}), site.fetcher());
    REQUIRE(found.urls.size() == 3); // berita/1 listed twice, kept once
    CHECK(found.urls[0].url == "https://a.go.id/berita/1");
    CHECK(found.urls[0].lastmod == "2024-01-02");
    CHECK(found.urls[2].url == "https://a.go.id/profil");
    CHECK(found.fetched.size() == 3);
    CHECK(found.failed ==
          std::vector<std::string>{"https://a.go.id/sitemap_index.xml", "https://a.go.id/wp-sitemap.xml"});
    CHECK_FALSE(found.limit_hit);
}

TEST_CASE("crawler::discover_sitemaps stops at the depth limit and on index loops", "[crawler][sitemap]") {
    FakeSite site;
    // An index that lists itself and a deeper index, which lists a deeper one, and so on.
    for (int level = 0; level < 6; ++level) {
        const std::string self = "https://a.go.id/index-" + std::to_string(level) + ".xml";
        site.bodies[self] = index_of({self, "https://a.go.id/index-" + std::to_string(level + 1) + ".xml",
                                      "https://a.go.id/pages-" + std::to_string(level) + ".xml"});
        site.bodies["https://a.go.id/pages-" + std::to_string(level) + ".xml"] =
            urlset_of({"https://a.go.id/p" + std::to_string(level)});
    }
    SitemapLimits limits;
    limits.max_depth = 2;
    const auto found = discover_sitemaps({"https://a.go.id/index-0.xml"}, site.fetcher(), limits);
    // index-0 (depth 0) -> index-1, pages-0 (depth 1) -> index-2, pages-1 (depth 2); index-2 is not followed.
    CHECK(found.urls.size() == 2);
    CHECK(found.limit_hit);
    CHECK(found.limit_reason.find("depth") != std::string::npos);
    CHECK(site.fetched.size() == 5); // each URL once, although every index lists itself
}

TEST_CASE("crawler::discover_sitemaps bounds sitemap files and URLs", "[crawler][sitemap]") {
    FakeSite site;
    std::vector<std::string> children;
    for (int i = 0; i < 30; ++i) {
        const std::string child = "https://a.go.id/s" + std::to_string(i) + ".xml";
        children.push_back(child);
        site.bodies[child] = urlset_of(
            {"https://a.go.id/s" + std::to_string(i) + "/a", "https://a.go.id/s" + std::to_string(i) + "/b"});
    }
    site.bodies["https://a.go.id/sitemap.xml"] = index_of(children);

    SitemapLimits few_files;
    few_files.max_sitemaps = 5;
    const auto by_files = discover_sitemaps({"https://a.go.id/sitemap.xml"}, site.fetcher(), few_files);
    CHECK(site.fetched.size() == 5);
    CHECK(by_files.urls.size() == 8);
    CHECK(by_files.limit_hit);

    SitemapLimits few_urls;
    few_urls.max_urls = 7;
    const auto by_urls = discover_sitemaps({"https://a.go.id/sitemap.xml"}, site.fetcher(), few_urls);
    CHECK(by_urls.urls.size() == 7);
    CHECK(by_urls.limit_hit);
    CHECK(by_urls.limit_reason.find("URL limit") != std::string::npos);
}

// tests/crawler/url_test.cpp — URL resolution, normalisation and scope (crawler/url.hpp).
#include "crawler/url.hpp"

#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>
#include <vector>

using namespace pantau::crawler;

namespace {

// One row of crawler-commons' url-resolve.csv: input reference, base URL, expected resolution.
struct ResolveRow {
    int line = 0;
    std::string ref;
    std::string base;
    std::string expected;
};

// Splits one CSV line: fields separated by ", ", optionally double-quoted (quotes removed).
std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t i = 0;
    while (i <= line.size()) {
        while (i < line.size() && line[i] == ' ') {
            ++i;
        }
        std::string field;
        if (i < line.size() && line[i] == '"') {
            const std::size_t close = line.find('"', i + 1);
            field = line.substr(i + 1, close - i - 1);
            i = line.find(',', close);
        } else {
            const std::size_t comma = line.find(',', i);
            field = line.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
            i = comma;
        }
        fields.push_back(field);
        if (i == std::string::npos) {
            break;
        }
        ++i;
    }
    return fields;
}

std::vector<ResolveRow> load_resolve_rows() {
    std::ifstream in(pantau::test::testdata_path("url/url-resolve.csv"));
    REQUIRE(in.good());
    std::vector<ResolveRow> rows;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const auto fields = split_csv(line);
        REQUIRE(fields.size() == 3);
        rows.push_back({number, fields[0], fields[1], fields[2]});
    }
    return rows;
}

} // namespace

TEST_CASE("crawler::resolve_url passes crawler-commons url-resolve.csv", "[crawler][url]") {
    // Rows whose expectation we do not share, by input reference, each with the reason.
    const std::set<std::string> excluded = {
        // A file: base. pantau resolves only http(s) URLs: anything else is not crawlable, so
        // resolve_url returns nullopt by design (checked below) instead of "file://server/file".
        "//server/file",
    };
    const auto rows = load_resolve_rows();
    REQUIRE(rows.size() == 22);
    int passed = 0;
    for (const auto& row : rows) {
        INFO("url-resolve.csv line " << row.line << ": " << row.ref << " against " << row.base);
        const auto got = resolve_url(row.base, row.ref);
        if (excluded.contains(row.ref)) {
            CHECK_FALSE(got.has_value());
            continue;
        }
        REQUIRE(got.has_value());
        CHECK(*got == row.expected);
        passed += *got == row.expected ? 1 : 0;
    }
    CHECK(passed == 21);
}

TEST_CASE("crawler::resolve_url rejects non-http references and bad bases", "[crawler][url]") {
    CHECK_FALSE(resolve_url("https://a.go.id/x", "mailto:ppid@a.go.id"));
    CHECK_FALSE(resolve_url("https://a.go.id/x", "javascript:void(0)"));
    CHECK_FALSE(resolve_url("https://a.go.id/x", "ftp://a.go.id/file"));
    CHECK_FALSE(resolve_url("not a url", "/x"));
    CHECK_FALSE(resolve_url("", "/relative-without-base"));
}

TEST_CASE("crawler::resolve_url escapes what a browser escapes in hrefs", "[crawler][url]") {
    CHECK(resolve_url("https://a.go.id/dokumen/", "  Laporan Keuangan 2023.pdf\n") ==
          "https://a.go.id/dokumen/Laporan%20Keuangan%202023.pdf");
    CHECK(resolve_url("https://a.go.id/", "/caf\xC3\xA9?q=\xC3\xA9") == "https://a.go.id/caf%C3%A9?q=%C3%A9");
    CHECK(resolve_url("https://a.go.id/", "/a\tb\nc") == "https://a.go.id/abc");
    CHECK(resolve_url("https://a.go.id/", "/100%") == "https://a.go.id/100%25");
    CHECK(resolve_url("https://a.go.id/a/b/c", "../../x") == "https://a.go.id/x");
}

TEST_CASE("crawler::normalize_url lower-cases scheme and host and drops default ports", "[crawler][url]") {
    CHECK(normalize_url("HTTP://Dinas.ContohKab.GO.ID:80/Profil") == "http://dinas.contohkab.go.id/Profil");
    CHECK(normalize_url("https://a.go.id:443/") == "https://a.go.id/");
    CHECK(normalize_url("https://a.go.id:8443/") == "https://a.go.id:8443/");
    CHECK(normalize_url("http://a.go.id") == "http://a.go.id/");
}

TEST_CASE("crawler::normalize_url converts IDN hosts to punycode", "[crawler][url]") {
    CHECK(normalize_url("http://B\xC3\xBC"
                        "cher.example/x") == "http://xn--bcher-kva.example/x");
    CHECK(url_host("http://b\xC3\xBC"
                   "cher.example/") == "xn--bcher-kva.example");
}

TEST_CASE("crawler::normalize_url removes dot segments and fragments", "[crawler][url]") {
    CHECK(normalize_url("http://a.go.id/a/./b/../c#bagian-2") == "http://a.go.id/a/c");
    CHECK(normalize_url("http://a.go.id/a/%2E%2E/b") == "http://a.go.id/b");
    // A dot segment that only appears once a session parameter is dropped.
    CHECK(normalize_url("http://a.go.id/a/..;jsessionid=1/b") == "http://a.go.id/b");
    CHECK(normalize_url("http://a.go.id/a/..;x=1/b") == "http://a.go.id/a/..;x=1/b");
}

TEST_CASE("crawler::normalize_url canonicalises percent-encoding", "[crawler][url]") {
    // Unreserved characters are decoded, other escapes get upper-case hex, raw unsafe bytes escaped.
    CHECK(normalize_url("http://a.go.id/%7euser/%2fx?q=%e2%82%ac&r=%41") ==
          "http://a.go.id/~user/%2Fx?q=%E2%82%AC&r=A");
    CHECK(normalize_url("http://a.go.id/a b") == "http://a.go.id/a%20b");
}

TEST_CASE("crawler::normalize_url removes empty queries and tracking parameters", "[crawler][url]") {
    CHECK(normalize_url("http://a.go.id/berita?") == "http://a.go.id/berita");
    CHECK(normalize_url("http://a.go.id/berita?utm_source=fb&id=7&fbclid=XYZ&UTM_Medium=x") ==
          "http://a.go.id/berita?id=7");
    CHECK(normalize_url("http://a.go.id/berita?PHPSESSID=abc") == "http://a.go.id/berita");
    CHECK(normalize_url("http://a.go.id/shop;jsessionid=ABC123?x=1") == "http://a.go.id/shop?x=1");
    // Order of the remaining parameters is kept: some servers care.
    CHECK(normalize_url("http://a.go.id/?b=2&a=1&&gclid=z") == "http://a.go.id/?b=2&a=1");
}

TEST_CASE("crawler::normalize_url drops credentials", "[crawler][url]") {
    CHECK(normalize_url("http://user:rahasia@a.go.id/x") == "http://a.go.id/x");
    CHECK(normalize_url("http://\xD1ser:pass@foo:/0/bar;par?b#c") == "http://foo/0/bar;par?b");
}

TEST_CASE("crawler::normalize_url drops a configurable list of parameters", "[crawler][url]") {
    NormalizeOptions options;
    options.drop_params = {"tahun", "ref*"};
    CHECK(normalize_url("http://a.go.id/?tahun=2020&referrer=x&utm_source=y", options) ==
          "http://a.go.id/?utm_source=y");
}

TEST_CASE("crawler::normalize_url is idempotent", "[crawler][url]") {
    for (const char* url : {"HTTP://A.GO.ID:80/x/../%7Ey/%2e%2E/z?utm_id=1&b=%zz#f", "http://a.go.id/a b?c d",
                            "https://b\xC3\xBC"
                            "cher.example/%c3%a9"}) {
        const auto once = normalize_url(url);
        REQUIRE(once);
        CHECK(normalize_url(*once) == once);
    }
}

TEST_CASE("crawler::normalize_url_and_host gives the normalised URL and its host from one parse",
          "[crawler][url]") {
    for (const char* url :
         {"HTTP://A.GO.ID:80/x/../%7Ey/%2e%2E/z?utm_id=1&b=%zz#f",
          "https://user:pw@PPID.Jakarta.go.id:8443/a", "http://[::1]:8080/..;jsessionid=1/x",
          "http://Dinkes.ContohKab.go.id./a/%2E%2E/b",
          "https://b\xC3\xBC"
          "cher.example/%c3%a9"}) {
        INFO(url);
        const auto both = normalize_url_and_host(url);
        REQUIRE(both);
        CHECK(both->url == normalize_url(url));
        CHECK(both->host == url_host(both->url));
    }
    CHECK(normalize_url_and_host("https://PPID.Jakarta.go.id:8443/a")->host == "ppid.jakarta.go.id");
    CHECK_FALSE(normalize_url_and_host("mailto:ppid@a.go.id"));
    CHECK_FALSE(normalize_url_and_host("/relative"));
}

TEST_CASE("crawler::normalize_url rejects what it cannot crawl", "[crawler][url]") {
    CHECK_FALSE(normalize_url("mailto:ppid@a.go.id"));
    CHECK_FALSE(normalize_url("/relative"));
    CHECK_FALSE(normalize_url(""));
    CHECK_FALSE(normalize_url("http://"));
}

TEST_CASE("crawler::url_host, url_root and url_path_and_query split a URL", "[crawler][url]") {
    CHECK(url_host("https://PPID.Jakarta.go.id:8080/x") == "ppid.jakarta.go.id");
    CHECK(url_host("not a url").empty());
    CHECK(url_root("https://user@PPID.go.id:443/a/b?c#d") == "https://ppid.go.id/");
    CHECK(url_root("http://a.go.id:8080/a") == "http://a.go.id:8080/");
    CHECK(url_path_and_query("http://a.go.id/a/b?c=d#e") == "/a/b?c=d");
    CHECK(url_path_and_query("http://a.go.id") == "/");
}

TEST_CASE("crawler::same_site treats www. variants as one site", "[crawler][url]") {
    CHECK(same_site("www.jakarta.go.id", "jakarta.go.id"));
    CHECK(same_site("Jakarta.go.id", "WWW.jakarta.go.id."));
    CHECK_FALSE(same_site("ppid.jakarta.go.id", "jakarta.go.id"));
    CHECK_FALSE(same_site("", ""));
}

TEST_CASE("crawler::registrable_domain follows the Public Suffix List", "[crawler][url]") {
    CHECK(registrable_domain("dinas.contohkab.go.id") == "contohkab.go.id");
    CHECK(registrable_domain("WWW.Example.co.uk") == "example.co.uk");
    CHECK(registrable_domain("127.0.0.1") == "127.0.0.1");
    CHECK(registrable_domain("go.id") == "go.id");
    CHECK(same_registrable_domain("ppid.contohkab.go.id", "dinkes.contohkab.go.id"));
    CHECK_FALSE(same_registrable_domain("contohkab.go.id", "lainkab.go.id"));
}

TEST_CASE("crawler::is_go_id recognises government domains only", "[crawler][url]") {
    CHECK(is_go_id("go.id"));
    CHECK(is_go_id("ppid.Jakarta.GO.ID"));
    CHECK(is_go_id("jakarta.go.id."));
    CHECK_FALSE(is_go_id("notgo.id"));
    CHECK_FALSE(is_go_id("go.id.example.com"));
    CHECK_FALSE(is_go_id("jakarta.co.id"));
}

TEST_CASE("crawler::resolve_url keeps path and query for same-document references", "[crawler][url]") {
    // libcurl 7.88 alone gets these wrong ("/a/b" + "#x" -> "/a/#x"); RFC 3986 section 5.4.1.
    CHECK(resolve_url("https://a.go.id/a/b?c=d", "#x") == "https://a.go.id/a/b?c=d#x");
    CHECK(resolve_url("https://a.go.id/a/b?c=d#y", "") == "https://a.go.id/a/b?c=d");
}

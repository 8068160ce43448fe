#include "config/error.hpp"
#include "config/sites.hpp"

#include <catch2/catch.hpp>

#include <string>

using pantau::config::ConfigError;

namespace {

template <typename F>
std::string error_of(F&& parse) {
    try {
        parse();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST_CASE("config::load_sites reads the example YAML registry with the pemda default", "[config]") {
    auto sites =
        pantau::config::load_sites(std::string(PANTAU_SOURCE_DIR) + "/config/examples/kabupaten-contoh.yaml");
    REQUIRE(sites.size() == 7);
    CHECK(sites[0].name == "Dinas Komunikasi dan Informatika");
    CHECK(sites[0].pemda == "Kabupaten Contoh");
    CHECK(sites[0].parent == "Sekretariat Daerah");
    CHECK(sites[0].tags == std::vector<std::string>{"dinas", "ppid-utama"});
    CHECK(sites[1].pemda == "Kabupaten Contoh"); // from the top-level default
}

TEST_CASE("config::load_sites reads the example CSV registry, quoted commas and tags", "[config]") {
    auto sites =
        pantau::config::load_sites(std::string(PANTAU_SOURCE_DIR) + "/config/examples/kabupaten-contoh.csv");
    REQUIRE(sites.size() == 4);
    CHECK(sites[2].name == "Dinas Pekerjaan Umum, Penataan Ruang");
    CHECK(sites[0].tags == std::vector<std::string>{"dinas", "ppid-utama"});
    CHECK(sites[3].line == 5);
}

TEST_CASE("config::parse_sites_csv accepts Excel's BOM and CRLF", "[config]") {
    auto sites = pantau::config::parse_sites_csv(
        "\xEF\xBB\xBFname,url\r\nDinas A,https://a.contoh.go.id/\r\n", "x.csv");
    REQUIRE(sites.size() == 1);
    CHECK(sites[0].url == "https://a.contoh.go.id/");
}

TEST_CASE("config registry errors name file, line and what is wrong", "[config]") {
    using pantau::config::parse_sites_csv;
    using pantau::config::parse_sites_yaml;
    CHECK(error_of([] {
              parse_sites_csv("name,url\nA,https://a.go.id/\nB,https://A.go.id\n", "r.csv");
          }).find("r.csv:3: url: 'https://A.go.id' is listed twice (first at line 2)") != std::string::npos);
    CHECK(error_of([] {
              parse_sites_csv("name,url\nA,ftp://a.go.id/\n", "r.csv");
          }).find("r.csv:2: url: 'ftp://a.go.id/' is not an absolute http(s) URL") != std::string::npos);
    CHECK(error_of([] {
              parse_sites_csv("name,url\n,https://a.go.id/\n", "r.csv");
          }).find("r.csv:2: name: missing") != std::string::npos);
    CHECK(error_of([] { parse_sites_csv("name,link\n", "r.csv"); }).find("r.csv:1: link: unknown column") !=
          std::string::npos);
    CHECK(error_of([] {
              parse_sites_yaml("sites:\n  - name: A\n    url: https://a.go.id/\n  - name: B\n", "r.yaml");
          }).find("r.yaml:4: url: missing for site 'B'") != std::string::npos);
    CHECK(error_of([] {
              parse_sites_yaml("sites:\n  - name: A\n    urll: https://a.go.id/\n", "r.yaml");
          }).find("r.yaml:3: sites[0].urll: unknown key") != std::string::npos);
    CHECK(error_of([] { parse_sites_yaml("sites: []\n", "r.yaml"); }).find("lists no site") !=
          std::string::npos);
    CHECK(error_of([] {
              pantau::config::load_sites("/nonexistent/sites.yaml");
          }).find("/nonexistent/sites.yaml: cannot read") != std::string::npos);
}

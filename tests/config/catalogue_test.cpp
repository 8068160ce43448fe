#include "config/catalogue.hpp"
#include "config/error.hpp"

#include <catch2/catch.hpp>

#include <string>

using pantau::config::ConfigError;
using pantau::config::parse_catalogue;

namespace {

// The message of the ConfigError that parsing `yaml` throws, or "" when it parses.
std::string error_of(const std::string& yaml) {
    try {
        parse_catalogue(yaml, "rules.yaml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return {};
}

const char* const k_head = R"(bands:
  - {id: informatif, min: 90, label: Informatif}
  - {id: tidak-informatif, min: 0, label: Tidak Informatif}
groups:
  - {id: ppid, weight: 20, title: PPID}
rules:
)";

} // namespace

TEST_CASE("config::default_catalogue loads and has the foundation rules with their basis", "[config]") {
    const auto& cat = pantau::config::default_catalogue();
    REQUIRE(cat.rule("kip.ppid.ada") != nullptr);
    CHECK(cat.rule("kip.ppid.ada")->basis == "UU 14/2008 Pasal 13");
    CHECK(cat.rule("kip.berkala.halaman") != nullptr);
    CHECK(cat.rule("avail.dapat-diakses") != nullptr);
    CHECK(cat.bands.size() == 5);
    CHECK(cat.bands.front().id == "informatif");
    double total = 0;
    for (const auto& g : cat.groups) {
        total += g.weight;
    }
    CHECK(total == Approx(100)); // KIP.md default weights sum to 100
    for (const auto& r : cat.rules) {
        CHECK(cat.group(r.group) != nullptr);
        CHECK_FALSE(r.title.id.empty());
        CHECK_FALSE(r.title.en.empty());
        CHECK_FALSE(r.fix.id.empty());
    }
}

TEST_CASE("config::parse_catalogue names file, line and key of a wrong type", "[config]") {
    const std::string msg = error_of(std::string(k_head) + R"(  - id: kip.ppid.ada
    group: ppid
    weight: banyak
    kind: label
    title: t
    fix: f
    basis: b
)");
    CHECK(msg.find("rules.yaml:9") != std::string::npos);
    CHECK(msg.find("rules.kip.ppid.ada.weight") != std::string::npos);
    CHECK(msg.find("expected a number") != std::string::npos);
}

TEST_CASE("config::parse_catalogue rejects an unknown key with its line", "[config]") {
    const std::string msg = error_of(std::string(k_head) + R"(  - id: kip.ppid.ada
    group: ppid
    kind: label
    title: t
    fix: f
    basis: b
    wieght: 2
)");
    CHECK(msg.find("rules.yaml:13") != std::string::npos);
    CHECK(msg.find("wieght") != std::string::npos);
    CHECK(msg.find("unknown key") != std::string::npos);
}

TEST_CASE("config::parse_catalogue rejects a duplicate rule id", "[config]") {
    const std::string rule = R"(  - {id: kip.ppid.ada, group: ppid, kind: label, title: t, fix: f, basis: b}
)";
    const std::string msg = error_of(std::string(k_head) + rule + rule);
    CHECK(msg.find("duplicate rule id 'kip.ppid.ada'") != std::string::npos);
    CHECK(msg.find("rules.yaml:8") != std::string::npos);
}

TEST_CASE("config::parse_catalogue rejects unknown groups, kinds and broken YAML", "[config]") {
    CHECK(error_of(std::string(k_head) + "  - {id: x, group: nope, kind: label, title: t, fix: f, basis: b}\n")
              .find("unknown group 'nope'") != std::string::npos);
    CHECK(error_of(std::string(k_head) + "  - {id: x, group: ppid, kind: magic, title: t, fix: f, basis: b}\n")
              .find("unknown matcher kind 'magic'") != std::string::npos);
    CHECK(error_of("bands: [unclosed\n").find("invalid YAML") != std::string::npos);
    CHECK(error_of(std::string(k_head) + "  - {id: x, group: ppid, kind: label, fix: f, basis: b}\n")
              .find("title") != std::string::npos);
}

TEST_CASE("config::load_catalogue names a file it cannot read", "[config]") {
    try {
        pantau::config::load_catalogue("/nonexistent/kip.yaml");
        FAIL("expected ConfigError");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("/nonexistent/kip.yaml") != std::string::npos);
    }
}

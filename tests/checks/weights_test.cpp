// Rules are data: a copied and edited kip.yaml changes the verdicts' weights — and so the score — without
// rebuilding, and a broken copy is refused with its file, line and key. Runs the built `pantau check`
// with --rules on a fixture site served on loopback.
#include "config/catalogue.hpp"
#include "demo/server.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

namespace {

std::string write_rules(const std::string& name, std::string yaml, const std::string& from,
                        const std::string& to) {
    if (!from.empty()) {
        const auto pos = yaml.find(from);
        REQUIRE(pos != std::string::npos);
        yaml.replace(pos, from.size(), to);
    }
    const std::string path = pantau::test::temp_dir("pantau-rules") + "/" + name;
    std::ofstream(path) << yaml;
    return path;
}

} // namespace

TEST_CASE("checks: a weight changed in a copied kip.yaml changes the score without rebuilding", "[checks]") {
    pantau::demo::Server server(pantau::demo::hosts_from_directory(
        pantau::test::fixture_path("checks/kip.ppid.ada/pass_menu_upper")));
    const std::string host = "dinkes.contoh.go.id";
    const std::string port = std::to_string(server.port());
    auto check = [&](const std::string& rules) {
        return pantau::test::run_pantau({"check", "http://" + host + ":" + port + "/", "--resolve",
                                         host + ":" + port + ":127.0.0.1", "--allow-private", "--rate", "100",
                                         "--quiet", "--format", "json", "--rules", rules});
    };
    const std::string& yaml = pantau::config::default_catalogue_text();
    const std::string rule_anchor = "  - id: kip.ppid.ada\n    group: ppid\n    weight: 2\n";
    const auto as_shipped = check(write_rules("kip.yaml", yaml, "", ""));
    const auto heavier = check(write_rules("kip-heavier.yaml", yaml, rule_anchor,
                                           "  - id: kip.ppid.ada\n    group: ppid\n    weight: 30\n"));
    REQUIRE(as_shipped.exit_code == 0);
    REQUIRE(heavier.exit_code == 0);
    const auto a = nlohmann::json::parse(as_shipped.out);
    const auto b = nlohmann::json::parse(heavier.out);
    // Same site, same verdicts: only the weight of the passing kip.ppid.ada differs.
    CHECK(a["findings"].size() == b["findings"].size());
    CHECK(b["score"].get<double>() > a["score"].get<double>());

    const auto group = check(write_rules("kip-groups.yaml", yaml, "{id: ppid,         weight: 20,",
                                         "{id: ppid,         weight: 0,"));
    REQUIRE(group.exit_code == 0);
    CHECK(nlohmann::json::parse(group.out)["score"].get<double>() != Approx(a["score"].get<double>()));
}

TEST_CASE("checks: a broken copy of kip.yaml is refused with file, line and key", "[checks]") {
    const std::string& yaml = pantau::config::default_catalogue_text();
    const std::string path = write_rules("kip-broken.yaml", yaml, "    freshness: {pass_days: 183}",
                                         "    freshness: {pass_days: enam bulan}");
    const auto r = pantau::test::run_pantau({"check", "http://dinkes.contoh.go.id/", "--rules", path});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(path + ":") != std::string::npos);
    CHECK(r.err.find("rules.fresh.berkala-6-bulan.freshness.pass_days") != std::string::npos);
    CHECK(r.out.empty());
}

// `pantau run`, `crawl` and `audit` end to end on fixture sites served on loopback.
#include "cli/pipeline.hpp"
#include "demo/server.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using pantau::test::run_pantau;

namespace {

struct RegistryFixture {
    pantau::demo::Server server{pantau::demo::hosts_from_directory(pantau::test::fixture_path("sites"))};
    std::string dir = pantau::test::temp_dir("pantau-run");
    std::string registry = dir + "/sites.yaml";
    std::string db = dir + "/pantau.db";

    RegistryFixture() {
        std::ofstream out(registry);
        out << "pemda: Kabupaten Contoh\nsites:\n";
        for (const char* host : {"dinkes.contoh.go.id", "dispar.contoh.go.id"}) {
            out << "  - name: " << (std::string(host).starts_with("dinkes") ? "Dinas Kesehatan" : "Dinas Pariwisata")
                << "\n    url: http://" << host << ":" << server.port() << "/\n";
        }
    }

    std::vector<std::string> args(const std::string& cmd, std::vector<std::string> extra = {}) {
        std::vector<std::string> a{cmd, "--sites", registry, "--db", db, "--allow-private", "--rate", "50", "--quiet"};
        for (const char* host : {"dinkes.contoh.go.id", "dispar.contoh.go.id"}) {
            a.push_back("--resolve");
            a.push_back(std::string(host) + ":" + std::to_string(server.port()) + ":127.0.0.1");
        }
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }
};

nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return nlohmann::json::parse(ss.str());
}

} // namespace

TEST_CASE("cli: run writes report.json with the sites ranked and keeps history in the database", "[cli]") {
    RegistryFixture fx;
    auto r = run_pantau(fx.args("run", {"--out", fx.dir + "/out"}));
    REQUIRE(r.exit_code == 0);
    auto j = read_json(fx.dir + "/out/report.json");
    REQUIRE(j["sites"].size() == 2);
    CHECK(j["sites"][0]["site"]["name"] == "Dinas Kesehatan"); // has PPID and berkala pages
    CHECK(j["sites"][0]["rank"] == 1);
    CHECK(j["sites"][1]["rank"] == 2);
    CHECK(j["sites"][0]["site"]["pemda"] == "Kabupaten Contoh");
    CHECK(j["sites"][0]["score"].get<double>() > j["sites"][1]["score"].get<double>());
    CHECK(j["run"]["id"] == 1);
    CHECK(r.out.find("Dinas Kesehatan") != std::string::npos); // the ranking on stdout

    auto again = run_pantau(fx.args("run", {"--out", fx.dir + "/out2"}));
    REQUIRE(again.exit_code == 0);
    CHECK(read_json(fx.dir + "/out2/report.json")["run"]["id"] == 2); // a new run in the same database
}

TEST_CASE("cli: audit of a stored crawl gives the same findings as the run's own audit", "[cli]") {
    RegistryFixture fx;
    REQUIRE(run_pantau(fx.args("run", {"--out", fx.dir + "/out"})).exit_code == 0);
    auto first = read_json(fx.dir + "/out/report.json");
    auto audit = run_pantau({"audit", "--db", fx.db, "--run", "1"});
    REQUIRE(audit.exit_code == 0);
    CHECK(audit.out.find("Dinas Kesehatan") != std::string::npos);
    // Rendering the re-audited run gives the same verdicts: compare through the store.
    pantau::store::Database db(fx.db);
    for (const auto& site : first["sites"]) {
        std::int64_t site_id = 0;
        for (const auto& c : db.site_crawls(1)) {
            if (db.site(c.site_id)->name == site["site"]["name"]) {
                site_id = c.site_id;
            }
        }
        auto rows = db.findings(1, site_id);
        REQUIRE(rows.size() == site["findings"].size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            bool same = false;
            for (const auto& f : site["findings"]) {
                if (f["rule"] == rows[i].rule) {
                    same = f["status"] == rows[i].status;
                }
            }
            CHECK(same);
        }
    }
}

TEST_CASE("cli: audit with a copied catalogue whose weights differ changes the scores", "[cli]") {
    RegistryFixture fx;
    REQUIRE(run_pantau(fx.args("crawl")).exit_code == 0);
    REQUIRE(run_pantau({"audit", "--db", fx.db}).exit_code == 0);
    double before = 0;
    {
        pantau::store::Database db(fx.db);
        for (const auto& s : db.scores(1)) {
            if (db.site(s.site_id)->name == "Dinas Pariwisata") {
                before = s.score;
            }
        }
    }
    // Make availability (which this site passes) weigh far more than anything else.
    std::ifstream in(std::string(PANTAU_SOURCE_DIR) + "/config/rules/kip.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string yaml = ss.str();
    const std::string from = "{id: ketersediaan, weight: 10,";
    REQUIRE(yaml.find(from) != std::string::npos);
    yaml.replace(yaml.find(from), from.size(), "{id: ketersediaan, weight: 1000,");
    const std::string rules = fx.dir + "/kip.yaml";
    std::ofstream(rules) << yaml;
    REQUIRE(run_pantau({"audit", "--db", fx.db, "--rules", rules}).exit_code == 0);
    pantau::store::Database db(fx.db);
    for (const auto& s : db.scores(1)) {
        if (db.site(s.site_id)->name == "Dinas Pariwisata") {
            CHECK(s.score > before);
        }
    }
}

TEST_CASE("cli: a bad registry is exit 2 naming file and line", "[cli]") {
    const std::string dir = pantau::test::temp_dir("pantau-bad");
    std::ofstream(dir + "/sites.csv") << "name,url\nDinas A,https://a.contoh.go.id/\nDinas B,notaurl\n";
    auto r = run_pantau({"run", "--sites", dir + "/sites.csv", "--db", dir + "/x.db", "--quiet"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("sites.csv:3: url:") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir + "/x.db")); // nothing was started
}

TEST_CASE("cli: --lock refuses a second run on the same database", "[cli]") {
    RegistryFixture fx;
    pantau::cli::RunLock held(fx.db);
    auto r = run_pantau(fx.args("run", {"--lock"}));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("another pantau run") != std::string::npos);
}

TEST_CASE("cli: audit of a missing database or run is exit 2", "[cli]") {
    CHECK(run_pantau({"audit", "--db", "/nonexistent/pantau.db"}).exit_code == 2);
    RegistryFixture fx;
    REQUIRE(run_pantau(fx.args("crawl")).exit_code == 0);
    auto r = run_pantau({"audit", "--db", fx.db, "--run", "7"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no run 7") != std::string::npos);
}

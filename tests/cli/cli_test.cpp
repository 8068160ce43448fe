// End-to-end tests of the `pantau` executable: options, exit codes (DESIGN.md) and `check` of fixture
// sites served on loopback by demo::Server.
#include "demo/server.hpp"
#include "demo/tls.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <string>

using pantau::test::run_pantau;

namespace {

struct Fixture {
    pantau::demo::Server server{pantau::demo::hosts_from_directory(pantau::test::fixture_path("sites"))};

    std::vector<std::string> args(const std::string& host, std::vector<std::string> extra = {}) {
        const std::string port = std::to_string(server.port());
        std::vector<std::string> a{"check",
                                   "http://" + host + ":" + port + "/",
                                   "--resolve",
                                   host + ":" + port + ":127.0.0.1",
                                   "--allow-private",
                                   "--rate",
                                   "50",
                                   "--quiet"};
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }
};

const nlohmann::json* finding(const nlohmann::json& report, const std::string& rule) {
    for (const auto& f : report["findings"]) {
        if (f["rule"] == rule) {
            return &f;
        }
    }
    return nullptr;
}

// The Komisi Informasi band of a score (KIP.md).
std::string category_for(double score) {
    return score >= 90   ? "informatif"
           : score >= 80 ? "menuju-informatif"
           : score >= 60 ? "cukup-informatif"
           : score >= 40 ? "kurang-informatif"
                         : "tidak-informatif";
}

} // namespace

TEST_CASE("cli: --help lists the subcommands and exits 0", "[cli]") {
    auto r = run_pantau({"--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("check") != std::string::npos);
    CHECK(r.out.find("rules") != std::string::npos);
    auto sub = run_pantau({"check", "--help"});
    CHECK(sub.exit_code == 0);
    for (const char* opt : {"--max-pages", "--format", "--lang", "--fail-under", "--rate", "--connections",
                            "--resolve", "--allow-private"}) {
        CHECK(sub.out.find(opt) != std::string::npos);
    }
}

TEST_CASE("cli: --version prints the version", "[cli]") {
    auto r = run_pantau({"--version"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(std::string("pantau ") + PANTAU_VERSION) != std::string::npos);
}

TEST_CASE("cli: an unknown option is exit 2 with one clear line", "[cli]") {
    auto r = run_pantau({"check", "https://example.go.id/", "--bogus"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--bogus") != std::string::npos);
    CHECK(r.out.empty());
}

TEST_CASE("cli: a bad URL or bad option value is exit 2", "[cli]") {
    auto bad_url = run_pantau({"check", "ftp://example.go.id/"});
    CHECK(bad_url.exit_code == 2);
    CHECK(bad_url.err.find("not a valid http(s) URL") != std::string::npos);
    CHECK(run_pantau({"check", "https://x.go.id/", "--format", "xml"}).exit_code == 2);
    CHECK(run_pantau({"check", "https://x.go.id/", "--resolve", "nonsense"}).exit_code == 2);
    CHECK(run_pantau({"check", "https://x.go.id/", "--fail-under", "150"}).exit_code == 2);
}

TEST_CASE("cli: check of a site with a PPID page passes kip.ppid.ada with evidence", "[cli]") {
    Fixture fx;
    auto r = run_pantau(fx.args("dinkes.contoh.go.id", {"--format", "json"}));
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out); // stdout is exactly one JSON object
    CHECK(j["site"]["url"].get<std::string>().find("dinkes.contoh.go.id") != std::string::npos);
    CHECK(j["rank"] == 1);
    CHECK(j["run"]["pages_fetched"].get<int>() >= 4);
    const auto* ppid = finding(j, "kip.ppid.ada");
    REQUIRE(ppid != nullptr);
    CHECK((*ppid)["status"] == "pass");
    CHECK((*ppid)["basis"] == "UU 14/2008 Pasal 13");
    REQUIRE(!(*ppid)["evidence"].empty());
    CHECK((*ppid)["evidence"][0]["url"].get<std::string>().find("/ppid") != std::string::npos);
    CHECK((*ppid)["evidence"][0]["http_status"] == 200);
    CHECK((*finding(j, "kip.berkala.halaman"))["status"] == "pass");
    CHECK((*finding(j, "avail.dapat-diakses"))["status"] == "pass");
    CHECK(j["category"] == category_for(j["score"].get<double>()));
}

TEST_CASE("cli: check of a site without a PPID page fails it and scores lower", "[cli]") {
    Fixture fx;
    auto r = run_pantau(fx.args("dispar.contoh.go.id", {"--format", "json"}));
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    const auto* ppid = finding(j, "kip.ppid.ada");
    REQUIRE(ppid != nullptr);
    CHECK((*ppid)["status"] == "fail");
    CHECK(!(*ppid)["fix"].get<std::string>().empty());
    CHECK((*finding(j, "kip.berkala.halaman"))["status"] == "fail");
    CHECK((*finding(j, "avail.dapat-diakses"))["status"] == "pass");
    CHECK(j["category"] == category_for(j["score"].get<double>()));
    // The site with PPID and berkala pages scores higher than this one.
    auto with_ppid =
        nlohmann::json::parse(run_pantau(fx.args("dinkes.contoh.go.id", {"--format", "json"})).out);
    CHECK(with_ppid["score"].get<double>() > j["score"].get<double>());
}

TEST_CASE("cli: text output is a checklist in Bahasa Indonesia by default, English with --lang en", "[cli]") {
    Fixture fx;
    auto id = run_pantau(fx.args("dispar.contoh.go.id"));
    CHECK(id.exit_code == 0);
    CHECK(id.out.find("[GAGAL]") != std::string::npos);
    CHECK(id.out.find("Perbaikan:") != std::string::npos);
    CHECK(id.out.find("estimasi kesiapan e-Monev") != std::string::npos);
    auto en = run_pantau(fx.args("dispar.contoh.go.id", {"--lang", "en"}));
    CHECK(en.out.find("[FAIL]") != std::string::npos);
    CHECK(en.out.find("How to fix:") != std::string::npos);
}

TEST_CASE("cli: --fail-under gives exit 1 when the score is lower", "[cli]") {
    Fixture fx;
    auto j = nlohmann::json::parse(run_pantau(fx.args("dinkes.contoh.go.id", {"--format", "json"})).out);
    const double score = j["score"].get<double>();
    REQUIRE(score < 100.0);
    CHECK(run_pantau(fx.args("dinkes.contoh.go.id", {"--fail-under", std::to_string(score)})).exit_code == 0);
    CHECK(
        run_pantau(fx.args("dinkes.contoh.go.id", {"--fail-under", std::to_string(score + 0.1)})).exit_code ==
        1);
}

TEST_CASE("cli: an unreachable site is exit 3 with a one-line reason and still a JSON object", "[cli]") {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    auto r = run_pantau({"check", "http://mati.contoh.go.id:1/", "--resolve", "mati.contoh.go.id:1:127.0.0.1",
                         "--allow-private", "--quiet", "--format", "json"});
    CHECK(r.exit_code == 3);
    auto j = nlohmann::json::parse(r.out);
    CHECK((*finding(j, "avail.dapat-diakses"))["status"] == "fail");
    CHECK((*finding(j, "kip.ppid.ada"))["status"] == "n-a");
    CHECK(r.err.find("could not be fetched") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("cli: a private address without --allow-private is exit 2 saying how to allow it", "[cli]") {
    Fixture fx;
    const std::string port = std::to_string(fx.server.port());
    auto r = run_pantau({"check", "http://dinkes.contoh.go.id:" + port + "/", "--resolve",
                         "dinkes.contoh.go.id:" + port + ":127.0.0.1", "--quiet"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--allow-private") != std::string::npos);
    CHECK(fx.server.stats().requests == 0); // refused before connecting, not after
}

TEST_CASE("cli: a blocked site (403) is reported as blocked, not down", "[cli]") {
    auto hosts = pantau::demo::hosts_from_directory(pantau::test::fixture_path("sites"));
    for (auto& h : hosts) {
        if (h.name == "dinkes.contoh.go.id") {
            pantau::demo::Fault f;
            f.kind = pantau::demo::Fault::Kind::status;
            f.status = 403;
            h.faults.push_back(f);
        }
    }
    pantau::demo::Server server(hosts);
    const std::string port = std::to_string(server.port());
    auto r = run_pantau({"check", "http://dinkes.contoh.go.id:" + port + "/", "--resolve",
                         "dinkes.contoh.go.id:" + port + ":127.0.0.1", "--allow-private", "--quiet",
                         "--format", "json"});
    CHECK(r.exit_code == 3);
    auto j = nlohmann::json::parse(r.out);
    const auto* avail = finding(j, "avail.dapat-diakses");
    CHECK((*avail)["status"] == "warn");
    CHECK((*avail)["message"].get<std::string>().find("Diblokir") != std::string::npos);
}

TEST_CASE("cli: rules lists the catalogue with legal basis", "[cli]") {
    auto r = run_pantau({"rules", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    bool found = false;
    for (const auto& rule : j["rules"]) {
        if (rule["id"] == "kip.ppid.ada") {
            found = true;
            CHECK(rule["basis"] == "UU 14/2008 Pasal 13");
        }
    }
    CHECK(found);
}

TEST_CASE("cli: check of an https site with --ca-cert judges its certificate and redirect", "[cli]") {
    const auto now = std::chrono::system_clock::now();
    const auto ca = pantau::demo::make_authority();
    pantau::demo::ServerOptions options;
    options.tls = pantau::demo::make_server_certificate(
        ca, {"dinkes.contoh.go.id"}, now - std::chrono::hours(24), now + std::chrono::hours(24 * 10));
    pantau::demo::Server server(pantau::demo::hosts_from_directory(pantau::test::fixture_path("sites")),
                                options);
    const auto dir = pantau::test::temp_dir("pantau-cli-tls");
    const std::string ca_file = dir + "/ca.pem";
    std::ofstream(ca_file) << ca.certificate_pem;
    const std::string port = std::to_string(server.port());
    const std::vector<std::string> base{"check",
                                        "https://dinkes.contoh.go.id:" + port + "/",
                                        "--resolve",
                                        "dinkes.contoh.go.id:" + port + ":127.0.0.1",
                                        "--allow-private",
                                        "--rate",
                                        "50",
                                        "--quiet",
                                        "--format",
                                        "json"};

    auto args = base;
    args.insert(args.end(), {"--ca-cert", ca_file});
    auto r = run_pantau(args);
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    // Ten days left: a warning; http:// on the same port serves the page without redirecting: a warning.
    CHECK((*finding(j, "web.sertifikat"))["status"] == "warn");
    CHECK((*finding(j, "web.https"))["status"] == "warn");
    CHECK((*finding(j, "kip.ppid.ada"))["status"] == "pass");

    // Without the CA the certificate is not trusted: the site is down for a TLS reason, said in Bahasa.
    auto untrusted = run_pantau(base);
    CHECK(untrusted.exit_code == 3);
    CHECK_THAT(untrusted.err, Catch::Contains("tidak dipercaya"));
    auto jj = nlohmann::json::parse(untrusted.out);
    CHECK((*finding(jj, "web.https"))["status"] == "fail");

    auto missing = run_pantau({"check", "https://dinkes.contoh.go.id/", "--ca-cert", dir + "/none.pem"});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("--ca-cert"));
}

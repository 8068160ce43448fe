// `pantau run`, `crawl` and `audit` end to end on fixture sites served on loopback.
#include "cli/pipeline.hpp"
#include "demo/server.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

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
            out << "  - name: "
                << (std::string(host).starts_with("dinkes") ? "Dinas Kesehatan" : "Dinas Pariwisata")
                << "\n    url: http://" << host << ":" << server.port() << "/\n";
        }
    }

    std::vector<std::string> args(const std::string& cmd, std::vector<std::string> extra = {}) {
        std::vector<std::string> a{cmd,      "--sites", registry, "--db", db, "--allow-private",
                                   "--rate", "50",      "--quiet"};
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

namespace {

// A count asked of the database read-only with SQLite itself (-1 when the file cannot answer yet).
std::int64_t count_rows(const std::string& path, const char* sql) {
    if (!std::filesystem::exists(path)) {
        return -1;
    }
    sqlite3* db = nullptr;
    std::int64_t n = -1;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 1000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
            n = sqlite3_column_int64(st, 0);
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// name → rank as each output format shows it.
std::map<std::string, int> ranks_in_json(const nlohmann::json& j) {
    std::map<std::string, int> out;
    for (const auto& s : j["sites"]) {
        out[s["site"]["name"].get<std::string>()] = s["rank"].get<int>();
    }
    return out;
}

std::map<std::string, int> ranks_in_csv(const std::string& text) {
    std::map<std::string, int> out;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line); // header (after the BOM)
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream ls(line);
        while (std::getline(ls, cell, ',')) {
            if (cell.size() >= 2 && cell.front() == '"') {
                cell = cell.substr(1, cell.size() - 2);
            }
            cells.push_back(cell);
        }
        if (cells.size() > 1) {
            out[cells[1]] = std::stoi(cells[0]);
        }
    }
    return out;
}

// The ranking table of report.html lists the sites in rank order.
std::vector<std::string> order_in_html(const std::string& html, const std::map<std::string, int>& names) {
    std::vector<std::pair<std::size_t, std::string>> pos;
    const std::size_t table = html.find("<table id=\"ranking\">");
    for (const auto& [name, rank] : names) {
        pos.emplace_back(html.find(">" + name + "</a>", table), name);
    }
    std::sort(pos.begin(), pos.end());
    std::vector<std::string> out;
    for (const auto& p : pos) {
        out.push_back(p.second);
    }
    return out;
}

// Copies the fixture sites so a test can change a site between two runs.
std::string copy_of_fixture_sites() {
    const std::string dir = pantau::test::temp_dir("pantau-sites");
    std::filesystem::copy(pantau::test::fixture_path("sites"), dir, std::filesystem::copy_options::recursive);
    return dir;
}

} // namespace

TEST_CASE("cli: run's HTML, JSON, CSV and XLSX agree on the ranking", "[cli]") {
    RegistryFixture fx;
    REQUIRE(run_pantau(fx.args("run", {"--out", fx.dir + "/out"})).exit_code == 0);
    for (const char* f : {"report.html", "report.json", "ranking.csv", "report.xlsx"}) {
        CHECK(std::filesystem::exists(fx.dir + "/out/" + f));
    }
    const auto json_ranks = ranks_in_json(read_json(fx.dir + "/out/report.json"));
    REQUIRE(json_ranks.size() == 2);
    std::string csv = read_file(fx.dir + "/out/ranking.csv");
    REQUIRE(csv.starts_with("\xEF\xBB\xBF"));
    CHECK(ranks_in_csv(csv.substr(3)) == json_ranks);

    std::vector<std::string> by_rank(json_ranks.size());
    for (const auto& [name, rank] : json_ranks) {
        by_rank[static_cast<std::size_t>(rank - 1)] = name;
    }
    CHECK(order_in_html(read_file(fx.dir + "/out/report.html"), json_ranks) == by_rank);

    if (!std::filesystem::exists("/usr/bin/python3")) {
        WARN("no /usr/bin/python3: the XLSX is not read back");
        return;
    }
    auto xl = pantau::test::run_process({"/usr/bin/python3",
                                         std::string(PANTAU_SOURCE_DIR) + "/tests/reports/xlsx_read.py",
                                         fx.dir + "/out/report.xlsx"});
    if (xl.exit_code != 0) {
        WARN("openpyxl could not read the workbook (is python3-openpyxl installed?): " << xl.err);
        return;
    }
    const auto book = nlohmann::json::parse(xl.out);
    std::map<std::string, int> xlsx_ranks;
    for (const auto& row : book["sheets"][0]["rows"]) {
        for (const auto& cell : row) {
            if (cell.is_string() && json_ranks.count(cell.get<std::string>()) != 0 && row[0].is_number()) {
                xlsx_ranks[cell.get<std::string>()] = row[0].get<int>();
            }
        }
    }
    CHECK(xlsx_ranks == json_ranks);
}

TEST_CASE("cli: a second run shows what became failing since the first", "[cli]") {
    const std::string sites = copy_of_fixture_sites();
    pantau::demo::Server server(pantau::demo::hosts_from_directory(sites));
    const std::string dir = pantau::test::temp_dir("pantau-diff");
    const std::string port = std::to_string(server.port());
    std::ofstream(dir + "/sites.yaml")
        << "sites:\n  - name: Dinas Kesehatan\n    url: http://dinkes.contoh.go.id:" << port << "/\n";
    auto run = [&](const std::string& out) {
        return run_pantau({"run", "--sites", dir + "/sites.yaml", "--db", dir + "/pantau.db", "--out",
                           dir + "/" + out, "--allow-private", "--rate", "50", "--quiet", "--resolve",
                           "dinkes.contoh.go.id:" + port + ":127.0.0.1"});
    };
    REQUIRE(run("run1").exit_code == 0);
    // The agency takes its PPID page down and drops the menu item.
    std::filesystem::remove_all(sites + "/dinkes.contoh.go.id/ppid");
    for (const auto& e : std::filesystem::recursive_directory_iterator(sites + "/dinkes.contoh.go.id")) {
        if (e.path().extension() == ".html") {
            std::string html = read_file(e.path().string());
            const std::string item = "<li><a href=\"/ppid/\">PPID</a></li>";
            for (auto p = html.find(item); p != std::string::npos; p = html.find(item)) {
                html.erase(p, item.size());
            }
            std::ofstream(e.path()) << html;
        }
    }
    REQUIRE(run("run2").exit_code == 0);
    const std::string overview = read_file(dir + "/run2/report.html");
    CHECK(overview.find("Perubahan terbesar sejak run #1") != std::string::npos);
    std::string site_page;
    for (const auto& e : std::filesystem::directory_iterator(dir + "/run2/situs")) {
        site_page = read_file(e.path().string());
    }
    const auto became = site_page.find("Menjadi gagal");
    REQUIRE(became != std::string::npos);
    CHECK(site_page.find("kip.ppid.ada", became) != std::string::npos);
    CHECK(read_file(dir + "/run1/report.html").find("Perubahan terbesar sejak run") == std::string::npos);
}

TEST_CASE("cli: a run killed midway and started again completes as one run", "[cli]") {
    // A site of 80 pages: the first 30 answer at once, the last 50 are held for two minutes. The
    // run stores the fast ones and then waits, so it is surely killed while crawling, however fast
    // or loaded the machine. The hold is lifted before the run is started again.
    const std::string sites = pantau::test::temp_dir("pantau-kill");
    const std::string host = "lambat.contoh.go.id";
    std::filesystem::create_directories(sites + "/" + host);
    {
        std::ofstream index(sites + "/" + host + "/index.html");
        index << "<html><body><h1>Dinas Lambat</h1>";
        for (int i = 0; i < 80; ++i) {
            const std::string name = (i < 30 ? "a" : "z") + std::to_string(i);
            index << "<a href=\"/" << name << ".html\">Halaman " << i << "</a> ";
            std::ofstream(sites + "/" + host + "/" + name + ".html")
                << "<html><body><h1>Halaman " << i << "</h1><p>Isi halaman nomor " << i
                << "</p></body></html>";
        }
        index << "</body></html>";
    }
    auto hosts = pantau::demo::hosts_from_directory(sites);
    pantau::demo::Fault held;
    held.kind = pantau::demo::Fault::Kind::delay;
    held.path_prefix = "/z";
    held.millis = 120000;
    hosts[0].faults.push_back(held);
    pantau::demo::Server server(hosts);
    const std::string port = std::to_string(server.port());
    const std::string dir = pantau::test::temp_dir("pantau-killrun");
    std::ofstream(dir + "/sites.yaml")
        << "sites:\n  - name: Dinas Lambat\n    url: http://" << host << ":" << port << "/\n";
    const std::vector<std::string> args{
        "run",           "--sites",    dir + "/sites.yaml", "--db",      dir + "/pantau.db",
        "--out",         dir + "/out", "--allow-private",   "--rate",    "200",
        "--connections", "1",          "--quiet",           "--resolve", host + ":" + port + ":127.0.0.1"};

    // Everything the child needs is built before fork(): the demo server's threads may hold the
    // allocator's lock at that moment, and the child must only exec.
    std::vector<std::string> argv{PANTAU_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c;
    for (auto& a : argv) {
        c.push_back(a.data());
    }
    c.push_back(nullptr);
    const std::string err_path = dir + "/first-run.err";
    const int devnull = ::open("/dev/null", O_WRONLY);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    REQUIRE(devnull >= 0);
    REQUIRE(err >= 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(devnull, 1);
        dup2(err, 2);
        execv(c[0], c.data());
        _exit(127);
    }
    ::close(devnull);
    ::close(err);
    // Wait until some pages are stored, then kill -9 (bounded: at most ~30 s of polling). The file is
    // read as a report would, read-only: the test must not be a second writer of the run's database.
    bool some_stored = false;
    for (int i = 0; i < 600 && !some_stored; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        some_stored = count_rows(dir + "/pantau.db", "SELECT count(*) FROM pages") >= 10;
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    INFO("the first run's messages: " << read_file(err_path));
    REQUIRE(some_stored);
    {
        pantau::store::Database db(dir + "/pantau.db");
        REQUIRE(db.run(1)->status == "running");
        CHECK(db.pages(1, 1).size() < 81); // killed before the end
    }

    REQUIRE(server.set_faults(host, {}));

    auto again = run_pantau(args);
    REQUIRE(again.exit_code == 0);
    pantau::store::Database db(dir + "/pantau.db");
    CHECK(db.runs().size() == 1);
    CHECK(db.run(1)->status == "done");
    CHECK(db.pages(1, 1).size() >=
          81); // the home page and its 80 pages, each once ((run, site, url) is unique)
    CHECK(db.integrity_ok());
    CHECK(read_json(dir + "/out/report.json")["run"]["id"] == 1);
}

TEST_CASE("cli: run --warc archives every fetched page as WARC evidence", "[cli]") {
    RegistryFixture fx;
    REQUIRE(run_pantau(fx.args("run", {"--out", fx.dir + "/out", "--warc"})).exit_code == 0);
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(fx.dir + "/out/evidence")) {
        files.push_back(e.path().string());
    }
    REQUIRE(files.size() == 2); // one archive per site
    std::string all;
    for (const auto& f : files) {
        CHECK(f.ends_with(".warc.gz"));
        auto gz = pantau::test::run_process({"/bin/gzip", "-dc", f});
        REQUIRE(gz.exit_code == 0); // every record is a valid gzip member
        all += gz.out;
    }
    CHECK(all.find("WARC-Type: warcinfo") != std::string::npos);
    const std::string port = std::to_string(fx.server.port());
    CHECK(all.find("WARC-Target-URI: http://dinkes.contoh.go.id:" + port + "/ppid/") != std::string::npos);
    CHECK(all.find("<h1>PPID Pelaksana Dinas Kesehatan</h1>") != std::string::npos); // the body as fetched
    CHECK(all.find("HTTP/1.1 200 OK") != std::string::npos);
}

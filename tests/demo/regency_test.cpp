// Tests of the generated demo regency: deterministic, 30 agencies, a truth for every KIP.md rule, scores in
// every band, served answers matching the truth, and no word of a failing rule leaking onto its site.
#include "demo/regency.hpp"

#include "demo/server.hpp"
#include "tests/support/process.hpp"

#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using namespace std::chrono_literals;

// KIP.md's rule ids, written out here so that a rule dropped from the generator is noticed.
const std::vector<std::string> k_kip_ids = {"kip.ppid.ada",
                                            "kip.ppid.profil",
                                            "kip.ppid.maklumat",
                                            "kip.ppid.standar-layanan",
                                            "kip.ppid.formulir-online",
                                            "kip.ppid.dip",
                                            "kip.ppid.dikecualikan",
                                            "kip.berkala.halaman",
                                            "kip.berkala.profil",
                                            "kip.berkala.lhkpn",
                                            "kip.berkala.program-kegiatan",
                                            "kip.berkala.kinerja",
                                            "kip.berkala.laporan-keuangan",
                                            "kip.berkala.laporan-layanan",
                                            "kip.berkala.regulasi",
                                            "kip.berkala.tata-cara",
                                            "kip.berkala.pengaduan",
                                            "kip.berkala.pengadaan",
                                            "kip.berkala.peringatan-dini",
                                            "kip.serta-merta.halaman",
                                            "kip.setiap-saat.halaman",
                                            "kip.setiap-saat.renstra",
                                            "kip.setiap-saat.perjanjian",
                                            "kip.setiap-saat.sop",
                                            "kip.setiap-saat.agenda-pimpinan",
                                            "kip.setiap-saat.data",
                                            "fresh.berkala-6-bulan",
                                            "fresh.berita",
                                            "fresh.dokumen-tahun",
                                            "fresh.laporan-layanan",
                                            "avail.dapat-diakses",
                                            "avail.waktu-respons",
                                            "avail.tautan-rusak",
                                            "avail.dokumen-rusak",
                                            "avail.uptime",
                                            "web.domain-go-id",
                                            "web.https",
                                            "web.sertifikat",
                                            "web.kontak",
                                            "web.integritas",
                                            "web.aksesibilitas"};

// A fixed "today" so the dates, and with them the truth, are the same on every machine.
pantau::demo::RegencyOptions fixed_options() {
    pantau::demo::RegencyOptions o;
    o.today = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22};
    return o;
}

std::map<std::string, std::string> read_tree(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()) {
            std::ifstream in(e.path(), std::ios::binary);
            std::ostringstream s;
            s << in.rdbuf();
            files[fs::relative(e.path(), dir).string()] = s.str();
        }
    }
    return files;
}

// Folds as KIP.md says words are matched: case, punctuation and hyphens do not matter.
std::string fold(const std::string& s) {
    std::string out = " ";
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        out.push_back(std::isalnum(u) ? static_cast<char>(std::tolower(u)) : ' ');
    }
    out.push_back(' ');
    std::string collapsed;
    for (char c : out) {
        if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' ')) {
            collapsed.push_back(c);
        }
    }
    return collapsed;
}

// The detection words of KIP.md for content rules (examples from its tables).
const std::map<std::string, std::vector<std::string>> k_words = {
    {"kip.ppid.ada", {"ppid", "pejabat pengelola informasi dan dokumentasi"}},
    {"kip.ppid.maklumat", {"maklumat pelayanan", "janji layanan"}},
    {"kip.ppid.standar-layanan",
     {"standar layanan", "jam layanan", "waktu layanan", "biaya layanan", "hari kerja", "kanal layanan"}},
    {"kip.ppid.formulir-online", {"formulir permohonan", "ajukan permohonan", "permohonan online", "e ppid"}},
    {"kip.ppid.dip", {"dip", "daftar informasi publik"}},
    {"kip.ppid.dikecualikan", {"informasi dikecualikan", "dik", "uji konsekuensi"}},
    {"kip.berkala.halaman", {"informasi berkala", "secara berkala"}},
    {"kip.berkala.lhkpn", {"lhkpn", "lhkasn", "elhkpn"}},
    {"kip.berkala.program-kegiatan",
     {"program dan kegiatan", "renja", "rencana kerja", "rkt", "perjanjian kinerja", "agenda"}},
    {"kip.berkala.kinerja", {"lkjip", "lakip", "laporan kinerja", "sakip", "iku", "capaian kinerja"}},
    {"kip.berkala.laporan-keuangan",
     {"laporan keuangan", "lra", "laporan realisasi anggaran", "neraca", "calk", "lak", "dpa", "rka",
      "apbd"}},
    {"kip.berkala.laporan-layanan",
     {"laporan layanan informasi", "laporan tahunan ppid", "rekapitulasi permohonan"}},
    {"kip.berkala.regulasi",
     {"produk hukum", "regulasi", "peraturan", "perda", "perbup", "keputusan", "jdih"}},
    {"kip.berkala.tata-cara",
     {"tata cara", "prosedur permohonan", "alur permohonan", "prosedur keberatan", "sengketa informasi"}},
    {"kip.berkala.pengaduan", {"pengaduan", "lapor", "sp4n", "wbs", "whistle blowing"}},
    {"kip.berkala.pengadaan", {"pengadaan barang", "pbj", "lpse", "sirup", "rup", "tender"}},
    {"kip.berkala.peringatan-dini",
     {"peringatan dini", "prosedur evakuasi", "jalur evakuasi", "titik kumpul", "keadaan darurat"}},
    {"kip.serta-merta.halaman", {"serta merta", "sertamerta"}},
    {"kip.setiap-saat.halaman", {"setiap saat"}},
    {"kip.setiap-saat.renstra", {"renstra", "rencana strategis", "renja", "rpjmd"}},
    {"kip.setiap-saat.perjanjian", {"perjanjian kerja sama", "pks", "mou", "nota kesepahaman", "kontrak"}},
    {"kip.setiap-saat.sop", {"sop", "standar operasional prosedur", "standar pelayanan"}},
    {"kip.setiap-saat.agenda-pimpinan", {"agenda pimpinan", "agenda kepala dinas"}},
    {"kip.setiap-saat.data", {"data statistik", "satu data", "open data", "satudata"}},
};

// Status of GET / on `host` through the server (0 when the connection fails or is reset).
int home_status(std::uint16_t port, const std::string& host) {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(10s);
    beast::error_code ec;
    stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) {
        return 0;
    }
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/", 11};
    req.set(bhttp::field::host, host);
    req.set(bhttp::field::user_agent, "regency-test");
    bhttp::write(stream, req, ec);
    if (ec) {
        return 0;
    }
    beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buf, res, ec);
    if (ec) {
        return 0;
    }
    return static_cast<int>(res.result_int());
}

} // namespace

TEST_CASE("demo::generate_regency is deterministic for a given today and seed", "[demo]") {
    const fs::path a = pantau::test::temp_dir("regency-a");
    const fs::path b = pantau::test::temp_dir("regency-b");
    const auto ra = pantau::demo::generate_regency(a, fixed_options(), 8080);
    const auto rb = pantau::demo::generate_regency(b, fixed_options(), 8080);
    REQUIRE(ra.sites.size() == rb.sites.size());
    for (std::size_t i = 0; i < ra.sites.size(); ++i) {
        CHECK(ra.sites[i].host == rb.sites[i].host);
        CHECK(ra.sites[i].truth == rb.sites[i].truth);
        CHECK(ra.sites[i].true_score == rb.sites[i].true_score);
    }
    const auto ta = read_tree(a);
    CHECK(ta.size() > 500);
    CHECK(ta == read_tree(b));
    // The plan alone gives the same truth as generation.
    const auto plan = pantau::demo::plan_regency(fixed_options());
    CHECK(plan.sites[3].truth == ra.sites[3].truth);
}

TEST_CASE("demo::plan_regency has 30 agencies in the registry plus the central PPID portal", "[demo]") {
    const auto r = pantau::demo::plan_regency(fixed_options());
    std::set<std::string> hosts;
    int registry = 0;
    for (const auto& s : r.sites) {
        hosts.insert(s.host);
        registry += s.in_registry ? 1 : 0;
    }
    CHECK(registry == 30);
    CHECK(hosts.size() == r.sites.size());
    CHECK(hosts.contains(pantau::demo::k_portal_host));
    // One site off go.id, one down, one blocked, one hacked.
    int off_go_id = 0, down = 0, blocked = 0, hacked = 0;
    for (const auto& s : r.sites) {
        if (!s.in_registry) {
            continue;
        }
        off_go_id += s.truth.at("web.domain-go-id") == "fail" ? 1 : 0;
        down += s.down ? 1 : 0;
        blocked += s.blocked ? 1 : 0;
        hacked += s.truth.at("web.integritas") == "fail" ? 1 : 0;
    }
    CHECK(off_go_id == 1);
    CHECK(down == 1);
    CHECK(blocked == 1);
    CHECK(hacked >= 1);
}

TEST_CASE("demo::plan_regency gives every agency a verdict for every KIP.md rule id", "[demo]") {
    CHECK(pantau::demo::kip_rule_ids() == k_kip_ids);
    const auto r = pantau::demo::plan_regency(fixed_options());
    const std::set<std::string> verdicts = {"pass", "warn", "fail", "n-a"};
    for (const auto& s : r.sites) {
        if (!s.in_registry) {
            continue;
        }
        INFO(s.host);
        CHECK(s.truth.size() == k_kip_ids.size());
        for (const auto& id : k_kip_ids) {
            REQUIRE(s.truth.contains(id));
            CHECK(verdicts.contains(s.truth.at(id)));
        }
        // One run: no uptime history.
        CHECK(s.truth.at("avail.uptime") == "n-a");
        if (s.down) {
            CHECK(s.truth.at("avail.dapat-diakses") == "fail");
            CHECK(s.truth.at("kip.ppid.ada") == "n-a");
        } else if (s.blocked) {
            CHECK(s.truth.at("avail.dapat-diakses") == "warn");
            CHECK(s.truth.at("kip.berkala.halaman") == "n-a");
        }
        // TLS: plain http fails web.https with no certificate to judge; https sites pass (warn when
        // http:// serves the pages too); the certificate about to run out warns.
        const std::map<std::string, std::pair<std::string, std::string>> by_tls = {
            {"", {"fail", "n-a"}},
            {"https", {"pass", "pass"}},
            {"https-no-redirect", {"warn", "pass"}},
            {"https-expiring", {"pass", "warn"}}};
        if (!s.down) {
            REQUIRE(by_tls.contains(s.tls));
            CHECK(s.truth.at("web.https") == by_tls.at(s.tls).first);
            CHECK(s.truth.at("web.sertifikat") == by_tls.at(s.tls).second);
        }
    }
    // The regency shows every case.
    std::set<std::string> kinds;
    for (const auto& s : r.sites) {
        if (s.in_registry && !s.down && !s.blocked) {
            kinds.insert(s.tls);
        }
    }
    CHECK(kinds == std::set<std::string>{"", "https", "https-no-redirect", "https-expiring"});
}

TEST_CASE("demo::plan_regency true scores follow KIP.md's formula and span the five bands", "[demo]") {
    std::map<std::string, std::string> model;
    for (const auto& id : k_kip_ids) {
        model[id] = "pass";
    }
    CHECK(pantau::demo::score_from_truth(model) == Approx(100.0));
    model["web.https"] = "fail"; // situs 5/6 of weight 10 out of 100
    CHECK(pantau::demo::score_from_truth(model) == Approx(100.0 - 10.0 / 6.0));
    model["kip.ppid.dip"] = "warn"; // ppid 6.5/7 of weight 20
    CHECK(pantau::demo::score_from_truth(model) == Approx(100.0 - 10.0 / 6.0 - 20.0 * 0.5 / 7.0));
    model["web.sertifikat"] = "n-a"; // left out: situs 4/5
    CHECK(pantau::demo::score_from_truth(model) == Approx(98.0 - 20.0 * 0.5 / 7.0));
    for (auto& [id, v] : model) {
        if (pantau::demo::rule_group(id) != "situs") {
            v = "n-a"; // groups with no applicable rule are left out of the mean
        }
    }
    CHECK(pantau::demo::score_from_truth(model) == Approx(80.0));

    const auto r = pantau::demo::plan_regency(fixed_options());
    std::map<std::string, int> bands;
    for (const auto& s : r.sites) {
        if (s.in_registry) {
            CHECK(s.true_score == Approx(pantau::demo::score_from_truth(s.truth)));
            ++bands[pantau::demo::category_for(s.true_score)];
        }
    }
    for (const char* band :
         {"informatif", "menuju-informatif", "cukup-informatif", "kurang-informatif", "tidak-informatif"}) {
        INFO(band);
        CHECK(bands[band] >= 3);
    }
}

TEST_CASE("demo::write_regency puts no word of a failing content rule on that site", "[demo]") {
    // The truth says "fail" only when nothing on the site could count as evidence: check the files.
    const fs::path dir = pantau::test::temp_dir("regency-words");
    const auto r = pantau::demo::generate_regency(dir, fixed_options(), 8080);
    for (const auto& s : r.sites) {
        if (!s.in_registry || s.down || s.blocked) {
            continue;
        }
        std::string text;
        for (const auto& [path, body] : read_tree(dir / s.host)) {
            text += fold(path) + fold(body);
        }
        for (const auto& [rule, words] : k_words) {
            if (s.truth.at(rule) != "fail") {
                continue;
            }
            for (const auto& w : words) {
                INFO(s.host << " " << rule << " '" << w << "'");
                CHECK(text.find(" " + w + " ") == std::string::npos);
            }
        }
    }
}

TEST_CASE("demo::Server serving the regency answers each registry URL as its truth says", "[demo]") {
    const fs::path dir = pantau::test::temp_dir("regency-serve");
    auto r = pantau::demo::plan_regency(fixed_options());
    pantau::demo::Server server(pantau::demo::virtual_hosts(r, dir), pantau::demo::regency_tls(r).server);
    pantau::demo::write_regency(r, dir, server.port());
    pantau::demo::write_registry_yaml(r, dir / "sites.yaml", server.port());

    std::ifstream in(dir / "sites.yaml");
    std::ostringstream yaml;
    yaml << in.rdbuf();
    for (const auto& s : r.sites) {
        INFO(s.host);
        const std::string scheme = s.tls.empty() ? "http" : "https";
        const bool listed = yaml.str().find(scheme + "://" + s.host + ":" + std::to_string(server.port()) +
                                            "/") != std::string::npos;
        CHECK(listed == s.in_registry);
        // Asked over plain http: an https site that redirects answers 301, the others as their truth says.
        const bool redirects = s.tls == "https" || s.tls == "https-expiring";
        const int status = home_status(server.port(), s.host);
        CHECK(status == (redirects ? 301 : s.home_status()));
        if (s.truth.count("avail.dapat-diakses") != 0) {
            const std::string& v = s.truth.at("avail.dapat-diakses");
            CHECK((v == "pass") == (status == 200 || redirects));
        }
        if (s.in_registry) {
            CHECK((s.truth.at("web.sertifikat") == "n-a") == (s.tls.empty() || s.down));
        }
    }
    // Every resolve entry points a name at loopback.
    for (const auto& e : pantau::demo::resolve_entries(r, server.port())) {
        CHECK(e.ends_with(":127.0.0.1"));
    }
}

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
    CHECK(
        error_of(std::string(k_head) + "  - {id: x, group: nope, kind: label, title: t, fix: f, basis: b}\n")
            .find("unknown group 'nope'") != std::string::npos);
    CHECK(
        error_of(std::string(k_head) + "  - {id: x, group: ppid, kind: magic, title: t, fix: f, basis: b}\n")
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

TEST_CASE("config::parse_catalogue names file, line and key of a wrong type in detection fields",
          "[config]") {
    const std::string msg = error_of(std::string(k_head) + R"(  - id: fresh.berita
    group: ppid
    kind: fresh_dates
    title: t
    fix: f
    basis: b
    freshness: {pass_days: sembilan puluh}
)");
    CHECK(msg.find("rules.yaml:13") != std::string::npos);
    CHECK(msg.find("rules.fresh.berita.freshness.pass_days") != std::string::npos);
    CHECK(msg.find("expected a number") != std::string::npos);

    const std::string list = error_of(std::string(k_head) + R"(  - id: kip.ppid.ada
    group: ppid
    kind: label
    title: t
    fix: f
    basis: b
    match:
      words: PPID
)");
    CHECK(list.find("rules.yaml:14") != std::string::npos);
    CHECK(list.find("rules.kip.ppid.ada.match.words") != std::string::npos);
    CHECK(list.find("expected a list") != std::string::npos);
}

TEST_CASE("config::parse_catalogue rejects an unknown detection key with its line", "[config]") {
    const std::string msg = error_of(std::string(k_head) + R"(  - id: kip.ppid.ada
    group: ppid
    kind: label
    title: t
    fix: f
    basis: b
    match:
      words: [ppid]
      slug: [ppid]
)");
    CHECK(msg.find("rules.yaml:15") != std::string::npos);
    CHECK(msg.find("rules.kip.ppid.ada.match.slug") != std::string::npos);
    CHECK(msg.find("unknown key") != std::string::npos);
    CHECK(error_of(std::string(k_head) + "  - {id: x, group: ppid, kind: uptime, title: t, fix: f, basis: b, "
                                         "limits: {pass: 99, warm: 95}}\n")
              .find("rules.x.limits.warm") != std::string::npos);
}

TEST_CASE("config::parse_catalogue tells where a duplicate rule id was first defined", "[config]") {
    const std::string msg = error_of(
        std::string(k_head) + R"(  - {id: kip.ppid.dip, group: ppid, kind: table, title: t, fix: f, basis: b}
  - {id: kip.ppid.ada, group: ppid, kind: label, title: t, fix: f, basis: b}
  - {id: kip.ppid.dip, group: ppid, kind: label, title: t, fix: f, basis: b}
)");
    CHECK(msg.find("rules.yaml:9") != std::string::npos);
    CHECK(msg.find("duplicate rule id 'kip.ppid.dip' (first at line 7)") != std::string::npos);
}

TEST_CASE("config::parse_catalogue checks freshness and table settings for sense", "[config]") {
    CHECK(error_of(std::string(k_head) +
                   "  - {id: x, group: ppid, kind: fresh_years, title: t, fix: f, basis: b, "
                   "freshness: {due: '31-03'}}\n")
              .find("expected a day of the year as MM-DD") != std::string::npos);
    CHECK(error_of(std::string(k_head) +
                   "  - {id: x, group: ppid, kind: fresh_dates, title: t, fix: f, basis: b, "
                   "freshness: {pass_days: 90, warn_days: 30}}\n")
              .find("must not be less than pass_days") != std::string::npos);
    CHECK(error_of(std::string(k_head) + "  - {id: x, group: ppid, kind: table, title: t, fix: f, basis: b, "
                                         "match: {columns: [a, b], min_columns: 3}}\n")
              .find("rules.x.match.min_columns") != std::string::npos);
    CHECK(error_of(std::string(k_head) + "  - {id: x, group: ppid, kind: form, title: t, fix: f, basis: b, "
                                         "match: {min_fields: 2.5}}\n")
              .find("expected a whole number") != std::string::npos);
}

TEST_CASE("config::default_catalogue has every KIP.md rule id with its detection data", "[config]") {
    const auto& cat = pantau::config::default_catalogue();
    CHECK(cat.rules.size() == 41);
    for (const char* id : {"kip.ppid.ada",
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
                           "web.aksesibilitas"}) {
        INFO(id);
        CHECK(cat.rule(id) != nullptr);
    }
    CHECK(cat.rule("kip.ppid.maklumat")->basis.find("(verify") != std::string::npos); // marks are kept
    CHECK(cat.rule("fresh.berkala-6-bulan")->freshness.pass_days == 183);
    CHECK(cat.rule("fresh.laporan-layanan")->freshness.due == "03-31");
    CHECK(cat.rule("kip.ppid.dip")->match.min_columns == 4);
    CHECK(cat.rule("avail.uptime")->limits.min_count == 3);
}

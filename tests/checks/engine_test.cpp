// The rule engine on sites written straight into an in-memory store: no network, every verdict
// derived from stored facts as `pantau audit` would.
#include "checks/engine.hpp"
#include "config/catalogue.hpp"
#include "extract/facts_json.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>

using pantau::checks::Status;

namespace {

struct SiteBuilder {
    pantau::store::Database db{":memory:"};
    std::int64_t run = 0;
    std::int64_t site = 0;

    explicit SiteBuilder(const std::string& status = "ok", const std::string& reason = "") {
        pantau::store::Site s;
        s.name = "Dinas Contoh";
        s.url = "https://dinas.contoh.go.id/";
        site = db.upsert_site(s);
        pantau::store::Run r;
        r.kind = "check";
        r.started_at = "2026-11-22T00:00:00Z";
        r.status = "done";
        run = db.begin_run(r);
        pantau::store::SiteCrawl c;
        c.run_id = run;
        c.site_id = site;
        c.status = status;
        c.reason = reason;
        db.put_site_crawl(c);
    }

    // Adds a fetched page with a title, some text and links (text, target).
    void page(const std::string& path, int status, const std::string& title, const std::string& text,
              std::vector<std::pair<std::string, std::string>> links = {}, const std::string& img_alt = "") {
        pantau::store::Page p;
        p.run_id = run;
        p.site_id = site;
        p.url = "https://dinas.contoh.go.id" + path;
        p.final_url = p.url;
        p.http_status = status;
        p.content_type = "text/html; charset=utf-8";
        pantau::extract::PageFacts facts;
        facts.title = title;
        facts.text = text;
        p.facts_json = pantau::extract::facts_to_json(facts);
        const auto id = db.add_page(p);
        std::vector<pantau::store::Link> ls;
        for (const auto& [t, to] : links) {
            pantau::store::Link l;
            l.to_url = "https://dinas.contoh.go.id" + to;
            l.text = t;
            l.img_alt = img_alt;
            l.kind = "internal";
            ls.push_back(l);
        }
        db.add_links(id, ls);
    }

    std::vector<pantau::checks::Finding> audit() {
        auto facts = pantau::checks::load_site_facts(db, run, site);
        return pantau::checks::audit_site(facts, pantau::config::default_catalogue(), {});
    }
};

const pantau::checks::Finding& by_rule(const std::vector<pantau::checks::Finding>& fs, const std::string& id) {
    for (const auto& f : fs) {
        if (f.rule == id) {
            return f;
        }
    }
    FAIL("no finding for " << id);
    return fs.front();
}

const std::string k_words = "Dinas ini melayani masyarakat dengan sepenuh hati setiap hari kerja di kantor pusat "
                            "yang beralamat di jalan utama kabupaten contoh provinsi contoh indonesia";

} // namespace

TEST_CASE("checks::rule_label passes a menu link whose page has content", "[checks]") {
    SiteBuilder b;
    b.page("/", 200, "Beranda", "Beranda " + k_words, {{"PPID", "/ppid/"}});
    b.page("/ppid/", 200, "PPID", "PPID Pelaksana bertugas melayani permohonan informasi publik sesuai undang-undang "
                                  "keterbukaan informasi publik nomor empat belas tahun dua ribu delapan");
    auto f = by_rule(b.audit(), "kip.ppid.ada");
    CHECK(f.status == Status::pass);
    REQUIRE_FALSE(f.evidence.empty());
    CHECK(f.evidence[0].url == "https://dinas.contoh.go.id/ppid/");
    CHECK(f.evidence[0].http_status == 200);
}

TEST_CASE("checks::rule_label matches folded variants: upper case and hyphens", "[checks]") {
    SiteBuilder b;
    b.page("/", 200, "Beranda", k_words, {{"INFORMASI-BERKALA", "/info/"}});
    b.page("/info/", 200, "Info", "Daftar laporan kinerja dan laporan keuangan tahun anggaran dua ribu dua puluh lima "
                                  "lengkap dengan dokumen yang dapat diunduh oleh masyarakat luas");
    auto f = by_rule(b.audit(), "kip.berkala.halaman");
    CHECK(f.status == Status::pass);
    CHECK(f.evidence[0].text == "INFORMASI-BERKALA");
}

TEST_CASE("checks::rule_label counts an image banner by its alt text", "[checks]") {
    SiteBuilder b;
    b.page("/", 200, "Beranda", k_words, {{"", "/layanan/"}}, "Layanan PPID Pelaksana");
    b.page("/layanan/", 200, "Layanan", "Permohonan informasi publik dapat diajukan langsung atau daring melalui "
                                        "formulir yang tersedia setiap hari kerja di kantor dinas");
    auto f = by_rule(b.audit(), "kip.ppid.ada");
    CHECK(f.status == Status::pass);
    CHECK(f.evidence[0].text == "Layanan PPID Pelaksana");
}

TEST_CASE("checks::rule_label warns 'tertaut tetapi kosong' for a link to a 404", "[checks]") {
    SiteBuilder b;
    b.page("/", 200, "Beranda", k_words, {{"PPID", "/ppid/"}});
    b.page("/ppid/", 404, "Not Found", "");
    auto f = by_rule(b.audit(), "kip.ppid.ada");
    CHECK(f.status == Status::warn);
    CHECK(f.message.find("Tertaut tetapi kosong") != std::string::npos);
    REQUIRE_FALSE(f.evidence.empty());
    CHECK(f.evidence[0].http_status == 404);
    CHECK(f.evidence[0].text.find("https://dinas.contoh.go.id/") != std::string::npos); // where it was linked
}

TEST_CASE("checks::rule_label warns for a link to an empty template page", "[checks]") {
    SiteBuilder b;
    const std::string nav = "Beranda Profil Berita Kontak Dinas Contoh hak cipta pemerintah kabupaten contoh";
    b.page("/", 200, "Beranda", nav + " " + k_words, {{"Informasi Berkala", "/berkala/"}});
    b.page("/berita/", 200, "Berita", nav + " Festival budaya digelar pekan depan dengan pawai dan lomba tari "
                                            "tradisional dari seluruh kecamatan di kabupaten");
    b.page("/profil/", 200, "Profil", nav + " Dinas dibentuk dengan peraturan daerah dan dipimpin kepala dinas yang "
                                            "bertanggung jawab kepada bupati melalui sekretaris daerah");
    b.page("/berkala/", 200, "Informasi Berkala", nav);
    auto f = by_rule(b.audit(), "kip.berkala.halaman");
    CHECK(f.status == Status::warn);
}

TEST_CASE("checks::rule_label fails when nothing names the item, with a fix", "[checks]") {
    SiteBuilder b;
    b.page("/", 200, "Beranda", k_words, {{"Berita", "/berita/"}});
    b.page("/berita/", 200, "Berita", k_words);
    auto f = by_rule(b.audit(), "kip.ppid.ada");
    CHECK(f.status == Status::fail);
    CHECK_FALSE(f.fix.empty());
    CHECK(f.basis == "UU 14/2008 Pasal 13");
}

TEST_CASE("checks::rule_label does not match an abbreviation inside a word", "[checks]") {
    SiteBuilder b;
    b.page("/", 200, "Beranda", k_words, {{"Rapid test", "/rapid/"}, {"Ppidana", "/x/"}});
    b.page("/rapid/", 200, "Rapid", k_words);
    b.page("/x/", 200, "X", k_words);
    CHECK(by_rule(b.audit(), "kip.ppid.ada").status == Status::fail);
}

TEST_CASE("checks: a partially crawled site gets n-a, never fail, for missing items", "[checks]") {
    SiteBuilder b("partial", "batas 2 halaman tercapai");
    b.page("/", 200, "Beranda", k_words, {{"Berita", "/berita/"}});
    auto fs = b.audit();
    CHECK(by_rule(fs, "kip.ppid.ada").status == Status::na);
    CHECK(by_rule(fs, "kip.ppid.ada").message.find("Tidak dapat dinilai") != std::string::npos);
    CHECK(by_rule(fs, "avail.dapat-diakses").status == Status::pass);
}

TEST_CASE("checks: a site that is down fails availability and leaves content rules n-a", "[checks]") {
    SiteBuilder b("down", "koneksi ditolak");
    b.page("/", 0, "", "");
    auto fs = b.audit();
    CHECK(by_rule(fs, "avail.dapat-diakses").status == Status::fail);
    CHECK(by_rule(fs, "kip.ppid.ada").status == Status::na);
    CHECK(by_rule(fs, "kip.berkala.halaman").status == Status::na);
}

TEST_CASE("checks: blocked is reported apart from down", "[checks]") {
    SiteBuilder b("blocked", "HTTP 403: server menolak perayap");
    b.page("/", 403, "", "");
    auto f = by_rule(b.audit(), "avail.dapat-diakses");
    CHECK(f.status == Status::warn);
    CHECK(f.message.find("Diblokir") != std::string::npos);
}

TEST_CASE("checks: messages follow the report language", "[checks]") {
    SiteBuilder b;
    b.page("/", 200, "Beranda", k_words);
    auto facts = pantau::checks::load_site_facts(b.db, b.run, b.site);
    pantau::checks::AuditOptions en;
    en.lang = "en";
    auto fs = pantau::checks::audit_site(facts, pantau::config::default_catalogue(), en);
    CHECK(by_rule(fs, "kip.ppid.ada").message.find("Not found") != std::string::npos);
    CHECK(by_rule(fs, "kip.ppid.ada").fix.find("Add a PPID menu") != std::string::npos);
}

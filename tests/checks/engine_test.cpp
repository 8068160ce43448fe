// The rule engine on sites written straight into an in-memory store: no network, every verdict
// derived from stored facts as `pantau audit` would.
#include "checks/engine.hpp"
#include "config/catalogue.hpp"
#include "extract/facts_json.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>

#include <functional>

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
              std::vector<std::pair<std::string, std::string>> links = {}, const std::string& img_alt = "",
              const std::vector<std::string>& headings = {}) {
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
        for (const auto& h : headings) {
            facts.headings.push_back({2, h});
        }
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
        auto facts = pantau::checks::load_site_facts(db, run, site, pantau::config::default_catalogue());
        return pantau::checks::audit_site(facts, pantau::config::default_catalogue(), {});
    }
};

const pantau::checks::Finding& by_rule(const std::vector<pantau::checks::Finding>& fs,
                                       const std::string& id) {
    for (const auto& f : fs) {
        if (f.rule == id) {
            return f;
        }
    }
    FAIL("no finding for " << id);
    return fs.front();
}

const std::string k_words =
    "Dinas ini melayani masyarakat dengan sepenuh hati setiap hari kerja di kantor pusat "
    "yang beralamat di jalan utama kabupaten contoh provinsi contoh indonesia";

} // namespace

TEST_CASE("checks::rule_label passes a menu link whose page has content", "[checks]") {
    SiteBuilder b;
    b.page("/", 200, "Beranda", "Beranda " + k_words, {{"PPID", "/ppid/"}});
    b.page("/ppid/", 200, "PPID",
           "PPID Pelaksana bertugas melayani permohonan informasi publik sesuai undang-undang "
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
    b.page("/info/", 200, "Info",
           "Daftar laporan kinerja dan laporan keuangan tahun anggaran dua ribu dua puluh lima "
           "lengkap dengan dokumen yang dapat diunduh oleh masyarakat luas");
    auto f = by_rule(b.audit(), "kip.berkala.halaman");
    CHECK(f.status == Status::pass);
    CHECK(f.evidence[0].text == "INFORMASI-BERKALA");
}

TEST_CASE("checks::rule_label counts an image banner by its alt text", "[checks]") {
    SiteBuilder b;
    b.page("/", 200, "Beranda", k_words, {{"", "/layanan/"}}, "Layanan PPID Pelaksana");
    b.page("/layanan/", 200, "Layanan",
           "Permohonan informasi publik dapat diajukan langsung atau daring melalui "
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
    b.page("/berita/", 200, "Berita",
           nav + " Festival budaya digelar pekan depan dengan pawai dan lomba tari "
                 "tradisional dari seluruh kecamatan di kabupaten");
    b.page("/profil/", 200, "Profil",
           nav + " Dinas dibentuk dengan peraturan daerah dan dipimpin kepala dinas yang "
                 "bertanggung jawab kepada bupati melalui sekretaris daerah");
    b.page("/berkala/", 200, "Informasi Berkala", nav);
    auto f = by_rule(b.audit(), "kip.berkala.halaman");
    CHECK(f.status == Status::warn);
}

TEST_CASE("checks::rule_label does not take a heading every page repeats for the page naming the item",
          "[checks]") {
    // A sidebar titled "PPID" on every page is the template: no page is the PPID's for it.
    SiteBuilder everywhere;
    for (const std::string path : {"/", "/berita/", "/profil/", "/agenda/"}) {
        everywhere.page(path, 200, "Halaman", k_words, {}, "", {"PPID", "Berita " + path});
    }
    CHECK(by_rule(everywhere.audit(), "kip.ppid.ada").status == Status::fail);
    // The same heading on one page of four names that page.
    SiteBuilder one;
    for (const std::string path : {"/", "/berita/", "/profil/"}) {
        one.page(path, 200, "Halaman", k_words, {}, "", {"Berita " + path});
    }
    one.page("/layanan/", 200, "Halaman", k_words, {}, "", {"PPID"});
    const auto f = by_rule(one.audit(), "kip.ppid.ada");
    CHECK(f.status != Status::fail);
    REQUIRE_FALSE(f.evidence.empty());
    CHECK(f.evidence[0].url == "https://dinas.contoh.go.id/layanan/");
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
    auto facts = pantau::checks::load_site_facts(b.db, b.run, b.site, pantau::config::default_catalogue());
    pantau::checks::AuditOptions en;
    en.lang = "en";
    auto fs = pantau::checks::audit_site(facts, pantau::config::default_catalogue(), en);
    CHECK(by_rule(fs, "kip.ppid.ada").message.find("Not found") != std::string::npos);
    CHECK(by_rule(fs, "kip.ppid.ada").fix.find("Add a PPID menu") != std::string::npos);
}

namespace {

// A page with explicit links (kind, hidden) and extra page fields, for the cases SiteBuilder::page does not
// cover.
std::int64_t add_page(SiteBuilder& b, const std::string& url, int status, const std::string& title,
                      const std::string& text, std::vector<pantau::store::Link> links = {},
                      const std::function<void(pantau::store::Page&)>& tweak = {}) {
    pantau::store::Page p;
    p.run_id = b.run;
    p.site_id = b.site;
    p.url = url;
    p.final_url = url;
    p.http_status = status;
    p.content_type = "text/html; charset=utf-8";
    pantau::extract::PageFacts facts;
    facts.title = title;
    facts.text = text;
    facts.lang = "id";
    p.facts_json = pantau::extract::facts_to_json(facts);
    if (tweak) {
        tweak(p);
    }
    const auto id = b.db.add_page(p);
    b.db.add_links(id, links);
    return id;
}

pantau::store::Link link(const std::string& to, const std::string& text, const std::string& kind,
                         bool hidden = false) {
    pantau::store::Link l;
    l.to_url = to;
    l.text = text;
    l.kind = kind;
    l.hidden = hidden;
    return l;
}

void add_document(SiteBuilder& b, const std::string& url, int status, const std::string& type) {
    pantau::store::Document d;
    d.run_id = b.run;
    d.site_id = b.site;
    d.url = url;
    d.http_status = status;
    d.content_type = type;
    d.failure = status >= 400 ? "http_4xx" : "";
    b.db.add_document(d);
}

const std::string k_home = "https://dinas.contoh.go.id/";

} // namespace

TEST_CASE("checks: the engine's kind table and the catalogue's kinds are the same list", "[checks]") {
    std::vector<std::string> engine;
    for (const auto& k : pantau::checks::rule_kinds()) {
        engine.push_back(k.kind);
    }
    CHECK(engine == pantau::config::matcher_kinds());
}

TEST_CASE("checks: a document counts when it answered 200 with a document type", "[checks]") {
    SiteBuilder b;
    add_page(b, k_home, 200, "Beranda", k_words,
             {link("https://dinas.contoh.go.id/dok/LKjIP-2024.pdf", "LKjIP 2024", "document")});
    add_document(b, "https://dinas.contoh.go.id/dok/LKjIP-2024.pdf", 200, "application/pdf");
    auto f = by_rule(b.audit(), "kip.berkala.kinerja");
    CHECK(f.status == Status::pass);
    REQUIRE_FALSE(f.evidence.empty());
    CHECK(f.evidence[0].http_status == 200);
}

TEST_CASE("checks: a document link that answers 404 or an HTML page is linked but empty", "[checks]") {
    SiteBuilder b;
    add_page(b, k_home, 200, "Beranda", k_words,
             {link("https://dinas.contoh.go.id/dok/LKjIP-2024.pdf", "LKjIP 2024", "document"),
              link("https://dinas.contoh.go.id/dok/lra-2024.pdf", "LRA 2024", "document")});
    add_document(b, "https://dinas.contoh.go.id/dok/LKjIP-2024.pdf", 404, "text/html");
    add_document(b, "https://dinas.contoh.go.id/dok/lra-2024.pdf", 200, "text/html"); // a soft 404
    auto fs = b.audit();
    CHECK(by_rule(fs, "kip.berkala.kinerja").status == Status::warn);
    CHECK(by_rule(fs, "kip.berkala.kinerja").message.find("Tertaut tetapi kosong") != std::string::npos);
    CHECK(by_rule(fs, "kip.berkala.laporan-keuangan").status == Status::warn);
    CHECK(by_rule(fs, "avail.dokumen-rusak").status == Status::fail);
}

TEST_CASE("checks: evidence one hop away on another go.id host counts and says so", "[checks]") {
    SiteBuilder b;
    add_page(b, k_home, 200, "Beranda", k_words,
             {link("https://ppid.contohkab.go.id/dinas/", "PPID", "external")});
    add_page(
        b, "https://ppid.contohkab.go.id/dinas/", 200, "PPID Pembantu Dinas",
        "Halaman PPID Pembantu Dinas pada portal PPID kabupaten memuat profil, daftar informasi publik dan "
        "formulir permohonan informasi yang dapat diisi daring oleh masyarakat",
        {}, [](pantau::store::Page& p) { p.offsite = true; });
    auto f = by_rule(b.audit(), "kip.ppid.ada");
    CHECK(f.status == Status::pass);
    CHECK(f.message.find("ppid.contohkab.go.id") != std::string::npos);
    REQUIRE_FALSE(f.evidence.empty());
    CHECK(f.evidence[0].url == "https://ppid.contohkab.go.id/dinas/");
}

TEST_CASE("checks: injected gambling links fail integrity and never count as evidence", "[checks]") {
    SiteBuilder b;
    add_page(b, k_home, 200, "Beranda", k_words,
             {link("https://gacor.example.com/berkala", "Informasi Berkala Slot Gacor", "external"),
              link("https://x.example.com/", "togel", "external", true)});
    auto fs = b.audit();
    CHECK(by_rule(fs, "kip.berkala.halaman").status == Status::fail);
    const auto& integ = by_rule(fs, "web.integritas");
    CHECK(integ.status == Status::fail);
    REQUIRE_FALSE(integ.evidence.empty());
    CHECK(integ.evidence[0].url == k_home);
}

TEST_CASE("checks: serta-merta passes with a plain statement that there is none", "[checks]") {
    SiteBuilder b;
    add_page(b, k_home, 200, "Beranda", k_words,
             {link("https://dinas.contoh.go.id/serta-merta/", "INFORMASI SERTA-MERTA", "internal")});
    add_page(
        b, "https://dinas.contoh.go.id/serta-merta/", 200, "Informasi Serta Merta",
        "Saat ini tidak ada informasi serta merta yang perlu diumumkan; informasi kebencanaan dapat dilihat "
        "pada situs BPBD Kabupaten Contoh setiap saat");
    CHECK(by_rule(b.audit(), "kip.serta-merta.halaman").status == Status::pass);
}

TEST_CASE("checks: web.https passes an https site; web.sertifikat reads the stored expiry", "[checks]") {
    auto cert = [](const std::string& fetch_json) {
        SiteBuilder b;
        add_page(b, k_home, 200, "Beranda", k_words, {},
                 [&](pantau::store::Page& p) { p.fetch_json = fetch_json; });
        return b.audit();
    };
    auto none = cert("{}");
    CHECK(by_rule(none, "web.https").status == Status::pass);
    CHECK(by_rule(none, "web.sertifikat").status == Status::na);
    CHECK(by_rule(none, "web.sertifikat").message.find("belum dicatat") != std::string::npos);
    // The run started 2026-11-22 (SiteBuilder).
    CHECK(by_rule(cert(R"({"cert_expiry": "Dec  2 23:59:59 2026 GMT"})"), "web.sertifikat").status ==
          Status::warn);
    CHECK(by_rule(cert(R"({"cert_expiry": "Nov  1 00:00:00 2026 GMT"})"), "web.sertifikat").status ==
          Status::fail);
    CHECK(by_rule(cert(R"({"cert_expiry": "Mar 15 12:00:00 2027 GMT"})"), "web.sertifikat").status ==
          Status::pass);
}

TEST_CASE("checks: freshness counts from the run's day, and Last-Modified only as the last resort",
          "[checks]") {
    SiteBuilder b; // run started 2026-11-22
    add_page(b, k_home, 200, "Beranda", k_words,
             {link("https://dinas.contoh.go.id/berita/", "BERITA", "internal")},
             [](pantau::store::Page& p) { p.last_modified = "Sun, 22 Nov 2026 00:00:00 GMT"; });
    add_page(b, "https://dinas.contoh.go.id/berita/", 200, "Berita",
             "Tanggal Posting : 11 September 2023 05:54 penyuluhan gizi balita di posyandu desa diikuti "
             "ratusan ibu "
             "dan kader kesehatan setempat dengan antusias",
             {}, [](pantau::store::Page& p) { p.last_modified = "Sun, 22 Nov 2026 00:00:00 GMT"; });
    auto f = by_rule(b.audit(), "fresh.berita");
    CHECK(f.status == Status::fail); // the printed 2023 date wins over a Last-Modified of today
    REQUIRE_FALSE(f.evidence.empty());
    CHECK(f.evidence[0].date == "2023-09-11");

    pantau::checks::AuditOptions earlier;
    earlier.today = "2023-10-01";
    auto facts = pantau::checks::load_site_facts(b.db, b.run, b.site, pantau::config::default_catalogue());
    auto fs = pantau::checks::audit_site(facts, pantau::config::default_catalogue(), earlier);
    CHECK(by_rule(fs, "fresh.berita").status == Status::pass);
}

TEST_CASE("checks::audit_stored writes one finding per rule with evidence JSON", "[checks]") {
    SiteBuilder b;
    b.page("/", 200, "Beranda", "Beranda " + k_words, {{"PPID", "/ppid/"}});
    b.page("/ppid/", 404, "Not Found", "");
    const auto findings =
        pantau::checks::audit_stored(b.db, b.run, b.site, pantau::config::default_catalogue(), {});
    const auto rows = b.db.findings(b.run, b.site);
    REQUIRE(rows.size() == findings.size());
    REQUIRE(rows.size() == pantau::config::default_catalogue().rules.size());
    for (const auto& r : rows) {
        if (r.rule == "kip.ppid.ada") {
            CHECK(r.status == "warn");
            const auto ev = pantau::checks::evidence_from_json(r.evidence_json);
            REQUIRE(ev.size() == 2); // the empty target and the page that links to it
            CHECK(ev[0].url == "https://dinas.contoh.go.id/ppid/");
            CHECK(ev[0].http_status == 404);
            CHECK(ev[1].url == "https://dinas.contoh.go.id/");
        }
    }
}

TEST_CASE("checks: a document's year comes from its PDF dates, never from other metadata keys", "[checks]") {
    const std::string lra = "https://dinas.contoh.go.id/dok/laporan-realisasi-anggaran.pdf";
    auto audit_with = [&](const std::string& meta_json) {
        SiteBuilder b;
        add_page(b, k_home, 200, "Beranda", k_words, {link(lra, "Laporan Realisasi Anggaran", "document")});
        pantau::store::Document d;
        d.run_id = b.run;
        d.site_id = b.site;
        d.url = lra;
        d.http_status = 200;
        d.content_type = "application/pdf";
        d.meta_json = meta_json;
        b.db.add_document(d);
        pantau::checks::AuditOptions options;
        options.today = "2025-08-15";
        auto facts =
            pantau::checks::load_site_facts(b.db, b.run, b.site, pantau::config::default_catalogue());
        return by_rule(pantau::checks::audit_site(facts, pantau::config::default_catalogue(), options),
                       "fresh.dokumen-tahun");
    };
    // Strings that look like dates but are not the document's: a URL, an error, a redirect target.
    auto other = audit_with(R"({"final_url":"2025-03-10/lra.pdf","error":"2025-01-01","method":"HEAD"})");
    CHECK(other.status != Status::pass);
    auto pdf =
        audit_with(R"({"final_url":"https://dinas.contoh.go.id/dok/lra.pdf","pdf_modified":"2025-03-10"})");
    CHECK(pdf.status == Status::pass);
    REQUIRE_FALSE(pdf.evidence.empty());
    CHECK(pdf.evidence[0].date == "2025-03-10");
    CHECK(pdf.evidence[0].text.find("ModDate 2025-03-10") != std::string::npos);
    CHECK(pdf.message.find("metadata PDF") != std::string::npos);
}

#include "demo/regency.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <stdexcept>

namespace pantau::demo {

namespace {

namespace fs = std::filesystem;
using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// ---------------------------------------------------------------------------------------------------
// Rule ids and scoring (KIP.md "Groups and default weights").

const std::vector<std::pair<std::string, double>> k_group_weights = {
    {"berkala", 25},   {"setiap-saat", 15},  {"serta-merta", 5}, {"ppid", 20},
    {"kesegaran", 15}, {"ketersediaan", 10}, {"situs", 10}};

// ---------------------------------------------------------------------------------------------------
// What the generator can put on a site for one content rule.

enum class State {
    absent, // nothing on the site says it                                  → fail
    page,   // a page (and, for document items, a document answering 200)   → pass
    portal, // the same, on the pemda's central PPID portal, linked one hop  → pass
    empty,  // a menu label to a page with a heading and no items           → warn ("tertaut tetapi kosong")
    dead,   // a menu label to a page that answers 404                      → warn (a label is not a
            // publication)
    broken_doc, // a page whose document link answers 404                       → warn (a label is not a
                // publication)
};

struct ItemDef {
    std::string rule;
    std::string section; // "ppid", "berkala", "setiap-saat"
    std::string slug;
    std::vector<std::string> labels;
    bool doc = false;
    // Rules the item's words also satisfy per KIP.md's word lists ("Agenda Pimpinan" carries "Agenda",
    // a word of kip.berkala.program-kegiatan; "Profil PPID" carries "Profil").
    std::vector<std::string> also;
};

const std::vector<ItemDef>& item_defs() {
    static const std::vector<ItemDef> defs = {
        {"kip.ppid.profil",
         "ppid",
         "ppid/profil-ppid",
         {"Profil PPID", "Tentang PPID"},
         true,
         {"kip.berkala.profil"}},
        {"kip.ppid.maklumat", "ppid", "ppid/maklumat-pelayanan", {"Maklumat Pelayanan"}, true, {}},
        {"kip.ppid.standar-layanan",
         "ppid",
         "ppid/standar-layanan",
         {"Standar Layanan", "Jalur dan Waktu Layanan"},
         false,
         {}},
        {"kip.ppid.formulir-online",
         "ppid",
         "ppid/permohonan-informasi",
         {"Permohonan Informasi", "Formulir Permohonan"},
         false,
         {}},
        {"kip.ppid.dip", "ppid", "ppid/dip", {"Daftar Informasi Publik", "DIP"}, false, {}},
        {"kip.ppid.dikecualikan",
         "ppid",
         "ppid/informasi-dikecualikan",
         {"Informasi Dikecualikan"},
         true,
         {}},
        {"kip.berkala.lhkpn", "berkala", "lhkpn", {"LHKPN", "Laporan Harta Kekayaan (LHKPN)"}, true, {}},
        {"kip.berkala.program-kegiatan", "berkala", "program-kegiatan", {"Program dan Kegiatan"}, false, {}},
        {"kip.berkala.kinerja", "berkala", "laporan-kinerja", {"Laporan Kinerja (LKjIP)", "LAKIP"}, true, {}},
        {"kip.berkala.laporan-keuangan",
         "berkala",
         "laporan-keuangan",
         {"Laporan Keuangan", "Laporan Realisasi Anggaran"},
         true,
         {}},
        {"kip.berkala.laporan-layanan",
         "berkala",
         "laporan-layanan-informasi",
         {"Laporan Layanan Informasi Publik"},
         true,
         {}},
        {"kip.berkala.regulasi", "berkala", "produk-hukum", {"Produk Hukum", "Regulasi"}, true, {}},
        {"kip.berkala.tata-cara",
         "berkala",
         "prosedur-permohonan",
         {"Prosedur Permohonan Informasi", "Tata Cara Permohonan Informasi"},
         false,
         {}},
        {"kip.berkala.pengaduan", "berkala", "pengaduan", {"Pengaduan", "Pengaduan Masyarakat"}, false, {}},
        {"kip.berkala.pengadaan",
         "berkala",
         "pengadaan",
         {"Pengadaan Barang/Jasa", "Pengadaan Barang dan Jasa"},
         true,
         {}},
        {"kip.berkala.peringatan-dini",
         "berkala",
         "prosedur-evakuasi",
         {"Prosedur Peringatan Dini dan Evakuasi", "Jalur Evakuasi"},
         false,
         {}},
        {"kip.setiap-saat.renstra",
         "setiap-saat",
         "renstra",
         {"Rencana Strategis (Renstra)", "Renstra"},
         true,
         {}},
        {"kip.setiap-saat.perjanjian",
         "setiap-saat",
         "perjanjian-kerja-sama",
         {"Perjanjian Kerja Sama", "MoU dan PKS"},
         true,
         {}},
        {"kip.setiap-saat.sop",
         "setiap-saat",
         "sop",
         {"Standar Operasional Prosedur (SOP)", "SOP"},
         true,
         {}},
        {"kip.setiap-saat.agenda-pimpinan",
         "setiap-saat",
         "agenda-pimpinan",
         {"Agenda Pimpinan", "Agenda Kepala Dinas"},
         false,
         {"kip.berkala.program-kegiatan"}},
        {"kip.setiap-saat.data",
         "setiap-saat",
         "data-statistik",
         {"Data Statistik Sektoral", "Satu Data"},
         false,
         {}},
    };
    return defs;
}

enum class Contact { go_id, gmail, partial };

// One agency as the generator builds it: what is on the site. The truth is derived from this.
// How a site is served: plain http only; https with http:// redirecting to it; https while http:// serves
// the same pages; https with a certificate that runs out in k_expiring_days.
enum class Tls { none, https, https_no_redirect, https_expiring };
constexpr int k_expiring_days = 12;

std::string tls_name(Tls t) {
    switch (t) {
    case Tls::none:
        return "";
    case Tls::https:
        return "https";
    case Tls::https_no_redirect:
        return "https-no-redirect";
    case Tls::https_expiring:
        return "https-expiring";
    }
    return "";
}

struct Spec {
    std::string name;
    std::string slug;
    std::string host;
    std::string parent;
    std::vector<std::string> tags;
    std::string profile;
    std::map<std::string, State> items;     // content rules; a rule not listed is State::page
    State ppid = State::page;               // kip.ppid.ada: the PPID page (page, portal, empty, absent)
    State berkala = State::page;            // kip.berkala.halaman: the section page
    State setiap_saat = State::page;        // kip.setiap-saat.halaman
    State serta_merta = State::page;        // kip.serta-merta.halaman
    bool serta_merta_announcements = false; // announcements rather than "tidak ada informasi serta merta"
    int news_age = 6;                       // days since the newest news post
    int berkala_age = 35;                   // days since the newest dated item of the berkala section
    int doc_lag = 0;                        // financial/performance documents cover year T-1-doc_lag
    int layanan_lag = 0;                    // the service report covers year T-1-layanan_lag
    Contact contact = Contact::go_id;
    bool lang = true;   // lang="id" on <html>
    bool alt = true;    // alt on content images
    bool titles = true; // <title> on every page
    bool hacked = false;
    bool down = false;
    bool blocked = false;
    bool slow = false;
    bool wp_dates = true; // WordPress permalinks /YYYY/MM/DD/slug/
    Tls tls = Tls::https; // how the site is served (see RegencySite::tls)

    State item(const std::string& rule) const {
        auto it = items.find(rule);
        return it == items.end() ? State::page : it->second;
    }
    Spec& set(std::initializer_list<const char*> rules, State s) {
        for (const char* r : rules) {
            items[r] = s;
        }
        return *this;
    }
};

bool live(State s) {
    return s == State::page || s == State::portal;
}

// ---------------------------------------------------------------------------------------------------
// The 30 agencies. Profiles model real situations seen on Dinas sites; they are spread so that the
// truth scores cover all five e-Monev bands. Nothing here looks at what pantau's checks do.

Spec agency(std::string name, std::string slug, std::vector<std::string> tags, std::string profile) {
    Spec s;
    s.name = std::move(name);
    s.slug = std::move(slug);
    s.host = s.slug + ".contohkab.go.id";
    s.tags = std::move(tags);
    s.profile = std::move(profile);
    return s;
}

// A small site that only has a profile, news and a contact page: nothing of the KIP lists.
Spec bare(std::string name, std::string slug, std::vector<std::string> tags, std::string profile) {
    Spec s = agency(std::move(name), std::move(slug), std::move(tags), std::move(profile));
    s.ppid = State::absent;
    s.berkala = State::absent;
    s.setiap_saat = State::absent;
    s.serta_merta = State::absent;
    for (const auto& d : item_defs()) {
        s.items[d.rule] = State::absent;
    }
    return s;
}

std::vector<Spec> build_specs() {
    using S = State;
    std::vector<Spec> v;
    // --- informatif -------------------------------------------------------------------------------
    v.push_back(
        agency("Dinas Komunikasi dan Informatika", "diskominfo", {"dinas", "ppid-utama"}, "model PPID"));
    v.back().parent = "Sekretariat Daerah";
    v.push_back(agency("Badan Perencanaan Pembangunan Daerah", "bappeda", {"badan"}, "complete, Satu Data"));
    v.push_back(agency("Dinas Kesehatan", "dinkes", {"dinas"}, "complete but LHKPN"));
    v.back().set({"kip.berkala.lhkpn"}, S::absent);
    v.back().serta_merta_announcements = true;
    v.push_back(agency("Badan Pengelolaan Keuangan dan Aset Daerah", "bpkad", {"badan"},
                       "no evacuation procedure, empty agenda"));
    v.back()
        .set({"kip.berkala.peringatan-dini"}, S::absent)
        .set({"kip.setiap-saat.agenda-pimpinan"}, S::empty);
    v.push_back(
        agency("Inspektorat Daerah", "inspektorat", {"inspektorat"}, "PPID documents on the central portal"));
    v.back().ppid = S::portal;
    v.back().set({"kip.ppid.profil", "kip.ppid.maklumat", "kip.ppid.standar-layanan",
                  "kip.ppid.formulir-online", "kip.ppid.dip", "kip.ppid.dikecualikan", "kip.berkala.kinerja",
                  "kip.berkala.laporan-keuangan", "kip.berkala.laporan-layanan"},
                 S::portal);
    v.push_back(
        agency("Dinas Pendidikan dan Kebudayaan", "disdikbud", {"dinas"}, "no exempt list, gmail contact"));
    v.back().set({"kip.ppid.dikecualikan"}, S::absent);
    v.back().contact = Contact::gmail;
    // --- menuju informatif ------------------------------------------------------------------------
    v.push_back(agency("Dinas Sosial", "dinsos", {"dinas"}, "several berkala gaps"));
    v.back()
        .set({"kip.berkala.lhkpn", "kip.berkala.peringatan-dini", "kip.setiap-saat.perjanjian",
              "kip.setiap-saat.agenda-pimpinan"},
             S::absent)
        .set({"kip.ppid.dikecualikan"}, S::empty);
    v.push_back(agency("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dpmptsp", {"dinas"},
                       "no service report, no lang"));
    v.back().set({"kip.berkala.laporan-layanan", "kip.ppid.dikecualikan", "kip.berkala.lhkpn"}, S::absent);
    v.back().lang = false;
    v.push_back(agency("Dinas Kependudukan dan Pencatatan Sipil", "disdukcapil", {"dinas"}, "slow server"));
    v.back().slow = true;
    v.back().set({"kip.berkala.pengadaan", "kip.setiap-saat.data", "kip.berkala.lhkpn"}, S::absent);
    v.push_back(agency("Badan Penanggulangan Bencana Daerah", "bpbd", {"badan"},
                       "serta merta announcements, old reports"));
    v.back().serta_merta_announcements = true;
    v.back().doc_lag = 2;
    v.back().layanan_lag = 1;
    v.back().set({"kip.ppid.dikecualikan", "kip.setiap-saat.perjanjian", "kip.berkala.lhkpn"}, S::absent);
    v.push_back(agency("Dinas Perhubungan", "dishub", {"dinas"}, "news a few months old, partial PPID"));
    v.back().news_age = 150;
    v.back()
        .set({"kip.ppid.maklumat", "kip.ppid.dikecualikan", "kip.berkala.lhkpn"}, S::absent)
        .set({"kip.ppid.formulir-online"}, S::empty);
    v.push_back(agency("Badan Kepegawaian dan Pengembangan SDM", "bkpsdm", {"badan"},
                       "portal for PPID, own berkala"));
    v.back().ppid = S::portal;
    v.back()
        .set({"kip.ppid.profil", "kip.ppid.dip", "kip.ppid.standar-layanan"}, S::portal)
        .set({"kip.ppid.maklumat", "kip.ppid.dikecualikan", "kip.setiap-saat.data", "kip.berkala.pengadaan"},
             S::absent);
    // --- cukup informatif -------------------------------------------------------------------------
    v.push_back(
        agency("Dinas Pekerjaan Umum dan Penataan Ruang", "dpupr", {"dinas"}, "broken document links"));
    v.back().set({"kip.berkala.kinerja", "kip.berkala.lhkpn", "kip.setiap-saat.renstra",
                  "kip.setiap-saat.perjanjian", "kip.setiap-saat.sop", "kip.ppid.dikecualikan",
                  "kip.berkala.laporan-layanan", "kip.ppid.profil"},
                 S::broken_doc);
    v.push_back(agency("Dinas Pertanian", "distan", {"dinas"}, "stale: news two years old, old documents"));
    v.back().news_age = 730;
    v.back().berkala_age = 640;
    v.back().doc_lag = 2;
    v.back().layanan_lag = 2;
    v.back().set({"kip.ppid.dikecualikan", "kip.berkala.lhkpn", "kip.setiap-saat.agenda-pimpinan",
                  "kip.setiap-saat.data"},
                 S::absent);
    v.push_back(agency("Dinas Lingkungan Hidup", "dlh", {"dinas"}, "hacked: hidden slot gacor links"));
    v.back().hacked = true;
    v.back().news_age = 300;
    v.back().berkala_age = 260;
    v.back().set({"kip.ppid.dikecualikan", "kip.ppid.maklumat", "kip.berkala.lhkpn",
                  "kip.setiap-saat.agenda-pimpinan", "kip.setiap-saat.perjanjian",
                  "kip.berkala.peringatan-dini", "kip.ppid.formulir-online"},
                 S::absent);
    v.push_back(agency("Dinas Pariwisata, Pemuda dan Olahraga", "disparpora", {"dinas"}, "not on go.id"));
    v.back().host = "pariwisata-kabcontoh.com";
    v.back().contact = Contact::gmail;
    v.back().set({"kip.ppid.dikecualikan", "kip.ppid.dip", "kip.berkala.lhkpn",
                  "kip.setiap-saat.agenda-pimpinan", "kip.setiap-saat.perjanjian",
                  "kip.berkala.peringatan-dini", "kip.setiap-saat.data", "kip.berkala.laporan-layanan"},
                 S::absent);
    v.push_back(agency("Dinas Tenaga Kerja", "disnaker", {"dinas"}, "menu labels to empty pages"));
    v.back().set({"kip.ppid.dip", "kip.ppid.dikecualikan", "kip.ppid.standar-layanan",
                  "kip.berkala.laporan-keuangan", "kip.berkala.program-kegiatan", "kip.setiap-saat.sop",
                  "kip.setiap-saat.renstra", "kip.berkala.peringatan-dini"},
                 S::empty);
    v.back().serta_merta = S::empty;
    v.push_back(agency("Rumah Sakit Umum Daerah", "rsud", {"blud"}, "hospital site, thin PPID"));
    v.back().set({"kip.ppid.dikecualikan", "kip.ppid.dip", "kip.ppid.profil", "kip.berkala.lhkpn",
                  "kip.berkala.laporan-layanan", "kip.setiap-saat.perjanjian",
                  "kip.setiap-saat.agenda-pimpinan", "kip.berkala.peringatan-dini"},
                 S::absent);
    v.back().alt = false;
    v.push_back(agency("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dp3a", {"dinas"},
                       "no setiap-saat section"));
    v.back().setiap_saat = S::absent;
    v.back().set({"kip.setiap-saat.renstra", "kip.setiap-saat.perjanjian", "kip.setiap-saat.sop",
                  "kip.setiap-saat.agenda-pimpinan", "kip.setiap-saat.data", "kip.berkala.lhkpn",
                  "kip.ppid.dikecualikan"},
                 S::absent);
    v.back().berkala_age = 220;
    // --- kurang informatif ------------------------------------------------------------------------
    v.push_back(agency("Dinas Perindustrian dan Perdagangan", "disperindag", {"dinas"},
                       "PPID menu only, few documents"));
    v.back().set({"kip.ppid.profil", "kip.ppid.maklumat", "kip.ppid.standar-layanan",
                  "kip.ppid.formulir-online", "kip.ppid.dip", "kip.ppid.dikecualikan", "kip.berkala.lhkpn",
                  "kip.berkala.kinerja", "kip.berkala.laporan-layanan", "kip.berkala.peringatan-dini",
                  "kip.setiap-saat.perjanjian", "kip.setiap-saat.agenda-pimpinan", "kip.setiap-saat.data",
                  "kip.berkala.tata-cara"},
                 S::absent);
    v.back().serta_merta = S::absent;
    v.back().berkala_age = 400;
    v.back().news_age = 200;
    v.push_back(agency("Dinas Perikanan", "diskan", {"dinas"}, "menu labels to missing pages (404)"));
    v.back().set({"kip.ppid.dip", "kip.ppid.profil", "kip.ppid.standar-layanan",
                  "kip.berkala.laporan-keuangan", "kip.berkala.kinerja", "kip.setiap-saat.renstra",
                  "kip.berkala.laporan-layanan"},
                 S::dead);
    v.back().set({"kip.ppid.dikecualikan", "kip.ppid.maklumat", "kip.berkala.lhkpn",
                  "kip.setiap-saat.agenda-pimpinan", "kip.setiap-saat.data", "kip.berkala.peringatan-dini",
                  "kip.setiap-saat.perjanjian"},
                 S::absent);
    v.back().serta_merta = S::dead;
    v.back().news_age = 120;
    v.back().berkala_age = 300;
    v.back().contact = Contact::gmail;
    v.push_back(bare("Satuan Polisi Pamong Praja", "satpolpp", {"satuan"}, "news and a few pages only"));
    v.back().set({"kip.berkala.pengaduan", "kip.berkala.regulasi", "kip.setiap-saat.sop",
                  "kip.berkala.program-kegiatan"},
                 S::page);
    v.back().ppid = S::page;
    v.back().set({"kip.ppid.profil", "kip.ppid.standar-layanan"}, S::page);
    v.push_back(
        agency("Dinas Koperasi dan Usaha Kecil Menengah", "diskopukm", {"dinas"}, "berkala only, stale"));
    v.back().ppid = S::absent;
    v.back().setiap_saat = S::absent;
    v.back().serta_merta = S::absent;
    for (const auto& d : item_defs()) {
        if (d.section != "berkala") {
            v.back().items[d.rule] = S::absent;
        }
    }
    v.back().set({"kip.berkala.lhkpn", "kip.berkala.laporan-layanan", "kip.berkala.tata-cara",
                  "kip.berkala.peringatan-dini"},
                 S::absent);
    v.back().news_age = 420;
    v.back().berkala_age = 500;
    v.back().doc_lag = 3;
    v.back().titles = false;
    v.push_back(
        bare("Dinas Perpustakaan dan Kearsipan", "dispusip", {"dinas"}, "news, profile, complaint links"));
    v.back().set({"kip.berkala.pengaduan", "kip.berkala.regulasi", "kip.berkala.program-kegiatan",
                  "kip.berkala.pengadaan", "kip.setiap-saat.agenda-pimpinan", "kip.setiap-saat.sop"},
                 S::page);
    v.back().ppid = S::portal;
    v.back().set({"kip.ppid.dip", "kip.ppid.profil"}, S::portal);
    v.back().news_age = 200;
    v.back().contact = Contact::gmail;
    v.push_back(agency("Dinas Ketahanan Pangan", "dkp", {"dinas"}, "blocks crawlers with 403"));
    v.back().blocked = true;
    v.push_back(agency("Dinas Pemadam Kebakaran dan Penyelamatan", "damkar", {"dinas"}, "down"));
    v.back().down = true;
    v.push_back(bare("Sekretariat DPRD", "setwan", {"sekretariat"}, "legislature news site"));
    v.back().set({"kip.berkala.regulasi", "kip.berkala.pengaduan", "kip.berkala.program-kegiatan",
                  "kip.setiap-saat.agenda-pimpinan"},
                 S::page);
    v.back().news_age = 45;
    // --- tidak informatif -------------------------------------------------------------------------
    v.push_back(
        bare("Kecamatan Contoh Utara", "kec-contohutara", {"kecamatan"}, "bare kecamatan site, stale"));
    v.back().parent = "Sekretariat Daerah";
    v.back().news_age = 500;
    v.back().contact = Contact::gmail;
    v.back().lang = false;
    v.push_back(bare("Kecamatan Contoh Selatan", "kec-contohselatan", {"kecamatan"}, "bare kecamatan site"));
    v.back().parent = "Sekretariat Daerah";
    v.back().news_age = 60;
    v.back().contact = Contact::partial;
    v.back().alt = false;
    v.push_back(bare("Badan Kesatuan Bangsa dan Politik", "kesbangpol", {"badan"}, "bare and hacked"));
    v.back().hacked = true;
    v.back().news_age = 900;
    v.back().set({"kip.berkala.pengaduan"}, S::page);
    // TLS, as seen on Dinas sites: most are https with http:// redirecting; a few small or neglected ones
    // are plain http; some serve both without redirecting; one certificate is about to run out.
    for (auto& s : v) {
        if (s.down || s.blocked || s.hacked || s.slug == "disparpora" || s.slug == "kec-contohutara" ||
            s.slug == "kec-contohselatan" || s.slug == "diskopukm") {
            s.tls = Tls::none;
        } else if (s.slug == "dinsos" || s.slug == "distan" || s.slug == "satpolpp") {
            s.tls = Tls::https_no_redirect;
        } else if (s.slug == "dishub") {
            s.tls = Tls::https_expiring;
        }
    }
    for (auto& s : v) {
        // A site without a PPID page cannot have PPID sub-pages; a PPID page that is an empty template
        // links no PPID item either.
        if (!live(s.ppid)) {
            for (const auto& d : item_defs()) {
                if (d.section == "ppid") {
                    s.items[d.rule] = State::absent;
                }
            }
        }
    }
    return v;
}

// ---------------------------------------------------------------------------------------------------
// Dates in the shapes of KIP.md "Indonesian dates".

const std::array<const char*, 12> k_months = {"Januari",   "Februari", "Maret",    "April",
                                              "Mei",       "Juni",     "Juli",     "Agustus",
                                              "September", "Oktober",  "November", "Desember"};
const std::array<const char*, 12> k_months_variant = {"Januari",   "Pebruari", "Maret",    "April",
                                                      "Mei",       "Juni",     "Juli",     "Agustus",
                                                      "September", "Oktober",  "Nopember", "Desember"};
const std::array<const char*, 12> k_months_short = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                                    "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
const std::array<const char*, 12> k_months_en = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
const std::array<const char*, 7> k_days = {"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"};

struct Ymd {
    int y;
    int m; // 1..12
    int d;
    int wd; // 0 = Sunday
};

Ymd ymd(sys_days t) {
    const year_month_day v{t};
    return Ymd{static_cast<int>(v.year()), static_cast<int>(static_cast<unsigned>(v.month())),
               static_cast<int>(static_cast<unsigned>(v.day())),
               static_cast<int>(std::chrono::weekday{t}.c_encoding())};
}

std::string iso_date(sys_days t) {
    const Ymd d = ymd(t);
    return fmt::format("{:04}-{:02}-{:02}", d.y, d.m, d.d);
}

// A content date printed the way one CMS theme prints it. `style` picks the shape; `h`/`mi` the time.
std::string printed_date(sys_days t, int style, int h, int mi) {
    const Ymd d = ymd(t);
    const auto mo = static_cast<std::size_t>(d.m - 1);
    const auto wd = static_cast<std::size_t>(d.wd);
    switch (style % 9) {
    case 0:
        return fmt::format("Diposting pada {}, {:02} {} {}", k_days[wd], d.d, k_months[mo], d.y);
    case 1:
        return fmt::format("{}, {:02} {} {} {:02}:{:02} WIB", k_days[wd], d.d, k_months[mo], d.y, h, mi);
    case 2:
        return fmt::format("{:02}:{:02}:{:02}, {:02} {} {}", h, mi, (h * 7 + mi) % 60, d.d,
                           k_months_short[mo], d.y);
    case 3:
        return fmt::format("{:02} {} {} pada {:02}.{:02}", d.d, k_months_short[mo], d.y, h, mi);
    case 4:
        return fmt::format("Tanggal Posting : {:02} {} {} {:02}:{:02}", d.d, k_months[mo], d.y, h, mi);
    case 5:
        return fmt::format("Posted on {} {}, {}", k_months_en[mo], d.d, d.y); // an untranslated theme
    case 6:
        return fmt::format("{}, {:02} {} {} Pukul. {:02}.{:02} WITA", k_days[wd], d.d, k_months[mo], d.y, h,
                           mi);
    case 7:
        return fmt::format("Diposting pada {} {} {}", d.d, k_months_variant[mo], d.y);
    default:
        return fmt::format("{}, {} {} {}", std::string(k_days[wd]) == "Jumat" ? "Jum'at" : k_days[wd], d.d,
                           k_months[mo], d.y);
    }
}

std::string upload_date(sys_days t, int h, int mi) {
    const Ymd d = ymd(t);
    return fmt::format("Diunggah pada : {:02} {} {} {:02}:{:02}:{:02}", d.d,
                       k_months[static_cast<std::size_t>(d.m - 1)], d.y, h, mi, (h + mi) % 60);
}

// ---------------------------------------------------------------------------------------------------
// Files of a rendered site, kept in memory: the plan derives the truth from the very files the writer
// puts on disk.

struct Rendered {
    std::map<std::string, std::map<std::string, std::string>> files; // host → url path → body
    std::set<std::string> anchors;                  // internal <a href> targets (paths) of the agency
    std::vector<std::pair<std::string, bool>> docs; // linked documents (url, answers 200)
    bool berkala_dated = false;                     // the berkala section lists a dated live item
};

// A tiny but valid PDF with a title and a creation date (PDF metadata is a document-date source).
std::string tiny_pdf(const std::string& title, sys_days created) {
    const Ymd d = ymd(created);
    return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count "
           "1>>endobj\n"
           "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n4 0 obj<</Title(" +
           title + fmt::format(")/CreationDate(D:{:04}{:02}{:02}090000+07'00')>>endobj\n", d.y, d.m, d.d) +
           "trailer<</Root 1 0 R/Info 4 0 R>>\n%%EOF\n";
}

// A 1×1 PNG: banners, photos and scanned notices need a real image behind them.
std::string tiny_png() {
    static const unsigned char bytes[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
        0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
        0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
        0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

const std::vector<std::string> k_news_titles = {
    "Rapat Koordinasi Lintas Sektor Bersama Camat se-Kabupaten",
    "Kunjungan Kerja Wakil Bupati ke Kantor Dinas",
    "Bimbingan Teknis Aparatur Tahun Ini Resmi Dibuka",
    "Pelantikan Pejabat Fungsional di Lingkungan Dinas",
    "Apel Pagi dan Pembinaan Pegawai oleh Sekretaris Daerah",
    "Peringatan Hari Jadi Kabupaten Contoh Berlangsung Meriah",
    "Sosialisasi Keterbukaan Informasi kepada Perangkat Desa",
    "Penyerahan Bantuan kepada Kelompok Masyarakat",
    "Gotong Royong Membersihkan Lingkungan Kantor",
    "Rapat Evaluasi Triwulan III Bersama Kepala Bidang",
    "Kegiatan Donor Darah dalam Rangka HUT Korpri",
    "Pembinaan Kelompok Usaha di Kecamatan Contoh Utara",
    "Lomba Inovasi Pelayanan Publik Tingkat Kabupaten",
    "Penandatanganan Pakta Integritas Pegawai",
    "Rapat Kerja Bersama Komisi DPRD",
    "Studi Tiru ke Kabupaten Tetangga",
};

std::string slugify(const std::string& s) {
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            out.push_back(static_cast<char>(std::tolower(u)));
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

std::string upper(std::string s) {
    for (auto& c : s) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
}

// Renders one agency site (and its pages on the central portal).
class SiteRenderer {
public:
    SiteRenderer(const Spec& spec, sys_days today, std::uint32_t seed, std::size_t index, std::uint16_t port)
        : m_s(spec), m_today(today), m_rng(seed * 7919U + static_cast<std::uint32_t>(index) * 104729U + 17U),
          m_port(port) {
        m_upper_menu = pick(3) == 0;
        m_date_style = static_cast<int>(pick(9));
        m_time_tag = pick(2) == 0;
        m_date_widget = pick(3) == 0;
        m_label_variant = pick(2);
        m_year = ymd(today).y;
    }

    Rendered render() {
        build_menu();
        home();
        profile_pages();
        news();
        contact_page();
        ppid_pages();
        section_pages();
        if (m_s.serta_merta != State::absent) {
            serta_merta_page();
        }
        if (m_s.hacked) {
            spam_page();
        }
        put("/robots.txt", "User-agent: *\nDisallow: /wp-admin/\n");
        put("/wp-content/themes/opd/style.css",
            "body{font-family:sans-serif;margin:0}.sub-menu{display:none}\n");
        put("/wp-content/uploads/logo.png", tiny_png());
        // Banner images only where a banner shows them (their file names are evidence words too).
        if (m_s.item("kip.berkala.pengaduan") == State::page) {
            put("/wp-content/uploads/banner-lapor.png", tiny_png());
        }
        if (m_s.item("kip.berkala.pengadaan") == State::page) {
            put("/wp-content/uploads/banner-lpse.png", tiny_png());
        }
        if (m_s.item("kip.berkala.regulasi") == State::page) {
            put("/wp-content/uploads/banner-jdih.png", tiny_png());
        }
        put("/wp-content/uploads/struktur-organisasi.png", tiny_png());
        put("/wp-content/uploads/foto-kegiatan.png", tiny_png());
        return std::move(m_out);
    }

private:
    std::uint32_t pick(std::uint32_t n) { return static_cast<std::uint32_t>(m_rng() % n); }

    std::string portal_base() const {
        return m_port == 0 ? fmt::format("http://{}", k_portal_host)
                           : fmt::format("http://{}:{}", k_portal_host, m_port);
    }
    std::string portal_prefix() const { return "/opd/" + m_s.slug + "/"; }

    void put(const std::string& path, std::string body) { m_out.files[m_s.host][path] = std::move(body); }
    void put_portal(const std::string& path, std::string body) {
        m_out.files[k_portal_host][path] = std::move(body);
    }

    // An anchor to a page of this site (recorded for the broken-link share) or to another host.
    std::string a(const std::string& href, const std::string& text) {
        if (!href.empty() && href.front() == '/') {
            m_out.anchors.insert(href);
        }
        return "<a href=\"" + href + "\">" + text + "</a>";
    }

    std::string label(const std::string& text) const { return m_upper_menu ? upper(text) : text; }

    std::string img(const std::string& src, const std::string& alt) const {
        return m_s.alt ? "<img src=\"" + src + "\" alt=\"" + alt + "\">" : "<img src=\"" + src + "\">";
    }

    std::string date_html(sys_days t, int h, int mi) const {
        const std::string text = printed_date(t, m_date_style, h, mi);
        if (m_time_tag) {
            return "<time class=\"entry-date published\" datetime=\"" + iso_date(t) +
                   fmt::format("T{:02}:{:02}:00+07:00\">", h, mi) + text + "</time>";
        }
        return text;
    }

    // Where the item of `rule` is linked from (empty when nothing links it).
    std::string item_href(const ItemDef& d) const {
        switch (m_s.item(d.rule)) {
        case State::absent:
            return "";
        case State::portal:
            return d.doc && d.rule != "kip.ppid.maklumat" ? portal_base() + portal_doc_path(d)
                                                          : portal_base() + portal_prefix() + leaf(d) + "/";
        default:
            return "/" + d.slug + "/";
        }
    }
    static std::string leaf(const ItemDef& d) {
        const auto slash = d.slug.rfind('/');
        return slash == std::string::npos ? d.slug : d.slug.substr(slash + 1);
    }
    std::string item_label(const ItemDef& d) const { return d.labels[m_label_variant % d.labels.size()]; }

    // ---- dates of documents --------------------------------------------------------------------
    // Every dated non-news item is at most as new as the berkala section's newest, so "the newest item
    // of the berkala section" is also the newest document date anywhere on the site.
    sys_days doc_date(int k) const { return m_today - days(m_s.berkala_age + 23 * k); }
    int doc_year() const { return m_year - 1 - m_s.doc_lag; }
    int layanan_year() const { return m_year - 1 - m_s.layanan_lag; }

    std::string upload_path(sys_days t, const std::string& file) const {
        const Ymd d = ymd(t);
        return fmt::format("/wp-content/uploads/{:04}/{:02}/{}", d.y, d.m, file);
    }
    std::string portal_doc_path(const ItemDef& d) const {
        return upload_path(doc_date(2), m_s.slug + "-" + slugify(doc_title(d)) + ".pdf");
    }

    // A document link; the file is written unless the item's documents are broken.
    std::string doc_link(const std::string& path, const std::string& text, sys_days t, bool ok) {
        if (ok) {
            put(path, tiny_pdf(text, t));
        }
        m_out.docs.emplace_back(path, ok);
        return a(path, text + ".pdf") + " <span class=\"meta\">" +
               upload_date(t, 9 + static_cast<int>(pick(7)), static_cast<int>(pick(60))) + "</span>";
    }

    // ---- page chrome ---------------------------------------------------------------------------
    void build_menu() {
        std::string m = "<nav class=\"main-navigation\"><ul id=\"primary-menu\" class=\"menu\">\n";
        m += "<li class=\"menu-item\">" + a("/", label("Beranda")) + "</li>\n";
        m += "<li class=\"menu-item menu-item-has-children\">" + a("/profil/", label("Profil")) +
             "<ul class=\"sub-menu\">" + "<li>" + a("/profil/visi-misi/", "Visi dan Misi") + "</li><li>" +
             a("/profil/tugas-pokok-dan-fungsi/", "Tugas Pokok dan Fungsi") + "</li><li>" +
             a("/profil/struktur-organisasi/", "Struktur Organisasi") + "</li></ul></li>\n";
        if (m_s.ppid != State::absent) {
            const std::string ppid_href =
                m_s.ppid == State::portal ? portal_base() + portal_prefix() : "/ppid/";
            m += "<li class=\"menu-item menu-item-has-children\">" + a(ppid_href, label("PPID")) +
                 "<ul class=\"sub-menu\">";
            for (const auto& d : item_defs()) {
                if (d.section == "ppid") {
                    const std::string href = item_href(d);
                    if (!href.empty()) {
                        m += "<li>" + a(href, item_label(d)) + "</li>";
                    }
                }
            }
            m += "</ul></li>\n";
        }
        std::string info;
        if (m_s.berkala != State::absent) {
            info += "<li>" +
                    a("/informasi-berkala/",
                      m_label_variant == 0 ? "Informasi Berkala" : "Informasi Wajib Berkala") +
                    "</li>";
        }
        if (m_s.serta_merta != State::absent) {
            info += "<li>" +
                    a("/informasi-serta-merta/",
                      m_label_variant == 0 ? "Informasi Serta Merta" : "Informasi Serta-Merta") +
                    "</li>";
        }
        if (m_s.setiap_saat != State::absent) {
            info += "<li>" +
                    a("/informasi-setiap-saat/",
                      m_label_variant == 0 ? "Informasi Setiap Saat" : "Informasi Tersedia Setiap Saat") +
                    "</li>";
        }
        if (has_loose_items()) {
            info += "<li>" + a("/dokumen/", "Dokumen") + "</li>";
        }
        if (!info.empty()) {
            m += "<li class=\"menu-item menu-item-has-children\">" + a("#", label("Informasi Publik")) +
                 "<ul class=\"sub-menu\">" + info + "</ul></li>\n";
        }
        m += "<li class=\"menu-item\">" + a("/berita/", label("Berita")) + "</li>\n";
        m += "<li class=\"menu-item\">" + a("/kontak/", label("Kontak")) + "</li>\n</ul></nav>";
        m_menu = std::move(m);
    }

    // Items whose section page is missing are listed on a plain "Dokumen" page.
    bool in_section(const ItemDef& d) const {
        if (d.section == "berkala") {
            return m_s.berkala == State::page;
        }
        if (d.section == "setiap-saat") {
            return m_s.setiap_saat == State::page;
        }
        return true; // PPID items hang under the PPID menu
    }
    bool has_loose_items() const {
        for (const auto& d : item_defs()) {
            if (!in_section(d) && m_s.item(d.rule) != State::absent && !banner_only(d)) {
                return true;
            }
        }
        return false;
    }
    // Complaint, procurement and JDIH links are often only banners on the home page.
    bool banner_only(const ItemDef& d) const {
        return (d.rule == "kip.berkala.pengaduan" || d.rule == "kip.berkala.pengadaan" ||
                d.rule == "kip.berkala.regulasi") &&
               m_s.item(d.rule) == State::page && !in_section(d);
    }

    std::string contact_block() const {
        const std::string mail =
            m_s.contact == Contact::gmail ? m_s.slug + ".kabcontoh@gmail.com" : m_s.slug + "@contohkab.go.id";
        std::string c = "Jl. Jenderal Sudirman No. " + std::to_string(3 + m_s.slug.size()) + ", Contoh 57" +
                        std::to_string(100 + m_s.slug.size() * 7);
        if (m_s.contact != Contact::partial) {
            c += " · Telp. (0271) " + std::to_string(640000 + m_s.slug.size() * 1231) +
                 " · Email: <a href=\"mailto:" + mail + "\">" + mail + "</a>";
        }
        return c;
    }

    std::string banners() {
        std::string b;
        if (m_s.item("kip.berkala.pengaduan") == State::page) {
            b += "<a href=\"https://www.lapor.go.id/\"><img src=\"/wp-content/uploads/banner-lapor.png\" "
                 "alt=\"SP4N-LAPOR!\"></a> ";
        }
        if (m_s.item("kip.berkala.pengadaan") == State::page) {
            b += "<a href=\"https://lpse.contohkab.go.id/eproc4\"><img "
                 "src=\"/wp-content/uploads/banner-lpse.png\" alt=\"LPSE Kabupaten Contoh\"></a> ";
        }
        if (m_s.item("kip.berkala.regulasi") == State::page) {
            b += "<a href=\"https://jdih.contohkab.go.id/\"><img src=\"/wp-content/uploads/banner-jdih.png\" "
                 "alt=\"JDIH Kabupaten Contoh\"></a>";
        }
        return b.empty() ? b : "<div class=\"widget banner-links\">" + b + "</div>";
    }

    std::string spam_block() const {
        // What real injections look like: a block hidden from visitors, full of gambling links for search
        // engines.
        return "<div style=\"display:none\" class=\"sponsor\"><a "
               "href=\"https://slotgacor-maxwin88.xyz/\">slot gacor</a> "
               "<a href=\"https://slotgacor-maxwin88.xyz/daftar\">situs slot gacor hari ini</a> "
               "<a href=\"https://judi-online-terpercaya.top/\">judi online terpercaya</a> "
               "<a href=\"https://togel-resmi.vip/\">bandar togel</a> slot gacor maxwin, slot88, judi "
               "online</div>";
    }

    void page(const std::string& path, const std::string& title, const std::string& body) {
        std::string h = "<!DOCTYPE html>\n";
        h += m_s.lang ? "<html lang=\"id-ID\">" : "<html>";
        h += "<head><meta charset=\"UTF-8\">";
        // A page without a <title> (an old theme's template) on sites that lose titles.
        if (m_s.titles || path == "/") {
            h += "<title>" + title + " – " + m_s.name + "</title>";
        }
        h += "<meta name=\"generator\" content=\"WordPress 6.4.3\"><link rel=\"stylesheet\" "
             "href=\"/wp-content/themes/opd/style.css\"></head>\n";
        h += "<body class=\"wp-singular\"><div id=\"page\" class=\"site\"><header id=\"masthead\" "
             "class=\"site-header\">";
        if (m_date_widget) {
            // A header widget printing today's date: not a content date (KIP.md).
            const Ymd d = ymd(m_today);
            h += fmt::format("<div class=\"topbar\">{}, {} {} {}</div>",
                             k_days[static_cast<std::size_t>(d.wd)], d.d,
                             k_months[static_cast<std::size_t>(d.m - 1)], d.y);
        }
        h += "<div class=\"site-branding\"><a href=\"/\" rel=\"home\"><img "
             "src=\"/wp-content/uploads/logo.png\" alt=\"Logo Kabupaten Contoh\"></a>"
             "<p class=\"site-title\">" +
             m_s.name + "</p><p class=\"site-description\">Kabupaten Contoh</p></div>\n";
        h += m_menu +
             "</header>\n<div id=\"content\" class=\"site-content\"><main id=\"main\" class=\"site-main\">\n";
        h += body;
        h += "\n</main></div>\n<footer id=\"colophon\" class=\"site-footer\"><div "
             "class=\"footer-widgets\"><p><strong>" +
             m_s.name + "</strong><br>Alamat: " + contact_block() + "</p></div>";
        if (m_s.hacked) {
            h += spam_block();
        }
        h += "<div class=\"site-info\">© " + std::to_string(m_year) + " " + m_s.name +
             " Kabupaten Contoh</div></footer></div></body></html>\n";
        put(path, std::move(h));
    }

    // ---- pages ---------------------------------------------------------------------------------
    void home() {
        std::string b = "<section class=\"welcome\"><h1>Selamat Datang di Website Resmi " + m_s.name +
                        "</h1><p>" + m_s.name +
                        " merupakan unsur pelaksana urusan pemerintahan yang menjadi kewenangan daerah di "
                        "Kabupaten Contoh.</p></section>\n";
        b += banners();
        b += "<section class=\"latest-posts\"><h2>Berita Terbaru</h2>\n";
        m_posts = news_posts();
        for (std::size_t i = 0; i < m_posts.size() && i < 3; ++i) {
            const auto& p = m_posts[i];
            b += "<article class=\"post\"><h3 class=\"entry-title\">" + a(p.url, p.title) +
                 "</h3><div class=\"entry-meta\">" + date_html(p.date, p.h, p.mi) + "</div></article>\n";
        }
        b += "</section>";
        page("/", "Beranda", b);
    }

    void profile_pages() {
        page("/profil/", "Profil",
             "<article class=\"page\"><h1 class=\"entry-title\">Profil</h1><p>" + m_s.name +
                 " dibentuk untuk melaksanakan urusan pemerintahan daerah sesuai bidangnya. Kantor kami "
                 "beralamat di " +
                 contact_block() + ".</p><ul><li>" + a("/profil/visi-misi/", "Visi dan Misi") + "</li><li>" +
                 a("/profil/tugas-pokok-dan-fungsi/", "Tugas Pokok dan Fungsi") + "</li><li>" +
                 a("/profil/struktur-organisasi/", "Struktur Organisasi") + "</li></ul></article>");
        page("/profil/visi-misi/", "Visi dan Misi",
             "<article class=\"page\"><h1 class=\"entry-title\">Visi dan Misi</h1><p><strong>Visi:</strong> "
             "Terwujudnya Kabupaten Contoh "
             "yang maju, sejahtera dan berdaya saing.</p><p><strong>Misi:</strong> meningkatkan kualitas "
             "pelayanan publik dan tata "
             "kelola pemerintahan yang bersih.</p></article>");
        page("/profil/tugas-pokok-dan-fungsi/", "Tugas Pokok dan Fungsi",
             "<article class=\"page\"><h1 class=\"entry-title\">Tugas Pokok dan Fungsi</h1><p>Membantu "
             "Bupati melaksanakan urusan "
             "pemerintahan yang menjadi kewenangan daerah serta tugas pembantuan yang diberikan kepada "
             "daerah.</p></article>");
        page("/profil/struktur-organisasi/", "Struktur Organisasi",
             "<article class=\"page\"><h1 class=\"entry-title\">Struktur Organisasi</h1><p>Kepala; "
             "Sekretariat; Bidang; Unit "
             "Pelaksana Teknis; Kelompok Jabatan Fungsional.</p><p>" +
                 img("/wp-content/uploads/struktur-organisasi.png", "Bagan struktur organisasi") +
                 "</p></article>");
    }

    struct Post {
        std::string title;
        std::string url;
        sys_days date;
        int h;
        int mi;
    };

    std::vector<Post> news_posts() {
        std::vector<Post> posts;
        std::vector<std::size_t> order(k_news_titles.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        for (std::size_t i = order.size() - 1; i > 0; --i) {
            std::swap(order[i], order[static_cast<std::size_t>(pick(static_cast<std::uint32_t>(i + 1)))]);
        }
        int age = m_s.news_age;
        const std::size_t n = 4 + pick(3);
        for (std::size_t i = 0; i < n; ++i) {
            Post p;
            p.title = k_news_titles[order[i]];
            p.date = m_today - days(age);
            p.h = 8 + static_cast<int>(pick(9));
            p.mi = static_cast<int>(pick(60));
            const Ymd d = ymd(p.date);
            p.url = m_s.wp_dates && m_label_variant == 0
                        ? fmt::format("/{:04}/{:02}/{:02}/{}/", d.y, d.m, d.d, slugify(p.title))
                        : "/berita/" + slugify(p.title) + "/";
            posts.push_back(std::move(p));
            age += 6 + static_cast<int>(pick(30));
        }
        return posts;
    }

    void news() {
        std::string list = "<h1 class=\"page-title\">Berita</h1>\n";
        for (const auto& p : m_posts) {
            list += "<article class=\"post type-post\"><h2 class=\"entry-title\">" + a(p.url, p.title) +
                    "</h2><div class=\"entry-meta\">" + date_html(p.date, p.h, p.mi) + "</div></article>\n";
            const Ymd d = ymd(p.date);
            // Some themes print no date under the title: the lead carries it, "Kamis (06/10/2022)".
            const bool lead_date = m_date_style == 8;
            std::string body = "<article class=\"post type-post\"><header class=\"entry-header\"><h1 "
                               "class=\"entry-title\">" +
                               p.title + "</h1>";
            if (!lead_date) {
                body += "<div class=\"entry-meta\"><span class=\"posted-on\">" +
                        date_html(p.date, p.h, p.mi) + "</span></div>";
            }
            body += "</header><div class=\"entry-content\"><p>";
            if (lead_date) {
                body += fmt::format("CONTOH – {} ({:02}/{:02}/{}), ", k_days[static_cast<std::size_t>(d.wd)],
                                    d.d, d.m, d.y);
            }
            body += "Kegiatan ini diikuti oleh pegawai " + m_s.name +
                    " dan perwakilan perangkat daerah lainnya. Kepala dinas berharap kegiatan serupa "
                    "dilaksanakan secara rutin.</p><p>" +
                    img("/wp-content/uploads/foto-kegiatan.png", "Foto kegiatan") + "</p></div></article>";
            page(p.url, p.title, body);
        }
        page("/berita/", "Berita", list);
    }

    void contact_page() {
        page("/kontak/", "Kontak",
             "<article class=\"page\"><h1 class=\"entry-title\">Kontak</h1><p>Alamat: " + contact_block() +
                 "</p><p>Jam kantor: Senin–Kamis 07.30–16.00, Jumat 07.30–11.00.</p></article>");
    }

    // ---- PPID ----------------------------------------------------------------------------------
    void ppid_pages() {
        if (m_s.ppid == State::absent) {
            return;
        }
        // The portal's page for this agency lists only what lives on the portal.
        std::string list = "<ul>";
        for (const auto& d : item_defs()) {
            if (d.section == "ppid") {
                const State st = m_s.item(d.rule);
                const std::string href = item_href(d);
                if (!href.empty() && (m_s.ppid != State::portal || st == State::portal)) {
                    list += "<li>" + a(href, item_label(d)) + "</li>";
                }
                render_item(d);
            }
        }
        list += "</ul>";
        const std::string intro =
            "<h1 class=\"entry-title\">PPID Pelaksana " + m_s.name +
            "</h1><p>Pejabat Pengelola Informasi dan Dokumentasi (PPID) Pelaksana bertugas menyimpan, "
            "mendokumentasikan, menyediakan dan memberikan pelayanan informasi kepada publik.</p>";
        if (m_s.ppid == State::page) {
            page("/ppid/", "PPID", "<article class=\"page\">" + intro + list + "</article>");
        } else if (m_s.ppid == State::empty) {
            page("/ppid/", "PPID", "<article class=\"page\"><h1 class=\"entry-title\">PPID</h1></article>");
        } else if (m_s.ppid == State::portal) {
            portal_page(portal_prefix(), "PPID " + m_s.name, intro + list);
        }
    }

    void portal_page(const std::string& path, const std::string& title, const std::string& body) {
        put_portal(
            path,
            "<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"UTF-8\"><title>" + title +
                " – PPID Kabupaten Contoh</title></head><body><header><p class=\"site-title\">PPID Kabupaten "
                "Contoh</p>"
                "<nav><a href=\"/\">Beranda</a> <a href=\"/opd/\">PPID Pelaksana</a></nav></header><main>" +
                body +
                "</main><footer>PPID Utama Kabupaten Contoh · Jl. Pemuda No. 1 · "
                "ppid@contohkab.go.id</footer></body></html>\n");
    }

    // ---- item pages ----------------------------------------------------------------------------
    std::string doc_title(const ItemDef& d) const {
        const std::string n = m_s.name;
        if (d.rule == "kip.ppid.profil")
            return "SK PPID " + n;
        if (d.rule == "kip.ppid.dikecualikan")
            return "SK Penetapan Informasi Dikecualikan dan Uji Konsekuensi";
        if (d.rule == "kip.berkala.lhkpn")
            return fmt::format("LHKPN Kepala Dinas Tahun {}", m_year - 1);
        if (d.rule == "kip.berkala.kinerja")
            return fmt::format("LKjIP {} Tahun {}", m_s.slug, doc_year());
        if (d.rule == "kip.berkala.laporan-keuangan")
            return fmt::format("Laporan Realisasi Anggaran Tahun {}", doc_year());
        if (d.rule == "kip.berkala.laporan-layanan")
            return fmt::format("Laporan Layanan Informasi Publik Tahun {}", layanan_year());
        if (d.rule == "kip.berkala.regulasi")
            return fmt::format("Peraturan Bupati Contoh Nomor {} Tahun {}", 12 + m_s.slug.size(), m_year - 2);
        if (d.rule == "kip.berkala.pengadaan")
            return fmt::format("Rencana Umum Pengadaan (RUP) Tahun {}", m_year);
        if (d.rule == "kip.setiap-saat.renstra")
            return "Renstra 2021-2026";
        if (d.rule == "kip.setiap-saat.perjanjian")
            return fmt::format("Perjanjian Kerja Sama dengan Universitas Contoh {}", m_year - 1);
        if (d.rule == "kip.setiap-saat.sop")
            return "SOP Pelayanan " + n;
        return d.labels.front();
    }

    std::string doc_file(const ItemDef& d, const std::string& title) const {
        (void)d;
        std::string f = slugify(title);
        if (pick_const(3) == 0) {
            f = upper(f); // "LKJIP-2025.pdf" style names
        }
        return f + ".pdf";
    }
    std::uint32_t pick_const(std::uint32_t n) const {
        return static_cast<std::uint32_t>(m_s.slug.size() % n);
    }

    // The body of an item's page (the words of KIP.md the law asks for).
    std::string item_text(const ItemDef& d) const {
        const std::string& r = d.rule;
        if (r == "kip.ppid.profil") {
            return "<p>PPID Pelaksana ditetapkan dengan SK PPID oleh Kepala Dinas.</p><h2>Struktur "
                   "PPID</h2><p>Atasan PPID: Kepala "
                   "Dinas; PPID Pelaksana: Sekretaris; Petugas layanan: Subbagian Umum.</p><h2>Tugas dan "
                   "Fungsi PPID</h2><p>Menyediakan, "
                   "menyimpan dan mendokumentasikan informasi publik.</p>";
        }
        if (r == "kip.ppid.maklumat") {
            return "<p>Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar yang "
                   "telah ditetapkan.</p>";
        }
        if (r == "kip.ppid.standar-layanan") {
            return "<h2>Kanal Layanan</h2><p>Datang langsung, surat, email dan formulir daring.</p><h2>Jam "
                   "Layanan</h2><p>Senin–Kamis "
                   "08.00–15.00 WIB, Jumat 08.00–11.00 WIB.</p><h2>Biaya Layanan</h2><p>Gratis; salinan "
                   "dokumen ditanggung pemohon.</p>"
                   "<h2>Jangka Waktu</h2><p>Permohonan dijawab paling lambat 10 (sepuluh) hari kerja dan "
                   "dapat diperpanjang 7 (tujuh) hari kerja.</p>";
        }
        if (r == "kip.ppid.formulir-online") {
            return "<h2>Formulir Permohonan Informasi Publik</h2><form class=\"wpcf7-form\" method=\"post\" "
                   "action=\"/ppid/permohonan-informasi/#wpcf7\">"
                   "<p><label>Nama Lengkap<input type=\"text\" name=\"nama\" required></label></p>"
                   "<p><label>Nomor KTP<input type=\"text\" name=\"nik\"></label></p>"
                   "<p><label>Email<input type=\"email\" name=\"email\"></label></p>"
                   "<p><label>Rincian Informasi yang Dibutuhkan<textarea "
                   "name=\"rincian\"></textarea></label></p>"
                   "<p><label>Tujuan Penggunaan Informasi<textarea name=\"tujuan\"></textarea></label></p>"
                   "<p><input type=\"submit\" value=\"Ajukan Permohonan\"></p></form>";
        }
        if (r == "kip.ppid.dip") {
            std::string t = "<h2>Daftar Informasi Publik Tahun " + std::to_string(m_year) +
                            "</h2><table class=\"table\"><thead><tr><th>No</th>"
                            "<th>Ringkasan Isi Informasi</th><th>Pejabat/Unit yang Menguasai "
                            "Informasi</th><th>Penanggung Jawab</th>"
                            "<th>Waktu dan Tempat Pembuatan Informasi</th><th>Bentuk "
                            "Informasi</th><th>Jangka Waktu Penyimpanan</th></tr></thead><tbody>";
            const std::array<const char*, 4> rows = {"Profil dan struktur organisasi",
                                                     "Himpunan surat masuk dan keluar",
                                                     "Dokumentasi kegiatan", "Daftar aset dan inventaris"};
            for (std::size_t i = 0; i < rows.size(); ++i) {
                t += fmt::format("<tr><td>{}</td><td>{}</td><td>Sekretariat</td><td>Sekretaris</td><td>{}, "
                                 "Kantor Dinas</td>"
                                 "<td>Softcopy dan hardcopy</td><td>5 tahun</td></tr>",
                                 i + 1, rows[i], m_year - 1);
            }
            return t + "</tbody></table>";
        }
        if (r == "kip.ppid.dikecualikan") {
            return "<p>Daftar informasi yang dikecualikan ditetapkan setelah uji konsekuensi oleh PPID.</p>";
        }
        if (r == "kip.berkala.lhkpn") {
            return "<p>Pejabat wajib lapor telah menyampaikan LHKPN melalui <a "
                   "href=\"https://elhkpn.kpk.go.id/\">elhkpn.kpk.go.id</a>.</p>";
        }
        if (r == "kip.berkala.program-kegiatan") {
            return fmt::format("<h2>Program dan Kegiatan Tahun "
                               "{}</h2><table><tr><th>Program</th><th>Kegiatan</th><th>Pagu (Rp)</th></tr>"
                               "<tr><td>Program Penunjang Urusan Pemerintahan Daerah</td><td>Administrasi "
                               "Umum Perangkat Daerah</td><td>1.250.000.000</td></tr>"
                               "<tr><td>Program Peningkatan Pelayanan</td><td>Pembinaan dan "
                               "Pengawasan</td><td>830.500.000</td></tr></table>",
                               m_year);
        }
        if (r == "kip.berkala.kinerja") {
            return "<p>Laporan Kinerja Instansi Pemerintah memuat capaian kinerja sasaran strategis.</p>";
        }
        if (r == "kip.berkala.laporan-keuangan") {
            return "<p>Ringkasan laporan keuangan: realisasi pendapatan dan belanja.</p>";
        }
        if (r == "kip.berkala.laporan-layanan") {
            return "<p>Laporan memuat jumlah permohonan informasi, waktu pelayanan, serta permohonan yang "
                   "dikabulkan dan ditolak.</p>";
        }
        if (r == "kip.berkala.regulasi") {
            return "<p>Produk hukum yang menjadi dasar pelaksanaan tugas. Selengkapnya di <a "
                   "href=\"https://jdih.contohkab.go.id/\">JDIH Kabupaten Contoh</a>.</p>";
        }
        if (r == "kip.berkala.tata-cara") {
            return "<h2>Alur Permohonan Informasi</h2><ol><li>Pemohon mengisi formulir dan menyerahkan "
                   "salinan KTP.</li><li>Petugas "
                   "mencatat dan memberikan tanda bukti.</li><li>Pemohon menerima jawaban "
                   "tertulis.</li></ol><h2>Prosedur Keberatan</h2>"
                   "<p>Pemohon yang tidak puas dapat mengajukan keberatan kepada atasan "
                   "pejabat.</p><h2>Sengketa Informasi</h2><p>Bila "
                   "keberatan tidak ditanggapi, pemohon dapat mengajukan sengketa informasi ke Komisi "
                   "Informasi.</p>";
        }
        if (r == "kip.berkala.pengaduan") {
            return "<p>Sampaikan pengaduan melalui SP4N-LAPOR! di <a "
                   "href=\"https://www.lapor.go.id/\">www.lapor.go.id</a> atau Whistle "
                   "Blowing System di <a href=\"https://wbs.contohkab.go.id/\">wbs.contohkab.go.id</a>.</p>";
        }
        if (r == "kip.berkala.pengadaan") {
            return "<p>Pengumuman tender dan rencana umum pengadaan: <a "
                   "href=\"https://lpse.contohkab.go.id/eproc4\">LPSE Kabupaten Contoh</a>"
                   " · <a href=\"https://sirup.lkpp.go.id/sirup/\">SiRUP</a>.</p>";
        }
        if (r == "kip.berkala.peringatan-dini") {
            return "<p>Bila alarm berbunyi, pegawai dan tamu keluar melalui jalur evakuasi menuju titik "
                   "kumpul di halaman depan kantor. "
                   "Petugas keadaan darurat memandu proses evakuasi.</p>";
        }
        if (r == "kip.setiap-saat.renstra") {
            return "<p>Rencana Strategis perangkat daerah periode 2021-2026.</p>";
        }
        if (r == "kip.setiap-saat.perjanjian") {
            return "<p>Daftar perjanjian kerja sama dan nota kesepahaman dengan pihak ketiga.</p>";
        }
        if (r == "kip.setiap-saat.sop") {
            return "<p>Standar Operasional Prosedur pelayanan bagi petugas yang melayani masyarakat.</p>";
        }
        if (r == "kip.setiap-saat.agenda-pimpinan") {
            // The agenda lists a meeting in three days: a future date, not a publication date.
            const Ymd when = ymd(m_today + days(3));
            return fmt::format(
                "<table><tr><th>Tanggal</th><th>Kegiatan</th><th>Tempat</th></tr><tr><td>{} {} {}</td>"
                "<td>Rapat koordinasi bersama Bupati</td><td>Pendopo Kabupaten</td></tr></table>",
                when.d, k_months[static_cast<std::size_t>(when.m - 1)], when.y);
        }
        if (r == "kip.setiap-saat.data") {
            return fmt::format("<p>Data statistik sektoral tahun {} dalam portal Satu Data Kabupaten "
                               "Contoh.</p><table><tr><th>Indikator</th>"
                               "<th>Nilai</th></tr><tr><td>Jumlah layanan</td><td>1.204</td></tr></table>",
                               m_year - 1);
        }
        return "";
    }

    // Writes the page (and document) of one item in its state; returns the dated entry for a section list.
    void render_item(const ItemDef& d) {
        const State st = m_s.item(d.rule);
        if (st == State::absent || st == State::dead) {
            return; // dead: the label links a page that does not exist
        }
        const std::string title = item_label(d);
        if (st == State::empty) {
            // A theme template with a heading and nothing else: a label, not a publication.
            page("/" + d.slug + "/", title,
                 "<article class=\"page\"><h1 class=\"entry-title\">" + title +
                     "</h1><div class=\"entry-content\"></div></article>");
            return;
        }
        // A page whose only substance is a document that does not answer carries just the heading and the
        // download link, as a WordPress page embedding a lost upload does.
        std::string body =
            "<h1 class=\"entry-title\">" + title + "</h1>" + (st == State::broken_doc ? "" : item_text(d));
        if (d.rule == "kip.ppid.maklumat") {
            // The maklumat is a scanned, signed notice: an image with only an alt text.
            const std::string img_path =
                "/wp-content/uploads/" + std::to_string(m_year - 1) + "/01/maklumat-pelayanan.png";
            if (st == State::portal) {
                put_portal(img_path, tiny_png());
                portal_page(portal_prefix() + leaf(d) + "/", title,
                            body + "<p><img src=\"" + img_path +
                                "\" alt=\"Maklumat Pelayanan Informasi Publik\"></p>");
            } else {
                put(img_path, tiny_png());
                page("/" + d.slug + "/", title,
                     "<article class=\"page\">" + body + "<p><img src=\"" + img_path +
                         "\" alt=\"Maklumat Pelayanan Informasi Publik\"></p></article>");
            }
            return;
        }
        if (st == State::portal) {
            if (d.doc) {
                const std::string dt = doc_title(d);
                put_portal(portal_doc_path(d), tiny_pdf(dt, doc_date(2)));
                m_out.docs.emplace_back(portal_base() + portal_doc_path(d), true);
            } else {
                portal_page(portal_prefix() + leaf(d) + "/", title, body);
            }
            return;
        }
        if (d.doc) {
            const std::string dt = doc_title(d);
            const sys_days t = doc_date(static_cast<int>(1 + pick(3)));
            body += "<h2>Unduh</h2><ul><li>" +
                    doc_link(upload_path(t, doc_file(d, dt)), dt, t, st != State::broken_doc) + "</li>";
            if (d.rule == "kip.berkala.laporan-keuangan") {
                const std::string neraca = fmt::format("Neraca per 31 Desember {}", doc_year());
                body +=
                    "<li>" + doc_link(upload_path(t, slugify(neraca) + ".pdf"), neraca, t, true) + "</li>";
            }
            body += "</ul>";
        }
        page("/" + d.slug + "/", title, "<article class=\"page\">" + body + "</article>");
    }

    void section_pages() {
        struct Sec {
            std::string id;
            State st;
            std::string path;
            std::string title;
        };
        const std::vector<Sec> secs = {
            {"berkala", m_s.berkala, "/informasi-berkala/",
             m_label_variant == 0 ? "Informasi Berkala"
                                  : "Informasi yang Wajib Disediakan dan Diumumkan Secara Berkala"},
            {"setiap-saat", m_s.setiap_saat, "/informasi-setiap-saat/",
             m_label_variant == 0 ? "Informasi Setiap Saat" : "Informasi Tersedia Setiap Saat"}};
        std::string loose;
        for (const auto& sec : secs) {
            std::string rows;
            for (const auto& d : item_defs()) {
                if (d.section != sec.id) {
                    continue;
                }
                const State st = m_s.item(d.rule);
                if (st == State::absent) {
                    continue;
                }
                render_item(d);
                if (banner_only(d)) {
                    continue;
                }
                const std::string href = item_href(d);
                std::string row = "<tr><td>" + a(href, item_label(d)) + "</td><td>";
                if (live(st)) {
                    // Updates are dated in the list; the newest row is the section's last update.
                    row += "Diperbarui: " + printed_date(doc_date(sec.id == "berkala" ? 0 : 1), 9, 10, 0);
                    if (sec.id == "berkala" && sec.st == State::page) {
                        m_out.berkala_dated = true;
                    }
                }
                row += "</td></tr>";
                if (sec.st == State::page) {
                    rows += row;
                } else {
                    loose += row;
                }
            }
            if (sec.st == State::page) {
                page(sec.path, sec.title,
                     "<article class=\"page\"><h1 class=\"entry-title\">" + sec.title +
                         "</h1><table class=\"table\"><thead><tr><th>Jenis "
                         "Informasi</th><th>Keterangan</th></tr></thead><tbody>" +
                         rows + "</tbody></table></article>");
            } else if (sec.st == State::empty) {
                page(sec.path, sec.title,
                     "<article class=\"page\"><h1 class=\"entry-title\">" + sec.title +
                         "</h1><p>Belum ada informasi.</p></article>");
            }
        }
        if (has_loose_items()) {
            page("/dokumen/", "Dokumen",
                 "<article class=\"page\"><h1 class=\"entry-title\">Dokumen</h1><table><tbody>" + loose +
                     "</tbody></table></article>");
        }
    }

    void serta_merta_page() {
        const std::string title = m_label_variant == 0 ? "Informasi Serta Merta" : "INFORMASI SERTA-MERTA";
        if (m_s.serta_merta == State::empty) {
            page("/informasi-serta-merta/", title,
                 "<article class=\"page\"><h1 class=\"entry-title\">" + title + "</h1></article>");
            return;
        }
        if (m_s.serta_merta != State::page) {
            return; // dead: the menu links a page that does not exist
        }
        std::string body = "<article class=\"page\"><h1 class=\"entry-title\">" + title + "</h1>";
        if (m_s.serta_merta_announcements) {
            const sys_days t = m_today - days(std::min(m_s.news_age, 20));
            body += "<article class=\"post\"><h2>Waspada Cuaca Ekstrem dan Potensi Banjir</h2><div "
                    "class=\"entry-meta\">" +
                    date_html(t, 7, 30) +
                    "</div><p>Masyarakat di bantaran sungai diminta waspada terhadap potensi banjir dan "
                    "tanah longsor.</p></article>";
        } else {
            body += "<p>Saat ini tidak ada informasi serta merta. Informasi kebencanaan disampaikan oleh "
                    "BPBD Kabupaten Contoh.</p>";
        }
        page("/informasi-serta-merta/", title, body + "</article>");
    }

    void spam_page() {
        page("/slot-gacor-hari-ini/", "Slot Gacor Hari Ini",
             "<h1>Slot Gacor Hari Ini Gampang Maxwin</h1><p>Daftar situs slot gacor dan judi online "
             "terpercaya, slot88 maxwin, "
             "bandar togel resmi, slot gacor deposit pulsa tanpa potongan.</p>");
    }

    const Spec& m_s;
    sys_days m_today;
    std::mt19937 m_rng;
    std::uint16_t m_port;
    bool m_upper_menu = false;
    int m_date_style = 0;
    bool m_time_tag = false;
    bool m_date_widget = false;
    std::size_t m_label_variant = 0;
    int m_year = 2000;
    std::string m_menu;
    std::vector<Post> m_posts;
    Rendered m_out;
};

// ---------------------------------------------------------------------------------------------------
// Truth: KIP.md's semantics applied to what was rendered. Each reading of an open point is written here.

const char* verdict_of(State s) {
    switch (s) {
    case State::page:
    case State::portal:
        return "pass"; // one-hop evidence on the pemda's *.go.id PPID portal counts (KIP.md "Rules")
    case State::empty:
    case State::dead:
    case State::broken_doc:
        return "warn"; // "a label is not a publication": tertaut tetapi kosong
    case State::absent:
        break;
    }
    return "fail";
}

int rank(const std::string& v) {
    return v == "pass" ? 2 : v == "warn" ? 1 : 0;
}

std::map<std::string, std::string> derive_truth(const Spec& s, const Rendered& r, sys_days today) {
    std::map<std::string, std::string> t;
    for (const auto& id : kip_rule_ids()) {
        t[id] = "n-a";
    }
    const bool go_id = s.host.size() > 6 && s.host.ends_with(".go.id");
    t["web.domain-go-id"] =
        go_id ? "pass" : "fail"; // known from the URL itself, whether or not the site answers
    // TLS (KIP.md web.https / web.sertifikat): plain http fails web.https and leaves no certificate to
    // judge; https passes when http:// redirects to it and warns when http:// serves the pages as well;
    // a certificate that ends within 30 days warns.
    if (s.down) {
        // Down: the availability finding says why; nothing else can be judged (KIP.md: partial coverage is
        // not missing content), so content, freshness and hygiene are n-a.
        t["avail.dapat-diakses"] = "fail";
        return t;
    }
    if (s.blocked) {
        // 403 to everything: reported as "blocked", apart from down — warn, per the rules engineer.
        // The server did answer over plain http, so web.https is known to fail; the rest is n-a. Response
        // time is n-a too: no page was served to time.
        t["avail.dapat-diakses"] = "warn";
        t["web.https"] = "fail";
        return t;
    }

    // Content rules.
    t["kip.ppid.ada"] = verdict_of(s.ppid);
    t["kip.berkala.halaman"] = verdict_of(s.berkala);
    t["kip.setiap-saat.halaman"] = verdict_of(s.setiap_saat);
    t["kip.serta-merta.halaman"] = verdict_of(s.serta_merta);
    t["kip.berkala.profil"] =
        "pass"; // every site that answers has Profil, Visi Misi, Struktur and Kontak pages
    for (const auto& d : item_defs()) {
        t[d.rule] = verdict_of(s.item(d.rule));
    }
    for (const auto& d : item_defs()) {
        for (const auto& other : d.also) {
            const std::string v = verdict_of(s.item(d.rule));
            if (rank(v) > rank(t[other])) {
                t[other] = v;
            }
        }
    }

    // Freshness. Reading: without a live berkala section nothing is announced every six months, so
    // fresh.berkala-6-bulan fails (not n-a): the obligation is to announce, and nothing was announced.
    t["fresh.berkala-6-bulan"] = r.berkala_dated && s.berkala_age <= 183 ? "pass" : "fail";
    t["fresh.berita"] = s.news_age <= 90 ? "pass" : s.news_age <= 365 ? "warn" : "fail";
    // fresh.dokumen-tahun: only financial and performance documents that answer; none → n-a (nothing to
    // date); a stale year is warn only (KIP.md: heuristic, warn only).
    const int year = ymd(today).y;
    const bool fin_docs =
        (live(s.item("kip.berkala.kinerja")) || live(s.item("kip.berkala.laporan-keuangan")));
    if (fin_docs) {
        t["fresh.dokumen-tahun"] = year - 1 - s.doc_lag >= year - 1 ? "pass" : "warn";
    }
    // fresh.laporan-layanan: after 31 March of T the report of T-1 must exist (before, T-2's). A missing or
    // unpublished report fails here as well as under kip.berkala.laporan-layanan.
    const Ymd now = ymd(today);
    const int required = (now.m > 3) ? year - 1 : year - 2;
    t["fresh.laporan-layanan"] =
        live(s.item("kip.berkala.laporan-layanan")) && year - 1 - s.layanan_lag >= required ? "pass" : "fail";

    // Availability. A loopback server answers in milliseconds unless a delay fault holds it (2 s: between
    // 1.5 and 4 s → warn).
    t["avail.dapat-diakses"] = "pass";
    t["avail.waktu-respons"] = s.slow ? "warn" : "pass";
    // Broken internal links: share of distinct internal link targets (pages and documents of this host)
    // that do not answer. Reading: distinct targets, not link occurrences (a dead menu item on every page
    // is one broken link).
    const auto& files = r.files.at(s.host);
    std::size_t broken = 0;
    std::size_t total = 0;
    for (const auto& href : r.anchors) {
        ++total;
        if (!files.contains(href)) {
            ++broken;
        }
    }
    const double share = total == 0 ? 0.0 : static_cast<double>(broken) / static_cast<double>(total);
    t["avail.tautan-rusak"] = share <= 0.02 ? "pass" : share <= 0.10 ? "warn" : "fail";
    // Every linked document must answer: one broken document fails (KIP.md gives no warn band); none → n-a.
    if (!r.docs.empty()) {
        const bool all_ok = std::all_of(r.docs.begin(), r.docs.end(), [](const auto& d) { return d.second; });
        t["avail.dokumen-rusak"] = all_ok ? "pass" : "fail";
    }
    // avail.uptime: n-a with fewer than 3 stored runs — the demo is one run.

    // Hygiene.
    t["web.https"] = s.tls == Tls::none ? "fail" : s.tls == Tls::https_no_redirect ? "warn" : "pass";
    if (s.tls != Tls::none) {
        t["web.sertifikat"] = s.tls == Tls::https_expiring ? "warn" : "pass";
    }
    t["web.kontak"] = s.contact == Contact::go_id ? "pass" : s.contact == Contact::gmail ? "warn" : "fail";
    t["web.integritas"] = s.hacked ? "fail" : "pass";
    // Accessibility has three criteria and no band in KIP.md. Reading: all three hold → pass; one fails →
    // warn; two or more fail → fail.
    const int misses = (s.lang ? 0 : 1) + (s.alt ? 0 : 1) + (s.titles ? 0 : 1);
    t["web.aksesibilitas"] = misses == 0 ? "pass" : misses == 1 ? "warn" : "fail";
    return t;
}

struct Built {
    std::vector<Spec> specs;
    std::vector<Rendered> rendered;
};

Built build(const Regency& shape, std::uint16_t port) {
    Built b;
    b.specs = build_specs();
    for (std::size_t i = 0; i < b.specs.size(); ++i) {
        b.rendered.push_back(SiteRenderer(b.specs[i], shape.today, shape.seed, i, port).render());
    }
    return b;
}

void write_file(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

fs::path file_for(const fs::path& root, const std::string& url_path) {
    std::string rel = url_path.substr(1);
    if (rel.empty() || rel.back() == '/') {
        rel += "index.html";
    }
    return root / rel;
}

std::string portal_index(const Built& b, std::uint16_t port) {
    (void)port;
    std::string list;
    for (const auto& s : b.specs) {
        if (s.ppid == State::portal) {
            list += "<li><a href=\"/opd/" + s.slug + "/\">" + s.name + "</a></li>";
        }
    }
    return "<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"UTF-8\"><title>PPID Kabupaten "
           "Contoh</title></head><body>"
           "<h1>Pejabat Pengelola Informasi dan Dokumentasi (PPID) Kabupaten Contoh</h1><p>Portal PPID Utama "
           "Kabupaten Contoh.</p>"
           "<h2>PPID Pelaksana</h2><ul>" +
           list +
           "</ul><footer>PPID Utama Kabupaten Contoh · Jl. Pemuda No. 1 · "
           "ppid@contohkab.go.id</footer></body></html>\n";
}

} // namespace

int RegencySite::home_status() const {
    return down ? 0 : blocked ? 403 : 200;
}

const std::vector<std::string>& kip_rule_ids() {
    static const std::vector<std::string> ids = {"kip.ppid.ada",
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
    return ids;
}

std::string rule_group(const std::string& id) {
    if (id.starts_with("kip.")) {
        const auto dot = id.find('.', 4);
        return id.substr(4, dot - 4);
    }
    if (id.starts_with("fresh.")) {
        return "kesegaran";
    }
    if (id.starts_with("avail.")) {
        return "ketersediaan";
    }
    if (id.starts_with("web.")) {
        return "situs";
    }
    return "";
}

double score_from_truth(const std::map<std::string, std::string>& truth) {
    double total = 0;
    double weight = 0;
    for (const auto& [group, w] : k_group_weights) {
        double got = 0;
        double applicable = 0;
        for (const auto& [id, v] : truth) {
            if (rule_group(id) != group || v == "n-a") {
                continue;
            }
            applicable += 1;
            got += v == "pass" ? 1.0 : v == "warn" ? 0.5 : 0.0;
        }
        if (applicable > 0) {
            total += w * (got / applicable) * 100.0;
            weight += w;
        }
    }
    return weight > 0 ? total / weight : 0.0;
}

std::string category_for(double score) {
    if (score >= 90) {
        return "informatif";
    }
    if (score >= 80) {
        return "menuju-informatif";
    }
    if (score >= 60) {
        return "cukup-informatif";
    }
    if (score >= 40) {
        return "kurang-informatif";
    }
    return "tidak-informatif";
}

Regency plan_regency(const RegencyOptions& options) {
    Regency regency;
    regency.today = options.today;
    regency.seed = options.seed;
    const Built b = build(regency, 0);
    for (std::size_t i = 0; i < b.specs.size(); ++i) {
        const Spec& s = b.specs[i];
        RegencySite site;
        site.name = s.name;
        site.host = s.host;
        site.pemda = regency.pemda;
        site.parent = s.parent;
        site.tags = s.tags;
        site.profile = s.profile;
        site.truth = derive_truth(s, b.rendered[i], regency.today);
        site.true_score = score_from_truth(site.truth);
        site.down = s.down;
        site.blocked = s.blocked;
        site.tls = tls_name(s.tls);
        if (s.down) {
            Fault f;
            f.kind = Fault::Kind::reset;
            site.faults.push_back(f);
        }
        if (s.blocked) {
            // What a WAF in front of a Dinas site answers to a crawler.
            Fault f;
            f.kind = Fault::Kind::status;
            f.status = 403;
            site.faults.push_back(f);
        }
        if (s.slow) {
            Fault f;
            f.kind = Fault::Kind::delay;
            f.millis = 2000;
            site.faults.push_back(f);
        }
        if (s.tls == Tls::https || s.tls == Tls::https_expiring) {
            // http:// visitors are sent on to the same path over https://.
            Fault f;
            f.kind = Fault::Kind::redirect;
            f.status = 301;
            f.scheme = "http";
            f.location = "https://" + s.host + ":{port}{path}";
            site.faults.push_back(f);
        }
        regency.sites.push_back(std::move(site));
    }
    RegencySite portal;
    portal.name = "PPID Kabupaten Contoh";
    portal.host = k_portal_host;
    portal.pemda = regency.pemda;
    portal.profile = "central PPID portal (one-hop evidence host, not in the registry)";
    portal.in_registry = false;
    regency.sites.push_back(std::move(portal));
    regency.external_hosts = {"www.lapor.go.id",        "lpse.contohkab.go.id",       "jdih.contohkab.go.id",
                              "elhkpn.kpk.go.id",       "sirup.lkpp.go.id",           "wbs.contohkab.go.id",
                              "slotgacor-maxwin88.xyz", "judi-online-terpercaya.top", "togel-resmi.vip"};
    return regency;
}

void write_regency(const Regency& regency, const fs::path& dir, std::uint16_t port) {
    const Built b = build(regency, port);
    std::set<std::string> down_hosts;
    for (const auto& s : b.specs) {
        if (s.down) {
            down_hosts.insert(s.host);
        }
    }
    for (const auto& r : b.rendered) {
        for (const auto& [host, files] : r.files) {
            if (down_hosts.contains(host)) {
                continue; // nothing answers there
            }
            for (const auto& [path, body] : files) {
                write_file(file_for(dir / host, path), body);
            }
        }
    }
    write_file(dir / k_portal_host / "index.html", portal_index(b, port));
    write_file(dir / k_portal_host / "opd" / "index.html", portal_index(b, port));
    for (const auto& host : down_hosts) {
        fs::create_directories(dir / host);
    }
}

Regency generate_regency(const fs::path& dir, const RegencyOptions& options, std::uint16_t port) {
    Regency r = plan_regency(options);
    write_regency(r, dir, port);
    return r;
}

std::vector<VirtualHost> virtual_hosts(const Regency& regency, const fs::path& dir) {
    std::vector<VirtualHost> hosts;
    for (const auto& s : regency.sites) {
        hosts.push_back(VirtualHost{s.host, dir / s.host, s.faults});
    }
    return hosts;
}

void write_registry_yaml(const Regency& regency, const fs::path& file, std::uint16_t port) {
    std::string y =
        "# Generated by pantau's demo regency (demo/regency.cpp). Sites are served on loopback.\n";
    y += "pemda: " + regency.pemda + "\nsites:\n";
    for (const auto& s : regency.sites) {
        if (!s.in_registry) {
            continue;
        }
        y += "  - name: \"" + s.name + "\"\n";
        y += fmt::format("    url: {}://{}:{}/\n", s.tls.empty() ? "http" : "https", s.host, port);
        if (!s.parent.empty()) {
            y += "    parent: \"" + s.parent + "\"\n";
        }
        if (!s.tags.empty()) {
            y += "    tags: [";
            for (std::size_t i = 0; i < s.tags.size(); ++i) {
                y += (i ? ", " : "") + s.tags[i];
            }
            y += "]\n";
        }
    }
    write_file(file, y);
}

RegencyTls regency_tls(const Regency& regency) {
    RegencyTls out;
    out.ca = make_authority("CA Demo Kabupaten Contoh");
    const auto now = std::chrono::system_clock::now();
    const auto day = std::chrono::hours(24);
    std::vector<std::string> names;
    for (const auto& s : regency.sites) {
        names.push_back(s.host);
    }
    out.server.tls = make_server_certificate(out.ca, names, now - 60 * day, now + 300 * day);
    for (const auto& s : regency.sites) {
        if (s.tls == "https-expiring") {
            // Issued 78 days ago for 90 days, as free certificates are, and not renewed.
            out.server.tls_by_host[s.host] = make_server_certificate(
                out.ca, {s.host}, now - (90 - k_expiring_days) * day, now + k_expiring_days * day);
        }
    }
    return out;
}

std::vector<std::string> resolve_entries(const Regency& regency, std::uint16_t port) {
    std::vector<std::string> out;
    for (const auto& s : regency.sites) {
        out.push_back(fmt::format("{}:{}:127.0.0.1", s.host, port));
    }
    for (const auto& h : regency.external_hosts) {
        out.push_back(fmt::format("{}:80:127.0.0.1", h));
        out.push_back(fmt::format("{}:443:127.0.0.1", h));
    }
    return out;
}

} // namespace pantau::demo

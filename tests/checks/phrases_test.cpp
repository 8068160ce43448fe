// The phrase index that loading builds (checks::PhraseCatalogue): every text is scanned once for all
// phrases of the catalogue, and must answer exactly what extract::contains_squashed_phrase answers
// for each phrase alone — otherwise findings change. Also the Matcher that reads the index, and a
// page's own text (its text without link labels) as loading derives it.
#include "checks/locate.hpp"
#include "checks/phrases.hpp"
#include "checks/site_facts.hpp"
#include "extract/facts_json.hpp"
#include "extract/text.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <stdexcept>

using pantau::checks::PhraseCatalogue;
using pantau::checks::PhraseId;
using pantau::extract::fold;
using pantau::extract::squash_folded;

namespace {

std::string squashed(const std::string& raw) {
    return squash_folded(fold(raw));
}

// Adds `phrases` (raw) and checks that scanning each text finds exactly the phrases that
// contains_squashed_phrase finds in it.
void same_as_single_phrase_search(const std::vector<std::string>& phrases,
                                  const std::vector<std::string>& texts) {
    PhraseCatalogue catalogue;
    for (const auto& p : phrases) {
        catalogue.add(squashed(p));
    }
    for (const auto& raw_text : texts) {
        const std::string text = fold(raw_text);
        const auto found = catalogue.scan(text);
        for (const auto& p : phrases) {
            const PhraseId id = catalogue.find(squashed(p));
            INFO("phrase «" << p << "» in «" << text << "»");
            CHECK(found.contains(id) == pantau::extract::contains_squashed_phrase(text, squashed(p)));
        }
    }
}

bool scan_finds(const std::string& phrase, const std::string& raw_text) {
    PhraseCatalogue catalogue;
    const PhraseId id = catalogue.add(squashed(phrase));
    return catalogue.scan(fold(raw_text)).contains(id);
}

} // namespace

TEST_CASE("checks::PhraseCatalogue reads serta merta, sertamerta and serta-merta alike", "[checks]") {
    for (const std::string phrase : {"serta merta", "sertamerta", "Serta-Merta"}) {
        CHECK(scan_finds(phrase, "Informasi Serta Merta"));
        CHECK(scan_finds(phrase, "informasi sertamerta hari ini"));
        CHECK(scan_finds(phrase, "INFORMASI SERTA-MERTA"));
        CHECK_FALSE(scan_finds(phrase, "disertamerta"));    // not at a word start
        CHECK_FALSE(scan_finds(phrase, "serta mertanya"));  // not at a word end
        CHECK_FALSE(scan_finds(phrase, "serta dan merta")); // a word between
    }
}

TEST_CASE("checks::PhraseCatalogue matches abbreviations as whole words only", "[checks]") {
    CHECK_FALSE(scan_finds("DIP", "Lulusan Diploma Tiga"));
    CHECK_FALSE(scan_finds("DIP", "adip"));
    CHECK(scan_finds("DIP", "Daftar DIP 2024"));
    CHECK(scan_finds("DIP", "DIP"));
    CHECK(scan_finds("LKjIP", "Unduh LKJIP 2023"));
    CHECK_FALSE(scan_finds("LKjIP", "lkjip2023"));
}

TEST_CASE("checks::PhraseCatalogue finds a phrase at the end of a text and across spaces", "[checks]") {
    CHECK(scan_finds("laporan keuangan", "unduh laporan keuangan"));
    CHECK(scan_finds("laporan keuangan", "laporan keuangan"));
    CHECK_FALSE(scan_finds("laporan keuangan", "laporan keuangan2024"));
    CHECK_FALSE(scan_finds("laporan keuangan", "unduh laporan keu"));
    CHECK(scan_finds("abc", "x a b c"));
    CHECK(scan_finds("ab", "a b c")); // letters run from a word start to a word end, spaces skipped
}

TEST_CASE("checks::PhraseCatalogue finds slugs in a folded URL path", "[checks]") {
    CHECK(scan_finds("informasi-berkala", "/ppid/informasi-berkala/"));
    CHECK(scan_finds("informasi-berkala", "/ppid/informasi_berkala.html"));
    CHECK(scan_finds("ppid", "/ppid/"));
    CHECK_FALSE(scan_finds("ppid", "/ppidkab/profil"));
    CHECK_FALSE(scan_finds("ppid", "/appid/"));
}

TEST_CASE("checks::PhraseCatalogue finds every phrase of a text, overlapping ones too", "[checks]") {
    PhraseCatalogue c;
    const PhraseId info = c.add("informasi");
    const PhraseId publik = c.add("informasipublik");
    const PhraseId berkala = c.add("informasipublikberkala");
    const PhraseId other = c.add("ppid");
    CHECK(c.add("informasipublik") == publik); // added twice: one id
    CHECK(c.size() == 4);
    const auto found = c.scan("daftar informasi publik berkala");
    CHECK(found.contains(info));
    CHECK(found.contains(publik));
    CHECK(found.contains(berkala));
    CHECK_FALSE(found.contains(other));
    CHECK(found.ids() == std::vector<PhraseId>{info, publik, berkala});
    CHECK(c.scan("informasi publikasi").ids() == std::vector<PhraseId>{info});
}

TEST_CASE("checks::PhraseCatalogue never finds an empty phrase", "[checks]") {
    PhraseCatalogue c;
    CHECK(c.add("") == PhraseCatalogue::k_none);
    CHECK(c.find("") == PhraseCatalogue::k_none);
    CHECK(c.find("ppid") == PhraseCatalogue::k_none); // never added
    CHECK(c.size() == 0);
    CHECK(c.scan("ppid informasi").empty());
    CHECK(c.scan("").empty());
}

TEST_CASE("checks::PhraseCatalogue answers as contains_squashed_phrase on Indonesian labels", "[checks]") {
    same_as_single_phrase_search(
        {"ppid", "ppid pelaksana", "informasi berkala", "informasi serta merta", "serta merta", "dip",
         "lkjip", "laporan keuangan", "sop", "standar operasional prosedur", "maklumat", "é", "café"},
        {"Beranda Profil PPID Pelaksana Informasi Berkala", "PPID-Pelaksana",
         "Informasi Serta-Merta (sertamerta)", "Diploma, DIP 2024, dip.",
         "LKjIP 2023 dan Laporan Keuangan 2024", "S.O.P Pelayanan", "sopir", "Standar Operasional Prosedur",
         "maklumat pelayanan", "CAFÉ é", "", " ", "ppid"});
}

TEST_CASE("checks::PhraseCatalogue answers as contains_squashed_phrase on random texts", "[checks]") {
    // Few letters and many spaces make every overlap, repeat and split happen.
    std::mt19937 rng(20261122);
    auto random_string = [&](std::size_t max_len, bool spaces) {
        std::string s;
        const std::size_t n = std::uniform_int_distribution<std::size_t>(1, max_len)(rng);
        for (std::size_t i = 0; i < n; ++i) {
            const int r = std::uniform_int_distribution<int>(0, spaces ? 3 : 1)(rng);
            s.push_back(r == 0 ? 'a' : r == 1 ? 'b' : ' ');
        }
        return s;
    };
    for (int round = 0; round < 200; ++round) {
        PhraseCatalogue c;
        std::vector<std::string> phrases;
        for (int i = 0; i < 6; ++i) {
            phrases.push_back(random_string(4, false));
            c.add(phrases.back());
        }
        for (int t = 0; t < 10; ++t) {
            const std::string text = fold(random_string(24, true));
            const auto found = c.scan(text);
            for (const auto& p : phrases) {
                INFO("phrase «" << p << "» in «" << text << "»");
                CHECK(found.contains(c.find(p)) == pantau::extract::contains_squashed_phrase(text, p));
            }
        }
    }
}

TEST_CASE("checks::WordScanner finds what PhraseCatalogue::scan finds in the joined words", "[checks]") {
    std::mt19937 rng(7);
    const std::vector<std::string> vocabulary = {"a",   "b",         "ab",     "ba",
                                                 "aab", "informasi", "publik", "berkala"};
    PhraseCatalogue c;
    for (const std::string p : {"a", "ab", "aba", "abab", "bab", "baab", "informasipublik", "informasi",
                                "publikberkala", "informasipublikberkala", "ka"}) {
        c.add(p);
    }
    pantau::checks::WordScanner scanner(c);
    for (int round = 0; round < 300; ++round) {
        std::vector<std::string> words;
        const int n = std::uniform_int_distribution<int>(0, 8)(rng);
        for (int i = 0; i < n; ++i) {
            words.push_back(
                vocabulary[std::uniform_int_distribution<std::size_t>(0, vocabulary.size() - 1)(rng)]);
        }
        std::string joined;
        std::vector<std::string_view> views;
        std::vector<std::uint32_t> ids;
        for (const auto& w : words) {
            joined += (joined.empty() ? "" : " ") + w;
            views.push_back(w);
            ids.push_back(static_cast<std::uint32_t>(std::find(vocabulary.begin(), vocabulary.end(), w) -
                                                     vocabulary.begin()));
        }
        INFO("«" << joined << "»");
        CHECK(scanner.scan(views, ids) == c.scan(joined));
    }
}

TEST_CASE("checks::Matcher answers from the index as from the text, in the rule's order", "[checks]") {
    pantau::config::Match m;
    m.words = {"informasi berkala", "berkala"};
    m.abbreviations = {"DIP"};
    m.slugs = {"informasi-berkala"};
    m.hosts = {"ppid.", "lapor.go.id"};
    PhraseCatalogue c;
    for (const auto* list : {&m.words, &m.abbreviations, &m.slugs}) {
        for (const auto& w : *list) {
            c.add(squashed(w));
        }
    }
    const pantau::checks::Matcher matcher(m, c);
    for (const std::string text : {"berkala dan informasi berkala", "berkala saja", "daftar dip", "lain"}) {
        const std::string folded = fold(text);
        const auto found = c.scan(folded);
        const std::string* word = matcher.word_in(found);
        const std::string* any = matcher.word_or_abbreviation_in(found);
        CHECK((word == nullptr ? "" : *word) == matcher.in_folded(folded));
        CHECK((any == nullptr ? "" : *any) == matcher.in_folded_text(folded));
    }
    // The first word of the rule's list wins, wherever it is in the text.
    CHECK(*matcher.word_in(c.scan(fold("berkala dan informasi berkala"))) == "informasi berkala");
    CHECK(matcher.word_in(c.scan("daftar dip")) == nullptr); // abbreviations are not words
    CHECK(*matcher.word_or_abbreviation_in(c.scan("daftar dip")) == "DIP");

    pantau::checks::UrlParts address;
    address.host = "ppid.contoh.go.id";
    address.path = "/";
    bool by_host = false;
    CHECK(matcher.in_address(address, &by_host) == &address.host);
    CHECK(by_host);
    address.host = "www.contoh.go.id";
    address.path = "/ppid/informasi-berkala/";
    address.path_phrases = c.scan(fold(address.path));
    by_host = false;
    CHECK(matcher.in_address(address, &by_host) == &address.path);
    CHECK_FALSE(by_host);
    address.host = "lapor.go.id.evil.example";
    address.path_phrases = {};
    CHECK(matcher.in_address(address) == nullptr);
}

TEST_CASE("checks::Matcher refuses a site indexed for another catalogue", "[checks]") {
    pantau::config::Match m;
    m.words = {"informasi berkala"};
    PhraseCatalogue other;
    other.add("ppid");
    CHECK_THROWS_AS(pantau::checks::Matcher(m, other), std::logic_error);
    m.words = {"-"}; // folds to nothing: never matches, needs no index
    CHECK_NOTHROW(pantau::checks::Matcher(m, other));
}

namespace {

// A site of one page with `text` and links labelled `labels`, loaded for a catalogue of `words`.
pantau::checks::SiteFacts site_with(const std::string& text, const std::vector<std::string>& labels,
                                    const std::vector<std::string>& words) {
    pantau::store::Database db(":memory:");
    pantau::store::Site s;
    s.name = "Dinas Contoh";
    s.url = "https://dinas.contoh.go.id/";
    const auto site = db.upsert_site(s);
    pantau::store::Run r;
    r.kind = "check";
    r.started_at = "2026-11-22T00:00:00Z";
    r.status = "done";
    const auto run = db.begin_run(r);
    pantau::store::Page p;
    p.run_id = run;
    p.site_id = site;
    p.url = s.url;
    p.final_url = s.url;
    p.http_status = 200;
    p.content_type = "text/html";
    pantau::extract::PageFacts facts;
    facts.text = text;
    p.facts_json = pantau::extract::facts_to_json(facts);
    const auto id = db.add_page(p);
    std::vector<pantau::store::Link> links;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        pantau::store::Link l;
        l.to_url = s.url + "p" + std::to_string(i);
        l.text = labels[i];
        l.kind = "internal";
        links.push_back(l);
    }
    db.add_links(id, links);
    pantau::config::Catalogue catalogue;
    pantau::config::Rule rule;
    rule.id = "test";
    rule.kind = "label";
    rule.match.words = words;
    catalogue.rules.push_back(rule);
    return pantau::checks::load_site_facts(db, run, site, catalogue);
}

bool own(const pantau::checks::SiteFacts& sf, const std::string& word) {
    return sf.pages.at(0).own_phrases.contains(sf.phrases.find(squashed(word)));
}

bool anywhere(const pantau::checks::SiteFacts& sf, const std::string& word) {
    return sf.pages.at(0).text_phrases.contains(sf.phrases.find(squashed(word)));
}

} // namespace

TEST_CASE("checks: a page's own text leaves out its link labels, longest first, and closes the gap",
          "[checks]") {
    const std::vector<std::string> words = {"profil", "informasi", "berkala", "informasi berkala",
                                            "publik", "x y"};
    // A menu label is not content; the whole text still names it.
    auto sf = site_with("Profil Informasi Berkala", {"Informasi Berkala"}, words);
    CHECK(own(sf, "profil"));
    CHECK_FALSE(own(sf, "informasi berkala"));
    CHECK_FALSE(own(sf, "berkala"));
    CHECK(anywhere(sf, "informasi berkala"));
    // Only the label's first occurrence goes: the second is content.
    sf = site_with("Informasi Berkala dan Informasi Berkala", {"Informasi Berkala"}, words);
    CHECK(own(sf, "informasi berkala"));
    // The longer label goes first; "informasi" then takes the later occurrence, leaving no "berkala".
    sf = site_with("informasi berkala informasi", {"Informasi", "Informasi-Berkala"}, words);
    CHECK_FALSE(own(sf, "informasi"));
    CHECK_FALSE(own(sf, "berkala"));
    // Removing a label joins its neighbours: "x a b y" without "a b" reads "x y".
    sf = site_with("w x a b y z", {"a b"}, words);
    CHECK(own(sf, "x y"));
    CHECK_FALSE(anywhere(sf, "x y"));
    sf = site_with("w x a b y z x y", {"a b", "x-y"}, words); // "x y" (shorter) then goes from the joint
    CHECK(own(sf, "x y"));
    sf = site_with("w x a b y z x y", {"a b", "x-y", "X Y"}, words);
    CHECK_FALSE(own(sf, "x y"));
    // A label that is not in the text changes nothing.
    sf = site_with("Profil Publik", {"Berkala"}, words);
    CHECK(own(sf, "profil"));
    CHECK(own(sf, "publik"));
}

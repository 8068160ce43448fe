// A page's facts go to the stored forms (JSON text, and the binary form the crawler writes) and come
// back the same; facts stored in an earlier form still load, and a damaged entry or value is skipped,
// not a reason to lose the audit.
#include "extract/facts_json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace pantau::extract;

namespace {

PageFacts sample_facts() {
    PageFacts f;
    f.charset = "windows-1252";
    f.charset_source = "meta";
    f.title = "Dinas Kesehatan — \"Profil\" <PPID>";
    f.lang = "id";
    f.base_href = "https://dinkes.contohkab.go.id/";
    f.headings = {{1, "Profil"}, {3, "Laporan Keuangan 2024"}};
    f.text = "Pejabat Pengelola Informasi dan Dokumentasi. Diunggah pada 12 Januari 2025.";
    f.metas = {{"description", "Situs resmi"}, {"article:published_time", "2025-01-12T08:00:00+07:00"}};
    f.forms = {{"https://dinkes.contohkab.go.id/cari", "get", {"q", "kategori"}}};
    f.tables = {{{"No", "Nama Dokumen", "Tahun"}, 12}};
    f.dates = {{.date = "2025-01-12",
                .source = "text",
                .text = "Diunggah pada 12 Januari 2025",
                .confidence = 0.8,
                .region = "content",
                .labelled = true},
               {.date = "2024-03-03", .source = "time", .text = "2024-03-03", .confidence = 0.95}};
    f.emails = {"ppid@contohkab.go.id"};
    f.phones = {"+62215550100"};
    f.images = 7;
    f.images_without_alt = 2;
    f.meta_noindex = true;
    return f;
}

void check_dates_equal(const std::vector<FoundDate>& got, const std::vector<FoundDate>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].date == want[i].date);
        CHECK(got[i].source == want[i].source);
        CHECK(got[i].text == want[i].text);
        CHECK(got[i].confidence == want[i].confidence);
        CHECK(got[i].region == want[i].region);
        CHECK(got[i].labelled == want[i].labelled);
    }
}

void check_same_facts(const PageFacts& back, const PageFacts& f) {
    CHECK(back.charset == f.charset);
    CHECK(back.charset_source == f.charset_source);
    CHECK(back.title == f.title);
    CHECK(back.lang == f.lang);
    CHECK(back.base_href == f.base_href);
    REQUIRE(back.headings.size() == 2);
    CHECK(back.headings[1].level == 3);
    CHECK(back.headings[1].text == "Laporan Keuangan 2024");
    CHECK(back.text == f.text);
    REQUIRE(back.metas.size() == 2);
    CHECK(back.metas[1].content == f.metas[1].content);
    REQUIRE(back.forms.size() == 1);
    CHECK(back.forms[0].fields == f.forms[0].fields);
    REQUIRE(back.tables.size() == 1);
    CHECK(back.tables[0].headers == f.tables[0].headers);
    CHECK(back.tables[0].rows == 12);
    check_dates_equal(back.dates, f.dates);
    CHECK(back.emails == f.emails);
    CHECK(back.phones == f.phones);
    CHECK(back.images == 7);
    CHECK(back.images_without_alt == 2);
    CHECK(back.meta_noindex);
    CHECK_FALSE(back.meta_nofollow);
}

} // namespace

TEST_CASE("extract::facts_to_json round-trips every fact but links", "[extract]") {
    check_same_facts(facts_from_json(facts_to_json(sample_facts())), sample_facts());
}

TEST_CASE("extract::facts_to_binary round-trips every fact but links, and is never taken for JSON",
          "[extract]") {
    PageFacts f = sample_facts();
    const std::string binary = facts_to_binary(f);
    CHECK(binary[0] == '\x01');
    CHECK(nlohmann::json::parse(binary, nullptr, false).is_discarded());
    check_same_facts(facts_from_json(binary), f);

    // A text of any length comes back whole, up to the cap, which cuts between characters.
    f.text = std::string(300, 'a') + "\xC3\xA9" + std::string(5000, 'b');
    CHECK(facts_from_json(facts_to_binary(f)).text == f.text);
    CHECK(facts_from_json(facts_to_binary(f, 301)).text == std::string(300, 'a'));
    CHECK(facts_from_json(facts_to_binary(PageFacts{})).text.empty());
}

TEST_CASE("extract: invalid UTF-8 in the facts comes back as U+FFFD from either form", "[extract]") {
    PageFacts f = sample_facts();
    f.title = "Profil\xFF Dinas";
    f.text = "Teks \xC3 terpotong";
    f.dates[0].text = "12 Januari 2025 \xE2\x82";
    for (const std::string& stored : {facts_to_json(f), facts_to_binary(f)}) {
        const PageFacts back = facts_from_json(stored);
        CHECK(back.title == "Profil\xEF\xBF\xBD Dinas");
        CHECK(back.text == "Teks \xEF\xBF\xBD terpotong");
        REQUIRE(back.dates.size() == 2);
        CHECK(back.dates[0].text.starts_with("12 Januari 2025 \xEF\xBF\xBD"));
    }
}

TEST_CASE("extract::facts_from_json gives empty facts for a damaged binary value, without throwing",
          "[extract]") {
    const std::string good = facts_to_binary(sample_facts());
    const std::vector<std::string> damaged{
        std::string(1, '\x01'),                              // the mark alone
        std::string("\x01\xFF\xFF\xFF\xFF\xFF\xFF", 7),      // a length that never ends
        std::string("\x01\x7F", 2) + "short",                // a length past the end
        std::string("\x01\x05", 2) + "\xC1\xC1\xC1\xC1\xC1", // not MessagePack
        good.substr(0, good.size() / 3),                     // cut inside the MessagePack part
    };
    for (const auto& d : damaged) {
        const PageFacts back = facts_from_json(d);
        CHECK(back.title.empty());
        CHECK(back.dates.empty());
        CHECK(back.text.empty());
    }
}

TEST_CASE("extract::facts_from_json reads dates stored as objects, as earlier versions wrote them",
          "[extract]") {
    // What a database written before dates became positional arrays holds.
    const std::string stored = R"({"title":"Berita","dates":[
        {"date":"2025-01-12","source":"text","text":"Diunggah pada 12 Januari 2025","confidence":0.8,
         "region":"content","labelled":true},
        {"date":"2024-03-03","source":"time","text":"2024-03-03","confidence":0.95,"region":"",
         "labelled":false}]})";
    const PageFacts back = facts_from_json(stored);
    CHECK(back.title == "Berita");
    check_dates_equal(back.dates, sample_facts().dates);
}

TEST_CASE("extract::facts_from_json skips a damaged date and keeps the others", "[extract]") {
    nlohmann::json j = nlohmann::json::parse(facts_to_json(sample_facts()));
    REQUIRE(j["dates"].size() == 2);
    j["dates"].push_back({"2023-01-01", "text"});                                      // too short
    j["dates"].push_back({"2023-01-01", "text", "1 Januari 2023", "high", "", false}); // not a number
    j["dates"].push_back("2023-01-01");                                                // not a date at all
    const PageFacts back = facts_from_json(j.dump());
    check_dates_equal(back.dates, sample_facts().dates);
    CHECK(back.title == sample_facts().title);
}

// Tests of text folding and matching: detection words match across case, hyphens, punctuation and
// spacing (KIP.md "Detection words are matched after folding…"); abbreviations match whole words.
#include "extract/text.hpp"

#include <catch2/catch.hpp>

using namespace pantau::extract;

TEST_CASE("extract::fold lower-cases and turns punctuation into single spaces", "[extract]") {
    CHECK(fold("  SERTA-MERTA ") == "serta merta");
    CHECK(fold("Informasi   Serta\tMerta!") == "informasi serta merta");
    CHECK(fold("Jum'at, 12/07") == "jum at 12 07");
    CHECK(fold("Jum\xE2\x80\x99"
               "at") == "jum at");                                       // curly apostrophe
    CHECK(fold("Laporan\xE2\x80\x93Keuangan") == "laporan keuangan");    // en dash
    CHECK(fold("Caf\xC3\x89 \xC3\x80 LA") == "caf\xC3\xA9 \xC3\xA0 la"); // Latin-1 upper to lower
    CHECK(fold("Informasi\xC2\xA0"
               "Berkala") == "informasi berkala"); // NBSP
    CHECK(fold("SP4N-LAPOR!") == "sp4n lapor");
    CHECK(fold("") == "");
    CHECK(fold("---") == "");
}

TEST_CASE("extract::contains_phrase matches across spelling of spaces and hyphens", "[extract]") {
    for (const char* text : {"Informasi SERTA-MERTA", "Informasi Serta Merta", "informasi sertamerta",
                             "Informasi Serta   -   Merta 2024"}) {
        INFO(text);
        CHECK(contains_phrase(text, "serta merta"));
        CHECK(contains_phrase(text, "Informasi Serta Merta"));
        CHECK(contains_phrase(text, "sertamerta"));
    }
    CHECK_FALSE(contains_phrase("Informasi Berkala", "serta merta"));
    CHECK_FALSE(contains_phrase("Pertamerta", "serta merta")); // not from a word start
    CHECK(contains_phrase("Daftar Informasi Publik (DIP)", "daftar informasi publik"));
}

TEST_CASE("extract::contains_word matches abbreviations only as whole words", "[extract]") {
    CHECK(contains_word("Daftar DIP 2024", "DIP"));
    CHECK(contains_word("dip.", "DIP"));
    CHECK_FALSE(contains_word("Program Diploma", "DIP"));
    CHECK_FALSE(contains_word("Dipublikasikan", "dip"));
    CHECK(contains_word("Profil PPID Pelaksana", "PPID"));
    CHECK_FALSE(contains_word("PPIDKAB", "PPID"));
    CHECK(contains_word("Unduh LKjIP 2023", "LKjIP"));
    CHECK(contains_word("unduh lkjip", "LKjIP"));
    CHECK_FALSE(contains_word("LKjIPnya", "LKjIP"));
}

TEST_CASE("extract::collapse_whitespace trims and collapses", "[extract]") {
    CHECK(collapse_whitespace("  a \n\t b\xC2\xA0\xC2\xA0 c ") == "a b c");
    CHECK(collapse_whitespace("") == "");
}

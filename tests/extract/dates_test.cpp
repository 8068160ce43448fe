// Table-driven tests of the date reader: every shape in KIP.md "Indonesian dates", the periods that
// must stay periods, and the non-dates that must yield nothing.
#include "extract/dates.hpp"

#include <catch2/catch.hpp>

using namespace pantau::extract;

namespace {

// 2024-12-05 10:00:00 WIB (03:00 UTC): the fetch time of every case below.
constexpr std::int64_t k_fetch = 1733367600;

DateContext ctx(int context_year = 0) {
    DateContext c;
    c.reference_time = k_fetch;
    c.context_year = context_year;
    return c;
}

} // namespace

TEST_CASE("extract::parse_date reads every date shape in KIP.md", "[extract]") {
    struct Case {
        const char* text;
        const char* date;
        const char* time;
    };
    const Case cases[] = {
        {"Senin, 07 Januari 2013", "2013-01-07", ""},
        {"Senin, 07 Januari 2013 Pukul. 02.08 WITA", "2013-01-07", "02:08"},
        {"Kamis, 25 Agustus 2022 15:02 WIB", "2022-08-25", "15:02"},
        {"Selasa (1/12/2020)", "2020-12-01", ""},
        {"Kamis (06/10/2022)", "2022-10-06", ""},
        {"06/10/2022", "2022-10-06", ""}, // day first: 6 October
        {"14 Okt 2024 pada 09.32", "2024-10-14", "09:32"},
        {"19 Desember 2023 17:47:33", "2023-12-19", "17:47:33"},
        {"11 September 2023 05:54", "2023-09-11", "05:54"},
        {"August 5, 2025", nullptr, ""}, // in the future of the fetch time: dropped
        {"August 5, 2024", "2024-08-05", ""},
        {"Aug. 5th, 2024", "2024-08-05", ""},
        {"5 Pebruari 2021", "2021-02-05", ""},
        {"5 Peb 2021", "2021-02-05", ""},
        {"10 Nopember 2021", "2021-11-10", ""},
        {"10 Nop 2021", "2021-11-10", ""},
        {"17 Agu 2024", "2024-08-17", ""},
        {"17 Ags 2024", "2024-08-17", ""},
        {"17 Agt 2024", "2024-08-17", ""},
        {"17 Agus 2024", "2024-08-17", ""},
        {"17 Agst 2024", "2024-08-17", ""},
        {"17 Agustus 1945", "1945-08-17", ""},
        {"3 Sept 2024", "2024-09-03", ""},
        {"3 Sept. 2024", "2024-09-03", ""},
        {"3 Sep 2024", "2024-09-03", ""},
        {"1 Mei 2024", "2024-05-01", ""},
        {"JUM'AT, 12 JULI 2024", "2024-07-12", ""},
        {"Jum’at, 12 Juli 2024", "2024-07-12", ""},
        {"Jumat, 12 Juli 2024", "2024-07-12", ""},
        {"Ahad, 14 Juli 2024", "2024-07-14", ""},
        {"Sab, 13 Jul 2024", "2024-07-13", ""},
        {"Rabu, 31-Jan-2024", "2024-01-31", ""},
        {"25.08.2022", "2022-08-25", ""},
        {"1-12-2020", "2020-12-01", ""},
        {"2024-05-15", "2024-05-15", ""},
        {"2024-05-15T08:00:00+07:00", "2024-05-15", "08:00:00"},
        {"2024-05-15T23:59:59.123Z", "2024-05-15", "23:59:59"},
        {"2024/05/15", "2024-05-15", ""},
        {"Kamis, 25 Agustus 2022 15.02 WIT", "2022-08-25", "15:02"},
        {"Senin pagi (2/12)", "2024-12-02", ""}, // the year from context (the fetch year)
        {"Selasa (31/12)", "2023-12-31", ""},    // would be in the future this year: last year's
        {"3 hari yang lalu", "2024-12-02", ""},
        {"2 jam yang lalu", "2024-12-05", ""},
        {"11 jam yang lalu", "2024-12-04", ""}, // 23:00 WIB the day before
        {"kemarin", "2024-12-04", ""},
        {"Kemarin", "2024-12-04", ""},
        {"2 days ago", "2024-12-03", ""},
        {"an hour ago", "2024-12-05", ""},
        {"seminggu yang lalu", "2024-11-28", ""},
        {"5 menit lalu", "2024-12-05", ""},
        {"6 Desember 2024", "2024-12-06", ""},  // one day ahead (time zones): kept
        {"7 Desember 2024", nullptr, ""},       // more than a day ahead: dropped
        {"31 Februari 2024", nullptr, ""},      // no such day
        {"29 Februari 2024", "2024-02-29", ""}, // leap day
        {"29 Februari 2023", nullptr, ""},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        auto m = parse_date(c.text, ctx());
        if (c.date == nullptr) {
            CHECK_FALSE(m.has_value());
            continue;
        }
        REQUIRE(m.has_value());
        CHECK(m->kind == DateKind::date);
        CHECK(m->date == c.date);
        CHECK(m->time == c.time);
        CHECK(m->confidence > 0.0);
        CHECK(m->confidence <= 1.0);
    }
}

TEST_CASE("extract::parse_date uses the context year for news-lead dates", "[extract]") {
    auto m = parse_date("Senin pagi (2/12)", ctx(2019));
    REQUIRE(m);
    CHECK(m->date == "2019-12-02");
    CHECK(m->text == "Senin pagi (2/12)");
    // Without a day name, "(2/12)" may be a score or a fraction.
    CHECK_FALSE(parse_date("(2/12)", ctx(2019)));
}

TEST_CASE("extract::parse_date keeps periods as periods", "[extract]") {
    struct Case {
        const char* text;
        PeriodKind kind;
        int from;
        int to;
        int part;
    };
    const Case cases[] = {
        {"2021-2026", PeriodKind::range, 2021, 2026, 0},
        {"2021 – 2026", PeriodKind::range, 2021, 2026, 0},
        {"2020 s.d. 2024", PeriodKind::range, 2020, 2024, 0},
        {"2023/2024", PeriodKind::range, 2023, 2024, 0},
        {"TA 2024", PeriodKind::fiscal_year, 2024, 2024, 0},
        {"T.A. 2024", PeriodKind::fiscal_year, 2024, 2024, 0},
        {"TA. 2023/2024", PeriodKind::fiscal_year, 2023, 2024, 0},
        {"Tahun Anggaran 2024", PeriodKind::fiscal_year, 2024, 2024, 0},
        {"Tahun 2023", PeriodKind::year, 2023, 2023, 0},
        {"Semester I 2024", PeriodKind::semester, 2024, 2024, 1},
        {"Semester II Tahun 2023", PeriodKind::semester, 2023, 2023, 2},
        {"Semester 1 Tahun Anggaran 2022", PeriodKind::semester, 2022, 2022, 1},
        {"Triwulan III 2024", PeriodKind::quarter, 2024, 2024, 3},
        {"Triwulan IV TA 2023", PeriodKind::quarter, 2023, 2023, 4},
        {"Triwulan III", PeriodKind::quarter, 0, 0, 3},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        auto m = parse_date(c.text, ctx());
        REQUIRE(m.has_value());
        CHECK(m->kind == DateKind::period);
        CHECK(m->date.empty());
        CHECK(m->period == c.kind);
        CHECK(m->year_from == c.from);
        CHECK(m->year_to == c.to);
        CHECK(m->part == c.part);
    }
}

TEST_CASE("extract::find_dates finds nothing in non-dates", "[extract]") {
    const char* cases[] = {
        "HUT RI ke-79",
        "Telp. (0274) 512345",
        "0812-3456-7890",
        "+62 21 3456 7890",
        "versi 1.2.3",
        "v2.10.2024",
        "Layanan 24 jam",
        "Jam layanan 08.00 - 16.00 WIB",
        "Nomor 12/345/2024",
        "Perda No. 5 Tahun",
        "skor (2/3)",
        "10 (sepuluh) hari kerja",
        "Sabtu dan Minggu libur",
        "3.14159",
        "1999999",
    };
    for (const char* c : cases) {
        INFO(c);
        CHECK(find_dates(c, ctx()).empty());
    }
}

TEST_CASE("extract::find_dates finds every date in a text with offsets and source text", "[extract]") {
    const std::string text =
        "Diposting: Kamis, 25 Agustus 2022 15:02 WIB oleh Admin. Renstra 2021-2026 "
        "diperbarui 3 hari yang lalu; Laporan Semester I 2024 (Tanggal Posting : 11 September 2023).";
    auto found = find_dates(text, ctx());
    REQUIRE(found.size() == 5);
    CHECK(found[0].date == "2022-08-25");
    CHECK(found[0].text == "Kamis, 25 Agustus 2022 15:02 WIB");
    CHECK(text.substr(found[0].offset, found[0].text.size()) == found[0].text);
    CHECK(found[1].kind == DateKind::period);
    CHECK(found[1].text == "2021-2026");
    CHECK(found[2].date == "2024-12-02");
    CHECK(found[2].relative);
    CHECK(found[3].period == PeriodKind::semester);
    CHECK(found[4].date == "2023-09-11");
    // A named month with a day name is trusted more than a bare numeric date.
    CHECK(found[0].confidence > parse_date("06/10/2022", ctx())->confidence);
}

TEST_CASE("extract::parse_iso_date reads metadata timestamps", "[extract]") {
    CHECK(parse_iso_date("2024-05-15T08:00:00+07:00") == "2024-05-15");
    CHECK(parse_iso_date(" 2024-05-15") == "2024-05-15");
    CHECK(parse_iso_date("2024-05-15 08:00:00") == "2024-05-15");
    CHECK_FALSE(parse_iso_date("2024-13-15"));
    CHECK_FALSE(parse_iso_date("15-05-2024"));
    CHECK_FALSE(parse_iso_date("2024-05-1"));
    CHECK_FALSE(parse_iso_date(""));
}

// extract/dates.hpp — reading the dates Indonesian government sites print: Indonesian and English
// month and day names with their spelling variants, day-first numeric dates, news-lead dates without
// a year, relative dates ("3 hari yang lalu"), ISO timestamps from metadata, and periods (Renstra
// ranges, fiscal years, semesters, quarters) that are kept as periods rather than mistaken for dates.
//
// Plain text in, values out: this module never sees HTML (the page walker hands it text) and uses a
// small tokenizer, not regular expressions. It does not pick a page's content date; see content_date
// in extract/content_date.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pantau::extract {

// What the caller knows when reading a date.
struct DateContext {
    std::int64_t reference_time = 0; // unix seconds of the fetch; relative dates count back from it,
                                     // dates more than a day after it are dropped. 0 = now.
    int context_year = 0;            // year for dates printed without one ("Senin pagi (2/12)");
                                     // 0 = the reference time's year (or the year before, if that
                                     // would put the date in the future)
    int utc_offset_minutes = 7 * 60; // local zone of the site, for relative dates (WIB by default)
};

enum class DateKind {
    date,   // a calendar day
    period, // a span: "2021-2026", "TA 2024", "Semester I 2024", "Triwulan III 2024", "Tahun 2023"
};

enum class PeriodKind { none, range, fiscal_year, year, semester, quarter };

struct DateMatch {
    DateKind kind = DateKind::date;
    std::string date; // YYYY-MM-DD (kind == date)
    std::string time; // HH:MM or HH:MM:SS when printed with the date, else ""
    PeriodKind period = PeriodKind::none;
    int year_from = 0;       // periods: first year (0 when the text gives none, "Triwulan III")
    int year_to = 0;         // periods: last year (same as year_from for a single year)
    int part = 0;            // semester 1–2 or quarter 1–4
    std::string text;        // the exact source text, day name and time included when present
    std::size_t offset = 0;  // byte offset of `text` in the input
    double confidence = 0.0; // 0..1: ISO and named months high, numeric and year-less dates lower
    bool relative = false;   // computed from "… yang lalu", "kemarin", "… ago"
};

// Every date and period in `text`, left to right, without overlaps. Dates more than a day after the
// reference time are left out; non-dates (phone numbers, versions, "HUT RI ke-79") yield nothing.
std::vector<DateMatch> find_dates(std::string_view text, const DateContext& context = {});

// The date or period that `text` (trimmed) is, or nullopt when it is not exactly one. Also reads ISO
// 8601 timestamps ("2024-05-15T08:00:00+07:00": the date as written, in its own offset).
std::optional<DateMatch> parse_date(std::string_view text, const DateContext& context = {});

// The date (YYYY-MM-DD) of an ISO 8601 date or timestamp as found in metadata, or nullopt.
std::optional<std::string> parse_iso_date(std::string_view text);

} // namespace pantau::extract

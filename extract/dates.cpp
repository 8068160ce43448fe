#include "extract/dates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>

namespace pantau::extract {

namespace {

// ---------------------------------------------------------------------------------------------
// Tokens: words (letters, with inner apostrophes: "Jum'at", "Jum’at"), numbers (digits) and single
// punctuation characters. Whitespace only sets `space_before`. Other non-ASCII characters are
// punctuation '?' so they break patterns instead of joining them.

enum class Tok : std::uint8_t { word, number, punct };

// A page's text has thousands of tokens, written once and read a few times: they are kept small
// (32 bytes) so that writing them is not most of reading the dates.
struct Token {
    std::string_view norm{}; // for words up to 16 bytes: lower case, apostrophes removed (in `norms`)
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    int value = -1;          // for numbers up to 6 digits, else -1
    std::uint8_t digits = 0; // for numbers (255 for 255 or more)
    Tok kind = Tok::punct;
    char punct = 0; // for punct tokens ('-' also stands for en and em dashes)
    bool space_before = false;
};
static_assert(sizeof(Token) <= 32);

bool is_letter(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}

bool is_curly_apostrophe(std::string_view s, std::size_t i) {
    return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
           static_cast<unsigned char>(s[i + 1]) == 0x80 &&
           (static_cast<unsigned char>(s[i + 2]) == 0x99 || static_cast<unsigned char>(s[i + 2]) == 0x98);
}

// The words' lower-case forms go into `norms`, one string for the whole text: it is sized to the
// text first (a form is never longer than its word) and written through a pointer, so the views into
// it stay valid; it is cut to what was written at the end. `out` is emptied first; both buffers keep
// their capacity for the next text. A text over 4 GiB (never a page's: bodies are capped far below)
// is read up to there.
void tokenize(std::string_view s, std::string& norms, std::vector<Token>& out) {
    s = s.substr(0, std::numeric_limits<std::uint32_t>::max());
    // Every byte of it is written before it is read: no need to clear it first.
    norms.resize_and_overwrite(s.size(), [](char*, std::size_t n) { return n; });
    char* const norm_base = norms.data();
    std::size_t norm_end = 0;
    out.clear();
    out.reserve(s.size() / 4);
    bool space = true;
    std::size_t i = 0;
    const std::size_t size = s.size();
    while (i < size) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = true;
            ++i;
            continue;
        }
        if (c == 0xC2 && i + 1 < size && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            space = true; // NBSP
            i += 2;
            continue;
        }
        Token t;
        t.offset = static_cast<std::uint32_t>(i);
        t.length = 1;
        t.space_before = space;
        space = false;
        if (is_digit(c)) {
            std::size_t j = i;
            long long v = 0;
            while (j < size && is_digit(static_cast<unsigned char>(s[j]))) {
                if (j - i < 7) {
                    v = v * 10 + (s[j] - '0');
                }
                ++j;
            }
            t.kind = Tok::number;
            t.length = static_cast<std::uint32_t>(j - i);
            t.digits = static_cast<std::uint8_t>(std::min<std::size_t>(j - i, 255));
            t.value = j - i <= 6 ? static_cast<int>(v) : -1;
            i = j;
        } else if (is_letter(c)) {
            std::size_t j = i;
            char* const norm = norm_base + norm_end;
            std::size_t norm_size = 0;
            while (j < size) {
                const auto d = static_cast<unsigned char>(s[j]);
                if (is_letter(d)) {
                    if (norm_size <= 16) {
                        norm[norm_size] = static_cast<char>(d | 0x20); // ASCII letters: lower case
                    }
                    ++norm_size;
                    ++j;
                } else if (d == '\'' && j + 1 < size && is_letter(static_cast<unsigned char>(s[j + 1]))) {
                    ++j; // Jum'at
                } else if (is_curly_apostrophe(s, j) && j + 3 < size &&
                           is_letter(static_cast<unsigned char>(s[j + 3]))) {
                    j += 3; // Jum’at
                } else {
                    break;
                }
            }
            t.kind = Tok::word;
            t.length = static_cast<std::uint32_t>(j - i);
            if (norm_size <= 16) { // a longer word is never a date word: its form is not kept
                t.norm = std::string_view(norm, norm_size);
                norm_end += norm_size;
            }
            i = j;
        } else if (c < 0x80) {
            t.punct = static_cast<char>(c);
            ++i;
        } else {
            // One UTF-8 character; en dash (E2 80 93) and em dash (E2 80 94) read as '-'.
            std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            n = std::min(n, size - i);
            t.punct = '?';
            if (n == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                (static_cast<unsigned char>(s[i + 2]) == 0x93 ||
                 static_cast<unsigned char>(s[i + 2]) == 0x94)) {
                t.punct = '-';
            }
            t.length = static_cast<std::uint32_t>(n);
            i += n;
        }
        out.push_back(t);
    }
    norms.resize(norm_end); // shrinking never moves the characters the views point at
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (KIP.md "Indonesian dates").
//
// Every word of a page's text is asked whether it may begin a date, and every number whether the word
// after it is a month or a unit, so the lists below are read through one small hash table built from
// them at compile time: a word is looked up with one hash and at most a few comparisons instead of being
// compared with each name of each list.

struct MonthName {
    std::string_view name;
    int month;
};
constexpr auto k_months = std::to_array<MonthName>({
    {"januari", 1},   {"january", 1},   {"jan", 1},      {"februari", 2}, {"pebruari", 2},  {"february", 2},
    {"feb", 2},       {"peb", 2},       {"maret", 3},    {"march", 3},    {"mar", 3},       {"april", 4},
    {"apr", 4},       {"mei", 5},       {"may", 5},      {"juni", 6},     {"june", 6},      {"jun", 6},
    {"juli", 7},      {"july", 7},      {"jul", 7},      {"agustus", 8},  {"august", 8},    {"agu", 8},
    {"ags", 8},       {"agt", 8},       {"agus", 8},     {"agst", 8},     {"aug", 8},       {"september", 9},
    {"sep", 9},       {"sept", 9},      {"oktober", 10}, {"october", 10}, {"okt", 10},      {"oct", 10},
    {"november", 11}, {"nopember", 11}, {"nov", 11},     {"nop", 11},     {"desember", 12}, {"december", 12},
    {"des", 12},      {"dec", 12},
});

constexpr auto k_day_names = std::to_array<std::string_view>({
    "minggu",  "ahad",      "senin",    "selasa", "rabu",     "kamis",  "jumat", "sabtu",
    "min",     "sen",       "sel",      "rab",    "kam",      "jum",    "sab",   "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",   "tue",
    "tues",    "wed",       "thu",      "thur",   "thurs",    "fri",    "sat",   "sun",
});

constexpr auto k_times_of_day = std::to_array<std::string_view>({"pagi", "siang", "sore", "malam", "dini"});

// Relative-date units in seconds (months and years approximate: the result is a day).
struct UnitName {
    std::string_view name;
    std::int64_t seconds;
};
constexpr auto k_units = std::to_array<UnitName>({
    {"detik", 1},
    {"second", 1},
    {"seconds", 1},
    {"sec", 1},
    {"secs", 1},
    {"menit", 60},
    {"minute", 60},
    {"minutes", 60},
    {"min", 60},
    {"mins", 60},
    {"jam", 3600},
    {"hour", 3600},
    {"hours", 3600},
    {"hr", 3600},
    {"hrs", 3600},
    {"hari", 86400},
    {"day", 86400},
    {"days", 86400},
    {"minggu", 7 * 86400},
    {"pekan", 7 * 86400},
    {"week", 7 * 86400},
    {"weeks", 7 * 86400},
    {"bulan", 30 * 86400},
    {"month", 30 * 86400},
    {"months", 30 * 86400},
    {"tahun", 365 * 86400},
    {"year", 365 * 86400},
    {"years", 365 * 86400},
});

// Words that can begin a date or period that starts with a word, besides the months and the
// "se-" units: "kemarin", "a day ago", "Semester I", "TA 2024", "T.A. 2024", "Tahun 2023".
constexpr auto k_starts = std::to_array<std::string_view>({
    "kemarin",
    "yesterday",
    "a",
    "an",
    "one",
    "semester",
    "triwulan",
    "kuartal",
    "quarter",
    "ta",
    "t",
    "tahun",
    "year",
});

struct WordInfo {
    std::string_view word;
    int month = 0;
    std::int64_t unit_seconds = 0;
    bool day_name = false;
    bool time_of_day = false;
    bool starts_date = false;
};

class Vocabulary {
public:
    constexpr Vocabulary() {
        for (const MonthName& m : k_months) {
            slot(m.name).month = m.month;
        }
        for (std::string_view d : k_day_names) {
            slot(d).day_name = true;
        }
        for (std::string_view t : k_times_of_day) {
            slot(t).time_of_day = true;
        }
        for (const UnitName& u : k_units) {
            slot(u.name).unit_seconds = u.seconds;
        }
        for (std::string_view w : k_starts) {
            slot(w).starts_date = true;
        }
    }

    // The word's entry, or nullptr when it is in none of the lists.
    constexpr const WordInfo* find(std::string_view w) const {
        if (w.empty() || w.size() > k_longest) {
            return nullptr;
        }
        for (std::size_t i = hash(w);; i = (i + 1) & (k_slots - 1)) {
            const WordInfo& e = m_table[i];
            if (e.word.empty()) {
                return nullptr;
            }
            if (e.word == w) {
                return &e;
            }
        }
    }

private:
    static constexpr std::size_t k_slots = 256; // over twice the ~115 distinct words: probes stay short
    static constexpr std::size_t k_longest = 9; // "september", "wednesday", "yesterday"
    static_assert([] {
        std::size_t n = 0;
        for (const MonthName& m : k_months) {
            n = std::max(n, m.name.size());
        }
        for (std::string_view w : k_day_names) {
            n = std::max(n, w.size());
        }
        for (std::string_view w : k_times_of_day) {
            n = std::max(n, w.size());
        }
        for (const UnitName& u : k_units) {
            n = std::max(n, u.name.size());
        }
        for (std::string_view w : k_starts) {
            n = std::max(n, w.size());
        }
        return n;
    }() == k_longest);

    static constexpr std::size_t hash(std::string_view w) {
        std::uint32_t h = 2166136261U;
        for (const char c : w) {
            h = (h ^ static_cast<unsigned char>(c)) * 16777619U;
        }
        return (h ^ (h >> 15)) & (k_slots - 1);
    }

    constexpr WordInfo& slot(std::string_view w) {
        for (std::size_t i = hash(w);; i = (i + 1) & (k_slots - 1)) {
            WordInfo& e = m_table[i];
            if (e.word.empty()) {
                e.word = w;
                return e;
            }
            if (e.word == w) {
                return e;
            }
        }
    }

    std::array<WordInfo, k_slots> m_table{};
};

// Built by the compiler: nothing to initialise or guard at run time.
constexpr Vocabulary k_vocabulary;

const WordInfo* vocabulary(std::string_view w) {
    return k_vocabulary.find(w);
}

int month_of(std::string_view w) {
    const WordInfo* v = vocabulary(w);
    return v != nullptr ? v->month : 0;
}

bool is_day_name(std::string_view w) {
    const WordInfo* v = vocabulary(w);
    return v != nullptr && v->day_name;
}

bool is_time_of_day(std::string_view w) {
    const WordInfo* v = vocabulary(w);
    return v != nullptr && v->time_of_day;
}

std::int64_t unit_seconds(std::string_view w) {
    const WordInfo* v = vocabulary(w);
    return v != nullptr ? v->unit_seconds : 0;
}

// Roman or Arabic numeral of a semester or quarter: I, II, III, IV or 1..4.
int part_number(const Token& t) {
    if (t.kind == Tok::number) {
        return t.value >= 1 && t.value <= 4 && t.digits == 1 ? t.value : 0;
    }
    if (t.kind != Tok::word) {
        return 0;
    }
    if (t.norm == "i" || t.norm == "satu" || t.norm == "pertama") {
        return 1;
    }
    if (t.norm == "ii" || t.norm == "dua" || t.norm == "kedua") {
        return 2;
    }
    if (t.norm == "iii" || t.norm == "tiga" || t.norm == "ketiga") {
        return 3;
    }
    if (t.norm == "iv" || t.norm == "empat" || t.norm == "keempat") {
        return 4;
    }
    return 0;
}

// True when a word can begin a date or period that starts with a word: "kemarin", "a day ago",
// "seminggu lalu", "Semester I", "TA 2024", "T.A. 2024", "Tahun 2023", "Agustus 5, 2025". Most words of
// a page are none of these, and are passed over without trying each pattern in turn.
bool may_start_date(std::string_view w) {
    if (const WordInfo* v = vocabulary(w); v != nullptr && (v->month != 0 || v->starts_date)) {
        return true;
    }
    return w.size() > 3 && w.starts_with("se") && unit_seconds(w.substr(2)) != 0; // sehari, setahun …
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers (proleptic Gregorian via <chrono>).

bool valid_ymd(int y, int m, int d) {
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) {
        return false;
    }
    auto ymd = std::chrono::year{y} / std::chrono::month{static_cast<unsigned>(m)} /
               std::chrono::day{static_cast<unsigned>(d)};
    return ymd.ok();
}

std::int64_t days_since_epoch(int y, int m, int d) {
    auto ymd = std::chrono::year{y} / std::chrono::month{static_cast<unsigned>(m)} /
               std::chrono::day{static_cast<unsigned>(d)};
    return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

std::string format_day(std::int64_t days) {
    std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string format_ymd(int y, int m, int d) {
    return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------

// True when the token before `i` continues a numeric run ("1.2.3", "62-21-…"): then `i` starts no date.
bool preceded_by_numeric_run(const std::vector<Token>& t, std::size_t i) {
    if (i == 0 || t[i].space_before) {
        return false;
    }
    const Token& p = t[i - 1];
    if (p.kind == Tok::number || p.kind == Tok::word) {
        return true; // "v2024-05-01", "12345"
    }
    if (p.kind == Tok::punct &&
        (p.punct == '.' || p.punct == '/' || p.punct == '-' || p.punct == ':' || p.punct == '+')) {
        return i > 1 && !p.space_before && t[i - 2].kind == Tok::number;
    }
    return false;
}

// True when a numeric run continues after token `last` ("06/10/2022/5", "1.2.2024.3").
bool followed_by_numeric_run(const std::vector<Token>& t, std::size_t last) {
    const std::size_t n = last + 1;
    if (n >= t.size() || t[n].space_before) {
        return false;
    }
    if (t[n].kind == Tok::number) {
        return true;
    }
    if (t[n].kind == Tok::punct && (t[n].punct == '.' || t[n].punct == '/' || t[n].punct == '-')) {
        return n + 1 < t.size() && !t[n + 1].space_before && t[n + 1].kind == Tok::number;
    }
    return false;
}

struct Found {
    DateMatch match;
    std::size_t first = 0; // token range [first, end)
    std::size_t end = 0;
    int y = 0, m = 0, d = 0; // for dates
};

class Scanner {
public:
    Scanner(const Scanner&) = delete;
    Scanner& operator=(const Scanner&) = delete;
    // A page's text is tens of KB, so its tokens are a few hundred KB: they live in buffers the caller
    // reuses text after text, not in fresh memory each time.
    struct Buffers {
        std::string norms; // the tokens' `norm` views point into it
        std::vector<Token> tokens;
    };

    Scanner(std::string_view text, const DateContext& ctx, Buffers& buffers)
        : m_text(text), m_norms(buffers.norms), m_tokens(buffers.tokens) {
        tokenize(text, m_norms, m_tokens);
        m_reference = ctx.reference_time != 0 ? ctx.reference_time
                                              : std::chrono::duration_cast<std::chrono::seconds>(
                                                    std::chrono::system_clock::now().time_since_epoch())
                                                    .count();
        m_offset_seconds = static_cast<std::int64_t>(ctx.utc_offset_minutes) * 60;
        m_reference_day = floor_div(m_reference + m_offset_seconds, 86400);
        std::chrono::year_month_day ref{std::chrono::sys_days{std::chrono::days{m_reference_day}}};
        m_reference_year = static_cast<int>(ref.year());
        m_context_year = ctx.context_year;
    }

    std::vector<DateMatch> run();

private:
    const Token* at(std::size_t i) const { return i < m_tokens.size() ? &m_tokens[i] : nullptr; }
    bool is_punct(std::size_t i, char c) const {
        const Token* t = at(i);
        return t != nullptr && t->kind == Tok::punct && t->punct == c;
    }
    bool is_word(std::size_t i, std::string_view w) const {
        const Token* t = at(i);
        return t != nullptr && t->kind == Tok::word && t->norm == w;
    }
    bool is_year(std::size_t i) const {
        const Token* t = at(i);
        return t != nullptr && t->kind == Tok::number && t->digits == 4 && t->value >= 1900 &&
               t->value <= 2100;
    }
    // A number token with 1–2 digits in [lo, hi].
    bool is_small(std::size_t i, int lo, int hi) const {
        const Token* t = at(i);
        return t != nullptr && t->kind == Tok::number && t->digits <= 2 && t->value >= lo && t->value <= hi;
    }
    bool glued(std::size_t i) const { // token i follows the previous one without space
        const Token* t = at(i);
        return t != nullptr && !t->space_before;
    }

    // False when the number token `i` begins none of the patterns: a date or period that starts with a
    // number needs a year ("2024-05-15", "2021-2026"), a word after it ("3 hari", "07 Januari") or a
    // separator glued to it ("06/10/2022", "25-Agu-2024"). Page numbers, counts and prices fail here.
    bool number_may_start_date(std::size_t i) const {
        if (is_year(i)) {
            return true;
        }
        const Token* n = at(i + 1);
        return n != nullptr &&
               (n->kind == Tok::word || (n->kind == Tok::punct && !n->space_before &&
                                         (n->punct == '-' || n->punct == '.' || n->punct == '/')));
    }

    std::optional<Found> try_relative(std::size_t i) const;
    std::optional<Found> try_period(std::size_t i) const;
    std::optional<Found> try_year_first(std::size_t i) const;
    std::optional<Found> try_day_first(std::size_t i) const;
    std::optional<Found> try_month_first(std::size_t i) const;

    std::size_t extend_time(std::size_t end, Found& f) const;
    std::size_t extend_iso_time(std::size_t end, Found& f) const;
    std::size_t extend_day_name(std::size_t first) const;
    bool finish(Found& f) const;

    std::string_view m_text;
    std::string& m_norms; // the tokens' `norm` views point into it
    std::vector<Token>& m_tokens;
    std::int64_t m_reference = 0;
    std::int64_t m_offset_seconds = 0;
    std::int64_t m_reference_day = 0;
    int m_reference_year = 0;
    int m_context_year = 0;
};

std::optional<Found> Scanner::try_relative(std::size_t i) const {
    const Token& t = m_tokens[i];
    if (t.kind == Tok::word && (t.norm == "kemarin" || t.norm == "yesterday")) {
        Found f;
        f.first = i;
        f.end = i + 1;
        f.match.relative = true;
        f.match.confidence = 0.5;
        f.match.date = format_day(m_reference_day - 1);
        return f;
    }
    std::int64_t amount = 0;
    std::int64_t unit = 0;
    std::size_t j = i;
    if (t.kind == Tok::number && t.value >= 0 && t.value <= 1000) {
        amount = t.value;
        unit = at(i + 1) != nullptr && at(i + 1)->kind == Tok::word ? unit_seconds(at(i + 1)->norm) : 0;
        j = i + 2;
    } else if (t.kind == Tok::word && (t.norm == "a" || t.norm == "an" || t.norm == "one") &&
               at(i + 1) != nullptr && at(i + 1)->kind == Tok::word) {
        amount = 1;
        unit = unit_seconds(at(i + 1)->norm);
        j = i + 2;
    } else if (t.kind == Tok::word && t.norm.size() > 3 && t.norm.starts_with("se")) {
        // sehari, seminggu, sejam, sebulan, setahun: "one …"
        amount = 1;
        unit = unit_seconds(std::string_view(t.norm).substr(2));
        j = i + 1;
    }
    if (unit == 0) {
        return std::nullopt;
    }
    if (is_word(j, "yang") && is_word(j + 1, "lalu")) {
        j += 2;
    } else if (is_word(j, "lalu") || is_word(j, "ago")) {
        j += 1;
    } else {
        return std::nullopt;
    }
    Found f;
    f.first = i;
    f.end = j;
    f.match.relative = true;
    f.match.confidence = unit <= 3600 ? 0.6 : unit <= 7 * 86400 ? 0.5 : 0.4;
    const std::int64_t when = m_reference - amount * unit;
    f.match.date = format_day(floor_div(when + m_offset_seconds, 86400));
    return f;
}

std::optional<Found> Scanner::try_period(std::size_t i) const {
    const Token& t = m_tokens[i];
    if (t.kind == Tok::number && !is_year(i)) {
        return std::nullopt; // of the periods, only a range of years starts with a number
    }
    Found f;
    f.first = i;
    f.match.kind = DateKind::period;
    f.match.confidence = 0.8;
    std::size_t j = i;

    // "Semester I 2024", "Semester II Tahun Anggaran 2023", "Triwulan III", "Kuartal 2 2024".
    if (t.kind == Tok::word &&
        (t.norm == "semester" || t.norm == "triwulan" || t.norm == "kuartal" || t.norm == "quarter")) {
        const bool semester = t.norm == "semester";
        const Token* p = at(i + 1);
        int part = p != nullptr ? part_number(*p) : 0;
        if (part == 0 || (semester && part > 2)) {
            return std::nullopt;
        }
        f.match.period = semester ? PeriodKind::semester : PeriodKind::quarter;
        f.match.part = part;
        j = i + 2;
        std::size_t k = j;
        if (is_word(k, "tahun")) {
            ++k;
            if (is_word(k, "anggaran")) {
                ++k;
            }
        } else if (is_word(k, "ta")) {
            ++k;
            if (is_punct(k, '.')) {
                ++k;
            }
        }
        if (is_year(k)) {
            f.match.year_from = f.match.year_to = m_tokens[k].value;
            j = k + 1;
        }
        f.end = j;
        return f;
    }

    // "TA 2024", "T.A. 2024", "TA. 2023/2024", "Tahun Anggaran 2024", "Tahun 2023".
    PeriodKind kind = PeriodKind::none;
    if (is_word(i, "ta")) {
        kind = PeriodKind::fiscal_year;
        j = i + 1;
    } else if (is_word(i, "t") && is_punct(i + 1, '.') && is_word(i + 2, "a") && glued(i + 1) &&
               glued(i + 2)) {
        kind = PeriodKind::fiscal_year;
        j = i + 3;
    } else if (is_word(i, "tahun") && is_word(i + 1, "anggaran")) {
        kind = PeriodKind::fiscal_year;
        j = i + 2;
    } else if (is_word(i, "tahun") || is_word(i, "year")) {
        kind = PeriodKind::year;
        j = i + 1;
    }
    if (kind != PeriodKind::none) {
        if (is_punct(j, '.') || is_punct(j, ':')) {
            ++j;
        }
        if (!is_year(j)) {
            return std::nullopt;
        }
        f.match.period = kind;
        f.match.year_from = f.match.year_to = m_tokens[j].value;
        f.end = j + 1;
        // "TA 2023/2024", "Tahun 2021-2026"
        if ((is_punct(j + 1, '/') || is_punct(j + 1, '-')) && is_year(j + 2) &&
            m_tokens[j + 2].value >= m_tokens[j].value) {
            f.match.year_to = m_tokens[j + 2].value;
            f.end = j + 3;
        }
        return f;
    }

    // "2021-2026", "2021 – 2026", "2023/2024", "2020 s.d. 2024", "2020 sd 2024": a range of years.
    if (is_year(i)) {
        std::size_t k = i + 1;
        if (is_punct(k, '-') || is_punct(k, '/')) {
            ++k;
        } else if (is_word(k, "s") && is_punct(k + 1, '.') && is_word(k + 2, "d")) {
            k += 3;
            if (is_punct(k, '.')) {
                ++k;
            }
        } else if (is_word(k, "sd") || is_word(k, "sampai") || is_word(k, "hingga")) {
            ++k;
        } else {
            return std::nullopt;
        }
        if (!is_year(k) || (at(k + 1) != nullptr && glued(k + 1) && at(k + 1)->kind == Tok::number)) {
            return std::nullopt;
        }
        const int a = m_tokens[i].value;
        const int b = m_tokens[k].value;
        if (b < a || b - a > 50) {
            return std::nullopt;
        }
        if (preceded_by_numeric_run(m_tokens, i)) {
            return std::nullopt; // the tail of a longer numeric run ("12-2021-2026")
        }
        f.match.period = PeriodKind::range;
        f.match.year_from = a;
        f.match.year_to = b;
        f.end = k + 1;
        return f;
    }
    return std::nullopt;
}

std::optional<Found> Scanner::try_year_first(std::size_t i) const {
    // ISO 8601 and its slash variant: 2024-05-15, 2024/05/15.
    if (!is_year(i) || preceded_by_numeric_run(m_tokens, i)) {
        return std::nullopt;
    }
    const std::size_t s1 = i + 1;
    if (!(is_punct(s1, '-') || is_punct(s1, '/')) || !glued(s1) || !glued(s1 + 1) ||
        !is_small(s1 + 1, 1, 12) || !is_punct(s1 + 2, m_tokens[s1].punct) || !glued(s1 + 2) ||
        !glued(s1 + 3) || !is_small(s1 + 3, 1, 31)) {
        return std::nullopt;
    }
    Found f;
    f.first = i;
    f.end = s1 + 4;
    f.y = m_tokens[i].value;
    f.m = m_tokens[s1 + 1].value;
    f.d = m_tokens[s1 + 3].value;
    f.match.confidence = 0.9;
    // ISO time: "T08:00:00+07:00", "T08:00Z", " 08:00:00".
    std::size_t e = extend_iso_time(f.end, f);
    if (e == f.end && followed_by_numeric_run(m_tokens, f.end - 1)) {
        return std::nullopt;
    }
    f.end = e;
    return f;
}

std::optional<Found> Scanner::try_day_first(std::size_t i) const {
    if (!is_small(i, 1, 31) || preceded_by_numeric_run(m_tokens, i)) {
        return std::nullopt;
    }
    Found f;
    f.first = i;
    f.d = m_tokens[i].value;
    std::size_t j = i + 1;

    // Named month: "07 Januari 2013", "25-Agu-2024", "5 Sept. 2023", "14 Okt, 2024".
    {
        std::size_t k = j;
        if ((is_punct(k, '-') || is_punct(k, '.') || is_punct(k, '/')) && glued(k)) {
            ++k;
        }
        const Token* mt = at(k);
        int month = mt != nullptr && mt->kind == Tok::word ? month_of(mt->norm) : 0;
        if (month != 0) {
            ++k;
            if (is_punct(k, '.') && glued(k)) {
                ++k;
            }
            if (is_punct(k, '-') || is_punct(k, ',') || is_punct(k, '/')) {
                ++k;
            }
            if (is_year(k) && !(at(k + 1) != nullptr && glued(k + 1) && at(k + 1)->kind == Tok::number)) {
                f.m = month;
                f.y = m_tokens[k].value;
                f.end = k + 1;
                f.match.confidence = 0.85;
                return f;
            }
            return std::nullopt;
        }
    }

    // Numeric, day first: "06/10/2022" (6 October), "1-12-2020", "25.08.2022".
    const Token* sep = at(j);
    if (sep != nullptr && sep->kind == Tok::punct &&
        (sep->punct == '/' || sep->punct == '-' || sep->punct == '.') && glued(j) && glued(j + 1) &&
        is_small(j + 1, 1, 12)) {
        const char c = sep->punct;
        if (is_punct(j + 2, c) && glued(j + 2) && glued(j + 3) && is_year(j + 3) &&
            !followed_by_numeric_run(m_tokens, j + 3)) {
            f.m = m_tokens[j + 1].value;
            f.y = m_tokens[j + 3].value;
            f.end = j + 4;
            f.match.confidence = 0.7;
            return f;
        }
        // News lead without year: "Senin pagi (2/12)" — only inside parentheses after a day name,
        // since "(2/3)" alone is as likely a fraction or a score.
        if (c == '/' && is_punct(j + 2, ')') && i > 0 && is_punct(i - 1, '(')) {
            std::size_t k = i - 1;
            bool day = false;
            if (k > 0 && m_tokens[k - 1].kind == Tok::word) {
                if (is_day_name(m_tokens[k - 1].norm)) {
                    day = true;
                } else if (is_time_of_day(m_tokens[k - 1].norm) && k > 1 &&
                           m_tokens[k - 2].kind == Tok::word && is_day_name(m_tokens[k - 2].norm)) {
                    day = true;
                }
            } else if (k > 1 && is_punct(k - 1, ',') && m_tokens[k - 2].kind == Tok::word &&
                       is_day_name(m_tokens[k - 2].norm)) {
                day = true;
            }
            if (!day) {
                return std::nullopt;
            }
            f.m = m_tokens[j + 1].value;
            int year = m_context_year != 0 ? m_context_year : m_reference_year;
            if (m_context_year == 0 && valid_ymd(year, f.m, f.d) &&
                days_since_epoch(year, f.m, f.d) > m_reference_day + 1) {
                --year; // "(30/12)" read in January is last December
            }
            f.y = year;
            f.end = j + 3; // with the closing ')': the text quotes "Senin pagi (2/12)" whole
            f.match.confidence = 0.5;
            return f;
        }
    }
    return std::nullopt;
}

std::optional<Found> Scanner::try_month_first(std::size_t i) const {
    // "August 5, 2025", "Agustus 05, 2025", "Aug. 5th 2025".
    const Token& t = m_tokens[i];
    int month = t.kind == Tok::word ? month_of(t.norm) : 0;
    if (month == 0) {
        return std::nullopt;
    }
    std::size_t j = i + 1;
    if (is_punct(j, '.') && glued(j)) {
        ++j;
    }
    if (!is_small(j, 1, 31)) {
        return std::nullopt;
    }
    Found f;
    f.first = i;
    f.m = month;
    f.d = m_tokens[j].value;
    ++j;
    if (at(j) != nullptr && glued(j) &&
        (is_word(j, "st") || is_word(j, "nd") || is_word(j, "rd") || is_word(j, "th"))) {
        ++j;
    }
    if (is_punct(j, ',')) {
        ++j;
    }
    if (!is_year(j) || followed_by_numeric_run(m_tokens, j)) {
        return std::nullopt;
    }
    f.y = m_tokens[j].value;
    f.end = j + 1;
    f.match.confidence = 0.8;
    return f;
}

// Reads "T08:00:00+07:00", "T08:00Z", " 08:00:00" after an ISO date; returns the new end.
std::size_t Scanner::extend_iso_time(std::size_t end, Found& f) const {
    std::size_t j = end;
    const Token* t = at(j);
    if (t == nullptr) {
        return end;
    }
    if (t->kind == Tok::word && t->norm == "t" && glued(j)) {
        ++j;
        if (!glued(j)) {
            return end;
        }
    } else if (t->kind == Tok::word && t->norm.size() > 1 && t->norm[0] == 't') {
        return end;
    }
    if (!is_small(j, 0, 23) || !is_punct(j + 1, ':') || !is_small(j + 2, 0, 59) || at(j + 2)->digits != 2) {
        return end;
    }
    f.match.time = fmt::format("{:02d}:{:02d}", m_tokens[j].value, m_tokens[j + 2].value);
    j += 3;
    if (is_punct(j, ':') && glued(j) && is_small(j + 1, 0, 60)) {
        f.match.time += fmt::format(":{:02d}", m_tokens[j + 1].value);
        j += 2;
        if (is_punct(j, '.') && glued(j) && at(j + 1) != nullptr && at(j + 1)->kind == Tok::number) {
            j += 2; // fractions of a second
        }
    }
    if (is_word(j, "z") && glued(j)) {
        ++j;
    } else if ((is_punct(j, '+') || is_punct(j, '-')) && glued(j) && at(j + 1) != nullptr &&
               at(j + 1)->kind == Tok::number) {
        j += 2;
        if (is_punct(j, ':') && glued(j) && at(j + 1) != nullptr && at(j + 1)->kind == Tok::number) {
            j += 2;
        }
    }
    f.match.confidence = 0.95;
    return j;
}

// Reads a printed time after a date: "15:02 WIB", "Pukul. 02.08 WITA", "pada 09.32", ", 16:00:41".
std::size_t Scanner::extend_time(std::size_t end, Found& f) const {
    std::size_t j = end;
    if (is_punct(j, ',') || is_punct(j, '|') || is_punct(j, '-') || is_punct(j, '@') || is_punct(j, '/')) {
        ++j;
    }
    if (is_word(j, "pukul") || is_word(j, "pkl") || is_word(j, "jam") || is_word(j, "pada") ||
        is_word(j, "at")) {
        ++j;
        if (is_punct(j, '.') || is_punct(j, ':')) {
            ++j;
        }
    }
    if (!is_small(j, 0, 23) || !(is_punct(j + 1, ':') || is_punct(j + 1, '.')) || !glued(j + 1) ||
        !glued(j + 2) || !is_small(j + 2, 0, 59) || at(j + 2)->digits != 2) {
        return end;
    }
    const char sep = m_tokens[j + 1].punct;
    std::string time = fmt::format("{:02d}:{:02d}", m_tokens[j].value, m_tokens[j + 2].value);
    j += 3;
    if (is_punct(j, sep) && glued(j) && glued(j + 1) && is_small(j + 1, 0, 60) && at(j + 1)->digits == 2) {
        time += fmt::format(":{:02d}", m_tokens[j + 1].value);
        j += 2;
    }
    if (is_word(j, "wib") || is_word(j, "wita") || is_word(j, "wit") || is_word(j, "utc") ||
        is_word(j, "gmt")) {
        ++j;
    }
    f.match.time = std::move(time);
    f.match.confidence = std::min(0.95, f.match.confidence + 0.05);
    return j;
}

// Moves the start back over a day name: "Senin, 07 Januari 2013", "Kamis (06/10/2022)", "JUM'AT, …".
std::size_t Scanner::extend_day_name(std::size_t first) const {
    if (first == 0) {
        return first;
    }
    std::size_t k = first - 1;
    if (m_tokens[k].kind == Tok::punct && (m_tokens[k].punct == ',' || m_tokens[k].punct == '(')) {
        if (k == 0) {
            return first;
        }
        --k;
    }
    if (m_tokens[k].kind == Tok::word && is_day_name(m_tokens[k].norm)) {
        return k;
    }
    if (m_tokens[k].kind == Tok::word && is_time_of_day(m_tokens[k].norm) && k > 0 &&
        m_tokens[k - 1].kind == Tok::word && is_day_name(m_tokens[k - 1].norm)) {
        return k - 1;
    }
    return first;
}

// Validates a date, applies the future cut-off, fills the text; false when the match is dropped.
bool Scanner::finish(Found& f) const {
    if (f.match.kind == DateKind::date && !f.match.relative) {
        if (!valid_ymd(f.y, f.m, f.d)) {
            return false;
        }
        f.match.date = format_ymd(f.y, f.m, f.d);
    }
    if (f.match.kind == DateKind::date) {
        const std::int64_t day =
            days_since_epoch(std::stoi(f.match.date.substr(0, 4)), std::stoi(f.match.date.substr(5, 2)),
                             std::stoi(f.match.date.substr(8, 2)));
        if (day > m_reference_day + 1) {
            return false; // more than a day in the future: a typo, a countdown or a template placeholder
        }
    }
    const Token& a = m_tokens[f.first];
    const Token& b = m_tokens[f.end - 1];
    f.match.offset = a.offset;
    f.match.text = std::string(m_text.substr(a.offset, b.offset + b.length - a.offset));
    return true;
}

std::vector<DateMatch> Scanner::run() {
    std::vector<DateMatch> out;
    std::size_t i = 0;
    while (i < m_tokens.size()) {
        const Token& t = m_tokens[i];
        if (!(t.kind == Tok::number ? number_may_start_date(i)
                                    : t.kind == Tok::word && may_start_date(t.norm))) {
            ++i; // most tokens: passed over before any pattern (or its result) is set up
            continue;
        }
        std::optional<Found> f = try_relative(i);
        if (!f) {
            f = try_period(i);
        }
        if (!f && t.kind == Tok::number) {
            f = t.digits == 4 ? try_year_first(i) : try_day_first(i);
        }
        if (!f && t.kind == Tok::word) {
            f = try_month_first(i);
        }
        if (!f) {
            ++i;
            continue;
        }
        if (f->match.kind == DateKind::date && !f->match.relative) {
            std::size_t start = extend_day_name(f->first);
            if (start != f->first) {
                f->match.confidence = std::min(0.95, f->match.confidence + 0.05);
                f->first = start;
            }
            if (f->match.time.empty() && !is_punct(f->end - 1, ')')) {
                f->end = extend_time(f->end, *f);
            }
            // "Selasa (1/12/2020)": quote the closing parenthesis with its opening one.
            if (is_punct(f->end, ')') &&
                std::any_of(m_tokens.begin() + static_cast<std::ptrdiff_t>(start),
                            m_tokens.begin() + static_cast<std::ptrdiff_t>(f->end),
                            [](const Token& tk) { return tk.kind == Tok::punct && tk.punct == '('; })) {
                ++f->end;
            }
        }
        const std::size_t next = f->end;
        if (finish(*f)) {
            out.push_back(std::move(f->match));
        }
        i = std::max(next, i + 1);
    }
    return out;
}

} // namespace

std::vector<DateMatch> find_dates(std::string_view text, const DateContext& context) {
    thread_local Scanner::Buffers buffers;
    std::vector<DateMatch> out = Scanner(text, context, buffers).run();
    // A rare huge text (a 10 MB page) does not keep its buffers for the rest of the crawl.
    constexpr std::size_t k_keep_bytes = 4 * 1024 * 1024;
    if (buffers.tokens.capacity() * sizeof(Token) + buffers.norms.capacity() > k_keep_bytes) {
        buffers = {};
    }
    return out;
}

std::optional<DateMatch> parse_date(std::string_view text, const DateContext& context) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (space(text.back()) || text.back() == '.' || text.back() == ',')) {
        text.remove_suffix(1);
    }
    auto found = find_dates(text, context);
    if (found.size() != 1) {
        return std::nullopt;
    }
    DateMatch& m = found.front();
    // The whole string must be the date (a closing parenthesis of "(2/12)" may remain).
    std::string_view rest = text.substr(m.offset + m.text.size());
    while (!rest.empty() && (space(rest.front()) || rest.front() == ')')) {
        rest.remove_prefix(1);
    }
    std::string_view before = text.substr(0, m.offset);
    while (!before.empty() && (space(before.back()) || before.back() == '(')) {
        before.remove_suffix(1);
    }
    if (!rest.empty() || !before.empty()) {
        return std::nullopt;
    }
    return std::move(m);
}

std::optional<std::string> parse_iso_date(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n')) {
        text.remove_prefix(1);
    }
    if (text.size() < 10) {
        return std::nullopt;
    }
    auto digits = [&](std::size_t from, std::size_t n) {
        int v = 0;
        for (std::size_t k = from; k < from + n; ++k) {
            if (!is_digit(static_cast<unsigned char>(text[k]))) {
                return -1;
            }
            v = v * 10 + (text[k] - '0');
        }
        return v;
    };
    const int y = digits(0, 4);
    const int m = digits(5, 2);
    const int d = digits(8, 2);
    const char sep = text[4];
    if ((sep != '-' && sep != '/') || text[7] != sep || y < 0 || m < 0 || d < 0 || !valid_ymd(y, m, d)) {
        return std::nullopt;
    }
    if (text.size() > 10 && text[10] != 'T' && text[10] != 't' && text[10] != ' ') {
        return std::nullopt;
    }
    return format_ymd(y, m, d);
}

} // namespace pantau::extract

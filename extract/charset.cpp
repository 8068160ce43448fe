#include "extract/charset.hpp"

#include <iconv.h>
#include <uchardet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

namespace pantau::extract {

namespace {

// The labels table of the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels):
// every label a page may write, and the encoding it names. Sorted by label for binary search.
struct LabelEntry {
    std::string_view label;
    std::string_view name;
};

constexpr auto k_labels = std::to_array<LabelEntry>({
    {"866", "ibm866"},
    {"ansi_x3.4-1968", "windows-1252"},
    {"arabic", "iso-8859-6"},
    {"ascii", "windows-1252"},
    {"asmo-708", "iso-8859-6"},
    {"big5", "big5"},
    {"big5-hkscs", "big5"},
    {"chinese", "gbk"},
    {"cn-big5", "big5"},
    {"cp1250", "windows-1250"},
    {"cp1251", "windows-1251"},
    {"cp1252", "windows-1252"},
    {"cp1253", "windows-1253"},
    {"cp1254", "windows-1254"},
    {"cp1255", "windows-1255"},
    {"cp1256", "windows-1256"},
    {"cp1257", "windows-1257"},
    {"cp1258", "windows-1258"},
    {"cp819", "windows-1252"},
    {"cp866", "ibm866"},
    {"csbig5", "big5"},
    {"cseuckr", "euc-kr"},
    {"cseucpkdfmtjapanese", "euc-jp"},
    {"csgb2312", "gbk"},
    {"csibm866", "ibm866"},
    {"csiso2022jp", "iso-2022-jp"},
    {"csiso2022kr", "replacement"},
    {"csiso58gb231280", "gbk"},
    {"csiso88596e", "iso-8859-6"},
    {"csiso88596i", "iso-8859-6"},
    {"csiso88598e", "iso-8859-8"},
    {"csiso88598i", "iso-8859-8-i"},
    {"csisolatin1", "windows-1252"},
    {"csisolatin2", "iso-8859-2"},
    {"csisolatin3", "iso-8859-3"},
    {"csisolatin4", "iso-8859-4"},
    {"csisolatin5", "windows-1254"},
    {"csisolatin6", "iso-8859-10"},
    {"csisolatin9", "iso-8859-15"},
    {"csisolatinarabic", "iso-8859-6"},
    {"csisolatincyrillic", "iso-8859-5"},
    {"csisolatingreek", "iso-8859-7"},
    {"csisolatinhebrew", "iso-8859-8"},
    {"cskoi8r", "koi8-r"},
    {"csksc56011987", "euc-kr"},
    {"csmacintosh", "macintosh"},
    {"csshiftjis", "shift_jis"},
    {"csunicode", "utf-16le"},
    {"cyrillic", "iso-8859-5"},
    {"dos-874", "windows-874"},
    {"ecma-114", "iso-8859-6"},
    {"ecma-118", "iso-8859-7"},
    {"elot_928", "iso-8859-7"},
    {"euc-jp", "euc-jp"},
    {"euc-kr", "euc-kr"},
    {"gb18030", "gb18030"},
    {"gb2312", "gbk"},
    {"gb_2312", "gbk"},
    {"gb_2312-80", "gbk"},
    {"gbk", "gbk"},
    {"greek", "iso-8859-7"},
    {"greek8", "iso-8859-7"},
    {"hebrew", "iso-8859-8"},
    {"hz-gb-2312", "replacement"},
    {"ibm819", "windows-1252"},
    {"ibm866", "ibm866"},
    {"iso-10646-ucs-2", "utf-16le"},
    {"iso-2022-cn", "replacement"},
    {"iso-2022-cn-ext", "replacement"},
    {"iso-2022-jp", "iso-2022-jp"},
    {"iso-2022-kr", "replacement"},
    {"iso-8859-1", "windows-1252"},
    {"iso-8859-10", "iso-8859-10"},
    {"iso-8859-11", "windows-874"},
    {"iso-8859-13", "iso-8859-13"},
    {"iso-8859-14", "iso-8859-14"},
    {"iso-8859-15", "iso-8859-15"},
    {"iso-8859-16", "iso-8859-16"},
    {"iso-8859-2", "iso-8859-2"},
    {"iso-8859-3", "iso-8859-3"},
    {"iso-8859-4", "iso-8859-4"},
    {"iso-8859-5", "iso-8859-5"},
    {"iso-8859-6", "iso-8859-6"},
    {"iso-8859-6-e", "iso-8859-6"},
    {"iso-8859-6-i", "iso-8859-6"},
    {"iso-8859-7", "iso-8859-7"},
    {"iso-8859-8", "iso-8859-8"},
    {"iso-8859-8-e", "iso-8859-8"},
    {"iso-8859-8-i", "iso-8859-8-i"},
    {"iso-8859-9", "windows-1254"},
    {"iso-ir-100", "windows-1252"},
    {"iso-ir-101", "iso-8859-2"},
    {"iso-ir-109", "iso-8859-3"},
    {"iso-ir-110", "iso-8859-4"},
    {"iso-ir-126", "iso-8859-7"},
    {"iso-ir-127", "iso-8859-6"},
    {"iso-ir-138", "iso-8859-8"},
    {"iso-ir-144", "iso-8859-5"},
    {"iso-ir-148", "windows-1254"},
    {"iso-ir-149", "euc-kr"},
    {"iso-ir-157", "iso-8859-10"},
    {"iso-ir-58", "gbk"},
    {"iso8859-1", "windows-1252"},
    {"iso8859-10", "iso-8859-10"},
    {"iso8859-11", "windows-874"},
    {"iso8859-13", "iso-8859-13"},
    {"iso8859-14", "iso-8859-14"},
    {"iso8859-15", "iso-8859-15"},
    {"iso8859-2", "iso-8859-2"},
    {"iso8859-3", "iso-8859-3"},
    {"iso8859-4", "iso-8859-4"},
    {"iso8859-5", "iso-8859-5"},
    {"iso8859-6", "iso-8859-6"},
    {"iso8859-7", "iso-8859-7"},
    {"iso8859-8", "iso-8859-8"},
    {"iso8859-9", "windows-1254"},
    {"iso88591", "windows-1252"},
    {"iso885910", "iso-8859-10"},
    {"iso885911", "windows-874"},
    {"iso885913", "iso-8859-13"},
    {"iso885914", "iso-8859-14"},
    {"iso885915", "iso-8859-15"},
    {"iso88592", "iso-8859-2"},
    {"iso88593", "iso-8859-3"},
    {"iso88594", "iso-8859-4"},
    {"iso88595", "iso-8859-5"},
    {"iso88596", "iso-8859-6"},
    {"iso88597", "iso-8859-7"},
    {"iso88598", "iso-8859-8"},
    {"iso88599", "windows-1254"},
    {"iso_8859-1", "windows-1252"},
    {"iso_8859-15", "iso-8859-15"},
    {"iso_8859-1:1987", "windows-1252"},
    {"iso_8859-2", "iso-8859-2"},
    {"iso_8859-2:1987", "iso-8859-2"},
    {"iso_8859-3", "iso-8859-3"},
    {"iso_8859-3:1988", "iso-8859-3"},
    {"iso_8859-4", "iso-8859-4"},
    {"iso_8859-4:1988", "iso-8859-4"},
    {"iso_8859-5", "iso-8859-5"},
    {"iso_8859-5:1988", "iso-8859-5"},
    {"iso_8859-6", "iso-8859-6"},
    {"iso_8859-6:1987", "iso-8859-6"},
    {"iso_8859-7", "iso-8859-7"},
    {"iso_8859-7:1987", "iso-8859-7"},
    {"iso_8859-8", "iso-8859-8"},
    {"iso_8859-8:1988", "iso-8859-8"},
    {"iso_8859-9", "windows-1254"},
    {"iso_8859-9:1989", "windows-1254"},
    {"koi", "koi8-r"},
    {"koi8", "koi8-r"},
    {"koi8-r", "koi8-r"},
    {"koi8-ru", "koi8-u"},
    {"koi8-u", "koi8-u"},
    {"koi8_r", "koi8-r"},
    {"korean", "euc-kr"},
    {"ks_c_5601-1987", "euc-kr"},
    {"ks_c_5601-1989", "euc-kr"},
    {"ksc5601", "euc-kr"},
    {"ksc_5601", "euc-kr"},
    {"l1", "windows-1252"},
    {"l2", "iso-8859-2"},
    {"l3", "iso-8859-3"},
    {"l4", "iso-8859-4"},
    {"l5", "windows-1254"},
    {"l6", "iso-8859-10"},
    {"l9", "iso-8859-15"},
    {"latin1", "windows-1252"},
    {"latin2", "iso-8859-2"},
    {"latin3", "iso-8859-3"},
    {"latin4", "iso-8859-4"},
    {"latin5", "windows-1254"},
    {"latin6", "iso-8859-10"},
    {"logical", "iso-8859-8-i"},
    {"mac", "macintosh"},
    {"macintosh", "macintosh"},
    {"ms932", "shift_jis"},
    {"ms_kanji", "shift_jis"},
    {"replacement", "replacement"},
    {"shift-jis", "shift_jis"},
    {"shift_jis", "shift_jis"},
    {"sjis", "shift_jis"},
    {"sun_eu_greek", "iso-8859-7"},
    {"tis-620", "windows-874"},
    {"ucs-2", "utf-16le"},
    {"unicode", "utf-16le"},
    {"unicode-1-1-utf-8", "utf-8"},
    {"unicode11utf8", "utf-8"},
    {"unicode20utf8", "utf-8"},
    {"unicodefeff", "utf-16le"},
    {"unicodefffe", "utf-16be"},
    {"us-ascii", "windows-1252"},
    {"utf-16", "utf-16le"},
    {"utf-16be", "utf-16be"},
    {"utf-16le", "utf-16le"},
    {"utf-8", "utf-8"},
    {"utf8", "utf-8"},
    {"visual", "iso-8859-8"},
    {"windows-1250", "windows-1250"},
    {"windows-1251", "windows-1251"},
    {"windows-1252", "windows-1252"},
    {"windows-1253", "windows-1253"},
    {"windows-1254", "windows-1254"},
    {"windows-1255", "windows-1255"},
    {"windows-1256", "windows-1256"},
    {"windows-1257", "windows-1257"},
    {"windows-1258", "windows-1258"},
    {"windows-31j", "shift_jis"},
    {"windows-874", "windows-874"},
    {"windows-949", "euc-kr"},
    {"x-cp1250", "windows-1250"},
    {"x-cp1251", "windows-1251"},
    {"x-cp1252", "windows-1252"},
    {"x-cp1253", "windows-1253"},
    {"x-cp1254", "windows-1254"},
    {"x-cp1255", "windows-1255"},
    {"x-cp1256", "windows-1256"},
    {"x-cp1257", "windows-1257"},
    {"x-cp1258", "windows-1258"},
    {"x-euc-jp", "euc-jp"},
    {"x-gbk", "gbk"},
    {"x-mac-cyrillic", "x-mac-cyrillic"},
    {"x-mac-roman", "macintosh"},
    {"x-mac-ukrainian", "x-mac-cyrillic"},
    {"x-sjis", "shift_jis"},
    {"x-unicode20utf8", "utf-8"},
    {"x-user-defined", "x-user-defined"},
    {"x-x-big5", "big5"},
});

// The iconv name that decodes a WHATWG encoding as closely as glibc allows.
std::string_view iconv_name(std::string_view whatwg) {
    static constexpr auto k_iconv = std::to_array<LabelEntry>({
        {"big5", "BIG5-HKSCS"},
        {"euc-jp", "EUC-JP"},
        {"euc-kr", "CP949"},
        {"gb18030", "GB18030"},
        {"gbk", "GB18030"}, // the Encoding spec decodes gbk with the gb18030 decoder
        {"ibm866", "IBM866"},
        {"iso-2022-jp", "ISO-2022-JP"},
        {"iso-8859-8-i", "ISO-8859-8"},
        {"koi8-r", "KOI8-R"},
        {"koi8-u", "KOI8-U"},
        {"macintosh", "MACINTOSH"},
        {"shift_jis", "CP932"},
        {"utf-16be", "UTF-16BE"},
        {"utf-16le", "UTF-16LE"},
        {"windows-874", "CP874"},
        {"x-mac-cyrillic", "MAC-CYRILLIC"},
    });
    for (const auto& e : k_iconv) {
        if (e.label == whatwg) {
            return e.name;
        }
    }
    return whatwg; // iso-8859-N and windows-125N are spelled the same for glibc
}

bool is_space(unsigned char c) {
    return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

unsigned char lower(unsigned char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c;
}

bool starts_with_ci(std::string_view s, std::size_t pos, std::string_view prefix) {
    if (pos + prefix.size() > s.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (lower(static_cast<unsigned char>(s[pos + i])) != static_cast<unsigned char>(prefix[i])) {
            return false;
        }
    }
    return true;
}

// The prescan's per-step result: an attribute, no more attributes, or the input ran out (which
// ends the whole prescan with nothing, as the spec's "abort" does).
enum class AttrStatus { found, none, end };

struct Attribute {
    std::string name;
    std::string value;
};

// "Get an attribute" of the WHATWG prescan, starting at `pos`.
AttrStatus get_attribute(std::string_view s, std::size_t& pos, Attribute& out) {
    out.name.clear();
    out.value.clear();
    while (pos < s.size() && (is_space(static_cast<unsigned char>(s[pos])) || s[pos] == '/')) {
        ++pos;
    }
    if (pos >= s.size()) {
        return AttrStatus::end;
    }
    if (s[pos] == '>') {
        return AttrStatus::none;
    }
    // Name.
    for (;;) {
        if (pos >= s.size()) {
            return AttrStatus::end;
        }
        auto c = static_cast<unsigned char>(s[pos]);
        if (c == '=' && !out.name.empty()) {
            ++pos;
            goto value; // NOLINT: the spec's own "jump to the step labeled value"
        }
        if (is_space(c)) {
            break;
        }
        if (c == '/' || c == '>') {
            return AttrStatus::found;
        }
        out.name.push_back(static_cast<char>(lower(c)));
        ++pos;
    }
    // Spaces before '='.
    while (pos < s.size() && is_space(static_cast<unsigned char>(s[pos]))) {
        ++pos;
    }
    if (pos >= s.size()) {
        return AttrStatus::end;
    }
    if (s[pos] != '=') {
        return AttrStatus::found;
    }
    ++pos;
value:
    while (pos < s.size() && is_space(static_cast<unsigned char>(s[pos]))) {
        ++pos;
    }
    if (pos >= s.size()) {
        return AttrStatus::end;
    }
    if (s[pos] == '"' || s[pos] == '\'') {
        const char quote = s[pos];
        for (;;) {
            ++pos;
            if (pos >= s.size()) {
                return AttrStatus::end;
            }
            if (s[pos] == quote) {
                ++pos;
                return AttrStatus::found;
            }
            out.value.push_back(static_cast<char>(lower(static_cast<unsigned char>(s[pos]))));
        }
    }
    if (s[pos] == '>') {
        return AttrStatus::found;
    }
    out.value.push_back(static_cast<char>(lower(static_cast<unsigned char>(s[pos]))));
    ++pos;
    for (;;) {
        if (pos >= s.size()) {
            return AttrStatus::end;
        }
        auto c = static_cast<unsigned char>(s[pos]);
        if (is_space(c) || c == '>') {
            return AttrStatus::found;
        }
        out.value.push_back(static_cast<char>(lower(c)));
        ++pos;
    }
}

// "Extracting a character encoding from a meta element" (the content attribute of http-equiv).
std::optional<std::string> charset_from_meta_content(std::string_view v) {
    std::size_t pos = 0;
    for (;;) {
        std::size_t found = std::string_view::npos;
        for (std::size_t i = pos; i + 7 <= v.size(); ++i) {
            if (starts_with_ci(v, i, "charset")) {
                found = i;
                break;
            }
        }
        if (found == std::string_view::npos) {
            return std::nullopt;
        }
        pos = found + 7;
        while (pos < v.size() && is_space(static_cast<unsigned char>(v[pos]))) {
            ++pos;
        }
        if (pos >= v.size() || v[pos] != '=') {
            continue; // look for the next "charset"
        }
        ++pos;
        while (pos < v.size() && is_space(static_cast<unsigned char>(v[pos]))) {
            ++pos;
        }
        if (pos >= v.size()) {
            return std::nullopt;
        }
        if (v[pos] == '"' || v[pos] == '\'') {
            std::size_t close = v.find(v[pos], pos + 1);
            if (close == std::string_view::npos) {
                return std::nullopt;
            }
            return std::string(v.substr(pos + 1, close - pos - 1));
        }
        std::size_t end = pos;
        while (end < v.size() && !is_space(static_cast<unsigned char>(v[end])) && v[end] != ';') {
            ++end;
        }
        return std::string(v.substr(pos, end - pos));
    }
}

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void append_replacement(std::string& out) {
    out.append("\xEF\xBF\xBD");
}

// The index of the first byte at or after `i` that is not ASCII (s.size() when none is): eight bytes
// at a time, since a page is mostly ASCII markup.
std::size_t skip_ascii(std::string_view s, std::size_t i) {
    constexpr std::uint64_t k_high_bits = 0x8080808080808080ULL;
    while (i + 8 <= s.size()) {
        std::uint64_t word = 0;
        std::memcpy(&word, s.data() + i, 8);
        if ((word & k_high_bits) != 0) {
            break;
        }
        i += 8;
    }
    while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) {
        ++i;
    }
    return i;
}

// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid or truncated.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) {
        return 1;
    }
    auto cont = [&](std::size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) {
        return cont(i + 1) ? 2 : 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(i + 1) || !cont(i + 2)) {
            return 0;
        }
        if ((c == 0xE0 && b(i + 1) < 0xA0) || (c == 0xED && b(i + 1) > 0x9F)) {
            return 0; // overlong or surrogate
        }
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) {
            return 0;
        }
        if ((c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) > 0x8F)) {
            return 0;
        }
        return 4;
    }
    return 0;
}

// UTF-8 to UTF-8 with every invalid byte replaced (no iconv needed for the common case).
std::string sanitize_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        // Copy runs of ASCII at once: most bytes of most pages.
        std::size_t run = i;
        while (run < s.size() && static_cast<unsigned char>(s[run]) < 0x80) {
            ++run;
        }
        out.append(s.substr(i, run - i));
        i = run;
        if (i >= s.size()) {
            break;
        }
        std::size_t n = utf8_sequence(s, i);
        if (n == 0) {
            append_replacement(out);
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

// valid_cut: valid but for a multi-byte character cut at the very end (by a size limit), which
// reads as UTF-8 but decodes with a U+FFFD in its place.
enum class Utf8Kind { ascii, valid, valid_cut, invalid };

Utf8Kind classify_utf8(std::string_view s) {
    bool non_ascii = false;
    std::size_t i = 0;
    while ((i = skip_ascii(s, i)) < s.size()) {
        non_ascii = true;
        std::size_t n = utf8_sequence(s, i);
        if (n == 0) {
            // A multi-byte character cut by a size limit at the very end still reads as UTF-8.
            return s.size() - i < 4 ? Utf8Kind::valid_cut : Utf8Kind::invalid;
        }
        i += n;
    }
    return non_ascii ? Utf8Kind::valid : Utf8Kind::ascii;
}

struct IconvCloser {
    void operator()(iconv_t cd) const { iconv_close(cd); }
};

struct UchardetDeleter {
    void operator()(uchardet_t h) const { uchardet_delete(h); }
};

// Statistical detection over the start of the page: enough text to decide, bounded in time.
std::string detect_with_uchardet(std::string_view body) {
    constexpr std::size_t k_detect_bytes = 64 * 1024;
    std::unique_ptr<std::remove_pointer_t<uchardet_t>, UchardetDeleter> h(uchardet_new());
    if (!h) {
        return {};
    }
    std::string_view sample = body.substr(0, k_detect_bytes);
    if (uchardet_handle_data(h.get(), sample.data(), sample.size()) != 0) {
        return {};
    }
    uchardet_data_end(h.get());
    const char* name = uchardet_get_charset(h.get());
    return name != nullptr ? normalize_charset_label(name) : std::string{};
}

} // namespace

std::string valid_utf8(std::string_view s) {
    for (std::size_t i = 0; (i = skip_ascii(s, i)) < s.size();) {
        const std::size_t n = utf8_sequence(s, i);
        if (n == 0) {
            return sanitize_utf8(s);
        }
        i += n;
    }
    return std::string(s);
}

std::string normalize_charset_label(std::string_view label) {
    while (!label.empty() && is_space(static_cast<unsigned char>(label.front()))) {
        label.remove_prefix(1);
    }
    while (!label.empty() && is_space(static_cast<unsigned char>(label.back()))) {
        label.remove_suffix(1);
    }
    if (label.empty() || label.size() > 32) {
        return {};
    }
    std::string key(label.size(), '\0');
    std::transform(label.begin(), label.end(), key.begin(),
                   [](char c) { return static_cast<char>(lower(static_cast<unsigned char>(c))); });
    auto it = std::lower_bound(k_labels.begin(), k_labels.end(), std::string_view(key),
                               [](const LabelEntry& e, std::string_view k) { return e.label < k; });
    if (it == k_labels.end() || it->label != key) {
        return {};
    }
    return std::string(it->name);
}

std::string charset_from_content_type(std::string_view ct) {
    // type/subtype *(";" name "=" (token | quoted-string)), names case-insensitive.
    std::size_t pos = ct.find(';');
    while (pos != std::string_view::npos) {
        ++pos;
        while (pos < ct.size() && is_space(static_cast<unsigned char>(ct[pos]))) {
            ++pos;
        }
        std::size_t eq = ct.find('=', pos);
        std::size_t semi = ct.find(';', pos);
        if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
            pos = semi;
            continue;
        }
        std::string_view name = ct.substr(pos, eq - pos);
        while (!name.empty() && is_space(static_cast<unsigned char>(name.back()))) {
            name.remove_suffix(1);
        }
        std::size_t vpos = eq + 1;
        while (vpos < ct.size() && is_space(static_cast<unsigned char>(ct[vpos]))) {
            ++vpos;
        }
        std::string_view value;
        if (vpos < ct.size() && ct[vpos] == '"') {
            std::size_t close = ct.find('"', vpos + 1);
            value = ct.substr(vpos + 1, close == std::string_view::npos ? ct.npos : close - vpos - 1);
            semi = close == std::string_view::npos ? close : ct.find(';', close);
        } else {
            value = ct.substr(vpos, semi == std::string_view::npos ? ct.npos : semi - vpos);
        }
        if (name.size() == 7 && starts_with_ci(name, 0, "charset")) {
            return normalize_charset_label(value);
        }
        pos = semi;
    }
    return {};
}

std::string prescan_meta_charset(std::string_view bytes, std::size_t limit) {
    const std::string_view s = bytes.substr(0, limit);
    std::size_t pos = 0;
    Attribute a;
    while (pos < s.size()) {
        if (s.compare(pos, 4, "<!--") == 0) {
            std::size_t end = s.find("-->", pos + 2);
            if (end == std::string_view::npos) {
                return {};
            }
            pos = end + 3;
            continue;
        }
        if (starts_with_ci(s, pos, "<meta") && pos + 5 < s.size() &&
            (is_space(static_cast<unsigned char>(s[pos + 5])) || s[pos + 5] == '/')) {
            pos += 5;
            std::vector<std::string> seen;
            bool got_pragma = false;
            std::optional<bool> need_pragma;
            std::string charset;
            for (;;) {
                AttrStatus st = get_attribute(s, pos, a);
                if (st == AttrStatus::end) {
                    return {};
                }
                if (st == AttrStatus::none) {
                    break;
                }
                if (std::find(seen.begin(), seen.end(), a.name) != seen.end()) {
                    continue;
                }
                seen.push_back(a.name);
                if (a.name == "http-equiv") {
                    got_pragma = got_pragma || a.value == "content-type";
                } else if (a.name == "content") {
                    if (charset.empty()) {
                        if (auto label = charset_from_meta_content(a.value)) {
                            if (std::string name = normalize_charset_label(*label); !name.empty()) {
                                charset = std::move(name);
                                need_pragma = true;
                            }
                        }
                    }
                } else if (a.name == "charset") {
                    charset = normalize_charset_label(a.value);
                    need_pragma = false;
                }
            }
            if (need_pragma && !(*need_pragma && !got_pragma) && !charset.empty()) {
                if (charset == "utf-16be" || charset == "utf-16le") {
                    return "utf-8";
                }
                if (charset == "x-user-defined") {
                    return "windows-1252";
                }
                return charset;
            }
            ++pos;
            continue;
        }
        if (s[pos] == '<' && pos + 1 < s.size() &&
            (is_ascii_letter(s[pos + 1]) ||
             (s[pos + 1] == '/' && pos + 2 < s.size() && is_ascii_letter(s[pos + 2])))) {
            while (pos < s.size() && !is_space(static_cast<unsigned char>(s[pos])) && s[pos] != '>') {
                ++pos;
            }
            for (;;) {
                AttrStatus st = get_attribute(s, pos, a);
                if (st == AttrStatus::end) {
                    return {};
                }
                if (st == AttrStatus::none) {
                    break;
                }
            }
            ++pos;
            continue;
        }
        if (s[pos] == '<' && pos + 1 < s.size() &&
            (s[pos + 1] == '!' || s[pos + 1] == '/' || s[pos + 1] == '?')) {
            std::size_t end = s.find('>', pos + 1);
            if (end == std::string_view::npos) {
                return {};
            }
            pos = end + 1;
            continue;
        }
        ++pos;
    }
    return {};
}

std::string to_utf8(std::string_view bytes, std::string_view charset) {
    if (charset == "utf-8") {
        return sanitize_utf8(bytes);
    }
    if (charset == "replacement") {
        // Encodings the web had to give up on (ISO-2022-KR, HZ): one U+FFFD, as browsers show.
        return bytes.empty() ? std::string{} : std::string("\xEF\xBF\xBD");
    }
    if (charset == "x-user-defined") {
        std::string out;
        out.reserve(bytes.size() * 2);
        for (char ch : bytes) {
            auto c = static_cast<unsigned char>(ch);
            if (c < 0x80) {
                out.push_back(static_cast<char>(c));
            } else {
                const unsigned cp = 0xF780U + c - 0x80U; // private-use area, per the Encoding spec
                out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
                out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
                out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            }
        }
        return out;
    }
    const std::string from(iconv_name(charset));
    iconv_t raw = iconv_open("UTF-8", from.c_str());
    if (raw == reinterpret_cast<iconv_t>(-1)) {
        return sanitize_utf8(bytes); // unknown to glibc: keep what is readable
    }
    std::unique_ptr<std::remove_pointer_t<iconv_t>, IconvCloser> cd(raw);
    std::string out;
    out.resize(bytes.size() * 2 + 16);
    std::string input(bytes);
    char* in = input.data();
    std::size_t in_left = input.size();
    std::size_t written = 0;
    while (in_left > 0) {
        char* outp = out.data() + written;
        std::size_t out_left = out.size() - written;
        std::size_t rc = iconv(cd.get(), &in, &in_left, &outp, &out_left);
        written = out.size() - out_left;
        if (rc != static_cast<std::size_t>(-1)) {
            break;
        }
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        // EILSEQ (a byte the encoding does not define) or EINVAL (a sequence cut at the end):
        // one U+FFFD for the byte, then carry on after it.
        if (out.size() - written < 3) {
            out.resize(out.size() * 2);
        }
        std::copy_n("\xEF\xBF\xBD", 3, out.data() + written);
        written += 3;
        ++in;
        --in_left;
        iconv(cd.get(), nullptr, nullptr, nullptr, nullptr); // reset shift state
    }
    // Flush a stateful encoding's final shift sequence.
    for (;;) {
        char* outp = out.data() + written;
        std::size_t out_left = out.size() - written;
        if (iconv(cd.get(), nullptr, nullptr, &outp, &out_left) != static_cast<std::size_t>(-1)) {
            written = out.size() - out_left;
            break;
        }
        if (errno != E2BIG) {
            break;
        }
        out.resize(out.size() * 2);
    }
    out.resize(written);
    return out;
}

Sniffed sniff_declared_charset(std::string_view body, std::string_view content_type) {
    if (body.size() >= 3 && body.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        return {"utf-8", "bom"};
    }
    if (body.size() >= 2 && body.compare(0, 2, "\xFE\xFF") == 0) {
        return {"utf-16be", "bom"};
    }
    if (body.size() >= 2 && body.compare(0, 2, "\xFF\xFE") == 0) {
        return {"utf-16le", "bom"};
    }
    if (std::string cs = charset_from_content_type(content_type); !cs.empty()) {
        return {std::move(cs), "http"};
    }
    if (std::string meta = prescan_meta_charset(body); !meta.empty()) {
        return {std::move(meta), "meta"};
    }
    constexpr std::size_t k_late_meta_window = 64 * 1024;
    if (body.size() > 1024) {
        if (std::string meta = prescan_meta_charset(body, k_late_meta_window); !meta.empty()) {
            return {std::move(meta), "meta"};
        }
    }
    return {};
}

namespace {

Decoded decode(std::string_view body, std::string_view content_type, bool may_borrow) {
    Decoded d;
    Sniffed sniffed = sniff_declared_charset(body, content_type);
    d.charset = std::move(sniffed.charset);
    d.source = std::move(sniffed.source);
    if (d.source == "bom") {
        body.remove_prefix(d.charset == "utf-8" ? 3 : 2);
    }
    const Utf8Kind kind = classify_utf8(body);
    if (d.charset.empty()) {
        switch (kind) {
        case Utf8Kind::valid:
        case Utf8Kind::valid_cut:
            // Non-ASCII that is valid UTF-8 is UTF-8 for all practical purposes; no need to guess.
            d.charset = "utf-8";
            d.source = "detected";
            break;
        case Utf8Kind::ascii:
            d.charset = "windows-1252";
            d.source = "default";
            break;
        case Utf8Kind::invalid:
            d.charset = detect_with_uchardet(body);
            d.source = "detected";
            if (d.charset.empty() || d.charset == "replacement") {
                d.charset = "windows-1252";
                d.source = "default";
            }
            break;
        }
    }
    // ASCII reads the same in every ASCII-compatible encoding: skip the conversion.
    const bool ascii_compatible = d.charset != "utf-16be" && d.charset != "utf-16le" &&
                                  d.charset != "replacement" && d.charset != "iso-2022-jp";
    const bool as_is =
        (kind == Utf8Kind::ascii && ascii_compatible) || (kind == Utf8Kind::valid && d.charset == "utf-8");
    if (as_is && may_borrow) {
        d.borrowed = body;
    } else {
        d.text = as_is ? std::string(body) : to_utf8(body, d.charset);
    }
    return d;
}

} // namespace

Decoded decode_html(std::string_view body, std::string_view content_type) {
    return decode(body, content_type, false);
}

Decoded decode_html_borrowing(std::string_view body, std::string_view content_type) {
    return decode(body, content_type, true);
}

} // namespace pantau::extract

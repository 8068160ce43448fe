#include "extract/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace pantau::extract {

namespace {

// The bytes where a word may end: ASCII whitespace, and 0xC2, the lead byte of U+00A0 NO-BREAK SPACE
// (&nbsp;), which separates words on screen like a space does. Any other byte continues a word, so a
// word is found with one table look-up a byte.
constexpr std::array<bool, 256> k_may_break = [] {
    std::array<bool, 256> t{};
    for (const unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v'}) {
        t[c] = true;
    }
    t[0xC2] = true;
    return t;
}();

} // namespace

void append_collapsed(std::string& out, std::string_view s) {
    const auto* const p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    // True when the byte at i (one where a word may end) is whitespace; 0xC2 only before 0xA0.
    auto space_at = [&](std::size_t i) { return p[i] != 0xC2 || (i + 1 < n && p[i + 1] == 0xA0); };
    bool pending_space = false;
    std::size_t i = 0;
    while (i < n) {
        // A run of spaces becomes (at most) one.
        while (i < n && k_may_break[p[i]] && space_at(i)) {
            i += p[i] == 0xC2 ? 2 : 1;
            pending_space = true;
        }
        // A word is copied whole.
        std::size_t end = i;
        while (end < n && !(k_may_break[p[end]] && space_at(end))) {
            ++end;
        }
        if (end > i) {
            if (pending_space && !out.empty() && out.back() != ' ') {
                out.push_back(' ');
            }
            pending_space = false;
            out.append(s.substr(i, end - i));
            i = end;
        }
    }
    if (pending_space && !out.empty() && out.back() != ' ') {
        out.push_back(' ');
    }
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    append_collapsed(out, s);
    if (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

} // namespace pantau::extract

namespace pantau::extract {

namespace {

// Length of the UTF-8 sequence starting with byte c (1 for stray continuation bytes).
std::size_t utf8_length(unsigned char c) {
    if (c >= 0xF0) {
        return 4;
    }
    if (c >= 0xE0) {
        return 3;
    }
    if (c >= 0xC0) {
        return 2;
    }
    return 1;
}

std::string squash(std::string_view folded) {
    std::string out;
    out.reserve(folded.size());
    for (char c : folded) {
        if (c != ' ') {
            out.push_back(c);
        }
    }
    return out;
}

} // namespace

std::string fold(std::string_view s) {
    // ASCII folds by table: a letter or digit to itself in lower case, anything else to a space.
    static constexpr auto k_ascii = [] {
        std::array<char, 128> t{};
        for (int c = 0; c < 128; ++c) {
            t[static_cast<std::size_t>(c)] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32)
                                             : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                                                 ? static_cast<char>(c)
                                                 : ' ';
        }
        return t;
    }();
    // Folding never lengthens a text (a byte gives at most a byte, a letter its same-length lower
    // case), so the result is written in place into a string of the input's size; this runs over every
    // page's text, so the ASCII path has no branch per character.
    std::string out;
    out.resize_and_overwrite(s.size(), [&](char* const begin, std::size_t) {
        char* o = begin;
        bool after_space = true; // nothing written yet, or a space last: no space is written now
        const auto space = [&] {
            if (!after_space) {
                *o++ = ' ';
            }
            after_space = true;
        };
        std::size_t i = 0;
        while (i < s.size()) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c < 0x80) {
                const char f = k_ascii[c]; // punctuation, hyphens, apostrophes, symbols, whitespace: ' '
                *o = f;
                o += f != ' ' || !after_space ? 1 : 0;
                after_space = f == ' ';
                ++i;
                continue;
            }
            const std::size_t n = std::min(utf8_length(c), s.size() - i);
            if (n == 2 && c == 0xC3) {
                // Latin-1 letters U+00C0–U+00DE (except × U+00D7) fold to their lower case U+00E0–U+00FE.
                const auto c2 = static_cast<unsigned char>(s[i + 1]);
                if (c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97) {
                    *o++ = static_cast<char>(0xC3);
                    *o++ = static_cast<char>(c2 + 0x20);
                    after_space = false;
                } else if (c2 == 0xB7) {
                    space(); // ÷
                } else {
                    o = std::copy_n(s.data() + i, n, o);
                    after_space = false;
                }
            } else if (n == 2 && c == 0xC2) {
                space(); // NBSP, «, », ©, ·, ¡, ¿ and other Latin-1 symbols
            } else if (n == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                       static_cast<unsigned char>(s[i + 1]) <= 0x81) {
                space(); // General Punctuation: dashes, curly quotes and apostrophes, ellipsis
            } else {
                o = std::copy_n(s.data() + i, n, o);
                after_space = false;
            }
            i += n;
        }
        if (o != begin && o[-1] == ' ') {
            --o;
        }
        return static_cast<std::size_t>(o - begin);
    });
    return out;
}

std::string squash_folded(std::string_view folded_phrase) {
    return squash(folded_phrase);
}

bool contains_folded_phrase(std::string_view text, std::string_view folded_phrase) {
    return contains_squashed_phrase(text, squash(folded_phrase));
}

bool contains_squashed_phrase(std::string_view text, std::string_view p) {
    if (p.empty()) {
        return false;
    }
    // The phrase's letters must run from a word start to a word end; spaces in the text between
    // them are skipped, so "serta merta", "sertamerta" and "serta-merta" all read alike, while
    // "dip" never matches inside "diploma". Candidates are found with memchr (most of a page's
    // characters are not the phrase's first letter).
    for (std::size_t s = 0; s < text.size(); ++s) {
        const void* at = std::memchr(text.data() + s, p[0], text.size() - s);
        if (at == nullptr) {
            return false;
        }
        s = static_cast<std::size_t>(static_cast<const char*>(at) - text.data());
        if (s > 0 && text[s - 1] != ' ') {
            continue;
        }
        std::size_t j = s;
        std::size_t k = 0;
        while (k < p.size() && j < text.size()) {
            if (text[j] == ' ') {
                ++j;
            } else if (text[j] == p[k]) {
                ++j;
                ++k;
            } else {
                break;
            }
        }
        if (k == p.size() && (j == text.size() || text[j] == ' ')) {
            return true;
        }
    }
    return false;
}

bool contains_phrase(std::string_view text, std::string_view phrase) {
    return contains_folded_phrase(fold(text), fold(phrase));
}

bool contains_word(std::string_view text, std::string_view word) {
    return contains_phrase(text, word);
}

} // namespace pantau::extract

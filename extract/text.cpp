#include "extract/text.hpp"

#include <cstdint>

namespace pantau::extract {

namespace {

bool is_ascii_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

} // namespace

void append_collapsed(std::string& out, std::string_view s) {
    bool pending_space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        bool space = is_ascii_space(c);
        // U+00A0 NO-BREAK SPACE (&nbsp;) separates words on screen like a space does.
        if (!space && c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            space = true;
            ++i;
        }
        if (space) {
            pending_space = true;
            continue;
        }
        if (pending_space && !out.empty() && out.back() != ' ') {
            out.push_back(' ');
        }
        pending_space = false;
        out.push_back(static_cast<char>(c));
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

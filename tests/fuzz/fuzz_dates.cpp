// libFuzzer target: the date reader on arbitrary text. The first byte varies the context year.
#include "extract/dates.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    pantau::extract::DateContext ctx;
    ctx.reference_time = 1733367600; // 2024-12-05 10:00 WIB
    ctx.context_year = data[0] < 128 ? 0 : 1900 + data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    for (const auto& m : pantau::extract::find_dates(text, ctx)) {
        // Offsets and quoted text always point into the input.
        if (m.offset + m.text.size() > text.size() || text.substr(m.offset, m.text.size()) != m.text) {
            __builtin_trap();
        }
        if (m.kind == pantau::extract::DateKind::date && m.date.size() != 10) {
            __builtin_trap();
        }
    }
    (void)pantau::extract::parse_date(text, ctx);
    (void)pantau::extract::parse_iso_date(text);
    return 0;
}

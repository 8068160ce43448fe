// libFuzzer target: charset detection/decoding and page extraction on arbitrary bytes.
// The first byte picks the HTTP Content-Type, so the BOM/HTTP/meta/detection paths all get inputs.
// The facts then go through their stored binary form and back, and the raw bytes are read as a
// stored value (a damaged database hands back anything).
#include "extract/charset.hpp"
#include "extract/facts_json.hpp"
#include "extract/page.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static constexpr std::array<std::string_view, 6> k_content_types{"",
                                                                     "text/html",
                                                                     "text/html; charset=utf-8",
                                                                     "text/html; charset=windows-1256",
                                                                     "text/html; charset=\"shift_jis\"",
                                                                     "text/html; charset=iso-2022-jp"};
    if (size == 0) {
        return 0;
    }
    const std::string_view ct = k_content_types[data[0] % k_content_types.size()];
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    auto facts =
        pantau::extract::extract_page(body, "https://dinkes.contohkab.go.id/berita/index.php?id=1", ct);
    // Every link is absolute: resolution never hands back a relative reference.
    for (const auto& link : facts.links) {
        if (link.url.find("://") == std::string::npos) {
            __builtin_trap();
        }
    }
    (void)pantau::extract::prescan_meta_charset(body);
    const auto back = pantau::extract::facts_from_json(pantau::extract::facts_to_binary(facts));
    if (back.title != pantau::extract::valid_utf8(facts.title) || back.dates.size() != facts.dates.size() ||
        back.headings.size() != facts.headings.size()) {
        __builtin_trap();
    }
    (void)pantau::extract::facts_from_json(std::string(body));
    return 0;
}

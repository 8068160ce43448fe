// libFuzzer target: the sitemap parser (crawler/sitemap.hpp) on XML, text, gzip and garbage.
#include "crawler/sitemap.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pantau::crawler;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const Sitemap sitemap = parse_sitemap(input, "https://a.go.id/sitemap.xml");
    if (sitemap.entries.size() > k_sitemap_max_urls) {
        __builtin_trap();
    }
    for (const auto& entry : sitemap.entries) {
        if (entry.url.rfind("http", 0) != 0) {
            __builtin_trap();
        }
        if (entry.lastmod && entry.lastmod->size() != 10) {
            __builtin_trap();
        }
    }
    if (const auto date = normalize_lastmod(input); date && date->size() != 10) {
        __builtin_trap();
    }
    return 0;
}

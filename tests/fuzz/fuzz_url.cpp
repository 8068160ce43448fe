// libFuzzer target: URL resolution and normalisation (crawler/url.hpp). The input is "base\nref";
// the whole input is also normalised as a URL. Checks that normalisation is a fixed point and that
// what it returns is a URL the other helpers accept.
#include "crawler/url.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

void check_normalised(std::string_view input) {
    const auto once = pantau::crawler::normalize_url(input);
    if (!once) {
        return;
    }
    const auto twice = pantau::crawler::normalize_url(*once);
    if (!twice || *twice != *once) {
        __builtin_trap(); // normalising a normalised URL must change nothing
    }
    if (pantau::crawler::url_host(*once).empty() || pantau::crawler::url_root(*once).empty() ||
        pantau::crawler::url_path_and_query(*once).empty()) {
        __builtin_trap();
    }
    for (const char c : *once) {
        if (c == ' ' || c == '#' || static_cast<unsigned char>(c) >= 0x80 ||
            static_cast<unsigned char>(c) < 0x20) {
            __builtin_trap(); // escaped or dropped by normalisation
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const std::string_view base = input.substr(0, newline);
    const std::string_view ref =
        newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);

    if (const auto resolved = pantau::crawler::resolve_url(base, ref)) {
        check_normalised(*resolved);
    }
    check_normalised(input);
    check_normalised(ref);

    const std::string host = pantau::crawler::url_host(input);
    (void)pantau::crawler::registrable_domain(host);
    (void)pantau::crawler::registrable_domain(base);
    (void)pantau::crawler::same_site(base, ref);
    (void)pantau::crawler::same_registrable_domain(base, ref);
    (void)pantau::crawler::is_go_id(base);
    return 0;
}

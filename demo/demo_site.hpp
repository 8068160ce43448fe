// demo/demo_site.hpp — the small built-in demo site that `pantau demo` serves on loopback: one Dinas
// site of the fictional "Kabupaten Contoh", shaped like a real WordPress agency site (Indonesian menus,
// a PPID section, news with Indonesian dates, a PDF), with a few gaps for the report to find.
#pragma once

#include <filesystem>
#include <string>

namespace pantau::demo {

inline constexpr const char* k_demo_host = "diskominfo.contohkab.go.id";

// Writes the demo site's files under `dir`/<k_demo_host>/ and returns that host directory.
std::filesystem::path write_demo_site(const std::filesystem::path& dir);

} // namespace pantau::demo

// Compares the links extract_page finds on real saved pages (shared/testdata/html) with what an
// independent HTML5 parser finds: tests/extract/links_oracle.py (python3-html5lib + urllib.parse).
#include "extract/page.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using pantau::extract::extract_page;

namespace {

constexpr const char* k_page_url = "https://www.example.com/dir/page.html";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The same minimal normalisation as normalise() in links_oracle.py: lower-case scheme and host,
// "/" for an empty path, percent-encode bytes that may not appear raw in a URL.
std::string normalise(const std::string& url) {
    std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) {
        return url;
    }
    std::size_t host_end = url.find_first_of("/?", scheme_end + 3);
    std::string head = url.substr(0, host_end);
    for (char& c : head) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    std::string rest = host_end == std::string::npos ? "/" : url.substr(host_end);
    if (rest.front() == '?') {
        rest.insert(0, "/");
    }
    static const std::string k_safe = "/:@!$&'()*+,;=%-._~[]?#";
    std::string out = head;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        auto c = static_cast<unsigned char>(rest[i]);
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     k_safe.find(static_cast<char>(c)) != std::string::npos;
        if (c == '%' && i + 2 < rest.size() && std::isxdigit(static_cast<unsigned char>(rest[i + 1])) != 0 &&
            std::isxdigit(static_cast<unsigned char>(rest[i + 2])) != 0) {
            // %c3 and %C3 are the same byte (RFC 3986 section 2.1).
            out.push_back('%');
            out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(rest[i + 1]))));
            out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(rest[i + 2]))));
            i += 2;
        } else if (plain) {
            out.push_back(static_cast<char>(c));
        } else {
            static const char* k_hex = "0123456789ABCDEF";
            out.push_back('%');
            out.push_back(k_hex[c >> 4]);
            out.push_back(k_hex[c & 15]);
        }
    }
    return out;
}

std::set<std::string> lines(const std::string& text) {
    std::set<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            out.insert(line);
        }
    }
    return out;
}

} // namespace

TEST_CASE("extract::extract_page finds the same links as an independent HTML5 parser", "[extract]") {
    if (!std::filesystem::exists("/usr/bin/python3")) {
        FAIL("/usr/bin/python3 with python3-html5lib is needed for the links oracle");
    }
    const std::string oracle = std::string(PANTAU_SOURCE_DIR) + "/tests/extract/links_oracle.py";
    const std::string dir = pantau::test::testdata_path("html");
    std::vector<std::string> pages;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() == ".html") {
            pages.push_back(entry.path().string());
        }
    }
    std::sort(pages.begin(), pages.end());
    REQUIRE(pages.size() >= 8);
    for (const std::string& page : pages) {
        DYNAMIC_SECTION(std::filesystem::path(page).filename().string()) {
            auto run = pantau::test::run_process({"/usr/bin/python3", oracle, page, k_page_url});
            INFO(run.err);
            REQUIRE(run.exit_code == 0);
            std::set<std::string> expected = lines(run.out);

            auto facts = extract_page(read_file(page), k_page_url);
            std::set<std::string> got;
            for (const auto& link : facts.links) {
                // Excluded on the oracle side too: a doubled scheme that browsers (and libcurl) read as
                // host "http" with an empty port, while urljoin keeps the text as written.
                if (link.url.starts_with("http://http/") || link.url.starts_with("https://https/")) {
                    continue;
                }
                got.insert(normalise(link.url));
            }
            std::vector<std::string> missing;
            std::vector<std::string> extra;
            std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(),
                                std::back_inserter(missing));
            std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(),
                                std::back_inserter(extra));
            std::ostringstream report;
            report << page << ": oracle " << expected.size() << ", extract " << got.size() << "\n";
            for (const auto& m : missing) {
                report << "  missing " << m << "\n";
            }
            for (const auto& e : extra) {
                report << "  extra   " << e << "\n";
            }
            INFO(report.str());
            CHECK(!expected.empty());
            CHECK(missing.empty());
            CHECK(extra.empty());
        }
    }
}

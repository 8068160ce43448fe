// tests/extract/curl_url_test.cpp — url_string writes every URL exactly as libcurl's own
// curl_url_get(CURLUPART_URL) does: on edge cases, and on every URL of crawler-commons'
// url-resolve.csv parsed alone and resolved against its base.
#include "extract/curl_url.hpp"

#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using pantau::extract::url_string;

namespace {

struct HandleDeleter {
    void operator()(CURLU* h) const { curl_url_cleanup(h); }
};
using Handle = std::unique_ptr<CURLU, HandleDeleter>;

std::optional<std::string> curl_own(CURLU* h, unsigned flags) {
    char* text = nullptr;
    const CURLUcode code = curl_url_get(h, CURLUPART_URL, &text, flags);
    std::optional<std::string> out;
    if (code == CURLUE_OK && text != nullptr) {
        out.emplace(text);
    }
    curl_free(text);
    return out;
}

// Parses `url` (against `base` when given); nullptr when libcurl refuses it.
Handle parse(const std::string& url, unsigned set_flags, const std::string& base = {}) {
    Handle h(curl_url());
    if (!base.empty() && curl_url_set(h.get(), CURLUPART_URL, base.c_str(), set_flags) != CURLUE_OK) {
        return nullptr;
    }
    if (curl_url_set(h.get(), CURLUPART_URL, url.c_str(), set_flags) != CURLUE_OK) {
        return nullptr;
    }
    return h;
}

// Compares both writers on a parsed URL for each flag set the callers use; returns how many
// comparisons were made.
int compare(CURLU* h, const std::string& what) {
    int compared = 0;
    for (const unsigned flags : {0U, static_cast<unsigned>(CURLU_NO_DEFAULT_PORT)}) {
        // libcurl's writer may rewrite the stored host ('%' escaped), so each writer gets its own copy.
        Handle mine(curl_url_dup(h));
        Handle theirs(curl_url_dup(h));
        INFO(what << " flags " << flags);
        CHECK(url_string(mine.get(), flags) == curl_own(theirs.get(), flags));
        ++compared;
    }
    return compared;
}

std::string written(const std::string& url, unsigned flags = 0) {
    Handle h = parse(url, CURLU_NON_SUPPORT_SCHEME);
    REQUIRE(h);
    return url_string(h.get(), flags).value_or("(none)");
}

} // namespace

TEST_CASE("extract::url_string writes a URL as libcurl does", "[extract][url]") {
    CHECK(written("http://dinkes.contohkab.go.id") == "http://dinkes.contohkab.go.id/");
    CHECK(written("http://dinkes.contohkab.go.id:80/a", CURLU_NO_DEFAULT_PORT) ==
          "http://dinkes.contohkab.go.id/a");
    CHECK(written("http://dinkes.contohkab.go.id:80/a") == "http://dinkes.contohkab.go.id:80/a");
    CHECK(written("https://dinkes.contohkab.go.id:8443/a?", CURLU_NO_DEFAULT_PORT) ==
          "https://dinkes.contohkab.go.id:8443/a");
    // libcurl's parser drops an empty fragment; one set afterwards is written (below).
    CHECK(written("https://dinkes.contohkab.go.id/a?b=1#") == "https://dinkes.contohkab.go.id/a?b=1");
    CHECK(written("https://dinkes.contohkab.go.id/a#bagian-2") ==
          "https://dinkes.contohkab.go.id/a#bagian-2");

    const std::vector<std::string> odd{
        "http://[::1]:8080/ppid/",
        "http://[fe80::1%25eth0]/",
        "http://user:rahasia@dinkes.contohkab.go.id/",
        "http://user@dinkes.contohkab.go.id/",
        "http://:rahasia@dinkes.contohkab.go.id/",
        "HTTP://DINKES.go.id/A",
        "ftp://ftp.contohkab.go.id/laporan.pdf",
        "mailto:ppid@contohkab.go.id",
        "file:///etc/hosts",
        "imap://user;AUTH=*@mail.contohkab.go.id/",
        "http://dinkes.contohkab.go.id/a b/c d?e f#g h",
        "https://dinkes.contohkab.go.id/berkas/Laporan Keuangan 2024.pdf",
        "http://192.168.1.1:0/",
        "http://dinkes.contohkab.go.id:65535",
        "https://xn--bcher-kva.example/",
        "https://bücher.example/",
        "http://dinkes.contohkab.go.id/?",
        "http://dinkes.contohkab.go.id/#",
        "http://dinkes.contohkab.go.id?#",
        "tel:+62-21-555",
        "javascript:void(0)",
        "http://a/%7Efoo/%2e%2E/bar",
        "http://a/../../x/./y",
    };
    int compared = 0;
    for (const auto& url : odd) {
        for (const unsigned set :
             {0U, static_cast<unsigned>(CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE | CURLU_URLENCODE)}) {
            if (Handle h = parse(url, set)) {
                compared += compare(h.get(), url);
            }
        }
    }
    // A URL whose parts were edited afterwards (what normalisation does): empty query, empty
    // fragment, path without a leading slash, port removed.
    Handle h = parse("http://dinkes.contohkab.go.id:8080/a?b#c", 0);
    REQUIRE(h);
    curl_url_set(h.get(), CURLUPART_QUERY, "", 0);
    compared += compare(h.get(), "empty query");
    curl_url_set(h.get(), CURLUPART_FRAGMENT, "", 0);
    compared += compare(h.get(), "empty fragment");
    curl_url_set(h.get(), CURLUPART_PATH, "tanpa-garis", 0);
    compared += compare(h.get(), "relative path");
    curl_url_set(h.get(), CURLUPART_PORT, nullptr, 0);
    compared += compare(h.get(), "no port");
    curl_url_set(h.get(), CURLUPART_HOST, "Dinkes.ContohKab.go.id", 0);
    compared += compare(h.get(), "mixed-case host");
    CHECK(compared > 40);
}

TEST_CASE("extract::url_string agrees with libcurl on url-resolve.csv", "[extract][url]") {
    std::ifstream in(pantau::test::testdata_path("url/url-resolve.csv"));
    REQUIRE(in);
    std::string line;
    int compared = 0;
    const unsigned sets[] = {
        0U, static_cast<unsigned>(CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE | CURLU_URLENCODE)};
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        // Fields are separated by ", " and may be quoted; the exact split does not matter here, only
        // that each field is tried as a URL and the first two as reference and base.
        std::vector<std::string> fields;
        std::size_t at = 0;
        while (at <= line.size()) {
            std::size_t end = line.find(", ", at);
            std::string f = line.substr(at, end == std::string::npos ? std::string::npos : end - at);
            if (f.size() >= 2 && f.front() == '"' && f.back() == '"') {
                f = f.substr(1, f.size() - 2);
            }
            fields.push_back(f);
            if (end == std::string::npos) {
                break;
            }
            at = end + 2;
        }
        for (const unsigned set : sets) {
            for (const auto& f : fields) {
                if (Handle h = parse(f, set)) {
                    compared += compare(h.get(), f);
                }
            }
            if (fields.size() >= 2) {
                if (Handle h = parse(fields[0], set, fields[1])) {
                    compared += compare(h.get(), fields[0] + " against " + fields[1]);
                }
            }
        }
    }
    // 26 rows of two or three fields, each parsed two ways and written two ways.
    CHECK(compared > 200);
}

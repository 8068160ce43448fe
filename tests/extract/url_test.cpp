// Tests of UrlResolver: references resolve against the base they are read with, also when the same
// reference was resolved before against another base on the same thread (link resolution is cached).
#include "extract/url.hpp"

#include <catch2/catch.hpp>
#include <curl/curl.h>

#include <memory>
#include <vector>

#include <string>

using pantau::extract::UrlResolver;

namespace {

std::string resolved(const UrlResolver& r, std::string_view ref) {
    const auto c = r.resolve_classified(ref);
    return c ? c->url : std::string("(none)");
}

} // namespace

TEST_CASE("extract::UrlResolver resolves the same reference against each page's own base", "[extract]") {
    const UrlResolver news("https://dinkes.contohkab.go.id/berita/2024/vaksin.html?hal=2");
    const UrlResolver ppid("https://dinkes.contohkab.go.id/ppid/");
    const UrlResolver other("http://dishub.contohkab.go.id:8080/a/b/c");
    // Twice each, in turn, so a remembered answer for one base is never given for another.
    for (int round = 0; round < 2; ++round) {
        CHECK(resolved(news, "lampiran.pdf") == "https://dinkes.contohkab.go.id/berita/2024/lampiran.pdf");
        CHECK(resolved(ppid, "lampiran.pdf") == "https://dinkes.contohkab.go.id/ppid/lampiran.pdf");
        CHECK(resolved(other, "lampiran.pdf") == "http://dishub.contohkab.go.id:8080/a/b/lampiran.pdf");
        CHECK(resolved(news, "../profil/") == "https://dinkes.contohkab.go.id/berita/profil/");
        CHECK(resolved(ppid, "../profil/") == "https://dinkes.contohkab.go.id/profil/");
        CHECK(resolved(news, "/ppid/") == "https://dinkes.contohkab.go.id/ppid/");
        CHECK(resolved(other, "/ppid/") == "http://dishub.contohkab.go.id:8080/ppid/");
        CHECK(resolved(news, "//cdn.contohkab.go.id/x.js") == "https://cdn.contohkab.go.id/x.js");
        CHECK(resolved(other, "//cdn.contohkab.go.id/x.js") == "http://cdn.contohkab.go.id/x.js");
        CHECK(resolved(news, "?hal=3") == "https://dinkes.contohkab.go.id/berita/2024/vaksin.html?hal=3");
        CHECK(resolved(ppid, "?hal=3") == "https://dinkes.contohkab.go.id/ppid/?hal=3");
        CHECK(resolved(news, "#atas") == "https://dinkes.contohkab.go.id/berita/2024/vaksin.html?hal=2");
        CHECK(resolved(ppid, " https://PPID.contohkab.go.id/Daftar#x ") ==
              "https://ppid.contohkab.go.id/Daftar");
    }
    const auto doc = news.resolve_classified("/dokumen/unduh.php?file=lkip-2024.pdf");
    REQUIRE(doc);
    CHECK(doc->is_web);
    CHECK(doc->is_document);
    const auto page = ppid.resolve_classified("/dokumen/unduh.php?file=lkip-2024.pdf");
    REQUIRE(page);
    CHECK(page->is_document);
    CHECK_FALSE(ppid.resolve_classified("/profil/")->is_document);
}

namespace {

struct CurlHandleDeleter {
    void operator()(CURLU* h) const { curl_url_cleanup(h); }
};

// libcurl's own resolution of `ref` against `base` (its relative-URL join), without fragment and
// with the host lower-cased, as UrlResolver promises; "(none)" when libcurl refuses either.
std::string libcurl_resolution(const std::string& base, const std::string& ref) {
    constexpr unsigned flags = CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE | CURLU_URLENCODE;
    const std::unique_ptr<CURLU, CurlHandleDeleter> h(curl_url());
    if (curl_url_set(h.get(), CURLUPART_URL, base.c_str(), flags) != CURLUE_OK ||
        curl_url_set(h.get(), CURLUPART_URL, ref.c_str(), flags) != CURLUE_OK) {
        return "(none)";
    }
    curl_url_set(h.get(), CURLUPART_FRAGMENT, nullptr, 0);
    char* host = nullptr;
    if (curl_url_get(h.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK && host != nullptr) {
        std::string lowered(host);
        for (char& c : lowered) {
            c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        curl_url_set(h.get(), CURLUPART_HOST, lowered.c_str(), 0);
    }
    curl_free(host);
    char* text = nullptr;
    std::string out = "(none)";
    if (curl_url_get(h.get(), CURLUPART_URL, &text, 0) == CURLUE_OK && text != nullptr) {
        out = text;
    }
    curl_free(text);
    return out;
}

} // namespace

TEST_CASE("extract::UrlResolver joins relative references exactly as libcurl does", "[extract][url]") {
    // UrlResolver joins "/path", "path" and "//host" references to the base's origin, directory or
    // scheme itself and lets libcurl parse the result; every answer must be libcurl's own join.
    const std::vector<std::string> bases = {
        "https://dinkes.contohkab.go.id/berita/2024/vaksin.html?hal=2",
        "https://dinkes.contohkab.go.id/ppid/",
        "http://Dishub.ContohKab.go.id:8080/a/b/c",
        "http://dinsos.contohkab.go.id",
        "http://dinsos.contohkab.go.id?id=5",
        "https://user:sandi@bpbd.contohkab.go.id/info/x.php#bagian",
        "http://[::1]:8089/berkas/daftar/",
        "https://ppid.contohkab.go.id/a%20b/c%2Fd/index.php;sid=1?q=1#f",
    };
    const std::vector<std::string> refs = {
        "lampiran.pdf",
        "./lampiran.pdf",
        "../profil/",
        "../../../../../x",
        "a/./b/../c",
        ".",
        "..",
        "./",
        "%2e%2e/x",
        "berkas laporan 2024.pdf",
        "unduh.php?file=lkip 2024.pdf&x=a b",
        "laporan-keuangan-triwulan-Ⅱ.pdf",
        "dokumen/Laporan%20Tahunan.PDF",
        "a?b/c",
        "a#b/c",
        "a/b:c",
        "x;y=z/w",
        "/ppid/",
        "/",
        "/a/../../b",
        "/a b/c?d e",
        "/?q=1",
        "/#x",
        "//cdn.contohkab.go.id/x.js",
        "//CDN.ContohKab.go.id",
        "//cdn.contohkab.go.id:443/a/../b",
        "https://PPID.contohkab.go.id/Daftar#x",
        "?hal=3",
        "#atas",
        "mailto:ppid@contohkab.go.id",
        "1abc:x",
        "a\\b",
        "\\\\server\\share",
    };
    int compared = 0;
    for (const auto& base : bases) {
        const UrlResolver resolver(base);
        for (const auto& ref : refs) {
            INFO(ref << " against " << base);
            const auto got = resolver.resolve(ref);
            const std::string expected = libcurl_resolution(base, ref);
            if (ref.empty() || ref.front() == '#') {
                continue; // the base itself, by design (see UrlResolver::resolve)
            }
            CHECK(got.value_or("(none)") == expected);
            CHECK(resolved(resolver, ref) == expected);
            ++compared;
        }
    }
    CHECK(compared == static_cast<int>(bases.size() * (refs.size() - 1)));
}

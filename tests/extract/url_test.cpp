// Tests of UrlResolver: references resolve against the base they are read with, also when the same
// reference was resolved before against another base on the same thread (link resolution is cached).
#include "extract/url.hpp"

#include <catch2/catch.hpp>

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

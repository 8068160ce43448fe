// Tests of the demo server's small HTTP helpers: the decisions behind path safety, virtual-host
// choice and conditional requests, checked without sockets.
#include "demo/server_http.hpp"

#include <catch2/catch.hpp>

namespace hd = pantau::demo::http_detail;

TEST_CASE("demo::http_detail::normalise_host strips port, case and trailing dot", "[demo]") {
    CHECK(hd::normalise_host("Dinas.Kab.Go.Id:8080") == "dinas.kab.go.id");
    CHECK(hd::normalise_host("ppid.go.id.") == "ppid.go.id");
    CHECK(hd::normalise_host(" ppid.go.id ") == "ppid.go.id");
    CHECK(hd::normalise_host("[::1]:8080") == "[::1]");
    CHECK(hd::normalise_host("") == "");
}

TEST_CASE("demo::http_detail::split_target separates path, query and absolute-form authority", "[demo]") {
    auto t = hd::split_target("/a/b%20c?x=1&y=2");
    CHECK(t.raw_path == "/a/b%20c");
    CHECK(t.query == "x=1&y=2");
    CHECK(t.authority.empty());

    auto abs = hd::split_target("http://Dinas.go.id:80/p?q");
    CHECK(abs.authority == "Dinas.go.id:80");
    CHECK(abs.raw_path == "/p");
    CHECK(abs.query == "q");

    CHECK(hd::split_target("http://dinas.go.id").raw_path == "/");
    // A URL inside the query is not an absolute-form target.
    CHECK(hd::split_target("/go?to=http://x/").raw_path == "/go");
}

TEST_CASE("demo::http_detail::percent_decode decodes escapes and refuses bad ones", "[demo]") {
    CHECK(hd::percent_decode("/laporan%20tahunan%2Epdf") == "/laporan tahunan.pdf");
    CHECK(hd::percent_decode("/a+b") == "/a+b"); // '+' is a plus in a path, not a space
    CHECK_FALSE(hd::percent_decode("/bad%zz"));
    CHECK_FALSE(hd::percent_decode("/cut%2"));
    CHECK_FALSE(hd::percent_decode("/cut%"));
    CHECK_FALSE(hd::percent_decode("/nul%00byte"));
}

TEST_CASE("demo::http_detail::map_under_root refuses any dot-dot segment", "[demo]") {
    CHECK(hd::map_under_root("/srv/site", "/a/./b.html") == std::filesystem::path("/srv/site/a/b.html"));
    CHECK(hd::map_under_root("/srv/site", "/") == std::filesystem::path("/srv/site"));
    CHECK_FALSE(hd::map_under_root("/srv/site", "/../etc/passwd"));
    CHECK_FALSE(hd::map_under_root("/srv/site", "/a/../../x"));
    CHECK_FALSE(hd::map_under_root("/srv/site", "relative"));
}

TEST_CASE("demo::http_detail::content_type_for knows government document formats", "[demo]") {
    CHECK(hd::content_type_for("x/Laporan.PDF") == "application/pdf");
    CHECK(hd::content_type_for("a.doc") == "application/msword");
    CHECK(hd::content_type_for("a.xls") == "application/vnd.ms-excel");
    CHECK(hd::content_type_for("a.ppt") == "application/vnd.ms-powerpoint");
    CHECK(hd::content_type_for("a.svg") == "image/svg+xml");
    CHECK(hd::content_type_for("a.gif") == "image/gif");
    CHECK(hd::content_type_for("Makefile") == "application/octet-stream");
}

TEST_CASE("demo::http_detail HTTP dates round-trip", "[demo]") {
    CHECK(hd::http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(hd::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
    CHECK_FALSE(hd::parse_http_date("yesterday"));
    CHECK_FALSE(hd::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing"));
}

TEST_CASE("demo::http_detail::etag_matches handles lists, weak tags and star", "[demo]") {
    std::string etag = hd::make_etag(15, 123456789);
    CHECK(etag == "\"f-75bcd15\"");
    CHECK(hd::etag_matches(etag, etag));
    CHECK(hd::etag_matches("\"a\", " + etag, etag));
    CHECK(hd::etag_matches("W/" + etag, etag));
    CHECK(hd::etag_matches("*", etag));
    CHECK_FALSE(hd::etag_matches("\"a\", \"b\"", etag));
    CHECK_FALSE(hd::etag_matches("", etag));
}

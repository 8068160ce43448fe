#include "crawler/warc.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <string>

namespace {

// Reads a .warc.gz back through zlib (gzread handles concatenated members).
std::string gunzip_file(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    REQUIRE(f != nullptr);
    std::string out;
    char buf[4096];
    int n = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    gzclose(f);
    return out;
}

} // namespace

TEST_CASE("crawler::WarcWriter writes warcinfo then response records readable by gzip", "[crawler]") {
    const std::string path = pantau::test::temp_dir("warc") + "/evidence.warc.gz";
    {
        pantau::crawler::WarcWriter w(path);
        w.write_response({"https://dinkes.contoh.go.id/ppid/", "2026-11-22T01:02:03Z",
                          "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", "<h1>PPID</h1>",
                          "127.0.0.1"});
    }
    {
        pantau::crawler::WarcWriter again(path); // appending: no second warcinfo
        again.write_response({"https://dinkes.contoh.go.id/", "2026-11-22T01:02:04Z",
                              "HTTP/1.1 404 Not Found\r\n\r\n", "", ""});
    }
    const std::string text = gunzip_file(path);
    CHECK(text.starts_with("WARC/1.1\r\nWARC-Type: warcinfo\r\n"));
    std::size_t count = 0;
    for (std::size_t p = text.find("WARC-Type: warcinfo"); p != std::string::npos;
         p = text.find("WARC-Type: warcinfo", p + 1)) {
        ++count;
    }
    CHECK(count == 1);
    CHECK(text.find("WARC-Target-URI: https://dinkes.contoh.go.id/ppid/\r\n") != std::string::npos);
    CHECK(text.find("Content-Type: application/http;msgtype=response") != std::string::npos);
    const std::string block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>PPID</h1>";
    CHECK(text.find("Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n") !=
          std::string::npos);
    CHECK(text.find("WARC-IP-Address: 127.0.0.1") != std::string::npos);
    CHECK(text.find("HTTP/1.1 404 Not Found") != std::string::npos);
}

TEST_CASE("crawler::warc_sha1_digest is base32 SHA-1", "[crawler]") {
    // SHA-1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d
    CHECK(pantau::crawler::warc_sha1_digest("abc") == "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
    CHECK(pantau::crawler::warc_record_id().size() ==
          std::string("<urn:uuid:00000000-0000-0000-0000-000000000000>").size());
}

TEST_CASE("crawler::WarcWriter names a file it cannot open", "[crawler]") {
    CHECK_THROWS_WITH(pantau::crawler::WarcWriter("/nonexistent/dir/x.warc.gz"),
                      Catch::Contains("/nonexistent/dir/x.warc.gz"));
}

TEST_CASE("crawler::warc_http_head keeps the original encoding headers apart from the decoded body's",
          "[crawler]") {
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                             "Content-Length: 120\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string out = pantau::crawler::warc_http_head(head, 345);
    CHECK(out == "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Archive-Orig-Content-Encoding: gzip\r\n"
                 "X-Archive-Orig-Content-Length: 120\r\nContent-Length: 345\r\n"
                 "X-Archive-Orig-Transfer-Encoding: chunked\r\n\r\n");
    // A response without Content-Length gets one, so the record parses.
    CHECK(pantau::crawler::warc_http_head("HTTP/1.1 404 Not Found\r\n\r\n", 0) ==
          "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
}

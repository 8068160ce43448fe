// Tests of charset detection and decoding: the WHATWG order (BOM, HTTP, <meta> prescan, detection,
// windows-1252) and decoding to UTF-8 without losing a page to bad bytes.
#include "extract/charset.hpp"
#include "extract/page.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace pantau::extract;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct PrescanCase {
    std::string file;
    int index = 0;
    std::string data;
    std::string expected;
};

// html5lib-tests encoding/*.dat: "#data" then the bytes, "#encoding" then the expected label.
std::vector<PrescanCase> load_cases(const std::string& file) {
    std::string text = read_file(pantau::test::testdata_path("encoding/" + file));
    std::vector<PrescanCase> cases;
    std::size_t pos = 0;
    while ((pos = text.find("#data\n", pos)) != std::string::npos) {
        std::size_t start = pos + 6;
        std::size_t enc = text.find("\n#encoding\n", start);
        if (enc == std::string::npos) {
            break;
        }
        std::size_t label_start = enc + 11;
        std::size_t label_end = text.find('\n', label_start);
        PrescanCase c;
        c.file = file;
        c.index = static_cast<int>(cases.size()) + 1;
        c.data = text.substr(start, enc - start);
        c.expected = text.substr(label_start, label_end - label_start);
        cases.push_back(std::move(c));
        pos = label_end;
    }
    return cases;
}

} // namespace

TEST_CASE("extract::sniff_declared_charset passes the html5lib encoding tests", "[extract]") {
    int total = 0;
    int passed = 0;
    for (const std::string file : {"tests1.dat", "tests2.dat"}) {
        for (const PrescanCase& c : load_cases(file)) {
            ++total;
            // No declaration found means the caller's default, windows-1252 (what the suite assumes:
            // html5lib runs it without statistical detection).
            std::string got = sniff_declared_charset(c.data, "").charset;
            if (got.empty()) {
                got = "windows-1252";
            }
            const std::string want = normalize_charset_label(c.expected);
            INFO(c.file << " case " << c.index << ": expected " << c.expected << "\n"
                        << c.data.substr(0, 300));
            CHECK(!want.empty());
            CHECK(got == want);
            passed += got == want ? 1 : 0;
        }
    }
    CHECK(total == 81);
    CHECK(passed == total);
}

TEST_CASE("extract::prescan_meta_charset stops at 1024 bytes", "[extract]") {
    std::string late = "<!--" + std::string(2000, 'x') + "--><meta charset=iso-8859-2>";
    CHECK(prescan_meta_charset(late).empty());
    CHECK(prescan_meta_charset(late, 4096) == "iso-8859-2");
    // A late <meta> still counts for decoding, as it does in a browser.
    CHECK(sniff_declared_charset(late, "").charset == "iso-8859-2");
    CHECK(prescan_meta_charset("<meta http-equiv=content-type content='text/html; charset=koi8-r'>") ==
          "koi8-r");
    // content= without http-equiv is not a declaration.
    CHECK(prescan_meta_charset("<meta content='text/html; charset=koi8-r'>").empty());
    CHECK(prescan_meta_charset("<meta charset=utf-16le>") == "utf-8");
}

TEST_CASE("extract::normalize_charset_label follows the WHATWG labels table", "[extract]") {
    CHECK(normalize_charset_label("ISO-8859-1") == "windows-1252");
    CHECK(normalize_charset_label(" latin1 ") == "windows-1252");
    CHECK(normalize_charset_label("us-ascii") == "windows-1252");
    CHECK(normalize_charset_label("UTF8") == "utf-8");
    CHECK(normalize_charset_label("cp1256") == "windows-1256");
    CHECK(normalize_charset_label("gb2312") == "gbk");
    CHECK(normalize_charset_label("iso-8859-9") == "windows-1254");
    CHECK(normalize_charset_label("Shift_JIS") == "shift_jis");
    CHECK(normalize_charset_label("utf-16") == "utf-16le");
    CHECK(normalize_charset_label("klingon").empty());
}

TEST_CASE("extract::charset_from_content_type reads the charset parameter", "[extract]") {
    CHECK(charset_from_content_type("text/html; charset=UTF-8") == "utf-8");
    CHECK(charset_from_content_type("text/html;charset=\"windows-1256\"") == "windows-1256");
    CHECK(charset_from_content_type("text/html; foo=bar; Charset = latin1") == "windows-1252");
    CHECK(charset_from_content_type("text/html").empty());
    CHECK(charset_from_content_type("text/html; charset=bogus").empty());
}

TEST_CASE("extract::decode_html follows BOM, HTTP, meta, detection, default", "[extract]") {
    SECTION("BOM beats HTTP") {
        auto d = decode_html("\xEF\xBB\xBF<p>Caf\xC3\xA9</p>", "text/html; charset=windows-1252");
        CHECK(d.source == "bom");
        CHECK(d.charset == "utf-8");
        CHECK(d.text == "<p>Caf\xC3\xA9</p>");
    }
    SECTION("HTTP beats meta") {
        auto d = decode_html("<meta charset=utf-8><p>Caf\xE9</p>", "text/html; charset=iso-8859-1");
        CHECK(d.source == "http");
        CHECK(d.text == "<meta charset=utf-8><p>Caf\xC3\xA9</p>");
    }
    SECTION("meta") {
        auto d = decode_html(
            "<meta http-equiv=Content-Type content='text/html; charset=latin1'><p>Caf\xE9</p>", "");
        CHECK(d.source == "meta");
        CHECK(d.charset == "windows-1252");
        CHECK(d.text.find("Caf\xC3\xA9") != std::string::npos);
    }
    SECTION("valid UTF-8 without declaration") {
        auto d = decode_html("<p>Kab. Pidi \xE2\x80\x94 Aceh</p>", "");
        CHECK(d.charset == "utf-8");
        CHECK(d.source == "detected");
    }
    SECTION("plain ASCII falls to the default") {
        auto d = decode_html("<p>Beranda</p>", "");
        CHECK(d.charset == "windows-1252");
        CHECK(d.source == "default");
        CHECK(d.text == "<p>Beranda</p>");
    }
    SECTION("UTF-16 BOM") {
        std::string le("\xFF\xFE<\0p\0>\0", 8);
        auto d = decode_html(le, "");
        CHECK(d.charset == "utf-16le");
        CHECK(d.text == "<p>");
    }
}

TEST_CASE("extract::decode_html_borrowing reads the same text, and copies only what it converts",
          "[extract]") {
    struct Case {
        std::string body;
        std::string content_type;
        bool borrowed;
    };
    const std::vector<Case> cases = {
        {"<p>Beranda</p>", "", true},                                                   // ASCII
        {"<p>Kab. Pidi \xE2\x80\x94 Aceh</p>", "text/html; charset=utf-8", true},       // valid UTF-8
        {"\xEF\xBB\xBF<p>Caf\xC3\xA9</p>", "text/html; charset=windows-1252", true},    // UTF-8 BOM
        {"<meta charset=utf-8><p>Caf\xE9</p>", "text/html; charset=iso-8859-1", false}, // Latin-1
        {"<p>Caf\xC3\xA9 \xFF</p>", "text/html; charset=utf-8", false},                 // invalid byte
        {"<p>Caf\xC3\xA9 \xE2\x80", "text/html; charset=utf-8", false}, // character cut at the end
        {std::string("\xFF\xFE<\0p\0>\0", 8), "", false},               // UTF-16
    };
    for (const Case& c : cases) {
        INFO(c.body);
        const Decoded copied = decode_html(c.body, c.content_type);
        const Decoded borrowed = decode_html_borrowing(c.body, c.content_type);
        CHECK(borrowed.utf8() == copied.text);
        CHECK(borrowed.charset == copied.charset);
        CHECK(borrowed.source == copied.source);
        CHECK(borrowed.borrowed.has_value() == c.borrowed);
        CHECK_FALSE(copied.borrowed.has_value());
        if (borrowed.borrowed) {
            // The very bytes of the body (past the BOM), not a copy of them.
            CHECK(borrowed.borrowed->data() >= c.body.data());
            CHECK(borrowed.borrowed->data() + borrowed.borrowed->size() == c.body.data() + c.body.size());
        }
    }
}

TEST_CASE("extract::to_utf8 replaces undecodable bytes instead of failing", "[extract]") {
    CHECK(to_utf8("a\xFF"
                  "b\xC3",
                  "utf-8") == "a\xEF\xBF\xBD"
                              "b\xEF\xBF\xBD");
    CHECK(to_utf8("a\xE9", "windows-1252") == "a\xC3\xA9");
    // 0x81 has no character in glibc's windows-1252: it becomes U+FFFD and decoding carries on.
    CHECK(to_utf8("x\x81y", "windows-1252") == "x\xEF\xBF\xBDy");
    CHECK(to_utf8("\x82\xA0", "shift_jis").size() > 0);
    // A truncated Shift_JIS lead byte at the end.
    CHECK(to_utf8("ok\x82", "shift_jis") == "ok\xEF\xBF\xBD");
}

TEST_CASE("extract::extract_page decodes the windows-1256 Arabic newspaper page", "[extract]") {
    std::string body = read_file(pantau::test::testdata_path("html/arabic_newspapers.html"));
    REQUIRE(body.size() > 1000);
    auto f = extract_page(body, "http://www.arabicnewspapers.example/");
    CHECK(f.charset == "windows-1256");
    CHECK(f.charset_source == "meta");
    // "الصحف العربية" (Arabic newspapers) must come out as Arabic letters, not mojibake.
    INFO(f.title);
    CHECK(f.title.find("\xD8\xA7\xD9\x84\xD8\xB5\xD8\xAD\xD9\x81") != std::string::npos);
    CHECK(f.title.find("\xEF\xBF\xBD") == std::string::npos);
}

TEST_CASE("extract::valid_utf8 finds a bad byte wherever it stands among ASCII", "[extract][charset]") {
    // ASCII is skipped eight bytes at a time: a byte in any position of a word, or in the tail
    // after the last whole word, must still be seen.
    for (std::size_t at = 0; at < 21; ++at) {
        INFO("position " << at);
        std::string bad(21, 'a');
        bad[at] = '\xFF';
        std::string expected(21, 'a');
        expected.replace(at, 1, "\xEF\xBF\xBD");
        CHECK(valid_utf8(bad) == expected);
        std::string good(21, 'a');
        good.replace(at, 1, "\xC3\xA9"); // é
        CHECK(valid_utf8(good) == good);
        // As page text: a latin-1 byte among ASCII is not UTF-8 (except in the last three bytes, read as
        // a character cut by a size limit), a valid sequence is.
        if (at + 3 < bad.size()) {
            CHECK(decode_html(bad, "text/html").charset != "utf-8");
        }
        CHECK(decode_html(good, "text/html").charset == "utf-8");
    }
}

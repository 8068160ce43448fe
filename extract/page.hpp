// extract/page.hpp — turns the bytes of one fetched HTML page into the facts every rule reads.
//
// One Gumbo walk per page produces a PageFacts value; nothing downstream re-parses HTML.
// This module does no I/O: it gets bytes, the page URL and the HTTP Content-Type, and returns values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pantau::extract {

// Where a link was found matters to the rules: a menu label is weaker evidence than content.
struct Link {
    std::string url;          // absolute, resolved against <base href> or the page URL; fragment dropped
    std::string text;         // visible anchor text, whitespace collapsed
    std::string title;        // the title attribute
    std::string img_alt;      // alt of an <img> inside the link (LAPOR!, LPSE, JDIH banners are images)
    std::string img_src;      // absolute src of that image
    bool nofollow = false;    // rel=nofollow
    bool is_document = false; // pdf, doc(x), xls(x), ppt(x), zip, odt/ods, image scans — by extension
    bool hidden = false;      // inside an element hidden by inline style/attribute (spam blocks)
};

struct Heading {
    int level = 1; // 1..6
    std::string text;
};

struct Meta {
    std::string name; // name= or property= (lower-cased)
    std::string content;
};

struct Form {
    std::string action;              // absolute
    std::string method;              // lower-cased, "get" when absent
    std::vector<std::string> fields; // names of input/select/textarea
};

struct Table {
    std::vector<std::string> headers; // header cells (th, or first row), whitespace collapsed
    int rows = 0;                     // body rows
};

// A date found on the page, with where it came from ("time", "meta:article:published_time", "jsonld",
// "text", "url") and the exact source text, so evidence can quote it.
struct FoundDate {
    std::string date; // YYYY-MM-DD
    std::string source;
    std::string text;
};

struct PageFacts {
    std::string charset;        // the encoding the page was decoded from (WHATWG label)
    std::string charset_source; // "bom", "http", "meta", "detected", "default"
    std::string title;
    std::string lang; // <html lang>
    std::string base_href;
    std::vector<Heading> headings;
    std::string text; // visible text (script/style/hidden excluded), whitespace collapsed
    std::vector<Link> links;
    std::vector<Meta> metas;
    std::vector<Form> forms;
    std::vector<Table> tables;
    std::vector<FoundDate> dates;
    std::vector<std::string> emails; // from mailto: links and visible text
    std::vector<std::string> phones; // from tel: links
    int images = 0;                  // content <img> elements
    int images_without_alt = 0;
    bool meta_noindex = false;
    bool meta_nofollow = false;
};

// Extracts the facts of one HTML page. `page_url` is the absolute URL the bytes came from (after
// redirects); `content_type` is the HTTP Content-Type header, if any (its charset wins over <meta>).
// Never throws on malformed input: odd HTML still yields whatever facts it has.
PageFacts extract_page(std::string_view body, std::string_view page_url, std::string_view content_type = {});

} // namespace pantau::extract

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

// A date found on the page, with where it came from ("time", "meta:article:published_time",
// "jsonld:datePublished", "text", "url") and the exact source text, so evidence can quote it.
// The first three fields are the stored ones; the rest help content_date choose.
struct FoundDate {
    std::string date; // YYYY-MM-DD
    std::string source;
    std::string text;
    double confidence = 0.0; // 0..1, from the date reader (metadata and <time> are 0.95)
    std::string region{};    // "content" (article/main/.entry/.post), "header" (header/nav/top bar),
                             // "footer", or "" (elsewhere)
    bool labelled = false;   // printed right after "Diunggah pada", "Diposting", "Tanggal Posting",
                             // "Diperbarui", "Posted on"…
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

struct ExtractOptions {
    std::int64_t fetch_time = 0;      // unix seconds of the fetch (relative and future dates); 0 = now
    int utc_offset_minutes = 7 * 60;  // the site's zone for relative dates (WIB)
    std::size_t max_text_dates = 200; // printed dates kept per page (listing pages print hundreds)
};

// Same, with the fetch time that dates on the page are read against.
PageFacts extract_page(std::string_view body, std::string_view page_url, std::string_view content_type,
                       const ExtractOptions& options);

// The page's content date: the best FoundDate by the order of trust in KIP.md — <time datetime>,
// article:published_time/modified_time meta, JSON-LD, then printed dates labelled "Diunggah pada",
// "Diposting", "Tanggal Posting", "Diperbarui" or inside the main content, then a /YYYY/MM/DD/ URL
// path. Within the best source the newest date wins (a modification is an update). Dates in a
// header/nav widget, and an unlabelled printed date equal to the fetch day outside the content (the
// "today is …" widget), are never content dates. Returns nullptr when the page has none.
const FoundDate* content_date(const PageFacts& facts, std::int64_t fetch_time = 0,
                              int utc_offset_minutes = 7 * 60);

} // namespace pantau::extract

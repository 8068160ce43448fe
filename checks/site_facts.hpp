// checks/site_facts.hpp — everything the rules may read about one site in one run, loaded from the
// store. Rules never fetch: this is their whole view of the site.
//
// Loading also derives what several rules share: which pages are empty templates, which headings and
// dates belong to the site-wide template (menus, "hari ini" widgets), each page's own text (its text
// without its link labels, so a menu label never counts as content), and the content dates of each
// page. It does not decide anything: rules do.
#pragma once

#include "extract/page.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace pantau::checks {

// A content date of a page, with where it came from (for the evidence) and how much it is trusted.
struct DatedItem {
    std::string date;   // YYYY-MM-DD
    std::string source; // "time", "meta:…", "jsonld", "text", "url", "sitemap", "last-modified"
    std::string text;   // the text it was read from
};

// A link target's parts as the matchers read them.
struct UrlParts {
    std::string host; // lower case
    std::string path; // decoded
    std::string folded_path;
    std::string folded_file_name; // a document's file name without extension, folded ("" otherwise)
};

// A link as the matchers read it: indices into SiteFacts::folded and SiteFacts::targets. Menus repeat
// the same labels and targets on every page, so each distinct string is folded (and each distinct URL
// parsed) once when the site is loaded, and stored once.
struct LinkForMatching {
    std::uint32_t text = 0;    // folded link text
    std::uint32_t title = 0;   // folded title attribute
    std::uint32_t img_alt = 0; // folded alt of an image inside the link
    std::uint32_t target = 0;  // the target's parts
};

struct PageView {
    store::Page page;
    extract::PageFacts facts;                // without links
    std::vector<store::Link> links;          // links found on this page
    std::vector<LinkForMatching> link_match; // links[i], folded for matching
    std::string folded_title;
    std::vector<std::string> folded_headings; // facts.headings[i].text, folded
    std::string path;                         // the page's own path (of its final URL), decoded
    std::string folded_path;
    bool empty = false;           // fetched, but nothing beyond the site's template
    bool html = false;            // an HTML page answered 2xx
    std::string own_text;         // folded visible text with the page's link labels removed
    std::vector<DatedItem> dates; // content dates, most trusted first; Last-Modified not included
};

// One earlier (or this) run's outcome for the site, for uptime.
struct PastCrawl {
    std::int64_t run_id = 0;
    std::string started_at; // ISO-8601
    std::string status;     // ok, partial, down, blocked
};

struct SiteFacts {
    store::Run run;
    store::Site site;
    store::SiteCrawl crawl;
    std::string host;                          // the site's host (after the home page's redirects)
    std::vector<PageView> pages;               // in fetch order; pages[0] is the home page when fetched
    std::map<std::string, std::size_t> by_url; // request URL and final URL → index in pages
    std::vector<store::Document> documents;    // document links the crawler checked
    std::map<std::string, std::size_t> document_by_url;
    std::vector<PastCrawl> history;          // this site's crawls in every stored run, oldest first
    bool offsite_fetched = false;            // the crawler followed links one hop onto other hosts
    std::set<std::string> template_headings; // folded headings repeated on most pages
    std::vector<std::string> folded;         // distinct folded link strings (LinkForMatching)
    std::vector<UrlParts> targets;           // distinct link targets (LinkForMatching)

    const PageView* find(const std::string& url) const;
    const store::Document* document(const std::string& url) const;
    // True when the crawl did not cover the whole site (limits hit, or the site was not reachable).
    bool partial() const { return crawl.status != "ok"; }
    // True for the site's own host and its www. variant.
    bool same_site(const std::string& host) const;
};

// Loads the facts of `site_id` in `run_id`.
SiteFacts load_site_facts(const store::Database& db, std::int64_t run_id, std::int64_t site_id);

// The host of an absolute URL (lower case), or "" when it does not parse.
std::string url_host(const std::string& url);
// The decoded path of an absolute URL, or "".
std::string url_path(const std::string& url);
// True for *.go.id hosts and Google Drive/Docs: evidence one hop away there counts for the site.
bool evidence_host(const std::string& host);

} // namespace pantau::checks

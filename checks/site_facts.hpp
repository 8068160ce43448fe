// checks/site_facts.hpp — everything the rules may read about one site in one run, loaded from the
// store. Rules never fetch: this is their whole view of the site.
//
// Loading also derives what several rules share: which pages are empty templates, which headings and
// dates belong to the site-wide template (menus, "hari ini" widgets), each page's own text (its text
// without its link labels, so a menu label never counts as content), and the content dates of each
// page. It does not decide anything: rules do.
//
// A site is loaded for one rule catalogue: each text is scanned once for all of the catalogue's
// phrases (checks/phrases.hpp), and what a text holds is kept as a PhraseSet, not as text.
#pragma once

#include "checks/phrases.hpp"
#include "config/catalogue.hpp"
#include "extract/page.hpp"
#include "store/database.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pantau::checks {

// A content date of a page, with where it came from (for the evidence) and how much it is trusted.
struct DatedItem {
    std::string date;   // YYYY-MM-DD
    std::string source; // "time", "meta:…", "jsonld", "text", "url", "sitemap", "last-modified"
    std::string text;   // the text it was read from
};

// An address as the matchers read it: a link target, or a page's own (final) URL.
struct UrlParts {
    std::string url;
    std::string host;       // lower case
    std::string path;       // decoded
    PhraseSet path_phrases; // in the folded path
    PhraseSet file_phrases; // in a document's folded file name without extension (empty otherwise)
    // A link target fetched as a page or checked as a document: its index in SiteFacts::pages or
    // SiteFacts::documents (k_not_fetched otherwise), looked up once when the site is loaded.
    static constexpr std::size_t k_not_fetched = static_cast<std::size_t>(-1);
    std::size_t page = k_not_fetched;
    std::size_t document = k_not_fetched;
};

// A link's visible strings (text, title attribute, image alt), each distinct one stored once.
struct LinkString {
    std::string raw;
    PhraseSet phrases; // in the folded string
};

// The kinds the store gives a link ("internal", "external", "document", "mailto", "tel").
enum class LinkKind : std::uint8_t { internal, external, document, mailto, tel, other };

// A link on a page. Menus repeat the same labels and targets on every page, so each distinct string
// and target is stored once in SiteFacts (folded, parsed and scanned once); a link holds their indices.
struct PageLink {
    std::uint32_t target = 0;  // SiteFacts::targets
    std::uint32_t text = 0;    // SiteFacts::strings: anchor text
    std::uint32_t title = 0;   // SiteFacts::strings: title attribute
    std::uint32_t img_alt = 0; // SiteFacts::strings: alt of an image inside the link
    LinkKind kind = LinkKind::other;
    bool hidden = false;
};

// A page's links, as indices into its site's table of distinct links (SiteFacts::link_table): a menu
// puts the same links on every page, in the same order, so the indices are kept as the differences
// between neighbours (zigzag, 7 bits to a byte): a run of menu links takes a byte each, not a
// PageLink nor four bytes. Iterates as PageLinks in page order.
class PageLinks {
public:
    class iterator {
    public:
        using value_type = PageLink;
        using difference_type = std::ptrdiff_t;
        using reference = const PageLink&;
        using pointer = const PageLink*;
        using iterator_category = std::forward_iterator_tag;
        iterator() = default;
        iterator(const std::vector<PageLink>* table, const unsigned char* at, const unsigned char* end)
            : m_table(table), m_at(at), m_end(end) {
            read();
        }
        const PageLink& operator*() const { return (*m_table)[m_id]; }
        const PageLink* operator->() const { return &(*m_table)[m_id]; }
        iterator& operator++() {
            m_at = m_next;
            read();
            return *this;
        }
        iterator operator++(int) {
            iterator before = *this;
            ++*this;
            return before;
        }
        bool operator==(const iterator& o) const { return m_at == o.m_at; }

    private:
        // Decodes the difference at m_at (when there is one) into m_id; m_next is the byte after it.
        void read() {
            m_next = m_at;
            if (m_at == m_end) {
                return;
            }
            std::uint32_t zz = 0;
            int shift = 0;
            while (true) {
                const unsigned char b = *m_next++;
                zz |= static_cast<std::uint32_t>(b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            const std::int64_t delta = (zz & 1) != 0 ? -static_cast<std::int64_t>(zz >> 1) - 1 : zz >> 1;
            m_id = static_cast<std::uint32_t>(static_cast<std::int64_t>(m_id) + delta);
        }
        const std::vector<PageLink>* m_table = nullptr;
        const unsigned char* m_at = nullptr;
        const unsigned char* m_next = nullptr;
        const unsigned char* m_end = nullptr;
        std::uint32_t m_id = 0; // the link m_at points at: the previous one plus the difference there
    };

    PageLinks() = default;
    PageLinks(std::shared_ptr<const std::vector<PageLink>> table, const std::vector<std::uint32_t>& ids);
    iterator begin() const { return {m_table.get(), m_bytes.data(), m_bytes.data() + m_bytes.size()}; }
    iterator end() const {
        const unsigned char* e = m_bytes.data() + m_bytes.size();
        return {m_table.get(), e, e};
    }
    std::size_t size() const { return m_count; }
    bool empty() const { return m_count == 0; }

private:
    std::shared_ptr<const std::vector<PageLink>> m_table;
    std::vector<unsigned char> m_bytes; // exact size
    std::uint32_t m_count = 0;
};

// A heading of a page. Menus and widgets put the same headings on every page, so each distinct
// (folded) heading is scanned and kept once, in SiteFacts::heading_phrases; a page holds its index.
struct PageHeading {
    std::uint32_t id = 0;     // SiteFacts::heading_phrases
    bool in_template = false; // the same heading (folded) is on at least 60 % of the site's HTML pages
};

// What the rules read of a stored page (store::Page's fields of the same names). A big site has tens
// of thousands of pages, so the rest (facts, hash, ETag, fetch time, stored title) is not kept.
struct PageRecord {
    std::int64_t id = 0;
    int http_status = 0; // 0 when no response
    bool offsite = false;
    double ttfb_ms = 0;
    double total_ms = 0;
    std::string url;
    std::string final_url;
    std::string content_type;
    std::string failure;
    std::string last_modified;
    std::string sitemap_lastmod;
    std::string fetch_json; // the home page's only (rule_https: its redirects and certificate)
};

// What the rules read of a page's extracted facts (extract::PageFacts's fields of the same names).
struct PageContent {
    std::string title;
    std::string lang;
    std::vector<extract::Form> forms;
    std::vector<extract::Table> tables;
    std::vector<std::string> emails;
    std::vector<std::string> phones;
    int images = 0;
    int images_without_alt = 0;
};

// One page. Loading keeps what the rules read, not the page's text: the phrases found in it, its
// word counts and dates are derived once, and the text is dropped (a big site's text does not fit
// in memory many times over).
struct PageView {
    PageRecord page;
    PageContent facts; // text, links, metas, dates and headings: see below for what they gave
    PageLinks links;
    PhraseSet title_phrases;           // in the folded title
    std::vector<PageHeading> headings; // facts.headings[i]
    // The years (2000 and later) the headings name, heading by heading, in the order they are written
    // ("Laporan Kinerja 2023" → 2023): what rule_fresh read the headings' text for.
    std::vector<std::uint16_t> heading_years;
    UrlParts address;             // of the final URL
    bool empty = false;           // fetched, but nothing beyond the site's template
    bool html = false;            // an HTML page answered 2xx
    PhraseSet own_phrases;        // in the folded text with the page's link labels removed
    PhraseSet text_phrases;       // in the whole folded text
    bool phone_number = false;    // the text holds a run of digits printed like a phone number
    std::uint32_t word_count = 0; // words of the folded text (HTML pages)
    // How often each of SiteFacts::counted_words occurs in the folded text (HTML pages): (index, count),
    // count > 0.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> counted_words;
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
    std::string host;            // the site's host (after the home page's redirects)
    std::vector<PageView> pages; // in fetch order; pages[0] is the home page when fetched
    // Request URL and final URL of every page → its index in pages (see find): (hash of the URL,
    // 2 × page index + 1 for a final URL), sorted by hash, pages in order within a hash. Indices, not
    // keys: a 20,000-page site's URLs are not stored a second time.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> url_index;
    std::vector<store::Document> documents; // document links the crawler checked
    std::map<std::string, std::size_t> document_by_url;
    std::vector<PastCrawl> history; // this site's crawls in every stored run, oldest first
    bool offsite_fetched = false;   // the crawler followed links one hop onto other hosts
    // Every distinct link of the site's pages (PageView::links index it); shared so that a page's links
    // stay readable whichever copy of the SiteFacts holds them.
    std::shared_ptr<std::vector<PageLink>> link_table = std::make_shared<std::vector<PageLink>>();
    std::vector<LinkString> strings;        // distinct link strings (PageLink)
    std::vector<UrlParts> targets;          // distinct link targets (PageLink)
    std::vector<PhraseSet> heading_phrases; // distinct headings' phrases (PageHeading)
    // Every phrase (word, abbreviation, slug, content word) of the catalogue the site was loaded for;
    // the PhraseSets above are its ids.
    PhraseCatalogue phrases;
    // The catalogue's words and abbreviations that are one word when folded: PageView::counted_words.
    std::vector<std::string> counted_words;

    const PageView* find(const std::string& url) const;
    const store::Document* document(const std::string& url) const;
    // The same for a link target, without a lookup.
    const PageView* find(const UrlParts& target) const;
    const store::Document* document(const UrlParts& target) const;
    // True when the crawl did not cover the whole site (limits hit, or the site was not reachable).
    bool partial() const { return crawl.status != "ok"; }
    // True for the site's own host and its www. variant.
    bool same_site(const std::string& host) const;
    const std::string& url_of(const PageLink& l) const { return targets[l.target].url; }
    const std::string& text_of(const PageLink& l) const { return strings[l.text].raw; }
    const std::string& title_of(const PageLink& l) const { return strings[l.title].raw; }
    const std::string& img_alt_of(const PageLink& l) const { return strings[l.img_alt].raw; }
    const PhraseSet& phrases_of(const PageHeading& h) const { return heading_phrases[h.id]; }
};

// Loads the facts of `site_id` in `run_id`, indexed for the phrases of `catalogue`: audit the facts
// with that catalogue (a Matcher refuses a phrase the site was not indexed for).
SiteFacts load_site_facts(const store::Database& db, std::int64_t run_id, std::int64_t site_id,
                          const config::Catalogue& catalogue);

// The years from 2000 on that `text` names as words of four digits, in order ("LKjIP 2023" → 2023).
std::vector<int> years_named(const std::string& text);

// The host of an absolute URL (lower case), or "" when it does not parse.
std::string url_host(const std::string& url);
// The decoded path of an absolute URL, or "".
std::string url_path(const std::string& url);
// True for *.go.id hosts and Google Drive/Docs: evidence one hop away there counts for the site.
bool evidence_host(const std::string& host);

} // namespace pantau::checks

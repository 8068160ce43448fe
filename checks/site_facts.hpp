// checks/site_facts.hpp — everything the rules may read about one site in one run, loaded from the
// store. Rules never fetch: this is their whole view of the site.
#pragma once

#include "extract/page.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pantau::checks {

struct PageView {
    store::Page page;
    extract::PageFacts facts;          // without links
    std::vector<store::Link> links;    // links found on this page
    bool empty = false;                // fetched, but nothing beyond the site's template
};

struct SiteFacts {
    store::Run run;
    store::Site site;
    store::SiteCrawl crawl;
    std::vector<PageView> pages;              // in fetch order; pages[0] is the home page when fetched
    std::map<std::string, std::size_t> by_url; // request URL and final URL → index in pages

    const PageView* find(const std::string& url) const;
    // True when the crawl did not cover the whole site (limits hit, or the site was not reachable).
    bool partial() const { return crawl.status != "ok"; }
};

// Loads the facts of `site_id` in `run_id`. Marks pages that carry no content of their own
// (only the words every page of the site shares) as empty.
SiteFacts load_site_facts(const store::Database& db, std::int64_t run_id, std::int64_t site_id);

} // namespace pantau::checks

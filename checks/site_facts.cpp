#include "checks/site_facts.hpp"

#include "extract/facts_json.hpp"
#include "extract/text.hpp"

#include <set>
#include <sstream>
#include <unordered_map>

namespace pantau::checks {

namespace {

std::set<std::string> words_of(const std::string& folded) {
    std::set<std::string> out;
    std::istringstream in(folded);
    std::string w;
    while (in >> w) {
        out.insert(w);
    }
    return out;
}

// A page is "empty" when, beyond the words its site repeats on most pages (menus, header, footer),
// it has almost nothing: a menu label leading to such a page is not a publication (KIP.md).
void mark_empty_pages(std::vector<PageView>& pages) {
    std::vector<std::set<std::string>> words;
    std::unordered_map<std::string, int> df;
    int html_pages = 0;
    for (const auto& p : pages) {
        words.push_back(words_of(extract::fold(p.facts.text)));
        if (p.page.http_status >= 200 && p.page.http_status < 300 &&
            p.page.content_type.find("html") != std::string::npos) {
            ++html_pages;
            for (const auto& w : words.back()) {
                ++df[w];
            }
        }
    }
    // With three or more pages, words on at least 60 % of them are the template.
    const bool have_template = html_pages >= 3;
    const int k_min_content_words = 12;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        auto& p = pages[i];
        if (p.page.http_status < 200 || p.page.http_status >= 300 ||
            p.page.content_type.find("html") == std::string::npos) {
            continue;
        }
        int own = 0;
        for (const auto& w : words[i]) {
            if (!have_template || df[w] * 10 < html_pages * 6) {
                ++own;
            }
        }
        bool has_items = false;
        for (const auto& l : p.links) {
            if (l.kind == "document") {
                has_items = true;
            }
        }
        for (const auto& t : p.facts.tables) {
            if (t.rows > 0) {
                has_items = true;
            }
        }
        p.empty = !has_items && own < k_min_content_words;
    }
}

} // namespace

const PageView* SiteFacts::find(const std::string& url) const {
    auto it = by_url.find(url);
    return it == by_url.end() ? nullptr : &pages[it->second];
}

SiteFacts load_site_facts(const store::Database& db, std::int64_t run_id, std::int64_t site_id) {
    SiteFacts sf;
    if (auto run = db.run(run_id)) {
        sf.run = *run;
    }
    if (auto site = db.site(site_id)) {
        sf.site = *site;
    }
    for (const auto& c : db.site_crawls(run_id)) {
        if (c.site_id == site_id) {
            sf.crawl = c;
        }
    }
    for (auto& page : db.pages(run_id, site_id)) {
        PageView v;
        v.facts = extract::facts_from_json(page.facts_json);
        v.links = db.links_from(page.id);
        v.page = std::move(page);
        sf.pages.push_back(std::move(v));
    }
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        sf.by_url.emplace(sf.pages[i].page.url, i);
        if (!sf.pages[i].page.final_url.empty()) {
            sf.by_url.emplace(sf.pages[i].page.final_url, i);
        }
    }
    mark_empty_pages(sf.pages);
    return sf;
}

} // namespace pantau::checks

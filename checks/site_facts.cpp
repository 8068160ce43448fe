#include "checks/site_facts.hpp"

#include "checks/calendar.hpp"
#include "extract/dates.hpp"
#include "extract/facts_json.hpp"
#include "extract/text.hpp"
#include "extract/url.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
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

bool is_html(const store::Page& p) {
    return p.http_status >= 200 && p.http_status < 300 && p.content_type.find("html") != std::string::npos;
}

// The page's folded text without its link labels: a menu item is a label, not content (KIP.md).
std::string own_text_of(const PageView& p) {
    std::string text = " " + extract::fold(p.facts.text) + " ";
    std::vector<std::string> labels;
    for (const auto& l : p.links) {
        for (const std::string* s : {&l.text, &l.img_alt}) {
            std::string f = extract::fold(*s);
            if (!f.empty()) {
                labels.push_back(" " + f + " ");
            }
        }
    }
    // Longest first, so "informasi berkala" goes before a shorter label inside it.
    std::sort(labels.begin(), labels.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    for (const auto& l : labels) {
        if (auto pos = text.find(l); pos != std::string::npos) {
            text.replace(pos, l.size(), " ");
        }
    }
    return extract::collapse_whitespace(text);
}

// A page is "empty" when, beyond the words its site repeats on most pages (menus, header, footer),
// it has almost nothing: a menu label leading to such a page is not a publication (KIP.md).
void mark_empty_pages(SiteFacts& sf) {
    std::vector<std::set<std::string>> words;
    std::unordered_map<std::string, int> df;
    std::unordered_map<std::string, int> heading_df;
    std::unordered_map<std::string, int> link_df;
    int html_pages = 0;
    for (const auto& p : sf.pages) {
        words.push_back(words_of(extract::fold(p.facts.text)));
        if (p.html && !p.page.offsite) {
            ++html_pages;
            for (const auto& w : words.back()) {
                ++df[w];
            }
            std::set<std::string> targets;
            for (const auto& l : p.links) {
                targets.insert(l.to_url);
            }
            for (const auto& t : targets) {
                ++link_df[t];
            }
            std::set<std::string> hs;
            for (const auto& h : p.facts.headings) {
                hs.insert(extract::fold(h.text));
            }
            for (const auto& h : hs) {
                ++heading_df[h];
            }
        }
    }
    // With three or more pages, what is on at least 60 % of them is the template.
    const bool have_template = html_pages >= 3;
    auto common = [&](int n) { return have_template && n * 10 >= html_pages * 6; };
    for (const auto& [h, n] : heading_df) {
        if (common(n)) {
            sf.template_headings.insert(h);
        }
    }
    // A sentence of its own is content: a Maklumat is often one line and a scanned image, and a
    // serta-merta page may say only that there is nothing to announce. An empty template has a heading
    // (itself a menu word) and nothing else, or a stock line such as "Belum ada informasi".
    constexpr int k_min_content_words = 6;
    std::set<std::string> broken_documents;
    for (const auto& d : sf.documents) {
        if (!d.failure.empty() || d.http_status < 200 || d.http_status >= 300) {
            broken_documents.insert(d.url);
        }
    }
    // Images every page shows (logo, banners) are the template; one more is the page's own (a scanned
    // Maklumat, an organisation chart).
    int template_images = -1;
    for (const auto& p : sf.pages) {
        if (p.html && !p.page.offsite) {
            template_images =
                template_images < 0 ? p.facts.images : std::min(template_images, p.facts.images);
        }
    }
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        auto& p = sf.pages[i];
        if (!p.html) {
            continue;
        }
        // The name of a download that does not answer is not content of the page, and neither are bare
        // numbers (upload dates and times, years).
        std::set<std::string> dead_names;
        for (const auto& l : p.links) {
            if (l.kind == "document" && broken_documents.contains(l.to_url)) {
                for (const auto& w : words_of(extract::fold(l.text))) {
                    dead_names.insert(w);
                }
            }
        }
        int own = 0;
        for (const auto& w : words[i]) {
            const bool number = w.find_first_not_of("0123456789") == std::string::npos;
            if ((p.page.offsite || !common(df[w])) && !number && !dead_names.contains(w)) {
                ++own;
            }
        }
        bool has_items = false;
        int own_links = 0; // links not in the template: a listing of articles or documents has items
        for (const auto& l : p.links) {
            // A download link is an item when the document answers (or was not checked); a page whose
            // only substance is a lost upload is still a label, not a publication.
            if (l.kind == "document" && !l.hidden && !broken_documents.contains(l.to_url)) {
                has_items = true;
            }
            if (!l.hidden && (l.kind == "internal" || l.kind == "external") && !common(link_df[l.to_url])) {
                ++own_links;
            }
        }
        has_items = has_items || (have_template && own_links >= 2);
        for (const auto& t : p.facts.tables) {
            if (t.rows > 0) {
                has_items = true;
            }
        }
        for (const auto& f : p.facts.forms) {
            if (f.fields.size() >= 3) {
                has_items = true;
            }
        }
        if (have_template && template_images >= 0 && p.facts.images > template_images) {
            has_items = true;
        }
        p.empty = !has_items && own < k_min_content_words;
    }
}

// A date in the URL path: /2024/05/15/slug (WordPress, OpenSID /artikel/2024/05/15/).
std::optional<std::string> path_date(const std::string& path) {
    std::vector<std::string> seg;
    std::string cur;
    for (char c : path + "/") {
        if (c == '/') {
            if (!cur.empty()) {
                seg.push_back(cur);
            }
            cur.clear();
        } else {
            cur += c;
        }
    }
    auto num = [](const std::string& s, std::size_t len) {
        return s.size() == len &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    for (std::size_t i = 0; i + 1 < seg.size(); ++i) {
        if (num(seg[i], 4) && num(seg[i + 1], 2)) {
            const std::string day = i + 2 < seg.size() && num(seg[i + 2], 2) ? seg[i + 2] : "01";
            std::string d = seg[i] + "-" + seg[i + 1] + "-" + day;
            if (days_from_iso(d)) {
                return d;
            }
        }
    }
    return std::nullopt;
}

// Content dates of every page. The extractor's dates are used when it found any; otherwise they are
// read here from metadata, the URL path and the visible text, leaving out dates that the site prints
// on most pages (a "hari ini …" header widget is not a content date, KIP.md).
void collect_dates(SiteFacts& sf) {
    extract::DateContext dctx;
    if (auto t = unix_from_iso(sf.run.started_at)) {
        dctx.reference_time = *t;
    }
    std::vector<std::vector<DatedItem>> text_dates(sf.pages.size());
    std::unordered_map<std::string, int> df;
    int html_pages = 0;
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        auto& p = sf.pages[i];
        if (!p.html) {
            continue;
        }
        ++html_pages;
        std::set<std::string> seen;
        auto add_text_date = [&](DatedItem d) {
            if (seen.insert(d.date).second) {
                ++df[d.date];
            }
            text_dates[i].push_back(std::move(d));
        };
        if (!p.facts.dates.empty()) {
            for (const auto& d : p.facts.dates) {
                if (d.source == "text") {
                    add_text_date({d.date, d.source, d.text});
                } else {
                    p.dates.push_back({d.date, d.source, d.text});
                }
            }
            continue;
        }
        for (const auto& m : p.facts.metas) {
            static const std::set<std::string> k_date_metas = {"article:published_time",
                                                               "article:modified_time",
                                                               "og:updated_time",
                                                               "datepublished",
                                                               "datemodified",
                                                               "date",
                                                               "dc.date",
                                                               "dcterms.modified",
                                                               "pubdate"};
            if (k_date_metas.count(m.name) != 0) {
                if (auto d = extract::parse_iso_date(m.content)) {
                    p.dates.push_back({*d, "meta:" + m.name, m.content});
                }
            }
        }
        if (!p.page.sitemap_lastmod.empty() && days_from_iso(p.page.sitemap_lastmod)) {
            p.dates.push_back({p.page.sitemap_lastmod.substr(0, 10), "sitemap", "sitemap lastmod"});
        }
        for (const auto& m : extract::find_dates(p.facts.text, dctx)) {
            if (m.kind == extract::DateKind::date) {
                add_text_date({m.date, "text", m.text});
            }
        }
        if (auto d = path_date(url_path(p.page.final_url.empty() ? p.page.url : p.page.final_url))) {
            p.dates.push_back(
                {*d, "url", url_path(p.page.final_url.empty() ? p.page.url : p.page.final_url)});
        }
    }
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        for (auto& d : text_dates[i]) {
            const bool widget = html_pages >= 3 && df[d.date] * 10 >= html_pages * 6;
            if (!widget) {
                sf.pages[i].dates.push_back(std::move(d));
            }
        }
    }
}

std::string host_without_www(std::string host) {
    if (host.starts_with("www.")) {
        host.erase(0, 4);
    }
    return host;
}

} // namespace

std::string url_host(const std::string& url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> h(curl_url(), &curl_url_cleanup);
    if (!h || curl_url_set(h.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        return {};
    }
    char* s = nullptr;
    std::string out;
    if (curl_url_get(h.get(), CURLUPART_HOST, &s, 0) == CURLUE_OK) {
        out = s;
        curl_free(s);
    }
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string url_path(const std::string& url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> h(curl_url(), &curl_url_cleanup);
    if (!h || curl_url_set(h.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        return {};
    }
    char* s = nullptr;
    std::string out;
    if (curl_url_get(h.get(), CURLUPART_PATH, &s, CURLU_URLDECODE) == CURLUE_OK) {
        out = s;
        curl_free(s);
    }
    return out;
}

bool evidence_host(const std::string& host) {
    return host.ends_with(".go.id") || host == "drive.google.com" || host == "docs.google.com";
}

const PageView* SiteFacts::find(const std::string& url) const {
    auto it = by_url.find(url);
    return it == by_url.end() ? nullptr : &pages[it->second];
}

const store::Document* SiteFacts::document(const std::string& url) const {
    auto it = document_by_url.find(url);
    return it == document_by_url.end() ? nullptr : &documents[it->second];
}

bool SiteFacts::same_site(const std::string& h) const {
    return !h.empty() && host_without_www(h) == host_without_www(host);
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
    for (const auto& r : db.runs()) {
        for (const auto& c : db.site_crawls(r.id)) {
            if (c.site_id == site_id) {
                sf.history.push_back({r.id, r.started_at, c.status});
            }
        }
    }
    for (auto& page : db.pages(run_id, site_id)) {
        PageView v;
        v.facts = extract::facts_from_json(page.facts_json);
        v.links = db.links_from(page.id);
        v.html = is_html(page);
        sf.offsite_fetched = sf.offsite_fetched || page.offsite;
        v.page = std::move(page);
        sf.pages.push_back(std::move(v));
    }
    const std::string home = !sf.crawl.final_url.empty() ? sf.crawl.final_url
                             : !sf.pages.empty() && !sf.pages[0].page.final_url.empty()
                                 ? sf.pages[0].page.final_url
                                 : sf.site.url;
    sf.host = url_host(home);
    std::unordered_map<std::string, std::uint32_t> folded_index;
    const auto intern_folded = [&](const std::string& raw) {
        auto [it, added] = folded_index.try_emplace(raw, static_cast<std::uint32_t>(sf.folded.size()));
        if (added) {
            sf.folded.push_back(extract::fold(raw));
        }
        return it->second;
    };
    std::unordered_map<std::string, std::uint32_t> target_index;
    const auto intern_target = [&](const std::string& url, bool document_link) {
        auto [it, added] = target_index.try_emplace(url, static_cast<std::uint32_t>(sf.targets.size()));
        if (added) {
            UrlParts t;
            t.host = url_host(url);
            t.path = url_path(url);
            t.folded_path = extract::fold(t.path);
            if (document_link || extract::is_document_url(url)) {
                std::string name = t.path.substr(t.path.rfind('/') + 1);
                if (auto dot = name.rfind('.'); dot != std::string::npos) {
                    name.erase(dot);
                }
                t.folded_file_name = extract::fold(name); // fold() reads _ - + as spaces
            }
            sf.targets.push_back(std::move(t));
        }
        return it->second;
    };
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        sf.by_url.emplace(sf.pages[i].page.url, i);
        if (!sf.pages[i].page.final_url.empty()) {
            sf.by_url.emplace(sf.pages[i].page.final_url, i);
        }
        PageView& v = sf.pages[i];
        v.own_text = own_text_of(v);
        v.folded_title = extract::fold(v.facts.title);
        for (const auto& h : v.facts.headings) {
            v.folded_headings.push_back(extract::fold(h.text));
        }
        v.path = url_path(v.page.final_url.empty() ? v.page.url : v.page.final_url);
        v.folded_path = extract::fold(v.path);
        v.link_match.reserve(v.links.size());
        for (const auto& l : v.links) {
            LinkForMatching m;
            m.text = intern_folded(l.text);
            m.title = intern_folded(l.title);
            m.img_alt = intern_folded(l.img_alt);
            m.target = intern_target(l.to_url, l.kind == "document");
            v.link_match.push_back(m);
        }
    }
    sf.documents = db.documents(run_id, site_id);
    for (std::size_t i = 0; i < sf.documents.size(); ++i) {
        sf.document_by_url.emplace(sf.documents[i].url, i);
    }
    mark_empty_pages(sf);
    collect_dates(sf);
    return sf;
}

} // namespace pantau::checks

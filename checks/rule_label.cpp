// The "label" matcher: a rule's words, abbreviations, URL slugs or hosts found in link texts (and the
// title/alt of linked images), headings, page titles and URLs.
//
// A label is not a publication (KIP.md): a link counts only when the page it leads to was fetched and
// has content of its own. A link to a 404, an error or an empty template is `warn` ("tertaut tetapi
// kosong") with both URLs as evidence. Spam links hidden by the page never count.
#include "checks/engine.hpp"

#include "extract/text.hpp"

#include <curl/curl.h>
#include <fmt/core.h>

#include <memory>
#include <set>

namespace pantau::checks {

namespace {

struct UrlParts {
    std::string host;
    std::string path;
};

UrlParts url_parts(const std::string& url) {
    UrlParts parts;
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> h(curl_url(), &curl_url_cleanup);
    if (!h || curl_url_set(h.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        return parts;
    }
    char* s = nullptr;
    if (curl_url_get(h.get(), CURLUPART_HOST, &s, 0) == CURLUE_OK) {
        parts.host = s;
        curl_free(s);
    }
    if (curl_url_get(h.get(), CURLUPART_PATH, &s, CURLU_URLDECODE) == CURLUE_OK) {
        parts.path = s;
        curl_free(s);
    }
    return parts;
}

class Matcher {
public:
    explicit Matcher(const config::Match& m) : m_match(m) {
        for (const auto& w : m.words) {
            m_words.push_back(extract::fold(w));
        }
        for (const auto& s : m.slugs) {
            m_slugs.push_back(extract::fold(s));
        }
    }

    // The rule's word or abbreviation found in `text`, or empty.
    std::string in_text(const std::string& text) const {
        if (text.empty()) {
            return {};
        }
        const std::string folded = extract::fold(text);
        for (std::size_t i = 0; i < m_words.size(); ++i) {
            if (!m_words[i].empty() && extract::contains_folded_phrase(folded, m_words[i])) {
                return m_match.words[i];
            }
        }
        for (const auto& a : m_match.abbreviations) {
            if (extract::contains_word(text, a)) {
                return a;
            }
        }
        return {};
    }

    // The rule's slug or host found in `url`, or empty.
    std::string in_url(const std::string& url) const {
        const UrlParts parts = url_parts(url);
        for (const auto& h : m_match.hosts) {
            if (h.empty()) {
                continue;
            }
            const bool prefix = h.back() == '.';
            if ((prefix && parts.host.starts_with(h)) ||
                (!prefix && (parts.host == h || parts.host.ends_with("." + h)))) {
                return parts.host;
            }
        }
        const std::string folded_path = extract::fold(parts.path);
        for (std::size_t i = 0; i < m_slugs.size(); ++i) {
            if (!m_slugs[i].empty() && extract::contains_folded_phrase(folded_path, m_slugs[i])) {
                return parts.path;
            }
        }
        return {};
    }

private:
    const config::Match& m_match;
    std::vector<std::string> m_words;
    std::vector<std::string> m_slugs;
};

bool ok_status(int status) { return status >= 200 && status < 300; }

} // namespace

Finding rule_label(const RuleContext& ctx) {
    const Matcher matcher(ctx.rule.match);
    const SiteFacts& site = ctx.site;

    std::vector<Evidence> verified;   // target fetched, has content
    std::vector<Evidence> broken;     // target fetched: error or empty
    std::vector<Evidence> unverified; // target not fetched
    std::set<std::string> seen;

    auto consider_target = [&](const std::string& target, const std::string& label, const std::string& from) {
        if (!seen.insert(target).second) {
            return;
        }
        const PageView* page = site.find(target);
        Evidence ev{target, label, "", 0};
        if (page == nullptr) {
            ev.text = label;
            unverified.push_back(std::move(ev));
            return;
        }
        ev.http_status = page->page.http_status;
        if (ok_status(page->page.http_status) && !page->empty) {
            verified.push_back(std::move(ev));
        } else {
            ev.text = label + " — " + ctx.tr("ditautkan dari ", "linked from ") + from;
            broken.push_back(std::move(ev));
        }
    };

    for (const auto& p : site.pages) {
        // The page itself: its title, headings or address name the item.
        if (ok_status(p.page.http_status)) {
            std::string hit = matcher.in_text(p.facts.title);
            for (const auto& h : p.facts.headings) {
                if (hit.empty()) {
                    hit = matcher.in_text(h.text);
                }
            }
            if (hit.empty()) {
                hit = matcher.in_url(p.page.final_url.empty() ? p.page.url : p.page.final_url);
            }
            if (!hit.empty()) {
                consider_target(p.page.url, hit, p.page.url);
            }
        }
        // Links on the page: text, title, image alt, target address.
        for (const auto& l : p.links) {
            if (l.hidden || l.kind == "mailto" || l.kind == "tel") {
                continue;
            }
            std::string hit = matcher.in_text(l.text);
            if (hit.empty()) {
                hit = matcher.in_text(l.title);
            }
            if (hit.empty()) {
                hit = matcher.in_text(l.img_alt);
            }
            if (hit.empty()) {
                hit = matcher.in_url(l.to_url);
            }
            if (!hit.empty()) {
                std::string label = !l.text.empty() ? l.text : !l.img_alt.empty() ? l.img_alt : hit;
                consider_target(l.to_url, label, p.page.url);
            }
        }
    }

    Finding f;
    const std::string title = ctx.rule.title.in(ctx.options.lang);
    auto keep = [](std::vector<Evidence> v) {
        constexpr std::size_t k_max_evidence = 5;
        if (v.size() > k_max_evidence) {
            v.resize(k_max_evidence);
        }
        return v;
    };
    if (!verified.empty()) {
        f.status = Status::pass;
        f.message = ctx.tr(fmt::format("Ditemukan: «{}».", verified.front().text),
                           fmt::format("Found: «{}».", verified.front().text));
        f.evidence = keep(std::move(verified));
    } else if (!broken.empty()) {
        f.status = Status::warn;
        f.message = ctx.tr("Tertaut tetapi kosong: menu atau tautan ada, tetapi halaman tujuannya galat atau tidak "
                           "berisi informasi.",
                           "Linked but empty: the menu or link exists, but the page it leads to is an error or "
                           "carries no information.");
        f.evidence = keep(std::move(broken));
    } else if (!unverified.empty() && !site.partial()) {
        f.status = Status::warn;
        f.message = ctx.tr("Tautan ada tetapi halaman tujuannya tidak dapat diperiksa.",
                           "A link exists but the page it leads to could not be checked.");
        f.evidence = keep(std::move(unverified));
    } else if (site.partial()) {
        f.status = Status::na;
        f.message = ctx.tr("Tidak dapat dinilai: situs hanya terjangkau sebagian (" + site.crawl.reason + ").",
                           "Cannot be assessed: the site was only partly crawled (" + site.crawl.reason + ").");
        f.evidence = keep(std::move(unverified));
    } else {
        f.status = Status::fail;
        std::string looked;
        for (const auto& w : ctx.rule.match.words) {
            looked += (looked.empty() ? "" : ", ") + w;
        }
        f.message = ctx.tr(fmt::format("Tidak ditemukan ({}). Dicari: {}.", title, looked),
                           fmt::format("Not found ({}). Looked for: {}.", title, looked));
    }
    return f;
}

} // namespace pantau::checks

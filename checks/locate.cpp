// Where a site names a KIP item, and what the named target turned out to be. "A label is not a
// publication" (KIP.md) is decided here once for every generic kind.
#include "checks/locate.hpp"

#include "extract/text.hpp"
#include "extract/url.hpp"

#include <fmt/core.h>

#include <set>
#include <stdexcept>

namespace pantau::checks {

PhraseId indexed_phrase(const PhraseCatalogue& phrases, const std::string& raw) {
    const std::string squashed = extract::squash_folded(extract::fold(raw));
    const PhraseId id = phrases.find(squashed);
    if (id == PhraseCatalogue::k_none && !squashed.empty()) {
        throw std::logic_error("checks: the site was loaded for another catalogue (no phrase '" + raw + "')");
    }
    return id;
}

Matcher::Matcher(const config::Match& m, const PhraseCatalogue& phrases) : m_match(m) {
    for (const auto& w : m.words) {
        m_words.push_back(extract::squash_folded(extract::fold(w)));
        m_word_ids.push_back(indexed_phrase(phrases, w));
    }
    for (const auto& a : m.abbreviations) {
        m_abbreviations.push_back(extract::squash_folded(extract::fold(a)));
        m_abbreviation_ids.push_back(indexed_phrase(phrases, a));
    }
    for (const auto& s : m.slugs) {
        m_slug_ids.push_back(indexed_phrase(phrases, s));
    }
    for (const auto& h : m.hosts) {
        m_dotted_hosts.push_back("." + h);
    }
}

const std::string* Matcher::word_in(const PhraseSet& found) const {
    if (found.empty()) {
        return nullptr;
    }
    for (std::size_t i = 0; i < m_word_ids.size(); ++i) {
        if (found.contains(m_word_ids[i])) {
            return &m_match.words[i];
        }
    }
    return nullptr;
}

const std::string* Matcher::word_or_abbreviation_in(const PhraseSet& found) const {
    if (const std::string* w = word_in(found)) {
        return w;
    }
    for (std::size_t i = 0; i < m_abbreviation_ids.size() && !found.empty(); ++i) {
        if (found.contains(m_abbreviation_ids[i])) {
            return &m_match.abbreviations[i];
        }
    }
    return nullptr;
}

bool Matcher::has_abbreviation(std::size_t i, const PhraseSet& found) const {
    return found.contains(m_abbreviation_ids[i]);
}

const std::string* Matcher::in_address(const UrlParts& address, bool* by_host) const {
    const std::string& host = address.host;
    for (std::size_t i = 0; i < m_match.hosts.size(); ++i) {
        const std::string& h = m_match.hosts[i];
        if (h.empty()) {
            continue;
        }
        const bool prefix = h.back() == '.';
        if ((prefix && (host.starts_with(h) || host.find(m_dotted_hosts[i]) != std::string::npos)) ||
            (!prefix && (host == h || host.ends_with(m_dotted_hosts[i])))) {
            if (by_host != nullptr) {
                *by_host = true;
            }
            return &address.host;
        }
    }
    for (const PhraseId id : m_slug_ids) {
        if (address.path_phrases.contains(id)) {
            return &address.path;
        }
    }
    return nullptr;
}

std::string Matcher::in_folded(const std::string& folded) const {
    if (folded.empty()) {
        return {};
    }
    for (std::size_t i = 0; i < m_words.size(); ++i) {
        if (extract::contains_squashed_phrase(folded, m_words[i])) {
            return m_match.words[i];
        }
    }
    return {};
}

std::string Matcher::in_folded_text(const std::string& folded) const {
    if (auto hit = in_folded(folded); !hit.empty()) {
        return hit;
    }
    for (std::size_t i = 0; i < m_abbreviations.size() && !folded.empty(); ++i) {
        if (extract::contains_squashed_phrase(folded, m_abbreviations[i])) {
            return m_match.abbreviations[i];
        }
    }
    return {};
}

namespace {

bool ok_status(int status) {
    return status >= 200 && status < 300;
}

bool document_type(const std::string& content_type) {
    return !content_type.empty() && content_type.find("html") == std::string::npos;
}

// `d` and `p` are what site.document(url) and site.find(url) answer.
Hit resolve(const RuleContext& ctx, const std::string& url, const std::string& host, LinkKind link_kind,
            const store::Document* d, const PageView* p) {
    const SiteFacts& site = ctx.site;
    Hit h;
    h.url = url;
    h.document = link_kind == LinkKind::document || extract::is_document_url(url);
    if (!site.same_site(host) && evidence_host(host)) {
        h.offsite = host;
    }
    if (d != nullptr) {
        h.doc = d;
        h.document = true;
        h.http_status = d->http_status;
        // A document counts when it answered 200 with a document type (KIP.md).
        h.reach = ok_status(d->http_status) && d->failure.empty() && document_type(d->content_type)
                      ? Reach::ok
                      : Reach::broken;
        return h;
    }
    if (p != nullptr) {
        h.page = p;
        h.http_status = p->page.http_status;
        if (p->page.offsite && p->page.http_status == 0) {
            // The hop to another host failed on the network (DNS, connect, timeout): not checked, and
            // not evidence of an empty page either.
            h.reach = Reach::unchecked;
            return h;
        }
        if (!p->html && ok_status(p->page.http_status) && document_type(p->page.content_type)) {
            h.document = true;
            h.reach = Reach::ok;
        } else {
            h.reach = p->html && !p->empty ? Reach::ok : Reach::broken;
        }
        return h;
    }
    // Not fetched. Targets the crawl does not check at all are counted on their label and say so; what
    // it would have checked but did not (limits, robots) stays unchecked.
    if (h.document && site.documents.empty()) {
        h.assumed = true;
        h.reach = Reach::ok;
    } else if (!h.offsite.empty() &&
               (!site.offsite_fetched || host == "drive.google.com" || host == "docs.google.com")) {
        h.assumed = true;
        h.reach = Reach::ok;
    }
    return h;
}

} // namespace

Hit resolve_target(const RuleContext& ctx, const std::string& url, LinkKind link_kind) {
    return resolve(ctx, url, url_host(url), link_kind, ctx.site.document(url), ctx.site.find(url));
}

Hit resolve_target(const RuleContext& ctx, const UrlParts& target, LinkKind link_kind) {
    return resolve(ctx, target.url, target.host, link_kind, ctx.site.document(target), ctx.site.find(target));
}

std::vector<Hit> locate(const RuleContext& ctx, const Matcher& matcher) {
    const SiteFacts& site = ctx.site;
    std::vector<Hit> hits;
    std::set<std::string> seen;

    auto add = [&](Hit h) {
        if (ctx.spam.links.count(h.url) != 0 || ctx.spam.pages.count(h.url) != 0) {
            return; // injected spam never counts as evidence (web.integritas)
        }
        if (seen.insert(h.url).second) {
            hits.push_back(std::move(h));
        }
    };

    // What each distinct link string and target names, worked out once: menus repeat them on every
    // page, and a site has hundreds of thousands of links.
    std::vector<const std::string*> in_string(site.strings.size());
    for (std::size_t i = 0; i < site.strings.size(); ++i) {
        in_string[i] = matcher.word_or_abbreviation_in(site.strings[i].phrases);
    }
    struct InTarget {
        const std::string* file = nullptr;    // in a document's file name
        const std::string* address = nullptr; // the rule's host or slug
        bool by_host = false;
    };
    std::vector<InTarget> in_target(site.targets.size());
    for (std::size_t i = 0; i < site.targets.size(); ++i) {
        in_target[i].file = matcher.word_or_abbreviation_in(site.targets[i].file_phrases);
        in_target[i].address = matcher.in_address(site.targets[i], &in_target[i].by_host);
    }

    for (const auto& p : site.pages) {
        const std::string& page_url = p.address.url;
        if (ctx.spam.pages.count(page_url) != 0 || ctx.spam.pages.count(p.page.url) != 0) {
            continue;
        }
        if (ok_status(p.page.http_status) && p.html) {
            // The page itself names the item: its title, a heading that is not the site's template, its
            // address, or its own text (menu labels removed).
            const std::string* hit = matcher.word_or_abbreviation_in(p.title_phrases);
            for (const auto& hd : p.headings) {
                if (hit == nullptr && !hd.in_template) {
                    hit = matcher.word_or_abbreviation_in(site.phrases_of(hd));
                }
            }
            if (hit == nullptr) {
                hit = matcher.in_address(p.address);
            }
            if (hit == nullptr) {
                hit = matcher.word_in(p.own_phrases);
            }
            if (hit != nullptr && seen.count(p.page.url) == 0) {
                Hit h = resolve_target(ctx, p.page.url, LinkKind::internal);
                h.label = *hit;
                add(std::move(h));
            }
        }
        // Links on the page: text, title, image alt (banners), file name, target address.
        for (const auto& l : p.links) {
            if (l.hidden || l.kind == LinkKind::mailto || l.kind == LinkKind::tel ||
                ctx.spam.target(l.target)) {
                continue;
            }
            const InTarget& target = in_target[l.target];
            const std::string* hit = in_string[l.text];
            if (hit == nullptr) {
                hit = in_string[l.title];
            }
            if (hit == nullptr) {
                hit = in_string[l.img_alt];
            }
            if (hit == nullptr) {
                hit = target.file; // nullptr unless a document link
            }
            // The target's host is checked even when the text matched: a link to the channel itself
            // (lapor.go.id) is the publication whether or not the hop could fetch it.
            if (hit == nullptr) {
                hit = target.address;
            }
            if (hit == nullptr) {
                continue;
            }
            const std::string& url = site.url_of(l);
            if (seen.count(url) != 0) {
                continue; // the first place that names a target wins (add() would drop this one)
            }
            Hit h = resolve_target(ctx, site.targets[l.target], l.kind);
            const std::string& text = site.text_of(l);
            const std::string& img_alt = site.img_alt_of(l);
            const std::string& title = site.title_of(l);
            h.label = !text.empty() ? text : !img_alt.empty() ? img_alt : !title.empty() ? title : *hit;
            h.from = page_url;
            h.by_host = target.by_host;
            if (target.by_host && h.reach == Reach::unchecked) {
                // A link to the channel itself (lapor.go.id, LPSE, e-LHKPN) is the publication.
                h.reach = Reach::ok;
            }
            add(std::move(h));
        }
    }
    return hits;
}

Evidence evidence_of(const RuleContext& ctx, const Hit& hit) {
    Evidence ev;
    ev.url = hit.url;
    ev.text = hit.label;
    ev.http_status = hit.http_status;
    if (!hit.offsite.empty()) {
        ev.text += ctx.tr(" (bukti di host lain: " + hit.offsite + ")",
                          " (evidence on another host: " + hit.offsite + ")");
    }
    if (hit.assumed) {
        ev.text += hit.document ? ctx.tr(" (dokumen belum diperiksa perayap)",
                                         " (document not checked by the crawler)")
                                : ctx.tr(" (tidak diambil perayap)", " (not fetched by the crawler)");
    }
    return ev;
}

std::vector<Evidence> first(std::vector<Evidence> v, std::size_t n) {
    if (v.size() > n) {
        v.resize(n);
    }
    return v;
}

Finding judge(const RuleContext& ctx, const std::vector<Hit>& hits,
              const std::function<std::string(const Hit&)>& why_not) {
    std::vector<const Hit*> good;
    std::vector<const Hit*> wanting;
    std::vector<std::string> reasons;
    std::vector<const Hit*> broken;
    std::vector<const Hit*> unchecked;
    for (const auto& h : hits) {
        switch (h.reach) {
        case Reach::ok:
            if (std::string why = why_not(h); why.empty()) {
                good.push_back(&h);
            } else {
                wanting.push_back(&h);
                reasons.push_back(std::move(why));
            }
            break;
        case Reach::broken:
            broken.push_back(&h);
            break;
        case Reach::unchecked:
            unchecked.push_back(&h);
            break;
        }
    }
    // Verified evidence on the site first, then off-site, then what was counted unchecked.
    std::stable_sort(good.begin(), good.end(), [](const Hit* a, const Hit* b) {
        auto rank = [](const Hit* h) { return (h->assumed ? 2 : 0) + (h->offsite.empty() ? 0 : 1); };
        return rank(a) < rank(b);
    });

    Finding f;
    const std::string title = ctx.rule.title.in(ctx.options.lang);
    if (!good.empty()) {
        f.status = Status::pass;
        for (const Hit* h : good) {
            f.evidence.push_back(evidence_of(ctx, *h));
        }
        f.evidence = first(std::move(f.evidence));
        const Hit& best = *good.front();
        std::string where;
        if (!best.offsite.empty()) {
            where = ctx.tr(fmt::format(" di host lain ({}), dihitung untuk situs ini", best.offsite),
                           fmt::format(" on another host ({}), counted for this site", best.offsite));
        }
        f.message = ctx.tr(fmt::format("Ditemukan{}: «{}».", where, best.label),
                           fmt::format("Found{}: «{}».", where, best.label));
        if (best.assumed) {
            f.message += best.document ? ctx.tr(" Dokumen belum diperiksa apakah dapat diunduh.",
                                                " Whether the document downloads was not checked.")
                                       : ctx.tr(" Halaman tujuan tidak diambil perayap.",
                                                " The target page was not fetched by the crawler.");
        }
    } else if (!wanting.empty()) {
        f.status = Status::warn;
        f.message = reasons.front();
        for (const Hit* h : wanting) {
            f.evidence.push_back(evidence_of(ctx, *h));
        }
        f.evidence = first(std::move(f.evidence));
    } else if (!broken.empty()) {
        // "Tertaut tetapi kosong": both the target and the page that links to it are evidence.
        f.status = Status::warn;
        f.message =
            ctx.tr("Tertaut tetapi kosong: menu atau tautan ada, tetapi halaman tujuannya galat atau tidak "
                   "berisi informasi.",
                   "Linked but empty: the menu or link exists, but the page it leads to is an error or "
                   "carries no information.");
        for (const Hit* h : broken) {
            Evidence target = evidence_of(ctx, *h);
            if (!h->from.empty()) {
                target.text += ctx.tr(" — ditautkan dari ", " — linked from ") + h->from;
            }
            f.evidence.push_back(std::move(target));
            if (!h->from.empty()) {
                const PageView* from = ctx.site.find(h->from);
                f.evidence.push_back({h->from, h->label, "", from != nullptr ? from->page.http_status : 0});
            }
        }
        f.evidence = first(std::move(f.evidence), 6);
    } else if (!unchecked.empty()) {
        f.status = ctx.site.partial() ? Status::na : Status::warn;
        f.message =
            ctx.site.partial()
                ? ctx.tr(
                      "Tidak dapat dinilai: tautan ada tetapi halaman tujuannya belum diambil karena situs "
                      "hanya terjangkau sebagian (" +
                          ctx.site.crawl.reason + ").",
                      "Cannot be assessed: a link exists but its page was not fetched because the site "
                      "was only partly crawled (" +
                          ctx.site.crawl.reason + ").")
                : ctx.tr("Tautan ada tetapi halaman tujuannya tidak dapat diperiksa.",
                         "A link exists but the page it leads to could not be checked.");
        for (const Hit* h : unchecked) {
            f.evidence.push_back(evidence_of(ctx, *h));
        }
        f.evidence = first(std::move(f.evidence));
    } else {
        f.status = Status::fail;
        std::string looked;
        for (const auto* list : {&ctx.rule.match.words, &ctx.rule.match.abbreviations}) {
            for (const auto& w : *list) {
                if (looked.size() < 160) {
                    looked += (looked.empty() ? "" : ", ") + w;
                }
            }
        }
        f.message = ctx.tr(fmt::format("Tidak ditemukan ({}). Dicari: {}.", title, looked),
                           fmt::format("Not found ({}). Looked for: {}.", title, looked));
    }
    return f;
}

} // namespace pantau::checks

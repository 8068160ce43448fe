// Where a site names a KIP item, and what the named target turned out to be. "A label is not a
// publication" (KIP.md) is decided here once for every generic kind.
#include "checks/locate.hpp"

#include "extract/text.hpp"
#include "extract/url.hpp"

#include <fmt/core.h>

#include <set>

namespace pantau::checks {

Matcher::Matcher(const config::Match& m) : m_match(m) {
    for (const auto& w : m.words) {
        m_words.push_back(extract::squash_folded(extract::fold(w)));
    }
    for (const auto& a : m.abbreviations) {
        m_abbreviations.push_back(extract::squash_folded(extract::fold(a)));
    }
    for (const auto& s : m.slugs) {
        m_slugs.push_back(extract::squash_folded(extract::fold(s)));
    }
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

std::string Matcher::in_url_parts(const std::string& host, const std::string& path,
                                  const std::string& folded_path, bool* by_host) const {
    for (const auto& h : m_match.hosts) {
        if (h.empty()) {
            continue;
        }
        const bool prefix = h.back() == '.';
        if ((prefix && (host.starts_with(h) || host.find("." + h) != std::string::npos)) ||
            (!prefix && (host == h || host.ends_with("." + h)))) {
            if (by_host != nullptr) {
                *by_host = true;
            }
            return host;
        }
    }
    for (std::size_t i = 0; i < m_slugs.size(); ++i) {
        if (extract::contains_squashed_phrase(folded_path, m_slugs[i])) {
            return path;
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

} // namespace

Hit resolve_target(const RuleContext& ctx, const std::string& url, const std::string& link_kind) {
    const SiteFacts& site = ctx.site;
    Hit h;
    h.url = url;
    h.document = link_kind == "document" || extract::is_document_url(url);
    const std::string host = url_host(url);
    if (!site.same_site(host) && evidence_host(host)) {
        h.offsite = host;
    }
    if (const store::Document* d = site.document(url)) {
        h.doc = d;
        h.document = true;
        h.http_status = d->http_status;
        // A document counts when it answered 200 with a document type (KIP.md).
        h.reach = ok_status(d->http_status) && d->failure.empty() && document_type(d->content_type)
                      ? Reach::ok
                      : Reach::broken;
        return h;
    }
    if (const PageView* p = site.find(url)) {
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

    for (const auto& p : site.pages) {
        const std::string page_url = p.page.final_url.empty() ? p.page.url : p.page.final_url;
        if (ctx.spam.pages.count(page_url) != 0 || ctx.spam.pages.count(p.page.url) != 0) {
            continue;
        }
        if (ok_status(p.page.http_status) && p.html) {
            // The page itself names the item: its title, a heading that is not the site's template, its
            // address, or its own text (menu labels removed).
            std::string hit = matcher.in_folded_text(p.folded_title);
            for (const auto& hd : p.folded_headings) {
                if (hit.empty() && site.template_headings.count(hd) == 0) {
                    hit = matcher.in_folded_text(hd);
                }
            }
            if (hit.empty()) {
                hit = matcher.in_url_parts(url_host(page_url), p.path, p.folded_path);
            }
            if (hit.empty()) {
                hit = matcher.in_folded(p.own_text);
            }
            if (!hit.empty()) {
                Hit h = resolve_target(ctx, p.page.url, "internal");
                h.label = hit;
                add(std::move(h));
            }
        }
        // Links on the page: text, title, image alt (banners), file name, target address.
        for (std::size_t li = 0; li < p.links.size(); ++li) {
            const auto& l = p.links[li];
            const auto& m = p.link_match[li];
            if (l.hidden || l.kind == "mailto" || l.kind == "tel" || ctx.spam.links.count(l.to_url) != 0) {
                continue;
            }
            bool by_host = false;
            const UrlParts& target = site.targets[m.target];
            std::string hit = matcher.in_folded_text(site.folded[m.text]);
            if (hit.empty()) {
                hit = matcher.in_folded_text(site.folded[m.title]);
            }
            if (hit.empty()) {
                hit = matcher.in_folded_text(site.folded[m.img_alt]);
            }
            if (hit.empty()) {
                hit = matcher.in_folded_text(target.folded_file_name); // "" unless a document link
            }
            // The target's host is checked even when the text matched: a link to the channel itself
            // (lapor.go.id) is the publication whether or not the hop could fetch it.
            const std::string in_address =
                matcher.in_url_parts(target.host, target.path, target.folded_path, &by_host);
            if (hit.empty()) {
                hit = in_address;
            }
            if (hit.empty()) {
                continue;
            }
            Hit h = resolve_target(ctx, l.to_url, l.kind);
            h.label = !l.text.empty()      ? l.text
                      : !l.img_alt.empty() ? l.img_alt
                      : !l.title.empty()   ? l.title
                                           : hit;
            h.from = page_url;
            h.by_host = by_host;
            if (by_host && h.reach == Reach::unchecked) {
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

// web.integritas: injected gambling spam ("slot gacor", "judi online", togel, maxwin …) — hidden blocks
// of such links (display:none, off-screen, tiny font: the extractor marks Link.hidden), visible links
// whose text or address is spam, and pages whose text is dominated by spam words. A hacked government
// site is reported loudly, with the pages; those links and pages never count as evidence for any other
// rule (find_spam feeds every rule's context).
//
// The rule's `words` are strong terms (spam on their own); its `abbreviations` are weak terms, spam
// when hidden or when two appear together. `limits.pass` is the share (percent) of a page's words that
// makes it spam-dominated.
#include "checks/engine.hpp"

#include "extract/text.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <sstream>

namespace pantau::checks {

namespace {

struct Terms {
    std::vector<std::string> strong; // folded
    std::vector<std::string> weak;   // as written (whole words)

    explicit Terms(const config::Match& m) {
        for (const auto& w : m.words) {
            strong.push_back(extract::fold(w));
        }
        weak = m.abbreviations;
    }

    // What makes a link spam, or "" when it is not.
    std::string link_spam(const store::Link& l) const {
        const std::string raw = l.text + " " + l.title + " " + l.img_alt + " " + l.to_url;
        const std::string folded = extract::fold(raw);
        for (std::size_t i = 0; i < strong.size(); ++i) {
            if (extract::contains_folded_phrase(folded, strong[i])) {
                return strong[i];
            }
        }
        int weak_hits = 0;
        std::string first;
        for (const auto& w : weak) {
            if (extract::contains_word(raw, w)) {
                ++weak_hits;
                first = first.empty() ? w : first;
            }
        }
        return weak_hits >= 2 || (weak_hits == 1 && l.hidden) ? first : std::string();
    }

    // Share (percent) of the page's words that are spam terms, and how many there are.
    std::pair<double, int> page_share(const std::string& text) const {
        const std::string folded = extract::fold(text);
        std::istringstream in(folded);
        std::string w;
        int words = 0;
        int spam = 0;
        std::vector<std::string> weak_folded;
        for (const auto& t : weak) {
            weak_folded.push_back(extract::fold(t));
        }
        while (in >> w) {
            ++words;
            bool hit = std::find(weak_folded.begin(), weak_folded.end(), w) != weak_folded.end();
            for (const auto& s : strong) {
                hit = hit || s == w;
            }
            spam += hit ? 1 : 0;
        }
        return {words == 0 ? 0.0 : 100.0 * spam / words, spam};
    }
};

const config::Rule* integrity_rule(const config::Catalogue& catalogue) {
    for (const auto& r : catalogue.rules) {
        if (r.kind == "integrity") {
            return &r;
        }
    }
    return nullptr;
}

constexpr int k_min_spam_words = 5; // a page needs this many spam words before its share matters

} // namespace

SpamIndex find_spam(const SiteFacts& site, const config::Catalogue& catalogue) {
    SpamIndex out;
    const config::Rule* rule = integrity_rule(catalogue);
    if (rule == nullptr) {
        return out;
    }
    const Terms terms(rule->match);
    const double share_limit = rule->limits.pass > 0 ? rule->limits.pass : 5.0;
    for (const auto& p : site.pages) {
        for (const auto& l : p.links) {
            if (!terms.link_spam(l).empty()) {
                out.links.insert(l.to_url);
            }
        }
        if (p.html) {
            auto [share, count] = terms.page_share(p.facts.text);
            if (count >= k_min_spam_words && share >= share_limit) {
                out.pages.insert(p.page.url);
                if (!p.page.final_url.empty()) {
                    out.pages.insert(p.page.final_url);
                }
            }
        }
    }
    return out;
}

Finding rule_integrity(const RuleContext& ctx) {
    const Terms terms(ctx.rule.match);
    const double share_limit = ctx.rule.limits.pass > 0 ? ctx.rule.limits.pass : 5.0;
    std::vector<Evidence> evidence;
    int hidden_links = 0;
    int visible_links = 0;
    int pages = 0;
    for (const auto& p : ctx.site.pages) {
        if (p.page.offsite) {
            continue;
        }
        int on_page = 0;
        std::string sample;
        for (const auto& l : p.links) {
            const std::string why = terms.link_spam(l);
            if (why.empty()) {
                continue;
            }
            ++on_page;
            (l.hidden ? hidden_links : visible_links) += 1;
            if (sample.empty()) {
                sample = (l.text.empty() ? l.to_url : l.text) + " → " + l.to_url;
            }
        }
        if (on_page > 0) {
            evidence.push_back({p.page.url,
                                ctx.tr(fmt::format("{} tautan judi (mis. «{}»)", on_page, sample),
                                       fmt::format("{} gambling links (e.g. «{}»)", on_page, sample)),
                                "", p.page.http_status});
        }
        if (p.html) {
            auto [share, count] = terms.page_share(p.facts.text);
            if (count >= k_min_spam_words && share >= share_limit) {
                ++pages;
                evidence.push_back(
                    {p.page.url,
                     ctx.tr(fmt::format("isi halaman didominasi kata judi ({:.0f} % kata)", share),
                            fmt::format("page text dominated by gambling words ({:.0f} % of words)", share)),
                     "", p.page.http_status});
            }
        }
    }
    Finding f;
    if (evidence.empty()) {
        f.status = Status::pass;
        f.message = ctx.tr("Tidak ditemukan sisipan spam judi online.", "No injected gambling spam found.");
        return f;
    }
    f.status = Status::fail;
    f.message = ctx.tr(
        fmt::format("SITUS DIRETAS: sisipan spam judi online ditemukan — {} tautan tersembunyi, {} "
                    "tautan tampak, {} halaman spam. Tautan ini tidak dihitung sebagai bukti.",
                    hidden_links, visible_links, pages),
        fmt::format("SITE HACKED: injected gambling spam found — {} hidden links, {} visible links, {} "
                    "spam pages. These links are not counted as evidence.",
                    hidden_links, visible_links, pages));
    if (evidence.size() > 20) {
        evidence.resize(20);
    }
    f.evidence = std::move(evidence);
    return f;
}

} // namespace pantau::checks

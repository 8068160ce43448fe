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
#include "checks/locate.hpp"

#include "extract/text.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace pantau::checks {

namespace {

// A link's strings and target (ids in SiteFacts): a link's verdict depends on nothing else but
// whether it is hidden, and menus repeat the same links on every page.
struct LinkKey {
    std::uint32_t text = 0;
    std::uint32_t title = 0;
    std::uint32_t img_alt = 0;
    std::uint32_t target = 0;
    bool operator==(const LinkKey&) const = default;
};

struct LinkKeyHash {
    std::size_t operator()(const LinkKey& k) const {
        std::uint64_t x =
            ((static_cast<std::uint64_t>(k.text) << 32) | k.title) ^
            (((static_cast<std::uint64_t>(k.img_alt) << 32) | k.target) * 0x9E3779B97F4A7C15ULL);
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9ULL;
        x ^= x >> 29;
        return static_cast<std::size_t>(x);
    }
};

class Terms {
public:
    Terms(const config::Match& m, const SiteFacts& site)
        : m_site(site), m_counted(site.counted_words.size()) {
        for (const auto& w : m.words) {
            m_strong.push_back(extract::fold(w));
            m_strong_ids.push_back(indexed_phrase(site.phrases, w));
        }
        m_weak = m.abbreviations;
        for (const auto& w : m_weak) {
            m_weak_ids.push_back(indexed_phrase(site.phrases, w));
        }
        // A page's words are counted when it loads (PageView::counted_words): a term of one word is
        // one of those; a term of several words never equals a word.
        std::vector<std::string> terms = m_strong;
        for (const auto& w : m_weak) {
            terms.push_back(extract::fold(w));
        }
        for (const auto& t : terms) {
            if (t.empty() || t.find(' ') != std::string::npos) {
                continue;
            }
            auto it = std::find(site.counted_words.begin(), site.counted_words.end(), t);
            if (it == site.counted_words.end()) {
                throw std::logic_error(
                    "checks: the site was loaded for another catalogue (no counted word '" + t + "')");
            }
            m_counted[static_cast<std::size_t>(it - site.counted_words.begin())] = true;
        }
    }

    // What makes a link spam, or "" when it is not.
    std::string link_spam(const PageLink& l) {
        const LinkKey key{l.text, l.title, l.img_alt, l.target};
        auto it = m_links.find(key);
        if (it == m_links.end()) {
            it = m_links.emplace(key, judge(l)).first;
        }
        const Verdict& v = it->second;
        if (!v.strong.empty()) {
            return v.strong;
        }
        return v.weak_hits >= 2 || (v.weak_hits == 1 && l.hidden) ? v.first_weak : std::string();
    }

    // Share (percent) of the page's words that are spam terms, and how many there are.
    std::pair<double, int> page_share(const PageView& p) const {
        const int words = static_cast<int>(p.word_count);
        int spam = 0;
        for (const auto& [k, n] : p.counted_words) {
            if (m_counted[k]) {
                spam += static_cast<int>(n);
            }
        }
        return {words == 0 ? 0.0 : 100.0 * spam / words, spam};
    }

private:
    struct Verdict {
        std::string strong; // the strong term found
        int weak_hits = 0;
        std::string first_weak;
    };

    Verdict judge(const PageLink& l) const {
        const std::string raw = m_site.text_of(l) + " " + m_site.title_of(l) + " " + m_site.img_alt_of(l) +
                                " " + m_site.url_of(l);
        const PhraseSet found = m_site.phrases.scan(extract::fold(raw));
        Verdict v;
        for (std::size_t i = 0; i < m_strong.size(); ++i) {
            if (found.contains(m_strong_ids[i])) {
                v.strong = m_strong[i];
                return v;
            }
        }
        for (std::size_t i = 0; i < m_weak.size(); ++i) {
            if (found.contains(m_weak_ids[i])) {
                ++v.weak_hits;
                v.first_weak = v.first_weak.empty() ? m_weak[i] : v.first_weak;
            }
        }
        return v;
    }

    const SiteFacts& m_site;
    std::vector<std::string> m_strong; // folded
    std::vector<PhraseId> m_strong_ids;
    std::vector<std::string> m_weak; // as written (whole words)
    std::vector<PhraseId> m_weak_ids;
    std::vector<bool> m_counted; // by SiteFacts::counted_words index: one of the terms
    std::unordered_map<LinkKey, Verdict, LinkKeyHash> m_links;
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
    Terms terms(rule->match, site);
    const double share_limit = rule->limits.pass > 0 ? rule->limits.pass : 5.0;
    for (const auto& p : site.pages) {
        for (const auto& l : p.links) {
            if (!terms.link_spam(l).empty()) {
                out.links.insert(site.url_of(l));
            }
        }
        if (p.html) {
            auto [share, count] = terms.page_share(p);
            if (count >= k_min_spam_words && share >= share_limit) {
                out.pages.insert(p.page.url);
                if (!p.page.final_url.empty()) {
                    out.pages.insert(p.page.final_url);
                }
            }
        }
    }
    out.targets.resize(site.targets.size());
    for (std::size_t t = 0; t < site.targets.size(); ++t) {
        out.targets[t] = out.links.contains(site.targets[t].url);
    }
    return out;
}

Finding rule_integrity(const RuleContext& ctx) {
    Terms terms(ctx.rule.match, ctx.site);
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
                const std::string& text = ctx.site.text_of(l);
                const std::string& url = ctx.site.url_of(l);
                sample = (text.empty() ? url : text) + " → " + url;
            }
        }
        if (on_page > 0) {
            evidence.push_back({p.page.url,
                                ctx.tr(fmt::format("{} tautan judi (mis. «{}»)", on_page, sample),
                                       fmt::format("{} gambling links (e.g. «{}»)", on_page, sample)),
                                "", p.page.http_status});
        }
        if (p.html) {
            auto [share, count] = terms.page_share(p);
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

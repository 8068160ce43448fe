// The "label" kind: the rule's words, abbreviations, URL slugs or hosts found in links (text, title,
// image alt, file name, target), headings, titles, addresses and the page's own text — and the target
// must be a publication, not a label (KIP.md): a page with content of its own, a document that
// answered, or the external channel itself (lapor.go.id, LPSE). `documents_required` asks for a
// document; `content_words` asks the page to carry one of them (serta-merta: an announcement, or a
// plain "tidak ada informasi serta merta").
#include "checks/engine.hpp"
#include "checks/locate.hpp"

#include <fmt/core.h>

namespace pantau::checks {

namespace {

// True when the page links a document that answered (or that the crawl did not check at all).
bool holds_document(const RuleContext& ctx, const PageView& page) {
    for (const auto& l : page.links) {
        if (l.hidden || ctx.spam.target(l.target)) {
            continue;
        }
        if (l.kind == LinkKind::document) {
            if (resolve_target(ctx, ctx.site.targets[l.target], l.kind).reach == Reach::ok) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

Finding rule_label(const RuleContext& ctx) {
    const Matcher matcher(ctx.rule.match, ctx.site.phrases);
    const config::Match& m = ctx.rule.match;
    std::vector<PhraseId> content;
    for (const auto& w : m.content_words) {
        content.push_back(indexed_phrase(ctx.site.phrases, w));
    }
    auto why_not = [&](const Hit& h) -> std::string {
        if (h.by_host) {
            return {};
        }
        if (m.documents_required && !h.document && (h.page == nullptr || !holds_document(ctx, *h.page))) {
            return ctx.tr("Halaman ada tetapi tidak memuat dokumen yang dapat diunduh.",
                          "The page exists but holds no downloadable document.");
        }
        if (!content.empty() && !h.document && h.page != nullptr) {
            for (const PhraseId c : content) {
                if (h.page->own_phrases.contains(c)) {
                    return {};
                }
            }
            std::string listed;
            for (std::size_t i = 0; i < m.content_words.size() && i < 6; ++i) {
                listed += (i == 0 ? "" : ", ") + m.content_words[i];
            }
            return ctx.tr(
                fmt::format("Halaman ada tetapi tidak memuat pengumuman maupun pernyataan yang diharapkan "
                            "(mis. {}).",
                            listed),
                fmt::format("The page exists but carries neither an announcement nor the expected "
                            "statement (e.g. {}).",
                            listed));
        }
        return {};
    };
    return judge(ctx, locate(ctx, matcher), why_not);
}

} // namespace pantau::checks

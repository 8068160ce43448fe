#include "checks/engine.hpp"

namespace pantau::checks {

const std::vector<RuleKind>& rule_kinds() {
    static const std::vector<RuleKind> kinds = {
        {"label", &rule_label, "words, abbreviations, URL slugs or hosts in links, headings and titles"},
        {"reachable", &rule_reachable, "the home page answers 2xx; blocked is told apart from down"},
    };
    return kinds;
}

namespace {

// Content rules cannot be judged on a site that could not be fetched: n-a with the reason, never fail.
bool site_unreachable(const SiteFacts& site) { return site.crawl.status == "down" || site.crawl.status == "blocked"; }

Finding not_assessable(const RuleContext& ctx) {
    Finding f;
    f.status = Status::na;
    f.message = ctx.tr("Tidak dapat dinilai: situs tidak dapat diambil (" + ctx.site.crawl.reason + ").",
                       "Cannot be assessed: the site could not be fetched (" + ctx.site.crawl.reason + ").");
    return f;
}

} // namespace

std::vector<Finding> audit_site(const SiteFacts& site, const config::Catalogue& catalogue,
                                const AuditOptions& options) {
    std::vector<Finding> out;
    out.reserve(catalogue.rules.size());
    for (const auto& rule : catalogue.rules) {
        RuleContext ctx{site, rule, options};
        Finding f;
        if (rule.kind != "reachable" && site_unreachable(site)) {
            f = not_assessable(ctx);
        } else {
            for (const auto& k : rule_kinds()) {
                if (rule.kind == k.kind) {
                    f = k.run(ctx);
                }
            }
        }
        f.rule = rule.id;
        f.group = rule.group;
        f.basis = rule.basis;
        if (f.status != Status::pass && f.fix.empty()) {
            f.fix = rule.fix.in(options.lang);
        }
        out.push_back(std::move(f));
    }
    return out;
}

} // namespace pantau::checks

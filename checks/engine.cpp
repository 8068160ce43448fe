#include "checks/engine.hpp"

#include "checks/calendar.hpp"
#include "store/clock.hpp"

#include <chrono>

namespace pantau::checks {

const std::vector<RuleKind>& rule_kinds() {
    // kind, function, what it checks, needs a reachable site, evidence may lie in pages not crawled
    static const std::vector<RuleKind> kinds = {
        {"label", &rule_label,
         "words, abbreviations, URL slugs or hosts in links, headings, titles and page text; "
         "the target must answer with content",
         true, true},
        {"table", &rule_table, "label, and a table whose header cells are the standard columns", true, true},
        {"form", &rule_form, "label, and an HTML form, an e-PPID host or a form document", true, true},
        {"fresh_dates", &rule_fresh_dates, "newest content date of the matched section within the window",
         true, true},
        {"fresh_years", &rule_fresh_years,
         "newest year of the matched documents; yearly reports by their due day", true, true},
        {"reachable", &rule_reachable, "the home page answers 2xx; blocked is told apart from down", false,
         false},
        {"response_time", &rule_response_time, "median time to first byte of the site's pages", true, false},
        {"broken_links", &rule_broken_links, "share of internal links that answer 4xx/5xx or time out", true,
         false},
        {"broken_documents", &rule_broken_documents, "every linked document answers 200 with a document type",
         true, false},
        {"uptime", &rule_uptime, "share of successful crawls of the site in the stored runs of the window",
         false, false},
        {"domain", &rule_domain, "the site's host is under go.id", false, false},
        {"https", &rule_https, "served over HTTPS with a valid certificate; http:// redirects to https://",
         false, false},
        {"certificate", &rule_certificate, "days until the TLS certificate expires", false, false},
        {"contact", &rule_contact, "address, phone and e-mail (go.id) on the site", true, true},
        {"integrity", &rule_integrity, "no injected gambling spam: hidden link blocks, spam-dominated pages",
         true, false},
        {"accessibility", &rule_accessibility,
         "lang on <html>, alt on content images, a <title> on every page", true, false},
    };
    return kinds;
}

namespace {

bool site_unreachable(const SiteFacts& site) {
    return site.crawl.status == "down" || site.crawl.status == "blocked";
}

int reference_day(const SiteFacts& site, const AuditOptions& options) {
    if (auto d = days_from_iso(options.today)) {
        return *d;
    }
    if (auto d = days_from_iso(site.run.started_at)) {
        return *d;
    }
    auto d = days_from_iso(store::iso_utc_now());
    return d ? *d : 0;
}

} // namespace

std::vector<Finding> audit_site(const SiteFacts& site, const config::Catalogue& catalogue,
                                const AuditOptions& options) {
    const SpamIndex spam = find_spam(site, catalogue);
    const int today = reference_day(site, options);
    std::vector<Finding> out;
    out.reserve(catalogue.rules.size());
    for (const auto& rule : catalogue.rules) {
        RuleContext ctx{site, rule, options, spam, today};
        const RuleKind* kind = nullptr;
        for (const auto& k : rule_kinds()) {
            if (rule.kind == k.kind) {
                kind = &k;
            }
        }
        Finding f;
        if (kind == nullptr) {
            f.status = Status::na;
            f.message = ctx.tr("Jenis aturan '" + rule.kind + "' tidak dikenal mesin ini.",
                               "Rule kind '" + rule.kind + "' is not known to this engine.");
        } else if (kind->needs_site && site_unreachable(site)) {
            // Content cannot be judged on a site that could not be fetched: n-a with the reason, never fail.
            f.status = Status::na;
            f.message =
                ctx.tr("Tidak dapat dinilai: situs tidak dapat diambil (" + site.crawl.reason + ").",
                       "Cannot be assessed: the site could not be fetched (" + site.crawl.reason + ").");
        } else {
            f = kind->run(ctx);
            if (kind->coverage_bound && site.partial() && f.status == Status::fail) {
                // Partial coverage is not missing content (KIP.md): what was not crawled may hold it.
                f.status = Status::na;
                f.message = ctx.tr("Tidak dapat dinilai: situs hanya terjangkau sebagian (" +
                                       site.crawl.reason + "). " + f.message,
                                   "Cannot be assessed: the site was only partly crawled (" +
                                       site.crawl.reason + "). " + f.message);
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

std::vector<Finding> audit_stored(store::Database& db, std::int64_t run_id, std::int64_t site_id,
                                  const config::Catalogue& catalogue, const AuditOptions& options) {
    const SiteFacts facts = load_site_facts(db, run_id, site_id, catalogue);
    std::vector<Finding> findings = audit_site(facts, catalogue, options);
    std::vector<store::Finding> rows;
    rows.reserve(findings.size());
    for (const auto& f : findings) {
        store::Finding row;
        row.run_id = run_id;
        row.site_id = site_id;
        row.rule = f.rule;
        row.status = std::string(to_string(f.status));
        row.group = f.group;
        row.message = f.message;
        row.evidence_json = evidence_to_json(f.evidence);
        rows.push_back(std::move(row));
    }
    db.replace_findings(run_id, site_id, rows);
    return findings;
}

} // namespace pantau::checks

// checks/engine.hpp — the rule engine: runs every rule of a catalogue on one site's stored facts.
//
// A rule is a catalogue entry (descriptor: id, group, basis, texts, detection data) plus the function
// of its matcher kind, looked up in one explicit table (rule_kinds()). Most rules are generic kinds
// driven by YAML alone (label, table, form, fresh_dates, fresh_years); a few kinds are small functions
// of their own (availability, TLS, integrity, accessibility). The engine never fetches and never scores:
// it returns findings, and audit_stored writes them to the store.
#pragma once

#include "checks/finding.hpp"
#include "checks/site_facts.hpp"
#include "config/catalogue.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace pantau::checks {

struct AuditOptions {
    std::string lang = "id"; // language of messages and fixes: id or en
    // The reference "today" (YYYY-MM-DD) of the freshness rules; "" = the day the run started.
    std::string today;
};

// Links and pages of injected gambling spam (web.integritas): they never count as evidence.
struct SpamIndex {
    std::set<std::string> links; // target URLs of spam links
    std::set<std::string> pages; // URLs of pages whose text is dominated by spam
    std::vector<bool> targets;   // by SiteFacts::targets index: the target is one of `links`
    // True when a link's target (PageLink::target) is a spam link's.
    bool target(std::uint32_t t) const { return t < targets.size() && targets[t]; }
};

struct RuleContext {
    const SiteFacts& site;
    const config::Rule& rule;
    const AuditOptions& options;
    const SpamIndex& spam;
    int today = 0; // day number (days since 1970-01-01) of the reference day
    // The report-language text: Indonesian unless options.lang is "en".
    std::string tr(const std::string& id_text, const std::string& en_text) const {
        return options.lang == "en" ? en_text : id_text;
    }
};

using RuleFunction = Finding (*)(const RuleContext&);

struct RuleKind {
    const char* kind; // as written in the catalogue's `kind:`
    RuleFunction run;
    const char* what;    // one line for `pantau rules`
    bool needs_site;     // n-a when the site could not be fetched at all (down/blocked)
    bool coverage_bound; // its evidence may lie in pages not crawled: a partial crawl turns fail into n-a
};

// The table of matcher kinds (the same names as config::matcher_kinds()).
const std::vector<RuleKind>& rule_kinds();

// Runs every rule of `catalogue` on `site` (loaded for that catalogue); one finding per rule, in
// catalogue order.
std::vector<Finding> audit_site(const SiteFacts& site, const config::Catalogue& catalogue,
                                const AuditOptions& options);

// Loads the stored facts of (run, site), audits them and replaces the stored findings of that pair
// (evidence as JSON). Returns the findings.
std::vector<Finding> audit_stored(store::Database& db, std::int64_t run_id, std::int64_t site_id,
                                  const config::Catalogue& catalogue, const AuditOptions& options);

// The spam links and pages of a site under the rule of kind "integrity" (its words); empty when the
// catalogue has no such rule. Hidden links are never evidence whatever this says.
SpamIndex find_spam(const SiteFacts& site, const config::Catalogue& catalogue);

// Kind functions (one file each: rule_<kind>.cpp).
Finding rule_label(const RuleContext& ctx);
Finding rule_table(const RuleContext& ctx);
Finding rule_form(const RuleContext& ctx);
Finding rule_fresh_dates(const RuleContext& ctx);
Finding rule_fresh_years(const RuleContext& ctx);
Finding rule_reachable(const RuleContext& ctx);
Finding rule_response_time(const RuleContext& ctx);
Finding rule_broken_links(const RuleContext& ctx);
Finding rule_broken_documents(const RuleContext& ctx);
Finding rule_uptime(const RuleContext& ctx);
Finding rule_domain(const RuleContext& ctx);
Finding rule_https(const RuleContext& ctx);
Finding rule_certificate(const RuleContext& ctx);
Finding rule_contact(const RuleContext& ctx);
Finding rule_integrity(const RuleContext& ctx);
Finding rule_accessibility(const RuleContext& ctx);

} // namespace pantau::checks

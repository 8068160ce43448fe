// checks/engine.hpp — the rule engine: runs every rule of a catalogue on one site's stored facts.
//
// A rule is a catalogue entry (descriptor: id, group, basis, texts, detection data) plus the function
// of its matcher kind, looked up in one explicit table (rule_kinds()). The engine never fetches and
// never scores: it returns findings.
#pragma once

#include "checks/finding.hpp"
#include "checks/site_facts.hpp"
#include "config/catalogue.hpp"

#include <string>
#include <vector>

namespace pantau::checks {

struct AuditOptions {
    std::string lang = "id"; // language of messages and fixes: id or en
};

struct RuleContext {
    const SiteFacts& site;
    const config::Rule& rule;
    const AuditOptions& options;
    // The report-language text: Indonesian unless options.lang is "en".
    std::string tr(const std::string& id_text, const std::string& en_text) const {
        return options.lang == "en" ? en_text : id_text;
    }
};

using RuleFunction = Finding (*)(const RuleContext&);

struct RuleKind {
    const char* kind;   // as written in the catalogue's `kind:`
    RuleFunction run;
    const char* what;   // one line for `pantau rules`
};

// The table of matcher kinds.
const std::vector<RuleKind>& rule_kinds();

// Runs every rule of `catalogue` on `site`; one finding per rule, in catalogue order.
std::vector<Finding> audit_site(const SiteFacts& site, const config::Catalogue& catalogue,
                                const AuditOptions& options);

// Kind functions (one file each).
Finding rule_label(const RuleContext& ctx);
Finding rule_reachable(const RuleContext& ctx);

} // namespace pantau::checks

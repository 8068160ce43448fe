// reports/run_report.hpp — a stored, audited run as the renderers see it: every site with its crawl,
// findings, score and rank, sorted by rank. Reading only: the findings were decided by checks/.
#pragma once

#include "config/catalogue.hpp"
#include "reports/site_report.hpp"
#include "store/database.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace pantau::reports {

struct RunReport {
    store::Run run;
    std::string lang = "id";
    std::vector<SiteReport> sites; // by rank
};

// Scores every site of the run from its stored findings, ranks them (ties broken deterministically)
// and stores the scores. Returns the reports, by rank.
std::vector<SiteReport> score_and_rank(store::Database& db, std::int64_t run_id,
                                       const config::Catalogue& catalogue, const std::string& lang);

// Reads a stored run with its findings and scores. The fix text and legal basis come from `catalogue`
// in `lang`; messages are as stored by the audit.
// `with_availability` = false skips reading the stored pages (the availability figures stay empty),
// e.g. for the previous run a diff only needs the verdicts of.
RunReport load_run_report(const store::Database& db, std::int64_t run_id, const config::Catalogue& catalogue,
                          const std::string& lang, bool with_availability = true);

// The report.json object of DESIGN.md: {"run": {...}, "sites": [ per-site objects by rank ]}.
nlohmann::json run_json(const RunReport& report);

} // namespace pantau::reports

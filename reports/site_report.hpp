// reports/site_report.hpp — one site's report as the renderers see it, and the JSON and text
// renderers of `pantau check` (DESIGN.md "JSON report (per site)").
#pragma once

#include "checks/finding.hpp"
#include "config/catalogue.hpp"
#include "reports/availability.hpp"
#include "reports/score.hpp"
#include "store/database.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace pantau::reports {

struct SiteReport {
    store::Site site;
    store::Run run;
    store::SiteCrawl crawl;
    SiteScore score;
    int rank = 1;
    int pemda_rank = 1; // within the sites of the same pemda in the run
    std::vector<checks::Finding> findings;
    Availability availability; // filled by load_run_report (empty for `check`)
};

// The per-site JSON object of DESIGN.md.
nlohmann::json site_json(const SiteReport& report);

// A readable checklist (Bahasa Indonesia unless lang is "en"), for a terminal. Crawled strings are
// printed as text with control characters removed.
std::string site_text(const SiteReport& report, const config::Catalogue& catalogue, const std::string& lang);

} // namespace pantau::reports

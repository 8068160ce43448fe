// cli/check.hpp — `pantau check URL`: the webmaster's one-shot audit of one site.
#pragma once

#include "config/catalogue.hpp"
#include "crawler/site_crawl.hpp"
#include "reports/site_report.hpp"

#include <optional>
#include <string>

namespace pantau::cli {

struct CheckOptions {
    std::string url;
    std::string format = "text"; // text | json
    std::string lang = "id";     // id | en
    std::optional<double> fail_under;
    std::string rules_file; // empty: the built-in catalogue
    bool quiet = false;
    crawler::CrawlOptions crawl;
};

struct CheckResult {
    config::Catalogue catalogue;
    crawler::CrawlOutcome outcome;
    reports::SiteReport report;
    int exit_code = 0; // of DESIGN.md
};

// Crawls, audits and scores one site; exit_code says how it went (nothing printed to stdout).
CheckResult check_site(const CheckOptions& options);

// Runs the check and prints the report to stdout; returns the exit code of DESIGN.md.
int run_check(const CheckOptions& options);

} // namespace pantau::cli

// reports/availability.hpp — availability figures of one site's crawl (pages answered, response
// times, failures, broken documents), summarised from the stored pages for the report.
//
// Figures only: the verdicts on them (avail.* rules) are decided by checks/, never here.
#pragma once

#include "store/database.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pantau::reports {

struct Availability {
    int pages = 0;  // on-site pages the crawl tried (evidence pages on other hosts are left out)
    int ok = 0;     // of which answered 2xx
    int errors = 0; // of which failed (no answer, 4xx or 5xx)
    std::optional<double> median_ttfb_ms;
    std::optional<double> p90_ttfb_ms;
    std::optional<double> median_total_ms;
    int documents = 0;
    int documents_broken = 0;
    // Failure kind ("timeout", "http_4xx" …) and how often, most frequent first.
    std::vector<std::pair<std::string, int>> failures;
};

// Summarises a site's stored pages and documents of one run.
Availability summarize_availability(const std::vector<store::Page>& pages,
                                    const std::vector<store::Document>& documents);

} // namespace pantau::reports

// reports/csv.hpp — ranking.csv: one row per site, for spreadsheets.
//
// UTF-8 with a byte-order mark (Excel otherwise reads it as a legacy code page), CRLF rows, RFC 4180
// quoting, and every cell that a spreadsheet would read as a formula (= + - @, tab, CR) prefixed with
// a quote: site names and URLs come from registries and crawls, and must not run as formulas.
#pragma once

#include "config/catalogue.hpp"
#include "reports/run_report.hpp"

#include <string>

namespace pantau::reports {

// Columns: rank, site, pemda, url, score, category, one per catalogue group (its score, empty when
// not assessed), fails. Rows by rank.
std::string ranking_csv(const RunReport& report, const config::Catalogue& catalogue);

// One CSV cell, made formula-safe and quoted when needed.
std::string csv_cell(const std::string& value);

} // namespace pantau::reports

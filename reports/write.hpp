// reports/write.hpp — writes a run's reports into a directory in the chosen formats: report.html
// (+ situs/<id>.html), report.json, ranking.csv, report.xlsx. Used by `pantau run` after a run and
// by `pantau report` to render any stored run again.
#pragma once

#include "config/catalogue.hpp"
#include "reports/diff.hpp"
#include "reports/run_report.hpp"
#include "reports/xlsx.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace pantau::reports {

struct Formats {
    bool html = true;
    bool json = true;
    bool csv = true;
    bool xlsx = true;
};

// Parses "html,json,csv,xlsx" (any subset, any order, at least one); the error names the bad item.
std::expected<Formats, std::string> parse_formats(const std::string& list);

// Writes the chosen formats into `dir` (created when absent), each file written whole to a temporary
// name and renamed, so a reader never sees half a report. `diff` may be null (first run of a
// registry). Returns the files written. Throws ReportError when a file cannot be written.
std::vector<std::filesystem::path> write_reports(const RunReport& report, const RunDiff* diff,
                                                 const config::Catalogue& catalogue,
                                                 const std::filesystem::path& dir,
                                                 const Formats& formats = {});

} // namespace pantau::reports

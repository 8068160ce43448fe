// cli/report_command.hpp — `pantau report`: renders a stored run again (HTML, JSON, CSV, XLSX) without
// fetching or re-judging anything. The rendering itself is reports::write_reports.
#pragma once

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace pantau::cli {

struct ReportOptions {
    std::string db_path;
    std::string out_dir;
    std::int64_t run_id = 0; // 0: the latest run
    std::string lang = "id";
    std::string formats = "html,json,csv,xlsx";
    std::string rules_file; // empty: the built-in catalogue (titles, fix texts, weights)
};

// Adds the `report` subcommand and its options (bound to `options`) to `app`.
CLI::App* add_report_subcommand(CLI::App& app, ReportOptions& options);

// Writes the reports of a stored run; returns the exit code of DESIGN.md (2 for a missing database,
// an unknown run or format). Prints the written directory to stdout.
int run_report_command(const ReportOptions& options);

} // namespace pantau::cli

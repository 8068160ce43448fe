#include "cli/report_command.hpp"

#include "cli/app.hpp"
#include "config/catalogue.hpp"
#include "reports/diff.hpp"
#include "reports/run_report.hpp"
#include "reports/write.hpp"
#include "store/database.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <filesystem>

namespace pantau::cli {

CLI::App* add_report_subcommand(CLI::App& app, ReportOptions& options) {
    auto* cmd =
        app.add_subcommand("report", "Write the reports of a stored run again (HTML, JSON, CSV, XLSX)");
    cmd->add_option("--db", options.db_path, "SQLite database")->required();
    cmd->add_option("--out", options.out_dir, "Report directory")->required();
    cmd->add_option("--run", options.run_id, "Run id (default: the latest)")->check(CLI::PositiveNumber);
    cmd->add_option("--lang", options.lang, "Report language: id (Bahasa Indonesia) or en")
        ->check(CLI::IsMember({"id", "en"}))
        ->capture_default_str();
    cmd->add_option("--format", options.formats, "Comma-separated: html,json,csv,xlsx")
        ->capture_default_str();
    cmd->add_option("--rules", options.rules_file, "Rule catalogue YAML (default: built-in)")
        ->check(CLI::ExistingFile);
    return cmd;
}

int run_report_command(const ReportOptions& opt) {
    const auto formats = reports::parse_formats(opt.formats);
    if (!formats) {
        fmt::print(stderr, "pantau report: --format: {}\n", formats.error());
        return k_exit_usage;
    }
    // Opening would create an empty database: a mistyped path must be an error, not an empty report.
    if (!std::filesystem::exists(opt.db_path)) {
        fmt::print(stderr, "pantau report: {}: no such database\n", opt.db_path);
        return k_exit_usage;
    }
    const config::Catalogue catalogue = config::load_catalogue_or_default(opt.rules_file);
    store::Database db(opt.db_path);
    std::int64_t run_id = opt.run_id;
    if (run_id == 0) {
        const auto latest = db.latest_run();
        if (!latest) {
            fmt::print(stderr, "pantau report: {}: the database holds no run\n", opt.db_path);
            return k_exit_usage;
        }
        run_id = latest->id;
    } else if (!db.run(run_id)) {
        fmt::print(stderr, "pantau report: {}: no run {}\n", opt.db_path, run_id);
        return k_exit_usage;
    }
    const reports::RunReport report = reports::load_run_report(db, run_id, catalogue, opt.lang);
    const auto diff = reports::load_run_diff(db, report, catalogue);
    const auto files =
        reports::write_reports(report, diff ? &*diff : nullptr, catalogue, opt.out_dir, *formats);
    const bool en = opt.lang == "en";
    std::string compared;
    if (diff) {
        compared =
            fmt::format("{} {}", en ? ", compared with run" : ", dibandingkan dengan run", diff->previous.id);
    }
    fmt::print("{} {} ({} {}, run {}{})\n", en ? "Reports in" : "Laporan di",
               std::filesystem::absolute(opt.out_dir).string(), files.size(), en ? "files" : "berkas", run_id,
               compared);
    return k_exit_ok;
}

} // namespace pantau::cli

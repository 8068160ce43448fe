#include "cli/run_command.hpp"

#include "cli/app.hpp"
#include "cli/pipeline.hpp"
#include "config/catalogue.hpp"
#include "config/sites.hpp"
#include "reports/run_report.hpp"
#include "store/clock.hpp"
#include "store/database.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace pantau::cli {

namespace {

config::Catalogue catalogue_for(const std::string& rules_file) {
    return rules_file.empty() ? config::default_catalogue() : config::load_catalogue(rules_file);
}

std::filesystem::path default_out_dir() {
    return std::filesystem::path("pantau-out") / store::iso_utc_now().substr(0, 10);
}

void write_outputs(const reports::RunReport& report, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    std::ofstream json(dir / "report.json", std::ios::binary);
    json << reports::run_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    if (!json) {
        throw std::runtime_error("cannot write " + (dir / "report.json").string());
    }
}

void print_ranking(const reports::RunReport& report, const config::Catalogue& catalogue) {
    fmt::print("{:>4}  {:>5}  {:<18}  {}\n", "#", "skor", "kategori", "situs");
    for (const auto& s : report.sites) {
        fmt::print("{:>4}  {:>5.1f}  {:<18}  {}\n", s.rank, s.score.score,
                   catalogue.band_for(s.score.score).label.in(report.lang), s.site.name);
    }
}

} // namespace

int run_command(const RunOptions& opt) {
    const auto sites = config::load_sites(opt.sites_file);
    const config::Catalogue catalogue = catalogue_for(opt.rules_file);
    std::unique_ptr<RunLock> lock;
    if (opt.lock) {
        lock = std::make_unique<RunLock>(opt.db_path);
    }
    store::Database db(opt.db_path);
    const std::string registry = std::filesystem::absolute(opt.sites_file).string();
    const RunHandle run = begin_or_resume_run(db, opt.fetch_only ? "crawl" : "run", registry, sites);
    if (!opt.quiet) {
        fmt::print(stderr, "pantau: {} run {} — {} situs dari {}\n", run.resumed ? "melanjutkan" : "memulai",
                   run.run_id, sites.size(), opt.sites_file);
    }
    crawl_run(db, run, opt.crawl, opt.quiet);
    if (opt.fetch_only) {
        db.finish_run(run.run_id, store::iso_utc_now(), "done");
        fmt::print("run {} selesai (hanya perayapan); audit dengan: pantau audit --db {} --run {}\n", run.run_id,
                   opt.db_path, run.run_id);
        return k_exit_ok;
    }
    db.finish_run(run.run_id, store::iso_utc_now(), "done");
    audit_run(db, run.run_id, catalogue, opt.lang);

    const reports::RunReport report = reports::load_run_report(db, run.run_id, catalogue, opt.lang);
    const std::filesystem::path out = opt.out_dir.empty() ? default_out_dir() : std::filesystem::path(opt.out_dir);
    write_outputs(report, out);
    print_ranking(report, catalogue);
    fmt::print("\nLaporan: {}\n", std::filesystem::absolute(out / "report.json").string());
    return k_exit_ok;
}

int audit_command(const AuditCommandOptions& opt) {
    if (!std::filesystem::exists(opt.db_path)) {
        fmt::print(stderr, "pantau: {}: no such database\n", opt.db_path);
        return k_exit_usage;
    }
    const config::Catalogue catalogue = catalogue_for(opt.rules_file);
    store::Database db(opt.db_path);
    std::int64_t run_id = opt.run_id;
    if (run_id == 0) {
        const auto latest = db.latest_run();
        if (!latest) {
            fmt::print(stderr, "pantau: {}: the database holds no run\n", opt.db_path);
            return k_exit_usage;
        }
        run_id = latest->id;
    } else if (!db.run(run_id)) {
        fmt::print(stderr, "pantau: {}: no run {}\n", opt.db_path, run_id);
        return k_exit_usage;
    }
    audit_run(db, run_id, catalogue, opt.lang);
    const reports::RunReport report = reports::load_run_report(db, run_id, catalogue, opt.lang);
    print_ranking(report, catalogue);
    return k_exit_ok;
}

} // namespace pantau::cli

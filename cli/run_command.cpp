#include "cli/run_command.hpp"

#include "cli/app.hpp"
#include "cli/pipeline.hpp"
#include "config/catalogue.hpp"
#include "config/sites.hpp"
#include "reports/diff.hpp"
#include "reports/run_report.hpp"
#include "reports/write.hpp"
#include "store/clock.hpp"
#include "store/database.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace pantau::cli {

namespace {

std::filesystem::path default_out_dir() {
    return std::filesystem::path("pantau-out") / store::iso_utc_now().substr(0, 10);
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

    const config::Catalogue catalogue = config::load_catalogue_or_default(opt.rules_file);
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
    const std::filesystem::path out =
        opt.out_dir.empty() ? default_out_dir() : std::filesystem::path(opt.out_dir);
    crawler::CrawlOptions crawl = opt.crawl;
    if (opt.warc) {
        crawl.warc_dir = (out / "evidence").string();
    }
    crawl_run(db, run, crawl, opt.quiet);
    if (opt.fetch_only) {
        db.finish_run(run.run_id, store::iso_utc_now(), "done");
        fmt::print("run {} selesai (hanya perayapan); audit dengan: pantau audit --db {} --run {}\n",
                   run.run_id, opt.db_path, run.run_id);
        return k_exit_ok;
    }
    db.finish_run(run.run_id, store::iso_utc_now(), "done");
    audit_run(db, run.run_id, catalogue, opt.lang);

    const reports::RunReport report = reports::load_run_report(db, run.run_id, catalogue, opt.lang);
    const std::optional<reports::RunDiff> diff = reports::load_run_diff(db, report, catalogue);
    reports::write_reports(report, diff ? &*diff : nullptr, catalogue, out);
    print_ranking(report, catalogue);
    fmt::print("\nLaporan: {}\n", std::filesystem::absolute(out / "report.html").string());
    return k_exit_ok;
}

int audit_command(const AuditCommandOptions& opt) {
    if (!std::filesystem::exists(opt.db_path)) {
        fmt::print(stderr, "pantau: {}: no such database\n", opt.db_path);
        return k_exit_usage;
    }
    const config::Catalogue catalogue = config::load_catalogue_or_default(opt.rules_file);
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

namespace pantau::cli {

int history_command(const std::string& db_path, const std::string& format) {
    if (!std::filesystem::exists(db_path)) {
        fmt::print(stderr, "pantau: {}: no such database\n", db_path);
        return k_exit_usage;
    }
    store::Database db(db_path);
    nlohmann::json rows = nlohmann::json::array();
    if (format != "json") {
        fmt::print("{:>4}  {:<20}  {:<8}  {:>5}  {:>7}  {:>10}  {:>6}  {:>4}\n", "run", "mulai", "status",
                   "situs", "halaman", "skor rata2", "gagal", "mati");
    }
    for (const auto& run : db.runs()) {
        const auto crawls = db.site_crawls(run.id);
        const auto scores = db.scores(run.id);
        std::int64_t pages = 0;
        int down = 0;
        for (const auto& c : crawls) {
            pages += c.pages_fetched;
            down += (c.status == "down" || c.status == "blocked") ? 1 : 0;
        }
        double mean = 0;
        for (const auto& s : scores) {
            mean += s.score;
        }
        mean = scores.empty() ? 0 : mean / static_cast<double>(scores.size());
        int fails = 0;
        for (const auto& c : crawls) {
            for (const auto& f : db.findings(run.id, c.site_id)) {
                fails += f.status == "fail" ? 1 : 0;
            }
        }
        if (format == "json") {
            rows.push_back({{"id", run.id},
                            {"kind", run.kind},
                            {"started_at", run.started_at},
                            {"finished_at", run.finished_at},
                            {"status", run.status},
                            {"sites", crawls.size()},
                            {"pages", pages},
                            {"mean_score", scores.empty() ? nlohmann::json(nullptr) : nlohmann::json(mean)},
                            {"fails", fails},
                            {"sites_unreachable", down}});
        } else {
            fmt::print("{:>4}  {:<20}  {:<8}  {:>5}  {:>7}  {:>10}  {:>6}  {:>4}\n", run.id, run.started_at,
                       run.status, crawls.size(), pages, scores.empty() ? "-" : fmt::format("{:.1f}", mean),
                       fails, down);
        }
    }
    if (format == "json") {
        fmt::print("{}\n", rows.dump(2));
    }
    return k_exit_ok;
}

} // namespace pantau::cli

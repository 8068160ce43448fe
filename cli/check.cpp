#include "cli/check.hpp"

#include "checks/engine.hpp"
#include "cli/app.hpp"
#include "config/catalogue.hpp"
#include "crawler/url.hpp"
#include "reports/site_report.hpp"
#include "store/clock.hpp"
#include "store/database.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace pantau::cli {

CheckResult check_site(const CheckOptions& opt) {
    CheckResult result;
    result.catalogue = config::load_catalogue_or_default(opt.rules_file);
    const config::Catalogue& catalogue = result.catalogue;

    // `check` keeps nothing: its crawl lives in an in-memory database for the length of the command.
    store::Database db(":memory:");
    store::Site site;
    site.url = opt.url;
    site.name = crawler::url_host(opt.url);
    const std::int64_t site_id = db.upsert_site(site);
    store::Run run;
    run.kind = "check";
    run.registry = opt.url;
    run.started_at = store::iso_utc_now();
    run.status = "running";
    run.id = db.begin_run(run);

    const bool tty = isatty(STDERR_FILENO) != 0;
    crawler::ProgressFn progress;
    if (!opt.quiet && tty) {
        progress = [](const crawler::CrawlProgress& p) {
            fmt::print(stderr, "\r{} halaman diambil, {} dalam antrean   ", p.pages, p.queued);
        };
    }
    if (!opt.quiet) {
        fmt::print(stderr, "pantau: memeriksa {} (paling banyak {} halaman, {} permintaan/detik)\n", opt.url,
                   opt.crawl.max_pages, opt.crawl.rate);
    }
    result.outcome = crawler::crawl_site(db, run.id, site_id, opt.url, opt.crawl, progress);
    const crawler::CrawlOutcome& outcome = result.outcome;
    if (!opt.quiet && tty) {
        fmt::print(stderr, "\n");
    }
    if (outcome.home_failure == crawler::FailureKind::private_address) {
        fmt::print(stderr,
                   "pantau: refusing to fetch {}: it resolves to a private, loopback or link-local address. "
                   "Pass --allow-private to allow it (e.g. your own intranet or a test server).\n",
                   opt.url);
        result.exit_code = k_exit_usage;
        return result;
    }
    run.finished_at = store::iso_utc_now();
    run.status = "done";
    db.finish_run(run.id, run.finished_at, run.status);

    checks::AuditOptions audit_opt;
    audit_opt.lang = opt.lang;
    const checks::SiteFacts facts = checks::load_site_facts(db, run.id, site_id, catalogue);
    reports::SiteReport& report = result.report;
    report.site = facts.site;
    report.run = *db.run(run.id);
    report.crawl = facts.crawl;
    report.findings = checks::audit_site(facts, catalogue, audit_opt);
    report.score = reports::score_site(report.findings, catalogue);
    report.rank = 1;

    if (outcome.status == "down" || outcome.status == "blocked") {
        result.exit_code = k_exit_unreachable;
    } else if (opt.fail_under && report.score.score < *opt.fail_under) {
        result.exit_code = k_exit_below_threshold;
    }
    return result;
}

int run_check(const CheckOptions& opt) {
    CheckResult result = check_site(opt);
    if (result.exit_code == k_exit_usage) {
        return result.exit_code;
    }
    const reports::SiteReport& report = result.report;
    if (opt.format == "json") {
        std::cout << reports::site_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
    } else {
        std::cout << reports::site_text(report, result.catalogue, opt.lang);
    }
    std::cout.flush();
    if (result.exit_code == k_exit_unreachable) {
        fmt::print(stderr, "pantau: {} could not be fetched: {}\n", opt.url, result.outcome.reason);
    } else if (result.exit_code == k_exit_below_threshold && !opt.quiet) {
        fmt::print(stderr, "pantau: score {:.1f} is under --fail-under {:.1f}\n", report.score.score,
                   *opt.fail_under);
    }
    return result.exit_code;
}

} // namespace pantau::cli

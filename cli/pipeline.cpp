#include "cli/pipeline.hpp"

#include "checks/engine.hpp"
#include "reports/run_report.hpp"
#include "store/clock.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/file.h>
#include <unistd.h>

#include <stdexcept>

namespace pantau::cli {

RunHandle begin_or_resume_run(store::Database& db, const std::string& kind, const std::string& registry,
                              const std::vector<config::SiteEntry>& sites) {
    RunHandle h;
    for (const auto& run : db.runs()) {
        if (run.registry == registry && run.kind == kind) {
            h.run_id = run.status == "running" ? run.id : 0; // only the newest run of the registry counts
        }
    }
    h.resumed = h.run_id != 0;
    db.begin();
    if (!h.resumed) {
        store::Run run;
        run.kind = kind;
        run.registry = registry;
        run.started_at = store::iso_utc_now();
        run.status = "running";
        h.run_id = db.begin_run(run);
    }
    for (const auto& s : sites) {
        store::Site row;
        row.name = s.name;
        row.url = s.url;
        row.pemda = s.pemda;
        row.parent = s.parent;
        row.contact_email = s.contact_email;
        for (const auto& t : s.tags) {
            row.tags += (row.tags.empty() ? "" : ";") + t;
        }
        h.sites.emplace_back(db.upsert_site(row), s.url);
    }
    db.commit();
    return h;
}

int crawl_run(store::Database& db, const RunHandle& run, const crawler::CrawlOptions& options, bool quiet) {
    std::vector<crawler::SiteJob> jobs;
    for (const auto& [site_id, url] : run.sites) {
        jobs.push_back({site_id, url});
    }
    crawler::ProgressFn progress;
    const bool tty = isatty(STDERR_FILENO) != 0;
    if (!quiet) {
        // A live line on a terminal; a plain line every 10 seconds in a log (cron, systemd).
        progress = [tty, last = -1.0](const crawler::CrawlProgress& p) mutable {
            if (tty) {
                fmt::print(stderr, "\r{}\x1b[K", crawler::format_progress(p));
            } else if (p.elapsed_s - last >= 10.0 || p.sites_done == p.sites_total) {
                last = p.elapsed_s;
                fmt::print(stderr, "{}\n", crawler::format_progress(p));
            }
        };
    }
    const auto outcomes = crawler::crawl_sites(db, run.run_id, jobs, options, progress);
    if (!quiet) {
        if (tty) {
            fmt::print(stderr, "\n");
        }
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            if (outcomes[i].status != "ok") {
                fmt::print(stderr, "  {} — {}: {}\n", jobs[i].start_url, outcomes[i].status,
                           outcomes[i].reason);
            }
        }
    }
    return static_cast<int>(outcomes.size());
}

void audit_run(store::Database& db, std::int64_t run_id, const config::Catalogue& catalogue,
               const std::string& lang) {
    checks::AuditOptions options;
    options.lang = lang;
    // The audit reads each stored page once, one site at a time: the 16 MiB the crawl's writes keep
    // cached would only add to the site's facts in memory (a 20,000-page site's audit is the peak).
    db.set_cache_kib(2048);
    for (const auto& crawl : db.site_crawls(run_id)) {
        const checks::SiteFacts facts = checks::load_site_facts(db, run_id, crawl.site_id, catalogue);
        std::vector<store::Finding> rows;
        for (const auto& f : checks::audit_site(facts, catalogue, options)) {
            store::Finding row;
            row.run_id = run_id;
            row.site_id = crawl.site_id;
            row.rule = f.rule;
            row.status = std::string(checks::to_string(f.status));
            row.group = f.group;
            row.message = f.message;
            row.evidence_json = checks::evidence_to_json(f.evidence);
            rows.push_back(std::move(row));
        }
        db.replace_findings(run_id, crawl.site_id, rows);
    }
    db.set_cache_kib(store::Database::k_cache_kib);
    reports::score_and_rank(db, run_id, catalogue, lang);
}

RunLock::RunLock(const std::string& db_path) {
    const std::string path = db_path + ".lock";
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        throw std::runtime_error("cannot create the lock file " + path);
    }
    if (flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_fd);
        m_fd = -1;
        throw std::runtime_error("another pantau run is using " + db_path + " (lock " + path +
                                 " is held); not starting a second one");
    }
}

RunLock::~RunLock() {
    if (m_fd >= 0) {
        flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }
}

} // namespace pantau::cli

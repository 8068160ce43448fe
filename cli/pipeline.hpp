// cli/pipeline.hpp — the stages of the main job, each re-runnable alone on what the stage before it
// stored: crawl a registry into a run, audit a stored run, score and rank it.
#pragma once

#include "config/catalogue.hpp"
#include "config/sites.hpp"
#include "crawler/site_crawl.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pantau::cli {

// Starts a run of `registry`, or resumes the last one when it was interrupted (status "running"),
// so a killed run restarted with the same command stays one run. Sites are upserted by URL.
struct RunHandle {
    std::int64_t run_id = 0;
    bool resumed = false;
    std::vector<std::pair<std::int64_t, std::string>> sites; // (site id, start URL), registry order
};
RunHandle begin_or_resume_run(store::Database& db, const std::string& kind, const std::string& registry,
                              const std::vector<config::SiteEntry>& sites);

// Crawls the run's sites concurrently (politely per host); sites already finished in this run are
// skipped and an interrupted site resumes from its stored frontier. Returns the number of sites.
int crawl_run(store::Database& db, const RunHandle& run, const crawler::CrawlOptions& options, bool quiet);

// Runs the rules on every site of the stored run and stores the findings (replacing older ones),
// then scores and ranks the sites and stores the scores.
void audit_run(store::Database& db, std::int64_t run_id, const config::Catalogue& catalogue,
               const std::string& lang);

// Exclusive advisory lock on "<db>.lock" for the life of the object, so two scheduled runs never share
// a database. Throws std::runtime_error naming the lock file when another process holds it.
class RunLock {
public:
    explicit RunLock(const std::string& db_path);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int m_fd = -1;
};

} // namespace pantau::cli

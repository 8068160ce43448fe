// cli/run_command.hpp — `pantau run`, `pantau crawl` and `pantau audit`: the regency's scheduled job and
// its stages.
#pragma once

#include "crawler/site_crawl.hpp"

#include <cstdint>
#include <string>

namespace pantau::cli {

struct RunOptions {
    std::string sites_file;
    std::string db_path = "pantau.db";
    std::string out_dir; // default ./pantau-out/<date>/
    std::string lang = "id";
    std::string rules_file;
    bool warc = false;
    bool lock = false;
    bool quiet = false;
    bool fetch_only = false; // `pantau crawl`
    crawler::CrawlOptions crawl;
};

int run_command(const RunOptions& options);

struct AuditCommandOptions {
    std::string db_path;
    std::int64_t run_id = 0; // 0: the latest run
    std::string rules_file;
    std::string lang = "id";
};

int audit_command(const AuditCommandOptions& options);

} // namespace pantau::cli

namespace pantau::cli {

// `pantau history --db FILE`: one line per stored run (date, sites, pages, mean score, failures).
int history_command(const std::string& db_path, const std::string& format);

} // namespace pantau::cli

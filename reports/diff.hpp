// reports/diff.hpp — what changed for each site since the previous run of the same registry: rules
// that became `fail`, rules that were fixed, the score and rank change, and the run's biggest movers.
//
// Compares stored verdicts only; it never re-judges a finding.
#pragma once

#include "config/catalogue.hpp"
#include "reports/run_report.hpp"
#include "store/database.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pantau::reports {

struct RuleChange {
    std::string rule;
    std::string group;
    std::string before; // contract status string ("pass", "warn", "n-a", "fail"); "" when not judged then
    std::string after;
};

struct SiteDiff {
    std::int64_t site_id = 0;
    std::string name;
    std::string pemda;
    bool is_new = false; // not in the previous run: no changes are listed
    std::optional<double> previous_score;
    double score = 0;
    double delta = 0; // score - previous_score; 0 for a new site
    std::string previous_category;
    std::string category;
    int previous_rank = 0; // 0 for a new site
    int rank = 0;
    std::vector<RuleChange> became_fail; // fail now, not fail before (catalogue order)
    std::vector<RuleChange> fixed;       // fail before, pass or warn now (catalogue order)
};

struct RunDiff {
    store::Run previous;
    std::vector<SiteDiff> sites;                 // in the current run's rank order
    std::vector<store::Site> removed;            // in the previous run only
    std::vector<std::size_t> risers;             // indexes into `sites`: largest gains first
    std::vector<std::size_t> fallers;            // indexes into `sites`: largest losses first
    std::map<std::int64_t, std::size_t> by_site; // site id -> index into `sites`

    // The diff of one site of the current run; nullptr when absent.
    const SiteDiff* site(std::int64_t site_id) const;
};

// Compares two loaded runs. `movers` caps the risers and fallers lists; ties are broken by the
// current rank so the lists are deterministic.
RunDiff diff_runs(const RunReport& current, const RunReport& previous, std::size_t movers = 5);

// The run this one is compared with: the newest earlier run with the same registry (runs.registry)
// that is not still running. nullopt for a first run.
std::optional<store::Run> previous_run(const store::Database& db, std::int64_t run_id);

// Loads the previous run (see previous_run) and compares `current` with it; nullopt for a first run.
std::optional<RunDiff> load_run_diff(const store::Database& db, const RunReport& current,
                                     const config::Catalogue& catalogue, std::size_t movers = 5);

} // namespace pantau::reports

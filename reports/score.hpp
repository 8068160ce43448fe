// reports/score.hpp — scoring, classification and ranking (KIP.md "Groups and default weights").
//
// A group's score is the weighted share of its applicable rules that pass (warn counts half, n-a is
// left out of numerator and denominator); the site score is the weighted mean of the group scores of
// groups with at least one applicable rule, 0..100. The category is the Komisi Informasi band the score
// falls in — an estimate of e-Monev readiness from the website, never the official qualification.
// Scoring never decides pass/fail: it reads the findings.
#pragma once

#include "checks/finding.hpp"
#include "config/catalogue.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pantau::reports {

struct GroupScore {
    std::string id;
    std::optional<double> score; // 0..100; nullopt when no rule of the group applied
    double weight = 0;
    int pass = 0, warn = 0, fail = 0, na = 0;
};

struct SiteScore {
    double score = 0; // 0..100
    std::string category;
    std::vector<GroupScore> groups; // in catalogue order
    int fails = 0;
};

SiteScore score_site(const std::vector<checks::Finding>& findings, const config::Catalogue& catalogue);

// Ranks by score descending; ties broken by fewer fails, then by name, so the order is deterministic.
// Returns the 1-based rank for each input index.
struct RankInput {
    double score = 0;
    int fails = 0;
    std::string name;
};
std::vector<int> rank(const std::vector<RankInput>& sites);

// The same order within each partition: `keys[i]` names the partition of sites[i] (the pemda, so a
// regent sees where an agency stands among their own). Returns the 1-based rank within the partition.
std::vector<int> rank_within(const std::vector<RankInput>& sites, const std::vector<std::string>& keys);

} // namespace pantau::reports

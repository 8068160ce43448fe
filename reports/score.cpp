#include "reports/score.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace pantau::reports {

SiteScore score_site(const std::vector<checks::Finding>& findings, const config::Catalogue& catalogue) {
    SiteScore out;
    double total = 0;
    double total_weight = 0;
    for (const auto& g : catalogue.groups) {
        GroupScore gs;
        gs.id = g.id;
        gs.weight = g.weight;
        double got = 0;
        double possible = 0;
        for (const auto& f : findings) {
            if (f.group != g.id) {
                continue;
            }
            const config::Rule* rule = catalogue.rule(f.rule);
            const double w = rule != nullptr ? rule->weight : 1.0;
            switch (f.status) {
            case checks::Status::pass:
                ++gs.pass;
                got += w;
                possible += w;
                break;
            case checks::Status::warn:
                ++gs.warn;
                got += w / 2;
                possible += w;
                break;
            case checks::Status::fail:
                ++gs.fail;
                ++out.fails;
                possible += w;
                break;
            case checks::Status::na:
                ++gs.na;
                break;
            }
        }
        if (possible > 0) {
            gs.score = 100.0 * got / possible;
            total += *gs.score * g.weight;
            total_weight += g.weight;
        }
        out.groups.push_back(gs);
    }
    out.score = total_weight > 0 ? total / total_weight : 0.0;
    // Scores are shown with one decimal; classify the shown value so label and number agree.
    out.score = std::round(out.score * 10.0) / 10.0;
    out.category = catalogue.band_for(out.score).id;
    return out;
}

std::vector<int> rank(const std::vector<RankInput>& sites) {
    std::vector<std::size_t> order(sites.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto& x = sites[a];
        const auto& y = sites[b];
        if (x.score != y.score) {
            return x.score > y.score;
        }
        if (x.fails != y.fails) {
            return x.fails < y.fails;
        }
        return x.name < y.name;
    });
    std::vector<int> ranks(sites.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        ranks[order[i]] = static_cast<int>(i) + 1;
    }
    return ranks;
}

std::vector<int> rank_within(const std::vector<RankInput>& sites, const std::vector<std::string>& keys) {
    const std::vector<int> overall = rank(sites);
    std::vector<std::size_t> order(sites.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return overall[a] < overall[b]; });
    std::map<std::string, int> seen;
    std::vector<int> out(sites.size(), 0);
    for (std::size_t i : order) {
        out[i] = ++seen[i < keys.size() ? keys[i] : std::string()];
    }
    return out;
}

} // namespace pantau::reports

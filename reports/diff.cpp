#include "reports/diff.hpp"

#include "checks/finding.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace pantau::reports {

const SiteDiff* RunDiff::site(std::int64_t site_id) const {
    const auto it = by_site.find(site_id);
    return it != by_site.end() && it->second < sites.size() ? &sites[it->second] : nullptr;
}

RunDiff diff_runs(const RunReport& current, const RunReport& previous, std::size_t movers) {
    RunDiff out;
    out.previous = previous.run;
    std::map<std::int64_t, const SiteReport*> before;
    for (const auto& s : previous.sites) {
        before[s.site.id] = &s;
    }
    std::set<std::int64_t> present;
    for (const auto& now : current.sites) {
        present.insert(now.site.id);
        SiteDiff d;
        d.site_id = now.site.id;
        d.name = now.site.name;
        d.pemda = now.site.pemda;
        d.score = now.score.score;
        d.category = now.score.category;
        d.rank = now.rank;
        const auto it = before.find(now.site.id);
        if (it == before.end()) {
            d.is_new = true;
            out.sites.push_back(std::move(d));
            continue;
        }
        const SiteReport& was = *it->second;
        d.previous_score = was.score.score;
        d.previous_category = was.score.category;
        d.previous_rank = was.rank;
        // Both scores are rounded to one decimal; so is their difference, or 0.1 - 0.0 prints oddly.
        d.delta = std::round((now.score.score - was.score.score) * 10.0) / 10.0;
        std::map<std::string, checks::Status> old_status;
        for (const auto& f : was.findings) {
            old_status[f.rule] = f.status;
        }
        for (const auto& f : now.findings) {
            const auto o = old_status.find(f.rule);
            const std::string old_str =
                o == old_status.end() ? "" : std::string(checks::to_string(o->second));
            const bool was_fail = o != old_status.end() && o->second == checks::Status::fail;
            if (f.status == checks::Status::fail && !was_fail) {
                d.became_fail.push_back({f.rule, f.group, old_str, "fail"});
            } else if (was_fail && (f.status == checks::Status::pass || f.status == checks::Status::warn)) {
                d.fixed.push_back({f.rule, f.group, old_str, std::string(checks::to_string(f.status))});
            }
        }
        out.sites.push_back(std::move(d));
    }
    for (const auto& s : previous.sites) {
        if (!present.contains(s.site.id)) {
            out.removed.push_back(s.site);
        }
    }
    for (std::size_t i = 0; i < out.sites.size(); ++i) {
        out.by_site[out.sites[i].site_id] = i;
        if (out.sites[i].delta > 0) {
            out.risers.push_back(i);
        } else if (out.sites[i].delta < 0) {
            out.fallers.push_back(i);
        }
    }
    // `sites` is in rank order, so a stable sort breaks ties by rank.
    std::stable_sort(out.risers.begin(), out.risers.end(),
                     [&](std::size_t a, std::size_t b) { return out.sites[a].delta > out.sites[b].delta; });
    std::stable_sort(out.fallers.begin(), out.fallers.end(),
                     [&](std::size_t a, std::size_t b) { return out.sites[a].delta < out.sites[b].delta; });
    if (out.risers.size() > movers) {
        out.risers.resize(movers);
    }
    if (out.fallers.size() > movers) {
        out.fallers.resize(movers);
    }
    return out;
}

std::optional<store::Run> previous_run(const store::Database& db, std::int64_t run_id) {
    const auto run = db.run(run_id);
    if (!run) {
        return std::nullopt;
    }
    std::optional<store::Run> best;
    for (const auto& r : db.runs()) {
        if (r.id < run_id && r.registry == run->registry && r.status != "running") {
            if (!best || r.id > best->id) {
                best = r;
            }
        }
    }
    return best;
}

std::optional<RunDiff> load_run_diff(const store::Database& db, const RunReport& current,
                                     const config::Catalogue& catalogue, std::size_t movers) {
    const auto prev = previous_run(db, current.run.id);
    if (!prev) {
        return std::nullopt;
    }
    return diff_runs(current, load_run_report(db, prev->id, catalogue, current.lang, false), movers);
}

} // namespace pantau::reports

// avail.uptime: the share of this site's crawls in the stored runs of the last `limits.window_days`
// days that reached it (ok or partial), against `limits` in percent (99 % pass, 95 % warn). A blocked
// crawl is neither up nor down and is left out. Fewer than `limits.min_count` runs: n-a.
#include "checks/calendar.hpp"
#include "checks/engine.hpp"

#include <fmt/core.h>

namespace pantau::checks {

Finding rule_uptime(const RuleContext& ctx) {
    const auto& lim = ctx.rule.limits;
    int probes = 0;
    int up = 0;
    std::vector<Evidence> downs;
    for (const auto& h : ctx.site.history) {
        auto day = days_from_iso(h.started_at);
        if (!day || *day > ctx.today || (lim.window_days > 0 && ctx.today - *day > lim.window_days) ||
            h.status == "blocked" || h.status.empty()) {
            continue;
        }
        ++probes;
        if (h.status == "ok" || h.status == "partial") {
            ++up;
        } else {
            downs.push_back({ctx.site.site.url,
                             ctx.tr("tidak dapat diakses pada proses #", "unreachable in run #") +
                                 std::to_string(h.run_id),
                             h.started_at.substr(0, 10), 0});
        }
    }
    Finding f;
    if (probes < std::max(1, lim.min_count)) {
        f.status = Status::na;
        f.message = ctx.tr(fmt::format("Baru {} pemeriksaan dalam {} hari terakhir; perlu paling sedikit {}.",
                                       probes, lim.window_days, lim.min_count),
                           fmt::format("Only {} checks in the last {} days; at least {} are needed.", probes,
                                       lim.window_days, lim.min_count));
        return f;
    }
    const double share = 100.0 * up / probes;
    f.status = share >= lim.pass ? Status::pass : share >= lim.warn ? Status::warn : Status::fail;
    f.message =
        ctx.tr(fmt::format("Dapat diakses pada {} dari {} pemeriksaan ({:.1f} %) dalam {} hari terakhir.", up,
                           probes, share, lim.window_days),
               fmt::format("Reachable in {} of {} checks ({:.1f} %) over the last {} days.", up, probes,
                           share, lim.window_days));
    if (downs.size() > 10) {
        downs.resize(10);
    }
    f.evidence = std::move(downs);
    return f;
}

} // namespace pantau::checks

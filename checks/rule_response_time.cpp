// avail.waktu-respons: the median time to first byte of the site's own pages (off-site evidence pages
// excluded) against `limits` in milliseconds — 1.5 s pass, 4 s warn by default (KIP.md).
#include "checks/engine.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace pantau::checks {

Finding rule_response_time(const RuleContext& ctx) {
    std::vector<double> ttfb;
    std::string slowest_url;
    double slowest = -1;
    for (const auto& p : ctx.site.pages) {
        if (p.page.offsite || p.page.http_status == 0 || p.page.ttfb_ms <= 0) {
            continue;
        }
        ttfb.push_back(p.page.ttfb_ms);
        if (p.page.ttfb_ms > slowest) {
            slowest = p.page.ttfb_ms;
            slowest_url = p.page.url;
        }
    }
    Finding f;
    if (ttfb.empty()) {
        f.status = Status::na;
        f.message = ctx.tr("Tidak ada waktu respons yang tercatat.", "No response time was recorded.");
        return f;
    }
    std::sort(ttfb.begin(), ttfb.end());
    const std::size_t n = ttfb.size();
    const double median = n % 2 == 1 ? ttfb[n / 2] : (ttfb[n / 2 - 1] + ttfb[n / 2]) / 2;
    const auto& lim = ctx.rule.limits;
    f.status = median <= lim.pass ? Status::pass : median <= lim.warn ? Status::warn : Status::fail;
    f.message =
        ctx.tr(fmt::format("Median waktu ke bita pertama {:.0f} ms dari {} halaman (batas lulus {:.0f} ms, "
                           "peringatan {:.0f} ms).",
                           median, n, lim.pass, lim.warn),
               fmt::format("Median time to first byte {:.0f} ms over {} pages (pass up to {:.0f} ms, warn "
                           "up to {:.0f} ms).",
                           median, n, lim.pass, lim.warn));
    f.evidence.push_back(
        {slowest_url,
         ctx.tr(fmt::format("paling lambat: {:.0f} ms", slowest), fmt::format("slowest: {:.0f} ms", slowest)),
         "", 0});
    return f;
}

} // namespace pantau::checks

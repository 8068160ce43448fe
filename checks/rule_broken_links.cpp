// avail.tautan-rusak: the share of the site's internal link targets that answered 4xx/5xx or failed
// (timeout, reset, DNS) among those the crawl fetched, against `limits` in percent (2 % pass, 10 % warn).
// Pages refused by robots.txt or answered 403/429 (blocked) are not counted: that is the crawler
// being refused, not a broken link.
#include "checks/engine.hpp"

#include <fmt/core.h>

#include <map>

namespace pantau::checks {

Finding rule_broken_links(const RuleContext& ctx) {
    std::map<std::string, std::string> targets;      // internal target → first page linking it
    std::vector<bool> seen(ctx.site.targets.size()); // menus link the same targets from every page
    for (const auto& p : ctx.site.pages) {
        if (p.page.offsite) {
            continue;
        }
        for (const auto& l : p.links) {
            if (l.kind == LinkKind::internal && !l.hidden && !seen[l.target]) {
                seen[l.target] = true;
                targets.emplace(ctx.site.url_of(l), p.page.url);
            }
        }
    }
    int checked = 0;
    std::vector<Evidence> broken;
    for (const auto& [url, from] : targets) {
        const PageView* p = ctx.site.find(url);
        if (p == nullptr || p->page.failure == "robots_disallowed" || p->page.failure == "blocked" ||
            p->page.failure == "private_address") {
            continue;
        }
        ++checked;
        const bool bad = p->page.http_status >= 400 || p->page.http_status == 0;
        if (bad) {
            const std::string why =
                p->page.http_status > 0 ? fmt::format("HTTP {}", p->page.http_status) : p->page.failure;
            broken.push_back(
                {url, why + ctx.tr(" — ditautkan dari ", " — linked from ") + from, "", p->page.http_status});
        }
    }
    Finding f;
    if (checked == 0) {
        f.status = Status::na;
        f.message = ctx.tr("Tidak ada tautan internal yang diperiksa.", "No internal link was checked.");
        return f;
    }
    const double share = 100.0 * static_cast<double>(broken.size()) / checked;
    const auto& lim = ctx.rule.limits;
    f.status = share <= lim.pass ? Status::pass : share <= lim.warn ? Status::warn : Status::fail;
    f.message =
        ctx.tr(fmt::format("{} dari {} tautan internal rusak ({:.1f} %; lulus sampai {:.0f} %, peringatan "
                           "sampai {:.0f} %).",
                           broken.size(), checked, share, lim.pass, lim.warn),
               fmt::format("{} of {} internal links are broken ({:.1f} %; pass up to {:.0f} %, warn up to "
                           "{:.0f} %).",
                           broken.size(), checked, share, lim.pass, lim.warn));
    if (broken.size() > 10) {
        broken.resize(10);
    }
    f.evidence = std::move(broken);
    return f;
}

} // namespace pantau::checks

// avail.dapat-diakses: the home page answers 2xx after at most 5 redirects. A 403/429/challenge is
// "blocked", reported apart from "down" (KIP.md, ketersediaan).
#include "checks/engine.hpp"

#include <fmt/core.h>

namespace pantau::checks {

Finding rule_reachable(const RuleContext& ctx) {
    Finding f;
    const auto& site = ctx.site;
    const PageView* home = site.pages.empty() ? nullptr : &site.pages.front();
    Evidence ev;
    ev.url = home != nullptr ? home->page.final_url : site.site.url;
    ev.http_status = home != nullptr ? home->page.http_status : 0;
    if (home != nullptr && home->page.http_status >= 200 && home->page.http_status < 300) {
        f.status = Status::pass;
        ev.text = home->facts.title;
        f.message = ctx.tr(fmt::format("Halaman utama menjawab {} dalam {:.0f} ms.", home->page.http_status,
                                       home->page.total_ms),
                           fmt::format("The home page answered {} in {:.0f} ms.", home->page.http_status,
                                       home->page.total_ms));
    } else if (site.crawl.status == "blocked") {
        f.status = Status::warn;
        ev.text = site.crawl.reason;
        f.message = ctx.tr("Diblokir, bukan mati: server menolak perayap (" + site.crawl.reason +
                               "). Pengunjung mungkin masih dapat membuka situs.",
                           "Blocked, not down: the server refused the crawler (" + site.crawl.reason +
                               "). Visitors may still reach the site.");
    } else {
        f.status = Status::fail;
        ev.text = site.crawl.reason;
        f.message = ctx.tr("Situs tidak dapat diakses: " + site.crawl.reason + ".",
                           "The site cannot be reached: " + site.crawl.reason + ".");
    }
    f.evidence.push_back(std::move(ev));
    return f;
}

} // namespace pantau::checks

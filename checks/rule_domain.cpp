// web.domain-go-id: the site lives under one of the rule's hosts (go.id) — Permenkominfo 28/2006 and
// 5/2015. Judged from the address, so it holds even when the site is down.
#include "checks/engine.hpp"

#include <fmt/core.h>

namespace pantau::checks {

Finding rule_domain(const RuleContext& ctx) {
    const std::string host = !ctx.site.host.empty() ? ctx.site.host : url_host(ctx.site.site.url);
    Finding f;
    for (const auto& suffix : ctx.rule.match.hosts) {
        if (host == suffix || host.ends_with("." + suffix)) {
            f.status = Status::pass;
            f.message = ctx.tr(fmt::format("Situs berada di domain resmi {}.", host),
                               fmt::format("The site is on the official domain {}.", host));
            f.evidence.push_back({ctx.site.site.url, host, "", 0});
            return f;
        }
    }
    f.status = Status::fail;
    std::string kind;
    for (const char* free : {"blogspot.com", "wordpress.com", "web.id", ".com", ".net", ".org", ".id"}) {
        if (kind.empty() && host.ends_with(free)) {
            kind = free;
        }
    }
    f.message = ctx.tr(fmt::format("Situs tidak berada di domain go.id ({}{}).", host,
                                   kind.empty() ? "" : ", domain " + kind),
                       fmt::format("The site is not on a go.id domain ({}{}).", host,
                                   kind.empty() ? "" : ", a " + kind + " domain"));
    f.evidence.push_back({ctx.site.site.url, host, "", 0});
    return f;
}

} // namespace pantau::checks

// The "form" kind (kip.ppid.formulir-online): the request form is named (as in "label") and can be used
// online — an HTML form with enough fields on the page, an e-PPID host, a Google Form — or at least
// downloaded as a form document (Perki 1/2021; e-Monev "digitalisasi"). A page named "Permohonan
// Informasi" without any of these is warn.
#include "checks/engine.hpp"
#include "checks/locate.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace pantau::checks {

Finding rule_form(const RuleContext& ctx) {
    const config::Match& m = ctx.rule.match;
    const Matcher matcher(m, ctx.site.phrases);
    const std::size_t min_fields = static_cast<std::size_t>(std::max(1, m.min_fields));
    auto why_not = [&](const Hit& h) -> std::string {
        if (h.by_host || h.document || !h.offsite.empty()) {
            return {};
        }
        if (h.page != nullptr) {
            for (const auto& form : h.page->facts.forms) {
                if (form.fields.size() >= min_fields) {
                    return {};
                }
            }
        }
        return ctx.tr(
            fmt::format("Halaman permohonan ada tetapi tanpa formulir daring (form HTML dengan paling "
                        "sedikit {} isian, e-PPID) atau formulir yang dapat diunduh.",
                        min_fields),
            fmt::format("A request page exists but without an online form (an HTML form with at least "
                        "{} fields, e-PPID) or a downloadable form.",
                        min_fields));
    };
    Finding f = judge(ctx, locate(ctx, matcher), why_not);
    return f;
}

} // namespace pantau::checks

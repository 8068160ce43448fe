// The "table" kind (kip.ppid.dip): the item is named (as in "label") and published as a table whose
// header cells are the standard columns (UU 14/2008 Pasal 11 ayat (1) huruf a; Perki 1/2021), or as a
// document. A DIP page without such a table is warn: the list exists but not in its standard form.
#include "checks/engine.hpp"
#include "checks/locate.hpp"

#include "extract/text.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace pantau::checks {

namespace {

// The standard columns named by the best table of a page.
int columns_matched(const config::Match& m, const PageView& page, std::string* headers_out) {
    int best = 0;
    for (const auto& t : page.facts.tables) {
        std::string joined;
        for (const auto& h : t.headers) {
            joined += " " + extract::fold(h);
        }
        int n = 0;
        for (const auto& c : m.columns) {
            if (extract::contains_folded_phrase(joined, extract::fold(c))) {
                ++n;
            }
        }
        if (n > best) {
            best = n;
            *headers_out = joined;
        }
    }
    return best;
}

} // namespace

Finding rule_table(const RuleContext& ctx) {
    const config::Match& m = ctx.rule.match;
    const Matcher matcher(m, ctx.site.phrases);
    std::vector<Hit> hits = locate(ctx, matcher);
    int best_partial = -1;
    auto why_not = [&](const Hit& h) -> std::string {
        if (h.document) {
            return {}; // a DIP published as a document (PDF/XLSX) counts
        }
        if (h.page == nullptr) {
            return {};
        }
        std::string headers;
        const int n = columns_matched(m, *h.page, &headers);
        if (n >= m.min_columns) {
            return {};
        }
        best_partial = std::max(best_partial, n);
        return ctx.tr(fmt::format("Halaman DIP ada tetapi tanpa tabel berkolom baku ({} dari {} kolom baku "
                                  "ditemukan; paling sedikit {}).",
                                  n, m.columns.size(), m.min_columns),
                      fmt::format("A DIP page exists but without a table of the standard columns ({} of {} "
                                  "standard columns found; at least {} needed).",
                                  n, m.columns.size(), m.min_columns));
    };
    Finding f = judge(ctx, hits, why_not);
    if (f.status == Status::pass) {
        for (const auto& h : hits) {
            std::string headers;
            if (h.reach == Reach::ok && h.page != nullptr && !h.document &&
                columns_matched(m, *h.page, &headers) >= m.min_columns) {
                f.message +=
                    ctx.tr(" Tabel dengan kolom baku:", " Table with standard columns:") + headers + ".";
                break;
            }
        }
    }
    return f;
}

} // namespace pantau::checks

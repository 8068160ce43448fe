// web.aksesibilitas: basic accessibility (Perki 1/2021 asks for accessible publication; WCAG basics):
// `lang` on <html> of the home page, a <title> on every page, `alt` on content images. `limits.warn`
// is the share (percent) of images without alt above which that counts as a full problem; any missing
// alt below it is a minor one. No problem: pass; one problem or only minor ones: warn; more: fail.
#include "checks/engine.hpp"

#include <fmt/core.h>

namespace pantau::checks {

Finding rule_accessibility(const RuleContext& ctx) {
    int pages = 0;
    int untitled = 0;
    int images = 0;
    int no_alt = 0;
    std::string untitled_url;
    std::string no_alt_url;
    for (const auto& p : ctx.site.pages) {
        if (!p.html || p.page.offsite) {
            continue;
        }
        ++pages;
        if (p.facts.title.empty()) {
            ++untitled;
            untitled_url = untitled_url.empty() ? p.page.url : untitled_url;
        }
        images += p.facts.images;
        no_alt += p.facts.images_without_alt;
        if (p.facts.images_without_alt > 0 && no_alt_url.empty()) {
            no_alt_url = p.page.url;
        }
    }
    Finding f;
    if (pages == 0) {
        f.status = Status::na;
        f.message = ctx.tr("Tidak ada halaman HTML untuk dinilai.", "No HTML page to judge.");
        return f;
    }
    const PageView& home = ctx.site.pages.front();
    int problems = 0;
    int minor = 0;
    std::vector<std::string> notes;
    if (home.facts.lang.empty()) {
        ++problems;
        notes.push_back(ctx.tr("<html> tanpa atribut lang", "<html> without a lang attribute"));
        f.evidence.push_back({home.page.url, "lang", "", home.page.http_status});
    }
    if (untitled > 0) {
        ++problems;
        notes.push_back(ctx.tr(fmt::format("{} halaman tanpa <title>", untitled),
                               fmt::format("{} pages without <title>", untitled)));
        f.evidence.push_back({untitled_url, "<title>", "", 0});
    }
    if (no_alt > 0) {
        const double share = images > 0 ? 100.0 * no_alt / images : 100.0;
        (share > ctx.rule.limits.warn ? problems : minor) += 1;
        notes.push_back(ctx.tr(fmt::format("{} dari {} gambar tanpa alt", no_alt, images),
                               fmt::format("{} of {} images without alt", no_alt, images)));
        f.evidence.push_back({no_alt_url, "alt", "", 0});
    }
    f.status = problems == 0 && minor == 0 ? Status::pass : problems <= 1 ? Status::warn : Status::fail;
    if (notes.empty()) {
        f.message = ctx.tr(fmt::format("lang, judul dan alt lengkap pada {} halaman.", pages),
                           fmt::format("lang, titles and alt complete on {} pages.", pages));
    } else {
        std::string list;
        for (const auto& n : notes) {
            list += (list.empty() ? "" : "; ") + n;
        }
        f.message = list + ".";
    }
    return f;
}

} // namespace pantau::checks

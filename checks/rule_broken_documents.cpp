// avail.dokumen-rusak: every document the site links (pdf, doc(x), xls(x), ppt(x), zip, scans) answers
// 200 with a document type. Reads the crawler's `documents` rows; a document link the crawler fetched
// as a page counts too. When the crawl checked no document at all the rule is n-a and says why.
#include "checks/engine.hpp"

#include <fmt/core.h>

#include <map>

namespace pantau::checks {

namespace {
bool document_ok(int status, const std::string& content_type, const std::string& failure) {
    return status >= 200 && status < 300 && failure.empty() && content_type.find("html") == std::string::npos;
}
} // namespace

Finding rule_broken_documents(const RuleContext& ctx) {
    std::map<std::string, std::string> linked; // document URL → page linking it
    for (const auto& p : ctx.site.pages) {
        for (const auto& l : p.links) {
            if (l.kind == LinkKind::document && !l.hidden && !ctx.spam.target(l.target)) {
                linked.emplace(ctx.site.url_of(l), p.page.url);
            }
        }
    }
    int checked = 0;
    std::vector<Evidence> broken;
    auto judge_one = [&](const std::string& url, int status, const std::string& type,
                         const std::string& failure) {
        ++checked;
        if (!document_ok(status, type, failure)) {
            auto from = linked.find(url);
            std::string why = status > 0 ? fmt::format("HTTP {}", status) : failure;
            if (status >= 200 && status < 300 && type.find("html") != std::string::npos) {
                why = ctx.tr("halaman HTML, bukan dokumen", "an HTML page, not a document");
            }
            broken.push_back(
                {url,
                 why + (from != linked.end() ? ctx.tr(" — ditautkan dari ", " — linked from ") + from->second
                                             : std::string()),
                 "", status});
        }
    };
    std::set<std::string> done;
    for (const auto& d : ctx.site.documents) {
        if (done.insert(d.url).second) {
            judge_one(d.url, d.http_status, d.content_type, d.failure);
        }
    }
    for (const auto& [url, from] : linked) {
        if (done.count(url) != 0) {
            continue;
        }
        if (const PageView* p = ctx.site.find(url)) {
            done.insert(url);
            judge_one(url, p->page.http_status, p->page.content_type, p->page.failure);
        }
    }
    Finding f;
    if (checked == 0) {
        f.status = Status::na;
        f.message = linked.empty()
                        ? ctx.tr("Tidak ada dokumen yang ditautkan.", "No document is linked.")
                        : ctx.tr(fmt::format("{} dokumen ditautkan, tetapi perayap belum memeriksanya.",
                                             linked.size()),
                                 fmt::format("{} documents are linked, but the crawler did not check them.",
                                             linked.size()));
        return f;
    }
    f.status = broken.empty() ? Status::pass : Status::fail;
    f.message =
        broken.empty()
            ? ctx.tr(fmt::format("Semua {} dokumen tertaut dapat diunduh.", checked),
                     fmt::format("All {} linked documents download.", checked))
            : ctx.tr(fmt::format("{} dari {} dokumen tertaut tidak dapat diunduh.", broken.size(), checked),
                     fmt::format("{} of {} linked documents do not download.", broken.size(), checked));
    if (broken.size() > 10) {
        broken.resize(10);
    }
    f.evidence = std::move(broken);
    return f;
}

} // namespace pantau::checks

#include "reports/site_report.hpp"

#include <fmt/core.h>

#include <array>

namespace pantau::reports {

namespace {

// Crawled text is untrusted: a terminal must not receive escape sequences from it.
std::string printable(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7F) {
            out += ' ';
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

} // namespace

nlohmann::json site_json(const SiteReport& r) {
    using nlohmann::json;
    json groups = json::array();
    for (const auto& g : r.score.groups) {
        groups.push_back(
            {{"id", g.id}, {"score", g.score ? json(*g.score) : json(nullptr)}, {"weight", g.weight}});
    }
    json findings = json::array();
    for (const auto& f : r.findings) {
        json ev = json::array();
        for (const auto& e : f.evidence) {
            ev.push_back({{"url", e.url},
                          {"text", e.text},
                          {"date", e.date.empty() ? json(nullptr) : json(e.date)},
                          {"http_status", e.http_status}});
        }
        findings.push_back({{"rule", f.rule},
                            {"status", std::string(checks::to_string(f.status))},
                            {"group", f.group},
                            {"basis", f.basis},
                            {"message", f.message},
                            {"fix", f.fix},
                            {"evidence", ev}});
    }
    return {
        {"site",
         {{"name", r.site.name},
          {"url", r.site.url},
          {"final_url", r.crawl.final_url.empty() ? json(nullptr) : json(r.crawl.final_url)},
          {"pemda", r.site.pemda}}},
        {"run",
         {{"id", r.run.id},
          {"started_at", r.run.started_at},
          {"finished_at", r.run.finished_at},
          {"pages_fetched", r.crawl.pages_fetched}}},
        {"score", r.score.score},
        {"category", r.score.category},
        {"rank", r.rank},
        {"groups", groups},
        {"findings", findings},
    };
}

std::string site_text(const SiteReport& r, const config::Catalogue& cat, const std::string& lang) {
    const bool en = lang == "en";
    std::string out;
    const auto& band = cat.band_for(r.score.score);
    out += fmt::format("{}\n{}\n", printable(r.site.name), printable(r.site.url));
    out += fmt::format(
        fmt::runtime(en ? "Score {:.1f}/100 — {} (estimate of e-Monev readiness from the website, not the "
                          "official qualification)\n"
                        : "Skor {:.1f}/100 — {} (estimasi kesiapan e-Monev dari situs web, bukan kualifikasi "
                          "resmi Komisi Informasi)\n"),
        r.score.score, band.label.in(lang));
    out += fmt::format(
        fmt::runtime(en ? "Pages fetched: {}; crawl: {}{}\n" : "Halaman diambil: {}; perayapan: {}{}\n"),
        r.crawl.pages_fetched, r.crawl.status,
        r.crawl.reason.empty() ? "" : " (" + printable(r.crawl.reason) + ")");
    static const std::array<std::pair<checks::Status, const char*>, 4> marks = {{
        {checks::Status::fail, "[GAGAL]"},
        {checks::Status::warn, "[PERINGATAN]"},
        {checks::Status::na, "[N/A]"},
        {checks::Status::pass, "[LULUS]"},
    }};
    static const std::array<const char*, 4> marks_en = {"[FAIL]", "[WARN]", "[N/A]", "[PASS]"};
    for (const auto& g : cat.groups) {
        bool header = false;
        for (std::size_t m = 0; m < marks.size(); ++m) {
            for (const auto& f : r.findings) {
                if (f.group != g.id || f.status != marks[m].first) {
                    continue;
                }
                if (!header) {
                    const GroupScore* gs = nullptr;
                    for (const auto& x : r.score.groups) {
                        if (x.id == g.id) {
                            gs = &x;
                        }
                    }
                    out += fmt::format("\n{} — {}\n", g.title.in(lang),
                                       gs != nullptr && gs->score
                                           ? fmt::format("{:.0f}", *gs->score)
                                           : std::string(en ? "not assessed" : "tidak dinilai"));
                    header = true;
                }
                const config::Rule* rule = cat.rule(f.rule);
                out += fmt::format("  {} {} ({})\n", en ? marks_en[m] : marks[m].second,
                                   rule != nullptr ? rule->title.in(lang) : f.rule, f.rule);
                out += fmt::format("      {}\n", printable(f.message));
                for (const auto& e : f.evidence) {
                    out += fmt::format("      • {}{}{}\n", printable(e.url),
                                       e.text.empty() ? "" : " — " + printable(e.text),
                                       e.http_status != 0 ? fmt::format(" [{}]", e.http_status) : "");
                }
                if (!f.fix.empty() && f.status != checks::Status::pass) {
                    out += fmt::format(fmt::runtime(en ? "      How to fix: {}\n" : "      Perbaikan: {}\n"),
                                       f.fix);
                }
                out += fmt::format(fmt::runtime(en ? "      Basis: {}\n" : "      Dasar: {}\n"), f.basis);
            }
        }
    }
    return out;
}

} // namespace pantau::reports

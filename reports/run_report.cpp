#include "reports/run_report.hpp"

#include "checks/finding.hpp"

#include <algorithm>
#include <map>

namespace pantau::reports {

namespace {

std::vector<checks::Finding> stored_findings(const store::Database& db, std::int64_t run_id,
                                             std::int64_t site_id, const config::Catalogue& catalogue,
                                             const std::string& lang) {
    std::vector<checks::Finding> out;
    for (const auto& row : db.findings(run_id, site_id)) {
        checks::Finding f;
        f.rule = row.rule;
        f.status = checks::status_from_string(row.status).value_or(checks::Status::na);
        f.group = row.group;
        f.message = row.message;
        f.evidence = checks::evidence_from_json(row.evidence_json);
        if (const config::Rule* rule = catalogue.rule(row.rule)) {
            f.basis = rule->basis;
            if (f.status != checks::Status::pass) {
                f.fix = rule->fix.in(lang);
            }
        }
        out.push_back(std::move(f));
    }
    // Catalogue order, so every renderer lists rules the same way.
    auto pos = [&](const std::string& id) {
        for (std::size_t i = 0; i < catalogue.rules.size(); ++i) {
            if (catalogue.rules[i].id == id) {
                return i;
            }
        }
        return catalogue.rules.size();
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const auto& a, const auto& b) { return pos(a.rule) < pos(b.rule); });
    return out;
}

std::vector<SiteReport> load_sites(const store::Database& db, std::int64_t run_id,
                                   const config::Catalogue& catalogue, const std::string& lang,
                                   bool with_availability) {
    std::vector<SiteReport> sites;
    const auto run = db.run(run_id);
    for (const auto& crawl : db.site_crawls(run_id)) {
        SiteReport r;
        if (run) {
            r.run = *run;
        }
        r.crawl = crawl;
        if (auto site = db.site(crawl.site_id)) {
            r.site = *site;
        }
        r.findings = stored_findings(db, run_id, crawl.site_id, catalogue, lang);
        r.score = score_site(r.findings, catalogue);
        if (with_availability) {
            r.availability = summarize_availability(db.pages(run_id, crawl.site_id, /*with_facts=*/false),
                                                    db.documents(run_id, crawl.site_id));
        }
        sites.push_back(std::move(r));
    }
    return sites;
}

// Rank within each pemda, following the run ranks already set.
void set_pemda_ranks(std::vector<SiteReport>& sites) {
    std::vector<RankInput> in;
    std::vector<std::string> keys;
    for (const auto& s : sites) {
        // The run rank leads, so the pemda order never disagrees with the run order.
        in.push_back({-static_cast<double>(s.rank), 0, s.site.name});
        keys.push_back(s.site.pemda);
    }
    const std::vector<int> within = rank_within(in, keys);
    for (std::size_t i = 0; i < sites.size(); ++i) {
        sites[i].pemda_rank = within[i];
    }
}

} // namespace

std::vector<SiteReport> score_and_rank(store::Database& db, std::int64_t run_id,
                                       const config::Catalogue& catalogue, const std::string& lang) {
    std::vector<SiteReport> sites = load_sites(db, run_id, catalogue, lang, false);
    std::vector<RankInput> in;
    for (const auto& s : sites) {
        in.push_back({s.score.score, s.score.fails, s.site.name});
    }
    const std::vector<int> ranks = rank(in);
    db.begin();
    for (std::size_t i = 0; i < sites.size(); ++i) {
        sites[i].rank = ranks[i];
        store::Score row;
        row.run_id = run_id;
        row.site_id = sites[i].site.id;
        row.score = sites[i].score.score;
        row.category = sites[i].score.category;
        row.rank = ranks[i];
        nlohmann::json groups = nlohmann::json::array();
        for (const auto& g : sites[i].score.groups) {
            groups.push_back({{"id", g.id},
                              {"score", g.score ? nlohmann::json(*g.score) : nlohmann::json(nullptr)},
                              {"weight", g.weight}});
        }
        row.groups_json = groups.dump();
        db.put_score(row);
    }
    db.commit();
    std::sort(sites.begin(), sites.end(), [](const auto& a, const auto& b) { return a.rank < b.rank; });
    set_pemda_ranks(sites);
    return sites;
}

RunReport load_run_report(const store::Database& db, std::int64_t run_id, const config::Catalogue& catalogue,
                          const std::string& lang, bool with_availability) {
    RunReport report;
    report.lang = lang;
    if (auto run = db.run(run_id)) {
        report.run = *run;
    }
    report.sites = load_sites(db, run_id, catalogue, lang, with_availability);
    std::map<std::int64_t, int> stored_rank;
    for (const auto& s : db.scores(run_id)) {
        stored_rank[s.site_id] = s.rank;
    }
    std::vector<RankInput> in;
    for (const auto& s : report.sites) {
        in.push_back({s.score.score, s.score.fails, s.site.name});
    }
    const std::vector<int> ranks = rank(in);
    for (std::size_t i = 0; i < report.sites.size(); ++i) {
        auto it = stored_rank.find(report.sites[i].site.id);
        report.sites[i].rank = it != stored_rank.end() ? it->second : ranks[i];
    }
    std::sort(report.sites.begin(), report.sites.end(),
              [](const auto& a, const auto& b) { return a.rank < b.rank; });
    set_pemda_ranks(report.sites);
    return report;
}

nlohmann::json run_json(const RunReport& report) {
    std::int64_t pages = 0;
    nlohmann::json sites = nlohmann::json::array();
    for (const auto& s : report.sites) {
        pages += s.crawl.pages_fetched;
        sites.push_back(site_json(s));
    }
    return {{"run",
             {{"id", report.run.id},
              {"started_at", report.run.started_at},
              {"finished_at", report.run.finished_at},
              {"pages_fetched", pages},
              {"sites", report.sites.size()}}},
            {"sites", sites}};
}

} // namespace pantau::reports

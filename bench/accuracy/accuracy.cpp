// bench/accuracy — how far pantau's verdicts agree with the demo regency's ground truth.
//
// Generates the demo regency (demo/regency.hpp) into a temporary directory, serves it on loopback with
// demo::Server, runs the real `pantau run` on its registry, reads report.json and prints: per-rule
// precision and recall of "fail", overall agreement of verdicts, agreement of categories, and the Spearman
// correlation between the generated true scores and pantau's scores. Targets (Workflows issue):
// agreement ≥ 97 %, ρ ≥ 0.95. The generator is never tuned to the checker: fixtures model real sites,
// checks model the law — a disagreement is read by looking at the site, not by editing the truth.
//
// Usage: pantau_accuracy [--pantau PATH] [--keep DIR] [--json FILE] [--rate R] [--timeout S] [--verbose]
#include "demo/regency.hpp"
#include "demo/server.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <string>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;

struct Args {
    std::string pantau = PANTAU_BINARY;
    std::string keep;
    std::string json_out;
    std::string rate = "20";
    int timeout_s = 900; // a crawl of the 30 sites takes well under a minute at --rate 20
    bool verbose = false;
};

// Runs argv with stdout and stderr to `log`; returns the exit code (-1 when it could not run or was killed,
// -2 when it ran longer than `timeout_s` and was stopped).
int run(const std::vector<std::string>& argv, const fs::path& log, int timeout_s) {
    std::vector<char*> cargv;
    for (const auto& a : argv) {
        cargv.push_back(const_cast<char*>(a.c_str()));
    }
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        return -1;
    }
    int status = 0;
    for (int waited_ms = 0;; waited_ms += 100) {
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            break;
        }
        if (r < 0) {
            return -1;
        }
        if (waited_ms >= timeout_s * 1000) {
            kill(pid, SIGTERM);
            waitpid(pid, &status, 0);
            return -2;
        }
        usleep(100 * 1000);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Ranks with ties averaged (1-based), for Spearman's ρ.
std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> idx(v.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < idx.size();) {
        std::size_t j = i;
        while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) {
            ++j;
        }
        const double avg = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (std::size_t k = i; k <= j; ++k) {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    return r;
}

// Pearson correlation of the ranks (Spearman's ρ with ties handled); NaN when a side is constant.
double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    const auto rx = ranks(x);
    const auto ry = ranks(y);
    const double n = static_cast<double>(rx.size());
    const double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / n;
    const double my = std::accumulate(ry.begin(), ry.end(), 0.0) / n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (std::size_t i = 0; i < rx.size(); ++i) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxx == 0 || syy == 0 ? std::nan("") : sxy / std::sqrt(sxx * syy);
}

std::string pct(double num, double den) {
    return den == 0 ? std::string("   –  ") : fmt::format("{:5.1f}%", 100.0 * num / den);
}

int usage() {
    fmt::print(stderr, "usage: pantau_accuracy [--pantau PATH] [--keep DIR] [--json FILE] [--rate R] "
                       "[--timeout S] [--verbose]\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    Args args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
        if (a == "--pantau") {
            args.pantau = value();
        } else if (a == "--keep") {
            args.keep = value();
        } else if (a == "--json") {
            args.json_out = value();
        } else if (a == "--rate") {
            args.rate = value();
        } else if (a == "--timeout") {
            args.timeout_s = std::atoi(value().c_str());
        } else if (a == "--verbose" || a == "-v") {
            args.verbose = true;
        } else {
            return usage();
        }
    }
    if (!fs::exists(args.pantau)) {
        fmt::print(stderr,
                   "pantau_accuracy: no pantau binary at {} (build the 'pantau' target or pass --pantau)\n",
                   args.pantau);
        return 2;
    }

    const fs::path work = args.keep.empty()
                              ? fs::temp_directory_path() / fmt::format("pantau-accuracy-{}", getpid())
                              : fs::absolute(args.keep);
    fs::remove_all(work);
    fs::create_directories(work);
    const fs::path sites_dir = work / "sites";

    const pantau::demo::Regency regency = pantau::demo::plan_regency({});
    const auto tls = pantau::demo::regency_tls(regency);
    pantau::demo::Server server(pantau::demo::virtual_hosts(regency, sites_dir), tls.server);
    const std::uint16_t port = server.port();
    const fs::path ca_file = work / "ca.pem";
    { std::ofstream(ca_file) << tls.ca.certificate_pem; }
    pantau::demo::write_regency(regency, sites_dir, port);
    const fs::path registry = work / "sites.yaml";
    pantau::demo::write_registry_yaml(regency, registry, port);

    std::vector<std::string> cmd = {args.pantau,
                                    "run",
                                    "--sites",
                                    registry.string(),
                                    "--db",
                                    (work / "pantau.db").string(),
                                    "--out",
                                    (work / "out").string(),
                                    "--allow-private",
                                    "--ca-cert",
                                    ca_file.string(),
                                    "--rate",
                                    args.rate,
                                    "--max-pages",
                                    "500"};
    for (const auto& e : pantau::demo::resolve_entries(regency, port)) {
        cmd.push_back("--resolve");
        cmd.push_back(e);
    }
    fmt::print(stderr, "pantau_accuracy: {} sites on 127.0.0.1:{}; running {} run … (log: {})\n",
               regency.sites.size(), port, args.pantau, (work / "run.log").string());
    const int rc = run(cmd, work / "run.log", args.timeout_s);
    server.stop();
    const fs::path report_path = work / "out" / "report.json";
    if (!fs::exists(report_path)) {
        fmt::print(stderr, "pantau_accuracy: pantau run {} and wrote no report.json; see {}\n",
                   rc == -2 ? fmt::format("was stopped after {} s", args.timeout_s)
                            : fmt::format("exited {}", rc),
                   (work / "run.log").string());
        return 1;
    }
    nlohmann::json report;
    {
        std::ifstream in(report_path);
        report = nlohmann::json::parse(in);
    }

    // pantau's verdicts by registry URL.
    std::map<std::string, const nlohmann::json*> by_url;
    for (const auto& s : report.at("sites")) {
        by_url[s.at("site").value("url", "")] = &s;
    }

    struct RuleCount {
        int agree = 0;
        int total = 0;
        int tp = 0;                            // truth fail, pantau fail
        int fp = 0;                            // pantau fail, truth not fail
        int fn = 0;                            // truth fail, pantau not fail
        std::map<std::string, int> confusions; // "truth→pantau"
    };
    std::map<std::string, RuleCount> rules;
    int agree = 0;
    int total = 0;
    int band_agree = 0;
    std::vector<double> truth_scores;
    std::vector<double> pantau_scores;
    nlohmann::json per_site = nlohmann::json::array();
    std::vector<std::string> site_lines;

    for (const auto& site : regency.sites) {
        if (!site.in_registry) {
            continue;
        }
        const std::string url =
            fmt::format("{}://{}:{}/", site.tls.empty() ? "http" : "https", site.host, port);
        const auto it = by_url.find(url);
        std::map<std::string, std::string> got;
        double score = 0;
        std::string category = "(missing)";
        if (it != by_url.end()) {
            score = it->second->value("score", 0.0);
            category = it->second->value("category", "");
            for (const auto& f : it->second->at("findings")) {
                got[f.value("rule", "")] = f.value("status", "");
            }
        }
        truth_scores.push_back(site.true_score);
        pantau_scores.push_back(score);
        band_agree += category == pantau::demo::category_for(site.true_score) ? 1 : 0;
        int site_agree = 0;
        std::vector<std::string> diffs;
        for (const auto& id : pantau::demo::kip_rule_ids()) {
            const std::string& t = site.truth.at(id);
            const auto g = got.find(id);
            const std::string p = g == got.end() ? "(none)" : g->second;
            auto& rc_ = rules[id];
            ++rc_.total;
            ++total;
            if (t == p) {
                ++rc_.agree;
                ++agree;
                ++site_agree;
            } else {
                ++rc_.confusions[t + "→" + p];
                diffs.push_back(fmt::format("{} {}→{}", id, t, p));
            }
            if (t == "fail" && p == "fail") {
                ++rc_.tp;
            } else if (p == "fail") {
                ++rc_.fp;
            } else if (t == "fail") {
                ++rc_.fn;
            }
        }
        site_lines.push_back(fmt::format("{:<34} {:>6.1f} {:>6.1f}  {:<18} {:<18} {:>3}/{}", site.host,
                                         site.true_score, score, pantau::demo::category_for(site.true_score),
                                         category, site_agree, pantau::demo::kip_rule_ids().size()));
        if (args.verbose) {
            for (const auto& d : diffs) {
                site_lines.push_back("      " + d);
            }
        }
        per_site.push_back({{"host", site.host},
                            {"profile", site.profile},
                            {"true_score", site.true_score},
                            {"score", score},
                            {"true_category", pantau::demo::category_for(site.true_score)},
                            {"category", category},
                            {"disagreements", diffs}});
    }

    const double rho = spearman(truth_scores, pantau_scores);
    const std::size_t n_sites = truth_scores.size();

    fmt::print("pantau accuracy on the demo regency ({} sites, {} rules, pantau exit {})\n\n", n_sites,
               pantau::demo::kip_rule_ids().size(), rc);
    fmt::print("{:<32} {:>7} {:>10} {:>8}  {}\n", "rule", "agree", "prec(fail)", "rec(fail)",
               "main confusions truth→pantau");
    nlohmann::json rule_json = nlohmann::json::object();
    for (const auto& id : pantau::demo::kip_rule_ids()) {
        const auto& r = rules[id];
        std::vector<std::pair<int, std::string>> conf;
        for (const auto& [k, v] : r.confusions) {
            conf.emplace_back(v, k);
        }
        std::sort(conf.rbegin(), conf.rend());
        std::string conf_text;
        for (std::size_t i = 0; i < conf.size() && i < 3; ++i) {
            conf_text += fmt::format("{}{}×{}", i ? ", " : "", conf[i].second, conf[i].first);
        }
        fmt::print("{:<32} {:>7} {:>10} {:>8}  {}\n", id, pct(r.agree, r.total), pct(r.tp, r.tp + r.fp),
                   pct(r.tp, r.tp + r.fn), conf_text);
        rule_json[id] = {{"agree", r.agree}, {"total", r.total}, {"tp", r.tp}, {"fp", r.fp}, {"fn", r.fn}};
    }
    int tp = 0, fp = 0, fn = 0;
    for (const auto& [id, r] : rules) {
        tp += r.tp;
        fp += r.fp;
        fn += r.fn;
    }
    fmt::print("\n{:<34} {:>6} {:>6}  {:<18} {:<18} {}\n", "site", "true", "pantau", "true category",
               "pantau category", "agree");
    for (const auto& l : site_lines) {
        fmt::print("{}\n", l);
    }
    fmt::print("\noverall verdict agreement : {} ({}/{})   target ≥ 97%\n", pct(agree, total), agree, total);
    fmt::print("fail precision / recall   : {} / {}   (all rules pooled)\n", pct(tp, tp + fp),
               pct(tp, tp + fn));
    fmt::print("category agreement        : {} ({}/{})\n", pct(band_agree, static_cast<double>(n_sites)),
               band_agree, n_sites);
    fmt::print("Spearman ρ (scores)       : {:.3f}   target ≥ 0.95\n", rho);
    if (!args.keep.empty()) {
        fmt::print("work directory            : {}\n", work.string());
    }

    if (!args.json_out.empty()) {
        std::ofstream out(args.json_out);
        out << nlohmann::json{{"agreement", total ? static_cast<double>(agree) / total : 0.0},
                              {"spearman", std::isnan(rho) ? nlohmann::json(nullptr) : nlohmann::json(rho)},
                              {"category_agreement",
                               n_sites ? static_cast<double>(band_agree) / static_cast<double>(n_sites)
                                       : 0.0},
                              {"rules", rule_json},
                              {"sites", per_site}}
                   .dump(2)
            << "\n";
    }
    if (args.keep.empty()) {
        fs::remove_all(work);
    }
    return 0;
}

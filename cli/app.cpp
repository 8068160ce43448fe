#include "cli/app.hpp"

#include "checks/engine.hpp"
#include "cli/check.hpp"
#include "cli/demo_command.hpp"
#include "cli/report_command.hpp" // reports: `pantau report`
#include "cli/run_command.hpp"
#include "config/catalogue.hpp"
#include "config/error.hpp"
#include "crawler/url.hpp"
#include "store/database.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <iostream>

namespace pantau::cli {

namespace {

// Accepts "dinkes.contohkab.go.id" as https://dinkes.contohkab.go.id/ — what a webmaster types.
std::optional<std::string> site_url(const std::string& arg) {
    std::string url = arg;
    if (url.find("://") == std::string::npos) {
        url = "https://" + url;
    }
    return crawler::normalize_url(url);
}

// curl's --resolve syntax HOST:PORT:ADDR[,ADDR…]; checked here because curl ignores a malformed entry.
bool valid_resolve(const std::string& entry) {
    const auto a = entry.find(':');
    const auto b = a == std::string::npos ? a : entry.find(':', a + 1);
    if (a == 0 || b == std::string::npos || b == a + 1 || b + 1 >= entry.size()) {
        return false;
    }
    const std::string port = entry.substr(a + 1, b - a - 1);
    return port.find_first_not_of("0123456789") == std::string::npos && port.size() <= 5;
}

void add_crawl_options(CLI::App& cmd, crawler::CrawlOptions& crawl) {
    cmd.add_option("--max-pages", crawl.max_pages, "Pages to fetch per site at most")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    cmd.add_option("--rate", crawl.rate,
                   "Requests per second to one host (default 1, polite). A webmaster checking their own "
                   "site may raise it; 100000 is no delay at all (a local mirror, a benchmark).")
        ->check(CLI::Range(0.01, 100000.0))
        ->capture_default_str();
    cmd.add_option("--connections", crawl.connections, "Transfers in flight to one host (default 2)")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    cmd.add_option("--resolve", crawl.resolve,
                   "HOST:PORT:ADDR — use ADDR for HOST:PORT, as curl's --resolve (repeatable)")
        ->each([](const std::string& v) {
            if (!valid_resolve(v)) {
                throw CLI::ValidationError("--resolve", "expected HOST:PORT:ADDR, got '" + v + "'");
            }
        });
    cmd.add_flag("--allow-private", crawl.allow_private,
                 "Allow fetching loopback, private and link-local addresses (refused by default)");
    cmd.add_option("--ca-cert", crawl.ca_file,
                   "PEM file of certificate authorities to trust instead of the system's (e.g. a "
                   "regency's own CA), as curl's --cacert")
        ->check(CLI::ExistingFile);
}

int rules_command(const std::string& format, const std::string& lang) {
    const auto& cat = config::default_catalogue();
    if (format == "json") {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& r : cat.rules) {
            arr.push_back({{"id", r.id},
                           {"group", r.group},
                           {"weight", r.weight},
                           {"kind", r.kind},
                           {"basis", r.basis},
                           {"best_practice", r.best_practice},
                           {"title", {{"id", r.title.id}, {"en", r.title.en}}}});
        }
        nlohmann::json groups = nlohmann::json::array();
        for (const auto& g : cat.groups) {
            groups.push_back(
                {{"id", g.id}, {"weight", g.weight}, {"title", {{"id", g.title.id}, {"en", g.title.en}}}});
        }
        std::cout << nlohmann::json{{"groups", groups}, {"rules", arr}}.dump(2) << "\n";
        return k_exit_ok;
    }
    for (const auto& g : cat.groups) {
        std::cout << fmt::format("{} ({}, bobot {})\n", g.title.in(lang), g.id, g.weight);
        for (const auto& r : cat.rules) {
            if (r.group == g.id) {
                std::cout << fmt::format(
                    "  {:<32} {}\n  {:<32} {}{}\n", r.id, r.title.in(lang), "", r.basis,
                    r.best_practice ? (lang == "en" ? " [best practice]" : " [praktik baik]") : "");
            }
        }
    }
    return k_exit_ok;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"pantau — crawls and audits Indonesian government websites against UU 14/2008 (KIP)\n"
                 "and reports what each agency must publish, with evidence.",
                 "pantau"};
    app.set_version_flag("--version", std::string("pantau ") + PANTAU_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);

    CheckOptions check;
    check.crawl.max_pages = 100;
    std::string check_url;
    double fail_under = -1;
    auto* cmd_check =
        app.add_subcommand("check", "Audit one site now and print its checklist (webmaster mode)");
    cmd_check->add_option("URL", check_url, "The site's address, e.g. https://dinkes.contohkab.go.id/")
        ->required();
    cmd_check->add_option("--format", check.format, "Output: text (checklist) or json (one object)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cmd_check->add_option("--lang", check.lang, "Report language: id (Bahasa Indonesia) or en")
        ->check(CLI::IsMember({"id", "en"}))
        ->capture_default_str();
    cmd_check->add_option("--fail-under", fail_under, "Exit 1 when the score is under SCORE (0-100)")
        ->check(CLI::Range(0.0, 100.0));
    cmd_check->add_option("--rules", check.rules_file, "Rule catalogue YAML (default: the built-in kip.yaml)")
        ->check(CLI::ExistingFile);
    cmd_check->add_flag("--quiet,-q", check.quiet, "No progress on stderr");
    add_crawl_options(*cmd_check, check.crawl);

    std::string rules_format = "text";
    std::string rules_lang = "id";
    auto* cmd_rules = app.add_subcommand("rules", "List the rule catalogue with its legal basis");
    cmd_rules->add_option("--format", rules_format, "text or json")->check(CLI::IsMember({"text", "json"}));
    cmd_rules->add_option("--lang", rules_lang, "id or en")->check(CLI::IsMember({"id", "en"}));

    DemoOptions demo;
    auto* cmd_demo = app.add_subcommand(
        "demo", "Serve the built-in demo site on loopback, run the whole job on it and write the report");
    cmd_demo->add_option("--out", demo.out_dir, "Directory for the report")->capture_default_str();
    cmd_demo->add_option("--lang", demo.lang, "id or en")->check(CLI::IsMember({"id", "en"}));

    RunOptions run;
    auto* cmd_run = app.add_subcommand(
        "run",
        "Crawl every site of a registry, audit, score, rank and write the reports (the scheduled job)");
    auto* cmd_crawl =
        app.add_subcommand("crawl", "Fetch every site of a registry into the database (no audit)");
    for (auto* cmd : {cmd_run, cmd_crawl}) {
        cmd->add_option("--sites", run.sites_file, "Sites registry (YAML or CSV)")
            ->required()
            ->check(CLI::ExistingFile);
        cmd->add_option("--db", run.db_path, "SQLite database keeping every run")->capture_default_str();
        cmd->add_flag("--lock", run.lock, "Refuse to start while another run uses the same database");
        cmd->add_flag("--quiet,-q", run.quiet, "No progress on stderr");
        add_crawl_options(*cmd, run.crawl);
    }
    cmd_run->add_option("--out", run.out_dir, "Report directory (default ./pantau-out/<date>/)");
    cmd_run->add_option("--lang", run.lang, "Report language: id or en")->check(CLI::IsMember({"id", "en"}));
    cmd_run->add_option("--rules", run.rules_file, "Rule catalogue YAML (default: built-in)")
        ->check(CLI::ExistingFile);
    cmd_run->add_flag("--warc", run.warc, "Archive fetched pages as WARC evidence");

    AuditCommandOptions audit;
    auto* cmd_audit =
        app.add_subcommand("audit", "Run the checks and scores again on a stored crawl (no fetching)");
    cmd_audit->add_option("--db", audit.db_path, "SQLite database")->required();
    cmd_audit->add_option("--run", audit.run_id, "Run id (default: the latest)")->check(CLI::PositiveNumber);
    cmd_audit->add_option("--rules", audit.rules_file, "Rule catalogue YAML (default: built-in)")
        ->check(CLI::ExistingFile);
    cmd_audit->add_option("--lang", audit.lang, "Message language: id or en")
        ->check(CLI::IsMember({"id", "en"}));

    std::string history_db;
    std::string history_format = "text";
    auto* cmd_history =
        app.add_subcommand("history", "Summary of the stored runs: date, sites, pages, mean score, failures");
    cmd_history->add_option("--db", history_db, "SQLite database")->required();
    cmd_history->add_option("--format", history_format, "text or json")
        ->check(CLI::IsMember({"text", "json"}));

    // --- begin `report` subcommand (owner: reports; cli/report_command.*)
    ReportOptions report_opt;
    auto* cmd_report = add_report_subcommand(app, report_opt);
    // --- end `report` subcommand

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? k_exit_ok : k_exit_usage;
    }

    try {
        if (*cmd_check) {
            auto url = site_url(check_url);
            if (!url) {
                fmt::print(stderr, "pantau: not a valid http(s) URL: '{}'\n", check_url);
                return k_exit_usage;
            }
            check.url = *url;
            if (fail_under >= 0) {
                check.fail_under = fail_under;
            }
            return run_check(check);
        }
        if (*cmd_run || *cmd_crawl) {
            run.fetch_only = static_cast<bool>(*cmd_crawl);
            return run_command(run);
        }
        if (*cmd_history) {
            return history_command(history_db, history_format);
        }
        if (*cmd_audit) {
            return audit_command(audit);
        }
        // --- begin `report` dispatch (owner: reports)
        if (*cmd_report) {
            return run_report_command(report_opt);
        }
        // --- end `report` dispatch
        if (*cmd_rules) {
            return rules_command(rules_format, rules_lang);
        }
        if (*cmd_demo) {
            return run_demo(demo);
        }
    } catch (const config::ConfigError& e) {
        fmt::print(stderr, "pantau: {}\n", e.what());
        return k_exit_usage;
    } catch (const store::StoreError& e) {
        fmt::print(stderr, "pantau: {}\n", e.what());
        return k_exit_usage;
    } catch (const std::runtime_error& e) {
        fmt::print(stderr, "pantau: {}\n", e.what());
        return k_exit_usage;
    }
    return k_exit_ok;
}

} // namespace pantau::cli

// demo/regency.hpp — the generated demo regency: "Kabupaten Contoh" with 30 agency sites (plus the
// pemda's central PPID portal) shaped like real Indonesian government sites, each with the ground truth
// of every KIP.md rule (pass / warn / fail / n-a) derived from what the generator put on the site.
//
// Used by `pantau demo` (serve it, crawl it, report) and by bench/accuracy (compare pantau's verdicts
// with the truth). The truth follows KIP.md's semantics, never the checker's code: fixtures model real
// sites, checks model the law. It is not a crawler, not a checker and not a server (demo/server.hpp
// serves the files it writes).
//
// Typical use (the port must be known before the files are written, because agency pages link to the
// central portal with absolute URLs):
//
//     auto regency = demo::plan_regency({.today = today});
//     demo::Server server(demo::virtual_hosts(regency, dir));
//     demo::write_regency(regency, dir, server.port());
//     demo::write_registry_yaml(regency, dir / "sites.yaml", server.port());
//     // crawl with --resolve for every entry of demo::resolve_entries(regency, server.port())
#pragma once

#include "demo/server.hpp"
#include "demo/tls.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pantau::demo {

struct RegencyOptions {
    // The run's "today": news and document dates are placed relative to it (fresh vs stale sites).
    std::chrono::sys_days today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    // Seeds the cosmetic choices (label variants, date shapes, news titles); the truth does not depend on it.
    std::uint32_t seed = 2008;
};

struct RegencySite {
    std::string name;   // "Dinas Kesehatan"
    std::string host;   // "dinkes.contohkab.go.id"
    std::string pemda;  // "Kabupaten Contoh"
    std::string parent; // "" or e.g. "Sekretariat Daerah"
    std::vector<std::string> tags;
    std::string profile; // what the site models, in a few words ("model PPID", "stale", "hacked", …)
    // Rule id (every id of KIP.md) → "pass" | "warn" | "fail" | "n-a".
    std::map<std::string, std::string> truth;
    double true_score = 0;     // KIP.md's scoring formula applied to `truth`
    std::vector<Fault> faults; // faults the server applies to this host (403, reset, delay)
    bool down = false;         // no answer at all (every connection reset)
    bool blocked = false;      // answers 403 to everything
    bool in_registry = true;   // false for the central PPID portal (evidence host only)
    // "" = plain http only (registered as http://); otherwise registered as https://: "https" (http://
    // redirects there), "https-no-redirect" (http:// serves the pages too), "https-expiring" (as "https",
    // with a certificate that runs out in 12 days).
    std::string tls;
    // Status a client sees for the home page: 200, 403, or 0 (connection reset).
    int home_status() const;
};

struct Regency {
    std::string pemda = "Kabupaten Contoh";
    std::chrono::sys_days today{};
    std::uint32_t seed = 0;
    std::vector<RegencySite> sites; // the agencies (in_registry) and the portal (not in the registry)
    // Hosts the pages link to but the demo does not serve (lapor.go.id, elhkpn.kpk.go.id, spam
    // domains, …): a crawler should resolve them to loopback so that nothing leaves the machine.
    std::vector<std::string> external_hosts;
};

inline constexpr const char* k_portal_host = "ppid.contohkab.go.id";

// Every rule id of KIP.md, in catalogue order.
const std::vector<std::string>& kip_rule_ids();
// The group of a rule id ("kip.ppid.dip" → "ppid", "fresh.berita" → "kesegaran", …).
std::string rule_group(const std::string& rule_id);
// KIP.md's score of a verdict map: per group the share of applicable rules that pass (warn = half,
// n-a left out), then the mean of group scores weighted berkala 25, setiap-saat 15, serta-merta 5,
// ppid 20, kesegaran 15, ketersediaan 10, situs 10 (groups with no applicable rule left out).
double score_from_truth(const std::map<std::string, std::string>& truth);
// The category id of a score ("informatif", "menuju-informatif", …).
std::string category_for(double score);

// The regency's sites and their truth, without writing anything. Deterministic for given options.
Regency plan_regency(const RegencyOptions& options = {});
// Writes every site's files under `dir`/<host>/. `port` is the port written into absolute links between
// the demo's hosts (the portal); 0 writes them without a port. Throws std::runtime_error when a file
// cannot be written.
void write_regency(const Regency& regency, const std::filesystem::path& dir, std::uint16_t port);
// plan_regency + write_regency in one call.
Regency generate_regency(const std::filesystem::path& dir, const RegencyOptions& options = {},
                         std::uint16_t port = 0);

// The hosts to serve, with their faults (the down site resets every connection, the blocked one answers
// 403). Roots are `dir`/<host>; they need not exist yet.
std::vector<VirtualHost> virtual_hosts(const Regency& regency, const std::filesystem::path& dir);
// The sites registry YAML (pemda + sites with name, url http://HOST:PORT/, parent, tags) for the
// agencies in the registry. Throws std::runtime_error when it cannot be written.
void write_registry_yaml(const Regency& regency, const std::filesystem::path& file, std::uint16_t port);
// "HOST:PORT:127.0.0.1" entries (curl --resolve) for every served host on `port` and for every external
// host on 80 and 443 (nothing listens there on loopback, so those links fail fast instead of leaving).
std::vector<std::string> resolve_entries(const Regency& regency, std::uint16_t port);

// The certificates of the regency's https sites: a demo CA (the crawler is told to trust it, as a
// regency would its own CA) and the server options that serve them (one certificate for every name, the
// expiring one by SNI). Made fresh each call, dated from the real clock, as TLS clients check them.
struct RegencyTls {
    CertificateAuthority ca;
    ServerOptions server;
};
RegencyTls regency_tls(const Regency& regency);

} // namespace pantau::demo

#include "cli/demo_command.hpp"

#include "cli/app.hpp"
#include "cli/run_command.hpp"
#include "demo/regency.hpp"
#include "demo/server.hpp"

#include <fmt/core.h>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace pantau::cli {

int run_demo(const DemoOptions& options) {
    namespace fs = std::filesystem;
    const auto started = std::chrono::steady_clock::now();
    const fs::path out = fs::absolute(options.out_dir);
    const fs::path site_dir = out / "situs-demo";
    fs::remove_all(site_dir);
    fs::create_directories(out);
    // Every demo is a fresh history: the report shows this run, not leftovers of an older demo.
    for (const char* f : {"pantau.db", "pantau.db-wal", "pantau.db-shm"}) {
        fs::remove(out / f);
    }

    demo::RegencyOptions regency_options;
    const demo::Regency regency = demo::plan_regency(regency_options);
    // The regency's https sites use certificates of a demo CA, which the crawl is told to trust.
    const demo::RegencyTls tls = demo::regency_tls(regency);
    demo::ServerOptions server_options = tls.server;
    server_options.threads = 2;
    demo::Server server(demo::virtual_hosts(regency, site_dir), server_options);
    const fs::path ca_file = site_dir / "ca-demo.pem";
    fs::create_directories(site_dir);
    { std::ofstream(ca_file) << tls.ca.certificate_pem; }
    demo::write_regency(regency, site_dir, server.port());
    const fs::path registry = site_dir / "sites.yaml";
    demo::write_registry_yaml(regency, registry, server.port());

    std::size_t agencies = 0;
    for (const auto& s : regency.sites) {
        agencies += s.in_registry ? 1 : 0;
    }
    fmt::print(stderr, "pantau demo: {} dengan {} situs perangkat daerah, dilayani di 127.0.0.1:{}\n",
               regency.pemda, agencies, server.port());

    RunOptions run;
    run.sites_file = registry.string();
    run.db_path = (out / "pantau.db").string();
    run.out_dir = out.string();
    run.lang = options.lang;
    run.crawl.resolve = demo::resolve_entries(regency, server.port());
    run.crawl.allow_private = true; // the demo regency lives on loopback
    run.crawl.ca_file = ca_file.string();
    run.crawl.rate = 20; // our own server: no need to wait a second between pages
    run.crawl.connections = 4;
    run.crawl.max_pages = 150;
    run.crawl.connect_timeout_ms = 2'000;
    const int rc = run_command(run);
    server.stop();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print(stderr, "pantau demo: selesai dalam {:.1f} detik\n", seconds);
    return rc;
}

} // namespace pantau::cli

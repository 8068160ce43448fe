#include "cli/demo_command.hpp"

#include "cli/app.hpp"
#include "cli/check.hpp"
#include "demo/demo_site.hpp"
#include "demo/server.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace pantau::cli {

int run_demo(const DemoOptions& options) {
    namespace fs = std::filesystem;
    const fs::path out = fs::absolute(options.out_dir);
    fs::create_directories(out);
    const fs::path site_dir = out / "site";
    fs::remove_all(site_dir);
    demo::write_demo_site(site_dir);

    demo::Server server(demo::hosts_from_directory(site_dir));
    fmt::print(stderr, "pantau demo: serving http://{}/ on 127.0.0.1:{}\n", demo::k_demo_host, server.port());

    CheckOptions check;
    check.url = fmt::format("http://{}:{}/", demo::k_demo_host, server.port());
    check.lang = options.lang;
    check.crawl.resolve.push_back(fmt::format("{}:{}:127.0.0.1", demo::k_demo_host, server.port()));
    check.crawl.allow_private = true; // the demo site lives on loopback
    check.crawl.rate = 20;            // our own server: no need to wait a second between pages
    check.crawl.connections = 4;
    check.crawl.max_pages = 100;
    CheckResult result = check_site(check);
    server.stop();

    const std::string text = reports::site_text(result.report, result.catalogue, options.lang);
    {
        std::ofstream json(out / "report.json", std::ios::binary);
        json << reports::site_json(result.report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
             << "\n";
        std::ofstream txt(out / "report.txt", std::ios::binary);
        txt << text;
        if (!json || !txt) {
            fmt::print(stderr, "pantau demo: cannot write the report to {}\n", out.string());
            return k_exit_usage;
        }
    }
    std::cout << text << "\n";
    std::cout << fmt::format("Laporan: {}\n         {}\n", (out / "report.txt").string(), (out / "report.json").string());
    return result.exit_code == k_exit_usage ? k_exit_usage : k_exit_ok;
}

} // namespace pantau::cli

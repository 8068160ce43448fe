#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace pantau::cli {

int main(int argc, char** argv) {
    CLI::App app{"pantau — crawls and audits Indonesian government websites (UU 14/2008 KIP)", "pantau"};
    app.set_version_flag("--version", std::string("pantau ") + PANTAU_VERSION);
    app.require_subcommand(1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? k_exit_ok : k_exit_usage;
    }
    return k_exit_ok;
}

} // namespace pantau::cli

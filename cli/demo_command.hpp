// cli/demo_command.hpp — `pantau demo`: serves the built-in demo on loopback, runs the job on it with
// the real crawler, rules and reporter, and writes the report.
#pragma once

#include <string>

namespace pantau::cli {

struct DemoOptions {
    std::string out_dir = "pantau-out/demo";
    std::string lang = "id";
};

int run_demo(const DemoOptions& options);

} // namespace pantau::cli

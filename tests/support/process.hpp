// tests/support/process.hpp — runs the pantau binary (or any program) and captures what it printed.
#pragma once

#include <string>
#include <vector>

namespace pantau::test {

struct ProcessResult {
    int exit_code = -1; // -1 when killed by a signal
    std::string out;
    std::string err;
};

// Runs `argv` (argv[0] is a path) with no stdin, waits, and returns exit code and output.
ProcessResult run_process(const std::vector<std::string>& argv);

// Runs the built `pantau` executable with the given arguments.
ProcessResult run_pantau(const std::vector<std::string>& args);

// Path of shared/testdata and of tests/fixtures.
std::string testdata_path(const std::string& rel);
std::string fixture_path(const std::string& rel);

// A fresh empty directory under the system temp dir, removed by the OS eventually.
std::string temp_dir(const std::string& prefix);

} // namespace pantau::test

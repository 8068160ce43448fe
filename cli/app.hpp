// cli/app.hpp — the `pantau` command line: subcommands, options (CLI11), exit codes.
#pragma once

namespace pantau::cli {

// Exit codes of DESIGN.md.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_below_threshold = 1; // done, score under --fail-under
inline constexpr int k_exit_usage = 2;           // bad usage or bad input file
inline constexpr int k_exit_unreachable = 3;     // the site could not be fetched at all

// Runs the program; returns the exit code. Prints reports to stdout, progress and errors to stderr.
int main(int argc, char** argv);

} // namespace pantau::cli

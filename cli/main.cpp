// pantau — entry point. All logic is in cli/app.cpp so tests can drive it; this only maps to exit codes.
#include "cli/app.hpp"

#include <malloc.h>

int main(int argc, char** argv) {
    // glibc returns the top of the heap to the kernel whenever more than the trim threshold is free there,
    // and by default that threshold follows the largest block freed. A re-crawl reads a stored page
    // (facts, links) for every 304, frees it, and so grew and shrank the heap with brk about five times
    // per page, each a system call. Fixed limits end that; a few MiB kept is nothing next to the crawl.
    mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
    mallopt(M_TOP_PAD, 1024 * 1024);
    return pantau::cli::main(argc, argv);
}

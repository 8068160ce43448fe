// pantau — entry point. All logic is in cli/app.cpp so tests can drive it; this only maps to exit codes.
#include "cli/app.hpp"

int main(int argc, char** argv) {
    return pantau::cli::main(argc, argv);
}

// Micro-benchmark: extraction throughput (charset + one Gumbo parse + the facts walk + dates) over the
// saved real-world pages in shared/testdata/html, next to a bare Gumbo parse of the same bytes.
// DESIGN.md's budget: extraction should cost at most ~1.5x the parse it cannot avoid.
//   ./extract_bench --benchmark_counters_tabular=true
//   PANTAU_BENCH_HTML=corpus-a/sites ./extract_bench   (the pages of a bench/corpus tree instead)
#include "extract/page.hpp"

#include <benchmark/benchmark.h>
#include <gumbo.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Corpus {
    std::vector<std::string> pages;
    std::size_t bytes = 0;
};

const Corpus& corpus() {
    static const Corpus c = [] {
        Corpus out;
        std::vector<std::filesystem::path> files;
        // PANTAU_BENCH_HTML=DIR reads every *.html under DIR instead (e.g. a bench/corpus tree, to set
        // extraction beside the Gumbo floor of bench/compare on the same pages).
        if (const char* dir = std::getenv("PANTAU_BENCH_HTML"); dir != nullptr && *dir != '\0') {
            for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
                const std::string path = e.path().string();
                if (e.is_regular_file() && e.path().extension() == ".html" &&
                    path.find("/wp-admin/") == std::string::npos &&
                    path.find("/cari/") == std::string::npos) {
                    files.push_back(e.path());
                }
            }
        } else {
            for (const auto& e :
                 std::filesystem::directory_iterator(std::string(PANTAU_TESTDATA) + "/html")) {
                if (e.path().extension() == ".html") {
                    files.push_back(e.path());
                }
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            std::ostringstream ss;
            ss << in.rdbuf();
            out.bytes += ss.str().size();
            out.pages.push_back(ss.str());
        }
        return out;
    }();
    return c;
}

void BM_GumboParseOnly(benchmark::State& state) {
    const Corpus& c = corpus();
    for (auto _ : state) {
        for (const std::string& page : c.pages) {
            GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, page.data(), page.size());
            benchmark::DoNotOptimize(out);
            gumbo_destroy_output(&kGumboDefaultOptions, out);
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
    state.counters["pages"] = static_cast<double>(c.pages.size());
}
BENCHMARK(BM_GumboParseOnly)->Unit(benchmark::kMillisecond);

void BM_ExtractPage(benchmark::State& state) {
    const Corpus& c = corpus();
    pantau::extract::ExtractOptions options;
    options.fetch_time = 1733367600;
    std::size_t links = 0;
    for (auto _ : state) {
        for (const std::string& page : c.pages) {
            auto facts =
                pantau::extract::extract_page(page, "https://www.example.com/dir/page.html", "", options);
            links += facts.links.size();
            benchmark::DoNotOptimize(facts);
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
    state.counters["links/iter"] = static_cast<double>(links) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ExtractPage)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();

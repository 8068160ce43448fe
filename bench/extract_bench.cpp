// Micro-benchmark: extraction throughput (charset + one Gumbo parse + the facts walk + dates) over the
// saved real-world pages in shared/testdata/html, next to a bare Gumbo parse of the same bytes.
// DESIGN.md's budget: extraction should cost at most ~1.5x the parse it cannot avoid.
//   ./extract_bench --benchmark_counters_tabular=true
#include "extract/page.hpp"

#include <benchmark/benchmark.h>
#include <gumbo.h>

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
        for (const auto& e : std::filesystem::directory_iterator(std::string(PANTAU_TESTDATA) + "/html")) {
            if (e.path().extension() == ".html") {
                files.push_back(e.path());
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

#include "reports/availability.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace pantau::reports {

namespace {

// Nearest-rank percentile of a sorted, non-empty list.
double percentile(const std::vector<double>& sorted, double p) {
    const auto n = sorted.size();
    auto idx = static_cast<std::size_t>(std::ceil(p * static_cast<double>(n)));
    idx = std::clamp<std::size_t>(idx, 1, n);
    return sorted[idx - 1];
}

double median(const std::vector<double>& sorted) {
    const auto n = sorted.size();
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

} // namespace

Availability summarize_availability(const std::vector<store::Page>& pages,
                                    const std::vector<store::Document>& documents) {
    Availability a;
    std::vector<double> ttfb;
    std::vector<double> total;
    std::map<std::string, int> failures;
    for (const auto& p : pages) {
        if (p.offsite) {
            continue;
        }
        ++a.pages;
        const bool answered = p.http_status > 0;
        if (answered && p.http_status >= 200 && p.http_status < 300 && p.failure.empty()) {
            ++a.ok;
        } else if (!answered || p.http_status >= 400) {
            ++a.errors;
        }
        if (!p.failure.empty()) {
            ++failures[p.failure];
        } else if (p.http_status >= 400) {
            ++failures[p.http_status >= 500 ? "http_5xx" : "http_4xx"];
        }
        // Timings of a page that never answered measure the timeout, not the server.
        if (answered) {
            ttfb.push_back(p.ttfb_ms);
            total.push_back(p.total_ms);
        }
    }
    if (!ttfb.empty()) {
        std::sort(ttfb.begin(), ttfb.end());
        std::sort(total.begin(), total.end());
        a.median_ttfb_ms = median(ttfb);
        a.p90_ttfb_ms = percentile(ttfb, 0.9);
        a.median_total_ms = median(total);
    }
    for (const auto& d : documents) {
        ++a.documents;
        if (!d.failure.empty() || d.http_status == 0 || d.http_status >= 400) {
            ++a.documents_broken;
        }
    }
    a.failures.assign(failures.begin(), failures.end());
    std::stable_sort(a.failures.begin(), a.failures.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    return a;
}

} // namespace pantau::reports

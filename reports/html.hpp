// reports/html.hpp — the HTML report: report.html (run overview, ranking, charts) and one page per
// site (score, gap checklist by legal category with basis, evidence and fix, changes, availability).
//
// Pages open from disk with no network: charts are inline SVG drawn here, styles and the one small
// sorting/filtering script are inline and allowed by a Content-Security-Policy that lists their
// sha256 hashes and nothing else (site pages carry no script). Every string that came from a
// registry or a crawl is escaped; links are emitted only for http(s) URLs.
// Bahasa Indonesia by default, English when the report's lang is "en".
#pragma once

#include "config/catalogue.hpp"
#include "reports/diff.hpp"
#include "reports/run_report.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pantau::reports {

struct HtmlFile {
    std::string path; // relative to the output directory ("report.html", "situs/3.html")
    std::string html;
};

// The overview and one page per site. `diff` may be null (first run of a registry).
std::vector<HtmlFile> render_html(const RunReport& report, const RunDiff* diff,
                                  const config::Catalogue& catalogue);

// The same pages handed to `sink` one at a time (overview first), so the pages of a national run
// (tens of thousands of sites) are never all held in memory at once.
void render_html_pages(const RunReport& report, const RunDiff* diff, const config::Catalogue& catalogue,
                       const std::function<void(const HtmlFile&)>& sink);

// Text escaped for HTML text and double-quoted attribute values.
std::string html_escape(std::string_view text);

// The path of a site's page relative to the output directory.
std::string site_page_path(const SiteReport& site);

// "sha256-<base64>" of `text`, as a CSP source expression.
std::string csp_hash(std::string_view text);

} // namespace pantau::reports

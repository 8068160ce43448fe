#include "reports/csv.hpp"

#include <fmt/core.h>

namespace pantau::reports {

std::string csv_cell(const std::string& value) {
    std::string v = value;
    // OWASP "CSV injection": these leading characters make Excel and LibreOffice evaluate the cell.
    if (!v.empty() &&
        (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
        v.insert(v.begin(), '\'');
    }
    if (v.find_first_of(",\"\r\n") == std::string::npos) {
        return v;
    }
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::string ranking_csv(const RunReport& report, const config::Catalogue& catalogue) {
    std::string out = "\xEF\xBB\xBF";
    auto row = [&out](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) {
                out += ',';
            }
            out += csv_cell(cells[i]);
        }
        out += "\r\n";
    };
    std::vector<std::string> header = {"rank", "site", "pemda", "url", "score", "category"};
    for (const auto& g : catalogue.groups) {
        header.push_back(g.id);
    }
    header.push_back("fails");
    row(header);
    for (const auto& s : report.sites) {
        std::vector<std::string> cells = {std::to_string(s.rank),
                                          s.site.name,
                                          s.site.pemda,
                                          s.site.url,
                                          fmt::format("{:.1f}", s.score.score),
                                          s.score.category};
        for (const auto& g : catalogue.groups) {
            std::string cell;
            for (const auto& gs : s.score.groups) {
                if (gs.id == g.id && gs.score) {
                    cell = fmt::format("{:.1f}", *gs.score);
                }
            }
            cells.push_back(cell);
        }
        cells.push_back(std::to_string(s.score.fails));
        row(cells);
    }
    return out;
}

} // namespace pantau::reports

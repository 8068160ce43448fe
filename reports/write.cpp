#include "reports/write.hpp"

#include "reports/csv.hpp"
#include "reports/html.hpp"

#include <fstream>
#include <system_error>

namespace pantau::reports {

namespace {

void write_file(const std::filesystem::path& path, const std::string& content) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    const std::filesystem::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << content;
        out.close();
        if (!out) {
            throw ReportError("cannot write " + tmp.string());
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        throw ReportError("cannot write " + path.string() + ": " + ec.message());
    }
}

} // namespace

std::expected<Formats, std::string> parse_formats(const std::string& list) {
    Formats f{false, false, false, false};
    bool any = false;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find(',', start);
        if (end == std::string::npos) {
            end = list.size();
        }
        std::string item = list.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') {
            item.erase(item.begin());
        }
        while (!item.empty() && item.back() == ' ') {
            item.pop_back();
        }
        if (item == "html") {
            f.html = true;
        } else if (item == "json") {
            f.json = true;
        } else if (item == "csv") {
            f.csv = true;
        } else if (item == "xlsx") {
            f.xlsx = true;
        } else {
            return std::unexpected("unknown report format '" + item + "' (expected html, json, csv, xlsx)");
        }
        any = true;
        start = end + 1;
    }
    if (!any) {
        return std::unexpected("no report format given (expected html, json, csv, xlsx)");
    }
    return f;
}

std::vector<std::filesystem::path> write_reports(const RunReport& report, const RunDiff* diff,
                                                 const config::Catalogue& catalogue,
                                                 const std::filesystem::path& dir, const Formats& formats) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw ReportError("cannot create " + dir.string() + ": " + ec.message());
    }
    std::vector<std::filesystem::path> written;
    if (formats.html) {
        render_html_pages(report, diff, catalogue, [&](const HtmlFile& file) {
            write_file(dir / file.path, file.html);
            written.push_back(dir / file.path);
        });
    }
    if (formats.json) {
        // Crawled text may hold invalid UTF-8; replace it rather than fail the whole report.
        write_file(dir / "report.json",
                   run_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
        written.push_back(dir / "report.json");
    }
    if (formats.csv) {
        write_file(dir / "ranking.csv", ranking_csv(report, catalogue));
        written.push_back(dir / "ranking.csv");
    }
    if (formats.xlsx) {
        const std::filesystem::path tmp = dir / "report.xlsx.tmp";
        write_xlsx(report, catalogue, tmp);
        std::filesystem::rename(tmp, dir / "report.xlsx", ec);
        if (ec) {
            throw ReportError("cannot write " + (dir / "report.xlsx").string() + ": " + ec.message());
        }
        written.push_back(dir / "report.xlsx");
    }
    return written;
}

} // namespace pantau::reports

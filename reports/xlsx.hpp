// reports/xlsx.hpp — report.xlsx (libxlsxwriter): a ranking sheet and a findings sheet, each with an
// autofilter and a frozen header row, in the report's language.
//
// Every crawled string is written as a string cell (never a formula), so it cannot run in Excel.
#pragma once

#include "config/catalogue.hpp"
#include "reports/run_report.hpp"

#include <filesystem>
#include <stdexcept>

namespace pantau::reports {

// A report file could not be written; ends the command (the message names the file).
class ReportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Writes the workbook to `path`. Throws ReportError when it cannot be written.
void write_xlsx(const RunReport& report, const config::Catalogue& catalogue,
                const std::filesystem::path& path);

} // namespace pantau::reports

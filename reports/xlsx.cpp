#include "reports/xlsx.hpp"

#include <xlsxwriter.h>

#include <memory>
#include <string>
#include <vector>

namespace pantau::reports {

namespace {

struct WorkbookCloser {
    void operator()(lxw_workbook* wb) const {
        if (wb != nullptr) {
            workbook_close(wb);
        }
    }
};

// Excel refuses cells over 32,767 characters; cut on a UTF-8 boundary.
std::string fit(const std::string& s) {
    constexpr std::size_t k_max = 32767;
    if (s.size() <= k_max) {
        return s;
    }
    std::size_t end = k_max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
        --end;
    }
    return s.substr(0, end);
}

class Sheet {
public:
    Sheet(lxw_workbook* wb, const char* name, lxw_format* header)
        : m_ws(workbook_add_worksheet(wb, name)), m_header(header) {}

    void header(const std::vector<std::string>& cells, const std::vector<double>& widths) {
        for (std::size_t c = 0; c < cells.size(); ++c) {
            worksheet_write_string(m_ws, 0, col(c), cells[c].c_str(), m_header);
            worksheet_set_column(m_ws, col(c), col(c), c < widths.size() ? widths[c] : 12, nullptr);
        }
        m_cols = cells.size();
        m_row = 1;
    }
    void text(std::size_t c, const std::string& v) {
        if (!v.empty()) {
            worksheet_write_string(m_ws, m_row, col(c), fit(v).c_str(), nullptr);
        }
    }
    void number(std::size_t c, double v) { worksheet_write_number(m_ws, m_row, col(c), v, nullptr); }
    void next() { ++m_row; }
    // Filters on every column and the header row frozen, as a reader of a long list expects.
    void finish() {
        if (m_cols > 0) {
            worksheet_autofilter(m_ws, 0, 0, m_row > 1 ? m_row - 1 : 1, col(m_cols - 1));
        }
        worksheet_freeze_panes(m_ws, 1, 0);
    }

private:
    static lxw_col_t col(std::size_t c) { return static_cast<lxw_col_t>(c); }

    lxw_worksheet* m_ws;
    lxw_format* m_header;
    lxw_row_t m_row = 0;
    std::size_t m_cols = 0;
};

} // namespace

void write_xlsx(const RunReport& report, const config::Catalogue& cat, const std::filesystem::path& path) {
    const bool en = report.lang == "en";
    const std::string& lang = report.lang;
    std::unique_ptr<lxw_workbook, WorkbookCloser> wb(workbook_new(path.string().c_str()));
    if (!wb) {
        throw ReportError("cannot create " + path.string());
    }
    lxw_format* bold = workbook_add_format(wb.get());
    format_set_bold(bold);
    format_set_bg_color(bold, 0xDDE6F0);

    Sheet ranking(wb.get(), en ? "Ranking" : "Peringkat", bold);
    std::vector<std::string> head = {en ? "Rank" : "Peringkat",
                                     en ? "Rank in pemda" : "Peringkat di pemda",
                                     en ? "Site" : "Situs",
                                     "Pemda",
                                     "URL",
                                     en ? "Score" : "Skor",
                                     en ? "Category" : "Kategori"};
    std::vector<double> widths = {10, 10, 40, 28, 40, 8, 20};
    for (const auto& g : cat.groups) {
        head.push_back(g.title.in(lang));
        widths.push_back(14);
    }
    head.push_back(en ? "Fails" : "Gagal");
    ranking.header(head, widths);
    for (const auto& s : report.sites) {
        std::size_t c = 0;
        ranking.number(c++, s.rank);
        ranking.number(c++, s.pemda_rank);
        ranking.text(c++, s.site.name);
        ranking.text(c++, s.site.pemda);
        ranking.text(c++, s.site.url);
        ranking.number(c++, s.score.score);
        ranking.text(c++, cat.band_for(s.score.score).label.in(lang));
        for (const auto& g : cat.groups) {
            for (const auto& gs : s.score.groups) {
                if (gs.id == g.id && gs.score) {
                    ranking.number(c, *gs.score);
                }
            }
            ++c;
        }
        ranking.number(c, s.score.fails);
        ranking.next();
    }
    ranking.finish();

    Sheet findings(wb.get(), en ? "Findings" : "Temuan", bold);
    findings.header({en ? "Rank" : "Peringkat", en ? "Site" : "Situs", "Pemda", en ? "Group" : "Kelompok",
                     en ? "Rule" : "Aturan", en ? "Title" : "Judul", "Status", en ? "Message" : "Pesan",
                     en ? "Basis" : "Dasar", en ? "How to fix" : "Perbaikan",
                     en ? "Evidence URL" : "URL bukti", en ? "Evidence text" : "Teks bukti",
                     en ? "Date" : "Tanggal", "HTTP"},
                    {10, 36, 24, 16, 30, 36, 10, 50, 34, 50, 50, 30, 12, 8});
    for (const auto& s : report.sites) {
        for (const auto& f : s.findings) {
            const config::Rule* rule = cat.rule(f.rule);
            const config::Group* group = cat.group(f.group);
            std::size_t c = 0;
            findings.number(c++, s.rank);
            findings.text(c++, s.site.name);
            findings.text(c++, s.site.pemda);
            findings.text(c++, group != nullptr ? group->title.in(lang) : f.group);
            findings.text(c++, f.rule);
            findings.text(c++, rule != nullptr ? rule->title.in(lang) : f.rule);
            findings.text(c++, std::string(checks::to_string(f.status)));
            findings.text(c++, f.message);
            findings.text(c++, f.basis);
            findings.text(c++, f.fix);
            // The first piece of evidence; the HTML and JSON reports list all of them.
            if (!f.evidence.empty()) {
                const auto& e = f.evidence.front();
                findings.text(c, e.url);
                findings.text(c + 1, e.text);
                findings.text(c + 2, e.date);
                if (e.http_status != 0) {
                    findings.number(c + 3, e.http_status);
                }
            }
            findings.next();
        }
    }
    findings.finish();

    lxw_workbook* raw = wb.release();
    if (const lxw_error err = workbook_close(raw); err != LXW_NO_ERROR) {
        throw ReportError("cannot write " + path.string() + ": " + lxw_strerror(err));
    }
}

} // namespace pantau::reports

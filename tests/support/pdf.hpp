// tests/support/pdf.hpp — a minimal valid PDF written byte by byte (catalog, one empty page, an
// information dictionary, a correct xref table), so tests need no PDF tool installed.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace pantau::test {

// `info` is the body of the /Info dictionary, e.g. "/ModDate (D:20250310093000+07'00')"; empty means
// the file has no /Info. `extra_trailer` is added to the trailer dictionary (e.g. an /Encrypt entry).
inline std::string minimal_pdf(const std::string& info, const std::string& extra_trailer = "") {
    std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    };
    if (!info.empty()) {
        objects.push_back("<< " + info + " >>");
    }
    std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (std::size_t off : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
        out += line;
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R";
    if (!info.empty()) {
        out += " /Info " + std::to_string(objects.size()) + " 0 R";
    }
    out += extra_trailer + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

} // namespace pantau::test

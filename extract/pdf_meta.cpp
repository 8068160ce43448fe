#include "extract/pdf_meta.hpp"

#include <fmt/format.h>
#include <poppler-document.h>
#include <poppler-global.h>

#include <climits>
#include <memory>

namespace pantau::extract {

namespace {

// poppler prints parse errors of broken files to stderr by default; a crawler meets thousands of
// broken PDFs and a library must not write to the terminal. The handler is process-wide in poppler,
// so it is installed once (a function-local static is initialised exactly once, thread-safely).
void silence_poppler() {
    static const bool installed = [] {
        poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
        return true;
    }();
    (void)installed;
}

std::string to_std(const poppler::ustring& u) {
    const poppler::byte_array utf8 = u.to_utf8();
    std::string out(utf8.begin(), utf8.end());
    while (!out.empty() && out.back() == '\0') {
        out.pop_back();
    }
    return out;
}

bool digits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

// The date a key holds, read strictly from the string as written: its calendar day in the
// producer's zone. poppler's own reading (info_date_t) is not used: it converts to UTC, which moves
// a date written just after midnight WIB to the day before, and it rolls impossible dates ("month
// 13") over into real ones.
std::string info_date(const poppler::document& doc, const std::string& key) {
    return pdf_date_to_iso(to_std(doc.info_key(key)));
}

} // namespace

std::string pdf_date_to_iso(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    if (text.starts_with("D:")) {
        text.remove_prefix(2);
    }
    if (text.size() < 8 || !digits(text.substr(0, 8))) {
        return "";
    }
    const int year = std::stoi(std::string(text.substr(0, 4)));
    const int month = std::stoi(std::string(text.substr(4, 2)));
    const int day = std::stoi(std::string(text.substr(6, 2)));
    // PDF appeared in 1993; anything outside a sane span is a producer bug, not a date.
    if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) {
        return "";
    }
    return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day);
}

PdfMeta read_pdf_meta(std::string_view bytes) {
    PdfMeta out;
    // Only something that says it is a PDF goes to poppler: error pages served as .pdf are common,
    // and the header must be within the first KiB (what readers accept).
    if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos || bytes.size() > INT_MAX) {
        return out;
    }
    silence_poppler();
    try {
        // load_from_raw_data reads `bytes` in place; the document does not outlive this call.
        std::unique_ptr<poppler::document> doc(
            poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
        if (!doc || doc->is_locked()) {
            return out;
        }
        out.created = info_date(*doc, "CreationDate");
        out.modified = info_date(*doc, "ModDate");
        out.title = to_std(doc->get_title());
    } catch (const std::exception&) {
        return PdfMeta{}; // poppler-cpp does not throw as documented; a bad_alloc on a huge file might
    }
    return out;
}

} // namespace pantau::extract

// extract/pdf_meta.hpp — the dates (and title) a PDF's document information dictionary carries, read
// with poppler-cpp. Freshness rules use them when a document's name and link text carry no date.
//
// Bytes in, values out: the crawler hands over the body it fetched; this never fetches or writes.
#pragma once

#include <string>
#include <string_view>

namespace pantau::extract {

struct PdfMeta {
    std::string created;  // CreationDate as YYYY-MM-DD (the day as written, in its own zone), or ""
    std::string modified; // ModDate as YYYY-MM-DD, or ""
    std::string title;    // Title in UTF-8, or ""
};

// Reads the information dictionary of the PDF in `bytes`. Garbage, truncated beyond repair, or
// password-locked input yields an empty PdfMeta; poppler's own error messages are silenced.
PdfMeta read_pdf_meta(std::string_view bytes);

// The day (YYYY-MM-DD) of a PDF date string "D:YYYYMMDDHHmmSSOHH'mm'" (the "D:" is optional, as are
// the parts after the day), or "" when it is not one.
std::string pdf_date_to_iso(std::string_view text);

} // namespace pantau::extract

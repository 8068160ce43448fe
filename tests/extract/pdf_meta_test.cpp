// Reading the dates of a PDF's information dictionary with poppler: hand-written PDFs (see
// tests/support/pdf.hpp), and input a crawler meets that must yield nothing rather than crash or hang.
#include "extract/pdf_meta.hpp"
#include "tests/support/pdf.hpp"

#include <catch2/catch.hpp>

using namespace pantau::extract;
using pantau::test::minimal_pdf;

TEST_CASE("extract::read_pdf_meta reads CreationDate, ModDate and Title", "[extract]") {
    const std::string pdf =
        minimal_pdf("/Title (Laporan Realisasi Anggaran) /CreationDate (D:20241220101500+07'00') "
                    "/ModDate (D:20250310093000+07'00')");
    const PdfMeta m = read_pdf_meta(pdf);
    CHECK(m.created == "2024-12-20");
    CHECK(m.modified == "2025-03-10");
    CHECK(m.title == "Laporan Realisasi Anggaran");
}

TEST_CASE("extract::read_pdf_meta keeps the day as written, not the UTC day", "[extract]") {
    // 00:30 WIB on New Year's Day is still 31 December in UTC; the document says 2025.
    const PdfMeta m = read_pdf_meta(minimal_pdf("/ModDate (D:20250101003000+07'00')"));
    CHECK(m.modified == "2025-01-01");
    CHECK(m.created.empty());
}

TEST_CASE("extract::read_pdf_meta gives nothing for a PDF without dates", "[extract]") {
    const PdfMeta none = read_pdf_meta(minimal_pdf(""));
    CHECK(none.created.empty());
    CHECK(none.modified.empty());
    const PdfMeta junk = read_pdf_meta(minimal_pdf("/ModDate (kemarin sore) /CreationDate (D:20251340)"));
    CHECK(junk.modified.empty());
    CHECK(junk.created.empty());
}

TEST_CASE("extract::read_pdf_meta gives nothing for garbage, error pages and truncated files", "[extract]") {
    CHECK(read_pdf_meta("").modified.empty());
    CHECK(read_pdf_meta("<html><body>404 Not Found</body></html>").modified.empty());
    CHECK(read_pdf_meta("%PDF-1.7\n" + std::string(5000, '\xff')).modified.empty());
    CHECK(read_pdf_meta("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj trailer << /Root 1 0 R >>\n%%EOF\n")
              .modified.empty());
    // Cut anywhere before the information dictionary is complete: no date, no crash.
    const std::string pdf = minimal_pdf("/ModDate (D:20250310093000+07'00')");
    const std::size_t info_end = pdf.find("endobj", pdf.find("4 0 obj"));
    REQUIRE(info_end != std::string::npos);
    for (std::size_t n = 0; n < info_end; n += 3) {
        INFO("first " << n << " bytes");
        CHECK(read_pdf_meta(std::string_view(pdf).substr(0, n)).modified.empty());
    }
}

TEST_CASE("extract::read_pdf_meta gives nothing for a password-locked PDF", "[extract]") {
    // A standard security handler whose empty user password does not open the file (the /U check
    // fails), so poppler cannot decrypt the information dictionary.
    const std::string encrypt =
        " /Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -44"
        " /O <0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef>"
        " /U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210> >>"
        " /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]";
    const PdfMeta m = read_pdf_meta(minimal_pdf("/ModDate (D:20250310093000+07'00')", encrypt));
    CHECK(m.modified.empty());
    CHECK(m.created.empty());
}

TEST_CASE("extract::pdf_date_to_iso reads PDF date strings and refuses the rest", "[extract]") {
    CHECK(pdf_date_to_iso("D:20250310093000+07'00'") == "2025-03-10");
    CHECK(pdf_date_to_iso("D:20250310") == "2025-03-10");
    CHECK(pdf_date_to_iso("20231231235959Z") == "2023-12-31");
    CHECK(pdf_date_to_iso("D:2025").empty());     // no day: not a date we can rely on
    CHECK(pdf_date_to_iso("D:20251310").empty()); // month 13
    CHECK(pdf_date_to_iso("D:00010101").empty()); // before PDF existed
    CHECK(pdf_date_to_iso("10 Maret 2025").empty());
}

// extract/charset.hpp — finds the character encoding of an HTML page and decodes it to UTF-8.
//
// The order is the WHATWG one a browser uses: byte-order mark, the HTTP Content-Type charset, a
// prescan of the first 1024 bytes for <meta charset>/<meta http-equiv>, then statistical detection
// (uchardet), then windows-1252. Decoding uses iconv; bytes that do not decode become U+FFFD, so a
// badly encoded page is still audited, never dropped. This module does not sniff non-HTML types.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pantau::extract {

struct Decoded {
    std::string text;    // UTF-8
    std::string charset; // WHATWG encoding name, lower case ("utf-8", "windows-1256", …)
    std::string source;  // "bom", "http", "meta", "detected", "default"
    // Set by decode_html_borrowing when the body needed no conversion (ASCII, or complete and valid
    // UTF-8 read as UTF-8): the text is these bytes of the caller's body, past a byte-order mark, and
    // `text` is left empty.
    std::optional<std::string_view> borrowed;

    // The decoded text, wherever it is.
    std::string_view utf8() const { return borrowed ? *borrowed : std::string_view(text); }
};

// Decodes an HTML body to UTF-8, choosing the encoding in the WHATWG order described above.
Decoded decode_html(std::string_view body, std::string_view content_type);

// The same, for a caller that keeps `body` alive while it reads the result: a body that needs no
// conversion (most pages) is not copied (see Decoded::borrowed). The text read is the same.
Decoded decode_html_borrowing(std::string_view body, std::string_view content_type);

// Returns the WHATWG encoding name (lower case) for a label such as "latin1" or " UTF8 ", or ""
// when the label is unknown. Per the Encoding spec, "iso-8859-1"/"ascii" name windows-1252.
std::string normalize_charset_label(std::string_view label);

// Returns the charset parameter of a Content-Type header value, normalised, or "".
std::string charset_from_content_type(std::string_view content_type);

// Runs the WHATWG "prescan a byte stream to determine its encoding" algorithm over the first
// `limit` bytes (the spec's 1024 by default); returns the normalised encoding name or "" when nothing
// usable is declared. A declared UTF-16 means UTF-8 (the bytes were readable as ASCII),
// x-user-defined means windows-1252.
std::string prescan_meta_charset(std::string_view bytes, std::size_t limit = 1024);

struct Sniffed {
    std::string charset; // WHATWG name, "" when nothing is declared
    std::string source;  // "bom", "http", "meta"
};

// The declared encoding: BOM, then the HTTP charset, then <meta> in the first 1024 bytes, then a
// <meta> further on (up to 64 KB) — a browser's parser still switches to a <meta> it meets late
// while its encoding is only a guess, so such pages are shown in the declared encoding.
Sniffed sniff_declared_charset(std::string_view body, std::string_view content_type);

// Converts `bytes` from the named encoding to UTF-8, replacing undecodable sequences with U+FFFD.
std::string to_utf8(std::string_view bytes, std::string_view charset);

// `s` as it is when it is valid UTF-8; otherwise a copy with every byte that is not part of a valid
// sequence (a cut or truncated character included) replaced by U+FFFD.
std::string valid_utf8(std::string_view s);

} // namespace pantau::extract

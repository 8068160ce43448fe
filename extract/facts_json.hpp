// extract/facts_json.hpp — PageFacts to and from a stored form, so the store can keep a page's facts
// and the checks can re-audit a stored crawl without fetching or re-parsing.
// Links are not included: the store keeps them in their own table.
//
// Two forms read back the same facts:
//   JSON text (facts_to_json): readable; what the crawler stored up to schema step 7.
//   binary (facts_to_binary): what the crawler stores from step 8 on. Byte 0x01, the length of the
//     next part as LEB128, every fact but the text as MessagePack (the JSON value's shape), then the
//     text itself. Writing JSON escaped the text byte by byte and reading it unescaped it again: for
//     a page of 35 KB that was most of the cost of storing and of re-reading its facts.
#pragma once

#include "extract/page.hpp"

#include <string>

namespace pantau::extract {

// JSON text of every fact except links; `max_text` caps the stored visible text (bytes, cut at a
// UTF-8 boundary).
// Every string comes out as valid UTF-8 (invalid bytes become U+FFFD) in both forms.
std::string facts_to_json(const PageFacts& facts, std::size_t max_text = 256 * 1024);
// The same facts in the binary form (never begins with '{' or white space, so never taken for JSON).
std::string facts_to_binary(const PageFacts& facts, std::size_t max_text = 256 * 1024);
// Facts read back from either form (links left empty); unknown or missing fields are left at their
// defaults, so older stored facts still load, and a damaged value gives empty facts.
PageFacts facts_from_json(const std::string& stored);

} // namespace pantau::extract

// extract/facts_json.hpp — PageFacts to and from compact JSON, so the store can keep a page's facts
// and the checks can re-audit a stored crawl without fetching or re-parsing.
// Links are not included: the store keeps them in their own table.
#pragma once

#include "extract/page.hpp"

#include <string>

namespace pantau::extract {

// JSON text of every fact except links; `max_text` caps the stored visible text (bytes, cut at a
// UTF-8 boundary).
std::string facts_to_json(const PageFacts& facts, std::size_t max_text = 256 * 1024);
// Facts read back from facts_to_json's text (links left empty); unknown or missing fields are
// left at their defaults, so older stored facts still load.
PageFacts facts_from_json(const std::string& json);

} // namespace pantau::extract

// extract/text.hpp — text normalisation shared by extraction and the rules: whitespace collapsing,
// folding for word matching ("SERTA-MERTA" = "serta merta" = "sertamerta"), whole-word matching of
// abbreviations ("DIP" must not match "diploma").
//
// This is not a stemmer, a language detector or a transliterator: it folds case (ASCII and Latin-1
// letters), punctuation and spacing, which is what menu labels on government sites vary in.
#pragma once

#include <string>
#include <string_view>

namespace pantau::extract {

// Appends `s` to `out`, turning every run of whitespace (ASCII, NBSP) into one space and never
// starting `out` with a space or doubling one already at its end.
void append_collapsed(std::string& out, std::string_view s);

// Returns `s` with whitespace runs collapsed to one space and trimmed.
std::string collapse_whitespace(std::string_view s);

// Returns `s` lower-cased (ASCII and Latin-1 letters, UTF-8 aware), with punctuation, hyphens,
// apostrophes and symbols turned into spaces and whitespace collapsed and trimmed.
std::string fold(std::string_view s);

// True when the folded `phrase` occurs in the folded `text` at word boundaries, either as written
// or with the spaces removed on both sides ("sertamerta" matches "serta merta" and the reverse).
// Both arguments are raw text; they are folded here.
bool contains_phrase(std::string_view text, std::string_view phrase);

// Same as contains_phrase, for a text that was already folded with fold() (a rule checks many
// phrases against one page: fold the page once).
bool contains_folded_phrase(std::string_view folded_text, std::string_view folded_phrase);

// The same, for a phrase already folded and with its spaces removed (squash_folded): a caller that
// checks one phrase against many texts prepares it once.
bool contains_squashed_phrase(std::string_view folded_text, std::string_view squashed_phrase);
std::string squash_folded(std::string_view folded_phrase);

// True when the abbreviation (e.g. "DIP", "PPID", "LKjIP") occurs in `text` as a whole word, case
// folded ("dip" does not match "diploma"; "Daftar DIP 2024" does).
bool contains_word(std::string_view text, std::string_view word);

} // namespace pantau::extract

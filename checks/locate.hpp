// checks/locate.hpp — finding where a site names a KIP item, shared by the generic kinds (label, table,
// form, fresh_dates, fresh_years). Private to checks/.
//
// A Matcher holds a rule's words, abbreviations, slugs and hosts, as ids of the phrases the site's
// texts were scanned for when it was loaded (checks/phrases.hpp). locate() walks the stored pages once
// and returns every place that names the item — a link (by its text, title, image alt, target address
// or document file name), a page (by its title, a heading, its address, or its own text) — together
// with what the target turned out to be: fetched with content, an error or an empty template, a
// document that answered, or something the crawl never checked.
#pragma once

#include "checks/engine.hpp"

#include <functional>
#include <string>
#include <vector>

namespace pantau::checks {

// The id of a catalogue phrase (raw, as the catalogue writes it) among those the site was loaded for;
// k_none for one that folds to nothing. Throws std::logic_error when it was not indexed (the site was
// loaded for another catalogue): answering "absent" would be a wrong finding.
PhraseId indexed_phrase(const PhraseCatalogue& phrases, const std::string& raw);

class Matcher {
public:
    // Reads what `phrases` found in the site's texts; the rule's phrases must be among them (the site
    // was loaded for this catalogue), else std::logic_error.
    Matcher(const config::Match& m, const PhraseCatalogue& phrases);

    // The rule's first word (in its order) found in a text, or nullptr (words only: abbreviations in
    // running text are too ambiguous — "PKS", "DIP").
    const std::string* word_in(const PhraseSet& found) const;
    // The rule's first word, else its first abbreviation, found in a text, or nullptr.
    const std::string* word_or_abbreviation_in(const PhraseSet& found) const;
    // True when the rule's i-th abbreviation is in a text.
    bool has_abbreviation(std::size_t i, const PhraseSet& found) const;
    // The rule's host or slug in an address: &address.host when a host matched (and `by_host` is
    // set), &address.path when a slug did, else nullptr.
    const std::string* in_address(const UrlParts& address, bool* by_host = nullptr) const;

    // The same questions of a text that was not indexed (already folded), by scanning it.
    std::string in_folded(const std::string& folded) const;
    std::string in_folded_text(const std::string& folded) const;

private:
    const config::Match& m_match;
    // Folded and squashed (extract::squash_folded) once, for text that was not indexed.
    std::vector<std::string> m_words;
    std::vector<std::string> m_abbreviations;
    // The same phrases' ids in the site's PhraseCatalogue.
    std::vector<PhraseId> m_word_ids;
    std::vector<PhraseId> m_abbreviation_ids;
    std::vector<PhraseId> m_slug_ids;
    std::vector<std::string> m_dotted_hosts; // "." + host
};

enum class Reach {
    ok,        // answered with content (2xx page with content of its own, or a 2xx document)
    broken,    // answered an error, or an empty template ("tertaut tetapi kosong")
    unchecked, // the crawl never fetched it
};

struct Hit {
    std::string url;   // the evidence: the page or document that names or holds the item
    std::string label; // what matched (link text, heading, file name …)
    std::string from;  // the page linking to `url`; "" when the page itself matched
    int http_status = 0;
    Reach reach = Reach::unchecked;
    bool document = false; // a document (pdf, docx, xlsx …)
    bool by_host = false;  // matched by one of the rule's hosts: the link is the channel (LAPOR!, LPSE)
    std::string offsite;   // another *.go.id host or Google Drive/Docs it lives on; "" on the site
    bool assumed = false;  // counted without being fetched: the crawl does not check such targets
    const PageView* page = nullptr;       // the fetched target page, when any
    const store::Document* doc = nullptr; // the checked document, when any
};

// Every place on the site that names the rule's item, deduplicated by target URL (first found wins).
std::vector<Hit> locate(const RuleContext& ctx, const Matcher& matcher);

// What a target URL turned out to be, for a link of the given kind (a page's own URL: internal).
Hit resolve_target(const RuleContext& ctx, const std::string& url, LinkKind link_kind);
// The same for a link's target, whose host is already known.
Hit resolve_target(const RuleContext& ctx, const UrlParts& target, LinkKind link_kind);

// The usual verdict over hits. `why_not` says why an ok hit does not satisfy the rule ("" = it does),
// so a kind can demand more than a label (a table, a form, an announcement). Order of verdicts: pass
// when an ok hit satisfies; warn when ok hits exist but none satisfies (with the first reason); warn
// "tertaut tetapi kosong" when targets are errors or empty; n-a (partial) or warn when targets were
// never checked; fail otherwise.
Finding judge(const RuleContext& ctx, const std::vector<Hit>& hits,
              const std::function<std::string(const Hit&)>& why_not);

// Evidence for one hit (attributing off-site and unchecked evidence in its text).
Evidence evidence_of(const RuleContext& ctx, const Hit& hit);

// At most `n` items: reports stay readable.
std::vector<Evidence> first(std::vector<Evidence> v, std::size_t n = 5);

} // namespace pantau::checks

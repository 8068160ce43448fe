// checks/locate.hpp — finding where a site names a KIP item, shared by the generic kinds (label, table,
// form, fresh_dates, fresh_years). Private to checks/.
//
// A Matcher holds a rule's folded words, abbreviations, slugs and hosts. locate() walks the stored
// pages once and returns every place that names the item — a link (by its text, title, image alt,
// target address or document file name), a page (by its title, a heading, its address, or its own
// text) — together with what the target turned out to be: fetched with content, an error or an
// empty template, a document that answered, or something the crawl never checked.
#pragma once

#include "checks/engine.hpp"

#include <functional>
#include <string>
#include <vector>

namespace pantau::checks {

class Matcher {
public:
    explicit Matcher(const config::Match& m);
    // The rule's word found in already folded text (words only: abbreviations in running text are too
    // ambiguous — "PKS", "DIP"), or "".
    std::string in_folded(const std::string& folded) const;
    // The rule's word or abbreviation found in already folded text, or "".
    std::string in_folded_text(const std::string& folded) const;
    // The rule's host or slug found in a URL given by its parts (host lower case, decoded path and its
    // folded form), or "". Sets `by_host` when a host matched.
    std::string in_url_parts(const std::string& host, const std::string& path, const std::string& folded_path,
                             bool* by_host = nullptr) const;

private:
    const config::Match& m_match;
    // Folded and squashed (extract::squash_folded) once: every rule reads every page and link.
    std::vector<std::string> m_words;
    std::vector<std::string> m_abbreviations;
    std::vector<std::string> m_slugs;
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

// What a target URL turned out to be, for a link with the given store kind ("internal", "document" …).
Hit resolve_target(const RuleContext& ctx, const std::string& url, const std::string& link_kind);

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

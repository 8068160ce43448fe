// checks/phrases.hpp — every phrase the rules of a catalogue look for, found in a text in one pass.
// Private to checks/.
//
// A site has thousands of pages and a catalogue forty rules of a dozen phrases each. Scanning every
// text once per phrase and rule costs rules × pages × phrases × text length; instead, loading a site
// puts the phrases of all rules in one PhraseCatalogue, scans each text once, and keeps what it holds
// as a PhraseSet that the rules query. The matching is extract::contains_squashed_phrase's, exactly:
// a phrase (folded, spaces removed) runs from a word start to a word end of the folded text, spaces
// in the text skipped — "serta merta", "sertamerta" and "serta-merta" read alike, and "dip" never
// matches inside "diploma".
//
// It is not a search engine: no stemming, no ranking, no positions — only which phrases occur.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pantau::checks {

using PhraseId = std::uint32_t;

// The phrases one text holds: ids in increasing order, each once. A site's audit keeps hundreds of
// thousands of these (every page, link string, target and heading has one or more), and most hold a
// phrase or two: up to three ids are kept in the object itself, more in an array of exact size.
class PhraseSet {
public:
    PhraseSet() = default;
    explicit PhraseSet(const std::vector<PhraseId>& sorted_ids);
    PhraseSet(const PhraseSet& other);
    PhraseSet(PhraseSet&& other) noexcept;
    PhraseSet& operator=(const PhraseSet& other);
    PhraseSet& operator=(PhraseSet&& other) noexcept;
    ~PhraseSet();

    // True when the phrase occurs in the text.
    bool contains(PhraseId id) const;
    bool empty() const { return m_size == 0; }
    std::vector<PhraseId> ids() const { return {data(), data() + m_size}; }

    bool operator==(const PhraseSet& other) const;

private:
    static constexpr std::uint32_t k_inline = 3;
    // Sixteen bytes: the size, then three ids in place, or (past three) a pointer to the array in the
    // last eight bytes, which are aligned for it.
    PhraseId* heap() const {
        PhraseId* p = nullptr;
        std::memcpy(&p, &m_inline[1], sizeof p);
        return p;
    }
    void set_heap(PhraseId* p) { std::memcpy(&m_inline[1], &p, sizeof p); }
    const PhraseId* data() const { return m_size <= k_inline ? m_inline : heap(); }
    void release();

    std::uint32_t m_size = 0;
    PhraseId m_inline[k_inline] = {};
};
static_assert(sizeof(PhraseSet) == 16);

class PhraseCatalogue {
public:
    // The id of a phrase that can never occur (an empty one).
    static constexpr PhraseId k_none = std::numeric_limits<PhraseId>::max();

    // Adds a phrase given folded and squashed (extract::squash_folded of extract::fold); returns its id,
    // the same id for a phrase added before. An empty phrase is not added: k_none.
    PhraseId add(std::string_view squashed);
    // The id of a phrase added before; k_none when it is empty or was never added.
    PhraseId find(std::string_view squashed) const;
    // Every added phrase that occurs in `folded` (text as extract::fold returns it).
    PhraseSet scan(std::string_view folded) const;
    // Number of phrases added.
    std::size_t size() const { return m_phrases.size(); }

    // The scan's steps, for a caller that has the text as words already (WordScanner): the state after
    // reading `word` (no spaces) from `from` (k_start to begin a phrase), k_dead when no phrase goes on so.
    using State = std::uint32_t;
    static constexpr State k_start = 0;
    static constexpr State k_dead = std::numeric_limits<State>::max();
    State walk(State from, std::string_view word) const;
    // The phrase that ends in a state (read up to a word end), or k_none.
    PhraseId phrase_at(State s) const { return m_phrase_at[s]; }

private:
    // A trie over the phrases' bytes, as a table: row `node`, column the byte's class (bytes that occur
    // in no phrase are class 0, which leads nowhere). Node 0 is the root, never a child, so 0 also
    // means "no such child".
    std::uint32_t next(std::uint32_t node, unsigned char c) const {
        return m_next[node * m_width + m_class[c]];
    }

    std::vector<std::uint8_t> m_class = std::vector<std::uint8_t>(256, 0);
    std::size_t m_width = 1;                                              // classes, 0 included
    std::vector<std::uint32_t> m_next = std::vector<std::uint32_t>(1, 0); // nodes × m_width
    std::vector<PhraseId> m_phrase_at = std::vector<PhraseId>(1, k_none); // by node: the phrase ending there
    std::vector<std::string> m_phrases;                                   // by id
};

// Scans texts given as their words, numbered: what PhraseCatalogue::scan finds in the words joined
// by spaces (as extract::fold writes a text). Where a word leads from the start of a phrase is
// remembered by its number, so a site whose pages repeat their words walks each word once.
class WordScanner {
public:
    explicit WordScanner(const PhraseCatalogue& phrases) : m_phrases(phrases) {}
    // `words[i]` is numbered `ids[i]`; one number always means one word.
    PhraseSet scan(const std::vector<std::string_view>& words, const std::vector<std::uint32_t>& ids);

private:
    static constexpr PhraseCatalogue::State k_unknown = PhraseCatalogue::k_dead - 1;
    const PhraseCatalogue& m_phrases;
    std::vector<PhraseCatalogue::State> m_from_start; // by word number
};

} // namespace pantau::checks

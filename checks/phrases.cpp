#include "checks/phrases.hpp"

#include <algorithm>
#include <stdexcept>

namespace pantau::checks {

PhraseSet::PhraseSet(const std::vector<PhraseId>& sorted_ids)
    : m_size(static_cast<std::uint32_t>(sorted_ids.size())) {
    if (m_size > k_inline) {
        set_heap(new PhraseId[m_size]);
    }
    std::copy(sorted_ids.begin(), sorted_ids.end(), const_cast<PhraseId*>(data()));
}

PhraseSet::PhraseSet(const PhraseSet& other) : m_size(other.m_size) {
    if (m_size > k_inline) {
        set_heap(new PhraseId[m_size]);
    }
    std::copy(other.data(), other.data() + m_size, const_cast<PhraseId*>(data()));
}

PhraseSet::PhraseSet(PhraseSet&& other) noexcept : m_size(other.m_size) {
    std::copy(other.m_inline, other.m_inline + k_inline, m_inline); // the ids, or the pointer
    other.m_size = 0;
}

PhraseSet& PhraseSet::operator=(const PhraseSet& other) {
    if (this != &other) {
        PhraseSet copy(other);
        *this = std::move(copy);
    }
    return *this;
}

PhraseSet& PhraseSet::operator=(PhraseSet&& other) noexcept {
    if (this != &other) {
        release();
        m_size = other.m_size;
        std::copy(other.m_inline, other.m_inline + k_inline, m_inline); // the ids, or the pointer
        other.m_size = 0;
    }
    return *this;
}

PhraseSet::~PhraseSet() {
    release();
}

void PhraseSet::release() {
    if (m_size > k_inline) {
        delete[] heap();
    }
    m_size = 0;
}

bool PhraseSet::contains(PhraseId id) const {
    return std::binary_search(data(), data() + m_size, id);
}

bool PhraseSet::operator==(const PhraseSet& other) const {
    return m_size == other.m_size && std::equal(data(), data() + m_size, other.data());
}
PhraseId PhraseCatalogue::add(std::string_view squashed) {
    if (squashed.empty()) {
        return k_none;
    }
    std::uint32_t node = 0;
    for (const char ch : squashed) {
        const auto c = static_cast<unsigned char>(ch);
        if (m_class[c] == 0) {
            // A byte no phrase had: one more column in every row.
            if (m_width > 255) { // cannot happen: a squashed phrase has no space, so at most 255 bytes
                throw std::length_error("checks: too many distinct bytes in the catalogue's phrases");
            }
            m_class[c] = static_cast<std::uint8_t>(m_width);
            std::vector<std::uint32_t> wider(m_phrase_at.size() * (m_width + 1), 0);
            for (std::size_t row = 0; row < m_phrase_at.size(); ++row) {
                std::copy_n(m_next.begin() + static_cast<std::ptrdiff_t>(row * m_width), m_width,
                            wider.begin() + static_cast<std::ptrdiff_t>(row * (m_width + 1)));
            }
            m_next = std::move(wider);
            ++m_width;
        }
        std::uint32_t child = next(node, c);
        if (child == 0) {
            child = static_cast<std::uint32_t>(m_phrase_at.size());
            m_phrase_at.push_back(k_none);
            m_next.resize(m_next.size() + m_width, 0);
            m_next[node * m_width + m_class[c]] = child;
        }
        node = child;
    }
    if (m_phrase_at[node] == k_none) {
        m_phrase_at[node] = static_cast<PhraseId>(m_phrases.size());
        m_phrases.emplace_back(squashed);
    }
    return m_phrase_at[node];
}

PhraseId PhraseCatalogue::find(std::string_view squashed) const {
    if (squashed.empty()) {
        return k_none;
    }
    std::uint32_t node = 0;
    for (const char ch : squashed) {
        node = next(node, static_cast<unsigned char>(ch));
        if (node == 0) {
            return k_none;
        }
    }
    return m_phrase_at[node];
}

PhraseSet PhraseCatalogue::scan(std::string_view text) const {
    // From each word start, walk the trie over the text's letters, skipping spaces between them (as
    // contains_squashed_phrase does); a phrase counts where its last letter ends a word. The walk is
    // fixed by the text, so each start yields every phrase that starts there.
    std::vector<PhraseId> found;
    std::vector<std::uint8_t> seen(m_phrases.size());
    const auto* t = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t s = 0;
    while (s < n) {
        if (t[s] == ' ') {
            ++s;
            continue;
        }
        std::uint32_t node = next(0, t[s]);
        std::size_t j = s + 1;
        while (node != 0) {
            const PhraseId id = m_phrase_at[node];
            if (id != k_none && (j == n || t[j] == ' ') && seen[id] == 0) {
                seen[id] = 1;
                found.push_back(id);
            }
            while (j < n && t[j] == ' ') {
                ++j;
            }
            if (j == n) {
                break;
            }
            node = next(node, t[j]);
            ++j;
        }
        // On to the next word start.
        while (s < n && t[s] != ' ') {
            ++s;
        }
    }
    std::sort(found.begin(), found.end());
    return PhraseSet(found);
}

PhraseCatalogue::State PhraseCatalogue::walk(State from, std::string_view word) const {
    State node = from;
    for (const char ch : word) {
        node = next(node, static_cast<unsigned char>(ch));
        if (node == 0) {
            return k_dead;
        }
    }
    return node;
}

PhraseSet WordScanner::scan(const std::vector<std::string_view>& words,
                            const std::vector<std::uint32_t>& ids) {
    // PhraseCatalogue::scan on the joined text, word by word: a phrase can only end where a word does.
    std::vector<PhraseId> found;
    std::vector<std::uint8_t> seen(m_phrases.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (ids[i] >= m_from_start.size()) {
            m_from_start.resize(ids[i] + 1, k_unknown);
        }
        PhraseCatalogue::State state = m_from_start[ids[i]];
        if (state == k_unknown) {
            state = m_from_start[ids[i]] = m_phrases.walk(PhraseCatalogue::k_start, words[i]);
        }
        for (std::size_t k = i + 1; state != PhraseCatalogue::k_dead; ++k) {
            const PhraseId id = m_phrases.phrase_at(state);
            if (id != PhraseCatalogue::k_none && seen[id] == 0) {
                seen[id] = 1;
                found.push_back(id);
            }
            if (k == words.size()) {
                break;
            }
            state = m_phrases.walk(state, words[k]);
        }
    }
    std::sort(found.begin(), found.end());
    return PhraseSet(found);
}

} // namespace pantau::checks

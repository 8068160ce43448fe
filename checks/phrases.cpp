#include "checks/phrases.hpp"

#include <algorithm>

namespace pantau::checks {

bool PhraseSet::contains(PhraseId id) const {
    return std::binary_search(m_ids.begin(), m_ids.end(), id);
}

std::uint32_t PhraseCatalogue::child(std::uint32_t node, unsigned char c) const {
    if (node == k_no_node) {
        return m_root[c];
    }
    for (const auto& [byte, next] : m_nodes[node].children) {
        if (byte == c) {
            return next;
        }
    }
    return k_no_node;
}

PhraseId PhraseCatalogue::add(std::string_view squashed) {
    if (squashed.empty()) {
        return k_none;
    }
    std::uint32_t node = k_no_node;
    for (const char ch : squashed) {
        const auto c = static_cast<unsigned char>(ch);
        std::uint32_t next = child(node, c);
        if (next == k_no_node) {
            next = static_cast<std::uint32_t>(m_nodes.size());
            m_nodes.emplace_back();
            if (node == k_no_node) {
                m_root[c] = next;
            } else {
                m_nodes[node].children.emplace_back(c, next);
            }
        }
        node = next;
    }
    if (m_nodes[node].phrase == k_none) {
        m_nodes[node].phrase = static_cast<PhraseId>(m_phrases.size());
        m_phrases.emplace_back(squashed);
    }
    return m_nodes[node].phrase;
}

PhraseId PhraseCatalogue::find(std::string_view squashed) const {
    if (squashed.empty()) {
        return k_none;
    }
    std::uint32_t node = k_no_node;
    for (const char ch : squashed) {
        node = child(node, static_cast<unsigned char>(ch));
        if (node == k_no_node) {
            return k_none;
        }
    }
    return m_nodes[node].phrase;
}

PhraseSet PhraseCatalogue::scan(std::string_view text) const {
    // From each word start, walk the trie over the text's letters, skipping spaces between them (as
    // contains_squashed_phrase does); a phrase counts where its last letter ends a word. The walk is
    // fixed by the text, so each start yields every phrase that starts there.
    std::vector<PhraseId> found;
    std::vector<bool> seen(m_phrases.size());
    const std::size_t n = text.size();
    bool word_start = true;
    for (std::size_t s = 0; s < n; ++s) {
        const auto first = static_cast<unsigned char>(text[s]);
        if (first == ' ') {
            word_start = true;
            continue;
        }
        if (!word_start) {
            continue;
        }
        word_start = false;
        std::uint32_t node = m_root[first];
        std::size_t j = s + 1;
        while (node != k_no_node) {
            const PhraseId id = m_nodes[node].phrase;
            if (id != k_none && (j == n || text[j] == ' ') && !seen[id]) {
                seen[id] = true;
                found.push_back(id);
            }
            while (j < n && text[j] == ' ') {
                ++j;
            }
            if (j == n) {
                break;
            }
            node = child(node, static_cast<unsigned char>(text[j]));
            ++j;
        }
    }
    std::sort(found.begin(), found.end());
    return PhraseSet(std::move(found));
}

} // namespace pantau::checks

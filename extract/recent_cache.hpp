// extract/recent_cache.hpp — a bounded memo for pure functions of a string (a link's resolution, its
// normal form), kept per parse thread.
//
// A site's menus, header and footer put the same links on every page, among a few new ones (the page's
// own news, its related articles). Emptying a full memo at once would forget the menus too, and pay for
// them again every few hundred pages; so the memo keeps two generations: when the current one is full it
// becomes the previous one, and an entry found there moves back into the current one. What every page
// uses survives; what one page used is dropped after two generations. At most 2 × capacity entries.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>

namespace pantau::extract {

template <typename Value>
class RecentCache {
public:
    explicit RecentCache(std::size_t capacity) : m_capacity(capacity) {}

    // The value remembered for `key`, or nullptr. What it points at stays valid until the next find() or
    // insert().
    const Value* find(const std::string& key) {
        if (const auto at = m_current.find(key); at != m_current.end()) {
            return &at->second;
        }
        const auto old = m_previous.find(key);
        if (old == m_previous.end()) {
            return nullptr;
        }
        Value v = std::move(old->second);
        m_previous.erase(old);
        return &insert(key, std::move(v));
    }

    const Value& insert(const std::string& key, Value value) {
        if (m_current.size() >= m_capacity) {
            m_previous = std::move(m_current);
            m_current.clear();
        }
        return m_current.insert_or_assign(key, std::move(value)).first->second;
    }

    std::size_t size() const { return m_current.size() + m_previous.size(); }

private:
    std::size_t m_capacity;
    std::unordered_map<std::string, Value> m_current;
    std::unordered_map<std::string, Value> m_previous;
};

} // namespace pantau::extract

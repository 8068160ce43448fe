// crawler/traps.cpp — see traps.hpp.
#include "crawler/traps.hpp"

#include "crawler/url.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace pantau::crawler {
namespace {

// Non-empty path segments of "/a/b/?q" style text (query already removed).
std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        if (end > start) {
            out.push_back(path.substr(start, end - start));
        }
        start = end + 1;
    }
    return out;
}

std::size_t most_frequent_count(const std::vector<std::string_view>& parts) {
    std::unordered_map<std::string_view, std::size_t> counts;
    std::size_t most = 0;
    for (const std::string_view part : parts) {
        most = std::max(most, ++counts[part]);
    }
    return most;
}

// The largest number of back-to-back repetitions of any run of 1..4 segments.
std::size_t longest_repeated_run(const std::vector<std::string_view>& parts) {
    std::size_t most = 1;
    for (std::size_t length = 1; length <= 4; ++length) {
        for (std::size_t start = 0; start + 2 * length <= parts.size(); ++start) {
            std::size_t repeats = 1;
            std::size_t next = start + length;
            while (next + length <= parts.size()) {
                bool same = true;
                for (std::size_t i = 0; i < length && same; ++i) {
                    same = parts[start + i] == parts[next + i];
                }
                if (!same) {
                    break;
                }
                ++repeats;
                next += length;
            }
            most = std::max(most, repeats);
        }
    }
    return most;
}

// The path with every run of ASCII digits replaced by one '#'.
std::string shape_of(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    bool in_digits = false;
    for (const char c : path) {
        const bool digit = c >= '0' && c <= '9';
        if (digit && !in_digits) {
            out.push_back('#');
        } else if (!digit) {
            out.push_back(c);
        }
        in_digits = digit;
    }
    return out;
}

} // namespace

std::string_view trap_kind_name(TrapKind kind) {
    switch (kind) {
    case TrapKind::query_variants:
        return "query variants per path";
    case TrapKind::path_depth:
        return "path depth";
    case TrapKind::same_segment:
        return "repeated path segment";
    case TrapKind::repeated_run:
        return "repeating path pattern";
    case TrapKind::shape:
        return "URLs per numbered path shape";
    case TrapKind::url_length:
        return "URL length";
    case TrapKind::unparseable:
        return "unparseable URL";
    }
    return "unknown";
}

TrapGuard::TrapGuard(TrapLimits limits) : m_limits(limits) {}

TrapVerdict TrapGuard::refuse(TrapKind kind, std::string key, std::string_view url) {
    const std::string index_key = std::string(trap_kind_name(kind)) + '\n' + key;
    const auto [found, inserted] = m_hit_index.try_emplace(index_key, m_hits.size());
    if (inserted) {
        m_hits.push_back({kind, std::move(key), std::string(url), 0});
    }
    ++m_hits[found->second].refused;
    return {false, kind};
}

TrapVerdict TrapGuard::admit(std::string_view normalized_url) {
    if (normalized_url.size() > m_limits.max_url_length) {
        return refuse(TrapKind::url_length, {}, normalized_url);
    }
    const std::string host = url_host(normalized_url);
    const std::string target = url_path_and_query(normalized_url);
    if (host.empty() || target.empty()) {
        return refuse(TrapKind::unparseable, {}, normalized_url);
    }
    const std::size_t question = target.find('?');
    const std::string_view path = std::string_view(target).substr(0, question);
    const std::vector<std::string_view> parts = segments(path);

    if (parts.size() > m_limits.max_path_depth) {
        return refuse(TrapKind::path_depth, {}, normalized_url);
    }
    if (most_frequent_count(parts) > m_limits.max_same_segment) {
        return refuse(TrapKind::same_segment, {}, normalized_url);
    }
    if (longest_repeated_run(parts) > m_limits.max_repeated_run) {
        return refuse(TrapKind::repeated_run, {}, normalized_url);
    }

    const std::hash<std::string_view> hasher;
    std::unordered_set<std::size_t>* queries = nullptr;
    std::size_t query_hash = 0;
    if (question != std::string::npos) {
        std::string path_key = host + std::string(path);
        queries = &m_queries[path_key];
        query_hash = hasher(std::string_view(target).substr(question + 1));
        if (!queries->contains(query_hash) && queries->size() >= m_limits.max_query_variants) {
            return refuse(TrapKind::query_variants, std::move(path_key), normalized_url);
        }
    }
    std::string shape_key = host + shape_of(path);
    auto& shaped = m_shapes[shape_key];
    const std::size_t url_hash = hasher(target);
    if (!shaped.contains(url_hash) && shaped.size() >= m_limits.max_per_shape) {
        return refuse(TrapKind::shape, std::move(shape_key), normalized_url);
    }
    // Counted only once every cap has agreed, so refused URLs never use up a cap.
    if (queries != nullptr) {
        queries->insert(query_hash);
    }
    shaped.insert(url_hash);
    return {};
}

std::vector<TrapHit> TrapGuard::hits() const {
    return m_hits;
}

std::string TrapGuard::partial_reason() const {
    if (m_hits.empty()) {
        return {};
    }
    std::size_t refused = 0;
    for (const TrapHit& hit : m_hits) {
        refused += hit.refused;
    }
    std::string out =
        "crawler-trap guard refused " + std::to_string(refused) + " URL" + (refused == 1 ? "" : "s") + ":";
    for (std::size_t i = 0; i < m_hits.size(); ++i) {
        const TrapHit& hit = m_hits[i];
        out += (i == 0 ? " " : "; ");
        out += std::string(trap_kind_name(hit.kind)) + " cap (" + std::to_string(hit.refused) + ", e.g. " +
               hit.first_url + ")";
    }
    return out;
}

} // namespace pantau::crawler

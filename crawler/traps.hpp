// crawler/traps.hpp — crawler-trap guards for one site: caps that stop endless URL spaces (calendars
// that always link the next month, faceted search, session ids in paths, relative-link loops that
// grow /a/b/a/b/...) before they eat the site's page budget.
//
// A TrapGuard sees each new *normalised* URL once (after the frontier's de-duplication) and says
// whether it may be queued. Every refusal is counted per cap and per pattern so the site can be
// marked partial with a reason. Not here: de-duplication, robots.txt, scope, page/depth budgets of
// the crawl itself (the frontier owns those).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace pantau::crawler {

struct TrapLimits {
    // Distinct query strings per path: /kalender?bulan=1&tahun=2024, ?bulan=2… A real page rarely
    // needs more; a calendar or a faceted search has no end.
    std::size_t max_query_variants = 50;
    // Path segments: deeper paths are almost always relative-link loops.
    std::size_t max_path_depth = 15;
    // How often one segment may appear in a path ("/a/x/a/y/a/z/a" has "a" 4 times).
    std::size_t max_same_segment = 3;
    // How often a run of 1-4 segments may repeat back to back ("/a/b/a/b/a/b" repeats "a/b" 3 times).
    std::size_t max_repeated_run = 2;
    // Distinct URLs per shape, where a shape is the path with each run of digits replaced by '#'
    // ("/agenda/2031/07/" -> "/agenda/#/#/"): catches calendars that page by path, not by query.
    std::size_t max_per_shape = 500;
    // Whole URL length; browsers and servers balk well before endless appends get here.
    std::size_t max_url_length = 2048;
};

enum class TrapKind {
    query_variants,
    path_depth,
    same_segment,
    repeated_run,
    shape,
    url_length,
    unparseable
};

struct TrapVerdict {
    bool admitted = true;
    TrapKind kind = TrapKind::unparseable; // meaningful only when !admitted
};

// One cap that refused URLs, for the site's report.
struct TrapHit {
    TrapKind kind = TrapKind::unparseable;
    std::string key;         // the path or shape the cap applied to ("" for per-URL caps)
    std::string first_url;   // the first URL it refused, as evidence
    std::size_t refused = 0; // how many URLs it refused
};

// A short English name for a cap ("query variants per path").
std::string_view trap_kind_name(TrapKind kind);

class TrapGuard {
public:
    explicit TrapGuard(TrapLimits limits = {});

    // Decides whether `normalized_url` may be queued, and counts it when it may. Feed each URL once.
    TrapVerdict admit(std::string_view normalized_url);

    // True once any cap refused a URL: the crawl of this site is partial.
    bool cap_hit() const { return !m_hits.empty(); }

    // The caps that refused URLs, in the order they first did.
    std::vector<TrapHit> hits() const;

    // One sentence for the site's "partial" note, or empty when no cap was hit.
    std::string partial_reason() const;

private:
    TrapVerdict refuse(TrapKind kind, std::string key, std::string_view url);

    TrapLimits m_limits;
    // Per path (host included): hashes of the query strings seen, up to the cap.
    std::unordered_map<std::string, std::unordered_set<std::size_t>> m_queries;
    // Per shape: hashes of the URLs seen, up to the cap.
    std::unordered_map<std::string, std::unordered_set<std::size_t>> m_shapes;
    std::vector<TrapHit> m_hits;
    std::unordered_map<std::string, std::size_t> m_hit_index; // kind + key -> index in m_hits
};

} // namespace pantau::crawler

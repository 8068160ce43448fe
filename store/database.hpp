// store/database.hpp — the one SQLite database that holds every run: sites, pages, links, documents,
// findings and scores.
//
// Opening applies the numbered migrations (schema v1 …) in one transaction each; WAL mode and foreign
// keys are on. A database written by a newer pantau is refused with a message naming the file and
// both versions. Writes are batched: a Writer groups rows into transactions.
// This module knows nothing of HTTP or rules: it stores and returns plain rows.
// A Database is used by one thread at a time (it caches prepared statements); other processes may read
// the same file while it is written (WAL).
// A table another module needs (a frontier spill, say) is a new migration step in store/database.cpp,
// never a CREATE TABLE through handle(): only then do older files upgrade and newer ones get refused.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace pantau::store {

// Ends the run (cannot open, newer schema, disk full); the message names the file.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The schema version this build writes: the number of migration steps (store/database.cpp, k_migrations):
// 1 crawl tables, 2 audit tables (findings, scores), 3 indexes for the read paths, 4 the crawl frontier
// (resume after a crash) and per-fetch facts on pages (fetch_json, sitemap_lastmod), 5 unchanged pages
// point at the page holding their content, 6 facts compressed with zstd, 7 a page's links packed in one
// value (page_links), 8 facts in extract's binary form.
inline constexpr int k_schema_version = 8;

// Rows are plain values. String members carry `{}` so designated initializers (`Page{.url = …}`) that
// leave some out compile warning-free under -Wextra (GCC's -Wmissing-field-initializers).

struct Run {
    std::int64_t id = 0;
    std::string kind{};        // "check", "run", "crawl"
    std::string registry{};    // sites file path or the URL for `check`
    std::string started_at{};  // ISO-8601 UTC
    std::string finished_at{}; // empty while running
    std::string status{};      // "running", "done", "interrupted"
    std::string settings_json{};

    bool operator==(const Run&) const = default;
};

struct Site {
    std::int64_t id = 0;
    std::string name{};
    std::string url{}; // the registry URL; unique
    std::string pemda{};
    std::string parent{};
    std::string contact_email{};
    std::string tags{}; // ';'-separated

    bool operator==(const Site&) const = default;
};

// Per run and site: how the crawl went (reachability, partial coverage and why).
struct SiteCrawl {
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    std::string final_url{};
    std::string status{}; // "ok", "partial", "down", "blocked"
    std::string reason{}; // human-readable why (partial/down/blocked)
    std::int64_t pages_fetched = 0;
    std::string started_at{};
    std::string finished_at{};

    bool operator==(const SiteCrawl&) const = default;
};

struct Page {
    std::int64_t id = 0;
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    std::string url{};       // normalised request URL
    std::string final_url{}; // after redirects
    int http_status = 0;     // 0 when no response
    std::string content_type{};
    std::int64_t bytes = 0;
    double ttfb_ms = 0;
    double total_ms = 0;
    std::string fetched_at{};   // ISO-8601 UTC
    std::string content_hash{}; // hex
    std::string failure{};      // "" on success; else dns, connect, tls, timeout, reset, http_4xx, http_5xx,
                                // too_large, robots_disallowed, blocked, redirect_loop, private_address …
    int depth = 0;
    bool offsite = false; // fetched one hop outside the site as evidence
    std::string title{};
    std::string last_modified{};
    std::string etag{};
    // Extracted page facts other than links (headings, text, dates, forms …), as extract wrote them:
    // JSON text, or from schema step 8 on extract::facts_to_binary's form. The store keeps the value
    // as it is given (packing it) and hands it back as it was; extract::facts_from_json reads both.
    std::string facts_json{};
    // How the fetch went beyond the columns above (JSON object written by the crawler: redirect chain,
    // headers that matter, DNS/connect/TLS times, HTTP and TLS versions, certificate expiry/issuer).
    std::string fetch_json{};
    std::string sitemap_lastmod{}; // YYYY-MM-DD when a sitemap listed the URL with a <lastmod>
    // Set on a page that did not change since an earlier run (a 304): the id of the stored page whose
    // facts and links stand for it (reuse_page_content). facts_json and links_from() already read
    // through it; 0 when the page holds its own.
    std::int64_t content_of = 0;
    // facts_json as pack_page_facts() packs it, when the caller packed it ahead (on another thread than
    // the one writing); add_page then stores it as it is. Never read back (facts_json is).
    std::string facts_packed{};

    bool operator==(const Page&) const = default;
};

// A page's facts as add_page stores them: compressed (zstd) when 1 KiB or longer or in the binary form
// ("" when stored as text).
std::string pack_page_facts(const std::string& facts_json);

// One URL the crawl of (run, site) has accepted: the frontier kept in the database so a killed run
// resumes where it stopped. `done` is set in the same transaction that stores the fetch's result.
struct FrontierEntry {
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    std::string url{};
    std::string kind{}; // "page" or "document"
    int depth = 0;
    bool offsite = false;
    std::string sitemap_lastmod{};
    bool done = false;

    bool operator==(const FrontierEntry&) const = default;
};

struct Link {
    std::int64_t page_id = 0;
    std::string to_url{};
    std::string text{}; // anchor text
    std::string title{};
    std::string img_alt{};
    std::string kind{}; // "internal", "external", "document", "mailto", "tel"
    bool hidden = false;

    bool operator==(const Link&) const = default;
};

// A page's links as add_links stores them (Link::page_id is not kept: the row says it), so a caller can
// pack them on another thread than the one writing; "" when there are none.
std::string pack_links(const std::vector<Link>& links);

struct Document {
    std::int64_t id = 0;
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    std::string url{};
    int http_status = 0;
    std::string content_type{};
    std::int64_t bytes = 0;
    std::string failure{};
    std::string meta_json{}; // e.g. PDF metadata dates

    bool operator==(const Document&) const = default;
};

struct Finding {
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    std::string rule{};
    std::string status{}; // pass, fail, warn, n-a
    std::string group{};
    std::string message{};
    std::string evidence_json{}; // JSON array of {url, text, date, http_status}

    bool operator==(const Finding&) const = default;
};

struct Score {
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    double score = 0;
    std::string category{};
    int rank = 0;
    std::string groups_json{}; // JSON array of {id, score, weight}

    bool operator==(const Score&) const = default;
};

class Statement;

class Database {
public:
    // Opens (creating if absent) and migrates to k_schema_version. Throws StoreError naming `path`
    // when the file cannot be opened, is not a database, or was written by a newer schema.
    explicit Database(const std::string& path);
    // Test hook: migrates only up to `target_version` (1..k_schema_version), leaving an older schema
    // in the file as an older pantau would have. Functions whose tables are missing then throw.
    Database(const std::string& path, int target_version);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;

    // The schema version stored in the file (PRAGMA user_version).
    int schema_version() const;
    const std::string& path() const { return m_path; }
    // True when PRAGMA integrity_check reports "ok" (used after kill -9 in crash tests).
    bool integrity_ok() const;
    // Sets how much of the file SQLite keeps cached (KiB; k_cache_kib on opening); lowering it frees
    // what is over. A reader that visits each page once (the audit) needs little.
    void set_cache_kib(int kib);
    static constexpr int k_cache_kib = 16384;

    // --- runs and sites
    std::int64_t begin_run(const Run& run); // returns the new id
    void finish_run(std::int64_t run_id, const std::string& finished_at, const std::string& status);
    std::optional<Run> run(std::int64_t run_id) const;
    std::optional<Run> latest_run() const;      // the most recently begun, whatever its status
    std::vector<Run> runs() const;              // oldest first
    std::int64_t upsert_site(const Site& site); // by url; updates the other fields; returns id
    std::optional<Site> site(std::int64_t site_id) const;
    void put_site_crawl(const SiteCrawl& crawl); // insert or replace for (run, site)
    std::vector<SiteCrawl> site_crawls(std::int64_t run_id) const;

    // --- crawl results (write in a transaction: see begin/commit)
    // Returns the id; (run, site, url) is unique: a second add for the same run, site and URL updates the row
    // in place, keeps its id and drops its old links (they described the previous fetch).
    std::int64_t add_page(const Page& page);
    // Replaces a stored page's fetch facts (the crawler adds what it learns after storing the page, e.g.
    // whether the site's http:// home redirects to https://).
    void set_page_fetch_json(std::int64_t page_id, const std::string& fetch_json);
    // Replaces the page's links with `links` (stored in this order), so a retry never stores them twice.
    void add_links(std::int64_t page_id, const std::vector<Link>& links);
    // The same with links packed ahead by pack_links ("" stores none).
    void add_packed_links(std::int64_t page_id, const std::string& packed);
    // A page that did not change since `from_page_id` (a 304): `page_id` takes that page's facts and
    // links without a copy (Page::content_of points at the page that holds them), so an unchanged page
    // costs one row. Replaces what `page_id` had.
    void reuse_page_content(std::int64_t page_id, std::int64_t from_page_id);
    // The targets and kinds of a page's links, in order (what a crawl needs to follow them).
    std::vector<std::pair<std::string, std::string>> link_targets(std::int64_t page_id) const;
    // Returns the id; (run, site, url) is unique: a second add for the same document updates it.
    std::int64_t add_document(const Document& doc);
    // In insertion order. `with_facts` false leaves facts_json empty: a caller that reads only the fetch
    // outcome does not inflate every page's text.
    std::vector<Page> pages(std::int64_t run_id, std::int64_t site_id, bool with_facts = true) const;
    // Calls `visit` with each page of (run, site) in insertion order, one at a time, so a reader that
    // keeps only what it derives from the facts never holds every page's text at once. `visit` may run
    // other queries, but not pages() or for_each_page() again.
    void for_each_page(std::int64_t run_id, std::int64_t site_id, const std::function<void(Page&&)>& visit,
                       bool with_facts = true) const;
    // How many pages (run, site) holds: what pages() and for_each_page() will give.
    std::size_t page_count(std::int64_t run_id, std::int64_t site_id) const;
    // The newest stored fetch of `url` from a run before `before_run_id` (for If-None-Match /
    // If-Modified-Since on a re-crawl); nullopt when it was never fetched.
    // `with_facts` false leaves facts_json empty (a caller that copies it with reuse_page_content).
    std::optional<Page> previous_page(const std::string& url, std::int64_t before_run_id,
                                      bool with_facts = true) const;
    // The same page's validators only (ETag, Last-Modified), for a conditional request: the cheap
    // question asked before every fetch, without reading the stored facts.
    struct Validators {
        std::string etag;
        std::string last_modified;
    };
    std::optional<Validators> previous_validators(const std::string& url, std::int64_t before_run_id) const;
    std::vector<Link> links_from(std::int64_t page_id) const;
    std::vector<Document> documents(std::int64_t run_id, std::int64_t site_id) const;
    // The newest good check (200, no failure) of document `url` in a run before `before_run_id`: a
    // re-crawl sends its validators and, on a 304, keeps what it recorded (the PDF's dates).
    std::optional<Document> previous_document(const std::string& url, std::int64_t before_run_id) const;

    // --- crawl frontier (resume)
    // Adds the entry unless (run, site, kind, url) is already there; returns true when it was added.
    bool add_frontier(const FrontierEntry& entry);
    // Marks (run, site, kind, url) as fetched and stored.
    void mark_frontier_done(std::int64_t run_id, std::int64_t site_id, const std::string& kind,
                            const std::string& url);
    // Every entry of (run, site), in the order added.
    std::vector<FrontierEntry> frontier(std::int64_t run_id, std::int64_t site_id) const;

    // --- audit results
    void replace_findings(std::int64_t run_id, std::int64_t site_id, const std::vector<Finding>& findings);
    std::vector<Finding> findings(std::int64_t run_id, std::int64_t site_id) const;
    void put_score(const Score& score);
    std::vector<Score> scores(std::int64_t run_id) const; // by rank

    // --- transactions: nested calls are counted; only the outermost commits. An inner level is a
    // savepoint: rollback() at that level discards only what was written since its begin().
    void begin();
    void commit();
    void rollback();
    int transaction_depth() const { return m_tx_depth; }

    // Escape hatch for modules that need a query not listed here (read-only by convention).
    sqlite3* handle() const { return m_db; }

private:
    // A prepared statement for `sql` (a string literal: the cache is keyed by its address), reset and
    // ready for binding.
    Statement& statement(const char* sql) const;
    void open_checked(int target_version);
    void migrate_step(int step);
    void close() noexcept;
    // Removes what a page's links were stored as (packed, or rows from before schema step 7).
    void drop_links(std::int64_t page_id);
    // The links of a pack_links() value; throws StoreError naming the page when it is damaged.
    std::vector<Link> unpack_links(const std::string& packed, std::int64_t page_id) const;

    struct StatementCache;

    std::string m_path;
    sqlite3* m_db = nullptr;
    int m_tx_depth = 0;
    int m_version = 0; // schema version after opening (older only through the test hook)
    std::unique_ptr<StatementCache> m_statements;
};

// One scoped transaction level: commit() keeps the writes, leaving the scope without it rolls back.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

// Groups writes into transactions of at most `batch` operations; commits on destruction.
// A transaction is open from construction to destruction; a crash loses at most the open batch.
class Writer {
public:
    explicit Writer(Database& db, int batch = 200);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    // Counts one operation done inside the open transaction; commits and reopens every `batch`.
    void tick();
    // Commits what is pending now and opens the next transaction.
    void flush();
    // Discards everything written since the last commit; the writer stays usable.
    void rollback();

private:
    Database& m_db;
    int m_batch;
    int m_pending = 0;
    bool m_open = false;
};

} // namespace pantau::store

// store/database.hpp — the one SQLite database that holds every run: sites, pages, links, documents,
// findings and scores.
//
// Opening applies the numbered migrations (schema v1 …) in one transaction each; WAL mode and foreign
// keys are on. A database written by a newer pantau is refused with a message naming the file and
// both versions. Writes are batched: a Writer groups rows into transactions.
// This module knows nothing of HTTP or rules: it stores and returns plain rows.
#pragma once

#include <cstdint>
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

// The schema version this build writes.
inline constexpr int k_schema_version = 1;

struct Run {
    std::int64_t id = 0;
    std::string kind;        // "check", "run", "crawl"
    std::string registry;    // sites file path or the URL for `check`
    std::string started_at;  // ISO-8601 UTC
    std::string finished_at; // empty while running
    std::string status;      // "running", "done", "interrupted"
    std::string settings_json;
};

struct Site {
    std::int64_t id = 0;
    std::string name;
    std::string url; // the registry URL; unique
    std::string pemda;
    std::string parent;
    std::string contact_email;
    std::string tags; // ';'-separated
};

// Per run and site: how the crawl went (reachability, partial coverage and why).
struct SiteCrawl {
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    std::string final_url;
    std::string status;         // "ok", "partial", "down", "blocked"
    std::string reason;         // human-readable why (partial/down/blocked)
    std::int64_t pages_fetched = 0;
    std::string started_at;
    std::string finished_at;
};

struct Page {
    std::int64_t id = 0;
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    std::string url;        // normalised request URL
    std::string final_url;  // after redirects
    int http_status = 0;    // 0 when no response
    std::string content_type;
    std::int64_t bytes = 0;
    double ttfb_ms = 0;
    double total_ms = 0;
    std::string fetched_at;   // ISO-8601 UTC
    std::string content_hash; // hex
    std::string failure;      // "" on success; else dns, connect, tls, timeout, reset, http_4xx, http_5xx,
                              // too_large, robots_disallowed, blocked, redirect_loop, private_address …
    int depth = 0;
    bool offsite = false;     // fetched one hop outside the site as evidence
    std::string title;
    std::string last_modified;
    std::string etag;
    std::string facts_json;   // extracted page facts other than links (headings, text, dates, forms …)
};

struct Link {
    std::int64_t page_id = 0;
    std::string to_url;
    std::string text;   // anchor text
    std::string title;
    std::string img_alt;
    std::string kind;   // "internal", "external", "document", "mailto", "tel"
    bool hidden = false;
};

struct Document {
    std::int64_t id = 0;
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    std::string url;
    int http_status = 0;
    std::string content_type;
    std::int64_t bytes = 0;
    std::string failure;
    std::string meta_json; // e.g. PDF metadata dates
};

struct Finding {
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    std::string rule;
    std::string status; // pass, fail, warn, n-a
    std::string group;
    std::string message;
    std::string evidence_json; // JSON array of {url, text, date, http_status}
};

struct Score {
    std::int64_t run_id = 0;
    std::int64_t site_id = 0;
    double score = 0;
    std::string category;
    int rank = 0;
    std::string groups_json; // JSON array of {id, score, weight}
};

class Database {
public:
    // Opens (creating if absent) and migrates to k_schema_version. Throws StoreError naming `path`
    // when the file cannot be opened, is not a database, or was written by a newer schema.
    explicit Database(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;

    // The schema version stored in the file (PRAGMA user_version).
    int schema_version() const;
    const std::string& path() const { return m_path; }

    // --- runs and sites
    std::int64_t begin_run(const Run& run); // returns the new id
    void finish_run(std::int64_t run_id, const std::string& finished_at, const std::string& status);
    std::optional<Run> run(std::int64_t run_id) const;
    std::optional<Run> latest_run() const;
    std::vector<Run> runs() const; // oldest first
    std::int64_t upsert_site(const Site& site); // by url; updates the other fields; returns id
    std::optional<Site> site(std::int64_t site_id) const;
    void put_site_crawl(const SiteCrawl& crawl); // insert or replace for (run, site)
    std::vector<SiteCrawl> site_crawls(std::int64_t run_id) const;

    // --- crawl results (write in a transaction: see begin/commit)
    std::int64_t add_page(const Page& page); // returns id; (run, url) is unique: a second add replaces
    void add_links(std::int64_t page_id, const std::vector<Link>& links);
    void add_document(const Document& doc);
    std::vector<Page> pages(std::int64_t run_id, std::int64_t site_id) const;
    std::vector<Link> links_from(std::int64_t page_id) const;
    std::vector<Document> documents(std::int64_t run_id, std::int64_t site_id) const;

    // --- audit results
    void replace_findings(std::int64_t run_id, std::int64_t site_id, const std::vector<Finding>& findings);
    std::vector<Finding> findings(std::int64_t run_id, std::int64_t site_id) const;
    void put_score(const Score& score);
    std::vector<Score> scores(std::int64_t run_id) const;

    // --- transactions: nested calls are counted; only the outermost commits
    void begin();
    void commit();
    void rollback();

    // Escape hatch for modules that need a query not listed here (read-only by convention).
    sqlite3* handle() const { return m_db; }

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
    int m_tx_depth = 0;
};

// Groups writes into transactions of at most `batch` operations; commits on destruction.
class Writer {
public:
    explicit Writer(Database& db, int batch = 200);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    // Counts one operation done inside the open transaction; commits and reopens every `batch`.
    void tick();
    void flush();

private:
    Database& m_db;
    int m_batch;
    int m_pending = 0;
    bool m_open = false;
};

} // namespace pantau::store

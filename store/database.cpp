// store/database.cpp — opening, migrations, transactions and the row reads/writes of every table.
#include "store/database.hpp"
#include "store/statement.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>

namespace pantau::store {
namespace {

// Marks the file as pantau's ('pant'), so a stranger's SQLite file is refused instead of altered.
constexpr int k_application_id = 0x70616e74;

// Another process (a report reading while a crawl writes, a second pantau) waits this long for a lock
// instead of failing at once.
constexpr int k_busy_timeout_ms = 10000;

struct Migration {
    int version;
    const char* sql;
};

// The numbered schema steps. Step N brings a database from user_version N-1 to N; a released step
// is never edited, only followed by a new one (k_schema_version is the last number).
constexpr Migration k_migrations[] = {
    {1, R"sql(
        CREATE TABLE runs (
            id            INTEGER PRIMARY KEY AUTOINCREMENT, -- ids only grow: the latest run is the largest
            kind          TEXT NOT NULL DEFAULT '',
            registry      TEXT NOT NULL DEFAULT '',
            started_at    TEXT NOT NULL DEFAULT '',
            finished_at   TEXT NOT NULL DEFAULT '',
            status        TEXT NOT NULL DEFAULT 'running',
            settings_json TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE sites (
            id            INTEGER PRIMARY KEY,
            name          TEXT NOT NULL DEFAULT '',
            url           TEXT NOT NULL UNIQUE,
            pemda         TEXT NOT NULL DEFAULT '',
            parent        TEXT NOT NULL DEFAULT '',
            contact_email TEXT NOT NULL DEFAULT '',
            tags          TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE site_crawls (
            run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            site_id       INTEGER NOT NULL REFERENCES sites(id),
            final_url     TEXT NOT NULL DEFAULT '',
            status        TEXT NOT NULL DEFAULT '',
            reason        TEXT NOT NULL DEFAULT '',
            pages_fetched INTEGER NOT NULL DEFAULT 0,
            started_at    TEXT NOT NULL DEFAULT '',
            finished_at   TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (run_id, site_id)
        ) WITHOUT ROWID;
        CREATE TABLE pages (
            id            INTEGER PRIMARY KEY,
            run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            site_id       INTEGER NOT NULL REFERENCES sites(id),
            url           TEXT NOT NULL,
            final_url     TEXT NOT NULL DEFAULT '',
            http_status   INTEGER NOT NULL DEFAULT 0,
            content_type  TEXT NOT NULL DEFAULT '',
            bytes         INTEGER NOT NULL DEFAULT 0,
            ttfb_ms       REAL NOT NULL DEFAULT 0,
            total_ms      REAL NOT NULL DEFAULT 0,
            fetched_at    TEXT NOT NULL DEFAULT '',
            content_hash  TEXT NOT NULL DEFAULT '',
            failure       TEXT NOT NULL DEFAULT '',
            depth         INTEGER NOT NULL DEFAULT 0,
            offsite       INTEGER NOT NULL DEFAULT 0,
            title         TEXT NOT NULL DEFAULT '',
            last_modified TEXT NOT NULL DEFAULT '',
            etag          TEXT NOT NULL DEFAULT '',
            facts_json    TEXT NOT NULL DEFAULT '',
            UNIQUE (run_id, site_id, url) -- a resumed crawl updates, never duplicates; a shared page
                                            -- (the regency's PPID portal) is kept per linking site
        );
        CREATE TABLE links (
            page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
            seq     INTEGER NOT NULL, -- position on the page
            to_url  TEXT NOT NULL,
            text    TEXT NOT NULL DEFAULT '',
            title   TEXT NOT NULL DEFAULT '',
            img_alt TEXT NOT NULL DEFAULT '',
            kind    TEXT NOT NULL DEFAULT '',
            hidden  INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (page_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE documents (
            id           INTEGER PRIMARY KEY,
            run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            site_id      INTEGER NOT NULL REFERENCES sites(id),
            url          TEXT NOT NULL,
            http_status  INTEGER NOT NULL DEFAULT 0,
            content_type TEXT NOT NULL DEFAULT '',
            bytes        INTEGER NOT NULL DEFAULT 0,
            failure      TEXT NOT NULL DEFAULT '',
            meta_json    TEXT NOT NULL DEFAULT '',
            UNIQUE (run_id, site_id, url) -- one regency-wide PDF may be evidence for several sites
        );
        PRAGMA application_id = 1885433460;
    )sql"},
    {2, R"sql(
        CREATE TABLE findings (
            id            INTEGER PRIMARY KEY,
            run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            site_id       INTEGER NOT NULL REFERENCES sites(id),
            rule          TEXT NOT NULL,
            status        TEXT NOT NULL,
            rule_group    TEXT NOT NULL DEFAULT '',
            message       TEXT NOT NULL DEFAULT '',
            evidence_json TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE scores (
            run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            site_id     INTEGER NOT NULL REFERENCES sites(id),
            score       REAL NOT NULL DEFAULT 0,
            category    TEXT NOT NULL DEFAULT '',
            rank        INTEGER NOT NULL DEFAULT 0,
            groups_json TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (run_id, site_id)
        ) WITHOUT ROWID;
    )sql"},
    {3, R"sql(
        CREATE INDEX pages_by_site ON pages (run_id, site_id);
        CREATE INDEX pages_by_url ON pages (url, run_id);
        CREATE INDEX findings_by_site ON findings (run_id, site_id);
        CREATE INDEX scores_by_rank ON scores (run_id, rank);
    )sql"},
    {4, R"sql(
        ALTER TABLE pages ADD COLUMN fetch_json TEXT NOT NULL DEFAULT '';
        ALTER TABLE pages ADD COLUMN sitemap_lastmod TEXT NOT NULL DEFAULT '';
        CREATE TABLE frontier (
            id              INTEGER PRIMARY KEY, -- order of acceptance: a resumed crawl keeps it
            run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            site_id         INTEGER NOT NULL REFERENCES sites(id),
            kind            TEXT NOT NULL DEFAULT 'page',
            url             TEXT NOT NULL,
            depth           INTEGER NOT NULL DEFAULT 0,
            offsite         INTEGER NOT NULL DEFAULT 0,
            sitemap_lastmod TEXT NOT NULL DEFAULT '',
            done            INTEGER NOT NULL DEFAULT 0,
            UNIQUE (run_id, site_id, kind, url)
        );
    )sql"},
    {5, R"sql(
        -- A page that did not change since an earlier run (a 304) points at the page that holds its facts
        -- and links instead of carrying a copy: a scheduled re-crawl of unchanged sites writes one row a page.
        ALTER TABLE pages ADD COLUMN content_of INTEGER REFERENCES pages(id);
        -- A re-crawl asks for a document again with its earlier validators (If-None-Match).
        CREATE INDEX documents_by_url ON documents (url, run_id);
    )sql"},
    {6, R"sql(
        -- No table changes: from this step on a page's facts are stored as zstd frames ("PS1"), which a
        -- pantau that knows only step 5 cannot read; the step number makes such a pantau refuse the file
        -- by name instead of calling its pages damaged. Facts stored before ("PZ1", zlib) still read.
        SELECT 1;
    )sql"},
    {7, R"sql(
        -- A page's links as one packed value ("PL1", see pack_links): a page has a hundred links or more,
        -- most of them its menus, and a row each was half of a crawl's database and of its writing.
        -- Rows stored in `links` before this step are still read; none are written there any more.
        CREATE TABLE page_links (
            page_id INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
            packed  BLOB NOT NULL
        );
    )sql"},
    {8, R"sql(
        -- No table changes: from this step on a page's facts are written in extract's binary form
        -- (extract/facts_json.hpp) inside the same zstd frames. A pantau that knows only step 7 would take
        -- them for damaged JSON and audit empty pages; the step number makes it refuse the file by name.
        -- Facts stored as JSON before still read.
        SELECT 1;
    )sql"},
};
static_assert(std::size(k_migrations) == k_schema_version, "k_schema_version must name the last migration");

// Borrows a cached statement; resetting it on scope exit ends its read, so no snapshot outlives a call.
class Query {
public:
    explicit Query(Statement& statement) : m_statement(statement) {}
    ~Query() { m_statement.reset(); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    Statement* operator->() { return &m_statement; }
    Statement& operator*() { return m_statement; }

private:
    Statement& m_statement;
};

// Column order of every "SELECT id, kind, …" below matches these readers.
Run read_run(const Statement& s) {
    Run r;
    r.id = s.column_int64(0);
    r.kind = s.column_text(1);
    r.registry = s.column_text(2);
    r.started_at = s.column_text(3);
    r.finished_at = s.column_text(4);
    r.status = s.column_text(5);
    r.settings_json = s.column_text(6);
    return r;
}

Document read_document(const Statement& s) {
    Document d;
    d.id = s.column_int64(0);
    d.run_id = s.column_int64(1);
    d.site_id = s.column_int64(2);
    d.url = s.column_text(3);
    d.http_status = s.column_int(4);
    d.content_type = s.column_text(5);
    d.bytes = s.column_int64(6);
    d.failure = s.column_text(7);
    d.meta_json = s.column_text(8);
    return d;
}

// A page's facts carry its text (tens of KB of JSON each, most of a crawl's database), so they are stored
// compressed, as a BLOB: a three-byte magic, the plain length (4 bytes, little-endian), then the stream.
//   "PS1" + zstd frame (level 1): written from schema step 6 on. It costs a third of zlib's CPU per page
//         at its fastest level, and comes out smaller (bench/README.md).
//   "PZ1" + zlib stream: written by schema steps 4 and 5, and still read.
// A TEXT value (facts under 1 KiB, and every database written before step 4) is read as it is.
constexpr std::size_t k_pack_min = 1024;
constexpr std::string_view k_zstd_magic = "PS1";
constexpr std::string_view k_zlib_magic = "PZ1";
constexpr std::size_t k_pack_head = 3 + 4;
constexpr int k_first_zstd_version = 6;

std::string packed_header(std::string_view magic, std::size_t size, std::size_t bound) {
    std::string out(k_pack_head + bound, '\0');
    std::copy(magic.begin(), magic.end(), out.begin());
    const auto n = static_cast<std::uint32_t>(size);
    for (int i = 0; i < 4; ++i) {
        out[magic.size() + static_cast<std::size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
    }
    return out;
}

// A huge page's scratch buffer is not kept for the rest of the crawl.
constexpr std::size_t k_keep_scratch = 1024 * 1024;

// `magic`, the plain length, then `plain` as one zstd frame (level 1); "" when out of memory.
std::string pack_zstd(std::string_view magic, std::string_view plain) {
    // One context per thread (pages are packed on the parse threads), reused page after page.
    thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> ctx(ZSTD_createCCtx(),
                                                                                &ZSTD_freeCCtx);
    // The frame is written to a scratch buffer kept per thread, then copied at its size: a string of the
    // compression bound would be zero-filled first (about the plain size, twice a page).
    thread_local std::unique_ptr<char[]> scratch;
    thread_local std::size_t scratch_size = 0;
    const std::size_t bound = ZSTD_compressBound(plain.size());
    if (scratch_size < bound || scratch_size > std::max<std::size_t>(bound, k_keep_scratch)) {
        scratch = std::make_unique_for_overwrite<char[]>(bound);
        scratch_size = bound;
    }
    const std::size_t n =
        ctx ? ZSTD_compressCCtx(ctx.get(), scratch.get(), scratch_size, plain.data(), plain.size(), 1) : 0;
    if (ctx == nullptr || ZSTD_isError(n) != 0U) {
        return {};
    }
    std::string out = packed_header(magic, plain.size(), 0);
    out.reserve(k_pack_head + n);
    out.append(scratch.get(), n);
    return out;
}

std::string pack_facts_zstd(const std::string& text) {
    return pack_zstd(k_zstd_magic, text); // "" (out of memory): the caller then stores the text
}

// The plain value of a pack_zstd() blob with `magic` (or, when `zlib_magic` is given, of a zlib one);
// nullopt when the blob is not one or is damaged.
std::optional<std::string> unpack_blob(std::string_view blob, std::string_view magic,
                                       std::string_view zlib_magic = {}) {
    const bool zstd = blob.starts_with(magic);
    if (blob.size() <= k_pack_head || !(zstd || (!zlib_magic.empty() && blob.starts_with(zlib_magic)))) {
        return std::nullopt;
    }
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) {
        n |= static_cast<std::uint32_t>(static_cast<unsigned char>(blob[3 + static_cast<std::size_t>(i)]))
             << (8 * i);
    }
    const char* src = blob.data() + k_pack_head;
    const std::size_t src_size = blob.size() - k_pack_head;
    // A damaged length must not become a huge allocation: a zstd frame names its own size.
    if (zstd && ZSTD_getFrameContentSize(src, src_size) != n) {
        return std::nullopt;
    }
    std::string out(n, '\0');
    if (zstd) {
        thread_local const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(),
                                                                                    &ZSTD_freeDCtx);
        const std::size_t got = ctx ? ZSTD_decompressDCtx(ctx.get(), out.data(), n, src, src_size) : 0;
        if (ctx == nullptr || ZSTD_isError(got) != 0U || got != n) {
            return std::nullopt;
        }
    } else {
        uLongf got = n;
        if (uncompress(reinterpret_cast<Bytef*>(out.data()), &got, reinterpret_cast<const Bytef*>(src),
                       static_cast<uLong>(src_size)) != Z_OK ||
            got != n) {
            return std::nullopt;
        }
    }
    return out;
}

// A page's links, packed: "PL1", the plain length, then a zstd frame of the plain form: the number of
// links, then per link its URL, text, title, image alt text and kind (each a length, LEB128, and the
// bytes) and a flags byte (1 = hidden). Links are read back far less often than written (once per
// audit), and a page's menus repeat within it, so the frame is small.
constexpr std::string_view k_links_magic = "PL1";
constexpr int k_first_packed_links_version = 7;

void put_varint(std::string& out, std::size_t n) {
    while (n >= 0x80) {
        out.push_back(static_cast<char>((n & 0x7f) | 0x80));
        n >>= 7;
    }
    out.push_back(static_cast<char>(n));
}

void put_field(std::string& out, const std::string& s) {
    put_varint(out, s.size());
    out += s;
}

// Reads the plain form back; false when it is not well formed (every length is checked against what is
// left, so a damaged value never reads past its end).
class LinkReader {
public:
    explicit LinkReader(std::string_view plain) : m_in(plain) {}

    bool read(std::vector<Link>& out, std::int64_t page_id) {
        std::size_t count = 0;
        // Every link takes at least six bytes: a count beyond that is damage, not a reason to reserve.
        if (!varint(count) || count > m_in.size() / 6) {
            return false;
        }
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            Link l;
            l.page_id = page_id;
            if (!field(l.to_url) || !field(l.text) || !field(l.title) || !field(l.img_alt) ||
                !field(l.kind) || m_in.empty() || static_cast<unsigned char>(m_in.front()) > 1) {
                return false;
            }
            l.hidden = m_in.front() == 1;
            m_in.remove_prefix(1);
            out.push_back(std::move(l));
        }
        return m_in.empty();
    }

private:
    bool varint(std::size_t& n) {
        n = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (m_in.empty()) {
                return false;
            }
            const auto byte = static_cast<unsigned char>(m_in.front());
            m_in.remove_prefix(1);
            n |= static_cast<std::size_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) {
                return true;
            }
        }
        return false;
    }
    bool field(std::string& s) {
        std::size_t n = 0;
        if (!varint(n) || n > m_in.size()) {
            return false;
        }
        s.assign(m_in.substr(0, n));
        m_in.remove_prefix(n);
        return true;
    }

    std::string_view m_in;
};

// How schema steps 4 and 5 stored facts: a database held at such a step (the test hook) keeps it.
std::string pack_facts_zlib(const std::string& text) {
    uLongf bound = compressBound(static_cast<uLong>(text.size()));
    std::string out = packed_header(k_zlib_magic, text.size(), bound);
    auto* dst = reinterpret_cast<Bytef*>(out.data() + k_pack_head);
    if (compress2(dst, &bound, reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                  Z_BEST_SPEED) != Z_OK) {
        return {}; // cannot happen with a large enough buffer; the caller then stores the text
    }
    out.resize(k_pack_head + bound);
    return out;
}

std::string unpack_facts(const Statement& s, int col, std::int64_t page_id, sqlite3* db) {
    if (!s.column_is_blob(col)) {
        return s.column_text(col);
    }
    std::optional<std::string> out = unpack_blob(s.column_blob(col), k_zstd_magic, k_zlib_magic);
    if (!out) {
        throw StoreError(
            fmt::format("database {}: the stored facts of page {} are damaged", db_name(db), page_id));
    }
    return std::move(*out);
}

Page read_page(const Statement& s, sqlite3* db) {
    Page p;
    p.id = s.column_int64(0);
    p.run_id = s.column_int64(1);
    p.site_id = s.column_int64(2);
    p.url = s.column_text(3);
    p.final_url = s.column_text(4);
    p.http_status = s.column_int(5);
    p.content_type = s.column_text(6);
    p.bytes = s.column_int64(7);
    p.ttfb_ms = s.column_double(8);
    p.total_ms = s.column_double(9);
    p.fetched_at = s.column_text(10);
    p.content_hash = s.column_text(11);
    p.failure = s.column_text(12);
    p.depth = s.column_int(13);
    p.offsite = s.column_bool(14);
    p.title = s.column_text(15);
    p.last_modified = s.column_text(16);
    p.etag = s.column_text(17);
    p.facts_json = unpack_facts(s, 18, p.id, db);
    p.fetch_json = s.column_text(19);
    p.sitemap_lastmod = s.column_text(20);
    p.content_of = s.column_int64(21);
    return p;
}

// Reads a one-integer PRAGMA with raw calls, so the caller sees SQLite's error code (SQLITE_NOTADB).
int read_int_pragma(sqlite3* db, const char* sql, int& rc) {
    sqlite3_stmt* statement = nullptr;
    rc = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    int value = 0;
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(statement);
        if (rc == SQLITE_ROW) {
            value = sqlite3_column_int(statement, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(statement);
    return value;
}

} // namespace

struct Database::StatementCache {
    // Keyed by the SQL literal's address: every query below is a string literal used in one place.
    std::unordered_map<const char*, Statement> by_sql;
};

Database::Database(const std::string& path) : Database(path, k_schema_version) {}

Database::Database(const std::string& path, int target_version)
    : m_path(path), m_statements(std::make_unique<StatementCache>()) {
    if (target_version < 1 || target_version > k_schema_version) {
        throw std::invalid_argument(fmt::format("schema version {} does not exist", target_version));
    }
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        const std::string reason = m_db != nullptr ? sqlite3_errmsg(m_db) : "out of memory";
        close();
        throw StoreError(fmt::format("cannot open database {}: {} (does its folder exist, and may pantau "
                                     "write there?)",
                                     path, reason));
    }
    try {
        open_checked(target_version);
    } catch (...) {
        close();
        throw;
    }
}

void Database::open_checked(int target_version) {
    sqlite3_busy_timeout(m_db, k_busy_timeout_ms);

    // The three reads are one snapshot. Another pantau creating this same new file at this moment
    // commits its first step (the tables and the application id) before or after them, never between
    // two: read apart, "no application id" then "tables" looked like another program's database.
    sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr);
    int rc = SQLITE_OK;
    const int version = read_int_pragma(m_db, "PRAGMA user_version", rc);
    int application_id = 0;
    int tables = 0;
    if (rc == SQLITE_OK) {
        application_id = read_int_pragma(m_db, "PRAGMA application_id", rc);
    }
    if (rc == SQLITE_OK) {
        tables = read_int_pragma(m_db, "SELECT count(*) FROM sqlite_schema", rc);
    }
    const std::string read_error = rc == SQLITE_OK ? std::string() : std::string(sqlite3_errmsg(m_db));
    sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr); // ends the read, whatever it found
    if (rc == SQLITE_NOTADB) {
        throw StoreError(fmt::format("cannot open database {}: the file is not an SQLite database (pantau "
                                     "will not overwrite it; pass another --db file)",
                                     m_path));
    }
    if (rc != SQLITE_OK) {
        throw StoreError(fmt::format("cannot open database {}: {}", m_path, read_error));
    }
    // A pantau database carries our application id; only an empty file may become one.
    if (application_id != k_application_id && (application_id != 0 || version != 0 || tables != 0)) {
        throw StoreError(fmt::format("cannot open database {}: it is an SQLite database of another program, "
                                     "not pantau's (pantau will not change it; pass another --db file)",
                                     m_path));
    }
    if (version > k_schema_version) {
        throw StoreError(
            fmt::format("cannot open database {}: it has schema version {}, but this pantau ({}) "
                        "knows versions up to {}; use a newer pantau to open it",
                        m_path, version, PANTAU_VERSION, k_schema_version));
    }
    if (sqlite3_db_readonly(m_db, "main") == 1) {
        throw StoreError(fmt::format("cannot open database {}: the file is read-only, and pantau must write "
                                     "to it",
                                     m_path));
    }

    // WAL: readers (reports) never block the crawl's writer, and a kill -9 leaves a consistent file.
    // synchronous=NORMAL is durable across a process crash in WAL mode; only a power cut may lose the
    // last commits, never corrupt the file.
    // Switching a new file to WAL needs it alone for a moment, and SQLite answers "locked" at once,
    // without its busy wait, while another pantau is opening the same new file: wait here instead.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(k_busy_timeout_ms);
    while ((rc = sqlite3_exec(m_db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr)) == SQLITE_BUSY &&
           std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (rc != SQLITE_OK) {
        exec(m_db, "PRAGMA journal_mode = WAL"); // once more, to name what went wrong
    }
    exec(m_db, "PRAGMA synchronous = NORMAL");
    // Pages carry their text (tens of KB each): a larger page cache saves re-reading the pages and
    // indexes a crawl touches again and again (frontier, previous run's validators); 16 MiB at most.
    set_cache_kib(k_cache_kib);
    exec(m_db, "PRAGMA foreign_keys = ON");

    for (int step = version + 1; step <= target_version; ++step) {
        migrate_step(step);
    }
    m_version = std::max(version, target_version);
}

void Database::migrate_step(int step) {
    const Migration& migration = k_migrations[step - 1];
    exec(m_db, "BEGIN IMMEDIATE");
    try {
        // Another process may have migrated while we waited for the write lock.
        int rc = SQLITE_OK;
        if (read_int_pragma(m_db, "PRAGMA user_version", rc) < step) {
            exec(m_db, migration.sql);
            // PRAGMA takes no bound parameters; the value is our own constant, not input.
            exec(m_db, fmt::format("PRAGMA user_version = {}", migration.version).c_str());
        }
        exec(m_db, "COMMIT");
    } catch (const StoreError&) {
        const std::string reason = sqlite3_errmsg(m_db); // before ROLLBACK replaces it
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw StoreError(
            fmt::format("cannot migrate database {} to schema version {}: {}", m_path, step, reason));
    }
}

void Database::set_cache_kib(int kib) {
    // PRAGMA takes no bound parameters; the value is a number formatted here, not text from outside.
    exec(m_db, fmt::format("PRAGMA cache_size = -{}", std::max(kib, 64)).c_str());
}

Database::~Database() {
    close();
}

Database::Database(Database&& other) noexcept
    : m_path(std::move(other.m_path)), m_db(std::exchange(other.m_db, nullptr)),
      m_tx_depth(std::exchange(other.m_tx_depth, 0)), m_version(other.m_version),
      m_statements(std::move(other.m_statements)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        m_path = std::move(other.m_path);
        m_db = std::exchange(other.m_db, nullptr);
        m_tx_depth = std::exchange(other.m_tx_depth, 0);
        m_version = other.m_version;
        m_statements = std::move(other.m_statements);
    }
    return *this;
}

void Database::close() noexcept {
    m_statements.reset(); // finalize before close
    if (m_db != nullptr) {
        // An open transaction (a writer that never committed) is rolled back by SQLite here.
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

Statement& Database::statement(const char* sql) const {
    auto found = m_statements->by_sql.find(sql);
    if (found == m_statements->by_sql.end()) {
        found = m_statements->by_sql.emplace(sql, Statement(m_db, sql)).first;
    } else {
        found->second.reset();
    }
    return found->second;
}

int Database::schema_version() const {
    Query q(statement("PRAGMA user_version"));
    return q->step() ? q->column_int(0) : 0;
}

bool Database::integrity_ok() const {
    // A sound file answers one row, "ok"; otherwise each row describes a problem. Damage bad enough to
    // stop the check itself ("database disk image is malformed") is an answer too.
    std::vector<std::string> rows;
    try {
        Query q(statement("PRAGMA integrity_check"));
        while (q->step()) {
            rows.push_back(q->column_text(0));
        }
    } catch (const StoreError&) {
        return false;
    }
    return rows.size() == 1 && rows.front() == "ok";
}

// --- transactions

void Database::begin() {
    if (m_tx_depth == 0) {
        // IMMEDIATE takes the write lock now, so a busy database waits here (busy_timeout) instead of
        // failing later when a read transaction tries to become a write.
        exec(m_db, "BEGIN IMMEDIATE");
    } else {
        // Inner levels share one savepoint name: SQLite releases or rolls back the innermost of that name,
        // and the cached statement skips parsing on every nested write.
        Query(statement("SAVEPOINT pantau"))->run();
    }
    ++m_tx_depth;
}

void Database::commit() {
    if (m_tx_depth == 0) {
        throw std::logic_error("store::Database::commit without begin");
    }
    if (sqlite3_get_autocommit(m_db) != 0) {
        // SQLite already rolled the whole transaction back after an earlier error (disk full, I/O).
        m_tx_depth = 0;
        throw StoreError(
            fmt::format("database {}: the transaction was rolled back after an earlier error", m_path));
    }
    if (m_tx_depth > 1) {
        Query(statement("RELEASE pantau"))->run();
        --m_tx_depth;
        return;
    }
    try {
        exec(m_db, "COMMIT");
        m_tx_depth = 0;
    } catch (...) {
        m_tx_depth = 0;
        if (sqlite3_get_autocommit(m_db) == 0) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        throw;
    }
}

void Database::rollback() {
    if (m_tx_depth == 0) {
        throw std::logic_error("store::Database::rollback without begin");
    }
    if (sqlite3_get_autocommit(m_db) != 0) {
        // Nothing left to undo: SQLite rolled back after an error. Keep the count honest.
        --m_tx_depth;
        return;
    }
    if (m_tx_depth > 1) {
        Query(statement("ROLLBACK TO pantau"))->run();
        Query(statement("RELEASE pantau"))->run();
        --m_tx_depth;
        return;
    }
    m_tx_depth = 0;
    exec(m_db, "ROLLBACK");
}

Transaction::Transaction(Database& db) : m_db(db) {
    m_db.begin();
}

Transaction::~Transaction() {
    if (!m_done) {
        try {
            m_db.rollback();
        } catch (...) {
            // Already unwinding or already rolled back by SQLite: nothing more to undo.
        }
    }
}

void Transaction::commit() {
    m_done = true;
    m_db.commit();
}

// --- runs and sites

std::int64_t Database::begin_run(const Run& run) {
    Query q(statement("INSERT INTO runs (kind, registry, started_at, finished_at, status, settings_json) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id"));
    q->bind_all(run.kind, run.registry, run.started_at, run.finished_at, run.status, run.settings_json);
    q->step();
    return q->column_int64(0);
}

void Database::finish_run(std::int64_t run_id, const std::string& finished_at, const std::string& status) {
    Query q(statement("UPDATE runs SET finished_at = ?2, status = ?3 WHERE id = ?1"));
    q->bind_all(run_id, finished_at, status).run();
}

std::optional<Run> Database::run(std::int64_t run_id) const {
    Query q(statement("SELECT id, kind, registry, started_at, finished_at, status, settings_json "
                      "FROM runs WHERE id = ?1"));
    q->bind(1, run_id);
    if (!q->step()) {
        return std::nullopt;
    }
    return read_run(*q);
}

std::optional<Run> Database::latest_run() const {
    Query q(statement("SELECT id, kind, registry, started_at, finished_at, status, settings_json "
                      "FROM runs ORDER BY id DESC LIMIT 1"));
    if (!q->step()) {
        return std::nullopt;
    }
    return read_run(*q);
}

std::vector<Run> Database::runs() const {
    Query q(statement("SELECT id, kind, registry, started_at, finished_at, status, settings_json "
                      "FROM runs ORDER BY id"));
    std::vector<Run> out;
    while (q->step()) {
        out.push_back(read_run(*q));
    }
    return out;
}

std::int64_t Database::upsert_site(const Site& site) {
    Query q(
        statement("INSERT INTO sites (name, url, pemda, parent, contact_email, tags) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                  "ON CONFLICT (url) DO UPDATE SET name = excluded.name, pemda = excluded.pemda, "
                  "parent = excluded.parent, contact_email = excluded.contact_email, tags = excluded.tags "
                  "RETURNING id"));
    q->bind_all(site.name, site.url, site.pemda, site.parent, site.contact_email, site.tags);
    q->step();
    return q->column_int64(0);
}

std::optional<Site> Database::site(std::int64_t site_id) const {
    Query q(statement("SELECT id, name, url, pemda, parent, contact_email, tags FROM sites WHERE id = ?1"));
    q->bind(1, site_id);
    if (!q->step()) {
        return std::nullopt;
    }
    Site s;
    s.id = q->column_int64(0);
    s.name = q->column_text(1);
    s.url = q->column_text(2);
    s.pemda = q->column_text(3);
    s.parent = q->column_text(4);
    s.contact_email = q->column_text(5);
    s.tags = q->column_text(6);
    return s;
}

void Database::put_site_crawl(const SiteCrawl& crawl) {
    Query q(statement(
        "INSERT INTO site_crawls (run_id, site_id, final_url, status, reason, pages_fetched, started_at, "
        "finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (run_id, site_id) DO UPDATE SET final_url = excluded.final_url, status = "
        "excluded.status, "
        "reason = excluded.reason, pages_fetched = excluded.pages_fetched, started_at = excluded.started_at, "
        "finished_at = excluded.finished_at"));
    q->bind_all(crawl.run_id, crawl.site_id, crawl.final_url, crawl.status, crawl.reason, crawl.pages_fetched,
                crawl.started_at, crawl.finished_at)
        .run();
}

std::vector<SiteCrawl> Database::site_crawls(std::int64_t run_id) const {
    Query q(statement("SELECT run_id, site_id, final_url, status, reason, pages_fetched, started_at, "
                      "finished_at FROM site_crawls WHERE run_id = ?1 ORDER BY site_id"));
    q->bind(1, run_id);
    std::vector<SiteCrawl> out;
    while (q->step()) {
        SiteCrawl c;
        c.run_id = q->column_int64(0);
        c.site_id = q->column_int64(1);
        c.final_url = q->column_text(2);
        c.status = q->column_text(3);
        c.reason = q->column_text(4);
        c.pages_fetched = q->column_int64(5);
        c.started_at = q->column_text(6);
        c.finished_at = q->column_text(7);
        out.push_back(std::move(c));
    }
    return out;
}

// --- crawl results

std::string pack_page_facts(const std::string& facts_json) {
    // The binary form (first byte 0x01) is never kept as TEXT, whatever its size.
    const bool binary = !facts_json.empty() && facts_json[0] == '\x01';
    return facts_json.size() >= k_pack_min || binary ? pack_facts_zstd(facts_json) : std::string{};
}

std::string pack_links(const std::vector<Link>& links) {
    if (links.empty()) {
        return {};
    }
    std::string plain;
    std::size_t size = 8;
    for (const Link& l : links) {
        size += l.to_url.size() + l.text.size() + l.title.size() + l.img_alt.size() + l.kind.size() + 8;
    }
    plain.reserve(size);
    put_varint(plain, links.size());
    for (const Link& l : links) {
        put_field(plain, l.to_url);
        put_field(plain, l.text);
        put_field(plain, l.title);
        put_field(plain, l.img_alt);
        put_field(plain, l.kind);
        plain.push_back(l.hidden ? '\1' : '\0');
    }
    std::string packed = pack_zstd(k_links_magic, plain);
    if (packed.empty()) {
        throw std::bad_alloc(); // zstd could not get memory: as any other allocation failing here
    }
    return packed;
}

std::int64_t Database::add_page(const Page& page) {
    Transaction tx(*this);
    std::int64_t id = 0;
    {
        if (m_version < 4) {
            // A file held at an older schema through the test hook: the columns of step 4 are not there.
            Query q(statement(
                "INSERT INTO pages (run_id, site_id, url, final_url, http_status, content_type, bytes, "
                "ttfb_ms, "
                "total_ms, fetched_at, content_hash, failure, depth, offsite, title, last_modified, etag, "
                "facts_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                "?17, "
                "?18) ON CONFLICT (run_id, site_id, url) DO UPDATE SET final_url = excluded.final_url "
                "RETURNING id"));
            q->bind_all(page.run_id, page.site_id, page.url, page.final_url, page.http_status,
                        page.content_type, page.bytes, page.ttfb_ms, page.total_ms, page.fetched_at,
                        page.content_hash, page.failure, page.depth, page.offsite, page.title,
                        page.last_modified, page.etag, page.facts_json);
            q->step();
            id = q->column_int64(0);
        } else {
            Query q(statement(
                "INSERT INTO pages (run_id, site_id, url, final_url, http_status, content_type, bytes, "
                "ttfb_ms, "
                "total_ms, fetched_at, content_hash, failure, depth, offsite, title, last_modified, etag, "
                "facts_json, fetch_json, sitemap_lastmod) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                "?11, "
                "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) "
                "ON CONFLICT (run_id, site_id, url) DO UPDATE SET final_url = "
                "excluded.final_url, "
                "http_status = excluded.http_status, content_type = excluded.content_type, bytes = "
                "excluded.bytes, "
                "ttfb_ms = excluded.ttfb_ms, total_ms = excluded.total_ms, fetched_at = excluded.fetched_at, "
                "content_hash = excluded.content_hash, failure = excluded.failure, depth = excluded.depth, "
                "offsite = excluded.offsite, title = excluded.title, last_modified = excluded.last_modified, "
                "etag = excluded.etag, facts_json = excluded.facts_json, fetch_json = excluded.fetch_json, "
                "sitemap_lastmod = excluded.sitemap_lastmod "
                "RETURNING id"));
            q->bind_all(page.run_id, page.site_id, page.url, page.final_url, page.http_status,
                        page.content_type, page.bytes, page.ttfb_ms, page.total_ms, page.fetched_at,
                        page.content_hash, page.failure, page.depth, page.offsite, page.title,
                        page.last_modified, page.etag, page.facts_json, page.fetch_json,
                        page.sitemap_lastmod);
            if (m_version < k_first_zstd_version) {
                // A file held at step 4 or 5 (the test hook): stored as those steps did.
                if (page.facts_json.size() >= k_pack_min) {
                    if (const std::string packed = pack_facts_zlib(page.facts_json); !packed.empty()) {
                        q->bind(18, Blob{packed});
                    }
                }
            } else if (!page.facts_packed.empty()) {
                q->bind(18, Blob{page.facts_packed});
            } else if (const std::string packed = pack_page_facts(page.facts_json); !packed.empty()) {
                q->bind(18, Blob{packed});
            }
            q->step();
            id = q->column_int64(0);
        }
    }
    // The links of an earlier fetch of this URL no longer describe the page.
    drop_links(id);
    if (m_version >= 5) {
        // Nor does the content of a page it had not changed from.
        Query q(statement("UPDATE pages SET content_of = NULL WHERE id = ?1 AND content_of IS NOT NULL"));
        q->bind(1, id).run();
    }
    tx.commit();
    return id;
}

void Database::drop_links(std::int64_t page_id) {
    {
        Query q(statement("DELETE FROM links WHERE page_id = ?1"));
        q->bind(1, page_id).run();
    }
    if (m_version >= k_first_packed_links_version) {
        Query q(statement("DELETE FROM page_links WHERE page_id = ?1"));
        q->bind(1, page_id).run();
    }
}

void Database::add_links(std::int64_t page_id, const std::vector<Link>& links) {
    if (m_version >= k_first_packed_links_version) {
        add_packed_links(page_id, pack_links(links));
        return;
    }
    // A file held at an older step (the test hook): a row a link, as those steps stored them.
    Transaction tx(*this);
    drop_links(page_id);
    Query q(statement("INSERT INTO links (page_id, seq, to_url, text, title, img_alt, kind, hidden) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    std::int64_t seq = 0;
    for (const Link& link : links) {
        q->reset();
        q->bind_all(page_id, seq++, link.to_url, link.text, link.title, link.img_alt, link.kind, link.hidden)
            .run();
    }
    tx.commit();
}

void Database::add_packed_links(std::int64_t page_id, const std::string& packed) {
    if (m_version < k_first_packed_links_version) {
        add_links(page_id, unpack_links(packed, page_id));
        return;
    }
    Transaction tx(*this);
    drop_links(page_id);
    if (!packed.empty()) {
        Query q(statement("INSERT INTO page_links (page_id, packed) VALUES (?1, ?2)"));
        q->bind(1, page_id).bind(2, Blob{packed}).run();
    }
    tx.commit();
}

void Database::reuse_page_content(std::int64_t page_id, std::int64_t from_page_id) {
    Transaction tx(*this);
    if (m_version >= 5) {
        // Points at the page that holds the content (never at another pointer, so a read is one hop).
        Query q(statement("UPDATE pages SET facts_json = '', content_of = "
                          "(SELECT COALESCE(content_of, id) FROM pages WHERE id = ?2) WHERE id = ?1"));
        q->bind_all(page_id, from_page_id).run();
    } else {
        // A file held at an older schema through the test hook: copy.
        Query q(statement("UPDATE pages SET facts_json = (SELECT facts_json FROM pages WHERE id = ?2) "
                          "WHERE id = ?1"));
        q->bind_all(page_id, from_page_id).run();
    }
    drop_links(page_id);
    if (m_version < 5) {
        Query q(statement("INSERT INTO links (page_id, seq, to_url, text, title, img_alt, kind, hidden) "
                          "SELECT ?1, seq, to_url, text, title, img_alt, kind, hidden FROM links "
                          "WHERE page_id = ?2"));
        q->bind_all(page_id, from_page_id).run();
    }
    tx.commit();
}

std::vector<std::pair<std::string, std::string>> Database::link_targets(std::int64_t page_id) const {
    std::vector<std::pair<std::string, std::string>> out;
    for (Link& l : links_from(page_id)) {
        out.emplace_back(std::move(l.to_url), std::move(l.kind));
    }
    return out;
}

std::int64_t Database::add_document(const Document& doc) {
    Query q(statement("INSERT INTO documents (run_id, site_id, url, http_status, content_type, bytes, "
                      "failure, meta_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                      "ON CONFLICT (run_id, site_id, url) DO UPDATE SET http_status = excluded.http_status, "
                      "content_type = excluded.content_type, bytes = excluded.bytes, "
                      "failure = excluded.failure, meta_json = excluded.meta_json "
                      "RETURNING id"));
    q->bind_all(doc.run_id, doc.site_id, doc.url, doc.http_status, doc.content_type, doc.bytes, doc.failure,
                doc.meta_json);
    q->step();
    return q->column_int64(0);
}

std::vector<Page> Database::pages(std::int64_t run_id, std::int64_t site_id, bool with_facts) const {
    std::vector<Page> out;
    for_each_page(
        run_id, site_id, [&](Page&& p) { out.push_back(std::move(p)); }, with_facts);
    return out;
}

void Database::for_each_page(std::int64_t run_id, std::int64_t site_id,
                             const std::function<void(Page&&)>& visit, bool with_facts) const {
    // SQLite reads a column only when the expression needs it: without facts, their bytes stay on disk.
    Query q(statement(
        "SELECT id, run_id, site_id, url, final_url, http_status, content_type, bytes, ttfb_ms, "
        "total_ms, fetched_at, content_hash, failure, depth, offsite, title, last_modified, etag, "
        "CASE WHEN ?3 THEN COALESCE((SELECT c.facts_json FROM pages c WHERE c.id = p.content_of), "
        "p.facts_json) ELSE '' END, fetch_json, sitemap_lastmod, COALESCE(content_of, 0) FROM pages p "
        "WHERE run_id = ?1 AND site_id = ?2 ORDER BY id"));
    q->bind_all(run_id, site_id, with_facts);
    while (q->step()) {
        visit(read_page(*q, m_db));
    }
}

std::size_t Database::page_count(std::int64_t run_id, std::int64_t site_id) const {
    Query q(statement("SELECT count(*) FROM pages WHERE run_id = ?1 AND site_id = ?2"));
    q->bind_all(run_id, site_id);
    return q->step() ? static_cast<std::size_t>(q->column_int64(0)) : 0;
}

std::optional<Database::Validators> Database::previous_validators(const std::string& url,
                                                                  std::int64_t before_run_id) const {
    Query q(statement("SELECT etag, last_modified FROM pages WHERE url = ?1 AND run_id < ?2 AND failure = '' "
                      "ORDER BY run_id DESC LIMIT 1"));
    q->bind_all(url, before_run_id);
    if (!q->step()) {
        return std::nullopt;
    }
    return Validators{q->column_text(0), q->column_text(1)};
}

std::optional<Page> Database::previous_page(const std::string& url, std::int64_t before_run_id,
                                            bool with_facts) const {
    // SQLite reads a column only when the expression needs it: without facts, their bytes stay on disk.
    Query q(statement(
        "SELECT id, run_id, site_id, url, final_url, http_status, content_type, bytes, ttfb_ms, "
        "total_ms, fetched_at, content_hash, failure, depth, offsite, title, last_modified, etag, "
        "CASE WHEN ?3 THEN COALESCE((SELECT c.facts_json FROM pages c WHERE c.id = p.content_of), "
        "p.facts_json) ELSE '' END, fetch_json, sitemap_lastmod, COALESCE(content_of, 0) FROM pages p "
        "WHERE url = ?1 AND run_id < ?2 AND failure = '' ORDER BY run_id DESC LIMIT 1"));
    q->bind_all(url, before_run_id, with_facts);
    if (!q->step()) {
        return std::nullopt;
    }
    return read_page(*q, m_db);
}

std::vector<Link> Database::links_from(std::int64_t page_id) const {
    // Both read through content_of: the links of a page this one did not change from are its links.
    if (m_version >= k_first_packed_links_version) {
        Query q(statement("SELECT packed FROM page_links WHERE page_id = "
                          "(SELECT COALESCE(content_of, id) FROM pages WHERE id = ?1)"));
        q->bind(1, page_id);
        if (q->step()) {
            return unpack_links(q->column_blob(0), page_id);
        }
    }
    // Stored before step 7, a row a link.
    Query q(statement("SELECT page_id, to_url, text, title, img_alt, kind, hidden FROM links WHERE page_id = "
                      "(SELECT COALESCE(content_of, id) FROM pages WHERE id = ?1) ORDER BY seq"));
    q->bind(1, page_id);
    std::vector<Link> out;
    while (q->step()) {
        Link l;
        l.page_id = page_id; // also when the rows are held by the page this one did not change from
        l.to_url = q->column_text(1);
        l.text = q->column_text(2);
        l.title = q->column_text(3);
        l.img_alt = q->column_text(4);
        l.kind = q->column_text(5);
        l.hidden = q->column_bool(6);
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<Link> Database::unpack_links(const std::string& packed, std::int64_t page_id) const {
    std::vector<Link> out;
    if (packed.empty()) {
        return out;
    }
    const std::optional<std::string> plain = unpack_blob(packed, k_links_magic);
    if (!plain || !LinkReader(*plain).read(out, page_id)) {
        throw StoreError(
            fmt::format("database {}: the stored links of page {} are damaged", db_name(m_db), page_id));
    }
    return out;
}

std::optional<Document> Database::previous_document(const std::string& url,
                                                    std::int64_t before_run_id) const {
    Query q(statement("SELECT id, run_id, site_id, url, http_status, content_type, bytes, failure, meta_json "
                      "FROM documents WHERE url = ?1 AND run_id < ?2 AND failure = '' AND http_status = 200 "
                      "ORDER BY run_id DESC LIMIT 1"));
    q->bind_all(url, before_run_id);
    if (!q->step()) {
        return std::nullopt;
    }
    return read_document(*q);
}

std::vector<Document> Database::documents(std::int64_t run_id, std::int64_t site_id) const {
    Query q(statement("SELECT id, run_id, site_id, url, http_status, content_type, bytes, failure, meta_json "
                      "FROM documents WHERE run_id = ?1 AND site_id = ?2 ORDER BY id"));
    q->bind_all(run_id, site_id);
    std::vector<Document> out;
    while (q->step()) {
        out.push_back(read_document(*q));
    }
    return out;
}

// --- crawl frontier

bool Database::add_frontier(const FrontierEntry& e) {
    Query q(
        statement("INSERT INTO frontier (run_id, site_id, kind, url, depth, offsite, sitemap_lastmod, done) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                  "ON CONFLICT (run_id, site_id, kind, url) DO NOTHING"));
    q->bind_all(e.run_id, e.site_id, e.kind, e.url, e.depth, e.offsite, e.sitemap_lastmod, e.done).run();
    return sqlite3_changes(m_db) > 0;
}

void Database::set_page_fetch_json(std::int64_t page_id, const std::string& fetch_json) {
    Query q(statement("UPDATE pages SET fetch_json = ?2 WHERE id = ?1"));
    q->bind_all(page_id, fetch_json).run();
}

void Database::mark_frontier_done(std::int64_t run_id, std::int64_t site_id, const std::string& kind,
                                  const std::string& url) {
    Query q(statement(
        "UPDATE frontier SET done = 1 WHERE run_id = ?1 AND site_id = ?2 AND kind = ?3 AND url = ?4"));
    q->bind_all(run_id, site_id, kind, url).run();
}

std::vector<FrontierEntry> Database::frontier(std::int64_t run_id, std::int64_t site_id) const {
    Query q(
        statement("SELECT run_id, site_id, url, kind, depth, offsite, sitemap_lastmod, done FROM frontier "
                  "WHERE run_id = ?1 AND site_id = ?2 ORDER BY id"));
    q->bind_all(run_id, site_id);
    std::vector<FrontierEntry> out;
    while (q->step()) {
        FrontierEntry e;
        e.run_id = q->column_int64(0);
        e.site_id = q->column_int64(1);
        e.url = q->column_text(2);
        e.kind = q->column_text(3);
        e.depth = q->column_int(4);
        e.offsite = q->column_bool(5);
        e.sitemap_lastmod = q->column_text(6);
        e.done = q->column_bool(7);
        out.push_back(std::move(e));
    }
    return out;
}

// --- audit results

void Database::replace_findings(std::int64_t run_id, std::int64_t site_id,
                                const std::vector<Finding>& findings) {
    Transaction tx(*this);
    {
        Query q(statement("DELETE FROM findings WHERE run_id = ?1 AND site_id = ?2"));
        q->bind_all(run_id, site_id).run();
    }
    Query q(
        statement("INSERT INTO findings (run_id, site_id, rule, status, rule_group, message, evidence_json) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    for (const Finding& f : findings) {
        q->reset();
        // The (run, site) arguments win: a finding is stored under the pair being replaced.
        q->bind_all(run_id, site_id, f.rule, f.status, f.group, f.message, f.evidence_json).run();
    }
    tx.commit();
}

std::vector<Finding> Database::findings(std::int64_t run_id, std::int64_t site_id) const {
    Query q(
        statement("SELECT run_id, site_id, rule, status, rule_group, message, evidence_json FROM findings "
                  "WHERE run_id = ?1 AND site_id = ?2 ORDER BY id"));
    q->bind_all(run_id, site_id);
    std::vector<Finding> out;
    while (q->step()) {
        Finding f;
        f.run_id = q->column_int64(0);
        f.site_id = q->column_int64(1);
        f.rule = q->column_text(2);
        f.status = q->column_text(3);
        f.group = q->column_text(4);
        f.message = q->column_text(5);
        f.evidence_json = q->column_text(6);
        out.push_back(std::move(f));
    }
    return out;
}

void Database::put_score(const Score& score) {
    Query q(
        statement("INSERT INTO scores (run_id, site_id, score, category, rank, groups_json) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                  "ON CONFLICT (run_id, site_id) DO UPDATE SET score = excluded.score, "
                  "category = excluded.category, rank = excluded.rank, groups_json = excluded.groups_json"));
    q->bind_all(score.run_id, score.site_id, score.score, score.category, score.rank, score.groups_json)
        .run();
}

std::vector<Score> Database::scores(std::int64_t run_id) const {
    Query q(statement("SELECT run_id, site_id, score, category, rank, groups_json FROM scores "
                      "WHERE run_id = ?1 ORDER BY rank, site_id"));
    q->bind(1, run_id);
    std::vector<Score> out;
    while (q->step()) {
        Score s;
        s.run_id = q->column_int64(0);
        s.site_id = q->column_int64(1);
        s.score = q->column_double(2);
        s.category = q->column_text(3);
        s.rank = q->column_int(4);
        s.groups_json = q->column_text(5);
        out.push_back(std::move(s));
    }
    return out;
}

// --- Writer

Writer::Writer(Database& db, int batch) : m_db(db), m_batch(std::max(1, batch)) {
    m_db.begin();
    m_open = true;
}

Writer::~Writer() {
    if (!m_open) {
        return;
    }
    try {
        m_db.commit();
    } catch (...) {
        // A destructor cannot report; the rows of this batch are lost, as after a crash. Earlier
        // batches are committed. Callers who must know call flush() before the end of scope.
        try {
            m_db.rollback();
        } catch (...) {
        }
    }
}

void Writer::tick() {
    if (++m_pending >= m_batch) {
        flush();
    }
}

void Writer::flush() {
    if (m_open) {
        m_open = false;
        m_pending = 0;
        m_db.commit();
    }
    m_db.begin();
    m_open = true;
}

void Writer::rollback() {
    if (m_open) {
        m_open = false;
        m_pending = 0;
        m_db.rollback();
    }
    m_db.begin();
    m_open = true;
}

} // namespace pantau::store

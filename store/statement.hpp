// store/statement.hpp — a thin RAII wrapper over one prepared SQLite statement.
//
// Values always travel as bound parameters (`?1`, `?2` …), never spliced into SQL text: crawled strings
// are hostile. Errors throw StoreError naming the database file. This is not a query builder or an ORM:
// SQL stays visible where it is used.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace pantau::store {

// Bytes to bind as a BLOB rather than as text.
struct Blob {
    std::string_view bytes;
};

class Statement {
public:
    // Prepares `sql` on `db`; throws StoreError (naming the file and the SQLite reason) when it fails.
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;

    // Binds parameter `index` (1-based); returns *this so binds can be chained.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value); // copied by SQLite: the view may die after
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind_null(int index);
    Statement& bind(int index, const Blob& value); // bytes, stored as a BLOB (copied by SQLite)

    // Binds every argument in order to parameters 1, 2, 3 …
    template <typename... Args>
    Statement& bind_all(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    // Advances; returns true when a row is ready to read, false when the statement is done.
    bool step();
    // Steps until done (for statements that return no rows, or whose rows do not matter).
    void run();
    // Makes the statement reusable: ends any pending read and clears the bindings.
    void reset();

    // Column readers for the current row (0-based); NULL reads as 0 / "" / false.
    std::int64_t column_int64(int col) const;
    int column_int(int col) const { return static_cast<int>(column_int64(col)); }
    double column_double(int col) const;
    bool column_bool(int col) const { return column_int64(col) != 0; }
    std::string column_text(int col) const;
    bool column_is_null(int col) const;
    bool column_is_blob(int col) const;
    std::string column_blob(int col) const; // the bytes of a BLOB (or of a TEXT) value

private:
    [[noreturn]] void fail(std::string_view what) const;

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

// Runs SQL text that has no parameters (schema statements, PRAGMAs); throws StoreError naming the file.
void exec(sqlite3* db, const char* sql);

// Message prefix naming the database file behind `db` ("(memory)" for an in-memory database).
std::string db_name(sqlite3* db);

} // namespace pantau::store

// store/statement.cpp — prepared statements and error messages that name the database file.
#include "store/statement.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <utility>

namespace pantau::store {

std::string db_name(sqlite3* db) {
    const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
    if (file == nullptr || *file == '\0') {
        return "(memory)";
    }
    return file;
}

void exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string reason = message != nullptr ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        throw StoreError(fmt::format("database {}: {}", db_name(db), reason));
    }
}

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK) {
        fail("cannot prepare a query");
    }
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_stmt(std::exchange(other.m_stmt, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

void Statement::fail(std::string_view what) const {
    throw StoreError(fmt::format("database {}: {}: {}", db_name(m_db), what, sqlite3_errmsg(m_db)));
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK) {
        fail("cannot bind a value");
    }
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK) {
        fail("cannot bind a value");
    }
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: SQLite copies the bytes, so callers may pass temporaries.
    if (sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8) !=
        SQLITE_OK) {
        fail("cannot bind a value");
    }
    return *this;
}

Statement& Statement::bind(int index, const Blob& value) {
    if (sqlite3_bind_blob64(m_stmt, index, value.bytes.data(), value.bytes.size(), SQLITE_TRANSIENT) !=
        SQLITE_OK) {
        fail("cannot bind a value");
    }
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) {
        fail("cannot bind a value");
    }
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    // Keep the message of the failing step; reset() would replace it.
    const std::string reason = sqlite3_errmsg(m_db);
    sqlite3_reset(m_stmt);
    throw StoreError(fmt::format("database {}: {}", db_name(m_db), reason));
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::column_int64(int col) const {
    return sqlite3_column_int64(m_stmt, col);
}

double Statement::column_double(int col) const {
    return sqlite3_column_double(m_stmt, col);
}

std::string Statement::column_text(int col) const {
    const auto* text = sqlite3_column_text(m_stmt, col);
    if (text == nullptr) {
        return {};
    }
    // Size after the text call: the byte count refers to the UTF-8 form just produced.
    const int size = sqlite3_column_bytes(m_stmt, col);
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

bool Statement::column_is_blob(int col) const {
    return sqlite3_column_type(m_stmt, col) == SQLITE_BLOB;
}

std::string Statement::column_blob(int col) const {
    const void* data = sqlite3_column_blob(m_stmt, col);
    if (data == nullptr) {
        return {};
    }
    const int size = sqlite3_column_bytes(m_stmt, col);
    return std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

bool Statement::column_is_null(int col) const {
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

} // namespace pantau::store

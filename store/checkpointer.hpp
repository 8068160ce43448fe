// store/checkpointer.hpp — copies a database's write-ahead log into the file on a thread of its own.
//
// In WAL mode SQLite moves the log into the database file (a checkpoint) once the log passes 1,000
// pages, inside the commit that passed it and on the committing thread, and ends it with two
// fdatasync calls. During a crawl that thread is the event loop: each checkpoint held every host's
// next request for 20–90 ms on a virtual disk (bench/README.md, scenario (b)). While a Checkpointer
// lives, a commit that leaves `pages` frames of the log not yet in the file asks a thread of its own,
// with a second connection, to copy them; the commit returns at once.
//
// SQLite starts the log over from its beginning only when a write finds all of it in the file, and
// our next transaction begins right after each commit, so copies made by the thread alone would let
// the log grow as long as the crawl. Once it is `restart_frames` long, the commit after a pass of
// the thread copies the rest (a commit or so, never more than `pages`) itself, before the next
// transaction begins, and the log starts over. The stall that remains is that small copy once per
// `restart_frames` (32 MB by default) instead of a whole checkpoint every 4 MB.
//
// What is written is as durable as before (the commit is in the log; a checkpoint only moves it). If
// the second connection cannot be opened, or a checkpoint fails for a reason other than a busy lock,
// commits checkpoint as SQLite does by default, so the log never grows without end. An in-memory or
// temporary database has no log file: there the Checkpointer does nothing.
#pragma once

#include <memory>

namespace pantau::store {

class Database;

class Checkpointer {
public:
    // `db` must outlive the Checkpointer and stay at the same address (not moved from).
    explicit Checkpointer(Database& db, int pages = 1000, int restart_frames = 8000);
    // Waits for a checkpoint under way, closes the second connection and gives `db` back SQLite's own
    // checkpoints.
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // True while checkpoints run on the thread (false: in-memory database, or the second connection
    // could not be opened, or a checkpoint failed and commits took the work back).
    bool in_background() const;
    // Checkpoints completed by the thread so far (whole or partial passes of the log).
    int checkpoints() const;
    // True while a pass has been asked of the thread and has not ended.
    bool copying() const;

    struct State;

private:
    Database& m_db;
    std::unique_ptr<State> m_state;
};

} // namespace pantau::store

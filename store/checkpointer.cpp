// store/checkpointer.cpp — see checkpointer.hpp.
#include "store/checkpointer.hpp"

#include "store/database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include <sys/resource.h>
#include <unistd.h>

namespace pantau::store {

constexpr int k_thread_nice = 10; // as the crawler's parse threads (crawler/curl_fetcher.cpp)

// SQLite's own threshold for an automatic checkpoint (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT).
constexpr int k_sqlite_autocheckpoint_pages = 1000;

struct Checkpointer::State {
    int pages = k_sqlite_autocheckpoint_pages;
    int restart_frames = 8 * k_sqlite_autocheckpoint_pages;
    sqlite3* own = nullptr; // the second connection, used by the thread only
    std::mutex mu;
    std::condition_variable wake;
    bool due = false;       // a commit left the log past `pages`
    bool busy = false;      // the thread is copying
    bool caught_up = false; // its last pass copied all the log it found
    int copied_through = 0; // frames of the log already in the file
    bool stop = false;
    std::atomic<bool> background{false};
    std::atomic<int> done{0};
    std::thread thread;

    // Called by SQLite on the committing thread after each commit, with the log's length in frames. The
    // connection holds no lock at that moment: its next transaction has not begun.
    static int on_commit(void* arg, sqlite3* db, const char* schema, int log_frames) {
        auto* self = static_cast<State*>(arg);
        if (!self->background.load(std::memory_order_acquire)) {
            // The thread gave up: do what SQLite's default hook does, here, so the log stays short.
            if (log_frames >= self->pages) {
                (void)sqlite3_wal_checkpoint(db, schema);
            }
            return SQLITE_OK;
        }
        bool finish_here = false;
        {
            std::lock_guard lock(self->mu);
            if (self->busy || self->due) {
                return SQLITE_OK; // a pass is under way: the next commit looks again
            }
            if (log_frames < self->copied_through) {
                self->copied_through = 0; // the log has started over
                self->caught_up = false;
            }
            const int fresh = log_frames - self->copied_through;
            // Once the log is long, and the thread has copied all but a commit or so of it, that rest is
            // copied here (never more than SQLite's own checkpoint would copy here): then the whole log is
            // in the file while no transaction of ours reads it, and the next write starts it over.
            finish_here = log_frames >= self->restart_frames && self->caught_up && fresh <= self->pages;
            if (!finish_here && fresh >= self->pages) {
                self->due = true;
            }
        }
        if (finish_here) {
            int log = 0;
            int copied = 0;
            const int rc = sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
            std::lock_guard lock(self->mu);
            // All copied: the next write starts the log over (unless another process is reading it; then
            // it grows on, and the thread is asked again).
            self->copied_through = rc == SQLITE_OK && copied == log ? 0 : std::max(copied, 0);
            self->caught_up = false;
        } else {
            self->wake.notify_one();
        }
        return SQLITE_OK;
    }

    void run() {
        // Copying is throughput, like parsing: the thread yields to the event loop (and to a web server
        // on the same machine) as the crawl's parse threads do. On Linux the nice value is per thread.
        errno = 0;
        const int nice_now = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
        if (errno == 0 && nice_now < k_thread_nice) {
            (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), k_thread_nice);
        }
        std::unique_lock lock(mu);
        for (;;) {
            wake.wait(lock, [this] { return due || stop; });
            if (stop) {
                return; // what is left is copied when the last connection closes
            }
            due = false;
            busy = true;
            lock.unlock();
            int log_frames = 0;
            int copied_frames = 0;
            // PASSIVE: copies what no reader still needs and never waits for the writer, which goes on
            // appending meanwhile.
            const int rc = sqlite3_wal_checkpoint_v2(own, "main", SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                                     &copied_frames);
            lock.lock();
            busy = false;
            if (rc == SQLITE_OK) {
                done.fetch_add(1, std::memory_order_relaxed);
                caught_up = copied_frames == log_frames;
                copied_through = std::max(copied_frames, 0);
            } else if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
                // Disk full, I/O error: let commits checkpoint (and report) as they would without us.
                background.store(false, std::memory_order_release);
                return;
            }
        }
    }
};

Checkpointer::Checkpointer(Database& db, int pages, int restart_frames)
    : m_db(db), m_state(std::make_unique<State>()) {
    m_state->pages = pages > 0 ? pages : k_sqlite_autocheckpoint_pages;
    m_state->restart_frames = std::max(restart_frames, m_state->pages);
    sqlite3* main = db.handle();
    const char* file = sqlite3_db_filename(main, "main");
    if (file == nullptr || *file == '\0') {
        return; // in memory or temporary: no log to move
    }
    if (sqlite3_open_v2(file, &m_state->own, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        sqlite3_close_v2(m_state->own); // a handle comes back even on failure
        m_state->own = nullptr;
        return; // commits keep SQLite's own checkpoints
    }
    // A connection learns the file is in WAL mode only once it has read it; until then a checkpoint
    // on it does nothing (and says the log has -1 frames).
    bool wal = false;
    const auto is_wal = [](void* out, int columns, char** values, char**) {
        *static_cast<bool*>(out) = columns == 1 && values[0] != nullptr && std::strcmp(values[0], "wal") == 0;
        return 0;
    };
    if (sqlite3_exec(m_state->own, "PRAGMA journal_mode", is_wal, &wal, nullptr) != SQLITE_OK || !wal) {
        sqlite3_close_v2(m_state->own);
        m_state->own = nullptr;
        return;
    }
    m_state->background.store(true, std::memory_order_release);
    m_state->thread = std::thread([state = m_state.get()] { state->run(); });
    // Replaces SQLite's automatic checkpoint on this connection (it is a commit hook of the same kind).
    sqlite3_wal_hook(main, &State::on_commit, m_state.get());
}

Checkpointer::~Checkpointer() {
    // The hook runs on the thread that commits on m_db, which is this one: after this line it cannot
    // reach the state any more.
    sqlite3_wal_autocheckpoint(m_db.handle(), k_sqlite_autocheckpoint_pages);
    if (m_state->thread.joinable()) {
        {
            std::lock_guard lock(m_state->mu);
            m_state->stop = true;
        }
        m_state->wake.notify_one();
        m_state->thread.join();
    }
    if (m_state->own != nullptr) {
        sqlite3_close_v2(m_state->own);
    }
}

bool Checkpointer::in_background() const {
    return m_state->background.load(std::memory_order_acquire);
}

bool Checkpointer::copying() const {
    std::lock_guard lock(m_state->mu);
    return m_state->due || m_state->busy;
}

int Checkpointer::checkpoints() const {
    return m_state->done.load(std::memory_order_relaxed);
}

} // namespace pantau::store

// crawler/curl_fetcher.cpp — libcurl multi-socket on one Asio io_context (the protocol of curl's
// docs/examples/asiohiper.cpp, with RAII and no globals).
#include "crawler/curl_fetcher.hpp"

#include "crawler/url.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#ifdef PANTAU_HAVE_OPENSSL
#include <openssl/ssl.h>
#endif

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace pantau::crawler {

std::string_view to_string(FailureKind kind) {
    switch (kind) {
    case FailureKind::none:
        return "";
    case FailureKind::dns:
        return "dns";
    case FailureKind::connect:
        return "connect";
    case FailureKind::tls:
        return "tls";
    case FailureKind::timeout:
        return "timeout";
    case FailureKind::reset:
        return "reset";
    case FailureKind::http_4xx:
        return "http_4xx";
    case FailureKind::http_5xx:
        return "http_5xx";
    case FailureKind::blocked:
        return "blocked";
    case FailureKind::too_large:
        return "too_large";
    case FailureKind::redirect_loop:
        return "redirect_loop";
    case FailureKind::robots_disallowed:
        return "robots_disallowed";
    case FailureKind::private_address:
        return "private_address";
    case FailureKind::other:
        return "other";
    }
    return "other";
}

bool is_transient(FailureKind kind) {
    // dns, tls and connect (refused: nothing listens) are not retried: a missing name, a bad
    // certificate or a stopped server does not heal in seconds; a timeout, a reset or a 5xx often does.
    return kind == FailureKind::timeout || kind == FailureKind::reset || kind == FailureKind::http_5xx;
}

std::string default_user_agent() {
    return std::string("pantau/") + PANTAU_VERSION + " (+https://github.com/pantau-id/pantau)";
}

bool is_non_public_address(const ::sockaddr* addr) {
    if (addr->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
        const std::uint32_t a = ntohl(in->sin_addr.s_addr);
        auto in_net = [a](std::uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
        return in_net(0x00000000, 8) ||  // 0.0.0.0/8 "this network"
               in_net(0x0A000000, 8) ||  // 10/8
               in_net(0x64400000, 10) || // 100.64/10 carrier-grade NAT
               in_net(0x7F000000, 8) ||  // loopback
               in_net(0xA9FE0000, 16) || // link-local
               in_net(0xAC100000, 12) || // 172.16/12
               in_net(0xC0A80000, 16) || // 192.168/16
               in_net(0xC6120000, 15) || // 198.18/15 benchmarking
               in_net(0xE0000000, 4) ||  // multicast
               in_net(0xF0000000, 4);    // reserved, broadcast
    }
    if (addr->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
        const unsigned char* b = in6->sin6_addr.s6_addr;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            sockaddr_in v4{};
            v4.sin_family = AF_INET;
            std::memcpy(&v4.sin_addr.s_addr, b + 12, 4);
            return is_non_public_address(reinterpret_cast<const sockaddr*>(&v4));
        }
        return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) || IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr) ||
               IN6_IS_ADDR_LINKLOCAL(&in6->sin6_addr) || IN6_IS_ADDR_MULTICAST(&in6->sin6_addr) ||
               (b[0] & 0xFE) == 0xFC; // fc00::/7 unique local
    }
    return true; // unknown families are not fetched
}

// ---- AsioLoop

AsioLoop::AsioLoop(int workers) : m_pool(static_cast<std::size_t>(std::max(1, workers))) {}

AsioLoop::~AsioLoop() {
    m_pool.join();
}

void AsioLoop::post(std::function<void()> fn) {
    asio::post(m_io, std::move(fn));
}

void AsioLoop::call_at(TimePoint when, std::function<void()> fn) {
    auto timer = std::make_shared<asio::steady_timer>(m_io, when);
    timer->async_wait([timer, fn = std::move(fn)](const boost::system::error_code& ec) {
        if (!ec) {
            fn();
        }
    });
}

namespace {

// Offloaded work (parsing) is throughput; the loop thread is timing: it starts each host's next request
// when its politeness delay is up, and a late start leaves a short gap before the one after. So the pool's
// threads run at a lower priority than the loop (and than a web server on the same machine, for the
// benchmarks), and take what CPU is left. On Linux the nice value belongs to the thread.
constexpr int k_pool_nice = 10;

void lower_pool_thread_priority() {
    thread_local bool lowered = false;
    if (!lowered) {
        lowered = true;
        const auto tid = static_cast<id_t>(::gettid());
        errno = 0;
        const int nice_now = ::getpriority(PRIO_PROCESS, tid);
        if (errno == 0 && nice_now < k_pool_nice) {
            (void)::setpriority(PRIO_PROCESS, tid, k_pool_nice); // not allowed: keep the priority it has
        }
    }
}

} // namespace

void AsioLoop::offload(std::function<void()> work, std::function<void()> done) {
    // The tracked executor keeps run() from returning while the work is on the pool.
    auto home = asio::prefer(m_io.get_executor(), asio::execution::outstanding_work.tracked);
    asio::post(m_pool, [work = std::move(work), done = std::move(done), home]() mutable {
        lower_pool_thread_priority();
        work();
        asio::post(home, std::move(done));
    });
}

void AsioLoop::run() {
    m_io.restart();
    m_io.run();
}

void AsioLoop::stop() {
    m_io.stop();
}

// ---- CurlFetcher

namespace {

struct MultiDeleter {
    void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct EasyDeleter {
    void operator()(CURL* e) const { curl_easy_cleanup(e); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

FailureKind classify_code(CURLcode code) {
    switch (code) {
    case CURLE_OK:
        return FailureKind::none;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return FailureKind::dns;
    case CURLE_COULDNT_CONNECT:
        return FailureKind::connect;
    case CURLE_OPERATION_TIMEDOUT:
        return FailureKind::timeout;
    case CURLE_TOO_MANY_REDIRECTS:
        return FailureKind::redirect_loop;
    case CURLE_FILESIZE_EXCEEDED:
        return FailureKind::too_large;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return FailureKind::tls;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return FailureKind::reset;
    default:
        return FailureKind::other;
    }
}

// The statuses whose Location is followed (RFC 9110 15.4); 300, 304 and 305 are answers in their own right.
bool is_followed_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool ieq_prefix(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(s[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i]))) {
            return false;
        }
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return s;
}

} // namespace

struct CurlFetcher::Impl {
    struct Transfer {
        Impl* owner = nullptr;
        FetchRequest request;
        FetchDone done;
        std::unique_ptr<CURL, EasyDeleter> easy;
        std::unique_ptr<curl_slist, SlistDeleter> headers;
        FetchResponse response;
        std::string current_url; // the URL whose response is being read (follows redirects)
        int current_status = 0;
        std::string next_url; // where the current answer redirects to ("" = it is the final answer)
        std::unordered_set<std::string> visited;       // URLs of this redirect chain, to detect loops
        std::uint64_t serial = 0;                      // tells a hop's timer its transfer is still this one
        std::unique_ptr<asio::steady_timer> hop_timer; // a hop waiting for its time (next_hop_at)
        bool too_large = false;
        bool refused_private = false;
        bool loop = false;
        bool hop_failed = false;     // curl would not take the handle back for the next hop
        bool hop_disallowed = false; // next_hop_at refused the next hop (robots.txt)
        char error[CURL_ERROR_SIZE] = {};
    };

    // One readiness watch per socket curl tells us about. Handlers hold a weak_ptr: a socket curl has
    // removed (or whose number was reused) is never acted on.
    struct Watch {
        explicit Watch(asio::io_context& io) : descriptor(io) {}
        asio::posix::stream_descriptor descriptor;
        curl_socket_t fd = CURL_SOCKET_BAD;
        int what = 0; // CURL_POLL_IN / OUT / INOUT
        bool reading = false;
        bool writing = false;
    };

    Impl(asio::io_context& io_, FetcherOptions opt) : io(io_), timer(io_), options(std::move(opt)) {
        curl_global_init(CURL_GLOBAL_DEFAULT); // reference-counted; balanced in ~Impl
        multi.reset(curl_multi_init());
        if (!multi) {
            throw std::runtime_error("curl_multi_init failed");
        }
        curl_multi_setopt(multi.get(), CURLMOPT_SOCKETFUNCTION, &Impl::on_socket);
        curl_multi_setopt(multi.get(), CURLMOPT_SOCKETDATA, this);
        curl_multi_setopt(multi.get(), CURLMOPT_TIMERFUNCTION, &Impl::on_timer);
        curl_multi_setopt(multi.get(), CURLMOPT_TIMERDATA, this);
        // curl's total cap counts idle connections too and closes the oldest idle one to open a new
        // one: at max_total_connections, a crawl of more hosts than that would reconnect for every
        // request. So the cap is the pool size; the engine keeps transfers in flight to its own limit.
        const long pool = idle_connection_cap(options.max_total_connections);
        curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, pool);
        curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                          static_cast<long>(options.max_host_connections));
        curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, pool);
        for (const auto& r : options.resolve) {
            resolve.reset(curl_slist_append(resolve.release(), r.c_str()));
            auto& own = resolve_by_host[resolve_entry_host(r)];
            own.reset(curl_slist_append(own.release(), r.c_str()));
        }
        if (options.user_agent.empty()) {
            options.user_agent = default_user_agent();
        }
    }

    // How many connections curl keeps open, busy or idle for reuse. At the politeness rate each host is
    // asked again within a second or two, so with more hosts than pool slots every request would open
    // (and, on https, handshake) a new connection. Bounded by the descriptor limit: sockets are
    // descriptors.
    static long idle_connection_cap(int max_total) {
        constexpr long k_idle_max = 1024;
        long cap = k_idle_max;
        rlimit files{};
        if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
            cap = std::min<long>(cap, static_cast<long>(files.rlim_cur / 4));
        }
        return std::max(cap, static_cast<long>(max_total) * 2);
    }

    // The host of a --resolve entry "[+|-]HOST:PORT:ADDR", lower-cased ("" when unreadable).
    static std::string resolve_entry_host(std::string_view entry) {
        if (!entry.empty() && (entry.front() == '+' || entry.front() == '-')) {
            entry.remove_prefix(1);
        }
        std::string host(entry.substr(0, entry.find(':')));
        std::transform(host.begin(), host.end(), host.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return host;
    }

    // The --resolve list for one transfer. curl parses the whole list and rebuilds its cache entries
    // at the start of every transfer (with 500 hosts: 500 entries × every request, most of the loop
    // thread's time). The entries are permanent in the multi handle's shared DNS cache once loaded,
    // so the full list goes with transfers only until one has finished (it has been loaded then);
    // later transfers carry just their own host's entries, and redirects to another listed host find
    // it in the cache.
    curl_slist* resolve_for(const std::string& url) {
        if (!resolve_loaded) {
            return resolve.get();
        }
        auto it = resolve_by_host.find(url_host(url));
        if (it == resolve_by_host.end()) {
            it = resolve_by_host.find(""); // entries whose host could not be read: always passed
        }
        return it != resolve_by_host.end() ? it->second.get() : nullptr;
    }

    ~Impl() {
        cancel_all();
        multi.reset(); // may report sockets removed: the watches still exist
        for (auto& [fd, w] : watches) {
            boost::system::error_code ec;
            w->descriptor.release(); // curl owns (and has closed) the descriptor
        }
        watches.clear();
        curl_global_cleanup();
    }

    // --- curl callbacks (never call curl_multi_socket_action from inside them)

    static int on_socket(CURL*, curl_socket_t s, int what, void* userp, void*) {
        auto* self = static_cast<Impl*>(userp);
        if (what == CURL_POLL_REMOVE) {
            auto it = self->watches.find(s);
            if (it != self->watches.end()) {
                it->second->descriptor.release(); // cancels pending waits; curl closes the socket
                self->watches.erase(it);
            }
            return 0;
        }
        auto& w = self->watches[s];
        if (!w) {
            w = std::make_shared<Watch>(self->io);
            w->fd = s;
            boost::system::error_code ec;
            w->descriptor.assign(s, ec);
            if (ec) {
                self->watches.erase(s);
                return -1;
            }
        }
        w->what = what;
        self->arm(w);
        return 0;
    }

    static int on_timer(CURLM*, long timeout_ms, void* userp) {
        auto* self = static_cast<Impl*>(userp);
        // Every timer change is a system call (timerfd_settime), and curl changes it several times per
        // transfer, mostly to "now". A timeout action curl did not need is harmless (it finds nothing
        // due), so a cleared timer is left to fire and "now" is a post, not a timer.
        if (timeout_ms < 0) {
            return 0;
        }
        if (timeout_ms == 0) {
            if (!self->timeout_posted) {
                self->timeout_posted = true;
                asio::post(self->io, [self, alive = std::weak_ptr<const bool>(self->alive)] {
                    if (alive.expired()) {
                        return; // the fetcher is gone
                    }
                    self->timeout_posted = false;
                    self->action(CURL_SOCKET_TIMEOUT, 0);
                });
            }
            return 0;
        }
        self->timer.expires_after(std::chrono::milliseconds(timeout_ms)); // replaces any earlier wait
        self->timer.async_wait([self](const boost::system::error_code& ec) {
            if (!ec) {
                self->action(CURL_SOCKET_TIMEOUT, 0);
            }
        });
        return 0;
    }

    // --- readiness waits

    void arm(const std::shared_ptr<Watch>& w) {
        if ((w->what & CURL_POLL_IN) != 0 && !w->reading) {
            w->reading = true;
            std::weak_ptr<Watch> weak = w;
            w->descriptor.async_wait(
                asio::posix::descriptor_base::wait_read,
                [this, weak](const boost::system::error_code& ec) { ready(weak, ec, true); });
        }
        if ((w->what & CURL_POLL_OUT) != 0 && !w->writing) {
            w->writing = true;
            std::weak_ptr<Watch> weak = w;
            w->descriptor.async_wait(
                asio::posix::descriptor_base::wait_write,
                [this, weak](const boost::system::error_code& ec) { ready(weak, ec, false); });
        }
    }

    void ready(const std::weak_ptr<Watch>& weak, const boost::system::error_code& ec, bool read) {
        auto w = weak.lock();
        if (!w) {
            return;
        }
        (read ? w->reading : w->writing) = false;
        if (ec) {
            return;
        }
        const int wanted = read ? CURL_POLL_IN : CURL_POLL_OUT;
        if ((w->what & wanted) == 0) {
            return; // curl no longer waits for this direction
        }
        action(w->fd, read ? CURL_CSELECT_IN : CURL_CSELECT_OUT);
        if (auto still = weak.lock()) {
            arm(still); // level-triggered: wait again while curl still wants this socket
        }
    }

    void action(curl_socket_t s, int ev) {
        int running = 0;
        curl_multi_socket_action(multi.get(), s, ev, &running);
        drain();
    }

    // --- transfers

    static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
        auto* t = static_cast<Transfer*>(user);
        const std::size_t len = size * n;
        if (!t->next_url.empty()) {
            return len; // the body of a redirect that will be followed: nobody reads it
        }
        const auto cap = static_cast<std::size_t>(std::max<long long>(0, t->request.max_body_bytes));
        if (t->response.body.empty()) {
            // Sized once from Content-Length, not doubled while it grows: bodies wait for a parser, and a
            // doubled buffer is up to twice their bytes held. Only up to 1 MiB on the server's word: a
            // length it never sends would otherwise hold memory for nothing.
            constexpr std::size_t k_max_reserve = 1024 * 1024;
            curl_off_t length = -1;
            if (curl_easy_getinfo(t->easy.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK &&
                length > 0) {
                t->response.body.reserve(std::min({static_cast<std::size_t>(length), cap, k_max_reserve}));
            }
        }
        if (t->response.body.size() + len > cap) {
            // Keep the memory bounded: a body over the limit is cut, never buffered whole.
            t->response.body.append(data, cap - t->response.body.size());
            if (t->request.truncate_ok) {
                t->response.truncated = true;
            } else {
                t->too_large = true;
            }
            return 0; // aborts the transfer
        }
        t->response.body.append(data, len);
        return len;
    }

    // The raw header block kept for the evidence archive; a server sending more is cut, not buffered.
    static constexpr std::size_t k_max_head_bytes = 64 * 1024;

    static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
        auto* t = static_cast<Transfer*>(user);
        const std::size_t len = size * n;
        const std::string_view line(data, len);
        if (line.starts_with("HTTP/")) {
            t->response.head.clear(); // a new response (after a redirect or 100 Continue): keep the last one
            if (t->request.on_answer) {
                t->request.on_answer();
            }
        }
        if (t->response.head.size() + len <= k_max_head_bytes) {
            t->response.head.append(data, len);
        }
        if (line.starts_with("HTTP/")) {
            const auto sp = line.find(' ');
            int status = 0;
            if (sp != std::string_view::npos) {
                const std::string_view rest = line.substr(sp + 1);
                std::from_chars(rest.data(), rest.data() + std::min<std::size_t>(3, rest.size()), status);
            }
            t->current_status = status;
            t->next_url.clear();
#ifdef PANTAU_HAVE_OPENSSL
            if (t->response.tls_version.empty()) {
                const curl_tlssessioninfo* info = nullptr;
                if (curl_easy_getinfo(t->easy.get(), CURLINFO_TLS_SSL_PTR, &info) == CURLE_OK &&
                    info != nullptr && info->backend == CURLSSLBACKEND_OPENSSL &&
                    info->internals != nullptr) {
                    t->response.tls_version = SSL_get_version(static_cast<SSL*>(info->internals));
                }
            }
#endif
            return len;
        }
        if (is_followed_redirect(t->current_status) && t->request.follow_redirects &&
            ieq_prefix(line, "location:")) {
            if (auto next = resolve_url(t->current_url, trim(line.substr(9)))) {
                t->next_url = std::move(*next);
            }
        }
        return len;
    }

    // The SSRF guard: judged on the address curl is about to connect to, so DNS tricks and redirects
    // to internal addresses are caught too.
    static curl_socket_t on_open_socket(void* user, curlsocktype, struct curl_sockaddr* addr) {
        auto* t = static_cast<Transfer*>(user);
        const FetcherOptions& opt = t->owner->options;
        if (!opt.allow_private && is_non_public_address(&addr->addr)) {
            bool trusted = false;
            char* current = nullptr;
            if (!opt.private_ok_hosts.empty() &&
                curl_easy_getinfo(t->easy.get(), CURLINFO_EFFECTIVE_URL, &current) == CURLE_OK &&
                current != nullptr) {
                const std::string host = url_host(current);
                trusted = std::find(opt.private_ok_hosts.begin(), opt.private_ok_hosts.end(), host) !=
                          opt.private_ok_hosts.end();
            }
            if (!trusted) {
                t->refused_private = true;
                return CURL_SOCKET_BAD;
            }
        }
        return ::socket(addr->family, addr->socktype, addr->protocol);
    }

    void submit(const FetchRequest& request, FetchDone done) {
        auto t = std::make_unique<Transfer>();
        t->owner = this;
        t->request = request;
        t->done = std::move(done);
        t->current_url = request.url;
        t->visited.insert(normalize_url(request.url).value_or(request.url));
        t->serial = ++next_serial;
        t->response.id = request.id;
        t->response.url = request.url;
        t->easy.reset(curl_easy_init());
        CURL* e = t->easy.get();
        if (e == nullptr) {
            fail_later(std::move(t), "curl_easy_init failed");
            return;
        }
        curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Impl::on_header);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
        curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &Impl::on_open_socket);
        curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
        // Redirects are followed here, not by curl, so that each hop is a request the caller can time
        // (next_hop_at): curl would send the next one the moment the redirect came.
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); // every encoding curl can decode
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, options.timeout_ms);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, options.low_speed_s);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        if (options.cert_info) {
            curl_easy_setopt(e, CURLOPT_CERTINFO, 1L);
        }
        if (!options.ca_file.empty()) {
            curl_easy_setopt(e, CURLOPT_CAINFO, options.ca_file.c_str());
        }
        if (request.head) {
            curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
        } else if (!request.truncate_ok) {
            curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body_bytes));
        }
        if (!request.if_none_match.empty()) {
            t->headers.reset(
                curl_slist_append(t->headers.release(), ("If-None-Match: " + request.if_none_match).c_str()));
        }
        if (!request.if_modified_since.empty()) {
            t->headers.reset(curl_slist_append(t->headers.release(),
                                               ("If-Modified-Since: " + request.if_modified_since).c_str()));
        }
        if (t->headers) {
            curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers.get());
        }
        if (curl_slist* own = resolve_for(request.url)) {
            curl_easy_setopt(e, CURLOPT_RESOLVE, own);
        }
        if (curl_multi_add_handle(multi.get(), e) != CURLM_OK) {
            fail_later(std::move(t), "curl_multi_add_handle failed");
            return;
        }
        transfers.emplace(e, std::move(t));
    }

    void fail_later(std::unique_ptr<Transfer> t, const char* why) {
        t->response.failure = FailureKind::other;
        t->response.error = why;
        std::shared_ptr<Transfer> shared(std::move(t));
        asio::post(io, [shared] { shared->done(std::move(shared->response)); });
    }

    std::string header(CURL* e, const char* name) {
        struct curl_header* h = nullptr;
        if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &h) == CURLHE_OK && h != nullptr) {
            return h->value;
        }
        return {};
    }

    void finish(Transfer& t, CURLcode code) {
        CURL* e = t.easy.get();
        FetchResponse& r = t.response;
        long status = 0;
        char* effective = nullptr;
        char* ctype = nullptr;
        curl_off_t v = 0;
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &effective);
        curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ctype);
        r.status = static_cast<int>(status);
        r.final_url = effective != nullptr ? effective : t.request.url;
        r.content_type = ctype != nullptr ? ctype : "";
        auto ms = [&](CURLINFO info) {
            curl_off_t us = 0;
            curl_easy_getinfo(e, info, &us);
            return static_cast<double>(us) / 1000.0;
        };
        r.dns_ms = ms(CURLINFO_NAMELOOKUP_TIME_T);
        r.connect_ms = ms(CURLINFO_CONNECT_TIME_T);
        const double app = ms(CURLINFO_APPCONNECT_TIME_T);
        r.tls_ms = app > 0 ? app - r.connect_ms : 0;
        r.pretransfer_ms = ms(CURLINFO_PRETRANSFER_TIME_T);
        r.ttfb_ms = ms(CURLINFO_STARTTRANSFER_TIME_T);
        r.total_ms = ms(CURLINFO_TOTAL_TIME_T);
        if (curl_easy_getinfo(e, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &v) == CURLE_OK) {
            r.content_length = static_cast<std::int64_t>(v);
        }
        r.bytes = static_cast<std::int64_t>(r.body.size());
        long version = 0;
        curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
        switch (version) {
        case CURL_HTTP_VERSION_1_0:
            r.http_version = "1.0";
            break;
        case CURL_HTTP_VERSION_1_1:
            r.http_version = "1.1";
            break;
        case CURL_HTTP_VERSION_2_0:
            r.http_version = "2";
            break;
        case CURL_HTTP_VERSION_3:
            r.http_version = "3";
            break;
        default:
            break;
        }
        if (status > 0) {
            r.last_modified = header(e, "Last-Modified");
            r.etag = header(e, "ETag");
            r.server = header(e, "Server");
            r.hsts = header(e, "Strict-Transport-Security");
            r.retry_after = header(e, "Retry-After");
            r.cf_mitigated = header(e, "cf-mitigated");
        }
        struct curl_certinfo* certs = nullptr;
        if (curl_easy_getinfo(e, CURLINFO_CERTINFO, &certs) == CURLE_OK && certs != nullptr &&
            certs->num_of_certs > 0) {
            for (curl_slist* s = certs->certinfo[0]; s != nullptr; s = s->next) {
                const std::string_view line(s->data);
                if (line.starts_with("Expire date:")) {
                    r.cert_expiry = std::string(trim(line.substr(12)));
                } else if (line.starts_with("Issuer:")) {
                    r.cert_issuer = std::string(trim(line.substr(7)));
                }
            }
        }

        if (t.refused_private) {
            r.failure = FailureKind::private_address;
        } else if (t.loop) {
            r.failure = FailureKind::redirect_loop;
        } else if (t.hop_disallowed) {
            r.failure = FailureKind::robots_disallowed;
        } else if (t.hop_failed) {
            r.failure = FailureKind::other;
            std::snprintf(t.error, sizeof t.error, "could not follow the redirect to %s",
                          t.current_url.c_str());
        } else if (t.too_large) {
            r.failure = FailureKind::too_large;
        } else if (r.truncated && code == CURLE_WRITE_ERROR) {
            r.failure = FailureKind::none;
        } else {
            r.failure = classify_code(code);
        }
        if (r.failure != FailureKind::none) {
            r.error = t.error[0] != '\0' ? t.error : curl_easy_strerror(code);
        }
    }

    // True when this finished transfer went through curl's start (where CURLOPT_RESOLVE is loaded):
    // it carried the full list and got as far as a name lookup, a connection or an answer.
    bool resolve_ready(const Transfer& t) const {
        if (!resolve) {
            return true;
        }
        curl_off_t lookup_us = 0;
        long status = 0;
        curl_easy_getinfo(t.easy.get(), CURLINFO_NAMELOOKUP_TIME_T, &lookup_us);
        curl_easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &status);
        return lookup_us > 0 || status > 0;
    }

    void drain() {
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
            if (msg->msg != CURLMSG_DONE) {
                continue;
            }
            CURL* e = msg->easy_handle;
            const CURLcode code = msg->data.result;
            auto it = transfers.find(e);
            if (it == transfers.end()) {
                continue;
            }
            resolve_loaded = resolve_loaded || resolve_ready(*it->second);
            if (code == CURLE_OK && !it->second->next_url.empty() && follow(*it->second)) {
                continue; // the next hop is on its way or waits for its time
            }
            complete(it, code);
        }
    }

    // The current answer of `t` redirects to t.next_url. Returns true when the next hop is taken or
    // waits for the caller's answer (the transfer stays in flight; a hop the caller then refuses ends it
    // with t.hop_disallowed), and false when the chain ends here: a URL it has visited already, or more
    // hops than the limit (t.loop set), or an easy handle curl will not take back (t.hop_failed).
    bool follow(Transfer& t) {
        t.response.redirects.push_back({t.current_url, t.current_status});
        std::string next = std::move(t.next_url);
        t.next_url.clear();
        if (!t.visited.insert(normalize_url(next).value_or(next)).second) {
            t.loop = true;
            std::snprintf(t.error, sizeof t.error, "redirect loop: %s leads back to %s",
                          t.current_url.c_str(), next.c_str());
            return false;
        }
        if (static_cast<int>(t.response.redirects.size()) > options.max_redirects) {
            t.loop = true;
            std::snprintf(t.error, sizeof t.error, "more than %d redirects", options.max_redirects);
            return false;
        }
        if (!t.request.next_hop_at) {
            send_hop(t, std::move(next), std::chrono::steady_clock::now());
            return !t.hop_failed;
        }
        // The caller answers when the hop may go, now or later. The answer is acted on from the loop,
        // never inside the caller's code; until then the handle stays in curl, done, and a transfer
        // cancelled meanwhile is not found again (its serial differs, or it is gone).
        t.request.next_hop_at(
            next, [this, e = t.easy.get(), serial = t.serial, next, alive = std::weak_ptr<const bool>(alive)](
                      std::optional<std::chrono::steady_clock::time_point> when) {
                asio::post(io, [this, e, serial, next, when, alive] {
                    if (alive.expired()) {
                        return;
                    }
                    auto it = still_waiting(e, serial);
                    if (it == transfers.end()) {
                        return;
                    }
                    Transfer& held = *it->second;
                    if (!when) {
                        held.hop_disallowed = true;
                        std::snprintf(held.error, sizeof held.error,
                                      "redirect to %s, which robots.txt disallows", next.c_str());
                        complete(it, CURLE_OK);
                        return;
                    }
                    send_hop(held, next, *when);
                    if (held.hop_failed) {
                        complete(it, CURLE_OK);
                    }
                });
            });
        return true;
    }

    // The transfer a held hop belongs to, or transfers.end() when it was cancelled while the hop waited
    // (gone, or its handle reused by a later transfer with another serial).
    std::unordered_map<CURL*, std::unique_ptr<Transfer>>::iterator still_waiting(CURL* e,
                                                                                 std::uint64_t serial) {
        auto it = transfers.find(e);
        return it != transfers.end() && it->second->serial == serial ? it : transfers.end();
    }

    // Sends the next hop of `t` to `next` at `at` (at once when that has passed), on the same handle.
    // Sets t.hop_failed when curl will not take the handle back.
    void send_hop(Transfer& t, std::string next, std::chrono::steady_clock::time_point at) {
        CURL* e = t.easy.get();
        const auto now = std::chrono::steady_clock::now();
        curl_multi_remove_handle(multi.get(), e);
        t.current_url = std::move(next);
        t.current_status = 0;
        t.error[0] = '\0';
        curl_easy_setopt(e, CURLOPT_URL, t.current_url.c_str());
        if (curl_slist* own = resolve_for(t.current_url)) {
            curl_easy_setopt(e, CURLOPT_RESOLVE, own);
        }
        if (at <= now) {
            t.hop_failed = curl_multi_add_handle(multi.get(), e) != CURLM_OK;
            return;
        }
        if (!t.hop_timer) {
            t.hop_timer = std::make_unique<asio::steady_timer>(io);
        }
        t.hop_timer->expires_at(at);
        t.hop_timer->async_wait([this, e, serial = t.serial, alive = std::weak_ptr<const bool>(alive)](
                                    const boost::system::error_code& ec) {
            if (ec || alive.expired()) {
                return;
            }
            auto it = still_waiting(e, serial);
            if (it == transfers.end()) {
                return;
            }
            if (curl_multi_add_handle(multi.get(), e) != CURLM_OK) {
                it->second->hop_failed = true;
                complete(it, CURLE_OK);
            }
        });
    }

    // Ends a transfer: its response goes to its caller and curl forgets the handle.
    void complete(std::unordered_map<CURL*, std::unique_ptr<Transfer>>::iterator it, CURLcode code) {
        CURL* e = it->first;
        std::unique_ptr<Transfer> t = std::move(it->second);
        transfers.erase(it);
        finish(*t, code);
        curl_multi_remove_handle(multi.get(), e);
        FetchDone done = std::move(t->done);
        FetchResponse response = std::move(t->response);
        t.reset();
        done(std::move(response));
    }

    void cancel_all() {
        auto all = std::move(transfers);
        transfers.clear();
        for (auto& [e, t] : all) {
            curl_multi_remove_handle(multi.get(), e);
        }
    }

    asio::io_context& io;
    asio::steady_timer timer;
    bool timeout_posted = false; // a "time out now" action is queued
    std::uint64_t next_serial = 0;
    std::shared_ptr<const bool> alive = std::make_shared<bool>(true); // what posted actions check
    FetcherOptions options;
    std::unique_ptr<CURLM, MultiDeleter> multi;
    std::unique_ptr<curl_slist, SlistDeleter> resolve; // every --resolve entry
    std::unordered_map<std::string, std::unique_ptr<curl_slist, SlistDeleter>> resolve_by_host;
    bool resolve_loaded = false; // the full list is in the multi handle's DNS cache
    std::unordered_map<curl_socket_t, std::shared_ptr<Watch>> watches;
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers;
};

CurlFetcher::CurlFetcher(asio::io_context& io, FetcherOptions options)
    : m_impl(std::make_unique<Impl>(io, std::move(options))) {}

CurlFetcher::~CurlFetcher() = default;

void CurlFetcher::submit(const FetchRequest& request, FetchDone done) {
    m_impl->submit(request, std::move(done));
}

void CurlFetcher::cancel_all() {
    m_impl->cancel_all();
}

int CurlFetcher::in_flight() const {
    return static_cast<int>(m_impl->transfers.size());
}

} // namespace pantau::crawler

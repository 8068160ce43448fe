#include "demo/server.hpp"

#include "demo/server_http.hpp"
#include "demo/tls.hpp"

// <utility> first: GCC 12 in C++23 mode needs it before Boost.Asio's headers.
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <fmt/format.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <unordered_map>

namespace pantau::demo {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
namespace hd = http_detail;

// A keep-alive connection idle this long is closed, so abandoned client connections do not pile up.
constexpr auto k_idle_timeout = std::chrono::seconds(60);
// A client that opens a connection and says nothing (or stops mid-handshake) is dropped after this.
constexpr auto k_handshake_timeout = std::chrono::seconds(10);
// Body bytes per write: large enough to stream 100 MB quickly, small enough to never matter for memory.
constexpr std::size_t k_chunk = 64 * 1024;
// slow_body trickles in pieces of this size.
constexpr std::size_t k_slow_piece = 1024;
constexpr std::uint64_t k_default_huge = 100ull * 1000 * 1000;
constexpr std::uint64_t k_default_generated = 64 * 1024;
// Requests are GET/HEAD; a body larger than this is refused by closing the connection.
constexpr std::uint64_t k_request_body_limit = 1024 * 1024;

enum class Source { none, text, file, generated, gzip };

// What to answer to one request, decided when it arrives (so the log is in arrival order).
struct Plan {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    Source source = Source::none;
    std::string text;
    std::filesystem::path file;
    std::uint64_t length = 0;       // Content-Length declared
    std::uint64_t send = 0;         // body bytes actually sent (< length only for stall)
    bool send_length_header = true; // false for 304
    bool head = false;
    bool close_after = false;
    bool reset = false;
    bool stall = false;
    int delay_ms = 0;
    int piece_pause_ms = 0;
    std::uint64_t gzip_blocks = 0; // Source::gzip: how many compressed MiB blocks
    std::string gzip_tail;         // Source::gzip: final block and gzip trailer
    std::string log_host;
};

// A gzip member made of one deflate block repeated: each is 1 MiB of zeros compressed and ended with a
// full flush, so it never refers back to the one before and can be sent any number of times.
struct GzipBomb {
    static constexpr std::uint64_t k_block_plain = 1024 * 1024;
    std::string header; // the 10-byte gzip header
    std::string block;
    std::string finish; // the empty final deflate block
    std::uint32_t block_crc = 0;
};

GzipBomb build_gzip_bomb() {
    GzipBomb g;
    g.header = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03", 10);
    std::vector<unsigned char> zeros(GzipBomb::k_block_plain, 0);
    std::vector<unsigned char> out(GzipBomb::k_block_plain);
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
    auto run = [&](unsigned char* in, std::size_t in_size, int flush) {
        z.next_in = in;
        z.avail_in = static_cast<uInt>(in_size);
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        deflate(&z, flush);
        return std::string(reinterpret_cast<const char*>(out.data()), out.size() - z.avail_out);
    };
    g.block = run(zeros.data(), zeros.size(), Z_FULL_FLUSH);
    g.finish = run(nullptr, 0, Z_FINISH);
    deflateEnd(&z);
    g.block_crc = static_cast<std::uint32_t>(crc32(0, zeros.data(), static_cast<uInt>(zeros.size())));
    return g;
}

// The gzip trailer (CRC-32 and length mod 2^32, little-endian) after `blocks` blocks.
std::string gzip_trailer(const GzipBomb& g, std::uint64_t blocks) {
    uLong crc = crc32(0, nullptr, 0);
    for (std::uint64_t i = 0; i < blocks; ++i) {
        crc = crc32_combine(crc, g.block_crc, static_cast<z_off_t>(GzipBomb::k_block_plain));
    }
    auto size = static_cast<std::uint32_t>(blocks * GzipBomb::k_block_plain);
    std::string out;
    for (std::uint32_t v : {static_cast<std::uint32_t>(crc), size}) {
        for (int i = 0; i < 4; ++i) {
            out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
        }
    }
    return out;
}

// Copies body bytes [offset, offset + n) of a gzip bomb with `blocks` blocks into `dst`.
std::size_t fill_gzip(const GzipBomb& g, const Plan& plan, std::uint64_t offset, char* dst, std::size_t n) {
    const std::uint64_t blocks_start = g.header.size();
    const std::uint64_t blocks_end = blocks_start + plan.gzip_blocks * g.block.size();
    std::size_t done = 0;
    while (done < n) {
        std::uint64_t at = offset + done;
        std::string_view segment;
        std::uint64_t within = 0;
        if (at < blocks_start) {
            segment = g.header;
            within = at;
        } else if (at < blocks_end) {
            segment = g.block;
            within = (at - blocks_start) % g.block.size();
        } else {
            segment = plan.gzip_tail;
            within = at - blocks_end;
        }
        if (within >= segment.size()) {
            break;
        }
        std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(n - done, segment.size() - within));
        std::memcpy(dst + done, segment.data() + within, k);
        done += k;
    }
    return done;
}

std::string_view sv(beast::string_view s) {
    return {s.data(), s.size()};
}

void set_header(Plan& plan, std::string name, std::string value) {
    for (auto& [n, v] : plan.headers) {
        if (n.size() == name.size() && strncasecmp(n.c_str(), name.c_str(), n.size()) == 0) {
            v = std::move(value);
            return;
        }
    }
    plan.headers.emplace_back(std::move(name), std::move(value));
}

std::string reason_for(int status) {
    std::string_view r = sv(bhttp::obsolete_reason(static_cast<bhttp::status>(status)));
    return r.empty() || r.front() == '<' ? std::string("Status") : std::string(r);
}

void answer_text(Plan& plan, int status, std::string_view detail = {}) {
    plan.status = status;
    std::string reason = reason_for(status);
    plan.text = fmt::format("<!DOCTYPE html>\n<html><head><title>{0} {1}</title></head>"
                            "<body><h1>{0} {1}</h1>{2}</body></html>\n",
                            status, reason, detail);
    plan.source = Source::text;
    plan.length = plan.send = plan.text.size();
    set_header(plan, "Content-Type", "text/html");
}

bool prefix_matches(const Fault& f, std::string_view key) {
    return key.starts_with(f.path_prefix);
}

std::string build_filler() {
    // Fixed-width lines so every 64 KiB piece is whole, valid HTML paragraphs.
    std::string line = "<p>pantau demo: generated filler for huge and slow bodies.</p>";
    line.resize(63, ' ');
    line += '\n';
    std::string out;
    out.reserve(k_chunk);
    while (out.size() < k_chunk) {
        out += line;
    }
    return out;
}

struct HostEntry {
    std::filesystem::path root;
    std::vector<Fault> faults;
};

struct HostCounters {
    std::uint64_t requests = 0;
    std::uint64_t in_flight = 0;
    std::uint64_t peak_in_flight = 0;
};

struct State {
    ServerOptions options;
    std::uint16_t port = 0;
    const std::string filler = build_filler();
    const GzipBomb bomb = build_gzip_bomb();

    mutable std::shared_mutex hosts_mutex;
    std::unordered_map<std::string, HostEntry> hosts;

    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> bytes_sent{0};
    mutable std::mutex stats_mutex;
    std::uint64_t connections = 0;
    std::uint64_t open_connections = 0;
    std::uint64_t peak_connections = 0;
    std::vector<std::string> log;
    std::map<std::string, HostCounters> host_counters;

    std::mutex stop_mutex;
    // Optional so that stop() can destroy them (and with them every pending handler and the sessions
    // those hold) while the rest of Impl is still alive.
    std::optional<net::io_context> ioc;
    std::optional<tcp::acceptor> acceptor;
    std::optional<net::steady_timer> accept_retry;
    // Set when options.tls is: connections that open with a TLS handshake are served over TLS.
    std::optional<net::ssl::context> ssl_context;
    std::map<std::string, net::ssl::context> host_contexts; // by SNI name (options.tls_by_host)
    std::vector<std::thread> threads;

    State(std::vector<VirtualHost> vhosts, ServerOptions opts);
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    void do_accept();
    void stop();
    // OpenSSL's SNI callback: switches the handshake to the host's own certificate when it has one.
    static int on_server_name(SSL* ssl, int* alert, void* arg);
    Plan plan(const bhttp::request<bhttp::string_body>& req, bool tls);
    void connection_opened();
    void connection_closed();
    void request_done(const std::string& host);
};

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection, plain (Stream = beast::tcp_stream) or TLS (Stream = TlsStream): the same HTTP either way.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
public:
    static constexpr bool k_tls = std::is_same_v<Stream, TlsStream>;

    // `buffer` holds what was already read from the connection (the bytes the TLS sniffing looked at).
    Session(State& server, Stream stream, beast::flat_buffer buffer = {})
        : m_server(server), m_stream(std::move(stream)), m_timer(m_stream.get_executor()),
          m_buffer(std::move(buffer)) {
        m_server.connection_opened();
    }
    ~Session() {
        finish_request();
        m_server.connection_closed();
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void run() {
        net::dispatch(m_stream.get_executor(), [self = this->shared_from_this()] { self->start(); });
    }

private:
    beast::tcp_stream& lowest() { return beast::get_lowest_layer(m_stream); }

    void start() {
        if constexpr (k_tls) {
            lowest().expires_after(k_handshake_timeout);
            m_stream.async_handshake(
                net::ssl::stream_base::server, m_buffer.data(),
                [self = this->shared_from_this()](beast::error_code ec, std::size_t used) {
                    self->m_buffer.consume(used);
                    if (!ec) {
                        self->read_request();
                    }
                });
        } else {
            read_request();
        }
    }

    void read_request() {
        m_parser.emplace();
        m_parser->body_limit(k_request_body_limit);
        lowest().expires_after(k_idle_timeout);
        bhttp::async_read(
            m_stream, m_buffer, *m_parser,
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec) {
            // end_of_stream: the client closed a keep-alive connection; anything else: give up on it.
            if (ec == bhttp::error::end_of_stream) {
                beast::error_code ignored;
                lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
            }
            return;
        }
        lowest().expires_never();
        m_plan = m_server.plan(m_parser->get(), k_tls);
        m_in_flight = true;
        if (m_plan.delay_ms > 0) {
            m_timer.expires_after(std::chrono::milliseconds(m_plan.delay_ms));
            m_timer.async_wait([self = this->shared_from_this()](beast::error_code wec) {
                if (!wec) {
                    self->respond();
                }
            });
            return;
        }
        respond();
    }

    void respond() {
        if (m_plan.reset) {
            beast::error_code ignored;
            // Linger 0 makes close() send RST: the client sees "connection reset", not a clean EOF.
            lowest().socket().set_option(net::socket_base::linger(true, 0), ignored);
            lowest().socket().close(ignored);
            finish_request();
            return;
        }
        if (m_plan.source == Source::file && !m_plan.head && m_plan.send > 0) {
            beast::error_code ec;
            m_file.open(m_plan.file.c_str(), beast::file_mode::scan, ec);
            if (ec) {
                // The file vanished after the plan was made; there is no honest answer left to give.
                lowest().socket().close(ec);
                finish_request();
                return;
            }
        }
        m_head = fmt::format("HTTP/1.1 {} {}\r\nServer: pantau-demo\r\nDate: {}\r\n", m_plan.status,
                             reason_for(m_plan.status), hd::http_date(std::time(nullptr)));
        for (const auto& [name, value] : m_plan.headers) {
            m_head += fmt::format("{}: {}\r\n", name, value);
        }
        if (m_plan.send_length_header) {
            m_head += fmt::format("Content-Length: {}\r\n", m_plan.length);
        }
        m_head += m_plan.close_after ? "Connection: close\r\n\r\n" : "\r\n";
        m_head_pending = true;
        m_remaining = m_plan.head ? 0 : m_plan.send;
        m_text_offset = 0;
        write_next();
    }

    void write_next() {
        // Unused slots stay empty buffers, which a write skips.
        std::array<net::const_buffer, 2> buffers;
        std::size_t count = 0;
        if (m_head_pending) {
            buffers[count++] = net::buffer(m_head);
        }
        std::size_t piece_size = m_plan.piece_pause_ms > 0 ? k_slow_piece : k_chunk;
        m_piece = static_cast<std::size_t>(std::min<std::uint64_t>(piece_size, m_remaining));
        if (m_piece > 0) {
            switch (m_plan.source) {
            case Source::text:
                buffers[count++] = net::buffer(m_plan.text.data() + m_text_offset, m_piece);
                break;
            case Source::generated:
                buffers[count++] = net::buffer(m_server.filler.data(), m_piece);
                break;
            case Source::file: {
                m_chunk.resize(k_chunk);
                beast::error_code ec;
                std::size_t got = m_file.read(m_chunk.data(), m_piece, ec);
                if (ec || got != m_piece) {
                    // Shorter than its stat said (truncated meanwhile): stop rather than lie.
                    lowest().socket().close(ec);
                    finish_request();
                    return;
                }
                buffers[count++] = net::buffer(m_chunk.data(), m_piece);
                break;
            }
            case Source::gzip: {
                m_chunk.resize(k_chunk);
                std::size_t got = fill_gzip(m_server.bomb, m_plan, m_text_offset, m_chunk.data(), m_piece);
                buffers[count++] = net::buffer(m_chunk.data(), got);
                break;
            }
            case Source::none:
                break;
            }
        }
        if (count == 0) {
            on_body_sent();
            return;
        }
        net::async_write(m_stream, buffers,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                             self->on_write(ec, n);
                         });
    }

    void on_write(beast::error_code ec, std::size_t n) {
        m_server.bytes_sent += n;
        if (ec) {
            return; // the client went away; the session ends here
        }
        m_head_pending = false;
        m_remaining -= m_piece;
        m_text_offset += m_piece;
        if (m_remaining == 0) {
            on_body_sent();
            return;
        }
        if (m_plan.piece_pause_ms > 0) {
            m_timer.expires_after(std::chrono::milliseconds(m_plan.piece_pause_ms));
            m_timer.async_wait([self = this->shared_from_this()](beast::error_code wec) {
                if (!wec) {
                    self->write_next();
                }
            });
            return;
        }
        write_next();
    }

    void on_body_sent() {
        beast::error_code ignored;
        m_file.close(ignored);
        if (m_plan.stall && !m_plan.head) {
            hold();
            return;
        }
        finish_request();
        if (m_plan.close_after) {
            lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
            return;
        }
        read_request();
    }

    // A stalled answer: keep the socket open and send nothing more. Reading (and discarding) is what
    // keeps this session alive, and it notices when the client finally hangs up.
    void hold() {
        m_stream.async_read_some(net::buffer(m_discard),
                                 [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (!ec) {
                                         self->hold();
                                     }
                                 });
    }

    void finish_request() {
        if (m_in_flight) {
            m_in_flight = false;
            m_server.request_done(m_plan.log_host);
        }
    }

    State& m_server;
    Stream m_stream;
    net::steady_timer m_timer;
    beast::flat_buffer m_buffer;
    std::optional<bhttp::request_parser<bhttp::string_body>> m_parser;
    Plan m_plan;
    bool m_in_flight = false;
    std::string m_head;
    bool m_head_pending = false;
    std::uint64_t m_remaining = 0;
    std::size_t m_piece = 0;
    std::size_t m_text_offset = 0;
    beast::file m_file;
    std::vector<char> m_chunk;
    std::array<char, 1024> m_discard{};
};

// With TLS on, one port speaks both: the first bytes of a connection tell a TLS ClientHello from an
// HTTP request line, and the connection is handed to the matching session with those bytes.
class Sniffer : public std::enable_shared_from_this<Sniffer> {
public:
    Sniffer(State& server, tcp::socket socket) : m_server(server), m_stream(std::move(socket)) {}

    void run() {
        m_stream.expires_after(k_handshake_timeout);
        beast::async_detect_ssl(
            m_stream, m_buffer,
            [self = shared_from_this()](beast::error_code ec, bool tls) { self->on_detect(ec, tls); });
    }

private:
    void on_detect(beast::error_code ec, bool tls) {
        if (ec) {
            return; // closed or silent before saying anything: nothing to serve
        }
        if (tls) {
            std::make_shared<Session<TlsStream>>(
                m_server, TlsStream(std::move(m_stream), *m_server.ssl_context), std::move(m_buffer))
                ->run();
        } else {
            std::make_shared<Session<beast::tcp_stream>>(m_server, std::move(m_stream), std::move(m_buffer))
                ->run();
        }
    }

    State& m_server;
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
};

State::State(std::vector<VirtualHost> vhosts, ServerOptions opts) : options(std::move(opts)) {
    for (auto& vh : vhosts) {
        hosts[hd::normalise_host(vh.name)] = HostEntry{std::move(vh.root), std::move(vh.faults)};
    }
    if (options.tls) {
        ssl_context.emplace(net::ssl::context::tls_server);
        beast::error_code ec;
        ssl_context->use_certificate_chain(net::buffer(options.tls->certificate_pem), ec);
        if (!ec) {
            ssl_context->use_private_key(net::buffer(options.tls->key_pem), net::ssl::context::pem, ec);
        }
        if (ec) {
            throw std::runtime_error("demo server cannot use its TLS certificate: " + ec.message());
        }
        for (const auto& [name, cert] : options.tls_by_host) {
            auto& ctx =
                host_contexts.emplace(hd::normalise_host(name), net::ssl::context::tls_server).first->second;
            ctx.use_certificate_chain(net::buffer(cert.certificate_pem), ec);
            if (!ec) {
                ctx.use_private_key(net::buffer(cert.key_pem), net::ssl::context::pem, ec);
            }
            if (ec) {
                throw std::runtime_error("demo server cannot use the TLS certificate of " + name + ": " +
                                         ec.message());
            }
        }
        if (!host_contexts.empty()) {
            SSL_CTX_set_tlsext_servername_callback(ssl_context->native_handle(), &State::on_server_name);
            SSL_CTX_set_tlsext_servername_arg(ssl_context->native_handle(), this);
        }
    }
    ioc.emplace(std::max(1, options.threads));
    acceptor.emplace(*ioc);
    accept_retry.emplace(*ioc);
    tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), options.port);
    beast::error_code ec;
    acceptor->open(endpoint.protocol(), ec);
    if (!ec) {
        acceptor->set_option(net::socket_base::reuse_address(true), ec);
        acceptor->bind(endpoint, ec);
    }
    if (!ec) {
        acceptor->listen(net::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        throw std::runtime_error(
            fmt::format("demo server cannot listen on 127.0.0.1:{}: {}", options.port, ec.message()));
    }
    port = acceptor->local_endpoint().port();
    do_accept();
    int n = std::max(1, options.threads);
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([this] {
            // A handler that throws (only bad_alloc can) must not take the whole test binary down.
            for (;;) {
                try {
                    ioc->run();
                    return;
                } catch (...) {
                }
            }
        });
    }
}

void State::do_accept() {
    acceptor->async_accept(net::make_strand(*ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor->is_open()) {
            return;
        }
        if (ec) {
            // Out of descriptors and the like: wait a little instead of spinning on the error.
            accept_retry->expires_after(std::chrono::milliseconds(50));
            accept_retry->async_wait([this](beast::error_code wec) {
                if (!wec) {
                    do_accept();
                }
            });
            return;
        }
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (ssl_context) {
            std::make_shared<Sniffer>(*this, std::move(socket))->run();
        } else {
            std::make_shared<Session<beast::tcp_stream>>(*this, beast::tcp_stream(std::move(socket)))->run();
        }
        do_accept();
    });
}

int State::on_server_name(SSL* ssl, int* /*alert*/, void* arg) {
    auto* self = static_cast<State*>(arg);
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    if (name != nullptr) {
        auto it = self->host_contexts.find(hd::normalise_host(name));
        if (it != self->host_contexts.end()) {
            SSL_set_SSL_CTX(ssl, it->second.native_handle());
        }
    }
    return SSL_TLSEXT_ERR_OK;
}

void State::stop() {
    std::lock_guard lock(stop_mutex);
    if (!ioc) {
        return;
    }
    // Stopping the context makes run() return at once, whatever connections are stalled or waiting.
    ioc->stop();
    for (auto& t : threads) {
        t.join();
    }
    threads.clear();
    beast::error_code ignored;
    acceptor->close(ignored);
    accept_retry.reset();
    acceptor.reset();
    // Destroying the context destroys its pending handlers, which own the sessions: every socket closes.
    ioc.reset();
}

void State::connection_opened() {
    std::lock_guard lock(stats_mutex);
    ++connections;
    ++open_connections;
    peak_connections = std::max(peak_connections, open_connections);
}

void State::connection_closed() {
    std::lock_guard lock(stats_mutex);
    --open_connections;
}

void State::request_done(const std::string& host) {
    std::lock_guard lock(stats_mutex);
    auto it = host_counters.find(host);
    if (it != host_counters.end() && it->second.in_flight > 0) {
        --it->second.in_flight;
    }
}

Plan State::plan(const bhttp::request<bhttp::string_body>& req, bool tls) {
    Plan p;
    p.head = req.method() == bhttp::verb::head;
    p.close_after = !req.keep_alive();
    hd::Target target = hd::split_target(sv(req.target()));
    p.log_host = hd::normalise_host(target.authority.empty() ? sv(req[bhttp::field::host])
                                                             : std::string_view(target.authority));
    std::optional<std::string> decoded = hd::percent_decode(target.raw_path);

    std::optional<HostEntry> entry;
    {
        std::shared_lock lock(hosts_mutex);
        if (auto it = hosts.find(p.log_host); it != hosts.end()) {
            entry = it->second;
        }
    }
    if (!entry && !options.unknown_host_root.empty()) {
        entry = HostEntry{options.unknown_host_root, {}};
    }

    if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
        answer_text(p, 405);
        set_header(p, "Allow", "GET, HEAD");
    } else if (!decoded) {
        answer_text(p, 400, "<p>Bad percent-encoding in the path.</p>");
    } else if (!entry) {
        answer_text(p, 404, "<p>Unknown host.</p>");
    } else {
        std::string key = target.query.empty() ? *decoded : *decoded + "?" + target.query;
        const Fault* decisive = nullptr;
        for (const auto& f : entry->faults) {
            if (!prefix_matches(f, key) || (!f.scheme.empty() && f.scheme != (tls ? "https" : "http"))) {
                continue;
            }
            if (f.kind == Fault::Kind::delay) {
                p.delay_ms += std::max(0, f.millis);
            } else if (decisive == nullptr) {
                decisive = &f;
            }
        }

        // The file behind the path, if any (faults may still answer without one).
        std::optional<std::filesystem::path> file = hd::map_under_root(entry->root, *decoded);
        struct ::stat st {};
        bool have_file = false;
        if (file) {
            if (::stat(file->c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
                *file /= "index.html";
                have_file = ::stat(file->c_str(), &st) == 0 && S_ISREG(st.st_mode);
            } else {
                have_file = ::stat(file->c_str(), &st) == 0 && S_ISREG(st.st_mode);
            }
        }
        auto use_file = [&] {
            p.source = Source::file;
            p.file = *file;
            p.length = p.send = static_cast<std::uint64_t>(st.st_size);
            set_header(p, "Content-Type", std::string(hd::content_type_for(*file)));
        };
        auto use_generated = [&](std::uint64_t n, std::string_view type) {
            p.source = Source::generated;
            p.length = p.send = n;
            set_header(p, "Content-Type", std::string(type));
        };

        using K = Fault::Kind;
        if (decisive != nullptr && decisive->kind == K::status) {
            answer_text(p, decisive->status);
        } else if (decisive != nullptr && decisive->kind == K::redirect) {
            answer_text(p, decisive->status >= 300 && decisive->status < 400 ? decisive->status : 302);
            std::string location = decisive->location;
            const std::string path =
                target.query.empty() ? target.raw_path : target.raw_path + "?" + target.query;
            for (const auto& [from, to] :
                 {std::pair<std::string, std::string>{"{port}", std::to_string(port)},
                  std::pair<std::string, std::string>{"{path}", path}}) {
                for (auto at = location.find(from); at != std::string::npos;
                     at = location.find(from, at + to.size())) {
                    location.replace(at, from.size(), to);
                }
            }
            set_header(p, "Location", location);
        } else if (decisive != nullptr && decisive->kind == K::reset) {
            p.reset = true;
            p.status = 0;
        } else if (decisive != nullptr && decisive->kind == K::huge_body) {
            use_generated(decisive->bytes > 0 ? decisive->bytes : k_default_huge,
                          decisive->value.empty() ? "text/html" : decisive->value);
        } else if (decisive != nullptr && decisive->kind == K::slow_body) {
            if (decisive->bytes == 0 && have_file) {
                use_file();
            } else {
                use_generated(decisive->bytes > 0 ? decisive->bytes : k_default_generated, "text/html");
            }
            p.piece_pause_ms = std::max(1, decisive->millis);
        } else if (decisive != nullptr && decisive->kind == K::stall) {
            if (have_file && st.st_size >= 2) {
                use_file();
            } else {
                use_generated(k_default_generated, "text/html");
            }
            p.send = decisive->bytes > 0 ? std::min(decisive->bytes, p.length - 1) : p.length / 2;
            p.stall = true;
            p.close_after = false;
        } else if (decisive != nullptr && decisive->kind == K::gzip_bomb) {
            std::uint64_t plain = decisive->bytes > 0 ? decisive->bytes : 1024ull * 1024 * 1024;
            p.source = Source::gzip;
            p.gzip_blocks = (plain + GzipBomb::k_block_plain - 1) / GzipBomb::k_block_plain;
            p.gzip_tail = bomb.finish + gzip_trailer(bomb, p.gzip_blocks);
            p.length = p.send = bomb.header.size() + p.gzip_blocks * bomb.block.size() + p.gzip_tail.size();
            set_header(p, "Content-Type", "text/html");
            set_header(p, "Content-Encoding", "gzip");
        } else if (!have_file) {
            answer_text(p, file ? 404 : 400, file ? "<p>Not found.</p>" : "<p>Path escapes the site.</p>");
        } else {
            use_file();
            if (decisive != nullptr && decisive->kind == K::content_type) {
                set_header(p, "Content-Type", decisive->value);
            }
            std::int64_t mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                                    static_cast<std::int64_t>(st.st_mtim.tv_nsec);
            std::string etag = hd::make_etag(static_cast<std::uint64_t>(st.st_size), mtime_ns);
            set_header(p, "Last-Modified", hd::http_date(st.st_mtim.tv_sec));
            set_header(p, "ETag", etag);
            // RFC 9110 13.2.2: If-None-Match wins; If-Modified-Since only counts without it.
            bool not_modified = false;
            if (auto inm = req.find(bhttp::field::if_none_match); inm != req.end()) {
                not_modified = hd::etag_matches(sv(inm->value()), etag);
            } else if (auto ims = req.find(bhttp::field::if_modified_since); ims != req.end()) {
                auto since = hd::parse_http_date(sv(ims->value()));
                not_modified = since && st.st_mtim.tv_sec <= *since;
            }
            if (not_modified) {
                p.status = 304;
                p.source = Source::none;
                p.length = p.send = 0;
                p.send_length_header = false;
            }
        }
        if (decisive != nullptr) {
            for (const auto& [name, value] : decisive->headers) {
                set_header(p, name, value);
            }
        }
    }

    ++requests;
    {
        std::lock_guard lock(stats_mutex);
        log.push_back(
            fmt::format("{} {} {}", p.log_host.empty() ? "-" : p.log_host, sv(req.target()), p.status));
        auto& hc = host_counters[p.log_host];
        ++hc.requests;
        ++hc.in_flight;
        hc.peak_in_flight = std::max(hc.peak_in_flight, hc.in_flight);
    }
    return p;
}

} // namespace

// The state lives in the anonymous namespace so the session class (also private) can name it.
struct Server::Impl : State {
    using State::State;
};

Server::Server(std::vector<VirtualHost> hosts, ServerOptions options)
    : m_impl(std::make_unique<Impl>(std::move(hosts), std::move(options))) {}

Server::~Server() {
    m_impl->stop();
}

std::uint16_t Server::port() const {
    return m_impl->port;
}

std::string Server::base_url(std::string_view host) const {
    return fmt::format("http://{}:{}", host, m_impl->port);
}

std::string Server::https_url(std::string_view host) const {
    return fmt::format("https://{}:{}", host, m_impl->port);
}

void Server::stop() {
    m_impl->stop();
}

ServerStats Server::stats() const {
    ServerStats s;
    s.requests = m_impl->requests.load();
    s.bytes_sent = m_impl->bytes_sent.load();
    std::lock_guard lock(m_impl->stats_mutex);
    s.connections = m_impl->connections;
    s.peak_connections = m_impl->peak_connections;
    for (const auto& [host, c] : m_impl->host_counters) {
        s.hosts[host] = HostStats{c.requests, c.peak_in_flight};
    }
    return s;
}

std::vector<std::string> Server::request_log() const {
    std::lock_guard lock(m_impl->stats_mutex);
    return m_impl->log;
}

void Server::clear_request_log() {
    std::lock_guard lock(m_impl->stats_mutex);
    m_impl->log.clear();
}

bool Server::set_faults(std::string_view host, std::vector<Fault> faults) {
    std::unique_lock lock(m_impl->hosts_mutex);
    auto it = m_impl->hosts.find(hd::normalise_host(host));
    if (it == m_impl->hosts.end()) {
        return false;
    }
    it->second.faults = std::move(faults);
    return true;
}

std::vector<VirtualHost> hosts_from_directory(const std::filesystem::path& dir) {
    std::vector<VirtualHost> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_directory()) {
            out.push_back(
                VirtualHost{hd::normalise_host(entry.path().filename().string()), entry.path(), {}});
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

} // namespace pantau::demo

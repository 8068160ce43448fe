// demo/server.hpp — a real HTTP/1.1 server on loopback (Boost.Beast) that serves a directory tree per
// virtual host, chosen by the Host header, with switchable faults for tests.
//
// Used by the tests, by `pantau demo` and by the benchmarks. It listens on 127.0.0.1 only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pantau::demo {

// A fault applied to requests whose path starts with `path_prefix` ("" = every path) on a host.
struct Fault {
    enum class Kind {
        delay,        // wait `millis` before answering
        status,       // answer `status` with a short body
        redirect,     // answer 302 to `location` (relative or absolute)
        reset,        // close the connection without answering
        slow_body,    // send headers and `bytes` of body, then stall `millis` per 1 KiB
        huge_body,    // send `bytes` of body (generated, not held in memory)
        content_type, // serve the file with Content-Type `value`
        stall,        // send headers and part of the body, then stop sending (keep the socket open)
    };
    Kind kind = Kind::status;
    std::string path_prefix;
    int status = 500;
    int millis = 0;
    std::uint64_t bytes = 0;
    std::string location;
    std::string value;
    std::map<std::string, std::string> headers; // extra response headers (e.g. Retry-After)
};

struct VirtualHost {
    std::string name;              // Host header value without port, lower-case
    std::filesystem::path root;    // directory served; index.html for directories
    std::vector<Fault> faults;
};

struct ServerOptions {
    std::uint16_t port = 0; // 0 = ephemeral
    int threads = 1;
    std::string unknown_host_root; // optional fallback root for unknown hosts ("" = 404)
};

// Counters a test can read.
struct ServerStats {
    std::uint64_t requests = 0;
    std::uint64_t bytes_sent = 0;
};

class Server {
public:
    // Starts listening at once on 127.0.0.1; serves on background threads until destroyed or stop().
    Server(std::vector<VirtualHost> hosts, ServerOptions options = {});
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::uint16_t port() const;
    void stop();
    ServerStats stats() const;
    // Request log lines "HOST PATH STATUS" in arrival order (for politeness and robots tests).
    std::vector<std::string> request_log() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace pantau::demo

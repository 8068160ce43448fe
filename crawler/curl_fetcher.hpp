// crawler/curl_fetcher.hpp — the real Loop and Fetcher: one Boost.Asio io_context thread drives
// libcurl's multi-socket API (socket callback → Asio readiness wait → curl_multi_socket_action;
// timer callback → one Asio timer; finished transfers drained from curl_multi_info_read), and a
// small thread pool takes the CPU work.
//
// Not here: what to fetch and when (crawler/engine.cpp). No globals: each CurlFetcher owns its multi
// handle, sockets and timer.
#pragma once

#include "crawler/asio.hpp"
#include "crawler/fetcher.hpp"

#include <memory>
#include <string>
#include <vector>

struct sockaddr;

namespace pantau::crawler {

// The real loop: Asio's io_context on the calling thread plus `workers` threads for offload().
class AsioLoop final : public Loop {
public:
    explicit AsioLoop(int workers = 1);
    ~AsioLoop() override;
    AsioLoop(const AsioLoop&) = delete;
    AsioLoop& operator=(const AsioLoop&) = delete;

    asio::io_context& io() { return m_io; }

    TimePoint now() const override { return Clock::now(); }
    void post(std::function<void()> fn) override;
    void call_at(TimePoint when, std::function<void()> fn) override;
    void offload(std::function<void()> work, std::function<void()> done) override;
    void run() override;
    void stop() override;

private:
    asio::io_context m_io;
    asio::thread_pool m_pool;
};

struct FetcherOptions {
    std::string user_agent;
    std::vector<std::string> resolve; // curl --resolve entries "HOST:PORT:ADDR"
    bool allow_private = false;
    // Hosts whose connections skip the private-address refusal (tests put their loopback server's
    // names here to show that a redirect to another loopback name is still refused).
    std::vector<std::string> private_ok_hosts;
    long connect_timeout_ms = 10'000;
    long timeout_ms = 30'000;
    // A transfer slower than this many bytes/s for low_speed_s seconds is a stall (timeout).
    long low_speed_bytes = 1;
    long low_speed_s = 20;
    int max_redirects = 5;
    // Transfers the caller keeps in flight at most (crawler/engine.cpp enforces its own limit). The
    // connection pool (busy + idle kept for reuse) is larger: up to 1024, a quarter of the descriptor
    // limit, so that many hosts at a politeness rate keep their connections between requests.
    int max_total_connections = 64;
    int max_host_connections = 2;
    bool cert_info = true; // ask curl for the certificate chain (expiry, issuer)
    // PEM file of certificate authorities to trust instead of the system's (curl --cacert); "" = system.
    std::string ca_file;
};

class CurlFetcher final : public Fetcher {
public:
    CurlFetcher(asio::io_context& io, FetcherOptions options);
    ~CurlFetcher() override;
    CurlFetcher(const CurlFetcher&) = delete;
    CurlFetcher& operator=(const CurlFetcher&) = delete;

    void submit(const FetchRequest& request, FetchDone done) override;
    void cancel_all() override;
    int in_flight() const override;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// True for loopback, private, link-local, multicast, unspecified and other non-public addresses
// (IPv4 and IPv6; IPv4-mapped IPv6 is judged as IPv4).
bool is_non_public_address(const ::sockaddr* addr);

// The user agent pantau identifies as.
std::string default_user_agent();

} // namespace pantau::crawler

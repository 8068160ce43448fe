// crawler/fetch_result.hpp — one fetch as plain values: what was asked (FetchRequest), how it ended
// (FetchResponse, FailureKind). Expected failures are data: for an auditor a failure is a finding, so
// each kind is stored with the page like any outcome.
// Not here: how a fetch is performed (crawler/fetcher.hpp) or what the crawl does with it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pantau::crawler {

enum class FailureKind {
    none,
    dns,               // the name did not resolve
    connect,           // refused / unreachable
    tls,               // handshake or certificate failure
    timeout,           // connect or total time exceeded, or the server stalled
    reset,             // connection closed or reset mid-exchange
    http_4xx,          // client error status other than blocked
    http_5xx,          // server error status
    blocked,           // 403 / 429 / challenge page: refused the crawler, not down
    too_large,         // body over the byte limit (transfer aborted)
    redirect_loop,     // more than the redirect limit, or a loop
    robots_disallowed, // robots.txt forbids it (not fetched)
    private_address,   // resolved to loopback/private/link-local and --allow-private not given
    other,
};

// Stable lower-case name stored in the database ("" for none).
std::string_view to_string(FailureKind kind);

// True for kinds worth another try after a pause (timeout, reset, 5xx): the server may recover.
bool is_transient(FailureKind kind);

struct FetchRequest {
    std::uint64_t id = 0; // chosen by the caller, echoed in the response
    std::string url;
    bool head = false;             // HEAD instead of GET
    std::string if_none_match;     // conditional re-crawl headers ("" = not sent)
    std::string if_modified_since; //
    long long max_body_bytes = 10LL * 1024 * 1024;
    // When true a body over max_body_bytes is cut without failing (a document probe keeps only its
    // start); when false the transfer is aborted and recorded as too_large.
    bool truncate_ok = false;
    // Redirects (301, 302, 303, 307, 308 with a Location) are followed by the fetcher, each hop as a
    // request of its own, up to its redirect limit and never back to a URL of the same chain.
    bool follow_redirects = true;
    // Asked on the loop thread, once per hop before it goes, when the request to `next_url` may be sent.
    // The answer is given through the HopAnswer, at once or later (the engine first reads robots.txt of
    // a host met for the first time in a redirect); the fetcher holds the hop until the answer, then
    // until the time it names. The engine keeps a hop under the delay of the host it goes to, as for any
    // request. nullopt: it may not be sent at all (robots.txt disallows it); the fetch ends there as
    // robots_disallowed. Unset: at once. Runs inside the fetcher: it must not submit or cancel. The
    // answer may be called from anywhere on the loop thread, also after the fetch was cancelled (then it
    // does nothing).
    using HopAnswer = std::function<void(std::optional<std::chrono::steady_clock::time_point>)>;
    std::function<void(const std::string& next_url, HopAnswer answer)> next_hop_at;
    // Called on the loop thread the moment a response's status line arrives (once per response, so once
    // per hop of a redirect followed inside the fetcher), before `done`. The server had read the request
    // by then, so politeness counts a host's delay from here. Runs inside the fetcher: it must not submit
    // or cancel.
    std::function<void()> on_answer;
};

struct RedirectHop {
    std::string url; // the URL that answered
    int status = 0;  // its 3xx status
};

struct FetchResponse {
    std::uint64_t id = 0;
    std::string url;                    // as requested
    std::string final_url;              // after redirects
    std::vector<RedirectHop> redirects; // the hops followed, in order (not the final answer)
    FailureKind failure = FailureKind::none;
    std::string error; // transport error text, if any
    int status = 0;    // final HTTP status, 0 when no response
    std::string head;  // status line and header lines of the final response, as received (≤ 64 KiB)
    std::string body;  // at most max_body_bytes
    bool truncated = false;
    // Headers that matter to an audit (empty when absent).
    std::string content_type;
    std::int64_t content_length = -1; // from the header, -1 when unknown
    std::string last_modified;
    std::string etag;
    std::string server;
    std::string hsts;
    std::string retry_after; // raw header value
    std::string cf_mitigated;
    // Timings in milliseconds from the start of the final transfer.
    double dns_ms = 0;
    double connect_ms = 0;
    double tls_ms = 0;
    double pretransfer_ms = 0; // the request is about to be sent
    double ttfb_ms = 0;
    double total_ms = 0;
    std::int64_t bytes = 0;   // body bytes received
    std::string http_version; // "1.1", "2", "3"
    std::string tls_version;  // e.g. "TLSv1.3", empty on plain HTTP
    std::string cert_expiry;  // leaf certificate "Expire date" as curl reports it
    std::string cert_issuer;
};

} // namespace pantau::crawler

// crawler/fetch_result.hpp — how a fetch ended. Expected failures are data: for an auditor a failure
// is a finding, so each kind is stored with the page like any outcome.
#pragma once

#include <string_view>

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

} // namespace pantau::crawler

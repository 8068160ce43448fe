// crawler/url.hpp — URL parsing, resolution, normalisation and scope, all through libcurl's CURLU API.
//
// No string surgery on URLs: every function here parses with CURLU and re-serialises; the only text
// work done here is on single parts curl has already split out (host case, percent-escapes in the
// path and query, query parameters). Registrable domains come from libpsl. No network code.
// Not here: robots.txt (crawler/robots.hpp), trap caps (crawler/traps.hpp), fetching.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pantau::crawler {

// Resolves `ref` against the absolute `base`; nullopt when either cannot be parsed or the result is
// not http(s). An empty `base` is allowed when `ref` is absolute. Leading/trailing whitespace and
// embedded tabs/newlines in `ref` are ignored and characters a browser would escape (spaces,
// non-ASCII bytes) are percent-encoded, as browsers do with hrefs; the fragment is kept.
std::optional<std::string> resolve_url(std::string_view base, std::string_view ref);

// Query (and path ";param") names dropped by default: analytics tags and session ids that make one
// page look like thousands. A trailing '*' makes an entry a prefix; matching ignores ASCII case.
std::vector<std::string> default_tracking_params();

struct NormalizeOptions {
    // Parameter names to drop (see default_tracking_params for the pattern syntax).
    std::vector<std::string> drop_params = default_tracking_params();
};

// Normalises an absolute http(s) URL for de-duplication: scheme and host lower-cased, IDN host to
// punycode, default port dropped, dot segments removed, fragment dropped, percent-escapes with
// upper-case hex and unreserved characters decoded, empty query removed, tracking parameters
// dropped, user name and password dropped. Parameter order is kept (it can matter to the server). nullopt
// when it is not a parseable http(s) URL.
std::optional<std::string> normalize_url(std::string_view url);
std::optional<std::string> normalize_url(std::string_view url, const NormalizeOptions& options);

struct NormalizedUrl {
    std::string url;  // normalize_url()
    std::string host; // url_host() of it
};
// Both at once, from one parse (a crawl asks for both for every new link it meets).
std::optional<NormalizedUrl> normalize_url_and_host(std::string_view url,
                                                    const NormalizeOptions& options = NormalizeOptions{});

// The lower-cased (punycode) host of an absolute URL, or empty. IPv6 hosts keep their brackets.
std::string url_host(std::string_view url);

// The path plus "?query" of an absolute URL as it would be sent in the request line ("/" at least),
// or empty when the URL cannot be parsed. This is what robots.txt rules are matched against.
std::string url_path_and_query(std::string_view url);

// The root of the URL's origin, "scheme://host[:port]/" with a lower-cased host and no default port,
// or empty. Robots.txt and default sitemap locations are resolved against it; it is also the key of
// per-origin state (robots.txt applies per scheme, host and port: RFC 9309 section 2.3).
std::string url_root(std::string_view url);

// True when both hosts are the same site: equal, or equal after stripping a leading "www.".
bool same_site(std::string_view host_a, std::string_view host_b);

// The registrable domain ("eTLD+1") of a host by the Public Suffix List, e.g.
// "dinas.contohkab.go.id" -> "contohkab.go.id". IP literals and hosts that are themselves a public
// suffix (or unknown single labels like "localhost") return the host itself, lower-cased.
std::string registrable_domain(std::string_view host);

// True when both hosts have the same registrable domain.
bool same_registrable_domain(std::string_view host_a, std::string_view host_b);

// True for go.id and its subdomains (official Indonesian government domains).
bool is_go_id(std::string_view host);

} // namespace pantau::crawler

// crawler/url.hpp — URL parsing, resolution, normalisation and scope, all through libcurl's CURLU API.
//
// No string surgery on URLs: every function here parses with CURLU and re-serialises.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pantau::crawler {

// Resolves `ref` against the absolute `base`; nullopt when either cannot be parsed or the result is
// not http(s).
std::optional<std::string> resolve_url(std::string_view base, std::string_view ref);

// Normalises an absolute http(s) URL for de-duplication: scheme and host lower-cased, default port
// dropped, dot segments removed, fragment dropped, empty query removed, tracking parameters dropped.
// nullopt when it is not a parseable http(s) URL.
std::optional<std::string> normalize_url(std::string_view url);

// The lower-cased host of an absolute URL, or empty.
std::string url_host(std::string_view url);

// True when both hosts are the same site: equal, or equal after stripping a leading "www.".
bool same_site(std::string_view host_a, std::string_view host_b);

// True for go.id and its subdomains (official Indonesian government domains).
bool is_go_id(std::string_view host);

} // namespace pantau::crawler

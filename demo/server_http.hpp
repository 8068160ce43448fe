// demo/server_http.hpp — the small pure pieces of HTTP the demo server needs: Host normalisation,
// target splitting and percent-decoding, safe path mapping, content types, HTTP dates and ETags.
//
// Private to demo/server.cpp (and its tests). Not a URL library: the crawler uses libcurl's CURLU;
// a server only has to decode its own request targets.
#pragma once

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace pantau::demo::http_detail {

// Host header → lower-case name without port, brackets kept for IPv6 literals, trailing dot dropped.
std::string normalise_host(std::string_view host_header);

struct Target {
    std::string raw_path;  // as sent, before decoding ("/a%20b")
    std::string query;     // after '?', without it ("" when none)
    std::string authority; // from an absolute-form target ("http://host/p"), else ""
};
// Splits a request target (origin-form or absolute-form) into path, query and authority.
Target split_target(std::string_view target);

// Percent-decodes a path; nullopt for a bad escape or an encoded NUL.
std::optional<std::string> percent_decode(std::string_view raw);

// Maps a decoded URL path under `root`; nullopt when a segment is ".." (it would escape the root)
// or the path is not absolute.
std::optional<std::filesystem::path> map_under_root(const std::filesystem::path& root,
                                                    std::string_view decoded_path);

// Content-Type for a file name by extension (case-insensitive); application/octet-stream if unknown.
// HTML carries no charset: fixtures in legacy encodings must be detected by the client, as on real sites.
std::string_view content_type_for(const std::filesystem::path& file);

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") for a time, and back (nullopt if unparsable).
std::string http_date(std::time_t t);
std::optional<std::time_t> parse_http_date(std::string_view text);

// A strong ETag from size and modification time (nanoseconds), quoted.
std::string make_etag(std::uint64_t size, std::int64_t mtime_ns);
// True when an If-None-Match value ("*" or a list, weak or strong) matches `etag` (weak comparison).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

} // namespace pantau::demo::http_detail

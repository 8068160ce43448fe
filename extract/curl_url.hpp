// extract/curl_url.hpp — writing out the URL a libcurl URL handle (CURLU) holds, cheaply. Shared by
// extract/url.cpp (resolving hrefs) and crawler/url.cpp (normalising them); not part of the public API
// of either module.
#pragma once

#include <curl/curl.h>

#include <optional>
#include <string>
#include <string_view>

namespace pantau::extract {

// The URL in `handle`, exactly as curl_url_get(handle, CURLUPART_URL, &out, flags) writes it.
//
// libcurl 7.88 joins the parts with its own printf, a byte at a time through a callback: about ten
// thousand instructions a URL, and a crawled page's new links each need one or two. For the URLs a
// crawler follows (http or https, no user name, password or IPv6 zone id, no '%' in the host) with
// `flags` 0 or CURLU_NO_DEFAULT_PORT, the same string is joined here from the parts libcurl hands
// out, in its order and with its rules (an empty query writes no '?', an empty fragment writes '#',
// a port equal to the scheme's default is left out under CURLU_NO_DEFAULT_PORT). Any other URL or
// flag is written by libcurl itself. nullopt when libcurl would fail.
std::optional<std::string> url_string(CURLU* handle, unsigned flags = 0);

// What a browser does to an href before parsing it: C0 controls and spaces around it are ignored,
// and tabs and newlines inside it are removed (WHATWG URL "remove all ASCII tab or newline").
std::string clean_reference(std::string_view ref);

} // namespace pantau::extract

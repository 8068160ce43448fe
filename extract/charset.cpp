#include "extract/charset.hpp"

namespace pantau::extract {

// Milestone stub: the full WHATWG order lands next.
Decoded decode_html(std::string_view body, std::string_view /*content_type*/) {
    return Decoded{std::string(body), "utf-8", "default"};
}

} // namespace pantau::extract

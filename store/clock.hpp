// store/clock.hpp — timestamps as the store keeps them: ISO-8601 UTC with seconds ("2026-11-22T17:40:03Z").
#pragma once

#include <chrono>
#include <string>

namespace pantau::store {

// The given time point as ISO-8601 UTC.
std::string iso_utc(std::chrono::system_clock::time_point t);
// Now, as ISO-8601 UTC.
inline std::string iso_utc_now() {
    return iso_utc(std::chrono::system_clock::now());
}

} // namespace pantau::store

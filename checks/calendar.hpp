// checks/calendar.hpp — day arithmetic for the freshness rules: ISO dates to day numbers and back,
// ISO timestamps and HTTP dates to Unix time. Private to checks/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pantau::checks {

// Days since 1970-01-01 of "YYYY-MM-DD" (a longer ISO timestamp is read by its first 10 characters);
// nullopt when it is not a valid calendar date.
std::optional<int> days_from_iso(const std::string& iso);
// "YYYY-MM-DD" of a day number.
std::string iso_from_days(int days);
// The year of a day number.
int year_of_days(int days);
// Unix seconds of "YYYY-MM-DDTHH:MM:SS[Z]" (UTC); the time part is optional.
std::optional<std::int64_t> unix_from_iso(const std::string& iso);
// Day number of an HTTP date ("Tue, 15 Nov 1994 08:12:31 GMT"), nullopt when unreadable.
std::optional<int> days_from_http_date(const std::string& http_date);

} // namespace pantau::checks

#include "checks/calendar.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstdio>

namespace pantau::checks {

namespace {

std::optional<int> digits(const std::string& s, std::size_t pos, std::size_t len) {
    if (s.size() < pos + len) {
        return std::nullopt;
    }
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return std::nullopt;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

} // namespace

std::optional<int> days_from_iso(const std::string& iso) {
    auto y = digits(iso, 0, 4);
    auto m = digits(iso, 5, 2);
    auto d = digits(iso, 8, 2);
    if (!y || !m || !d || iso[4] != '-' || iso[7] != '-') {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{*y},
                                          std::chrono::month{static_cast<unsigned>(*m)},
                                          std::chrono::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

std::string iso_from_days(int days) {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

int year_of_days(int days) {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
    return static_cast<int>(ymd.year());
}

std::optional<std::int64_t> unix_from_iso(const std::string& iso) {
    auto days = days_from_iso(iso);
    if (!days) {
        return std::nullopt;
    }
    std::int64_t t = static_cast<std::int64_t>(*days) * 86400;
    if (iso.size() >= 19 && (iso[10] == 'T' || iso[10] == ' ')) {
        auto h = digits(iso, 11, 2);
        auto mi = digits(iso, 14, 2);
        auto s = digits(iso, 17, 2);
        if (h && mi && s) {
            t += *h * 3600 + *mi * 60 + *s;
        }
    }
    return t;
}

std::optional<int> days_from_http_date(const std::string& http_date) {
    if (http_date.empty()) {
        return std::nullopt;
    }
    const time_t t = curl_getdate(http_date.c_str(), nullptr);
    if (t < 0) {
        return std::nullopt;
    }
    return static_cast<int>(t / 86400);
}

} // namespace pantau::checks

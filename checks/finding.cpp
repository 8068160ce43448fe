#include "checks/finding.hpp"

#include <nlohmann/json.hpp>

namespace pantau::checks {

std::string_view to_string(Status status) {
    switch (status) {
    case Status::pass:
        return "pass";
    case Status::fail:
        return "fail";
    case Status::warn:
        return "warn";
    case Status::na:
        return "n-a";
    }
    return "n-a";
}

std::optional<Status> status_from_string(std::string_view s) {
    for (Status st : {Status::pass, Status::fail, Status::warn, Status::na}) {
        if (to_string(st) == s) {
            return st;
        }
    }
    return std::nullopt;
}

std::string evidence_to_json(const std::vector<Evidence>& evidence) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& e : evidence) {
        arr.push_back({{"url", e.url}, {"text", e.text}, {"date", e.date}, {"http_status", e.http_status}});
    }
    return arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<Evidence> evidence_from_json(const std::string& json) {
    std::vector<Evidence> out;
    auto arr = nlohmann::json::parse(json, nullptr, false);
    if (!arr.is_array()) {
        return out;
    }
    for (const auto& j : arr) {
        Evidence e;
        e.url = j.value("url", "");
        e.text = j.value("text", "");
        e.date = j.value("date", "");
        e.http_status = j.value("http_status", 0);
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace pantau::checks

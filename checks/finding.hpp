// checks/finding.hpp — what a rule decides about one site: a status and the evidence behind it.
// Plain values: the reports read them, the store keeps them (evidence as JSON).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pantau::checks {

enum class Status { pass, fail, warn, na };

// "pass", "fail", "warn", "n-a" — the contract strings of DESIGN.md.
std::string_view to_string(Status status);
std::optional<Status> status_from_string(std::string_view s);

struct Evidence {
    std::string url;
    std::string text;    // matched link text, heading, snippet …
    std::string date;    // YYYY-MM-DD when a date backs the verdict
    int http_status = 0; // status of `url` when it was fetched; 0 when not fetched
};

struct Finding {
    std::string rule; // stable rule id
    Status status = Status::na;
    std::string group;
    std::string basis;   // legal basis
    std::string message; // in the report language
    std::string fix;     // in the report language; empty on pass
    std::vector<Evidence> evidence;
};

// Evidence as the JSON array stored with a finding, and back.
std::string evidence_to_json(const std::vector<Evidence>& evidence);
std::vector<Evidence> evidence_from_json(const std::string& json);

} // namespace pantau::checks

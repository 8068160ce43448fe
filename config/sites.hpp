// config/sites.hpp — the sites registry: which agency sites a run covers (DESIGN.md "Sites registry").
//
// YAML (`pemda:` default plus a `sites:` list) or CSV with the header
// `name,url,pemda,parent,contact_email,tags` (tags separated by ';'). Validation names file:line and
// what is wrong: missing name or url, a URL that is not http(s), the same site listed twice.
#pragma once

#include <string>
#include <vector>

namespace pantau::config {

struct SiteEntry {
    std::string name;
    std::string url; // as written, validated http(s)
    std::string pemda;
    std::string parent;
    std::string contact_email;
    std::vector<std::string> tags;
    int line = 0; // where it is defined, for messages
};

// Loads a registry; the format follows the extension (.yaml/.yml or .csv). Throws ConfigError.
std::vector<SiteEntry> load_sites(const std::string& path);
std::vector<SiteEntry> parse_sites_yaml(const std::string& text, const std::string& source);
std::vector<SiteEntry> parse_sites_csv(const std::string& text, const std::string& source);

} // namespace pantau::config

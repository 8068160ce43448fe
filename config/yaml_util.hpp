// config/yaml_util.hpp — strict reading of yaml-cpp nodes: every error names file:line and key.
// Private to config/.
#pragma once

#include "config/error.hpp"

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace pantau::config {

struct Reader {
    std::string file;

    YAML::Node parse(const std::string& text) const;
    ConfigError error(const YAML::Node& node, const std::string& key, const std::string& what) const;
    void expect_map(const YAML::Node& node, const std::string& key) const;
    // Rejects keys not in `allowed` (a typo would otherwise be silently ignored).
    void check_keys(const YAML::Node& node, const std::string& key,
                    std::initializer_list<const char*> allowed) const;
    std::string string(const YAML::Node& parent, const char* name, const std::string& key,
                       bool required) const;
    double number(const YAML::Node& parent, const char* name, const std::string& key, bool required) const;
    bool boolean(const YAML::Node& parent, const char* name, const std::string& key, bool fallback) const;
    std::vector<std::string> strings(const YAML::Node& parent, const char* name,
                                     const std::string& key) const;
    YAML::Node sequence(const YAML::Node& parent, const char* name, const std::string& key,
                        bool required) const;
};

} // namespace pantau::config

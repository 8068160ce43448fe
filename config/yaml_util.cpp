#include "config/yaml_util.hpp"

#include <algorithm>

namespace pantau::config {

YAML::Node Reader::parse(const std::string& text) const {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw ConfigError(file, e.mark.line + 1, "", "invalid YAML: " + e.msg);
    }
}

ConfigError Reader::error(const YAML::Node& node, const std::string& key, const std::string& what) const {
    int line = 0;
    if (node && node.Mark().line >= 0) {
        line = node.Mark().line + 1;
    }
    return ConfigError(file, line, key, what);
}

void Reader::expect_map(const YAML::Node& node, const std::string& key) const {
    if (!node || !node.IsMap()) {
        throw error(node, key, "expected a mapping (key: value)");
    }
}

void Reader::check_keys(const YAML::Node& node, const std::string& key,
                        std::initializer_list<const char*> allowed) const {
    for (const auto& kv : node) {
        const std::string name = kv.first.Scalar();
        bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; });
        if (!known) {
            std::string list;
            for (const char* a : allowed) {
                list += list.empty() ? a : std::string(", ") + a;
            }
            throw error(kv.first, key == "(top level)" ? name : key + "." + name,
                        "unknown key (expected one of: " + list + ")");
        }
    }
}

std::string Reader::string(const YAML::Node& parent, const char* name, const std::string& key,
                           bool required) const {
    const YAML::Node n = parent[name];
    if (!n || n.IsNull()) {
        if (required) {
            throw error(parent, key, "missing");
        }
        return {};
    }
    if (!n.IsScalar()) {
        throw error(n, key, "expected text");
    }
    return n.Scalar();
}

double Reader::number(const YAML::Node& parent, const char* name, const std::string& key,
                      bool required) const {
    const YAML::Node n = parent[name];
    if (!n || n.IsNull()) {
        if (required) {
            throw error(parent, key, "missing");
        }
        return 0;
    }
    try {
        if (!n.IsScalar()) {
            throw YAML::Exception(n.Mark(), "not a scalar");
        }
        return n.as<double>();
    } catch (const YAML::Exception&) {
        throw error(n, key,
                    "expected a number, got '" + (n.IsScalar() ? n.Scalar() : std::string("a list or map")) +
                        "'");
    }
}

bool Reader::boolean(const YAML::Node& parent, const char* name, const std::string& key,
                     bool fallback) const {
    const YAML::Node n = parent[name];
    if (!n || n.IsNull()) {
        return fallback;
    }
    try {
        if (!n.IsScalar()) {
            throw YAML::Exception(n.Mark(), "not a scalar");
        }
        return n.as<bool>();
    } catch (const YAML::Exception&) {
        throw error(n, key, "expected true or false");
    }
}

std::vector<std::string> Reader::strings(const YAML::Node& parent, const char* name,
                                         const std::string& key) const {
    std::vector<std::string> out;
    const YAML::Node n = parent[name];
    if (!n || n.IsNull()) {
        return out;
    }
    if (!n.IsSequence()) {
        throw error(n, key, "expected a list");
    }
    for (const auto& item : n) {
        if (!item.IsScalar()) {
            throw error(item, key, "expected a list of text");
        }
        out.push_back(item.Scalar());
    }
    return out;
}

YAML::Node Reader::sequence(const YAML::Node& parent, const char* name, const std::string& key,
                            bool required) const {
    const YAML::Node n = parent[name];
    if (!n || n.IsNull()) {
        if (required) {
            throw error(parent, key, "missing");
        }
        return YAML::Node(YAML::NodeType::Sequence);
    }
    if (!n.IsSequence()) {
        throw error(n, key, "expected a list");
    }
    return n;
}

} // namespace pantau::config

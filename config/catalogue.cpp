#include "config/catalogue.hpp"

#include "config/error.hpp"
#include "config/yaml_util.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace pantau::config {

namespace {

Text read_text(const Reader& r, const YAML::Node& parent, const char* name, const std::string& key) {
    Text t;
    const YAML::Node node = parent[name];
    if (!node || node.IsNull()) {
        throw r.error(parent, key, "missing");
    }
    if (node.IsScalar()) {
        t.id = node.as<std::string>();
        return t;
    }
    r.expect_map(node, key);
    r.check_keys(node, key, {"id", "en"});
    t.id = r.string(node, "id", key + ".id", true);
    t.en = r.string(node, "en", key + ".en", false);
    return t;
}

Match read_match(const Reader& r, const YAML::Node& node, const std::string& key) {
    Match m;
    if (!node) {
        return m;
    }
    r.expect_map(node, key);
    r.check_keys(node, key, {"words", "abbreviations", "slugs", "hosts", "documents_required"});
    m.words = r.strings(node, "words", key + ".words");
    m.abbreviations = r.strings(node, "abbreviations", key + ".abbreviations");
    m.slugs = r.strings(node, "slugs", key + ".slugs");
    m.hosts = r.strings(node, "hosts", key + ".hosts");
    m.documents_required = r.boolean(node, "documents_required", key + ".documents_required", false);
    return m;
}

// Matcher kinds the rule engine knows; a typo here would silently disable a rule, so it is an error.
const std::set<std::string> k_kinds = {"label", "reachable"};

} // namespace

const Group* Catalogue::group(const std::string& id) const {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.id == id; });
    return it == groups.end() ? nullptr : &*it;
}

const Rule* Catalogue::rule(const std::string& id) const {
    auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& g) { return g.id == id; });
    return it == rules.end() ? nullptr : &*it;
}

const Band& Catalogue::band_for(double score) const {
    for (const auto& b : bands) {
        if (score >= b.min) {
            return b;
        }
    }
    return bands.back();
}

Catalogue parse_catalogue(const std::string& yaml_text, const std::string& source) {
    Reader r{source};
    YAML::Node root = r.parse(yaml_text);
    r.expect_map(root, "(top level)");
    r.check_keys(root, "(top level)", {"version", "bands", "groups", "rules"});

    Catalogue cat;
    cat.source = source;

    const YAML::Node bands = r.sequence(root, "bands", "bands", true);
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const YAML::Node b = bands[i];
        const std::string key = "bands[" + std::to_string(i) + "]";
        r.expect_map(b, key);
        r.check_keys(b, key, {"id", "min", "label"});
        Band band;
        band.id = r.string(b, "id", key + ".id", true);
        band.min = r.number(b, "min", key + ".min", true);
        band.label = read_text(r, b, "label", key + ".label");
        cat.bands.push_back(band);
    }
    std::sort(cat.bands.begin(), cat.bands.end(), [](const Band& a, const Band& b) { return a.min > b.min; });

    const YAML::Node groups = r.sequence(root, "groups", "groups", true);
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const YAML::Node g = groups[i];
        const std::string key = "groups[" + std::to_string(i) + "]";
        r.expect_map(g, key);
        r.check_keys(g, key, {"id", "weight", "title"});
        Group group;
        group.id = r.string(g, "id", key + ".id", true);
        group.weight = r.number(g, "weight", key + ".weight", true);
        if (group.weight < 0) {
            throw r.error(g["weight"], key + ".weight", "must not be negative");
        }
        group.title = read_text(r, g, "title", key + ".title");
        if (cat.group(group.id) != nullptr) {
            throw r.error(g["id"], key + ".id", "duplicate group id '" + group.id + "'");
        }
        cat.groups.push_back(group);
    }

    const YAML::Node rules = r.sequence(root, "rules", "rules", true);
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const YAML::Node n = rules[i];
        const std::string key = "rules[" + std::to_string(i) + "]";
        r.expect_map(n, key);
        r.check_keys(n, key, {"id", "group", "weight", "kind", "title", "fix", "basis", "best_practice", "match"});
        Rule rule;
        rule.line = n.Mark().line + 1;
        rule.id = r.string(n, "id", key + ".id", true);
        const std::string rkey = "rules." + rule.id;
        rule.group = r.string(n, "group", rkey + ".group", true);
        if (cat.group(rule.group) == nullptr) {
            throw r.error(n["group"], rkey + ".group", "unknown group '" + rule.group + "'");
        }
        rule.weight = n["weight"] ? r.number(n, "weight", rkey + ".weight", false) : 1.0;
        rule.kind = r.string(n, "kind", rkey + ".kind", true);
        if (k_kinds.count(rule.kind) == 0) {
            throw r.error(n["kind"], rkey + ".kind", "unknown matcher kind '" + rule.kind + "'");
        }
        rule.title = read_text(r, n, "title", rkey + ".title");
        rule.fix = read_text(r, n, "fix", rkey + ".fix");
        rule.basis = r.string(n, "basis", rkey + ".basis", true);
        rule.best_practice = r.boolean(n, "best_practice", rkey + ".best_practice", false);
        rule.match = read_match(r, n["match"], rkey + ".match");
        if (cat.rule(rule.id) != nullptr) {
            throw r.error(n["id"], key + ".id", "duplicate rule id '" + rule.id + "'");
        }
        cat.rules.push_back(std::move(rule));
    }
    if (cat.bands.empty()) {
        throw r.error(root, "bands", "at least one band is needed");
    }
    return cat;
}

Catalogue load_catalogue(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ConfigError(path, 0, "", "cannot read the rule catalogue");
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_catalogue(ss.str(), path);
}

} // namespace pantau::config

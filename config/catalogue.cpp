#include "config/catalogue.hpp"

#include "config/error.hpp"
#include "config/yaml_util.hpp"

#include <algorithm>
#include <fstream>
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

// A non-negative whole number (days, counts); 0 when absent.
int whole_number(const Reader& r, const YAML::Node& parent, const char* name, const std::string& key) {
    const double v = r.number(parent, name, key, false);
    if (v < 0 || v != static_cast<double>(static_cast<int>(v))) {
        throw r.error(parent[name], key, "expected a whole number of 0 or more");
    }
    return static_cast<int>(v);
}

Match read_match(const Reader& r, const YAML::Node& node, const std::string& key) {
    Match m;
    if (!node) {
        return m;
    }
    r.expect_map(node, key);
    r.check_keys(node, key,
                 {"words", "abbreviations", "slugs", "hosts", "documents_required", "content_words",
                  "columns", "min_columns", "min_fields"});
    m.words = r.strings(node, "words", key + ".words");
    m.abbreviations = r.strings(node, "abbreviations", key + ".abbreviations");
    m.slugs = r.strings(node, "slugs", key + ".slugs");
    m.hosts = r.strings(node, "hosts", key + ".hosts");
    m.documents_required = r.boolean(node, "documents_required", key + ".documents_required", false);
    m.content_words = r.strings(node, "content_words", key + ".content_words");
    m.columns = r.strings(node, "columns", key + ".columns");
    m.min_columns = whole_number(r, node, "min_columns", key + ".min_columns");
    m.min_fields = whole_number(r, node, "min_fields", key + ".min_fields");
    if (m.min_columns > static_cast<int>(m.columns.size())) {
        throw r.error(node["min_columns"], key + ".min_columns", "is more than the number of columns listed");
    }
    return m;
}

Freshness read_freshness(const Reader& r, const YAML::Node& node, const std::string& key) {
    Freshness f;
    if (!node) {
        return f;
    }
    r.expect_map(node, key);
    r.check_keys(node, key, {"pass_days", "warn_days", "years_back", "due", "warn_only"});
    f.pass_days = whole_number(r, node, "pass_days", key + ".pass_days");
    f.warn_days = whole_number(r, node, "warn_days", key + ".warn_days");
    f.years_back = node["years_back"] ? whole_number(r, node, "years_back", key + ".years_back") : -1;
    f.due = r.string(node, "due", key + ".due", false);
    f.warn_only = r.boolean(node, "warn_only", key + ".warn_only", false);
    if (f.warn_days != 0 && f.warn_days < f.pass_days) {
        throw r.error(node["warn_days"], key + ".warn_days", "must not be less than pass_days");
    }
    if (!f.due.empty()) {
        const bool shaped = f.due.size() == 5 && f.due[2] == '-' &&
                            std::all_of(f.due.begin(), f.due.end(),
                                        [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
        const int month = shaped ? std::stoi(f.due.substr(0, 2)) : 0;
        const int day = shaped ? std::stoi(f.due.substr(3, 2)) : 0;
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            throw r.error(node["due"], key + ".due",
                          "expected a day of the year as MM-DD, got '" + f.due + "'");
        }
    }
    return f;
}

Limits read_limits(const Reader& r, const YAML::Node& node, const std::string& key) {
    Limits l;
    if (!node) {
        return l;
    }
    r.expect_map(node, key);
    r.check_keys(node, key, {"pass", "warn", "min_count", "window_days"});
    l.pass = r.number(node, "pass", key + ".pass", false);
    l.warn = r.number(node, "warn", key + ".warn", false);
    l.min_count = whole_number(r, node, "min_count", key + ".min_count");
    l.window_days = whole_number(r, node, "window_days", key + ".window_days");
    return l;
}

} // namespace

const std::vector<std::string>& matcher_kinds() {
    static const std::vector<std::string> kinds = {
        "label",         "table",         "form",         "fresh_dates",      "fresh_years",
        "reachable",     "response_time", "broken_links", "broken_documents", "uptime",
        "domain",        "https",         "certificate",  "contact",          "integrity",
        "accessibility",
    };
    return kinds;
}

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
        r.check_keys(n, key,
                     {"id", "group", "weight", "kind", "title", "fix", "basis", "best_practice", "match",
                      "freshness", "limits"});
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
        const auto& kinds = matcher_kinds();
        if (std::find(kinds.begin(), kinds.end(), rule.kind) == kinds.end()) {
            throw r.error(n["kind"], rkey + ".kind", "unknown matcher kind '" + rule.kind + "'");
        }
        rule.title = read_text(r, n, "title", rkey + ".title");
        rule.fix = read_text(r, n, "fix", rkey + ".fix");
        rule.basis = r.string(n, "basis", rkey + ".basis", true);
        rule.best_practice = r.boolean(n, "best_practice", rkey + ".best_practice", false);
        if (rule.weight < 0) {
            throw r.error(n["weight"], rkey + ".weight", "must not be negative");
        }
        rule.match = read_match(r, n["match"], rkey + ".match");
        rule.freshness = read_freshness(r, n["freshness"], rkey + ".freshness");
        rule.limits = read_limits(r, n["limits"], rkey + ".limits");
        if (const Rule* first = cat.rule(rule.id); first != nullptr) {
            throw r.error(n["id"], key + ".id",
                          "duplicate rule id '" + rule.id + "' (first at line " +
                              std::to_string(first->line) + ")");
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

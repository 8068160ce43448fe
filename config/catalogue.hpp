// config/catalogue.hpp — the rule catalogue: groups with weights, category bands, and every rule with
// its legal basis, texts in Bahasa Indonesia and English, and its detection data.
//
// The default catalogue is config/rules/kip.yaml, embedded in the binary; `--rules FILE` loads another.
// Loading validates types, unknown keys and duplicate ids, and names file:line:key on error. This module
// does not evaluate rules (checks/ does).
#pragma once

#include <string>
#include <vector>

namespace pantau::config {

struct Text {
    std::string id; // Bahasa Indonesia
    std::string en;
    const std::string& in(const std::string& lang) const { return lang == "en" && !en.empty() ? en : id; }
};

struct Band {
    std::string id; // informatif, menuju-informatif, …
    double min = 0; // inclusive lower bound of the score
    Text label;
};

struct Group {
    std::string id;
    double weight = 0;
    Text title;
};

// Detection data for the generic matchers. Which fields a rule uses depends on its kind.
struct Match {
    std::vector<std::string> words;         // phrases, matched after folding (case, punctuation, spaces)
    std::vector<std::string> abbreviations; // matched as whole words only
    std::vector<std::string> slugs;         // URL path words ("ppid", "informasi-berkala")
    std::vector<std::string> hosts;         // host prefixes ("ppid.") or whole hosts ("lapor.go.id")
    bool documents_required = false;        // only document links count as publication
};

struct Rule {
    std::string id;    // stable id of KIP.md, e.g. kip.ppid.ada
    std::string group; // group id
    double weight = 1;
    std::string kind;  // matcher kind: label, reachable, …
    Text title;
    Text fix;
    std::string basis;       // legal basis text, "(verify)" marks kept
    bool best_practice = false; // no KIP article: reports label it so
    Match match;
    int line = 0; // line in the catalogue file, for messages
};

struct Catalogue {
    std::string source; // file path or "(built-in)"
    std::vector<Band> bands; // highest min first
    std::vector<Group> groups;
    std::vector<Rule> rules;

    const Group* group(const std::string& id) const;
    const Rule* rule(const std::string& id) const;
    // The band a score falls in (the last band when below every minimum).
    const Band& band_for(double score) const;
};

// Parses a catalogue from YAML text; `source` names it in errors. Throws ConfigError.
Catalogue parse_catalogue(const std::string& yaml_text, const std::string& source);
// Loads a catalogue file. Throws ConfigError (also when the file cannot be read).
Catalogue load_catalogue(const std::string& path);
// The built-in catalogue (config/rules/kip.yaml as compiled in).
const Catalogue& default_catalogue();
// The built-in catalogue's YAML text.
const std::string& default_catalogue_text();

} // namespace pantau::config

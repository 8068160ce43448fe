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
    bool documents_required = false;        // only documents (or pages holding them) count as publication
    // The page a label leads to must also contain one of these phrases (serta-merta: an announcement,
    // or a plain statement that there is none); empty = any content counts.
    std::vector<std::string> content_words;
    std::vector<std::string> columns; // table kind: standard header cells (DIP columns)
    int min_columns = 0;              // table kind: header cells that must match for a pass
    int min_fields = 0;               // form kind: input fields an online request form has at least
};

// Freshness windows (fresh_dates and fresh_years kinds).
struct Freshness {
    int pass_days = 0;      // fresh_dates: newest dated item at most this many days old passes
    int warn_days = 0;      // fresh_dates: at most this old warns (0 = no warn band); older fails
    int years_back = -1;    // fresh_years: a document year >= current year - years_back passes
    std::string due;        // fresh_years: "MM-DD" by which last year's report is due in this year
    bool warn_only = false; // heuristic rule: a stale result is warn, never fail
};

// Numeric thresholds of the code kinds, in the unit the kind names (ms, percent, days, runs).
struct Limits {
    double pass = 0;
    double warn = 0;
    int min_count = 0;   // fewest observations for a verdict (uptime: runs)
    int window_days = 0; // how far back observations count (uptime: 30 days)
};

struct Rule {
    std::string id;    // stable id of KIP.md, e.g. kip.ppid.ada
    std::string group; // group id
    double weight = 1;
    std::string kind; // matcher kind: label, reachable, …
    Text title;
    Text fix;
    std::string basis;          // legal basis text, "(verify)" marks kept
    bool best_practice = false; // no KIP article: reports label it so
    Match match;
    Freshness freshness;
    Limits limits;
    int line = 0; // line in the catalogue file, for messages
};

struct Catalogue {
    std::string source;      // file path or "(built-in)"
    std::vector<Band> bands; // highest min first
    std::vector<Group> groups;
    std::vector<Rule> rules;

    const Group* group(const std::string& id) const;
    const Rule* rule(const std::string& id) const;
    // The band a score falls in (the last band when below every minimum).
    const Band& band_for(double score) const;
};

// The matcher kinds a rule's `kind:` may name (checks/ has one function per kind; a test keeps the two
// lists equal). A typo in a kind would silently disable a rule, so an unknown one is an error.
const std::vector<std::string>& matcher_kinds();

// Parses a catalogue from YAML text; `source` names it in errors. Throws ConfigError.
Catalogue parse_catalogue(const std::string& yaml_text, const std::string& source);
// Loads a catalogue file. Throws ConfigError (also when the file cannot be read).
Catalogue load_catalogue(const std::string& path);
// The catalogue a command uses: `path` when given (`--rules FILE`), else the built-in one.
Catalogue load_catalogue_or_default(const std::string& path);
// The built-in catalogue (config/rules/kip.yaml as compiled in).
const Catalogue& default_catalogue();
// The built-in catalogue's YAML text.
const std::string& default_catalogue_text();

} // namespace pantau::config

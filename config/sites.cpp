#include "config/sites.hpp"

#include "config/error.hpp"
#include "config/yaml_util.hpp"

#include <curl/curl.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace pantau::config {

namespace {

// The registry key of a URL: scheme, lower-cased host, port and path as libcurl normalises them, so
// "HTTPS://Dinkes.Contoh.go.id" and "https://dinkes.contoh.go.id/" are the same site. Empty when the
// URL is not an absolute http(s) URL.
std::string site_key(const std::string& url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> h(curl_url(), &curl_url_cleanup);
    if (!h || curl_url_set(h.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
        return {};
    }
    char* scheme = nullptr;
    char* host = nullptr;
    std::string key;
    if (curl_url_get(h.get(), CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(h.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        std::string s = scheme;
        if (s == "http" || s == "https") {
            char* full = nullptr;
            if (curl_url_get(h.get(), CURLUPART_URL, &full, CURLU_NO_DEFAULT_PORT) == CURLUE_OK) {
                key = full;
                curl_free(full);
                for (auto& c : key) {
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                }
            }
        }
    }
    curl_free(scheme);
    curl_free(host);
    return key;
}

std::vector<std::string> split_tags(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, ';')) {
        const auto b = cur.find_first_not_of(" \t");
        const auto e = cur.find_last_not_of(" \t");
        if (b != std::string::npos) {
            out.push_back(cur.substr(b, e - b + 1));
        }
    }
    return out;
}

void validate(std::vector<SiteEntry>& sites, const std::string& source) {
    std::map<std::string, int> seen;
    for (const auto& s : sites) {
        if (s.name.empty()) {
            throw ConfigError(source, s.line, "name", "missing: every site needs a name");
        }
        if (s.url.empty()) {
            throw ConfigError(source, s.line, "url", "missing for site '" + s.name + "'");
        }
        const std::string key = site_key(s.url);
        if (key.empty()) {
            throw ConfigError(source, s.line, "url", "'" + s.url + "' is not an absolute http(s) URL");
        }
        auto [it, fresh] = seen.emplace(key, s.line);
        if (!fresh) {
            throw ConfigError(source, s.line, "url",
                              "'" + s.url + "' is listed twice (first at line " + std::to_string(it->second) +
                                  ")");
        }
    }
    if (sites.empty()) {
        throw ConfigError(source, 0, "sites", "the registry lists no site");
    }
}

// One CSV record (RFC 4180: quoted fields may hold commas, quotes and line breaks). Returns false at
// the end of the text. `line` advances by the lines the record spans.
bool read_csv_record(const std::string& text, std::size_t& pos, std::vector<std::string>& fields, int& line,
                     const std::string& source) {
    fields.clear();
    if (pos >= text.size()) {
        return false;
    }
    std::string field;
    bool quoted = false;
    const int start_line = line;
    while (pos < text.size()) {
        const char c = text[pos++];
        if (quoted) {
            if (c == '"') {
                if (pos < text.size() && text[pos] == '"') {
                    field += '"';
                    ++pos;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') {
                    ++line;
                }
                field += c;
            }
        } else if (c == '"' && field.empty()) {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(field);
            field.clear();
        } else if (c == '\r') {
            continue;
        } else if (c == '\n') {
            ++line;
            break;
        } else {
            field += c;
        }
    }
    if (quoted) {
        throw ConfigError(source, start_line, "", "unterminated quoted field");
    }
    fields.push_back(field);
    return true;
}

} // namespace

std::vector<SiteEntry> parse_sites_yaml(const std::string& text, const std::string& source) {
    Reader r{source};
    YAML::Node root = r.parse(text);
    r.expect_map(root, "(top level)");
    r.check_keys(root, "(top level)", {"pemda", "sites"});
    const std::string default_pemda = r.string(root, "pemda", "pemda", false);
    const YAML::Node list = r.sequence(root, "sites", "sites", true);
    std::vector<SiteEntry> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const YAML::Node n = list[i];
        const std::string key = "sites[" + std::to_string(i) + "]";
        r.expect_map(n, key);
        r.check_keys(n, key, {"name", "url", "pemda", "parent", "contact_email", "tags"});
        SiteEntry s;
        s.line = n.Mark().line + 1;
        s.name = r.string(n, "name", key + ".name", false);
        s.url = r.string(n, "url", key + ".url", false);
        s.pemda = r.string(n, "pemda", key + ".pemda", false);
        if (s.pemda.empty()) {
            s.pemda = default_pemda;
        }
        s.parent = r.string(n, "parent", key + ".parent", false);
        s.contact_email = r.string(n, "contact_email", key + ".contact_email", false);
        s.tags = r.strings(n, "tags", key + ".tags");
        out.push_back(std::move(s));
    }
    validate(out, source);
    return out;
}

std::vector<SiteEntry> parse_sites_csv(const std::string& raw, const std::string& source) {
    std::string text = raw;
    if (text.starts_with("\xEF\xBB\xBF")) { // Excel writes a UTF-8 BOM
        text.erase(0, 3);
    }
    std::size_t pos = 0;
    int line = 1;
    std::vector<std::string> header;
    if (!read_csv_record(text, pos, header, line, source)) {
        throw ConfigError(source, 1, "",
                          "empty file: expected the header name,url,pemda,parent,contact_email,tags");
    }
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::string h = header[i];
        for (auto& c : h) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        const auto b = h.find_first_not_of(' ');
        h = b == std::string::npos ? "" : h.substr(b, h.find_last_not_of(' ') - b + 1);
        if (h != "name" && h != "url" && h != "pemda" && h != "parent" && h != "contact_email" &&
            h != "tags") {
            throw ConfigError(source, 1, h,
                              "unknown column (expected name,url,pemda,parent,contact_email,tags)");
        }
        col[h] = i;
    }
    if (col.count("name") == 0 || col.count("url") == 0) {
        throw ConfigError(source, 1, "", "the header must have at least the columns name and url");
    }
    std::vector<SiteEntry> out;
    std::vector<std::string> f;
    int record_line = line;
    while (read_csv_record(text, pos, f, line, source)) {
        if (f.size() == 1 && f[0].empty()) {
            record_line = line;
            continue; // blank line
        }
        if (f.size() > header.size()) {
            throw ConfigError(source, record_line, "",
                              "has " + std::to_string(f.size()) + " fields, the header has " +
                                  std::to_string(header.size()));
        }
        auto get = [&](const char* name) {
            auto it = col.find(name);
            return it != col.end() && it->second < f.size() ? f[it->second] : std::string();
        };
        SiteEntry s;
        s.line = record_line;
        s.name = get("name");
        s.url = get("url");
        s.pemda = get("pemda");
        s.parent = get("parent");
        s.contact_email = get("contact_email");
        s.tags = split_tags(get("tags"));
        out.push_back(std::move(s));
        record_line = line;
    }
    validate(out, source);
    return out;
}

std::vector<SiteEntry> load_sites(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ConfigError(path, 0, "", "cannot read the sites registry");
    }
    std::stringstream ss;
    ss << in.rdbuf();
    const bool csv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
    return csv ? parse_sites_csv(ss.str(), path) : parse_sites_yaml(ss.str(), path);
}

} // namespace pantau::config

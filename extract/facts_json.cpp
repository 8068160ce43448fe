#include "extract/facts_json.hpp"

#include "extract/charset.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace pantau::extract {

namespace {

std::string_view cut_utf8(std::string_view s, std::size_t max) {
    if (s.size() <= max) {
        return s;
    }
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0U) == 0x80U) {
        --n;
    }
    return s.substr(0, n);
}

template <typename T>
void get(const nlohmann::json& j, const char* key, T& out) {
    auto it = j.find(key);
    if (it != j.end() && !it->is_null()) {
        try {
            out = it->get<T>();
        } catch (const nlohmann::json::exception&) {
            // a field of the wrong type keeps its default: stored facts are best-effort
        }
    }
}

// A date as facts_to_json writes it: [date, source, text, confidence, region, labelled]; nullopt when
// the array is not that (a damaged or foreign value is skipped, like any field of the wrong type).
std::optional<FoundDate> date_from_array(const nlohmann::json& d) {
    if (d.size() != 6 || !d[0].is_string() || !d[1].is_string() || !d[2].is_string() || !d[3].is_number() ||
        !d[4].is_string() || !d[5].is_boolean()) {
        return std::nullopt;
    }
    FoundDate fd;
    fd.date = d[0].get<std::string>();
    fd.source = d[1].get<std::string>();
    fd.text = d[2].get<std::string>();
    fd.confidence = d[3].get<double>();
    fd.region = d[4].get<std::string>();
    fd.labelled = d[5].get<bool>();
    return fd;
}

// Every fact but the text, as one JSON value. Strings are made valid UTF-8 here, so that both forms
// read back as valid UTF-8 whatever a page held (MessagePack, unlike JSON text, does not check).
nlohmann::json facts_value(const PageFacts& f) {
    auto str = [](const std::string& s) { return valid_utf8(s); };
    auto strs = [&](const std::vector<std::string>& v) {
        auto out = nlohmann::json::array();
        for (const auto& s : v) {
            out.push_back(str(s));
        }
        return out;
    };
    nlohmann::json j;
    j["charset"] = str(f.charset);
    j["charset_source"] = str(f.charset_source);
    j["title"] = str(f.title);
    j["lang"] = str(f.lang);
    j["base_href"] = str(f.base_href);
    auto& hs = j["headings"] = nlohmann::json::array();
    for (const auto& h : f.headings) {
        hs.push_back({h.level, str(h.text)});
    }
    auto& ms = j["metas"] = nlohmann::json::array();
    for (const auto& m : f.metas) {
        ms.push_back({str(m.name), str(m.content)});
    }
    auto& fs = j["forms"] = nlohmann::json::array();
    for (const auto& form : f.forms) {
        fs.push_back(
            {{"action", str(form.action)}, {"method", str(form.method)}, {"fields", strs(form.fields)}});
    }
    auto& ts = j["tables"] = nlohmann::json::array();
    for (const auto& t : f.tables) {
        ts.push_back({{"headers", strs(t.headers)}, {"rows", t.rows}});
    }
    auto& ds = j["dates"] = nlohmann::json::array();
    // A listing page prints dozens of dates: each is a positional array (k_date_fields), not an object,
    // so the names are not written (and built) fifty times a page.
    for (const auto& d : f.dates) {
        ds.push_back({str(d.date), str(d.source), str(d.text), d.confidence, str(d.region), d.labelled});
    }
    j["emails"] = strs(f.emails);
    j["phones"] = strs(f.phones);
    j["images"] = f.images;
    j["images_without_alt"] = f.images_without_alt;
    j["noindex"] = f.meta_noindex;
    j["nofollow"] = f.meta_nofollow;
    return j;
}

PageFacts facts_from_value(const nlohmann::json& j) {
    PageFacts f;
    if (!j.is_object()) {
        return f;
    }
    get(j, "charset", f.charset);
    get(j, "charset_source", f.charset_source);
    get(j, "title", f.title);
    get(j, "lang", f.lang);
    get(j, "base_href", f.base_href);
    get(j, "text", f.text);
    get(j, "emails", f.emails);
    get(j, "phones", f.phones);
    get(j, "images", f.images);
    get(j, "images_without_alt", f.images_without_alt);
    get(j, "noindex", f.meta_noindex);
    get(j, "nofollow", f.meta_nofollow);
    if (auto it = j.find("headings"); it != j.end() && it->is_array()) {
        for (const auto& h : *it) {
            if (h.is_array() && h.size() == 2 && h[0].is_number() && h[1].is_string()) {
                f.headings.push_back({h[0].get<int>(), h[1].get<std::string>()});
            }
        }
    }
    if (auto it = j.find("metas"); it != j.end() && it->is_array()) {
        for (const auto& m : *it) {
            if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
                f.metas.push_back({m[0].get<std::string>(), m[1].get<std::string>()});
            }
        }
    }
    if (auto it = j.find("forms"); it != j.end() && it->is_array()) {
        for (const auto& m : *it) {
            Form form;
            get(m, "action", form.action);
            get(m, "method", form.method);
            get(m, "fields", form.fields);
            f.forms.push_back(std::move(form));
        }
    }
    if (auto it = j.find("tables"); it != j.end() && it->is_array()) {
        for (const auto& m : *it) {
            Table t;
            get(m, "headers", t.headers);
            get(m, "rows", t.rows);
            f.tables.push_back(std::move(t));
        }
    }
    if (auto it = j.find("dates"); it != j.end() && it->is_array()) {
        for (const auto& d : *it) {
            if (d.is_array()) {
                if (auto fd = date_from_array(d)) {
                    f.dates.push_back(std::move(*fd));
                }
                continue;
            }
            if (!d.is_object()) {
                continue;
            }
            // As facts stored before dates were arrays wrote them.
            FoundDate fd;
            get(d, "date", fd.date);
            get(d, "source", fd.source);
            get(d, "text", fd.text);
            get(d, "confidence", fd.confidence);
            get(d, "region", fd.region);
            get(d, "labelled", fd.labelled);
            f.dates.push_back(std::move(fd));
        }
    }
    return f;
}

constexpr char k_binary_mark = '\x01';

} // namespace

std::string facts_to_json(const PageFacts& f, std::size_t max_text) {
    nlohmann::json j = facts_value(f);
    j["text"] = valid_utf8(cut_utf8(f.text, max_text));
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string facts_to_binary(const PageFacts& f, std::size_t max_text) {
    std::string out(1, k_binary_mark);
    std::string rest;
    nlohmann::json::to_msgpack(facts_value(f), rest);
    for (std::size_t n = rest.size();; n >>= 7U) {
        if (n < 0x80) {
            out.push_back(static_cast<char>(n));
            break;
        }
        out.push_back(static_cast<char>((n & 0x7FU) | 0x80U));
    }
    const std::string text = valid_utf8(cut_utf8(f.text, max_text));
    out.reserve(out.size() + rest.size() + text.size());
    out += rest;
    out += text;
    return out;
}

PageFacts facts_from_json(const std::string& stored) {
    if (stored.empty() || stored[0] != k_binary_mark) {
        return facts_from_value(nlohmann::json::parse(stored, nullptr, false));
    }
    // The binary form: the length of the MessagePack part (LEB128), that part, then the text.
    std::size_t n = 0;
    std::size_t at = 1;
    for (unsigned shift = 0;; shift += 7) {
        if (at >= stored.size() || shift > 28) {
            return {}; // damaged: as damaged JSON, nothing is read
        }
        const auto b = static_cast<unsigned char>(stored[at++]);
        n |= static_cast<std::size_t>(b & 0x7FU) << shift;
        if ((b & 0x80U) == 0) {
            break;
        }
    }
    if (n > stored.size() - at) {
        return {};
    }
    const auto* begin = reinterpret_cast<const std::uint8_t*>(stored.data() + at);
    const nlohmann::json value = nlohmann::json::from_msgpack(begin, begin + n, true, false);
    if (!value.is_object()) {
        return {};
    }
    PageFacts f = facts_from_value(value);
    f.text.assign(stored, at + n);
    return f;
}

} // namespace pantau::extract

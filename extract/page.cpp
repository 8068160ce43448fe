#include "extract/page.hpp"

#include "extract/charset.hpp"
#include "extract/dates.hpp"
#include "extract/text.hpp"
#include "extract/url.hpp"

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>

namespace pantau::extract {

namespace {

bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') {
            x = static_cast<char>(x - 'A' + 'a');
        }
        if (y >= 'A' && y <= 'Z') {
            y = static_cast<char>(y - 'A' + 'a');
        }
        if (x != y) {
            return false;
        }
    }
    return true;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string_view trim(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
    while (!s.empty() && space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// Gumbo lower-cases attribute names as it tokenises them (only SVG and MathML names are given mixed
// case afterwards, and none of those is asked for), so a name is compared as it is. Every element is
// asked for a few attributes: most have none or one, and gumbo_get_attribute's case-insensitive
// comparison of each cost more than the rest of the visit.
const char* attr(const GumboElement& el, std::string_view name) {
    for (unsigned i = 0; i < el.attributes.length; ++i) {
        const auto* a = static_cast<const GumboAttribute*>(el.attributes.data[i]);
        if (a->name[0] == name.front() && a->name == name) {
            return a->value;
        }
    }
    return nullptr;
}

// Parses a CSS length in px; only what hiding tricks use ("-9999px", "0", "1px", "-10000em").
std::optional<double> css_length(std::string_view v) {
    v = trim(v);
    std::size_t i = 0;
    bool neg = false;
    if (i < v.size() && (v[i] == '-' || v[i] == '+')) {
        neg = v[i] == '-';
        ++i;
    }
    double value = 0;
    bool digits = false;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') {
        value = value * 10 + (v[i] - '0');
        digits = true;
        ++i;
    }
    if (i < v.size() && v[i] == '.') {
        ++i;
        double scale = 0.1;
        while (i < v.size() && v[i] >= '0' && v[i] <= '9') {
            value += (v[i] - '0') * scale;
            scale /= 10;
            digits = true;
            ++i;
        }
    }
    if (!digits) {
        return std::nullopt;
    }
    std::string_view unit = trim(v.substr(i));
    if (unit == "em" || unit == "rem") {
        value *= 16;
    }
    return neg ? -value : value;
}

// True when an inline style hides its element from readers: the ways injected spam is concealed.
bool style_hides(std::string_view style) {
    while (!style.empty()) {
        std::size_t semi = style.find(';');
        std::string_view decl = style.substr(0, semi);
        style = semi == std::string_view::npos ? std::string_view{} : style.substr(semi + 1);
        std::size_t colon = decl.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        std::string name = ascii_lower(trim(decl.substr(0, colon)));
        std::string value = ascii_lower(trim(decl.substr(colon + 1)));
        if (auto bang = value.find("!important"); bang != std::string::npos) {
            value = std::string(trim(std::string_view(value).substr(0, bang)));
        }
        if (name == "display" && value == "none") {
            return true;
        }
        if (name == "visibility" && (value == "hidden" || value == "collapse")) {
            return true;
        }
        if (name == "left" || name == "top" || name == "text-indent" || name == "margin-left") {
            // Off-screen positioning: far enough that no screen shows it.
            if (auto len = css_length(value); len && *len <= -1000) {
                return true;
            }
        }
        if (name == "font-size") {
            if (auto len = css_length(value); len && *len <= 1) {
                return true;
            }
        }
        if ((name == "height" || name == "max-height" || name == "width") && value.rfind("0", 0) == 0) {
            if (auto len = css_length(value);
                len && *len == 0 && style.find("overflow") != std::string_view::npos) {
                return true;
            }
        }
        if (name == "opacity") {
            if (auto len = css_length(value); len && *len == 0) {
                return true;
            }
        }
    }
    return false;
}

// Inline elements do not separate words: "<b>Ser</b>ta" reads "Serta", "<p>a</p><p>b</p>" reads "a b".
bool is_inline(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_B:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_I:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_NOBR:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_TT:
    case GUMBO_TAG_U:
    case GUMBO_TAG_VAR:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_UNKNOWN:
        return true;
    default:
        return false;
    }
}

// Elements whose text a reader never sees.
bool is_excluded(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_HEAD:
        return true;
    default:
        return false;
    }
}

int heading_level(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_H1:
        return 1;
    case GUMBO_TAG_H2:
        return 2;
    case GUMBO_TAG_H3:
        return 3;
    case GUMBO_TAG_H4:
        return 4;
    case GUMBO_TAG_H5:
        return 5;
    case GUMBO_TAG_H6:
        return 6;
    default:
        return 0;
    }
}

// True when the class attribute contains `word` as one of its space-separated classes.
bool has_class(const char* cls, std::string_view word) {
    if (cls == nullptr) {
        return false;
    }
    std::string_view s(cls);
    while (!s.empty()) {
        std::size_t sp = s.find_first_of(" \t\n\r\f");
        std::string_view c = s.substr(0, sp);
        if (ascii_iequals(c, word)) {
            return true;
        }
        s = sp == std::string_view::npos ? std::string_view{} : s.substr(sp + 1);
    }
    return false;
}

// Emails in visible text: local@domain.tld, scanned around each '@'.
void find_emails(std::string_view text, std::vector<std::string>& out) {
    auto local_ok = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '%' || c == '+' || c == '-';
    };
    auto domain_ok = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '-';
    };
    std::size_t pos = 0;
    while ((pos = text.find('@', pos)) != std::string_view::npos) {
        std::size_t b = pos;
        while (b > 0 && local_ok(text[b - 1])) {
            --b;
        }
        std::size_t e = pos + 1;
        while (e < text.size() && domain_ok(text[e])) {
            ++e;
        }
        while (e > pos + 1 && (text[e - 1] == '.' || text[e - 1] == '-')) {
            --e; // a sentence's full stop is not part of the domain
        }
        while (b < pos && text[b] == '.') {
            ++b;
        }
        std::string_view domain = text.substr(pos + 1, e - pos - 1);
        std::size_t dot = domain.rfind('.');
        if (b < pos && dot != std::string_view::npos && dot > 0 && domain.size() - dot > 2) {
            out.push_back(ascii_lower(text.substr(b, e - b)));
        }
        pos = e > pos ? e : pos + 1;
    }
}

std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

void push_unique(std::vector<std::string>& v, std::string s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) {
        v.push_back(std::move(s));
    }
}

constexpr std::size_t k_expected_links = 128;

// A link as seen during the walk, resolved once the <base href> is known (it may come later).
struct RawLink {
    std::string href;
    Link link;
    std::string img_src_raw;
};

struct RawForm {
    std::string action;
    Form form;
};

enum Flag : unsigned {
    f_excluded = 1U << 0,
    f_hidden = 1U << 1,
    f_link = 1U << 2,
    f_heading = 1U << 3,
    f_title = 1U << 4,
    f_form = 1U << 5,
    f_table = 1U << 6,
    f_row = 1U << 7,
    f_cell = 1U << 8,
    f_block = 1U << 9,
    f_content = 1U << 10,
    f_header = 1U << 11,
    f_footer = 1U << 12,
    f_jsonld = 1U << 13,
};

enum class Region : std::uint8_t { none, content, header, footer };

const char* region_name(Region r) {
    switch (r) {
    case Region::content:
        return "content";
    case Region::header:
        return "header";
    case Region::footer:
        return "footer";
    case Region::none:
        break;
    }
    return "";
}

// `word` in ASCII lower case, in `buf` when it fits (class and id words are short), else in `spill`.
std::string_view lowered(std::string_view word, std::array<char, 64>& buf, std::string& spill) {
    char* out = buf.data();
    if (word.size() > buf.size()) {
        spill.resize(word.size());
        out = spill.data();
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        out[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return {out, word.size()};
}

// Which part of the page an element is, from its tag and its class/id words. The main content is
// where a post's own date is printed; a header or nav holds site-wide widgets ("today is …").
Region element_region(const GumboElement& el) {
    if (el.tag == GUMBO_TAG_ARTICLE || el.tag == GUMBO_TAG_MAIN) {
        return Region::content;
    }
    Region found = Region::none;
    // Every element with a class is asked this: each word is lower-cased once, then matched as it is.
    std::array<char, 64> buf{};
    std::string spill;
    auto classify = [&](std::string_view raw) {
        static constexpr std::array<std::string_view, 8> k_content{
            "entry", "post", "article", "artikel", "berita", "single", "news-detail", "blog-detail"};
        const std::string_view word = lowered(raw, buf, spill);
        for (std::string_view c : k_content) {
            if (word.starts_with(c)) {
                found = Region::content;
                return;
            }
        }
        auto has = [&](std::string_view needle) { return word.find(needle) != std::string_view::npos; };
        if (found == Region::none &&
            (has("header") || has("navbar") || has("topbar") || has("top-bar") || has("menu"))) {
            found = Region::header;
        } else if (found == Region::none && has("footer")) {
            found = Region::footer;
        }
    };
    for (const char* name : {"class", "id"}) {
        const char* v = attr(el, name);
        if (v == nullptr) {
            continue;
        }
        std::string_view rest(v);
        while (!rest.empty() && found != Region::content) {
            std::size_t sp = rest.find_first_of(" \t\n\r\f");
            classify(rest.substr(0, sp));
            rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
        }
    }
    if (found != Region::none) {
        return found;
    }
    if (el.tag == GUMBO_TAG_HEADER || el.tag == GUMBO_TAG_NAV) {
        return Region::header;
    }
    if (el.tag == GUMBO_TAG_FOOTER) {
        return Region::footer;
    }
    return Region::none;
}

// Words that introduce a post's own date on Indonesian CMS themes (KIP.md) and English ones.
bool labelled_before(std::string_view text, std::size_t offset) {
    constexpr std::size_t k_window = 48;
    const std::size_t from = offset > k_window ? offset - k_window : 0;
    const std::string window = ascii_lower(text.substr(from, offset - from));
    static constexpr std::array<std::string_view, 16> k_labels{
        "diunggah",    "diposting", "dipost",   "posting", "diperbarui", "dipublikasikan",
        "diterbitkan", "ditulis",   "dibuat",   "tanggal", "tgl",        "posted",
        "published",   "updated",   "terakhir", "dirilis"};
    for (std::string_view l : k_labels) {
        if (window.find(l) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// Meta names that carry a publication or modification date.
bool is_date_meta(std::string_view name) {
    static constexpr std::array<std::string_view, 14> k_names{"article:published_time",
                                                              "article:modified_time",
                                                              "og:updated_time",
                                                              "og:published_time",
                                                              "datepublished",
                                                              "datemodified",
                                                              "datecreated",
                                                              "date",
                                                              "dc.date",
                                                              "dc.date.issued",
                                                              "dcterms.modified",
                                                              "dcterms.created",
                                                              "pubdate",
                                                              "publish-date"};
    return std::find(k_names.begin(), k_names.end(), name) != k_names.end();
}

struct TableState {
    Table table;
    bool saw_th = false;
    std::vector<std::string> first_row; // td cells of the first row, headers when no <th> exists
    int rows_with_td = 0;
    bool row_has_td = false;
    bool row_has_th = false;
    bool first_row_done = false;
    std::string cell;
};

class Walker {
public:
    Walker(PageFacts& facts, const ExtractOptions& options) : m_facts(facts), m_options(options) {
        m_links.reserve(k_expected_links); // a government page has a hundred links or more (menus)
    }

    void walk(GumboNode* root);
    void finish(std::string_view page_url);
    void find_text_dates(std::string_view page_url);

private:
    void enter(GumboNode* node, unsigned& flags);
    void leave(GumboNode* node, unsigned flags);
    void on_text(std::string_view s);
    void separate();

    void add_structured_date(std::string_view value, std::string source);
    void read_jsonld();
    void mark_region();
    Region region() const {
        return m_content > 0  ? Region::content
               : m_header > 0 ? Region::header
               : m_footer > 0 ? Region::footer
                              : Region::none;
    }
    Region region_at(std::size_t offset) const;

    PageFacts& m_facts;
    const ExtractOptions& m_options;
    int m_content = 0;
    int m_header = 0;
    int m_footer = 0;
    std::vector<std::pair<std::size_t, Region>> m_regions; // region from this text offset on
    bool m_in_jsonld = false;
    std::string m_jsonld;
    int m_excluded = 0;
    int m_hidden = 0;
    std::string m_text;
    std::optional<std::size_t> m_link; // index into m_links of the open <a>
    std::string m_link_text;
    std::optional<Heading> m_heading;
    bool m_in_title = false;
    bool m_have_title = false;
    std::string m_title;
    std::optional<std::size_t> m_form;
    std::vector<TableState> m_tables;
    std::vector<RawLink> m_links;
    std::vector<RawForm> m_forms;
    std::optional<std::string> m_base;
};

void Walker::separate() {
    if (!m_text.empty() && m_text.back() != ' ') {
        m_text.push_back(' ');
    }
    if (m_link && !m_link_text.empty() && m_link_text.back() != ' ') {
        m_link_text.push_back(' ');
    }
    if (m_heading && !m_heading->text.empty() && m_heading->text.back() != ' ') {
        m_heading->text.push_back(' ');
    }
    if (!m_tables.empty() && !m_tables.back().cell.empty() && m_tables.back().cell.back() != ' ') {
        m_tables.back().cell.push_back(' ');
    }
}

void Walker::on_text(std::string_view s) {
    if (m_in_title) {
        m_title.append(s);
        return;
    }
    if (m_in_jsonld) {
        constexpr std::size_t k_max_jsonld = 512 * 1024;
        if (m_jsonld.size() + s.size() <= k_max_jsonld) {
            m_jsonld.append(s);
        }
        return;
    }
    if (m_excluded > 0) {
        return;
    }
    // Hidden anchor text is still recorded on the link: spam blocks are judged by their words.
    if (m_link) {
        append_collapsed(m_link_text, s);
    }
    if (m_hidden > 0) {
        return;
    }
    append_collapsed(m_text, s);
    if (m_heading) {
        append_collapsed(m_heading->text, s);
    }
    if (!m_tables.empty()) {
        append_collapsed(m_tables.back().cell, s);
    }
}

void Walker::enter(GumboNode* node, unsigned& flags) {
    const GumboElement& el = node->v.element;
    const GumboTag tag = el.tag;
    const bool html_ns = el.tag_namespace == GUMBO_NAMESPACE_HTML;

    if (tag == GUMBO_TAG_TITLE) {
        // An SVG <title> is a tooltip, not the page title.
        if (html_ns && !m_have_title && m_link == std::nullopt) {
            m_in_title = true;
            flags |= f_title;
        }
        return;
    }
    if (is_excluded(tag) || node->type == GUMBO_NODE_TEMPLATE) {
        flags |= f_excluded;
        ++m_excluded;
    }
    if (!is_inline(tag)) {
        flags |= f_block;
        separate();
    }
    if (attr(el, "hidden") != nullptr || (tag == GUMBO_TAG_INPUT && attr(el, "type") != nullptr &&
                                          ascii_iequals(attr(el, "type"), "hidden"))) {
        flags |= f_hidden;
    } else if (const char* style = attr(el, "style"); style != nullptr && style_hides(style)) {
        flags |= f_hidden;
    }
    if ((flags & f_hidden) != 0U) {
        ++m_hidden;
    }
    switch (element_region(el)) {
    case Region::content:
        flags |= f_content;
        ++m_content;
        mark_region();
        break;
    case Region::header:
        flags |= f_header;
        ++m_header;
        mark_region();
        break;
    case Region::footer:
        flags |= f_footer;
        ++m_footer;
        mark_region();
        break;
    case Region::none:
        break;
    }

    switch (tag) {
    case GUMBO_TAG_TIME:
        if (const char* dt = attr(el, "datetime"); dt != nullptr && m_hidden == 0) {
            add_structured_date(dt, "time");
        }
        break;
    case GUMBO_TAG_SCRIPT:
        if (const char* type = attr(el, "type");
            type != nullptr && ascii_iequals(trim(type), "application/ld+json")) {
            m_in_jsonld = true;
            m_jsonld.clear();
            flags |= f_jsonld;
        }
        break;
    case GUMBO_TAG_HTML:
        if (const char* lang = attr(el, "lang"); lang != nullptr && m_facts.lang.empty()) {
            m_facts.lang = std::string(trim(lang));
        }
        break;
    case GUMBO_TAG_BASE:
        if (const char* href = attr(el, "href"); href != nullptr && !m_base) {
            m_base = std::string(href); // only the first <base href> counts (HTML spec)
        }
        break;
    case GUMBO_TAG_META: {
        const char* name = attr(el, "name");
        if (name == nullptr) {
            name = attr(el, "property");
        }
        if (name == nullptr) {
            name = attr(el, "itemprop");
        }
        const char* content = attr(el, "content");
        if (name != nullptr && content != nullptr) {
            Meta meta{ascii_lower(trim(name)), std::string(trim(content))};
            if (is_date_meta(meta.name)) {
                add_structured_date(meta.content, "meta:" + meta.name);
            }
            if (meta.name == "robots") {
                std::string c = ascii_lower(meta.content);
                if (c.find("noindex") != std::string::npos || c.find("none") != std::string::npos) {
                    m_facts.meta_noindex = true;
                }
                if (c.find("nofollow") != std::string::npos || c.find("none") != std::string::npos) {
                    m_facts.meta_nofollow = true;
                }
            }
            m_facts.metas.push_back(std::move(meta));
        }
        break;
    }
    case GUMBO_TAG_A:
    case GUMBO_TAG_AREA:
        if (const char* href = attr(el, "href"); href != nullptr && !m_link) {
            RawLink raw;
            raw.href = href;
            if (const char* title = attr(el, "title"); title != nullptr) {
                raw.link.title = collapse_whitespace(title);
            }
            if (const char* rel = attr(el, "rel"); rel != nullptr) {
                raw.link.nofollow = has_class(rel, "nofollow");
            }
            if (tag == GUMBO_TAG_AREA) {
                if (const char* alt = attr(el, "alt"); alt != nullptr) {
                    raw.link.text = collapse_whitespace(alt);
                }
            }
            raw.link.hidden = m_hidden > 0;
            m_links.push_back(std::move(raw));
            if (tag == GUMBO_TAG_A) {
                m_link = m_links.size() - 1;
                m_link_text.clear();
                flags |= f_link;
            }
        }
        break;
    case GUMBO_TAG_IMG: {
        if (m_excluded == 0) {
            const char* alt = attr(el, "alt");
            ++m_facts.images;
            if (alt == nullptr) {
                ++m_facts.images_without_alt;
            }
            if (m_link && m_links[*m_link].link.img_alt.empty() && m_links[*m_link].img_src_raw.empty()) {
                if (alt != nullptr) {
                    m_links[*m_link].link.img_alt = collapse_whitespace(alt);
                }
                if (const char* src = attr(el, "src"); src != nullptr) {
                    m_links[*m_link].img_src_raw = src;
                }
            }
        }
        break;
    }
    case GUMBO_TAG_FORM: {
        RawForm form;
        const char* action = attr(el, "action");
        form.action = action != nullptr ? action : "";
        const char* method = attr(el, "method");
        form.form.method = method != nullptr ? ascii_lower(trim(method)) : "get";
        if (form.form.method.empty()) {
            form.form.method = "get";
        }
        m_forms.push_back(std::move(form));
        m_form = m_forms.size() - 1;
        flags |= f_form;
        break;
    }
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_BUTTON:
        if (m_form) {
            if (const char* name = attr(el, "name"); name != nullptr && *name != '\0') {
                push_unique(m_forms[*m_form].form.fields, name);
            }
        }
        break;
    case GUMBO_TAG_TABLE:
        m_tables.emplace_back();
        flags |= f_table;
        break;
    case GUMBO_TAG_TR:
        if (!m_tables.empty()) {
            m_tables.back().row_has_td = false;
            m_tables.back().row_has_th = false;
            flags |= f_row;
        }
        break;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
        if (!m_tables.empty()) {
            m_tables.back().cell.clear();
            flags |= f_cell;
        }
        break;
    default:
        break;
    }
    if (int level = heading_level(tag); level > 0 && !m_heading && m_hidden == 0 && m_excluded == 0) {
        m_heading = Heading{level, {}};
        flags |= f_heading;
    }
}

void Walker::leave(GumboNode* node, unsigned flags) {
    const GumboTag tag = node->v.element.tag;
    if ((flags & f_title) != 0U) {
        m_in_title = false;
        m_have_title = true;
        m_facts.title = collapse_whitespace(m_title);
    }
    if ((flags & f_link) != 0U) {
        Link& link = m_links[*m_link].link;
        link.text = m_link_text;
        if (!link.text.empty() && link.text.back() == ' ') {
            link.text.pop_back();
        }
        m_link.reset();
    }
    if ((flags & f_heading) != 0U) {
        if (!m_heading->text.empty() && m_heading->text.back() == ' ') {
            m_heading->text.pop_back();
        }
        if (!m_heading->text.empty()) {
            m_facts.headings.push_back(std::move(*m_heading));
        }
        m_heading.reset();
    }
    if ((flags & f_cell) != 0U) {
        TableState& t = m_tables.back();
        std::string cell = collapse_whitespace(t.cell);
        t.cell.clear();
        if (tag == GUMBO_TAG_TH) {
            t.row_has_th = true;
            if (!t.saw_th) {
                t.saw_th = true;
                t.table.headers.clear();
            }
            if (!t.first_row_done || t.rows_with_td == 0) {
                t.table.headers.push_back(std::move(cell));
            }
        } else {
            t.row_has_td = true;
            if (!t.first_row_done) {
                t.first_row.push_back(std::move(cell));
            }
        }
    }
    if ((flags & f_row) != 0U) {
        TableState& t = m_tables.back();
        if (t.row_has_td) {
            ++t.rows_with_td;
        }
        t.first_row_done = true;
    }
    if ((flags & f_table) != 0U) {
        TableState t = std::move(m_tables.back());
        m_tables.pop_back();
        if (!t.saw_th) {
            // No <th>: the first row is the header row, as on most hand-made DIP tables.
            t.table.headers = std::move(t.first_row);
            t.table.rows = std::max(0, t.rows_with_td - 1);
        } else {
            t.table.rows = t.rows_with_td;
        }
        m_facts.tables.push_back(std::move(t.table));
    }
    if ((flags & f_form) != 0U) {
        m_form.reset();
    }
    if ((flags & f_jsonld) != 0U) {
        m_in_jsonld = false;
        read_jsonld();
    }
    if ((flags & (f_content | f_header | f_footer)) != 0U) {
        m_content -= (flags & f_content) != 0U ? 1 : 0;
        m_header -= (flags & f_header) != 0U ? 1 : 0;
        m_footer -= (flags & f_footer) != 0U ? 1 : 0;
        mark_region();
    }
    if ((flags & f_hidden) != 0U) {
        --m_hidden;
    }
    if ((flags & f_excluded) != 0U) {
        --m_excluded;
    }
    if ((flags & f_block) != 0U || tag == GUMBO_TAG_BR) {
        separate();
    }
}

void Walker::mark_region() {
    // A region starts at the next text; the space separating blocks belongs to what came before.
    const Region r = region();
    const std::size_t at = m_text.size();
    if (!m_regions.empty() && m_regions.back().first == at) {
        m_regions.back().second = r;
    } else if (m_regions.empty() || m_regions.back().second != r) {
        m_regions.emplace_back(at, r);
    }
}

Region Walker::region_at(std::size_t offset) const {
    auto it = std::upper_bound(m_regions.begin(), m_regions.end(), offset,
                               [](std::size_t off, const auto& entry) { return off < entry.first; });
    if (it == m_regions.begin()) {
        return Region::none;
    }
    return std::prev(it)->second;
}

void Walker::add_structured_date(std::string_view value, std::string source) {
    value = trim(value);
    std::optional<std::string> date = parse_iso_date(value);
    if (!date) {
        DateContext ctx;
        ctx.reference_time = m_options.fetch_time;
        ctx.utc_offset_minutes = m_options.utc_offset_minutes;
        if (auto m = parse_date(value, ctx); m && m->kind == DateKind::date) {
            date = m->date;
        }
    }
    if (!date) {
        return;
    }
    FoundDate d{*date, std::move(source), std::string(value.substr(0, 64))};
    d.confidence = 0.95;
    d.region = region_name(region());
    m_facts.dates.push_back(std::move(d));
}

void Walker::read_jsonld() {
    nlohmann::json doc = nlohmann::json::parse(m_jsonld, nullptr, false);
    m_jsonld.clear();
    if (doc.is_discarded()) {
        return; // broken JSON-LD is common; the page's other facts still count
    }
    // Iterative walk with a bound: @graph arrays nest, hostile ones nest deeply.
    std::vector<std::pair<const nlohmann::json*, int>> stack{{&doc, 0}};
    int visited = 0;
    while (!stack.empty() && ++visited < 10000) {
        auto [node, depth] = stack.back();
        stack.pop_back();
        if (depth > 32) {
            continue;
        }
        if (node->is_object()) {
            for (const char* key : {"datePublished", "dateModified", "dateCreated", "uploadDate"}) {
                if (auto it = node->find(key); it != node->end() && it->is_string()) {
                    add_structured_date(it->get_ref<const std::string&>(), std::string("jsonld:") + key);
                }
            }
            for (const auto& [key, value] : node->items()) {
                if (value.is_structured()) {
                    stack.emplace_back(&value, depth + 1);
                }
            }
        } else if (node->is_array()) {
            for (const auto& value : *node) {
                if (value.is_structured()) {
                    stack.emplace_back(&value, depth + 1);
                }
            }
        }
    }
}

void Walker::walk(GumboNode* root) {
    struct Frame {
        GumboNode* node;
        unsigned next = 0;
        unsigned flags = 0;
    };
    // An explicit stack: hostile pages nest tens of thousands of elements deep.
    std::vector<Frame> stack;
    stack.push_back(Frame{root});
    while (!stack.empty()) {
        Frame& top = stack.back();
        const GumboVector* children = nullptr;
        if (top.node->type == GUMBO_NODE_DOCUMENT) {
            children = &top.node->v.document.children;
        } else {
            children = &top.node->v.element.children;
        }
        if (top.next < children->length) {
            auto* child = static_cast<GumboNode*>(children->data[top.next++]);
            switch (child->type) {
            case GUMBO_NODE_ELEMENT:
            case GUMBO_NODE_TEMPLATE: {
                unsigned flags = 0;
                enter(child, flags);
                stack.push_back(Frame{child, 0, flags});
                break;
            }
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_CDATA:
            case GUMBO_NODE_WHITESPACE:
                on_text(child->v.text.text);
                break;
            default:
                break;
            }
            continue;
        }
        if (top.node->type != GUMBO_NODE_DOCUMENT) {
            leave(top.node, top.flags);
        }
        stack.pop_back();
    }
}

void Walker::finish(std::string_view page_url) {
    if (!m_text.empty() && m_text.back() == ' ') {
        m_text.pop_back();
    }
    m_facts.text = std::move(m_text);
    find_text_dates(page_url);

    UrlResolver resolver(page_url);
    if (m_base) {
        if (auto base = resolver.resolve(*m_base)) {
            m_facts.base_href = *base;
            resolver = UrlResolver(*base);
        }
    }

    m_facts.links.reserve(m_links.size());
    for (RawLink& raw : m_links) {
        std::string_view href = trim(raw.href);
        std::string scheme = ascii_lower(href.substr(0, std::min<std::size_t>(href.find(':'), 12)));
        if (scheme == "mailto") {
            std::string_view addr = href.substr(7);
            addr = addr.substr(0, addr.find('?'));
            std::string decoded = percent_decode(addr);
            std::string_view rest(decoded);
            while (!rest.empty()) {
                std::size_t comma = rest.find(',');
                push_unique(m_facts.emails, ascii_lower(trim(rest.substr(0, comma))));
                rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            }
            continue;
        }
        if (scheme == "javascript" || scheme == "data" || scheme == "vbscript") {
            continue;
        }
        if (scheme == "tel") {
            push_unique(m_facts.phones, std::string(trim(percent_decode(href.substr(4)))));
            continue;
        }
        auto url = resolver.resolve_classified(raw.href);
        if (!url || !url->is_web) {
            continue; // javascript:, data:, whatsapp:, unparseable references
        }
        raw.link.url = std::move(url->url);
        raw.link.is_document = url->is_document;
        if (!raw.img_src_raw.empty()) {
            if (auto src = resolver.resolve(raw.img_src_raw)) {
                raw.link.img_src = std::move(*src);
            }
        }
        m_facts.links.push_back(std::move(raw.link));
    }
    for (RawForm& raw : m_forms) {
        if (auto action = resolver.resolve(raw.action)) {
            raw.form.action = std::move(*action);
        }
        m_facts.forms.push_back(std::move(raw.form));
    }
    find_emails(m_facts.text, m_facts.emails);
    std::vector<std::string> unique;
    for (std::string& e : m_facts.emails) {
        push_unique(unique, std::move(e));
    }
    m_facts.emails = std::move(unique);
}

void Walker::find_text_dates(std::string_view page_url) {
    DateContext ctx;
    ctx.reference_time = m_options.fetch_time;
    ctx.utc_offset_minutes = m_options.utc_offset_minutes;
    // A news lead's "(2/12)" takes its year from the page's own publication date when it has one.
    for (const FoundDate& d : m_facts.dates) {
        if (d.source.starts_with("meta:") || d.source.starts_with("jsonld:") || d.source == "time") {
            ctx.context_year = std::stoi(d.date.substr(0, 4));
            break;
        }
    }
    std::size_t kept = 0;
    for (DateMatch& m : find_dates(m_facts.text, ctx)) {
        if (m.kind != DateKind::date) {
            continue;
        }
        if (kept++ >= m_options.max_text_dates) {
            break;
        }
        FoundDate d{std::move(m.date), "text", std::move(m.text)};
        d.confidence = m.confidence;
        d.region = region_name(region_at(m.offset));
        d.labelled = labelled_before(m_facts.text, m.offset);
        m_facts.dates.push_back(std::move(d));
    }
    // OpenSID and WordPress permalinks: /artikel/2024/05/15/slug, /2024/05/15/slug.
    const std::string path = url_path(page_url);
    std::string_view rest(path);
    std::vector<std::string_view> segments;
    while (!rest.empty()) {
        std::size_t slash = rest.find('/');
        std::string_view seg = rest.substr(0, slash);
        if (!seg.empty()) {
            segments.push_back(seg);
        }
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    }
    auto all_digits = [](std::string_view v) {
        return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    for (std::size_t i = 0; i + 2 < segments.size(); ++i) {
        if (segments[i].size() == 4 && all_digits(segments[i]) && segments[i + 1].size() <= 2 &&
            all_digits(segments[i + 1]) && segments[i + 2].size() <= 2 && all_digits(segments[i + 2])) {
            std::string iso = std::string(segments[i]) + "-" + (segments[i + 1].size() == 1 ? "0" : "") +
                              std::string(segments[i + 1]) + "-" + (segments[i + 2].size() == 1 ? "0" : "") +
                              std::string(segments[i + 2]);
            if (auto date = parse_iso_date(iso)) {
                FoundDate d{*date, "url",
                            std::string(segments[i]) + "/" + std::string(segments[i + 1]) + "/" +
                                std::string(segments[i + 2])};
                d.confidence = 0.6;
                m_facts.dates.push_back(std::move(d));
                break;
            }
        }
    }
}

// Gumbo's tree is built from many small allocations (a node, its attribute and child vectors, every
// string buffer) that live exactly as long as one page, and its vectors grow by allocate-copy-free.
// With malloc, that allocating and the node-by-node free afterwards cost about as much as tokenising.
// This arena hands out memory by bumping a pointer, ignores Gumbo's frees, and is emptied at once
// after the page. Its blocks are kept for the next page on the same thread (so they stay mapped);
// what a huge page made it grow beyond k_keep is returned.
class ParseArena {
public:
    ParseArena() = default;
    ParseArena(const ParseArena&) = delete;
    ParseArena& operator=(const ParseArena&) = delete;

    // Gumbo allocates thousands of times per page (7,000 on the bench corpus): the common case is a
    // bump of m_next.
    void* allocate(std::size_t size) {
        size = (size + static_cast<std::size_t>(size == 0) + k_align - 1) & ~(k_align - 1);
        if (static_cast<std::size_t>(m_end - m_next) >= size) {
            void* at = m_next;
            m_next += size;
            return at;
        }
        return allocate_in_next_block(size);
    }

    // Everything handed out so far is garbage from here on.
    void reset() {
        std::size_t kept = 0;
        std::size_t n = 0;
        while (n < m_blocks.size() && kept + m_blocks[n].size <= k_keep) {
            kept += m_blocks[n].size;
            ++n;
        }
        m_blocks.resize(n);
        m_current = 0;
        start_block();
    }

    static void* gumbo_allocate(void* self, std::size_t size) {
        return static_cast<ParseArena*>(self)->allocate(size);
    }
    static void gumbo_free(void* /*self*/, void* /*ptr*/) {}

private:
    static constexpr std::size_t k_align = alignof(std::max_align_t);
    static constexpr std::size_t k_block = 256 * 1024;
    static constexpr std::size_t k_keep = 4 * 1024 * 1024;

    // The current block is full for `size`: the next kept block that has room, or a new one.
    [[gnu::noinline]] void* allocate_in_next_block(std::size_t size) { // off the fast path
        if (!m_blocks.empty()) {
            ++m_current;
        }
        while (m_current < m_blocks.size() && m_blocks[m_current].size < size) {
            ++m_current;
        }
        if (m_current >= m_blocks.size()) {
            const std::size_t block_size = std::max(k_block, size);
            m_blocks.push_back(Block{std::make_unique_for_overwrite<std::byte[]>(block_size), block_size});
            m_current = m_blocks.size() - 1;
        }
        start_block();
        void* at = m_next;
        m_next += size;
        return at;
    }

    void start_block() {
        if (m_current < m_blocks.size()) {
            m_next = m_blocks[m_current].data.get();
            m_end = m_next + m_blocks[m_current].size;
        } else {
            m_next = nullptr;
            m_end = nullptr;
        }
    }

    struct Block {
        std::unique_ptr<std::byte[]> data;
        std::size_t size = 0;
    };
    std::vector<Block> m_blocks;
    std::size_t m_current = 0;   // the block being filled
    std::byte* m_next = nullptr; // its first free byte
    std::byte* m_end = nullptr;  // its end
};

// Empties the arena when the page's facts are extracted; the tree is never freed node by node.
class ArenaParse {
public:
    ArenaParse(ParseArena& arena, std::string_view html) : m_arena(arena) {
        GumboOptions options = kGumboDefaultOptions;
        options.allocator = &ParseArena::gumbo_allocate;
        options.deallocator = &ParseArena::gumbo_free;
        options.userdata = &arena;
        options.max_errors = 0; // parse errors are not used: do not record them
        m_output = gumbo_parse_with_options(&options, html.data(), html.size());
    }
    ~ArenaParse() { m_arena.reset(); }
    ArenaParse(const ArenaParse&) = delete;
    ArenaParse& operator=(const ArenaParse&) = delete;

    const GumboOutput* output() const { return m_output; }

private:
    ParseArena& m_arena;
    GumboOutput* m_output = nullptr;
};

} // namespace

PageFacts extract_page(std::string_view body, std::string_view page_url, std::string_view content_type) {
    return extract_page(body, page_url, content_type, ExtractOptions{});
}

PageFacts extract_page(std::string_view body, std::string_view page_url, std::string_view content_type,
                       const ExtractOptions& options) {
    PageFacts facts;
    // `body` outlives the parse: a page that needs no conversion is parsed where it is.
    const Decoded decoded = decode_html_borrowing(body, content_type);
    facts.charset = decoded.charset;
    facts.charset_source = decoded.source;

    // One arena per parse thread, reused page after page (see ParseArena).
    thread_local ParseArena arena;
    const ArenaParse parse(arena, decoded.utf8());
    if (parse.output() == nullptr) {
        return facts;
    }
    Walker walker(facts, options);
    walker.walk(parse.output()->document);
    walker.finish(page_url);
    return facts;
}

namespace {

std::int64_t day_of(std::string_view iso) {
    const int y = std::stoi(std::string(iso.substr(0, 4)));
    const unsigned m = static_cast<unsigned>(std::stoi(std::string(iso.substr(5, 2))));
    const unsigned d = static_cast<unsigned>(std::stoi(std::string(iso.substr(8, 2))));
    return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}
        .time_since_epoch()
        .count();
}

// Trust tiers of KIP.md's order; lower is better, -1 means "never a content date".
int tier(const FoundDate& d, std::int64_t fetch_day) {
    if (d.date.size() != 10) {
        return -1;
    }
    const std::int64_t day = day_of(d.date);
    if (day > fetch_day + 1) {
        return -1; // more than a day in the future
    }
    if (d.region == "header") {
        return -1; // a site-wide widget, whatever it prints
    }
    if (d.source == "time") {
        return 0;
    }
    if (d.source.starts_with("meta:")) {
        return 1;
    }
    if (d.source.starts_with("jsonld:")) {
        return 2;
    }
    if (d.source == "text") {
        if (d.labelled) {
            return 3;
        }
        if (d.region == "content") {
            return 4;
        }
        if (day == fetch_day) {
            return -1; // an unlabelled "today" outside the content: the date widget
        }
        return d.region.empty() ? 6 : -1;
    }
    if (d.source == "url") {
        return 5;
    }
    return -1;
}

} // namespace

const FoundDate* content_date(const PageFacts& facts, std::int64_t fetch_time, int utc_offset_minutes) {
    if (fetch_time == 0) {
        fetch_time = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    }
    const std::int64_t local = fetch_time + static_cast<std::int64_t>(utc_offset_minutes) * 60;
    const std::int64_t fetch_day = local / 86400 - ((local % 86400 != 0 && local < 0) ? 1 : 0);
    const FoundDate* best = nullptr;
    int best_tier = 0;
    for (const FoundDate& d : facts.dates) {
        const int t = tier(d, fetch_day);
        if (t < 0) {
            continue;
        }
        // The best tier wins; within it the newest date (a modification is an update).
        if (best == nullptr || t < best_tier || (t == best_tier && d.date > best->date)) {
            best = &d;
            best_tier = t;
        }
    }
    return best;
}

} // namespace pantau::extract

#include "checks/site_facts.hpp"

#include "checks/calendar.hpp"
#include "extract/dates.hpp"
#include "extract/facts_json.hpp"
#include "extract/text.hpp"
#include "extract/url.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

namespace pantau::checks {

namespace {

bool is_html(const store::Page& p) {
    return p.http_status >= 200 && p.http_status < 300 && p.content_type.find("html") != std::string::npos;
}

LinkKind link_kind(const std::string& kind) {
    if (kind == "internal") {
        return LinkKind::internal;
    }
    if (kind == "external") {
        return LinkKind::external;
    }
    if (kind == "document") {
        return LinkKind::document;
    }
    if (kind == "mailto") {
        return LinkKind::mailto;
    }
    if (kind == "tel") {
        return LinkKind::tel;
    }
    return LinkKind::other;
}

// True when `text` holds a run of at least 7 digits, allowing the separators phone numbers are
// printed with: "(0274) 123-456", "0812 3456 7890", "+62 274 123456".
bool has_phone_number(std::string_view text) {
    // Digit, separator or other, by byte: this reads every page's whole text.
    static constexpr auto k_kind = [] {
        std::array<std::uint8_t, 256> k{}; // 0 other, 1 separator, 2 digit
        for (const char c : std::string_view(" -.()+")) {
            k[static_cast<unsigned char>(c)] = 1;
        }
        for (char c = '0'; c <= '9'; ++c) {
            k[static_cast<unsigned char>(c)] = 2;
        }
        return k;
    }();
    int digits = 0;
    for (const char c : text) {
        const std::uint8_t kind = k_kind[static_cast<unsigned char>(c)];
        digits = kind == 2 ? digits + 1 : kind == 1 ? digits : 0;
        if (digits >= 7) {
            return true;
        }
    }
    return false;
}

// Calls `f` with each word of folded text (fold() leaves single spaces between words).
template <typename F>
void for_each_word(std::string_view folded, F&& f) {
    std::size_t i = 0;
    while (i < folded.size()) {
        std::size_t end = folded.find(' ', i);
        if (end == std::string_view::npos) {
            end = folded.size();
        }
        if (end > i) {
            f(folded.substr(i, end - i));
        }
        i = end + 1;
    }
}

// A quick hash of a string, eight bytes at a time: loading hashes every word of every page and every
// link's strings, and std::hash's byte-wise mixing showed in profiles.
std::uint64_t quick_hash(std::string_view s) {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 29;
    }
    // The last 0–7 bytes without a variable-length copy: two overlapping 4-byte reads, or three bytes.
    std::uint64_t w = 0;
    if (n >= 4) {
        std::uint32_t a = 0;
        std::uint32_t b = 0;
        std::memcpy(&a, p, 4);
        std::memcpy(&b, p + n - 4, 4);
        w = (static_cast<std::uint64_t>(a) << 32) | b;
    } else if (n > 0) {
        w = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
            (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
            static_cast<unsigned char>(p[n - 1]);
    }
    h = (h ^ w) * 0x94D049BB133111EBULL;
    return h ^ (h >> 32);
}

struct QuickHash {
    std::size_t operator()(const std::string& s) const { return static_cast<std::size_t>(quick_hash(s)); }
};

// Strings kept in a table elsewhere (SiteFacts::strings, SiteFacts::targets) → their index there:
// an open-addressing table of indices, so that each distinct string is stored once, in its table, and
// not a second time as a map's key.
class IndexByString {
public:
    // `slots`: the table's first size, a power of two (it doubles when half full).
    explicit IndexByString(std::size_t slots = 64) : m_slots(slots) {}

    // The index of `s` among the strings `at(0)`, `at(1)`, …, and false; or `next` and true when it is
    // not there yet, the caller then storing it as element `next` of its table.
    template <class At>
    std::pair<std::uint32_t, bool> find_or_add(std::string_view s, std::uint32_t next, const At& at) {
        // Grown before looking, so that growing never reads `next`, which the table does not hold yet.
        if ((m_count + 1) * 2 > m_slots.size()) {
            grow(at);
        }
        const std::uint64_t h = quick_hash(s);
        const std::size_t i = slot_of(s, h, at);
        if (m_slots[i].id != k_empty) {
            return {m_slots[i].id, false};
        }
        m_slots[i] = {next, static_cast<std::uint32_t>(h >> 32)};
        ++m_count;
        return {next, true};
    }
    // The index of `s`, or nullopt.
    template <class At>
    std::optional<std::uint32_t> find(std::string_view s, const At& at) const {
        const std::size_t i = slot_of(s, quick_hash(s), at);
        return m_slots[i].id == k_empty ? std::nullopt : std::optional<std::uint32_t>(m_slots[i].id);
    }

private:
    static constexpr std::uint32_t k_empty = std::numeric_limits<std::uint32_t>::max();
    struct Slot {
        std::uint32_t id = k_empty;
        std::uint32_t tag = 0; // the hash's high half: most mismatches never compare strings
    };
    // The slot holding `s`, or the empty slot where it would go.
    template <class At>
    std::size_t slot_of(std::string_view s, std::uint64_t h, const At& at) const {
        const std::size_t mask = m_slots.size() - 1;
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
            const Slot& slot = m_slots[i];
            if (slot.id == k_empty || (slot.tag == tag && std::string_view(at(slot.id)) == s)) {
                return i;
            }
        }
    }
    template <class At>
    void grow(const At& at) {
        std::vector<Slot> old(m_slots.size() * 2);
        old.swap(m_slots);
        const std::size_t mask = m_slots.size() - 1;
        for (const Slot& slot : old) {
            if (slot.id == k_empty) {
                continue;
            }
            std::size_t i = static_cast<std::size_t>(quick_hash(std::string_view(at(slot.id)))) & mask;
            while (m_slots[i].id != k_empty) {
                i = (i + 1) & mask;
            }
            m_slots[i] = slot;
        }
    }
    std::vector<Slot> m_slots;
    std::size_t m_count = 0;
};

// The distinct words of a site, numbered: a page's vocabulary is kept as numbers while the site
// loads, not as thousands of strings per page. It is asked once for every word of every page.
class WordIds {
public:
    // `first` get the ids 0, 1, … in their order.
    explicit WordIds(const std::vector<std::string>& first) {
        for (const auto& w : first) {
            id(w);
        }
    }
    std::uint32_t id(std::string_view w) {
        const auto [n, added] = m_index.find_or_add(w, static_cast<std::uint32_t>(m_words.size()), word());
        if (added) {
            m_words.emplace_back(w);
            m_number.push_back(w.find_first_not_of("0123456789") == std::string_view::npos);
        }
        return n;
    }
    std::optional<std::uint32_t> find(std::string_view w) const { return m_index.find(w, word()); }
    bool number(std::uint32_t id) const { return m_number[id]; }
    std::size_t size() const { return m_words.size(); }

private:
    // The table's view of the words: the k-th word.
    struct Word {
        const std::deque<std::string>* words;
        const std::string& operator()(std::uint32_t k) const { return (*words)[k]; }
    };
    Word word() const { return {&m_words}; }
    IndexByString m_index{1024};
    std::deque<std::string> m_words;
    std::vector<bool> m_number; // all digits
};

// The words of a folded text in order, as views into it and as site word ids.
struct Words {
    std::vector<std::string_view> text;
    std::vector<std::uint32_t> ids;
};

// A sorted set of ids kept as the differences between neighbours, 7 bits to a byte (LEB128): a page's
// few hundred distinct words take one or two bytes each instead of four, in a buffer of exact size.
class PackedIds {
public:
    PackedIds() = default;
    explicit PackedIds(const std::vector<std::uint32_t>& sorted) {
        std::string bytes;
        std::uint32_t prev = 0;
        for (const std::uint32_t id : sorted) {
            std::uint32_t d = id - prev;
            prev = id;
            while (d >= 0x80) {
                bytes.push_back(static_cast<char>((d & 0x7f) | 0x80));
                d >>= 7;
            }
            bytes.push_back(static_cast<char>(d));
        }
        m_bytes = std::make_unique<char[]>(bytes.size());
        std::copy(bytes.begin(), bytes.end(), m_bytes.get());
        m_size = bytes.size();
    }
    template <class F>
    void for_each(F&& f) const {
        std::uint32_t id = 0;
        std::uint32_t d = 0;
        int shift = 0;
        for (std::size_t i = 0; i < m_size; ++i) {
            const auto b = static_cast<unsigned char>(m_bytes[i]);
            d |= static_cast<std::uint32_t>(b & 0x7f) << shift;
            if ((b & 0x80) != 0) {
                shift += 7;
                continue;
            }
            id += d;
            f(id);
            d = 0;
            shift = 0;
        }
    }

private:
    std::unique_ptr<char[]> m_bytes;
    std::size_t m_size = 0;
};

// What loading keeps between pages and drops when the site is loaded.
struct LoadState {
    LoadState(const std::vector<std::string>& counted, const PhraseCatalogue& phrases)
        : words(counted), scanner(phrases) {}
    WordIds words;
    WordScanner scanner;                     // each text's phrases, read from its words
    std::vector<std::uint32_t> word_seen_on; // by word id: 1 + the last page index that had it
    std::vector<std::uint32_t> word_first;   // by word id: its first position on the current page
    std::vector<PackedIds> page_words;       // distinct word ids of each HTML page
    // Distinct folded headings (menus repeat them) → their index in SiteFacts::heading_phrases.
    std::unordered_map<std::string, std::uint32_t, QuickHash> heading_index;
    std::vector<std::vector<DatedItem>> text_dates;       // printed dates of each page
    std::vector<std::string> folded_strings;              // SiteFacts::strings[i], folded
    std::vector<std::vector<std::uint32_t>> string_words; // SiteFacts::strings[i], word ids
    IndexByString string_index;                           // raw → SiteFacts::strings
    IndexByString target_index;                           // URL → SiteFacts::targets
    // A link's fields (target, text, title, img_alt, kind and hidden) → its index in SiteFacts::link_table.
    struct LinkKeyHash {
        std::size_t operator()(const std::array<std::uint32_t, 5>& k) const {
            std::uint64_t h = 0x9e3779b97f4a7c15ULL;
            for (const std::uint32_t v : k) {
                h = (h ^ v) * 0x100000001b3ULL;
                h ^= h >> 29;
            }
            return static_cast<std::size_t>(h);
        }
    };
    std::unordered_map<std::array<std::uint32_t, 5>, std::uint32_t, LinkKeyHash> link_index;
    // Frees what only view_page needs (the interning maps, word buffers and scratch space).
    void release_page_reading() {
        // Moving an empty container in frees the old one's memory (clear() would keep it).
        string_index = decltype(string_index)();
        target_index = decltype(target_index)();
        heading_index = decltype(heading_index)();
        link_index = decltype(link_index)();
        string_words = decltype(string_words)();
        word_seen_on = decltype(word_seen_on)();
        word_first = decltype(word_first)();
        scratch = Scratch();
    }
    // Buffers of own_text_of and view_page, reused page after page.
    struct Scratch {
        std::vector<std::uint32_t> next_same;
        std::vector<std::uint32_t> next;
        std::vector<std::uint32_t> prev;
        std::vector<char> alive;
        std::vector<std::uint32_t> distinct;
        Words words;
        Words own;
    } scratch;
};

// The words of folded text into `w` (its buffers are reused page after page).
void words_of(std::string_view folded, WordIds& ids, Words& w) {
    w.text.clear();
    w.ids.clear();
    for_each_word(folded, [&](std::string_view word) {
        w.text.push_back(word);
        w.ids.push_back(ids.id(word));
    });
}

// The words of the page's folded text without its link labels (into `out`): a menu item is a label,
// not content (KIP.md). `labels_in_order` are SiteFacts::strings ids of the text and image alt of
// each link, in the page's order.
//
// Each label, longest first, removes its first occurrence from what the labels before it left, and
// the text closes up around the gap (" x a b y " without "a b" is " x y ", where "x y" may then be a
// label too). A label starts and ends at word boundaries of that text, so this is done on the words:
// a removed word is unlinked, and a label is looked for only where its first word occurs.
void own_text_of(const Words& words, const std::vector<std::uint32_t>& labels_in_order, LoadState& st,
                 Words& out) {
    std::vector<std::pair<std::size_t, std::uint32_t>> labels; // (folded length, string id)
    for (const auto id : labels_in_order) {
        if (const std::size_t n = st.folded_strings[id].size(); n > 0) {
            labels.emplace_back(n, id);
        }
    }
    // Longest first, so "informasi berkala" goes before a shorter label inside it. (Among labels of
    // one length the order is std::sort's on this sequence, as it always was.)
    std::sort(labels.begin(), labels.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    const auto n = static_cast<std::uint32_t>(words.ids.size());
    if (st.word_first.size() < st.words.size()) {
        st.word_first.resize(st.words.size(), std::numeric_limits<std::uint32_t>::max());
    }
    constexpr std::uint32_t k_end = std::numeric_limits<std::uint32_t>::max();
    // Where each word occurs: word_first[id], then next_same[position]; k_end = no more.
    auto& next_same = st.scratch.next_same;
    next_same.assign(n, k_end);
    for (std::uint32_t i = n; i-- > 0;) {
        next_same[i] = st.word_first[words.ids[i]];
        st.word_first[words.ids[i]] = i;
    }
    // The words left, linked both ways.
    auto& next = st.scratch.next;
    auto& prev = st.scratch.prev;
    auto& alive = st.scratch.alive;
    next.resize(n);
    prev.resize(n);
    alive.assign(n, 1);
    for (std::uint32_t i = 0; i < n; ++i) {
        next[i] = i + 1 == n ? k_end : i + 1;
        prev[i] = i == 0 ? k_end : i - 1;
    }
    std::uint32_t first_alive = n == 0 ? k_end : 0;
    for (const auto& [length, label] : labels) {
        const std::vector<std::uint32_t>& lw = st.string_words[label];
        for (std::uint32_t p = st.word_first[lw.front()]; p != k_end; p = next_same[p]) {
            if (alive[p] == 0) {
                continue;
            }
            std::uint32_t q = p;
            bool match = true;
            for (std::size_t k = 1; k < lw.size() && match; ++k) {
                q = next[q];
                match = q != k_end && words.ids[q] == lw[k];
            }
            if (!match) {
                continue;
            }
            for (std::uint32_t r = p;; r = next[r]) {
                alive[r] = 0;
                if (r == q) {
                    break;
                }
            }
            const std::uint32_t before = prev[p];
            const std::uint32_t after = next[q];
            (before == k_end ? first_alive : next[before]) = after;
            if (after != k_end) {
                prev[after] = before;
            }
            break;
        }
    }
    for (const auto id : words.ids) {
        st.word_first[id] = k_end; // ready for the next page
    }
    out.text.clear();
    out.ids.clear();
    for (std::uint32_t i = first_alive; i != k_end; i = next[i]) {
        out.text.push_back(words.text[i]);
        out.ids.push_back(words.ids[i]);
    }
}

// A page is "empty" when, beyond the words its site repeats on most pages (menus, header, footer),
// it has almost nothing: a menu label leading to such a page is not a publication (KIP.md).
void mark_empty_pages(SiteFacts& sf, const LoadState& st) {
    std::vector<int> df(st.words.size());
    std::vector<int> heading_df(sf.heading_phrases.size());
    std::vector<std::uint32_t> heading_seen_on(sf.heading_phrases.size());
    std::vector<int> link_df(sf.targets.size());
    std::vector<std::size_t> target_seen_on(sf.targets.size());
    int html_pages = 0;
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        const auto& p = sf.pages[i];
        if (p.html && !p.page.offsite) {
            ++html_pages;
            st.page_words[i].for_each([&](std::uint32_t w) { ++df[w]; });
            for (const auto& l : p.links) {
                if (target_seen_on[l.target] != i + 1) {
                    target_seen_on[l.target] = i + 1;
                    ++link_df[l.target];
                }
            }
            for (const PageHeading& hd : p.headings) {
                const std::uint32_t h = hd.id;
                if (heading_seen_on[h] != i + 1) {
                    heading_seen_on[h] = static_cast<std::uint32_t>(i + 1);
                    ++heading_df[h];
                }
            }
        }
    }
    // With three or more pages, what is on at least 60 % of them is the template.
    const bool have_template = html_pages >= 3;
    auto common = [&](int n) { return have_template && n * 10 >= html_pages * 6; };
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        for (PageHeading& hd : sf.pages[i].headings) {
            hd.in_template = common(heading_df[hd.id]);
        }
    }
    // A sentence of its own is content: a Maklumat is often one line and a scanned image, and a
    // serta-merta page may say only that there is nothing to announce. An empty template has a heading
    // (itself a menu word) and nothing else, or a stock line such as "Belum ada informasi".
    constexpr int k_min_content_words = 6;
    std::set<std::string> broken_documents;
    for (const auto& d : sf.documents) {
        if (!d.failure.empty() || d.http_status < 200 || d.http_status >= 300) {
            broken_documents.insert(d.url);
        }
    }
    std::vector<bool> broken_target(sf.targets.size());
    for (std::size_t t = 0; t < sf.targets.size(); ++t) {
        broken_target[t] = broken_documents.contains(sf.targets[t].url);
    }
    // Images every page shows (logo, banners) are the template; one more is the page's own (a scanned
    // Maklumat, an organisation chart).
    int template_images = -1;
    for (const auto& p : sf.pages) {
        if (p.html && !p.page.offsite) {
            template_images =
                template_images < 0 ? p.facts.images : std::min(template_images, p.facts.images);
        }
    }
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        auto& p = sf.pages[i];
        if (!p.html) {
            continue;
        }
        // The name of a download that does not answer is not content of the page, and neither are bare
        // numbers (upload dates and times, years).
        std::set<std::uint32_t> dead_names;
        for (const auto& l : p.links) {
            if (l.kind == LinkKind::document && broken_target[l.target]) {
                for_each_word(st.folded_strings[l.text], [&](std::string_view w) {
                    if (auto id = st.words.find(w)) {
                        dead_names.insert(*id);
                    }
                });
            }
        }
        int own = 0;
        st.page_words[i].for_each([&](std::uint32_t w) {
            if ((p.page.offsite || !common(df[w])) && !st.words.number(w) && !dead_names.contains(w)) {
                ++own;
            }
        });
        bool has_items = false;
        int own_links = 0; // links not in the template: a listing of articles or documents has items
        for (const auto& l : p.links) {
            // A download link is an item when the document answers (or was not checked); a page whose
            // only substance is a lost upload is still a label, not a publication.
            if (l.kind == LinkKind::document && !l.hidden && !broken_target[l.target]) {
                has_items = true;
            }
            if (!l.hidden && (l.kind == LinkKind::internal || l.kind == LinkKind::external) &&
                !common(link_df[l.target])) {
                ++own_links;
            }
        }
        has_items = has_items || (have_template && own_links >= 2);
        for (const auto& t : p.facts.tables) {
            if (t.rows > 0) {
                has_items = true;
            }
        }
        for (const auto& f : p.facts.forms) {
            if (f.fields.size() >= 3) {
                has_items = true;
            }
        }
        if (have_template && template_images >= 0 && p.facts.images > template_images) {
            has_items = true;
        }
        p.empty = !has_items && own < k_min_content_words;
    }
}

// A date in the URL path: /2024/05/15/slug (WordPress, OpenSID /artikel/2024/05/15/).
std::optional<std::string> path_date(const std::string& path) {
    std::vector<std::string> seg;
    std::string cur;
    for (char c : path + "/") {
        if (c == '/') {
            if (!cur.empty()) {
                seg.push_back(cur);
            }
            cur.clear();
        } else {
            cur += c;
        }
    }
    auto num = [](const std::string& s, std::size_t len) {
        return s.size() == len &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    for (std::size_t i = 0; i + 1 < seg.size(); ++i) {
        if (num(seg[i], 4) && num(seg[i + 1], 2)) {
            const std::string day = i + 2 < seg.size() && num(seg[i + 2], 2) ? seg[i + 2] : "01";
            std::string d = seg[i] + "-" + seg[i + 1] + "-" + day;
            if (days_from_iso(d)) {
                return d;
            }
        }
    }
    return std::nullopt;
}

// Adds a dated item unless `items` has one of the same date already. A page's dates are read for its
// newest one, the first of equal dates winning (rule_fresh), so a later item of a date already there
// can never be chosen: a listing that prints each date twice, or in a <time> and again as text, keeps
// one.
void add_date(std::vector<DatedItem>& items, DatedItem item) {
    for (const auto& d : items) {
        if (d.date == item.date) {
            return;
        }
    }
    items.push_back(std::move(item));
}

// Content dates of a page (HTML only). The extractor's dates are used when it found any; otherwise
// they are read here from metadata, the URL path and the visible text. Printed dates go to
// `text_dates` first: keep_text_dates leaves out those the site prints on most pages.
void collect_dates(PageView& p, const extract::PageFacts& facts, const std::string& text,
                   const extract::DateContext& dctx, std::vector<DatedItem>& text_dates) {
    if (!facts.dates.empty()) {
        for (const auto& d : facts.dates) {
            add_date(d.source == "text" ? text_dates : p.dates, {d.date, d.source, d.text});
        }
        return;
    }
    for (const auto& m : facts.metas) {
        static const std::set<std::string> k_date_metas = {"article:published_time",
                                                           "article:modified_time",
                                                           "og:updated_time",
                                                           "datepublished",
                                                           "datemodified",
                                                           "date",
                                                           "dc.date",
                                                           "dcterms.modified",
                                                           "pubdate"};
        if (k_date_metas.count(m.name) != 0) {
            if (auto d = extract::parse_iso_date(m.content)) {
                add_date(p.dates, {*d, "meta:" + m.name, m.content});
            }
        }
    }
    if (!p.page.sitemap_lastmod.empty() && days_from_iso(p.page.sitemap_lastmod)) {
        add_date(p.dates, {p.page.sitemap_lastmod.substr(0, 10), "sitemap", "sitemap lastmod"});
    }
    for (const auto& m : extract::find_dates(text, dctx)) {
        if (m.kind == extract::DateKind::date) {
            add_date(text_dates, {m.date, "text", m.text});
        }
    }
    if (auto d = path_date(p.address.path)) {
        add_date(p.dates, {*d, "url", p.address.path});
    }
}

// The printed dates of every page after its other dates, leaving out dates that the site prints on
// most pages (a "hari ini …" header widget is not a content date, KIP.md).
void keep_text_dates(SiteFacts& sf, std::vector<std::vector<DatedItem>>& text_dates) {
    std::unordered_map<std::string, int> df;
    int html_pages = 0;
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        if (!sf.pages[i].html) {
            continue;
        }
        ++html_pages;
        std::set<std::string> seen;
        for (const auto& d : text_dates[i]) {
            if (seen.insert(d.date).second) {
                ++df[d.date];
            }
        }
    }
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        for (auto& d : text_dates[i]) {
            const bool widget = html_pages >= 3 && df[d.date] * 10 >= html_pages * 6;
            if (!widget) {
                add_date(sf.pages[i].dates, std::move(d));
            }
        }
    }
}

std::string host_without_www(std::string host) {
    if (host.starts_with("www.")) {
        host.erase(0, 4);
    }
    return host;
}

} // namespace

std::vector<int> years_named(const std::string& text) {
    std::vector<int> out;
    const std::string folded = extract::fold(text);
    std::size_t at = 0;
    while (at < folded.size()) {
        const std::size_t end = std::min(folded.find(' ', at), folded.size());
        const std::string_view w(folded.data() + at, end - at);
        if (w.size() == 4 && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            const int y = (w[0] - '0') * 1000 + (w[1] - '0') * 100 + (w[2] - '0') * 10 + (w[3] - '0');
            if (y >= 2000) {
                out.push_back(y);
            }
        }
        at = end + 1;
    }
    return out;
}

std::string url_host(const std::string& url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> h(curl_url(), &curl_url_cleanup);
    if (!h || curl_url_set(h.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        return {};
    }
    char* s = nullptr;
    std::string out;
    if (curl_url_get(h.get(), CURLUPART_HOST, &s, 0) == CURLUE_OK) {
        out = s;
        curl_free(s);
    }
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string url_path(const std::string& url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> h(curl_url(), &curl_url_cleanup);
    if (!h || curl_url_set(h.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        return {};
    }
    char* s = nullptr;
    std::string out;
    if (curl_url_get(h.get(), CURLUPART_PATH, &s, CURLU_URLDECODE) == CURLUE_OK) {
        out = s;
        curl_free(s);
    }
    return out;
}

bool evidence_host(const std::string& host) {
    return host.ends_with(".go.id") || host == "drive.google.com" || host == "docs.google.com";
}

PageLinks::PageLinks(std::shared_ptr<const std::vector<PageLink>> table,
                     const std::vector<std::uint32_t>& ids)
    : m_table(std::move(table)), m_count(static_cast<std::uint32_t>(ids.size())) {
    std::vector<unsigned char> bytes;
    bytes.reserve(ids.size() * 2);
    std::int64_t prev = 0;
    for (const std::uint32_t id : ids) {
        const std::int64_t delta = static_cast<std::int64_t>(id) - prev;
        prev = id;
        auto zz = static_cast<std::uint64_t>(delta < 0 ? ((-delta - 1) << 1) | 1 : delta << 1);
        while (zz >= 0x80) {
            bytes.push_back(static_cast<unsigned char>((zz & 0x7f) | 0x80));
            zz >>= 7;
        }
        bytes.push_back(static_cast<unsigned char>(zz));
    }
    m_bytes = std::vector<unsigned char>(bytes.begin(), bytes.end()); // exact size, not bytes' capacity
}

const PageView* SiteFacts::find(const std::string& url) const {
    // The first page (in fetch order) whose request URL, or else final URL, it is.
    const std::uint64_t h = quick_hash(url);
    auto it =
        std::lower_bound(url_index.begin(), url_index.end(), std::pair<std::uint64_t, std::uint32_t>(h, 0));
    for (; it != url_index.end() && it->first == h; ++it) {
        const PageView& p = pages[it->second >> 1];
        if (((it->second & 1) != 0 ? p.page.final_url : p.page.url) == url) {
            return &p;
        }
    }
    return nullptr;
}

const store::Document* SiteFacts::document(const std::string& url) const {
    auto it = document_by_url.find(url);
    return it == document_by_url.end() ? nullptr : &documents[it->second];
}

const PageView* SiteFacts::find(const UrlParts& target) const {
    return target.page == UrlParts::k_not_fetched ? nullptr : &pages[target.page];
}

const store::Document* SiteFacts::document(const UrlParts& target) const {
    return target.document == UrlParts::k_not_fetched ? nullptr : &documents[target.document];
}

bool SiteFacts::same_site(const std::string& h) const {
    return !h.empty() && host_without_www(h) == host_without_www(host);
}

namespace {

// Every phrase of the catalogue's rules, and the words the integrity kind counts on a page.
void index_catalogue(SiteFacts& sf, const config::Catalogue& catalogue) {
    for (const auto& r : catalogue.rules) {
        for (const auto* list :
             {&r.match.words, &r.match.abbreviations, &r.match.slugs, &r.match.content_words}) {
            for (const auto& x : *list) {
                sf.phrases.add(extract::squash_folded(extract::fold(x)));
            }
        }
        if (r.kind != "integrity") {
            continue;
        }
        for (const auto* list : {&r.match.words, &r.match.abbreviations}) {
            for (const auto& x : *list) {
                std::string f = extract::fold(x);
                if (!f.empty() && f.find(' ') == std::string::npos &&
                    std::find(sf.counted_words.begin(), sf.counted_words.end(), f) ==
                        sf.counted_words.end()) {
                    sf.counted_words.push_back(std::move(f));
                }
            }
        }
    }
}

std::uint32_t intern_string(SiteFacts& sf, LoadState& st, const std::string& raw) {
    const auto [id, added] = st.string_index.find_or_add(
        raw, static_cast<std::uint32_t>(sf.strings.size()),
        [&sf](std::uint32_t k) -> const std::string& { return sf.strings[k].raw; });
    if (added) {
        std::string folded = extract::fold(raw);
        sf.strings.push_back({raw, sf.phrases.scan(folded)});
        words_of(folded, st.words, st.scratch.words);
        st.string_words.push_back(st.scratch.words.ids);
        st.folded_strings.push_back(std::move(folded));
    }
    return id;
}

// A target is parsed when first seen; whether its file name counts is decided by that first link.
std::uint32_t intern_target(SiteFacts& sf, LoadState& st, const std::string& url, bool document_link) {
    const auto [id, added] = st.target_index.find_or_add(
        url, static_cast<std::uint32_t>(sf.targets.size()),
        [&sf](std::uint32_t k) -> const std::string& { return sf.targets[k].url; });
    if (added) {
        UrlParts t;
        t.url = url;
        t.host = url_host(url);
        t.path = url_path(url);
        t.path_phrases = sf.phrases.scan(extract::fold(t.path));
        if (document_link || extract::is_document_url(url)) {
            std::string name = t.path.substr(t.path.rfind('/') + 1);
            if (auto dot = name.rfind('.'); dot != std::string::npos) {
                name.erase(dot);
            }
            t.file_phrases = sf.phrases.scan(extract::fold(name)); // fold() reads _ - + as spaces
        }
        sf.targets.push_back(std::move(t));
    }
    return id;
}

// The words of an HTML page's folded text: the distinct ones (for mark_empty_pages), how many there
// are, and how often each counted word occurs.
void count_words(PageView& v, LoadState& st, std::size_t page_index, std::size_t counted,
                 const Words& words) {
    std::vector<std::uint32_t>& distinct = st.scratch.distinct;
    distinct.clear();
    std::vector<std::uint32_t> counts(counted);
    const auto stamp = static_cast<std::uint32_t>(page_index + 1);
    v.word_count = static_cast<std::uint32_t>(words.ids.size());
    for (const std::uint32_t id : words.ids) {
        if (id < counted) {
            ++counts[id];
        }
        if (id >= st.word_seen_on.size()) {
            st.word_seen_on.resize(id + 1);
        }
        if (st.word_seen_on[id] != stamp) {
            st.word_seen_on[id] = stamp;
            distinct.push_back(id);
        }
    }
    for (std::uint32_t k = 0; k < counted; ++k) {
        if (counts[k] > 0) {
            v.counted_words.emplace_back(k, counts[k]);
        }
    }
    std::sort(distinct.begin(), distinct.end());
    st.page_words[page_index] = PackedIds(distinct);
}

// Everything the rules read of one stored page, derived while its text is in memory.
PageView view_page(const store::Database& db, SiteFacts& sf, LoadState& st, store::Page&& page,
                   const extract::DateContext& dctx) {
    const std::size_t i = sf.pages.size();
    PageView v;
    // The page's facts and text are read here and dropped when this returns: most of a site's facts,
    // and no rule reads them again (they read what is derived below and what is copied into v).
    extract::PageFacts facts = extract::facts_from_json(std::exchange(page.facts_json, {}));
    const std::string text = std::exchange(facts.text, {});
    v.html = is_html(page);
    v.page = {page.id, page.http_status, page.offsite, page.ttfb_ms, page.total_ms, std::move(page.url),
              std::move(page.final_url), std::move(page.content_type), std::move(page.failure),
              std::move(page.last_modified), std::move(page.sitemap_lastmod),
              // Only the home page's fetch record is read (rule_https: its redirects and certificate).
              i == 0 ? std::move(page.fetch_json) : std::string()};
    v.facts = {
        std::move(facts.title),  std::move(facts.lang),   std::move(facts.forms), std::move(facts.tables),
        std::move(facts.emails), std::move(facts.phones), facts.images,           facts.images_without_alt};
    v.address.url = v.page.final_url.empty() ? v.page.url : v.page.final_url;
    v.address.host = url_host(v.address.url);
    v.address.path = url_path(v.address.url);
    v.address.path_phrases = sf.phrases.scan(extract::fold(v.address.path));

    std::vector<std::uint32_t> labels; // text and image alt of each link, in order
    const std::vector<store::Link> links = db.links_from(v.page.id);
    std::vector<std::uint32_t> link_ids;
    link_ids.reserve(links.size());
    for (const auto& l : links) {
        PageLink pl;
        pl.text = intern_string(sf, st, l.text);
        pl.title = intern_string(sf, st, l.title);
        pl.img_alt = intern_string(sf, st, l.img_alt);
        pl.target = intern_target(sf, st, l.to_url, l.kind == "document");
        pl.kind = link_kind(l.kind);
        pl.hidden = l.hidden;
        const std::array<std::uint32_t, 5> key{pl.target, pl.text, pl.title, pl.img_alt,
                                               static_cast<std::uint32_t>(pl.kind) << 1 |
                                                   (pl.hidden ? 1U : 0U)};
        auto [at, added] = st.link_index.try_emplace(key, static_cast<std::uint32_t>(sf.link_table->size()));
        if (added) {
            sf.link_table->push_back(pl);
        }
        link_ids.push_back(at->second);
        labels.push_back(pl.text);
        labels.push_back(pl.img_alt);
    }
    v.links = PageLinks(sf.link_table, link_ids);

    const std::string folded = extract::fold(text);
    Words& words = st.scratch.words;
    words_of(folded, st.words, words);
    Words& own = st.scratch.own;
    own_text_of(words, labels, st, own);
    v.own_phrases = st.scanner.scan(own.text, own.ids);
    v.text_phrases = st.scanner.scan(words.text, words.ids);
    v.phone_number = has_phone_number(text);
    st.page_words.emplace_back();
    if (v.html) {
        count_words(v, st, i, sf.counted_words.size(), words);
    }
    v.title_phrases = sf.phrases.scan(extract::fold(v.facts.title));
    v.headings.reserve(facts.headings.size());
    for (const auto& h : facts.headings) {
        std::string folded_heading = extract::fold(h.text);
        auto [at, added] = st.heading_index.try_emplace(
            folded_heading, static_cast<std::uint32_t>(sf.heading_phrases.size()));
        if (added) {
            sf.heading_phrases.push_back(sf.phrases.scan(at->first));
        }
        v.headings.push_back({at->second, false});
        for (const int y : years_named(h.text)) {
            v.heading_years.push_back(static_cast<std::uint16_t>(std::min(y, 0xffff)));
        }
    }
    v.heading_years.shrink_to_fit();
    auto& text_dates = st.text_dates.emplace_back();
    if (v.html) {
        collect_dates(v, facts, text, dctx, text_dates);
    }
    // Exact size: a listing page's fifty dates, kept with spare capacity on every page, were once the
    // largest single part of a big site's audit memory.
    v.dates.shrink_to_fit();
    text_dates.shrink_to_fit();
    return v;
}

} // namespace

SiteFacts load_site_facts(const store::Database& db, std::int64_t run_id, std::int64_t site_id,
                          const config::Catalogue& catalogue) {
    SiteFacts sf;
    if (auto run = db.run(run_id)) {
        sf.run = *run;
    }
    if (auto site = db.site(site_id)) {
        sf.site = *site;
    }
    for (const auto& c : db.site_crawls(run_id)) {
        if (c.site_id == site_id) {
            sf.crawl = c;
        }
    }
    for (const auto& r : db.runs()) {
        for (const auto& c : db.site_crawls(r.id)) {
            if (c.site_id == site_id) {
                sf.history.push_back({r.id, r.started_at, c.status});
            }
        }
    }
    index_catalogue(sf, catalogue);
    extract::DateContext dctx;
    if (auto t = unix_from_iso(sf.run.started_at)) {
        dctx.reference_time = *t;
    }
    LoadState st(sf.counted_words, sf.phrases);
    // Sized once: a PageView is about 1 KiB, and a vector doubling towards 20,000 of them holds the old
    // and the new array at once.
    const std::size_t count = db.page_count(run_id, site_id);
    sf.pages.reserve(count);
    st.page_words.reserve(count);
    st.text_dates.reserve(count);
    // One page at a time: its text is read, scanned and dropped before the next one is read.
    db.for_each_page(run_id, site_id, [&](store::Page&& page) {
        sf.offsite_fetched = sf.offsite_fetched || page.offsite;
        sf.pages.push_back(view_page(db, sf, st, std::move(page), dctx));
    });
    // What only reading the pages needed goes before the site's indexes below are built: the memory
    // of a big site's audit peaks after this point.
    st.release_page_reading();
    const std::string home = !sf.crawl.final_url.empty() ? sf.crawl.final_url
                             : !sf.pages.empty() && !sf.pages[0].page.final_url.empty()
                                 ? sf.pages[0].page.final_url
                                 : sf.site.url;
    sf.host = url_host(home);
    for (std::size_t i = 0; i < sf.pages.size(); ++i) {
        const auto at = static_cast<std::uint32_t>(i);
        sf.url_index.emplace_back(quick_hash(sf.pages[i].page.url), at << 1);
        if (!sf.pages[i].page.final_url.empty()) {
            sf.url_index.emplace_back(quick_hash(sf.pages[i].page.final_url), at << 1 | 1);
        }
    }
    // Within a hash, by page and then request URL before final URL: find() answers as a map filled
    // in this order, first entry winning, would.
    std::sort(sf.url_index.begin(), sf.url_index.end());
    sf.documents = db.documents(run_id, site_id);
    for (std::size_t i = 0; i < sf.documents.size(); ++i) {
        sf.document_by_url.emplace(sf.documents[i].url, i);
    }
    for (auto& t : sf.targets) {
        if (const PageView* p = sf.find(t.url)) {
            t.page = static_cast<std::size_t>(p - sf.pages.data());
        }
        if (auto it = sf.document_by_url.find(t.url); it != sf.document_by_url.end()) {
            t.document = it->second;
        }
    }
    mark_empty_pages(sf, st);
    keep_text_dates(sf, st.text_dates);
    return sf;
}

} // namespace pantau::checks

// The freshness kinds (KIP.md "kesegaran").
//
// fresh_dates: the newest content date reachable from the matched section (the section's pages and
// what they link one hop away) is within `freshness.pass_days` (pass), `warn_days` (warn), else fail.
// Dates come, in order of trust, from the extractor (<time>, article meta, JSON-LD, printed dates),
// sitemap lastmod, dates in the URL path and in link texts, PDF metadata the crawler stored; the
// Last-Modified header is used only when nothing else is dated (dynamic CMSs send the current time).
//
// fresh_years: the newest year of the matched documents (file name, link text, title, PDF metadata).
// PDF metadata means the CreationDate/ModDate the crawler read from PDFs it fetched whole (see
// meta_dates); a year only they give is reported with its field and day, so the auditor can see
// the file's name carried none.
// Without `due`: a year >= T - years_back passes (financial/performance documents cover T-1 or T).
// With `due` ("03-31"): after that day of year T a report for T-1 must exist, before it one for T-2.
#include "checks/calendar.hpp"
#include "checks/engine.hpp"
#include "checks/locate.hpp"

#include "extract/dates.hpp"
#include "extract/text.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace pantau::checks {

namespace {

struct Dated {
    int day = 0;
    std::string date;
    std::string url;
    std::string text;
};

extract::DateContext date_context(const RuleContext& ctx) {
    extract::DateContext d;
    d.reference_time = static_cast<std::int64_t>(ctx.today) * 86400 + 12 * 3600;
    return d;
}

// A date from a document's stored metadata, with the PDF field it came from.
struct MetaDate {
    std::string date;  // YYYY-MM-DD
    std::string field; // "ModDate" or "CreationDate"
};

// The dates the crawler read from a PDF's information dictionary (crawler/engine.cpp stores them as
// pdf_modified / pdf_created, YYYY-MM-DD; a "D:20240515…" value is read too). Only these named keys:
// the row also holds URLs, errors and the HTTP Last-Modified, none of which is the document's date.
std::vector<MetaDate> meta_dates(const std::string& meta_json) {
    std::vector<MetaDate> out;
    if (meta_json.empty()) {
        return out;
    }
    auto j = nlohmann::json::parse(meta_json, nullptr, false);
    if (!j.is_object()) {
        return out;
    }
    for (const auto& [key, field] :
         {std::pair{"pdf_modified", "ModDate"}, std::pair{"pdf_created", "CreationDate"}}) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string()) {
            continue;
        }
        std::string v = it->get<std::string>();
        if (v.starts_with("D:") && v.size() >= 10) {
            v = v.substr(2, 4) + "-" + v.substr(6, 2) + "-" + v.substr(8, 2);
        }
        if (auto d = extract::parse_iso_date(v)) {
            out.push_back({*d, field});
        }
    }
    return out;
}

// How evidence names a metadata date: "metadata PDF (ModDate 2025-03-10)".
std::string meta_source(const RuleContext& ctx, const MetaDate& m) {
    return ctx.tr(fmt::format("metadata PDF ({} {})", m.field, m.date),
                  fmt::format("PDF metadata ({} {})", m.field, m.date));
}

std::vector<int> meta_years(const std::string& meta_json) {
    std::vector<int> out;
    auto j = nlohmann::json::parse(meta_json.empty() ? "{}" : meta_json, nullptr, false);
    if (j.is_object() && j.contains("year") && j["year"].is_number_integer()) {
        out.push_back(j["year"].get<int>());
    }
    return out;
}

class Collector {
public:
    Collector(const RuleContext& ctx) : m_ctx(ctx), m_dctx(date_context(ctx)) {}

    void add(const std::string& iso, const std::string& url, const std::string& text) {
        auto day = days_from_iso(iso);
        if (!day || *day > m_ctx.today + 1) {
            return; // dates more than a day in the future are ignored (KIP.md)
        }
        if (!m_best || *day > m_best->day) {
            m_best = Dated{*day, iso.substr(0, 10), url, text};
        }
        ++m_count;
    }

    void add_page(const PageView& p) {
        const std::string& url = p.address.url; // the final URL, else the requested one
        if (!m_pages.insert(url).second) {
            return;
        }
        for (const auto& d : p.dates) {
            add(d.date, url, d.text);
        }
        if (auto lm = days_from_http_date(p.page.last_modified)) {
            if (!m_last_modified || *lm > m_last_modified->day) {
                m_last_modified =
                    Dated{*lm, iso_from_days(*lm), url, "Last-Modified: " + p.page.last_modified};
            }
        }
    }

    void add_link(const PageLink& l) {
        const std::string& text = m_ctx.site.text_of(l);
        const UrlParts& target = m_ctx.site.targets[l.target];
        const std::string& url = target.url;
        for (const auto& date : dates_in(l.text)) {
            add(date, url, text);
        }
        if (const store::Document* d = m_ctx.site.document(target)) {
            for (const auto& m : meta_dates(d->meta_json)) {
                add(m.date, url, meta_source(m_ctx, m));
            }
        }
        if (const PageView* p = m_ctx.site.find(target); p != nullptr && p->html) {
            add_page(*p);
        }
    }

    // The newest date; Last-Modified only when nothing else was dated.
    std::optional<Dated> newest(bool* from_last_modified) const {
        *from_last_modified = !m_best && m_last_modified;
        return m_best ? m_best : m_last_modified;
    }

private:
    // The dates printed in a link string (SiteFacts::strings), read once: a section's pages share
    // their menus.
    const std::vector<std::string>& dates_in(std::uint32_t string) {
        if (m_string_dates.empty()) {
            m_string_dates.resize(m_ctx.site.strings.size());
        }
        auto& dates = m_string_dates[string];
        if (!dates) {
            dates.emplace();
            for (const auto& m : extract::find_dates(m_ctx.site.strings[string].raw, m_dctx)) {
                if (m.kind == extract::DateKind::date) {
                    dates->push_back(m.date);
                }
            }
        }
        return *dates;
    }

    const RuleContext& m_ctx;
    extract::DateContext m_dctx;
    std::vector<std::optional<std::vector<std::string>>> m_string_dates;
    std::optional<Dated> m_best;
    std::optional<Dated> m_last_modified;
    std::unordered_set<std::string_view> m_pages; // PageView::address.url of the pages added
    int m_count = 0;
};

std::vector<int> years_in(const std::string& text, int max_year) {
    std::vector<int> out = years_named(text);
    std::erase_if(out, [max_year](int y) { return y > max_year; });
    return out;
}

} // namespace

Finding rule_fresh_dates(const RuleContext& ctx) {
    const config::Freshness& fw = ctx.rule.freshness;
    const Matcher matcher(ctx.rule.match, ctx.site.phrases);
    std::vector<Hit> hits = locate(ctx, matcher);
    Collector dates(ctx);
    bool section = false;
    for (const auto& h : hits) {
        if (h.reach != Reach::ok) {
            continue;
        }
        section = true;
        for (const auto& m : extract::find_dates(h.label, date_context(ctx))) {
            if (m.kind == extract::DateKind::date) {
                dates.add(m.date, h.url, h.label);
            }
        }
        if (h.doc != nullptr) {
            for (const auto& m : meta_dates(h.doc->meta_json)) {
                dates.add(m.date, h.url, meta_source(ctx, m));
            }
        }
        if (h.page != nullptr && h.page->html) {
            dates.add_page(*h.page);
            for (const auto& l : h.page->links) {
                if (!l.hidden && !ctx.spam.target(l.target) && l.kind != LinkKind::mailto &&
                    l.kind != LinkKind::tel) {
                    dates.add_link(l);
                }
            }
        }
    }
    Finding f;
    const std::string title = ctx.rule.title.in(ctx.options.lang);
    if (!section) {
        f.status = Status::fail;
        f.message = ctx.tr(fmt::format("Tidak ada bagian yang dapat dinilai kesegarannya ({}).", title),
                           fmt::format("No section whose freshness could be judged ({}).", title));
        return f;
    }
    bool from_lm = false;
    auto newest = dates.newest(&from_lm);
    if (!newest) {
        f.status = fw.warn_only ? Status::na : Status::warn;
        f.message =
            ctx.tr("Bagiannya ada, tetapi tidak ada tanggal terbit/unggah yang terbaca; cantumkan tanggal.",
                   "The section exists, but no publication or upload date could be read; show dates.");
        for (const auto& h : hits) {
            if (h.reach == Reach::ok) {
                f.evidence.push_back(evidence_of(ctx, h));
            }
        }
        f.evidence = first(std::move(f.evidence), 3);
        return f;
    }
    const int age = ctx.today - newest->day;
    f.evidence.push_back({newest->url, newest->text, newest->date, 0});
    if (const PageView* p = ctx.site.find(newest->url)) {
        f.evidence.back().http_status = p->page.http_status;
    }
    const std::string lm_note = from_lm ? ctx.tr(" (hanya dari header Last-Modified, kurang dapat dipercaya)",
                                                 " (from the Last-Modified header only, least trusted)")
                                        : "";
    if (age <= fw.pass_days) {
        f.status = Status::pass;
    } else if (fw.warn_days > 0 && age <= fw.warn_days) {
        f.status = Status::warn;
    } else {
        f.status = fw.warn_only ? Status::warn : Status::fail;
    }
    f.message = ctx.tr(fmt::format("Tanggal terbaru {} ({} hari lalu; batas {} hari){}.", newest->date, age,
                                   fw.pass_days, lm_note),
                       fmt::format("Newest date {} ({} days ago; limit {} days){}.", newest->date, age,
                                   fw.pass_days, lm_note));
    return f;
}

Finding rule_fresh_years(const RuleContext& ctx) {
    const config::Freshness& fw = ctx.rule.freshness;
    const int year = year_of_days(ctx.today);
    const Matcher matcher(ctx.rule.match, ctx.site.phrases);
    std::vector<Hit> hits = locate(ctx, matcher);

    struct Best {
        int year = 0;
        const Hit* hit = nullptr;
        std::optional<MetaDate> meta; // set when only the PDF metadata gives this year
    } best;
    const Hit* undated = nullptr;
    for (const auto& h : hits) {
        if (h.reach != Reach::ok) {
            continue;
        }
        std::vector<int> ys = years_in(h.label, year + 1);
        const std::string path = url_path(h.url);
        for (int y : years_in(path.substr(path.rfind('/') + 1), year + 1)) {
            ys.push_back(y);
        }
        if (h.page != nullptr && h.page->html && !h.document) {
            for (int y : years_in(h.page->facts.title, year + 1)) {
                ys.push_back(y);
            }
            for (const int y : h.page->heading_years) {
                if (y <= year + 1) {
                    ys.push_back(y);
                }
            }
        }
        // The year the name, label and title give is the year the document covers ("LKjIP 2023"); the
        // PDF's own dates say when the file was made (a 2023 report is made in 2024, and re-saving an
        // old report makes it look new), so they count only for a document nothing else dates.
        const int named = ys.empty() ? 0 : *std::max_element(ys.begin(), ys.end());
        std::optional<MetaDate> newest_meta;
        if (h.doc != nullptr && named == 0) {
            for (int y : meta_years(h.doc->meta_json)) {
                ys.push_back(y);
            }
            for (auto& m : meta_dates(h.doc->meta_json)) {
                const int y = std::stoi(m.date.substr(0, 4));
                if (y <= year + 1) {
                    ys.push_back(y);
                    if (!newest_meta || m.date > newest_meta->date) {
                        newest_meta = std::move(m);
                    }
                }
            }
        }
        if (ys.empty()) {
            undated = undated != nullptr ? undated : &h;
            continue;
        }
        const int y = *std::max_element(ys.begin(), ys.end());
        if (y > best.year) {
            // Name the metadata as the source only when the name, label and title say less.
            best = {y, &h, y > named ? newest_meta : std::nullopt};
        }
    }

    Finding f;
    int required = year - std::max(0, fw.years_back);
    std::string rule_text;
    if (!fw.due.empty()) {
        const int due = days_from_iso(fmt::format("{:04d}-{}", year, fw.due)).value_or(ctx.today);
        required = ctx.today > due ? year - 1 : year - 2;
        rule_text = ctx.tr(fmt::format("laporan tahun {} wajib terbit sebelum {}-{}", year - 1, year, fw.due),
                           fmt::format("the report for {} is due by {}-{}", year - 1, year, fw.due));
    } else {
        rule_text = ctx.tr(fmt::format("diharapkan tahun {} atau {}", year - 1, year),
                           fmt::format("expected {} or {}", year - 1, year));
    }
    if (best.hit != nullptr) {
        Evidence ev = evidence_of(ctx, *best.hit);
        ev.date = std::to_string(best.year);
        if (best.meta) {
            ev.date = best.meta->date;
            ev.text += (ev.text.empty() ? "" : " — ") + meta_source(ctx, *best.meta);
            rule_text = meta_source(ctx, *best.meta) + "; " + rule_text;
        }
        f.evidence.push_back(std::move(ev));
        if (best.year >= required) {
            f.status = Status::pass;
            f.message = ctx.tr(fmt::format("Dokumen terbaru bertahun {} ({}).", best.year, rule_text),
                               fmt::format("Newest document year {} ({}).", best.year, rule_text));
        } else {
            f.status = fw.warn_only ? Status::warn : Status::fail;
            f.message = ctx.tr(fmt::format("Dokumen terbaru bertahun {}; {}.", best.year, rule_text),
                               fmt::format("Newest document year is {}; {}.", best.year, rule_text));
        }
        return f;
    }
    if (undated != nullptr) {
        f.status = fw.warn_only ? Status::na : Status::warn;
        f.evidence.push_back(evidence_of(ctx, *undated));
        f.message =
            ctx.tr("Dokumen ada, tetapi tahunnya tidak tercantum pada judul, nama berkas atau metadata.",
                   "Documents exist, but their year is not in the title, file name or metadata.");
        return f;
    }
    f.status = fw.warn_only ? Status::na : Status::fail;
    f.message = fw.warn_only
                    ? ctx.tr("Tidak ada dokumen bertahun untuk dinilai.", "No dated documents to judge.")
                    : ctx.tr(fmt::format("Tidak ditemukan ({}).", rule_text),
                             fmt::format("Not found ({}).", rule_text));
    return f;
}

} // namespace pantau::checks

#include "reports/html.hpp"

#include "checks/finding.hpp"

#include <fmt/core.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

namespace pantau::reports {

namespace {

// The one stylesheet of every page; allowed by its hash in the CSP, so no other style can apply.
constexpr std::string_view k_style = R"CSS(
:root{--fg:#1b1f24;--mut:#57606a;--bd:#d0d7de;--bg:#f6f8fa;--acc:#0b5cad}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);margin:0;background:#fff}
header.top{background:#0b3d6e;color:#fff;padding:16px 24px}
header.top h1{margin:0;font-size:22px}
header.top p{margin:4px 0 0}
header.top a{color:#fff}
main{max-width:1440px;margin:0 auto;padding:8px 24px 24px}
a{color:var(--acc)}
.note{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px;margin:16px 0}
section{margin:24px 0}
h2{font-size:18px;border-bottom:1px solid var(--bd);padding-bottom:4px}
h3{font-size:16px;margin:18px 0 6px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}
dl.meta dt{color:var(--mut)}
dl.meta dd{margin:0;overflow-wrap:anywhere}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:24px}
.wide{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--bd);padding:5px 7px;text-align:left;vertical-align:top}
th{background:var(--bg);white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td small{color:var(--mut);overflow-wrap:anywhere}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" \25B2"}
th[aria-sort=descending] button::after{content:" \25BC"}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.c-informatif{background:#1a7f37}.c-menuju-informatif{background:#4d9221}.c-cukup-informatif{background:#9a7400}
.c-kurang-informatif{background:#c25e00}.c-tidak-informatif{background:#c62828}
.s-fail{background:#c62828}.s-warn{background:#9a7400}.s-pass{background:#1a7f37}.s-n-a{background:#6e7781}
.up{color:#1a7f37}.down{color:#c62828}.muted{color:var(--mut)}
.filters{display:flex;gap:16px;flex-wrap:wrap;align-items:center;margin:8px 0}
details.f{border:1px solid var(--bd);border-radius:6px;margin:6px 0;padding:6px 10px}
details.f summary{cursor:pointer}
details.f p{margin:4px 0}
ul.ev{margin:4px 0;padding-left:20px;overflow-wrap:anywhere}
.score{font-size:42px;font-weight:700;line-height:1.1}
svg text{font:13px system-ui,sans-serif;fill:#1b1f24}
footer{color:var(--mut);font-size:13px;padding:16px 24px;border-top:1px solid var(--bd)}
)CSS";

// Sorting and filtering of the ranking table. Without script the table stays in rank order and the
// filters stay hidden. It reads data-* attributes and moves rows; it never parses markup.
constexpr std::string_view k_script = R"JS(
(function () {
  var t = document.getElementById('ranking');
  if (!t) { return; }
  var body = t.tBodies[0];
  var fp = document.getElementById('f-pemda'), fc = document.getElementById('f-cat');
  var count = document.getElementById('f-count');
  function apply() {
    var p = fp.value, c = fc.value, n = 0;
    Array.prototype.forEach.call(body.rows, function (r) {
      var show = (!p || r.getAttribute('data-pemda') === p) && (!c || r.getAttribute('data-cat') === c);
      r.hidden = !show;
      if (show) { n++; }
    });
    count.textContent = String(n);
  }
  fp.addEventListener('change', apply);
  fc.addEventListener('change', apply);
  document.getElementById('filters').hidden = false;
  var heads = t.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var b = th.querySelector('button');
    if (!b) { return; }
    b.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      var num = th.getAttribute('data-type') === 'num';
      var rows = Array.prototype.slice.call(body.rows);
      function key(r) {
        var cell = r.cells[col], v = cell.getAttribute('data-v');
        if (v === null) { v = cell.textContent; }
        return num ? (v === '' ? NaN : parseFloat(v)) : v.toLowerCase();
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (num) {
          if (isNaN(x) || isNaN(y)) { return isNaN(x) - isNaN(y); }
          return asc ? x - y : y - x;
        }
        return asc ? x.localeCompare(y) : y.localeCompare(x);
      });
      rows.forEach(function (r) { body.appendChild(r); });
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    });
  });
  document.documentElement.setAttribute('data-js', 'ready');
})();
)JS";

struct Lang {
    bool en = false;
    const char* operator()(const char* id, const char* en_text) const { return en ? en_text : id; }
};

std::string esc(std::string_view s) {
    return html_escape(s);
}

bool is_web_url(std::string_view url) {
    auto starts = [&](std::string_view p) {
        if (url.size() < p.size()) {
            return false;
        }
        for (std::size_t i = 0; i < p.size(); ++i) {
            const char c = url[i];
            const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            if (lower != p[i]) {
                return false;
            }
        }
        return true;
    };
    return starts("http://") || starts("https://");
}

// A link only for http(s): a crawled "javascript:" or "data:" address is shown as text, never followed.
std::string link(const std::string& url, const std::string& text) {
    if (!is_web_url(url)) {
        return esc(text);
    }
    return fmt::format(R"(<a href="{}" rel="noopener noreferrer nofollow">{}</a>)", esc(url), esc(text));
}

// Numbers as the reader writes them: "85,5" in Indonesian, "85.5" in English.
std::string num(double v, const Lang& t, int decimals = 1) {
    std::string s = fmt::format("{:.{}f}", v, decimals);
    if (!t.en) {
        std::replace(s.begin(), s.end(), '.', ',');
    }
    return s;
}

std::string signed_num(double v, const Lang& t) {
    if (v > 0) {
        return "+" + num(v, t);
    }
    if (v < 0) {
        return "\xE2\x88\x92" + num(-v, t); // U+2212 minus sign
    }
    return num(0, t);
}

// Cuts a label to `max` code points for a chart axis; the full text stays in the bar's <title>.
std::string cut(const std::string& s, std::size_t max) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (points == max) {
                return s.substr(0, i) + "\xE2\x80\xA6";
            }
            ++points;
        }
    }
    return s;
}

const char* category_fill(const std::string& id) {
    static const std::map<std::string, const char*> fills = {
        {"informatif", "#1a7f37"},        {"menuju-informatif", "#4d9221"}, {"cukup-informatif", "#9a7400"},
        {"kurang-informatif", "#c25e00"}, {"tidak-informatif", "#c62828"},
    };
    const auto it = fills.find(id);
    return it != fills.end() ? it->second : "#0b5cad";
}

struct Bar {
    std::string label;
    double value = 0;
    std::string text; // printed after the bar
    std::string fill = "#0b5cad";
};

// A horizontal bar chart as inline SVG: no library, no script, scales with the page.
std::string svg_bars(const std::vector<Bar>& bars, double max, const std::string& title) {
    constexpr int k_label_w = 230;
    constexpr int k_bar_w = 290;
    constexpr int k_row_h = 26;
    const int height = static_cast<int>(bars.size()) * k_row_h + 8;
    std::string out =
        fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 660 {}" width="100%" )"
                    R"(role="img" aria-label="{}"><title>{}</title>)",
                    height, esc(title), esc(title));
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& b = bars[i];
        const int y = static_cast<int>(i) * k_row_h + 4;
        const double w = max > 0 ? std::clamp(b.value / max, 0.0, 1.0) * k_bar_w : 0.0;
        out += fmt::format(R"(<g><title>{} — {}</title>)", esc(b.label), esc(b.text));
        out += fmt::format(R"(<text x="0" y="{}">{}</text>)", y + 17, esc(cut(b.label, 30)));
        out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#eaeef2"/>)", k_label_w, y + 3,
                           k_bar_w, k_row_h - 8);
        out += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="{}"/>)", k_label_w, y + 3,
                           w, k_row_h - 8, esc(b.fill));
        out +=
            fmt::format(R"(<text x="{}" y="{}">{}</text></g>)", k_label_w + k_bar_w + 8, y + 17, esc(b.text));
    }
    out += "</svg>";
    return out;
}

std::string page_head(const Lang& t, const std::string& title, bool with_script) {
    // Nothing may load: no default source, styles and script only by hash, images only inline.
    const std::string csp =
        fmt::format("default-src 'none'; style-src '{}'; script-src {}; img-src data:; "
                    "base-uri 'none'; form-action 'none'",
                    csp_hash(k_style), with_script ? "'" + csp_hash(k_script) + "'" : "'none'");
    return fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"referrer\" content=\"no-referrer\">\n"
                       "<title>{}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{}</style>\n</head>\n",
                       t.en ? "en" : "id", esc(csp), esc(title), k_style);
}

std::string disclaimer(const Lang& t) {
    return fmt::format(
        "<p class=\"note\">{}</p>\n",
        t("Skor pantau adalah <strong>estimasi kesiapan e-Monev</strong> berdasarkan apa yang terlihat di "
          "situs "
          "web, <strong>bukan kualifikasi resmi</strong> Komisi Informasi (Perki 1/2022). Kategori memakai "
          "rentang "
          "nilai e-Monev: Informatif 90&ndash;100, Menuju Informatif 80&ndash;&lt;90, Cukup Informatif "
          "60&ndash;&lt;80, Kurang Informatif 40&ndash;&lt;60, Tidak Informatif &lt;40.",
          "pantau's score is an <strong>estimate of e-Monev readiness</strong> from what the website shows, "
          "<strong>not the official qualification</strong> by the Komisi Informasi (Perki 1/2022). "
          "Categories use "
          "the e-Monev bands: Informative 90&ndash;100, Towards Informative 80&ndash;&lt;90, Fairly "
          "Informative "
          "60&ndash;&lt;80, Less Informative 40&ndash;&lt;60, Not Informative &lt;40."));
}

std::string footer(const Lang& t) {
    return fmt::format("<footer>{} pantau {} &mdash; UU 14/2008 {}</footer>\n", t("Dibuat oleh", "Made by"),
                       esc(PANTAU_VERSION),
                       t("tentang Keterbukaan Informasi Publik", "on Public Information Disclosure"));
}

std::string band_label(const config::Catalogue& cat, const std::string& category, const std::string& lang) {
    for (const auto& b : cat.bands) {
        if (b.id == category) {
            return b.label.in(lang);
        }
    }
    return category;
}

std::string category_badge(const config::Catalogue& cat, const std::string& category,
                           const std::string& lang) {
    return fmt::format(R"(<span class="badge c-{}">{}</span>)", esc(category),
                       esc(band_label(cat, category, lang)));
}

const char* status_label(checks::Status s, const Lang& t) {
    switch (s) {
    case checks::Status::pass:
        return t("LULUS", "PASS");
    case checks::Status::fail:
        return t("GAGAL", "FAIL");
    case checks::Status::warn:
        return t("PERINGATAN", "WARNING");
    case checks::Status::na:
        return t("TIDAK DINILAI", "NOT ASSESSED");
    }
    return "";
}

std::string rule_title(const config::Catalogue& cat, const std::string& rule, const std::string& lang) {
    const config::Rule* r = cat.rule(rule);
    return r != nullptr ? r->title.in(lang) : rule;
}

std::string delta_html(const SiteDiff* d, const Lang& t) {
    if (d == nullptr) {
        return "";
    }
    if (d->is_new) {
        return t("baru", "new");
    }
    const char* cls = d->delta > 0 ? "up" : (d->delta < 0 ? "down" : "muted");
    return fmt::format(R"(<span class="{}">{}</span>)", cls, signed_num(d->delta, t));
}

// ---- overview

std::string overview(const RunReport& r, const RunDiff* diff, const config::Catalogue& cat) {
    const Lang t{r.lang == "en"};
    const std::string& lang = r.lang;
    std::string out =
        page_head(t, fmt::format("{} — run #{}", t("Laporan pantau", "pantau report"), r.run.id), true);
    out += "<body>\n<header class=\"top\"><h1>";
    out += t("Laporan Keterbukaan Informasi Publik Situs Web",
             "Public Information Disclosure Report of Websites");
    out += fmt::format("</h1><p>Run #{} &middot; {} &middot; {} {}</p></header>\n<main>\n", r.run.id,
                       esc(r.run.registry), r.sites.size(), t("situs", "sites"));
    out += disclaimer(t);

    // Run metadata.
    std::int64_t pages = 0;
    for (const auto& s : r.sites) {
        pages += s.crawl.pages_fetched;
    }
    out += fmt::format("<section id=\"run\"><h2>{}</h2><dl class=\"meta\">\n",
                       t("Tentang run ini", "About this run"));
    auto meta = [&out](const char* k, const std::string& v_html) {
        out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", k, v_html);
    };
    meta("Run", fmt::format("#{} ({})", r.run.id, esc(r.run.kind)));
    meta(t("Registri situs", "Sites registry"), esc(r.run.registry));
    meta(t("Mulai", "Started"), esc(r.run.started_at));
    meta(t("Selesai", "Finished"), esc(r.run.finished_at.empty() ? "-" : r.run.finished_at));
    meta(t("Status", "Status"), esc(r.run.status));
    meta(t("Jumlah situs", "Sites"), std::to_string(r.sites.size()));
    meta(t("Halaman diambil", "Pages fetched"), std::to_string(pages));
    if (diff != nullptr) {
        meta(t("Dibandingkan dengan", "Compared with"),
             fmt::format("run #{} ({})", diff->previous.id, esc(diff->previous.started_at)));
    } else {
        meta(t("Dibandingkan dengan", "Compared with"),
             t("belum ada run sebelumnya untuk registri ini", "no earlier run of this registry"));
    }
    out += "</dl></section>\n";

    // Charts: the five categories, and the mean of each group.
    out += "<div class=\"grid\">\n";
    std::vector<Bar> dist;
    double most = 0;
    for (const auto& b : cat.bands) {
        const auto n = std::count_if(r.sites.begin(), r.sites.end(),
                                     [&](const SiteReport& s) { return s.score.category == b.id; });
        dist.push_back({b.label.in(lang), static_cast<double>(n),
                        fmt::format("{} {}", n, t("situs", n == 1 ? "site" : "sites")), category_fill(b.id)});
        most = std::max(most, static_cast<double>(n));
    }
    out += fmt::format("<section id=\"distribusi\"><h2>{}</h2>{}</section>\n",
                       t("Sebaran kategori", "Distribution across categories"),
                       svg_bars(dist, most, t("Jumlah situs per kategori", "Sites per category")));
    std::vector<Bar> groups;
    for (const auto& g : cat.groups) {
        double sum = 0;
        int n = 0;
        for (const auto& s : r.sites) {
            for (const auto& gs : s.score.groups) {
                if (gs.id == g.id && gs.score) {
                    sum += *gs.score;
                    ++n;
                }
            }
        }
        if (n > 0) {
            groups.push_back({g.title.in(lang), sum / n, num(sum / n, t), "#0b5cad"});
        } else {
            groups.push_back({g.title.in(lang), 0, t("tidak dinilai", "not assessed"), "#0b5cad"});
        }
    }
    out += fmt::format(
        "<section id=\"kelompok\"><h2>{}</h2>{}</section>\n",
        t("Rata-rata per kelompok", "Average per group"),
        svg_bars(groups, 100, t("Rata-rata skor per kelompok (0-100)", "Mean score per group (0-100)")));
    out += "</div>\n";

    // Biggest movers since the previous run.
    if (diff != nullptr) {
        out += fmt::format("<section id=\"perubahan\"><h2>{} #{}</h2><div class=\"grid\">\n",
                           t("Perubahan terbesar sejak run", "Biggest changes since run"), diff->previous.id);
        auto movers = [&](const char* heading, const std::vector<std::size_t>& idx) {
            out += fmt::format("<div><h3>{}</h3>", heading);
            if (idx.empty()) {
                out += fmt::format("<p class=\"muted\">{}</p></div>\n", t("tidak ada", "none"));
                return;
            }
            out += "<ol>";
            for (std::size_t i : idx) {
                const SiteDiff& d = diff->sites[i];
                const auto it = std::find_if(r.sites.begin(), r.sites.end(),
                                             [&](const SiteReport& s) { return s.site.id == d.site_id; });
                const std::string name =
                    it != r.sites.end()
                        ? fmt::format("<a href=\"{}\">{}</a>", esc(site_page_path(*it)), esc(d.name))
                        : esc(d.name);
                out +=
                    fmt::format("<li>{} {} ({} &rarr; {}; {} {}, {} {})</li>", name, delta_html(&d, t),
                                num(d.previous_score.value_or(0), t), num(d.score, t), d.became_fail.size(),
                                t("baru gagal", "newly failing"), d.fixed.size(), t("diperbaiki", "fixed"));
            }
            out += "</ol></div>\n";
        };
        movers(t("Naik", "Up"), diff->risers);
        movers(t("Turun", "Down"), diff->fallers);
        out += "</div>";
        const auto fresh =
            std::count_if(diff->sites.begin(), diff->sites.end(), [](const SiteDiff& d) { return d.is_new; });
        if (fresh > 0 || !diff->removed.empty()) {
            out += fmt::format("<p class=\"muted\">{} {}; {} {}.</p>", fresh, t("situs baru", "new sites"),
                               diff->removed.size(),
                               t("situs tidak lagi ada di registri", "sites no longer in the registry"));
        }
        out += "</section>\n";
    }

    // The ranking: sortable and filterable by the script; in rank order without it.
    std::set<std::string> pemdas;
    for (const auto& s : r.sites) {
        pemdas.insert(s.site.pemda);
    }
    out += fmt::format("<section id=\"peringkat\"><h2>{}</h2>\n", t("Peringkat", "Ranking"));
    out += "<div class=\"filters\" id=\"filters\" hidden>";
    out += fmt::format("<label>{} <select id=\"f-pemda\"><option value=\"\">{}</option>",
                       t("Pemda", "Local government"), t("Semua", "All"));
    for (const auto& p : pemdas) {
        out += fmt::format("<option value=\"{}\">{}</option>", esc(p), esc(p.empty() ? "-" : p));
    }
    out += fmt::format("</select></label><label>{} <select id=\"f-cat\"><option value=\"\">{}</option>",
                       t("Kategori", "Category"), t("Semua", "All"));
    for (const auto& b : cat.bands) {
        out += fmt::format("<option value=\"{}\">{}</option>", esc(b.id), esc(b.label.in(lang)));
    }
    out += fmt::format("</select></label><span>{} <span id=\"f-count\">{}</span> {}</span></div>\n",
                       t("Menampilkan", "Showing"), r.sites.size(), t("situs", "sites"));
    out += "<div class=\"wide\"><table id=\"ranking\"><thead><tr>";
    auto th = [&out](const std::string& label_html, bool numeric, const std::string& title = "") {
        out += fmt::format("<th{}{} data-type=\"{}\"><button type=\"button\"{}>{}</button></th>",
                           numeric ? " class=\"n\"" : "", "", numeric ? "num" : "text",
                           title.empty() ? "" : " title=\"" + esc(title) + "\"", label_html);
    };
    th(t("Peringkat", "Rank"), true);
    th(t("Di pemda", "In pemda"), true,
       t("Peringkat di antara situs pemda yang sama", "Rank among the sites of the same local government"));
    th(t("Situs", "Site"), false);
    th(t("Pemda", "Local gov."), false);
    th(t("Skor", "Score"), true);
    th(t("Kategori", "Category"), false);
    if (diff != nullptr) {
        th(t("Perubahan", "Change"), true);
    }
    th(t("Gagal", "Fails"), true);
    for (const auto& g : cat.groups) {
        th(esc(g.id), true, g.title.in(lang));
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& s : r.sites) {
        out +=
            fmt::format("<tr data-pemda=\"{}\" data-cat=\"{}\">", esc(s.site.pemda), esc(s.score.category));
        out += fmt::format("<td class=\"n\">{}</td><td class=\"n\">{}</td>", s.rank, s.pemda_rank);
        out += fmt::format("<td data-v=\"{}\"><a href=\"{}\">{}</a><br><small>{}</small></td>",
                           esc(s.site.name), esc(site_page_path(s)), esc(s.site.name), esc(s.site.url));
        out += fmt::format("<td>{}</td>", esc(s.site.pemda));
        out += fmt::format("<td class=\"n\" data-v=\"{:.1f}\">{}</td>", s.score.score, num(s.score.score, t));
        out +=
            fmt::format("<td data-v=\"{}\">{}</td>", 100 - static_cast<int>(cat.band_for(s.score.score).min),
                        category_badge(cat, s.score.category, lang));
        if (diff != nullptr) {
            const SiteDiff* d = diff->site(s.site.id);
            out += fmt::format("<td class=\"n\" data-v=\"{}\">{}</td>",
                               d != nullptr && !d->is_new ? fmt::format("{:.1f}", d->delta) : "",
                               delta_html(d, t));
        }
        out += fmt::format("<td class=\"n\">{}</td>", s.score.fails);
        for (const auto& g : cat.groups) {
            std::string v;
            std::string shown = "&ndash;";
            for (const auto& gs : s.score.groups) {
                if (gs.id == g.id && gs.score) {
                    v = fmt::format("{:.1f}", *gs.score);
                    shown = num(*gs.score, t, 0);
                }
            }
            out += fmt::format("<td class=\"n\" data-v=\"{}\">{}</td>", v, shown);
        }
        out += "</tr>\n";
    }
    out += "</tbody></table></div></section>\n</main>\n";
    out += footer(t);
    out += fmt::format("<script>{}</script>\n</body>\n</html>\n", k_script);
    return out;
}

// ---- one site

std::string site_page(const RunReport& r, const SiteReport& s, const RunDiff* diff,
                      const config::Catalogue& cat, const std::map<std::string, int>& per_pemda) {
    const Lang t{r.lang == "en"};
    const std::string& lang = r.lang;
    std::string out =
        page_head(t, fmt::format("{} — {}", s.site.name, t("Laporan pantau", "pantau report")), false);
    out += fmt::format(
        "<body>\n<header class=\"top\"><p><a href=\"../report.html\">&larr; {}</a></p><h1>{}</h1>"
        "<p>{}</p></header>\n<main>\n",
        t("Kembali ke peringkat", "Back to the ranking"), esc(s.site.name), link(s.site.url, s.site.url));
    out += disclaimer(t);

    const auto found = per_pemda.find(s.site.pemda);
    const int same_pemda = found != per_pemda.end() ? found->second : 1;
    int fails = 0;
    int warns = 0;
    for (const auto& f : s.findings) {
        fails += f.status == checks::Status::fail ? 1 : 0;
        warns += f.status == checks::Status::warn ? 1 : 0;
    }
    out += "<div class=\"grid\">\n<section id=\"skor\">";
    out += fmt::format("<h2>{}</h2><div class=\"score\">{}</div><p>{}</p>", t("Skor", "Score"),
                       num(s.score.score, t), category_badge(cat, s.score.category, lang));
    out += "<dl class=\"meta\">";
    out += fmt::format("<dt>{}</dt><dd>{} {} {}</dd>", t("Peringkat dalam run", "Rank in the run"), s.rank,
                       t("dari", "of"), r.sites.size());
    out += fmt::format("<dt>{}</dt><dd>{} {} {} ({})</dd>",
                       t("Peringkat di pemda", "Rank in the local government"), s.pemda_rank, t("dari", "of"),
                       same_pemda, esc(s.site.pemda.empty() ? "-" : s.site.pemda));
    if (!s.site.parent.empty()) {
        out += fmt::format("<dt>{}</dt><dd>{}</dd>", t("Induk", "Parent"), esc(s.site.parent));
    }
    out += fmt::format("<dt>{}</dt><dd>{} {}, {} {}</dd>", t("Temuan", "Findings"), fails,
                       t("gagal", "failing"), warns, t("peringatan", "warnings"));
    out += "</dl></section>\n";
    std::vector<Bar> bars;
    for (const auto& g : cat.groups) {
        for (const auto& gs : s.score.groups) {
            if (gs.id != g.id) {
                continue;
            }
            if (gs.score) {
                bars.push_back({g.title.in(lang), *gs.score, num(*gs.score, t, 0), "#0b5cad"});
            } else {
                bars.push_back({g.title.in(lang), 0, t("tidak dinilai", "not assessed"), "#0b5cad"});
            }
        }
    }
    out += fmt::format("<section id=\"kelompok\"><h2>{}</h2>{}</section>\n</div>\n",
                       t("Skor per kelompok", "Score per group"),
                       svg_bars(bars, 100, t("Skor per kelompok (0-100)", "Score per group (0-100)")));

    // Changes since the previous run.
    out += fmt::format("<section id=\"perubahan\"><h2>{}</h2>\n",
                       t("Perubahan sejak run sebelumnya", "Changes since the previous run"));
    const SiteDiff* d = diff != nullptr ? diff->site(s.site.id) : nullptr;
    if (diff == nullptr) {
        out += fmt::format("<p class=\"muted\">{}</p>", t("Belum ada run sebelumnya untuk registri ini.",
                                                          "No earlier run of this registry."));
    } else if (d == nullptr || d->is_new) {
        out += fmt::format("<p class=\"muted\">{} #{}.</p>",
                           t("Situs ini belum ada di run", "This site was not in run"), diff->previous.id);
    } else {
        out += fmt::format("<p>run #{}: {} &rarr; {} ({}); {}: {} &rarr; {}; {}: {} &rarr; {}</p>\n",
                           diff->previous.id, num(*d->previous_score, t), num(d->score, t), delta_html(d, t),
                           t("kategori", "category"), esc(band_label(cat, d->previous_category, lang)),
                           esc(band_label(cat, d->category, lang)), t("peringkat", "rank"), d->previous_rank,
                           d->rank);
        auto changes = [&](const char* heading, const std::vector<RuleChange>& list) {
            out += fmt::format("<h3>{} ({})</h3>", heading, list.size());
            if (list.empty()) {
                out += fmt::format("<p class=\"muted\">{}</p>\n", t("tidak ada", "none"));
                return;
            }
            out += "<ul>";
            for (const auto& c : list) {
                out += fmt::format("<li>{} <code>{}</code> <span class=\"muted\">({} &rarr; {})</span></li>",
                                   esc(rule_title(cat, c.rule, lang)), esc(c.rule),
                                   esc(c.before.empty() ? "-" : c.before), esc(c.after));
            }
            out += "</ul>\n";
        };
        changes(t("Menjadi gagal", "Became failing"), d->became_fail);
        changes(t("Diperbaiki", "Fixed"), d->fixed);
    }
    out += "</section>\n";

    // Availability figures of this crawl.
    const Availability& a = s.availability;
    auto ms = [&](const std::optional<double>& v) {
        return v ? num(*v / 1000.0, t, 2) + " " + t("detik", "s") : std::string("&ndash;");
    };
    out += fmt::format("<section id=\"ketersediaan\"><h2>{}</h2><dl class=\"meta\">\n",
                       t("Ketersediaan", "Availability"));
    out += fmt::format("<dt>{}</dt><dd>{}{}</dd>", t("Perayapan", "Crawl"), esc(s.crawl.status),
                       s.crawl.reason.empty() ? "" : " &mdash; " + esc(s.crawl.reason));
    if (!s.crawl.final_url.empty()) {
        out += fmt::format("<dt>{}</dt><dd>{}</dd>", t("Alamat akhir", "Final address"),
                           link(s.crawl.final_url, s.crawl.final_url));
    }
    out +=
        fmt::format("<dt>{}</dt><dd>{}</dd>", t("Halaman diambil", "Pages fetched"), s.crawl.pages_fetched);
    out +=
        fmt::format("<dt>{}</dt><dd>{} {} {}, {} {}</dd>", t("Halaman di situs", "Pages on the site"), a.ok,
                    t("dari", "of"), a.pages, t("berhasil (2xx); galat:", "answered 2xx; errors:"), a.errors);
    out += fmt::format("<dt>{}</dt><dd>{} ({}: {})</dd>",
                       t("Waktu ke byte pertama, median", "Time to first byte, median"), ms(a.median_ttfb_ms),
                       t("persentil 90", "90th percentile"), ms(a.p90_ttfb_ms));
    out += fmt::format("<dt>{}</dt><dd>{}</dd>",
                       t("Waktu unduh halaman, median", "Page download time, median"), ms(a.median_total_ms));
    out += fmt::format("<dt>{}</dt><dd>{}{} {}</dd>", t("Dokumen tertaut", "Linked documents"), a.documents,
                       t("; rusak:", "; broken:"), a.documents_broken);
    if (!a.failures.empty()) {
        std::string list;
        for (const auto& [kind, n] : a.failures) {
            list += fmt::format("{}{} &times;{}", list.empty() ? "" : ", ", esc(kind), n);
        }
        out += fmt::format("<dt>{}</dt><dd>{}</dd>", t("Jenis kegagalan", "Failure kinds"), list);
    }
    out += "</dl></section>\n";

    // The gap checklist, by legal category: what fails first.
    out += fmt::format("<section id=\"daftar\"><h2>{}</h2>\n",
                       t("Daftar periksa per kategori hukum", "Checklist by legal category"));
    if (s.findings.empty()) {
        out += fmt::format("<p class=\"muted\">{}</p>\n",
                           t("Belum ada temuan: run ini belum diaudit (pantau audit).",
                             "No findings: this run has not been audited (pantau audit)."));
    }
    static constexpr std::array<checks::Status, 4> k_order = {checks::Status::fail, checks::Status::warn,
                                                              checks::Status::na, checks::Status::pass};
    for (const auto& g : cat.groups) {
        const GroupScore* gs = nullptr;
        for (const auto& x : s.score.groups) {
            if (x.id == g.id) {
                gs = &x;
            }
        }
        bool any = false;
        for (const auto& f : s.findings) {
            any = any || f.group == g.id;
        }
        if (!any) {
            continue;
        }
        out += fmt::format("<h3 id=\"g-{}\">{} <span class=\"muted\">&mdash; {}</span></h3>\n", esc(g.id),
                           esc(g.title.in(lang)),
                           gs != nullptr && gs->score ? num(*gs->score, t, 0) + "/100"
                                                      : t("tidak dinilai", "not assessed"));
        for (checks::Status want : k_order) {
            for (const auto& f : s.findings) {
                if (f.group != g.id || f.status != want) {
                    continue;
                }
                const config::Rule* rule = cat.rule(f.rule);
                const bool open = f.status == checks::Status::fail || f.status == checks::Status::warn;
                const std::string status_id(checks::to_string(f.status));
                out += fmt::format(
                    "<details class=\"f\" data-rule=\"{}\" data-status=\"{}\"{}><summary>"
                    "<span class=\"badge s-{}\">{}</span> {} <code class=\"muted\">{}</code></summary>\n",
                    esc(f.rule), esc(status_id), open ? " open" : "", esc(status_id),
                    status_label(f.status, t), esc(rule_title(cat, f.rule, lang)), esc(f.rule));
                if (!f.message.empty()) {
                    out += fmt::format("<p>{}</p>\n", esc(f.message));
                }
                out += fmt::format("<p><strong>{}</strong> {}{}</p>\n", t("Dasar:", "Basis:"), esc(f.basis),
                                   rule != nullptr && rule->best_practice
                                       ? fmt::format(" <em>({})</em>", t("praktik baik, bukan pasal KIP",
                                                                         "best practice, no KIP article"))
                                       : "");
                if (!f.fix.empty() && f.status != checks::Status::pass) {
                    out += fmt::format("<p><strong>{}</strong> {}</p>\n", t("Perbaikan:", "How to fix:"),
                                       esc(f.fix));
                }
                if (!f.evidence.empty()) {
                    out +=
                        fmt::format("<p><strong>{}</strong></p><ul class=\"ev\">", t("Bukti:", "Evidence:"));
                    for (const auto& e : f.evidence) {
                        out += "<li>" + link(e.url, e.url);
                        if (!e.text.empty()) {
                            out += fmt::format(" &mdash; &ldquo;{}&rdquo;", esc(e.text));
                        }
                        if (!e.date.empty()) {
                            out += fmt::format(" <span class=\"muted\">{} {}</span>", t("tanggal", "dated"),
                                               esc(e.date));
                        }
                        if (e.http_status != 0) {
                            out += fmt::format(" <span class=\"muted\">HTTP {}</span>", e.http_status);
                        }
                        out += "</li>";
                    }
                    out += "</ul>\n";
                }
                out += "</details>\n";
            }
        }
    }
    out += "</section>\n</main>\n";
    out += footer(t);
    out += "</body>\n</html>\n";
    return out;
}

} // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string site_page_path(const SiteReport& site) {
    return fmt::format("situs/{}.html", site.site.id);
}

std::string csp_hash(std::string_view text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_Digest(text.data(), text.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) {
        return "sha256-";
    }
    std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> b64{};
    const int n = EVP_EncodeBlock(b64.data(), md.data(), static_cast<int>(len));
    return "sha256-" + std::string(reinterpret_cast<const char*>(b64.data()), static_cast<std::size_t>(n));
}

void render_html_pages(const RunReport& report, const RunDiff* diff, const config::Catalogue& catalogue,
                       const std::function<void(const HtmlFile&)>& sink) {
    sink({"report.html", overview(report, diff, catalogue)});
    std::map<std::string, int> per_pemda; // counted once: a national run has tens of thousands of sites
    for (const auto& s : report.sites) {
        ++per_pemda[s.site.pemda];
    }
    for (const auto& s : report.sites) {
        sink({site_page_path(s), site_page(report, s, diff, catalogue, per_pemda)});
    }
}

std::vector<HtmlFile> render_html(const RunReport& report, const RunDiff* diff,
                                  const config::Catalogue& catalogue) {
    std::vector<HtmlFile> files;
    render_html_pages(report, diff, catalogue, [&files](const HtmlFile& f) { files.push_back(f); });
    return files;
}

} // namespace pantau::reports

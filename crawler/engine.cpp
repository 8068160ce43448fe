// crawler/engine.cpp — the crawl logic behind crawl_sites(): frontier, per-host politeness, robots,
// sitemaps, retries, limits, documents, the off-site hop, resume. Talks only to Loop and Fetcher, so
// the same code runs on Asio+curl and on the tests' fake clock. Every member is touched on the loop
// thread only; parsing runs on Loop::offload and comes back to the loop.
#include "crawler/curl_fetcher.hpp"
#include "crawler/fetcher.hpp"
#include "crawler/robots.hpp"
#include "crawler/site_crawl.hpp"
#include "crawler/sitemap.hpp"
#include "crawler/traps.hpp"
#include "crawler/url.hpp"
#include "crawler/warc.hpp"
#include "extract/facts_json.hpp"
#include "extract/page.hpp"
#include "extract/pdf_meta.hpp"
#include "extract/recent_cache.hpp"
#include "store/checkpointer.hpp"
#include "store/clock.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace pantau::crawler {

FailureKind classify_response(int status, const std::string& body, const std::string& cf_mitigated) {
    if (status == 403 || status == 429) {
        return FailureKind::blocked;
    }
    if (!cf_mitigated.empty()) {
        return FailureKind::blocked; // Cloudflare says it answered with a challenge, whatever the status
    }
    if (status == 503 || status == 200) {
        // Bot-challenge interstitials: the site is up but refuses crawlers. Only the start of the page
        // is looked at, and only for phrases these products print.
        const std::string_view head(body.data(), std::min<std::size_t>(body.size(), 8192));
        static constexpr std::string_view k_markers[] = {"cf-browser-verification", "challenge-platform",
                                                         "Checking your browser",   "DDoS protection by",
                                                         "/_Incapsula_Resource",    "Attention Required!"};
        for (auto marker : k_markers) {
            if (head.find(marker) != std::string_view::npos) {
                return FailureKind::blocked;
            }
        }
    }
    if (status >= 500) {
        return FailureKind::http_5xx;
    }
    if (status >= 400) {
        return FailureKind::http_4xx;
    }
    return FailureKind::none;
}

std::optional<double> parse_retry_after(const std::string& value, std::int64_t now_epoch_s) {
    std::string v;
    for (char c : value) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            v.push_back(c);
        }
    }
    if (v.empty()) {
        return std::nullopt;
    }
    if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return v.size() > 9 ? 1e9 : std::stod(v);
    }
    // HTTP-date (IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT".
    std::tm tm{};
    if (strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S", &tm) == nullptr) {
        return std::nullopt;
    }
    const std::int64_t when = timegm(&tm);
    return static_cast<double>(std::max<std::int64_t>(0, when - now_epoch_s));
}

std::string format_progress(const CrawlProgress& p) {
    const double rate = p.elapsed_s > 0 ? static_cast<double>(p.pages) / p.elapsed_s : 0.0;
    std::string eta = "?";
    if (p.sites_done > 0 && p.sites_done < p.sites_total) {
        const double left = p.elapsed_s / p.sites_done * (p.sites_total - p.sites_done);
        const auto s = static_cast<long long>(left);
        eta = fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
    } else if (p.sites_done == p.sites_total) {
        eta = "00:00:00";
    }
    return fmt::format("{}/{} situs, {} halaman, {:.1f} halaman/detik, {} galat, {} antre, sisa ~{}",
                       p.sites_done, p.sites_total, p.pages, rate, p.errors, p.queued, eta);
}

namespace {

using TimePoint = Loop::TimePoint;
using Seconds = std::chrono::duration<double>;

FailureKind failure_from_string(std::string_view s) {
    for (int k = 0; k <= static_cast<int>(FailureKind::other); ++k) {
        if (to_string(static_cast<FailureKind>(k)) == s) {
            return static_cast<FailureKind>(k);
        }
    }
    return FailureKind::other;
}

// A body's fingerprint (pages.content_hash): FNV-1a over 8-byte words in four interleaved lanes, so
// that the multiplications of neighbouring words do not wait for each other (byte-wise FNV-1a spent a
// multiplication a byte on 40 KB pages), then the lanes, the tail and the length folded together.
// Not cryptographic: it tells identical bodies apart from changed ones.
std::string content_fingerprint(std::string_view s) {
    constexpr std::uint64_t k_prime = 1099511628211ULL;
    std::uint64_t lane[4] = {1469598103934665603ULL, 0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL,
                             0x165667b19e3779f9ULL};
    std::size_t i = 0;
    for (; i + 32 <= s.size(); i += 32) {
        for (int k = 0; k < 4; ++k) {
            std::uint64_t w = 0;
            std::memcpy(&w, s.data() + i + 8 * static_cast<std::size_t>(k), 8);
            lane[k] = (lane[k] ^ w) * k_prime;
        }
    }
    std::uint64_t h = lane[0];
    for (int k = 1; k < 4; ++k) {
        h = (h ^ (lane[k] ^ (lane[k] >> 29))) * k_prime;
    }
    for (; i < s.size(); ++i) {
        h = (h ^ static_cast<unsigned char>(s[i])) * k_prime;
    }
    h = (h ^ s.size()) * k_prime;
    h ^= h >> 32;
    return fmt::format("{:016x}", h);
}

// The parse threads a crawl uses: CrawlOptions::workers, or one per core (at least 1, at most 8).
int parse_workers(const CrawlOptions& options) {
    if (options.workers > 0) {
        return options.workers;
    }
    return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 8);
}

// What a TLS failure means for the people who run the site, from the verifier's message as curl
// passes it on (OpenSSL's wording).
std::string tls_problem(const std::string& error) {
    const auto has = [&](std::string_view w) { return error.find(w) != std::string::npos; };
    if (has("expired")) {
        return "sertifikat kedaluwarsa";
    }
    if (has("not yet valid")) {
        return "sertifikat belum berlaku";
    }
    if (has("self-signed") || has("self signed") || has("unable to get local issuer") ||
        has("unable to get issuer") || has("unknown ca")) {
        return "penerbit sertifikat tidak dipercaya (ditandatangani sendiri atau rantai tidak lengkap)";
    }
    if (has("subject name") || has("host name") || has("hostname")) {
        return "sertifikat diterbitkan untuk nama lain";
    }
    return "jabat tangan TLS gagal";
}

std::string plain_reason(FailureKind kind, int status, const std::string& url, const std::string& error) {
    switch (kind) {
    case FailureKind::dns:
        return fmt::format("nama host tidak dapat di-resolve ({})", url_host(url));
    case FailureKind::connect:
        return fmt::format("koneksi ditolak atau tidak terjangkau ({})", error);
    case FailureKind::timeout:
        return "waktu habis menunggu server";
    case FailureKind::tls:
        return fmt::format("galat TLS/sertifikat: {} ({})", tls_problem(error), error);
    case FailureKind::reset:
        return "koneksi diputus server";
    case FailureKind::blocked:
        return fmt::format("HTTP {}: server menolak perayap", status);
    case FailureKind::http_4xx:
    case FailureKind::http_5xx:
        return fmt::format("HTTP {}", status);
    case FailureKind::too_large:
        return "halaman melebihi batas ukuran";
    case FailureKind::redirect_loop:
        return "pengalihan (redirect) berputar atau terlalu banyak";
    case FailureKind::private_address:
        return "alamat privat/loopback ditolak";
    case FailureKind::robots_disallowed:
        return "robots.txt melarang perayap mengambil halaman ini";
    default:
        return error.empty() ? std::string("galat tidak dikenal") : error;
    }
}

// What a trap cap means, for the site's "partial" note (TrapGuard's own names are English).
std::string_view trap_kind_id(TrapKind kind) {
    switch (kind) {
    case TrapKind::query_variants:
        return "varian query string per path";
    case TrapKind::path_depth:
        return "kedalaman path";
    case TrapKind::same_segment:
        return "segmen path berulang";
    case TrapKind::repeated_run:
        return "rangkaian segmen path berulang";
    case TrapKind::shape:
        return "pola path bernomor seperti kalender atau paginasi";
    case TrapKind::url_length:
        return "panjang URL";
    case TrapKind::unparseable:
        break;
    }
    return "URL tidak terbaca";
}

// One clause for the partial reason: how many URLs the trap guard refused and by which caps, with one
// refused URL per cap as evidence (at most three caps named; a faceted search can hit hundreds).
std::string trap_reason(const std::vector<TrapHit>& hits) {
    std::size_t refused = 0;
    for (const TrapHit& hit : hits) {
        refused += hit.refused;
    }
    std::string out = fmt::format(
        "ruang URL tanpa ujung (perangkap perayap) dihentikan, {} alamat tidak diambil:", refused);
    constexpr std::size_t k_named = 3;
    for (std::size_t i = 0; i < hits.size() && i < k_named; ++i) {
        out += fmt::format("{} batas {} ({} alamat, mis. {})", i == 0 ? "" : ";", trap_kind_id(hits[i].kind),
                           hits[i].refused, hits[i].first_url);
    }
    if (hits.size() > k_named) {
        out += fmt::format("; dan {} pola lain", hits.size() - k_named);
    }
    return out;
}

// The trap caps of one site. TrapGuard's numbered-shape cap alone would also stop a large site's own
// numbered pages (/berita/123 or /p123.html, thousands of them a few links from the home), so it counts
// only URLs found deeper than k_shape_free_depth links: a calendar or "next month" chain goes one link
// deeper per step and gets there, a site's articles do not. Every other cap applies at every depth.
class SiteTraps {
public:
    static constexpr int k_shape_free_depth = 6;

    SiteTraps() : m_all(TrapLimits{.max_per_shape = std::numeric_limits<std::size_t>::max()}) {}

    bool admit(const std::string& url, int depth) {
        if (!m_all.admit(url).admitted) {
            return false;
        }
        return depth <= k_shape_free_depth || m_deep.admit(url).admitted;
    }
    bool cap_hit() const { return m_all.cap_hit() || m_deep.cap_hit(); }
    std::vector<TrapHit> hits() const {
        std::vector<TrapHit> out = m_all.hits();
        for (auto& hit : m_deep.hits()) {
            out.push_back(std::move(hit));
        }
        return out;
    }

private:
    TrapGuard m_all;
    TrapGuard m_deep; // default limits; sees only the deep URLs m_all admitted
};

bool is_evidence_host(const std::string& host) {
    return is_go_id(host) || host == "drive.google.com" || host == "docs.google.com";
}

// Body kept of the http:// probe: where the request lands is the answer, the page is not used.
constexpr long long k_http_probe_bytes = 16 * 1024;

// document_pdf: a whole PDF fetched after its HEAD, only to read the dates in its metadata.
// document_pdf_get: a document whose address names a PDF: one GET capped at pdf_metadata_bytes stands for
// the HEAD and that GET (a larger file is cut off after its headers, which tell what a HEAD would have).
// http_probe: for a site registered as https://, one request to its http:// home, to see whether plain
// http visitors are sent on to https (web.https); the answer is added to the home page's fetch facts.
enum class ItemKind {
    robots,
    page,
    sitemap,
    document_head,
    document_get,
    document_pdf,
    document_pdf_get,
    http_probe
};

// True when the URL's path names a PDF (".pdf", any case).
bool pdf_by_name(const std::string& url) {
    std::string path = url_path_and_query(url);
    path = path.substr(0, path.find_first_of("?#"));
    std::transform(path.begin(), path.end(), path.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return path.ends_with(".pdf");
}

struct Item {
    ItemKind kind = ItemKind::page;
    std::string url; // normalised
    std::size_t site = 0;
    int depth = 0;
    bool offsite = false;
    int attempt = 0;
    TimePoint not_before{};
    int sitemap_level = 0;
};

struct Host;

// A redirect's next hop into a host whose robots.txt is being read: answered when it has been.
struct PendingHop {
    std::string url;
    std::shared_ptr<Host*> answering; // the fetch's answering host (on_answer), moved to this one
    FetchRequest::HopAnswer answer;
};

struct Host {
    std::string name;
    std::deque<Item> queue;
    int in_flight = 0;
    int parsing = 0; // its pages fetched and not yet parsed and stored
    TimePoint next_start{};
    TimePoint last_start{};
    double delay_s = 1;
    int consecutive_failures = 0;
    bool given_up = false;
    enum class Robots { unknown, fetching, ready } robots = Robots::unknown;
    RobotsPolicy policy;
    std::vector<PendingHop> waiting_hops;        // redirects into this host, held until robots.txt answers
    FailureKind unreachable = FailureKind::none; // the robots fetch got no HTTP answer
    std::string unreachable_error;
    // Scheduler bookkeeping (Engine::pump): only hosts that something happened to are looked at.
    bool pending = false; // in the list of hosts to look at on the next pump
    bool waiting = false; // in the list of hosts stopped by the global transfer or parse limit
    TimePoint wake_at = TimePoint::max(); // when a timer entry will look at it again
    // The certificate seen on this host's first TLS connection: curl reports it only for the transfer
    // that made the connection, so later transfers on the reused connection take it from here.
    std::string cert_expiry;
    std::string cert_issuer;
};

// A candidate URL found on a page (or in a stored link list on a 304), classified off the loop.
struct Candidate {
    enum class Kind { page, offsite, document } kind = Kind::page;
    std::string url;
};

struct Parsed {
    std::string content_hash;
    std::string title;
    std::string facts_json;
    std::string facts_packed; // store::pack_page_facts(facts_json)
    std::string links_packed; // store::pack_links() of the page's links
    std::vector<Candidate> candidates;
};

struct Site {
    SiteJob job;
    std::string start_url;
    std::vector<std::string> hosts; // hosts that are this site (start host, where the home landed)
    bool started = false;
    bool finished = false;
    bool home_done = false;
    bool home_ok = false;
    std::int64_t home_page_id = 0;
    std::string home_fetch_json; // as stored, so the http probe's answer can be added to it
    bool expired = false;
    TimePoint deadline{};
    std::string started_iso;
    int outstanding = 0;
    int pages_accepted = 0;
    int pages_stored = 0;
    int offsite_accepted = 0;
    int documents_accepted = 0;
    int sitemaps_accepted = 0;
    int dropped_by_pages = 0;
    int dropped_other = 0;
    bool depth_cut = false;
    std::string host_gave_up;
    // Caps on endless URL spaces, for same-site pages only (off-site hops and documents have their own
    // small budgets). A refused URL is remembered in seen_pages so it is refused, and counted, once.
    SiteTraps traps;
    std::size_t trap_hits_stored = 0; // caps whose first refused URL is in the stored frontier
    std::unordered_set<std::string> seen_pages;
    std::unordered_set<std::string> seen_docs;
    std::unordered_set<std::string> seen_sitemaps;
    std::unordered_map<std::string, std::string> lastmod;
    CrawlOutcome outcome;
};

bool in_scope(const std::vector<std::string>& hosts, const std::string& host) {
    return std::any_of(hosts.begin(), hosts.end(), [&](const std::string& h) { return same_site(h, host); });
}

class Engine {
public:
    Engine(Loop& loop, Fetcher& fetcher, store::Database& db, std::int64_t run_id,
           const CrawlOptions& options, const ProgressFn& progress)
        : m_loop(loop), m_fetcher(fetcher), m_db(db), m_run(run_id), m_opt(options), m_progress(progress) {
        m_base_delay = m_opt.rate > 0 ? 1.0 / m_opt.rate : 0.0;
        m_max_active_sites = std::max(1, m_opt.max_active_sites);
        // Bodies waiting for a parser are memory: past this many (or k_max_parsing_bytes of them), no
        // new transfer starts. Generous in count: with hundreds of hosts the parsers fall behind for
        // a moment now and then (500 home pages at once), and a short queue would hold every host's
        // next request back, late against its politeness slot.
        m_max_parsing = std::max(16, parse_workers(m_opt) * 128);
        // One host's share: enough to keep every parser busy. A single fast site (the CPU-bound case)
        // would otherwise fill the whole queue with bodies that no parser can reach for a while.
        m_host_max_parsing = std::max(4, parse_workers(m_opt) * 4);
    }

    std::vector<CrawlOutcome> run(const std::vector<SiteJob>& jobs) {
        m_started = m_loop.now();
        for (const auto& job : jobs) {
            Site s;
            s.job = job;
            m_sites.push_back(std::move(s));
        }
        // The loop thread commits; the log is copied into the file on another thread, so a checkpoint's
        // fdatasync never holds every host's next request (store/checkpointer.hpp).
        m_checkpointer.emplace(m_db);
        m_writer.emplace(m_db, m_opt.write_batch);
        // Sites already finished in this run (a resumed run) keep their stored outcome.
        for (const auto& c : m_db.site_crawls(m_run)) {
            for (auto& s : m_sites) {
                if (s.job.site_id == c.site_id && !c.finished_at.empty() && !s.finished) {
                    s.finished = true;
                    s.outcome.status = c.status;
                    s.outcome.reason = c.reason;
                    s.outcome.final_url = c.final_url;
                    s.outcome.pages_fetched = static_cast<int>(c.pages_fetched);
                    ++m_sites_done;
                }
            }
        }
        m_loop.post([this] {
            start_sites();
            tick_flush();
        });
        if (m_sites_done < static_cast<int>(m_sites.size())) {
            m_loop.run();
        }
        m_fetcher.cancel_all();
        m_writer->flush();
        m_writer.reset();
        m_checkpointer.reset();
        report_progress(true);
        std::vector<CrawlOutcome> out;
        for (auto& s : m_sites) {
            out.push_back(s.outcome);
        }
        return out;
    }

private:
    // ---- sites

    void start_sites() {
        while (m_next_site < m_sites.size() && m_active_sites < m_max_active_sites) {
            Site& s = m_sites[m_next_site];
            const std::size_t index = m_next_site++;
            if (s.finished) {
                continue;
            }
            start_site(index);
        }
        if (m_sites_done == static_cast<int>(m_sites.size())) {
            m_loop.stop();
        }
    }

    void start_site(std::size_t index) {
        Site& s = m_sites[index];
        s.started = true;
        ++m_active_sites;
        s.started_iso = store::iso_utc_now();
        s.deadline =
            m_loop.now() + std::chrono::duration_cast<Loop::Clock::duration>(Seconds(m_opt.site_budget_s));
        m_loop.call_at(s.deadline, [this, index] { expire_site(index); });
        auto start = normalize_url(s.job.start_url);
        if (!start) {
            s.outcome.status = "down";
            s.outcome.reason = "alamat tidak sah: " + s.job.start_url;
            finish_site(index);
            return;
        }
        s.start_url = *start;
        s.hosts.push_back(url_host(*start));

        // Resume: a frontier stored for this run and site means a crash interrupted it.
        const auto stored = m_db.frontier(m_run, s.job.site_id);
        if (!stored.empty()) {
            resume_site(index, stored);
            maybe_finish(index);
            return;
        }
        accept_page(index, s.start_url, 0, false, "");
        maybe_finish(index);
    }

    void resume_site(std::size_t index, const std::vector<store::FrontierEntry>& stored) {
        Site& s = m_sites[index];
        for (const auto& e : stored) {
            if (e.kind == "document") {
                s.seen_docs.insert(e.url);
                ++s.documents_accepted;
                if (!e.done) {
                    enqueue(
                        Item{.kind = document_kind(e.url), .url = e.url, .site = index, .depth = e.depth});
                }
                continue;
            }
            if (e.kind == "trap") {
                // Replayed in acceptance order, so the guard holds what it held when it refused this URL
                // and refuses it again: the cap is hit once more, the outcome stays partial.
                s.traps.admit(e.url, e.depth);
                s.seen_pages.insert(e.url);
                continue;
            }
            if (!e.offsite) {
                s.traps.admit(e.url, e.depth); // counted again as accepted; the frontier has each URL once
            }
            s.seen_pages.insert(e.url);
            if (!e.sitemap_lastmod.empty()) {
                s.lastmod[e.url] = e.sitemap_lastmod;
            }
            (e.offsite ? s.offsite_accepted : s.pages_accepted) += 1;
            if (e.done && !e.offsite) {
                ++s.pages_stored;
            }
            if (!e.done) {
                enqueue(Item{.kind = ItemKind::page,
                             .url = e.url,
                             .site = index,
                             .depth = e.depth,
                             .offsite = e.offsite});
            }
        }
        s.trap_hits_stored = s.traps.hits().size();
        // Where did the home page land, and did it answer?
        for (const auto& p : m_db.pages(m_run, s.job.site_id)) {
            if (p.url == s.start_url) {
                s.home_done = true;
                note_home(index, p.final_url, failure_from_string(p.failure), p.http_status, "");
                if (s.home_ok) {
                    queue_sitemaps(index);
                    queue_http_probe(index, p.id, p.final_url, p.fetch_json);
                }
                break;
            }
        }
    }

    void expire_site(std::size_t index) {
        Site& s = m_sites[index];
        if (s.finished || s.expired) {
            return;
        }
        s.expired = true;
        // Drop what is still queued for this site; transfers in flight end by their own timeouts.
        for (auto& [name, host] : m_hosts) {
            auto& q = host->queue;
            const auto before = q.size();
            q.erase(std::remove_if(
                        q.begin(), q.end(),
                        [&](const Item& it) { return it.kind != ItemKind::robots && it.site == index; }),
                    q.end());
            const int dropped = static_cast<int>(before - q.size());
            s.outstanding -= dropped;
            s.dropped_other += dropped;
        }
        maybe_finish(index);
    }

    void maybe_finish(std::size_t index) {
        Site& s = m_sites[index];
        if (s.started && !s.finished && s.outstanding == 0) {
            finish_site(index);
        }
    }

    void finish_site(std::size_t index) {
        Site& s = m_sites[index];
        s.finished = true;
        --m_active_sites;
        ++m_sites_done;
        CrawlOutcome& out = s.outcome;
        out.pages_fetched = s.pages_stored;
        if (out.status.empty()) {
            std::vector<std::string> reasons;
            if (s.expired) {
                reasons.push_back(
                    fmt::format("batas waktu per situs ({:.0f} detik) tercapai", m_opt.site_budget_s));
            }
            if (s.dropped_by_pages > 0) {
                reasons.push_back(fmt::format("batas {} halaman per situs tercapai, {} alamat tidak diambil",
                                              m_opt.max_pages, s.dropped_by_pages));
            }
            if (s.depth_cut) {
                reasons.push_back(fmt::format("batas kedalaman {} tautan tercapai", m_opt.max_depth));
            }
            if (!s.host_gave_up.empty()) {
                reasons.push_back(s.host_gave_up);
            }
            if (s.traps.cap_hit()) {
                reasons.push_back(trap_reason(s.traps.hits()));
            }
            if (reasons.empty()) {
                out.status = "ok";
            } else {
                out.status = "partial";
                for (std::size_t i = 0; i < reasons.size(); ++i) {
                    out.reason += (i == 0 ? "" : "; ") + reasons[i];
                }
            }
        }
        store::SiteCrawl crawl;
        crawl.run_id = m_run;
        crawl.site_id = s.job.site_id;
        crawl.final_url = out.final_url;
        crawl.status = out.status;
        crawl.reason = out.reason;
        crawl.pages_fetched = out.pages_fetched;
        crawl.started_at = s.started_iso;
        crawl.finished_at = store::iso_utc_now();
        m_db.put_site_crawl(crawl);
        // Committed with the batch, within tick_flush's two seconds at most: when many sites end at once
        // (a regency's sites crawled side by side all end in the same second), a commit per site would
        // write the same index pages again for each.
        m_writer->tick();
        // Free the site's sets: a long run holds only active sites in memory.
        s.seen_pages = {};
        s.seen_docs = {};
        s.seen_sitemaps = {};
        s.lastmod = {};
        s.traps = SiteTraps();
        report_progress(false);
        start_sites();
    }

    // ---- frontier

    void accept_page(std::size_t index, const std::string& url, int depth, bool offsite,
                     const std::string& lastmod) {
        Site& s = m_sites[index];
        if (s.finished || s.expired || s.seen_pages.contains(url)) {
            if (!lastmod.empty() && !s.finished) {
                s.lastmod.emplace(url, lastmod);
            }
            return;
        }
        if (offsite) {
            if (s.offsite_accepted >= m_opt.max_offsite) {
                return;
            }
            ++s.offsite_accepted;
        } else {
            if (depth > m_opt.max_depth) {
                s.depth_cut = true;
                return;
            }
            if (s.pages_accepted >= m_opt.max_pages) {
                ++s.dropped_by_pages;
                return;
            }
            // After the budget checks, so the guard counts exactly the URLs the frontier stores and a
            // resume that re-admits them rebuilds the same state.
            if (!s.traps.admit(url, depth)) {
                refuse_trap(index, url, depth);
                return;
            }
            ++s.pages_accepted;
        }
        s.seen_pages.insert(url);
        if (!lastmod.empty()) {
            s.lastmod[url] = lastmod;
        }
        m_db.add_frontier(store::FrontierEntry{.run_id = m_run,
                                               .site_id = s.job.site_id,
                                               .url = url,
                                               .kind = "page",
                                               .depth = depth,
                                               .offsite = offsite,
                                               .sitemap_lastmod = lastmod});
        enqueue(Item{.kind = ItemKind::page, .url = url, .site = index, .depth = depth, .offsite = offsite});
    }

    // A URL the trap guard refused: never fetched, never offered to the guard again. The first URL of each
    // cap that fires is kept in the frontier (kind "trap", done) so a resumed crawl still knows the site
    // is partial even when every page that linked into the trap was fetched before the kill.
    void refuse_trap(std::size_t index, const std::string& url, int depth) {
        Site& s = m_sites[index];
        s.seen_pages.insert(url);
        const std::size_t hits = s.traps.hits().size();
        if (hits > s.trap_hits_stored) {
            s.trap_hits_stored = hits;
            m_db.add_frontier(store::FrontierEntry{.run_id = m_run,
                                                   .site_id = s.job.site_id,
                                                   .url = url,
                                                   .kind = "trap",
                                                   .depth = depth,
                                                   .done = true});
        }
    }

    void accept_document(std::size_t index, const std::string& url, int depth) {
        Site& s = m_sites[index];
        if (!m_opt.documents || s.finished || s.expired || s.seen_docs.contains(url) ||
            s.documents_accepted >= m_opt.max_documents) {
            return;
        }
        s.seen_docs.insert(url);
        ++s.documents_accepted;
        m_db.add_frontier(store::FrontierEntry{
            .run_id = m_run, .site_id = s.job.site_id, .url = url, .kind = "document", .depth = depth});
        enqueue(Item{.kind = document_kind(url), .url = url, .site = index, .depth = depth});
    }

    // How a document is checked first: a PDF by name with one capped GET (its dates come with it), any
    // other with a HEAD.
    ItemKind document_kind(const std::string& url) const {
        return m_opt.pdf_metadata_bytes > 0 && pdf_by_name(url) ? ItemKind::document_pdf_get
                                                                : ItemKind::document_head;
    }

    void queue_sitemaps(std::size_t index) {
        Site& s = m_sites[index];
        if (!m_opt.sitemaps) {
            return;
        }
        Host& h = host_for(s.start_url);
        std::vector<std::string> from_robots;
        if (h.robots == Host::Robots::ready && h.policy.source == RobotsSource::parsed) {
            from_robots = h.policy.sitemaps;
        }
        // The sitemaps robots.txt names; only when it names none we can use, one guess: /sitemap.xml.
        // Every probe is a request at the host's politeness rate (a 404 costs as much as a page).
        // WordPress answers /sitemap.xml with a redirect to its own map (wp-sitemap.xml, or Yoast's
        // sitemap_index.xml) and lists it in its robots.txt, so the other default paths seldom add a map.
        const int before = s.sitemaps_accepted;
        for (const auto& url : from_robots) {
            queue_sitemap(index, url, 0);
        }
        if (s.sitemaps_accepted == before) {
            const std::string root = s.outcome.final_url.empty() ? s.start_url : s.outcome.final_url;
            const auto guesses = sitemap_candidates(root, {});
            if (!guesses.empty()) {
                queue_sitemap(index, guesses.front(), 0);
            }
        }
    }

    void queue_sitemap(std::size_t index, const std::string& raw, int level) {
        Site& s = m_sites[index];
        auto url = normalize_url(raw);
        if (!url || s.finished || s.expired || s.sitemaps_accepted >= m_opt.max_sitemaps ||
            !in_scope(s.hosts, url_host(*url)) || !s.seen_sitemaps.insert(*url).second) {
            return;
        }
        ++s.sitemaps_accepted;
        enqueue(Item{.kind = ItemKind::sitemap, .url = *url, .site = index, .sitemap_level = level});
    }

    Host& host_for(const std::string& url) {
        const std::string name = url_host(url);
        auto& slot = m_hosts[name];
        if (!slot) {
            slot = std::make_unique<Host>();
            slot->name = name;
            slot->delay_s = m_base_delay;
            if (!m_opt.robots) {
                slot->robots = Host::Robots::ready;
            }
        }
        return *slot;
    }

    void enqueue(Item item) {
        if (item.kind != ItemKind::robots) {
            ++m_sites[item.site].outstanding;
        }
        Host& h = host_for(item.url);
        ask_robots(h, item.url, item.site);
        h.queue.push_back(std::move(item));
        activate(h);
    }

    // A host's robots.txt is asked for before anything else there, once (`url` is any URL on it).
    void ask_robots(Host& h, const std::string& url, std::size_t site) {
        if (h.robots == Host::Robots::unknown) {
            h.robots = Host::Robots::fetching;
            h.queue.push_front(Item{.kind = ItemKind::robots, .url = robots_txt_url(url), .site = site});
        }
    }

    // Something happened to this host (new item, transfer done, robots answered): look at it on the
    // next pump.
    void activate(Host& h) {
        if (!h.pending) {
            h.pending = true;
            m_ready.push_back(&h);
        }
        schedule_pump();
    }

    // An item leaves the crawl without a fetch (site over, host given up).
    void drop(Item& item) {
        if (item.kind == ItemKind::robots) {
            return;
        }
        Site& s = m_sites[item.site];
        --s.outstanding;
        ++s.dropped_other;
        maybe_finish(item.site);
    }

    // ---- scheduling
    //
    // Each pump looks only at hosts that can have changed: those activated since the last pump, those
    // whose own time (next_start, a retry pause) has come, and, while transfer or parse slots are free,
    // those that were stopped for want of one, oldest first. So a pump costs what happened, not the
    // number of hosts, and a host's next request starts when its timer fires, not on some later sweep.

    void schedule_pump() {
        if (!m_pump_posted) {
            m_pump_posted = true;
            m_loop.post([this] {
                m_pump_posted = false;
                pump();
            });
        }
    }

    bool has_capacity() const {
        return m_in_flight < m_opt.global_transfers && m_parsing < m_max_parsing &&
               m_parsing_bytes < k_max_parsing_bytes;
    }

    // Looks at `h` again at `t` (one timer for all hosts: the earliest entry of m_sleepers).
    void sleep_until(Host& h, TimePoint t) {
        if (t < h.wake_at) {
            h.wake_at = t;
            m_sleepers.emplace(t, &h);
        }
    }

    void arm_wake() {
        if (m_sleepers.empty()) {
            return;
        }
        const TimePoint t = m_sleepers.top().first;
        if (!m_wake || t < *m_wake) {
            m_wake = t;
            m_loop.call_at(t, [this, t] {
                if (m_wake && *m_wake == t) {
                    m_wake.reset();
                }
                pump();
            });
        }
    }

    enum class Stop { idle, busy, capacity, time };

    void examine(Host& h, TimePoint now) {
        if (pump_host(h, now) == Stop::capacity && !h.waiting) {
            h.waiting = true;
            m_waiting.push_back(&h);
        }
    }

    void pump() {
        const TimePoint now = m_loop.now();
        while (!m_sleepers.empty() && m_sleepers.top().first <= now) {
            auto [t, h] = m_sleepers.top();
            m_sleepers.pop();
            if (h->wake_at != t) {
                continue; // superseded by an earlier entry, which has looked at the host already
            }
            h->wake_at = TimePoint::max();
            if (!h->pending) {
                h->pending = true;
                m_ready.push_back(h);
            }
        }
        // Hosts that waited for a free slot go first, in the order they began to wait.
        while (has_capacity() && !m_waiting.empty()) {
            Host* h = m_waiting.front();
            m_waiting.pop_front();
            h->waiting = false;
            examine(*h, now);
        }
        while (!m_ready.empty()) {
            Host* h = m_ready.front();
            m_ready.pop_front();
            h->pending = false;
            examine(*h, now);
        }
        arm_wake();
        report_progress(false);
    }

    Stop pump_host(Host& h, TimePoint now) {
        // Until robots.txt has answered only the robots item may go; after that, FIFO (breadth-first)
        // among the items whose retry pause is over.
        auto eligible = [&](const Item& it) {
            return it.kind == ItemKind::robots || h.robots == Host::Robots::ready;
        };
        // A robots.txt that redirects wait for goes even when every transfer slot is taken: those slots
        // may be the very redirects that wait for it.
        auto urgent = [&] {
            return !h.waiting_hops.empty() && std::any_of(h.queue.begin(), h.queue.end(), [](const Item& it) {
                return it.kind == ItemKind::robots;
            });
        };
        while (!h.queue.empty()) {
            if (!has_capacity() && !urgent()) {
                return Stop::capacity;
            }
            if (h.in_flight >= std::max(1, m_opt.connections)) {
                return Stop::busy; // the end of its own transfer activates it again
            }
            if (h.parsing >= m_host_max_parsing) {
                return Stop::busy; // the end of one of its parses activates it again
            }
            auto ready = std::find_if(h.queue.begin(), h.queue.end(),
                                      [&](const Item& it) { return eligible(it) && it.not_before <= now; });
            if (ready == h.queue.end()) {
                std::optional<TimePoint> soonest;
                for (const auto& it : h.queue) {
                    if (eligible(it) && (!soonest || it.not_before < *soonest)) {
                        soonest = it.not_before;
                    }
                }
                if (soonest) {
                    sleep_until(h, *soonest);
                    return Stop::time;
                }
                return Stop::idle; // waits for robots.txt, whose answer activates it
            }
            if (ready->kind != ItemKind::robots) {
                // Items that need no fetch leave at once: a finished site, a given-up host, robots answers.
                const Site& s = m_sites[ready->site];
                if (s.finished || s.expired || h.given_up) {
                    Item it = std::move(*ready);
                    h.queue.erase(ready);
                    drop(it);
                    continue;
                }
                if (h.unreachable != FailureKind::none || !is_allowed(h.policy, ready->url)) {
                    Item it = std::move(*ready);
                    h.queue.erase(ready);
                    not_fetched(it, h);
                    continue;
                }
            }
            if (now < h.next_start) {
                sleep_until(h, h.next_start);
                return Stop::time;
            }
            Item item = std::move(*ready);
            h.queue.erase(ready);
            take_slot(h, now);
            ++h.in_flight;
            ++m_in_flight;
            start(std::move(item), h);
        }
        return Stop::idle;
    }

    // A request to `h` goes at `at`: the next may not go before the delay after it (on_answer moves
    // that on to the delay after the answer).
    static void take_slot(Host& h, TimePoint at) {
        h.last_start = at;
        h.next_start = at + std::chrono::duration_cast<Loop::Clock::duration>(Seconds(h.delay_s));
    }

    void start(Item item, Host& h) {
        FetchRequest req;
        req.id = ++m_request_id;
        req.url = item.url;
        req.max_body_bytes = m_opt.max_body_bytes;
        switch (item.kind) {
        case ItemKind::robots:
            req.max_body_bytes = static_cast<long long>(k_robots_max_bytes);
            req.truncate_ok = true;
            break;
        case ItemKind::sitemap:
            req.max_body_bytes = m_opt.max_sitemap_bytes;
            break;
        case ItemKind::document_head:
            req.head = true;
            break;
        case ItemKind::document_get:
            req.max_body_bytes = m_opt.document_probe_bytes;
            req.truncate_ok = true;
            break;
        case ItemKind::http_probe:
            req.max_body_bytes = k_http_probe_bytes; // only where it lands matters, not the page
            req.truncate_ok = true;
            break;
        case ItemKind::document_pdf:
            req.max_body_bytes = m_opt.pdf_metadata_bytes;
            req.truncate_ok = true;
            break;
        case ItemKind::document_pdf_get:
            req.max_body_bytes = m_opt.pdf_metadata_bytes; // a larger one fails after its headers
            if (m_opt.conditional) {
                // Unchanged since the last check: a 304, and the dates read then still hold.
                if (auto prev = m_db.previous_document(item.url, m_run)) {
                    const auto meta = nlohmann::json::parse(prev->meta_json, nullptr, false);
                    if (meta.is_object()) {
                        req.if_none_match = meta.value("etag", std::string{});
                        req.if_modified_since = meta.value("last_modified", std::string{});
                    }
                }
            }
            break;
        case ItemKind::page:
            if (m_opt.conditional) {
                if (auto prev = m_db.previous_validators(item.url, m_run)) {
                    req.if_none_match = prev->etag;
                    req.if_modified_since = prev->last_modified;
                }
            }
            break;
        }
        Host* host = &h;
        // The host answering now: the one asked, then the host of each redirect hop.
        auto answering = std::make_shared<Host*>(host);
        // The delay counts from when the server answered, not from when the request was handed to curl or
        // went out: one that waited behind a busy loop went out late, and one the server read late (busy,
        // stalled) started late there, so the next one, sent on time, would reach it sooner than the delay
        // after. The server has read a request before its answer arrives, so counting from the answer keeps
        // every gap it sees at the delay or more. Taken the moment the status line is read, not when the
        // finished transfer reaches done(): with more than one connection to the host, a request may be due
        // before the loop gets to done(), and it must not go out sooner than the delay after an answer that
        // had already come.
        req.on_answer = [this, answering] {
            Host& to = **answering;
            to.next_start = std::max(
                to.next_start,
                m_loop.now() + std::chrono::duration_cast<Loop::Clock::duration>(Seconds(to.delay_s)));
        };
        // A redirect's next hop is a request like any other: it waits for the delay of the host it goes
        // to (the same host after /ppid -> /ppid/ or http -> https), and takes that host's next slot. It
        // is not sent where that host's robots.txt disallows it: a host first met in a redirect has its
        // robots.txt read first, and the hop waits for it. (A robots.txt fetch that is redirected does not
        // wait for another robots.txt.)
        req.next_hop_at = [this, answering, robots_item = item.kind == ItemKind::robots,
                           site = item.site](const std::string& next_url, FetchRequest::HopAnswer answer) {
            Host& to = host_for(next_url);
            if (!robots_item && to.robots != Host::Robots::ready) {
                ask_robots(to, next_url, site);
                to.waiting_hops.push_back({next_url, answering, std::move(answer)});
                activate(to);
                return;
            }
            answer(hop_at(to, next_url, *answering));
        };
        m_fetcher.submit(req, [this, item = std::move(item), host, answering](FetchResponse r) mutable {
            Host& last = **answering; // the transfer's connection is to the host of its last hop
            --last.in_flight;
            --m_in_flight;
            done(std::move(item), *host, std::move(r));
            activate(last); // its next item may go now; a freed slot lets a waiting host go
            if (&last != host) {
                activate(*host);
            }
        });
    }

    // When a redirect's hop into `to` may go: nullopt when robots.txt disallows it; otherwise at `to`'s
    // next slot, which it takes, and `to` becomes the answering host: the transfer now holds one of
    // `to`'s connections, and no longer one of the host it came from. A host whose robots.txt got no
    // answer at all (refused address, DNS, connection) is tried: the hop then fails for that same
    // reason, which is what the page's record should say.
    std::optional<TimePoint> hop_at(Host& to, const std::string& url, Host*& answering) {
        if (to.robots == Host::Robots::ready && to.unreachable == FailureKind::none &&
            !is_allowed(to.policy, url)) {
            return std::nullopt;
        }
        if (answering != &to) {
            --answering->in_flight;
            ++to.in_flight;
            activate(*answering); // a connection of its own is free again
        }
        answering = &to;
        const TimePoint at = std::max(m_loop.now(), to.next_start);
        take_slot(to, at);
        return at;
    }

    // ---- results

    void done(Item item, Host& h, FetchResponse r) {
        if (!r.cert_expiry.empty()) {
            h.cert_expiry = r.cert_expiry;
            h.cert_issuer = r.cert_issuer;
        } else if (!h.cert_expiry.empty() && r.status > 0 && r.final_url.starts_with("https://") &&
                   url_host(r.final_url) == h.name) {
            r.cert_expiry = h.cert_expiry;
            r.cert_issuer = h.cert_issuer;
        }
        FailureKind kind = r.failure;
        if (kind == FailureKind::none && r.status > 0) {
            kind = classify_response(r.status, r.body, r.cf_mitigated);
        }
        const bool site_live =
            item.kind == ItemKind::robots || (!m_sites[item.site].finished && !m_sites[item.site].expired);
        // Retries: transient failures and 429, after a pause (Retry-After when the server gave one).
        const bool retryable = is_transient(kind) || r.status == 429;
        if (kind != FailureKind::none && kind != FailureKind::http_4xx &&
            kind != FailureKind::robots_disallowed) {
            ++h.consecutive_failures;
        } else {
            h.consecutive_failures = 0;
        }
        if (retryable && item.attempt < m_opt.max_retries && site_live && !h.given_up &&
            h.consecutive_failures < m_opt.host_give_up) {
            double pause = m_opt.backoff_base_s * std::pow(2.0, item.attempt);
            if (r.status == 429 || r.status == 503) {
                if (auto ra =
                        parse_retry_after(r.retry_after, static_cast<std::int64_t>(std::time(nullptr)))) {
                    pause = std::min(*ra, m_opt.retry_after_cap_s);
                    // The whole host asked for the pause, not just this URL.
                    h.next_start = std::max(
                        h.next_start,
                        m_loop.now() + std::chrono::duration_cast<Loop::Clock::duration>(Seconds(pause)));
                }
            }
            ++item.attempt;
            item.not_before =
                m_loop.now() + std::chrono::duration_cast<Loop::Clock::duration>(Seconds(pause));
            h.queue.push_back(std::move(item));
            activate(h);
            return;
        }
        if (h.consecutive_failures >= m_opt.host_give_up && !h.given_up) {
            give_up(h, kind);
        }
        switch (item.kind) {
        case ItemKind::robots:
            robots_done(h, r, kind);
            break;
        case ItemKind::sitemap:
            sitemap_done(item, r, kind);
            break;
        case ItemKind::document_head:
        case ItemKind::document_get:
        case ItemKind::document_pdf:
        case ItemKind::document_pdf_get:
            document_done(item, h, std::move(r), kind);
            break;
        case ItemKind::page:
            page_done(std::move(item), std::move(r), kind, &h);
            break;
        case ItemKind::http_probe:
            http_probe_done(item, r, kind);
            break;
        }
    }

    // The home of an https:// site answered over https: ask its http:// home where it leads. Not for
    // sites registered as http:// (their own home fetch shows whether http goes on to https).
    void queue_http_probe(std::size_t index, std::int64_t page_id, const std::string& final_url,
                          const std::string& fetch_json) {
        Site& s = m_sites[index];
        s.home_page_id = page_id;
        s.home_fetch_json = fetch_json;
        if (!m_opt.http_probe || !s.start_url.starts_with("https://") || !final_url.starts_with("https://") ||
            fetch_json.find("\"http_redirects_to_https\"") != std::string::npos ||
            fetch_json.find("\"http_probe\"") != std::string::npos) {
            return;
        }
        auto http = normalize_url("http://" + s.start_url.substr(8));
        if (!http) {
            return;
        }
        enqueue(Item{.kind = ItemKind::http_probe, .url = *http, .site = index});
    }

    void http_probe_done(const Item& item, const FetchResponse& r, FailureKind kind) {
        Site& s = m_sites[item.site];
        auto facts =
            nlohmann::json::parse(s.home_fetch_json.empty() ? "{}" : s.home_fetch_json, nullptr, false);
        if (!facts.is_object()) {
            facts = nlohmann::json::object();
        }
        nlohmann::json probe;
        probe["url"] = item.url;
        probe["status"] = r.status;
        probe["final_url"] = r.final_url;
        probe["failure"] = std::string(to_string(kind));
        if (!r.error.empty()) {
            probe["error"] = r.error;
        }
        facts["http_probe"] = probe;
        // Only an answer tells: no answer at all on http:// (nothing listens) is neither insecure nor a
        // redirect, and robots/refusals say nothing about the redirect either.
        if (r.status > 0) {
            facts["http_redirects_to_https"] = r.final_url.starts_with("https://");
        }
        s.home_fetch_json = facts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        if (s.home_page_id != 0) {
            m_db.set_page_fetch_json(s.home_page_id, s.home_fetch_json);
            m_writer->tick();
        }
        finish_item(item.site);
    }

    void give_up(Host& h, FailureKind kind) {
        h.given_up = true;
        std::set<std::size_t> sites;
        for (const auto& it : h.queue) {
            if (it.kind != ItemKind::robots) {
                sites.insert(it.site);
            }
        }
        for (std::size_t index : sites) {
            Site& s = m_sites[index];
            if (s.host_gave_up.empty()) {
                s.host_gave_up =
                    fmt::format("host {} tidak ditanyai lagi setelah {} kegagalan berturut-turut ({})",
                                h.name, h.consecutive_failures, to_string(kind));
            }
        }
        // The queue is dropped by pump_host (it sees given_up) so counts stay in one place.
        activate(h);
    }

    void robots_done(Host& h, const FetchResponse& r, FailureKind kind) {
        h.robots = Host::Robots::ready;
        if (r.status > 0) {
            h.policy = robots_policy(r.status, r.body, r.final_url.empty() ? r.url : r.final_url);
            if (h.policy.rules.crawl_delay && *h.policy.rules.crawl_delay > h.delay_s) {
                h.delay_s = *h.policy.rules.crawl_delay; // robots Crawl-delay wins when larger
                h.next_start = std::max(
                    h.next_start,
                    h.last_start + std::chrono::duration_cast<Loop::Clock::duration>(Seconds(h.delay_s)));
            }
        } else {
            h.policy = robots_policy(std::nullopt, "", r.url);
            h.unreachable = kind == FailureKind::none ? FailureKind::other : kind;
            h.unreachable_error = r.error;
        }
        // Redirects that waited for this robots.txt go now (or end, where it disallows them).
        std::vector<PendingHop> hops = std::move(h.waiting_hops);
        h.waiting_hops.clear();
        for (PendingHop& hop : hops) {
            hop.answer(hop_at(h, hop.url, *hop.answering));
        }
        activate(h);
    }

    // A page or document the crawl will not fetch: robots forbids it, or its host could not be reached
    // when robots.txt was asked for. Recorded like any outcome.
    void not_fetched(Item& item, Host& h) {
        FetchResponse r;
        r.url = item.url;
        r.final_url = item.url;
        FailureKind kind = FailureKind::robots_disallowed;
        if (h.unreachable != FailureKind::none) {
            kind = h.unreachable;
            r.error = h.unreachable_error;
        } else if (h.policy.source == RobotsSource::server_error ||
                   h.policy.source == RobotsSource::rate_limited) {
            r.error = "robots.txt: " + h.policy.reason;
        }
        r.failure = kind;
        switch (item.kind) {
        case ItemKind::page:
            page_done(std::move(item), std::move(r), kind);
            break;
        case ItemKind::document_head:
        case ItemKind::document_get:
        case ItemKind::document_pdf:
        case ItemKind::document_pdf_get:
            document_done(item, h, std::move(r), kind);
            break;
        default:
            finish_item(item.site);
            break;
        }
    }

    void finish_item(std::size_t index) {
        --m_sites[index].outstanding;
        maybe_finish(index);
    }

    void sitemap_done(const Item& item, const FetchResponse& r, FailureKind kind) {
        Site& s = m_sites[item.site];
        if (kind == FailureKind::none && r.status == 200 && !s.finished && !s.expired) {
            const Sitemap map = parse_sitemap(r.body, r.final_url);
            if (map.format == SitemapFormat::sitemap_index) {
                if (item.sitemap_level < 2) {
                    for (const auto& e : map.entries) {
                        queue_sitemap(item.site, e.url, item.sitemap_level + 1);
                    }
                }
            } else {
                for (const auto& e : map.entries) {
                    auto url = normalize_url(e.url);
                    if (url && in_scope(s.hosts, url_host(*url))) {
                        accept_page(item.site, *url, 1, false, e.lastmod.value_or(""));
                    }
                }
            }
        }
        finish_item(item.site);
    }

    void document_done(Item& item, Host& h, FetchResponse r, FailureKind kind) {
        Site& s = m_sites[item.site];
        // HEAD refused (405/501, or any other error but a plain "not there"): ask again with a short GET.
        if (item.kind == ItemKind::document_head && kind != FailureKind::robots_disallowed &&
            kind != FailureKind::private_address && kind != FailureKind::dns &&
            (r.status == 405 || r.status == 501 || (r.status >= 400 && r.status != 404 && r.status != 410) ||
             kind == FailureKind::reset || kind == FailureKind::other) &&
            !s.finished && !s.expired) {
            item.kind = ItemKind::document_get;
            item.attempt = 0;
            h.queue.push_back(std::move(item));
            activate(h);
            return;
        }
        if (item.kind == ItemKind::document_pdf) {
            pdf_done(std::move(item), std::move(r), kind);
            return;
        }
        if (item.kind == ItemKind::document_pdf_get && kind == FailureKind::none && r.status == 304) {
            if (auto prev = m_db.previous_document(item.url, m_run)) {
                // Not modified: this run's row is the earlier one's (status, type, size, dates).
                prev->id = 0;
                prev->run_id = m_run;
                prev->site_id = s.job.site_id;
                m_db.add_document(*prev);
                m_db.mark_frontier_done(m_run, s.job.site_id, "document", item.url);
                m_writer->tick();
                finish_item(item.site);
                return;
            }
        }
        bool cut_off = false;
        if (item.kind == ItemKind::document_pdf_get && kind == FailureKind::too_large && r.status >= 200 &&
            r.status < 300) {
            // Larger than is read for its dates: the document is there, as a HEAD would have said.
            kind = FailureKind::none;
            r.error.clear();
            r.body.clear();
            cut_off = true;
        }
        store::Document d;
        d.run_id = m_run;
        d.site_id = s.job.site_id;
        d.url = item.url;
        d.http_status = r.status;
        d.content_type = r.content_type;
        d.bytes = r.content_length >= 0 ? r.content_length : r.bytes;
        d.failure = std::string(to_string(kind));
        nlohmann::json meta;
        meta["final_url"] = r.final_url;
        meta["method"] = item.kind == ItemKind::document_head ? "HEAD" : "GET";
        if (!r.last_modified.empty()) {
            meta["last_modified"] = r.last_modified;
        }
        if (!r.etag.empty()) {
            meta["etag"] = r.etag;
        }
        if (!r.redirects.empty()) {
            meta["redirects"] = r.redirects.size();
        }
        if (!r.error.empty()) {
            meta["error"] = r.error;
        }
        d.meta_json = meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        m_db.add_document(d);
        if (item.kind == ItemKind::document_head && kind == FailureKind::none &&
            wants_pdf_meta(item.url, r) && !s.finished && !s.expired) {
            // The HEAD's row stands (written above, so a site that ends before the GET keeps it); the
            // GET, one more request in the host's queue, only adds the dates (pdf_done).
            m_pdf_rows[{item.site, item.url}] = std::move(d);
            item.kind = ItemKind::document_pdf;
            item.attempt = 0;
            h.queue.push_back(std::move(item));
            activate(h);
            return;
        }
        if (item.kind == ItemKind::document_pdf_get && kind == FailureKind::none && !cut_off &&
            r.status == 200 && wants_pdf_meta(item.url, r) &&
            std::string_view(r.body).substr(0, 1024).find("%PDF-") != std::string_view::npos) {
            read_pdf_dates(std::move(item), std::move(d), std::move(r.body));
            return;
        }
        if (item.kind == ItemKind::document_get && kind == FailureKind::none && !r.truncated &&
            m_opt.pdf_metadata_bytes > 0 &&
            std::string_view(r.body).substr(0, 1024).find("%PDF-") != std::string_view::npos) {
            // HEAD was refused and the short GET holds the whole file: read its dates while we have it.
            read_pdf_dates(std::move(item), std::move(d), std::move(r.body));
            return;
        }
        m_db.mark_frontier_done(m_run, s.job.site_id, "document", item.url);
        m_writer->tick();
        finish_item(item.site);
    }

    // A PDF worth reading: the server calls it one (or its URL does and the server does not say it is
    // HTML, an error page in disguise) and its HEAD says it fits the cap (an unknown length is tried;
    // the GET is cut at the cap).
    bool wants_pdf_meta(const std::string& url, const FetchResponse& r) const {
        if (m_opt.pdf_metadata_bytes <= 0 || r.status < 200 || r.status >= 300 ||
            r.content_length > m_opt.pdf_metadata_bytes) {
            return false;
        }
        std::string type = r.content_type;
        std::transform(type.begin(), type.end(), type.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (type.starts_with("application/pdf") || type.starts_with("application/x-pdf")) {
            return true;
        }
        return pdf_by_name(url) && type.find("html") == std::string::npos;
    }

    // The PDF GET after a HEAD: the stored HEAD row gains pdf_created / pdf_modified. A failed GET
    // leaves the row as the HEAD wrote it (the document was there; only its dates are unknown).
    void pdf_done(Item item, FetchResponse r, FailureKind kind) {
        auto node = m_pdf_rows.extract({item.site, item.url});
        if (node.empty()) {
            finish_item(item.site); // not reached: every document_pdf item has its HEAD row stashed
            return;
        }
        store::Document d = std::move(node.mapped());
        if (kind != FailureKind::none || r.status != 200) {
            auto meta = nlohmann::json::parse(d.meta_json, nullptr, false);
            if (meta.is_object()) {
                meta["pdf_error"] =
                    r.status > 0 ? fmt::format("HTTP {}", r.status) : std::string(to_string(kind));
                d.meta_json = meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                m_db.add_document(d);
            }
            m_db.mark_frontier_done(m_run, d.site_id, "document", item.url);
            m_writer->tick();
            finish_item(item.site);
            return;
        }
        read_pdf_dates(std::move(item), std::move(d), std::move(r.body));
    }

    // poppler runs on the parse pool (a few MB of PDF is milliseconds, but not on the loop); the row
    // is rewritten with the dates back on the loop.
    void read_pdf_dates(Item item, store::Document d, std::string body) {
        auto job =
            std::make_shared<std::pair<std::string, extract::PdfMeta>>(std::move(body), extract::PdfMeta{});
        m_loop.offload([job] { job->second = extract::read_pdf_meta(job->first); },
                       [this, job, item = std::move(item), d = std::move(d)]() mutable {
                           const extract::PdfMeta& pdf = job->second;
                           if (!pdf.created.empty() || !pdf.modified.empty()) {
                               auto meta = nlohmann::json::parse(d.meta_json, nullptr, false);
                               if (meta.is_object()) {
                                   if (!pdf.created.empty()) {
                                       meta["pdf_created"] = pdf.created;
                                   }
                                   if (!pdf.modified.empty()) {
                                       meta["pdf_modified"] = pdf.modified;
                                   }
                                   d.meta_json =
                                       meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                                   m_db.add_document(d);
                               }
                           }
                           m_db.mark_frontier_done(m_run, d.site_id, "document", item.url);
                           m_writer->tick();
                           finish_item(item.site);
                       });
    }

    static std::string fetch_json(const FetchResponse& r, int attempts, bool revalidated) {
        nlohmann::json j;
        j["status"] = r.status;
        if (!r.redirects.empty()) {
            auto& arr = j["redirects"];
            for (const auto& hop : r.redirects) {
                arr.push_back({{"url", hop.url}, {"status", hop.status}});
            }
        }
        auto put = [&](const char* key, const std::string& v) {
            if (!v.empty()) {
                j[key] = v;
            }
        };
        put("server", r.server);
        put("hsts", r.hsts);
        put("http_version", r.http_version);
        put("tls_version", r.tls_version);
        put("cert_expiry", r.cert_expiry);
        put("cert_issuer", r.cert_issuer);
        put("error", r.error);
        put("retry_after", r.retry_after);
        if (r.content_length >= 0) {
            j["content_length"] = r.content_length;
        }
        j["dns_ms"] = r.dns_ms;
        j["connect_ms"] = r.connect_ms;
        j["tls_ms"] = r.tls_ms;
        j["ttfb_ms"] = r.ttfb_ms;
        j["total_ms"] = r.total_ms;
        if (attempts > 1) {
            j["attempts"] = attempts;
        }
        if (revalidated) {
            j["revalidated"] = true;
        }
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }

    void page_done(Item item, FetchResponse r, FailureKind kind, Host* host = nullptr) {
        Site& s = m_sites[item.site];
        const bool html = r.content_type.find("html") != std::string::npos ||
                          (r.content_type.empty() && r.body.find("<html") != std::string::npos);
        if (kind == FailureKind::none && r.status == 304 && m_opt.conditional) {
            if (auto prev = m_db.previous_page(item.url, m_run, false)) {
                revalidated(std::move(item), std::move(r), *prev);
                return;
            }
        }
        if (kind == FailureKind::none && r.status >= 200 && r.status < 300 && html && !s.finished) {
            // Parse off the loop; only plain values cross threads.
            auto job = std::make_shared<std::pair<FetchResponse, Parsed>>(std::move(r), Parsed{});
            const bool follow = !item.offsite;
            std::vector<std::string> hosts = s.hosts;
            if (item.depth == 0 && !item.offsite) {
                hosts.push_back(url_host(job->first.final_url)); // the home may land on the www. variant
            }
            // Counted until stored: pump_host starts no transfer while m_max_parsing bodies wait, so
            // a parser slower than the network holds back fetching instead of piling up bodies.
            const std::size_t body_bytes = job->first.body.size();
            ++m_parsing;
            m_parsing_bytes += body_bytes;
            if (host != nullptr) {
                ++host->parsing;
            }
            const bool keep_body = !m_opt.warc_dir.empty(); // the archive writes it when stored
            m_loop.offload(
                [job, follow, keep_body, hosts = std::move(hosts)] {
                    parse(job->first, job->second, follow, hosts);
                    if (!keep_body) {
                        std::string().swap(job->first.body); // freed on the worker, before the queue
                    }
                },
                [this, job, body_bytes, item = std::move(item), kind, host]() mutable {
                    --m_parsing;
                    m_parsing_bytes -= body_bytes;
                    store_page(std::move(item), job->first, &job->second, kind, false);
                    if (host != nullptr && host->parsing-- == m_host_max_parsing) {
                        activate(*host); // it stopped at its own cap: it may fetch again
                    }
                    schedule_pump(); // a parse slot is free
                });
            return;
        }
        store_page(std::move(item), r, nullptr, kind, false);
    }

    struct NormalizedLink {
        std::optional<std::string> url; // normalize_url()
        std::string host;               // of the normalised URL, or of the raw one when it does not normalise
    };

    // A site's menus, header and footer put the same links on every page: their normalised form is kept
    // per parse thread (normalize_url is a pure function of the URL; see extract::RecentCache). Valid
    // until the next call.
    static const NormalizedLink& normalized_link(const std::string& url) {
        thread_local extract::RecentCache<NormalizedLink> cache(2048);
        if (const auto* found = cache.find(url)) {
            return *found;
        }
        NormalizedLink out;
        if (auto n = normalize_url_and_host(url)) {
            out.url = std::move(n->url);
            out.host = std::move(n->host);
        } else {
            out.host = url_host(url);
        }
        return cache.insert(url, std::move(out));
    }

    static void parse(const FetchResponse& r, Parsed& out, bool follow,
                      const std::vector<std::string>& hosts) {
        const extract::PageFacts facts = extract::extract_page(r.body, r.final_url, r.content_type);
        out.content_hash = content_fingerprint(r.body);
        out.title = facts.title;
        out.facts_json = extract::facts_to_binary(facts);
        out.facts_packed = store::pack_page_facts(out.facts_json); // here, not on the loop that writes
        const bool follow_links = follow && !facts.meta_nofollow;
        std::vector<store::Link> links;
        links.reserve(facts.links.size());
        for (const auto& l : facts.links) {
            store::Link sl;
            sl.to_url = l.url;
            sl.text = l.text;
            sl.title = l.title;
            sl.img_alt = l.img_alt;
            sl.hidden = l.hidden;
            if (l.url.starts_with("mailto:")) {
                sl.kind = "mailto";
            } else if (l.url.starts_with("tel:")) {
                sl.kind = "tel";
            } else {
                const NormalizedLink& norm = normalized_link(l.url);
                const std::optional<std::string>& n = norm.url;
                const std::string& host = norm.host;
                if (n) {
                    sl.to_url = *n;
                }
                const bool same = in_scope(hosts, host);
                sl.kind = l.is_document ? "document" : (same ? "internal" : "external");
                if (n && follow_links) {
                    if (l.is_document) {
                        if (same || is_go_id(host)) {
                            out.candidates.push_back({Candidate::Kind::document, *n});
                        }
                    } else if (same) {
                        if (!l.nofollow) {
                            out.candidates.push_back({Candidate::Kind::page, *n});
                        }
                    } else if (is_evidence_host(host)) {
                        out.candidates.push_back({Candidate::Kind::offsite, *n});
                    }
                }
            }
            links.push_back(std::move(sl));
        }
        out.links_packed = store::pack_links(links); // as the facts: here, not on the loop that writes
    }

    // A 304: the stored page stands for this run. Its facts and links are copied inside the database
    // (commit_page with reuse_from); only the link targets come out, to be followed as on a fresh fetch.
    void revalidated(Item item, FetchResponse r, const store::Page& prev) {
        Parsed parsed;
        parsed.title = prev.title;
        const Site& s = m_sites[item.site];
        if (!item.offsite) {
            // Most links are internal and need no host: the URL is parsed only for the others (this runs
            // on the loop for every link of every unchanged page).
            for (auto& [url, kind] : m_db.link_targets(prev.id)) {
                if (kind == "internal") {
                    parsed.candidates.push_back({Candidate::Kind::page, std::move(url)});
                } else if (kind == "document") {
                    const std::string host = url_host(url);
                    if (in_scope(s.hosts, host) || is_go_id(host)) {
                        parsed.candidates.push_back({Candidate::Kind::document, std::move(url)});
                    }
                } else if (kind == "external" && is_evidence_host(url_host(url))) {
                    parsed.candidates.push_back({Candidate::Kind::offsite, std::move(url)});
                }
            }
        }
        // The page did not change: its stored facts stand for this run (no download, no parse).
        r.content_type = prev.content_type;
        r.bytes = prev.bytes;
        if (r.etag.empty()) {
            r.etag = prev.etag;
        }
        if (r.last_modified.empty()) {
            r.last_modified = prev.last_modified;
        }
        store::Page page = make_page(item, r, FailureKind::none, true, false);
        page.http_status = prev.http_status;
        page.content_hash = prev.content_hash;
        page.bytes = prev.bytes;
        page.title = parsed.title;
        commit_page(std::move(item), std::move(page), &parsed, r, prev.id);
    }

    store::Page make_page(const Item& item, const FetchResponse& r, FailureKind kind, bool revalidated,
                          bool hash_body) {
        const Site& s = m_sites[item.site];
        store::Page p;
        p.run_id = m_run;
        p.site_id = s.job.site_id;
        p.url = item.url;
        p.final_url = r.final_url.empty() ? item.url : r.final_url;
        p.http_status = r.status;
        p.content_type = r.content_type;
        p.bytes = r.bytes;
        p.ttfb_ms = r.ttfb_ms;
        p.total_ms = r.total_ms;
        p.fetched_at = store::iso_utc_now();
        // A parsed page has its hash from the parse thread (Parsed::content_hash), a revalidated one the
        // stored page's: the body is hashed here only for the others, once.
        if (r.status > 0 && hash_body) {
            p.content_hash = content_fingerprint(r.body);
        }
        p.failure = std::string(to_string(kind));
        p.depth = item.depth;
        p.offsite = item.offsite;
        p.last_modified = r.last_modified;
        p.etag = r.etag;
        p.fetch_json = fetch_json(r, item.attempt + 1, revalidated);
        if (auto it = s.lastmod.find(item.url); it != s.lastmod.end()) {
            p.sitemap_lastmod = it->second;
        }
        return p;
    }

    void store_page(Item item, const FetchResponse& r, Parsed* parsed, FailureKind kind, bool revalidated) {
        store::Page page = make_page(item, r, kind, revalidated, parsed == nullptr);
        if (parsed != nullptr) {
            page.content_hash = parsed->content_hash;
            page.title = parsed->title;
            page.facts_json = std::move(parsed->facts_json);
            page.facts_packed = std::move(parsed->facts_packed);
        }
        commit_page(std::move(item), std::move(page), parsed, r);
    }

    // Evidence archive: what the server answered, as fetched (a re-used 304 page is archived as the 304).
    void archive(const Item& item, const store::Page& page, const FetchResponse& r) {
        if (m_opt.warc_dir.empty() || r.status == 0 || r.head.empty()) {
            return;
        }
        auto& writer = m_warc[item.site];
        if (!writer) {
            const Site& s = m_sites[item.site];
            std::filesystem::create_directories(m_opt.warc_dir);
            writer = std::make_unique<WarcWriter>(
                (std::filesystem::path(m_opt.warc_dir) /
                 fmt::format("{}-{}.warc.gz", s.job.site_id, url_host(s.start_url)))
                    .string());
        }
        writer->write_response({.url = r.final_url.empty() ? r.url : r.final_url,
                                .date = page.fetched_at,
                                .http_head = warc_http_head(r.head, r.body.size()),
                                .body = r.body,
                                .ip_address = {}});
    }

    // `reuse_from`: the id of the previous run's identical page (a 304), whose facts and links are copied.
    void commit_page(Item item, store::Page page, Parsed* parsed, const FetchResponse& r,
                     std::int64_t reuse_from = 0) {
        archive(item, page, r);
        Site& s = m_sites[item.site];
        const std::int64_t id = m_db.add_page(page);
        if (reuse_from != 0) {
            m_db.reuse_page_content(id, reuse_from);
        } else if (parsed != nullptr && !parsed->links_packed.empty()) {
            m_db.add_packed_links(id, parsed->links_packed);
        }
        m_db.mark_frontier_done(m_run, s.job.site_id, "page", item.url);
        ++m_pages;
        if (!page.failure.empty()) {
            ++m_errors;
        }
        if (!item.offsite) {
            ++s.pages_stored;
        }
        if (item.depth == 0 && !item.offsite && item.url == s.start_url) {
            s.home_done = true;
            note_home(item.site, page.final_url, failure_from_string(page.failure), page.http_status,
                      r.error);
            if (s.home_ok) {
                queue_sitemaps(item.site);
                queue_http_probe(item.site, id, page.final_url, page.fetch_json);
            }
        }
        if (parsed != nullptr && !s.finished && !s.expired && (s.home_ok || item.depth > 0)) {
            for (const auto& c : parsed->candidates) {
                switch (c.kind) {
                case Candidate::Kind::page:
                    accept_page(item.site, c.url, item.depth + 1, false, "");
                    break;
                case Candidate::Kind::offsite:
                    if (m_opt.offsite_hop) {
                        accept_page(item.site, c.url, item.depth + 1, true, "");
                    }
                    break;
                case Candidate::Kind::document:
                    accept_document(item.site, c.url, item.depth + 1);
                    break;
                }
            }
        }
        m_writer->tick();
        finish_item(item.site);
    }

    void note_home(std::size_t index, const std::string& final_url, FailureKind kind, int status,
                   const std::string& error) {
        Site& s = m_sites[index];
        CrawlOutcome& out = s.outcome;
        out.final_url = final_url;
        out.home_failure = kind;
        out.home_status = status;
        if (kind == FailureKind::none) {
            s.home_ok = true;
            const std::string landed = url_host(final_url);
            if (!landed.empty() && !in_scope(s.hosts, landed)) {
                s.hosts.push_back(landed); // redirected to another host that is now this site
            }
            return;
        }
        out.status =
            (kind == FailureKind::blocked || kind == FailureKind::robots_disallowed) ? "blocked" : "down";
        out.reason = plain_reason(kind, status, s.start_url, error);
    }

    // ---- housekeeping

    void tick_flush() {
        // Commit what is pending now and then, so a crash loses seconds of work, not a whole batch.
        if (m_sites_done >= static_cast<int>(m_sites.size())) {
            return;
        }
        m_writer->flush();
        m_loop.call_at(m_loop.now() + std::chrono::seconds(2), [this] { tick_flush(); });
    }

    void report_progress(bool force) {
        if (!m_progress) {
            return;
        }
        const TimePoint now = m_loop.now();
        if (!force && now < m_next_progress) {
            return;
        }
        m_next_progress = now + std::chrono::milliseconds(250);
        CrawlProgress p;
        p.sites_total = static_cast<int>(m_sites.size());
        p.sites_done = m_sites_done;
        p.pages = m_pages;
        p.errors = m_errors;
        for (const auto& [name, h] : m_hosts) {
            p.queued += static_cast<std::int64_t>(h->queue.size());
        }
        p.elapsed_s = Seconds(now - m_started).count();
        m_progress(p);
    }

    Loop& m_loop;
    Fetcher& m_fetcher;
    store::Database& m_db;
    std::int64_t m_run;
    const CrawlOptions& m_opt;
    const ProgressFn& m_progress;
    std::optional<store::Checkpointer> m_checkpointer; // before m_writer: outlives its commits
    std::optional<store::Writer> m_writer;
    double m_base_delay = 1;
    int m_max_active_sites = 64;
    static constexpr std::size_t k_max_parsing_bytes = 64 * 1024 * 1024;
    int m_max_parsing = 16;
    int m_host_max_parsing = 4;
    int m_parsing = 0;               // pages handed to a parser and not yet stored
    std::size_t m_parsing_bytes = 0; // their bodies' bytes

    std::vector<Site> m_sites;
    std::map<std::size_t, std::unique_ptr<WarcWriter>> m_warc; // per site index, opened on first page
    // HEAD rows of PDFs whose GET for metadata is queued, by (site index, url); see pdf_done.
    std::map<std::pair<std::size_t, std::string>, store::Document> m_pdf_rows;
    std::size_t m_next_site = 0;
    int m_active_sites = 0;
    int m_sites_done = 0;
    std::unordered_map<std::string, std::unique_ptr<Host>> m_hosts;
    std::deque<Host*> m_ready;   // hosts to look at on the next pump
    std::deque<Host*> m_waiting; // hosts stopped by the global transfer or parse limit, oldest first
    // Hosts to look at again at a time of their own (next_start, a retry pause), earliest on top.
    std::priority_queue<std::pair<TimePoint, Host*>, std::vector<std::pair<TimePoint, Host*>>, std::greater<>>
        m_sleepers;
    int m_in_flight = 0;
    std::uint64_t m_request_id = 0;
    bool m_pump_posted = false;
    std::optional<TimePoint> m_wake;
    TimePoint m_started{};
    TimePoint m_next_progress{};
    std::int64_t m_pages = 0;
    std::int64_t m_errors = 0;
};

} // namespace

std::vector<CrawlOutcome> crawl_sites_with(Loop& loop, Fetcher& fetcher, store::Database& db,
                                           std::int64_t run_id, const std::vector<SiteJob>& jobs,
                                           const CrawlOptions& options, const ProgressFn& progress) {
    Engine engine(loop, fetcher, db, run_id, options, progress);
    return engine.run(jobs);
}

std::vector<CrawlOutcome> crawl_sites(store::Database& db, std::int64_t run_id,
                                      const std::vector<SiteJob>& jobs, const CrawlOptions& options,
                                      const ProgressFn& progress) {
    AsioLoop loop(parse_workers(options));
    FetcherOptions fo;
    fo.user_agent = options.user_agent;
    fo.resolve = options.resolve;
    fo.allow_private = options.allow_private;
    fo.ca_file = options.ca_file;
    fo.private_ok_hosts = options.private_ok_hosts;
    fo.connect_timeout_ms = options.connect_timeout_ms;
    fo.timeout_ms = options.timeout_ms;
    fo.max_redirects = options.max_redirects;
    fo.max_total_connections = std::max(1, options.global_transfers);
    fo.max_host_connections = std::max(1, options.connections);
    CurlFetcher fetcher(loop.io(), fo);
    return crawl_sites_with(loop, fetcher, db, run_id, jobs, options, progress);
}

CrawlOutcome crawl_site(store::Database& db, std::int64_t run_id, std::int64_t site_id,
                        const std::string& start_url, const CrawlOptions& options,
                        const ProgressFn& progress) {
    auto out = crawl_sites(db, run_id, {SiteJob{site_id, start_url}}, options, progress);
    return out.front();
}

} // namespace pantau::crawler

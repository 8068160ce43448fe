#include "crawler/site_crawl.hpp"

#include "crawler/url.hpp"
#include "extract/facts_json.hpp"
#include "extract/page.hpp"
#include "store/clock.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/core.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <memory>
#include <thread>
#include <unordered_set>

namespace pantau::crawler {

std::string_view to_string(FailureKind kind) {
    switch (kind) {
    case FailureKind::none:
        return "";
    case FailureKind::dns:
        return "dns";
    case FailureKind::connect:
        return "connect";
    case FailureKind::tls:
        return "tls";
    case FailureKind::timeout:
        return "timeout";
    case FailureKind::reset:
        return "reset";
    case FailureKind::http_4xx:
        return "http_4xx";
    case FailureKind::http_5xx:
        return "http_5xx";
    case FailureKind::blocked:
        return "blocked";
    case FailureKind::too_large:
        return "too_large";
    case FailureKind::redirect_loop:
        return "redirect_loop";
    case FailureKind::robots_disallowed:
        return "robots_disallowed";
    case FailureKind::private_address:
        return "private_address";
    case FailureKind::other:
        return "other";
    }
    return "other";
}

std::string default_user_agent() {
    return std::string("pantau/") + PANTAU_VERSION + " (+https://github.com/pantau-id/pantau)";
}

bool is_non_public_address(const ::sockaddr* addr) {
    if (addr->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
        const std::uint32_t a = ntohl(in->sin_addr.s_addr);
        auto in_net = [a](std::uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
        return in_net(0x00000000, 8) ||   // 0.0.0.0/8 "this network"
               in_net(0x0A000000, 8) ||   // 10/8
               in_net(0x64400000, 10) ||  // 100.64/10 carrier-grade NAT
               in_net(0x7F000000, 8) ||   // loopback
               in_net(0xA9FE0000, 16) ||  // link-local
               in_net(0xAC100000, 12) ||  // 172.16/12
               in_net(0xC0A80000, 16) ||  // 192.168/16
               in_net(0xC6120000, 15) ||  // 198.18/15 benchmarking
               in_net(0xE0000000, 4) ||   // multicast
               in_net(0xF0000000, 4);     // reserved, broadcast
    }
    if (addr->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
        const unsigned char* b = in6->sin6_addr.s6_addr;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            sockaddr_in v4{};
            v4.sin_family = AF_INET;
            std::memcpy(&v4.sin_addr.s_addr, b + 12, 4);
            return is_non_public_address(reinterpret_cast<const sockaddr*>(&v4));
        }
        return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) || IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr) ||
               IN6_IS_ADDR_LINKLOCAL(&in6->sin6_addr) || IN6_IS_ADDR_MULTICAST(&in6->sin6_addr) ||
               (b[0] & 0xFE) == 0xFC; // fc00::/7 unique local
    }
    return true; // unknown families are not fetched
}

namespace {

using Clock = std::chrono::steady_clock;

struct Transfer {
    std::string url; // normalised
    int depth = 0;
    CURL* easy = nullptr;
    std::string body;
    long long max_body = 0;
    bool too_large = false;
    bool refused_private = false;
    bool allow_private = false;
    char error[CURL_ERROR_SIZE] = {};
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t len = size * n;
    if (static_cast<long long>(t->body.size() + len) > t->max_body) {
        t->too_large = true;
        return 0; // aborts the transfer: a body over the limit is cut, not buffered
    }
    t->body.append(data, len);
    return len;
}

// The SSRF guard: judged on the address curl is about to connect to, so DNS tricks and redirects to
// internal addresses are caught too.
curl_socket_t on_open_socket(void* user, curlsocktype, struct curl_sockaddr* addr) {
    auto* t = static_cast<Transfer*>(user);
    if (!t->allow_private && is_non_public_address(&addr->addr)) {
        t->refused_private = true;
        return CURL_SOCKET_BAD;
    }
    return socket(addr->family, addr->socktype, addr->protocol);
}

FailureKind classify(CURLcode code, const Transfer& t) {
    if (t.refused_private) {
        return FailureKind::private_address;
    }
    if (t.too_large) {
        return FailureKind::too_large;
    }
    switch (code) {
    case CURLE_OK:
        return FailureKind::none;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return FailureKind::dns;
    case CURLE_COULDNT_CONNECT:
        return FailureKind::connect;
    case CURLE_OPERATION_TIMEDOUT:
        return FailureKind::timeout;
    case CURLE_TOO_MANY_REDIRECTS:
        return FailureKind::redirect_loop;
    case CURLE_FILESIZE_EXCEEDED:
        return FailureKind::too_large;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
        return FailureKind::tls;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        return FailureKind::reset;
    default:
        return FailureKind::other;
    }
}

FailureKind classify_status(long status) {
    if (status == 403 || status == 429) {
        return FailureKind::blocked;
    }
    if (status >= 500) {
        return FailureKind::http_5xx;
    }
    if (status >= 400) {
        return FailureKind::http_4xx;
    }
    return FailureKind::none;
}

std::string fnv1a_hex(const std::string& s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return fmt::format("{:016x}", h);
}

std::string header_value(CURL* easy, const char* name) {
    struct curl_header* h = nullptr;
    if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) == CURLHE_OK && h != nullptr) {
        return h->value;
    }
    return {};
}

std::string plain_reason(FailureKind kind, long status, const std::string& url, const char* curl_error) {
    switch (kind) {
    case FailureKind::dns:
        return fmt::format("nama host tidak dapat di-resolve ({})", url_host(url));
    case FailureKind::connect:
        return fmt::format("koneksi ditolak atau tidak terjangkau ({})", curl_error);
    case FailureKind::timeout:
        return "waktu habis menunggu server";
    case FailureKind::tls:
        return fmt::format("galat TLS/sertifikat ({})", curl_error);
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
        return "terlalu banyak pengalihan (redirect)";
    case FailureKind::private_address:
        return "alamat privat/loopback ditolak";
    default:
        return curl_error[0] != '\0' ? std::string(curl_error) : std::string("galat tidak dikenal");
    }
}

std::string link_kind(const extract::Link& l, const std::string& site_host) {
    if (l.url.starts_with("mailto:")) {
        return "mailto";
    }
    if (l.url.starts_with("tel:")) {
        return "tel";
    }
    if (l.is_document) {
        return "document";
    }
    return same_site(url_host(l.url), site_host) ? "internal" : "external";
}

class SiteCrawler {
public:
    SiteCrawler(store::Database& db, std::int64_t run_id, std::int64_t site_id, const CrawlOptions& options,
                const ProgressFn& progress)
        : m_db(db), m_run(run_id), m_site(site_id), m_opt(options), m_progress(progress),
          m_multi(curl_multi_init(), &curl_multi_cleanup) {
        for (const auto& r : m_opt.resolve) {
            m_resolve = curl_slist_append(m_resolve, r.c_str());
        }
        m_user_agent = m_opt.user_agent.empty() ? default_user_agent() : m_opt.user_agent;
    }
    ~SiteCrawler() {
        for (auto& t : m_active) {
            curl_multi_remove_handle(m_multi.get(), t->easy);
            curl_easy_cleanup(t->easy);
        }
        curl_slist_free_all(m_resolve);
    }
    SiteCrawler(const SiteCrawler&) = delete;
    SiteCrawler& operator=(const SiteCrawler&) = delete;

    CrawlOutcome run(const std::string& start_url) {
        CrawlOutcome out;
        auto start = normalize_url(start_url);
        if (!start) {
            out.status = "down";
            out.reason = "alamat tidak sah: " + start_url;
            return out;
        }
        m_host = url_host(*start);
        m_seen.insert(*start);
        m_queue.push_back({*start, 0});
        const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(m_opt.site_budget_s));
        const auto gap = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(m_opt.rate > 0 ? 1.0 / m_opt.rate : 0.0));
        auto next_start = Clock::now();
        bool budget_hit = false;

        store::Writer writer(m_db, 50);
        while (!m_queue.empty() || !m_active.empty()) {
            const auto now = Clock::now();
            if (now > deadline) {
                budget_hit = true;
                break;
            }
            // The home page is fetched alone: if it fails there is nothing else to crawl.
            const bool home_pending = m_fetched == 0 && !m_active.empty();
            while (!home_pending && !m_queue.empty() &&
                   static_cast<int>(m_active.size()) < std::max(1, m_opt.connections) &&
                   m_fetched + static_cast<int>(m_active.size()) < m_opt.max_pages && Clock::now() >= next_start) {
                start_transfer(m_queue.front().first, m_queue.front().second);
                m_queue.pop_front();
                next_start = Clock::now() + gap;
                if (m_fetched == 0) {
                    break;
                }
            }
            if (m_active.empty() && (m_queue.empty() || m_fetched >= m_opt.max_pages)) {
                break;
            }
            int running = 0;
            curl_multi_perform(m_multi.get(), &running);
            drain(writer, out);
            if (m_home_failed) {
                break;
            }
            int wait_ms = 100;
            if (!m_queue.empty() && static_cast<int>(m_active.size()) < m_opt.connections) {
                auto until = std::chrono::duration_cast<std::chrono::milliseconds>(next_start - Clock::now()).count();
                wait_ms = static_cast<int>(std::clamp<long long>(until, 0, 100));
            }
            if (!m_active.empty()) {
                curl_multi_poll(m_multi.get(), nullptr, 0, wait_ms, nullptr);
            } else if (wait_ms > 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
            }
            if (m_progress) {
                m_progress(m_fetched, static_cast<int>(m_queue.size()));
            }
        }
        writer.flush();

        out.pages_fetched = m_fetched;
        if (out.status.empty()) {
            if (budget_hit) {
                out.status = "partial";
                out.reason = fmt::format("batas waktu per situs ({:.0f} detik) tercapai", m_opt.site_budget_s);
            } else if (!m_queue.empty() && m_fetched >= m_opt.max_pages) {
                out.status = "partial";
                out.reason = fmt::format("batas {} halaman tercapai, {} alamat belum diambil", m_opt.max_pages,
                                         m_queue.size());
            } else {
                out.status = "ok";
            }
        }
        return out;
    }

private:
    void start_transfer(const std::string& url, int depth) {
        auto t = std::make_unique<Transfer>();
        t->url = url;
        t->depth = depth;
        t->max_body = m_opt.max_body_bytes;
        t->allow_private = m_opt.allow_private;
        CURL* e = curl_easy_init();
        t->easy = e;
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
        curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &on_open_socket);
        curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(m_opt.max_redirects));
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_USERAGENT, m_user_agent.c_str());
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); // every encoding curl can decode
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, m_opt.connect_timeout_ms);
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, m_opt.timeout_ms);
        curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(m_opt.max_body_bytes));
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        if (m_resolve != nullptr) {
            curl_easy_setopt(e, CURLOPT_RESOLVE, m_resolve);
        }
        curl_multi_add_handle(m_multi.get(), e);
        m_active.push_back(std::move(t));
    }

    void drain(store::Writer& writer, CrawlOutcome& out) {
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(m_multi.get(), &left)) {
            if (msg->msg != CURLMSG_DONE) {
                continue;
            }
            Transfer* raw = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &raw);
            auto it = std::find_if(m_active.begin(), m_active.end(), [&](const auto& p) { return p.get() == raw; });
            std::unique_ptr<Transfer> t = std::move(*it);
            m_active.erase(it);
            finish(*t, msg->data.result, writer, out);
            curl_multi_remove_handle(m_multi.get(), t->easy);
            curl_easy_cleanup(t->easy);
        }
    }

    void finish(Transfer& t, CURLcode code, store::Writer& writer, CrawlOutcome& out) {
        long status = 0;
        char* effective = nullptr;
        char* ctype = nullptr;
        curl_off_t ttfb = 0;
        curl_off_t total = 0;
        curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &effective);
        curl_easy_getinfo(t.easy, CURLINFO_CONTENT_TYPE, &ctype);
        curl_easy_getinfo(t.easy, CURLINFO_STARTTRANSFER_TIME_T, &ttfb);
        curl_easy_getinfo(t.easy, CURLINFO_TOTAL_TIME_T, &total);

        FailureKind kind = classify(code, t);
        if (kind == FailureKind::none) {
            kind = classify_status(status);
        }
        store::Page page;
        page.run_id = m_run;
        page.site_id = m_site;
        page.url = t.url;
        page.final_url = effective != nullptr ? effective : t.url;
        page.http_status = static_cast<int>(status);
        page.content_type = ctype != nullptr ? ctype : "";
        page.bytes = static_cast<std::int64_t>(t.body.size());
        page.ttfb_ms = static_cast<double>(ttfb) / 1000.0;
        page.total_ms = static_cast<double>(total) / 1000.0;
        page.fetched_at = store::iso_utc_now();
        page.content_hash = fnv1a_hex(t.body);
        page.failure = std::string(to_string(kind));
        page.depth = t.depth;
        page.last_modified = header_value(t.easy, "Last-Modified");
        page.etag = header_value(t.easy, "ETag");

        const bool first = m_fetched == 0;
        ++m_fetched;
        if (first) {
            out.final_url = page.final_url;
            out.home_failure = kind;
            out.home_status = static_cast<int>(status);
            if (kind != FailureKind::none) {
                m_home_failed = true;
                out.status = kind == FailureKind::blocked ? "blocked" : "down";
                out.reason = plain_reason(kind, status, t.url, t.error);
            } else {
                // Redirects may land on the www. variant or another host of the same site.
                m_host = url_host(page.final_url);
            }
        }

        std::vector<store::Link> links;
        const bool html = page.content_type.find("html") != std::string::npos ||
                          (page.content_type.empty() && t.body.find("<html") != std::string::npos);
        if (kind == FailureKind::none && html) {
            extract::PageFacts facts = extract::extract_page(t.body, page.final_url, page.content_type);
            page.title = facts.title;
            for (const auto& l : facts.links) {
                store::Link sl;
                sl.to_url = l.url;
                sl.text = l.text;
                sl.title = l.title;
                sl.img_alt = l.img_alt;
                sl.hidden = l.hidden;
                sl.kind = link_kind(l, m_host);
                if (sl.kind == "internal" || sl.kind == "external" || sl.kind == "document") {
                    if (auto n = normalize_url(l.url)) {
                        sl.to_url = *n;
                    }
                }
                if (sl.kind == "internal" && !l.nofollow && t.depth < m_opt.max_depth &&
                    m_seen.insert(sl.to_url).second) {
                    m_queue.emplace_back(sl.to_url, t.depth + 1);
                }
                links.push_back(std::move(sl));
            }
            page.facts_json = extract::facts_to_json(facts);
        }
        const std::int64_t id = m_db.add_page(page);
        if (!links.empty()) {
            m_db.add_links(id, links);
        }
        writer.tick();
    }

    store::Database& m_db;
    std::int64_t m_run;
    std::int64_t m_site;
    const CrawlOptions& m_opt;
    const ProgressFn& m_progress;
    std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> m_multi;
    curl_slist* m_resolve = nullptr;
    std::string m_user_agent;
    std::string m_host;
    std::deque<std::pair<std::string, int>> m_queue;
    std::unordered_set<std::string> m_seen;
    std::vector<std::unique_ptr<Transfer>> m_active;
    int m_fetched = 0;
    bool m_home_failed = false;
};

} // namespace

CrawlOutcome crawl_site(store::Database& db, std::int64_t run_id, std::int64_t site_id, const std::string& start_url,
                        const CrawlOptions& options, const ProgressFn& progress) {
    store::SiteCrawl crawl;
    crawl.run_id = run_id;
    crawl.site_id = site_id;
    crawl.started_at = store::iso_utc_now();
    CrawlOutcome out;
    {
        SiteCrawler crawler(db, run_id, site_id, options, progress);
        out = crawler.run(start_url);
    }
    crawl.final_url = out.final_url;
    crawl.status = out.status;
    crawl.reason = out.reason;
    crawl.pages_fetched = out.pages_fetched;
    crawl.finished_at = store::iso_utc_now();
    db.put_site_crawl(crawl);
    return out;
}

} // namespace pantau::crawler

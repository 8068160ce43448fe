// tests/crawler/fakes.hpp — a fake clock/loop and a fake fetcher with canned answers, so the crawl
// logic (politeness, robots, limits, retries) is tested without sockets and without sleeping.
#pragma once

#include "crawler/fetcher.hpp"
#include "crawler/url.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pantau::test {

// Virtual time: run() jumps from one scheduled event to the next.
class FakeLoop final : public crawler::Loop {
public:
    TimePoint now() const override { return m_now; }
    void post(std::function<void()> fn) override { m_events.emplace(m_now, std::move(fn)); }
    void call_at(TimePoint when, std::function<void()> fn) override {
        m_events.emplace(std::max(when, m_now), std::move(fn));
    }
    void offload(std::function<void()> work, std::function<void()> done) override {
        peak_offloaded = std::max(peak_offloaded, ++m_offloaded);
        auto job = [this, work = std::move(work), done = std::move(done)] {
            work();
            --m_offloaded;
            done();
        };
        if (parse_s <= 0) {
            post(std::move(job));
            return;
        }
        // One worker, parse_s of virtual time per job, in the order they came.
        m_worker_free = std::max(m_worker_free, m_now) +
                        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(parse_s));
        call_at(m_worker_free, std::move(job));
    }
    // Virtual seconds one offloaded job (a parse) takes; 0 = done at once.
    double parse_s = 0;
    // Most offloaded jobs (fetched bodies waiting for or in a parse) at one time.
    int peak_offloaded = 0;
    void run() override {
        m_stopped = false;
        while (!m_events.empty() && !m_stopped) {
            auto it = m_events.begin();
            m_now = std::max(m_now, it->first);
            auto fn = std::move(it->second);
            m_events.erase(it);
            fn();
        }
    }
    void stop() override { m_stopped = true; }
    // Seconds of virtual time since the loop was made.
    double elapsed_s() const { return std::chrono::duration<double>(m_now - TimePoint{}).count(); }

private:
    TimePoint m_now{};
    TimePoint m_worker_free{};
    int m_offloaded = 0;
    std::multimap<TimePoint, std::function<void()>> m_events; // equal times keep their order
    bool m_stopped = false;
};

struct FakeReply {
    int status = 200;
    std::string body{};
    std::string content_type = "text/html; charset=utf-8";
    crawler::FailureKind failure = crawler::FailureKind::none;
    double latency_s = 0.05;
    // Of latency_s, how long the request waited before it went out (a busy loop, a slow connect):
    // reported as curl's pretransfer time.
    double send_wait_s = 0;
    // Of latency_s, how long after it went out the answer's first byte came (the server read the request
    // and answered; a stalled server answers late): reported as curl's time to first byte.
    double answer_s = 0;
    std::string etag{};
    std::string last_modified{};
    std::string retry_after{};
    std::string location{}; // with a 301/302/303/307/308: where the fetcher is sent next
};

// What the fake saw: one line per request start.
struct FakeRequestLog {
    std::string url;
    std::string host;
    double at_s = 0;
    bool head = false;
    std::string if_none_match;
};

class FakeFetcher final : public crawler::Fetcher {
public:
    using Responder = std::function<FakeReply(const crawler::FetchRequest&)>;

    FakeFetcher(FakeLoop& loop, Responder responder) : m_loop(loop), m_responder(std::move(responder)) {}

    void submit(const crawler::FetchRequest& request, crawler::FetchDone done) override {
        const std::string host = crawler::url_host(request.url);
        ++m_in_flight;
        peak_total = std::max(peak_total, m_in_flight);
        int& h = in_flight_by_host[host];
        ++h;
        peak_by_host[host] = std::max(peak_by_host[host], h);
        hop(request, request.url, {}, host, std::move(done));
    }

    // One request of a fetch: the first, or a redirect's next hop (followed as the real fetcher does,
    // when next_hop_at says, up to 5 hops).
    void hop(const crawler::FetchRequest& request, const std::string& url,
             std::vector<crawler::RedirectHop> hops, const std::string& first_host, crawler::FetchDone done) {
        log.push_back({url, crawler::url_host(url), m_loop.elapsed_s(), request.head, request.if_none_match});
        crawler::FetchRequest asked = request;
        asked.url = url;
        FakeReply reply = m_responder(asked);
        auto when = m_loop.now() + std::chrono::duration_cast<crawler::Loop::Clock::duration>(
                                       std::chrono::duration<double>(reply.latency_s));
        const std::uint64_t generation = m_generation;
        if (reply.failure == crawler::FailureKind::none && request.on_answer) {
            // The status line arrives at the answer time, before the transfer ends.
            const double answer_at = std::min(reply.latency_s, reply.send_wait_s + reply.answer_s);
            m_loop.call_at(m_loop.now() + std::chrono::duration_cast<crawler::Loop::Clock::duration>(
                                              std::chrono::duration<double>(answer_at)),
                           [this, on_answer = request.on_answer, generation] {
                               if (generation == m_generation) {
                                   on_answer();
                               }
                           });
        }
        m_loop.call_at(when, [this, request, url, hops = std::move(hops), reply, first_host, generation,
                              done = std::move(done)]() mutable {
            if (generation != m_generation) {
                return; // cancelled
            }
            const bool redirect = reply.status == 301 || reply.status == 302 || reply.status == 303 ||
                                  reply.status == 307 || reply.status == 308;
            if (reply.failure == crawler::FailureKind::none && request.follow_redirects && redirect &&
                !reply.location.empty() && hops.size() < 5) {
                if (auto next = crawler::resolve_url(url, reply.location)) {
                    hops.push_back({url, reply.status});
                    // Held until the caller answers (at once, or after a robots.txt), as the real
                    // fetcher holds it.
                    auto go = [this, request, url, next = *next, hops, first_host, generation, done,
                               status = reply.status](std::optional<crawler::Loop::TimePoint> at) mutable {
                        if (generation != m_generation) {
                            return; // cancelled while it waited
                        }
                        if (!at) {
                            // Refused (robots.txt): the fetch ends with the redirect, as the real one's.
                            crawler::FetchResponse r = ended(request, url, std::move(hops), first_host);
                            r.status = status;
                            r.failure = crawler::FailureKind::robots_disallowed;
                            r.error = "redirect to " + next + ", which robots.txt disallows";
                            done(std::move(r));
                            return;
                        }
                        m_loop.call_at(*at, [this, request, next, hops = std::move(hops), first_host,
                                             generation, done = std::move(done)]() mutable {
                            if (generation == m_generation) {
                                hop(request, next, std::move(hops), first_host, std::move(done));
                            }
                        });
                    };
                    if (request.next_hop_at) {
                        request.next_hop_at(*next, std::move(go));
                    } else {
                        go(m_loop.now());
                    }
                    return;
                }
            }
            crawler::FetchResponse r = ended(request, url, std::move(hops), first_host);
            r.failure = reply.failure;
            if (reply.failure == crawler::FailureKind::none) {
                r.pretransfer_ms = reply.send_wait_s * 1000;
                r.ttfb_ms = std::min(reply.latency_s, reply.send_wait_s + reply.answer_s) * 1000;
                r.total_ms = reply.latency_s * 1000;
                r.status = reply.status;
                r.content_type = reply.content_type;
                r.etag = reply.etag;
                r.last_modified = reply.last_modified;
                r.retry_after = reply.retry_after;
                if (!request.head) {
                    r.body = reply.body;
                    if (static_cast<long long>(r.body.size()) > request.max_body_bytes) {
                        r.body.resize(static_cast<std::size_t>(request.max_body_bytes));
                        if (request.truncate_ok) {
                            r.truncated = true;
                        } else {
                            r.failure = crawler::FailureKind::too_large;
                        }
                    }
                }
                r.content_length = static_cast<std::int64_t>(reply.body.size());
                r.bytes = static_cast<std::int64_t>(r.body.size());
            }
            done(std::move(r));
        });
    }
    // The response of a fetch that ends at `url` after `hops`; it no longer counts as in flight.
    crawler::FetchResponse ended(const crawler::FetchRequest& request, const std::string& url,
                                 std::vector<crawler::RedirectHop> hops, const std::string& first_host) {
        --m_in_flight;
        --in_flight_by_host[first_host];
        crawler::FetchResponse r;
        r.id = request.id;
        r.url = request.url;
        r.final_url = url;
        r.redirects = std::move(hops);
        return r;
    }
    void cancel_all() override {
        ++m_generation;
        m_in_flight = 0;
        in_flight_by_host.clear();
    }
    int in_flight() const override { return m_in_flight; }

    // Requests whose URL's path (and query) is `path` on `host`.
    int count(const std::string& host, const std::string& path) const {
        return static_cast<int>(std::count_if(log.begin(), log.end(), [&](const FakeRequestLog& l) {
            return l.host == host && crawler::url_path_and_query(l.url) == path;
        }));
    }

    std::vector<FakeRequestLog> log;
    std::map<std::string, int> in_flight_by_host;
    std::map<std::string, int> peak_by_host;
    int peak_total = 0;

private:
    FakeLoop& m_loop;
    Responder m_responder;
    int m_in_flight = 0;
    std::uint64_t m_generation = 0;
};

// Canned sites: "http://host/path" → reply; anything else is a 404.
class FakeWeb {
public:
    void page(const std::string& url, std::string body) {
        m_replies[url] = FakeReply{.body = std::move(body)};
    }
    void reply(const std::string& url, FakeReply reply) { m_replies[url] = std::move(reply); }
    // A reply computed per request (for answers that change between tries).
    void dynamic(const std::string& url, FakeFetcher::Responder fn) { m_dynamic[url] = std::move(fn); }

    FakeReply operator()(const crawler::FetchRequest& request) const {
        if (auto it = m_dynamic.find(request.url); it != m_dynamic.end()) {
            return it->second(request);
        }
        if (auto it = m_replies.find(request.url); it != m_replies.end()) {
            return it->second;
        }
        return FakeReply{.status = 404, .body = "<html><body>not found</body></html>"};
    }

private:
    std::map<std::string, FakeReply> m_replies;
    std::map<std::string, FakeFetcher::Responder> m_dynamic;
};

// An HTML page linking to each of `hrefs`.
inline std::string html_links(const std::vector<std::string>& hrefs, const std::string& title = "Halaman") {
    std::string s = "<html><head><title>" + title + "</title></head><body>";
    for (const auto& h : hrefs) {
        s += "<a href=\"" + h + "\">" + h + "</a> ";
    }
    return s + "</body></html>";
}

} // namespace pantau::test

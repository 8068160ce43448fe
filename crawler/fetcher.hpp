// crawler/fetcher.hpp — the seams between the crawl logic and the world: an event loop with a clock
// (Loop) and something that performs fetches on it (Fetcher).
//
// The crawl logic (crawler/engine.cpp) only talks to these two interfaces, so tests drive it with a
// fake clock and canned responses (tests/crawler/fakes.hpp) and no sockets. The real pair is
// AsioLoop + CurlFetcher (crawler/curl_fetcher.hpp). Not here: politeness, robots, the frontier.
#pragma once

#include "crawler/fetch_result.hpp"

#include <chrono>
#include <functional>

namespace pantau::crawler {

// One thread runs the loop; every callback below is called on it, so crawl state needs no mutex.
class Loop {
public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;

    virtual ~Loop() = default;
    // The loop's notion of now (virtual time in tests).
    virtual TimePoint now() const = 0;
    // Runs `fn` on the loop thread soon (never inside the caller).
    virtual void post(std::function<void()> fn) = 0;
    // Runs `fn` on the loop thread at or after `when`.
    virtual void call_at(TimePoint when, std::function<void()> fn) = 0;
    // Runs `work` off the loop (CPU work: parsing), then `done` back on the loop thread.
    virtual void offload(std::function<void()> work, std::function<void()> done) = 0;
    // Runs until stop() or until nothing is left to do.
    virtual void run() = 0;
    virtual void stop() = 0;
};

using FetchDone = std::function<void(FetchResponse)>;

// Performs fetches on a Loop. `done` is called exactly once per submitted request, on the loop thread,
// never from inside submit().
class Fetcher {
public:
    virtual ~Fetcher() = default;
    virtual void submit(const FetchRequest& request, FetchDone done) = 0;
    // Aborts every transfer in flight; their `done` callbacks are not called.
    virtual void cancel_all() = 0;
    // Transfers in flight.
    virtual int in_flight() const = 0;
};

} // namespace pantau::crawler

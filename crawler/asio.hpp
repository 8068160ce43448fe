// crawler/asio.hpp — the one way pantau code includes Boost.Asio.
//
// Boost 1.74's Asio uses std::exchange in asio/awaitable.hpp without including <utility>; GCC 12 in
// C++23 mode then fails to compile it. Including <utility> first here keeps every user safe.
// Only the parts the fetch loop needs are pulled in.
#pragma once

// clang-format off
#include <utility>
// clang-format on

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

namespace pantau::crawler {
namespace asio = boost::asio;
} // namespace pantau::crawler

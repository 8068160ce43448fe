// bench/crawl_corpus.hpp — a synthetic web for crawl benchmarks and crash tests: site trees written
// to a directory (one subdirectory per host, as demo::hosts_from_directory reads them), a
// demo::Server run in a child process (so its CPU and memory are not the crawler's), and process
// measurements (CPU seconds, peak resident set).
//
// Not a benchmark by itself: tests/crawler/slow/crawl_bench_test.cpp drives it ([.bench], by hand).
#pragma once

#include "demo/server.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace pantau::bench {

// Writes a breadth-first tree of `pages` HTML pages under dir/host: page i links to pages
// i*fanout+1 … i*fanout+fanout and back home; each page is padded with text to about `page_bytes`.
// Page 0 is index.html, page i is p<i>.html.
inline void write_site_tree(const std::filesystem::path& dir, const std::string& host, int pages, int fanout,
                            std::size_t page_bytes) {
    const auto root = dir / host;
    std::filesystem::create_directories(root);
    std::string filler;
    while (filler.size() < page_bytes) {
        filler +=
            "Dinas menyampaikan informasi publik secara berkala sesuai Undang-Undang Nomor 14 Tahun 2008. ";
    }
    for (int i = 0; i < pages; ++i) {
        std::string html = "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Halaman " +
                           std::to_string(i) +
                           "</title></head><body><nav><a href=\"/\">Beranda</a></nav><main><h1>"
                           "Halaman " +
                           std::to_string(i) + "</h1>";
        for (int c = 1; c <= fanout; ++c) {
            const long child = static_cast<long>(i) * fanout + c;
            if (child < pages) {
                html += "<a href=\"/p" + std::to_string(child) + ".html\">Anak " + std::to_string(child) +
                        "</a> ";
            }
        }
        html += "<p>" + filler + "</p></main></body></html>";
        std::ofstream(root / (i == 0 ? std::string("index.html") : "p" + std::to_string(i) + ".html"),
                      std::ios::binary)
            << html;
    }
}

// demo::Server serving `dir` in a forked child; stops (and is reaped) on destruction.
class ServerProcess {
public:
    explicit ServerProcess(const std::filesystem::path& dir, int threads = 1) {
        int port_pipe[2];
        int stop_pipe[2];
        if (::pipe(port_pipe) != 0 || ::pipe(stop_pipe) != 0) {
            throw std::runtime_error("pipe failed");
        }
        m_pid = ::fork();
        if (m_pid == 0) {
            ::close(port_pipe[0]);
            ::close(stop_pipe[1]);
            {
                demo::ServerOptions options;
                options.threads = threads;
                demo::Server server(demo::hosts_from_directory(dir), options);
                const std::uint16_t port = server.port();
                (void)!::write(port_pipe[1], &port, sizeof port);
                char c = 0;
                (void)!::read(stop_pipe[0], &c, 1); // returns at EOF: the parent is done
                server.stop();
            }
            ::_exit(0);
        }
        ::close(port_pipe[1]);
        ::close(stop_pipe[0]);
        m_stop = stop_pipe[1];
        if (::read(port_pipe[0], &m_port, sizeof m_port) != static_cast<ssize_t>(sizeof m_port)) {
            throw std::runtime_error("server process did not start");
        }
        ::close(port_pipe[0]);
    }
    ~ServerProcess() {
        ::close(m_stop);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::uint16_t port() const { return m_port; }
    std::string resolve(const std::string& host) const {
        return host + ":" + std::to_string(m_port) + ":127.0.0.1";
    }
    std::string url(const std::string& host) const {
        return "http://" + host + ":" + std::to_string(m_port) + "/";
    }

private:
    pid_t m_pid = -1;
    int m_stop = -1;
    std::uint16_t m_port = 0;
};

// CPU seconds (user + system) this process has used so far.
inline double cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Peak resident set of this process, in MiB.
inline double peak_rss_mib() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// Resident set of this process now, in MiB (VmRSS).
inline double current_rss_mib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("VmRSS:")) {
            return std::stod(line.substr(6)) / 1024.0;
        }
    }
    return 0;
}

} // namespace pantau::bench

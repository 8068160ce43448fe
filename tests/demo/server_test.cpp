// Tests of demo::Server through a real HTTP client on loopback (Boost.Beast, asynchronous with a
// client-side timeout so a misbehaving server fails a test instead of hanging it).
#include "demo/server.hpp"

#include "tests/support/process.hpp"

#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <catch2/catch.hpp>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using tcp = net::ip::tcp;
using pantau::demo::Fault;
using pantau::demo::Server;
using pantau::demo::ServerOptions;
using pantau::demo::VirtualHost;

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Reply {
    beast::error_code error;
    bool header_done = false;
    int status = 0;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
    std::uint64_t content_length = 0;

    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// One client connection (keep-alive) to the server; every operation has a timeout.
class Client {
public:
    explicit Client(std::uint16_t port) : m_stream(m_ioc) {
        m_stream.connect(tcp::endpoint(net::ip::make_address_v4("127.0.0.1"), port));
    }

    Reply request(const std::string& host, const std::string& target, const Headers& extra = {},
                  bhttp::verb method = bhttp::verb::get,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
        bhttp::request<bhttp::empty_body> req{method, target, 11};
        req.set(bhttp::field::host, host);
        req.set(bhttp::field::user_agent, "pantau-test");
        for (const auto& [name, value] : extra) {
            req.set(name, value);
        }
        req.keep_alive(true);
        Reply reply;
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        parser.skip(method == bhttp::verb::head);
        m_stream.expires_after(timeout);
        bhttp::async_write(m_stream, req, [&](beast::error_code ec, std::size_t) {
            if (ec) {
                reply.error = ec;
                return;
            }
            bhttp::async_read(m_stream, m_buffer, parser,
                              [&](beast::error_code rec, std::size_t) { reply.error = rec; });
        });
        m_ioc.restart();
        m_ioc.run();
        reply.header_done = parser.is_header_done();
        if (reply.header_done) {
            const auto& res = parser.get();
            reply.status = res.result_int();
            for (const auto& field : res) {
                std::string name(field.name_string());
                for (auto& c : name) {
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                }
                reply.headers[name] = std::string(field.value());
            }
            reply.body = res.body();
            if (auto cl = parser.content_length()) {
                reply.content_length = *cl;
            }
        }
        return reply;
    }

    // Reads whatever comes next; the error says how the server ended the connection (or timeout).
    beast::error_code read_until_closed(std::chrono::milliseconds timeout) {
        beast::error_code result;
        std::array<char, 4096> buf{};
        m_stream.expires_after(timeout);
        std::function<void()> next = [&] {
            m_stream.async_read_some(net::buffer(buf), [&](beast::error_code ec, std::size_t) {
                if (ec) {
                    result = ec;
                    return;
                }
                next();
            });
        };
        next();
        m_ioc.restart();
        m_ioc.run();
        return result;
    }

private:
    net::io_context m_ioc;
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
};

Reply get(const Server& server, const std::string& host, const std::string& target,
          const Headers& extra = {}) {
    Client client(server.port());
    return client.request(host, target, extra);
}

void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
}

// Two small sites, a secret file beside them (to prove the root cannot be escaped) and a fallback.
struct Sites {
    fs::path base = pantau::test::temp_dir("pantau-demo-server");
    fs::path a = base / "sites" / "dinas.kab.go.id";
    fs::path b = base / "sites" / "ppid.kab.go.id";

    Sites() {
        write_file(a / "index.html", "<html><body>Dinas home</body></html>");
        write_file(a / "profil" / "index.html", "<html><body>Profil dinas</body></html>");
        write_file(a / "style.css", "body{}");
        write_file(a / "app.js", "var x;");
        write_file(a / "robots.txt", "User-agent: *\nDisallow:\n");
        write_file(a / "sitemap.xml", "<urlset/>");
        write_file(a / "data.json", "{}");
        write_file(a / "laporan.pdf", "%PDF-1.4 fake");
        write_file(a / "logo.png", "png");
        write_file(a / "foto.JPG", "jpg");
        write_file(a / "dokumen.docx", "docx");
        write_file(a / "anggaran.xlsx", "xlsx");
        write_file(a / "paparan.pptx", "pptx");
        write_file(a / "arsip.zip", "zip");
        write_file(a / "arsip.tar.gz", "gz");
        write_file(a / "blob.unknownext", "?");
        write_file(a / "laporan tahunan.txt", "laporan dengan spasi");
        write_file(a / "page.html", std::string(10000, 'x'));
        write_file(b / "index.html", "<html><body>PPID home</body></html>");
        write_file(base / "secret.txt", "TOP SECRET");
        write_file(base / "sites" / "secret.txt", "TOP SECRET");
        write_file(base / "fallback" / "index.html", "<html><body>Fallback</body></html>");
    }

    std::vector<VirtualHost> hosts(std::vector<Fault> faults_a = {}) const {
        return {VirtualHost{"dinas.kab.go.id", a, std::move(faults_a)}, VirtualHost{"ppid.kab.go.id", b, {}}};
    }
};

Fault fault(Fault::Kind kind, std::string prefix) {
    Fault f;
    f.kind = kind;
    f.path_prefix = std::move(prefix);
    return f;
}

} // namespace

TEST_CASE("demo::Server chooses the site by the Host header", "[demo]") {
    Sites sites;
    Server server(sites.hosts());
    Reply a = get(server, "dinas.kab.go.id", "/");
    Reply b = get(server, "ppid.kab.go.id", "/");
    REQUIRE(a.status == 200);
    REQUIRE(b.status == 200);
    CHECK(a.body == "<html><body>Dinas home</body></html>");
    CHECK(b.body == "<html><body>PPID home</body></html>");
}

TEST_CASE("demo::Server ignores the port and case in the Host header", "[demo]") {
    Sites sites;
    Server server(sites.hosts());
    Reply r = get(server, "PPID.Kab.Go.Id:" + std::to_string(server.port()), "/");
    REQUIRE(r.status == 200);
    CHECK(r.body == "<html><body>PPID home</body></html>");
}

TEST_CASE("demo::Server answers 404 for an unknown host, or serves the fallback root", "[demo]") {
    Sites sites;
    {
        Server server(sites.hosts());
        Reply r = get(server, "tidak-ada.go.id", "/");
        CHECK(r.status == 404);
        CHECK(r.body.find("Dinas") == std::string::npos);
    }
    ServerOptions options;
    options.unknown_host_root = (sites.base / "fallback").string();
    Server server(sites.hosts(), options);
    Reply r = get(server, "tidak-ada.go.id", "/");
    REQUIRE(r.status == 200);
    CHECK(r.body == "<html><body>Fallback</body></html>");
}

TEST_CASE("demo::Server serves index.html for directories and 404 for missing files", "[demo]") {
    Sites sites;
    Server server(sites.hosts());
    CHECK(get(server, "dinas.kab.go.id", "/profil/").body == "<html><body>Profil dinas</body></html>");
    CHECK(get(server, "dinas.kab.go.id", "/profil").body == "<html><body>Profil dinas</body></html>");
    Reply missing = get(server, "dinas.kab.go.id", "/tidak-ada.html");
    CHECK(missing.status == 404);
    CHECK(missing.header("content-type") == "text/html");
    CHECK(get(server, "ppid.kab.go.id", "/profil/").status == 404); // directory without index.html
}

TEST_CASE("demo::Server percent-decodes paths and ignores the query", "[demo]") {
    Sites sites;
    Server server(sites.hosts());
    Reply r = get(server, "dinas.kab.go.id", "/laporan%20tahunan.txt?v=2");
    REQUIRE(r.status == 200);
    CHECK(r.body == "laporan dengan spasi");
    CHECK(get(server, "dinas.kab.go.id", "/bad%zzescape").status == 400);
}

TEST_CASE("demo::Server never serves a file outside the site root", "[demo]") {
    Sites sites;
    Server server(sites.hosts());
    for (std::string target : {"/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt",
                               "/profil/..%2f..%2fsecret.txt", "/%2E%2E/%2E%2E/secret.txt"}) {
        INFO(target);
        Reply r = get(server, "dinas.kab.go.id", target);
        CHECK(r.header_done);
        CHECK(r.status != 200);
        CHECK(r.body.find("TOP SECRET") == std::string::npos);
    }
}

TEST_CASE("demo::Server sets Content-Type by extension", "[demo]") {
    Sites sites;
    Server server(sites.hosts());
    const std::vector<std::pair<std::string, std::string>> expected{
        {"/", "text/html"},
        {"/style.css", "text/css"},
        {"/app.js", "text/javascript"},
        {"/robots.txt", "text/plain"},
        {"/sitemap.xml", "application/xml"},
        {"/data.json", "application/json"},
        {"/laporan.pdf", "application/pdf"},
        {"/logo.png", "image/png"},
        {"/foto.JPG", "image/jpeg"},
        {"/dokumen.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"/anggaran.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"/paparan.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"/arsip.zip", "application/zip"},
        {"/arsip.tar.gz", "application/gzip"},
        {"/blob.unknownext", "application/octet-stream"},
    };
    Client client(server.port()); // also proves keep-alive: every request on one connection
    for (const auto& [target, type] : expected) {
        INFO(target);
        Reply r = client.request("dinas.kab.go.id", target);
        REQUIRE(r.status == 200);
        CHECK(r.header("content-type") == type);
    }
    CHECK(server.stats().connections == 1);
}

TEST_CASE("demo::Server sends Content-Length, Last-Modified and ETag", "[demo]") {
    Sites sites;
    Server server(sites.hosts());
    Reply r = get(server, "dinas.kab.go.id", "/page.html");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-length") == "10000");
    CHECK(r.body.size() == 10000);
    CHECK(r.header("last-modified").ends_with(" GMT"));
    CHECK(r.header("etag").starts_with("\""));
}

TEST_CASE("demo::Server answers 304 to a matching If-None-Match or a fresh If-Modified-Since", "[demo]") {
    Sites sites;
    Server server(sites.hosts());
    Reply first = get(server, "dinas.kab.go.id", "/page.html");
    REQUIRE(first.status == 200);
    const std::string etag = first.header("etag");
    const std::string modified = first.header("last-modified");

    Reply same = get(server, "dinas.kab.go.id", "/page.html", {{"If-None-Match", etag}});
    CHECK(same.status == 304);
    CHECK(same.body.empty());
    CHECK(same.header("etag") == etag);

    CHECK(get(server, "dinas.kab.go.id", "/page.html", {{"If-None-Match", "\"other\""}}).status == 200);
    CHECK(get(server, "dinas.kab.go.id", "/page.html", {{"If-Modified-Since", modified}}).status == 304);
    CHECK(
        get(server, "dinas.kab.go.id", "/page.html", {{"If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"}})
            .status == 200);

    // Changing the file changes the validators: the re-crawl gets the new content.
    write_file(sites.a / "page.html", "changed, and longer than before............................");
    Reply after = get(server, "dinas.kab.go.id", "/page.html", {{"If-None-Match", etag}});
    CHECK(after.status == 200);
    CHECK(after.body.starts_with("changed"));
}

TEST_CASE("demo::Server answers HEAD with headers only and refuses other methods", "[demo]") {
    Sites sites;
    Server server(sites.hosts());
    Client client(server.port());
    Reply head = client.request("dinas.kab.go.id", "/page.html", {}, bhttp::verb::head);
    REQUIRE(head.status == 200);
    CHECK(head.header("content-length") == "10000");
    CHECK(head.body.empty());
    // The connection is still usable after a HEAD: no stray body bytes were sent.
    Reply next = client.request("dinas.kab.go.id", "/robots.txt");
    CHECK(next.status == 200);
    CHECK(next.body == "User-agent: *\nDisallow:\n");

    Reply post = client.request("dinas.kab.go.id", "/", {}, bhttp::verb::post);
    CHECK(post.status == 405);
    CHECK(post.header("allow") == "GET, HEAD");
}

TEST_CASE("demo::Server delay fault still answers", "[demo]") {
    Sites sites;
    Fault f = fault(Fault::Kind::delay, "/");
    f.millis = 50;
    Server server(sites.hosts({f}));
    Reply r = get(server, "dinas.kab.go.id", "/");
    CHECK(r.status == 200);
    CHECK(r.body == "<html><body>Dinas home</body></html>");
}

TEST_CASE("demo::Server status fault answers its status with extra headers", "[demo]") {
    Sites sites;
    Fault f = fault(Fault::Kind::status, "/sibuk");
    f.status = 429;
    f.headers["Retry-After"] = "120";
    Server server(sites.hosts({f}));
    Reply r = get(server, "dinas.kab.go.id", "/sibuk/halaman.html");
    CHECK(r.status == 429);
    CHECK(r.header("retry-after") == "120");
    // Only the prefix is affected, and only on that host.
    CHECK(get(server, "dinas.kab.go.id", "/").status == 200);
    CHECK(get(server, "ppid.kab.go.id", "/sibuk/halaman.html").status == 404);
}

TEST_CASE("demo::Server redirect faults make chains and loops", "[demo]") {
    Sites sites;
    Fault lama = fault(Fault::Kind::redirect, "/lama");
    lama.location = "/baru";
    Fault ping = fault(Fault::Kind::redirect, "/ping");
    ping.location = "/pong";
    ping.status = 301;
    Fault pong = fault(Fault::Kind::redirect, "/pong");
    pong.location = "http://dinas.kab.go.id/ping";
    Server server(sites.hosts({lama, ping, pong}));

    Reply r = get(server, "dinas.kab.go.id", "/lama");
    CHECK(r.status == 302);
    CHECK(r.header("location") == "/baru");

    Reply p1 = get(server, "dinas.kab.go.id", "/ping");
    CHECK(p1.status == 301);
    CHECK(p1.header("location") == "/pong");
    Reply p2 = get(server, "dinas.kab.go.id", p1.header("location"));
    CHECK(p2.status == 302);
    CHECK(p2.header("location") == "http://dinas.kab.go.id/ping");
}

TEST_CASE("demo::Server reset fault closes the connection without an answer", "[demo]") {
    Sites sites;
    Server server(sites.hosts({fault(Fault::Kind::reset, "/putus")}));
    Reply r = get(server, "dinas.kab.go.id", "/putus");
    CHECK_FALSE(r.header_done);
    CHECK(r.error == net::error::connection_reset);
    CHECK(server.request_log() == std::vector<std::string>{"dinas.kab.go.id /putus 0"});
}

TEST_CASE("demo::Server slow_body fault delivers the whole file", "[demo]") {
    Sites sites;
    Fault f = fault(Fault::Kind::slow_body, "/page.html");
    f.millis = 1;
    Server server(sites.hosts({f}));
    Reply r = get(server, "dinas.kab.go.id", "/page.html");
    REQUIRE(r.status == 200);
    CHECK(r.body == std::string(10000, 'x'));
}

TEST_CASE("demo::Server huge_body fault streams the declared number of bytes", "[demo]") {
    Sites sites;
    Fault five = fault(Fault::Kind::huge_body, "/besar");
    five.bytes = 5'000'000;
    Fault hundred = fault(Fault::Kind::huge_body, "/raksasa");
    Server server(sites.hosts({five, hundred}));

    Reply r = get(server, "dinas.kab.go.id", "/besar.html");
    REQUIRE(r.status == 200);
    CHECK(r.content_length == 5'000'000);
    CHECK(r.body.size() == 5'000'000);
    CHECK(r.body.starts_with("<p>"));
    CHECK(r.header("content-type") == "text/html");

    Client client(server.port());
    Reply head = client.request("dinas.kab.go.id", "/raksasa", {}, bhttp::verb::head);
    CHECK(head.header("content-length") == "100000000");
}

TEST_CASE("demo::Server gzip_bomb fault inflates to far more than it sends", "[demo]") {
    Sites sites;
    Fault f = fault(Fault::Kind::gzip_bomb, "/bom");
    f.bytes = 64ull * 1024 * 1024;
    Server server(sites.hosts({f}));
    Reply r = get(server, "dinas.kab.go.id", "/bom.html");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-encoding") == "gzip");
    CHECK(r.body.size() == r.content_length);
    CHECK(r.body.size() < 200'000);

    // A client that inflates it (as libcurl does with CURLOPT_ACCEPT_ENCODING) gets 64 MiB of zeros.
    z_stream z{};
    REQUIRE(inflateInit2(&z, 16 + MAX_WBITS) == Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(r.body.data());
    z.avail_in = static_cast<uInt>(r.body.size());
    std::vector<unsigned char> out(1 << 20);
    std::uint64_t inflated = 0;
    bool all_zero = true;
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        rc = inflate(&z, Z_NO_FLUSH);
        std::size_t n = out.size() - z.avail_out;
        inflated += n;
        all_zero = all_zero && std::all_of(out.begin(), out.begin() + static_cast<long>(n),
                                           [](auto c) { return c == 0; });
    }
    inflateEnd(&z);
    CHECK(rc == Z_STREAM_END); // CRC and length in the trailer are right
    CHECK(inflated == 64ull * 1024 * 1024);
    CHECK(all_zero);
}

TEST_CASE("demo::Server content_type fault overrides the Content-Type", "[demo]") {
    Sites sites;
    Fault f = fault(Fault::Kind::content_type, "/laporan.pdf");
    f.value = "text/html";
    Server server(sites.hosts({f}));
    Reply r = get(server, "dinas.kab.go.id", "/laporan.pdf");
    CHECK(r.status == 200);
    CHECK(r.header("content-type") == "text/html");
    CHECK(r.body == "%PDF-1.4 fake");
}

TEST_CASE("demo::Server stall fault sends part of the body then nothing", "[demo]") {
    Sites sites;
    Fault f = fault(Fault::Kind::stall, "/page.html");
    f.bytes = 100;
    Server server(sites.hosts({f}));
    Client client(server.port());
    Reply r =
        client.request("dinas.kab.go.id", "/page.html", {}, bhttp::verb::get, std::chrono::milliseconds(300));
    CHECK(r.error == beast::error::timeout);
    REQUIRE(r.header_done);
    CHECK(r.status == 200);
    CHECK(r.content_length == 10000);
}

TEST_CASE("demo::Server serves many hosts concurrently", "[demo]") {
    Sites sites;
    std::vector<VirtualHost> hosts;
    for (int i = 0; i < 8; ++i) {
        fs::path root = sites.base / "many" / ("desa" + std::to_string(i) + ".go.id");
        write_file(root / "index.html", "desa " + std::to_string(i));
        hosts.push_back(VirtualHost{"desa" + std::to_string(i) + ".go.id", root, {}});
    }
    // One slow host must not hold up the others.
    Fault slow = fault(Fault::Kind::delay, "");
    slow.millis = 200;
    hosts[0].faults.push_back(slow);
    ServerOptions options;
    options.threads = 2;
    Server server(hosts, options);

    constexpr int k_clients = 16;
    constexpr int k_requests = 10;
    std::atomic<int> good{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < k_clients; ++c) {
        threads.emplace_back([&, c] {
            Client client(server.port());
            for (int i = 0; i < k_requests; ++i) {
                int h = (c + i) % 8;
                Reply r = client.request("desa" + std::to_string(h) + ".go.id", "/");
                if (r.status == 200 && r.body == "desa " + std::to_string(h)) {
                    ++good;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(good == k_clients * k_requests);
    auto stats = server.stats();
    CHECK(stats.requests == k_clients * k_requests);
    CHECK(stats.connections == k_clients);
    CHECK(stats.hosts.size() == 8);
    CHECK(stats.hosts["desa3.go.id"].requests == k_clients * k_requests / 8);
    CHECK(stats.bytes_sent > 0);
}

TEST_CASE("demo::Server logs host, target and status in arrival order", "[demo]") {
    Sites sites;
    Fault f = fault(Fault::Kind::status, "/rusak");
    f.status = 503;
    Server server(sites.hosts({f}));
    Client client(server.port());
    client.request("dinas.kab.go.id", "/robots.txt");
    client.request("Dinas.Kab.Go.Id:8080", "/profil/?tab=1");
    client.request("ppid.kab.go.id", "/tidak-ada");
    client.request("dinas.kab.go.id", "/rusak");
    CHECK(server.request_log() == std::vector<std::string>{
                                      "dinas.kab.go.id /robots.txt 200",
                                      "dinas.kab.go.id /profil/?tab=1 200",
                                      "ppid.kab.go.id /tidak-ada 404",
                                      "dinas.kab.go.id /rusak 503",
                                  });
    server.clear_request_log();
    CHECK(server.request_log().empty());
    CHECK(server.stats().requests == 4);
}

TEST_CASE("demo::Server stops promptly and closes stalled connections", "[demo]") {
    Sites sites;
    ServerOptions options;
    options.threads = 2;
    Server server(sites.hosts({fault(Fault::Kind::stall, "/")}), options);
    net::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect(tcp::endpoint(net::ip::make_address_v4("127.0.0.1"), server.port()));
    std::string req = "GET /page.html HTTP/1.1\r\nHost: dinas.kab.go.id\r\n\r\n";
    net::write(socket, net::buffer(req));
    std::array<char, 65536> buf{};
    std::size_t got = socket.read_some(net::buffer(buf)); // headers and the first part arrive
    CHECK(std::string_view(buf.data(), got).starts_with("HTTP/1.1 200"));

    server.stop();
    // The server side is closed: reading now ends (EOF or reset) instead of blocking forever.
    beast::error_code ec;
    for (int i = 0; i < 100 && !ec; ++i) {
        socket.read_some(net::buffer(buf), ec);
    }
    CHECK((ec == net::error::eof || ec == net::error::connection_reset));

    server.stop(); // idempotent
    tcp::socket probe(ioc);
    beast::error_code refused;
    probe.connect(tcp::endpoint(net::ip::make_address_v4("127.0.0.1"), server.port()), refused);
    CHECK(refused); // nobody listens any more
}

TEST_CASE("demo::Server set_faults changes a host's behaviour while serving", "[demo]") {
    Sites sites;
    Server server(sites.hosts());
    CHECK(get(server, "dinas.kab.go.id", "/").status == 200);
    Fault f = fault(Fault::Kind::status, "");
    f.status = 503;
    CHECK(server.set_faults("DINAS.kab.go.id", {f}));
    CHECK(get(server, "dinas.kab.go.id", "/").status == 503);
    CHECK(server.set_faults("dinas.kab.go.id", {}));
    CHECK(get(server, "dinas.kab.go.id", "/").status == 200);
    CHECK_FALSE(server.set_faults("tidak-ada.go.id", {}));
}

TEST_CASE("demo::hosts_from_directory makes one host per subdirectory", "[demo]") {
    Sites sites;
    write_file(sites.base / "sites" / "Desa.Go.Id" / "index.html", "desa");
    auto hosts = pantau::demo::hosts_from_directory(sites.base / "sites");
    REQUIRE(hosts.size() == 3);
    CHECK(hosts[0].name == "desa.go.id");
    CHECK(hosts[1].name == "dinas.kab.go.id");
    CHECK(hosts[2].name == "ppid.kab.go.id");
    CHECK(hosts[1].root == sites.a);

    Server server(hosts);
    CHECK(get(server, "desa.go.id", "/").body == "desa");
    CHECK(server.base_url("desa.go.id") == "http://desa.go.id:" + std::to_string(server.port()));
}

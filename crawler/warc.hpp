// crawler/warc.hpp — evidence archive: fetched responses written as WARC 1.1 records, each record its
// own gzip member (the ".warc.gz" convention), so an auditor can re-open exactly what pantau saw.
//
// Pure writer: it gets the bytes of a response and appends records to a file. It does not fetch.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace pantau::crawler {

struct WarcResponse {
    std::string url;        // WARC-Target-URI
    std::string date;       // ISO-8601 UTC, when it was fetched
    std::string http_head;  // status line and header lines as received ("HTTP/1.1 200 OK\r\n…\r\n\r\n")
    std::string_view body;  // the (decoded) body as stored
    std::string ip_address; // WARC-IP-Address, optional
};

class WarcWriter {
public:
    // Opens (appending) `path`; throws std::runtime_error naming the file when it cannot.
    // A new file starts with a warcinfo record naming the software.
    explicit WarcWriter(const std::string& path);
    ~WarcWriter();
    WarcWriter(const WarcWriter&) = delete;
    WarcWriter& operator=(const WarcWriter&) = delete;

    // Appends one response record; returns its WARC-Record-ID.
    std::string write_response(const WarcResponse& response);
    void flush();
    const std::string& path() const { return m_path; }

private:
    void write_record(const std::string& headers, std::string_view block);

    std::string m_path;
    std::FILE* m_file = nullptr;
};

// The header block to archive with a body that curl already decoded: Content-Encoding and
// Transfer-Encoding are kept as X-Archive-Orig-… (the body is no longer encoded) and Content-Length
// states the archived body's size, so a WARC reader parses the record as it is stored.
std::string warc_http_head(std::string_view raw_head, std::size_t body_size);

// A urn:uuid:… record id from the system's random source.
std::string warc_record_id();
// The SHA-1 digest of `data` as "sha1:" + base32, the form WARC-Block-Digest/WARC-Payload-Digest use.
std::string warc_sha1_digest(std::string_view data);

} // namespace pantau::crawler

#include "crawler/warc.hpp"

#include <fmt/core.h>
#include <openssl/sha.h>
#include <zlib.h>

#include <array>
#include <cctype>
#include <random>
#include <stdexcept>
#include <vector>

namespace pantau::crawler {

std::string warc_record_id() {
    std::random_device rd;
    std::array<unsigned char, 16> b{};
    for (auto& x : b) {
        x = static_cast<unsigned char>(rd());
    }
    b[6] = static_cast<unsigned char>((b[6] & 0x0FU) | 0x40U); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3FU) | 0x80U); // RFC 4122 variant
    return fmt::format(
        "<urn:uuid:{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}"
        "{:02x}{:02x}>",
        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

std::string warc_sha1_digest(std::string_view data) {
    std::array<unsigned char, SHA_DIGEST_LENGTH> d{};
    SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d.data());
    // RFC 4648 base32, as used by WARC digests.
    static const char* const k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out = "sha1:";
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char c : d) {
        buffer = (buffer << 8U) | c;
        bits += 8;
        while (bits >= 5) {
            out += k_alphabet[(buffer >> static_cast<unsigned>(bits - 5)) & 31U];
            bits -= 5;
        }
    }
    if (bits > 0) {
        out += k_alphabet[(buffer << static_cast<unsigned>(5 - bits)) & 31U];
    }
    return out; // 160 bits = 32 characters exactly, no padding
}

std::string warc_http_head(std::string_view raw_head, std::size_t body_size) {
    auto starts_with_ci = [](std::string_view line, std::string_view name) {
        if (line.size() < name.size()) {
            return false;
        }
        for (std::size_t i = 0; i < name.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) {
                return false;
            }
        }
        return true;
    };
    std::string out;
    std::size_t pos = 0;
    while (pos < raw_head.size()) {
        std::size_t end = raw_head.find('\n', pos);
        end = end == std::string_view::npos ? raw_head.size() : end + 1;
        std::string_view line = raw_head.substr(pos, end - pos);
        pos = end;
        std::string_view bare = line;
        while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r')) {
            bare.remove_suffix(1);
        }
        if (bare.empty()) {
            continue; // the blank line ending the block is written once below
        }
        if (starts_with_ci(bare, "content-encoding:") || starts_with_ci(bare, "transfer-encoding:")) {
            out += "X-Archive-Orig-";
            out.append(bare.data(), bare.size());
        } else if (starts_with_ci(bare, "content-length:")) {
            out += "X-Archive-Orig-";
            out.append(bare.data(), bare.size());
            out += fmt::format("\r\nContent-Length: {}", body_size);
        } else {
            out.append(bare.data(), bare.size());
        }
        out += "\r\n";
    }
    if (out.find("\r\nContent-Length: ") == std::string::npos) {
        out += fmt::format("Content-Length: {}\r\n", body_size);
    }
    return out + "\r\n";
}

WarcWriter::WarcWriter(const std::string& path) : m_path(path) {
    m_file = std::fopen(path.c_str(), "ab");
    if (m_file == nullptr) {
        throw std::runtime_error("cannot open the WARC file " + path);
    }
    if (std::ftell(m_file) == 0) {
        const std::string info = std::string("software: pantau/") + PANTAU_VERSION +
                                 "\r\nformat: WARC File Format 1.1\r\n"
                                 "description: evidence archive of a pantau audit (UU 14/2008 KIP)\r\n";
        const std::string headers =
            fmt::format("WARC-Type: warcinfo\r\nWARC-Record-ID: {}\r\nWARC-Filename: {}\r\n"
                        "Content-Type: application/warc-fields\r\n",
                        warc_record_id(), path.substr(path.find_last_of('/') + 1));
        write_record(headers, info);
    }
}

WarcWriter::~WarcWriter() {
    if (m_file != nullptr) {
        std::fclose(m_file);
    }
}

void WarcWriter::flush() {
    std::fflush(m_file);
}

std::string WarcWriter::write_response(const WarcResponse& r) {
    const std::string id = warc_record_id();
    std::string block = r.http_head;
    block.append(r.body.data(), r.body.size());
    std::string headers =
        fmt::format("WARC-Type: response\r\nWARC-Record-ID: {}\r\nWARC-Date: {}\r\n"
                    "WARC-Target-URI: {}\r\nContent-Type: application/http;msgtype=response\r\n"
                    "WARC-Block-Digest: {}\r\nWARC-Payload-Digest: {}\r\n",
                    id, r.date, r.url, warc_sha1_digest(block), warc_sha1_digest(r.body));
    if (!r.ip_address.empty()) {
        headers += "WARC-IP-Address: " + r.ip_address + "\r\n";
    }
    write_record(headers, block);
    return id;
}

void WarcWriter::write_record(const std::string& headers, std::string_view block) {
    std::string record = "WARC/1.1\r\n" + headers + fmt::format("Content-Length: {}\r\n\r\n", block.size());
    record.append(block.data(), block.size());
    record += "\r\n\r\n";

    // One gzip member per record, so a reader can seek to any record.
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("zlib init failed writing " + m_path);
    }
    std::vector<unsigned char> out(deflateBound(&zs, record.size()) + 64);
    zs.next_in = reinterpret_cast<Bytef*>(record.data());
    zs.avail_in = static_cast<uInt>(record.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const std::size_t n = out.size() - zs.avail_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END || std::fwrite(out.data(), 1, n, m_file) != n) {
        throw std::runtime_error("cannot write the WARC file " + m_path);
    }
}

} // namespace pantau::crawler

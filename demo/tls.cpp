#include "demo/tls.hpp"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace pantau::demo {

namespace {

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* c) const { X509_free(c); }
};
struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct ExtFree {
    void operator()(X509_EXTENSION* e) const { X509_EXTENSION_free(e); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;
using Bio = std::unique_ptr<BIO, BioFree>;
using Ext = std::unique_ptr<X509_EXTENSION, ExtFree>;

void check(bool ok, const char* step) {
    if (!ok) {
        throw std::runtime_error(std::string("cannot make a test certificate: OpenSSL failed at ") + step);
    }
}

Key new_key() {
    Key k(EVP_EC_gen("P-256"));
    check(k != nullptr, "EVP_EC_gen");
    return k;
}

std::string to_pem(X509* cert) {
    Bio bio(BIO_new(BIO_s_mem()));
    check(bio != nullptr && PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return {data, static_cast<std::size_t>(n)};
}

std::string to_pem(EVP_PKEY* key) {
    Bio bio(BIO_new(BIO_s_mem()));
    check(bio != nullptr &&
              PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return {data, static_cast<std::size_t>(n)};
}

Key key_from_pem(const std::string& pem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    check(bio != nullptr, "BIO_new_mem_buf");
    Key k(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    check(k != nullptr, "PEM_read_bio_PrivateKey");
    return k;
}

Cert cert_from_pem(const std::string& pem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    check(bio != nullptr, "BIO_new_mem_buf");
    Cert c(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    check(c != nullptr, "PEM_read_bio_X509");
    return c;
}

// A fresh certificate with a random serial, the given validity and subject common name.
Cert new_certificate(const std::string& common_name, std::chrono::system_clock::time_point not_before,
                     std::chrono::system_clock::time_point not_after) {
    Cert c(X509_new());
    check(c != nullptr, "X509_new");
    check(X509_set_version(c.get(), 2) == 1, "X509_set_version"); // v3, for the extensions
    unsigned char serial[16];
    check(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
    serial[0] &= 0x7f; // a positive INTEGER
    std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(BN_bin2bn(serial, sizeof serial, nullptr), &BN_free);
    check(bn != nullptr && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(c.get())) != nullptr,
          "serial number");
    const auto secs = [](std::chrono::system_clock::time_point t) {
        return static_cast<time_t>(
            std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
    };
    check(ASN1_TIME_set(X509_getm_notBefore(c.get()), secs(not_before)) != nullptr, "notBefore");
    check(ASN1_TIME_set(X509_getm_notAfter(c.get()), secs(not_after)) != nullptr, "notAfter");
    X509_NAME* subject = X509_get_subject_name(c.get());
    check(X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("pantau test"), -1, -1, 0) == 1 &&
              X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                         reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                                         0) == 1,
          "subject name");
    return c;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    Ext ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    check(ext != nullptr && X509_add_ext(cert, ext.get(), -1) == 1, OBJ_nid2sn(nid));
}

} // namespace

CertificateAuthority make_authority(const std::string& name) {
    const auto now = std::chrono::system_clock::now();
    Key key = new_key();
    Cert c = new_certificate(name, now - std::chrono::hours(24), now + std::chrono::hours(24 * 3650));
    check(X509_set_issuer_name(c.get(), X509_get_subject_name(c.get())) == 1, "issuer name");
    check(X509_set_pubkey(c.get(), key.get()) == 1, "X509_set_pubkey");
    // What a verifier insists on for an issuing CA: CA:TRUE, keyCertSign and a key identifier.
    add_extension(c.get(), c.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_extension(c.get(), c.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(c.get(), c.get(), NID_subject_key_identifier, "hash");
    check(X509_sign(c.get(), key.get(), EVP_sha256()) > 0, "X509_sign");
    return CertificateAuthority{to_pem(c.get()), to_pem(key.get())};
}

ServerCertificate make_server_certificate(const CertificateAuthority& ca,
                                          const std::vector<std::string>& names,
                                          std::chrono::system_clock::time_point not_before,
                                          std::chrono::system_clock::time_point not_after) {
    check(!names.empty(), "make_server_certificate (no name given)");
    Key ca_key = key_from_pem(ca.key_pem);
    Cert ca_cert = cert_from_pem(ca.certificate_pem);
    Key key = new_key();
    Cert c = new_certificate(names.front(), not_before, not_after);
    check(X509_set_issuer_name(c.get(), X509_get_subject_name(ca_cert.get())) == 1, "issuer name");
    check(X509_set_pubkey(c.get(), key.get()) == 1, "X509_set_pubkey");
    std::string san;
    for (const auto& n : names) {
        san += (san.empty() ? "DNS:" : ",DNS:") + n;
    }
    add_extension(c.get(), ca_cert.get(), NID_subject_alt_name, san);
    add_extension(c.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(c.get(), ca_cert.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(c.get(), ca_cert.get(), NID_ext_key_usage, "serverAuth");
    add_extension(c.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always");
    check(X509_sign(c.get(), ca_key.get(), EVP_sha256()) > 0, "X509_sign");
    return ServerCertificate{to_pem(c.get()), to_pem(key.get())};
}

} // namespace pantau::demo

// demo/tls.hpp — certificates for the loopback server: a private certificate authority and server
// certificates it signs, made in memory with OpenSSL, with whatever validity a test or the demo needs
// (valid for a year, expiring in ten days, expired last week, issued for another name).
//
// For tests and `pantau demo` only: the keys are throwaway P-256 keys that never leave the process or
// its temporary directory. Not a PKI library: no revocation, no chains longer than CA → server.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace pantau::demo {

// A certificate authority: its certificate (what a client is told to trust) and its signing key.
struct CertificateAuthority {
    std::string certificate_pem;
    std::string key_pem;
};

// A server certificate and its key, both PEM.
struct ServerCertificate {
    std::string certificate_pem;
    std::string key_pem;
};

// A new self-signed authority valid from a day ago for ten years. `name` becomes its common name.
// Throws std::runtime_error (naming the OpenSSL step) if OpenSSL cannot make it.
CertificateAuthority make_authority(const std::string& name = "pantau demo CA");

// A server certificate for `names` (subjectAltName DNS entries; the first is also the common name),
// signed by `ca`, valid in [not_before, not_after]. Either bound may lie in the past: an expired
// certificate is what some tests need. Throws std::runtime_error as above.
ServerCertificate make_server_certificate(const CertificateAuthority& ca,
                                          const std::vector<std::string>& names,
                                          std::chrono::system_clock::time_point not_before,
                                          std::chrono::system_clock::time_point not_after);

} // namespace pantau::demo

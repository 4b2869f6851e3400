// Server-side TLS configuration shared by every reactor thread: certificates (default and per
// SNI host name), protocol versions and ciphers, ALPN and session tickets.
//
// Built once in the master before start(), then only read. OpenSSL 3 allows one SSL_CTX to be
// used by many threads once it is no longer modified; the SNI and ALPN callbacks read only
// immutable state, and the server-side session cache (which would be shared, locked state) is
// off - resumption uses stateless tickets instead.
//
// Safe defaults, not settings:
//   - TLS 1.2 and 1.3 only; security level 2 (RSA/DH keys >= 2048 bits, no SHA-1 signatures).
//   - TLS 1.3 cipher suites: OpenSSL's defaults (all AEAD).
//   - TLS 1.2: ECDHE key exchange with AEAD ciphers only (AES-GCM, ChaCha20-Poly1305), which is
//     also exactly what HTTP/2 requires (RFC 9113 §9.2.2), so "h2" can be chosen on 1.2 too.
//     The server's order decides, except that a client that prefers ChaCha20 (no AES
//     hardware) gets it.
//   - Groups X25519, P-256, P-384: finite-field DH groups are left out because a client could
//     make us compute expensive ffdhe8192 key shares.
//   - No compression (CRIME), no renegotiation (client-initiated renegotiation is a DoS lever,
//     and HTTP/2 forbids it), no 0-RTT (replayable), no client certificates.
//   - Session tickets on, encrypted with the keys of TlsConfig::ticket_keys (a TicketKeyRing
//     the server gives every context of a listener, rotating after ssl_ticket_key_lifetime;
//     a ticket lives at most two lifetimes, and at most OpenSSL's default 2 hours). Without a
//     ring, the key is the one OpenSSL generates at random for the default SSL_CTX, for the
//     context's life. Either way the keys are never written anywhere, every SNI certificate
//     shares them (OpenSSL encrypts tickets with the SSL_CTX a connection started on), and so
//     does every reactor thread, so a ticket issued on one reactor resumes on another. TLS 1.3
//     resumption still does a fresh (EC)DHE exchange (psk_dhe_ke).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trident/tls/sni_names.h"
#include "trident/tls/ticket_keys.h"

struct ssl_ctx_st;
struct ssl_st;

namespace trident::tls {

class OcspStaple;

// A certificate served to clients that ask for `hostname` with SNI.
struct SniCert {
    std::string hostname;   // "api.example.com", or "*.example.com" (one leftmost label); any case
    std::string cert_file;  // PEM: certificate, then intermediates
    std::string key_file;   // PEM: private key, unencrypted
    std::string stapling_file;  // DER OCSP response for cert_file; empty: no stapling
};

struct TlsConfig {
    // PEM file with the server certificate first, then its chain (intermediate certificates,
    // in order, normally without the root). Served when SNI names nothing in sni_certs.
    std::string cert_file;
    // PEM file with the private key of cert_file, unencrypted.
    std::string key_file;
    // DER OCSP response for cert_file, stapled to handshakes that ask (src/tls/ocsp_staple.h).
    // Empty: no stapling.
    std::string stapling_file;
    // Offer HTTP/2 via ALPN ("h2"). Off: every TLS client is served HTTP/1.1.
    bool enable_h2 = false;
    // Extra certificates chosen by the client's SNI server name (see SniCert).
    std::vector<SniCert> sni_certs;
    // Let clients resume sessions with tickets (skips the certificate exchange on reconnects).
    bool session_tickets = true;
    // The keys tickets are encrypted with, rotating (ticket_keys.h); shared by the contexts a
    // certificate reload makes for the same listener. Null: OpenSSL's own random key for the
    // context's life.
    std::shared_ptr<TicketKeyRing> ticket_keys;
};

class TlsContext {
public:
    // Builds the context, loading and checking every certificate and key. On failure returns
    // nullptr and sets *error to one line naming the offending file (or SNI host name), e.g.
    //   cannot load certificate "/x/cert.pem": No such file or directory
    //   private key "/x/key.pem" does not match certificate "/x/cert.pem"
    //   cannot load private key "/x/other.key": no PEM private key found (SNI host "other.test")
    //   invalid SNI host name "a*b" (expected ...)
    //   OCSP response "/x/ocsp.der" does not cover certificate "/x/cert.pem" (serial 1A2B)
    static std::unique_ptr<TlsContext> create(const TlsConfig& config, std::string* error);
    ~TlsContext();
    TlsContext(const TlsContext&) = delete;
    TlsContext& operator=(const TlsContext&) = delete;

    // The SSL_CTX sessions start on (the default certificate's). TlsSession uses it; it stays
    // owned by this object, which must outlive every TlsSession created from it.
    ssl_ctx_st* native_handle() const { return default_site_.ctx; }

    bool h2_enabled() const { return enable_h2_; }

    // The certificate file served to a client that sends `server_name` with SNI (empty: no
    // SNI). For logs and checks; the handshake makes the same choice.
    const std::string& cert_file_for(std::string_view server_name) const;

    // What create() found worth a log line but not a refusal (an OCSP response that has
    // expired or says the certificate is revoked).
    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    struct Site {
        std::string cert_file;
        ssl_ctx_st* ctx = nullptr;
        std::unique_ptr<OcspStaple> staple;  // ctx's status callback points at it
    };

    TlsContext() = default;
    bool make_site(const std::string& cert_file, const std::string& key_file, const std::string& stapling_file,
                   const TlsConfig& config, Site* site, std::string* error);
    const Site& site_for(std::string_view server_name) const;
    std::vector<Site*> all_sites() {
        std::vector<Site*> v{&default_site_};
        for (Site& s : sni_sites_) v.push_back(&s);
        return v;
    }
    // SNI callback (SSL_CTX_set_tlsext_servername_callback): switches the connection to the
    // SSL_CTX of the certificate for the client's server name.
    static int on_server_name(ssl_st* ssl, int* alert, void* self);

    bool enable_h2_ = false;
    std::shared_ptr<TicketKeyRing> ticket_keys_;  // every site's SSL_CTX points at it (ex_data)
    Site default_site_;
    std::vector<Site> sni_sites_;  // indexed by the values stored in names_
    SniNames names_;
    std::vector<std::string> warnings_;
};

}  // namespace trident::tls

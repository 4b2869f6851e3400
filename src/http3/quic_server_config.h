// What every QUIC connection of one listener shares: the GnuTLS certificate credentials (loaded
// from the same PEM cert/key files as the TCP listener), the session ticket key, the secret for
// stateless reset tokens, and the transport limits. Created once per listener, read-only
// afterwards, so reactor threads may share it.
//
// TLS for QUIC goes through GnuTLS because Debian 12's ngtcp2 0.12.1 ships only the GnuTLS
// crypto backend (the TCP listener keeps OpenSSL 3).
#pragma once

#include <gnutls/gnutls.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

namespace trident::http3 {

// Transport limits advertised to every client. Defaults are safe for a public server.
struct QuicLimits {
    uint64_t max_idle_timeout_ms = 30000;           // idle connections are dropped silently after this
    uint64_t initial_max_data = 4 * 1024 * 1024;    // connection-level receive window (bytes)
    uint64_t initial_max_stream_data = 256 * 1024;  // per request stream receive window (bytes)
    uint64_t max_concurrent_streams = 100;          // concurrent requests per connection
    uint64_t max_datagram_frame_size = 0;           // RFC 9221 DATAGRAM frames: 0 = off
};

class QuicServerConfig {
public:
    // cert_file: PEM, leaf certificate first, then intermediates. key_file: its unencrypted
    // private key, PEM. Errors (the message names the file):
    //   cannot load certificate "F": <errno text | GnuTLS reason>
    //   cannot load private key "F": <errno text | GnuTLS reason>
    //   private key "K" does not match certificate "C"
    //   cannot create QUIC TLS state: <GnuTLS reason>         (out of memory, no RNG)
    //   cannot load OCSP response "F" for QUIC: <GnuTLS reason>
    // stapling_file: a DER OCSP response for the certificate, stapled to handshakes that ask;
    // empty for none.
    static std::unique_ptr<QuicServerConfig> create(const std::string& cert_file, const std::string& key_file,
                                                    const std::string& stapling_file, const QuicLimits& limits,
                                                    std::string* error);
    ~QuicServerConfig();
    QuicServerConfig(const QuicServerConfig&) = delete;
    QuicServerConfig& operator=(const QuicServerConfig&) = delete;

    // Makes `session` (from gnutls_init(GNUTLS_SERVER | ...)) a QUIC server session: TLS 1.3
    // only with the QUIC cipher suites, certificate credentials, session tickets, ALPN "h3"
    // required (a ClientHello without it fails the handshake with no_application_protocol),
    // and ngtcp2's QUIC transport hooks. The caller still sets the session pointer to its
    // ngtcp2_crypto_conn_ref. Returns 0 or a negative GnuTLS error code.
    int configure_session(gnutls_session_t session) const;

    const QuicLimits& limits() const { return limits_; }

    // Certificate reload (master thread, while reactors run): new sessions get credentials from
    // these files; sessions already made keep theirs. The ticket key and the reset secret stay,
    // so resumption tokens and stateless resets keep working. False with *error (as create()'s
    // messages) and nothing changed when a file does not load.
    bool reload_certificate(const std::string& cert_file, const std::string& key_file, const std::string& stapling_file,
                            std::string* error);

    // Key for stateless reset tokens (ngtcp2_crypto_generate_stateless_reset_token). Shared by
    // all connections so that any reactor can later reset a connection it does not know.
    const uint8_t* reset_secret() const { return reset_secret_; }
    static constexpr size_t kResetSecretLength = 32;

    // The GnuTLS priority string for QUIC: TLS 1.3 only, no middlebox compatibility mode (RFC
    // 9001 §8.4 forbids it), the AEADs QUIC header protection supports.
    static const char* priority();

    // One generation of certificate files: GnuTLS credentials and the OCSP response they staple
    // (a callback reads it, so it lives as long as the credentials).
    struct Credentials {
        gnutls_certificate_credentials_t cred = nullptr;
        std::string staple_der;
        time_t staple_next_update = 0;  // 0: none given (always current)
        Credentials() = default;
        Credentials(const Credentials&) = delete;
        Credentials& operator=(const Credentials&) = delete;
        ~Credentials();
    };

private:
    QuicServerConfig() = default;

    std::atomic<Credentials*> cred_{nullptr};  // owned
    std::vector<std::unique_ptr<Credentials>> retired_;  // replaced by reloads, freed with this
    gnutls_priority_t priority_ = nullptr;
    gnutls_datum_t ticket_key_{nullptr, 0};
    uint8_t reset_secret_[kResetSecretLength] = {};
    QuicLimits limits_;
};

}  // namespace trident::http3

#include "http3/quic_server_config.h"

#include <gnutls/ocsp.h>
#include <gnutls/x509.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "http3/cid.h"
#include "tls/pem_files.h"

namespace trident::http3 {

namespace {

constexpr char kAlpnH3[] = "h3";

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

gnutls_datum_t datum_of(const std::string& s) {
    return gnutls_datum_t{reinterpret_cast<unsigned char*>(const_cast<char*>(s.data())), unsigned(s.size())};
}

// Tells which of the two files GnuTLS objected to: parse each alone.
bool certificate_parses(const std::string& pem, std::string* why) {
    gnutls_x509_crt_t* list = nullptr;
    unsigned n = 0;
    gnutls_datum_t d = datum_of(pem);
    int rv = gnutls_x509_crt_list_import2(&list, &n, &d, GNUTLS_X509_FMT_PEM, 0);
    if (rv < 0) {
        *why = gnutls_strerror(rv);
        return false;
    }
    for (unsigned i = 0; i < n; ++i) gnutls_x509_crt_deinit(list[i]);
    gnutls_free(list);
    return true;
}

// Runs after GnuTLS has processed the ClientHello and picked an ALPN protocol: QUIC without
// "h3" is not something this server speaks (RFC 9114 §3.1), so the handshake fails here.
int require_h3_alpn(gnutls_session_t session, unsigned, unsigned, unsigned, const gnutls_datum_t*) {
    gnutls_datum_t alpn;
    if (gnutls_alpn_get_selected_protocol(session, &alpn) != 0) return -1;
    if (alpn.size != sizeof(kAlpnH3) - 1 || std::memcmp(alpn.data, kAlpnH3, alpn.size) != 0) return -1;
    return 0;
}

}  // namespace

const char* QuicServerConfig::priority() {
    return "%DISABLE_TLS13_COMPAT_MODE:NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:"
           "+CHACHA20-POLY1305:+AES-128-CCM:-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1:"
           "+GROUP-SECP521R1";
}

namespace {

// The DER response stapled to handshakes that ask (status_request), handed to GnuTLS by a
// callback rather than gnutls_certificate_set_ocsp_status_request_file2: that function refuses
// a response that says "revoked", where the TCP side (tls/ocsp_staple.cc) staples it, as nginx
// does, so that clients learn the truth; both sides must send the same bytes. Like the TCP
// side, a response past its nextUpdate is not sent.
int staple_for_handshake(gnutls_session_t, void* ptr, gnutls_datum_t* out) {
    const auto* self = static_cast<const QuicServerConfig::Credentials*>(ptr);
    if (self->staple_der.empty() || (self->staple_next_update != 0 && self->staple_next_update < time(nullptr)))
        return GNUTLS_E_NO_CERTIFICATE_STATUS;
    // GnuTLS frees what it is given (gnutls_free), once the handshake has sent it.
    out->data = static_cast<unsigned char*>(gnutls_malloc(self->staple_der.size()));
    if (out->data == nullptr) return GNUTLS_E_MEMORY_ERROR;
    std::memcpy(out->data, self->staple_der.data(), self->staple_der.size());
    out->size = unsigned(self->staple_der.size());
    return 0;
}

// Reads the OCSP response for the leaf certificate of `cred` and finds its nextUpdate. The TCP
// side has checked the same file already with the messages users see (status, serial); this
// checks again with GnuTLS that the response is about this certificate.
bool load_staple(const std::string& stapling_file, gnutls_certificate_credentials_t cred,
                 QuicServerConfig::Credentials* out, std::string* error) {
    std::string der, why;
    if (!tls::read_tls_file(stapling_file, &der, &why)) {
        *error = "cannot load OCSP response " + quoted(stapling_file) + " for QUIC: " + why;
        return false;
    }
    gnutls_x509_crt_t* chain = nullptr;
    unsigned chain_len = 0;
    int rv = gnutls_certificate_get_x509_crt(cred, 0, &chain, &chain_len);
    gnutls_ocsp_resp_t resp = nullptr;
    if (rv == 0) rv = gnutls_ocsp_resp_init(&resp);
    gnutls_datum_t d = datum_of(der);
    if (rv == 0) rv = gnutls_ocsp_resp_import(resp, &d);
    time_t next_update = -1;
    bool covered = false;
    for (unsigned i = 0; rv == 0 && chain_len > 0; ++i) {
        time_t this_update, next, revocation;
        unsigned cert_status, reason;
        if (gnutls_ocsp_resp_get_single(resp, i, nullptr, nullptr, nullptr, nullptr, &cert_status, &this_update, &next,
                                        &revocation, &reason) < 0)
            break;
        if (gnutls_ocsp_resp_check_crt(resp, i, chain[0]) == 0) {
            covered = true;
            next_update = next;
            break;
        }
    }
    if (resp != nullptr) gnutls_ocsp_resp_deinit(resp);
    for (unsigned i = 0; i < chain_len; ++i) gnutls_x509_crt_deinit(chain[i]);
    gnutls_free(chain);
    if (rv < 0 || !covered) {
        *error = "cannot load OCSP response " + quoted(stapling_file) + " for QUIC: " +
                 (rv < 0 ? gnutls_strerror(rv) : "it does not cover the certificate");
        return false;
    }
    out->staple_der = std::move(der);
    out->staple_next_update = next_update == time_t(-1) ? 0 : next_update;
    gnutls_certificate_set_ocsp_status_request_function2(cred, 0, staple_for_handshake, out);
    return true;
}

}  // namespace

QuicServerConfig::Credentials::~Credentials() {
    if (cred != nullptr) gnutls_certificate_free_credentials(cred);
}

// Certificate credentials from the PEM files; nullptr with *error naming the file.
static std::unique_ptr<QuicServerConfig::Credentials> load_credentials(const std::string& cert_file,
                                                                       const std::string& key_file,
                                                                       const std::string& stapling_file,
                                                                       std::string* error) {
    std::string cert_pem, key_pem, why;
    if (!tls::read_tls_file(cert_file, &cert_pem, &why)) {
        *error = "cannot load certificate " + quoted(cert_file) + ": " + why;
        return nullptr;
    }
    if (!tls::read_tls_file(key_file, &key_pem, &why)) {
        *error = "cannot load private key " + quoted(key_file) + ": " + why;
        return nullptr;
    }
    if (!certificate_parses(cert_pem, &why)) {
        *error = "cannot load certificate " + quoted(cert_file) + ": " + why;
        return nullptr;
    }
    auto c = std::make_unique<QuicServerConfig::Credentials>();
    int rv = gnutls_certificate_allocate_credentials(&c->cred);
    if (rv < 0) {
        c->cred = nullptr;
        *error = std::string("cannot create QUIC TLS state: ") + gnutls_strerror(rv);
        return nullptr;
    }
    gnutls_datum_t cert = datum_of(cert_pem);
    gnutls_datum_t key = datum_of(key_pem);
    rv = gnutls_certificate_set_x509_key_mem2(c->cred, &cert, &key, GNUTLS_X509_FMT_PEM, nullptr, 0);
    if (rv < 0) {
        // The certificate parsed on its own above, so the key is what GnuTLS refused.
        *error = rv == GNUTLS_E_CERTIFICATE_KEY_MISMATCH
                     ? "private key " + quoted(key_file) + " does not match certificate " + quoted(cert_file)
                     : "cannot load private key " + quoted(key_file) + ": " + gnutls_strerror(rv);
        return nullptr;
    }
    if (!stapling_file.empty() && !load_staple(stapling_file, c->cred, c.get(), error)) return nullptr;
    return c;
}

std::unique_ptr<QuicServerConfig> QuicServerConfig::create(const std::string& cert_file, const std::string& key_file,
                                                           const std::string& stapling_file, const QuicLimits& limits,
                                                           std::string* error) {
    std::unique_ptr<Credentials> cred = load_credentials(cert_file, key_file, stapling_file, error);
    if (!cred) return nullptr;
    std::unique_ptr<QuicServerConfig> c(new QuicServerConfig());
    c->cred_.store(cred.release());
    c->limits_ = limits;
    int rv = gnutls_priority_init(&c->priority_, priority(), nullptr);
    if (rv == 0) rv = gnutls_session_ticket_key_generate(&c->ticket_key_);
    if (rv < 0) {
        *error = std::string("cannot create QUIC TLS state: ") + gnutls_strerror(rv);
        return nullptr;
    }
    if (!fill_random(c->reset_secret_, sizeof(c->reset_secret_))) {
        *error = std::string("cannot create QUIC TLS state: getrandom: ") + std::strerror(errno);
        return nullptr;
    }
    return c;
}

bool QuicServerConfig::reload_certificate(const std::string& cert_file, const std::string& key_file,
                                          const std::string& stapling_file, std::string* error) {
    std::unique_ptr<Credentials> cred = load_credentials(cert_file, key_file, stapling_file, error);
    if (!cred) return false;
    // Sessions set up earlier keep pointing at the old credentials (GnuTLS does not count
    // references): they are freed with this object, not now.
    retired_.emplace_back(cred_.exchange(cred.release(), std::memory_order_acq_rel));
    return true;
}

QuicServerConfig::~QuicServerConfig() {
    if (ticket_key_.data != nullptr) {
        gnutls_memset(ticket_key_.data, 0, ticket_key_.size);
        gnutls_free(ticket_key_.data);
    }
    if (priority_ != nullptr) gnutls_priority_deinit(priority_);
    delete cred_.load();
    gnutls_memset(reset_secret_, 0, sizeof(reset_secret_));
}

int QuicServerConfig::configure_session(gnutls_session_t session) const {
    int rv = gnutls_priority_set(session, priority_);
    if (rv < 0) return rv;
    rv = gnutls_session_ticket_enable_server(session, &ticket_key_);
    if (rv < 0) return rv;
    gnutls_handshake_set_hook_function(session, GNUTLS_HANDSHAKE_CLIENT_HELLO, GNUTLS_HOOK_POST, require_h3_alpn);
    rv = ngtcp2_crypto_gnutls_configure_server_session(session);
    if (rv != 0) return GNUTLS_E_INTERNAL_ERROR;
    rv = gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, cred_.load(std::memory_order_acquire)->cred);
    if (rv < 0) return rv;
    gnutls_datum_t alpn{reinterpret_cast<unsigned char*>(const_cast<char*>(kAlpnH3)), sizeof(kAlpnH3) - 1};
    return gnutls_alpn_set_protocols(session, &alpn, 1, GNUTLS_ALPN_MANDATORY | GNUTLS_ALPN_SERVER_PRECEDENCE);
}

}  // namespace trident::http3

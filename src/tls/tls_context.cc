#include "trident/tls/tls_context.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cstring>

#include "tls/alpn.h"
#include "tls/ocsp_staple.h"
#include "tls/openssl_error.h"
#include "tls/pem_files.h"

namespace trident::tls {

namespace {

// TLS 1.2 suites: ECDHE (forward secrecy) with an AEAD cipher, ECDSA before RSA (ECDSA
// certificates are faster to sign with), AES-128 before AES-256 (as strong as needed, faster).
// Only the ones matching the certificate's key type are usable for a given certificate.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

constexpr const char* kGroups = "X25519:P-256:P-384";

// Same for every SSL_CTX: the connection's SSL object copies protocol settings from the
// default context at SSL_new(), but after an SNI switch OpenSSL takes the certificate, the
// ALPN callback and the ticket settings from the new one, so they must agree.
constexpr unsigned char kSessionIdContext[] = "trident";

int on_alpn(SSL*, const unsigned char** out, unsigned char* out_len, const unsigned char* in, unsigned int in_len,
            void* arg) {
    const auto* self = static_cast<const TlsContext*>(arg);
    std::string_view p = choose_alpn(in, in_len, self->h2_enabled());
    // NOACK: finish the handshake without ALPN (served as HTTP/1.1); see choose_alpn().
    if (p.empty()) return SSL_TLSEXT_ERR_NOACK;
    *out = reinterpret_cast<const unsigned char*>(p.data());  // static storage, outlives the handshake
    *out_len = static_cast<unsigned char>(p.size());
    return SSL_TLSEXT_ERR_OK;
}

bool configure(SSL_CTX* ctx, const TlsConfig& config, const TlsContext* self, std::string* error) {
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 || SSL_CTX_set_max_proto_version(ctx, 0) != 1) {
        *error = "cannot set the TLS versions: " + drain_openssl_errors();
        return false;
    }
    SSL_CTX_set_security_level(ctx, 2);
    uint64_t options = SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                       SSL_OP_PRIORITIZE_CHACHA;
    if (!config.session_tickets) options |= SSL_OP_NO_TICKET;
    SSL_CTX_set_options(ctx, options);
    if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
        *error = "cannot set the TLS 1.2 ciphers: " + drain_openssl_errors();
        return false;
    }
    if (SSL_CTX_set1_groups_list(ctx, kGroups) != 1) {
        *error = "cannot set the key exchange groups: " + drain_openssl_errors();
        return false;
    }
    // Idle connections (keep-alive) then hold no OpenSSL record buffers (~34 KiB each).
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    // No stateful session cache: it would be state shared (and locked) across reactor threads,
    // and tickets make it unnecessary.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_session_id_context(ctx, kSessionIdContext, sizeof kSessionIdContext - 1);
    // With SSL_OP_NO_TICKET OpenSSL would still send TLS 1.3 tickets (stateful ones); zero
    // turns them off for real.
    if (!config.session_tickets) SSL_CTX_set_num_tickets(ctx, 0);
    SSL_CTX_set_max_early_data(ctx, 0);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_alpn_select_cb(ctx, on_alpn, const_cast<TlsContext*>(self));
    return true;
}

// Where an SSL_CTX keeps its TicketKeyRing (one index for the process).
int ticket_ring_index() {
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

// OpenSSL's ticket key callback: AES-256-CBC + HMAC-SHA256 with the ring's keys. Encrypt: the
// current key. Decrypt: 1 for the current key, 2 for the previous one (accepted; OpenSSL then
// issues a fresh ticket), 0 for any other (a full handshake).
int on_ticket_key(SSL* ssl, unsigned char key_name[16], unsigned char* iv, EVP_CIPHER_CTX* cipher, EVP_MAC_CTX* mac,
                  int enc) {
    auto* ring = static_cast<TicketKeyRing*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ticket_ring_index()));
    if (ring == nullptr) return -1;
    TicketKeyRing::Key k;
    int result = 1;
    if (enc) {
        k = ring->current();
        if (RAND_bytes(iv, 16) != 1) return -1;
        memcpy(key_name, k.name, sizeof k.name);
    } else {
        TicketKeyRing::Found f = ring->find(key_name, &k);
        if (f == TicketKeyRing::Found::None) return 0;
        result = f == TicketKeyRing::Found::Previous ? 2 : 1;
    }
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, k.hmac, sizeof k.hmac),
                           OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
    bool ok = EVP_MAC_CTX_set_params(mac, params) == 1 &&
              (enc ? EVP_EncryptInit_ex(cipher, EVP_aes_256_cbc(), nullptr, k.aes, iv)
                   : EVP_DecryptInit_ex(cipher, EVP_aes_256_cbc(), nullptr, k.aes, iv)) == 1;
    OPENSSL_cleanse(&k, sizeof k);
    return ok ? result : -1;
}

std::string sni_suffix(const std::string& host) { return " (SNI host \"" + host + "\")"; }

}  // namespace

std::unique_ptr<TlsContext> TlsContext::create(const TlsConfig& config, std::string* error) {
    if (config.cert_file.empty() || config.key_file.empty()) {
        *error = "TLS needs a certificate file and a private key file";
        return nullptr;
    }
    std::unique_ptr<TlsContext> c(new TlsContext());
    c->enable_h2_ = config.enable_h2;
    c->ticket_keys_ = config.ticket_keys;
    if (!c->make_site(config.cert_file, config.key_file, config.stapling_file, config, &c->default_site_, error)) return nullptr;
    c->sni_sites_.reserve(config.sni_certs.size());
    for (const SniCert& s : config.sni_certs) {
        if (!c->names_.add(s.hostname, int(c->sni_sites_.size()), error)) return nullptr;
        if (s.cert_file.empty() || s.key_file.empty()) {
            *error = "SNI host \"" + s.hostname + "\" needs a certificate file and a private key file";
            return nullptr;
        }
        c->sni_sites_.emplace_back();
        if (!c->make_site(s.cert_file, s.key_file, s.stapling_file, config, &c->sni_sites_.back(), error)) {
            *error += sni_suffix(s.hostname);
            return nullptr;
        }
    }
    if (c->ticket_keys_ && config.session_tickets) {
        // A ticket must not outlive the keys that can decrypt it (two lifetimes); OpenSSL's
        // default ticket lifetime is 2 hours.
        long timeout = long(std::min(7200.0, 2 * c->ticket_keys_->lifetime()));
        for (Site* s : c->all_sites()) {
            SSL_CTX_set_ex_data(s->ctx, ticket_ring_index(), c->ticket_keys_.get());
            SSL_CTX_set_tlsext_ticket_key_evp_cb(s->ctx, on_ticket_key);
            SSL_CTX_set_timeout(s->ctx, timeout < 1 ? 1 : timeout);
        }
    }
    if (!c->sni_sites_.empty()) {
        SSL_CTX* ctx = c->default_site_.ctx;
        SSL_CTX_set_tlsext_servername_callback(ctx, &TlsContext::on_server_name);
        SSL_CTX_set_tlsext_servername_arg(ctx, c.get());
    }
    return c;
}

TlsContext::~TlsContext() {
    SSL_CTX_free(default_site_.ctx);
    for (Site& s : sni_sites_) SSL_CTX_free(s.ctx);
}

bool TlsContext::make_site(const std::string& cert_file, const std::string& key_file, const std::string& stapling_file,
                           const TlsConfig& config, Site* site, std::string* error) {
    clear_openssl_errors();
    site->cert_file = cert_file;
    site->ctx = SSL_CTX_new(TLS_server_method());
    if (site->ctx == nullptr) {
        *error = "cannot create a TLS context: " + drain_openssl_errors();
        return false;
    }
    if (!configure(site->ctx, config, this, error) || !load_certificate_and_key(site->ctx, cert_file, key_file, error))
        return false;
    if (stapling_file.empty()) return true;
    site->staple = std::make_unique<OcspStaple>();
    std::string warning;
    if (!site->staple->load(stapling_file, SSL_CTX_get0_certificate(site->ctx), cert_file, error, &warning)) return false;
    if (!warning.empty()) warnings_.push_back(std::move(warning));
    site->staple->attach(site->ctx);
    return true;
}

const TlsContext::Site& TlsContext::site_for(std::string_view server_name) const {
    int i = server_name.empty() ? -1 : names_.find(server_name);
    return i < 0 ? default_site_ : sni_sites_[size_t(i)];
}

const std::string& TlsContext::cert_file_for(std::string_view server_name) const {
    return site_for(server_name).cert_file;
}

int TlsContext::on_server_name(SSL* ssl, int* alert, void* arg) {
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    if (name == nullptr) return SSL_TLSEXT_ERR_NOACK;  // no SNI: the default certificate
    const auto* self = static_cast<const TlsContext*>(arg);
    // An unknown name also gets the default certificate: the client then decides whether it
    // accepts it, which is what every mainstream server does.
    SSL_CTX* want = self->site_for(name).ctx;
    if (want != SSL_get_SSL_CTX(ssl) && SSL_set_SSL_CTX(ssl, want) == nullptr) {
        *alert = SSL_AD_INTERNAL_ERROR;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    return SSL_TLSEXT_ERR_OK;
}

}  // namespace trident::tls

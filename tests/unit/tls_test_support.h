// Test support for the TLS layer: certificates generated at test time with the OpenSSL API
// (no openssl CLI needed), and a real OpenSSL client over memory BIOs that talks to a
// TlsSession in-process.
#pragma once

#include <catch2/catch.hpp>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "trident/tls/tls_context.h"
#include "trident/tls/tls_session.h"

namespace tls_test {

using trident::tls::TlsConfig;
using trident::tls::TlsContext;
using trident::tls::TlsSession;
using trident::tls::TlsStatus;

// ---- certificates ---------------------------------------------------------------------

inline void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (ext == nullptr) FAIL("X509V3_EXT_conf_nid failed for " << value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

// A certificate for `cn` (also its DNS subjectAltName unless it is a CA), signed by
// issuer/issuer_key, or self-signed when issuer is null. Valid from an hour ago for a day.
inline X509* make_cert(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuer_key, bool is_ca) {
    static long serial = 1;
    X509* x = X509_new();
    X509_set_version(x, X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
    X509* signer = issuer ? issuer : x;
    if (is_ca) {
        add_ext(x, signer, NID_basic_constraints, "critical,CA:TRUE");
        add_ext(x, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_ext(x, signer, NID_basic_constraints, "CA:FALSE");
        add_ext(x, signer, NID_subject_alt_name, "DNS:" + cn);
    }
    add_ext(x, signer, NID_subject_key_identifier, "hash");
    if (X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) <= 0) FAIL("X509_sign failed");
    return x;
}

inline void write_text(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
}

inline std::string pem_of(X509* x) {
    BIO* b = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(b, x);
    char* p = nullptr;
    long n = BIO_get_mem_data(b, &p);
    std::string s(p, size_t(n));
    BIO_free(b);
    return s;
}

inline std::string pem_of(EVP_PKEY* k, const char* passphrase = nullptr) {
    BIO* b = BIO_new(BIO_s_mem());
    if (passphrase) {
        PEM_write_bio_PrivateKey(b, k, EVP_aes_128_cbc(), reinterpret_cast<const unsigned char*>(passphrase),
                                 int(strlen(passphrase)), nullptr, nullptr);
    } else {
        PEM_write_bio_PrivateKey(b, k, nullptr, nullptr, 0, nullptr, nullptr);
    }
    char* p = nullptr;
    long n = BIO_get_mem_data(b, &p);
    std::string s(p, size_t(n));
    BIO_free(b);
    return s;
}

// Every file the tests use, generated once per test run in a fresh temporary directory:
//   localhost: EC P-256 leaf signed by a test CA; its cert file holds leaf + CA (a chain)
//   other.test: RSA-2048, self-signed
//   *.wild.test: EC P-256, self-signed
//   weak: RSA-1024 self-signed (below security level 2)
//   plus an encrypted key, a garbage file and a certificate whose chain block is corrupt.
struct Pki {
    std::string dir;
    std::string ca_cert;
    std::string localhost_cert, localhost_key;
    std::string other_cert, other_key;
    std::string wild_cert, wild_key;
    std::string weak_cert, weak_key;
    std::string encrypted_key;   // localhost's key, passphrase-protected
    std::string garbage;         // not PEM at all
    std::string corrupt_chain;   // localhost leaf, then a certificate block with broken base64

    Pki() {
        char tmpl[] = "/tmp/trident-tls-test-XXXXXX";
        if (mkdtemp(tmpl) == nullptr) FAIL("mkdtemp failed");
        dir = tmpl;
        EVP_PKEY* ca_key = EVP_EC_gen("P-256");
        X509* ca = make_cert(ca_key, "Trident Test CA", nullptr, nullptr, true);
        EVP_PKEY* lk = EVP_EC_gen("P-256");
        X509* lc = make_cert(lk, "localhost", ca, ca_key, false);
        EVP_PKEY* ok = EVP_RSA_gen(2048);
        X509* oc = make_cert(ok, "other.test", nullptr, nullptr, false);
        EVP_PKEY* wk = EVP_EC_gen("P-256");
        X509* wc = make_cert(wk, "*.wild.test", nullptr, nullptr, false);
        EVP_PKEY* weak = EVP_RSA_gen(1024);
        X509* weakc = make_cert(weak, "weak.test", nullptr, nullptr, false);

        ca_cert = dir + "/ca.pem";
        write_text(ca_cert, pem_of(ca));
        localhost_cert = dir + "/localhost.pem";
        write_text(localhost_cert, pem_of(lc) + pem_of(ca));
        localhost_key = dir + "/localhost.key";
        write_text(localhost_key, pem_of(lk));
        other_cert = dir + "/other.pem";
        write_text(other_cert, pem_of(oc));
        other_key = dir + "/other.key";
        write_text(other_key, pem_of(ok));
        wild_cert = dir + "/wild.pem";
        write_text(wild_cert, pem_of(wc));
        wild_key = dir + "/wild.key";
        write_text(wild_key, pem_of(wk));
        weak_cert = dir + "/weak.pem";
        write_text(weak_cert, pem_of(weakc));
        weak_key = dir + "/weak.key";
        write_text(weak_key, pem_of(weak));
        encrypted_key = dir + "/encrypted.key";
        write_text(encrypted_key, pem_of(lk, "secret"));
        garbage = dir + "/garbage.pem";
        write_text(garbage, "this is not a certificate\n");
        corrupt_chain = dir + "/corrupt-chain.pem";
        write_text(corrupt_chain,
                   pem_of(lc) + "-----BEGIN CERTIFICATE-----\n!!!! not base64 !!!!\n-----END CERTIFICATE-----\n");

        for (X509* x : {ca, lc, oc, wc, weakc}) X509_free(x);
        for (EVP_PKEY* k : {ca_key, lk, ok, wk, weak}) EVP_PKEY_free(k);
    }
    ~Pki() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

inline const Pki& pki() {
    static Pki p;
    return p;
}

// The configuration most tests use: localhost by default, other.test and *.wild.test by SNI.
inline TlsConfig base_config(bool enable_h2 = true) {
    TlsConfig c;
    c.cert_file = pki().localhost_cert;
    c.key_file = pki().localhost_key;
    c.enable_h2 = enable_h2;
    c.sni_certs.push_back({"other.test", pki().other_cert, pki().other_key});
    c.sni_certs.push_back({"*.wild.test", pki().wild_cert, pki().wild_key});
    return c;
}

inline std::unique_ptr<TlsContext> make_context(const TlsConfig& c) {
    std::string error;
    auto ctx = TlsContext::create(c, &error);
    INFO(error);
    REQUIRE(ctx);
    return ctx;
}

// ---- the client ----------------------------------------------------------------------

struct ClientOptions {
    ClientOptions(std::string sni_ = {}, std::vector<std::string> alpn_ = {}, int min = 0, int max = 0)
        : sni(std::move(sni_)), alpn(std::move(alpn_)), min_version(min), max_version(max) {}

    std::string sni;                 // empty: no SNI
    std::vector<std::string> alpn;   // empty: no ALPN extension
    int min_version = 0;             // 0: library default
    int max_version = 0;
    std::string tls12_ciphers;       // empty: default
    int security_level = -1;         // -1: default
    SSL_SESSION* session = nullptr;  // resume this session
    bool verify_with_ca = false;     // verify the chain against the test CA and "localhost"
};

// A real OpenSSL client whose network is two memory BIOs.
class Client {
public:
    explicit Client(const ClientOptions& o = {}) {
        ctx_ = SSL_CTX_new(TLS_client_method());
        if (o.security_level >= 0) SSL_CTX_set_security_level(ctx_, o.security_level);
        if (o.min_version) SSL_CTX_set_min_proto_version(ctx_, o.min_version);
        if (o.max_version) SSL_CTX_set_max_proto_version(ctx_, o.max_version);
        if (!o.tls12_ciphers.empty()) SSL_CTX_set_cipher_list(ctx_, o.tls12_ciphers.c_str());
        if (o.verify_with_ca) {
            SSL_CTX_load_verify_locations(ctx_, pki().ca_cert.c_str(), nullptr);
            SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
        }
        ssl = SSL_new(ctx_);
        if (o.verify_with_ca) SSL_set1_host(ssl, "localhost");
        if (!o.sni.empty()) SSL_set_tlsext_host_name(ssl, o.sni.c_str());
        if (!o.alpn.empty()) {
            std::string wire;
            for (const std::string& p : o.alpn) {
                wire.push_back(char(p.size()));
                wire += p;
            }
            SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(wire.data()), unsigned(wire.size()));
        }
        if (o.session) SSL_set_session(ssl, o.session);
        from_server = BIO_new(BIO_s_mem());
        to_server = BIO_new(BIO_s_mem());
        SSL_set_bio(ssl, from_server, to_server);
        SSL_set_connect_state(ssl);
    }
    ~Client() {
        SSL_free(ssl);
        SSL_CTX_free(ctx_);
    }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool handshake_done() const { return SSL_is_init_finished(ssl) == 1; }

    // Advances the handshake (if not done) and reads whatever plaintext arrived into
    // `received` (this also processes TLS 1.3 session tickets).
    void step() {
        ERR_clear_error();
        if (!handshake_done()) {
            int r = SSL_do_handshake(ssl);
            if (r != 1) {
                note(SSL_get_error(ssl, r));
                return;
            }
        }
        char buf[16384];
        for (;;) {
            size_t n = 0;
            int r = SSL_read_ex(ssl, buf, sizeof buf, &n);
            if (r == 1) {
                received.append(buf, n);
                continue;
            }
            note(SSL_get_error(ssl, r));
            return;
        }
    }

    void write(const std::string& s) {
        size_t written = 0;
        REQUIRE(SSL_write_ex(ssl, s.data(), s.size(), &written) == 1);
        REQUIRE(written == s.size());
    }

    std::string alpn() const {
        const unsigned char* p = nullptr;
        unsigned n = 0;
        SSL_get0_alpn_selected(ssl, &p, &n);
        return p ? std::string(reinterpret_cast<const char*>(p), n) : std::string();
    }

    std::string peer_cn() const {
        X509* cert = SSL_get1_peer_certificate(ssl);
        if (cert == nullptr) return {};
        char cn[256] = {};
        X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
        X509_free(cert);
        return cn;
    }

    SSL* ssl = nullptr;
    BIO* from_server = nullptr;  // owned by ssl
    BIO* to_server = nullptr;    // owned by ssl
    std::string received;
    int last_error = SSL_ERROR_NONE;  // last SSL_get_error() other than WANT_READ
    std::string errors;               // OpenSSL reasons collected on the client side
    bool got_close_notify = false;

private:
    void note(int e) {
        if (e == SSL_ERROR_WANT_READ) return;
        if (e == SSL_ERROR_ZERO_RETURN) got_close_notify = true;
        last_error = e;
        unsigned long code;
        while ((code = ERR_get_error()) != 0) {
            const char* r = ERR_reason_error_string(code);
            errors += r ? r : "?";
            errors += "; ";
        }
    }

    SSL_CTX* ctx_ = nullptr;
};

// How bytes travel from the client to the session.
struct PumpOptions {
    size_t chunk = SIZE_MAX;   // hand ciphertext to the session in pieces of this size
    bool use_feed = false;     // feed() instead of input_space()/commit_input()
    size_t consume_step = SIZE_MAX;  // take at most this much ciphertext per round from the session
    std::string* server_plain = nullptr;  // read plaintext on the server side into this
    bool* server_eof = nullptr;           // set when read_plain() returns Eof
};

// Moves bytes both ways until neither side makes progress.
inline void pump(Client& c, TlsSession& s, const PumpOptions& o = {}) {
    for (int round = 0; round < 100000; ++round) {
        bool progress = false;
        c.step();
        char buf[16384];
        int n;
        while ((n = BIO_read(c.to_server, buf, sizeof buf)) > 0) {
            progress = true;
            for (size_t off = 0; off < size_t(n); off += o.chunk) {
                size_t k = std::min(o.chunk, size_t(n) - off);
                if (o.use_feed) {
                    s.feed(reinterpret_cast<const uint8_t*>(buf + off), k);
                } else {
                    memcpy(s.input_space(k), buf + off, k);
                    s.commit_input(k);
                }
            }
        }
        if (o.server_plain) {
            uint8_t out[16384];
            for (;;) {
                trident::tls::TlsRead r = s.read_plain(out, sizeof out);
                if (r.status == TlsStatus::Eof && o.server_eof) *o.server_eof = true;
                if (r.status != TlsStatus::Ok) break;
                o.server_plain->append(reinterpret_cast<const char*>(out), r.bytes);
                progress = true;
            }
        }
        std::string_view v = s.pending_ciphertext();
        if (!v.empty()) {
            size_t k = std::min(v.size(), o.consume_step);
            BIO_write(c.from_server, v.data(), int(k));
            s.consume_ciphertext(k);
            progress = true;
        }
        if (!progress) return;
    }
    FAIL("pump did not settle");
}

inline void handshake(Client& c, TlsSession& s, const PumpOptions& o = {}) {
    pump(c, s, o);
    INFO("server error: " << s.error() << " / client errors: " << c.errors);
    REQUIRE(c.handshake_done());
    REQUIRE(s.handshake_done());
    REQUIRE_FALSE(s.failed());
}

inline std::string random_bytes(size_t n, unsigned seed) {
    std::string s(n, '\0');
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        s[i] = char(x);
    }
    return s;
}

}  // namespace tls_test

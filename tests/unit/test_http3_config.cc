// QuicServerConfig: GnuTLS credentials from the listener's PEM files, errors naming the file.
#include <catch2/catch.hpp>

#include <gnutls/x509.h>

#include "http3/quic_server_config.h"
#include "tls_test_support.h"

using trident::http3::QuicLimits;
using trident::http3::QuicServerConfig;
using tls_test::pki;

namespace {

std::string q(const std::string& s) { return "\"" + s + "\""; }

std::string create_error(const std::string& cert, const std::string& key) {
    std::string error;
    auto c = QuicServerConfig::create(cert, key, "", QuicLimits{}, &error);
    CHECK(c == nullptr);
    return error;
}

}  // namespace

TEST_CASE("http3 config: the listener's certificate and key load", "[http3]") {
    std::string error;
    auto c = QuicServerConfig::create(pki().localhost_cert, pki().localhost_key, "", QuicLimits{}, &error);
    INFO(error);
    REQUIRE(c != nullptr);
    CHECK(c->limits().max_concurrent_streams == 100);
    // A session configured from it is a TLS 1.3-only QUIC server session.
    gnutls_session_t s = nullptr;
    REQUIRE(gnutls_init(&s, GNUTLS_SERVER) == 0);
    CHECK(c->configure_session(s) == 0);
    gnutls_deinit(s);
}

TEST_CASE("http3 config: an RSA certificate loads too", "[http3]") {
    std::string error;
    auto c = QuicServerConfig::create(pki().other_cert, pki().other_key, "", QuicLimits{}, &error);
    INFO(error);
    CHECK(c != nullptr);
}

TEST_CASE("http3 config: a missing certificate file is named with errno's text", "[http3]") {
    std::string f = pki().dir + "/nope/cert.pem";
    CHECK(create_error(f, pki().localhost_key) == "cannot load certificate " + q(f) + ": No such file or directory");
}

TEST_CASE("http3 config: a missing key file is named", "[http3]") {
    std::string f = pki().dir + "/nope.key";
    CHECK(create_error(pki().localhost_cert, f) == "cannot load private key " + q(f) + ": No such file or directory");
}

TEST_CASE("http3 config: a directory instead of a certificate file", "[http3]") {
    CHECK(create_error(pki().dir, pki().localhost_key) ==
          "cannot load certificate " + q(pki().dir) + ": Is a directory");
}

TEST_CASE("http3 config: files that are not PEM", "[http3]") {
    SECTION("certificate") {
        std::string e = create_error(pki().garbage, pki().localhost_key);
        CHECK_THAT(e, Catch::StartsWith("cannot load certificate " + q(pki().garbage) + ": "));
    }
    SECTION("key") {
        std::string e = create_error(pki().localhost_cert, pki().garbage);
        CHECK_THAT(e, Catch::StartsWith("cannot load private key " + q(pki().garbage) + ": "));
    }
    SECTION("an encrypted key") {
        std::string e = create_error(pki().localhost_cert, pki().encrypted_key);
        CHECK_THAT(e, Catch::StartsWith("cannot load private key " + q(pki().encrypted_key) + ": "));
    }
}

TEST_CASE("http3 config: a key that does not match the certificate", "[http3]") {
    CHECK(create_error(pki().localhost_cert, pki().other_key) ==
          "private key " + q(pki().other_key) + " does not match certificate " + q(pki().localhost_cert));
}

namespace {

// The subject of the first certificate in the credentials a session was configured with.
std::string session_subject(gnutls_session_t s) {
    void* cred = nullptr;
    if (gnutls_credentials_get(s, GNUTLS_CRD_CERTIFICATE, &cred) < 0 || cred == nullptr) return "none";
    gnutls_x509_crt_t* list = nullptr;
    unsigned n = 0;
    if (gnutls_certificate_get_x509_crt(static_cast<gnutls_certificate_credentials_t>(cred), 0, &list, &n) < 0 || n == 0) {
        return "none";
    }
    char dn[256];
    size_t len = sizeof dn;
    std::string out = gnutls_x509_crt_get_dn(list[0], dn, &len) == 0 ? std::string(dn, len) : "?";
    for (unsigned i = 0; i < n; ++i) gnutls_x509_crt_deinit(list[i]);
    gnutls_free(list);
    return out;
}

}  // namespace

TEST_CASE("http3 config: a certificate reload serves new sessions, old sessions keep theirs", "[http3]") {
    std::string error;
    auto c = QuicServerConfig::create(pki().localhost_cert, pki().localhost_key, "", QuicLimits{}, &error);
    REQUIRE(c != nullptr);
    gnutls_session_t before = nullptr, after = nullptr, failed = nullptr;
    REQUIRE(gnutls_init(&before, GNUTLS_SERVER) == 0);
    REQUIRE(c->configure_session(before) == 0);
    CHECK(session_subject(before) == "CN=localhost");

    REQUIRE(c->reload_certificate(pki().other_cert, pki().other_key, "", &error));
    REQUIRE(gnutls_init(&after, GNUTLS_SERVER) == 0);
    REQUIRE(c->configure_session(after) == 0);
    CHECK(session_subject(after) == "CN=other.test");
    CHECK(session_subject(before) == "CN=localhost");  // still valid: retired, not freed

    // Files that do not load: refused with create()'s message, the reloaded certificate stays.
    CHECK_FALSE(c->reload_certificate(pki().localhost_cert, pki().other_key, "", &error));
    CHECK(error == "private key " + q(pki().other_key) + " does not match certificate " + q(pki().localhost_cert));
    CHECK_FALSE(c->reload_certificate(pki().garbage, pki().localhost_key, "", &error));
    CHECK(error.rfind("cannot load certificate " + q(pki().garbage) + ": ", 0) == 0);
    REQUIRE(gnutls_init(&failed, GNUTLS_SERVER) == 0);
    REQUIRE(c->configure_session(failed) == 0);
    CHECK(session_subject(failed) == "CN=other.test");
    gnutls_deinit(before);
    gnutls_deinit(after);
    gnutls_deinit(failed);
}

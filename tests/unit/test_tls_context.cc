// TlsContext: certificate loading and its error messages, SNI name matching, ALPN choice.
#include "tls_test_support.h"

#include <sys/stat.h>

#include <cerrno>

#include "tls/alpn.h"
#include "tls/openssl_error.h"
#include "trident/tls/sni_names.h"

using namespace tls_test;
using trident::tls::choose_alpn;
using trident::tls::drain_openssl_errors;
using trident::tls::SniNames;

namespace {

std::string create_error(const TlsConfig& c) {
    std::string error;
    auto ctx = TlsContext::create(c, &error);
    CHECK_FALSE(ctx);
    return error;
}

TlsConfig plain_config() {
    TlsConfig c;
    c.cert_file = pki().localhost_cert;
    c.key_file = pki().localhost_key;
    return c;
}

std::string q(const std::string& path) { return "\"" + path + "\""; }

}  // namespace

TEST_CASE("tls context: a valid certificate and key load", "[tls]") {
    std::string error;
    auto ctx = TlsContext::create(base_config(), &error);
    REQUIRE(ctx);
    CHECK(error.empty());
    CHECK(ctx->native_handle() != nullptr);
    CHECK(ctx->h2_enabled());
    CHECK_FALSE(TlsContext::create(base_config(false), &error)->h2_enabled());
}

TEST_CASE("tls context: a missing certificate file is named with errno's text", "[tls]") {
    TlsConfig c = plain_config();
    c.cert_file = pki().dir + "/nope/cert.pem";
    CHECK(create_error(c) == "cannot load certificate " + q(c.cert_file) + ": No such file or directory");
}

TEST_CASE("tls context: a missing key file is named", "[tls]") {
    TlsConfig c = plain_config();
    c.key_file = pki().dir + "/missing.key";
    CHECK(create_error(c) == "cannot load private key " + q(c.key_file) + ": No such file or directory");
}

TEST_CASE("tls context: a directory instead of a certificate file", "[tls]") {
    TlsConfig c = plain_config();
    c.cert_file = pki().dir;
    CHECK(create_error(c) == "cannot load certificate " + q(c.cert_file) + ": Is a directory");
}

TEST_CASE("tls context: files without PEM content", "[tls]") {
    SECTION("certificate") {
        TlsConfig c = plain_config();
        c.cert_file = pki().garbage;
        CHECK(create_error(c) == "cannot load certificate " + q(c.cert_file) + ": no PEM certificate found");
    }
    SECTION("key") {
        TlsConfig c = plain_config();
        c.key_file = pki().garbage;
        CHECK(create_error(c) == "cannot load private key " + q(c.key_file) + ": no PEM private key found");
    }
    SECTION("a certificate file given as the key") {
        TlsConfig c = plain_config();
        c.key_file = pki().other_cert;
        CHECK(create_error(c) == "cannot load private key " + q(c.key_file) + ": no PEM private key found");
    }
}

TEST_CASE("tls context: a corrupt block in the chain is reported with OpenSSL's reason", "[tls]") {
    TlsConfig c = plain_config();
    c.cert_file = pki().corrupt_chain;
    std::string e = create_error(c);
    std::string prefix = "cannot load certificate chain " + q(c.cert_file) + ": ";
    REQUIRE(e.size() > prefix.size());
    CHECK(e.compare(0, prefix.size(), prefix) == 0);
}

TEST_CASE("tls context: a key that does not match the certificate", "[tls]") {
    TlsConfig c = plain_config();
    c.key_file = pki().other_key;
    CHECK(create_error(c) == "private key " + q(pki().other_key) + " does not match certificate " +
                                 q(pki().localhost_cert));
}

TEST_CASE("tls context: an encrypted key is refused without prompting", "[tls]") {
    TlsConfig c = plain_config();
    c.key_file = pki().encrypted_key;
    std::string e = create_error(c);
    CHECK(e.rfind("cannot load private key " + q(c.key_file) + ": the key is encrypted", 0) == 0);
}

TEST_CASE("tls context: a key below security level 2 is refused", "[tls]") {
    TlsConfig c;
    c.cert_file = pki().weak_cert;
    c.key_file = pki().weak_key;
    CHECK(create_error(c) == "cannot use certificate " + q(c.cert_file) + ": ee key too small");
}

TEST_CASE("tls context: no certificate configured", "[tls]") {
    TlsConfig c;
    CHECK(create_error(c) == "TLS needs a certificate file and a private key file");
}

TEST_CASE("tls context: SNI certificate errors name the file and the host", "[tls]") {
    SECTION("missing file") {
        TlsConfig c = base_config();
        c.sni_certs.push_back({"third.test", pki().dir + "/third.pem", pki().other_key});
        CHECK(create_error(c) == "cannot load certificate " + q(pki().dir + "/third.pem") +
                                     ": No such file or directory (SNI host \"third.test\")");
    }
    SECTION("mismatched key") {
        TlsConfig c = plain_config();
        c.sni_certs.push_back({"other.test", pki().other_cert, pki().wild_key});
        CHECK(create_error(c) == "private key " + q(pki().wild_key) + " does not match certificate " +
                                     q(pki().other_cert) + " (SNI host \"other.test\")");
    }
    SECTION("invalid host name") {
        TlsConfig c = plain_config();
        c.sni_certs.push_back({"a*b.test", pki().other_cert, pki().other_key});
        CHECK(create_error(c).rfind("invalid SNI host name \"a*b.test\"", 0) == 0);
    }
    SECTION("the same host twice, in different case") {
        TlsConfig c = plain_config();
        c.sni_certs.push_back({"other.test", pki().other_cert, pki().other_key});
        c.sni_certs.push_back({"OTHER.test", pki().other_cert, pki().other_key});
        CHECK(create_error(c) == "SNI host name \"OTHER.test\" is configured twice");
    }
    SECTION("no files") {
        TlsConfig c = plain_config();
        c.sni_certs.push_back({"other.test", "", ""});
        CHECK(create_error(c) == "SNI host \"other.test\" needs a certificate file and a private key file");
    }
}

TEST_CASE("tls context: cert_file_for follows the SNI rules", "[tls]") {
    auto ctx = make_context(base_config());
    const Pki& p = pki();
    CHECK(ctx->cert_file_for("") == p.localhost_cert);
    CHECK(ctx->cert_file_for("localhost") == p.localhost_cert);
    CHECK(ctx->cert_file_for("other.test") == p.other_cert);
    CHECK(ctx->cert_file_for("OTHER.Test") == p.other_cert);
    CHECK(ctx->cert_file_for("other.test.") == p.other_cert);
    CHECK(ctx->cert_file_for("x.other.test") == p.localhost_cert);
    CHECK(ctx->cert_file_for("a.wild.test") == p.wild_cert);
    CHECK(ctx->cert_file_for("A-1.WILD.TEST") == p.wild_cert);
    CHECK(ctx->cert_file_for("wild.test") == p.localhost_cert);
    CHECK(ctx->cert_file_for("a.b.wild.test") == p.localhost_cert);
    CHECK(ctx->cert_file_for(".wild.test") == p.localhost_cert);
    CHECK(ctx->cert_file_for("unknown.test") == p.localhost_cert);
}

TEST_CASE("tls sni names: exact beats wildcard, one label only", "[tls]") {
    SniNames n;
    std::string e;
    REQUIRE(n.add("*.example.com", 1, &e));
    REQUIRE(n.add("api.example.com", 2, &e));
    REQUIRE(n.add("Example.COM", 3, &e));
    CHECK(n.find("api.example.com") == 2);
    CHECK(n.find("www.example.com") == 1);
    CHECK(n.find("example.com") == 3);
    CHECK(n.find("a.www.example.com") == -1);
    CHECK(n.find("") == -1);
    CHECK(n.find(".") == -1);
    CHECK(n.find(std::string(300, 'a')) == -1);
    // A wildcard and an exact entry for the same suffix are different names.
    CHECK(n.add("*.api.example.com", 4, &e));
    CHECK(n.find("v1.api.example.com") == 4);
}

TEST_CASE("tls sni names: invalid patterns", "[tls]") {
    SniNames n;
    std::string e;
    for (const char* bad : {"", "*", "*.", "a..b", ".a", "a b", "*.*.a", "a.*.b", "x*.a", "**.a", "a/b"}) {
        INFO(bad);
        CHECK_FALSE(n.add(bad, 0, &e));
        CHECK(e.rfind("invalid SNI host name", 0) == 0);
    }
    CHECK_FALSE(n.add(std::string(254, 'a'), 0, &e));
    CHECK(n.add("trailing.dot.", 0, &e));
    CHECK(n.find("TRAILING.dot") == 0);
    CHECK(n.add("under_score.internal", 1, &e));
    CHECK(n.empty() == false);
}

namespace {
std::string wire(std::initializer_list<std::string> protos) {
    std::string w;
    for (const std::string& p : protos) {
        w.push_back(char(p.size()));
        w += p;
    }
    return w;
}
std::string_view alpn_of(const std::string& w, bool h2) {
    return choose_alpn(reinterpret_cast<const uint8_t*>(w.data()), w.size(), h2);
}
}  // namespace

TEST_CASE("tls alpn: server preference, h2 only when enabled", "[tls]") {
    CHECK(alpn_of(wire({"http/1.1", "h2"}), true) == "h2");
    CHECK(alpn_of(wire({"h2", "http/1.1"}), true) == "h2");
    CHECK(alpn_of(wire({"h2", "http/1.1"}), false) == "http/1.1");
    CHECK(alpn_of(wire({"http/1.1"}), true) == "http/1.1");
    CHECK(alpn_of(wire({"h2"}), false).empty());
    CHECK(alpn_of(wire({"spdy/3.1", "http/1.0"}), true).empty());
    CHECK(alpn_of(wire({"h2c", "h3", "http/1.1x"}), true).empty());
    CHECK(alpn_of("", true).empty());
    CHECK(choose_alpn(nullptr, 0, true).empty());
}

TEST_CASE("tls alpn: malformed lists choose nothing", "[tls]") {
    std::string truncated = wire({"h2"}) + std::string("\x08http/1", 7);
    CHECK(alpn_of(truncated, true).empty());
    std::string zero_length = std::string("\x00", 1) + wire({"h2"});
    CHECK(alpn_of(zero_length, true).empty());
    std::string overlong = std::string("\x05h2", 3);
    CHECK(alpn_of(overlong, true).empty());
}

TEST_CASE("tls openssl errors: drained into one line, repeats dropped", "[tls]") {
    ERR_clear_error();
    ERR_raise(ERR_LIB_SSL, SSL_R_NO_SHARED_CIPHER);
    ERR_raise(ERR_LIB_SSL, SSL_R_NO_SHARED_CIPHER);
    ERR_raise(ERR_LIB_SYS, ENOENT);
    ERR_raise(ERR_LIB_SSL, SSL_R_UNSUPPORTED_PROTOCOL);
    CHECK(drain_openssl_errors() == "no shared cipher; No such file or directory; unsupported protocol");
    CHECK(ERR_peek_error() == 0);  // the queue is empty afterwards
    CHECK(drain_openssl_errors("nothing queued") == "nothing queued");
}

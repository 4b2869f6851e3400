#include "tls/ocsp_staple.h"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ocsp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstring>
#include <memory>

#include "tls/openssl_error.h"
#include "tls/pem_files.h"

namespace trident::tls {

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

struct ResponseFree {
    void operator()(OCSP_RESPONSE* r) const { OCSP_RESPONSE_free(r); }
};
struct BasicFree {
    void operator()(OCSP_BASICRESP* b) const { OCSP_BASICRESP_free(b); }
};

std::string serial_hex(const ASN1_INTEGER* serial) {
    BIGNUM* bn = ASN1_INTEGER_to_BN(serial, nullptr);
    char* hex = bn ? BN_bn2hex(bn) : nullptr;
    std::string s = hex ? hex : "?";
    OPENSSL_free(hex);
    BN_free(bn);
    return s;
}

// ASN1_GENERALIZEDTIME -> time_t (0 when it does not convert).
time_t to_time(const ASN1_GENERALIZEDTIME* t) {
    struct tm tm;
    if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    return timegm(&tm);
}

}  // namespace

bool OcspStaple::load(const std::string& file, X509* cert, const std::string& cert_file, std::string* error,
                      std::string* warning) {
    std::string der, why;
    if (!read_tls_file(file, &der, &why)) {
        *error = "cannot load OCSP response " + quoted(file) + ": " + why;
        return false;
    }
    clear_openssl_errors();
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<OCSP_RESPONSE, ResponseFree> resp(d2i_OCSP_RESPONSE(nullptr, &p, long(der.size())));
    if (!resp || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
        clear_openssl_errors();
        *error = "cannot load OCSP response " + quoted(file) + ": not a DER OCSP response";
        return false;
    }
    int status = OCSP_response_status(resp.get());
    if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        *error = "OCSP response " + quoted(file) + " is not successful (status: " + OCSP_response_status_str(status) + ")";
        return false;
    }
    std::unique_ptr<OCSP_BASICRESP, BasicFree> basic(OCSP_response_get1_basic(resp.get()));
    if (!basic) {
        clear_openssl_errors();
        *error = "cannot load OCSP response " + quoted(file) + ": not a basic OCSP response";
        return false;
    }
    // The entry for our certificate, by serial number: the issuer hashes would need the
    // issuer's certificate, which the chain file need not hold.
    const ASN1_INTEGER* want = X509_get0_serialNumber(cert);
    OCSP_SINGLERESP* mine = nullptr;
    for (int i = 0, n = OCSP_resp_count(basic.get()); i < n && mine == nullptr; ++i) {
        OCSP_SINGLERESP* single = OCSP_resp_get0(basic.get(), i);
        ASN1_INTEGER* serial = nullptr;
        if (OCSP_id_get0_info(nullptr, nullptr, nullptr, &serial, const_cast<OCSP_CERTID*>(OCSP_SINGLERESP_get0_id(single))) ==
                1 &&
            serial != nullptr && ASN1_INTEGER_cmp(serial, want) == 0)
            mine = single;
    }
    if (mine == nullptr) {
        *error = "OCSP response " + quoted(file) + " does not cover certificate " + quoted(cert_file) + " (serial " +
                 serial_hex(want) + ")";
        return false;
    }
    int reason = 0;
    ASN1_GENERALIZEDTIME *revoked = nullptr, *this_update = nullptr, *next_update = nullptr;
    int cert_status = OCSP_single_get0_status(mine, &reason, &revoked, &this_update, &next_update);
    next_update_ = to_time(next_update);
    if (next_update_ != 0 && next_update_ < time(nullptr))
        *warning = "OCSP response " + quoted(file) + " has expired; it is not stapled until a fresh one is loaded";
    else if (cert_status == V_OCSP_CERTSTATUS_REVOKED)
        *warning = "OCSP response " + quoted(file) + " says certificate " + quoted(cert_file) + " is revoked";
    der_ = std::move(der);
    return true;
}

void OcspStaple::attach(SSL_CTX* ctx) const {
    SSL_CTX_set_tlsext_status_cb(ctx, &OcspStaple::on_status_request);
    SSL_CTX_set_tlsext_status_arg(ctx, const_cast<OcspStaple*>(this));
}

// Called (server side) only when the ClientHello carries status_request. After an SNI switch
// OpenSSL asks the callback of the certificate's own SSL_CTX, so each site staples its own.
int OcspStaple::on_status_request(SSL* ssl, void* arg) {
    const auto* self = static_cast<const OcspStaple*>(arg);
    if (self->der_.empty() || (self->next_update_ != 0 && self->next_update_ < time(nullptr))) return SSL_TLSEXT_ERR_NOACK;
    // OpenSSL takes ownership of the buffer and frees it with the connection's handshake.
    auto* copy = static_cast<unsigned char*>(OPENSSL_malloc(self->der_.size()));
    if (copy == nullptr) return SSL_TLSEXT_ERR_NOACK;
    memcpy(copy, self->der_.data(), self->der_.size());
    if (SSL_set_tlsext_status_ocsp_resp(ssl, copy, long(self->der_.size())) != 1) {
        OPENSSL_free(copy);
        return SSL_TLSEXT_ERR_NOACK;
    }
    return SSL_TLSEXT_ERR_OK;
}

}  // namespace trident::tls

// OCSP stapling from a file (ssl_stapling_file): the server sends a DER-encoded OCSP response
// that the operator fetched beforehand (`openssl ocsp ... -respout`, or a cron job / certbot
// hook), so clients need not ask the CA's responder themselves. Nothing here talks to the
// network: fetching the response is the operator's job, and a reload (SIGUSR1) picks a new
// file up.
//
// The response is checked when loaded, and refused with a message naming the file when it is
// not a successful OCSP response or does not speak about the certificate it is stapled to
// (its serial number is not among the response's entries): stapling a wrong response makes
// strict clients fail the handshake. A response past its nextUpdate is not sent (a client
// would reject it); the certificate is still served without a staple, as when a client did
// not ask for one.
#pragma once

#include <ctime>
#include <string>

struct ssl_ctx_st;
struct x509_st;
struct ssl_st;

namespace trident::tls {

class OcspStaple {
public:
    // Reads and checks `file` for certificate `cert`. Errors:
    //   cannot load OCSP response "F": <errno text | not a DER OCSP response>
    //   OCSP response "F" is not successful (status: <e.g. unauthorized>)
    //   OCSP response "F" does not cover certificate "C" (serial <hex>)
    // *warning is set (and true returned) when the response has already expired.
    bool load(const std::string& file, x509_st* cert, const std::string& cert_file, std::string* error,
              std::string* warning);

    // Makes `ctx` staple this response to handshakes whose ClientHello asks for it
    // (status_request). This object must outlive ctx's connections' handshakes.
    void attach(ssl_ctx_st* ctx) const;

    bool empty() const { return der_.empty(); }

private:
    static int on_status_request(ssl_st* ssl, void* arg);

    std::string der_;
    time_t next_update_ = 0;  // 0: the response gives none (always current)
};

}  // namespace trident::tls

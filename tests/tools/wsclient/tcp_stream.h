// A non-blocking TCP connection to the server, optionally wrapped in OpenSSL TLS (with ALPN),
// used by the HTTP/1.1 and HTTP/2 transports. Bytes to send wait in `out` until the socket
// takes them; io() moves bytes both ways, waiting at most a given time.
#pragma once

#include <openssl/ssl.h>

#include <cstdint>
#include <string>

#include "transport.h"

namespace wsclient {

class TcpStream {
public:
    TcpStream() = default;
    ~TcpStream();
    TcpStream(const TcpStream&) = delete;
    TcpStream& operator=(const TcpStream&) = delete;

    // Connects to o.host:o.port; with `tls`, runs the TLS handshake offering `alpn` (e.g.
    // "\x02h2", wire format; empty: no ALPN) and verifies the certificate unless o.insecure.
    // False with *err on failure or at the deadline.
    bool connect(const Options& o, bool tls, const std::string& alpn, uint64_t deadline, std::string* err);
    // The ALPN protocol the server selected ("" without TLS or without ALPN).
    std::string alpn_selected() const;

    // Writes from `out` what the socket takes, then waits up to timeout_ms for input (less
    // when nothing is to be read and `out` is empty) and appends what arrived to `in`. Sets
    // eof at the server's end of the stream. False on an error (*err).
    bool io(std::string& in, int timeout_ms, std::string* err);
    void close_notify();

    std::string out;
    bool eof = false;

private:
    bool flush(std::string* err);
    bool read_some(std::string& in, std::string* err);

    int fd_ = -1;
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
    bool want_write_ = false;  // TLS needs the socket writable to make progress
};

}  // namespace wsclient

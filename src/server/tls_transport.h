// TLS under a connection: TlsSession (the I/O-free state machine in src/tls/) driven over
// the connection's socket.
#pragma once

#include "server/transport.h"
#include "trident/tls/tls_session.h"

namespace trident::server {

class TlsTransport final : public Transport {
public:
    TlsTransport(int fd, const tls::TlsContext& context) : Transport(fd), session_(context) {}

    ssize_t read(char* buf, size_t cap) override;
    ssize_t writev(const iovec* iov, int count) override;
    bool has_pending() const override { return !session_.pending_ciphertext().empty(); }
    ssize_t flush() override;
    void shutdown_write() override;
    bool is_tls() const override { return true; }

    bool handshake_done() const { return session_.handshake_done(); }
    tls::TlsSession& session() { return session_; }

private:
    tls::TlsSession session_;
};

}  // namespace trident::server

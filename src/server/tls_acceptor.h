// A TLS connection during its handshake. Once it is done, protocol_select.cc hands the
// transport to the protocol ALPN chose, and this object is freed. It carries no requests, so
// it is a plain Connection (no WorkerClient).
#pragma once

#include <sys/socket.h>

#include <memory>

#include "server/connection.h"
#include "server/loop.h"
#include "server/tls_transport.h"
#include "server/worker_port.h"

namespace trident::server {

class TlsAcceptor final : public Connection {
public:
    TlsAcceptor(Loop& loop, WorkerPort& port, std::unique_ptr<TlsTransport> transport, const sockaddr_storage& peer,
                const sockaddr_storage& local);

    void on_event(uint32_t events) override;
    void on_timeout(int kind) override;
    void on_shutdown() override;

private:
    // What the acceptor is doing: the TLS handshake, or answering a client that spoke plain
    // HTTP to this TLS port (400, then its bytes are read and dropped until it closes or the
    // handshake timer ends it).
    enum class Phase { Handshake, PlainHttpAnswered };
    // The first bytes look like a plain HTTP request, not a TLS record: answer it.
    bool plain_http_first();
    void drain_plain_http();
    void switch_protocol(std::string_view initial);
    void fail(const char* why);

    Loop& loop_;
    WorkerPort& port_;  // for the connection that takes over
    std::unique_ptr<TlsTransport> transport_;
    int fd_;
    sockaddr_storage peer_;
    sockaddr_storage local_;
    uint32_t events_ = 0;
    bool done_ = false;
    bool first_bytes_checked_ = false;
    Phase phase_ = Phase::Handshake;
};

}  // namespace trident::server

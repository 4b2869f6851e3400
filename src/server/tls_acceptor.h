// A TLS connection during its handshake. Once ALPN has chosen, it hands the transport to an
// Http2Connection ("h2") or an Http1Connection (anything else) and is freed.
#pragma once

#include <sys/socket.h>

#include <memory>

#include "server/reactor.h"
#include "server/tls_transport.h"

namespace trident::server {

class TlsAcceptor final : public Connection {
public:
    TlsAcceptor(Reactor& reactor, std::unique_ptr<TlsTransport> transport, const sockaddr_storage& peer,
                const sockaddr_storage& local);

    void on_event(uint32_t events) override;
    void on_worker_frame(const ipc::FrameHeader&, const uint8_t*, size_t) override {}
    void on_channel_lost(int) override {}
    void on_dispatch_ready(int64_t) override {}
    void on_channel_drained() override {}
    void on_timeout(int kind) override;
    void on_shutdown() override;

private:
    void switch_protocol(std::string_view initial);
    void fail(const char* why);

    std::unique_ptr<TlsTransport> transport_;
    int fd_;
    sockaddr_storage peer_;
    sockaddr_storage local_;
    uint32_t events_ = 0;
    bool done_ = false;
};

}  // namespace trident::server

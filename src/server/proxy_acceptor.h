// A connection on a proxy_protocol listener before its PROXY header has arrived
// (trident/server/proxy_header.h). It reads exactly the header's bytes, never one past it,
// then hands the socket to what the listener speaks (accept_connection: TLS or HTTP) with the
// client and destination addresses the header names. A connection from an untrusted source,
// without a valid header, or too slow to send one (http_header_timeout), is closed.
#pragma once

#include <sys/socket.h>

#include "server/connection.h"
#include "server/listen_sockets.h"
#include "server/loop.h"
#include "server/worker_port.h"
#include "trident/server/proxy_header.h"

namespace trident::server {

class ProxyAcceptor final : public Connection {
public:
    ProxyAcceptor(Loop& loop, WorkerPort& port, const ListenSocket& ls, int fd, const sockaddr_storage& peer,
                  const sockaddr_storage& local);
    ~ProxyAcceptor() override;

    void on_event(uint32_t events) override;
    void on_timeout(int kind) override;
    void on_shutdown() override;

private:
    // Reads what the header still has; Done / Invalid when decided, NeedMore when the socket
    // has nothing more now.
    ProxyParse read_header();
    void take_over();
    void fail(const char* why);

    Loop& loop_;
    WorkerPort& port_;
    const ListenSocket& ls_;
    int fd_;
    sockaddr_storage peer_;
    sockaddr_storage local_;
    ProxyHeaderDecoder decoder_;
    bool done_ = false;
};

}  // namespace trident::server

#include "server/protocol_select.h"

#include <algorithm>
#include <cstring>

#include "http1/connection.h"
#include "http2/connection.h"
#include "server/metrics_connection.h"
#include "server/proxy_acceptor.h"
#include "server/tls_acceptor.h"
#include "server/tls_transport.h"

namespace trident::server {

Connection* accept_connection(Loop& loop, WorkerPort& port, const ListenSocket& ls, int fd,
                              const sockaddr_storage& peer, const sockaddr_storage& local, bool after_proxy) {
    if (ls.metrics) return new MetricsConnection(loop, fd);
    if (ls.proxy_protocol && !after_proxy) return new ProxyAcceptor(loop, port, ls, fd, peer, local);
    if (ls.tls) return new TlsAcceptor(loop, port, std::make_unique<TlsTransport>(fd, *ls.tls->get()), peer, local);
    return new http1::Http1Connection(loop, port, std::make_unique<PlainTransport>(fd), peer, local, ls.h2);
}

void after_tls_handshake(Loop& loop, WorkerPort& port, Connection* prev, std::unique_ptr<Transport> transport,
                         const sockaddr_storage& peer, const sockaddr_storage& local, std::string_view alpn,
                         std::string_view initial) {
    if (alpn == "h2") {
        switch_to_http2(loop, port, prev, std::move(transport), peer, local, initial);
        return;
    }
    auto* h1 = new http1::Http1Connection(loop, port, std::move(transport), peer, local, false);
    loop.hand_over(prev, h1);
    h1->start(initial);
}

int http2_preface(const char* data, size_t n) {
    static constexpr std::string_view kPreface("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    static constexpr size_t kHttp2Head = 18;
    n = std::min(n, kPreface.size());
    if (memcmp(data, kPreface.data(), std::min(n, kHttp2Head)) != 0) return -1;
    return n == kPreface.size() || memcmp(data, kPreface.data(), n) != 0 ? 1 : 0;
}

void switch_to_http2(Loop& loop, WorkerPort& port, Connection* prev, std::unique_ptr<Transport> transport,
                     const sockaddr_storage& peer, const sockaddr_storage& local, std::string_view initial) {
    auto* h2 = new http2::Http2Connection(loop, port, std::move(transport), peer, local, initial);
    loop.hand_over(prev, h2);
    h2->start();
}

}  // namespace trident::server

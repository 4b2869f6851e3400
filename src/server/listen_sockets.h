// The sockets a reactor listens on, as the master made them: what a connection accepted on
// each one speaks.
#pragma once

#include <atomic>
#include <string>

#include "trident/server/proxy_header.h"

namespace trident::tls {
class TlsContext;
}
namespace trident::http3 {
class QuicServerConfig;
}

namespace trident::server {

// The TLS context new connections of a listener start with. A certificate reload (SIGUSR1,
// $server->reload()) stores a new one; connections made before keep the context they started
// with, which the master keeps alive until the server stops.
struct TlsSlot {
    std::atomic<const tls::TlsContext*> current{nullptr};
    const tls::TlsContext* get() const { return current.load(std::memory_order_acquire); }
};

// One listening TCP socket of a reactor.
struct ListenSocket {
    int fd = -1;
    const TlsSlot* tls = nullptr;          // TLS listener when set
    bool h2 = false;                       // h2c prior knowledge (cleartext) / "h2" ALPN (TLS)
    std::string alt_svc;                   // Alt-Svc value for responses (HTTP/3 on this port), or empty
    bool metrics = false;                  // the metrics listener (/metrics, /health; no PHP)
    // proxy_protocol: every connection starts with a PROXY header (server/proxy_acceptor.h);
    // from a source outside `proxy_trusted` (when that is not empty) it is refused at accept.
    bool proxy_protocol = false;
    const AddressSet* proxy_trusted = nullptr;  // the listener config's, alive as long as the server
};

// One UDP socket of a reactor for QUIC + HTTP/3, on the port of a TLS listener. Every reactor
// has the same list in the same order (`index`), so a datagram can be handed to the endpoint
// of the same listener on the reactor that owns its connection.
struct QuicListenSocket {
    int fd = -1;
    int index = 0;
    const http3::QuicServerConfig* config = nullptr;
    bool retry = false;  // http3_retry: validate every client address with a Retry first
};

}  // namespace trident::server

#include "server/tls_acceptor.h"

#include <sys/epoll.h>

#include "server/protocol_select.h"
#include "trident/core/log.h"

namespace trident::server {

TlsAcceptor::TlsAcceptor(Loop& loop, WorkerPort& port, std::unique_ptr<TlsTransport> transport,
                         const sockaddr_storage& peer, const sockaddr_storage& local)
    : loop_(loop), port_(port), transport_(std::move(transport)), fd_(transport_->fd()), peer_(peer), local_(local) {
    events_ = EPOLLIN | EPOLLRDHUP;
}

void TlsAcceptor::on_event(uint32_t events) {
    if (done_) return;
    if (events & EPOLLOUT) {
        if (transport_->flush() == Transport::kError) return fail(transport_->error().c_str());
    }
    char* buf = loop_.read_buffer();
    ssize_t n = transport_->read(buf, 64 * 1024);
    // Handshake records (ServerHello, tickets, alerts) go out whatever happened.
    if (transport_->flush() == Transport::kError && n != Transport::kError) return fail(transport_->error().c_str());
    if (n == Transport::kError) return fail(transport_->error().c_str());
    if (n == 0) return fail("closed during the TLS handshake");
    if (n > 0) return switch_protocol(std::string_view(buf, size_t(n)));
    if (transport_->handshake_done()) return switch_protocol({});
    uint32_t ev = uint32_t(EPOLLIN | EPOLLRDHUP) | (transport_->has_pending() ? uint32_t(EPOLLOUT) : 0u);
    if (ev != events_) {
        events_ = ev;
        loop_.modify(fd_, ev, this);
    }
}

void TlsAcceptor::switch_protocol(std::string_view initial) {
    done_ = true;
    loop_.counters().tls_connections.fetch_add(1, std::memory_order_relaxed);
    // A view into the TLS session, which moves on with the transport: copied first.
    std::string alpn(transport_->session().alpn());
    TRIDENT_LOG(Debug, "TLS handshake done: %.*s, ALPN \"%.*s\"", int(transport_->session().version().size()),
                transport_->session().version().data(), int(alpn.size()), alpn.data());
    after_tls_handshake(loop_, port_, this, std::move(transport_), peer_, local_, alpn, initial);
}

void TlsAcceptor::fail(const char* why) {
    if (done_) return;
    done_ = true;
    TRIDENT_LOG(Info, "TLS handshake failed: %s", why);
    loop_.counters().tls_handshake_failures.fetch_add(1, std::memory_order_relaxed);
    loop_.unwatch(fd_);
    loop_.close(this);
}

void TlsAcceptor::on_timeout(int) { fail("handshake timeout"); }

void TlsAcceptor::on_shutdown() { fail("server shutting down"); }

}  // namespace trident::server

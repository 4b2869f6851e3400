#include "server/tls_acceptor.h"

#include <sys/epoll.h>

#include "http1/connection.h"
#include "http2/connection.h"
#include "trident/core/log.h"

namespace trident::server {

TlsAcceptor::TlsAcceptor(Reactor& reactor, std::unique_ptr<TlsTransport> transport, const sockaddr_storage& peer,
                         const sockaddr_storage& local)
    : Connection(reactor), transport_(std::move(transport)), fd_(transport_->fd()), peer_(peer), local_(local) {
    events_ = EPOLLIN | EPOLLRDHUP;
}

void TlsAcceptor::on_event(uint32_t events) {
    if (done_) return;
    if (events & EPOLLOUT) {
        if (transport_->flush() == Transport::kError) return fail(transport_->error().c_str());
    }
    char* buf = reactor_.read_buffer();
    ssize_t n = transport_->read(buf, 64 * 1024);
    // Handshake records (ServerHello, tickets, alerts) go out whatever happened.
    if (transport_->flush() == Transport::kError && n != Transport::kError) return fail(transport_->error().c_str());
    if (n == Transport::kError) return fail(transport_->error().c_str());
    if (n == 0) return fail("closed during the TLS handshake");
    if (n > 0) return switch_protocol(std::string_view(buf, size_t(n)));
    if (transport_->handshake_done()) return switch_protocol({});
    uint32_t ev = EPOLLIN | EPOLLRDHUP | (transport_->has_pending() ? EPOLLOUT : 0);
    if (ev != events_) {
        events_ = ev;
        reactor_.epoll_mod(fd_, ev, this);
    }
}

void TlsAcceptor::switch_protocol(std::string_view initial) {
    done_ = true;
    reactor_.shared().tls_connections.fetch_add(1, std::memory_order_relaxed);
    std::string_view alpn = transport_->session().alpn();
    TRIDENT_LOG(Debug, "TLS handshake done: %.*s, ALPN \"%.*s\"", int(transport_->session().version().size()),
                transport_->session().version().data(), int(alpn.size()), alpn.data());
    if (alpn == "h2") {
        auto* h2 = new http2::Http2Connection(reactor_, std::move(transport_), peer_, local_, initial);
        reactor_.hand_over(this, h2);
        h2->start();
    } else {
        auto* h1 = new http1::Http1Connection(reactor_, std::move(transport_), peer_, local_, false);
        reactor_.hand_over(this, h1);
        h1->start(initial);
    }
}

void TlsAcceptor::fail(const char* why) {
    if (done_) return;
    done_ = true;
    TRIDENT_LOG(Info, "TLS handshake failed: %s", why);
    reactor_.shared().tls_handshake_failures.fetch_add(1, std::memory_order_relaxed);
    reactor_.epoll_del(fd_);
    reactor_.close_connection(this);
}

void TlsAcceptor::on_timeout(int) { fail("handshake timeout"); }

void TlsAcceptor::on_shutdown() { fail("server shutting down"); }

}  // namespace trident::server

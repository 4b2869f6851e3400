#include "server/tls_acceptor.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

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
    if (phase_ == Phase::PlainHttpAnswered) return drain_plain_http();
    if (!first_bytes_checked_ && plain_http_first()) return;
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

// A TLS connection starts with a handshake record (content type 22), an old SSLv2-style hello
// with the high bit set; an HTTP request starts with a method, a token of letters. Answering
// that with a 400 saying so (as nginx does) tells the operator what is wrong, where a silent
// close or a TLS alert would not. Peeked, so the TLS session sees every byte otherwise.
bool TlsAcceptor::plain_http_first() {
    unsigned char first = 0;
    ssize_t n = ::recv(fd_, &first, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 1) return false;  // nothing yet (or EOF / an error: the TLS read reports it)
    first_bytes_checked_ = true;
    if (first < 'A' || first > 'Z') return false;
    static constexpr char kAnswer[] =
        "HTTP/1.1 400 Bad Request\r\n"
        "Content-Type: text/plain\r\n"
        "Content-Length: 46\r\n"
        "Connection: close\r\n"
        "\r\n"
        "The plain HTTP request was sent to HTTPS port\n";
    static_assert(sizeof "The plain HTTP request was sent to HTTPS port\n" - 1 == 46, "Content-Length");
    // Read what it sent first: closing with unread input would reset the connection, and the
    // client might lose the answer.
    char* buf = loop_.read_buffer();
    while (::recv(fd_, buf, 64 * 1024, MSG_DONTWAIT) > 0) {
    }
    // Small enough for any socket send buffer of a new connection: one non-blocking send.
    ssize_t sent = ::send(fd_, kAnswer, sizeof kAnswer - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    (void)sent;
    ::shutdown(fd_, SHUT_WR);
    TRIDENT_LOG(Info, "plain HTTP request on a TLS port: answered 400");
    loop_.counters().bad_requests.fetch_add(1, std::memory_order_relaxed);
    phase_ = Phase::PlainHttpAnswered;
    if (events_ != uint32_t(EPOLLIN | EPOLLRDHUP)) {
        events_ = uint32_t(EPOLLIN | EPOLLRDHUP);
        loop_.modify(fd_, events_, this);
    }
    drain_plain_http();
    return true;
}

// Reads and drops what the plain-HTTP client still sends; its close (or the handshake timer)
// ends the connection, without counting a TLS handshake failure.
void TlsAcceptor::drain_plain_http() {
    char* buf = loop_.read_buffer();
    for (;;) {
        ssize_t n = ::recv(fd_, buf, 64 * 1024, MSG_DONTWAIT);
        if (n > 0) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n < 0 && errno == EINTR) continue;
        break;  // EOF or an error
    }
    done_ = true;
    loop_.unwatch(fd_);
    loop_.close(this);
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

void TlsAcceptor::on_timeout(int) {
    if (phase_ == Phase::PlainHttpAnswered) {
        done_ = true;
        loop_.unwatch(fd_);
        loop_.close(this);
        return;
    }
    fail("handshake timeout");
}

void TlsAcceptor::on_shutdown() { fail("server shutting down"); }

}  // namespace trident::server

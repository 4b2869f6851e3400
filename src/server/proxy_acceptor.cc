#include "server/proxy_acceptor.h"

#include <arpa/inet.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "server/protocol_select.h"
#include "trident/core/log.h"

namespace trident::server {

ProxyAcceptor::ProxyAcceptor(Loop& loop, WorkerPort& port, const ListenSocket& ls, int fd, const sockaddr_storage& peer,
                             const sockaddr_storage& local)
    : loop_(loop), port_(port), ls_(ls), fd_(fd), peer_(peer), local_(local) {}

ProxyAcceptor::~ProxyAcceptor() {
    if (fd_ >= 0) ::close(fd_);
}

void ProxyAcceptor::on_event(uint32_t) {
    if (done_) return;
    switch (read_header()) {
    case ProxyParse::NeedMore: return;  // the header timer bounds the wait
    case ProxyParse::Invalid: return fail(decoder_.error());
    case ProxyParse::Done: return take_over();
    }
}

ProxyParse ProxyAcceptor::read_header() {
    uint8_t buf[kMaxProxyHeader];
    for (;;) {
        size_t want = decoder_.want();
        if (want > sizeof buf) want = sizeof buf;
        if (decoder_.v1_line_open()) {
            // The line's end is not known in advance: peek, and take it through its '\n' (or all
            // the peeked bytes when none is there yet: they are all the line's). Each pass
            // consumes what it looked at, so a slow sender cannot make the loop spin.
            ssize_t n = ::recv(fd_, buf, want, MSG_PEEK | MSG_DONTWAIT);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ProxyParse::NeedMore;
            if (n <= 0) {
                fail("closed before its PROXY header ended");
                return ProxyParse::NeedMore;
            }
            const void* nl = memchr(buf, '\n', size_t(n));
            want = nl ? size_t(static_cast<const uint8_t*>(nl) - buf) + 1 : size_t(n);
        }
        ssize_t n = ::recv(fd_, buf, want, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ProxyParse::NeedMore;
        if (n <= 0) {
            fail("closed before its PROXY header ended");
            return ProxyParse::NeedMore;
        }
        ProxyParse r = decoder_.feed(buf, size_t(n));
        if (r != ProxyParse::NeedMore) return r;
    }
}

void ProxyAcceptor::take_over() {
    done_ = true;
    const ProxyHeader& h = decoder_.header();
    if (h.has_addresses) {
        peer_ = h.source;
        local_ = h.destination;
    }
    loop_.counters().proxy_headers.fetch_add(1, std::memory_order_relaxed);
    int fd = fd_;
    fd_ = -1;  // the next connection's transport owns it now
    Connection* next = accept_connection(loop_, port_, ls_, fd, peer_, local_, /*after_proxy=*/true);
    loop_.hand_over(this, next);
    // Re-registered for the new owner: epoll reports input that is already waiting (level
    // triggered), such as a TLS ClientHello sent right behind the header.
    loop_.modify(fd, EPOLLIN | EPOLLRDHUP, next);
}

void ProxyAcceptor::fail(const char* why) {
    if (done_) return;
    done_ = true;
    char addr[INET6_ADDRSTRLEN] = "?";
    if (peer_.ss_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&peer_)->sin_addr, addr, sizeof addr);
    } else if (peer_.ss_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&peer_)->sin6_addr, addr, sizeof addr);
    }
    TRIDENT_LOG(Info, "connection from %s closed: %s", addr, why);
    loop_.counters().proxy_header_errors.fetch_add(1, std::memory_order_relaxed);
    loop_.unwatch(fd_);
    loop_.close(this);
}

void ProxyAcceptor::on_timeout(int) { fail("no PROXY header within http_header_timeout"); }

void ProxyAcceptor::on_shutdown() { fail("server shutting down"); }

}  // namespace trident::server

#include "server/tls_transport.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace trident::server {

namespace {
constexpr size_t kCipherChunk = 64 * 1024;
}

ssize_t TlsTransport::read(char* buf, size_t cap) {
    for (;;) {
        tls::TlsRead r = session_.read_plain(reinterpret_cast<uint8_t*>(buf), cap);
        if (r.status == tls::TlsStatus::Ok && r.bytes > 0) return ssize_t(r.bytes);
        if (r.status == tls::TlsStatus::Eof) return 0;
        if (r.status == tls::TlsStatus::Error) {
            error_ = session_.error();
            return kError;
        }
        // WantMore: the session needs ciphertext (handshake or a partial record).
        size_t want = session_.input_wanted(kCipherChunk);
        uint8_t* space = session_.input_space(want);
        ssize_t n = recv(fd_, space, want, 0);
        if (n > 0) {
            if (session_.commit_input(size_t(n)) == tls::TlsStatus::Error) {
                error_ = session_.error();
                return kError;
            }
            continue;
        }
        if (n == 0) return 0;  // TCP closed without close_notify
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            // An idle keep-alive connection should not keep the 64 KiB it read into.
            session_.release_buffers();
            return kAgain;
        }
        error_ = strerror(errno);
        return kError;
    }
}

ssize_t TlsTransport::writev(const iovec* iov, int count) {
    size_t total = 0;
    for (int i = 0; i < count; ++i) total += iov[i].iov_len;
    // One call: a response head and a short body share one TLS record.
    if (session_.write_plainv(iov, count) != tls::TlsStatus::Ok) {
        error_ = session_.error();
        return kError;
    }
    // Records are queued whole; push what the socket takes now.
    if (flush() == kError) return kError;
    return ssize_t(total);
}

ssize_t TlsTransport::flush() {
    for (;;) {
        std::string_view out = session_.pending_ciphertext();
        if (out.empty()) return 0;
        ssize_t n = send(fd_, out.data(), out.size(), MSG_NOSIGNAL);
        if (n > 0) {
            session_.consume_ciphertext(size_t(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return kAgain;
        error_ = n < 0 ? strerror(errno) : "connection closed";
        return kError;
    }
}

void TlsTransport::shutdown_write() {
    session_.shutdown();  // close_notify, best effort
    flush();
    ::shutdown(fd_, SHUT_WR);
}

}  // namespace trident::server

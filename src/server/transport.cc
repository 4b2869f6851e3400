#include "server/transport.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace trident::server {

Transport::~Transport() {
    if (fd_ >= 0) close(fd_);
}

ssize_t PlainTransport::read(char* buf, size_t cap) {
    for (;;) {
        ssize_t n = recv(fd_, buf, cap, 0);
        if (n >= 0) return n;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return kAgain;
        error_ = strerror(errno);
        return kError;
    }
}

ssize_t PlainTransport::writev(const iovec* iov, int count) {
    for (;;) {
        ssize_t n = ::writev(fd_, iov, count);
        if (n >= 0) return n;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return kAgain;
        error_ = strerror(errno);
        return kError;
    }
}

void PlainTransport::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

}  // namespace trident::server

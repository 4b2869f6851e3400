// The byte stream under a connection's protocol: plain TCP now, TLS when the listener has a
// certificate. Non-blocking: nothing here ever waits.
#pragma once

#include <sys/types.h>
#include <sys/uio.h>

#include <string>

namespace trident::server {

class Transport {
public:
    static constexpr ssize_t kAgain = -1;  // nothing can be done now; wait for epoll
    static constexpr ssize_t kError = -2;  // the stream is broken; error() says why

    explicit Transport(int fd) : fd_(fd) {}
    virtual ~Transport();
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    int fd() const { return fd_; }
    // Plaintext in: > 0 bytes, 0 at end of stream, kAgain or kError.
    virtual ssize_t read(char* buf, size_t cap) = 0;
    // Plaintext out: bytes taken (possibly fewer than offered), kAgain or kError.
    virtual ssize_t writev(const iovec* iov, int count) = 0;
    // Bytes the transport itself still holds for the socket (TLS records); flush() pushes
    // them. Both are no-ops for plain TCP.
    virtual bool has_pending() const { return false; }
    virtual ssize_t flush() { return 0; }
    virtual void shutdown_write() = 0;
    virtual bool is_tls() const { return false; }
    const std::string& error() const { return error_; }

protected:
    int fd_;
    std::string error_;
};

class PlainTransport final : public Transport {
public:
    explicit PlainTransport(int fd) : Transport(fd) {}
    ssize_t read(char* buf, size_t cap) override;
    ssize_t writev(const iovec* iov, int count) override;
    void shutdown_write() override;
};

}  // namespace trident::server

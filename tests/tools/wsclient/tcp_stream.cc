#include "tcp_stream.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace wsclient {

namespace {

std::string ssl_error_text() {
    unsigned long e = ERR_get_error();
    if (e == 0) return "unknown TLS error";
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

bool wait_fd(int fd, short events, uint64_t deadline) {
    pollfd p{fd, events, 0};
    return poll(&p, 1, ms_until(deadline, 60000)) == 1;
}

}  // namespace

TcpStream::~TcpStream() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (fd_ >= 0) close(fd_);
}

bool TcpStream::connect(const Options& o, bool tls, const std::string& alpn, uint64_t deadline, std::string* err) {
    addrinfo hints{}, *res = nullptr;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    std::string port = std::to_string(o.port);
    if (int rv = getaddrinfo(o.host.c_str(), port.c_str(), &hints, &res); rv != 0) {
        *err = "bad --host (a numeric address is expected): " + std::string(gai_strerror(rv));
        return false;
    }
    fd_ = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int rv = fd_ < 0 ? -1 : ::connect(fd_, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    if (fd_ < 0 || (rv != 0 && errno != EINPROGRESS)) {
        *err = "connect: " + std::string(strerror(errno));
        return false;
    }
    if (rv != 0) {
        if (!wait_fd(fd_, POLLOUT, deadline)) {
            *err = "connect: timed out";
            return false;
        }
        int so = 0;
        socklen_t len = sizeof so;
        getsockopt(fd_, SOL_SOCKET, SO_ERROR, &so, &len);
        if (so != 0) {
            *err = "connect: " + std::string(strerror(so));
            return false;
        }
    }
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!tls) return true;

    ctx_ = SSL_CTX_new(TLS_client_method());
    if (ctx_ == nullptr) {
        *err = ssl_error_text();
        return false;
    }
    SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
    // A TCP close without close_notify is an end of stream like any other here: what each
    // protocol requires before it (a close frame, END_STREAM) is checked above this layer.
    SSL_CTX_set_options(ctx_, SSL_OP_IGNORE_UNEXPECTED_EOF);
    if (!o.insecure) {
        SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
        int ok = o.cafile.empty() ? SSL_CTX_set_default_verify_paths(ctx_)
                                  : SSL_CTX_load_verify_locations(ctx_, o.cafile.c_str(), nullptr);
        if (ok != 1) {
            *err = "cannot load the trust anchors: " + ssl_error_text();
            return false;
        }
    }
    if (!alpn.empty() &&
        SSL_CTX_set_alpn_protos(ctx_, reinterpret_cast<const unsigned char*>(alpn.data()), unsigned(alpn.size())) != 0) {
        *err = "SSL_CTX_set_alpn_protos failed";
        return false;
    }
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    const std::string& name = o.sni.empty() ? o.host : o.sni;
    // SNI is for names only (RFC 6066 §3); the certificate is still checked against an address.
    in_addr a4;
    in6_addr a6;
    bool literal = inet_pton(AF_INET, name.c_str(), &a4) == 1 || inet_pton(AF_INET6, name.c_str(), &a6) == 1;
    if (!literal) SSL_set_tlsext_host_name(ssl_, name.c_str());
    if (!o.insecure) {
        X509_VERIFY_PARAM* vp = SSL_get0_param(ssl_);
        if (literal) X509_VERIFY_PARAM_set1_ip_asc(vp, name.c_str());
        else X509_VERIFY_PARAM_set1_host(vp, name.c_str(), 0);
    }
    for (;;) {
        int r = SSL_connect(ssl_);
        if (r == 1) break;
        int e = SSL_get_error(ssl_, r);
        short ev = e == SSL_ERROR_WANT_READ ? POLLIN : e == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
        if (ev == 0) {
            long vr = SSL_get_verify_result(ssl_);
            *err = "TLS handshake failed: " +
                   (vr != X509_V_OK ? std::string("certificate: ") + X509_verify_cert_error_string(vr) : ssl_error_text());
            return false;
        }
        if (!wait_fd(fd_, ev, deadline)) {
            *err = "TLS handshake: timed out";
            return false;
        }
    }
    return true;
}

std::string TcpStream::alpn_selected() const {
    if (ssl_ == nullptr) return "";
    const unsigned char* p = nullptr;
    unsigned n = 0;
    SSL_get0_alpn_selected(ssl_, &p, &n);
    return std::string(reinterpret_cast<const char*>(p), n);
}

bool TcpStream::flush(std::string* err) {
    size_t off = 0;
    while (off < out.size()) {
        size_t n = out.size() - off;
        if (ssl_ != nullptr) {
            int r = SSL_write(ssl_, out.data() + off, int(n > (1u << 20) ? (1u << 20) : n));
            if (r <= 0) {
                int e = SSL_get_error(ssl_, r);
                if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) {
                    want_write_ = e == SSL_ERROR_WANT_WRITE;
                    break;
                }
                *err = "TLS write: " + ssl_error_text();
                return false;
            }
            off += size_t(r);
        } else {
            ssize_t r = ::send(fd_, out.data() + off, n, MSG_NOSIGNAL);
            if (r < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK) break;
                if (errno == EINTR) continue;
                *err = "send: " + std::string(strerror(errno));
                return false;
            }
            off += size_t(r);
        }
    }
    out.erase(0, off);
    return true;
}

bool TcpStream::read_some(std::string& in, std::string* err) {
    char buf[65536];
    for (int rounds = 0; rounds < 64; ++rounds) {
        if (ssl_ != nullptr) {
            int r = SSL_read(ssl_, buf, sizeof buf);
            if (r <= 0) {
                int e = SSL_get_error(ssl_, r);
                if (e == SSL_ERROR_WANT_READ) return true;
                if (e == SSL_ERROR_WANT_WRITE) {
                    want_write_ = true;
                    return true;
                }
                if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)) {
                    eof = true;  // close_notify, or a TCP close without one
                    return true;
                }
                *err = "TLS read: " + ssl_error_text();
                return false;
            }
            in.append(buf, size_t(r));
        } else {
            ssize_t r = recv(fd_, buf, sizeof buf, 0);
            if (r < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
                if (errno == EINTR) continue;
                if (errno == ECONNRESET) {
                    *err = "connection reset by the server";
                    return false;
                }
                *err = "recv: " + std::string(strerror(errno));
                return false;
            }
            if (r == 0) {
                eof = true;
                return true;
            }
            in.append(buf, size_t(r));
        }
    }
    return true;
}

bool TcpStream::io(std::string& in, int timeout_ms, std::string* err) {
    want_write_ = false;
    if (!out.empty() && !flush(err)) return false;
    if (eof) return true;
    // Input that OpenSSL already decrypted does not make the socket readable again.
    if (ssl_ != nullptr && SSL_pending(ssl_) > 0) return read_some(in, err);
    pollfd p{fd_, short(POLLIN | (!out.empty() || want_write_ ? POLLOUT : 0)), 0};
    int r = poll(&p, 1, timeout_ms);
    if (r < 0 && errno != EINTR) {
        *err = "poll: " + std::string(strerror(errno));
        return false;
    }
    if (r <= 0) return true;
    if ((p.revents & POLLOUT) != 0 && !out.empty() && !flush(err)) return false;
    if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0) return read_some(in, err);
    return true;
}

void TcpStream::close_notify() {
    if (ssl_ != nullptr && !eof) SSL_shutdown(ssl_);
}

}  // namespace wsclient

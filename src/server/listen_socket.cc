// TCP listening sockets and QUIC UDP sockets (see listen_socket.h).
#include "trident/server/listen_socket.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace trident::server {

namespace {

struct AddrinfoFree {
    void operator()(addrinfo* a) const { freeaddrinfo(a); }
};
using AddrinfoPtr = std::unique_ptr<addrinfo, AddrinfoFree>;

int port_of(const sockaddr_storage& ss) {
    return ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<const sockaddr_in6&>(ss).sin6_port)
                                    : ntohs(reinterpret_cast<const sockaddr_in&>(ss).sin_port);
}

std::string host_of(const sockaddr_storage& ss) {
    char host[INET6_ADDRSTRLEN] = "?";
    if (ss.ss_family == AF_INET6) inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr, host, sizeof host);
    else inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, host, sizeof host);
    return host;
}

bool local_address(int fd, sockaddr_storage& ss, socklen_t& len, std::string* error) {
    len = sizeof ss;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) return true;
    *error = std::string("getsockname: ") + strerror(errno);
    return false;
}

// IPv6 sockets take IPv6 only, so "::" and "0.0.0.0" can be two listeners of one server.
void set_v6only(int fd, int family) {
    int one = 1;
    if (family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
}

// Binds a plain socket (SO_REUSEADDR, not SO_REUSEPORT) to the address: EADDRINUSE when anything
// listens there. With port 0, writes the ephemeral port it got into `addr` so the real
// socket binds the same one.
bool probe_address(const addrinfo* ai, const std::string& where, std::string* error) {
    int probe = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (probe < 0) return true;  // the real socket() then reports the cause
    int one = 1;
    setsockopt(probe, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    set_v6only(probe, ai->ai_family);
    if (bind(probe, ai->ai_addr, ai->ai_addrlen) != 0) {
        int e = errno;
        *error = "cannot listen on " + where + ": " + strerror(e);
        close(probe);
        errno = e;
        return false;
    }
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(probe, reinterpret_cast<sockaddr*>(&ss), &len) == 0) {
        if (ss.ss_family == AF_INET6) reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_port = reinterpret_cast<sockaddr_in6&>(ss).sin6_port;
        else reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_port = reinterpret_cast<sockaddr_in&>(ss).sin_port;
    }
    close(probe);
    return true;
}

// A non-blocking SO_REUSEPORT TCP socket bound to the address and listening.
int bind_reuseport_listener(const sockaddr* addr, socklen_t len, int family, int backlog, std::string* error,
                            const std::string& failure) {
    int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        int e = errno;
        *error = std::string("socket: ") + strerror(e);
        errno = e;
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    set_v6only(fd, family);
    if (bind(fd, addr, len) != 0 || listen(fd, backlog) != 0) {
        int e = errno;
        *error = failure + ": " + strerror(e);
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

}  // namespace

int open_listener(const std::string& host, int port, int backlog, std::string* error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    std::string portstr = std::to_string(port);
    addrinfo* found = nullptr;
    int rc = getaddrinfo(host.c_str(), portstr.c_str(), &hints, &found);
    if (rc != 0) {
        *error = "cannot resolve \"" + host + "\": " + gai_strerror(rc);
        errno = 0;
        return -1;
    }
    AddrinfoPtr res(found);
    std::string where = host + ":" + portstr;
    if (!probe_address(res.get(), where, error)) return -1;
    return bind_reuseport_listener(res->ai_addr, res->ai_addrlen, res->ai_family, backlog, error, "cannot listen on " + where);
}

int clone_listener(int fd, int backlog, std::string* error) {
    sockaddr_storage ss;
    socklen_t len;
    if (!local_address(fd, ss, len, error)) return -1;
    return bind_reuseport_listener(reinterpret_cast<sockaddr*>(&ss), len, ss.ss_family, backlog, error,
                                   "bind/listen for reactor socket");
}

bool udp_port_free(int tcp_fd, std::string* error) {
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(tcp_fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return true;
    int s = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return true;  // open_quic_socket() then reports the cause
    set_v6only(s, ss.ss_family);
    bool ok = bind(s, reinterpret_cast<sockaddr*>(&ss), len) == 0;
    if (!ok) *error = "cannot use UDP port " + std::to_string(port_of(ss)) + " for HTTP/3: " + strerror(errno);
    close(s);
    return ok;
}

int open_quic_socket(int tcp_fd, std::string* error) {
    sockaddr_storage ss;
    socklen_t len;
    if (!local_address(tcp_fd, ss, len, error)) return -1;
    int s = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0) {
        *error = std::string("QUIC socket: ") + strerror(errno);
        return -1;
    }
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    set_v6only(s, ss.ss_family);
    // The local address of each datagram: replies must leave from the address the client used.
    if (ss.ss_family == AF_INET6) setsockopt(s, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof one);
    else setsockopt(s, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
    // Bursts of many connections' datagrams must not be dropped by a small default buffer.
    int buf = 4 << 20;
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    if (bind(s, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
        *error = "cannot bind UDP " + host_of(ss) + ":" + std::to_string(port_of(ss)) + " for HTTP/3: " + strerror(errno);
        close(s);
        return -1;
    }
    return s;
}

int local_port(int fd) {
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
    return port_of(ss);
}

bool set_listen_backlog(int fd, int backlog) { return listen(fd, backlog) == 0; }

}  // namespace trident::server

// Listening sockets: a port in use (by anything, even another SO_REUSEPORT socket) is refused
// with the message the constructor throws; reactor clones and QUIC sockets share the port.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "trident/server/listen_socket.h"

using trident::server::clone_listener;
using trident::server::local_port;
using trident::server::open_listener;
using trident::server::open_quic_socket;
using trident::server::udp_port_free;

namespace {

// Closes the descriptor at the end of the scope.
struct Fd {
    int fd;
    explicit Fd(int f) : fd(f) {}
    ~Fd() {
        if (fd >= 0) close(fd);
    }
};

bool connects(int port) {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(s);
    return ok;
}

}  // namespace

TEST_CASE("listen socket: port 0 picks a free port, listening and non-blocking", "[listen]") {
    std::string error;
    Fd l(open_listener("127.0.0.1", 0, 16, &error));
    INFO(error);
    REQUIRE(l.fd >= 0);
    int port = local_port(l.fd);
    CHECK(port > 0);
    CHECK((fcntl(l.fd, F_GETFL) & O_NONBLOCK) != 0);
    CHECK((fcntl(l.fd, F_GETFD) & FD_CLOEXEC) != 0);
    CHECK(connects(port));
}

TEST_CASE("listen socket: a second open on the same port fails, naming the address", "[listen]") {
    std::string error;
    Fd first(open_listener("127.0.0.1", 0, 16, &error));
    REQUIRE(first.fd >= 0);
    int port = local_port(first.fd);
    // Both would set SO_REUSEPORT: only the probe without it sees the port taken.
    int fd = open_listener("127.0.0.1", port, 16, &error);
    int e = errno;
    CHECK(fd == -1);
    CHECK(e == EADDRINUSE);
    CHECK(error == "cannot listen on 127.0.0.1:" + std::to_string(port) + ": Address already in use");
}

TEST_CASE("listen socket: a port held by a plain socket is refused too", "[listen]") {
    Fd holder(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(holder.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(listen(holder.fd, 1) == 0);
    int port = local_port(holder.fd);
    std::string error;
    CHECK(open_listener("127.0.0.1", port, 16, &error) == -1);
    CHECK(error == "cannot listen on 127.0.0.1:" + std::to_string(port) + ": Address already in use");
}

TEST_CASE("listen socket: a host that does not resolve fails with the resolver's reason", "[listen]") {
    std::string error;
    CHECK(open_listener("999.1.1.1", 0, 16, &error) == -1);
    CHECK(errno == 0);
    CHECK(error.rfind("cannot resolve \"999.1.1.1\": ", 0) == 0);
    CHECK(error.size() > std::string("cannot resolve \"999.1.1.1\": ").size());
}

TEST_CASE("listen socket: an address this host does not have cannot be listened on", "[listen]") {
    std::string error;
    // TEST-NET-1 (RFC 5737): never assigned to a local interface.
    CHECK(open_listener("192.0.2.1", 0, 16, &error) == -1);
    CHECK(error == "cannot listen on 192.0.2.1:0: Cannot assign requested address");
}

TEST_CASE("listen socket: IPv6 loopback", "[listen]") {
    std::string error;
    int fd = open_listener("::1", 0, 16, &error);
    if (fd < 0 && error.find("Cannot assign requested address") != std::string::npos) {
        WARN("no IPv6 loopback here");
        return;
    }
    Fd l(fd);
    INFO(error);
    REQUIRE(l.fd >= 0);
    CHECK(local_port(l.fd) > 0);
}

TEST_CASE("listen socket: reactor clones share the port", "[listen]") {
    std::string error;
    Fd l(open_listener("127.0.0.1", 0, 16, &error));
    REQUIRE(l.fd >= 0);
    Fd clone(clone_listener(l.fd, 16, &error));
    INFO(error);
    REQUIRE(clone.fd >= 0);
    CHECK(local_port(clone.fd) == local_port(l.fd));
    CHECK((fcntl(clone.fd, F_GETFL) & O_NONBLOCK) != 0);
}

TEST_CASE("listen socket: QUIC sockets on the listener's UDP port, refused when it is taken", "[listen]") {
    std::string error;
    Fd l(open_listener("127.0.0.1", 0, 16, &error));
    REQUIRE(l.fd >= 0);
    int port = local_port(l.fd);
    CHECK(udp_port_free(l.fd, &error));
    {
        // Two reactors' sockets share it (SO_REUSEPORT).
        Fd q1(open_quic_socket(l.fd, &error));
        Fd q2(open_quic_socket(l.fd, &error));
        INFO(error);
        REQUIRE(q1.fd >= 0);
        REQUIRE(q2.fd >= 0);
        CHECK(local_port(q1.fd) == port);
    }
    // Another process's UDP socket on the port.
    Fd other(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(other.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        WARN("the UDP port was taken meanwhile");
        return;
    }
    CHECK_FALSE(udp_port_free(l.fd, &error));
    CHECK(error == "cannot use UDP port " + std::to_string(port) + " for HTTP/3: Address already in use");
    CHECK(open_quic_socket(l.fd, &error) == -1);
    CHECK(error == "cannot bind UDP 127.0.0.1:" + std::to_string(port) + " for HTTP/3: Address already in use");
}

TEST_CASE("listen socket: the backlog of a listening socket can be changed", "[listen]") {
    std::string error;
    Fd l(open_listener("127.0.0.1", 0, 16, &error));
    REQUIRE(l.fd >= 0);
    CHECK(trident::server::set_listen_backlog(l.fd, 1024));
}

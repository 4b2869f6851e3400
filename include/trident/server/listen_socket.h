// The server's sockets: the TCP listening socket of each listener, made in the calling process
// by the constructor and listen() (so a port in use fails there, before start()), and at
// start() the per-reactor copies of them and the UDP sockets for QUIC.
//
// Every reactor has its own SO_REUSEPORT socket on each address, so the kernel spreads
// connections (and QUIC clients) across reactors instead of waking every thread.
#pragma once

#include <string>

namespace trident::server {

// A non-blocking TCP socket bound to host:port and listening, ready to be cloned for the
// reactors. Port 0 picks a free port (local_port() tells which). Fails, before binding the
// real socket, when anything already listens there (a probe bound without SO_REUSEPORT),
// since SO_REUSEPORT alone would let a second server join the port silently.
// Returns the descriptor, or -1 with *error ("cannot resolve \"host\": ...",
// "cannot listen on host:port: Address already in use") and errno set to the cause (0 when
// the host did not resolve).
int open_listener(const std::string& host, int port, int backlog, std::string* error);

// Another listening socket on the address of `fd` (SO_REUSEPORT), for reactor i > 0.
int clone_listener(int fd, int backlog, std::string* error);

// Whether nothing else holds the UDP port of TCP listener `tcp_fd`: the QUIC sockets use
// SO_REUSEPORT, which would let them share it silently with another server of the same user.
bool udp_port_free(int tcp_fd, std::string* error);

// A UDP socket for QUIC on the address and port of TCP listener `tcp_fd` (SO_REUSEPORT, packet
// info for the local address of each datagram, 4 MiB buffers for bursts of datagrams).
int open_quic_socket(int tcp_fd, std::string* error);

// The port a socket is bound to (0 when it cannot be read).
int local_port(int fd);

// Applies a new backlog to a socket already listening (set() may change it after the
// constructor opened the socket).
bool set_listen_backlog(int fd, int backlog);

}  // namespace trident::server

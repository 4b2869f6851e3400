// Which protocol a TCP connection speaks, decided here and nowhere else:
//   - TLS listener: a TlsAcceptor runs the handshake, then ALPN picks ("h2" -> HTTP/2, else
//     HTTP/1.1);
//   - cleartext listener: HTTP/1.1, and with open_http2_protocol the HTTP/2 client preface
//     (h2c with prior knowledge, RFC 9113 3.3) switches to HTTP/2.
// QUIC connections are created by the QUIC endpoint: there is nothing to choose.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <memory>
#include <string_view>

#include "server/connection.h"
#include "server/loop.h"
#include "server/transport.h"
#include "server/worker_port.h"

namespace trident::server {

// The connection for a socket just accepted on `ls` (not yet registered anywhere).
// On a proxy_protocol listener that is a ProxyAcceptor, which calls here again with
// `after_proxy` once the header named the client.
Connection* accept_connection(Loop& loop, WorkerPort& port, const ListenSocket& ls, int fd,
                              const sockaddr_storage& peer, const sockaddr_storage& local, bool after_proxy = false);

// The TLS handshake of `prev` is done: the protocol ALPN chose takes over its session and
// socket, with the bytes already decrypted (`initial`).
void after_tls_handshake(Loop& loop, WorkerPort& port, Connection* prev, std::unique_ptr<Transport> transport,
                         const sockaddr_storage& peer, const sockaddr_storage& local, std::string_view alpn,
                         std::string_view initial);

// h2c prior knowledge: 1 when `data` starts with the HTTP/2 client preface, -1 when it cannot,
// 0 when too few bytes tell. Its first 18 bytes, "PRI * HTTP/2.0\r\n\r\n", are a whole HTTP/1
// request head no HTTP/1 client sends (RFC 9113 11.6): a client that sent them speaks HTTP/2,
// so a wrong tail is an invalid preface, which the HTTP/2 session answers with
// GOAWAY(PROTOCOL_ERROR) (3.4).
int http2_preface(const char* data, size_t n);

// The cleartext HTTP/1.1 connection `prev` saw the preface: HTTP/2 takes over with `initial`
// (the preface and whatever followed it).
void switch_to_http2(Loop& loop, WorkerPort& port, Connection* prev, std::unique_ptr<Transport> transport,
                     const sockaddr_storage& peer, const sockaddr_storage& local, std::string_view initial);

}  // namespace trident::server

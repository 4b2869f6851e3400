// MODE_BASE (Server::MODE_BASE, Swoole's SWOOLE_BASE): each worker process owns its sockets.
// The manager forks the workers as in process mode, but a worker also runs a reactor of its
// own on its event loop, accepting from its slot's SO_REUSEPORT listening sockets, and the
// protocol connections reach it through an in-process channel (local_channel.h) instead of a
// socketpair to the master: no IPC hop, no wake-up of another process, the same protocol code,
// PHP API, coroutines and hooks.
//
// What the mode gives up, by construction: a worker that dies takes its connections with it
// (in process mode the master keeps them and answers 502 for what was in flight); a request
// waits for its own worker even when another is idle; a push or detached write reaches only the
// WebSockets and streams of the worker's own connections. The slot's listening sockets are
// the master's, kept across incarnations: connections that arrive while a slot restarts wait
// in its backlog for the successor. HTTP/3 works too: the packets of one QUIC connection reach
// the one process that holds it because the master attaches a classic BPF program to each UDP
// SO_REUSEPORT group that picks the worker's socket from the connection id (http3/cid.h).
#pragma once

#include <cstdint>
#include <vector>

#include "server/listen_sockets.h"
#include "trident/server/config.h"

namespace trident::server {

class Hooks;

// Runs worker `id` (incarnation `incarnation`) of a MODE_BASE server in the freshly forked
// process, with its slot's listening sockets. Returns the exit code.
int run_base_worker(int id, uint32_t incarnation, const ServerConfig& config, std::vector<ListenSocket> listen,
                    std::vector<QuicListenSocket> quic, Hooks& hooks);

}  // namespace trident::server

// The manager process: forked by the master before any reactor thread exists (forking a
// threaded process is unsafe), it forks the workers, respawns the ones that die and rolls
// them over on reload.
//
// Every worker incarnation gets fresh SOCK_SEQPACKET socketpairs, one per reactor. The
// manager keeps none of the ends: it passes the reactor ends to the master with SCM_RIGHTS.
// So when a worker dies, each reactor sees EOF on that incarnation's channel at once and
// fails exactly the requests that were on it, and no stale frame can reach a successor.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "server/listen_sockets.h"
#include "trident/server/config.h"

namespace trident::server {

class Hooks;

// What the manager tells the master about a new worker incarnation (followed by the
// reactor-side descriptors in an SCM_RIGHTS control message). Same binary on both ends.
struct WorkerAnnounce {
    uint32_t worker_id;
    int32_t pid;
    uint32_t incarnation;
    uint32_t fd_count;
};

// What the manager needs in MODE_BASE, where the workers run their own reactors
// (server/base_worker.h): no channel is made and nothing is announced.
struct BaseModeManager {
    // The listening sockets of each worker slot, TCP and UDP (HTTP/3).
    const std::vector<std::vector<ListenSocket>>* listen = nullptr;
    const std::vector<std::vector<QuicListenSocket>>* quic = nullptr;
    // Called on reload before the successors are forked, so that they start with the
    // certificates as they are on disk now (the workers' TLS contexts are the manager's copies).
    void (*reload_certificates)(void* data) = nullptr;
    void* data = nullptr;
};

// Runs in the freshly forked manager. master_sock is the manager's end of the announcement
// socket; base is set in MODE_BASE. Never returns.
[[noreturn]] void run_manager(const ServerConfig& config, int reactor_num, int master_sock, Hooks& hooks,
                              const BaseModeManager* base = nullptr);

// Master side: receives one announcement; fds gets fd_count descriptors. Returns false on EOF
// or error (errno set, EAGAIN when nothing is pending).
bool receive_announce(int sock, WorkerAnnounce& a, int* fds, int max_fds);

}  // namespace trident::server

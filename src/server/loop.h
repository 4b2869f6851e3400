// The loop services a protocol connection uses: readiness interest, timers and deadlines,
// deferred wake-ups, closing and protocol hand-over, settings, counters, the Date header.
// The reactor implements it; unit tests implement it with a fake (tests/unit/fake_loop.h).
// Everything is called on the loop's own thread.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/connection.h"
#include "trident/server/config.h"
#include "trident/server/shared_state.h"

namespace trident::server {

class AccessLog;

class Loop {
public:
    virtual ~Loop() = default;

    virtual const ServerConfig& config() const = 0;
    virtual SharedState& counters() = 0;
    // Graceful shutdown has begun: no new requests.
    virtual bool shutting_down() const = 0;
    // This loop's index among the server's reactors (QUIC connection ids name it).
    virtual int index() const = 0;
    virtual int loop_count() const = 0;

    // Readiness interest of fd (epoll): watch() registers, modify() changes, unwatch() forgets.
    virtual bool watch(int fd, uint32_t events, EventSource* src) = 0;
    virtual bool modify(int fd, uint32_t events, EventSource* src) = 0;
    virtual void unwatch(int fd) = 0;

    // Puts c in the timer list of kind (kTimerNone removes). A no-op when c is already in
    // that list, so a slow client cannot push its deadline back; refresh_timer() re-arms.
    virtual void set_timer(Connection* c, int kind) = 0;
    virtual void refresh_timer(Connection* c) = 0;
    // Calls c->on_deadline() once monotonic_ns() >= ns (UINT64_MAX: none); O(log n).
    virtual void set_deadline(Connection* c, uint64_t ns) = 0;
    // Delivers on_event(EPOLLIN) to c after this loop turn: for input a TLS session already
    // holds, which epoll will not signal again, or to batch work of one turn.
    virtual void wake(Connection* c) = 0;

    // Registers a connection that has no socket of its own (QUIC); its session id, or 0 when
    // max_connections is reached.
    virtual uint64_t add_connection(Connection* c) = 0;
    // Unregisters c and frees it after this loop turn (the caller has unwatched its fd).
    virtual void close(Connection* c) = 0;
    // The connection changes protocol (h2c preface, ALPN): `next` takes over its session id,
    // listener and registration; `prev` is freed after this loop turn.
    virtual void hand_over(Connection* prev, Connection* next) = 0;
    virtual Connection* find(uint64_t session_id) = 0;
    // QUIC: hands a datagram to endpoint `endpoint` of loop `owner` (it owns the connection).
    virtual void forward_datagram(int owner, int endpoint, const sockaddr_storage& local,
                                  const sockaddr_storage& remote, const uint8_t* data, size_t len) = 0;

    // "Date" header value, refreshed once per second.
    virtual std::string_view http_date() = 0;
    // Scratch buffer for encoding one IPC frame payload (ipc::kMaxFrameSize bytes); valid
    // until the next call that may encode.
    virtual uint8_t* scratch() = 0;
    // Buffer client reads land in (kReadBufferSize bytes); connections copy out only what they
    // leave unconsumed.
    virtual char* read_buffer() = 0;
    // The access log when the access_log setting is on, else null.
    virtual AccessLog* access_log() { return nullptr; }
    static constexpr size_t kReadBufferSize = 64 * 1024;
};

}  // namespace trident::server

// What a reactor's event loop holds: event sources, and client connections with their timer
// slots. A connection that carries requests also implements WorkerClient (worker_port.h);
// one that does not (a TLS handshake in progress) is just a Connection.
#pragma once

#include <cstdint>

#include "server/listen_sockets.h"
#include "trident/core/deadline_heap.h"
#include "trident/core/intrusive_list.h"

namespace trident::server {

class WorkerClient;

// Anything registered in the loop's epoll set.
class EventSource {
public:
    virtual ~EventSource() = default;
    virtual void on_event(uint32_t events) = 0;
};

// Fixed-timeout timer lists (one per kind, FIFO = deadline order): a connection is in one at
// most. kTimerHeader: a request head or body must make progress (http_header_timeout);
// kTimerIdle: keep-alive (http_idle_timeout); kTimerSend: output is waiting for a client that
// takes none of it (http_send_timeout).
enum TimerKind : int { kTimerNone = 0, kTimerHeader = 1, kTimerIdle = 2, kTimerSend = 3, kTimerCount = 4 };

class Connection : public EventSource {
public:
    Connection() {
        timer_link.owner = this;
        deadline_link.owner = this;
    }
    ~Connection() override = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Its id in the session table (0 once closed). Response frames name it.
    uint64_t session_id = 0;
    struct TimerLink : ListLink {
        Connection* owner = nullptr;
    };
    TimerLink timer_link;  // in one of the loop's timer lists (TimerLists)
    int64_t deadline_ms = 0;
    int timer_kind = kTimerNone;  // which list timer_link is in
    struct DeadlineLink : DeadlineNode {
        Connection* owner = nullptr;
    };
    DeadlineLink deadline_link;              // arbitrary-time deadline (QUIC), see Loop::set_deadline
    const ListenSocket* listener = nullptr;  // the TCP listener it came from (null for QUIC)

    // The connection's timer (set with Loop::set_timer) expired.
    virtual void on_timeout(int kind) = 0;
    // Graceful shutdown: finish what is in flight, take nothing new.
    virtual void on_shutdown() = 0;
    // The deadline set with Loop::set_deadline() has passed (now_ns: monotonic_ns()).
    virtual void on_deadline(uint64_t now_ns) { (void)now_ns; }
    // The side that talks to workers, when this connection carries requests.
    virtual WorkerClient* worker_client() { return nullptr; }
    // Everything it had to send is handed to the kernel and it only waits for the client to
    // go away (an HTTP/1.1 lingering close): a MODE_BASE worker may exit without it.
    virtual bool only_lingering() const { return false; }
};

}  // namespace trident::server

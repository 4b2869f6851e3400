// A reactor thread: one epoll loop that owns its listeners' accepted connections, their
// protocol state, its session table and one IPC channel to every worker incarnation.
// Nothing here is shared with other threads except through Reactor::post() (a mutex-guarded
// command queue plus an eventfd) and the relaxed counters in SharedState.
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "trident/core/deadline_heap.h"
#include "trident/core/intrusive_list.h"
#include "trident/ipc/frame.h"
#include "trident/server/config.h"
#include "trident/server/session_table.h"
#include "trident/server/shared_state.h"

namespace trident::server {

class Reactor;

}  // namespace trident::server
namespace trident::tls {
class TlsContext;
}
namespace trident::http3 {
class QuicServerConfig;
class QuicEndpoint;
}
namespace trident::server {

// One listening socket of a reactor and what connections accepted on it speak.
struct ListenSocket {
    int fd = -1;
    const tls::TlsContext* tls = nullptr;  // TLS listener when set
    bool h2 = false;                       // h2c prior knowledge (cleartext) / "h2" ALPN (TLS)
    std::string alt_svc;                   // Alt-Svc value for responses (HTTP/3 on this port), or empty
};

// One UDP socket of a reactor for QUIC + HTTP/3, on the port of a TLS listener. Every reactor
// has the same list in the same order (`index`), so a datagram can be handed to the endpoint
// of the same listener on the reactor that owns its connection.
struct QuicListenSocket {
    int fd = -1;
    int index = 0;
    const http3::QuicServerConfig* config = nullptr;
    bool retry = false;  // http3_retry: validate every client address with a Retry first
};

// Anything registered in the reactor's epoll set.
class EventSource {
public:
    virtual ~EventSource() = default;
    virtual void on_event(uint32_t events) = 0;
};

// The reactor's end of one worker incarnation's channel.
class WorkerChannel final : public EventSource {
public:
    WorkerChannel(Reactor& reactor, int index, int fd, int worker_id, int pid, uint32_t incarnation);
    ~WorkerChannel() override;
    void on_event(uint32_t events) override;

    // Sends one frame (header + up to two payload pieces). Queues a copy when the socket is
    // full. False when the channel is dead.
    bool send(const ipc::FrameHeader& h, const void* p1, size_t n1, const void* p2 = nullptr, size_t n2 = 0);
    // One frame of a request stream (REQUEST_HEAD, REQUEST_END, DATAGRAM, ...).
    bool send_stream(ipc::FrameType type, uint64_t session_id, int64_t stream_id, const void* data, size_t len,
                     bool end);
    // Request body bytes as REQUEST_BODY frames of at most kMaxPayload bytes; END_STREAM on
    // the last one when `end`.
    bool send_body(uint64_t session_id, int64_t stream_id, const char* data, size_t len, bool end);
    // STREAM_RESET: the client of this stream is gone (or the reactor answered it itself).
    bool send_reset(uint64_t session_id, int64_t stream_id, ipc::ResetCode code);
    // RESPONSE_CREDIT: the client took `bytes` more of this stream's response body.
    bool send_credit(uint64_t session_id, int64_t stream_id, uint64_t bytes);
    bool congested() const { return queued_bytes_ + outbox_.size() > kHighWater; }
    // Sends the frames gathered this loop turn (called by the reactor at the end of a turn).
    void flush_outbox();

    int index() const { return index_; }
    int worker_id() const { return worker_id_; }
    int pid() const { return pid_; }
    bool dead() const { return dead_; }
    bool dispatchable() const { return !dead_ && !draining_; }

    int64_t in_flight = 0;

    // Connections paused because this channel was congested; resumed when it drains.
    std::vector<uint64_t> waiters;

    static constexpr size_t kHighWater = 4u << 20;

private:
    void read_frames();
    void handle_frame(const uint8_t* buf, size_t n);
    void flush();
    void update_poll();
    void die(const char* why);

    Reactor& reactor_;
    int index_;
    int fd_;
    int worker_id_;
    int pid_;
    uint32_t incarnation_;
    bool dead_ = false;
    bool draining_ = false;
    bool want_write_ = false;
    std::deque<std::string> queue_;
    size_t queued_bytes_ = 0;
    std::string outbox_;               // frames of this loop turn, back to back
    std::vector<size_t> outbox_ends_;  // end offset of each frame in outbox_
    static constexpr size_t kOutboxFlush = 256 * 1024;
};

// Base of every client connection kind (HTTP/1.1 now; HTTP/2 and QUIC later).
class Connection : public EventSource {
public:
    explicit Connection(Reactor& reactor) : reactor_(reactor) {
        timer_link.owner = this;
        deadline_link.owner = this;
    }
    ~Connection() override = default;

    uint64_t session_id = 0;
    struct TimerLink : ListLink {
        Connection* owner = nullptr;
    };
    TimerLink timer_link;      // in one of the reactor's timer lists
    int64_t deadline_ms = 0;
    int timer_kind = 0;        // which list timer_link is in (0 = none)
    struct DeadlineLink : DeadlineNode {
        Connection* owner = nullptr;
    };
    DeadlineLink deadline_link;  // arbitrary-time deadline (QUIC), see Reactor::set_deadline
    const ListenSocket* listener = nullptr;  // the TCP listener it came from (null for QUIC)

    // A frame from a worker for this connection.
    virtual void on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) = 0;
    // A worker channel died: every stream it carried has failed.
    virtual void on_channel_lost(int channel_index) = 0;
    // A stream that waited for a free worker can be sent now (channel chosen by the reactor).
    virtual void on_dispatch_ready(int64_t stream_id) = 0;
    // A congested channel drained.
    virtual void on_channel_drained() = 0;
    // The connection's timer expired.
    virtual void on_timeout(int kind) = 0;
    // Graceful shutdown: finish what is in flight, take nothing new.
    virtual void on_shutdown() = 0;
    // A DATAGRAM frame from a worker (sendDatagram): only HTTP/3 connections send it on.
    virtual bool on_worker_datagram(const uint8_t* data, size_t len) {
        (void)data;
        (void)len;
        return false;
    }
    // The deadline set with Reactor::set_deadline() has passed (now_ns: monotonic_ns()).
    virtual void on_deadline(uint64_t now_ns) { (void)now_ns; }

protected:
    Reactor& reactor_;
};

// Fixed-timeout timer lists (one per kind, FIFO = deadline order): a connection is in one at most.
// kTimerSend: output is waiting for a client that takes none of it (http_send_timeout).
enum TimerKind : int { kTimerNone = 0, kTimerHeader = 1, kTimerIdle = 2, kTimerSend = 3, kTimerCount = 4 };

class Reactor {
public:
    Reactor(int index, const ServerConfig& config, SharedState* shared, std::vector<ListenSocket> listen,
            std::vector<QuicListenSocket> quic = {});
    ~Reactor();

    bool start(std::string* error);
    void join();

    // Thread-safe: called by the master's main thread.
    void post_attach_channel(int fd, int worker_id, int pid, uint32_t incarnation);
    void post_shutdown();
    void post_stop();
    // Every reactor of the server, indexed by reactor index (set before start(), read-only).
    void set_peers(const std::vector<Reactor*>* peers) { peers_ = peers; }
    int64_t connection_count() const { return conn_count_.load(std::memory_order_relaxed); }

    // --- Reactor-thread API used by connections and channels ---
    int index() const { return index_; }
    const ServerConfig& config() const { return config_; }
    SharedState& shared() { return *shared_; }
    bool shutting_down() const { return shutting_down_; }

    // Picks a worker channel for a new stream; -1 when no worker can take it now (the
    // caller then queues it with wait_for_worker()).
    int pick_channel(uint64_t session_id);
    WorkerChannel* channel(int index) { return index >= 0 && index < int(channels_.size()) ? channels_[index] : nullptr; }
    void wait_for_worker(uint64_t session_id, int64_t stream_id);
    void channel_died(WorkerChannel* ch);
    void channel_drained(WorkerChannel* ch);
    void channel_draining(WorkerChannel* ch);
    void route_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len);
    void mark_dirty(WorkerChannel* ch) { dirty_.push_back(ch); }
    void flush_channels();

    bool epoll_add(int fd, uint32_t events, EventSource* src);
    bool epoll_mod(int fd, uint32_t events, EventSource* src);
    void epoll_del(int fd);

    // Puts c in the timer list of kind (kTimerNone removes). A no-op when c is already in that
    // list, so a slow client cannot push its deadline back; refresh_timer() re-arms explicitly.
    void set_timer(Connection* c, int kind);
    void refresh_timer(Connection* c);
    void close_connection(Connection* c);      // unregisters and frees after this loop turn
    // Registers a connection that has no socket of its own (QUIC) and returns its session id;
    // 0 when max_connections is reached.
    uint64_t add_connection(Connection* c);
    // Calls c->on_deadline() once monotonic_ns() >= ns (UINT64_MAX: no deadline). Moving it
    // costs O(log n), so a QUIC connection can follow its expiry after every packet.
    void set_deadline(Connection* c, uint64_t ns);
    // QUIC: hands a datagram to the same listener's endpoint on reactor `owner` (thread-safe
    // towards the peer: it goes through its command queue).
    void forward_datagram(int owner, int endpoint, const sockaddr_storage& local, const sockaddr_storage& remote,
                          const uint8_t* data, size_t len);
    int reactor_count() const { return peers_ ? int(peers_->size()) : 1; }
    // The connection changes protocol (h2c preface, ALPN): `next` takes over its session id
    // and timer slot; `prev` is freed after this loop turn without touching the socket.
    void hand_over(Connection* prev, Connection* next);
    // Delivers a read event to the connection after this loop turn: for input a TLS session
    // already holds, which epoll will not signal again.
    void wake(Connection* c) { wakes_.push_back(c->session_id); }
    Connection* find(uint64_t session_id) { return sessions_.find(session_id); }

    // "Date: ..." header line value, refreshed once per second.
    std::string_view http_date();
    // Scratch buffer for encoding one frame (kMaxFrameSize bytes).
    uint8_t* scratch() { return scratch_.data(); }
    static constexpr unsigned kRecvBatch = 8;
    // Buffer frames from workers are received into (kRecvBatch frames); payload views handed to connections
    // point here, so it must differ from scratch() (a connection encodes while it reads).
    uint8_t* recv_buffer() { return recv_buf_.data(); }
    // Buffer client reads land in; connections copy out only what they leave unconsumed.
    char* read_buffer() { return read_buf_.data(); }

private:
    class Listener;
    class Notifier;
    void loop();
    void drain_commands();
    void on_accept(const ListenSocket& ls);
    void expire_timers(int64_t now);
    int next_timeout_ms(int64_t now);
    void free_closed();
    void dispatch_waiting();
    void expire_deadlines(uint64_t now_ns);

    int index_;
    const ServerConfig& config_;
    SharedState* shared_;
    std::vector<ListenSocket> listen_;
    std::vector<Listener*> listeners_;
    std::vector<QuicListenSocket> quic_listen_;
    std::vector<http3::QuicEndpoint*> quic_endpoints_;
    const std::vector<Reactor*>* peers_ = nullptr;
    DeadlineHeap deadlines_;
    Notifier* notifier_ = nullptr;
    int epfd_ = -1;
    int evfd_ = -1;
    std::thread thread_;
    bool running_ = true;
    bool shutting_down_ = false;
    std::atomic<int64_t> conn_count_{0};

    SessionTable<Connection> sessions_;
    std::vector<WorkerChannel*> channels_;
    std::vector<WorkerChannel*> dead_channels_;
    std::deque<std::pair<uint64_t, int64_t>> waiting_;  // streams waiting for any worker
    unsigned rr_next_ = 0;
    int64_t timeouts_ms_[kTimerCount] = {};
    IntrusiveList timers_[kTimerCount];
    std::vector<Connection*> closed_;
    std::vector<uint64_t> wakes_;
    std::vector<WorkerChannel*> dirty_;  // channels with frames gathered this loop turn
    std::vector<uint8_t> scratch_;
    std::vector<uint8_t> recv_buf_;
    std::vector<char> read_buf_;

    struct Command {
        enum Kind { Attach, Shutdown, Stop, Datagram } kind = Stop;
        int fd = -1;  // Datagram: the endpoint index
        int worker_id = 0;
        int pid = 0;
        uint32_t incarnation = 0;
        std::string data;  // Datagram: the packet, then the two sockaddr_storage (local, remote)
    };
    void post(Command c);
    static constexpr size_t kMaxPendingCommands = 8192;
    std::mutex cmd_mu_;
    std::vector<Command> commands_;

    int64_t date_sec_ = -1;
    char date_buf_[40] = {};
    size_t date_len_ = 0;
};

}  // namespace trident::server

// A reactor thread: one epoll loop that owns its listeners' accepted connections, their
// protocol state, its session table and one IPC channel to every worker incarnation. It is
// the production implementation of the two seams protocol connections use: Loop (loop
// services) and WorkerPort (the worker side of streams).
// Nothing here is shared with other threads except through Reactor::post() (a mutex-guarded
// command queue plus an eventfd) and the relaxed counters in SharedState.
#pragma once

#include <sys/epoll.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "server/connection.h"
#include "server/dispatcher.h"
#include "server/listen_sockets.h"
#include "server/loop.h"
#include "server/timer_lists.h"
#include "server/worker_channel.h"
#include "server/worker_port.h"
#include "trident/core/deadline_heap.h"
#include "trident/ipc/frame.h"
#include "trident/server/config.h"
#include "trident/server/session_table.h"
#include "trident/server/shared_state.h"
#include "trident/server/stream_registry.h"

namespace trident {
class EventLoop;
}
namespace trident::http3 {
class QuicEndpoint;
}

namespace trident::server {

class LocalChannel;
class StaticHandler;

class Reactor final : public Loop, public WorkerPort {
public:
    Reactor(int index, const ServerConfig& config, SharedState* shared, std::vector<ListenSocket> listen,
            std::vector<QuicListenSocket> quic = {});
    ~Reactor() override;

    bool start(std::string* error);
    void join();

    // MODE_BASE: the reactor runs inside a worker process, on the worker's event loop (its
    // epoll fd is one of the loop's fds, its timers one of the loop's timers), with that
    // worker as its only one, through `local` (local_channel.h). No thread, no commands.
    bool start_local(EventLoop& loop, std::string* error);
    void attach_local(LocalChannel* local, int worker_id, int pid, uint32_t incarnation);
    // MODE_BASE: starts serving HTTP/3 on these UDP sockets once this worker may read them
    // (SharedState quic_incarnation); false with *error as start() would fail.
    bool start_quic_local(std::vector<QuicListenSocket> quic, std::string* error);
    // The worker stops (SIGTERM, reload, max_request): no more accepting, the connections
    // finish. The listening sockets stay open for the worker's successor unless the whole
    // server is stopping (SharedState::server_stopping).
    void shutdown_local() { begin_shutdown(); }
    // Connections that still have something to do (lingering closes do not count).
    int64_t busy_connection_count();
    // What ends a loop turn (wake-ups, batched channel frames, freeing closed connections),
    // run by the in-process pump between the two sides' work.
    void settle_local();

    // Thread-safe: called by the master's main thread.
    void post_attach_channel(int fd, int worker_id, int pid, uint32_t incarnation);
    void post_shutdown();
    void post_stop();
    // Every reactor of the server, indexed by reactor index (set before start(), read-only).
    void set_peers(const std::vector<Reactor*>* peers) { peers_ = peers; }
    int64_t connection_count() const { return conn_count_.load(std::memory_order_relaxed); }

    // --- Loop ---
    const ServerConfig& config() const override { return config_; }
    SharedState& counters() override { return *shared_; }
    bool shutting_down() const override { return shutting_down_; }
    int index() const override { return index_; }
    // (MODE_BASE: the other reactors are in other processes; a datagram that names one is
    // dropped, never answered as if it were this reactor's.)
    int loop_count() const override { return peers_ ? int(peers_->size()) : local_loop_ ? config_.reactor_num : 1; }
    bool watch(int fd, uint32_t events, EventSource* src) override;
    bool modify(int fd, uint32_t events, EventSource* src) override;
    void unwatch(int fd) override;
    void set_timer(Connection* c, int kind) override;
    void refresh_timer(Connection* c) override;
    void set_deadline(Connection* c, uint64_t ns) override;
    void wake(Connection* c) override { wakes_.push_back(c->session_id); }
    uint64_t add_connection(Connection* c) override;
    void close(Connection* c) override;
    void hand_over(Connection* prev, Connection* next) override;
    Connection* find(uint64_t session_id) override { return sessions_.find(session_id); }
    void forward_datagram(int owner, int endpoint, const sockaddr_storage& local, const sockaddr_storage& remote,
                          const uint8_t* data, size_t len) override;
    std::string_view http_date() override;
    uint8_t* scratch() override { return scratch_.data(); }
    char* read_buffer() override { return read_buf_.data(); }
    AccessLog* access_log() override { return access_log_; }
    // Before the thread starts: where finished requests are logged (null: access_log off).
    void set_access_log(AccessLog* log) { access_log_ = log; }

    // --- WorkerPort ---
    Binding open(uint64_t session_id, int64_t stream_id, const uint8_t* head, size_t len, bool end) override;
    void wait_for_worker(uint64_t session_id, int64_t stream_id) override;
    bool send_body(Binding b, uint64_t session_id, int64_t stream_id, const char* data, size_t len,
                   bool end) override;
    bool send_end(Binding b, uint64_t session_id, int64_t stream_id) override;
    bool send_trailers(Binding b, uint64_t session_id, int64_t stream_id, const uint8_t* payload,
                       size_t len) override;
    bool congested(Binding b) const override;
    void wait_for_drain(Binding b, uint64_t session_id) override;
    bool alive(Binding b) const override;
    void credit(Binding b, uint64_t session_id, int64_t stream_id, uint64_t bytes) override;
    void release(Binding b) override;
    void reset(Binding b, uint64_t session_id, int64_t stream_id, ipc::ResetCode why) override;
    bool send_datagram(uint64_t session_id, const uint8_t* data, size_t len) override;
    uint64_t open_websocket(Binding b, uint64_t session_id, int64_t request_stream, int64_t ws_stream,
                            ipc::Protocol protocol) override;
    bool send_ws_message(Binding b, uint64_t id, uint8_t opcode, std::string_view data) override;
    void close_websocket(Binding b, uint64_t id, uint16_t code, std::string_view reason) override;
    void push_credit_returned(uint64_t id, uint64_t bytes) override;
    void websocket_closing(uint64_t id) override {
        if (registry_ && route_of(id)) registry_->set_state(id, StreamState::Closing);
    }

    uint64_t detach_stream(Binding b, uint64_t session_id, int64_t stream, uint8_t kind,
                           ipc::Protocol protocol) override;
    void release_stream(uint64_t id) override;

    // The server's stream registry (set before start(); nullptr: no WebSocket can open).
    void set_registry(StreamRegistry* r) { registry_ = r; }

    // --- used by WorkerChannel ---
    void channel_died(WorkerChannel* ch);
    void channel_drained(WorkerChannel* ch);
    void channel_draining(WorkerChannel* ch);
    void route_frame(int channel, const ipc::FrameHeader& h, const uint8_t* payload, size_t len);
    void mark_dirty(WorkerChannel* ch) { dirty_.push_back(ch); }
    static constexpr unsigned kRecvBatch = 8;
    // Buffer frames from workers are received into (kRecvBatch frames); payload views handed
    // to connections point here, so it must differ from scratch() (a connection encodes
    // while it reads).
    uint8_t* recv_buffer() { return recv_buf_.data(); }

private:
    class Listener;
    class Notifier;
    struct Command {
        enum Kind { Attach, Shutdown, Stop, Datagram } kind = Stop;
        int fd = -1;  // Datagram: the endpoint index
        int worker_id = 0;
        int pid = 0;
        uint32_t incarnation = 0;
        std::string data;  // Datagram: the packet, then the two sockaddr_storage (local, remote)
    };

    bool prepare(std::string* error);
    void loop();
    // After a batch of socket events: wake-ups, channel frames, timers, deadlines, freeing.
    void after_events();
    int wait_events(epoll_event* events, int max);
    static void on_local_epoll(void* self, int fd, uint32_t events);
    static void on_local_timer(void* self, uint64_t id);
    void local_turn();
    void arm_local_timer();
    void run_wakes();
    void post(Command c);
    void drain_commands();
    void attach_channel(const Command& c);
    void begin_shutdown();
    void on_accept(const ListenSocket& ls);
    // accept() failing for want of file descriptors (EMFILE/ENFILE): the pending connection
    // stays in the backlog, so the level-triggered listener would fire again at once and spin.
    // Listening pauses for kAcceptPauseMs instead (the backlog holds the clients meanwhile).
    void pause_accepting(int err);
    void resume_accepting();
    static constexpr int64_t kAcceptPauseMs = 100;
    void free_closed();
    void dispatch_waiting();
    void expire_deadlines(uint64_t now_ns);
    void flush_channels();
    WorkerChannel* channel(Binding b) const {
        return b >= 0 && b < int(channels_.size()) ? channels_[size_t(b)] : nullptr;
    }

    int index_;
    AccessLog* access_log_ = nullptr;
    const ServerConfig& config_;
    SharedState* shared_;
    std::vector<ListenSocket> listen_;
    std::vector<Listener*> listeners_;
    std::vector<QuicListenSocket> quic_listen_;
    std::vector<http3::QuicEndpoint*> quic_endpoints_;
    const std::vector<Reactor*>* peers_ = nullptr;
    DeadlineHeap deadlines_;
    TimerLists timers_;
    Dispatcher dispatcher_;
    Notifier* notifier_ = nullptr;
    StaticHandler* static_ = nullptr;  // enable_static_handler: answers file requests itself
    int epfd_ = -1;
    int evfd_ = -1;
    // MODE_BASE (start_local): the worker's loop, the channel to the worker, the loop timer
    // standing for this reactor's timers and when it is due.
    EventLoop* local_loop_ = nullptr;
    LocalChannel* local_channel_ = nullptr;
    uint64_t local_timer_ = 0;
    int64_t local_timer_due_ms_ = 0;
    std::thread thread_;
    bool running_ = true;
    bool shutting_down_ = false;
    std::atomic<int64_t> conn_count_{0};
    int64_t accept_paused_until_ms_ = 0;  // 0: listening
    int64_t accept_error_logged_ms_ = 0;  // the log says so at most once a second
    uint64_t accept_pauses_unlogged_ = 0;

    // Where each of this reactor's registry entries lives, by registry index: the connection
    // (session) and stream a WS_PUSH for that id goes to, and the channel of its owner.
    struct StreamRoute {
        uint64_t id = 0;  // 0: free
        uint64_t session_id = 0;
        int64_t stream = 0;
        Binding owner = kNoWorker;
        StreamKind kind = StreamKind::WebSocket;
        ipc::Protocol protocol = ipc::Protocol::Http11;
    };
    StreamRoute* route_of(uint64_t id);
    // WS_WRITABLE for `id` to the workers whose bits are in `waiting` (a push waiter mask).
    void wake_push_waiters(uint64_t id, uint64_t waiting);
    // The connections whose WebSockets belong to channel b, with their stream ids (detached
    // responses belong to no worker: any may write them).
    std::vector<std::pair<uint64_t, int64_t>> routes_owned_by(Binding b) const;
    StreamRegistry* registry_ = nullptr;
    std::vector<StreamRoute> routes_;

    SessionTable<Connection> sessions_;
    std::vector<WorkerChannel*> channels_;
    std::vector<WorkerChannel*> dead_channels_;
    std::vector<Connection*> closed_;
    std::vector<uint64_t> wakes_;
    std::vector<WorkerChannel*> dirty_;  // channels with frames gathered this loop turn
    std::vector<uint8_t> scratch_;
    std::vector<uint8_t> recv_buf_;
    std::vector<char> read_buf_;

    static constexpr size_t kMaxPendingCommands = 8192;
    std::mutex cmd_mu_;
    std::vector<Command> commands_;

    int64_t date_sec_ = -1;
    char date_buf_[40] = {};
    size_t date_len_ = 0;
};

}  // namespace trident::server

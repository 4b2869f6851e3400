#include "server/reactor.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>

#ifdef TRIDENT_HAVE_HTTP3
#include "http3/endpoint.h"
#endif
#include "server/local_channel.h"
#include "server/protocol_select.h"
#include "server/static_handler.h"
#include "trident/core/clock.h"
#include "trident/core/event_loop.h"
#include "trident/core/log.h"

namespace trident::server {

class Reactor::Listener final : public EventSource {
public:
    Listener(Reactor& r, const ListenSocket& ls) : reactor(r), socket(ls), fd(ls.fd) {}
    void on_event(uint32_t) override { reactor.on_accept(socket); }
    Reactor& reactor;
    ListenSocket socket;
    int fd;
};

class Reactor::Notifier final : public EventSource {
public:
    explicit Notifier(Reactor& r) : reactor(r) {}
    void on_event(uint32_t) override { reactor.drain_commands(); }
    Reactor& reactor;
};

Reactor::Reactor(int index, const ServerConfig& config, SharedState* shared, std::vector<ListenSocket> listen,
                 std::vector<QuicListenSocket> quic)
    : index_(index), config_(config), shared_(shared), listen_(std::move(listen)), quic_listen_(std::move(quic)),
      dispatcher_(config.dispatch_mode, config.worker_num), sessions_(uint8_t(index)),
      scratch_(ipc::kMaxFrameSize), recv_buf_(ipc::kMaxFrameSize * kRecvBatch), read_buf_(kReadBufferSize) {
    timers_.set_timeout_ms(kTimerHeader, int64_t(config.http_header_timeout * 1000));
    timers_.set_timeout_ms(kTimerIdle, int64_t(config.http_idle_timeout * 1000));
    timers_.set_timeout_ms(kTimerSend, int64_t(config.http_send_timeout * 1000));
}

Reactor::~Reactor() {
    if (local_loop_ != nullptr) {
        if (local_timer_ != 0) local_loop_->cancel_timer(local_timer_);
        if (epfd_ >= 0) local_loop_->unwatch(epfd_);
    }
    for (auto* l : listeners_) delete l;
#ifdef TRIDENT_HAVE_HTTP3
    for (auto* e : quic_endpoints_) delete e;
#endif
    delete notifier_;
    delete static_;
    for (auto* ch : channels_) delete ch;
    for (auto* ch : dead_channels_) delete ch;
    if (epfd_ >= 0) ::close(epfd_);
    if (evfd_ >= 0) ::close(evfd_);
}

bool Reactor::start(std::string* error) {
    if (!prepare(error)) return false;
    thread_ = std::thread([this] { loop(); });
    return true;
}

bool Reactor::start_local(EventLoop& loop, std::string* error) {
    local_loop_ = &loop;
    if (!prepare(error)) return false;
    if (!loop.watch(epfd_, EventLoop::kReadable, on_local_epoll, this)) {
        *error = std::string("reactor: watching its epoll fd: ") + strerror(errno);
        return false;
    }
    arm_local_timer();
    return true;
}

void Reactor::attach_local(LocalChannel* local, int worker_id, int pid, uint32_t incarnation) {
    local_channel_ = local;
    auto* ch = new WorkerChannel(*this, int(channels_.size()), local, worker_id, pid, incarnation);
    channels_.push_back(ch);
}

bool Reactor::start_quic_local(std::vector<QuicListenSocket> quic, std::string* error) {
#ifdef TRIDENT_HAVE_HTTP3
    for (const QuicListenSocket& q : quic) {
        quic_listen_.push_back(q);
        auto* e = new http3::QuicEndpoint(*this, *this, quic_listen_.back());
        quic_endpoints_.push_back(e);
        if (!e->start(error)) return false;
    }
    return true;
#else
    if (quic.empty()) return true;
    *error = "HTTP/3 is not available: Trident was built without ngtcp2/nghttp3";
    return false;
#endif
}

void Reactor::on_local_epoll(void* self, int, uint32_t) { static_cast<Reactor*>(self)->local_turn(); }

void Reactor::local_turn() {
    epoll_event events[256];
    int n = epoll_wait(epfd_, events, 256, 0);
    if (local_channel_) local_channel_->begin_turn();
    for (int i = 0; i < n; ++i) static_cast<EventSource*>(events[i].data.ptr)->on_event(events[i].events);
    after_events();
    if (local_channel_) local_channel_->end_turn();
    arm_local_timer();
}

int64_t Reactor::busy_connection_count() {
    int64_t n = 0;
    sessions_.for_each([&](uint64_t, Connection* c) { n += c->only_lingering() ? 0 : 1; });
    return n;
}

void Reactor::settle_local() {
    do {
        run_wakes();
        if (static_ != nullptr) static_->flush_ready();
        flush_channels();
    } while (!wakes_.empty());
    free_closed();
}

void Reactor::on_local_timer(void* self, uint64_t) {
    auto* r = static_cast<Reactor*>(self);
    r->local_timer_ = 0;
    if (r->local_channel_) r->local_channel_->begin_turn();
    r->after_events();
    if (r->local_channel_) r->local_channel_->end_turn();
    r->arm_local_timer();
}

void Reactor::arm_local_timer() {
    // The loop timer stands for the earliest of this reactor's timers, deadlines and accept
    // pause; at least once a second, as the reactor's own loop wakes.
    int64_t now = monotonic_ms();
    int64_t wait = timers_.next_timeout_ms(now, 1000);
    if (accept_paused_until_ms_ != 0) wait = std::min<int64_t>(wait, std::max<int64_t>(0, accept_paused_until_ms_ - now));
    uint64_t next_deadline = deadlines_.next_deadline();
    if (next_deadline != DeadlineNode::kNever) {
        uint64_t now_ns = monotonic_ns();
        int64_t ms = next_deadline > now_ns ? int64_t((next_deadline - now_ns + 999999) / 1000000) : 0;
        wait = std::min(wait, ms);
    }
    int64_t due = now + wait;
    if (local_timer_ != 0 && local_loop_->timer_active(local_timer_) && local_timer_due_ms_ <= due) return;
    if (local_timer_ != 0) local_loop_->cancel_timer(local_timer_);
    local_timer_ = local_loop_->add_timer(wait, on_local_timer, this);
    local_timer_due_ms_ = due;
}

bool Reactor::prepare(std::string* error) {
    epfd_ = epoll_create1(EPOLL_CLOEXEC);
    evfd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epfd_ < 0 || evfd_ < 0) {
        *error = std::string("reactor: epoll/eventfd: ") + strerror(errno);
        return false;
    }
    notifier_ = new Notifier(*this);
    watch(evfd_, EPOLLIN, notifier_);
    if (config_.enable_static_handler) {
        static_ = new StaticHandler(*this);
        if (!static_->start(error)) return false;
    }
    for (const ListenSocket& ls : listen_) {
        auto* l = new Listener(*this, ls);
        listeners_.push_back(l);
        if (!watch(ls.fd, EPOLLIN, l)) {
            *error = std::string("reactor: epoll_ctl listener: ") + strerror(errno);
            return false;
        }
    }
#ifdef TRIDENT_HAVE_HTTP3
    for (const QuicListenSocket& q : quic_listen_) {
        auto* e = new http3::QuicEndpoint(*this, *this, q);
        quic_endpoints_.push_back(e);
        if (!e->start(error)) return false;
    }
#else
    if (!quic_listen_.empty()) {
        *error = "HTTP/3 is not available: Trident was built without ngtcp2/nghttp3";
        return false;
    }
#endif
    return true;
}

void Reactor::join() {
    if (thread_.joinable()) thread_.join();
}

void Reactor::post(Command c) {
    {
        std::lock_guard<std::mutex> g(cmd_mu_);
        commands_.push_back(std::move(c));
    }
    uint64_t one = 1;
    ssize_t w = write(evfd_, &one, sizeof one);
    (void)w;
}

void Reactor::post_attach_channel(int fd, int worker_id, int pid, uint32_t incarnation) {
    Command c;
    c.kind = Command::Attach;
    c.fd = fd;
    c.worker_id = worker_id;
    c.pid = pid;
    c.incarnation = incarnation;
    post(c);
}

void Reactor::post_shutdown() {
    Command c;
    c.kind = Command::Shutdown;
    post(c);
}

void Reactor::post_stop() {
    Command c;
    c.kind = Command::Stop;
    post(c);
}

void Reactor::drain_commands() {
    uint64_t v;
    while (read(evfd_, &v, sizeof v) > 0) {
    }
    std::vector<Command> cmds;
    {
        std::lock_guard<std::mutex> g(cmd_mu_);
        cmds.swap(commands_);
    }
    for (const Command& c : cmds) {
        switch (c.kind) {
            case Command::Attach: attach_channel(c); break;
            case Command::Shutdown: begin_shutdown(); break;
            case Command::Stop: running_ = false; break;
            case Command::Datagram: {
#ifdef TRIDENT_HAVE_HTTP3
                constexpr size_t kAddrs = 2 * sizeof(sockaddr_storage);
                if (c.fd < 0 || size_t(c.fd) >= quic_endpoints_.size() || c.data.size() < kAddrs) break;
                sockaddr_storage local, remote;
                size_t n = c.data.size() - kAddrs;
                memcpy(&local, c.data.data() + n, sizeof local);
                memcpy(&remote, c.data.data() + n + sizeof local, sizeof remote);
                quic_endpoints_[size_t(c.fd)]->on_forwarded(local, remote, reinterpret_cast<const uint8_t*>(c.data.data()), n);
#endif
                break;
            }
        }
    }
}

void Reactor::attach_channel(const Command& c) {
    int idx = int(channels_.size());
    // Reuse the index of a channel that died, so the table stays small across restarts.
    // (No stream still names a dead channel: channel_died() made each of them let go.)
    for (size_t i = 0; i < channels_.size(); ++i) {
        if (channels_[i] == nullptr) {
            idx = int(i);
            break;
        }
    }
    auto* ch = new WorkerChannel(*this, idx, c.fd, c.worker_id, c.pid, c.incarnation);
    if (idx == int(channels_.size())) channels_.push_back(ch);
    else channels_[size_t(idx)] = ch;
    TRIDENT_LOG(Debug, "attached worker #%d pid %d as channel %d", c.worker_id, c.pid, idx);
    dispatch_waiting();
}

void Reactor::begin_shutdown() {
    shutting_down_ = true;
    // Workers end their long-lived streams (event streams) now rather than after
    // max_wait_time: those never finish by themselves, and their connections would hold the
    // drain open until then.
    for (WorkerChannel* ch : channels_) {
        if (ch) ch->send_control(ipc::ControlCode::ServerStopping);
    }
    // Stop listening for real, not just stop accepting: otherwise the kernel keeps completing
    // handshakes that nobody will ever serve.
    // MODE_BASE: the socket is also the successor's (a reload, max_request), so it stays
    // listening unless the whole server stops.
    bool keep_listening = local_loop_ != nullptr && !shared_->server_stopping.load(std::memory_order_relaxed);
    for (auto* l : listeners_) {
        unwatch(l->fd);
        if (!keep_listening) ::shutdown(l->fd, SHUT_RDWR);
    }
#ifdef TRIDENT_HAVE_HTTP3
    // UDP sockets stay open for the connections that finish; no new ones start.
    for (auto* e : quic_endpoints_) e->stop_accepting();
#endif
    // Connections may close themselves inside on_shutdown(): collect ids first.
    std::vector<uint64_t> ids;
    sessions_.for_each([&](uint64_t id, Connection*) { ids.push_back(id); });
    for (uint64_t id : ids) {
        if (Connection* conn = sessions_.find(id)) conn->on_shutdown();
    }
}

int Reactor::wait_events(epoll_event* events, int max) {
    int64_t now = monotonic_ms();
    // Wake-ups asked for after this turn's wake-up pass (e.g. from flush_channels) must not
    // wait for the next event.
    int timeout_ms = wakes_.empty() && (static_ == nullptr || !static_->has_ready())
                         ? int(timers_.next_timeout_ms(now, 1000)) : 0;
    if (accept_paused_until_ms_ != 0) timeout_ms = int(std::max<int64_t>(0, std::min<int64_t>(timeout_ms, accept_paused_until_ms_ - now)));
    uint64_t next_deadline = deadlines_.next_deadline();
    if (next_deadline == DeadlineNode::kNever) return epoll_wait(epfd_, events, max, timeout_ms);
    // QUIC timers (ACK delay, pacing, loss detection) need better than millisecond resolution:
    // epoll_pwait2 takes a timespec.
    uint64_t now_ns = monotonic_ns();
    uint64_t wait_ns = next_deadline > now_ns ? next_deadline - now_ns : 0;
    wait_ns = std::min<uint64_t>(wait_ns, uint64_t(timeout_ms) * 1000000u);
    timespec ts{time_t(wait_ns / 1000000000u), long(wait_ns % 1000000000u)};
    int n = epoll_pwait2(epfd_, events, max, &ts, nullptr);
    if (n < 0 && errno == ENOSYS) n = epoll_wait(epfd_, events, max, int((wait_ns + 999999) / 1000000));
    return n;
}

void Reactor::run_wakes() {
    while (!wakes_.empty()) {
        std::vector<uint64_t> w;
        w.swap(wakes_);
        for (uint64_t id : w) {
            if (Connection* c = sessions_.find(id)) c->on_event(EPOLLIN);
        }
    }
}

void Reactor::loop() {
    char role[24];
    snprintf(role, sizeof role, "reactor#%d", index_);
    log::set_role(role);
    epoll_event events[256];
    while (running_) {
        int n = wait_events(events, 256);
        if (n < 0) {
            if (errno == EINTR) continue;
            TRIDENT_LOG(Error, "epoll_wait: %s", strerror(errno));
            break;
        }
        for (int i = 0; i < n; ++i) {
            static_cast<EventSource*>(events[i].data.ptr)->on_event(events[i].events);
        }
        after_events();
    }
    // Stop: whatever is left is closed without ceremony (graceful draining happened before).
    std::vector<uint64_t> ids;
    sessions_.for_each([&](uint64_t id, Connection*) { ids.push_back(id); });
    for (uint64_t id : ids) {
        if (Connection* c = sessions_.find(id)) close(c);
    }
    flush_channels();
    free_closed();
}

void Reactor::after_events() {
    run_wakes();
    if (static_ != nullptr) static_->flush_ready();
    flush_channels();
    unsigned expired = timers_.expire(monotonic_ms(), [](Connection* c, int kind) { c->on_timeout(kind); });
    if (expired) shared_->timeouts.fetch_add(expired, std::memory_order_relaxed);
    if (!deadlines_.empty()) expire_deadlines(monotonic_ns());
    if (accept_paused_until_ms_ != 0 && monotonic_ms() >= accept_paused_until_ms_) resume_accepting();
    flush_channels();
    free_closed();
}

void Reactor::on_accept(const ListenSocket& ls) {
    for (int i = 0; i < 64; ++i) {
        sockaddr_storage peer;
        socklen_t plen = sizeof peer;
        int fd = accept4(ls.fd, reinterpret_cast<sockaddr*>(&peer), &plen, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
            if (errno == EMFILE || errno == ENFILE) {
                pause_accepting(errno);
                return;
            }
            if (errno == ECONNABORTED) continue;
            TRIDENT_LOG(Warning, "accept: %s", strerror(errno));
            return;
        }
        if (size_t(conn_count_.load(std::memory_order_relaxed)) >= config_.max_connections) {
            TRIDENT_LOG(Warning, "max_connections (%zu) reached, refusing a connection", config_.max_connections);
            ::close(fd);
            continue;
        }
        if (ls.proxy_protocol && ls.proxy_trusted && !ls.proxy_trusted->empty() && !ls.proxy_trusted->contains(peer)) {
            // Only the balancers may say who the client is: anyone else could claim any address.
            shared_->proxy_untrusted.fetch_add(1, std::memory_order_relaxed);
            TRIDENT_LOG(Info, "proxy_protocol: connection from a source not in proxy_protocol_trusted refused");
            ::close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_storage local;
        socklen_t llen = sizeof local;
        getsockname(fd, reinterpret_cast<sockaddr*>(&local), &llen);
        Connection* conn = accept_connection(*this, *this, ls, fd, peer, local);
        conn->session_id = sessions_.add(conn);
        conn->listener = &ls;
        conn_count_.fetch_add(1, std::memory_order_relaxed);
        shared_->connections_accepted.fetch_add(1, std::memory_order_relaxed);
        shared_->connections_active.fetch_add(1, std::memory_order_relaxed);
        if (!watch(fd, EPOLLIN | EPOLLRDHUP, conn)) {
            close(conn);
            continue;
        }
        set_timer(conn, kTimerHeader);
    }
}

void Reactor::pause_accepting(int err) {
    int64_t now = monotonic_ms();
    for (auto* l : listeners_) unwatch(l->fd);
    accept_paused_until_ms_ = now + kAcceptPauseMs;
    ++accept_pauses_unlogged_;
    if (now - accept_error_logged_ms_ >= 1000) {
        TRIDENT_LOG(Error, "accept: %s (raise the open files limit); not accepting for %lld ms, %llu time(s) since the last such message",
                    strerror(err), (long long)kAcceptPauseMs, (unsigned long long)accept_pauses_unlogged_);
        accept_error_logged_ms_ = now;
        accept_pauses_unlogged_ = 0;
    }
}

void Reactor::resume_accepting() {
    accept_paused_until_ms_ = 0;
    if (shutting_down_) return;  // begin_shutdown() took the listeners away for good
    for (auto* l : listeners_) watch(l->fd, EPOLLIN, l);
}

bool Reactor::watch(int fd, uint32_t events, EventSource* src) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = src;
    return epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) == 0;
}

bool Reactor::modify(int fd, uint32_t events, EventSource* src) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = src;
    return epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev) == 0;
}

void Reactor::unwatch(int fd) { epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr); }

void Reactor::set_timer(Connection* c, int kind) { timers_.set(c, kind, monotonic_ms()); }

void Reactor::refresh_timer(Connection* c) { timers_.refresh(c, monotonic_ms()); }

uint64_t Reactor::add_connection(Connection* c) {
    if (size_t(conn_count_.load(std::memory_order_relaxed)) >= config_.max_connections) return 0;
    c->session_id = sessions_.add(c);
    conn_count_.fetch_add(1, std::memory_order_relaxed);
    shared_->connections_accepted.fetch_add(1, std::memory_order_relaxed);
    shared_->connections_active.fetch_add(1, std::memory_order_relaxed);
    return c->session_id;
}

void Reactor::set_deadline(Connection* c, uint64_t ns) { deadlines_.set(&c->deadline_link, ns); }

void Reactor::expire_deadlines(uint64_t now_ns) {
    // A connection may move its own deadline (or close) inside on_deadline(); each is taken
    // out before the call, so the loop always ends.
    while (DeadlineNode* top = deadlines_.top()) {
        if (top->deadline > now_ns) break;
        Connection* c = static_cast<Connection::DeadlineLink*>(top)->owner;
        deadlines_.remove(top);
        c->on_deadline(now_ns);
    }
}

void Reactor::forward_datagram(int owner, int endpoint, const sockaddr_storage& local, const sockaddr_storage& remote,
                               const uint8_t* data, size_t len) {
    if (!peers_ || owner < 0 || owner >= int(peers_->size()) || owner == index_) return;
    Reactor* peer = (*peers_)[size_t(owner)];
    {
        // A flood of packets naming another reactor's CIDs must not grow its queue without
        // bound: past this many waiting commands they are dropped (QUIC treats it as loss).
        std::lock_guard<std::mutex> g(peer->cmd_mu_);
        if (peer->commands_.size() >= kMaxPendingCommands) {
            shared_->quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
    }
    Command c;
    c.kind = Command::Datagram;
    c.fd = endpoint;
    c.data.reserve(len + 2 * sizeof(sockaddr_storage));
    c.data.append(reinterpret_cast<const char*>(data), len);
    c.data.append(reinterpret_cast<const char*>(&local), sizeof local);
    c.data.append(reinterpret_cast<const char*>(&remote), sizeof remote);
    peer->post(std::move(c));
}

void Reactor::close(Connection* c) {
    if (c->session_id == 0) return;  // already closing
    deadlines_.remove(&c->deadline_link);
    timers_.remove(c);
    sessions_.remove(c->session_id);
    c->session_id = 0;
    conn_count_.fetch_sub(1, std::memory_order_relaxed);
    shared_->connections_active.fetch_sub(1, std::memory_order_relaxed);
    shared_->connections_closed.fetch_add(1, std::memory_order_relaxed);
    closed_.push_back(c);
}

void Reactor::hand_over(Connection* prev, Connection* next) {
    deadlines_.remove(&prev->deadline_link);
    next->listener = prev->listener;
    timers_.remove(prev);
    next->session_id = prev->session_id;
    sessions_.replace(prev->session_id, next);
    prev->session_id = 0;
    closed_.push_back(prev);
}

void Reactor::flush_channels() {
    // Channels stay allocated until free_closed(), so the pointers are valid here; a channel
    // that died this turn has nothing left to flush.
    while (!dirty_.empty()) {
        std::vector<WorkerChannel*> d;
        d.swap(dirty_);
        for (WorkerChannel* ch : d) ch->flush_outbox();
    }
}

void Reactor::free_closed() {
    for (Connection* c : closed_) delete c;
    closed_.clear();
    for (WorkerChannel* ch : dead_channels_) delete ch;
    dead_channels_.clear();
}

// --- WorkerPort ---------------------------------------------------------------------------

WorkerPort::Binding Reactor::open(uint64_t session_id, int64_t stream_id, const uint8_t* head, size_t len, bool end) {
    if (static_ != nullptr) {
        // A file under document_root is the reactor's to answer; a lookup in progress holds
        // the stream as "no worker yet" (server/static_handler.h).
        Binding sb = kNoWorker;
        switch (static_->open(session_id, stream_id, head, len, end, &sb)) {
            case StaticHandler::Take::Pending: return kNoWorker;
            case StaticHandler::Take::Serving: return sb;
            case StaticHandler::Take::NotMine: break;
        }
    }
    int idx = dispatcher_.pick(session_id, channels_);
    if (idx < 0) return kNoWorker;
    WorkerChannel* ch = channels_[size_t(idx)];
    if (!ch->send_stream(ipc::FrameType::RequestHead, session_id, stream_id, head, len, end)) return kFailed;
    ch->in_flight++;
    return idx;
}

void Reactor::wait_for_worker(uint64_t session_id, int64_t stream_id) {
    if (static_ != nullptr && static_->owns_wait(session_id, stream_id)) return;  // the lookup calls back
    shared_->dispatch_waits.fetch_add(1, std::memory_order_relaxed);
    dispatcher_.wait(session_id, stream_id);
}

bool Reactor::send_body(Binding b, uint64_t session_id, int64_t stream_id, const char* data, size_t len, bool end) {
    WorkerChannel* ch = channel(b);
    return ch && ch->send_body(session_id, stream_id, data, len, end);
}

bool Reactor::send_end(Binding b, uint64_t session_id, int64_t stream_id) {
    WorkerChannel* ch = channel(b);
    return ch && ch->send_stream(ipc::FrameType::RequestEnd, session_id, stream_id, nullptr, 0, true);
}

bool Reactor::send_trailers(Binding b, uint64_t session_id, int64_t stream_id, const uint8_t* payload,
                            size_t len) {
    WorkerChannel* ch = channel(b);
    return ch && ch->send_stream(ipc::FrameType::RequestTrailers, session_id, stream_id, payload, len, true);
}

bool Reactor::congested(Binding b) const {
    WorkerChannel* ch = channel(b);
    return ch && ch->congested();
}

void Reactor::wait_for_drain(Binding b, uint64_t session_id) {
    if (WorkerChannel* ch = channel(b)) ch->waiters.push_back(session_id);
}

bool Reactor::alive(Binding b) const {
    if (StaticHandler::is_binding(b)) return static_ != nullptr;
    WorkerChannel* ch = channel(b);
    return ch && !ch->dead();
}

void Reactor::credit(Binding b, uint64_t session_id, int64_t stream_id, uint64_t bytes) {
    if (StaticHandler::is_binding(b)) {
        if (static_) static_->credit(b, session_id, stream_id, bytes);
        return;
    }
    if (WorkerChannel* ch = channel(b)) ch->send_credit(session_id, stream_id, bytes);
}

void Reactor::release(Binding b) {
    if (StaticHandler::is_binding(b)) {
        if (static_) static_->finish(b);
        return;
    }
    if (WorkerChannel* ch = channel(b)) ch->in_flight--;
}

void Reactor::reset(Binding b, uint64_t session_id, int64_t stream_id, ipc::ResetCode why) {
    if (StaticHandler::is_binding(b)) {
        if (static_) static_->finish(b);
        return;
    }
    if (WorkerChannel* ch = channel(b)) {
        ch->send_reset(session_id, stream_id, why);
        ch->in_flight--;
    }
}

bool Reactor::send_datagram(uint64_t session_id, const uint8_t* data, size_t len) {
    int idx = dispatcher_.pick(session_id, channels_);
    WorkerChannel* ch = channel(idx);
    if (ch == nullptr || ch->congested()) return false;
    return ch->send_stream(ipc::FrameType::Datagram, session_id, 0, data, len, false);
}

void Reactor::dispatch_waiting() {
    dispatcher_.drain_waiting([this](uint64_t sid) { return dispatcher_.pick(sid, channels_) >= 0; },
                              [this](uint64_t sid, int64_t stream) {
                                  Connection* c = sessions_.find(sid);
                                  if (WorkerClient* w = c ? c->worker_client() : nullptr) w->on_dispatch_ready(stream);
                              });
}

void Reactor::channel_died(WorkerChannel* ch) {
    int idx = ch->index();
    channels_[size_t(idx)] = nullptr;
    dead_channels_.push_back(ch);
    if (ch->in_flight > 0) {
        std::vector<uint64_t> ids;
        sessions_.for_each([&](uint64_t id, Connection*) { ids.push_back(id); });
        for (uint64_t id : ids) {
            Connection* c = sessions_.find(id);
            if (WorkerClient* w = c ? c->worker_client() : nullptr) w->on_channel_lost(idx);
        }
    } else {
        // WebSockets do not count in in_flight: their connections are told on their own.
        for (const auto& route : routes_owned_by(idx)) {
            Connection* c = sessions_.find(route.first);
            if (WorkerClient* w = c ? c->worker_client() : nullptr) w->on_channel_lost(idx);
        }
    }
    // Resume anyone waiting for this channel to drain: their next send fails over to 502.
    channel_drained(ch);
}

void Reactor::channel_drained(WorkerChannel* ch) {
    std::vector<uint64_t> w;
    w.swap(ch->waiters);
    for (uint64_t id : w) {
        Connection* c = sessions_.find(id);
        if (WorkerClient* wc = c ? c->worker_client() : nullptr) wc->on_channel_drained();
    }
}

void Reactor::channel_draining(WorkerChannel* ch) {
    for (const auto& [sid, stream] : routes_owned_by(ch->index())) {
        Connection* c = sessions_.find(sid);
        if (WorkerClient* w = c ? c->worker_client() : nullptr) w->on_ws_owner_draining(stream);
    }
    dispatch_waiting();
}

void Reactor::route_frame(int channel, const ipc::FrameHeader& h, const uint8_t* payload, size_t len) {
    if (ipc::is_registry_id(h.session_id)) {
        // Addressed to a WebSocket or a detached response by its registry id, from any worker.
        const StreamRoute* r = route_of(h.session_id);
        const bool ws = r && r->kind == StreamKind::WebSocket;
        const bool body = h.type == ipc::FrameType::ResponseBody || h.type == ipc::FrameType::ResponseEnd;
        const bool credit = h.type == ipc::FrameType::StreamCredit;
        Connection* c = r && (ws ? h.type == ipc::FrameType::WsPush || credit : body) ? sessions_.find(r->session_id)
                                                                                      : nullptr;
        WorkerClient* w = c ? c->worker_client() : nullptr;
        if (w != nullptr && credit) {
            // Inbound credit for a WebSocket's messages (ipc/frame.h "Inbound credit").
            uint32_t bytes = 0;
            if (ipc::decode_stream_credit(h, payload, bytes) == ipc::DecodeError::None) {
                w->on_ws_credit(channel, r->stream, bytes);
            } else {
                shared_->stale_frames_dropped.fetch_add(1, std::memory_order_relaxed);
            }
            return;
        }
        if (w == nullptr) {
            (h.type == ipc::FrameType::WsPush ? shared_->websocket_pushes_dropped : shared_->stale_frames_dropped)
                .fetch_add(1, std::memory_order_relaxed);
            return;
        }
        if (ws) {
            w->on_ws_push(channel, r->stream, h, payload, len);
            return;
        }
        // A detached response's body: the connection sees it as its stream's own frame.
        ipc::FrameHeader own = h;
        own.session_id = r->session_id;
        own.stream_id = r->stream;
        w->on_worker_frame(own, payload, len);
        return;
    }
    Connection* c = sessions_.find(h.session_id);
    WorkerClient* w = c ? c->worker_client() : nullptr;
    if (h.type == ipc::FrameType::Datagram) {
        // Unreliable by definition: one for a connection that is gone (or is not HTTP/3 with
        // DATAGRAM negotiated) is dropped and counted.
        if (w == nullptr || !w->on_worker_datagram(payload, len)) {
            shared_->quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
        }
        return;
    }
    if (w == nullptr) {
        shared_->stale_frames_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    w->on_worker_frame(h, payload, len);
}

// ---- WebSocket streams ----------------------------------------------------------------------

Reactor::StreamRoute* Reactor::route_of(uint64_t id) {
    if (!stream_id::is_stream_id(id) || stream_id::reactor(id) != index_) return nullptr;
    const uint32_t i = stream_id::index(id);
    if (i >= routes_.size() || routes_[i].id != id) return nullptr;
    return &routes_[i];
}

std::vector<std::pair<uint64_t, int64_t>> Reactor::routes_owned_by(Binding b) const {
    std::vector<std::pair<uint64_t, int64_t>> v;
    for (const StreamRoute& r : routes_) {
        if (r.id != 0 && r.owner == b && r.kind == StreamKind::WebSocket) v.emplace_back(r.session_id, r.stream);
    }
    return v;
}

uint64_t Reactor::open_websocket(Binding b, uint64_t session_id, int64_t request_stream, int64_t ws_stream,
                                 ipc::Protocol protocol) {
    WorkerChannel* ch = channel(b);
    if (registry_ == nullptr || ch == nullptr || ch->dead()) return 0;
    const uint64_t id = registry_->allocate(uint8_t(index_), StreamKind::WebSocket, protocol, uint16_t(ch->worker_id()));
    if (id == 0) return 0;
    const uint32_t i = stream_id::index(id);
    if (i >= routes_.size()) routes_.resize(size_t(i) + 1);
    routes_[i] = StreamRoute{id, session_id, ws_stream, b, StreamKind::WebSocket, protocol};
    uint8_t p[ipc::kWsOpenSize];
    ipc::encode_ws_open(id, p);
    if (!ch->send_stream(ipc::FrameType::WsOpen, session_id, request_stream, p, sizeof p, false)) {
        routes_[i] = StreamRoute{};
        registry_->release(id);
        return 0;
    }
    shared_->websockets_opened.fetch_add(1, std::memory_order_relaxed);
    return id;
}

bool Reactor::send_ws_message(Binding b, uint64_t id, uint8_t opcode, std::string_view data) {
    WorkerChannel* ch = channel(b);
    if (ch == nullptr || ch->dead()) return false;
    uint8_t* buf = scratch();
    // Frames of at most kWsMessageChunk message bytes, MORE on all but the last; an empty
    // message is one frame with no bytes.
    size_t off = 0;
    do {
        const size_t n = std::min(ipc::kWsMessageChunk, data.size() - off);
        const bool more = off + n < data.size();
        const size_t plen = ipc::encode_ws_message(ipc::WsOpcode(opcode), data.substr(off, n), buf, ipc::kMaxPayload);
        ipc::FrameHeader h;
        h.type = ipc::FrameType::WsMessage;
        h.flags = more ? ipc::kFlagMore : 0;
        h.session_id = id;
        h.stream_id = 0;
        h.length = uint32_t(plen);
        if (!ch->send(h, buf, plen)) return false;
        off += n;
    } while (off < data.size());
    shared_->websocket_messages_in.fetch_add(1, std::memory_order_relaxed);
    return true;
}

uint64_t Reactor::detach_stream(Binding b, uint64_t session_id, int64_t stream, uint8_t kind,
                                ipc::Protocol protocol) {
    WorkerChannel* ch = channel(b);
    if (ch == nullptr || ch->dead()) return 0;
    uint64_t id = 0;
    if (registry_ && (kind == uint8_t(StreamKind::EventStream) || kind == uint8_t(StreamKind::Detached))) {
        id = registry_->allocate(uint8_t(index_), StreamKind(kind), protocol, uint16_t(ch->worker_id()));
    }
    if (id != 0) {
        const uint32_t i = stream_id::index(id);
        if (i >= routes_.size()) routes_.resize(size_t(i) + 1);
        routes_[i] = StreamRoute{id, session_id, stream, b, StreamKind(kind), protocol};
    }
    uint8_t p[ipc::kStreamDetachedSize];
    ipc::encode_stream_detached(id, p);
    if (!ch->send_stream(ipc::FrameType::StreamDetached, session_id, stream, p, sizeof p, false) && id != 0) {
        routes_[stream_id::index(id)] = StreamRoute{};
        registry_->release(id);
        return 0;
    }
    return id;
}

void Reactor::release_stream(uint64_t id) {
    StreamRoute* r = route_of(id);
    if (r == nullptr) return;
    // An event stream's gauge was the worker's until the detach; it is the registry's since.
    if (r->kind == StreamKind::EventStream) {
        shared_->event_streams_open[size_t(r->protocol)].fetch_sub(1, std::memory_order_relaxed);
    }
    *r = StreamRoute{};
    uint64_t waiting = 0;
    if (registry_) registry_->release(id, &waiting);
    // Writers waiting for its credit find it ended now (their write() returns false).
    wake_push_waiters(id, waiting);
}

void Reactor::close_websocket(Binding b, uint64_t id, uint16_t code, std::string_view reason) {
    StreamRoute* r = route_of(id);
    if (r == nullptr) return;
    *r = StreamRoute{};
    uint64_t waiting = 0;
    if (registry_) registry_->release(id, &waiting);
    // Pushes waiting for its credit find it gone now (their push returns false).
    wake_push_waiters(id, waiting);
    WorkerChannel* ch = channel(b);
    if (ch == nullptr || ch->dead()) return;
    uint8_t p[2 + ipc::kWsMaxCloseReason];
    const size_t plen = ipc::encode_ws_closed(code, reason.substr(0, ipc::kWsMaxCloseReason), p, sizeof p);
    ipc::FrameHeader h;
    h.type = ipc::FrameType::WsClosed;
    h.session_id = id;
    h.stream_id = 0;
    h.length = uint32_t(plen);
    ch->send(h, p, plen);
}

void Reactor::push_credit_returned(uint64_t id, uint64_t bytes) {
    if (registry_ == nullptr || route_of(id) == nullptr) return;
    const uint64_t left = registry_->discharge_push(id, bytes);
    // Edge-triggered at the low watermark; one load of the mask when nobody waits.
    if (left < StreamRegistry::kPushLowWater) wake_push_waiters(id, registry_->take_push_waiters(id));
}

void Reactor::wake_push_waiters(uint64_t id, uint64_t waiting) {
    if (waiting == 0) return;
    ipc::FrameHeader h;
    h.type = ipc::FrameType::WsWritable;
    h.session_id = id;
    h.stream_id = 0;
    h.length = 0;
    // Every channel of a worker slot whose bit is set (an old and a new incarnation during a
    // reload, or two slots sharing a bit, each get it: a spurious wake-up costs a retry).
    for (WorkerChannel* ch : channels_) {
        if (ch && !ch->dead() && (waiting & StreamRegistry::waiter_bit(ch->worker_id())) != 0) ch->send(h, nullptr, 0);
    }
}

std::string_view Reactor::http_date() {
    time_t now = time(nullptr);
    if (now != date_sec_) {
        date_sec_ = now;
        struct tm tm;
        gmtime_r(&now, &tm);
        date_len_ = strftime(date_buf_, sizeof date_buf_, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    }
    return std::string_view(date_buf_, date_len_);
}

}  // namespace trident::server

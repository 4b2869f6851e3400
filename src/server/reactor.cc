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

#include "http1/connection.h"
#ifdef TRIDENT_HAVE_HTTP3
#include "http3/endpoint.h"
#endif
#include "server/tls_acceptor.h"
#include "server/tls_transport.h"
#include "server/transport.h"
#include "trident/core/clock.h"
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
      sessions_(uint8_t(index)),
      scratch_(ipc::kMaxFrameSize), recv_buf_(ipc::kMaxFrameSize * kRecvBatch), read_buf_(64 * 1024) {
    timeouts_ms_[kTimerHeader] = int64_t(config.http_header_timeout * 1000);
    timeouts_ms_[kTimerIdle] = int64_t(config.http_idle_timeout * 1000);
    timeouts_ms_[kTimerSend] = int64_t(config.http_send_timeout * 1000);
}

Reactor::~Reactor() {
    for (auto* l : listeners_) delete l;
#ifdef TRIDENT_HAVE_HTTP3
    for (auto* e : quic_endpoints_) delete e;
#endif
    delete notifier_;
    for (auto* ch : channels_) delete ch;
    for (auto* ch : dead_channels_) delete ch;
    if (epfd_ >= 0) close(epfd_);
    if (evfd_ >= 0) close(evfd_);
}

bool Reactor::start(std::string* error) {
    epfd_ = epoll_create1(EPOLL_CLOEXEC);
    evfd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epfd_ < 0 || evfd_ < 0) {
        *error = std::string("reactor: epoll/eventfd: ") + strerror(errno);
        return false;
    }
    notifier_ = new Notifier(*this);
    epoll_add(evfd_, EPOLLIN, notifier_);
    for (const ListenSocket& ls : listen_) {
        auto* l = new Listener(*this, ls);
        listeners_.push_back(l);
        if (!epoll_add(ls.fd, EPOLLIN, l)) {
            *error = std::string("reactor: epoll_ctl listener: ") + strerror(errno);
            return false;
        }
    }
#ifdef TRIDENT_HAVE_HTTP3
    for (const QuicListenSocket& q : quic_listen_) {
        auto* e = new http3::QuicEndpoint(*this, q);
        quic_endpoints_.push_back(e);
        if (!e->start(error)) return false;
    }
#else
    if (!quic_listen_.empty()) {
        *error = "HTTP/3 is not available: Trident was built without ngtcp2/nghttp3";
        return false;
    }
#endif
    thread_ = std::thread([this] { loop(); });
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
            case Command::Attach: {
                int idx = int(channels_.size());
                // Reuse the index of a channel that died, so the table stays small across restarts.
                for (size_t i = 0; i < channels_.size(); ++i) {
                    if (channels_[i] == nullptr) {
                        idx = int(i);
                        break;
                    }
                }
                auto* ch = new WorkerChannel(*this, idx, c.fd, c.worker_id, c.pid, c.incarnation);
                if (idx == int(channels_.size())) channels_.push_back(ch);
                else channels_[idx] = ch;
                TRIDENT_LOG(Debug, "attached worker #%d pid %d as channel %d", c.worker_id, c.pid, idx);
                dispatch_waiting();
                break;
            }
            case Command::Shutdown: {
                shutting_down_ = true;
                // Stop listening for real, not just stop accepting: otherwise the kernel keeps
                // completing handshakes that nobody will ever serve.
                for (auto* l : listeners_) {
                    epoll_del(l->fd);
                    ::shutdown(l->fd, SHUT_RDWR);
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
                break;
            }
            case Command::Stop:
                running_ = false;
                break;
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

void Reactor::loop() {
    char role[24];
    snprintf(role, sizeof role, "reactor#%d", index_);
    log::set_role(role);
    epoll_event events[256];
    while (running_) {
        int64_t now = monotonic_ms();
        // Wake-ups asked for after this turn's wake-up pass (e.g. from flush_channels) must
        // not wait for the next event.
        int timeout_ms = wakes_.empty() ? next_timeout_ms(now) : 0;
        int n;
        uint64_t next_deadline = deadlines_.next_deadline();
        if (next_deadline != DeadlineNode::kNever) {
            // QUIC timers (ACK delay, pacing, loss detection) need better than millisecond
            // resolution: epoll_pwait2 takes a timespec.
            uint64_t now_ns = monotonic_ns();
            uint64_t wait_ns = next_deadline > now_ns ? next_deadline - now_ns : 0;
            wait_ns = std::min<uint64_t>(wait_ns, uint64_t(timeout_ms) * 1000000u);
            timespec ts{time_t(wait_ns / 1000000000u), long(wait_ns % 1000000000u)};
            n = epoll_pwait2(epfd_, events, 256, &ts, nullptr);
            if (n < 0 && errno == ENOSYS) {
                n = epoll_wait(epfd_, events, 256, int((wait_ns + 999999) / 1000000));
            }
        } else {
            n = epoll_wait(epfd_, events, 256, timeout_ms);
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            TRIDENT_LOG(Error, "epoll_wait: %s", strerror(errno));
            break;
        }
        for (int i = 0; i < n; ++i) {
            static_cast<EventSource*>(events[i].data.ptr)->on_event(events[i].events);
        }
        while (!wakes_.empty()) {
            std::vector<uint64_t> w;
            w.swap(wakes_);
            for (uint64_t id : w) {
                if (Connection* c = sessions_.find(id)) c->on_event(EPOLLIN);
            }
        }
        flush_channels();
        expire_timers(monotonic_ms());
        if (!deadlines_.empty()) expire_deadlines(monotonic_ns());
        flush_channels();
        free_closed();
    }
    // Stop: whatever is left is closed without ceremony (graceful draining happened before).
    std::vector<uint64_t> ids;
    sessions_.for_each([&](uint64_t id, Connection*) { ids.push_back(id); });
    for (uint64_t id : ids) {
        if (Connection* c = sessions_.find(id)) close_connection(c);
    }
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
                TRIDENT_LOG(Error, "accept: %s (raise the open files limit)", strerror(errno));
                return;
            }
            if (errno == ECONNABORTED) continue;
            TRIDENT_LOG(Warning, "accept: %s", strerror(errno));
            return;
        }
        if (size_t(conn_count_.load(std::memory_order_relaxed)) >= config_.max_connections) {
            TRIDENT_LOG(Warning, "max_connections (%zu) reached, refusing a connection", config_.max_connections);
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_storage local;
        socklen_t llen = sizeof local;
        getsockname(fd, reinterpret_cast<sockaddr*>(&local), &llen);
        Connection* conn;
        if (ls.tls) {
            conn = new TlsAcceptor(*this, std::make_unique<TlsTransport>(fd, *ls.tls), peer, local);
        } else {
            conn = new http1::Http1Connection(*this, std::make_unique<PlainTransport>(fd), peer, local, ls.h2);
        }
        conn->session_id = sessions_.add(conn);
        conn->listener = &ls;
        conn_count_.fetch_add(1, std::memory_order_relaxed);
        shared_->connections_accepted.fetch_add(1, std::memory_order_relaxed);
        shared_->connections_active.fetch_add(1, std::memory_order_relaxed);
        if (!epoll_add(fd, EPOLLIN | EPOLLRDHUP, conn)) {
            close_connection(conn);
            continue;
        }
        set_timer(conn, kTimerHeader);
    }
}

bool Reactor::epoll_add(int fd, uint32_t events, EventSource* src) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = src;
    return epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) == 0;
}

bool Reactor::epoll_mod(int fd, uint32_t events, EventSource* src) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = src;
    return epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev) == 0;
}

void Reactor::epoll_del(int fd) { epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr); }

void Reactor::set_timer(Connection* c, int kind) {
    if (c->timer_kind == kind) return;
    IntrusiveList::remove(&c->timer_link);
    c->timer_kind = kind;
    if (kind == kTimerNone) return;
    c->deadline_ms = monotonic_ms() + timeouts_ms_[kind];
    timers_[kind].push_back(&c->timer_link);
}

void Reactor::refresh_timer(Connection* c) {
    int kind = c->timer_kind;
    if (kind == kTimerNone) return;
    c->timer_kind = kTimerNone;
    set_timer(c, kind);
}

static Connection* from_timer_link(ListLink* l) {
    return static_cast<Connection::TimerLink*>(l)->owner;
}

void Reactor::expire_timers(int64_t now) {
    for (int k = 1; k < kTimerCount; ++k) {
        while (ListLink* l = timers_[k].front()) {
            Connection* c = from_timer_link(l);
            if (c->deadline_ms > now) break;
            IntrusiveList::remove(l);
            c->timer_kind = kTimerNone;
            shared_->timeouts.fetch_add(1, std::memory_order_relaxed);
            c->on_timeout(k);
        }
    }
}

int Reactor::next_timeout_ms(int64_t now) {
    int64_t best = 1000;
    for (int k = 1; k < kTimerCount; ++k) {
        if (ListLink* l = timers_[k].front()) {
            int64_t d = from_timer_link(l)->deadline_ms - now;
            if (d < best) best = d;
        }
    }
    return best < 0 ? 0 : int(best);
}

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

void Reactor::close_connection(Connection* c) {
    if (c->session_id == 0) return;  // already closing
    deadlines_.remove(&c->deadline_link);
    IntrusiveList::remove(&c->timer_link);
    c->timer_kind = kTimerNone;
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
    IntrusiveList::remove(&prev->timer_link);
    prev->timer_kind = kTimerNone;
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

int Reactor::pick_channel(uint64_t session_id) {
    int n = int(channels_.size());
    if (n == 0) return -1;
    switch (config_.dispatch_mode) {
        case DispatchMode::RoundRobin:
            for (int i = 0; i < n; ++i) {
                int idx = int((rr_next_ + unsigned(i)) % unsigned(n));
                WorkerChannel* ch = channels_[idx];
                if (ch && ch->dispatchable()) {
                    rr_next_ = unsigned(idx + 1);
                    return idx;
                }
            }
            return -1;
        case DispatchMode::SessionAffinity: {
            // Same connection -> same worker slot, while that slot has a live incarnation.
            int want = int(session_id::slot(session_id) % uint32_t(config_.worker_num > 0 ? config_.worker_num : 1));
            for (int i = 0; i < n; ++i) {
                WorkerChannel* ch = channels_[i];
                if (ch && ch->dispatchable() && ch->worker_id() == want) return i;
            }
            [[fallthrough]];
        }
        case DispatchMode::LeastLoaded:
        default: {
            int best = -1;
            int64_t best_load = INT64_MAX;
            // Start after the last pick so equal loads rotate instead of piling on channel 0.
            for (int i = 0; i < n; ++i) {
                int idx = int((rr_next_ + unsigned(i)) % unsigned(n));
                WorkerChannel* ch = channels_[idx];
                if (!ch || !ch->dispatchable()) continue;
                int64_t load = ch->in_flight + (ch->congested() ? 1 << 20 : 0);
                if (load < best_load) {
                    best_load = load;
                    best = idx;
                }
            }
            if (best >= 0) rr_next_ = unsigned(best + 1);
            return best;
        }
    }
}

void Reactor::wait_for_worker(uint64_t session_id, int64_t stream_id) { waiting_.emplace_back(session_id, stream_id); }

void Reactor::dispatch_waiting() {
    while (!waiting_.empty()) {
        auto [sid, stream] = waiting_.front();
        Connection* c = sessions_.find(sid);
        if (c == nullptr) {
            waiting_.pop_front();
            continue;
        }
        if (pick_channel(sid) < 0) return;
        waiting_.pop_front();
        c->on_dispatch_ready(stream);
    }
}

void Reactor::channel_died(WorkerChannel* ch) {
    int idx = ch->index();
    channels_[idx] = nullptr;
    dead_channels_.push_back(ch);
    if (ch->in_flight > 0) {
        std::vector<uint64_t> ids;
        sessions_.for_each([&](uint64_t id, Connection*) { ids.push_back(id); });
        for (uint64_t id : ids) {
            if (Connection* c = sessions_.find(id)) c->on_channel_lost(idx);
        }
    }
    // Resume anyone waiting for this channel to drain: their next send fails over to 502.
    channel_drained(ch);
}

void Reactor::channel_drained(WorkerChannel* ch) {
    std::vector<uint64_t> w;
    w.swap(ch->waiters);
    for (uint64_t id : w) {
        if (Connection* c = sessions_.find(id)) c->on_channel_drained();
    }
}

void Reactor::channel_draining(WorkerChannel*) { dispatch_waiting(); }

void Reactor::route_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) {
    Connection* c = sessions_.find(h.session_id);
    if (h.type == ipc::FrameType::Datagram) {
        // Unreliable by definition: one for a connection that is gone (or is not HTTP/3 with
        // DATAGRAM negotiated) is dropped and counted.
        if (c == nullptr || !c->on_worker_datagram(payload, len)) {
            shared_->quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
        }
        return;
    }
    if (c == nullptr) {
        shared_->stale_frames_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    c->on_worker_frame(h, payload, len);
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

// ---------------------------------------------------------------------------------------
// WorkerChannel

WorkerChannel::WorkerChannel(Reactor& reactor, int index, int fd, int worker_id, int pid, uint32_t incarnation)
    : reactor_(reactor), index_(index), fd_(fd), worker_id_(worker_id), pid_(pid), incarnation_(incarnation) {
    reactor_.epoll_add(fd_, EPOLLIN, this);
}

WorkerChannel::~WorkerChannel() {
    if (fd_ >= 0) close(fd_);
}

void WorkerChannel::on_event(uint32_t events) {
    if (dead_) return;
    if (events & EPOLLOUT) flush();
    if (dead_) return;
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_frames();
}

void WorkerChannel::read_frames() {
    // One SOCK_SEQPACKET message is one whole frame; recvmmsg takes a batch per syscall, and
    // a short batch means the socket is empty, so there is no extra recv just to see EAGAIN.
    uint8_t* base = reactor_.recv_buffer();
    constexpr unsigned kBatch = Reactor::kRecvBatch;
    mmsghdr msgs[kBatch];
    iovec iovs[kBatch];
    for (int round = 0; round < 16 && !dead_; ++round) {
        for (unsigned i = 0; i < kBatch; ++i) {
            iovs[i] = {base + i * ipc::kMaxFrameSize, ipc::kMaxFrameSize};
            msgs[i] = {};
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        int got = recvmmsg(fd_, msgs, kBatch, MSG_DONTWAIT, nullptr);
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            if (errno == EINTR) continue;
            die(strerror(errno));
            return;
        }
        for (int i = 0; i < got && !dead_; ++i) {
            size_t n = msgs[i].msg_len;
            if (n == 0) {
                die("worker exited");
                return;
            }
            handle_frame(base + size_t(i) * ipc::kMaxFrameSize, n);
        }
        if (got == 0) {
            die("worker exited");
            return;
        }
        if (unsigned(got) < kBatch) return;
    }
}

void WorkerChannel::handle_frame(const uint8_t* buf, size_t n) {
    ipc::FrameHeader h;
    ipc::DecodeError e = ipc::decode_header(buf, n, h);
    if (e != ipc::DecodeError::None || ipc::kHeaderSize + h.length != n) {
        TRIDENT_LOG(Error, "worker #%d sent a bad frame (%s); dropping the channel", worker_id_,
                    ipc::decode_error_name(e == ipc::DecodeError::None ? ipc::DecodeError::Truncated : e));
        die("protocol error");
        return;
    }
    const uint8_t* payload = buf + ipc::kHeaderSize;
    if (h.type == ipc::FrameType::Control) {
        ipc::ControlMessage m;
        if (ipc::decode_control(payload, h.length, m) == ipc::DecodeError::None && m.code == ipc::ControlCode::Draining) {
            draining_ = true;
            ipc::ControlMessage ack;
            ack.code = ipc::ControlCode::DrainAck;
            uint8_t p[ipc::kControlSize];
            ipc::encode_control(ack, p);
            ipc::FrameHeader ah;
            ah.type = ipc::FrameType::Control;
            ah.length = ipc::kControlSize;
            send(ah, p, sizeof p);
            TRIDENT_LOG(Debug, "worker #%d pid %d is draining", worker_id_, pid_);
            reactor_.channel_draining(this);
        }
        return;
    }
    reactor_.route_frame(h, payload, h.length);
}

bool WorkerChannel::send(const ipc::FrameHeader& h, const void* p1, size_t n1, const void* p2, size_t n2) {
    if (dead_) return false;
    uint8_t hb[ipc::kHeaderSize];
    ipc::encode_header(h, hb);
    if (!queue_.empty()) {
        // The socket is full: keep order behind what already waits.
        std::string frame;
        frame.reserve(sizeof hb + n1 + n2);
        frame.append(reinterpret_cast<const char*>(hb), sizeof hb);
        if (n1) frame.append(static_cast<const char*>(p1), n1);
        if (n2) frame.append(static_cast<const char*>(p2), n2);
        queued_bytes_ += frame.size();
        queue_.push_back(std::move(frame));
        return true;
    }
    // Frames of one loop turn go out together (Reactor::flush_channels -> sendmmsg): one
    // wake-up of the worker per batch instead of one per request.
    if (outbox_.empty()) reactor_.mark_dirty(this);
    outbox_.append(reinterpret_cast<const char*>(hb), sizeof hb);
    if (n1) outbox_.append(static_cast<const char*>(p1), n1);
    if (n2) outbox_.append(static_cast<const char*>(p2), n2);
    outbox_ends_.push_back(outbox_.size());
    if (outbox_.size() >= kOutboxFlush) flush_outbox();
    return !dead_;
}

void WorkerChannel::flush_outbox() {
    if (dead_ || outbox_ends_.empty()) return;
    size_t done = 0;  // frames sent
    size_t total = outbox_ends_.size();
    while (done < total) {
        constexpr size_t kBatch = 64;
        mmsghdr msgs[kBatch];
        iovec iovs[kBatch];
        size_t n = std::min(kBatch, total - done);
        for (size_t i = 0; i < n; ++i) {
            size_t begin = (done + i) == 0 ? 0 : outbox_ends_[done + i - 1];
            size_t end = outbox_ends_[done + i];
            iovs[i] = {&outbox_[begin], end - begin};
            msgs[i] = {};
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        int sent = sendmmsg(fd_, msgs, unsigned(n), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            die(strerror(errno));
            return;
        }
        done += size_t(sent);
        if (size_t(sent) < n) break;
    }
    // What the socket did not take waits in the queue, in order, for EPOLLOUT.
    for (size_t i = done; i < total; ++i) {
        size_t begin = i == 0 ? 0 : outbox_ends_[i - 1];
        queue_.emplace_back(outbox_, begin, outbox_ends_[i] - begin);
        queued_bytes_ += outbox_ends_[i] - begin;
    }
    outbox_.clear();
    outbox_ends_.clear();
    if (!queue_.empty()) update_poll();
}

bool WorkerChannel::send_stream(ipc::FrameType type, uint64_t session_id, int64_t stream_id, const void* data,
                                size_t len, bool end) {
    ipc::FrameHeader h;
    h.type = type;
    h.flags = end ? ipc::kFlagEndStream : 0;
    h.length = uint32_t(len);
    h.session_id = session_id;
    h.stream_id = stream_id;
    return send(h, data, len);
}

bool WorkerChannel::send_body(uint64_t session_id, int64_t stream_id, const char* data, size_t len, bool end) {
    do {
        size_t n = len < ipc::kMaxPayload ? len : ipc::kMaxPayload;
        bool last = n == len;
        if (!send_stream(ipc::FrameType::RequestBody, session_id, stream_id, data, n, last && end)) return false;
        data += n;
        len -= n;
    } while (len > 0);
    return true;
}

bool WorkerChannel::send_reset(uint64_t session_id, int64_t stream_id, ipc::ResetCode code) {
    uint8_t p[ipc::kStreamResetSize];
    ipc::encode_stream_reset(code, p);
    ipc::FrameHeader h;
    h.type = ipc::FrameType::StreamReset;
    h.length = sizeof p;
    h.session_id = session_id;
    h.stream_id = stream_id;
    return send(h, p, sizeof p);
}

bool WorkerChannel::send_credit(uint64_t session_id, int64_t stream_id, uint64_t bytes) {
    uint8_t p[ipc::kCreditSize];
    ipc::encode_credit(uint32_t(bytes > UINT32_MAX ? UINT32_MAX : bytes), p);
    ipc::FrameHeader h;
    h.type = ipc::FrameType::ResponseCredit;
    h.length = sizeof p;
    h.session_id = session_id;
    h.stream_id = stream_id;
    return send(h, p, sizeof p);
}

void WorkerChannel::flush() {
    while (!queue_.empty()) {
        const std::string& f = queue_.front();
        ssize_t w = ::send(fd_, f.data(), f.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            die(strerror(errno));
            return;
        }
        queued_bytes_ -= f.size();
        queue_.pop_front();
    }
    update_poll();
    if (!congested() && !waiters.empty()) reactor_.channel_drained(this);
}

void WorkerChannel::update_poll() {
    bool want = !queue_.empty();
    if (want == want_write_) return;
    want_write_ = want;
    reactor_.epoll_mod(fd_, EPOLLIN | (want ? EPOLLOUT : 0), this);
}

void WorkerChannel::die(const char* why) {
    if (dead_) return;
    dead_ = true;
    if (in_flight > 0) {
        TRIDENT_LOG(Warning, "lost worker #%d (pid %d) with %lld request(s) in flight: %s", worker_id_, pid_,
                    (long long)in_flight, why);
    } else {
        TRIDENT_LOG(Debug, "channel to worker #%d (pid %d) closed: %s", worker_id_, pid_, why);
    }
    reactor_.epoll_del(fd_);
    close(fd_);
    fd_ = -1;
    queue_.clear();
    queued_bytes_ = 0;
    outbox_.clear();
    outbox_ends_.clear();
    reactor_.channel_died(this);
}

}  // namespace trident::server

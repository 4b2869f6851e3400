#include "trident/server/worker.h"

#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "server/local_channel.h"
#include "trident/core/clock.h"
#include "trident/core/event_loop.h"
#include "trident/core/log.h"
#include "trident/http/token.h"
#include "trident/server/runtime.h"
#include "trident/server/session_table.h"
#include "trident/server/shared_state.h"
#include "trident/server/stream_registry.h"

namespace trident::server {

void WorkerRequest::consume_body(size_t n) {
    body_read += n < body.size() - body_read ? n : body.size() - body_read;
    if (body_read == body.size()) {
        body.clear();
        body_read = 0;
        // A large buffer once needed is not kept for the rest of a long upload.
        if (body.capacity() > (1u << 20)) body.shrink_to_fit();
    } else if (body_read >= (64u << 10) && body_read * 2 >= body.size()) {
        body.erase(0, body_read);
        body_read = 0;
    }
}

namespace {
// Frames a worker may keep queued per channel before send_* waits for the reactor to read.
constexpr size_t kWorkerQueueLimit = 8u << 20;

WorkerRequest* from_live_link(ListLink* l) {
    return reinterpret_cast<WorkerRequest*>(reinterpret_cast<char*>(l) - offsetof(WorkerRequest, live_link));
}
}  // namespace

Worker::Worker(int worker_id, uint32_t incarnation, std::vector<int> channel_fds, const ServerConfig& config,
               Hooks& hooks)
    : worker_id_(worker_id), incarnation_(incarnation), config_(config), hooks_(hooks), rbuf_(ipc::kMaxFrameSize * kRecvBatch),
      pbuf_(ipc::kMaxFrameSize), wbuf_(ipc::kMaxFrameSize) {
    registry_ = stream_registry();
    channels_.resize(channel_fds.size());
    for (size_t i = 0; i < channel_fds.size(); ++i) channels_[i].fd = channel_fds[i];
}

// MODE_BASE: what the in-process pump calls on the worker's side of channel `index`.
class Worker::LocalEnd final : public LocalChannel::End {
public:
    LocalEnd(Worker& w, int index) : worker_(w), index_(index) {}
    void local_readable() override { worker_.on_channel_readable(index_); }
    void local_writable() override { worker_.on_channel_writable(index_); }

private:
    Worker& worker_;
    int index_;
};

void Worker::attach_local(int index, LocalChannel* local, BaseReactor* base) {
    if (channels_.size() <= size_t(index)) channels_.resize(size_t(index) + 1);
    for (size_t i = 0; i < channels_.size(); ++i) {
        // The reactors of the other workers are in their own processes: nothing reaches them
        // from here (a push to one of their WebSockets is refused as for a closed channel).
        if (int(i) != index) channels_[i].broken = true;
    }
    channels_[size_t(index)].local = local;
    local_end_ = std::make_unique<LocalEnd>(*this, index);
    local->set_worker(local_end_.get());
    base_ = base;
}

int Worker::channel_recv_batch(Channel& c, mmsghdr* msgs, unsigned n) {
    if (!c.local) return recvmmsg(c.fd, msgs, n, MSG_DONTWAIT, nullptr);
    unsigned got = 0;
    for (; got < n; ++got) {
        iovec& v = msgs[got].msg_hdr.msg_iov[0];
        size_t len = c.local->pop_for_worker(static_cast<uint8_t*>(v.iov_base), v.iov_len);
        if (len == 0) break;
        msgs[got].msg_len = unsigned(len);
    }
    if (got == 0) {
        errno = EAGAIN;
        return -1;
    }
    return int(got);
}

ssize_t Worker::channel_recv(Channel& c, uint8_t* buf, size_t cap) {
    if (!c.local) return recv(c.fd, buf, cap, MSG_DONTWAIT);
    size_t len = c.local->pop_for_worker(buf, cap);
    if (len == 0) {
        errno = EAGAIN;
        return -1;
    }
    return ssize_t(len);
}

ssize_t Worker::channel_send(Channel& c, const iovec* iov, int count) {
    if (!c.local) {
        msghdr msg{};
        msg.msg_iov = const_cast<iovec*>(iov);
        msg.msg_iovlen = size_t(count);
        return sendmsg(c.fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    }
    if (!c.local->push_to_reactor(iov, count)) {
        errno = EAGAIN;
        return -1;
    }
    size_t n = 0;
    for (int i = 0; i < count; ++i) n += iov[i].iov_len;
    return ssize_t(n);
}

void Worker::channel_wait_blocking(int index) {
    Channel& c = channels_[size_t(index)];
    if (c.local) {
        // The reactor is on this thread: let it take what we queued and answer, now.
        c.local->drain_to_reactor();
        poll_channel(index);
        on_channel_writable(index);
        return;
    }
    pollfd p{c.fd, short(POLLIN | (c.queue.empty() ? 0 : POLLOUT)), 0};
    int n = poll(&p, 1, 1000);
    if (n < 0 && errno != EINTR) {
        TRIDENT_LOG(Error, "worker #%d: poll on the channel to reactor %d: %s", worker_id_, index, strerror(errno));
        channel_lost(index);
        return;
    }
    if (n <= 0) return;
    // A reset of the very request that is writing may be what we are waiting behind.
    // Read as a poll: new requests wait for the loop rather than start inside this write.
    if (p.revents & (POLLIN | POLLERR | POLLHUP)) poll_channel(index);
    on_channel_writable(index);
}

Worker::~Worker() {
    for (auto& c : channels_) {
        if (c.fd >= 0) close(c.fd);
    }
    if (sigfd_ >= 0) close(sigfd_);
}

void Worker::on_signal_fd(void* data, int, uint32_t) {
    auto* w = static_cast<Worker*>(data);
    signalfd_siginfo si;
    while (read(w->sigfd_, &si, sizeof si) == sizeof si) {
        if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT || si.ssi_signo == SIGUSR1) w->request_stop();
        else if (si.ssi_signo == SIGUSR2 && w->base_) w->base_->reopen_logs();
    }
}

void Worker::on_channel_fd(void* data, int, uint32_t events) {
    auto* ref = static_cast<ChannelRef*>(data);
    if (events & EventLoop::kWritable) ref->worker->on_channel_writable(ref->index);
    if (events & (EventLoop::kReadable | EventLoop::kError)) ref->worker->on_channel_readable(ref->index);
}

int Worker::run() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);
    // MODE_BASE: the access log is written here; SIGUSR2 (forwarded by the manager) reopens it.
    if (base_) sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    sigfd_ = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    loop_.watch(sigfd_, EventLoop::kReadable, on_signal_fd, this);
    refs_.resize(channels_.size());
    for (size_t i = 0; i < channels_.size(); ++i) {
        refs_[i] = ChannelRef{this, int(i)};
        if (channels_[i].fd >= 0) loop_.watch(channels_[i].fd, EventLoop::kReadable, on_channel_fd, &refs_[i]);
    }
    SharedState* st = shared_state();
    st->workers[worker_id_].pid.store(getpid(), std::memory_order_relaxed);
    st->workers[worker_id_].incarnation.store(incarnation_, std::memory_order_relaxed);
    st->workers[worker_id_].in_flight.store(0, std::memory_order_relaxed);

    hooks_.on_worker_start(*this);

    // One loop for everything the worker waits on: reactor channels, signals, and (through
    // the binding) coroutine wake-ups and timers.
    while (running_) {
        run_deferred();
        int timeout = -1;
        if (base_shutdown_ && !stopping_) {
            // MODE_BASE: the connections are this process's own; the worker stops once they
            // are gone (or max_wait_time is up), as the master would tell it in process mode.
            int64_t left = base_shutdown_deadline_ms_ - monotonic_ms();
            if (base_->connection_count() == 0 || left <= 0) {
                if (left <= 0)
                    TRIDENT_LOG(Warning, "worker #%d: max_wait_time reached with %lld connection(s) open", worker_id_,
                                (long long)base_->connection_count());
                stop();
            } else {
                timeout = int(std::min<int64_t>(left, 50));
            }
        }
        if (stopping_) {
            if (drained()) break;
            int64_t left = stop_deadline_ms_ - monotonic_ms();
            if (left <= 0) {
                if (websockets_.empty()) {
                    TRIDENT_LOG(Warning, "worker #%d: max_wait_time reached with %lld request(s) in flight, exiting",
                                worker_id_, (long long)in_flight_);
                } else {
                    TRIDENT_LOG(Warning,
                                "worker #%d: max_wait_time reached with %lld request(s) in flight and %zu WebSocket(s) "
                                "not reported closed, exiting",
                                worker_id_, (long long)in_flight_, websockets_.size());
                }
                break;
            }
            timeout = int(left);
        }
        if (!deferred_.empty()) timeout = 0;
        if (loop_.run_once(timeout) < 0) {
            TRIDENT_LOG(Error, "worker event loop: %s", strerror(errno));
            break;
        }
        bool all_broken = !channels_.empty();
        for (auto& c : channels_) all_broken &= c.broken;
        if (all_broken) {
            TRIDENT_LOG(Warning, "worker #%d: every reactor channel is closed, exiting", worker_id_);
            break;
        }
    }
    hooks_.on_worker_stop(*this);
    return 0;
}

void Worker::request_stop() {
    if (base_ == nullptr) {
        stop();
        return;
    }
    if (base_shutdown_ || stopping_) return;
    base_shutdown_ = true;
    base_shutdown_deadline_ms_ = monotonic_ms() + int64_t(config_.max_wait_time * 1000);
    base_->begin_shutdown();
}

void Worker::stop() {
    if (stopping_) return;
    stopping_ = true;
    // MODE_BASE: draining the connections came first and used the same max_wait_time budget
    // (the manager's SIGKILL comes after one max_wait_time).
    stop_deadline_ms_ = base_shutdown_ ? std::max(base_shutdown_deadline_ms_, monotonic_ms() + 100)
                                       : monotonic_ms() + int64_t(config_.max_wait_time * 1000);
    ipc::ControlMessage m;
    m.code = ipc::ControlCode::Draining;  // the channel itself says which worker
    uint8_t p[ipc::kControlSize];
    ipc::encode_control(m, p);
    ipc::FrameHeader h;
    h.type = ipc::FrameType::Control;
    h.length = sizeof p;
    for (size_t i = 0; i < channels_.size(); ++i) {
        if (!send_frame(int(i), h, p, sizeof p, nullptr, 0)) channels_[i].drain_acked = true;
    }
    if (!long_lived_ended_) {
        long_lived_ended_ = true;
        hooks_.on_worker_draining(*this);
    }
    // Pushes waiting for a slow client's credit give up (false): the worker is going.
    wake_push_waiters(-1);
}

bool Worker::drained() const {
    // A WebSocket of ours is closed by its reactor when we drain (1001), and its Close callback
    // must run here before we exit: wait for every WS_CLOSED (bounded by max_wait_time).
    if (in_flight_ > 0 || !websockets_.empty()) return false;
    for (const auto& c : channels_) {
        if (!c.broken && (!c.drain_acked || !c.queue.empty())) return false;
    }
    return true;
}

void Worker::on_channel_readable(int index) {
    if (dispatching_) {
        read_nested(index);
        return;
    }
    Channel& c = channels_[index];
    // A batch per syscall; a short batch means the socket is drained.
    constexpr unsigned kBatch = kRecvBatch;
    mmsghdr msgs[kBatch];
    iovec iovs[kBatch];
    for (int round = 0; round < 16; ++round) {
        // Frames a handler's poll kept for the loop were read before anything still in the
        // socket: they go first, or a body could overtake its own head.
        run_deferred();
        if (c.broken) return;
        for (unsigned i = 0; i < kBatch; ++i) {
            iovs[i] = {rbuf_.data() + i * ipc::kMaxFrameSize, ipc::kMaxFrameSize};
            msgs[i] = {};
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        int got = channel_recv_batch(c, msgs, kBatch);
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            if (errno == EINTR) continue;
            channel_lost(index);
            return;
        }
        if (got == 0) {
            channel_lost(index);
            return;
        }
        batch_channel_ = index;
        batch_next_ = 0;
        batch_count_ = unsigned(got);
        for (int i = 0; i < got; ++i) batch_len_[i] = msgs[i].msg_len;
        dispatching_ = true;
        dispatch_batch();
        dispatching_ = false;
        if (c.broken || unsigned(got) < kBatch) return;
    }
}

void Worker::dispatch_batch() {
    // The cursor is shared with reads nested in a frame's handling, which go on from it.
    while (batch_next_ < batch_count_) {
        unsigned i = batch_next_++;
        if (channels_[batch_channel_].broken) break;
        if (batch_len_[i] == 0) {  // the reactor closed its end
            channel_lost(batch_channel_);
            break;
        }
        handle_frame(batch_channel_, rbuf_.data() + size_t(i) * ipc::kMaxFrameSize, batch_len_[i]);
    }
    batch_next_ = batch_count_;
}

void Worker::read_nested(int index) {
    // Read from inside a frame's handling: as a poll (resets and credit applied, requests and
    // datagrams kept for the loop), after the rest of the loop's batch. One frame at a time
    // into pbuf_: a frame's bytes are not used once its handling calls out, so a deeper
    // nested read may reuse the buffer.
    bool was = polling_;
    polling_ = true;
    dispatch_batch();
    Channel& c = channels_[index];
    for (unsigned n = 0; n < 16 * kRecvBatch && !c.broken; ++n) {
        ssize_t got = channel_recv(c, pbuf_.data(), pbuf_.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (got <= 0) {
            channel_lost(index);
            break;
        }
        handle_frame(index, pbuf_.data(), size_t(got));
    }
    polling_ = was;
}

void Worker::handle_frame(int index, const uint8_t* data, size_t len) {
    ipc::FrameHeader h;
    ipc::DecodeError e = ipc::decode_header(data, len, h);
    if (e != ipc::DecodeError::None || ipc::kHeaderSize + h.length != len) {
        TRIDENT_LOG(Error, "worker #%d: bad frame from reactor %d (%s)", worker_id_, index, ipc::decode_error_name(e));
        return;
    }
    const uint8_t* payload = data + ipc::kHeaderSize;
    bool end = (h.flags & ipc::kFlagEndStream) != 0;
    if ((handler_depth_ > 0 || polling_) &&
        (h.type == ipc::FrameType::RequestHead || h.type == ipc::FrameType::RequestBody ||
         h.type == ipc::FrameType::RequestEnd || h.type == ipc::FrameType::RequestTrailers ||
         h.type == ipc::FrameType::Datagram || h.type == ipc::FrameType::WsOpen ||
         h.type == ipc::FrameType::WsMessage || h.type == ipc::FrameType::WsClosed)) {
        // Read while a handler runs (to notice resets): requests and WebSocket events wait for
        // the main loop, in the order they came (a WebSocket's messages never overtake its open).
        deferred_.emplace_back(index, std::string(reinterpret_cast<const char*>(data), len));
        return;
    }
    switch (h.type) {
        case ipc::FrameType::RequestHead: {
            auto* r = new WorkerRequest();
            r->channel = index;
            r->session_id = h.session_id;
            r->stream_id = h.stream_id;
            r->head_storage.reset(new uint8_t[h.length ? h.length : 1]);
            memcpy(r->head_storage.get(), payload, h.length);
            if (ipc::decode_request_head(r->head_storage.get(), h.length, r->head) != ipc::DecodeError::None) {
                TRIDENT_LOG(Error, "worker #%d: malformed REQUEST_HEAD", worker_id_);
                delete r;
                return;
            }
            r->received_at = wall_time();
            live_.push_back(&r->live_link);
            r->counted_in_flight = true;
            ++in_flight_;
            shared_state()->workers[worker_id_].in_flight.fetch_add(1, std::memory_order_relaxed);
            if (end) {
                complete_request(r);
            } else {
                receiving_[Key{index, h.session_id, h.stream_id}] = r;
                if (config_.http_body_streaming) {
                    r->streaming = true;
                    start_request(r);
                }
            }
            return;
        }
        case ipc::FrameType::RequestBody:
        case ipc::FrameType::RequestEnd: {
            auto it = receiving_.find(Key{index, h.session_id, h.stream_id});
            if (it == receiving_.end()) return;
            WorkerRequest* r = it->second;
            if (h.type == ipc::FrameType::RequestBody) {
                r->body.append(reinterpret_cast<const char*>(payload), h.length);
                if (r->body_wanted_whole && !end) owe_body_credit(r, h.length);
            }
            if (end || h.type == ipc::FrameType::RequestEnd) {
                receiving_.erase(it);
                complete_request(r);
            } else if (r->started && h.length > 0) {
                hooks_.on_request_body(*this, r);
            }
            return;
        }
        case ipc::FrameType::RequestTrailers: {
            // The body ended with trailer fields: they are the request's from now on.
            auto it = receiving_.find(Key{index, h.session_id, h.stream_id});
            if (it == receiving_.end()) return;
            WorkerRequest* r = it->second;
            r->trailer_storage.assign(reinterpret_cast<const char*>(payload), h.length);
            const auto* p = reinterpret_cast<const uint8_t*>(r->trailer_storage.data());
            if (ipc::decode_request_trailers(h, p, r->trailers) != ipc::DecodeError::None) {
                TRIDENT_LOG(Error, "worker #%d: malformed REQUEST_TRAILERS", worker_id_);
                std::string().swap(r->trailer_storage);
                r->trailers = ipc::ResponseHeadView();
            } else {
                r->has_trailers = true;
            }
            receiving_.erase(it);
            complete_request(r);
            return;
        }
        case ipc::FrameType::StreamReset:
            abort_requests(index, h.session_id, h.stream_id, false);
            return;
        case ipc::FrameType::ResponseCredit: {
            uint32_t bytes;
            if (ipc::decode_credit(payload, h.length, bytes)) credit(index, h.session_id, h.stream_id, bytes);
            return;
        }
        case ipc::FrameType::ConnectionClosed:
            abort_requests(index, h.session_id, 0, true);
            return;
        case ipc::FrameType::Datagram:
            hooks_.on_datagram(*this, h.session_id, std::string_view(reinterpret_cast<const char*>(payload), h.length));
            return;
        case ipc::FrameType::WsOpen:
            ws_open(index, h, payload);
            return;
        case ipc::FrameType::WsMessage:
            ws_message(index, h, payload);
            return;
        case ipc::FrameType::WsClosed:
            ws_closed(index, h, payload);
            return;
        case ipc::FrameType::StreamDetached:
            stream_detached(index, h, payload);
            return;
        case ipc::FrameType::WsWritable:
            ws_writable(index, h);
            return;
        case ipc::FrameType::Control: {
            ipc::ControlMessage m;
            if (ipc::decode_control(payload, h.length, m) != ipc::DecodeError::None) return;
            if (m.code == ipc::ControlCode::DrainAck) channels_[index].drain_acked = true;
            // Each reactor says so: the long-lived streams are ended once.
            if (m.code == ipc::ControlCode::ServerStopping) TRIDENT_LOG(Debug, "worker #%d: the server is stopping", worker_id_);
            if (m.code == ipc::ControlCode::ServerStopping && !long_lived_ended_) {
                long_lived_ended_ = true;
                hooks_.on_worker_draining(*this);
            }
            return;
        }
        default:
            TRIDENT_LOG(Warning, "worker #%d: unexpected frame type %d", worker_id_, int(h.type));
            return;
    }
}

void Worker::credit(int channel, uint64_t session_id, int64_t stream_id, uint32_t bytes) {
    for (ListLink* l = live_.first(); l != live_.end(); l = l->next) {
        WorkerRequest* r = from_live_link(l);
        if (r->channel != channel || r->session_id != session_id || r->stream_id != stream_id) continue;
        r->unacked = bytes >= r->unacked ? 0 : r->unacked - bytes;
        if (r->waiter && r->unacked <= kResponseWindow / 2) hooks_.request_writable(*this, r);
        return;
    }
}

void Worker::wait_for_credit(WorkerRequest* r) {
    // The client has a window's worth in flight: its writer waits (a coroutine suspends; code
    // that cannot suspend carries on, and the reactor buffers for it).
    while (r->unacked > kResponseWindow && !r->aborted && !r->finished) {
        if (!hooks_.wait_request(*this, r)) return;
    }
}

void Worker::run_deferred() {
    while (!deferred_.empty() && handler_depth_ == 0 && !polling_) {
        auto [index, frame] = std::move(deferred_.front());
        deferred_.pop_front();
        handle_frame(index, reinterpret_cast<const uint8_t*>(frame.data()), frame.size());
    }
}

void Worker::poll_channel(int index) {
    if (channels_[index].broken) return;
    // Called from inside PHP code (a coroutine that has not returned to the loop): only
    // resets are applied; new requests wait for the loop.
    bool was = polling_;
    polling_ = true;
    on_channel_readable(index);
    polling_ = was;
}

void Worker::complete_request(WorkerRequest* r) {
    r->body_complete = true;
    if (r->started) {
        hooks_.on_request_body(*this, r);
        return;
    }
    start_request(r);
}

void Worker::start_request(WorkerRequest* r) {
    r->started = true;
    ++requests_handled_;
    if (config_.max_request > 0 && requests_handled_ >= config_.max_request && !stopping_ && !base_shutdown_ &&
        !max_request_stop_queued_) {
        // Announce the drain before answering the last request, so the reactors stop
        // dispatching here before its client can send the next one.
        TRIDENT_LOG(Info, "worker #%d reached max_request (%llu), restarting", worker_id_,
                    (unsigned long long)config_.max_request);
        if (base_ == nullptr) {
            stop();
        } else {
            // MODE_BASE: the connections are this worker's; they finish first (request_stop).
            // From the loop, not from here: the reactor is not entered from inside a dispatch.
            max_request_stop_queued_ = true;
            loop_.defer([](void* w) { static_cast<Worker*>(w)->request_stop(); }, this);
        }
    }
    ++handler_depth_;
    hooks_.on_request(*this, r);
    --handler_depth_;
    // The reference a request is born with belongs to the worker until the handler has it:
    // the binding's Request/Response objects hold their own, so this is the last one once
    // they are gone (and the request is freed at once when the handler already finished).
    release(r);
}

void Worker::drop_deferred(int channel, uint64_t session_id, int64_t stream_id, bool whole_session) {
    for (auto it = deferred_.begin(); it != deferred_.end();) {
        ipc::FrameHeader h;
        const auto* p = reinterpret_cast<const uint8_t*>(it->second.data());
        bool drop = it->first == channel && ipc::decode_header(p, it->second.size(), h) == ipc::DecodeError::None &&
                    (h.type == ipc::FrameType::RequestHead || h.type == ipc::FrameType::RequestBody ||
                     h.type == ipc::FrameType::RequestEnd || h.type == ipc::FrameType::RequestTrailers) &&
                    h.session_id == session_id && (whole_session || h.stream_id == stream_id);
        it = drop ? deferred_.erase(it) : it + 1;
    }
}

void Worker::abort_requests(int channel, uint64_t session_id, int64_t stream_id, bool whole_session) {
    // A request whose frames a handler's poll kept for the loop is aborted too: otherwise it
    // would be created after its reset, and be handled for nobody or wait for a body forever.
    drop_deferred(channel, session_id, stream_id, whole_session);
    // Collect first: the hooks may release requests and unlink them. Each collected request is
    // retained until its turn is over: releasing a pending upgrade's or detach's reference, or
    // a hook releasing the binding's, may drop what was the last other reference, and the
    // request must outlive the checks that follow (it is freed by the release at the end).
    std::vector<WorkerRequest*> hit;
    for (ListLink* l = live_.first(); l != live_.end(); l = l->next) {
        WorkerRequest* r = from_live_link(l);
        if (r->channel == channel && r->session_id == session_id && (whole_session || r->stream_id == stream_id) &&
            !r->aborted) {
            retain(r);
            hit.push_back(r);
        }
    }
    for (WorkerRequest* r : hit) {
        r->aborted = true;
        if (!r->body_complete) stop_receiving(r);
        if (!r->started) {
            // The handler never saw it: we hold the only reference.
            finish(r);
            release(r);
        } else {
            finish(r);
            // A handler reading a streamed body: read() fails now.
            if (r->body_waiter) hooks_.on_request_body(*this, r);
            if (r->waiter) hooks_.request_writable(*this, r);
            hooks_.on_request_aborted(*this, r);
            // An accepted upgrade that never opened: drop the reference accept_websocket took.
            if (r->upgrade_pending) {
                r->upgrade_pending = false;
                release(r);
            }
            // A detach the reactor has not answered: it never will (the stream is gone).
            if (r->detach_pending) {
                r->detach_pending = false;
                release(r);
            }
        }
        release(r);
    }
}

void Worker::stop_receiving(WorkerRequest* r) {
    auto it = receiving_.find(Key{r->channel, r->session_id, r->stream_id});
    if (it != receiving_.end() && it->second == r) receiving_.erase(it);
}

void Worker::finish(WorkerRequest* r) {
    if (r->finished) return;
    r->finished = true;
    release_coding(r);
    if (r->counted_in_flight) {
        r->counted_in_flight = false;
        --in_flight_;
        SharedState* st = shared_state();
        st->workers[worker_id_].in_flight.fetch_sub(1, std::memory_order_relaxed);
        st->workers[worker_id_].requests.fetch_add(1, std::memory_order_relaxed);
    }
}

void Worker::release(WorkerRequest* r) {
    if (--r->refs > 0) return;
    // A handler done with a request whose body still arrives: the rest is dropped as it comes.
    if (!r->body_complete) stop_receiving(r);
    if (!r->finished) {
        // Nobody answered and nobody can any more: the binding should have ended the response.
        send_reset(r);
        finish(r);
    }
    IntrusiveList::remove(&r->live_link);
    delete r;
}

bool Worker::send_head(WorkerRequest* r, uint16_t status, const HeaderField* headers, size_t count,
                       std::string_view body, bool end) {
    if (r->finished || r->aborted || r->head_sent) return false;
    if (config_.compression.enabled) return send_head_coded(r, status, headers, count, body, end);
    return send_head_frames(r, status, headers, count, body, end);
}

bool Worker::send_head_frames(WorkerRequest* r, uint16_t status, const HeaderField* headers, size_t count,
                              std::string_view body, bool end) {
    if (r->finished || r->aborted || r->head_sent) return false;
    size_t fixed = ipc::response_head_fixed_size();
    size_t hsize = fixed;
    bool has_length = false;
    for (size_t i = 0; i < count; ++i) {
        hsize += ipc::header_field_size(headers[i].name, headers[i].value);
        if (http::iequals_ascii(headers[i].name, "content-length")) has_length = true;
    }
    // A complete body too large for one frame still has a known length: say so, or the
    // reactor would have to treat the response as streamed (chunked).
    char lenbuf[24];
    std::string_view length_value;
    if (end && !has_length && body.size() > ipc::kMaxPayload - hsize) {
        int n = snprintf(lenbuf, sizeof lenbuf, "%zu", body.size());
        length_value = std::string_view(lenbuf, size_t(n));
        hsize += ipc::header_field_size("content-length", length_value);
    }
    if (hsize > ipc::kMaxPayload) return false;
    ipc::ResponseHeadWriter w(wbuf_.data(), ipc::kMaxPayload, status);
    for (size_t i = 0; i < count; ++i) w.add_header(headers[i].name, headers[i].value);
    if (!length_value.empty()) w.add_header("content-length", length_value);
    // The first body bytes ride in the head frame; the rest follows as BODY frames.
    size_t room = ipc::kMaxPayload - w.size();
    std::string_view first = body.substr(0, body.size() < room ? body.size() : room);
    std::string_view rest = body.substr(first.size());
    bool head_end = end && rest.empty();
    ipc::FrameHeader h;
    h.type = ipc::FrameType::ResponseHead;
    h.flags = head_end ? ipc::kFlagEndStream : 0;
    h.session_id = r->session_id;
    h.stream_id = r->stream_id;
    h.length = uint32_t(w.size() + first.size());
    // Encode the body length prefix by hand-off: the writer's set_body would copy; send it
    // as a second iovec instead (the payload layout is the same).
    w.set_body(std::string_view());
    if (w.overflow()) return false;
    if (!send_frame(r->channel, h, wbuf_.data(), w.size(), first.data(), first.size())) return false;
    r->head_sent = true;
    if (!rest.empty()) return send_body_frames(r, rest, end);
    if (head_end) finish(r);
    return true;
}

bool Worker::send_interim(WorkerRequest* r, uint16_t status, const HeaderField* headers, size_t count) {
    if (r->finished || r->aborted || r->head_sent || r->upgrade_pending || r->detach_pending) return false;
    if (!ipc::is_interim_status(status) || r->head.conn.protocol == ipc::Protocol::Http10) return false;
    ipc::ResponseHeadWriter w(wbuf_.data(), ipc::kMaxPayload, status);
    for (size_t i = 0; i < count; ++i) w.add_header(headers[i].name, headers[i].value);
    w.set_body(std::string_view());
    if (w.overflow()) return false;
    ipc::FrameHeader h;
    h.type = ipc::FrameType::ResponseHead;
    h.flags = ipc::kFlagInterim;
    h.session_id = r->session_id;
    h.stream_id = r->stream_id;
    h.length = uint32_t(w.size());
    return send_frame(r->channel, h, wbuf_.data(), w.size(), nullptr, 0);
}

bool Worker::send_body(WorkerRequest* r, std::string_view data, bool end) {
    if (r->encoder) return send_body_coded(r, data, end);
    return send_body_frames(r, data, end);
}

bool Worker::send_body_frames(WorkerRequest* r, std::string_view data, bool end) {
    // While a detach is pending the stream may already be the registry's: nothing goes out on it.
    if (r->finished || r->aborted || !r->head_sent || r->upgrade_pending || r->detach_pending) return false;
    // A handler streaming a long response never returns to the loop: look for a reset of its
    // stream every so often, so write() starts failing once the client is gone.
    polled_bytes_ += data.size() + 1;
    if (polled_bytes_ >= kPollEveryBytes) {
        polled_bytes_ = 0;
        poll_channel(r->channel);
        if (r->aborted) return false;
    }
    do {
        size_t n = data.size() < ipc::kMaxPayload ? data.size() : ipc::kMaxPayload;
        bool last = n == data.size();
        ipc::FrameHeader h;
        h.type = ipc::FrameType::ResponseBody;
        h.flags = (last && end) ? ipc::kFlagEndStream : 0;
        h.session_id = r->session_id;
        h.stream_id = r->stream_id;
        h.length = uint32_t(n);
        if (!send_frame(r->channel, h, data.data(), n, nullptr, 0)) return false;
        r->unacked += n;
        data.remove_prefix(n);
        if (!data.empty() || !end) {
            wait_for_credit(r);
            if (r->aborted) return false;
        }
    } while (!data.empty());
    if (end) finish(r);
    return true;
}

bool Worker::send_datagram(uint64_t session_id, std::string_view data) {
    // The session id names the reactor that owns the connection; channel i goes to reactor i.
    int channel = session_id::reactor(session_id);
    if (channel >= int(channels_.size()) || data.size() > ipc::kMaxPayload) return false;
    ipc::FrameHeader h;
    h.type = ipc::FrameType::Datagram;
    h.session_id = session_id;
    h.length = uint32_t(data.size());
    return send_frame(channel, h, data.data(), data.size(), nullptr, 0);
}

bool Worker::send_trailers(WorkerRequest* r, const HeaderField* trailers, size_t count) {
    if (r->finished || r->aborted || !r->head_sent || r->upgrade_pending || r->detach_pending) return false;
    // A coded body ends before the trailers do.
    if (r->encoder && !finish_coding(r)) return false;
    ipc::ResponseHeadWriter w(wbuf_.data(), ipc::kMaxPayload, 0);
    for (size_t i = 0; i < count; ++i) w.add_header(trailers[i].name, trailers[i].value);
    w.set_body(std::string_view());
    if (w.overflow()) return false;
    ipc::FrameHeader h;
    h.type = ipc::FrameType::ResponseTrailers;
    h.flags = ipc::kFlagEndStream;
    h.session_id = r->session_id;
    h.stream_id = r->stream_id;
    h.length = uint32_t(w.size());
    if (!send_frame(r->channel, h, wbuf_.data(), w.size(), nullptr, 0)) return false;
    finish(r);
    return true;
}

void Worker::send_reset(WorkerRequest* r) {
    if (r->finished) return;
    if (!r->aborted) {
        uint8_t p[ipc::kStreamResetSize];
        ipc::encode_stream_reset(ipc::ResetCode::Internal, p);
        ipc::FrameHeader h;
        h.type = ipc::FrameType::StreamReset;
        h.length = sizeof p;
        h.session_id = r->session_id;
        h.stream_id = r->stream_id;
        send_frame(r->channel, h, p, sizeof p, nullptr, 0);
    }
    finish(r);
}

bool Worker::send_frame(int index, const ipc::FrameHeader& h, const void* p1, size_t n1, const void* p2, size_t n2,
                        bool may_wait) {
    Channel& c = channels_[index];
    if (c.broken) return false;
    uint8_t hb[ipc::kHeaderSize];
    ipc::encode_header(h, hb);
    if (c.queue.empty()) {
        iovec iov[3] = {{hb, sizeof hb}, {const_cast<void*>(p1), n1}, {const_cast<void*>(p2), n2}};
        for (;;) {
            ssize_t w = channel_send(c, iov, 3);
            if (w >= 0) return true;
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            channel_lost(index);
            return false;
        }
    }
    std::string f;
    f.reserve(sizeof hb + n1 + n2);
    f.append(reinterpret_cast<const char*>(hb), sizeof hb);
    f.append(static_cast<const char*>(p1), n1);
    if (n2) f.append(static_cast<const char*>(p2), n2);
    c.queued_bytes += f.size();
    c.queue.push_back(std::move(f));
    update_poll(index);
    // Past the bound the writer waits for the reactor to catch up rather than buffer without
    // limit: its coroutine suspends when it can, else the worker blocks on the socket.
    if (may_wait && c.queued_bytes > kWorkerQueueLimit) {
        while (!c.broken && c.queued_bytes > kWorkerQueueLimit / 2) {
            if (!hooks_.wait_writable(*this, index)) {
                flush_blocking(index);
                break;
            }
        }
    }
    return !c.broken;
}

bool Worker::wait_for_room(int index, bool or_refuse) {
    // Before a message whose frames must be queued together: wait here, where a pause cannot
    // split anything, until the queue is back under its bound. A caller that cannot be
    // suspended blocks on the socket, or with or_refuse gets false (the push is dropped).
    Channel& c = channels_[index];
    while (!c.broken && c.queued_bytes > kWorkerQueueLimit) {
        if (!hooks_.wait_writable(*this, index)) {
            if (or_refuse) return false;
            flush_blocking(index);
            break;
        }
    }
    return !c.broken;
}

void Worker::on_channel_writable(int index) {
    Channel& c = channels_[index];
    while (!c.queue.empty()) {
        const std::string& f = c.queue.front();
        iovec iov{const_cast<char*>(f.data()), f.size()};
        ssize_t w = channel_send(c, &iov, 1);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            channel_lost(index);
            return;
        }
        c.queued_bytes -= f.size();
        c.queue.pop_front();
    }
    update_poll(index);
    if (c.queued_bytes <= kWorkerQueueLimit / 2) hooks_.channel_writable(*this, index);
}

void Worker::flush_blocking(int index) {
    Channel& c = channels_[index];
    while (!c.broken && c.queued_bytes > kWorkerQueueLimit / 2) channel_wait_blocking(index);
}

void Worker::update_poll(int index) {
    Channel& c = channels_[index];
    if (c.broken) return;
    bool want = !c.queue.empty();
    if (want == c.want_write) return;
    c.want_write = want;
    if (c.local) c.local->worker_wants_room(want);
    else loop_.modify(c.fd, EventLoop::kReadable | (want ? EventLoop::kWritable : 0));
}

void Worker::channel_lost(int index) {
    Channel& c = channels_[index];
    if (c.broken) return;
    c.broken = true;
    c.queue.clear();
    c.queued_bytes = 0;
    if (c.fd >= 0) loop_.unwatch(c.fd);
    TRIDENT_LOG(Debug, "worker #%d: channel to reactor %d closed", worker_id_, index);
    // Nothing that channel sent can be answered any more, including frames kept for the loop.
    for (auto it = deferred_.begin(); it != deferred_.end();) it = it->first == index ? deferred_.erase(it) : it + 1;
    // Every request from that reactor is orphaned.
    std::vector<std::pair<uint64_t, int64_t>> orphans;
    for (ListLink* l = live_.first(); l != live_.end(); l = l->next) {
        WorkerRequest* r = from_live_link(l);
        if (r->channel == index && !r->aborted) orphans.emplace_back(r->session_id, r->stream_id);
    }
    for (auto& [session, stream] : orphans) abort_requests(index, session, stream, false);
    ws_channel_lost(index);
}

}  // namespace trident::server

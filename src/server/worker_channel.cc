#include "server/worker_channel.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "server/reactor.h"
#include "trident/core/log.h"

namespace trident::server {

WorkerChannel::WorkerChannel(Reactor& reactor, int index, int fd, int worker_id, int pid, uint32_t incarnation)
    : reactor_(reactor), index_(index), fd_(fd), worker_id_(worker_id), pid_(pid), incarnation_(incarnation) {
    reactor_.watch(fd_, EPOLLIN, this);
}

WorkerChannel::WorkerChannel(Reactor& reactor, int index, LocalChannel* local, int worker_id, int pid,
                             uint32_t incarnation)
    : reactor_(reactor), index_(index), fd_(-1), local_(local), worker_id_(worker_id), pid_(pid),
      incarnation_(incarnation) {
    local_->set_reactor(this);
}

void WorkerChannel::local_settle() { reactor_.settle_local(); }

WorkerChannel::~WorkerChannel() {
    if (fd_ >= 0) close(fd_);
    if (local_ && !dead_) local_->set_reactor(nullptr);
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
        int got;
        if (local_) {
            got = 0;
            while (unsigned(got) < kBatch) {
                size_t n = local_->pop_for_reactor(base + size_t(got) * ipc::kMaxFrameSize, ipc::kMaxFrameSize);
                if (n == 0) break;
                msgs[got++].msg_len = unsigned(n);
            }
            if (got == 0) return;
        } else {
            got = recvmmsg(fd_, msgs, kBatch, MSG_DONTWAIT, nullptr);
        }
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
            TRIDENT_LOG(Debug, "worker #%d pid %d is draining", worker_id_, pid_);
            // Before the ack: the WS_CLOSED frames of its WebSockets, closed now, reach the
            // worker ahead of it, so their Close callbacks run before it exits.
            reactor_.channel_draining(this);
            send_control(ipc::ControlCode::DrainAck);
        }
        return;
    }
    reactor_.route_frame(index_, h, payload, h.length);
}

bool WorkerChannel::send_control(ipc::ControlCode code) {
    ipc::ControlMessage m;
    m.code = code;
    uint8_t p[ipc::kControlSize];
    ipc::encode_control(m, p);
    ipc::FrameHeader h;
    h.type = ipc::FrameType::Control;
    h.length = ipc::kControlSize;
    return send(h, p, sizeof p);
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
        add_queued(int64_t(frame.size()));
        queue_.push_back(std::move(frame));
        return true;
    }
    // Frames of one loop turn go out together (Reactor::flush_channels -> sendmmsg): one
    // wake-up of the worker per batch instead of one per request.
    if (outbox_.empty()) reactor_.mark_dirty(this);
    size_t at = outbox_.size();
    outbox_.resize(at + sizeof hb + n1 + n2);
    char* out = &outbox_[at];
    memcpy(out, hb, sizeof hb);
    if (n1) memcpy(out + sizeof hb, p1, n1);
    if (n2) memcpy(out + sizeof hb + n1, p2, n2);
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
        int sent;
        if (local_) {
            sent = 0;
            while (size_t(sent) < n && local_->push_to_worker(&iovs[sent], 1)) ++sent;
            if (sent == 0) break;
        } else {
            sent = sendmmsg(fd_, msgs, unsigned(n), MSG_DONTWAIT | MSG_NOSIGNAL);
        }
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
        add_queued(int64_t(outbox_ends_[i] - begin));
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
        ssize_t w;
        if (local_) {
            iovec v{const_cast<char*>(f.data()), f.size()};
            if (!local_->push_to_worker(&v, 1)) break;
            w = ssize_t(f.size());
        } else {
            w = ::send(fd_, f.data(), f.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        }
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            die(strerror(errno));
            return;
        }
        add_queued(-int64_t(f.size()));
        queue_.pop_front();
    }
    update_poll();
    if (!congested() && !waiters.empty()) reactor_.channel_drained(this);
}

void WorkerChannel::update_poll() {
    bool want = !queue_.empty();
    if (want == want_write_) return;
    want_write_ = want;
    if (local_) local_->reactor_wants_room(want);
    else reactor_.modify(fd_, uint32_t(EPOLLIN) | (want ? uint32_t(EPOLLOUT) : 0u), this);
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
    if (local_) {
        local_->set_reactor(nullptr);
    } else {
        reactor_.unwatch(fd_);
        close(fd_);
        fd_ = -1;
    }
    queue_.clear();
    add_queued(-int64_t(queued_bytes_));
    outbox_.clear();
    outbox_ends_.clear();
    reactor_.channel_died(this);
}

void WorkerChannel::add_queued(int64_t delta) {
    queued_bytes_ = size_t(int64_t(queued_bytes_) + delta);
    if (delta != 0) reactor_.counters().ipc_queued_bytes.fetch_add(delta, std::memory_order_relaxed);
}

}  // namespace trident::server

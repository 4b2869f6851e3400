// The reactor's end of one worker incarnation's channel (a SOCK_SEQPACKET socket: one message
// is one IPC frame). Frames of one loop turn are gathered and leave with one sendmmsg; what
// the socket does not take waits in a queue, and past kHighWater the channel is congested.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "server/connection.h"
#include "server/local_channel.h"
#include "trident/ipc/frame.h"

namespace trident::server {

class Reactor;

class WorkerChannel final : public EventSource, public LocalChannel::End {
public:
    WorkerChannel(Reactor& reactor, int index, int fd, int worker_id, int pid, uint32_t incarnation);
    // MODE_BASE: the worker is on this thread; frames go through `local` (local_channel.h).
    WorkerChannel(Reactor& reactor, int index, LocalChannel* local, int worker_id, int pid, uint32_t incarnation);
    ~WorkerChannel() override;
    WorkerChannel(const WorkerChannel&) = delete;
    WorkerChannel& operator=(const WorkerChannel&) = delete;
    void on_event(uint32_t events) override;
    // LocalChannel::End
    void local_readable() override { read_frames(); }
    void local_writable() override { flush(); }
    void local_settle() override;

    // Sends one frame (header + up to two payload pieces). Queues a copy when the socket is
    // full. False when the channel is dead.
    bool send(const ipc::FrameHeader& h, const void* p1, size_t n1, const void* p2 = nullptr, size_t n2 = 0);
    // A CONTROL frame with this code (no other field).
    bool send_control(ipc::ControlCode code);
    // One frame of a request stream (REQUEST_HEAD, REQUEST_END, DATAGRAM, ...).
    bool send_stream(ipc::FrameType type, uint64_t session_id, int64_t stream_id, const void* data, size_t len,
                     bool end);
    // Request body bytes as REQUEST_BODY frames of at most kMaxPayload bytes; END_STREAM on
    // the last one when `end`.
    bool send_body(uint64_t session_id, int64_t stream_id, const char* data, size_t len, bool end);
    bool send_reset(uint64_t session_id, int64_t stream_id, ipc::ResetCode code);
    bool send_credit(uint64_t session_id, int64_t stream_id, uint64_t bytes);
    bool congested() const { return queued_bytes_ + outbox_.size() > kHighWater; }
    // Sends the frames gathered this loop turn (called by the reactor at the end of a turn).
    void flush_outbox();

    int index() const { return index_; }
    int worker_id() const { return worker_id_; }
    int pid() const { return pid_; }
    bool dead() const { return dead_; }
    bool dispatchable() const { return !dead_ && !draining_; }

    // Streams of this reactor the worker has and that count in its load (WorkerPort::open ->
    // release/reset); the dispatcher reads it.
    int64_t in_flight = 0;
    // Sessions paused because this channel was congested; resumed when it drains.
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
    LocalChannel* local_ = nullptr;
    int worker_id_;
    int pid_;
    uint32_t incarnation_;
    bool dead_ = false;
    bool draining_ = false;
    bool want_write_ = false;
    std::deque<std::string> queue_;
    size_t queued_bytes_ = 0;
    // Frames waiting for the socket, here and in the server-wide gauge (ipc_queued_bytes).
    void add_queued(int64_t delta);
    std::string outbox_;               // frames of this loop turn, back to back
    std::vector<size_t> outbox_ends_;  // end offset of each frame in outbox_
    static constexpr size_t kOutboxFlush = 256 * 1024;
};

}  // namespace trident::server

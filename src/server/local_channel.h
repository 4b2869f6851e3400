// MODE_BASE: the worker channel without a socket. In that mode a worker process runs its own
// reactor on its own thread, so the reactor and the worker exchange IPC frames through two
// in-memory frame queues instead of a SOCK_SEQPACKET socketpair: no syscall, no wake-up of
// another process. Both ends keep their socket-shaped code (WorkerChannel on the reactor side,
// Worker::Channel on the worker side): a queue that is full answers as a full socket would
// (the frame waits in the sender's own queue, the sender asks to hear when there is room), and
// readiness is a flag the pump below acts on rather than an epoll event.
//
// The pump (LocalChannel::pump) moves frames until nothing moves: the worker handles what the
// reactor queued for it (its handlers may answer at once), the reactor handles what the worker
// queued (writing responses to sockets). It runs from the worker's event loop only: after the
// reactor's socket events, and as a deferred task when a coroutine sends outside of that.
// Neither side is ever called while the other is in the middle of its own work, so neither
// has to be reentrant.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <sys/uio.h>

namespace trident {
class EventLoop;
}

namespace trident::server {

// Whole frames, in order, held back to back in one buffer ([u32 length][bytes] each).
class FrameQueue {
public:
    explicit FrameQueue(size_t capacity) : capacity_(capacity) {}
    // Appends one frame made of the iov pieces; false (nothing appended) when it would go
    // past the capacity and the queue is not empty, as a full socket refuses with EAGAIN.
    bool push(const iovec* iov, int count);
    // Copies the next frame into buf and removes it; its length, 0 when the queue is empty.
    // A frame longer than cap is cut to cap (as recv on a SOCK_SEQPACKET socket truncates).
    size_t pop(uint8_t* buf, size_t cap);
    bool empty() const { return read_ == data_.size(); }
    size_t bytes() const { return data_.size() - read_; }

private:
    std::string data_;
    size_t read_ = 0;
    size_t capacity_;
};

class LocalChannel {
public:
    // The reactor's and the worker's handling of their side, as the pump calls them.
    class End {
    public:
        virtual ~End() = default;
        // Frames wait in this end's input queue.
        virtual void local_readable() = 0;
        // The peer took frames from this end's output queue while this end had asked for room.
        virtual void local_writable() = 0;
        // After the pump moved frames: the reactor finishes its turn (pending wake-ups,
        // batched channel frames, closed connections). The worker has nothing to do here.
        virtual void local_settle() {}
    };

    static constexpr size_t kCapacity = 4u << 20;  // per direction, as the socketpair's buffers

    explicit LocalChannel(EventLoop& loop) : loop_(loop) {}
    LocalChannel(const LocalChannel&) = delete;
    LocalChannel& operator=(const LocalChannel&) = delete;

    void set_reactor(End* e) { reactor_ = e; }
    void set_worker(End* e) { worker_ = e; }

    // Frames towards the worker (the reactor's WorkerChannel pushes, the worker pops), and
    // towards the reactor. A push schedules the pump; a pop that makes room where the pusher
    // asked for it (want_room) schedules it too.
    bool push_to_worker(const iovec* iov, int count);
    bool push_to_reactor(const iovec* iov, int count);
    size_t pop_for_worker(uint8_t* buf, size_t cap);
    size_t pop_for_reactor(uint8_t* buf, size_t cap);
    void reactor_wants_room(bool on) { reactor_wants_room_ = on; }
    void worker_wants_room(bool on) { worker_wants_room_ = on; }
    size_t bytes_to_reactor() const { return to_reactor_.bytes(); }

    // The reactor's turn (its socket events) begins and ends: pushes meanwhile schedule
    // nothing, the end of the turn pumps.
    void begin_turn() { holding_ = true; }
    void end_turn() {
        holding_ = false;
        pump();
    }

    // Moves frames between the two ends until neither has input (bounded rounds; what is left
    // is taken by a deferred pump). Called by the reactor after its socket events; never from
    // inside either end's handling.
    void pump();
    // The worker side waits for the reactor without returning to the loop (a caller that
    // cannot suspend): the reactor handles what the worker queued, now.
    void drain_to_reactor();

private:
    void schedule();
    static void deferred_pump(void* self);

    EventLoop& loop_;
    End* reactor_ = nullptr;
    End* worker_ = nullptr;
    FrameQueue to_worker_{kCapacity};
    FrameQueue to_reactor_{kCapacity};
    bool reactor_wants_room_ = false;
    bool worker_wants_room_ = false;
    bool reactor_room_ = false;  // room came while the reactor wanted it: tell it in the pump
    bool worker_room_ = false;
    bool scheduled_ = false;
    bool holding_ = false;
    uint64_t pops_ = 0;  // frames taken by either end: what the pump counts as progress
    bool pumping_ = false;
};

}  // namespace trident::server

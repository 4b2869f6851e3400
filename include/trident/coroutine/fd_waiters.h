// Per-fd waiter registry for coroutine I/O: one reader slot and one writer slot per fd, over a
// single level-triggered EventLoop watcher whose interest is the union of what the slots wait
// for. PHP-free: the owner of a slot is opaque, and waking it is the caller's callback.
//
// A slot is claimed for a whole I/O operation (wait + the read/write that follows), so a
// second coroutine reading the same fd while the first is inside its read is refused instead
// of stealing its bytes. Within a claim, arm() asks for the next readiness; the event
// disarms the slot at once (level-triggered: it would fire again on every iteration until the
// woken coroutine runs). The watcher exists only while some slot is armed, so an idle
// registry keeps nothing in the loop (and does not keep the loop alive).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "trident/core/event_loop.h"

namespace trident::coroutine {

enum class FdDir : uint8_t { Read = 0, Write = 1 };

enum class FdWaitStatus : uint8_t {
    Idle,    // claimed, not woken (yet)
    Ready,   // the fd became ready (or reported an error) for its direction
    Closed,  // the fd was closed while claimed: the operation must fail with EBADF
};

// One claim; lives on the waiting coroutine's stack for the duration of one operation.
struct FdWait {
    void* owner = nullptr;  // opaque for this layer: the coroutine to wake
    int64_t owner_id = 0;   // for the error that names both coroutines
    int fd = -1;
    FdDir dir = FdDir::Read;
    bool claimed = false;
    bool armed = false;
    FdWaitStatus status = FdWaitStatus::Idle;
};

class FdWaiters {
public:
    using WakeFn = void (*)(void* ctx, FdWait* w);

    FdWaiters(EventLoop& loop, WakeFn wake, void* ctx) : loop_(loop), wake_(wake), ctx_(ctx) {}
    // Removes its watchers from the loop (the loop must still exist; see abandon()).
    ~FdWaiters();
    FdWaiters(const FdWaiters&) = delete;
    FdWaiters& operator=(const FdWaiters&) = delete;

    // Takes the `dir` slot of fd for w. False when another waiter holds it (*holder names it).
    bool claim(int fd, FdDir dir, FdWait* w, const FdWait** holder);
    // Adds w's direction to the fd's watcher; its next readiness or error wakes w once.
    // False with errno set when the loop refuses the fd (EPERM: a regular file; EEXIST: the
    // fd is watched by someone else on this loop; EBADF).
    bool arm(FdWait* w);
    // Drops w's interest (after a timeout or a cancellation); keeps the claim.
    void disarm(FdWait* w);
    // Ends the claim (no-op when the fd was closed meanwhile or w holds nothing).
    void release(FdWait* w);
    // The fd is about to be closed: its watcher goes, every holder is marked Closed and the
    // armed ones are woken. Their later release() is a no-op.
    void close(int fd);
    // Forgets every claim and watcher without touching the loop (it is gone, or about to be).
    void abandon();

    const FdWait* holder(int fd, FdDir dir) const;
    size_t watched() const { return watched_; }

private:
    struct Entry {
        FdWait* slot[2] = {nullptr, nullptr};
        uint32_t interest = 0;  // what the loop watcher asks for; 0: not watched
    };
    static uint32_t bit(FdDir dir) { return dir == FdDir::Read ? EventLoop::kReadable : EventLoop::kWritable; }
    static void on_event(void* data, int fd, uint32_t events);
    Entry* entry(int fd);
    uint32_t wanted(const Entry& e) const;
    bool apply(int fd, Entry& e);
    void wake(FdWait* w, FdWaitStatus status);

    EventLoop& loop_;
    WakeFn wake_;
    void* ctx_;
    std::vector<Entry> entries_;  // indexed by fd
    size_t watched_ = 0;
};

}  // namespace trident::coroutine

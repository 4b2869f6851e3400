// The logic of a wait group (Go's sync.WaitGroup) without the coroutines: a counter, and the
// waiters released when it drops to zero.
#pragma once

#include <cstddef>
#include <cstdint>

#include "trident/coroutine/wait_queue.h"

namespace trident::coroutine {

class WaitGroup {
public:
    using WakeFn = void (*)(void* ctx, Waiter* w);

    explicit WaitGroup(int64_t count = 0) : count_(count < 0 ? 0 : count) {}

    int64_t count() const { return count_; }
    size_t waiters() const { return waiters_.size(); }

    // Adds delta (negative to count down). False, with nothing changed, when the counter would
    // go below zero or overflow. When it reaches zero every waiter is unlinked with status
    // Done and passed to wake(ctx, w).
    bool add(int64_t delta, WakeFn wake, void* ctx);
    // Queues a waiter; only meaningful while count() > 0.
    void wait(Waiter* w) { waiters_.push(w); }
    // Withdraws a waiter still queued (timeout, cancellation).
    void cancel(Waiter* w) { waiters_.remove(w); }

private:
    int64_t count_;
    WaitQueue waiters_;
};

}  // namespace trident::coroutine

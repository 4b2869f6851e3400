// Waiters parked on a synchronisation object (channel, wait group) until another coroutine
// (or a close) releases them. Pure bookkeeping: the caller owns the waiter (it lives on the
// waiting coroutine's stack), decides how to suspend and how to resume `owner`.
#pragma once

#include <cstddef>
#include <cstdint>

#include "trident/core/intrusive_list.h"

namespace trident::coroutine {

class WaitQueue;

enum class WaitStatus : uint8_t {
    Pending,  // still queued: nothing released it (yet); after a timeout the caller cancels it
    Done,     // released by the operation it waited for (value handed over, counter at zero)
    Closed,   // released because the object was closed
};

struct Waiter {
    ListLink link;  // first member: a ListLink* in a queue is the Waiter itself
    WaitStatus status = WaitStatus::Pending;
    WaitQueue* queue = nullptr;  // the queue it is linked in, nullptr once released
    void* owner = nullptr;       // opaque for this layer: the coroutine to resume
};

// FIFO of waiters; push and remove are O(1) and never allocate.
class WaitQueue {
public:
    WaitQueue() = default;
    WaitQueue(const WaitQueue&) = delete;
    WaitQueue& operator=(const WaitQueue&) = delete;

    bool empty() const { return size_ == 0; }
    size_t size() const { return size_; }
    void push(Waiter* w);
    // Oldest waiter, unlinked (its status unchanged); nullptr when empty.
    Waiter* pop();
    // Unlinks w if it is still in this queue; false otherwise.
    bool remove(Waiter* w);

private:
    IntrusiveList list_;
    size_t size_ = 0;
};

}  // namespace trident::coroutine

// The scheduler's ready queue: coroutines that can run, in FIFO order. Nodes are embedded in
// the coroutines, so queueing never allocates; a node is in the queue at most once.
#pragma once

#include <cstddef>

#include "trident/core/intrusive_list.h"

namespace trident::coroutine {

class RunQueue {
public:
    RunQueue() = default;
    RunQueue(const RunQueue&) = delete;
    RunQueue& operator=(const RunQueue&) = delete;

    bool empty() const { return size_ == 0; }
    size_t size() const { return size_; }
    // False (and nothing changes) when the node is already queued.
    bool push(ListLink* node) {
        if (node->linked()) return false;
        list_.push_back(node);
        ++size_;
        return true;
    }
    ListLink* pop() {
        ListLink* l = list_.front();
        if (l) {
            IntrusiveList::remove(l);
            --size_;
        }
        return l;
    }
    bool remove(ListLink* node) {
        if (!node->linked()) return false;
        IntrusiveList::remove(node);
        --size_;
        return true;
    }
    // Runs run(ListLink*) for queued nodes in FIFO order, including nodes queued meanwhile,
    // until the queue is empty or `budget` nodes ran; returns how many ran. The budget bounds
    // how long I/O and timers wait behind coroutines that keep yielding.
    template <class F>
    size_t drain(size_t budget, F&& run) {
        size_t n = 0;
        while (n < budget) {
            ListLink* l = pop();
            if (!l) break;
            ++n;
            run(l);
        }
        return n;
    }

private:
    IntrusiveList list_;
    size_t size_ = 0;
};

}  // namespace trident::coroutine

// An intrusive binary min-heap of deadlines: every node knows its slot, so moving or removing a
// deadline is O(log n) with no allocation and no stale entries left behind. The reactor keeps
// QUIC connections here (each has one arbitrary, frequently moving expiry); the fixed HTTP
// timeouts stay in the cheaper FIFO lists.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace trident {

struct DeadlineNode {
    static constexpr uint64_t kNever = UINT64_MAX;
    static constexpr size_t kNotQueued = SIZE_MAX;
    uint64_t deadline = kNever;
    size_t heap_index = kNotQueued;
    bool queued() const { return heap_index != kNotQueued; }
};

class DeadlineHeap {
public:
    // Puts `n` in the heap with `deadline`, or moves it; kNever takes it out.
    void set(DeadlineNode* n, uint64_t deadline) {
        if (deadline == DeadlineNode::kNever) {
            remove(n);
            return;
        }
        if (!n->queued()) {
            n->deadline = deadline;
            n->heap_index = heap_.size();
            heap_.push_back(n);
            up(n->heap_index);
            return;
        }
        uint64_t old = n->deadline;
        n->deadline = deadline;
        if (deadline < old) up(n->heap_index);
        else if (deadline > old) down(n->heap_index);
    }

    void remove(DeadlineNode* n) {
        if (!n->queued()) return;
        size_t i = n->heap_index;
        size_t last = heap_.size() - 1;
        n->heap_index = DeadlineNode::kNotQueued;
        n->deadline = DeadlineNode::kNever;
        if (i != last) {
            heap_[i] = heap_[last];
            heap_[i]->heap_index = i;
            heap_.pop_back();
            // The moved node may belong above or below slot i (if it rises, the node that
            // takes slot i was its ancestor and is already in order below).
            up(i);
            down(i);
        } else {
            heap_.pop_back();
        }
    }

    DeadlineNode* top() const { return heap_.empty() ? nullptr : heap_[0]; }
    uint64_t next_deadline() const { return heap_.empty() ? DeadlineNode::kNever : heap_[0]->deadline; }
    size_t size() const { return heap_.size(); }
    bool empty() const { return heap_.empty(); }

private:
    void place(size_t i, DeadlineNode* n) {
        heap_[i] = n;
        n->heap_index = i;
    }
    void up(size_t i) {
        DeadlineNode* n = heap_[i];
        while (i > 0) {
            size_t parent = (i - 1) / 2;
            if (heap_[parent]->deadline <= n->deadline) break;
            place(i, heap_[parent]);
            i = parent;
        }
        place(i, n);
    }
    void down(size_t i) {
        DeadlineNode* n = heap_[i];
        size_t size = heap_.size();
        for (;;) {
            size_t child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && heap_[child + 1]->deadline < heap_[child]->deadline) ++child;
            if (heap_[child]->deadline >= n->deadline) break;
            place(i, heap_[child]);
            i = child;
        }
        place(i, n);
    }

    std::vector<DeadlineNode*> heap_;
};

}  // namespace trident

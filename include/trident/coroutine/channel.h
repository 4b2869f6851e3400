// The logic of a bounded channel between coroutines, without the coroutines: a ring buffer of
// at most `capacity` values plus FIFO queues of blocked pushers and poppers.
//
// The caller (the PHP binding, or a test) tries an operation; on WouldBlock it fills a waiter,
// queues it (wait_push / wait_pop) and suspends. Operations that release a waiter hand it back
// through `woken` so the caller can resume its owner. Values are moved, never copied twice;
// T must be cheap to move (a zval, an int).
//
// Invariants: pushers wait only while the buffer is full, poppers only while it is empty; a
// value handed to a waiting popper skips the buffer. After close(), pops drain what is
// buffered and then fail with Closed (Go's semantics); pushes fail at once.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "trident/coroutine/wait_queue.h"

namespace trident::coroutine {

enum class ChannelResult {
    Ok,
    WouldBlock,  // full (push) or empty (pop): wait, or fail at once for a zero timeout
    Closed,
};

template <class T>
struct ValueWaiter : Waiter {
    T value{};  // pusher: the value to deliver; popper: the value received (status Done)
};

template <class T>
class Channel {
public:
    using ValueWaiterT = ValueWaiter<T>;

    explicit Channel(size_t capacity) : capacity_(capacity ? capacity : 1) {}
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    size_t capacity() const { return capacity_; }
    size_t length() const { return count_; }
    bool empty() const { return count_ == 0; }
    bool full() const { return count_ == capacity_; }
    bool closed() const { return closed_; }
    size_t pushers() const { return pushers_.size(); }
    size_t poppers() const { return poppers_.size(); }

    // Ok: v was moved to the oldest waiting popper (returned in *woken, status Done, value
    // set) or into the buffer (*woken = nullptr).
    ChannelResult push(T& v, ValueWaiterT** woken) {
        *woken = nullptr;
        if (closed_) return ChannelResult::Closed;
        if (Waiter* w = poppers_.pop()) {
            auto* pw = static_cast<ValueWaiterT*>(w);
            pw->value = std::move(v);
            pw->status = WaitStatus::Done;
            *woken = pw;
            return ChannelResult::Ok;
        }
        if (count_ == capacity_) return ChannelResult::WouldBlock;
        ring_push(v);
        return ChannelResult::Ok;
    }

    // Ok: *out holds the oldest value. A pusher blocked on the full buffer then moves its
    // value in and is returned in *woken (status Done).
    ChannelResult pop(T& out, ValueWaiterT** woken) {
        *woken = nullptr;
        if (count_ > 0) {
            out = std::move(ring_[head_]);
            head_ = (head_ + 1) % ring_.size();
            --count_;
            if (Waiter* w = pushers_.pop()) {
                auto* pw = static_cast<ValueWaiterT*>(w);
                ring_push(pw->value);
                pw->status = WaitStatus::Done;
                *woken = pw;
            }
            return ChannelResult::Ok;
        }
        return closed_ ? ChannelResult::Closed : ChannelResult::WouldBlock;
    }

    // Queue a blocked pusher (w->value = the value to push) or popper, after WouldBlock.
    void wait_push(ValueWaiterT* w) { pushers_.push(w); }
    void wait_pop(ValueWaiterT* w) { poppers_.push(w); }

    // Withdraws a waiter that is still queued (timeout, cancellation); a pusher keeps its value.
    void cancel(ValueWaiterT* w) {
        if (!pushers_.remove(w)) poppers_.remove(w);
    }

    // Closes the channel: every waiter is released with status Closed and passed to
    // wake(ValueWaiterT*). False when it was already closed.
    template <class F>
    bool close(F&& wake) {
        if (closed_) return false;
        closed_ = true;
        while (Waiter* w = poppers_.pop()) {
            w->status = WaitStatus::Closed;
            wake(static_cast<ValueWaiterT*>(w));
        }
        while (Waiter* w = pushers_.pop()) {
            w->status = WaitStatus::Closed;
            wake(static_cast<ValueWaiterT*>(w));
        }
        return true;
    }

    // Calls f(const T&) for every buffered value, oldest first (garbage-collector walks).
    template <class F>
    void for_each(F&& f) const {
        for (size_t i = 0; i < count_; ++i) f(ring_[(head_ + i) % ring_.size()]);
    }

    // Hands every buffered value to each(T&) and empties the buffer (for destruction).
    template <class F>
    void drain(F&& each) {
        while (count_ > 0) {
            each(ring_[head_]);
            head_ = (head_ + 1) % ring_.size();
            --count_;
        }
    }

private:
    // The ring grows geometrically up to the capacity, so a large capacity costs nothing
    // until it is used, and a warm channel never allocates.
    void ring_push(T& v) {
        if (count_ == ring_.size()) grow();
        ring_[(head_ + count_) % ring_.size()] = std::move(v);
        ++count_;
    }
    void grow() {
        size_t n = ring_.empty() ? 4 : ring_.size() * 2;
        if (n > capacity_) n = capacity_;
        std::vector<T> bigger(n);
        for (size_t i = 0; i < count_; ++i) bigger[i] = std::move(ring_[(head_ + i) % ring_.size()]);
        ring_.swap(bigger);
        head_ = 0;
    }

    size_t capacity_;
    std::vector<T> ring_;
    size_t head_ = 0;
    size_t count_ = 0;
    bool closed_ = false;
    WaitQueue pushers_;
    WaitQueue poppers_;
};

}  // namespace trident::coroutine

#include "server/local_channel.h"

#include <cstring>

#include "trident/core/event_loop.h"

namespace trident::server {

bool FrameQueue::push(const iovec* iov, int count) {
    size_t len = 0;
    for (int i = 0; i < count; ++i) len += iov[i].iov_len;
    if (!empty() && bytes() + len + 4 > capacity_) return false;
    if (read_ > 0 && read_ == data_.size()) {
        data_.clear();
        read_ = 0;
    } else if (read_ >= (64u << 10) && read_ * 2 >= data_.size()) {
        // Most of the buffer is frames already taken: move the rest to the front rather than
        // let the buffer grow with the total ever queued.
        data_.erase(0, read_);
        read_ = 0;
    }
    uint32_t n = uint32_t(len);
    size_t at = data_.size();
    data_.resize(at + sizeof n + len);
    char* p = &data_[at];
    memcpy(p, &n, sizeof n);
    p += sizeof n;
    for (int i = 0; i < count; ++i) {
        if (iov[i].iov_len) memcpy(p, iov[i].iov_base, iov[i].iov_len);
        p += iov[i].iov_len;
    }
    return true;
}

size_t FrameQueue::pop(uint8_t* buf, size_t cap) {
    if (empty()) return 0;
    uint32_t n;
    memcpy(&n, data_.data() + read_, sizeof n);
    size_t take = n < cap ? n : cap;
    memcpy(buf, data_.data() + read_ + sizeof n, take);
    read_ += sizeof n + n;
    if (read_ == data_.size()) {
        data_.clear();
        read_ = 0;
    }
    return take;
}

bool LocalChannel::push_to_worker(const iovec* iov, int count) {
    if (!to_worker_.push(iov, count)) return false;
    schedule();
    return true;
}

bool LocalChannel::push_to_reactor(const iovec* iov, int count) {
    if (!to_reactor_.push(iov, count)) return false;
    schedule();
    return true;
}

size_t LocalChannel::pop_for_worker(uint8_t* buf, size_t cap) {
    size_t n = to_worker_.pop(buf, cap);
    if (n) ++pops_;
    if (n && reactor_wants_room_) {
        reactor_room_ = true;
        schedule();
    }
    return n;
}

size_t LocalChannel::pop_for_reactor(uint8_t* buf, size_t cap) {
    size_t n = to_reactor_.pop(buf, cap);
    if (n) ++pops_;
    if (n && worker_wants_room_) {
        worker_room_ = true;
        schedule();
    }
    return n;
}

void LocalChannel::schedule() {
    // Inside the pump, the pump itself goes on until nothing moves.
    if (pumping_ || holding_ || scheduled_) return;
    scheduled_ = true;
    loop_.defer(deferred_pump, this);
}

void LocalChannel::deferred_pump(void* self) {
    auto* ch = static_cast<LocalChannel*>(self);
    ch->scheduled_ = false;
    ch->pump();
}

void LocalChannel::pump() {
    if (pumping_ || reactor_ == nullptr || worker_ == nullptr) return;
    pumping_ = true;
    bool stalled = false;
    for (int round = 0; round < 64; ++round) {
        uint64_t before = pops_;
        bool signalled = worker_room_ || reactor_room_;
        if (!to_worker_.empty()) worker_->local_readable();
        if (worker_room_) {
            worker_room_ = false;
            worker_->local_writable();
        }
        if (!to_reactor_.empty()) reactor_->local_readable();
        if (reactor_room_) {
            reactor_room_ = false;
            reactor_->local_writable();
        }
        reactor_->local_settle();
        if (to_worker_.empty() && to_reactor_.empty() && !worker_room_ && !reactor_room_) break;
        // Neither end took anything: what is left waits for a later turn (an end that cannot
        // take more now says so by leaving the frames where they are).
        if (pops_ == before && !signalled) {
            stalled = true;
            break;
        }
    }
    pumping_ = false;
    // After 64 rounds the loop gets its turn (timers, other fds) before the rest moves; a
    // stalled end is called again when it pushes or pops, not in a busy loop.
    if (!stalled && (!to_worker_.empty() || !to_reactor_.empty() || worker_room_ || reactor_room_)) schedule();
}

void LocalChannel::drain_to_reactor() {
    if (reactor_ == nullptr) return;
    bool was = pumping_;
    pumping_ = true;  // nothing scheduled from in here: the caller goes on at once
    reactor_->local_readable();
    if (reactor_room_) {
        reactor_room_ = false;
        reactor_->local_writable();
    }
    reactor_->local_settle();
    pumping_ = was;
    if (!was && (!to_worker_.empty() || !to_reactor_.empty() || worker_room_ || reactor_room_)) schedule();
}

}  // namespace trident::server

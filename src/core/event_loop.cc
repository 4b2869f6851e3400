#include "trident/core/event_loop.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <ctime>
#include <utility>

namespace trident {

namespace {
constexpr int64_t kNsPerMs = 1000000;
// Longer delays are clamped (~34 years), so that deadlines in nanoseconds cannot overflow.
constexpr int64_t kMaxDelayMs = int64_t(1) << 40;

uint32_t epoll_mask(uint32_t interest) {
    uint32_t m = 0;
    if (interest & EventLoop::kReadable) m |= EPOLLIN;
    if (interest & EventLoop::kWritable) m |= EPOLLOUT;
    return m;
}

uint32_t ready_bits(uint32_t events) {
    uint32_t r = 0;
    if (events & EPOLLIN) r |= EventLoop::kReadable;
    if (events & EPOLLOUT) r |= EventLoop::kWritable;
    if (events & (EPOLLERR | EPOLLHUP)) r |= EventLoop::kError;
    return r;
}

// Deadline (ms on the monotonic clock) of a timer started at now_ns: rounded up, so that a
// timer never fires before delay_ms has fully elapsed; delay 0 is due at once.
int64_t deadline_after(int64_t now_ns, int64_t delay_ms) {
    if (delay_ms <= 0) return now_ns / kNsPerMs;
    if (delay_ms > kMaxDelayMs) delay_ms = kMaxDelayMs;
    return (now_ns + delay_ms * kNsPerMs + kNsPerMs - 1) / kNsPerMs;
}
}  // namespace

EventLoop::EventLoop() { epfd_ = epoll_create1(EPOLL_CLOEXEC); }

EventLoop::~EventLoop() {
    if (epfd_ >= 0) close(epfd_);
}

int64_t EventLoop::now_ns() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

int64_t EventLoop::now_ms() { return now_ns() / kNsPerMs; }

// --- fd watchers ----------------------------------------------------------------------------

bool EventLoop::watch(int fd, uint32_t interest, FdCallback cb, void* data) {
    if (fd < 0 || !cb) {
        errno = EINVAL;
        return false;
    }
    if (size_t(fd) >= watchers_.size()) watchers_.resize(size_t(fd) + 1);
    Watcher& w = watchers_[size_t(fd)];
    if (w.active) {
        errno = EEXIST;
        return false;
    }
    uint32_t generation = w.generation + 1;
    epoll_event ev{};
    ev.events = epoll_mask(interest);
    ev.data.u64 = (uint64_t(generation) << 32) | uint32_t(fd);
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) != 0) return false;
    w.cb = cb;
    w.data = data;
    w.interest = interest;
    w.generation = generation;
    w.active = true;
    ++watcher_count_;
    return true;
}

bool EventLoop::modify(int fd, uint32_t interest) {
    if (!watching(fd)) {
        errno = ENOENT;
        return false;
    }
    Watcher& w = watchers_[size_t(fd)];
    if (w.interest == interest) return true;
    epoll_event ev{};
    ev.events = epoll_mask(interest);
    ev.data.u64 = (uint64_t(w.generation) << 32) | uint32_t(fd);
    if (epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev) != 0) return false;
    w.interest = interest;
    return true;
}

bool EventLoop::unwatch(int fd) {
    if (!watching(fd)) {
        errno = ENOENT;
        return false;
    }
    Watcher& w = watchers_[size_t(fd)];
    // The fd may already be closed (then the kernel dropped it from the set): not an error.
    epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
    w.active = false;
    w.cb = nullptr;
    w.data = nullptr;
    ++w.generation;  // events of the old registration still in a batch no longer match
    --watcher_count_;
    return true;
}

bool EventLoop::watching(int fd) const {
    return fd >= 0 && size_t(fd) < watchers_.size() && watchers_[size_t(fd)].active;
}

// --- timers ---------------------------------------------------------------------------------

EventLoop::TimerId EventLoop::add_timer(int64_t delay_ms, TimerCallback cb, void* data, int64_t interval_ms) {
    uint32_t slot;
    if (free_slot_ != kNoSlot) {
        slot = free_slot_;
        free_slot_ = slots_[slot].next_free;
    } else {
        slot = uint32_t(slots_.size());
        slots_.emplace_back();
    }
    TimerSlot& s = slots_[slot];
    s.cb = cb;
    s.data = data;
    s.interval_ms = interval_ms > 0 ? interval_ms : 0;
    s.next_free = kNoSlot;
    heap_push(deadline_after(now_ns(), delay_ms), slot);
    return make_id(slot, s.generation);
}

EventLoop::TimerSlot* EventLoop::slot_of(TimerId id) {
    return const_cast<TimerSlot*>(static_cast<const EventLoop*>(this)->slot_of(id));
}

const EventLoop::TimerSlot* EventLoop::slot_of(TimerId id) const {
    uint32_t low = uint32_t(id);
    if (low == 0 || low - 1 >= slots_.size()) return nullptr;
    const TimerSlot& s = slots_[low - 1];
    if (s.generation != uint32_t(id >> 32) || s.heap_index == kNoHeapIndex) return nullptr;
    return &s;
}

bool EventLoop::cancel_timer(TimerId id) {
    TimerSlot* s = slot_of(id);
    if (!s) return false;
    heap_remove(s->heap_index);
    free_slot(uint32_t(id) - 1);
    return true;
}

bool EventLoop::timer_active(TimerId id) const { return slot_of(id) != nullptr; }

int64_t EventLoop::next_timer_in_ms() const {
    if (heap_.empty()) return -1;
    int64_t left = heap_[0].deadline_ms * kNsPerMs - now_ns();
    if (left <= 0) return 0;
    return (left + kNsPerMs - 1) / kNsPerMs;
}

void EventLoop::free_slot(uint32_t slot) {
    TimerSlot& s = slots_[slot];
    s.cb = nullptr;
    s.data = nullptr;
    s.heap_index = kNoHeapIndex;
    ++s.generation;
    s.next_free = free_slot_;
    free_slot_ = slot;
}

void EventLoop::place(uint32_t index, const HeapEntry& e) {
    heap_[index] = e;
    slots_[e.slot].heap_index = index;
}

void EventLoop::sift_up(uint32_t index) {
    HeapEntry e = heap_[index];
    while (index > 0) {
        uint32_t parent = (index - 1) / 2;
        if (!before(e, heap_[parent])) break;
        place(index, heap_[parent]);
        index = parent;
    }
    place(index, e);
}

void EventLoop::sift_down(uint32_t index) {
    HeapEntry e = heap_[index];
    uint32_t n = uint32_t(heap_.size());
    for (;;) {
        uint32_t child = 2 * index + 1;
        if (child >= n) break;
        if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
        if (!before(heap_[child], e)) break;
        place(index, heap_[child]);
        index = child;
    }
    place(index, e);
}

void EventLoop::heap_push(int64_t deadline_ms, uint32_t slot) {
    heap_.push_back(HeapEntry{deadline_ms, next_seq_++, slot});
    slots_[slot].heap_index = uint32_t(heap_.size() - 1);
    sift_up(uint32_t(heap_.size() - 1));
}

void EventLoop::heap_remove(uint32_t index) {
    uint32_t removed = heap_[index].slot;
    HeapEntry last = heap_.back();
    heap_.pop_back();
    slots_[removed].heap_index = kNoHeapIndex;
    if (index < heap_.size()) {
        place(index, last);
        sift_down(index);
        sift_up(slots_[last.slot].heap_index);
    }
}

int EventLoop::run_timers() {
    if (heap_.empty()) return 0;
    const int64_t now = now_ns();
    // Timers added (or re-armed) by callbacks of this phase wait for the next one, so a
    // callback that keeps adding zero-delay timers cannot hold the loop here forever.
    const uint64_t seq_limit = next_seq_;
    int count = 0;
    while (!heap_.empty()) {
        const HeapEntry top = heap_[0];
        if (top.deadline_ms * kNsPerMs > now || top.seq >= seq_limit) break;
        heap_remove(0);
        TimerSlot& s = slots_[top.slot];
        TimerCallback cb = s.cb;
        void* data = s.data;
        TimerId id = make_id(top.slot, s.generation);
        // Re-arm (or free) before the callback: it may cancel its own id or add timers.
        if (s.interval_ms > 0) {
            heap_push(deadline_after(now, s.interval_ms), top.slot);
        } else {
            free_slot(top.slot);
        }
        cb(data, id);
        ++count;
    }
    return count;
}

// --- tasks ----------------------------------------------------------------------------------

void EventLoop::defer(TaskCallback cb, void* data) { tasks_.push_back(Task{cb, data}); }

int EventLoop::run_tasks() {
    if (running_pos_ >= running_.size()) {
        running_.clear();
        running_pos_ = 0;
        if (tasks_.empty()) return 0;
        std::swap(running_, tasks_);
    }
    int count = 0;
    while (running_pos_ < running_.size()) {
        Task t = running_[running_pos_++];
        t.cb(t.data);
        ++count;
    }
    running_.clear();
    running_pos_ = 0;
    return count;
}

// --- running --------------------------------------------------------------------------------

int EventLoop::wait_timeout(int max_wait_ms) const {
    if (stop_requested_ || task_count() > 0) return 0;
    int64_t t = next_timer_in_ms();
    if (t < 0) return max_wait_ms;
    if (max_wait_ms >= 0 && max_wait_ms < t) return max_wait_ms;
    return t > INT_MAX ? INT_MAX : int(t);
}

int EventLoop::run_once(int max_wait_ms) {
    if (max_wait_ms < 0 && !alive()) return 0;
    epoll_event events[kEventBatch];
    int n = epoll_wait(epfd_, events, kEventBatch, wait_timeout(max_wait_ms));
    if (n < 0) {
        if (errno != EINTR) return -1;
        n = 0;
    }
    int count = 0;
    for (int i = 0; i < n; ++i) {
        uint64_t tag = events[i].data.u64;
        size_t fd = uint32_t(tag);
        if (fd >= watchers_.size()) continue;
        const Watcher& w = watchers_[fd];
        // Unwatched (or re-watched) by an earlier callback of this batch: a stale event.
        if (!w.active || w.generation != uint32_t(tag >> 32)) continue;
        FdCallback cb = w.cb;
        void* data = w.data;
        cb(data, int(fd), ready_bits(events[i].events));
        ++count;
    }
    count += run_timers();
    count += run_tasks();
    return count;
}

void EventLoop::run() {
    while (!stop_requested_ && alive()) {
        if (run_once(-1) < 0) break;
    }
    stop_requested_ = false;
}

}  // namespace trident

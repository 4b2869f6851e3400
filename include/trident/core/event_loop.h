// A single-threaded epoll event loop: fd watchers, a timer min-heap and a deferred-task queue.
//
// Callbacks are plain function pointers with a user pointer, so registering a watcher, a
// timer or a task allocates nothing beyond amortised growth of the loop's own vectors.
//
// One iteration (run_once) is: wait for fd readiness (no longer than the next timer, not at
// all when tasks are queued), dispatch fd callbacks, run the timers that are due, run the
// tasks that were queued before the task phase began. Everything may be called from inside
// any callback (watch/unwatch, add/cancel timers, defer, stop).
//
// The loop never throws, and it keeps no state in locals that own memory while a callback
// runs: a callback that longjmps out (a PHP fatal error in a coroutine) leaks nothing, but the
// loop must then be destroyed, not run again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace trident {

class EventLoop {
public:
    // Interest and readiness bits. kError (EPOLLERR or EPOLLHUP) is reported whatever the
    // interest, as epoll does.
    static constexpr uint32_t kReadable = 1;
    static constexpr uint32_t kWritable = 2;
    static constexpr uint32_t kError = 4;

    using TimerId = uint64_t;  // 0 is never a valid id
    using FdCallback = void (*)(void* data, int fd, uint32_t events);
    using TimerCallback = void (*)(void* data, TimerId id);
    using TaskCallback = void (*)(void* data);

    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // False when epoll_create1 failed (errno tells why); nothing else works then.
    bool valid() const { return epfd_ >= 0; }

    // --- fd watchers: at most one per fd, level-triggered ---------------------------------
    // Returns false with errno set (EEXIST when the fd is already watched, or epoll_ctl's).
    bool watch(int fd, uint32_t interest, FdCallback cb, void* data);
    // Changes the interest of a watched fd (0 = only errors). False with errno on failure.
    bool modify(int fd, uint32_t interest);
    // Stops watching. Events of this fd still pending in the current batch are dropped, even
    // if the same fd number is watched again before they would have been dispatched.
    bool unwatch(int fd);
    bool watching(int fd) const;
    size_t watcher_count() const { return watcher_count_; }

    // --- timers ----------------------------------------------------------------------------
    // Fires cb after delay_ms (never earlier, at most ~1 ms later when the loop is idle), then
    // every interval_ms if interval_ms > 0, keeping the same id. Timers with the same deadline
    // fire in the order they were added. delay_ms <= 0 fires on the next iteration; delays
    // beyond 2^40 ms (~34 years) are clamped to that.
    TimerId add_timer(int64_t delay_ms, TimerCallback cb, void* data, int64_t interval_ms = 0);
    // False for an unknown id, a one-shot timer that already fired, or one already cancelled.
    // Cancelling a repeating timer from inside its own callback stops it.
    bool cancel_timer(TimerId id);
    bool timer_active(TimerId id) const;
    size_t timer_count() const { return heap_.size(); }
    // Milliseconds until the earliest timer is due: 0 when one is due, -1 when there is none.
    int64_t next_timer_in_ms() const;

    // --- deferred tasks --------------------------------------------------------------------
    // Runs cb(data) once, in FIFO order, at the end of the current or next iteration; a task
    // queued by a task runs in the following iteration (which then does not block).
    void defer(TaskCallback cb, void* data);
    size_t task_count() const { return tasks_.size() + (running_.size() - running_pos_); }

    // --- running ---------------------------------------------------------------------------
    // One iteration, blocking at most max_wait_ms (-1: until something happens; with nothing
    // registered and -1 it returns at once). Returns the number of callbacks run, or -1 when
    // epoll_wait failed (errno set; EINTR counts as 0 callbacks, not an error).
    int run_once(int max_wait_ms);
    // Iterates until stop() is called or nothing is left (no watcher, timer or task). A
    // stop() requested before run() makes it return without iterating; run() clears it.
    void run();
    void stop() { stop_requested_ = true; }
    bool stop_requested() const { return stop_requested_; }
    bool alive() const { return watcher_count_ > 0 || !heap_.empty() || task_count() > 0; }

    // Monotonic clock used for timers.
    static int64_t now_ms();

private:
    static constexpr uint32_t kNoHeapIndex = ~uint32_t(0);
    static constexpr uint32_t kNoSlot = ~uint32_t(0);
    static constexpr int kEventBatch = 128;

    struct Watcher {
        FdCallback cb = nullptr;
        void* data = nullptr;
        uint32_t interest = 0;
        uint32_t generation = 0;  // tags epoll events so stale ones can be recognised
        bool active = false;
    };
    struct TimerSlot {
        TimerCallback cb = nullptr;
        void* data = nullptr;
        int64_t interval_ms = 0;
        uint32_t heap_index = kNoHeapIndex;
        uint32_t generation = 1;  // part of the id: a reused slot never matches an old id
        uint32_t next_free = kNoSlot;
    };
    struct HeapEntry {
        int64_t deadline_ms;
        uint64_t seq;  // insertion order, breaks deadline ties (FIFO)
        uint32_t slot;
    };
    struct Task {
        TaskCallback cb;
        void* data;
    };

    static bool before(const HeapEntry& a, const HeapEntry& b) {
        return a.deadline_ms < b.deadline_ms || (a.deadline_ms == b.deadline_ms && a.seq < b.seq);
    }
    static int64_t now_ns();
    static TimerId make_id(uint32_t slot, uint32_t generation) {
        return (uint64_t(generation) << 32) | (uint64_t(slot) + 1);
    }
    TimerSlot* slot_of(TimerId id);
    const TimerSlot* slot_of(TimerId id) const;
    void heap_push(int64_t deadline_ms, uint32_t slot);
    void heap_remove(uint32_t index);
    void sift_up(uint32_t index);
    void sift_down(uint32_t index);
    void place(uint32_t index, const HeapEntry& e);
    void free_slot(uint32_t slot);
    int wait_timeout(int max_wait_ms) const;
    int run_timers();
    int run_tasks();

    int epfd_ = -1;
    std::vector<Watcher> watchers_;  // indexed by fd
    size_t watcher_count_ = 0;
    std::vector<TimerSlot> slots_;
    uint32_t free_slot_ = kNoSlot;
    std::vector<HeapEntry> heap_;
    uint64_t next_seq_ = 1;
    std::vector<Task> tasks_;    // queued for the next task phase
    std::vector<Task> running_;  // the task phase in progress
    size_t running_pos_ = 0;
    bool stop_requested_ = false;
};

}  // namespace trident

// A small pool of threads for work that cannot be made nonblocking (getaddrinfo, for the DNS
// hook): a job's work() runs on a pool thread, its done() afterwards on the thread that runs the
// EventLoop (woken through an eventfd). Threads start when there is work and no idle thread,
// up to max_threads, and then stay, or, with an idle_ms, end after that long without work (a
// burst of slow lookups may need many threads for a moment, not for the process's life).
//
// Nothing is ever cancelled: a caller that stops waiting (a timeout) just ignores the outcome,
// and the job's state lives until its work() returns. Destroying the pool does not wait for
// running work either: the threads own the shared state and finish on their own (their done()
// callbacks are then dropped), so a worker never hangs at exit on a slow resolver.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "trident/core/event_loop.h"

namespace trident {

class ThreadPool {
public:
    using Work = std::function<void()>;
    using Done = std::function<void()>;

    ThreadPool(EventLoop& loop, size_t max_threads, int64_t idle_ms = -1);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    // Queues a job. False when no eventfd or thread could be made (errno says why): run the
    // work inline then.
    bool submit(Work work, Done done);
    // Jobs submitted whose done() has not run yet (loop thread).
    size_t pending() const { return pending_; }
    size_t threads() const;

private:
    struct Job {
        Work work;
        Done done;
    };
    // Shared with the threads, which may outlive the pool.
    struct State {
        std::mutex mu;
        std::condition_variable cv;
        std::deque<Job> queue;
        std::vector<Done> completed;
        size_t threads = 0;
        size_t idle = 0;
        bool stopping = false;
        int efd = -1;
        int64_t idle_ms = -1;  // < 0: idle threads stay
        ~State();
    };
    static void thread_main(std::shared_ptr<State> st);
    static void on_ready(void* data, int fd, uint32_t events);
    void drain();

    EventLoop& loop_;
    size_t max_threads_;
    std::shared_ptr<State> st_;
    bool watching_ = false;
    size_t pending_ = 0;
};

}  // namespace trident

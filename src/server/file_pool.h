// The threads a reactor hands its disk work to (the static file handler's open, fstat and
// pread): page cache is not a guarantee, and one cold read must not stall every connection of
// the reactor. Jobs are plain function pointers with a context; each finished job's context is
// handed back on the reactor thread, through an eventfd the reactor watches (complete()).
//
// The pool is the reactor's: submit() and complete() run on its thread only; the threads see
// nothing but the queues. The contexts belong to the caller, which must keep each alive until
// complete() returned it (a job is never cancelled: its owner marks it abandoned and frees it
// when it comes back).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace trident::server {

class FilePool {
public:
    using Work = void (*)(void* ctx);
    explicit FilePool(size_t threads) : threads_wanted_(threads) {}
    ~FilePool() { stop(); }
    FilePool(const FilePool&) = delete;
    FilePool& operator=(const FilePool&) = delete;

    // Creates the eventfd (to watch for EPOLLIN) and the threads. False with errno on failure.
    bool start();
    // Ends the threads (a job under way finishes first); queued jobs are dropped. Idempotent.
    void stop();
    int event_fd() const { return efd_; }
    // Queues work(ctx) for a pool thread.
    void submit(Work work, void* ctx);
    // On the eventfd's readiness: the contexts of the jobs that finished since the last call.
    void complete(std::vector<void*>& out);
    size_t pending() const { return pending_; }

private:
    struct Job {
        Work work;
        void* ctx;
    };
    void thread_main();

    size_t threads_wanted_;
    std::vector<std::thread> threads_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    std::vector<void*> done_;
    bool stopping_ = false;
    int efd_ = -1;
    size_t pending_ = 0;  // reactor thread only
};

}  // namespace trident::server

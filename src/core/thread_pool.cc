#include "trident/core/thread_pool.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

namespace trident {

ThreadPool::State::~State() {
    if (efd >= 0) ::close(efd);
}

ThreadPool::ThreadPool(EventLoop& loop, size_t max_threads, int64_t idle_ms)
    : loop_(loop), max_threads_(max_threads > 0 ? max_threads : 1), st_(std::make_shared<State>()) {
    st_->idle_ms = idle_ms;
}

ThreadPool::~ThreadPool() {
    if (watching_) loop_.unwatch(st_->efd);
    std::lock_guard<std::mutex> g(st_->mu);
    st_->stopping = true;
    st_->queue.clear();  // not started: never will be
    st_->completed.clear();
    st_->cv.notify_all();
}

size_t ThreadPool::threads() const {
    std::lock_guard<std::mutex> g(st_->mu);
    return st_->threads;
}

bool ThreadPool::submit(Work work, Done done) {
    if (st_->efd < 0) {
        st_->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (st_->efd < 0) return false;
    }
    // The eventfd is watched only while jobs are outstanding: an idle pool must not keep the
    // loop alive (EventLoop::run() ends when nothing is watched).
    if (!watching_) {
        if (!loop_.watch(st_->efd, EventLoop::kReadable, on_ready, this)) return false;
        watching_ = true;
    }
    {
        std::unique_lock<std::mutex> g(st_->mu);
        // Every idle thread will take one queued job: a new thread when none is left for this one.
        if (st_->idle <= st_->queue.size() && st_->threads < max_threads_) {
            try {
                std::thread(thread_main, st_).detach();
            } catch (const std::system_error&) {
                if (st_->threads == 0) {
                    errno = EAGAIN;
                    g.unlock();
                    if (pending_ == 0) {
                        loop_.unwatch(st_->efd);
                        watching_ = false;
                    }
                    return false;
                }
            }
            ++st_->threads;
            ++st_->idle;  // it will take the job below
        }
        st_->queue.push_back(Job{std::move(work), std::move(done)});
        st_->cv.notify_one();
    }
    ++pending_;
    return true;
}

void ThreadPool::thread_main(std::shared_ptr<State> st) {
    std::unique_lock<std::mutex> g(st->mu);
    auto has_work = [&] { return st->stopping || !st->queue.empty(); };
    for (;;) {
        if (st->idle_ms < 0) {
            st->cv.wait(g, has_work);
        } else if (!st->cv.wait_for(g, std::chrono::milliseconds(st->idle_ms), has_work)) {
            // Idle for idle_ms: leave. Under the lock, so submit() never counts this thread as
            // idle for a job it would not take.
            --st->idle;
            break;
        }
        if (st->stopping) break;
        Job job = std::move(st->queue.front());
        st->queue.pop_front();
        --st->idle;
        g.unlock();
        job.work();
        g.lock();
        ++st->idle;
        if (st->stopping) break;
        st->completed.push_back(std::move(job.done));
        uint64_t one = 1;
        ssize_t w = ::write(st->efd, &one, sizeof one);
        (void)w;
    }
    --st->threads;
}

void ThreadPool::on_ready(void* data, int, uint32_t) { static_cast<ThreadPool*>(data)->drain(); }

void ThreadPool::drain() {
    uint64_t v;
    while (::read(st_->efd, &v, sizeof v) > 0) {
    }
    std::vector<Done> done;
    {
        std::lock_guard<std::mutex> g(st_->mu);
        done.swap(st_->completed);
    }
    pending_ -= done.size();
    if (pending_ == 0 && watching_) {
        loop_.unwatch(st_->efd);
        watching_ = false;
    }
    // A done() may submit more work or destroy nothing of ours: it runs after our bookkeeping.
    for (Done& d : done) {
        if (d) d();
    }
}

}  // namespace trident

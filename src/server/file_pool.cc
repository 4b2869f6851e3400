#include "server/file_pool.h"

#include <sys/eventfd.h>
#include <unistd.h>

namespace trident::server {

void FilePool::stop() {
    {
        std::lock_guard<std::mutex> g(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    // A thread in the middle of a read finishes it (reads of a regular file end); the jobs
    // still queued are dropped with their contexts' owner, the reactor, which stops too.
    for (auto& t : threads_) t.join();
    threads_.clear();
    if (efd_ >= 0) ::close(efd_);
    efd_ = -1;
}

bool FilePool::start() {
    efd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (efd_ < 0) return false;
    for (size_t i = 0; i < threads_wanted_; ++i) threads_.emplace_back([this] { thread_main(); });
    return true;
}

void FilePool::submit(Work work, void* ctx) {
    {
        std::lock_guard<std::mutex> g(mu_);
        queue_.push_back(Job{work, ctx});
    }
    ++pending_;
    cv_.notify_one();
}

void FilePool::complete(std::vector<void*>& out) {
    uint64_t v;
    while (::read(efd_, &v, sizeof v) > 0) {
    }
    out.clear();
    {
        std::lock_guard<std::mutex> g(mu_);
        out.swap(done_);
    }
    pending_ -= out.size();
}

void FilePool::thread_main() {
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> g(mu_);
            cv_.wait(g, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = queue_.front();
            queue_.pop_front();
        }
        job.work(job.ctx);
        bool wake;
        {
            std::lock_guard<std::mutex> g(mu_);
            wake = done_.empty();  // one eventfd write per batch the reactor has not seen
            done_.push_back(job.ctx);
        }
        if (wake) {
            uint64_t one = 1;
            ssize_t w = ::write(efd_, &one, sizeof one);
            (void)w;
        }
    }
}

}  // namespace trident::server

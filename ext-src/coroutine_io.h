// Coroutine waits on file descriptors, for the I/O hooks (stream_hooks.cc, ...): one reader
// and one writer per fd on the scheduler's loop (the worker's or Coroutine\run()'s), through
// trident::coroutine::FdWaiters. Outside a coroutine, or where switching is impossible
// (destructor, GC, shutdown, a coroutine being cancelled), every wait is a plain poll(2) with
// the same timeout: the blocking behaviour of the original code.
#ifndef TRIDENT_COROUTINE_IO_H
#define TRIDENT_COROUTINE_IO_H

#include <cstdint>

#include "trident/coroutine/fd_waiters.h"

namespace trident::php::co {

// Results of a wait.
constexpr int kIoReady = 1;
constexpr int kIoTimeout = 0;
constexpr int kIoError = -1;  // errno: EBADF (closed meanwhile), ECANCELED (the coroutine is
                              // being cancelled: an exception is pending), EBUSY (another
                              // coroutine holds the fd: Trident\Coroutine\Exception thrown)

// True when the running code is a coroutine that may suspend now.
bool io_can_suspend();

// One I/O operation of the current coroutine on one fd and direction: claims the slot for as
// long as it lives, so that the read (or write) following a wait is still this coroutine's.
class FdClaim {
public:
    FdClaim() = default;
    ~FdClaim() { release(); }
    FdClaim(const FdClaim&) = delete;
    FdClaim& operator=(const FdClaim&) = delete;

    // Takes the slot. False when another coroutine holds it: a Trident\Coroutine\Exception
    // naming both coroutines is thrown (errno EBUSY). Only inside io_can_suspend().
    bool acquire(int fd, coroutine::FdDir dir);
    // Waits until the fd is ready in the claimed direction: kIoReady, kIoTimeout or kIoError.
    // timeout_ms < 0: no limit. Falls back to poll() when the loop cannot watch the fd.
    int wait(int64_t timeout_ms);
    void release();
    bool held() const { return w_.claimed; }

private:
    friend int wait_fd(int fd, uint32_t events, int64_t timeout_ms);
    coroutine::FdWait w_;
};

// A single wait: `events` is EventLoop::kReadable and/or kWritable. In a coroutine that may
// suspend, it suspends only the coroutine; otherwise poll(2).
int wait_fd(int fd, uint32_t events, int64_t timeout_ms);
// poll(2) for one fd, retried on EINTR with the remaining time.
int poll_fd(int fd, uint32_t events, int64_t timeout_ms);
// The fd is about to be closed: waiters are woken with EBADF and the watcher is removed.
void fd_closed(int fd);
// End of the request: forget every claim (coroutines may be destroyed without resuming).
void io_rshutdown();

}  // namespace trident::php::co

#endif

// Coroutine waits on file descriptors, for the I/O hooks (stream_hooks.cc, ...): one reader
// and one writer per fd on the scheduler's loop (the worker's or Coroutine\run()'s), through
// trident::coroutine::FdWaiters. Outside a coroutine, or where switching is impossible
// (destructor, GC, shutdown, a coroutine being cancelled), every wait is a plain poll(2) with
// the same timeout: the blocking behaviour of the original code.
#ifndef TRIDENT_COROUTINE_IO_H
#define TRIDENT_COROUTINE_IO_H

#include <cstdint>

struct pollfd;

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
// poll(2) for a set of fds, suspending only the calling coroutine: the same contract as
// poll() (revents filled, the number of ready entries, 0 on timeout, -1 with errno), for the
// libraries whose own waits are redirected here (poll_hooks.cc). Every fd/direction asked
// for is claimed for the wait; a slot this coroutine already holds (its stream operation
// claimed it) is used as it is. Outside a coroutine that may suspend, or for a zero
// timeout, it is poll() itself. errno ECANCELED: the coroutine is being cancelled; EBUSY:
// another coroutine holds one of the fds (Trident\Coroutine\Exception thrown).
int poll_fds(struct pollfd* fds, unsigned long nfds, int timeout_ms);

// While a PollScope lives, the poll(2) calls that PHP's own code makes from this coroutine
// on `fd` (kAnyFd: on any fd) go to poll_fds(): the OpenSSL stream code (xp_ssl.c) and PHP's
// connect and accept wait there, with the direction and the time left they compute
// themselves. Scopes nest (the inner one wins until it ends).
class PollScope {
public:
    static constexpr int kAnyFd = -2;
    explicit PollScope(int fd);
    ~PollScope();
    PollScope(const PollScope&) = delete;
    PollScope& operator=(const PollScope&) = delete;

private:
    int saved_;
};
// Whether the running coroutine is inside a PollScope covering fd.
bool poll_scope_allows(int fd);

// While a SelectScope lives, select(2) calls made by PHP's own code from this coroutine (the
// one inside stream_select()) wait through poll_fds().
class SelectScope {
public:
    SelectScope();
    ~SelectScope();
    SelectScope(const SelectScope&) = delete;
    SelectScope& operator=(const SelectScope&) = delete;

private:
    bool saved_;
};
bool select_scope_active();

// Throws the Trident\Coroutine\Exception naming both coroutines and returns true when a
// coroutine other than the running one has an operation in progress on fd (it would resume
// on a freed stream if this one closed it now). `what` names the attempted operation.
bool fd_busy_elsewhere(int fd, const char* what);

// The fd is about to be closed: waiters are woken with EBADF and the watcher is removed.
void fd_closed(int fd);
// End of the request: forget every claim (coroutines may be destroyed without resuming).
void io_rshutdown();

}  // namespace trident::php::co

#endif

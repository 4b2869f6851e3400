// Coroutine waits on fds: the FdWaiters registry of the scheduler's loop, and the poll(2)
// fallback outside coroutines.
#include "coroutine_io.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cinttypes>
#include <memory>
#include <unordered_map>

#include "coroutine_internal.h"

extern "C" {
#include "zend_exceptions.h"
}

namespace trident::php::co {

namespace {

using coroutine::FdDir;
using coroutine::FdWait;
using coroutine::FdWaiters;
using coroutine::FdWaitStatus;

struct IoState {
    std::unique_ptr<FdWaiters> waiters;
    EventLoop* loop = nullptr;  // the loop `waiters` belongs to
    // fd -> the coroutine that last wrote to it while another coroutine was reading it. Full
    // duplex (one coroutine reads, another writes) is fine; but if the writer then reads too,
    // it sent a request whose reply the reader may take: see FdClaim::acquire().
    std::unordered_map<int, int64_t> crossed;
};
IoState g_io;

void wake_owner(void*, FdWait* w) { wake(static_cast<Coro*>(w->owner)); }

// The registry of the current loop. A registry left from an earlier loop is empty (every
// claim ends with its operation, and the loop is gone): it is dropped without touching it.
FdWaiters* registry() {
    EventLoop* l = loop();
    if (!l) return nullptr;
    if (g_io.loop != l) {
        if (g_io.waiters) g_io.waiters->abandon();
        g_io.waiters = std::make_unique<FdWaiters>(*l, wake_owner, nullptr);
        g_io.crossed.clear();
        g_io.loop = l;
    }
    return g_io.waiters.get();
}

// After a claim of fd's `dir` slot by coroutine `cid`: remembers a write made while another
// coroutine holds the read slot, forgets it once the writer reads with nobody else reading.
void note_crossing(FdWaiters* reg, int fd, FdDir dir, int64_t cid) {
    if (dir == FdDir::Write) {
        const FdWait* reader = reg->holder(fd, FdDir::Read);
        if (reader && reader->owner_id != cid) g_io.crossed[fd] = cid;
    } else if (!g_io.crossed.empty()) {
        auto it = g_io.crossed.find(fd);
        if (it != g_io.crossed.end() && it->second == cid) g_io.crossed.erase(it);
    }
}

int64_t remaining_ms(int64_t deadline) {
    if (deadline < 0) return -1;
    int64_t left = deadline - EventLoop::now_ms();
    return left > 0 ? left : 0;
}

}  // namespace

bool io_can_suspend() {
    Coro* co = current();
    return co && loop() && !co->cancelling && !zend_fiber_switch_blocked();
}

int poll_fd(int fd, uint32_t events, int64_t timeout_ms) {
    struct pollfd p = {};
    p.fd = fd;
    if (events & EventLoop::kReadable) p.events |= POLLIN;
    if (events & EventLoop::kWritable) p.events |= POLLOUT;
    int64_t deadline = timeout_ms < 0 ? -1 : EventLoop::now_ms() + timeout_ms;
    for (;;) {
        int64_t left = remaining_ms(deadline);
        int n = poll(&p, 1, left > INT32_MAX ? INT32_MAX : int(left));
        if (n > 0) {
            if (p.revents & POLLNVAL) {
                errno = EBADF;
                return kIoError;
            }
            return kIoReady;  // POLLERR / POLLHUP: the next read or write reports it
        }
        if (n == 0) {
            if (deadline >= 0 && remaining_ms(deadline) == 0) return kIoTimeout;
            continue;  // a timeout beyond INT32_MAX ms
        }
        if (errno != EINTR) return kIoError;
    }
}

namespace {

// The error of a second coroutine reading (or writing) an fd another one is using.
void throw_busy(int fd, FdDir dir, const FdWait* holder, const Coro* co) {
    const char* what = dir == FdDir::Read ? "read" : "written";
    const char* verb = dir == FdDir::Read ? "read" : "write";
    zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                            "Socket #%d is already being %s by coroutine #%" PRId64
                            "; coroutine #%" PRId64 " cannot %s it at the same time",
                            fd, what, holder->owner_id, co->id, verb);
    errno = EBUSY;
}

}  // namespace

bool FdClaim::acquire(int fd, FdDir dir) {
    FdWaiters* reg = registry();
    Coro* co = current();
    if (!reg || !co) {
        errno = EAGAIN;
        return false;
    }
    w_.owner = co;
    w_.owner_id = co->id;
    const FdWait* holder = nullptr;
    if (reg->claim(fd, dir, &w_, &holder)) {
        note_crossing(reg, fd, dir, co->id);
        return true;
    }
    if (holder) {
        auto crossed = g_io.crossed.find(fd);
        if (dir == FdDir::Read && crossed != g_io.crossed.end() && crossed->second == co->id) {
            // A request/response client (mysqlnd, phpredis, ...) shared by two coroutines:
            // this one's request went out while the other waited for its reply, so the
            // replies on this connection can no longer be told apart. Shut it down: every
            // user of it gets the driver's connection error, never another one's reply.
            g_io.crossed.erase(crossed);
            shutdown(fd, SHUT_RDWR);
            zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                                    "Socket #%d is already being read by coroutine #%" PRId64 "; coroutine #%" PRId64
                                    " cannot read it at the same time (its request was sent meanwhile: the connection"
                                    " is shut down, its replies would be out of order)",
                                    fd, holder->owner_id, co->id);
            errno = EBUSY;
        } else {
            throw_busy(fd, dir, holder, co);
        }
    }
    return false;
}

int FdClaim::wait(int64_t timeout_ms) {
    uint32_t events = w_.dir == FdDir::Read ? EventLoop::kReadable : EventLoop::kWritable;
    if (!w_.claimed) {
        if (w_.status == FdWaitStatus::Closed) {
            errno = EBADF;
            return kIoError;
        }
        return poll_fd(w_.fd, events, timeout_ms);
    }
    FdWaiters* reg = registry();
    if (!reg->arm(&w_)) {
        // Not pollable by epoll (a regular file: always ready) or watched by someone else
        // on this loop: the blocking wait is the only correct one left.
        if (errno == EPERM || errno == EEXIST) return poll_fd(w_.fd, events, timeout_ms);
        return kIoError;
    }
    WakeReason why = co::wait(timeout_ms);
    reg->disarm(&w_);
    if (w_.status == FdWaitStatus::Closed) {
        errno = EBADF;
        return kIoError;
    }
    switch (why) {
        case WakeReason::Event:
            return kIoReady;
        case WakeReason::Timeout:
            return kIoTimeout;
        case WakeReason::Cancel:
        case WakeReason::None:
            break;
    }
    errno = ECANCELED;
    return kIoError;
}

void FdClaim::release() {
    if (!w_.claimed) return;
    if (g_io.waiters) g_io.waiters->release(&w_);
}

int wait_fd(int fd, uint32_t events, int64_t timeout_ms) {
    if (!io_can_suspend()) return poll_fd(fd, events, timeout_ms);
    bool both = (events & EventLoop::kReadable) && (events & EventLoop::kWritable);
    if (!both) {
        FdClaim claim;
        if (!claim.acquire(fd, events & EventLoop::kReadable ? FdDir::Read : FdDir::Write)) return kIoError;
        return claim.wait(timeout_ms);
    }
    // Both directions: one suspension, either readiness ends it.
    FdClaim r, w;
    if (!r.acquire(fd, FdDir::Read) || !w.acquire(fd, FdDir::Write)) return kIoError;
    FdWaiters* reg = registry();
    if (!reg->arm(&r.w_) || !reg->arm(&w.w_)) {
        if (errno == EPERM || errno == EEXIST) return poll_fd(fd, events, timeout_ms);
        return kIoError;
    }
    WakeReason why = co::wait(timeout_ms);
    reg->disarm(&r.w_);
    reg->disarm(&w.w_);
    if (r.w_.status == FdWaitStatus::Closed) {
        errno = EBADF;
        return kIoError;
    }
    if (why == WakeReason::Event) return kIoReady;
    if (why == WakeReason::Timeout) return kIoTimeout;
    errno = ECANCELED;
    return kIoError;
}

namespace {

constexpr short kReadEvents = POLLIN | POLLPRI | POLLRDNORM | POLLRDBAND;
constexpr short kWriteEvents = POLLOUT | POLLWRNORM | POLLWRBAND;

// The waits of one poll_fds() call: a slot per fd and direction, either claimed here (and
// released at the end) or already held by this coroutine's own operation (left claimed).
class PollSet {
public:
    PollSet(FdWaiters* reg, Coro* co, size_t capacity) : reg_(reg), co_(co) {
        if (capacity > kInline) {
            heap_.reset(new Entry[capacity]);
            entries_ = heap_.get();
        }
    }
    ~PollSet() {
        for (size_t i = 0; i < count_; ++i) {
            reg_->disarm(entries_[i].w);
            if (entries_[i].w == &entries_[i].own) reg_->release(entries_[i].w);
        }
    }
    PollSet(const PollSet&) = delete;
    PollSet& operator=(const PollSet&) = delete;

    // Adds and arms fd/dir. False with errno set: EBUSY (exception thrown), EPERM/EEXIST
    // (the loop cannot watch this fd), EBADF.
    bool add(int fd, FdDir dir) {
        for (size_t i = 0; i < count_; ++i) {
            if (entries_[i].w->fd == fd && entries_[i].w->dir == dir) return true;  // listed twice
        }
        Entry& e = entries_[count_];
        const FdWait* holder = reg_->holder(fd, dir);
        if (holder && holder->owner == co_) {
            e.w = const_cast<FdWait*>(holder);
        } else {
            e.own = FdWait{};
            e.own.owner = co_;
            e.own.owner_id = co_->id;
            if (!reg_->claim(fd, dir, &e.own, &holder)) {
                if (holder) {
                    throw_busy(fd, dir, holder, co_);
                } else {
                    errno = EBADF;
                }
                return false;
            }
            e.w = &e.own;
        }
        ++count_;
        return reg_->arm(e.w);
    }
    bool rearm() {
        for (size_t i = 0; i < count_; ++i) {
            if (!entries_[i].w->armed && !reg_->arm(entries_[i].w)) return false;
        }
        return true;
    }
    void disarm() {
        for (size_t i = 0; i < count_; ++i) reg_->disarm(entries_[i].w);
    }
    bool any_closed() const {
        for (size_t i = 0; i < count_; ++i) {
            if (entries_[i].w->status == FdWaitStatus::Closed) return true;
        }
        return false;
    }

private:
    static constexpr size_t kInline = 8;
    struct Entry {
        FdWait own;              // the claim, when made here
        FdWait* w = nullptr;     // &own, or the coroutine's existing claim
    };
    FdWaiters* reg_;
    Coro* co_;
    Entry inline_[kInline];
    std::unique_ptr<Entry[]> heap_;
    Entry* entries_ = inline_;
    size_t count_ = 0;
};

}  // namespace

int poll_fds(struct pollfd* fds, unsigned long nfds, int timeout_ms) {
    if (timeout_ms == 0 || !io_can_suspend()) return poll(fds, nfds, timeout_ms);
    int n = poll(fds, nfds, 0);  // ready already: no switch
    if (n != 0) return n;
    FdWaiters* reg = registry();
    int64_t deadline = timeout_ms < 0 ? -1 : EventLoop::now_ms() + timeout_ms;
    PollSet set(reg, current(), size_t(nfds) * 2);
    for (unsigned long i = 0; i < nfds; ++i) {
        if (fds[i].fd < 0) continue;
        bool ok = true;
        if (fds[i].events & kReadEvents) ok = set.add(fds[i].fd, FdDir::Read);
        if (ok && (fds[i].events & kWriteEvents)) ok = set.add(fds[i].fd, FdDir::Write);
        if (ok) continue;
        if (errno == EPERM || errno == EEXIST) {
            // An fd the loop cannot watch (a regular file is always ready; another watcher
            // owns it): the blocking wait is the only correct one left.
            int64_t left = remaining_ms(deadline);
            return poll(fds, nfds, deadline < 0 ? -1 : int(left > INT32_MAX ? INT32_MAX : left));
        }
        return -1;
    }
    for (;;) {
        WakeReason why = co::wait(remaining_ms(deadline));
        set.disarm();
        if (why == WakeReason::Timeout) {
            for (unsigned long i = 0; i < nfds; ++i) fds[i].revents = 0;
            return 0;
        }
        if (why != WakeReason::Event) {
            errno = ECANCELED;
            return -1;
        }
        if (set.any_closed()) {
            errno = EBADF;
            return -1;
        }
        n = poll(fds, nfds, 0);
        if (n != 0) return n;
        // Woken, and nothing ready any more (another party read it first): wait on.
        if (deadline >= 0 && remaining_ms(deadline) == 0) return 0;
        if (!set.rearm()) return -1;
    }
}

PollScope::PollScope(int fd) {
    Coro* co = current();
    saved_ = co ? co->poll_scope : -1;
    if (co) co->poll_scope = fd;
}

PollScope::~PollScope() {
    if (Coro* co = current()) co->poll_scope = saved_;
}

bool poll_scope_allows(int fd) {
    Coro* co = current();
    return co && co->poll_scope != -1 && (co->poll_scope == fd || co->poll_scope == PollScope::kAnyFd);
}

SelectScope::SelectScope() {
    Coro* co = current();
    saved_ = co && co->select_scope;
    if (co) co->select_scope = true;
}

SelectScope::~SelectScope() {
    if (Coro* co = current()) co->select_scope = saved_;
}

bool select_scope_active() {
    Coro* co = current();
    return co && co->select_scope;
}

bool fd_busy_elsewhere(int fd, const char* what) {
    if (!g_io.waiters || g_io.loop != loop()) return false;
    Coro* co = current();
    for (FdDir dir : {FdDir::Read, FdDir::Write}) {
        const FdWait* holder = g_io.waiters->holder(fd, dir);
        if (!holder || holder->owner == co) continue;
        zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                                "Socket #%d is being %s by coroutine #%" PRId64 "; coroutine #%" PRId64
                                " cannot %s it until that operation ends",
                                fd, dir == FdDir::Read ? "read" : "written", holder->owner_id, co ? co->id : 0,
                                what);
        return true;
    }
    return false;
}

void fd_closed(int fd) {
    if (!g_io.crossed.empty()) g_io.crossed.erase(fd);
    if (g_io.waiters && g_io.loop == loop()) g_io.waiters->close(fd);
}

void io_rshutdown() {
    if (g_io.waiters) g_io.waiters->abandon();
    g_io.waiters.reset();
    g_io.loop = nullptr;
    g_io.crossed.clear();
}

}  // namespace trident::php::co

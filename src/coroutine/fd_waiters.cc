#include "trident/coroutine/fd_waiters.h"

#include <cerrno>

namespace trident::coroutine {

FdWaiters::~FdWaiters() {
    for (size_t fd = 0; fd < entries_.size(); ++fd) {
        if (entries_[fd].interest) loop_.unwatch(int(fd));
    }
}

FdWaiters::Entry* FdWaiters::entry(int fd) {
    if (fd < 0 || size_t(fd) >= entries_.size()) return nullptr;
    return &entries_[size_t(fd)];
}

const FdWait* FdWaiters::holder(int fd, FdDir dir) const {
    if (fd < 0 || size_t(fd) >= entries_.size()) return nullptr;
    return entries_[size_t(fd)].slot[int(dir)];
}

uint32_t FdWaiters::wanted(const Entry& e) const {
    uint32_t want = 0;
    for (int d = 0; d < 2; ++d) {
        if (e.slot[d] && e.slot[d]->armed) want |= bit(FdDir(d));
    }
    return want;
}

// Brings the loop watcher in line with the armed slots.
bool FdWaiters::apply(int fd, Entry& e) {
    uint32_t want = wanted(e);
    if (want == e.interest) return true;
    bool ok;
    if (e.interest == 0) {
        ok = loop_.watch(fd, want, on_event, this);
        if (ok) ++watched_;
    } else if (want == 0) {
        loop_.unwatch(fd);  // gone from our books whatever epoll says (the fd may be closed already)
        --watched_;
        ok = true;
    } else {
        ok = loop_.modify(fd, want);
    }
    if (ok) e.interest = want;
    return ok;
}

bool FdWaiters::claim(int fd, FdDir dir, FdWait* w, const FdWait** holder) {
    if (fd < 0) {
        errno = EBADF;
        if (holder) *holder = nullptr;
        return false;
    }
    if (size_t(fd) >= entries_.size()) entries_.resize(size_t(fd) + 1);
    Entry& e = entries_[size_t(fd)];
    FdWait*& slot = e.slot[int(dir)];
    if (slot && slot != w) {
        if (holder) *holder = slot;
        errno = EBUSY;
        return false;
    }
    slot = w;
    w->fd = fd;
    w->dir = dir;
    w->claimed = true;
    w->armed = false;
    w->status = FdWaitStatus::Idle;
    return true;
}

bool FdWaiters::arm(FdWait* w) {
    Entry* e = w->claimed ? entry(w->fd) : nullptr;
    if (!e || e->slot[int(w->dir)] != w) {
        errno = EBADF;
        return false;
    }
    w->status = FdWaitStatus::Idle;
    w->armed = true;
    if (apply(w->fd, *e)) return true;
    int err = errno;
    w->armed = false;
    apply(w->fd, *e);  // back to the interest of the other slot (only removes interest)
    errno = err;
    return false;
}

void FdWaiters::disarm(FdWait* w) {
    if (!w->armed) return;
    w->armed = false;
    Entry* e = entry(w->fd);
    if (e && e->slot[int(w->dir)] == w) apply(w->fd, *e);
}

void FdWaiters::release(FdWait* w) {
    if (!w->claimed) return;
    disarm(w);
    w->claimed = false;
    Entry* e = entry(w->fd);
    if (e && e->slot[int(w->dir)] == w) e->slot[int(w->dir)] = nullptr;
}

void FdWaiters::wake(FdWait* w, FdWaitStatus status) {
    bool was_armed = w->armed;
    w->armed = false;
    w->status = status;
    if (was_armed) wake_(ctx_, w);
}

void FdWaiters::close(int fd) {
    Entry* e = entry(fd);
    if (!e) return;
    if (e->interest) {
        loop_.unwatch(fd);
        --watched_;
        e->interest = 0;
    }
    for (int d = 0; d < 2; ++d) {
        FdWait* w = e->slot[d];
        if (!w) continue;
        e->slot[d] = nullptr;
        w->claimed = false;
        wake(w, FdWaitStatus::Closed);
    }
}

void FdWaiters::abandon() {
    for (Entry& e : entries_) {
        for (FdWait* w : e.slot) {
            if (w) {
                w->claimed = false;
                w->armed = false;
            }
        }
    }
    entries_.clear();
    watched_ = 0;
}

// Level-triggered readiness: every armed slot the event concerns is woken once and disarmed,
// then the watcher shrinks to what is still armed (or goes).
void FdWaiters::on_event(void* data, int fd, uint32_t events) {
    auto* self = static_cast<FdWaiters*>(data);
    Entry* e = self->entry(fd);
    if (!e) return;
    FdWait* ready[2] = {nullptr, nullptr};
    for (int d = 0; d < 2; ++d) {
        FdWait* w = e->slot[d];
        if (w && w->armed && (events & (bit(FdDir(d)) | EventLoop::kError))) ready[d] = w;
    }
    for (FdWait* w : ready) {
        if (w) w->armed = false;
    }
    if (!self->apply(fd, *e)) {
        // modify() failed (the fd vanished under us): drop the watcher altogether.
        self->loop_.unwatch(fd);
        if (e->interest) --self->watched_;
        e->interest = 0;
    }
    for (FdWait* w : ready) {
        if (!w) continue;
        w->status = FdWaitStatus::Ready;
        self->wake_(self->ctx_, w);
    }
}

}  // namespace trident::coroutine

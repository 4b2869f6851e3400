#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "trident/coroutine/fd_waiters.h"
#include "trident/core/event_loop.h"

using namespace trident;
using namespace trident::coroutine;

namespace {
struct Woken {
    std::vector<FdWait*> list;
};
void record(void* ctx, FdWait* w) { static_cast<Woken*>(ctx)->list.push_back(w); }

struct Pair {
    int fd[2] = {-1, -1};
    Pair() { REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fd) == 0); }
    ~Pair() {
        for (int f : fd)
            if (f >= 0) ::close(f);
    }
};
}  // namespace

TEST_CASE("fd waiters: a reader is woken once when data arrives", "[fd_waiters]") {
    EventLoop loop;
    Woken woken;
    FdWaiters reg(loop, record, &woken);
    Pair p;
    FdWait r;
    REQUIRE(reg.claim(p.fd[0], FdDir::Read, &r, nullptr));
    REQUIRE(reg.arm(&r));
    CHECK(loop.watching(p.fd[0]));
    CHECK(reg.watched() == 1);
    loop.run_once(0);
    CHECK(woken.list.empty());
    REQUIRE(write(p.fd[1], "x", 1) == 1);
    loop.run_once(100);
    REQUIRE(woken.list == std::vector<FdWait*>{&r});
    CHECK(r.status == FdWaitStatus::Ready);
    CHECK_FALSE(r.armed);
    // Disarmed at once: the level-triggered watcher does not fire again, and is gone.
    CHECK_FALSE(loop.watching(p.fd[0]));
    loop.run_once(0);
    CHECK(woken.list.size() == 1);
    // The claim lasts until release: the reader's slot is still taken.
    CHECK(reg.holder(p.fd[0], FdDir::Read) == &r);
    reg.release(&r);
    CHECK(reg.holder(p.fd[0], FdDir::Read) == nullptr);
    CHECK(loop.watcher_count() == 0);
}

TEST_CASE("fd waiters: a second reader is refused and told who holds the slot", "[fd_waiters]") {
    EventLoop loop;
    Woken woken;
    FdWaiters reg(loop, record, &woken);
    Pair p;
    FdWait a, b, c;
    a.owner_id = 7;
    REQUIRE(reg.claim(p.fd[0], FdDir::Read, &a, nullptr));
    const FdWait* holder = nullptr;
    CHECK_FALSE(reg.claim(p.fd[0], FdDir::Read, &b, &holder));
    CHECK(errno == EBUSY);
    REQUIRE(holder == &a);
    CHECK(holder->owner_id == 7);
    // The other direction is independent.
    CHECK(reg.claim(p.fd[0], FdDir::Write, &c, nullptr));
    reg.release(&a);
    CHECK(reg.claim(p.fd[0], FdDir::Read, &b, nullptr));
    reg.release(&b);
    reg.release(&c);
}

TEST_CASE("fd waiters: one watcher carries the union of reader and writer", "[fd_waiters]") {
    EventLoop loop;
    Woken woken;
    FdWaiters reg(loop, record, &woken);
    Pair p;
    FdWait r, w;
    REQUIRE(reg.claim(p.fd[0], FdDir::Read, &r, nullptr));
    REQUIRE(reg.claim(p.fd[0], FdDir::Write, &w, nullptr));
    REQUIRE(reg.arm(&r));
    REQUIRE(reg.arm(&w));
    CHECK(loop.watcher_count() == 1);
    // Writable at once, nothing to read: only the writer wakes; the reader stays armed.
    loop.run_once(100);
    REQUIRE(woken.list == std::vector<FdWait*>{&w});
    CHECK(r.armed);
    CHECK(loop.watching(p.fd[0]));
    REQUIRE(write(p.fd[1], "x", 1) == 1);
    loop.run_once(100);
    REQUIRE(woken.list == std::vector<FdWait*>{&w, &r});
    CHECK(loop.watcher_count() == 0);
    reg.release(&r);
    reg.release(&w);
}

TEST_CASE("fd waiters: disarm after a timeout leaves nothing in the loop", "[fd_waiters]") {
    EventLoop loop;
    Woken woken;
    FdWaiters reg(loop, record, &woken);
    Pair p;
    FdWait r;
    REQUIRE(reg.claim(p.fd[0], FdDir::Read, &r, nullptr));
    REQUIRE(reg.arm(&r));
    reg.disarm(&r);
    CHECK(loop.watcher_count() == 0);
    REQUIRE(write(p.fd[1], "x", 1) == 1);
    loop.run_once(0);
    CHECK(woken.list.empty());
    // A cancelled waiter releases without ever disarming explicitly.
    REQUIRE(reg.arm(&r));
    reg.release(&r);
    CHECK(loop.watcher_count() == 0);
    CHECK(reg.watched() == 0);
}

TEST_CASE("fd waiters: closing an fd wakes its armed holders with Closed", "[fd_waiters]") {
    EventLoop loop;
    Woken woken;
    FdWaiters reg(loop, record, &woken);
    Pair p;
    FdWait r, w;
    REQUIRE(reg.claim(p.fd[0], FdDir::Read, &r, nullptr));
    REQUIRE(reg.claim(p.fd[0], FdDir::Write, &w, nullptr));
    REQUIRE(reg.arm(&r));
    reg.close(p.fd[0]);
    ::close(p.fd[0]);
    int old = p.fd[0];
    p.fd[0] = -1;
    CHECK(woken.list == std::vector<FdWait*>{&r});  // the writer was not waiting: not woken
    CHECK(r.status == FdWaitStatus::Closed);
    CHECK(w.status == FdWaitStatus::Closed);
    CHECK(loop.watcher_count() == 0);
    // The number is reused by a new socket: the old claims' release must not touch it.
    Pair q;
    FdWait n;
    int fresh = q.fd[0] == old ? q.fd[0] : q.fd[1];
    if (fresh == old) {
        REQUIRE(reg.claim(old, FdDir::Read, &n, nullptr));
        reg.release(&r);
        reg.release(&w);
        CHECK(reg.holder(old, FdDir::Read) == &n);
        reg.release(&n);
    } else {
        reg.release(&r);
        reg.release(&w);
    }
    CHECK(reg.holder(old, FdDir::Read) == nullptr);
}

TEST_CASE("fd waiters: a hang-up wakes both directions", "[fd_waiters]") {
    EventLoop loop;
    Woken woken;
    FdWaiters reg(loop, record, &woken);
    Pair p;
    FdWait r;
    REQUIRE(reg.claim(p.fd[0], FdDir::Read, &r, nullptr));
    REQUIRE(reg.arm(&r));
    ::close(p.fd[1]);
    p.fd[1] = -1;
    loop.run_once(100);
    REQUIRE(woken.list == std::vector<FdWait*>{&r});
    CHECK(r.status == FdWaitStatus::Ready);
    reg.release(&r);
}

TEST_CASE("fd waiters: arm refuses what epoll cannot watch", "[fd_waiters]") {
    EventLoop loop;
    Woken woken;
    FdWaiters reg(loop, record, &woken);
    char path[] = "/tmp/trident-fdw-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    unlink(path);
    FdWait r;
    REQUIRE(reg.claim(fd, FdDir::Read, &r, nullptr));
    CHECK_FALSE(reg.arm(&r));
    CHECK(errno == EPERM);
    CHECK_FALSE(r.armed);
    CHECK(loop.watcher_count() == 0);
    reg.release(&r);
    ::close(fd);
    FdWait bad;
    CHECK_FALSE(reg.claim(-1, FdDir::Read, &bad, nullptr));
}

TEST_CASE("fd waiters: abandon forgets everything without touching the loop", "[fd_waiters]") {
    EventLoop loop;
    Woken woken;
    Pair p;
    FdWait r;
    {
        FdWaiters reg(loop, record, &woken);
        REQUIRE(reg.claim(p.fd[0], FdDir::Read, &r, nullptr));
        REQUIRE(reg.arm(&r));
        reg.abandon();
        CHECK(reg.watched() == 0);
        CHECK_FALSE(r.claimed);
    }
    // The loop's registration is the loop's business now (it is about to be destroyed).
    CHECK(loop.watching(p.fd[0]));
    loop.unwatch(p.fd[0]);
}

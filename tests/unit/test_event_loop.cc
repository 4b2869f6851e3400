#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "trident/core/clock.h"
#include "trident/core/event_loop.h"

using trident::EventLoop;

namespace {

struct Log {
    std::vector<std::string> entries;
};

struct Named {
    Log* log;
    std::string name;
};

void log_timer(void* data, EventLoop::TimerId) {
    auto* n = static_cast<Named*>(data);
    n->log->entries.push_back(n->name);
}

void log_task(void* data) {
    auto* n = static_cast<Named*>(data);
    n->log->entries.push_back(n->name);
}

// Runs the loop until it has nothing left, with a safety limit on the iterations.
void drain(EventLoop& loop, int max_iterations = 1000) {
    for (int i = 0; i < max_iterations && loop.alive(); ++i) REQUIRE(loop.run_once(1000) >= 0);
    REQUIRE_FALSE(loop.alive());
}

}  // namespace

TEST_CASE("timers fire in deadline order, ties in insertion order", "[event_loop]") {
    EventLoop loop;
    REQUIRE(loop.valid());
    Log log;
    Named a{&log, "30ms"}, b{&log, "10ms"}, c{&log, "20ms"}, d{&log, "0ms-first"}, e{&log, "0ms-second"};
    loop.add_timer(30, log_timer, &a);
    loop.add_timer(10, log_timer, &b);
    loop.add_timer(20, log_timer, &c);
    loop.add_timer(0, log_timer, &d);
    loop.add_timer(0, log_timer, &e);
    CHECK(loop.timer_count() == 5);
    drain(loop);
    CHECK(log.entries == std::vector<std::string>{"0ms-first", "0ms-second", "10ms", "20ms", "30ms"});
    CHECK(loop.timer_count() == 0);
}

TEST_CASE("a timer never fires before its delay", "[event_loop]") {
    EventLoop loop;
    struct Rec {
        int64_t fired_at = 0;
    } rec;
    int64_t start = EventLoop::now_ms();
    loop.add_timer(
        25, [](void* d, EventLoop::TimerId) { static_cast<Rec*>(d)->fired_at = EventLoop::now_ms(); }, &rec);
    drain(loop);
    CHECK(rec.fired_at - start >= 25);
    CHECK(rec.fired_at - start < 200);
}

TEST_CASE("many timers come out sorted", "[event_loop]") {
    EventLoop loop;
    std::vector<int64_t> fired;  // the deadline of each timer, in firing order
    std::vector<std::pair<std::vector<int64_t>*, int64_t>> recs;
    recs.reserve(200);
    for (int i = 0; i < 200; ++i) {
        int delay = (i * 37) % 40;  // deadlines 0..39 ms in a scrambled order
        // The deadline as the loop computes it (clock at add time + delay): a thread that is
        // preempted between two adds (a loaded machine) moves the later deadlines with it.
        recs.emplace_back(&fired, trident::monotonic_ms() + delay);
        loop.add_timer(delay, [](void* d, EventLoop::TimerId) {
            auto* r = static_cast<std::pair<std::vector<int64_t>*, int64_t>*>(d);
            r->first->push_back(r->second);
        }, &recs.back());
    }
    drain(loop);
    REQUIRE(fired.size() == 200);
    // The clock is read with 1 ms resolution here and in add_timer(): neighbours may swap by 1 ms.
    for (size_t i = 1; i < fired.size(); ++i) CHECK(fired[i - 1] <= fired[i] + 1);
}

TEST_CASE("cancelled timers do not fire, ids are not reused", "[event_loop]") {
    EventLoop loop;
    Log log;
    Named a{&log, "a"}, b{&log, "b"}, c{&log, "c"};
    auto ia = loop.add_timer(5, log_timer, &a);
    auto ib = loop.add_timer(10, log_timer, &b);
    auto ic = loop.add_timer(15, log_timer, &c);
    CHECK(ia != 0);
    CHECK(loop.timer_active(ib));
    CHECK(loop.cancel_timer(ib));
    CHECK_FALSE(loop.timer_active(ib));
    CHECK_FALSE(loop.cancel_timer(ib));  // twice
    CHECK(loop.timer_count() == 2);
    // The freed slot is reused with another generation: the old id stays dead.
    Named d{&log, "d"};
    auto id = loop.add_timer(1, log_timer, &d);
    CHECK(id != ib);
    CHECK_FALSE(loop.cancel_timer(ib));
    CHECK(loop.timer_active(id));
    drain(loop);
    CHECK(log.entries == std::vector<std::string>{"d", "a", "c"});
    CHECK_FALSE(loop.cancel_timer(ia));  // already fired
    CHECK_FALSE(loop.cancel_timer(ic));
    CHECK_FALSE(loop.cancel_timer(0));
    CHECK_FALSE(loop.cancel_timer(12345678901234ull));
}

TEST_CASE("cancelling from the heap middle keeps the order", "[event_loop]") {
    EventLoop loop;
    std::vector<int> fired;
    std::vector<std::pair<std::vector<int>*, int>> recs;
    recs.reserve(64);
    std::vector<EventLoop::TimerId> ids;
    for (int i = 0; i < 64; ++i) {
        recs.emplace_back(&fired, (i * 13) % 64);
        ids.push_back(loop.add_timer(recs.back().second / 4, [](void* d, EventLoop::TimerId) {
            auto* r = static_cast<std::pair<std::vector<int>*, int>*>(d);
            r->first->push_back(r->second);
        }, &recs.back()));
    }
    for (int i = 0; i < 64; i += 3) CHECK(loop.cancel_timer(ids[i]));
    drain(loop);
    CHECK(fired.size() == 64 - 22);
    for (size_t i = 1; i < fired.size(); ++i) CHECK(fired[i - 1] / 4 <= fired[i] / 4 + 1);  // 1 ms resolution, as above
}

TEST_CASE("a repeating timer keeps its id and stops when cancelled in its callback", "[event_loop]") {
    EventLoop loop;
    struct Rec {
        EventLoop* loop;
        int count = 0;
        EventLoop::TimerId seen = 0;
        bool same_id = true;
    } rec{&loop};
    auto id = loop.add_timer(
        1,
        [](void* d, EventLoop::TimerId id) {
            auto* r = static_cast<Rec*>(d);
            if (r->seen && r->seen != id) r->same_id = false;
            r->seen = id;
            if (++r->count == 3) CHECK(r->loop->cancel_timer(id));
        },
        &rec, 2);
    drain(loop);
    CHECK(rec.count == 3);
    CHECK(rec.seen == id);
    CHECK(rec.same_id);
    CHECK_FALSE(loop.timer_active(id));
}

TEST_CASE("a one-shot timer cannot cancel itself; it may add timers", "[event_loop]") {
    EventLoop loop;
    struct Rec {
        EventLoop* loop;
        bool cancel_result = true;
        int second = 0;
    } rec{&loop};
    loop.add_timer(0, [](void* d, EventLoop::TimerId id) {
        auto* r = static_cast<Rec*>(d);
        r->cancel_result = r->loop->cancel_timer(id);
        r->loop->add_timer(0, [](void* d2, EventLoop::TimerId) { ++static_cast<Rec*>(d2)->second; }, r);
    }, &rec);
    // The timer added by a callback waits for the next iteration.
    CHECK(loop.run_once(100) == 1);
    CHECK(rec.second == 0);
    CHECK(loop.run_once(100) == 1);
    CHECK(rec.second == 1);
    CHECK_FALSE(rec.cancel_result);
}

TEST_CASE("fd readiness with a pipe", "[event_loop]") {
    EventLoop loop;
    int p[2];
    REQUIRE(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
    struct Rec {
        EventLoop* loop = nullptr;
        int reads = 0;
        int writes = 0;
        std::string got;
        uint32_t last = 0;
    } rec;
    rec.loop = &loop;
    auto on_read = [](void* d, int fd, uint32_t ev) {
        auto* r = static_cast<Rec*>(d);
        r->last = ev;
        ++r->reads;
        char buf[64];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) r->got.append(buf, size_t(n));
    };
    REQUIRE(loop.watch(p[0], EventLoop::kReadable, on_read, &rec));
    CHECK(loop.watching(p[0]));
    CHECK_FALSE(loop.watch(p[0], EventLoop::kReadable, on_read, &rec));  // EEXIST
    // Nothing to read: a bounded wait returns without callbacks.
    CHECK(loop.run_once(10) == 0);
    CHECK(rec.reads == 0);
    REQUIRE(write(p[1], "hello", 5) == 5);
    CHECK(loop.run_once(1000) == 1);
    CHECK(rec.got == "hello");
    CHECK(rec.last == EventLoop::kReadable);

    // Write interest on the other end: a pipe with room is writable at once.
    REQUIRE(loop.watch(p[1], EventLoop::kWritable, [](void* d, int, uint32_t ev) {
        auto* r = static_cast<Rec*>(d);
        if (ev & EventLoop::kWritable) ++r->writes;
    }, &rec));
    CHECK(loop.run_once(1000) == 1);
    CHECK(rec.writes == 1);
    CHECK(loop.modify(p[1], 0));
    CHECK(loop.run_once(10) == 0);
    CHECK(rec.writes == 1);

    // Closing the write end: the reader sees EOF (readable, and hang-up).
    CHECK(loop.unwatch(p[1]));
    CHECK_FALSE(loop.unwatch(p[1]));
    close(p[1]);
    CHECK(loop.run_once(1000) == 1);
    CHECK((rec.last & EventLoop::kError) != 0);
    CHECK(loop.unwatch(p[0]));
    close(p[0]);
    CHECK(loop.watcher_count() == 0);
    CHECK_FALSE(loop.alive());
}

TEST_CASE("unwatching inside a batch drops the fd's pending event", "[event_loop]") {
    EventLoop loop;
    int a[2], b[2];
    REQUIRE(pipe2(a, O_NONBLOCK) == 0);
    REQUIRE(pipe2(b, O_NONBLOCK) == 0);
    struct Rec {
        EventLoop* loop;
        int other;
        int calls = 0;
    };
    Rec ra{&loop, b[0]}, rb{&loop, a[0]};
    auto cb = [](void* d, int, uint32_t) {
        auto* r = static_cast<Rec*>(d);
        ++r->calls;
        r->loop->unwatch(r->other);  // whichever runs first silences the other
    };
    REQUIRE(loop.watch(a[0], EventLoop::kReadable, cb, &ra));
    REQUIRE(loop.watch(b[0], EventLoop::kReadable, cb, &rb));
    REQUIRE(write(a[1], "x", 1) == 1);
    REQUIRE(write(b[1], "y", 1) == 1);
    CHECK(loop.run_once(1000) == 1);
    CHECK(ra.calls + rb.calls == 1);
    CHECK(loop.watcher_count() == 1);
    for (int fd : {a[0], a[1], b[0], b[1]}) {
        loop.unwatch(fd);
        close(fd);
    }
}

TEST_CASE("deferred tasks run in order; one queued by a task runs next iteration", "[event_loop]") {
    EventLoop loop;
    Log log;
    Named t1{&log, "t1"}, t2{&log, "t2"}, t3{&log, "t3"};
    struct Chain {
        EventLoop* loop;
        Named* next;
        Log* log;
    } chain{&loop, &t3, &log};
    loop.defer(log_task, &t1);
    loop.defer([](void* d) {
        auto* c = static_cast<Chain*>(d);
        c->log->entries.push_back("chain");
        c->loop->defer(log_task, c->next);
    }, &chain);
    loop.defer(log_task, &t2);
    CHECK(loop.task_count() == 3);
    // With tasks queued the loop does not block, even with an infinite wait.
    CHECK(loop.run_once(-1) == 3);
    CHECK(log.entries == std::vector<std::string>{"t1", "chain", "t2"});
    CHECK(loop.task_count() == 1);
    CHECK(loop.run_once(-1) == 1);
    CHECK(log.entries.back() == "t3");
    CHECK(loop.run_once(-1) == 0);  // empty loop: returns at once
}

TEST_CASE("run() stops on stop() and when empty", "[event_loop]") {
    EventLoop loop;
    struct Rec {
        EventLoop* loop;
        int ticks = 0;
    } rec{&loop};
    loop.add_timer(
        1,
        [](void* d, EventLoop::TimerId) {
            auto* r = static_cast<Rec*>(d);
            if (++r->ticks == 5) r->loop->stop();
        },
        &rec, 1);
    loop.run();
    CHECK(rec.ticks == 5);
    CHECK_FALSE(loop.stop_requested());
    CHECK(loop.timer_count() == 1);  // still armed: run() returned because of stop()
    loop.stop();
    loop.run();  // stop before run: no iteration
    CHECK(rec.ticks == 5);
    // Nothing but one more one-shot: run() returns by itself once it fired.
    Log log;
    Named n{&log, "last"};
    EventLoop other;
    other.add_timer(1, log_timer, &n);
    other.run();
    CHECK(log.entries == std::vector<std::string>{"last"});
}

TEST_CASE("a zero-delay timer chain cannot starve the loop", "[event_loop]") {
    EventLoop loop;
    struct Rec {
        EventLoop* loop;
        int count = 0;
    } rec{&loop};
    struct Self {
        static void cb(void* d, EventLoop::TimerId) {
            auto* r = static_cast<Rec*>(d);
            if (++r->count < 1000) r->loop->add_timer(0, cb, r);
        }
    };
    loop.add_timer(0, Self::cb, &rec);
    CHECK(loop.run_once(0) == 1);  // one per iteration, not 1000
    CHECK(rec.count == 1);
    drain(loop, 2000);
    CHECK(rec.count == 1000);
}

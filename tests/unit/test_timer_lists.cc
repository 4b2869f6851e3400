// server::TimerLists: the reactor's fixed-timeout FIFO timers, with plain Connections.
#include <catch2/catch.hpp>
#include <utility>
#include <vector>

#include "server/timer_lists.h"

using namespace trident;
using server::kTimerHeader;
using server::kTimerIdle;
using server::kTimerNone;
using server::kTimerSend;
using server::TimerLists;

namespace {

struct Conn final : server::Connection {
    explicit Conn(int n) : name(n) {}
    void on_event(uint32_t) override {}
    void on_timeout(int) override {}
    void on_shutdown() override {}
    int name;
};

using Fired = std::vector<std::pair<int, int>>;  // (Conn::name, kind) in expiry order

// Declared before the lists they are in, so they outlive them.
struct Fixture {
    Conn a{1}, b{2}, c{3}, d{4};
    TimerLists t;
    Fixture() {
        t.set_timeout_ms(kTimerHeader, 100);
        t.set_timeout_ms(kTimerIdle, 1000);
        t.set_timeout_ms(kTimerSend, 500);
    }
    Fired expire(int64_t now) {
        Fired f;
        t.expire(now, [&](server::Connection* c, int kind) { f.emplace_back(static_cast<Conn*>(c)->name, kind); });
        return f;
    }
};

}  // namespace

TEST_CASE("TimerLists: each kind expires in deadline order, kinds in their order", "[timers]") {
    Fixture x;
    x.t.set(&x.a, kTimerIdle, 0);    // 1000
    x.t.set(&x.b, kTimerHeader, 0);  // 100
    x.t.set(&x.c, kTimerHeader, 30);  // 130
    x.t.set(&x.d, kTimerSend, 0);    // 500
    CHECK(x.a.deadline_ms == 1000);
    CHECK(x.c.deadline_ms == 130);
    CHECK(x.c.timer_kind == kTimerHeader);
    CHECK(x.expire(99).empty());
    CHECK(x.expire(100) == Fired{{2, kTimerHeader}});
    CHECK(x.b.timer_kind == kTimerNone);
    CHECK(x.expire(2000) == Fired{{3, kTimerHeader}, {1, kTimerIdle}, {4, kTimerSend}});
    CHECK(x.expire(5000).empty());
}

TEST_CASE("TimerLists: set() of the kind already armed does not push the deadline back", "[timers]") {
    Fixture x;
    x.t.set(&x.a, kTimerHeader, 0);
    x.t.set(&x.b, kTimerHeader, 10);
    x.t.set(&x.a, kTimerHeader, 90);
    CHECK(x.a.deadline_ms == 100);
    CHECK(x.expire(100) == Fired{{1, kTimerHeader}});
    // Another kind re-arms it from now.
    x.t.set(&x.b, kTimerIdle, 50);
    CHECK(x.b.deadline_ms == 1050);
    CHECK(x.b.timer_kind == kTimerIdle);
    CHECK(x.expire(110).empty());  // no longer in the header list
    CHECK(x.expire(1050) == Fired{{2, kTimerIdle}});
}

TEST_CASE("TimerLists: refresh() starts the timer over at the back of its list; remove() takes it out", "[timers]") {
    Fixture x;
    x.t.set(&x.a, kTimerHeader, 0);
    x.t.set(&x.b, kTimerHeader, 10);
    x.t.set(&x.c, kTimerHeader, 20);
    x.t.refresh(&x.a, 40);
    CHECK(x.a.deadline_ms == 140);
    CHECK(x.a.timer_kind == kTimerHeader);
    x.t.remove(&x.c);
    CHECK(x.c.timer_kind == kTimerNone);
    x.t.refresh(&x.c, 50);  // no timer: stays without one
    CHECK(x.c.timer_kind == kTimerNone);
    x.t.remove(&x.c);
    CHECK(x.expire(1000) == Fired{{2, kTimerHeader}, {1, kTimerHeader}});
}

TEST_CASE("TimerLists: the expiry callback may re-arm its connection or remove others", "[timers]") {
    Fixture x;
    x.t.set(&x.a, kTimerHeader, 0);
    x.t.set(&x.b, kTimerHeader, 0);
    x.t.set(&x.c, kTimerHeader, 0);
    x.t.set(&x.d, kTimerHeader, 0);
    Fired f;
    unsigned n = x.t.expire(100, [&](server::Connection* c, int kind) {
        Conn* k = static_cast<Conn*>(c);
        f.emplace_back(k->name, kind);
        if (k == &x.a) x.t.set(&x.a, kTimerIdle, 100);  // e.g. a response went out: idle now
        if (k == &x.b) x.t.remove(&x.c);                // e.g. closed another connection
        if (k == &x.d) x.t.set(&x.d, kTimerHeader, 100);  // a new request head: not due again now
    });
    CHECK(n == 3);
    CHECK(f == Fired{{1, kTimerHeader}, {2, kTimerHeader}, {4, kTimerHeader}});
    CHECK(x.a.deadline_ms == 1100);
    CHECK(x.d.deadline_ms == 200);
    CHECK(x.expire(200) == Fired{{4, kTimerHeader}});
    CHECK(x.expire(1100) == Fired{{1, kTimerIdle}});
}

TEST_CASE("TimerLists: next_timeout_ms is the time to the first deadline of any kind, capped", "[timers]") {
    Fixture x;
    CHECK(x.t.next_timeout_ms(0, 250) == 250);
    x.t.set(&x.a, kTimerIdle, 0);  // 1000
    CHECK(x.t.next_timeout_ms(0, 5000) == 1000);
    x.t.set(&x.b, kTimerSend, 100);  // 600
    CHECK(x.t.next_timeout_ms(30, 5000) == 570);
    CHECK(x.t.next_timeout_ms(30, 250) == 250);
    CHECK(x.t.next_timeout_ms(700, 5000) == 0);  // overdue
    x.t.remove(&x.b);
    CHECK(x.t.next_timeout_ms(700, 5000) == 300);
    x.t.remove(&x.a);
}

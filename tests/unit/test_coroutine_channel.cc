#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "trident/coroutine/channel.h"

using namespace trident::coroutine;
using Chan = Channel<int>;
using W = Chan::ValueWaiterT;

TEST_CASE("channel buffers up to its capacity, FIFO", "[channel]") {
    Chan ch(3);
    W* woken = nullptr;
    CHECK(ch.empty());
    for (int v : {1, 2, 3}) {
        int x = v;
        CHECK(ch.push(x, &woken) == ChannelResult::Ok);
        CHECK(woken == nullptr);
    }
    CHECK(ch.full());
    CHECK(ch.length() == 3);
    int x = 4;
    CHECK(ch.push(x, &woken) == ChannelResult::WouldBlock);
    int out = 0;
    for (int expect : {1, 2, 3}) {
        CHECK(ch.pop(out, &woken) == ChannelResult::Ok);
        CHECK(out == expect);
        CHECK(woken == nullptr);
    }
    CHECK(ch.pop(out, &woken) == ChannelResult::WouldBlock);
    CHECK(ch.empty());
}

TEST_CASE("channel ring wraps around while growing", "[channel]") {
    Chan ch(100);
    W* woken;
    int next_in = 0, next_out = 0;
    // Keep between 0 and 60 values queued, crossing the ring's boundary many times.
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < 37 && !ch.full(); ++i) {
            int v = next_in++;
            REQUIRE(ch.push(v, &woken) == ChannelResult::Ok);
        }
        for (int i = 0; i < 29 && !ch.empty(); ++i) {
            int v;
            REQUIRE(ch.pop(v, &woken) == ChannelResult::Ok);
            REQUIRE(v == next_out++);
        }
    }
    int v;
    while (ch.pop(v, &woken) == ChannelResult::Ok) REQUIRE(v == next_out++);
    CHECK(next_out == next_in);
}

TEST_CASE("a push hands the value straight to a waiting popper", "[channel]") {
    Chan ch(1);
    W p1, p2;
    int out;
    W* woken;
    REQUIRE(ch.pop(out, &woken) == ChannelResult::WouldBlock);
    ch.wait_pop(&p1);
    ch.wait_pop(&p2);
    CHECK(ch.poppers() == 2);
    int v = 7;
    CHECK(ch.push(v, &woken) == ChannelResult::Ok);
    CHECK(woken == &p1);  // the oldest popper first
    CHECK(p1.status == WaitStatus::Done);
    CHECK(p1.value == 7);
    CHECK(ch.empty());  // skipped the buffer
    CHECK(ch.poppers() == 1);
    v = 8;
    CHECK(ch.push(v, &woken) == ChannelResult::Ok);
    CHECK(woken == &p2);
    CHECK(p2.value == 8);
}

TEST_CASE("a pop on a full channel lets the oldest pusher in", "[channel]") {
    Chan ch(2);
    W* woken;
    int a = 1, b = 2;
    ch.push(a, &woken);
    ch.push(b, &woken);
    W w3, w4;
    w3.value = 3;
    w4.value = 4;
    ch.wait_push(&w3);
    ch.wait_push(&w4);
    int out;
    CHECK(ch.pop(out, &woken) == ChannelResult::Ok);
    CHECK(out == 1);
    CHECK(woken == &w3);
    CHECK(w3.status == WaitStatus::Done);
    CHECK(ch.full());
    CHECK(ch.pushers() == 1);
    std::vector<int> rest;
    while (ch.pop(out, &woken) == ChannelResult::Ok) rest.push_back(out);
    CHECK(rest == std::vector<int>{2, 3, 4});
    CHECK(w4.status == WaitStatus::Done);
}

TEST_CASE("cancelled waiters are skipped", "[channel]") {
    Chan ch(1);
    W p1, p2;
    ch.wait_pop(&p1);
    ch.wait_pop(&p2);
    ch.cancel(&p1);  // timed out
    CHECK(p1.status == WaitStatus::Pending);
    CHECK(ch.poppers() == 1);
    ch.cancel(&p1);  // twice is harmless
    W* woken;
    int v = 5;
    CHECK(ch.push(v, &woken) == ChannelResult::Ok);
    CHECK(woken == &p2);
    CHECK(p1.status == WaitStatus::Pending);
}

TEST_CASE("close releases every waiter; pops drain the buffer first", "[channel]") {
    Chan ch(2);
    W* woken;
    int v = 1;
    ch.push(v, &woken);
    v = 2;
    ch.push(v, &woken);
    W pusher;
    pusher.value = 3;
    ch.wait_push(&pusher);
    std::vector<W*> released;
    CHECK(ch.close([&](W* w) { released.push_back(w); }));
    CHECK_FALSE(ch.close([&](W* w) { released.push_back(w); }));
    CHECK(released == std::vector<W*>{&pusher});
    CHECK(pusher.status == WaitStatus::Closed);
    CHECK(pusher.value == 3);  // the caller still owns it
    v = 9;
    CHECK(ch.push(v, &woken) == ChannelResult::Closed);
    int out;
    CHECK(ch.pop(out, &woken) == ChannelResult::Ok);
    CHECK(out == 1);
    CHECK(ch.pop(out, &woken) == ChannelResult::Ok);
    CHECK(out == 2);
    CHECK(ch.pop(out, &woken) == ChannelResult::Closed);

    Chan empty(1);
    W p1, p2;
    empty.wait_pop(&p1);
    empty.wait_pop(&p2);
    released.clear();
    empty.close([&](W* w) { released.push_back(w); });
    CHECK(released == std::vector<W*>{&p1, &p2});
    CHECK(p2.status == WaitStatus::Closed);
    CHECK(empty.poppers() == 0);
}

TEST_CASE("drain hands back buffered values", "[channel]") {
    Channel<std::string> ch(4);
    Channel<std::string>::ValueWaiterT* woken;
    for (const char* s : {"a", "b", "c"}) {
        std::string v = s;
        ch.push(v, &woken);
    }
    std::string got;
    ch.drain([&](std::string& s) { got += s; });
    CHECK(got == "abc");
    CHECK(ch.empty());
}

TEST_CASE("capacity 0 is treated as 1", "[channel]") {
    Chan ch(0);
    CHECK(ch.capacity() == 1);
}

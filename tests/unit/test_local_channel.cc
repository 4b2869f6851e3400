// MODE_BASE's in-process worker channel (server/local_channel.h): the frame queues behave as
// the SOCK_SEQPACKET socket they stand for, and the pump moves frames until nothing moves,
// without a busy loop and without losing a frame when both ends exchange equal amounts.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "server/local_channel.h"
#include "trident/core/event_loop.h"

using trident::EventLoop;
using trident::server::FrameQueue;
using trident::server::LocalChannel;

namespace {

iovec piece(const std::string& s) { return iovec{const_cast<char*>(s.data()), s.size()}; }

std::string pop_string(FrameQueue& q, size_t cap = 65536) {
    std::vector<uint8_t> buf(cap);
    size_t n = q.pop(buf.data(), cap);
    return std::string(reinterpret_cast<char*>(buf.data()), n);
}

// An end that takes every frame of its input and, for each, answers `echo` frames of the same
// size to the other side (the reactor's requests for the worker's responses and back).
struct EchoEnd : LocalChannel::End {
    LocalChannel* ch = nullptr;
    bool is_worker = false;
    int taken = 0;
    int budget = 0;  // frames this end still answers
    int settles = 0;
    void local_readable() override {
        uint8_t buf[256];
        for (;;) {
            size_t n = is_worker ? ch->pop_for_worker(buf, sizeof buf) : ch->pop_for_reactor(buf, sizeof buf);
            if (n == 0) break;
            ++taken;
            if (budget > 0) {
                --budget;
                iovec v{buf, n};
                if (is_worker) ch->push_to_reactor(&v, 1);
                else ch->push_to_worker(&v, 1);
            }
        }
    }
    void local_writable() override {}
    void local_settle() override { ++settles; }
};

}  // namespace

TEST_CASE("FrameQueue keeps whole frames in order and refuses past its capacity", "[local_channel]") {
    FrameQueue q(100);
    std::string a = "head", b = "body-bytes";
    iovec two[2] = {piece(a), piece(b)};
    REQUIRE(q.push(two, 2));
    std::string c(60, 'c');
    iovec one = piece(c);
    REQUIRE(q.push(&one, 1));
    CHECK(q.bytes() == 4 + 14 + 4 + 60);
    // A third frame would go past 100 bytes: refused, as a full socket's EAGAIN.
    std::string d(20, 'd');
    iovec dv = piece(d);
    CHECK_FALSE(q.push(&dv, 1));
    CHECK(pop_string(q) == "headbody-bytes");
    CHECK(pop_string(q) == c);
    CHECK(q.empty());
    CHECK(pop_string(q).empty());
    // An empty queue takes a frame larger than its capacity (a socket takes one whole message).
    std::string big(500, 'x');
    iovec bv = piece(big);
    REQUIRE(q.push(&bv, 1));
    // Cut to the reader's buffer, as recv() on SOCK_SEQPACKET; the frame is gone either way.
    CHECK(pop_string(q, 10) == std::string(10, 'x'));
    CHECK(q.empty());
}

TEST_CASE("FrameQueue does not grow with the total ever queued", "[local_channel]") {
    FrameQueue q(1u << 20);
    std::string f(1000, 'f');
    iovec v = piece(f);
    for (int i = 0; i < 10000; ++i) {
        REQUIRE(q.push(&v, 1));
        if (i % 3 != 0) REQUIRE(pop_string(q).size() == 1000);
        if (q.bytes() > 500000) {
            while (!q.empty()) pop_string(q);
        }
    }
    CHECK(q.bytes() <= 500000 + 1004);
}

TEST_CASE("pump goes on while the two ends exchange frames of equal size", "[local_channel]") {
    // The regression: progress measured as bytes queued saw "nothing moved" when the worker
    // answered exactly as many bytes as it took, and frames were left in the queue with no
    // pump scheduled (a pipelining HTTP/1.1 client stalled for good).
    EventLoop loop;
    LocalChannel ch(loop);
    EchoEnd reactor, worker;
    reactor.ch = worker.ch = &ch;
    worker.is_worker = true;
    worker.budget = 1000;
    reactor.budget = 999;
    ch.set_reactor(&reactor);
    ch.set_worker(&worker);
    std::string frame(100, 'r');
    iovec v = piece(frame);
    ch.begin_turn();
    REQUIRE(ch.push_to_worker(&v, 1));
    ch.end_turn();  // pumps
    // Whatever the 64 rounds of one pump did not move goes on in deferred pumps.
    for (int i = 0; i < 100 && (worker.taken < 1000 || reactor.taken < 1000); ++i) loop.run_once(0);
    CHECK(worker.taken == 1000);
    CHECK(reactor.taken == 1000);
    CHECK(reactor.settles > 0);
    // Nothing left, nothing scheduled: the loop has no task to run.
    CHECK(loop.task_count() == 0);
}

TEST_CASE("pump stops when an end takes nothing, without scheduling itself again", "[local_channel]") {
    struct DeafEnd : LocalChannel::End {
        int calls = 0;
        void local_readable() override { ++calls; }
        void local_writable() override {}
    };
    EventLoop loop;
    LocalChannel ch(loop);
    DeafEnd reactor, worker;
    ch.set_reactor(&reactor);
    ch.set_worker(&worker);
    std::string frame(10, 'x');
    iovec v = piece(frame);
    REQUIRE(ch.push_to_worker(&v, 1));  // schedules a pump
    CHECK(loop.task_count() == 1);
    loop.run_once(0);
    CHECK(worker.calls == 1);
    CHECK(loop.task_count() == 0);  // stalled: no busy loop
    // A later push (the end may take it now) pumps again.
    REQUIRE(ch.push_to_worker(&v, 1));
    loop.run_once(0);
    CHECK(worker.calls == 2);
}

TEST_CASE("room in a full direction is signalled to the end that asked for it", "[local_channel]") {
    struct RoomEnd : LocalChannel::End {
        LocalChannel* ch = nullptr;
        bool is_worker = false;
        int writable = 0;
        bool take = false;
        void local_readable() override {
            if (!take) return;
            uint8_t buf[8192];
            while (is_worker ? ch->pop_for_worker(buf, sizeof buf) : ch->pop_for_reactor(buf, sizeof buf)) {
            }
        }
        void local_writable() override { ++writable; }
    };
    EventLoop loop;
    LocalChannel ch(loop);
    RoomEnd reactor, worker;
    reactor.ch = worker.ch = &ch;
    worker.is_worker = true;
    ch.set_reactor(&reactor);
    ch.set_worker(&worker);
    std::string frame(4096, 'x');
    iovec v = piece(frame);
    int pushed = 0;
    while (ch.push_to_reactor(&v, 1)) ++pushed;
    CHECK(pushed == int(LocalChannel::kCapacity / 4100));
    ch.worker_wants_room(true);
    // drain_to_reactor (a worker that cannot suspend) lets the reactor take everything now.
    reactor.take = true;
    ch.drain_to_reactor();
    CHECK(ch.bytes_to_reactor() == 0);
    for (int i = 0; i < 3; ++i) loop.run_once(0);
    CHECK(worker.writable == 1);
}

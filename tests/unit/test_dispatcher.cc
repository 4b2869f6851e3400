// server::Dispatcher with plain structs for channels: the three dispatch modes and the FIFO of
// streams waiting for a worker.
#include <catch2/catch.hpp>
#include <utility>
#include <vector>

#include "server/dispatcher.h"

using namespace trident;
using server::DispatchMode;
using server::Dispatcher;

namespace {

struct Channel {
    int id = 0;  // worker_id()
    int64_t in_flight = 0;
    bool ok = true;  // not draining, alive
    bool busy = false;
    bool dispatchable() const { return ok; }
    bool congested() const { return busy; }
    int worker_id() const { return id; }
};

// Channels for workers 0..n-1 in slot order.
std::vector<Channel> workers(int n) {
    std::vector<Channel> v(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) v[size_t(i)].id = i;
    return v;
}

std::vector<Channel*> slots(std::vector<Channel>& v) {
    std::vector<Channel*> p;
    for (Channel& c : v) p.push_back(&c);
    return p;
}

// Indices of `count` picks in a row.
std::vector<int> picks(Dispatcher& d, const std::vector<Channel*>& ch, int count, uint64_t session = 1) {
    std::vector<int> v;
    for (int i = 0; i < count; ++i) v.push_back(d.pick(session, ch));
    return v;
}

uint64_t session_on_slot(uint32_t slot) { return server::session_id::make(0, 1, slot); }

}  // namespace

TEST_CASE("Dispatcher: round_robin takes the channels in turn, skipping draining and dead slots", "[dispatcher]") {
    std::vector<Channel> ws = workers(3);
    std::vector<Channel*> ch = slots(ws);
    Dispatcher d(DispatchMode::RoundRobin, 3);
    ws[0].in_flight = 100;  // load does not matter in this mode
    CHECK(picks(d, ch, 4) == std::vector<int>{0, 1, 2, 0});
    ws[1].ok = false;
    CHECK(picks(d, ch, 3) == std::vector<int>{2, 0, 2});
    ch[0] = nullptr;
    CHECK(picks(d, ch, 2) == std::vector<int>{2, 2});
    ws[2].ok = false;
    CHECK(d.pick(1, ch) == -1);
    CHECK(d.pick(1, std::vector<Channel*>{}) == -1);
}

TEST_CASE("Dispatcher: least_loaded picks the fewest in flight and rotates among equals", "[dispatcher]") {
    std::vector<Channel> ws = workers(3);
    std::vector<Channel*> ch = slots(ws);
    Dispatcher d(DispatchMode::LeastLoaded, 3);
    ws[0].in_flight = 3;
    ws[1].in_flight = 1;
    ws[2].in_flight = 2;
    CHECK(d.pick(1, ch) == 1);
    CHECK(d.pick(1, ch) == 1);  // still the least loaded (the port counts, not the dispatcher)
    for (Channel& c : ws) c.in_flight = 0;
    CHECK(picks(d, ch, 4) == std::vector<int>{2, 0, 1, 2});  // from after the last pick
    ws[0].in_flight = 0;
    ws[1].in_flight = 5;
    ws[2].in_flight = 5;
    ws[0].ok = false;  // draining: never, however idle
    CHECK(picks(d, ch, 2) == std::vector<int>{1, 2});
    ch[1] = nullptr;
    CHECK(d.pick(1, ch) == 2);
    ws[2].ok = false;
    CHECK(d.pick(1, ch) == -1);
}

TEST_CASE("Dispatcher: least_loaded avoids a congested channel unless all are", "[dispatcher]") {
    std::vector<Channel> ws = workers(2);
    std::vector<Channel*> ch = slots(ws);
    Dispatcher d(DispatchMode::LeastLoaded, 2);
    ws[0].in_flight = 0;
    ws[0].busy = true;
    ws[1].in_flight = 1000;
    CHECK(picks(d, ch, 3) == std::vector<int>{1, 1, 1});
    ws[1].busy = true;  // both: the less loaded one
    CHECK(picks(d, ch, 2) == std::vector<int>{0, 0});
    // The penalty is a count, not a ban: a free channel loaded beyond it loses.
    ws[1].busy = false;
    ws[1].in_flight = Dispatcher::kCongestionPenalty + 1;
    CHECK(d.pick(1, ch) == 0);
}

TEST_CASE("Dispatcher: session_affinity sends a connection to worker slot % worker_num, else least loaded", "[dispatcher]") {
    // Slot order differs from worker ids (channels are replaced as workers restart).
    std::vector<Channel> ws = workers(3);
    ws[0].id = 2;
    ws[1].id = 0;
    ws[2].id = 1;
    std::vector<Channel*> ch = slots(ws);
    Dispatcher d(DispatchMode::SessionAffinity, 3);
    ws[2].in_flight = 50;  // affinity wins over load
    CHECK(picks(d, ch, 3, session_on_slot(4)) == std::vector<int>{2, 2, 2});  // 4 % 3 = worker 1
    CHECK(d.pick(session_on_slot(3), ch) == 1);                               // worker 0
    CHECK(d.pick(session_on_slot(8), ch) == 0);                               // worker 2
    // Only the slot counts, not the reactor or generation bits.
    CHECK(d.pick(server::session_id::make(5, 77, 4), ch) == 2);
    // Worker 1 draining: the least loaded other one.
    ws[2].ok = false;
    ws[0].in_flight = 4;
    ws[1].in_flight = 2;
    CHECK(d.pick(session_on_slot(4), ch) == 1);
    // Its new incarnation, in another slot, takes the connection back.
    ws.push_back(Channel{1, 0, true, false});
    ch = slots(ws);
    ch[2] = nullptr;  // the old one died
    CHECK(d.pick(session_on_slot(4), ch) == 3);
    Dispatcher one(DispatchMode::SessionAffinity, 0);  // worker_num 0 reads as 1
    CHECK(one.pick(session_on_slot(7), ch) == 1);       // worker 0's channel
}

TEST_CASE("Dispatcher: waiting streams are handed out in order while a worker can take one", "[dispatcher]") {
    Dispatcher d(DispatchMode::LeastLoaded, 1);
    CHECK_FALSE(d.has_waiting());
    d.wait(1, 10);
    d.wait(2, 20);
    d.wait(1, 30);
    CHECK(d.has_waiting());
    std::vector<uint64_t> asked;
    std::vector<std::pair<uint64_t, int64_t>> ready;
    int free = 2;
    auto can = [&](uint64_t sid) {
        asked.push_back(sid);
        return free > 0;
    };
    auto go = [&](uint64_t sid, int64_t stream) {
        --free;
        ready.emplace_back(sid, stream);
    };
    d.drain_waiting(can, go);
    CHECK(ready == std::vector<std::pair<uint64_t, int64_t>>{{1, 10}, {2, 20}});
    CHECK(asked == std::vector<uint64_t>{1, 2, 1});  // stopped at the third, which stays first
    CHECK(d.has_waiting());
    d.wait(3, 40);
    free = 5;
    d.drain_waiting(can, go);
    CHECK(ready == std::vector<std::pair<uint64_t, int64_t>>{{1, 10}, {2, 20}, {1, 30}, {3, 40}});
    CHECK_FALSE(d.has_waiting());
    d.drain_waiting(can, go);  // nothing left: nothing asked
    CHECK(asked.size() == 5);
}

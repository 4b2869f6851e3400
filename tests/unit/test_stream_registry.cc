// The stream registry (include/trident/server/stream_registry.h): ids, allocation, stale ids,
// generation wrap, full tables, iteration, counts, and readers in another process and in
// other threads while the owner allocates.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "trident/server/session_table.h"
#include "trident/server/stream_registry.h"

using namespace trident;
using namespace trident::server;
using ipc::Protocol;

namespace {

std::unique_ptr<StreamRegistry> make_registry(int reactors, uint32_t per_reactor) {
    auto reg = StreamRegistry::create(reactors, per_reactor);
    REQUIRE(reg);
    return reg;
}

bool live(const StreamRegistry& reg, uint64_t id) {
    StreamInfo info;
    return reg.find(id, info);
}

// The fields the concurrent tests give a stream, derived from one number so that a reader can
// check an entry is whole without knowing when it was allocated.
StreamKind kind_for(uint16_t worker) { return StreamKind(1 + worker % 3); }
Protocol protocol_for(uint16_t worker) { return Protocol(2 + worker % 3); }
bool consistent(const StreamInfo& s) {
    return s.kind == kind_for(s.worker) && s.protocol == protocol_for(s.worker) && s.state == StreamState::Open &&
           stream_id::is_stream_id(s.id);
}

}  // namespace

TEST_CASE("stream registry: id layout", "[registry]") {
    uint64_t id = stream_id::make(5, 0x123456, 77);
    CHECK(id == ((uint64_t(5) << 56) | (uint64_t(0x123456) << 32) | 0x80000000u | 77u));
    CHECK(stream_id::reactor(id) == 5);
    CHECK(stream_id::generation(id) == 0x123456);
    CHECK(stream_id::index(id) == 77);
    CHECK(stream_id::is_stream_id(id));
    CHECK(stream_id::kSlotBit == ipc::kRegistrySlotBit);
    // Session ids (SessionTable slots count up from 0) never have the slot bit, so the two
    // kinds of id never collide.
    SessionTable<int> sessions(5);
    int x = 0;
    uint64_t sid = sessions.add(&x);
    CHECK_FALSE(stream_id::is_stream_id(sid));
    CHECK(sid != stream_id::make(5, 1, 0));
    CHECK_FALSE(stream_id::is_stream_id(0));
    CHECK_FALSE(stream_id::is_stream_id(stream_id::make(5, 0, 77)));  // generation 0 is never issued
    CHECK(std::string(stream_kind_name(StreamKind::WebSocket)) == "websocket");
    CHECK(std::string(stream_kind_name(StreamKind::EventStream)) == "event-stream");
    CHECK(std::string(stream_kind_name(StreamKind::Detached)) == "detached");
    CHECK(std::string(stream_state_name(StreamState::Closing)) == "closing");
}

TEST_CASE("stream registry: capacity and memory", "[registry]") {
    CHECK(StreamRegistry::per_reactor(65536, 1) == 65536);
    CHECK(StreamRegistry::per_reactor(65536, 3) == 21846);  // rounded up: the total is a floor
    CHECK(StreamRegistry::per_reactor(65536, 64) == 1024);
    CHECK(StreamRegistry::per_reactor(0, 4) == 1);
    // 28 bytes per entry: the entry word, the push credit word, the push waiter mask, a queue slot.
    CHECK(StreamRegistry::mapping_size(2, 1000) == 2 * 128 + 2 * 1000 * 28);
    CHECK(StreamRegistry::mapping_size(1, 65536) == 128 + 65536 * 28);  // 1.75 MiB

    CHECK_FALSE(StreamRegistry::create(0, 16));
    CHECK_FALSE(StreamRegistry::create(kMaxReactors + 1, 16));
    CHECK_FALSE(StreamRegistry::create(1, 0));
    CHECK_FALSE(StreamRegistry::create(1, StreamRegistry::kMaxPerReactor + 1));
    auto reg = make_registry(kMaxReactors, 8);
    CHECK(reg->reactors() == kMaxReactors);
    CHECK(reg->capacity_per_reactor() == 8);
}

TEST_CASE("stream registry: allocate, find, set_state, release", "[registry]") {
    auto reg = make_registry(2, 16);
    uint64_t a = reg->allocate(1, StreamKind::WebSocket, Protocol::Http2, 7);
    REQUIRE(a != 0);
    CHECK(stream_id::reactor(a) == 1);
    CHECK(stream_id::generation(a) == 1);
    CHECK(stream_id::index(a) == 0);

    StreamInfo info;
    REQUIRE(reg->find(a, info));
    CHECK(info.id == a);
    CHECK(info.reactor() == 1);
    CHECK(info.state == StreamState::Open);
    CHECK(info.kind == StreamKind::WebSocket);
    CHECK(info.protocol == Protocol::Http2);
    CHECK(info.worker == 7);

    CHECK(reg->set_state(a, StreamState::Closing));
    REQUIRE(reg->find(a, info));
    CHECK(info.state == StreamState::Closing);  // still live while the close handshake runs
    CHECK(info.worker == 7);
    CHECK(reg->set_state(a, StreamState::Closing));   // again: no change, success
    CHECK_FALSE(reg->set_state(a, StreamState::Open));  // a closing stream does not reopen
    CHECK_FALSE(reg->set_state(a, StreamState::Free));  // release() frees
    CHECK_FALSE(reg->set_state(a, StreamState(9)));

    CHECK(reg->release(a));
    CHECK_FALSE(reg->find(a, info));
    CHECK_FALSE(reg->release(a));

    uint64_t b = reg->allocate(0, StreamKind::Detached, Protocol::Http10, 0xFFFF);
    REQUIRE(reg->find(b, info));
    CHECK(info.reactor() == 0);
    CHECK(info.worker == 0xFFFF);
    CHECK(info.protocol == Protocol::Http10);
}

TEST_CASE("stream registry: invalid arguments and foreign ids", "[registry]") {
    auto reg = make_registry(2, 4);
    CHECK(reg->allocate(2, StreamKind::WebSocket, Protocol::Http11, 0) == 0);  // no such reactor
    CHECK(reg->allocate(0, StreamKind(0), Protocol::Http11, 0) == 0);
    CHECK(reg->allocate(0, StreamKind(4), Protocol::Http11, 0) == 0);
    CHECK(reg->allocate(0, StreamKind::WebSocket, Protocol(0), 0) == 0);
    CHECK(reg->allocate(0, StreamKind::WebSocket, Protocol(5), 0) == 0);
    CHECK(reg->refused() == 0);  // bad arguments are not "full"

    uint64_t a = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 1);
    REQUIRE(a != 0);
    const uint64_t foreign[] = {
        0,
        a & ~uint64_t(stream_id::kSlotBit),  // the session id with the same fields
        stream_id::make(2, 1, 0),            // reactor out of range
        stream_id::make(0, 1, 4),            // index out of range
        stream_id::make(0, 1, stream_id::kMaxIndex),
        stream_id::make(0, 2, 0),            // right slot, wrong generation
        stream_id::make(1, 1, 0),            // the same slot of the other reactor (never used)
    };
    for (uint64_t id : foreign) {
        INFO("id=" << std::hex << id);
        CHECK_FALSE(live(*reg, id));
        CHECK_FALSE(reg->set_state(id, StreamState::Closing));
        CHECK_FALSE(reg->release(id));
    }
    CHECK(live(*reg, a));
}

TEST_CASE("stream registry: a stale id never matches the slot's next stream", "[registry]") {
    // Capacity 1: the slot is reused at once, the worst case for stale ids.
    auto reg = make_registry(1, 1);
    uint64_t a = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 1);
    REQUIRE(reg->release(a));
    uint64_t b = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 2);
    REQUIRE(b != 0);
    CHECK(stream_id::index(b) == stream_id::index(a));
    CHECK(stream_id::generation(b) == stream_id::generation(a) + 1);
    CHECK_FALSE(live(*reg, a));
    CHECK_FALSE(reg->set_state(a, StreamState::Closing));
    CHECK_FALSE(reg->release(a));  // a late release with the old id leaves the new stream alone
    StreamInfo info;
    REQUIRE(reg->find(b, info));
    CHECK(info.worker == 2);
    CHECK(info.state == StreamState::Open);
}

TEST_CASE("stream registry: the generation wraps from 2^24-1 to 1, never 0", "[registry]") {
    auto reg = make_registry(1, 1);
    uint64_t first = reg->allocate(0, StreamKind::WebSocket, Protocol::Http3, 0);
    REQUIRE(stream_id::generation(first) == 1);
    uint64_t id = first;
    // Plain checks in the loop: 2^24 Catch2 assertions would dominate the run time.
    for (uint32_t g = 1; g < session_id::kGenerationMask; ++g) {
        bool released = reg->release(id);
        id = reg->allocate(0, StreamKind::WebSocket, Protocol::Http3, 0);
        if (!released || stream_id::generation(id) != g + 1) {
            FAIL("generation " << stream_id::generation(id) << " after " << g);
        }
    }
    CHECK(stream_id::generation(id) == session_id::kGenerationMask);
    REQUIRE(reg->release(id));
    uint64_t wrapped = reg->allocate(0, StreamKind::WebSocket, Protocol::Http3, 0);
    CHECK(stream_id::generation(wrapped) == 1);
    CHECK(wrapped == first);  // after 2^24 - 1 reuses of one slot: the documented limit
    CHECK_FALSE(live(*reg, id));
    CHECK(reg->count(StreamKind::WebSocket) == 1);
}

TEST_CASE("stream registry: a full table refuses, per reactor", "[registry]") {
    auto reg = make_registry(2, 4);
    std::vector<uint64_t> ids;
    for (int i = 0; i < 4; ++i) {
        uint64_t id = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, uint16_t(i));
        REQUIRE(id != 0);
        ids.push_back(id);
    }
    CHECK(reg->allocate(0, StreamKind::EventStream, Protocol::Http2, 9) == 0);
    CHECK(reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 9) == 0);
    CHECK(reg->refused() == 2);
    // The other reactor has its own table.
    CHECK(reg->allocate(1, StreamKind::WebSocket, Protocol::Http11, 9) != 0);
    for (uint64_t id : ids) CHECK(live(*reg, id));

    // A full table reuses a released slot at once (the reuse delay only applies while fresh
    // slots remain).
    REQUIRE(reg->release(ids[2]));
    uint64_t again = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 5);
    REQUIRE(again != 0);
    CHECK(stream_id::index(again) == stream_id::index(ids[2]));
    CHECK(reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 5) == 0);
    CHECK(reg->refused() == 3);
}

TEST_CASE("stream registry: released slots rest behind kReuseDelay others", "[registry]") {
    const uint32_t cap = StreamRegistry::kReuseDelay + 100;
    auto reg = make_registry(1, cap);
    std::set<uint32_t> seen;
    // One stream at a time: the first kReuseDelay + 1 streams each get a fresh slot.
    for (uint32_t i = 0; i <= StreamRegistry::kReuseDelay; ++i) {
        uint64_t id = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 0);
        REQUIRE(id != 0);
        CHECK(stream_id::index(id) == i);
        seen.insert(stream_id::index(id));
        REQUIRE(reg->release(id));
    }
    CHECK(seen.size() == StreamRegistry::kReuseDelay + 1);
    // Now kReuseDelay + 1 slots wait: the oldest released (slot 0) comes back first, FIFO.
    uint64_t id = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 0);
    CHECK(stream_id::index(id) == 0);
    CHECK(stream_id::generation(id) == 2);
    REQUIRE(reg->release(id));
    id = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 0);
    CHECK(stream_id::index(id) == 1);
}

TEST_CASE("stream registry: iteration visits every live stream of a kind on every reactor", "[registry]") {
    auto reg = make_registry(3, 8);
    uint64_t ws0 = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 1);
    uint64_t sse = reg->allocate(0, StreamKind::EventStream, Protocol::Http2, 2);
    uint64_t ws2 = reg->allocate(2, StreamKind::WebSocket, Protocol::Http3, 3);
    uint64_t gone = reg->allocate(2, StreamKind::WebSocket, Protocol::Http2, 4);
    uint64_t closing = reg->allocate(1, StreamKind::WebSocket, Protocol::Http2, 5);
    REQUIRE(reg->release(gone));
    REQUIRE(reg->set_state(closing, StreamState::Closing));

    std::vector<StreamInfo> seen;
    reg->for_each_live(StreamKind::WebSocket, [&](const StreamInfo& s) { seen.push_back(s); });
    REQUIRE(seen.size() == 3);  // reactor order, then slot order; Closing included with its state
    CHECK(seen[0].id == ws0);
    CHECK(seen[0].worker == 1);
    CHECK(seen[1].id == closing);
    CHECK(seen[1].state == StreamState::Closing);
    CHECK(seen[2].id == ws2);
    CHECK(seen[2].protocol == Protocol::Http3);

    seen.clear();
    reg->for_each_live(StreamKind::EventStream, [&](const StreamInfo& s) { seen.push_back(s); });
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].id == sse);
    int detached = 0;
    reg->for_each_live(StreamKind::Detached, [&](const StreamInfo&) { ++detached; });
    CHECK(detached == 0);
}

TEST_CASE("stream registry: counts per kind and protocol", "[registry]") {
    auto reg = make_registry(2, 16);
    uint64_t a = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 0);
    reg->allocate(1, StreamKind::WebSocket, Protocol::Http11, 0);
    uint64_t c = reg->allocate(1, StreamKind::WebSocket, Protocol::Http2, 0);
    reg->allocate(0, StreamKind::WebSocket, Protocol::Http3, 0);
    reg->allocate(0, StreamKind::EventStream, Protocol::Http2, 0);
    reg->allocate(1, StreamKind::Detached, Protocol::Http10, 0);
    CHECK(reg->count(StreamKind::WebSocket) == 4);
    CHECK(reg->count(StreamKind::WebSocket, Protocol::Http11) == 2);  // summed over reactors
    CHECK(reg->count(StreamKind::WebSocket, Protocol::Http2) == 1);
    CHECK(reg->count(StreamKind::WebSocket, Protocol::Http3) == 1);
    CHECK(reg->count(StreamKind::WebSocket, Protocol::Http10) == 0);
    CHECK(reg->count(StreamKind::EventStream) == 1);
    CHECK(reg->count(StreamKind::Detached, Protocol::Http10) == 1);
    CHECK(reg->count(StreamKind(0)) == 0);
    CHECK(reg->count(StreamKind::WebSocket, Protocol(7)) == 0);

    REQUIRE(reg->set_state(a, StreamState::Closing));
    CHECK(reg->count(StreamKind::WebSocket, Protocol::Http11) == 2);  // closing is still live
    REQUIRE(reg->release(a));
    REQUIRE(reg->release(c));
    CHECK_FALSE(reg->release(c));
    CHECK(reg->count(StreamKind::WebSocket) == 2);
    CHECK(reg->count(StreamKind::WebSocket, Protocol::Http11) == 1);
    CHECK(reg->count(StreamKind::WebSocket, Protocol::Http2) == 0);
}

TEST_CASE("stream registry: another process reads while this one allocates", "[registry][fork]") {
    // Two reactors' tables, filled from this process (the reactor threads live in the master);
    // the child stands for a worker.
    auto reg = make_registry(2, 4096);
    constexpr int kPinned = 500;
    std::vector<uint64_t> pinned;
    for (int i = 0; i < kPinned; ++i) {
        auto w = uint16_t(i);
        pinned.push_back(reg->allocate(uint8_t(i % 2), kind_for(w), protocol_for(w), w));
        REQUIRE(pinned.back() != 0);
    }
    int to_child[2], from_child[2];
    REQUIRE(pipe(to_child) == 0);
    REQUIRE(pipe(from_child) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // Child: no Catch2 macros (they belong to the parent's run); the exit status reports.
        close(to_child[1]);
        close(from_child[0]);
        // Non-blocking while the parent churns: the child must read the tables meanwhile.
        int fl = fcntl(to_child[0], F_GETFL);
        fcntl(to_child[0], F_SETFL, fl | O_NONBLOCK);
        char go = 1;
        if (write(from_child[1], &go, 1) != 1) _exit(10);
        int rounds = 0;
        bool done = false;
        while (!done || rounds < 3) {
            // The parent's byte (or EOF) ends the churn phase; the child makes at least 3 rounds.
            char c;
            if (!done && read(to_child[0], &c, 1) == 1) done = true;
            for (int i = 0; i < kPinned; ++i) {
                StreamInfo s;
                if (!reg->find(pinned[size_t(i)], s) || s.worker != i || !consistent(s)) _exit(11);
            }
            int pinned_seen = 0;
            bool bad = false;
            for (StreamKind k : {StreamKind::WebSocket, StreamKind::EventStream, StreamKind::Detached}) {
                reg->for_each_live(k, [&](const StreamInfo& s) {
                    if (!consistent(s) || s.kind != k) bad = true;
                    if (s.worker < kPinned && stream_id::generation(s.id) == 1 &&
                        s.id == pinned[s.worker]) {
                        ++pinned_seen;
                    }
                });
            }
            if (bad) _exit(12);
            if (pinned_seen != kPinned) _exit(13);
            // Tells the parent that 20 full rounds ran during its churn.
            if (++rounds == 20 && !done && write(from_child[1], &go, 1) != 1) _exit(16);
        }
        // After the churn: every churned id the parent released is dead here too.
        fcntl(to_child[0], F_SETFL, fl);
        uint64_t dead;
        while (read(to_child[0], &dead, sizeof dead) == sizeof dead) {
            if (live(*reg, dead)) _exit(14);
        }
        if (reg->count(StreamKind::WebSocket) + reg->count(StreamKind::EventStream) +
                reg->count(StreamKind::Detached) != kPinned) {
            _exit(15);
        }
        _exit(0);
    }
    close(to_child[0]);
    close(from_child[1]);
    char go = 0;
    REQUIRE(read(from_child[0], &go, 1) == 1);  // the child is reading from here on
    fcntl(from_child[0], F_SETFL, fcntl(from_child[0], F_GETFL) | O_NONBLOCK);
    // Churn: allocate and release streams (workers kPinned.. so the child can tell them apart)
    // until the child has made 20 rounds meanwhile (bounded); each churned id is kept to prove
    // it dead afterwards.
    std::vector<uint64_t> released;
    bool overlapped = false;
    for (int round = 0; round < 1000000 && !overlapped; ++round) {
        overlapped = read(from_child[0], &go, 1) == 1;
        std::vector<uint64_t> batch;
        for (int i = 0; i < 50; ++i) {
            auto w = uint16_t(kPinned + (round * 50 + i) % 60000);
            uint64_t id = reg->allocate(uint8_t(i % 2), kind_for(w), protocol_for(w), w);
            REQUIRE(id != 0);
            batch.push_back(id);
        }
        for (uint64_t id : batch) {
            REQUIRE(reg->release(id));
            if (released.size() < 2000) released.push_back(id);
        }
    }
    CHECK(overlapped);
    char done = 1;
    REQUIRE(write(to_child[1], &done, 1) == 1);
    for (uint64_t id : released) REQUIRE(write(to_child[1], &id, sizeof id) == ssize_t(sizeof id));
    close(to_child[1]);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    close(from_child[0]);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("stream registry: reactor threads allocate in their own tables while readers iterate", "[registry]") {
    constexpr int kReactors = 4;
    auto reg = make_registry(kReactors, 256);
    std::atomic<bool> stop{false};
    std::atomic<int> bad{0};
    std::thread reader([&] {
        while (!stop.load()) {
            for (StreamKind k : {StreamKind::WebSocket, StreamKind::EventStream, StreamKind::Detached}) {
                reg->for_each_live(k, [&](const StreamInfo& s) {
                    StreamInfo again;
                    if (!consistent(s) || s.kind != k) bad.fetch_add(1);
                    // A second look may find it released, never changed into something else.
                    if (reg->find(s.id, again) && (again.worker != s.worker || again.kind != s.kind)) bad.fetch_add(1);
                });
            }
        }
    });
    std::vector<std::thread> reactors;
    for (int r = 0; r < kReactors; ++r) {
        reactors.emplace_back([&, r] {
            std::vector<uint64_t> mine;
            for (int i = 0; i < 20000; ++i) {
                auto w = uint16_t(i);
                uint64_t id = reg->allocate(uint8_t(r), kind_for(w), protocol_for(w), w);
                if (id == 0 || stream_id::reactor(id) != r) bad.fetch_add(1);
                mine.push_back(id);
                if (mine.size() > 200) {
                    if (!reg->release(mine.front())) bad.fetch_add(1);
                    mine.erase(mine.begin());
                }
            }
            for (uint64_t id : mine) reg->release(id);
        });
    }
    for (auto& t : reactors) t.join();
    stop.store(true);
    reader.join();
    CHECK(bad.load() == 0);
    for (StreamKind k : {StreamKind::WebSocket, StreamKind::EventStream, StreamKind::Detached}) CHECK(reg->count(k) == 0);
    CHECK(reg->refused() == 0);
}

TEST_CASE("stream registry: push credit is bounded, lets one big message go alone, and dies with the id",
          "[registry][websocket]") {
    using Charge = StreamRegistry::Charge;
    constexpr uint64_t kBound = StreamRegistry::kPushBound;
    auto reg = make_registry(2, 16);
    const uint64_t a = reg->allocate(1, StreamKind::WebSocket, Protocol::Http11, 3);
    const uint64_t b = reg->allocate(1, StreamKind::WebSocket, Protocol::Http2, 4);
    REQUIRE(a != 0);
    REQUIRE(b != 0);
    CHECK(reg->push_outstanding(a) == 0);
    // Up to the bound, then Full; nothing is counted for a refused charge.
    CHECK(reg->charge_push(a, kBound / 2) == Charge::Charged);
    CHECK(reg->charge_push(a, kBound / 2) == Charge::Charged);
    CHECK(reg->push_outstanding(a) == kBound);
    CHECK(reg->charge_push(a, 1) == Charge::Full);
    CHECK(reg->push_outstanding(a) == kBound);
    // Per stream: b is untouched.
    CHECK(reg->push_outstanding(b) == 0);
    // A message larger than the bound goes when nothing is outstanding, and only then.
    CHECK(reg->charge_push(b, 3 * kBound) == Charge::Charged);
    CHECK(reg->charge_push(b, 1) == Charge::Full);
    CHECK(reg->discharge_push(b, 3 * kBound) == 0);
    CHECK(reg->charge_push(b, 10) == Charge::Charged);
    CHECK(reg->charge_push(b, 3 * kBound) == Charge::Full);
    // Discharging never goes below zero.
    CHECK(reg->discharge_push(b, 1000) == 0);
    CHECK(reg->push_outstanding(b) == 0);
    CHECK(reg->discharge_push(a, kBound / 4) == 3 * kBound / 4);
    CHECK(reg->charge_push(a, kBound / 4) == Charge::Charged);
    CHECK(reg->charge_push(a, 1) == Charge::Full);

    // Waiters: one bit per worker slot, taken once; nothing to take costs nothing.
    CHECK(reg->take_push_waiters(a) == 0);
    reg->add_push_waiter(a, 5);
    reg->add_push_waiter(a, 7);
    reg->add_push_waiter(a, 5);
    CHECK(reg->take_push_waiters(a) == (StreamRegistry::waiter_bit(5) | StreamRegistry::waiter_bit(7)));
    CHECK(reg->take_push_waiters(a) == 0);
    CHECK(StreamRegistry::waiter_bit(70) == StreamRegistry::waiter_bit(6));  // slots share bits mod 64

    // Release: the waiters are handed over, the id's credit is gone (charges say Gone), and
    // the slot's next stream starts from nothing.
    reg->add_push_waiter(a, 2);
    uint64_t waiting = 0;
    REQUIRE(reg->release(a, &waiting));
    CHECK(waiting == StreamRegistry::waiter_bit(2));
    CHECK(reg->charge_push(a, 1) == Charge::Gone);
    CHECK(reg->push_outstanding(a) == 0);
    CHECK(reg->discharge_push(a, 5) == 0);
    reg->add_push_waiter(a, 9);  // a late waiter on the dead id: the next stream does not inherit it
    uint64_t again = 0;
    for (int i = 0; i < int(StreamRegistry::kReuseDelay) + 20 && again == 0; ++i) {
        uint64_t id = reg->allocate(1, StreamKind::WebSocket, Protocol::Http11, 3);
        REQUIRE(id != 0);
        if (stream_id::index(id) == stream_id::index(a)) again = id;
        else REQUIRE(reg->release(id));
    }
    REQUIRE(again != 0);
    CHECK(again != a);
    CHECK(reg->push_outstanding(again) == 0);
    CHECK(reg->take_push_waiters(again) == 0);
    CHECK(reg->charge_push(a, 1) == Charge::Gone);  // the stale id still cannot charge the new stream
    CHECK(reg->charge_push(again, kBound) == Charge::Charged);
    // Ids that cannot be the registry's.
    CHECK(reg->charge_push(0, 1) == Charge::Gone);
    CHECK(reg->charge_push(stream_id::make(9, 1, 0), 1) == Charge::Gone);
    CHECK(reg->charge_push(stream_id::make(1, 1, 999), 1) == Charge::Gone);
}

TEST_CASE("stream registry: workers in other processes charge one stream's credit, never past the bound",
          "[registry][websocket][fork]") {
    // Four children charge 4 KiB at a time against one stream while this process (the reactor)
    // discharges; the outstanding bytes never pass the bound, and what every side counted adds up.
    constexpr uint64_t kBound = StreamRegistry::kPushBound;
    constexpr uint64_t kChunk = 4096;
    constexpr int kChildren = 4;
    constexpr int kPerChild = 2000;
    auto reg = make_registry(1, 8);
    const uint64_t id = reg->allocate(0, StreamKind::WebSocket, Protocol::Http11, 0);
    REQUIRE(id != 0);
    std::vector<pid_t> kids;
    for (int c = 0; c < kChildren; ++c) {
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int done = 0;
            while (done < kPerChild) {
                StreamRegistry::Charge r = reg->charge_push(id, kChunk);
                if (r == StreamRegistry::Charge::Gone) _exit(20);
                if (r == StreamRegistry::Charge::Charged) {
                    ++done;
                    if (reg->push_outstanding(id) > kBound) _exit(21);
                } else {
                    reg->add_push_waiter(id, c);
                    usleep(50);
                }
            }
            _exit(0);
        }
        kids.push_back(pid);
    }
    uint64_t discharged = 0;
    uint64_t max_seen = 0;
    uint64_t woken = 0;
    const uint64_t total = uint64_t(kChildren) * kPerChild * kChunk;
    for (int spins = 0; discharged < total && spins < 50000000; ++spins) {
        const uint64_t now = reg->push_outstanding(id);
        max_seen = std::max(max_seen, now);
        if (now >= kChunk) {
            reg->discharge_push(id, kChunk);
            discharged += kChunk;
            woken |= reg->take_push_waiters(id);
        }
    }
    for (pid_t pid : kids) {
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    CHECK(discharged == total);
    CHECK(reg->push_outstanding(id) == 0);
    CHECK(max_seen <= kBound);
    CHECK(woken != 0);  // the children did wait for room
}

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <vector>

#include "trident/server/session_table.h"

using namespace trident::server;
namespace sid = trident::server::session_id;

TEST_CASE("session id packs reactor, generation and slot", "[session]") {
    uint64_t id = sid::make(0xAB, 0x123456, 0xDEADBEEF);
    CHECK(id == 0xAB123456DEADBEEFull);
    CHECK(sid::reactor(id) == 0xAB);
    CHECK(sid::generation(id) == 0x123456);
    CHECK(sid::slot(id) == 0xDEADBEEF);
    // A generation wider than 24 bits must not spill into the reactor byte.
    uint64_t wide = sid::make(1, 0xFF000001, 2);
    CHECK(sid::reactor(wide) == 1);
    CHECK(sid::generation(wide) == 1);
    CHECK(sid::slot(wide) == 2);
}

TEST_CASE("session table add, find, remove", "[session]") {
    SessionTable<int> t(3);
    int a = 1, b = 2, c = 3;
    CHECK(t.size() == 0);
    uint64_t ia = t.add(&a);
    uint64_t ib = t.add(&b);
    uint64_t ic = t.add(&c);
    CHECK(t.size() == 3);
    CHECK(ia != 0);
    CHECK(ia != ib);
    CHECK(ib != ic);
    for (uint64_t id : {ia, ib, ic}) {
        CHECK(sid::reactor(id) == 3);
        CHECK(sid::generation(id) == 1);
    }
    CHECK(t.find(ia) == &a);
    CHECK(t.find(ib) == &b);
    CHECK(t.find(ic) == &c);

    CHECK(t.remove(ib));
    CHECK(t.size() == 2);
    CHECK(t.find(ib) == nullptr);
    CHECK_FALSE(t.remove(ib));
    CHECK(t.size() == 2);
    CHECK(t.find(ia) == &a);
    CHECK(t.find(ic) == &c);

    CHECK(t.find(0) == nullptr);
    CHECK_FALSE(t.remove(0));
    // Never-issued slot and never-issued generation.
    CHECK(t.find(sid::make(3, 1, 100)) == nullptr);
    CHECK(t.find(sid::make(3, 2, sid::slot(ia))) == nullptr);
    CHECK(t.find(sid::make(3, 0, sid::slot(ia))) == nullptr);
    CHECK_FALSE(t.remove(sid::make(3, 1, 100)));
}

TEST_CASE("session table: a reused slot gets a new generation and the stale id is dead",
          "[session]") {
    SessionTable<int> t(0);
    int a = 1, b = 2;
    uint64_t old_id = t.add(&a);
    REQUIRE(t.remove(old_id));
    uint64_t new_id = t.add(&b);
    CHECK(sid::slot(new_id) == sid::slot(old_id));
    CHECK(sid::generation(new_id) == sid::generation(old_id) + 1);
    CHECK(t.find(old_id) == nullptr);
    CHECK(t.find(new_id) == &b);
    // The stale id must not be able to evict the new owner either.
    CHECK_FALSE(t.remove(old_id));
    CHECK(t.find(new_id) == &b);
    CHECK(t.size() == 1);
}

TEST_CASE("session table: ids of another reactor are never found", "[session]") {
    SessionTable<int> t5(5);
    SessionTable<int> t6(6);
    int a = 1, b = 2;
    uint64_t i5 = t5.add(&a);
    uint64_t i6 = t6.add(&b);
    // Same slot and generation in both tables: only the reactor byte differs.
    REQUIRE(sid::slot(i5) == sid::slot(i6));
    REQUIRE(sid::generation(i5) == sid::generation(i6));
    CHECK(t5.find(i6) == nullptr);
    CHECK(t6.find(i5) == nullptr);
    CHECK_FALSE(t5.remove(i6));
    CHECK(t5.find(i5) == &a);
    for (int r = 0; r < 256; ++r) {
        if (r == 5) continue;
        CHECK(t5.find(sid::make(uint8_t(r), sid::generation(i5), sid::slot(i5))) == nullptr);
    }
}

TEST_CASE("session table: generation wraps to 1, never 0", "[session]") {
    SessionTable<int> t(9);
    int v = 0;
    uint64_t id = t.add(&v);
    // Walk the slot through every generation; 2^24 - 1 reuses bring it back to the top.
    // Failures are counted rather than asserted per step to keep 16M checks out of the report.
    uint32_t failed_removes = 0;
    for (uint32_t i = 1; i < sid::kGenerationMask; ++i) {
        if (!t.remove(id)) ++failed_removes;
        id = t.add(&v);
    }
    REQUIRE(failed_removes == 0);
    CHECK(sid::generation(id) == sid::kGenerationMask);
    CHECK(sid::slot(id) == 0);
    uint64_t top = id;
    REQUIRE(t.remove(id));
    id = t.add(&v);
    CHECK(sid::generation(id) == 1);
    CHECK(id != 0);
    CHECK(t.find(top) == nullptr);
    CHECK(t.find(id) == &v);
    REQUIRE(t.remove(id));
    id = t.add(&v);
    CHECK(sid::generation(id) == 2);
}

TEST_CASE("session table: reactor 0, slot 0, generation 1 is not the id 0", "[session]") {
    SessionTable<int> t(0);
    int v = 0;
    uint64_t id = t.add(&v);
    CHECK(id == sid::make(0, 1, 0));
    CHECK(id != 0);
    CHECK(t.find(0) == nullptr);
}

TEST_CASE("session table for_each visits exactly the live sessions with their ids", "[session]") {
    SessionTable<int> t(42);
    std::vector<int> values(10);
    std::vector<uint64_t> ids;
    for (auto& v : values) ids.push_back(t.add(&v));
    REQUIRE(t.remove(ids[2]));
    REQUIRE(t.remove(ids[7]));
    int extra = -1;
    uint64_t reused = t.add(&extra);  // takes one of the freed slots with generation 2

    std::map<uint64_t, int*> want;
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i != 2 && i != 7) want[ids[i]] = &values[i];
    }
    want[reused] = &extra;

    std::map<uint64_t, int*> seen;
    t.for_each([&](uint64_t id, int* p) {
        CHECK(seen.count(id) == 0);
        seen[id] = p;
    });
    CHECK(seen == want);
    CHECK(seen.size() == t.size());
    for (const auto& [id, p] : seen) CHECK(t.find(id) == p);

    SessionTable<int> empty(1);
    int calls = 0;
    empty.for_each([&](uint64_t, int*) { ++calls; });
    CHECK(calls == 0);
}

TEST_CASE("session table reuses freed slots before growing", "[session]") {
    SessionTable<int> t(1);
    int v[4];
    uint64_t a = t.add(&v[0]);
    uint64_t b = t.add(&v[1]);
    REQUIRE(t.remove(a));
    REQUIRE(t.remove(b));
    uint64_t c = t.add(&v[2]);
    uint64_t d = t.add(&v[3]);
    std::vector<uint32_t> slots = {sid::slot(c), sid::slot(d)};
    std::sort(slots.begin(), slots.end());
    CHECK(slots == std::vector<uint32_t>{0, 1});
    CHECK(t.find(c) == &v[2]);
    CHECK(t.find(d) == &v[3]);
    CHECK(t.size() == 2);
}

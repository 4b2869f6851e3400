#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

#include "trident/coroutine/coroutine_table.h"

using trident::coroutine::CoroutineTable;

TEST_CASE("coroutine ids are sequential and never reused", "[coroutine_table]") {
    CoroutineTable t;
    int x;
    CHECK(t.add(-1, &x) == 1);
    CHECK(t.add(1, &x) == 2);
    CHECK(t.remove(2));
    CHECK_FALSE(t.remove(2));
    CHECK(t.add(1, &x) == 3);
    CHECK(t.size() == 2);
    CHECK(t.peak() == 2);
    CHECK(t.last_id() == 3);
    REQUIRE(t.find(3) != nullptr);
    CHECK(t.find(3)->parent == 1);
    CHECK(t.find(1)->parent == -1);
    CHECK(t.find(2) == nullptr);
    CHECK(t.find(0) == nullptr);
    CHECK(t.find(-1) == nullptr);
    t.reset();
    CHECK(t.size() == 0);
    CHECK(t.add(-1, &x) == 1);
}

TEST_CASE("coroutine table matches a reference map under churn", "[coroutine_table]") {
    CoroutineTable t;
    std::map<int64_t, void*> ref;
    std::mt19937 rng(42);
    std::vector<int64_t> live;
    static char handles[64];
    for (int step = 0; step < 100000; ++step) {
        bool add = live.empty() || (rng() % 100) < (live.size() < 3000 ? 55u : 45u);
        if (add) {
            void* h = &handles[rng() % 64];
            int64_t parent = live.empty() ? -1 : live[rng() % live.size()];
            int64_t id = t.add(parent, h);
            ref[id] = h;
            live.push_back(id);
        } else {
            size_t k = rng() % live.size();
            int64_t id = live[k];
            live[k] = live.back();
            live.pop_back();
            REQUIRE(t.remove(id));
            ref.erase(id);
        }
        if (step % 997 == 0) {
            REQUIRE(t.size() == ref.size());
            for (auto& [id, h] : ref) {
                auto* e = t.find(id);
                REQUIRE(e != nullptr);
                REQUIRE(e->handle == h);
            }
            size_t seen = 0;
            t.for_each([&](const CoroutineTable::Entry& e) {
                ++seen;
                REQUIRE(ref.count(e.id) == 1);
            });
            REQUIRE(seen == ref.size());
        }
    }
    CHECK(t.peak() >= t.size());
}

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "trident/core/deadline_heap.h"

using trident::DeadlineHeap;
using trident::DeadlineNode;

TEST_CASE("deadline heap: pops in deadline order", "[deadline_heap]") {
    DeadlineHeap h;
    DeadlineNode a, b, c;
    h.set(&a, 30);
    h.set(&b, 10);
    h.set(&c, 20);
    REQUIRE(h.size() == 3);
    REQUIRE(h.top() == &b);
    h.remove(&b);
    REQUIRE(h.top() == &c);
    REQUIRE_FALSE(b.queued());
    h.remove(&c);
    REQUIRE(h.top() == &a);
    h.remove(&a);
    REQUIRE(h.empty());
    REQUIRE(h.next_deadline() == DeadlineNode::kNever);
}

TEST_CASE("deadline heap: moving and removing nodes keeps the order", "[deadline_heap]") {
    DeadlineHeap h;
    DeadlineNode a, b, c;
    h.set(&a, 10);
    h.set(&b, 20);
    h.set(&c, 30);
    h.set(&a, 40);  // later
    REQUIRE(h.top() == &b);
    h.set(&c, 5);   // earlier
    REQUIRE(h.top() == &c);
    h.set(&c, DeadlineNode::kNever);  // removes
    REQUIRE_FALSE(c.queued());
    REQUIRE(h.size() == 2);
    REQUIRE(h.top() == &b);
    h.remove(&c);  // removing twice is harmless
    REQUIRE(h.size() == 2);
}

TEST_CASE("deadline heap: random operations match a sorted reference", "[deadline_heap]") {
    std::mt19937_64 rng(42);
    std::vector<DeadlineNode> nodes(500);
    DeadlineHeap h;
    for (int round = 0; round < 20000; ++round) {
        DeadlineNode& n = nodes[rng() % nodes.size()];
        switch (rng() % 3) {
            case 0:
            case 1: h.set(&n, rng() % 100000); break;
            case 2: h.remove(&n); break;
        }
        uint64_t want = DeadlineNode::kNever;
        size_t queued = 0;
        for (const DeadlineNode& x : nodes) {
            if (x.queued()) {
                ++queued;
                want = std::min(want, x.deadline);
            }
        }
        REQUIRE(h.size() == queued);
        REQUIRE(h.next_deadline() == want);
    }
    // Draining pops ascending deadlines.
    uint64_t last = 0;
    while (DeadlineNode* t = h.top()) {
        REQUIRE(t->deadline >= last);
        last = t->deadline;
        h.remove(t);
    }
}

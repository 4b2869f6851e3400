#include <catch2/catch.hpp>

#include <vector>

#include "trident/coroutine/run_queue.h"

using trident::ListLink;
using trident::coroutine::RunQueue;

namespace {
struct Node {
    ListLink link;  // first member
    int id;
};
Node* node(ListLink* l) { return reinterpret_cast<Node*>(l); }
}  // namespace

TEST_CASE("run queue is FIFO and refuses duplicates", "[run_queue]") {
    RunQueue q;
    Node a{{}, 1}, b{{}, 2}, c{{}, 3};
    CHECK(q.push(&a.link));
    CHECK(q.push(&b.link));
    CHECK_FALSE(q.push(&a.link));
    CHECK(q.push(&c.link));
    CHECK(q.size() == 3);
    CHECK(q.remove(&b.link));
    CHECK_FALSE(q.remove(&b.link));
    CHECK(node(q.pop())->id == 1);
    CHECK(node(q.pop())->id == 3);
    CHECK(q.pop() == nullptr);
    CHECK(q.empty());
}

TEST_CASE("drain runs requeued nodes within the budget", "[run_queue]") {
    RunQueue q;
    Node a{{}, 1}, b{{}, 2};
    q.push(&a.link);
    q.push(&b.link);
    std::vector<int> order;
    // Every node re-queues itself (a coroutine calling sleep(0)): only the budget stops it.
    size_t ran = q.drain(5, [&](ListLink* l) {
        order.push_back(node(l)->id);
        q.push(l);
    });
    CHECK(ran == 5);
    CHECK(order == std::vector<int>{1, 2, 1, 2, 1});
    CHECK(q.size() == 2);
    ran = q.drain(100, [&](ListLink* l) { order.push_back(node(l)->id); });
    CHECK(ran == 2);
    CHECK(order.back() == 1);
    CHECK(q.empty());
}

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "trident/coroutine/wait_group.h"

using namespace trident::coroutine;

namespace {
void collect(void* ctx, Waiter* w) { static_cast<std::vector<Waiter*>*>(ctx)->push_back(w); }
}  // namespace

TEST_CASE("wait group releases its waiters at zero", "[wait_group]") {
    WaitGroup wg;
    std::vector<Waiter*> woken;
    CHECK(wg.count() == 0);
    CHECK(wg.add(3, collect, &woken));
    Waiter a, b;
    wg.wait(&a);
    wg.wait(&b);
    CHECK(wg.waiters() == 2);
    CHECK(wg.add(-1, collect, &woken));
    CHECK(wg.add(-1, collect, &woken));
    CHECK(woken.empty());
    CHECK(wg.add(-1, collect, &woken));
    CHECK(woken == std::vector<Waiter*>{&a, &b});
    CHECK(a.status == WaitStatus::Done);
    CHECK(wg.waiters() == 0);
    CHECK(wg.count() == 0);
}

TEST_CASE("wait group refuses a negative counter", "[wait_group]") {
    WaitGroup wg(1);
    std::vector<Waiter*> woken;
    CHECK_FALSE(wg.add(-2, collect, &woken));
    CHECK(wg.count() == 1);
    CHECK(wg.add(-1, collect, &woken));
    CHECK_FALSE(wg.add(-1, collect, &woken));
    CHECK(wg.count() == 0);
    CHECK(wg.add(INT64_MAX, collect, &woken));
    CHECK_FALSE(wg.add(1, collect, &woken));  // overflow
    CHECK(wg.count() == INT64_MAX);
    CHECK(WaitGroup(-5).count() == 0);
}

TEST_CASE("a cancelled waiter is not released", "[wait_group]") {
    WaitGroup wg(1);
    std::vector<Waiter*> woken;
    Waiter a, b;
    wg.wait(&a);
    wg.wait(&b);
    wg.cancel(&a);
    CHECK(wg.waiters() == 1);
    wg.add(-1, collect, &woken);
    CHECK(woken == std::vector<Waiter*>{&b});
    CHECK(a.status == WaitStatus::Pending);
}

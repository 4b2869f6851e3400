#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "trident/core/event_loop.h"
#include "trident/core/thread_pool.h"

using trident::EventLoop;
using trident::ThreadPool;

namespace {
int64_t ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

TEST_CASE("thread pool: work runs on pool threads, done on the loop thread, in parallel up to the limit", "[thread_pool]") {
    EventLoop loop;
    ThreadPool pool(loop, 2);
    const auto loop_thread = std::this_thread::get_id();
    std::vector<int> done_order;
    std::atomic<int> on_loop_thread{0};
    std::atomic<int> worked_elsewhere{0};
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 4; ++i) {
        REQUIRE(pool.submit(
            [&, i] {
                if (std::this_thread::get_id() != loop_thread) worked_elsewhere++;
                std::this_thread::sleep_for(std::chrono::milliseconds(100 + 10 * i));
            },
            [&, i] {
                if (std::this_thread::get_id() == loop_thread) on_loop_thread++;
                done_order.push_back(i);
            }));
    }
    CHECK(pool.pending() == 4);
    loop.run();  // returns once every done() ran: an idle pool keeps nothing watched
    int64_t took = ms_since(t0);
    CHECK(worked_elsewhere == 4);
    CHECK(on_loop_thread == 4);
    CHECK(done_order.size() == 4);
    CHECK(pool.pending() == 0);
    CHECK(pool.threads() == 2);
    // Two at a time: about 2 x 110 ms, well below the 460 ms of one thread.
    CHECK(took >= 200);
    CHECK(took < 420);
    CHECK_FALSE(loop.alive());
}

TEST_CASE("thread pool: a done() may submit more work", "[thread_pool]") {
    EventLoop loop;
    ThreadPool pool(loop, 1);
    int rounds = 0;
    std::function<void()> again = [&] {
        if (++rounds < 5) pool.submit([] {}, again);
    };
    REQUIRE(pool.submit([] {}, again));
    loop.run();
    CHECK(rounds == 5);
    CHECK(pool.threads() == 1);
}

TEST_CASE("thread pool: destroying it does not wait for running work, whose done() is dropped", "[thread_pool]") {
    auto finished = std::make_shared<std::atomic<bool>>(false);
    bool done_ran = false;
    {
        EventLoop loop;
        auto pool = std::make_unique<ThreadPool>(loop, 1);
        REQUIRE(pool->submit(
            [finished] {
                std::this_thread::sleep_for(std::chrono::milliseconds(150));
                *finished = true;
            },
            [&] { done_ran = true; }));
        REQUIRE(pool->submit([] {}, [&] { done_ran = true; }));  // queued, never started
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        auto t0 = std::chrono::steady_clock::now();
        pool.reset();
        CHECK(ms_since(t0) < 50);
        CHECK_FALSE(*finished);
        CHECK_FALSE(loop.alive());
    }
    for (int i = 0; i < 100 && !*finished; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(*finished);  // the abandoned work still ran to its end
    CHECK_FALSE(done_ran);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let the detached thread exit
}

TEST_CASE("thread pool: with idle_ms, threads without work end after that long and start again for new work", "[thread_pool]") {
    EventLoop loop;
    ThreadPool pool(loop, 3, 50);
    std::atomic<int> ran{0};
    for (int i = 0; i < 3; ++i) {
        REQUIRE(pool.submit([&] { std::this_thread::sleep_for(std::chrono::milliseconds(30)); ran++; }, [] {}));
    }
    loop.run();
    CHECK(ran == 3);
    CHECK(pool.threads() == 3);
    auto t0 = std::chrono::steady_clock::now();
    while (pool.threads() > 0 && ms_since(t0) < 2000) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(pool.threads() == 0);
    CHECK(ms_since(t0) >= 20);  // not before their idle time (50 ms from their last job)
    bool done = false;
    REQUIRE(pool.submit([&] { ran++; }, [&] { done = true; }));
    loop.run();
    CHECK(done);
    CHECK(ran == 4);
    CHECK(pool.threads() == 1);
}

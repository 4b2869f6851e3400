// stream::WorkerLink alone, against test::FakeWorkers: the per-stream dispatch state and the
// only place a stream enters or leaves a worker's in-flight count.
#include <catch2/catch.hpp>
#include <string>

#include "mux_harness.h"
#include "stream/worker_link.h"

using namespace trident;
using ipc::FrameType;
using stream::WorkerLink;
using State = WorkerLink::State;
using Opened = WorkerLink::Opened;

namespace {

constexpr uint64_t kSession = 77;
const std::string kHead = "encoded head";

const uint8_t* head_bytes() { return reinterpret_cast<const uint8_t*>(kHead.data()); }

}  // namespace

TEST_CASE("WorkerLink: open on a free worker is Active and counts in its load", "[stream]") {
    test::FakeWorkers w(2);
    w.load[0] = 3;  // the fake picks the least loaded: worker 1
    WorkerLink link;
    CHECK(link.state() == State::None);
    CHECK_FALSE(link.dispatched());
    CHECK(link.open(w, kSession, 5, head_bytes(), kHead.size(), true) == Opened::Active);
    CHECK(link.active());
    CHECK(link.dispatched());
    CHECK(link.binding() == 1);
    CHECK(w.load == std::vector<int64_t>{3, 1});
    REQUIRE(w.sent.size() == 1);
    CHECK(w.sent[0].type == FrameType::RequestHead);
    CHECK(w.sent[0].session == kSession);
    CHECK(w.sent[0].stream == 5);
    CHECK(w.sent[0].data == kHead);
    CHECK(w.sent[0].end);
    link.release(w);
    CHECK(link.state() == State::Done);
    CHECK(link.dispatched());  // frames from that worker may still arrive
    CHECK(w.load == std::vector<int64_t>{3, 0});
    link.release(w);  // once only
    CHECK(w.load == std::vector<int64_t>{3, 0});
}

TEST_CASE("WorkerLink: no worker free: Waiting keeps the head; retry sends it with the end as it is then", "[stream]") {
    test::FakeWorkers w;
    w.no_worker = true;
    WorkerLink link;
    CHECK(link.open(w, kSession, 1, head_bytes(), kHead.size(), false) == Opened::Waiting);
    CHECK(link.waiting());
    CHECK_FALSE(link.dispatched());
    CHECK(link.binding() == server::WorkerPort::kNoWorker);
    CHECK(w.waiting == std::vector<std::pair<uint64_t, int64_t>>{{kSession, 1}});
    CHECK(link.retry(w, kSession, 1, false) == Opened::Waiting);  // still none
    CHECK(w.waiting.size() == 2);
    CHECK(w.sent.empty());
    CHECK(w.total_load() == 0);
    w.no_worker = false;
    CHECK(link.retry(w, kSession, 1, true) == Opened::Active);
    REQUIRE(w.sent.size() == 1);
    CHECK(w.sent[0].data == kHead);
    CHECK(w.sent[0].end);
    CHECK(w.load[0] == 1);
    link.reset(w, kSession, 1, ipc::ResetCode::Cancel);
    CHECK(w.total_load() == 0);
}

TEST_CASE("WorkerLink: a channel that breaks on open is Failed and counts nowhere", "[stream]") {
    test::FakeWorkers w;
    WorkerLink link;
    SECTION("first open") {
        w.fail_open = true;
        CHECK(link.open(w, kSession, 1, head_bytes(), kHead.size(), true) == Opened::Failed);
    }
    SECTION("retry") {
        w.no_worker = true;
        link.open(w, kSession, 1, head_bytes(), kHead.size(), true);
        w.no_worker = false;
        w.fail_open = true;
        CHECK(link.retry(w, kSession, 1, true) == Opened::Failed);
    }
    CHECK(link.state() == State::Done);
    CHECK_FALSE(link.dispatched());
    link.release(w);
    link.reset(w, kSession, 1, ipc::ResetCode::Cancel);
    CHECK(w.sent.empty());
    CHECK(w.total_load() == 0);
}

TEST_CASE("WorkerLink: forget gives up a wait, but never an active stream", "[stream]") {
    test::FakeWorkers w;
    WorkerLink never;
    never.forget();
    CHECK(never.state() == State::Done);

    w.no_worker = true;
    WorkerLink waiting;
    waiting.open(w, kSession, 1, head_bytes(), kHead.size(), true);
    waiting.forget();
    CHECK(waiting.state() == State::Done);
    waiting.forget();
    CHECK(waiting.state() == State::Done);

    w.no_worker = false;
    WorkerLink active;
    active.open(w, kSession, 3, head_bytes(), kHead.size(), true);
    active.forget();  // release() or reset() end an active stream
    CHECK(active.active());
    CHECK(w.load[0] == 1);
    active.release(w);
    CHECK(w.total_load() == 0);
}

TEST_CASE("WorkerLink: reset sends STREAM_RESET with its reason and leaves the load, once", "[stream]") {
    test::FakeWorkers w;
    WorkerLink link;
    link.reset(w, kSession, 1, ipc::ResetCode::Cancel);  // not dispatched: nothing to tell
    CHECK(w.sent.empty());
    WorkerLink active;
    active.open(w, kSession, 9, head_bytes(), kHead.size(), false);
    active.reset(w, kSession, 9, ipc::ResetCode::BodyTooLarge);
    active.reset(w, kSession, 9, ipc::ResetCode::Cancel);
    auto resets = w.of(FrameType::StreamReset);
    REQUIRE(resets.size() == 1);
    CHECK(resets[0].reset == ipc::ResetCode::BodyTooLarge);
    CHECK(resets[0].stream == 9);
    CHECK(resets[0].session == kSession);
    CHECK(resets[0].binding == 0);
    CHECK(active.state() == State::Done);
    CHECK(w.total_load() == 0);
}

TEST_CASE("WorkerLink: lost() is true once, for an active stream on that channel only", "[stream]") {
    test::FakeWorkers w(2);
    WorkerLink on0, on1, waiting;
    on0.open(w, kSession, 1, head_bytes(), kHead.size(), true);
    on1.open(w, kSession, 3, head_bytes(), kHead.size(), true);
    w.no_worker = true;
    waiting.open(w, kSession, 5, head_bytes(), kHead.size(), true);
    REQUIRE(on0.binding() == 0);
    REQUIRE(on1.binding() == 1);
    CHECK_FALSE(on1.lost(0));
    CHECK_FALSE(waiting.lost(0));
    CHECK(on0.lost(0));
    CHECK_FALSE(on0.lost(0));
    CHECK(on0.state() == State::Done);
    CHECK(on1.active());
    // The port forgets a dead channel's count: the link must not release it again.
    on0.release(w);
    on0.reset(w, kSession, 1, ipc::ResetCode::Cancel);
    CHECK(w.load == std::vector<int64_t>{1, 1});
    on1.release(w);
    CHECK(w.load == std::vector<int64_t>{1, 0});
}

TEST_CASE("WorkerLink: taken() credits whole batches, skipping the bytes that came with the head", "[stream]") {
    test::FakeWorkers w;
    WorkerLink link;
    link.open(w, kSession, 1, head_bytes(), kHead.size(), true);
    link.set_head_body(10);
    link.taken(w, kSession, 1, 4);
    link.taken(w, kSession, 1, ipc::kCreditBatch + 6);  // 6 more head bytes, then one batch
    auto credits = w.of(FrameType::ResponseCredit);
    REQUIRE(credits.size() == 1);
    CHECK(credits[0].credit == ipc::kCreditBatch);
    CHECK(credits[0].stream == 1);
    link.taken(w, kSession, 1, ipc::kCreditBatch - 1);
    CHECK(w.of(FrameType::ResponseCredit).size() == 1);
    link.taken(w, kSession, 1, 101);  // what accumulated goes back whole
    credits = w.of(FrameType::ResponseCredit);
    REQUIRE(credits.size() == 2);
    CHECK(credits[1].credit == ipc::kCreditBatch + 100);
    link.release(w);
    link.taken(w, kSession, 1, 2 * ipc::kCreditBatch);  // done: the worker wants no more
    CHECK(w.of(FrameType::ResponseCredit).size() == 2);
    CHECK(w.total_load() == 0);
}

TEST_CASE("WorkerLink: opening an active link again aborts under TRIDENT_CHECK_STATES", "[stream]") {
#ifndef TRIDENT_CHECK_STATES
    SUCCEED("transitions are only logged in this build");
#else
    CHECK(test::aborts_in_child([] {
        test::FakeWorkers w;
        WorkerLink link;
        link.open(w, kSession, 1, head_bytes(), kHead.size(), true);
        link.open(w, kSession, 1, head_bytes(), kHead.size(), true);
    }));
    CHECK_FALSE(test::aborts_in_child([] {
        test::FakeWorkers w;
        WorkerLink link;
        link.open(w, kSession, 1, head_bytes(), kHead.size(), true);
        link.release(w);
    }));
#endif
}

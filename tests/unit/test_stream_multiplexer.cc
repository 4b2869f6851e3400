#include <unistd.h>
// stream::Multiplexer, the client's side: request heads (refusal, 501, 431), dispatch and
// waiting for a worker (502 when a channel breaks), request bodies (congestion, 413,
// http_body_min_rate and body timeouts 408), and the checked stream transitions.
#include <catch2/catch.hpp>

#include "mux_harness.h"
#include "trident/core/clock.h"

using namespace trident;
using ipc::FrameType;
using ipc::ResetCode;
using stream::MuxStream;
using test::Fields;
using Mux = test::MuxHarness;
using Request = MuxStream::Request;
using Response = MuxStream::Response;
constexpr const char* kDate = test::kFakeDate;

TEST_CASE("Multiplexer: a bodyless request goes out as REQUEST_HEAD END; the worker's response completes it", "[stream]") {
    Mux m;
    MuxStream& s = m.request(1, true);
    auto heads = m.workers.of(FrameType::RequestHead);
    REQUIRE(heads.size() == 1);
    CHECK(heads[0].session == m.sid());
    CHECK(heads[0].stream == 1);
    CHECK(heads[0].end);
    CHECK(heads[0].binding == 0);
    ipc::RequestHeadView v;
    REQUIRE(ipc::decode_request_head(reinterpret_cast<const uint8_t*>(heads[0].data.data()), heads[0].data.size(), v) ==
            ipc::DecodeError::None);
    CHECK(v.method == "GET");
    CHECK(v.target == "/x");
    CHECK(v.authority == "example.com");
    CHECK(v.header_count == 1);
    CHECK(s.request() == Request::Forwarded);
    CHECK(s.response() == Response::None);
    CHECK(m.workers.load[0] == 1);
    CHECK(m.loop.stats.requests_total.load() == 1);
    CHECK(m.loop.stats.requests_http2.load() == 1);

    m.head(1, 200, {{"Content-Type", "text/plain"}}, "hello", true);
    REQUIRE(m.act.heads.size() == 1);
    CHECK(m.act.heads[0].status == 200);
    CHECK(m.act.heads[0].has_body);
    CHECK(m.act.heads[0].fields == Fields{{"content-type", "text/plain"}, {"date", kDate}, {"content-length", "5"}});
    CHECK(m.act.bodies[1].bytes == "hello");
    CHECK(m.act.bodies[1].end);
    CHECK(m.act.flushes == 1);
    CHECK(s.response() == Response::Complete);
    CHECK(m.loop.stats.responses_total.load() == 1);
    CHECK(m.workers.total_load() == 0);

    m.mux.stream_closed(1);
    CHECK(m.mux.size() == 0);
    CHECK(m.workers.sent.size() == 1);  // no STREAM_RESET for a finished stream
    CHECK(m.loop.stats.client_aborts.load() == 0);
}

TEST_CASE("Multiplexer: a request body goes out in REQUEST_BODY frames, credited byte for byte", "[stream]") {
    Mux m;
    MuxStream& s = m.request(3, false, "POST");
    REQUIRE(m.workers.of(FrameType::RequestHead).size() == 1);
    CHECK_FALSE(m.workers.of(FrameType::RequestHead)[0].end);
    CHECK(s.request() == Request::Receiving);
    CHECK((m.mux.body_deadline_ms() != INT64_MAX));
    m.data(s, "abc");
    m.data(s, "defg");
    auto bodies = m.workers.of(FrameType::RequestBody);
    REQUIRE(bodies.size() == 2);
    CHECK(bodies[0].data == "abc");
    CHECK(bodies[1].data == "defg");
    CHECK_FALSE(bodies[1].end);
    CHECK(m.act.consumed[3] == 7);
    m.mux.request_end(s);
    REQUIRE(m.workers.of(FrameType::RequestEnd).size() == 1);
    CHECK(m.workers.of(FrameType::RequestEnd)[0].stream == 3);
    CHECK(s.request() == Request::Forwarded);
    CHECK_FALSE((m.mux.body_deadline_ms() != INT64_MAX));
    m.head(3, 201, {}, "", true);
    CHECK(m.workers.body_of(3) == "abcdefg");
    CHECK(m.act.consumed[3] == 7);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: new streams are refused while the loop shuts down and after GOAWAY", "[stream]") {
    Mux m;
    MuxStream& before = m.request(1, true);  // in flight before either: it carries on
    SECTION("shutting down") { m.loop.shutting = true; }
    SECTION("going away") { m.mux.set_going_away(); }
    MuxStream& s = m.request(3, false, "POST");
    CHECK(m.act.resets == std::vector<std::pair<int64_t, ResetCode>>{{3, ResetCode::Refused}});
    CHECK(m.workers.sent.size() == 1);  // stream 1's head only
    CHECK(m.act.heads.empty());
    CHECK(s.request() == Request::Discarded);
    CHECK(s.response() == Response::Complete);
    m.data(s, "xyz");  // the client's flow control gets its credit back; the bytes go nowhere
    m.mux.request_end(s);
    CHECK(m.act.consumed[3] == 3);
    CHECK(m.workers.sent.size() == 1);
    m.head(1, 200, {}, "ok", true);
    CHECK(before.response() == Response::Complete);
    CHECK(m.act.bodies[1].bytes == "ok");
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: CONNECT is answered 501 by the core", "[stream]") {
    Mux m;
    MuxStream& s = m.request(1, false, "CONNECT");
    CHECK(m.workers.sent.empty());
    m.expect_local(1, 501, "Not Implemented\n");
    CHECK(s.request() == Request::Discarded);
    CHECK(s.response() == Response::Complete);
    CHECK(m.loop.stats.bad_requests.load() == 0);  // 5xx are not counted as bad requests
    m.data(s, "tunnel");
    CHECK(m.act.consumed[1] == 6);
    CHECK(m.act.bodies[1].appends == 1);
    CHECK(m.workers.sent.empty());
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: a request head over http_max_header_size or the frame gets 431", "[stream]") {
    Mux m;
    m.loop.cfg.http_max_header_size = 1000;
    MuxStream& big = m.request(1, true, "GET", 1001);
    m.expect_local(1, 431, "Request header fields too large\n");
    CHECK(big.request() == Request::Discarded);
    CHECK(m.loop.stats.bad_requests.load() == 1);
    m.request(3, true, "GET", 1000);  // exactly the limit
    CHECK(m.workers.of(FrameType::RequestHead).size() == 1);
    // Within the limit as the protocol counts it, but too large for one REQUEST_HEAD frame.
    std::string huge(ipc::kMaxPayload, 'a');
    m.request(5, true, "GET", 100, huge);
    m.expect_local(5, 431, "Request header fields too large\n");
    CHECK(m.workers.of(FrameType::RequestHead).size() == 1);
    CHECK(m.loop.stats.bad_requests.load() == 2);
    m.head(3, 204, {}, "", true);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: with no worker free the stream waits and goes out on on_dispatch_ready", "[stream]") {
    Mux m;
    m.workers.no_worker = true;
    MuxStream& s = m.request(1, false, "POST");
    MuxStream& get = m.request(3, true);
    CHECK(m.workers.sent.empty());
    CHECK(m.workers.waiting == std::vector<std::pair<uint64_t, int64_t>>{{m.sid(), 1}, {m.sid(), 3}});
    CHECK(s.link.waiting());
    m.data(s, "abc");  // held: its credit is withheld until a worker takes it
    CHECK(m.act.consumed[1] == 0);
    CHECK(s.pending_body == "abc");
    m.mux.request_end(s);
    CHECK(s.request() == Request::Received);
    CHECK_FALSE((m.mux.body_deadline_ms() != INT64_MAX));  // our wait, not the client's
    m.mux.on_dispatch_ready(1);          // still none: it waits again, head kept
    CHECK(m.workers.waiting.size() == 3);
    CHECK(m.workers.sent.empty());
    CHECK(m.act.flushes == 1);

    m.workers.no_worker = false;
    m.mux.on_dispatch_ready(1);
    m.mux.on_dispatch_ready(3);
    auto heads = m.workers.of(FrameType::RequestHead);
    REQUIRE(heads.size() == 2);
    ipc::RequestHeadView v;
    REQUIRE(ipc::decode_request_head(reinterpret_cast<const uint8_t*>(heads[0].data.data()), heads[0].data.size(), v) ==
            ipc::DecodeError::None);
    CHECK(v.method == "POST");
    CHECK_FALSE(heads[0].end);  // the body follows it, carrying the end
    CHECK(heads[1].end);
    auto bodies = m.workers.of(FrameType::RequestBody);
    REQUIRE(bodies.size() == 1);
    CHECK(bodies[0].data == "abc");
    CHECK(bodies[0].end);
    CHECK(m.workers.of(FrameType::RequestEnd).empty());
    CHECK(m.act.consumed[1] == 3);
    CHECK(s.request() == Request::Forwarded);
    CHECK(get.request() == Request::Forwarded);
    size_t sent = m.workers.sent.size();
    m.mux.on_dispatch_ready(1);   // not waiting any more
    m.mux.on_dispatch_ready(99);  // unknown
    CHECK(m.workers.sent.size() == sent);
    CHECK(m.workers.total_load() == 2);
    m.head(1, 200, {}, "", true);
    m.head(3, 200, {}, "", true);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: a stream reset while it waits for a worker is never sent", "[stream]") {
    Mux m;
    m.workers.no_worker = true;
    MuxStream& s = m.request(1, false, "POST");
    m.data(s, "ab");
    m.mux.client_reset(s);
    CHECK(m.act.consumed[1] == 2);
    CHECK(m.loop.stats.client_aborts.load() == 0);  // no worker had it
    m.workers.no_worker = false;
    m.mux.on_dispatch_ready(1);
    CHECK(m.workers.sent.empty());
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: a channel that breaks on open gives 502", "[stream]") {
    Mux m;
    SECTION("first open") {
        m.workers.fail_open = true;
        m.request(1, true);
        CHECK(m.act.flushes == 0);
    }
    SECTION("retry") {
        m.workers.no_worker = true;
        m.request(1, true);
        m.workers.no_worker = false;
        m.workers.fail_open = true;
        m.mux.on_dispatch_ready(1);
        CHECK(m.act.flushes == 1);
    }
    m.expect_local(1, 502, "Bad Gateway\n");
    CHECK(m.mux.find(1)->link.state() == stream::WorkerLink::State::Done);
    CHECK(m.mux.find(1)->response() == Response::Complete);
    CHECK(m.workers.sent.empty());
    CHECK(m.loop.stats.bad_requests.load() == 0);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: a congested channel holds body bytes back until it drains", "[stream]") {
    Mux m;
    MuxStream& s = m.request(1, false, "POST");
    m.workers.set_congested(0, true);
    m.data(s, "abc");
    m.data(s, "de");
    CHECK(m.workers.of(FrameType::RequestBody).empty());
    CHECK(m.act.consumed[1] == 0);
    CHECK(s.pending_body == "abcde");
    CHECK(m.workers.drain_waiters == std::vector<std::pair<int, uint64_t>>{{0, m.sid()}, {0, m.sid()}});
    CHECK_FALSE((m.mux.body_deadline_ms() != INT64_MAX));
    SECTION("drained: the held bytes go, the end follows") {
        m.mux.on_channel_drained();  // still congested: nothing moves
        CHECK(m.workers.of(FrameType::RequestBody).empty());
        CHECK(m.workers.drain_waiters.size() == 3);
        m.workers.set_congested(0, false);
        m.mux.on_channel_drained();
        CHECK(m.act.flushes == 2);
        auto bodies = m.workers.of(FrameType::RequestBody);
        REQUIRE(bodies.size() == 1);
        CHECK(bodies[0].data == "abcde");
        CHECK_FALSE(bodies[0].end);
        m.mux.request_end(s);
        CHECK(m.workers.of(FrameType::RequestEnd).size() == 1);
    }
    SECTION("the end arrived meanwhile: it rides on the last REQUEST_BODY") {
        m.mux.request_end(s);
        CHECK(s.request() == Request::Received);
        m.workers.set_congested(0, false);
        m.mux.on_channel_drained();
        auto bodies = m.workers.of(FrameType::RequestBody);
        REQUIRE(bodies.size() == 1);
        CHECK(bodies[0].data == "abcde");
        CHECK(bodies[0].end);
        CHECK(m.workers.of(FrameType::RequestEnd).empty());
    }
    CHECK(m.act.consumed[1] == 5);
    CHECK(s.request() == Request::Forwarded);
    m.head(1, 200, {}, "", true);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: package_max_length gives 413 before the response head, a reset after", "[stream]") {
    Mux m;
    m.loop.cfg.package_max_length = 10;
    SECTION("before the head: 413 and STREAM_RESET BodyTooLarge") {
        MuxStream& s = m.request(1, false, "POST");
        m.data(s, "123456");
        m.data(s, "78901");
        CHECK(m.resets_sent(1) == std::vector<ResetCode>{ResetCode::BodyTooLarge});
        m.expect_local(1, 413, "Request body larger than package_max_length\n");
        CHECK(m.workers.body_of(1) == "123456");
        CHECK(m.act.consumed[1] == 11);
        CHECK(s.request() == Request::Discarded);
        CHECK(m.loop.stats.bad_requests.load() == 1);
        m.data(s, "x");
        CHECK(m.act.consumed[1] == 12);
        CHECK(m.workers.body_of(1) == "123456");
        m.head(1, 200, {}, "late", true);  // the worker's answer crossed our reset
        CHECK(m.act.heads.size() == 1);
        CHECK(m.loop.stats.stale_frames_dropped.load() == 1);
    }
    SECTION("exactly the limit passes") {
        MuxStream& s = m.request(1, false, "POST");
        m.data(s, "1234567890");
        m.mux.request_end(s);
        CHECK(m.workers.of(FrameType::StreamReset).empty());
        CHECK(m.workers.body_of(1) == "1234567890");
        m.head(1, 200, {}, "", true);
        CHECK(m.act.heads[0].status == 200);
    }
    SECTION("after the head: the stream is reset") {
        MuxStream& s = m.request(1, false, "POST");
        m.head(1, 200, {}, "", false);
        m.data(s, "12345678901");
        CHECK(m.resets_sent(1) == std::vector<ResetCode>{ResetCode::BodyTooLarge});
        CHECK(m.act.resets == std::vector<std::pair<int64_t, ResetCode>>{{1, ResetCode::BodyTooLarge}});
        CHECK(m.act.heads.size() == 1);
        CHECK(s.response() == Response::Complete);
        CHECK(s.request() == Request::Discarded);
        CHECK(m.act.consumed[1] == 11);
    }
    SECTION("while waiting for a worker: what was held is dropped, no worker hears of it") {
        m.workers.no_worker = true;
        MuxStream& s = m.request(1, false, "POST");
        m.data(s, "123456");
        m.data(s, "78901");
        m.expect_local(1, 413, "Request body larger than package_max_length\n");
        CHECK(m.act.consumed[1] == 11);
        CHECK(s.pending_body.empty());
        m.workers.no_worker = false;
        m.mux.on_dispatch_ready(1);
        CHECK(m.workers.sent.empty());
    }
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: a body below http_body_min_rate gets 408; time we held it back does not count", "[stream]") {
    Mux m;
    m.loop.cfg.http_body_min_rate = 1000;
    // The meter is the stream's own: making its window one that opened 6 s ago with `bytes`
    // stands for a client that began sending then (the core reads monotonic_ms(), which a
    // test cannot move).
    auto age = [](MuxStream& s, size_t bytes) {
        s.body_rate.restart();
        s.body_rate.arrived(bytes, monotonic_ms() - 6000, 1000);
    };
    SECTION("too slow") {
        MuxStream& s = m.request(1, false, "POST");
        age(s, 1);
        m.data(s, "x");
        CHECK(m.resets_sent(1) == std::vector<ResetCode>{ResetCode::BodyTimeout});
        m.expect_local(1, 408, "Request body too slow\n");
        CHECK(m.workers.body_of(1).empty());
        CHECK(m.act.consumed[1] == 1);
    }
    SECTION("fast enough") {
        MuxStream& s = m.request(1, false, "POST");
        age(s, 60000);
        m.data(s, "x");
        m.mux.request_end(s);
        CHECK(m.workers.body_of(1) == "x");
        m.head(1, 200, {}, "", true);
    }
    SECTION("http_body_min_rate 0 is off") {
        m.loop.cfg.http_body_min_rate = 0;
        MuxStream& s = m.request(1, false, "POST");
        age(s, 1);
        m.data(s, "x");
        m.mux.request_end(s);
        CHECK(m.workers.body_of(1) == "x");
        m.head(1, 200, {}, "", true);
    }
    SECTION("waiting for a worker restarts the window") {
        m.workers.no_worker = true;
        MuxStream& s = m.request(1, false, "POST");
        age(s, 1);
        m.mux.on_dispatch_ready(1);  // still none
        m.data(s, "x");
        m.workers.no_worker = false;
        m.mux.on_dispatch_ready(1);
        m.mux.request_end(s);
        CHECK(m.workers.body_of(1) == "x");
        m.head(1, 200, {}, "", true);
    }
    SECTION("a congested channel restarts the window") {
        MuxStream& s = m.request(1, false, "POST");
        m.workers.set_congested(0, true);
        m.data(s, "a");
        age(s, 1);
        m.mux.on_channel_drained();  // still congested
        m.data(s, "b");
        m.workers.set_congested(0, false);
        m.mux.on_channel_drained();
        m.mux.request_end(s);
        CHECK(m.workers.body_of(1) == "ab");
        m.head(1, 200, {}, "", true);
    }
    CHECK(m.act.heads.size() == 1);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: expired body deadlines answer only the streams whose body the client stalls", "[stream]") {
    Mux m;
    MuxStream& stalled = m.request(1, false, "POST");
    MuxStream& complete = m.request(3, true);
    MuxStream& held = m.request(5, false, "POST");
    m.workers.set_congested(0, true);
    m.data(held, "x");  // held back by us
    m.workers.set_congested(0, false);
    MuxStream& started = m.request(7, false, "POST");
    m.head(7, 200, {}, "", false);
    MuxStream& answered = m.request(9, false, "POST");
    m.head(9, 200, {}, "done", true);
    CHECK((m.mux.body_deadline_ms() != INT64_MAX));

    m.mux.expire_bodies(monotonic_ms() + 3600 * 1000);  // every deadline has passed
    m.expect_local(1, 408, "Request Timeout\n");
    CHECK(m.resets_sent(1) == std::vector<ResetCode>{ResetCode::BodyTimeout});
    CHECK(m.resets_sent(7) == std::vector<ResetCode>{ResetCode::BodyTimeout});
    // 9 was answered completely and its upload stalled: the client may stop, without error.
    CHECK(m.act.resets == std::vector<std::pair<int64_t, ResetCode>>{{7, ResetCode::BodyTimeout}, {9, ResetCode::NoError}});
    CHECK(m.act.heads.size() == 3);  // 7's and 9's from the worker, 1's 408
    CHECK(m.workers.of(FrameType::StreamReset).size() == 2);
    CHECK(stalled.request() == Request::Discarded);
    CHECK(started.response() == Response::Complete);
    CHECK(complete.request() == Request::Forwarded);
    CHECK(held.pending_body == "x");
    CHECK(answered.request() == Request::Receiving);
    CHECK(answered.client_done);
    CHECK(started.client_done);  // reset by us: nothing more is owed
    // 1 has its 408 but still owes its body: its deadline remains (a NO_ERROR reset follows).
    CHECK(m.mux.body_deadline_ms() == stalled.body_clock_ms + 10000);
    m.mux.expire_bodies(monotonic_ms() + 3600 * 1000);
    CHECK(m.act.resets.back() == std::pair<int64_t, ResetCode>{1, ResetCode::NoError});
    CHECK(m.mux.body_deadline_ms() == INT64_MAX);

    m.data(answered, "late");  // its response is complete: the bytes go nowhere
    CHECK(m.act.consumed[9] == 4);
    CHECK(m.workers.body_of(9).empty());
    m.head(3, 200, {}, "", true);
    m.mux.on_channel_drained();
    m.mux.request_end(held);
    CHECK(m.workers.body_of(5) == "x");
    m.head(5, 200, {}, "", true);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: each stream's body deadline is its own, moved by its own bytes only", "[stream]") {
    Mux m;
    const int64_t timeout = int64_t(m.loop.cfg.http_header_timeout * 1000);
    MuxStream& a = m.request(1, false, "POST");
    usleep(3000);
    MuxStream& b = m.request(3, false, "POST");
    // The oldest stream's deadline is the connection's.
    CHECK(m.mux.body_deadline_ms() == a.body_clock_ms + timeout);
    CHECK(b.body_clock_ms > a.body_clock_ms);
    usleep(3000);
    m.data(b, "b");  // b's bytes do not move a's deadline
    CHECK(m.mux.body_deadline_ms() == a.body_clock_ms + timeout);
    int64_t a_deadline = a.body_clock_ms + timeout;
    m.mux.expire_bodies(a_deadline - 1);  // not yet
    CHECK(a.response() == Response::None);
    m.mux.expire_bodies(a_deadline);
    m.expect_local(1, 408, "Request Timeout\n");
    CHECK(b.response() == Response::None);  // b carries on
    usleep(3000);
    m.data(a, "a");  // dropped, but a's clock moves (its deadline now follows b's)
    CHECK(m.mux.body_deadline_ms() == b.body_clock_ms + timeout);
    m.mux.request_end(a);
    m.mux.request_end(b);
    CHECK(m.mux.body_deadline_ms() == INT64_MAX);
    m.head(3, 200, {}, "", true);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("MuxStream: an illegal transition aborts under TRIDENT_CHECK_STATES", "[stream]") {
#ifndef TRIDENT_CHECK_STATES
    SUCCEED("transitions are only logged in this build");
#else
    CHECK(test::aborts_in_child([] {
        MuxStream s(1);
        s.set_response(Response::Complete);
        s.set_response(Response::Started);
    }));
    CHECK(test::aborts_in_child([] {
        MuxStream s(1);
        s.set_request(Request::Forwarded);
        s.set_request(Request::Received);
    }));
    CHECK_FALSE(test::aborts_in_child([] {
        MuxStream s(1);
        s.set_request(Request::Received);
        s.set_request(Request::Forwarded);
        s.set_response(Response::Started);
        s.set_response(Response::Complete);
    }));
#endif
}

TEST_CASE("Multiplexer: a detached response is written by any worker, credit-free, and released once", "[stream][detach]") {
    Mux m;
    m.request(1, true);
    m.head(1, 200, {{"Content-Type", "text/event-stream"}}, "data: 0\n\n", false);
    std::vector<uint8_t> kind = {2};
    m.send(FrameType::StreamDetach, 1, kind, false);
    auto answers = m.workers.of(FrameType::StreamDetached);
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].stream == 1);
    const uint64_t id = answers[0].credit;
    CHECK(id != 0);
    CHECK(m.workers.total_load() == 0);  // the request is its worker's no more
    // Another worker's writes arrive (the reactor rewrote the registry id to this stream).
    m.body(1, std::string(300 * 1024, 'e'), false);
    CHECK(m.act.bodies[1].bytes.size() == 9 + 300 * 1024);
    m.mux.body_taken(*m.mux.find(1), 300 * 1024);
    CHECK(m.workers.of(FrameType::ResponseCredit).empty());
    // A second detach is refused (answered 0).
    m.send(FrameType::StreamDetach, 1, kind, false);
    CHECK(m.workers.of(FrameType::StreamDetached).size() == 1);  // the link is gone: nothing to answer
    m.end(1);
    CHECK(m.act.bodies[1].end);
    CHECK(m.workers.detached.empty());
    m.mux.stream_closed(1);
    CHECK(m.workers.detached.empty());
}

TEST_CASE("Multiplexer: a detached response's slow client is reset past 4 MiB; shutdown ends the others", "[stream][detach]") {
    Mux m;
    m.request(1, true);
    m.request(3, true);
    m.head(1, 200, {}, "", false);
    m.head(3, 200, {}, "", false);
    std::vector<uint8_t> kind = {3};
    m.send(FrameType::StreamDetach, 1, kind, false);
    m.send(FrameType::StreamDetach, 3, kind, false);
    REQUIRE(m.workers.detached.size() == 2);
    m.act.pending[1] = 4u << 20;  // the library holds 4 MiB the client has not taken
    m.body(1, "x", false);
    REQUIRE(m.act.resets.size() == 1);
    CHECK(m.act.resets[0].first == 1);
    CHECK(m.workers.detached.size() == 1);
    m.mux.end_detached();
    CHECK(m.act.bodies[3].end);
    CHECK(m.workers.detached.empty());
}

TEST_CASE("Multiplexer: detach before the head or with a bad kind is refused with 0", "[stream][detach]") {
    Mux m;
    m.request(1, true);
    std::vector<uint8_t> kind = {2};
    m.send(FrameType::StreamDetach, 1, kind, false);
    auto a = m.workers.of(FrameType::StreamDetached);
    REQUIRE(a.size() == 1);
    CHECK(a[0].credit == 0);
    CHECK(m.workers.load[0] == 1);  // still the worker's request
    m.head(1, 200, {}, "", false);
    std::vector<uint8_t> bad = {7};
    m.send(FrameType::StreamDetach, 1, bad, false);
    a = m.workers.of(FrameType::StreamDetached);
    REQUIRE(a.size() == 2);
    CHECK(a[1].credit == 0);
}

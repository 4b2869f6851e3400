// stream::Multiplexer, the workers' side: response heads through the field policy, streamed
// bodies, trailers, HEAD and bodyless statuses, worker failures (502/500, lost channels), stale
// frames, the client going away (aborts) and response credit.
#include <catch2/catch.hpp>

#include "mux_harness.h"

using namespace trident;
using ipc::FrameType;
using ipc::ResetCode;
using stream::MuxStream;
using test::Fields;
using Mux = test::MuxHarness;
using Request = MuxStream::Request;
using Response = MuxStream::Response;
constexpr const char* kDate = test::kFakeDate;

TEST_CASE("Multiplexer: the response head's fields go through one policy", "[stream]") {
    Mux m;
    m.request(1, true);
    m.head(1, 200,
           {{"Content-Type", "text/html"}, {"Connection", "keep-alive"}, {"Keep-Alive", "timeout=5"},
            {"Transfer-Encoding", "chunked"}, {"Upgrade", "h2c"}, {"Proxy-Connection", "x"},
            {"Date", "Mon, 01 Jan 2001 00:00:00 GMT"}, {"X-Trace", "Ab"}, {":reason", "Fine"}},
           "hello", true);
    CHECK(m.act.heads[0].fields ==
          Fields{{"content-type", "text/html"}, {"x-trace", "Ab"}, {"date", kDate}, {"content-length", "5"}});
    // The handler's Content-Length stays alone; the listener's Alt-Svc is added.
    server::ListenSocket ls;
    ls.alt_svc = "h3=\":8443\"";
    m.owner.listener = &ls;
    m.request(3, true);
    m.head(3, 200, {{"Content-Length", "5"}}, "hello", true);
    CHECK(m.act.heads[1].fields == Fields{{"date", kDate}, {"alt-svc", "h3=\":8443\""}, {"content-length", "5"}});
    m.request(5, true);
    m.head(5, 200, {{"Alt-Svc", "clear"}}, "", true);
    CHECK(m.act.heads[2].fields == Fields{{"alt-svc", "clear"}, {"date", kDate}, {"content-length", "0"}});
    CHECK_FALSE(m.act.heads[2].has_body);
    CHECK(m.act.bodies.count(5) == 0);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: interim responses (103) go out before the final head and move nothing", "[stream][interim]") {
    Mux m;
    MuxStream& s = m.request(1, true);
    m.interim(1, 103, {{"Link", "</a.css>; rel=preload"}, {"Connection", "x"}, {"Content-Length", "3"}, {"Date", "d"}});
    m.interim(1, 103, {{"Link", "</b.js>; rel=preload"}});
    // The handler's fields under the shared policy; no Date, no length, nothing connection-specific.
    REQUIRE(m.act.interims.size() == 2);
    CHECK(m.act.interims[0].status == 103);
    CHECK(m.act.interims[0].fields == Fields{{"link", "</a.css>; rel=preload"}});
    CHECK(m.act.interims[1].fields == Fields{{"link", "</b.js>; rel=preload"}});
    CHECK(m.act.heads.empty());
    CHECK(s.response() == Response::None);
    CHECK(m.loop.counters().interim_responses.load() == 2);
    // The final response is the handler's own: its status and fields, not the hints'.
    m.head(1, 201, {{"X-Final", "yes"}}, "ok", true);
    REQUIRE(m.act.heads.size() == 1);
    CHECK(m.act.heads[0].status == 201);
    CHECK(m.act.heads[0].fields == Fields{{"x-final", "yes"}, {"date", kDate}, {"content-length", "2"}});
    // After the final head, or with a status that is not interim, nothing goes out.
    m.request(3, true);
    m.head(3, 200, {}, "", false);
    m.interim(3, 103, {{"Link", "</c>"}});
    m.request(5, true);
    m.interim(5, 101, {{"Link", "</c>"}});
    m.interim(5, 200, {{"Link", "</c>"}});
    CHECK(m.act.interims.size() == 2);
    CHECK(m.mux.find(5)->response() == Response::None);
}

TEST_CASE("Multiplexer: a streamed response: head, RESPONSE_BODY frames, then the end", "[stream]") {
    Mux m;
    MuxStream& s = m.request(1, true);
    m.head(1, 200, {{"Content-Type", "text/plain"}}, "ab", false);
    CHECK(m.act.heads[0].fields == Fields{{"content-type", "text/plain"}, {"date", kDate}});  // no length yet
    CHECK(m.act.heads[0].has_body);
    CHECK(s.response() == Response::Started);
    CHECK(m.workers.load[0] == 1);
    m.body(1, "cd", false);
    CHECK(m.act.bodies[1].bytes == "abcd");
    CHECK_FALSE(m.act.bodies[1].end);
    SECTION("END_STREAM on the last RESPONSE_BODY") {
        m.body(1, "ef", true);
        CHECK(m.act.bodies[1].bytes == "abcdef");
    }
    SECTION("RESPONSE_END") {
        m.end(1);
        CHECK(m.act.bodies[1].bytes == "abcd");
    }
    CHECK(m.act.bodies[1].appends == 3);
    CHECK(m.act.bodies[1].end);
    CHECK(m.act.flushes == 3);
    CHECK(s.response() == Response::Complete);
    CHECK(m.loop.stats.responses_total.load() == 1);
    // A streamed response whose first part is empty still has a body.
    m.request(3, true);
    m.head(3, 200, {}, "", false);
    CHECK(m.act.heads[1].has_body);
    CHECK(m.act.bodies.count(3) == 0);
    m.end(3);
    CHECK(m.act.bodies[3].appends == 1);
    CHECK(m.act.bodies[3].bytes.empty());
    CHECK(m.act.bodies[3].end);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: trailers end the body; when they cannot be sent the body just ends", "[stream]") {
    Mux m;
    MuxStream& s = m.request(1, true);
    m.head(1, 200, {}, "ab", false);
    SECTION("sent") {
        m.trailers(1, {{"X-Checksum", "abc"}});
        CHECK(m.act.trailers[1] == Fields{{"x-checksum", "abc"}});
        CHECK_FALSE(m.act.bodies[1].end);  // the trailers end it
        CHECK(m.act.bodies[1].appends == 1);
    }
    SECTION("refused by the protocol") {
        m.act.refuse_trailers = true;
        m.trailers(1, {{"X-Checksum", "abc"}});
        CHECK(m.act.bodies[1].end);
        CHECK(m.act.bodies[1].appends == 2);
    }
    SECTION("empty") {
        m.trailers(1, {});
        CHECK(m.act.trailers.count(1) == 0);
        CHECK(m.act.bodies[1].end);
    }
    SECTION("malformed") {
        m.send(FrameType::ResponseTrailers, 1, {1, 2, 3}, true);
        CHECK(m.act.trailers.count(1) == 0);
        CHECK(m.act.bodies[1].end);
    }
    CHECK(m.act.bodies[1].bytes == "ab");
    CHECK(s.response() == Response::Complete);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: HEAD and bodyless statuses send no DATA", "[stream]") {
    Mux m;
    SECTION("HEAD, complete: the length GET would have") {
        m.request(1, true, "HEAD");
        m.head(1, 200, {{"Content-Type", "text/plain"}}, "hello", true);
        CHECK(m.act.heads[0].fields == Fields{{"content-type", "text/plain"}, {"date", kDate}, {"content-length", "5"}});
    }
    SECTION("HEAD, streamed") {
        m.request(1, true, "HEAD");
        m.head(1, 200, {}, "hel", false);
        CHECK(m.mux.find(1)->response() == Response::Started);
        m.body(1, "lo", false);
        m.trailers(1, {{"x-t", "1"}});
        CHECK(m.act.trailers.count(1) == 0);
    }
    SECTION("204") {
        m.request(1, true);
        m.head(1, 204, {}, "ignored", true);
        CHECK(m.act.heads[0].fields == Fields{{"date", kDate}});
    }
    SECTION("304, streamed") {
        m.request(1, true);
        m.head(1, 304, {{"ETag", "\"v1\""}}, "", false);
        m.end(1);
        CHECK(m.act.heads[0].fields == Fields{{"etag", "\"v1\""}, {"date", kDate}});
    }
    REQUIRE(m.act.heads.size() == 1);
    CHECK_FALSE(m.act.heads[0].has_body);
    CHECK(m.act.bodies.count(1) == 0);
    CHECK(m.mux.find(1)->response() == Response::Complete);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: a malformed RESPONSE_HEAD gets 502 and the worker is told to stop", "[stream]") {
    Mux m;
    m.request(1, true);
    SECTION("undecodable") { m.send(FrameType::ResponseHead, 1, {1, 2, 3}, false); }
    SECTION("status below 100") { m.head(1, 99, {}, "", false); }
    m.expect_local(1, 502, "Bad Gateway\n");
    // The handler may still be producing: it must hear the stream is gone.
    CHECK(m.resets_sent(1) == std::vector<ResetCode>{ResetCode::Cancel});
    m.body(1, "more", true);
    CHECK(m.loop.stats.stale_frames_dropped.load() == 1);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: a response head the protocol refuses resets the stream and stops the worker", "[stream]") {
    Mux m;
    MuxStream& s = m.request(1, true);
    m.act.refuse_head = true;
    m.head(1, 200, {}, "part", false);
    CHECK(m.act.resets == std::vector<std::pair<int64_t, ResetCode>>{{1, ResetCode::Internal}});
    CHECK(m.resets_sent(1) == std::vector<ResetCode>{ResetCode::Cancel});
    CHECK(m.act.bodies.count(1) == 0);
    CHECK(s.response() == Response::Complete);
    m.body(1, "more", true);
    CHECK(m.loop.stats.stale_frames_dropped.load() == 1);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: STREAM_RESET from the worker: 500 before the head, a reset after", "[stream]") {
    Mux m;
    MuxStream& a = m.request(1, true);
    MuxStream& b = m.request(3, true);
    m.head(3, 200, {}, "x", false);
    m.worker_reset(1);
    m.worker_reset(3);
    m.expect_local(1, 500, "Internal Server Error\n");
    CHECK(m.act.resets == std::vector<std::pair<int64_t, ResetCode>>{{3, ResetCode::Internal}});
    CHECK(m.workers.of(FrameType::StreamReset).empty());  // the worker gave up itself
    CHECK(a.response() == Response::Complete);
    CHECK(b.response() == Response::Complete);
    CHECK(m.loop.stats.bad_requests.load() == 0);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: frames for unknown or finished streams are dropped and counted", "[stream]") {
    Mux m;
    m.head(42, 200, {}, "", true);  // never existed
    m.request(1, true);
    m.head(1, 200, {}, "ok", true);
    m.body(1, "again", false);
    m.end(1);
    m.worker_reset(1);
    CHECK(m.loop.stats.stale_frames_dropped.load() == 4);
    CHECK(m.act.heads.size() == 1);
    CHECK(m.act.bodies[1].bytes == "ok");
    CHECK(m.act.flushes == 1);
    // Out of order (body before head) or a second head: ignored, not stale.
    m.request(3, true);
    m.body(3, "early", false);
    m.head(3, 200, {}, "", false);
    m.head(3, 500, {}, "", true);
    CHECK(m.act.heads.size() == 2);
    CHECK(m.act.bodies.count(3) == 0);
    m.end(3);
    CHECK(m.loop.stats.stale_frames_dropped.load() == 4);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: a lost channel fails only its unfinished streams", "[stream]") {
    Mux m(2);
    MuxStream& waiting = m.request(1, true);  // worker 0, no response yet
    m.request(3, true);                       // worker 1
    MuxStream& started = m.request(5, true);  // worker 0
    m.head(5, 200, {}, "x", false);
    m.request(7, true);                       // worker 1
    m.request(9, true);                       // worker 0, already answered
    m.head(9, 200, {}, "", true);
    REQUIRE(m.workers.load == std::vector<int64_t>{2, 2});
    m.workers.kill(0);
    m.mux.on_channel_lost(0);
    m.expect_local(1, 502, "Bad Gateway\n");
    CHECK(m.act.resets == std::vector<std::pair<int64_t, ResetCode>>{{5, ResetCode::Internal}});
    CHECK(m.loop.stats.worker_lost_requests.load() == 2);
    CHECK(m.act.flushes == 3);
    CHECK(waiting.response() == Response::Complete);
    CHECK(started.response() == Response::Complete);
    m.body(5, "late", true);
    CHECK(m.loop.stats.stale_frames_dropped.load() == 1);
    m.mux.stream_closed(1);
    m.mux.stream_closed(5);
    CHECK(m.workers.of(FrameType::StreamReset).empty());
    CHECK(m.loop.stats.client_aborts.load() == 0);
    m.head(3, 200, {}, "", true);
    m.head(7, 200, {}, "", true);
    // Worker 0's count went with its channel (the fake's kill() drops it, as the reactor does),
    // and the core released nothing more there (that would have gone below zero).
    CHECK(m.workers.load == std::vector<int64_t>{0, 0});
}

TEST_CASE("Multiplexer: the client going away tells the worker and counts an abort", "[stream]") {
    Mux m;
    MuxStream& s = m.request(1, false, "POST");
    SECTION("client_reset before the response") { m.mux.client_reset(s); }
    SECTION("client_reset with body bytes held back") {
        m.data(s, "ab");
        m.workers.set_congested(0, true);
        m.data(s, "cd");
        m.mux.client_reset(s);
        CHECK(m.act.consumed[1] == 4);
        CHECK(s.pending_body.empty());
    }
    SECTION("stream_closed mid-response") {
        m.head(1, 200, {}, "x", false);
        m.mux.stream_closed(1);
        CHECK(m.mux.size() == 0);
    }
    CHECK(m.resets_sent(1) == std::vector<ResetCode>{ResetCode::Cancel});
    CHECK(m.loop.stats.client_aborts.load() == 1);
    m.mux.stream_closed(1);
    CHECK(m.workers.of(FrameType::StreamReset).size() == 1);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: a response the client has whole is no abort, though the worker still runs", "[stream]") {
    // HEAD or a bodyless status: the head ended the client's stream while the handler is
    // still writing (a streamed response); the worker is told to stop, nobody aborted.
    Mux m;
    auto [method, status] = GENERATE(std::make_pair("HEAD", 200), std::make_pair("GET", 204));
    MuxStream& s = m.request(1, true, method);
    m.head(1, uint16_t(status), {}, "", false);
    CHECK_FALSE(m.act.heads[0].has_body);
    SECTION("stream_closed") { m.mux.stream_closed(1); }
    SECTION("client_reset") { m.mux.client_reset(s); }
    SECTION("close_all") { m.mux.close_all(true); }
    CHECK(m.resets_sent(1) == std::vector<ResetCode>{ResetCode::Cancel});
    CHECK(m.loop.stats.client_aborts.load() == 0);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: a complete response is no abort and needs no reset", "[stream]") {
    Mux m;
    MuxStream& s = m.request(1, true);
    m.head(1, 200, {}, "ok", true);
    m.mux.client_reset(s);
    m.mux.stream_closed(1);
    CHECK(m.workers.of(FrameType::StreamReset).empty());
    CHECK(m.loop.stats.client_aborts.load() == 0);
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: close_all resets every stream a worker has; aborts only when the client left", "[stream]") {
    Mux m;
    m.request(1, true);
    m.request(3, true);
    m.head(3, 200, {}, "", true);
    m.request(5, true);
    m.head(5, 200, {}, "x", false);
    m.workers.no_worker = true;
    m.request(7, true);
    bool gone = GENERATE(true, false);
    m.mux.close_all(gone);
    CHECK(m.resets_sent(1) == std::vector<ResetCode>{ResetCode::Cancel});
    CHECK(m.resets_sent(5) == std::vector<ResetCode>{ResetCode::Cancel});
    CHECK(m.workers.of(FrameType::StreamReset).size() == 2);
    CHECK(m.loop.stats.client_aborts.load() == (gone ? 2u : 0u));
    CHECK(m.workers.total_load() == 0);
}

TEST_CASE("Multiplexer: body_taken credits the worker in batches, not for bytes that came with the head", "[stream]") {
    Mux m;
    MuxStream& s = m.request(1, true);
    m.head(1, 200, {}, "abcd", false);
    m.mux.body_taken(s, 4);
    m.mux.body_taken(s, ipc::kCreditBatch - 1);
    CHECK(m.workers.of(FrameType::ResponseCredit).empty());
    m.mux.body_taken(s, 1);
    auto credits = m.workers.of(FrameType::ResponseCredit);
    REQUIRE(credits.size() == 1);
    CHECK(credits[0].credit == ipc::kCreditBatch);
    CHECK(credits[0].stream == 1);
    CHECK(credits[0].session == m.sid());
    CHECK(credits[0].binding == 0);
    m.mux.body_taken(s, 10);
    m.body(1, "", true);
    m.mux.body_taken(s, ipc::kCreditBatch);  // complete: the worker needs no more credit
    CHECK(m.workers.of(FrameType::ResponseCredit).size() == 1);
    CHECK(m.workers.total_load() == 0);
}

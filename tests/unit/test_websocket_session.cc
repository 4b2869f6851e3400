// stream::WebSocketSession against a fake transport and a fake sink: client frames are built
// with the codec's writer in client role (masked), and what the session puts on the wire is
// read back with a client-role parser (or compared byte for byte).
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "stream/websocket_session.h"
#include "trident/websocket/deflate_codec.h"
#include "trident/websocket/writer.h"
#include "websocket_test_support.h"

using namespace trident;
using namespace trident::websocket;
using stream::WebSocketSession;
using Result = WebSocketSession::PushResult;
using WsState = WebSocketSession::State;
using wstest::bytes;
using wstest::kKey;

namespace {

constexpr uint64_t kId = 0x0000000180000007ull;

struct FakeTransport : stream::WebSocketTransport {
    std::string wire;       // every byte queued
    size_t written = 0;     // bytes of `wire` the "socket" took
    size_t capacity = SIZE_MAX;  // hard bound on buffered(): send() refuses past it
    size_t refuse_after = SIZE_MAX;  // send() calls accepted before every further one is refused
    size_t sends = 0;
    int closes = 0;

    bool send(std::string_view a, std::string_view b) override {
        if (sends >= refuse_after || buffered() + a.size() + b.size() > capacity) return false;
        ++sends;
        wire.append(a.data(), a.size());
        wire.append(b.data(), b.size());
        return true;
    }
    void close_transport() override { ++closes; }
    size_t buffered() const override { return wire.size() - written; }
    void drain() { written = wire.size(); }
    // The bytes queued since the last take().
    std::string take() {
        std::string s = wire.substr(taken);
        taken = wire.size();
        return s;
    }
    size_t taken = 0;
};

struct FakeSink : stream::WebSocketSink {
    struct Msg {
        uint8_t opcode;
        std::string data;
    };
    struct End {
        uint16_t code;
        std::string reason;
    };
    std::vector<Msg> messages;
    std::vector<End> ends;
    bool bad_id = false;

    void on_message(uint64_t id, uint8_t opcode, std::string_view data) override {
        bad_id |= id != kId;
        messages.push_back({opcode, std::string(data)});
    }
    void on_closed(uint64_t id, uint16_t code, std::string_view reason) override {
        bad_id |= id != kId;
        ends.push_back({code, std::string(reason)});
    }
};

struct Harness {
    FakeTransport t;
    FakeSink sink;
    std::unique_ptr<WebSocketSession> ws;
    explicit Harness(const stream::WebSocketSettings& s = {}) {
        ws = std::make_unique<WebSocketSession>(kId, t, sink, s, 0);
    }
    void in(std::string_view b, int64_t now = 0) { ws->on_bytes(b, now); }
};

std::string client_message(Opcode op, std::string_view payload, size_t frag = 0) {
    std::string out;
    append_message(out, op, payload, frag, false, &kKey);
    return out;
}
std::string client_control(Opcode op, std::string_view payload) {
    std::string out;
    append_control(out, op, payload, &kKey);
    return out;
}
std::string client_close(uint16_t code, std::string_view reason = {}) {
    std::string out;
    append_close(out, code, reason, &kKey);
    return out;
}
std::string server_close(uint16_t code, std::string_view reason = {}) {
    std::string out;
    append_close(out, code, reason);
    return out;
}

// What a client reads from the session's bytes.
std::vector<wstest::Rec> client_reads(std::string_view wire, Decompressor* d = nullptr) {
    Parser p(Role::Client);
    if (d) p.set_decompressor(d);
    return wstest::run(p, wire);
}

std::string pattern(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = char('a' + i % 26);
    return s;
}

}  // namespace

TEST_CASE("websocket session: text and binary messages of 0, 125, 126 and 64 KiB echo byte-exact", "[websocket_session]") {
    for (size_t n : {size_t(0), size_t(125), size_t(126), size_t(65536)}) {
        for (Opcode op : {Opcode::Text, Opcode::Binary}) {
            Harness h;
            const std::string payload = pattern(n);
            const std::string frames = client_message(op, payload, n > 1000 ? 1000 : 0);
            // Split anywhere: two pieces cut mid-header.
            h.in(std::string_view(frames).substr(0, 1));
            h.in(std::string_view(frames).substr(1));
            REQUIRE(h.sink.messages.size() == 1);
            CHECK(h.sink.messages[0].opcode == uint8_t(op));
            CHECK(h.sink.messages[0].data == payload);
            CHECK_FALSE(h.sink.bad_id);

            REQUIRE(h.ws->push(uint8_t(op), payload, false, 0) == Result::Sent);
            const std::string wire = h.t.take();
            CHECK(wire.size() == message_wire_size(n, 64 * 1024, false));
            const auto got = client_reads(wire);
            REQUIRE(got.size() == 1);
            CHECK(got[0].kind == EventKind::Message);
            CHECK(got[0].opcode == op);
            CHECK(got[0].data == payload);
            CHECK(h.ws->stats().messages_in == 1);
            CHECK(h.ws->stats().messages_out == 1);
            CHECK(h.ws->stats().bytes_in == frames.size());
            CHECK(h.ws->stats().bytes_out == wire.size());
            CHECK(h.sink.ends.empty());
            CHECK(h.ws->state() == WsState::Open);
        }
    }
}

TEST_CASE("websocket session: pushes put exact frames on the wire", "[websocket_session]") {
    stream::WebSocketSettings s;
    s.fragment_size = 3;
    Harness h(s);
    // RFC 6455 §5.7: an unmasked "Hello", then fragmented into "Hel" + "lo".
    REQUIRE(h.ws->push(1, "He", false, 0) == Result::Sent);
    CHECK(h.t.take() == bytes({0x81, 0x02, 'H', 'e'}));
    REQUIRE(h.ws->push(1, "Hello", false, 0) == Result::Sent);
    CHECK(h.t.take() == bytes({0x01, 0x03, 'H', 'e', 'l', 0x80, 0x02, 'l', 'o'}));
    CHECK(h.t.sends == 3);  // one send() per frame: header and payload passed apart
    REQUIRE(h.ws->push(2, "", false, 0) == Result::Sent);
    CHECK(h.t.take() == bytes({0x82, 0x00}));
    REQUIRE(h.ws->push(9, "Hello", false, 0) == Result::Sent);
    CHECK(h.t.take() == bytes({0x89, 0x05, 'H', 'e', 'l', 'l', 'o'}));
    REQUIRE(h.ws->push(10, "x", false, 0) == Result::Sent);
    CHECK(h.t.take() == bytes({0x8a, 0x01, 'x'}));

    Harness big;
    REQUIRE(big.ws->push(2, std::string(256, 'z'), false, 0) == Result::Sent);
    CHECK(big.t.take().substr(0, 4) == bytes({0x82, 0x7e, 0x01, 0x00}));
    CHECK(big.ws->stats().messages_out == 1);

    // A close push carries u16 code + reason, as WS_PUSH does.
    REQUIRE(h.ws->push(8, bytes({0x03, 0xe9}) + "bye", false, 0) == Result::Sent);
    CHECK(h.t.take() == bytes({0x88, 0x05, 0x03, 0xe9, 'b', 'y', 'e'}));
    CHECK(h.ws->state() == WsState::ClosingSent);
    CHECK(h.t.closes == 0);
    CHECK(h.ws->stats().pings_out == 1);
    CHECK(h.ws->stats().pongs_out == 1);
}

TEST_CASE("websocket session: invalid pushes are refused without touching the wire", "[websocket_session]") {
    Harness h;
    CHECK(h.ws->push(1, "\xff", false, 0) == Result::Invalid);                   // not UTF-8
    CHECK(h.ws->push(9, std::string(126, 'p'), false, 0) == Result::Invalid);    // control > 125
    CHECK(h.ws->push(3, "x", false, 0) == Result::Invalid);                      // reserved opcode
    CHECK(h.ws->push(0, "x", false, 0) == Result::Invalid);                      // continuation
    CHECK(h.ws->push(8, bytes({0x03}), false, 0) == Result::Invalid);            // 1-byte close
    CHECK(h.ws->push(8, bytes({0x03, 0xee}), false, 0) == Result::Invalid);      // 1006: local only
    CHECK(h.ws->close(999, "", 0) == Result::Invalid);
    CHECK(h.ws->close(1000, "\xc3", 0) == Result::Invalid);  // reason cut mid code point
    CHECK(h.t.wire.empty());
    CHECK(h.ws->state() == WsState::Open);
}

TEST_CASE("websocket session: a ping is answered with a pong of the same payload, not sent to the worker", "[websocket_session]") {
    Harness h;
    h.in(client_control(Opcode::Ping, "Hello"));
    CHECK(h.t.take() == bytes({0x8a, 0x05, 'H', 'e', 'l', 'l', 'o'}));
    h.in(client_control(Opcode::Pong, "unsolicited"));
    CHECK(h.t.take().empty());
    CHECK(h.sink.messages.empty());
    CHECK(h.ws->stats().pings_in == 1);
    CHECK(h.ws->stats().pongs_out == 1);
    CHECK(h.ws->stats().pongs_in == 1);
}

TEST_CASE("websocket session: a fragmented message with a ping in the middle", "[websocket_session]") {
    Harness h;
    std::string in;
    append_frame(in, Opcode::Text, "Hel", FrameOptions{false, false, &kKey});
    append_control(in, Opcode::Ping, "p", &kKey);
    append_frame(in, Opcode::Continuation, "lo", FrameOptions{true, false, &kKey});
    // Byte by byte: the pong goes out before the message is complete.
    for (size_t i = 0; i < in.size(); ++i) {
        h.in(std::string_view(in).substr(i, 1));
        if (i == 9 + 7 - 1) {  // the last byte of the ping
            CHECK(h.t.wire == bytes({0x8a, 0x01, 'p'}));
            CHECK(h.sink.messages.empty());
        }
    }
    REQUIRE(h.sink.messages.size() == 1);
    CHECK(h.sink.messages[0].data == "Hello");
    CHECK(h.t.wire == bytes({0x8a, 0x01, 'p'}));
}

TEST_CASE("websocket session: a peer close is echoed, the transport closed and the sink told once", "[websocket_session]") {
    SECTION("code and reason") {
        Harness h;
        h.in(client_close(1000, "bye") + client_message(Opcode::Text, "late"));
        CHECK(h.t.take() == server_close(1000));  // the code echoed (§5.5.1), no reason
        CHECK(h.t.closes == 1);
        REQUIRE(h.sink.ends.size() == 1);
        CHECK(h.sink.ends[0].code == 1000);
        CHECK(h.sink.ends[0].reason == "bye");
        CHECK(h.sink.messages.empty());
        CHECK(h.ws->state() == WsState::Closed);
        CHECK(h.ws->stats().closes_normal == 1);
    }
    SECTION("an application code is echoed as is") {
        Harness h;
        h.in(client_close(4001, "app"));
        CHECK(h.t.take() == bytes({0x88, 0x02, 0x0f, 0xa1}));
        REQUIRE(h.sink.ends.size() == 1);
        CHECK(h.sink.ends[0].code == 4001);
        CHECK(h.ws->stats().closes_app == 1);
    }
    SECTION("an empty close gets an empty close and reports 1005") {
        Harness h;
        h.in(bytes({0x88, 0x80}) + std::string(reinterpret_cast<const char*>(kKey.data()), 4));
        CHECK(h.t.take() == bytes({0x88, 0x00}));
        CHECK(h.t.closes == 1);
        REQUIRE(h.sink.ends.size() == 1);
        CHECK(h.sink.ends[0].code == close_code::kNoStatusReceived);
    }
}

TEST_CASE("websocket session: a server close waits for the peer's close", "[websocket_session]") {
    stream::WebSocketSettings s;
    s.close_timeout_ms = 500;
    Harness h(s);
    REQUIRE(h.ws->close(1001, "shutdown", 100) == Result::Sent);
    CHECK(h.t.take() == server_close(1001, "shutdown"));
    CHECK(h.ws->state() == WsState::ClosingSent);
    CHECK(h.t.closes == 0);
    CHECK(h.sink.ends.empty());
    CHECK(h.ws->next_tick_ms() == 600);
    // Nothing goes out after our close frame: no pushes, no pong; messages are dropped.
    CHECK(h.ws->push(1, "x", false, 100) == Result::Closed);
    CHECK(h.ws->close(1000, "", 100) == Result::Closed);
    h.in(client_message(Opcode::Text, "in flight") + client_control(Opcode::Ping, "p"));
    CHECK(h.t.take().empty());
    CHECK(h.sink.messages.empty());
    CHECK(h.ws->stats().dropped == 1);

    SECTION("the peer answers: no echo, the transport closes") {
        h.in(client_close(1001));
        CHECK(h.t.take().empty());
        CHECK(h.t.closes == 1);
        REQUIRE(h.sink.ends.size() == 1);
        CHECK(h.sink.ends[0].code == 1001);
        CHECK(h.ws->state() == WsState::Closed);
    }
    SECTION("the peer never answers: closed at the timeout, reported 1006") {
        h.ws->on_idle_tick(599);
        CHECK(h.t.closes == 0);
        h.ws->on_idle_tick(600);
        CHECK(h.t.closes == 1);
        REQUIRE(h.sink.ends.size() == 1);
        CHECK(h.sink.ends[0].code == close_code::kAbnormalClosure);
        CHECK(h.ws->stats().closes_abnormal == 1);
    }
}

TEST_CASE("websocket session: parser errors close with their code", "[websocket_session]") {
    struct Case {
        std::string input;
        uint16_t code;
        ParseError error;
    };
    stream::WebSocketSettings s;
    s.limits.max_frame_size = 1000;
    const Case cases[] = {
        {wstest::raw_frame(0x81, "unmasked", false), 1002, ParseError::UnmaskedFrame},
        {client_message(Opcode::Text, "\xc3\x28"), 1007, ParseError::InvalidUtf8},
        {client_message(Opcode::Binary, std::string(1001, 'x')), 1009, ParseError::FrameTooBig},
    };
    for (const Case& c : cases) {
        Harness h(s);
        h.in(client_message(Opcode::Text, "ok") + c.input + client_message(Opcode::Text, "after"));
        REQUIRE(h.sink.messages.size() == 1);  // "ok" only
        CHECK(h.t.take() == server_close(c.code, describe(c.error)));
        CHECK(h.t.closes == 1);
        REQUIRE(h.sink.ends.size() == 1);
        CHECK(h.sink.ends[0].code == c.code);
        CHECK(h.sink.ends[0].reason == describe(c.error));
        CHECK(h.ws->state() == WsState::Closed);
        CHECK(h.ws->stats().closes_protocol == 1);
    }

    SECTION("after our close frame an error sends no second close") {
        Harness h(s);
        REQUIRE(h.ws->close(1000, "", 0) == Result::Sent);
        h.t.take();
        h.in(wstest::raw_frame(0x81, "unmasked", false));
        CHECK(h.t.take().empty());
        CHECK(h.t.closes == 1);
        REQUIRE(h.sink.ends.size() == 1);
        CHECK(h.sink.ends[0].code == 1002);
    }
}

TEST_CASE("websocket session: a transport that goes away reports 1006 once", "[websocket_session]") {
    Harness h;
    h.in(client_message(Opcode::Text, "Hel", 0).substr(0, 4));  // a message half received
    h.ws->on_transport_closed();
    h.ws->on_transport_closed();
    CHECK(h.t.closes == 0);  // it is gone already
    REQUIRE(h.sink.ends.size() == 1);
    CHECK(h.sink.ends[0].code == close_code::kAbnormalClosure);
    CHECK(h.sink.ends[0].reason.empty());
    CHECK(h.sink.messages.empty());
}

TEST_CASE("websocket session: nothing happens after Closed", "[websocket_session]") {
    Harness h;
    h.in(client_close(1000));
    h.t.take();
    REQUIRE(h.ws->state() == WsState::Closed);
    h.in(client_message(Opcode::Text, "x") + client_control(Opcode::Ping, ""));
    h.ws->on_transport_closed();
    h.ws->on_idle_tick(1000000);
    CHECK(h.ws->push(1, "x", false, 0) == Result::Closed);
    CHECK(h.ws->push(9, "", false, 0) == Result::Closed);
    CHECK(h.ws->close(1000, "", 0) == Result::Closed);
    CHECK(h.ws->next_tick_ms() == INT64_MAX);
    CHECK(h.t.take().empty());
    CHECK(h.t.closes == 1);
    CHECK(h.sink.ends.size() == 1);
    CHECK(h.sink.messages.empty());
}

TEST_CASE("websocket session: permessage-deflate both ways with context takeover", "[websocket_session]") {
    DeflateParams params;
    REQUIRE(negotiate_deflate("permessage-deflate; client_max_window_bits", DeflateConfig{}, params));
    CHECK_FALSE(params.server_no_context_takeover);
    CHECK_FALSE(params.client_no_context_takeover);
    Harness h;
    REQUIRE(h.ws->enable_deflate(params));
    Compressor client_out;
    Decompressor client_in;
    REQUIRE(init_client_codecs(params, client_out, client_in));

    const std::string text = "a message that repeats itself, a message that repeats itself";
    // Client to server: the second copy compresses to a back-reference into the kept window.
    std::vector<size_t> sizes;
    for (int i = 0; i < 2; ++i) {
        std::string z;
        REQUIRE(client_out.compress(text, z));
        sizes.push_back(z.size());
        std::string frame;
        append_message(frame, Opcode::Text, z, 0, true, &kKey);
        h.in(frame);
    }
    CHECK(sizes[1] < sizes[0]);
    REQUIRE(h.sink.messages.size() == 2);
    CHECK(h.sink.messages[0].data == text);
    CHECK(h.sink.messages[1].data == text);

    // Server to client: RSV1 on the first frame of each compressed message, smaller the 2nd time.
    REQUIRE(h.ws->push(1, text, true, 0) == Result::Sent);
    const std::string first = h.t.take();
    REQUIRE(h.ws->push(1, text, true, 0) == Result::Sent);
    const std::string second = h.t.take();
    CHECK(uint8_t(first[0]) == 0xc1);
    CHECK(uint8_t(second[0]) == 0xc1);
    CHECK(second.size() < first.size());
    CHECK(first.size() < text.size());
    // Not asked to compress: a plain frame, which the client reads without touching its window.
    REQUIRE(h.ws->push(2, "plain", false, 0) == Result::Sent);
    const std::string plain = h.t.take();
    CHECK(plain == bytes({0x82, 0x05, 'p', 'l', 'a', 'i', 'n'}));

    const auto got = client_reads(first + second + plain, &client_in);
    REQUIRE(got.size() == 3);
    CHECK(got[0].data == text);
    CHECK(got[1].data == text);
    CHECK(got[2].data == "plain");

    SECTION("without deflate the compress hint is ignored") {
        Harness p;
        REQUIRE(p.ws->push(1, "Hi", true, 0) == Result::Sent);
        CHECK(p.t.take() == bytes({0x81, 0x02, 'H', 'i'}));
        std::string frame;
        append_message(frame, Opcode::Text, "Hi", 0, true, &kKey);
        p.in(frame);  // RSV1 without the extension: 1002
        REQUIRE(p.sink.ends.size() == 1);
        CHECK(p.sink.ends[0].code == 1002);
    }
}

TEST_CASE("websocket session: the outbound bound refuses data pushes until the transport drains", "[websocket_session]") {
    stream::WebSocketSettings s;
    s.max_outbound = 100;
    Harness h(s);
    const std::string m(60, 'm');  // 62 bytes on the wire
    CHECK(h.ws->push(2, m, false, 0) == Result::Sent);
    CHECK(h.ws->push(2, m, false, 0) == Result::Full);
    CHECK(h.t.buffered() == 62);
    CHECK(h.ws->stats().refused == 1);
    // Control frames are small and not held back by the bound.
    CHECK(h.ws->push(9, "p", false, 0) == Result::Sent);
    h.t.drain();
    CHECK(h.ws->push(2, m, false, 0) == Result::Sent);
    h.t.drain();
    // Into an empty queue even a message over the bound goes (else it could never be sent).
    CHECK(h.ws->push(2, std::string(500, 'b'), false, 0) == Result::Sent);
    CHECK(h.ws->state() == WsState::Open);

    SECTION("the transport refusing the first frame: Full, nothing sent, still open") {
        h.t.refuse_after = h.t.sends;
        const size_t before = h.t.wire.size();
        h.t.drain();
        CHECK(h.ws->push(1, "x", false, 0) == Result::Full);
        CHECK(h.t.wire.size() == before);
        CHECK(h.ws->state() == WsState::Open);
        CHECK(h.sink.ends.empty());
    }
    SECTION("the transport refusing a later fragment: the framing is broken, 1006") {
        stream::WebSocketSettings f;
        f.fragment_size = 10;
        Harness g(f);
        g.t.refuse_after = 2;
        CHECK(g.ws->push(2, std::string(35, 'f'), false, 0) == Result::Closed);
        CHECK(g.t.closes == 1);
        REQUIRE(g.sink.ends.size() == 1);
        CHECK(g.sink.ends[0].code == close_code::kAbnormalClosure);
        CHECK(g.ws->state() == WsState::Closed);
    }
}

TEST_CASE("websocket session: idle ping after the interval, and the ping timeout", "[websocket_session]") {
    stream::WebSocketSettings s;
    s.ping_interval_ms = 1000;
    s.ping_timeout_ms = 500;
    Harness h(s);
    CHECK(h.ws->next_tick_ms() == 1000);
    h.ws->on_idle_tick(999);
    CHECK(h.t.wire.empty());
    h.ws->on_idle_tick(1000);
    CHECK(h.t.take() == bytes({0x89, 0x00}));
    CHECK(h.ws->next_tick_ms() == 1500);
    h.ws->on_idle_tick(1200);  // waiting for an answer: no second ping
    CHECK(h.t.take().empty());

    SECTION("an answer resets the clock") {
        h.in(client_control(Opcode::Pong, ""), 1300);
        CHECK(h.ws->next_tick_ms() == 2300);
        h.ws->on_idle_tick(1600);
        CHECK(h.t.closes == 0);
        CHECK(h.t.take().empty());
        // Any bytes count, not only pongs: a data message keeps the peer alive too.
        h.in(client_message(Opcode::Text, "hi"), 2000);
        h.ws->on_idle_tick(2999);
        CHECK(h.t.take().empty());
        h.ws->on_idle_tick(3000);
        CHECK(h.t.take() == bytes({0x89, 0x00}));
        CHECK(h.ws->stats().pings_out == 2);
    }
    SECTION("no answer: the transport is closed, 1006, no close frame") {
        h.ws->on_idle_tick(1499);
        CHECK(h.t.closes == 0);
        h.ws->on_idle_tick(1500);
        CHECK(h.t.take().empty());
        CHECK(h.t.closes == 1);
        REQUIRE(h.sink.ends.size() == 1);
        CHECK(h.sink.ends[0].code == close_code::kAbnormalClosure);
        CHECK(h.sink.ends[0].reason == "ping timeout");
        CHECK(h.ws->state() == WsState::Closed);
    }
}

TEST_CASE("websocket session: no idle ping when the interval is 0", "[websocket_session]") {
    Harness h;
    CHECK(h.ws->next_tick_ms() == INT64_MAX);
    h.ws->on_idle_tick(1000000000);
    CHECK(h.t.wire.empty());
    CHECK(h.ws->state() == WsState::Open);
}

TEST_CASE("websocket session: a pong the transport refuses ends the WebSocket with 1006", "[websocket_session]") {
    Harness h;
    h.t.refuse_after = 0;  // the peer sends pings and does not read
    h.in(client_control(Opcode::Ping, "p") + client_message(Opcode::Text, "after"));
    CHECK(h.t.wire.empty());
    CHECK(h.t.closes == 1);
    REQUIRE(h.sink.ends.size() == 1);
    CHECK(h.sink.ends[0].code == close_code::kAbnormalClosure);
    CHECK(h.sink.messages.empty());

    SECTION("a close frame the transport refuses: closed at once, no handshake to wait for") {
        Harness g;
        g.t.refuse_after = 0;
        CHECK(g.ws->close(1001, "", 0) == Result::Sent);
        CHECK(g.ws->state() == WsState::Closed);
        CHECK(g.t.closes == 1);
        REQUIRE(g.sink.ends.size() == 1);
        CHECK(g.sink.ends[0].code == close_code::kAbnormalClosure);
    }
}

namespace {
// A worker that answers its first message by closing: the session may be called back from the sink.
struct ClosingSink : FakeSink {
    WebSocketSession* ws = nullptr;
    void on_message(uint64_t id, uint8_t opcode, std::string_view data) override {
        FakeSink::on_message(id, opcode, data);
        if (messages.size() == 1) ws->close(1000, "done", 0);
    }
};
}  // namespace

TEST_CASE("websocket session: a sink may close from inside on_message", "[websocket_session]") {
    FakeTransport t;
    ClosingSink sink;
    WebSocketSession ws(kId, t, sink, {}, 0);
    sink.ws = &ws;
    ws.on_bytes(client_message(Opcode::Text, "one") + client_message(Opcode::Text, "two") + client_close(1000), 0);
    REQUIRE(sink.messages.size() == 1);  // "two" came after our close: dropped
    CHECK(ws.stats().dropped == 1);
    CHECK(t.wire == server_close(1000, "done"));  // no echo of the peer's close
    CHECK(t.closes == 1);
    REQUIRE(sink.ends.size() == 1);
    CHECK(sink.ends[0].code == 1000);
    CHECK(ws.state() == WsState::Closed);
}

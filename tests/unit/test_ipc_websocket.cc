// The WebSocket IPC frames (include/trident/ipc/frame.h: WS_OPEN, WS_MESSAGE, WS_PUSH,
// WS_CLOSED, kRequestFlagWebSocket, kFlagUpgradeAccepted).
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "trident/ipc/frame.h"

using namespace trident;
using namespace trident::ipc;

namespace {

using Bytes = std::vector<uint8_t>;

// [reactor 3][generation 7][slot bit | 42]: the shape of a stream registry id.
constexpr uint64_t kId = (uint64_t(3) << 56) | (uint64_t(7) << 32) | kRegistrySlotBit | 42u;

// Payloads are built by hand, independently of the encoders.
Bytes payload(std::initializer_list<uint8_t> prefix, std::string_view data = {}) {
    Bytes b(prefix);
    b.insert(b.end(), data.begin(), data.end());
    return b;
}

FrameHeader ws_header(FrameType type, const Bytes& p, uint8_t flags = 0, uint64_t session = kId, int64_t stream = 0) {
    FrameHeader h;
    h.type = type;
    h.length = uint32_t(p.size());
    h.flags = flags;
    h.session_id = session;
    h.stream_id = stream;
    return h;
}

// Splits a message into WS_MESSAGE payloads the way a sender does: kWsMessageChunk bytes per
// frame, kFlagMore on all but the last, one empty frame for an empty message.
std::vector<std::pair<Bytes, uint8_t>> split_message(WsOpcode op, const std::string& msg) {
    std::vector<std::pair<Bytes, uint8_t>> frames;
    size_t off = 0;
    do {
        size_t n = std::min(kWsMessageChunk, msg.size() - off);
        Bytes p(kMaxPayload);
        size_t len = encode_ws_message(op, std::string_view(msg).substr(off, n), p.data(), p.size());
        REQUIRE(len == kWsMessagePrefix + n);
        p.resize(len);
        off += n;
        frames.emplace_back(p, off < msg.size() ? kFlagMore : 0);
    } while (off < msg.size());
    return frames;
}

}  // namespace

TEST_CASE("ws ipc: wire values are stable", "[ipc][ws]") {
    CHECK(uint8_t(FrameType::WsOpen) == 13);
    CHECK(uint8_t(FrameType::WsMessage) == 14);
    CHECK(uint8_t(FrameType::WsPush) == 15);
    CHECK(uint8_t(FrameType::WsClosed) == 16);
    CHECK(uint8_t(FrameType::WsWritable) == 19);
    CHECK(kMaxFrameType == 21);  // REQUEST_TRAILERS (test_request_trailers.cc)
    CHECK(uint8_t(FrameType::StreamCredit) == 20);
    CHECK(kFlagMore == 0x02);
    CHECK(kFlagUpgradeAccepted == 0x04);
    CHECK((kFlagEndStream & kFlagMore & kFlagUpgradeAccepted) == 0);
    CHECK(kRequestFlagWebSocket == 0x02);
    CHECK((kRequestFlagWebSocket & kRequestFlagTls) == 0);
    CHECK(uint8_t(WsOpcode::Text) == 1);
    CHECK(uint8_t(WsOpcode::Binary) == 2);
    CHECK(uint8_t(WsOpcode::Close) == 8);
    CHECK(uint8_t(WsOpcode::Ping) == 9);
    CHECK(uint8_t(WsOpcode::Pong) == 10);
    CHECK(kWsPushCompress == 0x01);
    CHECK(kWsMessageChunk == kMaxPayload - 1);
    CHECK(kWsPushChunk == kMaxPayload - 2);
    CHECK(std::string(decode_error_name(DecodeError::BadHeader)) == "bad header");
}

TEST_CASE("ws ipc: registry id shape", "[ipc][ws]") {
    CHECK(is_registry_id(kId));
    CHECK_FALSE(is_registry_id(0));
    CHECK_FALSE(is_registry_id(kId & ~uint64_t(kRegistrySlotBit)));       // a session id
    CHECK_FALSE(is_registry_id(kId & ~(uint64_t(0xFFFFFF) << 32)));      // generation 0
    CHECK(is_registry_id((uint64_t(1) << 32) | kRegistrySlotBit));        // reactor 0, slot 0
}

TEST_CASE("ws ipc: close code rules follow RFC 6455 7.4", "[ipc][ws]") {
    for (uint32_t c = 0; c <= 0xFFFF; ++c) {
        auto code = uint16_t(c);
        bool sendable = (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
        bool reportable = c >= 1000 && c <= 4999 && c != 1004;
        INFO("code=" << c);
        REQUIRE(ws_close_code_sendable(code) == sendable);
        REQUIRE(ws_close_code_reportable(code) == reportable);
    }
}

TEST_CASE("ws ipc: WS_OPEN round trip and validation", "[ipc][ws]") {
    uint8_t buf[1 + kWsOpenSize];
    encode_ws_open(kId, buf + 1);  // odd offset: no alignment assumptions
    const uint8_t want[kWsOpenSize] = {42, 0, 0, 0x80, 7, 0, 0, 3};
    CHECK(std::memcmp(buf + 1, want, kWsOpenSize) == 0);
    Bytes p(buf + 1, buf + 1 + kWsOpenSize);
    // WS_OPEN keeps the request's own addressing: any session and stream id.
    FrameHeader h = ws_header(FrameType::WsOpen, p, 0, 0x0100000100000005ull, 9);
    uint64_t id = 0;
    REQUIRE(decode_ws_open(h, p.data(), id) == DecodeError::None);
    CHECK(id == kId);

    for (uint8_t flags : {kFlagEndStream, kFlagMore, kFlagUpgradeAccepted, uint8_t(0x80)}) {
        CHECK(decode_ws_open(ws_header(FrameType::WsOpen, p, flags), p.data(), id) == DecodeError::BadHeader);
    }
    for (size_t len : {0, 1, 7, 9}) {
        Bytes b(len, 0x80);
        CHECK(decode_ws_open(ws_header(FrameType::WsOpen, b), b.data(), id) == DecodeError::BadPayload);
    }
    for (uint64_t bad : {uint64_t(0), kId & ~uint64_t(kRegistrySlotBit), kId & ~(uint64_t(0xFFFFFF) << 32)}) {
        Bytes b(kWsOpenSize);
        encode_ws_open(bad, b.data());
        id = 1;
        CHECK(decode_ws_open(ws_header(FrameType::WsOpen, b), b.data(), id) == DecodeError::BadPayload);
        CHECK(id == 1);  // untouched on failure
    }
}

TEST_CASE("ws ipc: WS_MESSAGE round trips text, binary, empty and a full chunk", "[ipc][ws]") {
    const std::string full(kWsMessageChunk, 'z');
    for (WsOpcode op : {WsOpcode::Text, WsOpcode::Binary}) {
        for (std::string_view data : {std::string_view(), std::string_view("h\0llo", 5), std::string_view(full)}) {
            Bytes out(1 + kMaxPayload, 0xCC);
            size_t n = encode_ws_message(op, data, out.data() + 1, kMaxPayload);
            REQUIRE(n == 1 + data.size());
            CHECK(out[1] == uint8_t(op));
            Bytes p(out.begin() + 1, out.begin() + 1 + long(n));
            WsMessageView v;
            REQUIRE(decode_ws_message(ws_header(FrameType::WsMessage, p), p.data(), v) == DecodeError::None);
            CHECK(v.opcode == op);
            CHECK_FALSE(v.more);
            CHECK(v.data == data);
            CHECK(v.data.data() == reinterpret_cast<const char*>(p.data() + 1));  // a view, no copy
        }
    }
}

TEST_CASE("ws ipc: WS_MESSAGE encoder refusals", "[ipc][ws]") {
    Bytes out(kMaxPayload + 8, 0xA5);
    for (int op : {0, 3, 8, 9, 10, 0xFF}) {
        CHECK(encode_ws_message(WsOpcode(op), "x", out.data(), out.size()) == 0);
    }
    const std::string over(kWsMessageChunk + 1, 'o');
    CHECK(encode_ws_message(WsOpcode::Binary, over, out.data(), out.size()) == 0);
    // A cap one byte short writes nothing.
    CHECK(encode_ws_message(WsOpcode::Text, "abc", out.data(), 3) == 0);
    CHECK(out[0] == 0xA5);
    CHECK(encode_ws_message(WsOpcode::Text, "abc", out.data(), 4) == 4);
}

TEST_CASE("ws ipc: WS_MESSAGE decoder refusals", "[ipc][ws]") {
    WsMessageView v;
    Bytes p = payload({1}, "data");
    SECTION("flags other than kFlagMore") {
        for (uint8_t f : {kFlagEndStream, kFlagUpgradeAccepted, uint8_t(kFlagMore | kFlagEndStream), uint8_t(0x80)}) {
            CHECK(decode_ws_message(ws_header(FrameType::WsMessage, p, f), p.data(), v) == DecodeError::BadHeader);
        }
    }
    SECTION("addressing") {
        CHECK(decode_ws_message(ws_header(FrameType::WsMessage, p, 0, kId, 1), p.data(), v) == DecodeError::BadHeader);
        CHECK(decode_ws_message(ws_header(FrameType::WsMessage, p, 0, kId, -1), p.data(), v) == DecodeError::BadHeader);
        uint64_t session = kId & ~uint64_t(kRegistrySlotBit);
        CHECK(decode_ws_message(ws_header(FrameType::WsMessage, p, 0, session), p.data(), v) == DecodeError::BadHeader);
        CHECK(decode_ws_message(ws_header(FrameType::WsMessage, p, 0, 0), p.data(), v) == DecodeError::BadHeader);
    }
    SECTION("empty payload and unknown opcodes") {
        Bytes empty;
        CHECK(decode_ws_message(ws_header(FrameType::WsMessage, empty), empty.data(), v) == DecodeError::BadPayload);
        for (uint8_t op : {0, 3, 7, 8, 9, 10, 0xFF}) {
            Bytes b = payload({op}, "x");
            INFO("op=" << int(op));
            CHECK(decode_ws_message(ws_header(FrameType::WsMessage, b), b.data(), v) == DecodeError::BadPayload);
        }
    }
    SECTION("kFlagMore needs at least one message byte") {
        Bytes b = payload({2});
        CHECK(decode_ws_message(ws_header(FrameType::WsMessage, b, kFlagMore), b.data(), v) == DecodeError::BadPayload);
        CHECK(decode_ws_message(ws_header(FrameType::WsMessage, b), b.data(), v) == DecodeError::None);
        Bytes one = payload({2}, "x");
        REQUIRE(decode_ws_message(ws_header(FrameType::WsMessage, one, kFlagMore), one.data(), v) == DecodeError::None);
        CHECK(v.more);
    }
    SECTION("a failed decode leaves the view untouched") {
        v.data = "before";
        Bytes b = payload({9}, "x");
        CHECK(decode_ws_message(ws_header(FrameType::WsMessage, b), b.data(), v) == DecodeError::BadPayload);
        CHECK(v.data == "before");
    }
}

TEST_CASE("ws ipc: a message larger than one frame is split with kFlagMore and reassembles", "[ipc][ws]") {
    for (size_t size : {size_t(0), kWsMessageChunk, kWsMessageChunk + 1, 3 * kWsMessageChunk + 17}) {
        std::string msg(size, '\0');
        for (size_t i = 0; i < size; ++i) msg[i] = char(i * 131 + 7);
        auto frames = split_message(WsOpcode::Binary, msg);
        size_t want = size == 0 ? 1 : (size + kWsMessageChunk - 1) / kWsMessageChunk;
        INFO("size=" << size);
        REQUIRE(frames.size() == want);
        std::string got;
        for (size_t i = 0; i < frames.size(); ++i) {
            const Bytes& p = frames[i].first;
            WsMessageView v;
            REQUIRE(decode_ws_message(ws_header(FrameType::WsMessage, p, frames[i].second), p.data(), v) ==
                    DecodeError::None);
            CHECK(v.opcode == WsOpcode::Binary);  // every frame repeats the opcode
            CHECK(v.more == (i + 1 < frames.size()));
            got.append(v.data);
        }
        CHECK(got == msg);
    }
}

TEST_CASE("ws ipc: WS_PUSH round trips every opcode", "[ipc][ws]") {
    struct Case {
        WsOpcode op;
        uint8_t flags;
        std::string data;
    };
    const std::string control_max(kWsMaxControl, 'p');
    const Case cases[] = {
        {WsOpcode::Text, 0, "hello"},           {WsOpcode::Text, kWsPushCompress, std::string(kWsPushChunk, 't')},
        {WsOpcode::Binary, 0, ""},              {WsOpcode::Binary, kWsPushCompress, std::string("\0\1\2", 3)},
        {WsOpcode::Ping, 0, ""},                {WsOpcode::Ping, 0, control_max},
        {WsOpcode::Pong, 0, "pong"},
    };
    for (const auto& c : cases) {
        Bytes out(kMaxPayload);
        size_t n = encode_ws_push(c.op, c.flags, c.data, out.data(), out.size());
        INFO("op=" << int(c.op) << " size=" << c.data.size());
        REQUIRE(n == kWsPushPrefix + c.data.size());
        out.resize(n);
        CHECK(out[0] == uint8_t(c.op));
        CHECK(out[1] == c.flags);
        WsPushView v;
        REQUIRE(decode_ws_push(ws_header(FrameType::WsPush, out), out.data(), v) == DecodeError::None);
        CHECK(v.opcode == c.op);
        CHECK(v.flags == c.flags);
        CHECK_FALSE(v.more);
        CHECK(v.data == c.data);
        CHECK(v.close_code == 0);
        CHECK(v.reason.empty());
    }
}

TEST_CASE("ws ipc: close pushes carry a sendable code and a short reason", "[ipc][ws]") {
    const std::string reason_max(kWsMaxCloseReason, 'r');
    for (uint16_t code : {uint16_t(1000), uint16_t(1001), uint16_t(1008), uint16_t(1014), uint16_t(3000), uint16_t(4999)}) {
        for (std::string_view reason : {std::string_view(), std::string_view("bye"), std::string_view(reason_max)}) {
            uint8_t out[kWsPushPrefix + kWsMaxControl];
            size_t n = encode_ws_push_close(code, reason, out, sizeof out);
            REQUIRE(n == kWsPushPrefix + 2 + reason.size());
            CHECK(out[0] == 8);
            CHECK(out[1] == 0);
            CHECK(out[2] == uint8_t(code));  // little-endian like every IPC integer
            CHECK(out[3] == uint8_t(code >> 8));
            Bytes p(out, out + n);
            WsPushView v;
            REQUIRE(decode_ws_push(ws_header(FrameType::WsPush, p), p.data(), v) == DecodeError::None);
            CHECK(v.opcode == WsOpcode::Close);
            CHECK(v.close_code == code);
            CHECK(v.reason == reason);
            CHECK(v.data.size() == 2 + reason.size());
            // encode_ws_push with the same bytes is the same frame.
            uint8_t again[kWsPushPrefix + kWsMaxControl];
            CHECK(encode_ws_push(WsOpcode::Close, 0, v.data, again, sizeof again) == n);
            CHECK(std::memcmp(again, out, n) == 0);
        }
    }
    uint8_t out[256];
    for (uint16_t code : {uint16_t(0), uint16_t(999), uint16_t(1004), uint16_t(1005), uint16_t(1006), uint16_t(1015),
                          uint16_t(1016), uint16_t(2999), uint16_t(5000), uint16_t(0xFFFF)}) {
        INFO("code=" << code);
        CHECK(encode_ws_push_close(code, "", out, sizeof out) == 0);
    }
    CHECK(encode_ws_push_close(1000, std::string(kWsMaxCloseReason + 1, 'r'), out, sizeof out) == 0);
    CHECK(encode_ws_push_close(1000, "abc", out, kWsPushPrefix + 4) == 0);  // cap one short
    CHECK(encode_ws_push_close(1000, "abc", out, kWsPushPrefix + 5) == kWsPushPrefix + 5);
}

TEST_CASE("ws ipc: WS_PUSH encoder refusals", "[ipc][ws]") {
    Bytes out(kMaxPayload + 8, 0xA5);
    for (int op : {0, 3, 7, 11, 0xFF}) CHECK(encode_ws_push(WsOpcode(op), 0, "x", out.data(), out.size()) == 0);
    for (uint8_t f : {uint8_t(0x02), uint8_t(0x80), uint8_t(0xFF)}) {
        CHECK(encode_ws_push(WsOpcode::Text, f, "x", out.data(), out.size()) == 0);
    }
    for (WsOpcode op : {WsOpcode::Close, WsOpcode::Ping, WsOpcode::Pong}) {
        CHECK(encode_ws_push(op, kWsPushCompress, "\xe8\x03", out.data(), out.size()) == 0);
    }
    CHECK(encode_ws_push(WsOpcode::Ping, 0, std::string(kWsMaxControl + 1, 'p'), out.data(), out.size()) == 0);
    CHECK(encode_ws_push(WsOpcode::Close, 0, "", out.data(), out.size()) == 0);
    CHECK(encode_ws_push(WsOpcode::Close, 0, std::string("\xed\x03", 2), out.data(), out.size()) == 0);  // 1005
    CHECK(encode_ws_push(WsOpcode::Binary, 0, std::string(kWsPushChunk + 1, 'b'), out.data(), out.size()) == 0);
    CHECK(encode_ws_push(WsOpcode::Text, 0, "abc", out.data(), 4) == 0);
    CHECK(out[0] == 0xA5);
}

TEST_CASE("ws ipc: WS_PUSH decoder refusals", "[ipc][ws]") {
    WsPushView v;
    SECTION("header") {
        Bytes p = payload({1, 0}, "x");
        for (uint8_t f : {kFlagEndStream, kFlagUpgradeAccepted, uint8_t(0x80)}) {
            CHECK(decode_ws_push(ws_header(FrameType::WsPush, p, f), p.data(), v) == DecodeError::BadHeader);
        }
        CHECK(decode_ws_push(ws_header(FrameType::WsPush, p, 0, kId, 5), p.data(), v) == DecodeError::BadHeader);
        CHECK(decode_ws_push(ws_header(FrameType::WsPush, p, 0, 0x0100000100000000ull), p.data(), v) ==
              DecodeError::BadHeader);
    }
    SECTION("short prefix") {
        for (Bytes p : {Bytes{}, Bytes{1}}) {
            CHECK(decode_ws_push(ws_header(FrameType::WsPush, p), p.data(), v) == DecodeError::BadPayload);
        }
    }
    SECTION("unknown opcode or push flags") {
        for (uint8_t op : {0, 3, 7, 11, 0x81}) {
            Bytes p = payload({op, 0}, "x");
            CHECK(decode_ws_push(ws_header(FrameType::WsPush, p), p.data(), v) == DecodeError::BadPayload);
        }
        for (uint8_t f : {0x02, 0x04, 0x80, 0xFF}) {
            Bytes p = payload({1, f}, "x");
            CHECK(decode_ws_push(ws_header(FrameType::WsPush, p), p.data(), v) == DecodeError::BadPayload);
        }
    }
    SECTION("control frames: one frame, uncompressed, at most 125 bytes") {
        for (uint8_t op : {8, 9, 10}) {
            INFO("op=" << int(op));
            Bytes ok = payload({op, 0}, std::string("\xe8\x03", 2));
            CHECK(decode_ws_push(ws_header(FrameType::WsPush, ok), ok.data(), v) == DecodeError::None);
            CHECK(decode_ws_push(ws_header(FrameType::WsPush, ok, kFlagMore), ok.data(), v) == DecodeError::BadPayload);
            Bytes compressed = payload({op, kWsPushCompress}, std::string("\xe8\x03", 2));
            CHECK(decode_ws_push(ws_header(FrameType::WsPush, compressed), compressed.data(), v) ==
                  DecodeError::BadPayload);
            Bytes big = payload({op, 0}, std::string("\xe8\x03", 2) + std::string(kWsMaxControl - 1, 'x'));
            CHECK(decode_ws_push(ws_header(FrameType::WsPush, big), big.data(), v) == DecodeError::BadPayload);
        }
    }
    SECTION("close needs a sendable code") {
        for (Bytes p : {payload({8, 0}), payload({8, 0}, "\x03")}) {
            CHECK(decode_ws_push(ws_header(FrameType::WsPush, p), p.data(), v) == DecodeError::BadPayload);
        }
        for (uint16_t code : {uint16_t(999), uint16_t(1004), uint16_t(1005), uint16_t(1006), uint16_t(1015), uint16_t(5000)}) {
            Bytes p = payload({8, 0, uint8_t(code), uint8_t(code >> 8)});
            INFO("code=" << code);
            CHECK(decode_ws_push(ws_header(FrameType::WsPush, p), p.data(), v) == DecodeError::BadPayload);
        }
    }
    SECTION("data pushes: kFlagMore needs at least one byte") {
        Bytes empty = payload({2, 0});
        CHECK(decode_ws_push(ws_header(FrameType::WsPush, empty, kFlagMore), empty.data(), v) == DecodeError::BadPayload);
        Bytes one = payload({2, kWsPushCompress}, "y");
        REQUIRE(decode_ws_push(ws_header(FrameType::WsPush, one, kFlagMore), one.data(), v) == DecodeError::None);
        CHECK(v.more);
        CHECK(v.flags == kWsPushCompress);
        CHECK(v.data == "y");
    }
}

TEST_CASE("ws ipc: WS_CLOSED round trip and validation", "[ipc][ws]") {
    const std::string reason_max(kWsMaxCloseReason, 'q');
    for (uint16_t code : {uint16_t(1000), uint16_t(1005), uint16_t(1006), uint16_t(1009), uint16_t(1015), uint16_t(4999)}) {
        for (std::string_view reason : {std::string_view(), std::string_view("gone"), std::string_view(reason_max)}) {
            uint8_t out[kWsMaxControl];
            size_t n = encode_ws_closed(code, reason, out, sizeof out);
            REQUIRE(n == 2 + reason.size());
            CHECK(out[0] == uint8_t(code));
            CHECK(out[1] == uint8_t(code >> 8));
            Bytes p(out, out + n);
            WsClosedView v;
            REQUIRE(decode_ws_closed(ws_header(FrameType::WsClosed, p), p.data(), v) == DecodeError::None);
            CHECK(v.code == code);
            CHECK(v.reason == reason);
        }
    }
    uint8_t out[256];
    for (uint16_t code : {uint16_t(0), uint16_t(999), uint16_t(1004), uint16_t(5000)}) {
        CHECK(encode_ws_closed(code, "", out, sizeof out) == 0);
    }
    CHECK(encode_ws_closed(1000, reason_max + "q", out, sizeof out) == 0);
    CHECK(encode_ws_closed(1000, "ab", out, 3) == 0);

    WsClosedView v;
    Bytes ok = payload({0xE8, 0x03}, "r");
    CHECK(decode_ws_closed(ws_header(FrameType::WsClosed, ok, kFlagEndStream), ok.data(), v) == DecodeError::BadHeader);
    CHECK(decode_ws_closed(ws_header(FrameType::WsClosed, ok, kFlagMore), ok.data(), v) == DecodeError::BadHeader);
    CHECK(decode_ws_closed(ws_header(FrameType::WsClosed, ok, 0, kId, 3), ok.data(), v) == DecodeError::BadHeader);
    CHECK(decode_ws_closed(ws_header(FrameType::WsClosed, ok, 0, 7), ok.data(), v) == DecodeError::BadHeader);
    for (Bytes p : {Bytes{}, Bytes{0xE8}, payload({0xE8, 0x03}, std::string(kWsMaxCloseReason + 1, 'x'))}) {
        CHECK(decode_ws_closed(ws_header(FrameType::WsClosed, p), p.data(), v) == DecodeError::BadPayload);
    }
    for (uint16_t code : {uint16_t(0), uint16_t(999), uint16_t(1004), uint16_t(5000), uint16_t(0xFFFF)}) {
        Bytes p = payload({uint8_t(code), uint8_t(code >> 8)});
        CHECK(decode_ws_closed(ws_header(FrameType::WsClosed, p), p.data(), v) == DecodeError::BadPayload);
    }
}

TEST_CASE("ws ipc: the upgrade accept is a flagged 101 RESPONSE_HEAD without body", "[ipc][ws]") {
    auto head = [](uint16_t status, std::string_view body) {
        Bytes b(256);
        ResponseHeadWriter w(b.data(), b.size(), status);
        w.add_header("sec-websocket-protocol", "chat");
        w.set_body(body);
        REQUIRE_FALSE(w.overflow());
        b.resize(w.size());
        return b;
    };
    Bytes p = head(101, "");
    ResponseHeadView v;
    REQUIRE(decode_upgrade_accept(ws_header(FrameType::ResponseHead, p, kFlagUpgradeAccepted, 9, 1), p.data(), v) ==
            DecodeError::None);
    CHECK(v.status == 101);
    REQUIRE(v.header_count == 1);
    HeaderField f;
    auto cur = v.headers();
    REQUIRE(cur.next(f));
    CHECK(f.name == "sec-websocket-protocol");
    CHECK(f.value == "chat");

    for (uint8_t flags : {uint8_t(0), kFlagEndStream, uint8_t(kFlagUpgradeAccepted | kFlagEndStream),
                          uint8_t(kFlagUpgradeAccepted | kFlagMore)}) {
        INFO("flags=" << int(flags));
        CHECK(decode_upgrade_accept(ws_header(FrameType::ResponseHead, p, flags), p.data(), v) == DecodeError::BadHeader);
    }
    for (Bytes bad : {head(200, ""), head(403, ""), head(101, "body")}) {
        CHECK(decode_upgrade_accept(ws_header(FrameType::ResponseHead, bad, kFlagUpgradeAccepted), bad.data(), v) ==
              DecodeError::BadPayload);
    }
    Bytes truncated(p.begin(), p.end() - 1);
    CHECK(decode_upgrade_accept(ws_header(FrameType::ResponseHead, truncated, kFlagUpgradeAccepted), truncated.data(),
                                v) == DecodeError::BadPayload);
    // The payload format is unchanged: without the flag it is an ordinary RESPONSE_HEAD.
    CHECK(decode_response_head(p.data(), p.size(), v) == DecodeError::None);
}

TEST_CASE("ws ipc: the WebSocket request flag survives a REQUEST_HEAD round trip", "[ipc][ws]") {
    const HeaderField hdrs[] = {{"upgrade", "websocket"}, {"sec-websocket-version", "13"}};
    RequestHeadIn in;
    in.conn.protocol = Protocol::Http2;
    in.conn.flags = kRequestFlagTls | kRequestFlagWebSocket;
    in.method = "CONNECT";
    in.scheme = "https";
    in.authority = "example.com";
    in.target = "/chat";
    in.headers = hdrs;
    in.header_count = 2;
    Bytes out(request_head_size(in));
    REQUIRE(encode_request_head(in, out.data(), out.size()) == out.size());
    CHECK(out[1] == (kRequestFlagTls | kRequestFlagWebSocket));
    RequestHeadView v;
    REQUIRE(decode_request_head(out.data(), out.size(), v) == DecodeError::None);
    CHECK((v.conn.flags & kRequestFlagWebSocket) != 0);
    CHECK((v.conn.flags & kRequestFlagTls) != 0);
    CHECK(v.method == "CONNECT");
    CHECK(v.target == "/chat");
}

TEST_CASE("ipc: STREAM_DETACH and STREAM_DETACHED", "[ipc]") {
    CHECK(uint8_t(FrameType::StreamDetach) == 17);
    CHECK(uint8_t(FrameType::StreamDetached) == 18);
    FrameHeader h;
    h.type = FrameType::StreamDetach;
    h.session_id = 7;
    h.stream_id = 3;
    h.length = kStreamDetachSize;
    uint8_t p[8];
    encode_stream_detach(2, p);
    uint8_t kind = 0;
    CHECK(decode_stream_detach(h, p, kind) == DecodeError::None);
    CHECK(kind == 2);
    p[0] = 1;
    CHECK(decode_stream_detach(h, p, kind) == DecodeError::BadPayload);
    p[0] = 3;
    h.flags = kFlagEndStream;
    CHECK(decode_stream_detach(h, p, kind) == DecodeError::BadHeader);
    h.flags = 0;
    h.session_id = kId;  // a registry id cannot detach again
    CHECK(decode_stream_detach(h, p, kind) == DecodeError::BadHeader);

    FrameHeader d;
    d.type = FrameType::StreamDetached;
    d.session_id = 7;
    d.length = kStreamDetachedSize;
    uint64_t id = 1;
    encode_stream_detached(kId, p);
    CHECK(decode_stream_detached(d, p, id) == DecodeError::None);
    CHECK(id == kId);
    encode_stream_detached(0, p);
    CHECK(decode_stream_detached(d, p, id) == DecodeError::None);
    CHECK(id == 0);
    encode_stream_detached(12345, p);  // not the shape of a registry id
    CHECK(decode_stream_detached(d, p, id) == DecodeError::BadPayload);
    d.length = 4;
    CHECK(decode_stream_detached(d, p, id) == DecodeError::BadPayload);
}

TEST_CASE("ws ipc: WS_WRITABLE is empty and addressed by a registry id", "[ipc][ws]") {
    FrameHeader h;
    h.type = FrameType::WsWritable;
    h.session_id = (uint64_t(1) << 32) | kRegistrySlotBit | 5;  // generation 1, index 5
    h.stream_id = 0;
    h.length = 0;
    CHECK(decode_ws_writable(h) == DecodeError::None);
    uint8_t wire[kHeaderSize];
    encode_header(h, wire);
    FrameHeader back;
    REQUIRE(decode_header(wire, sizeof wire, back) == DecodeError::None);
    CHECK(back.type == FrameType::WsWritable);
    CHECK(decode_ws_writable(back) == DecodeError::None);
    FrameHeader bad = h;
    bad.length = 1;
    CHECK(decode_ws_writable(bad) == DecodeError::BadPayload);
    bad = h;
    bad.flags = kFlagMore;
    CHECK(decode_ws_writable(bad) == DecodeError::BadHeader);
    bad = h;
    bad.stream_id = 3;
    CHECK(decode_ws_writable(bad) == DecodeError::BadHeader);
    bad = h;
    bad.session_id = 42;  // a session id, not a registry id
    CHECK(decode_ws_writable(bad) == DecodeError::BadHeader);
}

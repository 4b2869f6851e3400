// WebSocket frame writer: RFC 6455 §5.7 bytes exactly, fragmentation, close frames, and
// writer -> parser round trips at every length-encoding boundary up to 16 MiB.
#include <catch2/catch.hpp>

#include <string>

#include "websocket_test_support.h"
#include "trident/websocket/writer.h"

using namespace wstest;

TEST_CASE("websocket writer: RFC 6455 §5.7 examples byte-exact", "[websocket]") {
    std::string out;
    append_frame(out, Opcode::Text, "Hello");
    CHECK(out == bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));

    out.clear();
    FrameOptions masked;
    masked.mask = &kKey;
    append_frame(out, Opcode::Text, "Hello", masked);
    CHECK(out == bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));

    out.clear();
    append_message(out, Opcode::Text, "Hello", 3);
    CHECK(out == bytes({0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f}));

    out.clear();
    CHECK(append_control(out, Opcode::Ping, "Hello"));
    CHECK(out == bytes({0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));

    out.clear();
    CHECK(append_control(out, Opcode::Pong, "Hello", &kKey));
    CHECK(out == bytes({0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));

    out.clear();
    append_frame(out, Opcode::Binary, std::string(256, 'x'));
    CHECK(out.substr(0, 4) == bytes({0x82, 0x7e, 0x01, 0x00}));
    out.clear();
    append_frame(out, Opcode::Binary, std::string(65536, 'x'));
    CHECK(out.substr(0, 10) == bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0}));
    CHECK(out.size() == 65536 + 10);
}

TEST_CASE("websocket writer: headers use the minimal length encoding", "[websocket]") {
    uint8_t h[kMaxFrameHeaderSize];
    CHECK(encode_frame_header(h, Opcode::Binary, 125) == 2);
    CHECK(h[1] == 125);
    CHECK(encode_frame_header(h, Opcode::Binary, 126) == 4);
    CHECK(h[1] == 126);
    CHECK(encode_frame_header(h, Opcode::Binary, 65535) == 4);
    CHECK(encode_frame_header(h, Opcode::Binary, 65536) == 10);
    CHECK(h[1] == 127);
    FrameOptions opt;
    opt.mask = &kKey;
    opt.fin = false;
    opt.rsv1 = true;
    CHECK(encode_frame_header(h, Opcode::Text, 65536, opt) == 14);
    CHECK(h[0] == 0x41);
    CHECK(h[1] == (0x80 | 127));
    CHECK(frame_header_size(125, false) == 2);
    CHECK(frame_header_size(126, true) == 8);
    CHECK(frame_header_size(65536, true) == 14);
}

TEST_CASE("websocket writer: fragmentation", "[websocket]") {
    std::string out;
    append_message(out, Opcode::Binary, std::string(10, 'a'), 4, true);
    // RSV1 only on the first frame, continuations after it, FIN on the last.
    CHECK(out == bytes({0x42, 4}) + "aaaa" + bytes({0x00, 4}) + "aaaa" + bytes({0x80, 2}) + "aa");
    CHECK(out.size() == message_wire_size(10, 4, false));
    out.clear();
    append_message(out, Opcode::Text, "", 4);
    CHECK(out == bytes({0x81, 0x00}));
    out.clear();
    append_message(out, Opcode::Text, "abcd", 4, false, &kKey);
    CHECK(out.size() == message_wire_size(4, 4, true));
    CHECK(only(run_server(out)).data == "abcd");
    // Exact multiple of the fragment size: no empty trailing frame.
    CHECK(message_wire_size(8, 4, false) == 12);
    CHECK(message_wire_size(200000, 70000, true) == 2 * (14 + 70000) + 8 + 60000);
}

TEST_CASE("websocket writer: control and close frames", "[websocket]") {
    std::string out;
    CHECK_FALSE(append_control(out, Opcode::Ping, std::string(126, 'p')));
    CHECK_FALSE(append_control(out, Opcode::Text, "x"));
    CHECK(out.empty());
    CHECK(append_control(out, Opcode::Ping, std::string(125, 'p')));
    CHECK(out.size() == 127);

    out.clear();
    CHECK(append_close(out, close_code::kNormal, "bye"));
    CHECK(out == bytes({0x88, 0x05, 0x03, 0xe8}) + "bye");
    out.clear();
    CHECK(append_close(out, close_code::kNoStatusReceived));
    CHECK(out == bytes({0x88, 0x00}));
    out.clear();
    CHECK_FALSE(append_close(out, 1006));
    CHECK_FALSE(append_close(out, 1015));
    CHECK_FALSE(append_close(out, 2000));
    CHECK(out.empty());
    CHECK(append_close(out, 4999));

    // A long reason is cut at a code point boundary to fit the 125-byte payload.
    std::string e_acute;
    for (int i = 0; i < 100; ++i) e_acute += "\xC3\xA9";  // 200 bytes
    out.clear();
    CHECK(append_close(out, close_code::kGoingAway, e_acute));
    CHECK(out.size() == 2 + 2 + 122);  // 61 whole "é", not 123 bytes ending in half of one
    Parser p(Role::Client);
    const Rec r = only(run(p, out));
    CHECK(r.kind == EventKind::Close);
    CHECK(r.code == 1001);
    CHECK(r.data == e_acute.substr(0, 122));
    CHECK(truncate_utf8("abc", 5) == "abc");
    CHECK(truncate_utf8("ab\xE2\x82\xAC", 4) == "ab");
    CHECK(truncate_utf8("ab\xE2\x82\xAC", 5) == "ab\xE2\x82\xAC");
    CHECK(truncate_utf8("\xF0\x9F\x98\x80z", 3) == "");
}

TEST_CASE("websocket writer -> parser round trips", "[websocket]") {
    for (size_t n : {size_t(0), size_t(125), size_t(126), size_t(65535), size_t(65536), size_t(16) << 20}) {
        INFO("size " << n);
        std::string payload(n, '\0');
        for (size_t i = 0; i < n; ++i) payload[i] = char((i * 131 + (i >> 9)) & 0xFF);
        // Client -> server: masked.
        std::string wire;
        append_message(wire, Opcode::Binary, payload, 0, false, &kKey);
        CHECK(wire.size() == message_wire_size(n, 0, true));
        const Rec a = only(run_server(wire, n > 100000 ? 65536 : 7));
        CHECK(a.kind == EventKind::Message);
        CHECK(a.opcode == Opcode::Binary);
        CHECK(a.data == payload);
        // Server -> client: unmasked, and fragmented.
        wire.clear();
        append_message(wire, Opcode::Binary, payload, 40000);
        Parser client(Role::Client);
        const Rec b = only(run(client, wire));
        CHECK(b.kind == EventKind::Message);
        CHECK(b.data == payload);
    }
}

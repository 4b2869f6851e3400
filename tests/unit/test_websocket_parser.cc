// WebSocket frame parser: every RFC 6455 receive rule with the exact close code, any byte split.
#include <catch2/catch.hpp>

#include <string>

#include "websocket_test_support.h"
#include "trident/websocket/utf8.h"
#include "trident/websocket/writer.h"

using namespace wstest;

namespace {

Rec message(Opcode op, std::string data) { return {EventKind::Message, op, 0, ParseError::None, std::move(data)}; }
Rec ping(std::string data) { return {EventKind::Ping, Opcode::Continuation, 0, ParseError::None, std::move(data)}; }
Rec pong(std::string data) { return {EventKind::Pong, Opcode::Continuation, 0, ParseError::None, std::move(data)}; }
Rec closed(uint16_t code, std::string reason) {
    return {EventKind::Close, Opcode::Continuation, code, ParseError::None, std::move(reason)};
}

// Checks that an input fails with `code` / `err`, whole and one byte at a time.
void expect_error(const std::string& input, uint16_t code, ParseError err, Role role = Role::Server,
                  const Limits& limits = Limits{}) {
    for (size_t chunk : {size_t(0), size_t(1)}) {
        Parser p(role, limits);
        std::vector<Rec> v = run(p, input, chunk);
        INFO("chunk " << chunk);
        REQUIRE(!v.empty());
        CHECK(v.back().kind == EventKind::Error);
        CHECK(v.back().code == code);
        CHECK(v.back().error == err);
        CHECK(v.back().data == describe(err));
    }
}

std::string two_byte_close(uint16_t code, std::string_view reason = {}) {
    std::string payload;
    payload.push_back(char(code >> 8));
    payload.push_back(char(code));
    payload.append(reason.data(), reason.size());
    return client_frame(0x88, payload);
}

}  // namespace

TEST_CASE("websocket parser: RFC 6455 §5.7 examples", "[websocket]") {
    // A single-frame unmasked text message, as a client receives it.
    Parser client(Role::Client);
    CHECK(only(run(client, bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}))) == message(Opcode::Text, "Hello"));
    // The same, masked with key 37 fa 21 3d, as a server receives it.
    CHECK(only(run_server(bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}))) ==
          message(Opcode::Text, "Hello"));
    // A fragmented unmasked text message.
    Parser frag(Role::Client);
    CHECK(only(run(frag, bytes({0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f}))) ==
          message(Opcode::Text, "Hello"));
    // Unmasked ping, masked pong.
    Parser pinged(Role::Client);
    CHECK(only(run(pinged, bytes({0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}))) == ping("Hello"));
    CHECK(only(run_server(bytes({0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}))) == pong("Hello"));
    // 256 bytes and 64 KiB of binary data in one unmasked frame (16- and 64-bit lengths).
    const std::string b256(256, '\x5a'), b64k(65536, '\xa5');
    Parser big(Role::Client);
    CHECK(only(run(big, bytes({0x82, 0x7e, 0x01, 0x00}) + b256)) == message(Opcode::Binary, b256));
    CHECK(only(run(big, bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0}) + b64k)) == message(Opcode::Binary, b64k));
}

TEST_CASE("websocket parser: any byte split gives the same events", "[websocket]") {
    // Several messages, a fragmented one with a ping in between, an empty one, a pong and a
    // close: fed whole, one byte at a time and in every chunk size up to 17.
    std::string in = client_frame(0x81, "first");
    in += client_frame(0x02, "bin-");
    in += client_frame(0x89, "are you there");
    in += client_frame(0x00, std::string(300, 'x'));
    in += client_frame(0x80, "-end");
    in += client_frame(0x81, "");
    in += client_frame(0x01, "\xE2\x82");  // "€" split inside its code point
    in += client_frame(0x80, "\xAC");
    in += client_frame(0x8a, "");
    in += two_byte_close(1000, "bye");
    const std::vector<Rec> want = {
        message(Opcode::Text, "first"),
        ping("are you there"),
        message(Opcode::Binary, "bin-" + std::string(300, 'x') + "-end"),
        message(Opcode::Text, ""),
        message(Opcode::Text, "\xE2\x82\xAC"),
        pong(""),
        closed(1000, "bye"),
    };
    for (size_t chunk = 0; chunk <= 17; ++chunk) {
        INFO("chunk " << chunk);
        CHECK(run_server(in, chunk) == want);
    }
}

TEST_CASE("websocket parser: control frames interleaved in a fragmented message", "[websocket]") {
    std::string in = client_frame(0x01, "Hel");
    in += client_frame(0x89, "p1");
    in += client_frame(0x8a, "p2");
    in += client_frame(0x00, "l");
    in += client_frame(0x89, "");
    in += client_frame(0x80, "o");
    CHECK(run_server(in, 1) == std::vector<Rec>{ping("p1"), pong("p2"), ping(""), message(Opcode::Text, "Hello")});
    // A close in the middle ends everything: the unfinished message is never delivered.
    std::string cut = client_frame(0x01, "Hel") + two_byte_close(1001) + client_frame(0x80, "lo");
    CHECK(run_server(cut) == std::vector<Rec>{closed(1001, "")});
}

TEST_CASE("websocket parser: masking rules per role", "[websocket]") {
    // Server role: an unmasked client frame is a protocol error (RFC 6455 §5.1).
    expect_error(raw_frame(0x81, "Hello", false), 1002, ParseError::UnmaskedFrame);
    expect_error(raw_frame(0x89, "", false), 1002, ParseError::UnmaskedFrame);
    // Client role: a masked server frame is too.
    expect_error(raw_frame(0x81, "Hello", true), 1002, ParseError::MaskedFrame, Role::Client);
    Parser client(Role::Client);
    CHECK(only(run(client, raw_frame(0x82, "ok", false))) == message(Opcode::Binary, "ok"));
}

TEST_CASE("websocket parser: payload length encodings", "[websocket]") {
    // Minimal encodings at every boundary are accepted.
    for (size_t n : {size_t(0), size_t(125), size_t(126), size_t(65535), size_t(65536)}) {
        INFO(n);
        const std::string payload(n, 'q');
        CHECK(only(run_server(client_frame(0x82, payload))) == message(Opcode::Binary, payload));
    }
    // RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
    expect_error(raw_frame(0x82, std::string(125, 'a'), true, 2), 1002, ParseError::NonMinimalLength);
    expect_error(raw_frame(0x82, "", true, 2), 1002, ParseError::NonMinimalLength);
    expect_error(raw_frame(0x82, std::string(126, 'a'), true, 8), 1002, ParseError::NonMinimalLength);
    expect_error(raw_frame(0x82, std::string(65535, 'a'), true, 8), 1002, ParseError::NonMinimalLength);
    // The most significant bit of a 64-bit length MUST be 0.
    expect_error(raw_frame(0x82, "", true, 8, 0x8000000000000000ull), 1002, ParseError::LengthTooLarge);
    expect_error(raw_frame(0x82, "", true, 8, 0xFFFFFFFFFFFFFFFFull - 1), 1002, ParseError::LengthTooLarge);
}

TEST_CASE("websocket parser: reserved bits and opcodes", "[websocket]") {
    expect_error(client_frame(0xC1, "x"), 1002, ParseError::ReservedBits);  // RSV1, no deflate
    expect_error(client_frame(0xA1, "x"), 1002, ParseError::ReservedBits);  // RSV2
    expect_error(client_frame(0x91, "x"), 1002, ParseError::ReservedBits);  // RSV3
    expect_error(client_frame(0xC9, ""), 1002, ParseError::ReservedBits);   // RSV1 on a ping
    for (int op : {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
        INFO("opcode " << op);
        expect_error(client_frame(uint8_t(0x80 | op), ""), 1002, ParseError::UnknownOpcode);
    }
}

TEST_CASE("websocket parser: control frame rules", "[websocket]") {
    // At most 125 bytes, and never fragmented (RFC 6455 §5.5).
    CHECK(only(run_server(client_frame(0x89, std::string(125, 'p')))) == ping(std::string(125, 'p')));
    expect_error(raw_frame(0x89, std::string(126, 'p'), true), 1002, ParseError::ControlTooLong);
    expect_error(raw_frame(0x8a, std::string(126, 'p'), true), 1002, ParseError::ControlTooLong);
    expect_error(client_frame(0x09, "p"), 1002, ParseError::FragmentedControl);
    expect_error(client_frame(0x08, ""), 1002, ParseError::FragmentedControl);
}

TEST_CASE("websocket parser: fragmentation order", "[websocket]") {
    expect_error(client_frame(0x80, "x"), 1002, ParseError::UnexpectedContinuation);
    expect_error(client_frame(0x00, "x"), 1002, ParseError::UnexpectedContinuation);
    expect_error(client_frame(0x01, "a") + client_frame(0x81, "b"), 1002, ParseError::ExpectedContinuation);
    expect_error(client_frame(0x02, "a") + client_frame(0x01, "b"), 1002, ParseError::ExpectedContinuation);
    // After a complete message a continuation is again unexpected.
    expect_error(client_frame(0x81, "a") + client_frame(0x80, "b"), 1002, ParseError::UnexpectedContinuation);
}

TEST_CASE("websocket parser: frame and message size limits", "[websocket]") {
    Limits limits;
    limits.max_frame_size = 1000;
    limits.max_message_size = 2500;
    // Exactly at both limits is fine.
    std::string ok = client_frame(0x02, std::string(1000, 'a')) + client_frame(0x00, std::string(1000, 'b')) +
                     client_frame(0x80, std::string(500, 'c'));
    CHECK(only(run_server(ok, 0, limits)).kind == EventKind::Message);
    // A frame over the limit is refused from its header alone: no payload needs to arrive.
    const std::string big = client_frame(0x82, std::string(1001, 'a'));
    expect_error(big.substr(0, 8), 1009, ParseError::FrameTooBig, Role::Server, limits);
    // A message over the limit across fragments.
    std::string over = client_frame(0x02, std::string(1000, 'a')) + client_frame(0x00, std::string(1000, 'b')) +
                       client_frame(0x80, std::string(501, 'c'));
    expect_error(over, 1009, ParseError::MessageTooBig, Role::Server, limits);
    // Control frames do not count against the message.
    std::string with_ping = client_frame(0x02, std::string(1000, 'a')) + client_frame(0x89, std::string(125, 'p')) +
                            client_frame(0x00, std::string(1000, 'b')) + client_frame(0x80, std::string(500, 'c'));
    CHECK(run_server(with_ping, 0, limits).size() == 2);
    // A huge announced frame allocates nothing.
    Parser p(Role::Server, limits);
    std::string header = raw_frame(0x82, "", true, 8, uint64_t(1) << 40).substr(0, 10);
    CHECK(run(p, header).back().code == 1009);
    CHECK(p.buffer_capacity() == 0);
}

TEST_CASE("websocket parser: text messages must be UTF-8", "[websocket]") {
    for (std::string bad : {std::string("\xFF"), std::string("\xC0\x80"), std::string("\xED\xA0\x80"),
                            std::string("\xF4\x90\x80\x80"), std::string("a\x80"), std::string("\xE0\x9F\xBF"),
                            std::string("\xF0\x8F\xBF\xBF"), std::string("\xF5\x80\x80\x80")}) {
        INFO("bytes " << bad.size());
        expect_error(client_frame(0x81, bad), 1007, ParseError::InvalidUtf8);
    }
    // Detected in the first fragment, before the message is complete (fail fast, §8.1).
    Parser p(Role::Server);
    std::vector<Rec> v = run(p, client_frame(0x01, "ok \xC3\x28"));
    REQUIRE(v.size() == 1);
    CHECK(v[0].code == 1007);
    // A message that ends inside a code point.
    expect_error(client_frame(0x81, "\xE2\x82"), 1007, ParseError::InvalidUtf8);
    expect_error(client_frame(0x01, "a") + client_frame(0x80, "\xF0\x9F\x98"), 1007, ParseError::InvalidUtf8);
    // Code points split across fragments are fine; binary messages are not checked.
    CHECK(only(run_server(client_frame(0x01, "\xF0\x9F") + client_frame(0x00, "\x98") + client_frame(0x80, "\x80"))) ==
          message(Opcode::Text, "\xF0\x9F\x98\x80"));
    CHECK(only(run_server(client_frame(0x82, "\xFF\xFE"))) == message(Opcode::Binary, "\xFF\xFE"));
}

TEST_CASE("websocket parser: close frames", "[websocket]") {
    CHECK(only(run_server(client_frame(0x88, ""))) == closed(1005, ""));
    CHECK(only(run_server(two_byte_close(1000))) == closed(1000, ""));
    CHECK(only(run_server(two_byte_close(1001, "going \xC3\xA9"))) == closed(1001, "going \xC3\xA9"));
    expect_error(client_frame(0x88, "\x03"), 1002, ParseError::BadCloseLength);
    for (uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999}) {
        INFO(code);
        CHECK(only(run_server(two_byte_close(code, "r"))) == closed(code, "r"));
    }
    for (uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
        INFO(code);
        expect_error(two_byte_close(code), 1002, ParseError::BadCloseCode);
    }
    expect_error(two_byte_close(1000, "bad \xC3"), 1007, ParseError::InvalidCloseReason);
    // Nothing after a close frame is parsed, not even garbage.
    Parser p(Role::Server);
    std::string in = two_byte_close(1000) + "\xFF\xFF\xFF";
    CHECK(run(p, in) == std::vector<Rec>{closed(1000, "")});
    std::string_view more = "\x81\x85";
    CHECK(p.feed(more).kind == EventKind::NeedMore);
    CHECK(more.empty());
    CHECK(p.state() == Parser::State::Closed);
}

TEST_CASE("websocket parser: an error is final", "[websocket]") {
    Parser p(Role::Server);
    std::string_view in = "\x81\x05Hello";  // unmasked
    Event ev = p.feed(in);
    CHECK(ev.kind == EventKind::Error);
    CHECK(ev.close_code == 1002);
    CHECK(in.empty());
    std::string good = client_frame(0x81, "x");
    std::string_view again = good;
    CHECK(p.feed(again).kind == EventKind::Error);
    CHECK(p.state() == Parser::State::Failed);
}

TEST_CASE("websocket parser: the message buffer is released after a big message", "[websocket]") {
    Parser p(Role::Server);
    const std::string big = client_frame(0x82, std::string(1 << 20, 'z'));
    std::string_view in = big;
    Event ev = p.feed(in);
    CHECK(ev.kind == EventKind::Message);
    CHECK(ev.data.size() == size_t(1) << 20);
    CHECK(p.buffer_capacity() >= size_t(1) << 20);
    CHECK(p.buffer_capacity() <= p.limits().max_message_size);
    CHECK(only(run(p, client_frame(0x82, "small"))) == message(Opcode::Binary, "small"));
    CHECK(p.buffer_capacity() <= MessageBuffer::kRetainBytes);
}

TEST_CASE("websocket utf8 validator", "[websocket]") {
    // Boundaries of each sequence length, and the code points just outside the surrogates.
    for (const char* ok : {"\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
                           "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", ""})
        CHECK(is_valid_utf8(ok));
    for (const char* bad : {"\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xBF\xBF", "\xF0\x80\x80\x80", "\xF4\x90\x80\x80",
                            "\xF8\x88\x80\x80\x80", "\xC2", "\xE1\x80"})
        CHECK_FALSE(is_valid_utf8(bad));
    Utf8Validator v;
    CHECK(v.feed("\xF0"));
    CHECK(v.state() == Utf8Validator::State::AfterF0);
    CHECK(v.feed("\x9F\x98"));
    CHECK_FALSE(v.complete());
    CHECK(v.feed("\x80" "abcdefghijklmnop"));
    CHECK(v.complete());
    CHECK_FALSE(v.feed("\xC0"));
    CHECK(v.failed());
    CHECK_FALSE(v.feed("a"));  // sticky
}

// permessage-deflate: RFC 7692 examples byte-exact, context takeover, offer negotiation, the
// parser inflating RSV1 messages, and a decompression bomb held to the message size limit.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <string>

#include "websocket_test_support.h"
#include "trident/websocket/deflate_codec.h"
#include "trident/websocket/permessage_deflate.h"
#include "trident/websocket/writer.h"

using namespace wstest;

namespace {

std::string compress_one(Compressor& c, std::string_view msg) {
    std::string out;
    REQUIRE(c.compress(msg, out));
    return out;
}

std::string inflate_one(Decompressor& d, std::string_view msg, size_t limit = 1 << 20) {
    MessageBuffer buf(limit);
    REQUIRE(d.decompress(msg, buf) == InflateStatus::Ok);
    return std::string(buf.view());
}

// Raw deflate of `data` ended with Z_FINISH (a BFINAL block), as §7.2.3.4 allows a peer to send.
std::string deflate_final(std::string_view data) {
    z_stream zs{};
    REQUIRE(deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&zs, uLong(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
    zs.avail_out = uInt(out.size());
    REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    out.resize(out.size() - zs.avail_out);
    deflateEnd(&zs);
    return out;
}

DeflateParams negotiate(std::string_view offer, const DeflateConfig& config = DeflateConfig{}) {
    DeflateParams p;
    REQUIRE(negotiate_deflate(offer, config, p));
    return p;
}

bool declines(std::string_view offer, const DeflateConfig& config = DeflateConfig{}) {
    DeflateParams p;
    return !negotiate_deflate(offer, config, p);
}

}  // namespace

TEST_CASE("websocket deflate: RFC 7692 §7.2.3 examples", "[websocket]") {
    Compressor c;
    REQUIRE(c.init(15, false));
    // §7.2.3.1: "Hello" compresses to f2 48 cd c9 c9 07 00, sent as c1 07 ... with RSV1.
    const std::string hello = compress_one(c, "Hello");
    CHECK(hello == bytes({0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}));
    std::string frame;
    append_message(frame, Opcode::Text, hello, 0, true);
    CHECK(frame == bytes({0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}));
    // §7.2.3.2: with context takeover the second "Hello" is a back-reference.
    CHECK(compress_one(c, "Hello") == bytes({0xf2, 0x00, 0x11, 0x00, 0x00}));

    // Without context takeover every message starts afresh.
    Compressor fresh;
    REQUIRE(fresh.init(15, true));
    CHECK(compress_one(fresh, "Hello") == bytes({0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}));
    CHECK(compress_one(fresh, "Hello") == bytes({0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}));

    // The receiving side of the same examples.
    Decompressor d;
    REQUIRE(d.init(15, false));
    CHECK(inflate_one(d, bytes({0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00})) == "Hello");
    CHECK(inflate_one(d, bytes({0xf2, 0x00, 0x11, 0x00, 0x00})) == "Hello");
    // §7.2.3.3: a stored (uncompressed) block.
    CHECK(inflate_one(d, bytes({0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00})) == "Hello");
    // §7.2.3.6: an empty message compresses to a single 00 byte.
    CHECK(compress_one(fresh, "") == bytes({0x00}));
    CHECK(inflate_one(d, bytes({0x00})).empty());
}

TEST_CASE("websocket deflate: a BFINAL block keeps the window for context takeover", "[websocket]") {
    Decompressor d;
    REQUIRE(d.init(15, false));
    const std::string first = deflate_final("Hello");
    CHECK(first == bytes({0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}));
    CHECK(inflate_one(d, first) == "Hello");
    // The back-reference to the previous message still resolves.
    CHECK(inflate_one(d, bytes({0xf2, 0x00, 0x11, 0x00, 0x00})) == "Hello");
    // Data after the final block inside one message is corrupt.
    MessageBuffer buf(1024);
    Decompressor d2;
    REQUIRE(d2.init(15, true));
    CHECK(d2.decompress(first + "\x01\x02", buf) == InflateStatus::Corrupt);
}

TEST_CASE("websocket deflate: round trips with every window size", "[websocket]") {
    // Text with repeats at distances from 3 to ~1000 bytes: with windowBits 8 zlib compresses
    // with a 512-byte window (it has no 256-byte raw mode); every size negotiates and round
    // trips, message after message.
    std::string text;
    for (int i = 0; i < 400; ++i) text += "line " + std::to_string(i % 37) + " of " + std::to_string(i * 7919 % 1000) + "\n";
    for (int bits = 8; bits <= 15; ++bits) {
        for (bool nct : {false, true}) {
            INFO("bits " << bits << " no_context_takeover " << nct);
            Compressor c;
            Decompressor d;
            REQUIRE(c.init(bits, nct));
            REQUIRE(d.init(bits, nct));
            for (int m = 0; m < 3; ++m) {
                const std::string z = compress_one(c, text);
                CHECK(z.size() < text.size() / 2);
                CHECK(inflate_one(d, z) == text);
            }
        }
    }
    Compressor bad;
    CHECK_FALSE(bad.init(7, false));
    CHECK_FALSE(bad.init(16, false));
    Decompressor bad_d;
    CHECK_FALSE(bad_d.init(7, false));
}

TEST_CASE("websocket deflate: what inflates does not depend on how the bytes arrive", "[websocket]") {
    // Found by fuzz_websocket: a back-reference farther than a negotiated 256-byte window was
    // accepted when the message came in one piece (zlib checks it against its own output of
    // that call) and refused when it came byte by byte (checked against the window). The
    // inflater now keeps DEFLATE's whole 32 KiB history, so both agree.
    std::string text;
    for (int i = 0; i < 200; ++i) text += "row " + std::to_string(i * 7919 % 1000) + ";";
    text += text;  // the second half refers back ~1.5 KiB
    Compressor c;
    REQUIRE(c.init(15, true));
    const std::string z = compress_one(c, text);
    for (int bits : {8, 9, 12, 15}) {
        INFO("inflate window bits " << bits);
        Decompressor whole, bytewise;
        REQUIRE(whole.init(bits, true));
        REQUIRE(bytewise.init(bits, true));
        MessageBuffer a(1 << 16), b(1 << 16);
        CHECK(whole.decompress(z, a) == InflateStatus::Ok);
        for (char ch : z) REQUIRE(bytewise.feed(&ch, 1, b) == InflateStatus::Ok);
        CHECK(bytewise.finish(b) == InflateStatus::Ok);
        CHECK(a.view() == text);
        CHECK(b.view() == text);
    }
}

TEST_CASE("websocket deflate: the parser inflates RSV1 messages", "[websocket]") {
    // RFC 7692 §7.2.3.1, as a client receives it: unfragmented and fragmented.
    Decompressor d;
    REQUIRE(d.init(15, false));
    Parser client(Role::Client);
    client.set_decompressor(&d);
    std::vector<Rec> v = run(client, bytes({0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}) +
                                         bytes({0x41, 0x03, 0xf2, 0x48, 0xcd, 0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00}) +
                                         bytes({0x82, 0x02, 'o', 'k'}),
                             1);
    REQUIRE(v.size() == 3);
    CHECK(v[0].data == "Hello");
    CHECK(v[1].data == "Hello");
    CHECK(v[2].data == "ok");  // an uncompressed message on the same connection

    // Server role: a masked, fragmented, compressed message with a ping in between.
    Compressor c;
    REQUIRE(c.init(15, false));
    Decompressor sd;
    REQUIRE(sd.init(15, false));
    std::string text;
    for (int i = 0; i < 3000; ++i) text += "caf\xC3\xA9 " + std::to_string(i);
    std::string wire;
    const std::string z = compress_one(c, text);
    append_message(wire, Opcode::Text, z, 500, true, &kKey);
    // Splice a ping after the first frame.
    const size_t first = frame_header_size(500, true) + 500;
    wire.insert(first, client_frame(0x89, "hi"));
    append_message(wire, Opcode::Text, compress_one(c, text), 0, true, &kKey);
    for (size_t chunk : {size_t(0), size_t(1), size_t(333)}) {
        INFO("chunk " << chunk);
        Decompressor dd;
        REQUIRE(dd.init(15, false));
        Parser server(Role::Server);
        server.set_decompressor(&dd);
        std::vector<Rec> got = run(server, wire, chunk);
        REQUIRE(got.size() == 3);
        CHECK(got[0].kind == EventKind::Ping);
        CHECK(got[1].data == text);
        CHECK(got[2].data == text);  // context takeover across messages
    }
}

TEST_CASE("websocket deflate: parser errors for compressed messages", "[websocket]") {
    auto fails = [](const std::string& wire, uint16_t code, ParseError err, const Limits& limits = Limits{}) {
        Decompressor d;
        REQUIRE(d.init(15, false));
        Parser p(Role::Server, limits);
        p.set_decompressor(&d);
        std::vector<Rec> v = run(p, wire);
        REQUIRE(!v.empty());
        CHECK(v.back().kind == EventKind::Error);
        CHECK(v.back().code == code);
        CHECK(v.back().error == err);
    };
    // RSV1 is only allowed on the first frame of a message, never on control frames.
    fails(client_frame(0x41, bytes({0xf2, 0x48})) + client_frame(0xC0, bytes({0xcd})), 1002, ParseError::ReservedBits);
    fails(client_frame(0xC9, ""), 1002, ParseError::ReservedBits);
    fails(client_frame(0xE1, "x"), 1002, ParseError::ReservedBits);  // RSV2 stays reserved
    // Not DEFLATE data (BTYPE 11 is reserved).
    fails(client_frame(0xC2, bytes({0xff, 0xff, 0xff})), 1007, ParseError::BadCompressedData);
    // Inflates to invalid UTF-8 in a text message.
    Compressor c;
    REQUIRE(c.init(15, true));
    std::string z;
    REQUIRE(c.compress("bad \xC0\xAF", z));
    fails(client_frame(0xC1, z), 1007, ParseError::InvalidUtf8);
    // Inflates past the message limit.
    Limits small;
    small.max_message_size = 1000;
    z.clear();
    REQUIRE(c.compress(std::string(1001, 'a'), z));
    fails(client_frame(0xC2, z), 1009, ParseError::MessageTooBig, small);
    // Exactly at the limit is fine.
    z.clear();
    REQUIRE(c.compress(std::string(1000, 'a'), z));
    Decompressor d;
    REQUIRE(d.init(15, false));
    Parser p(Role::Server, small);
    p.set_decompressor(&d);
    CHECK(only(run(p, client_frame(0xC2, z))).data == std::string(1000, 'a'));
}

TEST_CASE("websocket deflate: a decompression bomb stays within the limit", "[websocket]") {
    // 10 MiB of zeros deflate to about 10 KB.
    const size_t ten_mib = 10u << 20, one_mib = 1u << 20;
    Compressor c;
    REQUIRE(c.init(15, true, 9));
    std::string bomb;
    REQUIRE(c.compress(std::string(ten_mib, '\0'), bomb));
    CHECK(bomb.size() < 20000);

    MessageBuffer buf(one_mib);
    Decompressor d;
    REQUIRE(d.init(15, true));
    CHECK(d.decompress(bomb, buf) == InflateStatus::TooBig);
    CHECK(buf.size() == one_mib);
    CHECK(buf.capacity() <= one_mib);

    // Through the parser, fragmented, as a client would send it: 1009, with the message buffer
    // never allocated past 1 MiB.
    Limits limits;
    limits.max_message_size = one_mib;
    Decompressor sd;
    REQUIRE(sd.init(15, true));
    Parser p(Role::Server, limits);
    p.set_decompressor(&sd);
    std::string wire;
    append_message(wire, Opcode::Binary, bomb, 1024, true, &kKey);
    std::vector<Rec> v = run(p, wire, 4096);
    REQUIRE(v.size() == 1);
    CHECK(v[0].kind == EventKind::Error);
    CHECK(v[0].code == 1009);
    CHECK(p.buffer_capacity() <= one_mib);
}

TEST_CASE("websocket deflate: offer negotiation", "[websocket]") {
    // What Chrome and Firefox send.
    DeflateParams p = negotiate("permessage-deflate; client_max_window_bits");
    CHECK(deflate_response(p) == "permessage-deflate");
    CHECK(p.server_max_window_bits == 15);
    CHECK(p.client_max_window_bits == 15);
    CHECK(deflate_response(negotiate("permessage-deflate")) == "permessage-deflate");

    // The server's own limits.
    DeflateConfig cfg;
    cfg.client_max_window_bits = 10;
    cfg.server_max_window_bits = 12;
    cfg.server_no_context_takeover = true;
    p = negotiate("permessage-deflate; client_max_window_bits", cfg);
    CHECK(deflate_response(p) == "permessage-deflate; server_no_context_takeover; client_max_window_bits=10");
    CHECK(p.server_max_window_bits == 12);  // used silently: a smaller window is always decodable
    CHECK(p.client_max_window_bits == 10);
    // client_max_window_bits must not be named to a client that did not offer it.
    p = negotiate("permessage-deflate", cfg);
    CHECK(deflate_response(p) == "permessage-deflate; server_no_context_takeover");
    CHECK(p.client_max_window_bits == 15);

    // Offered parameters are honoured and echoed.
    p = negotiate("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                  "server_max_window_bits=10; client_max_window_bits=9");
    CHECK(deflate_response(p) == "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                                 "server_max_window_bits=10; client_max_window_bits=9");
    p = negotiate("permessage-deflate; server_max_window_bits=14", cfg);
    CHECK(p.server_max_window_bits == 12);
    CHECK(deflate_response(p) == "permessage-deflate; server_no_context_takeover; server_max_window_bits=12");
    // Quoted values (RFC 6455 §9.1), case-insensitive names, whitespace.
    p = negotiate("Permessage-Deflate ;SERVER_MAX_WINDOW_BITS = \"11\"");
    CHECK(p.server_max_window_bits == 11);

    // Invalid offers are declined, and the next offer is tried.
    CHECK(declines("permessage-deflate; x=1"));
    CHECK(declines("permessage-deflate; server_no_context_takeover; server_no_context_takeover"));
    CHECK(declines("permessage-deflate; server_no_context_takeover=1"));
    CHECK(declines("permessage-deflate; client_no_context_takeover=\"\""));
    CHECK(declines("permessage-deflate; server_max_window_bits"));
    for (const char* bad : {"7", "16", "010", "+9", "9a", "", "1"})
        CHECK(declines(std::string("permessage-deflate; server_max_window_bits=") + bad));
    for (const char* bad : {"7", "16", "08"})
        CHECK(declines(std::string("permessage-deflate; client_max_window_bits=") + bad));
    CHECK(declines("x-webkit-deflate-frame"));
    CHECK(declines(""));
    p = negotiate("permessage-deflate; server_max_window_bits=16, permessage-deflate; server_max_window_bits=9");
    CHECK(p.server_max_window_bits == 9);
    p = negotiate("x-webkit-deflate-frame; no_context_takeover, permessage-deflate; client_no_context_takeover");
    CHECK(deflate_response(p) == "permessage-deflate; client_no_context_takeover");
    // A syntax error stops the list: offers after it are not looked at.
    CHECK(declines("foo; a=\"unterminated, permessage-deflate"));
    CHECK(declines("foo bar, permessage-deflate"));
    p = negotiate("permessage-deflate; server_max_window_bits=9, ;;broken");
    CHECK(p.server_max_window_bits == 9);

    // Several Sec-WebSocket-Extensions fields are one list.
    const std::vector<trident::HeaderField> h = {{"Sec-WebSocket-Extensions", "foo"},
                                                 {"sec-websocket-extensions", "permessage-deflate; x"},
                                                 {"Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=8"}};
    REQUIRE(negotiate_deflate(h.data(), h.size(), DeflateConfig{}, p));
    CHECK(p.server_max_window_bits == 8);

    DeflateOffer offer;
    CHECK(parse_deflate_params("; client_max_window_bits; server_no_context_takeover", offer) == OfferParse::Ok);
    CHECK(offer.client_max_window_bits == -1);
    CHECK(offer.server_no_context_takeover);
    CHECK(parse_deflate_params("; client_max_window_bits=8", offer) == OfferParse::Ok);
    CHECK(offer.client_max_window_bits == 8);
    CHECK(parse_deflate_params("; bogus", offer) == OfferParse::Declined);
    CHECK(parse_deflate_params("junk", offer) == OfferParse::Declined);
}

TEST_CASE("websocket deflate: negotiated codecs talk to each other", "[websocket]") {
    DeflateParams p = negotiate("permessage-deflate; client_max_window_bits=9; server_max_window_bits=8; "
                                "client_no_context_takeover");
    Compressor server_c, client_c;
    Decompressor server_d, client_d;
    REQUIRE(init_server_codecs(p, server_c, server_d));
    REQUIRE(init_client_codecs(p, client_c, client_d));
    const std::string msg = std::string(3000, 'w') + "the end of the message, the end of the message";
    CHECK(inflate_one(client_d, compress_one(server_c, msg)) == msg);
    CHECK(inflate_one(server_d, compress_one(client_c, msg)) == msg);
    CHECK(inflate_one(client_d, compress_one(server_c, msg)) == msg);
}

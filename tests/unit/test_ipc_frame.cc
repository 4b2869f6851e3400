#include <catch2/catch.hpp>

#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "trident/ipc/frame.h"

using namespace trident;
using namespace trident::ipc;

namespace {

using Bytes = std::vector<uint8_t>;

// The tests build payloads by hand, independently of the encoder, so an encoder bug cannot
// hide behind a decoder with the same bug.
void push_u16(Bytes& b, uint16_t v) {
    b.push_back(uint8_t(v));
    b.push_back(uint8_t(v >> 8));
}
void push_u32(Bytes& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}
void push_str(Bytes& b, std::string_view s) {
    push_u32(b, uint32_t(s.size()));
    b.insert(b.end(), s.begin(), s.end());
}
void set_u32(Bytes& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + size_t(i)] = uint8_t(v >> (8 * i));
}

ConnectionInfo sample_conn() {
    ConnectionInfo c;
    c.protocol = Protocol::Http2;
    c.flags = kRequestFlagTls;
    c.family = 10;
    c.remote_port = 0xBEEF;
    c.local_port = 443;
    for (int i = 0; i < 16; ++i) {
        c.remote_addr[i] = uint8_t(0xA0 + i);
        c.local_addr[i] = uint8_t(0x10 + i);
    }
    return c;
}

void check_conn_equal(const ConnectionInfo& a, const ConnectionInfo& b) {
    CHECK(a.protocol == b.protocol);
    CHECK(a.flags == b.flags);
    CHECK(a.family == b.family);
    CHECK(a.remote_port == b.remote_port);
    CHECK(a.local_port == b.local_port);
    CHECK(std::memcmp(a.remote_addr, b.remote_addr, 16) == 0);
    CHECK(std::memcmp(a.local_addr, b.local_addr, 16) == 0);
}

std::vector<HeaderField> collect(HeaderCursor c) {
    std::vector<HeaderField> out;
    HeaderField f;
    while (c.next(f)) out.push_back(f);
    return out;
}

void check_headers_equal(const std::vector<HeaderField>& got, const std::vector<HeaderField>& want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].name == want[i].name);
        CHECK(got[i].value == want[i].value);
    }
}

bool inside(std::string_view s, const uint8_t* begin, size_t len) {
    auto p = reinterpret_cast<uintptr_t>(s.data());
    auto b = reinterpret_cast<uintptr_t>(begin);
    return p >= b && p + s.size() <= b + len;
}

// A hand-built REQUEST_HEAD with the given header block appended verbatim.
Bytes raw_request_head(const Bytes& header_block) {
    Bytes b;
    b.push_back(uint8_t(Protocol::Http11));
    b.push_back(0);
    b.push_back(2);
    b.push_back(0);
    push_u16(b, 5555);
    push_u16(b, 80);
    b.insert(b.end(), 32, 0);
    push_str(b, "GET");
    push_str(b, "");
    push_str(b, "example.org");
    push_str(b, "/x?y=1");
    b.insert(b.end(), header_block.begin(), header_block.end());
    return b;
}

Bytes header_block(uint32_t claimed_count, const std::vector<HeaderField>& fields) {
    Bytes b;
    push_u32(b, claimed_count);
    for (const auto& f : fields) {
        push_str(b, f.name);
        push_str(b, f.value);
    }
    return b;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Frame header

TEST_CASE("frame header has the documented little-endian layout", "[ipc][header]") {
    FrameHeader h;
    h.length = 0x04030201;
    h.type = FrameType::ResponseBody;
    h.flags = kFlagEndStream;
    h.session_id = 0x1817161514131211ull;
    h.stream_id = int64_t(0x2827262524232221ll);
    uint8_t out[kHeaderSize];
    encode_header(h, out);
    const uint8_t want[kHeaderSize] = {0x01, 0x02, 0x03, 0x04, 5,    0x01, 0,    0,    0x11, 0x12, 0x13, 0x14,
                                       0x15, 0x16, 0x17, 0x18, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28};
    CHECK(std::memcmp(out, want, kHeaderSize) == 0);
}

TEST_CASE("frame header round trips every type and boundary value", "[ipc][header]") {
    const int64_t streams[] = {0, 1, -1, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
    const uint64_t sessions[] = {0, 1, ~0ull, 0x0100000100000000ull};
    for (uint8_t t = 1; t <= kMaxFrameType; ++t) {
        auto type = FrameType(t);
        bool empty_only = type == FrameType::RequestEnd || type == FrameType::ResponseEnd ||
                          type == FrameType::ConnectionClosed;
        for (uint32_t length : {uint32_t(0), uint32_t(1), uint32_t(kMaxPayload)}) {
            if (empty_only && length != 0) continue;
            for (int64_t stream : streams) {
                for (uint64_t session : sessions) {
                    FrameHeader h;
                    h.length = length;
                    h.type = type;
                    h.flags = uint8_t(t * 37);
                    h.session_id = session;
                    h.stream_id = stream;
                    // Odd offset: decoding must not depend on alignment.
                    Bytes buf(1 + kHeaderSize + length, 0xCC);
                    encode_header(h, buf.data() + 1);
                    FrameHeader d;
                    REQUIRE(decode_header(buf.data() + 1, buf.size() - 1, d) == DecodeError::None);
                    CHECK(d.length == h.length);
                    CHECK(d.type == h.type);
                    CHECK(d.flags == h.flags);
                    CHECK(d.reserved == 0);
                    CHECK(d.session_id == h.session_id);
                    CHECK(d.stream_id == h.stream_id);
                }
            }
        }
    }
}

TEST_CASE("frame header: truncated at every length", "[ipc][header]") {
    FrameHeader h;
    h.type = FrameType::RequestBody;
    h.length = 7;
    Bytes buf(kHeaderSize + 7 + 3, 0);
    encode_header(h, buf.data());
    FrameHeader d;
    for (size_t len = 0; len < kHeaderSize + 7; ++len) {
        // Exact-size copies so ASan catches any read past len.
        Bytes cut(buf.begin(), buf.begin() + long(len));
        INFO("len=" << len);
        CHECK(decode_header(cut.data(), cut.size(), d) == DecodeError::Truncated);
    }
    CHECK(decode_header(buf.data(), kHeaderSize + 7, d) == DecodeError::None);
    // Extra bytes are the caller's business (the next frame, or garbage it detects itself).
    CHECK(decode_header(buf.data(), buf.size(), d) == DecodeError::None);
    CHECK(decode_header(nullptr, 0, d) == DecodeError::Truncated);
}

TEST_CASE("frame header: too large, unknown type, reserved", "[ipc][header]") {
    Bytes buf(kHeaderSize, 0);
    FrameHeader h;
    h.type = FrameType::RequestBody;
    FrameHeader d;

    SECTION("length above kMaxPayload") {
        for (uint32_t len : {uint32_t(kMaxPayload + 1), uint32_t(kMaxFrameSize), std::numeric_limits<uint32_t>::max()}) {
            h.length = len;
            encode_header(h, buf.data());
            CHECK(decode_header(buf.data(), buf.size(), d) == DecodeError::TooLarge);
        }
    }
    SECTION("type 0 and above kMaxFrameType") {
        for (int t : {0, kMaxFrameType + 1, 0x80, 0xFF}) {
            encode_header(h, buf.data());
            buf[4] = uint8_t(t);
            CHECK(decode_header(buf.data(), buf.size(), d) == DecodeError::UnknownType);
        }
    }
    SECTION("reserved nonzero") {
        for (uint16_t r : {uint16_t(1), uint16_t(0x0100), uint16_t(0xFFFF)}) {
            h.reserved = r;
            encode_header(h, buf.data());
            CHECK(decode_header(buf.data(), buf.size(), d) == DecodeError::BadReserved);
        }
    }
    SECTION("payload on a type that has none") {
        for (auto t : {FrameType::RequestEnd, FrameType::ResponseEnd, FrameType::ConnectionClosed}) {
            h.type = t;
            h.length = 1;
            Bytes b(kHeaderSize + 1, 0);
            encode_header(h, b.data());
            CHECK(decode_header(b.data(), b.size(), d) == DecodeError::BadPayload);
            h.length = 0;
            encode_header(h, b.data());
            CHECK(decode_header(b.data(), kHeaderSize, d) == DecodeError::None);
        }
    }
}

TEST_CASE("decode_error_name and protocol_name", "[ipc]") {
    const DecodeError all[] = {DecodeError::None,        DecodeError::Truncated,   DecodeError::TooLarge,
                               DecodeError::UnknownType, DecodeError::BadReserved, DecodeError::BadPayload,
                               DecodeError::BadHeader};
    std::vector<std::string> names;
    for (auto e : all) {
        const char* n = decode_error_name(e);
        REQUIRE(n != nullptr);
        CHECK(*n != '\0');
        for (const auto& seen : names) CHECK(seen != n);
        names.emplace_back(n);
    }
    CHECK(decode_error_name(DecodeError(200)) != nullptr);
    CHECK(std::string(protocol_name(Protocol::Http10)) == "HTTP/1.0");
    CHECK(std::string(protocol_name(Protocol::Http11)) == "HTTP/1.1");
    CHECK(std::string(protocol_name(Protocol::Http2)) == "HTTP/2");
    CHECK(std::string(protocol_name(Protocol::Http3)) == "HTTP/3");
    CHECK(protocol_name(Protocol(0)) != nullptr);
}

// ---------------------------------------------------------------------------------------
// REQUEST_HEAD

TEST_CASE("request head: encoding matches the documented layout", "[ipc][request]") {
    HeaderField hdrs[] = {{"a", "bc"}};
    RequestHeadIn in;
    in.conn = sample_conn();
    in.method = "GET";
    in.scheme = "https";
    in.authority = "h";
    in.target = "/";
    in.headers = hdrs;
    in.header_count = 1;

    Bytes want;
    want.push_back(uint8_t(Protocol::Http2));
    want.push_back(kRequestFlagTls);
    want.push_back(10);
    want.push_back(0);
    push_u16(want, 0xBEEF);
    push_u16(want, 443);
    want.insert(want.end(), in.conn.remote_addr, in.conn.remote_addr + 16);
    want.insert(want.end(), in.conn.local_addr, in.conn.local_addr + 16);
    push_str(want, "GET");
    push_str(want, "https");
    push_str(want, "h");
    push_str(want, "/");
    push_u32(want, 1);
    push_str(want, "a");
    push_str(want, "bc");

    REQUIRE(request_head_size(in) == want.size());
    Bytes out(want.size());
    REQUIRE(encode_request_head(in, out.data(), out.size()) == want.size());
    CHECK(out == want);
}

TEST_CASE("request head round trips", "[ipc][request]") {
    std::string big;
    std::vector<HeaderField> hdrs;
    RequestHeadIn in;
    in.conn = sample_conn();

    SECTION("everything empty, no headers") {
        in.conn = ConnectionInfo{};
    }
    SECTION("typical request") {
        in.method = "POST";
        in.scheme = "https";
        in.authority = "example.org:8443";
        in.target = "/upload?x=1&y=%20";
        hdrs = {{"content-type", "text/plain"}, {"", ""}, {"x-empty", ""}, {"", "value-only"},
                {"cookie", "a=1"}, {"cookie", "b=2"}};
    }
    SECTION("binary bytes in strings") {
        static const char raw[] = {'\0', '\xff', '\r', '\n', ':'};
        in.method = std::string_view(raw, sizeof raw);
        hdrs = {{std::string_view(raw, sizeof raw), std::string_view(raw, 1)}};
    }
    SECTION("payload of exactly kMaxPayload") {
        in.method = "GET";
        in.target = "/";
        hdrs = {{"x-big", ""}};
        in.headers = hdrs.data();
        in.header_count = hdrs.size();
        big.assign(kMaxPayload - request_head_size(in), 'v');
        hdrs[0].value = big;
    }
    SECTION("many tiny headers") {
        for (int i = 0; i < 1000; ++i) hdrs.push_back({"", ""});
    }
    in.headers = hdrs.data();
    in.header_count = hdrs.size();

    size_t size = request_head_size(in);
    REQUIRE(size <= kMaxPayload);
    // Frame buffer at an odd address, as it would be after a 1-byte prefix in a larger buffer.
    Bytes frame(1 + kHeaderSize + size);
    uint8_t* payload = frame.data() + 1 + kHeaderSize;
    REQUIRE(encode_request_head(in, payload, size) == size);
    FrameHeader fh;
    fh.type = FrameType::RequestHead;
    fh.length = uint32_t(size);
    encode_header(fh, frame.data() + 1);

    FrameHeader dh;
    REQUIRE(decode_header(frame.data() + 1, frame.size() - 1, dh) == DecodeError::None);
    REQUIRE(dh.length == size);
    RequestHeadView v;
    REQUIRE(decode_request_head(payload, dh.length, v) == DecodeError::None);
    check_conn_equal(v.conn, in.conn);
    CHECK(v.method == in.method);
    CHECK(v.scheme == in.scheme);
    CHECK(v.authority == in.authority);
    CHECK(v.target == in.target);
    CHECK(v.header_count == hdrs.size());
    for (auto s : {v.method, v.scheme, v.authority, v.target}) CHECK(inside(s, payload, size));
    auto got = collect(v.headers());
    check_headers_equal(got, hdrs);
    for (const auto& f : got) {
        CHECK(inside(f.name, payload, size));
        CHECK(inside(f.value, payload, size));
    }
    CHECK(v.headers_end == payload + size);
}

TEST_CASE("request head: a payload one byte over kMaxPayload is still encodable into a larger cap",
          "[ipc][request]") {
    // The codec does not enforce kMaxPayload on encode: the caller checks request_head_size
    // against it, and encode only honours cap.
    std::string big(kMaxPayload - kConnectionInfoSize - 20 - 8 + 1, 'x');
    HeaderField h{"", big};
    RequestHeadIn in;
    in.headers = &h;
    in.header_count = 1;
    REQUIRE(request_head_size(in) == kMaxPayload + 1);
    Bytes out(kMaxPayload + 1);
    CHECK(encode_request_head(in, out.data(), out.size()) == kMaxPayload + 1);
}

TEST_CASE("request head: encode refuses a cap that is too small and writes nothing past it",
          "[ipc][request]") {
    HeaderField hdrs[] = {{"host", "example.org"}, {"accept", "*/*"}};
    RequestHeadIn in;
    in.conn = sample_conn();
    in.method = "GET";
    in.scheme = "http";
    in.authority = "example.org";
    in.target = "/index.html";
    in.headers = hdrs;
    in.header_count = 2;
    size_t size = request_head_size(in);
    for (size_t cap = 0; cap < size; ++cap) {
        Bytes out(size + 8, 0x5A);
        INFO("cap=" << cap);
        CHECK(encode_request_head(in, out.data(), cap) == 0);
        for (size_t i = cap; i < out.size(); ++i) REQUIRE(out[i] == 0x5A);
    }
    Bytes out(size + 8, 0x5A);
    CHECK(encode_request_head(in, out.data(), size) == size);
    for (size_t i = size; i < out.size(); ++i) CHECK(out[i] == 0x5A);
    CHECK(encode_request_head(in, out.data(), size + 8) == size);
}

TEST_CASE("request head: truncated at every length and trailing garbage", "[ipc][request]") {
    Bytes full = raw_request_head(header_block(2, {{"host", "example.org"}, {"x", ""}}));
    RequestHeadView v;
    REQUIRE(decode_request_head(full.data(), full.size(), v) == DecodeError::None);
    for (size_t len = 0; len < full.size(); ++len) {
        Bytes cut(full.begin(), full.begin() + long(len));
        INFO("len=" << len);
        CHECK(decode_request_head(cut.data(), cut.size(), v) == DecodeError::BadPayload);
    }
    Bytes longer = full;
    longer.push_back(0);
    CHECK(decode_request_head(longer.data(), longer.size(), v) == DecodeError::BadPayload);
    CHECK(decode_request_head(nullptr, 0, v) == DecodeError::BadPayload);
}

TEST_CASE("request head: corrupt string lengths", "[ipc][request]") {
    Bytes good = raw_request_head(header_block(0, {}));
    RequestHeadView v;
    REQUIRE(decode_request_head(good.data(), good.size(), v) == DecodeError::None);
    // Offsets of the four string lengths in raw_request_head's payload.
    const size_t method_at = kConnectionInfoSize;
    const size_t scheme_at = method_at + 4 + 3;
    const size_t authority_at = scheme_at + 4;
    const size_t target_at = authority_at + 4 + 11;
    for (size_t at : {method_at, scheme_at, authority_at, target_at}) {
        uint32_t orig = uint32_t(good[at]) | uint32_t(good[at + 1]) << 8;
        for (uint32_t bad : {orig + 1, orig + 100, uint32_t(good.size()), 0x7FFFFFFFu, 0xFFFFFFFFu}) {
            Bytes b = good;
            set_u32(b, at, bad);
            INFO("at=" << at << " len=" << bad);
            CHECK(decode_request_head(b.data(), b.size(), v) == DecodeError::BadPayload);
        }
        if (orig > 0) {
            // A shorter length shifts every later field; the frame must still be refused.
            Bytes b = good;
            set_u32(b, at, orig - 1);
            CHECK(decode_request_head(b.data(), b.size(), v) == DecodeError::BadPayload);
        }
    }
}

TEST_CASE("request head: fixed part validation", "[ipc][request]") {
    Bytes good = raw_request_head(header_block(0, {}));
    RequestHeadView v;
    SECTION("unknown protocol") {
        for (int p : {0, 5, 0xFF}) {
            Bytes b = good;
            b[0] = uint8_t(p);
            CHECK(decode_request_head(b.data(), b.size(), v) == DecodeError::BadPayload);
        }
        for (int p = 1; p <= 4; ++p) {
            Bytes b = good;
            b[0] = uint8_t(p);
            REQUIRE(decode_request_head(b.data(), b.size(), v) == DecodeError::None);
            CHECK(v.conn.protocol == Protocol(p));
        }
    }
    SECTION("reserved byte") {
        Bytes b = good;
        b[3] = 1;
        CHECK(decode_request_head(b.data(), b.size(), v) == DecodeError::BadPayload);
    }
}

TEST_CASE("request head: header counts that lie", "[ipc][request]") {
    std::vector<HeaderField> two = {{"host", "a"}, {"accept", "b"}};
    RequestHeadView v;
    for (uint32_t count : {0u, 1u, 3u, 4u, 1000u, 0x20000000u, 0xFFFFFFFFu}) {
        Bytes b = raw_request_head(header_block(count, two));
        INFO("count=" << count);
        CHECK(decode_request_head(b.data(), b.size(), v) == DecodeError::BadPayload);
    }
    // Enough bytes for count x 8 (so the up-front bound passes) but not a well-formed block.
    Bytes b = raw_request_head(header_block(3, {{"", ""}, {"", ""}}));
    b.insert(b.end(), {0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0});
    CHECK(decode_request_head(b.data(), b.size(), v) == DecodeError::BadPayload);
    // The count field itself missing.
    Bytes no_count = raw_request_head({});
    CHECK(decode_request_head(no_count.data(), no_count.size(), v) == DecodeError::BadPayload);
    // Corrupt value length inside the block.
    Bytes c = raw_request_head(header_block(2, two));
    set_u32(c, c.size() - 4 - 1, 2);  // last value "b" claims 2 bytes
    CHECK(decode_request_head(c.data(), c.size(), v) == DecodeError::BadPayload);

    Bytes ok = raw_request_head(header_block(2, two));
    REQUIRE(decode_request_head(ok.data(), ok.size(), v) == DecodeError::None);
    check_headers_equal(collect(v.headers()), two);
}

TEST_CASE("request head: a failed decode leaves the view untouched", "[ipc][request]") {
    Bytes b = raw_request_head(header_block(1, {}));
    RequestHeadView v;
    v.method = "sentinel";
    REQUIRE(decode_request_head(b.data(), b.size(), v) == DecodeError::BadPayload);
    CHECK(v.method == "sentinel");
    CHECK(v.header_count == 0);
    CHECK(v.headers_begin == nullptr);
}

// ---------------------------------------------------------------------------------------
// HeaderCursor

TEST_CASE("header cursor", "[ipc][cursor]") {
    SECTION("default cursor is empty") {
        HeaderCursor c;
        HeaderField f;
        CHECK(c.remaining() == 0);
        CHECK_FALSE(c.next(f));
    }
    SECTION("remaining counts down") {
        Bytes b = header_block(2, {{"a", "1"}, {"b", "2"}});
        HeaderCursor c(b.data() + 4, b.data() + b.size(), 2);
        HeaderField f;
        CHECK(c.remaining() == 2);
        REQUIRE(c.next(f));
        CHECK(f.name == "a");
        CHECK(c.remaining() == 1);
        REQUIRE(c.next(f));
        CHECK(f.value == "2");
        CHECK(c.remaining() == 0);
        CHECK_FALSE(c.next(f));
    }
    SECTION("a count larger than the block stops at its end") {
        Bytes b = header_block(1, {{"a", "1"}});
        HeaderCursor c(b.data() + 4, b.data() + b.size(), 5);
        HeaderField f;
        CHECK(c.next(f));
        CHECK_FALSE(c.next(f));
        CHECK(c.remaining() == 0);
        CHECK_FALSE(c.next(f));
    }
}

// ---------------------------------------------------------------------------------------
// RESPONSE_HEAD

TEST_CASE("response head writer produces the documented layout", "[ipc][response]") {
    uint8_t buf[64];
    ResponseHeadWriter w(buf, sizeof buf, 404);
    CHECK(w.size() == response_head_fixed_size());
    CHECK(response_head_fixed_size() == 8);
    w.add_header("k", "vv");
    w.set_body("xyz");
    REQUIRE_FALSE(w.overflow());
    Bytes want;
    push_u16(want, 404);
    push_u16(want, 0);
    push_u32(want, 1);
    push_str(want, "k");
    push_str(want, "vv");
    want.insert(want.end(), {'x', 'y', 'z'});
    REQUIRE(w.size() == want.size());
    CHECK(std::memcmp(buf, want.data(), want.size()) == 0);
    CHECK(header_field_size("k", "vv") == 11);
}

TEST_CASE("response head round trips", "[ipc][response]") {
    std::vector<HeaderField> hdrs;
    std::string body;
    uint16_t status = 200;
    bool with_body = true;
    SECTION("no headers, no body call") {
        with_body = false;
        status = 204;
    }
    SECTION("no headers, empty body") {
        status = 0;
    }
    SECTION("headers and body") {
        hdrs = {{"content-type", "text/html"}, {"set-cookie", "a=1"}, {"set-cookie", "b=2"}, {"", ""}};
        body = "<html>hello</html>";
        status = 0xFFFF;
    }
    SECTION("body fills the frame exactly") {
        hdrs = {{"content-length", "123"}};
        body.assign(kMaxPayload - response_head_fixed_size() - header_field_size("content-length", "123"), 'b');
    }
    Bytes buf(kMaxPayload + 1);
    uint8_t* out = buf.data() + 1;  // unaligned on purpose
    ResponseHeadWriter w(out, kMaxPayload, status);
    for (const auto& h : hdrs) w.add_header(h.name, h.value);
    if (with_body) w.set_body(body);
    REQUIRE_FALSE(w.overflow());
    size_t size = w.size();
    CHECK(size == response_head_fixed_size() + [&] {
              size_t n = 0;
              for (const auto& h : hdrs) n += header_field_size(h.name, h.value);
              return n;
          }() + body.size());

    ResponseHeadView v;
    REQUIRE(decode_response_head(out, size, v) == DecodeError::None);
    CHECK(v.status == status);
    CHECK(v.header_count == hdrs.size());
    CHECK(v.body == body);
    CHECK(inside(v.body, out, size));
    auto got = collect(v.headers());
    check_headers_equal(got, hdrs);
    for (const auto& f : got) {
        CHECK(inside(f.name, out, size));
        CHECK(inside(f.value, out, size));
    }
}

TEST_CASE("response head writer overflow", "[ipc][response]") {
    constexpr uint8_t kGuard = 0xA5;

    SECTION("cap smaller than the fixed part") {
        for (size_t cap = 0; cap < 8; ++cap) {
            Bytes buf(16, kGuard);
            ResponseHeadWriter w(buf.data(), cap, 200);
            CHECK(w.overflow());
            w.add_header("a", "b");
            w.set_body("c");
            CHECK(w.overflow());
            CHECK(w.size() <= cap);
            for (size_t i = cap; i < buf.size(); ++i) REQUIRE(buf[i] == kGuard);
        }
        ResponseHeadWriter w(nullptr, 0, 200);
        CHECK(w.overflow());
        CHECK(w.size() == 0);
    }
    SECTION("a header that does not fit at every cap") {
        const size_t need = 8 + header_field_size("name", "value");
        for (size_t cap = 8; cap < need; ++cap) {
            Bytes buf(need + 8, kGuard);
            ResponseHeadWriter w(buf.data(), cap, 200);
            REQUIRE_FALSE(w.overflow());
            w.add_header("name", "value");
            INFO("cap=" << cap);
            CHECK(w.overflow());
            for (size_t i = cap; i < buf.size(); ++i) REQUIRE(buf[i] == kGuard);
            // What was written stays a valid frame (the header was not half written).
            ResponseHeadView v;
            REQUIRE(decode_response_head(buf.data(), w.size(), v) == DecodeError::None);
            CHECK(v.header_count == 0);
        }
        Bytes buf(need, kGuard);
        ResponseHeadWriter w(buf.data(), need, 200);
        w.add_header("name", "value");
        CHECK_FALSE(w.overflow());
        CHECK(w.size() == need);
    }
    SECTION("after an overflow a later header that would fit is not added") {
        Bytes buf(40, kGuard);
        ResponseHeadWriter w(buf.data(), 30, 200);
        w.add_header("a", "b");  // 8 + 10 = 18
        REQUIRE_FALSE(w.overflow());
        w.add_header("long-name", "long-value");  // 27 more: does not fit
        CHECK(w.overflow());
        w.add_header("", "");  // 8 more would fit, but a frame missing a header is wrong
        w.set_body("");
        CHECK(w.overflow());
        CHECK(w.size() == 18);
        ResponseHeadView v;
        REQUIRE(decode_response_head(buf.data(), w.size(), v) == DecodeError::None);
        CHECK(v.header_count == 1);
        for (size_t i = 30; i < buf.size(); ++i) REQUIRE(buf[i] == kGuard);
    }
    SECTION("body that does not fit") {
        for (size_t cap = 8; cap < 8 + 5; ++cap) {
            Bytes buf(32, kGuard);
            ResponseHeadWriter w(buf.data(), cap, 200);
            w.set_body("hello");
            CHECK(w.overflow());
            for (size_t i = cap; i < buf.size(); ++i) REQUIRE(buf[i] == kGuard);
        }
        Bytes buf(13, kGuard);
        ResponseHeadWriter w(buf.data(), 13, 200);
        w.set_body("hello");
        CHECK_FALSE(w.overflow());
        CHECK(w.size() == 13);
    }
    SECTION("misuse: a header after the body, or a second body") {
        Bytes buf(64, kGuard);
        ResponseHeadWriter w(buf.data(), buf.size(), 200);
        w.set_body("b");
        CHECK_FALSE(w.overflow());
        w.add_header("a", "b");
        CHECK(w.overflow());

        ResponseHeadWriter w2(buf.data(), buf.size(), 200);
        w2.set_body("b");
        w2.set_body("c");
        CHECK(w2.overflow());
    }
}

TEST_CASE("response head decode validation", "[ipc][response]") {
    ResponseHeadView v;
    SECTION("shorter than the fixed part at every length") {
        Bytes full;
        push_u16(full, 200);
        push_u16(full, 0);
        push_u32(full, 0);
        REQUIRE(decode_response_head(full.data(), full.size(), v) == DecodeError::None);
        CHECK(v.body.empty());
        for (size_t len = 0; len < full.size(); ++len) {
            Bytes cut(full.begin(), full.begin() + long(len));
            CHECK(decode_response_head(cut.data(), cut.size(), v) == DecodeError::BadPayload);
        }
    }
    SECTION("truncated inside the header block at every length") {
        Bytes full;
        push_u16(full, 200);
        push_u16(full, 0);
        Bytes blk = header_block(2, {{"a", "bc"}, {"def", ""}});
        full.insert(full.end(), blk.begin(), blk.end());
        REQUIRE(decode_response_head(full.data(), full.size(), v) == DecodeError::None);
        for (size_t len = 0; len < full.size(); ++len) {
            Bytes cut(full.begin(), full.begin() + long(len));
            INFO("len=" << len);
            CHECK(decode_response_head(cut.data(), cut.size(), v) == DecodeError::BadPayload);
        }
    }
    SECTION("reserved nonzero") {
        Bytes b;
        push_u16(b, 200);
        push_u16(b, 1);
        push_u32(b, 0);
        CHECK(decode_response_head(b.data(), b.size(), v) == DecodeError::BadPayload);
    }
    SECTION("counts that lie") {
        std::vector<HeaderField> one = {{"x-a", "1"}};
        for (uint32_t count : {2u, 3u, 0x10000000u, 0xFFFFFFFFu}) {
            Bytes b;
            push_u16(b, 200);
            push_u16(b, 0);
            Bytes blk = header_block(count, one);
            b.insert(b.end(), blk.begin(), blk.end());
            INFO("count=" << count);
            CHECK(decode_response_head(b.data(), b.size(), v) == DecodeError::BadPayload);
        }
        // A count that is too small is indistinguishable from a body: the format says the
        // bytes after the block are body, so they come back as such.
        Bytes b;
        push_u16(b, 200);
        push_u16(b, 0);
        Bytes blk = header_block(0, one);
        b.insert(b.end(), blk.begin(), blk.end());
        REQUIRE(decode_response_head(b.data(), b.size(), v) == DecodeError::None);
        CHECK(v.header_count == 0);
        CHECK(v.body.size() == header_field_size("x-a", "1"));
    }
    SECTION("corrupt name length") {
        Bytes b;
        push_u16(b, 200);
        push_u16(b, 0);
        Bytes blk = header_block(1, {{"abc", "d"}});
        b.insert(b.end(), blk.begin(), blk.end());
        for (uint32_t bad : {100u, 0xFFFFFFFFu, 0x80000000u}) {
            Bytes c = b;
            set_u32(c, 8, bad);
            CHECK(decode_response_head(c.data(), c.size(), v) == DecodeError::BadPayload);
        }
    }
}

// ---------------------------------------------------------------------------------------
// STREAM_RESET and CONTROL

TEST_CASE("stream reset round trip and sizes", "[ipc][reset]") {
    for (uint32_t raw : {0u, 1u, 6u, 0x0102u, 0xFFFFFFFFu}) {
        uint8_t buf[1 + kStreamResetSize];
        encode_stream_reset(ResetCode(raw), buf + 1);
        ResetCode got{};
        REQUIRE(decode_stream_reset(buf + 1, kStreamResetSize, got) == DecodeError::None);
        CHECK(uint32_t(got) == raw);  // unknown values survive a round trip unchanged
    }
    uint8_t le[4];
    encode_stream_reset(ResetCode(0x0A0B0C0D), le);
    CHECK((le[0] == 0x0D && le[1] == 0x0C && le[2] == 0x0B && le[3] == 0x0A));
    uint8_t buf[8] = {};
    ResetCode got{};
    for (size_t len : {size_t(0), size_t(3), size_t(5), size_t(8)}) {
        Bytes b(buf, buf + len);
        CHECK(decode_stream_reset(b.data(), b.size(), got) == DecodeError::BadPayload);
    }
}

TEST_CASE("reset codes have stable wire values and names", "[ipc][reset]") {
    // The values are the contract between reactor and worker builds: never renumber.
    CHECK(uint32_t(ResetCode::Cancel) == 1);
    CHECK(uint32_t(ResetCode::BodyTooLarge) == 2);
    CHECK(uint32_t(ResetCode::BodyTimeout) == 3);
    CHECK(uint32_t(ResetCode::BadBody) == 4);
    CHECK(uint32_t(ResetCode::Refused) == 5);
    CHECK(uint32_t(ResetCode::Internal) == 6);
    CHECK(uint32_t(ResetCode::NoError) == 7);
    CHECK(std::string(reset_code_name(ResetCode::Internal)) == "internal error");
    CHECK(std::string(reset_code_name(ResetCode(77))) == "unknown");
}

TEST_CASE("control round trip and validation", "[ipc][control]") {
    SECTION("round trips") {
        ControlMessage msgs[3];
        msgs[0] = {ControlCode::WorkerHello, 7, 0x12345678, 0xFFFFFFFF};
        msgs[1] = {ControlCode::Draining, 0, 0, 0};
        msgs[2] = {ControlCode::DrainAck, 0, 0, 0};
        for (const auto& m : msgs) {
            uint8_t buf[1 + kControlSize];
            encode_control(m, buf + 1);
            ControlMessage d;
            REQUIRE(decode_control(buf + 1, kControlSize, d) == DecodeError::None);
            CHECK(d.code == m.code);
            CHECK(d.worker_id == m.worker_id);
            CHECK(d.pid == m.pid);
            CHECK(d.incarnation == m.incarnation);
        }
    }
    SECTION("layout") {
        uint8_t buf[kControlSize];
        encode_control({ControlCode::WorkerHello, 0x04030201, 0x08070605, 0x0C0B0A09}, buf);
        const uint8_t want[kControlSize] = {1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        CHECK(std::memcmp(buf, want, kControlSize) == 0);
    }
    SECTION("wrong sizes") {
        uint8_t buf[kControlSize + 1] = {1};
        ControlMessage d;
        for (size_t len = 0; len <= kControlSize + 1; ++len) {
            if (len == kControlSize) continue;
            Bytes b(buf, buf + len);
            CHECK(decode_control(b.data(), b.size(), d) == DecodeError::BadPayload);
        }
    }
    SECTION("unknown codes") {
        ControlMessage d;
        for (int code : {0, 5, 0xFF}) {
            uint8_t buf[kControlSize] = {};
            buf[0] = uint8_t(code);
            CHECK(decode_control(buf, kControlSize, d) == DecodeError::BadPayload);
        }
    }
    SECTION("unused fields must be zero") {
        ControlMessage d;
        for (auto code : {ControlCode::Draining, ControlCode::DrainAck}) {
            for (size_t at = 1; at < kControlSize; ++at) {
                uint8_t buf[kControlSize] = {};
                buf[0] = uint8_t(code);
                buf[at] = 1;
                CHECK(decode_control(buf, kControlSize, d) == DecodeError::BadPayload);
            }
        }
    }
}

TEST_CASE("ipc: response trailers round trip and reject status or body", "[ipc]") {
    uint8_t buf[256];
    ResponseHeadWriter w(buf, sizeof buf, 0);
    w.add_header("grpc-status", "0");
    w.add_header("x-checksum", "abc");
    w.set_body(std::string_view());
    REQUIRE_FALSE(w.overflow());
    ResponseHeadView v;
    REQUIRE(decode_response_trailers(buf, w.size(), v) == DecodeError::None);
    CHECK(v.header_count == 2);
    auto cur = v.headers();
    HeaderField f;
    REQUIRE(cur.next(f));
    CHECK(f.name == "grpc-status");
    CHECK(f.value == "0");

    ResponseHeadWriter with_status(buf, sizeof buf, 200);
    with_status.set_body(std::string_view());
    CHECK(decode_response_trailers(buf, with_status.size(), v) == DecodeError::BadPayload);

    ResponseHeadWriter with_body(buf, sizeof buf, 0);
    with_body.set_body("x");
    CHECK(decode_response_trailers(buf, with_body.size(), v) == DecodeError::BadPayload);
}

TEST_CASE("ipc: response credit round trip", "[ipc]") {
    uint8_t p[kCreditSize];
    encode_credit(0x01020304u, p);
    CHECK(p[0] == 0x04);
    CHECK(p[3] == 0x01);
    uint32_t v = 0;
    REQUIRE(decode_credit(p, sizeof p, v));
    CHECK(v == 0x01020304u);
    CHECK_FALSE(decode_credit(p, 3, v));
    CHECK_FALSE(decode_credit(p, 5, v));
}

// Request trailers (issue 14): the REQUEST_TRAILERS frame, the shared stream::RequestTrailers
// rules (lower-case names, forbidden fields dropped, the size bound), HTTP/1.1's chunked decoder
// keeping trailer fields, and the multiplexer sending them after the last body byte, also when
// body bytes were held back (congested channel, no worker yet).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "mux_harness.h"
#include "stream/request_trailers.h"
#include "trident/http1/chunked.h"
#include "trident/ipc/frame.h"

using namespace trident;
using ipc::DecodeError;
using ipc::FrameType;
using stream::MuxStream;
using stream::RequestTrailers;
using Mux = test::MuxHarness;
using Pairs = std::vector<std::pair<std::string, std::string>>;

namespace {

Pairs decode(const std::string& payload, uint8_t flags = ipc::kFlagEndStream) {
    ipc::FrameHeader h;
    h.type = FrameType::RequestTrailers;
    h.flags = flags;
    h.length = uint32_t(payload.size());
    ipc::ResponseHeadView v;
    Pairs out;
    REQUIRE(ipc::decode_request_trailers(h, reinterpret_cast<const uint8_t*>(payload.data()), v) == DecodeError::None);
    auto cur = v.headers();
    HeaderField f;
    while (cur.next(f)) out.emplace_back(std::string(f.name), std::string(f.value));
    CHECK(out.size() == v.header_count);
    return out;
}

}  // namespace

TEST_CASE("REQUEST_TRAILERS: type 21, the RESPONSE_TRAILERS layout, END_STREAM required", "[ipc][trailers]") {
    CHECK(uint8_t(FrameType::RequestTrailers) == 21);
    CHECK(ipc::kMaxFrameType == 21);
    // Built by hand: u16 0, u16 0, u32 count, then (u32 len, name, u32 len, value).
    const std::string p("\0\0\0\0\1\0\0\0\3\0\0\0abc\2\0\0\0xy", 21);
    CHECK(decode(p) == Pairs{{"abc", "xy"}});

    ipc::FrameHeader h;
    h.type = FrameType::RequestTrailers;
    h.length = uint32_t(p.size());
    ipc::ResponseHeadView v;
    const auto* bytes = reinterpret_cast<const uint8_t*>(p.data());
    h.flags = 0;
    CHECK(ipc::decode_request_trailers(h, bytes, v) == DecodeError::BadHeader);
    h.flags = ipc::kFlagEndStream | ipc::kFlagMore;
    CHECK(ipc::decode_request_trailers(h, bytes, v) == DecodeError::BadHeader);
    h.flags = ipc::kFlagEndStream;
    h.type = FrameType::ResponseTrailers;
    CHECK(ipc::decode_request_trailers(h, bytes, v) == DecodeError::BadHeader);
    h.type = FrameType::RequestTrailers;
    // A status, a body, a truncated block, a count that lies: BadPayload.
    std::string bad = p;
    bad[0] = 1;
    h.length = uint32_t(bad.size());
    CHECK(ipc::decode_request_trailers(h, reinterpret_cast<const uint8_t*>(bad.data()), v) == DecodeError::BadPayload);
    bad = p + "x";
    h.length = uint32_t(bad.size());
    CHECK(ipc::decode_request_trailers(h, reinterpret_cast<const uint8_t*>(bad.data()), v) == DecodeError::BadPayload);
    for (size_t n = 0; n < p.size(); ++n) {
        h.length = uint32_t(n);
        CHECK(ipc::decode_request_trailers(h, bytes, v) == DecodeError::BadPayload);
    }
    bad = p;
    bad[4] = 2;
    h.length = uint32_t(bad.size());
    CHECK(ipc::decode_request_trailers(h, reinterpret_cast<const uint8_t*>(bad.data()), v) == DecodeError::BadPayload);
    // decode_header accepts the type (it is no longer "unknown").
    uint8_t hdr[ipc::kHeaderSize];
    h.length = 0;
    ipc::encode_header(h, hdr);
    ipc::FrameHeader back;
    CHECK(ipc::decode_header(hdr, sizeof hdr, back) == DecodeError::None);
    CHECK(back.type == FrameType::RequestTrailers);
}

TEST_CASE("RequestTrailers: names lower-cased, forbidden fields dropped, repeats kept in order", "[stream][trailers]") {
    RequestTrailers t(8192);
    CHECK_FALSE(t.received());
    CHECK(t.add("X-Checksum", "abc") == RequestTrailers::Added::Kept);
    CHECK(t.add("Content-Length", "5") == RequestTrailers::Added::Dropped);
    CHECK(t.add("host", "evil") == RequestTrailers::Added::Dropped);
    CHECK(t.add("TRANSFER-ENCODING", "gzip") == RequestTrailers::Added::Dropped);
    CHECK(t.add("x-multi", "a") == RequestTrailers::Added::Kept);
    CHECK(t.add("x-multi", "b") == RequestTrailers::Added::Kept);
    CHECK(t.add("x-empty", "") == RequestTrailers::Added::Kept);
    CHECK(t.received());
    CHECK(t.count() == 4);
    CHECK(decode(std::string(t.payload())) ==
          Pairs{{"x-checksum", "abc"}, {"x-multi", "a"}, {"x-multi", "b"}, {"x-empty", ""}});
    for (const char* n : {"content-type", "authorization", "cookie", "te", "trailer", "expect", "range"}) {
        CHECK(RequestTrailers::forbidden(n));
    }
    CHECK_FALSE(RequestTrailers::forbidden("x-checksum"));
    CHECK_FALSE(RequestTrailers::forbidden("grpc-status"));

    t.clear();
    CHECK_FALSE(t.received());
    CHECK(t.add("cookie", "a=b") == RequestTrailers::Added::Dropped);
    CHECK(t.received());
    CHECK_FALSE(t.any());  // a section of dropped fields ends the body like none
    CHECK(decode(std::string(t.payload())).empty());
}

TEST_CASE("RequestTrailers: bounded like a head (name + value + 32 per field), sticky past it", "[stream][trailers]") {
    RequestTrailers t(100);
    CHECK(t.add("a", std::string(30, 'v')) == RequestTrailers::Added::Kept);  // 63 bytes
    CHECK(t.add("b", "") == RequestTrailers::Added::Kept);                   // 96
    CHECK(t.add("cc", "") == RequestTrailers::Added::TooLarge);  // 96 + 34 > 100
    CHECK(t.too_large());
    CHECK(t.add("d", "") == RequestTrailers::Added::TooLarge);
    CHECK(t.count() == 2);
    // The encoded payload is bounded by the frame too, whatever the limit.
    RequestTrailers big(SIZE_MAX);
    CHECK(big.add("x", std::string(ipc::kMaxPayload, 'z')) == RequestTrailers::Added::TooLarge);
}

TEST_CASE("ChunkedDecoder keeps trailer fields: lower-case names, OWS trimmed, limit still applies", "[http1][chunked][trailers]") {
    http1::ChunkedDecoder d(1024);
    const std::string in = "3\r\nabc\r\n0\r\nX-One:  1 \r\nx-two:\t2\t\r\nX-Empty:\r\nX-Colon: a:b\r\n\r\nNEXT";
    size_t consumed = 0;
    std::string_view body;
    std::string got;
    size_t pos = 0;
    http1::ChunkedDecoder::Status st;
    do {
        st = d.decode(in.data() + pos, in.size() - pos, consumed, body);
        got.append(body);
        pos += consumed;
    } while (st == http1::ChunkedDecoder::Status::NeedMore && (consumed > 0 || !body.empty()));
    REQUIRE(st == http1::ChunkedDecoder::Status::Done);
    CHECK(got == "abc");
    CHECK(in.substr(pos) == "NEXT");
    REQUIRE(d.has_trailers());
    Pairs fields;
    size_t at = 0;
    std::string_view n, v;
    while (d.next_trailer(at, n, v)) fields.emplace_back(std::string(n), std::string(v));
    CHECK(fields == Pairs{{"x-one", "1"}, {"x-two", "2"}, {"x-empty", ""}, {"x-colon", "a:b"}});

    http1::ChunkedDecoder none;
    consumed = 0;
    CHECK(none.decode("0\r\n\r\n", 5, consumed, body) == http1::ChunkedDecoder::Status::Done);
    CHECK_FALSE(none.has_trailers());

    // Byte by byte, the same fields.
    http1::ChunkedDecoder slow(1024);
    for (size_t i = 0; i < in.size() - 4; ++i) {
        st = slow.decode(in.data() + i, 1, consumed, body);
        CHECK(consumed == 1);
    }
    CHECK(st == http1::ChunkedDecoder::Status::Done);
    at = 0;
    Pairs again;
    while (slow.next_trailer(at, n, v)) again.emplace_back(std::string(n), std::string(v));
    CHECK(again == fields);

    http1::ChunkedDecoder small(16);
    const std::string big = "0\r\nX-Long: 0123456789\r\n\r\n";
    CHECK(small.decode(big.data(), big.size(), consumed, body) == http1::ChunkedDecoder::Status::Error);
    CHECK(std::string(small.error()) == "trailer section too large");
}

TEST_CASE("Multiplexer: trailers end the body after its last byte, in place of END_STREAM", "[stream][trailers]") {
    Mux m;
    MuxStream& s = m.request(1, false, "POST");
    m.data(s, "abc");
    m.mux.request_trailer(s, "x-checksum", "123");
    m.mux.request_trailer(s, "content-length", "3");  // dropped
    m.mux.request_end(s);
    REQUIRE(m.workers.sent.size() == 3);
    CHECK(m.workers.sent[0].type == FrameType::RequestHead);
    CHECK_FALSE(m.workers.sent[0].end);
    CHECK(m.workers.sent[1].type == FrameType::RequestBody);
    CHECK(m.workers.sent[1].data == "abc");
    CHECK_FALSE(m.workers.sent[1].end);
    CHECK(m.workers.sent[2].type == FrameType::RequestTrailers);
    CHECK(m.workers.sent[2].end);
    CHECK(decode(m.workers.sent[2].data) == Pairs{{"x-checksum", "123"}});
    CHECK(m.workers.of(FrameType::RequestEnd).empty());
    CHECK(s.request() == MuxStream::Request::Forwarded);
    CHECK_FALSE(s.trailers);
}

TEST_CASE("Multiplexer: trailers wait behind body bytes a congested channel holds back", "[stream][trailers]") {
    Mux m;
    MuxStream& s = m.request(1, false, "POST");
    m.workers.set_congested(0, true);
    m.data(s, "held");
    m.mux.request_trailer(s, "x-t", "1");
    m.mux.request_end(s);
    CHECK(m.workers.of(FrameType::RequestBody).empty());
    CHECK(m.workers.of(FrameType::RequestTrailers).empty());
    m.workers.set_congested(0, false);
    m.mux.on_channel_drained();
    REQUIRE(m.workers.sent.size() == 3);
    CHECK(m.workers.sent[1].type == FrameType::RequestBody);
    CHECK(m.workers.sent[1].data == "held");
    CHECK_FALSE(m.workers.sent[1].end);
    CHECK(m.workers.sent[2].type == FrameType::RequestTrailers);
    CHECK(decode(m.workers.sent[2].data) == Pairs{{"x-t", "1"}});
}

TEST_CASE("Multiplexer: a request complete with trailers while it waits for a worker: head without END_STREAM", "[stream][trailers]") {
    Mux m;
    m.workers.no_worker = true;
    MuxStream& s = m.request(1, false, "POST");
    m.mux.request_trailer(s, "x-t", "only");  // no body at all, then trailers
    m.mux.request_end(s);
    CHECK(m.workers.sent.empty());
    m.workers.no_worker = false;
    m.mux.on_dispatch_ready(1);
    REQUIRE(m.workers.sent.size() == 2);
    CHECK(m.workers.sent[0].type == FrameType::RequestHead);
    CHECK_FALSE(m.workers.sent[0].end);
    CHECK(m.workers.sent[1].type == FrameType::RequestTrailers);
    CHECK(decode(m.workers.sent[1].data) == Pairs{{"x-t", "only"}});
    CHECK(s.request() == MuxStream::Request::Forwarded);
}

TEST_CASE("Multiplexer: trailers of only forbidden fields end the body like none", "[stream][trailers]") {
    Mux m;
    MuxStream& s = m.request(1, false, "POST");
    m.mux.request_trailer(s, "host", "evil");
    m.mux.request_end(s);
    CHECK(m.workers.of(FrameType::RequestTrailers).empty());
    CHECK(m.workers.of(FrameType::RequestEnd).size() == 1);
}

TEST_CASE("Multiplexer: an oversized trailer section gets 431 and the worker forgets the request", "[stream][trailers]") {
    Mux m;
    m.loop.cfg.http_max_header_size = 200;
    MuxStream& s = m.request(1, false, "POST");
    m.data(s, "abc");
    for (int i = 0; i < 10; ++i) m.mux.request_trailer(s, "x-pad", std::string(20, 'p'));
    m.mux.request_end(s);
    CHECK(m.workers.of(FrameType::RequestTrailers).empty());
    auto resets = m.workers.of(FrameType::StreamReset);
    REQUIRE(resets.size() == 1);
    CHECK(resets[0].reset == ipc::ResetCode::BadBody);
    REQUIRE(m.act.heads.size() == 1);
    CHECK(m.act.heads[0].status == 431);
    CHECK(m.workers.total_load() == 0);
}

// (Issue 14's second part, in the same file as the stream tests it shares fakes with.)
TEST_CASE("ResponseRecord: a captured response destroyed unfinished counts once as 499 (4xx)", "[stream][access_log]") {
    test::FakeLoop loop;
    auto count = [&](int cls) { return loop.stats.responses_by_class[server::kLatencyProtocolHttp2][cls].load(); };
    {
        stream::ResponseRecord never_sent;  // not captured: no worker owed it anything
    }
    CHECK(count(4) == 0);
    {
        stream::ResponseRecord r;
        r.capture(loop, server::kLatencyProtocolHttp2, nullptr, 0, 1, 1);
        r.status = 200;  // the head went out, the client left mid-body
        r.bytes = 5;
        stream::ResponseRecord moved(std::move(r));  // the moved-from one owes nothing
    }
    CHECK(count(4) == 1);
    CHECK(count(2) == 0);
    {
        stream::ResponseRecord done;
        done.capture(loop, server::kLatencyProtocolHttp2, nullptr, 0, 1, 3);
        done.status = 200;
        done.finish(loop, server::kLatencyProtocolHttp2);
    }
    CHECK(count(2) == 1);
    CHECK(count(4) == 1);
}

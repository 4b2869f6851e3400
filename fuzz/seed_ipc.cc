// Writes seed inputs for fuzz_ipc to stdout: one whole frame of every type, built with the
// project's encoders from the values the IPC unit tests use (tests/unit/test_ipc_frame.cc,
// test_ipc_websocket.cc), each as u32 length + bytes. fuzz/seed.py compiles and runs it.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "trident/ipc/frame.h"

using namespace trident;
using namespace trident::ipc;

namespace {

// A registry id (generation 1, slot bit set), as the WebSocket and detached frames carry.
constexpr uint64_t kRegistryId = (uint64_t(1) << 32) | kRegistrySlotBit | 7;
constexpr uint64_t kSession = (uint64_t(2) << 32) | 5;

void emit(FrameType type, uint8_t flags, uint64_t session, int64_t stream, const uint8_t* payload, size_t len) {
    FrameHeader h;
    h.type = type;
    h.flags = flags;
    h.length = uint32_t(len);
    h.session_id = session;
    h.stream_id = stream;
    std::vector<uint8_t> f(kHeaderSize + len);
    encode_header(h, f.data());
    if (len) std::memcpy(f.data() + kHeaderSize, payload, len);
    uint32_t n = uint32_t(f.size());
    std::fwrite(&n, 4, 1, stdout);
    std::fwrite(f.data(), 1, f.size(), stdout);
}

void emit(FrameType type, uint8_t flags, uint64_t session, int64_t stream, const std::vector<uint8_t>& p) {
    emit(type, flags, session, stream, p.data(), p.size());
}

void request_heads() {
    HeaderField hdrs[] = {{"host", "example.com"}, {"user-agent", "curl/7.88"}, {"accept", "*/*"},
                          {"cookie", "a=1; b=2"}};
    struct Case {
        Protocol proto;
        uint8_t flags;
        const char *method, *scheme, *authority, *target;
        size_t nh;
    } cases[] = {
        {Protocol::Http11, 0, "GET", "", "example.com", "/index.php?x=1", 4},
        {Protocol::Http2, kRequestFlagTls, "POST", "https", "example.com:8443", "/upload", 2},
        {Protocol::Http3, kRequestFlagTls, "GET", "https", "localhost", "/", 0},
        {Protocol::Http11, kRequestFlagWebSocket, "GET", "http", "h", "/chat", 3},
    };
    for (const Case& c : cases) {
        RequestHeadIn in;
        in.conn.protocol = c.proto;
        in.conn.flags = c.flags;
        in.conn.family = 2;  // AF_INET
        in.conn.remote_port = 40000;
        in.conn.local_port = 8080;
        in.conn.remote_addr[0] = 127;
        in.conn.remote_addr[3] = 1;
        in.conn.local_addr[0] = 127;
        in.conn.local_addr[3] = 1;
        in.method = c.method;
        in.scheme = c.scheme;
        in.authority = c.authority;
        in.target = c.target;
        in.headers = hdrs;
        in.header_count = c.nh;
        std::vector<uint8_t> p(request_head_size(in));
        encode_request_head(in, p.data(), p.size());
        emit(FrameType::RequestHead, kFlagEndStream, kSession, 1, p);
        emit(FrameType::RequestHead, 0, kSession, 3, p);
    }
}

std::vector<uint8_t> head_block(uint16_t status, std::initializer_list<HeaderField> hdrs, std::string body) {
    std::vector<uint8_t> p(4096);
    ResponseHeadWriter w(p.data(), p.size(), status);
    for (const HeaderField& h : hdrs) w.add_header(h.name, h.value);
    if (!body.empty()) w.set_body(body);
    p.resize(w.size());
    return p;
}

void responses() {
    emit(FrameType::ResponseHead, 0, kSession, 1,
         head_block(200, {{"content-type", "text/html"}, {"x-a", "1"}}, "<h1>hi</h1>"));
    emit(FrameType::ResponseHead, kFlagEndStream, kSession, 1, head_block(404, {}, ""));
    emit(FrameType::ResponseHead, kFlagInterim, kSession, 1, head_block(103, {{"link", "</a.css>; rel=preload"}}, ""));
    emit(FrameType::ResponseHead, kFlagUpgradeAccepted, kSession, 1,
         head_block(101, {{"sec-websocket-protocol", "chat"}}, ""));
    emit(FrameType::ResponseTrailers, 0, kSession, 1, head_block(0, {{"grpc-status", "0"}, {"x-checksum", "abc"}}, ""));
    emit(FrameType::RequestTrailers, kFlagEndStream, kSession, 1, head_block(0, {{"x-checksum", "abc"}}, ""));
    emit(FrameType::RequestTrailers, kFlagEndStream, kSession, 1, head_block(0, {}, ""));
    const std::string body = "hello";
    emit(FrameType::RequestBody, kFlagEndStream, kSession, 1, reinterpret_cast<const uint8_t*>(body.data()), body.size());
    emit(FrameType::ResponseBody, 0, kSession, 1, reinterpret_cast<const uint8_t*>(body.data()), body.size());
    emit(FrameType::RequestEnd, 0, kSession, 1, nullptr, 0);
    emit(FrameType::ResponseEnd, 0, kSession, 1, nullptr, 0);
    emit(FrameType::ConnectionClosed, 0, kSession, 0, nullptr, 0);
}

void small_frames() {
    uint8_t b[16];
    for (ResetCode c : {ResetCode::Cancel, ResetCode::BodyTooLarge, ResetCode::Internal, ResetCode::NoError}) {
        encode_stream_reset(c, b);
        emit(FrameType::StreamReset, 0, kSession, 1, b, kStreamResetSize);
    }
    ControlMessage hello;
    hello.code = ControlCode::WorkerHello;
    hello.worker_id = 3;
    hello.pid = 4242;
    hello.incarnation = 1;
    encode_control(hello, b);
    emit(FrameType::Control, 0, 0, 0, b, kControlSize);
    for (ControlCode c : {ControlCode::Draining, ControlCode::DrainAck, ControlCode::ServerStopping}) {
        ControlMessage m;
        m.code = c;
        encode_control(m, b);
        emit(FrameType::Control, 0, 0, 0, b, kControlSize);
    }
    encode_credit(uint32_t(kCreditBatch), b);
    emit(FrameType::ResponseCredit, 0, kSession, 1, b, kCreditSize);
    encode_stream_credit(65536, b);
    emit(FrameType::StreamCredit, 0, kSession, 1, b, kCreditSize);
    emit(FrameType::StreamCredit, 0, kRegistryId, 0, b, kCreditSize);
    encode_stream_detach(2, b);
    emit(FrameType::StreamDetach, 0, kSession, 1, b, kStreamDetachSize);
    encode_stream_detach(3, b);
    emit(FrameType::StreamDetach, 0, kSession, 1, b, kStreamDetachSize);
    encode_stream_detached(kRegistryId, b);
    emit(FrameType::StreamDetached, 0, kSession, 1, b, kStreamDetachedSize);
    encode_stream_detached(0, b);
    emit(FrameType::StreamDetached, 0, kSession, 1, b, kStreamDetachedSize);
}

void websocket() {
    uint8_t b[512];
    encode_ws_open(kRegistryId, b);
    emit(FrameType::WsOpen, 0, kSession, 1, b, kWsOpenSize);
    size_t n = encode_ws_message(WsOpcode::Text, "hello", b, sizeof b);
    emit(FrameType::WsMessage, 0, kRegistryId, 0, b, n);
    n = encode_ws_message(WsOpcode::Binary, std::string_view("\x00\x01\x02", 3), b, sizeof b);
    emit(FrameType::WsMessage, kFlagMore, kRegistryId, 0, b, n);
    n = encode_ws_push(WsOpcode::Text, kWsPushCompress, "pushed text", b, sizeof b);
    emit(FrameType::WsPush, 0, kRegistryId, 0, b, n);
    n = encode_ws_push(WsOpcode::Ping, 0, "p", b, sizeof b);
    emit(FrameType::WsPush, 0, kRegistryId, 0, b, n);
    n = encode_ws_push_close(1000, "bye", b, sizeof b);
    emit(FrameType::WsPush, 0, kRegistryId, 0, b, n);
    n = encode_ws_closed(1006, "", b, sizeof b);
    emit(FrameType::WsClosed, 0, kRegistryId, 0, b, n);
    n = encode_ws_closed(1001, "going away", b, sizeof b);
    emit(FrameType::WsClosed, 0, kRegistryId, 0, b, n);
    emit(FrameType::WsWritable, 0, kRegistryId, 0, nullptr, 0);
}

}  // namespace

int main() {
    request_heads();
    responses();
    small_frames();
    websocket();
    return 0;
}

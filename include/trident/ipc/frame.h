// The binary IPC frame between reactor threads and worker processes.
//
// One frame is one SOCK_SEQPACKET message on a (reactor, worker) socketpair, so a frame
// is always received whole or not at all, and a worker that dies mid-write can never leave
// half a frame behind for its successor. All integers are little-endian.
//
//   FrameHeader (24 bytes)
//     u32 length       payload bytes after the header
//     u8  type         FrameType
//     u8  flags        kFlagEndStream, ...
//     u16 reserved     must be 0
//     u64 session_id   [reactor:8][generation:24][slot:32], see server/session_table.h
//     i64 stream_id    HTTP/1.1: request sequence number; HTTP/2 and HTTP/3: the stream id
//
// Payloads (decoders never allocate: views refer into the frame buffer):
//   REQUEST_HEAD   RequestHead fixed part, then strings method, scheme, authority, target,
//                  then the header block. With kFlagEndStream the request has no body.
//   REQUEST_BODY   raw body bytes. kFlagEndStream on the last one.
//   REQUEST_END    empty; ends a request whose body length was not known up front.
//   RESPONSE_HEAD  u16 status, u16 reserved, header block, then the first body bytes
//                  (may be empty). kFlagEndStream: the response is complete.
//   RESPONSE_BODY  raw body bytes. kFlagEndStream on the last one.
//   RESPONSE_END   empty; ends a streamed response.
//   STREAM_RESET   u32 error code (either direction: the client or the worker gave up).
//   CONNECTION_CLOSED  empty, reactor -> worker: every stream of the session is gone.
//   CONTROL        u8 ControlCode, then the code's fixed fields.
//   RESPONSE_CREDIT  u32 bytes, reactor -> worker: the client took that many more bytes of
//                  this stream's response body (the worker's send window reopens).
//   RESPONSE_TRAILERS  u16 0, u16 0, header block (a RESPONSE_HEAD layout with status 0 and
//                  no body). Always with kFlagEndStream: trailers end the response.
//   REQUEST_TRAILERS  u16 0, u16 0, header block (the RESPONSE_TRAILERS layout): the request's
//                  trailer fields (names lower-case), always with kFlagEndStream. It ends the
//                  request body in place of the last REQUEST_BODY's END_STREAM or REQUEST_END,
//                  after every body byte (issue 14); a request with trailers never has
//                  END_STREAM on its REQUEST_HEAD or REQUEST_BODY frames.
//   RESPONSE_HEAD with kFlagInterim: an interim response (status 100-199 but 101, e.g. 103
//                  Early Hints), header block only, no body, never kFlagEndStream; the final
//                  RESPONSE_HEAD follows. The reactor sends it at once (HTTP/1.1 status line,
//                  HTTP/2 HEADERS without END_STREAM, HTTP/3 nghttp3_conn_submit_info) and its
//                  response state does not move; one after the final head is dropped.
//
//   WS_OPEN        u64 stream registry id, reactor -> worker, on the upgraded request's
//                  (session_id, stream_id): the handshake response is on the wire and the
//                  WebSocket is named by that id from now on (onOpen may run).
//   WS_MESSAGE     u8 opcode (1 text, 2 binary), message bytes; reactor -> worker.
//   WS_PUSH        u8 opcode (1 text, 2 binary, 8 close, 9 ping, 10 pong), u8 push flags
//                  (kWsPushCompress), bytes; worker -> reactor, from any worker. A close
//                  carries u16 code + reason as its bytes.
//   WS_CLOSED      u16 close code, reason bytes; reactor -> worker: the WebSocket ended
//                  (1006 when the transport died without a close frame).
//   WS_WRITABLE    empty; reactor -> worker: the push credit (server/stream_registry.h
//                  "Push credit") of a WebSocket or a detached response fell below its low
//                  watermark, or the stream ended: a push or write that waits may try again.
//
//   STREAM_CREDIT  u32 bytes, worker -> reactor: inbound credit (below).
//
// Inbound credit (issue 12: per-stream flow control towards the worker). The reactor forwards at
// most ServerConfig::input_window_size unacknowledged bytes of one stream's inbound data to its
// worker: WebSocket messages (each charged ws_message_charge(size)) and, with
// http_body_streaming, request body bytes. The worker returns STREAM_CREDIT as PHP consumes them
// (recv() returned the message, a Message callback returned, read() returned the bytes, or
// rawContent() wants the whole body), in inbound_credit_batch() batches, addressed like the
// stream's other frames: (session_id, stream_id) of the request for a body, (registry id, 0) for
// a WebSocket. With the window exhausted the reactor stops taking that stream's bytes from the
// client (HTTP/1.1: reading the socket; HTTP/2 / HTTP/3: the stream's flow-control window, while
// the connection's stays open for its other streams). The window is checked before bytes are
// taken, never against a message's size, so a message larger than the window still arrives (the
// worker then holds at most one message more than the window).
//
// Header block: u32 count, then count x (u32 name_len, name bytes, u32 value_len, value bytes).
// A string: u32 len, bytes.
//
// WebSocket streams (issue 12). The reactor validates an upgrade (RFC 6455 4.2.1 Upgrade on
// HTTP/1.1, RFC 8441 extended CONNECT on HTTP/2, RFC 9220 on HTTP/3) and marks the REQUEST_HEAD
// with kRequestFlagWebSocket in ConnectionInfo.flags; the request is otherwise forwarded as the
// client sent it. The worker accepts with a RESPONSE_HEAD that carries the frame flag
// kFlagUpgradeAccepted, status 101, its extra response headers (Sec-WebSocket-Protocol,
// Set-Cookie, ...), no body and no kFlagEndStream (decode_upgrade_accept checks all of that);
// the reactor writes 101 on HTTP/1.1 and 200 on HTTP/2 and HTTP/3, so the worker stays
// protocol-neutral. Any response without the flag refuses the upgrade and is sent as is. The
// flag rides in the frame header rather than in the payload's reserved u16 so that the
// RESPONSE_HEAD payload format, its writer and its decoder stay unchanged, and a 101 a handler
// sets by hand on an ordinary response can never be mistaken for an accept.
//
// Once accepted, the reactor allocates a stream registry id (server/stream_registry.h) owned by
// that worker and sends WS_OPEN. WS_MESSAGE, WS_PUSH and WS_CLOSED are then addressed by that id
// in session_id with stream_id 0: the same name in every process, so any worker can push.
//
// Continuation: a message longer than one frame travels as several WS_MESSAGE (or WS_PUSH)
// frames; every frame but the last has kFlagMore and at least one message byte, and every frame
// repeats the prefix (opcode, and push flags), which must equal the first frame's. The frames of
// one message are consecutive among that id's frames on one channel (frames of other ids may come
// between), so the receiver keeps one partial message per (channel, id) and a message is never
// mixed with another sender's. Control pushes (close, ping, pong) are one frame of at most 125
// bytes (RFC 6455 5.5). kFlagEndStream is never used on these types: WS_CLOSED ends the stream.
//
// Detached responses (issue 12: SSE and long responses written from any worker). A handler whose
// RESPONSE_HEAD went out (and whose response has not ended) sends STREAM_DETACH (u8 kind: 2 event
// stream, 3 other) on its request's (session, stream); the reactor answers STREAM_DETACHED (u64
// registry id, 0 when refused: registry full, stream gone or not detachable) on the same pair.
// From then on the stream is the registry's, not that request's: no RESPONSE_CREDIT, no
// STREAM_RESET goes to the request, and any worker writes it with RESPONSE_BODY / RESPONSE_END
// addressed by the registry id in session_id, stream_id 0 (END_STREAM on the last). The id is
// released when the response ends or the client goes; writes for it are then dropped. Writers
// are held back by the stream's push credit (WS_WRITABLE wakes them); a client whose unsent
// output still passes 4 MiB (a single larger write) is disconnected rather than buffered
// without bound.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trident/core/header_field.h"

namespace trident::ipc {

enum class FrameType : uint8_t {
    RequestHead = 1,
    RequestBody = 2,
    RequestEnd = 3,
    ResponseHead = 4,
    ResponseBody = 5,
    ResponseEnd = 6,
    StreamReset = 7,
    ConnectionClosed = 8,
    Datagram = 9,
    Control = 10,
    ResponseTrailers = 11,
    ResponseCredit = 12,
    WsOpen = 13,
    WsMessage = 14,
    WsPush = 15,
    WsClosed = 16,
    StreamDetach = 17,
    StreamDetached = 18,
    WsWritable = 19,
    StreamCredit = 20,
    RequestTrailers = 21,
};
constexpr uint8_t kMaxFrameType = 21;

constexpr uint8_t kFlagEndStream = 0x01;
// WS_MESSAGE, WS_PUSH: more frames of this message follow (see "Continuation" above).
constexpr uint8_t kFlagMore = 0x02;
// RESPONSE_HEAD: the worker accepts the WebSocket upgrade of a kRequestFlagWebSocket request.
constexpr uint8_t kFlagUpgradeAccepted = 0x04;
// RESPONSE_HEAD: an interim (1xx) response; the final head is still to come.
constexpr uint8_t kFlagInterim = 0x08;
// The statuses an interim RESPONSE_HEAD may carry: 1xx but 101, which only an upgrade sends.
constexpr bool is_interim_status(unsigned status) { return status >= 100 && status < 200 && status != 101; }

constexpr size_t kHeaderSize = 24;
// Largest frame (header + payload). Must fit the socket's send buffer as one message.
constexpr size_t kMaxFrameSize = 64 * 1024;
constexpr size_t kMaxPayload = kMaxFrameSize - kHeaderSize;

struct FrameHeader {
    uint32_t length = 0;
    FrameType type = FrameType::Control;
    uint8_t flags = 0;
    uint16_t reserved = 0;
    uint64_t session_id = 0;
    int64_t stream_id = 0;
};

enum class DecodeError : uint8_t {
    None = 0,
    Truncated,       // fewer bytes than the header or than `length` says
    TooLarge,        // length > kMaxPayload
    UnknownType,     // type is 0 or > kMaxFrameType
    BadReserved,     // reserved != 0
    BadPayload,      // payload does not parse for its type
    BadHeader,       // flags, session_id or stream_id not allowed for the type
};
const char* decode_error_name(DecodeError e);

// Writes the 24-byte header at out.
void encode_header(const FrameHeader& h, uint8_t* out);
// Reads and validates a header from buf[0..len). On None, buf holds at least
// kHeaderSize + h.length bytes (len may be larger; the caller decides what that means).
DecodeError decode_header(const uint8_t* buf, size_t len, FrameHeader& h);

// Application protocol a request arrived on.
enum class Protocol : uint8_t { Http10 = 1, Http11 = 2, Http2 = 3, Http3 = 4 };
const char* protocol_name(Protocol p);  // "HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/3"

constexpr uint8_t kRequestFlagTls = 0x01;
// The request is a WebSocket upgrade the reactor validated (see "WebSocket streams" above).
constexpr uint8_t kRequestFlagWebSocket = 0x02;

// Fixed part of REQUEST_HEAD (encoded as: u8 protocol, u8 flags, u8 family, u8 reserved,
// u16 remote_port, u16 local_port, 16 bytes remote_addr, 16 bytes local_addr -> 40 bytes).
// family is AF_INET or AF_INET6 (as a byte); an IPv4 address uses the first 4 bytes.
struct ConnectionInfo {
    Protocol protocol = Protocol::Http11;
    uint8_t flags = 0;
    uint8_t family = 0;
    uint16_t remote_port = 0;
    uint16_t local_port = 0;
    uint8_t remote_addr[16] = {};
    uint8_t local_addr[16] = {};
};
constexpr size_t kConnectionInfoSize = 40;

// Iterates a validated header block without allocating.
class HeaderCursor {
public:
    HeaderCursor() = default;
    HeaderCursor(const uint8_t* p, const uint8_t* end, uint32_t count) : p_(p), end_(end), left_(count) {}
    uint32_t remaining() const { return left_; }
    // Returns false when no header is left.
    bool next(HeaderField& out);

private:
    const uint8_t* p_ = nullptr;
    const uint8_t* end_ = nullptr;
    uint32_t left_ = 0;
};

struct RequestHeadView {
    ConnectionInfo conn;
    std::string_view method;
    std::string_view scheme;     // "http"/"https"; may be empty for HTTP/1.x
    std::string_view authority;  // Host or :authority; may be empty
    std::string_view target;     // path and query, as sent
    uint32_t header_count = 0;
    HeaderCursor headers() const { return HeaderCursor(headers_begin, headers_end, header_count); }
    const uint8_t* headers_begin = nullptr;
    const uint8_t* headers_end = nullptr;
};

struct RequestHeadIn {
    ConnectionInfo conn;
    std::string_view method, scheme, authority, target;
    const HeaderField* headers = nullptr;
    size_t header_count = 0;
};

// Encoded payload size of a REQUEST_HEAD (to check it fits kMaxPayload before encoding).
size_t request_head_size(const RequestHeadIn& in);
// Writes the payload at out (cap bytes available). Returns bytes written, 0 if it does not fit.
size_t encode_request_head(const RequestHeadIn& in, uint8_t* out, size_t cap);
// Validates the whole payload (every length in bounds); views refer into payload.
DecodeError decode_request_head(const uint8_t* payload, size_t len, RequestHeadView& out);

struct ResponseHeadView {
    uint16_t status = 0;
    uint32_t header_count = 0;
    HeaderCursor headers() const { return HeaderCursor(headers_begin, headers_end, header_count); }
    const uint8_t* headers_begin = nullptr;
    const uint8_t* headers_end = nullptr;
    std::string_view body;  // first body bytes carried in the same frame
};

// Builds a RESPONSE_HEAD payload incrementally into a caller buffer (the worker adds
// headers one by one as PHP hands them over; no intermediate container).
class ResponseHeadWriter {
public:
    ResponseHeadWriter(uint8_t* out, size_t cap, uint16_t status);
    void add_header(std::string_view name, std::string_view value);
    void set_body(std::string_view body);  // after the last header; at most once
    bool overflow() const { return overflow_; }
    size_t size() const { return size_t(p_ - begin_); }

private:
    void put(const void* src, size_t n);
    uint8_t* begin_;
    uint8_t* p_;
    uint8_t* end_;
    uint8_t* count_at_;
    uint32_t count_ = 0;
    bool body_set_ = false;
    bool overflow_ = false;
};
size_t response_head_fixed_size();  // status + reserved + count = 8
size_t header_field_size(std::string_view name, std::string_view value);  // 8 + name + value

DecodeError decode_response_head(const uint8_t* payload, size_t len, ResponseHeadView& out);
// A RESPONSE_HEAD frame with kFlagUpgradeAccepted: decodes the payload like decode_response_head
// (len = h.length) and checks status 101, no body, no kFlagEndStream.
DecodeError decode_upgrade_accept(const FrameHeader& h, const uint8_t* payload, ResponseHeadView& out);
// RESPONSE_TRAILERS: encoded with ResponseHeadWriter(status 0, no body).
DecodeError decode_response_trailers(const uint8_t* payload, size_t len, ResponseHeadView& out);
// REQUEST_TRAILERS: the same payload (ResponseHeadWriter, status 0, no body); the frame must
// carry exactly kFlagEndStream (BadHeader otherwise). payload holds h.length bytes.
DecodeError decode_request_trailers(const FrameHeader& h, const uint8_t* payload, ResponseHeadView& out);

// RESPONSE_CREDIT payload: u32 bytes (same layout as STREAM_RESET's code).
constexpr size_t kCreditSize = 4;
// Reactors return credit in batches of at least this many bytes (one frame per 256 KiB the
// client took, not one per write), well inside the worker's 1 MiB response window.
constexpr uint64_t kCreditBatch = 256 * 1024;
inline void encode_credit(uint32_t bytes, uint8_t* out) {
    for (int i = 0; i < 4; ++i) out[i] = uint8_t(bytes >> (8 * i));
}
inline bool decode_credit(const uint8_t* payload, size_t len, uint32_t& bytes) {
    if (len != kCreditSize) return false;
    bytes = uint32_t(payload[0]) | uint32_t(payload[1]) << 8 | uint32_t(payload[2]) << 16 | uint32_t(payload[3]) << 24;
    return true;
}

// STREAM_CREDIT (type 20), worker -> reactor: the handler consumed that many more bytes of this
// stream's inbound data, so the reactor may forward that much more (see "Inbound credit" above).
// Same u32 payload as RESPONSE_CREDIT (encode_credit / decode_credit).
// A WebSocket message counts its bytes plus this much towards the window, on both sides, so a
// flood of tiny messages is bounded too (each one costs the worker a Frame object, or a Message
// callback's coroutine, whatever its size).
constexpr uint64_t kWsMessageCost = 4096;
// Checks a STREAM_CREDIT frame: no flags, a 4-byte payload, stream id 0 when addressed by a
// registry id (BadHeader / BadPayload otherwise).
DecodeError decode_stream_credit(const FrameHeader& h, const uint8_t* payload, uint32_t& bytes);
void encode_stream_credit(uint32_t bytes, uint8_t* out);
constexpr uint64_t ws_message_charge(uint64_t bytes) { return bytes + kWsMessageCost; }
// The worker returns inbound credit in batches of this much (one frame per 256 KiB consumed, not
// one per read() or message), and never more than a quarter of the window, so credit always
// flows before the reactor can find the window exhausted with everything consumed.
constexpr uint64_t inbound_credit_batch(uint64_t window) {
    return window / 4 < kCreditBatch ? (window / 4 ? window / 4 : 1) : kCreditBatch;
}

// Why a stream is reset: STREAM_RESET's u32, one vocabulary in both directions and on every
// protocol (include/trident/http/reset_codes.h maps it to and from HTTP/2 and HTTP/3 codes).
enum class ResetCode : uint32_t {
    Cancel = 1,        // reactor -> worker: the client cancelled the stream or went away
    BodyTooLarge = 2,  // reactor -> worker: the body passed package_max_length (413 answered)
    BodyTimeout = 3,   // reactor -> worker: the body stalled or came too slowly (408 answered)
    BadBody = 4,       // reactor -> worker: the body's framing was invalid (400 answered)
    Refused = 5,       // reactor -> worker: the stream will not be answered (closing connection)
    Internal = 6,      // worker -> reactor: the handler failed: 500, or a reset once started
    NoError = 7,       // reactor -> client only: the response is complete, the rest of the
                       // request is not wanted (RFC 9113 8.1, RFC 9114 4.1.2)
};
// A code from an older or newer peer is not an error: it reads as Cancel (reactor -> worker)
// or Internal (worker -> reactor), which is what every unknown reason amounts to.
const char* reset_code_name(ResetCode c);

// STREAM_RESET payload.
constexpr size_t kStreamResetSize = 4;
void encode_stream_reset(ResetCode code, uint8_t* out);
DecodeError decode_stream_reset(const uint8_t* payload, size_t len, ResetCode& code);

// CONTROL frames (session_id and stream_id are 0).
enum class ControlCode : uint8_t {
    WorkerHello = 1,  // worker -> reactor: u32 worker_id, u32 pid, u32 incarnation
    Draining = 2,     // worker -> reactor: stop dispatching to me
    DrainAck = 3,     // reactor -> worker: nothing more will be dispatched on this channel
    ServerStopping = 4,  // reactor -> worker: the server began a graceful shutdown: end the
                         // long-lived streams (event streams) now, finish the rest
};
struct ControlMessage {
    ControlCode code = ControlCode::WorkerHello;
    uint32_t worker_id = 0;
    uint32_t pid = 0;
    uint32_t incarnation = 0;
};
constexpr size_t kControlSize = 13;  // u8 code + 3 x u32 (unused fields are 0)
void encode_control(const ControlMessage& m, uint8_t* out);
DecodeError decode_control(const uint8_t* payload, size_t len, ControlMessage& out);

// ---------------------------------------------------------------------------------------
// WebSocket frames. Their decoders take the frame header, because flags and ids are part of
// what makes them valid (BadHeader), and the payload of h.length bytes (BadPayload).

// A stream registry id has this bit set in its slot (the low 32 bits), so it never equals a
// session id (server/stream_registry.h makes and reads them).
constexpr uint32_t kRegistrySlotBit = 0x80000000u;
// Nonzero generation and the slot bit: the shape of every id the registry hands out.
constexpr bool is_registry_id(uint64_t id) {
    return (uint32_t(id) & kRegistrySlotBit) != 0 && ((id >> 32) & 0xFFFFFF) != 0;
}

enum class WsOpcode : uint8_t { Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

// WS_PUSH flags: compress this message if permessage-deflate was negotiated (a hint; the
// reactor may send it uncompressed). Text and binary only (RFC 7692 6: never control frames).
constexpr uint8_t kWsPushCompress = 0x01;

constexpr size_t kWsOpenSize = 8;
constexpr size_t kWsMessagePrefix = 1;                          // opcode
constexpr size_t kWsPushPrefix = 2;                             // opcode, push flags
constexpr size_t kWsMessageChunk = kMaxPayload - kWsMessagePrefix;  // message bytes per frame
constexpr size_t kWsPushChunk = kMaxPayload - kWsPushPrefix;
constexpr size_t kWsMaxControl = 125;                           // RFC 6455 5.5
constexpr size_t kWsMaxCloseReason = kWsMaxControl - 2;

// RFC 6455 7.4: codes an endpoint may put in a close frame (1000-1003, 1007-1014, 3000-4999).
bool ws_close_code_sendable(uint16_t code);
// Codes WS_CLOSED may report: any code in 1000-4999 but 1004 (reserved), which includes 1005
// (no code received), 1006 (no close frame: the transport died) and 1015 (TLS failure).
bool ws_close_code_reportable(uint16_t code);

// STREAM_DETACH / STREAM_DETACHED payloads.
constexpr size_t kStreamDetachSize = 1;     // u8 kind (server::StreamKind 2 or 3)
constexpr size_t kStreamDetachedSize = 8;   // u64 registry id, or 0
void encode_stream_detach(uint8_t kind, uint8_t* out);
DecodeError decode_stream_detach(const FrameHeader& h, const uint8_t* payload, uint8_t& kind);
void encode_stream_detached(uint64_t registry_id, uint8_t* out);
// registry_id is 0 (refused) or satisfies is_registry_id.
DecodeError decode_stream_detached(const FrameHeader& h, const uint8_t* payload, uint64_t& registry_id);

// WS_OPEN payload (the id must satisfy is_registry_id).
void encode_ws_open(uint64_t registry_id, uint8_t* out);
DecodeError decode_ws_open(const FrameHeader& h, const uint8_t* payload, uint64_t& registry_id);

struct WsMessageView {
    WsOpcode opcode = WsOpcode::Text;
    bool more = false;       // kFlagMore: the message continues in the next frame
    std::string_view data;   // this frame's message bytes
};
// Writes opcode + chunk at out (cap bytes). Returns the payload size, 0 when the opcode is not
// text/binary or the payload does not fit cap or kMaxPayload.
size_t encode_ws_message(WsOpcode op, std::string_view chunk, uint8_t* out, size_t cap);
DecodeError decode_ws_message(const FrameHeader& h, const uint8_t* payload, WsMessageView& out);

struct WsPushView {
    WsOpcode opcode = WsOpcode::Text;
    uint8_t flags = 0;       // kWsPushCompress
    bool more = false;       // kFlagMore
    std::string_view data;   // bytes after the prefix (for a close: code + reason)
    uint16_t close_code = 0; // Close only
    std::string_view reason; // Close only
};
// Writes opcode, flags and chunk at out. Returns the payload size, 0 for anything the decoder
// would refuse in the payload (unknown opcode or flags, a control push over 125 bytes, a close
// whose bytes do not hold a sendable code) or when it does not fit cap or kMaxPayload.
size_t encode_ws_push(WsOpcode op, uint8_t flags, std::string_view chunk, uint8_t* out, size_t cap);
// A close push: opcode 8, flags 0, u16 code, reason. 0 when the code is not sendable or the
// reason is longer than kWsMaxCloseReason.
size_t encode_ws_push_close(uint16_t code, std::string_view reason, uint8_t* out, size_t cap);
DecodeError decode_ws_push(const FrameHeader& h, const uint8_t* payload, WsPushView& out);

// WS_WRITABLE: no payload, addressed by a registry id like WS_MESSAGE.
DecodeError decode_ws_writable(const FrameHeader& h);

struct WsClosedView {
    uint16_t code = 0;
    std::string_view reason;
};
// Returns the payload size, 0 when the code is not reportable, the reason is longer than
// kWsMaxCloseReason or it does not fit cap.
size_t encode_ws_closed(uint16_t code, std::string_view reason, uint8_t* out, size_t cap);
DecodeError decode_ws_closed(const FrameHeader& h, const uint8_t* payload, WsClosedView& out);

}  // namespace trident::ipc

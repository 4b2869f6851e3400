#include "trident/ipc/frame.h"

#include <cstring>
#include <limits>

namespace trident::ipc {

namespace {

// Byte-wise loads and stores keep the wire format independent of host endianness and of
// buffer alignment; compilers fold them into single moves on little-endian targets.
inline uint16_t load_u16(const uint8_t* p) { return uint16_t(p[0] | (uint16_t(p[1]) << 8)); }

inline uint32_t load_u32(const uint8_t* p) {
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

inline uint64_t load_u64(const uint8_t* p) { return uint64_t(load_u32(p)) | (uint64_t(load_u32(p + 4)) << 32); }

inline void store_u16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v);
    p[1] = uint8_t(v >> 8);
}

inline void store_u32(uint8_t* p, uint32_t v) {
    p[0] = uint8_t(v);
    p[1] = uint8_t(v >> 8);
    p[2] = uint8_t(v >> 16);
    p[3] = uint8_t(v >> 24);
}

inline void store_u64(uint8_t* p, uint64_t v) {
    store_u32(p, uint32_t(v));
    store_u32(p + 4, uint32_t(v >> 32));
}

constexpr size_t kU32Max = std::numeric_limits<uint32_t>::max();

std::string_view view(const uint8_t* p, size_t n) { return std::string_view(reinterpret_cast<const char*>(p), n); }

// Reads one length-prefixed string and advances p. Lengths are compared against the bytes
// left rather than by forming p + len, so a hostile length cannot create an out-of-range pointer.
bool read_string(const uint8_t*& p, const uint8_t* end, std::string_view& out) {
    if (size_t(end - p) < 4) return false;
    uint32_t n = load_u32(p);
    p += 4;
    if (size_t(end - p) < n) return false;
    out = view(p, n);
    p += n;
    return true;
}

// Validates a header block starting at its count and leaves p just past the last header.
// Each header takes at least 8 bytes, so a count that cannot fit is refused before looping:
// otherwise a 4-byte block claiming 2^32 headers would cost 2^32 iterations to reject.
bool validate_header_block(const uint8_t*& p, const uint8_t* end, uint32_t& count, const uint8_t*& first) {
    if (size_t(end - p) < 4) return false;
    count = load_u32(p);
    p += 4;
    first = p;
    if (count > size_t(end - p) / 8) return false;
    std::string_view ignored;
    for (uint32_t i = 0; i < count; ++i) {
        if (!read_string(p, end, ignored) || !read_string(p, end, ignored)) return false;
    }
    return true;
}

uint8_t* put_string(uint8_t* p, std::string_view s) {
    store_u32(p, uint32_t(s.size()));
    if (!s.empty()) std::memcpy(p + 4, s.data(), s.size());
    return p + 4 + s.size();
}

bool fits_u32(std::string_view s) { return s.size() <= kU32Max; }

}  // namespace

const char* decode_error_name(DecodeError e) {
    switch (e) {
        case DecodeError::None: return "none";
        case DecodeError::Truncated: return "truncated";
        case DecodeError::TooLarge: return "too large";
        case DecodeError::UnknownType: return "unknown type";
        case DecodeError::BadReserved: return "bad reserved";
        case DecodeError::BadPayload: return "bad payload";
        case DecodeError::BadHeader: return "bad header";
    }
    return "unknown error";
}

const char* protocol_name(Protocol p) {
    switch (p) {
        case Protocol::Http10: return "HTTP/1.0";
        case Protocol::Http11: return "HTTP/1.1";
        case Protocol::Http2: return "HTTP/2";
        case Protocol::Http3: return "HTTP/3";
    }
    return "unknown";
}

void encode_header(const FrameHeader& h, uint8_t* out) {
    store_u32(out, h.length);
    out[4] = uint8_t(h.type);
    out[5] = h.flags;
    store_u16(out + 6, h.reserved);
    store_u64(out + 8, h.session_id);
    store_u64(out + 16, uint64_t(h.stream_id));
}

DecodeError decode_header(const uint8_t* buf, size_t len, FrameHeader& h) {
    if (len < kHeaderSize) return DecodeError::Truncated;
    h.length = load_u32(buf);
    h.type = FrameType(buf[4]);
    h.flags = buf[5];
    h.reserved = load_u16(buf + 6);
    h.session_id = load_u64(buf + 8);
    h.stream_id = int64_t(load_u64(buf + 16));
    if (buf[4] == 0 || buf[4] > kMaxFrameType) return DecodeError::UnknownType;
    if (h.reserved != 0) return DecodeError::BadReserved;
    if (h.length > kMaxPayload) return DecodeError::TooLarge;
    if (len - kHeaderSize < h.length) return DecodeError::Truncated;
    // These types have no payload decoder of their own, so their "no payload" rule is
    // enforced here; otherwise stray bytes would be accepted and silently ignored.
    switch (h.type) {
        case FrameType::RequestEnd:
        case FrameType::ResponseEnd:
        case FrameType::ConnectionClosed:
            if (h.length != 0) return DecodeError::BadPayload;
            break;
        default: break;
    }
    return DecodeError::None;
}

bool HeaderCursor::next(HeaderField& out) {
    if (left_ == 0) return false;
    // The block was validated by its decoder; these checks only keep a cursor built from
    // inconsistent arguments inside [p_, end_).
    std::string_view name, value;
    if (!read_string(p_, end_, name) || !read_string(p_, end_, value)) {
        left_ = 0;
        return false;
    }
    --left_;
    out.name = name;
    out.value = value;
    return true;
}

size_t request_head_size(const RequestHeadIn& in) {
    size_t n = kConnectionInfoSize + 4 * 4 + in.method.size() + in.scheme.size() + in.authority.size() +
               in.target.size() + 4;
    for (size_t i = 0; i < in.header_count; ++i) n += header_field_size(in.headers[i].name, in.headers[i].value);
    return n;
}

size_t encode_request_head(const RequestHeadIn& in, uint8_t* out, size_t cap) {
    if (!fits_u32(in.method) || !fits_u32(in.scheme) || !fits_u32(in.authority) || !fits_u32(in.target) ||
        in.header_count > kU32Max) {
        return 0;
    }
    for (size_t i = 0; i < in.header_count; ++i) {
        if (!fits_u32(in.headers[i].name) || !fits_u32(in.headers[i].value)) return 0;
    }
    size_t total = request_head_size(in);
    if (total > cap) return 0;

    uint8_t* p = out;
    const ConnectionInfo& c = in.conn;
    p[0] = uint8_t(c.protocol);
    p[1] = c.flags;
    p[2] = c.family;
    p[3] = 0;
    store_u16(p + 4, c.remote_port);
    store_u16(p + 6, c.local_port);
    std::memcpy(p + 8, c.remote_addr, 16);
    std::memcpy(p + 24, c.local_addr, 16);
    p += kConnectionInfoSize;
    p = put_string(p, in.method);
    p = put_string(p, in.scheme);
    p = put_string(p, in.authority);
    p = put_string(p, in.target);
    store_u32(p, uint32_t(in.header_count));
    p += 4;
    for (size_t i = 0; i < in.header_count; ++i) {
        p = put_string(p, in.headers[i].name);
        p = put_string(p, in.headers[i].value);
    }
    return size_t(p - out);
}

DecodeError decode_request_head(const uint8_t* payload, size_t len, RequestHeadView& out) {
    if (len < kConnectionInfoSize) return DecodeError::BadPayload;
    const uint8_t* p = payload;
    const uint8_t* end = payload + len;
    uint8_t protocol = p[0];
    if (protocol < uint8_t(Protocol::Http10) || protocol > uint8_t(Protocol::Http3)) return DecodeError::BadPayload;
    if (p[3] != 0) return DecodeError::BadPayload;
    ConnectionInfo c;
    c.protocol = Protocol(protocol);
    c.flags = p[1];
    c.family = p[2];
    c.remote_port = load_u16(p + 4);
    c.local_port = load_u16(p + 6);
    std::memcpy(c.remote_addr, p + 8, 16);
    std::memcpy(c.local_addr, p + 24, 16);
    p += kConnectionInfoSize;

    std::string_view method, scheme, authority, target;
    if (!read_string(p, end, method) || !read_string(p, end, scheme) || !read_string(p, end, authority) ||
        !read_string(p, end, target)) {
        return DecodeError::BadPayload;
    }
    uint32_t count = 0;
    const uint8_t* first = nullptr;
    if (!validate_header_block(p, end, count, first)) return DecodeError::BadPayload;
    // The header block is the last field: anything after it means the lengths disagree with
    // the frame length, so the frame is not what its sender meant to send.
    if (p != end) return DecodeError::BadPayload;

    out.conn = c;
    out.method = method;
    out.scheme = scheme;
    out.authority = authority;
    out.target = target;
    out.header_count = count;
    out.headers_begin = first;
    out.headers_end = p;
    return DecodeError::None;
}

size_t response_head_fixed_size() { return 8; }

size_t header_field_size(std::string_view name, std::string_view value) { return 8 + name.size() + value.size(); }

ResponseHeadWriter::ResponseHeadWriter(uint8_t* out, size_t cap, uint16_t status)
    : begin_(out), p_(out), end_(out + cap), count_at_(nullptr) {
    uint8_t fixed[8];
    store_u16(fixed, status);
    store_u16(fixed + 2, 0);
    store_u32(fixed + 4, 0);
    put(fixed, sizeof fixed);
    if (!overflow_) count_at_ = p_ - 4;
}

void ResponseHeadWriter::put(const void* src, size_t n) {
    if (overflow_ || n > size_t(end_ - p_)) {
        overflow_ = true;
        return;
    }
    if (n != 0) std::memcpy(p_, src, n);
    p_ += n;
}

void ResponseHeadWriter::add_header(std::string_view name, std::string_view value) {
    // A header after the body would be read back as body bytes, so the misuse is reported
    // through overflow() and the frame gets discarded rather than sent corrupt.
    if (body_set_ || !fits_u32(name) || !fits_u32(value) || count_ == kU32Max) overflow_ = true;
    // Checking the whole field first keeps a header from being half written: the buffer
    // then always holds a well-formed prefix.
    if (overflow_ || header_field_size(name, value) > size_t(end_ - p_)) {
        overflow_ = true;
        return;
    }
    uint8_t len[4];
    store_u32(len, uint32_t(name.size()));
    put(len, 4);
    put(name.data(), name.size());
    store_u32(len, uint32_t(value.size()));
    put(len, 4);
    put(value.data(), value.size());
    ++count_;
    store_u32(count_at_, count_);
}

void ResponseHeadWriter::set_body(std::string_view body) {
    if (body_set_) overflow_ = true;
    body_set_ = true;
    put(body.data(), body.size());
}

DecodeError decode_response_head(const uint8_t* payload, size_t len, ResponseHeadView& out) {
    if (len < response_head_fixed_size()) return DecodeError::BadPayload;
    const uint8_t* p = payload;
    const uint8_t* end = payload + len;
    uint16_t status = load_u16(p);
    if (load_u16(p + 2) != 0) return DecodeError::BadPayload;
    p += 4;
    uint32_t count = 0;
    const uint8_t* first = nullptr;
    if (!validate_header_block(p, end, count, first)) return DecodeError::BadPayload;

    out.status = status;
    out.header_count = count;
    out.headers_begin = first;
    out.headers_end = p;
    out.body = view(p, size_t(end - p));
    return DecodeError::None;
}

const char* reset_code_name(ResetCode c) {
    switch (c) {
        case ResetCode::Cancel: return "cancel";
        case ResetCode::BodyTooLarge: return "body too large";
        case ResetCode::BodyTimeout: return "body timeout";
        case ResetCode::BadBody: return "bad body";
        case ResetCode::Refused: return "refused";
        case ResetCode::Internal: return "internal error";
        case ResetCode::NoError: return "no error";
    }
    return "unknown";
}

void encode_stream_reset(ResetCode code, uint8_t* out) { store_u32(out, uint32_t(code)); }

// The value is kept as sent (an unknown one included): readers treat what they do not know
// as the default of their direction, and a frame re-encodes to the same bytes.
DecodeError decode_stream_reset(const uint8_t* payload, size_t len, ResetCode& code) {
    if (len != kStreamResetSize) return DecodeError::BadPayload;
    code = ResetCode(load_u32(payload));
    return DecodeError::None;
}

void encode_control(const ControlMessage& m, uint8_t* out) {
    out[0] = uint8_t(m.code);
    store_u32(out + 1, m.worker_id);
    store_u32(out + 5, m.pid);
    store_u32(out + 9, m.incarnation);
}

DecodeError decode_control(const uint8_t* payload, size_t len, ControlMessage& out) {
    if (len != kControlSize) return DecodeError::BadPayload;
    uint8_t code = payload[0];
    uint32_t worker_id = load_u32(payload + 1);
    uint32_t pid = load_u32(payload + 5);
    uint32_t incarnation = load_u32(payload + 9);
    switch (ControlCode(code)) {
        case ControlCode::WorkerHello: break;
        case ControlCode::Draining:
        case ControlCode::DrainAck:
        case ControlCode::ServerStopping:
            // The format fixes unused fields at 0; a nonzero one means the two ends
            // disagree on what this code carries.
            if (worker_id != 0 || pid != 0 || incarnation != 0) return DecodeError::BadPayload;
            break;
        default: return DecodeError::BadPayload;
    }
    out.code = ControlCode(code);
    out.worker_id = worker_id;
    out.pid = pid;
    out.incarnation = incarnation;
    return DecodeError::None;
}

}  // namespace trident::ipc

namespace trident::ipc {

DecodeError decode_response_trailers(const uint8_t* payload, size_t len, ResponseHeadView& out) {
    ResponseHeadView v;
    DecodeError e = decode_response_head(payload, len, v);
    if (e != DecodeError::None) return e;
    if (v.status != 0 || !v.body.empty()) return DecodeError::BadPayload;
    out = v;
    return DecodeError::None;
}

DecodeError decode_request_trailers(const FrameHeader& h, const uint8_t* payload, ResponseHeadView& out) {
    if (h.type != FrameType::RequestTrailers || h.flags != kFlagEndStream) return DecodeError::BadHeader;
    return decode_response_trailers(payload, h.length, out);
}

}  // namespace trident::ipc

// ---------------------------------------------------------------------------------------
// WebSocket frames

namespace trident::ipc {

namespace {

bool is_data_opcode(uint8_t op) { return op == uint8_t(WsOpcode::Text) || op == uint8_t(WsOpcode::Binary); }

bool is_push_opcode(uint8_t op) {
    return is_data_opcode(op) || op == uint8_t(WsOpcode::Close) || op == uint8_t(WsOpcode::Ping) ||
           op == uint8_t(WsOpcode::Pong);
}

// WS_MESSAGE, WS_PUSH and WS_CLOSED name a WebSocket by its registry id alone.
bool addressed_by_registry_id(const FrameHeader& h) { return h.stream_id == 0 && is_registry_id(h.session_id); }

// The payload rules of a WS_PUSH, shared by the encoder and the decoder so that the encoder
// never produces a frame its receiver refuses. data is what follows the two prefix bytes.
bool push_payload_valid(uint8_t op, uint8_t flags, bool more, std::string_view data) {
    if (!is_push_opcode(op) || (flags & ~kWsPushCompress) != 0) return false;
    if (is_data_opcode(op)) return !more || !data.empty();
    // Control frames are never fragmented nor compressed (RFC 6455 5.5, RFC 7692 6).
    if (more || flags != 0 || data.size() > kWsMaxControl) return false;
    if (op != uint8_t(WsOpcode::Close)) return true;
    return data.size() >= 2 && ws_close_code_sendable(load_u16(reinterpret_cast<const uint8_t*>(data.data())));
}

size_t put_close(uint16_t code, std::string_view reason, uint8_t* out, size_t cap) {
    if (reason.size() > kWsMaxCloseReason || cap < 2 + reason.size()) return 0;
    store_u16(out, code);
    if (!reason.empty()) std::memcpy(out + 2, reason.data(), reason.size());
    return 2 + reason.size();
}

}  // namespace

bool ws_close_code_sendable(uint16_t code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

bool ws_close_code_reportable(uint16_t code) { return code >= 1000 && code <= 4999 && code != 1004; }

void encode_stream_detach(uint8_t kind, uint8_t* out) { out[0] = kind; }

DecodeError decode_stream_detach(const FrameHeader& h, const uint8_t* payload, uint8_t& kind) {
    if (h.flags != 0 || is_registry_id(h.session_id)) return DecodeError::BadHeader;
    if (h.length != kStreamDetachSize) return DecodeError::BadPayload;
    if (payload[0] != 2 && payload[0] != 3) return DecodeError::BadPayload;
    kind = payload[0];
    return DecodeError::None;
}

void encode_stream_detached(uint64_t registry_id, uint8_t* out) { store_u64(out, registry_id); }

DecodeError decode_stream_detached(const FrameHeader& h, const uint8_t* payload, uint64_t& registry_id) {
    if (h.flags != 0) return DecodeError::BadHeader;
    if (h.length != kStreamDetachedSize) return DecodeError::BadPayload;
    uint64_t id = load_u64(payload);
    if (id != 0 && !is_registry_id(id)) return DecodeError::BadPayload;
    registry_id = id;
    return DecodeError::None;
}

void encode_ws_open(uint64_t registry_id, uint8_t* out) { store_u64(out, registry_id); }

// WS_OPEN travels on the upgraded request's own (session_id, stream_id), which stay as they are.
DecodeError decode_ws_open(const FrameHeader& h, const uint8_t* payload, uint64_t& registry_id) {
    if (h.flags != 0) return DecodeError::BadHeader;
    if (h.length != kWsOpenSize) return DecodeError::BadPayload;
    uint64_t id = load_u64(payload);
    if (!is_registry_id(id)) return DecodeError::BadPayload;
    registry_id = id;
    return DecodeError::None;
}

size_t encode_ws_message(WsOpcode op, std::string_view chunk, uint8_t* out, size_t cap) {
    size_t n = kWsMessagePrefix + chunk.size();
    if (!is_data_opcode(uint8_t(op)) || chunk.size() > kWsMessageChunk || n > cap) return 0;
    out[0] = uint8_t(op);
    if (!chunk.empty()) std::memcpy(out + 1, chunk.data(), chunk.size());
    return n;
}

DecodeError decode_ws_message(const FrameHeader& h, const uint8_t* payload, WsMessageView& out) {
    if ((h.flags & ~kFlagMore) != 0 || !addressed_by_registry_id(h)) return DecodeError::BadHeader;
    if (h.length < kWsMessagePrefix || !is_data_opcode(payload[0])) return DecodeError::BadPayload;
    bool more = (h.flags & kFlagMore) != 0;
    // An empty frame that promises more would let a sender stall a receiver without progress.
    if (more && h.length == kWsMessagePrefix) return DecodeError::BadPayload;
    out.opcode = WsOpcode(payload[0]);
    out.more = more;
    out.data = view(payload + 1, h.length - 1);
    return DecodeError::None;
}

size_t encode_ws_push(WsOpcode op, uint8_t flags, std::string_view chunk, uint8_t* out, size_t cap) {
    size_t n = kWsPushPrefix + chunk.size();
    // The encoder writes one frame and does not know whether it is the last: a frame valid as
    // the last one is accepted, and the sender sets kFlagMore only on non-empty data frames.
    if (!push_payload_valid(uint8_t(op), flags, false, chunk) || chunk.size() > kWsPushChunk || n > cap) return 0;
    out[0] = uint8_t(op);
    out[1] = flags;
    if (!chunk.empty()) std::memcpy(out + 2, chunk.data(), chunk.size());
    return n;
}

size_t encode_ws_push_close(uint16_t code, std::string_view reason, uint8_t* out, size_t cap) {
    if (!ws_close_code_sendable(code) || cap < kWsPushPrefix) return 0;
    size_t n = put_close(code, reason, out + kWsPushPrefix, cap - kWsPushPrefix);
    if (n == 0) return 0;
    out[0] = uint8_t(WsOpcode::Close);
    out[1] = 0;
    return kWsPushPrefix + n;
}

DecodeError decode_ws_push(const FrameHeader& h, const uint8_t* payload, WsPushView& out) {
    if ((h.flags & ~kFlagMore) != 0 || !addressed_by_registry_id(h)) return DecodeError::BadHeader;
    if (h.length < kWsPushPrefix) return DecodeError::BadPayload;
    bool more = (h.flags & kFlagMore) != 0;
    std::string_view data = view(payload + kWsPushPrefix, h.length - kWsPushPrefix);
    if (!push_payload_valid(payload[0], payload[1], more, data)) return DecodeError::BadPayload;
    out.opcode = WsOpcode(payload[0]);
    out.flags = payload[1];
    out.more = more;
    out.data = data;
    out.close_code = 0;
    out.reason = std::string_view();
    if (out.opcode == WsOpcode::Close) {
        out.close_code = load_u16(payload + kWsPushPrefix);
        out.reason = data.substr(2);
    }
    return DecodeError::None;
}

DecodeError decode_ws_writable(const FrameHeader& h) {
    if (h.flags != 0 || !addressed_by_registry_id(h)) return DecodeError::BadHeader;
    return h.length == 0 ? DecodeError::None : DecodeError::BadPayload;
}

size_t encode_ws_closed(uint16_t code, std::string_view reason, uint8_t* out, size_t cap) {
    if (!ws_close_code_reportable(code)) return 0;
    return put_close(code, reason, out, cap);
}

DecodeError decode_ws_closed(const FrameHeader& h, const uint8_t* payload, WsClosedView& out) {
    if (h.flags != 0 || !addressed_by_registry_id(h)) return DecodeError::BadHeader;
    if (h.length < 2 || h.length > kWsMaxControl) return DecodeError::BadPayload;
    uint16_t code = load_u16(payload);
    if (!ws_close_code_reportable(code)) return DecodeError::BadPayload;
    out.code = code;
    out.reason = view(payload + 2, h.length - 2);
    return DecodeError::None;
}

DecodeError decode_upgrade_accept(const FrameHeader& h, const uint8_t* payload, ResponseHeadView& out) {
    // Exactly the flag: kFlagEndStream would end the stream the accept keeps open.
    if (h.flags != kFlagUpgradeAccepted) return DecodeError::BadHeader;
    ResponseHeadView v;
    DecodeError e = decode_response_head(payload, h.length, v);
    if (e != DecodeError::None) return e;
    if (v.status != 101 || !v.body.empty()) return DecodeError::BadPayload;
    out = v;
    return DecodeError::None;
}

void encode_stream_credit(uint32_t bytes, uint8_t* out) { encode_credit(bytes, out); }

DecodeError decode_stream_credit(const FrameHeader& h, const uint8_t* payload, uint32_t& bytes) {
    if (h.type != FrameType::StreamCredit || h.flags != 0) return DecodeError::BadHeader;
    if (is_registry_id(h.session_id) && h.stream_id != 0) return DecodeError::BadHeader;
    if (!decode_credit(payload, h.length, bytes)) return DecodeError::BadPayload;
    return DecodeError::None;
}

}  // namespace trident::ipc

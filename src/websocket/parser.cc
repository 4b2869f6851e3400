#include "trident/websocket/parser.h"

#include <algorithm>

#include "trident/websocket/deflate_codec.h"

namespace trident::websocket {

uint16_t close_code_for(ParseError e) {
    switch (e) {
        case ParseError::None: return close_code::kNormal;
        case ParseError::FrameTooBig:
        case ParseError::MessageTooBig: return close_code::kMessageTooBig;
        case ParseError::InvalidUtf8:
        case ParseError::InvalidCloseReason:
        case ParseError::BadCompressedData: return close_code::kInvalidPayload;
        case ParseError::OutOfMemory: return close_code::kInternalError;
        default: return close_code::kProtocolError;
    }
}

const char* describe(ParseError e) {
    switch (e) {
        case ParseError::None: return "";
        case ParseError::UnmaskedFrame: return "client frame not masked";
        case ParseError::MaskedFrame: return "server frame masked";
        case ParseError::ReservedBits: return "reserved bits set";
        case ParseError::UnknownOpcode: return "unknown opcode";
        case ParseError::FragmentedControl: return "fragmented control frame";
        case ParseError::ControlTooLong: return "control frame too long";
        case ParseError::NonMinimalLength: return "payload length not minimally encoded";
        case ParseError::LengthTooLarge: return "payload length too large";
        case ParseError::UnexpectedContinuation: return "continuation without a message";
        case ParseError::ExpectedContinuation: return "data frame inside a fragmented message";
        case ParseError::FrameTooBig: return "frame too big";
        case ParseError::MessageTooBig: return "message too big";
        case ParseError::InvalidUtf8: return "invalid UTF-8 in text message";
        case ParseError::BadCloseLength: return "close frame with 1-byte payload";
        case ParseError::BadCloseCode: return "invalid close code";
        case ParseError::InvalidCloseReason: return "invalid UTF-8 in close reason";
        case ParseError::BadCompressedData: return "invalid compressed data";
        case ParseError::OutOfMemory: return "out of memory";
    }
    return "protocol error";
}

namespace {

bool known_opcode(uint8_t op) {
    return op <= 0x2 || (op >= 0x8 && op <= 0xA);
}

ParseError from_inflate(InflateStatus st) {
    switch (st) {
        case InflateStatus::Ok: return ParseError::None;
        case InflateStatus::TooBig: return ParseError::MessageTooBig;
        case InflateStatus::Corrupt: return ParseError::BadCompressedData;
        case InflateStatus::NoMemory: return ParseError::OutOfMemory;
    }
    return ParseError::BadCompressedData;
}

// Unmasked compressed payload goes to zlib through this much stack, so the compressed bytes
// are never gathered in a heap buffer of their own.
constexpr size_t kUnmaskChunk = 4096;

}  // namespace

Parser::Parser(Role role, const Limits& limits)
    : role_(role), limits_(limits), buffer_(size_t(limits.max_message_size)) {}

Event Parser::fail(ParseError e) {
    state_ = State::Failed;
    failed_ = Event{};
    failed_.kind = EventKind::Error;
    failed_.error = e;
    failed_.close_code = close_code_for(e);
    failed_.data = describe(e);
    return failed_;
}

// Everything the first two bytes decide: RFC 6455 §5.2 (RSV, opcode, mask), §5.4
// (fragmentation order), §5.5 (control frame rules). Checking here fails a bad frame before
// its length or payload is even read.
ParseError Parser::on_first_two_bytes() {
    const uint8_t b0 = head_[0], b1 = head_[1];
    fin_ = (b0 & 0x80) != 0;
    const bool rsv1 = (b0 & 0x40) != 0;
    const uint8_t raw_op = b0 & 0x0F;
    masked_ = (b1 & 0x80) != 0;
    const uint8_t len7 = b1 & 0x7F;

    // RSV2/RSV3 belong to extensions we never negotiate.
    if (b0 & 0x30) return ParseError::ReservedBits;
    if (!known_opcode(raw_op)) return ParseError::UnknownOpcode;
    opcode_ = Opcode(raw_op);

    if (is_control(opcode_)) {
        if (!fin_) return ParseError::FragmentedControl;
        if (len7 > kMaxControlPayload) return ParseError::ControlTooLong;
        // RFC 7692 §6.1: RSV1 marks a compressed *message*; control frames are never compressed.
        if (rsv1) return ParseError::ReservedBits;
    } else if (opcode_ == Opcode::Continuation) {
        if (message_ == MessageState::None) return ParseError::UnexpectedContinuation;
        // RSV1 is set on the first frame of a compressed message only (RFC 7692 §6.1).
        if (rsv1) return ParseError::ReservedBits;
    } else {
        if (message_ != MessageState::None) return ParseError::ExpectedContinuation;
        if (rsv1 && inflater_ == nullptr) return ParseError::ReservedBits;
    }

    if (role_ == Role::Server && !masked_) return ParseError::UnmaskedFrame;
    if (role_ == Role::Client && masked_) return ParseError::MaskedFrame;

    if (opcode_ == Opcode::Text || opcode_ == Opcode::Binary) {
        message_ = opcode_ == Opcode::Text ? MessageState::Text : MessageState::Binary;
        message_compressed_ = rsv1;
        message_wire_size_ = 0;
        utf8_.reset();
    }
    ext_size_ = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    payload_len_ = len7;
    payload_read_ = 0;
    return ParseError::None;
}

ParseError Parser::on_length_known() {
    if (ext_size_ == 2) {
        payload_len_ = uint64_t(ext_[0]) << 8 | ext_[1];
        if (payload_len_ < 126) return ParseError::NonMinimalLength;
    } else if (ext_size_ == 8) {
        if (ext_[0] & 0x80) return ParseError::LengthTooLarge;
        payload_len_ = 0;
        for (int i = 0; i < 8; ++i) payload_len_ = payload_len_ << 8 | ext_[i];
        if (payload_len_ < 65536) return ParseError::NonMinimalLength;
    }
    if (is_control(opcode_)) return ParseError::None;
    if (payload_len_ > limits_.max_frame_size) return ParseError::FrameTooBig;
    // An uncompressed message's size is known frame by frame from the headers; a compressed
    // one is bounded by the message buffer while it inflates.
    if (!message_compressed_ && payload_len_ > limits_.max_message_size - message_wire_size_)
        return ParseError::MessageTooBig;
    return ParseError::None;
}

ParseError Parser::consume_payload(const char* p, size_t n) {
    if (is_control(opcode_)) {
        char* dst = control_ + payload_read_;
        if (masked_) copy_masked(dst, p, n, key_, payload_read_);
        else std::copy(p, p + n, dst);
        return ParseError::None;
    }
    message_wire_size_ += n;
    if (message_compressed_) return consume_compressed(p, n);
    // on_length_known() made sure the frame fits the buffer's limit.
    buffer_.prepare(n);
    char* dst = buffer_.tail();
    if (masked_) copy_masked(dst, p, n, key_, payload_read_);
    else std::copy(p, p + n, dst);
    buffer_.commit(n);
    // Validated as it arrives: RFC 6455 §8.1 wants invalid text failed as early as possible.
    if (message_ == MessageState::Text && !utf8_.feed(dst, n)) return ParseError::InvalidUtf8;
    return ParseError::None;
}

ParseError Parser::consume_compressed(const char* p, size_t n) {
    if (!masked_) return inflate_piece(p, n);
    char chunk[kUnmaskChunk];
    for (size_t off = 0; off < n;) {
        const size_t k = std::min(kUnmaskChunk, n - off);
        copy_masked(chunk, p + off, k, key_, payload_read_ + off);
        if (ParseError e = inflate_piece(chunk, k); e != ParseError::None) return e;
        off += k;
    }
    return ParseError::None;
}

ParseError Parser::inflate_piece(const char* p, size_t n) {
    const size_t before = buffer_.size();
    const ParseError inflate_error = from_inflate(inflater_->feed(p, n, buffer_));
    // The output zlib produced before it stopped is checked first: it is the same however the
    // input was split, so the error reported does not depend on how the bytes arrived.
    if (message_ == MessageState::Text && !utf8_.feed(buffer_.data() + before, buffer_.size() - before))
        return ParseError::InvalidUtf8;
    return inflate_error;
}

bool Parser::finish_frame(Event& ev) {
    state_ = State::Header;
    have_ = 0;
    if (is_control(opcode_)) return finish_control(ev);
    if (!fin_) return false;
    return finish_message(ev);
}

bool Parser::finish_message(Event& ev) {
    if (message_compressed_) {
        const size_t before = buffer_.size();
        ParseError e = from_inflate(inflater_->finish(buffer_));
        if (message_ == MessageState::Text && !utf8_.feed(buffer_.data() + before, buffer_.size() - before))
            e = ParseError::InvalidUtf8;
        if (e != ParseError::None) {
            ev = fail(e);
            return true;
        }
    }
    // A text message that stops inside a code point is invalid even if every byte was fine.
    if (message_ == MessageState::Text && !utf8_.complete()) {
        ev = fail(ParseError::InvalidUtf8);
        return true;
    }
    ev = Event{};
    ev.kind = EventKind::Message;
    ev.opcode = message_ == MessageState::Text ? Opcode::Text : Opcode::Binary;
    ev.data = buffer_.view();
    message_ = MessageState::None;
    message_compressed_ = false;
    message_wire_size_ = 0;
    clear_on_next_feed_ = true;  // the caller reads ev.data until then
    return true;
}

bool Parser::finish_control(Event& ev) {
    const std::string_view payload(control_, size_t(payload_len_));
    ev = Event{};
    switch (opcode_) {
        case Opcode::Ping: ev.kind = EventKind::Ping; ev.data = payload; return true;
        case Opcode::Pong: ev.kind = EventKind::Pong; ev.data = payload; return true;
        default: break;
    }
    // RFC 6455 §5.5.1: empty, or a 2-byte code followed by a UTF-8 reason.
    if (payload.size() == 1) {
        ev = fail(ParseError::BadCloseLength);
        return true;
    }
    uint16_t code = close_code::kNoStatusReceived;
    std::string_view reason;
    if (payload.size() >= 2) {
        code = uint16_t(uint8_t(payload[0]) << 8 | uint8_t(payload[1]));
        reason = payload.substr(2);
        if (!is_wire_close_code(code)) {
            ev = fail(ParseError::BadCloseCode);
            return true;
        }
        if (!is_valid_utf8(reason)) {
            ev = fail(ParseError::InvalidCloseReason);
            return true;
        }
    }
    state_ = State::Closed;
    ev.kind = EventKind::Close;
    ev.close_code = code;
    ev.data = reason;
    return true;
}

Event Parser::feed(std::string_view& in) {
    if (clear_on_next_feed_) {
        buffer_.clear();
        clear_on_next_feed_ = false;
    }
    Event ev = step(in);
    // Bytes after a violation mean nothing any more: the connection is failed (§7.1.7).
    if (ev.kind == EventKind::Error) in.remove_prefix(in.size());
    return ev;
}

Event Parser::step(std::string_view& in) {
    for (;;) {
        switch (state_) {
            case State::Failed:
                in.remove_prefix(in.size());
                return failed_;
            case State::Closed:
                // RFC 6455 §5.5.1: nothing after a close frame is processed.
                in.remove_prefix(in.size());
                return need_more();
            case State::Header: {
                while (have_ < 2 && !in.empty()) {
                    head_[have_++] = uint8_t(in.front());
                    in.remove_prefix(1);
                }
                if (have_ < 2) return need_more();
                have_ = 0;
                if (ParseError e = on_first_two_bytes(); e != ParseError::None) return fail(e);
                if (ext_size_ != 0) {
                    state_ = State::ExtendedLength;
                    break;
                }
                if (ParseError e = on_length_known(); e != ParseError::None) return fail(e);
                state_ = masked_ ? State::MaskKey : State::Payload;
                break;
            }
            case State::ExtendedLength: {
                while (have_ < ext_size_ && !in.empty()) {
                    ext_[have_++] = uint8_t(in.front());
                    in.remove_prefix(1);
                }
                if (have_ < ext_size_) return need_more();
                have_ = 0;
                if (ParseError e = on_length_known(); e != ParseError::None) return fail(e);
                state_ = masked_ ? State::MaskKey : State::Payload;
                break;
            }
            case State::MaskKey: {
                while (have_ < key_.size() && !in.empty()) {
                    key_[have_++] = uint8_t(in.front());
                    in.remove_prefix(1);
                }
                if (have_ < key_.size()) return need_more();
                have_ = 0;
                state_ = State::Payload;
                break;
            }
            case State::Payload: {
                if (payload_read_ == payload_len_) {
                    Event ev;
                    if (finish_frame(ev)) return ev;
                    break;
                }
                if (in.empty()) return need_more();
                const size_t n = size_t(std::min<uint64_t>(in.size(), payload_len_ - payload_read_));
                const ParseError e = consume_payload(in.data(), n);
                in.remove_prefix(n);
                payload_read_ += n;
                if (e != ParseError::None) return fail(e);
                break;
            }
        }
    }
}

}  // namespace trident::websocket

// Incremental, I/O-free WebSocket frame parser (RFC 6455 §5), one per connection direction.
//
// The caller hands it whatever bytes arrived, split anywhere (one byte at a time works), and
// gets back complete messages and control frames. Data frame payloads are unmasked straight
// from the input into the message buffer (or, with permessage-deflate, unmasked through a small
// stack buffer into the inflater, whose output lands in the message buffer): the payload is
// never copied twice. Control frames are collected in a fixed 125-byte buffer, so a ping or
// close interleaved inside a fragmented message leaves the message being assembled alone.
//
// Every protocol violation ends the parser with an Error event naming the close code to send
// (1002 protocol error, 1007 invalid payload data, 1009 too big, 1011 out of memory) and a
// short reason; RFC 6455 §7.1.7 then wants the connection failed, not resynchronised.
//
//   Parser p(Role::Server, limits);
//   std::string_view in = bytes_read;
//   for (;;) {
//       Event ev = p.feed(in);
//       if (ev.kind == EventKind::NeedMore) break;   // `in` is used up: wait for more bytes
//       ...handle ev (its views stay valid until the next feed())...
//       if (ev.kind == EventKind::Error || ev.kind == EventKind::Close) break;
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trident/websocket/mask.h"
#include "trident/websocket/message_buffer.h"
#include "trident/websocket/protocol.h"
#include "trident/websocket/utf8.h"

namespace trident::websocket {

class Decompressor;

// Which end we are. A server reads client frames, which MUST be masked (RFC 6455 §5.1: the
// mask keeps a malicious page from steering the bytes a proxy sees); a client reads server
// frames, which MUST NOT be.
enum class Role : uint8_t { Server, Client };

struct Limits {
    // Largest payload of one frame (control frames are capped at 125 anyway). Checked on the
    // announced length, before any payload is read.
    uint64_t max_frame_size = 16 * 1024 * 1024;
    // Largest message: the sum of a message's frame payloads, or, for a compressed message, its
    // inflated size. Also the hard capacity of the message buffer.
    uint64_t max_message_size = 16 * 1024 * 1024;
};

enum class ParseError : uint8_t {
    None,
    UnmaskedFrame,          // 1002: a client frame without the mask bit (server role)
    MaskedFrame,            // 1002: a server frame with the mask bit (client role)
    ReservedBits,           // 1002: RSV2/RSV3, or RSV1 without permessage-deflate / where not allowed
    UnknownOpcode,          // 1002: 0x3-0x7, 0xB-0xF
    FragmentedControl,      // 1002: a control frame without FIN
    ControlTooLong,         // 1002: a control frame payload above 125 bytes
    NonMinimalLength,       // 1002: a 16-bit length < 126 or a 64-bit length < 65536 (§5.2)
    LengthTooLarge,         // 1002: the most significant bit of a 64-bit length set
    UnexpectedContinuation, // 1002: a continuation frame with no message in progress
    ExpectedContinuation,   // 1002: a new text/binary frame inside a fragmented message
    FrameTooBig,            // 1009: payload above Limits::max_frame_size
    MessageTooBig,          // 1009: message above Limits::max_message_size
    InvalidUtf8,            // 1007: a text message that is not UTF-8 (also one ending mid code point)
    BadCloseLength,         // 1002: a close frame with a 1-byte payload
    BadCloseCode,           // 1002: a close code not allowed on the wire
    InvalidCloseReason,     // 1007: a close reason that is not UTF-8
    BadCompressedData,      // 1007: a compressed message that does not inflate
    OutOfMemory,            // 1011: zlib could not allocate
};

// The close code to send for an error, and a short static English text for logs and the close
// frame's reason.
uint16_t close_code_for(ParseError e);
const char* describe(ParseError e);

enum class EventKind : uint8_t {
    NeedMore,  // all input consumed without completing anything
    Message,   // a complete text or binary message
    Ping,
    Pong,
    Close,     // a valid close frame; the parser then ignores everything after it
    Error,     // a protocol violation; the parser stays failed
};

struct Event {
    EventKind kind = EventKind::NeedMore;
    Opcode opcode = Opcode::Continuation;  // Message: Text or Binary
    // Close: the code received, or 1005 (kNoStatusReceived) for an empty close frame.
    // Error: the code to close with (close_code_for(error)).
    uint16_t close_code = 0;
    ParseError error = ParseError::None;
    // Message / Ping / Pong: the payload (a text message is valid UTF-8); Close: the reason;
    // Error: describe(error). Valid until the next call to feed().
    std::string_view data;
};

class Parser {
public:
    // Where the parser is inside the byte stream.
    enum class State : uint8_t {
        Header,          // the first two bytes of a frame
        ExtendedLength,  // the 2- or 8-byte payload length
        MaskKey,         // the 4-byte masking key
        Payload,         // payload bytes (also entered for an empty payload)
        Closed,          // a close frame was received: later bytes are discarded
        Failed,          // a protocol violation was reported
    };
    // Whether a fragmented data message is being assembled.
    enum class MessageState : uint8_t { None, Text, Binary };

    Parser(Role role, const Limits& limits = Limits{});

    // Turns RSV1 on the first frame of a message into "compressed with permessage-deflate",
    // inflated through `d` (owned by the caller, who negotiated it). Without it RSV1 is a 1002.
    void set_decompressor(Decompressor* d) { inflater_ = d; }

    // Consumes bytes from the front of `in` until one event is complete (then returns it, with
    // the rest of `in` untouched) or `in` is empty (NeedMore). An Error consumes all of `in`;
    // after it feed() keeps returning the same Error, and after a Close it discards all input
    // and returns NeedMore.
    Event feed(std::string_view& in);

    State state() const { return state_; }
    MessageState message_state() const { return message_; }
    const Limits& limits() const { return limits_; }
    // Bytes the message buffer holds allocated (never above max_message_size): for stats and
    // for tests that check a bomb stays bounded.
    size_t buffer_capacity() const { return buffer_.capacity(); }

private:
    Event step(std::string_view& in);
    Event need_more() { return Event{}; }
    Event fail(ParseError e);
    ParseError on_first_two_bytes();
    ParseError on_length_known();
    ParseError consume_payload(const char* p, size_t n);
    ParseError consume_compressed(const char* p, size_t n);
    ParseError inflate_piece(const char* p, size_t n);
    bool finish_frame(Event& ev);
    bool finish_message(Event& ev);
    bool finish_control(Event& ev);

    Role role_;
    Limits limits_;
    Decompressor* inflater_ = nullptr;

    State state_ = State::Header;
    MessageState message_ = MessageState::None;
    bool message_compressed_ = false;

    // The frame being read.
    uint8_t head_[2] = {0, 0};
    uint8_t ext_[8] = {};
    size_t have_ = 0;     // bytes of ext_ / key_ collected so far
    size_t ext_size_ = 0; // 0, 2 or 8
    bool fin_ = false;
    Opcode opcode_ = Opcode::Continuation;
    bool masked_ = false;
    MaskKey key_{};
    uint64_t payload_len_ = 0;
    uint64_t payload_read_ = 0;

    // The data message being assembled (wire size counts uncompressed payload bytes).
    MessageBuffer buffer_;
    uint64_t message_wire_size_ = 0;
    Utf8Validator utf8_;
    bool clear_on_next_feed_ = false;

    char control_[kMaxControlPayload];
    Event failed_;
};

}  // namespace trident::websocket

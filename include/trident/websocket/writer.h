// WebSocket frame serialisation (RFC 6455 §5.2), I/O-free.
//
// A server sends unmasked frames, so encode_frame_header() + the caller's own payload bytes is
// all a server needs (header and payload can go out as two iovecs without copying the
// payload). The append_* helpers build whole frames into a std::string, reserving the exact
// wire size once so a fragmented message costs one allocation at most. The client role (test
// clients) masks with a caller-supplied key; a real client must pick a fresh random key per
// frame (§5.3), the tests use fixed ones so their bytes can be compared exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "trident/websocket/mask.h"
#include "trident/websocket/protocol.h"

namespace trident::websocket {

struct FrameOptions {
    bool fin = true;
    bool rsv1 = false;              // permessage-deflate: first frame of a compressed message
    const MaskKey* mask = nullptr;  // client role: mask with this key; null: unmasked (server)
};

// Header bytes for a payload of `len` bytes: 2, 4 or 10, plus 4 when masked. The length is
// always minimally encoded (a receiver must reject anything else).
constexpr size_t frame_header_size(uint64_t len, bool masked) {
    return (len < 126 ? 2 : len <= 0xFFFF ? 4 : 10) + (masked ? 4 : 0);
}

// Writes the header into out[0..kMaxFrameHeaderSize) and returns its length.
size_t encode_frame_header(uint8_t* out, Opcode op, uint64_t len, const FrameOptions& opt = {});

// Appends one frame (header + payload, masked if opt.mask).
void append_frame(std::string& out, Opcode op, std::string_view payload, const FrameOptions& opt = {});

// Wire size of a message split into frames of at most `fragment_size` payload bytes
// (0: a single frame). An empty message is one empty frame.
size_t message_wire_size(size_t payload_len, size_t fragment_size, bool masked);

// Appends a whole data message (Text or Binary) as frames of at most `fragment_size` bytes
// (0: one frame): the first carries the opcode (and RSV1 when `compressed`), the others are
// continuations, the last has FIN. One reserve() for the lot.
void append_message(std::string& out, Opcode op, std::string_view payload, size_t fragment_size = 0,
                    bool compressed = false, const MaskKey* mask = nullptr);

// Appends a Ping/Pong/Close frame. False (nothing appended) if `op` is not a control opcode or
// the payload is over 125 bytes: control frames cannot be fragmented (§5.5).
bool append_control(std::string& out, Opcode op, std::string_view payload, const MaskKey* mask = nullptr);

// Appends a close frame. kNoStatusReceived (1005) means "no code": an empty close frame.
// Any other code must be one allowed on the wire (is_wire_close_code), else false and nothing
// is appended. The reason is cut to the 123 bytes that fit beside the code, at a UTF-8 code
// point boundary so the peer does not fail us with 1007 for a code point we split.
bool append_close(std::string& out, uint16_t code, std::string_view reason = {}, const MaskKey* mask = nullptr);

// The longest prefix of s of at most max_bytes that does not end inside a UTF-8 sequence
// (s is assumed to be UTF-8; only trailing continuation bytes are looked at).
std::string_view truncate_utf8(std::string_view s, size_t max_bytes);

}  // namespace trident::websocket

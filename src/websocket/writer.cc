#include "trident/websocket/writer.h"

#include <algorithm>
#include <cstring>

namespace trident::websocket {

size_t encode_frame_header(uint8_t* out, Opcode op, uint64_t len, const FrameOptions& opt) {
    size_t n = 0;
    out[n++] = uint8_t((opt.fin ? 0x80 : 0) | (opt.rsv1 ? 0x40 : 0) | uint8_t(op));
    const uint8_t mask_bit = opt.mask ? 0x80 : 0;
    if (len < 126) {
        out[n++] = uint8_t(mask_bit | len);
    } else if (len <= 0xFFFF) {
        out[n++] = mask_bit | 126;
        out[n++] = uint8_t(len >> 8);
        out[n++] = uint8_t(len);
    } else {
        out[n++] = mask_bit | 127;
        for (int shift = 56; shift >= 0; shift -= 8) out[n++] = uint8_t(len >> shift);
    }
    if (opt.mask) {
        std::memcpy(out + n, opt.mask->data(), 4);
        n += 4;
    }
    return n;
}

namespace {

// Header + payload at the end of `out`, which the caller has reserved room in.
void put_frame(std::string& out, Opcode op, std::string_view payload, const FrameOptions& opt) {
    uint8_t head[kMaxFrameHeaderSize];
    const size_t hn = encode_frame_header(head, op, payload.size(), opt);
    out.append(reinterpret_cast<const char*>(head), hn);
    const size_t at = out.size();
    out.append(payload.data(), payload.size());
    if (opt.mask) apply_mask(&out[at], payload.size(), *opt.mask);
}

}  // namespace

void append_frame(std::string& out, Opcode op, std::string_view payload, const FrameOptions& opt) {
    out.reserve(out.size() + frame_header_size(payload.size(), opt.mask != nullptr) + payload.size());
    put_frame(out, op, payload, opt);
}

size_t message_wire_size(size_t payload_len, size_t fragment_size, bool masked) {
    if (fragment_size == 0 || payload_len <= fragment_size) return frame_header_size(payload_len, masked) + payload_len;
    const size_t full = payload_len / fragment_size;
    const size_t rest = payload_len % fragment_size;
    return full * frame_header_size(fragment_size, masked) + (rest ? frame_header_size(rest, masked) : 0) +
           payload_len;
}

void append_message(std::string& out, Opcode op, std::string_view payload, size_t fragment_size, bool compressed,
                    const MaskKey* mask) {
    out.reserve(out.size() + message_wire_size(payload.size(), fragment_size, mask != nullptr));
    const size_t step = fragment_size == 0 ? std::max<size_t>(payload.size(), 1) : fragment_size;
    size_t off = 0;
    bool first = true;
    do {
        const size_t n = std::min(step, payload.size() - off);
        FrameOptions opt;
        opt.fin = off + n == payload.size();
        opt.rsv1 = first && compressed;
        opt.mask = mask;
        put_frame(out, first ? op : Opcode::Continuation, payload.substr(off, n), opt);
        off += n;
        first = false;
    } while (off < payload.size());
}

bool append_control(std::string& out, Opcode op, std::string_view payload, const MaskKey* mask) {
    if (!is_control(op) || payload.size() > kMaxControlPayload) return false;
    FrameOptions opt;
    opt.mask = mask;
    append_frame(out, op, payload, opt);
    return true;
}

std::string_view truncate_utf8(std::string_view s, size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    size_t n = max_bytes;
    // s[n] is the first byte cut off; while it is a continuation byte, the code point it
    // belongs to started before the cut, so cut before that code point's lead byte instead.
    while (n > 0 && (uint8_t(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

bool append_close(std::string& out, uint16_t code, std::string_view reason, const MaskKey* mask) {
    if (code == close_code::kNoStatusReceived) return append_control(out, Opcode::Close, {}, mask);
    if (!is_wire_close_code(code)) return false;
    char payload[kMaxControlPayload];
    payload[0] = char(code >> 8);
    payload[1] = char(code & 0xFF);
    const std::string_view r = truncate_utf8(reason, kMaxControlPayload - 2);
    if (!r.empty()) std::memcpy(payload + 2, r.data(), r.size());
    return append_control(out, Opcode::Close, std::string_view(payload, 2 + r.size()), mask);
}

}  // namespace trident::websocket

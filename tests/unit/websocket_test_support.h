// Helpers shared by the WebSocket codec tests: hex byte strings, hand-built frames (also
// malformed ones the writer refuses to produce) and a parser driver that feeds input in
// chunks of a given size and records every event.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "trident/websocket/mask.h"
#include "trident/websocket/parser.h"

namespace wstest {

using namespace trident::websocket;

inline std::string bytes(std::initializer_list<int> b) {
    std::string s;
    for (int c : b) s.push_back(char(c));
    return s;
}

constexpr MaskKey kKey = {0x37, 0xfa, 0x21, 0x3d};  // the RFC 6455 §5.7 example key

// A frame with any first byte, any length encoding (`len_bytes` 0, 2 or 8 forces the
// extended length form even where it is not minimal) and an optional mask.
inline std::string raw_frame(uint8_t b0, std::string_view payload, bool masked, int len_bytes = -1,
                             uint64_t announced = UINT64_MAX) {
    const uint64_t len = announced == UINT64_MAX ? payload.size() : announced;
    if (len_bytes < 0) len_bytes = len < 126 ? 0 : len <= 0xFFFF ? 2 : 8;
    std::string out;
    out.push_back(char(b0));
    const uint8_t m = masked ? 0x80 : 0;
    if (len_bytes == 0) {
        out.push_back(char(m | len));
    } else if (len_bytes == 2) {
        out.push_back(char(m | 126));
        out.push_back(char(len >> 8));
        out.push_back(char(len));
    } else {
        out.push_back(char(m | 127));
        for (int s = 56; s >= 0; s -= 8) out.push_back(char(len >> s));
    }
    const size_t at = out.size() + (masked ? 4 : 0);
    if (masked) out.append(reinterpret_cast<const char*>(kKey.data()), 4);
    out.append(payload.data(), payload.size());
    if (masked) apply_mask(&out[at], payload.size(), kKey);
    return out;
}

// A client frame (masked) as a server receives it.
inline std::string client_frame(uint8_t b0, std::string_view payload) { return raw_frame(b0, payload, true); }

struct Rec {
    EventKind kind;
    Opcode opcode;
    uint16_t code;
    ParseError error;
    std::string data;
    bool operator==(const Rec& o) const {
        return kind == o.kind && opcode == o.opcode && code == o.code && error == o.error && data == o.data;
    }
};

// Feeds `input` `chunk` bytes at a time (0: all at once) until it is used up or an Error/Close.
inline std::vector<Rec> run(Parser& p, std::string_view input, size_t chunk = 0) {
    std::vector<Rec> out;
    size_t off = 0;
    do {
        const size_t n = chunk == 0 ? input.size() - off : std::min(chunk, input.size() - off);
        std::string_view in = input.substr(off, n);
        off += n;
        for (;;) {
            Event ev = p.feed(in);
            if (ev.kind == EventKind::NeedMore) {
                if (!in.empty()) out.push_back({EventKind::NeedMore, {}, 0, {}, "input left over"});
                break;
            }
            out.push_back({ev.kind, ev.opcode, ev.close_code, ev.error, std::string(ev.data)});
            if (ev.kind == EventKind::Error || ev.kind == EventKind::Close) return out;
        }
    } while (off < input.size());
    return out;
}

inline std::vector<Rec> run_server(std::string_view input, size_t chunk = 0, const Limits& limits = Limits{}) {
    Parser p(Role::Server, limits);
    return run(p, input, chunk);
}

// The single event an input produces, or a NeedMore record if there is none.
inline Rec only(const std::vector<Rec>& v) {
    if (v.size() != 1) return {EventKind::NeedMore, {}, 0, {}, "events: " + std::to_string(v.size())};
    return v[0];
}

inline Rec error_of(std::string_view input, Role role = Role::Server, const Limits& limits = Limits{}) {
    Parser p(role, limits);
    std::vector<Rec> v = run(p, input);
    if (v.empty() || v.back().kind != EventKind::Error) return {EventKind::NeedMore, {}, 0, {}, "no error"};
    return v.back();
}

}  // namespace wstest

// libFuzzer target for the WebSocket codec: the frame parser in both roles, with and without
// permessage-deflate, the standalone decompressor and the extension offer parser.
//
// Input layout: byte 0 picks the configuration
//   bit 0     role (0 server, 1 client)
//   bit 1     permessage-deflate on (RSV1 messages are inflated)
//   bit 2     no context takeover for the inflater
//   bits 3-5  inflater window bits 8 + n
//   bit 6     small limits (frame 300 bytes, message 1000), so 1009 paths are reachable
//   bit 7     also feed the stream in pieces whose sizes come from byte 1
// and the rest is the byte stream. Checked: the events are the same however the input is
// split; every event satisfies the RFC 6455 rules the parser promises (sizes, UTF-8, close
// codes); memory never exceeds the message limit.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "trident/websocket/deflate_codec.h"
#include "trident/websocket/parser.h"
#include "trident/websocket/permessage_deflate.h"
#include "trident/websocket/utf8.h"

using namespace trident::websocket;

namespace {

// Which property broke is printed, so a crash report names it.
void check_at(bool ok, const char* what, int line) {
    if (ok) return;
    fprintf(stderr, "fuzz_websocket.cc:%d: check failed: %s\n", line, what);
    abort();
}
#define check(cond) check_at((cond), #cond, __LINE__)

struct Rec {
    EventKind kind;
    Opcode opcode;
    uint16_t code;
    std::string data;
    bool operator==(const Rec& o) const {
        return kind == o.kind && opcode == o.opcode && code == o.code && data == o.data;
    }
};

void check_event(const Event& ev, const Parser& p, const Limits& limits) {
    check(p.buffer_capacity() <= limits.max_message_size);
    switch (ev.kind) {
        case EventKind::Message:
            check(ev.opcode == Opcode::Text || ev.opcode == Opcode::Binary);
            check(ev.data.size() <= limits.max_message_size);
            if (ev.opcode == Opcode::Text) check(is_valid_utf8(ev.data));
            break;
        case EventKind::Ping:
        case EventKind::Pong:
            check(ev.data.size() <= kMaxControlPayload);
            break;
        case EventKind::Close:
            check(ev.close_code == close_code::kNoStatusReceived ? ev.data.empty() : is_wire_close_code(ev.close_code));
            check(ev.data.size() <= kMaxControlPayload - 2 && is_valid_utf8(ev.data));
            check(p.state() == Parser::State::Closed);
            break;
        case EventKind::Error:
            check(ev.close_code == 1002 || ev.close_code == 1007 || ev.close_code == 1009 || ev.close_code == 1011);
            check(ev.error != ParseError::None && ev.close_code == close_code_for(ev.error));
            check(p.state() == Parser::State::Failed);
            break;
        case EventKind::NeedMore:
            break;
    }
}

// Feeds `stream` in pieces (sizes cycle through `sizes`, 0 in it means "the rest").
std::vector<Rec> run(uint8_t sel, std::string_view stream, std::string_view sizes) {
    const Role role = (sel & 1) ? Role::Client : Role::Server;
    Limits limits;
    if (sel & 0x40) {
        limits.max_frame_size = 300;
        limits.max_message_size = 1000;
    } else {
        limits.max_message_size = 1 << 20;
    }
    Parser p(role, limits);
    Decompressor d;
    if (sel & 2) {
        check(d.init(8 + ((sel >> 3) & 7), (sel & 4) != 0));
        p.set_decompressor(&d);
    }
    std::vector<Rec> out;
    size_t off = 0, k = 0;
    while (off < stream.size()) {
        size_t n = stream.size() - off;
        if (!sizes.empty()) {
            const size_t s = uint8_t(sizes[k++ % sizes.size()]);
            if (s) n = std::min(n, s);
        }
        std::string_view in = stream.substr(off, n);
        off += n;
        for (;;) {
            const size_t before = in.size();
            Event ev = p.feed(in);
            check(in.size() <= before);
            check_event(ev, p, limits);
            if (ev.kind == EventKind::NeedMore) {
                check(in.empty());
                break;
            }
            out.push_back({ev.kind, ev.opcode, ev.close_code, std::string(ev.data)});
            if (ev.kind == EventKind::Error || ev.kind == EventKind::Close) return out;
        }
    }
    return out;
}

void fuzz_decompressor(uint8_t sel, std::string_view data) {
    const size_t limit = (sel & 0x40) ? 1000 : 1 << 16;
    Decompressor d;
    check(d.init(8 + ((sel >> 3) & 7), (sel & 4) != 0));
    // The data as two messages split at its middle: state carried between them must not break
    // the bound either.
    const std::string_view halves[2] = {data.substr(0, data.size() / 2), data.substr(data.size() / 2)};
    for (std::string_view m : halves) {
        MessageBuffer out(limit);
        InflateStatus st = d.decompress(m, out);
        check(out.size() <= limit && out.capacity() <= limit);
        if (st != InflateStatus::Ok) {
            check(st == InflateStatus::TooBig || st == InflateStatus::Corrupt);
            break;
        }
    }
}

void fuzz_offer(std::string_view value) {
    DeflateParams p;
    if (!negotiate_deflate(value, DeflateConfig{}, p)) return;
    check(p.server_max_window_bits >= 8 && p.server_max_window_bits <= 15);
    check(p.client_max_window_bits >= 8 && p.client_max_window_bits <= 15);
    // Our response is itself a well-formed offer with the same parameters.
    DeflateParams again;
    check(negotiate_deflate(deflate_response(p), DeflateConfig{}, again));
    check(again.server_max_window_bits == p.server_max_window_bits);
    check(again.server_no_context_takeover == p.server_no_context_takeover);
    check(again.client_no_context_takeover == p.client_no_context_takeover);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t sel = data[0];
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

    const std::vector<Rec> whole = run(sel, rest, {});
    check(run(sel, rest, std::string_view("\x01", 1)) == whole);
    if ((sel & 0x80) && !rest.empty()) check(run(sel, rest, rest.substr(0, std::min<size_t>(rest.size(), 8))) == whole);

    fuzz_decompressor(sel, rest);
    fuzz_offer(rest.substr(0, 512));
    return 0;
}

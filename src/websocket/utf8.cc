#include "trident/websocket/utf8.h"

#include <cstring>

namespace trident::websocket {

namespace {

using State = Utf8Validator::State;

// The state after a lead byte seen at a code point boundary.
State after_lead(uint8_t b) {
    if (b < 0x80) return State::Boundary;
    if (b < 0xC2) return State::Invalid;  // stray continuation byte, or overlong C0/C1
    if (b < 0xE0) return State::Need1;
    if (b == 0xE0) return State::AfterE0;
    if (b == 0xED) return State::AfterED;
    if (b < 0xF0) return State::Need2;
    if (b == 0xF0) return State::AfterF0;
    if (b < 0xF4) return State::Need3;
    if (b == 0xF4) return State::AfterF4;
    return State::Invalid;  // F5..FF never occur in UTF-8
}

State step(State s, uint8_t b) {
    switch (s) {
        case State::Boundary: return after_lead(b);
        case State::Need1: return (b & 0xC0) == 0x80 ? State::Boundary : State::Invalid;
        case State::Need2: return (b & 0xC0) == 0x80 ? State::Need1 : State::Invalid;
        case State::Need3: return (b & 0xC0) == 0x80 ? State::Need2 : State::Invalid;
        case State::AfterE0: return b >= 0xA0 && b <= 0xBF ? State::Need1 : State::Invalid;
        case State::AfterED: return b >= 0x80 && b <= 0x9F ? State::Need1 : State::Invalid;
        case State::AfterF0: return b >= 0x90 && b <= 0xBF ? State::Need2 : State::Invalid;
        case State::AfterF4: return b >= 0x80 && b <= 0x8F ? State::Need2 : State::Invalid;
        case State::Invalid: return State::Invalid;
    }
    return State::Invalid;
}

}  // namespace

bool Utf8Validator::feed(const char* data, size_t len) {
    const auto* p = reinterpret_cast<const uint8_t*>(data);
    const uint8_t* end = p + len;
    State s = state_;
    while (p < end && s != State::Invalid) {
        // Most text is ASCII: at a boundary, skip 8 bytes at a time while none has the top bit.
        if (s == State::Boundary) {
            while (end - p >= 8) {
                uint64_t w;
                std::memcpy(&w, p, 8);
                if (w & 0x8080808080808080ull) break;
                p += 8;
            }
            if (p == end) break;
        }
        s = step(s, *p++);
    }
    state_ = s;
    return s != State::Invalid;
}

bool is_valid_utf8(std::string_view s) {
    Utf8Validator v;
    return v.feed(s) && v.complete();
}

}  // namespace trident::websocket

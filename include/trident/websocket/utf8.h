// Incremental UTF-8 validation (RFC 3629 §4), for WebSocket text messages and close reasons.
//
// RFC 6455 §8.1 requires failing the connection as soon as a text message is known to be
// invalid, and a message may be split across frames at any byte (also inside a code point),
// so the validator keeps its position inside a multi-byte sequence between feed() calls.
// Overlong forms, UTF-16 surrogates (U+D800..U+DFFF) and code points above U+10FFFF are
// invalid, so each lead byte that narrows the range of its first continuation byte has its
// own state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace trident::websocket {

class Utf8Validator {
public:
    enum class State : uint8_t {
        Boundary,   // between code points: the only state a complete text may end in
        Need1,      // one more continuation byte 80..BF
        Need2,      // two more continuation bytes
        Need3,      // three more continuation bytes
        AfterE0,    // E0: next byte A0..BF (else overlong), then Need1
        AfterED,    // ED: next byte 80..9F (else a surrogate), then Need1
        AfterF0,    // F0: next byte 90..BF (else overlong), then Need2
        AfterF4,    // F4: next byte 80..8F (else above U+10FFFF), then Need2
        Invalid,    // sticky until reset()
    };

    // False once the bytes seen so far can no longer be the prefix of valid UTF-8.
    bool feed(const char* data, size_t len);
    bool feed(std::string_view s) { return feed(s.data(), s.size()); }
    // True if everything fed so far is valid and does not end inside a code point.
    bool complete() const { return state_ == State::Boundary; }
    bool failed() const { return state_ == State::Invalid; }
    State state() const { return state_; }
    void reset() { state_ = State::Boundary; }

private:
    State state_ = State::Boundary;
};

// Whole-string check (close reasons, handshake values).
bool is_valid_utf8(std::string_view s);

}  // namespace trident::websocket

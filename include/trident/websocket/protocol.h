// RFC 6455 constants shared by the WebSocket parser, writer and handshake: opcodes, close codes
// and the rules about which close codes may appear on the wire.
//
// The codec is I/O-free and protocol-agnostic: the same frames travel over an HTTP/1.1 Upgrade
// (RFC 6455), an HTTP/2 extended CONNECT stream (RFC 8441) and an HTTP/3 one (RFC 9220).
#pragma once

#include <cstddef>
#include <cstdint>

namespace trident::websocket {

// RFC 6455 §5.2 opcodes. 0x3-0x7 and 0xB-0xF are reserved: receiving one fails the connection.
enum class Opcode : uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

constexpr bool is_control(Opcode op) { return (uint8_t(op) & 0x8) != 0; }

// RFC 6455 §5.5: control frames carry at most 125 payload bytes (so they always fit the 7-bit
// length and can be answered from a small fixed buffer).
constexpr size_t kMaxControlPayload = 125;

// Largest frame header: 2 bytes, 8 bytes of 64-bit length, 4 bytes of masking key.
constexpr size_t kMaxFrameHeaderSize = 14;

// RFC 6455 §7.4.1 and the IANA "WebSocket Close Code Number" registry.
namespace close_code {
constexpr uint16_t kNormal = 1000;
constexpr uint16_t kGoingAway = 1001;
constexpr uint16_t kProtocolError = 1002;
constexpr uint16_t kUnsupportedData = 1003;
// 1004 is reserved; 1005 and 1006 are only ever reported locally, never sent.
constexpr uint16_t kNoStatusReceived = 1005;
constexpr uint16_t kAbnormalClosure = 1006;
constexpr uint16_t kInvalidPayload = 1007;
constexpr uint16_t kPolicyViolation = 1008;
constexpr uint16_t kMessageTooBig = 1009;
constexpr uint16_t kMandatoryExtension = 1010;
constexpr uint16_t kInternalError = 1011;
constexpr uint16_t kServiceRestart = 1012;
constexpr uint16_t kTryAgainLater = 1013;
constexpr uint16_t kBadGateway = 1014;
// 1015 (TLS handshake failure) is local-only like 1005/1006.
}  // namespace close_code

// Whether `code` may be carried in a close frame: 1000-1003 and 1007-1014 (the defined and
// IANA-registered codes), and 3000-4999 (registered libraries/frameworks and private use).
// 1004/1005/1006/1015 are reserved or local-only, 1016-2999 are reserved for future RFCs and
// 0-999 are unused: a peer sending any of them gets 1002 (what Autobahn's case 7.9 expects).
constexpr bool is_wire_close_code(uint32_t code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

}  // namespace trident::websocket

// WebSocket opening handshake checks, I/O-free: the HTTP/1.1 Upgrade of RFC 6455 §4.2.1 and
// the extended CONNECT of RFC 8441 §4 (HTTP/2) and RFC 9220 (HTTP/3, same rules).
//
// The checks only look at the request; the caller answers: 101 + Upgrade/Connection/
// Sec-WebSocket-Accept for HTTP/1.1, 200 for extended CONNECT (no accept key: the stream
// itself proves the server took the request), or the error status given here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "trident/core/header_field.h"

namespace trident::websocket {

// RFC 6455 §4.2.2: the server answers 426 with this when the version is not one it speaks.
constexpr std::string_view kVersionHeaderName = "Sec-WebSocket-Version";
constexpr std::string_view kSupportedVersion = "13";

// Sec-WebSocket-Accept: base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")), always
// 28 characters. Computed with OpenSSL (EVP_Digest with SHA-1, EVP_EncodeBlock).
constexpr size_t kAcceptKeySize = 28;
// Writes the 28 characters to out (no NUL). False if the key is longer than 64 bytes (a valid
// key has 24) or OpenSSL fails.
bool compute_accept_key(std::string_view key, char out[kAcceptKeySize]);
std::string accept_key(std::string_view key);  // "" on failure

// A Sec-WebSocket-Key is the base64 encoding of 16 bytes (§4.1): 22 base64 characters + "==".
bool is_valid_client_key(std::string_view key);

// Whether a comma-separated field value (RFC 9110 §5.6.1) has an element equal to `token`,
// case-insensitively; empty elements and whitespace around elements are skipped.
bool has_list_token(std::string_view value, std::string_view token);

enum class HandshakeError : uint8_t {
    None,
    NotWebSocket,         // 400: Upgrade without the "websocket" token / :protocol not "websocket"
    BadMethod,            // 400: not GET (HTTP/1.1) / not CONNECT (extended CONNECT)
    OldHttpVersion,       // 400: HTTP/1.0 cannot upgrade (§4.1 wants HTTP/1.1 or later)
    NoConnectionUpgrade,  // 400: Connection lacks the "upgrade" token
    BadVersion,           // 426 + "Sec-WebSocket-Version: 13": missing, repeated or not 13
    MissingKey,           // 400: no Sec-WebSocket-Key
    InvalidKey,           // 400: not base64 of 16 bytes, or sent twice
    KeyNotAllowed,        // 400: Sec-WebSocket-Key on extended CONNECT (RFC 8441 §5 drops it)
    MissingScheme,        // 400: extended CONNECT without :scheme
    MissingPath,          // 400: extended CONNECT without :path
    MissingAuthority,     // 400: extended CONNECT without :authority
};

struct HandshakeResult {
    HandshakeError error = HandshakeError::None;
    // What to answer: 101 (HTTP/1.1) or 200 (extended CONNECT) on success, 400 or 426.
    int status = 400;
    // HTTP/1.1: the Sec-WebSocket-Key to derive the accept value from (points into the request).
    std::string_view key;
    bool ok() const { return error == HandshakeError::None; }
};

const char* describe(HandshakeError e);

struct UpgradeRequest {  // HTTP/1.x
    std::string_view method;
    int version_minor = 1;
    const HeaderField* headers = nullptr;
    size_t header_count = 0;
};

struct ConnectRequest {  // HTTP/2 and HTTP/3 pseudo-headers; an empty view means absent
    std::string_view method;
    std::string_view protocol;
    std::string_view scheme;
    std::string_view path;
    std::string_view authority;
    const HeaderField* headers = nullptr;
    size_t header_count = 0;
};

HandshakeResult check_upgrade_request(const UpgradeRequest& req);
HandshakeResult check_extended_connect(const ConnectRequest& req);

// Subprotocol selection. `offered` are the request's fields (every Sec-WebSocket-Protocol
// instance is read, in order); the first offered name that appears in supported[0..n) wins,
// in the client's order, which RFC 6455 §4.1 says is its order of preference. Names are
// compared exactly: the RFC defines no case folding for them. Returns "" when nothing matches
// (the response then has no Sec-WebSocket-Protocol) or when the offer is malformed (an element
// that is not a token), with *malformed set if given.
std::string_view select_subprotocol(const HeaderField* headers, size_t count, const std::string_view* supported,
                                    size_t n, bool* malformed = nullptr);

}  // namespace trident::websocket

// The table between the IPC channel's ResetCode and each protocol's stream error codes: the
// reactor resets a client's stream with to_http2()/to_http3() of why it gave up on it, and a
// client's own reset (whatever code it carries) reaches the worker as ResetCode::Cancel.
// The numbers are the RFCs' (RFC 9113 section 7, RFC 9114 section 8.1), so this header needs
// neither nghttp2 nor nghttp3; tests/unit/test_reset_codes.cc checks them against both.
#pragma once

#include <cstdint>

#include "trident/ipc/frame.h"

namespace trident::http {

namespace h2 {
constexpr uint32_t kNoError = 0x0;
constexpr uint32_t kProtocolError = 0x1;
constexpr uint32_t kInternalError = 0x2;
constexpr uint32_t kRefusedStream = 0x7;
constexpr uint32_t kCancel = 0x8;
}  // namespace h2

namespace h3 {
constexpr uint64_t kNoError = 0x100;
constexpr uint64_t kInternalError = 0x102;
constexpr uint64_t kRequestRejected = 0x10b;
constexpr uint64_t kRequestCancelled = 0x10c;
constexpr uint64_t kMessageError = 0x10e;
}  // namespace h3

// RST_STREAM error code for a stream the server abandons because of `c`.
constexpr uint32_t to_http2(ipc::ResetCode c) {
    switch (c) {
        case ipc::ResetCode::Refused: return h2::kRefusedStream;
        case ipc::ResetCode::BadBody: return h2::kProtocolError;
        case ipc::ResetCode::Internal: return h2::kInternalError;
        case ipc::ResetCode::NoError: return h2::kNoError;
        case ipc::ResetCode::Cancel:
        case ipc::ResetCode::BodyTooLarge:
        case ipc::ResetCode::BodyTimeout: return h2::kCancel;
    }
    return h2::kInternalError;
}

// RESET_STREAM / STOP_SENDING application error code for the same.
constexpr uint64_t to_http3(ipc::ResetCode c) {
    switch (c) {
        case ipc::ResetCode::Refused: return h3::kRequestRejected;
        case ipc::ResetCode::BadBody: return h3::kMessageError;
        case ipc::ResetCode::Internal: return h3::kInternalError;
        case ipc::ResetCode::NoError: return h3::kNoError;
        case ipc::ResetCode::Cancel:
        case ipc::ResetCode::BodyTooLarge:
        case ipc::ResetCode::BodyTimeout: return h3::kRequestCancelled;
    }
    return h3::kInternalError;
}

}  // namespace trident::http

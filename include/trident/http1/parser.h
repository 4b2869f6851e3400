// HTTP/1.1 request-head parser (RFC 9112, with the field semantics of RFC 9110 that decide
// message framing and connection handling).
//
// Zero-copy and allocation-free: every string_view in RequestHead points into the caller's
// buffer, so the buffer must outlive the RequestHead and must not move while it is used.
//
// The parser keeps no state between calls: on 0 (incomplete) the caller appends bytes and
// parses again from the start. A prefix of a head therefore returns either 0 or exactly what
// the whole head returns; an error is reported as soon as the bytes seen prove it, so a client
// cannot keep a connection open with a request that is already known to be bad.
//
// Strictness is deliberate: everything that two HTTP implementations could frame differently
// (bare CR/LF, obs-fold, whitespace before ':', Content-Length lists that disagree,
// Content-Length together with Transfer-Encoding) is rejected rather than repaired, because a
// proxy in front of us might have repaired it differently (request smuggling).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trident/core/header_field.h"
#include "trident/http1/request_target.h"

namespace trident::http1 {

// Fixed so that RequestHead needs no allocation; a request with more fields gets 431.
constexpr size_t kMaxHeaders = 100;

// RFC 9112 §2.2 asks servers to tolerate some empty lines before a request line (left over
// from a previous request's body); the bound keeps a CRLF flood from being free.
constexpr int kMaxLeadingEmptyLines = 8;

struct Limits {
    // Bytes from the start of the buffer (leading empty lines included) to the end of the
    // empty line that ends the head. Above it: 431, also while the head is still incomplete,
    // so a client that never finishes its head cannot make us buffer without bound.
    size_t max_header_bytes = 16 * 1024;
};

struct RequestHead {
    std::string_view method;   // a token, case-sensitive as sent
    std::string_view target;   // request-target as sent
    TargetForm form = TargetForm::Origin;  // checked against the method, see request_target.h
    std::string_view origin;   // path ["?" query] as sent; origin_form() gives what to hand on
    std::string_view path;     // of the target, up to the first '?' ("" in "http://h")
    std::string_view query;    // after the first '?' (without it); empty if none
    int version_minor = 1;     // 0 (HTTP/1.0) or 1 (HTTP/1.1 and any later HTTP/1.x)
    // Names as sent; values without surrounding SP/HTAB. For an absolute-form target the Host
    // field's value is the target's authority (RFC 9112 §3.2.2: the target wins).
    HeaderField headers[kMaxHeaders];
    size_t header_count = 0;

    // Semantics, computed while parsing (field names matched case-insensitively):
    int64_t content_length = -1;      // -1 if absent
    bool chunked = false;             // Transfer-Encoding present with chunked as final coding
    bool keep_alive = true;           // 1.1 yes, 1.0 no, then Connection: close / keep-alive
    bool expect_continue = false;     // Expect: 100-continue on an HTTP/1.1 request
    bool connection_upgrade = false;  // Connection has the token "upgrade"
    // The request's authority: the target's for absolute- and authority-form, else the Host
    // value; empty if neither has one (HTTP/1.0 without Host, or Host sent empty).
    std::string_view host;
};

struct ParseError {
    int status = 400;         // the HTTP status to answer with
    const char* message = "";  // short static English text, for logs and error bodies
};

// Parses the request head at the start of data[0..len).
//
// Returns
//   >0  the head is complete; its length in bytes (leading empty lines, request line, fields
//       and the final empty line). The body or the next pipelined request starts there.
//    0  incomplete: call again with more bytes.
//   -1  bad request; err.status is
//       400  malformed head, framing conflict (Content-Length with Transfer-Encoding,
//            differing Content-Length values, chunked not the final coding,
//            Transfer-Encoding in HTTP/1.0), missing Host in HTTP/1.1, repeated Host,
//            a Host value that is not an authority, a request-target that is none of the
//            forms its method allows (parse_request_target())
//       431  head longer than limits.max_header_bytes, or more than kMaxHeaders fields
//       501  a transfer coding other than chunked (with chunked last or absent)
//       505  "HTTP/x.y" with a major version other than 1 (RFC 9110 §2.5: a higher minor
//            version is accepted and served as HTTP/1.1)
//
// On -1 and 0 the contents of `out` are unspecified.
long parse_request_head(const char* data, size_t len, const Limits& limits, RequestHead& out,
                        ParseError& err);

}  // namespace trident::http1

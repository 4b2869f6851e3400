// Decoder for the chunked transfer coding of a request body (RFC 9112 §7.1).
//
// Incremental: all partial state (a chunk-size line cut in the middle, a CRLF split across
// reads) lives in the decoder, so the caller never has to keep bytes it passed in. Decoded
// body bytes are handed out as views into the caller's buffer; nothing is copied.
//
// Trailer fields are kept (issue 14: they reach the handler as $request->trailer), names
// lower-cased, and next_trailer() hands them out once decode() returned Done. Each line must be
// a field line (token ":" value, no obs-fold, no CTLs): a parser that skipped any line up to an
// empty one would take a pipelined request after a body's "0\r\n" for trailers, and answer one
// request where the client - or a proxy in front of us - sent two.
//
// Limits, each an Error when exceeded:
//   chunk-size line  1024 bytes (hex digits and extensions, without the CRLF)
//   chunk size       2^62 (keeps every sum of sizes far from overflow)
//   trailer section  the constructor's max_trailer_bytes (by default 8 KiB), with its final
//                    CRLF (the kept fields are never larger than that)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trident::http1 {

constexpr size_t kMaxChunkSizeLine = 1024;
constexpr uint64_t kMaxChunkSize = uint64_t(1) << 62;
constexpr size_t kMaxTrailerBytes = 8 * 1024;

class ChunkedDecoder {
public:
    // The connection passes its request head limit: a trailer section is a field section
    // like the head's, and gets no more room.
    explicit ChunkedDecoder(size_t max_trailer_bytes = kMaxTrailerBytes)
        : max_trailer_bytes_(max_trailer_bytes) {}

    enum class Status {
        NeedMore,  // not finished; see decode() for when to call again
        Done,      // last-chunk, trailers and final CRLF consumed
        Error,     // malformed; error() says why. Sticky: later calls return Error
    };

    // Consumes bytes from data[0..len). Sets consumed (<= len) and body, a view into data of
    // decoded body bytes (possibly empty). Returns at most one contiguous piece of body per
    // call: call again while the result is NeedMore and consumed > 0 or body is non-empty,
    // passing the bytes after `consumed` (and any new ones). On Done, the bytes after
    // `consumed` belong to the next pipelined request. After Done, returns Done and consumes
    // nothing.
    Status decode(const char* data, size_t len, size_t& consumed, std::string_view& body);

    // A short static English message after Error, "" otherwise.
    const char* error() const { return error_; }

    // Total decoded body bytes so far.
    uint64_t body_bytes() const { return body_bytes_; }

    // The trailer fields, after Done: name lower-case, value without its surrounding OWS (it
    // may be empty). Start with pos = 0; false when no field is left.
    bool next_trailer(size_t& pos, std::string_view& name, std::string_view& value) const;
    bool has_trailers() const { return !trailers_.empty(); }

private:
    // The trailer states are contiguous: decode() range-checks them.
    enum class State : uint8_t {
        Size,          // hex digits of a chunk-size
        SizeWs,        // BWS after the digits, before ';'
        Ext,           // chunk extensions, up to CR
        SizeLf,        // LF ending the chunk-size line
        Data,          // chunk data, remaining_ bytes left
        DataCr,        // CR after chunk data
        DataLf,        // LF after chunk data
        TrailerStart,  // start of a trailer line, or the final CRLF
        TrailerName,   // field name of a trailer line, up to ':'
        TrailerValue,  // field value, up to CR
        TrailerLf,     // LF ending a trailer line
        EndLf,         // LF of the final CRLF
        Done,
        Error,
    };

    Status fail(const char* message);

    State state_ = State::Size;
    bool have_digit_ = false;
    uint32_t line_bytes_ = 0;     // chunk-size line so far
    size_t trailer_bytes_ = 0;    // trailer section so far
    size_t max_trailer_bytes_;
    uint64_t remaining_ = 0;      // the size being read, then the data left in the chunk
    uint64_t body_bytes_ = 0;
    const char* error_ = "";
    // Trailer lines as "name:value\n" (a name has no ':', a value no LF), bounded by the
    // trailer section limit.
    std::string trailers_;
};

}  // namespace trident::http1

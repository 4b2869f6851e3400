// Request trailers on their way to the worker (issue 14), one path for HTTP/1.1 (chunked
// trailer section), HTTP/2 (a second HEADERS with END_STREAM) and HTTP/3 (a trailing HEADERS
// frame): each protocol hands the fields it parsed to add(), and send() puts the one
// REQUEST_TRAILERS frame (ipc/frame.h) on the worker channel. That frame ends the request body,
// so a protocol sends it at the point where it would otherwise send the body's END_STREAM or
// REQUEST_END: after every body byte, including bytes held back for flow control.
//
// What is kept:
//  - names lower-case (HTTP/2 and HTTP/3 already are; HTTP/1.1 names are folded here), values
//    as the protocol delivered them (HTTP/1.1 strips the OWS around them first);
//  - not the fields RFC 9110 §6.5.1 says a sender must not put in trailers (framing, routing,
//    request modifiers, authentication, content metadata): they are dropped, as the RFC allows
//    a recipient to, so a handler can never read a trailer "Content-Length" or "Host" as if it
//    described the request;
//  - a section whose size passes the limit (name + value + 32 per field, the RFC 9113 §6.5.2
//    measure HTTP/2 and HTTP/3 hold a head to; HTTP/1.1 passes no limit, its chunked decoder
//    holds the raw section to http_max_header_size as it does the head), or whose encoded
//    payload passes kMaxPayload, is not sent at all: too_large() then tells the protocol to
//    refuse the request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/worker_port.h"

namespace trident::stream {

class RequestTrailers {
public:
    // limit: the trailer section's size bound (the server's http_max_header_size).
    explicit RequestTrailers(size_t limit = 8192);

    enum class Added : uint8_t { Kept, Dropped, TooLarge };
    // One field of the trailer section. Dropped: a field trailers must not carry (see above).
    // TooLarge: the section passed its limit (sticky: later fields are not kept either).
    Added add(std::string_view name, std::string_view value);

    bool received() const { return received_; }  // a trailer section arrived (even if all dropped)
    bool too_large() const { return too_large_; }
    uint32_t count() const { return count_; }
    // Fields to send: a section whose every field was dropped ends the body like none at all.
    bool any() const { return count_ > 0; }
    // The REQUEST_TRAILERS payload (ipc::decode_request_trailers reads it).
    std::string_view payload() const { return payload_; }
    // REQUEST_TRAILERS with END_STREAM on b. False when the channel is gone.
    bool send(server::WorkerPort& port, server::WorkerPort::Binding b, uint64_t session_id, int64_t stream_id) const;
    // Empty again (HTTP/1.1 reuses one per connection); the buffer's memory is kept.
    void clear();
    void clear(size_t limit) {
        limit_ = limit;
        clear();
    }

    // RFC 9110 §6.5.1: a field (lower-case name) that must not be sent in trailers.
    static bool forbidden(std::string_view lower_name);

private:
    size_t limit_;
    size_t bytes_ = 0;
    uint32_t count_ = 0;
    bool received_ = false;
    bool too_large_ = false;
    std::string payload_;
};

}  // namespace trident::stream

#include "stream/request_trailers.h"

#include <array>

#include "trident/ipc/frame.h"

namespace trident::stream {

namespace {

// The fixed part of a RESPONSE_TRAILERS-shaped payload: u16 status 0, u16 0, u32 count.
constexpr size_t kFixed = 8;

void store_u32(char* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = char(uint8_t(v >> (8 * i)));
}

void put_u32(std::string& out, uint32_t v) {
    char b[4];
    store_u32(b, v);
    out.append(b, 4);
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c; }

}  // namespace

RequestTrailers::RequestTrailers(size_t limit) : limit_(limit) { clear(); }

void RequestTrailers::clear() {
    payload_.assign(kFixed, '\0');
    bytes_ = 0;
    count_ = 0;
    received_ = false;
    too_large_ = false;
}

bool RequestTrailers::forbidden(std::string_view n) {
    // Framing, routing, request modifiers (controls, conditionals, range), authentication,
    // content metadata and connection options: what RFC 9110 §6.5.1 excludes from trailers.
    static constexpr std::array<std::string_view, 27> kNames = {
        "content-length", "transfer-encoding", "host", "te", "trailer", "connection", "keep-alive",
        "proxy-connection", "upgrade", "expect", "max-forwards", "cache-control", "pragma", "range",
        "if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "if-range", "authorization",
        "proxy-authorization", "cookie", "content-type", "content-encoding", "content-range", "content-language",
        "content-location",
    };
    for (std::string_view f : kNames) {
        if (f == n) return true;
    }
    return false;
}

RequestTrailers::Added RequestTrailers::add(std::string_view name, std::string_view value) {
    received_ = true;
    if (too_large_) return Added::TooLarge;
    bytes_ += name.size() + value.size() + 32;
    if (bytes_ > limit_ || payload_.size() + 8 + name.size() + value.size() > ipc::kMaxPayload) {
        too_large_ = true;
        return Added::TooLarge;
    }
    const size_t at = payload_.size();
    put_u32(payload_, uint32_t(name.size()));
    payload_.append(name);
    for (size_t i = at + 4; i < payload_.size(); ++i) payload_[i] = lower(payload_[i]);
    if (forbidden(std::string_view(payload_).substr(at + 4))) {
        payload_.resize(at);
        return Added::Dropped;
    }
    put_u32(payload_, uint32_t(value.size()));
    payload_.append(value);
    ++count_;
    store_u32(payload_.data() + 4, count_);
    return Added::Kept;
}

bool RequestTrailers::send(server::WorkerPort& port, server::WorkerPort::Binding b, uint64_t session_id,
                           int64_t stream_id) const {
    return port.send_trailers(b, session_id, stream_id, reinterpret_cast<const uint8_t*>(payload_.data()),
                              payload_.size());
}

}  // namespace trident::stream

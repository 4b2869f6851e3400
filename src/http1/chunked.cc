#include "trident/http1/chunked.h"

#include "trident/http/token.h"

namespace trident::http1 {
namespace {

inline int hex_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Extensions are skipped, not interpreted, but a CTL in them (or in a trailer) is still refused:
// a NUL or stray CR is where another parser would disagree with us about the framing.
inline bool is_ctl_except_tab(unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7F; }

using http::is_tchar;  // what a field name is made of

}  // namespace

ChunkedDecoder::Status ChunkedDecoder::fail(const char* message) {
    state_ = State::Error;
    error_ = message;
    return Status::Error;
}

ChunkedDecoder::Status ChunkedDecoder::decode(const char* data, size_t len, size_t& consumed,
                                              std::string_view& body) {
    consumed = 0;
    body = {};
    if (state_ == State::Done) return Status::Done;
    if (state_ == State::Error) return Status::Error;

    const char* p = data;
    const char* const end = data + len;
    while (p < end) {
        const unsigned char c = static_cast<unsigned char>(*p);
        if (state_ == State::Size || state_ == State::SizeWs || state_ == State::Ext) {
            if (c != '\r' && ++line_bytes_ > kMaxChunkSizeLine) {
                return fail("chunk-size line too long");
            }
        } else if (state_ >= State::TrailerStart && state_ <= State::EndLf) {
            if (++trailer_bytes_ > max_trailer_bytes_) return fail("trailer section too large");
        }
        switch (state_) {
            case State::Size: {
                int d = hex_value(c);
                if (d >= 0) {
                    if (remaining_ > (kMaxChunkSize - uint64_t(d)) / 16) {
                        return fail("chunk size too large");
                    }
                    remaining_ = remaining_ * 16 + uint64_t(d);
                    have_digit_ = true;
                } else if (!have_digit_) {
                    return fail("invalid chunk size");
                } else if (c == '\r') {
                    state_ = State::SizeLf;
                } else if (c == '\n') {
                    return fail("bare LF in chunk-size line");
                } else if (c == ';') {
                    state_ = State::Ext;
                } else if (c == ' ' || c == '\t') {
                    state_ = State::SizeWs;
                } else {
                    return fail("invalid chunk size");
                }
                break;
            }
            case State::SizeWs:
                // BWS is only allowed before an extension; "5 \r\n" is refused as a size
                // that other parsers might read differently.
                if (c == ';') {
                    state_ = State::Ext;
                } else if (c != ' ' && c != '\t') {
                    return fail("invalid chunk size");
                }
                break;
            case State::Ext:
                if (c == '\r') {
                    state_ = State::SizeLf;
                } else if (c == '\n') {
                    return fail("bare LF in chunk-size line");
                } else if (is_ctl_except_tab(c)) {
                    return fail("invalid character in chunk extension");
                }
                break;
            case State::SizeLf:
                if (c != '\n') return fail("bare CR in chunk-size line");
                have_digit_ = false;
                line_bytes_ = 0;
                state_ = remaining_ == 0 ? State::TrailerStart : State::Data;
                break;
            case State::Data: {
                size_t avail = size_t(end - p);
                size_t n = remaining_ < avail ? size_t(remaining_) : avail;
                body = std::string_view(p, n);
                remaining_ -= n;
                body_bytes_ += n;
                if (remaining_ == 0) state_ = State::DataCr;
                consumed = size_t(p - data) + n;
                return Status::NeedMore;
            }
            case State::DataCr:
                if (c != '\r') return fail("missing CRLF after chunk data");
                state_ = State::DataLf;
                break;
            case State::DataLf:
                if (c != '\n') return fail("missing CRLF after chunk data");
                state_ = State::Size;
                break;
            // field-line = field-name ":" OWS field-value OWS (RFC 9112 §5), as in the head.
            case State::TrailerStart:
                if (c == '\r') {
                    state_ = State::EndLf;
                } else if (c == '\n') {
                    return fail("bare LF in trailer section");
                } else if (c == ' ' || c == '\t') {
                    // RFC 9112 §5.2: obs-fold is rejected in trailers as in the head.
                    return fail("obsolete line folding in trailer section");
                } else if (is_tchar(c)) {
                    trailers_.push_back(c >= 'A' && c <= 'Z' ? char(c + 32) : char(c));
                    state_ = State::TrailerName;
                } else {
                    return fail("invalid trailer field name");
                }
                break;
            case State::TrailerName:
                // Whitespace before ':' (RFC 9112 §5.1) and a line without ':' - a request
                // line, say - end here.
                if (c == ':') {
                    trailers_.push_back(':');
                    state_ = State::TrailerValue;
                } else if (!is_tchar(c)) {
                    return fail("invalid trailer field name");
                } else {
                    trailers_.push_back(c >= 'A' && c <= 'Z' ? char(c + 32) : char(c));
                }
                break;
            case State::TrailerValue:
                if (c == '\r') {
                    trailers_.push_back('\n');
                    state_ = State::TrailerLf;
                } else if (c == '\n') {
                    return fail("bare LF in trailer section");
                } else if (is_ctl_except_tab(c)) {
                    return fail("invalid character in trailer section");
                } else {
                    trailers_.push_back(char(c));
                }
                break;
            case State::TrailerLf:
                if (c != '\n') return fail("bare CR in trailer section");
                state_ = State::TrailerStart;
                break;
            case State::EndLf:
                if (c != '\n') return fail("bare CR in trailer section");
                state_ = State::Done;
                consumed = size_t(p - data) + 1;
                return Status::Done;
            case State::Done:
            case State::Error:
                // Unreachable: decode() returns early in these states, and the loop returns as
                // soon as it enters one.
                return fail("internal decoder state");
        }
        ++p;
    }
    consumed = len;
    return Status::NeedMore;
}

bool ChunkedDecoder::next_trailer(size_t& pos, std::string_view& name, std::string_view& value) const {
    if (state_ != State::Done || pos >= trailers_.size()) return false;
    std::string_view rest = std::string_view(trailers_).substr(pos);
    size_t colon = rest.find(':');
    size_t eol = rest.find('\n');
    if (colon == std::string_view::npos || eol == std::string_view::npos || colon > eol) return false;
    name = rest.substr(0, colon);
    std::string_view v = rest.substr(colon + 1, eol - colon - 1);
    // field-value without the OWS around it (RFC 9112 §5.1).
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    value = v;
    pos += eol + 1;
    return true;
}

}  // namespace trident::http1

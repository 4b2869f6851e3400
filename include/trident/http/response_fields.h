// The header section of a response, built from a worker's RESPONSE_HEAD (or RESPONSE_TRAILERS)
// frame: one policy for HTTP/1.1, HTTP/2 and HTTP/3.
//   - pseudo-headers (":reason") and connection-specific fields (Connection, Keep-Alive,
//     Proxy-Connection, Transfer-Encoding, Upgrade: RFC 9113 8.2.2, RFC 9114 4.2; framing and
//     connection management are the server's to decide on HTTP/1.1 too) are dropped; a
//     "close" token in the handler's Connection is reported (close_requested());
//   - the handler's Date is replaced by the server's;
//   - Content-Length is the server's: none for 1xx/204/304; the body's length for a complete
//     response (HEAD keeps the handler's value when it set one: the body GET would have); the
//     handler's value for a streamed response when it is a number (a warning and none
//     otherwise), else none (HTTP/1.1 then chunks);
//   - Alt-Svc is added when given and the handler set none.
// Order: the handler's fields, then Date, Alt-Svc, Content-Length. HTTP/2 and HTTP/3 want
// lower-case names (NameCase::Lower, into one arena); HTTP/1.1 keeps the handler's spelling.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "trident/core/header_field.h"
#include "trident/ipc/frame.h"

namespace trident::http {

class ResponseFields {
public:
    enum class NameCase { Lower, AsGiven };
    struct Head {
        bool complete = false;     // END_STREAM: v.body is the whole body
        bool head_method = false;  // a HEAD request: no body goes out, its length may
        std::string_view date;     // empty: no Date (interim responses)
        std::string_view alt_svc;  // empty: none
        NameCase names = NameCase::Lower;
    };

    void build(const ipc::ResponseHeadView& v, const Head& h);
    // Trailer fields: names lowered, nothing added or dropped.
    void build_trailers(const ipc::ResponseHeadView& v);

    // The fields, in order. Views into this object and the frame: valid until the next build.
    const std::vector<HeaderField>& fields() const { return fields_; }
    // The Content-Length among fields() (empty: none).
    std::string_view content_length() const { return content_length_; }
    // The handler's Connection field had "close".
    bool close_requested() const { return close_requested_; }
    // 1xx, 204 and 304 responses have no body whatever the handler wrote.
    static bool bodyless_status(unsigned status) { return status < 200 || status == 204 || status == 304; }

private:
    std::string_view add_name(std::string_view name, NameCase nc);

    std::string arena_;
    std::vector<HeaderField> fields_;
    std::string_view content_length_;
    bool close_requested_ = false;
    char length_[24] = {};
};

}  // namespace trident::http

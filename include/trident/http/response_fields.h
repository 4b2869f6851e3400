// The header section of an HTTP/2 or HTTP/3 response, built from a worker's RESPONSE_HEAD (or
// RESPONSE_TRAILERS) frame. Both protocols want lower-case names and forbid the HTTP/1.1
// connection-specific fields, so the rules live here once: names are lowered into one arena,
// connection-specific fields and the handler's Date are dropped (the reactor's Date is used,
// as on HTTP/1.1), Content-Length is added to a complete response that has none, and Alt-Svc
// is added when given and the handler set none.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "trident/core/header_field.h"
#include "trident/ipc/frame.h"

namespace trident::http {

class ResponseFields {
public:
    // v: the decoded RESPONSE_HEAD; complete: it carries END_STREAM (v.body is the whole body).
    void build(const ipc::ResponseHeadView& v, bool complete, std::string_view date, std::string_view alt_svc);
    // Trailer fields: names lowered, nothing added or dropped.
    void build_trailers(const ipc::ResponseHeadView& v);

    // Regular fields (no :status). Views into this object: valid until the next build.
    const std::vector<HeaderField>& fields() const { return fields_; }
    // 1xx, 204 and 304 responses have no body whatever the handler wrote.
    static bool bodyless_status(unsigned status) { return status < 200 || status == 204 || status == 304; }

private:
    // Appends f with its name lowered; returns that name.
    std::string_view add_lowered(const HeaderField& f);

    std::string arena_;
    std::vector<HeaderField> fields_;
    char length_[24] = {};
};

}  // namespace trident::http

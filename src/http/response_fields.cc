#include "trident/http/response_fields.h"

#include <cstdio>

namespace trident::http {

namespace {

bool is_connection_specific(std::string_view lname) {
    // RFC 9113 §8.2.2, RFC 9114 §4.2: these make an HTTP/2 or HTTP/3 message malformed.
    return lname == "connection" || lname == "keep-alive" || lname == "proxy-connection" ||
           lname == "transfer-encoding" || lname == "upgrade";
}

}  // namespace

std::string_view ResponseFields::add_lowered(const HeaderField& f) {
    size_t off = arena_.size();
    for (char c : f.name) arena_.push_back((c >= 'A' && c <= 'Z') ? char(c + 32) : c);
    std::string_view lname(arena_.data() + off, f.name.size());
    fields_.push_back(HeaderField{lname, f.value});
    return lname;
}

void ResponseFields::build(const ipc::ResponseHeadView& v, bool complete, std::string_view date,
                           std::string_view alt_svc) {
    arena_.clear();
    fields_.clear();
    // Every name fits in the frame's header block: reserving that much keeps the views
    // handed out above valid while the arena grows.
    arena_.reserve(size_t(v.headers_end - v.headers_begin));
    fields_.reserve(v.header_count + 3);
    fields_.push_back(HeaderField{"date", date});
    bool has_length = false, has_alt_svc = false;
    auto cur = v.headers();
    HeaderField f;
    while (cur.next(f)) {
        if (f.name.empty() || f.name[0] == ':') continue;  // pseudo-headers (":reason") are ours
        std::string_view lname = add_lowered(f);
        if (is_connection_specific(lname) || lname == "date") {
            fields_.pop_back();
            arena_.resize(size_t(lname.data() - arena_.data()));
            continue;
        }
        if (lname == "content-length") has_length = true;
        if (lname == "alt-svc") has_alt_svc = true;
    }
    // HEAD gets the length GET would have (the handler's body is dropped, not its size).
    if (complete && !has_length && !bodyless_status(v.status)) {
        int n = snprintf(length_, sizeof length_, "%zu", v.body.size());
        fields_.push_back(HeaderField{"content-length", std::string_view(length_, size_t(n))});
    }
    if (!alt_svc.empty() && !has_alt_svc) fields_.push_back(HeaderField{"alt-svc", alt_svc});
}

void ResponseFields::build_trailers(const ipc::ResponseHeadView& v) {
    arena_.clear();
    fields_.clear();
    arena_.reserve(size_t(v.headers_end - v.headers_begin));
    fields_.reserve(v.header_count);
    auto cur = v.headers();
    HeaderField f;
    while (cur.next(f)) add_lowered(f);
}

}  // namespace trident::http

#include "trident/http/response_fields.h"

#include <charconv>

#include "trident/core/log.h"
#include "trident/http/token.h"

namespace trident::http {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; }

// Content-Length = 1*DIGIT (RFC 9110 8.6), at most 19 digits so it fits a 64-bit length.
bool valid_length(std::string_view v) {
    if (v.empty() || v.size() > 19) return false;
    for (char c : v) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

// What the policy does with a field, by name. Switching on the length first keeps the common
// case (a name none of these has) at one comparison.
enum class Kind { Plain, ConnectionSpecific, Connection, Date, ContentLength, AltSvc };

Kind classify(std::string_view n) {
    switch (n.size()) {
        case 4: return iequals_ascii(n, "date") ? Kind::Date : Kind::Plain;
        case 7:
            if (iequals_ascii(n, "upgrade")) return Kind::ConnectionSpecific;
            return iequals_ascii(n, "alt-svc") ? Kind::AltSvc : Kind::Plain;
        case 10:
            if (iequals_ascii(n, "connection")) return Kind::Connection;
            return iequals_ascii(n, "keep-alive") ? Kind::ConnectionSpecific : Kind::Plain;
        case 14: return iequals_ascii(n, "content-length") ? Kind::ContentLength : Kind::Plain;
        case 16: return iequals_ascii(n, "proxy-connection") ? Kind::ConnectionSpecific : Kind::Plain;
        case 17: return iequals_ascii(n, "transfer-encoding") ? Kind::ConnectionSpecific : Kind::Plain;
        default: return Kind::Plain;
    }
}

// Whether a comma-separated field value lists `token` (case-insensitive).
bool has_token(std::string_view value, std::string_view token) {
    size_t i = 0;
    while (i <= value.size()) {
        size_t j = value.find(',', i);
        if (j == std::string_view::npos) j = value.size();
        std::string_view t = value.substr(i, j - i);
        while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
        while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
        if (iequals_ascii(t, token)) return true;
        i = j + 1;
    }
    return false;
}

}  // namespace

std::string_view ResponseFields::add_name(std::string_view name, NameCase nc) {
    if (nc == NameCase::AsGiven) return name;  // a view into the frame, which outlives us
    size_t off = arena_.size();
    for (char c : name) arena_.push_back(lower(c));
    return std::string_view(arena_.data() + off, name.size());
}

void ResponseFields::build(const ipc::ResponseHeadView& v, const Head& h) {
    arena_.clear();
    fields_.clear();
    content_length_ = {};
    close_requested_ = false;
    // Every name fits in the frame's header block: reserving that much keeps the views
    // handed out above valid while the arena grows.
    arena_.reserve(size_t(v.headers_end - v.headers_begin));
    fields_.reserve(v.header_count + 3);
    bool lower_case = h.names == NameCase::Lower;
    std::string_view user_length;
    bool has_alt_svc = false;
    auto cur = v.headers();
    HeaderField f;
    while (cur.next(f)) {
        if (f.name.empty() || f.name[0] == ':') continue;  // pseudo-headers (":reason") are ours
        switch (classify(f.name)) {
            case Kind::Connection:
                if (has_token(f.value, "close")) close_requested_ = true;
                continue;
            case Kind::ConnectionSpecific:
            case Kind::Date:  // the server's own is added below
                continue;
            case Kind::ContentLength:
                user_length = f.value;
                continue;
            case Kind::AltSvc:
                has_alt_svc = true;
                break;
            case Kind::Plain:
                break;
        }
        fields_.push_back(HeaderField{add_name(f.name, h.names), f.value});
    }
    if (!h.date.empty()) fields_.push_back(HeaderField{lower_case ? "date" : "Date", h.date});
    if (!h.alt_svc.empty() && !has_alt_svc) fields_.push_back(HeaderField{lower_case ? "alt-svc" : "Alt-Svc", h.alt_svc});
    if (bodyless_status(v.status)) return;
    if (!user_length.empty() && !valid_length(user_length)) {
        // A streamed body framed by a length that is not one would break the response on
        // the wire (HTTP/1.1 clients reject it, HTTP/2 and HTTP/3 reset the stream): framing
        // is the server's, so the body goes out without it (chunked on HTTP/1.1).
        TRIDENT_LOG(Warning, "response Content-Length \"%.*s\" is not a number: ignored",
                    int(user_length.size() > 64 ? 64 : user_length.size()), user_length.data());
        user_length = {};
    }
    if (h.complete && !(h.head_method && !user_length.empty())) {
        auto r = std::to_chars(length_, length_ + sizeof length_, v.body.size());
        content_length_ = std::string_view(length_, size_t(r.ptr - length_));
    } else {
        content_length_ = user_length;  // streamed (or HEAD): the handler's, if any
    }
    if (!content_length_.empty()) {
        fields_.push_back(HeaderField{lower_case ? "content-length" : "Content-Length", content_length_});
    }
}

void ResponseFields::build_trailers(const ipc::ResponseHeadView& v) {
    arena_.clear();
    fields_.clear();
    content_length_ = {};
    close_requested_ = false;
    arena_.reserve(size_t(v.headers_end - v.headers_begin));
    fields_.reserve(v.header_count);
    auto cur = v.headers();
    HeaderField f;
    while (cur.next(f)) fields_.push_back(HeaderField{add_name(f.name, NameCase::Lower), f.value});
}

}  // namespace trident::http

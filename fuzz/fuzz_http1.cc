// libFuzzer target for the HTTP/1.1 request-head parser, its request-target and Host checks,
// the chunked body decoder and its trailer section, up to the REQUEST_TRAILERS payload the
// reactor builds from it (stream::RequestTrailers) and the worker decodes (ipc/frame.h).
//
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
//       src/http1/parser.cc src/http1/chunked.cc src/http1/request_target.cc \
//       src/stream/request_trailers.cc src/ipc/frame.cc fuzz/fuzz_http1.cc -o /tmp/fz
//
// Besides memory errors, it checks the contracts callers rely on: results stay inside the
// input, and the outcome does not depend on how the bytes were split across reads (a
// connection sees arbitrary splits; a parser that answered differently could be steered).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "trident/http1/chunked.h"
#include "trident/http1/parser.h"
#include "trident/http1/request_target.h"
#include "trident/ipc/frame.h"
#include "stream/request_trailers.h"

using trident::http1::ChunkedDecoder;
using trident::http1::kMaxHeaders;
using trident::http1::Limits;
using trident::http1::parse_request_head;
using trident::http1::ParseError;
using trident::http1::RequestHead;
using trident::http1::RequestTarget;
using trident::http1::TargetForm;
using trident::http1::origin_form;
using trident::http1::parse_request_target;
using trident::http1::valid_authority;
using trident::http1::valid_host;

namespace {

#define FUZZ_CHECK(cond)                                                          \
    do {                                                                          \
        if (!(cond)) {                                                            \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                         #cond);                                                  \
            std::abort();                                                         \
        }                                                                         \
    } while (0)

bool inside(std::string_view v, const char* data, size_t len) {
    if (v.empty()) return true;
    return v.data() >= data && v.data() + v.size() <= data + len;
}

bool ends_inside(std::string_view part, std::string_view whole) {
    return part.data() + part.size() == whole.data() + whole.size();
}

// What the parser says about the target and host holds together with the method, and what
// the application is handed is in origin-form.
void check_target(const RequestHead& h, const char* data, size_t n) {
    FUZZ_CHECK(inside(h.origin, data, n) && inside(h.path, data, n) && inside(h.query, data, n));
    switch (h.form) {
        case TargetForm::Origin:
            FUZZ_CHECK(h.target[0] == '/' && h.origin == h.target && h.method != "CONNECT");
            break;
        case TargetForm::Asterisk:
            FUZZ_CHECK(h.target == "*" && h.method == "OPTIONS" && h.origin == "*");
            break;
        case TargetForm::Authority:
            FUZZ_CHECK(h.method == "CONNECT" && h.host == h.target && valid_authority(h.host, true));
            FUZZ_CHECK(h.origin.empty());
            break;
        case TargetForm::Absolute:
            FUZZ_CHECK(h.method != "CONNECT" && valid_authority(h.host, false));
            FUZZ_CHECK(h.host.data() > h.target.data() && ends_inside(h.origin, h.target));
            FUZZ_CHECK(h.host.data() + h.host.size() == h.origin.data());
            FUZZ_CHECK(h.origin.empty() || h.origin[0] == '/' || h.origin[0] == '?');
            break;
    }
    if (h.form != TargetForm::Authority) {
        // path ["?" query] is the origin, split at its first '?'.
        FUZZ_CHECK(h.origin.substr(0, h.path.size()) == h.path);
        if (h.path.size() < h.origin.size()) {
            FUZZ_CHECK(h.origin[h.path.size()] == '?' && h.path.find('?') == std::string_view::npos);
            FUZZ_CHECK(ends_inside(h.query, h.origin) && h.query.size() == h.origin.size() - h.path.size() - 1);
        } else {
            FUZZ_CHECK(h.query.empty());
        }
        std::string scratch;
        std::string_view o = origin_form(h, scratch);
        FUZZ_CHECK(!o.empty() && (o[0] == '/' || o == "*"));
    }
    // The Host field, if any, says what host says.
    for (size_t i = 0; i < h.header_count; ++i) {
        std::string_view name = h.headers[i].name;
        if (name.size() == 4 && (name[0] | 0x20) == 'h' && (name[1] | 0x20) == 'o' &&
            (name[2] | 0x20) == 's' && (name[3] | 0x20) == 't') {
            FUZZ_CHECK(h.headers[i].value == h.host);
        }
    }
}

// The target and authority checks on raw bytes, beyond what reaches them through a head.
void fuzz_target(const char* data, size_t len) {
    std::string_view s(data, len);
    bool any = valid_authority(s, false);
    bool with_port = valid_authority(s, true);
    FUZZ_CHECK(!with_port || any);
    FUZZ_CHECK(valid_host(s) == (any || s.empty()));
    if (any) {
        // Nothing that could start a path, query, fragment or userinfo, or end a field.
        FUZZ_CHECK(s.find_first_of("/?#@ \t\r\n\\") == std::string_view::npos);
        FUZZ_CHECK(s[0] != ':');
    }
    for (std::string_view method : {"GET", "OPTIONS", "CONNECT"}) {
        RequestTarget t;
        const char* message = nullptr;
        int status = parse_request_target(method, s, t, &message);
        FUZZ_CHECK(status == 0 || status == 400);
        if (status != 0) {
            FUZZ_CHECK(message != nullptr && message[0] != '\0');
            continue;
        }
        FUZZ_CHECK(inside(t.authority, data, len) && inside(t.origin, data, len));
        FUZZ_CHECK((t.form == TargetForm::Authority) == (method == "CONNECT"));
        if (t.form == TargetForm::Authority) FUZZ_CHECK(with_port && t.authority == s);
        if (t.form == TargetForm::Absolute) FUZZ_CHECK(valid_authority(t.authority, false));
    }
}

// RequestHead is a few KiB: static rather than on the fuzzer's stack for every input.
RequestHead g_head;
RequestHead g_prefix_head;

void check_head(const char* data, size_t len, long rc, const RequestHead& h,
                const ParseError& err) {
    FUZZ_CHECK(rc >= -1);
    FUZZ_CHECK(rc <= long(len));
    if (rc == -1) {
        FUZZ_CHECK(err.status == 400 || err.status == 431 || err.status == 501 ||
                   err.status == 505);
        FUZZ_CHECK(err.message != nullptr && err.message[0] != '\0');
        return;
    }
    if (rc == 0) return;
    size_t n = size_t(rc);
    FUZZ_CHECK(n >= 16);  // the shortest head: "M / HTTP/1.0\r\n\r\n"
    FUZZ_CHECK(std::memcmp(data + n - 4, "\r\n\r\n", 4) == 0);
    FUZZ_CHECK(h.header_count <= kMaxHeaders);
    FUZZ_CHECK(!h.method.empty() && inside(h.method, data, n));
    FUZZ_CHECK(!h.target.empty() && inside(h.target, data, n));
    check_target(h, data, n);
    FUZZ_CHECK(h.version_minor == 0 || h.version_minor == 1);
    FUZZ_CHECK(inside(h.host, data, n));
    FUZZ_CHECK(valid_host(h.host));
    for (size_t i = 0; i < h.header_count; ++i) {
        const auto& f = h.headers[i];
        FUZZ_CHECK(!f.name.empty() && inside(f.name, data, n) && inside(f.value, data, n));
        FUZZ_CHECK(f.value.empty() || (f.value.front() != ' ' && f.value.back() != ' '));
        for (char c : f.value) FUZZ_CHECK(c != '\r' && c != '\n' && c != '\0');
    }
    FUZZ_CHECK(h.content_length >= -1);
    FUZZ_CHECK(!(h.chunked && h.content_length >= 0));
    FUZZ_CHECK(!(h.chunked && h.version_minor == 0));
}

// A prefix of the input, in its own allocation so ASan catches reads past its end.
long parse_prefix(const char* data, size_t k, const Limits& limits, ParseError& err) {
    std::vector<char> buf(data, data + k);
    return parse_request_head(buf.data(), buf.size(), limits, g_prefix_head, err);
}

void fuzz_head(const char* data, size_t len, const Limits& limits) {
    ParseError err;
    long rc = parse_request_head(data, len, limits, g_head, err);
    check_head(data, len, rc, g_head, err);

    // A prefix must give 0 or the full result; a few prefix lengths per input keep it fast.
    size_t probes[] = {len / 2, len / 3, rc > 0 ? size_t(rc) - 1 : len / 4,
                       rc > 0 ? size_t(rc) : len - len / 8, len > 0 ? len - 1 : 0};
    for (size_t k : probes) {
        if (k >= len) continue;
        ParseError perr;
        long prc = parse_prefix(data, k, limits, perr);
        if (rc > 0) {
            FUZZ_CHECK(k < size_t(rc) ? prc == 0 : prc == rc);
        } else if (rc == 0) {
            FUZZ_CHECK(prc == 0);
        } else {
            FUZZ_CHECK(prc == 0 || (prc == -1 && perr.status == err.status &&
                                    std::strcmp(perr.message, err.message) == 0));
        }
    }
}

struct Decoded {
    ChunkedDecoder::Status status = ChunkedDecoder::Status::NeedMore;
    std::string body;
    size_t consumed = 0;
    uint64_t body_bytes = 0;
    std::vector<std::pair<std::string, std::string>> trailers;
};

bool tchar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

// The trailer fields after Done: each a lower-case token and a value without CTLs or the OWS
// around it, all within the section limit. Then the path to the worker: what
// RequestTrailers keeps decodes from its REQUEST_TRAILERS payload as the same fields, in order,
// without the ones trailers must not carry.
void check_trailers(const ChunkedDecoder& dec, Decoded& out) {
    size_t pos = 0, total = 0;
    std::string_view name, value;
    while (dec.next_trailer(pos, name, value)) {
        FUZZ_CHECK(!name.empty());
        for (char c : name) FUZZ_CHECK(tchar(c));
        for (unsigned char c : value) FUZZ_CHECK(c == '\t' || (c >= 0x20 && c != 0x7f));
        FUZZ_CHECK(value.empty() || (value.front() != ' ' && value.front() != '\t' && value.back() != ' ' &&
                                     value.back() != '\t'));
        total += name.size() + value.size() + 3;
        out.trailers.emplace_back(name, value);
    }
    FUZZ_CHECK(total <= trident::http1::kMaxTrailerBytes);
    FUZZ_CHECK(dec.has_trailers() == !out.trailers.empty());

    trident::stream::RequestTrailers t;
    std::vector<std::pair<std::string_view, std::string_view>> kept;
    for (const auto& [n, v] : out.trailers) {
        auto added = t.add(n, v);
        FUZZ_CHECK(added != trident::stream::RequestTrailers::Added::TooLarge || t.too_large());
        FUZZ_CHECK((added == trident::stream::RequestTrailers::Added::Dropped) ==
                   (!t.too_large() && trident::stream::RequestTrailers::forbidden(n)));
        if (added == trident::stream::RequestTrailers::Added::Kept) kept.emplace_back(n, v);
    }
    if (t.too_large()) return;
    FUZZ_CHECK(t.count() == kept.size());
    std::string_view payload = t.payload();
    std::vector<uint8_t> copy(payload.begin(), payload.end());
    trident::ipc::FrameHeader fh;
    fh.type = trident::ipc::FrameType::RequestTrailers;
    fh.flags = trident::ipc::kFlagEndStream;
    fh.length = uint32_t(copy.size());
    fh.session_id = 1;
    fh.stream_id = 1;
    trident::ipc::ResponseHeadView v;
    FUZZ_CHECK(trident::ipc::decode_request_trailers(fh, copy.data(), v) == trident::ipc::DecodeError::None);
    FUZZ_CHECK(v.header_count == kept.size());
    auto cur = v.headers();
    trident::HeaderField f;
    for (const auto& [n, val] : kept) {
        FUZZ_CHECK(cur.next(f));
        FUZZ_CHECK(f.name == n && f.value == val);
    }
    FUZZ_CHECK(!cur.next(f));
}

// Feeds data[0..len) in pieces of `step` bytes (0: all at once), holding back unconsumed
// bytes the way a connection buffer would.
Decoded decode(const char* data, size_t len, size_t step) {
    ChunkedDecoder dec;
    Decoded out;
    size_t avail = step == 0 ? len : 0;
    for (;;) {
        if (avail < len && step != 0) avail = avail + step < len ? avail + step : len;
        for (;;) {
            size_t consumed = 0;
            std::string_view body;
            // Its own allocation, so ASan catches reads past what was passed in.
            std::vector<char> buf(data + out.consumed, data + avail);
            const char* p = buf.data();
            size_t n = buf.size();
            ChunkedDecoder::Status st = dec.decode(p, n, consumed, body);
            FUZZ_CHECK(consumed <= n);
            FUZZ_CHECK(inside(body, p, consumed));
            if (st != ChunkedDecoder::Status::NeedMore) {
                FUZZ_CHECK(body.empty());
            }
            if (st == ChunkedDecoder::Status::Error) {
                FUZZ_CHECK(dec.error() != nullptr && dec.error()[0] != '\0');
            }
            out.body.append(body.data(), body.size());
            out.consumed += consumed;
            out.status = st;
            if (st != ChunkedDecoder::Status::NeedMore) break;
            if (consumed == 0 && body.empty()) break;
        }
        if (out.status != ChunkedDecoder::Status::NeedMore) break;
        // Everything available is consumed before asking for more: the decoder keeps
        // partial lines itself.
        FUZZ_CHECK(out.consumed == avail);
        if (avail == len) break;
    }
    out.body_bytes = dec.body_bytes();
    FUZZ_CHECK(out.body_bytes == out.body.size());
    if (out.status == ChunkedDecoder::Status::Done) check_trailers(dec, out);
    FUZZ_CHECK(out.body.size() <= out.consumed);
    return out;
}

void fuzz_chunked(const char* data, size_t len) {
    Decoded whole = decode(data, len, 0);
    FUZZ_CHECK(whole.consumed <= len);
    size_t steps[] = {1, 7, len / 2 + 1};
    for (size_t step : steps) {
        if (step == 0 || step >= len) continue;
        if (step == 1 && len > 4096) continue;
        Decoded split = decode(data, len, step);
        FUZZ_CHECK(split.status == whole.status);
        FUZZ_CHECK(split.body == whole.body);
        FUZZ_CHECK(split.trailers == whole.trailers);
        // After an error, how much was consumed depends on where reads ended.
        if (whole.status != ChunkedDecoder::Status::Error) {
            FUZZ_CHECK(split.consumed == whole.consumed);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
    const char* data = reinterpret_cast<const char*>(bytes);

    fuzz_head(data, size, Limits{});
    // A small limit reaches the 431 paths with short inputs.
    fuzz_head(data, size, Limits{size_t(64) + (size > 0 ? bytes[0] : 0)});

    ParseError err;
    long rc = parse_request_head(data, size, Limits{}, g_head, err);
    if (rc > 0 && g_head.chunked) {
        fuzz_chunked(data + rc, size - size_t(rc));
    }
    // Reaching a chunked body through a valid head is rare for the fuzzer; the decoder also
    // gets the raw input, and so do the target and Host checks.
    fuzz_chunked(data, size);
    fuzz_target(data, size);
    return 0;
}

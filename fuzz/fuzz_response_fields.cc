// libFuzzer target for the response header policy (trident/http/response_fields.h): what a
// worker's RESPONSE_HEAD or RESPONSE_TRAILERS frame becomes on the wire, for every protocol.
//
// Input layout: byte 0 holds flags (bit 0 complete, bit 1 HEAD request, bit 2 names as given,
// bit 3 a Date, bit 4 an Alt-Svc to add, bits 5-7 pick the status), then header lines
// "name:value" split at '\n' up to a NUL, after which comes the body. The frame is built with
// ResponseHeadWriter, decoded with ipc::decode_response_head, as the reactor does. Checked: no
// pseudo-header or connection-specific field gets out, the server's Date and Alt-Svc replace or
// complement the handler's as documented, there is at most one Content-Length and it is the
// body's length for a complete response, none for a bodyless status; HTTP/2 and HTTP/3 names
// are lower-case; every handler field that is not dropped goes out, in order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "trident/core/log.h"
#include "trident/http/response_fields.h"
#include "trident/ipc/frame.h"

using namespace trident;
using trident::http::ResponseFields;

namespace {

void check(bool ok) {
    if (!ok) abort();
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; }

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lower(c);
    return out;
}

bool dropped(std::string_view name) {
    std::string n = lowered(name);
    return n.empty() || n[0] == ':' || n == "connection" || n == "keep-alive" || n == "proxy-connection" ||
           n == "transfer-encoding" || n == "upgrade" || n == "date" || n == "content-length";
}

}  // namespace

// The policy logs the lengths it drops; at this rate that would be all the fuzzer does.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    trident::log::set_level(trident::LogLevel::None);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t flags = data[0];
    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    size_t nul = rest.find('\0');
    std::string_view lines = rest.substr(0, nul);
    std::string_view body = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
    static constexpr uint16_t kStatus[] = {200, 204, 304, 103, 404, 101, 206, 500};
    const uint16_t status = kStatus[flags >> 5];

    std::vector<HeaderField> in;
    while (!lines.empty() && in.size() < 200) {
        size_t nl = lines.find('\n');
        std::string_view line = lines.substr(0, nl);
        lines = nl == std::string_view::npos ? std::string_view() : lines.substr(nl + 1);
        size_t colon = line.find(':', 1);  // a leading ':' is part of a pseudo-header's name
        in.push_back({line.substr(0, colon), colon == std::string_view::npos ? "" : line.substr(colon + 1)});
    }
    std::vector<uint8_t> frame(ipc::kMaxPayload);
    ipc::ResponseHeadWriter w(frame.data(), frame.size(), status);
    for (const HeaderField& f : in) w.add_header(f.name, f.value);
    if (!body.empty()) w.set_body(body);
    if (w.overflow()) return 0;
    frame.resize(w.size());
    ipc::ResponseHeadView v;
    check(ipc::decode_response_head(frame.data(), frame.size(), v) == ipc::DecodeError::None);

    ResponseFields::Head h;
    h.complete = flags & 1;
    h.head_method = flags & 2;
    h.names = (flags & 4) ? ResponseFields::NameCase::AsGiven : ResponseFields::NameCase::Lower;
    h.date = (flags & 8) ? "Thu, 03 Dec 2026 06:00:00 GMT" : "";
    h.alt_svc = (flags & 16) ? "h3=\":443\"; ma=86400" : "";
    ResponseFields rf;
    rf.build(v, h);
    const auto& out = rf.fields();

    bool handler_alt_svc = false, handler_close = false, handler_length = false;
    std::vector<HeaderField> kept;
    for (const HeaderField& f : in) {
        std::string n = lowered(f.name);
        if (n == "alt-svc") handler_alt_svc = true;
        if (n == "content-length") handler_length = true;
        if (n == "connection") {
            // Elements of a list, OWS trimmed: "close" among them.
            size_t i = 0;
            std::string val = lowered(f.value);
            while (i <= val.size()) {
                size_t j = val.find(',', i);
                if (j == std::string::npos) j = val.size();
                std::string t = val.substr(i, j - i);
                size_t a = t.find_first_not_of(" \t"), b = t.find_last_not_of(" \t");
                if (a != std::string::npos && t.substr(a, b - a + 1) == "close") handler_close = true;
                i = j + 1;
            }
        }
        if (!dropped(f.name)) kept.push_back(f);
    }
    check(rf.close_requested() == handler_close);

    size_t k = 0, dates = 0, alt = 0, lengths = 0;
    for (const HeaderField& f : out) {
        if (h.names == ResponseFields::NameCase::Lower) check(lowered(f.name) == f.name);
        std::string n = lowered(f.name);
        check(!n.empty() && n[0] != ':');
        check(n != "connection" && n != "keep-alive" && n != "proxy-connection" && n != "transfer-encoding" &&
              n != "upgrade");
        if (n == "date") {
            ++dates;
            check(f.value == h.date);
            continue;
        }
        if (n == "content-length") {
            ++lengths;
            check(f.value == rf.content_length());
            continue;
        }
        if (n == "alt-svc" && !handler_alt_svc) {
            ++alt;
            check(f.value == h.alt_svc);
            continue;
        }
        // The handler's own fields, in order, values untouched.
        check(k < kept.size() && lowered(kept[k].name) == n && kept[k].value == f.value);
        ++k;
    }
    check(k == kept.size());
    check(dates == (h.date.empty() ? 0u : 1u));
    check(alt == (!h.alt_svc.empty() && !handler_alt_svc ? 1u : 0u));
    check(lengths <= 1 && (lengths == 1) == !rf.content_length().empty());
    if (ResponseFields::bodyless_status(status)) check(lengths == 0);
    if (!ResponseFields::bodyless_status(status) && h.complete && !(h.head_method && handler_length)) {
        check(rf.content_length() == std::to_string(body.size()));
    }

    // Trailers: every field, names lowered, nothing added or dropped.
    rf.build_trailers(v);
    check(rf.fields().size() == in.size() && rf.content_length().empty());
    for (size_t i = 0; i < in.size(); ++i) {
        check(rf.fields()[i].name == lowered(in[i].name) && rf.fields()[i].value == in[i].value);
    }
    return 0;
}

// libFuzzer target for the multipart/form-data parser.
//
// Input layout: byte 0 picks the limits and where the boundary comes from; if its top bit is
// set the boundary is the fixed "XyZ" (so the fuzzer can reach deep parts without also having
// to guess a boundary), otherwise the next (byte0 & 0x3F) bytes are the boundary. The rest is
// the body. The whole input is also fed to multipart_boundary as a Content-Type.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "trident/http/multipart.h"

namespace {

void check(bool ok) {
    if (!ok) abort();
}

bool within(std::string_view outer, std::string_view inner) {
    if (inner.empty()) return true;
    return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace trident::http;
    std::string_view input(reinterpret_cast<const char*>(data), size);

    std::string_view ct_boundary;
    if (multipart_boundary(input, ct_boundary)) {
        check(within(input, ct_boundary));
        check(!ct_boundary.empty() && ct_boundary.size() <= kMaxMultipartBoundary);
    }

    if (size == 0) return 0;
    const uint8_t sel = data[0];
    std::string_view rest = input.substr(1);
    std::string_view boundary;
    if (sel & 0x80) {
        boundary = "XyZ";
    } else {
        size_t blen = std::min<size_t>(sel & 0x3F, rest.size());
        boundary = rest.substr(0, blen);
        rest.remove_prefix(blen);
    }
    const std::string_view body = rest;

    MultipartLimits limits;
    if (sel & 0x40) {
        // Small limits so the "too many" paths are reachable with short inputs.
        limits.max_parts = 4;
        limits.max_part_header_bytes = 96;
    }

    std::vector<MultipartPart> parts;
    const char* error = nullptr;
    if (!parse_multipart(body, boundary, limits, parts, &error)) {
        check(error != nullptr && std::strlen(error) > 0);
        check(parts.empty());
        return 0;
    }

    check(parts.size() <= limits.max_parts);
    const char* prev_end = body.data();
    std::string delimiter = "\r\n--";
    delimiter.append(boundary.data(), boundary.size());
    for (const MultipartPart& p : parts) {
        check(within(body, p.name));
        check(within(body, p.filename));
        check(within(body, p.content_type));
        check(within(body, p.data));
        check(p.has_filename || (p.filename.empty() && !p.filename_escaped));
        // Without an escape the raw view must already be the value.
        if (!p.name_escaped) check(unquote_param(p.name) == p.name);
        if (!p.filename_escaped) check(unquote_param(p.filename) == p.filename);
        // Parts come in body order and never overlap.
        if (!p.data.empty()) {
            check(p.data.data() >= prev_end);
            prev_end = p.data.data() + p.data.size();
        }
        // A part ends at the first delimiter, so any CRLF "--" boundary that starts inside the
        // data must, in the body, be followed by neither "--" nor padding + CRLF.
        const size_t data_begin = size_t(p.data.data() - body.data());
        const size_t data_end = data_begin + p.data.size();
        for (size_t at = body.find(delimiter, data_begin); at < data_end;
             at = body.find(delimiter, at + 1)) {
            size_t i = at + delimiter.size();
            bool close = body.size() - i >= 2 && body[i] == '-' && body[i + 1] == '-';
            while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) ++i;
            bool line = body.size() - i >= 2 && body[i] == '\r' && body[i + 1] == '\n';
            check(!close && !line);
        }
        // The data is always followed by the delimiter that ended it.
        check(body.substr(data_end, delimiter.size()) == delimiter);
    }
    return 0;
}

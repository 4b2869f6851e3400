// Whether a response is compressed, and how: the settings (http_compression*) and the rules
// that apply them to one request and its response head, without I/O (the worker's glue in
// src/server/worker_compression.cc applies the verdict).
//
// A response is a *candidate* when a coded form of it could be sent: compression is on, the
// request is not HEAD, the status has a body that may be coded (not 1xx, 204, 304, nor a 206
// or any response with Content-Range: a range of a coded body is not the coded range), the
// handler set no Content-Encoding (nothing is coded twice), and its media type matches
// http_compression_types (text/event-stream only with http_compression_event_stream). A
// candidate varies with Accept-Encoding (Vary is added when the request sent one). It is
// *compressed* when, in addition, the client accepts one of http_compression_encodings and
// the body is long enough: an end() body of at least http_compression_min_length bytes, or a
// streamed one (write()) whose Content-Length, when the handler gave one, is that long.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trident/core/header_field.h"
#include "trident/http/content_coding.h"

namespace trident::http {

struct CompressionSettings {
    bool enabled = true;                        // http_compression
    int levels[kContentCodingCount] = {0, 6, 4, 3};  // by ContentCoding (http_compression_level[s])
    size_t min_length = 1024;                   // http_compression_min_length
    // http_compression_types: lower-case media types, each exact ("application/json") or with
    // one "*" standing for any run of characters ("text/*", "application/*+json"); "*/*": all.
    std::vector<std::string> types = {"text/*",          "application/json", "application/javascript",
                                      "application/xml", "image/svg+xml",    "application/wasm",
                                      "application/*+json", "application/*+xml"};
    // http_compression_encodings: the server's preference order (ties in the client's weights).
    std::vector<ContentCoding> encodings = {ContentCoding::Brotli, ContentCoding::Zstd, ContentCoding::Gzip};
    // http_compression_event_stream: text/event-stream is compressed too (flushed per write(),
    // so events stay live). Off by default: some proxies and clients buffer coded streams.
    bool event_stream = false;
};

// Whether `pattern` is a valid http_compression_types entry: type "/" subtype of token
// characters with at most one "*" (or "*/*", every type). `normalized` gets it lower-cased.
bool valid_media_type_pattern(std::string_view pattern, std::string* normalized);
// Whether the media type of a Content-Type value (parameters ignored, case-insensitive)
// matches `pattern` (valid and lower-case).
bool media_type_matches(std::string_view content_type, std::string_view pattern);

// The request's side, read from its head.
struct CompressionRequest {
    bool head_method = false;
    AcceptEncoding accept;
};

struct CompressionVerdict {
    bool candidate = false;                      // add Vary: Accept-Encoding (if the request sent one)
    ContentCoding coding = ContentCoding::Identity;  // Identity: send the body as it is
};

// The verdict for a response head. `complete`: the head comes with the whole body (end()),
// whose length is body_size.
CompressionVerdict decide_compression(const CompressionSettings& s, const CompressionRequest& req, uint16_t status,
                                      const HeaderField* headers, size_t count, bool complete, size_t body_size);

}  // namespace trident::http

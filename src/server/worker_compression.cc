// Response compression in the worker: the CPU a body's coding costs is paid by the process
// that runs its request, never by a reactor, and one code path serves HTTP/1.1, HTTP/2 and
// HTTP/3 (the reactors forward coded bytes like any others).
//
// send_head asks the policy (http/compression_policy.h) for a verdict on the head. An end()
// body is coded whole, so its Content-Length is the coded length; a streamed one (write())
// gets an encoder that lives in the request until the response finishes, flushed at every
// write() so that each piece is decodable as soon as it arrives (SSE stays live), and its
// Content-Length is dropped (HTTP/1.1 chunks it). Credit (r->unacked) counts the coded bytes,
// which are what the client has to take.
#include <cstdint>
#include <string>

#include "trident/core/log.h"
#include "trident/http/compression_policy.h"
#include "trident/http/token.h"
#include "trident/server/shared_state.h"
#include "trident/server/worker.h"

namespace trident::server {

namespace {

using http::ContentCoding;
using http::iequals_ascii;

// A spare output buffer larger than this is freed rather than kept for the next response.
constexpr size_t kKeepEncodedBuffer = 256u << 10;

// Whether a comma-separated field value lists `token` (case-insensitive).
bool lists_token(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        size_t comma = value.find(',');
        std::string_view item = value.substr(0, comma);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (iequals_ascii(item, token)) return true;
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

// The shared counters (stats(), /metrics): bytes into and out of an encoder call.
void count_coded(size_t in, size_t out) {
    if (SharedState* st = shared_state()) {
        st->compression_bytes_in.fetch_add(in, std::memory_order_relaxed);
        st->compression_bytes_out.fetch_add(out, std::memory_order_relaxed);
    }
}

http::CompressionRequest compression_request(const WorkerRequest* r) {
    http::CompressionRequest q;
    q.head_method = r->head.method == "HEAD";
    ipc::HeaderCursor cursor = r->head.headers();
    HeaderField f;
    while (cursor.next(f)) {
        if (iequals_ascii(f.name, "accept-encoding")) q.accept.add(f.value);
    }
    return q;
}

}  // namespace

std::unique_ptr<http::Encoder> Worker::take_encoder(ContentCoding c) {
    std::unique_ptr<http::Encoder>& idle = idle_encoders_[size_t(c)];
    if (idle) return std::move(idle);
    return http::make_encoder(c, config_.compression.levels[size_t(c)]);
}

void Worker::release_coding(WorkerRequest* r) {
    if (r->encoder) {
        std::unique_ptr<http::Encoder>& idle = idle_encoders_[size_t(r->encoder->coding())];
        if (!idle && r->encoder->reset()) idle = std::move(r->encoder);
        r->encoder.reset();
    }
    static const size_t kInline = std::string().capacity();  // the short-string buffer holds nothing to give back
    if (r->encoded.capacity() > kInline) {
        r->encoded.clear();
        if (r->encoded.capacity() <= kKeepEncodedBuffer && r->encoded.capacity() > spare_encoded_.capacity()) {
            spare_encoded_.swap(r->encoded);
        }
        std::string().swap(r->encoded);
    }
}

bool Worker::send_head_coded(WorkerRequest* r, uint16_t status, const HeaderField* headers, size_t count,
                             std::string_view body, bool end) {
    http::CompressionRequest q = compression_request(r);
    // Without Accept-Encoding nothing is coded and no Vary is added: the verdict is moot.
    if (!q.accept.present()) return send_head_frames(r, status, headers, count, body, end);
    http::CompressionVerdict v = http::decide_compression(config_.compression, q, status, headers, count, end, body.size());
    bool vary = v.candidate && q.accept.present();
    if (!vary && v.coding == ContentCoding::Identity) return send_head_frames(r, status, headers, count, body, end);

    // Code the body first: should the library fail, the response goes out as it is.
    std::string_view out = body;
    bool coded = false;
    if (v.coding != ContentCoding::Identity) {
        std::unique_ptr<http::Encoder> e = take_encoder(v.coding);
        if (e) {
            if (r->encoded.capacity() <= std::string().capacity()) r->encoded.swap(spare_encoded_);
            r->encoded.clear();
            if (body.empty() && !end) {
                coded = true;  // nothing to flush yet
            } else {
                coded = e->encode(body, end ? http::Encoder::Mode::Finish : http::Encoder::Mode::Flush, r->encoded);
            }
            if (coded) {
                out = r->encoded;
                count_coded(body.size(), out.size());
                if (SharedState* st = shared_state()) {
                    st->compressed_responses[size_t(v.coding)].fetch_add(1, std::memory_order_relaxed);
                }
            }
            // With the request until it finishes (release_coding gives it back as the idle one):
            // a streamed body needs it at every write(); an end() body's stream is complete.
            r->encoder = std::move(e);
            if (!coded) {
                TRIDENT_LOG(Warning, "worker #%d: %s encoder failed; sending the response uncompressed", worker_id_,
                            std::string(http::content_coding_token(v.coding)).c_str());
                release_coding(r);
            }
        } else {
            TRIDENT_LOG(Warning, "worker #%d: no %s encoder (out of memory?); sending the response uncompressed",
                        worker_id_, std::string(http::content_coding_token(v.coding)).c_str());
        }
    }

    // The head as it goes out: views into the caller's fields and into this worker's buffers.
    coded_fields_.clear();
    coded_fields_.reserve(count + 2);
    bool vary_done = !vary;
    size_t vary_index = SIZE_MAX;
    bool etag_done = false;
    for (size_t i = 0; i < count; ++i) {
        const HeaderField& f = headers[i];
        if (coded && iequals_ascii(f.name, "content-length")) continue;  // the coded length replaces it
        if (coded && !etag_done && iequals_ascii(f.name, "etag")) {
            etag_done = true;
            // A strong validator names these exact bytes; the coded ones only share the meaning
            // (RFC 9110 §8.8.1), so it becomes weak.
            if (f.value.size() < 2 || f.value.substr(0, 2) != "W/") {
                etag_value_.assign("W/").append(f.value.data(), f.value.size());
                coded_fields_.push_back(HeaderField{f.name, etag_value_});
                continue;
            }
        }
        if (!vary_done && iequals_ascii(f.name, "vary")) {
            if (lists_token(f.value, "accept-encoding") || lists_token(f.value, "*")) vary_done = true;
            else vary_index = coded_fields_.size();
        }
        coded_fields_.push_back(f);
    }
    if (!vary_done) {
        if (vary_index != SIZE_MAX) {
            HeaderField& f = coded_fields_[vary_index];
            vary_value_.assign(f.value.data(), f.value.size()).append(", Accept-Encoding");
            f.value = vary_value_;
        } else {
            coded_fields_.push_back(HeaderField{"Vary", "Accept-Encoding"});
        }
    }
    if (coded) coded_fields_.push_back(HeaderField{"Content-Encoding", http::content_coding_token(v.coding)});
    bool ok = send_head_frames(r, status, coded_fields_.data(), coded_fields_.size(), out, end);
    if (!ok) release_coding(r);
    return ok;
}

bool Worker::send_body_coded(WorkerRequest* r, std::string_view data, bool end) {
    if (r->finished || r->aborted || !r->head_sent || r->upgrade_pending || r->detach_pending) return false;
    if (data.empty() && !end) return true;  // an empty write() flushes nothing new
    r->encoded.clear();
    if (!r->encoder->encode(data, end ? http::Encoder::Mode::Finish : http::Encoder::Mode::Flush, r->encoded)) {
        TRIDENT_LOG(Error, "worker #%d: %s encoder failed mid-stream; resetting the response", worker_id_,
                    std::string(http::content_coding_token(r->encoder->coding())).c_str());
        send_reset(r);
        return false;
    }
    count_coded(data.size(), r->encoded.size());
    // The view stays valid while sending suspends: the buffer is the request's.
    return send_body_frames(r, r->encoded, end);
}

bool Worker::finish_coding(WorkerRequest* r) {
    r->encoded.clear();
    if (!r->encoder->encode(std::string_view(), http::Encoder::Mode::Finish, r->encoded)) {
        send_reset(r);
        return false;
    }
    count_coded(0, r->encoded.size());
    bool ok = r->encoded.empty() || send_body_frames(r, r->encoded, false);
    // The trailers end the stream: the codec is done.
    release_coding(r);
    return ok;
}

}  // namespace trident::server

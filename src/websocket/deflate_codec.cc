#include "trident/websocket/deflate_codec.h"

#include <zlib.h>

#include <algorithm>
#include <string>

namespace trident::websocket {

namespace {

// The empty stored block a sync flush ends with (RFC 7692 §7.2.1 strips it, §7.2.2 puts it back).
constexpr uint8_t kTail[4] = {0x00, 0x00, 0xff, 0xff};

// Output produced per inflate() call: large enough that big messages take few calls, small
// enough that a bomb is noticed after little work past the limit.
constexpr size_t kInflateChunk = 64 * 1024;
// DEFLATE's largest window (and back-reference distance): 32 KiB.
constexpr int kMaxWindowBits = 15;

}  // namespace

// ---- Compressor ------------------------------------------------------------------------------

Compressor::Compressor() : zs_(new z_stream{}) {}

Compressor::~Compressor() {
    if (ready_) deflateEnd(zs_);
    delete zs_;
}

bool Compressor::init(int window_bits, bool no_context_takeover, int level, int mem_level) {
    if (ready_ || window_bits < 8 || window_bits > 15 || level < -1 || level > 9 || mem_level < 1 ||
        mem_level > 9)
        return false;
    // zlib refuses windowBits 8 for raw deflate (deflateInit2 returns Z_STREAM_ERROR for -8; with
    // its own wrapper it silently uses 9, "until 256-byte window bug fixed"). 9 is safe to use when
    // 8 was negotiated: zlib's deflate never emits a match farther back than the window size minus
    // MIN_LOOKAHEAD (262 bytes), so with a 512-byte window no distance exceeds 250 bytes and the
    // peer's 256-byte inflate window can always resolve it.
    const int bits = window_bits == 8 ? 9 : window_bits;
    if (deflateInit2(zs_, level, Z_DEFLATED, -bits, mem_level, Z_DEFAULT_STRATEGY) != Z_OK) return false;
    ready_ = true;
    no_context_takeover_ = no_context_takeover;
    return true;
}

bool Compressor::compress(std::string_view message, std::string& out) {
    if (!ready_) return false;
    const size_t start = out.size();
    // deflateBound is for Z_FINISH; a sync flush adds an empty stored block (5 bytes) plus up to
    // a partial byte, hence the slack. One resize covers nearly every message.
    // zlib counts in uInt: a message is handed over in pieces well below 4 GiB, and only the
    // last one is flushed.
    constexpr size_t kPiece = size_t(1) << 30;
    size_t chunk = std::min<size_t>(deflateBound(zs_, uLong(message.size())) + 16, kPiece);
    size_t off = 0;
    bool last = false;
    while (!last) {
        const size_t n = std::min(kPiece, message.size() - off);
        last = off + n == message.size();
        zs_->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(message.data() + off));
        zs_->avail_in = uInt(n);
        off += n;
        const int flush = last ? Z_SYNC_FLUSH : Z_NO_FLUSH;
        for (;;) {
            const size_t at = out.size();
            out.resize(at + chunk);
            zs_->next_out = reinterpret_cast<Bytef*>(&out[at]);
            zs_->avail_out = uInt(chunk);
            const int rc = deflate(zs_, flush);
            out.resize(at + chunk - zs_->avail_out);
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                out.resize(start);
                return false;
            }
            // zlib: with avail_out == 0 there may be more to come; call again with more room.
            if (zs_->avail_out != 0 && zs_->avail_in == 0) break;
            chunk = 64 * 1024;
        }
    }
    // The flush always ends with the empty stored block 00 00 ff ff; RFC 7692 §7.2.1 drops it.
    if (out.size() - start < 4 || out.compare(out.size() - 4, 4, reinterpret_cast<const char*>(kTail), 4) != 0) {
        out.resize(start);
        return false;
    }
    out.resize(out.size() - 4);
    if (no_context_takeover_ && deflateReset(zs_) != Z_OK) return false;
    return true;
}

// ---- Decompressor ----------------------------------------------------------------------------

Decompressor::Decompressor() : zs_(new z_stream{}) {}

Decompressor::~Decompressor() {
    if (ready_) inflateEnd(zs_);
    delete zs_;
}

bool Decompressor::init(int window_bits, bool no_context_takeover) {
    if (ready_ || window_bits < 8 || window_bits > 15) return false;
    // The full window whatever was negotiated: see the header.
    if (inflateInit2(zs_, -kMaxWindowBits) != Z_OK) return false;
    ready_ = true;
    no_context_takeover_ = no_context_takeover;
    window_bits_ = kMaxWindowBits;
    return true;
}

InflateStatus Decompressor::run(const uint8_t* data, size_t len, MessageBuffer& out) {
    zs_->next_in = const_cast<Bytef*>(data);
    zs_->avail_in = uInt(len);
    for (;;) {
        // Inflate straight into the message buffer's spare room. Once the limit is reached a
        // single probe byte on the stack tells whether the message would grow further.
        char probe;
        const size_t writable = out.prepare(kInflateChunk);
        const bool probing = writable == 0;
        zs_->next_out = reinterpret_cast<Bytef*>(probing ? &probe : out.tail());
        zs_->avail_out = uInt(probing ? 1 : writable);
        const int rc = inflate(zs_, Z_SYNC_FLUSH);
        const size_t produced = (probing ? 1 : writable) - zs_->avail_out;
        if (probing && produced) return InflateStatus::TooBig;
        if (!probing) out.commit(produced);
        switch (rc) {
            case Z_OK:
            case Z_BUF_ERROR:  // no progress possible without more input
                break;
            case Z_STREAM_END:
                stream_ended_ = true;
                return InflateStatus::Ok;
            case Z_MEM_ERROR:
                return InflateStatus::NoMemory;
            default:  // Z_DATA_ERROR, Z_NEED_DICT (a raw stream never asks), Z_STREAM_ERROR
                return InflateStatus::Corrupt;
        }
        // Everything consumed and the output not full: zlib holds nothing more for now.
        if (zs_->avail_in == 0 && zs_->avail_out != 0) return InflateStatus::Ok;
    }
}

InflateStatus Decompressor::feed(const char* data, size_t len, MessageBuffer& out) {
    if (!ready_) return InflateStatus::Corrupt;
    if (len == 0) return InflateStatus::Ok;
    // After a BFINAL block only the (stripped) tail may follow within the message.
    if (stream_ended_) return InflateStatus::Corrupt;
    // zlib counts in uInt: hand it pieces well below 4 GiB.
    constexpr size_t kPiece = size_t(1) << 30;
    const auto* p = reinterpret_cast<const uint8_t*>(data);
    for (size_t off = 0; off < len;) {
        const size_t n = std::min(kPiece, len - off);
        InflateStatus st = run(p + off, n, out);
        if (st != InflateStatus::Ok) return st;
        off += n;
        if (stream_ended_ && (zs_->avail_in != 0 || off < len)) return InflateStatus::Corrupt;
    }
    return InflateStatus::Ok;
}

InflateStatus Decompressor::finish(MessageBuffer& out) {
    if (!ready_) return InflateStatus::Corrupt;
    if (!stream_ended_) {
        // Bytes of the tail left over when it completes a BFINAL block are ignored.
        InflateStatus st = run(kTail, sizeof kTail, out);
        if (st != InflateStatus::Ok) return st;
    }
    if (stream_ended_) {
        stream_ended_ = false;
        if (!(no_context_takeover_ ? inflateReset(zs_) == Z_OK : reset_keeping_window()))
            return InflateStatus::NoMemory;
    } else if (no_context_takeover_ && inflateReset(zs_) != Z_OK) {
        return InflateStatus::NoMemory;
    }
    return InflateStatus::Ok;
}

InflateStatus Decompressor::decompress(std::string_view message, MessageBuffer& out) {
    InflateStatus st = feed(message.data(), message.size(), out);
    return st == InflateStatus::Ok ? finish(out) : st;
}

void Decompressor::abandon() {
    if (ready_) inflateReset(zs_);
    stream_ended_ = false;
}

// After a BFINAL block zlib's stream is over and must be reset, which also empties the window;
// with context takeover the next message may still refer back into it, so the window is saved
// and set again as a preset dictionary (allowed right after inflateReset for raw inflate).
bool Decompressor::reset_keeping_window() {
    std::string window(size_t(1) << window_bits_, '\0');
    uInt len = uInt(window.size());
    if (inflateGetDictionary(zs_, reinterpret_cast<Bytef*>(&window[0]), &len) != Z_OK) return false;
    if (inflateReset(zs_) != Z_OK) return false;
    return len == 0 || inflateSetDictionary(zs_, reinterpret_cast<const Bytef*>(window.data()), len) == Z_OK;
}

}  // namespace trident::websocket

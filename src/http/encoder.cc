// gzip, brotli and zstd encoders: see include/trident/http/encoder.h.
#include "trident/http/encoder.h"

#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

#include <climits>

namespace trident::http {

namespace {

// Output room added per round when the first estimate was short (a flush marker, a trailer).
constexpr size_t kMinRoom = 256;

// The history brotli and zstd keep: 512 KiB (their defaults at these levels are 4 MiB and
// 2 MiB). A long streamed response (an event stream) holds its encoder until it ends, and the
// window is most of that memory: capped, a stream costs about 1.2-1.5 MiB instead of 3-4,
// while bodies up to the window lose nothing and larger ones a few percent of ratio.
constexpr int kWindowLog = 19;

// Makes `room` writable bytes at the end of `out` and returns where they start; shrink() then
// trims what the codec did not use. std::string keeps its capacity, so a buffer reused across
// calls stops allocating once it has reached the largest output.
char* grow(std::string& out, size_t room) {
    size_t old = out.size();
    out.resize(old + room);
    return &out[old];
}
void shrink(std::string& out, size_t unused) { out.resize(out.size() - unused); }

class GzipEncoder final : public Encoder {
public:
    explicit GzipEncoder(int level) : Encoder(ContentCoding::Gzip) {
        // windowBits 15 + 16: a gzip wrapper (RFC 1952) rather than zlib's (RFC 1950), which is
        // what "gzip" means in Content-Encoding. memLevel 8 is zlib's default.
        ok_ = deflateInit2(&z_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~GzipEncoder() override {
        if (ok_) deflateEnd(&z_);
    }
    bool ok() const { return ok_; }

    bool encode(std::string_view in, Mode mode, std::string& out) override {
        const int flush = mode == Mode::Finish ? Z_FINISH : Z_SYNC_FLUSH;
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        size_t left = in.size();
        for (;;) {
            // zlib counts in uInt: a larger input goes in slices, each fully consumed.
            uInt slice = left > UINT_MAX ? UINT_MAX : uInt(left);
            z_.avail_in = slice;
            bool last_slice = slice == left;
            int f = last_slice ? flush : Z_NO_FLUSH;
            size_t room = size_t(deflateBound(&z_, slice)) + kMinRoom;
            for (;;) {
                z_.next_out = reinterpret_cast<Bytef*>(grow(out, room));
                z_.avail_out = uInt(room);
                int rc = deflate(&z_, f);
                shrink(out, z_.avail_out);
                if (rc == Z_STREAM_ERROR) return false;
                if (f == Z_FINISH ? rc == Z_STREAM_END : (z_.avail_in == 0 && z_.avail_out != 0)) break;
                room = kMinRoom * 64;
            }
            left -= slice;
            if (last_slice) return true;
        }
    }

    bool reset() override { return ok_ && deflateReset(&z_) == Z_OK; }

private:
    z_stream z_{};
    bool ok_ = false;
};

class BrotliEncoder final : public Encoder {
public:
    explicit BrotliEncoder(int level) : Encoder(ContentCoding::Brotli), level_(level) { make(); }
    ~BrotliEncoder() override {
        if (s_) BrotliEncoderDestroyInstance(s_);
    }
    bool ok() const { return s_ != nullptr; }

    bool encode(std::string_view in, Mode mode, std::string& out) override {
        if (!s_) return false;
        BrotliEncoderOperation op = mode == Mode::Finish ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_FLUSH;
        const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
        size_t avail_in = in.size();
        size_t room = BrotliEncoderMaxCompressedSize(avail_in);
        if (room == 0) room = avail_in + (avail_in >> 3) + kMinRoom;  // 0: the bound overflowed
        room += kMinRoom;
        for (;;) {
            uint8_t* next_out = reinterpret_cast<uint8_t*>(grow(out, room));
            size_t avail_out = room;
            bool ok = BrotliEncoderCompressStream(s_, op, &avail_in, &next_in, &avail_out, &next_out, nullptr);
            shrink(out, avail_out);
            if (!ok) return false;
            bool done = avail_in == 0 && !BrotliEncoderHasMoreOutput(s_) &&
                        (op != BROTLI_OPERATION_FINISH || BrotliEncoderIsFinished(s_));
            if (done) return true;
            room = kMinRoom * 64;
        }
    }

    // The library has no reset: a new instance (its buffers are allocated on first use).
    bool reset() override {
        if (s_) BrotliEncoderDestroyInstance(s_);
        make();
        return s_ != nullptr;
    }

private:
    void make() {
        s_ = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
        if (s_ && (!BrotliEncoderSetParameter(s_, BROTLI_PARAM_QUALITY, uint32_t(level_)) ||
                   !BrotliEncoderSetParameter(s_, BROTLI_PARAM_LGWIN, uint32_t(kWindowLog)))) {
            BrotliEncoderDestroyInstance(s_);
            s_ = nullptr;
        }
    }
    BrotliEncoderState* s_ = nullptr;
    int level_;
};

class ZstdEncoder final : public Encoder {
public:
    explicit ZstdEncoder(int level) : Encoder(ContentCoding::Zstd) {
        c_ = ZSTD_createCCtx();
        if (c_ && (ZSTD_isError(ZSTD_CCtx_setParameter(c_, ZSTD_c_compressionLevel, level)) ||
                   ZSTD_isError(ZSTD_CCtx_setParameter(c_, ZSTD_c_windowLog, kWindowLog)))) {
            ZSTD_freeCCtx(c_);
            c_ = nullptr;
        }
    }
    ~ZstdEncoder() override { ZSTD_freeCCtx(c_); }
    bool ok() const { return c_ != nullptr; }

    bool encode(std::string_view in, Mode mode, std::string& out) override {
        if (!c_) return false;
        // A first call that ends the stream makes a single frame that records the content size.
        ZSTD_EndDirective directive = mode == Mode::Finish ? ZSTD_e_end : ZSTD_e_flush;
        ZSTD_inBuffer ib{in.data(), in.size(), 0};
        size_t room = ZSTD_compressBound(in.size()) + kMinRoom;
        for (;;) {
            ZSTD_outBuffer ob{grow(out, room), room, 0};
            size_t pending = ZSTD_compressStream2(c_, &ob, &ib, directive);
            shrink(out, room - ob.pos);
            if (ZSTD_isError(pending)) return false;
            if (pending == 0 && ib.pos == ib.size) return true;
            room = pending > kMinRoom ? pending : kMinRoom;
        }
    }

    bool reset() override { return c_ && !ZSTD_isError(ZSTD_CCtx_reset(c_, ZSTD_reset_session_only)); }

private:
    ZSTD_CCtx* c_ = nullptr;
};

template <class E>
std::unique_ptr<Encoder> checked(std::unique_ptr<E> e) {
    if (!e->ok()) return nullptr;
    return e;
}

std::string dotted(unsigned v) {
    // Brotli's version number: major << 24 | minor << 12 | patch.
    return std::to_string(v >> 24) + "." + std::to_string((v >> 12) & 0xfff) + "." + std::to_string(v & 0xfff);
}

}  // namespace

int content_coding_min_level(ContentCoding c) {
    switch (c) {
        case ContentCoding::Gzip: return 1;
        case ContentCoding::Brotli: return 0;
        case ContentCoding::Zstd: return 1;
        default: return 0;
    }
}

int content_coding_max_level(ContentCoding c) {
    switch (c) {
        case ContentCoding::Gzip: return 9;
        case ContentCoding::Brotli: return 11;
        case ContentCoding::Zstd: return 19;
        default: return 0;
    }
}

int content_coding_default_level(ContentCoding c) {
    switch (c) {
        case ContentCoding::Gzip: return 6;
        case ContentCoding::Brotli: return 4;
        case ContentCoding::Zstd: return 3;
        default: return 0;
    }
}

std::unique_ptr<Encoder> make_encoder(ContentCoding c, int level) {
    if (c == ContentCoding::Identity || level < content_coding_min_level(c) || level > content_coding_max_level(c)) {
        return nullptr;
    }
    switch (c) {
        case ContentCoding::Gzip: return checked(std::make_unique<GzipEncoder>(level));
        case ContentCoding::Brotli: return checked(std::make_unique<BrotliEncoder>(level));
        case ContentCoding::Zstd: return checked(std::make_unique<ZstdEncoder>(level));
        default: return nullptr;
    }
}

std::string zlib_library_version() { return zlibVersion(); }
std::string brotli_library_version() { return dotted(BrotliEncoderVersion()); }
std::string zstd_library_version() { return ZSTD_versionString(); }

}  // namespace trident::http

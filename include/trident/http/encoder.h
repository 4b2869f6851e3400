// Response body encoders for the content codings of content_coding.h: gzip (zlib), brotli
// (libbrotlienc) and zstd (libzstd), behind one small interface. The library state lives in
// the .cc: this header pulls in no codec header.
//
// An encoder turns one body into one coded stream, fed piece by piece. Each call appends the
// output to the caller's buffer (which only grows: no other allocation per call) and says how
// far the stream must be readable by the client afterwards:
//   Flush  — everything fed so far can be decoded from the output (a streamed write(), an SSE
//            event: Z_SYNC_FLUSH / BROTLI_OPERATION_FLUSH / ZSTD_e_flush);
//   Finish — the stream ends (end()); the encoder then needs reset() before another body.
// Memory: gzip keeps zlib's 32 KiB window (~256 KiB of state); brotli and zstd are capped at a
// 512 KiB window (1.2-1.5 MiB of state for a long stream), see kWindowLog in encoder.cc.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "trident/http/content_coding.h"

namespace trident::http {

class Encoder {
public:
    enum class Mode { Flush, Finish };
    virtual ~Encoder() = default;
    ContentCoding coding() const { return coding_; }
    // Appends the coded form of `in` to `out`. False when the library fails (out of memory):
    // the stream is then unusable.
    virtual bool encode(std::string_view in, Mode mode, std::string& out) = 0;
    // Starts a new stream with the same coding and level (cheaper than a new encoder for gzip
    // and zstd). False when the library fails.
    virtual bool reset() = 0;

protected:
    explicit Encoder(ContentCoding c) : coding_(c) {}

private:
    ContentCoding coding_;
};

// The levels each coding takes: gzip 1-9, brotli 0-11, zstd 1-19 (the "ultra" levels above
// 19 need windows of up to 128 MiB per stream and are not offered).
int content_coding_min_level(ContentCoding c);
int content_coding_max_level(ContentCoding c);
// The default level: gzip 6 (zlib's own), brotli 4, zstd 3 (each library's fast-and-good
// point for dynamic responses; brotli's 11 costs ~50x the CPU of 4).
int content_coding_default_level(ContentCoding c);

// A new encoder at `level` (within the coding's range). Null for Identity, a level out of
// range, or when the library cannot allocate its state.
std::unique_ptr<Encoder> make_encoder(ContentCoding c, int level);

// The library versions the encoders run with, as "1.2.13" (for `php --ri trident`).
std::string zlib_library_version();
std::string brotli_library_version();
std::string zstd_library_version();

}  // namespace trident::http

// Response compression: Accept-Encoding negotiation, the policy, the encoders (decoded back
// with each library's own decoder) and the http_compression_* settings.
#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "trident/http/compression_policy.h"
#include "trident/http/content_coding.h"
#include "trident/http/encoder.h"
#include "trident/server/settings.h"

using trident::HeaderField;
using trident::http::AcceptEncoding;
using trident::http::CompressionRequest;
using trident::http::CompressionSettings;
using trident::http::CompressionVerdict;
using trident::http::ContentCoding;
using trident::http::Encoder;
using trident::http::decide_compression;
using trident::http::make_encoder;
using trident::http::media_type_matches;
using trident::http::valid_media_type_pattern;
using namespace trident::server;

namespace {

const ContentCoding kServerOrder[] = {ContentCoding::Brotli, ContentCoding::Zstd, ContentCoding::Gzip};

ContentCoding choose(std::initializer_list<const char*> fields,
                     std::vector<ContentCoding> order = {ContentCoding::Brotli, ContentCoding::Zstd, ContentCoding::Gzip}) {
    AcceptEncoding a;
    for (const char* f : fields) a.add(f);
    return a.choose(order.data(), order.size());
}

std::string gunzip(const std::string& in) {
    z_stream z{};
    REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
    std::string out;
    char buf[65536];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = uInt(in.size());
    int rc;
    do {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        REQUIRE((rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR));
        out.append(buf, sizeof buf - z.avail_out);
    } while (rc != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
    inflateEnd(&z);
    return out;
}

std::string unbrotli(const std::string& in) {
    BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
    size_t avail_in = in.size();
    std::string out;
    uint8_t buf[65536];
    BrotliDecoderResult rc;
    do {
        uint8_t* next_out = buf;
        size_t avail_out = sizeof buf;
        rc = BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
        out.append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
        REQUIRE(rc != BROTLI_DECODER_RESULT_ERROR);
    } while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT || (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT && avail_in > 0));
    BrotliDecoderDestroyInstance(s);
    return out;
}

std::string unzstd(const std::string& in) {
    ZSTD_DStream* d = ZSTD_createDStream();
    ZSTD_inBuffer ib{in.data(), in.size(), 0};
    std::string out;
    char buf[65536];
    while (ib.pos < ib.size) {
        ZSTD_outBuffer ob{buf, sizeof buf, 0};
        size_t rc = ZSTD_decompressStream(d, &ob, &ib);
        REQUIRE_FALSE(ZSTD_isError(rc));
        out.append(buf, ob.pos);
        if (ob.pos == 0 && rc == 0) break;
    }
    // Drain what is buffered.
    for (;;) {
        ZSTD_outBuffer ob{buf, sizeof buf, 0};
        size_t rc = ZSTD_decompressStream(d, &ob, &ib);
        REQUIRE_FALSE(ZSTD_isError(rc));
        out.append(buf, ob.pos);
        if (ob.pos < sizeof buf) break;
    }
    ZSTD_freeDStream(d);
    return out;
}

std::string decode(ContentCoding c, const std::string& in) {
    switch (c) {
        case ContentCoding::Gzip: return gunzip(in);
        case ContentCoding::Brotli: return unbrotli(in);
        case ContentCoding::Zstd: return unzstd(in);
        default: return in;
    }
}

std::string text_body(size_t n) {
    std::string s;
    std::mt19937 rng(42);
    static const char* words[] = {"alpha", "beta", "gamma", "delta", "{\"k\":", "1234", "\n", " "};
    while (s.size() < n) s += words[rng() % 8];
    s.resize(n);
    return s;
}

CompressionVerdict verdict(std::vector<HeaderField> headers, uint16_t status = 200, bool complete = true,
                           size_t size = 4096, const char* accept = "gzip", bool head = false,
                           const CompressionSettings& s = CompressionSettings()) {
    CompressionRequest q;
    q.head_method = head;
    if (accept) q.accept.add(accept);
    return decide_compression(s, q, status, headers.data(), headers.size(), complete, size);
}

}  // namespace

TEST_CASE("accept-encoding: q-values, wildcard, identity and server preference", "[compression]") {
    CHECK(choose({"gzip"}) == ContentCoding::Gzip);
    CHECK(choose({"br;q=1, gzip;q=0.5"}) == ContentCoding::Brotli);
    CHECK(choose({"br;q=0.5, gzip;q=1"}) == ContentCoding::Gzip);
    CHECK(choose({"gzip, br, zstd"}) == ContentCoding::Brotli);  // equal weights: the server's order
    CHECK(choose({"gzip, br, zstd"}, {ContentCoding::Gzip, ContentCoding::Zstd}) == ContentCoding::Gzip);
    CHECK(choose({"gzip;q=0, br"}) == ContentCoding::Brotli);
    CHECK(choose({"gzip;q=0"}) == ContentCoding::Identity);
    CHECK(choose({"*"}) == ContentCoding::Brotli);
    CHECK(choose({"*;q=0"}) == ContentCoding::Identity);
    CHECK(choose({"*;q=0.1, gzip"}) == ContentCoding::Gzip);
    CHECK(choose({"*, br;q=0"}) == ContentCoding::Zstd);
    CHECK(choose({"identity;q=0"}) == ContentCoding::Identity);
    CHECK(choose({"identity"}) == ContentCoding::Identity);
    CHECK(choose({""}) == ContentCoding::Identity);
    CHECK(choose({"deflate, compress, lzma"}) == ContentCoding::Identity);
    CHECK(choose({"GZIP"}) == ContentCoding::Gzip);
    CHECK(choose({"x-gzip"}) == ContentCoding::Gzip);
    CHECK(choose({"  gzip ;  q=0.8 ,\tBr ; Q=0.9 "}) == ContentCoding::Brotli);
    CHECK(choose({"gzip", "br"}) == ContentCoding::Brotli);  // two fields form one list
    CHECK(choose({"br;q=0.001"}) == ContentCoding::Brotli);
    CHECK(choose({"br;q=0.000"}) == ContentCoding::Identity);
    CHECK(choose({"br;q=1.000, gzip;q=0.999"}) == ContentCoding::Brotli);
    // Malformed elements are skipped, never read as fully acceptable.
    CHECK(choose({"br;q=2"}) == ContentCoding::Identity);
    CHECK(choose({"br;q=1.5"}) == ContentCoding::Identity);
    CHECK(choose({"br;q=0.1234"}) == ContentCoding::Identity);
    CHECK(choose({"br;q="}) == ContentCoding::Identity);
    CHECK(choose({"br;q"}) == ContentCoding::Identity);
    CHECK(choose({"br;q=abc, gzip"}) == ContentCoding::Gzip);
    CHECK(choose({"b r, gzip"}) == ContentCoding::Gzip);
    CHECK(choose({",,, gzip,,"}) == ContentCoding::Gzip);
    CHECK(choose({";q=1, zstd"}) == ContentCoding::Zstd);
    CHECK(choose({"gzip;level=1;q=0.5, zstd;q=0.4"}) == ContentCoding::Gzip);  // other parameters are ignored

    AcceptEncoding a;
    CHECK_FALSE(a.present());
    a.add("");
    CHECK(a.present());
    CHECK(a.quality(ContentCoding::Identity) == 1000);
    AcceptEncoding b;
    b.add("gzip;q=0.25, *;q=0");
    CHECK(b.quality(ContentCoding::Gzip) == 250);
    CHECK(b.quality(ContentCoding::Brotli) == 0);
    CHECK(b.quality(ContentCoding::Identity) == 0);
}

TEST_CASE("compression policy: candidates, codings and the cases left alone", "[compression]") {
    HeaderField json{"Content-Type", "application/json"};
    CHECK(verdict({json}).candidate);
    CHECK(verdict({json}).coding == ContentCoding::Gzip);
    CHECK(verdict({{"content-type", "Text/HTML; charset=utf-8"}}).coding == ContentCoding::Gzip);
    CHECK(verdict({{"Content-Type", "image/svg+xml"}}).coding == ContentCoding::Gzip);
    CHECK(verdict({{"Content-Type", "application/ld+json"}}).coding == ContentCoding::Gzip);
    CHECK(verdict({{"Content-Type", "application/atom+xml"}}).coding == ContentCoding::Gzip);
    CHECK(verdict({{"Content-Type", "application/wasm"}}).coding == ContentCoding::Gzip);
    // Not compressible: not even a candidate (no Vary).
    CHECK_FALSE(verdict({{"Content-Type", "image/png"}}).candidate);
    CHECK_FALSE(verdict({{"Content-Type", "application/octet-stream"}}).candidate);
    CHECK_FALSE(verdict({}).candidate);
    CHECK_FALSE(verdict({json}, 204).candidate);
    CHECK_FALSE(verdict({json}, 304).candidate);
    CHECK_FALSE(verdict({json}, 206).candidate);
    CHECK_FALSE(verdict({json}, 101).candidate);
    CHECK_FALSE(verdict({json, {"Content-Range", "bytes 0-9/100"}}).candidate);
    CHECK_FALSE(verdict({json, {"Content-Encoding", "gzip"}}).candidate);
    CHECK(verdict({json, {"Content-Encoding", "identity"}}).coding == ContentCoding::Gzip);
    CHECK_FALSE(verdict({json}, 200, true, 4096, "gzip", true).candidate);  // HEAD
    // Candidates not compressed: below the minimum, or nothing acceptable.
    CompressionVerdict small = verdict({json}, 200, true, 1023);
    CHECK(small.candidate);
    CHECK(small.coding == ContentCoding::Identity);
    CHECK(verdict({json}, 200, true, 1024).coding == ContentCoding::Gzip);
    CHECK(verdict({json}, 200, true, 4096, "identity").coding == ContentCoding::Identity);
    CHECK(verdict({json}, 200, true, 4096, nullptr).coding == ContentCoding::Identity);
    CHECK(verdict({json}, 200, true, 4096, nullptr).candidate);
    // Streamed: the handler's Content-Length, when there is one, must reach the minimum.
    CHECK(verdict({json}, 200, false, 0).coding == ContentCoding::Gzip);
    CHECK(verdict({json, {"Content-Length", "100"}}, 200, false, 0).coding == ContentCoding::Identity);
    CHECK(verdict({json, {"Content-Length", "5000"}}, 200, false, 0).coding == ContentCoding::Gzip);
    // Server-sent events only with http_compression_event_stream.
    HeaderField sse{"Content-Type", "text/event-stream"};
    CHECK_FALSE(verdict({sse}, 200, false, 0).candidate);
    CompressionSettings s;
    s.event_stream = true;
    CHECK(verdict({sse}, 200, false, 0, "gzip", false, s).coding == ContentCoding::Gzip);
    s.enabled = false;
    CHECK_FALSE(verdict({json}, 200, true, 4096, "gzip", false, s).candidate);
    // Types and order from the settings.
    CompressionSettings t;
    t.types = {"application/x-custom"};
    t.encodings = {ContentCoding::Zstd, ContentCoding::Gzip};
    CHECK_FALSE(verdict({json}, 200, true, 4096, "gzip", false, t).candidate);
    CHECK(verdict({{"Content-Type", "application/X-Custom"}}, 200, true, 4096, "gzip, br, zstd", false, t).coding ==
          ContentCoding::Zstd);
    CHECK(verdict({{"Content-Type", "application/x-custom"}}, 200, true, 4096, "br", false, t).coding ==
          ContentCoding::Identity);
}

TEST_CASE("compression policy: media type patterns", "[compression]") {
    std::string n;
    CHECK(valid_media_type_pattern("Text/*", &n));
    CHECK(n == "text/*");
    CHECK(valid_media_type_pattern("application/*+json", &n));
    CHECK(valid_media_type_pattern("*/*", &n));
    CHECK_FALSE(valid_media_type_pattern("text", &n));
    CHECK_FALSE(valid_media_type_pattern("/json", &n));
    CHECK_FALSE(valid_media_type_pattern("text/", &n));
    CHECK_FALSE(valid_media_type_pattern("a/b/c", &n));
    CHECK_FALSE(valid_media_type_pattern("text/*;charset", &n));
    CHECK_FALSE(valid_media_type_pattern("*/*+*", &n));
    CHECK_FALSE(valid_media_type_pattern("te xt/html", &n));
    CHECK(media_type_matches("text/plain", "text/*"));
    CHECK(media_type_matches(" TEXT/plain ; charset=x", "text/*"));
    CHECK_FALSE(media_type_matches("texts/plain", "text/*"));
    CHECK(media_type_matches("application/vnd.api+json", "application/*+json"));
    CHECK_FALSE(media_type_matches("application/json", "application/*+json"));
    CHECK(media_type_matches("application/json", "application/json"));
    CHECK_FALSE(media_type_matches("application/jsonx", "application/json"));
    CHECK(media_type_matches("anything/at-all", "*/*"));
    CHECK_FALSE(media_type_matches("nonsense", "*/*"));
    CHECK_FALSE(valid_media_type_pattern("*/x*", &n));
}

TEST_CASE("encoders: one-shot, streamed with flushes, reset, every level bound", "[compression]") {
    for (ContentCoding c : kServerOrder) {
        INFO("coding " << int(c));
        for (int level : {trident::http::content_coding_min_level(c), trident::http::content_coding_default_level(c),
                          trident::http::content_coding_max_level(c)}) {
            INFO("level " << level);
            auto e = make_encoder(c, level);
            REQUIRE(e);
            CHECK(e->coding() == c);
            std::string body = text_body(100000);
            std::string out;
            REQUIRE(e->encode(body, Encoder::Mode::Finish, out));
            CHECK(out.size() < body.size() / 2);
            CHECK(decode(c, out) == body);
            // The same encoder, reset, codes the next body on its own.
            REQUIRE(e->reset());
            std::string out2;
            REQUIRE(e->encode("second body", Encoder::Mode::Finish, out2));
            CHECK(decode(c, out2) == "second body");
        }
        CHECK_FALSE(make_encoder(c, trident::http::content_coding_max_level(c) + 1));
        CHECK_FALSE(make_encoder(c, trident::http::content_coding_min_level(c) - 1));

        // Streamed: after each flush, what was fed so far decodes from the output so far.
        auto e = make_encoder(c, trident::http::content_coding_default_level(c));
        REQUIRE(e);
        std::string out, fed;
        for (int i = 0; i < 5; ++i) {
            std::string event = "data: event " + std::to_string(i) + "\n\n";
            fed += event;
            REQUIRE(e->encode(event, Encoder::Mode::Flush, out));
            if (c == ContentCoding::Gzip) {
                // zlib inflates a flushed prefix of an unfinished stream.
                z_stream z{};
                REQUIRE(inflateInit2(&z, 31) == Z_OK);
                std::string got(4096, '\0');
                z.next_in = reinterpret_cast<Bytef*>(out.data());
                z.avail_in = uInt(out.size());
                z.next_out = reinterpret_cast<Bytef*>(got.data());
                z.avail_out = uInt(got.size());
                int rc = inflate(&z, Z_SYNC_FLUSH);
                CHECK(rc == Z_OK);
                got.resize(got.size() - z.avail_out);
                inflateEnd(&z);
                CHECK(got == fed);
            } else if (c == ContentCoding::Brotli) {
                BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
                const uint8_t* in = reinterpret_cast<const uint8_t*>(out.data());
                size_t avail_in = out.size();
                uint8_t buf[4096];
                uint8_t* o = buf;
                size_t avail_out = sizeof buf;
                CHECK(BrotliDecoderDecompressStream(s, &avail_in, &in, &avail_out, &o, nullptr) ==
                      BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT);
                CHECK(std::string(reinterpret_cast<char*>(buf), sizeof buf - avail_out) == fed);
                BrotliDecoderDestroyInstance(s);
            } else {
                ZSTD_DStream* d = ZSTD_createDStream();
                ZSTD_inBuffer ib{out.data(), out.size(), 0};
                char buf[4096];
                ZSTD_outBuffer ob{buf, sizeof buf, 0};
                CHECK_FALSE(ZSTD_isError(ZSTD_decompressStream(d, &ob, &ib)));
                CHECK(std::string(buf, ob.pos) == fed);
                ZSTD_freeDStream(d);
            }
        }
        REQUIRE(e->encode("", Encoder::Mode::Finish, out));
        CHECK(decode(c, out) == fed);
    }
    CHECK_FALSE(make_encoder(ContentCoding::Identity, 0));
}

TEST_CASE("encoders: large and incompressible bodies round trip", "[compression]") {
    std::string noise(3u << 20, '\0');
    std::mt19937 rng(7);
    for (char& ch : noise) ch = char(rng());
    std::string text = text_body(5u << 20);
    for (ContentCoding c : kServerOrder) {
        INFO("coding " << int(c));
        auto e = make_encoder(c, trident::http::content_coding_default_level(c));
        REQUIRE(e);
        std::string out;
        REQUIRE(e->encode(noise, Encoder::Mode::Finish, out));
        CHECK(decode(c, out) == noise);
        REQUIRE(e->reset());
        out.clear();
        // Fed in uneven pieces, flushed each time.
        for (size_t pos = 0; pos < text.size(); pos += 700001) {
            REQUIRE(e->encode(std::string_view(text).substr(pos, 700001), Encoder::Mode::Flush, out));
        }
        REQUIRE(e->encode("", Encoder::Mode::Finish, out));
        CHECK(decode(c, out) == text);
    }
}

TEST_CASE("accept-encoding tokens", "[compression]") {
    ContentCoding c;
    CHECK(trident::http::content_coding_from_token("Br", c));
    CHECK(c == ContentCoding::Brotli);
    CHECK(trident::http::content_coding_from_token("ZSTD", c));
    CHECK(c == ContentCoding::Zstd);
    CHECK_FALSE(trident::http::content_coding_from_token("deflate", c));
    CHECK(trident::http::content_coding_token(ContentCoding::Brotli) == "br");
    CHECK(trident::http::content_coding_token(ContentCoding::Gzip) == "gzip");
    CHECK(trident::http::content_coding_token(ContentCoding::Zstd) == "zstd");
    CHECK(!trident::http::zlib_library_version().empty());
    CHECK(trident::http::brotli_library_version().find('.') != std::string::npos);
    CHECK(trident::http::zstd_library_version().find('.') != std::string::npos);
}

namespace {

SettingArray list(std::vector<SettingArrayEntry> entries) {
    SettingArray a;
    a.entries = std::move(entries);
    return a;
}
SettingArrayEntry str(std::string v, std::string key = "") {
    SettingArrayEntry e;
    e.string_key = !key.empty();
    e.key = std::move(key);
    e.type = SettingArrayEntry::Type::String;
    e.text = std::move(v);
    e.type_name = "string";
    return e;
}
SettingArrayEntry num(int64_t v, std::string key = "") {
    SettingArrayEntry e;
    e.string_key = !key.empty();
    e.key = std::move(key);
    e.type = SettingArrayEntry::Type::Int;
    e.number = v;
    e.type_name = "int";
    return e;
}

std::string apply(ServerConfig& c, const char* key, const SettingValue& v) {
    std::string error;
    SettingResult r = apply_setting(c, key, v, &error);
    return r == SettingResult::Applied ? "ok" : error;
}

}  // namespace

TEST_CASE("settings: http_compression_*", "[compression][settings]") {
    ServerConfig c;
    CHECK(c.compression.enabled);
    CHECK(c.compression.min_length == 1024);
    CHECK(c.compression.levels[size_t(ContentCoding::Gzip)] == 6);
    CHECK(c.compression.levels[size_t(ContentCoding::Brotli)] == 4);
    CHECK(c.compression.levels[size_t(ContentCoding::Zstd)] == 3);

    CHECK(apply(c, "http_compression", false) == "ok");
    CHECK_FALSE(c.compression.enabled);
    CHECK(apply(c, "http_compression", int64_t(1)) == "Setting \"http_compression\" must be of type bool, int given");
    CHECK(apply(c, "http_compression_event_stream", true) == "ok");
    CHECK(c.compression.event_stream);

    CHECK(apply(c, "http_compression_level", int64_t(9)) == "ok");
    CHECK(c.compression.levels[size_t(ContentCoding::Gzip)] == 9);
    CHECK(c.compression.levels[size_t(ContentCoding::Brotli)] == 9);
    CHECK(c.compression.levels[size_t(ContentCoding::Zstd)] == 9);
    CHECK(apply(c, "http_compression_level", int64_t(0)) ==
          "Setting \"http_compression_level\" must be between 1 and 9, 0 given (per-coding levels: http_compression_levels)");
    CHECK(apply(c, "http_compression_level", std::string("5")) ==
          "Setting \"http_compression_level\" must be of type int, string given");

    CHECK(apply(c, "http_compression_levels", list({num(1, "gzip"), num(11, "br"), num(19, "zstd")})) == "ok");
    CHECK(c.compression.levels[size_t(ContentCoding::Gzip)] == 1);
    CHECK(c.compression.levels[size_t(ContentCoding::Brotli)] == 11);
    CHECK(c.compression.levels[size_t(ContentCoding::Zstd)] == 19);
    CHECK(apply(c, "http_compression_levels", list({num(5, "gzip"), num(12, "br")})) ==
          "Setting \"http_compression_levels\": the level of \"br\" must be between 0 and 11, 12 given");
    CHECK(c.compression.levels[size_t(ContentCoding::Gzip)] == 1);  // nothing applied from a refused value
    CHECK(apply(c, "http_compression_levels", list({num(0, "gzip")})) ==
          "Setting \"http_compression_levels\": the level of \"gzip\" must be between 1 and 9, 0 given");
    CHECK(apply(c, "http_compression_levels", list({num(3, "lzma")})) ==
          "Setting \"http_compression_levels\" must map codings (\"gzip\", \"br\", \"zstd\") to levels, \"lzma\" given");
    CHECK(apply(c, "http_compression_levels", list({num(3)})) ==
          "Setting \"http_compression_levels\" must map codings (\"gzip\", \"br\", \"zstd\") to levels, an int key given");
    CHECK(apply(c, "http_compression_levels", list({str("6", "gzip")})) ==
          "Setting \"http_compression_levels\": the level of \"gzip\" must be of type int, string given");
    CHECK(apply(c, "http_compression_levels", int64_t(6)) ==
          "Setting \"http_compression_levels\" must be of type array, int given");

    CHECK(apply(c, "http_compression_min_length", int64_t(0)) == "ok");
    CHECK(c.compression.min_length == 0);
    CHECK(apply(c, "http_compression_min_length", int64_t(-1)).find("must be between 0 and") != std::string::npos);

    CHECK(apply(c, "http_compression_types", list({str("Text/*"), str("application/x-thing")})) == "ok");
    CHECK(c.compression.types == std::vector<std::string>{"text/*", "application/x-thing"});
    CHECK(apply(c, "http_compression_types", list({str("text/*"), str("nonsense")})) ==
          "Setting \"http_compression_types\" must be a list of media types such as \"text/*\" or \"application/json\", "
          "\"nonsense\" given");
    CHECK(c.compression.types.size() == 2);
    CHECK(apply(c, "http_compression_types", list({num(1)})) ==
          "Setting \"http_compression_types\" must be a list of media types (strings), int given");
    CHECK(apply(c, "http_compression_types", list({})) == "ok");
    CHECK(c.compression.types.empty());

    CHECK(apply(c, "http_compression_encodings", list({str("gzip"), str("zstd")})) == "ok");
    CHECK(c.compression.encodings == std::vector<ContentCoding>{ContentCoding::Gzip, ContentCoding::Zstd});
    CHECK(apply(c, "http_compression_encodings", list({str("gzip"), str("deflate")})) ==
          "Setting \"http_compression_encodings\" must list codings among \"gzip\", \"br\", \"zstd\", \"deflate\" given");
    CHECK(apply(c, "http_compression_encodings", list({str("br"), str("BR")})) ==
          "Setting \"http_compression_encodings\" lists \"BR\" twice");
    CHECK(apply(c, "http_compression_encodings", list({})) ==
          "Setting \"http_compression_encodings\" must list at least one coding (to turn compression off: "
          "http_compression => false)");
    CHECK(apply(c, "http_compression_encodings", list({str("identity")})) ==
          "Setting \"http_compression_encodings\" must list codings among \"gzip\", \"br\", \"zstd\", \"identity\" given");
    CHECK(c.compression.encodings.size() == 2);
}

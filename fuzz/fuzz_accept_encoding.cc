// libFuzzer target for the Accept-Encoding parser (src/http/content_coding.cc) and the media
// type matching of the compression policy (src/http/compression_policy.cc).
//
// Input layout: the bytes up to the first NUL are split at '\n' into Accept-Encoding fields
// (one request may send several); what follows the NUL is a Content-Type value, matched
// against the default http_compression_types and against itself as a pattern when valid.
// Checked properties: weights stay within 0..1000, the chosen coding is one the server
// offered (or identity) and is acceptable, and no coding beats the chosen one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "trident/http/compression_policy.h"
#include "trident/http/content_coding.h"

using trident::http::AcceptEncoding;
using trident::http::ContentCoding;

namespace {

void check(bool ok) {
    if (!ok) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    size_t nul = in.find('\0');
    std::string_view fields = in.substr(0, nul);
    std::string_view content_type = nul == std::string_view::npos ? std::string_view() : in.substr(nul + 1);

    AcceptEncoding a;
    while (true) {
        size_t nl = fields.find('\n');
        a.add(fields.substr(0, nl));
        if (nl == std::string_view::npos) break;
        fields.remove_prefix(nl + 1);
    }
    check(a.present());
    for (size_t i = 0; i < trident::http::kContentCodingCount; ++i) {
        check(a.quality(ContentCoding(i)) <= trident::http::kQualityMax);
    }
    const ContentCoding orders[][3] = {{ContentCoding::Brotli, ContentCoding::Zstd, ContentCoding::Gzip},
                                       {ContentCoding::Gzip, ContentCoding::Brotli, ContentCoding::Zstd}};
    for (const auto& order : orders) {
        ContentCoding c = a.choose(order, 3);
        if (c == ContentCoding::Identity) {
            for (ContentCoding o : order) check(a.quality(o) == 0);
            continue;
        }
        bool offered = false;
        for (ContentCoding o : order) offered |= o == c;
        check(offered);
        check(a.quality(c) > 0);
        for (ContentCoding o : order) check(a.quality(o) <= a.quality(c));
    }

    trident::http::CompressionSettings s;
    for (const std::string& p : s.types) (void)trident::http::media_type_matches(content_type, p);
    std::string normalized;
    if (trident::http::valid_media_type_pattern(content_type, &normalized)) {
        check(normalized.size() == content_type.size());
        // A pattern without parameters matches itself.
        check(trident::http::media_type_matches(content_type, normalized));
    }
    return 0;
}

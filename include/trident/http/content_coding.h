// Content codings of responses (RFC 9110 §8.4) and their negotiation from Accept-Encoding
// (RFC 9110 §12.5.3).
//
// The parser reads the field without allocating: each element is a coding name with an
// optional weight (";q=0.5"). Names compare case-insensitively; "x-gzip" is gzip (§8.4.1.3);
// "*" stands for every coding not listed; "identity" is recorded but never chosen (it is what
// the server sends when nothing else is acceptable). A malformed element (a bad name, a bad
// weight such as "q=2" or "q=0.1234") is skipped, the rest of the field still counts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace trident::http {

enum class ContentCoding : uint8_t {
    Identity = 0,  // no coding
    Gzip = 1,      // RFC 1952 via zlib
    Brotli = 2,    // RFC 7932, token "br"
    Zstd = 3,      // RFC 8878, token "zstd"
};
constexpr size_t kContentCodingCount = 4;

// The token sent in Content-Encoding ("identity", "gzip", "br", "zstd").
std::string_view content_coding_token(ContentCoding c);
// The coding a token names (case-insensitive; "x-gzip" too); false for any other token.
bool content_coding_from_token(std::string_view token, ContentCoding& out);

// Weights are kept in thousandths (RFC 9110 qvalues have at most three decimals).
constexpr uint16_t kQualityMax = 1000;

// What one request's Accept-Encoding fields say. Several fields (or one split over lines) are
// added in turn: they form one list (RFC 9110 §5.3).
class AcceptEncoding {
public:
    void add(std::string_view field_value);

    // A field was added (even empty: "Accept-Encoding:" means identity only).
    bool present() const { return present_; }
    // The weight the client gives `c`: its own element, else "*"'s, else 0 (not acceptable).
    // Identity is acceptable unless excluded by "identity;q=0" or "*;q=0" (§12.5.3).
    uint16_t quality(ContentCoding c) const;

    // The coding to use among `offered` (the server's preference order): the acceptable one
    // (weight > 0) with the highest weight, ties going to the earlier in `offered`. Identity
    // when none is acceptable (also for a client that excluded identity: RFC 9110 allows the
    // unencoded response rather than a 406, which is what servers do).
    ContentCoding choose(const ContentCoding* offered, size_t count) const;

private:
    void add_element(std::string_view element);

    static constexpr int16_t kUnset = -1;
    int16_t q_[kContentCodingCount] = {kUnset, kUnset, kUnset, kUnset};
    int16_t star_ = kUnset;
    bool present_ = false;
};

}  // namespace trident::http

// Accept-Encoding negotiation: see include/trident/http/content_coding.h.
#include "trident/http/content_coding.h"

#include "trident/http/token.h"

namespace trident::http {

namespace {

constexpr std::string_view kTokens[kContentCodingCount] = {"identity", "gzip", "br", "zstd"};

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!is_tchar(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
bool parse_qvalue(std::string_view s, uint16_t& out) {
    if (s.empty() || (s[0] != '0' && s[0] != '1')) return false;
    bool one = s[0] == '1';
    unsigned v = one ? kQualityMax : 0;
    if (s.size() == 1) {
        out = uint16_t(v);
        return true;
    }
    if (s[1] != '.' || s.size() > 5) return false;
    unsigned scale = 100;
    for (size_t i = 2; i < s.size(); ++i, scale /= 10) {
        char c = s[i];
        if (c < '0' || c > '9') return false;
        if (one && c != '0') return false;
        v += unsigned(c - '0') * scale;
    }
    out = uint16_t(v);
    return true;
}

}  // namespace

std::string_view content_coding_token(ContentCoding c) {
    size_t i = size_t(c);
    return i < kContentCodingCount ? kTokens[i] : std::string_view();
}

bool content_coding_from_token(std::string_view token, ContentCoding& out) {
    for (size_t i = 0; i < kContentCodingCount; ++i) {
        if (iequals_ascii(token, kTokens[i])) {
            out = ContentCoding(i);
            return true;
        }
    }
    if (iequals_ascii(token, "x-gzip")) {
        out = ContentCoding::Gzip;
        return true;
    }
    return false;
}

void AcceptEncoding::add(std::string_view field_value) {
    present_ = true;
    while (!field_value.empty()) {
        size_t comma = field_value.find(',');
        std::string_view element = field_value.substr(0, comma);
        field_value = comma == std::string_view::npos ? std::string_view() : field_value.substr(comma + 1);
        add_element(trim_ows(element));
    }
}

void AcceptEncoding::add_element(std::string_view element) {
    if (element.empty()) return;  // "a, , b": empty list elements are allowed (§5.6.1)
    size_t semi = element.find(';');
    std::string_view name = trim_ows(element.substr(0, semi));
    if (!is_token(name)) return;
    uint16_t q = kQualityMax;
    // Parameters: only "q" means anything here; any malformed one drops the element, so that
    // a weight that cannot be read never turns into "fully acceptable".
    while (semi != std::string_view::npos) {
        element.remove_prefix(semi + 1);
        semi = element.find(';');
        std::string_view param = trim_ows(element.substr(0, semi));
        size_t eq = param.find('=');
        if (eq == std::string_view::npos) return;
        std::string_view key = trim_ows(param.substr(0, eq));
        std::string_view value = trim_ows(param.substr(eq + 1));
        if (!is_token(key)) return;
        if (iequals_ascii(key, "q")) {
            if (!parse_qvalue(value, q)) return;
        }
    }
    if (name == "*") {
        star_ = int16_t(q);
        return;
    }
    ContentCoding c;
    if (!content_coding_from_token(name, c)) return;  // a coding we do not have: irrelevant
    q_[size_t(c)] = int16_t(q);
}

uint16_t AcceptEncoding::quality(ContentCoding c) const {
    int16_t q = q_[size_t(c)];
    if (q != kUnset) return uint16_t(q);
    if (star_ != kUnset) return uint16_t(star_);
    return c == ContentCoding::Identity ? kQualityMax : 0;
}

ContentCoding AcceptEncoding::choose(const ContentCoding* offered, size_t count) const {
    ContentCoding best = ContentCoding::Identity;
    uint16_t best_q = 0;
    for (size_t i = 0; i < count; ++i) {
        if (offered[i] == ContentCoding::Identity) continue;
        uint16_t q = quality(offered[i]);
        if (q > best_q) {
            best = offered[i];
            best_q = q;
        }
    }
    return best;
}

}  // namespace trident::http

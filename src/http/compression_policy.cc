// When responses are compressed: see include/trident/http/compression_policy.h.
#include "trident/http/compression_policy.h"

#include "trident/http/token.h"

namespace trident::http {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; }

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The media type of a Content-Type value: up to the first ";", without whitespace.
std::string_view media_type(std::string_view content_type) {
    return trim_ows(content_type.substr(0, content_type.find(';')));
}

bool prefix_ci(std::string_view s, std::string_view lower_prefix) {
    if (s.size() < lower_prefix.size()) return false;
    for (size_t i = 0; i < lower_prefix.size(); ++i) {
        if (lower(s[i]) != lower_prefix[i]) return false;
    }
    return true;
}

bool suffix_ci(std::string_view s, std::string_view lower_suffix) {
    return s.size() >= lower_suffix.size() && prefix_ci(s.substr(s.size() - lower_suffix.size()), lower_suffix);
}

// A content coding the handler set itself; "identity" (or an empty value) codes nothing.
bool codes_body(std::string_view content_encoding) {
    std::string_view v = trim_ows(content_encoding);
    return !v.empty() && !iequals_ascii(v, "identity");
}

bool parse_length(std::string_view v, uint64_t& out) {
    v = trim_ows(v);
    if (v.empty() || v.size() > 19) return false;
    uint64_t n = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + uint64_t(c - '0');
    }
    out = n;
    return true;
}

}  // namespace

bool valid_media_type_pattern(std::string_view pattern, std::string* normalized) {
    size_t slash = pattern.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == pattern.size()) return false;
    int stars = 0;
    for (size_t i = 0; i < pattern.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(pattern[i]);
        if (i == slash) continue;
        if (c == '/') return false;  // one slash only
        if (c == '*') {
            ++stars;
        } else if (!is_tchar(c)) {
            return false;
        }
    }
    // One "*", or "*/*" (every type).
    if (stars > 1 && pattern != "*/*") return false;
    if (normalized) {
        normalized->assign(pattern);
        for (char& c : *normalized) c = lower(c);
    }
    return true;
}

bool media_type_matches(std::string_view content_type, std::string_view pattern) {
    std::string_view type = media_type(content_type);
    if (pattern == "*/*") return type.find('/') != std::string_view::npos;
    size_t star = pattern.find('*');
    if (star == std::string_view::npos) return type.size() == pattern.size() && prefix_ci(type, pattern);
    std::string_view before = pattern.substr(0, star), after = pattern.substr(star + 1);
    return type.size() >= before.size() + after.size() && prefix_ci(type, before) && suffix_ci(type, after);
}

CompressionVerdict decide_compression(const CompressionSettings& s, const CompressionRequest& req, uint16_t status,
                                      const HeaderField* headers, size_t count, bool complete, size_t body_size) {
    CompressionVerdict v;
    if (!s.enabled || req.head_method) return v;
    if (status < 200 || status == 204 || status == 206 || status == 304) return v;
    std::string_view content_type;
    bool has_type = false;
    bool has_length = false;
    uint64_t length = 0;
    for (size_t i = 0; i < count; ++i) {
        std::string_view n = headers[i].name;
        if (iequals_ascii(n, "content-encoding")) {
            if (codes_body(headers[i].value)) return v;
        } else if (iequals_ascii(n, "content-range")) {
            return v;
        } else if (iequals_ascii(n, "content-type")) {
            content_type = headers[i].value;
            has_type = true;
        } else if (iequals_ascii(n, "content-length")) {
            has_length = parse_length(headers[i].value, length);
        }
    }
    if (!has_type) return v;
    if (!s.event_stream && media_type_matches(content_type, "text/event-stream")) return v;
    bool type_ok = false;
    for (const std::string& p : s.types) {
        if (media_type_matches(content_type, p)) {
            type_ok = true;
            break;
        }
    }
    if (!type_ok) return v;
    v.candidate = true;
    if (complete ? body_size < s.min_length : (has_length && length < s.min_length)) return v;
    v.coding = req.accept.choose(s.encodings.data(), s.encodings.size());
    return v;
}

}  // namespace trident::http

#include "trident/http1/parser.h"

#include <array>

#include "trident/http/token.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace trident::http1 {
namespace {

enum : uint8_t {
    kTchar = 1,       // RFC 9110 §5.6.2 tchar
    kTargetChar = 2,  // visible ASCII: what we accept in a request-target
    kValueChar = 4,   // field-vchar / SP / HTAB / obs-text
};

constexpr std::array<uint8_t, 256> make_classes() {
    std::array<uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        uint8_t f = 0;
        if (http::is_tchar(static_cast<unsigned char>(c))) f |= kTchar;
        if (c >= 0x21 && c <= 0x7E) f |= kTargetChar;
        if (c == '\t' || (c >= 0x20 && c != 0x7F)) f |= kValueChar;
        t[c] = f;
    }
    return t;
}

constexpr std::array<char, 256> make_lower() {
    std::array<char, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = char(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return t;
}

constexpr auto kClass = make_classes();
constexpr auto kLower = make_lower();

inline uint8_t cls(char c) { return kClass[static_cast<unsigned char>(c)]; }

// `lower` must be lowercase; comparing through a table (not `| 0x20`) keeps CTLs from
// aliasing to digits or '-'.
inline bool iequals(std::string_view s, std::string_view lower) {
    if (s.size() != lower.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        if (kLower[static_cast<unsigned char>(s[i])] != lower[i]) return false;
    }
    return true;
}

inline bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && is_ows(s[b])) ++b;
    while (e > b && is_ows(s[e - 1])) --e;
    return s.substr(b, e - b);
}

// Calls f(element) for each comma-separated element, trimmed; empty elements included so
// that each caller decides whether "a,,b" is acceptable.
template <typename F>
void for_each_element(std::string_view list, F&& f) {
    for (;;) {
        size_t comma = list.find(',');
        f(trim_ows(list.substr(0, comma)));
        if (comma == std::string_view::npos) return;
        list.remove_prefix(comma + 1);
    }
}

// Targets and values are the long parts of a head; 16 bytes per step matters there.
const char* scan_target(const char* p, const char* end) {
#if defined(__SSE2__)
    const __m128i k21 = _mm_set1_epi8(0x21);
    const __m128i k7f = _mm_set1_epi8(0x7F);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // Signed compare: bytes >= 0x80 are negative, so "< 0x21" also catches them.
        __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, k21), _mm_cmpeq_epi8(v, k7f));
        int mask = _mm_movemask_epi8(bad);
        if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (p < end && (cls(*p) & kTargetChar)) ++p;
    return p;
}

const char* scan_value(const char* p, const char* end) {
#if defined(__SSE2__)
    const __m128i k20 = _mm_set1_epi8(0x20);
    const __m128i kneg = _mm_set1_epi8(-1);
    const __m128i ktab = _mm_set1_epi8('\t');
    const __m128i k7f = _mm_set1_epi8(0x7F);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // CTL = 0x00..0x1F: signed "< 0x20" minus the negative (obs-text) bytes.
        __m128i ctl = _mm_and_si128(_mm_cmplt_epi8(v, k20), _mm_cmpgt_epi8(v, kneg));
        ctl = _mm_andnot_si128(_mm_cmpeq_epi8(v, ktab), ctl);
        __m128i bad = _mm_or_si128(ctl, _mm_cmpeq_epi8(v, k7f));
        int mask = _mm_movemask_epi8(bad);
        if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (p < end && (cls(*p) & kValueChar)) ++p;
    return p;
}

long fail(ParseError& err, int status, const char* message) {
    err.status = status;
    err.message = message;
    return -1;
}

// Accumulated across repeated fields, judged once the head is complete: whether a
// Transfer-Encoding is acceptable depends on fields that may come after it.
struct Semantics {
    int host_count = 0;
    size_t host_index = 0;  // of the Host field in out.headers, if host_count > 0
    bool te_present = false;
    bool te_chunked_seen = false;
    bool te_chunked_not_last = false;
    bool te_unsupported = false;
    bool conn_close = false;
    bool conn_keep_alive = false;
};

// Returns 0 or an error status; sets *message for the error.
int apply_content_length(std::string_view value, RequestHead& out, const char** message) {
    int status = 0;
    for_each_element(value, [&](std::string_view e) {
        if (status != 0) return;
        if (e.empty()) {
            status = 400;
            *message = "invalid Content-Length";
            return;
        }
        int64_t n = 0;
        for (char c : e) {
            if (c < '0' || c > '9') {
                status = 400;
                *message = "invalid Content-Length";
                return;
            }
            int d = c - '0';
            if (n > (INT64_MAX - d) / 10) {
                status = 400;
                *message = "Content-Length too large";
                return;
            }
            n = n * 10 + d;
        }
        // RFC 9110 §8.6: a list or repetition of one value is a sender bug we can accept;
        // different values mean we cannot know where the body ends.
        if (out.content_length >= 0 && out.content_length != n) {
            status = 400;
            *message = "conflicting Content-Length values";
            return;
        }
        out.content_length = n;
    });
    return status;
}

void apply_transfer_encoding(std::string_view value, Semantics& s) {
    s.te_present = true;
    for_each_element(value, [&](std::string_view e) {
        // RFC 9110 §5.6.1.2: recipients ignore empty list elements.
        if (e.empty()) return;
        if (s.te_chunked_seen) s.te_chunked_not_last = true;
        if (iequals(e, "chunked")) {
            s.te_chunked_seen = true;
        } else {
            s.te_unsupported = true;
        }
    });
}

void apply_connection(std::string_view value, Semantics& s, RequestHead& out) {
    for_each_element(value, [&](std::string_view e) {
        if (iequals(e, "close")) {
            s.conn_close = true;
        } else if (iequals(e, "keep-alive")) {
            s.conn_keep_alive = true;
        } else if (iequals(e, "upgrade")) {
            out.connection_upgrade = true;
        }
    });
}

// Returns 0 or an error status. Dispatch on length first: most fields are none of these.
int apply_field(const HeaderField& f, Semantics& s, RequestHead& out, const char** message) {
    switch (f.name.size()) {
        case 4:
            if (iequals(f.name, "host")) {
                if (++s.host_count > 1) {
                    *message = "more than one Host field";
                    return 400;
                }
                // RFC 9112 §3.2: an invalid Host value is a 400 like a missing one; an
                // application reading "a/b@c" as its host would be steered by the client.
                if (!valid_host(f.value)) {
                    *message = "invalid Host";
                    return 400;
                }
                s.host_index = size_t(&f - out.headers);
                out.host = f.value;
            }
            break;
        case 6:
            // RFC 9110 §10.1.1: a 100-continue expectation in HTTP/1.0 is to be ignored.
            if (out.version_minor == 1 && iequals(f.name, "expect") &&
                iequals(f.value, "100-continue")) {
                out.expect_continue = true;
            }
            break;
        case 10:
            if (iequals(f.name, "connection")) apply_connection(f.value, s, out);
            break;
        case 14:
            if (iequals(f.name, "content-length")) return apply_content_length(f.value, out, message);
            break;
        case 17:
            if (iequals(f.name, "transfer-encoding")) apply_transfer_encoding(f.value, s);
            break;
        default:
            break;
    }
    return 0;
}

// Checks the bytes at p against "HTTP/d.d\r\n" as far as they are available, so that a
// malformed version is rejected without waiting for the rest of the line.
// Returns 1 when all ten bytes are present and match, 0 when a prefix matches, -1 otherwise.
int match_version(const char* p, const char* end) {
    static constexpr char kPattern[] = "HTTP/#.#\r\n";
    size_t avail = size_t(end - p) < 10 ? size_t(end - p) : 10;
    for (size_t i = 0; i < avail; ++i) {
        char want = kPattern[i];
        bool ok = want == '#' ? (p[i] >= '0' && p[i] <= '9') : p[i] == want;
        if (!ok) return -1;
    }
    return avail == 10 ? 1 : 0;
}

}  // namespace

long parse_request_head(const char* data, size_t len, const Limits& limits, RequestHead& out,
                        ParseError& err) {
    // Scanning stops at the limit, so a head that does not end within it is 431 whatever
    // follows, and an error inside the limit is reported the same however much was received.
    const bool over_limit = len > limits.max_header_bytes;
    const char* p = data;
    const char* const end = data + (over_limit ? limits.max_header_bytes : len);
    auto incomplete = [&]() -> long {
        return over_limit ? fail(err, 431, "request header section too large") : 0;
    };

    out.header_count = 0;
    out.content_length = -1;
    out.chunked = false;
    out.expect_continue = false;
    out.connection_upgrade = false;
    out.host = {};

    for (int i = 0; i < kMaxLeadingEmptyLines; ++i) {
        if (p == end) return incomplete();
        if (*p != '\r') break;
        if (end - p < 2) return incomplete();
        if (p[1] != '\n') return fail(err, 400, "bare CR");
        p += 2;
    }

    // request-line = method SP request-target SP HTTP-version CRLF
    const char* start = p;
    while (p < end && (cls(*p) & kTchar)) ++p;
    if (p == end) return incomplete();
    if (p == start || *p != ' ') return fail(err, 400, "invalid method");
    out.method = std::string_view(start, size_t(p - start));
    ++p;

    start = p;
    p = scan_target(p, end);
    if (p == end) return incomplete();
    if (p == start || *p != ' ') return fail(err, 400, "invalid request-target");
    out.target = std::string_view(start, size_t(p - start));
    ++p;

    int v = match_version(p, end);
    if (v < 0) return fail(err, 400, "invalid HTTP version");
    if (v == 0) return incomplete();
    // RFC 9110 §2.5: a later minor version of HTTP/1 is to be understood as the highest one
    // we implement, and answered as such; another major version is a different protocol.
    if (p[5] != '1') return fail(err, 505, "HTTP version not supported");
    out.version_minor = p[7] == '0' ? 0 : 1;
    p += 10;

    RequestTarget target;
    const char* message = "";
    if (int status = parse_request_target(out.method, out.target, target, &message)) {
        return fail(err, status, message);
    }
    out.form = target.form;
    out.origin = target.origin;
    out.path = target.path;
    out.query = target.query;

    Semantics sem;
    for (;;) {
        if (p == end) return incomplete();
        if (*p == '\r') {
            if (end - p < 2) return incomplete();
            if (p[1] != '\n') return fail(err, 400, "bare CR");
            p += 2;
            break;
        }
        if (*p == '\n') return fail(err, 400, "bare LF");
        // RFC 9112 §5.2: obs-fold in a request is rejected, not unfolded.
        if (is_ows(*p)) return fail(err, 400, "obsolete line folding");
        if (out.header_count == kMaxHeaders) return fail(err, 431, "too many header fields");

        start = p;
        while (p < end && (cls(*p) & kTchar)) ++p;
        if (p == end) return incomplete();
        if (p == start) return fail(err, 400, "invalid header field name");
        // RFC 9112 §5.1: whitespace between name and colon must be rejected.
        if (*p != ':') return fail(err, 400, "invalid header field name");
        std::string_view name(start, size_t(p - start));
        ++p;

        while (p < end && is_ows(*p)) ++p;
        start = p;
        p = scan_value(p, end);
        if (p == end) return incomplete();
        if (*p == '\r') {
            if (end - p < 2) return incomplete();
            if (p[1] != '\n') return fail(err, 400, "bare CR");
        } else if (*p == '\n') {
            return fail(err, 400, "bare LF");
        } else {
            return fail(err, 400, "invalid character in header field value");
        }
        const char* vend = p;
        while (vend > start && is_ows(vend[-1])) --vend;
        p += 2;

        HeaderField& f = out.headers[out.header_count++];
        f.name = name;
        f.value = std::string_view(start, size_t(vend - start));
        if (int status = apply_field(f, sem, out, &message)) return fail(err, status, message);
    }

    if (sem.te_present) {
        // RFC 9112 §6.1: both present is how requests get smuggled past a proxy that
        // believed the other one.
        if (out.content_length >= 0) {
            return fail(err, 400, "both Content-Length and Transfer-Encoding");
        }
        if (out.version_minor == 0) return fail(err, 400, "Transfer-Encoding in HTTP/1.0");
        // RFC 9112 §6.3: without chunked last the body length cannot be known (a MUST-400),
        // which outranks 501 for a coding we do not implement.
        // "gzip" alone is the same case as "chunked, gzip": no chunked at the end.
        if (sem.te_chunked_not_last) return fail(err, 400, "chunked is not the final coding");
        if (!sem.te_chunked_seen) {
            return fail(err, 400, sem.te_unsupported ? "chunked is not the final coding" : "empty Transfer-Encoding");
        }
        if (sem.te_unsupported) return fail(err, 501, "unsupported transfer coding");
        out.chunked = true;
    }
    if (out.version_minor == 1 && sem.host_count == 0) return fail(err, 400, "missing Host");
    // RFC 9112 §3.2.2: with the authority in the target, Host is ignored and replaced, so that
    // the application cannot see a host other than the one the request was routed by.
    if (!target.authority.empty()) {
        out.host = target.authority;
        if (sem.host_count > 0) out.headers[sem.host_index].value = target.authority;
    }
    out.keep_alive = !sem.conn_close && (out.version_minor == 1 || sem.conn_keep_alive);
    return long(p - data);
}

}  // namespace trident::http1

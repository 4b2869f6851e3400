#include "trident/http/multipart.h"
#include "trident/http/token.h"

#include <string.h>  // memmem is POSIX-2024/GNU, not in <cstring>'s std namespace

#include <algorithm>

namespace trident::http {
namespace {

// Compared by address in parse_multipart: only this error may keep the parts read so far.
const char kTooManyParts[] = "too many parts";

bool is_ows(char c) { return c == ' ' || c == '\t'; }

bool is_tchar(char c) { return http::is_tchar(static_cast<unsigned char>(c)); }

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

// RFC 2046 bchars are stricter (no '!', '#', '%', ...), but common clients and PHP accept any
// printable boundary, and rejecting one would drop a form that every other server takes. What
// framing needs is no CR/LF and no trailing space (which would be indistinguishable from
// transport padding); '"' and '\' are refused so that no two quoting rules can disagree on
// what the boundary is.
bool valid_boundary(std::string_view b) {
    if (b.empty() || b.size() > kMaxMultipartBoundary || b.back() == ' ') return false;
    for (char c : b) {
        if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return false;
    }
    return true;
}

// Walks `; name=value` lists shared by Content-Type and Content-Disposition. OWS is allowed
// around ';' and '=' and empty parameters (";;", a trailing ';') are skipped: none of that
// changes what a value is, so tolerating it cannot make two parsers disagree.
class ParamCursor {
public:
    ParamCursor(std::string_view s, size_t pos) : s_(s), i_(pos) {}

    enum Result { kParam, kEnd, kError };

    // On kParam, value is the raw quoted content (without quotes) or the token; escaped is true
    // when a quoted value holds \" or \\.
    Result next(std::string_view& name, std::string_view& value, bool& escaped) {
        skip_ows();
        for (;;) {
            if (i_ == s_.size()) return kEnd;
            if (s_[i_] != ';') return kError;
            ++i_;
            skip_ows();
            if (i_ == s_.size()) return kEnd;
            if (s_[i_] != ';') break;
        }
        size_t start = i_;
        while (i_ < s_.size() && is_tchar(s_[i_])) ++i_;
        if (i_ == start) return kError;
        name = s_.substr(start, i_ - start);
        skip_ows();
        if (i_ == s_.size() || s_[i_] != '=') return kError;
        ++i_;
        skip_ows();
        escaped = false;
        if (i_ < s_.size() && s_[i_] == '"') {
            start = ++i_;
            for (;;) {
                if (i_ == s_.size()) return kError;
                char c = s_[i_];
                if (c == '\\' && i_ + 1 < s_.size() && (s_[i_ + 1] == '"' || s_[i_ + 1] == '\\')) {
                    escaped = true;
                    i_ += 2;
                    continue;
                }
                if (c == '"') break;
                ++i_;
            }
            value = s_.substr(start, i_ - start);
            ++i_;
        } else {
            start = i_;
            while (i_ < s_.size() && is_tchar(s_[i_])) ++i_;
            if (i_ == start) return kError;
            value = s_.substr(start, i_ - start);
        }
        return kParam;
    }

private:
    void skip_ows() {
        while (i_ < s_.size() && is_ows(s_[i_])) ++i_;
    }

    std::string_view s_;
    size_t i_;
};

// Reads the media type (or disposition type) token at the start of a header value; returns the
// position right after it.
size_t leading_token(std::string_view s, std::string_view& token, bool allow_slash) {
    size_t i = 0;
    while (i < s.size() && is_ows(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && (is_tchar(s[i]) || (allow_slash && s[i] == '/'))) ++i;
    token = s.substr(start, i - start);
    return i;
}

// At `i`, right after "--" boundary: a close delimiter ("--") or padding + CRLF. Anything else
// means the match was data that merely contains the boundary string.
bool delimiter_tail(std::string_view body, size_t i, size_t& next, bool& close) {
    if (body.size() - i >= 2 && body[i] == '-' && body[i + 1] == '-') {
        close = true;
        next = i + 2;
        return true;
    }
    while (i < body.size() && is_ows(body[i])) ++i;
    if (body.size() - i >= 2 && body[i] == '\r' && body[i + 1] == '\n') {
        close = false;
        next = i + 2;
        return true;
    }
    return false;
}

// Finds the first real delimiter (needle = CRLF "--" boundary) at or after `from`. The needle
// starts with the only CR it contains, so matches never overlap and restarting after a false
// match keeps the whole scan linear.
bool find_delimiter(std::string_view body, size_t from, const char* needle, size_t nlen,
                    size_t& at, size_t& next, bool& close) {
    size_t i = from;
    while (i <= body.size() && body.size() - i >= nlen) {
        const void* hit = memmem(body.data() + i, body.size() - i, needle, nlen);
        if (hit == nullptr) return false;
        size_t pos = size_t(static_cast<const char*>(hit) - body.data());
        if (delimiter_tail(body, pos + nlen, next, close)) {
            at = pos;
            return true;
        }
        i = pos + 1;
    }
    return false;
}

const char* parse_disposition(std::string_view value, MultipartPart& part) {
    std::string_view type;
    size_t i = leading_token(value, type, false);
    if (type.empty()) return "malformed Content-Disposition";
    ParamCursor cur(value, i);
    bool has_name = false;
    std::string_view pname, pvalue;
    bool escaped = false;
    for (;;) {
        ParamCursor::Result r = cur.next(pname, pvalue, escaped);
        if (r == ParamCursor::kEnd) break;
        if (r == ParamCursor::kError) return "malformed Content-Disposition";
        // A repeated name/filename is refused because whichever one we picked, some other
        // component (a WAF, an antivirus proxy) may have picked the other.
        if (iequals_ascii(pname, "name")) {
            if (has_name) return "malformed Content-Disposition";
            has_name = true;
            part.name = pvalue;
            part.name_escaped = escaped;
        } else if (iequals_ascii(pname, "filename")) {
            if (part.has_filename) return "malformed Content-Disposition";
            part.has_filename = true;
            part.filename = pvalue;
            part.filename_escaped = escaped;
        }
    }
    if (!iequals_ascii(type, "form-data") || !has_name) return "part without form-data name";
    return nullptr;
}

// Parses the header block starting at `pos`; on success `pos` is the first byte of the data.
const char* parse_part_headers(std::string_view body, size_t& pos, size_t max_bytes,
                               MultipartPart& part) {
    const size_t avail = body.size() - pos;
    const size_t end = pos + std::min(avail, max_bytes);
    bool seen_disposition = false;
    bool seen_type = false;
    size_t p = pos;
    for (;;) {
        const void* nl = p < end ? memchr(body.data() + p, '\n', end - p) : nullptr;
        if (nl == nullptr) return max_bytes < avail ? "part headers too long" : "unterminated body";
        size_t lf = size_t(static_cast<const char*>(nl) - body.data());
        if (lf == p || body[lf - 1] != '\r') return "malformed part header";
        std::string_view line = body.substr(p, lf - 1 - p);
        p = lf + 1;
        if (line.empty()) break;
        if (line.find('\r') != std::string_view::npos || line.find('\0') != std::string_view::npos) {
            return "malformed part header";
        }
        size_t colon = 0;
        while (colon < line.size() && is_tchar(line[colon])) ++colon;
        // A line starting with whitespace is obs-fold; with a view-only parser it would leave
        // CRLF inside the value, and RFC 7578 senders never fold, so it is refused.
        if (colon == 0 || colon == line.size() || line[colon] != ':') return "malformed part header";
        std::string_view name = line.substr(0, colon);
        std::string_view value = trim_ows(line.substr(colon + 1));
        if (iequals_ascii(name, "content-disposition")) {
            if (seen_disposition) return "duplicate part header";
            seen_disposition = true;
            if (const char* err = parse_disposition(value, part)) return err;
        } else if (iequals_ascii(name, "content-type")) {
            if (seen_type) return "duplicate part header";
            seen_type = true;
            part.content_type = value;
        }
    }
    if (!seen_disposition) return "part without form-data name";
    pos = p;
    return nullptr;
}

const char* parse_body(std::string_view body, std::string_view boundary,
                       const MultipartLimits& limits, std::vector<MultipartPart>& parts) {
    if (!valid_boundary(boundary)) return "invalid boundary";
    char needle[4 + kMaxMultipartBoundary];
    memcpy(needle, "\r\n--", 4);
    memcpy(needle + 4, boundary.data(), boundary.size());
    const size_t nlen = 4 + boundary.size();

    size_t next = 0;
    bool close = false;
    size_t at = 0;
    // The first delimiter line may open the body, without the CRLF that belongs to it
    // everywhere else.
    bool found = body.size() >= nlen - 2 && memcmp(body.data(), needle + 2, nlen - 2) == 0 &&
                 delimiter_tail(body, nlen - 2, next, close);
    if (!found && !find_delimiter(body, 0, needle, nlen, at, next, close)) {
        return "missing boundary line";
    }
    while (!close) {
        if (parts.size() >= limits.max_parts) return kTooManyParts;
        MultipartPart part;
        size_t data_start = next;
        if (const char* err = parse_part_headers(body, data_start, limits.max_part_header_bytes, part)) {
            return err;
        }
        if (!find_delimiter(body, data_start, needle, nlen, at, next, close)) {
            return "unterminated body";
        }
        part.data = body.substr(data_start, at - data_start);
        parts.push_back(part);
    }
    return nullptr;
}

}  // namespace

bool multipart_boundary(std::string_view content_type, std::string_view& boundary) {
    std::string_view type;
    size_t i = leading_token(content_type, type, true);
    if (!iequals_ascii(type, "multipart/form-data")) return false;
    ParamCursor cur(content_type, i);
    std::string_view name, value, found;
    bool have = false;
    bool escaped = false;
    for (;;) {
        ParamCursor::Result r = cur.next(name, value, escaped);
        if (r == ParamCursor::kEnd) break;
        if (r == ParamCursor::kError) return false;
        if (iequals_ascii(name, "boundary")) {
            if (have) return false;
            have = true;
            found = value;
        }
    }
    if (!have || !valid_boundary(found)) return false;
    boundary = found;
    return true;
}

bool parse_multipart(std::string_view body, std::string_view boundary,
                     const MultipartLimits& limits, std::vector<MultipartPart>& parts,
                     const char** error) {
    parts.clear();
    const char* err = parse_body(body, boundary, limits, parts);
    if (err == nullptr) return true;
    // parse_body stops with kTooManyParts before reading the part past the limit, so what it
    // collected are exactly the first max_parts parts, each complete.
    if (!(limits.keep_parts_before_limit && err == kTooManyParts)) parts.clear();
    if (error != nullptr) *error = err;
    return false;
}

std::string unquote_param(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size() && (raw[i + 1] == '"' || raw[i + 1] == '\\')) ++i;
        out.push_back(raw[i]);
    }
    return out;
}

std::string_view upload_basename(std::string_view filename) {
    size_t sep = filename.find_last_of("/\\");
    return sep == std::string_view::npos ? filename : filename.substr(sep + 1);
}

}  // namespace trident::http

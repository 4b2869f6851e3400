#include "server/static_files.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "trident/http/content_coding.h"
#include "trident/http/token.h"

namespace trident::server::static_files {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// A decimal without sign, overflow refused.
bool parse_u64(std::string_view s, uint64_t& out) {
    if (s.empty() || s.size() > 19) return false;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + uint64_t(c - '0');
    }
    out = v;
    return true;
}

}  // namespace

const char* path_verdict_name(PathVerdict v) {
    switch (v) {
        case PathVerdict::Ok: return "ok";
        case PathVerdict::BadEncoding: return "bad percent-encoding";
        case PathVerdict::NulByte: return "NUL byte";
        case PathVerdict::Backslash: return "backslash";
        case PathVerdict::DotDot: return "dot-dot segment";
        case PathVerdict::Dotfile: return "dotfile";
        case PathVerdict::NotAbsolute: return "not an absolute path";
        case PathVerdict::OutsideLocations: return "outside static_handler_locations";
    }
    return "?";
}

bool under_location(std::string_view path, std::string_view loc) {
    if (loc.empty()) return false;
    if (path.compare(0, loc.size(), loc) != 0) return false;
    // "/" and "/assets/" end at a boundary themselves; "/assets" needs one after it.
    return loc.back() == '/' || path.size() == loc.size() || path[loc.size()] == '/';
}

PathVerdict resolve_target(std::string_view target, bool allow_dotfiles, const std::vector<std::string>& locations,
                           StaticPath& out) {
    out.relative.clear();
    out.directory = false;
    size_t q = target.find_first_of("?#");
    if (q != std::string_view::npos) target = target.substr(0, q);
    if (target.empty() || target.front() != '/') return PathVerdict::NotAbsolute;
    // Decode first: every check below is on what the file system would see.
    std::string decoded;
    decoded.reserve(target.size());
    for (size_t i = 0; i < target.size(); ++i) {
        char c = target[i];
        if (c == '%') {
            if (i + 2 >= target.size()) return PathVerdict::BadEncoding;
            int hi = hex_value(target[i + 1]), lo = hex_value(target[i + 2]);
            if (hi < 0 || lo < 0) return PathVerdict::BadEncoding;
            c = char(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') return PathVerdict::NulByte;
        if (c == '\\') return PathVerdict::Backslash;
        decoded.push_back(c);
    }
    bool matched = false;
    for (const std::string& loc : locations) {
        if (under_location(decoded, loc)) {
            matched = true;
            break;
        }
    }
    if (!matched) return PathVerdict::OutsideLocations;
    out.directory = decoded.back() == '/';
    // Segments: "" and "." vanish, ".." is refused (never resolved: the file system must not
    // be asked about anything above the root, and "a/../b" has no business being sent).
    size_t pos = 1;
    while (pos <= decoded.size()) {
        size_t end = decoded.find('/', pos);
        if (end == std::string::npos) end = decoded.size();
        std::string_view seg(decoded.data() + pos, end - pos);
        pos = end + 1;
        if (seg.empty() || seg == ".") continue;
        if (seg == "..") return PathVerdict::DotDot;
        if (seg.front() == '.' && !allow_dotfiles) return PathVerdict::Dotfile;
        if (!out.relative.empty()) out.relative.push_back('/');
        out.relative.append(seg.data(), seg.size());
    }
    // "/dir/." names the directory, as "/dir/" does.
    if (!out.directory && decoded.size() >= 2 && decoded.compare(decoded.size() - 2, 2, "/.") == 0) out.directory = true;
    if (out.relative.empty()) out.directory = true;
    return PathVerdict::Ok;
}

std::string make_etag(ino_t ino, off_t size, const timespec& mtime) {
    char buf[96];
    int n = snprintf(buf, sizeof buf, "\"%llx-%llx-%llx\"", (unsigned long long)ino, (unsigned long long)size,
                     (unsigned long long)mtime.tv_sec * 1000000000ull + (unsigned long long)mtime.tv_nsec);
    return std::string(buf, size_t(n));
}

std::string http_date(time_t t) {
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[40];
    size_t n = strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return std::string(buf, n);
}

time_t parse_http_date(std::string_view s) {
    s = trim(s);
    if (s.empty() || s.size() > 64) return -1;
    char buf[72];
    memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    struct tm tm;
    const char* formats[] = {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"};
    for (const char* f : formats) {
        memset(&tm, 0, sizeof tm);
        const char* end = strptime(buf, f, &tm);
        if (end != nullptr && *end == '\0') return timegm(&tm);
    }
    return -1;
}

bool etag_list_matches(std::string_view header, std::string_view etag) {
    header = trim(header);
    if (header == "*") return true;
    // Weak comparison: W/ prefixes do not count; the opaque part must be equal.
    std::string_view ours = etag;
    if (ours.substr(0, 2) == "W/") ours.remove_prefix(2);
    size_t pos = 0;
    while (pos < header.size()) {
        size_t comma = header.find(',', pos);
        if (comma == std::string_view::npos) comma = header.size();
        std::string_view tag = trim(header.substr(pos, comma - pos));
        pos = comma + 1;
        if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
        if (tag == ours) return true;
    }
    return false;
}

ByteRange parse_range(std::string_view header, uint64_t size) {
    ByteRange r;
    header = trim(header);
    if (header.size() < 6 || !http::iequals_ascii(header.substr(0, 6), "bytes=")) return r;
    std::string_view spec = trim(header.substr(6));
    if (spec.find(',') != std::string_view::npos) return r;  // several ranges: 200 with all of it
    size_t dash = spec.find('-');
    if (dash == std::string_view::npos) return r;
    std::string_view a = trim(spec.substr(0, dash)), b = trim(spec.substr(dash + 1));
    uint64_t first = 0, last = 0;
    if (a.empty()) {
        // Suffix: the last n bytes.
        if (!parse_u64(b, last)) return r;
        if (last == 0 || size == 0) {
            r.kind = ByteRange::Kind::Unsatisfiable;
            return r;
        }
        r.kind = ByteRange::Kind::Satisfiable;
        r.first = last >= size ? 0 : size - last;
        r.last = size - 1;
        return r;
    }
    if (!parse_u64(a, first)) return r;
    if (b.empty()) {
        last = UINT64_MAX;
    } else if (!parse_u64(b, last) || last < first) {
        return r;  // invalid: ignored (RFC 9110 14.1.1)
    }
    if (first >= size) {
        r.kind = ByteRange::Kind::Unsatisfiable;
        return r;
    }
    r.kind = ByteRange::Kind::Satisfiable;
    r.first = first;
    r.last = last >= size ? size - 1 : last;
    return r;
}

Decision decide(const Conditionals& c, std::string_view etag, time_t mtime, uint64_t size) {
    Decision d;
    // RFC 9110 13.2.2: If-None-Match first; If-Modified-Since only without it.
    if (!c.if_none_match.empty()) {
        if (etag_list_matches(c.if_none_match, etag)) {
            d.status = 304;
            return d;
        }
    } else if (!c.if_modified_since.empty()) {
        time_t since = parse_http_date(c.if_modified_since);
        if (since >= 0 && mtime <= since) {
            d.status = 304;
            return d;
        }
    }
    // Range applies to GET only (a HEAD answers as the GET of the whole would).
    if (c.head || c.range.empty()) return d;
    if (!c.if_range.empty()) {
        std::string_view ir = trim(c.if_range);
        bool same;
        if (!ir.empty() && (ir.front() == '"' || ir.substr(0, 2) == "W/")) {
            same = ir == etag;  // strong comparison: a weak tag never matches
        } else {
            time_t t = parse_http_date(ir);
            same = t >= 0 && t == mtime;
        }
        if (!same) return d;  // changed since: the whole representation
    }
    d.range = parse_range(c.range, size);
    if (d.range.kind == ByteRange::Kind::Satisfiable) d.status = 206;
    else if (d.range.kind == ByteRange::Kind::Unsatisfiable) d.status = 416;
    return d;
}

MimeTypes::MimeTypes() {
    // The web's common types, as browsers expect them (these win over /etc/mime.types).
    static const char* const kTable[][2] = {
        {"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"}, {"js", "text/javascript"},
        {"mjs", "text/javascript"}, {"json", "application/json"}, {"map", "application/json"},
        {"txt", "text/plain"}, {"csv", "text/csv"}, {"md", "text/markdown"}, {"xml", "application/xml"},
        {"svg", "image/svg+xml"}, {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
        {"gif", "image/gif"}, {"webp", "image/webp"}, {"avif", "image/avif"}, {"ico", "image/x-icon"},
        {"woff", "font/woff"}, {"woff2", "font/woff2"}, {"ttf", "font/ttf"}, {"otf", "font/otf"},
        {"wasm", "application/wasm"}, {"pdf", "application/pdf"}, {"zip", "application/zip"},
        {"gz", "application/gzip"}, {"mp4", "video/mp4"}, {"webm", "video/webm"}, {"mp3", "audio/mpeg"},
        {"ogg", "audio/ogg"}, {"wav", "audio/wav"}, {"webmanifest", "application/manifest+json"},
        {"txz", "application/x-xz"}, {"bin", "application/octet-stream"},
    };
    for (const auto& e : kTable) by_ext_.emplace(e[0], e[1]);
}

void MimeTypes::add_mime_types_text(std::string_view text) {
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        size_t hash = line.find('#');
        if (hash != std::string_view::npos) line = line.substr(0, hash);
        std::string_view type;
        size_t p = 0;
        while (p < line.size()) {
            while (p < line.size() && (line[p] == ' ' || line[p] == '\t' || line[p] == '\r')) ++p;
            size_t e = p;
            while (e < line.size() && line[e] != ' ' && line[e] != '\t' && line[e] != '\r') ++e;
            if (e == p) break;
            std::string_view word = line.substr(p, e - p);
            p = e;
            if (type.empty()) {
                if (word.find('/') == std::string_view::npos) break;  // not a "type exts" line
                type = word;
                continue;
            }
            std::string ext;
            for (char c : word) ext.push_back(lower(c));
            by_ext_.emplace(std::move(ext), std::string(type));  // existing entries win
        }
    }
}

std::string_view MimeTypes::lookup(std::string_view name) const {
    static const std::string kDefault = "application/octet-stream";
    size_t slash = name.rfind('/');
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot + 1 >= name.size() || dot + 1 + 16 < name.size()) return kDefault;
    char ext[17];
    size_t n = name.size() - dot - 1;
    for (size_t i = 0; i < n; ++i) ext[i] = lower(name[dot + 1 + i]);
    auto it = by_ext_.find(std::string(ext, n));
    return it == by_ext_.end() ? std::string_view(kDefault) : std::string_view(it->second);
}

const char* coding_token(Coding c) {
    switch (c) {
        case Coding::Brotli: return "br";
        case Coding::Zstd: return "zstd";
        case Coding::Gzip: return "gzip";
    }
    return "";
}

const char* coding_suffix(Coding c) {
    switch (c) {
        case Coding::Brotli: return ".br";
        case Coding::Zstd: return ".zst";
        case Coding::Gzip: return ".gz";
    }
    return "";
}

double accept_encoding_q(std::string_view header, Coding c) {
    // The same negotiation rules as the workers' response compression (one parser).
    http::AcceptEncoding ae;
    ae.add(header);
    http::ContentCoding cc = c == Coding::Brotli ? http::ContentCoding::Brotli
                             : c == Coding::Zstd ? http::ContentCoding::Zstd
                                                 : http::ContentCoding::Gzip;
    return double(ae.quality(cc)) / double(http::kQualityMax);
}

}  // namespace trident::server::static_files

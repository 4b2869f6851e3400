// The rules of the static file handler that need no file system: which request targets may
// name a file (percent-decoding and the path safety checks), static_handler_locations, the
// validators (ETag, Last-Modified) and the conditional and Range decisions of RFC 9110, the
// Content-Type table and the Accept-Encoding choice of a precompressed sibling. Pure functions,
// unit-tested ([static]) and fuzzed (fuzz/fuzz_static.cc); server/static_handler.cc does the I/O.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trident::server::static_files {

// Why a target is not a file the handler may look for (the request then goes to PHP).
enum class PathVerdict : uint8_t {
    Ok,
    BadEncoding,   // a '%' not followed by two hex digits
    NulByte,       // %00
    Backslash,     // '\' (raw or %5c): a path separator elsewhere
    DotDot,        // a ".." segment (raw or encoded)
    Dotfile,       // a segment starting with '.' (static_handler_allow_dotfiles off)
    NotAbsolute,   // the path does not start with '/' (asterisk or absolute form)
    OutsideLocations,  // not under any of static_handler_locations
};
const char* path_verdict_name(PathVerdict v);

// The request target (path and query, as sent) as a path relative to document_root: the query
// dropped, percent-decoded, empty and "." segments dropped, no leading '/' ("" is the root).
// `directory`: the decoded path ended with '/' (or was "/"): only an index file can answer it.
struct StaticPath {
    std::string relative;
    bool directory = false;
};
PathVerdict resolve_target(std::string_view target, bool allow_dotfiles, const std::vector<std::string>& locations,
                           StaticPath& out);

// A location matches the decoded path when it is a prefix ending at a segment boundary:
// "/" matches everything, "/assets" matches "/assets" and "/assets/x" but not "/assetsx".
bool under_location(std::string_view decoded_path, std::string_view location);

// Strong validator from the file's identity and version: "inode-size-mtime(ns)" in hex.
std::string make_etag(ino_t ino, off_t size, const timespec& mtime);
// IMF-fixdate (RFC 9110 5.6.7) of a time; parse accepts it and the two obsolete forms
// (RFC 850, asctime). -1 when unparsable.
std::string http_date(time_t t);
time_t parse_http_date(std::string_view s);

// RFC 9110 13.1.2: If-None-Match against our ETag (weak comparison; "*" matches any).
bool etag_list_matches(std::string_view header, std::string_view etag);

// The Range header (RFC 9110 14.1.2) for a representation of `size` bytes.
struct ByteRange {
    enum class Kind : uint8_t {
        None,           // no Range, or one to ignore (not bytes, bad syntax, several ranges): 200
        Satisfiable,    // first..last (inclusive): 206
        Unsatisfiable,  // 416 with Content-Range: bytes */size
    };
    Kind kind = Kind::None;
    uint64_t first = 0;
    uint64_t last = 0;
    uint64_t length() const { return last - first + 1; }
};
ByteRange parse_range(std::string_view header, uint64_t size);

// What a GET or HEAD of a regular file gets, from its validators and the request's
// conditional and Range fields (empty views: absent).
struct Conditionals {
    std::string_view if_none_match;
    std::string_view if_modified_since;
    std::string_view if_range;
    std::string_view range;
    bool head = false;
};
struct Decision {
    unsigned status = 200;  // 200, 206, 304 or 416
    ByteRange range;        // for 206 (and 416: Kind::Unsatisfiable)
};
Decision decide(const Conditionals& c, std::string_view etag, time_t mtime, uint64_t size);

// Content-Type by file extension: a built-in table of web types, then what /etc/mime.types
// (or another file in its format) adds for extensions the table lacks.
class MimeTypes {
public:
    MimeTypes();
    // Adds the entries of a mime.types file's text ("type ext ext ..." lines, '#' comments).
    void add_mime_types_text(std::string_view text);
    // The type for a file name ("application/octet-stream" when the extension is unknown).
    std::string_view lookup(std::string_view file_name) const;

private:
    std::unordered_map<std::string, std::string> by_ext_;  // lower-case extension -> type
};

// The precompressed siblings the handler looks for, in the server's order of preference.
enum class Coding : uint8_t { Brotli, Zstd, Gzip };
constexpr Coding kCodings[] = {Coding::Brotli, Coding::Zstd, Coding::Gzip};
const char* coding_token(Coding c);   // "br", "zstd", "gzip"
const char* coding_suffix(Coding c);  // ".br", ".zst", ".gz"
// The q-value the client gives a content coding in Accept-Encoding (RFC 9110 12.5.3): its own
// entry, else "*", else 0; x-gzip counts as gzip. An absent header (empty view) accepts none.
double accept_encoding_q(std::string_view header, Coding c);

}  // namespace trident::server::static_files

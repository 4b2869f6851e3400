// multipart/form-data request bodies (RFC 7578 over the RFC 2046 framing).
//
// The parser works on a body that is already fully in memory and never copies it: every
// string_view in a MultipartPart points into the body passed to parse_multipart, so the body
// must outlive the parts.
//
// Framing accepted:
//   [preamble] "--" boundary *(SP / HTAB) CRLF
//   part-headers CRLF part-data
//   CRLF "--" boundary *(SP / HTAB) CRLF  ...next part...
//   CRLF "--" boundary "--" [epilogue]
// The first delimiter may start the body (no CRLF before it). Header lines must end in CRLF;
// a bare LF is rejected rather than guessed at, because the data that follows the headers is
// binary and a parser that guesses line endings can disagree with a proxy in front of us about
// where a part starts. A "--" boundary sequence that is not followed by padding + CRLF or by
// "--" is not a delimiter and stays part of the data.
//
// Quoted parameter values (name="...", filename="...") are returned raw, without the quotes.
// Only the pairs \" and \\ count as escapes: browsers send a literal backslash in filenames
// (old IE even sends whole Windows paths) and percent-encode '"' instead of escaping it, so
// treating every backslash as an escape would mangle real uploads. When a value holds neither
// pair its *_escaped flag is false and the raw view already is the value; otherwise the caller
// passes it through unquote_param.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trident::http {

// RFC 2046 caps a boundary at 70 characters; the parser relies on it to build its search
// pattern on the stack.
constexpr size_t kMaxMultipartBoundary = 70;

// Extracts the boundary parameter from a Content-Type value such as
// `multipart/form-data; boundary="abc"`. The media type and parameter names are compared
// case-insensitively; the value may be a token or a quoted-string. The boundary must be 1..70
// printable ASCII characters (space allowed, but not last; '"' and '\' never). False if the
// media type is not multipart/form-data, the parameter list does not parse, boundary is
// missing or given twice, or its value is invalid.
bool multipart_boundary(std::string_view content_type, std::string_view& boundary);

struct MultipartPart {
    std::string_view name;          // Content-Disposition: form-data; name="..." (may be empty)
    std::string_view filename;      // filename="..." as sent; may be empty when has_filename
    bool has_filename = false;
    bool name_escaped = false;      // name holds \" or \\: pass it through unquote_param
    bool filename_escaped = false;  // same for filename
    std::string_view content_type;  // the part's Content-Type value, empty if absent
    std::string_view data;          // the part body
};

struct MultipartLimits {
    size_t max_parts = 1000;
    // Bytes of one part's header block, counting each line's CRLF and the empty line ending it.
    size_t max_part_header_bytes = 8192;
    // What a part past max_parts does: by default it fails the whole body; when true, parsing
    // stops there and the max_parts parts before it are kept (PHP's max_multipart_body_parts
    // keeps what it read before the limit, and a server that mirrors PHP must too).
    bool keep_parts_before_limit = false;
};

// Parses the whole body. Returns true and replaces the contents of parts on success (zero parts
// is valid: a body that is only a close delimiter). On malformed input returns false, leaves
// parts empty (except "too many parts" with keep_parts_before_limit: then parts holds the first
// max_parts parts) and sets *error (if error is not null) to a static message:
//   "invalid boundary"               boundary argument fails the multipart_boundary rules
//   "missing boundary line"          no delimiter line anywhere in the body
//   "unterminated body"              the body ends before the close delimiter
//   "part headers too long"          a header block exceeds max_part_header_bytes
//   "malformed part header"          bare LF, CR or NUL inside a line, no ':', bad name, folding
//   "duplicate part header"          Content-Disposition or Content-Type given twice
//   "malformed Content-Disposition"  parameter syntax error or a repeated name/filename
//   "part without form-data name"    no Content-Disposition, type not form-data, or no name
//   "too many parts"                 more than max_parts parts
// Headers other than Content-Disposition and Content-Type are checked for syntax and ignored;
// so is filename* (RFC 7578 section 4.2 forbids senders to use it).
bool parse_multipart(std::string_view body, std::string_view boundary,
                     const MultipartLimits& limits, std::vector<MultipartPart>& parts,
                     const char** error);

// Undoes the \" and \\ escapes of a raw quoted parameter value; any other backslash is kept.
std::string unquote_param(std::string_view raw);

// The name to give an uploaded file: what follows the last '/' or '\' of the (unquoted)
// filename, possibly empty ("dir/" -> ""). RFC 7578 section 4.2 says directory information in
// a filename is not to be used; '\' counts on every OS because old IE sends whole Windows paths
// ("C:\Users\me\a.txt"), and a '\' kept in the name would be a path separator again on
// Windows or in a share. This is PHP's php_ap_basename rule, so $_FILES names match PHP's.
std::string_view upload_basename(std::string_view filename);

}  // namespace trident::http

// Request-target and Host checks for HTTP/1.1 (RFC 9112 §3.2, RFC 9110 §4.2 and §7.2,
// RFC 3986 §3.2 for the authority syntax).
//
// Pure functions over string_views into the caller's buffer; nothing is copied. The parser
// calls them while it reads a head, so what they accept is what reaches the application:
// anything two implementations could read as different hosts or paths (userinfo, a '#' or
// '\' in an authority, a target that is no URI form at all) is refused, not repaired.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace trident::http1 {

struct RequestHead;

// RFC 9112 §3.2: the four forms a request-target takes.
enum class TargetForm : uint8_t {
    Origin,     // "/" path ["?" query]: what the application always sees
    Absolute,   // "http" / "https" "://" authority [path] ["?" query]
    Authority,  // host ":" port - CONNECT only
    Asterisk,   // "*" - OPTIONS only
};

// An authority without userinfo (RFC 3986 §3.2, RFC 9110 §4.2.4): uri-host [":" port], where
// uri-host is an IP-literal ("[" IPv6address or IPvFuture "]"), or a reg-name (unreserved,
// pct-encoded and sub-delims; an IPv4 address is one as far as syntax goes), and port is
// decimal, at most 65535. The host must not be empty: an "http" URI with an empty host is
// invalid (RFC 9110 §4.2.1). require_port: the CONNECT form, where the port is not optional
// (RFC 9110 §9.3.6: "host:port", digits present).
bool valid_authority(std::string_view s, bool require_port);

// A Host field value (RFC 9112 §3.2, RFC 9110 §7.2): an authority as above, or empty (what a
// client sends when the target URI has no authority).
bool valid_host(std::string_view value);

struct RequestTarget {
    TargetForm form = TargetForm::Origin;
    std::string_view authority;  // absolute- and authority-form: as in the target
    std::string_view path;       // up to the first '?'; "" in "http://h" and "http://h?q"
    std::string_view query;      // after the first '?' (without it); empty if none
    std::string_view origin;     // path ["?" query] as sent: the target itself for origin-
                                 // and asterisk-form, what follows the authority for
                                 // absolute-form, empty for authority-form
};

// Classifies `target` and checks it against the method:
//   origin-form    any method but CONNECT
//   absolute-form  any method but CONNECT; scheme http or https in any case
//   authority-form CONNECT only, and CONNECT takes nothing else
//   asterisk-form  OPTIONS only
// Returns 0, or 400 with *message set to a short static text.
int parse_request_target(std::string_view method, std::string_view target, RequestTarget& out,
                         const char** message);

// The target to hand on to the application, always in origin-form (or "*"): for an
// absolute-form request the path and query after its authority, with "/" for an empty path
// (RFC 9112 §3.2.1). A view into the head when those bytes are there as they are; composed in
// `scratch` (and valid while it is) only for "http://h?q", whose "/" is not in the bytes.
std::string_view origin_form(const RequestHead& head, std::string& scratch);

}  // namespace trident::http1

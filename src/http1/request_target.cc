#include "trident/http1/request_target.h"

#include <arpa/inet.h>

#include <cstring>

#include "trident/http1/parser.h"

namespace trident::http1 {
namespace {

inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// RFC 3986 §2.3 and §2.2.
inline bool is_unreserved(char c) {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
inline bool is_sub_delim(char c) {
    switch (c) {
        case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+':
        case ',': case ';': case '=':
            return true;
        default:
            return false;
    }
}

// reg-name = *( unreserved / pct-encoded / sub-delims ), here with at least one character.
bool valid_reg_name(std::string_view s) {
    if (s.empty()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return false;
            i += 2;
        } else if (!is_unreserved(c) && !is_sub_delim(c)) {
            return false;
        }
    }
    return true;
}

// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
bool valid_ipvfuture(std::string_view s) {
    if (s.size() < 4 || (s[0] != 'v' && s[0] != 'V')) return false;
    size_t i = 1;
    while (i < s.size() && is_hex(s[i])) ++i;
    if (i == 1 || i == s.size() || s[i] != '.') return false;
    if (++i == s.size()) return false;
    for (; i < s.size(); ++i) {
        if (!is_unreserved(s[i]) && !is_sub_delim(s[i]) && s[i] != ':') return false;
    }
    return true;
}

// RFC 3986's IPv6address is RFC 4291's text form, which is what inet_pton() reads; it
// accepts no zone identifier and no other address family's syntax.
bool valid_ipv6(std::string_view s) {
    char buf[INET6_ADDRSTRLEN];
    if (s.empty() || s.size() >= sizeof buf) return false;
    // Only the characters of the text form (hex digits, ':' and '.' of an embedded IPv4): a NUL
    // would end inet_pton()'s string early and let whatever follows it through.
    for (char c : s) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
        if (!ok) return false;
    }
    std::memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    in6_addr addr;
    return inet_pton(AF_INET6, buf, &addr) == 1;
}

bool valid_ip_literal(std::string_view s) {
    if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) return valid_ipvfuture(s);
    return valid_ipv6(s);
}

// port = *DIGIT, but as a number on this side of 65535.
bool valid_port(std::string_view s, bool require_digits) {
    if (s.empty()) return !require_digits;
    uint32_t n = 0;
    for (char c : s) {
        if (!is_digit(c)) return false;
        n = n * 10 + uint32_t(c - '0');
        if (n > 65535) return false;
    }
    return true;
}

inline bool iequals(std::string_view s, std::string_view lower) {
    if (s.size() != lower.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = char(c + 32);
        if (c != lower[i]) return false;
    }
    return true;
}

// Splits path ["?" query] at the first '?'.
void split_origin(std::string_view origin, RequestTarget& out) {
    out.origin = origin;
    size_t q = origin.find('?');
    out.path = origin.substr(0, q);
    out.query = q == std::string_view::npos ? std::string_view() : origin.substr(q + 1);
}

// The length of "http://" or "https://" (any case) at the start of target, else 0.
size_t http_scheme_prefix(std::string_view target) {
    size_t colon = target.find(':');
    if (colon == std::string_view::npos) return 0;
    std::string_view scheme = target.substr(0, colon);
    if (!iequals(scheme, "http") && !iequals(scheme, "https")) return 0;
    if (target.substr(colon + 1, 2) != "//") return 0;
    return colon + 3;
}

}  // namespace

bool valid_authority(std::string_view s, bool require_port) {
    std::string_view host = s;
    std::string_view port;
    bool has_port = false;
    if (!s.empty() && s[0] == '[') {
        size_t close = s.find(']');
        if (close == std::string_view::npos) return false;
        host = s.substr(1, close - 1);
        if (!valid_ip_literal(host)) return false;
        std::string_view rest = s.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':') return false;
            has_port = true;
            port = rest.substr(1);
        }
    } else {
        // A reg-name has no ':', so the first one starts the port.
        size_t colon = s.find(':');
        if (colon != std::string_view::npos) {
            host = s.substr(0, colon);
            port = s.substr(colon + 1);
            has_port = true;
        }
        if (!valid_reg_name(host)) return false;
    }
    if (require_port && !has_port) return false;
    return valid_port(port, require_port);
}

bool valid_host(std::string_view value) { return value.empty() || valid_authority(value, false); }

int parse_request_target(std::string_view method, std::string_view target, RequestTarget& out,
                         const char** message) {
    out = RequestTarget();
    // RFC 9110 §9.3.6: CONNECT names only the tunnel's host and port.
    if (method == "CONNECT") {
        if (!valid_authority(target, true)) {
            *message = "CONNECT needs a host:port target";
            return 400;
        }
        out.form = TargetForm::Authority;
        out.authority = target;
        return 0;
    }
    if (!target.empty() && target[0] == '/') {
        split_origin(target, out);
        return 0;
    }
    if (target == "*") {
        // RFC 9112 §3.2.4: the server as a whole, which only OPTIONS can ask about.
        if (method != "OPTIONS") {
            *message = "'*' target is only for OPTIONS";
            return 400;
        }
        out.form = TargetForm::Asterisk;
        out.origin = target;
        out.path = target;
        return 0;
    }
    if (size_t prefix = http_scheme_prefix(target)) {
        // The authority ends at the path or the query. A '#' or '@' before that is no
        // fragment or userinfo here but a refused character: a parser that honoured them would
        // find a different host in "http://a#@b/" or "http://a@b/".
        std::string_view rest = target.substr(prefix);
        size_t end = rest.find_first_of("/?");
        if (end == std::string_view::npos) end = rest.size();
        std::string_view authority = rest.substr(0, end);
        if (!valid_authority(authority, false)) {
            *message = "invalid authority in request-target";
            return 400;
        }
        out.form = TargetForm::Absolute;
        out.authority = authority;
        split_origin(rest.substr(end), out);
        return 0;
    }
    if (valid_authority(target, true)) {
        *message = "host:port target is only for CONNECT";
    } else {
        *message = "invalid request-target";
    }
    return 400;
}

std::string_view origin_form(const RequestHead& head, std::string& scratch) {
    if (head.form != TargetForm::Absolute) return head.target;
    // RFC 9112 §3.2.1: an empty path is sent as "/".
    if (head.origin.empty()) return "/";
    if (head.origin[0] != '?') return head.origin;
    scratch.assign("/");
    scratch.append(head.origin.data(), head.origin.size());
    return scratch;
}

}  // namespace trident::http1

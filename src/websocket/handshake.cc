#include "trident/websocket/handshake.h"

#include <openssl/evp.h>

#include <cstring>

#include "trident/http/token.h"

namespace trident::websocket {

namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

// Calls f(element) for each non-empty element of a comma list; stops early when f returns true.
template <class F>
bool any_element(std::string_view value, F f) {
    while (!value.empty()) {
        const size_t comma = value.find(',');
        const std::string_view elem = trim(value.substr(0, comma));
        if (!elem.empty() && f(elem)) return true;
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!http::is_tchar(uint8_t(c))) return false;
    return true;
}

// Fields that may legitimately repeat (comma lists) are read instance by instance; for
// single-valued ones the caller needs to know whether there was more than one.
struct Found {
    std::string_view value;
    int count = 0;
};

Found find_field(const HeaderField* h, size_t n, std::string_view name) {
    Found f;
    for (size_t i = 0; i < n; ++i) {
        if (!iequals(h[i].name, name)) continue;
        if (f.count++ == 0) f.value = h[i].value;
    }
    return f;
}

bool any_field_has_token(const HeaderField* h, size_t n, std::string_view name, std::string_view token) {
    for (size_t i = 0; i < n; ++i)
        if (iequals(h[i].name, name) && has_list_token(h[i].value, token)) return true;
    return false;
}

HandshakeResult error(HandshakeError e) {
    HandshakeResult r;
    r.error = e;
    r.status = e == HandshakeError::BadVersion ? 426 : 400;
    return r;
}

bool version_ok(const HeaderField* h, size_t n) {
    const Found v = find_field(h, n, kVersionHeaderName);
    return v.count == 1 && trim(v.value) == kSupportedVersion;
}

}  // namespace

bool compute_accept_key(std::string_view key, char out[kAcceptKeySize]) {
    // Key and GUID are hashed as one string; a valid key is 24 bytes, so 64 is plenty.
    char input[64 + kGuid.size()];
    if (key.size() > 64) return false;
    std::memcpy(input, key.data(), key.size());
    std::memcpy(input + key.size(), kGuid.data(), kGuid.size());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    if (EVP_Digest(input, key.size() + kGuid.size(), digest, &digest_len, EVP_sha1(), nullptr) != 1 ||
        digest_len != 20)
        return false;
    unsigned char b64[kAcceptKeySize + 1];  // EVP_EncodeBlock adds a NUL
    if (EVP_EncodeBlock(b64, digest, int(digest_len)) != int(kAcceptKeySize)) return false;
    std::memcpy(out, b64, kAcceptKeySize);
    return true;
}

std::string accept_key(std::string_view key) {
    char out[kAcceptKeySize];
    if (!compute_accept_key(key, out)) return {};
    return std::string(out, kAcceptKeySize);
}

bool is_valid_client_key(std::string_view key) {
    // 16 bytes encode to 22 significant characters and two '=' of padding.
    if (key.size() != 24 || key[22] != '=' || key[23] != '=') return false;
    unsigned char decoded[18];
    // EVP_DecodeBlock rejects any byte outside the base64 alphabet (whitespace inside too) with
    // -1; it counts the two padding characters as decoded zero bytes, hence 18.
    return EVP_DecodeBlock(decoded, reinterpret_cast<const unsigned char*>(key.data()), int(key.size())) == 18;
}

bool has_list_token(std::string_view value, std::string_view token) {
    return any_element(value, [&](std::string_view e) { return iequals(e, token); });
}

const char* describe(HandshakeError e) {
    switch (e) {
        case HandshakeError::None: return "";
        case HandshakeError::NotWebSocket: return "not a WebSocket upgrade";
        case HandshakeError::BadMethod: return "WebSocket handshake with the wrong method";
        case HandshakeError::OldHttpVersion: return "WebSocket needs HTTP/1.1";
        case HandshakeError::NoConnectionUpgrade: return "Connection header lacks upgrade";
        case HandshakeError::BadVersion: return "unsupported Sec-WebSocket-Version";
        case HandshakeError::MissingKey: return "missing Sec-WebSocket-Key";
        case HandshakeError::InvalidKey: return "invalid Sec-WebSocket-Key";
        case HandshakeError::KeyNotAllowed: return "Sec-WebSocket-Key on extended CONNECT";
        case HandshakeError::MissingScheme: return "extended CONNECT without :scheme";
        case HandshakeError::MissingPath: return "extended CONNECT without :path";
        case HandshakeError::MissingAuthority: return "extended CONNECT without :authority";
    }
    return "bad WebSocket handshake";
}

HandshakeResult check_upgrade_request(const UpgradeRequest& req) {
    const HeaderField* h = req.headers;
    const size_t n = req.header_count;
    // First whether this is a WebSocket request at all: a caller serving plain HTTP on the same
    // port treats NotWebSocket as "an ordinary request", the rest as a broken handshake.
    if (!any_field_has_token(h, n, "upgrade", "websocket")) return error(HandshakeError::NotWebSocket);
    if (req.method != "GET") return error(HandshakeError::BadMethod);
    if (req.version_minor < 1) return error(HandshakeError::OldHttpVersion);
    if (!any_field_has_token(h, n, "connection", "upgrade")) return error(HandshakeError::NoConnectionUpgrade);
    if (!version_ok(h, n)) return error(HandshakeError::BadVersion);
    const Found key = find_field(h, n, "sec-websocket-key");
    if (key.count == 0) return error(HandshakeError::MissingKey);
    // §11.3.1: the key must not appear more than once.
    if (key.count > 1 || !is_valid_client_key(trim(key.value))) return error(HandshakeError::InvalidKey);
    HandshakeResult r;
    r.status = 101;
    r.key = trim(key.value);
    return r;
}

HandshakeResult check_extended_connect(const ConnectRequest& req) {
    const HeaderField* h = req.headers;
    const size_t n = req.header_count;
    if (req.method != "CONNECT") return error(HandshakeError::BadMethod);
    // :protocol values are case-sensitive tokens (RFC 8441 §4 uses the HTTP Upgrade Token
    // registry, whose entry is "websocket").
    if (req.protocol != "websocket") return error(HandshakeError::NotWebSocket);
    if (req.scheme.empty()) return error(HandshakeError::MissingScheme);
    if (req.path.empty()) return error(HandshakeError::MissingPath);
    if (req.authority.empty()) return error(HandshakeError::MissingAuthority);
    if (!version_ok(h, n)) return error(HandshakeError::BadVersion);
    if (find_field(h, n, "sec-websocket-key").count != 0) return error(HandshakeError::KeyNotAllowed);
    HandshakeResult r;
    r.status = 200;
    return r;
}

std::string_view select_subprotocol(const HeaderField* headers, size_t count, const std::string_view* supported,
                                    size_t n, bool* malformed) {
    if (malformed) *malformed = false;
    std::string_view chosen;
    for (size_t i = 0; i < count; ++i) {
        if (!iequals(headers[i].name, "sec-websocket-protocol")) continue;
        bool bad = false;
        any_element(headers[i].value, [&](std::string_view e) {
            if (!is_token(e)) {
                bad = true;
                return true;
            }
            if (chosen.empty())
                for (size_t k = 0; k < n; ++k)
                    if (supported[k] == e) chosen = e;
            return false;
        });
        if (bad) {
            if (malformed) *malformed = true;
            return {};
        }
    }
    return chosen;
}

}  // namespace trident::websocket

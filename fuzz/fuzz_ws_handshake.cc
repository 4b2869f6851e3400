// libFuzzer target for the WebSocket opening handshake checks (trident/websocket/handshake.h):
// the HTTP/1.1 Upgrade, the extended CONNECT of HTTP/2 and HTTP/3, subprotocol selection, and
// the Sec-WebSocket-Key / Accept computation.
//
// Input layout: byte 0 picks the request line (bits 0-1 method GET/CONNECT/POST/get, bit 2
// HTTP/1.0, bit 3 :protocol "websocket" or the next line's text); the rest is split at '\n'
// into header lines "name:value" (a line without ':' is a name with an empty value). Checked:
// a request accepted as a WebSocket upgrade has every field RFC 6455 §4.2.1 requires, its key
// is the one Sec-WebSocket-Key sent, and the accept value is 28 base64 characters; a refusal
// answers 400, or 426 exactly for a bad version; the chosen subprotocol was both offered and
// supported.
#include <cstddef>
#include <cstdint>
#include <cctype>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "trident/http/token.h"
#include "trident/websocket/handshake.h"

using namespace trident;
using namespace trident::websocket;

namespace {

void check(bool ok) {
    if (!ok) abort();
}

bool any_has(const std::vector<HeaderField>& h, std::string_view name, std::string_view token) {
    for (const HeaderField& f : h)
        if (http::iequals_ascii(f.name, name) && has_list_token(f.value, token)) return true;
    return false;
}

size_t count(const std::vector<HeaderField>& h, std::string_view name) {
    size_t n = 0;
    for (const HeaderField& f : h) n += http::iequals_ascii(f.name, name);
    return n;
}

void check_refusal(const HandshakeResult& r) {
    check(describe(r.error) != nullptr && r.key.empty());
    check(r.status == (r.error == HandshakeError::BadVersion ? 426 : 400));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t sel = data[0];
    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::vector<HeaderField> headers;
    std::string_view protocol = "websocket";
    bool first = true;
    while (!rest.empty() && headers.size() < 64) {
        size_t nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        if (first && (sel & 8)) {
            protocol = line;
            first = false;
            continue;
        }
        first = false;
        size_t colon = line.find(':');
        headers.push_back({line.substr(0, colon), colon == std::string_view::npos ? "" : line.substr(colon + 1)});
    }
    static constexpr std::string_view kMethods[] = {"GET", "CONNECT", "POST", "get"};
    const std::string_view method = kMethods[sel & 3];

    UpgradeRequest up;
    up.method = method;
    up.version_minor = (sel & 4) ? 0 : 1;
    up.headers = headers.data();
    up.header_count = headers.size();
    HandshakeResult r = check_upgrade_request(up);
    if (r.ok()) {
        check(r.status == 101 && method == "GET" && up.version_minor == 1);
        check(any_has(headers, "upgrade", "websocket") && any_has(headers, "connection", "upgrade"));
        check(count(headers, "sec-websocket-key") == 1 && is_valid_client_key(r.key));
        check(r.key.size() == 24 && r.key.substr(22) == "==");
        bool from_field = false;
        for (const HeaderField& f : headers) {
            if (http::iequals_ascii(f.name, "sec-websocket-key"))
                from_field = r.key.data() >= f.value.data() && r.key.data() + 24 <= f.value.data() + f.value.size();
        }
        check(from_field);
        std::string accept = accept_key(r.key);
        check(accept.size() == kAcceptKeySize && accept.back() == '=');
        for (char c : accept) check(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=');
    } else {
        check_refusal(r);
        if (r.error == HandshakeError::NotWebSocket) check(!any_has(headers, "upgrade", "websocket"));
    }

    ConnectRequest cr;
    cr.method = method;
    cr.protocol = protocol;
    cr.scheme = (sel & 0x10) ? "" : "https";
    cr.path = (sel & 0x20) ? "" : "/chat";
    cr.authority = (sel & 0x40) ? "" : "example.com";
    cr.headers = headers.data();
    cr.header_count = headers.size();
    HandshakeResult c = check_extended_connect(cr);
    if (c.ok()) {
        check(c.status == 200 && method == "CONNECT" && protocol == "websocket");
        check(!cr.scheme.empty() && !cr.path.empty() && !cr.authority.empty());
        check(count(headers, "sec-websocket-key") == 0);
    } else {
        check_refusal(c);
    }

    static constexpr std::string_view kSupported[] = {"chat", "superchat", "v2.json"};
    bool malformed = true;
    std::string_view chosen = select_subprotocol(headers.data(), headers.size(), kSupported, 3, &malformed);
    if (!chosen.empty()) {
        check(!malformed && any_has(headers, "sec-websocket-protocol", chosen));
        bool supported = false;
        for (std::string_view s : kSupported) supported |= s == chosen;
        check(supported);
    }
    for (const HeaderField& f : headers) {
        if (is_valid_client_key(f.value)) check(f.value.size() == 24 && accept_key(f.value).size() == kAcceptKeySize);
    }
    return 0;
}

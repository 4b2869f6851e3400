// WebSocket opening handshake: accept key, HTTP/1.1 Upgrade and HTTP/2/3 extended CONNECT
// checks with the status to answer, subprotocol selection.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "trident/websocket/handshake.h"

using namespace trident::websocket;
using trident::HeaderField;

namespace {

constexpr std::string_view kKey = "dGhlIHNhbXBsZSBub25jZQ==";

std::vector<HeaderField> browser_headers() {
    return {{"Host", "example.com"},
            {"upgrade", "WebSocket"},
            {"Connection", "keep-alive, Upgrade"},
            {"Sec-WebSocket-Key", kKey},
            {"sec-websocket-version", "13"},
            {"Origin", "http://example.com"}};
}

HandshakeResult upgrade(const std::vector<HeaderField>& h, std::string_view method = "GET", int minor = 1) {
    UpgradeRequest r;
    r.method = method;
    r.version_minor = minor;
    r.headers = h.data();
    r.header_count = h.size();
    return check_upgrade_request(r);
}

std::vector<HeaderField> without(std::vector<HeaderField> h, std::string_view name) {
    std::vector<HeaderField> out;
    for (const HeaderField& f : h)
        if (f.name != name) out.push_back(f);
    return out;
}

std::vector<HeaderField> with(std::vector<HeaderField> h, std::string_view name, std::string_view value) {
    h = without(h, name);
    h.push_back({name, value});
    return h;
}

ConnectRequest connect_request(const std::vector<HeaderField>& h) {
    ConnectRequest r;
    r.method = "CONNECT";
    r.protocol = "websocket";
    r.scheme = "https";
    r.path = "/chat";
    r.authority = "example.com";
    r.headers = h.data();
    r.header_count = h.size();
    return r;
}

}  // namespace

TEST_CASE("websocket handshake: RFC 6455 §1.3 accept key", "[websocket]") {
    CHECK(accept_key(kKey) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    char out[kAcceptKeySize];
    REQUIRE(compute_accept_key("x3JJHMbDL1EzLkh9GBhXDw==", out));
    CHECK(std::string(out, kAcceptKeySize) == "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");  // a second widely published pair
    CHECK(accept_key(std::string(65, 'a')).empty());
}

TEST_CASE("websocket handshake: client key format", "[websocket]") {
    CHECK(is_valid_client_key(kKey));
    CHECK(is_valid_client_key("AAAAAAAAAAAAAAAAAAAAAA=="));
    CHECK_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ="));     // 23 chars
    CHECK_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ"));      // no padding
    CHECK_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQab"));    // 18 bytes, not 16
    CHECK_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25j!Q=="));    // outside the alphabet
    CHECK_FALSE(is_valid_client_key("dGhlIHNhbXBs ZSBub25jZQ=="));   // whitespace inside
    CHECK_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ==dGhl"));
    CHECK_FALSE(is_valid_client_key(""));
}

TEST_CASE("websocket handshake: token lists", "[websocket]") {
    CHECK(has_list_token("keep-alive, Upgrade", "upgrade"));
    CHECK(has_list_token(" ,UPGRADE ,", "upgrade"));
    CHECK(has_list_token("a,\tupgrade\t", "upgrade"));
    CHECK_FALSE(has_list_token("upgrades", "upgrade"));
    CHECK_FALSE(has_list_token("keep-alive", "upgrade"));
    CHECK_FALSE(has_list_token("", "upgrade"));
}

TEST_CASE("websocket handshake: HTTP/1.1 upgrade request", "[websocket]") {
    HandshakeResult ok = upgrade(browser_headers());
    CHECK(ok.ok());
    CHECK(ok.status == 101);
    CHECK(ok.key == kKey);
    // Upgrade is a list too (RFC 9110 §7.8), and repeated Connection fields count together.
    auto multi = with(browser_headers(), "upgrade", "h2c, websocket");
    multi = without(multi, "Connection");
    multi.push_back({"Connection", "keep-alive"});
    multi.push_back({"connection", "upgrade"});
    CHECK(upgrade(multi).ok());

    auto expect = [](const HandshakeResult& r, HandshakeError e, int status) {
        CHECK(r.error == e);
        CHECK(r.status == status);
        CHECK(std::string(describe(e)).size() > 0);
    };
    expect(upgrade(without(browser_headers(), "upgrade")), HandshakeError::NotWebSocket, 400);
    expect(upgrade(with(browser_headers(), "upgrade", "h2c")), HandshakeError::NotWebSocket, 400);
    expect(upgrade(browser_headers(), "POST"), HandshakeError::BadMethod, 400);
    expect(upgrade(browser_headers(), "get"), HandshakeError::BadMethod, 400);
    expect(upgrade(browser_headers(), "GET", 0), HandshakeError::OldHttpVersion, 400);
    expect(upgrade(with(browser_headers(), "Connection", "keep-alive")), HandshakeError::NoConnectionUpgrade, 400);
    expect(upgrade(without(browser_headers(), "Connection")), HandshakeError::NoConnectionUpgrade, 400);
    // Version: missing, another one, or repeated -> 426 (the caller adds Sec-WebSocket-Version: 13).
    expect(upgrade(without(browser_headers(), "sec-websocket-version")), HandshakeError::BadVersion, 426);
    expect(upgrade(with(browser_headers(), "sec-websocket-version", "8")), HandshakeError::BadVersion, 426);
    expect(upgrade(with(browser_headers(), "sec-websocket-version", "13, 8")), HandshakeError::BadVersion, 426);
    auto twice = browser_headers();
    twice.push_back({"Sec-WebSocket-Version", "13"});
    expect(upgrade(twice), HandshakeError::BadVersion, 426);
    CHECK(kVersionHeaderName == "Sec-WebSocket-Version");
    CHECK(kSupportedVersion == "13");
    // Key: missing, malformed, repeated.
    expect(upgrade(without(browser_headers(), "Sec-WebSocket-Key")), HandshakeError::MissingKey, 400);
    expect(upgrade(with(browser_headers(), "Sec-WebSocket-Key", "short==")), HandshakeError::InvalidKey, 400);
    auto two_keys = browser_headers();
    two_keys.push_back({"sec-websocket-key", kKey});
    expect(upgrade(two_keys), HandshakeError::InvalidKey, 400);
}

TEST_CASE("websocket handshake: extended CONNECT (RFC 8441 / RFC 9220)", "[websocket]") {
    const std::vector<HeaderField> h = {{"sec-websocket-version", "13"}, {"origin", "https://example.com"}};
    HandshakeResult ok = check_extended_connect(connect_request(h));
    CHECK(ok.ok());
    CHECK(ok.status == 200);
    CHECK(ok.key.empty());

    auto fails = [&](ConnectRequest r, HandshakeError e, int status) {
        HandshakeResult res = check_extended_connect(r);
        CHECK(res.error == e);
        CHECK(res.status == status);
    };
    ConnectRequest r = connect_request(h);
    r.method = "GET";
    fails(r, HandshakeError::BadMethod, 400);
    r = connect_request(h);
    r.protocol = "";
    fails(r, HandshakeError::NotWebSocket, 400);
    r.protocol = "connect-udp";
    fails(r, HandshakeError::NotWebSocket, 400);
    r = connect_request(h);
    r.scheme = "";
    fails(r, HandshakeError::MissingScheme, 400);
    r = connect_request(h);
    r.path = "";
    fails(r, HandshakeError::MissingPath, 400);
    r = connect_request(h);
    r.authority = "";
    fails(r, HandshakeError::MissingAuthority, 400);
    const std::vector<HeaderField> v8 = {{"sec-websocket-version", "8"}};
    fails(connect_request(v8), HandshakeError::BadVersion, 426);
    fails(connect_request({}), HandshakeError::BadVersion, 426);
    const std::vector<HeaderField> keyed = {{"sec-websocket-version", "13"}, {"sec-websocket-key", kKey}};
    fails(connect_request(keyed), HandshakeError::KeyNotAllowed, 400);
}

TEST_CASE("websocket handshake: subprotocol selection", "[websocket]") {
    const std::string_view supported[] = {"graphql-ws", "chat"};
    bool malformed = true;
    std::vector<HeaderField> h = {{"Sec-WebSocket-Protocol", "superchat, chat"}};
    CHECK(select_subprotocol(h.data(), h.size(), supported, 2, &malformed) == "chat");
    CHECK_FALSE(malformed);
    // The client's order wins, across repeated fields.
    h = {{"sec-websocket-protocol", "x"}, {"Sec-WebSocket-Protocol", " chat , graphql-ws"}};
    CHECK(select_subprotocol(h.data(), h.size(), supported, 2) == "chat");
    // Exact, case-sensitive names.
    h = {{"Sec-WebSocket-Protocol", "Chat"}};
    CHECK(select_subprotocol(h.data(), h.size(), supported, 2).empty());
    // Not offered at all.
    CHECK(select_subprotocol(nullptr, 0, supported, 2, &malformed).empty());
    CHECK_FALSE(malformed);
    // An element that is not a token makes the whole offer unusable.
    h = {{"Sec-WebSocket-Protocol", "chat, a b"}};
    CHECK(select_subprotocol(h.data(), h.size(), supported, 2, &malformed).empty());
    CHECK(malformed);
}

// The endpoint's stateless decisions (http3/routing.h), on hand-made datagrams; the endpoint
// tests (test_http3_endpoint.cc) see the same rules through a real socket, fuzz/fuzz_quic.cc
// on arbitrary bytes.
#include <catch2/catch.hpp>

#include <ngtcp2/ngtcp2_crypto.h>

#include <string>

#include "http3/cid.h"
#include "http3/routing.h"

using namespace trident::http3;

namespace {

std::string long_header(uint32_t version, const std::string& dcid, size_t total) {
    std::string p(1, '\xc3');
    for (int i = 3; i >= 0; --i) p += char(version >> (8 * i));
    p += char(dcid.size()) + dcid + char(4) + std::string("\x01\x02\x03\x04", 4);
    p.resize(total, '\0');
    return p;
}

Route route(const std::string& d, bool forwarded, int self = 0, int reactors = 4) {
    ngtcp2_version_cid vc;
    auto p = reinterpret_cast<const uint8_t*>(d.data());
    Route r = classify_datagram(p, d.size(), forwarded, vc);
    return r == Route::Lookup ? route_unowned(vc, p, d.size(), forwarded, self, reactors) : r;
}

std::string our_cid(int reactor) {
    uint8_t cid[kCidLength];
    REQUIRE(make_server_cid(reactor, cid));
    return std::string(reinterpret_cast<char*>(cid), kCidLength);
}

}  // namespace

TEST_CASE("http3 routing: each kind of datagram goes its way", "[http3][routing]") {
    const std::string client_cid = "\x11\x22\x33\x44\x55\x66\x77\x88";
    CHECK(route("", false) == Route::Drop);
    CHECK(route(long_header(NGTCP2_PROTO_VER_V1, client_cid, 1200), false) == Route::Accept);
    CHECK(route(long_header(0x1a2a3a4a, client_cid, 1200), false) == Route::Negotiate);
    CHECK(route(long_header(0xff00001d, client_cid, 1200), false) == Route::Negotiate);  // draft-29
    CHECK(route(long_header(0x1a2a3a4a, client_cid, 600), false) == Route::Drop);        // amplification
    CHECK(route(long_header(0, client_cid, 1200), false) == Route::Drop);                // a VN packet
    CHECK(route(std::string(1, '\x40') + our_cid(0) + std::string(30, 'x'), false) == Route::Reset);
    CHECK(route(std::string(1, '\x40') + our_cid(3) + std::string(30, 'x'), false) == Route::Forward);
    CHECK(route(std::string(1, '\x40') + our_cid(9) + std::string(30, 'x'), false) == Route::Reset);  // no reactor 9
    CHECK(route(std::string(1, '\x40') + std::string(18, '\x07') + std::string(30, 'x'), false) == Route::Drop);
}

TEST_CASE("http3 routing: a forwarded datagram is neither forwarded again nor answered with VN",
          "[http3][routing]") {
    CHECK(route(std::string(1, '\x40') + our_cid(3) + std::string(30, 'x'), true) == Route::Reset);
    CHECK(route(long_header(0x1a2a3a4a, "\x01\x02\x03\x04", 1200), true) == Route::Drop);
    CHECK(route(long_header(0xff00001d, "\x01\x02\x03\x04", 1200), true) == Route::Drop);
}

TEST_CASE("http3 routing: token kinds and Stateless Reset sizes", "[http3][routing]") {
    const uint8_t retry[] = {NGTCP2_CRYPTO_TOKEN_MAGIC_RETRY, 1}, regular[] = {NGTCP2_CRYPTO_TOKEN_MAGIC_REGULAR},
                  other[] = {0};
    CHECK(token_kind(nullptr, 0) == TokenKind::None);
    CHECK(token_kind(retry, sizeof retry) == TokenKind::Retry);
    CHECK(token_kind(regular, sizeof regular) == TokenKind::Regular);
    CHECK(token_kind(other, sizeof other) == TokenKind::Foreign);
    // RFC 9000 §10.3: shorter than the trigger, at least 21 bytes (random + 16-byte token).
    CHECK(reset_random_length(22) == 0);
    CHECK(reset_random_length(23) == 6);
    CHECK(reset_random_length(23) + NGTCP2_STATELESS_RESET_TOKENLEN == 22);
    CHECK(reset_random_length(1200) == 64);
}

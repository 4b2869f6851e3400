// libFuzzer target for what the QUIC endpoint decides about a datagram before any connection
// exists (src/http3/routing.h, cid.h): the routing by version and DCID, the token kinds of an
// Initial and their verification, the Stateless Reset size and the Version Negotiation answer.
// Packet protection and connections are ngtcp2's and not fuzzed here.
//
// Input layout: byte 0 is the receiving reactor's context (bit 0 the datagram was forwarded
// by another reactor, bits 1-2 this reactor's index, bits 3-5 the reactor count - 1); the
// rest is the datagram. Checked: each route holds exactly under the conditions RFC 9000 and
// cid.h give for it (only v1 is accepted, only a large unforwarded datagram is answered with
// Version Negotiation, only our own CIDs are forwarded or reset, a forwarded datagram is never
// forwarded again); a reset is shorter than what triggered it; the Version Negotiation packet
// carries the client's CIDs swapped; no token the fuzzer makes up verifies, and the tokens
// the endpoint makes do (for their address only).
#include <netinet/in.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "http3/cid.h"
#include "http3/routing.h"

using namespace trident::http3;

#define FUZZ_CHECK(cond)                                                                          \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);        \
            std::abort();                                                                         \
        }                                                                                         \
    } while (0)

namespace {

const uint8_t kSecret[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                             17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
constexpr uint64_t kNow = 1000 * NGTCP2_SECONDS;

bool inside(const uint8_t* p, size_t n, const uint8_t* data, size_t len) {
    return n == 0 || (p >= data && p + n <= data + len);
}

sockaddr_in client_addr(uint8_t last) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(40000);
    a.sin_addr.s_addr = htonl(0x7f000000u | last);
    return a;
}

// What an Initial the route accepted carries: tokens kinds by their magic byte, and none made
// up verifies; a Retry token and a NEW_TOKEN token made for this client verify for it only.
void check_initial(const uint8_t* data, size_t len) {
    ngtcp2_pkt_hd hd;
    if (ngtcp2_accept(&hd, data, len) != 0) return;
    FUZZ_CHECK(hd.version == NGTCP2_PROTO_VER_V1);
    FUZZ_CHECK(inside(hd.token.base, hd.token.len, data, len));
    TokenKind kind = token_kind(hd.token.base, hd.token.len);
    FUZZ_CHECK((kind == TokenKind::None) == (hd.token.len == 0));
    if (kind == TokenKind::Regular) FUZZ_CHECK(hd.token.base[0] == NGTCP2_CRYPTO_TOKEN_MAGIC_REGULAR);
    if (kind == TokenKind::Retry) FUZZ_CHECK(hd.token.base[0] == NGTCP2_CRYPTO_TOKEN_MAGIC_RETRY);

    sockaddr_in me = client_addr(1), other = client_addr(2);
    auto* sa = reinterpret_cast<const ngtcp2_sockaddr*>(&me);
    auto* sb = reinterpret_cast<const ngtcp2_sockaddr*>(&other);
    ngtcp2_cid odcid;
    if (kind == TokenKind::Regular) {
        FUZZ_CHECK(ngtcp2_crypto_verify_regular_token(hd.token.base, hd.token.len, kSecret, sizeof kSecret, sa,
                                                      sizeof me, 3600 * NGTCP2_SECONDS, kNow) != 0);
    } else if (kind == TokenKind::Retry) {
        FUZZ_CHECK(ngtcp2_crypto_verify_retry_token(&odcid, hd.token.base, hd.token.len, kSecret, sizeof kSecret,
                                                    hd.version, sa, sizeof me, &hd.dcid, 10 * NGTCP2_SECONDS,
                                                    kNow) != 0);
    }

    // The endpoint's own tokens for this packet's CIDs (send_retry, make_regular_token).
    ngtcp2_cid scid;
    scid.datalen = kCidLength;
    FUZZ_CHECK(make_server_cid(0, scid.data));
    uint8_t tok[NGTCP2_CRYPTO_MAX_RETRY_TOKENLEN];
    ngtcp2_ssize tl = ngtcp2_crypto_generate_retry_token(tok, kSecret, sizeof kSecret, hd.version, sa, sizeof me,
                                                         &scid, &hd.dcid, kNow);
    FUZZ_CHECK(tl > 0 && token_kind(tok, size_t(tl)) == TokenKind::Retry);
    FUZZ_CHECK(ngtcp2_crypto_verify_retry_token(&odcid, tok, size_t(tl), kSecret, sizeof kSecret, hd.version, sa,
                                                sizeof me, &scid, 10 * NGTCP2_SECONDS, kNow) == 0);
    FUZZ_CHECK(ngtcp2_cid_eq(&odcid, &hd.dcid));
    FUZZ_CHECK(ngtcp2_crypto_verify_retry_token(&odcid, tok, size_t(tl), kSecret, sizeof kSecret, hd.version, sb,
                                                sizeof other, &scid, 10 * NGTCP2_SECONDS, kNow) != 0);
    uint8_t reg[NGTCP2_CRYPTO_MAX_REGULAR_TOKENLEN];
    ngtcp2_ssize rl = ngtcp2_crypto_generate_regular_token(reg, kSecret, sizeof kSecret, sa, sizeof me, kNow);
    FUZZ_CHECK(rl > 0 && token_kind(reg, size_t(rl)) == TokenKind::Regular);
    FUZZ_CHECK(ngtcp2_crypto_verify_regular_token(reg, size_t(rl), kSecret, sizeof kSecret, sa, sizeof me,
                                                  3600 * NGTCP2_SECONDS, kNow) == 0);
    FUZZ_CHECK(ngtcp2_crypto_verify_regular_token(reg, size_t(rl), kSecret, sizeof kSecret, sb, sizeof other,
                                                  3600 * NGTCP2_SECONDS, kNow) != 0);
}

// The Version Negotiation answer: version 0, the client's SCID as its DCID and back, v1 offered.
void check_negotiation(const ngtcp2_version_cid& vc) {
    uint8_t buf[256];
    size_t n = write_version_negotiation(vc, 0x5a, buf, sizeof buf);
    if (vc.dcidlen > NGTCP2_MAX_CIDLEN || vc.scidlen > NGTCP2_MAX_CIDLEN) {
        FUZZ_CHECK(n == 0);
        return;
    }
    FUZZ_CHECK(n == 1 + 4 + 1 + vc.scidlen + 1 + vc.dcidlen + 4);
    FUZZ_CHECK((buf[0] & 0x80) != 0 && std::memcmp(buf + 1, "\0\0\0\0", 4) == 0);
    const uint8_t* p = buf + 5;
    FUZZ_CHECK(p[0] == vc.scidlen && std::memcmp(p + 1, vc.scid, vc.scidlen) == 0);
    p += 1 + vc.scidlen;
    FUZZ_CHECK(p[0] == vc.dcidlen && std::memcmp(p + 1, vc.dcid, vc.dcidlen) == 0);
    p += 1 + vc.dcidlen;
    FUZZ_CHECK(std::memcmp(p, "\0\0\0\1", 4) == 0);
}

void check_reset(const uint8_t* dcid, size_t dcidlen, size_t pktlen) {
    size_t randlen = reset_random_length(pktlen);
    FUZZ_CHECK(randlen > 0);
    uint8_t token[NGTCP2_STATELESS_RESET_TOKENLEN];
    ngtcp2_cid cid;
    ngtcp2_cid_init(&cid, dcid, dcidlen);
    FUZZ_CHECK(ngtcp2_crypto_generate_stateless_reset_token(token, kSecret, sizeof kSecret, &cid) == 0);
    uint8_t rnd[64] = {};
    uint8_t buf[128];
    ngtcp2_ssize n = ngtcp2_pkt_write_stateless_reset(buf, sizeof buf, token, rnd, randlen);
    FUZZ_CHECK(n >= 21 && size_t(n) < pktlen);
    FUZZ_CHECK((buf[0] & 0xc0) == 0x40);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
    if (size == 0) return 0;
    const bool forwarded = bytes[0] & 1;
    const int self = (bytes[0] >> 1) & 3;
    const int reactors = 1 + ((bytes[0] >> 3) & 7);
    // The datagram in its own allocation, so ASan sees any read past its end.
    std::vector<uint8_t> dgram(bytes + 1, bytes + size);
    const uint8_t* data = dgram.data();
    const size_t len = dgram.size();

    // Sizes alone: a reset for every packet over 22 bytes, never as long as the packet.
    size_t rl = reset_random_length(len);
    FUZZ_CHECK((rl == 0) == (len <= 22) && rl <= 64);
    if (rl) FUZZ_CHECK(rl + NGTCP2_STATELESS_RESET_TOKENLEN < len && rl >= NGTCP2_MIN_STATELESS_RESET_RANDLEN);

    ngtcp2_version_cid vc{};
    Route first = classify_datagram(data, len, forwarded, vc);
    FUZZ_CHECK(first == Route::Drop || first == Route::Negotiate || first == Route::Lookup);
    if (len == 0) FUZZ_CHECK(first == Route::Drop);
    if (first == Route::Drop) return 0;
    const bool long_header = (data[0] & 0x80) != 0;
    FUZZ_CHECK(inside(vc.dcid, vc.dcidlen, data, len) && inside(vc.scid, vc.scidlen, data, len));
    if (first == Route::Negotiate) {
        FUZZ_CHECK(!forwarded && long_header && len >= NGTCP2_MAX_UDP_PAYLOAD_SIZE && vc.version != 0);
        check_negotiation(vc);
        return 0;
    }
    if (!long_header) FUZZ_CHECK(vc.dcidlen == kCidLength && vc.scidlen == 0);

    // cid.h's layout, read independently of reactor_of().
    int owner = vc.dcidlen == kCidLength && vc.dcid[0] == kCidFormat ? vc.dcid[1] : -1;
    FUZZ_CHECK(reactor_of(vc.dcid, vc.dcidlen) == owner);
    Route r = route_unowned(vc, data, len, forwarded, self, reactors);
    FUZZ_CHECK((r == Route::Forward) == (!forwarded && owner >= 0 && owner != self && owner < reactors));
    switch (r) {
        case Route::Forward: break;
        case Route::Negotiate:
            FUZZ_CHECK(!forwarded && long_header && vc.version != NGTCP2_PROTO_VER_V1 && vc.version != 0 &&
                       len >= NGTCP2_MAX_UDP_PAYLOAD_SIZE);
            check_negotiation(vc);
            break;
        case Route::Accept:
            FUZZ_CHECK(long_header && vc.version == NGTCP2_PROTO_VER_V1);
            check_initial(data, len);
            break;
        case Route::Reset:
            FUZZ_CHECK(!long_header && owner >= 0);
            if (rl) check_reset(vc.dcid, vc.dcidlen, len);
            break;
        case Route::Drop:
            // Only what has no answer: a short header of a client-chosen CID, a version
            // nobody negotiates with, or a forwarded or too small datagram of an unknown version.
            FUZZ_CHECK(long_header ? vc.version != NGTCP2_PROTO_VER_V1 : owner < 0);
            if (long_header && vc.version != 0) FUZZ_CHECK(forwarded || len < NGTCP2_MAX_UDP_PAYLOAD_SIZE);
            break;
        case Route::Lookup: FUZZ_CHECK(false);
    }
    return 0;
}

#include "http3/routing.h"

#include <ngtcp2/ngtcp2_crypto.h>

#include <algorithm>

#include "http3/cid.h"

namespace trident::http3 {

Route classify_datagram(const uint8_t* data, size_t len, bool forwarded, ngtcp2_version_cid& vc) {
    // An empty UDP datagram is legal on the wire, but ngtcp2's decoders assert a non-zero
    // length (and Debian's libngtcp2 keeps its assertions): one would abort the server.
    if (len == 0) return Route::Drop;
    int rv = ngtcp2_pkt_decode_version_cid(&vc, data, len, kCidLength);
    if (rv == NGTCP2_ERR_VERSION_NEGOTIATION) {
        return !forwarded && len >= NGTCP2_MAX_UDP_PAYLOAD_SIZE ? Route::Negotiate : Route::Drop;
    }
    return rv == 0 ? Route::Lookup : Route::Drop;
}

Route route_unowned(const ngtcp2_version_cid& vc, const uint8_t* data, size_t len, bool forwarded, int self,
                    int reactors) {
    int owner = reactor_of(vc.dcid, vc.dcidlen);
    if (!forwarded && owner >= 0 && owner != self && owner < reactors) return Route::Forward;
    bool long_header = len > 0 && (data[0] & 0x80) != 0;
    if (long_header && vc.version != NGTCP2_PROTO_VER_V1) {
        // ngtcp2 0.12 still knows drafts 29-32 and the v2 draft; this server offers QUIC v1
        // only, and says so (a client's Version Negotiation packet, version 0, is dropped).
        return vc.version != 0 && !forwarded && len >= NGTCP2_MAX_UDP_PAYLOAD_SIZE ? Route::Negotiate : Route::Drop;
    }
    if (long_header) return Route::Accept;
    // A short-header packet for a connection we do not know (it closed, or the server
    // restarted): a Stateless Reset tells the client at once instead of letting it time out.
    return owner >= 0 ? Route::Reset : Route::Drop;
}

TokenKind token_kind(const uint8_t* token, size_t len) {
    if (len == 0) return TokenKind::None;
    if (token[0] == NGTCP2_CRYPTO_TOKEN_MAGIC_REGULAR) return TokenKind::Regular;
    if (token[0] == NGTCP2_CRYPTO_TOKEN_MAGIC_RETRY) return TokenKind::Retry;
    return TokenKind::Foreign;
}

size_t reset_random_length(size_t pktlen) {
    constexpr size_t kMinReset = NGTCP2_MIN_STATELESS_RESET_RANDLEN + NGTCP2_STATELESS_RESET_TOKENLEN + 1;
    if (pktlen <= kMinReset) return 0;
    return std::min<size_t>(pktlen - 1 - NGTCP2_STATELESS_RESET_TOKENLEN, 64);
}

size_t write_version_negotiation(const ngtcp2_version_cid& vc, uint8_t unused_bits, uint8_t* buf, size_t cap) {
    if (vc.dcidlen > NGTCP2_MAX_CIDLEN || vc.scidlen > NGTCP2_MAX_CIDLEN) return 0;
    const uint32_t versions[] = {NGTCP2_PROTO_VER_V1};
    ngtcp2_ssize n = ngtcp2_pkt_write_version_negotiation(buf, cap, unused_bits, vc.scid, vc.scidlen, vc.dcid,
                                                          vc.dcidlen, versions, 1);
    return n > 0 ? size_t(n) : 0;
}

}  // namespace trident::http3

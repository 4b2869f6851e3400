// The stateless decisions QuicEndpoint makes about one datagram before any connection state is
// involved: which way it goes (by its version and Destination Connection ID), what kind of
// token an Initial carries, how long a Stateless Reset may be, and the Version Negotiation
// answer. Pure functions of the bytes (no socket, no loop), so fuzz/fuzz_quic.cc can hold them
// to their rules; the endpoint (endpoint.h) does what they say.
#pragma once

#include <ngtcp2/ngtcp2.h>

#include <cstddef>
#include <cstdint>

namespace trident::http3 {

enum class Route : uint8_t {
    Drop,       // empty or undecodable, or nothing sensible to answer (counted as dropped)
    Negotiate,  // answer with Version Negotiation
    Lookup,     // classify_datagram(): look the DCID up among this reactor's connections
    Forward,    // route_unowned(): another reactor issued the DCID (cid.h); hand it over
    Accept,     // route_unowned(): a QUIC v1 long-header packet for no connection: ngtcp2_accept
    Reset,      // route_unowned(): a short-header packet for a CID of ours nobody has: Stateless Reset
};

// First step: decodes the version and CIDs into vc (views into data). Drop, Negotiate (a
// version ngtcp2 does not know, in a datagram as large as a client's first Initial, not
// forwarded: never an amplification, RFC 9000 §6.1), or Lookup.
Route classify_datagram(const uint8_t* data, size_t len, bool forwarded, ngtcp2_version_cid& vc);

// Second step, for a DCID (from classify_datagram) no connection of this reactor has. self is
// this reactor's index, reactors how many there are. Forward, Negotiate (a version ngtcp2
// knows but this server does not offer: only QUIC v1 is), Accept, Reset or Drop.
Route route_unowned(const ngtcp2_version_cid& vc, const uint8_t* data, size_t len, bool forwarded, int self,
                    int reactors);

// What an Initial's token is, by its first byte (ngtcp2_crypto's magic bytes); only the
// ngtcp2_crypto_verify_* functions say whether it is valid.
enum class TokenKind : uint8_t {
    None,     // no token
    Regular,  // NEW_TOKEN token (address validated on an earlier connection)
    Retry,    // Retry token (this connection's second Initial)
    Foreign,  // anything else: not ours
};
TokenKind token_kind(const uint8_t* token, size_t len);

// Random bytes for a Stateless Reset answering a pktlen-byte packet, 0 when none may be sent.
// RFC 9000 §10.3: the reset (random bytes then the 16-byte token) is shorter than the packet
// that triggered it, so two endpoints cannot loop, and at least 21 bytes so it looks like a
// short-header packet; more than 64 random bytes would only help an amplification.
size_t reset_random_length(size_t pktlen);

// Writes the Version Negotiation answer to vc (its CIDs swapped, QUIC v1 offered) at buf.
// Returns its length, 0 when vc's CIDs are longer than QUIC v1 allows or it does not fit.
size_t write_version_negotiation(const ngtcp2_version_cid& vc, uint8_t unused_bits, uint8_t* buf, size_t cap);

}  // namespace trident::http3

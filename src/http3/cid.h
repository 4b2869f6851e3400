// Server-chosen QUIC connection IDs that name the reactor owning the connection.
//
// Layout (kCidLength = 18 bytes):
//   byte 0      format byte: kCidFormat (lets a later layout, e.g. QUIC-LB with a server id,
//               coexist with this one during a rolling restart)
//   byte 1      owning reactor index (session ids give reactors 8 bits as well)
//   bytes 2..17 random (getrandom): unguessable, so an off-path attacker cannot forge a CID
//               that lands on a chosen connection
//
// A datagram that the kernel hands to the wrong reactor's SO_REUSEPORT socket (NAT rebinding,
// migration) is forwarded to the owner by reading its DCID: no shared map, no lock. Client-chosen
// DCIDs (first Initial, 0-RTT) carry no owner; reactor_of() says so with -1 and the receiving
// reactor keeps the connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace trident::http3 {

inline constexpr size_t kCidLength = 18;
inline constexpr uint8_t kCidFormat = 0x01;
inline constexpr int kMaxReactors = 256;

// Fills `len` bytes from the kernel CSPRNG (getrandom). False only if the kernel refuses
// (ENOSYS on a very old kernel, or a seccomp filter); `out` is then unspecified.
bool fill_random(uint8_t* out, size_t len);

// Writes a fresh kCidLength-byte connection ID owned by `reactor` (0..kMaxReactors-1) to `out`.
// False: `reactor` is out of range or fill_random failed.
bool make_server_cid(int reactor, uint8_t* out);

// The reactor that owns `dcid`, or -1 when it is not a CID this server format produced (wrong
// length or format byte: a client-chosen DCID).
int reactor_of(const uint8_t* dcid, size_t len);

// MODE_BASE: the reactors are in different processes, so a datagram cannot be forwarded to its
// owner; the kernel must pick the right socket. Attaches to `fd` (one socket of a SO_REUSEPORT
// group of `sockets` UDP sockets, bound in reactor order so that group index = reactor index) a
// classic BPF program that picks the socket from the DCID: the reactor byte of a CID in this
// format (short header at offset 1, long header at offset 6), else a hash of the DCID's first
// four bytes (a client-chosen DCID: every Initial of one handshake lands on the same socket).
// False with *error when the kernel refuses the program.
bool attach_cid_routing(int fd, int sockets, std::string* error);

}  // namespace trident::http3

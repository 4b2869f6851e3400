// ALPN (RFC 7301): which application protocol a TLS connection speaks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace trident::tls {

inline constexpr std::string_view kAlpnH2 = "h2";
inline constexpr std::string_view kAlpnHttp11 = "http/1.1";

// Chooses from the protocols a client offers (ALPN wire format: each name preceded by its
// one-byte length). The server's preference decides, not the client's order:
//   "h2"        when allow_h2 and the client offers it;
//   "http/1.1"  when the client offers it;
//   empty       otherwise (nothing we speak was offered, or the list is malformed).
// An empty result means "no ALPN": the handshake completes without the extension and the
// connection is served as HTTP/1.1. RFC 7301 §3.2 would allow a no_application_protocol
// alert instead; we do not send it because a client that offers only protocols we do not
// know (e.g. "http/1.0", "spdy/3.1") can usually still speak HTTP/1.1, and one that cannot
// will close the connection itself - failing the handshake would only remove that chance.
// The returned view points to static storage, never into `list`.
std::string_view choose_alpn(const uint8_t* list, size_t len, bool allow_h2);

}  // namespace trident::tls

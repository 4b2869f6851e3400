// The PROXY protocol (HAProxy's "The PROXY protocol", versions 1 and 2): a load balancer in
// front of the server writes, before anything else on each TCP connection, who the client
// really is. A listener with proxy_protocol reads that header first, then the connection goes on
// as usual (TLS handshake or HTTP) with the addresses the header gave.
//
// Both versions, decoded here without I/O: the reader (server/proxy_acceptor) feeds the bytes it
// has and is told how many more it may safely consume without taking any byte past the header.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trident::server {

enum class ProxyParse {
    NeedMore,  // not a whole header yet: read more (at most ProxyHeaderReader::want() bytes)
    Done,      // a whole, valid header: the first `length` bytes
    Invalid,   // not a PROXY header, or a malformed one: close the connection
};

// What a header says.
struct ProxyHeader {
    int version = 0;        // 1 or 2
    size_t length = 0;      // bytes of the header, TLVs included
    // False for v1 "UNKNOWN", v2 LOCAL (the balancer's own health check) and v2 families other
    // than TCP over IPv4/IPv6: the connection's own addresses stay.
    bool has_addresses = false;
    sockaddr_storage source{};       // the client
    sockaddr_storage destination{};  // the address the client connected to
};

// The longest header accepted. v1 lines are at most 107 bytes; v2 may carry TLVs (haproxy's
// unique-id, SSL details, AWS/Azure/GCP ids): 4 KiB leaves room for every one in use.
constexpr size_t kMaxProxyHeader = 4096;
constexpr size_t kMaxProxyV1Line = 107;

// Incremental decoding of one header from bytes as they arrive.
class ProxyHeaderDecoder {
public:
    // How many more bytes the header surely has (>= 1 while NeedMore): reading exactly that many
    // never consumes application data. For a v1 line, whose end is not known in advance, the
    // reader peeks, and consumes up to the first '\n' (see v1_line_end()).
    size_t want() const;
    // True while the header is a v1 line that has not ended: peek, then consume through the first
    // '\n' of the peeked bytes (or all of them when there is none).
    bool v1_line_open() const { return version_ == 1; }
    // Adds bytes read from the socket (at most want(), or for a v1 line up to and including its
    // '\n'), and says where decoding stands.
    ProxyParse feed(const uint8_t* data, size_t n);
    const ProxyHeader& header() const { return header_; }
    // Why Invalid: a short text for the log.
    const char* error() const { return error_; }

private:
    ProxyParse decide();
    ProxyParse parse_v1();
    ProxyParse parse_v2();
    ProxyParse fail(const char* why) {
        error_ = why;
        state_ = ProxyParse::Invalid;
        return state_;
    }

    std::string buf_;
    int version_ = 0;  // 0 until the first bytes tell
    ProxyParse state_ = ProxyParse::NeedMore;
    ProxyHeader header_;
    const char* error_ = "";
};

// Decodes a whole header in `data` at once (tests, fuzzing): Done with *out filled, NeedMore when
// it is a prefix of a valid header, Invalid otherwise.
ProxyParse parse_proxy_header(const uint8_t* data, size_t n, ProxyHeader* out);

// proxy_protocol_trusted: addresses ("10.0.0.1", "::1") and networks ("10.0.0.0/8", "fd00::/8")
// whose connections may carry a PROXY header. An IPv4 entry also matches the IPv4-mapped IPv6
// form ("::ffff:10.0.0.1"), as a dual-stack socket reports it.
class AddressSet {
public:
    // False with *error naming the bad entry.
    bool add(std::string_view text, std::string* error);
    bool empty() const { return nets_.empty(); }
    bool contains(const sockaddr_storage& addr) const;

private:
    struct Net {
        uint8_t bytes[16];  // IPv4 stored as IPv4-mapped IPv6
        int prefix;         // over the 128 bits
    };
    std::vector<Net> nets_;
};

}  // namespace trident::server

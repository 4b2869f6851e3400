// PROXY protocol v1/v2 decoding (trident/server/proxy_header.h): every shape haproxy sends, the
// malformed ones refused, byte-at-a-time delivery, never consuming past the header; trusted
// source sets.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "trident/server/proxy_header.h"
#include "trident/server/settings.h"

using trident::server::AddressSet;
using trident::server::parse_proxy_header;
using trident::server::ProxyHeader;
using trident::server::ProxyHeaderDecoder;
using trident::server::ProxyParse;

namespace {

ProxyParse parse(const std::string& s, ProxyHeader* h) {
    return parse_proxy_header(reinterpret_cast<const uint8_t*>(s.data()), s.size(), h);
}

std::string addr_of(const sockaddr_storage& a) {
    char buf[INET6_ADDRSTRLEN] = {};
    int port = 0;
    if (a.ss_family == AF_INET) {
        auto* s = reinterpret_cast<const sockaddr_in*>(&a);
        inet_ntop(AF_INET, &s->sin_addr, buf, sizeof buf);
        port = ntohs(s->sin_port);
    } else if (a.ss_family == AF_INET6) {
        auto* s = reinterpret_cast<const sockaddr_in6*>(&a);
        inet_ntop(AF_INET6, &s->sin6_addr, buf, sizeof buf);
        port = ntohs(s->sin6_port);
    } else {
        return "none";
    }
    return std::string(buf) + "#" + std::to_string(port);
}

const std::string kSig("\r\n\r\n\0\r\nQUIT\n", 12);

std::string v2(uint8_t ver_cmd, uint8_t fam, const std::string& body) {
    std::string s = kSig;
    s += char(ver_cmd);
    s += char(fam);
    s += char(body.size() >> 8);
    s += char(body.size() & 0xff);
    return s + body;
}

std::string v2_tcp4(const char* src, const char* dst, uint16_t sp, uint16_t dp, const std::string& tlv = "") {
    std::string b(12, '\0');
    inet_pton(AF_INET, src, &b[0]);
    inet_pton(AF_INET, dst, &b[4]);
    b[8] = char(sp >> 8), b[9] = char(sp), b[10] = char(dp >> 8), b[11] = char(dp);
    return v2(0x21, 0x11, b + tlv);
}

// Feeds the decoder the way ProxyAcceptor reads a socket, `chunk` bytes at most per read, and
// returns how many bytes it consumed (the rest belongs to the application).
size_t consume_like_socket(const std::string& wire, size_t chunk, ProxyParse* result, ProxyHeaderDecoder& d) {
    size_t pos = 0;
    *result = ProxyParse::NeedMore;
    while (*result == ProxyParse::NeedMore && pos < wire.size()) {
        size_t avail = std::min(chunk, wire.size() - pos);
        size_t take = std::min(d.want(), avail);
        if (d.v1_line_open()) {
            const void* nl = memchr(wire.data() + pos, '\n', take);
            if (nl) take = size_t(static_cast<const char*>(nl) - (wire.data() + pos)) + 1;
        }
        *result = d.feed(reinterpret_cast<const uint8_t*>(wire.data() + pos), take);
        pos += take;
    }
    return pos;
}

}  // namespace

TEST_CASE("PROXY v1 TCP4 and TCP6 lines give the client and destination", "[proxy]") {
    ProxyHeader h;
    REQUIRE(parse("PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\r\nGET / HTTP/1.1\r\n", &h) == ProxyParse::Done);
    CHECK(h.version == 1);
    CHECK(h.length == 46);
    CHECK(h.has_addresses);
    CHECK(addr_of(h.source) == "192.0.2.10#56324");
    CHECK(addr_of(h.destination) == "198.51.100.1#443");

    REQUIRE(parse("PROXY TCP6 2001:db8::1 ::1 65535 0\r\n", &h) == ProxyParse::Done);
    CHECK(addr_of(h.source) == "2001:db8::1#65535");
    CHECK(addr_of(h.destination) == "::1#0");

    REQUIRE(parse("PROXY UNKNOWN\r\n", &h) == ProxyParse::Done);
    CHECK_FALSE(h.has_addresses);
    CHECK(h.length == 15);
    REQUIRE(parse("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n", &h) == ProxyParse::Done);
    CHECK_FALSE(h.has_addresses);
}

TEST_CASE("malformed PROXY v1 lines are refused", "[proxy]") {
    ProxyHeader h;
    for (const char* bad : {
             "GET / HTTP/1.1\r\n\r\n",
             "PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\n",          // LF without CR
             "PROXY TCP4 192.0.2.10 198.51.100.1 56324\r\n",            // a field missing
             "PROXY TCP4 192.0.2.10 198.51.100.1 56324 443 9\r\n",      // one too many
             "PROXY TCP4  192.0.2.10 198.51.100.1 56324 443\r\n",       // two spaces
             "PROXY TCP4 2001:db8::1 198.51.100.1 1 2\r\n",             // family mismatch
             "PROXY TCP6 192.0.2.10 ::1 1 2\r\n",
             "PROXY TCP4 192.0.2.256 198.51.100.1 1 2\r\n",
             "PROXY TCP4 192.0.2.1 198.51.100.1 65536 2\r\n",           // port range
             "PROXY TCP4 192.0.2.1 198.51.100.1 080 2\r\n",             // leading zero
             "PROXY TCP4 192.0.2.1 198.51.100.1 -1 2\r\n",
             "PROXY UDP4 192.0.2.1 198.51.100.1 1 2\r\n",
             "PROXY\r\n",
             "proxy TCP4 192.0.2.1 198.51.100.1 1 2\r\n",
         }) {
        INFO(bad);
        CHECK(parse(bad, &h) == ProxyParse::Invalid);
    }
    // No end within 107 bytes.
    CHECK(parse("PROXY UNKNOWN " + std::string(120, 'x') + "\r\n", &h) == ProxyParse::Invalid);
    // A prefix of a valid line is not decided yet.
    CHECK(parse("PROXY TCP4 192.0.2.10 198.", &h) == ProxyParse::NeedMore);
}

TEST_CASE("PROXY v2 PROXY and LOCAL commands, families and TLVs", "[proxy]") {
    ProxyHeader h;
    std::string tlv("\x05\x00\x03" "abc", 6);  // PP2_TYPE_UNIQUE_ID
    REQUIRE(parse(v2_tcp4("203.0.113.7", "127.0.0.1", 40000, 8443, tlv) + "\x16\x03\x01", &h) == ProxyParse::Done);
    CHECK(h.version == 2);
    CHECK(h.length == 16 + 12 + 6);
    CHECK(addr_of(h.source) == "203.0.113.7#40000");
    CHECK(addr_of(h.destination) == "127.0.0.1#8443");

    std::string b6(36, '\0');
    inet_pton(AF_INET6, "2001:db8::42", &b6[0]);
    inet_pton(AF_INET6, "::1", &b6[16]);
    b6[32] = char(0x12), b6[33] = char(0x34), b6[34] = 0, b6[35] = char(80);
    REQUIRE(parse(v2(0x21, 0x21, b6), &h) == ProxyParse::Done);
    CHECK(addr_of(h.source) == "2001:db8::42#4660");
    CHECK(addr_of(h.destination) == "::1#80");

    // LOCAL (a health check by the balancer itself): no addresses, whatever follows.
    REQUIRE(parse(v2(0x20, 0x00, ""), &h) == ProxyParse::Done);
    CHECK_FALSE(h.has_addresses);
    CHECK(h.length == 16);
    REQUIRE(parse(v2(0x20, 0x11, std::string(12, '\1')), &h) == ProxyParse::Done);
    CHECK_FALSE(h.has_addresses);
    // UDP and UNIX families: accepted, the connection's own addresses stay.
    REQUIRE(parse(v2(0x21, 0x12, std::string(12, '\1')), &h) == ProxyParse::Done);
    CHECK_FALSE(h.has_addresses);
    REQUIRE(parse(v2(0x21, 0x31, std::string(216, '\0')), &h) == ProxyParse::Done);
    CHECK_FALSE(h.has_addresses);
}

TEST_CASE("malformed PROXY v2 headers are refused", "[proxy]") {
    ProxyHeader h;
    CHECK(parse(v2(0x11, 0x11, std::string(12, '\0')), &h) == ProxyParse::Invalid);  // version 1 in the v2 form
    CHECK(parse(v2(0x22, 0x11, std::string(12, '\0')), &h) == ProxyParse::Invalid);  // command 2
    CHECK(parse(v2(0x21, 0x41, std::string(12, '\0')), &h) == ProxyParse::Invalid);  // family 4
    CHECK(parse(v2(0x21, 0x13, std::string(12, '\0')), &h) == ProxyParse::Invalid);  // transport 3
    CHECK(parse(v2(0x21, 0x11, std::string(11, '\0')), &h) == ProxyParse::Invalid);  // short for IPv4
    CHECK(parse(v2(0x21, 0x21, std::string(35, '\0')), &h) == ProxyParse::Invalid);  // short for IPv6
    CHECK(parse(v2(0x21, 0x11, std::string(5000, '\0')), &h) == ProxyParse::Invalid);  // past 4 KiB
    std::string bad_sig = kSig;
    bad_sig[11] = 'X';
    CHECK(parse(bad_sig + std::string("\x21\x11\x00\x0c", 4) + std::string(12, '\0'), &h) == ProxyParse::Invalid);
    // A header cut short is not decided.
    CHECK(parse(v2_tcp4("203.0.113.7", "127.0.0.1", 1, 2).substr(0, 20), &h) == ProxyParse::NeedMore);
}

TEST_CASE("the decoder never takes a byte past the header, whatever the read sizes", "[proxy]") {
    const std::string app = "\x16\x03\x01\x02\x00GET / HTTP/1.1\r\n";
    for (const std::string& header : {std::string("PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\r\n"),
                                      std::string("PROXY UNKNOWN\r\n"),
                                      v2_tcp4("203.0.113.7", "127.0.0.1", 40000, 8443, std::string("\x05\x00\x01z", 4)),
                                      v2(0x20, 0x00, "")}) {
        for (size_t chunk : {size_t(1), size_t(2), size_t(7), size_t(15), size_t(16), size_t(4096)}) {
            ProxyHeaderDecoder d;
            ProxyParse r;
            size_t used = consume_like_socket(header + app, chunk, &r, d);
            INFO("chunk " << chunk);
            CHECK(r == ProxyParse::Done);
            CHECK(used == header.size());
            CHECK(d.header().length == header.size());
        }
    }
}

TEST_CASE("trusted source sets match addresses and networks, IPv4 also in its mapped form", "[proxy]") {
    AddressSet s;
    std::string err;
    REQUIRE(s.add("10.0.0.0/8", &err));
    REQUIRE(s.add("192.0.2.7", &err));
    REQUIRE(s.add("fd00::/8", &err));
    auto v4 = [](const char* a) {
        sockaddr_storage ss{};
        auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
        s4->sin_family = AF_INET;
        inet_pton(AF_INET, a, &s4->sin_addr);
        return ss;
    };
    auto v6 = [](const char* a) {
        sockaddr_storage ss{};
        auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
        s6->sin6_family = AF_INET6;
        inet_pton(AF_INET6, a, &s6->sin6_addr);
        return ss;
    };
    CHECK(s.contains(v4("10.255.1.2")));
    CHECK_FALSE(s.contains(v4("11.0.0.1")));
    CHECK(s.contains(v4("192.0.2.7")));
    CHECK_FALSE(s.contains(v4("192.0.2.8")));
    CHECK(s.contains(v6("::ffff:10.1.2.3")));
    CHECK(s.contains(v6("fd12::1")));
    CHECK_FALSE(s.contains(v6("fe80::1")));
    AddressSet odd;
    REQUIRE(odd.add("127.0.0.1/31", &err));
    CHECK(odd.contains(v4("127.0.0.0")));
    CHECK_FALSE(odd.contains(v4("127.0.0.2")));
    for (const char* bad : {"", "10.0.0.0/33", "::/129", "10.0.0/8", "host.example", "10.0.0.1/", "10.0.0.1/x", "1.2.3.4/08a"}) {
        INFO(bad);
        CHECK_FALSE(s.add(bad, &err));
        CHECK(err.find("proxy_protocol_trusted") != std::string::npos);
    }
}

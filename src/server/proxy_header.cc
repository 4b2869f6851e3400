#include "trident/server/proxy_header.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace trident::server {

namespace {

constexpr uint8_t kV2Signature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
constexpr size_t kV2Fixed = 16;
// Neither version has a header shorter than this ("PROXY UNKNOWN\r\n"; v2 has 16 fixed bytes),
// so the first read may take this many bytes at once.
constexpr size_t kMinHeader = 15;
constexpr std::string_view kV1Prefix = "PROXY ";

bool parse_port(std::string_view s, uint16_t* out) {
    if (s.empty() || s.size() > 5) return false;
    if (s.size() > 1 && s[0] == '0') return false;  // the spec's ports have no leading zeros
    uint32_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + uint32_t(c - '0');
    }
    if (v > 65535) return false;
    *out = uint16_t(v);
    return true;
}

bool parse_address(int family, std::string_view s, uint16_t port, sockaddr_storage* out) {
    char text[INET6_ADDRSTRLEN + 1];
    if (s.empty() || s.size() >= sizeof text) return false;
    memcpy(text, s.data(), s.size());
    text[s.size()] = '\0';
    memset(out, 0, sizeof *out);
    if (family == AF_INET) {
        auto* a = reinterpret_cast<sockaddr_in*>(out);
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        return inet_pton(AF_INET, text, &a->sin_addr) == 1;
    }
    auto* a = reinterpret_cast<sockaddr_in6*>(out);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    return inet_pton(AF_INET6, text, &a->sin6_addr) == 1;
}

// The next space-separated field of a v1 line (exactly one space between fields).
bool next_field(std::string_view& line, std::string_view* field) {
    size_t sp = line.find(' ');
    *field = line.substr(0, sp);
    if (field->empty()) return false;
    line = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
    return true;
}

}  // namespace

size_t ProxyHeaderDecoder::want() const {
    if (state_ != ProxyParse::NeedMore) return 0;
    if (version_ == 0) return kMinHeader - buf_.size();
    if (version_ == 1) return kMaxProxyV1Line - buf_.size();
    if (buf_.size() < kV2Fixed) return kV2Fixed - buf_.size();
    size_t len = (size_t(uint8_t(buf_[14])) << 8) | uint8_t(buf_[15]);
    return kV2Fixed + len - buf_.size();
}

ProxyParse ProxyHeaderDecoder::feed(const uint8_t* data, size_t n) {
    if (state_ != ProxyParse::NeedMore) return state_;
    buf_.append(reinterpret_cast<const char*>(data), n);
    if (buf_.empty()) return state_;
    if (version_ == 0) {
        if (buf_[0] == 'P') {
            version_ = 1;
        } else if (uint8_t(buf_[0]) == kV2Signature[0]) {
            version_ = 2;
        } else {
            return fail("not a PROXY protocol header");
        }
    }
    return version_ == 1 ? parse_v1() : parse_v2();
}

ProxyParse ProxyHeaderDecoder::parse_v1() {
    size_t check = buf_.size() < kV1Prefix.size() ? buf_.size() : kV1Prefix.size();
    if (buf_.compare(0, check, kV1Prefix.substr(0, check)) != 0) return fail("not a PROXY protocol header");
    size_t nl = buf_.find('\n');
    if (nl == std::string::npos) {
        if (buf_.size() >= kMaxProxyV1Line) return fail("PROXY v1 line longer than 107 bytes");
        return ProxyParse::NeedMore;
    }
    if (nl + 1 > kMaxProxyV1Line) return fail("PROXY v1 line longer than 107 bytes");
    if (nl == 0 || buf_[nl - 1] != '\r') return fail("PROXY v1 line does not end with CRLF");
    std::string_view line(buf_.data() + kV1Prefix.size(), nl - 1 - kV1Prefix.size());
    header_.version = 1;
    header_.length = nl + 1;
    std::string_view proto;
    if (!next_field(line, &proto)) return fail("PROXY v1 line without a protocol");
    if (proto == "UNKNOWN") {
        // The balancer could not tell (or proxies something else): the rest is ignored.
        header_.has_addresses = false;
        state_ = ProxyParse::Done;
        return state_;
    }
    int family;
    if (proto == "TCP4") {
        family = AF_INET;
    } else if (proto == "TCP6") {
        family = AF_INET6;
    } else {
        return fail("PROXY v1 protocol is not TCP4, TCP6 or UNKNOWN");
    }
    std::string_view src, dst, sport, dport;
    if (!next_field(line, &src) || !next_field(line, &dst) || !next_field(line, &sport) || !next_field(line, &dport) ||
        !line.empty()) {
        return fail("PROXY v1 line does not have 4 address fields");
    }
    uint16_t sp, dp;
    if (!parse_port(sport, &sp) || !parse_port(dport, &dp)) return fail("PROXY v1 port is not 0-65535");
    if (!parse_address(family, src, sp, &header_.source) || !parse_address(family, dst, dp, &header_.destination)) {
        return fail("PROXY v1 address does not match its protocol");
    }
    header_.has_addresses = true;
    state_ = ProxyParse::Done;
    return state_;
}

ProxyParse ProxyHeaderDecoder::parse_v2() {
    size_t check = buf_.size() < sizeof kV2Signature ? buf_.size() : sizeof kV2Signature;
    if (memcmp(buf_.data(), kV2Signature, check) != 0) return fail("not a PROXY protocol header");
    if (buf_.size() < kV2Fixed) return ProxyParse::NeedMore;
    const auto* p = reinterpret_cast<const uint8_t*>(buf_.data());
    if ((p[12] >> 4) != 2) return fail("PROXY v2 version is not 2");
    int command = p[12] & 0x0F;
    if (command > 1) return fail("PROXY v2 command is not LOCAL or PROXY");
    size_t len = (size_t(p[14]) << 8) | p[15];
    if (kV2Fixed + len > kMaxProxyHeader) return fail("PROXY v2 header longer than 4096 bytes");
    if (buf_.size() < kV2Fixed + len) return ProxyParse::NeedMore;
    header_.version = 2;
    header_.length = kV2Fixed + len;
    int family = p[13] >> 4;
    int transport = p[13] & 0x0F;
    if (family > 3 || transport > 2) return fail("PROXY v2 address family is not defined");
    const uint8_t* a = p + kV2Fixed;
    header_.has_addresses = false;
    // LOCAL: the balancer's own connection (a health check); its addresses, if any, are not a
    // client's. UDP and UNIX addresses say nothing about a TCP client either.
    if (command == 1 && transport == 1 && (family == 1 || family == 2)) {
        size_t need = family == 1 ? 12 : 36;
        if (len < need) return fail("PROXY v2 address block shorter than its family");
        memset(&header_.source, 0, sizeof header_.source);
        memset(&header_.destination, 0, sizeof header_.destination);
        if (family == 1) {
            auto* s = reinterpret_cast<sockaddr_in*>(&header_.source);
            auto* d = reinterpret_cast<sockaddr_in*>(&header_.destination);
            s->sin_family = d->sin_family = AF_INET;
            memcpy(&s->sin_addr, a, 4);
            memcpy(&d->sin_addr, a + 4, 4);
            memcpy(&s->sin_port, a + 8, 2);
            memcpy(&d->sin_port, a + 10, 2);
        } else {
            auto* s = reinterpret_cast<sockaddr_in6*>(&header_.source);
            auto* d = reinterpret_cast<sockaddr_in6*>(&header_.destination);
            s->sin6_family = d->sin6_family = AF_INET6;
            memcpy(&s->sin6_addr, a, 16);
            memcpy(&d->sin6_addr, a + 16, 16);
            memcpy(&s->sin6_port, a + 32, 2);
            memcpy(&d->sin6_port, a + 34, 2);
        }
        header_.has_addresses = true;
    }
    state_ = ProxyParse::Done;
    return state_;
}

ProxyParse parse_proxy_header(const uint8_t* data, size_t n, ProxyHeader* out) {
    ProxyHeaderDecoder d;
    size_t pos = 0;
    ProxyParse r = ProxyParse::NeedMore;
    while (r == ProxyParse::NeedMore && pos < n) {
        size_t take = d.want();
        if (d.v1_line_open()) {
            // As the reader does with a peek: through the first '\n', or everything there is.
            const void* nl = memchr(data + pos, '\n', n - pos < take ? n - pos : take);
            take = nl ? size_t(static_cast<const uint8_t*>(nl) - (data + pos)) + 1 : take;
        }
        if (take > n - pos) take = n - pos;
        r = d.feed(data + pos, take);
        pos += take;
    }
    if (r == ProxyParse::Done) *out = d.header();
    return r;
}

// --- AddressSet ------------------------------------------------------------------------------

bool AddressSet::add(std::string_view text, std::string* error) {
    auto fail = [&] {
        *error = "proxy_protocol_trusted: \"" + std::string(text) + "\" is not an IP address or network (a.b.c.d[/n], ipv6[/n])";
        return false;
    };
    std::string_view addr = text;
    int prefix = -1;
    size_t slash = text.find('/');
    if (slash != std::string_view::npos) {
        addr = text.substr(0, slash);
        std::string_view p = text.substr(slash + 1);
        if (p.empty() || p.size() > 3) return fail();
        prefix = 0;
        for (char c : p) {
            if (c < '0' || c > '9') return fail();
            prefix = prefix * 10 + (c - '0');
        }
    }
    char buf[INET6_ADDRSTRLEN + 1];
    if (addr.empty() || addr.size() >= sizeof buf) return fail();
    memcpy(buf, addr.data(), addr.size());
    buf[addr.size()] = '\0';
    Net net{};
    in_addr v4;
    if (inet_pton(AF_INET, buf, &v4) == 1) {
        if (prefix > 32) return fail();
        net.bytes[10] = net.bytes[11] = 0xff;
        memcpy(net.bytes + 12, &v4, 4);
        net.prefix = prefix < 0 ? 128 : 96 + prefix;
    } else if (inet_pton(AF_INET6, buf, net.bytes) == 1) {
        if (prefix > 128) return fail();
        net.prefix = prefix < 0 ? 128 : prefix;
    } else {
        return fail();
    }
    nets_.push_back(net);
    return true;
}

bool AddressSet::contains(const sockaddr_storage& addr) const {
    uint8_t b[16] = {};
    if (addr.ss_family == AF_INET) {
        b[10] = b[11] = 0xff;
        memcpy(b + 12, &reinterpret_cast<const sockaddr_in*>(&addr)->sin_addr, 4);
    } else if (addr.ss_family == AF_INET6) {
        memcpy(b, &reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_addr, 16);
    } else {
        return false;
    }
    for (const Net& n : nets_) {
        int full = n.prefix / 8, rest = n.prefix % 8;
        if (memcmp(b, n.bytes, size_t(full)) != 0) continue;
        if (rest != 0) {
            uint8_t mask = uint8_t(0xff << (8 - rest));
            if ((b[full] & mask) != (n.bytes[full] & mask)) continue;
        }
        return true;
    }
    return false;
}

}  // namespace trident::server

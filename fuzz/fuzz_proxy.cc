// libFuzzer target for the PROXY protocol v1/v2 decoder and the trusted-source set.
//
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
//       src/server/proxy_header.cc fuzz/fuzz_proxy.cc -o /tmp/fz
//
// Besides memory errors, it checks what ProxyAcceptor relies on: a decided header never claims
// more bytes than it was given, the decoder never asks for a byte past the header (fed the way
// the acceptor reads a socket, in pieces whose sizes the input picks), and the outcome does not
// depend on how the bytes were split.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "trident/server/proxy_header.h"

using trident::server::AddressSet;
using trident::server::parse_proxy_header;
using trident::server::ProxyHeader;
using trident::server::ProxyHeaderDecoder;
using trident::server::ProxyParse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    // The first byte picks the read size for the split run.
    size_t chunk = size_t(data[0] % 23) + 1;
    const uint8_t* in = data + 1;
    size_t n = size - 1;

    ProxyHeader whole;
    ProxyParse r1 = parse_proxy_header(in, n, &whole);
    if (r1 == ProxyParse::Done && (whole.length == 0 || whole.length > n)) abort();

    ProxyHeaderDecoder d;
    size_t pos = 0;
    ProxyParse r2 = ProxyParse::NeedMore;
    while (r2 == ProxyParse::NeedMore && pos < n) {
        size_t avail = n - pos < chunk ? n - pos : chunk;
        size_t take = d.want();
        if (take == 0) abort();  // NeedMore always wants at least a byte
        if (take > avail) take = avail;
        if (d.v1_line_open()) {
            const void* nl = memchr(in + pos, '\n', take);
            if (nl) take = size_t(static_cast<const uint8_t*>(nl) - (in + pos)) + 1;
        }
        r2 = d.feed(in + pos, take);
        pos += take;
    }
    if (r1 != r2) abort();
    if (r2 == ProxyParse::Done) {
        if (d.header().length != pos || d.header().length != whole.length) abort();
        if (d.header().has_addresses != whole.has_addresses) abort();
    }

    AddressSet set;
    std::string err;
    std::string text(reinterpret_cast<const char*>(in), n < 64 ? n : 64);
    if (set.add(text, &err) && whole.has_addresses) (void)set.contains(whole.source);
    return 0;
}

#include "trident/core/resolver.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace trident {

HostAddresses lookup_ipv4(const std::string& host) {
    HostAddresses out;
    hostent he;
    hostent* result = nullptr;
    int herr = 0;
    std::vector<char> buf(4096);
    // ERANGE: the entry does not fit the buffer; grow it (bounded: no host needs 1 MiB).
    for (;;) {
        int rc = gethostbyname_r(host.c_str(), &he, buf.data(), buf.size(), &result, &herr);
        if (rc == ERANGE && buf.size() < (1u << 20)) {
            buf.resize(buf.size() * 2);
            continue;
        }
        if (rc != 0 || result == nullptr) return out;
        break;
    }
    out.found = true;
    if (result->h_addrtype != AF_INET || result->h_addr_list == nullptr) return out;
    for (char** a = result->h_addr_list; *a != nullptr; ++a) {
        char text[INET_ADDRSTRLEN];
        if (inet_ntop(AF_INET, *a, text, sizeof text)) out.ipv4.emplace_back(text);
    }
    return out;
}

bool lookup_ipv4_async(ThreadPool& pool, std::string host, std::function<void(HostAddresses)> done) {
    // The result lives in shared state: the work fills it on a pool thread, done() reads it on
    // the loop thread, and it outlives a caller that stopped waiting.
    auto result = std::make_shared<HostAddresses>();
    auto name = std::make_shared<std::string>(std::move(host));
    return pool.submit([result, name] { *result = lookup_ipv4(*name); },
                       [result, done = std::move(done)] { done(std::move(*result)); });
}

AddrInfoResult lookup_addrinfo(const std::string& host, int family, int socktype) {
    AddrInfoResult out;
    addrinfo hints;
    std::memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    addrinfo* res = nullptr;
    out.rc = getaddrinfo(host.c_str(), nullptr, &hints, &res);
    if (out.rc != 0) {
        out.sys_errno = errno;
        return out;
    }
    for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
        if (ai->ai_addr == nullptr || ai->ai_addrlen > sizeof(sockaddr_storage)) continue;
        AddrInfoResult::Address a;
        std::memset(&a.addr, 0, sizeof a.addr);
        std::memcpy(&a.addr, ai->ai_addr, ai->ai_addrlen);
        a.len = ai->ai_addrlen;
        out.addresses.push_back(a);
    }
    freeaddrinfo(res);
    return out;
}

bool lookup_addrinfo_async(ThreadPool& pool, std::string host, int family, int socktype,
                           std::function<void(AddrInfoResult)> done) {
    auto result = std::make_shared<AddrInfoResult>();
    auto name = std::make_shared<std::string>(std::move(host));
    return pool.submit([result, name, family, socktype] { *result = lookup_addrinfo(*name, family, socktype); },
                       [result, done = std::move(done)] { done(std::move(*result)); });
}

RawAddrInfo run_getaddrinfo(const AddrInfoQuery& query) {
    addrinfo hints;
    std::memset(&hints, 0, sizeof hints);
    hints.ai_flags = query.flags;
    hints.ai_family = query.family;
    hints.ai_socktype = query.socktype;
    hints.ai_protocol = query.protocol;
    addrinfo* list = nullptr;
    RawAddrInfo out;
    errno = 0;
    out.rc = getaddrinfo(query.node ? query.node->c_str() : nullptr, query.service ? query.service->c_str() : nullptr,
                         query.has_hints ? &hints : nullptr, &list);
    out.sys_errno = errno;
    if (out.rc == 0) out.list.reset(list);
    return out;
}

bool getaddrinfo_async(ThreadPool& pool, AddrInfoQuery query, std::function<void(RawAddrInfo)> done) {
    // As for the other lookups: the answer lives in shared state that outlives a caller who
    // stopped waiting, and whose destructor frees a list nobody took.
    auto result = std::make_shared<RawAddrInfo>();
    auto q = std::make_shared<AddrInfoQuery>(std::move(query));
    return pool.submit([result, q] { *result = run_getaddrinfo(*q); },
                       [result, done = std::move(done)] { done(std::move(*result)); });
}

}  // namespace trident

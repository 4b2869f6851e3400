#include <arpa/inet.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>

#include "trident/core/event_loop.h"
#include "trident/core/resolver.h"

using namespace trident;

TEST_CASE("resolver: localhost from /etc/hosts and numeric addresses, as libc gives them", "[resolver]") {
    HostAddresses local = lookup_ipv4("localhost");
    REQUIRE(local.found);
    REQUIRE_FALSE(local.ipv4.empty());
    CHECK(local.ipv4[0] == "127.0.0.1");
    HostAddresses numeric = lookup_ipv4("10.1.2.3");
    CHECK(numeric.found);
    CHECK(numeric.ipv4 == std::vector<std::string>{"10.1.2.3"});
    HostAddresses missing = lookup_ipv4("no-such-host.invalid");
    CHECK_FALSE(missing.found);
    CHECK(missing.ipv4.empty());
}

TEST_CASE("resolver: the async lookup runs on the pool and answers on the loop", "[resolver]") {
    EventLoop loop;
    ThreadPool pool(loop, 2);
    std::vector<HostAddresses> got;
    REQUIRE(lookup_ipv4_async(pool, "localhost", [&](HostAddresses r) { got.push_back(std::move(r)); }));
    REQUIRE(lookup_ipv4_async(pool, "127.0.0.9", [&](HostAddresses r) { got.push_back(std::move(r)); }));
    loop.run();
    REQUIRE(got.size() == 2);
    for (const HostAddresses& r : got) CHECK(r.found);
    bool saw_local = false, saw_numeric = false;
    for (const HostAddresses& r : got) {
        if (!r.ipv4.empty() && r.ipv4[0] == "127.0.0.1") saw_local = true;
        if (r.ipv4 == std::vector<std::string>{"127.0.0.9"}) saw_numeric = true;
    }
    CHECK(saw_local);
    CHECK(saw_numeric);
}

TEST_CASE("resolver: getaddrinfo lookups give libc's addresses and error codes", "[resolver]") {
    AddrInfoResult local = lookup_addrinfo("localhost", AF_INET, SOCK_STREAM);
    REQUIRE(local.rc == 0);
    REQUIRE_FALSE(local.addresses.empty());
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&local.addresses[0].addr);
    CHECK(local.addresses[0].len == sizeof(sockaddr_in));
    CHECK(sin->sin_family == AF_INET);
    CHECK(ntohl(sin->sin_addr.s_addr) == INADDR_LOOPBACK);
    AddrInfoResult v6 = lookup_addrinfo("::1", AF_UNSPEC, SOCK_STREAM);
    REQUIRE(v6.rc == 0);
    REQUIRE(v6.addresses.size() == 1);
    CHECK(v6.addresses[0].addr.ss_family == AF_INET6);
    AddrInfoResult missing = lookup_addrinfo("no-such-host.invalid", AF_INET, SOCK_STREAM);
    CHECK(missing.rc != 0);
    CHECK(missing.addresses.empty());

    EventLoop loop;
    ThreadPool pool(loop, 1);
    std::vector<AddrInfoResult> got;
    REQUIRE(lookup_addrinfo_async(pool, "localhost", AF_INET, SOCK_STREAM, [&](AddrInfoResult r) { got.push_back(std::move(r)); }));
    loop.run();
    REQUIRE(got.size() == 1);
    CHECK(got[0].rc == 0);
    CHECK(got[0].addresses.size() == local.addresses.size());
}

TEST_CASE("resolver: a getaddrinfo call run on the pool gives libc's own list and return codes", "[resolver]") {
    AddrInfoQuery local;
    local.node = "localhost";
    local.service = "5432";
    local.has_hints = true;
    local.family = AF_INET;
    local.socktype = SOCK_STREAM;
    RawAddrInfo direct = run_getaddrinfo(local);
    REQUIRE(direct.rc == 0);
    REQUIRE(direct.list);
    const auto* sin = reinterpret_cast<const sockaddr_in*>(direct.list->ai_addr);
    CHECK(direct.list->ai_family == AF_INET);
    CHECK(direct.list->ai_socktype == SOCK_STREAM);
    CHECK(ntohl(sin->sin_addr.s_addr) == INADDR_LOOPBACK);
    CHECK(ntohs(sin->sin_port) == 5432);

    // AI_NUMERICHOST refuses a name without any lookup; NULL node and service is EAI_NONAME.
    AddrInfoQuery numeric_only = local;
    numeric_only.flags = AI_NUMERICHOST;
    CHECK(run_getaddrinfo(numeric_only).rc == EAI_NONAME);
    AddrInfoQuery nothing;
    RawAddrInfo none = run_getaddrinfo(nothing);
    CHECK(none.rc == EAI_NONAME);
    CHECK_FALSE(none.list);

    EventLoop loop;
    ThreadPool pool(loop, 2);
    std::vector<RawAddrInfo> got;
    REQUIRE(getaddrinfo_async(pool, local, [&](RawAddrInfo r) { got.push_back(std::move(r)); }));
    AddrInfoQuery missing = local;
    missing.node = "no-such-host.invalid";
    REQUIRE(getaddrinfo_async(pool, missing, [&](RawAddrInfo r) { got.push_back(std::move(r)); }));
    loop.run();
    REQUIRE(got.size() == 2);
    const RawAddrInfo& ok = got[0].rc == 0 ? got[0] : got[1];
    const RawAddrInfo& bad = got[0].rc == 0 ? got[1] : got[0];
    REQUIRE(ok.list);
    CHECK(reinterpret_cast<const sockaddr_in*>(ok.list->ai_addr)->sin_addr.s_addr == sin->sin_addr.s_addr);
    CHECK(bad.rc != 0);
    CHECK_FALSE(bad.list);
    // The list is libc's: handed over, it is freed with freeaddrinfo() by its new owner.
    addrinfo* taken = got[0].rc == 0 ? got[0].list.release() : got[1].list.release();
    freeaddrinfo(taken);
}

TEST_CASE("resolver: an answer nobody waits for any more is freed, not leaked (pool gone before the lookup ends)", "[resolver]") {
    bool called = false;
    {
        EventLoop loop;
        ThreadPool pool(loop, 1);
        AddrInfoQuery q;
        q.node = "localhost";
        REQUIRE(getaddrinfo_async(pool, q, [&](RawAddrInfo) { called = true; }));
    }
    // The detached thread finishes and drops the result (ASan/valgrind would report a leak).
    CHECK_FALSE(called);
}

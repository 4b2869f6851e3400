// Server connection ids: the owning reactor is readable from the DCID of any datagram.
#include <catch2/catch.hpp>

#include <cstring>
#include <set>
#include <string>

#include "http3/cid.h"

using namespace trident::http3;

TEST_CASE("http3 cid: a server cid names its reactor", "[http3]") {
    for (int reactor : {0, 1, 7, 200, 255}) {
        uint8_t cid[kCidLength];
        REQUIRE(make_server_cid(reactor, cid));
        CHECK(cid[0] == kCidFormat);
        CHECK(reactor_of(cid, sizeof(cid)) == reactor);
    }
}

TEST_CASE("http3 cid: reactor indexes outside 0..255 are refused", "[http3]") {
    uint8_t cid[kCidLength];
    CHECK_FALSE(make_server_cid(-1, cid));
    CHECK_FALSE(make_server_cid(kMaxReactors, cid));
}

TEST_CASE("http3 cid: the random part differs between cids", "[http3]") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        uint8_t cid[kCidLength];
        REQUIRE(make_server_cid(4, cid));
        seen.insert(std::string(reinterpret_cast<char*>(cid) + 2, kCidLength - 2));
    }
    CHECK(seen.size() == 1000);
}

TEST_CASE("http3 cid: client-chosen dcids have no owner", "[http3]") {
    uint8_t cid[kCidLength];
    REQUIRE(make_server_cid(9, cid));
    SECTION("wrong length") {
        CHECK(reactor_of(cid, 8) == -1);
        CHECK(reactor_of(cid, kCidLength - 1) == -1);
        CHECK(reactor_of(cid, 0) == -1);
    }
    SECTION("another format byte") {
        cid[0] = uint8_t(kCidFormat + 1);
        CHECK(reactor_of(cid, kCidLength) == -1);
    }
}

TEST_CASE("http3 cid: fill_random fills large buffers", "[http3]") {
    // getrandom returns at most 256 bytes per call without blocking guarantees beyond that;
    // fill_random loops.
    std::string a(4096, '\0'), b(4096, '\0');
    REQUIRE(fill_random(reinterpret_cast<uint8_t*>(a.data()), a.size()));
    REQUIRE(fill_random(reinterpret_cast<uint8_t*>(b.data()), b.size()));
    CHECK(a != b);
    CHECK(a.find(std::string(64, '\0')) == std::string::npos);
}

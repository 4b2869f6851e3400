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

// MODE_BASE's routing by connection id: real UDP sockets in one SO_REUSEPORT group, datagrams
// sent to the group's port, and the socket that receives each one checked.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include <vector>

namespace {

int bound_udp(uint16_t port, uint16_t* actual) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    *actual = ntohs(a.sin_port);
    return s;
}

// Which of the sockets receives `pkt` (-1: none within 1 s).
int receiver(const std::vector<int>& socks, int client, uint16_t port, const std::vector<uint8_t>& pkt) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(sendto(client, pkt.data(), pkt.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) == ssize_t(pkt.size()));
    std::vector<pollfd> p;
    for (int s : socks) p.push_back({s, POLLIN, 0});
    if (poll(p.data(), p.size(), 1000) <= 0) return -1;
    int got = -1;
    for (size_t i = 0; i < p.size(); ++i) {
        if (p[i].revents & POLLIN) {
            uint8_t buf[2048];
            while (recv(socks[i], buf, sizeof buf, 0) > 0) {
            }
            got = int(i);
        }
    }
    return got;
}

}  // namespace

TEST_CASE("attach_cid_routing sends each datagram to the socket its connection id names", "[http3][cid]") {
    using namespace trident::http3;
    uint16_t port = 0;
    std::vector<int> socks;
    socks.push_back(bound_udp(0, &port));
    uint16_t same;
    for (int i = 1; i < 3; ++i) socks.push_back(bound_udp(port, &same));
    std::string error;
    REQUIRE(attach_cid_routing(socks[0], 3, &error));
    int client = socket(AF_INET, SOCK_DGRAM, 0);
    for (int reactor = 0; reactor < 3; ++reactor) {
        uint8_t cid[kCidLength];
        REQUIRE(make_server_cid(reactor, cid));
        // Short header: flags, then the DCID.
        std::vector<uint8_t> s = {0x40};
        s.insert(s.end(), cid, cid + kCidLength);
        s.resize(60, 0xaa);
        CHECK(receiver(socks, client, port, s) == reactor);
        // Long header (Handshake): flags, version, DCID length, DCID, SCID length, SCID.
        std::vector<uint8_t> l = {0xe0, 0, 0, 0, 1, uint8_t(kCidLength)};
        l.insert(l.end(), cid, cid + kCidLength);
        l.push_back(8);
        l.resize(l.size() + 8, 0x11);
        l.resize(1200, 0);
        CHECK(receiver(socks, client, port, l) == reactor);
    }
    // A client-chosen DCID (first Initial): the same socket every time for the same DCID, and
    // different DCIDs spread over the sockets.
    std::vector<int> seen(3, 0);
    for (int k = 0; k < 30; ++k) {
        std::vector<uint8_t> init = {0xc0, 0, 0, 0, 1, 8};
        for (int b = 0; b < 8; ++b) init.push_back(uint8_t(k * 37 + b * 11));
        init.push_back(0);
        init.resize(1200, 0);
        int first = receiver(socks, client, port, init);
        REQUIRE(first >= 0);
        CHECK(receiver(socks, client, port, init) == first);
        ++seen[size_t(first)];
    }
    CHECK(seen[0] > 0);
    CHECK(seen[1] > 0);
    CHECK(seen[2] > 0);
    close(client);
    for (int s : socks) close(s);
    CHECK_FALSE(attach_cid_routing(-1, 3, &error));
    CHECK(error.find("SO_ATTACH_REUSEPORT_CBPF") != std::string::npos);
}

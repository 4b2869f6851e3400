// TicketKeyRing (trident/tls/ticket_keys.h): rotation after a lifetime, the previous key
// accepted for one more, both replaced after two quiet lifetimes (tests/tls/ticket_rotation.phpt
// checks the same through OpenSSL and a real client).
#include <catch2/catch.hpp>

#include <cstring>

#include "trident/tls/ticket_keys.h"

using trident::tls::TicketKeyRing;

TEST_CASE("ticket keys: current, previous, expired", "[tls][tickets]") {
    double now = 100;
    TicketKeyRing ring(10, [&] { return now; });
    TicketKeyRing::Key k1 = ring.current(), found;
    CHECK(ring.find(k1.name, &found) == TicketKeyRing::Found::Current);
    CHECK(memcmp(found.aes, k1.aes, sizeof k1.aes) == 0);
    now = 109.9;
    CHECK(memcmp(ring.current().name, k1.name, 16) == 0);  // not due yet
    now = 110;
    TicketKeyRing::Key k2 = ring.current();
    CHECK(memcmp(k2.name, k1.name, 16) != 0);
    CHECK(ring.find(k1.name, &found) == TicketKeyRing::Found::Previous);
    CHECK(memcmp(found.hmac, k1.hmac, sizeof k1.hmac) == 0);
    CHECK(ring.find(k2.name, &found) == TicketKeyRing::Found::Current);
    now = 120;  // k2 becomes previous, k1 is gone
    TicketKeyRing::Key k3 = ring.current();
    CHECK(ring.find(k1.name, &found) == TicketKeyRing::Found::None);
    CHECK(ring.find(k2.name, &found) == TicketKeyRing::Found::Previous);
    CHECK(ring.find(k3.name, &found) == TicketKeyRing::Found::Current);
    // Two lifetimes without a handshake: neither old key decrypts any more.
    now = 145;
    CHECK(ring.find(k3.name, &found) == TicketKeyRing::Found::None);
    CHECK(ring.find(k2.name, &found) == TicketKeyRing::Found::None);
    unsigned char unknown[16] = {1, 2, 3};
    CHECK(ring.find(unknown, &found) == TicketKeyRing::Found::None);
}

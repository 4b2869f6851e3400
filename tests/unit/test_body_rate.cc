#include <catch2/catch.hpp>

#include "trident/http/body_rate.h"

using trident::http::BodyRate;

TEST_CASE("BodyRate: a body at or above the rate passes every window", "[body_rate]") {
    BodyRate m;
    // 1000 B/s required; 600 bytes every 500 ms is 1200 B/s.
    for (int64_t t = 0; t <= 60000; t += 500) REQUIRE(m.arrived(600, 1000 + t, 1000));
}

TEST_CASE("BodyRate: a trickle fails once its first window has ended", "[body_rate]") {
    BodyRate m;
    int64_t t = 1000;
    bool ok = true;
    int64_t failed_at = -1;
    for (; t <= 20000 && ok; t += 500) {
        ok = m.arrived(10, t, 1000);  // 20 B/s
        if (!ok) failed_at = t;
    }
    REQUIRE_FALSE(ok);
    CHECK(failed_at == 1000 + BodyRate::kWindowMs);
    CHECK(m.window_bytes() == 110);
}

TEST_CASE("BodyRate: a fast start does not pay for a slow tail (windows, not an average since the start)", "[body_rate]") {
    BodyRate m;
    REQUIRE(m.arrived(10'000'000, 0, 1000));  // 10 MB at once
    REQUIRE(m.arrived(1, BodyRate::kWindowMs, 1000));  // the first window passes
    // From here 1 B/s: the second window fails although the total average is high.
    bool ok = true;
    for (int64_t t = BodyRate::kWindowMs + 1000; t <= 3 * BodyRate::kWindowMs && ok; t += 1000) ok = m.arrived(1, t, 1000);
    REQUIRE_FALSE(ok);
}

TEST_CASE("BodyRate: restart() forgets time the server held the body back; rate 0 is off", "[body_rate]") {
    BodyRate m;
    REQUIRE(m.arrived(100, 0, 1000));
    m.restart();  // e.g. no worker was free for 30 s
    REQUIRE(m.arrived(6000, 30000, 1000));
    REQUIRE(m.arrived(100, 30000 + BodyRate::kWindowMs, 1000));  // 6100 B in 5 s
    BodyRate off;
    for (int64_t t = 0; t < 100000; t += 10000) REQUIRE(off.arrived(1, t, 0));
}

// What the metrics count of each response, kept by the stream of every protocol (HTTP/1.1's
// Http1Connection::Stream, HTTP/2 and HTTP/3's MuxStream): when its request arrived and the
// status it was answered with. finish() adds the completed response to the shared counters:
// responses by protocol and status class, and the latency histogram (request head received to
// last response byte handed to the protocol), which /metrics exposes.
#pragma once

#include <cstdint>

#include "trident/core/clock.h"
#include "trident/server/shared_state.h"

namespace trident::stream {

struct ResponseRecord {
    uint64_t started_ns = monotonic_ns();
    uint16_t status = 0;  // the final status sent (0: none yet)

    // `protocol`: server::kLatencyProtocol* index. Counted once (a second call does nothing).
    void finish(server::SharedState& counters, int protocol) {
        if (finished_) return;
        finished_ = true;
        uint64_t us = (monotonic_ns() - started_ns) / 1000;
        int cls = status >= 100 && status < 600 ? status / 100 : 0;
        counters.responses_by_class[protocol][cls].fetch_add(1, std::memory_order_relaxed);
        counters.response_latency[server::latency_bucket(us)].fetch_add(1, std::memory_order_relaxed);
        counters.response_latency_us_sum.fetch_add(us, std::memory_order_relaxed);
    }

private:
    bool finished_ = false;
};

}  // namespace trident::stream

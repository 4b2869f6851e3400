// The Prometheus text exposition format (version 0.0.4) of the server's counters: what the
// `metrics` listener answers on GET /metrics. Built from the shared counters (SharedState),
// the stream registry and a sample of the workers taken by the caller, so rendering is a pure
// function the unit tests can check line by line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trident/server/shared_state.h"

namespace trident::server {

class StreamRegistry;

// One worker slot as the caller saw it (RSS read from /proc/<pid>/statm; 0 when unknown).
struct WorkerSample {
    int slot = 0;
    int32_t pid = 0;
    uint64_t rss_bytes = 0;
};

struct MetricsInput {
    const SharedState* state = nullptr;
    const StreamRegistry* registry = nullptr;  // null: no stream gauges
    std::vector<WorkerSample> workers;
    bool draining = false;  // the server is shutting down
    int64_t now_unix = 0;
};

// Appends the exposition to out ("# HELP", "# TYPE", then the samples of each family).
void render_metrics(const MetricsInput& in, std::string& out);

// The resident set of process `pid` in bytes, from /proc/<pid>/statm (0 when it cannot be read).
uint64_t process_rss_bytes(int32_t pid);

}  // namespace trident::server

// Counters and pids shared by the master, the manager and every worker: one anonymous
// MAP_SHARED mapping made before the first fork, updated with relaxed atomics (these are
// statistics, not synchronisation). $server->stats() reads it from any process.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace trident::server {

constexpr int kMaxWorkers = 256;
constexpr int kMaxReactors = 64;

struct WorkerSlotStats {
    std::atomic<int32_t> pid{0};
    std::atomic<uint32_t> incarnation{0};
    std::atomic<uint64_t> requests{0};     // completed by this slot, all incarnations
    std::atomic<int64_t> in_flight{0};     // requests the current incarnation is handling
    std::atomic<uint64_t> restarts{0};
    std::atomic<int64_t> coroutines{0};    // live coroutines of the current incarnation
    // MODE_BASE: the incarnation that may read the slot's UDP sockets (HTTP/3). Two processes
    // reading one UDP socket would each get datagrams of the other's connections (and answer
    // them with Stateless Resets), so after a reload the successor reads only once its
    // predecessor is gone (the manager sets this when it reaps it).
    std::atomic<uint32_t> quic_incarnation{0};
};

// The response latency histogram's upper bounds in microseconds (Prometheus "le", cumulative
// when rendered; the last bucket, +Inf, is the rest), and the protocols responses are counted by.
constexpr uint64_t kLatencyBoundsUs[] = {1000, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000};
constexpr int kLatencyBuckets = int(sizeof kLatencyBoundsUs / sizeof kLatencyBoundsUs[0]) + 1;
constexpr int kLatencyProtocolHttp1 = 0, kLatencyProtocolHttp2 = 1, kLatencyProtocolHttp3 = 2;
inline int latency_bucket(uint64_t us) {
    int i = 0;
    while (i < kLatencyBuckets - 1 && us > kLatencyBoundsUs[i]) ++i;
    return i;
}

struct SharedState {
    std::atomic<int32_t> master_pid{0};
    std::atomic<int32_t> manager_pid{0};
    // The whole server is shutting down (not a reload): MODE_BASE workers then stop listening
    // for good instead of leaving their sockets to a successor.
    std::atomic<bool> server_stopping{false};
    std::atomic<int64_t> start_time{0};
    std::atomic<uint64_t> connections_accepted{0};
    std::atomic<uint64_t> connections_closed{0};
    std::atomic<int64_t> connections_active{0};
    std::atomic<uint64_t> requests_total{0};         // requests handed to workers
    std::atomic<uint64_t> responses_total{0};        // responses completed towards clients
    std::atomic<uint64_t> requests_http1{0};
    std::atomic<uint64_t> requests_http2{0};
    std::atomic<uint64_t> http2_connections{0};
    std::atomic<uint64_t> http2_streams_reset{0};     // RST_STREAM from clients
    std::atomic<uint64_t> tls_connections{0};         // completed TLS handshakes
    std::atomic<uint64_t> bad_requests{0};           // answered 4xx/5xx by the reactor itself
    std::atomic<uint64_t> stale_frames_dropped{0};   // responses for closed connections/streams
    std::atomic<uint64_t> client_aborts{0};          // client went away with a request in flight
    std::atomic<uint64_t> worker_lost_requests{0};   // requests lost to a dying worker (502/close)
    std::atomic<uint64_t> timeouts{0};               // header/idle/body/send timeouts
    std::atomic<uint64_t> send_timeouts{0};          // connections closed by http_send_timeout
    std::atomic<uint64_t> worker_exits_abnormal{0};
    std::atomic<uint64_t> tls_handshake_failures{0};
    std::atomic<uint64_t> requests_http3{0};
    std::atomic<uint64_t> http3_connections{0};       // QUIC connections accepted
    std::atomic<uint64_t> http3_streams_reset{0};     // request streams the client reset / stopped
    std::atomic<uint64_t> quic_retries_sent{0};       // Retry packets (address validation)
    std::atomic<uint64_t> quic_tokens_accepted{0};    // NEW_TOKEN tokens that spared a Retry
    std::atomic<uint64_t> quic_stateless_resets_sent{0};
    std::atomic<uint64_t> quic_version_negotiations{0};
    std::atomic<uint64_t> quic_datagrams_forwarded{0};  // handed to the reactor owning the CID
    std::atomic<uint64_t> quic_packets_dropped{0};      // undecodable, unknown or refused
    std::atomic<uint64_t> quic_stream_packets_lost{0};  // packets with STREAM frames declared lost (retransmitted)
    std::atomic<uint64_t> dispatch_waits{0};            // times a stream was queued: no worker could take it
    std::atomic<uint64_t> interim_responses{0};         // 1xx interim responses sent (103 Early Hints)
    // Responses the workers compressed, by coding (index http::ContentCoding: 1 gzip, 2 br,
    // 3 zstd; 0 unused), and the body bytes the encoders took in and gave out.
    std::atomic<uint64_t> compressed_responses[4]{};
    std::atomic<uint64_t> compression_bytes_in{0};
    std::atomic<uint64_t> compression_bytes_out{0};
    // proxy_protocol listeners: headers read, connections closed for a missing or bad header,
    // and connections refused because their source is not in proxy_protocol_trusted.
    std::atomic<uint64_t> proxy_headers{0};
    std::atomic<uint64_t> proxy_header_errors{0};
    std::atomic<uint64_t> proxy_untrusted{0};
    // Completed responses by protocol (kLatencyProtocol*) and status class (index 1..5 for
    // 1xx..5xx, 0 for anything else), and their latency (stream/response_record.h).
    std::atomic<uint64_t> responses_by_class[3][6]{};
    std::atomic<uint64_t> response_latency[kLatencyBuckets]{};
    std::atomic<uint64_t> response_latency_us_sum{0};
    std::atomic<uint64_t> access_log_dropped{0};  // lines lost to a full access log buffer
    std::atomic<int64_t> ipc_queued_bytes{0};     // frames to workers waiting for a full channel socket
    std::atomic<uint64_t> tls_reloads{0};          // listeners whose certificates a reload replaced
    std::atomic<uint64_t> tls_reload_failures{0};  // ... and those whose new files did not load
    // Random, set by the master at start: generated request ids (access_log.h) derive from it.
    uint64_t request_id_nonce = 0;
    std::atomic<uint64_t> static_hits{0};               // requests the static file handler answered
    std::atomic<uint64_t> static_bytes{0};              // file bytes it handed to connections
    // Event streams (responses sent as text/event-stream): open now, per protocol (index
    // ipc::Protocol: 1 HTTP/1.0, 2 HTTP/1.1, 3 HTTP/2, 4 HTTP/3), and started in all.
    std::atomic<int64_t> event_streams_open[5]{};
    std::atomic<uint64_t> event_streams_started{0};
    // WebSockets: opened in all, upgrades refused (registry full, worker refused), messages each
    // way, pushes a worker addressed to a WebSocket of another worker, pushes dropped (the
    // WebSocket was gone or its outbound bound was reached).
    std::atomic<uint64_t> websockets_opened{0};
    std::atomic<uint64_t> websocket_upgrades_refused{0};
    std::atomic<uint64_t> websocket_messages_in{0};
    std::atomic<uint64_t> websocket_messages_out{0};
    std::atomic<uint64_t> websocket_pushes_cross_worker{0};
    std::atomic<uint64_t> websocket_pushes_dropped{0};
    // Pushes refused in the worker: no push credit left and the caller could not wait (not in
    // a coroutine).
    std::atomic<uint64_t> websocket_pushes_refused{0};
    // Responses handed to the stream registry (Response::detach()) in all. The live ones are
    // the registry's EventStream and Detached entries (StreamRegistry::count).
    std::atomic<uint64_t> detached_total{0};
    // Writes to detached responses refused: no push credit left and the writer could not wait.
    std::atomic<uint64_t> detached_writes_refused{0};
    int worker_num = 0;
    int reactor_num = 0;
    WorkerSlotStats workers[kMaxWorkers];
};

// Maps the shared state (before fork). Returns nullptr on failure.
SharedState* create_shared_state();
SharedState* shared_state();

}  // namespace trident::server

#include "trident/server/metrics.h"

#include <fcntl.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <algorithm>

#include "trident/ipc/frame.h"
#include "trident/server/stream_registry.h"

namespace trident::server {

namespace {

// One metric family: its header once, then samples.
class Family {
public:
    Family(std::string& out, const char* name, const char* type, const char* help) : out_(out), name_(name) {
        out_.append("# HELP ").append(name).append(" ").append(help).append("\n");
        out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    }
    // labels: already formatted, e.g. protocol="http2" (empty: none).
    void sample(const char* labels, uint64_t v) { line(labels, std::to_string(v)); }
    void sample_signed(const char* labels, int64_t v) { line(labels, std::to_string(v)); }
    void sample_label(const char* key, const std::string& value, uint64_t v) {
        std::string l = std::string(key) + "=\"" + value + "\"";
        line(l.c_str(), std::to_string(v));
    }

private:
    void line(const char* labels, const std::string& value) {
        out_.append(name_);
        if (labels && *labels) out_.append("{").append(labels).append("}");
        out_.append(" ").append(value).append("\n");
    }
    std::string& out_;
    const char* name_;
};

uint64_t get(const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); }

void counter(std::string& out, const char* name, const char* help, uint64_t v) {
    Family(out, name, "counter", help).sample("", v);
}

}  // namespace

void render_metrics(const MetricsInput& in, std::string& out) {
    const SharedState& s = *in.state;
    Family(out, "trident_up", "gauge", "1 while the server serves, 0 while it drains for shutdown").sample("", in.draining ? 0 : 1);
    Family(out, "trident_start_time_seconds", "gauge", "Unix time the server started")
        .sample_signed("", s.start_time.load(std::memory_order_relaxed));

    {
        Family f(out, "trident_requests_total", "counter", "Requests received (for PHP workers or the static file handler), by protocol");
        f.sample("protocol=\"http1\"", get(s.requests_http1));
        f.sample("protocol=\"http2\"", get(s.requests_http2));
        f.sample("protocol=\"http3\"", get(s.requests_http3));
    }
    counter(out, "trident_responses_total", "Responses completed towards clients", get(s.responses_total));
    {
        Family f(out, "trident_http_responses_total", "counter",
                 "Completed responses by protocol and status class (answers of PHP and of the server itself)");
        static const char* const kProto[] = {"http1", "http2", "http3"};
        static const char* const kClass[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
        for (int p = 0; p < 3; ++p) {
            for (int c = 1; c < 6; ++c) {
                std::string labels = std::string("protocol=\"") + kProto[p] + "\",status_class=\"" + kClass[c] + "\"";
                f.sample(labels.c_str(), get(s.responses_by_class[p][c]));
            }
        }
    }
    {
        // Cumulative buckets, as the exposition format wants; +Inf is the count.
        const char* name = "trident_http_response_duration_seconds";
        out.append("# HELP ").append(name).append(" Time from a request's head arriving to its response's last byte leaving the reactor\n");
        out.append("# TYPE ").append(name).append(" histogram\n");
        uint64_t cumulative = 0;
        char buf[128];
        for (int i = 0; i < kLatencyBuckets; ++i) {
            cumulative += get(s.response_latency[i]);
            if (i < kLatencyBuckets - 1) {
                snprintf(buf, sizeof buf, "%s_bucket{le=\"%g\"} %" PRIu64 "\n", name, double(kLatencyBoundsUs[i]) / 1e6, cumulative);
            } else {
                snprintf(buf, sizeof buf, "%s_bucket{le=\"+Inf\"} %" PRIu64 "\n", name, cumulative);
            }
            out.append(buf);
        }
        snprintf(buf, sizeof buf, "%s_sum %.6f\n%s_count %" PRIu64 "\n", name, double(get(s.response_latency_us_sum)) / 1e6, name,
                 cumulative);
        out.append(buf);
    }
    counter(out, "trident_interim_responses_total", "Interim (1xx) responses sent, e.g. 103 Early Hints", get(s.interim_responses));
    counter(out, "trident_static_hits_total", "Requests the static file handler answered (no PHP round trip)",
            get(s.static_hits));
    counter(out, "trident_static_bytes_total", "File bytes the static file handler sent", get(s.static_bytes));
    {
        Family f(out, "trident_compressed_responses_total", "counter", "Responses the workers compressed, by content coding");
        f.sample("coding=\"gzip\"", get(s.compressed_responses[1]));
        f.sample("coding=\"br\"", get(s.compressed_responses[2]));
        f.sample("coding=\"zstd\"", get(s.compressed_responses[3]));
    }
    {
        Family f(out, "trident_compression_bytes_total", "counter", "Response body bytes into and out of the encoders");
        f.sample("direction=\"in\"", get(s.compression_bytes_in));
        f.sample("direction=\"out\"", get(s.compression_bytes_out));
    }
    counter(out, "trident_bad_requests_total", "Requests the server answered itself with 4xx/5xx", get(s.bad_requests));
    counter(out, "trident_client_aborts_total", "Clients that went away with a request in flight", get(s.client_aborts));
    counter(out, "trident_timeouts_total", "Header, idle, body and send timeouts", get(s.timeouts));
    counter(out, "trident_send_timeouts_total", "Connections closed by http_send_timeout", get(s.send_timeouts));
    counter(out, "trident_stale_responses_dropped_total", "Worker responses for connections or streams already gone",
            get(s.stale_frames_dropped));
    counter(out, "trident_dispatch_waits_total", "Times a request waited because no worker could take it", get(s.dispatch_waits));
    counter(out, "trident_worker_lost_requests_total", "Requests lost to a dying worker", get(s.worker_lost_requests));

    {
        int64_t in_flight = 0;
        for (int i = 0; i < s.worker_num && i < kMaxWorkers; ++i) in_flight += s.workers[i].in_flight.load(std::memory_order_relaxed);
        Family(out, "trident_requests_in_flight", "gauge", "Requests the workers are handling now").sample_signed("", in_flight);
    }

    Family(out, "trident_ipc_queued_bytes", "gauge", "Bytes of frames to workers waiting for their channel (workers behind)")
        .sample_signed("", s.ipc_queued_bytes.load(std::memory_order_relaxed));
    Family(out, "trident_connections", "gauge", "Open client connections (TCP; QUIC connections are counted apart)")
        .sample_signed("", s.connections_active.load(std::memory_order_relaxed));
    counter(out, "trident_connections_accepted_total", "TCP connections accepted", get(s.connections_accepted));
    counter(out, "trident_connections_closed_total", "TCP connections closed", get(s.connections_closed));
    {
        Family f(out, "trident_protocol_connections_total", "counter", "Connections by protocol they ended up speaking");
        f.sample("protocol=\"http2\"", get(s.http2_connections));
        f.sample("protocol=\"http3\"", get(s.http3_connections));
    }
    counter(out, "trident_access_log_dropped_total", "Access log lines dropped: the log file did not keep up",
            get(s.access_log_dropped));
    counter(out, "trident_proxy_headers_total", "PROXY protocol headers read on proxy_protocol listeners", get(s.proxy_headers));
    counter(out, "trident_proxy_header_errors_total", "Connections closed for a missing, malformed or late PROXY header",
            get(s.proxy_header_errors));
    counter(out, "trident_proxy_untrusted_total", "Connections refused: source not in proxy_protocol_trusted",
            get(s.proxy_untrusted));
    counter(out, "trident_tls_certificate_reloads_total", "Listeners whose certificates a reload replaced", get(s.tls_reloads));
    counter(out, "trident_tls_certificate_reload_failures_total", "Listeners whose new certificate files did not load (the old stay)",
            get(s.tls_reload_failures));
    counter(out, "trident_tls_handshakes_total", "Completed TLS handshakes over TCP", get(s.tls_connections));
    counter(out, "trident_tls_handshake_failures_total", "Failed or abandoned TLS handshakes", get(s.tls_handshake_failures));
    {
        Family f(out, "trident_streams_reset_total", "counter", "Request streams the client reset");
        f.sample("protocol=\"http2\"", get(s.http2_streams_reset));
        f.sample("protocol=\"http3\"", get(s.http3_streams_reset));
    }
    counter(out, "trident_quic_packets_dropped_total", "QUIC packets dropped (undecodable, unknown or refused)",
            get(s.quic_packets_dropped));
    counter(out, "trident_quic_retries_total", "QUIC Retry packets sent", get(s.quic_retries_sent));
    counter(out, "trident_quic_stateless_resets_total", "QUIC stateless resets sent", get(s.quic_stateless_resets_sent));
    counter(out, "trident_quic_version_negotiations_total", "QUIC version negotiation packets sent", get(s.quic_version_negotiations));
    counter(out, "trident_quic_forwarded_total", "QUIC datagrams handed to the reactor owning the connection",
            get(s.quic_datagrams_forwarded));

    if (in.registry) {
        static const char* const kProto[] = {nullptr, "http1", "http1", "http2", "http3"};
        uint64_t ws[5] = {};
        for (int p = 1; p <= 4; ++p) ws[p] = in.registry->count(StreamKind::WebSocket, ipc::Protocol(p));
        Family w(out, "trident_websockets", "gauge", "Open WebSockets, by protocol");
        for (int p = 2; p <= 4; ++p) w.sample(("protocol=\"" + std::string(kProto[p]) + "\"").c_str(), ws[p] + (p == 2 ? ws[1] : 0));
        Family d(out, "trident_detached_streams", "gauge", "Responses handed to the stream registry (detach()) and still open");
        d.sample("", in.registry->count(StreamKind::EventStream) + in.registry->count(StreamKind::Detached));
    }
    {
        Family f(out, "trident_event_streams", "gauge", "Open text/event-stream responses, by protocol");
        auto open = [&](int p) { return uint64_t(std::max<int64_t>(0, s.event_streams_open[p].load(std::memory_order_relaxed))); };
        f.sample("protocol=\"http1\"", open(1) + open(2));
        f.sample("protocol=\"http2\"", open(3));
        f.sample("protocol=\"http3\"", open(4));
    }
    counter(out, "trident_websockets_opened_total", "WebSockets opened", get(s.websockets_opened));
    counter(out, "trident_websocket_upgrades_refused_total", "WebSocket upgrades refused", get(s.websocket_upgrades_refused));
    {
        Family f(out, "trident_websocket_messages_total", "counter", "WebSocket messages, by direction");
        f.sample("direction=\"in\"", get(s.websocket_messages_in));
        f.sample("direction=\"out\"", get(s.websocket_messages_out));
    }
    counter(out, "trident_websocket_pushes_dropped_total", "WebSocket pushes dropped (WebSocket gone or its queue full)",
            get(s.websocket_pushes_dropped));

    counter(out, "trident_worker_abnormal_exits_total", "Workers that died abnormally", get(s.worker_exits_abnormal));
    {
        Family req(out, "trident_worker_requests_total", "counter", "Requests completed, by worker slot (all its incarnations)");
        for (int i = 0; i < s.worker_num && i < kMaxWorkers; ++i) {
            req.sample_label("worker", std::to_string(i), s.workers[i].requests.load(std::memory_order_relaxed));
        }
        Family rs(out, "trident_worker_restarts_total", "counter", "Times a worker slot was restarted");
        for (int i = 0; i < s.worker_num && i < kMaxWorkers; ++i) {
            rs.sample_label("worker", std::to_string(i), s.workers[i].restarts.load(std::memory_order_relaxed));
        }
        Family co(out, "trident_worker_coroutines", "gauge", "Live coroutines in each worker (requests, go(), timers' callbacks)");
        for (int i = 0; i < s.worker_num && i < kMaxWorkers; ++i) {
            co.sample_label("worker", std::to_string(i),
                            uint64_t(std::max<int64_t>(0, s.workers[i].coroutines.load(std::memory_order_relaxed))));
        }
        Family mem(out, "trident_worker_resident_memory_bytes", "gauge", "Resident set size of each worker process");
        for (const WorkerSample& w : in.workers) mem.sample_label("worker", std::to_string(w.slot), w.rss_bytes);
    }
}

uint64_t process_rss_bytes(int32_t pid) {
    if (pid <= 0) return 0;
    char path[40];
    snprintf(path, sizeof path, "/proc/%d/statm", int(pid));
    // /proc is not a disk: reading it cannot wait on I/O.
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buf[128];
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0) return 0;
    buf[n] = '\0';
    unsigned long long size = 0, resident = 0;
    if (sscanf(buf, "%llu %llu", &size, &resident) != 2) return 0;
    return uint64_t(resident) * uint64_t(sysconf(_SC_PAGESIZE));
}

}  // namespace trident::server

// What the metrics and the access log keep of each response, held by the stream of every
// protocol (HTTP/1.1's Http1Connection::Stream, HTTP/2 and HTTP/3's MuxStream): when its request
// arrived, the status it was answered with, and (with access_log on) what the log line needs from
// the request head. finish() accounts for the completed response once: responses by protocol and
// status class, the latency histogram (request head received to last response byte handed to
// the protocol), and the access log line.
//
// A request that went to a worker and whose record is destroyed without finish() — the client
// reset the stream or closed the connection before the response was complete — is accounted for
// then, with status 499 (nginx's "client closed request": status class 4xx in the metrics) and
// the body bytes handed to the protocol so far.
#pragma once

#include <cstdint>
#include <memory>

#include "server/loop.h"
#include "trident/core/clock.h"
#include "trident/server/access_log.h"
#include "trident/server/shared_state.h"

namespace trident::stream {

struct ResponseRecord {
    // What the client got when it went away first (nginx's code for it).
    static constexpr uint16_t kClientClosed = 499;

    ResponseRecord() = default;
    ResponseRecord(const ResponseRecord&) = delete;
    ResponseRecord& operator=(const ResponseRecord&) = delete;
    // A moved-from record owes nothing: the response is accounted for once, by the new owner.
    ResponseRecord(ResponseRecord&& o) noexcept
        : started_ns(o.started_ns), status(o.status), bytes(o.bytes), request(std::move(o.request)),
          finished_(o.finished_), loop_(o.loop_), protocol_(o.protocol_) {
        o.loop_ = nullptr;
    }
    ResponseRecord& operator=(ResponseRecord&&) = delete;
    ~ResponseRecord() {
        if (loop_ == nullptr || finished_) return;
        status = kClientClosed;
        finish(*loop_, protocol_);
    }

    uint64_t started_ns = monotonic_ns();
    uint16_t status = 0;                              // the final status sent (0: none yet)
    uint64_t bytes = 0;                               // response body bytes handed to the protocol
    std::unique_ptr<server::AccessRequest> request;  // with access_log on, from the request head

    // The request head (REQUEST_HEAD payload) goes to a worker: keep what the log line needs.
    // From now on the response is owed: unfinished at destruction, it counts as 499.
    // `protocol`: server::kLatencyProtocol*.
    void capture(server::Loop& loop, int protocol, const uint8_t* head, size_t len, uint64_t session_id,
                 int64_t stream_id) {
        loop_ = &loop;
        protocol_ = protocol;
        if (loop.access_log() == nullptr || request) return;
        request = std::make_unique<server::AccessRequest>();
        request->capture(head, len, loop.counters().request_id_nonce, session_id, stream_id);
    }

    // Answered by the server before a head went to a worker: the log line has the client's
    // address at least.
    void capture_peer(server::Loop& loop, const ipc::ConnectionInfo& conn, uint64_t session_id, int64_t stream_id) {
        if (loop.access_log() == nullptr || request) return;
        request = std::make_unique<server::AccessRequest>();
        request->capture_peer(conn, loop.counters().request_id_nonce, session_id, stream_id);
    }

    // `protocol`: server::kLatencyProtocol* index. Counted once (a second call does nothing).
    void finish(server::Loop& loop, int protocol) {
        if (finished_) return;
        finished_ = true;
        server::SharedState& counters = loop.counters();
        uint64_t us = (monotonic_ns() - started_ns) / 1000;
        int cls = status >= 100 && status < 600 ? status / 100 : 0;
        counters.responses_by_class[protocol][cls].fetch_add(1, std::memory_order_relaxed);
        counters.response_latency[server::latency_bucket(us)].fetch_add(1, std::memory_order_relaxed);
        counters.response_latency_us_sum.fetch_add(us, std::memory_order_relaxed);
        if (server::AccessLog* log = loop.access_log()) write_line(*log, loop.index(), us);
    }

private:
    void write_line(server::AccessLog& log, int reactor, uint64_t us) {
        static thread_local std::string line;
        line.clear();
        server::AccessEntry e;
        e.request = request.get();
        e.status = status;
        e.bytes = bytes;
        e.duration_us = us;
        e.wall_time = wall_time();
        server::format_access_line(e, log.format(), line);
        log.append(reactor, line);
        request.reset();
    }

    bool finished_ = false;
    server::Loop* loop_ = nullptr;  // set by capture(): the request went to a worker
    int protocol_ = 0;
};

}  // namespace trident::stream

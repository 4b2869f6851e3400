// Fake implementations of the two seams protocol connections use (server::Loop and
// server::WorkerPort), for unit tests of the connections and the stream core without a
// reactor, sockets to workers or threads. They record what they are asked to do; the test
// plays the workers by calling the connection's WorkerClient methods.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "server/loop.h"
#include "server/worker_port.h"
#include "trident/ipc/frame.h"
#include "trident/server/config.h"
#include "trident/server/shared_state.h"

namespace trident::test {

class FakeLoop final : public server::Loop {
public:
    server::ServerConfig cfg;
    server::SharedState stats{};
    bool shutting = false;
    std::map<int, uint32_t> interest;  // fd -> events (watch/modify), erased by unwatch
    std::vector<server::Connection*> closed;
    std::vector<server::Connection*> woken;
    std::vector<std::pair<server::Connection*, server::Connection*>> handovers;
    std::map<uint64_t, server::Connection*> sessions;
    uint64_t next_session = 1;
    uint64_t last_deadline = 0;
    std::vector<uint8_t> scratch_buf = std::vector<uint8_t>(ipc::kMaxFrameSize);
    std::vector<char> read_buf = std::vector<char>(kReadBufferSize);

    // Registers c as the reactor would after accept().
    uint64_t adopt(server::Connection* c) {
        c->session_id = next_session++;
        sessions[c->session_id] = c;
        return c->session_id;
    }

    const server::ServerConfig& config() const override { return cfg; }
    server::SharedState& counters() override { return stats; }
    bool shutting_down() const override { return shutting; }
    int index() const override { return 0; }
    int loop_count() const override { return 1; }
    bool watch(int fd, uint32_t events, server::EventSource*) override {
        interest[fd] = events;
        return true;
    }
    bool modify(int fd, uint32_t events, server::EventSource*) override {
        interest[fd] = events;
        return true;
    }
    void unwatch(int fd) override { interest.erase(fd); }
    void set_timer(server::Connection* c, int kind) override { c->timer_kind = kind; }
    void refresh_timer(server::Connection*) override { ++refreshes; }
    void set_deadline(server::Connection*, uint64_t ns) override { last_deadline = ns; }
    void wake(server::Connection* c) override { woken.push_back(c); }
    uint64_t add_connection(server::Connection* c) override { return adopt(c); }
    void close(server::Connection* c) override {
        sessions.erase(c->session_id);
        c->session_id = 0;
        c->timer_kind = server::kTimerNone;
        closed.push_back(c);
    }
    void hand_over(server::Connection* prev, server::Connection* next) override {
        next->session_id = prev->session_id;
        next->listener = prev->listener;
        sessions[prev->session_id] = next;
        prev->session_id = 0;
        handovers.emplace_back(prev, next);
    }
    server::Connection* find(uint64_t id) override {
        auto it = sessions.find(id);
        return it == sessions.end() ? nullptr : it->second;
    }
    void forward_datagram(int, int, const sockaddr_storage&, const sockaddr_storage&, const uint8_t*,
                          size_t) override {}
    std::string_view http_date() override { return "Tue, 01 Dec 2026 00:00:00 GMT"; }
    uint8_t* scratch() override { return scratch_buf.data(); }
    char* read_buffer() override { return read_buf.data(); }

    unsigned refreshes = 0;
};

// Workers as the stream layer sees them: open() binds to worker 0..n-1 (least loaded, like
// the reactor's default) unless `no_worker` is set; every frame sent is recorded.
class FakeWorkers final : public server::WorkerPort {
public:
    struct Sent {
        ipc::FrameType type;
        uint64_t session;
        int64_t stream;
        std::string data;
        bool end = false;
        ipc::ResetCode reset{};
        uint64_t credit = 0;
        int binding = -1;
    };
    explicit FakeWorkers(int n = 1) : load(size_t(n), 0), congested_(size_t(n), false), dead_(size_t(n), false) {}

    std::vector<int64_t> load;  // in-flight per worker: the invariant under test
    std::vector<Sent> sent;
    std::vector<std::pair<uint64_t, int64_t>> waiting;
    std::vector<std::pair<int, uint64_t>> drain_waiters;
    bool no_worker = false;
    bool fail_open = false;

    void set_congested(int b, bool v) { congested_[size_t(b)] = v; }
    // The channel to worker b dies. As in Reactor::channel_died, its in-flight count goes with
    // it, and release()/reset() naming it afterwards change nothing (the reactor no longer
    // has that channel). The test then calls the connections' on_channel_lost(b).
    void kill(int b) {
        dead_[size_t(b)] = true;
        load[size_t(b)] = 0;
    }
    int64_t total_load() const {
        int64_t t = 0;
        for (int64_t l : load) t += l;
        return t;
    }
    // Frames of one type, in order.
    std::vector<Sent> of(ipc::FrameType t) const {
        std::vector<Sent> v;
        for (const Sent& s : sent) {
            if (s.type == t) v.push_back(s);
        }
        return v;
    }
    // The request body the workers received for a stream (REQUEST_BODY frames, concatenated).
    std::string body_of(int64_t stream) const {
        std::string b;
        for (const Sent& s : sent) {
            if (s.type == ipc::FrameType::RequestBody && s.stream == stream) b += s.data;
        }
        return b;
    }

    Binding open(uint64_t session, int64_t stream, const uint8_t* head, size_t len, bool end) override {
        if (no_worker) return kNoWorker;
        if (fail_open) return kFailed;
        int best = -1;
        for (int i = 0; i < int(load.size()); ++i) {
            if (dead_[size_t(i)]) continue;
            if (best < 0 || load[size_t(i)] < load[size_t(best)]) best = i;
        }
        if (best < 0) return kNoWorker;
        Sent s{ipc::FrameType::RequestHead, session, stream, std::string(reinterpret_cast<const char*>(head), len), end};
        s.binding = best;
        sent.push_back(s);
        load[size_t(best)]++;
        return best;
    }
    void wait_for_worker(uint64_t session, int64_t stream) override { waiting.emplace_back(session, stream); }
    bool send_body(Binding b, uint64_t session, int64_t stream, const char* data, size_t len, bool end) override {
        if (dead_[size_t(b)]) return false;
        Sent s{ipc::FrameType::RequestBody, session, stream, std::string(data, len), end};
        s.binding = b;
        sent.push_back(s);
        return true;
    }
    bool send_end(Binding b, uint64_t session, int64_t stream) override {
        if (dead_[size_t(b)]) return false;
        Sent s{ipc::FrameType::RequestEnd, session, stream, {}, true};
        s.binding = b;
        sent.push_back(s);
        return true;
    }
    bool send_trailers(Binding b, uint64_t session, int64_t stream, const uint8_t* payload, size_t len) override {
        if (dead_[size_t(b)]) return false;
        Sent s{ipc::FrameType::RequestTrailers, session, stream,
               std::string(reinterpret_cast<const char*>(payload), len), true};
        s.binding = b;
        sent.push_back(s);
        return true;
    }
    bool congested(Binding b) const override { return congested_[size_t(b)]; }
    void wait_for_drain(Binding b, uint64_t session) override { drain_waiters.emplace_back(b, session); }
    bool alive(Binding b) const override { return b >= 0 && !dead_[size_t(b)]; }
    void credit(Binding b, uint64_t session, int64_t stream, uint64_t bytes) override {
        Sent s{ipc::FrameType::ResponseCredit, session, stream, {}, false};
        s.credit = bytes;
        s.binding = b;
        sent.push_back(s);
    }
    void release(Binding b) override {
        if (!dead_[size_t(b)]) load[size_t(b)]--;
    }
    void reset(Binding b, uint64_t session, int64_t stream, ipc::ResetCode why) override {
        if (dead_[size_t(b)]) return;
        Sent s{ipc::FrameType::StreamReset, session, stream, {}, false};
        s.reset = why;
        s.binding = b;
        sent.push_back(s);
        load[size_t(b)]--;
    }
    bool send_datagram(uint64_t session, const uint8_t* data, size_t len) override {
        sent.push_back(Sent{ipc::FrameType::Datagram, session, 0, std::string(reinterpret_cast<const char*>(data), len)});
        return true;
    }

    // WebSockets: ids handed out from next_ws_id (0 makes open_websocket fail, as a full
    // registry does); WS_OPEN / WS_MESSAGE / WS_CLOSED recorded like the other frames (the
    // message's opcode as the first byte of data, WS_CLOSED's code in credit).
    uint64_t next_ws_id = ipc::kRegistrySlotBit | (uint64_t(1) << 32);
    std::vector<uint64_t> ws_open;  // ids opened and not closed
    uint64_t open_websocket(Binding b, uint64_t session, int64_t request_stream, int64_t ws_stream,
                            ipc::Protocol) override {
        if (next_ws_id == 0 || b < 0 || dead_[size_t(b)]) return 0;
        const uint64_t id = next_ws_id++;
        Sent s{ipc::FrameType::WsOpen, session, request_stream, std::to_string(ws_stream), false};
        s.binding = b;
        s.credit = id;
        sent.push_back(s);
        ws_open.push_back(id);
        return id;
    }
    bool send_ws_message(Binding b, uint64_t id, uint8_t opcode, std::string_view data) override {
        if (dead_[size_t(b)]) return false;
        Sent s{ipc::FrameType::WsMessage, id, 0, std::string(1, char(opcode)) + std::string(data), false};
        s.binding = b;
        sent.push_back(s);
        return true;
    }
    // Detached responses: ids from next_detach_id (0: refused), live ones in `detached`.
    uint64_t next_detach_id = ipc::kRegistrySlotBit | (uint64_t(2) << 32);
    std::vector<uint64_t> detached;
    uint64_t detach_stream(Binding b, uint64_t session, int64_t stream, uint8_t kind, ipc::Protocol) override {
        // As the reactor: only kinds 2 and 3 detach (callers refuse with 0).
        const uint64_t id = next_detach_id == 0 || (kind != 2 && kind != 3) ? 0 : next_detach_id++;
        Sent s{ipc::FrameType::StreamDetached, session, stream, std::string(1, char(kind)), false};
        s.binding = b;
        s.credit = id;
        sent.push_back(s);
        if (id) detached.push_back(id);
        return id;
    }
    void release_stream(uint64_t id) override {
        auto it = std::find(detached.begin(), detached.end(), id);
        REQUIRE(it != detached.end());  // exactly once per detach
        detached.erase(it);
    }
    std::vector<uint64_t> ws_closing;
    void websocket_closing(uint64_t id) override { ws_closing.push_back(id); }
    // Push credit given back per WebSocket id, summed (the reactor's discharge_push).
    std::map<uint64_t, uint64_t> credit_returned;
    void push_credit_returned(uint64_t id, uint64_t bytes) override { credit_returned[id] += bytes; }
    void close_websocket(Binding b, uint64_t id, uint16_t code, std::string_view reason) override {
        auto it = std::find(ws_open.begin(), ws_open.end(), id);
        REQUIRE(it != ws_open.end());  // exactly once per open
        ws_open.erase(it);
        if (b >= 0 && dead_[size_t(b)]) return;
        Sent s{ipc::FrameType::WsClosed, id, 0, std::string(reason), false};
        s.binding = b;
        s.credit = code;
        sent.push_back(s);
    }

private:
    std::vector<bool> congested_;
    std::vector<bool> dead_;
};

// Encodes a worker's RESPONSE_HEAD payload (status, fields, first body bytes).
inline std::vector<uint8_t> response_head_payload(uint16_t status, std::vector<HeaderField> fields,
                                                  std::string_view body = {}) {
    std::vector<uint8_t> buf(ipc::kMaxPayload);
    ipc::ResponseHeadWriter w(buf.data(), buf.size(), status);
    for (const HeaderField& f : fields) w.add_header(f.name, f.value);
    w.set_body(body);
    buf.resize(w.size());
    return buf;
}

inline ipc::FrameHeader frame(ipc::FrameType t, uint64_t session, int64_t stream, size_t len, bool end) {
    ipc::FrameHeader h;
    h.type = t;
    h.flags = end ? ipc::kFlagEndStream : 0;
    h.length = uint32_t(len);
    h.session_id = session;
    h.stream_id = stream;
    return h;
}

}  // namespace trident::test

// A harness for stream::Multiplexer unit tests: the Multiplexer with test::FakeLoop,
// test::FakeWorkers, an owning Connection and a StreamActions that records every action the
// core asks of the protocol. The client is played by calling request_head/request_data/...,
// the workers by FakeWorkers and the helpers below (they call the WorkerClient side).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "stream/multiplexer.h"
#include "stream_fakes.h"

namespace trident::test {

using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kFakeDate = "Tue, 01 Dec 2026 00:00:00 GMT";  // FakeLoop::http_date()

struct OwnerConnection final : server::Connection {
    void on_event(uint32_t) override {}
    void on_timeout(int) override {}
    void on_shutdown() override {}
};

// The protocol as the core sees it: every action recorded, with copies (the core's field views
// are valid only during the call).
struct RecordedActions final : stream::StreamActions {
    struct Head {
        int64_t stream;
        unsigned status;
        Fields fields;
        bool has_body;
    };
    struct Body {
        std::string bytes;
        int appends = 0;
        bool end = false;
    };
    std::vector<Head> heads;
    std::map<int64_t, Body> bodies;
    std::map<int64_t, Fields> trailers;
    std::vector<std::pair<int64_t, ipc::ResetCode>> resets;
    std::map<int64_t, size_t> consumed;
    int flushes = 0;
    bool refuse_head = false;
    bool refuse_trailers = false;

    static Fields copy(const std::vector<HeaderField>& f) {
        Fields out;
        for (const HeaderField& h : f) out.emplace_back(std::string(h.name), std::string(h.value));
        return out;
    }
    bool submit_head(stream::MuxStream& s, unsigned status, const std::vector<HeaderField>& f, bool has_body) override {
        heads.push_back(Head{s.id, status, copy(f), has_body});
        return !refuse_head;
    }
    void append_body(stream::MuxStream& s, const uint8_t* data, size_t len, bool end) override {
        Body& b = bodies[s.id];
        CHECK_FALSE(b.end);  // nothing may follow the end of a body
        if (len) b.bytes.append(reinterpret_cast<const char*>(data), len);
        ++b.appends;
        b.end = end;
    }
    bool submit_trailers(stream::MuxStream& s, const std::vector<HeaderField>& f) override {
        trailers[s.id] = copy(f);
        return !refuse_trailers;
    }
    std::vector<Head> interims;
    bool submit_interim(stream::MuxStream& s, unsigned status, const std::vector<HeaderField>& f) override {
        interims.push_back(Head{s.id, status, copy(f), false});
        return true;
    }
    void reset_stream(stream::MuxStream& s, ipc::ResetCode why) override { resets.emplace_back(s.id, why); }
    void consume(stream::MuxStream& s, size_t n) override { consumed[s.id] += n; }
    // The halves of consume(): connection credit alone (per stream it was returned for) and
    // stream credit alone.
    std::map<int64_t, size_t> conn_only;
    std::map<int64_t, size_t> stream_only;
    void consume_connection(stream::MuxStream& s, size_t n) override { conn_only[s.id] += n; }
    void consume_stream(stream::MuxStream& s, size_t n) override { stream_only[s.id] += n; }
    // What the client got back for stream id: on its stream window, and on the connection's.
    size_t stream_credit(int64_t id) { return consumed[id] + stream_only[id]; }
    size_t connection_credit(int64_t id) { return consumed[id] + conn_only[id]; }
    void flush() override { ++flushes; }
    // Body bytes the "library" has not taken: tests set it per stream (0 by default).
    std::map<int64_t, size_t> pending;
    size_t queued(const stream::MuxStream& s) const override {
        auto it = pending.find(s.id);
        return it == pending.end() ? 0 : it->second;
    }
};

struct MuxHarness {
    FakeLoop loop;
    FakeWorkers workers;
    OwnerConnection owner;
    RecordedActions act;
    stream::Multiplexer mux;

    explicit MuxHarness(int worker_count = 1) : workers(worker_count), mux(loop, workers, owner, act, "test") {
        loop.adopt(&owner);
    }
    uint64_t sid() const { return owner.session_id; }
    stream::MuxStream& add(int64_t id) { return mux.add(std::make_unique<stream::MuxStream>(id)); }

    // A client's complete request head on a new stream.
    stream::MuxStream& request(int64_t id, bool end_stream, std::string_view method = "GET",
                               size_t header_bytes = 100, std::string_view header_value = "*/*") {
        stream::MuxStream& s = add(id);
        HeaderField h[] = {{"accept", header_value}};
        ipc::RequestHeadIn in;
        in.conn.protocol = ipc::Protocol::Http2;
        in.method = method;
        in.scheme = "https";
        in.authority = "example.com";
        in.target = "/x";
        in.headers = h;
        in.header_count = 1;
        mux.request_head(s, in, header_bytes, end_stream);
        return s;
    }
    void data(stream::MuxStream& s, std::string_view d) {
        mux.request_data(s, reinterpret_cast<const uint8_t*>(d.data()), d.size());
    }

    // The worker's side.
    void send(ipc::FrameType t, int64_t id, const std::vector<uint8_t>& p, bool end) {
        mux.on_worker_frame(frame(t, sid(), id, p.size(), end), p.data(), p.size());
    }
    void head(int64_t id, uint16_t status, std::vector<HeaderField> f, std::string_view body, bool end) {
        send(ipc::FrameType::ResponseHead, id, response_head_payload(status, std::move(f), body), end);
    }
    // An interim head (kFlagInterim), e.g. 103 Early Hints.
    void interim(int64_t id, uint16_t status, std::vector<HeaderField> f) {
        std::vector<uint8_t> p = response_head_payload(status, std::move(f));
        ipc::FrameHeader h = frame(ipc::FrameType::ResponseHead, sid(), id, p.size(), false);
        h.flags |= ipc::kFlagInterim;
        mux.on_worker_frame(h, p.data(), p.size());
    }
    void body(int64_t id, std::string_view d, bool end) {
        send(ipc::FrameType::ResponseBody, id, std::vector<uint8_t>(d.begin(), d.end()), end);
    }
    void end(int64_t id) { send(ipc::FrameType::ResponseEnd, id, {}, false); }
    void trailers(int64_t id, std::vector<HeaderField> f) {
        send(ipc::FrameType::ResponseTrailers, id, response_head_payload(0, std::move(f)), true);
    }
    void worker_reset(int64_t id) {
        std::vector<uint8_t> p(ipc::kStreamResetSize);
        ipc::encode_stream_reset(ipc::ResetCode::Internal, p.data());
        send(ipc::FrameType::StreamReset, id, p, false);
    }

    const RecordedActions::Head* head_of(int64_t id) const {
        for (const RecordedActions::Head& h : act.heads) {
            if (h.stream == id) return &h;
        }
        return nullptr;
    }
    // The reactor's own answer (LocalResponse) on stream id: fields, then the body it ends with.
    void expect_local(int64_t id, unsigned status, const std::string& body) {
        const RecordedActions::Head* h = head_of(id);
        REQUIRE(h != nullptr);
        CHECK(h->status == status);
        CHECK(h->fields == Fields{{"content-type", "text/plain"},
                                  {"content-length", std::to_string(body.size())},
                                  {"date", kFakeDate}});
        CHECK(h->has_body);
        CHECK(act.bodies[id].bytes == body);
        CHECK(act.bodies[id].end);
        CHECK(act.bodies[id].appends == 1);
    }
    std::vector<ipc::ResetCode> resets_sent(int64_t id) const {
        std::vector<ipc::ResetCode> v;
        for (const auto& s : workers.of(ipc::FrameType::StreamReset)) {
            if (s.stream == id) v.push_back(s.reset);
        }
        return v;
    }
};

// Runs fn in a child process; whether it died of SIGABRT.
template <class Fn>
bool aborts_in_child(Fn fn) {
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) dup2(fd, 2);  // the transition's log line
        signal(SIGABRT, SIG_DFL);  // not Catch's handler: the parent judges how the child ended
        fn();
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

}  // namespace trident::test

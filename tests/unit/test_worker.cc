// The worker's side of the IPC channel, without PHP: a fake Hooks stands in for the binding
// and the test plays the reactors over real SOCK_SEQPACKET socketpairs, encoding and decoding
// frames with the IPC codec.
//
// Everything runs on one thread. The test script is the worker's on_worker_start(): it runs
// inside Worker::run(), after the channels are watched, and drives the worker's event loop
// itself (run_once) between the frames it sends and reads. When the script returns, run()'s
// own loop takes over (deferred frames, timers the script added, the drain), and by default
// the reactor ends are closed so that run() returns.
#include <catch2/catch.hpp>

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <atomic>
#include <exception>
#include <fstream>
#include <functional>
#include <list>
#include <thread>
#include <string>
#include <utility>
#include <vector>

#include "trident/core/clock.h"
#include "trident/core/event_loop.h"
#include "trident/core/log.h"
#include "trident/ipc/frame.h"
#include "trident/server/config.h"
#include "trident/server/runtime.h"
#include "trident/server/session_table.h"
#include "trident/server/shared_state.h"
#include "trident/server/stream_registry.h"
#include "trident/server/worker.h"

#include <zlib.h>

using namespace trident;
using namespace trident::server;

namespace {

constexpr int kWorkerId = 7;
// Worker::kResponseWindow (private): response bytes in flight before a writer waits.
constexpr uint64_t kWindow = 1u << 20;
constexpr int64_t kBoundMs = 5000;      // longest any single wait of a script may take
constexpr int64_t kWatchdogMs = 15000;  // a run() that has not returned by then failed

const uint64_t kSessA = session_id::make(0, 1, 3);
const uint64_t kSessB = session_id::make(0, 1, 4);

using Fields = std::vector<std::pair<std::string, std::string>>;

// --- frames the fake reactor sends ----------------------------------------------------------

std::string frame(ipc::FrameType type, uint8_t flags, uint64_t session, int64_t stream, std::string_view payload) {
    ipc::FrameHeader h;
    h.type = type;
    h.flags = flags;
    h.session_id = session;
    h.stream_id = stream;
    h.length = uint32_t(payload.size());
    std::string out(ipc::kHeaderSize, '\0');
    ipc::encode_header(h, reinterpret_cast<uint8_t*>(&out[0]));
    out.append(payload.data(), payload.size());
    return out;
}

struct Head {
    ipc::ConnectionInfo conn;
    std::string method = "GET";
    std::string scheme = "http";
    std::string authority = "example.test";
    std::string target = "/";
    Fields headers;
};

std::string head_payload(const Head& head) {
    std::vector<HeaderField> fields;
    for (const auto& [n, v] : head.headers) fields.push_back(HeaderField{n, v});
    ipc::RequestHeadIn in;
    in.conn = head.conn;
    in.method = head.method;
    in.scheme = head.scheme;
    in.authority = head.authority;
    in.target = head.target;
    in.headers = fields.data();
    in.header_count = fields.size();
    std::string payload(ipc::request_head_size(in), '\0');
    REQUIRE(ipc::encode_request_head(in, reinterpret_cast<uint8_t*>(&payload[0]), payload.size()) == payload.size());
    return payload;
}

std::string head_frame(uint64_t session, int64_t stream, bool end, const Head& head = Head()) {
    return frame(ipc::FrameType::RequestHead, end ? ipc::kFlagEndStream : 0, session, stream, head_payload(head));
}
std::string body_frame(uint64_t session, int64_t stream, std::string_view data, bool end) {
    return frame(ipc::FrameType::RequestBody, end ? ipc::kFlagEndStream : 0, session, stream, data);
}
std::string end_frame(uint64_t session, int64_t stream) {
    return frame(ipc::FrameType::RequestEnd, 0, session, stream, {});
}
std::string reset_frame(uint64_t session, int64_t stream, ipc::ResetCode code = ipc::ResetCode::Cancel) {
    uint8_t p[ipc::kStreamResetSize];
    ipc::encode_stream_reset(code, p);
    return frame(ipc::FrameType::StreamReset, 0, session, stream, std::string_view(reinterpret_cast<char*>(p), sizeof p));
}
std::string closed_frame(uint64_t session) { return frame(ipc::FrameType::ConnectionClosed, 0, session, 0, {}); }
std::string credit_frame(uint64_t session, int64_t stream, uint32_t bytes) {
    uint8_t p[ipc::kCreditSize];
    ipc::encode_credit(bytes, p);
    return frame(ipc::FrameType::ResponseCredit, 0, session, stream, std::string_view(reinterpret_cast<char*>(p), sizeof p));
}
std::string control_frame(ipc::ControlCode code) {
    ipc::ControlMessage m;
    m.code = code;
    uint8_t p[ipc::kControlSize];
    ipc::encode_control(m, p);
    return frame(ipc::FrameType::Control, 0, 0, 0, std::string_view(reinterpret_cast<char*>(p), sizeof p));
}

// Bytes that are not text and include every value, NUL among them.
std::string binary(size_t n, unsigned seed) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = char((i * 7 + seed * 13 + (i >> 8)) & 0xFF);
    return s;
}

// --- frames the fake reactor receives ---------------------------------------------------------

struct Frame {
    ipc::FrameHeader h;
    std::string payload;
};

struct Response {
    uint16_t status = 0;
    Fields headers;
    std::string body;
};

Fields fields_of(ipc::HeaderCursor c) {
    Fields out;
    HeaderField f;
    while (c.next(f)) out.emplace_back(std::string(f.name), std::string(f.value));
    return out;
}

const uint8_t* bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

Response response_head(const Frame& f) {
    REQUIRE(int(f.h.type) == int(ipc::FrameType::ResponseHead));
    ipc::ResponseHeadView v;
    REQUIRE(ipc::decode_response_head(bytes(f.payload), f.payload.size(), v) == ipc::DecodeError::None);
    return Response{v.status, fields_of(v.headers()), std::string(v.body)};
}

Fields response_trailers(const Frame& f) {
    REQUIRE(int(f.h.type) == int(ipc::FrameType::ResponseTrailers));
    ipc::ResponseHeadView v;
    REQUIRE(ipc::decode_response_trailers(bytes(f.payload), f.payload.size(), v) == ipc::DecodeError::None);
    return fields_of(v.headers());
}

ipc::ResetCode reset_code(const Frame& f) {
    REQUIRE(int(f.h.type) == int(ipc::FrameType::StreamReset));
    ipc::ResetCode code;
    REQUIRE(ipc::decode_stream_reset(bytes(f.payload), f.payload.size(), code) == ipc::DecodeError::None);
    return code;
}

ipc::ControlMessage control_of(const Frame& f) {
    REQUIRE(int(f.h.type) == int(ipc::FrameType::Control));
    ipc::ControlMessage m;
    REQUIRE(ipc::decode_control(bytes(f.payload), f.payload.size(), m) == ipc::DecodeError::None);
    return m;
}

Fields request_headers(const WorkerRequest* r) { return fields_of(r->head.headers()); }

std::string tag(const WorkerRequest* r) {
    return "c" + std::to_string(r->channel) + " s" + std::to_string(session_id::slot(r->session_id)) + " #" +
           std::to_string(r->stream_id);
}

int64_t in_flight() { return shared_state()->workers[kWorkerId].in_flight.load(); }
uint64_t completed() { return shared_state()->workers[kWorkerId].requests.load(); }

// --- the fake binding -------------------------------------------------------------------------

// What on_request saw, kept after the request itself is gone.
struct Seen {
    std::string tag;
    std::string body;
};

class FakeHooks : public Hooks {
public:
    std::function<void()> start;
    // Runs inside on_request (the handler), after the request was recorded.
    std::function<void(Worker&, WorkerRequest*)> handler;
    // Stands in for a coroutine suspending in Response::write() (default: cannot suspend).
    std::function<bool(Worker&, WorkerRequest*)> suspend;
    std::function<void(WorkerRequest*)> on_writable;
    std::function<void()> on_wait_writable;

    std::vector<WorkerRequest*> requests;  // in on_request order; valid while held
    std::vector<WorkerRequest*> held;      // retained by the fake, released by Harness::release()
    std::vector<Seen> seen;
    std::vector<WorkerRequest*> aborted;
    std::vector<std::string> events;
    std::vector<std::pair<uint64_t, std::string>> datagrams;
    int wait_request_calls = 0;
    int request_writable_calls = 0;
    int wait_writable_calls = 0;
    bool started = false;
    bool stopped = false;

    void on_worker_start(Worker&) override {
        started = true;
        if (start) start();
    }
    void on_worker_stop(Worker&) override {
        stopped = true;
        events.push_back("stop");
    }
    void on_request(Worker& w, WorkerRequest* r) override {
        w.retain(r);  // as the binding's Request/Response objects do
        requests.push_back(r);
        held.push_back(r);
        seen.push_back(Seen{tag(r), r->body});
        events.push_back("request " + tag(r));
        if (handler) handler(w, r);
    }
    void on_request_aborted(Worker&, WorkerRequest* r) override {
        aborted.push_back(r);
        events.push_back("aborted " + tag(r));
    }
    void on_datagram(Worker&, uint64_t session, std::string_view data) override {
        datagrams.emplace_back(session, std::string(data));
    }
    // WebSockets: what each hook saw (messages keep their bytes), in order with the rest.
    std::function<void(Worker&, WorkerRequest*, uint64_t)> on_open;
    std::function<void(Worker&, uint64_t, std::string_view)> on_message;
    std::vector<std::pair<uint64_t, std::string>> ws_messages;
    void on_websocket_open(Worker& w, WorkerRequest* r, uint64_t id) override {
        events.push_back("open " + std::to_string(id) + " " + tag(r) + (r->finished ? " finished" : " pending"));
        if (on_open) on_open(w, r, id);
    }
    void on_websocket_message(Worker& w, uint64_t id, ipc::WsOpcode op, std::string_view data) override {
        events.push_back("message " + std::to_string(id) + " op" + std::to_string(int(op)) + " " +
                         std::to_string(data.size()));
        ws_messages.emplace_back(id, std::string(data));
        if (on_message) on_message(w, id, data);
    }
    void on_websocket_closed(Worker&, uint64_t id, uint16_t code, std::string_view reason) override {
        events.push_back("closed " + std::to_string(id) + " " + std::to_string(code) + " " + std::string(reason));
    }
    bool wait_writable(Worker&, int) override {
        ++wait_writable_calls;
        if (on_wait_writable) on_wait_writable();
        return false;
    }
    bool wait_request(Worker& w, WorkerRequest* r) override {
        ++wait_request_calls;
        return suspend ? suspend(w, r) : false;
    }
    void request_writable(Worker&, WorkerRequest* r) override {
        ++request_writable_calls;
        if (on_writable) on_writable(r);
    }
    // Body progress of started (streaming) requests: what was unread and whether it had ended.
    void on_request_body(Worker&, WorkerRequest* r) override {
        events.push_back("body " + tag(r) + " " + std::string(r->unread_body()) + (r->body_complete ? " end" : "") +
                         (r->aborted ? " aborted" : ""));
    }
    [[noreturn]] void exit_process(int) override { std::abort(); }
};

// --- the harness: fake reactors and the worker's loop -------------------------------------------

class Harness {
public:
    explicit Harness(int channels = 1) {
        REQUIRE(create_shared_state() != nullptr);
        for (int i = 0; i < channels; ++i) {
            int sv[2];
            REQUIRE(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0);
            reactor_.push_back(sv[0]);
            worker_fds_.push_back(sv[1]);
        }
        // A drain that never completes must show as a failure (the watchdog), not as a pass
        // after max_wait_time.
        config.max_wait_time = 60;
        char path[] = "/tmp/trident-test-worker-XXXXXX";
        int fd = mkstemp(path);
        REQUIRE(fd >= 0);
        close(fd);
        log_path_ = path;
        rbuf_.resize(ipc::kMaxFrameSize + 1);
    }
    ~Harness() {
        close_all();
        if (!ran_) {
            for (int fd : worker_fds_) close(fd);
        }
        unlink(log_path_.c_str());
    }
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    ServerConfig config;
    FakeHooks hooks;
    // After the script: close every reactor end (run() then returns: all channels closed).
    bool close_after_script = true;

    // Runs a Worker with `script` as its start; returns run()'s exit code. Requests the fake
    // still holds are released afterwards (the Worker itself frees none).
    int run(const std::function<void(Worker&)>& script) {
        sigset_t saved_mask;
        pthread_sigmask(SIG_SETMASK, nullptr, &saved_mask);
        LogLevel saved_level = log::level();
        log::set_level(LogLevel::Warning);
        REQUIRE(log::set_file(log_path_.c_str()));
        int code = -1;
        ran_ = true;
        {
            Worker w(kWorkerId, 1, worker_fds_, config, hooks);
            worker_ = &w;
            hooks.start = [&] {
                guarded([&] {
                    w.loop().add_timer(kWatchdogMs, on_watchdog, this);
                    script(w);
                    if (close_after_script) after(0, [this] { close_all(); });
                });
            };
            guarded([&] { code = w.run(); });
            guarded([&] {
                std::vector<WorkerRequest*> left;
                left.swap(hooks.held);
                for (WorkerRequest* r : left) w.release(r);
            });
            worker_ = nullptr;
        }
        log::set_file(nullptr);
        log::set_level(saved_level);
        pthread_sigmask(SIG_SETMASK, &saved_mask, nullptr);
        read_log();
        if (error_) std::rethrow_exception(error_);
        CHECK_FALSE(watchdog_fired_);
        return code;
    }

    Worker& worker() { return *worker_; }

    // Sends one message on reactor end `ch`, letting the worker read while the socket is full.
    void send(int ch, const std::string& msg) {
        int64_t deadline = monotonic_ms() + kBoundMs;
        for (;;) {
            ssize_t n = ::send(reactor_[size_t(ch)], msg.data(), msg.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
            int err = errno;
            if (n == ssize_t(msg.size())) return;
            REQUIRE(n < 0);
            REQUIRE((err == EAGAIN || err == EWOULDBLOCK));
            REQUIRE(monotonic_ms() < deadline);
            step(5);
        }
    }
    void send(int ch, std::initializer_list<std::string> msgs) {
        for (const auto& m : msgs) send(ch, m);
    }

    // One iteration of the worker's loop.
    void step(int max_wait_ms) { REQUIRE(worker_->loop().run_once(max_wait_ms) >= 0); }
    // Iterates until nothing is ready: every frame sent so far has been read and every frame
    // the worker queued went out (or the socket is full).
    void settle() {
        int idle = 0;
        for (int i = 0; i < 10000 && idle < 2; ++i) {
            int n = worker_->loop().run_once(0);
            REQUIRE(n >= 0);
            idle = n == 0 ? idle + 1 : 0;
        }
        REQUIRE(idle >= 2);
    }
    void pump_until(const std::function<bool()>& cond) {
        int64_t deadline = monotonic_ms() + kBoundMs;
        while (!cond()) {
            REQUIRE(monotonic_ms() < deadline);
            step(5);
        }
    }

    // A frame from the worker on `ch`, if one is waiting (does not run the loop).
    bool try_recv(int ch, Frame& f) {
        ssize_t n = ::recv(reactor_[size_t(ch)], rbuf_.data(), rbuf_.size(), MSG_DONTWAIT | MSG_TRUNC);
        int err = errno;
        if (n < 0) {
            REQUIRE((err == EAGAIN || err == EWOULDBLOCK));
            return false;
        }
        if (n == 0 && worker_ == nullptr) return false;  // the Worker is gone, its ends closed
        REQUIRE(n > 0);  // while the Worker exists its ends stay open
        REQUIRE(size_t(n) <= ipc::kMaxFrameSize);
        REQUIRE(ipc::decode_header(rbuf_.data(), size_t(n), f.h) == ipc::DecodeError::None);
        REQUIRE(ipc::kHeaderSize + f.h.length == size_t(n));
        f.payload.assign(reinterpret_cast<char*>(rbuf_.data()) + ipc::kHeaderSize, f.h.length);
        return true;
    }
    // The next frame from the worker on `ch`, running the worker's loop until it comes.
    Frame recv(int ch) {
        Frame f;
        int64_t deadline = monotonic_ms() + kBoundMs;
        while (!try_recv(ch, f)) {
            REQUIRE(monotonic_ms() < deadline);
            step(5);
        }
        return f;
    }
    // Runs the loop until idle and checks that the worker sent nothing on `ch`.
    void expect_silence(int ch) {
        if (worker_) settle();
        Frame f;
        bool got = try_recv(ch, f);
        INFO("unexpected frame of type " << int(f.h.type) << " on channel " << ch);
        CHECK_FALSE(got);
    }

    // Runs fn from the worker's loop after ms (in run()'s own loop once the script returned).
    void after(int64_t ms, std::function<void()> fn) {
        timers_.push_back(Timer{this, std::move(fn)});
        worker_->loop().add_timer(ms, on_timer, &timers_.back());
    }

    void close_reactor(int ch) {
        if (reactor_[size_t(ch)] >= 0) close(reactor_[size_t(ch)]);
        reactor_[size_t(ch)] = -1;
    }
    void close_all() {
        for (size_t i = 0; i < reactor_.size(); ++i) close_reactor(int(i));
    }
    bool reactor_open(int ch) const { return reactor_[size_t(ch)] >= 0; }
    int reactor_fd(int ch) const { return reactor_[size_t(ch)]; }

    // Releases a request the fake holds (the binding's last reference going away).
    void release(WorkerRequest* r) {
        for (auto it = hooks.held.begin(); it != hooks.held.end(); ++it) {
            if (*it == r) {
                hooks.held.erase(it);
                worker_->release(r);
                return;
            }
        }
        FAIL("release of a request the fake does not hold");
    }

    // Log lines of the run, as "LEVEL message", without the line every closing run ends with.
    const std::vector<std::string>& log() const { return log_; }

private:
    struct Timer {
        Harness* h;
        std::function<void()> fn;
    };
    static void on_timer(void* data, EventLoop::TimerId) {
        auto* t = static_cast<Timer*>(data);
        t->h->guarded(t->fn);
    }
    static void on_watchdog(void* data, EventLoop::TimerId) {
        auto* h = static_cast<Harness*>(data);
        h->watchdog_fired_ = true;
        h->close_all();
    }
    // A failed REQUIRE inside the worker's loop: remember it, close the reactor ends so that
    // run() returns, and rethrow once the worker is cleaned up.
    void guarded(const std::function<void()>& fn) {
        try {
            fn();
        } catch (...) {
            if (!error_) error_ = std::current_exception();
            close_all();
        }
    }
    void read_log() {
        std::ifstream in(log_path_);
        std::string line;
        while (std::getline(in, line)) {
            // "[date time] LEVEL role pid=N: message"
            size_t lvl = line.find("] ");
            size_t msg = line.find(": ", line.find("pid="));
            REQUIRE(lvl != std::string::npos);
            REQUIRE(msg != std::string::npos);
            std::string level = line.substr(lvl + 2, line.find(' ', lvl + 2) - lvl - 2);
            std::string text = level + " " + line.substr(msg + 2);
            if (text == "WARNING worker #7: every reactor channel is closed, exiting") continue;
            log_.push_back(text);
        }
    }

    std::vector<int> reactor_;
    std::vector<int> worker_fds_;
    Worker* worker_ = nullptr;
    bool ran_ = false;
    bool watchdog_fired_ = false;
    std::exception_ptr error_;
    std::string log_path_;
    std::vector<std::string> log_;
    std::vector<uint8_t> rbuf_;
    std::list<Timer> timers_;
};

using Strings = std::vector<std::string>;

}  // namespace

// --- start and graceful stop ------------------------------------------------------------------

TEST_CASE("worker: sends nothing on start; stop() says Draining on every channel and run() returns once each reactor acked",
          "[worker]") {
    Harness h(2);
    h.close_after_script = false;
    bool ran_after_first_ack = false;
    int code = h.run([&](Worker& w) {
        CHECK(h.hooks.started);
        // No WorkerHello: the manager announces a worker to the master (WorkerAnnounce with
        // the reactor ends), so the worker says nothing until it has something to answer.
        h.expect_silence(0);
        h.expect_silence(1);
        CHECK(shared_state()->workers[kWorkerId].pid.load() == getpid());
        CHECK(shared_state()->workers[kWorkerId].incarnation.load() == 1u);

        w.stop();
        for (int ch = 0; ch < 2; ++ch) {
            Frame f = h.recv(ch);
            CHECK(f.h.flags == 0);
            CHECK(f.h.session_id == 0u);
            CHECK(f.h.stream_id == 0);
            CHECK(f.h.length == ipc::kControlSize);
            ipc::ControlMessage m = control_of(f);
            CHECK(m.code == ipc::ControlCode::Draining);
            CHECK(m.worker_id == 0u);  // the channel itself says which worker
            CHECK(m.pid == 0u);
            CHECK(m.incarnation == 0u);
        }
        w.stop();  // already stopping: says nothing twice
        h.expect_silence(0);
        h.expect_silence(1);

        h.send(0, control_frame(ipc::ControlCode::DrainAck));
        // run() must still be running after the first ack: only then does this timer fire.
        h.after(30, [&] {
            ran_after_first_ack = true;
            h.send(1, control_frame(ipc::ControlCode::DrainAck));
        });
    });
    CHECK(code == 0);
    CHECK(ran_after_first_ack);
    CHECK(h.hooks.stopped);
    // It returned because the drain completed, not because the channels went away.
    CHECK(h.reactor_open(0));
    CHECK(h.reactor_open(1));
    CHECK(h.log().empty());
}

TEST_CASE("worker: a graceful stop waits for the request in flight, and returns once it is answered", "[worker]") {
    Harness h(1);
    h.close_after_script = false;
    h.run([&](Worker& w) {
        h.send(0, head_frame(kSessA, 1, true));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        WorkerRequest* r = h.hooks.requests[0];
        w.stop();
        CHECK(control_of(h.recv(0)).code == ipc::ControlCode::Draining);
        h.send(0, control_frame(ipc::ControlCode::DrainAck));
        h.after(30, [&, r] {
            h.hooks.events.push_back("answer");
            CHECK(w.send_head(r, 204, nullptr, 0, {}, true));
            h.release(r);
        });
    });
    CHECK(h.hooks.events == Strings{"request c0 s3 #1", "answer", "stop"});
    Frame f;
    REQUIRE(h.try_recv(0, f));
    CHECK(response_head(f).status == 204);
    CHECK(f.h.flags == ipc::kFlagEndStream);
    CHECK(h.reactor_open(0));
    CHECK(h.log().empty());
}

TEST_CASE("worker: max_wait_time ends a graceful stop that a request never lets finish", "[worker]") {
    Harness h(1);
    h.close_after_script = false;
    h.config.max_wait_time = 0.2;
    int64_t stopped_at = 0;
    int code = h.run([&](Worker& w) {
        h.send(0, head_frame(kSessA, 1, true));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        stopped_at = monotonic_ms();
        w.stop();
        CHECK(control_of(h.recv(0)).code == ipc::ControlCode::Draining);
        h.send(0, control_frame(ipc::ControlCode::DrainAck));
    });
    CHECK(code == 0);
    CHECK(monotonic_ms() - stopped_at >= 200);
    CHECK(h.hooks.stopped);
    CHECK(h.log() == Strings{"WARNING worker #7: max_wait_time reached with 1 request(s) in flight, exiting"});
    // The fake let go of the request after run() without answering it: the worker gave up on
    // it with a reset (Worker::release's rule) rather than leaving the client waiting.
    Frame f;
    REQUIRE(h.try_recv(0, f));
    CHECK(f.h.session_id == kSessA);
    CHECK(f.h.stream_id == 1);
    CHECK(reset_code(f) == ipc::ResetCode::Internal);
    CHECK_FALSE(h.try_recv(0, f));
}

TEST_CASE("worker: max_request announces the drain before the last request is answered", "[worker]") {
    Harness h(1);
    h.close_after_script = false;
    h.config.max_request = 2;
    h.hooks.handler = [&](Worker& w, WorkerRequest* r) { CHECK(w.send_head(r, 200, nullptr, 0, "ok", true)); };
    int code = h.run([&](Worker& w) {
        h.send(0, {head_frame(kSessA, 1, true), head_frame(kSessA, 2, true)});
        Frame first = h.recv(0);
        CHECK(first.h.stream_id == 1);
        CHECK(response_head(first).body == "ok");
        CHECK(control_of(h.recv(0)).code == ipc::ControlCode::Draining);
        Frame second = h.recv(0);
        CHECK(second.h.stream_id == 2);
        CHECK(response_head(second).status == 200);
        CHECK(w.requests_handled() == 2u);
        h.send(0, control_frame(ipc::ControlCode::DrainAck));
    });
    CHECK(code == 0);
    CHECK(h.hooks.stopped);
    CHECK(h.reactor_open(0));
    CHECK(h.log().empty());
}

// --- request reassembly -----------------------------------------------------------------------

namespace {

bool inside(std::string_view s, const uint8_t* begin, size_t len) {
    auto p = reinterpret_cast<uintptr_t>(s.data());
    auto b = reinterpret_cast<uintptr_t>(begin);
    return p >= b && p + s.size() <= b + len;
}

Head sample_head() {
    Head head;
    head.conn.protocol = ipc::Protocol::Http2;
    head.conn.flags = ipc::kRequestFlagTls;
    head.conn.family = 10;  // AF_INET6
    head.conn.remote_port = 54321;
    head.conn.local_port = 8443;
    const uint8_t remote[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42};
    const uint8_t local[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    memcpy(head.conn.remote_addr, remote, 16);
    memcpy(head.conn.local_addr, local, 16);
    head.method = "POST";
    head.scheme = "https";
    head.authority = "example.test:8443";
    head.target = "/a/b?c=d&e";
    head.headers = {{"user-agent", "t/1"}, {"x-dup", "1"}, {"x-dup", "2"}, {"empty", ""}};
    return head;
}

}  // namespace

TEST_CASE("worker: REQUEST_HEAD with END_STREAM is one on_request with method, target, headers and addresses as sent",
          "[worker]") {
    Harness h(2);
    const Head head = sample_head();
    const size_t payload_size = head_payload(head).size();
    h.run([&](Worker& w) {
        uint64_t done_before = completed();
        double before = wall_time();
        h.send(1, head_frame(kSessA, 5, true, head));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        WorkerRequest* r = h.hooks.requests[0];
        CHECK(r->channel == 1);
        CHECK(r->session_id == kSessA);
        CHECK(r->stream_id == 5);
        CHECK(r->head.method == "POST");
        CHECK(r->head.scheme == "https");
        CHECK(r->head.authority == "example.test:8443");
        CHECK(r->head.target == "/a/b?c=d&e");
        CHECK(request_headers(r) == head.headers);
        CHECK(r->head.conn.protocol == ipc::Protocol::Http2);
        CHECK(r->head.conn.flags == ipc::kRequestFlagTls);
        CHECK(r->head.conn.family == 10);
        CHECK(r->head.conn.remote_port == 54321);
        CHECK(r->head.conn.local_port == 8443);
        CHECK(memcmp(r->head.conn.remote_addr, head.conn.remote_addr, 16) == 0);
        CHECK(memcmp(r->head.conn.local_addr, head.conn.local_addr, 16) == 0);
        // The views outlive the receive buffer: they point into the request's own copy.
        CHECK(inside(r->head.method, r->head_storage.get(), payload_size));
        CHECK(inside(r->head.target, r->head_storage.get(), payload_size));
        CHECK(r->body.empty());
        CHECK(r->body_complete);
        CHECK_FALSE(r->aborted);
        CHECK_FALSE(r->head_sent);
        CHECK_FALSE(r->finished);
        CHECK(r->received_at >= before);
        CHECK(r->received_at <= wall_time());
        CHECK(w.requests_handled() == 1u);
        CHECK(in_flight() == 1);
        h.settle();
        CHECK(h.hooks.requests.size() == 1);  // once
        h.expect_silence(0);
        h.expect_silence(1);

        CHECK(w.send_head(r, 204, nullptr, 0, {}, true));
        CHECK(in_flight() == 0);
        CHECK(completed() == done_before + 1);
        Frame f = h.recv(1);
        CHECK(f.h.session_id == kSessA);
        CHECK(f.h.stream_id == 5);
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: REQUEST_HEAD then REQUEST_BODY frames make one request once the END_STREAM body arrives",
          "[worker]") {
    Harness h(1);
    const std::string part1(100, 'a');
    const std::string part2 = binary(ipc::kMaxPayload, 1);  // a full frame, NULs included
    const std::string part3 = "xyz";
    h.run([&](Worker&) {
        h.send(0, {head_frame(kSessA, 1, false), body_frame(kSessA, 1, part1, false), body_frame(kSessA, 1, part2, false)});
        h.settle();
        CHECK(h.hooks.requests.empty());  // not before the body is complete
        CHECK(in_flight() == 1);          // but counted from its head
        h.send(0, body_frame(kSessA, 1, part3, true));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        WorkerRequest* r = h.hooks.requests[0];
        CHECK(r->body.size() == part1.size() + part2.size() + part3.size());
        CHECK(r->body == part1 + part2 + part3);
        CHECK(r->body_complete);

        // An empty END_STREAM body frame ends a request too.
        h.send(0, {head_frame(kSessA, 3, false), body_frame(kSessA, 3, "", true)});
        h.settle();
        REQUIRE(h.hooks.requests.size() == 2);
        CHECK(h.hooks.requests[1]->stream_id == 3);
        CHECK(h.hooks.requests[1]->body.empty());
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: a body of unknown length (chunked) ends with REQUEST_END; frames after the end are ignored",
          "[worker]") {
    Harness h(1);
    h.run([&](Worker&) {
        h.send(0, {head_frame(kSessA, 1, false), body_frame(kSessA, 1, "hello ", false),
                   body_frame(kSessA, 1, "world", false)});
        h.settle();
        CHECK(h.hooks.requests.empty());
        h.send(0, end_frame(kSessA, 1));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        CHECK(h.hooks.requests[0]->body == "hello world");

        // A late body frame or a second end for a request already handed over changes nothing.
        h.send(0, {body_frame(kSessA, 1, "late", true), end_frame(kSessA, 1)});
        h.settle();
        CHECK(h.hooks.requests.size() == 1);
        CHECK(h.hooks.requests[0]->body == "hello world");

        // Head and REQUEST_END with no body in between: an empty body.
        h.send(0, {head_frame(kSessA, 2, false), end_frame(kSessA, 2)});
        h.settle();
        REQUIRE(h.hooks.requests.size() == 2);
        CHECK(h.hooks.requests[1]->stream_id == 2);
        CHECK(h.hooks.requests[1]->body.empty());
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: requests interleaved on one channel are reassembled apart, by stream id", "[worker]") {
    Harness h(1);
    h.run([&](Worker&) {
        h.send(0, {head_frame(kSessA, 1, false), head_frame(kSessA, 3, false), body_frame(kSessA, 3, "three", false),
                   body_frame(kSessA, 1, "one-a", false), head_frame(kSessB, 1, false),
                   body_frame(kSessB, 1, "other session", true), body_frame(kSessA, 1, "one-b", true),
                   body_frame(kSessA, 3, "!", true)});
        h.settle();
    });
    REQUIRE(h.hooks.seen.size() == 3);
    CHECK(h.hooks.seen[0].tag == "c0 s4 #1");
    CHECK(h.hooks.seen[0].body == "other session");
    CHECK(h.hooks.seen[1].tag == "c0 s3 #1");
    CHECK(h.hooks.seen[1].body == "one-aone-b");
    CHECK(h.hooks.seen[2].tag == "c0 s3 #3");
    CHECK(h.hooks.seen[2].body == "three!");
    CHECK(h.log().empty());
}

TEST_CASE("worker: the same session and stream ids on two channels are two requests (the key is channel, session, stream)",
          "[worker]") {
    Harness h(2);
    h.run([&](Worker& w) {
        h.send(0, head_frame(kSessA, 1, false));
        h.send(1, head_frame(kSessA, 1, false));
        h.send(1, body_frame(kSessA, 1, "from-1", true));
        h.settle();
        h.send(0, body_frame(kSessA, 1, "from-0", true));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 2);
        WorkerRequest* on1 = h.hooks.requests[0];
        WorkerRequest* on0 = h.hooks.requests[1];
        CHECK(on1->channel == 1);
        CHECK(on1->body == "from-1");
        CHECK(on0->channel == 0);
        CHECK(on0->body == "from-0");

        // A reset on channel 0 is about channel 0's stream only.
        h.send(0, reset_frame(kSessA, 1));
        h.settle();
        CHECK(h.hooks.aborted == std::vector<WorkerRequest*>{on0});
        CHECK_FALSE(on1->aborted);
        // Credit too: channel 1's response window is untouched by channel 0's credit.
        CHECK(w.send_head(on1, 200, nullptr, 0, {}, false));
        CHECK(w.send_body(on1, "12345", false));
        h.send(0, credit_frame(kSessA, 1, 5));
        h.settle();
        CHECK(on1->unacked == 5u);
        h.send(1, credit_frame(kSessA, 1, 5));
        h.settle();
        CHECK(on1->unacked == 0u);
        // And a closed connection on channel 1 is channel 1's session only.
        h.send(1, closed_frame(kSessA));
        h.settle();
        CHECK(h.hooks.aborted == std::vector<WorkerRequest*>{on0, on1});
    });
    CHECK(h.log().empty());
}

// --- responses --------------------------------------------------------------------------------

namespace {

// Runs one complete request on `ch` and returns it (held by the fake).
WorkerRequest* take_request(Harness& h, int ch, uint64_t session, int64_t stream) {
    size_t before = h.hooks.requests.size();
    h.send(ch, head_frame(session, stream, true));
    h.settle();
    REQUIRE(h.hooks.requests.size() == before + 1);
    return h.hooks.requests.back();
}

}  // namespace

TEST_CASE("worker: send_head, send_body and send_trailers make RESPONSE_HEAD, RESPONSE_BODY and RESPONSE_TRAILERS",
          "[worker]") {
    Harness h(1);
    h.run([&](Worker& w) {
        WorkerRequest* r = take_request(h, 0, kSessA, 7);
        const HeaderField headers[] = {{"content-type", "text/plain"}, {"x-multi", "a"}, {"x-multi", "b"}};
        CHECK(w.send_head(r, 201, headers, 3, "hello", false));
        CHECK(r->head_sent);
        Frame f = h.recv(0);
        CHECK(f.h.flags == 0);
        CHECK(f.h.session_id == kSessA);
        CHECK(f.h.stream_id == 7);
        Response head = response_head(f);
        CHECK(head.status == 201);
        CHECK(head.headers == Fields{{"content-type", "text/plain"}, {"x-multi", "a"}, {"x-multi", "b"}});
        CHECK(head.body == "hello");

        CHECK(w.send_body(r, " world", false));
        f = h.recv(0);
        CHECK(int(f.h.type) == int(ipc::FrameType::ResponseBody));
        CHECK(f.h.flags == 0);
        CHECK(f.h.session_id == kSessA);
        CHECK(f.h.stream_id == 7);
        CHECK(f.payload == " world");
        CHECK(r->unacked == 6u);  // body frames count against the window; the head's bytes do not

        const HeaderField trailers[] = {{"grpc-status", "0"}, {"x-checksum", "abc"}};
        CHECK(in_flight() == 1);
        CHECK(w.send_trailers(r, trailers, 2));
        f = h.recv(0);
        CHECK(f.h.flags == ipc::kFlagEndStream);
        CHECK(f.h.stream_id == 7);
        CHECK(response_trailers(f) == Fields{{"grpc-status", "0"}, {"x-checksum", "abc"}});
        CHECK(r->finished);
        CHECK(in_flight() == 0);

        // The response is complete: anything more is refused and nothing goes out.
        CHECK_FALSE(w.send_body(r, "more", true));
        CHECK_FALSE(w.send_trailers(r, trailers, 1));
        CHECK_FALSE(w.send_head(r, 200, nullptr, 0, {}, true));
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: a complete response is one RESPONSE_HEAD with END_STREAM; body-only calls need a head first",
          "[worker]") {
    Harness h(1);
    h.run([&](Worker& w) {
        WorkerRequest* r = take_request(h, 0, kSessA, 1);
        CHECK_FALSE(w.send_body(r, "early", false));
        const HeaderField t[] = {{"x", "y"}};
        CHECK_FALSE(w.send_trailers(r, t, 1));
        h.expect_silence(0);
        const HeaderField headers[] = {{"content-length", "2"}};
        CHECK(w.send_head(r, 200, headers, 1, "ok", true));
        Frame f = h.recv(0);
        CHECK(f.h.flags == ipc::kFlagEndStream);
        Response head = response_head(f);
        CHECK(head.status == 200);
        CHECK(head.headers == Fields{{"content-length", "2"}});
        CHECK(head.body == "ok");
        CHECK(r->finished);
        h.expect_silence(0);

        // A streamed response ended by an empty body frame.
        WorkerRequest* s = take_request(h, 0, kSessA, 2);
        CHECK(w.send_head(s, 200, nullptr, 0, {}, false));
        CHECK(w.send_head(s, 500, nullptr, 0, {}, false) == false);  // one head per response
        CHECK(w.send_body(s, "", true));
        CHECK(response_head(h.recv(0)).status == 200);
        f = h.recv(0);
        CHECK(int(f.h.type) == int(ipc::FrameType::ResponseBody));
        CHECK(f.h.flags == ipc::kFlagEndStream);
        CHECK(f.h.length == 0u);
        CHECK(s->finished);
        h.expect_silence(0);
    });
}

TEST_CASE("worker: a complete body larger than a frame gets a content-length and continues in RESPONSE_BODY frames",
          "[worker]") {
    Harness h(1);
    const std::string body = binary(150000, 2);
    h.run([&](Worker& w) {
        WorkerRequest* r = take_request(h, 0, kSessA, 1);
        const HeaderField headers[] = {{"content-type", "application/octet-stream"}};
        CHECK(w.send_head(r, 200, headers, 1, body, true));
        Frame f = h.recv(0);
        CHECK(f.h.flags == 0);
        CHECK(f.h.length == ipc::kMaxPayload);  // the head frame is filled with body bytes
        Response head = response_head(f);
        CHECK(head.headers == Fields{{"content-type", "application/octet-stream"}, {"content-length", "150000"}});
        std::string got = head.body;
        int frames = 0;
        for (;;) {
            f = h.recv(0);
            REQUIRE(int(f.h.type) == int(ipc::FrameType::ResponseBody));
            CHECK(f.h.stream_id == 1);
            got += f.payload;
            ++frames;
            if (f.h.flags & ipc::kFlagEndStream) break;
            CHECK(f.h.length == ipc::kMaxPayload);
        }
        CHECK(frames == 2);
        CHECK(got == body);
        CHECK(r->finished);

        // With its own content-length the handler's headers go out as they are.
        WorkerRequest* s = take_request(h, 0, kSessA, 2);
        const HeaderField own[] = {{"Content-Length", "150000"}};
        CHECK(w.send_head(s, 200, own, 1, body, true));
        CHECK(response_head(h.recv(0)).headers == Fields{{"Content-Length", "150000"}});
        got.clear();
        do {
            f = h.recv(0);
            got += f.payload;
        } while (!(f.h.flags & ipc::kFlagEndStream));
        CHECK(got.size() == body.size() - (ipc::kMaxPayload - 8 - (8 + 14 + 6)));

        // A head that cannot fit a frame is refused whole; a smaller one still can go.
        WorkerRequest* t = take_request(h, 0, kSessA, 3);
        const std::string huge(ipc::kMaxPayload, 'v');
        const HeaderField big[] = {{"x-huge", huge}};
        CHECK_FALSE(w.send_head(t, 200, big, 1, {}, true));
        CHECK_FALSE(t->head_sent);
        h.expect_silence(0);
        CHECK(w.send_head(t, 431, nullptr, 0, {}, true));
        CHECK(response_head(h.recv(0)).status == 431);
    });
    CHECK(h.log().empty());
}

// --- resets and closed connections ------------------------------------------------------------

TEST_CASE("worker: STREAM_RESET from the reactor aborts the request; later send_* return false and send nothing",
          "[worker]") {
    Harness h(1);
    h.run([&](Worker& w) {
        WorkerRequest* r = take_request(h, 0, kSessA, 1);
        WorkerRequest* other = take_request(h, 0, kSessA, 3);
        CHECK(in_flight() == 2);
        h.send(0, reset_frame(kSessA, 1, ipc::ResetCode::Cancel));
        h.settle();
        CHECK(h.hooks.aborted == std::vector<WorkerRequest*>{r});
        CHECK(r->aborted);
        CHECK(r->finished);
        CHECK(in_flight() == 1);
        CHECK_FALSE(w.send_head(r, 200, nullptr, 0, "x", true));
        CHECK_FALSE(other->aborted);
        h.expect_silence(0);

        // A response already under way: the body is refused from the reset on.
        CHECK(w.send_head(other, 200, nullptr, 0, {}, false));
        CHECK(response_head(h.recv(0)).status == 200);
        h.send(0, reset_frame(kSessA, 3, ipc::ResetCode::BodyTimeout));
        h.settle();
        CHECK(other->aborted);
        CHECK_FALSE(w.send_body(other, "more", false));
        const HeaderField t[] = {{"x", "y"}};
        CHECK_FALSE(w.send_trailers(other, t, 1));
        w.send_reset(other);  // the client is gone: no reset goes back either
        h.expect_silence(0);
        CHECK(in_flight() == 0);

        // A second reset for the same stream is not a second abort.
        h.send(0, reset_frame(kSessA, 1));
        h.settle();
        CHECK(h.hooks.aborted.size() == 2);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: STREAM_RESET for an unknown stream or session is ignored", "[worker]") {
    Harness h(2);
    h.run([&](Worker& w) {
        WorkerRequest* r = take_request(h, 0, kSessA, 1);
        h.send(0, {reset_frame(kSessA, 9), reset_frame(kSessB, 1), reset_frame(0, 0)});
        h.send(1, reset_frame(kSessA, 1));  // right ids, other channel
        h.settle();
        CHECK(h.hooks.aborted.empty());
        CHECK_FALSE(r->aborted);
        CHECK(in_flight() == 1);
        CHECK(w.send_head(r, 200, nullptr, 0, "fine", true));
        CHECK(response_head(h.recv(0)).body == "fine");
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: a reset before the body is complete drops the request without on_request", "[worker]") {
    Harness h(1);
    h.run([&](Worker&) {
        h.send(0, {head_frame(kSessA, 1, false), body_frame(kSessA, 1, "part", false)});
        h.settle();
        CHECK(in_flight() == 1);
        h.send(0, reset_frame(kSessA, 1, ipc::ResetCode::BodyTooLarge));
        h.settle();
        CHECK(in_flight() == 0);
        // The rest of the body, had it crossed the reset, finds no request.
        h.send(0, body_frame(kSessA, 1, "rest", true));
        h.settle();
        CHECK(h.hooks.requests.empty());
        CHECK(h.hooks.aborted.empty());  // the handler never had it
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: CONNECTION_CLOSED aborts every request of that session and no other", "[worker]") {
    Harness h(1);
    h.run([&](Worker& w) {
        WorkerRequest* a1 = take_request(h, 0, kSessA, 1);
        WorkerRequest* a3 = take_request(h, 0, kSessA, 3);
        WorkerRequest* b1 = take_request(h, 0, kSessB, 1);
        h.send(0, {head_frame(kSessA, 5, false), body_frame(kSessA, 5, "half", false)});
        h.settle();
        CHECK(w.send_head(a3, 200, nullptr, 0, {}, false));
        CHECK(response_head(h.recv(0)).status == 200);
        CHECK(in_flight() == 4);

        h.send(0, closed_frame(kSessA));
        h.settle();
        CHECK(h.hooks.aborted == std::vector<WorkerRequest*>{a1, a3});
        CHECK(a1->aborted);
        CHECK(a3->aborted);
        CHECK_FALSE(b1->aborted);
        CHECK(in_flight() == 1);  // b1
        CHECK_FALSE(w.send_body(a3, "x", true));
        h.send(0, body_frame(kSessA, 5, "rest", true));
        h.settle();
        CHECK(h.hooks.requests.size() == 3);
        h.expect_silence(0);
        CHECK(w.send_head(b1, 200, nullptr, 0, {}, true));
        CHECK(h.recv(0).h.session_id == kSessB);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: send_reset sends STREAM_RESET Internal once; an unanswered request released is reset the same way",
          "[worker]") {
    Harness h(1);
    h.run([&](Worker& w) {
        WorkerRequest* r = take_request(h, 0, kSessA, 1);
        CHECK(w.send_head(r, 200, nullptr, 0, "partial", false));
        CHECK(response_head(h.recv(0)).body == "partial");
        CHECK(in_flight() == 1);
        w.send_reset(r);
        Frame f = h.recv(0);
        CHECK(f.h.session_id == kSessA);
        CHECK(f.h.stream_id == 1);
        CHECK(f.h.flags == 0);
        CHECK(f.h.length == ipc::kStreamResetSize);
        CHECK(reset_code(f) == ipc::ResetCode::Internal);
        CHECK(r->finished);
        CHECK(in_flight() == 0);
        w.send_reset(r);
        CHECK_FALSE(w.send_body(r, "x", true));
        h.release(r);
        h.expect_silence(0);

        // The binding let go without answering: release() resets it rather than leave the
        // client waiting.
        WorkerRequest* s = take_request(h, 0, kSessA, 2);
        h.release(s);
        f = h.recv(0);
        CHECK(f.h.stream_id == 2);
        CHECK(reset_code(f) == ipc::ResetCode::Internal);
        CHECK(in_flight() == 0);
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

// --- the response window (RESPONSE_CREDIT) ----------------------------------------------------

namespace {

// Body frames of one response, as the reactor reads them.
struct BodyReader {
    std::string body;
    int frames = 0;
    int end_flags = 0;
    // Reads what is waiting on `ch` (no loop iteration); true once the END_STREAM frame came.
    bool take(Harness& h, int ch) {
        Frame f;
        while (h.try_recv(ch, f)) {
            REQUIRE(int(f.h.type) == int(ipc::FrameType::ResponseBody));
            body += f.payload;
            ++frames;
            if (f.h.flags & ipc::kFlagEndStream) ++end_flags;
        }
        return end_flags > 0;
    }
};

}  // namespace

TEST_CASE("worker: past the response window a writer that cannot suspend carries on; credit only lowers the count",
          "[worker]") {
    Harness h(1);
    const std::string body = binary(3u << 20, 3);
    h.run([&](Worker& w) {
        WorkerRequest* r = take_request(h, 0, kSessA, 1);
        CHECK(w.send_head(r, 200, nullptr, 0, {}, false));
        CHECK(response_head(h.recv(0)).status == 200);
        // 48 full frames and one of 1152 bytes. From the 17th frame on (17 x 65512 > 1 MiB) the
        // worker asks to wait before each further frame; the fake cannot, so it goes on and the
        // frames queue (in the socket, then in the worker's own queue).
        CHECK(w.send_body(r, body, true));
        CHECK(h.hooks.wait_request_calls == 32);
        CHECK(r->unacked == body.size());
        CHECK(r->finished);
        BodyReader reader;
        h.pump_until([&] { return reader.take(h, 0); });
        CHECK(reader.frames == 49);
        CHECK(reader.end_flags == 1);
        CHECK(reader.body == body);
        CHECK(h.hooks.wait_writable_calls == 0);  // 3 MiB stays under the channel queue's bound

        h.send(0, credit_frame(kSessA, 1, 1u << 20));
        h.settle();
        CHECK(r->unacked == (2u << 20));
        h.send(0, credit_frame(kSessA, 1, 0xFFFFFFFFu));  // more than is outstanding
        h.settle();
        CHECK(r->unacked == 0u);
        CHECK(h.hooks.request_writable_calls == 0);  // nobody was waiting
        h.send(0, credit_frame(kSessA, 99, 100));     // an unknown stream
        h.settle();
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: a writer that suspends waits for RESPONSE_CREDIT, never more than a window ahead of the client",
          "[worker]") {
    Harness h(1);
    const std::string body = binary(3u << 20, 4);
    BodyReader reader;
    uint64_t untaken = 0;  // read by the "client" and not yet credited
    std::vector<uint64_t> unacked_at_wait, unacked_at_wake;
    bool woken = false;
    // The reactor: reads the body as a client would and returns credit in kCreditBatch steps.
    auto reactor = [&] {
        size_t before = reader.body.size();
        reader.take(h, 0);
        untaken += reader.body.size() - before;
        if (untaken >= ipc::kCreditBatch) {
            h.send(0, credit_frame(kSessA, 1, uint32_t(untaken)));
            untaken = 0;
        }
    };
    // A coroutine suspended in write(): the worker's loop runs meanwhile (here, nested).
    h.hooks.suspend = [&](Worker&, WorkerRequest* r) {
        unacked_at_wait.push_back(r->unacked);
        r->waiter = 42;
        woken = false;
        h.pump_until([&] {
            reactor();
            return woken;
        });
        r->waiter = 0;
        return true;
    };
    h.hooks.on_writable = [&](WorkerRequest* r) {
        CHECK(r->waiter == 42);
        unacked_at_wake.push_back(r->unacked);
        woken = true;
    };
    h.run([&](Worker& w) {
        WorkerRequest* r = take_request(h, 0, kSessA, 1);
        CHECK(w.send_head(r, 200, nullptr, 0, {}, false));
        CHECK(response_head(h.recv(0)).status == 200);
        CHECK(w.send_body(r, body, true));
        h.pump_until([&] {
            reactor();
            return reader.end_flags > 0;
        });
        CHECK(reader.body == body);
        CHECK(reader.frames == 49);
        CHECK(reader.end_flags == 1);
    });
    REQUIRE_FALSE(unacked_at_wait.empty());
    CHECK(h.hooks.wait_request_calls == int(unacked_at_wait.size()));
    CHECK(unacked_at_wake.size() == unacked_at_wait.size());  // each wait ended by credit
    for (uint64_t u : unacked_at_wait) {
        CHECK(u > kWindow);
        CHECK(u <= kWindow + ipc::kMaxPayload);  // at most one frame past the window
    }
    for (uint64_t u : unacked_at_wake) CHECK(u <= kWindow / 2);
    CHECK(h.log().empty());
}

TEST_CASE("worker: a STREAM_RESET wakes a writer waiting for credit and its send_body fails", "[worker]") {
    Harness h(1);
    const std::string body = binary(2u << 20, 5);
    BodyReader reader;
    bool sent_reset = false;
    h.hooks.suspend = [&](Worker&, WorkerRequest* r) {
        r->waiter = 9;
        h.pump_until([&] {
            reader.take(h, 0);
            if (!sent_reset) {
                h.send(0, reset_frame(kSessA, 1));
                sent_reset = true;
            }
            return r->aborted;
        });
        r->waiter = 0;
        return true;
    };
    h.run([&](Worker& w) {
        WorkerRequest* r = take_request(h, 0, kSessA, 1);
        CHECK(w.send_head(r, 200, nullptr, 0, {}, false));
        CHECK(response_head(h.recv(0)).status == 200);
        CHECK_FALSE(w.send_body(r, body, true));
        CHECK(h.hooks.wait_request_calls == 1);
        CHECK(h.hooks.request_writable_calls == 1);  // the reset woke the waiter
        CHECK(h.hooks.aborted == std::vector<WorkerRequest*>{r});
        // Everything the worker queued before the reset still goes out (whole frames).
        size_t got;
        do {
            got = reader.body.size();
            h.settle();
            reader.take(h, 0);
        } while (reader.body.size() != got);
        // Exactly the frames written before the wait (17 x 65512 > 1 MiB), none after the reset.
        CHECK(reader.frames == 17);
        CHECK(reader.body == body.substr(0, 17 * ipc::kMaxPayload));
        CHECK(reader.end_flags == 0);
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

// --- a channel that goes away -----------------------------------------------------------------

TEST_CASE("worker: a reactor closing its channel aborts that channel's requests; the others carry on", "[worker]") {
    Harness h(2);
    h.close_after_script = false;
    bool ran_after_close = false;
    int code = h.run([&](Worker& w) {
        WorkerRequest* a = take_request(h, 0, kSessA, 1);
        h.send(0, head_frame(kSessA, 3, false));  // body still arriving
        WorkerRequest* c = take_request(h, 1, session_id::make(1, 1, 3), 1);
        CHECK(in_flight() == 3);
        h.close_reactor(0);
        h.settle();
        CHECK(h.hooks.aborted == std::vector<WorkerRequest*>{a});
        CHECK(a->aborted);
        CHECK(in_flight() == 1);
        CHECK_FALSE(w.send_head(a, 200, nullptr, 0, {}, true));
        CHECK_FALSE(w.send_datagram(session_id::make(0, 1, 3), "to reactor 0"));
        CHECK_FALSE(c->aborted);
        CHECK(w.send_head(c, 200, nullptr, 0, "still here", true));
        CHECK(response_head(h.recv(1)).body == "still here");
        // One channel left: run() goes on until that one closes as well.
        h.after(30, [&] {
            ran_after_close = true;
            h.close_reactor(1);
        });
    });
    CHECK(code == 0);
    CHECK(ran_after_close);
    CHECK(h.hooks.stopped);
    CHECK(h.log().empty());
}

TEST_CASE("worker: a write to a closed channel fails whole and aborts that channel's requests", "[worker]") {
    Harness h(2);
    h.run([&](Worker& w) {
        WorkerRequest* a = take_request(h, 0, kSessA, 1);
        WorkerRequest* b = take_request(h, 0, kSessA, 3);
        h.close_reactor(0);
        // Not read yet: the worker learns it from the write.
        CHECK_FALSE(w.send_head(a, 200, nullptr, 0, "lost", true));
        CHECK(a->aborted);
        CHECK(b->aborted);
        CHECK(h.hooks.aborted.size() == 2);
        CHECK(in_flight() == 0);
        h.settle();
        CHECK(h.hooks.aborted.size() == 2);
    });
    CHECK(h.log().empty());
}

// --- malformed input from a reactor ------------------------------------------------------------

TEST_CASE("worker: malformed frames are logged and dropped; the channel keeps working", "[worker]") {
    Harness h(1);
    std::string good = head_frame(kSessA, 1, true);
    std::string longer = good;  // header says 4 bytes less than the message has
    {
        ipc::FrameHeader fh;
        REQUIRE(ipc::decode_header(bytes(longer), longer.size(), fh) == ipc::DecodeError::None);
        fh.length -= 4;
        ipc::encode_header(fh, reinterpret_cast<uint8_t*>(&longer[0]));
    }
    std::string truncated = good.substr(0, good.size() - 1);  // header says 1 byte more
    std::string bad_reserved = good;
    bad_reserved[6] = 1;
    std::string type0 = good, type99 = good;
    type0[4] = 0;
    type99[4] = 99;
    std::string oversized(ipc::kMaxFrameSize + 100, 'z');  // cut to kMaxFrameSize by the receive
    {
        ipc::FrameHeader fh;
        fh.type = ipc::FrameType::RequestBody;
        fh.length = uint32_t(oversized.size() - ipc::kHeaderSize);
        ipc::encode_header(fh, reinterpret_cast<uint8_t*>(&oversized[0]));
    }
    // A REQUEST_HEAD whose method length runs past the payload.
    std::string bad_head_payload = head_payload(Head());
    bad_head_payload[ipc::kConnectionInfoSize] = char(0xFF);
    std::string bad_head = frame(ipc::FrameType::RequestHead, ipc::kFlagEndStream, kSessA, 2, bad_head_payload);
    std::string bad_head_open = frame(ipc::FrameType::RequestHead, 0, kSessA, 4, bad_head_payload);
    h.run([&](Worker& w) {
        h.send(0, {longer, truncated, std::string(10, 'x'), bad_reserved, type0, type99, oversized, bad_head,
                   bad_head_open, body_frame(kSessA, 4, "for the bad head", true),
                   frame(ipc::FrameType::ConnectionClosed, 0, kSessA, 0, "junk"),
                   frame(ipc::FrameType::ResponseHead, 0, kSessA, 1, std::string(8, '\0')),
                   frame(ipc::FrameType::ResponseCredit, 0, kSessA, 1, "abc"),
                   frame(ipc::FrameType::Control, 0, 0, 0, "short")});
        h.settle();
        CHECK(h.hooks.requests.empty());
        CHECK(in_flight() == 0);
        CHECK(w.requests_handled() == 0u);
        h.send(0, good);
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        CHECK(h.hooks.requests[0]->stream_id == 1);
        h.expect_silence(0);
    });
    CHECK(h.log() == Strings{
                         "ERROR worker #7: bad frame from reactor 0 (none)",
                         "ERROR worker #7: bad frame from reactor 0 (truncated)",
                         "ERROR worker #7: bad frame from reactor 0 (truncated)",
                         "ERROR worker #7: bad frame from reactor 0 (bad reserved)",
                         "ERROR worker #7: bad frame from reactor 0 (unknown type)",
                         "ERROR worker #7: bad frame from reactor 0 (unknown type)",
                         "ERROR worker #7: bad frame from reactor 0 (too large)",
                         "ERROR worker #7: malformed REQUEST_HEAD",
                         "ERROR worker #7: malformed REQUEST_HEAD",
                         "ERROR worker #7: bad frame from reactor 0 (bad payload)",
                         "WARNING worker #7: unexpected frame type 4",
                     });
}

TEST_CASE("worker: an empty message on a channel reads as the reactor closing it", "[worker]") {
    Harness h(1);
    h.run([&](Worker&) {
        WorkerRequest* r = take_request(h, 0, kSessA, 1);
        h.send(0, std::string());
        h.settle();
        CHECK(r->aborted);
        // The channel is gone for the worker: what comes after is not read.
        h.send(0, head_frame(kSessA, 3, true));
        h.settle();
        CHECK(h.hooks.requests.size() == 1);
    });
}

// --- datagrams ----------------------------------------------------------------------------------

TEST_CASE("worker: DATAGRAM frames reach on_datagram; send_datagram picks the channel from the session id", "[worker]") {
    Harness h(2);
    const uint64_t on1 = session_id::make(1, 5, 9);
    h.run([&](Worker& w) {
        h.send(1, frame(ipc::FrameType::Datagram, 0, on1, 0, std::string("dg\0ram", 6)));
        h.settle();
        REQUIRE(h.hooks.datagrams.size() == 1);
        CHECK(h.hooks.datagrams[0].first == on1);
        CHECK(h.hooks.datagrams[0].second == std::string("dg\0ram", 6));

        CHECK(w.send_datagram(on1, "pong"));
        Frame f = h.recv(1);
        CHECK(int(f.h.type) == int(ipc::FrameType::Datagram));
        CHECK(f.h.session_id == on1);
        CHECK(f.h.stream_id == 0);
        CHECK(f.payload == "pong");
        h.expect_silence(0);
        CHECK_FALSE(w.send_datagram(on1, std::string(ipc::kMaxPayload + 1, 'd')));
        CHECK_FALSE(w.send_datagram(session_id::make(2, 1, 1), "no reactor 2"));
        h.expect_silence(0);
        h.expect_silence(1);
    });
    CHECK(h.log().empty());
}

// --- frames read while a handler runs (poll_resets, long writes) ----------------------------------

TEST_CASE("worker: inside a handler, poll_resets applies resets at once and keeps new requests for the loop",
          "[worker]") {
    Harness h(1);
    h.close_after_script = false;
    bool polled = false;
    h.hooks.handler = [&](Worker& w, WorkerRequest* r) {
        if (r->session_id != kSessA || r->stream_id != 5) return;
        h.send(0, {reset_frame(kSessA, 1), head_frame(kSessA, 7, true)});
        w.poll_resets(r);
        polled = true;
        CHECK(h.hooks.events == Strings{"request c0 s3 #1", "request c0 s3 #5", "aborted c0 s3 #1"});
    };
    h.run([&](Worker&) {
        take_request(h, 0, kSessA, 1);
        take_request(h, 0, kSessA, 5);
        CHECK(polled);
        // Stream 7 waits for run()'s loop, which runs once the script returns.
        CHECK(h.hooks.requests.size() == 2);
        h.after(20, [&] { h.close_all(); });
    });
    // (#5 and #7, still held, are aborted when the harness closes the channel at the end.)
    CHECK(h.hooks.events == Strings{"request c0 s3 #1", "request c0 s3 #5", "aborted c0 s3 #1", "request c0 s3 #7",
                                    "aborted c0 s3 #5", "aborted c0 s3 #7", "stop"});
    CHECK(h.log().empty());
}

TEST_CASE("worker: frames a handler's poll reads are neither lost nor duplicated when the loop's batch is not done",
          "[worker]") {
    // The loop reads frames in batches; the handler of the batch's first request polls the
    // channel (as a long write does every 256 KiB) while the rest of the batch is unread.
    Harness h(1);
    h.close_after_script = false;
    h.hooks.handler = [&](Worker& w, WorkerRequest* r) {
        if (r->session_id != kSessA || r->stream_id != 1) return;
        h.send(0, {head_frame(kSessA, 4, true), head_frame(kSessA, 5, true)});
        w.poll_resets(r);
    };
    h.run([&](Worker&) {
        h.send(0, {head_frame(kSessA, 1, true), head_frame(kSessA, 2, true), head_frame(kSessA, 3, true)});
        h.settle();
        h.after(20, [&] { h.close_all(); });
    });
    Strings order;
    for (const Seen& s : h.hooks.seen) order.push_back(s.tag);
    CHECK(order == Strings{"c0 s3 #1", "c0 s3 #2", "c0 s3 #3", "c0 s3 #4", "c0 s3 #5"});
    CHECK(h.log().empty());
}

TEST_CASE("worker: a reset read by a handler's poll cancels the head it follows, even one not yet handled",
          "[worker]") {
    Harness h(1);
    h.close_after_script = false;
    int64_t in_flight_after = -1;
    SECTION("the head was read by the same poll") {
        h.hooks.handler = [&](Worker& w, WorkerRequest* r) {
            if (r->session_id != kSessA || r->stream_id != 1) return;
            h.send(0, {head_frame(kSessA, 3, false), body_frame(kSessA, 3, "abc", false), reset_frame(kSessA, 3)});
            w.poll_resets(r);
        };
        h.run([&](Worker& w) {
            WorkerRequest* r = take_request(h, 0, kSessA, 1);
            CHECK(w.send_head(r, 200, nullptr, 0, {}, true));
            h.after(20, [&] {
                in_flight_after = in_flight();
                h.close_all();
            });
        });
    }
    SECTION("the head was still in the loop's batch") {
        h.hooks.handler = [&](Worker& w, WorkerRequest* r) {
            if (r->session_id != kSessA || r->stream_id != 1) return;
            h.send(0, reset_frame(kSessA, 3));
            w.poll_resets(r);
            CHECK(w.send_head(r, 200, nullptr, 0, {}, true));
        };
        h.run([&](Worker&) {
            h.send(0, {head_frame(kSessA, 1, true), head_frame(kSessA, 3, false)});
            h.settle();
            h.after(20, [&] {
                in_flight_after = in_flight();
                h.close_all();
            });
        });
    }
    SECTION("a closed connection, the head complete") {
        h.hooks.handler = [&](Worker& w, WorkerRequest* r) {
            if (r->session_id != kSessA || r->stream_id != 1) return;
            h.send(0, {head_frame(kSessB, 1, true), closed_frame(kSessB)});
            w.poll_resets(r);
            CHECK(w.send_head(r, 200, nullptr, 0, {}, true));
        };
        h.run([&](Worker&) {
            take_request(h, 0, kSessA, 1);
            h.after(20, [&] {
                in_flight_after = in_flight();
                h.close_all();
            });
        });
    }
    // Stream 3 (or session B) never becomes a request nobody will end: not counted in
    // flight (a drain would wait for it), not handed to the handler.
    CHECK(in_flight_after == 0);
    CHECK(h.hooks.seen.size() == 1);
    CHECK(h.log().empty());
}

TEST_CASE("worker: a channel closing during a handler's poll takes the frames kept for the loop with it", "[worker]") {
    Harness h(1);
    h.hooks.handler = [&](Worker& w, WorkerRequest* r) {
        if (r->session_id != kSessA || r->stream_id != 1) return;
        h.send(0, {head_frame(kSessA, 3, false), head_frame(kSessA, 5, true)});
        h.close_reactor(0);
        w.poll_resets(r);
        CHECK(r->aborted);
    };
    h.run([&](Worker&) { take_request(h, 0, kSessA, 1); });
    // Neither #3 (which would wait for a body forever) nor #5 became a request.
    CHECK(in_flight() == 0);
    REQUIRE(h.hooks.seen.size() == 1);
    CHECK(h.hooks.seen[0].tag == "c0 s3 #1");
    CHECK(h.log().empty());
}

TEST_CASE("worker: frames a handler's poll kept for the loop go before frames read after them", "[worker]") {
    // A full batch (8 frames) whose first request's handler polls: the head of stream 3 is
    // read (and kept) by the poll, its body arrives after the poll, in the loop's next read.
    Harness h(1);
    h.close_after_script = false;
    h.hooks.handler = [&](Worker& w, WorkerRequest* r) {
        if (r->session_id != kSessA || r->stream_id != 1) return;
        w.poll_resets(r);
        h.send(0, body_frame(kSessA, 3, "body", true));
        CHECK(w.send_head(r, 200, nullptr, 0, {}, true));
    };
    h.run([&](Worker&) {
        h.send(0, head_frame(kSessA, 1, true));
        for (int i = 0; i < 7; ++i) h.send(0, credit_frame(kSessB, 100 + i, 1));  // no-ops, filling the batch
        h.send(0, head_frame(kSessA, 3, false));
        h.settle();
        h.after(20, [&] { h.close_all(); });
    });
    REQUIRE(h.hooks.seen.size() == 2);
    CHECK(h.hooks.seen[1].tag == "c0 s3 #3");
    CHECK(h.hooks.seen[1].body == "body");
    CHECK(h.log().empty());
}

TEST_CASE("worker: a write blocked on a full channel queue reads resets but leaves new requests for the loop",
          "[worker]") {
    Harness h(1);
    h.close_after_script = false;
    const std::string body = binary(10u << 20, 6);  // past the 8 MiB bound of the channel queue
    const std::string next_head = head_frame(kSessA, 3, true);
    // The reactor reads in a thread of its own, from the moment the worker blocks (the fake
    // cannot suspend the writer), and sends the next request as soon as it reads.
    std::atomic<bool> go{false}, done{false};
    std::string got;
    bool reactor_ok = true;
    h.hooks.on_wait_writable = [&] { go = true; };
    h.run([&](Worker& w) {
        WorkerRequest* a = take_request(h, 0, kSessA, 1);
        CHECK(w.send_head(a, 200, nullptr, 0, {}, false));
        CHECK(response_head(h.recv(0)).status == 200);
        int fd = h.reactor_fd(0);
        std::thread reactor([&] {
            std::vector<uint8_t> buf(ipc::kMaxFrameSize);
            bool sent = false;
            int64_t deadline = monotonic_ms() + 2 * kBoundMs;
            while (!done && monotonic_ms() < deadline) {
                pollfd p{fd, POLLIN, 0};
                if (!go || poll(&p, 1, 10) <= 0) {
                    if (!go) usleep(1000);
                    continue;
                }
                ssize_t n = ::recv(fd, buf.data(), buf.size(), MSG_DONTWAIT);
                if (n < 0) continue;
                ipc::FrameHeader fh;
                if (n == 0 || ipc::decode_header(buf.data(), size_t(n), fh) != ipc::DecodeError::None ||
                    fh.type != ipc::FrameType::ResponseBody) {
                    reactor_ok = false;
                    break;
                }
                got.append(reinterpret_cast<char*>(buf.data()) + ipc::kHeaderSize, fh.length);
                if (!sent) {
                    sent = ::send(fd, next_head.data(), next_head.size(), MSG_NOSIGNAL) == ssize_t(next_head.size());
                    reactor_ok &= sent;
                }
                if (fh.flags & ipc::kFlagEndStream) done = true;
            }
        });
        bool sent = w.send_body(a, body, true);
        h.hooks.events.push_back("send_body returned");
        // The rest of the queue goes out from the loop.
        int64_t deadline = monotonic_ms() + 2 * kBoundMs;
        while (!done && monotonic_ms() < deadline) w.loop().run_once(5);
        done = true;
        reactor.join();
        CHECK(sent);
        CHECK(reactor_ok);
        CHECK(got == body);
        CHECK(h.hooks.wait_writable_calls > 0);
        h.after(20, [&] { h.close_all(); });
    });
    REQUIRE(h.hooks.events.size() >= 3);
    CHECK(Strings(h.hooks.events.begin(), h.hooks.events.begin() + 3) ==
          Strings{"request c0 s3 #1", "send_body returned", "request c0 s3 #3"});
    CHECK(h.log().empty());
}

// --- WebSockets: accept, open, messages, close, push --------------------------------------------

namespace {

Head ws_head() {
    Head head;
    head.conn.flags = ipc::kRequestFlagWebSocket;
    head.headers = {{"upgrade", "websocket"}, {"connection", "Upgrade"}, {"sec-websocket-version", "13"},
                    {"sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="}};
    return head;
}
std::string ws_open_frame(uint64_t session, int64_t stream, uint64_t id) {
    uint8_t p[ipc::kWsOpenSize];
    ipc::encode_ws_open(id, p);
    return frame(ipc::FrameType::WsOpen, 0, session, stream, std::string_view(reinterpret_cast<char*>(p), sizeof p));
}
std::string ws_message_frame(uint64_t id, ipc::WsOpcode op, std::string_view chunk, bool more) {
    std::string p(ipc::kWsMessagePrefix + chunk.size(), '\0');
    REQUIRE(ipc::encode_ws_message(op, chunk, reinterpret_cast<uint8_t*>(&p[0]), p.size()) == p.size());
    return frame(ipc::FrameType::WsMessage, more ? ipc::kFlagMore : 0, id, 0, p);
}
// A whole message as the reactor sends it: kWsMessageChunk bytes per frame.
std::vector<std::string> ws_message_frames(uint64_t id, ipc::WsOpcode op, std::string_view msg) {
    std::vector<std::string> out;
    do {
        size_t n = std::min(msg.size(), ipc::kWsMessageChunk);
        out.push_back(ws_message_frame(id, op, msg.substr(0, n), n < msg.size()));
        msg.remove_prefix(n);
    } while (!msg.empty());
    return out;
}
std::string ws_closed_frame(uint64_t id, uint16_t code, std::string_view reason) {
    uint8_t p[2 + ipc::kWsMaxCloseReason];
    size_t n = ipc::encode_ws_closed(code, reason, p, sizeof p);
    REQUIRE(n > 0);
    return frame(ipc::FrameType::WsClosed, 0, id, 0, std::string_view(reinterpret_cast<char*>(p), n));
}
// A decoded WS_PUSH that owns its bytes (the frame it came from is often a temporary).
struct Push {
    ipc::WsOpcode opcode = ipc::WsOpcode::Text;
    uint8_t flags = 0;
    bool more = false;
    std::string data;
    uint16_t close_code = 0;
    std::string reason;
};
Push push_of(const Frame& f) {
    REQUIRE(int(f.h.type) == int(ipc::FrameType::WsPush));
    ipc::WsPushView v;
    REQUIRE(ipc::decode_ws_push(f.h, bytes(f.payload), v) == ipc::DecodeError::None);
    return Push{v.opcode, v.flags, v.more, std::string(v.data), v.close_code, std::string(v.reason)};
}
uint64_t cross_worker_pushes() { return shared_state()->websocket_pushes_cross_worker.load(); }

// A registry as the master maps it (2 reactors), which the test fills as the reactors would.
struct Registry {
    std::unique_ptr<StreamRegistry> reg = StreamRegistry::create(2, 64);
    uint64_t add(uint8_t reactor, uint16_t worker = kWorkerId) {
        uint64_t id = reg->allocate(reactor, StreamKind::WebSocket, ipc::Protocol::Http11, worker);
        REQUIRE(id != 0);
        return id;
    }
};

// Runs the upgrade of request (ch, session, stream) to the end: the handler accepts, the
// reactor answers WS_OPEN(id). Returns the request (held by the fake).
WorkerRequest* open_websocket(Harness& h, Worker& w, int ch, uint64_t session, int64_t stream, uint64_t id) {
    size_t before = h.hooks.requests.size();
    h.send(ch, head_frame(session, stream, true, ws_head()));
    h.settle();
    REQUIRE(h.hooks.requests.size() == before + 1);
    WorkerRequest* r = h.hooks.requests.back();
    REQUIRE(w.accept_websocket(r, nullptr, 0));
    Frame f = h.recv(ch);
    REQUIRE(f.h.flags == ipc::kFlagUpgradeAccepted);
    h.send(ch, ws_open_frame(session, stream, id));
    h.settle();
    REQUIRE(w.owns_websocket(id));
    return r;
}

}  // namespace

TEST_CASE("worker: accept_websocket sends 101 with UPGRADE_ACCEPTED; the request is in flight until WS_OPEN, then complete",
          "[worker][websocket]") {
    Harness h(1);
    Registry reg;
    const uint64_t id = reg.add(0);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        const uint64_t done_before = completed();
        h.send(0, head_frame(kSessA, 1, true, ws_head()));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        WorkerRequest* r = h.hooks.requests[0];
        CHECK(w.requests_handled() == 1u);
        const HeaderField extra[] = {{"Sec-WebSocket-Protocol", "chat"}, {"Set-Cookie", "a=b"}};
        REQUIRE(w.accept_websocket(r, extra, 2));
        Frame f = h.recv(0);
        CHECK(f.h.flags == ipc::kFlagUpgradeAccepted);
        CHECK(f.h.session_id == kSessA);
        CHECK(f.h.stream_id == 1);
        ipc::ResponseHeadView v;
        REQUIRE(ipc::decode_upgrade_accept(f.h, bytes(f.payload), v) == ipc::DecodeError::None);
        CHECK(v.status == 101);
        CHECK(fields_of(v.headers()) == Fields{{"Sec-WebSocket-Protocol", "chat"}, {"Set-Cookie", "a=b"}});
        // Once only; a body or trailers never follow an accept.
        CHECK_FALSE(w.accept_websocket(r, nullptr, 0));
        CHECK_FALSE(w.send_body(r, "x", true));
        CHECK_FALSE(w.send_trailers(r, nullptr, 0));
        CHECK(in_flight() == 1);
        CHECK(completed() == done_before);
        // The binding lets go of the request: the worker's own reference keeps it for WS_OPEN
        // (no reset goes out for a request that was answered with an accept).
        h.release(r);
        h.expect_silence(0);
        h.send(0, ws_open_frame(kSessA, 1, id));
        h.settle();
        CHECK(h.hooks.events == Strings{"request c0 s3 #1", "open " + std::to_string(id) + " c0 s3 #1 finished"});
        CHECK(in_flight() == 0);
        CHECK(completed() == done_before + 1);
        CHECK(w.owns_websocket(id));
        CHECK(w.websocket_count() == 1u);
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: accept_websocket refuses a request the reactor did not mark, and one whose head went out",
          "[worker][websocket]") {
    Harness h(1);
    h.run([&](Worker& w) {
        WorkerRequest* plain = take_request(h, 0, kSessA, 1);
        CHECK_FALSE(w.accept_websocket(plain, nullptr, 0));
        h.send(0, head_frame(kSessA, 3, true, ws_head()));
        h.settle();
        WorkerRequest* ws = h.hooks.requests.back();
        // Refusing is answering normally (the reactor sends it and closes the connection).
        CHECK(w.send_head(ws, 403, nullptr, 0, "no", true));
        CHECK_FALSE(w.accept_websocket(ws, nullptr, 0));
        CHECK(response_head(h.recv(0)).status == 403);
        h.expect_silence(0);
        CHECK(w.send_head(plain, 200, nullptr, 0, {}, true));
        CHECK(in_flight() == 0);
    });
}

TEST_CASE("worker: a reset before WS_OPEN aborts the upgrade; a WS_OPEN nobody waits for is closed with 1011",
          "[worker][websocket]") {
    Harness h(1);
    Registry reg;
    const uint64_t id = reg.add(0);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        h.send(0, head_frame(kSessA, 1, true, ws_head()));
        h.settle();
        WorkerRequest* r = h.hooks.requests[0];
        REQUIRE(w.accept_websocket(r, nullptr, 0));
        h.recv(0);
        h.send(0, reset_frame(kSessA, 1));
        h.settle();
        CHECK(h.hooks.aborted == std::vector<WorkerRequest*>{r});
        CHECK(in_flight() == 0);
        CHECK_FALSE(w.owns_websocket(id));
        h.release(r);
        h.send(0, ws_open_frame(kSessA, 1, id));
        Push v = push_of(h.recv(0));
        CHECK(v.opcode == ipc::WsOpcode::Close);
        CHECK(v.close_code == 1011);
        CHECK_FALSE(w.owns_websocket(id));
        CHECK(h.hooks.events == Strings{"request c0 s3 #1", "aborted c0 s3 #1"});
    });
    CHECK(h.log() == Strings{"WARNING worker #7: WS_OPEN for a request that did not accept an upgrade; closing it"});
}

// The handler returned (its reference released) after accepting the upgrade: the pending
// upgrade's reference is then the last one, and the reset's abort releases it. Found by the
// ASan phpt layer (tests/websocket/limits.phpt): abort_requests() read the request's
// detach_pending after that release had freed it.
TEST_CASE("worker: a reset before WS_OPEN after the handler let go of the request frees it once, reading nothing after",
          "[worker][websocket]") {
    Harness h(1);
    h.run([&](Worker& w) {
        h.send(0, head_frame(kSessA, 1, true, ws_head()));
        h.settle();
        WorkerRequest* r = h.hooks.requests[0];
        REQUIRE(w.accept_websocket(r, nullptr, 0));
        h.recv(0);
        h.release(r);
        CHECK(in_flight() == 1);
        h.send(0, reset_frame(kSessA, 1));
        h.settle();
        CHECK(h.hooks.aborted.size() == 1);
        CHECK(in_flight() == 0);
        CHECK(h.hooks.events == Strings{"request c0 s3 #1", "aborted c0 s3 #1"});
    });
}

TEST_CASE("worker: WS_MESSAGE frames are reassembled per WebSocket, byte-exact, with other WebSockets' frames between",
          "[worker][websocket]") {
    Harness h(1);
    Registry reg;
    const uint64_t a = reg.add(0);
    const uint64_t b = reg.add(0);
    const std::string big = binary(3 * ipc::kWsMessageChunk + 17, 5);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        open_websocket(h, w, 0, kSessA, 1, a);
        open_websocket(h, w, 0, kSessB, 1, b);
        std::vector<std::string> fa = ws_message_frames(a, ipc::WsOpcode::Binary, big);
        REQUIRE(fa.size() == 4);
        h.send(0, {fa[0], ws_message_frame(b, ipc::WsOpcode::Text, "one", false), fa[1],
                   ws_message_frame(b, ipc::WsOpcode::Text, "tw", true), fa[2],
                   ws_message_frame(b, ipc::WsOpcode::Text, "o", false), fa[3],
                   ws_message_frame(a, ipc::WsOpcode::Text, "", false)});
        h.settle();
        REQUIRE(h.hooks.ws_messages.size() == 4);
        CHECK(h.hooks.ws_messages[0] == std::make_pair(b, std::string("one")));
        CHECK(h.hooks.ws_messages[1] == std::make_pair(b, std::string("two")));
        CHECK(h.hooks.ws_messages[2].first == a);
        CHECK(h.hooks.ws_messages[2].second == big);
        CHECK(h.hooks.ws_messages[3] == std::make_pair(a, std::string()));
        CHECK(h.hooks.events.back() == "message " + std::to_string(a) + " op1 0");
        CHECK(h.hooks.events[h.hooks.events.size() - 2] == "message " + std::to_string(a) + " op2 " + std::to_string(big.size()));
        // Messages for an id this worker does not own are not its business.
        h.send(0, ws_message_frame(reg.add(0, 3), ipc::WsOpcode::Text, "stray", false));
        h.settle();
        CHECK(h.hooks.ws_messages.size() == 4);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: a message past websocket_max_message_size is dropped and its WebSocket closed with 1009",
          "[worker][websocket]") {
    Harness h(1);
    h.config.websocket_max_message_size = 1000;
    Registry reg;
    const uint64_t id = reg.add(0);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        open_websocket(h, w, 0, kSessA, 1, id);
        h.send(0, {ws_message_frame(id, ipc::WsOpcode::Binary, binary(600, 1), true),
                   ws_message_frame(id, ipc::WsOpcode::Binary, binary(600, 2), true),
                   ws_message_frame(id, ipc::WsOpcode::Binary, binary(600, 3), false),
                   ws_message_frame(id, ipc::WsOpcode::Text, std::string(1000, 'x'), false)});
        Push v = push_of(h.recv(0));
        CHECK(v.opcode == ipc::WsOpcode::Close);
        CHECK(v.close_code == 1009);
        h.settle();
        // The next message (exactly at the bound) is whole again.
        REQUIRE(h.hooks.ws_messages.size() == 1);
        CHECK(h.hooks.ws_messages[0].second == std::string(1000, 'x'));
    });
}

TEST_CASE("worker: WS_CLOSED reaches on_websocket_closed once with code and reason; nothing of that id follows",
          "[worker][websocket]") {
    Harness h(1);
    Registry reg;
    const uint64_t id = reg.add(0);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        open_websocket(h, w, 0, kSessA, 1, id);
        h.send(0, {ws_message_frame(id, ipc::WsOpcode::Text, "last", false), ws_closed_frame(id, 1000, "bye"),
                   ws_message_frame(id, ipc::WsOpcode::Text, "late", false), ws_closed_frame(id, 1006, "")});
        h.settle();
        const std::string sid = std::to_string(id);
        CHECK(h.hooks.events == Strings{"request c0 s3 #1", "open " + sid + " c0 s3 #1 finished", "message " + sid + " op1 4",
                                        "closed " + sid + " 1000 bye"});
        CHECK_FALSE(w.owns_websocket(id));
        CHECK(w.websocket_count() == 0u);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: ws_push goes to the id's reactor in kWsPushChunk frames with MORE; control frames are one frame",
          "[worker][websocket]") {
    Harness h(2);
    Registry reg;
    const uint64_t other = reg.add(1, 3);  // on reactor 1, accepted by worker 3
    const uint64_t mine = reg.add(0);
    const std::string big = binary(3 * ipc::kWsPushChunk + 1, 9);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        uint64_t before = cross_worker_pushes();
        REQUIRE(w.ws_push(other, ipc::WsOpcode::Binary, big, true));
        std::string got;
        for (int i = 0; i < 4; ++i) {
            Frame f = h.recv(1);
            CHECK(f.h.session_id == other);
            CHECK(f.h.stream_id == 0);
            Push v = push_of(f);
            CHECK(v.opcode == ipc::WsOpcode::Binary);
            CHECK(v.flags == ipc::kWsPushCompress);
            CHECK(v.more == (i < 3));
            got.append(v.data);
        }
        CHECK(got == big);
        CHECK(cross_worker_pushes() == before + 1);
        h.expect_silence(0);
        h.expect_silence(1);

        // To our own: not cross-worker. An empty message is one frame.
        REQUIRE(w.ws_push(mine, ipc::WsOpcode::Text, "", false));
        Push v = push_of(h.recv(0));
        CHECK(v.opcode == ipc::WsOpcode::Text);
        CHECK(v.flags == 0);
        CHECK_FALSE(v.more);
        CHECK(v.data.empty());
        CHECK(cross_worker_pushes() == before + 1);

        // Control frames: at most 125 bytes, never compressed.
        REQUIRE(w.ws_push(mine, ipc::WsOpcode::Ping, std::string(125, 'p'), true));
        v = push_of(h.recv(0));
        CHECK(v.opcode == ipc::WsOpcode::Ping);
        CHECK(v.flags == 0);
        CHECK(v.data == std::string(125, 'p'));
        CHECK_FALSE(w.ws_push(mine, ipc::WsOpcode::Ping, std::string(126, 'p'), false));
        REQUIRE(w.ws_push(mine, ipc::WsOpcode::Pong, "", false));
        CHECK(push_of(h.recv(0)).opcode == ipc::WsOpcode::Pong);

        // Close: ws_close, or ws_push with RFC 6455 close bytes (code in network order).
        REQUIRE(w.ws_close(mine, 4000, "bye"));
        v = push_of(h.recv(0));
        CHECK(v.opcode == ipc::WsOpcode::Close);
        CHECK(v.close_code == 4000);
        CHECK(v.reason == "bye");
        REQUIRE(w.ws_push(mine, ipc::WsOpcode::Close, std::string("\x03\xe9go", 4), false));
        v = push_of(h.recv(0));
        CHECK(v.close_code == 1001);
        CHECK(v.reason == "go");
        REQUIRE(w.ws_push(mine, ipc::WsOpcode::Close, "", false));
        CHECK(push_of(h.recv(0)).close_code == 1000);
        CHECK_FALSE(w.ws_push(mine, ipc::WsOpcode::Close, "x", false));
        CHECK_FALSE(w.ws_close(mine, 1005, ""));
        CHECK_FALSE(w.ws_close(mine, 1006, ""));
        CHECK_FALSE(w.ws_close(mine, 999, ""));
        CHECK_FALSE(w.ws_close(mine, 1000, std::string(ipc::kWsMaxCloseReason + 1, 'r')));
        CHECK(w.ws_close(mine, 1000, std::string(ipc::kWsMaxCloseReason, 'r')));
        CHECK(push_of(h.recv(0)).reason.size() == ipc::kWsMaxCloseReason);
        CHECK_FALSE(w.ws_push(mine, ipc::WsOpcode(3), "bad opcode", false));
        h.expect_silence(0);
        h.expect_silence(1);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: ws_push and ws_close to an id that is not a live WebSocket return false and send nothing",
          "[worker][websocket]") {
    Harness h(2);
    Registry reg;
    const uint64_t gone = reg.add(0);
    REQUIRE(reg.reg->release(gone));
    const uint64_t sse = reg.reg->allocate(0, StreamKind::EventStream, ipc::Protocol::Http11, kWorkerId);
    const uint64_t pushes_before = cross_worker_pushes();
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        CHECK_FALSE(w.ws_push(gone, ipc::WsOpcode::Text, "x", false));
        CHECK_FALSE(w.ws_close(gone, 1000, ""));
        CHECK_FALSE(w.ws_push(sse, ipc::WsOpcode::Text, "x", false));
        CHECK_FALSE(w.ws_push(kSessA, ipc::WsOpcode::Text, "a session id", false));
        CHECK_FALSE(w.ws_push(stream_id::make(1, 1, 5), ipc::WsOpcode::Text, "never allocated", false));
        CHECK_FALSE(w.ws_push(0, ipc::WsOpcode::Text, "zero", false));
        // Without a registry nothing is live.
        const uint64_t live = reg.add(0);
        w.set_stream_registry(nullptr);
        CHECK_FALSE(w.ws_push(live, ipc::WsOpcode::Text, "x", false));
        w.set_stream_registry(reg.reg.get());
        // A live id whose reactor channel is closed.
        h.close_reactor(0);
        h.settle();
        CHECK_FALSE(w.ws_push(live, ipc::WsOpcode::Text, "x", false));
        h.expect_silence(1);
    });
    CHECK(cross_worker_pushes() == pushes_before);
}

TEST_CASE("worker: a lost channel reports each WebSocket of that reactor closed with 1006; the others carry on",
          "[worker][websocket]") {
    Harness h(2);
    h.close_after_script = false;
    Registry reg;
    const uint64_t a0 = reg.add(0);
    const uint64_t b0 = reg.add(0);
    const uint64_t c1 = reg.add(1);
    const uint64_t sess1 = session_id::make(1, 1, 3);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        open_websocket(h, w, 0, kSessA, 1, a0);
        open_websocket(h, w, 0, kSessB, 1, b0);
        open_websocket(h, w, 1, sess1, 1, c1);
        h.hooks.events.clear();
        h.close_reactor(0);
        h.settle();
        Strings closed;
        for (const auto& e : h.hooks.events) {
            if (e.rfind("closed ", 0) == 0) closed.push_back(e);
        }
        std::sort(closed.begin(), closed.end());
        Strings want = {"closed " + std::to_string(a0) + " 1006 ", "closed " + std::to_string(b0) + " 1006 "};
        std::sort(want.begin(), want.end());
        CHECK(closed == want);
        CHECK(w.websocket_count() == 1u);
        CHECK(w.owns_websocket(c1));
        h.send(1, ws_message_frame(c1, ipc::WsOpcode::Text, "alive", false));
        h.settle();
        CHECK(h.hooks.ws_messages.back() == std::make_pair(c1, std::string("alive")));
        REQUIRE(w.ws_push(c1, ipc::WsOpcode::Text, "echo", false));
        CHECK(push_of(h.recv(1)).data == "echo");
        h.after(10, [&] { h.close_reactor(1); });
    });
    CHECK(h.hooks.events.back() == "stop");
    CHECK(h.hooks.events[h.hooks.events.size() - 2] == "closed " + std::to_string(c1) + " 1006 ");
}

TEST_CASE("worker: a graceful stop waits for WS_CLOSED of its WebSockets, so their Close hooks run before it exits",
          "[worker][websocket]") {
    Harness h(1);
    h.close_after_script = false;
    Registry reg;
    const uint64_t id = reg.add(0);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        open_websocket(h, w, 0, kSessA, 1, id);
        w.stop();
        CHECK(control_of(h.recv(0)).code == ipc::ControlCode::Draining);
        h.send(0, control_frame(ipc::ControlCode::DrainAck));
        // The reactor closes a draining worker's WebSockets (1001) and reports each.
        h.after(30, [&] {
            h.hooks.events.push_back("reactor closes");
            h.send(0, ws_closed_frame(id, 1001, ""));
        });
    });
    const std::string sid = std::to_string(id);
    CHECK(h.hooks.events == Strings{"request c0 s3 #1", "open " + sid + " c0 s3 #1 finished", "reactor closes",
                                    "closed " + sid + " 1001 ", "stop"});
    CHECK(h.reactor_open(0));
    CHECK(h.log().empty());
}

TEST_CASE("worker: max_request counts an upgrade as one request", "[worker][websocket]") {
    Harness h(1);
    h.close_after_script = false;
    h.config.max_request = 1;
    h.config.max_wait_time = 0.3;
    Registry reg;
    const uint64_t id = reg.add(0);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        const uint64_t before = completed();
        h.send(0, head_frame(kSessA, 1, true, ws_head()));
        h.settle();
        CHECK(control_of(h.recv(0)).code == ipc::ControlCode::Draining);
        REQUIRE(w.accept_websocket(h.hooks.requests[0], nullptr, 0));
        CHECK(h.recv(0).h.flags == ipc::kFlagUpgradeAccepted);
        h.send(0, {control_frame(ipc::ControlCode::DrainAck), ws_open_frame(kSessA, 1, id)});
        h.settle();
        CHECK(completed() == before + 1);
        h.send(0, ws_closed_frame(id, 1001, ""));
    });
    CHECK(h.hooks.events.back() == "stop");
    CHECK(h.log().empty());
}

// --- detached responses (Worker::detach, write_detached) ----------------------------------------

namespace {

std::string detached_frame(uint64_t session, int64_t stream, uint64_t id) {
    uint8_t p[ipc::kStreamDetachedSize];
    ipc::encode_stream_detached(id, p);
    return frame(ipc::FrameType::StreamDetached, 0, session, stream, std::string_view(reinterpret_cast<char*>(p), sizeof p));
}
// The kind a STREAM_DETACH frame asks for (checks it is one).
uint8_t detach_kind(const Frame& f) {
    REQUIRE(int(f.h.type) == int(ipc::FrameType::StreamDetach));
    uint8_t kind = 0;
    REQUIRE(ipc::decode_stream_detach(f.h, bytes(f.payload), kind) == ipc::DecodeError::None);
    return kind;
}
uint64_t detached_total() { return shared_state()->detached_total.load(); }
constexpr uint8_t kEventStream = uint8_t(StreamKind::EventStream);
constexpr uint8_t kDetached = uint8_t(StreamKind::Detached);

// A request of channel `ch` whose head (200, not ended) went out and was read by the "reactor".
WorkerRequest* streaming_request(Harness& h, Worker& w, int ch, uint64_t session, int64_t stream) {
    WorkerRequest* r = take_request(h, ch, session, stream);
    REQUIRE(w.send_head(r, 200, nullptr, 0, "first", false));
    REQUIRE(response_head(h.recv(ch)).body == "first");
    return r;
}

}  // namespace

TEST_CASE("worker: detach sends STREAM_DETACH with the kind; an id in STREAM_DETACHED completes the request for the worker",
          "[worker][detach]") {
    Harness h(1);
    Registry reg;
    const uint64_t id = reg.reg->allocate(0, StreamKind::EventStream, ipc::Protocol::Http11, kWorkerId);
    REQUIRE(id != 0);
    std::vector<std::string> asked;
    // A handler that cannot suspend: the "reactor" answers while the worker blocks on the channel.
    h.hooks.suspend = [&](Worker&, WorkerRequest*) {
        Frame f;
        REQUIRE(h.try_recv(0, f));
        asked.push_back(std::to_string(detach_kind(f)) + " s" + std::to_string(session_id::slot(f.h.session_id)) + " #" +
                        std::to_string(f.h.stream_id));
        h.send(0, detached_frame(f.h.session_id, f.h.stream_id, id));
        return false;
    };
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        const uint64_t done_before = completed();
        const uint64_t detached_before = detached_total();
        WorkerRequest* r = streaming_request(h, w, 0, kSessA, 5);
        CHECK(in_flight() == 1);
        CHECK(w.detach(r, kEventStream) == id);
        CHECK(asked == Strings{"2 s3 #5"});
        CHECK(r->detached_id == id);
        CHECK_FALSE(r->detach_pending);
        CHECK(r->finished);
        CHECK(in_flight() == 0);
        CHECK(completed() == done_before + 1);
        CHECK(detached_total() == detached_before + 1);
        // Nothing more on (session, stream): the stream is the registry's.
        CHECK_FALSE(w.send_body(r, "x", false));
        CHECK_FALSE(w.send_trailers(r, nullptr, 0));
        CHECK(w.detach(r, kEventStream) == 0u);
        h.release(r);  // no reset for a detached request
        h.expect_silence(0);
        // The id is written from here (as from any worker).
        CHECK(w.write_detached(id, "data: 1\n\n", false));
        Frame f = h.recv(0);
        CHECK(int(f.h.type) == int(ipc::FrameType::ResponseBody));
        CHECK(f.h.session_id == id);
        CHECK(f.h.stream_id == 0);
        CHECK(f.h.flags == 0);
        CHECK(f.payload == "data: 1\n\n");
    });
    CHECK(h.hooks.wait_request_calls == 1);
    CHECK(h.log().empty());
}

TEST_CASE("worker: a refused detach (id 0) wakes the suspended caller and leaves the request as it was",
          "[worker][detach]") {
    Harness h(1);
    bool answered = false;
    h.hooks.suspend = [&](Worker&, WorkerRequest* r) {
        r->waiter = 11;
        h.pump_until([&] {
            Frame f;
            if (!answered && h.try_recv(0, f)) {
                CHECK(detach_kind(f) == kDetached);
                h.send(0, detached_frame(f.h.session_id, f.h.stream_id, 0));
                answered = true;
            }
            return !r->detach_pending;
        });
        r->waiter = 0;
        return true;
    };
    h.hooks.on_writable = [&](WorkerRequest* r) { CHECK(r->waiter == 11); };
    h.run([&](Worker& w) {
        const uint64_t detached_before = detached_total();
        WorkerRequest* r = streaming_request(h, w, 0, kSessA, 3);
        CHECK(w.detach(r, kDetached) == 0u);
        CHECK(h.hooks.request_writable_calls == 1);
        CHECK_FALSE(r->finished);
        CHECK_FALSE(r->detach_pending);
        CHECK(in_flight() == 1);
        CHECK(detached_total() == detached_before);
        // The handler carries on writing its own response.
        CHECK(w.send_body(r, "rest", true));
        Frame f = h.recv(0);
        CHECK(int(f.h.type) == int(ipc::FrameType::ResponseBody));
        CHECK(f.h.session_id == kSessA);
        CHECK(f.h.stream_id == 3);
        CHECK(f.h.flags == ipc::kFlagEndStream);
        CHECK(f.payload == "rest");
        CHECK(in_flight() == 0);
        h.release(r);
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: detach refuses, sending nothing, before the head, after the end, for an upgrade and an unknown kind",
          "[worker][detach]") {
    Harness h(1);
    h.run([&](Worker& w) {
        WorkerRequest* fresh = take_request(h, 0, kSessA, 1);
        CHECK(w.detach(fresh, kEventStream) == 0u);  // head not sent
        WorkerRequest* r = streaming_request(h, w, 0, kSessA, 2);
        CHECK(w.detach(r, 0) == 0u);
        CHECK(w.detach(r, uint8_t(StreamKind::WebSocket)) == 0u);
        CHECK(w.detach(r, 4) == 0u);
        h.expect_silence(0);
        CHECK(w.send_body(r, "", true));
        CHECK(h.recv(0).h.flags == ipc::kFlagEndStream);
        CHECK(w.detach(r, kDetached) == 0u);  // finished
        h.send(0, head_frame(kSessB, 1, true, ws_head()));
        h.settle();
        WorkerRequest* up = h.hooks.requests.back();
        REQUIRE(w.accept_websocket(up, nullptr, 0));
        CHECK(h.recv(0).h.flags == ipc::kFlagUpgradeAccepted);
        CHECK(w.detach(up, kDetached) == 0u);
        CHECK(w.send_head(fresh, 204, nullptr, 0, {}, true));
        CHECK(h.recv(0).h.flags == ipc::kFlagEndStream);
        h.expect_silence(0);
        CHECK(h.hooks.wait_request_calls == 0);
    });
}

TEST_CASE("worker: a reset while a detach is pending aborts it; an id that comes for nobody is ended at once",
          "[worker][detach]") {
    Harness h(2);
    Registry reg;
    const uint64_t late = reg.reg->allocate(1, StreamKind::Detached, ipc::Protocol::Http2, kWorkerId);
    REQUIRE(late != 0);
    h.hooks.suspend = [&](Worker&, WorkerRequest* r) {
        Frame f;
        REQUIRE(h.try_recv(1, f));
        detach_kind(f);
        h.send(1, reset_frame(f.h.session_id, f.h.stream_id));
        h.pump_until([&] { return r->aborted; });
        return true;
    };
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        WorkerRequest* r = streaming_request(h, w, 1, kSessA, 9);
        CHECK(w.detach(r, kDetached) == 0u);
        CHECK(r->aborted);
        CHECK_FALSE(r->detach_pending);
        CHECK(in_flight() == 0);
        CHECK(h.hooks.aborted == std::vector<WorkerRequest*>{r});
        // An answer with an id for that request, which nobody waits for any more: ended.
        h.send(1, detached_frame(kSessA, 9, late));
        Frame f = h.recv(1);
        CHECK(int(f.h.type) == int(ipc::FrameType::ResponseEnd));
        CHECK(f.h.session_id == late);
        CHECK(f.h.stream_id == 0);
        CHECK(f.h.flags == ipc::kFlagEndStream);
        CHECK(f.payload.empty());
        h.release(r);
        h.expect_silence(0);
        h.expect_silence(1);
    });
    CHECK(h.log() == Strings{"WARNING worker #7: STREAM_DETACHED for a response nobody is detaching; ending it"});
}

TEST_CASE("worker: a channel lost while a detach is pending aborts it", "[worker][detach]") {
    Harness h(1);
    h.hooks.suspend = [&](Worker&, WorkerRequest*) {
        Frame f;
        REQUIRE(h.try_recv(0, f));
        detach_kind(f);
        h.close_reactor(0);
        return false;
    };
    h.run([&](Worker& w) {
        WorkerRequest* r = streaming_request(h, w, 0, kSessA, 1);
        CHECK(w.detach(r, kEventStream) == 0u);
        CHECK(r->aborted);
        CHECK_FALSE(r->detach_pending);
        CHECK(in_flight() == 0);
        h.release(r);
    });
}

TEST_CASE("worker: write_detached sends RESPONSE_BODY frames by id to its reactor, END_STREAM on the last; RESPONSE_END for an end alone",
          "[worker][detach]") {
    Harness h(2);
    Registry reg;
    const uint64_t id = reg.reg->allocate(1, StreamKind::Detached, ipc::Protocol::Http2, 3);  // another worker's
    REQUIRE(id != 0);
    const std::string big = binary(2 * ipc::kMaxPayload + 5, 8);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        CHECK(w.write_detached(id, "", false));  // nothing to send
        h.expect_silence(1);
        CHECK(w.write_detached(id, "abc", false));
        CHECK(w.write_detached(id, big, true));
        Frame f = h.recv(1);
        CHECK(int(f.h.type) == int(ipc::FrameType::ResponseBody));
        CHECK(f.h.session_id == id);
        CHECK(f.h.stream_id == 0);
        CHECK(f.h.flags == 0);
        CHECK(f.payload == "abc");
        BodyReader reader;
        h.pump_until([&] { return reader.take(h, 1); });
        CHECK(reader.body == big);
        CHECK(reader.frames == 3);
        CHECK(reader.end_flags == 1);
        CHECK(w.write_detached(id, "", true));
        f = h.recv(1);
        CHECK(int(f.h.type) == int(ipc::FrameType::ResponseEnd));
        CHECK(f.h.session_id == id);
        CHECK(f.h.flags == ipc::kFlagEndStream);
        CHECK(f.payload.empty());
        h.expect_silence(0);
        h.expect_silence(1);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: write_detached to what is not an open detached or event-stream entry returns false and sends nothing",
          "[worker][detach]") {
    Harness h(2);
    Registry reg;
    const uint64_t ws = reg.add(0);
    const uint64_t gone = reg.reg->allocate(0, StreamKind::EventStream, ipc::Protocol::Http11, kWorkerId);
    REQUIRE(reg.reg->release(gone));
    const uint64_t closing = reg.reg->allocate(0, StreamKind::Detached, ipc::Protocol::Http11, kWorkerId);
    REQUIRE(reg.reg->set_state(closing, StreamState::Closing));
    const uint64_t live = reg.reg->allocate(0, StreamKind::EventStream, ipc::Protocol::Http3, kWorkerId);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        CHECK_FALSE(w.write_detached(ws, "x", false));
        CHECK_FALSE(w.write_detached(gone, "x", true));
        CHECK_FALSE(w.write_detached(closing, "x", false));
        CHECK_FALSE(w.write_detached(kSessA, "a session id", false));
        CHECK_FALSE(w.write_detached(stream_id::make(1, 1, 5), "never allocated", false));
        CHECK_FALSE(w.write_detached(0, "zero", true));
        w.set_stream_registry(nullptr);
        CHECK_FALSE(w.write_detached(live, "x", false));
        w.set_stream_registry(reg.reg.get());
        h.close_reactor(0);
        h.settle();
        CHECK_FALSE(w.write_detached(live, "x", false));
        h.expect_silence(1);
    });
}

TEST_CASE("worker: with http_body_streaming a request with a body starts at its head; body frames queue on it",
          "[worker][body_streaming]") {
    Harness h(1);
    h.config.http_body_streaming = true;
    h.run([&](Worker& w) {
        h.send(0, head_frame(kSessA, 1, false));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        WorkerRequest* r = h.hooks.requests[0];
        CHECK(r->streaming);
        CHECK_FALSE(r->body_complete);
        CHECK(r->unread_body().empty());
        CHECK(in_flight() == 1);
        h.send(0, body_frame(kSessA, 1, "abc", false));
        h.settle();
        h.send(0, body_frame(kSessA, 1, "def", false));
        h.settle();
        CHECK(r->unread_body() == "abcdef");
        r->consume_body(4);
        CHECK(r->unread_body() == "ef");
        h.send(0, body_frame(kSessA, 1, "gh", true));
        h.settle();
        CHECK(r->body_complete);
        CHECK(r->unread_body() == "efgh");
        r->consume_body(100);
        CHECK(r->unread_body().empty());
        CHECK(r->body.empty());  // read bytes are freed
        CHECK(h.hooks.events == std::vector<std::string>{"request c0 s3 #1", "body c0 s3 #1 abc",
                                                         "body c0 s3 #1 abcdef", "body c0 s3 #1 efgh end"});
        CHECK(h.hooks.seen[0].body.empty());  // on_request came before any body byte
        CHECK(w.send_head(r, 200, nullptr, 0, "ok", true));
        CHECK(response_head(h.recv(0)).body == "ok");
        CHECK(in_flight() == 0);
        CHECK(w.requests_handled() == 1);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: with http_body_streaming REQUEST_END ends the body; a request without a body is as before",
          "[worker][body_streaming]") {
    Harness h(1);
    h.config.http_body_streaming = true;
    h.run([&](Worker&) {
        WorkerRequest* plain = take_request(h, 0, kSessA, 1);
        CHECK_FALSE(plain->streaming);
        CHECK(plain->body_complete);
        h.send(0, {head_frame(kSessA, 3, false), body_frame(kSessA, 3, "xy", false)});
        h.settle();
        REQUIRE(h.hooks.requests.size() == 2);
        WorkerRequest* r = h.hooks.requests[1];
        CHECK(r->streaming);
        CHECK_FALSE(r->body_complete);
        h.send(0, end_frame(kSessA, 3));
        h.settle();
        CHECK(r->body_complete);
        CHECK(r->unread_body() == "xy");
        CHECK(h.hooks.events.back() == "body c0 s3 #3 xy end");
    });
}

TEST_CASE("worker: a streaming request whose client goes away mid-body is aborted and its reader woken",
          "[worker][body_streaming]") {
    Harness h(1);
    h.config.http_body_streaming = true;
    h.run([&](Worker& w) {
        h.send(0, {head_frame(kSessA, 1, false), body_frame(kSessA, 1, "part", false)});
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        WorkerRequest* r = h.hooks.requests[0];
        r->body_waiter = 42;  // as the binding does while read() suspends
        h.send(0, reset_frame(kSessA, 1));
        h.settle();
        CHECK(r->aborted);
        CHECK_FALSE(r->body_complete);
        CHECK(h.hooks.aborted == std::vector<WorkerRequest*>{r});
        CHECK(h.hooks.events.back() == "aborted c0 s3 #1");
        CHECK(h.hooks.events[h.hooks.events.size() - 2] == "body c0 s3 #1 part aborted");
        CHECK(in_flight() == 0);
        r->body_waiter = 0;
        // The rest of the body, had it crossed the reset, finds no request.
        h.send(0, body_frame(kSessA, 1, "rest", true));
        h.settle();
        CHECK(r->unread_body() == "part");
        CHECK_FALSE(w.send_head(r, 200, nullptr, 0, "late", true));
        h.expect_silence(0);
    });
}

TEST_CASE("worker: a streaming handler that lets go of its request before the body ends drops the rest",
          "[worker][body_streaming]") {
    Harness h(1);
    h.config.http_body_streaming = true;
    h.run([&](Worker& w) {
        h.send(0, head_frame(kSessA, 1, false));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        WorkerRequest* r = h.hooks.requests[0];
        CHECK(w.send_head(r, 413, nullptr, 0, "no", true));
        CHECK(response_head(h.recv(0)).status == 413);
        h.release(r);  // freed: later body frames must not find it
        h.send(0, {body_frame(kSessA, 1, "more", false), body_frame(kSessA, 1, "end", true)});
        h.settle();
        CHECK(h.hooks.events == std::vector<std::string>{"request c0 s3 #1"});
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: without http_body_streaming the handler starts once the body is complete",
          "[worker][body_streaming]") {
    Harness h(1);
    h.run([&](Worker&) {
        h.send(0, {head_frame(kSessA, 1, false), body_frame(kSessA, 1, "abc", false)});
        h.settle();
        CHECK(h.hooks.requests.empty());
        h.send(0, body_frame(kSessA, 1, "def", true));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        WorkerRequest* r = h.hooks.requests[0];
        CHECK_FALSE(r->streaming);
        CHECK(h.hooks.seen[0].body == "abcdef");
        r->consume_body(2);
        CHECK(r->unread_body() == "cdef");
        CHECK(h.hooks.events == std::vector<std::string>{"request c0 s3 #1"});
    });
}

TEST_CASE("worker: consume_body frees a large read prefix before the whole body is read", "[worker][body_streaming]") {
    WorkerRequest r;
    r.body = std::string(200000, 'a') + "tail";
    r.consume_body(150000);
    CHECK(r.body_read == 0);
    CHECK(r.body.size() == 50004);
    CHECK(r.unread_body().substr(50000) == "tail");
    r.consume_body(10);
    CHECK(r.body_read == 10);
    CHECK(r.unread_body().size() == 49994);
}

// --- inbound credit (STREAM_CREDIT, ipc/frame.h "Inbound credit") ------------------------------

namespace {

// A STREAM_CREDIT from the worker: its address and bytes.
uint32_t stream_credit_of(const Frame& f) {
    REQUIRE(f.h.type == ipc::FrameType::StreamCredit);
    uint32_t n = 0;
    REQUIRE(ipc::decode_stream_credit(f.h, bytes(f.payload), n) == ipc::DecodeError::None);
    return n;
}

}  // namespace

TEST_CASE("worker: read() credits a streamed body in batches of a quarter of input_window_size (at most 256 KiB)",
          "[worker][credit][body_streaming]") {
    Harness h(1);
    h.config.http_body_streaming = true;
    h.config.input_window_size = 256 << 10;  // batch: 64 KiB
    CHECK(ipc::inbound_credit_batch(256 << 10) == 64u << 10);
    CHECK(ipc::inbound_credit_batch(1 << 20) == ipc::kCreditBatch);
    CHECK(ipc::inbound_credit_batch(uint64_t(64) << 30) == ipc::kCreditBatch);
    h.run([&](Worker& w) {
        h.send(0, head_frame(kSessA, 1, false));
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        WorkerRequest* r = h.hooks.requests[0];
        h.send(0, {body_frame(kSessA, 1, binary(40000, 1), false), body_frame(kSessA, 1, binary(40000, 2), false)});
        h.settle();
        // Arrival is not consumption: nothing is credited yet.
        h.expect_silence(0);
        w.read_body(r, 30000);
        h.expect_silence(0);  // 30000 < 65536
        w.read_body(r, 40000);
        Frame f = h.recv(0);
        CHECK(f.h.session_id == kSessA);
        CHECK(f.h.stream_id == 1);
        CHECK(stream_credit_of(f) == 70000u);
        CHECK(r->unread_body().size() == 10000);
        // A read past what is buffered takes (and credits) only what is there.
        w.read_body(r, 1 << 20);
        CHECK(r->unread_body().empty());
        h.expect_silence(0);  // 10000 owed, under the batch
        // The last bytes of a body are never credited: nothing more will be forwarded.
        h.send(0, body_frame(kSessA, 1, binary(60000, 3), true));
        h.settle();
        CHECK(r->body_complete);
        w.read_body(r, 60000);
        h.expect_silence(0);
        CHECK(w.send_head(r, 200, nullptr, 0, "ok", true));
        CHECK(response_head(h.recv(0)).body == "ok");
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: rawContent's whole-body wait credits what is unread and every later byte as it arrives",
          "[worker][credit][body_streaming]") {
    Harness h(1);
    h.config.http_body_streaming = true;
    h.config.input_window_size = 1 << 20;  // batch: 256 KiB
    h.run([&](Worker& w) {
        h.send(0, head_frame(kSessA, 1, false));
        h.settle();
        WorkerRequest* r = h.hooks.requests[0];
        h.send(0, body_frame(kSessA, 1, binary(1000, 1), false));
        h.settle();
        h.expect_silence(0);
        w.want_whole_body(r);
        // Below the batch, but the reactor may be waiting for exactly these bytes.
        CHECK(stream_credit_of(h.recv(0)) == 1000u);
        w.want_whole_body(r);  // once only
        for (int i = 0; i < 5; ++i) h.send(0, body_frame(kSessA, 1, binary(60000, unsigned(i)), false));
        h.settle();
        CHECK(stream_credit_of(h.recv(0)) == 300000u);  // one batch: 5 x 60000 >= 256 KiB
        h.expect_silence(0);
        h.send(0, body_frame(kSessA, 1, "end", true));
        h.settle();
        CHECK(r->body.size() == 301003u);  // the whole body stays for rawContent()
        h.expect_silence(0);
        CHECK(w.send_head(r, 200, nullptr, 0, "ok", true));
        CHECK(response_head(h.recv(0)).body == "ok");
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: without http_body_streaming no body credit is sent", "[worker][credit][body_streaming]") {
    Harness h(1);
    h.run([&](Worker& w) {
        h.send(0, {head_frame(kSessA, 1, false), body_frame(kSessA, 1, binary(60000, 1), false),
                   body_frame(kSessA, 1, "x", true)});
        h.settle();
        REQUIRE(h.hooks.requests.size() == 1);
        WorkerRequest* r = h.hooks.requests[0];
        w.read_body(r, r->unread_body().size());
        w.want_whole_body(r);
        h.expect_silence(0);
        CHECK(w.send_head(r, 200, nullptr, 0, "ok", true));
        CHECK(response_head(h.recv(0)).body == "ok");
    });
}

TEST_CASE("worker: ws_consumed credits a WebSocket's messages (bytes + kWsMessageCost each) in batches, to its reactor",
          "[worker][credit][websocket]") {
    Harness h(2);
    h.config.input_window_size = 256 << 10;  // batch: 64 KiB
    h.config.websocket_max_message_size = 100000;
    Registry reg;
    const uint64_t id = reg.add(1);
    h.run([&](Worker& w) {
        w.set_stream_registry(reg.reg.get());
        open_websocket(h, w, 1, kSessA, 1, id);
        h.send(1, {ws_message_frame(id, ipc::WsOpcode::Binary, binary(30000, 1), false),
                   ws_message_frame(id, ipc::WsOpcode::Text, "hi", false)});
        h.settle();
        REQUIRE(h.hooks.ws_messages.size() == 2);
        w.ws_consumed(id, 30000);
        h.expect_silence(1);  // 34096 < 65536
        w.ws_consumed(id, 2);
        h.expect_silence(1);  // 38194
        // A message the worker drops itself (past websocket_max_message_size) is consumed at once.
        h.send(1, {ws_message_frame(id, ipc::WsOpcode::Binary, binary(60000, 2), true),
                   ws_message_frame(id, ipc::WsOpcode::Binary, binary(60000, 3), false)});
        Push close = push_of(h.recv(1));
        CHECK(close.close_code == 1009);
        h.settle();
        Frame f = h.recv(1);
        CHECK(f.h.session_id == id);
        CHECK(f.h.stream_id == 0);
        CHECK(stream_credit_of(f) == 30000u + 2u + 120000u + 3 * ipc::kWsMessageCost);
        h.expect_silence(0);  // never on another reactor's channel
        // Unknown ids are ignored.
        w.ws_consumed(id + 1, 1 << 20);
        h.expect_silence(1);
        // After its WS_CLOSED the WebSocket's reactor no longer counts: nothing is sent.
        w.ws_consumed(id, 70000);  // owed again, and flushed by size
        CHECK(stream_credit_of(h.recv(1)) == 70000u + ipc::kWsMessageCost);
        h.send(1, ws_closed_frame(id, 1000, ""));
        h.settle();
        w.ws_consumed(id, 70000);
        h.expect_silence(1);
    });
}

// --- response compression (worker_compression.cc) -----------------------------------------------

namespace {

// A request whose head sent these Accept-Encoding fields.
WorkerRequest* request_accepting(Harness& h, uint64_t session, int64_t stream, std::vector<std::string> accept) {
    Head head;
    for (auto& a : accept) head.headers.emplace_back("accept-encoding", a);
    size_t before = h.hooks.requests.size();
    h.send(0, head_frame(session, stream, true, head));
    h.settle();
    REQUIRE(h.hooks.requests.size() == before + 1);
    return h.hooks.requests.back();
}

std::string text(size_t n) {
    std::string s;
    for (size_t i = 0; s.size() < n; ++i) s += "{\"id\":" + std::to_string(i) + ",\"name\":\"item " + std::to_string(i * 7919 % 1000) + "\"}\n";
    s.resize(n);
    return s;
}

// Inflates a gzip stream fed piece by piece; each add() returns what that piece decoded to.
struct Gunzip {
    z_stream z{};
    bool ended = false;
    Gunzip() { REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK); }
    ~Gunzip() { inflateEnd(&z); }
    std::string add(const std::string& in) {
        std::string out;
        char buf[65536];
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z.avail_in = uInt(in.size());
        do {
            z.next_out = reinterpret_cast<Bytef*>(buf);
            z.avail_out = sizeof buf;
            int rc = inflate(&z, Z_SYNC_FLUSH);
            REQUIRE((rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR));
            if (rc == Z_STREAM_END) ended = true;
            out.append(buf, sizeof buf - z.avail_out);
        } while (z.avail_in > 0 || z.avail_out == 0);
        return out;
    }
};

}  // namespace

TEST_CASE("worker: an end() body the client accepts gzip for is coded whole: content-encoding, vary, weak etag, coded length",
          "[worker][compression]") {
    Harness h(1);
    const std::string body = text(200000);
    h.run([&](Worker& w) {
        WorkerRequest* r = request_accepting(h, kSessA, 1, {"br;q=0.1, gzip"});
        const HeaderField headers[] = {{"Content-Type", "application/json"}, {"ETag", "\"v1\""}, {"Vary", "Cookie"},
                                       {"Content-Length", "200000"}};
        SharedState* st = shared_state();
        const uint64_t gzip_before = st->compressed_responses[size_t(http::ContentCoding::Gzip)].load();
        const uint64_t in_before = st->compression_bytes_in.load(), out_before = st->compression_bytes_out.load();
        CHECK(w.send_head(r, 200, headers, 4, body, true));
        CHECK(r->finished);
        CHECK(r->encoder == nullptr);  // released with the response
        Frame f = h.recv(0);
        Response head = response_head(f);
        std::string coded = head.body;
        while (!(f.h.flags & ipc::kFlagEndStream)) {
            f = h.recv(0);
            REQUIRE(int(f.h.type) == int(ipc::FrameType::ResponseBody));
            coded += f.payload;
        }
        Gunzip g;
        CHECK(g.add(coded) == body);
        CHECK(g.ended);
        CHECK(coded.size() < body.size() / 4);
        CHECK(st->compressed_responses[size_t(http::ContentCoding::Gzip)].load() == gzip_before + 1);
        CHECK(st->compression_bytes_in.load() == in_before + body.size());
        CHECK(st->compression_bytes_out.load() == out_before + coded.size());
        if (coded.size() > ipc::kMaxPayload - 200) {
            CHECK(head.headers == Fields{{"Content-Type", "application/json"}, {"ETag", "W/\"v1\""}, {"Vary", "Cookie, Accept-Encoding"},
                                         {"Content-Encoding", "gzip"}, {"content-length", std::to_string(coded.size())}});
        } else {
            // One frame: the reactor counts the length itself.
            CHECK(head.headers == Fields{{"Content-Type", "application/json"}, {"ETag", "W/\"v1\""}, {"Vary", "Cookie, Accept-Encoding"},
                                         {"Content-Encoding", "gzip"}});
        }
        // Credit counts the coded bytes that left in body frames.
        CHECK(r->unacked == coded.size() - head.body.size());

        // Without Accept-Encoding: as given (no Vary either); with identity only: Vary, as given otherwise.
        WorkerRequest* plain = take_request(h, 0, kSessA, 2);
        const HeaderField small[] = {{"Content-Type", "text/plain"}, {"ETag", "\"v2\""}};
        CHECK(w.send_head(plain, 200, small, 2, text(5000), true));
        Response p = response_head(h.recv(0));
        CHECK(p.headers == Fields{{"Content-Type", "text/plain"}, {"ETag", "\"v2\""}});
        CHECK(p.body == text(5000));
        WorkerRequest* id = request_accepting(h, kSessA, 3, {"identity"});
        CHECK(w.send_head(id, 200, small, 2, text(5000), true));
        p = response_head(h.recv(0));
        CHECK(p.headers == Fields{{"Content-Type", "text/plain"}, {"ETag", "\"v2\""}, {"Vary", "Accept-Encoding"}});
        CHECK(p.body == text(5000));
        h.expect_silence(0);
    });
    CHECK(h.log().empty());
}

TEST_CASE("worker: a streamed response is coded per send_body, each frame decodable at once; trailers follow the coded end; "
          "detach refuses it",
          "[worker][compression]") {
    Harness h(1);
    h.run([&](Worker& w) {
        WorkerRequest* r = request_accepting(h, kSessA, 1, {"zstd;q=0", "gzip"});
        const HeaderField headers[] = {{"content-type", "text/event-stream"}};
        // SSE is not compressed by default...
        CHECK(w.send_head(r, 200, headers, 1, "data: 0\n\n", false));
        Response head = response_head(h.recv(0));
        CHECK(head.headers == Fields{{"content-type", "text/event-stream"}});
        CHECK_FALSE(Worker::compressing(r));
        CHECK(w.send_body(r, "", true));
        h.recv(0);
    });
    Harness h2(1);
    h2.config.compression.event_stream = true;
    h2.run([&](Worker& w) {
        WorkerRequest* r = request_accepting(h2, kSessA, 1, {"zstd;q=0", "gzip"});
        const HeaderField headers[] = {{"content-type", "text/event-stream"}, {"content-length", "99999"}};
        CHECK(w.send_head(r, 200, headers, 2, "data: 0\n\n", false));
        Response head = response_head(h2.recv(0));
        CHECK(head.headers == Fields{{"content-type", "text/event-stream"}, {"Vary", "Accept-Encoding"}, {"Content-Encoding", "gzip"}});
        CHECK(Worker::compressing(r));
        Gunzip g;
        CHECK(g.add(head.body) == "data: 0\n\n");
        for (int i = 1; i < 4; ++i) {
            std::string event = "data: " + std::to_string(i) + "\n\n";
            CHECK(w.send_body(r, event, false));
            Frame f = h2.recv(0);
            CHECK(int(f.h.type) == int(ipc::FrameType::ResponseBody));
            CHECK(g.add(f.payload) == event);
        }
        CHECK(w.send_body(r, "", false));  // nothing to flush: nothing sent
        h2.expect_silence(0);
        CHECK(w.detach(r, uint8_t(StreamKind::EventStream)) == 0u);
        h2.expect_silence(0);
        const HeaderField trailers[] = {{"x-done", "yes"}};
        CHECK(w.send_trailers(r, trailers, 1));
        Frame f = h2.recv(0);
        CHECK(int(f.h.type) == int(ipc::FrameType::ResponseBody));
        CHECK(f.h.flags == 0);
        CHECK(g.add(f.payload).empty());
        CHECK(g.ended);
        f = h2.recv(0);
        CHECK(response_trailers(f) == Fields{{"x-done", "yes"}});
        CHECK(f.h.flags == ipc::kFlagEndStream);
        CHECK(r->finished);
        CHECK_FALSE(Worker::compressing(r));

        // A client gone mid-stream: the codec state goes with the response.
        WorkerRequest* gone = request_accepting(h2, kSessA, 3, {"br"});
        CHECK(w.send_head(gone, 200, headers, 1, text(3000), false));
        CHECK(response_head(h2.recv(0)).headers ==
              Fields{{"content-type", "text/event-stream"}, {"Vary", "Accept-Encoding"}, {"Content-Encoding", "br"}});
        CHECK(Worker::compressing(gone));
        h2.send(0, reset_frame(kSessA, 3));
        h2.settle();
        CHECK(gone->aborted);
        CHECK_FALSE(Worker::compressing(gone));
        CHECK(gone->encoded.capacity() == std::string().capacity());  // the buffer was given back
        CHECK_FALSE(w.send_body(gone, "more", false));
        h2.expect_silence(0);
    });
    CHECK(h2.log().empty());
}

// The static handler's state machine with a fake loop and a fake connection (no reactor, no
// sockets; the pool's threads and the file system are real): lookup then claim on the retry,
// decline to a worker, the open-file cache answering in open() with the head flushed at the end
// of the turn, and the per-stream window holding reads back until the connection credits.
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "server/static_handler.h"
#include "stream_fakes.h"
#include "trident/ipc/frame.h"

using trident::server::StaticHandler;
using trident::server::WorkerPort;
namespace ipc = trident::ipc;

namespace {

struct Frame {
    ipc::FrameType type;
    uint8_t flags;
    int64_t stream;
    std::string payload;
};

// A connection that keeps one stream per id and plays WorkerLink: on_dispatch_ready opens the
// stream again, as the real connections' retry() does.
class FakeStaticConn final : public trident::server::Connection, public trident::server::WorkerClient {
public:
    StaticHandler* handler = nullptr;
    std::vector<Frame> frames;
    std::vector<int64_t> ready;
    std::vector<std::pair<int64_t, WorkerPort::Binding>> bindings;
    std::vector<int64_t> declined;  // reopened and not the handler's: a worker would get it
    std::vector<uint8_t> head;      // the request head of the stream in flight

    void on_event(uint32_t) override {}
    void on_timeout(int) override {}
    void on_shutdown() override {}
    trident::server::WorkerClient* worker_client() override { return this; }
    void on_worker_frame(const ipc::FrameHeader& h, const uint8_t* p, size_t len) override {
        frames.push_back({h.type, h.flags, h.stream_id, std::string(reinterpret_cast<const char*>(p), len)});
    }
    void on_channel_lost(WorkerPort::Binding) override {}
    void on_channel_drained() override {}
    void on_dispatch_ready(int64_t stream) override {
        ready.push_back(stream);
        WorkerPort::Binding b = WorkerPort::kNoWorker;
        auto t = handler->open(session_id, stream, head.data(), head.size(), true, &b);
        if (t == StaticHandler::Take::Serving) bindings.emplace_back(stream, b);
        else if (t == StaticHandler::Take::NotMine) declined.push_back(stream);
    }
};

std::vector<uint8_t> request(const std::string& method, const std::string& target,
                             std::vector<trident::HeaderField> headers = {}) {
    ipc::RequestHeadIn in;
    in.conn.protocol = ipc::Protocol::Http11;
    in.method = method;
    in.target = target;
    in.headers = headers.data();
    in.header_count = headers.size();
    std::vector<uint8_t> out(ipc::request_head_size(in));
    out.resize(ipc::encode_request_head(in, out.data(), out.size()));
    return out;
}

// Runs the pool's completions until `done` holds (or 5 s pass).
template <class F>
bool pump(StaticHandler& h, trident::test::FakeLoop& loop, F done) {
    for (int i = 0; i < 500 && !done(); ++i) {
        int fd = -1;
        for (auto& [f, ev] : loop.interest) fd = f;
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 10) > 0) h.on_event(EPOLLIN);
        h.flush_ready();
    }
    return done();
}

std::string status_of(const Frame& f) {
    ipc::ResponseHeadView v;
    if (ipc::decode_response_head(reinterpret_cast<const uint8_t*>(f.payload.data()), f.payload.size(), v) !=
        ipc::DecodeError::None) {
        return "bad";
    }
    return std::to_string(v.status);
}

struct Root {
    std::string dir;
    Root() {
        char tmpl[] = "/tmp/trident_static_unit_XXXXXX";
        dir = mkdtemp(tmpl);
    }
    void write(const std::string& name, const std::string& data) const {
        std::ofstream(dir + "/" + name, std::ios::binary) << data;
    }
    ~Root() {
        std::string cmd = "rm -rf '" + dir + "'";
        if (system(cmd.c_str()) != 0) return;
    }
};

}  // namespace

TEST_CASE("static handler: lookup, claim, decline, cache", "[static]") {
    Root root;
    root.write("a.txt", "hello\n");
    mkdir((root.dir + "/d").c_str(), 0755);
    trident::test::FakeLoop loop;
    loop.cfg.enable_static_handler = true;
    loop.cfg.document_root = root.dir;
    StaticHandler h(loop);
    std::string error;
    REQUIRE(h.start(&error));
    FakeStaticConn conn;
    conn.handler = &h;
    loop.adopt(&conn);

    // First request: a lookup on the pool, the stream waits as for a worker.
    conn.head = request("GET", "/a.txt");
    WorkerPort::Binding b = WorkerPort::kNoWorker;
    CHECK(h.open(conn.session_id, 1, conn.head.data(), conn.head.size(), true, &b) == StaticHandler::Take::Pending);
    CHECK(h.owns_wait(conn.session_id, 1));
    REQUIRE(pump(h, loop, [&] { return conn.frames.size() >= 2; }));
    REQUIRE(conn.bindings.size() == 1);
    CHECK(StaticHandler::is_binding(conn.bindings[0].second));
    CHECK(conn.frames[0].type == ipc::FrameType::ResponseHead);
    CHECK(status_of(conn.frames[0]) == "200");
    CHECK(conn.frames[1].type == ipc::FrameType::ResponseBody);
    CHECK(conn.frames[1].payload == "hello\n");
    CHECK((conn.frames[1].flags & ipc::kFlagEndStream) != 0);
    h.finish(conn.bindings[0].second);
    CHECK(loop.stats.static_hits.load() == 1);
    CHECK(loop.stats.static_bytes.load() == 6);

    // Second request: the cache answers in open(); the head waits for the end of the turn.
    conn.frames.clear();
    CHECK(h.open(conn.session_id, 3, conn.head.data(), conn.head.size(), true, &b) == StaticHandler::Take::Serving);
    CHECK(conn.frames.empty());
    CHECK(h.has_ready());
    h.flush_ready();
    REQUIRE(conn.frames.size() == 2);
    CHECK(status_of(conn.frames[0]) == "200");
    CHECK(conn.frames[1].payload == "hello\n");
    h.finish(b);

    // Not a file: declined on the retry (a worker gets it), never a response from here.
    conn.frames.clear();
    for (const char* t : {"/missing", "/d", "/d/"}) {
        conn.head = request("GET", t);
        CHECK(h.open(conn.session_id, 5, conn.head.data(), conn.head.size(), true, &b) == StaticHandler::Take::Pending);
        size_t before = conn.declined.size();
        REQUIRE(pump(h, loop, [&] { return conn.declined.size() > before; }));
        CHECK_FALSE(h.owns_wait(conn.session_id, 5));
    }
    CHECK(conn.frames.empty());
    // Refused before any lookup: other methods, bodies, unsafe paths.
    conn.head = request("POST", "/a.txt");
    CHECK(h.open(conn.session_id, 7, conn.head.data(), conn.head.size(), true, &b) == StaticHandler::Take::NotMine);
    conn.head = request("GET", "/a.txt");
    CHECK(h.open(conn.session_id, 9, conn.head.data(), conn.head.size(), false, &b) == StaticHandler::Take::NotMine);
    conn.head = request("GET", "/../a.txt");
    CHECK(h.open(conn.session_id, 11, conn.head.data(), conn.head.size(), true, &b) == StaticHandler::Take::NotMine);

    // A stream gone before its lookup came back: the job is dropped, nothing is sent.
    root.write("b.txt", "not cached yet\n");
    loop.sessions.erase(conn.session_id);
    conn.head = request("GET", "/b.txt", {{"range", "bytes=0-1"}});
    CHECK(h.open(conn.session_id, 13, conn.head.data(), conn.head.size(), true, &b) == StaticHandler::Take::Pending);
    pump(h, loop, [&] { return !h.owns_wait(conn.session_id, 13); });
    CHECK(conn.frames.empty());
}

TEST_CASE("static handler: the window holds reads back until credit", "[static]") {
    Root root;
    std::string big(3 * 1024 * 1024, '\0');
    for (size_t i = 0; i < big.size(); ++i) big[i] = char(i * 7 + (i >> 12));
    root.write("big.bin", big);
    trident::test::FakeLoop loop;
    loop.cfg.enable_static_handler = true;
    loop.cfg.document_root = root.dir;
    StaticHandler h(loop);
    std::string error;
    REQUIRE(h.start(&error));
    FakeStaticConn conn;
    conn.handler = &h;
    loop.adopt(&conn);
    conn.head = request("GET", "/big.bin");
    WorkerPort::Binding b = WorkerPort::kNoWorker;
    CHECK(h.open(conn.session_id, 1, conn.head.data(), conn.head.size(), true, &b) == StaticHandler::Take::Pending);
    auto body_bytes = [&] {
        size_t n = 0;
        for (const Frame& f : conn.frames) {
            if (f.type == ipc::FrameType::ResponseBody) n += f.payload.size();
        }
        return n;
    };
    // Without credit it stops at the window (never more than kWindow handed over).
    pump(h, loop, [&] { return body_bytes() >= StaticHandler::kWindow; });
    for (int i = 0; i < 20; ++i) pump(h, loop, [] { return false; });  // time for reads that should not happen
    CHECK(body_bytes() == StaticHandler::kWindow);
    REQUIRE(conn.bindings.size() == 1);
    b = conn.bindings[0].second;
    // Credit as a connection would (256 KiB batches): it goes on to the end, byte-exact.
    size_t credited = 0;
    for (int guard = 0; guard < 1000 && body_bytes() < big.size(); ++guard) {
        while (credited + ipc::kCreditBatch <= body_bytes()) {
            h.credit(b, conn.session_id, 1, ipc::kCreditBatch);
            credited += ipc::kCreditBatch;
        }
        pump(h, loop, [&] { return body_bytes() == big.size() || body_bytes() >= credited + StaticHandler::kWindow; });
        CHECK(body_bytes() - credited <= StaticHandler::kWindow);
    }
    std::string got;
    for (const Frame& f : conn.frames) {
        if (f.type == ipc::FrameType::ResponseBody) got += f.payload;
    }
    CHECK(got.size() == big.size());
    CHECK(got == big);
    CHECK((conn.frames.back().flags & ipc::kFlagEndStream) != 0);
    for (const Frame& f : conn.frames) CHECK(f.payload.size() <= ipc::kMaxPayload);
    h.finish(b);
}

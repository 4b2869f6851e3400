// Per-stream inbound credit in the reactor (ipc/frame.h "Inbound credit"): a WebSocket's messages
// and a streamed request body go to the worker only while less than input_window_size of them is
// unconsumed there; past it the protocol stops taking the stream's bytes (HTTP/1.1: read
// interest off; HTTP/2 and HTTP/3, through the Multiplexer: the stream's flow-control credit is
// held while the connection's goes back), and STREAM_CREDIT resumes it.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "http1/connection.h"
#include "mux_harness.h"
#include "server/transport.h"
#include "stream/inbound_window.h"
#include "stream_fakes.h"
#include "trident/websocket/writer.h"

using namespace trident;
using ipc::FrameType;

namespace {

constexpr size_t kWindow = 64 << 10;  // the smallest input_window_size

sockaddr_storage inet(const char* ip, uint16_t port) {
    sockaddr_storage ss{};
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    inet_pton(AF_INET, ip, &a->sin_addr);
    return ss;
}

std::string client_frame(websocket::Opcode op, std::string_view payload) {
    static const websocket::MaskKey key = {{0x37, 0xfa, 0x21, 0x3d}};
    websocket::FrameOptions o;
    o.mask = &key;
    std::string out;
    websocket::append_frame(out, op, payload, o);
    return out;
}

std::vector<uint8_t> credit_payload(uint32_t n) {
    std::vector<uint8_t> p(ipc::kCreditSize);
    ipc::encode_stream_credit(n, p.data());
    return p;
}

// An HTTP/1.1 connection over a socketpair, with the fake loop and workers.
struct H1 {
    test::FakeLoop loop;
    test::FakeWorkers workers;
    int client = -1;
    int fd = -1;
    http1::Http1Connection* conn = nullptr;
    uint64_t sid = 0;

    explicit H1(bool body_streaming) {
        loop.cfg.input_window_size = kWindow;
        loop.cfg.http_body_streaming = body_streaming;
        loop.cfg.package_max_length = 64 << 20;
        int sv[2];
        REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == 0);
        client = sv[1];
        fd = sv[0];
        conn = new http1::Http1Connection(loop, workers, std::make_unique<server::PlainTransport>(sv[0]),
                                          inet("192.0.2.7", 40000), inet("192.0.2.1", 8080), false);
        sid = loop.adopt(conn);
    }
    ~H1() {
        std::set<server::Connection*> all(loop.closed.begin(), loop.closed.end());
        for (auto& hv : loop.handovers) all.insert(hv.first);
        for (auto& s : loop.sessions) all.insert(s.second);
        for (server::Connection* c : all) delete c;
        ::close(client);
    }
    server::Connection* current() { return loop.find(sid); }
    void write(const std::string& bytes) {
        size_t off = 0;
        while (off < bytes.size()) {
            ssize_t n = ::write(client, bytes.data() + off, bytes.size() - off);
            if (n < 0) {
                REQUIRE(errno == EAGAIN);
                current()->on_event(EPOLLIN);  // the server reads; the socket takes more
                continue;
            }
            off += size_t(n);
        }
    }
    void readable() { current()->on_event(EPOLLIN); }
    bool reading() const { return (loop.interest.at(fd) & EPOLLIN) != 0; }
    size_t ws_messages() const { return workers.of(FrameType::WsMessage).size(); }
    void credit(uint32_t n) {
        auto p = credit_payload(n);
        current()->worker_client()->on_worker_frame(test::frame(FrameType::StreamCredit, sid, 1, p.size(), false),
                                                     p.data(), p.size());
    }
};

const std::string kUpgrade =
    "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

}  // namespace

TEST_CASE("inbound window: open below its size, reopened by credit, unlimited at size 0", "[credit]") {
    stream::InboundWindow w(100);
    CHECK(w.open());
    w.sent(99);
    CHECK(w.open());
    w.sent(50);  // a message larger than what is left still went: the check is before it
    CHECK_FALSE(w.open());
    CHECK(w.unacked() == 149);
    CHECK_FALSE(w.credited(40));  // 109: still closed
    CHECK(w.credited(10));        // 99: open again
    CHECK_FALSE(w.credited(10));  // already open
    CHECK(w.credited(1000) == false);
    CHECK(w.unacked() == 0);      // credit past what is outstanding is ignored
    stream::InboundWindow off;
    off.sent(1u << 30);
    CHECK(off.open());
    CHECK(off.unacked() == 0);
    CHECK(ipc::ws_message_charge(10) == 10 + ipc::kWsMessageCost);
}

TEST_CASE("inbound credit h1 websocket: the socket is not read while the owner has a window unconsumed",
          "[credit][websocket][http1]") {
    H1 t(false);
    t.write(kUpgrade);
    t.readable();
    auto p = test::response_head_payload(101, {});
    ipc::FrameHeader h = test::frame(FrameType::ResponseHead, t.sid, 1, p.size(), false);
    h.flags = ipc::kFlagUpgradeAccepted;
    t.conn->on_worker_frame(h, p.data(), p.size());
    REQUIRE(t.loop.handovers.size() == 1);
    const uint64_t id = t.workers.of(FrameType::WsOpen).at(0).credit;
    server::WorkerClient* wc = t.current()->worker_client();

    // Four messages of 16 KiB: each charged 16 KiB + 4 KiB, so the fourth closes the window.
    const std::string msg(16384, 'm');
    std::string four;
    for (int i = 0; i < 4; ++i) four += client_frame(websocket::Opcode::Binary, msg);
    t.write(four);
    t.readable();
    CHECK(t.ws_messages() == 4);
    CHECK_FALSE(t.reading());
    // The client keeps sending: nothing more is read, however often the socket is readable.
    t.write(client_frame(websocket::Opcode::Binary, "fifth"));
    t.readable();
    t.readable();
    CHECK(t.ws_messages() == 4);
    // Credit from a worker that does not own the WebSocket counts for nothing.
    wc->on_ws_credit(1, 0, 1 << 20);
    CHECK_FALSE(t.reading());
    // The owner's credit for two messages reopens it: reading resumes (and is kicked, for TLS).
    const size_t woken = t.loop.woken.size();
    wc->on_ws_credit(0, 0, uint32_t(2 * ipc::ws_message_charge(msg.size())));
    CHECK(t.reading());
    CHECK(t.loop.woken.size() == woken + 1);
    t.readable();
    auto msgs = t.workers.of(FrameType::WsMessage);
    REQUIRE(msgs.size() == 5);
    CHECK(msgs[4].data == std::string("\x02") + "fifth");
    CHECK(msgs[4].session == id);
    // The close handshake is never held up: with the window exhausted again, the worker closes
    // the WebSocket, and reading resumes so that the client's close can be read.
    t.write(four);
    t.readable();
    CHECK_FALSE(t.reading());
    std::vector<uint8_t> cp(ipc::kMaxPayload);
    const size_t cn = ipc::encode_ws_push_close(1000, "bye", cp.data(), cp.size());
    wc->on_ws_push(0, 0, test::frame(FrameType::WsPush, id, 0, cn, false), cp.data(), cn);
    CHECK(t.reading());
    t.write(client_frame(websocket::Opcode::Close, std::string("\x03\xe8", 2)));
    t.readable();
    t.readable();
    auto closed = t.workers.of(FrameType::WsClosed);
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].credit == 1000);
}

TEST_CASE("inbound credit h1 body: a streamed body stops being read at the window, its timer stops, credit resumes it",
          "[credit][body_streaming][http1]") {
    H1 t(true);
    std::string body(200000, '\0');
    for (size_t i = 0; i < body.size(); ++i) body[i] = char(i * 7 % 251);
    t.write("POST /up HTTP/1.1\r\nHost: example.com\r\nContent-Length: 200000\r\n\r\n" + body.substr(0, 100000));
    t.readable();
    CHECK(t.workers.body_of(1).size() == 100000);  // past the window: the check is before each read
    CHECK_FALSE(t.reading());
    CHECK(t.conn->timer_kind == server::kTimerNone);  // the wait is ours, not the client's
    t.write(body.substr(100000, 50000));
    t.readable();
    CHECK(t.workers.body_of(1).size() == 100000);
    t.credit(30000);  // 70000 unacked: still past the window
    CHECK_FALSE(t.reading());
    t.credit(10000);  // 60000: open
    CHECK(t.reading());
    CHECK(t.conn->timer_kind == server::kTimerHeader);
    t.readable();
    CHECK(t.workers.body_of(1).size() == 150000);
    t.credit(150000);
    t.write(body.substr(150000));
    t.readable();
    CHECK(t.workers.body_of(1) == body);
    // Credit for a stream that is gone (or its body complete) is simply not needed.
    t.credit(1);
    CHECK(t.loop.stats.stale_frames_dropped.load() == 0);
}

TEST_CASE("inbound credit h1 body: without http_body_streaming a body is not held back", "[credit][body_streaming][http1]") {
    H1 t(false);
    t.write("POST /up HTTP/1.1\r\nHost: example.com\r\nContent-Length: 200000\r\n\r\n" + std::string(200000, 'b'));
    t.readable();
    CHECK(t.workers.body_of(1).size() == 200000);
}

TEST_CASE("inbound credit mux body: a streamed body's stream window is held at the window, the connection's is not",
          "[credit][body_streaming]") {
    test::MuxHarness m;
    m.loop.cfg.input_window_size = kWindow;
    m.loop.cfg.http_body_streaming = true;
    m.loop.cfg.package_max_length = 64 << 20;
    stream::MuxStream& s = m.request(1, false, "POST");
    m.data(s, std::string(40000, 'a'));
    m.data(s, std::string(40000, 'b'));  // 80000 forwarded: the window is now exhausted
    CHECK(m.workers.body_of(1).size() == 80000);
    CHECK(m.act.stream_credit(1) == 80000);
    m.data(s, std::string(30000, 'c'));
    m.data(s, std::string(20000, 'd'));
    CHECK(m.workers.body_of(1).size() == 80000);  // held
    CHECK(m.act.stream_credit(1) == 80000);       // the client's stream window stays closed on them
    CHECK(m.act.connection_credit(1) == 130000);  // the connection's does not
    // A sibling stream on the same connection flows meanwhile.
    stream::MuxStream& other = m.request(3, false, "POST");
    m.data(other, std::string(1000, 'x'));
    CHECK(m.workers.body_of(3).size() == 1000);
    // The worker's credit moves the held bytes on, with their stream credit only.
    auto p = credit_payload(40000);
    const int flushes = m.act.flushes;
    m.send(FrameType::StreamCredit, 1, p, false);
    CHECK(m.workers.body_of(1).size() == 130000);
    CHECK(m.act.stream_credit(1) == 130000);
    CHECK(m.act.connection_credit(1) == 130000);
    CHECK(m.act.flushes > flushes);
    // Without streaming (or for a stream that is gone) credit is ignored, and not counted stale.
    m.send(FrameType::StreamCredit, 99, p, false);
    CHECK(m.loop.stats.stale_frames_dropped.load() == 0);
}

TEST_CASE("inbound credit mux websocket: the extended CONNECT stream's window is held, the connection's is not",
          "[credit][websocket]") {
    test::MuxHarness m;
    m.loop.cfg.input_window_size = kWindow;
    stream::MuxStream& s = m.add(1);
    HeaderField hf[] = {{"sec-websocket-version", "13"}};
    ipc::RequestHeadIn in;
    in.conn.protocol = ipc::Protocol::Http2;
    in.method = "CONNECT";
    in.scheme = "https";
    in.authority = "example.com";
    in.target = "/chat";
    in.headers = hf;
    in.header_count = 1;
    m.mux.request_head(s, in, 100, false, "websocket");
    auto p = test::response_head_payload(101, {});
    ipc::FrameHeader h = test::frame(FrameType::ResponseHead, m.sid(), 1, p.size(), false);
    h.flags = ipc::kFlagUpgradeAccepted;
    m.mux.on_worker_frame(h, p.data(), p.size());
    REQUIRE(s.ws != nullptr);

    const std::string msg(16384, 'm');
    const std::string frame = client_frame(websocket::Opcode::Binary, msg);
    for (int i = 0; i < 3; ++i) m.data(s, frame);
    CHECK(m.act.stream_credit(1) == 3 * frame.size());
    m.data(s, frame);  // the fourth message closes the window: its bytes' stream credit is held
    m.data(s, frame);  // what the client's stream window still allowed: forwarded, credit held
    CHECK(m.workers.of(FrameType::WsMessage).size() == 5);
    CHECK(m.act.stream_credit(1) == 3 * frame.size());
    CHECK(m.act.connection_credit(1) == 5 * frame.size());
    CHECK(s.ws->input_held());
    m.mux.on_ws_credit(1, 1, 1 << 20);  // not the owner's channel
    CHECK(m.act.stream_credit(1) == 3 * frame.size());
    m.mux.on_ws_credit(0, 1, uint32_t(3 * ipc::ws_message_charge(msg.size())));
    CHECK_FALSE(s.ws->input_held());
    CHECK(m.act.stream_credit(1) == 5 * frame.size());
    m.data(s, frame);
    CHECK(m.act.stream_credit(1) == 6 * frame.size());
}

// The HTTP/1.1 WebSocket upgrade (RFC 6455 §4.2) end to end inside the reactor: the request
// goes to the worker marked as an upgrade, the worker's accept becomes the 101, the socket is
// handed to a WebSocketConnection, and from then on frames travel both ways (WS_MESSAGE to the
// owner, WS_PUSH from any worker, WS_CLOSED once). The fake Loop and WorkerPort stand in for
// the reactor; the client is the other end of a socketpair.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "http1/connection.h"
#include "http1/websocket_connection.h"
#include "server/transport.h"
#include "stream_fakes.h"
#include "trident/websocket/parser.h"
#include "trident/websocket/writer.h"

using namespace trident;
using ipc::FrameType;

namespace {

sockaddr_storage inet(const char* ip, uint16_t port) {
    sockaddr_storage ss{};
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    inet_pton(AF_INET, ip, &a->sin_addr);
    return ss;
}

// RFC 6455 §1.3's example key and its accept value.
const std::string kUpgrade =
    "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
const std::string kAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

std::string client_frame(websocket::Opcode op, std::string_view payload, bool fin = true) {
    static const websocket::MaskKey key = {{0x37, 0xfa, 0x21, 0x3d}};
    websocket::FrameOptions o;
    o.fin = fin;
    o.mask = &key;
    std::string out;
    websocket::append_frame(out, op, payload, o);
    return out;
}

struct Ws {
    test::FakeLoop loop;
    test::FakeWorkers workers;
    int client = -1;
    http1::Http1Connection* conn = nullptr;
    uint64_t sid = 0;

    explicit Ws(int n_workers = 1) : workers(n_workers) {
        int sv[2];
        REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == 0);
        client = sv[1];
        conn = new http1::Http1Connection(loop, workers, std::make_unique<server::PlainTransport>(sv[0]),
                                          inet("192.0.2.7", 40000), inet("192.0.2.1", 8080), false);
        sid = loop.adopt(conn);
    }
    ~Ws() {
        std::set<server::Connection*> all(loop.closed.begin(), loop.closed.end());
        for (auto& hv : loop.handovers) all.insert(hv.first);
        for (auto& s : loop.sessions) all.insert(s.second);
        for (server::Connection* c : all) delete c;
        ::close(client);
    }
    // The connection that owns the session now (the WebSocket after the hand-over).
    server::Connection* current() { return loop.find(sid); }
    void send(const std::string& bytes) {
        REQUIRE(::write(client, bytes.data(), bytes.size()) == ssize_t(bytes.size()));
        REQUIRE(current() != nullptr);
        current()->on_event(EPOLLIN);
    }
    std::string recv(bool* eof = nullptr) {
        std::string got;
        char buf[65536];
        for (;;) {
            ssize_t n = ::read(client, buf, sizeof buf);
            if (n > 0) {
                got.append(buf, size_t(n));
                continue;
            }
            if (n == 0 && eof) *eof = true;
            return got;
        }
    }
    void accept(std::vector<HeaderField> fields = {}) {
        auto p = test::response_head_payload(101, fields);
        ipc::FrameHeader h = test::frame(FrameType::ResponseHead, sid, 1, p.size(), false);
        h.flags = ipc::kFlagUpgradeAccepted;
        conn->on_worker_frame(h, p.data(), p.size());
    }
    void push(int from, uint64_t id, ipc::WsOpcode op, std::string_view data, bool more = false) {
        std::vector<uint8_t> p(ipc::kMaxPayload);
        const size_t n = op == ipc::WsOpcode::Close
                             ? ipc::encode_ws_push_close(uint16_t(uint8_t(data[0]) << 8 | uint8_t(data[1])),
                                                         data.substr(2), p.data(), p.size())
                             : ipc::encode_ws_push(op, 0, data, p.data(), p.size());
        ipc::FrameHeader h = test::frame(FrameType::WsPush, id, 0, n, false);
        if (more) h.flags = ipc::kFlagMore;
        REQUIRE(current()->worker_client() != nullptr);
        current()->worker_client()->on_ws_push(from, 0, h, p.data(), n);
    }
    std::vector<test::FakeWorkers::Sent> of(FrameType t) const { return workers.of(t); }
};

// Server frames as the client parses them.
std::vector<std::pair<websocket::EventKind, std::string>> frames(const std::string& bytes) {
    websocket::Parser p(websocket::Role::Client);
    std::string_view in = bytes;
    std::vector<std::pair<websocket::EventKind, std::string>> out;
    for (;;) {
        websocket::Event ev = p.feed(in);
        if (ev.kind == websocket::EventKind::NeedMore) break;
        std::string d(ev.data);
        if (ev.kind == websocket::EventKind::Close) d = std::to_string(ev.close_code) + " " + d;
        out.emplace_back(ev.kind, d);
        if (ev.kind == websocket::EventKind::Close || ev.kind == websocket::EventKind::Error) break;
    }
    return out;
}

}  // namespace

TEST_CASE("websocket h1: an accepted upgrade becomes a 101 and the socket a WebSocket", "[websocket][http1]") {
    Ws w;
    w.send(kUpgrade);
    REQUIRE(w.workers.sent.size() == 1);
    ipc::RequestHeadView v;
    const auto& s = w.workers.sent[0];
    REQUIRE(ipc::decode_request_head(reinterpret_cast<const uint8_t*>(s.data.data()), s.data.size(), v) ==
            ipc::DecodeError::None);
    CHECK((v.conn.flags & ipc::kRequestFlagWebSocket) != 0);
    CHECK(s.end);

    w.accept({{"Sec-WebSocket-Protocol", "chat"}, {"Connection", "keep-alive"}, {"Content-Length", "0"}});
    CHECK(w.recv() == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: " + kAccept + "\r\nSec-WebSocket-Protocol: chat\r\n\r\n");
    REQUIRE(w.loop.handovers.size() == 1);
    auto opened = w.of(FrameType::WsOpen);
    REQUIRE(opened.size() == 1);
    CHECK(opened[0].session == w.sid);
    CHECK(opened[0].stream == 1);
    const uint64_t id = opened[0].credit;
    CHECK(w.workers.load[0] == 0);  // the request stream no longer counts in the worker's load

    // Client → worker: a text message, fragmented, with a ping between the fragments.
    w.send(client_frame(websocket::Opcode::Text, "Hel", false) + client_frame(websocket::Opcode::Ping, "p") +
           client_frame(websocket::Opcode::Continuation, "lo"));
    auto msgs = w.of(FrameType::WsMessage);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0].session == id);
    CHECK(msgs[0].data == std::string("\x01") + "Hello");
    auto got = frames(w.recv());
    REQUIRE(got.size() == 1);
    CHECK(got[0] == std::make_pair(websocket::EventKind::Pong, std::string("p")));

    // Worker → client, from two workers at once, one push in two pieces.
    w.push(3, id, ipc::WsOpcode::Text, "from ", true);
    w.push(5, id, ipc::WsOpcode::Binary, "other");
    w.push(3, id, ipc::WsOpcode::Text, "three");
    got = frames(w.recv());
    REQUIRE(got.size() == 2);
    CHECK(got[0] == std::make_pair(websocket::EventKind::Message, std::string("other")));
    CHECK(got[1] == std::make_pair(websocket::EventKind::Message, std::string("from three")));
    CHECK(w.loop.stats.websocket_messages_out.load() == 2);

    // The client closes: our echo, the owner told once, the socket closed.
    w.send(client_frame(websocket::Opcode::Close, std::string("\x03\xe8", 2) + "bye"));
    auto closed = w.of(FrameType::WsClosed);
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].session == id);
    CHECK(closed[0].credit == 1000);
    CHECK(closed[0].data == "bye");
    bool eof = false;
    got = frames(w.recv(&eof));
    REQUIRE(got.size() == 1);
    CHECK(got[0].second == "1000 ");
    CHECK(w.workers.ws_open.empty());
    // A push after the end is dropped and counted; the client then closes its side too.
    w.push(3, id, ipc::WsOpcode::Text, "late");
    CHECK(w.loop.stats.websocket_pushes_dropped.load() == 1);
    CHECK(w.recv().empty());
    ::shutdown(w.client, SHUT_WR);
    w.current()->on_event(EPOLLIN);
    CHECK(w.loop.sessions.count(w.sid) == 0);
    CHECK(w.of(FrameType::WsClosed).size() == 1);
}

TEST_CASE("websocket h1: a close push closes with the worker's code and reason (WS_PUSH carries the code little-endian)",
          "[websocket][http1]") {
    Ws w;
    w.send(kUpgrade);
    w.accept();
    w.recv();
    auto opened = w.of(FrameType::WsOpen);
    REQUIRE(opened.size() == 1);
    const uint64_t id = opened[0].credit;
    w.push(3, id, ipc::WsOpcode::Close, std::string("\x0f\xa1", 2) + "asked");  // 4001
    auto got = frames(w.recv());
    REQUIRE(got.size() == 1);
    CHECK(got[0].first == websocket::EventKind::Close);
    CHECK(got[0].second == "4001 asked");
    CHECK(w.loop.stats.websocket_pushes_dropped.load() == 0);
}

TEST_CASE("websocket h1: a refused upgrade is an ordinary response, then the connection closes", "[websocket][http1]") {
    Ws w;
    w.send(kUpgrade);
    auto p = test::response_head_payload(403, {{"Content-Type", "text/plain"}}, "no");
    w.conn->on_worker_frame(test::frame(FrameType::ResponseHead, w.sid, 1, p.size(), true), p.data(), p.size());
    const std::string r = w.recv();
    CHECK(r.rfind("HTTP/1.1 403 Forbidden\r\n", 0) == 0);
    CHECK(r.find("Connection: close\r\n") != std::string::npos);
    CHECK(r.size() >= 2);
    CHECK(r.substr(r.size() - 2) == "no");
    CHECK(w.loop.handovers.empty());
    CHECK(w.loop.stats.websocket_upgrades_refused.load() == 1);
}

TEST_CASE("websocket h1: bad upgrades are answered by the reactor", "[websocket][http1]") {
    SECTION("version 8: 426 with the version we speak") {
        Ws w;
        std::string req = kUpgrade;
        req.replace(req.find("Version: 13"), 11, "Version: 8");
        w.send(req);
        CHECK(w.workers.sent.empty());
        const std::string r = w.recv();
        CHECK(r.rfind("HTTP/1.1 426 ", 0) == 0);
        CHECK(r.find("Sec-WebSocket-Version: 13\r\n") != std::string::npos);
        CHECK(r.find("Connection: close\r\n") != std::string::npos);
    }
    SECTION("no key: 400") {
        Ws w;
        std::string req = kUpgrade;
        req.erase(req.find("Sec-WebSocket-Key"), req.find("Sec-WebSocket-Version") - req.find("Sec-WebSocket-Key"));
        w.send(req);
        CHECK(w.workers.sent.empty());
        CHECK(w.recv().rfind("HTTP/1.1 400 ", 0) == 0);
    }
    SECTION("a body: 400") {
        Ws w;
        std::string req = kUpgrade;
        req.insert(req.size() - 2, "Content-Length: 2\r\n");
        w.send(req + "xx");
        CHECK(w.workers.sent.empty());
        CHECK(w.recv().rfind("HTTP/1.1 400 ", 0) == 0);
    }
    SECTION("Upgrade: h2c is not a WebSocket: plain HTTP") {
        Ws w;
        w.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n");
        REQUIRE(w.workers.sent.size() == 1);
        ipc::RequestHeadView v;
        const auto& s = w.workers.sent[0];
        REQUIRE(ipc::decode_request_head(reinterpret_cast<const uint8_t*>(s.data.data()), s.data.size(), v) ==
                ipc::DecodeError::None);
        CHECK((v.conn.flags & ipc::kRequestFlagWebSocket) == 0);
    }
}

TEST_CASE("websocket h1: a full registry answers 503 and tells the worker", "[websocket][http1]") {
    Ws w;
    w.workers.next_ws_id = 0;
    w.send(kUpgrade);
    w.accept();
    CHECK(w.recv().rfind("HTTP/1.1 503 ", 0) == 0);
    auto resets = w.of(FrameType::StreamReset);
    REQUIRE(resets.size() == 1);
    CHECK(resets[0].reset == ipc::ResetCode::Refused);
    CHECK(w.loop.handovers.empty());
    CHECK(w.workers.load[0] == 0);
}

TEST_CASE("websocket h1: an upgrade behind a pipelined request waits for its turn", "[websocket][http1]") {
    Ws w;
    w.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\n" + kUpgrade + client_frame(websocket::Opcode::Text, "early"));
    REQUIRE(w.workers.sent.size() == 1);  // the upgrade is not parsed yet
    auto p = test::response_head_payload(200, {}, "1");
    w.conn->on_worker_frame(test::frame(FrameType::ResponseHead, w.sid, 1, p.size(), true), p.data(), p.size());
    REQUIRE(w.workers.sent.size() == 2);
    CHECK(w.workers.sent[1].stream == 2);
    auto a = test::response_head_payload(101, {});
    ipc::FrameHeader h = test::frame(FrameType::ResponseHead, w.sid, 2, a.size(), false);
    h.flags = ipc::kFlagUpgradeAccepted;
    w.conn->on_worker_frame(h, a.data(), a.size());
    const std::string r = w.recv();
    CHECK(r.find("HTTP/1.1 200 OK\r\n") == 0);
    CHECK(r.find("HTTP/1.1 101 Switching Protocols\r\n") != std::string::npos);
    // The frame the client sent early (after its upgrade request) reached the owner.
    auto msgs = w.of(FrameType::WsMessage);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0].data == std::string("\x01") + "early");
}

TEST_CASE("websocket h1: protocol errors, worker loss and drains close with the right codes", "[websocket][http1]") {
    SECTION("an unmasked client frame: 1002") {
        Ws w;
        w.send(kUpgrade);
        w.accept();
        w.recv();
        std::string unmasked;
        websocket::append_frame(unmasked, websocket::Opcode::Text, "x");
        w.send(unmasked);
        auto closed = w.of(FrameType::WsClosed);
        REQUIRE(closed.size() == 1);
        CHECK(closed[0].credit == 1002);
        auto got = frames(w.recv());
        REQUIRE(got.size() == 1);
        CHECK(got[0].second.rfind("1002 ", 0) == 0);
    }
    SECTION("the owner dies: 1011 to the client, the id released at once") {
        Ws w(2);
        w.send(kUpgrade);
        w.accept();
        w.recv();
        const int owner = w.of(FrameType::WsOpen)[0].binding;
        w.workers.kill(owner);
        w.current()->worker_client()->on_channel_lost(owner);
        CHECK(w.workers.ws_open.empty());
        auto got = frames(w.recv());
        REQUIRE(got.size() == 1);
        CHECK(got[0].second.rfind("1011 ", 0) == 0);
    }
    SECTION("the owner drains: 1001 to the client, WS_CLOSED 1001 to the owner now") {
        Ws w;
        w.send(kUpgrade);
        w.accept();
        w.recv();
        w.current()->worker_client()->on_ws_owner_draining(0);
        auto closed = w.of(FrameType::WsClosed);
        REQUIRE(closed.size() == 1);
        CHECK(closed[0].credit == 1001);
        auto got = frames(w.recv());
        REQUIRE(got.size() == 1);
        CHECK(got[0].second.rfind("1001 ", 0) == 0);
        // The client answers; the connection lingers then closes. No second WS_CLOSED.
        w.send(client_frame(websocket::Opcode::Close, std::string("\x03\xe9", 2)));
        CHECK(w.of(FrameType::WsClosed).size() == 1);
    }
    SECTION("the client vanishes: 1006") {
        Ws w;
        w.send(kUpgrade);
        w.accept();
        w.recv();
        ::shutdown(w.client, SHUT_WR);
        w.current()->on_event(EPOLLIN);
        auto closed = w.of(FrameType::WsClosed);
        REQUIRE(closed.size() == 1);
        CHECK(closed[0].credit == 1006);
        CHECK(w.loop.sessions.count(w.sid) == 0);
    }
}

// ---- Detached responses on HTTP/1.1 ------------------------------------------------------------

TEST_CASE("http1 detach: any worker writes the detached response, chunked, until its end", "[http1][detach]") {
    Ws w;
    w.send("GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
    auto p = test::response_head_payload(200, {{"Content-Type", "text/event-stream"}}, "data: 0\n\n");
    w.conn->on_worker_frame(test::frame(FrameType::ResponseHead, w.sid, 1, p.size(), false), p.data(), p.size());
    const std::string head = w.recv();
    CHECK(head.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
    std::vector<uint8_t> kind = {2};
    w.conn->on_worker_frame(test::frame(FrameType::StreamDetach, w.sid, 1, 1, false), kind.data(), 1);
    auto a = w.of(FrameType::StreamDetached);
    REQUIRE(a.size() == 1);
    CHECK(a[0].credit != 0);
    CHECK(w.workers.load[0] == 0);
    const std::string ev = "data: from another worker\n\n";
    w.conn->on_worker_frame(test::frame(FrameType::ResponseBody, w.sid, 1, ev.size(), false),
                            reinterpret_cast<const uint8_t*>(ev.data()), ev.size());
    CHECK(w.recv() == "1b\r\n" + ev + "\r\n");
    CHECK(w.of(FrameType::ResponseCredit).empty());
    w.conn->on_worker_frame(test::frame(FrameType::ResponseEnd, w.sid, 1, 0, false), nullptr, 0);
    CHECK(w.recv() == "0\r\n\r\n");
    CHECK(w.workers.detached.empty());
    // The connection carries on with the next request.
    w.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK(w.of(FrameType::RequestHead).size() == 2);
}

TEST_CASE("http1 detach: the client going away or the server stopping releases the id", "[http1][detach]") {
    SECTION("client gone") {
        Ws w;
        w.send("GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
        auto p = test::response_head_payload(200, {}, "x");
        w.conn->on_worker_frame(test::frame(FrameType::ResponseHead, w.sid, 1, p.size(), false), p.data(), p.size());
        std::vector<uint8_t> kind = {3};
        w.conn->on_worker_frame(test::frame(FrameType::StreamDetach, w.sid, 1, 1, false), kind.data(), 1);
        REQUIRE(w.workers.detached.size() == 1);
        ::shutdown(w.client, SHUT_WR);
        w.conn->on_event(EPOLLIN);
        CHECK(w.workers.detached.empty());
        CHECK(w.of(FrameType::StreamReset).empty());  // nothing for the worker that detached it
    }
    SECTION("shutdown ends it cleanly") {
        Ws w;
        w.send("GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
        auto p = test::response_head_payload(200, {}, "x");
        w.conn->on_worker_frame(test::frame(FrameType::ResponseHead, w.sid, 1, p.size(), false), p.data(), p.size());
        std::vector<uint8_t> kind = {3};
        w.conn->on_worker_frame(test::frame(FrameType::StreamDetach, w.sid, 1, 1, false), kind.data(), 1);
        w.recv();
        w.loop.shutting = true;
        w.conn->on_shutdown();
        CHECK(w.recv() == "0\r\n\r\n");
        CHECK(w.workers.detached.empty());
    }
    SECTION("a client that reads nothing is cut off past 4 MiB") {
        Ws w;
        w.send("GET /sse HTTP/1.1\r\nHost: a\r\n\r\n");
        auto p = test::response_head_payload(200, {}, "x");
        w.conn->on_worker_frame(test::frame(FrameType::ResponseHead, w.sid, 1, p.size(), false), p.data(), p.size());
        std::vector<uint8_t> kind = {3};
        w.conn->on_worker_frame(test::frame(FrameType::StreamDetach, w.sid, 1, 1, false), kind.data(), 1);
        const std::string chunk(60000, 'z');
        for (int i = 0; i < 200 && !w.workers.detached.empty(); ++i) {
            w.conn->on_worker_frame(test::frame(FrameType::ResponseBody, w.sid, 1, chunk.size(), false),
                                    reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size());
        }
        CHECK(w.workers.detached.empty());
        CHECK(w.loop.sessions.count(w.sid) == 0);
    }
}

TEST_CASE("websocket h1: pushes give their credit back once the socket took them, dropped ones at once",
          "[websocket][http1]") {
    Ws w;
    w.send(kUpgrade);
    w.accept();
    w.recv();
    auto opened = w.of(FrameType::WsOpen);
    REQUIRE(opened.size() == 1);
    const uint64_t id = opened[0].credit;
    const std::string msg(60000, 'p');  // one WS_PUSH frame each
    // 480 kB while the client reads nothing: more than the socket pair buffers, less than the
    // bound. What the socket took is given back; the rest waits.
    uint64_t pushed = 0;
    for (int i = 0; i < 8; ++i) {
        w.push(3, id, ipc::WsOpcode::Binary, msg);
        pushed += msg.size();
    }
    CHECK(w.loop.stats.websocket_pushes_dropped.load() == 0);
    const uint64_t early = w.workers.credit_returned[id];
    CHECK(early < pushed);
    CHECK(early % msg.size() == 0);  // whole messages only
    // Past the bound (these pushes skipped the workers' credit): the stream drops them rather
    // than hold more than the bound, and gives their credit back at once.
    uint64_t dropped_bytes = 0;
    for (int i = 0; i < 16; ++i) {
        const uint64_t before = w.loop.stats.websocket_pushes_dropped.load();
        w.push(3, id, ipc::WsOpcode::Binary, msg);
        pushed += msg.size();
        if (w.loop.stats.websocket_pushes_dropped.load() > before) dropped_bytes += msg.size();
    }
    CHECK(dropped_bytes > 0);
    CHECK(w.loop.stats.websocket_pushes_dropped.load() == dropped_bytes / msg.size());
    CHECK(pushed - dropped_bytes - early <= server::StreamRegistry::kPushBound + msg.size());
    // The client reads: everything comes back, exactly once.
    std::string got;
    for (int i = 0; i < 1000 && w.workers.credit_returned[id] < pushed; ++i) {
        got += w.recv();
        w.current()->on_event(EPOLLOUT);
    }
    got += w.recv();
    CHECK(w.workers.credit_returned[id] == pushed);
    auto f = frames(got);
    CHECK(f.size() == size_t((pushed - dropped_bytes) / msg.size()));
    // After the end nothing more is given back: the registry's release resets the credit.
    w.push(3, id, ipc::WsOpcode::Binary, msg);
    w.send(client_frame(websocket::Opcode::Close, std::string("\x03\xe8", 2)));
    REQUIRE(w.of(FrameType::WsClosed).size() == 1);
    const uint64_t at_close = w.workers.credit_returned[id];
    if (w.current()) w.push(3, id, ipc::WsOpcode::Binary, msg);
    CHECK(w.workers.credit_returned[id] == at_close);
}

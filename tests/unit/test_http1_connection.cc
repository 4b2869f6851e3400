// Http1Connection against the fake Loop and WorkerPort, over a real byte stream: the server
// end of a non-blocking AF_UNIX socketpair is the connection's PlainTransport, the test is
// the client on the other end and plays the workers through the WorkerClient callbacks.
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
#include <utility>
#include <vector>

#include "http1/connection.h"
#include "http2/connection.h"
#include "server/transport.h"
#include "stream_fakes.h"

using namespace trident;
using ipc::FrameType;
using Fields = std::vector<std::pair<std::string, std::string>>;

namespace {

const std::string kDate = "Date: Tue, 01 Dec 2026 00:00:00 GMT\r\n";

sockaddr_storage inet(const char* ip, uint16_t port) {
    sockaddr_storage ss{};
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    inet_pton(AF_INET, ip, &a->sin_addr);
    return ss;
}

// A reactor-made local response (413, 408, 500, 502): text/plain, the message and a newline.
std::string plain(const std::string& status, const std::string& message, bool close) {
    return "HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " +
           std::to_string(message.size() + 1) + "\r\n" + kDate + (close ? "Connection: close\r\n" : "") + "\r\n" +
           message + "\n";
}

struct Head {
    std::string method, scheme, authority, target;
    Fields headers;
    ipc::Protocol protocol{};
    uint8_t family = 0;
    uint16_t remote_port = 0, local_port = 0;
};

Head decode(const test::FakeWorkers::Sent& s) {
    REQUIRE(s.type == FrameType::RequestHead);
    ipc::RequestHeadView v;
    REQUIRE(ipc::decode_request_head(reinterpret_cast<const uint8_t*>(s.data.data()), s.data.size(), v) ==
            ipc::DecodeError::None);
    Head h{std::string(v.method), std::string(v.scheme), std::string(v.authority), std::string(v.target), {},
           v.conn.protocol, v.conn.family, v.conn.remote_port, v.conn.local_port};
    auto cur = v.headers();
    HeaderField f;
    while (cur.next(f)) h.headers.emplace_back(std::string(f.name), std::string(f.value));
    return h;
}

struct Conn {
    test::FakeLoop loop;
    test::FakeWorkers workers;
    int client = -1;
    int server_fd = -1;
    http1::Http1Connection* conn = nullptr;
    uint64_t sid = 0;
    bool eof = false;  // the client read the end of the stream

    explicit Conn(bool h2c = false, int n_workers = 1) : workers(n_workers) {
        int sv[2];
        REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == 0);
        server_fd = sv[0];
        client = sv[1];
        conn = new http1::Http1Connection(loop, workers, std::make_unique<server::PlainTransport>(server_fd),
                                          inet("192.0.2.7", 40000), inet("192.0.2.1", 8080), h2c);
        sid = loop.adopt(conn);
    }
    // What the reactor frees: the closed connections (Reactor::free_closed after the turn),
    // objects replaced by hand_over (Reactor::hand_over lists them as closed) and, at stop,
    // the live ones.
    ~Conn() {
        std::set<server::Connection*> all(loop.closed.begin(), loop.closed.end());
        for (auto& hv : loop.handovers) all.insert(hv.first);
        for (auto& s : loop.sessions) all.insert(s.second);
        for (server::Connection* c : all) delete c;
        if (client >= 0) ::close(client);
    }

    // The client sends bytes; the reactor reports the socket readable.
    void send(const std::string& bytes) {
        REQUIRE(::write(client, bytes.data(), bytes.size()) == ssize_t(bytes.size()));
        conn->on_event(EPOLLIN);
    }
    // Everything the client can read now.
    std::string recv() {
        std::string got;
        char buf[65536];
        for (;;) {
            ssize_t n = ::read(client, buf, sizeof buf);
            if (n > 0) {
                got.append(buf, size_t(n));
                continue;
            }
            if (n == 0) eof = true;
            return got;
        }
    }
    bool wants_write() const {
        auto it = loop.interest.find(server_fd);
        return it != loop.interest.end() && (it->second & EPOLLOUT) != 0;
    }
    // The client reads until the connection has no output left, the reactor reporting the
    // socket writable whenever the connection asked for it.
    std::string drain() {
        std::string got = recv();
        for (int i = 0; i < 10000 && wants_write(); ++i) {
            conn->on_event(EPOLLOUT);
            got += recv();
        }
        REQUIRE_FALSE(wants_write());
        return got;
    }
    bool closed() const { return std::count(loop.closed.begin(), loop.closed.end(), conn) == 1; }

    // The worker's side.
    void worker(FrameType t, int64_t stream, const std::vector<uint8_t>& payload, bool end) {
        conn->on_worker_frame(test::frame(t, sid, stream, payload.size(), end), payload.data(), payload.size());
    }
    void respond(int64_t stream, uint16_t status, const std::vector<HeaderField>& fields, std::string_view body,
                 bool end) {
        worker(FrameType::ResponseHead, stream, test::response_head_payload(status, fields, body), end);
    }
    void body(int64_t stream, const std::string& data, bool end) {
        worker(FrameType::ResponseBody, stream, std::vector<uint8_t>(data.begin(), data.end()), end);
    }
};

const std::string kOkHello = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + kDate + "Content-Length: 5\r\n\r\nhello";

}  // namespace

TEST_CASE("GET goes to a worker as one REQUEST_HEAD; its response is written with Content-Length",
          "[http1][connection]") {
    Conn c;
    c.send("GET /index?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t\r\n\r\n");
    REQUIRE(c.workers.sent.size() == 1);
    const auto& s = c.workers.sent[0];
    CHECK(s.session == c.sid);
    CHECK(s.stream == 1);
    CHECK(s.end);
    CHECK(s.binding == 0);
    Head h = decode(s);
    CHECK(h.method == "GET");
    CHECK(h.scheme == "http");
    CHECK(h.authority == "example.com");
    CHECK(h.target == "/index?x=1");
    CHECK(h.headers == Fields{{"Host", "example.com"}, {"User-Agent", "t"}});
    CHECK(h.protocol == ipc::Protocol::Http11);
    CHECK(h.family == AF_INET);
    CHECK(h.remote_port == 40000);
    CHECK(h.local_port == 8080);
    CHECK(c.workers.load[0] == 1);
    CHECK(c.loop.stats.requests_http1.load() == 1);
    CHECK(c.recv().empty());

    c.respond(1, 200, {{"Content-Type", "text/plain"}}, "hello", true);
    CHECK(c.recv() == kOkHello);
    CHECK(c.workers.load[0] == 0);
    CHECK(c.workers.sent.size() == 1);
    CHECK(c.conn->timer_kind == server::kTimerIdle);  // keep-alive
    CHECK_FALSE(c.closed());
}

TEST_CASE("pipelined requests are answered in request order whatever order the worker finishes",
          "[http1][connection]") {
    Conn c;
    c.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(c.workers.sent.size() == 2);
    CHECK(decode(c.workers.sent[0]).target == "/one");
    CHECK(decode(c.workers.sent[1]).target == "/two");
    CHECK(c.workers.sent[0].stream == 1);
    CHECK(c.workers.sent[1].stream == 2);
    CHECK(c.workers.load[0] == 2);

    c.respond(2, 200, {}, "two", true);
    CHECK(c.recv().empty());  // held back behind /one
    CHECK(c.workers.load[0] == 1);
    c.respond(1, 200, {}, "one", true);
    CHECK(c.recv() == "HTTP/1.1 200 OK\r\n" + kDate + "Content-Length: 3\r\n\r\none" + "HTTP/1.1 200 OK\r\n" + kDate +
                          "Content-Length: 3\r\n\r\ntwo");
    CHECK(c.workers.load[0] == 0);
}

TEST_CASE("a response with Connection: close ends the connection; the pipelined request behind it is refused",
          "[http1][connection]") {
    Conn c;
    c.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(c.workers.sent.size() == 2);
    c.respond(1, 200, {{"Connection", "close"}}, "one", true);
    CHECK(c.recv() == "HTTP/1.1 200 OK\r\n" + kDate + "Content-Length: 3\r\nConnection: close\r\n\r\none");
    CHECK(c.eof);
    REQUIRE(c.workers.sent.size() == 3);
    CHECK(c.workers.sent[2].type == FrameType::StreamReset);
    CHECK(c.workers.sent[2].stream == 2);
    CHECK(c.workers.sent[2].reset == ipc::ResetCode::Refused);
    CHECK(c.workers.load[0] == 0);
    c.respond(2, 200, {}, "two", true);  // too late: dropped
    CHECK(c.recv().empty());
    CHECK(c.loop.stats.stale_frames_dropped.load() == 1);
}

TEST_CASE("a Content-Length body in several writes becomes REQUEST_BODY frames, END_STREAM on the last",
          "[http1][connection]") {
    Conn c;
    c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhel");
    CHECK(c.conn->timer_kind == server::kTimerHeader);  // the body must keep coming
    c.send("lo wo");
    c.send("rld");
    const auto& sent = c.workers.sent;
    REQUIRE(sent.size() == 4);
    CHECK(decode(sent[0]).method == "POST");
    CHECK_FALSE(sent[0].end);
    for (size_t i = 1; i < 4; ++i) {
        CHECK(sent[i].type == FrameType::RequestBody);
        CHECK(sent[i].stream == 1);
        CHECK(sent[i].end == (i == 3));
    }
    CHECK(sent[1].data == "hel");
    CHECK(sent[2].data == "lo wo");
    CHECK(sent[3].data == "rld");
    c.respond(1, 200, {}, "", true);
    CHECK(c.recv() == "HTTP/1.1 200 OK\r\n" + kDate + "Content-Length: 0\r\n\r\n");
    CHECK(c.workers.load[0] == 0);
}

TEST_CASE("a chunked body's trailer fields end it as REQUEST_TRAILERS, after the body", "[http1][connection][trailers]") {
    Conn c;
    c.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n");
    c.send("X-Sum: 42 \r\nHost: evil\r\n\r\n");
    const auto& sent = c.workers.sent;
    REQUIRE(sent.size() == 3);
    CHECK(sent[1].type == FrameType::RequestBody);
    CHECK_FALSE(sent[1].end);
    CHECK(sent[2].type == FrameType::RequestTrailers);
    CHECK(sent[2].end);
    CHECK(c.workers.of(FrameType::RequestEnd).empty());
    ipc::FrameHeader h;
    h.type = FrameType::RequestTrailers;
    h.flags = ipc::kFlagEndStream;
    h.length = uint32_t(sent[2].data.size());
    ipc::ResponseHeadView v;
    REQUIRE(ipc::decode_request_trailers(h, reinterpret_cast<const uint8_t*>(sent[2].data.data()), v) ==
            ipc::DecodeError::None);
    REQUIRE(v.header_count == 1);  // Host is dropped
    HeaderField f;
    auto cur = v.headers();
    REQUIRE(cur.next(f));
    CHECK(f.name == "x-sum");
    CHECK(f.value == "42");
    c.respond(1, 204, {}, "", true);
    CHECK(c.workers.load[0] == 0);
}

TEST_CASE("a chunked request body is forwarded decoded, then REQUEST_END", "[http1][connection]") {
    Conn c;
    c.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
    c.send("lo\r\n6\r\n world\r\n0\r\n\r\n");
    const auto& sent = c.workers.sent;
    REQUIRE(sent.size() >= 3);
    CHECK_FALSE(sent.front().end);
    CHECK(c.workers.body_of(1) == "hello world");
    for (const auto& f : c.workers.of(FrameType::RequestBody)) CHECK_FALSE(f.end);
    CHECK(sent.back().type == FrameType::RequestEnd);
    CHECK(sent.back().stream == 1);
    CHECK(c.workers.of(FrameType::RequestEnd).size() == 1);
    c.respond(1, 204, {}, "", true);
    CHECK(c.recv() == "HTTP/1.1 204 No Content\r\n" + kDate + "\r\n");
    CHECK(c.workers.load[0] == 0);
}

TEST_CASE("package_max_length: a Content-Length over it gets 413 and the connection closes",
          "[http1][connection]") {
    Conn c;
    c.loop.cfg.package_max_length = 10;
    c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n0123456789a");
    CHECK(c.workers.sent.empty());
    CHECK(c.recv() == plain("413 Content Too Large", "Request body larger than package_max_length", true));
    CHECK(c.eof);  // our write side is shut (lingering close)
    CHECK_FALSE(c.closed());
    ::shutdown(c.client, SHUT_WR);
    c.conn->on_event(EPOLLIN | EPOLLRDHUP);
    CHECK(c.closed());
}

TEST_CASE("package_max_length: a chunked body growing past it gets 413 and resets the worker's stream",
          "[http1][connection]") {
    Conn c;
    c.loop.cfg.package_max_length = 10;
    c.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\nabcdefgh\r\n");
    CHECK(c.workers.body_of(1) == "abcdefgh");
    CHECK(c.workers.load[0] == 1);
    c.send("8\r\nijklmnop\r\n");
    CHECK(c.workers.body_of(1) == "abcdefgh");
    REQUIRE(c.workers.sent.size() == 3);
    const auto& r = c.workers.sent[2];
    CHECK(r.type == FrameType::StreamReset);
    CHECK(r.stream == 1);
    CHECK(r.reset == ipc::ResetCode::BodyTooLarge);
    CHECK(c.workers.load[0] == 0);
    CHECK(c.recv() == plain("413 Content Too Large", "Request body larger than package_max_length", true));
    CHECK(c.eof);
}

TEST_CASE("with no worker free the request waits; the body read meanwhile follows its head",
          "[http1][connection]") {
    Conn c;
    c.workers.no_worker = true;
    c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc");
    CHECK(c.workers.sent.empty());
    REQUIRE(c.workers.waiting.size() == 1);
    CHECK(c.workers.waiting[0] == std::make_pair(c.sid, int64_t(1)));
    c.send("def");
    CHECK(c.workers.sent.empty());

    c.workers.no_worker = false;
    c.conn->on_dispatch_ready(1);
    const auto& sent = c.workers.sent;
    REQUIRE(sent.size() == 2);
    CHECK(decode(sent[0]).target == "/up");
    CHECK_FALSE(sent[0].end);
    CHECK(sent[1].type == FrameType::RequestBody);
    CHECK(sent[1].data == "abcdef");
    CHECK(sent[1].end);
    CHECK(c.workers.load[0] == 1);
    c.respond(1, 200, {{"Content-Type", "text/plain"}}, "hello", true);
    CHECK(c.recv() == kOkHello);
    CHECK(c.workers.load[0] == 0);
}

TEST_CASE("a congested worker channel holds the body back until it drains", "[http1][connection]") {
    Conn c;
    c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nabc");
    REQUIRE(c.workers.sent.size() == 2);
    c.workers.set_congested(0, true);
    c.send("def");
    CHECK(c.workers.sent.size() == 2);
    REQUIRE(c.workers.drain_waiters.size() == 1);
    CHECK(c.workers.drain_waiters[0] == std::make_pair(0, c.sid));

    c.workers.set_congested(0, false);
    c.conn->on_channel_drained();
    REQUIRE(c.workers.sent.size() == 3);
    CHECK(c.workers.sent[2].data == "def");
    CHECK_FALSE(c.workers.sent[2].end);
    c.send("ghi");
    REQUIRE(c.workers.sent.size() == 4);
    CHECK(c.workers.sent[3].data == "ghi");
    CHECK(c.workers.sent[3].end);
    CHECK(c.workers.body_of(1) == "abcdefghi");
}

TEST_CASE("a worker lost before the response: 502, and the connection goes on with another worker",
          "[http1][connection]") {
    Conn c(false, 2);
    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(c.workers.sent.size() == 1);
    CHECK(c.workers.sent[0].binding == 0);
    c.workers.kill(0);
    c.conn->on_channel_lost(0);
    CHECK(c.recv() == plain("502 Bad Gateway", "Bad Gateway", false));
    CHECK(c.workers.load == std::vector<int64_t>{0, 0});
    CHECK(c.loop.stats.worker_lost_requests.load() == 1);
    CHECK_FALSE(c.closed());

    c.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(c.workers.sent.size() == 2);
    CHECK(c.workers.sent[1].binding == 1);
    CHECK(c.workers.sent[1].stream == 2);
    c.respond(2, 200, {{"Content-Type", "text/plain"}}, "hello", true);
    CHECK(c.recv() == kOkHello);
    CHECK(c.workers.load == std::vector<int64_t>{0, 0});
}

TEST_CASE("a worker lost after the response started closes the connection", "[http1][connection]") {
    Conn c;
    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    c.respond(1, 200, {}, "par", false);
    CHECK(c.recv() == "HTTP/1.1 200 OK\r\n" + kDate + "Transfer-Encoding: chunked\r\n\r\n3\r\npar\r\n");
    c.workers.kill(0);
    c.conn->on_channel_lost(0);
    CHECK(c.closed());
    CHECK(c.loop.interest.count(c.server_fd) == 0);
    CHECK(c.workers.load[0] == 0);
    CHECK(c.workers.of(FrameType::StreamReset).empty());
    CHECK(c.recv().empty());  // no terminating chunk: the client sees a truncated body
}

TEST_CASE("a worker's STREAM_RESET before the response is answered with 500", "[http1][connection]") {
    Conn c;
    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    c.worker(FrameType::StreamReset, 1, {0, 0, 0, 0}, false);
    CHECK(c.recv() == plain("500 Internal Server Error", "Internal Server Error", false));
    CHECK(c.workers.load[0] == 0);
    CHECK_FALSE(c.closed());
    CHECK(c.conn->timer_kind == server::kTimerIdle);
}

TEST_CASE("a streamed response is chunked exactly; trailers end the last chunk", "[http1][connection]") {
    Conn c;
    c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
    c.respond(1, 200, {{"X-A", "1"}, {"Content-Type", "text/plain"}}, "", false);
    CHECK(c.recv() == "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Type: text/plain\r\n" + kDate +
                          "Transfer-Encoding: chunked\r\n\r\n");
    c.body(1, "abc", false);
    CHECK(c.recv() == "3\r\nabc\r\n");
    c.body(1, "0123456789abcdef", false);
    CHECK(c.recv() == "10\r\n0123456789abcdef\r\n");
    CHECK(c.workers.load[0] == 1);
    c.worker(FrameType::ResponseEnd, 1, {}, true);
    CHECK(c.recv() == "0\r\n\r\n");
    CHECK(c.workers.load[0] == 0);

    c.send("GET /trailers HTTP/1.1\r\nHost: x\r\n\r\n");
    c.respond(2, 200, {}, "x", false);
    CHECK(c.recv() == "HTTP/1.1 200 OK\r\n" + kDate + "Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n");
    c.worker(FrameType::ResponseTrailers, 2, test::response_head_payload(0, {{"X-Checksum", "42"}}), true);
    CHECK(c.recv() == "0\r\nX-Checksum: 42\r\n\r\n");
    CHECK(c.workers.load[0] == 0);
    CHECK_FALSE(c.closed());
}

TEST_CASE("response credit goes back once the body reached the socket, in batches, none for the last frame",
          "[http1][connection]") {
    constexpr size_t kPiece = 32 * 1024;
    static_assert(8 * kPiece == ipc::kCreditBatch, "eight pieces make one batch");
    Conn c;
    // A small send buffer (the kernel doubles it): far less than one batch fits in the socket.
    int sndbuf = 16 * 1024;
    REQUIRE(setsockopt(c.server_fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf) == 0);
    c.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
    c.respond(1, 200, {}, "", false);
    std::string expected = "HTTP/1.1 200 OK\r\n" + kDate + "Transfer-Encoding: chunked\r\n\r\n";
    auto piece = [&](int i) { return std::string(kPiece, char('a' + i)); };
    auto credits = [&] { return c.workers.of(FrameType::ResponseCredit); };

    // One batch of body while the client reads nothing: most of it waits in our buffer.
    for (int i = 0; i < 8; ++i) {
        c.body(1, piece(i), false);
        expected += "8000\r\n" + piece(i) + "\r\n";
    }
    CHECK(c.wants_write());
    CHECK(credits().empty());
    std::string got = c.drain();
    REQUIRE(credits().size() == 1);
    CHECK(credits()[0].credit == ipc::kCreditBatch);
    CHECK(credits()[0].stream == 1);
    CHECK(credits()[0].session == c.sid);

    // One byte short of a batch more: no credit yet. The final frame (END_STREAM) is never
    // credited, although with it the client took a whole batch again.
    for (int i = 8; i < 16; ++i) {
        std::string p = i < 15 ? piece(i) : piece(i).substr(1);
        c.body(1, p, false);
        expected += (i < 15 ? "8000\r\n" : "7fff\r\n") + p + "\r\n";
    }
    got += c.drain();
    CHECK(credits().size() == 1);
    c.body(1, "z", true);
    expected += "1\r\nz\r\n0\r\n\r\n";
    got += c.drain();
    CHECK(credits().size() == 1);
    CHECK(got == expected);
    CHECK(c.workers.load[0] == 0);
}

TEST_CASE("the client closing mid-request cancels the worker's stream", "[http1][connection]") {
    Conn c;
    c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    REQUIRE(c.workers.sent.size() == 2);
    REQUIRE(::shutdown(c.client, SHUT_WR) == 0);
    c.conn->on_event(EPOLLIN | EPOLLRDHUP);
    REQUIRE(c.workers.sent.size() == 3);
    const auto& r = c.workers.sent[2];
    CHECK(r.type == FrameType::StreamReset);
    CHECK(r.stream == 1);
    CHECK(r.reset == ipc::ResetCode::Cancel);
    CHECK(c.closed());
    CHECK(c.workers.load[0] == 0);
    CHECK(c.loop.stats.client_aborts.load() == 1);
}

TEST_CASE("header timeout on a partial head: 408 and close", "[http1][connection]") {
    Conn c;
    c.send("GET / HTTP/1.1\r\nHost: x\r\n");
    CHECK(c.conn->timer_kind == server::kTimerHeader);
    c.conn->on_timeout(server::kTimerHeader);
    CHECK(c.recv() == plain("408 Request Timeout", "Request Timeout", true));
    CHECK(c.eof);
    CHECK(c.workers.sent.empty());
    CHECK_FALSE(c.closed());
    c.conn->on_timeout(server::kTimerHeader);  // the lingering close gives up
    CHECK(c.closed());
}

TEST_CASE("body timeout: 408, the worker's stream is reset, the connection closes", "[http1][connection]") {
    Conn c;
    c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    REQUIRE(c.workers.sent.size() == 2);
    CHECK(c.conn->timer_kind == server::kTimerHeader);
    c.conn->on_timeout(server::kTimerHeader);
    REQUIRE(c.workers.sent.size() == 3);
    CHECK(c.workers.sent[2].type == FrameType::StreamReset);
    CHECK(c.workers.sent[2].reset == ipc::ResetCode::BodyTimeout);
    CHECK(c.workers.load[0] == 0);
    CHECK(c.recv() == plain("408 Request Timeout", "Request Timeout", true));
    CHECK(c.eof);
}

TEST_CASE("idle timeout after a response closes the connection", "[http1][connection]") {
    Conn c;
    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    c.respond(1, 200, {{"Content-Type", "text/plain"}}, "hello", true);
    CHECK(c.recv() == kOkHello);
    CHECK(c.conn->timer_kind == server::kTimerIdle);
    c.conn->on_timeout(server::kTimerIdle);
    CHECK(c.closed());
    CHECK(c.loop.interest.count(c.server_fd) == 0);
    CHECK(c.recv().empty());
    CHECK(c.workers.load[0] == 0);
}

TEST_CASE("Expect: 100-continue is answered once the request has a worker", "[http1][connection]") {
    Conn c;
    c.workers.no_worker = true;
    c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    CHECK(c.recv().empty());
    c.workers.no_worker = false;
    c.conn->on_dispatch_ready(1);
    CHECK(c.recv() == "HTTP/1.1 100 Continue\r\n\r\n");
    c.send("data");
    CHECK(c.workers.body_of(1) == "data");
    c.respond(1, 200, {{"Content-Type", "text/plain"}}, "hello", true);
    CHECK(c.recv() == kOkHello);
    CHECK(c.workers.load[0] == 0);
}

TEST_CASE("h2c: the HTTP/2 preface hands the socket over to an Http2Connection", "[http1][connection]") {
    Conn c(true);
    c.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    REQUIRE(c.loop.handovers.size() == 1);
    CHECK(c.loop.handovers[0].first == c.conn);
    server::Connection* next = c.loop.handovers[0].second;
    CHECK(dynamic_cast<http2::Http2Connection*>(next) != nullptr);
    CHECK(c.loop.find(c.sid) == next);
    CHECK(c.workers.sent.empty());
    // The new connection speaks first: its SETTINGS frame (RFC 9113 3.4) on the same socket.
    std::string got = c.recv();
    REQUIRE(got.size() >= 9);
    size_t len = size_t(uint8_t(got[0])) << 16 | size_t(uint8_t(got[1])) << 8 | size_t(uint8_t(got[2]));
    CHECK(len % 6 == 0);
    CHECK(int(got[3]) == 0x4);  // SETTINGS
    CHECK(int(got[4]) == 0);    // not an ACK
    CHECK(got.substr(5, 4) == std::string(4, '\0'));
    CHECK_FALSE(c.closed());
}

TEST_CASE("a streamed response in flight when the shutdown begins: the connection closes once it is complete",
          "[http1][connection]") {
    Conn c;
    c.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(c.workers.sent.size() == 1);
    c.respond(1, 200, {{"Content-Type", "text/event-stream"}}, "data: 1\n\n", false);
    CHECK(c.recv() == "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" + kDate +
                          "Transfer-Encoding: chunked\r\n\r\n9\r\ndata: 1\n\n\r\n");
    c.loop.shutting = true;
    c.conn->on_shutdown();
    CHECK_FALSE(c.closed());  // its response is not complete yet
    c.body(1, "event: bye\n\n", true);
    CHECK(c.recv() == "c\r\nevent: bye\n\n\r\n0\r\n\r\n");
    CHECK(c.eof);  // the server's side is shut: the client sees the close after the response
    CHECK(c.workers.load[0] == 0);
}

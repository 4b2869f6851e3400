// QuicEndpoint + Http3Connection over real UDP sockets on 127.0.0.1, with the fake loop and
// workers of stream_fakes.h: the in-process ngtcp2/nghttp3 client of h3_test_client.h talks to
// the endpoint's socket, the test runs the loop's turns (datagrams in, wake-ups, deadlines,
// freeing closed connections) and plays the workers through the connection's WorkerClient
// methods. Raw datagrams cover what no well-behaved client sends (unknown versions and CIDs,
// garbage).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "h3_test_client.h"
#include "http3/cid.h"
#include "http3/connection.h"
#include "http3/endpoint.h"
#include "http3/quic_server_config.h"
#include "server/listen_sockets.h"
#include "stream_fakes.h"
#include "trident/core/clock.h"
#include "trident/http/reset_codes.h"
#include "trident/websocket/parser.h"
#include "trident/websocket/writer.h"

using namespace trident;
using h3_test::Client;
using http3::Http3Connection;
using http3::QuicEndpoint;
using http3::QuicServerConfig;
using ipc::FrameType;

namespace {

// A non-blocking UDP socket bound to 127.0.0.1:0; `pktinfo`: as the server's QUIC sockets
// are opened (listen_socket.cc), so the endpoint learns each datagram's local address.
int udp_socket(bool pktinfo, sockaddr_in* addr) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    int one = 1;
    if (pktinfo) REQUIRE(setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one) == 0);
    *addr = h3_test::loopback(0);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(addr), sizeof *addr) == 0);
    socklen_t len = sizeof *addr;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(addr), &len) == 0);
    return fd;
}

std::string bytes(const uint8_t* p, size_t n) { return std::string(reinterpret_cast<const char*>(p), n); }

struct Options {
    bool retry = false;             // http3_retry
    bool datagram = false;          // open_http3_datagram on the server, DATAGRAM on the client
    size_t package_max_length = 8u << 20;
};

struct Harness {
    test::FakeLoop loop;
    test::FakeWorkers workers;
    std::unique_ptr<QuicServerConfig> config;
    sockaddr_in server_addr{}, client_addr{};
    int server_fd = -1, client_fd = -1;
    std::unique_ptr<QuicEndpoint> ep;
    std::unique_ptr<Client> client;
    size_t freed = 0;  // connections deleted after they closed (Reactor::free_closed)

    explicit Harness(Options o = {}) {
        loop.cfg.open_http3_datagram = o.datagram;
        loop.cfg.http3_retry = o.retry;
        loop.cfg.package_max_length = o.package_max_length;
        http3::QuicLimits limits;
        limits.max_datagram_frame_size = o.datagram ? 65535 : 0;  // as master.cc derives it
        std::string error;
        config = QuicServerConfig::create(tls_test::pki().localhost_cert, tls_test::pki().localhost_key, "", limits,
                                          &error);
        INFO(error);
        REQUIRE(config);
        server_fd = udp_socket(true, &server_addr);
        client_fd = udp_socket(false, &client_addr);
        ep = std::make_unique<QuicEndpoint>(loop, workers, server::QuicListenSocket{server_fd, 0, config.get(), o.retry});
        REQUIRE(ep->start(&error));
        CHECK(loop.interest[server_fd] == EPOLLIN);
        client = std::make_unique<Client>(monotonic_ns(), "h3", 256 * 1024, o.datagram ? 65535 : 0, client_addr,
                                          server_addr);
    }

    ~Harness() {
        // The reactor's stop: whatever is left is closed, then freed.
        std::vector<server::Connection*> left;
        for (auto& [id, c] : loop.sessions) left.push_back(c);
        for (server::Connection* c : left) loop.close(c);
        free_closed();
        client.reset();
        ep.reset();
        close(server_fd);
        close(client_fd);
    }

    Http3Connection* conn() {
        if (loop.sessions.size() != 1) return nullptr;
        return dynamic_cast<Http3Connection*>(loop.sessions.begin()->second);
    }

    void free_closed() {
        for (server::Connection* c : loop.closed) delete c;
        freed += loop.closed.size();
        loop.closed.clear();
    }

    // --- raw datagrams ---
    void send_raw(const std::string& d, const sockaddr_in& to) {
        REQUIRE(sendto(client_fd, d.data(), d.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) ==
                ssize_t(d.size()));
    }
    void send_raw(const std::string& d) { send_raw(d, server_addr); }
    std::vector<std::string> recv_raw() {
        std::vector<std::string> out;
        char buf[65536];
        for (;;) {
            ssize_t n = recv(client_fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n < 0) break;
            out.emplace_back(buf, size_t(n));
        }
        return out;
    }
    // Sends d, runs one endpoint turn and returns what came back. The endpoint answers within
    // the turn and loopback delivers within sendmsg, so a short wait proves an absence.
    std::vector<std::string> exchange_raw(const std::string& d) {
        send_raw(d);
        REQUIRE(wait_readable(server_fd, 1000));
        ep->on_event(EPOLLIN);
        run_wakes();
        wait_readable(client_fd, 50);
        return recv_raw();
    }

    static bool wait_readable(int fd, int ms) {
        pollfd p{fd, POLLIN, 0};
        return poll(&p, 1, ms) == 1;
    }

    // --- one loop turn ---
    void run_wakes() {
        while (!loop.woken.empty()) {
            std::vector<server::Connection*> w;
            w.swap(loop.woken);
            for (server::Connection* c : w) c->on_event(EPOLLIN);
        }
    }
    void server_turn() {
        ep->on_event(EPOLLIN);
        run_wakes();
        uint64_t now = monotonic_ns();
        if (loop.last_deadline <= now) {
            std::vector<server::Connection*> live;
            for (auto& [id, c] : loop.sessions) live.push_back(c);
            for (server::Connection* c : live) c->on_deadline(now);
            run_wakes();
        }
        free_closed();
    }
    void client_turn() {
        uint64_t now = monotonic_ns();
        for (const std::string& d : recv_raw()) client->read(d, now);
        if (ngtcp2_conn_get_expiry(client->conn) <= now) ngtcp2_conn_handle_expiry(client->conn, now);
        for (const std::string& d : client->write(now)) send_raw(d);
    }
    void step() {
        client_turn();
        server_turn();
        // Sleep until a datagram arrives or a timer of either side is due (at most 5 ms).
        uint64_t now = monotonic_ns();
        uint64_t next = std::min<uint64_t>(ngtcp2_conn_get_expiry(client->conn), loop.last_deadline);
        int ms = next <= now ? 0 : int(std::min<uint64_t>((next - now) / 1000000, 5));
        pollfd p[2] = {{server_fd, POLLIN, 0}, {client_fd, POLLIN, 0}};
        poll(p, 2, ms);
    }
    bool run_until(const std::function<bool()>& done, int max_ms = 3000) {
        uint64_t end = monotonic_ns() + uint64_t(max_ms) * 1000000;
        while (!done()) {
            if (monotonic_ns() > end) return false;
            step();
        }
        return true;
    }
    void handshake() {
        REQUIRE(run_until([&] { return client->handshake_done && conn() != nullptr; }));
        run_until([] { return false; }, 30);  // the handshake's last ACKs settle
        REQUIRE(conn() != nullptr);
    }

    // --- the worker ---
    void respond(int64_t stream, uint16_t status, std::string_view body, bool end) {
        Http3Connection* c = conn();
        REQUIRE(c);
        std::vector<uint8_t> p = test::response_head_payload(status, {{"content-type", "text/plain"}}, body);
        c->on_worker_frame(test::frame(FrameType::ResponseHead, c->session_id, stream, p.size(), end), p.data(),
                           p.size());
    }
    void respond_body(int64_t stream, std::string_view body, bool end) {
        Http3Connection* c = conn();
        REQUIRE(c);
        c->on_worker_frame(test::frame(FrameType::ResponseBody, c->session_id, stream, body.size(), end),
                           reinterpret_cast<const uint8_t*>(body.data()), body.size());
    }
    size_t heads() const { return workers.of(FrameType::RequestHead).size(); }
};

// What a worker learns from a REQUEST_HEAD payload.
struct Head {
    ipc::Protocol protocol{};
    uint8_t flags = 0;
    std::string method, scheme, authority, target;
    uint16_t remote_port = 0, local_port = 0;
};

Head decode_head(const std::string& payload) {
    ipc::RequestHeadView v;
    REQUIRE(ipc::decode_request_head(reinterpret_cast<const uint8_t*>(payload.data()), payload.size(), v) ==
            ipc::DecodeError::None);
    return Head{v.conn.protocol,
                v.conn.flags,
                std::string(v.method),
                std::string(v.scheme),
                std::string(v.authority),
                std::string(v.target),
                v.conn.remote_port,
                v.conn.local_port};
}

// A QUIC long-header packet of `version` with the given CIDs, padded to `len` bytes (what a
// client's first Initial looks like from the outside).
std::string long_header(uint32_t version, const std::string& dcid, const std::string& scid, size_t len,
                        uint8_t first = 0xc0) {
    std::string p(1, char(first));
    for (int i = 3; i >= 0; --i) p += char(version >> (8 * i));
    p += char(dcid.size());
    p += dcid;
    p += char(scid.size());
    p += scid;
    p.resize(std::max(len, p.size()), '\x5a');
    return p;
}

std::string server_format_cid() {
    uint8_t cid[http3::kCidLength];
    REQUIRE(http3::make_server_cid(0, cid));
    return bytes(cid, sizeof cid);
}

}  // namespace

TEST_CASE("http3 endpoint: handshake and GET reach the worker, its response the client", "[http3][endpoint]") {
    Harness h;
    h.handshake();
    Http3Connection* c = h.conn();
    CHECK(h.loop.stats.http3_connections == 1);
    CHECK_FALSE(c->on_worker_datagram(reinterpret_cast<const uint8_t*>("x"), 1));  // DATAGRAM not negotiated

    int64_t sid = h.client->request("GET", "/hello?x=1");
    REQUIRE(h.run_until([&] { return h.heads() == 1; }));
    const test::FakeWorkers::Sent sent = h.workers.of(FrameType::RequestHead)[0];
    CHECK(sent.session == c->session_id);
    CHECK(sent.stream == sid);
    CHECK(sent.end);  // no body: the head is the whole request
    Head head = decode_head(sent.data);
    CHECK(head.protocol == ipc::Protocol::Http3);
    CHECK((head.flags & ipc::kRequestFlagTls) != 0);
    CHECK(head.method == "GET");
    CHECK(head.scheme == "https");
    CHECK(head.authority == "localhost");
    CHECK(head.target == "/hello?x=1");
    CHECK(head.remote_port == ntohs(h.client_addr.sin_port));
    CHECK(head.local_port == ntohs(h.server_addr.sin_port));
    CHECK(h.workers.load[0] == 1);
    CHECK(h.loop.stats.requests_http3 == 1);

    h.respond(sid, 200, "hello ", false);
    h.respond_body(sid, "world", true);
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }));
    CHECK(h.client->responses[sid].status == "200");
    CHECK(h.client->responses[sid].body == "hello world");
    CHECK(h.client->responses[sid].reset_code == UINT64_MAX);
    CHECK(h.workers.load[0] == 0);
    CHECK(h.loop.stats.responses_total == 1);
    CHECK(h.loop.stats.client_aborts == 0);
    CHECK(h.workers.of(FrameType::StreamReset).empty());
}

TEST_CASE("http3 endpoint: a POST body reaches the worker whole", "[http3][endpoint]") {
    Harness h;
    h.handshake();
    std::string upload;
    for (int i = 0; upload.size() < 40 * 1024; ++i) upload += "chunk " + std::to_string(i) + "\n";
    int64_t sid = h.client->request("POST", "/upload", upload);
    REQUIRE(h.run_until([&] { return !h.workers.of(FrameType::RequestEnd).empty(); }));
    REQUIRE(h.heads() == 1);
    CHECK_FALSE(h.workers.of(FrameType::RequestHead)[0].end);
    CHECK(decode_head(h.workers.of(FrameType::RequestHead)[0].data).method == "POST");
    CHECK(h.workers.body_of(sid) == upload);
    CHECK(h.workers.of(FrameType::RequestEnd)[0].stream == sid);

    h.respond(sid, 201, "stored", true);
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }));
    CHECK(h.client->responses[sid].status == "201");
    CHECK(h.client->responses[sid].body == "stored");
    CHECK(h.workers.load[0] == 0);
}

TEST_CASE("http3 endpoint: a body over package_max_length gets 413 and the worker a reset", "[http3][endpoint]") {
    Options o;
    o.package_max_length = 1000;
    Harness h(o);
    h.handshake();
    int64_t sid = h.client->request("POST", "/upload", std::string(5000, 'b'));
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }));
    CHECK(h.client->responses[sid].status == "413");
    std::vector<test::FakeWorkers::Sent> resets = h.workers.of(FrameType::StreamReset);
    REQUIRE(resets.size() == 1);
    CHECK(resets[0].stream == sid);
    CHECK(resets[0].reset == ipc::ResetCode::BodyTooLarge);
    CHECK(h.workers.body_of(sid).size() <= 1000);
    CHECK(h.workers.of(FrameType::RequestEnd).empty());
    CHECK(h.workers.load[0] == 0);
}

TEST_CASE("http3 endpoint: a client reset in flight cancels the worker's request", "[http3][endpoint]") {
    Harness h;
    h.handshake();
    int64_t sid = h.client->request("GET", "/slow");
    REQUIRE(h.run_until([&] { return h.heads() == 1; }));
    CHECK(h.workers.load[0] == 1);

    nghttp3_conn_shutdown_stream_write(h.client->h3, sid);
    REQUIRE(ngtcp2_conn_shutdown_stream(h.client->conn, sid, NGHTTP3_H3_REQUEST_CANCELLED) == 0);
    REQUIRE(h.run_until([&] { return !h.workers.of(FrameType::StreamReset).empty(); }));
    std::vector<test::FakeWorkers::Sent> resets = h.workers.of(FrameType::StreamReset);
    REQUIRE(resets.size() == 1);
    CHECK(resets[0].stream == sid);
    CHECK(resets[0].reset == ipc::ResetCode::Cancel);
    CHECK(h.loop.stats.client_aborts == 1);
    CHECK(h.loop.stats.http3_streams_reset == 1);
    CHECK(h.workers.load[0] == 0);

    // The worker's late answer goes nowhere.
    h.respond(sid, 200, "late", true);
    CHECK(h.loop.stats.stale_frames_dropped == 1);
    CHECK(h.workers.load[0] == 0);
    CHECK(h.client->responses[sid].status.empty());
}

TEST_CASE("http3 endpoint: a lost worker gives 502 before the response, a reset after", "[http3][endpoint]") {
    Harness h;
    h.handshake();
    int64_t waiting = h.client->request("GET", "/waiting");
    int64_t started = h.client->request("GET", "/started");
    REQUIRE(h.run_until([&] { return h.heads() == 2; }));
    h.respond(started, 200, "part", false);
    REQUIRE(h.run_until([&] { return h.client->responses[started].body == "part"; }));
    CHECK(h.client->responses[started].status == "200");

    h.workers.kill(0);
    const size_t frames_before = h.workers.sent.size();
    h.conn()->on_channel_lost(0);
    REQUIRE(h.run_until([&] {
        return h.client->responses[waiting].closed && h.client->responses[started].reset_code != UINT64_MAX;
    }));
    CHECK(h.client->responses[waiting].status == "502");
    CHECK(h.client->responses[started].reset_code == NGHTTP3_H3_INTERNAL_ERROR);
    CHECK(h.client->responses[started].body == "part");
    CHECK(h.loop.stats.worker_lost_requests == 2);
    CHECK(h.workers.sent.size() == frames_before);  // nothing more to a dead worker
}

TEST_CASE("http3 endpoint: shutdown sends GOAWAY, refuses new requests, finishes the others",
          "[http3][endpoint]") {
    Harness h;
    h.handshake();
    int64_t first = h.client->request("GET", "/in-flight");
    REQUIRE(h.run_until([&] { return h.heads() == 1; }));

    // What Reactor::begin_shutdown() does.
    h.loop.shutting = true;
    h.ep->stop_accepting();
    h.conn()->on_shutdown();
    // A request that crosses the GOAWAY on the wire (nghttp3 sends none once it has one).
    int64_t late = h.client->request("GET", "/late");
    REQUIRE(h.run_until([&] { return !h.client->goaways.empty(); }));
    CHECK(h.client->goaways[0] == int64_t(NGHTTP3_SHUTDOWN_NOTICE_STREAM_ID));
    REQUIRE(h.run_until([&] { return h.client->responses[late].reset_code != UINT64_MAX; }));
    CHECK(h.client->responses[late].reset_code == NGHTTP3_H3_REQUEST_REJECTED);
    CHECK(h.heads() == 1);

    // A new connection is not even started.
    Client other(monotonic_ns(), "h3", 256 * 1024, 0, h.client_addr, h.server_addr);
    for (const std::string& d : other.write(monotonic_ns())) h.send_raw(d);
    const uint64_t dropped = h.loop.stats.quic_packets_dropped;
    REQUIRE(h.run_until([&] { return h.loop.stats.quic_packets_dropped > dropped; }));
    CHECK(h.loop.stats.http3_connections == 1);

    // The request in flight is answered; then the connection closes and is freed.
    h.respond(first, 200, "done", true);
    REQUIRE(h.run_until([&] { return h.client->responses[first].closed; }));
    CHECK(h.client->responses[first].body == "done");
    REQUIRE(h.run_until([&] { return h.freed == 1; }));
    CHECK(h.client->last_read_error == NGTCP2_ERR_DRAINING);  // the client got our CONNECTION_CLOSE
    CHECK(h.loop.sessions.empty());
    CHECK(h.workers.load[0] == 0);
}

TEST_CASE("http3 endpoint: http3_retry validates the address with a Retry first", "[http3][endpoint]") {
    Options o;
    o.retry = true;
    Harness h(o);
    // The client's first Initial gets a Retry and creates nothing.
    for (const std::string& d : h.client->write(monotonic_ns())) h.send_raw(d);
    REQUIRE(h.run_until([&] { return h.loop.stats.quic_retries_sent == 1; }, 1000));
    CHECK(h.loop.sessions.empty());
    CHECK(h.loop.stats.http3_connections == 0);

    // It comes back with the token: the connection completes and serves a request.
    h.handshake();
    CHECK(h.loop.stats.quic_retries_sent == 1);
    CHECK(h.loop.stats.http3_connections == 1);
    int64_t sid = h.client->request("GET", "/after-retry");
    REQUIRE(h.run_until([&] { return h.heads() == 1; }));
    h.respond(sid, 200, "ok", true);
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }));
    CHECK(h.client->responses[sid].body == "ok");

    // The connection handed out a NEW_TOKEN: the client's next connection from this address
    // skips the Retry.
    REQUIRE(h.run_until([&] { return !h.client->new_token.empty(); }));
    h.client = std::make_unique<Client>(monotonic_ns(), "h3", 256 * 1024, 0, h.client_addr, h.server_addr,
                                        h.client->new_token);
    REQUIRE(h.run_until([&] { return h.client->handshake_done && h.loop.sessions.size() == 2; }));
    CHECK(h.loop.stats.quic_tokens_accepted == 1);
    CHECK(h.loop.stats.quic_retries_sent == 1);
    CHECK(h.loop.stats.http3_connections == 2);
}

TEST_CASE("http3 endpoint: a packet for an unknown connection gets a stateless reset", "[http3][endpoint]") {
    Harness h;
    h.handshake();
    // The same listener after a restart: same reset secret, a new endpoint that knows no
    // connection. The client's next packet goes to it.
    test::FakeLoop loop2;
    test::FakeWorkers workers2;
    sockaddr_in addr2{};
    int fd2 = udp_socket(true, &addr2);
    {
        QuicEndpoint restarted(loop2, workers2, server::QuicListenSocket{fd2, 0, h.config.get(), false});
        std::string error;
        REQUIRE(restarted.start(&error));
        h.client->request("GET", "/after-restart");
        uint64_t now = monotonic_ns();
        for (const std::string& d : h.client->write(now)) h.send_raw(d, addr2);
        REQUIRE(Harness::wait_readable(fd2, 1000));
        restarted.on_event(EPOLLIN);
        CHECK(loop2.stats.quic_stateless_resets_sent >= 1);
        CHECK(loop2.sessions.empty());
        REQUIRE(Harness::wait_readable(h.client_fd, 1000));
        for (const std::string& d : h.recv_raw()) h.client->read(d, now);
        // The client recognises the reset token the original connection gave it, and stops.
        CHECK(h.client->last_read_error == NGTCP2_ERR_DRAINING);
    }
    close(fd2);

    // A crafted one: shorter than what triggered it, ending with the CID's reset token.
    std::string dcid = server_format_cid();
    std::string pkt = std::string(1, '\x40') + dcid + std::string(41, '\x33');
    const uint64_t before = h.loop.stats.quic_stateless_resets_sent;
    std::vector<std::string> got = h.exchange_raw(pkt);
    REQUIRE(got.size() == 1);
    CHECK(h.loop.stats.quic_stateless_resets_sent == before + 1);
    CHECK(got[0].size() < pkt.size());
    CHECK((uint8_t(got[0][0]) & 0xc0) == 0x40);  // looks like a short-header packet
    ngtcp2_cid cid;
    ngtcp2_cid_init(&cid, reinterpret_cast<const uint8_t*>(dcid.data()), dcid.size());
    uint8_t token[NGTCP2_STATELESS_RESET_TOKENLEN];
    REQUIRE(ngtcp2_crypto_generate_stateless_reset_token(token, h.config->reset_secret(),
                                                         QuicServerConfig::kResetSecretLength, &cid) == 0);
    CHECK(got[0].substr(got[0].size() - sizeof token) == bytes(token, sizeof token));
}

TEST_CASE("http3 endpoint: an unsupported QUIC version gets Version Negotiation", "[http3][endpoint]") {
    Harness h;
    const std::string dcid = "\x11\x22\x33\x44\x55\x66\x77\x88", scid = "\x99\xaa\xbb\xcc";
    // RFC 9000 §17.2.1: version 0, the client's CIDs swapped, then the versions we speak.
    const std::string expect = std::string(4, '\0') + char(scid.size()) + scid + char(dcid.size()) + dcid +
                               std::string("\x00\x00\x00\x01", 4);
    // A version nobody knows, and draft-29, which ngtcp2 knows but this server does not offer.
    uint64_t negotiations = 0;
    for (uint32_t version : {0x1a2a3a4au, 0xff00001du}) {
        INFO(version);
        std::vector<std::string> got = h.exchange_raw(long_header(version, dcid, scid, 1200));
        REQUIRE(got.size() == 1);
        CHECK(h.loop.stats.quic_version_negotiations == ++negotiations);
        REQUIRE(got[0].size() == 1 + expect.size());
        CHECK((uint8_t(got[0][0]) & 0x80) != 0);
        CHECK(got[0].substr(1) == expect);
        // Smaller than a client's first Initial: no answer (it could be spoofed for amplification).
        const uint64_t dropped = h.loop.stats.quic_packets_dropped;
        CHECK(h.exchange_raw(long_header(version, dcid, scid, 600)).empty());
        CHECK(h.loop.stats.quic_packets_dropped == dropped + 1);
    }
    // A Version Negotiation packet (version 0) sent to us is not answered.
    CHECK(h.exchange_raw(long_header(0, dcid, scid, 1200)).empty());
    CHECK(h.loop.stats.quic_version_negotiations == negotiations);
    CHECK(h.loop.sessions.empty());
}

TEST_CASE("http3 endpoint: garbage datagrams are dropped and counted", "[http3][endpoint]") {
    Harness h;
    const std::string dcid = "\x11\x22\x33\x44\x55\x66\x77\x88", scid = "\x99\xaa\xbb\xcc";
    const std::vector<std::string> garbage = {
        std::string(),                                                     // empty
        "hello",                                                           // too short for any header
        std::string(1, '\xc0'),                                            // a long header cut after one byte
        long_header(NGTCP2_PROTO_VER_V1, dcid, scid, 1200, 0xe0),          // Handshake of no connection
        std::string(1, '\x40') + std::string(18, '\x07') + std::string(40, 'x'),  // client-chosen CID
        std::string(1, '\x40') + server_format_cid() + std::string(3, 'x'),       // too short to reset
    };
    for (const std::string& g : garbage) {
        INFO(g.size());
        CHECK(h.exchange_raw(g).empty());
    }
    CHECK(h.loop.stats.quic_packets_dropped == garbage.size());
    CHECK(h.loop.sessions.empty());
    CHECK(h.loop.stats.http3_connections == 0);
    CHECK(h.loop.stats.quic_stateless_resets_sent == 0);
    CHECK(h.loop.stats.quic_version_negotiations == 0);
}

TEST_CASE("http3 endpoint: QUIC DATAGRAM frames go to the workers and back", "[http3][endpoint]") {
    Options o;
    o.datagram = true;
    Harness h(o);
    h.handshake();
    Http3Connection* c = h.conn();
    h.client->datagrams_out.push_back("ping");
    REQUIRE(h.run_until([&] { return !h.workers.of(FrameType::Datagram).empty(); }));
    std::vector<test::FakeWorkers::Sent> d = h.workers.of(FrameType::Datagram);
    REQUIRE(d.size() == 1);
    CHECK(d[0].session == c->session_id);
    CHECK(d[0].data == "ping");

    CHECK(c->on_worker_datagram(reinterpret_cast<const uint8_t*>("pong"), 4));
    REQUIRE(h.run_until([&] { return !h.client->datagrams_in.empty(); }));
    CHECK(h.client->datagrams_in == std::vector<std::string>{"pong"});

    // Empty ones are datagrams too (RFC 9221 sets no minimum), both ways.
    h.client->datagrams_out.push_back("");
    REQUIRE(h.run_until([&] { return h.workers.of(FrameType::Datagram).size() == 2; }));
    CHECK(h.workers.of(FrameType::Datagram)[1].data.empty());
    CHECK(c->on_worker_datagram(reinterpret_cast<const uint8_t*>(""), 0));
    REQUIRE(h.run_until([&] { return h.client->datagrams_in.size() == 2; }));
    CHECK(h.client->datagrams_in[1].empty());
    CHECK(h.workers.load[0] == 0);  // a datagram is no request
}

TEST_CASE("http3 endpoint: a client whose port changes keeps its connection (NAT rebinding)",
          "[http3][endpoint]") {
    Harness h;
    h.handshake();
    // The NAT gives the client a new port; the client itself does not notice.
    sockaddr_in moved{};
    int fd = udp_socket(false, &moved);
    REQUIRE(moved.sin_port != h.client_addr.sin_port);
    close(h.client_fd);
    h.client_fd = fd;
    int64_t sid = h.client->request("GET", "/moved");
    REQUIRE(h.run_until([&] { return h.heads() == 1; }));
    Head head = decode_head(h.workers.of(FrameType::RequestHead)[0].data);
    CHECK(head.remote_port == ntohs(moved.sin_port));  // the address the request came from
    h.respond(sid, 200, "still here", true);
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }));
    CHECK(h.client->responses[sid].body == "still here");
    CHECK(h.loop.stats.http3_connections == 1);
}

TEST_CASE("http3 endpoint: a datagram forwarded by another reactor reaches its connection", "[http3][endpoint]") {
    Harness h;
    h.handshake();
    sockaddr_storage local{}, remote{};
    memcpy(&local, &h.server_addr, sizeof h.server_addr);
    memcpy(&remote, &h.client_addr, sizeof h.client_addr);
    int64_t sid = h.client->request("GET", "/forwarded");
    std::vector<std::string> pkts = h.client->write(monotonic_ns());
    REQUIRE_FALSE(pkts.empty());
    for (const std::string& d : pkts) {
        h.ep->on_forwarded(local, remote, reinterpret_cast<const uint8_t*>(d.data()), d.size());
    }
    h.run_wakes();
    REQUIRE(h.heads() == 1);
    CHECK(decode_head(h.workers.of(FrameType::RequestHead)[0].data).target == "/forwarded");
    h.respond(sid, 200, "via another reactor", true);
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }));
    CHECK(h.client->responses[sid].body == "via another reactor");

    // The reactor that received it already answered what needed no connection: a forwarded
    // unsupported version gets no second Version Negotiation.
    std::string vn = long_header(0x1a2a3a4a, "\x01\x02\x03\x04", "\x05\x06", 1200);
    h.ep->on_forwarded(local, remote, reinterpret_cast<const uint8_t*>(vn.data()), vn.size());
    CHECK(h.loop.stats.quic_version_negotiations == 0);
}

// ---- WebSockets over extended CONNECT (RFC 9220) ----------------------------------------------

namespace {

std::string masked_frame(websocket::Opcode op, std::string_view payload) {
    static const websocket::MaskKey key = {{9, 8, 7, 6}};
    websocket::FrameOptions o;
    o.mask = &key;
    std::string out;
    websocket::append_frame(out, op, payload, o);
    return out;
}

// What the server sent on the WebSocket, parsed as a client reads it: a message's payload, or
// "close <code>"; "error <reason>" if the bytes break RFC 6455.
std::vector<std::string> server_frames(const std::string& bytes) {
    websocket::Parser p(websocket::Role::Client);
    std::string_view in = bytes;
    std::vector<std::string> out;
    for (;;) {
        websocket::Event ev = p.feed(in);
        if (ev.kind == websocket::EventKind::NeedMore) break;
        if (ev.kind == websocket::EventKind::Close) out.push_back("close " + std::to_string(ev.close_code));
        else if (ev.kind == websocket::EventKind::Error) out.push_back("error " + std::string(ev.data));
        else out.emplace_back(ev.data);
        if (ev.kind == websocket::EventKind::Close || ev.kind == websocket::EventKind::Error) break;
    }
    return out;
}

}  // namespace

TEST_CASE("http3 endpoint: a WebSocket over extended CONNECT: the 200, frames both ways, the close",
          "[http3][endpoint][websocket]") {
    Harness h;
    h.handshake();
    Http3Connection* c = h.conn();
    int64_t sid = h.client->extended_connect("websocket", "/chat", {{"sec-websocket-version", "13"}});
    REQUIRE(h.run_until([&] { return h.heads() == 1; }));
    const test::FakeWorkers::Sent sent = h.workers.of(FrameType::RequestHead)[0];
    CHECK(sent.stream == sid);
    CHECK(sent.end);  // the worker has the whole request: the stream's DATA is the WebSocket's
    Head head = decode_head(sent.data);
    CHECK(head.protocol == ipc::Protocol::Http3);
    CHECK((head.flags & ipc::kRequestFlagWebSocket) != 0);
    CHECK(head.method == "CONNECT");
    CHECK(head.target == "/chat");

    // The worker accepts: the client gets a 200 and the stream stays open.
    std::vector<uint8_t> p = test::response_head_payload(101, {{"Sec-WebSocket-Protocol", "chat"}});
    ipc::FrameHeader fh = test::frame(FrameType::ResponseHead, c->session_id, sid, p.size(), false);
    fh.flags = ipc::kFlagUpgradeAccepted;
    c->on_worker_frame(fh, p.data(), p.size());
    REQUIRE(h.run_until([&] { return !h.client->responses[sid].status.empty(); }));
    h3_test::Response& r = h.client->responses[sid];
    CHECK(r.status == "200");
    CHECK_FALSE(r.ended);
    auto opened = h.workers.of(FrameType::WsOpen);
    REQUIRE(opened.size() == 1);
    const uint64_t id = opened[0].credit;

    // A masked client frame in DATA becomes the owner's WS_MESSAGE.
    h.client->send_more(sid, masked_frame(websocket::Opcode::Text, "hi over h3"), false);
    REQUIRE(h.run_until([&] { return h.workers.of(FrameType::WsMessage).size() == 1; }));
    CHECK(h.workers.of(FrameType::WsMessage)[0].data == std::string("\x01") + "hi over h3");

    // A push from another worker reaches the client as one unmasked server frame.
    std::vector<uint8_t> push(ipc::kMaxPayload);
    size_t n = ipc::encode_ws_push(ipc::WsOpcode::Binary, 0, std::string(60000, 'b'), push.data(), push.size());
    c->on_ws_push(2, sid, test::frame(FrameType::WsPush, id, 0, n, false), push.data(), n);
    REQUIRE(h.run_until([&] { return r.body.size() >= 60000 + 4; }));
    std::vector<std::string> got = server_frames(r.body);
    REQUIRE(got.size() == 1);
    CHECK(got[0] == std::string(60000, 'b'));

    // The client closes: the server echoes the close and ends its side, WS_CLOSED 1000 once;
    // the client ends its side and the stream is done, without a reset.
    r.body.clear();
    h.client->send_more(sid, masked_frame(websocket::Opcode::Close, std::string("\x03\xe8", 2)), false);
    REQUIRE(h.run_until([&] { return r.ended; }));
    got = server_frames(r.body);
    REQUIRE(got.size() == 1);
    CHECK(got[0] == "close 1000");
    auto closed = h.workers.of(FrameType::WsClosed);
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].credit == 1000);
    CHECK(h.workers.ws_open.empty());
    h.client->send_more(sid, "", true);
    REQUIRE(h.run_until([&] { return r.closed; }));
    CHECK(r.reset_code == UINT64_MAX);
    CHECK(h.workers.of(FrameType::WsClosed).size() == 1);
    CHECK(h.workers.of(FrameType::StreamReset).empty());

    // The connection carries on: an ordinary request after the WebSocket.
    int64_t get = h.client->request("GET", "/after");
    REQUIRE(h.run_until([&] { return h.heads() == 2; }));
    h.respond(get, 200, "still here", true);
    REQUIRE(h.run_until([&] { return h.client->responses[get].closed; }));
    CHECK(h.client->responses[get].body == "still here");
}

TEST_CASE("http3 endpoint: extended CONNECT refusals", "[http3][endpoint][websocket]") {
    Harness h;
    h.handshake();
    SECTION(":protocol other than websocket: 501, nothing reaches a worker") {
        int64_t sid = h.client->extended_connect("connect-udp", "/", {});
        REQUIRE(h.run_until([&] { return h.client->responses[sid].ended; }));
        CHECK(h.client->responses[sid].status == "501");
        CHECK(h.heads() == 0);
    }
    SECTION("Sec-WebSocket-Version 8: 426") {
        int64_t sid = h.client->extended_connect("websocket", "/", {{"sec-websocket-version", "8"}});
        REQUIRE(h.run_until([&] { return h.client->responses[sid].ended; }));
        CHECK(h.client->responses[sid].status == "426");
        CHECK(h.heads() == 0);
    }
    SECTION("an unmasked client frame: close 1002 to the client, WS_CLOSED 1002 to the owner") {
        int64_t sid = h.client->extended_connect("websocket", "/", {{"sec-websocket-version", "13"}});
        REQUIRE(h.run_until([&] { return h.heads() == 1; }));
        Http3Connection* c = h.conn();
        std::vector<uint8_t> p = test::response_head_payload(101, {});
        ipc::FrameHeader fh = test::frame(FrameType::ResponseHead, c->session_id, sid, p.size(), false);
        fh.flags = ipc::kFlagUpgradeAccepted;
        c->on_worker_frame(fh, p.data(), p.size());
        REQUIRE(h.run_until([&] { return h.workers.of(FrameType::WsOpen).size() == 1; }));
        std::string unmasked;
        websocket::append_frame(unmasked, websocket::Opcode::Text, "hello");
        h.client->send_more(sid, unmasked, false);
        h3_test::Response& r = h.client->responses[sid];
        REQUIRE(h.run_until([&] { return !server_frames(r.body).empty(); }));
        CHECK(server_frames(r.body)[0] == "close 1002");
        REQUIRE(h.run_until([&] { return h.workers.of(FrameType::WsClosed).size() == 1; }));
        CHECK(h.workers.of(FrameType::WsClosed)[0].credit == 1002);
        CHECK(h.workers.of(FrameType::WsMessage).empty());
    }
}

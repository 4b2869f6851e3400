// QuicConnection end to end, in memory: a real ngtcp2 + nghttp3 client (GnuTLS, ALPN h3,
// verifying the server's certificate chain) exchanges datagrams with the server connection
// on a simulated clock.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <nghttp3/nghttp3.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "http3/cid.h"
#include "http3/quic_connection.h"
#include "http3/quic_server_config.h"
#include "h3_test_client.h"
#include "tls_test_support.h"

using namespace trident::http3;
using namespace h3_test;
using trident::HeaderField;

namespace Catch {
template <>
struct StringMaker<QuicConnection::State> {
    static std::string convert(QuicConnection::State s) { return QuicConnection::state_name(s); }
};
}  // namespace Catch

namespace {

// ---- the server side ------------------------------------------------------------------

struct Request {
    std::string method, scheme, authority, path, user_agent, body;
    bool headers_end_stream = false;
    bool ended = false;
    uint64_t reset_code = UINT64_MAX;
};

struct Observer : QuicObserver {
    QuicConnection* conn = nullptr;
    std::map<int64_t, Request> requests;
    std::vector<std::string> issued, retired;
    std::vector<std::string> datagrams;
    std::map<int64_t, uint64_t> acked;
    bool echo_datagrams = false;
    bool hold_body = false;  // do not return request body credit (see consume_body)
    bool defer_response = false;  // the test answers with respond() instead of on_request_end
    std::string response_body = "hello over http/3\n";

    void on_request_headers(int64_t sid, const RequestHead& h, bool end_stream) override {
        Request& r = requests[sid];
        r.method.assign(h.method);
        r.scheme.assign(h.scheme);
        r.authority.assign(h.authority);
        r.path.assign(h.path);
        for (const HeaderField& f : *h.fields) {
            if (f.name == "user-agent") r.user_agent.assign(f.value);
        }
        r.headers_end_stream = end_stream;
    }
    void on_request_data(int64_t sid, const uint8_t* d, size_t n) override {
        requests[sid].body.append(reinterpret_cast<const char*>(d), n);
        if (!hold_body) conn->consume_body(sid, n);  // taken at once: the window reopens
    }
    void on_request_end(int64_t sid) override {
        requests[sid].ended = true;
        // Answer from inside the callback, as a reactor relaying a fast worker would.
        if (!defer_response) respond(sid);
    }
    void respond(int64_t sid) {
        std::vector<HeaderField> fields{{"content-type", "text/plain"}};
        REQUIRE(conn->submit_response(sid, 200, fields, true) == 0);
        if (requests[sid].path == "/trailers") {
            REQUIRE(conn->append_body(sid, reinterpret_cast<const uint8_t*>("body"), 4, false) == 0);
            std::vector<HeaderField> trailers{{"x-checksum", "abc123"}, {"x-count", "1"}};
            REQUIRE(conn->submit_trailers(sid, trailers) == 0);
            // The body has ended: nothing more may be appended.
            CHECK(conn->append_body(sid, reinterpret_cast<const uint8_t*>("x"), 1, false) == NGHTTP3_ERR_INVALID_STATE);
            return;
        }
        // The body comes in two parts: the second one resumes a deferred stream.
        size_t half = response_body.size() / 2;
        REQUIRE(conn->append_body(sid, reinterpret_cast<const uint8_t*>(response_body.data()), half, false) == 0);
        REQUIRE(conn->append_body(sid, reinterpret_cast<const uint8_t*>(response_body.data()) + half,
                                  response_body.size() - half, true) == 0);
    }
    void on_stream_reset(int64_t sid, uint64_t code) override { requests[sid].reset_code = code; }
    uint64_t packets_lost = 0;
    void on_stream_packets_lost(uint64_t n) override { packets_lost += n; }
    void on_body_acked(int64_t sid, uint64_t n) override { acked[sid] += n; }
    void on_datagram(const uint8_t* d, size_t n) override {
        datagrams.emplace_back(reinterpret_cast<const char*>(d), n);
        if (echo_datagrams) CHECK(conn->send_datagram(d, n));
    }
    void on_cid_issued(const ngtcp2_cid& cid) override {
        issued.emplace_back(reinterpret_cast<const char*>(cid.data), cid.datalen);
    }
    void on_cid_retired(const ngtcp2_cid& cid) override {
        retired.emplace_back(reinterpret_cast<const char*>(cid.data), cid.datalen);
    }
};

struct Harness {
    static constexpr int kReactor = 3;
    std::unique_ptr<QuicServerConfig> config;
    Observer observer;
    uint64_t now = 1000 * 1000 * kMs;
    std::unique_ptr<Client> client;
    std::unique_ptr<QuicConnection> server;
    sockaddr_in server_addr = loopback(443);
    sockaddr_in client_addr = loopback(50000);
    std::deque<std::string> to_server, to_client;
    int first_feed = 0;
    size_t datagrams_to_client = 0;  // every datagram the server sent, from the start
    size_t drop_every = 0;           // lose every n-th datagram to the client (0: none)

    explicit Harness(const char* alpn = "h3", uint64_t client_stream_window = 256 * 1024,
                     uint64_t server_datagram = 0, uint64_t client_datagram = 0) {
        std::string error;
        QuicLimits limits;
        limits.max_datagram_frame_size = server_datagram;
        config = QuicServerConfig::create(tls_test::pki().localhost_cert, tls_test::pki().localhost_key, "", limits,
                                          &error);
        INFO(error);
        REQUIRE(config);
        client = std::make_unique<Client>(now, alpn, client_stream_window, client_datagram);
    }

    DatagramSink sink() {
        return [this](const ngtcp2_path& p, const uint8_t* d, size_t n) {
            // The reply leaves from the address the client sent to, towards the client.
            CHECK(p.remote.addrlen == sizeof(sockaddr_in));
            CHECK(std::memcmp(p.remote.addr, &client_addr, sizeof(sockaddr_in)) == 0);
            ++datagrams_to_client;
            if (drop_every != 0 && datagrams_to_client % drop_every == 0) return true;  // lost on the way
            to_client.emplace_back(reinterpret_cast<const char*>(d), n);
            return true;
        };
    }

    int feed(const std::string& d) {
        ngtcp2_path path = path_of(server_addr, client_addr);
        return server->feed(path, reinterpret_cast<const uint8_t*>(d.data()), d.size(), now);
    }

    void deliver_to_server() {
        ngtcp2_path path = path_of(server_addr, client_addr);
        while (!to_server.empty()) {
            std::string d = std::move(to_server.front());
            to_server.pop_front();
            const uint8_t* p = reinterpret_cast<const uint8_t*>(d.data());
            if (!server) {
                ngtcp2_pkt_hd hd;
                REQUIRE(ngtcp2_accept(&hd, p, d.size()) == 0);
                std::string error;
                server = QuicConnection::accept(*config, observer, kReactor, hd, path, now, &error);
                INFO(error);
                REQUIRE(server);
                observer.conn = server.get();
                first_feed = server->feed(path, p, d.size(), now);
                continue;
            }
            server->feed(path, p, d.size(), now);
        }
    }

    // One round trip of the simulated network: every datagram in flight is delivered, timers
    // run, and the clock moves on by a millisecond.
    void step() {
        for (std::string& d : client->write(now)) to_server.push_back(std::move(d));
        deliver_to_server();
        if (server) {
            if (server->expiry() <= now) server->on_expiry(now);
            server->write_datagrams(now, sink());
        }
        while (!to_client.empty()) {
            client->read(to_client.front(), now);
            to_client.pop_front();
        }
        if (ngtcp2_conn_get_expiry(client->conn) <= now) ngtcp2_conn_handle_expiry(client->conn, now);
        now += kMs;
    }

    template <class Done>
    bool run_until(Done done, int max_steps = 3000) {
        for (int i = 0; i < max_steps; ++i) {
            if (done()) return true;
            step();
        }
        return done();
    }
};

}  // namespace

TEST_CASE("http3 connection: handshake, GET, response body", "[http3]") {
    Harness h;
    REQUIRE(h.run_until([&] { return h.client->handshake_done && h.server && h.server->handshake_completed(); }));
    CHECK(h.first_feed == 0);

    // Every CID the server gave out routes to its reactor.
    for (const ngtcp2_cid& cid : h.server->server_cids()) {
        CHECK(reactor_of(cid.data, cid.datalen) == Harness::kReactor);
    }
    CHECK_FALSE(h.observer.issued.empty());
    for (const std::string& cid : h.observer.issued) {
        CHECK(reactor_of(reinterpret_cast<const uint8_t*>(cid.data()), cid.size()) == Harness::kReactor);
    }

    int64_t sid = h.client->request("GET", "/hello?x=1");
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }));

    const Request& r = h.observer.requests[sid];
    CHECK(r.method == "GET");
    CHECK(r.scheme == "https");
    CHECK(r.authority == "localhost");
    CHECK(r.path == "/hello?x=1");
    CHECK(r.user_agent == "trident-test");
    CHECK(r.headers_end_stream);
    CHECK(r.ended);
    CHECK(r.reset_code == UINT64_MAX);

    const Response& resp = h.client->responses[sid];
    CHECK(resp.status == "200");
    CHECK(resp.body == h.observer.response_body);
    CHECK(resp.ended);

    // Once the client has acknowledged everything the stream is gone on the server too.
    REQUIRE(h.run_until([&] { return h.server->open_streams() == 0; }));
    CHECK(h.server->state() == QuicConnection::State::active);
}

TEST_CASE("http3 connection: POST body and a large response under flow control", "[http3]") {
    // The client's per-stream window (16 KiB) is far below the response: the server's stream
    // blocks and resumes on MAX_STREAM_DATA, and its body memory is released as acks arrive.
    Harness h("h3", 16 * 1024);
    h.observer.response_body.clear();
    for (int i = 0; h.observer.response_body.size() < 300 * 1024; ++i) {
        h.observer.response_body += "line " + std::to_string(i) + " of a large body\n";
    }
    REQUIRE(h.run_until([&] { return h.client->handshake_done; }));

    std::string upload(100 * 1024, 'u');
    int64_t sid = h.client->request("POST", "/upload", upload);
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }));

    const Request& r = h.observer.requests[sid];
    CHECK(r.method == "POST");
    CHECK_FALSE(r.headers_end_stream);
    CHECK(r.body == upload);
    CHECK(r.ended);
    CHECK(h.client->responses[sid].body == h.observer.response_body);
    REQUIRE(h.run_until([&] { return h.server->open_streams() == 0; }));
    CHECK(h.server->unacked_body_bytes(sid) == 0);
}

TEST_CASE("http3 connection: several requests at once", "[http3]") {
    Harness h;
    REQUIRE(h.run_until([&] { return h.client->handshake_done; }));
    std::vector<int64_t> ids;
    for (int i = 0; i < 10; ++i) ids.push_back(h.client->request("GET", ("/r" + std::to_string(i)).c_str()));
    REQUIRE(h.run_until([&] {
        for (int64_t id : ids) {
            if (!h.client->responses[id].closed) return false;
        }
        return true;
    }));
    for (size_t i = 0; i < ids.size(); ++i) {
        CHECK(h.observer.requests[ids[i]].path == "/r" + std::to_string(i));
        CHECK(h.client->responses[ids[i]].body == h.observer.response_body);
    }
}

TEST_CASE("http3 connection: a client without ALPN h3 is refused", "[http3]") {
    Harness h("h2");
    h.run_until([&] { return h.server && h.server->state() != QuicConnection::State::active; }, 50);
    REQUIRE(h.server);
    CHECK(h.server->state() == QuicConnection::State::closing);
    CHECK(h.first_feed == NGTCP2_ERR_CRYPTO);  // the TLS handshake failed on the server
    CHECK(h.observer.requests.empty());
    // The client gets the CONNECTION_CLOSE and drains.
    h.step();
    CHECK(h.client->last_read_error == NGTCP2_ERR_DRAINING);
    CHECK_FALSE(h.client->handshake_done);
    // The closing period ends on the timer.
    h.now = h.server->expiry();
    h.server->on_expiry(h.now);
    CHECK(h.server->state() == QuicConnection::State::closed);
}

TEST_CASE("http3 connection: graceful shutdown lets the requests in flight finish", "[http3]") {
    using State = QuicConnection::State;
    Harness h;
    h.observer.defer_response = true;  // two requests stay in flight while the server shuts down
    REQUIRE(h.run_until([&] { return h.client->handshake_done; }));
    int64_t a = h.client->request("GET", "/a");
    int64_t b = h.client->request("GET", "/b");
    REQUIRE(h.run_until([&] { return h.observer.requests[a].ended && h.observer.requests[b].ended; }));
    CHECK(h.server->state() == State::active);

    // The GOAWAY notice: no new request, those on their way are still welcome.
    h.server->shutdown(h.now);
    CHECK(h.server->state() == State::shutting_down);
    REQUIRE(h.run_until([&] { return !h.client->goaways.empty(); }));
    CHECK(h.client->goaways[0] == int64_t(NGHTTP3_SHUTDOWN_NOTICE_STREAM_ID));
    CHECK(h.server->state() == State::shutting_down);
    h.server->shutdown(h.now);  // a second call changes nothing
    CHECK(h.server->state() == State::shutting_down);

    // After the grace period, the final GOAWAY names the first stream that will not be served.
    REQUIRE(h.run_until([&] { return h.server->state() != State::shutting_down; }));
    CHECK(h.server->state() == State::final_goaway);
    REQUIRE(h.run_until([&] { return h.client->goaways.size() == 2; }));
    CHECK(h.client->goaways[1] == b + 4);

    // The connection stays up while a request is unanswered.
    h.observer.respond(a);
    REQUIRE(h.run_until([&] { return h.server->open_streams() == 1; }));
    CHECK(h.client->responses[a].body == h.observer.response_body);
    h.run_until([] { return false; }, 20);
    CHECK(h.server->state() == State::final_goaway);

    // A response without body completes with its head: nothing may be appended, nor a second head.
    REQUIRE(h.server->submit_response(b, 204, {}, false) == 0);
    CHECK(h.server->append_body(b, reinterpret_cast<const uint8_t*>("x"), 1, true) == NGHTTP3_ERR_INVALID_STATE);
    CHECK(h.server->submit_response(b, 200, {}, false) == NGHTTP3_ERR_INVALID_STATE);
    // The last response acknowledged: CONNECTION_CLOSE (H3_NO_ERROR), and the client drains.
    REQUIRE(h.run_until([&] { return h.server->state() != State::final_goaway; }));
    CHECK(h.server->state() == State::closing);
    CHECK(h.client->responses[b].status == "204");
    CHECK(h.client->responses[b].closed);
    h.step();
    CHECK(h.client->last_read_error == NGTCP2_ERR_DRAINING);

    // The closing period ends on the timer.
    uint64_t end = h.server->expiry();
    REQUIRE(end != UINT64_MAX);
    h.server->on_expiry(end - 1);
    CHECK(h.server->state() == State::closing);
    h.server->on_expiry(end);
    CHECK(h.server->state() == State::closed);
    CHECK(h.server->expiry() == UINT64_MAX);
}

TEST_CASE("http3 connection: shutdown before the handshake closes at once", "[http3]") {
    using State = QuicConnection::State;
    Harness h;
    // The client's Initial only: the handshake is not complete.
    for (std::string& d : h.client->write(h.now)) h.to_server.push_back(std::move(d));
    h.deliver_to_server();
    REQUIRE(h.server);
    REQUIRE_FALSE(h.server->handshake_completed());
    h.server->shutdown(h.now);
    CHECK(h.server->state() == State::close_pending);
    h.server->write_datagrams(h.now, h.sink());
    CHECK(h.server->state() == State::closing);
}

TEST_CASE("http3 connection: an idle connection is dropped without a word", "[http3]") {
    using State = QuicConnection::State;
    Harness h;
    REQUIRE(h.run_until([&] { return h.client->handshake_done && h.server && h.server->handshake_completed(); }));
    h.run_until([] { return false; }, 50);  // every handshake packet acknowledged
    REQUIRE(h.server->state() == State::active);

    // The client goes silent: only the server's timers run (PTO probes may go out unanswered).
    const uint64_t silent_since = h.now;
    for (int i = 0; i < 100 && h.server->state() == State::active; ++i) {
        h.now = std::max(h.now, h.server->expiry());
        h.server->on_expiry(h.now);
        if (h.server->state() == State::active) h.server->write_datagrams(h.now, h.sink());
    }
    CHECK(h.server->state() == State::closed);
    // Both sides asked for 30 s; the clock started before the last packets.
    CHECK(h.now - silent_since >= 29 * 1000 * kMs);
    // RFC 9000 §10.1: no CONNECTION_CLOSE.
    const size_t before = h.datagrams_to_client;
    CHECK(h.server->write_datagrams(h.now, h.sink()) == 0);
    CHECK(h.datagrams_to_client == before);
    CHECK(h.server->expiry() == UINT64_MAX);
}

TEST_CASE("http3 connection: the peer's CONNECTION_CLOSE drains the connection", "[http3]") {
    using State = QuicConnection::State;
    Harness h;
    REQUIRE(h.run_until([&] { return h.client->handshake_done && h.server && h.server->handshake_completed(); }));
    h.run_until([] { return false; }, 10);
    std::string cc = h.client->close_connection(NGHTTP3_H3_NO_ERROR, h.now);

    CHECK(h.feed(cc) == NGTCP2_ERR_DRAINING);
    CHECK(h.server->state() == State::draining);
    // A draining endpoint sends nothing, not even when the peer repeats itself.
    const size_t before = h.datagrams_to_client;
    CHECK(h.server->write_datagrams(h.now, h.sink()) == 0);
    CHECK(h.feed(cc) == 0);
    CHECK(h.server->state() == State::draining);
    CHECK(h.server->write_datagrams(h.now, h.sink()) == 0);
    CHECK(h.datagrams_to_client == before);
    h.server->close(NGHTTP3_H3_INTERNAL_ERROR);  // too late: nothing changes
    h.server->shutdown(h.now);
    CHECK(h.server->state() == State::draining);

    // The draining period (3 x PTO) ends on the timer.
    uint64_t end = h.server->expiry();
    REQUIRE(end != UINT64_MAX);
    CHECK(end > h.now);
    h.server->on_expiry(end - 1);
    CHECK(h.server->state() == State::draining);
    h.server->on_expiry(end);
    CHECK(h.server->state() == State::closed);
    CHECK(h.server->write_datagrams(h.now, h.sink()) == 0);
    CHECK(h.datagrams_to_client == before);
}

TEST_CASE("http3 connection: a packet arriving while closing gets the CONNECTION_CLOSE again", "[http3]") {
    using State = QuicConnection::State;
    Harness h;
    REQUIRE(h.run_until([&] { return h.client->handshake_done && h.server && h.server->handshake_completed(); }));
    h.run_until([] { return false; }, 10);
    h.to_client.clear();

    // The close is chosen; the CONNECTION_CLOSE leaves with the next write.
    h.server->close(NGHTTP3_H3_INTERNAL_ERROR);
    CHECK(h.server->state() == State::close_pending);
    h.server->close(NGHTTP3_H3_NO_ERROR);  // the first reason stands
    h.server->shutdown(h.now);
    CHECK(h.server->state() == State::close_pending);
    CHECK(h.server->write_datagrams(h.now, h.sink()) == 1);
    CHECK(h.server->state() == State::closing);
    REQUIRE(h.to_client.size() == 1);
    const std::string close_pkt = h.to_client.front();
    h.to_client.clear();
    CHECK(h.server->write_datagrams(h.now, h.sink()) == 0);  // nothing arrived: nothing to repeat

    // The client has not seen it yet and sends a request: the server answers with the same
    // CONNECTION_CLOSE, once per write however many packets came in.
    int64_t sid = h.client->request("GET", "/late");
    std::vector<std::string> pkts = h.client->write(h.now);
    REQUIRE_FALSE(pkts.empty());
    for (const std::string& p : pkts) CHECK(h.feed(p) == 0);
    CHECK(h.feed(pkts.front()) == 0);
    CHECK(h.server->state() == State::closing);
    CHECK(h.server->write_datagrams(h.now, h.sink()) == 1);
    REQUIRE(h.to_client.size() == 1);
    CHECK(h.to_client.front() == close_pkt);
    CHECK(h.server->write_datagrams(h.now, h.sink()) == 0);
    CHECK(h.observer.requests.count(sid) == 0);  // the request was never read

    // It reaches the client this time.
    h.client->read(h.to_client.front(), h.now);
    h.to_client.clear();
    CHECK(h.client->last_read_error == NGTCP2_ERR_DRAINING);

    h.now = h.server->expiry();
    h.server->on_expiry(h.now);
    CHECK(h.server->state() == State::closed);
    CHECK(h.feed(pkts.front()) == 0);
    CHECK(h.server->write_datagrams(h.now, h.sink()) == 0);
}

TEST_CASE("http3 connection: lifecycle transitions", "[http3]") {
    using State = QuicConnection::State;
    const State all[] = {State::active,  State::shutting_down, State::final_goaway, State::close_pending,
                         State::closing, State::draining,      State::closed};
    for (State s : all) {
        INFO(QuicConnection::state_name(s));
        CHECK_FALSE(QuicConnection::transition_allowed(s, s));
        CHECK_FALSE(QuicConnection::transition_allowed(s, State::active));     // no way back
        CHECK_FALSE(QuicConnection::transition_allowed(State::closed, s));     // the end
        CHECK(QuicConnection::transition_allowed(s, State::closed) == (s != State::closed));
    }
    // Graceful shutdown, step by step.
    CHECK(QuicConnection::transition_allowed(State::active, State::shutting_down));
    CHECK(QuicConnection::transition_allowed(State::shutting_down, State::final_goaway));
    CHECK(QuicConnection::transition_allowed(State::final_goaway, State::close_pending));
    CHECK(QuicConnection::transition_allowed(State::close_pending, State::closing));
    CHECK_FALSE(QuicConnection::transition_allowed(State::active, State::final_goaway));
    CHECK_FALSE(QuicConnection::transition_allowed(State::final_goaway, State::shutting_down));
    // CONNECTION_CLOSE is only written once its reason is chosen.
    for (State s : {State::active, State::shutting_down, State::final_goaway, State::draining}) {
        CHECK_FALSE(QuicConnection::transition_allowed(s, State::closing));
    }
    // Closing and draining only end.
    CHECK_FALSE(QuicConnection::transition_allowed(State::closing, State::draining));
    CHECK_FALSE(QuicConnection::transition_allowed(State::draining, State::closing));
    CHECK_FALSE(QuicConnection::transition_allowed(State::closing, State::close_pending));
}

TEST_CASE("http3 connection: a reset request is reported once and later calls fail", "[http3]") {
    Harness h;
    REQUIRE(h.run_until([&] { return h.client->handshake_done; }));
    // A POST whose body never ends: the client abandons it.
    int64_t sid = -1;
    REQUIRE(ngtcp2_conn_open_bidi_stream(h.client->conn, &sid, nullptr) == 0);
    auto nv = [](const char* n, const char* v) {
        return nghttp3_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(n)),
                          reinterpret_cast<uint8_t*>(const_cast<char*>(v)), strlen(n), strlen(v),
                          NGHTTP3_NV_FLAG_NONE};
    };
    nghttp3_nv nva[] = {nv(":method", "POST"), nv(":scheme", "https"), nv(":authority", "localhost"),
                        nv(":path", "/slow")};
    nghttp3_data_reader reader{[](nghttp3_conn*, int64_t, nghttp3_vec*, size_t, uint32_t*, void*, void*) {
        return nghttp3_ssize(NGHTTP3_ERR_WOULDBLOCK);
    }};
    REQUIRE(nghttp3_conn_submit_request(h.client->h3, sid, nva, 4, &reader, nullptr) == 0);
    REQUIRE(h.run_until([&] { return h.observer.requests.count(sid) == 1; }));
    CHECK_FALSE(h.observer.requests[sid].ended);

    nghttp3_conn_shutdown_stream_write(h.client->h3, sid);
    REQUIRE(ngtcp2_conn_shutdown_stream(h.client->conn, sid, NGHTTP3_H3_REQUEST_CANCELLED) == 0);
    REQUIRE(h.run_until([&] { return h.observer.requests[sid].reset_code != UINT64_MAX; }));
    CHECK(h.observer.requests[sid].reset_code == NGHTTP3_H3_REQUEST_CANCELLED);
    CHECK(h.server->submit_response(sid, 200, {}, false) == NGHTTP3_ERR_STREAM_NOT_FOUND);
    REQUIRE(h.run_until([&] { return h.server->open_streams() == 0; }));
    CHECK(h.server->state() == QuicConnection::State::active);
}

TEST_CASE("http3 connection: response trailers end the stream after the body", "[http3]") {
    Harness h;
    REQUIRE(h.run_until([&] { return h.client->handshake_done; }));
    int64_t sid = h.client->request("GET", "/trailers");
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }));
    const Response& resp = h.client->responses[sid];
    CHECK(resp.status == "200");
    CHECK(resp.body == "body");
    CHECK(resp.trailers == "x-checksum: abc123\nx-count: 1\n");
    CHECK(resp.ended);
    // Every body byte the client acknowledged was reported (the owner's credit signal).
    REQUIRE(h.run_until([&] { return h.server->open_streams() == 0; }));
    CHECK(h.observer.acked[sid] == 4);
}

TEST_CASE("http3 connection: request body credit is returned only by consume_body", "[http3]") {
    // An observer that holds the body (a congested worker channel): the client must stop at
    // the server's stream window (256 KiB) instead of the server buffering the whole upload.
    Harness h;
    h.observer.hold_body = true;
    REQUIRE(h.run_until([&] { return h.client->handshake_done; }));
    std::string upload(600 * 1024, 'u');
    int64_t sid = h.client->request("POST", "/upload", upload);
    h.run_until([] { return false; }, 300);
    const Request& r = h.observer.requests[sid];
    CHECK(r.body.size() <= 256 * 1024);
    CHECK(r.body.size() > 0);
    CHECK_FALSE(r.ended);
    // Handing the credit back lets the rest in.
    h.observer.hold_body = false;
    h.server->consume_body(sid, r.body.size());
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }));
    CHECK(h.observer.requests[sid].body == upload);
}

TEST_CASE("http3 connection: DATAGRAM frames both ways when both sides enable them", "[http3]") {
    Harness h("h3", 256 * 1024, 65535, 65535);
    h.observer.echo_datagrams = true;
    REQUIRE(h.run_until([&] { return h.client->handshake_done && h.server && h.server->handshake_completed(); }));
    CHECK(h.server->datagram_enabled());
    h.client->datagrams_out.push_back("ping 1");
    h.client->datagrams_out.push_back(std::string(1000, 'd'));
    REQUIRE(h.run_until([&] { return h.client->datagrams_in.size() == 2; }));
    CHECK(h.observer.datagrams == std::vector<std::string>{"ping 1", std::string(1000, 'd')});
    CHECK(h.client->datagrams_in == h.observer.datagrams);
    // Too large for one packet: refused, not truncated.
    std::string huge(4000, 'x');
    CHECK_FALSE(h.server->send_datagram(reinterpret_cast<const uint8_t*>(huge.data()), huge.size()));
}

TEST_CASE("http3 connection: no DATAGRAM unless the server enables it", "[http3]") {
    Harness h("h3", 256 * 1024, 0, 65535);
    REQUIRE(h.run_until([&] { return h.client->handshake_done && h.server && h.server->handshake_completed(); }));
    CHECK_FALSE(h.server->datagram_enabled());
    CHECK_FALSE(h.server->send_datagram(reinterpret_cast<const uint8_t*>("x"), 1));
}

TEST_CASE("http3 connection: packets lost on the way are retransmitted and counted at stream close", "[http3]") {
    Harness h;
    REQUIRE(h.run_until([&] { return h.client->handshake_done && h.server && h.server->handshake_completed(); }));
    h.observer.response_body.assign(150 * 1024, 'x');
    for (size_t i = 0; i < h.observer.response_body.size(); i += 97) h.observer.response_body[i] = char('a' + i % 26);
    h.drop_every = 7;
    int64_t sid = h.client->request("GET", "/lossy");
    REQUIRE(h.run_until([&] { return h.client->responses[sid].closed; }, 20000));
    CHECK(h.client->responses[sid].body == h.observer.response_body);
    h.drop_every = 0;
    REQUIRE(h.run_until([&] { return h.server->open_streams() == 0; }, 20000));
    CHECK(h.observer.packets_lost > 0);
}

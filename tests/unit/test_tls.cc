// TlsSession against a real OpenSSL client, in-process over memory BIOs: handshakes (TLS 1.3
// and 1.2), ALPN, SNI, data both ways, close_notify, garbage, session resumption, and the
// byte queue under both.
#include "tls_test_support.h"

#include <atomic>
#include <thread>

#include "trident/tls/byte_queue.h"

using namespace tls_test;
using trident::tls::ByteQueue;
using trident::tls::TlsRead;

namespace {

const TlsContext& shared_context() {
    static std::unique_ptr<TlsContext> ctx = make_context(base_config(true));
    return *ctx;
}

const TlsContext& context_without_h2() {
    static std::unique_ptr<TlsContext> ctx = make_context(base_config(false));
    return *ctx;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

TEST_CASE("tls session: TLS 1.3 handshake with ALPN h2", "[tls]") {
    TlsSession s(shared_context());
    CHECK_FALSE(s.handshake_done());
    CHECK(s.version().empty());
    Client c({"localhost", {"http/1.1", "h2"}});
    handshake(c, s);
    CHECK(s.version() == "TLSv1.3");
    CHECK(std::string(SSL_get_version(c.ssl)) == "TLSv1.3");
    CHECK(starts_with(s.cipher(), "TLS_"));
    CHECK(s.alpn() == "h2");
    CHECK(c.alpn() == "h2");
    CHECK(s.sni() == "localhost");
    CHECK(c.peer_cn() == "localhost");
    CHECK_FALSE(s.session_reused());
    CHECK(s.error().empty());
}

TEST_CASE("tls session: TLS 1.2 handshake uses ECDHE with an AEAD cipher", "[tls]") {
    TlsSession s(shared_context());
    Client c({"localhost", {"h2", "http/1.1"}, 0, TLS1_2_VERSION});
    handshake(c, s);
    CHECK(s.version() == "TLSv1.2");
    std::string cipher(s.cipher());
    INFO(cipher);
    CHECK(starts_with(cipher, "ECDHE-"));
    CHECK((cipher.find("GCM") != std::string::npos || cipher.find("CHACHA20") != std::string::npos));
    // Our TLS 1.2 suites are all allowed by HTTP/2, so h2 is chosen on 1.2 as well.
    CHECK(s.alpn() == "h2");
}

TEST_CASE("tls session: TLS 1.2 without an ECDHE+AEAD suite is refused", "[tls]") {
    // Both certificate types: other.test is RSA (RSA key exchange would be possible with it),
    // localhost is ECDSA.
    for (const char* host : {"other.test", "localhost"}) {
        INFO(host);
        TlsSession s(shared_context());
        ClientOptions o{host, {}, 0, TLS1_2_VERSION};
        // RSA key exchange, finite-field DHE, and ECDHE with CBC: each one a weaker choice.
        o.tls12_ciphers = "AES128-GCM-SHA256:AES256-SHA:DHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA";
        Client c(o);
        pump(c, s);
        CHECK_FALSE(s.handshake_done());
        REQUIRE(s.failed());
        CHECK(s.error() == "TLS handshake failed: no shared cipher");
    }
}

TEST_CASE("tls session: TLS 1.1 is refused", "[tls]") {
    TlsSession s(shared_context());
    ClientOptions o{"localhost", {}, TLS1_1_VERSION, TLS1_1_VERSION};
    o.security_level = 0;  // so that the client is willing to offer 1.1 at all
    o.tls12_ciphers = "DEFAULT:@SECLEVEL=0";
    Client c(o);
    pump(c, s);
    CHECK_FALSE(c.handshake_done());
    REQUIRE(s.failed());
    CHECK(s.error() == "TLS handshake failed: unsupported protocol");
    // The refusal travels to the client as an alert, which pump() delivered.
    CHECK(c.errors.find("protocol version") != std::string::npos);
}

TEST_CASE("tls session: ALPN choices", "[tls]") {
    SECTION("h2 disabled: http/1.1 even when h2 is offered first") {
        TlsSession s(context_without_h2());
        Client c({"localhost", {"h2", "http/1.1"}});
        handshake(c, s);
        CHECK(s.alpn() == "http/1.1");
        CHECK(c.alpn() == "http/1.1");
    }
    SECTION("client without ALPN") {
        TlsSession s(shared_context());
        Client c({"localhost", {}});
        handshake(c, s);
        CHECK(s.alpn().empty());
        CHECK(c.alpn().empty());
    }
    SECTION("only unknown protocols: the handshake completes without ALPN") {
        TlsSession s(shared_context());
        Client c({"localhost", {"spdy/3.1", "http/1.0"}});
        handshake(c, s);
        CHECK(s.alpn().empty());
        CHECK(c.alpn().empty());
    }
    SECTION("only h2 while h2 is disabled: completes without ALPN") {
        TlsSession s(context_without_h2());
        Client c({"localhost", {"h2"}});
        handshake(c, s);
        CHECK(s.alpn().empty());
    }
}

TEST_CASE("tls session: SNI selects the certificate", "[tls]") {
    struct Case {
        const char* sni;
        const char* cn;
    };
    for (Case k : {Case{"other.test", "other.test"}, Case{"OTHER.TEST", "other.test"},
                   Case{"a.wild.test", "*.wild.test"}, Case{"Deep.Wild.Test", "*.wild.test"},
                   Case{"a.b.wild.test", "localhost"}, Case{"wild.test", "localhost"},
                   Case{"unknown.test", "localhost"}, Case{"localhost", "localhost"}, Case{"", "localhost"}}) {
        INFO("SNI \"" << k.sni << "\"");
        TlsSession s(shared_context());
        Client c({k.sni, {"h2"}});
        handshake(c, s);
        CHECK(c.peer_cn() == k.cn);
        CHECK(s.sni() == k.sni);
        // The switched context keeps ALPN working.
        CHECK(s.alpn() == "h2");
    }
}

TEST_CASE("tls session: the chain from the certificate file reaches the client and verifies", "[tls]") {
    TlsSession s(shared_context());
    ClientOptions o{"localhost", {}};
    o.verify_with_ca = true;
    Client c(o);
    handshake(c, s);
    CHECK(SSL_get_verify_result(c.ssl) == X509_V_OK);
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(c.ssl);
    REQUIRE(chain != nullptr);
    CHECK(sk_X509_num(chain) == 2);  // leaf + the test CA
}

TEST_CASE("tls session: data both ways, byte-exact", "[tls]") {
    const std::string request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    TlsSession s(shared_context());
    Client c({"localhost", {"http/1.1"}});
    handshake(c, s);
    c.write(request);
    std::string got;
    pump(c, s, PumpOptions{SIZE_MAX, false, SIZE_MAX, &got});
    CHECK(got == request);
    REQUIRE(s.write_plain(reinterpret_cast<const uint8_t*>(response.data()), response.size()) == TlsStatus::Ok);
    CHECK_FALSE(s.pending_ciphertext().empty());
    pump(c, s);
    CHECK(c.received == response);
    CHECK(s.pending_ciphertext().empty());
}

TEST_CASE("tls session: 1 MiB each way, fed and drained in odd pieces", "[tls]") {
    const std::string up = random_bytes(1 << 20, 1);
    const std::string down = random_bytes(1 << 20, 2);
    for (int tls_max : {0, TLS1_2_VERSION}) {
        INFO("client max version " << tls_max);
        TlsSession s(shared_context());
        Client c({"localhost", {"h2"}, 0, tls_max});
        handshake(c, s);
        c.write(up);
        std::string got;
        PumpOptions o;
        o.chunk = 1000;  // records arrive split across commits
        o.server_plain = &got;
        pump(c, s, o);
        CHECK(got.size() == up.size());
        CHECK(got == up);

        // write_plain() takes the whole MiB at once; the "socket" then takes 1000 bytes a turn.
        REQUIRE(s.write_plain(reinterpret_cast<const uint8_t*>(down.data()), down.size()) == TlsStatus::Ok);
        CHECK(s.pending_ciphertext().size() > down.size());
        PumpOptions d;
        d.consume_step = 1000;
        pump(c, s, d);
        CHECK(c.received.size() == down.size());
        CHECK(c.received == down);
        CHECK(s.pending_ciphertext().empty());
    }
}

TEST_CASE("tls session: a handshake fed one byte at a time", "[tls]") {
    TlsSession s(shared_context());
    Client c({"other.test", {"http/1.1", "h2"}});
    PumpOptions o;
    o.chunk = 1;
    o.use_feed = true;
    handshake(c, s, o);
    CHECK(c.peer_cn() == "other.test");
    CHECK(s.alpn() == "h2");
}

TEST_CASE("tls session: a stalled handshake just waits", "[tls]") {
    TlsSession s(shared_context());
    Client c({"localhost", {}});
    c.step();
    char hello[4096];
    int n = BIO_read(c.to_server, hello, sizeof hello);
    REQUIRE(n > 10);
    // Half a ClientHello: the session asks for more and produces nothing.
    CHECK(s.feed(reinterpret_cast<const uint8_t*>(hello), size_t(n / 2)) == TlsStatus::WantMore);
    uint8_t out[64];
    TlsRead r = s.read_plain(out, sizeof out);
    CHECK(r.status == TlsStatus::WantMore);
    CHECK(r.bytes == 0);
    CHECK(s.pending_ciphertext().empty());
    CHECK_FALSE(s.handshake_done());
    CHECK_FALSE(s.failed());
    // The partial record waits in the session's queue; OpenSSL has not been started.
    CHECK(s.buffered_input() == size_t(n / 2));
    CHECK_FALSE(s.started());
    // The rest completes it.
    CHECK(s.feed(reinterpret_cast<const uint8_t*>(hello) + n / 2, size_t(n - n / 2)) == TlsStatus::WantMore);
    CHECK_FALSE(s.pending_ciphertext().empty());  // ServerHello ... Finished
    handshake(c, s);
}

TEST_CASE("tls session: OpenSSL starts only with the whole first record", "[tls]") {
    // A trickling ClientHello (slowloris) must cost its bytes, not OpenSSL's buffers: the
    // session asks for the record header, then for exactly the rest of the record.
    TlsSession s(shared_context());
    Client c({"localhost", {"h2"}});
    c.step();
    char hello[4096];
    int n = BIO_read(c.to_server, hello, sizeof hello);
    REQUIRE(n > 5);
    const auto* h = reinterpret_cast<const uint8_t*>(hello);
    REQUIRE(h[0] == 22);
    size_t record = 5 + (size_t(h[3]) << 8 | h[4]);
    REQUIRE(record <= size_t(n));
    CHECK(s.input_wanted(65536) == 5);
    for (size_t i = 0; i + 1 < record; ++i) {
        INFO("byte " << i);
        REQUIRE(s.feed(h + i, 1) == TlsStatus::WantMore);
        REQUIRE_FALSE(s.started());
        REQUIRE(s.pending_ciphertext().empty());
        REQUIRE(s.input_wanted(65536) == (i + 1 < 5 ? 5 - (i + 1) : record - (i + 1)));
    }
    CHECK(s.buffer_memory() <= 4096);
    CHECK(s.feed(h + record - 1, 1) == TlsStatus::WantMore);
    CHECK(s.started());
    CHECK(s.input_wanted(65536) == 65536);
    CHECK_FALSE(s.pending_ciphertext().empty());  // ServerHello ... Finished
    if (size_t(n) > record) REQUIRE(s.feed(h + record, size_t(n) - record) != TlsStatus::Error);
    handshake(c, s);
    CHECK(s.alpn() == "h2");
}

TEST_CASE("tls session: a first record that is not a handshake goes to OpenSSL at once", "[tls]") {
    SECTION("an alert record") {
        TlsSession s(shared_context());
        const uint8_t alert[] = {21, 3, 3, 0, 2, 2, 40};
        CHECK(s.feed(alert, 5) != TlsStatus::Ok);
        CHECK(s.started());
    }
    SECTION("a handshake record longer than TLS allows") {
        TlsSession s(shared_context());
        const uint8_t header[] = {22, 3, 1, 0x48, 0x01};  // 18433 bytes
        CHECK(s.feed(header, sizeof header) == TlsStatus::Error);
        CHECK(s.started());
        CHECK(starts_with(s.error(), "TLS handshake failed: "));
    }
}

TEST_CASE("tls session: plaintext written before the handshake completes is sent after it", "[tls]") {
    TlsSession s(shared_context());
    const std::string early = "server speaks first";
    REQUIRE(s.write_plain(reinterpret_cast<const uint8_t*>(early.data()), early.size()) == TlsStatus::Ok);
    CHECK(s.pending_ciphertext().empty());
    Client c({"localhost", {}});
    handshake(c, s);
    pump(c, s);
    CHECK(c.received == early);
}

TEST_CASE("tls session: close_notify both ways", "[tls]") {
    TlsSession s(shared_context());
    Client c({"localhost", {}});
    handshake(c, s);
    c.write("last words");
    REQUIRE(SSL_shutdown(c.ssl) == 0);  // client's close_notify queued
    std::string got;
    bool eof = false;
    PumpOptions o;
    o.server_plain = &got;
    o.server_eof = &eof;
    pump(c, s, o);
    CHECK(got == "last words");
    CHECK(eof);
    uint8_t out[16];
    CHECK(s.read_plain(out, sizeof out).status == TlsStatus::Eof);

    REQUIRE(s.shutdown() == TlsStatus::Ok);
    CHECK_FALSE(s.pending_ciphertext().empty());
    CHECK(s.shutdown() == TlsStatus::Ok);  // once is enough
    pump(c, s);
    CHECK(c.got_close_notify);
    CHECK((SSL_get_shutdown(c.ssl) & SSL_RECEIVED_SHUTDOWN) != 0);

    const uint8_t more[] = {'x'};
    CHECK(s.write_plain(more, 1) == TlsStatus::Error);
    CHECK(s.error() == "TLS write after shutdown()");
}

TEST_CASE("tls session: server-initiated close_notify reaches the client", "[tls]") {
    TlsSession s(shared_context());
    Client c({"localhost", {}});
    handshake(c, s);
    const std::string bye = "bye";
    REQUIRE(s.write_plain(reinterpret_cast<const uint8_t*>(bye.data()), bye.size()) == TlsStatus::Ok);
    REQUIRE(s.shutdown() == TlsStatus::Ok);
    pump(c, s);
    CHECK(c.received == bye);
    CHECK(c.got_close_notify);
}

TEST_CASE("tls session: a client speaking garbage gets an error with a message", "[tls]") {
    SECTION("plain HTTP on the TLS port") {
        TlsSession s(shared_context());
        const std::string http = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
        CHECK(s.feed(reinterpret_cast<const uint8_t*>(http.data()), http.size()) == TlsStatus::Error);
        CHECK(s.failed());
        CHECK(s.error() == "TLS handshake failed: http request");
    }
    SECTION("a record header announcing a TLS version that does not exist") {
        TlsSession s(shared_context());
        const uint8_t junk[] = {0x16, 0x07, 0x07, 0x00, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        CHECK(s.feed(junk, sizeof junk) == TlsStatus::Error);
        INFO(s.error());
        CHECK(starts_with(s.error(), "TLS handshake failed: "));
        CHECK(s.error().size() > strlen("TLS handshake failed: "));
    }
    SECTION("a well-framed handshake record with nonsense inside") {
        TlsSession s(shared_context());
        std::string rec = std::string("\x16\x03\x01\x00\x20", 5) + random_bytes(32, 7);
        CHECK(s.feed(reinterpret_cast<const uint8_t*>(rec.data()), rec.size()) == TlsStatus::Error);
        INFO(s.error());
        CHECK(starts_with(s.error(), "TLS handshake failed: "));
        // A fatal alert is queued for the peer.
        std::string_view alert = s.pending_ciphertext();
        REQUIRE(alert.size() >= 7);
        CHECK(uint8_t(alert[0]) == 0x15);
    }
    SECTION("the error is final") {
        TlsSession s(shared_context());
        const uint8_t junk[] = {0x16, 0x07, 0x07, 0x00, 0x01, 0};
        REQUIRE(s.feed(junk, sizeof junk) == TlsStatus::Error);
        std::string first = s.error();
        uint8_t out[16];
        CHECK(s.read_plain(out, sizeof out).status == TlsStatus::Error);
        CHECK(s.write_plain(out, 1) == TlsStatus::Error);
        CHECK(s.shutdown() == TlsStatus::Error);
        CHECK(s.feed(out, 1) == TlsStatus::Error);
        CHECK(s.error() == first);
    }
}

TEST_CASE("tls session: garbage after the handshake fails the read", "[tls]") {
    TlsSession s(shared_context());
    Client c({"localhost", {}});
    handshake(c, s);
    const uint8_t bad_record[] = {0x17, 0x03, 0x03, 0x00, 0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
    CHECK(s.feed(bad_record, sizeof bad_record) == TlsStatus::Ok);
    uint8_t out[64];
    TlsRead r = s.read_plain(out, sizeof out);
    CHECK(r.status == TlsStatus::Error);
    CHECK(s.error() == "TLS read failed: decryption failed or bad record mac");
}

TEST_CASE("tls session: renegotiation is refused", "[tls]") {
    TlsSession s(shared_context());
    Client c({"localhost", {}, 0, TLS1_2_VERSION});
    handshake(c, s);
    REQUIRE(SSL_renegotiate(c.ssl) == 1);
    std::string got;
    pump(c, s, PumpOptions{SIZE_MAX, false, SIZE_MAX, &got});
    INFO("client: " << c.errors << " server: " << s.error());
    CHECK(c.errors.find("no renegotiation") != std::string::npos);
}

namespace {

// Runs a first handshake and returns the session the client can resume (TLS 1.3 tickets
// arrive after the handshake; Client::step() reads them).
SSL_SESSION* first_session(const TlsContext& ctx, int max_version) {
    TlsSession s(ctx);
    Client c({"localhost", {"h2"}, 0, max_version});
    handshake(c, s);
    pump(c, s);
    CHECK_FALSE(s.session_reused());
    // A client that goes away without close_notify marks its session not resumable (OpenSSL
    // client behaviour), so end this one cleanly.
    SSL_shutdown(c.ssl);
    pump(c, s);
    return SSL_get1_session(c.ssl);
}

}  // namespace

TEST_CASE("tls session: a ticket resumes the session", "[tls]") {
    for (int max_version : {TLS1_3_VERSION, TLS1_2_VERSION}) {
        INFO("max version " << max_version);
        SSL_SESSION* ticket = first_session(shared_context(), max_version);
        REQUIRE(ticket != nullptr);
        CHECK(SSL_SESSION_has_ticket(ticket) == 1);
        TlsSession s(shared_context());
        ClientOptions o{"localhost", {"h2"}, 0, max_version};
        o.session = ticket;
        Client c(o);
        handshake(c, s);
        CHECK(SSL_session_reused(c.ssl) == 1);
        CHECK(s.session_reused());
        CHECK(s.alpn() == "h2");
        SSL_SESSION_free(ticket);
    }
}

TEST_CASE("tls session: a ticket issued under SNI resumes under the same name", "[tls]") {
    TlsSession first(shared_context());
    Client c1({"other.test", {}});
    handshake(c1, first);
    pump(c1, first);
    SSL_SESSION* ticket = SSL_get1_session(c1.ssl);
    REQUIRE(ticket != nullptr);
    TlsSession s(shared_context());
    ClientOptions o{"other.test", {}};
    o.session = ticket;
    Client c(o);
    handshake(c, s);
    CHECK(SSL_session_reused(c.ssl) == 1);
    CHECK(s.sni() == "other.test");
    SSL_SESSION_free(ticket);
}

TEST_CASE("tls session: with session_tickets off nothing resumes", "[tls]") {
    TlsConfig cfg = base_config();
    cfg.session_tickets = false;
    auto ctx = make_context(cfg);
    for (int max_version : {TLS1_3_VERSION, TLS1_2_VERSION}) {
        INFO("max version " << max_version);
        SSL_SESSION* first = first_session(*ctx, max_version);
        REQUIRE(first != nullptr);
        CHECK(SSL_SESSION_has_ticket(first) == 0);
        TlsSession s(*ctx);
        ClientOptions o{"localhost", {}, 0, max_version};
        o.session = first;
        Client c(o);
        handshake(c, s);
        CHECK(SSL_session_reused(c.ssl) == 0);
        CHECK_FALSE(s.session_reused());
        SSL_SESSION_free(first);
    }
}

TEST_CASE("tls session: one context, many threads", "[tls]") {
    // Every reactor thread shares the TlsContext; tickets issued on one thread resume on another.
    const TlsContext& ctx = shared_context();
    SSL_SESSION* ticket = first_session(ctx, 0);
    REQUIRE(ticket != nullptr);
    std::atomic<int> ok{0}, bad{0};
    std::vector<std::thread> threads;
    const char* names[] = {"localhost", "other.test", "x.wild.test", "nobody.test"};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 12; ++i) {
                TlsSession s(ctx);
                ClientOptions o{names[(t + i) % 4], {"h2", "http/1.1"}};
                if (i % 3 == 0) {
                    o.sni = "localhost";
                    o.session = ticket;
                }
                Client c(o);
                std::string payload = random_bytes(20000, unsigned(t * 100 + i));
                pump(c, s);
                if (!c.handshake_done() || !s.handshake_done()) {
                    bad++;
                    continue;
                }
                // No Catch2 assertions off the main thread: Catch2 v2 is not thread-safe.
                SSL_write(c.ssl, payload.data(), int(payload.size()));
                std::string got;
                pump(c, s, PumpOptions{SIZE_MAX, false, SIZE_MAX, &got});
                s.write_plain(reinterpret_cast<const uint8_t*>(got.data()), got.size());
                pump(c, s);
                bool good = c.received == payload && s.alpn() == "h2" && (i % 3 != 0 || s.session_reused());
                (good ? ok : bad)++;
            }
        });
    }
    for (auto& th : threads) th.join();
    SSL_SESSION_free(ticket);
    CHECK(bad == 0);
    CHECK(ok == 48);
}

TEST_CASE("tls session: release_buffers frees the idle queues", "[tls]") {
    TlsSession s(shared_context());
    Client c({"localhost", {}});
    handshake(c, s);
    CHECK(s.buffer_memory() > 0);  // the drained queues keep their storage for the next burst
    s.release_buffers();
    CHECK(s.buffer_memory() == 0);
    const std::string msg = "still works";
    c.write(msg);
    std::string got;
    pump(c, s, PumpOptions{SIZE_MAX, false, SIZE_MAX, &got});
    CHECK(got == msg);
    // Not empty: nothing is freed.
    REQUIRE(s.write_plain(reinterpret_cast<const uint8_t*>(msg.data()), msg.size()) == TlsStatus::Ok);
    s.release_buffers();
    CHECK(s.pending_ciphertext().size() > msg.size());
    pump(c, s);
    CHECK(c.received == msg);
}

TEST_CASE("tls byte queue: prepare, commit, consume", "[tls]") {
    ByteQueue q;
    CHECK(q.empty());
    CHECK(q.capacity() == 0);
    uint8_t* p = q.prepare(10);
    memcpy(p, "0123456789", 10);
    q.commit(4);
    CHECK(q.size() == 4);
    CHECK(std::string(reinterpret_cast<const char*>(q.data()), q.size()) == "0123");
    q.append("abc", 3);
    CHECK(std::string(reinterpret_cast<const char*>(q.data()), q.size()) == "0123abc");
    q.consume(2);
    CHECK(std::string(reinterpret_cast<const char*>(q.data()), q.size()) == "23abc");
    q.consume(100);  // clamped
    CHECK(q.empty());
    CHECK(q.capacity() == 4096);  // kept for reuse
    q.release();
    CHECK(q.capacity() == 0);
}

TEST_CASE("tls byte queue: growth keeps the bytes in order", "[tls]") {
    ByteQueue q;
    std::string all = random_bytes(300000, 9);
    std::string out;
    size_t in = 0;
    // Interleave appends and partial consumes so both compaction and growth happen.
    while (in < all.size() || !q.empty()) {
        size_t n = std::min<size_t>(7000, all.size() - in);
        q.append(all.data() + in, n);
        in += n;
        size_t take = std::min<size_t>(q.size(), 5000);
        out.append(reinterpret_cast<const char*>(q.data()), take);
        q.consume(take);
    }
    CHECK(out == all);
    CHECK(q.capacity() <= ByteQueue::kRetainCapacity);  // drained: large storage was freed
}

TEST_CASE("tls byte queue: a big burst is not kept after draining", "[tls]") {
    ByteQueue q;
    q.prepare(1 << 20);
    q.commit(1 << 20);
    CHECK(q.capacity() >= (1u << 20));
    q.consume(q.size() - 1);
    CHECK(q.capacity() >= (1u << 20));  // still one byte queued
    q.consume(1);
    CHECK(q.capacity() == 0);
    q.append("x", 1);
    q.release();  // not empty: no effect
    CHECK(q.size() == 1);
}

TEST_CASE("tls session: write_plainv gathers small pieces into one record", "[tls]") {
    TlsSession s(shared_context());
    Client c({"localhost", {}});
    handshake(c, s);
    REQUIRE(s.version() == "TLSv1.3");
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
    const std::string body = "hello";
    // TLS 1.3 record overhead: 5 header bytes + 1 content type byte + 16 tag bytes.
    constexpr size_t kOverhead = 22;
    SECTION("two pieces, one record") {
        iovec iov[2] = {{const_cast<char*>(head.data()), head.size()}, {const_cast<char*>(body.data()), body.size()}};
        REQUIRE(s.write_plainv(iov, 2) == TlsStatus::Ok);
        CHECK(s.pending_ciphertext().size() == head.size() + body.size() + kOverhead);
    }
    SECTION("write_plain twice makes two records") {
        REQUIRE(s.write_plain(reinterpret_cast<const uint8_t*>(head.data()), head.size()) == TlsStatus::Ok);
        REQUIRE(s.write_plain(reinterpret_cast<const uint8_t*>(body.data()), body.size()) == TlsStatus::Ok);
        CHECK(s.pending_ciphertext().size() == head.size() + body.size() + 2 * kOverhead);
    }
    pump(c, s);
    CHECK(c.received == head + body);
}

TEST_CASE("tls session: write_plainv with large and empty pieces stays byte-exact", "[tls]") {
    TlsSession s(shared_context());
    Client c({"localhost", {}});
    handshake(c, s);
    std::string a = random_bytes(100, 1), b = random_bytes(100000, 2), d = random_bytes(16384, 3),
                e = random_bytes(3, 4);
    iovec iov[5] = {{const_cast<char*>(a.data()), a.size()},
                    {nullptr, 0},
                    {const_cast<char*>(b.data()), b.size()},
                    {const_cast<char*>(d.data()), d.size()},
                    {const_cast<char*>(e.data()), e.size()}};
    REQUIRE(s.write_plainv(iov, 5) == TlsStatus::Ok);
    size_t total = a.size() + b.size() + d.size() + e.size();
    size_t records = (total + 16383) / 16384;
    // Full records except the gathered tail: at most two short ones (the large piece's tail
    // and the final gather).
    CHECK(s.pending_ciphertext().size() <= total + (records + 2) * 22);
    pump(c, s);
    CHECK(c.received == a + b + d + e);
}

TEST_CASE("tls session: write_plainv before the handshake is queued like write_plain", "[tls]") {
    TlsSession s(shared_context());
    std::string x = "early ", y = "bytes";
    iovec iov[2] = {{const_cast<char*>(x.data()), x.size()}, {const_cast<char*>(y.data()), y.size()}};
    REQUIRE(s.write_plainv(iov, 2) == TlsStatus::Ok);
    Client c({"localhost", {}});
    handshake(c, s);
    pump(c, s);
    CHECK(c.received == x + y);
}

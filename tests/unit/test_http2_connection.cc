// Http2Connection end to end, in memory: a real nghttp2 client session talks to the server
// connection over a non-blocking socketpair; the test plays the reactor (FakeLoop) and the
// workers (FakeWorkers, and the connection's WorkerClient callbacks).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <nghttp2/nghttp2.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "http2/connection.h"
#include "server/transport.h"
#include "stream_fakes.h"
#include "trident/websocket/parser.h"
#include "trident/websocket/writer.h"

using namespace trident;
using ipc::FrameType;
using ipc::ResetCode;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kDate = "Tue, 01 Dec 2026 00:00:00 GMT";  // FakeLoop::http_date()
constexpr uint32_t kNoCode = 0xffffffff;  // no stream close or RST_STREAM (yet)

// ---- the client -------------------------------------------------------------------------

struct ClientStream {
    std::string status;
    Fields head;      // response fields after :status
    Fields trailers;  // fields of a second HEADERS frame
    std::string body;
    int header_blocks = 0;
    uint32_t close_code = kNoCode;
    uint32_t rst_code = kNoCode;  // RST_STREAM received from the server
    size_t window_updates = 0;       // WINDOW_UPDATE frames received for this stream
    size_t data_frames_sent = 0;
    size_t body_bytes_sent = 0;
    // Request body source: `chunk` bytes per DATA frame; while `hold`, it waits for more.
    std::string upload;
    size_t upload_pos = 0;
    size_t chunk = 16384;
    bool hold = false;
};

struct Client {
    nghttp2_session* session = nullptr;
    std::map<int32_t, ClientStream> streams;
    std::vector<int32_t> close_order;
    std::vector<std::pair<int32_t, uint32_t>> goaways;  // last_stream_id, error code

    static Client* self(void* ud) { return static_cast<Client*>(ud); }

    // window: the client's receive window (stream and connection), 0 for nghttp2's default.
    explicit Client(int32_t window = 0) {
        nghttp2_session_callbacks* cb;
        nghttp2_session_callbacks_new(&cb);
        nghttp2_session_callbacks_set_on_begin_headers_callback(cb, [](nghttp2_session*, const nghttp2_frame* f,
                                                                      void* ud) {
            self(ud)->streams[f->hd.stream_id].header_blocks++;
            return 0;
        });
        nghttp2_session_callbacks_set_on_header_callback(
            cb, [](nghttp2_session*, const nghttp2_frame* f, const uint8_t* n, size_t nl, const uint8_t* v, size_t vl,
                   uint8_t, void* ud) {
                ClientStream& s = self(ud)->streams[f->hd.stream_id];
                std::string name(reinterpret_cast<const char*>(n), nl), value(reinterpret_cast<const char*>(v), vl);
                if (f->headers.cat == NGHTTP2_HCAT_HEADERS) s.trailers.emplace_back(name, value);
                else if (name == ":status") s.status = value;
                else s.head.emplace_back(name, value);
                return 0;
            });
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
            cb, [](nghttp2_session*, uint8_t, int32_t sid, const uint8_t* d, size_t len, void* ud) {
                self(ud)->streams[sid].body.append(reinterpret_cast<const char*>(d), len);
                return 0;
            });
        nghttp2_session_callbacks_set_on_frame_recv_callback(cb, [](nghttp2_session*, const nghttp2_frame* f,
                                                                   void* ud) {
            if (f->hd.type == NGHTTP2_GOAWAY) {
                self(ud)->goaways.emplace_back(f->goaway.last_stream_id, f->goaway.error_code);
            } else if (f->hd.type == NGHTTP2_RST_STREAM) {
                self(ud)->streams[f->hd.stream_id].rst_code = f->rst_stream.error_code;
            } else if (f->hd.type == NGHTTP2_WINDOW_UPDATE && f->hd.stream_id != 0) {
                self(ud)->streams[f->hd.stream_id].window_updates++;
            }
            return 0;
        });
        nghttp2_session_callbacks_set_on_frame_send_callback(cb, [](nghttp2_session*, const nghttp2_frame* f,
                                                                   void* ud) {
            if (f->hd.type != NGHTTP2_DATA) return 0;
            ClientStream& s = self(ud)->streams[f->hd.stream_id];
            s.data_frames_sent++;
            s.body_bytes_sent += f->hd.length;
            return 0;
        });
        nghttp2_session_callbacks_set_on_stream_close_callback(cb, [](nghttp2_session*, int32_t sid, uint32_t code,
                                                                     void* ud) {
            self(ud)->streams[sid].close_code = code;
            self(ud)->close_order.push_back(sid);
            return 0;
        });
        REQUIRE(nghttp2_session_client_new(&session, cb, this) == 0);
        nghttp2_session_callbacks_del(cb);
        std::vector<nghttp2_settings_entry> iv = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100}};
        if (window) iv.push_back({NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, uint32_t(window)});
        REQUIRE(nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, iv.data(), iv.size()) == 0);
        if (window) REQUIRE(nghttp2_session_set_local_window_size(session, NGHTTP2_FLAG_NONE, 0, window) == 0);
    }
    ~Client() { nghttp2_session_del(session); }

    static ssize_t read_upload(nghttp2_session*, int32_t sid, uint8_t* buf, size_t len, uint32_t* flags,
                               nghttp2_data_source*, void* ud) {
        ClientStream& s = self(ud)->streams[sid];
        size_t n = std::min({len, s.chunk, s.upload.size() - s.upload_pos});
        memcpy(buf, s.upload.data() + s.upload_pos, n);
        s.upload_pos += n;
        if (s.upload_pos == s.upload.size()) {
            if (!s.hold) *flags |= NGHTTP2_DATA_FLAG_EOF;
            else if (n == 0) return NGHTTP2_ERR_DEFERRED;
        }
        return ssize_t(n);
    }

    // A request; with `body` (or `hold`) a data provider sends it `chunk` bytes per frame.
    int32_t request(const std::string& method, const std::string& path, const std::string& body = {},
                    size_t chunk = 16384, bool hold = false, Fields extra = {}) {
        Fields f = {{":method", method}, {":scheme", "http"}, {":authority", "example.com"}, {":path", path}};
        if (method == "CONNECT") f = {{":method", method}, {":authority", "example.com:443"}};
        f.insert(f.end(), extra.begin(), extra.end());
        std::vector<nghttp2_nv> nva;
        for (auto& [n, v] : f) {
            nva.push_back(nghttp2_nv{reinterpret_cast<uint8_t*>(n.data()), reinterpret_cast<uint8_t*>(v.data()),
                                     n.size(), v.size(), NGHTTP2_NV_FLAG_NONE});
        }
        nghttp2_data_provider prd;
        prd.source.ptr = nullptr;
        prd.read_callback = read_upload;
        bool has_body = !body.empty() || hold;
        int32_t sid = nghttp2_submit_request(session, nullptr, nva.data(), nva.size(), has_body ? &prd : nullptr,
                                             nullptr);
        REQUIRE(sid > 0);
        ClientStream& s = streams[sid];
        s.upload = body;
        s.chunk = chunk;
        s.hold = hold;
        return sid;
    }

    // More body for a held upload (`last`: then it ends).
    void send_more(int32_t sid, const std::string& more, bool last) {
        ClientStream& s = streams[sid];
        s.upload += more;
        s.hold = !last;
        nghttp2_session_resume_data(session, sid);
    }
};

// ---- the harness: reactor + workers around one connection ------------------------------

sockaddr_storage address(uint16_t port) {
    sockaddr_storage ss{};
    auto* in = reinterpret_cast<sockaddr_in*>(&ss);
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ss;
}

struct Harness {
    test::FakeLoop loop;
    test::FakeWorkers workers;
    Client client;
    http2::Http2Connection* conn = nullptr;
    int cfd = -1, sfd = -1;
    uint64_t session_id = 0;  // the connection's session id (kept: closing clears it)
    std::string to_server;  // client output the socket has not taken yet

    explicit Harness(int nworkers = 1, int32_t client_window = 0) : workers(nworkers), client(client_window) {}
    ~Harness() {
        // The reactor's free_closed(): closed connections are deleted after the event.
        bool live = conn && std::find(loop.closed.begin(), loop.closed.end(), conn) == loop.closed.end();
        for (server::Connection* c : loop.closed) delete c;
        if (live) delete conn;
        if (cfd >= 0) ::close(cfd);
    }

    // initial: hand the client's first bytes (preface, SETTINGS, queued requests) to the
    // constructor, as protocol selection does after sniffing the h2c preface.
    void start(bool initial = false) {
        int sv[2];
        REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
        sfd = sv[0];
        cfd = sv[1];
        std::string first;
        if (initial) {
            first = client_output();
            to_server.clear();
        }
        conn = new http2::Http2Connection(loop, workers, std::make_unique<server::PlainTransport>(sfd),
                                          address(40000), address(8080), first);
        session_id = loop.adopt(conn);  // before start(): requests in `first` are dispatched under its id
        REQUIRE(conn->start());
        pump();
    }

    std::string client_output() {
        for (;;) {
            const uint8_t* data;
            ssize_t n = nghttp2_session_mem_send(client.session, &data);
            REQUIRE(n >= 0);
            if (n == 0) break;
            to_server.append(reinterpret_cast<const char*>(data), size_t(n));
        }
        return to_server;
    }

    bool closed() const { return std::find(loop.closed.begin(), loop.closed.end(), conn) != loop.closed.end(); }
    uint64_t session() const { return session_id; }
    static size_t unread(int fd) {
        int n = 0;
        REQUIRE(ioctl(fd, FIONREAD, &n) == 0);
        return size_t(n);
    }

    // Client -> socket -> server and back until nothing moves. The server gets the events
    // epoll would report: EPOLLIN when its socket has bytes, EPOLLOUT when it asked for it.
    void pump(int rounds = 10000) {
        for (int i = 0; i < rounds; ++i) {
            client_output();
            ssize_t wrote = 0;
            if (!to_server.empty()) {
                wrote = ::write(cfd, to_server.data(), to_server.size());
                if (wrote > 0) to_server.erase(0, size_t(wrote));
            }
            uint32_t ev = unread(sfd) > 0 ? uint32_t(EPOLLIN) : 0u;
            auto it = loop.interest.find(sfd);
            if (it != loop.interest.end()) ev |= it->second & EPOLLOUT;
            if (closed()) ev = 0;
            if (ev) conn->on_event(ev);
            char buf[65536];
            ssize_t got = ::read(cfd, buf, sizeof buf);
            if (got > 0) {
                REQUIRE(nghttp2_session_mem_recv(client.session, reinterpret_cast<uint8_t*>(buf), size_t(got)) ==
                        got);
            }
            if (wrote <= 0 && got <= 0 && !ev) return;
        }
        FAIL("pump did not settle");
    }

    // ---- the worker's side ----
    void worker(FrameType t, int64_t sid, const std::vector<uint8_t>& payload, bool end) {
        conn->on_worker_frame(test::frame(t, session(), sid, payload.size(), end), payload.data(), payload.size());
        pump();
    }
    void respond(int64_t sid, uint16_t status, std::vector<HeaderField> fields, std::string_view body, bool end) {
        worker(FrameType::ResponseHead, sid, test::response_head_payload(status, std::move(fields), body), end);
    }
    void body(int64_t sid, const std::string& data, bool end) {
        worker(FrameType::ResponseBody, sid, std::vector<uint8_t>(data.begin(), data.end()), end);
    }
    void worker_reset(int64_t sid) {
        std::vector<uint8_t> p(ipc::kStreamResetSize);
        ipc::encode_stream_reset(ResetCode::Internal, p.data());
        worker(FrameType::StreamReset, sid, p, false);
    }

    // The REQUEST_HEAD the workers got for a stream.
    const test::FakeWorkers::Sent& head_of(int64_t sid) {
        for (const auto& s : workers.sent) {
            if (s.type == FrameType::RequestHead && s.stream == sid) return s;
        }
        FAIL("no REQUEST_HEAD for stream " << sid);
        return workers.sent.front();
    }
    size_t heads_of(int64_t sid) const {
        size_t n = 0;
        for (const auto& s : workers.sent) n += s.type == FrameType::RequestHead && s.stream == sid;
        return n;
    }
};

Fields local_fields(const std::string& body) {
    return {{"content-type", "text/plain"}, {"content-length", std::to_string(body.size())}, {"date", kDate}};
}

// A reactor's own answer as the client sees it: status, fields and "message\n".
void check_local(const ClientStream& s, const std::string& status, const std::string& message) {
    CHECK(s.status == status);
    CHECK(s.body == message + "\n");
    CHECK(s.head == local_fields(message + "\n"));
}

}  // namespace

// ---- requests and responses ---------------------------------------------------------------

TEST_CASE("http2 connection: a GET goes to a worker as REQUEST_HEAD and its response back", "[http2][connection]") {
    Harness h;
    // Host differs from :authority: it must not reach the worker (RFC 9113 8.3.1).
    int32_t sid = h.client.request("GET", "/index.php?x=1", {}, 0, false,
                                   {{"host", "other.example"}, {"user-agent", "trident-test"}, {"accept", "*/*"}});
    h.start(true);  // the request comes with the preface, in `initial`
    REQUIRE(h.workers.sent.size() == 1);
    const auto& head = h.workers.sent[0];
    CHECK(head.type == FrameType::RequestHead);
    CHECK(head.session == h.conn->session_id);
    CHECK(head.stream == sid);
    CHECK(head.end);
    CHECK(h.workers.load == std::vector<int64_t>{1});

    ipc::RequestHeadView v;
    REQUIRE(ipc::decode_request_head(reinterpret_cast<const uint8_t*>(head.data.data()), head.data.size(), v) ==
            ipc::DecodeError::None);
    CHECK(v.conn.protocol == ipc::Protocol::Http2);
    CHECK(v.conn.flags == 0);
    CHECK(v.conn.remote_port == 40000);
    CHECK(v.conn.local_port == 8080);
    CHECK(v.method == "GET");
    CHECK(v.scheme == "http");
    CHECK(v.authority == "example.com");
    CHECK(v.target == "/index.php?x=1");
    Fields got;
    auto cur = v.headers();
    HeaderField f;
    while (cur.next(f)) got.emplace_back(std::string(f.name), std::string(f.value));
    CHECK(got == Fields{{"user-agent", "trident-test"}, {"accept", "*/*"}});

    h.respond(sid, 200, {{"Content-Type", "text/html"}, {"Connection", "close"}}, "hello", true);
    const ClientStream& s = h.client.streams[sid];
    CHECK(s.status == "200");
    CHECK(s.head == Fields{{"content-type", "text/html"}, {"date", kDate}, {"content-length", "5"}});
    CHECK(s.body == "hello");
    CHECK(s.close_code == NGHTTP2_NO_ERROR);
    CHECK(h.workers.load == std::vector<int64_t>{0});
    CHECK(h.loop.stats.requests_http2 == 1);
    CHECK(h.loop.stats.responses_total == 1);
    CHECK_FALSE(h.closed());
}

TEST_CASE("http2 connection: concurrent streams answered out of order", "[http2][connection]") {
    Harness h(2);
    h.start();
    int32_t a = h.client.request("GET", "/a");
    int32_t b = h.client.request("GET", "/b");
    int32_t c = h.client.request("GET", "/c");
    h.pump();
    REQUIRE(h.workers.of(FrameType::RequestHead).size() == 3);
    // Least loaded first: a and c on worker 0, b on worker 1.
    CHECK(h.head_of(a).binding == 0);
    CHECK(h.head_of(b).binding == 1);
    CHECK(h.head_of(c).binding == 0);
    CHECK(h.workers.load == std::vector<int64_t>{2, 1});

    h.respond(c, 200, {}, "C", true);
    h.respond(a, 200, {}, "", false);  // a streams its body
    h.respond(b, 404, {}, "B", true);
    h.body(a, "A1", false);
    h.body(a, "A2", true);
    CHECK(h.client.close_order == std::vector<int32_t>{c, b, a});
    CHECK(h.client.streams[a].body == "A1A2");
    CHECK(h.client.streams[a].head == Fields{{"date", kDate}});  // streamed: no length known
    CHECK(h.client.streams[b].status == "404");
    CHECK(h.client.streams[b].body == "B");
    CHECK(h.client.streams[c].body == "C");
    for (int32_t id : {a, b, c}) CHECK(h.client.streams[id].close_code == NGHTTP2_NO_ERROR);
    CHECK(h.workers.load == std::vector<int64_t>{0, 0});
}

TEST_CASE("http2 connection: a POST body in several DATA frames reaches the worker whole", "[http2][connection]") {
    Harness h;
    h.start();
    std::string body;
    for (int i = 0; i < 5000; ++i) body.push_back(char('a' + i % 26));
    int32_t sid = h.client.request("POST", "/upload", body, 1000);
    h.pump();
    CHECK(h.client.streams[sid].data_frames_sent == 5);
    CHECK_FALSE(h.head_of(sid).end);
    // Each DATA frame is forwarded as it arrives; the END_STREAM flag becomes REQUEST_END.
    auto parts = h.workers.of(FrameType::RequestBody);
    REQUIRE(parts.size() == 5);
    for (const auto& p : parts) CHECK((p.data.size() == 1000 && !p.end));
    CHECK(h.workers.body_of(sid) == body);
    REQUIRE(h.workers.of(FrameType::RequestEnd).size() == 1);
    CHECK(h.workers.sent.back().type == FrameType::RequestEnd);

    h.respond(sid, 201, {}, "ok", true);
    CHECK(h.client.streams[sid].status == "201");
    CHECK(h.client.streams[sid].body == "ok");
    CHECK(h.workers.load == std::vector<int64_t>{0});
}

TEST_CASE("http2 connection: request body credit comes back only once the worker channel took it",
          "[http2][connection]") {
    Harness h;
    h.start();
    const size_t stream_window = 1 << 20;  // the server's SETTINGS_INITIAL_WINDOW_SIZE
    std::string body(stream_window + stream_window / 2, 'u');
    h.workers.set_congested(0, true);
    int32_t sid = h.client.request("POST", "/upload", body);
    h.pump();
    ClientStream& s = h.client.streams[sid];
    // The head went out; the body waits in the connection with its credit withheld, so the
    // client stops at the stream window.
    CHECK(h.heads_of(sid) == 1);
    CHECK(h.workers.of(FrameType::RequestBody).empty());
    CHECK(s.body_bytes_sent == stream_window);
    CHECK(nghttp2_session_get_stream_remote_window_size(h.client.session, sid) == 0);
    CHECK(s.window_updates == 0);
    REQUIRE_FALSE(h.workers.drain_waiters.empty());
    CHECK(h.workers.drain_waiters.back() == std::make_pair(0, h.conn->session_id));
    // A waiting body is ours, not the client's slowness: no body timeout meanwhile.
    CHECK(h.conn->timer_kind == server::kTimerNone);

    h.workers.set_congested(0, false);
    h.conn->on_channel_drained();
    h.pump();
    CHECK(s.window_updates >= 1);
    CHECK(s.body_bytes_sent == body.size());
    CHECK(h.workers.body_of(sid) == body);
    CHECK(h.workers.of(FrameType::RequestEnd).size() == 1);
}

TEST_CASE("http2 connection: a body past package_max_length gets 413 on its stream only", "[http2][connection]") {
    Harness h;
    h.loop.cfg.package_max_length = 10000;
    h.start();
    int32_t ok = h.client.request("GET", "/ok");
    // 12000 bytes, and the upload goes on (the client holds the rest back).
    int32_t big = h.client.request("POST", "/big", std::string(12000, 'b'), 4000, true);
    h.pump();
    // 8000 bytes forwarded; the third DATA frame crosses the limit.
    CHECK(h.workers.body_of(big) == std::string(8000, 'b'));
    auto resets = h.workers.of(FrameType::StreamReset);
    REQUIRE(resets.size() == 1);
    CHECK(resets[0].stream == big);
    CHECK(resets[0].reset == ResetCode::BodyTooLarge);
    CHECK(h.workers.of(FrameType::RequestEnd).empty());
    check_local(h.client.streams[big], "413", "Request body larger than package_max_length");
    CHECK(h.loop.stats.bad_requests == 1);
    // The client still uploads: what it sends is dropped, and it must keep coming.
    CHECK(h.client.streams[big].close_code == kNoCode);
    // Its body timer runs (a loop deadline), and the dropped bytes move it on.
    uint64_t deadline = h.loop.last_deadline;
    CHECK(deadline != UINT64_MAX);
    usleep(5000);
    h.client.send_more(big, std::string(4000, 'b'), false);
    h.pump();
    CHECK(h.loop.last_deadline > deadline);
    h.client.send_more(big, "", true);
    h.pump();
    CHECK(h.workers.body_of(big) == std::string(8000, 'b'));
    CHECK(h.client.streams[big].body_bytes_sent == 16000);
    CHECK(h.client.streams[big].close_code == NGHTTP2_NO_ERROR);
    CHECK(h.client.streams[big].rst_code == kNoCode);

    CHECK(h.client.streams[ok].close_code == kNoCode);
    h.respond(ok, 200, {}, "fine", true);
    CHECK(h.client.streams[ok].status == "200");
    CHECK(h.client.streams[ok].body == "fine");
    CHECK(h.workers.load == std::vector<int64_t>{0});
    CHECK(h.conn->timer_kind == server::kTimerIdle);
}

TEST_CASE("http2 connection: worker trailers reach the client lower-cased", "[http2][connection]") {
    Harness h;
    h.start();
    int32_t sid = h.client.request("GET", "/t");
    h.pump();
    h.respond(sid, 200, {{"Trailer", "X-Checksum"}}, "part1", false);
    h.body(sid, "part2", false);
    h.worker(FrameType::ResponseTrailers, sid,
             test::response_head_payload(0, {{"X-Checksum", "abc123"}, {"X-Count", "2"}}), true);
    const ClientStream& s = h.client.streams[sid];
    CHECK(s.status == "200");
    CHECK(s.head == Fields{{"trailer", "X-Checksum"}, {"date", kDate}});
    CHECK(s.body == "part1part2");
    CHECK(s.header_blocks == 2);
    CHECK(s.trailers == Fields{{"x-checksum", "abc123"}, {"x-count", "2"}});
    CHECK(s.close_code == NGHTTP2_NO_ERROR);
    CHECK(h.workers.load == std::vector<int64_t>{0});
}

// ---- failures -------------------------------------------------------------------------------

TEST_CASE("http2 connection: a worker reset is 500 before the head, RST_STREAM after", "[http2][connection]") {
    Harness h;
    h.start();
    int32_t early = h.client.request("GET", "/early");
    int32_t late = h.client.request("GET", "/late");
    h.pump();
    h.worker_reset(early);
    check_local(h.client.streams[early], "500", "Internal Server Error");
    CHECK(h.client.streams[early].close_code == NGHTTP2_NO_ERROR);

    h.respond(late, 200, {}, "partial", false);
    CHECK(h.client.streams[late].body == "partial");
    h.worker_reset(late);
    CHECK(h.client.streams[late].status == "200");
    CHECK(h.client.streams[late].rst_code == NGHTTP2_INTERNAL_ERROR);
    CHECK(h.client.streams[late].close_code == NGHTTP2_INTERNAL_ERROR);
    // The worker gave up itself: nothing is sent back to it.
    CHECK(h.workers.of(FrameType::StreamReset).empty());
    CHECK(h.workers.load == std::vector<int64_t>{0});
    CHECK_FALSE(h.closed());
}

TEST_CASE("http2 connection: a lost worker gives 502, or RST_STREAM once the response started",
          "[http2][connection]") {
    Harness h(2);
    h.start();
    int32_t unanswered = h.client.request("GET", "/1");  // worker 0
    int32_t other = h.client.request("GET", "/2");       // worker 1
    int32_t started = h.client.request("GET", "/3");     // worker 0
    h.pump();
    REQUIRE(h.head_of(unanswered).binding == 0);
    REQUIRE(h.head_of(other).binding == 1);
    REQUIRE(h.head_of(started).binding == 0);
    h.respond(started, 200, {}, "half", false);

    // The channel dies and its in-flight count with it (the reactor drops the channel).
    h.workers.kill(0);
    h.workers.load[0] = 0;
    h.conn->on_channel_lost(0);
    h.pump();
    check_local(h.client.streams[unanswered], "502", "Bad Gateway");
    CHECK(h.client.streams[unanswered].close_code == NGHTTP2_NO_ERROR);
    CHECK(h.client.streams[started].body == "half");
    CHECK(h.client.streams[started].rst_code == NGHTTP2_INTERNAL_ERROR);
    CHECK(h.loop.stats.worker_lost_requests == 2);
    CHECK(h.workers.of(FrameType::StreamReset).empty());
    CHECK(h.workers.load == std::vector<int64_t>{0, 1});

    // The other worker's stream is untouched.
    CHECK(h.client.streams[other].close_code == kNoCode);
    h.respond(other, 200, {}, "two", true);
    CHECK(h.client.streams[other].body == "two");
    CHECK(h.workers.load == std::vector<int64_t>{0, 0});
}

TEST_CASE("http2 connection: the client's RST_STREAM cancels the worker's request", "[http2][connection]") {
    Harness h;
    h.start();
    int32_t sid = h.client.request("POST", "/slow", "first", 16384, true);
    h.pump();
    REQUIRE(h.workers.body_of(sid) == "first");
    REQUIRE(h.workers.load == std::vector<int64_t>{1});
    REQUIRE(nghttp2_submit_rst_stream(h.client.session, NGHTTP2_FLAG_NONE, sid, NGHTTP2_CANCEL) == 0);
    h.pump();
    auto resets = h.workers.of(FrameType::StreamReset);
    REQUIRE(resets.size() == 1);
    CHECK(resets[0].stream == sid);
    CHECK(resets[0].reset == ResetCode::Cancel);
    CHECK(h.loop.stats.client_aborts == 1);
    CHECK(h.loop.stats.http2_streams_reset == 1);
    CHECK(h.workers.load == std::vector<int64_t>{0});
    // The worker's answer, already on its way, is dropped.
    h.respond(sid, 200, {}, "late", true);
    CHECK(h.loop.stats.stale_frames_dropped == 1);
    CHECK(h.client.streams[sid].status.empty());
    CHECK_FALSE(h.closed());
}

TEST_CASE("http2 connection: with no worker free the request waits, and its body with it", "[http2][connection]") {
    Harness h;
    h.start();
    h.workers.no_worker = true;
    int32_t sid = h.client.request("POST", "/queued", std::string(3000, 'q'), 1000);
    h.pump();
    CHECK(h.workers.sent.empty());
    CHECK(h.workers.waiting == std::vector<std::pair<uint64_t, int64_t>>{{h.conn->session_id, sid}});
    CHECK(h.client.streams[sid].body_bytes_sent == 3000);

    h.workers.no_worker = false;
    h.conn->on_dispatch_ready(sid);
    h.pump();
    // The kept head, then the whole body with the end.
    REQUIRE(h.workers.sent.size() == 2);
    CHECK(h.workers.sent[0].type == FrameType::RequestHead);
    CHECK_FALSE(h.workers.sent[0].end);
    CHECK(h.workers.sent[1].type == FrameType::RequestBody);
    CHECK(h.workers.sent[1].data == std::string(3000, 'q'));
    CHECK(h.workers.sent[1].end);
    h.conn->on_dispatch_ready(sid);  // a second wake-up changes nothing
    CHECK(h.workers.sent.size() == 2);

    h.respond(sid, 200, {}, "done", true);
    CHECK(h.client.streams[sid].body == "done");
    CHECK(h.workers.load == std::vector<int64_t>{0});
}

// ---- connection lifetime ------------------------------------------------------------------

TEST_CASE("http2 connection: graceful shutdown finishes the streams in flight, then closes",
          "[http2][connection]") {
    Harness h;
    h.start();
    int32_t inflight = h.client.request("GET", "/slow");
    h.pump();
    REQUIRE(h.workers.load == std::vector<int64_t>{1});

    h.conn->on_shutdown();
    // A request the client sends before it reads the GOAWAY is refused, never dispatched.
    int32_t late = h.client.request("GET", "/late");
    h.pump();
    REQUIRE(h.client.goaways.size() == 1);
    CHECK(h.client.goaways[0] == std::make_pair(inflight, uint32_t(NGHTTP2_NO_ERROR)));
    CHECK(h.client.streams[late].close_code == NGHTTP2_REFUSED_STREAM);
    CHECK(h.heads_of(late) == 0);
    CHECK_FALSE(h.closed());

    h.respond(inflight, 200, {}, "last", true);
    CHECK(h.client.streams[inflight].body == "last");
    CHECK(h.client.streams[inflight].close_code == NGHTTP2_NO_ERROR);
    CHECK(h.workers.load == std::vector<int64_t>{0});
    CHECK(h.closed());
    CHECK(h.loop.interest.count(h.sfd) == 0);
}

TEST_CASE("http2 connection: a stream opened while the server shuts down gets REFUSED_STREAM",
          "[http2][connection]") {
    Harness h;
    h.start();
    h.loop.shutting = true;  // the reactor stops before this connection's on_shutdown()
    int32_t sid = h.client.request("GET", "/new");
    h.pump();
    CHECK(h.client.streams[sid].rst_code == NGHTTP2_REFUSED_STREAM);
    CHECK(h.client.streams[sid].status.empty());
    CHECK(h.workers.sent.empty());
    CHECK(h.workers.load == std::vector<int64_t>{0});
}

TEST_CASE("http2 connection: a streamed response body the client takes returns credit", "[http2][connection]") {
    Harness h(1, 16 << 20);  // a client window that never limits the reads
    h.start();
    int32_t sid = h.client.request("GET", "/big");
    h.pump();
    // 8 KiB with the head (never counted by the worker's window), then 10 x 32 KiB.
    h.respond(sid, 200, {}, std::string(8192, 'h'), false);
    for (int i = 0; i < 10; ++i) h.body(sid, std::string(32768, char('0' + i)), false);
    h.worker(FrameType::ResponseEnd, sid, {}, true);
    CHECK(h.client.streams[sid].body.size() == 8192 + 10 * 32768);
    CHECK(h.client.streams[sid].close_code == NGHTTP2_NO_ERROR);
    // One credit when the client has taken kCreditBatch bytes beyond the head's; the rest
    // (64 KiB) is under a batch.
    auto credits = h.workers.of(FrameType::ResponseCredit);
    REQUIRE(credits.size() == 1);
    CHECK(credits[0].stream == sid);
    CHECK(credits[0].credit == ipc::kCreditBatch);
    CHECK(h.workers.load == std::vector<int64_t>{0});
}

TEST_CASE("http2 connection: HEAD with a streamed response sends the head only", "[http2][connection]") {
    Harness h;
    h.start();
    int32_t sid = h.client.request("HEAD", "/file");
    h.pump();
    h.respond(sid, 200, {{"Content-Length", "1000"}}, "", false);
    const ClientStream& s = h.client.streams[sid];
    CHECK(s.status == "200");
    CHECK(s.head == Fields{{"date", kDate}, {"content-length", "1000"}});
    CHECK(s.body.empty());
    CHECK(s.header_blocks == 1);
    CHECK(s.close_code == NGHTTP2_NO_ERROR);
    // The client has the whole response: the worker is told to stop; that is no abort.
    auto resets = h.workers.of(FrameType::StreamReset);
    REQUIRE(resets.size() == 1);
    CHECK(resets[0].reset == ResetCode::Cancel);
    CHECK(h.loop.stats.client_aborts == 0);
    CHECK(h.workers.load == std::vector<int64_t>{0});
    // Its body, already on the way, is dropped.
    h.body(sid, std::string(1000, 'x'), false);
    h.worker(FrameType::ResponseEnd, sid, {}, true);
    CHECK(h.loop.stats.stale_frames_dropped == 2);
    CHECK(s.body.empty());
}

TEST_CASE("http2 connection: a stalled request body gets 408 at the body timeout", "[http2][connection]") {
    Harness h;
    h.start();
    int32_t slow = h.client.request("POST", "/slow", "some", 16384, true);
    int32_t get = h.client.request("GET", "/fast");
    h.pump();
    REQUIRE(h.workers.body_of(slow) == "some");
    // The body timer is this stream's deadline, not a connection timer.
    CHECK(h.conn->timer_kind == server::kTimerNone);
    REQUIRE(h.loop.last_deadline != UINT64_MAX);

    h.conn->on_deadline(h.loop.last_deadline);
    h.pump();
    check_local(h.client.streams[slow], "408", "Request Timeout");
    auto resets = h.workers.of(FrameType::StreamReset);
    REQUIRE(resets.size() == 1);
    CHECK(resets[0].stream == slow);
    CHECK(resets[0].reset == ResetCode::BodyTimeout);
    // The other stream carries on.
    CHECK(h.client.streams[get].close_code == kNoCode);
    h.respond(get, 200, {}, "fast", true);
    CHECK(h.client.streams[get].body == "fast");
    CHECK(h.workers.load == std::vector<int64_t>{0});

    // The client has its 408 but has not ended the upload: the timer runs on. When it expires
    // again the client is told to stop, without error (RFC 9113 8.1).
    CHECK(h.client.streams[slow].close_code == kNoCode);
    REQUIRE(h.loop.last_deadline != UINT64_MAX);
    h.conn->on_deadline(h.loop.last_deadline);
    h.pump();
    CHECK(h.client.streams[slow].rst_code == NGHTTP2_NO_ERROR);
    CHECK(h.client.streams[slow].close_code == NGHTTP2_NO_ERROR);
    CHECK(h.workers.of(FrameType::StreamReset).size() == 1);
    CHECK(h.loop.stats.http2_streams_reset == 0);
    CHECK_FALSE(h.closed());
    CHECK(h.conn->timer_kind == server::kTimerIdle);
}

TEST_CASE("http2 connection: CONNECT gets 501 without a worker", "[http2][connection]") {
    Harness h;
    h.start();
    int32_t sid = h.client.request("CONNECT", "");
    h.pump();
    check_local(h.client.streams[sid], "501", "Not Implemented");
    CHECK(h.client.streams[sid].close_code == NGHTTP2_NO_ERROR);
    CHECK(h.workers.sent.empty());
    CHECK(h.workers.load == std::vector<int64_t>{0});
}

// ---- WebSockets over extended CONNECT (RFC 8441) ----------------------------------------------

namespace {

std::string masked_frame(websocket::Opcode op, std::string_view payload) {
    static const websocket::MaskKey key = {{1, 2, 3, 4}};
    websocket::FrameOptions o;
    o.mask = &key;
    std::string out;
    websocket::append_frame(out, op, payload, o);
    return out;
}

// The client's extended CONNECT with an open request stream (its DATA is the WebSocket).
int32_t websocket_connect(Harness& h, Fields extra = {}) {
    Fields f = {{":method", "CONNECT"}, {":protocol", "websocket"}, {":scheme", "http"}, {":path", "/chat"},
                {":authority", "example.com"}, {"sec-websocket-version", "13"}};
    f.insert(f.end(), extra.begin(), extra.end());
    std::vector<nghttp2_nv> nva;
    for (auto& [n, v] : f) {
        nva.push_back(nghttp2_nv{reinterpret_cast<uint8_t*>(n.data()), reinterpret_cast<uint8_t*>(v.data()), n.size(),
                                 v.size(), NGHTTP2_NV_FLAG_NONE});
    }
    nghttp2_data_provider prd;
    prd.source.ptr = nullptr;
    prd.read_callback = Client::read_upload;
    int32_t sid = nghttp2_submit_request(h.client.session, nullptr, nva.data(), nva.size(), &prd, nullptr);
    REQUIRE(sid > 0);
    h.client.streams[sid].hold = true;
    h.pump();
    return sid;
}

void accept_ws(Harness& h, int32_t sid, std::vector<HeaderField> fields = {}) {
    auto p = test::response_head_payload(101, std::move(fields));
    ipc::FrameHeader fh = test::frame(FrameType::ResponseHead, h.session(), sid, p.size(), false);
    fh.flags = ipc::kFlagUpgradeAccepted;
    h.conn->on_worker_frame(fh, p.data(), p.size());
    h.pump();
}

std::vector<std::string> server_frames(const std::string& bytes) {
    websocket::Parser p(websocket::Role::Client);
    std::string_view in = bytes;
    std::vector<std::string> out;
    for (;;) {
        websocket::Event ev = p.feed(in);
        if (ev.kind == websocket::EventKind::NeedMore) break;
        if (ev.kind == websocket::EventKind::Close) out.push_back("close " + std::to_string(ev.close_code));
        else out.emplace_back(ev.data);
        if (ev.kind == websocket::EventKind::Close || ev.kind == websocket::EventKind::Error) break;
    }
    return out;
}

}  // namespace

TEST_CASE("http2 websocket: SETTINGS_ENABLE_CONNECT_PROTOCOL, the 200, frames both ways, the close",
          "[http2][websocket]") {
    Harness h;
    h.start();
    CHECK(nghttp2_session_get_remote_settings(h.client.session, NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL) == 1);
    int32_t sid = websocket_connect(h);
    REQUIRE(h.workers.sent.size() == 1);
    const auto& head = h.head_of(sid);
    CHECK(head.end);  // the worker has the whole request: the stream's DATA is the WebSocket's
    ipc::RequestHeadView v;
    REQUIRE(ipc::decode_request_head(reinterpret_cast<const uint8_t*>(head.data.data()), head.data.size(), v) ==
            ipc::DecodeError::None);
    CHECK((v.conn.flags & ipc::kRequestFlagWebSocket) != 0);
    CHECK(v.method == "CONNECT");
    CHECK(v.target == "/chat");

    accept_ws(h, sid, {{"Sec-WebSocket-Protocol", "chat"}});
    ClientStream& cs = h.client.streams[sid];
    CHECK(cs.status == "200");
    CHECK(std::count(cs.head.begin(), cs.head.end(), std::make_pair(std::string("sec-websocket-protocol"), std::string("chat"))) == 1);
    CHECK(cs.close_code == kNoCode);
    auto opened = h.workers.of(FrameType::WsOpen);
    REQUIRE(opened.size() == 1);
    const uint64_t id = opened[0].credit;
    CHECK(h.workers.load == std::vector<int64_t>{0});

    h.client.send_more(sid, masked_frame(websocket::Opcode::Text, "hi over h2"), false);
    h.pump();
    auto msgs = h.workers.of(FrameType::WsMessage);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0].data == std::string("\x01") + "hi over h2");

    std::vector<uint8_t> p(ipc::kMaxPayload);
    size_t n = ipc::encode_ws_push(ipc::WsOpcode::Binary, 0, std::string(60000, 'b'), p.data(), p.size());
    h.conn->on_ws_push(2, sid, test::frame(FrameType::WsPush, id, 0, n, false), p.data(), n);
    h.pump();
    auto got = server_frames(cs.body);
    REQUIRE(got.size() == 1);
    CHECK(got[0] == std::string(60000, 'b'));

    // The client closes; we echo and end our side; the client ends its side: the stream is done.
    cs.body.clear();
    h.client.send_more(sid, masked_frame(websocket::Opcode::Close, std::string("\x03\xe8", 2)), false);
    h.pump();
    auto closed = h.workers.of(FrameType::WsClosed);
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].credit == 1000);
    got = server_frames(cs.body);
    REQUIRE(got.size() == 1);
    CHECK(got[0] == "close 1000");
    h.client.send_more(sid, "", true);
    h.pump();
    CHECK(cs.close_code == 0);
    CHECK(h.workers.ws_open.empty());
    CHECK_FALSE(h.closed());
}

TEST_CASE("http2 websocket: bad extended CONNECTs, refusals and the end of the connection", "[http2][websocket]") {
    SECTION(":protocol other than websocket: 501") {
        Harness h;
        h.start();
        Fields f;
        int32_t sid = websocket_connect(h, {});
        (void)sid;
        h.workers.sent.clear();
        // (a second stream with another protocol)
        Fields g = {{":method", "CONNECT"}, {":protocol", "connect-udp"}, {":scheme", "http"}, {":path", "/"},
                    {":authority", "example.com"}};
        std::vector<nghttp2_nv> nva;
        for (auto& [n, v] : g) {
            nva.push_back(nghttp2_nv{reinterpret_cast<uint8_t*>(n.data()), reinterpret_cast<uint8_t*>(v.data()),
                                     n.size(), v.size(), NGHTTP2_NV_FLAG_NONE});
        }
        int32_t other = nghttp2_submit_request(h.client.session, nullptr, nva.data(), nva.size(), nullptr, nullptr);
        h.pump();
        CHECK(h.workers.sent.empty());
        CHECK(h.client.streams[other].status == "501");
    }
    SECTION("wrong version: 426") {
        Harness h;
        h.start();
        Fields g = {{":method", "CONNECT"}, {":protocol", "websocket"}, {":scheme", "http"}, {":path", "/"},
                    {":authority", "example.com"}, {"sec-websocket-version", "8"}};
        std::vector<nghttp2_nv> nva;
        for (auto& [n, v] : g) {
            nva.push_back(nghttp2_nv{reinterpret_cast<uint8_t*>(n.data()), reinterpret_cast<uint8_t*>(v.data()),
                                     n.size(), v.size(), NGHTTP2_NV_FLAG_NONE});
        }
        nghttp2_data_provider prd;
        prd.source.ptr = nullptr;
        prd.read_callback = Client::read_upload;
        int32_t sid = nghttp2_submit_request(h.client.session, nullptr, nva.data(), nva.size(), &prd, nullptr);
        h.client.streams[sid].hold = true;
        h.pump();
        CHECK(h.workers.sent.empty());
        CHECK(h.client.streams[sid].status == "426");
    }
    SECTION("the worker refuses with 403: an ordinary response") {
        Harness h;
        h.start();
        int32_t sid = websocket_connect(h);
        h.respond(sid, 403, {}, "no", true);
        CHECK(h.client.streams[sid].status == "403");
        CHECK(h.client.streams[sid].body == "no");
        CHECK(h.workers.of(FrameType::WsOpen).empty());
        CHECK(h.loop.stats.websocket_upgrades_refused.load() == 1);
    }
    SECTION("the client resets the stream: 1006 for the owner") {
        Harness h;
        h.start();
        int32_t sid = websocket_connect(h);
        accept_ws(h, sid);
        nghttp2_submit_rst_stream(h.client.session, NGHTTP2_FLAG_NONE, sid, NGHTTP2_CANCEL);
        h.pump();
        auto closed = h.workers.of(FrameType::WsClosed);
        REQUIRE(closed.size() == 1);
        CHECK(closed[0].credit == 1006);
        CHECK(h.workers.ws_open.empty());
    }
    SECTION("server shutdown: 1001, then the stream and the connection end") {
        Harness h;
        h.start();
        int32_t sid = websocket_connect(h);
        accept_ws(h, sid);
        ClientStream& cs = h.client.streams[sid];
        cs.body.clear();
        h.loop.shutting = true;
        h.conn->on_shutdown();
        h.pump();
        auto got = server_frames(cs.body);
        REQUIRE(got.size() == 1);
        CHECK(got[0] == "close 1001");
        CHECK_FALSE(h.closed());
        h.client.send_more(sid, masked_frame(websocket::Opcode::Close, std::string("\x03\xe9", 2)), true);
        h.pump();
        auto closed = h.workers.of(FrameType::WsClosed);
        REQUIRE(closed.size() == 1);
        CHECK(closed[0].credit == 1001);
        CHECK(h.closed());
    }
}

TEST_CASE("http2 websocket: push credit comes back as nghttp2 takes the frames under the client's window",
          "[http2][websocket]") {
    Harness h;  // the client keeps nghttp2's default 65,535-byte stream window
    h.start();
    int32_t sid = websocket_connect(h);
    accept_ws(h, sid, {});
    auto opened = h.workers.of(FrameType::WsOpen);
    REQUIRE(opened.size() == 1);
    const uint64_t id = opened[0].credit;
    std::vector<uint8_t> p(ipc::kMaxPayload);
    const std::string msg(60000, 'w');
    size_t n = ipc::encode_ws_push(ipc::WsOpcode::Binary, 0, msg, p.data(), p.size());
    // Ten pushes while the client sends no WINDOW_UPDATE: nghttp2 takes one window's worth,
    // i.e. the first message whole and part of the second; only the first is given back.
    for (int i = 0; i < 10; ++i) h.conn->on_ws_push(2, sid, test::frame(FrameType::WsPush, id, 0, n, false), p.data(), n);
    CHECK(h.workers.credit_returned[id] == msg.size());
    // The client reads (and opens its window as it goes): all of it comes back, once.
    for (int i = 0; i < 100 && h.workers.credit_returned[id] < 10 * msg.size(); ++i) h.pump();
    CHECK(h.workers.credit_returned[id] == 10 * msg.size());
    CHECK(server_frames(h.client.streams[sid].body).size() == 10);
    CHECK(h.loop.stats.websocket_pushes_dropped.load() == 0);
}

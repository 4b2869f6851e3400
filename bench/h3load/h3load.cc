// h3load: a small HTTP/3 load generator for local benchmarks (Debian's h2load has no HTTP/3).
//
// Built on the libraries Debian 12 ships: ngtcp2 0.12 (+ ngtcp2_crypto_gnutls), nghttp3 0.8 and
// GnuTLS. Pre-1.0 APIs: ngtcp2_conn_client_new takes an ngtcp2_path, callbacks use
// ngtcp2_crypto_level, packets are written with ngtcp2_conn_writev_stream + ngtcp2_pkt_info.
//
// Design: -t threads, each with its own epoll loop and a share of the -c connections and of the
// -n requests. Every connection has its own connected, non-blocking UDP socket; datagrams are read
// with recvmmsg and written with sendmmsg in batches. Timers come from ngtcp2_conn_get_expiry
// (epoll_pwait2 gives them nanosecond resolution). A connection keeps up to -m requests in flight,
// bounded also by the server's MAX_STREAMS (new streams are opened as the server extends it).
// Request slots are allocated once per connection; response bodies are counted, not stored;
// latencies go into a fixed-size log-linear histogram, so memory does not grow with the run.
//
// Output is modeled on h2load (see print_report). Semantics of the counters:
//   started    requests submitted (in -D mode: during the measured period, plus those in flight
//              when it began)
//   done       responses received completely (any status)
//   succeeded  done with a 2xx status
//   errored    requests lost to a stream reset or a connection failure/close
//   timeout    requests in flight when the overall timeout (-T) fired
//   failed     every request that did not succeed: errored + timeout + non-2xx answers + requests
//              never started (-n mode)
// Exit status: 0 when every request succeeded (and at least one was made), 1 otherwise, 2 on a
// usage error.
//
// Only loopback targets are accepted (127.0.0.1, ::1, localhost): this tool is for local tests.

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <netinet/in.h>
#include <nghttp3/nghttp3.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cinttypes>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

constexpr size_t kPktStride = 1500;        // bytes reserved per outgoing datagram
constexpr size_t kMaxTxUdpPayload = 1452;  // ngtcp2's default; <= kPktStride
constexpr int kTxBatch = 64;               // datagrams per sendmmsg
constexpr int kTxMaxPerWrite = 256;        // datagrams per write() call (fairness between conns)
constexpr int kRxBatch = 32;               // datagrams per recvmmsg
constexpr size_t kRxSize = 65536;          // receive buffer per datagram
constexpr int kRxRounds = 8;               // recvmmsg calls per readiness event (level-triggered)
constexpr int kMaxConnectFailures = 3;     // a client slot gives up after this many failed connections
constexpr int kMaxEvents = 256;

uint64_t now_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

struct Config {
    int64_t requests = 1;
    int conns = 1;
    int streams = 1;
    int threads = 1;
    double duration = 0;  // seconds; > 0 selects duration mode
    double warmup = 0;    // seconds, duration mode only
    double timeout = 60;  // overall timeout, seconds
    bool verbose = false;
    int datagrams = 0;    // --datagrams: QUIC DATAGRAM frames each connection sends after its handshake
    std::string token_file;  // --token-file: NEW_TOKEN token to present, and where to keep a new one
    std::string token;       // its content (raw bytes) at start
    bool ocsp_status = false;  // --ocsp-status: ask for a stapled OCSP response and report it

    std::string host;       // as written in the URL (without brackets)
    std::string authority;  // :authority
    std::string path = "/";
    std::string sni;        // empty: no SNI
    bool sni_set = false;
    sockaddr_storage addr{};
    socklen_t addrlen = 0;
    int family = AF_INET;

    std::string method = "GET";
    std::string body;
    bool has_body = false;
    // --body-pace=BYTES:MS: each request body goes out BYTES at a time, MS apart (a slow
    // uploader; a large MS after the first piece is a stalled one). 0: all at once.
    size_t pace_bytes = 0;
    uint64_t pace_ns = 0;
    std::string user_agent = "h3load";
    std::vector<std::pair<std::string, std::string>> headers;  // extra, names lower-cased
    // --trailer: request trailer fields sent after the -d body (names lower-cased, any name:
    // tests send pseudo-headers on purpose to see them refused).
    std::vector<std::pair<std::string, std::string>> trailers;
    std::vector<nghttp3_nv> trailer_nva;
    // -o FILE (a test mode, one request on one connection): the response body goes to FILE as
    // received, the response fields to FILE.headers ("name: value" lines).
    std::string output;
    FILE* output_body = nullptr;
    FILE* output_headers = nullptr;

    // Built once; nghttp3 copies the fields when a request is submitted.
    std::vector<nghttp3_nv> nva;
    std::string content_length;
};

Config G;

// --ocsp-status: what the first completed handshake brought ("none", or "N bytes, cert status
// good|revoked|unknown").
std::mutex g_ocsp_mu;
std::string g_ocsp;

gnutls_certificate_credentials_t g_cred = nullptr;
gnutls_priority_t g_priority = nullptr;
constexpr const char* kPriority =
    "%DISABLE_TLS13_COMPAT_MODE:NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:"
    "+CHACHA20-POLY1305:+AES-128-CCM:-GROUP-ALL:+GROUP-SECP256R1:+GROUP-X25519:+GROUP-SECP384R1:"
    "+GROUP-SECP521R1";

std::atomic<bool> g_interrupted{false};
// --datagrams: totals over every connection (the payloads name their connection and index, so an
// echo can be checked against what was sent).
std::atomic<uint64_t> g_dgram_sent{0}, g_dgram_received{0}, g_dgram_echoed{0};
// --token-file: Retry packets received, and the last NEW_TOKEN token the server gave.
std::atomic<uint64_t> g_retries{0};
std::mutex g_token_mu;
std::string g_new_token;

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

// Log-linear histogram of nanosecond values: exact below 128, then 64 sub-buckets per power of
// two (relative error under 1%). Fixed size, no allocation per sample.
struct Histogram {
    static constexpr int kSub = 64;
    static constexpr int kLinear = 2 * kSub;
    static constexpr int kBuckets = kLinear + 57 * kSub;
    std::vector<uint64_t> bucket = std::vector<uint64_t>(kBuckets, 0);
    uint64_t count = 0, min = UINT64_MAX, max = 0;
    long double sum = 0;

    static int index(uint64_t v) {
        if (v < uint64_t(kLinear)) return int(v);
        int msb = 63 - __builtin_clzll(v);
        int shift = msb - 6;
        return kLinear + (shift - 1) * kSub + int((v >> shift) - kSub);
    }
    static uint64_t value(int i) {
        if (i < kLinear) return uint64_t(i);
        int shift = (i - kLinear) / kSub + 1;
        uint64_t mant = uint64_t((i - kLinear) % kSub + kSub);
        return (mant << shift) + (1ull << (shift - 1));
    }
    void add(uint64_t v) {
        ++bucket[index(v)];
        ++count;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
    }
    void merge(const Histogram& o) {
        for (int i = 0; i < kBuckets; ++i) bucket[i] += o.bucket[i];
        count += o.count;
        sum += o.sum;
        min = std::min(min, o.min);
        max = std::max(max, o.max);
    }
    uint64_t percentile(double p) const {
        if (count == 0) return 0;
        uint64_t target = uint64_t(std::ceil(p * double(count)));
        if (target == 0) target = 1;
        uint64_t seen = 0;
        for (int i = 0; i < kBuckets; ++i) {
            seen += bucket[i];
            if (seen >= target) return std::min(max, std::max(min, value(i)));
        }
        return max;
    }
};

struct Stats {
    uint64_t started = 0, done = 0, succeeded = 0, errored = 0, timeout = 0;
    uint64_t status[6] = {};  // by status / 100; [0] = anything outside 1xx..5xx
    uint64_t bytes_total = 0, bytes_head = 0, bytes_data = 0;
    uint64_t in_flight_at_end = 0;  // duration mode: requests still running at the end
    Histogram latency;

    void merge(const Stats& o) {
        started += o.started;
        done += o.done;
        succeeded += o.succeeded;
        errored += o.errored;
        timeout += o.timeout;
        for (int i = 0; i < 6; ++i) status[i] += o.status[i];
        bytes_total += o.bytes_total;
        bytes_head += o.bytes_head;
        bytes_data += o.bytes_data;
        in_flight_at_end += o.in_flight_at_end;
        latency.merge(o.latency);
    }
};

std::mutex g_err_mu;
std::map<std::string, uint64_t> g_errors;  // connection-level events, reported on stderr

void note_error(const std::string& what) {
    std::lock_guard<std::mutex> lk(g_err_mu);
    uint64_t& n = g_errors[what];
    ++n;
    if (G.verbose) fprintf(stderr, "h3load: %s\n", what.c_str());
}

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    return buf;
}

// ---------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------

struct Worker;
struct Conn;

struct Req {
    int64_t sid = -1;
    uint64_t start = 0;
    int status = 0;
    bool active = false;
    size_t body_sent = 0;     // --body-pace: body bytes handed to nghttp3
    uint64_t next_piece = 0;  // --body-pace: when the next piece may go
    bool paced_out = false;   // --body-pace: read_body said WOULDBLOCK, resume at next_piece
};

struct Slot {  // one of the -c client connections; reconnects after a close
    Conn* conn = nullptr;
    int failures = 0;
    bool given_up = false;
};

struct Conn {
    Worker* w = nullptr;
    Slot* slot = nullptr;
    int fd = -1;
    sockaddr_storage local{}, remote{};
    socklen_t locallen = 0, remotelen = 0;
    ngtcp2_path path{};
    ngtcp2_conn* qc = nullptr;
    nghttp3_conn* h3 = nullptr;
    gnutls_session_t tls = nullptr;
    ngtcp2_crypto_conn_ref ref{};

    std::vector<Req> reqs;
    std::vector<uint32_t> free_reqs;
    int inflight = 0;
    uint64_t completed = 0;

    bool handshake_done = false;
    bool goaway = false;
    int64_t goaway_id = -1;  // GOAWAY: requests on streams >= this id were not processed
    bool dead = false;
    bool want_out = false;
    uint64_t h3_error = 0;  // nghttp3 failure inside a callback: application error to close with
    std::string cb_error;   // description of a callback failure
    uint64_t expiry = UINT64_MAX;
    uint64_t pace_wake = UINT64_MAX;  // --body-pace: earliest next_piece of a waiting body

    // --datagrams: how many this connection sent; which of them came back unchanged.
    int dgram_sent = 0;
    std::vector<bool> dgram_seen;
    int id = 0;

    // Datagrams sendmmsg could not take (EAGAIN): kept until the socket is writable.
    std::vector<uint8_t> pend;
    std::vector<uint16_t> pend_len;

    ~Conn();
    bool init(uint64_t now, std::string* err);
    uint64_t w_now() const;
    void resume_paced_bodies();
    Req* alloc_req();
    void release(Req* r);
    bool setup_h3();
    void start_requests();
    void on_readable();
    void on_writable();
    void service();
    void write();
    bool flush(const uint8_t* base, const uint16_t* lens, int n);
    void handle_expiry();
    void close_with(const ngtcp2_connection_close_error* cc);
    void die(const std::string& why, bool send_close, uint64_t app_code);
};

struct Worker {
    int id = 0;
    int ep = -1;
    int64_t todo = -1;  // requests left to start; -1 = unlimited (duration mode)
    std::vector<Slot> slots;
    std::vector<Conn*> dead;
    Stats st;
    uint64_t now = 0;
    uint64_t measure_start = 0;  // duration mode: end of warm-up
    uint64_t measure_end = 0;    // duration mode: end of the measured period
    uint64_t deadline = 0;       // overall timeout
    bool measuring = false;
    bool stopping = false;
    uint64_t next_timer = UINT64_MAX;
    uint64_t finish_time = 0;

    std::vector<uint8_t> txbuf = std::vector<uint8_t>(kPktStride * kTxBatch);
    std::vector<uint8_t> rxbuf = std::vector<uint8_t>(kRxSize * kRxBatch);
    mmsghdr rxmsg[kRxBatch];
    iovec rxiov[kRxBatch];

    void run();
    Conn* connect(Slot* s);
    void reap();
    void note_expiry(Conn* c) {
        c->expiry = std::min(ngtcp2_conn_get_expiry(c->qc), c->pace_wake);
        if (c->expiry < next_timer) next_timer = c->expiry;
    }
    void run_timers();
    void stop_all(bool timed_out);
    bool all_idle() const {
        for (const Slot& s : slots) {
            if (s.conn != nullptr) return false;
        }
        return true;
    }
};

Conn::~Conn() {
    if (h3 != nullptr) nghttp3_conn_del(h3);
    if (qc != nullptr) ngtcp2_conn_del(qc);
    if (tls != nullptr) gnutls_deinit(tls);
    if (fd >= 0) close(fd);
}

Req* Conn::alloc_req() {
    if (free_reqs.empty()) return nullptr;
    Req* r = &reqs[free_reqs.back()];
    free_reqs.pop_back();
    r->active = true;
    r->status = 0;
    r->body_sent = 0;
    r->next_piece = 0;
    r->paced_out = false;
    ++inflight;
    return r;
}

void Conn::release(Req* r) {
    r->active = false;
    r->sid = -1;
    free_reqs.push_back(uint32_t(r - reqs.data()));
    --inflight;
}

// ---- nghttp3 callbacks ------------------------------------------------------------------------

Conn* conn_of(void* ud) { return static_cast<Conn*>(ud); }

int h3_recv_header(nghttp3_conn*, int64_t, int32_t token, nghttp3_rcbuf* name, nghttp3_rcbuf* value, uint8_t,
                   void* ud, void* sud) {
    Conn* c = conn_of(ud);
    nghttp3_vec v = nghttp3_rcbuf_get_buf(value);
    if (c->w->measuring) c->w->st.bytes_head += nghttp3_rcbuf_get_buf(name).len + v.len;
    if (G.output_headers) {
        nghttp3_vec n = nghttp3_rcbuf_get_buf(name);
        fprintf(G.output_headers, "%.*s: %.*s\n", int(n.len), reinterpret_cast<const char*>(n.base), int(v.len),
                reinterpret_cast<const char*>(v.base));
    }
    if (token == NGHTTP3_QPACK_TOKEN__STATUS && sud != nullptr) {
        int s = 0;
        for (size_t i = 0; i < v.len && i < 4; ++i) {
            if (v.base[i] < '0' || v.base[i] > '9') {
                s = 0;
                break;
            }
            s = s * 10 + (v.base[i] - '0');
        }
        static_cast<Req*>(sud)->status = s;
    }
    return 0;
}

int h3_recv_data(nghttp3_conn*, int64_t sid, const uint8_t* data, size_t len, void* ud, void*) {
    Conn* c = conn_of(ud);
    if (c->w->measuring) c->w->st.bytes_data += len;
    if (G.output_body) fwrite(data, 1, len, G.output_body);
    ngtcp2_conn_extend_max_stream_offset(c->qc, sid, len);
    ngtcp2_conn_extend_max_offset(c->qc, len);
    return 0;
}

int h3_deferred_consume(nghttp3_conn*, int64_t sid, size_t n, void* ud, void*) {
    Conn* c = conn_of(ud);
    ngtcp2_conn_extend_max_stream_offset(c->qc, sid, n);
    ngtcp2_conn_extend_max_offset(c->qc, n);
    return 0;
}

// A response ended: the request is done. The stream itself closes later (once the server has
// acknowledged our FIN); its slot is free now so the next request need not wait for that.
int h3_end_stream(nghttp3_conn* h3, int64_t sid, void* ud, void* sud) {
    Conn* c = conn_of(ud);
    Req* r = static_cast<Req*>(sud);
    if (r == nullptr) return 0;
    nghttp3_conn_set_stream_user_data(h3, sid, nullptr);
    Worker* w = c->w;
    if (w->measuring) {
        Stats& st = w->st;
        ++st.done;
        int cls = r->status / 100;
        if (cls < 1 || cls > 5) cls = 0;
        ++st.status[cls];
        if (cls == 2) ++st.succeeded;
        st.latency.add(w->now > r->start ? w->now - r->start : 0);
    }
    ++c->completed;
    c->release(r);
    return 0;
}

// A request stream closed before its response ended (reset by the server, or an error).
int h3_stream_close(nghttp3_conn*, int64_t, uint64_t app_error_code, void* ud, void* sud) {
    Conn* c = conn_of(ud);
    Req* r = static_cast<Req*>(sud);
    if (r == nullptr) return 0;
    if (c->w->measuring) ++c->w->st.errored;
    if (G.verbose) note_error(fmt("stream %" PRId64 " closed before the response ended (code 0x%" PRIx64 ")",
                                  r->sid, app_error_code));
    c->release(r);
    return 0;
}

int h3_stop_sending(nghttp3_conn*, int64_t sid, uint64_t code, void* ud, void*) {
    return ngtcp2_conn_shutdown_stream_read(conn_of(ud)->qc, sid, code) == 0 ? 0 : NGHTTP3_ERR_CALLBACK_FAILURE;
}

int h3_reset_stream(nghttp3_conn*, int64_t sid, uint64_t code, void* ud, void*) {
    return ngtcp2_conn_shutdown_stream_write(conn_of(ud)->qc, sid, code) == 0 ? 0 : NGHTTP3_ERR_CALLBACK_FAILURE;
}

int h3_shutdown(nghttp3_conn*, int64_t id, void* ud) {  // GOAWAY from the server
    Conn* c = conn_of(ud);
    c->goaway = true;
    if (c->goaway_id < 0 || id < c->goaway_id) c->goaway_id = id;
    return 0;
}

// The body's last bytes are out: with --trailer the stream ends with a HEADERS frame of
// trailers instead of FIN (nghttp3 sends it after the DATA frames).
bool end_body(nghttp3_conn* h3, int64_t sid, uint32_t* flags) {
    *flags |= NGHTTP3_DATA_FLAG_EOF;
    if (G.trailer_nva.empty()) return true;
    *flags |= NGHTTP3_DATA_FLAG_NO_END_STREAM;
    return nghttp3_conn_submit_trailers(h3, sid, G.trailer_nva.data(), G.trailer_nva.size()) == 0;
}

nghttp3_ssize h3_read_body(nghttp3_conn* h3, int64_t sid, nghttp3_vec* vec, size_t veccnt, uint32_t* flags,
                           void* ud, void* sud) {
    if (veccnt == 0) return 0;
    if (G.pace_bytes == 0) {
        vec[0].base = reinterpret_cast<uint8_t*>(G.body.data());
        vec[0].len = G.body.size();
        if (!end_body(h3, sid, flags)) return NGHTTP3_ERR_CALLBACK_FAILURE;
        return 1;
    }
    // --body-pace: one piece per interval; until then the stream waits (resumed by the timer).
    Conn* c = conn_of(ud);
    auto* r = static_cast<Req*>(sud);
    if (r == nullptr) return NGHTTP3_ERR_CALLBACK_FAILURE;
    if (c->w_now() < r->next_piece) {
        r->paced_out = true;
        c->pace_wake = std::min(c->pace_wake, r->next_piece);
        return NGHTTP3_ERR_WOULDBLOCK;
    }
    size_t n = std::min(G.pace_bytes, G.body.size() - r->body_sent);
    vec[0].base = reinterpret_cast<uint8_t*>(G.body.data() + r->body_sent);
    vec[0].len = n;
    r->body_sent += n;
    r->next_piece = c->w_now() + G.pace_ns;
    if (r->body_sent == G.body.size() && !end_body(h3, sid, flags)) return NGHTTP3_ERR_CALLBACK_FAILURE;
    return 1;
}

bool Conn::setup_h3() {
    nghttp3_callbacks cb{};
    cb.recv_header = h3_recv_header;
    cb.recv_data = h3_recv_data;
    cb.deferred_consume = h3_deferred_consume;
    cb.end_stream = h3_end_stream;
    cb.stream_close = h3_stream_close;
    cb.stop_sending = h3_stop_sending;
    cb.reset_stream = h3_reset_stream;
    cb.shutdown = h3_shutdown;
    nghttp3_settings s;
    nghttp3_settings_default(&s);
    s.qpack_max_dtable_capacity = 4096;
    s.qpack_blocked_streams = 100;
    if (nghttp3_conn_client_new(&h3, &cb, &s, nghttp3_mem_default(), this) != 0) {
        cb_error = "nghttp3_conn_client_new failed";
        return false;
    }
    int64_t ctrl, qenc, qdec;
    if (ngtcp2_conn_open_uni_stream(qc, &ctrl, nullptr) != 0 || nghttp3_conn_bind_control_stream(h3, ctrl) != 0 ||
        ngtcp2_conn_open_uni_stream(qc, &qenc, nullptr) != 0 || ngtcp2_conn_open_uni_stream(qc, &qdec, nullptr) != 0 ||
        nghttp3_conn_bind_qpack_streams(h3, qenc, qdec) != 0) {
        cb_error = "cannot open the HTTP/3 control and QPACK streams (server allows too few uni streams?)";
        return false;
    }
    return true;
}

// ---- ngtcp2 callbacks -------------------------------------------------------------------------

void cb_rand(uint8_t* dest, size_t len, const ngtcp2_rand_ctx*) { gnutls_rnd(GNUTLS_RND_NONCE, dest, len); }

int cb_get_new_connection_id(ngtcp2_conn*, ngtcp2_cid* cid, uint8_t* token, size_t cidlen, void*) {
    if (gnutls_rnd(GNUTLS_RND_NONCE, cid->data, cidlen) != 0) return NGTCP2_ERR_CALLBACK_FAILURE;
    cid->datalen = cidlen;
    if (gnutls_rnd(GNUTLS_RND_NONCE, token, NGTCP2_STATELESS_RESET_TOKENLEN) != 0) return NGTCP2_ERR_CALLBACK_FAILURE;
    return 0;
}

// The 1-RTT read key arrives before any HTTP/3 data can: create the HTTP/3 layer then.
int cb_recv_rx_key(ngtcp2_conn*, ngtcp2_crypto_level level, void* ud) {
    if (level != NGTCP2_CRYPTO_LEVEL_APPLICATION) return 0;
    Conn* c = conn_of(ud);
    if (c->h3 != nullptr) return 0;
    return c->setup_h3() ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

int cb_handshake_completed(ngtcp2_conn*, void* ud) {
    Conn* c = conn_of(ud);
    gnutls_datum_t alpn{};
    if (gnutls_alpn_get_selected_protocol(c->tls, &alpn) != 0 || alpn.size != 2 ||
        memcmp(alpn.data, "h3", 2) != 0) {
        c->cb_error = "server did not negotiate ALPN h3";
        return NGTCP2_ERR_CALLBACK_FAILURE;
    }
    c->handshake_done = true;
    if (G.ocsp_status) {
        std::lock_guard<std::mutex> lk(g_ocsp_mu);
        if (g_ocsp.empty()) {
            gnutls_datum_t der{};
            gnutls_ocsp_resp_t resp = nullptr;
            unsigned status = 0;
            if (gnutls_ocsp_status_request_get(c->tls, &der) != 0) {
                g_ocsp = "none";
            } else if (gnutls_ocsp_resp_init(&resp) == 0 && gnutls_ocsp_resp_import(resp, &der) == 0 &&
                       gnutls_ocsp_resp_get_single(resp, 0, nullptr, nullptr, nullptr, nullptr, &status, nullptr,
                                                   nullptr, nullptr, nullptr) == 0) {
                g_ocsp = fmt("%u bytes, cert status %s", der.size,
                             status == GNUTLS_OCSP_CERT_GOOD      ? "good"
                             : status == GNUTLS_OCSP_CERT_REVOKED ? "revoked"
                                                                  : "unknown");
            } else {
                g_ocsp = fmt("%u bytes, does not parse", der.size);
            }
            if (resp != nullptr) gnutls_ocsp_resp_deinit(resp);
        }
    }
    return 0;
}

// The payload of this connection's i-th DATAGRAM frame.
std::string dgram_payload(const Conn* c, int i) { return fmt("h3load datagram %d/%d", c->id, i); }

int cb_recv_retry(ngtcp2_conn* qc, const ngtcp2_pkt_hd* hd, void* ud) {
    g_retries.fetch_add(1, std::memory_order_relaxed);
    return ngtcp2_crypto_recv_retry_cb(qc, hd, ud);
}

int cb_recv_new_token(ngtcp2_conn*, const ngtcp2_vec* token, void*) {
    std::lock_guard<std::mutex> lk(g_token_mu);
    g_new_token.assign(reinterpret_cast<const char*>(token->base), token->len);
    return 0;
}

int cb_recv_datagram(ngtcp2_conn*, uint32_t, const uint8_t* data, size_t len, void* ud) {
    Conn* c = conn_of(ud);
    g_dgram_received.fetch_add(1, std::memory_order_relaxed);
    std::string got(reinterpret_cast<const char*>(data), len);
    for (int i = 0; i < c->dgram_sent; ++i) {
        if (!c->dgram_seen[size_t(i)] && got == dgram_payload(c, i)) {
            c->dgram_seen[size_t(i)] = true;
            g_dgram_echoed.fetch_add(1, std::memory_order_relaxed);
            break;
        }
    }
    return 0;
}

int cb_recv_stream_data(ngtcp2_conn* qc, uint32_t flags, int64_t sid, uint64_t, const uint8_t* data, size_t len,
                        void* ud, void*) {
    Conn* c = conn_of(ud);
    if (c->h3 == nullptr) {
        c->cb_error = "stream data before the HTTP/3 layer exists";
        return NGTCP2_ERR_CALLBACK_FAILURE;
    }
    nghttp3_ssize n = nghttp3_conn_read_stream(c->h3, sid, data, len, (flags & NGTCP2_STREAM_DATA_FLAG_FIN) != 0);
    if (n < 0) {
        c->cb_error = fmt("HTTP/3 error: %s", nghttp3_strerror(int(n)));
        c->h3_error = nghttp3_err_infer_quic_app_error_code(int(n));
        return NGTCP2_ERR_CALLBACK_FAILURE;
    }
    ngtcp2_conn_extend_max_stream_offset(qc, sid, uint64_t(n));
    ngtcp2_conn_extend_max_offset(qc, uint64_t(n));
    return 0;
}

int cb_acked_stream_data_offset(ngtcp2_conn*, int64_t sid, uint64_t, uint64_t datalen, void* ud, void*) {
    Conn* c = conn_of(ud);
    if (c->h3 == nullptr) return 0;
    return nghttp3_conn_add_ack_offset(c->h3, sid, datalen) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

int cb_stream_close(ngtcp2_conn*, uint32_t flags, int64_t sid, uint64_t code, void* ud, void*) {
    Conn* c = conn_of(ud);
    if (c->h3 == nullptr) return 0;
    if ((flags & NGTCP2_STREAM_CLOSE_FLAG_APP_ERROR_CODE_SET) == 0) code = NGHTTP3_H3_NO_ERROR;
    int rv = nghttp3_conn_close_stream(c->h3, sid, code);
    if (rv != 0 && rv != NGHTTP3_ERR_STREAM_NOT_FOUND) {
        c->cb_error = fmt("HTTP/3 error on stream close: %s", nghttp3_strerror(rv));
        c->h3_error = nghttp3_err_infer_quic_app_error_code(rv);
        return NGTCP2_ERR_CALLBACK_FAILURE;
    }
    return 0;
}

int cb_stream_reset(ngtcp2_conn*, int64_t sid, uint64_t, uint64_t, void* ud, void*) {
    Conn* c = conn_of(ud);
    if (c->h3 == nullptr) return 0;
    return nghttp3_conn_shutdown_stream_read(c->h3, sid) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

int cb_stream_stop_sending(ngtcp2_conn*, int64_t sid, uint64_t, void* ud, void*) {
    Conn* c = conn_of(ud);
    if (c->h3 == nullptr) return 0;
    return nghttp3_conn_shutdown_stream_read(c->h3, sid) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

int cb_extend_max_stream_data(ngtcp2_conn*, int64_t sid, uint64_t, void* ud, void*) {
    Conn* c = conn_of(ud);
    if (c->h3 == nullptr) return 0;
    return nghttp3_conn_unblock_stream(c->h3, sid) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

// MAX_STREAMS grew: service() (run after every read) opens the new streams; nothing to do here.
int cb_extend_max_local_streams_bidi(ngtcp2_conn*, uint64_t, void*) { return 0; }

ngtcp2_callbacks make_callbacks() {
    ngtcp2_callbacks cb{};
    cb.client_initial = ngtcp2_crypto_client_initial_cb;
    cb.recv_crypto_data = ngtcp2_crypto_recv_crypto_data_cb;
    cb.encrypt = ngtcp2_crypto_encrypt_cb;
    cb.decrypt = ngtcp2_crypto_decrypt_cb;
    cb.hp_mask = ngtcp2_crypto_hp_mask_cb;
    cb.recv_retry = cb_recv_retry;
    cb.recv_new_token = cb_recv_new_token;
    cb.update_key = ngtcp2_crypto_update_key_cb;
    cb.delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb;
    cb.delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb;
    cb.get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb;
    cb.version_negotiation = ngtcp2_crypto_version_negotiation_cb;
    cb.rand = cb_rand;
    cb.get_new_connection_id = cb_get_new_connection_id;
    cb.recv_rx_key = cb_recv_rx_key;
    cb.handshake_completed = cb_handshake_completed;
    cb.recv_datagram = cb_recv_datagram;
    cb.recv_stream_data = cb_recv_stream_data;
    cb.acked_stream_data_offset = cb_acked_stream_data_offset;
    cb.stream_close = cb_stream_close;
    cb.stream_reset = cb_stream_reset;
    cb.stream_stop_sending = cb_stream_stop_sending;
    cb.extend_max_stream_data = cb_extend_max_stream_data;
    cb.extend_max_local_streams_bidi = cb_extend_max_local_streams_bidi;
    return cb;
}

const ngtcp2_callbacks g_callbacks = make_callbacks();

// ---- connection setup -------------------------------------------------------------------------

void set_bufsize(int fd, int opt_force, int opt, int size) {
    if (setsockopt(fd, SOL_SOCKET, opt_force, &size, sizeof size) != 0) {
        setsockopt(fd, SOL_SOCKET, opt, &size, sizeof size);
    }
}

bool Conn::init(uint64_t now, std::string* err) {
    fd = socket(G.family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *err = fmt("socket: %s", strerror(errno));
        return false;
    }
    set_bufsize(fd, SO_RCVBUFFORCE, SO_RCVBUF, 4 << 20);
    set_bufsize(fd, SO_SNDBUFFORCE, SO_SNDBUF, 1 << 20);
    memcpy(&remote, &G.addr, G.addrlen);
    remotelen = G.addrlen;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&remote), remotelen) != 0) {
        *err = fmt("connect: %s", strerror(errno));
        return false;
    }
    locallen = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &locallen) != 0) {
        *err = fmt("getsockname: %s", strerror(errno));
        return false;
    }
    path.local.addr = reinterpret_cast<ngtcp2_sockaddr*>(&local);
    path.local.addrlen = locallen;
    path.remote.addr = reinterpret_cast<ngtcp2_sockaddr*>(&remote);
    path.remote.addrlen = remotelen;

    ngtcp2_cid dcid, scid;
    dcid.datalen = 18;
    scid.datalen = 17;
    gnutls_rnd(GNUTLS_RND_NONCE, dcid.data, dcid.datalen);
    gnutls_rnd(GNUTLS_RND_NONCE, scid.data, scid.datalen);

    ngtcp2_settings s;
    ngtcp2_settings_default(&s);
    s.initial_ts = now;
    s.max_tx_udp_payload_size = kMaxTxUdpPayload;
    s.no_pmtud = 1;
    // Loopback only: the default 333 ms initial RTT makes ngtcp2 0.12 pace the first flights as if
    // the path were slow (the first request of a connection waited ~20 ms for its packet).
    s.initial_rtt = 10 * NGTCP2_MILLISECONDS;
    s.handshake_timeout = 10 * NGTCP2_SECONDS;
    s.max_window = 64ull << 20;
    s.max_stream_window = 16ull << 20;
    if (!G.token.empty()) {  // ngtcp2 copies it
        s.token.base = reinterpret_cast<uint8_t*>(G.token.data());
        s.token.len = G.token.size();
    }

    ngtcp2_transport_params p;
    ngtcp2_transport_params_default(&p);
    p.initial_max_stream_data_bidi_local = 1 << 20;
    p.initial_max_stream_data_uni = 1 << 20;
    p.initial_max_data = 16 << 20;
    p.initial_max_streams_bidi = 0;
    p.initial_max_streams_uni = 100;
    p.max_idle_timeout = 30 * NGTCP2_SECONDS;
    if (G.datagrams > 0) p.max_datagram_frame_size = 65535;

    int rv = ngtcp2_conn_client_new(&qc, &dcid, &scid, &path, NGTCP2_PROTO_VER_V1, &g_callbacks, &s, &p, nullptr,
                                    this);
    if (rv != 0) {
        qc = nullptr;
        *err = fmt("ngtcp2_conn_client_new: %s", ngtcp2_strerror(rv));
        return false;
    }

    if ((rv = gnutls_init(&tls, GNUTLS_CLIENT | GNUTLS_ENABLE_EARLY_DATA | GNUTLS_NO_END_OF_EARLY_DATA)) != 0) {
        tls = nullptr;
        *err = fmt("gnutls_init: %s", gnutls_strerror(rv));
        return false;
    }
    if ((rv = gnutls_priority_set(tls, g_priority)) != 0 ||
        (rv = ngtcp2_crypto_gnutls_configure_client_session(tls)) != 0 ||
        (rv = gnutls_credentials_set(tls, GNUTLS_CRD_CERTIFICATE, g_cred)) != 0) {
        *err = fmt("TLS session setup failed (%d)", rv);
        return false;
    }
    ref.get_conn = [](ngtcp2_crypto_conn_ref* r) { return static_cast<Conn*>(r->user_data)->qc; };
    ref.user_data = this;
    gnutls_session_set_ptr(tls, &ref);
    gnutls_datum_t proto{reinterpret_cast<unsigned char*>(const_cast<char*>("h3")), 2};
    if ((rv = gnutls_alpn_set_protocols(tls, &proto, 1, GNUTLS_ALPN_MANDATORY)) != 0) {
        *err = fmt("gnutls_alpn_set_protocols: %s", gnutls_strerror(rv));
        return false;
    }
    if (!G.sni.empty()) gnutls_server_name_set(tls, GNUTLS_NAME_DNS, G.sni.data(), G.sni.size());
    if (G.ocsp_status && (rv = gnutls_ocsp_status_request_enable_client(tls, nullptr, 0, nullptr)) != 0) {
        *err = fmt("gnutls_ocsp_status_request_enable_client: %s", gnutls_strerror(rv));
        return false;
    }
    ngtcp2_conn_set_tls_native_handle(qc, tls);

    reqs.assign(size_t(G.streams), Req{});
    free_reqs.clear();
    for (int i = G.streams - 1; i >= 0; --i) free_reqs.push_back(uint32_t(i));

    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = this;
    if (epoll_ctl(w->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
        *err = fmt("epoll_ctl: %s", strerror(errno));
        return false;
    }
    return true;
}

// ---- requests ---------------------------------------------------------------------------------

void Conn::start_requests() {
    if (dead || h3 == nullptr || !handshake_done || goaway || w->stopping) return;
    while (inflight < G.streams && w->todo != 0 && ngtcp2_conn_get_streams_bidi_left(qc) > 0) {
        int64_t sid = -1;
        int rv = ngtcp2_conn_open_bidi_stream(qc, &sid, nullptr);
        if (rv != 0) break;  // NGTCP2_ERR_STREAM_ID_BLOCKED: wait for MAX_STREAMS
        Req* r = alloc_req();
        r->sid = sid;
        r->start = w->now;
        nghttp3_data_reader reader{h3_read_body};
        rv = nghttp3_conn_submit_request(h3, sid, G.nva.data(), G.nva.size(), G.has_body ? &reader : nullptr, r);
        if (w->todo > 0) --w->todo;
        if (w->measuring) ++w->st.started;
        if (rv != 0) {
            // Counted as errored when the connection is torn down.
            die(fmt("nghttp3_conn_submit_request: %s", nghttp3_strerror(rv)), true,
                nghttp3_err_infer_quic_app_error_code(rv));
            return;
        }
    }
}

// ---- I/O --------------------------------------------------------------------------------------

// Sends n datagrams (lengths in lens, kPktStride apart from base). What the socket does not take
// now is kept in pend and EPOLLOUT is switched on; returns false when the connection died.
bool Conn::flush(const uint8_t* base, const uint16_t* lens, int n) {
    mmsghdr msgs[kTxBatch];
    iovec iov[kTxBatch];
    int done = 0;
    while (done < n) {
        int k = std::min(n - done, kTxBatch);
        for (int i = 0; i < k; ++i) {
            iov[i].iov_base = const_cast<uint8_t*>(base + size_t(done + i) * kPktStride);
            iov[i].iov_len = lens[done + i];
            memset(&msgs[i], 0, sizeof msgs[i]);
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        int r = sendmmsg(fd, msgs, unsigned(k), 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) break;
            if (errno == EMSGSIZE) {  // drop the datagram; QUIC recovers
                ++done;
                continue;
            }
            die(fmt("sendmmsg: %s", strerror(errno)), false, 0);
            return false;
        }
        done += r;
    }
    if (done < n) {
        for (int i = done; i < n; ++i) {
            const uint8_t* p = base + size_t(i) * kPktStride;
            size_t off = pend.size();
            pend.resize(off + kPktStride);
            memcpy(pend.data() + off, p, lens[i]);
            pend_len.push_back(lens[i]);
        }
        if (!want_out) {
            want_out = true;
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLOUT;
            ev.data.ptr = this;
            epoll_ctl(w->ep, EPOLL_CTL_MOD, fd, &ev);
        }
    }
    return true;
}

void Conn::on_writable() {
    if (dead) return;
    if (!pend_len.empty()) {
        std::vector<uint8_t> p;
        std::vector<uint16_t> l;
        p.swap(pend);
        l.swap(pend_len);
        if (!flush(p.data(), l.data(), int(l.size()))) return;
        if (!pend_len.empty()) return;  // still blocked (flush re-queued the rest)
    }
    if (want_out) {
        want_out = false;
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = this;
        epoll_ctl(w->ep, EPOLL_CTL_MOD, fd, &ev);
    }
    service();
}

void Conn::write() {
    if (dead) return;
    if (!pend_len.empty()) {  // wait for EPOLLOUT
        w->note_expiry(this);
        return;
    }
    uint8_t* base = w->txbuf.data();
    uint16_t lens[kTxBatch];
    int npkt = 0, total = 0;
    ngtcp2_path_storage ps;
    ngtcp2_path_storage_zero(&ps);
    ngtcp2_pkt_info pi{};
    const uint64_t ts = w->now;
    // --datagrams: once the handshake is done, the DATAGRAM frames go first, one per packet.
    while (handshake_done && dgram_sent < G.datagrams && npkt < kTxBatch) {
        if (dgram_seen.size() < size_t(G.datagrams)) dgram_seen.resize(size_t(G.datagrams));
        std::string payload = dgram_payload(this, dgram_sent);
        ngtcp2_vec v{reinterpret_cast<uint8_t*>(payload.data()), payload.size()};
        int accepted = 0;
        uint8_t* dest = base + size_t(npkt) * kPktStride;
        ngtcp2_ssize nw = ngtcp2_conn_writev_datagram(qc, &ps.path, &pi, dest, kMaxTxUdpPayload, &accepted,
                                                      NGTCP2_WRITE_DATAGRAM_FLAG_NONE, uint64_t(dgram_sent), &v, 1, ts);
        if (nw < 0) {
            note_error(fmt("ngtcp2_conn_writev_datagram: %s", ngtcp2_strerror(int(nw))));
            dgram_sent = G.datagrams;  // the server did not negotiate DATAGRAM: give up on them
            break;
        }
        if (accepted) {
            ++dgram_sent;
            g_dgram_sent.fetch_add(1, std::memory_order_relaxed);
        }
        if (nw == 0) break;
        lens[npkt++] = uint16_t(nw);
        ++total;
    }
    for (;;) {
        int64_t sid = -1;
        int fin = 0;
        nghttp3_vec vec[16];
        nghttp3_ssize cnt = 0;
        if (h3 != nullptr && ngtcp2_conn_get_max_data_left(qc) > 0) {
            cnt = nghttp3_conn_writev_stream(h3, &sid, &fin, vec, 16);
            if (cnt < 0) {
                die(fmt("nghttp3_conn_writev_stream: %s", nghttp3_strerror(int(cnt))), true,
                    nghttp3_err_infer_quic_app_error_code(int(cnt)));
                return;
            }
        }
        ngtcp2_ssize ndatalen = -1;
        uint32_t flags = NGTCP2_WRITE_STREAM_FLAG_MORE | (fin ? NGTCP2_WRITE_STREAM_FLAG_FIN : 0);
        uint8_t* dest = base + size_t(npkt) * kPktStride;
        ngtcp2_ssize nw = ngtcp2_conn_writev_stream(qc, &ps.path, &pi, dest, kMaxTxUdpPayload, &ndatalen, flags, sid,
                                                    reinterpret_cast<const ngtcp2_vec*>(vec), size_t(cnt), ts);
        if (nw < 0) {
            if (nw == NGTCP2_ERR_STREAM_DATA_BLOCKED) {
                nghttp3_conn_block_stream(h3, sid);
                continue;
            }
            if (nw == NGTCP2_ERR_STREAM_SHUT_WR) {
                nghttp3_conn_shutdown_stream_write(h3, sid);
                continue;
            }
            if (nw == NGTCP2_ERR_WRITE_MORE) {
                int rv = nghttp3_conn_add_write_offset(h3, sid, size_t(ndatalen));
                if (rv != 0) {
                    die(fmt("nghttp3_conn_add_write_offset: %s", nghttp3_strerror(rv)), true,
                        nghttp3_err_infer_quic_app_error_code(rv));
                    return;
                }
                continue;
            }
            if (nw == NGTCP2_ERR_STREAM_NOT_FOUND && sid >= 0) {
                // nghttp3 still has data for a stream ngtcp2 already forgot: tell nghttp3 to stop.
                nghttp3_conn_shutdown_stream_write(h3, sid);
                continue;
            }
            die(fmt("ngtcp2_conn_writev_stream: %s", ngtcp2_strerror(int(nw))), true, 0);
            return;
        }
        if (ndatalen >= 0) {
            int rv = nghttp3_conn_add_write_offset(h3, sid, size_t(ndatalen));
            if (rv != 0) {
                die(fmt("nghttp3_conn_add_write_offset: %s", nghttp3_strerror(rv)), true,
                    nghttp3_err_infer_quic_app_error_code(rv));
                return;
            }
        }
        if (nw == 0) break;
        lens[npkt++] = uint16_t(nw);
        ++total;
        if (npkt == kTxBatch) {
            if (!flush(base, lens, npkt)) return;
            npkt = 0;
            if (!pend_len.empty()) break;
        }
        if (total >= kTxMaxPerWrite) break;  // the rest goes out on the next timer round
    }
    if (npkt > 0 && !flush(base, lens, npkt)) return;
    ngtcp2_conn_update_pkt_tx_time(qc, ts);
    w->note_expiry(this);
    if (total >= kTxMaxPerWrite) {  // come back at once, after the other connections had a turn
        expiry = ts;
        w->next_timer = std::min(w->next_timer, ts);
    }
}

void Conn::close_with(const ngtcp2_connection_close_error* cc) {
    if (qc == nullptr || ngtcp2_conn_is_in_closing_period(qc) || ngtcp2_conn_is_in_draining_period(qc)) return;
    uint8_t buf[kPktStride];
    ngtcp2_path_storage ps;
    ngtcp2_path_storage_zero(&ps);
    ngtcp2_pkt_info pi{};
    ngtcp2_ssize n = ngtcp2_conn_write_connection_close(qc, &ps.path, &pi, buf, sizeof buf, cc, w->now);
    if (n > 0) (void)send(fd, buf, size_t(n), MSG_DONTWAIT);
}

// Ends the connection: optionally sends CONNECTION_CLOSE, then hands it to reap().
void Conn::die(const std::string& why, bool send_close, uint64_t app_code) {
    if (dead) return;
    if (!why.empty()) note_error(why);
    if (send_close) {
        ngtcp2_connection_close_error cc;
        ngtcp2_connection_close_error_default(&cc);
        ngtcp2_connection_close_error_set_application_error(&cc, app_code ? app_code : NGHTTP3_H3_NO_ERROR, nullptr,
                                                            0);
        close_with(&cc);
    }
    dead = true;
    epoll_ctl(w->ep, EPOLL_CTL_DEL, fd, nullptr);
    w->dead.push_back(this);
}

void Conn::on_readable() {
    for (int round = 0; round < kRxRounds && !dead; ++round) {
        int n = recvmmsg(fd, w->rxmsg, kRxBatch, MSG_DONTWAIT, nullptr);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            die(fmt("recv: %s", strerror(errno)), false, 0);  // e.g. ECONNREFUSED: nobody listens
            return;
        }
        ngtcp2_pkt_info pi{};
        for (int i = 0; i < n; ++i) {
            size_t len = w->rxmsg[i].msg_len;
            if (w->rxmsg[i].msg_hdr.msg_flags & MSG_TRUNC) continue;
            if (w->measuring) w->st.bytes_total += len;
            const uint8_t* data = w->rxbuf.data() + size_t(i) * kRxSize;
            int rv = ngtcp2_conn_read_pkt(qc, &path, &pi, data, len, w->now);
            if (rv == 0) continue;
            if (rv == NGTCP2_ERR_DRAINING) {
                ngtcp2_connection_close_error cc;
                ngtcp2_conn_get_connection_close_error(qc, &cc);
                bool normal = cc.error_code == 0 || (cc.type == NGTCP2_CONNECTION_CLOSE_ERROR_CODE_TYPE_APPLICATION &&
                                                     cc.error_code == NGHTTP3_H3_NO_ERROR);
                std::string reason(reinterpret_cast<const char*>(cc.reason ? cc.reason : (const uint8_t*)""),
                                   std::min<size_t>(cc.reasonlen, 200));
                die(normal && inflight == 0 && !G.verbose
                        ? std::string()
                        : fmt("server closed the connection (%s error 0x%" PRIx64 "%s%s)",
                              cc.type == NGTCP2_CONNECTION_CLOSE_ERROR_CODE_TYPE_APPLICATION ? "application"
                                                                                             : "transport",
                              cc.error_code, reason.empty() ? "" : ": ", reason.c_str()),
                    false, 0);
                return;
            }
            ngtcp2_connection_close_error cc;
            ngtcp2_connection_close_error_default(&cc);
            std::string why;
            if (rv == NGTCP2_ERR_CRYPTO) {
                uint8_t alert = ngtcp2_conn_get_tls_alert(qc);
                ngtcp2_connection_close_error_set_transport_error_tls_alert(&cc, alert, nullptr, 0);
                why = fmt("TLS handshake failed (alert %u)", unsigned(alert));
            } else if (h3_error != 0) {
                ngtcp2_connection_close_error_set_application_error(&cc, h3_error, nullptr, 0);
                why = cb_error;
            } else {
                ngtcp2_connection_close_error_set_transport_error_liberr(&cc, rv, nullptr, 0);
                why = cb_error.empty() ? fmt("ngtcp2_conn_read_pkt: %s", ngtcp2_strerror(rv)) : cb_error;
            }
            note_error(why);
            close_with(&cc);
            die(std::string(), false, 0);
            return;
        }
        if (n < kRxBatch) break;
    }
    service();
}

uint64_t Conn::w_now() const { return w->now; }

// --body-pace: bodies whose next piece is due go on.
void Conn::resume_paced_bodies() {
    if (pace_wake > w->now) return;
    pace_wake = UINT64_MAX;
    for (Req& r : reqs) {
        if (!r.active || !r.paced_out) continue;
        if (r.next_piece <= w->now) {
            r.paced_out = false;
            nghttp3_conn_resume_stream(h3, r.sid);
        } else {
            pace_wake = std::min(pace_wake, r.next_piece);
        }
    }
}

void Conn::handle_expiry() {
    resume_paced_bodies();
    int rv = ngtcp2_conn_handle_expiry(qc, w->now);
    if (rv != 0) {
        if (rv == NGTCP2_ERR_IDLE_CLOSE) {
            die(inflight ? "idle timeout with requests in flight" : "", false, 0);
        } else if (rv == NGTCP2_ERR_HANDSHAKE_TIMEOUT) {
            die("handshake timeout (no answer from the server)", false, 0);
        } else {
            ngtcp2_connection_close_error cc;
            ngtcp2_connection_close_error_default(&cc);
            ngtcp2_connection_close_error_set_transport_error_liberr(&cc, rv, nullptr, 0);
            note_error(fmt("ngtcp2_conn_handle_expiry: %s", ngtcp2_strerror(rv)));
            close_with(&cc);
            die(std::string(), false, 0);
        }
        return;
    }
    service();
}

// After every event: open new requests where there is room, close when nothing is left to do,
// write what is pending.
void Conn::service() {
    if (dead) return;
    if (goaway_id >= 0) {
        // The server will not process these: cancel them and give them back to the worker, so
        // that another connection (or the reconnected one) sends them.
        for (Req& r : reqs) {
            if (!r.active || r.sid < goaway_id) continue;
            nghttp3_conn_set_stream_user_data(h3, r.sid, nullptr);
            ngtcp2_conn_shutdown_stream(qc, r.sid, NGHTTP3_H3_REQUEST_CANCELLED);
            if (w->todo >= 0) ++w->todo;
            if (w->measuring && w->st.started > 0) --w->st.started;
            release(&r);
        }
        goaway_id = -1;
    }
    start_requests();
    if (dead) return;
    if (inflight == 0 && (w->todo == 0 || goaway || w->stopping)) {
        die(std::string(), true, NGHTTP3_H3_NO_ERROR);
        return;
    }
    write();
}

// ---------------------------------------------------------------------------------------------
// Worker loop
// ---------------------------------------------------------------------------------------------

Conn* Worker::connect(Slot* s) {
    static std::atomic<int> next_id{0};
    auto c = std::make_unique<Conn>();
    c->w = this;
    c->slot = s;
    c->id = next_id.fetch_add(1, std::memory_order_relaxed);
    std::string err;
    if (!c->init(now, &err)) {
        note_error(err);
        if (c->fd >= 0) epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, nullptr);
        return nullptr;
    }
    Conn* raw = c.release();
    s->conn = raw;
    raw->write();  // the Initial packet
    return raw;
}

void Worker::reap() {
    while (!dead.empty()) {
        std::vector<Conn*> list;
        list.swap(dead);
        for (Conn* c : list) {
            Slot* s = c->slot;
            if (c->inflight > 0 && measuring && !stopping) st.errored += uint64_t(c->inflight);
            if (c->completed > 0) {
                s->failures = 0;
            } else if (!(c->inflight == 0 && todo == 0)) {
                ++s->failures;
            }
            s->conn = nullptr;
            delete c;
            if (stopping || todo == 0) continue;
            if (s->failures >= kMaxConnectFailures) {
                if (!s->given_up) note_error("giving up on a client connection after repeated failures");
                s->given_up = true;
                continue;
            }
            if (connect(s) == nullptr) s->given_up = true;
        }
    }
}

void Worker::run_timers() {
    if (next_timer > now) return;
    next_timer = UINT64_MAX;
    for (Slot& s : slots) {
        Conn* c = s.conn;
        if (c == nullptr || c->dead) continue;
        if (c->expiry <= now) {
            c->handle_expiry();
            if (c->dead) continue;
        }
        if (c->expiry < next_timer) next_timer = c->expiry;
    }
}

// End of the run: timed_out counts the requests in flight as timeouts; otherwise (end of the
// measured period) they are left out of the statistics.
void Worker::stop_all(bool timed_out) {
    stopping = true;
    for (Slot& s : slots) {
        Conn* c = s.conn;
        if (c == nullptr) continue;
        if (timed_out) {
            st.timeout += uint64_t(c->inflight);
        } else if (measuring) {
            st.in_flight_at_end += uint64_t(c->inflight);
        }
        c->inflight = 0;  // not errors
        if (!c->dead) c->die(std::string(), true, NGHTTP3_H3_NO_ERROR);
    }
    reap();
}

void Worker::run() {
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) {
        note_error(fmt("epoll_create1: %s", strerror(errno)));
        return;
    }
    for (int i = 0; i < kRxBatch; ++i) {
        rxiov[i].iov_base = rxbuf.data() + size_t(i) * kRxSize;
        rxiov[i].iov_len = kRxSize;
        memset(&rxmsg[i], 0, sizeof rxmsg[i]);
        rxmsg[i].msg_hdr.msg_iov = &rxiov[i];
        rxmsg[i].msg_hdr.msg_iovlen = 1;
    }
    now = now_ns();
    measuring = measure_start == 0 || now >= measure_start;
    for (Slot& s : slots) {
        if (todo == 0) break;
        if (connect(&s) == nullptr) s.given_up = true;
        now = now_ns();
    }
    bool use_pwait2 = true;
    epoll_event events[kMaxEvents];
    for (;;) {
        now = now_ns();
        if (!measuring && now >= measure_start) {
            measuring = true;
            // Same words as h2load, so scripts can wait for the end of the warm-up.
            fprintf(stderr, "Main benchmark duration is started for thread #%d.\n", id);
            for (Slot& s : slots) {
                if (s.conn != nullptr) st.started += uint64_t(s.conn->inflight);
            }
        }
        if (g_interrupted.load(std::memory_order_relaxed)) {
            stop_all(true);
            break;
        }
        if (deadline != 0 && now >= deadline) {
            stop_all(true);
            break;
        }
        if (measure_end != 0 && now >= measure_end) {
            stop_all(false);
            break;
        }
        run_timers();
        reap();
        if (all_idle()) break;

        uint64_t wake = next_timer;
        if (deadline != 0) wake = std::min(wake, deadline);
        if (measure_end != 0) wake = std::min(wake, measure_end);
        if (!measuring) wake = std::min(wake, measure_start);
        wake = std::min(wake, now + uint64_t(200000000));  // also notice SIGINT
        uint64_t wait = wake > now ? wake - now : 0;
        int n;
        if (use_pwait2) {
            timespec ts{time_t(wait / 1000000000ull), long(wait % 1000000000ull)};
            n = epoll_pwait2(ep, events, kMaxEvents, &ts, nullptr);
            if (n < 0 && errno == ENOSYS) {
                use_pwait2 = false;
                continue;
            }
        } else {
            n = epoll_wait(ep, events, kMaxEvents, int((wait + 999999) / 1000000));
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            note_error(fmt("epoll_wait: %s", strerror(errno)));
            stop_all(true);
            break;
        }
        now = now_ns();
        for (int i = 0; i < n; ++i) {
            Conn* c = static_cast<Conn*>(events[i].data.ptr);
            if (c->dead) continue;  // died earlier in this batch; freed by reap() below
            if (events[i].events & EPOLLOUT) c->on_writable();
            if (c->dead) continue;
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) c->on_readable();
        }
        reap();
    }
    finish_time = now_ns();
    close(ep);
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

[[noreturn]] void usage_error(const char* msg, ...) {
    va_list ap;
    va_start(ap, msg);
    fputs("h3load: ", stderr);
    vfprintf(stderr, msg, ap);
    fputs("\nTry 'h3load --help'.\n", stderr);
    va_end(ap);
    exit(2);
}

void print_help() {
    printf(
        "Usage: h3load [OPTIONS] https://127.0.0.1:PORT/path\n"
        "HTTP/3 load generator for local benchmarks (targets: 127.0.0.1, ::1, localhost only).\n"
        "  -n, --requests=N        total requests (default 1; ignored with -D)\n"
        "  -c, --clients=N         concurrent connections (default 1)\n"
        "  -m, --max-concurrent-streams=N\n"
        "                          requests in flight per connection (default 1)\n"
        "  -D, --duration=SECONDS  run for a fixed time instead of -n\n"
        "  -W, --warm-up-time=SECONDS\n"
        "                          with -D: unmeasured warm-up before the measured period\n"
        "  -t, --threads=N         threads; connections are split across them (default 1)\n"
        "  -H, --header='name: value'\n"
        "                          extra request header (repeatable); ':authority' overrides the\n"
        "                          authority, 'user-agent' the default one; 'host' is sent as a field\n"
        "  -d, --data=FILE         send FILE as a POST body\n"
        "      --trailer='name: value'\n"
        "                          with -d: send this trailer field after the body (repeatable; any\n"
        "                          name, pseudo-headers included, so that tests can send bad ones)\n"
        "      --body-pace=BYTES:MS\n"
        "                          with -d: send each body BYTES at a time, MS milliseconds apart\n"
        "      --method=METHOD     request method (default GET, POST with -d); CONNECT sends no\n"
        "                          :scheme and :path (RFC 9114 4.4)\n"
        "  -T, --timeout=SECONDS   overall timeout (default 60; with -D at least warm-up+duration+10)\n"
        "      --ocsp-status       ask for a stapled OCSP response; report what the first\n"
        "                          handshake got (\"ocsp staple: ...\")\n"
        "      --sni=NAME          TLS server name (default: the URL host unless it is an IP address)\n"
        "      --token-file=FILE   present the NEW_TOKEN token kept in FILE (if any) in the first\n"
        "                          Initial, keep the one the server sends there, report Retries\n"
        "      --datagrams=N       each connection sends N QUIC DATAGRAM frames (RFC 9221) after its\n"
        "                          handshake and counts those echoed back unchanged (a test mode)\n"
        "  -o, --output=FILE       with -n 1 -c 1: write the response body to FILE as received and\n"
        "                          its fields to FILE.headers, one 'name: value' line each (tests)\n"
        "  -v, --verbose           print connection and stream errors as they happen\n"
        "      --version           print the version and the library versions\n"
        "  -h, --help              this text\n"
        "Exit status: 0 every request succeeded (2xx), 1 otherwise, 2 usage error.\n");
}

int64_t parse_int(const char* opt, const char* s, int64_t lo, int64_t hi) {
    char* end = nullptr;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
        usage_error("%s: expected an integer in [%lld, %lld], got '%s'", opt, (long long)lo, (long long)hi, s);
    }
    return v;
}

double parse_seconds(const char* opt, const char* s) {
    char* end = nullptr;
    errno = 0;
    double v = strtod(s, &end);
    if (end != s && (strcmp(end, "s") == 0)) end += 1;
    if (errno != 0 || end == s || *end != '\0' || !(v >= 0) || v > 86400) {
        usage_error("%s: expected seconds, got '%s'", opt, s);
    }
    return v;
}

void parse_url(const std::string& url) {
    const std::string scheme = "https://";
    if (url.compare(0, scheme.size(), scheme) != 0) usage_error("the URL must start with https:// (got '%s')", url.c_str());
    std::string rest = url.substr(scheme.size());
    size_t slash = rest.find('/');
    std::string hostport = slash == std::string::npos ? rest : rest.substr(0, slash);
    G.path = slash == std::string::npos ? "/" : rest.substr(slash);
    if (G.path.find('#') != std::string::npos) G.path.resize(G.path.find('#'));
    if (G.path.empty()) G.path = "/";
    std::string host, port = "443";
    if (!hostport.empty() && hostport[0] == '[') {
        size_t rb = hostport.find(']');
        if (rb == std::string::npos) usage_error("bad URL host in '%s'", url.c_str());
        host = hostport.substr(1, rb - 1);
        if (rb + 1 < hostport.size()) {
            if (hostport[rb + 1] != ':') usage_error("bad URL host in '%s'", url.c_str());
            port = hostport.substr(rb + 2);
        }
    } else {
        size_t colon = hostport.find(':');
        host = hostport.substr(0, colon);
        if (colon != std::string::npos) port = hostport.substr(colon + 1);
    }
    if (host.find('@') != std::string::npos) usage_error("user info in URLs is not supported");
    int p = int(parse_int("port", port.c_str(), 1, 65535));
    G.host = host;
    std::string lower = host;
    for (char& ch : lower) ch = char(tolower((unsigned char)ch));
    memset(&G.addr, 0, sizeof G.addr);
    if (lower == "127.0.0.1" || lower == "localhost") {
        auto* a = reinterpret_cast<sockaddr_in*>(&G.addr);
        a->sin_family = AF_INET;
        a->sin_port = htons(uint16_t(p));
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        G.addrlen = sizeof(sockaddr_in);
        G.family = AF_INET;
    } else if (lower == "::1") {
        auto* a = reinterpret_cast<sockaddr_in6*>(&G.addr);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(uint16_t(p));
        a->sin6_addr = in6addr_loopback;
        G.addrlen = sizeof(sockaddr_in6);
        G.family = AF_INET6;
    } else {
        fprintf(stderr, "h3load: refusing target host '%s': only 127.0.0.1, ::1 and localhost are allowed\n",
                host.c_str());
        exit(2);
    }
    G.authority = (G.family == AF_INET6 ? "[" + host + "]" : host);
    if (port != "443") G.authority += ":" + port;
    if (!G.sni_set) G.sni = lower == "localhost" ? "localhost" : "";
}

void build_nva() {
    if (G.has_body) G.content_length = std::to_string(G.body.size());
    auto nv = [](const std::string& n, const std::string& v) {
        return nghttp3_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(n.data())),
                          reinterpret_cast<uint8_t*>(const_cast<char*>(v.data())), n.size(), v.size(),
                          NGHTTP3_NV_FLAG_NONE};
    };
    static const std::string k_method = ":method", k_scheme = ":scheme", k_https = "https", k_authority = ":authority",
                             k_path = ":path", k_ua = "user-agent", k_cl = "content-length";
    G.nva.clear();
    bool connect = G.method == "CONNECT";
    G.nva.push_back(nv(k_method, G.method));
    if (!connect) G.nva.push_back(nv(k_scheme, k_https));
    G.nva.push_back(nv(k_authority, G.authority));
    if (!connect) G.nva.push_back(nv(k_path, G.path));
    G.nva.push_back(nv(k_ua, G.user_agent));
    if (G.has_body) G.nva.push_back(nv(k_cl, G.content_length));
    for (auto& h : G.headers) G.nva.push_back(nv(h.first, h.second));
    G.trailer_nva.clear();
    for (auto& t : G.trailers) G.trailer_nva.push_back(nv(t.first, t.second));
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

int print_report(const Stats& st, double secs, bool duration_mode) {
    uint64_t total = duration_mode ? st.started : uint64_t(G.requests);
    uint64_t failed;
    if (duration_mode) {
        uint64_t accounted = st.succeeded + st.in_flight_at_end;
        failed = st.started > accounted ? st.started - accounted : 0;
    } else {
        failed = total > st.succeeded ? total - st.succeeded : 0;
    }
    if (secs <= 0) secs = 1e-9;
    double rps = double(st.done) / secs;
    double mbps = double(st.bytes_total) / secs / (1024.0 * 1024.0);
    printf("finished in %.2fs, %.2f req/s, %.2fMB/s\n", secs, rps, mbps);
    printf("requests: %" PRIu64 " total, %" PRIu64 " started, %" PRIu64 " done, %" PRIu64 " succeeded, %" PRIu64
           " failed, %" PRIu64 " errored, %" PRIu64 " timeout\n",
           total, st.started, st.done, st.succeeded, failed, st.errored, st.timeout);
    printf("status codes: %" PRIu64 " 2xx, %" PRIu64 " 3xx, %" PRIu64 " 4xx, %" PRIu64 " 5xx\n", st.status[2],
           st.status[3], st.status[4], st.status[5]);
    printf("traffic: %" PRIu64 " bytes total, %" PRIu64 " bytes headers, %" PRIu64 " bytes data\n", st.bytes_total,
           st.bytes_head, st.bytes_data);
    const Histogram& h = st.latency;
    auto ms = [](uint64_t ns) { return double(ns) / 1e6; };
    if (h.count > 0) {
        printf("latency (ms): min %.3f, mean %.3f, p50 %.3f, p90 %.3f, p99 %.3f, max %.3f\n", ms(h.min),
               double(h.sum / h.count) / 1e6, ms(h.percentile(0.50)), ms(h.percentile(0.90)),
               ms(h.percentile(0.99)), ms(h.max));
    } else {
        printf("latency (ms): min 0.000, mean 0.000, p50 0.000, p90 0.000, p99 0.000, max 0.000\n");
    }
    if (!G.token_file.empty()) {
        std::lock_guard<std::mutex> lk(g_token_mu);
        printf("address validation: %" PRIu64 " Retry received, token %s, NEW_TOKEN %s\n", g_retries.load(),
               G.token.empty() ? "none presented" : "presented", g_new_token.empty() ? "not received" : "received");
        if (!g_new_token.empty()) {
            FILE* f = fopen(G.token_file.c_str(), "wb");
            if (f == nullptr || fwrite(g_new_token.data(), 1, g_new_token.size(), f) != g_new_token.size()) {
                fprintf(stderr, "h3load: cannot write %s: %s\n", G.token_file.c_str(), strerror(errno));
            }
            if (f != nullptr) fclose(f);
        }
    }
    if (G.ocsp_status) {
        std::lock_guard<std::mutex> lk(g_ocsp_mu);
        printf("ocsp staple: %s\n", g_ocsp.empty() ? "no handshake" : g_ocsp.c_str());
    }
    if (G.datagrams > 0) {
        printf("datagrams: %" PRIu64 " sent, %" PRIu64 " received, %" PRIu64 " echoed back unchanged\n",
               g_dgram_sent.load(), g_dgram_received.load(), g_dgram_echoed.load());
    }
    fflush(stdout);
    {
        std::lock_guard<std::mutex> lk(g_err_mu);
        for (auto& e : g_errors) {
            fprintf(stderr, "h3load: %s (x%" PRIu64 ")\n", e.first.c_str(), e.second);
        }
    }
    bool ok = st.done > 0 && failed == 0 && st.timeout == 0 && st.errored == 0 && st.succeeded > 0;
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    static const option longopts[] = {
        {"requests", required_argument, nullptr, 'n'},
        {"clients", required_argument, nullptr, 'c'},
        {"max-concurrent-streams", required_argument, nullptr, 'm'},
        {"duration", required_argument, nullptr, 'D'},
        {"warm-up-time", required_argument, nullptr, 'W'},
        {"threads", required_argument, nullptr, 't'},
        {"header", required_argument, nullptr, 'H'},
        {"data", required_argument, nullptr, 'd'},
        {"timeout", required_argument, nullptr, 'T'},
        {"sni", required_argument, nullptr, 1000},
        {"datagrams", required_argument, nullptr, 1002},
        {"token-file", required_argument, nullptr, 1003},
        {"method", required_argument, nullptr, 1004},
        {"body-pace", required_argument, nullptr, 1005},
        {"ocsp-status", no_argument, nullptr, 1007},
        {"trailer", required_argument, nullptr, 1006},
        {"output", required_argument, nullptr, 'o'},
        {"verbose", no_argument, nullptr, 'v'},
        {"version", no_argument, nullptr, 1001},
        {"help", no_argument, nullptr, 'h'},
        {nullptr, 0, nullptr, 0},
    };
    std::vector<std::string> raw_headers;
    std::vector<std::string> raw_trailers;
    std::string data_file;
    std::string method_option;
    int opt;
    while ((opt = getopt_long(argc, argv, "n:c:m:D:W:t:H:d:T:o:vh", longopts, nullptr)) != -1) {
        switch (opt) {
            case 'n': G.requests = parse_int("-n", optarg, 1, int64_t(1) << 40); break;
            case 'c': G.conns = int(parse_int("-c", optarg, 1, 100000)); break;
            case 'm': G.streams = int(parse_int("-m", optarg, 1, 10000)); break;
            case 'D': G.duration = parse_seconds("-D", optarg); break;
            case 'W': G.warmup = parse_seconds("-W", optarg); break;
            case 't': G.threads = int(parse_int("-t", optarg, 1, 256)); break;
            case 'H': raw_headers.emplace_back(optarg); break;
            case 'd': data_file = optarg; break;
            case 'T':
                G.timeout = parse_seconds("-T", optarg);
                break;
            case 1000:
                G.sni = optarg;
                G.sni_set = true;
                break;
            case 'v': G.verbose = true; break;
            case 'o': G.output = optarg; break;
            case 1002: G.datagrams = int(parse_int("--datagrams", optarg, 0, 1000)); break;
            case 1003: {
                G.token_file = optarg;
                // A missing or empty file: no token yet (this run may get one).
                if (FILE* f = fopen(optarg, "rb")) {
                    char buf[512];
                    size_t n = fread(buf, 1, sizeof buf, f);
                    fclose(f);
                    G.token.assign(buf, n);
                }
                break;
            }
            case 1004: method_option = optarg; break;
            case 1007: G.ocsp_status = true; break;
            case 1006: raw_trailers.emplace_back(optarg); break;
            case 1005: {
                const char* colon = strchr(optarg, ':');
                if (colon == nullptr) usage_error("--body-pace needs BYTES:MS");
                G.pace_bytes = size_t(parse_int("--body-pace", std::string(optarg, size_t(colon - optarg)).c_str(), 1, int64_t(1) << 30));
                G.pace_ns = uint64_t(parse_int("--body-pace", colon + 1, 1, 3600000)) * 1000000u;
                break;
            }
            case 1001:
                printf("h3load (ngtcp2 %s, nghttp3 %s, GnuTLS %s)\n", ngtcp2_version(0)->version_str,
                       nghttp3_version(0)->version_str, gnutls_check_version(nullptr));
                return 0;
            case 'h': print_help(); return 0;
            default: usage_error("bad option");
        }
    }
    if (optind != argc - 1) usage_error("exactly one URL is required");
    if (G.threads > G.conns) usage_error("-t (%d) must not exceed -c (%d)", G.threads, G.conns);
    if (G.duration == 0 && G.warmup > 0) usage_error("-W needs -D");
    if (G.timeout <= 0) usage_error("-T must be positive");
    if (!G.output.empty()) {
        if (G.requests != 1 || G.conns != 1 || G.duration != 0) usage_error("-o needs -n 1 -c 1 (and no -D)");
        G.output_body = fopen(G.output.c_str(), "wb");
        G.output_headers = fopen((G.output + ".headers").c_str(), "w");
        if (G.output_body == nullptr || G.output_headers == nullptr) usage_error("cannot write %s: %s", G.output.c_str(), strerror(errno));
    }
    parse_url(argv[optind]);

    for (const std::string& h : raw_headers) {
        size_t colon = h.find(':', h[0] == ':' ? 1 : 0);
        if (colon == std::string::npos || colon == 0) usage_error("bad header '%s' (expected 'name: value')", h.c_str());
        std::string name = h.substr(0, colon), value = h.substr(colon + 1);
        while (!value.empty() && (value[0] == ' ' || value[0] == '\t')) value.erase(0, 1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
        for (char& ch : name) ch = char(tolower((unsigned char)ch));
        if (name == ":authority") {
            G.authority = value;
        } else if (name == "user-agent") {
            G.user_agent = value;
        } else if (name[0] == ':' || name == "content-length" || name == "connection" ||
                   name == "transfer-encoding") {
            usage_error("header '%s' cannot be set", name.c_str());
        } else {
            G.headers.emplace_back(name, value);
        }
    }
    for (const std::string& t : raw_trailers) {
        size_t colon = t.find(':', t[0] == ':' ? 1 : 0);
        if (colon == std::string::npos || colon == 0) usage_error("bad trailer '%s' (expected 'name: value')", t.c_str());
        std::string name = t.substr(0, colon), value = t.substr(colon + 1);
        while (!value.empty() && (value[0] == ' ' || value[0] == '\t')) value.erase(0, 1);
        for (char& ch : name) ch = char(tolower((unsigned char)ch));
        G.trailers.emplace_back(name, value);
    }
    if (!G.trailers.empty() && data_file.empty()) usage_error("--trailer needs -d");
    if (!data_file.empty()) {
        FILE* f = fopen(data_file.c_str(), "rb");
        if (f == nullptr) usage_error("cannot open %s: %s", data_file.c_str(), strerror(errno));
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) G.body.append(buf, n);
        fclose(f);
        G.has_body = true;
        G.method = "POST";
    }
    if (!method_option.empty()) G.method = method_option;
    build_nva();

    // One descriptor per connection.
    rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa{};
    sa.sa_handler = [](int) { g_interrupted.store(true); };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    if (gnutls_global_init() != 0 || gnutls_certificate_allocate_credentials(&g_cred) != 0) {
        fprintf(stderr, "h3load: GnuTLS initialisation failed\n");
        return 1;
    }
    const char* errpos = nullptr;
    if (int rv = gnutls_priority_init(&g_priority, kPriority, &errpos); rv != 0) {
        fprintf(stderr, "h3load: gnutls_priority_init: %s (at %s)\n", gnutls_strerror(rv), errpos ? errpos : "?");
        return 1;
    }

    const bool duration_mode = G.duration > 0;
    double limit = G.timeout;
    if (duration_mode) limit = std::max(limit, G.warmup + G.duration + 10);

    std::vector<std::unique_ptr<Worker>> workers;
    const uint64_t t0 = now_ns();
    for (int i = 0; i < G.threads; ++i) {
        auto w = std::make_unique<Worker>();
        w->id = i;
        int nconn = G.conns / G.threads + (i < G.conns % G.threads ? 1 : 0);
        w->slots.resize(size_t(nconn));
        if (duration_mode) {
            w->todo = -1;
            w->measure_start = t0 + uint64_t(G.warmup * 1e9);
            w->measure_end = w->measure_start + uint64_t(G.duration * 1e9);
        } else {
            w->todo = G.requests / G.threads + (i < G.requests % G.threads ? 1 : 0);
        }
        w->deadline = t0 + uint64_t(limit * 1e9);
        workers.push_back(std::move(w));
    }
    std::vector<std::thread> threads;
    for (auto& w : workers) threads.emplace_back([&w] { w->run(); });
    for (auto& th : threads) th.join();

    Stats total;
    uint64_t end = t0;
    for (auto& w : workers) {
        total.merge(w->st);
        end = std::max(end, w->finish_time);
    }
    double secs;
    if (duration_mode) {
        secs = G.duration;
        uint64_t ms = workers[0]->measure_start;
        if (end < ms + uint64_t(G.duration * 1e9) && end > ms) secs = double(end - ms) / 1e9;  // ended early
    } else {
        secs = double(end - t0) / 1e9;
    }
    int rc = print_report(total, secs, duration_mode);
    if (G.output_body) fclose(G.output_body);
    if (G.output_headers) fclose(G.output_headers);

    gnutls_priority_deinit(g_priority);
    gnutls_certificate_free_credentials(g_cred);
    gnutls_global_deinit();
    return rc;
}

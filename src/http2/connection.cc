#include "http2/connection.h"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/uio.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "server/addresses.h"
#include "trident/core/clock.h"
#include "trident/http/body_rate.h"
#include "trident/http/response_fields.h"
#include "trident/core/log.h"

namespace trident::http2 {

using server::kTimerIdle;
using server::kTimerNone;

namespace {

constexpr size_t kReadChunk = 64 * 1024;
// nghttp2 output is gathered up to this much before one write to the transport.
constexpr size_t kSendBatch = 64 * 1024;
// Stream and connection receive windows. Bodies are forwarded to workers as they arrive and
// consumed (window reopened) only once the worker channel took them.
constexpr int32_t kStreamWindow = 1 << 20;
constexpr int32_t kConnectionWindow = 16 << 20;


}  // namespace

struct Http2Connection::Stream {
    int32_t id = 0;
    int channel = -1;
    bool head_method = false;
    bool dispatched = false;
    bool counted = false;        // in the channel's in_flight
    bool end_stream_seen = false;
    bool request_done = false;   // END went to the worker
    bool rejected = false;       // answered locally; the request goes nowhere
    bool headers_too_large = false;
    bool has_authority = false;  // :authority was sent (then Host is not used, RFC 9113 8.3.1)
    bool response_started = false;
    bool response_done = false;  // nothing more will come from the worker
    bool body_eof = false;
    bool deferred = false;       // the data provider is waiting for body bytes
    // Request head as received: names and values back to back in `arena`, offsets in `fields`.
    std::string arena;
    std::vector<uint32_t> fields;  // name_off, name_len, value_off, value_len, ...
    uint32_t method[2] = {0, 0}, path[2] = {0, 0}, scheme[2] = {0, 0}, authority[2] = {0, 0};
    size_t header_bytes = 0;
    std::string waiting_head;  // REQUEST_HEAD payload while no worker was free
    std::string pending_body;  // request body not yet handed to the worker
    size_t unconsumed = 0;     // DATA bytes whose flow-control credit is not returned yet
    uint64_t body_total = 0;
    http::BodyRate body_rate;  // http_body_min_rate of the request body
    std::string out;           // response body waiting for nghttp2 to pull it
    size_t out_pos = 0;
    uint64_t head_body = 0;    // body bytes that came with RESPONSE_HEAD (never credited)
    uint64_t taken = 0;        // RESPONSE_BODY bytes nghttp2 took, not yet credited
    std::string trailers;      // lower-cased names and values, back to back
    std::vector<uint32_t> trailer_fields;  // name_off, name_len, value_off, value_len, ...

    std::string_view view(const uint32_t* f) const { return std::string_view(arena.data() + f[0], f[1]); }
    // The client owes us body bytes and nothing of ours holds them back: its DATA must keep
    // coming (http_header_timeout between arrivals, http_body_min_rate on average). Bytes we
    // have not returned flow-control credit for (no worker yet, congested channel) are ours.
    bool awaiting_body() const { return !end_stream_seen && !rejected && !response_done && unconsumed == 0; }
};

// nghttp2 -> Http2Connection trampolines.
struct Callbacks {
    static Http2Connection* self(void* p) { return static_cast<Http2Connection*>(p); }
    static int begin_frame(nghttp2_session*, const nghttp2_frame_hd* hd, void* ud) {
        return self(ud)->on_begin_frame(*hd);
    }
    static int begin_headers(nghttp2_session*, const nghttp2_frame* f, void* ud) {
        if (f->hd.type != NGHTTP2_HEADERS || f->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
        return self(ud)->on_begin_headers(f->hd.stream_id);
    }
    static int header(nghttp2_session*, const nghttp2_frame* f, const uint8_t* name, size_t namelen,
                      const uint8_t* value, size_t valuelen, uint8_t, void* ud) {
        if (f->hd.type != NGHTTP2_HEADERS || f->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
        return self(ud)->on_header(f->hd.stream_id, std::string_view(reinterpret_cast<const char*>(name), namelen),
                                   std::string_view(reinterpret_cast<const char*>(value), valuelen));
    }
    static int frame_recv(nghttp2_session*, const nghttp2_frame* f, void* ud) { return self(ud)->on_frame_recv(f); }
    static int frame_send(nghttp2_session*, const nghttp2_frame* f, void* ud) { return self(ud)->on_frame_send(f); }
    static int data_chunk(nghttp2_session*, uint8_t, int32_t sid, const uint8_t* data, size_t len, void* ud) {
        return self(ud)->on_data_chunk(sid, data, len);
    }
    static int stream_close(nghttp2_session*, int32_t sid, uint32_t code, void* ud) {
        return self(ud)->on_stream_close(sid, code);
    }
    static ssize_t read_body(nghttp2_session*, int32_t sid, uint8_t* buf, size_t len, uint32_t* flags,
                             nghttp2_data_source*, void* ud) {
        return self(ud)->read_body(sid, buf, len, flags);
    }
    static nghttp2_session_callbacks* make() {
        nghttp2_session_callbacks* cb;
        nghttp2_session_callbacks_new(&cb);
        nghttp2_session_callbacks_set_on_begin_frame_callback(cb, begin_frame);
        nghttp2_session_callbacks_set_on_begin_headers_callback(cb, begin_headers);
        nghttp2_session_callbacks_set_on_header_callback(cb, header);
        nghttp2_session_callbacks_set_on_frame_recv_callback(cb, frame_recv);
        nghttp2_session_callbacks_set_on_frame_send_callback(cb, frame_send);
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, data_chunk);
        nghttp2_session_callbacks_set_on_stream_close_callback(cb, stream_close);
        return cb;
    }
};

Http2Connection::Http2Connection(server::Reactor& reactor, std::unique_ptr<server::Transport> transport,
                                 const sockaddr_storage& peer, const sockaddr_storage& local, std::string_view initial)
    : Connection(reactor), transport_(std::move(transport)), fd_(transport_->fd()), peer_(peer), local_(local),
      initial_(initial) {}

Http2Connection::~Http2Connection() {
    // nghttp2_session_del frees its streams without calling on_stream_close: ours go here.
    for (Stream* s : streams_) delete s;
    if (session_) nghttp2_session_del(session_);
}

bool Http2Connection::start() {
    // One callbacks table for every connection of the process (it is read-only).
    static nghttp2_session_callbacks* callbacks = Callbacks::make();
    reactor_.shared().http2_connections.fetch_add(1, std::memory_order_relaxed);
    nghttp2_option* opt;
    nghttp2_option_new(&opt);
    // Window updates only once a worker channel has taken the bytes: a slow worker then
    // slows the client through HTTP/2 flow control instead of growing our buffers.
    nghttp2_option_set_no_auto_window_update(opt, 1);
    nghttp2_session_server_new2(&session_, callbacks, this, opt);
    nghttp2_option_del(opt);
    const server::ServerConfig& cfg = reactor_.config();
    nghttp2_settings_entry iv[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, cfg.max_concurrent_streams},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, uint32_t(kStreamWindow)},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, uint32_t(cfg.http_max_header_size)},
    };
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, iv, sizeof iv / sizeof iv[0]);
    nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, kConnectionWindow);
    events_ = ~0u;  // force the first epoll_mod: the fd's registration still names the old object
    if (!initial_.empty()) {
        ssize_t rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(initial_.data()), initial_.size());
        std::string().swap(initial_);
        if (rv < 0) {
            fail_connection(int(rv));
            return false;
        }
    }
    if (!send_out()) return false;
    maybe_close();
    if (closed_) return false;
    update_events();
    update_timer();
    return true;
}

// --- reading ---------------------------------------------------------------------------

void Http2Connection::fail_connection(int error) {
    // For fatal errors (floods, a bad preface) nghttp2 queues no GOAWAY of its own: say why
    // before closing (RFC 9113 5.4.1), then linger so unread input does not turn into a RST
    // that destroys the GOAWAY.
    TRIDENT_LOG(Info, "HTTP/2 connection error: %s", error_reason_ ? error_reason_ : nghttp2_strerror(error));
    reactor_.shared().bad_requests.fetch_add(1, std::memory_order_relaxed);
    uint32_t code = (error == NGHTTP2_ERR_FLOODED || error == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS)
                        ? NGHTTP2_ENHANCE_YOUR_CALM
                        : NGHTTP2_PROTOCOL_ERROR;
    nghttp2_session_terminate_session(session_, code);
    if (!send_out()) return;
    for (Stream* st : streams_) {
        if (st->counted) reset_to_worker(*st, ipc::ResetCode::Cancel);
    }
    lingering_ = true;
    if (out_pos_ >= out_.size() && !transport_->has_pending()) transport_->shutdown_write();
    reactor_.set_timer(this, kTimerNone);
    reactor_.set_timer(this, server::kTimerHeader);
    update_events();
}

void Http2Connection::linger_read() {
    // Drop whatever the client still sends until it closes (or the timer fires).
    char* buf = reactor_.read_buffer();
    for (;;) {
        ssize_t n = transport_->read(buf, kReadChunk);
        if (n == server::Transport::kAgain) return;
        if (n <= 0) {
            close_now(nullptr);
            return;
        }
    }
}

void Http2Connection::on_event(uint32_t events) {
    if (closed_) return;
    if (lingering_) {
        if (events & EPOLLOUT) {
            send_out();
            if (closed_) return;
            if (out_pos_ >= out_.size() && !transport_->has_pending()) transport_->shutdown_write();
        }
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) linger_read();
        if (!closed_) update_events();
        return;
    }
    if (events & EPOLLOUT) {
        // Writable again: the client took bytes, so http_send_timeout starts over.
        if (timer_kind == server::kTimerSend) reactor_.refresh_timer(this);
        if (!send_out()) return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) do_read();
    if (closed_) return;
    maybe_close();
    if (closed_) return;
    update_events();
    update_timer();
}

void Http2Connection::do_read() {
    char* buf = reactor_.read_buffer();
    // Until the transport is empty: TLS can hold decrypted records the socket no longer signals.
    for (;;) {
        ssize_t n = transport_->read(buf, kReadChunk);
        if (n == server::Transport::kAgain) break;
        if (n == 0 || n == server::Transport::kError) {
            peer_closed_ = true;
            break;
        }
        ssize_t rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(buf), size_t(n));
        if (closed_) return;
        if (rv < 0) {
            fail_connection(int(rv));
            return;
        }
        // A short read drains a plain socket; TLS may still hold decrypted records.
        if (size_t(n) < kReadChunk && !transport_->is_tls()) break;
    }
    if (!send_out()) return;
    if (peer_closed_) close_now(nullptr);  // close_now() tells the workers of streams in flight
}

// RFC 9113 5.1.1: a new stream's id must be greater than every id the client used before;
// HEADERS on a lower id is a connection error PROTOCOL_ERROR. nghttp2 checks this only against
// the streams it still holds and silently ignores a HEADERS on an id it does not know (the
// client then waits forever), because that may be a late frame: trailers the client sent on
// a stream before it saw our RST_STREAM for it (RFC 9113 5.1, "closed"). So the lower ids
// allowed are those of the streams nghttp2 still holds open and of the streams we reset.
int Http2Connection::on_begin_frame(const nghttp2_frame_hd& hd) {
    // Even ids and stream 0 are refused by nghttp2 itself.
    if (hd.type != NGHTTP2_HEADERS || hd.stream_id <= 0 || (hd.stream_id & 1) == 0) return 0;
    if (hd.stream_id > last_client_stream_) {
        last_client_stream_ = hd.stream_id;
        return 0;
    }
    if (late_frame_allowed(hd.stream_id)) return 0;
    error_reason_ = "HEADERS on a stream id not greater than one the client already used";
    return NGHTTP2_ERR_CALLBACK_FAILURE;  // mem_recv fails; fail_connection sends the GOAWAY
}

bool Http2Connection::late_frame_allowed(int32_t id) const {
    // After our GOAWAY nghttp2 ignores new streams, and their late frames with them.
    if (going_away_) return true;
    if (nghttp2_stream* st = nghttp2_session_find_stream(session_, id)) {
        nghttp2_stream_proto_state state = nghttp2_stream_get_state(st);
        if (state != NGHTTP2_STREAM_STATE_IDLE && state != NGHTTP2_STREAM_STATE_CLOSED) return true;
    }
    return std::find(resets_.begin(), resets_.end(), id) != resets_.end();
}

int Http2Connection::on_frame_send(const nghttp2_frame* f) {
    if (f->hd.type != NGHTTP2_RST_STREAM) return 0;
    // How many to remember: a client sending a late frame on stream X has not read our
    // RST_STREAM for X yet, nor any sent after it, so every stream reset since is still open
    // for it; there are at most max_concurrent_streams of those once it knows our SETTINGS.
    // Twice that (at least 128) covers streams it opened before.
    if (resets_.empty()) resets_.assign(2 * size_t(std::max(reactor_.config().max_concurrent_streams, 64u)), 0);
    resets_[reset_next_] = f->hd.stream_id;
    reset_next_ = (reset_next_ + 1) % resets_.size();
    return 0;
}

int Http2Connection::on_begin_headers(int32_t stream_id) {
    auto* s = new Stream();
    s->id = stream_id;
    nghttp2_session_set_stream_user_data(session_, stream_id, s);
    got_request_ = true;
    streams_.push_back(s);
    ++open_streams_;
    // A new request: the header/body timer (still running from before it, or from another
    // stream's body) starts over once update_timer() picks it.
    if (timer_kind == server::kTimerHeader) reactor_.refresh_timer(this);
    return 0;
}

int Http2Connection::on_header(int32_t stream_id, std::string_view name, std::string_view value) {
    auto* s = static_cast<Stream*>(nghttp2_session_get_stream_user_data(session_, stream_id));
    if (!s) return 0;
    // RFC 9113 6.5.2 counts 32 bytes of overhead per field.
    s->header_bytes += name.size() + value.size() + 32;
    if (s->header_bytes > reactor_.config().http_max_header_size) {
        s->headers_too_large = true;
        return 0;
    }
    uint32_t voff = 0;
    if (!name.empty() && name[0] == ':') {
        uint32_t* slot = nullptr;
        if (name == ":method") slot = s->method;
        else if (name == ":path") slot = s->path;
        else if (name == ":scheme") slot = s->scheme;
        else if (name == ":authority") {
            slot = s->authority;
            s->has_authority = true;
        }
        if (!slot) return 0;
        voff = uint32_t(s->arena.size());
        s->arena.append(value);
        slot[0] = voff;
        slot[1] = uint32_t(value.size());
        return 0;
    }
    // The target's authority is :authority when present; a differing Host must not override
    // it (RFC 9113 8.3.1), so it is not forwarded and the worker's Host is :authority.
    // (Pseudo-header fields precede all others: nghttp2 rejects a request otherwise.)
    if (s->has_authority && name == "host") return 0;
    uint32_t noff = uint32_t(s->arena.size());
    s->arena.append(name);
    voff = uint32_t(s->arena.size());
    s->arena.append(value);
    s->fields.insert(s->fields.end(), {noff, uint32_t(name.size()), voff, uint32_t(value.size())});
    return 0;
}

int Http2Connection::on_frame_recv(const nghttp2_frame* f) {
    if (f->hd.type != NGHTTP2_HEADERS && f->hd.type != NGHTTP2_DATA) return 0;
    auto* s = static_cast<Stream*>(nghttp2_session_get_stream_user_data(session_, f->hd.stream_id));
    if (!s) return 0;
    if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_REQUEST) {
        if (f->hd.flags & NGHTTP2_FLAG_END_STREAM) s->end_stream_seen = true;
        dispatch_request(*s);
    }
    // Trailers (a second HEADERS) only end the request: they are not forwarded yet.
    if ((f->hd.flags & NGHTTP2_FLAG_END_STREAM) && !s->request_done && !s->rejected) {
        s->end_stream_seen = true;
        finish_request(*s);
    }
    return 0;
}

void Http2Connection::dispatch_request(Stream& s) {
    reactor_.shared().requests_total.fetch_add(1, std::memory_order_relaxed);
    reactor_.shared().requests_http2.fetch_add(1, std::memory_order_relaxed);
    if (s.headers_too_large) {
        s.rejected = true;
        respond_local(s, 431, "Request header fields too large");
        return;
    }
    if (going_away_ || reactor_.shutting_down()) {
        s.rejected = true;
        nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, s.id, NGHTTP2_REFUSED_STREAM);
        return;
    }
    // Plain CONNECT (nghttp2 made sure it has :authority and neither :scheme nor :path; with
    // :protocol it is refused, SETTINGS_ENABLE_CONNECT_PROTOCOL being off) asks for a tunnel,
    // which this server does not provide: RFC 9110 9.3.6 / 15.6.2, 501, as on HTTP/1.1.
    if (s.view(s.method) == "CONNECT") {
        s.rejected = true;
        respond_local(s, 501, "Not Implemented");
        return;
    }
    HeaderField stack_fields[64];
    std::vector<HeaderField> heap;
    size_t n = s.fields.size() / 4;
    HeaderField* hf = stack_fields;
    if (n > 64) {
        heap.resize(n);
        hf = heap.data();
    }
    for (size_t i = 0; i < n; ++i) {
        const uint32_t* f = &s.fields[i * 4];
        hf[i] = HeaderField{s.view(f), s.view(f + 2)};
    }
    ipc::RequestHeadIn in;
    in.conn.protocol = ipc::Protocol::Http2;
    if (transport_->is_tls()) in.conn.flags |= ipc::kRequestFlagTls;
    server::fill_addresses(in.conn, peer_, local_);
    in.method = s.view(s.method);
    in.scheme = s.view(s.scheme);
    in.authority = s.view(s.authority);
    in.target = s.view(s.path);
    in.headers = hf;
    in.header_count = n;
    s.head_method = in.method == "HEAD";
    if (ipc::request_head_size(in) > ipc::kMaxPayload) {
        s.rejected = true;
        respond_local(s, 431, "Request header fields too large");
        return;
    }
    uint8_t* payload = reactor_.scratch();
    size_t plen = ipc::encode_request_head(in, payload, ipc::kMaxPayload);
    // The head is in the frame now; the arena is not needed any more.
    std::string().swap(s.arena);
    std::vector<uint32_t>().swap(s.fields);
    bool end = s.end_stream_seen;
    int ch = reactor_.pick_channel(session_id);
    if (ch < 0) {
        s.waiting_head.assign(reinterpret_cast<const char*>(payload), plen);
        reactor_.wait_for_worker(session_id, s.id);
        return;
    }
    server::WorkerChannel* c = reactor_.channel(ch);
    s.channel = ch;
    s.dispatched = true;
    if (!c->send_stream(ipc::FrameType::RequestHead, session_id, s.id, payload, plen, end)) {
        respond_local(s, 502, "Bad Gateway");
        return;
    }
    c->in_flight++;
    s.counted = true;
    if (end) s.request_done = true;
}

void Http2Connection::on_dispatch_ready(int64_t stream_id) {
    Stream* s = find(stream_id);
    if (!s || s->dispatched || s->rejected) return;
    int ch = reactor_.pick_channel(session_id);
    if (ch < 0) {
        reactor_.wait_for_worker(session_id, stream_id);
        return;
    }
    server::WorkerChannel* c = reactor_.channel(ch);
    // The head is complete only if END_STREAM came with it and no body is pending.
    bool end = s->end_stream_seen && s->pending_body.empty();
    s->channel = ch;
    s->dispatched = true;
    bool ok = c->send_stream(ipc::FrameType::RequestHead, session_id, s->id, s->waiting_head.data(),
                             s->waiting_head.size(), end);
    std::string().swap(s->waiting_head);
    if (!ok) {
        respond_local(*s, 502, "Bad Gateway");
    } else {
        c->in_flight++;
        s->counted = true;
        if (end) s->request_done = true;
        else forward_pending_body(*s);
    }
    if (!send_out()) return;
    update_events();
    update_timer();
}

int Http2Connection::on_data_chunk(int32_t stream_id, const uint8_t* data, size_t len) {
    auto* s = static_cast<Stream*>(nghttp2_session_get_stream_user_data(session_, stream_id));
    if (!s || s->rejected || s->response_done) {
        // Nobody wants these bytes; give the flow-control credit straight back.
        nghttp2_session_consume(session_, stream_id, len);
        return 0;
    }
    s->body_total += len;
    if (s->body_total > reactor_.config().package_max_length) {
        nghttp2_session_consume(session_, stream_id, len);
        abort_body(*s, 413, "Request body larger than package_max_length");
        return 0;
    }
    // Body bytes are arriving: the connection's body timeout starts over.
    if (timer_kind == server::kTimerHeader) reactor_.refresh_timer(this);
    uint64_t rate = reactor_.config().http_body_min_rate;
    int64_t now = monotonic_ms();
    if (!s->body_rate.arrived(len, now, rate)) {
        TRIDENT_LOG(Info, "HTTP/2 stream %d: request body at %llu bytes in %lld ms, below http_body_min_rate (%llu/s)",
                    int(stream_id), (unsigned long long)s->body_rate.window_bytes(),
                    (long long)s->body_rate.window_ms(now), (unsigned long long)rate);
        nghttp2_session_consume(session_, stream_id, len);
        abort_body(*s, 408, "Request body too slow");
        return 0;
    }
    s->pending_body.append(reinterpret_cast<const char*>(data), len);
    s->unconsumed += len;
    forward_pending_body(*s);
    return 0;
}

void Http2Connection::forward_pending_body(Stream& s) {
    if (!s.dispatched || s.rejected || s.pending_body.empty()) {
        if (s.dispatched && !s.rejected && s.end_stream_seen && !s.request_done && s.pending_body.empty()) {
            send_request_frame(s, ipc::FrameType::RequestEnd, nullptr, 0, true);
            s.request_done = true;
        }
        if (!s.dispatched) s.body_rate.restart();  // waiting for a worker: not the client's slowness
        return;
    }
    server::WorkerChannel* c = reactor_.channel(s.channel);
    if (!c || c->dead()) return;  // on_channel_lost answers it
    if (c->congested()) {
        s.body_rate.restart();
        c->waiters.push_back(session_id);  // on_channel_drained() retries every stream
        return;
    }
    c->send_body(session_id, s.id, s.pending_body.data(), s.pending_body.size(), s.end_stream_seen);
    if (s.end_stream_seen) s.request_done = true;
    s.pending_body.clear();
    nghttp2_session_consume(session_, s.id, s.unconsumed);
    s.unconsumed = 0;
}

void Http2Connection::finish_request(Stream& s) {
    if (s.request_done || s.rejected) return;
    forward_pending_body(s);
}

void Http2Connection::send_request_frame(Stream& s, ipc::FrameType type, const uint8_t* data, size_t len, bool end) {
    if (server::WorkerChannel* c = reactor_.channel(s.channel)) c->send_stream(type, session_id, s.id, data, len, end);
}

void Http2Connection::on_channel_drained() {
    if (closed_) return;
    std::vector<Stream*> live = streams_;
    for (Stream* st : live) forward_pending_body(*st);
    if (!send_out()) return;
    update_events();
}

// --- responses ---------------------------------------------------------------------------

Http2Connection::Stream* Http2Connection::find(int64_t stream_id) {
    if (stream_id <= 0 || stream_id > INT32_MAX || !session_) return nullptr;
    return static_cast<Stream*>(nghttp2_session_get_stream_user_data(session_, int32_t(stream_id)));
}

void Http2Connection::on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) {
    Stream* s = find(h.stream_id);
    if (!s || s->response_done) {
        reactor_.shared().stale_frames_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    bool end = (h.flags & ipc::kFlagEndStream) != 0;
    switch (h.type) {
        case ipc::FrameType::ResponseHead:
            if (!s->response_started) response_head(*s, payload, len, end);
            break;
        case ipc::FrameType::ResponseBody:
        case ipc::FrameType::ResponseEnd:
            if (!s->response_started) break;
            if (h.type == ipc::FrameType::ResponseBody && !s->head_method) {
                s->out.append(reinterpret_cast<const char*>(payload), len);
            }
            if (end || h.type == ipc::FrameType::ResponseEnd) {
                s->body_eof = true;
                s->response_done = true;
                uncount(*s);
                reactor_.shared().responses_total.fetch_add(1, std::memory_order_relaxed);
            }
            if (s->deferred) {
                s->deferred = false;
                nghttp2_session_resume_data(session_, s->id);
            }
            break;
        case ipc::FrameType::ResponseTrailers: {
            if (!s->response_started) break;
            ipc::ResponseHeadView v;
            if (ipc::decode_response_trailers(payload, len, v) == ipc::DecodeError::None) {
                auto cur = v.headers();
                HeaderField f;
                while (cur.next(f)) {
                    uint32_t noff = uint32_t(s->trailers.size());
                    for (char c : f.name) s->trailers.push_back((c >= 'A' && c <= 'Z') ? char(c + 32) : c);
                    uint32_t voff = uint32_t(s->trailers.size());
                    s->trailers.append(f.value);
                    s->trailer_fields.insert(s->trailer_fields.end(),
                                             {noff, uint32_t(f.name.size()), voff, uint32_t(f.value.size())});
                }
            }
            s->body_eof = true;
            s->response_done = true;
            uncount(*s);
            reactor_.shared().responses_total.fetch_add(1, std::memory_order_relaxed);
            if (s->deferred) {
                s->deferred = false;
                nghttp2_session_resume_data(session_, s->id);
            }
            break;
        }
        case ipc::FrameType::StreamReset:
            uncount(*s);
            if (!s->response_started) {
                respond_local(*s, 500, "Internal Server Error");
            } else {
                s->response_done = true;
                nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, s->id, NGHTTP2_INTERNAL_ERROR);
            }
            break;
        default:
            return;
    }
    if (!send_out()) return;
    update_events();
    update_timer();
}

void Http2Connection::response_head(Stream& s, const uint8_t* payload, size_t len, bool end) {
    ipc::ResponseHeadView v;
    if (ipc::decode_response_head(payload, len, v) != ipc::DecodeError::None || v.status < 100 || v.status > 999) {
        TRIDENT_LOG(Error, "worker sent a malformed RESPONSE_HEAD");
        uncount(s);
        respond_local(s, 502, "Bad Gateway");
        return;
    }
    char status[4];
    snprintf(status, sizeof status, "%03u", unsigned(v.status) % 1000);
    // HTTP/3 on this port: advertise it (unless the handler chose its own Alt-Svc).
    static thread_local http::ResponseFields rf;
    rf.build(v, end, reactor_.http_date(), listener ? std::string_view(listener->alt_svc) : std::string_view());
    bool no_body = s.head_method || http::ResponseFields::bodyless_status(v.status);
    std::vector<nghttp2_nv> nva;
    nva.reserve(rf.fields().size() + 1);
    auto nv = [](std::string_view n, std::string_view val) {
        return nghttp2_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(n.data())),
                          reinterpret_cast<uint8_t*>(const_cast<char*>(val.data())), n.size(), val.size(),
                          NGHTTP2_NV_FLAG_NONE};
    };
    nva.push_back(nv(":status", std::string_view(status, 3)));
    // nghttp2 copies the pairs when the response is submitted.
    for (const HeaderField& f : rf.fields()) nva.push_back(nv(f.name, f.value));

    s.response_started = true;
    if (!no_body) s.out.assign(v.body.data(), v.body.size());
    s.head_body = s.out.size();
    if (end) {
        s.body_eof = true;
        s.response_done = true;
        uncount(s);
        reactor_.shared().responses_total.fetch_add(1, std::memory_order_relaxed);
    }
    nghttp2_data_provider prd;
    prd.source.ptr = nullptr;
    prd.read_callback = Callbacks::read_body;
    bool headers_only = end && s.out.empty();
    int rv = nghttp2_submit_response(session_, s.id, nva.data(), nva.size(), headers_only ? nullptr : &prd);
    if (rv != 0) {
        TRIDENT_LOG(Warning, "nghttp2_submit_response: %s", nghttp2_strerror(rv));
        nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, s.id, NGHTTP2_INTERNAL_ERROR);
    }
}

ssize_t Http2Connection::read_body(int32_t stream_id, uint8_t* buf, size_t len, uint32_t* flags) {
    Stream* s = find(stream_id);
    if (!s) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    size_t avail = s->out.size() - s->out_pos;
    size_t n = std::min(len, avail);
    if (n) memcpy(buf, s->out.data() + s->out_pos, n);
    s->out_pos += n;
    credit(*s, n);
    if (s->out_pos == s->out.size()) {
        s->out.clear();
        s->out_pos = 0;
        if (s->body_eof) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
            if (!s->trailer_fields.empty()) {
                // The trailers' HEADERS frame ends the stream instead of this DATA frame.
                *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
                std::vector<nghttp2_nv> nva;
                for (size_t i = 0; i < s->trailer_fields.size(); i += 4) {
                    const uint32_t* t = &s->trailer_fields[i];
                    nva.push_back(nghttp2_nv{reinterpret_cast<uint8_t*>(&s->trailers[t[0]]),
                                             reinterpret_cast<uint8_t*>(&s->trailers[t[2]]), t[1], t[3],
                                             NGHTTP2_NV_FLAG_NONE});
                }
                nghttp2_submit_trailer(session_, stream_id, nva.data(), nva.size());
            }
            return ssize_t(n);
        }
        if (n == 0) {
            s->deferred = true;
            return NGHTTP2_ERR_DEFERRED;
        }
    }
    return ssize_t(n);
}

// Response backpressure: bytes nghttp2 pulled (as the client's flow-control window allows)
// are credited back to the worker in batches; a client that stops reading stops the handler.
void Http2Connection::credit(Stream& s, size_t n) {
    size_t skip = std::min<uint64_t>(s.head_body, n);
    s.head_body -= skip;
    s.taken += n - skip;
    if (s.taken < ipc::kCreditBatch || !s.counted || s.response_done) return;
    server::WorkerChannel* c = reactor_.channel(s.channel);
    if (!c) return;
    c->send_credit(session_id, s.id, s.taken);
    s.taken = 0;
}

void Http2Connection::respond_local(Stream& s, int status, const char* message) {
    reactor_.shared().bad_requests.fetch_add(status >= 500 ? 0 : 1, std::memory_order_relaxed);
    s.response_started = true;
    s.response_done = true;
    s.body_eof = true;
    s.out = std::string(message) + "\n";
    s.out_pos = 0;
    if (s.head_method) s.out.clear();
    char st[4], len[24];
    snprintf(st, sizeof st, "%03d", status);
    int ln = snprintf(len, sizeof len, "%zu", std::string(message).size() + 1);
    std::string_view date = reactor_.http_date();
    nghttp2_nv nva[] = {
        {(uint8_t*)":status", (uint8_t*)st, 7, 3, NGHTTP2_NV_FLAG_NONE},
        {(uint8_t*)"content-type", (uint8_t*)"text/plain", 12, 10, NGHTTP2_NV_FLAG_NONE},
        {(uint8_t*)"content-length", (uint8_t*)len, 14, size_t(ln), NGHTTP2_NV_FLAG_NONE},
        {(uint8_t*)"date", (uint8_t*)date.data(), 4, date.size(), NGHTTP2_NV_FLAG_NONE},
    };
    nghttp2_data_provider prd;
    prd.source.ptr = nullptr;
    prd.read_callback = Callbacks::read_body;
    nghttp2_submit_response(session_, s.id, nva, 4, s.out.empty() ? nullptr : &prd);
}

// The request body cannot be taken (too large, too slow): the worker forgets the request, the
// client gets `status` (or a reset once the response started), and its further DATA is dropped.
void Http2Connection::abort_body(Stream& s, int status, const char* message) {
    if (s.counted) reset_to_worker(s, status == 413 ? ipc::ResetCode::BodyTooLarge : ipc::ResetCode::BodyTimeout);
    s.rejected = true;
    std::string().swap(s.pending_body);
    if (s.unconsumed) nghttp2_session_consume(session_, s.id, s.unconsumed);
    s.unconsumed = 0;
    if (!s.response_started) {
        respond_local(s, status, message);
    } else {
        // What the worker still sends for it is dropped as stale (as on HTTP/3).
        s.response_done = true;
        nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, s.id, NGHTTP2_CANCEL);
    }
}

void Http2Connection::uncount(Stream& s) {
    if (!s.counted) return;
    s.counted = false;
    if (server::WorkerChannel* c = reactor_.channel(s.channel)) c->in_flight--;
}

void Http2Connection::reset_to_worker(Stream& s, ipc::ResetCode code) {
    if (!s.counted) return;
    if (server::WorkerChannel* c = reactor_.channel(s.channel)) c->send_reset(session_id, s.id, code);
    uncount(s);
}

int Http2Connection::on_stream_close(int32_t stream_id, uint32_t error_code) {
    auto* s = static_cast<Stream*>(nghttp2_session_get_stream_user_data(session_, stream_id));
    if (!s) return 0;
    if (error_code != NGHTTP2_NO_ERROR) reactor_.shared().http2_streams_reset.fetch_add(1, std::memory_order_relaxed);
    if (s->counted) {
        // The client reset the stream (or the connection died) while a worker had it.
        reactor_.shared().client_aborts.fetch_add(1, std::memory_order_relaxed);
        reset_to_worker(*s, ipc::ResetCode::Cancel);
    }
    streams_.erase(std::remove(streams_.begin(), streams_.end(), s), streams_.end());
    nghttp2_session_set_stream_user_data(session_, stream_id, nullptr);
    delete s;
    if (open_streams_ > 0) --open_streams_;
    return 0;
}

void Http2Connection::on_channel_lost(int channel_index) {
    std::vector<Stream*> live = streams_;
    for (Stream* s : live) {
        if (s->channel != channel_index || !s->counted) continue;
        s->counted = false;
        reactor_.shared().worker_lost_requests.fetch_add(1, std::memory_order_relaxed);
        if (!s->response_started) {
            s->rejected = true;
            respond_local(*s, 502, "Bad Gateway");
        } else {
            s->response_done = true;
            nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, s->id, NGHTTP2_INTERNAL_ERROR);
        }
    }
    if (!send_out()) return;
    update_events();
}

// --- writing and lifetime ---------------------------------------------------------------

bool Http2Connection::send_out() {
    if (closed_) return false;
    for (;;) {
        if (transport_->has_pending()) {
            if (transport_->flush() == server::Transport::kError) {
                close_now(transport_->error().c_str());
                return false;
            }
            if (transport_->has_pending()) return true;
        }
        if (out_pos_ < out_.size()) {
            iovec iov{&out_[out_pos_], out_.size() - out_pos_};
            ssize_t n = transport_->writev(&iov, 1);
            if (n == server::Transport::kAgain) return true;
            if (n < 0) {
                close_now(transport_->error().c_str());
                return false;
            }
            out_pos_ += size_t(n);
            if (out_pos_ < out_.size()) return true;
            out_.clear();
            out_pos_ = 0;
        }
        // Gather what nghttp2 wants to send into one write.
        while (out_.size() < kSendBatch) {
            const uint8_t* data;
            ssize_t n = nghttp2_session_mem_send(session_, &data);
            if (n < 0) {
                close_now(nghttp2_strerror(int(n)));
                return false;
            }
            if (n == 0) break;
            out_.append(reinterpret_cast<const char*>(data), size_t(n));
        }
        if (out_.empty()) return true;
    }
}

void Http2Connection::maybe_close() {
    if (closed_ || lingering_) return;
    if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_) && out_pos_ >= out_.size() &&
        !transport_->has_pending()) {
        close_now(nullptr);
    }
}

void Http2Connection::update_events() {
    if (closed_) return;
    bool want_write = out_pos_ < out_.size() || transport_->has_pending();
    uint32_t ev = EPOLLIN | EPOLLRDHUP | (want_write ? EPOLLOUT : 0);
    if (ev != events_) {
        events_ = ev;
        reactor_.epoll_mod(fd_, ev, this);
    }
}

void Http2Connection::update_timer() {
    if (closed_) return;
    if (out_pos_ < out_.size() || transport_->has_pending()) {
        // Output waits for the socket: the client must take some of it within http_send_timeout.
        reactor_.set_timer(this, server::kTimerSend);
        return;
    }
    if (open_streams_ == 0) {
        // Before its first request the connection gets the header timeout, like HTTP/1.1.
        reactor_.set_timer(this, got_request_ ? kTimerIdle : server::kTimerHeader);
        return;
    }
    // A request body that stops arriving is timed like an HTTP/1.1 one (refreshed by DATA).
    bool awaiting = false;
    for (const Stream* st : streams_) awaiting |= st->awaiting_body();
    reactor_.set_timer(this, awaiting ? server::kTimerHeader : kTimerNone);
}

void Http2Connection::on_timeout(int kind) {
    if (closed_) return;
    if (lingering_) {
        close_now(nullptr);
        return;
    }
    if (kind == server::kTimerSend) {
        // A GOAWAY could not reach a client that reads nothing.
        TRIDENT_LOG(Info, "HTTP/2 client took no bytes for http_send_timeout, closing connection");
        reactor_.shared().send_timeouts.fetch_add(1, std::memory_order_relaxed);
        close_now(nullptr);
        return;
    }
    if (open_streams_ > 0) {
        // Request bodies stalled for http_header_timeout: those requests get 408, the
        // connection and its other streams carry on.
        TRIDENT_LOG(Info, "HTTP/2 request body timeout");
        std::vector<Stream*> live = streams_;
        for (Stream* st : live) {
            if (st->awaiting_body()) abort_body(*st, 408, "Request Timeout");
        }
        if (!send_out()) return;
        update_events();
        update_timer();
        return;
    }
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                          NGHTTP2_NO_ERROR, nullptr, 0);
    send_out();
    close_now(nullptr);
}

void Http2Connection::on_shutdown() {
    if (closed_) return;
    going_away_ = true;
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                          NGHTTP2_NO_ERROR, nullptr, 0);
    if (!send_out()) return;
    if (open_streams_ == 0) {
        close_now(nullptr);
        return;
    }
    update_events();
}

void Http2Connection::close_now(const char* why) {
    if (closed_) return;
    if (why) TRIDENT_LOG(Debug, "closing HTTP/2 connection: %s", why);
    closed_ = true;
    // Tell workers about every stream still in flight; nghttp2_session_del would call
    // on_stream_close too, but after this object stopped being reachable.
    for (Stream* s : streams_) {
        if (s->counted) {
            reactor_.shared().client_aborts.fetch_add(1, std::memory_order_relaxed);
            reset_to_worker(*s, ipc::ResetCode::Cancel);
        }
    }
    reactor_.epoll_del(fd_);
    reactor_.close_connection(this);
}

}  // namespace trident::http2

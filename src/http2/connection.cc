#include "http2/connection.h"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/uio.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "server/addresses.h"
#include "stream/transition.h"
#include "trident/core/log.h"
#include "trident/http/reset_codes.h"

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

// What HTTP/2 keeps of a stream beyond the shared core's state.
struct Http2Connection::Stream final : stream::MuxStream {
    explicit Stream(int32_t stream_id) : MuxStream(stream_id) {}
    bool headers_too_large = false;
    bool has_authority = false;  // :authority was sent (then Host is not used, RFC 9113 8.3.1)
    bool body_eof = false;       // the response body ends with what is in `out`
    bool deferred = false;       // the data provider is waiting for body bytes
    bool head_held = false;      // complete head not dispatched yet (Http2Connection::held_heads_)
    bool head_end = false;       // ... and its HEADERS ended the stream
    // Request head as received: names and values back to back in `arena`, offsets in `fields`.
    std::string arena;
    std::vector<uint32_t> fields;  // name_off, name_len, value_off, value_len, ...
    uint32_t method[2] = {0, 0}, path[2] = {0, 0}, scheme[2] = {0, 0}, authority[2] = {0, 0};
    uint32_t protocol[2] = {0, 0};  // :protocol of an extended CONNECT (RFC 8441 §4)
    size_t header_bytes = 0;
    std::string out;  // response body waiting for nghttp2 to pull it
    size_t out_pos = 0;
    // Trailer fields (already lower-case) until the data provider reaches the end of the body.
    std::string trailers;
    std::vector<uint32_t> trailer_fields;  // name_off, name_len, value_off, value_len, ...

    std::string_view view(const uint32_t* f) const { return std::string_view(arena.data() + f[0], f[1]); }
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
        if (f->hd.type != NGHTTP2_HEADERS) return 0;
        if (f->headers.cat == NGHTTP2_HCAT_HEADERS) {
            // Trailers: nghttp2 has refused pseudo-headers in them and a trailing HEADERS
            // without END_STREAM (RFC 9113 8.1: a stream error PROTOCOL_ERROR) before this.
            return self(ud)->on_trailer(f->hd.stream_id, std::string_view(reinterpret_cast<const char*>(name), namelen),
                                        std::string_view(reinterpret_cast<const char*>(value), valuelen));
        }
        if (f->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
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

Http2Connection::Http2Connection(server::Loop& loop, server::WorkerPort& port,
                                 std::unique_ptr<server::Transport> transport, const sockaddr_storage& peer,
                                 const sockaddr_storage& local, std::string_view initial)
    : loop_(loop), mux_(loop, port, *this, *this, "HTTP/2"), transport_(std::move(transport)), fd_(transport_->fd()),
      peer_(peer), local_(local), initial_(initial) {}

// nghttp2_session_del frees its streams without calling on_stream_close; ours belong to mux_.
Http2Connection::~Http2Connection() {
    if (session_) nghttp2_session_del(session_);
}

namespace {
// The lifecycle only moves forward: Open -> GoingAway -> Lingering -> Closed (steps may be skipped).
bool phase_allowed(Http2Connection::Phase from, Http2Connection::Phase to) { return int(to) > int(from); }
}  // namespace

void Http2Connection::enter(Phase next) {
    if (int(next) <= int(phase_)) return;  // already there or further
    phase_ = stream::transition("HTTP/2 connection", phase_, next, phase_allowed);
}

bool Http2Connection::start() {
    // One callbacks table for every connection of the process (it is read-only).
    static nghttp2_session_callbacks* callbacks = Callbacks::make();
    loop_.counters().http2_connections.fetch_add(1, std::memory_order_relaxed);
    nghttp2_option* opt;
    nghttp2_option_new(&opt);
    // Window updates only once a worker channel has taken the bytes: a slow worker then
    // slows the client through HTTP/2 flow control instead of growing our buffers.
    nghttp2_option_set_no_auto_window_update(opt, 1);
    nghttp2_session_server_new2(&session_, callbacks, this, opt);
    nghttp2_option_del(opt);
    const server::ServerConfig& cfg = loop_.config();
    nghttp2_settings_entry iv[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, cfg.max_concurrent_streams},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, uint32_t(kStreamWindow)},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, uint32_t(cfg.http_max_header_size)},
        // RFC 8441: WebSockets over extended CONNECT (nghttp2 then accepts :protocol).
        {NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL, 1},
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
        dispatch_held_heads();
        if (closed()) return false;
    }
    if (!send_out()) return false;
    maybe_close();
    if (closed()) return false;
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
    loop_.counters().bad_requests.fetch_add(1, std::memory_order_relaxed);
    uint32_t code = (error == NGHTTP2_ERR_FLOODED || error == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS)
                        ? NGHTTP2_ENHANCE_YOUR_CALM
                        : NGHTTP2_PROTOCOL_ERROR;
    nghttp2_session_terminate_session(session_, code);
    if (!send_out()) return;
    mux_.close_all(false);
    enter(Phase::Lingering);
    if (out_pos_ >= out_.size() && !transport_->has_pending()) transport_->shutdown_write();
    loop_.set_timer(this, kTimerNone);
    loop_.set_timer(this, server::kTimerHeader);
    update_events();
}

void Http2Connection::linger_read() {
    // Drop whatever the client still sends until it closes (or the timer fires).
    char* buf = loop_.read_buffer();
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
    if (closed()) return;
    if (lingering()) {
        if (events & EPOLLOUT) {
            send_out();
            if (closed()) return;
            if (out_pos_ >= out_.size() && !transport_->has_pending()) transport_->shutdown_write();
        }
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) linger_read();
        if (!closed()) update_events();
        return;
    }
    if (events & EPOLLOUT) {
        // Writable again: the client took bytes, so http_send_timeout starts over.
        if (timer_kind == server::kTimerSend) loop_.refresh_timer(this);
        if (!send_out()) return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) do_read();
    if (closed()) return;
    maybe_close();
    if (closed()) return;
    update_events();
    update_timer();
}

void Http2Connection::do_read() {
    char* buf = loop_.read_buffer();
    // Until the transport is empty: TLS can hold decrypted records the socket no longer signals.
    for (;;) {
        ssize_t n = transport_->read(buf, kReadChunk);
        if (n == server::Transport::kAgain) break;
        if (n == 0 || n == server::Transport::kError) {
            peer_closed_ = true;
            break;
        }
        ssize_t rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(buf), size_t(n));
        if (closed()) return;
        if (rv < 0) {
            fail_connection(int(rv));
            return;
        }
        dispatch_held_heads();
        if (closed()) return;
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
    if (going_away()) return true;
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
    if (resets_.empty()) resets_.assign(2 * size_t(std::max(loop_.config().max_concurrent_streams, 64u)), 0);
    resets_[reset_next_] = f->hd.stream_id;
    reset_next_ = (reset_next_ + 1) % resets_.size();
    return 0;
}

int Http2Connection::on_begin_headers(int32_t stream_id) {
    // The header/body timer starts over for a new request (Multiplexer::add).
    stream::MuxStream& s = mux_.add(std::make_unique<Stream>(stream_id));
    nghttp2_session_set_stream_user_data(session_, stream_id, &s);
    got_request_ = true;
    return 0;
}

int Http2Connection::on_header(int32_t stream_id, std::string_view name, std::string_view value) {
    auto* s = static_cast<Stream*>(nghttp2_session_get_stream_user_data(session_, stream_id));
    if (!s) return 0;
    // RFC 9113 6.5.2 counts 32 bytes of overhead per field.
    s->header_bytes += name.size() + value.size() + 32;
    if (s->header_bytes > loop_.config().http_max_header_size) {
        s->headers_too_large = true;
        return 0;
    }
    uint32_t voff = 0;
    if (!name.empty() && name[0] == ':') {
        uint32_t* slot = nullptr;
        if (name == ":method") slot = s->method;
        else if (name == ":path") slot = s->path;
        else if (name == ":scheme") slot = s->scheme;
        else if (name == ":protocol") slot = s->protocol;
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

int Http2Connection::on_trailer(int32_t stream_id, std::string_view name, std::string_view value) {
    if (auto* s = static_cast<Stream*>(nghttp2_session_get_stream_user_data(session_, stream_id))) {
        if (s->head_held) dispatch_held(*s);
        mux_.request_trailer(*s, name, value);
    }
    return 0;
}

int Http2Connection::on_frame_recv(const nghttp2_frame* f) {
    if (f->hd.type != NGHTTP2_HEADERS && f->hd.type != NGHTTP2_DATA) return 0;
    auto* s = static_cast<Stream*>(nghttp2_session_get_stream_user_data(session_, f->hd.stream_id));
    if (!s) return 0;
    bool end = (f->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_REQUEST) {
        // Held until this read is processed: a stream the client resets in the same read
        // (HEADERS + RST_STREAM, the rapid reset attack) then never reaches a worker. nghttp2's
        // own limit on resets applies per connection only, and a client that reconnects gets a
        // fresh allowance each time; without this every one of those streams ran PHP.
        s->head_held = true;
        s->head_end = end;
        held_heads_.push_back(f->hd.stream_id);
    } else if (end) {
        // DATA, or trailers (a second HEADERS, its fields given to request_trailer()).
        if (s->head_held) dispatch_held(*s);
        mux_.request_end(*s);
    }
    return 0;
}

void Http2Connection::dispatch_held(Stream& s) {
    s.head_held = false;
    dispatch_request(s, s.head_end);
}

void Http2Connection::dispatch_held_heads() {
    if (held_heads_.empty()) return;
    std::vector<int32_t> ids;
    ids.swap(held_heads_);
    for (int32_t id : ids) {
        if (closed()) return;
        // A stream closed meanwhile (reset, connection error) has no user data any more.
        auto* s = static_cast<Stream*>(nghttp2_session_get_stream_user_data(session_, id));
        if (s && s->head_held) dispatch_held(*s);
    }
    if (held_heads_.empty()) {
        ids.clear();
        held_heads_.swap(ids);  // keeps the capacity for the next read
    }
}

void Http2Connection::dispatch_request(Stream& s, bool end_stream) {
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
    // Past the limit on_header() stopped storing fields; the core answers 431 from the size.
    size_t header_bytes = s.headers_too_large ? SIZE_MAX : s.header_bytes;
    mux_.request_head(s, in, header_bytes, end_stream, s.view(s.protocol));
    // The head is in the frame (or answered) now; the arena is not needed any more.
    std::string().swap(s.arena);
    std::vector<uint32_t>().swap(s.fields);
}

void Http2Connection::on_dispatch_ready(int64_t stream_id) { mux_.on_dispatch_ready(stream_id); }

bool Http2Connection::connection_info(ipc::ConnectionInfo& out) const {
    out.protocol = ipc::Protocol::Http2;
    if (transport_->is_tls()) out.flags |= ipc::kRequestFlagTls;
    server::fill_addresses(out, peer_, local_);
    return true;
}

int Http2Connection::on_data_chunk(int32_t stream_id, const uint8_t* data, size_t len) {
    auto* s = static_cast<Stream*>(nghttp2_session_get_stream_user_data(session_, stream_id));
    if (!s) {
        nghttp2_session_consume(session_, stream_id, len);  // nobody wants these bytes
        return 0;
    }
    if (s->head_held) dispatch_held(*s);
    mux_.request_data(*s, data, len);
    return 0;
}

void Http2Connection::on_channel_drained() {
    if (closed()) return;
    mux_.on_channel_drained();
}

// --- responses ---------------------------------------------------------------------------

Http2Connection::Stream* Http2Connection::find(int64_t stream_id) {
    return static_cast<Stream*>(mux_.find(stream_id));
}

void Http2Connection::on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) {
    if (closed()) return;
    mux_.on_worker_frame(h, payload, len);
}

// --- stream::StreamActions ----------------------------------------------------------------

namespace {

// The :status pseudo-header and the fields as nghttp2 pairs, in a vector reused by every
// response of the thread: no allocation per header. nghttp2 copies the pairs when a response
// is submitted; `st` holds the status digits meanwhile.
std::vector<nghttp2_nv>& response_pairs(char (&st)[4], unsigned status, const std::vector<HeaderField>& fields) {
    snprintf(st, sizeof st, "%03u", status % 1000);
    static thread_local std::vector<nghttp2_nv> nva;
    nva.clear();
    auto nv = [](std::string_view n, std::string_view val) {
        return nghttp2_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(n.data())),
                          reinterpret_cast<uint8_t*>(const_cast<char*>(val.data())), n.size(), val.size(),
                          NGHTTP2_NV_FLAG_NONE};
    };
    nva.push_back(nv(":status", std::string_view(st, 3)));
    for (const HeaderField& f : fields) nva.push_back(nv(f.name, f.value));
    return nva;
}

}  // namespace

bool Http2Connection::submit_interim(stream::MuxStream& ms, unsigned status, const std::vector<HeaderField>& fields) {
    char st[4];
    std::vector<nghttp2_nv>& nva = response_pairs(st, status, fields);
    // A HEADERS frame without END_STREAM before the final one (RFC 9113 8.1).
    int rv = nghttp2_submit_headers(session_, NGHTTP2_FLAG_NONE, int32_t(ms.id), nullptr, nva.data(), nva.size(), nullptr);
    if (rv < 0) TRIDENT_LOG(Warning, "nghttp2_submit_headers: %s", nghttp2_strerror(rv));
    return rv >= 0;
}

bool Http2Connection::submit_head(stream::MuxStream& ms, unsigned status, const std::vector<HeaderField>& fields,
                                  bool has_body) {
    char st[4];
    std::vector<nghttp2_nv>& nva = response_pairs(st, status, fields);
    nghttp2_data_provider prd;
    prd.source.ptr = nullptr;
    prd.read_callback = Callbacks::read_body;
    int rv = nghttp2_submit_response(session_, int32_t(ms.id), nva.data(), nva.size(), has_body ? &prd : nullptr);
    if (rv != 0) TRIDENT_LOG(Warning, "nghttp2_submit_response: %s", nghttp2_strerror(rv));
    return rv == 0;
}

void Http2Connection::append_body(stream::MuxStream& ms, const uint8_t* data, size_t len, bool end) {
    auto& s = static_cast<Stream&>(ms);
    if (len) s.out.append(reinterpret_cast<const char*>(data), len);
    if (end) s.body_eof = true;
    if (s.deferred) {
        s.deferred = false;
        nghttp2_session_resume_data(session_, int32_t(s.id));
    }
}

bool Http2Connection::submit_trailers(stream::MuxStream& ms, const std::vector<HeaderField>& fields) {
    auto& s = static_cast<Stream&>(ms);
    // Kept until the data provider reaches the end of the body (read_body submits them).
    for (const HeaderField& f : fields) {
        uint32_t noff = uint32_t(s.trailers.size());
        s.trailers.append(f.name);
        uint32_t voff = uint32_t(s.trailers.size());
        s.trailers.append(f.value);
        s.trailer_fields.insert(s.trailer_fields.end(), {noff, uint32_t(f.name.size()), voff, uint32_t(f.value.size())});
    }
    append_body(s, nullptr, 0, true);
    return true;
}

void Http2Connection::reset_stream(stream::MuxStream& s, ipc::ResetCode why) {
    nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, int32_t(s.id), http::to_http2(why));
}

size_t Http2Connection::queued(const stream::MuxStream& ms) const {
    const auto& s = static_cast<const Stream&>(ms);
    return s.out.size() - s.out_pos;
}

void Http2Connection::on_ws_push(int from, int64_t ws_stream, const ipc::FrameHeader& h, const uint8_t* payload,
                                 size_t) {
    if (closed()) return;
    mux_.on_ws_push(from, ws_stream, h, payload);
}

void Http2Connection::on_ws_owner_draining(int64_t ws_stream) {
    if (closed()) return;
    mux_.on_ws_owner_draining(ws_stream);
}

void Http2Connection::consume(stream::MuxStream& s, size_t n) {
    if (n) nghttp2_session_consume(session_, int32_t(s.id), n);
}

void Http2Connection::consume_connection(stream::MuxStream&, size_t n) {
    if (n) nghttp2_session_consume_connection(session_, n);
}

void Http2Connection::consume_stream(stream::MuxStream& s, size_t n) {
    // Fails (harmlessly) for a stream nghttp2 has closed meanwhile: its window is moot.
    if (n) nghttp2_session_consume_stream(session_, int32_t(s.id), n);
}

void Http2Connection::on_ws_credit(int from, int64_t ws_stream, uint32_t bytes) {
    if (closed()) return;
    mux_.on_ws_credit(from, ws_stream, bytes);
}

void Http2Connection::flush() {
    if (!send_out()) return;
    // The worker's frame may have ended the last stream after our GOAWAY: the connection is
    // done now, not when the client closes it or the idle timer fires.
    maybe_close();
    if (closed()) return;
    update_events();
    update_timer();
}

ssize_t Http2Connection::read_body(int32_t stream_id, uint8_t* buf, size_t len, uint32_t* flags) {
    Stream* s = find(stream_id);
    if (!s) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    size_t avail = s->out.size() - s->out_pos;
    size_t n = std::min(len, avail);
    if (n) memcpy(buf, s->out.data() + s->out_pos, n);
    s->out_pos += n;
    mux_.body_taken(*s, n);
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

int Http2Connection::on_stream_close(int32_t stream_id, uint32_t error_code) {
    if (!nghttp2_session_get_stream_user_data(session_, stream_id)) return 0;
    if (error_code != NGHTTP2_NO_ERROR) loop_.counters().http2_streams_reset.fetch_add(1, std::memory_order_relaxed);
    nghttp2_session_set_stream_user_data(session_, stream_id, nullptr);
    mux_.stream_closed(stream_id);  // tells the worker if it still had it; frees the stream
    return 0;
}

void Http2Connection::on_channel_lost(server::WorkerPort::Binding b) {
    if (closed()) return;
    mux_.on_channel_lost(b);
}

// --- writing and lifetime ---------------------------------------------------------------

bool Http2Connection::send_out() {
    if (closed()) return false;
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
    if (closed() || lingering()) return;
    if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_) && out_pos_ >= out_.size() &&
        !transport_->has_pending()) {
        close_now(nullptr);
    }
}

void Http2Connection::update_events() {
    if (closed()) return;
    bool want_write = out_pos_ < out_.size() || transport_->has_pending();
    uint32_t ev = uint32_t(EPOLLIN | EPOLLRDHUP) | (want_write ? uint32_t(EPOLLOUT) : 0u);
    if (ev != events_) {
        events_ = ev;
        loop_.modify(fd_, ev, this);
    }
}

void Http2Connection::update_timer() {
    if (closed()) return;
    if (out_pos_ < out_.size() || transport_->has_pending()) {
        // Output waits for the socket: the client must take some of it within http_send_timeout.
        loop_.set_timer(this, server::kTimerSend);
        return;
    }
    if (mux_.size() == 0) {
        // Before its first request the connection gets the header timeout, like HTTP/1.1.
        loop_.set_timer(this, got_request_ ? kTimerIdle : server::kTimerHeader);
        loop_.set_deadline(this, UINT64_MAX);
        return;
    }
    // Open streams: no connection timer; each request body that stops arriving is timed on
    // its own (the earliest of their deadlines is this connection's loop deadline).
    loop_.set_timer(this, kTimerNone);
    int64_t body_deadline = mux_.body_deadline_ms();
    loop_.set_deadline(this, body_deadline == INT64_MAX ? UINT64_MAX : uint64_t(body_deadline) * 1000000u);
}

void Http2Connection::on_timeout(int kind) {
    if (closed()) return;
    if (lingering()) {
        close_now(nullptr);
        return;
    }
    if (kind == server::kTimerSend) {
        // A GOAWAY could not reach a client that reads nothing.
        TRIDENT_LOG(Info, "HTTP/2 client took no bytes for http_send_timeout, closing connection");
        loop_.counters().send_timeouts.fetch_add(1, std::memory_order_relaxed);
        close_now(nullptr);
        return;
    }
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                          NGHTTP2_NO_ERROR, nullptr, 0);
    send_out();
    close_now(nullptr);
}

void Http2Connection::on_deadline(uint64_t now_ns) {
    if (closed() || lingering()) return;
    // Request bodies stalled for http_header_timeout: those streams get 408, the connection
    // and its other streams carry on.
    mux_.expire_bodies(int64_t(now_ns / 1000000u));
    flush();
}

void Http2Connection::on_shutdown() {
    if (closed()) return;
    enter(Phase::GoingAway);
    mux_.set_going_away();
    mux_.shutdown_websockets();
    mux_.end_detached();
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                          NGHTTP2_NO_ERROR, nullptr, 0);
    if (!send_out()) return;
    if (mux_.size() == 0) {
        close_now(nullptr);
        return;
    }
    update_events();
}

void Http2Connection::close_now(const char* why) {
    if (closed()) return;
    if (why) TRIDENT_LOG(Debug, "closing HTTP/2 connection: %s", why);
    enter(Phase::Closed);
    // Tell workers about every stream still in flight; nghttp2_session_del would call
    // on_stream_close too, but after this object stopped being reachable.
    mux_.close_all(true);
    loop_.unwatch(fd_);
    loop_.close(this);
}

}  // namespace trident::http2

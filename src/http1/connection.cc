#include "http1/connection.h"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <algorithm>
#include <cstring>

#include "http1/status.h"
#include "http1/websocket_connection.h"
#include "trident/http/token.h"
#include "trident/http/response_fields.h"
#include "server/addresses.h"
#include "server/protocol_select.h"
#include "stream/local_response.h"
#include "stream/request_trailers.h"
#include "stream/transition.h"
#include "trident/core/clock.h"
#include "trident/core/log.h"

namespace trident::http1 {

using server::kTimerHeader;
using server::kTimerIdle;
using server::kTimerNone;
using server::kTimerSend;

namespace {

constexpr size_t kReadChunk = 64 * 1024;
// Decoded chunk data at least this long goes to the worker as it is; shorter pieces (a
// client sending many small chunks) are gathered into one frame per read.
constexpr size_t kDirectPiece = 4096;

// Response head under construction; reused by every connection of the thread.
thread_local std::string t_head;
// A chunked body's trailer fields on their way to the worker; reused likewise.
thread_local stream::RequestTrailers t_trailers;
// Small chunks of a chunked request body gathered for one BODY frame; reused likewise.
thread_local std::string t_body;

}  // namespace

Http1Connection::Http1Connection(server::Loop& loop, server::WorkerPort& port,
                                 std::unique_ptr<server::Transport> transport, const sockaddr_storage& peer,
                                 const sockaddr_storage& local, bool h2c)
    : loop_(loop), port_(port), transport_(std::move(transport)), fd_(transport_->fd()), peer_(peer), local_(local), h2c_(h2c) {
    events_ = EPOLLIN | EPOLLRDHUP;
}

void Http1Connection::start(std::string_view initial) {
    events_ = ~0u;  // the fd's epoll registration still names the previous object
    if (!initial.empty()) {
        own_.assign(initial.data(), initial.size());
        in_data_ = own_.data();
        in_len_ = own_.size();
        in_pos_ = 0;
        process_input();
        if (closed()) return;
        stash_input();
    }
    update_events();
    update_timer();
}

Http1Connection::~Http1Connection() = default;

namespace {

// "name: value\r\n" for every field, with one resize and plain copies: four appends per
// field cost more than the fields themselves.
template <class Fields>
void append_fields(std::string& h, const Fields& fields) {
    size_t need = 0;
    for (const HeaderField& f : fields) need += f.name.size() + f.value.size() + 4;
    size_t at = h.size();
    h.resize(at + need);
    char* p = &h[at];
    for (const HeaderField& f : fields) {
        memcpy(p, f.name.data(), f.name.size());
        p += f.name.size();
        *p++ = ':';
        *p++ = ' ';
        memcpy(p, f.value.data(), f.value.size());
        p += f.value.size();
        *p++ = '\r';
        *p++ = '\n';
    }
}
// The lifecycle only moves forward: Open -> Draining -> Closing -> Lingering -> Closed, any step
// may be skipped (an abort goes straight to Closed).
bool phase_allowed(Http1Connection::Phase from, Http1Connection::Phase to) { return int(to) > int(from); }
}  // namespace

namespace {
bool request_allowed(Http1Connection::Stream::Request from, Http1Connection::Stream::Request to) {
    return from == Http1Connection::Stream::Request::Receiving && to == Http1Connection::Stream::Request::Forwarded;
}
bool response_allowed(Http1Connection::Stream::Response from, Http1Connection::Stream::Response to) {
    return int(to) > int(from);  // None -> Started -> Complete (a local answer: None -> Complete)
}
}  // namespace

void Http1Connection::Stream::set_request(Request next) {
    request = stream::transition("HTTP/1.1 request", request, next, request_allowed);
}

void Http1Connection::Stream::set_response(Response next) {
    response = stream::transition("HTTP/1.1 response", response, next, response_allowed);
}

void Http1Connection::enter(Phase next) {
    if (int(next) <= int(phase_)) return;  // already there or further
    phase_ = stream::transition("HTTP/1.1 connection", phase_, next, phase_allowed);
}

void Http1Connection::on_event(uint32_t events) {
    if (closed()) return;
    if (events & EPOLLOUT) {
        // Writable again: the client took bytes, so http_send_timeout starts over.
        if (timer_kind == kTimerSend) loop_.refresh_timer(this);
        flush_out();
        if (closed()) return;
        // Requests read before the output filled up are parsed once the client took it.
        if (read_state_ == ReadState::Head && avail() > 0 && !output_full()) {
            process_input();
            if (closed()) return;
            stash_input();
        }
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) do_read();
    if (closed()) return;
    if ((events & (EPOLLHUP | EPOLLERR)) && !(events & EPOLLIN)) {
        abort("connection error");
        return;
    }
    update_events();
    update_timer();
}

void Http1Connection::do_read() {
    // Reads go into the reactor's shared buffer when nothing is pending, and only what is
    // left unconsumed (a partial head, a body the worker channel cannot take yet) is copied
    // into the connection's own buffer: an idle connection holds no read buffer at all.
    for (;;) {
        // A handler reading its body slowly: the client's bytes stay in the socket (TCP pushes
        // back), not in our buffer.
        if (body_held()) break;
        if (avail() == 0) reset_input();
        // Never buffer more than one head plus one read chunk: the parser answers 431 past
        // the head limit, and bodies are forwarded as they come.
        if (avail() >= loop_.config().http_max_header_size + kReadChunk) break;
        // With input pending (own_) the read still goes into the shared buffer and only the n
        // bytes read are appended: growing own_ by a whole read chunk first would leave every
        // connection with a partial head (a slowloris client) holding 64 KiB of capacity.
        bool shared = avail() == 0;
        char* dst = loop_.read_buffer();
        ssize_t n = transport_->read(dst, kReadChunk);
        if (n > 0) {
            if (lingering()) {
                reset_input();
                continue;
            }
            if (shared) {
                in_data_ = dst;
                in_len_ = size_t(n);
                in_pos_ = 0;
            } else {
                own_.append(dst, size_t(n));
                in_data_ = own_.data();
                in_len_ = own_.size();
            }
            process_input();
            if (closed()) return;
            stash_input();
            // A short read drains a plain socket; TLS may still hold decrypted records.
            if (size_t(n) < kReadChunk && !transport_->is_tls()) break;
            continue;
        }
        if (n == 0) {
            peer_closed_ = true;
            break;
        }
        if (n == server::Transport::kAgain) break;
        abort(transport_->error().c_str());
        return;
    }
    // A TLS transport may have produced records (handshake, alerts) while reading.
    if (transport_->has_pending()) flush_out();
    if (closed()) return;
    if (lingering()) {
        if (peer_closed_) {
            enter(Phase::Closed);
            loop_.unwatch(fd_);
            loop_.close(this);
        }
        return;
    }
    if (peer_closed_) {
        // The client is gone (or half-closed, which HTTP/1.1 clients do not do): requests in
        // flight are cancelled and their workers told, responses would go nowhere.
        bool busy = false;
        for (auto& s : streams_) busy |= !s.response_done();
        if (busy) loop_.counters().client_aborts.fetch_add(1, std::memory_order_relaxed);
        abort(nullptr);
    }
}

// h2c with prior knowledge (RFC 9113 3.3): the connection starts with the HTTP/2 preface.
void Http1Connection::upgrade_to_h2() {
    enter(Phase::Closed);  // this object is done; the socket now belongs to HTTP/2
    server::switch_to_http2(loop_, port_, this, std::move(transport_), peer_, local_,
                            std::string_view(in_data_ + in_pos_, avail()));
    reset_input();
}

void Http1Connection::reset_input() {
    // Release, not clear(): the capacity a large head or a held-back body needed would
    // otherwise stay with the connection for as long as it lives.
    std::string().swap(own_);
    in_data_ = nullptr;
    in_len_ = 0;
    in_pos_ = 0;
}

void Http1Connection::stash_input() {
    if (avail() == 0) {
        reset_input();
        return;
    }
    if (in_data_ != own_.data()) {
        own_.assign(in_data_ + in_pos_, avail());
    } else if (in_pos_ > 0) {
        own_.erase(0, in_pos_);
    }
    in_data_ = own_.data();
    in_len_ = own_.size();
    in_pos_ = 0;
}

void Http1Connection::process_input() {
    while (!closed()) {
        if (read_state_ == ReadState::Head) {
            if (draining() || closing() || upgrade_pending_) break;
            if (streams_.size() >= size_t(loop_.config().http_max_pipeline)) break;
            if (output_full()) break;
            if (avail() == 0) break;
            if (next_stream_id_ == 1 && h2c_) {
                int h2 = server::http2_preface(in_data_ + in_pos_, avail());
                if (h2 == 0) break;  // could still be the preface: wait for more bytes
                if (h2 > 0) {
                    upgrade_to_h2();
                    return;
                }
            }
            Limits limits;
            limits.max_header_bytes = loop_.config().http_max_header_size;
            RequestHead head;
            ParseError err;
            long r = parse_request_head(in_data_ + in_pos_, avail(), limits, head, err);
            if (r == 0) break;
            if (r < 0) {
                reject(err.status, err.message);
                break;
            }
            if (!start_request(head, size_t(r))) break;
        } else {
            if (!forward_body()) break;
        }
    }
}

bool Http1Connection::start_request(const RequestHead& head, size_t head_len) {
    const server::ServerConfig& cfg = loop_.config();
    if (head.form == TargetForm::Authority) {
        // CONNECT (the only method the parser lets have this form) asks for a tunnel, which
        // this server does not open. Bytes after the head are tunnel data, not requests, so
        // the connection closes after the answer.
        in_pos_ += head_len;
        reject(501, "CONNECT is not supported");
        return false;
    }
    Stream ws;
    if (head.connection_upgrade) {
        const int w = check_websocket(head, head_len, ws);
        if (w == -1 || w == -2) return false;
        ws.websocket = w == 1;
    }
    if (ws.websocket) {
        streams_.push_back(std::move(ws));
    } else {
        streams_.emplace_back();
    }
    Stream& s = streams_.back();
    s.id = next_stream_id_++;
    s.minor = uint8_t(head.version_minor);
    s.head_method = head.method == "HEAD";
    s.keep_alive = head.keep_alive && !loop_.shutting_down();
    s.expect_continue = head.expect_continue && head.version_minor == 1;
    if (!s.keep_alive) enter(Phase::Draining);

    body_total_ = 0;
    body_rate_.restart();
    if (head.chunked) {
        body_mode_ = BodyMode::Chunked;
        chunked_ = ChunkedDecoder(cfg.http_max_header_size);
    } else if (head.content_length > 0) {
        if (uint64_t(head.content_length) > cfg.package_max_length) {
            streams_.pop_back();
            in_pos_ += head_len;
            reject(413, "Request body larger than package_max_length");
            return false;
        }
        body_mode_ = BodyMode::Length;
        body_remaining_ = uint64_t(head.content_length);
    } else {
        body_mode_ = BodyMode::None;
    }

    ipc::RequestHeadIn in;
    in.conn.protocol = head.version_minor == 0 ? ipc::Protocol::Http10 : ipc::Protocol::Http11;
    server::fill_addresses(in.conn, peer_, local_);
    in.method = head.method;
    in.scheme = transport_->is_tls() ? "https" : "http";
    if (transport_->is_tls()) in.conn.flags |= ipc::kRequestFlagTls;
    if (s.websocket) {
        in.conn.flags |= ipc::kRequestFlagWebSocket;
        upgrade_pending_ = true;
    }
    // The application sees the request as if it came in origin-form, whatever form it had:
    // the path of an absolute-form target, its authority as the host (the parser put it in
    // the Host field too).
    static thread_local std::string origin_scratch;
    in.authority = head.host;
    in.target = origin_form(head, origin_scratch);
    in.headers = head.headers;
    in.header_count = head.header_count;
    if (ipc::request_head_size(in) > ipc::kMaxPayload) {
        streams_.pop_back();
        in_pos_ += head_len;
        reject(431, "Request header fields too large");
        return false;
    }
    uint8_t* payload = loop_.scratch();
    size_t plen = ipc::encode_request_head(in, payload, ipc::kMaxPayload);
    // The head's views point into in_: consume it only after encoding.
    in_pos_ += head_len;

    bool end = body_mode_ == BodyMode::None;
    if (end) s.set_request(Stream::Request::Forwarded);
    // A streamed body is read by the handler at its own pace: the worker credits what it read.
    if (!end && cfg.http_body_streaming) s.body_window = stream::InboundWindow(cfg.input_window_size);
    read_state_ = end ? ReadState::Head : ReadState::Body;
    loop_.counters().requests_total.fetch_add(1, std::memory_order_relaxed);
    loop_.counters().requests_http1.fetch_add(1, std::memory_order_relaxed);

    s.record.capture(loop_, server::kLatencyProtocolHttp1, payload, plen, session_id, s.id);
    opened(s, s.link.open(port_, session_id, s.id, payload, plen, end));
    return true;
}

int Http1Connection::check_websocket(const RequestHead& head, size_t head_len, Stream& ws) {
    websocket::UpgradeRequest ur;
    ur.method = head.method;
    ur.version_minor = head.version_minor;
    ur.headers = head.headers;
    ur.header_count = head.header_count;
    const websocket::HandshakeResult hr = websocket::check_upgrade_request(ur);
    // Another protocol (h2c, TLS/1.0, ...): served as plain HTTP, the Upgrade ignored.
    if (hr.error == websocket::HandshakeError::NotWebSocket) return 0;
    if (hr.ok() && (head.chunked || head.content_length > 0)) {
        in_pos_ += head_len;
        reject(400, "WebSocket upgrade with a request body");
        return -1;
    }
    if (!hr.ok()) {
        in_pos_ += head_len;
        loop_.counters().websocket_upgrades_refused.fetch_add(1, std::memory_order_relaxed);
        if (hr.error == websocket::HandshakeError::BadVersion) {
            reject(hr.status, websocket::describe(hr.error), "Sec-WebSocket-Version: 13\r\n");
        } else {
            reject(hr.status, websocket::describe(hr.error));
        }
        return -1;
    }
    // Bytes after the head belong to the WebSocket, which starts only once the responses
    // before it are out: the head is parsed again then.
    if (!streams_.empty()) return -2;
    if (!websocket::compute_accept_key(hr.key, ws.accept_key)) {
        in_pos_ += head_len;
        reject(500, "Internal Server Error");
        return -1;
    }
    if (loop_.config().websocket_compression) {
        ws.deflate = websocket::negotiate_deflate(head.headers, head.header_count, websocket::DeflateConfig{},
                                                  ws.deflate_params);
    }
    return 1;
}

void Http1Connection::opened(Stream& s, stream::WorkerLink::Opened r) {
    if (r == stream::WorkerLink::Opened::Waiting) return;  // on_dispatch_ready() resumes
    if (r == stream::WorkerLink::Opened::Failed) {
        local_response(s, 502, "Bad Gateway");
        s.keep_alive = false;
        enter(Phase::Draining);
        advance();
        return;
    }
    if (s.expect_continue && &s == &streams_.front() && !s.response_started()) {
        static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        write_out(std::string_view(kContinue, sizeof kContinue - 1), {});
    }
}

bool Http1Connection::forward_body() {
    Stream& s = streams_.back();
    if (!s.link.dispatched()) {
        body_rate_.restart();  // waiting for a worker is not the client's slowness
        return false;          // on_dispatch_ready() resumes
    }
    if (s.response_done()) {
        // The stream failed (worker lost, rejected): the body cannot be trusted to end where
        // we think, so this connection takes no more requests.
        enter(Phase::Draining);
        read_state_ = ReadState::Head;
        return false;
    }
    server::WorkerPort::Binding b = s.link.binding();
    if (!port_.alive(b)) return false;  // on_channel_lost() answers it
    if (port_.congested(b)) {
        body_rate_.restart();
        port_.wait_for_drain(b, session_id);
        return false;
    }
    if (!s.body_window.open()) {
        // The handler has input_window_size unread: STREAM_CREDIT resumes us (body_credit()).
        body_rate_.restart();
        return false;
    }
    size_t avail = this->avail();
    if (body_mode_ == BodyMode::Length) {
        if (avail == 0) return false;
        size_t n = avail < body_remaining_ ? avail : size_t(body_remaining_);
        bool end = n == body_remaining_;
        if (!body_rate_ok(n)) return false;
        if (!send_body_piece(s, in_data_ + in_pos_, n, end)) return false;
        in_pos_ += n;
        body_remaining_ -= n;
        loop_.refresh_timer(this);
        if (end) {
            s.set_request(Stream::Request::Forwarded);
            read_state_ = ReadState::Head;
        }
        return true;
    }
    // Chunked: decode all that is buffered. Many small chunks become one BODY frame (one
    // frame per chunk made a body of 1-byte chunks cost ~200x the CPU of the same bytes in
    // one piece); large chunk data is forwarded without a copy.
    std::string& gathered = t_body;
    gathered.clear();
    size_t consumed_total = 0;
    ChunkedDecoder::Status st;
    for (;;) {
        size_t consumed = 0;
        std::string_view piece;
        st = chunked_.decode(in_data_ + in_pos_, this->avail(), consumed, piece);
        in_pos_ += consumed;
        consumed_total += consumed;
        if (st == ChunkedDecoder::Status::Error) {
            reject(400, chunked_.error());
            return false;
        }
        if (!piece.empty()) {
            body_total_ += piece.size();
            if (body_total_ > loop_.config().package_max_length) {
                reject(413, "Request body larger than package_max_length");
                return false;
            }
            if (piece.size() >= kDirectPiece) {
                if (!gathered.empty() && !send_body_piece(s, gathered.data(), gathered.size(), false)) return false;
                gathered.clear();
                if (!send_body_piece(s, piece.data(), piece.size(), false)) return false;
            } else {
                gathered.append(piece.data(), piece.size());
            }
        }
        if (st == ChunkedDecoder::Status::Done || (consumed == 0 && piece.empty())) break;
    }
    if (!gathered.empty() && !send_body_piece(s, gathered.data(), gathered.size(), false)) return false;
    if (consumed_total > 0) {
        if (!body_rate_ok(consumed_total)) return false;
        loop_.refresh_timer(this);
    }
    if (st == ChunkedDecoder::Status::Done) {
        if (!send_body_end(s, b)) return false;
        s.set_request(Stream::Request::Forwarded);
        read_state_ = ReadState::Head;
        return true;
    }
    return false;  // everything buffered is consumed: wait for more input
}

// The chunked body ended: its trailer fields (the shared stream::RequestTrailers rules) go as
// REQUEST_TRAILERS, which ends the body, or REQUEST_END when there are none to send.
bool Http1Connection::send_body_end(Stream& s, server::WorkerPort::Binding b) {
    if (!chunked_.has_trailers()) {
        port_.send_end(b, session_id, s.id);
        return true;
    }
    stream::RequestTrailers& t = t_trailers;
    // The decoder already held the raw section to http_max_header_size (as a head is held);
    // the per-field measure of HTTP/2 and HTTP/3 is not applied on top of it.
    t.clear(SIZE_MAX);
    size_t pos = 0;
    std::string_view name, value;
    while (chunked_.next_trailer(pos, name, value)) t.add(name, value);
    if (t.too_large()) {
        reject(400, "trailer section too large");
        return false;
    }
    if (t.any()) t.send(port_, b, session_id, s.id);
    else port_.send_end(b, session_id, s.id);
    return true;
}

bool Http1Connection::body_rate_ok(size_t bytes) {
    uint64_t rate = loop_.config().http_body_min_rate;
    int64_t now = monotonic_ms();
    if (body_rate_.arrived(bytes, now, rate)) return true;
    TRIDENT_LOG(Info, "request body at %llu bytes in %lld ms, below http_body_min_rate (%llu/s)",
                (unsigned long long)body_rate_.window_bytes(), (long long)body_rate_.window_ms(now),
                (unsigned long long)rate);
    reject(408, "Request body too slow");
    return false;
}

bool Http1Connection::send_body_piece(Stream& s, const char* data, size_t len, bool end) {
    if (!port_.send_body(s.link.binding(), session_id, s.id, data, len, end)) return false;
    s.body_window.sent(len);
    return true;
}

void Http1Connection::body_credit(Stream& s, const ipc::FrameHeader& h, const uint8_t* payload) {
    uint32_t bytes = 0;
    if (ipc::decode_stream_credit(h, payload, bytes) != ipc::DecodeError::None) {
        TRIDENT_LOG(Warning, "malformed STREAM_CREDIT dropped");
        return;
    }
    if (!s.body_window.credited(bytes) || &s != &streams_.back() || read_state_ != ReadState::Body) return;
    // The handler read enough: what is buffered moves on, and the socket is read again.
    body_rate_.restart();
    process_input();
    if (closed()) return;
    stash_input();
    update_events();
    update_timer();
}

void Http1Connection::reject(int status, const char* message, std::string_view extra) {
    loop_.counters().bad_requests.fetch_add(1, std::memory_order_relaxed);
    TRIDENT_LOG(Info, "rejecting request with %d: %s", status, message);
    // A request whose body we were reading gets the error in its own place; otherwise the
    // error answers a new (unparseable) request after the ones before it.
    Stream* s = nullptr;
    if (read_state_ == ReadState::Body && !streams_.empty()) {
        s = &streams_.back();
        ipc::ResetCode why = status == 413   ? ipc::ResetCode::BodyTooLarge
                             : status == 408 ? ipc::ResetCode::BodyTimeout
                                             : ipc::ResetCode::BadBody;
        s->link.reset(port_, session_id, s->id, why);
        if (s->response_started()) {
            abort_by_server("request body error after the response started");
            return;
        }
    } else {
        streams_.emplace_back();
        s = &streams_.back();
        s->id = next_stream_id_++;
    }
    read_state_ = ReadState::Head;
    enter(Phase::Draining);
    s->keep_alive = false;
    local_response(*s, status, message, extra);
    advance();
}

void Http1Connection::local_response(Stream& s, int status, const char* message, std::string_view extra) {
    let_go(s);
    stream::LocalResponse r(status, message, loop_.http_date(), /*lower_case=*/false);
    std::string& h = t_head;
    h.clear();
    h.append(s.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ");
    h.append(status_line(status));
    h.append("\r\n");
    append_fields(h, r.fields());
    h.append(extra);
    // A refused WebSocket upgrade ends the connection: the client may already be sending frames.
    if (s.websocket) s.keep_alive = false;
    if (!s.keep_alive || (status >= 500 && !s.request_done())) {
        s.keep_alive = false;
        h.append("Connection: close\r\n");
    }
    h.append("\r\n");
    // A previous partial response cannot be followed by another head: drop what is buffered.
    s.out.clear();
    emit(s, h, s.head_method ? std::string_view() : r.body());
    s.set_response(Stream::Response::Complete);
    loop_.counters().responses_total.fetch_add(1, std::memory_order_relaxed);
    s.record.status = uint16_t(status);
    if (!s.head_method) s.record.bytes += r.body().size();
    if (!s.record.request && loop_.access_log()) {
        ipc::ConnectionInfo ci;
        ci.protocol = s.minor == 0 ? ipc::Protocol::Http10 : ipc::Protocol::Http11;
        server::fill_addresses(ci, peer_, local_);
        s.record.capture_peer(loop_, ci, session_id, s.id);
    }
    s.record.finish(loop_, server::kLatencyProtocolHttp1);
}

Http1Connection::Stream* Http1Connection::find_stream(int64_t id) {
    for (auto& s : streams_) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

void Http1Connection::on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) {
    Stream* s = find_stream(h.stream_id);
    if (h.type == ipc::FrameType::StreamDetach) {
        if (s != nullptr) {
            detach(*s, h, payload);
        } else {
            // Gone already: refused (the worker keeps nothing waiting).
            loop_.counters().stale_frames_dropped.fetch_add(1, std::memory_order_relaxed);
        }
        return;
    }
    if (h.type == ipc::FrameType::StreamCredit) {
        // Credit races the request's end: for a stream that is gone it is simply not needed.
        if (s != nullptr && !s->response_done()) body_credit(*s, h, payload);
        return;
    }
    if (s == nullptr || s->response_done()) {
        loop_.counters().stale_frames_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    bool end = (h.flags & ipc::kFlagEndStream) != 0;
    switch (h.type) {
        case ipc::FrameType::ResponseHead:
            if (s->response_started()) break;
            if (h.flags & ipc::kFlagInterim) {
                response_interim(*s, payload, len);
                break;
            }
            if (h.flags & ipc::kFlagUpgradeAccepted) {
                accept_websocket(*s, h, payload, len);
                return;  // handed over to the WebSocket, or answered and closing
            }
            response_head(*s, payload, len, end);
            break;
        case ipc::FrameType::ResponseBody:
            if (!s->response_started()) break;
            if (!end) s->unacked += len;
            response_body(*s, payload, len, end);
            break;
        case ipc::FrameType::ResponseEnd:
            if (!s->response_started()) break;
            response_body(*s, nullptr, 0, true);
            break;
        case ipc::FrameType::ResponseTrailers:
            if (!s->response_started()) break;
            response_trailers(*s, payload, len);
            break;
        case ipc::FrameType::StreamReset:
            if (!s->response_started()) {
                local_response(*s, 500, "Internal Server Error");
            } else {
                abort_by_server("worker reset a started response");
                return;
            }
            break;
        default:
            TRIDENT_LOG(Warning, "unexpected frame type %d from a worker", int(h.type));
            return;
    }
    if (closed()) return;
    advance();
    if (closed()) return;
    update_events();
    update_timer();
}

// 103 Early Hints and the like (RFC 9110 15.2): a status line and the handler's fields under
// the shared policy, no Date, no framing; behind pipelined responses it waits in order with
// the stream's output. HTTP/1.0 has no interim responses (the worker does not send them).
void Http1Connection::response_interim(Stream& s, const uint8_t* payload, size_t len) {
    ipc::ResponseHeadView v;
    if (s.minor == 0 || ipc::decode_response_head(payload, len, v) != ipc::DecodeError::None ||
        !ipc::is_interim_status(v.status)) {
        TRIDENT_LOG(Error, "worker sent a malformed interim RESPONSE_HEAD");
        return;
    }
    std::string& h = t_head;
    h.clear();
    h.append("HTTP/1.1 ").append(status_line(v.status)).append("\r\n");
    static thread_local http::ResponseFields rf;
    http::ResponseFields::Head policy;
    policy.names = http::ResponseFields::NameCase::AsGiven;
    rf.build(v, policy);
    append_fields(h, rf.fields());
    h.append("\r\n");
    emit(s, h, {});
    loop_.counters().interim_responses.fetch_add(1, std::memory_order_relaxed);
}

void Http1Connection::response_head(Stream& s, const uint8_t* payload, size_t len, bool end) {
    ipc::ResponseHeadView v;
    if (ipc::decode_response_head(payload, len, v) != ipc::DecodeError::None) {
        TRIDENT_LOG(Error, "worker sent a malformed RESPONSE_HEAD");
        local_response(s, 502, "Bad Gateway");
        return;
    }
    int status = v.status;
    s.record.status = uint16_t(status);
    s.no_body = s.head_method || status < 200 || status == 204 || status == 304;
    std::string_view reason;
    {
        auto rc = v.headers();
        HeaderField rf;
        while (rc.next(rf)) {
            if (rf.name == ":reason") reason = rf.value;
        }
    }
    std::string& h = t_head;
    h.clear();
    h.append(s.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ");
    if (reason.empty()) {
        h.append(status_line(status));
    } else {
        h.append(std::to_string(status)).append(" ").append(reason);
    }
    h.append("\r\n");
    // The field policy shared with HTTP/2 and HTTP/3 (names as the handler spelled them);
    // framing and connection management on top of it are HTTP/1.1's.
    static thread_local http::ResponseFields rf;
    http::ResponseFields::Head policy;
    policy.complete = end;
    policy.head_method = s.head_method;
    policy.date = loop_.http_date();
    policy.alt_svc = listener ? std::string_view(listener->alt_svc) : std::string_view();
    policy.names = http::ResponseFields::NameCase::AsGiven;
    rf.build(v, policy);
    append_fields(h, rf.fields());
    if (rf.close_requested()) s.keep_alive = false;
    if (s.websocket) {
        // The handler answered the upgrade like a plain request: it refused it.
        s.keep_alive = false;
        loop_.counters().websocket_upgrades_refused.fetch_add(1, std::memory_order_relaxed);
    }
    if (!end && !http::ResponseFields::bodyless_status(status) && rf.content_length().empty()) {
        if (s.minor >= 1) {
            if (!s.head_method) {
                s.chunked = true;
                h.append("Transfer-Encoding: chunked\r\n");
            }
        } else {
            // HTTP/1.0 has no chunked coding: the end of the body is the end of the connection.
            s.keep_alive = false;
        }
    }
    if (loop_.shutting_down()) s.keep_alive = false;
    if (!s.keep_alive) {
        enter(Phase::Draining);
        h.append("Connection: close\r\n");
    } else if (s.minor == 0) {
        h.append("Connection: keep-alive\r\n");
    }
    h.append("\r\n");
    s.set_response(Stream::Response::Started);
    std::string_view body = s.no_body ? std::string_view() : v.body;
    s.record.bytes += body.size();
    if (s.chunked && !body.empty()) {
        char sz[24];
        int n = snprintf(sz, sizeof sz, "%zx\r\n", body.size());
        h.append(sz, size_t(n));
        emit(s, h, body);
        emit(s, end ? std::string_view("\r\n0\r\n\r\n") : std::string_view("\r\n"));
    } else if (s.chunked && end) {
        h.append("0\r\n\r\n");
        emit(s, h, {});
    } else {
        emit(s, h, body);
    }
    if (end) complete(s);
}

// The worker accepted the upgrade: the registry id first (the upgrade fails without one), then
// the 101, then the socket becomes the WebSocket's. The upgrade stream is the only one: nothing
// was parsed after it, and it started only once the responses before it were complete.
void Http1Connection::accept_websocket(Stream& s, const ipc::FrameHeader& h, const uint8_t* payload, size_t len) {
    ipc::FrameHeader fh = h;
    fh.length = uint32_t(len);
    ipc::ResponseHeadView v;
    if (!s.websocket || &s != &streams_.front() || ipc::decode_upgrade_accept(fh, payload, v) != ipc::DecodeError::None) {
        TRIDENT_LOG(Error, "worker sent a malformed WebSocket accept");
        s.link.reset(port_, session_id, s.id, ipc::ResetCode::Internal);
        s.keep_alive = false;
        local_response(s, 502, "Bad Gateway");
    } else if (uint64_t id = port_.open_websocket(s.link.binding(), session_id, s.id, 0, ipc::Protocol::Http11);
               id == 0) {
        TRIDENT_LOG(Warning, "WebSocket refused: max_websocket_connections reached");
        loop_.counters().websocket_upgrades_refused.fetch_add(1, std::memory_order_relaxed);
        s.link.reset(port_, session_id, s.id, ipc::ResetCode::Refused);
        local_response(s, 503, "Too many WebSocket connections");
    } else {
        std::string& out = t_head;
        out.assign("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ");
        out.append(s.accept_key, sizeof s.accept_key).append("\r\n");
        if (s.deflate) out.append("Sec-WebSocket-Extensions: ").append(websocket::deflate_response(s.deflate_params)).append("\r\n");
        // The handler's own fields (Sec-WebSocket-Protocol, Set-Cookie, ...), without those the
        // handshake or the framing own.
        auto cur = v.headers();
        HeaderField f;
        while (cur.next(f)) {
            if (f.name.empty() || f.name[0] == ':' || http::iequals_ascii(f.name, "upgrade") ||
                http::iequals_ascii(f.name, "connection") || http::iequals_ascii(f.name, "sec-websocket-accept") ||
                http::iequals_ascii(f.name, "sec-websocket-extensions") || http::iequals_ascii(f.name, "content-length") ||
                http::iequals_ascii(f.name, "transfer-encoding") || http::iequals_ascii(f.name, "keep-alive")) {
                continue;
            }
            out.append(f.name).append(": ").append(f.value).append("\r\n");
        }
        out.append("\r\n");
        WebSocketConnection::Accepted a;
        a.id = id;
        a.owner = s.link.binding();
        a.deflate = s.deflate;
        a.deflate_params = s.deflate_params;
        s.set_response(Stream::Response::Complete);
        let_go(s);
        loop_.counters().responses_total.fetch_add(1, std::memory_order_relaxed);
        s.record.status = 101;
        s.record.finish(loop_, server::kLatencyProtocolHttp1);
        streams_.clear();
        // The 101 goes out behind anything still unwritten, from the WebSocket connection.
        const std::string pending = out_.substr(out_pos_) + out;
        const std::string input(in_data_ ? in_data_ + in_pos_ : "", avail());
        reset_input();
        enter(Phase::Closed);  // this object is done; the socket now carries the WebSocket
        auto* ws = new WebSocketConnection(loop_, port_, std::move(transport_), a);
        loop_.hand_over(this, ws);
        ws->start(pending, input);
        return;
    }
    if (closed()) return;
    advance();
    if (closed()) return;
    update_events();
    update_timer();
}

void Http1Connection::response_body(Stream& s, const uint8_t* data, size_t len, bool end) {
    // A detached response has no credit window (any worker writes it): a client that lets
    // 4 MiB pile up is cut off instead.
    if (s.detached_id != 0) {
        const size_t unsent = s.out.size() + (&s == &streams_.front() ? out_.size() - out_pos_ : 0);
        if (unsent + len > kMaxDetachedUnsent) {
            TRIDENT_LOG(Info, "detached response %llu: the client let %zu bytes pile up, closing",
                        (unsigned long long)s.detached_id, unsent);
            loop_.counters().send_timeouts.fetch_add(1, std::memory_order_relaxed);
            abort_by_server("detached response's client too slow");
            return;
        }
    }
    std::string_view body(reinterpret_cast<const char*>(data), len);
    if (s.no_body) body = {};
    s.record.bytes += body.size();
    if (s.chunked) {
        if (!body.empty()) {
            char sz[24];
            int n = snprintf(sz, sizeof sz, "%zx\r\n", body.size());
            emit(s, std::string_view(sz, size_t(n)), body);
            emit(s, end ? std::string_view("\r\n0\r\n\r\n") : std::string_view("\r\n"));
        } else if (end) {
            emit(s, "0\r\n\r\n");
        }
    } else if (!body.empty()) {
        emit(s, body);
    }
    if (end) complete(s);
}

void Http1Connection::response_trailers(Stream& s, const uint8_t* payload, size_t len) {
    ipc::ResponseHeadView v;
    if (!s.chunked || s.no_body || ipc::decode_response_trailers(payload, len, v) != ipc::DecodeError::None) {
        // Only the chunked coding can carry trailers (RFC 9112 7.1.2); otherwise just end.
        response_body(s, nullptr, 0, true);
        return;
    }
    std::string t = "0\r\n";
    auto cur = v.headers();
    HeaderField f;
    while (cur.next(f)) t.append(f.name).append(": ").append(f.value).append("\r\n");
    t.append("\r\n");
    emit(s, t);
    complete(s);
}

void Http1Connection::emit(Stream& s, std::string_view a, std::string_view b) {
    if (!streams_.empty() && &s == &streams_.front()) {
        write_out(a, b);
    } else {
        s.out.append(a.data(), a.size());
        s.out.append(b.data(), b.size());
    }
}

// Response backpressure: the worker may have Worker::kResponseWindow bytes of a response in
// flight; once the front stream's bytes have all reached the socket they are credited back,
// in batches, so a client that stops reading stops its handler instead of growing our buffers.
void Http1Connection::credit_front() {
    if (streams_.empty() || out_pos_ < out_.size() || transport_->has_pending()) return;
    Stream& s = streams_.front();
    if (s.unacked == 0) return;
    // A detached response's writers (any worker) were charged per stream in the registry.
    if (s.detached_id != 0) port_.push_credit_returned(s.detached_id, s.unacked);
    else s.link.taken(port_, session_id, s.id, s.unacked);
    s.unacked = 0;
}

// The stream needs no worker any more: it stops counting in a worker's load, or stops waiting
// for one.
void Http1Connection::let_go(Stream& s) {
    if (s.link.active()) s.link.release(port_);
    else s.link.forget();
}

void Http1Connection::release_detached(Stream& s) {
    if (s.detached_id == 0) return;
    port_.release_stream(s.detached_id);
    s.detached_id = 0;
}

// The handler hands its response to the registry; from now on any worker writes it (the
// frames reach on_worker_frame under this stream's id) and its worker is done with it.
void Http1Connection::detach(Stream& s, const ipc::FrameHeader& h, const uint8_t* payload) {
    uint8_t kind = 0;
    ipc::FrameHeader fh = h;
    const bool ok = ipc::decode_stream_detach(fh, payload, kind) == ipc::DecodeError::None;
    const ipc::Protocol proto = s.minor == 0 ? ipc::Protocol::Http10 : ipc::Protocol::Http11;
    if (!ok || !s.link.active() || !s.response_started() || s.response_done() || s.detached_id != 0) {
        if (s.link.active()) port_.detach_stream(s.link.binding(), session_id, s.id, 0, proto);  // answers 0
        return;
    }
    const uint64_t id = port_.detach_stream(s.link.binding(), session_id, s.id, kind, proto);
    if (id == 0) return;
    s.detached_id = id;
    let_go(s);  // no credit and no reset for the request from now on
}

void Http1Connection::complete(Stream& s) {
    s.set_response(Stream::Response::Complete);
    release_detached(s);
    let_go(s);
    loop_.counters().responses_total.fetch_add(1, std::memory_order_relaxed);
    s.record.finish(loop_, server::kLatencyProtocolHttp1);
}

void Http1Connection::advance() {
    while (!closed() && !streams_.empty() && streams_.front().response_done()) {
        Stream& s = streams_.front();
        if (!s.request_done() && read_state_ == ReadState::Body && streams_.size() == 1) {
            // Answered before its body arrived (e.g. 413): the rest of the body cannot be
            // skipped safely, so the connection closes after this response.
            s.keep_alive = false;
        }
        // A response whose head went out before the shutdown began still said keep-alive;
        // the connection closes once it is complete (otherwise it idles in Draining until
        // max_wait_time, holding the server's drain open).
        bool keep = s.keep_alive && !loop_.shutting_down();
        streams_.pop_front();
        if (!keep) {
            // Later pipelined requests are never answered: the client sees the close.
            for (auto& later : streams_) {
                later.link.reset(port_, session_id, later.id, ipc::ResetCode::Refused);
                later.link.forget();
            }
            streams_.clear();
            begin_close();
            return;
        }
        if (!streams_.empty()) {
            Stream& next = streams_.front();
            if (!next.out.empty()) {
                std::string pending;
                pending.swap(next.out);
                write_out(pending, {});
            } else if (next.expect_continue && next.link.dispatched() && !next.response_started()) {
                static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
                write_out(std::string_view(kContinue, sizeof kContinue - 1), {});
            }
        }
    }
    if (!closed() && !closing() && !draining()) process_input();
}

void Http1Connection::write_out(std::string_view a, std::string_view b) {
    if (closed() || lingering()) return;
    if (out_pos_ < out_.size()) {
        out_.append(a.data(), a.size());
        out_.append(b.data(), b.size());
        return;
    }
    out_.clear();
    out_pos_ = 0;
    iovec iov[2] = {{const_cast<char*>(a.data()), a.size()}, {const_cast<char*>(b.data()), b.size()}};
    int cnt = b.empty() ? 1 : 2;
    size_t total = a.size() + b.size();
    ssize_t n = transport_->has_pending() ? server::Transport::kAgain : transport_->writev(iov, cnt);
    if (n < 0) {
        if (n == server::Transport::kError) {
            loop_.counters().client_aborts.fetch_add(1, std::memory_order_relaxed);
            abort(transport_->error().c_str());
            return;
        }
        n = 0;
    }
    size_t w = size_t(n);
    if (w == total) {
        if (transport_->has_pending()) update_events();
        else credit_front();
        return;
    }
    if (w < a.size()) {
        out_.append(a.data() + w, a.size() - w);
        out_.append(b.data(), b.size());
    } else {
        size_t wb = w - a.size();
        out_.append(b.data() + wb, b.size() - wb);
    }
    update_events();
}

void Http1Connection::flush_out() {
    if (transport_->has_pending()) {
        ssize_t f = transport_->flush();
        if (f == server::Transport::kError) {
            abort(transport_->error().c_str());
            return;
        }
        if (transport_->has_pending()) return;
    }
    while (out_pos_ < out_.size()) {
        iovec iov{&out_[out_pos_], out_.size() - out_pos_};
        ssize_t n = transport_->writev(&iov, 1);
        if (n == server::Transport::kAgain) return;
        if (n < 0) {
            abort(transport_->error().c_str());
            return;
        }
        out_pos_ += size_t(n);
        if (transport_->has_pending()) return;
    }
    out_.clear();
    out_pos_ = 0;
    credit_front();
    if (closing() && streams_.empty()) begin_close();
}

void Http1Connection::begin_close() {
    enter(Phase::Closing);
    if (out_pos_ < out_.size() || transport_->has_pending()) {
        update_events();
        return;
    }
    // Lingering close: shut our side, read and drop what the client still sends, so unread
    // input does not turn into a RST that destroys the response before the client reads it.
    enter(Phase::Lingering);
    transport_->shutdown_write();
    reset_input();
    loop_.set_timer(this, kTimerNone);
    loop_.set_timer(this, kTimerHeader);
    update_events();
}

void Http1Connection::update_events() {
    if (closed()) return;
    bool want_read = lingering() || (!closing() && !peer_closed_);
    // Stop reading while the pipeline is full: TCP flow control then pushes back on the client.
    // So does output the client leaves unread.
    if (!lingering() && read_state_ == ReadState::Head &&
        (draining() || streams_.size() >= size_t(loop_.config().http_max_pipeline) || output_full())) {
        want_read = false;
    }
    // So does a handler that reads its body slower than the client sends it.
    if (!lingering() && body_held()) want_read = false;
    bool want_write = output_pending();
    uint32_t ev = (want_read ? uint32_t(EPOLLIN | EPOLLRDHUP) : 0u) | (want_write ? uint32_t(EPOLLOUT) : 0u);
    // Reading resumes: what a TLS session decrypted while we were paused raises no epoll event.
    if (want_read && !(events_ & EPOLLIN) && events_ != ~0u && transport_->is_tls()) loop_.wake(this);
    if (ev != events_) {
        events_ = ev;
        loop_.modify(fd_, ev, this);
    }
}

void Http1Connection::update_timer() {
    if (closed() || lingering()) return;
    if (read_state_ == ReadState::Body && !body_held()) {
        // Between body reads (a client still uploading may not be reading its response yet).
        loop_.set_timer(this, kTimerHeader);
    } else if (output_pending()) {
        // The client must take our output: re-armed by every write that makes progress.
        loop_.set_timer(this, kTimerSend);
    } else if (!streams_.empty()) {
        // A response is being computed. A partial pipelined head behind it is timed only once
        // it is that request's turn: the client may reasonably wait for the answer first.
        loop_.set_timer(this, kTimerNone);
    } else if (avail() > 0 && !draining()) {
        loop_.set_timer(this, kTimerHeader);
    } else {
        // Until its first request a connection gets the header timeout, not the idle one
        // (also after a TLS handshake): connecting costs a client nothing.
        bool first = next_stream_id_ == 1;
        loop_.set_timer(this, (draining() || first) ? kTimerHeader : kTimerIdle);
    }
}

void Http1Connection::on_channel_lost(server::WorkerPort::Binding b) {
    if (closed()) return;
    bool lost_started = false;
    for (auto& s : streams_) {
        if (s.response_done() || !s.link.lost(b)) continue;
        loop_.counters().worker_lost_requests.fetch_add(1, std::memory_order_relaxed);
        if (s.response_started()) {
            lost_started = true;
            continue;
        }
        if (!s.request_done()) {
            s.keep_alive = false;
            enter(Phase::Draining);
        }
        local_response(s, 502, "Bad Gateway");
    }
    if (lost_started) {
        abort_by_server("worker lost mid-response");
        return;
    }
    advance();
    if (closed()) return;
    update_events();
    update_timer();
}

void Http1Connection::on_dispatch_ready(int64_t stream_id) {
    Stream* s = find_stream(stream_id);
    if (closed() || s == nullptr || !s->link.waiting() || s->response_done()) return;
    opened(*s, s->link.retry(port_, session_id, stream_id, s->request_done()));
    if (closed()) return;
    process_input();
    if (closed()) return;
    update_events();
    update_timer();
}

void Http1Connection::on_channel_drained() {
    if (closed()) return;
    process_input();
    if (closed()) return;
    update_events();
    update_timer();
}

void Http1Connection::on_timeout(int kind) {
    if (closed()) return;
    if (lingering() || kind == kTimerIdle) {
        abort(nullptr);
        return;
    }
    if (kind == kTimerSend) {
        TRIDENT_LOG(Info, "client took no response bytes for http_send_timeout (%zu bytes waiting), closing connection",
                    out_.size() - out_pos_);
        loop_.counters().send_timeouts.fetch_add(1, std::memory_order_relaxed);
        abort(nullptr);
        return;
    }
    // Header (or body) timeout: a slow or stalled client.
    TRIDENT_LOG(Info, "request timeout, closing connection");
    if (read_state_ == ReadState::Head && streams_.empty() && avail() > 0) {
        reject(408, "Request Timeout");
        if (!closed()) {
            update_events();
        }
        return;
    }
    if (read_state_ == ReadState::Body) {
        reject(408, "Request Timeout");
        if (!closed()) update_events();
        return;
    }
    abort(nullptr);
}

void Http1Connection::on_shutdown() {
    if (closed()) return;
    enter(Phase::Draining);
    for (auto& s : streams_) {
        if (!s.response_started()) s.keep_alive = false;
    }
    // Detached responses belong to no worker that would end them: they end here, cleanly.
    for (auto& s : streams_) {
        if (s.detached_id != 0 && !s.response_done()) response_body(s, nullptr, 0, true);
        if (closed()) return;
    }
    advance();
    if (closed()) return;
    if (streams_.empty()) {
        abort(nullptr);
        return;
    }
    update_events();
    update_timer();
}

// We cut the connection off (not the client): responses already started are logged with the
// status they went out with rather than as the client's 499 (stream/response_record.h).
void Http1Connection::abort_by_server(const char* why) {
    for (auto& s : streams_) {
        if (s.response_started()) s.record.finish(loop_, server::kLatencyProtocolHttp1);
    }
    abort(why);
}

void Http1Connection::abort(const char* why) {
    if (closed()) return;
    if (why) TRIDENT_LOG(Debug, "closing connection: %s", why);
    for (auto& s : streams_) {
        release_detached(s);
        s.link.reset(port_, session_id, s.id, ipc::ResetCode::Cancel);
        s.link.forget();
    }
    streams_.clear();
    enter(Phase::Closed);
    loop_.unwatch(fd_);
    loop_.close(this);
}

}  // namespace trident::http1

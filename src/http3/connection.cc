#include "http3/connection.h"

#include <nghttp3/nghttp3.h>

#include <sys/epoll.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "http3/endpoint.h"
#include "http3/quic_server_config.h"
#include "server/addresses.h"
#include "trident/http/body_rate.h"
#include "trident/http/response_fields.h"
#include "trident/core/clock.h"
#include "trident/core/log.h"

namespace trident::http3 {

namespace {

socklen_t addr_len(const sockaddr_storage& ss) {
    return ss.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

}  // namespace

struct Http3Connection::Stream {
    int64_t id = 0;
    int channel = -1;
    bool head_method = false;
    bool dispatched = false;
    bool counted = false;        // in the channel's in_flight
    bool end_seen = false;       // the client finished the request body
    bool request_done = false;   // the worker got the end of the request
    bool rejected = false;       // answered by the reactor; the body goes nowhere
    bool response_started = false;
    bool response_done = false;  // nothing more will come from the worker
    std::string waiting_head;    // REQUEST_HEAD payload while no worker was free
    std::string pending_body;    // request body the worker channel could not take yet
    uint64_t body_total = 0;
    uint64_t head_body = 0;      // body bytes that came with RESPONSE_HEAD (never credited)
    uint64_t acked = 0;          // acknowledged RESPONSE_BODY bytes not yet credited
    http::BodyRate body_rate;    // http_body_min_rate of the request body
    // The client owes us body bytes and nothing of ours holds them back (bytes in
    // pending_body have no flow-control credit back yet: their wait is ours), as on HTTP/2.
    bool awaiting_body() const { return !end_seen && !rejected && !response_done && pending_body.empty(); }
};

Http3Connection::Http3Connection(server::Reactor& reactor, QuicEndpoint& endpoint, const sockaddr_storage& local,
                                 const sockaddr_storage& remote)
    : Connection(reactor), endpoint_(endpoint), local_(local), remote_(remote), packet_local_(local), packet_remote_(remote) {}

Http3Connection::~Http3Connection() = default;

bool Http3Connection::start(const ngtcp2_pkt_hd& hd, const uint8_t* pkt, size_t len, const ngtcp2_cid* retry_odcid,
                            bool address_validated) {
    ngtcp2_path path{};
    path.local.addr = reinterpret_cast<sockaddr*>(&local_);
    path.local.addrlen = addr_len(local_);
    path.remote.addr = reinterpret_cast<sockaddr*>(&remote_);
    path.remote.addrlen = addr_len(remote_);
    std::string error;
    quic_ = QuicConnection::accept(endpoint_.config(), *this, reactor_.index(), hd, path, monotonic_ns(), &error,
                                   retry_odcid, address_validated);
    if (!quic_) {
        TRIDENT_LOG(Warning, "cannot create a QUIC connection: %s", error.c_str());
        closed_ = true;
        handshaking_ = false;
        endpoint_.handshake_over();
        reactor_.close_connection(this);
        return false;
    }
    // The client repeats its own first DCID until it learns ours; both must reach us.
    cids_.push_back(quic_->original_dcid());
    for (const ngtcp2_cid& c : quic_->server_cids()) cids_.push_back(c);
    for (const ngtcp2_cid& c : cids_) endpoint_.add_cid(c, this);
    on_packet(local_, remote_, pkt, len);
    return !closed_;
}

void Http3Connection::on_packet(const sockaddr_storage& local, const sockaddr_storage& remote, const uint8_t* data,
                                size_t len) {
    if (closed_) return;
    // The path of this packet (it may differ from the first one after a NAT rebinding:
    // ngtcp2 validates the new path and moves the connection).
    sockaddr_storage l = local, r = remote;
    packet_local_ = local;
    packet_remote_ = remote;
    ngtcp2_path path{};
    path.local.addr = reinterpret_cast<sockaddr*>(&l);
    path.local.addrlen = addr_len(l);
    path.remote.addr = reinterpret_cast<sockaddr*>(&r);
    path.remote.addrlen = addr_len(r);
    int rv = quic_->feed(path, data, len, monotonic_ns());
    if (rv != 0 && rv != NGTCP2_ERR_DRAINING) {
        TRIDENT_LOG(Info, "QUIC connection error: %s", ngtcp2_strerror(rv));
    }
    flush_soon();
}

void Http3Connection::after_io() {
    if (closed_ || in_io_) return;
    in_io_ = true;
    uint64_t now = monotonic_ns();
    if (!blocked_) {
        quic_->write_datagrams(now, [this](const ngtcp2_path& path, const uint8_t* data, size_t len) {
            if (endpoint_.send(path, data, len)) return true;
            blocked_ = true;
            endpoint_.wait_writable(session_id);
            return false;
        });
        // What was gathered leaves now, as one GSO send per run of equal-sized datagrams.
        if (!blocked_ && !endpoint_.flush_tx()) {
            blocked_ = true;
            endpoint_.wait_writable(session_id);
        }
    }
    in_io_ = false;
    if (handshaking_ && quic_->handshake_completed()) {
        handshaking_ = false;
        endpoint_.handshake_over();
        // A NEW_TOKEN for next time: a returning client skips the Retry (when one is due).
        uint8_t token[NGTCP2_CRYPTO_MAX_REGULAR_TOKENLEN];
        if (size_t n = endpoint_.make_regular_token(packet_remote_, token)) {
            quic_->submit_new_token(token, n);
            flush_soon();
        }
    }
    if (quic_->state() == QuicConnection::State::closed) {
        close_now();
        return;
    }
    reactor_.set_deadline(this, quic_->expiry());
    update_timer();
}

void Http3Connection::update_timer() {
    // A request body that stops arriving is timed as on HTTP/1.1 and HTTP/2 (refreshed by
    // its data); QUIC's own idle timeout covers the rest.
    bool awaiting = false;
    for (const auto& [id, s] : streams_) awaiting |= s->awaiting_body();
    reactor_.set_timer(this, awaiting ? server::kTimerHeader : server::kTimerNone);
}

void Http3Connection::flush_soon() {
    // Packets and worker frames arrive in batches (recvmmsg on both): writing once per loop
    // turn lets ngtcp2 coalesce the ACKs and the responses of a whole batch into few packets.
    if (flush_pending_ || closed_) return;
    flush_pending_ = true;
    reactor_.wake(this);
}

void Http3Connection::on_event(uint32_t events) {
    // EPOLLIN: the flush asked for by flush_soon(); EPOLLOUT: the UDP socket has room again.
    if (events & EPOLLOUT) blocked_ = false;
    else flush_pending_ = false;
    after_io();
}

void Http3Connection::on_deadline(uint64_t now_ns) {
    if (closed_) return;
    quic_->on_expiry(now_ns);
    after_io();
}

void Http3Connection::on_timeout(int kind) {
    if (closed_ || kind != server::kTimerHeader) return;
    // Request bodies stalled for http_header_timeout: those requests get 408, the connection
    // and its other streams carry on.
    TRIDENT_LOG(Info, "HTTP/3 request body timeout");
    for (int64_t id : stream_ids()) {
        Stream* s = find(id);
        if (s && s->awaiting_body()) abort_body(*s, 408, "Request Timeout");
    }
    after_io();
}

void Http3Connection::on_shutdown() {
    if (closed_) return;
    // GOAWAY now, the final GOAWAY after a grace period, CONNECTION_CLOSE once the requests
    // in flight are answered (QuicConnection::shutdown).
    quic_->shutdown(monotonic_ns());
    after_io();
}

void Http3Connection::close_now() {
    if (closed_) return;
    closed_ = true;
    if (handshaking_) {
        handshaking_ = false;
        endpoint_.handshake_over();
    }
    for (auto& [id, s] : streams_) {
        if (s->counted) {
            reactor_.shared().client_aborts.fetch_add(1, std::memory_order_relaxed);
            reset_to_worker(*s, ipc::ResetCode::Cancel);
        }
    }
    for (const ngtcp2_cid& c : cids_) endpoint_.remove_cid(c);
    cids_.clear();
    reactor_.close_connection(this);
}

// --- requests ------------------------------------------------------------------------------

Http3Connection::Stream* Http3Connection::find(int64_t stream_id) {
    auto it = streams_.find(stream_id);
    return it == streams_.end() ? nullptr : it->second.get();
}

void Http3Connection::on_request_headers(int64_t stream_id, const RequestHead& head, bool end_stream) {
    auto owned = std::make_unique<Stream>();
    Stream& s = *owned;
    s.id = stream_id;
    s.end_seen = end_stream;
    streams_[stream_id] = std::move(owned);
    // A new request: the body timer (maybe running for another stream) starts over.
    if (timer_kind == server::kTimerHeader) reactor_.refresh_timer(this);
    reactor_.shared().requests_total.fetch_add(1, std::memory_order_relaxed);
    reactor_.shared().requests_http3.fetch_add(1, std::memory_order_relaxed);
    s.head_method = head.method == "HEAD";
    if (reactor_.shutting_down()) {
        s.rejected = true;
        quic_->reset_stream(stream_id, NGHTTP3_H3_REQUEST_REJECTED);
        return;
    }
    if (head.method == "CONNECT") {
        // Not a proxy (extended CONNECT is not offered): the same answer as HTTP/1.1 and HTTP/2.
        s.rejected = true;
        respond_local(s, 501, "Not Implemented");
        return;
    }
    // The same limit as HTTP/1.1 and HTTP/2 (RFC 9114 §4.2.2 counts 32 bytes per field).
    size_t header_bytes = head.method.size() + head.scheme.size() + head.authority.size() + head.path.size() + 4 * 32;
    for (const HeaderField& f : *head.fields) header_bytes += f.name.size() + f.value.size() + 32;
    if (header_bytes > reactor_.config().http_max_header_size) {
        s.rejected = true;
        respond_local(s, 431, "Request header fields too large");
        return;
    }
    ipc::RequestHeadIn in;
    in.conn.protocol = ipc::Protocol::Http3;
    in.conn.flags |= ipc::kRequestFlagTls;
    // The addresses of the packet that completed this request head: the client may have
    // moved since the handshake (NAT rebinding, migration).
    server::fill_addresses(in.conn, packet_remote_, packet_local_);
    in.method = head.method;
    in.scheme = head.scheme;
    in.authority = head.authority;
    in.target = head.path;
    in.headers = head.fields->data();
    in.header_count = head.fields->size();
    if (ipc::request_head_size(in) > ipc::kMaxPayload) {
        s.rejected = true;
        respond_local(s, 431, "Request header fields too large");
        return;
    }
    uint8_t* payload = reactor_.scratch();
    size_t plen = ipc::encode_request_head(in, payload, ipc::kMaxPayload);
    dispatch(s, payload, plen);
}

void Http3Connection::dispatch(Stream& s, const uint8_t* head, size_t head_len) {
    int ch = reactor_.pick_channel(session_id);
    if (ch < 0) {
        s.waiting_head.assign(reinterpret_cast<const char*>(head), head_len);
        reactor_.wait_for_worker(session_id, s.id);
        return;
    }
    server::WorkerChannel* c = reactor_.channel(ch);
    bool end = s.end_seen && s.pending_body.empty();
    s.channel = ch;
    s.dispatched = true;
    if (!c->send_stream(ipc::FrameType::RequestHead, session_id, s.id, head, head_len, end)) {
        respond_local(s, 502, "Bad Gateway");
        return;
    }
    c->in_flight++;
    s.counted = true;
    if (end) s.request_done = true;
    else forward_pending_body(s);
}

void Http3Connection::on_dispatch_ready(int64_t stream_id) {
    Stream* s = find(stream_id);
    if (closed_ || !s || s->dispatched || s->rejected) return;
    std::string head;
    head.swap(s->waiting_head);
    dispatch(*s, reinterpret_cast<const uint8_t*>(head.data()), head.size());
    flush_soon();
}

void Http3Connection::on_request_data(int64_t stream_id, const uint8_t* data, size_t len) {
    Stream* s = find(stream_id);
    if (!s || s->rejected || s->response_done) {
        quic_->consume_body(stream_id, len);  // nobody wants these bytes
        return;
    }
    s->body_total += len;
    if (s->body_total > reactor_.config().package_max_length) {
        quic_->consume_body(stream_id, len);
        abort_body(*s, 413, "Request body larger than package_max_length");
        return;
    }
    if (timer_kind == server::kTimerHeader) reactor_.refresh_timer(this);
    uint64_t rate = reactor_.config().http_body_min_rate;
    int64_t now = monotonic_ms();
    if (!s->body_rate.arrived(len, now, rate)) {
        TRIDENT_LOG(Info, "HTTP/3 stream %lld: request body at %llu bytes in %lld ms, below http_body_min_rate (%llu/s)",
                    (long long)stream_id, (unsigned long long)s->body_rate.window_bytes(),
                    (long long)s->body_rate.window_ms(now), (unsigned long long)rate);
        quic_->consume_body(stream_id, len);
        abort_body(*s, 408, "Request body too slow");
        return;
    }
    s->pending_body.append(reinterpret_cast<const char*>(data), len);
    forward_pending_body(*s);
}

// The request body cannot be taken (too large, too slow): the worker forgets the request, the
// client gets `status` (or a reset once the response started), and its further data is dropped.
void Http3Connection::abort_body(Stream& s, int status, const char* message) {
    if (s.counted) reset_to_worker(s, status == 413 ? ipc::ResetCode::BodyTooLarge : ipc::ResetCode::BodyTimeout);
    s.rejected = true;
    quic_->consume_body(s.id, s.pending_body.size());
    std::string().swap(s.pending_body);
    if (!s.response_started) {
        respond_local(s, status, message);
    } else {
        s.response_done = true;
        quic_->reset_stream(s.id, NGHTTP3_H3_REQUEST_CANCELLED);
    }
}

void Http3Connection::on_request_end(int64_t stream_id) {
    Stream* s = find(stream_id);
    if (!s || s->rejected || s->request_done) return;
    s->end_seen = true;
    forward_pending_body(*s);
}

void Http3Connection::forward_pending_body(Stream& s) {
    if (s.rejected) return;
    if (!s.dispatched) {
        s.body_rate.restart();  // waiting for a worker: not the client's slowness
        return;
    }
    if (s.pending_body.empty()) {
        if (s.end_seen && !s.request_done) {
            send_request_frame(s, ipc::FrameType::RequestEnd, nullptr, 0, true);
            s.request_done = true;
        }
        return;
    }
    server::WorkerChannel* c = reactor_.channel(s.channel);
    if (!c || c->dead()) return;  // on_channel_lost answers it
    if (c->congested()) {
        // The client's flow-control window is not reopened meanwhile, so it stops sending.
        s.body_rate.restart();
        c->waiters.push_back(session_id);
        return;
    }
    c->send_body(session_id, s.id, s.pending_body.data(), s.pending_body.size(), s.end_seen);
    if (s.end_seen) s.request_done = true;
    quic_->consume_body(s.id, s.pending_body.size());
    s.pending_body.clear();
}

void Http3Connection::send_request_frame(Stream& s, ipc::FrameType type, const uint8_t* data, size_t len, bool end) {
    if (server::WorkerChannel* c = reactor_.channel(s.channel)) c->send_stream(type, session_id, s.id, data, len, end);
}

std::vector<int64_t> Http3Connection::stream_ids() const {
    // A snapshot: QUIC calls made per stream may close streams (and erase them) on the way.
    std::vector<int64_t> ids;
    ids.reserve(streams_.size());
    for (const auto& [id, s] : streams_) ids.push_back(id);
    return ids;
}

void Http3Connection::on_channel_drained() {
    if (closed_) return;
    for (int64_t id : stream_ids()) {
        if (Stream* s = find(id)) forward_pending_body(*s);
    }
    flush_soon();
}

void Http3Connection::on_stream_reset(int64_t stream_id, uint64_t app_error_code) {
    reactor_.shared().http3_streams_reset.fetch_add(1, std::memory_order_relaxed);
    Stream* s = find(stream_id);
    if (!s) return;
    if (s->counted) {
        reactor_.shared().client_aborts.fetch_add(1, std::memory_order_relaxed);
        reset_to_worker(*s, ipc::ResetCode::Cancel);
        (void)app_error_code;
    }
    s->response_done = true;
    s->rejected = true;
    quic_->consume_body(stream_id, s->pending_body.size());
    std::string().swap(s->pending_body);
}

void Http3Connection::on_stream_close(int64_t stream_id) {
    auto it = streams_.find(stream_id);
    if (it == streams_.end()) return;
    if (it->second->counted) {
        reactor_.shared().client_aborts.fetch_add(1, std::memory_order_relaxed);
        reset_to_worker(*it->second, ipc::ResetCode::Cancel);
    }
    streams_.erase(it);
}

void Http3Connection::on_cid_issued(const ngtcp2_cid& cid) {
    cids_.push_back(cid);
    endpoint_.add_cid(cid, this);
}

void Http3Connection::on_cid_retired(const ngtcp2_cid& cid) {
    for (size_t i = 0; i < cids_.size(); ++i) {
        if (ngtcp2_cid_eq(&cids_[i], &cid)) {
            cids_.erase(cids_.begin() + long(i));
            break;
        }
    }
    endpoint_.remove_cid(cid);
}

// --- QUIC DATAGRAM (RFC 9221) ----------------------------------------------------------------

void Http3Connection::on_datagram(const uint8_t* data, size_t len) {
    if (closed_ || !reactor_.config().open_http3_datagram) return;
    // A worker is picked like for a request (dispatch_mode decides); the worker's
    // on('Datagram') callback gets the connection's session id as $fd.
    int ch = reactor_.pick_channel(session_id);
    server::WorkerChannel* c = ch < 0 ? nullptr : reactor_.channel(ch);
    if (c == nullptr || c->congested()) {
        reactor_.shared().quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
        return;  // unreliable: dropped rather than queued without bound
    }
    c->send_stream(ipc::FrameType::Datagram, session_id, 0, data, len, false);
}

bool Http3Connection::on_worker_datagram(const uint8_t* data, size_t len) {
    if (closed_ || !quic_->send_datagram(data, len)) return false;
    flush_soon();
    return true;
}

// --- responses -----------------------------------------------------------------------------

void Http3Connection::on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) {
    Stream* s = closed_ ? nullptr : find(h.stream_id);
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
        case ipc::FrameType::ResponseEnd: {
            if (!s->response_started) break;
            bool last = end || h.type == ipc::FrameType::ResponseEnd;
            const uint8_t* body = h.type == ipc::FrameType::ResponseBody && !s->head_method ? payload : nullptr;
            size_t n = body ? len : 0;
            if (n > 0 || last) quic_->append_body(s->id, body, n, last);
            if (last) response_done(*s);
            break;
        }
        case ipc::FrameType::ResponseTrailers:
            if (!s->response_started) break;
            response_trailers(*s, payload, len);
            break;
        case ipc::FrameType::StreamReset:
            uncount(*s);
            if (!s->response_started) {
                respond_local(*s, 500, "Internal Server Error");
            } else {
                s->response_done = true;
                quic_->reset_stream(s->id, NGHTTP3_H3_INTERNAL_ERROR);
            }
            break;
        default:
            return;
    }
    flush_soon();
}

void Http3Connection::response_done(Stream& s) {
    s.response_done = true;
    uncount(s);
    reactor_.shared().responses_total.fetch_add(1, std::memory_order_relaxed);
}

void Http3Connection::response_head(Stream& s, const uint8_t* payload, size_t len, bool end) {
    ipc::ResponseHeadView v;
    if (ipc::decode_response_head(payload, len, v) != ipc::DecodeError::None || v.status < 100 || v.status > 999) {
        TRIDENT_LOG(Error, "worker sent a malformed RESPONSE_HEAD");
        uncount(s);
        respond_local(s, 502, "Bad Gateway");
        return;
    }
    static thread_local http::ResponseFields rf;
    rf.build(v, end, reactor_.http_date(), std::string_view());
    bool no_body = s.head_method || http::ResponseFields::bodyless_status(v.status);
    s.response_started = true;
    // A streamed response (no END yet) keeps the stream open for RESPONSE_BODY frames even
    // when its first part is empty.
    bool has_body = !no_body && !(end && v.body.empty());
    int rv = quic_->submit_response(s.id, v.status, rf.fields(), has_body);
    if (rv != 0) {
        TRIDENT_LOG(Info, "HTTP/3 response on stream %lld: %s", (long long)s.id, nghttp3_strerror(rv));
        response_done(s);
        return;
    }
    if (has_body) {
        s.head_body = v.body.size();
        if (!v.body.empty() || end) {
            quic_->append_body(s.id, reinterpret_cast<const uint8_t*>(v.body.data()), v.body.size(), end);
        }
    }
    if (end) response_done(s);
}

void Http3Connection::response_trailers(Stream& s, const uint8_t* payload, size_t len) {
    ipc::ResponseHeadView v;
    static thread_local http::ResponseFields rf;
    bool ok = ipc::decode_response_trailers(payload, len, v) == ipc::DecodeError::None;
    if (ok) rf.build_trailers(v);
    // nghttp3 copies the trailer fields; without any the body just ends.
    if (!ok || rf.fields().empty() || s.head_method || quic_->submit_trailers(s.id, rf.fields()) != 0) {
        quic_->append_body(s.id, nullptr, 0, true);
    }
    response_done(s);
}

void Http3Connection::respond_local(Stream& s, int status, const char* message) {
    reactor_.shared().bad_requests.fetch_add(status >= 500 ? 0 : 1, std::memory_order_relaxed);
    s.response_started = true;
    s.response_done = true;
    std::string body = std::string(message) + "\n";
    char lenbuf[24];
    int ln = snprintf(lenbuf, sizeof lenbuf, "%zu", body.size());
    std::vector<HeaderField> fields{
        {"content-type", "text/plain"},
        {"content-length", std::string_view(lenbuf, size_t(ln))},
        {"date", reactor_.http_date()},
    };
    bool has_body = !s.head_method;
    if (quic_->submit_response(s.id, status, fields, has_body) != 0) return;
    if (has_body) quic_->append_body(s.id, reinterpret_cast<const uint8_t*>(body.data()), body.size(), true);
}

void Http3Connection::on_body_acked(int64_t stream_id, uint64_t n) {
    Stream* s = find(stream_id);
    if (!s) return;
    uint64_t skip = std::min(s->head_body, n);
    s->head_body -= skip;
    s->acked += n - skip;
    if (s->acked < ipc::kCreditBatch || !s->counted || s->response_done) return;
    // Response backpressure: the worker may send as much again as the client acknowledged.
    if (server::WorkerChannel* c = reactor_.channel(s->channel)) c->send_credit(session_id, s->id, s->acked);
    s->acked = 0;
}

void Http3Connection::uncount(Stream& s) {
    if (!s.counted) return;
    s.counted = false;
    if (server::WorkerChannel* c = reactor_.channel(s.channel)) c->in_flight--;
}

void Http3Connection::reset_to_worker(Stream& s, ipc::ResetCode code) {
    if (!s.counted) return;
    if (server::WorkerChannel* c = reactor_.channel(s.channel)) c->send_reset(session_id, s.id, code);
    uncount(s);
}

void Http3Connection::on_channel_lost(int channel_index) {
    if (closed_) return;
    for (int64_t id : stream_ids()) {
        Stream* sp = find(id);
        if (!sp) continue;
        Stream& s = *sp;
        if (s.channel != channel_index || !s.counted) continue;
        s.counted = false;
        reactor_.shared().worker_lost_requests.fetch_add(1, std::memory_order_relaxed);
        if (!s.response_started) {
            s.rejected = true;
            respond_local(s, 502, "Bad Gateway");
        } else {
            s.response_done = true;
            quic_->reset_stream(s.id, NGHTTP3_H3_INTERNAL_ERROR);
        }
    }
    flush_soon();
}

}  // namespace trident::http3

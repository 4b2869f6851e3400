#include "http3/connection.h"

#include <nghttp3/nghttp3.h>

#include <sys/epoll.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "http3/endpoint.h"
#include "http3/quic_server_config.h"
#include "server/addresses.h"
#include "trident/core/clock.h"
#include "trident/core/log.h"
#include "trident/http/reset_codes.h"

namespace trident::http3 {

namespace {

socklen_t addr_len(const sockaddr_storage& ss) {
    return ss.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

}  // namespace

Http3Connection::Http3Connection(server::Loop& loop, server::WorkerPort& port, QuicEndpoint& endpoint,
                                 const sockaddr_storage& local, const sockaddr_storage& remote)
    : loop_(loop), port_(port), mux_(loop, port, *this, *this, "HTTP/3"), endpoint_(endpoint), local_(local), remote_(remote), packet_local_(local), packet_remote_(remote) {}

Http3Connection::~Http3Connection() = default;

bool Http3Connection::start(const ngtcp2_pkt_hd& hd, const uint8_t* pkt, size_t len, const ngtcp2_cid* retry_odcid,
                            bool address_validated) {
    ngtcp2_path path{};
    path.local.addr = reinterpret_cast<sockaddr*>(&local_);
    path.local.addrlen = addr_len(local_);
    path.remote.addr = reinterpret_cast<sockaddr*>(&remote_);
    path.remote.addrlen = addr_len(remote_);
    std::string error;
    quic_ = QuicConnection::accept(endpoint_.config(), *this, loop_.index(), hd, path, monotonic_ns(), &error,
                                   retry_odcid, address_validated);
    if (!quic_) {
        TRIDENT_LOG(Warning, "cannot create a QUIC connection: %s", error.c_str());
        closed_ = true;
        handshaking_ = false;
        endpoint_.handshake_over();
        loop_.close(this);
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
    // QUIC's own timers, or a request body that stopped arriving (timed per stream as on
    // HTTP/2); QUIC's idle timeout covers the rest.
    int64_t body_deadline = mux_.body_deadline_ms();
    uint64_t deadline = quic_->expiry();
    if (body_deadline != INT64_MAX) deadline = std::min(deadline, uint64_t(body_deadline) * 1000000u);
    loop_.set_deadline(this, deadline);
}

void Http3Connection::flush_soon() {
    // Packets and worker frames arrive in batches (recvmmsg on both): writing once per loop
    // turn lets ngtcp2 coalesce the ACKs and the responses of a whole batch into few packets.
    if (flush_pending_ || closed_) return;
    flush_pending_ = true;
    loop_.wake(this);
}

void Http3Connection::on_event(uint32_t events) {
    // EPOLLIN: the flush asked for by flush_soon(); EPOLLOUT: the UDP socket has room again.
    if (events & EPOLLOUT) blocked_ = false;
    else flush_pending_ = false;
    after_io();
}

void Http3Connection::on_deadline(uint64_t now_ns) {
    if (closed_) return;
    // Request bodies stalled for http_header_timeout get 408 on their stream alone.
    mux_.expire_bodies(int64_t(now_ns / 1000000u));
    if (now_ns >= quic_->expiry()) quic_->on_expiry(now_ns);
    after_io();
}

// HTTP/3 arms no fixed-timeout timer: QUIC's timers and the body deadlines are deadlines.
void Http3Connection::on_timeout(int) {}

void Http3Connection::on_shutdown() {
    if (closed_) return;
    // GOAWAY now, the final GOAWAY after a grace period, CONNECTION_CLOSE once the requests
    // in flight are answered (QuicConnection::shutdown). Streams that still cross it on the
    // wire are refused by the core, as on HTTP/2.
    mux_.set_going_away();
    mux_.shutdown_websockets();
    mux_.end_detached();
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
    mux_.close_all(true);
    for (const ngtcp2_cid& c : cids_) endpoint_.remove_cid(c);
    cids_.clear();
    loop_.close(this);
}

// --- requests ------------------------------------------------------------------------------

void Http3Connection::on_request_headers(int64_t stream_id, const RequestHead& head, bool end_stream) {
    stream::MuxStream& s = mux_.add(std::make_unique<stream::MuxStream>(stream_id));
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
    // The same limit as HTTP/1.1 and HTTP/2 (RFC 9114 4.2.2 counts 32 bytes per field).
    size_t header_bytes = head.method.size() + head.scheme.size() + head.authority.size() + head.path.size() + 4 * 32;
    for (const HeaderField& f : *head.fields) header_bytes += f.name.size() + f.value.size() + 32;
    mux_.request_head(s, in, header_bytes, end_stream, head.protocol);
}

bool Http3Connection::connection_info(ipc::ConnectionInfo& out) const {
    out.protocol = ipc::Protocol::Http3;
    out.flags |= ipc::kRequestFlagTls;
    server::fill_addresses(out, packet_remote_, packet_local_);
    return true;
}

void Http3Connection::on_dispatch_ready(int64_t stream_id) {
    if (closed_) return;
    mux_.on_dispatch_ready(stream_id);
}

void Http3Connection::on_request_data(int64_t stream_id, const uint8_t* data, size_t len) {
    stream::MuxStream* s = closed_ ? nullptr : mux_.find(stream_id);
    if (!s) {
        quic_->consume_body(stream_id, len);  // nobody wants these bytes
        return;
    }
    mux_.request_data(*s, data, len);
}

void Http3Connection::on_request_trailer(int64_t stream_id, std::string_view name, std::string_view value) {
    if (stream::MuxStream* s = closed_ ? nullptr : mux_.find(stream_id)) mux_.request_trailer(*s, name, value);
}

void Http3Connection::on_request_end(int64_t stream_id) {
    if (stream::MuxStream* s = mux_.find(stream_id)) mux_.request_end(*s);
}

void Http3Connection::on_channel_drained() {
    if (closed_) return;
    mux_.on_channel_drained();
}

void Http3Connection::on_stream_reset(int64_t stream_id, uint64_t app_error_code) {
    (void)app_error_code;  // whatever the client's reason, the worker is told Cancel
    loop_.counters().http3_streams_reset.fetch_add(1, std::memory_order_relaxed);
    if (stream::MuxStream* s = mux_.find(stream_id)) mux_.client_reset(*s);
}

void Http3Connection::on_stream_close(int64_t stream_id) { mux_.stream_closed(stream_id); }

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
    if (closed_ || !loop_.config().open_http3_datagram) return;
    // A worker is picked like for a request (dispatch_mode decides); the worker's
    // on('Datagram') callback gets the connection's session id as $fd. Unreliable: dropped
    // rather than queued without bound.
    if (!port_.send_datagram(session_id, data, len)) {
        loop_.counters().quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
    }
}

bool Http3Connection::on_worker_datagram(const uint8_t* data, size_t len) {
    if (closed_ || !quic_->send_datagram(data, len)) return false;
    flush_soon();
    return true;
}

// --- responses -----------------------------------------------------------------------------

void Http3Connection::on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) {
    if (closed_) {
        loop_.counters().stale_frames_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    mux_.on_worker_frame(h, payload, len);
}

void Http3Connection::on_body_acked(int64_t stream_id, uint64_t n) {
    if (stream::MuxStream* s = mux_.find(stream_id)) mux_.body_taken(*s, n);
}

void Http3Connection::on_ws_push(int from, int64_t ws_stream, const ipc::FrameHeader& h, const uint8_t* payload,
                                 size_t) {
    if (closed_) return;
    mux_.on_ws_push(from, ws_stream, h, payload);
}

void Http3Connection::on_ws_owner_draining(int64_t ws_stream) {
    if (closed_) return;
    mux_.on_ws_owner_draining(ws_stream);
}

void Http3Connection::on_ws_credit(int from, int64_t ws_stream, uint32_t bytes) {
    if (closed_) return;
    mux_.on_ws_credit(from, ws_stream, bytes);
}

void Http3Connection::on_channel_lost(server::WorkerPort::Binding b) {
    if (closed_) return;
    mux_.on_channel_lost(b);
}

// --- stream::StreamActions ----------------------------------------------------------------

bool Http3Connection::submit_head(stream::MuxStream& s, unsigned status, const std::vector<HeaderField>& fields,
                                  bool has_body) {
    int rv = quic_->submit_response(s.id, status, fields, has_body);
    if (rv != 0) TRIDENT_LOG(Info, "HTTP/3 response on stream %lld: %s", (long long)s.id, nghttp3_strerror(rv));
    return rv == 0;
}

void Http3Connection::append_body(stream::MuxStream& s, const uint8_t* data, size_t len, bool end) {
    quic_->append_body(s.id, data, len, end);
}

bool Http3Connection::submit_interim(stream::MuxStream& s, unsigned status, const std::vector<HeaderField>& fields) {
    int rv = quic_->submit_interim(s.id, status, fields);
    if (rv != 0) TRIDENT_LOG(Info, "HTTP/3 interim response on stream %lld: %s", (long long)s.id, nghttp3_strerror(rv));
    return rv == 0;
}

bool Http3Connection::submit_trailers(stream::MuxStream& s, const std::vector<HeaderField>& fields) {
    // nghttp3 copies the trailer fields.
    return quic_->submit_trailers(s.id, fields) == 0;
}

void Http3Connection::reset_stream(stream::MuxStream& s, ipc::ResetCode why) {
    quic_->reset_stream(s.id, http::to_http3(why));
}

void Http3Connection::consume(stream::MuxStream& s, size_t n) {
    if (n) quic_->consume_body(s.id, n);
}

void Http3Connection::consume_connection(stream::MuxStream&, size_t n) {
    if (n) quic_->consume_connection(n);
}

void Http3Connection::consume_stream(stream::MuxStream& s, size_t n) {
    if (n) quic_->consume_stream(s.id, n);
}

}  // namespace trident::http3}  // namespace trident::http3

#include "stream/multiplexer.h"

#include <algorithm>

#include "stream/local_response.h"
#include "stream/websocket_stream.h"
#include "stream/transition.h"
#include "trident/core/clock.h"
#include "trident/core/log.h"
#include "trident/http/response_fields.h"
#include "trident/websocket/handshake.h"

namespace trident::stream {

using Request = MuxStream::Request;
using Response = MuxStream::Response;

namespace {

bool legal_request(Request from, Request to) {
    switch (from) {
        case Request::Receiving: return to == Request::Received || to == Request::Forwarded || to == Request::Discarded;
        case Request::Received: return to == Request::Forwarded || to == Request::Discarded;
        case Request::Forwarded: return false;
        case Request::Discarded: return false;
    }
    return false;
}

bool legal_response(Response from, Response to) {
    switch (from) {
        case Response::None: return to == Response::Started || to == Response::Complete;
        case Response::Started: return to == Response::Complete;
        case Response::Complete: return false;
    }
    return false;
}

// The client has the whole response: it completed, or its head ended the stream (HEAD, a
// bodyless status) while the handler may still be running. Stopping that handler is no abort.
bool client_has_response(const MuxStream& s) {
    return s.response() == Response::Complete || (s.response() == Response::Started && !s.has_body);
}

}  // namespace

MuxStream::~MuxStream() { IntrusiveList::remove(&body_link); }

void MuxStream::set_request(Request next) { request_ = transition("request", request_, next, legal_request); }

void MuxStream::set_response(Response next) { response_ = transition("response", response_, next, legal_response); }

Multiplexer::Multiplexer(server::Loop& loop, server::WorkerPort& port, server::Connection& owner,
                         StreamActions& actions, const char* protocol_name)
    : loop_(loop),
      port_(port),
      owner_(owner),
      actions_(actions),
      protocol_(protocol_name),
      latency_protocol_(std::string_view(protocol_name) == "HTTP/3" ? server::kLatencyProtocolHttp3
                                                                     : server::kLatencyProtocolHttp2) {}

MuxStream& Multiplexer::add(std::unique_ptr<MuxStream> s) {
    MuxStream& ref = *s;
    if (!spare_nodes_.empty()) {
        StreamMap::node_type node = std::move(spare_nodes_.back());
        spare_nodes_.pop_back();
        node.key() = ref.id;
        node.mapped() = std::move(s);
        auto r = streams_.insert(std::move(node));
        if (!r.inserted) r.position->second = std::move(r.node.mapped());  // a reused id replaces its stream
    } else {
        streams_[ref.id] = std::move(s);
    }
    ref.body_clock_ms = monotonic_ms();
    receiving_.push_back(&ref.body_link);
    return ref;
}

MuxStream* Multiplexer::find(int64_t id) const {
    auto it = streams_.find(id);
    return it == streams_.end() ? nullptr : it->second.get();
}

std::vector<int64_t> Multiplexer::ids() const {
    std::vector<int64_t> v;
    v.reserve(streams_.size());
    for (const auto& [id, s] : streams_) v.push_back(id);
    return v;
}

// --- requests ------------------------------------------------------------------------------

void Multiplexer::request_head(MuxStream& s, const ipc::RequestHeadIn& in_, size_t header_bytes, bool end_stream,
                               std::string_view connect_protocol) {
    ipc::RequestHeadIn in = in_;
    s.protocol = in.conn.protocol;
    s.head_method = in.method == "HEAD";
    if (end_stream) {
        client_finished(s);
        s.set_request(Request::Received);
    }
    if (going_away_ || loop_.shutting_down()) {
        // Never processed: the client may retry it elsewhere (RFC 9113 8.7, RFC 9114 4.1.1).
        s.set_request(Request::Discarded);
        s.set_response(Response::Complete);
        s.link.forget();
        reset_client(s, ipc::ResetCode::Refused);
        return;
    }
    // Plain CONNECT asks for a tunnel, which this server does not provide: RFC 9110 9.3.6 /
    // 15.6.2, 501, as on HTTP/1.1. Extended CONNECT with :protocol websocket is a WebSocket.
    if (in.method == "CONNECT") {
        if (connect_protocol.empty()) {
            reject(s, 501, "Not Implemented");
            return;
        }
        if (!websocket_request(s, in, connect_protocol, end_stream)) return;
        in.conn.flags |= ipc::kRequestFlagWebSocket;
    }
    // A streamed body is read by the handler at its own pace: the worker credits what it read.
    if (!end_stream && loop_.config().http_body_streaming && s.websocket == MuxStream::WebSocket::None) {
        s.body_window = InboundWindow(loop_.config().input_window_size);
    }
    if (header_bytes > loop_.config().http_max_header_size || ipc::request_head_size(in) > ipc::kMaxPayload) {
        reject(s, 431, "Request header fields too large");
        return;
    }
    // Counted as handed to workers (as HTTP/1.1 counts): what the reactor answered itself is
    // in bad_request_count instead.
    server::SharedState& c = loop_.counters();
    c.requests_total.fetch_add(1, std::memory_order_relaxed);
    (in.conn.protocol == ipc::Protocol::Http3 ? c.requests_http3 : c.requests_http2)
        .fetch_add(1, std::memory_order_relaxed);
    uint8_t* payload = loop_.scratch();
    size_t plen = ipc::encode_request_head(in, payload, ipc::kMaxPayload);
    dispatch(s, payload, plen);
}

void Multiplexer::reject(MuxStream& s, int status, const char* message) {
    if (s.link.active()) s.link.reset(port_, session(), s.id, ipc::ResetCode::Cancel);
    if (s.request() != Request::Discarded && s.request() != Request::Forwarded) s.set_request(Request::Discarded);
    s.link.forget();
    drop_pending(s);
    respond_local(s, status, message);
}

bool Multiplexer::head_ends(const MuxStream& s) {
    return s.request() == Request::Received && s.pending_body.empty() && !s.trailers;
}

void Multiplexer::dispatch(MuxStream& s, const uint8_t* head, size_t len) {
    bool end = head_ends(s);
    s.record.capture(loop_, latency_protocol(), head, len, session(), s.id);
    opened(s, s.link.open(port_, session(), s.id, head, len, end));
}

void Multiplexer::opened(MuxStream& s, WorkerLink::Opened r) {
    switch (r) {
        case WorkerLink::Opened::Waiting:
            s.body_rate.restart();  // waiting for a worker is not the client's slowness
            return;
        case WorkerLink::Opened::Failed:
            reject(s, 502, "Bad Gateway");
            return;
        case WorkerLink::Opened::Active:
            touch(s);  // the wait for a worker was ours: the body timer starts now
            if (head_ends(s)) s.set_request(Request::Forwarded);
            else forward(s);
            return;
    }
}

void Multiplexer::on_dispatch_ready(int64_t id) {
    MuxStream* s = find(id);
    if (!s || !s->link.waiting() || s->request() == Request::Discarded) return;
    opened(*s, s->link.retry(port_, session(), s->id, head_ends(*s)));
    actions_.flush();
}

void Multiplexer::request_data(MuxStream& s, const uint8_t* data, size_t len) {
    if (s.websocket != MuxStream::WebSocket::None) {
        websocket_data(s, data, len);
        return;
    }
    if (s.request() != Request::Receiving || s.response() == Response::Complete) {
        actions_.consume(s, len);  // nobody wants these bytes, but they must keep coming
        touch(s);
        return;
    }
    s.body_total += len;
    if (s.body_total > loop_.config().package_max_length) {
        actions_.consume(s, len);
        abort_body(s, 413, "Request body larger than package_max_length");
        return;
    }
    touch(s);  // this stream's body timeout starts over
    uint64_t rate = loop_.config().http_body_min_rate;
    int64_t now = monotonic_ms();
    if (!s.body_rate.arrived(len, now, rate)) {
        TRIDENT_LOG(Info, "%s stream %lld: request body at %llu bytes in %lld ms, below http_body_min_rate (%llu/s)",
                    protocol_, (long long)s.id, (unsigned long long)s.body_rate.window_bytes(),
                    (long long)s.body_rate.window_ms(now), (unsigned long long)rate);
        actions_.consume(s, len);
        abort_body(s, 408, "Request body too slow");
        return;
    }
    s.pending_body.append(reinterpret_cast<const char*>(data), len);
    forward(s);
}

void Multiplexer::request_trailer(MuxStream& s, std::string_view name, std::string_view value) {
    if (s.websocket != MuxStream::WebSocket::None || s.request() != Request::Receiving ||
        s.response() == Response::Complete) {
        return;  // nobody will read them
    }
    if (!s.trailers) s.trailers = std::make_unique<RequestTrailers>(loop_.config().http_max_header_size);
    s.trailers->add(name, value);
}

void Multiplexer::request_end(MuxStream& s) {
    client_finished(s);
    if (s.websocket != MuxStream::WebSocket::None) {
        // The client ended its side: after its close frame that is the end of the handshake,
        // without one the WebSocket is gone (1006).
        if (s.ws) {
            s.ws->on_transport_closed();
            websocket_settled(s);
        }
        return;
    }
    if (s.request() != Request::Receiving) return;
    if (s.trailers && s.trailers->too_large()) {
        TRIDENT_LOG(Info, "%s stream %lld: request trailer section larger than http_max_header_size", protocol_,
                    (long long)s.id);
        abort_body(s, 431, "Request trailer fields too large");
        return;
    }
    if (s.trailers && !s.trailers->any()) s.trailers.reset();  // every field was one trailers may not carry
    s.set_request(Request::Received);
    forward(s);
}

void Multiplexer::send_body_end(MuxStream& s, server::WorkerPort::Binding b) {
    if (s.trailers) {
        s.trailers->send(port_, b, session(), s.id);
        s.trailers.reset();
    } else {
        port_.send_end(b, session(), s.id);
    }
}

// Moves what the client sent on to the worker, as far as the worker's channel allows. Bytes
// held back keep their flow-control credit, so the client stops sending until they move.
void Multiplexer::forward(MuxStream& s) {
    if (s.request() == Request::Discarded || s.request() == Request::Forwarded) return;
    if (!s.link.active()) {
        if (s.link.state() == WorkerLink::State::Done) drop_pending(s);  // the worker is done with it
        else s.body_rate.restart();  // waiting for a worker: not the client's slowness
        return;
    }
    server::WorkerPort::Binding b = s.link.binding();
    bool end = s.request() == Request::Received;
    if (s.pending_body.empty()) {
        if (end) {
            send_body_end(s, b);
            s.set_request(Request::Forwarded);
        }
        return;
    }
    if (!port_.alive(b)) return;  // on_channel_lost() answers it
    if (port_.congested(b)) {
        s.body_rate.restart();
        port_.wait_for_drain(b, session());  // on_channel_drained() retries every stream
        return;
    }
    if (!s.body_window.open()) {
        // The handler has input_window_size unread: the client waits (its stream window stays
        // closed on these bytes) until the worker credits what the handler read.
        s.body_rate.restart();
        hold_pending(s);
        return;
    }
    port_.send_body(b, session(), s.id, s.pending_body.data(), s.pending_body.size(), end && !s.trailers);
    s.body_window.sent(s.pending_body.size());
    touch(s);  // what we held back has moved on: the client's clock starts again
    if (end) {
        if (s.trailers) send_body_end(s, b);  // the trailers follow the last body byte
        s.set_request(Request::Forwarded);
    }
    credit_pending(s, s.pending_body.size());
    s.pending_body.clear();
}

void Multiplexer::credit_pending(MuxStream& s, size_t n) {
    const size_t conn_done = std::min(s.pending_conn_credited, n);
    if (conn_done) actions_.consume_stream(s, conn_done);
    if (n > conn_done) actions_.consume(s, n - conn_done);
    s.pending_conn_credited -= conn_done;
}

void Multiplexer::hold_pending(MuxStream& s) {
    const size_t n = s.pending_body.size() - s.pending_conn_credited;
    if (n) actions_.consume_connection(s, n);
    s.pending_conn_credited = s.pending_body.size();
}

void Multiplexer::body_credit(MuxStream& s, const ipc::FrameHeader& h, const uint8_t* payload) {
    uint32_t bytes = 0;
    if (ipc::decode_stream_credit(h, payload, bytes) != ipc::DecodeError::None) {
        TRIDENT_LOG(Warning, "%s stream %lld: malformed STREAM_CREDIT dropped", protocol_, (long long)s.id);
        return;
    }
    if (!s.body_window.credited(bytes)) return;
    forward(s);
    actions_.flush();
}

void Multiplexer::on_channel_drained() {
    for (int64_t id : ids()) {
        MuxStream* s = find(id);
        if (!s) continue;
        if (s->ws && s->ws_unconsumed > 0) {
            if (!s->ws->released() && port_.congested(s->ws->owner())) {
                port_.wait_for_drain(s->ws->owner(), session());
                continue;
            }
            if (s->ws->input_held()) {
                actions_.consume_connection(*s, s->ws_unconsumed);
                s->ws_stream_held += s->ws_unconsumed;
            } else {
                actions_.consume(*s, s->ws_unconsumed);
            }
            s->ws_unconsumed = 0;
            continue;
        }
        forward(*s);
    }
    actions_.flush();
}

void Multiplexer::drop_pending(MuxStream& s) {
    s.trailers.reset();  // nothing goes to a worker any more
    if (s.pending_body.empty()) return;
    credit_pending(s, s.pending_body.size());
    std::string().swap(s.pending_body);
}

// The request body cannot be taken (too large, too slow, oversized trailers): the worker forgets
// the request, the client gets `status` (or a reset once the response started), and its further
// data is dropped.
void Multiplexer::abort_body(MuxStream& s, int status, const char* message) {
    ipc::ResetCode why = status == 413   ? ipc::ResetCode::BodyTooLarge
                         : status == 408 ? ipc::ResetCode::BodyTimeout
                                         : ipc::ResetCode::BadBody;
    s.link.reset(port_, session(), s.id, why);
    if (s.response() == Response::None) {
        reject(s, status, message);
        return;
    }
    s.set_request(Request::Discarded);
    drop_pending(s);
    // What the worker still sends for it is dropped as stale.
    if (s.response() != Response::Complete) s.set_response(Response::Complete);
    s.record.finish(loop_, latency_protocol());  // ended by us: logged with what was sent
    reset_client(s, why);
}

void Multiplexer::client_reset(MuxStream& s) {
    if (s.ws) s.ws->on_transport_closed();
    if (s.link.active()) {
        if (!client_has_response(s)) loop_.counters().client_aborts.fetch_add(1, std::memory_order_relaxed);
        s.link.reset(port_, session(), s.id, ipc::ResetCode::Cancel);
    }
    s.link.forget();
    client_finished(s);
    if (s.request() == Request::Receiving || s.request() == Request::Received) s.set_request(Request::Discarded);
    if (s.response() != Response::Complete) s.set_response(Response::Complete);
    drop_pending(s);
}

void Multiplexer::stream_closed(int64_t id) {
    auto it = streams_.find(id);
    if (it == streams_.end()) return;
    MuxStream& s = *it->second;
    if (s.ws) {
        s.ws->on_transport_closed();
        --websockets_;
    }
    release_detached(s);
    if (s.link.active()) {
        // The client reset the stream or the connection died while a worker had it. (A
        // response the client already has completely — HEAD, a bodyless status — is not an
        // abort: the worker is just told to stop.)
        if (!client_has_response(s)) loop_.counters().client_aborts.fetch_add(1, std::memory_order_relaxed);
        s.link.reset(port_, session(), s.id, ipc::ResetCode::Cancel);
    }
    // A bodyless response the client has whole is no abort; anything else still owed is
    // logged as 499 when the record goes (stream/response_record.h).
    if (client_has_response(s)) s.record.finish(loop_, latency_protocol());
    StreamMap::node_type node = streams_.extract(it);
    node.mapped().reset();
    if (spare_nodes_.size() < kSpareNodes) spare_nodes_.push_back(std::move(node));
}

void Multiplexer::close_all(bool client_gone) {
    for (auto& [id, sp] : streams_) {
        MuxStream& s = *sp;
        if (s.ws) s.ws->on_transport_closed();
        release_detached(s);
        if (client_has_response(s)) s.record.finish(loop_, latency_protocol());
        if (!s.link.active()) continue;
        if (client_gone && !client_has_response(s)) {
            loop_.counters().client_aborts.fetch_add(1, std::memory_order_relaxed);
        }
        s.link.reset(port_, session(), s.id, ipc::ResetCode::Cancel);
    }
}

// Our reset ends the client's side of the stream too: nothing more is owed.
void Multiplexer::reset_client(MuxStream& s, ipc::ResetCode why) {
    client_finished(s);
    actions_.reset_stream(s, why);
}

void Multiplexer::client_finished(MuxStream& s) {
    s.client_done = true;
    IntrusiveList::remove(&s.body_link);  // its body timer stops
}

void Multiplexer::touch(MuxStream& s) {
    s.body_clock_ms = monotonic_ms();
    if (!s.body_link.linked()) return;
    IntrusiveList::remove(&s.body_link);
    receiving_.push_back(&s.body_link);
}

int64_t Multiplexer::body_timeout_ms() const { return int64_t(loop_.config().http_header_timeout * 1000); }

static MuxStream* body_owner(ListLink* l) { return static_cast<MuxStream::BodyLink*>(l)->owner; }

int64_t Multiplexer::body_deadline_ms() const {
    int64_t at = INT64_MAX;
    // Oldest first; streams whose bytes we hold back (their clock restarts when they move)
    // are skipped. Without uploads the list is empty.
    for (ListLink* l = receiving_.first(); l != receiving_.end(); l = l->next) {
        MuxStream* s = body_owner(l);
        if (s->owes_body()) {
            at = s->body_clock_ms + body_timeout_ms();
            break;
        }
    }
    // WebSockets' idle pings and close timeouts (at most max_concurrent_streams to look at).
    if (websockets_ > 0) {
        for (const auto& [id, sp] : streams_) {
            if (sp->ws) at = std::min(at, sp->ws->next_tick_ms());
        }
    }
    return at;
}

void Multiplexer::expire_bodies(int64_t now_ms) {
    if (websockets_ > 0) {
        for (int64_t id : ids()) {
            MuxStream* s = find(id);
            if (!s || !s->ws || s->ws->next_tick_ms() > now_ms) continue;
            s->ws->on_tick(now_ms);
            websocket_settled(*s);
        }
    }
    std::vector<int64_t> due;
    for (ListLink* l = receiving_.first(); l != receiving_.end(); l = l->next) {
        MuxStream* s = body_owner(l);
        if (s->body_clock_ms + body_timeout_ms() > now_ms) break;  // the rest are younger
        if (s->owes_body()) due.push_back(s->id);
    }
    if (due.empty()) return;
    TRIDENT_LOG(Info, "%s request body timeout (%zu stream(s))", protocol_, due.size());
    loop_.counters().timeouts.fetch_add(due.size(), std::memory_order_relaxed);
    for (int64_t id : due) {
        MuxStream* s = find(id);
        if (!s) continue;
        if (s->awaiting_body()) {
            abort_body(*s, 408, "Request Timeout");
            continue;
        }
        // Answered already; the rest of the upload goes nowhere and has stalled: the client
        // may stop sending, without error (RFC 9113 8.1, RFC 9114 4.1.2).
        client_finished(*s);
        reset_client(*s, ipc::ResetCode::NoError);
    }
}

void Multiplexer::on_channel_lost(server::WorkerPort::Binding b) {
    for (int64_t id : ids()) {
        MuxStream* s = find(id);
        if (s && s->ws) {
            s->ws->on_channel_lost(b);
            websocket_settled(*s);
            continue;
        }
        if (!s || !s->link.lost(b)) continue;
        loop_.counters().worker_lost_requests.fetch_add(1, std::memory_order_relaxed);
        if (s->response() == Response::None) {
            reject(*s, 502, "Bad Gateway");
        } else if (s->response() == Response::Started) {
            s->set_response(Response::Complete);
            s->record.finish(loop_, latency_protocol());  // ended by us: logged with what was sent
            reset_client(*s, ipc::ResetCode::Internal);
        }
    }
    actions_.flush();
}

// --- responses -----------------------------------------------------------------------------

void Multiplexer::on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) {
    MuxStream* s = find(h.stream_id);
    if (h.type == ipc::FrameType::StreamDetach) {
        if (s) detach(*s, h, payload);
        else loop_.counters().stale_frames_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    if (h.type == ipc::FrameType::StreamCredit) {
        // Credit races the stream's end: for a stream that is gone it is simply not needed.
        if (s) body_credit(*s, h, payload);
        return;
    }
    if (!s || s->response() == Response::Complete) {
        loop_.counters().stale_frames_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    bool end = (h.flags & ipc::kFlagEndStream) != 0;
    switch (h.type) {
        case ipc::FrameType::ResponseHead:
            if (s->response() != Response::None) break;
            if (h.flags & ipc::kFlagInterim) {
                response_interim(*s, payload, len);
                break;
            }
            if (h.flags & ipc::kFlagUpgradeAccepted) {
                accept_websocket(*s, h, payload, len);
                break;
            }
            if (s->websocket == MuxStream::WebSocket::Requested) {
                // Answered like a plain request: the upgrade is refused.
                s->websocket = MuxStream::WebSocket::None;
                std::string().swap(s->ws_early);
                loop_.counters().websocket_upgrades_refused.fetch_add(1, std::memory_order_relaxed);
            }
            response_head(*s, payload, len, end);
            break;
        case ipc::FrameType::ResponseBody:
        case ipc::FrameType::ResponseEnd: {
            if (s->response() != Response::Started) break;
            bool last = end || h.type == ipc::FrameType::ResponseEnd;
            size_t n = h.type == ipc::FrameType::ResponseBody ? len : 0;
            // A detached response has no credit window (any worker writes it): a client that
            // lets 4 MiB pile up is reset instead.
            if (s->detached_id != 0 && actions_.queued(*s) + n > kMaxDetachedUnsent) {
                TRIDENT_LOG(Info, "%s detached response %llu: the client let %zu bytes pile up, resetting", protocol_,
                            (unsigned long long)s->detached_id, actions_.queued(*s));
                loop_.counters().send_timeouts.fetch_add(1, std::memory_order_relaxed);
                s->set_response(Response::Complete);
                s->record.finish(loop_, latency_protocol());  // ended by us: logged with what was sent
                release_detached(*s);
                reset_client(*s, ipc::ResetCode::Internal);
                break;
            }
            if (s->has_body) s->record.bytes += n;
            if (s->has_body && (n > 0 || last)) actions_.append_body(*s, n ? payload : nullptr, n, last);
            if (last) complete(*s);
            break;
        }
        case ipc::FrameType::ResponseTrailers:
            if (s->response() == Response::Started) response_trailers(*s, payload, len);
            break;
        case ipc::FrameType::StreamReset:
            // The handler abandoned the request: 500 if nothing went out, else a reset.
            s->link.release(port_);
            if (s->response() == Response::None) {
                reject(*s, 500, "Internal Server Error");
            } else {
                s->set_response(Response::Complete);
                s->record.finish(loop_, latency_protocol());  // ended by us: logged with what was sent
                reset_client(*s, ipc::ResetCode::Internal);
            }
            break;
        default:
            return;
    }
    actions_.flush();
}

void Multiplexer::response_head(MuxStream& s, const uint8_t* payload, size_t len, bool end) {
    ipc::ResponseHeadView v;
    if (ipc::decode_response_head(payload, len, v) != ipc::DecodeError::None || v.status < 100 || v.status > 999) {
        TRIDENT_LOG(Error, "worker sent a malformed RESPONSE_HEAD");
        // reject() resets the worker's stream: the handler may still be writing.
        reject(s, 502, "Bad Gateway");
        return;
    }
    static thread_local http::ResponseFields rf;
    std::string_view alt_svc = owner_.listener ? std::string_view(owner_.listener->alt_svc) : std::string_view();
    http::ResponseFields::Head head;
    head.complete = end;
    head.head_method = s.head_method;
    head.date = loop_.http_date();
    head.alt_svc = alt_svc;
    rf.build(v, head);
    bool no_body = s.head_method || http::ResponseFields::bodyless_status(v.status);
    // A streamed response (no END yet) keeps the stream open for RESPONSE_BODY frames even
    // when its first part is empty.
    s.has_body = !no_body && !(end && v.body.empty());
    s.set_response(Response::Started);
    s.record.status = uint16_t(v.status);
    if (!actions_.submit_head(s, v.status, rf.fields(), s.has_body)) {
        TRIDENT_LOG(Info, "%s stream %lld: the response head was refused", protocol_, (long long)s.id);
        s.set_response(Response::Complete);
        s.record.finish(loop_, latency_protocol());  // ended by us: logged with what was sent
        // A streaming handler would otherwise wait forever for credit this stream never returns.
        s.link.reset(port_, session(), s.id, ipc::ResetCode::Cancel);
        reset_client(s, ipc::ResetCode::Internal);
        return;
    }
    if (s.has_body) {
        s.link.set_head_body(v.body.size());
        s.record.bytes += v.body.size();
        if (!v.body.empty() || end) {
            actions_.append_body(s, reinterpret_cast<const uint8_t*>(v.body.data()), v.body.size(), end);
        }
    }
    if (end) complete(s);
}

// 103 Early Hints and the like: the handler's fields under the shared policy, without Date or
// Alt-Svc (they belong to the final response), and the stream's state does not move.
void Multiplexer::response_interim(MuxStream& s, const uint8_t* payload, size_t len) {
    ipc::ResponseHeadView v;
    if (ipc::decode_response_head(payload, len, v) != ipc::DecodeError::None || !ipc::is_interim_status(v.status)) {
        TRIDENT_LOG(Error, "worker sent a malformed interim RESPONSE_HEAD");
        return;
    }
    static thread_local http::ResponseFields rf;
    http::ResponseFields::Head head;
    rf.build(v, head);
    if (!actions_.submit_interim(s, v.status, rf.fields())) {
        TRIDENT_LOG(Info, "%s stream %lld: the interim response was refused", protocol_, (long long)s.id);
        return;
    }
    loop_.counters().interim_responses.fetch_add(1, std::memory_order_relaxed);
}

void Multiplexer::response_trailers(MuxStream& s, const uint8_t* payload, size_t len) {
    ipc::ResponseHeadView v;
    static thread_local http::ResponseFields rf;
    bool ok = ipc::decode_response_trailers(payload, len, v) == ipc::DecodeError::None;
    if (ok) rf.build_trailers(v);
    if (s.has_body && (!ok || rf.fields().empty() || !actions_.submit_trailers(s, rf.fields()))) {
        actions_.append_body(s, nullptr, 0, true);  // without trailers the body just ends
    }
    complete(s);
}

void Multiplexer::complete(MuxStream& s) {
    s.set_response(Response::Complete);
    release_detached(s);
    s.link.release(port_);
    loop_.counters().responses_total.fetch_add(1, std::memory_order_relaxed);
    s.record.finish(loop_, latency_protocol());
}

void Multiplexer::respond_local(MuxStream& s, int status, const char* message) {
    loop_.counters().bad_requests.fetch_add(status >= 500 ? 0 : 1, std::memory_order_relaxed);
    LocalResponse r(status, message, loop_.http_date());
    s.has_body = !s.head_method;
    if (s.response() == Response::None) {
        s.set_response(Response::Started);
        s.record.status = uint16_t(status);
        if (!s.head_method) s.record.bytes += r.body().size();
        // Answered before a head went to a worker (431, 501, 502, ...): the log line still
        // names the client.
        ipc::ConnectionInfo ci;
        if (!s.record.request && loop_.access_log() && actions_.connection_info(ci)) {
            ci.protocol = s.protocol;
            s.record.capture_peer(loop_, ci, session(), s.id);
        }
        s.record.finish(loop_, latency_protocol());
    }
    if (s.response() == Response::Started) s.set_response(Response::Complete);
    if (!actions_.submit_head(s, unsigned(status), r.fields(), s.has_body)) return;
    if (s.has_body) actions_.append_body(s, reinterpret_cast<const uint8_t*>(r.body().data()), r.body().size(), true);
}

void Multiplexer::body_taken(MuxStream& s, uint64_t n) {
    // A WebSocket's frames are its body: bytes nghttp2 took (HTTP/2) or the client acknowledged
    // (HTTP/3) have left the reactor's hands for good, so their push credit goes back.
    if (s.ws) {
        s.ws->on_output_drained();
        return;
    }
    // So are the bytes of a detached response, whose writers were charged in the registry.
    if (s.detached_id != 0) {
        port_.push_credit_returned(s.detached_id, n);
        return;
    }
    s.link.taken(port_, session(), s.id, n);
}

// --- Detached responses ------------------------------------------------------------------------

void Multiplexer::detach(MuxStream& s, const ipc::FrameHeader& h, const uint8_t* payload) {
    uint8_t kind = 0;
    const bool ok = ipc::decode_stream_detach(h, payload, kind) == ipc::DecodeError::None;
    const ipc::Protocol proto = s.protocol;
    if (!s.link.active()) return;  // the worker was told the stream is gone
    if (!ok || s.response() != Response::Started || s.detached_id != 0 || !s.has_body) {
        port_.detach_stream(s.link.binding(), session(), s.id, 0, proto);  // answers 0
        return;
    }
    const uint64_t id = port_.detach_stream(s.link.binding(), session(), s.id, kind, proto);
    if (id == 0) return;
    s.detached_id = id;
    ++detached_;
    // No credit and no reset go to the request's worker from now on.
    s.link.release(port_);
}

void Multiplexer::release_detached(MuxStream& s) {
    if (s.detached_id == 0) return;
    port_.release_stream(s.detached_id);
    s.detached_id = 0;
    --detached_;
}

void Multiplexer::end_detached() {
    if (detached_ == 0) return;
    for (int64_t id : ids()) {
        MuxStream* s = find(id);
        if (!s || s->detached_id == 0 || s->response() != Response::Started) continue;
        actions_.append_body(*s, nullptr, 0, true);
        complete(*s);
    }
}

// --- WebSockets over extended CONNECT -------------------------------------------------------

// The WebSocket's frames are the stream's response body; its end is the stream's END_STREAM.
class Multiplexer::WsTransport final : public WebSocketTransport {
public:
    WsTransport(Multiplexer& m, MuxStream& s) : m_(m), s_(s) {}
    bool send(std::string_view a, std::string_view b) override {
        if (ended_) return false;
        if (s_.ws && !s_.ws->may_queue(buffered())) return false;
        if (!a.empty()) m_.actions_.append_body(s_, reinterpret_cast<const uint8_t*>(a.data()), a.size(), false);
        if (!b.empty()) m_.actions_.append_body(s_, reinterpret_cast<const uint8_t*>(b.data()), b.size(), false);
        return true;
    }
    void close_transport() override {
        if (ended_) return;
        ended_ = true;
        m_.actions_.append_body(s_, nullptr, 0, true);
    }
    size_t buffered() const override { return m_.actions_.queued(s_); }
    bool ended() const { return ended_; }

private:
    Multiplexer& m_;
    MuxStream& s_;
    bool ended_ = false;
};

bool Multiplexer::websocket_request(MuxStream& s, const ipc::RequestHeadIn& in, std::string_view protocol,
                                    bool end_stream) {
    websocket::ConnectRequest cr;
    cr.method = in.method;
    cr.protocol = protocol;
    cr.scheme = in.scheme;
    cr.path = in.target;
    cr.authority = in.authority;
    cr.headers = in.headers;
    cr.header_count = in.header_count;
    const websocket::HandshakeResult hr = websocket::check_extended_connect(cr);
    if (!hr.ok() || end_stream) {
        loop_.counters().websocket_upgrades_refused.fetch_add(1, std::memory_order_relaxed);
        // A :protocol we do not speak is a CONNECT we do not implement.
        if (hr.error == websocket::HandshakeError::NotWebSocket) reject(s, 501, "Not Implemented");
        else reject(s, hr.ok() ? 400 : hr.status, hr.ok() ? "extended CONNECT ended its stream" : websocket::describe(hr.error));
        return false;
    }
    s.websocket = MuxStream::WebSocket::Requested;
        if (loop_.config().websocket_compression) {
        s.ws_deflate = websocket::negotiate_deflate(in.headers, in.header_count, websocket::DeflateConfig{},
                                                    s.ws_deflate_params);
    }
    // The stream's DATA is the WebSocket's, never a request body: no body timer, no limit, and
    // the worker has the whole request with the head.
    IntrusiveList::remove(&s.body_link);
    s.set_request(Request::Received);
    return true;
}

void Multiplexer::websocket_data(MuxStream& s, const uint8_t* data, size_t len) {
    if (!s.ws) {
        // Before the accept (a client should wait for it, RFC 8441 §5): kept, within a bound.
        if (s.websocket == MuxStream::WebSocket::Requested && s.ws_early.size() + len <= 64 * 1024) {
            s.ws_early.append(reinterpret_cast<const char*>(data), len);
        }
        actions_.consume(s, len);
        return;
    }
    s.ws->on_bytes(std::string_view(reinterpret_cast<const char*>(data), len));
    // Inbound backpressure: while the owner's channel is congested the credit is held back, so
    // the client's flow control stops it instead of the reactor queueing its messages.
    if (!s.ws->released() && port_.congested(s.ws->owner())) {
        s.ws_unconsumed += len;
        port_.wait_for_drain(s.ws->owner(), session());
    } else if (s.ws->input_held()) {
        // The owner has input_window_size of messages unconsumed: this stream's window stays
        // closed on these bytes until its STREAM_CREDIT; the connection's reopens now, so the
        // connection's other streams keep flowing.
        actions_.consume_connection(s, len);
        s.ws_stream_held += len;
    } else {
        actions_.consume(s, len);
    }
    websocket_settled(s);
}

void Multiplexer::on_ws_credit(int from, int64_t stream, uint32_t bytes) {
    MuxStream* s = find(stream);
    if (!s || !s->ws || !s->ws->on_credit(from, bytes)) return;
    if (s->ws_stream_held > 0) {
        actions_.consume_stream(*s, s->ws_stream_held);
        s->ws_stream_held = 0;
    }
    actions_.flush();
}

void Multiplexer::accept_websocket(MuxStream& s, const ipc::FrameHeader& h, const uint8_t* payload, size_t len) {
    ipc::FrameHeader fh = h;
    fh.length = uint32_t(len);
    ipc::ResponseHeadView v;
    if (s.websocket != MuxStream::WebSocket::Requested ||
        ipc::decode_upgrade_accept(fh, payload, v) != ipc::DecodeError::None) {
        TRIDENT_LOG(Error, "worker sent a malformed WebSocket accept");
        reject(s, 502, "Bad Gateway");
        return;
    }
    const server::WorkerPort::Binding owner = s.link.binding();
    const uint64_t id = port_.open_websocket(owner, session(), s.id, s.id, s.protocol);
    if (id == 0) {
        TRIDENT_LOG(Warning, "WebSocket refused: max_websocket_connections reached");
        loop_.counters().websocket_upgrades_refused.fetch_add(1, std::memory_order_relaxed);
        s.link.reset(port_, session(), s.id, ipc::ResetCode::Refused);
        reject(s, 503, "Too many WebSocket connections");
        return;
    }
    // 200 (RFC 8441 §5): the handler's own fields through the shared policy, the extension
    // we agreed, and the stream stays open.
    static thread_local http::ResponseFields rf;
    http::ResponseFields::Head head;
    head.complete = false;
    head.date = loop_.http_date();
    rf.build(v, head);
    static thread_local std::vector<HeaderField> fields;
    fields.clear();
    for (const HeaderField& f : rf.fields()) {
        if (f.name != "sec-websocket-extensions" && f.name != "sec-websocket-accept") fields.push_back(f);
    }
    std::string ext;
    if (s.ws_deflate) {
        ext = websocket::deflate_response(s.ws_deflate_params);
        fields.push_back(HeaderField{"sec-websocket-extensions", ext});
    }
    s.set_response(Response::Started);
    s.has_body = true;
    if (!actions_.submit_head(s, 200, fields, true)) {
        s.set_response(Response::Complete);
        s.record.finish(loop_, latency_protocol());  // ended by us: logged with what was sent
        s.link.reset(port_, session(), s.id, ipc::ResetCode::Cancel);
        port_.close_websocket(owner, id, 1011, {});
        reset_client(s, ipc::ResetCode::Internal);
        return;
    }
    // From now on the stream is the WebSocket's, not a request of the worker's.
    s.link.release(port_);
    s.link.forget();
    loop_.counters().responses_total.fetch_add(1, std::memory_order_relaxed);
    s.record.status = 200;
    s.record.finish(loop_, latency_protocol());
    s.websocket = MuxStream::WebSocket::Open;
    s.ws_transport = std::make_unique<WsTransport>(*this, s);
    s.ws = std::make_unique<WebSocketStream>(loop_, port_, *s.ws_transport, id, owner,
                                             s.ws_deflate ? &s.ws_deflate_params : nullptr);
    ++websockets_;
    s.ws->start();
    if (!s.ws_early.empty()) {
        std::string early;
        early.swap(s.ws_early);
        s.ws->on_bytes(early);
    }
    websocket_settled(s);
}

void Multiplexer::websocket_settled(MuxStream& s) {
    if (!s.ws || !s.ws->closed()) return;
    // The close handshake is over (or the WebSocket failed): our side of the stream ends
    // (END_STREAM after the close frame). The client ends its own (RFC 8441 §5: an orderly
    // close is END_STREAM both ways); a reset here could overtake the queued close frame.
    static_cast<WsTransport&>(*s.ws_transport).close_transport();
    if (s.response() != Response::Complete) s.set_response(Response::Complete);
}

void Multiplexer::on_ws_push(int from, int64_t stream, const ipc::FrameHeader& h, const uint8_t* payload) {
    MuxStream* s = find(stream);
    if (!s || !s->ws) {
        loop_.counters().websocket_pushes_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    s->ws->on_push(from, h, payload);
    websocket_settled(*s);
    actions_.flush();
}

void Multiplexer::on_ws_owner_draining(int64_t stream) {
    MuxStream* s = find(stream);
    if (!s || !s->ws) return;
    s->ws->on_owner_draining();
    websocket_settled(*s);
    actions_.flush();
}

void Multiplexer::shutdown_websockets() {
    if (websockets_ == 0) return;
    for (int64_t id : ids()) {
        MuxStream* s = find(id);
        if (!s || !s->ws) continue;
        s->ws->on_shutdown();
        websocket_settled(*s);
    }
}

}  // namespace trident::stream

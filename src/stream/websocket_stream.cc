#include "stream/websocket_stream.h"

#include <algorithm>

#include "trident/core/clock.h"
#include "trident/core/log.h"
#include "trident/websocket/protocol.h"

namespace trident::stream {

namespace cc = websocket::close_code;

namespace {

// A push split over several WS_PUSH frames is reassembled before it is framed; past this it
// is dropped (bounded reactor memory whatever a worker sends).
size_t max_push_size(const server::ServerConfig& c) { return std::max<size_t>(c.websocket_max_message_size, 16u << 20); }

// The session's own outbound bound is off here: pushes are bounded by their credit, which the
// workers check before sending and this stream checks again (on_push), in message bytes.
WebSocketSettings stream_settings(const server::ServerConfig& c) {
    WebSocketSettings s = websocket_settings(c);
    s.max_outbound = 0;
    return s;
}

bool is_data(uint8_t opcode) { return opcode == uint8_t(ipc::WsOpcode::Text) || opcode == uint8_t(ipc::WsOpcode::Binary); }

}  // namespace

WebSocketStream::WebSocketStream(server::Loop& loop, server::WorkerPort& port, WebSocketTransport& transport,
                                 uint64_t id, server::WorkerPort::Binding owner,
                                 const websocket::DeflateParams* deflate)
    : loop_(loop),
      port_(port),
      transport_(transport),
      id_(id),
      owner_(owner),
      settings_(stream_settings(loop.config())),
      session_(id, transport, *this, settings_, monotonic_ms()),
      inbound_(loop.config().input_window_size) {
    if (deflate && !session_.enable_deflate(*deflate)) deflate_failed_ = true;
}

WebSocketStream::~WebSocketStream() {
    if (!released_) port_.close_websocket(owner_, id_, cc::kAbnormalClosure, {});
}

void WebSocketStream::start() {
    if (!deflate_failed_) return;
    // zlib could not allocate, but the handshake already promised deflate.
    TRIDENT_LOG(Error, "WebSocket %llu: permessage-deflate could not be set up", (unsigned long long)id_);
    session_.close(cc::kInternalError, "compression unavailable", monotonic_ms());
    note_state();
}

void WebSocketStream::note_state() {
    if (closing_noted_ || released_ || session_.state() == WebSocketSession::State::Open) return;
    closing_noted_ = true;
    port_.websocket_closing(id_);
}

void WebSocketStream::on_bytes(std::string_view bytes) {
    session_.on_bytes(bytes, monotonic_ms());
    note_state();
}

void WebSocketStream::on_tick(int64_t now_ms) {
    if (input_held()) session_.input_held(now_ms);
    session_.on_idle_tick(now_ms);
    note_state();
}

void WebSocketStream::on_transport_closed() { session_.on_transport_closed(); }

void WebSocketStream::on_message(uint64_t, uint8_t opcode, std::string_view data) {
    if (released_) return;
    if (port_.send_ws_message(owner_, id_, opcode, data)) inbound_.sent(ipc::ws_message_charge(data.size()));
}

bool WebSocketStream::on_credit(int from, uint32_t bytes) {
    if (from != owner_ || released_) return false;
    if (!inbound_.credited(bytes) || input_held()) return false;
    session_.input_held(monotonic_ms());  // the peer's silence until now was ours
    return true;
}

void WebSocketStream::on_closed(uint64_t, uint16_t code, std::string_view reason) { detach(code, reason); }

void WebSocketStream::detach(uint16_t code, std::string_view reason) {
    if (released_) return;
    released_ = true;
    // The release resets the credit (and wakes its waiters): nothing held is owed any more.
    held_pushes_.clear();
    held_ = 0;
    port_.close_websocket(owner_, id_, code, reason);
}

void WebSocketStream::return_credit(uint64_t bytes) {
    if (bytes > 0 && !released_) port_.push_credit_returned(id_, bytes);
}

void WebSocketStream::drop_push(uint64_t bytes) {
    loop_.counters().websocket_pushes_dropped.fetch_add(1, std::memory_order_relaxed);
    return_credit(bytes);
}

void WebSocketStream::on_output_drained() {
    if (held_pushes_.empty()) return;
    const uint64_t queued = session_.stats().bytes_out;
    // What the transport still holds may include bytes that are not the session's (the end of
    // the 101, TLS records): counted as unsent, so credit is never returned early.
    const uint64_t buffered = transport_.buffered();
    const uint64_t out = queued > buffered ? queued - buffered : 0;
    uint64_t gone = 0;
    while (!held_pushes_.empty() && held_pushes_.front().end <= out) {
        gone += held_pushes_.front().bytes;
        held_pushes_.pop_front();
    }
    if (gone == 0) return;
    held_ -= gone;
    return_credit(gone);
}

void WebSocketStream::on_push(int from, const ipc::FrameHeader& h, const uint8_t* payload) {
    server::SharedState& counters = loop_.counters();
    ipc::WsPushView v;
    if (ipc::decode_ws_push(h, payload, v) != ipc::DecodeError::None) {
        TRIDENT_LOG(Warning, "WebSocket %llu: malformed WS_PUSH dropped", (unsigned long long)id_);
        counters.websocket_pushes_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    // Every data byte a worker pushed was charged to the credit: each is given back exactly
    // once, when it is written out or dropped.
    const uint64_t frame_charge = is_data(uint8_t(v.opcode)) ? v.data.size() : 0;
    if (closed()) {
        drop_push(frame_charge);
        return;
    }
    auto it = std::find_if(partials_.begin(), partials_.end(), [&](const Partial& p) { return p.from == from; });
    std::string_view data = v.data;
    if (v.more || it != partials_.end()) {
        if (it == partials_.end()) {
            partials_.push_back(Partial{from, uint8_t(v.opcode), v.flags, {}});
            it = partials_.end() - 1;
        }
        if (it->data.size() + data.size() > max_push_size(loop_.config())) {
            TRIDENT_LOG(Warning, "WebSocket %llu: a push larger than %zu bytes was dropped", (unsigned long long)id_,
                        max_push_size(loop_.config()));
            const uint64_t had = it->data.size();
            partials_.erase(it);
            drop_push(had + frame_charge);
            return;
        }
        it->data.append(data.data(), data.size());
        if (v.more) return;
    }
    std::string whole;
    uint8_t opcode = uint8_t(v.opcode);
    uint8_t flags = v.flags;
    if (it != partials_.end()) {
        whole.swap(it->data);
        opcode = it->opcode;
        flags = it->flags;
        partials_.erase(it);
        data = whole;
    }
    const bool message = is_data(opcode);
    const uint64_t charge = message ? data.size() : 0;
    // The credit's bound, checked again on what this stream holds: a worker that charged first
    // never trips it (everything held was charged alongside it), so it only keeps the reactor's
    // memory bounded against a push that skipped the credit.
    if (message && held_ > 0 && held_ + charge > server::StreamRegistry::kPushBound) {
        drop_push(charge);
        return;
    }
    in_push_ = message;
    // A close push carries its code little-endian (ipc/frame.h), as the decoder read it; the
    // session's push() takes RFC 6455 close bytes (network order), so it is not the way in.
    const auto r = opcode == uint8_t(ipc::WsOpcode::Close)
                       ? session_.close(v.close_code, v.reason, monotonic_ms())
                       : session_.push(opcode, data, (flags & ipc::kWsPushCompress) != 0, monotonic_ms());
    in_push_ = false;
    note_state();
    switch (r) {
        case WebSocketSession::PushResult::Sent:
            if (message) {
                counters.websocket_messages_out.fetch_add(1, std::memory_order_relaxed);
                if (charge > 0 && !released_) {
                    held_pushes_.push_back(Held{session_.stats().bytes_out, charge});
                    held_ += charge;
                    // HTTP/1.1 may have written it straight to the socket.
                    on_output_drained();
                }
            }
            break;
        case WebSocketSession::PushResult::Invalid:
            TRIDENT_LOG(Warning, "WebSocket %llu: invalid push dropped (opcode %d, %zu bytes)", (unsigned long long)id_,
                        int(opcode), data.size());
            drop_push(charge);
            break;
        case WebSocketSession::PushResult::Full:
        case WebSocketSession::PushResult::Closed:
            drop_push(charge);
            break;
    }
}

void WebSocketStream::on_channel_lost(server::WorkerPort::Binding b) {
    // A half-received push from that worker will never be completed: its bytes are given back
    // (what the dead worker charged and never sent cannot be known here: see "Push credit").
    uint64_t lost = 0;
    for (const Partial& p : partials_) {
        if (p.from == b && is_data(p.opcode)) lost += p.data.size();
    }
    return_credit(lost);
    partials_.erase(std::remove_if(partials_.begin(), partials_.end(), [&](const Partial& p) { return p.from == b; }),
                    partials_.end());
    if (b != owner_ || released_) return;
    // Its worker died: nobody handles this WebSocket any more.
    detach(cc::kInternalError, "worker exited");
    session_.close(cc::kInternalError, "worker exited", monotonic_ms());
}

void WebSocketStream::on_owner_draining() {
    if (released_ || closed()) return;
    // Reload or max_request: the worker stops; the client is told to come back.
    detach(cc::kGoingAway, "server going away");
    session_.close(cc::kGoingAway, "server going away", monotonic_ms());
}

void WebSocketStream::on_shutdown() {
    if (closed()) return;
    session_.close(cc::kGoingAway, "server shutting down", monotonic_ms());
    note_state();
}

}  // namespace trident::stream

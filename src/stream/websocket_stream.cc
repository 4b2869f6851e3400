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

}  // namespace

WebSocketStream::WebSocketStream(server::Loop& loop, server::WorkerPort& port, WebSocketTransport& transport,
                                 uint64_t id, server::WorkerPort::Binding owner,
                                 const websocket::DeflateParams* deflate)
    : loop_(loop),
      port_(port),
      id_(id),
      owner_(owner),
      settings_(websocket_settings(loop.config())),
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
    port_.close_websocket(owner_, id_, code, reason);
}

void WebSocketStream::on_push(int from, const ipc::FrameHeader& h, const uint8_t* payload) {
    server::SharedState& counters = loop_.counters();
    ipc::WsPushView v;
    if (ipc::decode_ws_push(h, payload, v) != ipc::DecodeError::None) {
        TRIDENT_LOG(Warning, "WebSocket %llu: malformed WS_PUSH dropped", (unsigned long long)id_);
        counters.websocket_pushes_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    if (closed()) {
        counters.websocket_pushes_dropped.fetch_add(1, std::memory_order_relaxed);
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
            partials_.erase(it);
            counters.websocket_pushes_dropped.fetch_add(1, std::memory_order_relaxed);
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
    const bool is_data = opcode == uint8_t(ipc::WsOpcode::Text) || opcode == uint8_t(ipc::WsOpcode::Binary);
    in_push_ = is_data;
    // A close push carries its code little-endian (ipc/frame.h), as the decoder read it; the
    // session's push() takes RFC 6455 close bytes (network order), so it is not the way in.
    const auto r = opcode == uint8_t(ipc::WsOpcode::Close)
                       ? session_.close(v.close_code, v.reason, monotonic_ms())
                       : session_.push(opcode, data, (flags & ipc::kWsPushCompress) != 0, monotonic_ms());
    in_push_ = false;
    note_state();
    switch (r) {
        case WebSocketSession::PushResult::Sent:
            if (is_data) counters.websocket_messages_out.fetch_add(1, std::memory_order_relaxed);
            break;
        case WebSocketSession::PushResult::Invalid:
            TRIDENT_LOG(Warning, "WebSocket %llu: invalid push dropped (opcode %d, %zu bytes)", (unsigned long long)id_,
                        int(opcode), data.size());
            counters.websocket_pushes_dropped.fetch_add(1, std::memory_order_relaxed);
            break;
        case WebSocketSession::PushResult::Full:
        case WebSocketSession::PushResult::Closed:
            counters.websocket_pushes_dropped.fetch_add(1, std::memory_order_relaxed);
            break;
    }
}

void WebSocketStream::on_channel_lost(server::WorkerPort::Binding b) {
    // A half-received push from that worker will never be completed.
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

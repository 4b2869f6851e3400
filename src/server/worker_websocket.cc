// The worker's side of WebSockets (issue 12): accepting an upgrade, the WS_OPEN / WS_MESSAGE /
// WS_CLOSED frames of the WebSockets this worker accepted, and WS_PUSH to any WebSocket of the
// server. The contract is ipc/frame.h ("WebSocket streams"); ids are the stream registry's.
#include <cstddef>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "trident/core/log.h"
#include "trident/server/runtime.h"
#include "trident/server/shared_state.h"
#include "trident/server/stream_registry.h"
#include "trident/server/worker.h"

namespace trident::server {

namespace {
WorkerRequest* request_of(ListLink* l) {
    return reinterpret_cast<WorkerRequest*>(reinterpret_cast<char*>(l) - offsetof(WorkerRequest, live_link));
}
bool is_control(ipc::WsOpcode op) {
    return op == ipc::WsOpcode::Close || op == ipc::WsOpcode::Ping || op == ipc::WsOpcode::Pong;
}
}  // namespace

bool Worker::accept_websocket(WorkerRequest* r, const HeaderField* headers, size_t count) {
    if ((r->head.conn.flags & ipc::kRequestFlagWebSocket) == 0 || r->finished || r->aborted || r->head_sent) return false;
    size_t size = ipc::response_head_fixed_size();
    for (size_t i = 0; i < count; ++i) size += ipc::header_field_size(headers[i].name, headers[i].value);
    if (size > ipc::kMaxPayload) return false;
    ipc::ResponseHeadWriter w(wbuf_.data(), ipc::kMaxPayload, 101);
    for (size_t i = 0; i < count; ++i) w.add_header(headers[i].name, headers[i].value);
    w.set_body(std::string_view());
    if (w.overflow()) return false;
    ipc::FrameHeader h;
    h.type = ipc::FrameType::ResponseHead;
    h.flags = ipc::kFlagUpgradeAccepted;
    h.session_id = r->session_id;
    h.stream_id = r->stream_id;
    h.length = uint32_t(w.size());
    // Pending before the send: a full queue may suspend the caller, and a reset that arrives
    // meanwhile must find the request pending to release the reference taken here.
    retain(r);
    r->head_sent = true;
    r->upgrade_pending = true;
    bool sent = send_frame(r->channel, h, wbuf_.data(), w.size(), nullptr, 0);
    if (!sent && r->upgrade_pending) {
        r->upgrade_pending = false;
        release(r);  // the caller still holds its own reference
    }
    return sent && !r->aborted;
}

void Worker::ws_open(int index, const ipc::FrameHeader& h, const uint8_t* payload) {
    uint64_t id = 0;
    if (ipc::decode_ws_open(h, payload, id) != ipc::DecodeError::None) {
        TRIDENT_LOG(Error, "worker #%d: malformed WS_OPEN from reactor %d", worker_id_, index);
        return;
    }
    WorkerRequest* r = nullptr;
    for (ListLink* l = live_.first(); l != live_.end() && !r; l = l->next) {
        WorkerRequest* c = request_of(l);
        if (c->channel == index && c->session_id == h.session_id && c->stream_id == h.stream_id && c->upgrade_pending) r = c;
    }
    if (r == nullptr) {
        // Not an upgrade this worker is waiting for: nobody here would ever serve it.
        TRIDENT_LOG(Warning, "worker #%d: WS_OPEN for a request that did not accept an upgrade; closing it", worker_id_);
        ws_close(id, 1011, "");
        return;
    }
    r->upgrade_pending = false;
    r->websocket_id = id;
    WebSocket& ws = websockets_[id];
    ws.channel = index;
    // The request is complete (in flight, requests_handled and max_request saw it as one).
    finish(r);
    ++handler_depth_;
    hooks_.on_websocket_open(*this, r, id);
    --handler_depth_;
    release(r);  // the reference accept_websocket took
}

void Worker::ws_message(int index, const ipc::FrameHeader& h, const uint8_t* payload) {
    ipc::WsMessageView m;
    if (ipc::decode_ws_message(h, payload, m) != ipc::DecodeError::None) {
        TRIDENT_LOG(Error, "worker #%d: malformed WS_MESSAGE from reactor %d", worker_id_, index);
        return;
    }
    uint64_t id = h.session_id;
    auto it = websockets_.find(id);
    if (it == websockets_.end() || it->second.channel != index) return;  // not ours, or closed
    WebSocket& ws = it->second;
    if (!ws.receiving) {
        ws.receiving = true;
        ws.discarding = false;
        ws.opcode = m.opcode;
        ws.partial.clear();
        ws.message_bytes = 0;
    } else if (m.opcode != ws.opcode) {
        // frame.h: every frame of a message repeats its first opcode. A reactor that broke
        // that cannot be trusted with the rest of this message.
        TRIDENT_LOG(Error, "worker #%d: WS_MESSAGE opcode changed inside a message; dropping it", worker_id_);
        ws.discarding = true;
    }
    if (!ws.discarding) {
        if (ws.partial.size() + m.data.size() > config_.websocket_max_message_size) {
            // The reactor enforces the same bound; this one only keeps our memory to it.
            ws.discarding = true;
            std::string().swap(ws.partial);
            ws_close(id, 1009, "message too big");
        } else if (m.more || !ws.partial.empty()) {
            ws.partial.append(m.data.data(), m.data.size());
        }
    }
    ws.message_bytes += m.data.size();
    if (m.more) return;
    ws.receiving = false;
    if (ws.discarding) {
        ws.discarding = false;
        std::string().swap(ws.partial);
        ws_consumed(id, size_t(ws.message_bytes));  // the reactor counted it: dropped is consumed
        return;
    }
    ipc::WsOpcode op = ws.opcode;
    // A one-frame message is handed over from the frame buffer; a reassembled one leaves the
    // entry first (the hook may run code that closes this WebSocket).
    std::string whole;
    std::string_view data = m.data;
    if (!ws.partial.empty()) {
        whole.swap(ws.partial);
        data = whole;
    }
    ++handler_depth_;
    hooks_.on_websocket_message(*this, id, op, data);
    --handler_depth_;
}

void Worker::ws_closed(int index, const ipc::FrameHeader& h, const uint8_t* payload) {
    ipc::WsClosedView c;
    if (ipc::decode_ws_closed(h, payload, c) != ipc::DecodeError::None) {
        TRIDENT_LOG(Error, "worker #%d: malformed WS_CLOSED from reactor %d", worker_id_, index);
        return;
    }
    auto it = websockets_.find(h.session_id);
    if (it == websockets_.end() || it->second.channel != index) return;
    websockets_.erase(it);
    ++handler_depth_;
    hooks_.on_websocket_closed(*this, h.session_id, c.code, c.reason);
    --handler_depth_;
}

void Worker::ws_channel_lost(int index) {
    // The reactor is gone, and its WebSockets with it; nobody will send their WS_CLOSED.
    std::vector<uint64_t> lost;
    for (auto it = websockets_.begin(); it != websockets_.end();) {
        if (it->second.channel == index) {
            lost.push_back(it->first);
            it = websockets_.erase(it);
        } else {
            ++it;
        }
    }
    for (uint64_t id : lost) hooks_.on_websocket_closed(*this, id, 1006, "");
    // Its WS_WRITABLE will not come either: the waiting pushes find the channel broken.
    wake_push_waiters(index);
}

bool Worker::ws_push(uint64_t id, ipc::WsOpcode op, std::string_view data, bool compress) {
    if (op == ipc::WsOpcode::Close) {
        // The bytes of an RFC 6455 close frame: nothing (a plain close) or a code in network
        // order and the reason.
        if (data.empty()) return ws_close(id, 1000, "");
        if (data.size() < 2) return false;
        uint16_t code = uint16_t(uint8_t(data[0]) << 8 | uint8_t(data[1]));
        return ws_close(id, code, data.substr(2));
    }
    bool control = is_control(op);
    if (!control && op != ipc::WsOpcode::Text && op != ipc::WsOpcode::Binary) return false;
    if (control && data.size() > ipc::kWsMaxControl) return false;
    StreamInfo info;
    if (registry_ == nullptr || !registry_->find(id, info) || info.kind != StreamKind::WebSocket) return false;
    int channel = stream_id::reactor(id);
    if (channel >= int(channels_.size()) || channels_[size_t(channel)].broken) return false;
    // Messages are charged to the WebSocket's credit (control frames are tiny and go free):
    // past it the push waits for the client to read, or is refused where it cannot wait.
    const uint64_t charge = control ? 0 : data.size();
    if (!control && !charge_push(id, charge, shared_state()->websocket_pushes_refused)) return false;
    // From a coroutine a full queue suspends the push; from elsewhere (a timer callback, the
    // master's main thread has no worker) it is refused, as Swoole's push returns false.
    if (!wait_for_room(channel, /*or_refuse=*/true)) {
        registry_->discharge_push(id, charge);
        shared_state()->websocket_pushes_refused.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    // Compression is for messages only (RFC 7692 6).
    uint8_t prefix[ipc::kWsPushPrefix] = {uint8_t(op), uint8_t(compress && !control ? ipc::kWsPushCompress : 0)};
    ipc::FrameHeader h;
    h.type = ipc::FrameType::WsPush;
    h.session_id = id;
    h.stream_id = 0;
    // Every frame of the message is queued before anything can wait (only the last may), so
    // no other push to this WebSocket can come between them.
    do {
        size_t n = data.size() < ipc::kWsPushChunk ? data.size() : ipc::kWsPushChunk;
        bool last = n == data.size();
        h.flags = last ? 0 : ipc::kFlagMore;
        h.length = uint32_t(ipc::kWsPushPrefix + n);
        // No wait after the last frame either: the room was made above, and a caller that cannot
        // be suspended must not block (the queue may pass its bound by this one message).
        if (!send_frame(channel, h, prefix, sizeof prefix, data.data(), n, false)) {
            // The channel broke: what did not reach the reactor will not be discharged by it
            // (the bytes sent before, if any, are: it drops the partial message).
            registry_->discharge_push(id, data.size());
            return false;
        }
        data.remove_prefix(n);
    } while (!data.empty());
    if (info.worker != worker_id_) shared_state()->websocket_pushes_cross_worker.fetch_add(1, std::memory_order_relaxed);
    return true;
}

bool Worker::charge_push(uint64_t id, uint64_t bytes, std::atomic<uint64_t>& refused) {
    for (;;) {
        StreamRegistry::Charge c = registry_->charge_push(id, bytes);
        if (c == StreamRegistry::Charge::Charged) return true;
        if (c == StreamRegistry::Charge::Gone) return false;
        // No room. Announce the wait, then look again: the reactor may have made room (or
        // released the id) between the two, and it only wakes those whose bit it saw.
        registry_->add_push_waiter(id, worker_id_);
        c = registry_->charge_push(id, bytes);
        if (c == StreamRegistry::Charge::Charged) return true;
        if (c == StreamRegistry::Charge::Gone) return false;
        if (stopping_) return false;
        ++push_waits_[id];
        const bool resumed = hooks_.wait_push_credit(*this, id);
        auto it = push_waits_.find(id);
        if (it != push_waits_.end() && --it->second == 0) push_waits_.erase(it);
        if (!resumed) {
            // Not in a coroutine (or cancelled): refused rather than buffered in the reactor.
            refused.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        const int channel = stream_id::reactor(id);
        if (stopping_ || channel >= int(channels_.size()) || channels_[size_t(channel)].broken) return false;
    }
}

void Worker::ws_writable(int index, const ipc::FrameHeader& h) {
    if (ipc::decode_ws_writable(h) != ipc::DecodeError::None) {
        TRIDENT_LOG(Error, "worker #%d: malformed WS_WRITABLE from reactor %d", worker_id_, index);
        return;
    }
    // Edge-triggered and possibly spurious (a waiter bit shared by two slots, a push that
    // already got its room): the woken pushes try their charge again.
    if (push_waits_.count(h.session_id) != 0) hooks_.push_credit_available(*this, h.session_id);
}

void Worker::wake_push_waiters(int channel) {
    if (push_waits_.empty()) return;
    std::vector<uint64_t> ids;
    for (const auto& [id, n] : push_waits_) {
        if (channel < 0 || stream_id::reactor(id) == channel) ids.push_back(id);
    }
    for (uint64_t id : ids) hooks_.push_credit_available(*this, id);
}

bool Worker::ws_close(uint64_t id, uint16_t code, std::string_view reason) {
    uint8_t p[ipc::kWsPushPrefix + ipc::kWsMaxControl];
    size_t n = ipc::encode_ws_push_close(code, reason, p, sizeof p);
    if (n == 0) return false;  // not a sendable code, or the reason is too long
    StreamInfo info;
    if (registry_ == nullptr || !registry_->find(id, info) || info.kind != StreamKind::WebSocket) return false;
    int channel = stream_id::reactor(id);
    if (channel >= int(channels_.size()) || channels_[size_t(channel)].broken) return false;
    ipc::FrameHeader h;
    h.type = ipc::FrameType::WsPush;
    h.session_id = id;
    h.stream_id = 0;
    h.length = uint32_t(n);
    if (!send_frame(channel, h, p, n, nullptr, 0)) return false;
    if (info.worker != worker_id_) shared_state()->websocket_pushes_cross_worker.fetch_add(1, std::memory_order_relaxed);
    return true;
}

}  // namespace trident::server

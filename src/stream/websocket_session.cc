#include "stream/websocket_session.h"

#include <climits>

#include "stream/transition.h"
#include "trident/websocket/deflate_codec.h"
#include "trident/websocket/message_buffer.h"
#include "trident/websocket/utf8.h"
#include "trident/websocket/writer.h"

namespace trident::stream {

using websocket::EventKind;
using websocket::Opcode;
namespace cc = websocket::close_code;

namespace {

using State = WebSocketSession::State;

bool legal(State from, State to) {
    switch (from) {
        case State::Open:
            return to == State::ClosingSent || to == State::ClosingReceived || to == State::Closed;
        case State::ClosingSent:
        case State::ClosingReceived:
            return to == State::Closed;
        case State::Closed:
            return false;
    }
    return false;
}

}  // namespace

WebSocketSettings websocket_settings(const server::ServerConfig& config) {
    WebSocketSettings s;
    s.limits.max_frame_size = config.websocket_max_frame_size;
    s.limits.max_message_size = config.websocket_max_message_size;
    s.ping_interval_ms = int64_t(config.websocket_ping_interval * 1000);
    s.ping_timeout_ms = int64_t(config.websocket_ping_timeout * 1000);
    return s;
}

WebSocketSession::WebSocketSession(uint64_t registry_id, WebSocketTransport& transport, WebSocketSink& sink,
                                   const WebSocketSettings& settings, int64_t now_ms)
    : id_(registry_id),
      transport_(transport),
      sink_(sink),
      settings_(settings),
      parser_(websocket::Role::Server, settings.limits),
      last_seen_ms_(now_ms) {}

WebSocketSession::~WebSocketSession() = default;

void WebSocketSession::set_state(State next) { state_ = transition("websocket session", state_, next, legal); }

bool WebSocketSession::enable_deflate(const websocket::DeflateParams& params) {
    compressor_ = std::make_unique<websocket::Compressor>();
    decompressor_ = std::make_unique<websocket::Decompressor>();
    if (!websocket::init_server_codecs(params, *compressor_, *decompressor_, settings_.deflate_level,
                                       settings_.deflate_mem_level)) {
        compressor_.reset();
        decompressor_.reset();
        return false;
    }
    parser_.set_decompressor(decompressor_.get());
    return true;
}

// ---- inbound ------------------------------------------------------------------------------

void WebSocketSession::on_bytes(std::string_view bytes, int64_t now_ms) {
    if (state_ == State::Closed || bytes.empty()) return;
    stats_.bytes_in += bytes.size();
    // Any byte proves the peer alive, not only a pong: a client uploading a long message may
    // queue its pong behind it.
    last_seen_ms_ = now_ms;
    ping_sent_ms_ = -1;
    while (state_ != State::Closed) {
        const websocket::Event ev = parser_.feed(bytes);
        if (ev.kind == EventKind::NeedMore) break;
        handle(ev);
        if (ev.kind == EventKind::Close || ev.kind == EventKind::Error) break;
    }
}

void WebSocketSession::handle(const websocket::Event& ev) {
    switch (ev.kind) {
        case EventKind::NeedMore:
            break;
        case EventKind::Message:
            // After our close frame the worker has said it is done with this WebSocket.
            if (state_ == State::ClosingSent) {
                ++stats_.dropped;
                break;
            }
            ++stats_.messages_in;
            sink_.on_message(id_, uint8_t(ev.opcode), ev.data);
            break;
        case EventKind::Ping:
            ++stats_.pings_in;
            // §5.5.2: answered with the same payload; not after our close frame, which is the
            // last frame we send (§5.5.1).
            if (state_ == State::Open) {
                if (send_control(Opcode::Pong, ev.data)) {
                    ++stats_.pongs_out;
                } else {
                    transport_refused();
                }
            }
            break;
        case EventKind::Pong:
            ++stats_.pongs_in;
            break;
        case EventKind::Close:
            on_peer_close(ev.close_code, ev.data);
            break;
        case EventKind::Error:
            // §7.1.7: fail the connection with the error's code. If our close frame is already
            // out, no second one is sent.
            fail(ev.close_code, ev.data);
            break;
    }
}

void WebSocketSession::on_peer_close(uint16_t code, std::string_view reason) {
    if (state_ == State::Open) {
        // §5.5.1: answer with a close frame, echoing the code (§7.4: none if none was sent).
        set_state(State::ClosingReceived);
        send_close(code, {});
    }
    // §7.1.1: once both closes are exchanged, the server closes the transport first.
    finish(code, reason, true);
}

void WebSocketSession::on_transport_closed() {
    if (state_ == State::Closed) return;
    finish(cc::kAbnormalClosure, {}, false);
}

// ---- outbound -----------------------------------------------------------------------------

WebSocketSession::PushResult WebSocketSession::push(uint8_t opcode, std::string_view data, bool compress,
                                                    int64_t now_ms) {
    switch (Opcode(opcode)) {
        case Opcode::Text:
            // §8.1: a text message is UTF-8; a peer would fail us with 1007 otherwise.
            if (!websocket::is_valid_utf8(data)) return PushResult::Invalid;
            return push_message(Opcode::Text, data, compress);
        case Opcode::Binary:
            return push_message(Opcode::Binary, data, compress);
        case Opcode::Ping:
        case Opcode::Pong: {
            if (data.size() > websocket::kMaxControlPayload) return PushResult::Invalid;
            if (state_ != State::Open) return PushResult::Closed;
            // A refused control frame left nothing half-sent: the worker may retry.
            if (!send_control(Opcode(opcode), data)) return PushResult::Full;
            ++(Opcode(opcode) == Opcode::Ping ? stats_.pings_out : stats_.pongs_out);
            return PushResult::Sent;
        }
        case Opcode::Close: {
            if (data.empty()) return close(cc::kNoStatusReceived, {}, now_ms);
            if (data.size() < 2) return PushResult::Invalid;
            const uint16_t code = uint16_t((uint8_t(data[0]) << 8) | uint8_t(data[1]));
            return close(code, data.substr(2), now_ms);
        }
        default:
            return PushResult::Invalid;
    }
}

WebSocketSession::PushResult WebSocketSession::close(uint16_t code, std::string_view reason, int64_t now_ms) {
    if (code != cc::kNoStatusReceived && !websocket::is_wire_close_code(code)) return PushResult::Invalid;
    if (reason.size() > websocket::kMaxControlPayload - 2 || !websocket::is_valid_utf8(reason)) {
        return PushResult::Invalid;
    }
    if (state_ != State::Open) return PushResult::Closed;
    if (!send_close(code, reason)) {
        // The queue is full: the close frame cannot go out, so there is no handshake to wait for.
        finish(cc::kAbnormalClosure, {}, true);
        return PushResult::Sent;
    }
    set_state(State::ClosingSent);
    close_sent_ms_ = now_ms;
    return PushResult::Sent;
}

WebSocketSession::PushResult WebSocketSession::push_message(Opcode op, std::string_view data, bool compress) {
    if (state_ != State::Open) return PushResult::Closed;
    const size_t frag = settings_.fragment_size;
    // Checked before compressing: a message the compressor saw must be sent, or its window no
    // longer matches the peer's. The uncompressed size is the (pessimistic) estimate.
    const size_t queued = transport_.buffered();
    if (settings_.max_outbound != 0 && queued > 0 &&
        queued + websocket::message_wire_size(data.size(), frag, false) > settings_.max_outbound) {
        ++stats_.refused;
        return PushResult::Full;
    }
    const bool deflated = compress && compressor_ != nullptr;
    std::string_view payload = data;
    if (deflated) {
        compressed_.clear();
        if (!compressor_->compress(data, compressed_)) {
            fail(cc::kInternalError, "compression failed");
            return PushResult::Closed;
        }
        payload = compressed_;
    }
    // The first frame has the opcode (and RSV1, RFC 7692 §6.1), the rest are continuations.
    size_t off = 0;
    bool first = true;
    do {
        const size_t n = frag == 0 ? payload.size() - off : std::min(frag, payload.size() - off);
        const bool fin = off + n == payload.size();
        if (!send_frame(first ? op : Opcode::Continuation, payload.substr(off, n), fin, first && deflated)) {
            if (first && !deflated) {
                ++stats_.refused;
                return PushResult::Full;
            }
            transport_refused();
            return PushResult::Closed;
        }
        off += n;
        first = false;
    } while (off < payload.size());
    ++stats_.messages_out;
    // Like the parser's message buffer: keep a small buffer, not the peak of one big message.
    if (compressed_.capacity() > websocket::MessageBuffer::kRetainBytes) std::string().swap(compressed_);
    return PushResult::Sent;
}

bool WebSocketSession::send_frame(Opcode op, std::string_view payload, bool fin, bool rsv1) {
    uint8_t head[websocket::kMaxFrameHeaderSize];
    websocket::FrameOptions opt;
    opt.fin = fin;
    opt.rsv1 = rsv1;
    const size_t n = websocket::encode_frame_header(head, op, payload.size(), opt);
    if (!transport_.send({reinterpret_cast<const char*>(head), n}, payload)) return false;
    stats_.bytes_out += n + payload.size();
    return true;
}

bool WebSocketSession::send_control(Opcode op, std::string_view payload) { return send_frame(op, payload, true, false); }

bool WebSocketSession::send_close(uint16_t code, std::string_view reason) {
    // kNoStatusReceived: an empty close frame (§5.5.1: the body is optional).
    if (code == cc::kNoStatusReceived) return send_control(Opcode::Close, {});
    char body[websocket::kMaxControlPayload];
    body[0] = char(code >> 8);
    body[1] = char(code);
    const std::string_view r = websocket::truncate_utf8(reason, sizeof body - 2);
    r.copy(body + 2, r.size());
    return send_control(Opcode::Close, {body, 2 + r.size()});
}

void WebSocketSession::transport_refused() { finish(cc::kAbnormalClosure, "transport refused a frame", true); }

// ---- timers -------------------------------------------------------------------------------

void WebSocketSession::on_idle_tick(int64_t now_ms) {
    switch (state_) {
        case State::Open:
            if (ping_sent_ms_ >= 0) {
                if (now_ms - ping_sent_ms_ >= settings_.ping_timeout_ms) finish(cc::kAbnormalClosure, "ping timeout", true);
            } else if (settings_.ping_interval_ms > 0 && now_ms - last_seen_ms_ >= settings_.ping_interval_ms) {
                // A refused ping is tried again on the next tick.
                if (send_control(Opcode::Ping, {})) {
                    ++stats_.pings_out;
                    ping_sent_ms_ = now_ms;
                }
            }
            break;
        case State::ClosingSent:
            if (now_ms - close_sent_ms_ >= settings_.close_timeout_ms) {
                finish(cc::kAbnormalClosure, "close handshake timeout", true);
            }
            break;
        case State::ClosingReceived:
        case State::Closed:
            break;
    }
}

int64_t WebSocketSession::next_tick_ms() const {
    switch (state_) {
        case State::Open:
            if (ping_sent_ms_ >= 0) return ping_sent_ms_ + settings_.ping_timeout_ms;
            if (settings_.ping_interval_ms > 0) return last_seen_ms_ + settings_.ping_interval_ms;
            return INT64_MAX;
        case State::ClosingSent:
            return close_sent_ms_ + settings_.close_timeout_ms;
        case State::ClosingReceived:
        case State::Closed:
            return INT64_MAX;
    }
    return INT64_MAX;
}

// ---- the end ------------------------------------------------------------------------------

void WebSocketSession::fail(uint16_t code, std::string_view reason) {
    if (state_ == State::Open) send_close(code, reason);
    finish(code, reason, true);
}

void WebSocketSession::finish(uint16_t code, std::string_view reason, bool close_transport) {
    // Closed first: a transport or sink that calls back into the session finds it over.
    set_state(State::Closed);
    count_close(code);
    if (close_transport) transport_.close_transport();
    sink_.on_closed(id_, code, reason);
}

void WebSocketSession::count_close(uint16_t code) {
    if (code == cc::kNormal || code == cc::kGoingAway || code == cc::kNoStatusReceived) {
        ++stats_.closes_normal;
    } else if (code == cc::kAbnormalClosure) {
        ++stats_.closes_abnormal;
    } else if (code >= 1011 && code <= 1015) {
        ++stats_.closes_error;
    } else if (code >= 3000) {
        ++stats_.closes_app;
    } else {
        ++stats_.closes_protocol;
    }
}

}  // namespace trident::stream

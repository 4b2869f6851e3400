// One accepted WebSocket as the reactor serves it, whatever carries it: the session (codec,
// close handshake, ping) plus its ties to the workers — the registry id, the worker that owns
// it (WS_MESSAGE / WS_CLOSED), and pushes from any worker (WS_PUSH, reassembled per sending
// channel). HTTP/1.1 (a socket after the 101), HTTP/2 and HTTP/3 (an extended CONNECT stream)
// supply only the WebSocketTransport and call in with bytes, pushes and events; everything
// else about a WebSocket is written here once.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/loop.h"
#include "server/worker_port.h"
#include "stream/inbound_window.h"
#include "stream/websocket_session.h"
#include "trident/ipc/frame.h"
#include "trident/server/stream_registry.h"
#include "trident/websocket/permessage_deflate.h"

namespace trident::stream {

class WebSocketStream final : public WebSocketSink {
public:
    // `deflate`: the permessage-deflate parameters the handshake agreed, or null.
    WebSocketStream(server::Loop& loop, server::WorkerPort& port, WebSocketTransport& transport, uint64_t id,
                    server::WorkerPort::Binding owner, const websocket::DeflateParams* deflate);
    // Tells the owner and frees the id if no other path did.
    ~WebSocketStream() override;
    WebSocketStream(const WebSocketStream&) = delete;
    WebSocketStream& operator=(const WebSocketStream&) = delete;

    uint64_t id() const { return id_; }
    server::WorkerPort::Binding owner() const { return owner_; }
    // close_websocket() was called: the id names nothing any more.
    bool released() const { return released_; }
    bool closed() const { return session_.state() == WebSocketSession::State::Closed; }
    const WebSocketSession& session() const { return session_; }
    const WebSocketSettings& settings() const { return settings_; }
    // Whether a transport holding `buffered` unsent bytes may queue one more frame. Data pushes
    // are bounded by their push credit (on_push); what the session sends by itself (pongs to a
    // client that pings and never reads, pings, its close) is refused past four bounds beyond
    // the pushes held, and the session then gives up on the peer. Every transport asks this
    // before queueing.
    bool may_queue(size_t buffered) const {
        return in_push_ || buffered <= held_ + 4 * server::StreamRegistry::kPushBound;
    }
    // The transport wrote some of its queue out (HTTP/1.1: to the socket; HTTP/2: nghttp2 took
    // DATA under the client's window; HTTP/3: the client acknowledged it): the pushes wholly
    // gone give their credit back (WorkerPort::push_credit_returned). Cheap when none waits.
    void on_output_drained();
    // Push bytes held here (queued on the transport), by their charge.
    uint64_t push_bytes_held() const { return held_; }

    // Call start() right after construction, once the transport can send: it fails the
    // WebSocket (1011) if the agreed deflate could not be set up.
    void start();
    void on_bytes(std::string_view bytes);
    void on_transport_closed();
    // A WS_PUSH from the worker on channel `from` (h.session_id is our id).
    void on_push(int from, const ipc::FrameHeader& h, const uint8_t* payload);
    // Channel b died: drops its half-received push; if it was the owner, the client hears 1011.
    void on_channel_lost(server::WorkerPort::Binding b);
    // The owner began a graceful stop: WS_CLOSED 1001 to it now, then 1001 to the client.
    void on_owner_draining();
    // Server shutdown: 1001 to the client; the owner hears WS_CLOSED when the handshake ends.
    void on_shutdown();
    void on_tick(int64_t now_ms);
    int64_t next_tick_ms() const { return session_.next_tick_ms(); }

    // Inbound credit (ipc/frame.h): messages go to the owner while less than input_window_size
    // of them (each charged ipc::ws_message_charge) is unconsumed there. While this is true the
    // transport takes no more bytes from the client (its socket or its flow-control window); the
    // close handshake is never held up by it.
    bool input_held() const {
        return !released_ && session_.state() == WebSocketSession::State::Open && !inbound_.open();
    }
    const InboundWindow& inbound() const { return inbound_; }
    // STREAM_CREDIT from channel `from` (only the owner's counts). True when the transport should
    // take bytes from the client again.
    bool on_credit(int from, uint32_t bytes);

    // WebSocketSink
    void on_message(uint64_t id, uint8_t opcode, std::string_view data) override;
    void on_closed(uint64_t id, uint16_t code, std::string_view reason) override;

private:
    void detach(uint16_t code, std::string_view reason);
    // After anything that may have moved the session on: once it is no longer Open, the
    // registry says so (once).
    void note_state();
    // Gives `bytes` of push credit back at once (a push dropped here, or never to be sent).
    void return_credit(uint64_t bytes);
    // Drops a data push of `bytes` (counted), giving its credit back.
    void drop_push(uint64_t bytes);

    server::Loop& loop_;
    server::WorkerPort& port_;
    WebSocketTransport& transport_;
    uint64_t id_;
    server::WorkerPort::Binding owner_;
    WebSocketSettings settings_;
    WebSocketSession session_;
    bool deflate_failed_ = false;
    bool closing_noted_ = false;
    bool released_ = false;
    bool in_push_ = false;
    InboundWindow inbound_;
    // A push split in several WS_PUSH frames, per sending channel (frames of one message are
    // consecutive on their channel, but two workers may push to one WebSocket at once).
    struct Partial {
        int from;
        uint8_t opcode;
        uint8_t flags;
        std::string data;
    };
    std::vector<Partial> partials_;
    // Pushes on the transport, in order: each gives its charge back once the transport's
    // written-out position (session bytes_out - transport buffered()) passes its end.
    struct Held {
        uint64_t end;    // session bytes_out right after its frames were queued
        uint64_t bytes;  // its charge (message bytes)
    };
    std::deque<Held> held_pushes_;
    uint64_t held_ = 0;  // sum of held_pushes_ bytes
};

}  // namespace trident::stream

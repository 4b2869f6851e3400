// One WebSocket after its handshake, the same for HTTP/1.1 (RFC 6455, the socket after a 101),
// HTTP/2 (RFC 8441, DATA of an extended CONNECT stream) and HTTP/3 (RFC 9220): the frame
// parser, the writer, permessage-deflate, the close handshake, ping/pong and the idle ping, and
// the outbound bound. It does no I/O and owns no timer: bytes come in through on_bytes(), go
// out through a WebSocketTransport, messages and the end go to a WebSocketSink (toward the
// worker), and the caller's timer calls on_idle_tick().
//
//   Open ──peer close──> ClosingReceived ──echo sent──> Closed
//     └──close()/push(Close)──> ClosingSent ──peer close / timeout──> Closed
//   any state ──parser error / transport gone / ping timeout──> Closed
//
// The sink hears about the end exactly once (on_closed), and nothing after it; the transport
// is closed at most once, by the session, unless it reported its own end (on_transport_closed).
// The transport and the sink may call back into the session (it is Closed before they hear of
// the end) but must not destroy it from inside a callback: the owner defers that, as the
// reactor does for connections.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "trident/server/config.h"
#include "trident/websocket/parser.h"
#include "trident/websocket/permessage_deflate.h"
#include "trident/websocket/protocol.h"

namespace trident::websocket {
class Compressor;
class Decompressor;
}  // namespace trident::websocket

namespace trident::stream {

// Where the frames go: an HTTP/1.1 socket, an HTTP/2 or HTTP/3 stream.
class WebSocketTransport {
public:
    virtual ~WebSocketTransport() = default;
    // Queues one frame: header `a`, then payload `b` (passed apart so the payload is not copied
    // into a contiguous frame first). Both views are only valid during the call. False when the
    // transport cannot take the bytes (its bound queue is full, or it is going away): nothing
    // of the frame was queued.
    virtual bool send(std::string_view a, std::string_view b) = 0;
    // The session is done with the transport (close handshake over, or a fatal error): write
    // what is queued (the close frame is last), then end it (TCP close, END_STREAM / FIN).
    virtual void close_transport() = 0;
    // Bytes queued and not yet written: the outbound bound is checked against it.
    virtual size_t buffered() const = 0;
};

// Toward the worker that owns the WebSocket (WS_MESSAGE / WS_CLOSED).
class WebSocketSink {
public:
    virtual ~WebSocketSink() = default;
    // A complete text (1) or binary (2) message; `data` is valid during the call.
    virtual void on_message(uint64_t registry_id, uint8_t opcode, std::string_view data) = 0;
    // The WebSocket ended: the close code the peer sent (1005 if its close had none), the code
    // of our own failure (1002/1007/1009/1011), or 1006 when no close frame was received.
    virtual void on_closed(uint64_t registry_id, uint16_t code, std::string_view reason) = 0;
};

struct WebSocketSettings {
    // Inbound frame and message bounds (websocket_max_frame_size / websocket_max_message_size).
    websocket::Limits limits;
    // Largest payload of one outbound frame; a longer push is sent as continuation frames. 64 KiB:
    // the 10-byte header per frame costs 0.015%, every common client accepts frames that large,
    // and smaller frames would buy nothing here, because a push is queued whole anyway and
    // HTTP/2 / HTTP/3 cut DATA frames by flow control regardless. 0: one frame per message.
    size_t fragment_size = 64 * 1024;
    // Bound on the transport's queued bytes for data pushes: a push that would take buffered()
    // past it is refused (PushResult::Full), except into an empty queue, so a single message
    // larger than the bound still goes out and memory stays within max(bound, one message).
    // 0: no bound here (the reactor's WebSocketStream bounds pushes by their credit instead).
    size_t max_outbound = 1024 * 1024;
    // Silence (no byte received) after which a ping is sent; 0: no idle ping.
    int64_t ping_interval_ms = 0;
    // No byte received within this long after our ping: the peer is gone, the transport is
    // closed and 1006 reported (no close frame: the peer is not reading, it would never answer).
    int64_t ping_timeout_ms = 10000;
    // After our close frame, how long the peer has to answer with its own before the transport
    // is closed anyway (reported as 1006: the handshake did not complete).
    int64_t close_timeout_ms = 5000;
    // zlib settings for our compressor when permessage-deflate was negotiated.
    int deflate_level = -1;
    int deflate_mem_level = 8;
};

struct WebSocketStats {
    uint64_t messages_in = 0;   // complete data messages delivered to the sink
    uint64_t messages_out = 0;  // data messages sent
    uint64_t bytes_in = 0;      // wire bytes received
    uint64_t bytes_out = 0;     // wire bytes queued on the transport (headers included)
    uint64_t pings_in = 0;
    uint64_t pings_out = 0;     // idle pings and worker pings
    uint64_t pongs_in = 0;
    uint64_t pongs_out = 0;     // answers to pings and worker pongs
    uint64_t dropped = 0;       // inbound messages dropped after our close frame
    uint64_t refused = 0;       // pushes refused by the outbound bound
    // How the WebSocket ended (at most one of these is 1 per session; the reactor sums them).
    uint64_t closes_normal = 0;    // 1000, 1001, 1005
    uint64_t closes_protocol = 0;  // 1002, 1003, 1007-1010: the peer broke a rule or a limit
    uint64_t closes_error = 0;     // 1011-1015: our side failed
    uint64_t closes_abnormal = 0;  // 1006: no close frame (transport died, ping/close timeout)
    uint64_t closes_app = 0;       // 3000-4999
};

// The settings of every WebSocket of a server (websocket_* settings), whatever its protocol.
WebSocketSettings websocket_settings(const server::ServerConfig& config);

class WebSocketSession {
public:
    enum class State : uint8_t {
        Open,             // messages flow both ways
        ClosingSent,      // our close frame is out: waiting for the peer's (nothing more is sent)
        ClosingReceived,  // the peer's close arrived: our echo is being sent
        Closed,           // over: the sink was told, the transport closed or gone
    };
    enum class PushResult : uint8_t {
        Sent,
        Full,     // the outbound bound: try again once the transport drained (nothing was sent)
        Closed,   // the session is closing or closed: the push is dropped
        Invalid,  // not an opcode that can be pushed, a control payload over 125 bytes, or a
                  // close push without a sendable code
    };

    WebSocketSession(uint64_t registry_id, WebSocketTransport& transport, WebSocketSink& sink,
                     const WebSocketSettings& settings, int64_t now_ms);
    ~WebSocketSession();
    WebSocketSession(const WebSocketSession&) = delete;
    WebSocketSession& operator=(const WebSocketSession&) = delete;

    // permessage-deflate was agreed in the handshake: set up both codecs before any on_bytes().
    // False when zlib cannot be set up (the caller should then refuse the upgrade).
    bool enable_deflate(const websocket::DeflateParams& params);
    bool deflate() const { return compressor_ != nullptr; }

    // Raw bytes from the transport (any split). `now_ms` marks the peer alive.
    void on_bytes(std::string_view bytes, int64_t now_ms);
    // The transport ended on its own (reset, EOF, connection gone): 1006 unless the sink was
    // already told.
    void on_transport_closed();

    // A worker's WS_PUSH: opcode 1/2 (a whole message; `compress` is a hint, honoured when
    // permessage-deflate was agreed), 9/10 (ping/pong, at most 125 bytes) or 8 (data: u16 close
    // code + reason, as WS_PUSH carries it, or empty for a close without a code).
    PushResult push(uint8_t opcode, std::string_view data, bool compress, int64_t now_ms);
    // Server-initiated close (disconnect(), graceful shutdown 1001): sends the close frame and
    // waits for the peer's. kNoStatusReceived (1005) sends a close frame without a code. Sent
    // also when the transport refused the close frame: there is then no handshake to wait for,
    // so the transport is closed at once and 1006 reported.
    PushResult close(uint16_t code, std::string_view reason, int64_t now_ms);

    // The caller is not reading the peer (inbound credit held it back): the silence is ours, so
    // no idle ping goes out and none is awaited until reading resumes.
    void input_held(int64_t now_ms) {
        last_seen_ms_ = now_ms;
        ping_sent_ms_ = -1;
    }
    // The caller's timer: the idle ping, the ping timeout and the close timeout.
    void on_idle_tick(int64_t now_ms);
    // When on_idle_tick() next has something to do (INT64_MAX: nothing), for the caller's timer.
    int64_t next_tick_ms() const;

    State state() const { return state_; }
    uint64_t registry_id() const { return id_; }
    const WebSocketStats& stats() const { return stats_; }

private:
    void set_state(State next);
    void handle(const websocket::Event& ev);
    void on_peer_close(uint16_t code, std::string_view reason);
    // Fails the WebSocket: our close frame with `code` (unless one was sent already), the
    // transport closed, the sink told `code`.
    void fail(uint16_t code, std::string_view reason);
    // The end: the transport closed (unless it is already gone), the sink told once.
    void finish(uint16_t code, std::string_view reason, bool close_transport);
    void count_close(uint16_t code);

    bool send_frame(websocket::Opcode op, std::string_view payload, bool fin, bool rsv1);
    bool send_control(websocket::Opcode op, std::string_view payload);
    bool send_close(uint16_t code, std::string_view reason);
    PushResult push_message(websocket::Opcode op, std::string_view data, bool compress);
    // A frame refused in the middle of a message (or after the compressor took it): the framing
    // or the deflate window no longer matches the peer's, so the WebSocket cannot go on.
    void transport_refused();

    uint64_t id_;
    WebSocketTransport& transport_;
    WebSocketSink& sink_;
    WebSocketSettings settings_;
    websocket::Parser parser_;
    std::unique_ptr<websocket::Compressor> compressor_;
    std::unique_ptr<websocket::Decompressor> decompressor_;
    std::string compressed_;  // reused output of the compressor

    State state_ = State::Open;
    int64_t last_seen_ms_;       // last byte received
    int64_t ping_sent_ms_ = -1;  // our idle ping awaiting any byte back; -1: none
    int64_t close_sent_ms_ = -1;
    WebSocketStats stats_;
};

}  // namespace trident::stream

// An HTTP/1.1 connection after its 101 (RFC 6455): the socket carries one WebSocket. It takes
// over the Http1Connection's session id, socket and TLS state (Loop::hand_over), feeds the bytes
// it reads to a stream::WebSocketSession, writes the frames the session produces, and connects
// the session to the worker that accepted the upgrade (WS_MESSAGE / WS_CLOSED through the
// WorkerPort) and to every worker that pushes to it (WS_PUSH, routed here by registry id).
//
//   Open ──session closed the transport──> Closing (flush, shut the write side, read and drop
//   until EOF or the timer) ──> Closed
//   Open ──EOF / socket error──> Closed
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/connection.h"
#include "server/loop.h"
#include "server/transport.h"
#include "server/worker_port.h"
#include "stream/websocket_stream.h"
#include "trident/websocket/permessage_deflate.h"

namespace trident::http1 {

class WebSocketConnection final : public server::Connection,
                                  public server::WorkerClient,
                                  public stream::WebSocketTransport {
public:
    struct Accepted {
        uint64_t id = 0;                                     // stream registry id
        server::WorkerPort::Binding owner = server::WorkerPort::kNoWorker;  // the accepting worker
        bool deflate = false;                                // permessage-deflate agreed
        websocket::DeflateParams deflate_params;
    };
    WebSocketConnection(server::Loop& loop, server::WorkerPort& port, std::unique_ptr<server::Transport> transport,
                        const Accepted& accepted);
    ~WebSocketConnection() override;

    // After Loop::hand_over(): `pending_out` is what the Http1Connection had not written yet
    // (the end of the 101), `input` what the client sent after its request head.
    void start(std::string_view pending_out, std::string_view input);

    enum class Phase : uint8_t { Open, Closing, Closed };

    // server::Connection
    void on_event(uint32_t events) override;
    void on_timeout(int kind) override;
    void on_shutdown() override;
    void on_deadline(uint64_t now_ns) override;
    server::WorkerClient* worker_client() override { return this; }

    // server::WorkerClient
    void on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) override;
    void on_channel_lost(server::WorkerPort::Binding b) override;
    void on_dispatch_ready(int64_t) override {}
    void on_channel_drained() override;
    void on_ws_push(int from, int64_t ws_stream, const ipc::FrameHeader& h, const uint8_t* payload,
                    size_t len) override;
    void on_ws_owner_draining(int64_t ws_stream) override;
    void on_ws_credit(int from, int64_t ws_stream, uint32_t bytes) override;

    // stream::WebSocketTransport
    bool send(std::string_view a, std::string_view b) override;
    void close_transport() override;
    size_t buffered() const override;

private:
    void feed(std::string_view bytes);
    void do_read();
    void flush_out();
    void update_events();
    void arm_tick();
    // After a call into the WebSocket: events and the tick follow its state.
    void settle();
    void linger();
    void finish();  // Closed: unregistered, freed after this loop turn

    server::Loop& loop_;
    server::WorkerPort& port_;
    std::unique_ptr<server::Transport> transport_;
    int fd_;
    std::unique_ptr<stream::WebSocketStream> ws_;
    std::string out_;  // bytes the socket has not taken, from out_pos_
    size_t out_pos_ = 0;
    uint32_t events_ = ~0u;
    Phase phase_ = Phase::Open;
    bool write_shut_ = false;
    bool paused_ = false;     // the owner's channel is congested: not reading
    // Not reading either while the WebSocket's inbound window is exhausted (ws_->input_held()):
    // the owner has input_window_size of its messages unconsumed.
    // After the close handshake began, input is read (and dropped) whatever the owner does.
    bool reading() const { return phase_ != Phase::Open || (!paused_ && !ws_->input_held()); }
    uint64_t tick_armed_ms_ = UINT64_MAX;
};

}  // namespace trident::http1

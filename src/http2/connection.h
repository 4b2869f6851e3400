// An HTTP/2 connection in a reactor thread: a full nghttp2 server session (framing, HPACK,
// flow control, limits) fed from and drained to the connection's transport. Each stream is
// one request; the shared stream core (stream::Multiplexer) carries it to a worker and back,
// and this class supplies only HTTP/2's final actions (StreamActions). Streams of one
// connection run on different workers at once and answer in any order.
#pragma once

#include <nghttp2/nghttp2.h>
#include <sys/socket.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/connection.h"
#include "server/loop.h"
#include "server/transport.h"
#include "server/worker_port.h"
#include "stream/multiplexer.h"

namespace trident::http2 {

class Http2Connection final : public server::Connection, public server::WorkerClient, private stream::StreamActions {
public:
    // initial: bytes already read from the transport (the client preface for h2c).
    Http2Connection(server::Loop& loop, server::WorkerPort& port, std::unique_ptr<server::Transport> transport,
                    const sockaddr_storage& peer, const sockaddr_storage& local, std::string_view initial);
    ~Http2Connection() override;

    // Sends the server SETTINGS and processes `initial`. False: the connection is closed.
    bool start();

    // server::Connection
    void on_event(uint32_t events) override;
    void on_timeout(int kind) override;
    void on_shutdown() override;
    void on_deadline(uint64_t now_ns) override;  // per-stream request body timeouts
    server::WorkerClient* worker_client() override { return this; }

    // server::WorkerClient
    void on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) override;
    void on_channel_lost(server::WorkerPort::Binding b) override;
    void on_dispatch_ready(int64_t stream_id) override;
    void on_channel_drained() override;
    void on_ws_push(int from, int64_t ws_stream, const ipc::FrameHeader& h, const uint8_t* payload,
                    size_t len) override;
    void on_ws_owner_draining(int64_t ws_stream) override;
    void on_ws_credit(int from, int64_t ws_stream, uint32_t bytes) override;

    struct Stream;

    // The connection's lifecycle; it only moves forward (enter()).
    enum class Phase : uint8_t {
        Open,       // serving streams
        GoingAway,  // our GOAWAY went out (shutdown): no new streams, open ones finish
        Lingering,  // GOAWAY after a connection error: waiting for EOF, input dropped
        Closed,     // unregistered; freed after this loop turn
    };

private:
    friend struct Callbacks;

    // nghttp2 callbacks (static trampolines live in connection.cc).
    int on_begin_frame(const nghttp2_frame_hd& hd);
    int on_frame_send(const nghttp2_frame* frame);
    int on_begin_headers(int32_t stream_id);
    int on_header(int32_t stream_id, std::string_view name, std::string_view value);
    int on_trailer(int32_t stream_id, std::string_view name, std::string_view value);
    int on_frame_recv(const nghttp2_frame* frame);
    int on_data_chunk(int32_t stream_id, const uint8_t* data, size_t len);
    int on_stream_close(int32_t stream_id, uint32_t error_code);
    ssize_t read_body(int32_t stream_id, uint8_t* buf, size_t len, uint32_t* flags);

    void dispatch_request(Stream& s, bool end_stream);
    void dispatch_held(Stream& s);  // a held head goes out now (its DATA or trailers came)
    void dispatch_held_heads();     // after a mem_recv: the held heads still open go out
    Stream* find(int64_t stream_id);

    // stream::StreamActions
    bool submit_head(stream::MuxStream& s, unsigned status, const std::vector<HeaderField>& fields,
                     bool has_body) override;
    void append_body(stream::MuxStream& s, const uint8_t* data, size_t len, bool end) override;
    bool submit_trailers(stream::MuxStream& s, const std::vector<HeaderField>& fields) override;
    bool submit_interim(stream::MuxStream& s, unsigned status, const std::vector<HeaderField>& fields) override;
    void reset_stream(stream::MuxStream& s, ipc::ResetCode why) override;
    void consume(stream::MuxStream& s, size_t n) override;
    void consume_connection(stream::MuxStream& s, size_t n) override;
    void consume_stream(stream::MuxStream& s, size_t n) override;
    void flush() override;
    size_t queued(const stream::MuxStream& s) const override;
    bool connection_info(ipc::ConnectionInfo& out) const override;

    bool late_frame_allowed(int32_t stream_id) const;
    bool pump();      // mem_recv what was read, mem_send what nghttp2 wants to send
    bool send_out();  // nghttp2 -> transport; false when the connection is gone
    void do_read();
    void update_events();
    void update_timer();
    void close_now(const char* why);
    void enter(Phase next);
    bool going_away() const { return phase_ >= Phase::GoingAway; }
    bool lingering() const { return phase_ == Phase::Lingering; }
    bool closed() const { return phase_ == Phase::Closed; }
    void fail_connection(int nghttp2_error);
    void linger_read();
    void maybe_close();
    void reset_lingering_uploads();

    server::Loop& loop_;
    stream::Multiplexer mux_;
    Phase phase_ = Phase::Open;
    std::unique_ptr<server::Transport> transport_;
    int fd_;
    sockaddr_storage peer_;
    sockaddr_storage local_;
    nghttp2_session* session_ = nullptr;
    std::string initial_;
    std::string out_;          // bytes nghttp2 produced that the transport has not taken
    size_t out_pos_ = 0;
    uint32_t events_ = 0;
    bool got_request_ = false;
    bool peer_closed_ = false;
    int32_t last_client_stream_ = 0;  // the highest stream id a client HEADERS used
    size_t lingering_uploads_ = 0;    // streams answered whose client still sends (Stream::upload_lingers)
    std::vector<int32_t> held_heads_; // request heads of this read not dispatched yet (rapid reset)
    std::vector<int32_t> resets_;     // ids of the streams we reset last (a ring, lazily sized)
    size_t reset_next_ = 0;
    const char* error_reason_ = nullptr;  // why a callback failed the connection, for the log
};

}  // namespace trident::http2

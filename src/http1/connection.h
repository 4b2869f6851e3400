// An HTTP/1.1 connection in a reactor thread: reads and parses requests, forwards them to
// workers as REQUEST_* frames, and writes the RESPONSE_* frames that come back as HTTP/1.1
// responses - strictly in request order, whatever order the workers finish in.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include <memory>

#include "server/connection.h"
#include "server/loop.h"
#include "server/transport.h"
#include "server/worker_port.h"
#include "stream/inbound_window.h"
#include "stream/response_record.h"
#include "stream/worker_link.h"
#include "trident/http/body_rate.h"
#include "trident/http1/chunked.h"
#include "trident/http1/parser.h"
#include "trident/websocket/handshake.h"
#include "trident/websocket/permessage_deflate.h"

namespace trident::http1 {

class Http1Connection final : public server::Connection, public server::WorkerClient {
public:
    // h2c: recognise the HTTP/2 preface (prior knowledge) on this cleartext connection.
    Http1Connection(server::Loop& loop, server::WorkerPort& port, std::unique_ptr<server::Transport> transport,
                    const sockaddr_storage& peer, const sockaddr_storage& local, bool h2c);

    // For a connection taken over from another object (TLS handshake): registers itself with
    // epoll and processes bytes that were already read.
    void start(std::string_view initial);
    ~Http1Connection() override;

    // The connection's lifecycle; it only moves forward (enter()).
    enum class Phase : uint8_t {
        Open,       // parsing and serving requests
        Draining,   // no new requests (an error, Connection: close, shutdown); in-flight ones finish
        Closing,    // close once the output is flushed and every stream is done
        Lingering,  // write side shut, input read and dropped until EOF (or the timer)
        Closed,     // unregistered; freed after this loop turn
    };

    // server::Connection
    void on_event(uint32_t events) override;
    void on_timeout(int kind) override;
    void on_shutdown() override;
    server::WorkerClient* worker_client() override { return this; }

    // server::WorkerClient
    void on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) override;
    void on_channel_lost(server::WorkerPort::Binding b) override;
    void on_dispatch_ready(int64_t stream_id) override;
    void on_channel_drained() override;

    // One request/response exchange. Streams are kept in request order; only the front one
    // may write to the socket, later ones buffer their bytes in `out`.
    struct Stream {
        int64_t id = 0;
        stream::WorkerLink link;     // the worker that has it (shared with HTTP/2 and HTTP/3)
        stream::ResponseRecord record;  // arrival and status, for the metrics
        uint8_t minor = 1;           // HTTP/1.minor of the request
        bool head_method = false;
        bool keep_alive = true;
        bool expect_continue = false;
        enum class Request : uint8_t { Receiving, Forwarded };      // Forwarded: the worker has all of it
        enum class Response : uint8_t { None, Started, Complete };  // as the client receives it
        Request request = Request::Receiving;
        Response response = Response::None;
        void set_request(Request next);    // checked transitions (stream/transition.h)
        void set_response(Response next);
        bool request_done() const { return request == Request::Forwarded; }
        bool response_started() const { return response != Response::None; }
        bool response_done() const { return response == Response::Complete; }
        // A WebSocket upgrade the reactor validated (RFC 6455 4.2.1): the worker accepts it
        // (RESPONSE_HEAD with kFlagUpgradeAccepted) or answers it like any request, after which
        // the connection closes (the client may already be speaking WebSocket).
        bool websocket = false;
        bool deflate = false;                     // permessage-deflate offered and agreed
        websocket::DeflateParams deflate_params;
        char accept_key[websocket::kAcceptKeySize] = {};
        // The response was handed to the stream registry (STREAM_DETACH): any worker writes it,
        // addressed by this id; released when the response ends or the connection goes.
        uint64_t detached_id = 0;
        bool chunked = false;        // response framing: chunked
        bool no_body = false;        // HEAD, 1xx, 204, 304: body bytes are not sent
        uint64_t unacked = 0;        // RESPONSE_BODY bytes not yet handed to WorkerLink::taken()
        // http_body_streaming: body bytes the handler has not read yet (ipc/frame.h "Inbound
        // credit"); while it is exhausted the connection is not read.
        stream::InboundWindow body_window;
        std::string out;             // response bytes waiting for earlier responses
    };
private:
    enum class ReadState { Head, Body };
    enum class BodyMode { None, Length, Chunked };

    void do_read();
    size_t avail() const { return in_len_ - in_pos_; }
    void reset_input();
    void upgrade_to_h2();
    void stash_input();
    void process_input();
    bool start_request(const RequestHead& head, size_t head_len);
    // Returns false when body forwarding must wait (no worker yet, channel congested).
    bool forward_body();
    bool send_body_piece(Stream& s, const char* data, size_t len, bool end);
    bool send_body_end(Stream& s, server::WorkerPort::Binding b);
    void opened(Stream& s, stream::WorkerLink::Opened r);
    // `extra`: one more header line ("Name: value\r\n"), e.g. the 426's Sec-WebSocket-Version.
    void reject(int status, const char* message, std::string_view extra = {});
    void local_response(Stream& s, int status, const char* message, std::string_view extra = {});
    // The head is a WebSocket upgrade: 1 go on (s marked), 0 not one (plain HTTP), -1 answered
    // (a bad upgrade; the connection closes), -2 wait (earlier responses first, re-parsed then).
    // On 1, ws has the accept key and the agreed permessage-deflate parameters.
    int check_websocket(const RequestHead& head, size_t head_len, Stream& ws);
    void accept_websocket(Stream& s, const ipc::FrameHeader& h, const uint8_t* payload, size_t len);
    void detach(Stream& s, const ipc::FrameHeader& h, const uint8_t* payload);
    // The detached ids of these streams are released (the connection or the streams are gone).
    void release_detached(Stream& s);
    void response_interim(Stream& s, const uint8_t* payload, size_t len);
    void response_head(Stream& s, const uint8_t* payload, size_t len, bool end);
    void response_body(Stream& s, const uint8_t* data, size_t len, bool end);
    void response_trailers(Stream& s, const uint8_t* payload, size_t len);
    void emit(Stream& s, std::string_view a, std::string_view b = {});
    void complete(Stream& s);
    void let_go(Stream& s);
    void credit_front();
    void advance();
    Stream* find_stream(int64_t id);
    void write_out(std::string_view a, std::string_view b);
    void flush_out();
    void update_events();
    void update_timer();
    // Response bytes the client has not taken yet (ours and the TLS session's).
    bool output_pending() const { return out_pos_ < out_.size() || transport_->has_pending(); }
    // Too much output waits for the client: parse no new request (and stop reading) until it
    // drains, so a client that pipelines without reading cannot make us buffer its responses.
    bool output_full() const { return out_.size() - out_pos_ > kMaxUnsent || transport_->has_pending(); }
    // The body being read waits for its handler to read what it has (its inbound window is
    // exhausted): the socket is not read, and the body timers stop (the wait is ours).
    bool body_held() const {
        return read_state_ == ReadState::Body && !streams_.empty() && !streams_.back().response_done() &&
               !streams_.back().body_window.open();
    }
    void body_credit(Stream& s, const ipc::FrameHeader& h, const uint8_t* payload);
    // http_body_min_rate: false (after answering 408) when the body arrives too slowly.
    bool body_rate_ok(size_t bytes);
    static constexpr size_t kMaxUnsent = 64 * 1024;
    static constexpr size_t kMaxDetachedUnsent = 4u << 20;
    void abort_by_server(const char* why);
    void abort(const char* why);
    void begin_close();
    void enter(Phase next);
    bool draining() const { return phase_ >= Phase::Draining; }
    bool closing() const { return phase_ >= Phase::Closing; }
    bool lingering() const { return phase_ == Phase::Lingering; }
    bool only_lingering() const override { return lingering(); }
    bool closed() const { return phase_ == Phase::Closed; }

    server::Loop& loop_;
    server::WorkerPort& port_;
    std::unique_ptr<server::Transport> transport_;
    int fd_;
    sockaddr_storage peer_;
    sockaddr_storage local_;
    // Unconsumed input: in_data_[in_pos_, in_len_) points either into the reactor's shared
    // read buffer (during do_read) or into own_ (what was left over between reads).
    const char* in_data_ = nullptr;
    size_t in_len_ = 0;
    size_t in_pos_ = 0;
    std::string own_;
    std::string out_;      // bytes the socket did not take yet, from out_pos_
    size_t out_pos_ = 0;
    std::deque<Stream> streams_;
    int64_t next_stream_id_ = 1;
    ReadState read_state_ = ReadState::Head;
    BodyMode body_mode_ = BodyMode::None;
    uint64_t body_remaining_ = 0;
    uint64_t body_total_ = 0;
    ChunkedDecoder chunked_;
    http::BodyRate body_rate_;  // http_body_min_rate of the body being read
    uint32_t events_ = 0;
    Phase phase_ = Phase::Open;
    bool peer_closed_ = false;  // the client's side of the stream ended (orthogonal to phase_)
    bool h2c_ = false;
    // An upgrade request is in flight: nothing after it is parsed as HTTP.
    bool upgrade_pending_ = false;
};

}  // namespace trident::http1

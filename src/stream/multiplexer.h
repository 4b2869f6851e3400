// The stream core shared by HTTP/2 and HTTP/3: everything about a request stream that does not
// depend on the wire protocol. It turns the client's request (head, body, end, reset) into
// worker traffic through WorkerPort — dispatch and retry, congestion, package_max_length (413),
// http_body_min_rate and stalled bodies (408), shutdown refusal, CONNECT (501), header limits
// (431) — and the worker's frames into the protocol's final actions (StreamActions) — response
// head through one field policy, body, trailers, resets, 500/502 when a worker fails, credit.
//
// A protocol adapter (Http2Connection, Http3Connection) owns one Multiplexer, feeds it what its
// library reports, and implements StreamActions with its library's calls. The adapters hold no
// dispatch state of their own.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/connection.h"
#include "server/loop.h"
#include "server/worker_port.h"
#include "stream/inbound_window.h"
#include "stream/request_trailers.h"
#include "stream/websocket_stream.h"
#include "stream/response_record.h"
#include "stream/worker_link.h"
#include "trident/core/header_field.h"
#include "trident/core/intrusive_list.h"
#include "trident/http/body_rate.h"
#include "trident/ipc/frame.h"
#include "trident/websocket/permessage_deflate.h"

namespace trident::stream {

struct MuxStream {
    // The request as the client sends it.
    enum class Request : uint8_t {
        Receiving,  // head or body still arriving
        Received,   // the client finished; the worker may not have the end yet
        Forwarded,  // the worker has the whole request
        Discarded,  // what is left of it goes nowhere (answered by the reactor, reset, aborted)
    };
    // The response as the client receives it.
    enum class Response : uint8_t {
        None,      // nothing sent yet
        Started,   // head sent, body may follow
        Complete,  // finished, reset or abandoned: nothing more from a worker is used
    };

    explicit MuxStream(int64_t stream_id) : id(stream_id) { body_link.owner = this; }
    virtual ~MuxStream();
    MuxStream(const MuxStream&) = delete;
    MuxStream& operator=(const MuxStream&) = delete;

    Request request() const { return request_; }
    Response response() const { return response_; }
    void set_request(Request next);
    void set_response(Response next);

    // The client owes body bytes and nothing of ours holds them back (bytes in pending_body
    // have their flow-control credit withheld: that wait is ours): its data must keep coming
    // (http_header_timeout between arrivals, http_body_min_rate on average).
    bool awaiting_body() const {
        return request_ == Request::Receiving && response_ != Response::Complete && pending_body.empty();
    }
    // The client has not finished sending (whether or not anyone still wants the bytes) and
    // nothing of ours holds them back: its body timer runs.
    bool owes_body() const { return !client_done && pending_body.empty(); }

    const int64_t id;
    WorkerLink link;
    ResponseRecord record;  // arrival and status, for the metrics
    bool head_method = false;
    bool has_body = false;     // the response head announced a body (DATA follows)
    std::string pending_body;  // request body the worker has not taken yet
    // Of pending_body, the bytes whose connection-level flow-control credit was already returned
    // (held back by the inbound window only: the stream's own window stays closed on them, its
    // siblings keep the connection's).
    size_t pending_conn_credited = 0;
    // Inbound credit of a streamed body (http_body_streaming): body bytes the worker's handler has
    // not read yet (ipc/frame.h "Inbound credit"); unlimited otherwise.
    InboundWindow body_window;
    uint64_t body_total = 0;
    http::BodyRate body_rate;
    // The request's trailer fields (issue 14), from their arrival until REQUEST_TRAILERS went to
    // the worker after the last body byte; null when the client sent none.
    std::unique_ptr<RequestTrailers> trailers;
    // The client ended its side of the stream (END_STREAM, or a reset).
    bool client_done = false;
    // Per-stream body timer: when the body last moved (bytes arrived, or our hold on them
    // ended). The stream sits in its Multiplexer's `receiving_` list, oldest first, until the
    // client is done sending.
    int64_t body_clock_ms = 0;
    struct BodyLink : ListLink {
        MuxStream* owner = nullptr;
    };
    BodyLink body_link;

    // A WebSocket over extended CONNECT (RFC 8441 on HTTP/2, RFC 9220 on HTTP/3): the request
    // went to a worker as an upgrade (Requested); once it accepted, the stream's DATA both ways
    // carries the WebSocket (Open) and `ws` serves it.
    enum class WebSocket : uint8_t { None, Requested, Open };
    WebSocket websocket = WebSocket::None;
    ipc::Protocol protocol = ipc::Protocol::Http2;  // of the request (set with its head)
    bool ws_deflate = false;
    websocket::DeflateParams ws_deflate_params;
    std::string ws_early;      // bytes the client sent before the accept (bounded)
    size_t ws_unconsumed = 0;  // received, credit held back while the owner's channel is congested
    // Received while the WebSocket's inbound window was exhausted: the connection's credit went
    // back at once, the stream's waits for the owner's STREAM_CREDIT.
    size_t ws_stream_held = 0;
    std::unique_ptr<WebSocketTransport> ws_transport;  // declared before ws: destroyed after it
    std::unique_ptr<WebSocketStream> ws;
    // The response was handed to the stream registry (STREAM_DETACH): any worker writes it.
    uint64_t detached_id = 0;

private:
    Request request_ = Request::Receiving;
    Response response_ = Response::None;
};

// What the core asks of the wire protocol. Each call acts on the client's stream only.
class StreamActions {
public:
    virtual ~StreamActions() = default;
    // Response head: `fields` are lower-case and final (no :status). has_body: DATA follows
    // through append_body()/submit_trailers(); otherwise the head ends the stream. False:
    // the library refused it (the core then resets the stream).
    virtual bool submit_head(MuxStream& s, unsigned status, const std::vector<HeaderField>& fields,
                             bool has_body) = 0;
    // Response body bytes (copied or queued by the protocol); `end` ends the stream.
    virtual void append_body(MuxStream& s, const uint8_t* data, size_t len, bool end) = 0;
    // Ends the body with trailer fields (lower-case). False: not possible (the core ends the
    // body without them).
    virtual bool submit_trailers(MuxStream& s, const std::vector<HeaderField>& fields) = 0;
    // An interim response (1xx but 101) before the final head; `fields` as for submit_head.
    // False: the library refused it (the response goes on without it).
    virtual bool submit_interim(MuxStream& s, unsigned status, const std::vector<HeaderField>& fields) = 0;
    virtual void reset_stream(MuxStream& s, ipc::ResetCode why) = 0;
    // The request body's n bytes are taken: return their flow-control credit to the client.
    virtual void consume(MuxStream& s, size_t n) = 0;
    // The two halves of consume(), for bytes the inbound window holds back: the connection's
    // credit now (the connection's other streams keep flowing), the stream's once the worker
    // consumed them (HTTP/2: nghttp2_session_consume_connection / _consume_stream; HTTP/3: the
    // QUIC connection's max data / the stream's max stream data).
    virtual void consume_connection(MuxStream& s, size_t n) = 0;
    virtual void consume_stream(MuxStream& s, size_t n) = 0;
    // After a batch of actions from a worker event: push output, re-arm timers.
    virtual void flush() = 0;
    // Response body bytes appended and not yet taken by the protocol library (a WebSocket's
    // outbound bound is checked against it).
    virtual size_t queued(const MuxStream& s) const = 0;
    // The connection's addresses (and TLS flag) for a log line of a request answered before
    // its head was captured. False: not known.
    virtual bool connection_info(ipc::ConnectionInfo& out) const {
        (void)out;
        return false;
    }
};

class Multiplexer {
public:
    Multiplexer(server::Loop& loop, server::WorkerPort& port, server::Connection& owner, StreamActions& actions,
                const char* protocol_name);
    Multiplexer(const Multiplexer&) = delete;
    Multiplexer& operator=(const Multiplexer&) = delete;

    // --- streams ---
    MuxStream& add(std::unique_ptr<MuxStream> s);
    MuxStream* find(int64_t id) const;
    size_t size() const { return streams_.size(); }
    // Ids of every stream: a snapshot, as library calls made per stream may close streams.
    std::vector<int64_t> ids() const;

    // --- the client's side (the protocol reports what its library parsed) ---
    // A complete request head (`header_bytes`: its size as the protocol's limit counts it).
    // end_stream: no body follows.
    // `connect_protocol`: the :protocol pseudo-header of an extended CONNECT (RFC 8441 §4), or
    // empty.
    void request_head(MuxStream& s, const ipc::RequestHeadIn& in, size_t header_bytes, bool end_stream,
                      std::string_view connect_protocol = {});
    // Answers the stream `status` without a worker (e.g. 431 found while decoding headers).
    void reject(MuxStream& s, int status, const char* message);
    void request_data(MuxStream& s, const uint8_t* data, size_t len);
    // One trailer field (HTTP/2's trailing HEADERS, HTTP/3's trailer section), before
    // request_end(). The protocol checked it (no pseudo-header); the core keeps, drops or
    // bounds it (stream/request_trailers.h) and sends it after the body.
    void request_trailer(MuxStream& s, std::string_view name, std::string_view value);
    void request_end(MuxStream& s);
    // The client reset (or stopped) the stream.
    void client_reset(MuxStream& s);
    // The library forgot the stream: the worker is told if it still has it; s is freed.
    void stream_closed(int64_t id);
    // After our GOAWAY: new streams are refused.
    void set_going_away() { going_away_ = true; }
    // The protocol consumed n more bytes of s's response body (pulled under the client's
    // flow-control window, or acknowledged): credit for the worker.
    void body_taken(MuxStream& s, uint64_t n);

    // --- the workers' side (WorkerClient callbacks, forwarded by the adapter) ---
    void on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len);
    void on_channel_lost(server::WorkerPort::Binding b);
    void on_dispatch_ready(int64_t id);
    void on_channel_drained();
    // WebSockets (WorkerClient::on_ws_push / on_ws_owner_draining, forwarded by the adapter).
    void on_ws_push(int from, int64_t stream, const ipc::FrameHeader& h, const uint8_t* payload);
    void on_ws_owner_draining(int64_t stream);
    // STREAM_CREDIT for the WebSocket on `stream` from channel `from` (WorkerClient::on_ws_credit).
    void on_ws_credit(int from, int64_t stream, uint32_t bytes);
    // Server shutdown: every WebSocket gets its close frame (1001); the streams end with the
    // close handshake.
    void shutdown_websockets();
    // Server shutdown: detached responses, which no worker will end, end now.
    void end_detached();
    size_t websocket_count() const { return websockets_; }

    // --- the connection ---
    // Per-stream body timeouts: a stream whose body the client owes stops moving for
    // http_header_timeout gets 408 on that stream alone, whatever the others do; one we
    // already answered completely (413, 408, a handler that answered early) is reset with
    // NO_ERROR instead, so a stalled upload cannot hold it (and the connection) forever. The
    // earliest deadline (monotonic ms, INT64_MAX: none) is for the adapter's loop deadline;
    // expire_bodies() acts on the streams whose deadline has passed.
    int64_t body_deadline_ms() const;
    void expire_bodies(int64_t now_ms);
    // The connection is gone: workers are told about every stream they still have.
    // client_gone: the client went away (counted in client_aborts), rather than being cut
    // off by us for a protocol error.
    void close_all(bool client_gone);

private:
    void dispatch(MuxStream& s, const uint8_t* head, size_t len);
    void opened(MuxStream& s, WorkerLink::Opened r);
    void forward(MuxStream& s);
    // The request is complete and nothing of it is left to send but its head: the head then
    // carries END_STREAM (trailers, when there are some, must follow it instead).
    static bool head_ends(const MuxStream& s);
    // The end of the body on b: REQUEST_TRAILERS when the client sent trailers, else REQUEST_END.
    void send_body_end(MuxStream& s, server::WorkerPort::Binding b);
    void abort_body(MuxStream& s, int status, const char* message);
    void respond_local(MuxStream& s, int status, const char* message);
    void response_head(MuxStream& s, const uint8_t* payload, size_t len, bool end);
    void response_trailers(MuxStream& s, const uint8_t* payload, size_t len);
    void response_interim(MuxStream& s, const uint8_t* payload, size_t len);
    void complete(MuxStream& s);
    void drop_pending(MuxStream& s);
    // The first n bytes of pending_body leave it (forwarded or dropped): their credit goes back
    // to the client (what the connection already had, only to the stream).
    void credit_pending(MuxStream& s, size_t n);
    // The inbound window holds pending_body back: the connection's credit for it goes back now.
    void hold_pending(MuxStream& s);
    void body_credit(MuxStream& s, const ipc::FrameHeader& h, const uint8_t* payload);
    // The body of s moved now: its deadline starts over (it goes to the back of receiving_).
    void touch(MuxStream& s);
    void client_finished(MuxStream& s);
    void reset_client(MuxStream& s, ipc::ResetCode why);
    // Extended CONNECT: false when the request was answered here (bad handshake).
    bool websocket_request(MuxStream& s, const ipc::RequestHeadIn& in, std::string_view protocol, bool end_stream);
    void accept_websocket(MuxStream& s, const ipc::FrameHeader& h, const uint8_t* payload, size_t len);
    void websocket_data(MuxStream& s, const uint8_t* data, size_t len);
    // The WebSocket of s may have ended: the stream's response is then complete.
    void websocket_settled(MuxStream& s);
    void detach(MuxStream& s, const ipc::FrameHeader& h, const uint8_t* payload);
    void release_detached(MuxStream& s);
    size_t detached_ = 0;  // streams with a detached response
    class WsTransport;
    int64_t body_timeout_ms() const;
    uint64_t session() const { return owner_.session_id; }

    server::Loop& loop_;
    server::WorkerPort& port_;
    server::Connection& owner_;
    StreamActions& actions_;
    const char* protocol_;
    int latency_protocol_;  // which row of SharedState::responses_by_class (from protocol_)
    int latency_protocol() const { return latency_protocol_; }
    bool going_away_ = false;
    using StreamMap = std::unordered_map<int64_t, std::unique_ptr<MuxStream>>;
    StreamMap streams_;
    // Map nodes of closed streams, reused for new ones: no allocation for the map per stream.
    std::vector<StreamMap::node_type> spare_nodes_;
    static constexpr size_t kSpareNodes = 16;
    IntrusiveList receiving_;  // streams whose request is Receiving, by body_clock_ms
    size_t websockets_ = 0;    // streams with an open WebSocket (their ticks join the deadline)
    static constexpr size_t kMaxDetachedUnsent = 4u << 20;
};

}  // namespace trident::stream

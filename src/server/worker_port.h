// The worker side of request streams, as a protocol connection sees it.
//
// WorkerPort (implemented by the reactor over its worker channels, by a fake in unit tests)
// picks a worker for a new stream, carries the request to it and returns credit; it keeps
// each worker's in-flight count: a stream counts from a successful open() until release() or
// reset(), and nowhere else, so dispatch_mode=least_loaded sees the true load.
//
// WorkerClient (implemented by every connection that carries requests) is called back with
// what the workers send and with changes in their availability.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trident/ipc/frame.h"

namespace trident::server {

class WorkerPort {
public:
    virtual ~WorkerPort() = default;

    // A worker channel, as open() names it. Stable for the life of the channel.
    using Binding = int;
    static constexpr Binding kNoWorker = -1;  // none can take a stream now: wait_for_worker()
    static constexpr Binding kFailed = -2;    // the chosen worker's channel broke while sending

    // Picks a worker for a new request stream (dispatch_mode) and sends its REQUEST_HEAD,
    // END_STREAM when `end`. On success the stream counts in that worker's load.
    virtual Binding open(uint64_t session_id, int64_t stream_id, const uint8_t* head, size_t len, bool end) = 0;
    // After kNoWorker: calls client->on_dispatch_ready(stream_id) once a worker may take it.
    virtual void wait_for_worker(uint64_t session_id, int64_t stream_id) = 0;

    // REQUEST_BODY frames (at most kMaxPayload each), END_STREAM on the last when `end`.
    virtual bool send_body(Binding b, uint64_t session_id, int64_t stream_id, const char* data, size_t len,
                           bool end) = 0;
    // REQUEST_END: the body (chunked) ended with no bytes of its own.
    virtual bool send_end(Binding b, uint64_t session_id, int64_t stream_id) = 0;
    // REQUEST_TRAILERS (END_STREAM) with this payload: the body ended with trailer fields
    // (stream/request_trailers.h builds the payload).
    virtual bool send_trailers(Binding b, uint64_t session_id, int64_t stream_id, const uint8_t* payload,
                               size_t len) = 0;
    // The channel is alive but has too much queued: hold body bytes back (the client's flow
    // control or TCP then pushes back) and call wait_for_drain().
    virtual bool congested(Binding b) const = 0;
    // After congested(): calls the session's on_channel_drained() once b drained (or died).
    virtual void wait_for_drain(Binding b, uint64_t session_id) = 0;
    // False once the channel died (its streams get on_channel_lost).
    virtual bool alive(Binding b) const = 0;

    // RESPONSE_CREDIT: the client took `bytes` more of this stream's response.
    virtual void credit(Binding b, uint64_t session_id, int64_t stream_id, uint64_t bytes) = 0;
    // The stream stops counting in b's load (its response is complete, or b is gone).
    virtual void release(Binding b) = 0;
    // STREAM_RESET with `why` (the worker abandons the request), and release().
    virtual void reset(Binding b, uint64_t session_id, int64_t stream_id, ipc::ResetCode why) = 0;

    // A QUIC DATAGRAM for a worker picked as for a request; false when dropped (none free,
    // congested): datagrams are unreliable and never queued without bound.
    virtual bool send_datagram(uint64_t session_id, const uint8_t* data, size_t len) = 0;

    // --- WebSocket streams (ipc/frame.h "WebSocket streams") ---
    // b's worker accepted the upgrade of request (session_id, request_stream): allocates the
    // stream registry id, routes it to (session_id, ws_stream) — 0 on HTTP/1.1, the stream id
    // on HTTP/2 and HTTP/3 — and sends WS_OPEN on the request. 0 when the registry is full or
    // b is gone: the upgrade fails.
    virtual uint64_t open_websocket(Binding b, uint64_t session_id, int64_t request_stream, int64_t ws_stream,
                                    ipc::Protocol protocol) = 0;
    // One received message for the owner (WS_MESSAGE frames). False when the channel is gone.
    virtual bool send_ws_message(Binding b, uint64_t id, uint8_t opcode, std::string_view data) = 0;
    // (Inbound backpressure uses congested()/wait_for_drain() on the owner's binding.)
    // The close handshake began: the registry says Closing (isEstablished() is false from now).
    virtual void websocket_closing(uint64_t id) = 0;

    // --- Detached responses (ipc/frame.h "Detached responses") ---
    // b's worker hands the response of (session_id, stream) to the registry (kind 2 event
    // stream, 3 other): allocates the id, routes RESPONSE_BODY/END addressed by it to
    // (session_id, stream), and answers STREAM_DETACHED on b (0 when refused; then 0 is
    // returned and nothing changed). The caller then stops treating the stream as b's.
    virtual uint64_t detach_stream(Binding b, uint64_t session_id, int64_t stream, uint8_t kind,
                                   ipc::Protocol protocol) = 0;
    // The detached response ended (or its client went away): the id is released, and writers
    // waiting for its credit are woken (WS_WRITABLE) to find it gone.
    virtual void release_stream(uint64_t id) = 0;
    // The WebSocket ended: WS_CLOSED to the owner (if its channel is alive), and the id is
    // released (it never names anything again); pushes waiting for its credit are woken
    // (WS_WRITABLE) and find it gone. Called exactly once per open_websocket().
    virtual void close_websocket(Binding b, uint64_t id, uint16_t code, std::string_view reason) = 0;
    // `bytes` of the pushes charged to WebSocket (or detached response) `id` left the reactor
    // (written out, or dropped): they are taken off its push credit
    // (StreamRegistry::discharge_push), and once
    // what is outstanding falls below StreamRegistry::kPushLowWater every worker waiting for
    // room gets WS_WRITABLE.
    virtual void push_credit_returned(uint64_t id, uint64_t bytes) { (void)id, (void)bytes; }
};

class WorkerClient {
public:
    virtual ~WorkerClient() = default;
    // A RESPONSE_* or STREAM_RESET frame from a worker for one of this connection's streams.
    virtual void on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) = 0;
    // Channel b died: every stream it carried has failed (none of them counts any more).
    virtual void on_channel_lost(WorkerPort::Binding b) = 0;
    // A stream that waited (wait_for_worker) may be opened now.
    virtual void on_dispatch_ready(int64_t stream_id) = 0;
    // A congested channel drained (wait_for_drain).
    virtual void on_channel_drained() = 0;
    // A WS_PUSH from the worker on channel `from` (any worker) for this connection's WebSocket
    // `ws_stream` (h.session_id is its registry id; the reactor checked that it is live here).
    virtual void on_ws_push(int from, int64_t ws_stream, const ipc::FrameHeader& h, const uint8_t* payload,
                            size_t len) {
        (void)from, (void)ws_stream, (void)h, (void)payload, (void)len;
    }
    // STREAM_CREDIT from the worker on channel `from` for this connection's WebSocket `ws_stream`
    // (ipc/frame.h "Inbound credit"): its handler consumed `bytes` more of its messages.
    virtual void on_ws_credit(int from, int64_t ws_stream, uint32_t bytes) { (void)from, (void)ws_stream, (void)bytes; }
    // The worker that owns WebSocket `ws_stream` began a graceful stop (reload, max_request):
    // close it now with 1001, telling the worker at once (close_websocket) so that its Close
    // callbacks run before it exits.
    virtual void on_ws_owner_draining(int64_t ws_stream) { (void)ws_stream; }
    // A DATAGRAM from a worker (sendDatagram): only HTTP/3 connections take it.
    virtual bool on_worker_datagram(const uint8_t* data, size_t len) {
        (void)data;
        (void)len;
        return false;
    }
};

}  // namespace trident::server

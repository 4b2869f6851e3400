// The worker process's side of the IPC channel: an epoll loop over one channel per reactor,
// turning REQUEST_* frames into WorkerRequest objects and sending RESPONSE_* frames back.
//
// A request's life does not assume its handler returns before the next frame is read: the
// binding keeps a WorkerRequest (retain/release) for as long as PHP objects refer to it and
// may answer at any later point of the loop, as a coroutine scheduler needs.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trident/core/event_loop.h"
#include "trident/core/header_field.h"
#include "trident/core/intrusive_list.h"
#include "trident/http/encoder.h"
#include "trident/ipc/frame.h"
#include "trident/server/config.h"

namespace trident::server {

class Hooks;
class LocalChannel;
class StreamRegistry;
class Worker;

struct WorkerRequest {
    ListLink live_link;               // in Worker::live_ (every request not yet released)
    uint32_t refs = 1;                // the worker's own until on_request() returns; the binding adds its own
    int channel = -1;                 // reactor index the request came from
    uint64_t session_id = 0;
    int64_t stream_id = 0;
    std::unique_ptr<uint8_t[]> head_storage;  // copy of the REQUEST_HEAD payload
    ipc::RequestHeadView head;        // views into head_storage
    // The body received so far; with body_read, the bytes read() already took (they are freed
    // as reading goes on, so a body read piecewise is never held whole).
    std::string body;
    size_t body_read = 0;
    bool body_complete = false;
    // The request's trailer fields (REQUEST_TRAILERS, which completed the body): the payload,
    // and views into it. has_trailers is false when the client sent none.
    std::string trailer_storage;
    ipc::ResponseHeadView trailers;
    bool has_trailers = false;
    bool started = false;             // on_request() ran (at the head with http_body_streaming)
    bool streaming = false;           // started before its body was complete
    // Inbound credit of a streamed body (ipc/frame.h "Inbound credit"): bytes the handler read
    // (or the worker dropped) that STREAM_CREDIT has not returned yet; once rawContent() waits
    // for the whole body, every byte is credited as it arrives.
    uint64_t body_credit_owed = 0;
    bool body_wanted_whole = false;
    bool body_consumed = false;       // read() took bytes: the whole body is no longer available
    int64_t body_waiter = 0;          // binding's token of a reader waiting for body bytes (0: none)
    bool aborted = false;             // the client is gone: nothing we send will be delivered
    bool head_sent = false;           // RESPONSE_HEAD went out
    bool finished = false;            // the response is complete (or abandoned)
    bool counted_in_flight = false;
    // WebSocket upgrade (the REQUEST_HEAD had ipc::kRequestFlagWebSocket): the accept went out
    // and WS_OPEN has not come yet (the worker holds a reference meanwhile), and the registry
    // id once it has (0 before).
    bool upgrade_pending = false;
    uint64_t websocket_id = 0;
    // Detach (Worker::detach): STREAM_DETACH went out and STREAM_DETACHED has not come yet (the
    // worker holds a reference meanwhile), and the registry id the response went to (0: none).
    bool detach_pending = false;
    uint64_t detached_id = 0;
    double received_at = 0;           // wall clock, for $request->server['request_time_float']
    uint64_t unacked = 0;             // response body bytes sent (coded) and not yet taken by the client
    // A compressed response (worker_compression.cc): its encoder, which carries the codec state
    // from one write() to the next and is released when the response finishes (null: the body
    // goes out as the handler gives it), and the coded bytes of the current send (owned here:
    // sending may suspend the coroutine while other responses are coded).
    std::unique_ptr<http::Encoder> encoder;
    std::string encoded;
    int64_t waiter = 0;               // binding's token of a writer waiting for credit (0: none)
    void* binding = nullptr;          // owned by the PHP binding

    // Body bytes received and not read yet.
    std::string_view unread_body() const { return std::string_view(body).substr(body_read); }
    // Marks the first n unread bytes as read, freeing them.
    void consume_body(size_t n);
};

class Worker {
public:
    Worker(int worker_id, uint32_t incarnation, std::vector<int> channel_fds, const ServerConfig& config,
           Hooks& hooks);
    ~Worker();

    // MODE_BASE: the worker's only reactor runs in this process (server/base_worker.h). Channel
    // `index` (the reactor's index; every other channel stays closed) is the in-process `local`
    // one, and `base` is what a stop asks of that reactor. Before run().
    class BaseReactor {
    public:
        virtual ~BaseReactor() = default;
        // Stop accepting and let the connections finish (graceful stop of this worker).
        virtual void begin_shutdown() = 0;
        // Connections with something left to do (a lingering close does not hold the stop).
        virtual int64_t connection_count() = 0;
        // SIGUSR2: reopen the access log (logrotate moved it).
        virtual void reopen_logs() {}
    };
    void attach_local(int index, LocalChannel* local, BaseReactor* base);

    // Runs until a graceful stop completes or the master goes away. Returns the exit code.
    int run();
    // Begin a graceful stop: tell every reactor, finish what is in flight, then run() returns.
    void stop();

    int id() const { return worker_id_; }
    // The worker's event loop; the binding runs coroutines and timers on it.
    EventLoop& loop() { return loop_; }
    uint64_t requests_handled() const { return requests_handled_; }

    // Response side. All return false when nothing can be delivered (client gone, already
    // finished, or the channel is broken); a false return never leaves a half-sent frame.
    // The body is compressed here when the response qualifies (http/compression_policy.h):
    // send_head then adjusts the head (Content-Encoding, Vary, Content-Length, a weak ETag)
    // and the rest of the body, send_body and send_trailers included, goes through r->encoder.
    bool send_head(WorkerRequest* r, uint16_t status, const HeaderField* headers, size_t count,
                   std::string_view body, bool end);
    bool send_body(WorkerRequest* r, std::string_view data, bool end);
    // An interim response (103 Early Hints, any 1xx but 101) before the final head. False when
    // the final head already went out, for a status that is not interim, for an HTTP/1.0 client
    // (it has no interim responses), while an upgrade or detach is pending, or as above.
    bool send_interim(WorkerRequest* r, uint16_t status, const HeaderField* headers, size_t count);
    // Ends the response with trailer fields (HTTP/2, HTTP/3; chunked HTTP/1.1).
    bool send_trailers(WorkerRequest* r, const HeaderField* trailers, size_t count);
    // Abandon the response (e.g. the handler failed after the head went out): STREAM_RESET
    // with ResetCode::Internal; the reactor answers 500 if nothing was sent, else resets the
    // stream (HTTP/1.1: closes the connection).
    void send_reset(WorkerRequest* r);
    // Queues an RFC 9221 DATAGRAM for HTTP/3 connection `session_id` (any connection of any
    // reactor). False when the payload is too large for a frame or the channel is broken;
    // true does not mean delivery (datagrams are unreliable; the reactor drops those for
    // connections that are gone or did not negotiate DATAGRAM).
    bool send_datagram(uint64_t session_id, std::string_view data);

    // Reads what the reactor sent so far, so r->aborted is current even while a handler runs
    // without returning to the loop (a no-op from the loop itself).
    void poll_resets(WorkerRequest* r) {
        if (!r->aborted) poll_channel(r->channel);
    }

    // --- Inbound credit (ipc/frame.h "Inbound credit") ---

    // read() hands out the first n unread body bytes of a streamed request: they are freed, and
    // credited to the reactor (in batches) so that it forwards that much more of the body.
    void read_body(WorkerRequest* r, size_t n);
    // rawContent() waits for the whole body of a streamed request: what is unread now and every
    // byte still to come are credited as they arrive (the body is bounded by package_max_length).
    void want_whole_body(WorkerRequest* r);
    // PHP is done with a message of `bytes` bytes of WebSocket `id` (recv() returned it, its
    // Message callback returned, or it was dropped): it is credited to the owning reactor (in
    // batches, each message charged ipc::ws_message_charge). Unknown or closed ids are ignored.
    void ws_consumed(uint64_t id, size_t bytes);

    void retain(WorkerRequest* r) { ++r->refs; }
    void release(WorkerRequest* r);

    // --- WebSockets (see "WebSocket streams" in ipc/frame.h) ---

    // Where ids are looked up (default: the server's, stream_registry()); tests give their own.
    void set_stream_registry(StreamRegistry* registry) { registry_ = registry; }
    StreamRegistry* registry() const { return registry_; }
    // Accepts the upgrade of a request the reactor marked ipc::kRequestFlagWebSocket: RESPONSE_HEAD
    // with kFlagUpgradeAccepted, status 101 and these extra headers. The request stays pending
    // (in flight) until WS_OPEN names the WebSocket (then it is complete: Hooks::on_websocket_open)
    // or the upgrade fails (STREAM_RESET, CONNECTION_CLOSED: it is aborted). False when the request
    // is not an upgrade, its head already went out, it is gone, or the channel is broken.
    bool accept_websocket(WorkerRequest* r, const HeaderField* headers, size_t count);
    // Sends a message (text, binary) or a control frame (ping, pong; close: the bytes are u16
    // code + reason) to WebSocket `id`, wherever it lives: WS_PUSH to the reactor that owns it,
    // from any worker. A message goes in kWsPushChunk pieces, all queued together, so pushes of
    // other coroutines never land inside it. A message is first charged to the WebSocket's push
    // credit (StreamRegistry::charge_push, shared by every worker): without room the caller
    // suspends (Hooks::wait_push_credit) until the reactor's WS_WRITABLE, and a caller that cannot
    // suspend gets false at once (counted in websocket_pushes_refused). A full channel queue
    // then suspends it too (Hooks::wait_writable; a caller that cannot suspend is refused). True
    // means queued: the reactor drops (and counts) pushes to a WebSocket that closed meanwhile.
    // False: `id` is not a live WebSocket in the registry (or it closed while the push waited),
    // the frame is invalid (a control frame over 125 bytes, a close without a sendable code), no
    // room without a way to wait, this worker is stopping, or the channel is broken.
    bool ws_push(uint64_t id, ipc::WsOpcode op, std::string_view data, bool compress);
    // A close push with this code and reason. False as for ws_push, and for a code that is not
    // ipc::ws_close_code_sendable or a reason over ipc::kWsMaxCloseReason bytes.
    bool ws_close(uint64_t id, uint16_t code, std::string_view reason);
    // WebSockets this worker accepted that have not been reported closed yet.
    size_t websocket_count() const { return websockets_.size(); }
    bool owns_websocket(uint64_t id) const { return websockets_.count(id) != 0; }

    // --- Detached responses (see "Detached responses" in ipc/frame.h) ---

    // Whether the response of `r` is being compressed (detach() refuses it: the codec state
    // cannot move to the workers that would write next).
    static bool compressing(const WorkerRequest* r) { return r->encoder != nullptr; }

    // Hands the response of `r` to the stream registry, so that any worker can write it:
    // STREAM_DETACH with `kind` (StreamKind::EventStream or StreamKind::Detached, as a byte), then
    // waits for the reactor's STREAM_DETACHED (the caller suspends through Hooks::wait_request;
    // a caller that cannot suspend blocks reading the channel). The caller holds a reference to r.
    // Returns the registry id: the request is then complete for this worker (in flight,
    // max_request, a graceful stop no longer wait for it) and nothing more goes out on its
    // (session, stream): send_* return false, write_detached(id) writes the response. Returns 0
    // and leaves the request as it was when the reactor refuses; 0 also when r cannot be detached
    // (head not sent, finished, aborted, an upgrade, a detach already pending or done, an unknown
    // kind) or the client went away meanwhile (r is aborted then).
    uint64_t detach(WorkerRequest* r, uint8_t kind);
    // Writes to detached response `id` from any worker: RESPONSE_BODY frames of at most
    // ipc::kMaxPayload bytes addressed by the id (session_id = id, stream_id 0) on the channel of
    // the id's reactor, END_STREAM on the last when `end` (an empty RESPONSE_END for an end
    // without data). All frames of one call are queued together (other writers never land inside
    // it). The bytes are first charged to the stream's push credit, as for ws_push: past it the
    // caller suspends until the client has read (Hooks::wait_push_credit), or, when it cannot
    // suspend, gets false (counted in detached_writes_refused); a full channel queue then
    // suspends it too (Hooks::wait_writable). True means queued (the reactor drops writes for a
    // stream that ended meanwhile). False, with nothing sent: `id` is not an open event-stream or
    // detached entry of the registry (or it ended while the write waited), no room without a way
    // to wait, this worker is stopping, or its channel is broken.
    bool write_detached(uint64_t id, std::string_view data, bool end);

private:
    static constexpr unsigned kRecvBatch = 8;
    // Response bytes a request may have in flight towards its client before write() waits.
    static constexpr uint64_t kResponseWindow = 1u << 20;
    struct Channel {
        int fd = -1;
        LocalChannel* local = nullptr;  // MODE_BASE: frames in memory, no fd
        bool drain_acked = false;
        bool broken = false;
        std::deque<std::string> queue;  // frames the socket could not take yet
        size_t queued_bytes = 0;
        bool want_write = false;
    };

    void on_channel_readable(int index);
    // The channel's transport: its socket, or the in-process queues in MODE_BASE. As recvmmsg,
    // recv and sendmsg with MSG_DONTWAIT (-1 with errno EAGAIN when nothing can move now).
    int channel_recv_batch(Channel& c, mmsghdr* msgs, unsigned n);
    ssize_t channel_recv(Channel& c, uint8_t* buf, size_t cap);
    ssize_t channel_send(Channel& c, const iovec* iov, int count);
    // Waits (at most a second) until the channel may have moved, for callers that cannot
    // suspend; MODE_BASE runs the reactor's side instead, which is on this thread.
    void channel_wait_blocking(int index);
    class LocalEnd;
    friend class LocalEnd;
    std::unique_ptr<LocalEnd> local_end_;
    BaseReactor* base_ = nullptr;
    // MODE_BASE graceful stop: the reactor drains its connections first, then stop() runs.
    bool base_shutdown_ = false;
    bool max_request_stop_queued_ = false;  // MODE_BASE: request_stop() deferred to the loop
    int64_t base_shutdown_deadline_ms_ = 0;
    void request_stop();
    void dispatch_batch();
    void read_nested(int index);
    void drop_deferred(int channel, uint64_t session_id, int64_t stream_id, bool whole_session);
    void on_channel_writable(int index);
    void handle_frame(int index, const uint8_t* data, size_t len);
    void credit(int channel, uint64_t session_id, int64_t stream_id, uint32_t bytes);
    void wait_for_credit(WorkerRequest* r);
    void complete_request(WorkerRequest* r);
    void start_request(WorkerRequest* r);
    void stop_receiving(WorkerRequest* r);
    void finish(WorkerRequest* r);
    // The uncompressed paths (worker.cc): frames exactly as given.
    bool send_head_frames(WorkerRequest* r, uint16_t status, const HeaderField* headers, size_t count,
                          std::string_view body, bool end);
    bool send_body_frames(WorkerRequest* r, std::string_view data, bool end);
    // Compression (worker_compression.cc).
    bool send_head_coded(WorkerRequest* r, uint16_t status, const HeaderField* headers, size_t count,
                         std::string_view body, bool end);
    bool send_body_coded(WorkerRequest* r, std::string_view data, bool end);
    bool finish_coding(WorkerRequest* r);
    std::unique_ptr<http::Encoder> take_encoder(http::ContentCoding c);
    void release_coding(WorkerRequest* r);
    // may_wait false: queue without waiting for the reactor even past the bound (the middle
    // frames of a WebSocket message, which must stay consecutive).
    bool send_frame(int channel, const ipc::FrameHeader& h, const void* p1, size_t n1, const void* p2, size_t n2,
                    bool may_wait = true);
    void update_poll(int index);
    void owe_body_credit(WorkerRequest* r, uint64_t n);
    // STREAM_CREDIT for `bytes` on (session, stream) of `channel` (split past u32).
    void send_stream_credit(int channel, uint64_t session_id, int64_t stream_id, uint64_t bytes);
    uint64_t credit_batch() const { return ipc::inbound_credit_batch(config_.input_window_size); }
    void run_deferred();
    void poll_channel(int index);
    void flush_blocking(int index);
    void channel_lost(int index);
    void abort_requests(int channel, uint64_t session_id, int64_t stream_id, bool whole_session);
    bool drained() const;
    void ws_open(int channel, const ipc::FrameHeader& h, const uint8_t* payload);
    void ws_message(int channel, const ipc::FrameHeader& h, const uint8_t* payload);
    void ws_closed(int channel, const ipc::FrameHeader& h, const uint8_t* payload);
    void ws_channel_lost(int channel);
    void ws_writable(int channel, const ipc::FrameHeader& h);
    // Waits for push credit for `bytes` toward `id` (see ws_push). True once charged; false
    // when the id is gone, the worker stops, or the caller cannot wait (then `refused` counts).
    bool charge_push(uint64_t id, uint64_t bytes, std::atomic<uint64_t>& refused);
    // Wakes every push waiting for credit toward ids of reactor `channel` (-1: all).
    void wake_push_waiters(int channel);
    bool wait_for_room(int channel, bool or_refuse = false);
    void stream_detached(int channel, const ipc::FrameHeader& h, const uint8_t* payload);
    void await_detached(WorkerRequest* r);

    int worker_id_;
    uint32_t incarnation_;
    const ServerConfig& config_;
    Hooks& hooks_;
    struct ChannelRef {
        Worker* worker;
        int index;
    };
    static void on_signal_fd(void* data, int fd, uint32_t events);
    static void on_channel_fd(void* data, int fd, uint32_t events);
    EventLoop loop_;
    std::vector<ChannelRef> refs_;
    bool polling_ = false;
    int sigfd_ = -1;
    std::vector<Channel> channels_;
    IntrusiveList live_;
    // Requests whose body is still arriving, keyed by (channel, session, stream).
    struct Key {
        int channel;
        uint64_t session;
        int64_t stream;
        bool operator==(const Key& o) const { return channel == o.channel && session == o.session && stream == o.stream; }
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            return std::hash<uint64_t>()(k.session * 31 + uint64_t(k.stream) * 131 + uint64_t(k.channel));
        }
    };
    std::unordered_map<Key, WorkerRequest*, KeyHash> receiving_;
    // The WebSockets this worker accepted, by registry id, with the message being reassembled.
    struct WebSocket {
        int channel = -1;            // the reactor that owns it (stream_id::reactor(id))
        ipc::WsOpcode opcode = ipc::WsOpcode::Text;
        bool receiving = false;      // a message has begun (frames with kFlagMore came)
        bool discarding = false;     // the message went over websocket_max_message_size
        std::string partial;
        uint64_t message_bytes = 0;  // of the message being received (credited when it is dropped)
        uint64_t credit_owed = 0;    // consumed message charges not yet returned by STREAM_CREDIT
    };
    std::unordered_map<uint64_t, WebSocket> websockets_;
    // Pushes of this worker waiting for credit, by WebSocket id (how many wait on each).
    std::unordered_map<uint64_t, uint32_t> push_waits_;
    StreamRegistry* registry_ = nullptr;
    std::vector<uint8_t> rbuf_;
    // The batch the loop's read took into rbuf_, dispatched frame by frame. A read made while
    // it is being dispatched (a handler's poll) finishes it first, so no frame is overtaken,
    // and reads one frame at a time into pbuf_, so the batch's bytes are not overwritten.
    int batch_channel_ = -1;
    unsigned batch_next_ = 0;
    unsigned batch_count_ = 0;
    uint32_t batch_len_[kRecvBatch] = {};
    bool dispatching_ = false;
    std::vector<uint8_t> pbuf_;
    std::vector<uint8_t> wbuf_;
    // Compression scratch, reused from response to response: an idle encoder per coding (reset,
    // ready for the next body), one output buffer handed to each coded response in turn, the
    // head fields as adjusted and the values that had to change (a merged Vary, a weak ETag).
    std::unique_ptr<http::Encoder> idle_encoders_[http::kContentCodingCount];
    std::string spare_encoded_;
    std::vector<HeaderField> coded_fields_;
    std::string vary_value_;
    std::string etag_value_;
    // Request frames read while a handler was running, handled when it returns.
    std::deque<std::pair<int, std::string>> deferred_;
    int handler_depth_ = 0;
    size_t polled_bytes_ = 0;
    static constexpr size_t kPollEveryBytes = 256 * 1024;
    int64_t in_flight_ = 0;
    uint64_t requests_handled_ = 0;
    bool stopping_ = false;
    bool long_lived_ended_ = false;  // on_worker_draining() ran (server stop or this worker's stop)
    bool running_ = true;
    int64_t stop_deadline_ms_ = 0;
};

}  // namespace trident::server

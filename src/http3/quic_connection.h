// One QUIC connection with HTTP/3 on top, server side, without I/O: ngtcp2_conn (GnuTLS
// backend) for the transport, nghttp3_conn for HTTP/3 framing and QPACK. The owner (a reactor
// thread) feeds it the datagrams that arrive for it, pulls the datagrams it wants to send, and
// calls on_expiry() when expiry() has passed. Requests surface through QuicObserver; responses
// go in through submit_response() / append_body(). Stream ids are QUIC stream ids.
//
// Lifecycle (state(); set_state() is the only place it changes, and asserts the transition):
//   active          handshake and requests
//   shutting_down   shutdown(): the GOAWAY notice is out; requests the client sent before it
//                   saw it are still accepted until the grace period (2 x PTO) ends
//   final_goaway    the final GOAWAY (last accepted stream id) is out; the accepted requests
//                   finish, then the connection closes with H3_NO_ERROR
//   close_pending   the close reason is chosen; the CONNECTION_CLOSE is not written yet (it
//                   goes out on the next write_datagrams() that finds the socket writable)
//   closing         we sent CONNECTION_CLOSE; it is repeated when the peer keeps sending, until
//                   the closing period (3 x PTO) ends
//   draining        the peer closed; nothing is sent until the draining period (3 x PTO) ends
//   closed          the owner destroys the object (and forgets its connection ids)
//
//   active -> shutting_down -> final_goaway -> close_pending -> closing -> closed
//   any of the first three -> close_pending (error, close()), draining (the peer's
//   CONNECTION_CLOSE) or closed (idle timeout, stateless reset); close_pending -> closed when
//   nothing can be written (no keys yet), -> draining when the peer's CONNECTION_CLOSE came in
//   the same packet that made us close; draining -> closed.
// Every transition happens inside feed(), write_datagrams(), on_expiry(), shutdown() or
// close(); the owner checks state() after each call.
//
// Not thread-safe: the owning reactor thread is the only caller.
#pragma once

#include <nghttp3/nghttp3.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <gnutls/gnutls.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "trident/core/header_field.h"

namespace trident::http3 {

class QuicServerConfig;

// A request head as nghttp3 delivered it (pseudo-headers already validated by nghttp3: a
// malformed request resets its stream with H3_MESSAGE_ERROR and never reaches the observer).
// Views are valid only during the observer call.
struct RequestHead {
    std::string_view method;
    std::string_view scheme;
    std::string_view authority;
    std::string_view path;
    const std::vector<HeaderField>* fields;  // regular header fields, in arrival order
    std::string_view protocol;               // :protocol of an extended CONNECT, or empty
};

class QuicObserver {
public:
    virtual ~QuicObserver() = default;
    // A request's header block is complete. end_stream: no body follows (on_request_end still
    // comes, right after).
    virtual void on_request_headers(int64_t stream_id, const RequestHead& head, bool end_stream) = 0;
    virtual void on_request_data(int64_t stream_id, const uint8_t* data, size_t len) = 0;
    virtual void on_request_end(int64_t stream_id) = 0;
    // One field of the request's trailer section (a HEADERS frame after the body), before
    // on_request_end. nghttp3 refused pseudo-headers in it (the stream is reset with
    // H3_MESSAGE_ERROR); names are lower-case. Views are valid only during the call.
    virtual void on_request_trailer(int64_t stream_id, std::string_view name, std::string_view value) {
        (void)stream_id, (void)name, (void)value;
    }
    // The client abandoned the request (RESET_STREAM before the body ended, STOP_SENDING, or the
    // stream closed before the response was complete). At most once per stream; further
    // submit_response/append_body calls for it return NGHTTP3_ERR_STREAM_NOT_FOUND.
    virtual void on_stream_reset(int64_t stream_id, uint64_t app_error_code) = 0;
    // Connection ids the server issued / retired: the owner's CID -> connection map follows
    // them so that any datagram carrying one reaches this connection.
    virtual void on_cid_issued(const ngtcp2_cid& cid) = 0;
    virtual void on_cid_retired(const ngtcp2_cid& cid) = 0;
    // The client acknowledged `n` more bytes of a stream's response body: memory the owner
    // may hand back to the producer as credit.
    virtual void on_body_acked(int64_t stream_id, uint64_t n) {
        (void)stream_id;
        (void)n;
    }
    // The request stream is gone from the connection (response complete, or reset): its
    // stream id will not be reported again.
    virtual void on_stream_close(int64_t stream_id) { (void)stream_id; }
    // A stream is about to close: `n` packets carrying its STREAM frames were declared lost on
    // the way (retransmitted; spurious losses included). For the loss counter.
    virtual void on_stream_packets_lost(uint64_t n) { (void)n; }
    // An RFC 9221 DATAGRAM frame arrived (only when the limits enable DATAGRAM).
    virtual void on_datagram(const uint8_t* data, size_t len) {
        (void)data;
        (void)len;
    }
};

// Sends one UDP datagram on `path` (path.local is the address the client sent to). Returns
// false when the socket would block: the connection keeps the datagram and offers it first on
// the next write_datagrams() call.
using DatagramSink = std::function<bool(const ngtcp2_path& path, const uint8_t* data, size_t len)>;

class QuicConnection {
public:
    enum class State { active, shutting_down, final_goaway, close_pending, closing, draining, closed };
    // The lifecycle table above: whether `from` may move to `to` (never to itself).
    static bool transition_allowed(State from, State to);
    static const char* state_name(State s);

    // Creates the connection for a client's first Initial packet. `hd` is what ngtcp2_accept
    // filled in for it (ngtcp2_accept returned 0); `path` is (local address, client address).
    // The new server CID encodes `reactor` (see cid.h). The owner then calls feed() with the
    // same packet. Returns null with `*error` set (a GnuTLS/ngtcp2 reason) if the libraries
    // refuse (out of memory). retry_odcid: the client's original DCID recovered from a valid
    // Retry token (the packet answers our Retry); null when no Retry was sent.
    // address_validated: hd.token was checked (a valid Retry or NEW_TOKEN token).
    static std::unique_ptr<QuicConnection> accept(const QuicServerConfig& config, QuicObserver& observer,
                                                  int reactor, const ngtcp2_pkt_hd& hd, const ngtcp2_path& path,
                                                  uint64_t now_ns, std::string* error,
                                                  const ngtcp2_cid* retry_odcid = nullptr,
                                                  bool address_validated = false);
    ~QuicConnection();
    QuicConnection(const QuicConnection&) = delete;
    QuicConnection& operator=(const QuicConnection&) = delete;

    // Processes one received datagram. Returns 0 or the ngtcp2 error (NGTCP2_ERR_DRAINING,
    // NGTCP2_ERR_CRYPTO, ...); on error the state has changed and write_datagrams() sends the
    // CONNECTION_CLOSE if one is due.
    int feed(const ngtcp2_path& path, const uint8_t* pkt, size_t len, uint64_t now_ns);

    // Sends what the connection has to send, up to the congestion controller's send quantum.
    // Returns the number of datagrams passed to `sink`.
    size_t write_datagrams(uint64_t now_ns, const DatagramSink& sink);

    // Absolute time (ns, same clock as now_ns) at which on_expiry() must run; UINT64_MAX: none.
    uint64_t expiry() const;
    // Runs the transport timers (loss detection, ACK delay, idle timeout) and the end of the
    // closing/draining period and of the GOAWAY grace. Call write_datagrams() after it.
    void on_expiry(uint64_t now_ns);

    // Response for a request stream. fields: regular header fields (lower-case names, as
    // HTTP/3 requires). has_body=false: the response is complete with its head. Otherwise
    // the body follows through append_body(). Returns 0 or a negative nghttp3 error
    // (NGHTTP3_ERR_STREAM_NOT_FOUND: the stream is gone).
    int submit_response(int64_t stream_id, int status, const std::vector<HeaderField>& fields, bool has_body);
    // Appends body bytes (copied; the copy lives until the client acknowledges it, as nghttp3
    // requires). end: this is the last part. Returns 0 or NGHTTP3_ERR_STREAM_NOT_FOUND.
    int append_body(int64_t stream_id, const uint8_t* data, size_t len, bool end);
    // Ends a response body with trailer fields (lower-case names) instead of a plain end.
    int submit_trailers(int64_t stream_id, const std::vector<HeaderField>& fields);
    // An interim (1xx) response before submit_response(): nghttp3_conn_submit_info.
    int submit_interim(int64_t stream_id, int status, const std::vector<HeaderField>& fields);
    // Returns `n` bytes of request body (delivered by on_request_data) to the client's
    // flow-control windows. The owner calls it once the bytes left its hands, so a slow
    // consumer slows the client instead of growing buffers.
    void consume_body(int64_t stream_id, size_t n);
    // The halves of consume_body(): the connection's MAX_DATA only (bytes held back on one stream
    // by inbound credit must not stall the others), and later that stream's MAX_STREAM_DATA.
    void consume_connection(size_t n);
    void consume_stream(int64_t stream_id, size_t n);
    // Queues an RFC 9221 DATAGRAM for the client. False: DATAGRAM was not negotiated, the
    // payload does not fit in one packet, or too many are queued already.
    bool send_datagram(const uint8_t* data, size_t len);
    bool datagram_enabled() const;
    // Sends a NEW_TOKEN frame (RFC 9000 §8.1.3): an address-validation token the client may
    // present in a later connection's Initial instead of going through a Retry.
    int submit_new_token(const uint8_t* token, size_t len);
    // Bytes appended to the stream's body but not yet acknowledged by the client: what this
    // stream's response holds in memory (the owner's backpressure signal).
    size_t unacked_body_bytes(int64_t stream_id) const;
    // Abandons a stream both ways (RESET_STREAM + STOP_SENDING with `app_error_code`).
    int reset_stream(int64_t stream_id, uint64_t app_error_code);

    // Graceful shutdown (active only): GOAWAY announcing that no new request will be accepted
    // (shutting_down), then after a grace period (2 x PTO) the final GOAWAY naming the last
    // accepted stream (final_goaway); once every accepted request has finished,
    // CONNECTION_CLOSE (H3_NO_ERROR). Before the handshake has finished there are no requests:
    // the connection closes at once.
    void shutdown(uint64_t now_ns);
    // Immediate close with an HTTP/3 application error (e.g. NGHTTP3_H3_NO_ERROR when the
    // server's shutdown timeout ran out): close_pending, and write_datagrams() sends the
    // CONNECTION_CLOSE. Does nothing once a close is chosen (its reason stands) or under way.
    void close(uint64_t app_error_code);

    State state() const { return state_; }
    // Requests are still carried: active, shutting_down or final_goaway.
    bool open() const;
    bool handshake_completed() const;
    // The client's first DCID: the owner maps it to this connection until the handshake
    // completes, because the client repeats it on every Initial until it learns our CID.
    const ngtcp2_cid& original_dcid() const { return original_dcid_; }
    // All CIDs currently issued for this connection (the first one and those from
    // on_cid_issued).
    std::vector<ngtcp2_cid> server_cids() const;
    size_t open_streams() const { return streams_.size(); }

    struct Stream;
    struct Callbacks;

private:
    friend struct Callbacks;

    QuicConnection(const QuicServerConfig& config, QuicObserver& observer, int reactor);

    int setup_http3();
    void set_state(State next);
    void fail(int liberr);
    void set_app_error(uint64_t code);
    void begin_close();
    void enter_closing_or_closed(uint64_t now_ns, const DatagramSink& sink, size_t* sent);
    bool flush_pending(const DatagramSink& sink);
    Stream* find(int64_t stream_id);
    // A connection with no request stream closes after the idle timeout, as HTTP/1.1 and
    // HTTP/2 ones do; one with a stream open (an event stream may stay quiet for minutes) is
    // kept alive: PINGs once half the negotiated idle timeout passes without a packet sent.
    void update_keep_alive();
    void report_reset(Stream& s, uint64_t code);
    void ack_body(Stream& s, uint64_t n);
    nghttp3_ssize read_body(Stream& s, nghttp3_vec* vec, size_t veccnt, uint32_t* flags);
    void consume(int64_t stream_id, size_t n);
    uint64_t period_end(uint64_t now_ns) const;

    const QuicServerConfig& config_;
    QuicObserver& observer_;
    int reactor_;
    ngtcp2_conn* conn_ = nullptr;
    nghttp3_conn* h3_ = nullptr;
    gnutls_session_t tls_ = nullptr;
    ngtcp2_crypto_conn_ref conn_ref_{};
    ngtcp2_cid original_dcid_{};
    ngtcp2_connection_close_error ccerr_{};
    State state_ = State::active;
    // Not a lifecycle step: the reason is chosen inside a library callback (the library then
    // returns an error, and only then does the state move), so it is remembered apart and
    // kept over the library's generic error.
    bool ccerr_set_ = false;
    uint64_t final_goaway_at_ = UINT64_MAX;  // shutting_down: when the final GOAWAY goes out
    uint64_t period_deadline_ = UINT64_MAX;  // closing, draining: end of the period
    std::vector<uint8_t> close_pkt_;  // closing: our CONNECTION_CLOSE, repeated
    ngtcp2_path_storage close_path_{};
    // closing: a packet arrived since the CONNECTION_CLOSE last went out, so the next write
    // repeats it (RFC 9000 §10.2.1; one repeat per write however many arrived). Data of the
    // closing state, not a state of its own: the connection is closing either way.
    bool resend_close_ = false;
    std::vector<uint8_t> pending_;    // a datagram the sink could not take
    ngtcp2_path_storage pending_path_{};
    std::vector<uint8_t> buf_;        // one outgoing datagram
    std::deque<std::string> datagrams_;  // DATAGRAM payloads waiting to be sent
    uint64_t next_dgram_id_ = 0;
    std::unordered_map<int64_t, std::unique_ptr<Stream>> streams_;
    // Keep-alive while request streams are open (see update_keep_alive()).
    bool keep_alive_ = false;
};

}  // namespace trident::http3

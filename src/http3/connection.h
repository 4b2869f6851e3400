// An HTTP/3 connection in a reactor thread: a QuicConnection (ngtcp2 + nghttp3, I/O-free) fed
// by the reactor's QuicEndpoint, with its expiry in the loop's deadline heap. Each request
// stream is carried to a worker and back by the shared stream core (stream::Multiplexer),
// exactly like HTTP/2 streams; this class supplies HTTP/3's final actions (StreamActions).
#pragma once

#include <netinet/in.h>
#include <ngtcp2/ngtcp2.h>
#include <sys/socket.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "http3/quic_connection.h"
#include "server/connection.h"
#include "server/loop.h"
#include "server/worker_port.h"
#include "stream/multiplexer.h"

namespace trident::http3 {

class QuicEndpoint;

class Http3Connection final : public server::Connection,
                              public server::WorkerClient,
                              public QuicObserver,
                              private stream::StreamActions {
public:
    Http3Connection(server::Loop& loop, server::WorkerPort& port, QuicEndpoint& endpoint,
                    const sockaddr_storage& local, const sockaddr_storage& remote);
    ~Http3Connection() override;

    // Creates the QUIC state for a client's first Initial (`hd` from ngtcp2_accept) and feeds
    // it the packet. retry_odcid: set when the packet carried our valid Retry token. False:
    // the connection could not be created (it has closed itself).
    bool start(const ngtcp2_pkt_hd& hd, const uint8_t* pkt, size_t len, const ngtcp2_cid* retry_odcid,
               bool address_validated);
    // A datagram for this connection (our socket, or forwarded by another reactor).
    void on_packet(const sockaddr_storage& local, const sockaddr_storage& remote, const uint8_t* data, size_t len);

    // server::Connection
    void on_event(uint32_t events) override;  // EPOLLOUT: the UDP socket can take datagrams again
    void on_timeout(int kind) override;
    void on_shutdown() override;
    void on_deadline(uint64_t now_ns) override;
    server::WorkerClient* worker_client() override { return this; }

    // server::WorkerClient
    void on_worker_frame(const ipc::FrameHeader& h, const uint8_t* payload, size_t len) override;
    void on_channel_lost(server::WorkerPort::Binding b) override;
    void on_dispatch_ready(int64_t stream_id) override;
    void on_channel_drained() override;
    bool on_worker_datagram(const uint8_t* data, size_t len) override;
    void on_ws_push(int from, int64_t ws_stream, const ipc::FrameHeader& h, const uint8_t* payload,
                    size_t len) override;
    void on_ws_owner_draining(int64_t ws_stream) override;
    void on_ws_credit(int from, int64_t ws_stream, uint32_t bytes) override;

    // QuicObserver
    void on_request_headers(int64_t stream_id, const RequestHead& head, bool end_stream) override;
    void on_request_data(int64_t stream_id, const uint8_t* data, size_t len) override;
    void on_request_end(int64_t stream_id) override;
    void on_request_trailer(int64_t stream_id, std::string_view name, std::string_view value) override;
    void on_stream_reset(int64_t stream_id, uint64_t app_error_code) override;
    void on_stream_close(int64_t stream_id) override;
    void on_cid_issued(const ngtcp2_cid& cid) override;
    void on_cid_retired(const ngtcp2_cid& cid) override;
    void on_body_acked(int64_t stream_id, uint64_t n) override;
    void on_datagram(const uint8_t* data, size_t len) override;
    void on_stream_packets_lost(uint64_t n) override {
        loop_.counters().quic_stream_packets_lost.fetch_add(n, std::memory_order_relaxed);
    }

private:
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
    void flush() override { flush_soon(); }
    size_t queued(const stream::MuxStream& s) const override { return quic_->unacked_body_bytes(s.id); }
    bool connection_info(ipc::ConnectionInfo& out) const override;
    // Sends what QUIC wants to send, then re-arms the deadline or closes when QUIC is done.
    void after_io();
    void flush_soon();  // after_io() at the end of this loop turn
    void close_now();

    server::Loop& loop_;
    server::WorkerPort& port_;
    stream::Multiplexer mux_;
    QuicEndpoint& endpoint_;
    sockaddr_storage local_;
    sockaddr_storage remote_;
    sockaddr_storage packet_local_;   // addresses of the datagram being processed
    sockaddr_storage packet_remote_;
    std::unique_ptr<QuicConnection> quic_;
    std::vector<ngtcp2_cid> cids_;  // every CID mapped to us in the endpoint
    bool closed_ = false;
    bool blocked_ = false;  // waiting for the UDP socket (EPOLLOUT)
    bool in_io_ = false;    // inside after_io(): nested calls only mark more work
    bool flush_pending_ = false;  // flush_soon() asked the reactor for a wake-up
    bool handshaking_ = true;     // counted in the endpoint's handshakes in progress
};

}  // namespace trident::http3

// One reactor's UDP socket for QUIC on the port of a TLS listener. It reads datagrams in
// batches and routes each one by its Destination Connection ID:
//   - a CID of a connection of this reactor       -> that Http3Connection
//   - a CID another reactor issued (cid.h)        -> forwarded to that reactor (NAT rebinding,
//                                                    migration: the kernel's SO_REUSEPORT hash
//                                                    follows the 4-tuple, not the connection)
//   - an Initial packet for a new connection      -> Retry (http3_retry) or a new connection
//   - an unsupported QUIC version                 -> Version Negotiation
//   - a short-header packet for an unknown CID    -> Stateless Reset (rate-limited)
// Everything runs on the reactor thread; nothing here blocks.
#pragma once

#include <netinet/in.h>
#include <ngtcp2/ngtcp2.h>
#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/connection.h"
#include "server/listen_sockets.h"
#include "server/loop.h"
#include "server/worker_port.h"

namespace trident::http3 {

class Http3Connection;
class QuicServerConfig;

// A connection ID as a hash key without allocation (CIDs are at most 20 bytes).
struct CidKey {
    uint8_t len = 0;
    uint8_t data[NGTCP2_MAX_CIDLEN] = {};
    CidKey(const uint8_t* p, size_t n);
    bool operator==(const CidKey& o) const;
};
struct CidKeyHash {
    size_t operator()(const CidKey& k) const {
        return std::hash<std::string_view>()(std::string_view(reinterpret_cast<const char*>(k.data), k.len));
    }
};

class QuicEndpoint final : public server::EventSource {
public:
    QuicEndpoint(server::Loop& loop, server::WorkerPort& port, const server::QuicListenSocket& socket);
    ~QuicEndpoint() override;
    QuicEndpoint(const QuicEndpoint&) = delete;
    QuicEndpoint& operator=(const QuicEndpoint&) = delete;

    bool start(std::string* error);
    void on_event(uint32_t events) override;
    // A datagram another reactor's socket received for one of our connections.
    void on_forwarded(const sockaddr_storage& local, const sockaddr_storage& remote, const uint8_t* data, size_t len);
    // Graceful shutdown: datagrams of existing connections are still served, new ones refused.
    void stop_accepting() { accepting_ = false; }

    // --- used by Http3Connection ---
    server::Loop& loop() { return loop_; }
    server::WorkerPort& port() { return worker_port_; }
    const QuicServerConfig& config() const { return *socket_.config; }
    int index() const { return socket_.index; }
    // Queues one datagram for `path` (path.local: our address the client talks to).
    // Consecutive datagrams of one path are gathered and leave as one UDP GSO send
    // (UDP_SEGMENT) in flush_tx(); the owner calls flush_tx() after each write burst. False
    // when the socket buffer is full: the caller keeps this datagram, calls wait_writable()
    // and is woken with on_event(EPOLLOUT) (a gathered batch that hit the full buffer is lost,
    // which QUIC's loss recovery repairs).
    bool send(const ngtcp2_path& path, const uint8_t* data, size_t len);
    bool flush_tx();
    void wait_writable(uint64_t session_id);
    void add_cid(const ngtcp2_cid& cid, Http3Connection* c);
    void remove_cid(const ngtcp2_cid& cid);
    // A connection of this endpoint finished (or abandoned) its handshake.
    void handshake_over() {
        if (handshaking_ > 0) --handshaking_;
    }
    // A NEW_TOKEN token for a client at `remote` (its IP, not its port: the next connection
    // comes from another port). Returns its length, 0 on failure; `out` holds
    // NGTCP2_CRYPTO_MAX_REGULAR_TOKENLEN bytes.
    size_t make_regular_token(const sockaddr_storage& remote, uint8_t* out);
    // How long a NEW_TOKEN token lets its client skip the Retry.
    static constexpr uint64_t kRegularTokenLifetime = 3600ull * NGTCP2_SECONDS;
    // Handshakes in progress above which every new connection must first prove its address
    // with a Retry (even without http3_retry): a flood of spoofed Initials then costs us one
    // stateless packet each instead of a TLS handshake and connection state.
    static constexpr size_t kRetryAbove = 512;

private:
    void read_batch();
    void handle(const sockaddr_storage& local, const sockaddr_storage& remote, const uint8_t* data, size_t len,
                bool forwarded);
    void accept_initial(const sockaddr_storage& local, const sockaddr_storage& remote, const uint8_t* data,
                        size_t len);
    void send_raw(const sockaddr_storage& local, const sockaddr_storage& remote, const uint8_t* data, size_t len);
    void send_version_negotiation(const ngtcp2_version_cid& vc, const sockaddr_storage& local,
                                  const sockaddr_storage& remote);
    void send_retry(const ngtcp2_pkt_hd& hd, const sockaddr_storage& local, const sockaddr_storage& remote);
    void send_invalid_token_close(const ngtcp2_pkt_hd& hd, const sockaddr_storage& local,
                                  const sockaddr_storage& remote);
    void send_stateless_reset(const uint8_t* dcid, size_t dcidlen, size_t pktlen, const sockaddr_storage& local,
                              const sockaddr_storage& remote);
    bool reset_budget();
    Http3Connection* find(const uint8_t* dcid, size_t len);
    void update_poll();
    bool send_now(const ngtcp2_path& path, const uint8_t* data, size_t len, uint16_t segment);

    server::Loop& loop_;
    server::WorkerPort& worker_port_;
    server::QuicListenSocket socket_;
    int fd_;
    uint16_t port_ = 0;  // our UDP port (network order), for local addresses from IP_PKTINFO
    int family_ = AF_INET;
    bool accepting_ = true;
    size_t handshaking_ = 0;  // connections created and not yet past their handshake
    bool want_write_ = false;
    std::unordered_map<CidKey, Http3Connection*, CidKeyHash> cids_;  // every CID of every connection (+ original DCIDs)
    std::vector<uint64_t> blocked_;  // connections waiting for the socket to take datagrams
    std::vector<uint8_t> rbuf_;
    // GSO batch: datagrams of one path, all tx_seg_ bytes except possibly the last.
    std::vector<uint8_t> txbuf_;
    size_t tx_len_ = 0, tx_count_ = 0, tx_seg_ = 0;
    bool tx_closed_ = false;  // the last datagram was shorter than tx_seg_: nothing may follow
    sockaddr_storage tx_local_{}, tx_remote_{};
    socklen_t tx_local_len_ = 0, tx_remote_len_ = 0;
    bool gso_ = true;  // cleared when the kernel refuses UDP_SEGMENT
    uint64_t reset_window_start_ = 0;
    unsigned resets_in_window_ = 0;
};

}  // namespace trident::http3

#include "http3/endpoint.h"

#include <netinet/in.h>
#include <netinet/udp.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "http3/cid.h"
#include "http3/connection.h"
#include "http3/quic_server_config.h"
#include "http3/routing.h"
#include "trident/core/clock.h"
#include "trident/core/log.h"

namespace trident::http3 {

namespace {

constexpr unsigned kRecvBatch = 16;
// Larger than any datagram a QUIC peer sends on a 1500-byte (or loopback) path in practice;
// anything bigger arrives truncated (MSG_TRUNC) and is dropped.
constexpr size_t kMaxDatagram = 4096;
// Retry tokens are accepted this long after they were made (one round trip is all they need).
constexpr uint64_t kRetryTokenLifetime = 10 * NGTCP2_SECONDS;
// Stateless resets answer unknown short-header packets; an attacker could use them to make us
// send traffic, so they are capped per endpoint.
constexpr unsigned kResetsPerSecond = 200;

socklen_t addr_len(const sockaddr_storage& ss) {
    return ss.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

ngtcp2_path make_path(const sockaddr_storage& local, const sockaddr_storage& remote) {
    ngtcp2_path p{};
    p.local.addr = const_cast<sockaddr*>(reinterpret_cast<const sockaddr*>(&local));
    p.local.addrlen = addr_len(local);
    p.remote.addr = const_cast<sockaddr*>(reinterpret_cast<const sockaddr*>(&remote));
    p.remote.addrlen = addr_len(remote);
    return p;
}

}  // namespace

CidKey::CidKey(const uint8_t* p, size_t n) {
    len = uint8_t(n > NGTCP2_MAX_CIDLEN ? NGTCP2_MAX_CIDLEN : n);
    memcpy(data, p, len);
}

bool CidKey::operator==(const CidKey& o) const { return len == o.len && memcmp(data, o.data, len) == 0; }

QuicEndpoint::QuicEndpoint(server::Loop& loop, server::WorkerPort& port, const server::QuicListenSocket& socket)
    : loop_(loop), worker_port_(port), socket_(socket), fd_(socket.fd), rbuf_(kRecvBatch * kMaxDatagram) {}

QuicEndpoint::~QuicEndpoint() {
    // Connections are owned by the reactor's session table and freed by it; fd_ by the master.
}

bool QuicEndpoint::start(std::string* error) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
        *error = std::string("QUIC socket: getsockname: ") + strerror(errno);
        return false;
    }
    family_ = ss.ss_family;
    port_ = family_ == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                : reinterpret_cast<sockaddr_in*>(&ss)->sin_port;
    if (!loop_.watch(fd_, EPOLLIN, this)) {
        *error = std::string("QUIC socket: epoll_ctl: ") + strerror(errno);
        return false;
    }
    return true;
}

void QuicEndpoint::on_event(uint32_t events) {
    if (events & EPOLLOUT) {
        std::vector<uint64_t> waiting;
        waiting.swap(blocked_);
        for (uint64_t id : waiting) {
            if (server::Connection* c = loop_.find(id)) c->on_event(EPOLLOUT);
        }
        update_poll();
    }
    if (events & (EPOLLIN | EPOLLERR)) read_batch();
}

void QuicEndpoint::update_poll() {
    bool want = !blocked_.empty();
    if (want == want_write_) return;
    want_write_ = want;
    loop_.modify(fd_, uint32_t(EPOLLIN) | (want ? uint32_t(EPOLLOUT) : 0u), this);
}

void QuicEndpoint::wait_writable(uint64_t session_id) {
    blocked_.push_back(session_id);
    update_poll();
}

void QuicEndpoint::read_batch() {
    mmsghdr msgs[kRecvBatch];
    iovec iovs[kRecvBatch];
    sockaddr_storage remotes[kRecvBatch];
    // IP_PKTINFO / IPV6_PKTINFO: the address the client sent to, which must be the source of
    // our answers (a wildcard-bound socket would otherwise pick one by routing).
    alignas(cmsghdr) char ctrl[kRecvBatch][CMSG_SPACE(sizeof(in6_pktinfo))];
    for (int round = 0; round < 8; ++round) {
        for (unsigned i = 0; i < kRecvBatch; ++i) {
            iovs[i] = {rbuf_.data() + i * kMaxDatagram, kMaxDatagram};
            msgs[i] = {};
            msgs[i].msg_hdr.msg_name = &remotes[i];
            msgs[i].msg_hdr.msg_namelen = sizeof remotes[i];
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            msgs[i].msg_hdr.msg_control = ctrl[i];
            msgs[i].msg_hdr.msg_controllen = sizeof ctrl[i];
        }
        int got = recvmmsg(fd_, msgs, kRecvBatch, MSG_DONTWAIT, nullptr);
        if (got < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) TRIDENT_LOG(Warning, "QUIC recvmmsg: %s", strerror(errno));
            return;
        }
        for (int i = 0; i < got; ++i) {
            const msghdr& mh = msgs[i].msg_hdr;
            if (mh.msg_flags & MSG_TRUNC) {
                loop_.counters().quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
                continue;
            }
            sockaddr_storage local{};
            local.ss_family = sa_family_t(family_);
            for (cmsghdr* cm = CMSG_FIRSTHDR(const_cast<msghdr*>(&mh)); cm; cm = CMSG_NXTHDR(const_cast<msghdr*>(&mh), cm)) {
                if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
                    auto* a = reinterpret_cast<sockaddr_in*>(&local);
                    in_pktinfo pi;
                    memcpy(&pi, CMSG_DATA(cm), sizeof pi);
                    a->sin_family = AF_INET;
                    a->sin_addr = pi.ipi_addr;
                    a->sin_port = port_;
                } else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO) {
                    auto* a = reinterpret_cast<sockaddr_in6*>(&local);
                    in6_pktinfo pi;
                    memcpy(&pi, CMSG_DATA(cm), sizeof pi);
                    a->sin6_family = AF_INET6;
                    a->sin6_addr = pi.ipi6_addr;
                    a->sin6_port = port_;
                }
            }
            handle(local, remotes[i], rbuf_.data() + size_t(i) * kMaxDatagram, msgs[i].msg_len, false);
        }
        if (unsigned(got) < kRecvBatch) return;
    }
}

void QuicEndpoint::on_forwarded(const sockaddr_storage& local, const sockaddr_storage& remote, const uint8_t* data,
                                size_t len) {
    handle(local, remote, data, len, true);
}

Http3Connection* QuicEndpoint::find(const uint8_t* dcid, size_t len) {
    auto it = cids_.find(CidKey(dcid, len));
    return it == cids_.end() ? nullptr : it->second;
}

void QuicEndpoint::handle(const sockaddr_storage& local, const sockaddr_storage& remote, const uint8_t* data,
                          size_t len, bool forwarded) {
    // The decisions are routing.h's (pure, fuzzed); this only carries them out.
    ngtcp2_version_cid vc;
    Route r = classify_datagram(data, len, forwarded, vc);
    if (r == Route::Lookup) {
        if (Http3Connection* c = find(vc.dcid, vc.dcidlen)) {
            c->on_packet(local, remote, data, len);
            return;
        }
        r = route_unowned(vc, data, len, forwarded, loop_.index(), loop_.loop_count());
    }
    switch (r) {
        case Route::Negotiate: send_version_negotiation(vc, local, remote); return;
        case Route::Forward:
            loop_.counters().quic_datagrams_forwarded.fetch_add(1, std::memory_order_relaxed);
            loop_.forward_datagram(reactor_of(vc.dcid, vc.dcidlen), socket_.index, local, remote, data, len);
            return;
        case Route::Accept: accept_initial(local, remote, data, len); return;
        case Route::Reset: send_stateless_reset(vc.dcid, vc.dcidlen, len, local, remote); return;
        case Route::Drop:
        case Route::Lookup: break;
    }
    loop_.counters().quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
}

void QuicEndpoint::accept_initial(const sockaddr_storage& local, const sockaddr_storage& remote, const uint8_t* data,
                                  size_t len) {
    ngtcp2_pkt_hd hd;
    int rv = ngtcp2_accept(&hd, data, len);
    if (rv != 0 || !accepting_) {
        // 0-RTT or Handshake packets of an unknown connection, garbage, or we are shutting
        // down: nothing sensible to answer.
        loop_.counters().quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    ngtcp2_cid odcid;
    const ngtcp2_cid* retry_odcid = nullptr;
    bool validated = false;
    if (socket_.retry || handshaking_ >= kRetryAbove) {
        uint64_t now = monotonic_ns();
        const ngtcp2_vec& tok = hd.token;
        TokenKind kind = token_kind(tok.base, tok.len);
        if (kind == TokenKind::Regular &&
            ngtcp2_crypto_verify_regular_token(tok.base, tok.len, config().reset_secret(),
                                               QuicServerConfig::kResetSecretLength,
                                               reinterpret_cast<const sockaddr*>(&remote), addr_len(remote),
                                               kRegularTokenLifetime, now) == 0) {
            // A token from our NEW_TOKEN frame: this address was validated before, no Retry.
            loop_.counters().quic_tokens_accepted.fetch_add(1, std::memory_order_relaxed);
            validated = true;
        } else if (kind != TokenKind::Retry) {
            send_retry(hd, local, remote);  // no token, or an expired or foreign NEW_TOKEN one
            return;
        } else if (ngtcp2_crypto_verify_retry_token(&odcid, tok.base, tok.len, config().reset_secret(),
                                                    QuicServerConfig::kResetSecretLength, hd.version,
                                                    reinterpret_cast<const sockaddr*>(&remote), addr_len(remote),
                                                    &hd.dcid, kRetryTokenLifetime, now) != 0) {
            // RFC 9000 §8.1.3: a Retry token that does not validate closes with INVALID_TOKEN.
            send_invalid_token_close(hd, local, remote);
            return;
        } else {
            retry_odcid = &odcid;
            validated = true;
        }
    }
    auto* c = new Http3Connection(loop_, worker_port_, *this, local, remote);
    if (loop_.add_connection(c) == 0) {
        TRIDENT_LOG(Warning, "max_connections (%zu) reached, refusing a QUIC connection",
                    loop_.config().max_connections);
        delete c;
        loop_.counters().quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    loop_.counters().http3_connections.fetch_add(1, std::memory_order_relaxed);
    ++handshaking_;
    c->start(hd, data, len, retry_odcid, validated);
}

size_t QuicEndpoint::make_regular_token(const sockaddr_storage& remote, uint8_t* out) {
    ngtcp2_ssize n = ngtcp2_crypto_generate_regular_token(out, config().reset_secret(),
                                                          QuicServerConfig::kResetSecretLength,
                                                          reinterpret_cast<const sockaddr*>(&remote), addr_len(remote),
                                                          monotonic_ns());
    return n < 0 ? 0 : size_t(n);
}

void QuicEndpoint::add_cid(const ngtcp2_cid& cid, Http3Connection* c) { cids_[CidKey(cid.data, cid.datalen)] = c; }

void QuicEndpoint::remove_cid(const ngtcp2_cid& cid) { cids_.erase(CidKey(cid.data, cid.datalen)); }

namespace {
// A GSO send carries at most 64 segments and 64 KiB (the kernel's UDP_MAX_SEGMENTS and the
// IP datagram limit).
constexpr size_t kMaxSegments = 64;
constexpr size_t kMaxGsoBytes = 65000;
}  // namespace

bool QuicEndpoint::send(const ngtcp2_path& path, const uint8_t* data, size_t len) {
    if (!gso_) return send_now(path, data, len, 0);
    bool same = tx_count_ > 0 && path.remote.addrlen == tx_remote_len_ && path.local.addrlen == tx_local_len_ &&
                memcmp(path.remote.addr, &tx_remote_, tx_remote_len_) == 0 &&
                memcmp(path.local.addr, &tx_local_, tx_local_len_) == 0;
    if (tx_count_ > 0 && (!same || tx_closed_ || len > tx_seg_ || tx_len_ + len > kMaxGsoBytes || tx_count_ >= kMaxSegments)) {
        if (!flush_tx()) return false;
    }
    if (tx_count_ == 0) {
        if (txbuf_.size() < kMaxGsoBytes) txbuf_.resize(kMaxGsoBytes);
        tx_remote_len_ = path.remote.addrlen;
        tx_local_len_ = path.local.addrlen;
        memcpy(&tx_remote_, path.remote.addr, tx_remote_len_);
        memcpy(&tx_local_, path.local.addr, tx_local_len_);
        tx_seg_ = len;
        tx_closed_ = false;
    }
    memcpy(txbuf_.data() + tx_len_, data, len);
    tx_len_ += len;
    ++tx_count_;
    if (len < tx_seg_) tx_closed_ = true;
    return true;
}

bool QuicEndpoint::flush_tx() {
    if (tx_count_ == 0) return true;
    ngtcp2_path p{};
    p.local.addr = reinterpret_cast<sockaddr*>(&tx_local_);
    p.local.addrlen = tx_local_len_;
    p.remote.addr = reinterpret_cast<sockaddr*>(&tx_remote_);
    p.remote.addrlen = tx_remote_len_;
    size_t count = tx_count_, seg = tx_seg_, total = tx_len_;
    tx_count_ = tx_len_ = 0;
    if (count == 1) return send_now(p, txbuf_.data(), total, 0);
    if (send_now(p, txbuf_.data(), total, uint16_t(seg))) {
        if (gso_) return true;
        // The kernel refused UDP_SEGMENT (gso_ is now off): the same datagrams one by one.
        for (size_t off = 0; off < total; off += seg) {
            if (!send_now(p, txbuf_.data() + off, std::min(seg, total - off), 0)) return false;
        }
        return true;
    }
    return false;
}

bool QuicEndpoint::send_now(const ngtcp2_path& path, const uint8_t* data, size_t len, uint16_t segment) {
    iovec iov{const_cast<uint8_t*>(data), len};
    msghdr mh{};
    mh.msg_name = path.remote.addr;
    mh.msg_namelen = path.remote.addrlen;
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    alignas(cmsghdr) char ctrl[CMSG_SPACE(sizeof(in6_pktinfo)) + CMSG_SPACE(sizeof(uint16_t))] = {};
    mh.msg_control = ctrl;
    mh.msg_controllen = sizeof ctrl;
    size_t used = 0;
    cmsghdr* cm = CMSG_FIRSTHDR(&mh);
    const sockaddr* la = path.local.addr;
    // Answer from the address the client sent to (it matters on a wildcard-bound socket).
    if (la != nullptr && la->sa_family == AF_INET && family_ == AF_INET &&
        reinterpret_cast<const sockaddr_in*>(la)->sin_addr.s_addr != htonl(INADDR_ANY)) {
        cm->cmsg_level = IPPROTO_IP;
        cm->cmsg_type = IP_PKTINFO;
        cm->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
        in_pktinfo pi{};
        pi.ipi_spec_dst = reinterpret_cast<const sockaddr_in*>(la)->sin_addr;
        memcpy(CMSG_DATA(cm), &pi, sizeof pi);
        used += CMSG_SPACE(sizeof(in_pktinfo));
        cm = CMSG_NXTHDR(&mh, cm);
    } else if (la != nullptr && la->sa_family == AF_INET6 && family_ == AF_INET6 &&
               !IN6_IS_ADDR_UNSPECIFIED(&reinterpret_cast<const sockaddr_in6*>(la)->sin6_addr)) {
        cm->cmsg_level = IPPROTO_IPV6;
        cm->cmsg_type = IPV6_PKTINFO;
        cm->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
        in6_pktinfo pi{};
        pi.ipi6_addr = reinterpret_cast<const sockaddr_in6*>(la)->sin6_addr;
        memcpy(CMSG_DATA(cm), &pi, sizeof pi);
        used += CMSG_SPACE(sizeof(in6_pktinfo));
        cm = CMSG_NXTHDR(&mh, cm);
    }
    if (segment > 0) {
        // UDP GSO: the kernel cuts the buffer into `segment`-byte datagrams (the last may be
        // shorter) after one trip through the stack.
        cm->cmsg_level = SOL_UDP;
        cm->cmsg_type = UDP_SEGMENT;
        cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
        memcpy(CMSG_DATA(cm), &segment, sizeof segment);
        used += CMSG_SPACE(sizeof(uint16_t));
    }
    mh.msg_controllen = used;
    if (used == 0) mh.msg_control = nullptr;
    for (;;) {
        ssize_t n = sendmsg(fd_, &mh, MSG_DONTWAIT);
        if (n >= 0) return true;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) return false;
        if (segment > 0 && (errno == EIO || errno == EINVAL || errno == EOPNOTSUPP)) {
            // No GSO on this path/kernel: the caller resends one by one, and from now on.
            TRIDENT_LOG(Info, "UDP GSO not available (%s); sending QUIC datagrams one by one", strerror(errno));
            gso_ = false;
            return true;
        }
        // ECONNREFUSED (ICMP from an earlier datagram), EHOSTUNREACH, EMSGSIZE: the datagram
        // is lost as if on the wire; QUIC's loss recovery deals with it.
        TRIDENT_LOG(Debug, "QUIC sendmsg: %s", strerror(errno));
        return true;
    }
}

void QuicEndpoint::send_raw(const sockaddr_storage& local, const sockaddr_storage& remote, const uint8_t* data,
                            size_t len) {
    ngtcp2_path p = make_path(local, remote);
    flush_tx();
    send_now(p, data, len, 0);  // a stateless answer that does not fit is simply not sent
}

void QuicEndpoint::send_version_negotiation(const ngtcp2_version_cid& vc, const sockaddr_storage& local,
                                            const sockaddr_storage& remote) {
    uint8_t buf[256];
    uint8_t unused = 0;
    fill_random(&unused, 1);
    size_t n = write_version_negotiation(vc, unused, buf, sizeof buf);
    if (n == 0) return;
    loop_.counters().quic_version_negotiations.fetch_add(1, std::memory_order_relaxed);
    send_raw(local, remote, buf, n);
}

void QuicEndpoint::send_retry(const ngtcp2_pkt_hd& hd, const sockaddr_storage& local, const sockaddr_storage& remote) {
    ngtcp2_cid scid;
    scid.datalen = kCidLength;
    if (!make_server_cid(loop_.index(), scid.data)) return;
    uint8_t token[NGTCP2_CRYPTO_MAX_RETRY_TOKENLEN];
    ngtcp2_ssize tl = ngtcp2_crypto_generate_retry_token(token, config().reset_secret(),
                                                         QuicServerConfig::kResetSecretLength, hd.version,
                                                         reinterpret_cast<const sockaddr*>(&remote), addr_len(remote),
                                                         &scid, &hd.dcid, monotonic_ns());
    if (tl < 0) return;
    uint8_t buf[256];
    ngtcp2_ssize n = ngtcp2_crypto_write_retry(buf, sizeof buf, hd.version, &hd.scid, &scid, &hd.dcid, token, size_t(tl));
    if (n <= 0) return;
    loop_.counters().quic_retries_sent.fetch_add(1, std::memory_order_relaxed);
    send_raw(local, remote, buf, size_t(n));
}

void QuicEndpoint::send_invalid_token_close(const ngtcp2_pkt_hd& hd, const sockaddr_storage& local,
                                            const sockaddr_storage& remote) {
    uint8_t buf[256];
    ngtcp2_ssize n = ngtcp2_crypto_write_connection_close(buf, sizeof buf, hd.version, &hd.scid, &hd.dcid,
                                                          NGTCP2_INVALID_TOKEN, nullptr, 0);
    loop_.counters().quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
    if (n > 0) send_raw(local, remote, buf, size_t(n));
}

bool QuicEndpoint::reset_budget() {
    uint64_t now = monotonic_ns();
    if (now - reset_window_start_ >= 1000000000u) {
        reset_window_start_ = now;
        resets_in_window_ = 0;
    }
    return resets_in_window_++ < kResetsPerSecond;
}

void QuicEndpoint::send_stateless_reset(const uint8_t* dcid, size_t dcidlen, size_t pktlen,
                                        const sockaddr_storage& local, const sockaddr_storage& remote) {
    size_t randlen = reset_random_length(pktlen);
    if (randlen == 0 || !reset_budget()) {
        loop_.counters().quic_packets_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    ngtcp2_cid cid;
    ngtcp2_cid_init(&cid, dcid, dcidlen);
    uint8_t token[NGTCP2_STATELESS_RESET_TOKENLEN];
    if (ngtcp2_crypto_generate_stateless_reset_token(token, config().reset_secret(),
                                                     QuicServerConfig::kResetSecretLength, &cid) != 0) {
        return;
    }
    uint8_t rnd[64];
    fill_random(rnd, randlen);
    uint8_t buf[128];
    ngtcp2_ssize n = ngtcp2_pkt_write_stateless_reset(buf, sizeof buf, token, rnd, randlen);
    if (n <= 0) return;
    loop_.counters().quic_stateless_resets_sent.fetch_add(1, std::memory_order_relaxed);
    send_raw(local, remote, buf, size_t(n));
}

}  // namespace trident::http3

// RFC 9220 over HTTP/3: ngtcp2 0.12 + nghttp3 0.8 + GnuTLS (the versions Debian 12 ships; the
// handshake follows bench/h3load). The server's SETTINGS must carry
// SETTINGS_ENABLE_CONNECT_PROTOCOL=1; nghttp3 0.8 keeps the peer's settings private, so the
// server's control stream is read here as well (only its SETTINGS frame, before nghttp3 gets
// the same bytes). Then one request stream carries the extended CONNECT and, after the 200,
// the WebSocket's frames in its DATA frames; FIN in each direction ends it.
#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <netdb.h>
#include <nghttp3/nghttp3.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <deque>
#include <map>

#include "transport.h"

namespace wsclient {

namespace {

constexpr size_t kMaxUdpPayload = 1452;
constexpr const char* kPriority =
    "%DISABLE_TLS13_COMPAT_MODE:NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:"
    "+CHACHA20-POLY1305:+AES-128-CCM:-GROUP-ALL:+GROUP-SECP256R1:+GROUP-X25519:+GROUP-SECP384R1:"
    "+GROUP-SECP521R1";
constexpr uint64_t kSettingsFrame = 0x04;
constexpr uint64_t kSettingsEnableConnectProtocol = 0x08;  // RFC 9220 §3 (the RFC 8441 id)

// RFC 9000 §16 variable-length integer at p[0..n); returns its length, 0 if incomplete.
size_t read_varint(const uint8_t* p, size_t n, uint64_t& v) {
    if (n == 0) return 0;
    size_t len = size_t(1) << (p[0] >> 6);
    if (n < len) return 0;
    v = p[0] & 0x3f;
    for (size_t i = 1; i < len; ++i) v = (v << 8) | p[i];
    return len;
}

// What the start of one of the server's unidirectional streams tells us.
struct UniSniffer {
    std::string buf;
    bool done = false;
    // Returns true once the stream's SETTINGS frame was parsed (control stream), `ecp` set to
    // SETTINGS_ENABLE_CONNECT_PROTOCOL's value (0 when absent). Gives up on other streams.
    bool feed(const uint8_t* d, size_t n, uint64_t& ecp) {
        if (done) return false;
        buf.append(reinterpret_cast<const char*>(d), n);
        const uint8_t* p = reinterpret_cast<const uint8_t*>(buf.data());
        size_t left = buf.size(), k;
        uint64_t type, ftype, flen;
        if ((k = read_varint(p, left, type)) == 0) return false;
        if (type != 0x00) {  // not the control stream (QPACK encoder/decoder)
            done = true;
            return false;
        }
        p += k, left -= k;
        if ((k = read_varint(p, left, ftype)) == 0) return false;
        p += k, left -= k;
        if ((k = read_varint(p, left, flen)) == 0) return false;
        p += k, left -= k;
        if (ftype != kSettingsFrame || flen > 4096) {  // RFC 9114 §6.2.1: SETTINGS comes first
            done = true;
            return false;
        }
        if (left < flen) return false;
        ecp = 0;
        for (const uint8_t* end = p + flen; p < end;) {
            uint64_t id, value;
            if ((k = read_varint(p, size_t(end - p), id)) == 0) break;
            p += k;
            if ((k = read_varint(p, size_t(end - p), value)) == 0) break;
            p += k;
            if (id == kSettingsEnableConnectProtocol) ecp = value;
        }
        done = true;
        buf.clear();
        return true;
    }
};

class H3 final : public Transport {
public:
    explicit H3(const Options& o) : o_(o) {}
    ~H3() override {
        if (h3_ != nullptr) nghttp3_conn_del(h3_);
        if (qc_ != nullptr) ngtcp2_conn_del(qc_);
        if (tls_ != nullptr) gnutls_deinit(tls_);
        if (cred_ != nullptr) gnutls_certificate_free_credentials(cred_);
        if (fd_ >= 0) close(fd_);
    }

    bool open(uint64_t deadline, OpenResult& r) override {
        if (!init()) return false;
        while (!(handshake_done_ && settings_seen_)) {
            if (!step(deadline, handshake_done_ ? "the server's SETTINGS" : "the QUIC handshake")) return false;
        }
        if (ecp_ != 1) {
            error = "the server's SETTINGS lack SETTINGS_ENABLE_CONNECT_PROTOCOL=1 (RFC 9220 §3); got " +
                    std::to_string(ecp_);
            return false;
        }
        if (!submit()) return false;
        while (!head_done_) {
            if (!step(deadline, "the response to the extended CONNECT")) return false;
        }
        r.status = status_;
        r.extensions = extensions_;
        r.protocol = protocol_;
        return true;
    }

    void send(std::string_view bytes) override {
        if (bytes.empty()) return;
        chunks_.emplace_back(bytes);
        unacked_ += bytes.size();
        if (sid_ >= 0) nghttp3_conn_resume_stream(h3_, sid_);
    }

    void end_send() override {
        ending_ = true;
        if (sid_ >= 0) nghttp3_conn_resume_stream(h3_, sid_);
    }

    bool pump(int timeout_ms) override {
        if (!write()) return false;
        uint64_t now = now_ns();
        uint64_t expiry = ngtcp2_conn_get_expiry(qc_);
        int wait = timeout_ms;
        if (expiry <= now) wait = 0;
        else if ((expiry - now) / 1000000 < uint64_t(wait)) wait = int((expiry - now) / 1000000);
        pollfd p{fd_, POLLIN, 0};
        int rv = poll(&p, 1, wait);
        if (rv < 0 && errno != EINTR) {
            error = std::string("poll: ") + strerror(errno);
            return false;
        }
        if (rv > 0 && !read()) return false;
        if (ngtcp2_conn_get_expiry(qc_) <= now_ns()) {
            int e = ngtcp2_conn_handle_expiry(qc_, now_ns());
            if (e != 0) {
                error = e == NGTCP2_ERR_IDLE_CLOSE ? "the QUIC connection went idle"
                                                    : std::string("QUIC timer: ") + ngtcp2_strerror(e);
                return false;
            }
        }
        if (!error.empty()) return false;
        return write();
    }

    size_t unsent() const override { return unacked_; }

    void shutdown() override {
        if (qc_ == nullptr || dead_) return;
        // Our FIN (and the close frame before it) should reach the server before the
        // CONNECTION_CLOSE: give the stream a moment to finish.
        uint64_t until = now_ns() + 500 * 1000000ull;
        while (sid_ >= 0 && !stream_closed_ && ending_ && now_ns() < until) {
            if (!pump(10)) break;
        }
        ngtcp2_connection_close_error cc;
        ngtcp2_connection_close_error_default(&cc);
        ngtcp2_connection_close_error_set_application_error(&cc, NGHTTP3_H3_NO_ERROR, nullptr, 0);
        uint8_t buf[kMaxUdpPayload];
        ngtcp2_path_storage ps;
        ngtcp2_path_storage_zero(&ps);
        ngtcp2_pkt_info pi{};
        ngtcp2_ssize n = ngtcp2_conn_write_connection_close(qc_, &ps.path, &pi, buf, sizeof buf, &cc, now_ns());
        if (n > 0) (void)::send(fd_, buf, size_t(n), MSG_DONTWAIT);
    }

private:
    static H3* self(void* ud) { return static_cast<H3*>(ud); }

    bool init() {
        addrinfo hints{}, *res = nullptr;
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_DGRAM;
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
        std::string port = std::to_string(o_.port);
        if (int rv = getaddrinfo(o_.host.c_str(), port.c_str(), &hints, &res); rv != 0) {
            error = "bad --host (a numeric address is expected): " + std::string(gai_strerror(rv));
            return false;
        }
        memcpy(&remote_, res->ai_addr, res->ai_addrlen);
        remotelen_ = res->ai_addrlen;
        fd_ = socket(res->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        freeaddrinfo(res);
        if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&remote_), remotelen_) != 0) {
            error = std::string("UDP socket: ") + strerror(errno);
            return false;
        }
        locallen_ = sizeof local_;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&local_), &locallen_);
        path_.local.addr = reinterpret_cast<ngtcp2_sockaddr*>(&local_);
        path_.local.addrlen = locallen_;
        path_.remote.addr = reinterpret_cast<ngtcp2_sockaddr*>(&remote_);
        path_.remote.addrlen = remotelen_;

        ngtcp2_callbacks cb{};
        cb.client_initial = ngtcp2_crypto_client_initial_cb;
        cb.recv_crypto_data = ngtcp2_crypto_recv_crypto_data_cb;
        cb.encrypt = ngtcp2_crypto_encrypt_cb;
        cb.decrypt = ngtcp2_crypto_decrypt_cb;
        cb.hp_mask = ngtcp2_crypto_hp_mask_cb;
        cb.recv_retry = ngtcp2_crypto_recv_retry_cb;
        cb.update_key = ngtcp2_crypto_update_key_cb;
        cb.delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb;
        cb.delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb;
        cb.get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb;
        cb.version_negotiation = ngtcp2_crypto_version_negotiation_cb;
        cb.rand = [](uint8_t* d, size_t n, const ngtcp2_rand_ctx*) { gnutls_rnd(GNUTLS_RND_NONCE, d, n); };
        cb.get_new_connection_id = [](ngtcp2_conn*, ngtcp2_cid* cid, uint8_t* token, size_t len, void*) {
            if (gnutls_rnd(GNUTLS_RND_NONCE, cid->data, len) != 0) return int(NGTCP2_ERR_CALLBACK_FAILURE);
            cid->datalen = len;
            return gnutls_rnd(GNUTLS_RND_NONCE, token, NGTCP2_STATELESS_RESET_TOKENLEN) == 0
                       ? 0
                       : int(NGTCP2_ERR_CALLBACK_FAILURE);
        };
        // The 1-RTT read key comes before any HTTP/3 data can: the HTTP/3 layer starts then.
        cb.recv_rx_key = [](ngtcp2_conn*, ngtcp2_crypto_level level, void* ud) {
            if (level != NGTCP2_CRYPTO_LEVEL_APPLICATION || self(ud)->h3_ != nullptr) return 0;
            return self(ud)->setup_h3() ? 0 : int(NGTCP2_ERR_CALLBACK_FAILURE);
        };
        cb.handshake_completed = [](ngtcp2_conn*, void* ud) {
            H3* h = self(ud);
            gnutls_datum_t alpn{};
            if (gnutls_alpn_get_selected_protocol(h->tls_, &alpn) != 0 || alpn.size != 2 ||
                memcmp(alpn.data, "h3", 2) != 0) {
                h->error = "the server did not select ALPN h3";
                return int(NGTCP2_ERR_CALLBACK_FAILURE);
            }
            h->handshake_done_ = true;
            return 0;
        };
        cb.recv_stream_data = [](ngtcp2_conn* qc, uint32_t flags, int64_t sid, uint64_t, const uint8_t* data,
                                 size_t len, void* ud, void*) {
            H3* h = self(ud);
            if ((sid & 0x3) == 0x3 && !h->settings_seen_ && h->sniffers_[sid].feed(data, len, h->ecp_)) {
                h->settings_seen_ = true;
            }
            nghttp3_ssize n = nghttp3_conn_read_stream(h->h3_, sid, data, len, (flags & NGTCP2_STREAM_DATA_FLAG_FIN) != 0);
            if (n < 0) {
                h->error = std::string("HTTP/3 error: ") + nghttp3_strerror(int(n));
                return int(NGTCP2_ERR_CALLBACK_FAILURE);
            }
            ngtcp2_conn_extend_max_stream_offset(qc, sid, uint64_t(n));
            ngtcp2_conn_extend_max_offset(qc, uint64_t(n));
            return 0;
        };
        cb.acked_stream_data_offset = [](ngtcp2_conn*, int64_t sid, uint64_t, uint64_t n, void* ud, void*) {
            return nghttp3_conn_add_ack_offset(self(ud)->h3_, sid, n) == 0 ? 0 : int(NGTCP2_ERR_CALLBACK_FAILURE);
        };
        cb.stream_close = [](ngtcp2_conn*, uint32_t flags, int64_t sid, uint64_t code, void* ud, void*) {
            H3* h = self(ud);
            if (h->h3_ == nullptr) return 0;
            if ((flags & NGTCP2_STREAM_CLOSE_FLAG_APP_ERROR_CODE_SET) == 0) code = NGHTTP3_H3_NO_ERROR;
            int rv = nghttp3_conn_close_stream(h->h3_, sid, code);
            return rv == 0 || rv == NGHTTP3_ERR_STREAM_NOT_FOUND ? 0 : int(NGTCP2_ERR_CALLBACK_FAILURE);
        };
        cb.stream_reset = [](ngtcp2_conn*, int64_t sid, uint64_t, uint64_t code, void* ud, void*) {
            H3* h = self(ud);
            if (sid == h->sid_ && h->error.empty()) h->error = "the server reset the stream, code " + std::to_string(code);
            return nghttp3_conn_shutdown_stream_read(h->h3_, sid) == 0 ? 0 : int(NGTCP2_ERR_CALLBACK_FAILURE);
        };
        cb.stream_stop_sending = [](ngtcp2_conn*, int64_t sid, uint64_t, void* ud, void*) {
            return nghttp3_conn_shutdown_stream_read(self(ud)->h3_, sid) == 0 ? 0 : int(NGTCP2_ERR_CALLBACK_FAILURE);
        };
        cb.extend_max_stream_data = [](ngtcp2_conn*, int64_t sid, uint64_t, void* ud, void*) {
            return nghttp3_conn_unblock_stream(self(ud)->h3_, sid) == 0 ? 0 : int(NGTCP2_ERR_CALLBACK_FAILURE);
        };

        ngtcp2_cid dcid, scid;
        dcid.datalen = 18;
        scid.datalen = 17;
        gnutls_rnd(GNUTLS_RND_NONCE, dcid.data, dcid.datalen);
        gnutls_rnd(GNUTLS_RND_NONCE, scid.data, scid.datalen);
        ngtcp2_settings s;
        ngtcp2_settings_default(&s);
        s.initial_ts = now_ns();
        s.max_tx_udp_payload_size = kMaxUdpPayload;
        s.no_pmtud = 1;
        // Loopback: the default 333 ms initial RTT would pace the first flights as if the path
        // were slow.
        s.initial_rtt = 10 * NGTCP2_MILLISECONDS;
        s.handshake_timeout = uint64_t(o_.timeout * NGTCP2_SECONDS);
        s.max_window = 64ull << 20;
        s.max_stream_window = 32ull << 20;
        ngtcp2_transport_params p;
        ngtcp2_transport_params_default(&p);
        p.initial_max_stream_data_bidi_local = 4 << 20;
        p.initial_max_stream_data_uni = 1 << 20;
        p.initial_max_data = 16 << 20;
        p.initial_max_streams_bidi = 0;
        p.initial_max_streams_uni = 100;
        p.max_idle_timeout = 30 * NGTCP2_SECONDS;
        int rv = ngtcp2_conn_client_new(&qc_, &dcid, &scid, &path_, NGTCP2_PROTO_VER_V1, &cb, &s, &p, nullptr, this);
        if (rv != 0) {
            qc_ = nullptr;
            error = std::string("ngtcp2_conn_client_new: ") + ngtcp2_strerror(rv);
            return false;
        }

        const std::string& name = o_.sni.empty() ? o_.host : o_.sni;
        if (gnutls_certificate_allocate_credentials(&cred_) != 0) {
            error = "gnutls_certificate_allocate_credentials failed";
            return false;
        }
        if (!o_.insecure) {
            int n = o_.cafile.empty()
                        ? gnutls_certificate_set_x509_system_trust(cred_)
                        : gnutls_certificate_set_x509_trust_file(cred_, o_.cafile.c_str(), GNUTLS_X509_FMT_PEM);
            if (n <= 0) {
                error = "cannot load the trust anchors" + (o_.cafile.empty() ? std::string() : " from " + o_.cafile);
                return false;
            }
        }
        if ((rv = gnutls_init(&tls_, GNUTLS_CLIENT | GNUTLS_NO_END_OF_EARLY_DATA)) != 0) {
            tls_ = nullptr;
            error = std::string("gnutls_init: ") + gnutls_strerror(rv);
            return false;
        }
        if ((rv = gnutls_priority_set_direct(tls_, kPriority, nullptr)) != 0 ||
            (rv = ngtcp2_crypto_gnutls_configure_client_session(tls_)) != 0 ||
            (rv = gnutls_credentials_set(tls_, GNUTLS_CRD_CERTIFICATE, cred_)) != 0) {
            error = "TLS session setup failed (" + std::to_string(rv) + ")";
            return false;
        }
        ref_.get_conn = [](ngtcp2_crypto_conn_ref* r) { return self(r->user_data)->qc_; };
        ref_.user_data = this;
        gnutls_session_set_ptr(tls_, &ref_);
        gnutls_datum_t proto{reinterpret_cast<unsigned char*>(const_cast<char*>("h3")), 2};
        gnutls_alpn_set_protocols(tls_, &proto, 1, GNUTLS_ALPN_MANDATORY);
        in_addr a4;
        in6_addr a6;
        bool literal = inet_pton(AF_INET, name.c_str(), &a4) == 1 || inet_pton(AF_INET6, name.c_str(), &a6) == 1;
        if (!literal) gnutls_server_name_set(tls_, GNUTLS_NAME_DNS, name.data(), name.size());
        // GnuTLS matches an address literal against the certificate's IP SANs.
        if (!o_.insecure) gnutls_session_set_verify_cert(tls_, name.c_str(), 0);
        ngtcp2_conn_set_tls_native_handle(qc_, tls_);
        return true;
    }

    bool setup_h3() {
        nghttp3_callbacks cb{};
        cb.acked_stream_data = [](nghttp3_conn*, int64_t sid, uint64_t n, void* ud, void*) {
            if (sid == self(ud)->sid_) self(ud)->acked(size_t(n));
            return 0;
        };
        cb.recv_header = [](nghttp3_conn*, int64_t sid, int32_t token, nghttp3_rcbuf* name, nghttp3_rcbuf* value,
                            uint8_t, void* ud, void*) {
            H3* h = self(ud);
            if (sid != h->sid_) return 0;
            nghttp3_vec n = nghttp3_rcbuf_get_buf(name), v = nghttp3_rcbuf_get_buf(value);
            std::string_view nm(reinterpret_cast<const char*>(n.base), n.len), val(reinterpret_cast<const char*>(v.base), v.len);
            if (token == NGHTTP3_QPACK_TOKEN__STATUS) h->status_ = atoi(std::string(val).c_str());
            else if (nm == "sec-websocket-extensions") h->extensions_ = val;
            else if (nm == "sec-websocket-protocol") h->protocol_ = val;
            return 0;
        };
        cb.end_headers = [](nghttp3_conn*, int64_t sid, int, void* ud, void*) {
            if (sid == self(ud)->sid_ && self(ud)->status_ >= 200) self(ud)->head_done_ = true;
            return 0;
        };
        cb.recv_data = [](nghttp3_conn*, int64_t sid, const uint8_t* d, size_t len, void* ud, void*) {
            H3* h = self(ud);
            if (sid == h->sid_) h->in.append(reinterpret_cast<const char*>(d), len);
            ngtcp2_conn_extend_max_stream_offset(h->qc_, sid, len);
            ngtcp2_conn_extend_max_offset(h->qc_, len);
            return 0;
        };
        cb.deferred_consume = [](nghttp3_conn*, int64_t sid, size_t n, void* ud, void*) {
            ngtcp2_conn_extend_max_stream_offset(self(ud)->qc_, sid, n);
            ngtcp2_conn_extend_max_offset(self(ud)->qc_, n);
            return 0;
        };
        cb.end_stream = [](nghttp3_conn*, int64_t sid, void* ud, void*) {
            if (sid == self(ud)->sid_) self(ud)->peer_ended = true;
            return 0;
        };
        cb.stream_close = [](nghttp3_conn*, int64_t sid, uint64_t code, void* ud, void*) {
            H3* h = self(ud);
            if (sid != h->sid_) return 0;
            h->stream_closed_ = true;
            if (code != NGHTTP3_H3_NO_ERROR && h->error.empty()) {
                h->error = "the stream closed with HTTP/3 error code 0x" + hex(code);
            }
            return 0;
        };
        cb.stop_sending = [](nghttp3_conn*, int64_t sid, uint64_t code, void* ud, void*) {
            return ngtcp2_conn_shutdown_stream_read(self(ud)->qc_, sid, code) == 0 ? 0 : NGHTTP3_ERR_CALLBACK_FAILURE;
        };
        cb.reset_stream = [](nghttp3_conn*, int64_t sid, uint64_t code, void* ud, void*) {
            return ngtcp2_conn_shutdown_stream_write(self(ud)->qc_, sid, code) == 0 ? 0 : NGHTTP3_ERR_CALLBACK_FAILURE;
        };
        cb.shutdown = [](nghttp3_conn*, int64_t, void* ud) {
            note(self(ud)->o_, "GOAWAY from the server");
            return 0;
        };
        nghttp3_settings s;
        nghttp3_settings_default(&s);
        s.qpack_max_dtable_capacity = 4096;
        s.qpack_blocked_streams = 100;
        if (nghttp3_conn_client_new(&h3_, &cb, &s, nghttp3_mem_default(), this) != 0) {
            error = "nghttp3_conn_client_new failed";
            return false;
        }
        int64_t ctrl, qenc, qdec;
        if (ngtcp2_conn_open_uni_stream(qc_, &ctrl, nullptr) != 0 || nghttp3_conn_bind_control_stream(h3_, ctrl) != 0 ||
            ngtcp2_conn_open_uni_stream(qc_, &qenc, nullptr) != 0 || ngtcp2_conn_open_uni_stream(qc_, &qdec, nullptr) != 0 ||
            nghttp3_conn_bind_qpack_streams(h3_, qenc, qdec) != 0) {
            error = "cannot open the HTTP/3 control and QPACK streams";
            return false;
        }
        return true;
    }

    static std::string hex(uint64_t v) {
        char b[24];
        snprintf(b, sizeof b, "%llx", static_cast<unsigned long long>(v));
        return b;
    }

    // The request stream's body: the chunks send() queued, handed to nghttp3 in place. They
    // must stay put until QUIC has them acknowledged (nghttp3 does not copy), so a deque of
    // strings that are never modified, popped as acks arrive.
    static nghttp3_ssize read_frames(nghttp3_conn*, int64_t, nghttp3_vec* vec, size_t veccnt, uint32_t* flags,
                                     void* ud, void*) {
        H3* h = self(ud);
        size_t cnt = 0;
        while (cnt < veccnt && h->give_chunk_ < h->chunks_.size()) {
            std::string& c = h->chunks_[h->give_chunk_];
            vec[cnt].base = reinterpret_cast<uint8_t*>(c.data());
            vec[cnt].len = c.size();
            ++cnt;
            ++h->give_chunk_;
        }
        if (h->give_chunk_ == h->chunks_.size() && h->ending_) {
            *flags |= NGHTTP3_DATA_FLAG_EOF;
            return nghttp3_ssize(cnt);
        }
        return cnt == 0 ? NGHTTP3_ERR_WOULDBLOCK : nghttp3_ssize(cnt);
    }

    void acked(size_t n) {
        unacked_ -= n < unacked_ ? n : unacked_;
        acked_front_ += n;
        while (!chunks_.empty() && acked_front_ >= chunks_.front().size() && give_chunk_ > 0) {
            acked_front_ -= chunks_.front().size();
            chunks_.pop_front();
            --give_chunk_;
        }
    }

    bool submit() {
        if (ngtcp2_conn_open_bidi_stream(qc_, &sid_, nullptr) != 0) {
            error = "the server allows no request stream";
            return false;
        }
        std::vector<std::pair<std::string, std::string>> f = {
            {":method", "CONNECT"}, {":protocol", "websocket"}, {":scheme", "https"}, {":path", o_.path},
            {":authority", o_.authority()}, {"sec-websocket-version", "13"}};
        if (o_.deflate) f.emplace_back("sec-websocket-extensions", kDeflateOffer);
        if (!o_.subprotocols.empty()) {
            std::string list;
            for (size_t i = 0; i < o_.subprotocols.size(); ++i) list += (i ? ", " : "") + o_.subprotocols[i];
            f.emplace_back("sec-websocket-protocol", list);
        }
        for (auto& h : o_.headers) f.push_back(h);
        std::vector<nghttp3_nv> nva;
        for (auto& [n, v] : f) {
            nva.push_back(nghttp3_nv{reinterpret_cast<uint8_t*>(n.data()), reinterpret_cast<uint8_t*>(v.data()), n.size(),
                                     v.size(), NGHTTP3_NV_FLAG_NONE});
        }
        nghttp3_data_reader dr{read_frames};
        int rv = nghttp3_conn_submit_request(h3_, sid_, nva.data(), nva.size(), &dr, nullptr);
        if (rv != 0) {
            error = std::string("nghttp3_conn_submit_request: ") + nghttp3_strerror(rv);
            return false;
        }
        return true;
    }

    bool read() {
        uint8_t buf[65536];
        for (int i = 0; i < 256; ++i) {
            ssize_t n = recv(fd_, buf, sizeof buf, 0);
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
                if (errno == EINTR) continue;
                if (errno == ECONNREFUSED) {
                    error = "nothing listens on the UDP port (ICMP port unreachable)";
                    return false;
                }
                error = std::string("recv: ") + strerror(errno);
                return false;
            }
            ngtcp2_pkt_info pi{};
            int rv = ngtcp2_conn_read_pkt(qc_, &path_, &pi, buf, size_t(n), now_ns());
            if (rv != 0) {
                dead_ = true;
                if (!error.empty()) return false;  // a callback's own reason
                if (rv == NGTCP2_ERR_DRAINING) {
                    ngtcp2_connection_close_error cc;
                    ngtcp2_conn_get_connection_close_error(qc_, &cc);
                    error = "the server closed the QUIC connection (error code 0x" + hex(cc.error_code) + ")";
                } else if (rv == NGTCP2_ERR_CRYPTO && gnutls_session_get_verify_cert_status(tls_) != 0) {
                    gnutls_datum_t text{};
                    gnutls_certificate_verification_status_print(gnutls_session_get_verify_cert_status(tls_),
                                                                 GNUTLS_CRT_X509, &text, 0);
                    error = "TLS handshake failed: certificate: " +
                            std::string(reinterpret_cast<const char*>(text.data), text.size);
                    gnutls_free(text.data);
                } else {
                    error = std::string("QUIC: ") + ngtcp2_strerror(rv);
                }
                return false;
            }
        }
        return true;
    }

    bool write() {
        if (dead_) return error.empty();
        uint8_t buf[kMaxUdpPayload];
        ngtcp2_path_storage ps;
        ngtcp2_path_storage_zero(&ps);
        const uint64_t ts = now_ns();
        for (int packets = 0; packets < 1024; ++packets) {
            int64_t sid = -1;
            int fin = 0;
            nghttp3_vec vec[16];
            nghttp3_ssize cnt = 0;
            if (h3_ != nullptr && ngtcp2_conn_get_max_data_left(qc_) > 0) {
                cnt = nghttp3_conn_writev_stream(h3_, &sid, &fin, vec, 16);
                if (cnt < 0) {
                    error = std::string("nghttp3_conn_writev_stream: ") + nghttp3_strerror(int(cnt));
                    return false;
                }
            }
            ngtcp2_ssize ndatalen = -1;
            ngtcp2_pkt_info pi{};
            uint32_t flags = NGTCP2_WRITE_STREAM_FLAG_MORE | (fin ? NGTCP2_WRITE_STREAM_FLAG_FIN : 0);
            ngtcp2_ssize nw = ngtcp2_conn_writev_stream(qc_, &ps.path, &pi, buf, sizeof buf, &ndatalen, flags, sid,
                                                        reinterpret_cast<const ngtcp2_vec*>(vec), size_t(cnt), ts);
            if (nw < 0) {
                if (nw == NGTCP2_ERR_STREAM_DATA_BLOCKED) {
                    nghttp3_conn_block_stream(h3_, sid);
                    continue;
                }
                if (nw == NGTCP2_ERR_STREAM_SHUT_WR || nw == NGTCP2_ERR_STREAM_NOT_FOUND) {
                    nghttp3_conn_shutdown_stream_write(h3_, sid);
                    continue;
                }
                if (nw == NGTCP2_ERR_WRITE_MORE) {
                    if (nghttp3_conn_add_write_offset(h3_, sid, size_t(ndatalen)) != 0) {
                        error = "nghttp3_conn_add_write_offset failed";
                        return false;
                    }
                    continue;
                }
                error = std::string("ngtcp2_conn_writev_stream: ") + ngtcp2_strerror(int(nw));
                return false;
            }
            if (ndatalen >= 0 && nghttp3_conn_add_write_offset(h3_, sid, size_t(ndatalen)) != 0) {
                error = "nghttp3_conn_add_write_offset failed";
                return false;
            }
            if (nw == 0) break;
            if (::send(fd_, buf, size_t(nw), 0) < 0 && errno != EAGAIN && errno != ENOBUFS && errno != ECONNREFUSED) {
                error = std::string("send: ") + strerror(errno);
                return false;
            }
        }
        ngtcp2_conn_update_pkt_tx_time(qc_, ts);
        return true;
    }

    bool step(uint64_t deadline, const char* what) {
        if (now_ns() >= deadline) {
            error = std::string("timed out waiting for ") + what;
            return false;
        }
        if (!pump(ms_until(deadline, 100))) return false;
        if (peer_ended && !head_done_) {
            error = std::string("the stream ended before ") + what;
            return false;
        }
        return true;
    }

    const Options& o_;
    int fd_ = -1;
    sockaddr_storage local_{}, remote_{};
    socklen_t locallen_ = 0, remotelen_ = 0;
    ngtcp2_path path_{};
    ngtcp2_conn* qc_ = nullptr;
    nghttp3_conn* h3_ = nullptr;
    gnutls_session_t tls_ = nullptr;
    gnutls_certificate_credentials_t cred_ = nullptr;
    ngtcp2_crypto_conn_ref ref_{};
    bool handshake_done_ = false;
    bool settings_seen_ = false;
    uint64_t ecp_ = 0;
    std::map<int64_t, UniSniffer> sniffers_;
    bool dead_ = false;

    int64_t sid_ = -1;
    bool head_done_ = false;
    bool stream_closed_ = false;
    int status_ = 0;
    std::string extensions_, protocol_;
    std::deque<std::string> chunks_;
    size_t give_chunk_ = 0;  // chunks_[0..give_chunk_) were handed to nghttp3
    size_t acked_front_ = 0;  // acknowledged bytes of chunks_.front()
    size_t unacked_ = 0;      // bytes send() queued that QUIC has not had acknowledged yet
    bool ending_ = false;
};

}  // namespace

std::unique_ptr<Transport> make_h3(const Options& o) { return std::make_unique<H3>(o); }

}  // namespace wsclient

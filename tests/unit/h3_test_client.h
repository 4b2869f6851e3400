// An in-process HTTP/3 client for unit tests: a real ngtcp2 + nghttp3 client (GnuTLS, ALPN h3,
// verifying the server's certificate chain against the test PKI) that the test feeds datagrams
// and pulls datagrams from, on whatever clock the test runs. Used in memory against a
// QuicConnection (test_http3_connection.cc) and over UDP against a QuicEndpoint
// (test_http3_endpoint.cc).
#pragma once

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <nghttp3/nghttp3.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>
#include <netinet/in.h>

#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "http3/quic_server_config.h"
#include "tls_test_support.h"

namespace h3_test {

constexpr uint64_t kMs = 1000 * 1000;

inline sockaddr_in loopback(uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

inline ngtcp2_path path_of(sockaddr_in& local, sockaddr_in& remote) {
    return ngtcp2_path{{reinterpret_cast<ngtcp2_sockaddr*>(&local), sizeof(local)},
                       {reinterpret_cast<ngtcp2_sockaddr*>(&remote), sizeof(remote)},
                       nullptr};
}

// ---- the client -----------------------------------------------------------------------

struct Response {
    std::string status;
    std::string body;
    std::string trailers;  // "name: value\n" per trailer field
    bool ended = false;
    bool closed = false;
    uint64_t reset_code = UINT64_MAX;  // the server's RESET_STREAM error code, if it sent one
};

struct Client {
    sockaddr_in local = loopback(50000);
    sockaddr_in remote = loopback(443);
    ngtcp2_conn* conn = nullptr;
    nghttp3_conn* h3 = nullptr;
    gnutls_session_t tls = nullptr;
    gnutls_certificate_credentials_t cred = nullptr;
    ngtcp2_crypto_conn_ref ref{};
    std::map<int64_t, Response> responses;
    std::map<int64_t, std::string> request_bodies;  // POST bodies, sent whole
    bool handshake_done = false;
    int last_read_error = 0;
    std::deque<std::string> datagrams_out;  // DATAGRAM frames to send
    std::vector<std::string> datagrams_in;  // DATAGRAM frames received
    std::vector<int64_t> goaways;           // GOAWAY stream ids, in arrival order
    std::string new_token;                  // the last NEW_TOKEN token the server sent

    static Client* self(void* ud) { return static_cast<Client*>(ud); }

    // local_addr / remote_addr: the path ngtcp2 is told about (the datagrams themselves go
    // wherever the test carries them). token: a NEW_TOKEN token for the first Initial.
    explicit Client(uint64_t now, const char* alpn = "h3", uint64_t stream_window = 256 * 1024,
                    uint64_t max_datagram_frame_size = 0, const sockaddr_in& local_addr = loopback(50000),
                    const sockaddr_in& remote_addr = loopback(443), const std::string& token = {}) {
        local = local_addr;
        remote = remote_addr;
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
            gnutls_rnd(GNUTLS_RND_NONCE, cid->data, len);
            cid->datalen = len;
            gnutls_rnd(GNUTLS_RND_NONCE, token, NGTCP2_STATELESS_RESET_TOKENLEN);
            return 0;
        };
        cb.handshake_completed = [](ngtcp2_conn*, void* ud) {
            self(ud)->handshake_done = true;
            return self(ud)->setup_h3();
        };
        cb.recv_stream_data = [](ngtcp2_conn* c, uint32_t flags, int64_t sid, uint64_t, const uint8_t* data,
                                 size_t len, void* ud, void*) {
            nghttp3_ssize n = nghttp3_conn_read_stream(self(ud)->h3, sid, data, len,
                                                       (flags & NGTCP2_STREAM_DATA_FLAG_FIN) != 0);
            if (n < 0) return NGTCP2_ERR_CALLBACK_FAILURE;
            ngtcp2_conn_extend_max_stream_offset(c, sid, uint64_t(n));
            ngtcp2_conn_extend_max_offset(c, uint64_t(n));
            return 0;
        };
        cb.acked_stream_data_offset = [](ngtcp2_conn*, int64_t sid, uint64_t, uint64_t n, void* ud, void*) {
            return nghttp3_conn_add_ack_offset(self(ud)->h3, sid, n) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
        };
        cb.stream_close = [](ngtcp2_conn*, uint32_t flags, int64_t sid, uint64_t code, void* ud, void*) {
            if (self(ud)->h3 == nullptr) return 0;
            if ((flags & NGTCP2_STREAM_CLOSE_FLAG_APP_ERROR_CODE_SET) == 0) code = NGHTTP3_H3_NO_ERROR;
            int rv = nghttp3_conn_close_stream(self(ud)->h3, sid, code);
            return rv == 0 || rv == NGHTTP3_ERR_STREAM_NOT_FOUND ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
        };
        cb.stream_reset = [](ngtcp2_conn*, int64_t sid, uint64_t, uint64_t code, void* ud, void*) {
            self(ud)->responses[sid].reset_code = code;
            return 0;
        };
        cb.recv_new_token = [](ngtcp2_conn*, const ngtcp2_vec* token, void* ud) {
            self(ud)->new_token.assign(reinterpret_cast<const char*>(token->base), token->len);
            return 0;
        };
        cb.extend_max_stream_data = [](ngtcp2_conn*, int64_t sid, uint64_t, void* ud, void*) {
            return nghttp3_conn_unblock_stream(self(ud)->h3, sid) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
        };
        cb.recv_datagram = [](ngtcp2_conn*, uint32_t, const uint8_t* data, size_t len, void* ud) {
            self(ud)->datagrams_in.emplace_back(reinterpret_cast<const char*>(data), len);
            return 0;
        };

        ngtcp2_cid dcid, scid;
        dcid.datalen = 16;
        gnutls_rnd(GNUTLS_RND_NONCE, dcid.data, dcid.datalen);
        scid.datalen = 8;
        gnutls_rnd(GNUTLS_RND_NONCE, scid.data, scid.datalen);
        ngtcp2_settings s;
        ngtcp2_settings_default(&s);
        s.initial_ts = now;
        s.token.base = reinterpret_cast<uint8_t*>(const_cast<char*>(token.data()));  // copied by ngtcp2
        s.token.len = token.size();
        ngtcp2_transport_params p;
        ngtcp2_transport_params_default(&p);
        p.initial_max_streams_uni = 3;
        p.initial_max_stream_data_bidi_local = stream_window;
        p.initial_max_stream_data_uni = 256 * 1024;
        p.initial_max_data = 4 * 1024 * 1024;
        p.max_idle_timeout = 30 * 1000 * kMs;
        p.max_datagram_frame_size = max_datagram_frame_size;
        ngtcp2_path path = path_of(local, remote);
        REQUIRE(ngtcp2_conn_client_new(&conn, &dcid, &scid, &path, NGTCP2_PROTO_VER_V1, &cb, &s, &p, nullptr,
                                       this) == 0);

        REQUIRE(gnutls_certificate_allocate_credentials(&cred) == 0);
        REQUIRE(gnutls_certificate_set_x509_trust_file(cred, tls_test::pki().ca_cert.c_str(), GNUTLS_X509_FMT_PEM) ==
                1);
        REQUIRE(gnutls_init(&tls, GNUTLS_CLIENT | GNUTLS_NO_END_OF_EARLY_DATA) == 0);
        REQUIRE(gnutls_priority_set_direct(tls, trident::http3::QuicServerConfig::priority(), nullptr) == 0);
        REQUIRE(ngtcp2_crypto_gnutls_configure_client_session(tls) == 0);
        ref.get_conn = [](ngtcp2_crypto_conn_ref* r) { return self(r->user_data)->conn; };
        ref.user_data = this;
        gnutls_session_set_ptr(tls, &ref);
        REQUIRE(gnutls_credentials_set(tls, GNUTLS_CRD_CERTIFICATE, cred) == 0);
        gnutls_datum_t proto{reinterpret_cast<unsigned char*>(const_cast<char*>(alpn)), unsigned(strlen(alpn))};
        REQUIRE(gnutls_alpn_set_protocols(tls, &proto, 1, GNUTLS_ALPN_MANDATORY) == 0);
        REQUIRE(gnutls_server_name_set(tls, GNUTLS_NAME_DNS, "localhost", 9) == 0);
        gnutls_session_set_verify_cert(tls, "localhost", 0);
        ngtcp2_conn_set_tls_native_handle(conn, tls);
    }

    ~Client() {
        if (h3 != nullptr) nghttp3_conn_del(h3);
        ngtcp2_conn_del(conn);
        gnutls_deinit(tls);
        gnutls_certificate_free_credentials(cred);
    }

    int setup_h3() {
        nghttp3_callbacks hcb{};
        hcb.recv_header = [](nghttp3_conn*, int64_t sid, int32_t token, nghttp3_rcbuf*, nghttp3_rcbuf* value,
                             uint8_t, void* ud, void*) {
            if (token == NGHTTP3_QPACK_TOKEN__STATUS) {
                nghttp3_vec v = nghttp3_rcbuf_get_buf(value);
                self(ud)->responses[sid].status.assign(reinterpret_cast<char*>(v.base), v.len);
            }
            return 0;
        };
        hcb.recv_data = [](nghttp3_conn*, int64_t sid, const uint8_t* data, size_t len, void* ud, void*) {
            self(ud)->responses[sid].body.append(reinterpret_cast<const char*>(data), len);
            ngtcp2_conn_extend_max_stream_offset(self(ud)->conn, sid, len);
            ngtcp2_conn_extend_max_offset(self(ud)->conn, len);
            return 0;
        };
        hcb.deferred_consume = [](nghttp3_conn*, int64_t sid, size_t n, void* ud, void*) {
            ngtcp2_conn_extend_max_stream_offset(self(ud)->conn, sid, n);
            ngtcp2_conn_extend_max_offset(self(ud)->conn, n);
            return 0;
        };
        hcb.recv_trailer = [](nghttp3_conn*, int64_t sid, int32_t, nghttp3_rcbuf* name, nghttp3_rcbuf* value,
                              uint8_t, void* ud, void*) {
            nghttp3_vec n = nghttp3_rcbuf_get_buf(name);
            nghttp3_vec v = nghttp3_rcbuf_get_buf(value);
            std::string& t = self(ud)->responses[sid].trailers;
            t.append(reinterpret_cast<char*>(n.base), n.len).append(": ");
            t.append(reinterpret_cast<char*>(v.base), v.len).append("\n");
            return 0;
        };
        hcb.end_stream = [](nghttp3_conn*, int64_t sid, void* ud, void*) {
            self(ud)->responses[sid].ended = true;
            return 0;
        };
        hcb.stream_close = [](nghttp3_conn*, int64_t sid, uint64_t, void* ud, void*) {
            self(ud)->responses[sid].closed = true;
            return 0;
        };
        hcb.shutdown = [](nghttp3_conn*, int64_t id, void* ud) {
            self(ud)->goaways.push_back(id);
            return 0;
        };
        nghttp3_settings hs;
        nghttp3_settings_default(&hs);
        hs.qpack_max_dtable_capacity = 4096;
        hs.qpack_blocked_streams = 100;
        if (nghttp3_conn_client_new(&h3, &hcb, &hs, nghttp3_mem_default(), this) != 0) return -1;
        int64_t ctrl, qenc, qdec;
        if (ngtcp2_conn_open_uni_stream(conn, &ctrl, nullptr) != 0) return -1;
        if (nghttp3_conn_bind_control_stream(h3, ctrl) != 0) return -1;
        if (ngtcp2_conn_open_uni_stream(conn, &qenc, nullptr) != 0) return -1;
        if (ngtcp2_conn_open_uni_stream(conn, &qdec, nullptr) != 0) return -1;
        return nghttp3_conn_bind_qpack_streams(h3, qenc, qdec);
    }

    static nghttp3_ssize read_request_body(nghttp3_conn*, int64_t sid, nghttp3_vec* vec, size_t, uint32_t* flags,
                                           void* ud, void*) {
        std::string& b = self(ud)->request_bodies[sid];
        vec[0].base = reinterpret_cast<uint8_t*>(b.data());
        vec[0].len = b.size();
        *flags |= NGHTTP3_DATA_FLAG_EOF;
        return 1;
    }

    int64_t request(const char* method, const char* path, std::string body = {}) {
        int64_t sid = -1;
        REQUIRE(ngtcp2_conn_open_bidi_stream(conn, &sid, nullptr) == 0);
        auto nv = [](const char* n, const char* v) {
            return nghttp3_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(n)),
                              reinterpret_cast<uint8_t*>(const_cast<char*>(v)), strlen(n), strlen(v),
                              NGHTTP3_NV_FLAG_NONE};
        };
        nghttp3_nv nva[] = {nv(":method", method), nv(":scheme", "https"), nv(":authority", "localhost"),
                            nv(":path", path), nv("user-agent", "trident-test")};
        nghttp3_data_reader reader{read_request_body};
        bool has_body = !body.empty();
        if (has_body) request_bodies[sid] = std::move(body);
        REQUIRE(nghttp3_conn_submit_request(h3, sid, nva, 5, has_body ? &reader : nullptr, nullptr) == 0);
        return sid;
    }

    // Request DATA sent piece by piece on a stream left open (an extended CONNECT's tunnel).
    // nghttp3 does not copy: the pieces stay in the deque (stable addresses) until the client
    // is destroyed.
    struct Outgoing {
        std::deque<std::string> pieces;
        size_t given = 0;
        bool end = false;
    };
    std::map<int64_t, Outgoing> outgoing;

    static nghttp3_ssize read_outgoing(nghttp3_conn*, int64_t sid, nghttp3_vec* vec, size_t veccnt, uint32_t* flags,
                                       void* ud, void*) {
        Outgoing& o = self(ud)->outgoing[sid];
        size_t n = 0;
        while (n < veccnt && o.given < o.pieces.size()) {
            std::string& p = o.pieces[o.given++];
            vec[n].base = reinterpret_cast<uint8_t*>(p.data());
            vec[n].len = p.size();
            ++n;
        }
        if (o.given == o.pieces.size() && o.end) {
            *flags |= NGHTTP3_DATA_FLAG_EOF;
            return nghttp3_ssize(n);
        }
        return n == 0 ? NGHTTP3_ERR_WOULDBLOCK : nghttp3_ssize(n);
    }

    // An extended CONNECT (RFC 9220: :protocol, e.g. "websocket") whose stream stays open for
    // send_more(). `extra`: more fields after the pseudo-headers, lower-case names.
    int64_t extended_connect(const char* protocol, const char* path,
                             const std::vector<std::pair<std::string, std::string>>& extra = {}) {
        int64_t sid = -1;
        REQUIRE(ngtcp2_conn_open_bidi_stream(conn, &sid, nullptr) == 0);
        std::vector<std::pair<std::string, std::string>> f = {{":method", "CONNECT"}, {":protocol", protocol},
                                                              {":scheme", "https"},   {":authority", "localhost"},
                                                              {":path", path}};
        f.insert(f.end(), extra.begin(), extra.end());
        std::vector<nghttp3_nv> nva;
        for (auto& [n, v] : f) {
            nva.push_back(nghttp3_nv{reinterpret_cast<uint8_t*>(n.data()), reinterpret_cast<uint8_t*>(v.data()),
                                     n.size(), v.size(), NGHTTP3_NV_FLAG_NONE});
        }
        outgoing[sid];
        nghttp3_data_reader reader{read_outgoing};
        REQUIRE(nghttp3_conn_submit_request(h3, sid, nva.data(), nva.size(), &reader, nullptr) == 0);
        return sid;
    }

    // More DATA on a stream opened by extended_connect(); `end` sends its FIN after it.
    void send_more(int64_t sid, std::string data, bool end) {
        Outgoing& o = outgoing[sid];
        if (!data.empty()) o.pieces.push_back(std::move(data));
        o.end = o.end || end;
        REQUIRE(nghttp3_conn_resume_stream(h3, sid) == 0);
    }

    // A CONNECTION_CLOSE with an HTTP/3 application error code.
    std::string close_connection(uint64_t app_error_code, uint64_t now) {
        ngtcp2_connection_close_error e;
        ngtcp2_connection_close_error_default(&e);
        ngtcp2_connection_close_error_set_application_error(&e, app_error_code, nullptr, 0);
        uint8_t buf[1500];
        ngtcp2_path_storage ps;
        ngtcp2_path_storage_zero(&ps);
        ngtcp2_pkt_info pi{};
        ngtcp2_ssize nw = ngtcp2_conn_write_connection_close(conn, &ps.path, &pi, buf, sizeof(buf), &e, now);
        REQUIRE(nw > 0);
        return std::string(reinterpret_cast<char*>(buf), size_t(nw));
    }

    void read(const std::string& d, uint64_t now) {
        ngtcp2_path path = path_of(local, remote);
        ngtcp2_pkt_info pi{};
        int rv = ngtcp2_conn_read_pkt(conn, &path, &pi, reinterpret_cast<const uint8_t*>(d.data()), d.size(), now);
        if (rv != 0) last_read_error = rv;
    }

    std::vector<std::string> write(uint64_t now) {
        std::vector<std::string> out;
        if (last_read_error != 0) return out;
        uint8_t buf[1500];
        ngtcp2_path_storage ps;
        ngtcp2_path_storage_zero(&ps);
        while (handshake_done && !datagrams_out.empty()) {
            std::string& d = datagrams_out.front();
            ngtcp2_vec v{reinterpret_cast<uint8_t*>(d.data()), d.size()};
            int accepted = 0;
            ngtcp2_pkt_info pi{};
            ngtcp2_ssize nw = ngtcp2_conn_writev_datagram(conn, &ps.path, &pi, buf, sizeof(buf), &accepted,
                                                          NGTCP2_WRITE_DATAGRAM_FLAG_NONE, 0, &v, d.empty() ? 0 : 1,
                                                          now);  // ngtcp2 asserts on an empty vector
            REQUIRE(nw >= 0);
            if (accepted) datagrams_out.pop_front();
            if (nw == 0) break;
            out.emplace_back(reinterpret_cast<char*>(buf), size_t(nw));
        }
        for (;;) {
            int64_t sid = -1;
            int fin = 0;
            nghttp3_vec vec[16];
            nghttp3_ssize cnt = 0;
            if (h3 != nullptr && ngtcp2_conn_get_max_data_left(conn) > 0) {
                cnt = nghttp3_conn_writev_stream(h3, &sid, &fin, vec, 16);
                REQUIRE(cnt >= 0);
            }
            ngtcp2_ssize ndatalen = -1;
            ngtcp2_pkt_info pi{};
            uint32_t flags = NGTCP2_WRITE_STREAM_FLAG_MORE | (fin ? NGTCP2_WRITE_STREAM_FLAG_FIN : 0);
            ngtcp2_ssize nw = ngtcp2_conn_writev_stream(conn, &ps.path, &pi, buf, sizeof(buf), &ndatalen, flags, sid,
                                                        reinterpret_cast<const ngtcp2_vec*>(vec), size_t(cnt), now);
            if (nw == NGTCP2_ERR_STREAM_DATA_BLOCKED) {
                nghttp3_conn_block_stream(h3, sid);
                continue;
            }
            if (nw == NGTCP2_ERR_STREAM_SHUT_WR) {
                nghttp3_conn_shutdown_stream_write(h3, sid);
                continue;
            }
            if (nw == NGTCP2_ERR_WRITE_MORE) {
                REQUIRE(nghttp3_conn_add_write_offset(h3, sid, size_t(ndatalen)) == 0);
                continue;
            }
            REQUIRE(nw >= 0);
            if (ndatalen >= 0) REQUIRE(nghttp3_conn_add_write_offset(h3, sid, size_t(ndatalen)) == 0);
            if (nw == 0) break;
            out.emplace_back(reinterpret_cast<char*>(buf), size_t(nw));
        }
        ngtcp2_conn_update_pkt_tx_time(conn, now);
        return out;
    }
};

}  // namespace h3_test

#include "http3/quic_connection.h"

#include <gnutls/crypto.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "http3/cid.h"
#include "http3/quic_server_config.h"
#include "stream/transition.h"
#include "trident/core/log.h"

namespace trident::http3 {

namespace {

// Cap on the request header section we announce in SETTINGS (SETTINGS_MAX_FIELD_SECTION_SIZE),
// the same order as the HTTP/1.1 default header limit.
constexpr uint64_t kMaxFieldSectionSize = 64 * 1024;
// nghttp3 needs three unidirectional streams of ours: control, QPACK encoder, QPACK decoder.
constexpr uint64_t kServerUniStreams = 3;

nghttp3_nv make_nv(std::string_view name, std::string_view value) {
    return nghttp3_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                      reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
                      NGHTTP3_NV_FLAG_NONE};
}

// :status and the fields as nghttp3 pairs, in a vector reused by every response of the thread
// (no allocation per response); nghttp3 copies the pairs, `st` holds the digits meanwhile.
const std::vector<nghttp3_nv>& response_pairs(char (&st)[4], int status, const std::vector<HeaderField>& fields) {
    snprintf(st, sizeof st, "%03u", unsigned(status) % 1000u);
    static thread_local std::vector<nghttp3_nv> nva;
    nva.clear();
    nva.push_back(make_nv(":status", std::string_view(st, 3)));
    for (const HeaderField& f : fields) nva.push_back(make_nv(f.name, f.value));
    return nva;
}

std::string_view view_of(nghttp3_rcbuf* rc) {
    nghttp3_vec v = nghttp3_rcbuf_get_buf(rc);
    return std::string_view(reinterpret_cast<const char*>(v.base), v.len);
}

// A CID in hex for log lines (2 * NGTCP2_MAX_CIDLEN + 1 bytes).
const char* cid_hex(const ngtcp2_cid& cid, char* out) {
    static constexpr char kDigits[] = "0123456789abcdef";
    for (size_t i = 0; i < cid.datalen; ++i) {
        out[2 * i] = kDigits[cid.data[i] >> 4];
        out[2 * i + 1] = kDigits[cid.data[i] & 0xf];
    }
    out[2 * cid.datalen] = '\0';
    return out;
}

}  // namespace

struct QuicConnection::Stream {
    // Request direction: the head arrives (collected in the arena below), then the body, then
    // the client's FIN.
    enum class Request { head, body, ended };
    // Response direction: none yet; head submitted and body parts being appended; the last
    // part appended (nghttp3 has not read the end of it yet); nghttp3 has been told the
    // response ends (at once for a response without body).
    enum class Response { none, streaming, ending, complete };

    explicit Stream(int64_t id_) : id(id_) {}
    int64_t id;
    Request request = Request::head;
    Response response = Response::none;
    // The request head as it arrives: every name and value back to back in one arena (no
    // allocation per field), (offset, length) pairs for the pseudo-headers and the fields.
    // Released once the observer has seen the head.
    std::string arena;
    std::vector<uint32_t> fields;  // name_off, name_len, value_off, value_len, ...
    uint32_t pseudo[5][2] = {};    // :method, :scheme, :authority, :path, :protocol (RFC 9220)
    uint32_t add(std::string_view v) {
        uint32_t off = uint32_t(arena.size());
        arena.append(v);
        return off;
    }
    std::string_view view(const uint32_t* f) const { return std::string_view(arena.data() + f[0], f[1]); }
    // Response body: chunks appended and not yet acknowledged. The first `handed` chunks have
    // been given to nghttp3 (which points into them until they are acked); front_acked bytes of
    // the first chunk are acknowledged already. std::deque keeps the other chunks in place when
    // one is added or removed at either end.
    std::deque<std::string> body;
    size_t handed = 0;
    size_t front_acked = 0;
    size_t unacked = 0;
    // streaming: read_data said WOULDBLOCK (every appended byte is handed over); append_body
    // must resume the stream. Flow within one state, not a step of the response.
    bool deferred = false;
    // How the response ends, not how far it is: trailers were submitted to nghttp3, so the
    // body's EOF must not end the stream.
    bool has_trailers = false;
    // The stream is given up and the owner knows (it was told through on_stream_reset, or it
    // asked with reset_stream): submit_response/append_body/submit_trailers refuse it. Not a
    // step of either direction: either side may abandon the stream at any point of both, and
    // the libraries may still finish a direction afterwards (the request body after a
    // STOP_SENDING, a body already handed to nghttp3 after a RESET_STREAM).
    bool abandoned = false;

    bool request_ended() const { return request == Request::ended; }
    bool response_complete() const { return response == Response::complete; }

    void set_request(Request next) {
        // head -> body -> ended: nghttp3 reports end_headers before end_stream, once each.
        TRIDENT_LOG(Debug, "HTTP/3 stream %lld: request %s -> %s", (long long)id, name(request), name(next));
        request = stream::transition("QUIC stream request", request, next,
                                     [](Request from, Request to) { return int(to) == int(from) + 1; });
    }
    void set_response(Response next) {
        TRIDENT_LOG(Debug, "HTTP/3 stream %lld: response %s -> %s", (long long)id, name(response), name(next));
        response = stream::transition("QUIC stream response", response, next, response_allowed);
    }
    static bool response_allowed(Response from, Response to) {
        switch (from) {
        case Response::none: return to == Response::streaming || to == Response::complete;
        case Response::streaming: return to == Response::ending;
        case Response::ending: return to == Response::complete;
        case Response::complete: return false;
        }
        return false;
    }
    static const char* name(Request r) {
        switch (r) {
        case Request::head: return "head";
        case Request::body: return "body";
        case Request::ended: return "ended";
        }
        return "?";
    }
    static const char* name(Response r) {
        switch (r) {
        case Response::none: return "none";
        case Response::streaming: return "streaming";
        case Response::ending: return "ending";
        case Response::complete: return "complete";
        }
        return "?";
    }
};

// Static trampolines: the libraries call plain C functions with our pointer as user data.
struct QuicConnection::Callbacks {
    static QuicConnection* self(void* ud) { return static_cast<QuicConnection*>(ud); }

    static ngtcp2_conn* get_conn(ngtcp2_crypto_conn_ref* ref) { return self(ref->user_data)->conn_; }

    // ---- ngtcp2 ----

    static int recv_stream_data(ngtcp2_conn*, uint32_t flags, int64_t stream_id, uint64_t, const uint8_t* data,
                                size_t len, void* ud, void*) {
        QuicConnection* c = self(ud);
        // Stream data arrives under 1-RTT keys, after recv_tx_key(APPLICATION) created h3_.
        if (c->h3_ == nullptr) return NGTCP2_ERR_CALLBACK_FAILURE;
        nghttp3_ssize n =
            nghttp3_conn_read_stream(c->h3_, stream_id, data, len, (flags & NGTCP2_STREAM_DATA_FLAG_FIN) != 0);
        if (n < 0) {
            c->set_app_error(nghttp3_err_infer_quic_app_error_code(int(n)));
            return NGTCP2_ERR_CALLBACK_FAILURE;
        }
        // nghttp3 returns what it consumed itself (framing, QPACK); DATA payload is credited
        // back in recv_data / deferred_consume.
        c->consume(stream_id, size_t(n));
        return 0;
    }

    static int acked_stream_data_offset(ngtcp2_conn*, int64_t stream_id, uint64_t, uint64_t datalen, void* ud,
                                        void*) {
        QuicConnection* c = self(ud);
        if (c->h3_ == nullptr) return 0;
        int rv = nghttp3_conn_add_ack_offset(c->h3_, stream_id, datalen);
        if (rv != 0) {
            c->set_app_error(nghttp3_err_infer_quic_app_error_code(rv));
            return NGTCP2_ERR_CALLBACK_FAILURE;
        }
        return 0;
    }

    static int stream_close(ngtcp2_conn* conn, uint32_t flags, int64_t stream_id, uint64_t app_error_code, void* ud,
                            void*) {
        QuicConnection* c = self(ud);
        if (size_t lost = ngtcp2_conn_get_stream_loss_count(conn, stream_id)) c->observer_.on_stream_packets_lost(lost);
        if (c->h3_ == nullptr) return 0;
        if ((flags & NGTCP2_STREAM_CLOSE_FLAG_APP_ERROR_CODE_SET) == 0) app_error_code = NGHTTP3_H3_NO_ERROR;
        int rv = nghttp3_conn_close_stream(c->h3_, stream_id, app_error_code);
        if (rv == NGHTTP3_ERR_STREAM_NOT_FOUND) {
            // nghttp3 never saw the stream (e.g. reset before any byte): its stream_close
            // callback will not run, so the stream credit is returned here.
            if (ngtcp2_is_bidi_stream(stream_id)) ngtcp2_conn_extend_max_streams_bidi(conn, 1);
            return 0;
        }
        if (rv != 0) {
            c->set_app_error(nghttp3_err_infer_quic_app_error_code(rv));
            return NGTCP2_ERR_CALLBACK_FAILURE;
        }
        return 0;
    }

    static int stream_reset(ngtcp2_conn*, int64_t stream_id, uint64_t, uint64_t app_error_code, void* ud, void*) {
        QuicConnection* c = self(ud);
        if (c->h3_ == nullptr) return 0;
        if (nghttp3_conn_shutdown_stream_read(c->h3_, stream_id) != 0) return NGTCP2_ERR_CALLBACK_FAILURE;
        // A reset after the request ended only stops a direction that was finished anyway.
        if (Stream* s = c->find(stream_id); s != nullptr && !s->request_ended()) c->report_reset(*s, app_error_code);
        return 0;
    }

    static int stream_stop_sending(ngtcp2_conn*, int64_t stream_id, uint64_t app_error_code, void* ud, void*) {
        QuicConnection* c = self(ud);
        if (c->h3_ == nullptr) return 0;
        if (nghttp3_conn_shutdown_stream_read(c->h3_, stream_id) != 0) return NGTCP2_ERR_CALLBACK_FAILURE;
        // The client does not want the response.
        if (Stream* s = c->find(stream_id); s != nullptr && !s->response_complete()) c->report_reset(*s, app_error_code);
        return 0;
    }

    static int extend_max_remote_streams_bidi(ngtcp2_conn*, uint64_t max_streams, void* ud) {
        QuicConnection* c = self(ud);
        if (c->h3_ != nullptr) nghttp3_conn_set_max_client_streams_bidi(c->h3_, max_streams);
        return 0;
    }

    static int extend_max_stream_data(ngtcp2_conn*, int64_t stream_id, uint64_t, void* ud, void*) {
        QuicConnection* c = self(ud);
        if (c->h3_ == nullptr) return 0;
        return nghttp3_conn_unblock_stream(c->h3_, stream_id) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
    }

    static int recv_datagram(ngtcp2_conn*, uint32_t, const uint8_t* data, size_t len, void* ud) {
        self(ud)->observer_.on_datagram(data, len);
        return 0;
    }

    static void rand(uint8_t* dest, size_t len, const ngtcp2_rand_ctx*) {
        // ngtcp2 uses this for non-secret values (e.g. packet number skipping); GnuTLS's nonce
        // generator is fast and already initialised for the handshake.
        gnutls_rnd(GNUTLS_RND_NONCE, dest, len);
    }

    static int get_new_connection_id(ngtcp2_conn*, ngtcp2_cid* cid, uint8_t* token, size_t cidlen, void* ud) {
        QuicConnection* c = self(ud);
        // ngtcp2 asks for the length of the CID we created the connection with.
        if (cidlen != kCidLength || !make_server_cid(c->reactor_, cid->data)) return NGTCP2_ERR_CALLBACK_FAILURE;
        cid->datalen = kCidLength;
        if (ngtcp2_crypto_generate_stateless_reset_token(token, c->config_.reset_secret(),
                                                         QuicServerConfig::kResetSecretLength, cid) != 0) {
            return NGTCP2_ERR_CALLBACK_FAILURE;
        }
        c->observer_.on_cid_issued(*cid);
        return 0;
    }

    static int remove_connection_id(ngtcp2_conn*, const ngtcp2_cid* cid, void* ud) {
        self(ud)->observer_.on_cid_retired(*cid);
        return 0;
    }

    static int recv_tx_key(ngtcp2_conn*, ngtcp2_crypto_level level, void* ud) {
        // The 1-RTT send key exists: our control and QPACK streams can be opened now, so that
        // SETTINGS leaves with the first 1-RTT packet.
        if (level != NGTCP2_CRYPTO_LEVEL_APPLICATION) return 0;
        return self(ud)->setup_http3() == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
    }

    // ---- nghttp3 ----

    static int h3_acked_stream_data(nghttp3_conn*, int64_t stream_id, uint64_t datalen, void* ud, void*) {
        QuicConnection* c = self(ud);
        if (Stream* s = c->find(stream_id)) {
            c->ack_body(*s, datalen);
            c->observer_.on_body_acked(stream_id, datalen);
        }
        return 0;
    }

    static int h3_stream_close(nghttp3_conn*, int64_t stream_id, uint64_t app_error_code, void* ud, void*) {
        QuicConnection* c = self(ud);
        auto it = c->streams_.find(stream_id);
        if (it != c->streams_.end()) {
            if (!it->second->response_complete()) c->report_reset(*it->second, app_error_code);
            c->streams_.erase(it);
            c->update_keep_alive();
            c->observer_.on_stream_close(stream_id);
        }
        // A finished request stream makes room for a new one (MAX_STREAMS).
        if (ngtcp2_is_bidi_stream(stream_id)) ngtcp2_conn_extend_max_streams_bidi(c->conn_, 1);
        return 0;
    }

    static int h3_recv_data(nghttp3_conn*, int64_t stream_id, const uint8_t* data, size_t len, void* ud, void*) {
        // The window for these bytes reopens when the owner calls consume_body().
        self(ud)->observer_.on_request_data(stream_id, data, len);
        return 0;
    }

    static int h3_deferred_consume(nghttp3_conn*, int64_t stream_id, size_t consumed, void* ud, void*) {
        // Bytes nghttp3 held back (QPACK-blocked headers) and has now processed.
        self(ud)->consume(stream_id, consumed);
        return 0;
    }

    static int h3_begin_headers(nghttp3_conn*, int64_t stream_id, void* ud, void*) {
        QuicConnection* c = self(ud);
        c->streams_.emplace(stream_id, std::make_unique<Stream>(stream_id));
        c->update_keep_alive();
        return 0;
    }

    static int h3_recv_header(nghttp3_conn*, int64_t stream_id, int32_t token, nghttp3_rcbuf* name,
                              nghttp3_rcbuf* value, uint8_t, void* ud, void*) {
        Stream* s = self(ud)->find(stream_id);
        if (s == nullptr) return 0;
        std::string_view v = view_of(value);
        int pseudo = -1;
        switch (token) {
        case NGHTTP3_QPACK_TOKEN__METHOD: pseudo = 0; break;
        case NGHTTP3_QPACK_TOKEN__SCHEME: pseudo = 1; break;
        case NGHTTP3_QPACK_TOKEN__AUTHORITY: pseudo = 2; break;
        case NGHTTP3_QPACK_TOKEN__PATH: pseudo = 3; break;
        case NGHTTP3_QPACK_TOKEN__PROTOCOL: pseudo = 4; break;
        default: break;
        }
        if (pseudo >= 0) {
            s->pseudo[pseudo][0] = s->add(v);
            s->pseudo[pseudo][1] = uint32_t(v.size());
            return 0;
        }
        std::string_view n = view_of(name);
        // Other pseudo-headers carry nothing we use.
        if (!n.empty() && n[0] == ':') return 0;
        // :authority wins over a Host field that differs (RFC 9114 4.3.1, as HTTP/2 does);
        // pseudo-headers come first, so it has been seen by now if it was sent.
        if (token == NGHTTP3_QPACK_TOKEN_HOST && s->pseudo[2][1] > 0) return 0;
        uint32_t noff = s->add(n);
        uint32_t voff = s->add(v);
        s->fields.insert(s->fields.end(), {noff, uint32_t(n.size()), voff, uint32_t(v.size())});
        return 0;
    }

    static int h3_end_headers(nghttp3_conn*, int64_t stream_id, int fin, void* ud, void*) {
        QuicConnection* c = self(ud);
        Stream* s = c->find(stream_id);
        if (s == nullptr) return 0;
        std::vector<HeaderField> fields(s->fields.size() / 4);
        for (size_t i = 0; i < fields.size(); ++i) {
            fields[i] = HeaderField{s->view(&s->fields[i * 4]), s->view(&s->fields[i * 4 + 2])};
        }
        RequestHead head{s->view(s->pseudo[0]), s->view(s->pseudo[1]), s->view(s->pseudo[2]), s->view(s->pseudo[3]),
                         &fields, s->view(s->pseudo[4])};
        c->observer_.on_request_headers(stream_id, head, fin != 0);
        // The observer may have closed the stream; otherwise the head is not needed any more.
        if (Stream* again = c->find(stream_id)) {
            std::string().swap(again->arena);
            std::vector<uint32_t>().swap(again->fields);
            again->set_request(Stream::Request::body);
        }
        return 0;
    }

    static int h3_recv_trailer(nghttp3_conn*, int64_t stream_id, int32_t, nghttp3_rcbuf* name,
                               nghttp3_rcbuf* value, uint8_t, void* ud, void*) {
        QuicConnection* c = self(ud);
        if (c->find(stream_id) == nullptr) return 0;
        c->observer_.on_request_trailer(stream_id, view_of(name), view_of(value));
        return 0;
    }

    static int h3_end_stream(nghttp3_conn*, int64_t stream_id, void* ud, void*) {
        QuicConnection* c = self(ud);
        Stream* s = c->find(stream_id);
        if (s == nullptr) return 0;
        s->set_request(Stream::Request::ended);
        c->observer_.on_request_end(stream_id);
        return 0;
    }

    static int h3_stop_sending(nghttp3_conn*, int64_t stream_id, uint64_t app_error_code, void* ud, void*) {
        int rv = ngtcp2_conn_shutdown_stream_read(self(ud)->conn_, stream_id, app_error_code);
        return rv == 0 || rv == NGTCP2_ERR_STREAM_NOT_FOUND ? 0 : NGHTTP3_ERR_CALLBACK_FAILURE;
    }

    static int h3_reset_stream(nghttp3_conn*, int64_t stream_id, uint64_t app_error_code, void* ud, void*) {
        int rv = ngtcp2_conn_shutdown_stream_write(self(ud)->conn_, stream_id, app_error_code);
        return rv == 0 || rv == NGTCP2_ERR_STREAM_NOT_FOUND ? 0 : NGHTTP3_ERR_CALLBACK_FAILURE;
    }

    static nghttp3_ssize h3_read_data(nghttp3_conn*, int64_t stream_id, nghttp3_vec* vec, size_t veccnt,
                                      uint32_t* pflags, void* ud, void*) {
        QuicConnection* c = self(ud);
        Stream* s = c->find(stream_id);
        if (s == nullptr) return NGHTTP3_ERR_CALLBACK_FAILURE;
        return c->read_body(*s, vec, veccnt, pflags);
    }
};

QuicConnection::QuicConnection(const QuicServerConfig& config, QuicObserver& observer, int reactor)
    : config_(config), observer_(observer), reactor_(reactor) {
    ngtcp2_connection_close_error_default(&ccerr_);
    ngtcp2_path_storage_zero(&close_path_);
    ngtcp2_path_storage_zero(&pending_path_);
    conn_ref_.get_conn = Callbacks::get_conn;
    conn_ref_.user_data = this;
}

QuicConnection::~QuicConnection() {
    if (h3_ != nullptr) nghttp3_conn_del(h3_);
    if (conn_ != nullptr) ngtcp2_conn_del(conn_);
    if (tls_ != nullptr) gnutls_deinit(tls_);
}

std::unique_ptr<QuicConnection> QuicConnection::accept(const QuicServerConfig& config, QuicObserver& observer,
                                                       int reactor, const ngtcp2_pkt_hd& hd, const ngtcp2_path& path,
                                                       uint64_t now_ns, std::string* error,
                                                       const ngtcp2_cid* retry_odcid, bool address_validated) {
    std::unique_ptr<QuicConnection> c(new QuicConnection(config, observer, reactor));
    c->original_dcid_ = hd.dcid;

    ngtcp2_cid scid;
    scid.datalen = kCidLength;
    if (!make_server_cid(reactor, scid.data)) {
        *error = "cannot create a connection id";
        return nullptr;
    }

    ngtcp2_callbacks cb{};
    cb.recv_client_initial = ngtcp2_crypto_recv_client_initial_cb;
    cb.recv_crypto_data = ngtcp2_crypto_recv_crypto_data_cb;
    cb.encrypt = ngtcp2_crypto_encrypt_cb;
    cb.decrypt = ngtcp2_crypto_decrypt_cb;
    cb.hp_mask = ngtcp2_crypto_hp_mask_cb;
    cb.update_key = ngtcp2_crypto_update_key_cb;
    cb.delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb;
    cb.delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb;
    cb.get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb;
    cb.version_negotiation = ngtcp2_crypto_version_negotiation_cb;
    cb.recv_stream_data = Callbacks::recv_stream_data;
    cb.acked_stream_data_offset = Callbacks::acked_stream_data_offset;
    cb.stream_close = Callbacks::stream_close;
    cb.stream_reset = Callbacks::stream_reset;
    cb.stream_stop_sending = Callbacks::stream_stop_sending;
    cb.extend_max_remote_streams_bidi = Callbacks::extend_max_remote_streams_bidi;
    cb.extend_max_stream_data = Callbacks::extend_max_stream_data;
    cb.rand = Callbacks::rand;
    cb.get_new_connection_id = Callbacks::get_new_connection_id;
    cb.remove_connection_id = Callbacks::remove_connection_id;
    cb.recv_tx_key = Callbacks::recv_tx_key;
    cb.recv_datagram = Callbacks::recv_datagram;

    ngtcp2_settings settings;
    ngtcp2_settings_default(&settings);
    settings.initial_ts = now_ns;
    // RFC 9000 §8.1: only a token we checked (Retry or NEW_TOKEN) validates the client's
    // address; ngtcp2 then lifts the 3x anti-amplification limit, so an unchecked one must
    // not be passed on.
    if (address_validated) settings.token = hd.token;

    const QuicLimits& lim = config.limits();
    ngtcp2_transport_params params;
    ngtcp2_transport_params_default(&params);
    params.initial_max_stream_data_bidi_local = lim.initial_max_stream_data;
    params.initial_max_stream_data_bidi_remote = lim.initial_max_stream_data;
    params.initial_max_stream_data_uni = lim.initial_max_stream_data;
    params.initial_max_data = lim.initial_max_data;
    params.initial_max_streams_bidi = lim.max_concurrent_streams;
    params.initial_max_streams_uni = kServerUniStreams;
    params.max_idle_timeout = lim.max_idle_timeout_ms * NGTCP2_MILLISECONDS;
    params.max_datagram_frame_size = lim.max_datagram_frame_size;
    if (retry_odcid != nullptr) {
        // RFC 9000 §7.3: after a Retry the client's first DCID is the original one and the
        // DCID it uses now is the SCID of our Retry packet.
        params.original_dcid = *retry_odcid;
        params.retry_scid = hd.dcid;
        params.retry_scid_present = 1;
    } else {
        params.original_dcid = hd.dcid;
    }
    params.stateless_reset_token_present = 1;
    if (ngtcp2_crypto_generate_stateless_reset_token(params.stateless_reset_token, config.reset_secret(),
                                                     QuicServerConfig::kResetSecretLength, &scid) != 0) {
        *error = "cannot create a stateless reset token";
        return nullptr;
    }

    int rv = ngtcp2_conn_server_new(&c->conn_, &hd.scid, &scid, &path, hd.version, &cb, &settings, &params, nullptr,
                                    c.get());
    if (rv != 0) {
        *error = std::string("ngtcp2_conn_server_new: ") + ngtcp2_strerror(rv);
        return nullptr;
    }

    // 0-RTT stays off: early data can be replayed, and requests are not known to be idempotent.
    rv = gnutls_init(&c->tls_, GNUTLS_SERVER | GNUTLS_NO_AUTO_SEND_TICKET | GNUTLS_NO_END_OF_EARLY_DATA);
    if (rv == 0) rv = config.configure_session(c->tls_);
    if (rv != 0) {
        *error = std::string("TLS session: ") + gnutls_strerror(rv);
        return nullptr;
    }
    gnutls_session_set_ptr(c->tls_, &c->conn_ref_);
    ngtcp2_conn_set_tls_native_handle(c->conn_, c->tls_);
    return c;
}

int QuicConnection::setup_http3() {
    if (h3_ != nullptr) return 0;
    if (ngtcp2_conn_get_max_local_streams_uni(conn_) < kServerUniStreams) {
        set_app_error(NGHTTP3_H3_STREAM_CREATION_ERROR);
        return -1;
    }
    nghttp3_callbacks hcb{};
    hcb.acked_stream_data = Callbacks::h3_acked_stream_data;
    hcb.stream_close = Callbacks::h3_stream_close;
    hcb.recv_data = Callbacks::h3_recv_data;
    hcb.deferred_consume = Callbacks::h3_deferred_consume;
    hcb.begin_headers = Callbacks::h3_begin_headers;
    hcb.recv_header = Callbacks::h3_recv_header;
    hcb.end_headers = Callbacks::h3_end_headers;
    hcb.recv_trailer = Callbacks::h3_recv_trailer;
    hcb.stop_sending = Callbacks::h3_stop_sending;
    hcb.end_stream = Callbacks::h3_end_stream;
    hcb.reset_stream = Callbacks::h3_reset_stream;

    nghttp3_settings hs;
    nghttp3_settings_default(&hs);
    hs.qpack_max_dtable_capacity = 4096;
    hs.qpack_blocked_streams = 100;
    hs.max_field_section_size = kMaxFieldSectionSize;
    // RFC 9220: WebSockets over extended CONNECT (nghttp3 then accepts :protocol).
    hs.enable_connect_protocol = 1;

    int rv = nghttp3_conn_server_new(&h3_, &hcb, &hs, nghttp3_mem_default(), this);
    if (rv != 0) {
        set_app_error(NGHTTP3_H3_INTERNAL_ERROR);
        return -1;
    }
    nghttp3_conn_set_max_client_streams_bidi(h3_, config_.limits().max_concurrent_streams);

    int64_t ctrl = -1, qenc = -1, qdec = -1;
    if (ngtcp2_conn_open_uni_stream(conn_, &ctrl, nullptr) != 0 || nghttp3_conn_bind_control_stream(h3_, ctrl) != 0 ||
        ngtcp2_conn_open_uni_stream(conn_, &qenc, nullptr) != 0 ||
        ngtcp2_conn_open_uni_stream(conn_, &qdec, nullptr) != 0 ||
        nghttp3_conn_bind_qpack_streams(h3_, qenc, qdec) != 0) {
        set_app_error(NGHTTP3_H3_INTERNAL_ERROR);
        return -1;
    }
    return 0;
}

bool QuicConnection::transition_allowed(State from, State to) {
    switch (from) {
    case State::active:
        return to == State::shutting_down || to == State::close_pending || to == State::draining ||
               to == State::closed;
    case State::shutting_down:
        return to == State::final_goaway || to == State::close_pending || to == State::draining ||
               to == State::closed;
    case State::final_goaway: return to == State::close_pending || to == State::draining || to == State::closed;
    // draining: the packet that made us close (a callback failed) also carried the peer's
    // CONNECTION_CLOSE; a draining endpoint sends nothing, ours included.
    case State::close_pending: return to == State::closing || to == State::draining || to == State::closed;
    case State::closing:
    case State::draining: return to == State::closed;
    case State::closed: return false;
    }
    return false;
}

const char* QuicConnection::state_name(State s) {
    switch (s) {
    case State::active: return "active";
    case State::shutting_down: return "shutting_down";
    case State::final_goaway: return "final_goaway";
    case State::close_pending: return "close_pending";
    case State::closing: return "closing";
    case State::draining: return "draining";
    case State::closed: return "closed";
    }
    return "?";
}

void QuicConnection::set_state(State next) {
    char hex[2 * NGTCP2_MAX_CIDLEN + 1];
    TRIDENT_LOG(Debug, "QUIC connection %s: %s -> %s", cid_hex(original_dcid_, hex), state_name(state_),
                state_name(next));
    state_ = stream::transition("QUIC connection", state_, next, transition_allowed);
}

bool QuicConnection::open() const {
    return state_ == State::active || state_ == State::shutting_down || state_ == State::final_goaway;
}

void QuicConnection::set_app_error(uint64_t code) {
    ngtcp2_connection_close_error_set_application_error(&ccerr_, code, nullptr, 0);
    ccerr_set_ = true;
}

void QuicConnection::begin_close() {
    // Once the close is chosen (or under way) the first reason stands.
    if (open()) set_state(State::close_pending);
}

void QuicConnection::fail(int liberr) {
    if (!ccerr_set_) {
        ngtcp2_connection_close_error_set_transport_error_liberr(&ccerr_, liberr, nullptr, 0);
        ccerr_set_ = true;
    }
    begin_close();
}

uint64_t QuicConnection::period_end(uint64_t now_ns) const { return now_ns + 3 * ngtcp2_conn_get_pto(conn_); }

bool QuicConnection::handshake_completed() const { return ngtcp2_conn_get_handshake_completed(conn_) != 0; }

std::vector<ngtcp2_cid> QuicConnection::server_cids() const {
    std::vector<ngtcp2_cid> out(ngtcp2_conn_get_num_scid(conn_));
    out.resize(ngtcp2_conn_get_scid(conn_, out.data()));
    return out;
}

void QuicConnection::update_keep_alive() {
    if (conn_ == nullptr) return;
    const ngtcp2_transport_params* ours = ngtcp2_conn_get_local_transport_params(conn_);
    uint64_t idle = ours ? ours->max_idle_timeout : 0;
    bool want = !streams_.empty() && idle != 0;
    if (want == keep_alive_) return;
    keep_alive_ = want;
    if (const ngtcp2_transport_params* peer = ngtcp2_conn_get_remote_transport_params(conn_)) {
        if (peer->max_idle_timeout != 0 && peer->max_idle_timeout < idle) idle = peer->max_idle_timeout;
    }
    ngtcp2_conn_set_keep_alive_timeout(conn_, want ? idle / 2 : 0);  // 0: off
}

QuicConnection::Stream* QuicConnection::find(int64_t stream_id) {
    auto it = streams_.find(stream_id);
    return it == streams_.end() ? nullptr : it->second.get();
}

void QuicConnection::consume(int64_t stream_id, size_t n) {
    ngtcp2_conn_extend_max_stream_offset(conn_, stream_id, n);
    ngtcp2_conn_extend_max_offset(conn_, n);
}

void QuicConnection::report_reset(Stream& s, uint64_t code) {
    if (s.abandoned) return;
    s.abandoned = true;
    observer_.on_stream_reset(s.id, code);
}

int QuicConnection::feed(const ngtcp2_path& path, const uint8_t* pkt, size_t len, uint64_t now_ns) {
    switch (state_) {
    case State::closed:
    case State::draining: return 0;
    case State::closing:
        // RFC 9000 §10.2.1: answer a peer that keeps sending with our CONNECTION_CLOSE again.
        resend_close_ = true;
        return 0;
    case State::close_pending: return 0;  // the close goes out on the next write; nothing more to learn
    case State::active:
    case State::shutting_down:
    case State::final_goaway: break;
    }

    ngtcp2_pkt_info pi{};
    int rv = ngtcp2_conn_read_pkt(conn_, &path, &pi, pkt, len, now_ns);
    switch (rv) {
    case 0: break;
    case NGTCP2_ERR_DRAINING:
        set_state(State::draining);
        period_deadline_ = period_end(now_ns);
        break;
    case NGTCP2_ERR_DROP_CONN:
    case NGTCP2_ERR_RETRY:
        // DROP_CONN: ngtcp2 wants the connection gone without a word (e.g. a stateless reset
        // was received). RETRY: address validation was asked for; this connection never
        // requires it, so the packet cannot be served by it.
        set_state(State::closed);
        break;
    case NGTCP2_ERR_CRYPTO:
        if (!ccerr_set_) {
            ngtcp2_connection_close_error_set_transport_error_tls_alert(&ccerr_, ngtcp2_conn_get_tls_alert(conn_),
                                                                        nullptr, 0);
            ccerr_set_ = true;
        }
        begin_close();
        break;
    default: fail(rv); break;
    }
    return rv;
}

bool QuicConnection::flush_pending(const DatagramSink& sink) {
    if (pending_.empty()) return true;
    if (!sink(pending_path_.path, pending_.data(), pending_.size())) return false;
    pending_.clear();
    return true;
}

void QuicConnection::enter_closing_or_closed(uint64_t now_ns, const DatagramSink& sink, size_t* sent) {
    buf_.resize(std::max<size_t>(ngtcp2_conn_get_max_tx_udp_payload_size(conn_), NGTCP2_MAX_UDP_PAYLOAD_SIZE));
    ngtcp2_pkt_info pi{};
    ngtcp2_path_storage_zero(&close_path_);
    ngtcp2_ssize nw = ngtcp2_conn_write_connection_close(conn_, &close_path_.path, &pi, buf_.data(), buf_.size(),
                                                         &ccerr_, now_ns);
    if (nw <= 0) {
        // Nothing can be sent (no keys yet, or ngtcp2 is already closing): just forget it.
        set_state(State::closed);
        return;
    }
    close_pkt_.assign(buf_.data(), buf_.data() + nw);
    set_state(State::closing);
    period_deadline_ = period_end(now_ns);
    if (sink(close_path_.path, close_pkt_.data(), close_pkt_.size())) ++*sent;
}

size_t QuicConnection::write_datagrams(uint64_t now_ns, const DatagramSink& sink) {
    size_t sent = 0;
    if (state_ == State::closed || state_ == State::draining) return 0;
    if (!flush_pending(sink)) return 0;
    if (state_ == State::closing) {
        if (resend_close_ && sink(close_path_.path, close_pkt_.data(), close_pkt_.size())) ++sent;
        resend_close_ = false;
        return sent;
    }
    if (state_ == State::close_pending) {
        enter_closing_or_closed(now_ns, sink, &sent);
        return sent;
    }

    const size_t max_udp = ngtcp2_conn_get_max_tx_udp_payload_size(conn_);
    // The congestion controller's burst for this call, in datagrams (at least one so that ACKs
    // and probes always leave).
    const size_t limit = std::max<size_t>(1, ngtcp2_conn_get_send_quantum(conn_) / max_udp);
    buf_.resize(max_udp);
    ngtcp2_path_storage ps;
    ngtcp2_path_storage_zero(&ps);

    while (sent < limit && !datagrams_.empty()) {
        // DATAGRAM frames first: they are small and latency-sensitive. One per packet keeps
        // the bookkeeping trivial (no WRITE_MORE coalescing with stream data).
        const std::string& d = datagrams_.front();
        ngtcp2_vec v{reinterpret_cast<uint8_t*>(const_cast<char*>(d.data())), d.size()};
        int accepted = 0;
        ngtcp2_pkt_info pi{};
        // An empty DATAGRAM is legal, but ngtcp2 asserts on an empty vector: it goes as none.
        ngtcp2_ssize nw = ngtcp2_conn_writev_datagram(conn_, &ps.path, &pi, buf_.data(), max_udp, &accepted,
                                                      NGTCP2_WRITE_DATAGRAM_FLAG_NONE, next_dgram_id_, &v,
                                                      d.empty() ? 0 : 1, now_ns);
        if (nw < 0) {
            if (nw == NGTCP2_ERR_INVALID_ARGUMENT || nw == NGTCP2_ERR_INVALID_STATE) {
                datagrams_.pop_front();  // too large for the peer, or not negotiated: drop it
                continue;
            }
            fail(int(nw));
            break;
        }
        if (accepted) {
            ++next_dgram_id_;
            datagrams_.pop_front();
        }
        if (nw == 0) break;  // congestion limited
        if (!sink(ps.path, buf_.data(), size_t(nw))) {
            pending_.assign(buf_.data(), buf_.data() + nw);
            ngtcp2_path_storage_init(&pending_path_, ps.path.local.addr, ps.path.local.addrlen, ps.path.remote.addr,
                                     ps.path.remote.addrlen, ps.path.user_data);
            ngtcp2_conn_update_pkt_tx_time(conn_, now_ns);
            return sent;
        }
        ++sent;
    }

    while (sent < limit && state_ != State::close_pending) {
        int64_t stream_id = -1;
        int fin = 0;
        nghttp3_vec vec[16];
        nghttp3_ssize cnt = 0;
        if (h3_ != nullptr && ngtcp2_conn_get_max_data_left(conn_) > 0) {
            cnt = nghttp3_conn_writev_stream(h3_, &stream_id, &fin, vec, sizeof(vec) / sizeof(vec[0]));
            if (cnt < 0) {
                set_app_error(nghttp3_err_infer_quic_app_error_code(int(cnt)));
                begin_close();
                break;
            }
        }
        ngtcp2_ssize ndatalen = -1;
        uint32_t flags = NGTCP2_WRITE_STREAM_FLAG_MORE | (fin ? NGTCP2_WRITE_STREAM_FLAG_FIN : 0);
        ngtcp2_pkt_info pi{};
        // nghttp3_vec and ngtcp2_vec are the same {base, len} pair.
        ngtcp2_ssize nw =
            ngtcp2_conn_writev_stream(conn_, &ps.path, &pi, buf_.data(), max_udp, &ndatalen, flags, stream_id,
                                      reinterpret_cast<const ngtcp2_vec*>(vec), size_t(cnt), now_ns);
        if (nw < 0) {
            if (nw == NGTCP2_ERR_STREAM_DATA_BLOCKED) {
                nghttp3_conn_block_stream(h3_, stream_id);  // until extend_max_stream_data
                continue;
            }
            if (nw == NGTCP2_ERR_STREAM_SHUT_WR) {
                nghttp3_conn_shutdown_stream_write(h3_, stream_id);
                continue;
            }
            if (nw == NGTCP2_ERR_WRITE_MORE) {
                // The packet has room for more: the stream data went in, ask nghttp3 again.
                int rv = nghttp3_conn_add_write_offset(h3_, stream_id, size_t(ndatalen));
                if (rv != 0) {
                    set_app_error(nghttp3_err_infer_quic_app_error_code(rv));
                    begin_close();
                    break;
                }
                continue;
            }
            fail(int(nw));
            break;
        }
        if (ndatalen >= 0) {
            int rv = nghttp3_conn_add_write_offset(h3_, stream_id, size_t(ndatalen));
            if (rv != 0) {
                set_app_error(nghttp3_err_infer_quic_app_error_code(rv));
                begin_close();
                break;
            }
        }
        if (nw == 0) break;
        if (!sink(ps.path, buf_.data(), size_t(nw))) {
            // ngtcp2 counts the packet as sent; keep it and offer it again first.
            pending_.assign(buf_.data(), buf_.data() + nw);
            ngtcp2_path_storage_init(&pending_path_, ps.path.local.addr, ps.path.local.addrlen, ps.path.remote.addr,
                                     ps.path.remote.addrlen, ps.path.user_data);
            break;
        }
        ++sent;
    }
    ngtcp2_conn_update_pkt_tx_time(conn_, now_ns);

    // Graceful shutdown ends when the final GOAWAY is out and every accepted request is done.
    if (state_ == State::final_goaway && streams_.empty()) close(NGHTTP3_H3_NO_ERROR);
    if (state_ == State::close_pending && pending_.empty()) enter_closing_or_closed(now_ns, sink, &sent);
    return sent;
}

uint64_t QuicConnection::expiry() const {
    switch (state_) {
    case State::closed: return UINT64_MAX;
    case State::closing:
    case State::draining: return period_deadline_;
    case State::shutting_down: return std::min<uint64_t>(ngtcp2_conn_get_expiry(conn_), final_goaway_at_);
    case State::active:
    case State::final_goaway:
    case State::close_pending: break;
    }
    return ngtcp2_conn_get_expiry(conn_);
}

void QuicConnection::on_expiry(uint64_t now_ns) {
    if (state_ == State::closed) return;
    if (state_ == State::closing || state_ == State::draining) {
        if (now_ns >= period_deadline_) set_state(State::closed);
        return;
    }
    if (state_ == State::shutting_down && now_ns >= final_goaway_at_) {
        final_goaway_at_ = UINT64_MAX;
        int rv = nghttp3_conn_shutdown(h3_);
        if (rv == 0) {
            set_state(State::final_goaway);
        } else {
            set_app_error(nghttp3_err_infer_quic_app_error_code(rv));
            begin_close();
        }
    }
    if (now_ns >= ngtcp2_conn_get_expiry(conn_)) {
        int rv = ngtcp2_conn_handle_expiry(conn_, now_ns);
        if (rv == NGTCP2_ERR_IDLE_CLOSE) {
            set_state(State::closed);  // RFC 9000 §10.1: an idle connection is dropped silently
        } else if (rv != 0) {
            fail(rv);
        }
    }
}

void QuicConnection::shutdown(uint64_t now_ns) {
    if (state_ != State::active) return;  // already shutting down or closing
    if (h3_ == nullptr || !handshake_completed()) {
        close(NGHTTP3_H3_NO_ERROR);
        return;
    }
    int rv = nghttp3_conn_submit_shutdown_notice(h3_);
    if (rv != 0) {
        set_app_error(nghttp3_err_infer_quic_app_error_code(rv));
        begin_close();
        return;
    }
    // Requests the client sent before it saw the notice are still accepted; the final GOAWAY
    // (with the real last stream id) waits about a round trip for them to arrive.
    final_goaway_at_ = now_ns + 2 * ngtcp2_conn_get_pto(conn_);
    set_state(State::shutting_down);
}

void QuicConnection::close(uint64_t app_error_code) {
    if (!open()) return;  // a close is chosen or under way already: its reason stands
    set_app_error(app_error_code);
    set_state(State::close_pending);
}

int QuicConnection::submit_response(int64_t stream_id, int status, const std::vector<HeaderField>& fields,
                                    bool has_body) {
    Stream* s = find(stream_id);
    if (s == nullptr || s->abandoned || h3_ == nullptr) return NGHTTP3_ERR_STREAM_NOT_FOUND;
    if (s->response != Stream::Response::none) return NGHTTP3_ERR_INVALID_STATE;
    char status_text[4];
    const std::vector<nghttp3_nv>& nva = response_pairs(status_text, status, fields);
    nghttp3_data_reader reader{Callbacks::h3_read_data};
    // nghttp3 copies the name/value pairs, so the strings above may go away after the call.
    int rv = nghttp3_conn_submit_response(h3_, stream_id, nva.data(), nva.size(), has_body ? &reader : nullptr);
    if (rv != 0) return rv;
    s->set_response(has_body ? Stream::Response::streaming : Stream::Response::complete);
    return 0;
}

int QuicConnection::submit_interim(int64_t stream_id, int status, const std::vector<HeaderField>& fields) {
    Stream* s = find(stream_id);
    if (s == nullptr || s->abandoned || h3_ == nullptr) return NGHTTP3_ERR_STREAM_NOT_FOUND;
    if (s->response != Stream::Response::none) return NGHTTP3_ERR_INVALID_STATE;
    char status_text[4];
    const std::vector<nghttp3_nv>& nva = response_pairs(status_text, status, fields);
    // nghttp3 copies the pairs.
    return nghttp3_conn_submit_info(h3_, stream_id, nva.data(), nva.size());
}

int QuicConnection::append_body(int64_t stream_id, const uint8_t* data, size_t len, bool end) {
    Stream* s = find(stream_id);
    if (s == nullptr || s->abandoned) return NGHTTP3_ERR_STREAM_NOT_FOUND;
    if (s->response != Stream::Response::streaming) return NGHTTP3_ERR_INVALID_STATE;
    if (len > 0) {
        s->body.emplace_back(reinterpret_cast<const char*>(data), len);
        s->unacked += len;
    }
    if (end) s->set_response(Stream::Response::ending);
    if (s->deferred) {
        s->deferred = false;
        int rv = nghttp3_conn_resume_stream(h3_, stream_id);
        if (rv != 0) return rv;
    }
    return 0;
}

int QuicConnection::submit_trailers(int64_t stream_id, const std::vector<HeaderField>& fields) {
    Stream* s = find(stream_id);
    if (s == nullptr || s->abandoned) return NGHTTP3_ERR_STREAM_NOT_FOUND;
    if (s->response != Stream::Response::streaming) return NGHTTP3_ERR_INVALID_STATE;
    std::vector<nghttp3_nv> nva;
    nva.reserve(fields.size());
    for (const HeaderField& f : fields) nva.push_back(make_nv(f.name, f.value));
    // nghttp3 copies the fields; they go out after the last DATA frame.
    int rv = nghttp3_conn_submit_trailers(h3_, stream_id, nva.data(), nva.size());
    if (rv != 0) return rv;
    s->has_trailers = true;
    return append_body(stream_id, nullptr, 0, true);
}

void QuicConnection::consume_body(int64_t stream_id, size_t n) {
    if (n > 0 && open()) consume(stream_id, n);
}

void QuicConnection::consume_connection(size_t n) {
    if (n > 0 && open()) ngtcp2_conn_extend_max_offset(conn_, n);
}

void QuicConnection::consume_stream(int64_t stream_id, size_t n) {
    if (n > 0 && open()) ngtcp2_conn_extend_max_stream_offset(conn_, stream_id, n);
}

int QuicConnection::submit_new_token(const uint8_t* token, size_t len) {
    if (!open() || len == 0) return NGTCP2_ERR_INVALID_STATE;
    return ngtcp2_conn_submit_new_token(conn_, token, len);
}

bool QuicConnection::datagram_enabled() const {
    const ngtcp2_transport_params* rp = ngtcp2_conn_get_remote_transport_params(conn_);
    return config_.limits().max_datagram_frame_size > 0 && rp != nullptr && rp->max_datagram_frame_size > 0;
}

bool QuicConnection::send_datagram(const uint8_t* data, size_t len) {
    static constexpr size_t kMaxQueued = 256;
    if (!open() || !datagram_enabled() || datagrams_.size() >= kMaxQueued) return false;
    const ngtcp2_transport_params* rp = ngtcp2_conn_get_remote_transport_params(conn_);
    // The frame (type byte + payload; no length field when it is the last in the packet)
    // must fit the peer's limit and one packet.
    if (len + 1 > rp->max_datagram_frame_size || len + 64 > ngtcp2_conn_get_max_tx_udp_payload_size(conn_)) {
        return false;
    }
    datagrams_.emplace_back(reinterpret_cast<const char*>(data), len);
    return true;
}

nghttp3_ssize QuicConnection::read_body(Stream& s, nghttp3_vec* vec, size_t veccnt, uint32_t* flags) {
    size_t n = 0;
    while (n < veccnt && s.handed < s.body.size()) {
        std::string& chunk = s.body[s.handed++];
        vec[n].base = reinterpret_cast<uint8_t*>(chunk.data());
        vec[n].len = chunk.size();
        ++n;
    }
    if (s.handed == s.body.size() && s.response != Stream::Response::streaming) {
        *flags |= NGHTTP3_DATA_FLAG_EOF;
        // The trailers' HEADERS frame ends the stream instead.
        if (s.has_trailers) *flags |= NGHTTP3_DATA_FLAG_NO_END_STREAM;
        if (s.response == Stream::Response::ending) s.set_response(Stream::Response::complete);
    } else if (n == 0) {
        s.deferred = true;
        return NGHTTP3_ERR_WOULDBLOCK;
    }
    return nghttp3_ssize(n);
}

void QuicConnection::ack_body(Stream& s, uint64_t n) {
    s.unacked -= std::min<uint64_t>(n, s.unacked);
    while (n > 0 && !s.body.empty()) {
        size_t left = s.body.front().size() - s.front_acked;
        if (n < left) {
            s.front_acked += size_t(n);
            return;
        }
        n -= left;
        s.body.pop_front();
        s.front_acked = 0;
        if (s.handed > 0) --s.handed;
    }
}

size_t QuicConnection::unacked_body_bytes(int64_t stream_id) const {
    auto it = streams_.find(stream_id);
    return it == streams_.end() ? 0 : it->second->unacked;
}

int QuicConnection::reset_stream(int64_t stream_id, uint64_t app_error_code) {
    Stream* s = find(stream_id);
    if (s == nullptr || h3_ == nullptr) return NGHTTP3_ERR_STREAM_NOT_FOUND;
    // The owner asked for it: no on_stream_reset back to it.
    s->abandoned = true;
    nghttp3_conn_shutdown_stream_write(h3_, stream_id);
    int rv = ngtcp2_conn_shutdown_stream(conn_, stream_id, app_error_code);
    return rv == NGTCP2_ERR_STREAM_NOT_FOUND ? NGHTTP3_ERR_STREAM_NOT_FOUND : rv;
}

}  // namespace trident::http3

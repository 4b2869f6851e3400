// RFC 8441 over HTTP/2: an nghttp2 client session over TCP (h2c with prior knowledge) or TLS
// (ALPN h2). The server's SETTINGS must carry SETTINGS_ENABLE_CONNECT_PROTOCOL=1 (§3) before
// the extended CONNECT (:method CONNECT, :protocol websocket) goes out; a 200 opens the
// WebSocket, whose frames then travel in the stream's DATA frames both ways, and END_STREAM in
// each direction ends it after the close handshake.
#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstring>

#include "tcp_stream.h"
#include "transport.h"

namespace wsclient {

namespace {

// Our receive windows: large enough that a 16 MiB message does not wait on WINDOW_UPDATEs.
constexpr int32_t kWindow = 16 * 1024 * 1024;
// nghttp2's output waits in the socket buffer up to this much before we stop asking for more.
constexpr size_t kMaxQueuedOut = 4 * 1024 * 1024;

class H2 final : public Transport {
public:
    explicit H2(const Options& o) : o_(o) {}
    ~H2() override {
        if (s_ != nullptr) nghttp2_session_del(s_);
    }

    bool open(uint64_t deadline, OpenResult& r) override {
        const bool tls = o_.carrier == Carrier::H2;
        if (!tcp_.connect(o_, tls, "\x02h2", deadline, &error)) return false;
        if (tls && tcp_.alpn_selected() != "h2") {
            error = "the server did not select ALPN h2 (got \"" + tcp_.alpn_selected() + "\")";
            return false;
        }
        if (!make_session()) return false;
        while (!settings_seen_) {
            if (!step(deadline, "the server's SETTINGS")) return false;
        }
        uint32_t ecp = nghttp2_session_get_remote_settings(s_, NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL);
        if (ecp != 1) {
            error = "the server's SETTINGS lack SETTINGS_ENABLE_CONNECT_PROTOCOL=1 (RFC 8441 §3); got " +
                    std::to_string(ecp);
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
        out_.append(bytes);
        if (sid_ > 0) nghttp2_session_resume_data(s_, sid_);
    }

    void end_send() override {
        ending_ = true;
        if (sid_ > 0) nghttp2_session_resume_data(s_, sid_);
    }

    bool pump(int timeout_ms) override {
        if (!write_out()) return false;
        std::string raw;
        // What arrived before a read error is still the server's: its END_STREAM may be in it.
        std::string io_error;
        const bool io_ok = tcp_.io(raw, timeout_ms, &io_error);
        if (!raw.empty()) {
            ssize_t n = nghttp2_session_mem_recv(s_, reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
            if (n < 0) {
                error = std::string("HTTP/2 error: ") + nghttp2_strerror(int(n));
                return false;
            }
        }
        if (!error.empty()) return false;  // set by a callback (a reset, a GOAWAY)
        if (!io_ok) {
            error = peer_ended ? io_error : io_error + " (before the server ended the stream)";
            return false;
        }
        if (tcp_.eof && !peer_ended) {
            error = "the server closed the TCP connection before it ended the stream";
            return false;
        }
        return write_out();
    }

    size_t unsent() const override { return out_.size() - out_off_; }

    bool start_request(const std::string& path) override {
        std::vector<std::pair<std::string, std::string>> f = {
            {":method", "GET"}, {":scheme", o_.carrier == Carrier::H2 ? "https" : "http"}, {":path", path},
            {":authority", o_.authority()}};
        std::vector<nghttp2_nv> nva;
        for (auto& [n, v] : f) {
            nva.push_back(nghttp2_nv{reinterpret_cast<uint8_t*>(n.data()), reinterpret_cast<uint8_t*>(v.data()),
                                     n.size(), v.size(), NGHTTP2_NV_FLAG_NONE});
        }
        req_sid_ = nghttp2_submit_request(s_, nullptr, nva.data(), nva.size(), nullptr, nullptr);
        return req_sid_ > 0 && write_out();
    }
    bool request_done(int& status, std::string& body) const override {
        if (!req_done_) return false;
        status = req_status_;
        body = req_body_;
        return true;
    }

    void shutdown() override {
        if (s_ == nullptr) return;
        nghttp2_session_terminate_session(s_, NGHTTP2_NO_ERROR);
        write_out();
        std::string ignored;
        tcp_.io(ignored, 0, &error);
        tcp_.close_notify();
    }

private:
    static H2* self(void* ud) { return static_cast<H2*>(ud); }

    bool make_session() {
        nghttp2_session_callbacks* cb;
        nghttp2_session_callbacks_new(&cb);
        nghttp2_session_callbacks_set_on_header_callback(
            cb, [](nghttp2_session*, const nghttp2_frame* f, const uint8_t* n, size_t nl, const uint8_t* v, size_t vl,
                   uint8_t, void* ud) {
                H2* h = self(ud);
                std::string_view name(reinterpret_cast<const char*>(n), nl), value(reinterpret_cast<const char*>(v), vl);
                if (f->hd.stream_id == h->req_sid_ && name == ":status") h->req_status_ = atoi(std::string(value).c_str());
                if (f->hd.stream_id != h->sid_) return 0;
                if (name == ":status") h->status_ = atoi(std::string(value).c_str());
                else if (name == "sec-websocket-extensions") h->extensions_ = value;
                else if (name == "sec-websocket-protocol") h->protocol_ = value;
                return 0;
            });
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
            cb, [](nghttp2_session*, uint8_t, int32_t sid, const uint8_t* d, size_t len, void* ud) {
                if (sid == self(ud)->sid_) self(ud)->in.append(reinterpret_cast<const char*>(d), len);
                if (sid == self(ud)->req_sid_) self(ud)->req_body_.append(reinterpret_cast<const char*>(d), len);
                return 0;
            });
        nghttp2_session_callbacks_set_on_frame_recv_callback(cb, [](nghttp2_session*, const nghttp2_frame* f,
                                                                   void* ud) {
            H2* h = self(ud);
            if (f->hd.type == NGHTTP2_SETTINGS && (f->hd.flags & NGHTTP2_FLAG_ACK) == 0) h->settings_seen_ = true;
            if (f->hd.type == NGHTTP2_GOAWAY && f->goaway.error_code != NGHTTP2_NO_ERROR) {
                h->error = "GOAWAY from the server, error code " + std::to_string(f->goaway.error_code);
            }
            if (f->hd.stream_id != h->sid_) return 0;
            if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_RESPONSE && h->status_ >= 200) {
                h->head_done_ = true;
            }
            if ((f->hd.type == NGHTTP2_HEADERS || f->hd.type == NGHTTP2_DATA) &&
                (f->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
                h->peer_ended = true;
            }
            if (f->hd.type == NGHTTP2_RST_STREAM) {
                h->error = "RST_STREAM from the server, error code " + std::to_string(f->rst_stream.error_code);
            }
            return 0;
        });
        nghttp2_session_callbacks_set_on_stream_close_callback(cb, [](nghttp2_session*, int32_t sid, uint32_t code,
                                                                     void* ud) {
            H2* h = self(ud);
            if (sid == h->req_sid_) h->req_done_ = true;
            if (sid == h->sid_ && code != NGHTTP2_NO_ERROR && h->error.empty()) {
                h->error = "the stream closed with error code " + std::to_string(code);
            }
            return 0;
        });
        int rv = nghttp2_session_client_new(&s_, cb, this);
        nghttp2_session_callbacks_del(cb);
        if (rv != 0) {
            error = "nghttp2_session_client_new failed";
            return false;
        }
        nghttp2_settings_entry iv[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
                                       {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, uint32_t(kWindow)}};
        nghttp2_submit_settings(s_, NGHTTP2_FLAG_NONE, iv, 2);
        nghttp2_session_set_local_window_size(s_, NGHTTP2_FLAG_NONE, 0, kWindow);
        return true;
    }

    static ssize_t read_frames(nghttp2_session*, int32_t, uint8_t* buf, size_t length, uint32_t* flags,
                               nghttp2_data_source*, void* ud) {
        H2* h = self(ud);
        size_t avail = h->out_.size() - h->out_off_;
        if (avail == 0) {
            if (!h->ending_) return NGHTTP2_ERR_DEFERRED;
            *flags |= NGHTTP2_DATA_FLAG_EOF;
            return 0;
        }
        size_t n = std::min(length, avail);
        memcpy(buf, h->out_.data() + h->out_off_, n);
        h->out_off_ += n;
        if (h->out_off_ == h->out_.size()) {
            h->out_.clear();
            h->out_off_ = 0;
            if (h->ending_) *flags |= NGHTTP2_DATA_FLAG_EOF;
        } else if (h->out_off_ > (1u << 20)) {
            h->out_.erase(0, h->out_off_);
            h->out_off_ = 0;
        }
        return ssize_t(n);
    }

    bool submit() {
        std::vector<std::pair<std::string, std::string>> f = {
            {":method", "CONNECT"}, {":protocol", "websocket"},
            {":scheme", o_.carrier == Carrier::H2 ? "https" : "http"}, {":path", o_.path},
            {":authority", o_.authority()}, {"sec-websocket-version", "13"}};
        if (o_.deflate) f.emplace_back("sec-websocket-extensions", kDeflateOffer);
        if (!o_.subprotocols.empty()) {
            std::string list;
            for (size_t i = 0; i < o_.subprotocols.size(); ++i) list += (i ? ", " : "") + o_.subprotocols[i];
            f.emplace_back("sec-websocket-protocol", list);
        }
        for (auto& h : o_.headers) f.push_back(h);
        std::vector<nghttp2_nv> nva;
        for (auto& [n, v] : f) {
            nva.push_back(nghttp2_nv{reinterpret_cast<uint8_t*>(n.data()), reinterpret_cast<uint8_t*>(v.data()),
                                     n.size(), v.size(), NGHTTP2_NV_FLAG_NONE});
        }
        nghttp2_data_provider prd;
        prd.source.ptr = nullptr;
        prd.read_callback = read_frames;
        sid_ = nghttp2_submit_request(s_, nullptr, nva.data(), nva.size(), &prd, nullptr);
        if (sid_ < 0) {
            error = std::string("nghttp2_submit_request: ") + nghttp2_strerror(sid_);
            return false;
        }
        return true;
    }

    bool write_out() {
        while (tcp_.out.size() < kMaxQueuedOut && nghttp2_session_want_write(s_)) {
            const uint8_t* p = nullptr;
            ssize_t n = nghttp2_session_mem_send(s_, &p);
            if (n < 0) {
                error = std::string("nghttp2_session_mem_send: ") + nghttp2_strerror(int(n));
                return false;
            }
            if (n == 0) break;
            tcp_.out.append(reinterpret_cast<const char*>(p), size_t(n));
        }
        return true;
    }

    bool step(uint64_t deadline, const char* what) {
        if (now_ns() >= deadline) {
            error = std::string("timed out waiting for ") + what;
            return false;
        }
        if (!pump(ms_until(deadline, 100))) return false;
        if (tcp_.eof) {
            error = std::string("the server closed the connection before ") + what;
            return false;
        }
        if (peer_ended && !head_done_) {
            error = std::string("the stream ended before ") + what;
            return false;
        }
        return true;
    }

    const Options& o_;
    TcpStream tcp_;
    nghttp2_session* s_ = nullptr;
    int32_t sid_ = -1;
    bool settings_seen_ = false;
    bool head_done_ = false;
    int status_ = 0;
    std::string extensions_, protocol_;
    std::string out_;  // WebSocket bytes for DATA frames, from out_off_
    size_t out_off_ = 0;
    bool ending_ = false;
    // start_request(): the plain GET beside the WebSocket.
    int32_t req_sid_ = -1;
    int req_status_ = 0;
    std::string req_body_;
    bool req_done_ = false;
};

}  // namespace

std::unique_ptr<Transport> make_h2(const Options& o) { return std::make_unique<H2>(o); }

}  // namespace wsclient

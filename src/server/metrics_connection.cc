#include "server/metrics_connection.h"

#include <sys/epoll.h>

#include <string_view>

#include "trident/server/stream_registry.h"
#include "trident/core/log.h"
#include "trident/http/token.h"
#include "trident/server/metrics.h"

namespace trident::server {

namespace {

constexpr size_t kMaxHead = 8 * 1024;

// The value of header `name` in a request head (lines after the first), or empty.
std::string_view header_value(std::string_view head, std::string_view name) {
    size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos && pos + 2 < head.size()) {
        size_t start = pos + 2;
        size_t end = head.find("\r\n", start);
        if (end == std::string_view::npos) end = head.size();
        std::string_view line = head.substr(start, end - start);
        size_t colon = line.find(':');
        if (colon != std::string_view::npos && http::iequals_ascii(line.substr(0, colon), name)) {
            std::string_view v = line.substr(colon + 1);
            while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
            while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
            return v;
        }
        pos = end;
    }
    return {};
}

}  // namespace

MetricsConnection::MetricsConnection(Loop& loop, int fd)
    : loop_(loop), transport_(std::make_unique<PlainTransport>(fd)), fd_(fd) {
    events_ = EPOLLIN | EPOLLRDHUP;
}

void MetricsConnection::on_event(uint32_t events) {
    if (done_) return;
    if ((events & EPOLLOUT) && !write_out()) return finish();
    if (phase_ == Phase::Closing) {
        if (out_pos_ >= out_.size()) return finish();
        return;
    }
    char* buf = loop_.read_buffer();
    for (;;) {
        ssize_t n = transport_->read(buf, 64 * 1024);
        if (n == Transport::kAgain) break;
        if (n <= 0) return finish();  // EOF or error
        in_.append(buf, size_t(n));
        if (in_.size() > 2 * kMaxHead) break;
    }
    bool keep = answer_requests();
    if (!write_out()) return finish();
    if (!keep) {
        phase_ = Phase::Closing;
        transport_->shutdown_write();
        if (out_pos_ >= out_.size()) return finish();
    }
    uint32_t ev = uint32_t(EPOLLIN | EPOLLRDHUP) | (out_pos_ < out_.size() ? uint32_t(EPOLLOUT) : 0u);
    if (ev != events_) {
        events_ = ev;
        loop_.modify(fd_, ev, this);
    }
    // An answered request starts the idle wait; a partial head keeps the header timer.
    loop_.set_timer(this, in_.empty() ? kTimerIdle : kTimerHeader);
}

bool MetricsConnection::answer_requests() {
    for (;;) {
        size_t end = in_.find("\r\n\r\n");
        if (end == std::string::npos) {
            if (in_.size() > kMaxHead) {
                respond(400, "Bad Request", "text/plain", "request head too large\n", false, true);
                return false;
            }
            return true;
        }
        std::string_view head(in_.data(), end + 2);
        std::string_view line = head.substr(0, head.find("\r\n"));
        size_t sp1 = line.find(' ');
        size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
        if (sp2 == std::string_view::npos) {
            respond(400, "Bad Request", "text/plain", "malformed request line\n", false, true);
            return false;
        }
        std::string_view method = line.substr(0, sp1);
        std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
        std::string_view version = line.substr(sp2 + 1);
        bool http11 = version == "HTTP/1.1";
        if (!http11 && version != "HTTP/1.0") {
            respond(400, "Bad Request", "text/plain", "unsupported HTTP version\n", false, true);
            return false;
        }
        std::string_view cl = header_value(head, "content-length");
        if ((!cl.empty() && cl != "0") || !header_value(head, "transfer-encoding").empty()) {
            respond(400, "Bad Request", "text/plain", "a request body is not accepted here\n", false, true);
            return false;
        }
        std::string_view conn = header_value(head, "connection");
        bool close = !http11 || http::iequals_ascii(conn, "close") || loop_.shutting_down();
        bool head_only = method == "HEAD";
        std::string_view path = target.substr(0, target.find('?'));
        if (method != "GET" && !head_only) {
            respond(405, "Method Not Allowed", "text/plain", "only GET and HEAD\n", false, close);
        } else if (path == "/metrics") {
            MetricsInput mi;
            mi.state = &loop_.counters();
            mi.registry = stream_registry();
            mi.draining = loop_.shutting_down();
            const SharedState& s = loop_.counters();
            for (int i = 0; i < s.worker_num && i < kMaxWorkers; ++i) {
                int32_t pid = s.workers[i].pid.load(std::memory_order_relaxed);
                mi.workers.push_back(WorkerSample{i, pid, process_rss_bytes(pid)});
            }
            std::string body;
            render_metrics(mi, body);
            respond(200, "OK", "text/plain; version=0.0.4; charset=utf-8", body, head_only, close);
        } else if (path == "/health") {
            if (loop_.shutting_down()) respond(503, "Service Unavailable", "text/plain", "draining\n", head_only, true);
            else respond(200, "OK", "text/plain", "ok\n", head_only, close);
        } else {
            respond(404, "Not Found", "text/plain", "not found: GET /metrics or /health\n", head_only, close);
        }
        in_.erase(0, end + 4);
        if (close || loop_.shutting_down()) return false;
    }
}

void MetricsConnection::respond(int status, const char* reason, const char* content_type, const std::string& body,
                                bool head_only, bool close) {
    out_.append("HTTP/1.1 ").append(std::to_string(status)).append(" ").append(reason).append("\r\n");
    out_.append("Content-Type: ").append(content_type).append("\r\n");
    out_.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    out_.append("Date: ").append(loop_.http_date()).append("\r\n");
    if (close) out_.append("Connection: close\r\n");
    out_.append("\r\n");
    if (!head_only) out_.append(body);
}

bool MetricsConnection::write_out() {
    while (out_pos_ < out_.size()) {
        iovec iov{out_.data() + out_pos_, out_.size() - out_pos_};
        ssize_t n = transport_->writev(&iov, 1);
        if (n == Transport::kAgain) return true;
        if (n < 0) return false;
        out_pos_ += size_t(n);
    }
    out_.clear();
    out_pos_ = 0;
    return true;
}

void MetricsConnection::finish() {
    if (done_) return;
    done_ = true;
    loop_.unwatch(fd_);
    loop_.close(this);
}

void MetricsConnection::on_timeout(int) { finish(); }

void MetricsConnection::on_shutdown() {
    // Nothing in flight needs finishing: an answer being written is dropped with the server.
    if (out_pos_ >= out_.size()) finish();
}

}  // namespace trident::server

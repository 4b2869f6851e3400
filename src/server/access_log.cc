#include "trident/server/access_log.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "trident/core/log.h"
#include "trident/http/token.h"

namespace trident::server {

namespace {

uint64_t splitmix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

void hex64(uint64_t v, char* out) {
    static const char kHex[] = "0123456789abcdef";
    // A byte (two digits) per step: this runs for every request ($request->server['request_id']).
    for (int i = 7; i >= 0; --i) {
        unsigned b = unsigned(v & 0xff);
        out[2 * i] = kHex[b >> 4];
        out[2 * i + 1] = kHex[b & 15];
        v >>= 8;
    }
}

// As nginx writes $server_protocol: "HTTP/2.0", "HTTP/3.0".
const char* log_protocol_name(ipc::Protocol p) {
    switch (p) {
    case ipc::Protocol::Http10: return "HTTP/1.0";
    case ipc::Protocol::Http11: return "HTTP/1.1";
    case ipc::Protocol::Http2: return "HTTP/2.0";
    case ipc::Protocol::Http3: return "HTTP/3.0";
    }
    return "HTTP/1.1";
}

std::string_view format_address(const ipc::ConnectionInfo& c, char* buf, size_t cap) {
    if (c.family == AF_INET6) {
        const uint8_t* a = c.remote_addr;
        // IPv4-mapped addresses (a dual-stack socket) read as IPv4, as in $request->server.
        static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(a, kMapped, 12) == 0) return inet_ntop(AF_INET, a + 12, buf, socklen_t(cap)) ? std::string_view(buf) : "-";
        return inet_ntop(AF_INET6, a, buf, socklen_t(cap)) ? std::string_view(buf) : "-";
    }
    if (c.family == AF_INET) return inet_ntop(AF_INET, c.remote_addr, buf, socklen_t(cap)) ? std::string_view(buf) : "-";
    return "-";
}

// nginx's escaping of variables in a text log line: '"', '\\', control characters and bytes
// past ASCII as \xHH, so a line stays one line and its quoted fields stay quoted.
void append_text(std::string& out, std::string_view v) {
    if (v.empty()) {
        out.push_back('-');
        return;
    }
    for (unsigned char c : v) {
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            char b[5];
            snprintf(b, sizeof b, "\\x%02X", c);
            out.append(b, 4);
        } else {
            out.push_back(char(c));
        }
    }
}

// A JSON string: bytes that are not printable ASCII as \u00XX (as nginx's escape=json), so the
// line is valid UTF-8 JSON whatever the client sent.
void append_json(std::string& out, std::string_view v) {
    out.push_back('"');
    for (unsigned char c : v) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(char(c));
        } else if (c < 0x20 || c >= 0x7f) {
            char b[7];
            snprintf(b, sizeof b, "\\u%04x", c);
            out.append(b, 6);
        } else {
            out.push_back(char(c));
        }
    }
    out.push_back('"');
}

}  // namespace

bool usable_request_id(std::string_view v) {
    if (v.empty() || v.size() > 128) return false;
    for (unsigned char c : v) {
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
    }
    return true;
}

void generated_request_id(uint64_t nonce, uint64_t session_id, int64_t stream_id, char out[32]) {
    // Each half is a bijection of its input, and the second mixes in the first's: distinct
    // (session, stream) pairs always give distinct ids.
    uint64_t a = splitmix64(nonce ^ session_id);
    uint64_t b = splitmix64((nonce >> 1) ^ uint64_t(stream_id) ^ (a * 0x2545f4914f6cdd1dull));
    hex64(a, out);
    hex64(b, out + 16);
}

void AccessRequest::add(Field f, std::string_view v) {
    data_.append(v);
    end_[f] = uint32_t(data_.size());
}

void AccessRequest::capture(const uint8_t* head, size_t len, uint64_t nonce, uint64_t session_id, int64_t stream_id) {
    ipc::RequestHeadView v;
    data_.clear();
    captured_ = true;
    if (ipc::decode_request_head(head, len, v) != ipc::DecodeError::None) {
        for (int f = 0; f < kFieldCount; ++f) end_[f] = 0;
        return;
    }
    std::string_view referer, agent, rid, host = v.authority;
    int rids = 0;
    auto cur = v.headers();
    HeaderField h;
    while (cur.next(h)) {
        if (http::iequals_ascii(h.name, "referer")) referer = h.value;
        else if (http::iequals_ascii(h.name, "user-agent")) agent = h.value;
        else if (http::iequals_ascii(h.name, "x-request-id")) rid = h.value, ++rids;
        else if (host.empty() && http::iequals_ascii(h.name, "host")) host = h.value;
    }
    data_.reserve(64 + v.method.size() + v.target.size() + host.size() + referer.size() + agent.size() + 32);
    char abuf[64];
    add(Remote, format_address(v.conn, abuf, sizeof abuf));
    add(Method, v.method);
    add(Target, v.target);
    add(Protocol, log_protocol_name(v.conn.protocol));
    add(Host, host);
    add(Referer, referer);
    add(UserAgent, agent);
    // Sent twice, it reaches PHP folded ("a, b"), which is not usable: generated on both sides.
    if (rids == 1 && usable_request_id(rid)) {
        add(RequestId, rid);
    } else {
        char id[32];
        generated_request_id(nonce, session_id, stream_id, id);
        add(RequestId, std::string_view(id, sizeof id));
    }
}

void AccessRequest::capture_peer(const ipc::ConnectionInfo& conn, uint64_t nonce, uint64_t session_id, int64_t stream_id) {
    data_.clear();
    captured_ = false;
    char abuf[64];
    add(Remote, format_address(conn, abuf, sizeof abuf));
    add(Method, {});
    add(Target, {});
    add(Protocol, log_protocol_name(conn.protocol));
    add(Host, {});
    add(Referer, {});
    add(UserAgent, {});
    char id[32];
    generated_request_id(nonce, session_id, stream_id, id);
    add(RequestId, std::string_view(id, sizeof id));
}

void format_access_line(const AccessEntry& e, AccessLogFormat format, std::string& out) {
    static const AccessRequest kEmpty;
    const AccessRequest& r = e.request ? *e.request : kEmpty;
    time_t secs = time_t(e.wall_time);
    struct tm tm;
    gmtime_r(&secs, &tm);
    char buf[96];
    if (format == AccessLogFormat::Combined) {
        std::string_view remote = r.field(AccessRequest::Remote);
        out.append(remote.empty() ? std::string_view("-") : remote);
        strftime(buf, sizeof buf, " - - [%d/%b/%Y:%H:%M:%S +0000] \"", &tm);
        out.append(buf);
        if (r.captured()) {
            append_text(out, r.field(AccessRequest::Method));
            out.push_back(' ');
            append_text(out, r.field(AccessRequest::Target));
            out.push_back(' ');
            out.append(r.field(AccessRequest::Protocol));
        } else {
            out.push_back('-');  // answered before a request head could be read (nginx: "-" too)
        }
        snprintf(buf, sizeof buf, "\" %d %" PRIu64 " \"", e.status, e.bytes);
        out.append(buf);
        append_text(out, r.field(AccessRequest::Referer));
        out.append("\" \"");
        append_text(out, r.field(AccessRequest::UserAgent));
        out.append("\"\n");
        return;
    }
    strftime(buf, sizeof buf, "{\"time\":\"%Y-%m-%dT%H:%M:%S", &tm);
    out.append(buf);
    snprintf(buf, sizeof buf, ".%03dZ\",\"remote_addr\":", int((e.wall_time - double(secs)) * 1000) % 1000);
    out.append(buf);
    append_json(out, r.field(AccessRequest::Remote));
    out.append(",\"method\":");
    append_json(out, r.field(AccessRequest::Method));
    out.append(",\"target\":");
    append_json(out, r.field(AccessRequest::Target));
    out.append(",\"protocol\":");
    append_json(out, r.field(AccessRequest::Protocol));
    out.append(",\"host\":");
    append_json(out, r.field(AccessRequest::Host));
    snprintf(buf, sizeof buf, ",\"status\":%d,\"bytes\":%" PRIu64 ",\"duration\":%.6f,\"referer\":", e.status, e.bytes,
             double(e.duration_us) / 1e6);
    out.append(buf);
    append_json(out, r.field(AccessRequest::Referer));
    out.append(",\"user_agent\":");
    append_json(out, r.field(AccessRequest::UserAgent));
    out.append(",\"request_id\":");
    append_json(out, r.field(AccessRequest::RequestId));
    out.append("}\n");
}

// --- AccessLog ---------------------------------------------------------------------------

AccessLog::~AccessLog() {
    stop();
    if (fd_ >= 0) ::close(fd_);
}

bool AccessLog::open(const std::string& path, AccessLogFormat format, int reactors, std::atomic<uint64_t>* dropped,
                     std::string* error) {
    path_ = path;
    format_ = format;
    dropped_ = dropped;
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        *error = "cannot open access_log \"" + path + "\": " + strerror(errno);
        return false;
    }
    slots_.clear();
    for (int i = 0; i < reactors; ++i) slots_.push_back(std::make_unique<Slot>());
    return true;
}

void AccessLog::start() {
    if (fd_ < 0 || writer_.joinable()) return;
    writer_ = std::thread([this] { run(); });
}

void AccessLog::stop() {
    if (!writer_.joinable()) return;
    {
        std::lock_guard<std::mutex> g(wake_mu_);
        stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
}

bool AccessLog::append(int reactor, std::string_view line) {
    if (reactor < 0 || size_t(reactor) >= slots_.size()) return false;
    Slot& s = *slots_[size_t(reactor)];
    bool wake;
    {
        std::lock_guard<std::mutex> g(s.mu);
        if (s.buf.size() + line.size() > kMaxBuffered) {
            if (dropped_) dropped_->fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        size_t before = s.buf.size();
        s.buf.append(line);
        wake = before < kFlushBytes && s.buf.size() >= kFlushBytes;
    }
    if (wake) {
        {
            std::lock_guard<std::mutex> g(wake_mu_);
            urgent_ = true;
        }
        wake_.notify_one();
    }
    return true;
}

void AccessLog::reopen() {
    reopen_.store(true, std::memory_order_relaxed);
    wake_.notify_one();
}

void AccessLog::write_all(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
        ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            // A full disk must not stop the server: the lines are lost, and said so once per batch.
            TRIDENT_LOG(Error, "access_log \"%s\": %s; %zu bytes of log lines lost", path_.c_str(),
                        n < 0 ? strerror(errno) : "short write", data.size() - off);
            return;
        }
        off += size_t(n);
    }
}

void AccessLog::run() {
    std::string batch;
    for (;;) {
        bool stopping;
        {
            std::unique_lock<std::mutex> g(wake_mu_);
            wake_.wait_for(g, std::chrono::milliseconds(200),
                           [this] { return stopping_ || urgent_ || reopen_.load(std::memory_order_relaxed); });
            stopping = stopping_;
            urgent_ = false;
        }
        if (reopen_.exchange(false, std::memory_order_relaxed)) {
            int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
            if (fd < 0) {
                TRIDENT_LOG(Error, "access_log: cannot reopen \"%s\": %s; writing to the old file", path_.c_str(), strerror(errno));
            } else {
                ::close(fd_);
                fd_ = fd;
                TRIDENT_LOG(Info, "access_log reopened: %s", path_.c_str());
            }
        }
        for (auto& slot : slots_) {
            batch.clear();
            {
                std::lock_guard<std::mutex> g(slot->mu);
                batch.swap(slot->buf);
            }
            if (!batch.empty()) write_all(batch);
            // The swap hands the slot this batch's (cleared) buffer next turn: keep a modest one,
            // not the largest a burst ever needed.
            if (batch.capacity() > 4 * kFlushBytes) std::string().swap(batch);
        }
        if (stopping) return;
    }
}

}  // namespace trident::server

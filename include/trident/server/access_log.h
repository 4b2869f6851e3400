// The access log (setting access_log): one line per request, on every protocol, written by a
// thread of its own so that neither a reactor nor a worker ever waits for the disk.
//
// A stream captures what the line needs from its request head when it goes to a worker
// (AccessRequest::capture: remote address, method, target, protocol, Referer, User-Agent, request
// id), and adds status, bytes and duration when its response completes (ResponseRecord::finish).
// Each reactor appends finished lines to its own bounded buffer (AccessLog::append); the writer
// thread swaps the buffers out every 200 ms (sooner once one holds 64 KiB) and writes them with
// one write(2) each. A buffer past 4 MiB (a disk that does not keep up) drops lines, counted in
// SharedState::access_log_dropped. reopen() (SIGUSR2 to the master) makes the writer reopen the
// path, for logrotate.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "trident/ipc/frame.h"

namespace trident::server {

enum class AccessLogFormat : uint8_t {
    Combined,  // nginx's "combined": addr - - [time] "METHOD target PROTO" status bytes "referer" "agent"
    Json,      // one JSON object per line, every field (duration, request id, protocol, host...)
};

// The request id of (session, stream): the client's X-Request-Id when it sent a usable one (1 to
// 128 visible ASCII characters, no quote or backslash), else 32 hex digits made from the server's
// random nonce and the ids — unique for the server's life, and computed alike by the reactor (for
// the log) and the worker ($request->server['request_id']) without sending it anywhere.
bool usable_request_id(std::string_view v);
void generated_request_id(uint64_t nonce, uint64_t session_id, int64_t stream_id, char out[32]);

// What the log line needs from a request head, kept in one buffer (one allocation per request,
// and only with access_log on).
class AccessRequest {
public:
    enum Field { Remote, Method, Target, Protocol, Host, Referer, UserAgent, RequestId, kFieldCount };

    // From a REQUEST_HEAD payload (a malformed one leaves the fields empty).
    void capture(const uint8_t* head, size_t len, uint64_t nonce, uint64_t session_id, int64_t stream_id);
    // A request the server answered before its head could be read (a 400 for a bad head):
    // only the client's address and the protocol are known; the request reads "-".
    void capture_peer(const ipc::ConnectionInfo& conn, uint64_t nonce, uint64_t session_id, int64_t stream_id);
    bool captured() const { return captured_; }
    std::string_view field(Field f) const {
        uint32_t begin = f == 0 ? 0 : end_[f - 1];
        return std::string_view(data_).substr(begin, end_[f] - begin);
    }

private:
    void add(Field f, std::string_view v);
    std::string data_;
    uint32_t end_[kFieldCount] = {};
    bool captured_ = false;
};

struct AccessEntry {
    const AccessRequest* request = nullptr;
    int status = 0;
    uint64_t bytes = 0;        // response body bytes the client took
    uint64_t duration_us = 0;  // head arrived .. response complete
    double wall_time = 0;      // when the response completed (Unix seconds)
};

// Appends the line (with its '\n') for `e` in `format` to out.
void format_access_line(const AccessEntry& e, AccessLogFormat format, std::string& out);

class AccessLog {
public:
    static constexpr size_t kFlushBytes = 64 * 1024;
    static constexpr size_t kMaxBuffered = 4u << 20;

    // Opens `path` (append, create 0644); false with *error naming it.
    bool open(const std::string& path, AccessLogFormat format, int reactors, std::atomic<uint64_t>* dropped,
              std::string* error);
    // Starts the writer thread.
    void start();
    // Writes everything buffered and stops the writer.
    void stop();
    ~AccessLog();

    AccessLogFormat format() const { return format_; }
    // Reactor `reactor`'s finished line; false (and counted) when its buffer is full.
    bool append(int reactor, std::string_view line);
    // The writer reopens the file at its next turn (after logrotate moved it).
    void reopen();

private:
    struct Slot {
        std::mutex mu;
        std::string buf;
    };
    void run();
    void write_all(const std::string& data);

    std::string path_;
    AccessLogFormat format_ = AccessLogFormat::Combined;
    int fd_ = -1;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::atomic<uint64_t>* dropped_ = nullptr;
    std::atomic<bool> reopen_{false};
    std::mutex wake_mu_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool urgent_ = false;
    std::thread writer_;
};

}  // namespace trident::server

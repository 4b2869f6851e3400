// The static file handler of one reactor (enable_static_handler): it sits behind
// Reactor::open(), the WorkerPort call every protocol connection makes to start a request
// stream, so it is written once for HTTP/1.1, HTTP/2 and HTTP/3. To the connection it looks
// like a worker:
//   1. open() of a GET or HEAD without a body whose target passes the path rules
//      (static_files.h) under static_handler_locations: the handler answers kNoWorker and keeps
//      the stream's lookup (the connection's WorkerLink waits, holding the request head), and a
//      pool thread opens the file beneath document_root (openat2 RESOLVE_BENEATH), checks it is
//      a regular file (or finds the directory's index file), picks a precompressed sibling and
//      builds the response head (conditionals, Range).
//   2. The lookup done, the connection is told on_dispatch_ready() and opens the stream again:
//      a file is served under a binding of the handler's own (>= kFirstBinding, never a worker
//      channel); anything else (not found, not a regular file, refused) goes to PHP as usual.
//   3. The response head and body reach the connection as RESPONSE_HEAD / RESPONSE_BODY frames
//      (on_worker_frame), read by the pool in kChunk pieces with at most kWindow bytes handed
//      over and not yet taken by the client (the connection's RESPONSE_CREDIT calls).
// No disk access ever happens on the reactor thread; the pool's results come back through an
// eventfd in the reactor's epoll set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/connection.h"
#include "server/file_pool.h"
#include "server/loop.h"
#include "server/static_files.h"
#include "server/worker_port.h"

namespace trident::server {

class StaticHandler final : public EventSource {
public:
    static constexpr WorkerPort::Binding kFirstBinding = 1 << 24;  // far above any channel index
    static constexpr size_t kChunk = 128 * 1024;                    // one pread
    static constexpr uint64_t kWindow = 384 * 1024;                 // handed over, not yet taken
    static constexpr size_t kThreads = 4;

    explicit StaticHandler(Loop& loop);
    ~StaticHandler() override;
    StaticHandler(const StaticHandler&) = delete;
    StaticHandler& operator=(const StaticHandler&) = delete;

    // Opens document_root (O_PATH) and starts the pool. False with *error.
    bool start(std::string* error);

    enum class Take { NotMine, Pending, Serving };
    // Reactor::open(): NotMine (dispatch to a worker), Pending (answer kNoWorker: the lookup
    // runs), Serving (*binding is the stream's).
    Take open(uint64_t session_id, int64_t stream_id, const uint8_t* head, size_t len, bool end,
              WorkerPort::Binding* binding);
    // Reactor::wait_for_worker(): true when the wait is for this handler's lookup.
    bool owns_wait(uint64_t session_id, int64_t stream_id) const;
    static bool is_binding(WorkerPort::Binding b) { return b >= kFirstBinding; }
    // The connection took `bytes` more of the response.
    void credit(WorkerPort::Binding b, uint64_t session_id, int64_t stream_id, uint64_t bytes);
    // release() / reset(): the connection is done with the stream.
    void finish(WorkerPort::Binding b);

    // The pool's eventfd.
    void on_event(uint32_t events) override;
    // End of the reactor's loop turn: the heads of streams served from the cache in open()
    // (which must not call back into the connection) go out.
    void flush_ready();
    bool has_ready() const { return !ready_.empty(); }

private:
    struct Job;
    // A file found by a lookup, kept open for kCacheMs so that a hot file is answered in the
    // reactor without a pool round trip (revalidated by fstat at every use; the head is built
    // from it, the body read with RWF_NOWAIT from the page cache, else on the pool).
    struct CachedFile;
    static constexpr int64_t kCacheMs = 1000;
    static constexpr size_t kCacheEntries = 256;  // descriptors held open per reactor, at most
    struct Key {
        uint64_t session;
        int64_t stream;
        bool operator==(const Key& o) const { return session == o.session && stream == o.stream; }
    };
    struct KeyHash {
        size_t operator()(const Key& k) const { return size_t(k.session * 0x9E3779B97F4A7C15ull) ^ size_t(k.stream); }
    };

    static void lookup_work(void* ctx);
    static void read_work(void* ctx);
    void lookup_done(Job& j);
    // Fills the response head from j.st, j.type and j.coding; false when it does not fit.
    static bool build_head(Job& j, std::string_view etag, std::string_view modified);
    bool serve_cached(Job& j);
    void remember(Job& j);
    void read_done(Job& j);
    void send_head(Job& j);
    void maybe_read(Job& j);
    // Hands buffered bytes to the connection; false when the job ended meanwhile.
    bool deliver(Job& j, const uint8_t* data, size_t len, bool end);
    WorkerClient* client_of(const Job& j) const;
    Job* job_of(WorkerPort::Binding b) const;
    Job* allocate();
    void free_job(Job& j);

    Loop& loop_;
    int root_fd_ = -1;
    bool watching_ = false;
    std::vector<std::unique_ptr<Job>> jobs_;  // before pool_: its threads stop first
    std::vector<uint32_t> free_;
    std::unordered_map<Key, uint32_t, KeyHash> by_stream_;  // jobs whose stream has not claimed them
    std::vector<void*> completed_;
    std::unordered_map<std::string, std::shared_ptr<CachedFile>> cache_;
    std::vector<uint32_t> ready_;  // jobs served from the cache whose head is due
    FilePool pool_{kThreads};
};

}  // namespace trident::server

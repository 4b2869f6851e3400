#include "server/static_handler.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "trident/core/clock.h"
#include "trident/core/log.h"
#include "trident/http/token.h"
#include "trident/ipc/frame.h"

namespace trident::server {

namespace sf = static_files;

namespace {

// Built once per process, before the first reactor starts; read-only afterwards (pool threads
// look types up concurrently).
const sf::MimeTypes& mime_types() {
    static const sf::MimeTypes table = [] {
        sf::MimeTypes t;
        std::ifstream in("/etc/mime.types");
        if (in) {
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            t.add_mime_types_text(text);
        }
        return t;
    }();
    return table;
}

int openat2_fd(int dir, const char* path, uint64_t flags, uint64_t resolve) {
    open_how how{};
    how.flags = flags;
    how.resolve = resolve;
    long r;
    do {
        r = syscall(SYS_openat2, dir, path, &how, sizeof how);
    } while (r < 0 && errno == EINTR);
    return int(r);
}

constexpr size_t kHeadCap = 2048;
constexpr size_t kKeptBuffer = 16 * 1024;

}  // namespace

struct StaticHandler::CachedFile {
    int fd = -1;
    struct stat st {};
    std::string_view type;
    const char* coding = nullptr;
    std::string etag;
    std::string modified;
    int64_t expires_ms = 0;
    ~CachedFile() {
        if (fd >= 0) ::close(fd);
    }
};

struct StaticHandler::Job {
    enum class State : uint8_t {
        Free,
        Lookup,    // on the pool: resolving the path, building the head
        Ready,     // a file to serve: waiting for the stream to open again (claim it)
        Declined,  // not a file we serve: the stream's next open() goes to a worker
        Sending,   // claimed; nothing on the pool
        Reading,   // claimed; a chunk is being read
        Done,      // everything handed over (or failed): waiting for the connection's finish()
    };
    State state = State::Free;
    uint32_t index = 0;
    uint64_t session = 0;
    int64_t stream = 0;
    bool abandoned = false;   // the connection let go while the pool or a delivery had it
    bool delivering = false;  // inside a call into the connection
    StaticHandler* owner = nullptr;

    // The request, copied (the head's buffer is not ours).
    std::string rel;
    bool directory = false;
    bool head_method = false;
    std::string if_none_match, if_modified_since, if_range, range, accept_encoding;

    // The answer. fd is file->fd once the lookup is back on the reactor (the cache entry owns
    // it); before that, the lookup's own descriptor.
    int fd = -1;
    std::shared_ptr<CachedFile> file;
    struct stat st {};
    std::string_view type;
    const char* coding = nullptr;
    std::string key;            // the cache key (path, directory flag, accepted codings)
    bool ready_queued = false;  // in ready_: its head goes out at the end of the loop turn
    uint64_t offset = 0;
    uint64_t remaining = 0;
    std::string head_payload;
    bool head_end = false;
    bool prefetched = false;  // the lookup read the first chunk already

    // Reading.
    std::vector<uint8_t> buf;
    size_t want = 0;
    size_t got = 0;
    int err = 0;
    uint64_t outstanding = 0;  // handed to the connection, not yet credited
};

StaticHandler::StaticHandler(Loop& loop) : loop_(loop) {}

StaticHandler::~StaticHandler() {
    if (watching_) loop_.unwatch(pool_.event_fd());
    pool_.stop();
    for (auto& j : jobs_) {
        if (!j->file && j->fd >= 0) ::close(j->fd);
    }
    if (root_fd_ >= 0) ::close(root_fd_);
}

bool StaticHandler::start(std::string* error) {
    const ServerConfig& c = loop_.config();
    root_fd_ = ::open(c.document_root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd_ < 0) {
        *error = "document_root \"" + c.document_root + "\": " + strerror(errno);
        return false;
    }
    mime_types();
    if (!pool_.start()) {
        *error = std::string("static handler: eventfd: ") + strerror(errno);
        return false;
    }
    if (!loop_.watch(pool_.event_fd(), EPOLLIN, this)) {
        *error = std::string("static handler: epoll_ctl: ") + strerror(errno);
        return false;
    }
    watching_ = true;
    return true;
}

StaticHandler::Job* StaticHandler::allocate() {
    uint32_t i;
    if (!free_.empty()) {
        i = free_.back();
        free_.pop_back();
    } else {
        i = uint32_t(jobs_.size());
        jobs_.push_back(std::make_unique<Job>());
        jobs_.back()->index = i;
        jobs_.back()->owner = this;
    }
    Job* j = jobs_[i].get();
    j->abandoned = false;
    j->delivering = false;
    j->offset = j->remaining = j->outstanding = 0;
    j->got = j->want = 0;
    j->err = 0;
    j->head_end = false;
    j->prefetched = false;
    j->ready_queued = false;
    j->coding = nullptr;
    return j;
}

void StaticHandler::free_job(Job& j) {
    if (!j.file && j.fd >= 0) ::close(j.fd);
    j.fd = -1;
    j.file.reset();
    j.ready_queued = false;
    if (j.state == Job::State::Lookup || j.state == Job::State::Ready || j.state == Job::State::Declined) {
        auto it = by_stream_.find(Key{j.session, j.stream});
        if (it != by_stream_.end() && it->second == j.index) by_stream_.erase(it);
    }
    j.state = Job::State::Free;
    // A large file's buffer is not kept by an idle job; a small one is reused.
    if (j.buf.capacity() > kKeptBuffer) std::vector<uint8_t>().swap(j.buf);
    free_.push_back(j.index);
}

StaticHandler::Job* StaticHandler::job_of(WorkerPort::Binding b) const {
    if (!is_binding(b)) return nullptr;
    size_t i = size_t(b - kFirstBinding);
    if (i >= jobs_.size()) return nullptr;
    Job* j = jobs_[i].get();
    return j->state == Job::State::Sending || j->state == Job::State::Reading || j->state == Job::State::Done ? j
                                                                                                                : nullptr;
}

WorkerClient* StaticHandler::client_of(const Job& j) const {
    Connection* c = loop_.find(j.session);
    return c ? c->worker_client() : nullptr;
}

StaticHandler::Take StaticHandler::open(uint64_t session_id, int64_t stream_id, const uint8_t* head, size_t len,
                                        bool end, WorkerPort::Binding* binding) {
    auto it = by_stream_.find(Key{session_id, stream_id});
    if (it != by_stream_.end()) {
        Job& j = *jobs_[it->second];
        switch (j.state) {
            case Job::State::Lookup: return Take::Pending;
            case Job::State::Ready:
                by_stream_.erase(it);
                j.state = Job::State::Sending;
                *binding = kFirstBinding + WorkerPort::Binding(j.index);
                return Take::Serving;
            default:
                free_job(j);  // Declined: the worker has it from here
                return Take::NotMine;
        }
    }
    // Only a request that is complete in its head (GET and HEAD have no body to forward).
    if (!end) return Take::NotMine;
    ipc::RequestHeadView v;
    if (ipc::decode_request_head(head, len, v) != ipc::DecodeError::None) return Take::NotMine;
    const bool is_head = v.method == "HEAD";
    if (!is_head && v.method != "GET") return Take::NotMine;
    if (v.conn.flags & ipc::kRequestFlagWebSocket) return Take::NotMine;
    const ServerConfig& c = loop_.config();
    sf::StaticPath path;
    if (sf::resolve_target(v.target, c.static_handler_allow_dotfiles, c.static_handler_locations, path) !=
        sf::PathVerdict::Ok) {
        return Take::NotMine;
    }
    if (jobs_.size() - free_.size() >= size_t(INT32_MAX - kFirstBinding)) return Take::NotMine;
    Job* j = allocate();
    j->session = session_id;
    j->stream = stream_id;
    j->rel.swap(path.relative);
    j->directory = path.directory;
    j->head_method = is_head;
    j->if_none_match.clear();
    j->if_modified_since.clear();
    j->if_range.clear();
    j->range.clear();
    j->accept_encoding.clear();
    auto cur = v.headers();
    HeaderField f;
    while (cur.next(f)) {
        std::string* dst = nullptr;
        switch (f.name.size()) {
            case 5: dst = http::iequals_ascii(f.name, "range") ? &j->range : nullptr; break;
            case 8: dst = http::iequals_ascii(f.name, "if-range") ? &j->if_range : nullptr; break;
            case 13: dst = http::iequals_ascii(f.name, "if-none-match") ? &j->if_none_match : nullptr; break;
            case 15: dst = http::iequals_ascii(f.name, "accept-encoding") ? &j->accept_encoding : nullptr; break;
            case 17: dst = http::iequals_ascii(f.name, "if-modified-since") ? &j->if_modified_since : nullptr; break;
            default: break;
        }
        if (dst == nullptr) continue;
        // Repeated fields are one comma-separated list (RFC 9110 5.3).
        if (!dst->empty()) dst->append(", ");
        dst->append(f.value.data(), f.value.size());
    }
    // The cache key: what decides which file answers (the path, whether it named a directory,
    // which precompressed codings the client accepts).
    unsigned mask = 0;
    if (!j->accept_encoding.empty()) {
        for (sf::Coding cd : sf::kCodings) {
            if (sf::accept_encoding_q(j->accept_encoding, cd) > 0) mask |= 1u << unsigned(cd);
        }
    }
    j->key.assign(j->rel);
    j->key.push_back('\0');
    j->key.push_back(j->directory ? 'd' : 'f');
    j->key.push_back(char('0' + mask));
    if (serve_cached(*j)) {
        *binding = kFirstBinding + WorkerPort::Binding(j->index);
        return Take::Serving;
    }
    j->state = Job::State::Lookup;
    by_stream_[Key{session_id, stream_id}] = j->index;
    pool_.submit(&StaticHandler::lookup_work, j);
    return Take::Pending;
}

bool StaticHandler::serve_cached(Job& j) {
    auto it = cache_.find(j.key);
    if (it == cache_.end()) return false;
    const std::shared_ptr<CachedFile>& f = it->second;
    // fstat of an open descriptor reads no disk: the file is still the one cached (not changed
    // in place, not deleted). A rename over it within kCacheMs goes unseen.
    struct stat now;
    if (monotonic_ms() >= f->expires_ms || fstat(f->fd, &now) != 0 || now.st_ino != f->st.st_ino ||
        now.st_size != f->st.st_size || now.st_mtim.tv_sec != f->st.st_mtim.tv_sec ||
        now.st_mtim.tv_nsec != f->st.st_mtim.tv_nsec || now.st_nlink == 0) {
        cache_.erase(it);
        return false;
    }
    j.file = f;
    j.fd = f->fd;
    j.st = f->st;
    j.type = f->type;
    j.coding = f->coding;
    if (!build_head(j, f->etag, f->modified)) {
        j.file.reset();
        j.fd = -1;
        return false;
    }
    if (!j.head_end) {
        // From the page cache only (RWF_NOWAIT never waits for the disk); anything else is read
        // on the pool after the head went out.
        j.want = size_t(std::min<uint64_t>(kChunk, j.remaining));
        if (j.buf.size() < j.want) j.buf.resize(j.want);
        iovec iov{j.buf.data(), j.want};
        ssize_t n = preadv2(j.fd, &iov, 1, off_t(j.offset), RWF_NOWAIT);
        if (n == ssize_t(j.want)) {
            j.got = size_t(n);
            j.err = 0;
            j.prefetched = true;
        }
    }
    j.state = Job::State::Sending;
    j.ready_queued = true;
    ready_.push_back(j.index);
    return true;
}

void StaticHandler::remember(Job& j) {
    auto f = std::make_shared<CachedFile>();
    f->fd = j.fd;
    f->st = j.st;
    f->type = j.type;
    f->coding = j.coding;
    f->etag = sf::make_etag(j.st.st_ino, j.st.st_size, j.st.st_mtim);
    f->modified = sf::http_date(j.st.st_mtim.tv_sec);
    const int64_t now = monotonic_ms();
    f->expires_ms = now + kCacheMs;
    j.file = f;
    if (cache_.size() >= kCacheEntries) {
        // Expired entries go first; a cache still full of live ones starts over (bounded fds).
        for (auto it = cache_.begin(); it != cache_.end();) it = it->second->expires_ms <= now ? cache_.erase(it) : std::next(it);
        if (cache_.size() >= kCacheEntries) cache_.clear();
    }
    cache_[j.key] = std::move(f);
}

void StaticHandler::flush_ready() {
    while (!ready_.empty()) {
        std::vector<uint32_t> batch;
        batch.swap(ready_);
        for (uint32_t i : batch) {
            Job& j = *jobs_[i];
            if (!j.ready_queued) continue;  // finished (and maybe reused) meanwhile
            j.ready_queued = false;
            if (j.state == Job::State::Sending) send_head(j);
        }
        if (ready_.empty()) {
            batch.clear();
            ready_.swap(batch);  // keep the capacity
        }
    }
}

bool StaticHandler::owns_wait(uint64_t session_id, int64_t stream_id) const {
    auto it = by_stream_.find(Key{session_id, stream_id});
    return it != by_stream_.end() && jobs_[it->second]->state == Job::State::Lookup;
}

// --- on a pool thread ------------------------------------------------------------------------

void StaticHandler::lookup_work(void* ctx) {
    Job& j = *static_cast<Job*>(ctx);
    const ServerConfig& c = j.owner->loop_.config();  // read-only while the server runs
    const int root = j.owner->root_fd_;
    const uint64_t resolve =
        RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | (c.static_handler_allow_symlinks ? 0 : RESOLVE_NO_SYMLINKS);
    j.head_end = false;
    j.prefetched = false;
    auto decline = [&j](int fd) {
        if (fd >= 0) ::close(fd);
        j.fd = -1;
    };
    // O_PATH first: nothing is opened for reading (a FIFO would block, a device could act)
    // until fstat says it is a regular file.
    std::string file = j.rel.empty() ? std::string(".") : j.rel;
    int p = openat2_fd(root, file.c_str(), O_PATH | O_CLOEXEC, resolve);
    if (p < 0) return decline(-1);
    struct stat st;
    if (fstat(p, &st) != 0) return decline(p);
    if (S_ISDIR(st.st_mode)) {
        // No listings: an index file, or PHP (which may redirect "/dir" to "/dir/").
        if (!j.directory) return decline(p);
        bool found = false;
        for (const std::string& index : c.http_index_files) {
            int q = openat2_fd(p, index.c_str(), O_PATH | O_CLOEXEC, resolve);
            if (q < 0) continue;
            struct stat ist;
            if (fstat(q, &ist) == 0 && S_ISREG(ist.st_mode)) {
                ::close(p);
                p = q;
                st = ist;
                file = j.rel.empty() ? index : j.rel + "/" + index;
                found = true;
                break;
            }
            ::close(q);
        }
        if (!found) return decline(p);
    } else if (!S_ISREG(st.st_mode) || j.directory) {
        return decline(p);  // FIFO, device, socket; or "file/" (not a directory)
    }
    ::close(p);
    const std::string_view type = mime_types().lookup(file);
    // A precompressed sibling the client accepts, in the server's order of preference.
    std::string served = file;
    const char* coding = nullptr;
    if (!j.accept_encoding.empty()) {
        for (sf::Coding cd : sf::kCodings) {
            if (sf::accept_encoding_q(j.accept_encoding, cd) <= 0) continue;
            std::string sib = file + sf::coding_suffix(cd);
            int q = openat2_fd(root, sib.c_str(), O_PATH | O_CLOEXEC, resolve);
            if (q < 0) continue;
            struct stat sst;
            bool ok = fstat(q, &sst) == 0 && S_ISREG(sst.st_mode);
            ::close(q);
            if (!ok) continue;
            served = std::move(sib);
            coding = sf::coding_token(cd);
            break;
        }
    }
    int fd = openat2_fd(root, served.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, resolve);
    if (fd < 0) return decline(-1);
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return decline(fd);  // replaced meanwhile

    j.fd = fd;
    j.st = st;
    j.type = type;
    j.coding = coding;
    if (!build_head(j, sf::make_etag(st.st_ino, st.st_size, st.st_mtim), sf::http_date(st.st_mtim.tv_sec))) {
        return decline(fd);
    }
    // The first chunk now, on this thread: a small file is answered in one pool round trip.
    if (!j.head_end) {
        j.want = size_t(std::min<uint64_t>(kChunk, j.remaining));
        if (j.buf.size() < j.want) j.buf.resize(j.want);
        read_work(&j);
        j.prefetched = true;
    }
}

bool StaticHandler::build_head(Job& j, std::string_view etag, std::string_view modified) {
    sf::Conditionals cond;
    cond.if_none_match = j.if_none_match;
    cond.if_modified_since = j.if_modified_since;
    cond.if_range = j.if_range;
    cond.range = j.range;
    cond.head = j.head_method;
    const uint64_t size = uint64_t(j.st.st_size);
    const sf::Decision d = sf::decide(cond, etag, j.st.st_mtim.tv_sec, size);

    j.head_payload.resize(kHeadCap);
    ipc::ResponseHeadWriter w(reinterpret_cast<uint8_t*>(&j.head_payload[0]), kHeadCap, uint16_t(d.status));
    char num[96];
    if (d.status != 304 && d.status != 416) w.add_header("Content-Type", j.type);
    if (j.coding) {
        w.add_header("Content-Encoding", j.coding);
        w.add_header("Vary", "Accept-Encoding");
    }
    w.add_header("ETag", etag);
    w.add_header("Last-Modified", modified);
    uint64_t first = 0, length = size;
    if (d.status == 206) {
        first = d.range.first;
        length = d.range.length();
        snprintf(num, sizeof num, "bytes %llu-%llu/%llu", (unsigned long long)d.range.first,
                 (unsigned long long)d.range.last, (unsigned long long)size);
        w.add_header("Content-Range", num);
    } else if (d.status == 416) {
        snprintf(num, sizeof num, "bytes */%llu", (unsigned long long)size);
        w.add_header("Content-Range", num);
    }
    if (d.status == 200 || d.status == 206) {
        w.add_header("Accept-Ranges", "bytes");
        snprintf(num, sizeof num, "%llu", (unsigned long long)length);
        w.add_header("Content-Length", num);
    }
    w.set_body({});
    if (w.overflow()) return false;
    j.head_payload.resize(w.size());
    const bool body = (d.status == 200 || d.status == 206) && !j.head_method && length > 0;
    j.head_end = !body;
    j.offset = first;
    j.remaining = body ? length : 0;
    j.prefetched = false;
    return true;
}

void StaticHandler::read_work(void* ctx) {
    Job& j = *static_cast<Job*>(ctx);
    j.got = 0;
    j.err = 0;
    while (j.got < j.want) {
        ssize_t n = pread(j.fd, j.buf.data() + j.got, j.want - j.got, off_t(j.offset + j.got));
        if (n < 0) {
            if (errno == EINTR) continue;
            j.err = errno;
            return;
        }
        if (n == 0) {
            j.err = EIO;  // the file shrank under us: the promised length cannot be kept
            return;
        }
        j.got += size_t(n);
    }
}

// --- back on the reactor ---------------------------------------------------------------------

void StaticHandler::on_event(uint32_t) {
    pool_.complete(completed_);
    std::vector<void*> batch;
    batch.swap(completed_);
    for (void* p : batch) {
        Job& j = *static_cast<Job*>(p);
        if (j.state == Job::State::Lookup) lookup_done(j);
        else if (j.state == Job::State::Reading) read_done(j);
    }
    batch.clear();
    if (completed_.empty()) completed_.swap(batch);  // keep the capacity
}

void StaticHandler::lookup_done(Job& j) {
    j.state = j.fd >= 0 ? Job::State::Ready : Job::State::Declined;
    if (j.state == Job::State::Ready) remember(j);
    WorkerClient* w = client_of(j);
    if (w == nullptr) {
        free_job(j);
        return;
    }
    // The connection opens the stream again: open() hands it the file (Ready) or lets it go to
    // a worker (Declined).
    w->on_dispatch_ready(j.stream);
    if (j.state == Job::State::Sending) {
        send_head(j);
    } else if (j.state == Job::State::Ready || j.state == Job::State::Declined) {
        free_job(j);  // the stream went away before it could take it
    }
}

void StaticHandler::send_head(Job& j) {
    loop_.counters().static_hits.fetch_add(1, std::memory_order_relaxed);
    WorkerClient* w = client_of(j);
    if (w == nullptr) {
        j.state = Job::State::Done;  // the connection's finish() frees it
        return;
    }
    ipc::FrameHeader h;
    h.type = ipc::FrameType::ResponseHead;
    h.flags = j.head_end ? ipc::kFlagEndStream : 0;
    h.session_id = j.session;
    h.stream_id = j.stream;
    h.length = uint32_t(j.head_payload.size());
    if (j.head_end) j.state = Job::State::Done;
    j.delivering = true;
    w->on_worker_frame(h, reinterpret_cast<const uint8_t*>(j.head_payload.data()), j.head_payload.size());
    j.delivering = false;
    if (j.abandoned) {
        free_job(j);
        return;
    }
    if (j.prefetched) {
        j.prefetched = false;
        j.state = Job::State::Reading;
        read_done(j);
        return;
    }
    maybe_read(j);
}

void StaticHandler::maybe_read(Job& j) {
    if (j.state != Job::State::Sending || j.remaining == 0 || j.outstanding + kChunk > kWindow) return;
    j.want = size_t(std::min<uint64_t>(kChunk, j.remaining));
    if (j.buf.size() < j.want) j.buf.resize(j.want);
    j.state = Job::State::Reading;
    pool_.submit(&StaticHandler::read_work, &j);
}

void StaticHandler::read_done(Job& j) {
    j.state = Job::State::Sending;
    if (j.abandoned) {
        free_job(j);
        return;
    }
    if (j.err != 0) {
        TRIDENT_LOG(Warning, "static file: read failed: %s", strerror(j.err));
        j.state = Job::State::Done;
        WorkerClient* w = client_of(j);
        if (w == nullptr) return;
        uint8_t p[ipc::kStreamResetSize];
        ipc::encode_stream_reset(ipc::ResetCode::Internal, p);
        ipc::FrameHeader h;
        h.type = ipc::FrameType::StreamReset;
        h.session_id = j.session;
        h.stream_id = j.stream;
        h.length = sizeof p;
        j.delivering = true;
        w->on_worker_frame(h, p, sizeof p);
        j.delivering = false;
        if (j.abandoned) free_job(j);
        return;
    }
    j.offset += j.got;
    j.remaining -= j.got;
    const bool end = j.remaining == 0;
    if (end) {
        j.file.reset();  // the cache keeps the descriptor (or it closes now)
        j.fd = -1;
        j.state = Job::State::Done;
    }
    loop_.counters().static_bytes.fetch_add(j.got, std::memory_order_relaxed);
    if (!deliver(j, j.buf.data(), j.got, end)) return;
    maybe_read(j);
}

bool StaticHandler::deliver(Job& j, const uint8_t* data, size_t len, bool end) {
    size_t off = 0;
    j.delivering = true;
    while (off < len && !j.abandoned) {
        WorkerClient* w = client_of(j);
        if (w == nullptr) break;
        const size_t n = std::min(ipc::kMaxPayload, len - off);
        ipc::FrameHeader h;
        h.type = ipc::FrameType::ResponseBody;
        h.session_id = j.session;
        h.stream_id = j.stream;
        h.length = uint32_t(n);
        h.flags = end && off + n == len ? ipc::kFlagEndStream : 0;
        // Counted before the call: the connection may credit inside it.
        if (!(h.flags & ipc::kFlagEndStream)) j.outstanding += n;
        w->on_worker_frame(h, data + off, n);
        off += n;
    }
    j.delivering = false;
    if (j.abandoned) {
        free_job(j);
        return false;
    }
    return true;
}

void StaticHandler::credit(WorkerPort::Binding b, uint64_t session_id, int64_t stream_id, uint64_t bytes) {
    Job* j = job_of(b);
    if (j == nullptr || j->session != session_id || j->stream != stream_id) return;
    j->outstanding -= std::min(bytes, j->outstanding);
    if (!j->delivering) maybe_read(*j);
}

void StaticHandler::finish(WorkerPort::Binding b) {
    Job* j = job_of(b);
    if (j == nullptr) return;
    if (j->state == Job::State::Reading || j->delivering) {
        j->abandoned = true;  // freed when the pool or the delivery hands it back
        return;
    }
    free_job(*j);
}

}  // namespace trident::server

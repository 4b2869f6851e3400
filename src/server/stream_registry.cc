#include "trident/server/stream_registry.h"

#include <sys/mman.h>

#include <cerrno>
#include <new>

namespace trident::server {

namespace {

// Entry word: [generation:24][state:8][kind:8][protocol:8][worker:16].
constexpr int kGenerationShift = 40;
constexpr int kStateShift = 32;
constexpr int kKindShift = 24;
constexpr int kProtocolShift = 16;

constexpr uint64_t pack(uint32_t generation, StreamState state, StreamKind kind, ipc::Protocol protocol,
                        uint16_t worker) {
    return (uint64_t(generation & session_id::kGenerationMask) << kGenerationShift) |
           (uint64_t(state) << kStateShift) | (uint64_t(kind) << kKindShift) |
           (uint64_t(protocol) << kProtocolShift) | worker;
}
constexpr uint32_t word_generation(uint64_t w) { return uint32_t(w >> kGenerationShift) & session_id::kGenerationMask; }
constexpr StreamState word_state(uint64_t w) { return StreamState(uint8_t(w >> kStateShift)); }
constexpr uint64_t with_state(uint64_t w, StreamState s) {
    return (w & ~(uint64_t(0xFF) << kStateShift)) | (uint64_t(s) << kStateShift);
}

// 0 marks a word that was never allocated (the mapping starts zeroed); ids start at 1.
constexpr uint32_t next_generation(uint32_t g) {
    g = (g + 1) & session_id::kGenerationMask;
    return g == 0 ? 1 : g;
}

bool valid_kind(StreamKind k) { return uint8_t(k) >= 1 && uint8_t(k) <= kStreamKinds; }
bool valid_protocol(ipc::Protocol p) { return uint8_t(p) >= 1 && uint8_t(p) <= kStreamProtocols; }

size_t tables_size(int reactors) { return size_t(reactors) * 128; }

// Push credit word: [generation:24][bytes:40].
constexpr int kCreditGenerationShift = 40;
constexpr uint64_t kCreditBytesMask = (uint64_t(1) << kCreditGenerationShift) - 1;
constexpr uint64_t credit_word(uint32_t generation, uint64_t bytes) {
    return (uint64_t(generation & session_id::kGenerationMask) << kCreditGenerationShift) | (bytes & kCreditBytesMask);
}
constexpr uint32_t credit_generation(uint64_t c) { return uint32_t(c >> kCreditGenerationShift); }
constexpr uint64_t credit_bytes(uint64_t c) { return c & kCreditBytesMask; }

}  // namespace

const char* stream_kind_name(StreamKind k) {
    switch (k) {
        case StreamKind::WebSocket: return "websocket";
        case StreamKind::EventStream: return "event-stream";
        case StreamKind::Detached: return "detached";
    }
    return "unknown";
}

const char* stream_state_name(StreamState s) {
    switch (s) {
        case StreamState::Free: return "free";
        case StreamState::Open: return "open";
        case StreamState::Closing: return "closing";
    }
    return "unknown";
}

uint32_t StreamRegistry::per_reactor(uint32_t total, int reactors) {
    if (reactors < 1) reactors = 1;
    uint64_t n = (uint64_t(total) + uint64_t(reactors) - 1) / uint64_t(reactors);
    return n == 0 ? 1 : uint32_t(n);
}

// Layout: the Table headers, then every reactor's entry words, push credit words and push
// waiter masks, then every reactor's free queue (the 8-byte words stay aligned after the
// 128-byte headers; the queues need 4).
size_t StreamRegistry::mapping_size(int reactors, uint32_t per_reactor) {
    return tables_size(reactors) + size_t(reactors) * per_reactor * (3 * sizeof(uint64_t) + sizeof(uint32_t));
}

std::unique_ptr<StreamRegistry> StreamRegistry::create(int reactors, uint32_t per_reactor) {
    if (reactors < 1 || reactors > kMaxReactors || per_reactor < 1 || per_reactor > kMaxPerReactor) {
        errno = EINVAL;
        return nullptr;
    }
    size_t size = mapping_size(reactors, per_reactor);
    // MAP_NORESERVE: the capacity is address space; only entries ever used get backed.
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    for (int r = 0; r < reactors; ++r) new (static_cast<uint8_t*>(p) + tables_size(r)) Table();
    // The entry words and queue slots need no construction: atomic<uint64_t> and uint32_t are
    // trivially constructible, and the zero-filled mapping is what a never-used entry holds
    // (generation 0, Free).
    return std::unique_ptr<StreamRegistry>(new StreamRegistry(p, size, reactors, per_reactor));
}

StreamRegistry::StreamRegistry(void* base, size_t size, int reactors, uint32_t capacity)
    : base_(base), size_(size), reactors_(reactors), capacity_(capacity) {}

// Each process unmaps its own view; the memory goes when the last process lets go of it.
StreamRegistry::~StreamRegistry() { munmap(base_, size_); }

std::atomic<uint64_t>* StreamRegistry::words(int r) const {
    auto* first = reinterpret_cast<std::atomic<uint64_t>*>(static_cast<uint8_t*>(base_) + tables_size(reactors_));
    return first + size_t(r) * capacity_;
}

std::atomic<uint64_t>* StreamRegistry::credits(int r) const { return words(reactors_) + size_t(r) * capacity_; }

std::atomic<uint64_t>* StreamRegistry::waiters(int r) const { return credits(reactors_) + size_t(r) * capacity_; }

uint32_t* StreamRegistry::ring(int r) const {
    auto* first = reinterpret_cast<uint32_t*>(static_cast<uint8_t*>(base_) + tables_size(reactors_) +
                                              size_t(reactors_) * capacity_ * 3 * sizeof(uint64_t));
    return first + size_t(r) * capacity_;
}

std::atomic<uint64_t>* StreamRegistry::word_of(uint64_t id) const {
    if (!stream_id::is_stream_id(id)) return nullptr;
    int r = stream_id::reactor(id);
    uint32_t i = stream_id::index(id);
    if (r >= reactors_ || i >= capacity_) return nullptr;
    return &words(r)[i];
}

std::atomic<uint64_t>* StreamRegistry::credit_of(uint64_t id) const {
    if (word_of(id) == nullptr) return nullptr;
    return &credits(stream_id::reactor(id))[stream_id::index(id)];
}

std::atomic<uint64_t>* StreamRegistry::waiters_of(uint64_t id) const {
    if (word_of(id) == nullptr) return nullptr;
    return &waiters(stream_id::reactor(id))[stream_id::index(id)];
}

bool StreamRegistry::unpack(uint64_t w, uint8_t reactor, uint32_t index, StreamInfo& out) {
    StreamState s = word_state(w);
    if (s == StreamState::Free) return false;
    out.id = stream_id::make(reactor, word_generation(w), index);
    out.state = s;
    out.kind = StreamKind(uint8_t(w >> kKindShift));
    out.protocol = ipc::Protocol(uint8_t(w >> kProtocolShift));
    out.worker = uint16_t(w);
    return true;
}

uint64_t StreamRegistry::allocate(uint8_t reactor, StreamKind kind, ipc::Protocol protocol, uint16_t worker) {
    if (reactor >= reactors_ || !valid_kind(kind) || !valid_protocol(protocol)) return 0;
    Table& t = table(reactor);
    uint32_t used = t.used.load(std::memory_order_relaxed);  // this thread is the only writer
    uint32_t index;
    if (t.free_count > 0 && (t.free_count > kReuseDelay || used == capacity_)) {
        index = ring(reactor)[t.free_head];
        t.free_head = t.free_head + 1 == capacity_ ? 0 : t.free_head + 1;
        --t.free_count;
    } else if (used < capacity_) {
        index = used;
    } else {
        t.refused.fetch_add(1, std::memory_order_relaxed);
        return 0;
    }
    std::atomic<uint64_t>& word = words(reactor)[index];
    uint32_t generation = word_generation(word.load(std::memory_order_relaxed));
    if (generation == 0) generation = 1;
    // A fresh credit for the new stream, before it can be found: no push can be charged to it
    // earlier (charges check the generation), and the mask loses what a stale waiter left.
    waiters(reactor)[index].store(0, std::memory_order_relaxed);
    credits(reactor)[index].store(credit_word(generation, 0), std::memory_order_seq_cst);
    // The one store that makes the entry live, with every field at once (see "Reader protocol").
    word.store(pack(generation, StreamState::Open, kind, protocol, worker), std::memory_order_release);
    // Published after the word, so an iterator that sees the new mark also sees the entry.
    if (index == used) t.used.store(used + 1, std::memory_order_release);
    t.live[uint8_t(kind) - 1][uint8_t(protocol) - 1].fetch_add(1, std::memory_order_relaxed);
    return stream_id::make(reactor, generation, index);
}

bool StreamRegistry::set_state(uint64_t id, StreamState state) {
    std::atomic<uint64_t>* word = word_of(id);
    if (!word || (state != StreamState::Open && state != StreamState::Closing)) return false;
    uint64_t w = word->load(std::memory_order_relaxed);
    StreamState now = word_state(w);
    if (now == StreamState::Free || word_generation(w) != stream_id::generation(id)) return false;
    if (now == state) return true;
    if (now == StreamState::Closing) return false;  // a closing stream does not reopen
    word->store(with_state(w, state), std::memory_order_release);
    return true;
}

bool StreamRegistry::release(uint64_t id, uint64_t* waiting) {
    if (waiting) *waiting = 0;
    std::atomic<uint64_t>* word = word_of(id);
    if (!word) return false;
    uint64_t w = word->load(std::memory_order_relaxed);
    if (word_state(w) == StreamState::Free || word_generation(w) != stream_id::generation(id)) return false;
    int r = stream_id::reactor(id);
    Table& t = table(r);
    const uint32_t next = next_generation(word_generation(w));
    // Zero fields with the next generation: the id (and any copy of it) is dead from this store on.
    word->store(pack(next, StreamState::Free, StreamKind(0), ipc::Protocol(0), 0), std::memory_order_release);
    // The credit word moves to the next generation too (charges for the old id fail from here),
    // and only then is the mask taken: a pusher that set its bit after this exchange re-reads
    // the credit word and finds the id gone (see "Push credit").
    credit_of(id)->store(credit_word(next, 0), std::memory_order_seq_cst);
    const uint64_t mask = waiters_of(id)->exchange(0, std::memory_order_seq_cst);
    if (waiting) *waiting = mask;
    t.live[uint8_t(w >> kKindShift) - 1][uint8_t(w >> kProtocolShift) - 1].fetch_sub(1, std::memory_order_relaxed);
    uint32_t tail = t.free_head + t.free_count;
    if (tail >= capacity_) tail -= capacity_;
    ring(r)[tail] = stream_id::index(id);
    ++t.free_count;
    return true;
}

bool StreamRegistry::find(uint64_t id, StreamInfo& out) const {
    const std::atomic<uint64_t>* word = word_of(id);
    if (!word) return false;
    uint64_t w = word->load(std::memory_order_acquire);
    if (word_generation(w) != stream_id::generation(id)) return false;
    return unpack(w, stream_id::reactor(id), stream_id::index(id), out);
}

uint64_t StreamRegistry::count(StreamKind kind) const {
    uint64_t n = 0;
    for (int p = 1; p <= kStreamProtocols; ++p) n += count(kind, ipc::Protocol(p));
    return n;
}

uint64_t StreamRegistry::count(StreamKind kind, ipc::Protocol protocol) const {
    if (!valid_kind(kind) || !valid_protocol(protocol)) return 0;
    uint64_t n = 0;
    for (int r = 0; r < reactors_; ++r) {
        n += table(r).live[uint8_t(kind) - 1][uint8_t(protocol) - 1].load(std::memory_order_relaxed);
    }
    return n;
}

uint64_t StreamRegistry::refused() const {
    uint64_t n = 0;
    for (int r = 0; r < reactors_; ++r) n += table(r).refused.load(std::memory_order_relaxed);
    return n;
}

// ---- push credit -------------------------------------------------------------------------

StreamRegistry::Charge StreamRegistry::charge_push(uint64_t id, uint64_t bytes, uint64_t bound) {
    std::atomic<uint64_t>* credit = credit_of(id);
    if (!credit) return Charge::Gone;
    const uint32_t generation = stream_id::generation(id);
    uint64_t c = credit->load(std::memory_order_seq_cst);
    for (;;) {
        if (credit_generation(c) != generation) return Charge::Gone;
        const uint64_t now = credit_bytes(c);
        // A message larger than the bound goes alone; anything else waits for room.
        if (now > 0 && now + bytes > bound) return Charge::Full;
        if (now + bytes > kCreditBytesMask) return Charge::Full;
        if (credit->compare_exchange_weak(c, credit_word(generation, now + bytes), std::memory_order_seq_cst)) {
            return Charge::Charged;
        }
    }
}

uint64_t StreamRegistry::discharge_push(uint64_t id, uint64_t bytes) {
    std::atomic<uint64_t>* credit = credit_of(id);
    if (!credit) return 0;
    const uint32_t generation = stream_id::generation(id);
    uint64_t c = credit->load(std::memory_order_relaxed);
    for (;;) {
        if (credit_generation(c) != generation) return 0;
        const uint64_t now = credit_bytes(c);
        const uint64_t left = now > bytes ? now - bytes : 0;
        if (credit->compare_exchange_weak(c, credit_word(generation, left), std::memory_order_seq_cst)) return left;
    }
}

uint64_t StreamRegistry::take_push_waiters(uint64_t id) {
    std::atomic<uint64_t>* mask = waiters_of(id);
    if (!mask) return 0;
    // The common case (nobody waits) is one load: no cache line is taken for writing.
    if (mask->load(std::memory_order_seq_cst) == 0) return 0;
    return mask->exchange(0, std::memory_order_seq_cst);
}

void StreamRegistry::add_push_waiter(uint64_t id, int worker) {
    if (std::atomic<uint64_t>* mask = waiters_of(id)) mask->fetch_or(waiter_bit(worker), std::memory_order_seq_cst);
}

uint64_t StreamRegistry::push_outstanding(uint64_t id) const {
    const std::atomic<uint64_t>* credit = credit_of(id);
    if (!credit) return 0;
    const uint64_t c = credit->load(std::memory_order_seq_cst);
    return credit_generation(c) == stream_id::generation(id) ? credit_bytes(c) : 0;
}

}  // namespace trident::server

// The stream registry: one u64 id for every long-lived stream (WebSockets now; SSE responses
// and detached responses later), valid in every process of the server.
//
// id = [reactor:8][generation:24][slot:32], the session id layout (server/session_table.h) with
// the top bit of the slot set (ipc::kRegistrySlotBit), so a stream id never equals a session id
// and the IPC decoders can tell which one a frame carries. Generations start at 1 and skip 0 on
// wrap, so a valid id is never 0.
//
// Ownership: each reactor has its own fixed-capacity table, and only that reactor's thread
// allocates, changes and releases entries in it (single writer per table, no locks, no CAS).
// Any thread of any process (the worker that owns a WebSocket, a worker pushing to it,
// $server->connections, stats()) reads every table without locking.
//
// Memory: the tables live in one anonymous MAP_SHARED mapping made before the first fork (like
// server/shared_state.h), so workers forked later, and workers restarted after a crash or a
// reload, all see the same entries. 28 bytes per entry (an 8-byte entry word, an 8-byte push
// credit word, an 8-byte push waiter mask and a 4-byte free-queue slot) plus 128 bytes per
// reactor: 65,536 entries take 1.75 MiB of address space.
// Pages are touched only as entries are first used (the high-water mark grows one entry at a
// time), so the resident cost follows the peak number of live streams, not the capacity.
//
// Reader protocol. Everything a reader may look at is packed into one atomic 64-bit word per
// entry: [generation:24][state:8][kind:8][protocol:8][worker:16]. The owner composes a whole new
// word and publishes it with one release store (allocate: generation, Open and the stream's
// fields at once; set_state: the same word with another state; release: the next generation with
// Free and zero fields). A reader does one acquire load and decides from that value alone: live
// when the state is not Free and the generation equals the id's. So a reader can never see a
// half-initialised entry: there is no second field to be torn from the first. The acquire pairs
// with the owner's release so that whatever the owner wrote before publishing is visible with
// the word. A reader's answer is a snapshot: the stream may be released right after find()
// returns, which is why every use of an id (a push, a close) is checked again by the owner when
// the frame reaches it.
//
// Push credit (the one exception to "only the owner writes"). Next to each entry word are two
// more atomic words that any process may change:
//   - the credit word [generation:24][bytes:40]: message bytes pushed toward the stream and
//     not yet gone out of the reactor. A pushing worker adds with a CAS that also checks the
//     generation (charge_push), so a charge can never land on a later stream of the slot; the
//     owning reactor subtracts as the bytes leave it (discharge_push) and stores a fresh word
//     (the entry's generation, 0 bytes) on allocate and release.
//   - the waiter mask: bit (worker slot % 64) set by a worker whose push found no room. The
//     reactor takes the mask (exchange 0) when the bytes fall below kPushLowWater and when the
//     stream is released, and wakes those workers (WS_WRITABLE). A bit shared by two slots
//     only costs a spurious wake-up.
// No lost wake-up: the worker sets its bit and then re-reads the credit word; the reactor
// changes the credit word and then reads the mask (all sequentially consistent), so either the
// worker sees the room (or the new generation) or the reactor sees the bit.
//
// Reuse: a released slot goes to the back of a FIFO free queue, and while at most kReuseDelay
// slots wait in it, fresh slots are used first (until the table is full). A slot is therefore
// reused only after at least kReuseDelay later releases (or when the table is full), and a stale
// id can only match again after 2^24 - 1 reuses of its own slot.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "trident/ipc/frame.h"
#include "trident/server/session_table.h"
#include "trident/server/shared_state.h"

namespace trident::server {

enum class StreamKind : uint8_t { WebSocket = 1, EventStream = 2, Detached = 3 };
enum class StreamState : uint8_t { Free = 0, Open = 1, Closing = 2 };
constexpr int kStreamKinds = 3;
// Counted per ipc::Protocol (HTTP/1.0 too: an SSE or detached response can run on it).
constexpr int kStreamProtocols = 4;

const char* stream_kind_name(StreamKind k);    // "websocket", "event-stream", "detached"
const char* stream_state_name(StreamState s);  // "free", "open", "closing"

namespace stream_id {
constexpr uint32_t kSlotBit = ipc::kRegistrySlotBit;
constexpr uint32_t kMaxIndex = kSlotBit - 1;
constexpr uint64_t make(uint8_t reactor, uint32_t generation, uint32_t index) {
    return session_id::make(reactor, generation, kSlotBit | index);
}
constexpr bool is_stream_id(uint64_t id) { return ipc::is_registry_id(id); }
constexpr uint8_t reactor(uint64_t id) { return session_id::reactor(id); }
constexpr uint32_t generation(uint64_t id) { return session_id::generation(id); }
constexpr uint32_t index(uint64_t id) { return session_id::slot(id) & ~kSlotBit; }
}  // namespace stream_id

// What any process can learn about a live stream.
struct StreamInfo {
    uint64_t id = 0;
    StreamState state = StreamState::Free;
    StreamKind kind = StreamKind::WebSocket;
    ipc::Protocol protocol = ipc::Protocol::Http11;
    uint16_t worker = 0;  // the worker slot that accepted the stream
    uint8_t reactor() const { return stream_id::reactor(id); }
};

class StreamRegistry {
public:
    // A released slot waits behind this many others before it is reused (see "Reuse").
    static constexpr uint32_t kReuseDelay = 1024;
    // Bounds the mapping: 2^24 entries x 28 bytes = 448 MiB of address space per reactor.
    static constexpr uint32_t kMaxPerReactor = 1u << 24;
    // Default server-wide total (the setting's default), split over the reactors.
    static constexpr uint32_t kDefaultTotal = 65536;
    // Push credit: message bytes that may be on their way to one stream (in worker channels and
    // in the reactor) before a push waits or is refused. A single message larger than this is
    // let through when nothing else is outstanding, or it could never go.
    static constexpr uint64_t kPushBound = 1u << 20;
    // Waiting pushers are woken when the outstanding bytes fall below this.
    static constexpr uint64_t kPushLowWater = kPushBound / 2;
    enum class Charge : uint8_t {
        Charged,  // the bytes are counted: send the push, the reactor discharges them
        Full,     // no room now (nothing was counted)
        Gone,     // the id names no live stream
    };

    // The per-reactor capacity for a server-wide total: ceil(total / reactors), at least 1.
    static uint32_t per_reactor(uint32_t total, int reactors);
    // Bytes mapped for these dimensions.
    static size_t mapping_size(int reactors, uint32_t per_reactor);

    // Maps the tables (call before fork). nullptr when reactors is not in [1, kMaxReactors],
    // per_reactor is not in [1, kMaxPerReactor], or mmap fails (errno set).
    static std::unique_ptr<StreamRegistry> create(int reactors, uint32_t per_reactor);
    ~StreamRegistry();
    StreamRegistry(const StreamRegistry&) = delete;
    StreamRegistry& operator=(const StreamRegistry&) = delete;

    int reactors() const { return reactors_; }
    uint32_t capacity_per_reactor() const { return capacity_; }

    // --- Reactor side: only the thread of `reactor` (the id's reactor) calls these. ---

    // A new Open entry. Returns its id, or 0 when the reactor's table is full (counted in
    // refused()) or an argument is out of range.
    uint64_t allocate(uint8_t reactor, StreamKind kind, ipc::Protocol protocol, uint16_t worker);
    // Open -> Closing (setting the current state again is a no-op that succeeds). False for a
    // stale id, for Free (use release) and for Closing -> Open.
    bool set_state(uint64_t id, StreamState state);
    // Frees the entry and bumps its generation: the id never matches again. False if not live.
    // *waiters (when given) receives the push waiter mask, which the caller must wake: their
    // pushes now find the stream gone.
    bool release(uint64_t id, uint64_t* waiters = nullptr);
    // Takes back `bytes` of the stream's push credit (they left the reactor, or were dropped).
    // Returns the bytes still outstanding. Never goes below 0; a no-op for a stale id.
    uint64_t discharge_push(uint64_t id, uint64_t bytes);
    // The push waiter mask, cleared (0 when nobody waits: one load, no write).
    uint64_t take_push_waiters(uint64_t id);

    // --- Any thread of any process. ---

    // True when id names a live (Open or Closing) stream; fills out.
    bool find(uint64_t id, StreamInfo& out) const;
    // Calls f(const StreamInfo&) for every live stream of kind, reactor by reactor, in slot
    // order. Streams allocated or released meanwhile may or may not be visited; each visited
    // one is a consistent snapshot.
    template <typename F>
    void for_each_live(StreamKind kind, F&& f) const {
        for (int r = 0; r < reactors_; ++r) {
            const Table& t = table(r);
            uint32_t used = t.used.load(std::memory_order_acquire);
            for (uint32_t i = 0; i < used; ++i) {
                StreamInfo info;
                if (unpack(words(r)[i].load(std::memory_order_acquire), uint8_t(r), i, info) && info.kind == kind) {
                    f(static_cast<const StreamInfo&>(info));
                }
            }
        }
    }
    // Live streams of a kind (and protocol), summed over the reactors.
    uint64_t count(StreamKind kind) const;
    uint64_t count(StreamKind kind, ipc::Protocol protocol) const;
    // Allocations refused because a table was full, since creation.
    uint64_t refused() const;

    // Push credit, any process (see "Push credit"). Counts `bytes` toward stream id unless that
    // would take it past `bound` while something is outstanding.
    Charge charge_push(uint64_t id, uint64_t bytes, uint64_t bound = kPushBound);
    // Sets the waiter bit of worker slot `worker`. Re-check with charge_push() afterwards.
    void add_push_waiter(uint64_t id, int worker);
    // Bytes outstanding toward stream id (0 for a stale id).
    uint64_t push_outstanding(uint64_t id) const;
    // The waiter bit of a worker slot.
    static uint64_t waiter_bit(int worker) { return uint64_t(1) << (unsigned(worker) % 64); }

private:
    // Per-reactor header, one cache-line pair each so reactors never share a line.
    struct alignas(64) Table {
        std::atomic<uint32_t> used{0};  // high-water mark: entries [0, used) have been allocated once
        uint32_t free_head = 0;         // owner only: FIFO free queue in ring()
        uint32_t free_count = 0;        // owner only
        std::atomic<uint32_t> live[kStreamKinds][kStreamProtocols] = {};
        std::atomic<uint64_t> refused{0};
    };
    static_assert(sizeof(Table) == 128, "Table is documented as 128 bytes");
    static_assert(std::atomic<uint64_t>::is_always_lock_free, "entry words are shared across processes");
    static_assert(std::atomic<uint32_t>::is_always_lock_free, "counters are shared across processes");

    StreamRegistry(void* base, size_t size, int reactors, uint32_t capacity);
    Table& table(int r) const { return reinterpret_cast<Table*>(base_)[r]; }
    std::atomic<uint64_t>* words(int r) const;
    std::atomic<uint64_t>* credits(int r) const;
    std::atomic<uint64_t>* waiters(int r) const;
    uint32_t* ring(int r) const;
    // The entry word of a valid stream id, or nullptr for an id that cannot be ours.
    std::atomic<uint64_t>* word_of(uint64_t id) const;
    // Its push credit word and waiter mask (same checks).
    std::atomic<uint64_t>* credit_of(uint64_t id) const;
    std::atomic<uint64_t>* waiters_of(uint64_t id) const;
    static bool unpack(uint64_t word, uint8_t reactor, uint32_t index, StreamInfo& out);

    void* base_;
    size_t size_;
    int reactors_;
    uint32_t capacity_;
};

// The server's registry (mapped by the master before it forks; nullptr before start()).
StreamRegistry* stream_registry();

}  // namespace trident::server

// Live coroutines by id: allocation of ids (1, 2, 3, ... never reused within a process),
// parent ids, and the counters behind Coroutine::stats(). An open-addressing hash table, so
// registering a coroutine allocates nothing once the table has grown to the peak population.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace trident::coroutine {

class CoroutineTable {
public:
    struct Entry {
        int64_t id = 0;  // 0: empty slot
        int64_t parent = -1;  // -1: created outside any coroutine
        void* handle = nullptr;
    };

    CoroutineTable() { reset(); }

    // Registers a coroutine and returns its new id.
    int64_t add(int64_t parent, void* handle);
    // False when id is not registered.
    bool remove(int64_t id);
    const Entry* find(int64_t id) const;

    size_t size() const { return size_; }
    size_t peak() const { return peak_; }
    int64_t last_id() const { return last_id_; }

    // Calls f(const Entry&) for every live coroutine, in no particular order. f must not
    // add or remove coroutines.
    template <class F>
    void for_each(F&& f) const {
        for (const Entry& e : slots_) {
            if (e.id != 0) f(e);
        }
    }

    // Forgets every coroutine and restarts ids and counters (end of a PHP request).
    void reset();

private:
    size_t home(int64_t id) const { return size_t((uint64_t(id) * 0x9E3779B97F4A7C15ull) >> shift_); }
    size_t index_of(int64_t id) const;  // slot index, or npos
    void insert(const Entry& e);
    void grow();

    static constexpr size_t npos = ~size_t(0);
    std::vector<Entry> slots_;  // power-of-two size, load factor at most 1/2
    unsigned shift_ = 0;        // 64 - log2(slots_.size())
    size_t size_ = 0;
    size_t peak_ = 0;
    int64_t last_id_ = 0;
};

}  // namespace trident::coroutine

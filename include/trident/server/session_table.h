// Session ids and the per-reactor session table.
//
// session_id = [reactor:8][generation:24][slot:32]. A reactor keeps one table of its live
// connections; a slot is reused after its connection closes, with the generation bumped, so
// a late response that carries the id of a closed connection finds a different generation
// and is dropped instead of being delivered to whoever holds the slot now.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace trident::server {

namespace session_id {
constexpr uint32_t kGenerationMask = 0xFFFFFF;
constexpr uint64_t make(uint8_t reactor, uint32_t generation, uint32_t slot) {
    return (uint64_t(reactor) << 56) | (uint64_t(generation & kGenerationMask) << 32) | slot;
}
constexpr uint8_t reactor(uint64_t id) { return uint8_t(id >> 56); }
constexpr uint32_t generation(uint64_t id) { return uint32_t(id >> 32) & kGenerationMask; }
constexpr uint32_t slot(uint64_t id) { return uint32_t(id); }
}  // namespace session_id

// Not thread-safe: owned by one reactor thread. T is never owned by the table.
template <typename T>
class SessionTable {
public:
    explicit SessionTable(uint8_t reactor_id) : reactor_(reactor_id) {}

    // Stores value and returns its session id. Generations start at 1, so 0 is never a
    // valid session id.
    uint64_t add(T* value) {
        uint32_t slot;
        if (!free_.empty()) {
            slot = free_.back();
            free_.pop_back();
        } else {
            slot = uint32_t(entries_.size());
            entries_.push_back(Entry{});
        }
        Entry& e = entries_[slot];
        e.value = value;
        ++size_;
        return session_id::make(reactor_, e.generation, slot);
    }

    // nullptr when the id belongs to another reactor, to a closed connection, or was never issued.
    T* find(uint64_t id) const {
        if (session_id::reactor(id) != reactor_) return nullptr;
        uint32_t slot = session_id::slot(id);
        if (slot >= entries_.size()) return nullptr;
        const Entry& e = entries_[slot];
        if (e.value == nullptr || e.generation != session_id::generation(id)) return nullptr;
        return e.value;
    }

    // Frees the slot and bumps its generation. False if the id is not live.
    bool remove(uint64_t id) {
        if (find(id) == nullptr) return false;
        uint32_t slot = session_id::slot(id);
        Entry& e = entries_[slot];
        e.value = nullptr;
        e.generation = (e.generation + 1) & session_id::kGenerationMask;
        if (e.generation == 0) e.generation = 1;
        free_.push_back(slot);
        --size_;
        return true;
    }

    // Points a live id at another object (a connection changing protocol keeps its id).
    bool replace(uint64_t id, T* value) {
        if (find(id) == nullptr || value == nullptr) return false;
        entries_[session_id::slot(id)].value = value;
        return true;
    }

    size_t size() const { return size_; }

    template <typename F>
    void for_each(F&& f) const {
        for (size_t i = 0; i < entries_.size(); ++i) {
            if (entries_[i].value) f(session_id::make(reactor_, entries_[i].generation, uint32_t(i)), entries_[i].value);
        }
    }

private:
    struct Entry {
        T* value = nullptr;
        uint32_t generation = 1;
    };
    uint8_t reactor_;
    std::vector<Entry> entries_;
    std::vector<uint32_t> free_;
    size_t size_ = 0;
};

}  // namespace trident::server

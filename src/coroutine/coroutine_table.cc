#include "trident/coroutine/coroutine_table.h"

namespace trident::coroutine {

namespace {
constexpr size_t kInitialSlots = 16;
}

void CoroutineTable::reset() {
    slots_.assign(kInitialSlots, Entry{});
    shift_ = 64 - 4;
    size_ = 0;
    peak_ = 0;
    last_id_ = 0;
}

size_t CoroutineTable::index_of(int64_t id) const {
    if (id <= 0) return npos;
    const size_t mask = slots_.size() - 1;
    for (size_t i = home(id);; i = (i + 1) & mask) {
        if (slots_[i].id == id) return i;
        if (slots_[i].id == 0) return npos;
    }
}

void CoroutineTable::insert(const Entry& e) {
    const size_t mask = slots_.size() - 1;
    size_t i = home(e.id);
    while (slots_[i].id != 0) i = (i + 1) & mask;
    slots_[i] = e;
}

void CoroutineTable::grow() {
    std::vector<Entry> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, Entry{});
    --shift_;
    for (const Entry& e : old) {
        if (e.id != 0) insert(e);
    }
}

int64_t CoroutineTable::add(int64_t parent, void* handle) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    Entry e;
    e.id = ++last_id_;
    e.parent = parent;
    e.handle = handle;
    insert(e);
    if (++size_ > peak_) peak_ = size_;
    return e.id;
}

const CoroutineTable::Entry* CoroutineTable::find(int64_t id) const {
    size_t i = index_of(id);
    return i == npos ? nullptr : &slots_[i];
}

bool CoroutineTable::remove(int64_t id) {
    size_t i = index_of(id);
    if (i == npos) return false;
    // Backward-shift deletion: pull later entries of the probe run into the hole, so lookups
    // never need tombstones.
    const size_t mask = slots_.size() - 1;
    size_t hole = i;
    for (size_t j = (hole + 1) & mask; slots_[j].id != 0; j = (j + 1) & mask) {
        size_t h = home(slots_[j].id);
        // Entry j may move to the hole unless its home lies cyclically in (hole, j].
        bool home_between = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
        if (!home_between) {
            slots_[hole] = slots_[j];
            hole = j;
        }
    }
    slots_[hole] = Entry{};
    --size_;
    return true;
}

}  // namespace trident::coroutine

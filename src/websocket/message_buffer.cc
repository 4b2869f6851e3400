#include "trident/websocket/message_buffer.h"

#include <algorithm>
#include <cstring>

namespace trident::websocket {

namespace {
// First allocation: small messages (chat lines, JSON events) fit without a second one.
constexpr size_t kInitialBytes = 4096;
}  // namespace

size_t MessageBuffer::prepare(size_t want) {
    want = std::min(want, room());
    if (capacity_ - size_ >= want) return std::min(capacity_ - size_, room());
    // Double (amortised O(1) appends), at least what is asked for, never past the limit.
    size_t cap = std::max({capacity_ * 2, size_ + want, kInitialBytes});
    cap = std::min(cap, limit_);
    std::unique_ptr<char[]> grown(new char[cap]);
    if (size_) std::memcpy(grown.get(), data_.get(), size_);
    data_ = std::move(grown);
    capacity_ = cap;
    return std::min(capacity_ - size_, room());
}

bool MessageBuffer::append(const char* p, size_t n) {
    if (n > room()) return false;
    if (n == 0) return true;
    prepare(n);
    std::memcpy(tail(), p, n);
    size_ += n;
    return true;
}

void MessageBuffer::clear() {
    size_ = 0;
    if (capacity_ > kRetainBytes) {
        data_.reset();
        capacity_ = 0;
    }
}

}  // namespace trident::websocket

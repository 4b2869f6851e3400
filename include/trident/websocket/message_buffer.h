// The buffer a WebSocket message is assembled in (unmasked data frames, or inflated output for
// permessage-deflate), with a hard capacity bound.
//
// std::string's growth policy may round a reservation up to twice the old capacity, so a
// string-backed buffer could allocate up to 2x max_message_size for a message that is then
// rejected. This buffer grows geometrically but never allocates past its limit: a
// decompression bomb or a peer announcing a huge frame costs at most `limit` bytes.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace trident::websocket {

class MessageBuffer {
public:
    explicit MessageBuffer(size_t limit) : limit_(limit) {}

    size_t size() const { return size_; }
    size_t capacity() const { return capacity_; }
    size_t limit() const { return limit_; }
    size_t room() const { return limit_ - size_; }  // bytes that may still be added
    char* data() { return data_.get(); }
    std::string_view view() const { return {data_.get(), size_}; }

    // Makes at least min(want, room()) bytes writable at tail() (want > 0) and returns how
    // many are writable (capacity - size, never more than room()). 0 only when room() == 0.
    size_t prepare(size_t want);
    char* tail() { return data_.get() + size_; }
    // Marks n bytes written at tail() as part of the message (n <= capacity - size).
    void commit(size_t n) { size_ += n; }
    // Appends; false (and nothing appended) if it would exceed the limit.
    bool append(const char* p, size_t n);

    // Empties the buffer for the next message. Capacity up to kRetainBytes is kept so that a
    // stream of small messages does not allocate per message; a larger buffer (one big message)
    // is freed so an idle connection does not keep its peak size.
    void clear();
    void set_limit(size_t limit) { limit_ = limit; }

    static constexpr size_t kRetainBytes = 64 * 1024;

private:
    std::unique_ptr<char[]> data_;
    size_t size_ = 0;
    size_t capacity_ = 0;
    size_t limit_;
};

}  // namespace trident::websocket

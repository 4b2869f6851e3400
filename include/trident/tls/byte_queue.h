// A FIFO of bytes with a contiguous readable region and a contiguous writable tail.
//
// It carries ciphertext between a socket and OpenSSL: the reactor recv()s straight into
// prepare()/commit() and writes straight from data()/consume(), so bytes are not copied on
// their way through. Storage is uninitialised (no zero-fill on growth) and a queue that drains
// completely rewinds to the start of its storage, which keeps the steady state free of
// memmove. Not thread-safe: a queue belongs to one connection, hence to one reactor thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace trident::tls {

class ByteQueue {
public:
    // A queue that drains completely keeps its storage up to this size (reused by the next
    // burst) and frees anything larger, so one 1 MiB response does not pin 1 MiB for the
    // rest of a keep-alive connection's life.
    static constexpr size_t kRetainCapacity = 64 * 1024;

    ByteQueue() = default;
    ByteQueue(const ByteQueue&) = delete;
    ByteQueue& operator=(const ByteQueue&) = delete;

    size_t size() const { return end_ - begin_; }
    bool empty() const { return begin_ == end_; }
    size_t capacity() const { return cap_; }
    // The readable bytes, [data(), data() + size()). Valid until the next non-const call.
    const uint8_t* data() const { return buf_.get() + begin_; }

    // Drops n readable bytes from the front (n is clamped to size()).
    void consume(size_t n) {
        begin_ += n < size() ? n : size();
        if (begin_ == end_) {
            begin_ = end_ = 0;
            if (cap_ > kRetainCapacity) release();
        }
    }

    // Returns room for at least n bytes after the readable ones; commit() says how many of
    // them were filled. The pointer is valid until the next non-const call.
    uint8_t* prepare(size_t n) {
        if (cap_ - end_ < n) make_room(n);
        return buf_.get() + end_;
    }
    // Makes the first n bytes returned by prepare() readable (n is clamped to the room).
    void commit(size_t n) { end_ += n < cap_ - end_ ? n : cap_ - end_; }

    void append(const void* p, size_t n) {
        if (n == 0) return;
        memcpy(prepare(n), p, n);
        end_ += n;
    }

    // Frees the storage if nothing is queued (an idle connection then holds no buffer).
    void release() {
        if (!empty()) return;
        buf_.reset();
        cap_ = begin_ = end_ = 0;
    }

private:
    void make_room(size_t n) {
        size_t live = size();
        // Sliding the live bytes to the front is enough when the free space as a whole fits
        // n; live data is normally a partial TLS record, so the move is short.
        if (cap_ - live >= n && begin_ >= live) {
            memmove(buf_.get(), buf_.get() + begin_, live);
            begin_ = 0;
            end_ = live;
            return;
        }
        size_t want = cap_ * 2;
        if (want < live + n) want = live + n;
        if (want < kMinCapacity) want = kMinCapacity;
        std::unique_ptr<uint8_t[]> fresh(new uint8_t[want]);
        if (live) memcpy(fresh.get(), buf_.get() + begin_, live);
        buf_ = std::move(fresh);
        cap_ = want;
        begin_ = 0;
        end_ = live;
    }

    static constexpr size_t kMinCapacity = 4096;

    std::unique_ptr<uint8_t[]> buf_;
    size_t cap_ = 0;
    size_t begin_ = 0;
    size_t end_ = 0;
};

// The two queues a TLS session's BIO works on: ciphertext received from the peer, not yet
// read by OpenSSL, and ciphertext produced by OpenSSL, not yet written to the socket.
struct CipherQueues {
    ByteQueue in;
    ByteQueue out;
};

}  // namespace trident::tls

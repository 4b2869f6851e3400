// The reactor's half of per-stream inbound credit (ipc/frame.h "Inbound credit"): how many bytes
// of one stream's inbound data (WebSocket messages, a streamed request body) went to the worker
// and have not been credited back by STREAM_CREDIT yet. A protocol takes more of the stream's
// bytes from its client only while the window is open; the check is made before taking bytes,
// never against the size of what comes next, so a message larger than the window still goes
// through whole (the worker then holds at most one message, or one read, past the window).
#pragma once

#include <cstdint>

namespace trident::stream {

class InboundWindow {
public:
    // size 0: no window (the stream is never held back by credit).
    explicit InboundWindow(uint64_t size = 0) : size_(size) {}

    uint64_t size() const { return size_; }
    bool limited() const { return size_ != 0; }
    // Bytes forwarded and not credited yet.
    uint64_t unacked() const { return unacked_; }
    // More of the stream's bytes may be taken from the client.
    bool open() const { return size_ == 0 || unacked_ < size_; }

    // n more bytes went to the worker.
    void sent(uint64_t n) {
        if (size_ != 0) unacked_ += n;
    }
    // STREAM_CREDIT for n bytes. True when this reopened a window that was closed (the protocol
    // resumes taking bytes). Credit beyond what is outstanding (a confused worker) is ignored.
    bool credited(uint64_t n) {
        const bool was_closed = !open();
        unacked_ = n >= unacked_ ? 0 : unacked_ - n;
        return was_closed && open();
    }

private:
    uint64_t size_;
    uint64_t unacked_ = 0;
};

}  // namespace trident::stream

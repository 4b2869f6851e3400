// Minimum request-body rate (http_body_min_rate), the same for every protocol.
//
// The header/body timeout alone lets a client keep a request open forever by sending a byte
// every few seconds. A BodyRate meter averages what arrived over windows of kWindowMs: a window
// that ends below `rate` bytes per second fails the request (408). Checking on arrival is
// enough, since a client that sends nothing at all meets the timeout instead. Time the server
// itself held the body back (no worker free, congested channel, withheld flow-control credit)
// must not count: the caller restart()s the window when it resumes reading.
#pragma once

#include <cstddef>
#include <cstdint>

namespace trident::http {

class BodyRate {
public:
    static constexpr int64_t kWindowMs = 5000;

    // Forget the current window: the next bytes start a new one.
    void restart() { start_ms_ = -1; }

    // `bytes` arrived at `now_ms` (monotonic). False when the window that just ended averaged
    // less than `rate` bytes/s (rate 0: never). A failed meter stays failed until restart().
    bool arrived(size_t bytes, int64_t now_ms, uint64_t rate) {
        if (rate == 0) return true;
        if (start_ms_ < 0) {
            start_ms_ = now_ms;
            bytes_ = 0;
        }
        bytes_ += bytes;
        int64_t elapsed = now_ms - start_ms_;
        if (elapsed < kWindowMs) return true;
        if (bytes_ * 1000 < rate * uint64_t(elapsed)) return false;
        start_ms_ = now_ms;
        bytes_ = 0;
        return true;
    }

    // The window so far, for the log line of a failure.
    uint64_t window_bytes() const { return bytes_; }
    int64_t window_ms(int64_t now_ms) const { return start_ms_ < 0 ? 0 : now_ms - start_ms_; }

private:
    int64_t start_ms_ = -1;
    uint64_t bytes_ = 0;
};

}  // namespace trident::http

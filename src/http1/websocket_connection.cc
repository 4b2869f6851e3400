#include "http1/websocket_connection.h"

#include <sys/epoll.h>
#include <sys/uio.h>

#include <algorithm>

#include "trident/core/clock.h"
#include "trident/core/log.h"
#include "trident/websocket/protocol.h"

namespace trident::http1 {

using server::kTimerHeader;
using server::kTimerNone;
using server::kTimerSend;
namespace cc = websocket::close_code;

namespace {

constexpr size_t kReadChunk = 64 * 1024;

}  // namespace

WebSocketConnection::WebSocketConnection(server::Loop& loop, server::WorkerPort& port,
                                         std::unique_ptr<server::Transport> transport, const Accepted& accepted)
    : loop_(loop), port_(port), transport_(std::move(transport)), fd_(transport_->fd()) {
    ws_ = std::make_unique<stream::WebSocketStream>(loop, port, *this, accepted.id, accepted.owner,
                                                    accepted.deflate ? &accepted.deflate_params : nullptr);
}

WebSocketConnection::~WebSocketConnection() = default;

void WebSocketConnection::start(std::string_view pending_out, std::string_view input) {
    if (!pending_out.empty()) out_.assign(pending_out.data(), pending_out.size());
    flush_out();
    if (phase_ == Phase::Closed) return;
    ws_->start();
    if (phase_ == Phase::Closed) return;
    if (!input.empty()) feed(input);
    if (phase_ == Phase::Closed) return;
    loop_.set_timer(this, kTimerNone);
    arm_tick();
    update_events();
    // TLS may already hold decrypted bytes epoll will not report.
    if (transport_->is_tls()) loop_.wake(this);
}

// ---- input --------------------------------------------------------------------------------

void WebSocketConnection::feed(std::string_view bytes) {
    if (phase_ == Phase::Closing) return;  // after the close handshake: read and dropped
    ws_->on_bytes(bytes);
}

void WebSocketConnection::on_event(uint32_t events) {
    if (phase_ == Phase::Closed) return;
    if (events & EPOLLOUT) {
        if (timer_kind == kTimerSend) loop_.refresh_timer(this);
        flush_out();
        if (phase_ == Phase::Closed) return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) do_read();
    if (phase_ == Phase::Closed) return;
    update_events();
    arm_tick();
}

void WebSocketConnection::do_read() {
    char* buf = loop_.read_buffer();
    // A few reads per event: one busy client does not starve the loop's other connections.
    // What is left is read on the next turn (wake: TLS may hold decrypted bytes epoll will
    // not report again).
    for (int i = 0; reading(); ++i) {
        if (i == 4) {
            loop_.wake(this);
            break;
        }
        const ssize_t n = transport_->read(buf, kReadChunk);
        if (n > 0) {
            feed(std::string_view(buf, size_t(n)));
            if (phase_ == Phase::Closed) return;
            if (size_t(n) < kReadChunk && !transport_->is_tls()) break;
            continue;
        }
        if (n == server::Transport::kAgain) break;
        // EOF or a broken socket: no close frame will come (1006 unless the handshake is over).
        if (n < 0) TRIDENT_LOG(Debug, "WebSocket %llu: %s", (unsigned long long)ws_->id(), transport_->error().c_str());
        ws_->on_transport_closed();
        finish();
        return;
    }
    if (transport_->has_pending()) flush_out();
    // Inbound backpressure: while the owner's channel is congested the socket is not read, so
    // TCP pushes back on the client instead of the reactor queueing its messages.
    if (phase_ == Phase::Open && !paused_ && !ws_->released() && port_.congested(ws_->owner())) {
        paused_ = true;
        port_.wait_for_drain(ws_->owner(), session_id);
    }
}

void WebSocketConnection::on_channel_drained() {
    if (phase_ == Phase::Closed || !paused_) return;
    paused_ = false;
    update_events();
    // What TLS had decrypted, or what arrived meanwhile, is read on the next turn.
    loop_.wake(this);
}

// ---- output -------------------------------------------------------------------------------

size_t WebSocketConnection::buffered() const {
    return out_.size() - out_pos_ + (transport_->has_pending() ? 1 : 0);
}

bool WebSocketConnection::send(std::string_view a, std::string_view b) {
    if (phase_ != Phase::Open) return false;
    if (!ws_->may_queue(buffered())) return false;
    if (out_pos_ < out_.size() || transport_->has_pending()) {
        out_.append(a.data(), a.size());
        out_.append(b.data(), b.size());
        update_events();
        return true;
    }
    out_.clear();
    out_pos_ = 0;
    iovec iov[2] = {{const_cast<char*>(a.data()), a.size()}, {const_cast<char*>(b.data()), b.size()}};
    const size_t total = a.size() + b.size();
    ssize_t n = transport_->writev(iov, b.empty() ? 1 : 2);
    if (n == server::Transport::kError) {
        // The socket is broken: queue it anyway; the read side reports the end.
        n = 0;
    } else if (n < 0) {
        n = 0;
    }
    const size_t w = size_t(n);
    if (w < a.size()) {
        out_.append(a.data() + w, a.size() - w);
        out_.append(b.data(), b.size());
    } else if (w < total) {
        out_.append(b.data() + (w - a.size()), total - w);
    }
    if (w < total || transport_->has_pending()) update_events();
    return true;
}

void WebSocketConnection::flush_out() {
    if (transport_->has_pending()) {
        if (transport_->flush() == server::Transport::kError) {
            ws_->on_transport_closed();
            finish();
            return;
        }
        if (transport_->has_pending()) return;
    }
    while (out_pos_ < out_.size()) {
        iovec iov{&out_[out_pos_], out_.size() - out_pos_};
        const ssize_t n = transport_->writev(&iov, 1);
        if (n == server::Transport::kAgain) break;
        if (n < 0) {
            ws_->on_transport_closed();
            finish();
            return;
        }
        out_pos_ += size_t(n);
        if (transport_->has_pending()) break;
    }
    // The socket took bytes: pushes wholly written give their credit back.
    ws_->on_output_drained();
    if (out_pos_ < out_.size() || transport_->has_pending()) return;
    out_.clear();
    out_pos_ = 0;
    // Keep a small buffer between bursts, not the peak of one big message.
    if (out_.capacity() > 256 * 1024) std::string().swap(out_);
    if (phase_ == Phase::Closing && !write_shut_) linger();
}

void WebSocketConnection::update_events() {
    if (phase_ == Phase::Closed) return;
    const bool pending = out_pos_ < out_.size() || transport_->has_pending();
    const bool want_read = reading() && !(phase_ == Phase::Closing && !write_shut_ && pending);
    const uint32_t ev = (want_read ? uint32_t(EPOLLIN | EPOLLRDHUP) : 0u) | (pending ? uint32_t(EPOLLOUT) : 0u);
    if (ev != events_) {
        events_ = ev;
        loop_.modify(fd_, ev, this);
    }
    // A client that takes none of our output for http_send_timeout is gone.
    if (phase_ == Phase::Open) loop_.set_timer(this, pending ? kTimerSend : kTimerNone);
}

void WebSocketConnection::close_transport() {
    if (phase_ != Phase::Open) return;
    phase_ = Phase::Closing;
    loop_.set_deadline(this, UINT64_MAX);
    // Output first (the close frame is last), then the lingering close.
    flush_out();
    if (phase_ == Phase::Closed) return;
    if (!write_shut_) {
        loop_.set_timer(this, kTimerNone);
        loop_.set_timer(this, kTimerSend);  // bounded: a client that never reads cannot hold it
    }
    update_events();
}

// Our side is done: shut it, then read and drop until the client closes too (or the timer),
// so input still in flight does not turn into a reset that destroys our close frame.
void WebSocketConnection::linger() {
    write_shut_ = true;
    transport_->shutdown_write();
    loop_.set_timer(this, kTimerNone);
    loop_.set_timer(this, kTimerHeader);
    update_events();
}

void WebSocketConnection::finish() {
    if (phase_ == Phase::Closed) return;
    phase_ = Phase::Closed;
    ws_->on_transport_closed();
    loop_.unwatch(fd_);
    loop_.close(this);
}

void WebSocketConnection::on_timeout(int kind) {
    if (phase_ == Phase::Closed) return;
    if (kind == kTimerSend && phase_ == Phase::Open) {
        TRIDENT_LOG(Info, "WebSocket %llu: client took no bytes for http_send_timeout (%zu waiting), closing",
                    (unsigned long long)ws_->id(), out_.size() - out_pos_);
        loop_.counters().send_timeouts.fetch_add(1, std::memory_order_relaxed);
    }
    ws_->on_transport_closed();
    finish();
}

// ---- session timers -----------------------------------------------------------------------

// The loop's deadline is only ever moved earlier here; when it fires, the session decides
// (an idle ping, a timeout, or nothing yet) and the next tick is armed. So messages, which
// push the idle ping back, cost no deadline-heap update each.
void WebSocketConnection::arm_tick() {
    if (phase_ != Phase::Open) return;
    const int64_t next = ws_->next_tick_ms();
    if (next == INT64_MAX) return;
    const uint64_t at = uint64_t(std::max<int64_t>(next, 0));
    if (at >= tick_armed_ms_) return;
    tick_armed_ms_ = at;
    loop_.set_deadline(this, at * 1000000ull);
}

void WebSocketConnection::on_deadline(uint64_t now_ns) {
    if (phase_ != Phase::Open) return;
    tick_armed_ms_ = UINT64_MAX;
    ws_->on_tick(int64_t(now_ns / 1000000));
    if (phase_ != Phase::Open) return;
    arm_tick();
}

// ---- workers toward the WebSocket ----------------------------------------------------------

void WebSocketConnection::settle() {
    if (phase_ == Phase::Closed) return;
    update_events();
    arm_tick();
}

void WebSocketConnection::on_worker_frame(const ipc::FrameHeader&, const uint8_t*, size_t) {
    // Frames for the upgraded request itself (a late reset, say): it is over.
    loop_.counters().stale_frames_dropped.fetch_add(1, std::memory_order_relaxed);
}

void WebSocketConnection::on_ws_push(int from, int64_t, const ipc::FrameHeader& h, const uint8_t* payload, size_t) {
    if (phase_ != Phase::Open) {
        loop_.counters().websocket_pushes_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    ws_->on_push(from, h, payload);
    settle();
}

void WebSocketConnection::on_ws_credit(int from, int64_t, uint32_t bytes) {
    if (phase_ != Phase::Open || !ws_->on_credit(from, bytes) || paused_) return;
    // The owner consumed enough: read again (TLS may hold decrypted bytes epoll will not report).
    update_events();
    loop_.wake(this);
}

void WebSocketConnection::on_channel_lost(server::WorkerPort::Binding b) {
    if (phase_ == Phase::Closed) return;
    ws_->on_channel_lost(b);
    settle();
}

void WebSocketConnection::on_ws_owner_draining(int64_t) {
    if (phase_ != Phase::Open) return;
    ws_->on_owner_draining();
    settle();
}

void WebSocketConnection::on_shutdown() {
    if (phase_ != Phase::Open) return;
    ws_->on_shutdown();
    settle();
}

}  // namespace trident::http1

#include "stream/worker_link.h"

#include <algorithm>

#include "stream/transition.h"

namespace trident::stream {

namespace {

bool legal(WorkerLink::State from, WorkerLink::State to) {
    using S = WorkerLink::State;
    switch (from) {
        case S::None: return to == S::Waiting || to == S::Active || to == S::Done;
        case S::Waiting: return to == S::Active || to == S::Done;
        case S::Active: return to == S::Done;
        case S::Done: return false;
    }
    return false;
}

}  // namespace

void WorkerLink::set_state(State next) { state_ = transition("worker link", state_, next, legal); }

WorkerLink::Opened WorkerLink::open(Port& port, uint64_t session_id, int64_t stream_id, const uint8_t* head,
                                    size_t len, bool end) {
    Port::Binding b = port.open(session_id, stream_id, head, len, end);
    if (b == Port::kNoWorker) {
        waiting_head_.assign(reinterpret_cast<const char*>(head), len);
        set_state(State::Waiting);
        port.wait_for_worker(session_id, stream_id);
        return Opened::Waiting;
    }
    return settle(b);
}

WorkerLink::Opened WorkerLink::retry(Port& port, uint64_t session_id, int64_t stream_id, bool end) {
    Port::Binding b = port.open(session_id, stream_id, reinterpret_cast<const uint8_t*>(waiting_head_.data()),
                                waiting_head_.size(), end);
    if (b == Port::kNoWorker) {
        port.wait_for_worker(session_id, stream_id);  // still Waiting, the head still kept
        return Opened::Waiting;
    }
    return settle(b);
}

WorkerLink::Opened WorkerLink::settle(Port::Binding b) {
    std::string().swap(waiting_head_);
    if (b < 0) {
        set_state(State::Done);
        return Opened::Failed;
    }
    binding_ = b;
    set_state(State::Active);
    return Opened::Active;
}

void WorkerLink::forget() {
    if (state_ == State::Done) return;
    std::string().swap(waiting_head_);
    if (state_ == State::Active) return;  // use release()/reset()
    set_state(State::Done);
}

void WorkerLink::release(Port& port) {
    if (state_ != State::Active) return;
    port.release(binding_);
    set_state(State::Done);
}

void WorkerLink::reset(Port& port, uint64_t session_id, int64_t stream_id, ipc::ResetCode why) {
    if (state_ != State::Active) return;
    port.reset(binding_, session_id, stream_id, why);
    set_state(State::Done);
}

bool WorkerLink::lost(Port::Binding b) {
    if (state_ != State::Active || binding_ != b) return false;
    set_state(State::Done);
    return true;
}

void WorkerLink::taken(Port& port, uint64_t session_id, int64_t stream_id, uint64_t n) {
    uint64_t skip = std::min(head_body_, n);
    head_body_ -= skip;
    taken_ += n - skip;
    if (taken_ < ipc::kCreditBatch || state_ != State::Active) return;
    port.credit(binding_, session_id, stream_id, taken_);
    taken_ = 0;
}

}  // namespace trident::stream

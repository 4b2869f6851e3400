// The worker half of one request stream, the same for HTTP/1.1, HTTP/2 and HTTP/3: which
// worker has it, whether it counts in that worker's load, the head kept while no worker could
// take it, and the response credit owed back to the worker. Every change of the in-flight
// count goes through here and WorkerPort, nowhere else.
#pragma once

#include <cstdint>
#include <string>

#include "server/worker_port.h"

namespace trident::stream {

class WorkerLink {
public:
    // Where the stream stands with the workers.
    enum class State : uint8_t {
        None,     // not sent to any worker (head still arriving, or answered by the reactor)
        Waiting,  // head encoded and kept here: no worker could take it yet
        Active,   // a worker has it and counts it in its load
        Done,     // the worker's part is over (response complete, reset, worker lost)
    };
    enum class Opened { Active, Waiting, Failed };
    using Port = server::WorkerPort;

    State state() const { return state_; }
    bool active() const { return state_ == State::Active; }
    bool waiting() const { return state_ == State::Waiting; }
    // A worker has it, or had it (frames from it may still arrive).
    bool dispatched() const { return state_ == State::Active || binding_ >= 0; }
    Port::Binding binding() const { return binding_; }

    // Sends the head to a worker (Active), keeps it until one is free (Waiting: the port calls
    // on_dispatch_ready), or Failed: the channel broke (the stream should get 502).
    Opened open(Port& port, uint64_t session_id, int64_t stream_id, const uint8_t* head, size_t len, bool end);
    // on_dispatch_ready(): open() again with the kept head. `end`: the request is complete.
    Opened retry(Port& port, uint64_t session_id, int64_t stream_id, bool end);
    // Gives up waiting for a worker (the stream was answered or reset meanwhile).
    void forget();

    // The worker's part is over: the stream stops counting in its load.
    void release(Port& port);
    // Tells the worker to abandon the request (STREAM_RESET `why`), and release().
    void reset(Port& port, uint64_t session_id, int64_t stream_id, ipc::ResetCode why);
    // The channel `b` died. True when this stream was on it and had not finished: it no longer
    // counts anywhere and its response will never come.
    bool lost(Port::Binding b);

    // Response backpressure. Body bytes that came with RESPONSE_HEAD were never counted by the
    // worker's window, so they are not credited; the rest goes back in kCreditBatch batches.
    void set_head_body(uint64_t n) { head_body_ = n; }
    void taken(Port& port, uint64_t session_id, int64_t stream_id, uint64_t n);

private:
    void set_state(State next);
    // The port answered an open(): Active on binding b, or Failed (b == kFailed).
    Opened settle(Port::Binding b);

    State state_ = State::None;
    Port::Binding binding_ = Port::kNoWorker;
    std::string waiting_head_;  // REQUEST_HEAD payload while Waiting
    uint64_t head_body_ = 0;
    uint64_t taken_ = 0;  // bytes the client took, not yet credited
};

}  // namespace trident::stream

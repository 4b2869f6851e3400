// The worker's side of detached responses (issue 12): handing a response whose head went out
// to the stream registry (STREAM_DETACH / STREAM_DETACHED), and writing any detached response
// of the server from this worker. The contract is ipc/frame.h ("Detached responses").
#include <poll.h>

#include <cerrno>
#include <cstddef>
#include <cstring>

#include "trident/core/log.h"
#include "trident/server/runtime.h"
#include "trident/server/shared_state.h"
#include "trident/server/stream_registry.h"
#include "trident/server/worker.h"

namespace trident::server {

namespace {
WorkerRequest* request_of(ListLink* l) {
    return reinterpret_cast<WorkerRequest*>(reinterpret_cast<char*>(l) - offsetof(WorkerRequest, live_link));
}
bool detachable_kind(uint8_t kind) {
    return kind == uint8_t(StreamKind::EventStream) || kind == uint8_t(StreamKind::Detached);
}
}  // namespace

uint64_t Worker::detach(WorkerRequest* r, uint8_t kind) {
    if (!detachable_kind(kind)) return 0;
    if (!r->head_sent || r->finished || r->aborted || r->upgrade_pending || r->detach_pending || r->detached_id) return 0;
    if (compressing(r)) return 0;  // the codec state cannot follow the stream to other workers
    if (channels_[size_t(r->channel)].broken) return 0;
    uint8_t p[ipc::kStreamDetachSize];
    ipc::encode_stream_detach(kind, p);
    ipc::FrameHeader h;
    h.type = ipc::FrameType::StreamDetach;
    h.session_id = r->session_id;
    h.stream_id = r->stream_id;
    h.length = sizeof p;
    // Pending before the send: a full queue may suspend the caller, and the answer (or a reset)
    // read meanwhile must find it. Whoever clears detach_pending drops this reference.
    retain(r);
    r->detach_pending = true;
    bool sent = send_frame(r->channel, h, p, sizeof p, nullptr, 0);
    if (!sent && r->detach_pending) {
        r->detach_pending = false;
        release(r);  // the caller still holds its own reference
    }
    while (r->detach_pending) {
        // The reactor answers every STREAM_DETACH (or the stream's reset, or the channel dies),
        // so the wait ends; a writer woken for credit meanwhile just waits again.
        if (!hooks_.wait_request(*this, r)) await_detached(r);
    }
    return r->detached_id;
}

void Worker::await_detached(WorkerRequest* r) {
    // The caller cannot suspend: read the request's channel (as a poll: new requests wait for
    // the loop) and flush what we queued, until the answer is in.
    int index = r->channel;
    Channel& c = channels_[size_t(index)];
    while (r->detach_pending && !c.broken) channel_wait_blocking(index);
}

void Worker::stream_detached(int index, const ipc::FrameHeader& h, const uint8_t* payload) {
    uint64_t id = 0;
    if (ipc::decode_stream_detached(h, payload, id) != ipc::DecodeError::None) {
        TRIDENT_LOG(Error, "worker #%d: malformed STREAM_DETACHED from reactor %d", worker_id_, index);
        return;
    }
    WorkerRequest* r = nullptr;
    for (ListLink* l = live_.first(); l != live_.end() && !r; l = l->next) {
        WorkerRequest* c = request_of(l);
        if (c->channel == index && c->session_id == h.session_id && c->stream_id == h.stream_id && c->detach_pending) r = c;
    }
    if (r == nullptr || (id != 0 && r->finished)) {
        // Nobody waits for it (or the response was abandoned meanwhile): an entry nobody would
        // ever write must not keep its client waiting.
        if (id != 0) {
            TRIDENT_LOG(Warning, "worker #%d: STREAM_DETACHED for a response nobody is detaching; ending it", worker_id_);
            write_detached(id, std::string_view(), true);
        }
        if (r == nullptr) return;
        id = 0;
    }
    r->detach_pending = false;
    if (id != 0) {
        r->detached_id = id;
        // Complete for this worker: in flight, requests and the drain see it as done.
        finish(r);
        shared_state()->detached_total.fetch_add(1, std::memory_order_relaxed);
    }
    if (r->waiter) hooks_.request_writable(*this, r);
    release(r);  // the reference detach() took; the caller holds its own
}

bool Worker::write_detached(uint64_t id, std::string_view data, bool end) {
    StreamInfo info;
    if (registry_ == nullptr || !registry_->find(id, info) || info.state != StreamState::Open ||
        (info.kind != StreamKind::EventStream && info.kind != StreamKind::Detached)) {
        return false;
    }
    int channel = stream_id::reactor(id);
    if (channel >= int(channels_.size()) || channels_[size_t(channel)].broken) return false;
    if (data.empty() && !end) return true;
    // The bytes are charged to the stream's credit first (see ws_push): a client that reads
    // slowly holds the writer back instead of growing the reactor's buffers.
    const uint64_t charge = data.size();
    if (charge > 0 && !charge_push(id, charge, shared_state()->detached_writes_refused)) return false;
    if (!wait_for_room(channel)) {
        registry_->discharge_push(id, charge);
        return false;
    }
    ipc::FrameHeader h;
    h.session_id = id;
    h.stream_id = 0;
    if (data.empty()) {
        static const char kNothing = 0;
        h.type = ipc::FrameType::ResponseEnd;
        h.flags = ipc::kFlagEndStream;
        h.length = 0;
        return send_frame(channel, h, &kNothing, 0, nullptr, 0);
    }
    // Every frame of the write is queued before anything can wait (only the last may), so
    // another coroutine's write to the same stream never lands inside this one (an SSE event
    // stays whole).
    h.type = ipc::FrameType::ResponseBody;
    do {
        size_t n = data.size() < ipc::kMaxPayload ? data.size() : ipc::kMaxPayload;
        bool last = n == data.size();
        h.flags = (last && end) ? ipc::kFlagEndStream : 0;
        h.length = uint32_t(n);
        if (!send_frame(channel, h, data.data(), n, nullptr, 0, last)) {
            registry_->discharge_push(id, data.size());
            return false;
        }
        data.remove_prefix(n);
    } while (!data.empty());
    return true;
}

}  // namespace trident::server

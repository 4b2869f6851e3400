// The worker's half of per-stream inbound credit (ipc/frame.h "Inbound credit"): STREAM_CREDIT
// as PHP consumes what the reactor forwarded — body bytes read() handed out (or everything, once
// rawContent() wants the whole body), WebSocket messages recv() returned or whose Message
// callback returned. Credit goes back in batches (ipc::inbound_credit_batch), so a consumer that
// keeps up costs one small frame per 256 KiB rather than one per read or message; the batch is
// at most a quarter of the window, so a reactor that stopped forwarding always gets credit once
// everything it forwarded has been consumed.
#include <cstdint>

#include "trident/server/worker.h"

namespace trident::server {

void Worker::send_stream_credit(int channel, uint64_t session_id, int64_t stream_id, uint64_t bytes) {
    if (channel < 0 || size_t(channel) >= channels_.size()) return;
    ipc::FrameHeader h;
    h.type = ipc::FrameType::StreamCredit;
    h.session_id = session_id;
    h.stream_id = stream_id;
    h.length = ipc::kCreditSize;
    while (bytes > 0) {
        const uint32_t n = bytes > UINT32_MAX ? UINT32_MAX : uint32_t(bytes);
        uint8_t p[ipc::kCreditSize];
        ipc::encode_stream_credit(n, p);
        // Never waits: credit is what lets the reactor (and so this channel) move on, and the
        // callers (read(), recv(), a callback's end) must not be suspended by it.
        if (!send_frame(channel, h, p, sizeof p, nullptr, 0, /*may_wait=*/false)) return;
        bytes -= n;
    }
}

void Worker::owe_body_credit(WorkerRequest* r, uint64_t n) {
    // Only a streamed body has a window; once it is complete nothing more is forwarded.
    if (!r->streaming || r->body_complete || r->aborted || n == 0) return;
    r->body_credit_owed += n;
    if (r->body_credit_owed < credit_batch()) return;
    const uint64_t owed = r->body_credit_owed;
    r->body_credit_owed = 0;
    send_stream_credit(r->channel, r->session_id, r->stream_id, owed);
}

void Worker::read_body(WorkerRequest* r, size_t n) {
    const size_t unread = r->unread_body().size();
    if (n > unread) n = unread;
    r->consume_body(n);
    // Bytes the whole-body mode credited on arrival are not credited twice.
    if (!r->body_wanted_whole) owe_body_credit(r, n);
}

void Worker::want_whole_body(WorkerRequest* r) {
    if (r->body_wanted_whole) return;
    r->body_wanted_whole = true;
    owe_body_credit(r, r->unread_body().size());
    // Whatever the batch: the reactor may be waiting for exactly this.
    if (r->body_credit_owed > 0 && r->streaming && !r->body_complete && !r->aborted) {
        const uint64_t owed = r->body_credit_owed;
        r->body_credit_owed = 0;
        send_stream_credit(r->channel, r->session_id, r->stream_id, owed);
    }
}

void Worker::ws_consumed(uint64_t id, size_t bytes) {
    auto it = websockets_.find(id);
    if (it == websockets_.end()) return;  // closed: its reactor no longer counts
    WebSocket& ws = it->second;
    ws.credit_owed += ipc::ws_message_charge(bytes);
    if (ws.credit_owed < credit_batch()) return;
    const uint64_t owed = ws.credit_owed;
    ws.credit_owed = 0;
    send_stream_credit(ws.channel, id, 0, owed);
}

}  // namespace trident::server

// Which worker gets a new stream (dispatch_mode), and the streams waiting because none can
// take one now. Independent of sockets: it sees channels through four members (dispatchable(),
// congested(), worker_id(), in_flight), so the unit tests drive it with plain structs.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "trident/server/config.h"
#include "trident/server/session_table.h"

namespace trident::server {

class Dispatcher {
public:
    Dispatcher(DispatchMode mode, int worker_num) : mode_(mode), worker_num_(worker_num > 0 ? worker_num : 1) {}

    // Index of the channel for a new stream of `session_id`, -1 when none can take it.
    // Null entries are slots of dead channels.
    template <class Channel>
    int pick(uint64_t session_id, const std::vector<Channel*>& channels) {
        int n = int(channels.size());
        if (n == 0) return -1;
        switch (mode_) {
            case DispatchMode::RoundRobin:
                for (int i = 0; i < n; ++i) {
                    int idx = int((next_ + unsigned(i)) % unsigned(n));
                    if (channels[idx] && channels[idx]->dispatchable()) {
                        next_ = unsigned(idx + 1);
                        return idx;
                    }
                }
                return -1;
            case DispatchMode::SessionAffinity: {
                // Same connection -> same worker slot, while that slot has a live incarnation;
                // otherwise the least loaded one.
                int want = int(session_id::slot(session_id) % uint32_t(worker_num_));
                for (int i = 0; i < n; ++i) {
                    if (channels[i] && channels[i]->dispatchable() && channels[i]->worker_id() == want) return i;
                }
                return least_loaded(channels);
            }
            case DispatchMode::LeastLoaded:
            default:
                return least_loaded(channels);
        }
    }

    // A stream no worker could take: on_dispatch_ready() once one can (FIFO).
    void wait(uint64_t session_id, int64_t stream_id) { waiting_.emplace_back(session_id, stream_id); }
    bool has_waiting() const { return !waiting_.empty(); }
    // Hands waiting streams to ready(session, stream) in order while can_dispatch(session)
    // says a worker is free; entries whose connection is gone are skipped by ready().
    template <class CanDispatch, class Ready>
    void drain_waiting(CanDispatch&& can_dispatch, Ready&& ready) {
        while (!waiting_.empty()) {
            auto [sid, stream] = waiting_.front();
            if (!can_dispatch(sid)) return;
            waiting_.pop_front();
            ready(sid, stream);
        }
    }

    // A congested channel counts as this many requests more: avoided while any other is free.
    static constexpr int64_t kCongestionPenalty = int64_t(1) << 20;

private:
    template <class Channel>
    int least_loaded(const std::vector<Channel*>& channels) {
        int n = int(channels.size());
        int best = -1;
        int64_t best_load = INT64_MAX;
        // Start after the last pick so equal loads rotate instead of piling on channel 0.
        for (int i = 0; i < n; ++i) {
            int idx = int((next_ + unsigned(i)) % unsigned(n));
            const Channel* ch = channels[idx];
            if (!ch || !ch->dispatchable()) continue;
            int64_t load = ch->in_flight + (ch->congested() ? kCongestionPenalty : 0);
            if (load < best_load) {
                best_load = load;
                best = idx;
            }
        }
        if (best >= 0) next_ = unsigned(best + 1);
        return best;
    }

    DispatchMode mode_;
    int worker_num_;
    unsigned next_ = 0;
    std::deque<std::pair<uint64_t, int64_t>> waiting_;
};

}  // namespace trident::server

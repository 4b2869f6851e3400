// The reactor's fixed-timeout timers: one FIFO list per kind (header, idle, send). Every timer
// of a kind has the same timeout, so appending keeps each list in deadline order and arming,
// re-arming and cancelling are O(1); expiry looks only at the fronts. A connection is in one
// list at most (Connection::timer_link / timer_kind / deadline_ms).
#pragma once

#include <cstdint>

#include "server/connection.h"

namespace trident::server {

class TimerLists {
public:
    void set_timeout_ms(int kind, int64_t ms) { timeouts_ms_[kind] = ms; }

    // Puts c in the list of `kind` (kTimerNone: in none). A no-op when c is already in it: a
    // slow client cannot push its deadline back by doing more of what keeps it there.
    void set(Connection* c, int kind, int64_t now_ms) {
        if (c->timer_kind == kind) return;
        IntrusiveList::remove(&c->timer_link);
        c->timer_kind = kind;
        if (kind == kTimerNone) return;
        c->deadline_ms = now_ms + timeouts_ms_[kind];
        lists_[kind].push_back(&c->timer_link);
    }
    // Starts c's current timer over.
    void refresh(Connection* c, int64_t now_ms) {
        int kind = c->timer_kind;
        if (kind == kTimerNone) return;
        c->timer_kind = kTimerNone;
        set(c, kind, now_ms);
    }
    void remove(Connection* c) { set(c, kTimerNone, 0); }

    // Takes out every timer due at now_ms and calls fn(c, kind) for it; fn may re-arm or
    // close c. Returns how many expired.
    template <class Fn>
    unsigned expire(int64_t now_ms, Fn&& fn) {
        unsigned n = 0;
        for (int k = 1; k < kTimerCount; ++k) {
            while (ListLink* l = lists_[k].front()) {
                Connection* c = owner(l);
                if (c->deadline_ms > now_ms) break;
                IntrusiveList::remove(l);
                c->timer_kind = kTimerNone;
                ++n;
                fn(c, k);
            }
        }
        return n;
    }
    // Milliseconds until the first deadline (0 if due), at most cap_ms.
    int64_t next_timeout_ms(int64_t now_ms, int64_t cap_ms) const {
        int64_t best = cap_ms;
        for (int k = 1; k < kTimerCount; ++k) {
            if (ListLink* l = lists_[k].front()) {
                int64_t d = owner(l)->deadline_ms - now_ms;
                if (d < best) best = d;
            }
        }
        return best < 0 ? 0 : best;
    }

private:
    static Connection* owner(ListLink* l) { return static_cast<Connection::TimerLink*>(l)->owner; }
    int64_t timeouts_ms_[kTimerCount] = {};
    IntrusiveList lists_[kTimerCount];
};

}  // namespace trident::server

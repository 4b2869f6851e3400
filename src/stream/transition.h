// Checked state transitions. Each state machine of the stream layer (a stream's request,
// response and dispatch state, a connection's lifecycle) is an enum with a table of the moves
// it allows and one set_state-style function that goes through transition(): an illegal move
// aborts in debug builds (the unit tests build with TRIDENT_CHECK_STATES) and is logged once
// per site in production, where crashing a reactor over it would be worse than the bug.
#pragma once

#include <cstdlib>

#include "trident/core/log.h"

namespace trident::stream {

// `legal(from, to)`: whether the table allows it. Returns `to` so callers can assign.
template <class State, class Legal>
inline State transition(const char* machine, State from, State to, Legal legal) {
    if (!legal(from, to)) {
#ifdef TRIDENT_CHECK_STATES
        TRIDENT_LOG(Error, "illegal %s transition %d -> %d", machine, int(from), int(to));
        std::abort();
#else
        static bool logged = false;
        if (!logged) {
            logged = true;
            TRIDENT_LOG(Error, "illegal %s transition %d -> %d (please report this)", machine, int(from), int(to));
        }
#endif
    }
    return to;
}

}  // namespace trident::stream

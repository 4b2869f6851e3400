#include "trident/coroutine/wait_group.h"

namespace trident::coroutine {

bool WaitGroup::add(int64_t delta, WakeFn wake, void* ctx) {
    int64_t next;
    if (__builtin_add_overflow(count_, delta, &next) || next < 0) return false;
    count_ = next;
    if (count_ == 0) {
        while (Waiter* w = waiters_.pop()) {
            w->status = WaitStatus::Done;
            wake(ctx, w);
        }
    }
    return true;
}

}  // namespace trident::coroutine

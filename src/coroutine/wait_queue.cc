#include "trident/coroutine/wait_queue.h"

namespace trident::coroutine {

void WaitQueue::push(Waiter* w) {
    w->status = WaitStatus::Pending;
    w->queue = this;
    list_.push_back(&w->link);
    ++size_;
}

Waiter* WaitQueue::pop() {
    ListLink* l = list_.front();
    if (!l) return nullptr;
    IntrusiveList::remove(l);
    --size_;
    Waiter* w = reinterpret_cast<Waiter*>(l);
    w->queue = nullptr;
    return w;
}

bool WaitQueue::remove(Waiter* w) {
    if (w->queue != this) return false;
    IntrusiveList::remove(&w->link);
    w->queue = nullptr;
    --size_;
    return true;
}

}  // namespace trident::coroutine

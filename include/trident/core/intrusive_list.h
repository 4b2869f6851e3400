// A doubly-linked list whose links live inside the elements: insert and remove are O(1)
// and never allocate. Used for timer queues where every element has the same timeout,
// so appending at the tail keeps the list sorted by deadline.
#pragma once
#include <cstdint>

namespace trident {

struct ListLink {
    ListLink* prev = nullptr;
    ListLink* next = nullptr;
    bool linked() const { return prev != nullptr; }
};

class IntrusiveList {
public:
    IntrusiveList() { head_.prev = head_.next = &head_; }
    IntrusiveList(const IntrusiveList&) = delete;
    IntrusiveList& operator=(const IntrusiveList&) = delete;

    bool empty() const { return head_.next == &head_; }
    // Iteration: for (ListLink* l = list.first(); l != list.end(); l = l->next)
    ListLink* first() const { return head_.next; }
    const ListLink* end() const { return &head_; }
    ListLink* front() const { return empty() ? nullptr : head_.next; }
    void push_back(ListLink* l) {
        l->prev = head_.prev;
        l->next = &head_;
        head_.prev->next = l;
        head_.prev = l;
    }
    static void remove(ListLink* l) {
        if (!l->linked()) return;
        l->prev->next = l->next;
        l->next->prev = l->prev;
        l->prev = l->next = nullptr;
    }

private:
    ListLink head_;
};

}  // namespace trident

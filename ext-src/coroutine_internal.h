// Shared by the coroutine binding files (coroutine.cc: the scheduler; coroutine_api.cc,
// coroutine_channel.cc, coroutine_wait_group.cc, coroutine_pool.cc, timer.cc: the PHP
// classes). Not for the rest of the extension: that uses php_trident_coroutine.h.
#ifndef TRIDENT_COROUTINE_INTERNAL_H
#define TRIDENT_COROUTINE_INTERNAL_H

#include <cstdint>

#include "php_trident.h"
#include "php_trident_coroutine.h"

extern "C" {
#include "zend_fibers.h"
}

#include "trident/core/event_loop.h"
#include "trident/core/intrusive_list.h"

#define TRIDENT_CHANNEL_OK 0
#define TRIDENT_CHANNEL_TIMEOUT (-1)
#define TRIDENT_CHANNEL_CLOSED (-2)
#define TRIDENT_CHANNEL_CANCELED (-3)

extern zend_class_entry* trident_ce_coroutine_exception;

namespace trident::php::co {

enum class CoState : uint8_t {
    Running,    // its function runs (possibly with a nested coroutine or Fiber on top)
    Suspended,  // waiting, or in the ready queue
    Idle,       // task finished; the context is parked in the pool for reuse
    Dead,       // the context returned from its entry function and was destroyed
};

enum class WakeReason : uint8_t { None, Event, Timeout, Cancel };

// One coroutine: a zend_fiber_context with its C stack and VM stack, and the task it runs.
// A context outlives its task: when the task ends it parks in the pool and the next create
// reuses it (no mmap/munmap per coroutine).
struct Coro {
    ListLink ready_link;  // in the ready queue
    zend_fiber_context ctx;
    zend_fiber_context* caller = nullptr;      // who resumed it last: where suspend returns to
    zend_fiber_context* resume_ctx = nullptr;  // where to switch to resume it: its own
                                               // context, or a userland Fiber running in it
    zend_vm_stack vm_stack = nullptr;          // bottom page (its whole stack at the end)
    zend_execute_data* bottom = nullptr;       // dummy frame at the bottom of the VM stack
    int64_t id = 0;                            // 0 while idle
    CoState state = CoState::Suspended;

    // The task.
    zval callable;                       // kept alive while the task runs (UNDEF from C++)
    zend_fcall_info_cache fcc;
    uint32_t argc = 0;
    zval* argv = nullptr;                // emalloc'd copies
    trident_coroutine_exit_fn on_exit = nullptr;
    void* on_exit_data = nullptr;
    zval* defers = nullptr;              // Coroutine::defer() callbacks, run last first
    uint32_t defer_count = 0;
    uint32_t defer_capacity = 0;

    // Waiting.
    bool waiting = false;        // suspended in wait(): wake() may make it ready
    bool external_wait = false;  // ... in trident_coroutine_suspend()
    WakeReason reason = WakeReason::None;
    EventLoop::TimerId wait_timer = 0;
    bool cancelling = false;     // resumed with a graceful exit: may not suspend again
    bool unwind_exit = false;    // its task ended with unwind_exit: rethrow in the resumer
    bool quit = false;           // leave the pool loop: the context ends

    // I/O hooks (coroutine_io.h): the fd whose poll(2) calls in PHP's own code may suspend
    // this coroutine (PollScope), and whether its select(2) calls may (SelectScope).
    int poll_scope = -1;
    bool select_scope = false;
};

// --- the scheduler, for the PHP classes --------------------------------------------------

// The loop coroutines and timers use; nullptr outside Coroutine\run() and a worker.
EventLoop* loop();
// The running coroutine; nullptr in the main context.
Coro* current();
// Throws Trident\Coroutine\Exception naming `api` and returns false when the current context
// cannot suspend: no coroutine, switching blocked (destructor, GC, shutdown), or the
// coroutine is being cancelled.
bool can_suspend(const char* api);
// Suspends the current coroutine until wake(), the timeout (ms, negative: none) or a
// cancellation. Check can_suspend() first. On Cancel a graceful exit is pending
// (EG(exception)): clean up and return at once.
WakeReason wait(int64_t timeout_ms);
// Makes a coroutine suspended in wait() ready (later, from the loop); no-op otherwise.
void wake(Coro* co);
// Puts the current coroutine at the back of the ready queue and suspends it (sleep(0)).
// False (graceful exit pending) when it was cancelled meanwhile.
bool yield();

enum class SpawnError { None, NoScheduler, Blocked, Limit, NoStack };
struct Task {
    zval* callable = nullptr;  // copied (addref) when not nullptr
    zend_fcall_info_cache* fcc = nullptr;
    uint32_t argc = 0;
    zval* argv = nullptr;
    trident_coroutine_exit_fn on_exit = nullptr;
    void* on_exit_data = nullptr;
};
// Creates a coroutine and runs it until it suspends or ends. Returns its id, or 0 with *err
// set (NoStack: an exception is pending from zend_fiber_init_context).
int64_t spawn(const Task& task, SpawnError* err);
// Throws the Trident\Coroutine\Exception matching a spawn error (not NoStack: already thrown).
void throw_spawn_error(SpawnError err, const char* api);
// Registers a deferred callback on the current coroutine (takes a reference).
void add_defer(Coro* co, zval* callable);

// Counters for Coroutine::stats() and the PHP API.
size_t live_count();
size_t peak_count();
int64_t last_id();
size_t pool_size();
bool exists(int64_t cid);
// Parent id (-1: none) of a live coroutine; false when it is not alive.
bool parent_of(int64_t cid, int64_t* parent);
// Calls f(cid) for each live coroutine, in no particular order.
void for_each_id(void (*f)(void* ctx, int64_t cid), void* ctx);

// Convert a timeout in seconds (negative: forever) to milliseconds (-1: forever), rounding
// up so that waits never end early.
int64_t timeout_ms(double seconds);

// Per-class setup, from trident_coroutine_minit().
void channel_minit(zend_class_entry* ce);
void wait_group_minit(zend_class_entry* ce);
void pool_minit(zend_class_entry* ce);
// Timer state: number pending, and freeing them all (detach, end of run(), shutdown).
size_t timer_count();
void timers_clear_all();

}  // namespace trident::php::co

#endif

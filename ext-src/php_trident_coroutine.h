// The coroutine scheduler as the rest of the binding (the server's worker) uses it.
//
// A worker owns a trident::EventLoop. It attaches the scheduler to it before any PHP callback
// that may create coroutines or timers (WorkerStart), spawns one coroutine per request from
// its fd callbacks, and runs the loop with trident_coroutine_loop_run(). Everything here must
// be called on the PHP thread; none of it may be called from a reactor thread.
//
// Fatal errors: a fatal error inside a coroutine (E_ERROR, E_USER_ERROR, ...) is re-raised in
// whoever resumed it with zend_bailout(): wrap trident_coroutine_loop_run() and
// trident_coroutine_spawn*() in zend_try and end the process on zend_catch. An out-of-memory
// error, which this PHP reports by unwinding rather than bailing out, comes back as an
// unwind_exit exception left in EG(exception) when these functions return: treat
// `EG(exception) && zend_is_unwind_exit(EG(exception))` after them as fatal too.
#ifndef PHP_TRIDENT_COROUTINE_H
#define PHP_TRIDENT_COROUTINE_H

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "php_trident.h"

namespace trident {
class EventLoop;
}

// Makes `loop` the scheduler's loop: coroutine wake-ups, Coroutine::sleep, Channel/WaitGroup
// timeouts and Timer timers are registered on it from now on. Must be called outside any
// coroutine, with no other loop attached (a second attach of the same loop is a no-op).
// Returns false (nothing changed) otherwise.
bool trident_coroutine_attach(trident::EventLoop& loop);

// Ends the scheduler's use of its loop: every live coroutine is cancelled (resumed with a
// graceful exit, so its finally blocks and deferred callbacks run; it cannot suspend again),
// every Timer is cleared, then the loop is detached. Call it outside any coroutine, e.g. when
// the worker stops after trident_coroutine_loop_run() returned.
void trident_coroutine_detach();

// Attaches `loop` if needed and runs it (loop.run()) until loop.stop() is called or it has
// nothing left to wait for; ready coroutines run from the loop's deferred-task phase.
// Returns early, with the loop stopped, when an unwind_exit reached the scheduler (see
// above). Call it outside any coroutine.
void trident_coroutine_loop_run(trident::EventLoop& loop);

// Called inside the coroutine once its function and its deferred callbacks have run, however
// it ended. `exception` is nullptr after a normal return, a graceful exit object after exit()
// or die() or a cancellation (zend_is_graceful_exit()), or the uncaught Throwable. While the
// hook runs EG(exception) is clear, so it may call PHP and even suspend. Return true when the
// hook dealt with the exception (it is released then), false to have it reported as for any
// coroutine (the user exception handler, else a warning). Not called after a fatal error.
using trident_coroutine_exit_fn = bool (*)(void* data, zend_object* exception);

// Runs the callable in a new coroutine, at once, until it first suspends or finishes; then
// returns. argv is copied (reference counts taken), so the caller may release its zvals;
// *fcc is copied too, and the function it designates must stay alive until the coroutine's
// function returns (true for a server callback kept in the server's state).
// Returns false, with a warning, when trident.max_coroutine coroutines are alive or no loop
// is attached (or a stack cannot be allocated); the callable did not run then.
bool trident_coroutine_spawn(zend_fcall_info_cache* fcc, uint32_t argc, zval* argv);
// The same, with an exit hook (see above; data is passed to it), returning the new
// coroutine's id, or 0 where trident_coroutine_spawn() returns false.
int64_t trident_coroutine_spawn_ex(zend_fcall_info_cache* fcc, uint32_t argc, zval* argv,
                                   trident_coroutine_exit_fn on_exit, void* data);

// True inside a coroutine (also inside a userland Fiber running in one).
bool trident_coroutine_in_coroutine();
// Id of the current coroutine, -1 outside any.
int64_t trident_coroutine_current_id();

enum class TridentWaitResult {
    Resumed,   // trident_coroutine_resume() was called for this coroutine
    TimedOut,  // the timeout elapsed first
    Failed,    // could not suspend, or the coroutine is being cancelled: an exception is
               // pending (Trident\Coroutine\Exception, or a graceful exit); return at once
};
// Whether trident_coroutine_suspend() would suspend (true) or fail: false outside a
// coroutine, where switching is impossible (a destructor, garbage collection, shutdown) and
// in a coroutine being cancelled. Where it is false, use blocking I/O instead.
bool trident_coroutine_can_suspend();
// Suspends the current coroutine until trident_coroutine_resume(its id) or the timeout
// (milliseconds; negative waits forever). Where trident_coroutine_can_suspend() is false it
// throws Trident\Coroutine\Exception naming `api` (e.g. "Trident\\Http\\Response::write()")
// and returns Failed.
TridentWaitResult trident_coroutine_suspend(const char* api, int64_t timeout_ms = -1);
// Makes a coroutine suspended in trident_coroutine_suspend() ready; it runs from the loop's
// next task phase, not inside this call. False when cid is not waiting there.
bool trident_coroutine_resume(int64_t cid);
// Resumes a suspended coroutine with a graceful exit (its finally blocks and defers run, as
// at the end of a worker). Call it from the loop, not from a coroutine. False when cid is not
// a suspended coroutine.
bool trident_coroutine_cancel(int64_t cid);

// The cap on live coroutines (the trident.max_coroutine INI setting; a server setting may
// override it per worker). At least 1.
void trident_coroutine_set_max(uint32_t max_coroutine);
// Where the live coroutine count is kept for stats() and /metrics (a worker's shared slot).
void trident_coroutine_set_count_slot(std::atomic<int64_t>* slot);
uint32_t trident_coroutine_max();
// Live coroutines (running, ready or waiting).
size_t trident_coroutine_count();

#endif

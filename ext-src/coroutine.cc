// The coroutine scheduler: each coroutine is a zend_fiber_context switched with the engine's
// own zend_fiber_switch_context(), so the VM state the engine knows about (VM stack, current
// frame, error_reporting, bailout, active Fiber) is switched by the engine, observers see
// every switch, and userland Fibers nest inside coroutines both ways. What the engine does
// not switch (error handling mode, serializer state, output buffers) is switched here
// (ExtraState). The call order follows shared/design/COROUTINES.md.
//
// Control flow: the main context (Coroutine\run() or the worker's loop) resumes coroutines
// from the ready queue; a coroutine suspends back to whoever resumed it (`caller`), which is
// the main context, or its parent while it runs for the first time inside create().
//
// No C++ object with a destructor may live on a stack between a zend_try and the PHP code it
// runs: a fatal error longjmps through these frames.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "coroutine_internal.h"
#include "hooks.h"

extern "C" {
#include "ext/standard/basic_functions.h"
#include "main/php_output.h"
#include "zend_exceptions.h"
#include "zend_ini.h"
}

#include <algorithm>
#include <cmath>
#include <memory>
#include <type_traits>
#include <vector>

#include "trident/coroutine/coroutine_table.h"
#include "trident/coroutine/run_queue.h"

zend_class_entry* trident_ce_coroutine_exception;

namespace trident::php::co {

namespace {

// Idle contexts kept for reuse; beyond that a finished coroutine's stack is unmapped.
constexpr size_t kPoolMax = 1024;
// VM stack page of a coroutine (the engine's Fiber uses the same).
constexpr size_t kVmStackSize = ZEND_FIBER_VM_STACK_SIZE;
// Coroutines resumed per loop iteration before the loop polls I/O and timers again.
constexpr size_t kDrainBudget = 1024;

struct Scheduler {
    EventLoop* loop = nullptr;
    bool loop_owned = false;  // created by Coroutine\run(): deleted at shutdown if run() was cut short
    Coro* current = nullptr;
    coroutine::RunQueue ready;
    bool drain_posted = false;
    bool draining = false;
    coroutine::CoroutineTable table;
    std::vector<Coro*> pool;  // idle contexts
    uint32_t max_coroutine = 10000;
    // The worker's slot in the server's shared counters (stats(), /metrics), or null.
    std::atomic<int64_t>* count_slot = nullptr;
    bool fatal = false;  // a coroutine bailed out: run no more PHP in coroutines
    std::vector<int64_t> cancel_ids;  // scratch list of cancel_all()
};

Scheduler g;

void publish_count() {
    if (g.count_slot) g.count_slot->store(int64_t(g.table.size()), std::memory_order_relaxed);
}

char g_context_kind;  // its address tags our contexts (zend_fiber_context::kind)
zend_function g_bottom_function = {ZEND_INTERNAL_FUNCTION};
user_opcode_handler_t g_prev_exit_handler = nullptr;

Coro* coro_of_link(ListLink* l) { return reinterpret_cast<Coro*>(reinterpret_cast<char*>(l) - offsetof(Coro, ready_link)); }
Coro* coro_of_context(zend_fiber_context* c) { return reinterpret_cast<Coro*>(reinterpret_cast<char*>(c) - offsetof(Coro, ctx)); }

// --- state the engine does not switch ---------------------------------------------------------

struct ExtraState {
    bool has_engine;  // error handling or a pending exception to carry
    bool has_serializer;
    bool has_output;
    zend_error_handling_t error_handling;
    zend_class_entry* exception_class;
    zend_object* exception;
    std::remove_reference_t<decltype(BG(serialize))> serialize;
    std::remove_reference_t<decltype(BG(unserialize))> unserialize;
    unsigned serialize_lock;
    zend_output_globals output;
};

// Saves the switching side's state and leaves neutral state for the side that runs next (a
// coroutine's first run inherits nothing; a resumed side restores its own). Every switch
// leaves neutral state behind, so a side whose state was neutral has nothing to restore:
// the common case costs a few compares.
inline void extra_save(ExtraState& s) {
    s.has_engine = EG(error_handling) != EH_NORMAL || EG(exception_class) || EG(exception);
    if (s.has_engine) {
        s.error_handling = EG(error_handling);
        s.exception_class = EG(exception_class);
        s.exception = EG(exception);
        EG(error_handling) = EH_NORMAL;
        EG(exception_class) = nullptr;
        EG(exception) = nullptr;
    }
    // Non-neutral while a __sleep/__wakeup/__serialize... runs (the switch happened inside it).
    s.has_serializer = BG(serialize_lock) || BG(serialize).level || BG(unserialize).level;
    if (s.has_serializer) {
        s.serialize = BG(serialize);
        s.unserialize = BG(unserialize);
        s.serialize_lock = BG(serialize_lock);
        BG(serialize).data = nullptr;
        BG(serialize).level = 0;
        BG(unserialize).data = nullptr;
        BG(unserialize).level = 0;
        BG(serialize_lock) = 0;
    }
    // Output buffers belong to the side that opened them; the other side starts with none.
    s.has_output = zend_stack_count(&OG(handlers)) > 0;
    if (s.has_output) {
        s.output = output_globals;
        php_output_activate();
        OG(flags) = s.output.flags;  // implicit flush, disabled, written: not per coroutine
    }
}

inline void extra_restore(ExtraState& s) {
    if (s.has_engine) {
        EG(error_handling) = s.error_handling;
        EG(exception_class) = s.exception_class;
        EG(exception) = s.exception;
    }
    if (s.has_serializer) {
        BG(serialize) = s.serialize;
        BG(unserialize) = s.unserialize;
        BG(serialize_lock) = s.serialize_lock;
    }
    if (s.has_output) {
        // The state left by the other side has no handlers (it saved its own, if any).
        zend_stack_destroy(&OG(handlers));
        if (OG(output_start_filename)) zend_string_release(OG(output_start_filename));
        output_globals = s.output;
    }
}

// --- the ready queue -------------------------------------------------------------------------

void enter(Coro* co, bool cancel);

void drain_ready(void*) {
    g.drain_posted = false;
    g.draining = true;
    size_t ran = 0;
    while (ran < kDrainBudget && !EG(exception)) {
        ListLink* l = g.ready.pop();
        if (!l) break;
        ++ran;
        enter(coro_of_link(l), false);
    }
    g.draining = false;
    if (EG(exception)) {
        // An unwind_exit (fatal out-of-memory) reached the main context: stop everything.
        if (g.loop) g.loop->stop();
        return;
    }
    if (!g.ready.empty() && g.loop) {
        g.drain_posted = true;
        g.loop->defer(drain_ready, nullptr);
    }
}

void schedule(Coro* co) {
    g.ready.push(&co->ready_link);
    if (!g.drain_posted && !g.draining && g.loop) {
        g.drain_posted = true;
        g.loop->defer(drain_ready, nullptr);
    }
}

// --- contexts ----------------------------------------------------------------------------------

void context_cleanup(zend_fiber_context* ctx) {
    Coro* co = coro_of_context(ctx);
    zend_vm_stack current = EG(vm_stack);
    EG(vm_stack) = co->vm_stack;
    zend_vm_stack_destroy();
    EG(vm_stack) = current;
    co->vm_stack = nullptr;
}

void release_task(Coro* co) {
    for (uint32_t i = 0; i < co->argc; ++i) zval_ptr_dtor(&co->argv[i]);
    if (co->argv) efree(co->argv);
    co->argv = nullptr;
    co->argc = 0;
    zval_ptr_dtor(&co->callable);
    ZVAL_UNDEF(&co->callable);
}

// Keeps the most important of two exceptions (either may be null) and releases the other:
// unwind_exit (fatal) beats everything, a real exception beats a graceful exit, and of two
// Throwables the newer one keeps the older as its previous, as a throwing finally block does.
zend_object* merge_exceptions(zend_object* older, zend_object* newer) {
    if (!older) return newer;
    if (!newer) return older;
    if (zend_is_unwind_exit(older)) {
        OBJ_RELEASE(newer);
        return older;
    }
    if (zend_is_unwind_exit(newer) || zend_is_graceful_exit(older)) {
        OBJ_RELEASE(older);
        return newer;
    }
    if (zend_is_graceful_exit(newer)) {
        OBJ_RELEASE(newer);
        return older;
    }
    zend_exception_set_previous(newer, older);
    return newer;
}

// Runs the deferred callbacks, last registered first, with the pending exception (if any)
// set aside while each runs.
void run_defers(Coro* co) {
    while (co->defer_count > 0) {
        zval fn;
        ZVAL_COPY_VALUE(&fn, &co->defers[--co->defer_count]);
        zend_object* pending = EG(exception);
        EG(exception) = nullptr;
        zval rv;
        ZVAL_UNDEF(&rv);
        call_user_function(nullptr, nullptr, &fn, &rv, 0, nullptr);
        zval_ptr_dtor(&rv);
        zval_ptr_dtor(&fn);
        zend_object* thrown = EG(exception);
        EG(exception) = nullptr;
        EG(exception) = merge_exceptions(pending, thrown);
    }
    if (co->defers) efree(co->defers);
    co->defers = nullptr;
    co->defer_capacity = 0;
}

// How a task's end is reported: the server's hook first, then the user exception handler or
// a warning. exit() (graceful exit) ends the coroutine quietly; unwind_exit goes to the resumer.
void finish_exception(Coro* co) {
    if (co->on_exit && !(EG(exception) && zend_is_unwind_exit(EG(exception)))) {
        zend_object* ex = EG(exception);
        EG(exception) = nullptr;
        bool handled = co->on_exit(co->on_exit_data, ex);
        zend_object* thrown = EG(exception);
        EG(exception) = nullptr;
        if (ex && handled) {
            OBJ_RELEASE(ex);
            ex = nullptr;
        }
        EG(exception) = merge_exceptions(ex, thrown);
    }
    zend_object* ex = EG(exception);
    if (!ex) return;
    if (zend_is_unwind_exit(ex)) {
        co->unwind_exit = true;
        zend_clear_exception();
        return;
    }
    if (zend_is_graceful_exit(ex)) {
        zend_clear_exception();
        return;
    }
    if (Z_TYPE(EG(user_exception_handler)) != IS_UNDEF) zend_user_exception_handler();
    // Not E_ERROR: an uncaught exception ends its coroutine, not the process.
    if (EG(exception)) zend_exception_error(EG(exception), E_WARNING);
}

// error_reporting from the INI setting, so that a creator's @ does not leak in. The entry is
// looked up once (INI entries live as long as the process); its value changes in place.
zend_ini_entry* g_error_reporting_entry = nullptr;

int ini_error_reporting() {
    if (!g_error_reporting_entry) {
        g_error_reporting_entry =
            static_cast<zend_ini_entry*>(zend_hash_str_find_ptr(EG(ini_directives), ZEND_STRL("error_reporting")));
    }
    zend_string* v = g_error_reporting_entry ? g_error_reporting_entry->value : nullptr;
    if (!v) return E_ALL;
    return int(ZEND_STRTOL(ZSTR_VAL(v), nullptr, 0));
}

void run_task(Coro* co) {
    int error_reporting = ini_error_reporting();
    EG(current_execute_data) = co->bottom;
    EG(jit_trace_num) = 0;
    EG(error_reporting) = error_reporting;
    // A coroutine created inside a userland Fiber is not inside that Fiber.
    EG(active_fiber) = nullptr;

    zval retval;
    ZVAL_UNDEF(&retval);
    zend_fcall_info fci;
    fci.size = sizeof fci;
    ZVAL_COPY_VALUE(&fci.function_name, &co->callable);
    fci.object = nullptr;
    fci.retval = &retval;
    fci.params = co->argv;
    fci.param_count = co->argc;
    fci.named_params = nullptr;
    zend_call_function(&fci, co->fcc.function_handler ? &co->fcc : nullptr);
    zval_ptr_dtor(&retval);
    release_task(co);

    run_defers(co);
    finish_exception(co);
    // Buffers the coroutine left open are flushed, as PHP does at the end of a script.
    if (zend_stack_count(&OG(handlers)) > 0) {
        php_output_end_all();
        php_output_deactivate();
        php_output_activate();
    }
    co->on_exit = nullptr;
    co->on_exit_data = nullptr;
    g.table.remove(co->id);
    co->id = 0;
    publish_count();
}

// After a task: park in the pool (true: resumed with a new task) or let the context end.
bool park(Coro* co) {
    if (co->quit || g.fatal || g.pool.size() >= kPoolMax || co->unwind_exit) return false;
    co->state = CoState::Idle;
    g.pool.push_back(co);
    co->resume_ctx = &co->ctx;
    zend_fiber_transfer t;
    t.context = co->caller;
    ZVAL_NULL(&t.value);
    t.flags = 0;
    zend_fiber_switch_context(&t);
    return !co->quit;
}

ZEND_STACK_ALIGNED void context_entry(zend_fiber_transfer* transfer) {
    Coro* co = g.current;
    bool bailout = false;
    EG(vm_stack) = nullptr;
    zend_first_try {
        zend_vm_stack page = zend_vm_stack_new_page(kVmStackSize, nullptr);
        co->vm_stack = page;
        EG(vm_stack) = page;
        EG(vm_stack_top) = page->top + ZEND_CALL_FRAME_SLOT;
        EG(vm_stack_end) = page->end;
        EG(vm_stack_page_size) = kVmStackSize;
        // A dummy frame at the bottom: EG(current_execute_data) is never NULL in a coroutine,
        // and backtraces end here.
        co->bottom = reinterpret_cast<zend_execute_data*>(page->top);
        memset(co->bottom, 0, sizeof(zend_execute_data));
        co->bottom->func = &g_bottom_function;
        do {
            run_task(co);
        } while (park(co));
    }
    zend_catch { bailout = true; }
    zend_end_try();
    co->vm_stack = EG(vm_stack);
    co->state = CoState::Dead;
    transfer->context = co->caller;
    ZVAL_NULL(&transfer->value);
    transfer->flags = bailout ? ZEND_FIBER_TRANSFER_FLAG_BAILOUT : 0;
}

// Resumes (or first runs) a coroutine from the current context, and deals with how it came
// back: suspended, parked, ended, or bailed out.
void enter(Coro* co, bool cancel) {
    if (EG(exception)) return;  // only an unwind_exit in flight gets here: run nothing more
    Coro* previous = g.current;
    co->caller = EG(current_fiber_context);
    co->state = CoState::Running;
    g.current = co;
    zend_fiber_transfer t;
    t.context = co->resume_ctx;
    t.flags = 0;
    if (cancel) {
        ZVAL_OBJ(&t.value, zend_create_graceful_exit());
        t.flags = ZEND_FIBER_TRANSFER_FLAG_ERROR;
    } else {
        ZVAL_NULL(&t.value);
    }
    ExtraState es;
    extra_save(es);
    zend_fiber_switch_context(&t);
    extra_restore(es);
    g.current = previous;

    if (t.flags & ZEND_FIBER_TRANSFER_FLAG_BAILOUT) {
        // The context is dead and destroyed; the fatal error goes on in the resumer.
        g.fatal = true;
        if (co->id) g.table.remove(co->id);
        publish_count();
        co->~Coro();
        efree(co);
        zend_bailout();
    }
    bool unwind = co->unwind_exit;
    co->unwind_exit = false;
    if (co->state == CoState::Dead) {
        // Freed here, not in the cleanup hook: zend_fiber_destroy_context() reads the context
        // after calling it.
        co->~Coro();
        efree(co);
    }
    if (unwind) zend_throw_exception_internal(zend_create_unwind_exit());
}

// Suspends the running coroutine back to its caller. False (exception pending) when it is
// resumed with an error transfer (cancellation).
bool suspend(Coro* co) {
    co->resume_ctx = EG(current_fiber_context);
    co->state = CoState::Suspended;
    zend_fiber_transfer t;
    t.context = co->caller;
    ZVAL_NULL(&t.value);
    t.flags = 0;
    ExtraState es;
    extra_save(es);
    zend_fiber_switch_context(&t);
    extra_restore(es);
    if (t.flags & ZEND_FIBER_TRANSFER_FLAG_ERROR) {
        zend_throw_exception_internal(Z_OBJ(t.value));
        return false;
    }
    return true;
}

void on_wait_timeout(void* data, EventLoop::TimerId) {
    Coro* co = static_cast<Coro*>(data);
    co->wait_timer = 0;
    if (!co->waiting) return;
    co->waiting = false;
    co->reason = WakeReason::Timeout;
    schedule(co);
}

// Resumes a suspended coroutine with a graceful exit: its finally blocks and defers run.
void cancel(Coro* co) {
    if (co->state != CoState::Suspended) return;
    g.ready.remove(&co->ready_link);
    co->waiting = false;
    co->external_wait = false;
    if (co->wait_timer && g.loop) g.loop->cancel_timer(co->wait_timer);
    co->wait_timer = 0;
    co->cancelling = true;
    enter(co, true);
}

// Cancels suspended coroutines, oldest first, until none is left (a cancelled one may create
// others). Returns how many were cancelled. The id list is a member, not a local: cancelled
// coroutines run PHP code, which may bail out through this frame.
size_t cancel_all() {
    size_t n = 0;
    for (int round = 0; round < 16 && !EG(exception); ++round) {
        g.cancel_ids.clear();
        g.table.for_each([](const coroutine::CoroutineTable::Entry& e) {
            if (static_cast<Coro*>(e.handle)->state == CoState::Suspended) g.cancel_ids.push_back(e.id);
        });
        if (g.cancel_ids.empty()) break;
        std::sort(g.cancel_ids.begin(), g.cancel_ids.end());
        for (size_t i = 0; i < g.cancel_ids.size() && !EG(exception); ++i) {
            const auto* e = g.table.find(g.cancel_ids[i]);  // an earlier cancellation may have ended it
            if (!e) continue;
            cancel(static_cast<Coro*>(e->handle));
            ++n;
        }
    }
    g.cancel_ids.clear();
    return n;
}

// --- exit() ----------------------------------------------------------------------------------

// exit()/die() inside a coroutine ends that coroutine, not the process: print the message
// like ZEND_EXIT, then unwind with a graceful exit (finally blocks run, catch blocks do not).
// The exit status argument is ignored there: the process is not exiting.
int exit_handler(zend_execute_data* execute_data) {
    if (!g.current) {
        return g_prev_exit_handler ? g_prev_exit_handler(execute_data) : ZEND_USER_OPCODE_DISPATCH;
    }
    const zend_op* opline = EX(opline);
    if (opline->op1_type != IS_UNUSED) {
        zval* ptr = zend_get_zval_ptr(opline, opline->op1_type, &opline->op1, execute_data);
        zval* value = ptr;
        if (opline->op1_type == IS_CV && Z_TYPE_P(value) == IS_UNDEF) {
            zend_error(E_WARNING, "Undefined variable $%s", ZSTR_VAL(EX(func)->op_array.vars[EX_VAR_TO_NUM(opline->op1.var)]));
        }
        ZVAL_DEREF(value);
        if (Z_TYPE_P(value) != IS_LONG) zend_print_zval(value, 0);
        if (opline->op1_type & (IS_TMP_VAR | IS_VAR)) zval_ptr_dtor_nogc(ptr);
    }
    if (!EG(exception)) zend_throw_graceful_exit();
    return ZEND_USER_OPCODE_CONTINUE;
}

void destroy_unresumed(Coro* co) {
    // Never resumed again: its frames are abandoned (their memory goes with the request).
    zend_fiber_destroy_context(&co->ctx);
    co->~Coro();
    efree(co);
}

}  // namespace

// --- scheduler API for the PHP classes ----------------------------------------------------------

EventLoop* loop() { return g.loop; }
Coro* current() { return g.current; }
size_t live_count() { return g.table.size(); }
size_t peak_count() { return g.table.peak(); }
int64_t last_id() { return g.table.last_id(); }
size_t pool_size() { return g.pool.size(); }
bool exists(int64_t cid) { return g.table.find(cid) != nullptr; }

bool parent_of(int64_t cid, int64_t* parent) {
    const auto* e = g.table.find(cid);
    if (!e) return false;
    *parent = e->parent;
    return true;
}

void for_each_id(void (*f)(void* ctx, int64_t cid), void* ctx) {
    g.table.for_each([&](const coroutine::CoroutineTable::Entry& e) { f(ctx, e.id); });
}

int64_t timeout_ms(double seconds) {
    if (seconds < 0 || std::isnan(seconds)) return -1;
    double ms = std::ceil(seconds * 1000.0);
    if (ms > 1e15) return int64_t(1e15);  // ~31,000 years: forever in practice
    return int64_t(ms);
}

bool can_suspend(const char* api) {
    if (!g.current) {
        zend_throw_exception_ex(trident_ce_coroutine_exception, 0, "%s can only be called inside a coroutine", api);
        return false;
    }
    if (zend_fiber_switch_blocked()) {
        zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                                "%s cannot suspend here: switching coroutines is impossible in a destructor, "
                                "during garbage collection and at shutdown",
                                api);
        return false;
    }
    if (g.current->cancelling) {
        zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                                "%s cannot suspend a coroutine that is being cancelled", api);
        return false;
    }
    return true;
}

WakeReason wait(int64_t timeout_ms) {
    Coro* co = g.current;
    co->waiting = true;
    co->reason = WakeReason::None;
    if (timeout_ms >= 0) co->wait_timer = g.loop->add_timer(timeout_ms, on_wait_timeout, co);
    bool resumed = suspend(co);
    co->waiting = false;
    if (co->wait_timer) {
        if (g.loop) g.loop->cancel_timer(co->wait_timer);
        co->wait_timer = 0;
    }
    return resumed ? co->reason : WakeReason::Cancel;
}

void wake(Coro* co) {
    if (!co->waiting) return;
    co->waiting = false;
    co->reason = WakeReason::Event;
    if (co->wait_timer) {
        g.loop->cancel_timer(co->wait_timer);
        co->wait_timer = 0;
    }
    schedule(co);
}

bool yield() {
    Coro* co = g.current;
    schedule(co);
    return suspend(co);
}

int64_t spawn(const Task& task, SpawnError* err) {
    *err = SpawnError::None;
    if (EG(exception)) {  // only an unwind_exit in flight: run nothing more
        *err = SpawnError::Blocked;
        return 0;
    }
    if (!g.loop || g.fatal) {
        *err = SpawnError::NoScheduler;
        return 0;
    }
    if (zend_fiber_switch_blocked()) {
        *err = SpawnError::Blocked;
        return 0;
    }
    if (g.table.size() >= g.max_coroutine) {
        *err = SpawnError::Limit;
        return 0;
    }
    Coro* co;
    if (!g.pool.empty()) {
        co = g.pool.back();
        g.pool.pop_back();
    } else {
        co = new (ecalloc(1, sizeof(Coro))) Coro();
        ZVAL_UNDEF(&co->callable);
        if (!zend_fiber_init_context(&co->ctx, &g_context_kind, context_entry, size_t(EG(fiber_stack_size)))) {
            co->~Coro();
            efree(co);
            *err = SpawnError::NoStack;
            return 0;
        }
        co->ctx.cleanup = context_cleanup;
        co->resume_ctx = &co->ctx;
    }
    if (task.callable) {
        ZVAL_COPY(&co->callable, task.callable);
    } else {
        ZVAL_UNDEF(&co->callable);
    }
    co->fcc = *task.fcc;
    co->argc = task.argc;
    if (task.argc) {
        co->argv = static_cast<zval*>(safe_emalloc(task.argc, sizeof(zval), 0));
        for (uint32_t i = 0; i < task.argc; ++i) ZVAL_COPY(&co->argv[i], &task.argv[i]);
    }
    co->on_exit = task.on_exit;
    co->on_exit_data = task.on_exit_data;
    co->cancelling = false;
    co->quit = false;
    co->reason = WakeReason::None;
    co->id = g.table.add(g.current ? g.current->id : -1, co);
    publish_count();
    int64_t id = co->id;
    enter(co, false);
    return id;
}

void throw_spawn_error(SpawnError err, const char* api) {
    switch (err) {
        case SpawnError::NoScheduler:
            zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                                    g.fatal ? "%s: the scheduler stopped after a fatal error"
                                            : "%s needs a scheduler: call it inside Trident\\Coroutine\\run() or a "
                                              "server callback",
                                    api);
            break;
        case SpawnError::Blocked:
            zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                                    "%s cannot start a coroutine here: switching coroutines is impossible in a "
                                    "destructor, during garbage collection and at shutdown",
                                    api);
            break;
        case SpawnError::Limit:
            zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                                    "%s: the maximum number of coroutines (%u) is reached (trident.max_coroutine)",
                                    api, g.max_coroutine);
            break;
        case SpawnError::NoStack:
        case SpawnError::None:
            break;
    }
}

void add_defer(Coro* co, zval* callable) {
    if (co->defer_count == co->defer_capacity) {
        co->defer_capacity = co->defer_capacity ? co->defer_capacity * 2 : 4;
        co->defers = static_cast<zval*>(safe_erealloc(co->defers, co->defer_capacity, sizeof(zval), 0));
    }
    ZVAL_COPY(&co->defers[co->defer_count++], callable);
}

// --- module hooks -----------------------------------------------------------------------------

void scheduler_minit() {
    g_prev_exit_handler = zend_get_user_opcode_handler(ZEND_EXIT);
    zend_set_user_opcode_handler(ZEND_EXIT, exit_handler);
}

void scheduler_mshutdown() { zend_set_user_opcode_handler(ZEND_EXIT, g_prev_exit_handler); }

// End of the request: nothing may survive it (contexts, VM stacks and zvals are request
// memory). Normally nothing is left but idle contexts; after a fatal error, coroutines that
// were suspended are destroyed without being resumed.
void scheduler_rshutdown() {
    // A loop the server attached may already be gone: only our own loop is touched.
    if (!g.loop_owned) g.loop = nullptr;
    timers_clear_all();
    trident::php::hooks::dns_detach();
    while (g.ready.pop()) {
    }
    g.drain_posted = false;
    g.draining = false;
    std::vector<Coro*> live;
    g.table.for_each([&](const coroutine::CoroutineTable::Entry& e) { live.push_back(static_cast<Coro*>(e.handle)); });
    g.table.reset();
    for (Coro* co : live) {
        release_task(co);
        for (uint32_t i = 0; i < co->defer_count; ++i) zval_ptr_dtor(&co->defers[i]);
        if (co->defers) efree(co->defers);
        destroy_unresumed(co);
    }
    // Idle contexts leave their loop and end normally (observers see them finish), unless
    // switching is impossible now.
    std::vector<Coro*> idle;
    idle.swap(g.pool);
    bool can_switch = !zend_fiber_switch_blocked() && !g.current;
    for (Coro* co : idle) {
        if (can_switch) {
            co->quit = true;
            enter(co, false);
        } else {
            destroy_unresumed(co);
        }
    }
    g.current = nullptr;
    if (g.loop_owned) delete g.loop;
    g.loop = nullptr;
    g.loop_owned = false;
    g.fatal = false;
}

// Coroutine\run(): a private loop for a CLI script.
bool run_main(const Task& task) {
    auto* loop = new EventLoop();
    if (!loop->valid()) {
        zend_throw_exception_ex(trident_ce_coroutine_exception, errno, "Trident\\Coroutine\\run(): epoll_create1: %s",
                                strerror(errno));
        delete loop;
        return false;
    }
    g.loop = loop;
    g.loop_owned = true;
    SpawnError err;
    if (!spawn(task, &err)) {
        if (err != SpawnError::NoStack) throw_spawn_error(err, "Trident\\Coroutine\\run()");
    }
    while (!EG(exception)) {
        if (!loop->alive()) {
            if (g.table.size() == 0) break;
            // Live coroutines, and nothing (timer, ready coroutine) that could ever wake them.
            size_t stuck = g.table.size();
            php_error_docref(nullptr, E_WARNING,
                             "%zu coroutine(s) waiting forever (deadlock): cancelled as if they called exit()", stuck);
            cancel_all();
            continue;
        }
        if (loop->run_once(-1) < 0) {
            zend_throw_exception_ex(trident_ce_coroutine_exception, errno, "Trident\\Coroutine\\run(): epoll_wait: %s",
                                    strerror(errno));
            break;
        }
    }
    if (EG(exception)) {
        // Only an unwind_exit (fatal) or a loop failure: the coroutines still suspended are
        // freed at the end of the request.
        return false;
    }
    timers_clear_all();
    trident::php::hooks::dns_detach();
    g.loop = nullptr;
    g.loop_owned = false;
    delete loop;
    return true;
}

bool scheduler_busy() { return g.loop != nullptr || g.current != nullptr; }

}  // namespace trident::php::co

// --- the interface for the server binding ----------------------------------------------------

using namespace trident::php::co;

bool trident_coroutine_attach(trident::EventLoop& loop) {
    if (g.loop == &loop) return true;
    if (g.loop || g.current) return false;
    g.loop = &loop;
    g.loop_owned = false;
    return true;
}

void trident_coroutine_detach() {
    if (!g.loop || g.current) return;
    cancel_all();
    timers_clear_all();
    trident::php::hooks::dns_detach();
    while (g.ready.pop()) {
    }
    g.drain_posted = false;
    if (g.loop_owned) delete g.loop;
    g.loop = nullptr;
    g.loop_owned = false;
}

void trident_coroutine_loop_run(trident::EventLoop& loop) {
    if (!trident_coroutine_attach(loop)) return;
    loop.run();
}

int64_t trident_coroutine_spawn_ex(zend_fcall_info_cache* fcc, uint32_t argc, zval* argv,
                                   trident_coroutine_exit_fn on_exit, void* data) {
    Task task;
    task.fcc = fcc;
    task.argc = argc;
    task.argv = argv;
    task.on_exit = on_exit;
    task.on_exit_data = data;
    SpawnError err;
    int64_t id = spawn(task, &err);
    if (id) return id;
    switch (err) {
        case SpawnError::Limit:
            zend_error(E_WARNING, "Trident: cannot start a coroutine: max_coroutine (%u) coroutines are alive",
                       g.max_coroutine);
            break;
        case SpawnError::NoScheduler:
            zend_error(E_WARNING, "Trident: cannot start a coroutine: no event loop is attached");
            break;
        case SpawnError::Blocked:
            zend_error(E_WARNING, "Trident: cannot start a coroutine: switching is impossible here");
            break;
        case SpawnError::NoStack:
            if (EG(exception) && !zend_is_unwind_exit(EG(exception))) {
                zend_exception_error(EG(exception), E_WARNING);
            }
            break;
        case SpawnError::None:
            break;
    }
    return 0;
}

bool trident_coroutine_spawn(zend_fcall_info_cache* fcc, uint32_t argc, zval* argv) {
    return trident_coroutine_spawn_ex(fcc, argc, argv, nullptr, nullptr) != 0;
}

bool trident_coroutine_in_coroutine() { return g.current != nullptr; }

int64_t trident_coroutine_current_id() { return g.current ? g.current->id : -1; }

bool trident_coroutine_can_suspend() {
    return g.current && !zend_fiber_switch_blocked() && !g.current->cancelling;
}

TridentWaitResult trident_coroutine_suspend(const char* api, int64_t timeout_ms) {
    if (!can_suspend(api)) return TridentWaitResult::Failed;
    Coro* co = g.current;
    co->external_wait = true;
    WakeReason r = wait(timeout_ms);
    co->external_wait = false;
    switch (r) {
        case WakeReason::Event:
            return TridentWaitResult::Resumed;
        case WakeReason::Timeout:
            return TridentWaitResult::TimedOut;
        default:
            return TridentWaitResult::Failed;
    }
}

bool trident_coroutine_resume(int64_t cid) {
    const auto* e = g.table.find(cid);
    if (!e) return false;
    Coro* co = static_cast<Coro*>(e->handle);
    if (!co->external_wait || !co->waiting) return false;
    wake(co);
    return true;
}

bool trident_coroutine_cancel(int64_t cid) {
    if (g.current) return false;
    const auto* e = g.table.find(cid);
    if (!e) return false;
    Coro* co = static_cast<Coro*>(e->handle);
    if (co->state != CoState::Suspended) return false;
    cancel(co);
    return true;
}

void trident_coroutine_set_count_slot(std::atomic<int64_t>* slot) {
    g.count_slot = slot;
    publish_count();
}

void trident_coroutine_set_max(uint32_t max_coroutine) { g.max_coroutine = max_coroutine ? max_coroutine : 1; }

uint32_t trident_coroutine_max() { return g.max_coroutine; }

size_t trident_coroutine_count() { return g.table.size(); }

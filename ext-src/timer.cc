// Trident\Timer: PHP timers on the scheduler's event loop. Each firing runs the callback in
// a new coroutine, so a callback may sleep or wait like any coroutine.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "coroutine_internal.h"

extern "C" {
#include "zend_exceptions.h"
}

#include <unordered_map>

using namespace trident::php::co;

namespace {

struct PhpTimer {
    zend_long id;
    trident::EventLoop::TimerId loop_id;
    bool repeat;
    zval callable;
    zend_fcall_info_cache fcc;
    uint32_t argc;  // for tick(): the timer id, then the user's arguments
    zval* argv;
};

// PHP id -> timer. Ids are small and sequential, as users of Swoole's Timer expect.
std::unordered_map<zend_long, PhpTimer*> g_timers;
zend_long g_next_id = 1;

void free_timer(PhpTimer* t) {
    zval_ptr_dtor(&t->callable);
    for (uint32_t i = 0; i < t->argc; ++i) zval_ptr_dtor(&t->argv[i]);
    if (t->argv) efree(t->argv);
    efree(t);
}

void fire(void* data, trident::EventLoop::TimerId) {
    auto* t = static_cast<PhpTimer*>(data);
    if (EG(exception)) return;  // an unwind_exit (fatal) is on its way out
    // Nothing of *t may be read after spawn() for a tick: its callback may clear (free) it.
    const zend_long id = t->id;
    const bool repeat = t->repeat;
    if (!repeat) g_timers.erase(id);
    Task task;
    task.callable = &t->callable;
    task.fcc = &t->fcc;
    task.argc = t->argc;
    task.argv = t->argv;
    SpawnError err;
    if (!spawn(task, &err)) {
        if (err == SpawnError::Limit) {
            // zend_error: no "function():" prefix, the loop is not inside the timer's API.
            zend_error(E_WARNING,
                       "Trident\\Timer: callback of timer " ZEND_LONG_FMT
                       " skipped: the maximum number of coroutines (%u) is reached",
                       id, trident_coroutine_max());
        } else if (err == SpawnError::NoStack && EG(exception) && !zend_is_unwind_exit(EG(exception))) {
            zend_exception_error(EG(exception), E_WARNING);
        }
    }
    if (!repeat) free_timer(t);  // a one-shot is no longer reachable by clear()
    if (EG(exception) && loop()) loop()->stop();
}

void add_timer(INTERNAL_FUNCTION_PARAMETERS, bool repeat) {
    zend_long ms;
    zend_fcall_info fci;
    zend_fcall_info_cache fcc;
    zval* args = nullptr;
    uint32_t argc = 0;
    ZEND_PARSE_PARAMETERS_START(2, -1)
        Z_PARAM_LONG(ms)
        Z_PARAM_FUNC(fci, fcc)
        Z_PARAM_VARIADIC('*', args, argc)
    ZEND_PARSE_PARAMETERS_END();
    if (ms < (repeat ? 1 : 0)) {
        zend_argument_value_error(1, repeat ? "must be greater than or equal to 1" : "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    if (!loop()) {
        zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                                "Trident\\Timer::%s() needs a scheduler: call it inside Trident\\Coroutine\\run() or a "
                                "server callback",
                                repeat ? "tick" : "after");
        RETURN_THROWS();
    }
    if (fcc.function_handler && (fcc.function_handler->common.fn_flags & ZEND_ACC_CALL_VIA_TRAMPOLINE)) {
        zend_release_fcall_info_cache(&fcc);
        fcc.function_handler = nullptr;
    }
    auto* t = static_cast<PhpTimer*>(emalloc(sizeof(PhpTimer)));
    t->id = g_next_id++;
    t->repeat = repeat;
    ZVAL_COPY(&t->callable, &fci.function_name);
    t->fcc = fcc;
    uint32_t extra = repeat ? 1 : 0;
    t->argc = argc + extra;
    t->argv = t->argc ? static_cast<zval*>(safe_emalloc(t->argc, sizeof(zval), 0)) : nullptr;
    if (repeat) ZVAL_LONG(&t->argv[0], t->id);
    for (uint32_t i = 0; i < argc; ++i) ZVAL_COPY(&t->argv[extra + i], &args[i]);
    t->loop_id = loop()->add_timer(ms, fire, t, repeat ? ms : 0);
    g_timers.emplace(t->id, t);
    RETURN_LONG(t->id);
}

}  // namespace

ZEND_METHOD(Trident_Timer, after) { add_timer(INTERNAL_FUNCTION_PARAM_PASSTHRU, false); }

ZEND_METHOD(Trident_Timer, tick) { add_timer(INTERNAL_FUNCTION_PARAM_PASSTHRU, true); }

ZEND_METHOD(Trident_Timer, clear) {
    zend_long id;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_LONG(id)
    ZEND_PARSE_PARAMETERS_END();
    auto it = g_timers.find(id);
    if (it == g_timers.end()) RETURN_FALSE;
    PhpTimer* t = it->second;
    g_timers.erase(it);
    if (loop()) loop()->cancel_timer(t->loop_id);
    free_timer(t);
    RETURN_TRUE;
}

namespace trident::php::co {

size_t timer_count() { return g_timers.size(); }

void timers_clear_all() {
    std::unordered_map<zend_long, PhpTimer*> timers;
    timers.swap(g_timers);
    for (auto& [id, t] : timers) {
        if (loop()) loop()->cancel_timer(t->loop_id);
        free_timer(t);
    }
}

}  // namespace trident::php::co

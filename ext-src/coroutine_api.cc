// PHP API of the scheduler: Trident\Coroutine, Trident\go(), Trident\Coroutine\run(), and the
// module hooks that register every coroutine class (Channel, WaitGroup, Timer live in their
// own files).
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "coroutine_internal.h"

extern "C" {
#include "zend_exceptions.h"
#include "zend_ini.h"
}

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "coroutine_arginfo.h"

namespace trident::php::co {
void scheduler_minit();
void scheduler_mshutdown();
void scheduler_rshutdown();
bool scheduler_busy();
bool run_main(const Task& task);
}  // namespace trident::php::co

using namespace trident::php::co;

namespace {

// Parses (callable $callback, mixed ...$args) and runs it in a new coroutine.
void create_coroutine(INTERNAL_FUNCTION_PARAMETERS, const char* api) {
    zend_fcall_info fci;
    zend_fcall_info_cache fcc;
    zval* args = nullptr;
    uint32_t argc = 0;
    ZEND_PARSE_PARAMETERS_START(1, -1)
        Z_PARAM_FUNC(fci, fcc)
        Z_PARAM_VARIADIC('*', args, argc)
    ZEND_PARSE_PARAMETERS_END();
    // A __call trampoline is a one-shot function: resolve the callable again when it runs.
    if (fcc.function_handler && (fcc.function_handler->common.fn_flags & ZEND_ACC_CALL_VIA_TRAMPOLINE)) {
        zend_release_fcall_info_cache(&fcc);
        fcc.function_handler = nullptr;
    }
    Task task;
    task.callable = &fci.function_name;
    task.fcc = &fcc;
    task.argc = argc;
    task.argv = args;
    SpawnError err;
    int64_t id = spawn(task, &err);
    if (!id) {
        throw_spawn_error(err, api);
        RETURN_THROWS();
    }
    // The coroutine may have ended with unwind_exit (fatal): let it propagate.
    if (EG(exception)) RETURN_THROWS();
    RETURN_LONG(id);
}

void collect_id(void* ctx, int64_t cid) { static_cast<std::vector<int64_t>*>(ctx)->push_back(cid); }

zend_long g_ini_max_coroutine = 10000;

ZEND_INI_MH(on_update_max_coroutine) {
    (void)entry;
    (void)mh_arg1;
    (void)mh_arg2;
    (void)mh_arg3;
    (void)stage;
    char* end = nullptr;
    long long v = strtoll(ZSTR_VAL(new_value), &end, 10);
    if (end == ZSTR_VAL(new_value) || *end != '\0' || v < 1 || v > 0x7fffffff) return FAILURE;
    g_ini_max_coroutine = zend_long(v);
    trident_coroutine_set_max(uint32_t(v));
    return SUCCESS;
}

ZEND_INI_BEGIN()
    // Cap on live coroutines per process: each holds a C stack (fiber.stack_size of address
    // space, ~10 KB resident when idle) and two memory mappings (vm.max_map_count is 65530
    // by default, so ~32,000 is the system's own limit).
    ZEND_INI_ENTRY("trident.max_coroutine", "10000", ZEND_INI_ALL, on_update_max_coroutine)
ZEND_INI_END()

}  // namespace

ZEND_FUNCTION(Trident_go) { create_coroutine(INTERNAL_FUNCTION_PARAM_PASSTHRU, "Trident\\go()"); }

ZEND_FUNCTION(Trident_Coroutine_run) {
    zend_fcall_info fci;
    zend_fcall_info_cache fcc;
    zval* args = nullptr;
    uint32_t argc = 0;
    ZEND_PARSE_PARAMETERS_START(1, -1)
        Z_PARAM_FUNC(fci, fcc)
        Z_PARAM_VARIADIC('*', args, argc)
    ZEND_PARSE_PARAMETERS_END();
    if (scheduler_busy()) {
        zend_throw_exception(trident_ce_coroutine_exception,
                             "Trident\\Coroutine\\run() cannot be used inside a coroutine or while a scheduler runs "
                             "(a server worker, or another run())",
                             0);
        RETURN_THROWS();
    }
    if (fcc.function_handler && (fcc.function_handler->common.fn_flags & ZEND_ACC_CALL_VIA_TRAMPOLINE)) {
        zend_release_fcall_info_cache(&fcc);
        fcc.function_handler = nullptr;
    }
    Task task;
    task.callable = &fci.function_name;
    task.fcc = &fcc;
    task.argc = argc;
    task.argv = args;
    if (!run_main(task)) RETURN_THROWS();
    RETURN_TRUE;
}

ZEND_METHOD(Trident_Coroutine, create) {
    create_coroutine(INTERNAL_FUNCTION_PARAM_PASSTHRU, "Trident\\Coroutine::create()");
}

ZEND_METHOD(Trident_Coroutine, sleep) {
    double seconds;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_DOUBLE(seconds)
    ZEND_PARSE_PARAMETERS_END();
    if (!(seconds >= 0)) {
        zend_argument_value_error(1, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    if (!can_suspend("Trident\\Coroutine::sleep()")) RETURN_THROWS();
    if (seconds == 0) {
        if (!yield()) RETURN_THROWS();
        RETURN_TRUE;
    }
    if (wait(timeout_ms(seconds)) == WakeReason::Cancel) RETURN_THROWS();
    RETURN_TRUE;
}

ZEND_METHOD(Trident_Coroutine, getCid) {
    ZEND_PARSE_PARAMETERS_NONE();
    Coro* co = current();
    RETURN_LONG(co ? co->id : -1);
}

ZEND_METHOD(Trident_Coroutine, getPcid) {
    zend_long cid = 0;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(cid)
    ZEND_PARSE_PARAMETERS_END();
    if (cid == 0) {
        Coro* co = current();
        if (!co) RETURN_FALSE;
        cid = co->id;
    }
    int64_t parent;
    if (!parent_of(cid, &parent)) RETURN_FALSE;
    RETURN_LONG(parent);
}

ZEND_METHOD(Trident_Coroutine, defer) {
    zend_fcall_info fci;
    zend_fcall_info_cache fcc;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_FUNC(fci, fcc)
    ZEND_PARSE_PARAMETERS_END();
    Coro* co = current();
    if (!co) {
        zend_throw_exception(trident_ce_coroutine_exception,
                             "Trident\\Coroutine::defer() can only be called inside a coroutine", 0);
        RETURN_THROWS();
    }
    add_defer(co, &fci.function_name);
}

ZEND_METHOD(Trident_Coroutine, exists) {
    zend_long cid;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_LONG(cid)
    ZEND_PARSE_PARAMETERS_END();
    RETURN_BOOL(exists(cid));
}

ZEND_METHOD(Trident_Coroutine, list) {
    ZEND_PARSE_PARAMETERS_NONE();
    std::vector<int64_t> ids;
    ids.reserve(live_count());
    for_each_id(collect_id, &ids);
    std::sort(ids.begin(), ids.end());
    array_init_size(return_value, uint32_t(ids.size()));
    for (int64_t id : ids) add_next_index_long(return_value, id);
}

ZEND_METHOD(Trident_Coroutine, stats) {
    ZEND_PARSE_PARAMETERS_NONE();
    array_init(return_value);
    add_assoc_long(return_value, "coroutine_num", zend_long(live_count()));
    add_assoc_long(return_value, "coroutine_peak_num", zend_long(peak_count()));
    add_assoc_long(return_value, "coroutine_last_cid", zend_long(last_id()));
    add_assoc_long(return_value, "coroutine_pool_size", zend_long(pool_size()));
    add_assoc_long(return_value, "max_coroutine", zend_long(trident_coroutine_max()));
    add_assoc_long(return_value, "c_stack_size", EG(fiber_stack_size));
    add_assoc_long(return_value, "timer_num", zend_long(timer_count()));
}

// --- module hooks -----------------------------------------------------------------------------

zend_result trident_coroutine_minit(int type, int module_number) {
    zend_register_ini_entries(ini_entries, module_number);
    if (zend_register_functions(nullptr, ext_functions, nullptr, type) != SUCCESS) return FAILURE;
    register_class_Trident_Coroutine();
    register_class_Trident_Timer();
    trident_ce_coroutine_exception = register_class_Trident_Coroutine_Exception(trident_ce_exception);
    channel_minit(register_class_Trident_Coroutine_Channel());
    wait_group_minit(register_class_Trident_Coroutine_WaitGroup());
    pool_minit(register_class_Trident_Coroutine_Pool());
    scheduler_minit();
    return SUCCESS;
}

void trident_coroutine_rshutdown() { scheduler_rshutdown(); }

void trident_coroutine_mshutdown(int module_number) {
    scheduler_mshutdown();
    zend_unregister_ini_entries(module_number);
}

// Trident\Coroutine\WaitGroup: the PHP face of trident::coroutine::WaitGroup.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "coroutine_internal.h"

extern "C" {
#include "zend_exceptions.h"
}

#include "trident/coroutine/wait_group.h"

using namespace trident::php::co;
using WaitGroupCore = trident::coroutine::WaitGroup;
using trident::coroutine::Waiter;
using trident::coroutine::WaitStatus;

namespace {

zend_object_handlers g_wait_group_handlers;

struct WaitGroupObject {
    WaitGroupCore* core;  // nullptr until the constructor ran
    zend_object std;
};

WaitGroupObject* wait_group_from(zend_object* obj) {
    return reinterpret_cast<WaitGroupObject*>(reinterpret_cast<char*>(obj) - XtOffsetOf(WaitGroupObject, std));
}

zend_object* wait_group_create(zend_class_entry* ce) {
    auto* wg = static_cast<WaitGroupObject*>(zend_object_alloc(sizeof(WaitGroupObject), ce));
    wg->core = nullptr;
    zend_object_std_init(&wg->std, ce);
    object_properties_init(&wg->std, ce);
    wg->std.handlers = &g_wait_group_handlers;
    return &wg->std;
}

void wait_group_free(zend_object* obj) {
    WaitGroupObject* wg = wait_group_from(obj);
    delete wg->core;  // no waiter left: a waiter's frame holds a reference to the object
    wg->core = nullptr;
    zend_object_std_dtor(obj);
}

WaitGroupCore* this_core(zval* this_ptr) {
    WaitGroupObject* wg = wait_group_from(Z_OBJ_P(this_ptr));
    if (!wg->core) zend_throw_error(nullptr, "Trident\\Coroutine\\WaitGroup is not constructed");
    return wg->core;
}

void wake_waiter(void*, Waiter* w) { wake(static_cast<Coro*>(w->owner)); }

bool add(WaitGroupCore* core, zend_long delta, const char* api) {
    if (core->add(delta, wake_waiter, nullptr)) return true;
    if (delta < 0) {
        zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                                "%s: the counter would become negative (" ZEND_LONG_FMT " - " ZEND_LONG_FMT ")", api,
                                zend_long(core->count()), -delta);
    } else {
        zend_throw_exception_ex(trident_ce_coroutine_exception, 0, "%s: the counter would overflow", api);
    }
    return false;
}

}  // namespace

ZEND_METHOD(Trident_Coroutine_WaitGroup, __construct) {
    zend_long delta = 0;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(delta)
    ZEND_PARSE_PARAMETERS_END();
    if (delta < 0) {
        zend_argument_value_error(1, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    WaitGroupObject* wg = wait_group_from(Z_OBJ_P(ZEND_THIS));
    if (wg->core) {
        zend_throw_error(nullptr, "Trident\\Coroutine\\WaitGroup::__construct() cannot be called twice");
        RETURN_THROWS();
    }
    wg->core = new WaitGroupCore(delta);
}

ZEND_METHOD(Trident_Coroutine_WaitGroup, add) {
    zend_long delta = 1;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(delta)
    ZEND_PARSE_PARAMETERS_END();
    WaitGroupCore* core = this_core(ZEND_THIS);
    if (!core || !add(core, delta, "Trident\\Coroutine\\WaitGroup::add()")) RETURN_THROWS();
}

ZEND_METHOD(Trident_Coroutine_WaitGroup, done) {
    ZEND_PARSE_PARAMETERS_NONE();
    WaitGroupCore* core = this_core(ZEND_THIS);
    if (!core || !add(core, -1, "Trident\\Coroutine\\WaitGroup::done()")) RETURN_THROWS();
}

ZEND_METHOD(Trident_Coroutine_WaitGroup, wait) {
    double timeout = -1;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_DOUBLE(timeout)
    ZEND_PARSE_PARAMETERS_END();
    WaitGroupCore* core = this_core(ZEND_THIS);
    if (!core) RETURN_THROWS();
    if (core->count() == 0) RETURN_TRUE;
    if (timeout == 0) RETURN_FALSE;
    if (!can_suspend("Trident\\Coroutine\\WaitGroup::wait()")) RETURN_THROWS();
    Waiter w;
    w.owner = current();
    core->wait(&w);
    WakeReason r = wait(timeout_ms(timeout));
    if (w.status != WaitStatus::Done) core->cancel(&w);
    if (r == WakeReason::Cancel) RETURN_THROWS();
    RETURN_BOOL(w.status == WaitStatus::Done);
}

ZEND_METHOD(Trident_Coroutine_WaitGroup, count) {
    ZEND_PARSE_PARAMETERS_NONE();
    WaitGroupCore* core = this_core(ZEND_THIS);
    if (!core) RETURN_THROWS();
    RETURN_LONG(zend_long(core->count()));
}

namespace trident::php::co {

void wait_group_minit(zend_class_entry* ce) {
    ce->create_object = wait_group_create;
    memcpy(&g_wait_group_handlers, zend_get_std_object_handlers(), sizeof g_wait_group_handlers);
    g_wait_group_handlers.offset = XtOffsetOf(WaitGroupObject, std);
    g_wait_group_handlers.free_obj = wait_group_free;
    g_wait_group_handlers.clone_obj = nullptr;
    ce->ce_flags |= ZEND_ACC_NOT_SERIALIZABLE;
}

}  // namespace trident::php::co

// Trident\Coroutine\Pool: a bounded pool of connections made lazily by a PHP factory and
// shared by the coroutines of one worker. It counts "slots": a slot is a connection that
// exists (idle, in use, or being made by the factory). get() takes an idle connection, else
// reserves a free slot and calls the factory, else waits in FIFO order. put() hands a
// connection straight to the first waiter (or parks it idle); put(null) hands the slot
// itself on, so that the waiter calls the factory for a fresh connection.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <deque>

#include "coroutine_internal.h"

extern "C" {
#include "zend_exceptions.h"
#include "zend_interfaces.h"
}

using namespace trident::php::co;
using trident::IntrusiveList;
using trident::ListLink;

namespace {

zend_class_entry* g_ce_pool;
zend_object_handlers g_pool_handlers;

// What a waiting get() was given.
enum class Grant : uint8_t {
    None,        // still queued
    Connection,  // value holds a connection put back by another coroutine
    Slot,        // a broken connection was forgotten: make a new one
    Closed,      // the pool was closed
};

struct PoolWaiter {
    ListLink link;  // first member: the list link converts back to the waiter
    Coro* owner = nullptr;
    Grant grant = Grant::None;
    zval value;  // the connection when grant == Connection
};

PoolWaiter* waiter_of(ListLink* l) { return reinterpret_cast<PoolWaiter*>(l); }

struct PoolCore {
    zval factory;  // resolved at each call: a __call trampoline is one-shot
    size_t size = 0;
    size_t created = 0;      // slots taken: idle + in use + being made
    size_t waiting = 0;      // waiters queued
    bool closed = false;
    std::deque<zval> idle;   // FIFO: every connection is used in turn, none goes stale
    IntrusiveList waiters;   // PoolWaiter, oldest first

    PoolWaiter* take_waiter() {
        ListLink* l = waiters.front();
        if (!l) return nullptr;
        IntrusiveList::remove(l);
        waiting--;
        return waiter_of(l);
    }
};

struct PoolObject {
    PoolCore* core;  // nullptr until the constructor ran
    zend_object std;
};

PoolObject* pool_from(zend_object* obj) {
    return reinterpret_cast<PoolObject*>(reinterpret_cast<char*>(obj) - XtOffsetOf(PoolObject, std));
}

zend_object* pool_create(zend_class_entry* ce) {
    auto* p = static_cast<PoolObject*>(zend_object_alloc(sizeof(PoolObject), ce));
    p->core = nullptr;
    zend_object_std_init(&p->std, ce);
    object_properties_init(&p->std, ce);
    p->std.handlers = &g_pool_handlers;
    return &p->std;
}

// Destroys idle connections after taking them out of the pool: a destructor (PDO, Redis)
// may run PHP code, which must see a consistent pool.
void drop_idle(PoolCore* core) {
    std::deque<zval> dropped;
    dropped.swap(core->idle);
    core->created -= dropped.size();
    for (zval& v : dropped) zval_ptr_dtor(&v);
}

void pool_free(zend_object* obj) {
    PoolObject* p = pool_from(obj);
    if (p->core) {
        // No coroutine can be waiting: a waiter's frame holds a reference to the pool.
        drop_idle(p->core);
        zval_ptr_dtor(&p->core->factory);
        delete p->core;
        p->core = nullptr;
    }
    zend_object_std_dtor(obj);
}

// The factory and the idle connections are visible to the cycle collector (a factory
// closure may capture the pool).
HashTable* pool_gc(zend_object* obj, zval** table, int* n) {
    PoolObject* p = pool_from(obj);
    zend_get_gc_buffer* buf = zend_get_gc_buffer_create();
    if (p->core) {
        zend_get_gc_buffer_add_zval(buf, &p->core->factory);
        for (zval& v : p->core->idle) zend_get_gc_buffer_add_zval(buf, &v);
    }
    zend_get_gc_buffer_use(buf, table, n);
    return zend_std_get_properties(obj);
}

PoolCore* this_core(zval* this_ptr) {
    PoolObject* p = pool_from(Z_OBJ_P(this_ptr));
    if (!p->core) zend_throw_error(nullptr, "Trident\\Coroutine\\Pool is not constructed");
    return p->core;
}

// errCode is written on every get(): when the declared property already holds the value (the
// usual case: OK after OK) nothing is written, which spares the lookup by name.
uint32_t g_err_code_offset = 0;  // 0: not known (a declared property's offset is never 0)

void set_err(zval* this_ptr, zend_long code) {
    zend_object* obj = Z_OBJ_P(this_ptr);
    if (g_err_code_offset) {
        zval* slot = reinterpret_cast<zval*>(reinterpret_cast<char*>(obj) + g_err_code_offset);
        if (Z_TYPE_P(slot) == IS_LONG && Z_LVAL_P(slot) == code) return;
    }
    zend_update_property_long(g_ce_pool, obj, "errCode", sizeof("errCode") - 1, code);
}

// Takes ownership of a connection coming back: to the first waiter, to the idle queue, or
// (closed pool) to the bin.
void give_back(PoolCore* core, zval* conn) {
    if (core->closed) {
        core->created--;
        zval_ptr_dtor(conn);
        return;
    }
    if (PoolWaiter* w = core->take_waiter()) {
        ZVAL_COPY_VALUE(&w->value, conn);
        w->grant = Grant::Connection;
        wake(w->owner);
        return;
    }
    core->idle.push_back(*conn);
}

// Frees a slot (a broken connection, a failed factory): the first waiter inherits it and
// makes the connection itself; without one the slot is simply free.
void release_slot(PoolCore* core) {
    if (!core->closed) {
        if (PoolWaiter* w = core->take_waiter()) {
            w->grant = Grant::Slot;
            wake(w->owner);
            return;
        }
    }
    core->created--;
}

// Calls the factory for a slot already reserved; on failure the slot is released.
bool make_connection(PoolCore* core, zval* out) {
    ZVAL_UNDEF(out);
    if (call_user_function(nullptr, nullptr, &core->factory, out, 0, nullptr) != SUCCESS || EG(exception)) {
        zval_ptr_dtor(out);
        release_slot(core);
        return false;
    }
    if (Z_TYPE_P(out) == IS_NULL || Z_ISUNDEF_P(out)) {
        release_slot(core);
        zend_throw_exception(trident_ce_coroutine_exception,
                             "Trident\\Coroutine\\Pool: the factory returned null instead of a connection", 0);
        return false;
    }
    return true;
}

}  // namespace

ZEND_METHOD(Trident_Coroutine_Pool, __construct) {
    zend_fcall_info fci;
    zend_fcall_info_cache fcc;
    zend_long size = 64;
    ZEND_PARSE_PARAMETERS_START(1, 2)
        Z_PARAM_FUNC(fci, fcc)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(size)
    ZEND_PARSE_PARAMETERS_END();
    if (size < 1) {
        zend_argument_value_error(2, "must be greater than or equal to 1");
        RETURN_THROWS();
    }
    PoolObject* p = pool_from(Z_OBJ_P(ZEND_THIS));
    if (p->core) {
        zend_throw_error(nullptr, "Trident\\Coroutine\\Pool::__construct() cannot be called twice");
        RETURN_THROWS();
    }
    if (fcc.function_handler && (fcc.function_handler->common.fn_flags & ZEND_ACC_CALL_VIA_TRAMPOLINE)) {
        zend_release_fcall_info_cache(&fcc);
    }
    auto* core = new PoolCore();
    ZVAL_COPY(&core->factory, &fci.function_name);
    core->size = size_t(size);
    p->core = core;
}

ZEND_METHOD(Trident_Coroutine_Pool, get) {
    double timeout = -1;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_DOUBLE(timeout)
    ZEND_PARSE_PARAMETERS_END();
    PoolCore* core = this_core(ZEND_THIS);
    if (!core) RETURN_THROWS();
    if (core->closed) {
        set_err(ZEND_THIS, TRIDENT_CHANNEL_CLOSED);
        RETURN_FALSE;
    }
    if (!core->idle.empty()) {
        zval conn = core->idle.front();
        core->idle.pop_front();
        set_err(ZEND_THIS, TRIDENT_CHANNEL_OK);
        RETURN_COPY_VALUE(&conn);
    }
    if (core->created < core->size) {
        core->created++;  // reserved before the factory runs: it may suspend (connect)
        if (!make_connection(core, return_value)) RETURN_THROWS();
        set_err(ZEND_THIS, TRIDENT_CHANNEL_OK);
        return;
    }
    if (timeout == 0) {
        set_err(ZEND_THIS, TRIDENT_CHANNEL_TIMEOUT);
        RETURN_FALSE;
    }
    if (!can_suspend("Trident\\Coroutine\\Pool::get()")) RETURN_THROWS();
    PoolWaiter w;
    ZVAL_UNDEF(&w.value);
    w.owner = current();
    core->waiters.push_back(&w.link);
    core->waiting++;
    WakeReason r = wait(timeout_ms(timeout));
    if (w.grant == Grant::None) {  // timed out or cancelled while still queued
        IntrusiveList::remove(&w.link);
        core->waiting--;
        if (r == WakeReason::Cancel) RETURN_THROWS();
        set_err(ZEND_THIS, TRIDENT_CHANNEL_TIMEOUT);
        RETURN_FALSE;
    }
    if (r == WakeReason::Cancel) {  // granted, but this coroutine is exiting: pass it on
        if (w.grant == Grant::Connection) give_back(core, &w.value);
        if (w.grant == Grant::Slot) release_slot(core);
        RETURN_THROWS();
    }
    switch (w.grant) {
        case Grant::Connection:
            set_err(ZEND_THIS, TRIDENT_CHANNEL_OK);
            RETURN_COPY_VALUE(&w.value);
        case Grant::Slot:
            if (!make_connection(core, return_value)) RETURN_THROWS();
            set_err(ZEND_THIS, TRIDENT_CHANNEL_OK);
            return;
        default:
            set_err(ZEND_THIS, TRIDENT_CHANNEL_CLOSED);
            RETURN_FALSE;
    }
}

ZEND_METHOD(Trident_Coroutine_Pool, put) {
    zval* conn;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(conn)
    ZEND_PARSE_PARAMETERS_END();
    PoolCore* core = this_core(ZEND_THIS);
    if (!core) RETURN_THROWS();
    if (core->created == core->idle.size()) {
        zend_throw_exception(trident_ce_coroutine_exception,
                             "Trident\\Coroutine\\Pool::put(): no connection of this pool is in use", 0);
        RETURN_THROWS();
    }
    if (Z_TYPE_P(conn) == IS_NULL) {
        release_slot(core);
        return;
    }
    zval v;
    ZVAL_COPY(&v, conn);
    give_back(core, &v);
}

ZEND_METHOD(Trident_Coroutine_Pool, close) {
    ZEND_PARSE_PARAMETERS_NONE();
    PoolCore* core = this_core(ZEND_THIS);
    if (!core) RETURN_THROWS();
    if (core->closed) return;
    core->closed = true;
    while (PoolWaiter* w = core->take_waiter()) {
        w->grant = Grant::Closed;
        wake(w->owner);
    }
    drop_idle(core);
}

ZEND_METHOD(Trident_Coroutine_Pool, stats) {
    ZEND_PARSE_PARAMETERS_NONE();
    PoolCore* core = this_core(ZEND_THIS);
    if (!core) RETURN_THROWS();
    array_init(return_value);
    add_assoc_long(return_value, "size", zend_long(core->size));
    add_assoc_long(return_value, "created", zend_long(core->created));
    add_assoc_long(return_value, "idle", zend_long(core->idle.size()));
    add_assoc_long(return_value, "in_use", zend_long(core->created - core->idle.size()));
    add_assoc_long(return_value, "waiting", zend_long(core->waiting));
}

namespace trident::php::co {

void pool_minit(zend_class_entry* ce) {
    g_ce_pool = ce;
    if (auto* info = static_cast<zend_property_info*>(zend_hash_str_find_ptr(&ce->properties_info, "errCode",
                                                                             sizeof("errCode") - 1))) {
        if (!(info->flags & ZEND_ACC_STATIC)) g_err_code_offset = info->offset;
    }
    ce->create_object = pool_create;
    memcpy(&g_pool_handlers, zend_get_std_object_handlers(), sizeof g_pool_handlers);
    g_pool_handlers.offset = XtOffsetOf(PoolObject, std);
    g_pool_handlers.free_obj = pool_free;
    g_pool_handlers.get_gc = pool_gc;
    g_pool_handlers.clone_obj = nullptr;
    ce->ce_flags |= ZEND_ACC_NOT_SERIALIZABLE;
}

}  // namespace trident::php::co

// Trident\Coroutine\Channel: the PHP face of trident::coroutine::Channel<zval>. The core keeps
// the buffer and the queues of waiting coroutines; this file moves zvals in and out, suspends
// and wakes coroutines, and keeps $errCode.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "coroutine_internal.h"

extern "C" {
#include "zend_exceptions.h"
#include "zend_interfaces.h"
}

#include "trident/coroutine/channel.h"

using namespace trident::php::co;
using ChannelCore = trident::coroutine::Channel<zval>;
using ChannelWaiter = ChannelCore::ValueWaiterT;
using trident::coroutine::ChannelResult;
using trident::coroutine::WaitStatus;

namespace {

zend_class_entry* g_ce_channel;
zend_object_handlers g_channel_handlers;

struct ChannelObject {
    ChannelCore* core;  // nullptr until the constructor ran
    zend_object std;
};

ChannelObject* channel_from(zend_object* obj) {
    return reinterpret_cast<ChannelObject*>(reinterpret_cast<char*>(obj) - XtOffsetOf(ChannelObject, std));
}

zend_object* channel_create(zend_class_entry* ce) {
    auto* ch = static_cast<ChannelObject*>(zend_object_alloc(sizeof(ChannelObject), ce));
    ch->core = nullptr;
    zend_object_std_init(&ch->std, ce);
    object_properties_init(&ch->std, ce);
    ch->std.handlers = &g_channel_handlers;
    return &ch->std;
}

void channel_free(zend_object* obj) {
    ChannelObject* ch = channel_from(obj);
    if (ch->core) {
        // No coroutine can be waiting: a waiter's frame holds a reference to the channel.
        ch->core->drain([](zval& v) { zval_ptr_dtor(&v); });
        delete ch->core;
        ch->core = nullptr;
    }
    zend_object_std_dtor(obj);
}

// Buffered values are visible to the cycle collector (a channel may hold itself).
HashTable* channel_gc(zend_object* obj, zval** table, int* n) {
    ChannelObject* ch = channel_from(obj);
    zend_get_gc_buffer* buf = zend_get_gc_buffer_create();
    if (ch->core) ch->core->for_each([&](const zval& v) { zend_get_gc_buffer_add_zval(buf, const_cast<zval*>(&v)); });
    zend_get_gc_buffer_use(buf, table, n);
    return zend_std_get_properties(obj);
}

ChannelObject* this_channel(zval* this_ptr) {
    ChannelObject* ch = channel_from(Z_OBJ_P(this_ptr));
    if (!ch->core) zend_throw_error(nullptr, "Trident\\Coroutine\\Channel is not constructed");
    return ch->core ? ch : nullptr;
}

void set_err(zval* this_ptr, zend_long code) {
    zend_update_property_long(g_ce_channel, Z_OBJ_P(this_ptr), "errCode", sizeof("errCode") - 1, code);
}

void wake_waiter(ChannelWaiter* w) { wake(static_cast<Coro*>(w->owner)); }

}  // namespace

ZEND_METHOD(Trident_Coroutine_Channel, __construct) {
    zend_long capacity = 1;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(capacity)
    ZEND_PARSE_PARAMETERS_END();
    if (capacity < 1) {
        zend_argument_value_error(1, "must be greater than or equal to 1");
        RETURN_THROWS();
    }
    ChannelObject* ch = channel_from(Z_OBJ_P(ZEND_THIS));
    if (ch->core) {
        zend_throw_error(nullptr, "Trident\\Coroutine\\Channel::__construct() cannot be called twice");
        RETURN_THROWS();
    }
    ch->core = new ChannelCore(size_t(capacity));
    zend_update_property_long(g_ce_channel, Z_OBJ_P(ZEND_THIS), "capacity", sizeof("capacity") - 1, capacity);
}

ZEND_METHOD(Trident_Coroutine_Channel, push) {
    zval* data;
    double timeout = -1;
    ZEND_PARSE_PARAMETERS_START(1, 2)
        Z_PARAM_ZVAL(data)
        Z_PARAM_OPTIONAL
        Z_PARAM_DOUBLE(timeout)
    ZEND_PARSE_PARAMETERS_END();
    ChannelObject* ch = this_channel(ZEND_THIS);
    if (!ch) RETURN_THROWS();
    zval v;
    ZVAL_COPY(&v, data);
    ChannelWaiter* woken;
    switch (ch->core->push(v, &woken)) {
        case ChannelResult::Ok:
            if (woken) wake_waiter(woken);
            set_err(ZEND_THIS, TRIDENT_CHANNEL_OK);
            RETURN_TRUE;
        case ChannelResult::Closed:
            zval_ptr_dtor(&v);
            set_err(ZEND_THIS, TRIDENT_CHANNEL_CLOSED);
            RETURN_FALSE;
        case ChannelResult::WouldBlock:
            break;
    }
    if (timeout == 0) {
        zval_ptr_dtor(&v);
        set_err(ZEND_THIS, TRIDENT_CHANNEL_TIMEOUT);
        RETURN_FALSE;
    }
    if (!can_suspend("Trident\\Coroutine\\Channel::push()")) {
        zval_ptr_dtor(&v);
        RETURN_THROWS();
    }
    ChannelWaiter w;
    ZVAL_COPY_VALUE(&w.value, &v);
    w.owner = current();
    ch->core->wait_push(&w);
    WakeReason r = wait(timeout_ms(timeout));
    if (w.status == WaitStatus::Done) {  // the value was taken
        if (r == WakeReason::Cancel) RETURN_THROWS();
        set_err(ZEND_THIS, TRIDENT_CHANNEL_OK);
        RETURN_TRUE;
    }
    ch->core->cancel(&w);  // timed out or cancelled while still queued (no-op once closed)
    zval_ptr_dtor(&w.value);
    if (r == WakeReason::Cancel) RETURN_THROWS();
    set_err(ZEND_THIS, w.status == WaitStatus::Closed ? TRIDENT_CHANNEL_CLOSED : TRIDENT_CHANNEL_TIMEOUT);
    RETURN_FALSE;
}

ZEND_METHOD(Trident_Coroutine_Channel, pop) {
    double timeout = -1;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_DOUBLE(timeout)
    ZEND_PARSE_PARAMETERS_END();
    ChannelObject* ch = this_channel(ZEND_THIS);
    if (!ch) RETURN_THROWS();
    zval out;
    ChannelWaiter* woken;
    switch (ch->core->pop(out, &woken)) {
        case ChannelResult::Ok:
            if (woken) wake_waiter(woken);
            set_err(ZEND_THIS, TRIDENT_CHANNEL_OK);
            RETURN_COPY_VALUE(&out);
        case ChannelResult::Closed:
            set_err(ZEND_THIS, TRIDENT_CHANNEL_CLOSED);
            RETURN_FALSE;
        case ChannelResult::WouldBlock:
            break;
    }
    if (timeout == 0) {
        set_err(ZEND_THIS, TRIDENT_CHANNEL_TIMEOUT);
        RETURN_FALSE;
    }
    if (!can_suspend("Trident\\Coroutine\\Channel::pop()")) RETURN_THROWS();
    ChannelWaiter w;
    ZVAL_UNDEF(&w.value);
    w.owner = current();
    ch->core->wait_pop(&w);
    WakeReason r = wait(timeout_ms(timeout));
    if (w.status == WaitStatus::Done) {
        if (r == WakeReason::Cancel) {
            zval_ptr_dtor(&w.value);
            RETURN_THROWS();
        }
        set_err(ZEND_THIS, TRIDENT_CHANNEL_OK);
        RETURN_COPY_VALUE(&w.value);
    }
    ch->core->cancel(&w);
    if (r == WakeReason::Cancel) RETURN_THROWS();
    set_err(ZEND_THIS, w.status == WaitStatus::Closed ? TRIDENT_CHANNEL_CLOSED : TRIDENT_CHANNEL_TIMEOUT);
    RETURN_FALSE;
}

ZEND_METHOD(Trident_Coroutine_Channel, close) {
    ZEND_PARSE_PARAMETERS_NONE();
    ChannelObject* ch = this_channel(ZEND_THIS);
    if (!ch) RETURN_THROWS();
    RETURN_BOOL(ch->core->close(wake_waiter));
}

ZEND_METHOD(Trident_Coroutine_Channel, length) {
    ZEND_PARSE_PARAMETERS_NONE();
    ChannelObject* ch = this_channel(ZEND_THIS);
    if (!ch) RETURN_THROWS();
    RETURN_LONG(zend_long(ch->core->length()));
}

ZEND_METHOD(Trident_Coroutine_Channel, isEmpty) {
    ZEND_PARSE_PARAMETERS_NONE();
    ChannelObject* ch = this_channel(ZEND_THIS);
    if (!ch) RETURN_THROWS();
    RETURN_BOOL(ch->core->empty());
}

ZEND_METHOD(Trident_Coroutine_Channel, isFull) {
    ZEND_PARSE_PARAMETERS_NONE();
    ChannelObject* ch = this_channel(ZEND_THIS);
    if (!ch) RETURN_THROWS();
    RETURN_BOOL(ch->core->full());
}

ZEND_METHOD(Trident_Coroutine_Channel, stats) {
    ZEND_PARSE_PARAMETERS_NONE();
    ChannelObject* ch = this_channel(ZEND_THIS);
    if (!ch) RETURN_THROWS();
    array_init(return_value);
    add_assoc_long(return_value, "consumer_num", zend_long(ch->core->poppers()));
    add_assoc_long(return_value, "producer_num", zend_long(ch->core->pushers()));
    add_assoc_long(return_value, "queue_num", zend_long(ch->core->length()));
}

namespace trident::php::co {

void channel_minit(zend_class_entry* ce) {
    g_ce_channel = ce;
    ce->create_object = channel_create;
    memcpy(&g_channel_handlers, zend_get_std_object_handlers(), sizeof g_channel_handlers);
    g_channel_handlers.offset = XtOffsetOf(ChannelObject, std);
    g_channel_handlers.free_obj = channel_free;
    g_channel_handlers.get_gc = channel_gc;
    g_channel_handlers.clone_obj = nullptr;
    ce->ce_flags |= ZEND_ACC_NOT_SERIALIZABLE;
}

}  // namespace trident::php::co

/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 38a8fb9566e113c6066c3be39345f75f870b642d */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Trident_go, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, callback, IS_CALLABLE, 0)
	ZEND_ARG_VARIADIC_TYPE_INFO(0, args, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Trident_Coroutine_run, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, callback, IS_CALLABLE, 0)
	ZEND_ARG_VARIADIC_TYPE_INFO(0, args, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Coroutine_create arginfo_Trident_go

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_sleep, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, seconds, IS_DOUBLE, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_getCid, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_Trident_Coroutine_getPcid, 0, 0, MAY_BE_LONG|MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, cid, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_defer, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, callback, IS_CALLABLE, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_exists, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, cid, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_list, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Coroutine_stats arginfo_class_Trident_Coroutine_list

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Timer_after, 0, 2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, ms, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, callback, IS_CALLABLE, 0)
	ZEND_ARG_VARIADIC_TYPE_INFO(0, args, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Timer_tick arginfo_class_Trident_Timer_after

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Timer_clear, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, timerId, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Trident_Coroutine_Channel___construct, 0, 0, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, capacity, IS_LONG, 0, "1")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_Channel_push, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 0, "-1")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_Channel_pop, 0, 0, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 0, "-1")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_Channel_close, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Coroutine_Channel_length arginfo_class_Trident_Coroutine_getCid

#define arginfo_class_Trident_Coroutine_Channel_isEmpty arginfo_class_Trident_Coroutine_Channel_close

#define arginfo_class_Trident_Coroutine_Channel_isFull arginfo_class_Trident_Coroutine_Channel_close

#define arginfo_class_Trident_Coroutine_Channel_stats arginfo_class_Trident_Coroutine_list

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Trident_Coroutine_WaitGroup___construct, 0, 0, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, delta, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_WaitGroup_add, 0, 0, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, delta, IS_LONG, 0, "1")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_WaitGroup_done, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_WaitGroup_wait, 0, 0, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 0, "-1")
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Coroutine_WaitGroup_count arginfo_class_Trident_Coroutine_getCid

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Trident_Coroutine_Pool___construct, 0, 0, 1)
	ZEND_ARG_TYPE_INFO(0, factory, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, size, IS_LONG, 0, "64")
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Coroutine_Pool_get arginfo_class_Trident_Coroutine_Channel_pop

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Coroutine_Pool_put, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, connection, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Coroutine_Pool_close arginfo_class_Trident_Coroutine_WaitGroup_done

#define arginfo_class_Trident_Coroutine_Pool_stats arginfo_class_Trident_Coroutine_list


ZEND_FUNCTION(Trident_go);
ZEND_FUNCTION(Trident_Coroutine_run);
ZEND_METHOD(Trident_Coroutine, create);
ZEND_METHOD(Trident_Coroutine, sleep);
ZEND_METHOD(Trident_Coroutine, getCid);
ZEND_METHOD(Trident_Coroutine, getPcid);
ZEND_METHOD(Trident_Coroutine, defer);
ZEND_METHOD(Trident_Coroutine, exists);
ZEND_METHOD(Trident_Coroutine, list);
ZEND_METHOD(Trident_Coroutine, stats);
ZEND_METHOD(Trident_Timer, after);
ZEND_METHOD(Trident_Timer, tick);
ZEND_METHOD(Trident_Timer, clear);
ZEND_METHOD(Trident_Coroutine_Channel, __construct);
ZEND_METHOD(Trident_Coroutine_Channel, push);
ZEND_METHOD(Trident_Coroutine_Channel, pop);
ZEND_METHOD(Trident_Coroutine_Channel, close);
ZEND_METHOD(Trident_Coroutine_Channel, length);
ZEND_METHOD(Trident_Coroutine_Channel, isEmpty);
ZEND_METHOD(Trident_Coroutine_Channel, isFull);
ZEND_METHOD(Trident_Coroutine_Channel, stats);
ZEND_METHOD(Trident_Coroutine_WaitGroup, __construct);
ZEND_METHOD(Trident_Coroutine_WaitGroup, add);
ZEND_METHOD(Trident_Coroutine_WaitGroup, done);
ZEND_METHOD(Trident_Coroutine_WaitGroup, wait);
ZEND_METHOD(Trident_Coroutine_WaitGroup, count);
ZEND_METHOD(Trident_Coroutine_Pool, __construct);
ZEND_METHOD(Trident_Coroutine_Pool, get);
ZEND_METHOD(Trident_Coroutine_Pool, put);
ZEND_METHOD(Trident_Coroutine_Pool, close);
ZEND_METHOD(Trident_Coroutine_Pool, stats);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("Trident", go, Trident_go, arginfo_Trident_go)
	ZEND_NS_FALIAS("Trident\\Coroutine", run, Trident_Coroutine_run, arginfo_Trident_Coroutine_run)
	ZEND_FE_END
};


static const zend_function_entry class_Trident_Coroutine_methods[] = {
	ZEND_ME(Trident_Coroutine, create, arginfo_class_Trident_Coroutine_create, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Coroutine, sleep, arginfo_class_Trident_Coroutine_sleep, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Coroutine, getCid, arginfo_class_Trident_Coroutine_getCid, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Coroutine, getPcid, arginfo_class_Trident_Coroutine_getPcid, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Coroutine, defer, arginfo_class_Trident_Coroutine_defer, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Coroutine, exists, arginfo_class_Trident_Coroutine_exists, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Coroutine, list, arginfo_class_Trident_Coroutine_list, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Coroutine, stats, arginfo_class_Trident_Coroutine_stats, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_Trident_Timer_methods[] = {
	ZEND_ME(Trident_Timer, after, arginfo_class_Trident_Timer_after, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Timer, tick, arginfo_class_Trident_Timer_tick, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Timer, clear, arginfo_class_Trident_Timer_clear, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_Trident_Coroutine_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Trident_Coroutine_Channel_methods[] = {
	ZEND_ME(Trident_Coroutine_Channel, __construct, arginfo_class_Trident_Coroutine_Channel___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Channel, push, arginfo_class_Trident_Coroutine_Channel_push, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Channel, pop, arginfo_class_Trident_Coroutine_Channel_pop, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Channel, close, arginfo_class_Trident_Coroutine_Channel_close, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Channel, length, arginfo_class_Trident_Coroutine_Channel_length, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Channel, isEmpty, arginfo_class_Trident_Coroutine_Channel_isEmpty, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Channel, isFull, arginfo_class_Trident_Coroutine_Channel_isFull, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Channel, stats, arginfo_class_Trident_Coroutine_Channel_stats, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Trident_Coroutine_WaitGroup_methods[] = {
	ZEND_ME(Trident_Coroutine_WaitGroup, __construct, arginfo_class_Trident_Coroutine_WaitGroup___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_WaitGroup, add, arginfo_class_Trident_Coroutine_WaitGroup_add, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_WaitGroup, done, arginfo_class_Trident_Coroutine_WaitGroup_done, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_WaitGroup, wait, arginfo_class_Trident_Coroutine_WaitGroup_wait, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_WaitGroup, count, arginfo_class_Trident_Coroutine_WaitGroup_count, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Trident_Coroutine_Pool_methods[] = {
	ZEND_ME(Trident_Coroutine_Pool, __construct, arginfo_class_Trident_Coroutine_Pool___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Pool, get, arginfo_class_Trident_Coroutine_Pool_get, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Pool, put, arginfo_class_Trident_Coroutine_Pool_put, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Pool, close, arginfo_class_Trident_Coroutine_Pool_close, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Coroutine_Pool, stats, arginfo_class_Trident_Coroutine_Pool_stats, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Trident_Coroutine(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident", "Coroutine", class_Trident_Coroutine_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}

static zend_class_entry *register_class_Trident_Timer(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident", "Timer", class_Trident_Timer_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}

static zend_class_entry *register_class_Trident_Coroutine_Exception(zend_class_entry *class_entry_Trident_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\Coroutine", "Exception", class_Trident_Coroutine_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Trident_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Trident_Coroutine_Channel(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\Coroutine", "Channel", class_Trident_Coroutine_Channel_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);

	zval const_OK_value;
	ZVAL_LONG(&const_OK_value, TRIDENT_CHANNEL_OK);
	zend_string *const_OK_name = zend_string_init_interned("OK", sizeof("OK") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_OK_name, &const_OK_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_OK_name);
	ZEND_ASSERT(TRIDENT_CHANNEL_OK == 0);

	zval const_TIMEOUT_value;
	ZVAL_LONG(&const_TIMEOUT_value, TRIDENT_CHANNEL_TIMEOUT);
	zend_string *const_TIMEOUT_name = zend_string_init_interned("TIMEOUT", sizeof("TIMEOUT") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_TIMEOUT_name, &const_TIMEOUT_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_TIMEOUT_name);
	ZEND_ASSERT(TRIDENT_CHANNEL_TIMEOUT == -1);

	zval const_CLOSED_value;
	ZVAL_LONG(&const_CLOSED_value, TRIDENT_CHANNEL_CLOSED);
	zend_string *const_CLOSED_name = zend_string_init_interned("CLOSED", sizeof("CLOSED") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_CLOSED_name, &const_CLOSED_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_CLOSED_name);
	ZEND_ASSERT(TRIDENT_CHANNEL_CLOSED == -2);

	zval const_CANCELED_value;
	ZVAL_LONG(&const_CANCELED_value, TRIDENT_CHANNEL_CANCELED);
	zend_string *const_CANCELED_name = zend_string_init_interned("CANCELED", sizeof("CANCELED") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_CANCELED_name, &const_CANCELED_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_CANCELED_name);
	ZEND_ASSERT(TRIDENT_CHANNEL_CANCELED == -3);

	zval property_capacity_default_value;
	ZVAL_UNDEF(&property_capacity_default_value);
	zend_string *property_capacity_name = zend_string_init("capacity", sizeof("capacity") - 1, 1);
	zend_declare_typed_property(class_entry, property_capacity_name, &property_capacity_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_capacity_name);

	zval property_errCode_default_value;
	ZVAL_LONG(&property_errCode_default_value, 0);
	zend_string *property_errCode_name = zend_string_init("errCode", sizeof("errCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_errCode_name, &property_errCode_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_errCode_name);

	return class_entry;
}

static zend_class_entry *register_class_Trident_Coroutine_WaitGroup(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\Coroutine", "WaitGroup", class_Trident_Coroutine_WaitGroup_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);

	return class_entry;
}

static zend_class_entry *register_class_Trident_Coroutine_Pool(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\Coroutine", "Pool", class_Trident_Coroutine_Pool_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);

	zval const_OK_value;
	ZVAL_LONG(&const_OK_value, TRIDENT_CHANNEL_OK);
	zend_string *const_OK_name = zend_string_init_interned("OK", sizeof("OK") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_OK_name, &const_OK_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_OK_name);
	ZEND_ASSERT(TRIDENT_CHANNEL_OK == 0);

	zval const_TIMEOUT_value;
	ZVAL_LONG(&const_TIMEOUT_value, TRIDENT_CHANNEL_TIMEOUT);
	zend_string *const_TIMEOUT_name = zend_string_init_interned("TIMEOUT", sizeof("TIMEOUT") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_TIMEOUT_name, &const_TIMEOUT_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_TIMEOUT_name);
	ZEND_ASSERT(TRIDENT_CHANNEL_TIMEOUT == -1);

	zval const_CLOSED_value;
	ZVAL_LONG(&const_CLOSED_value, TRIDENT_CHANNEL_CLOSED);
	zend_string *const_CLOSED_name = zend_string_init_interned("CLOSED", sizeof("CLOSED") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_CLOSED_name, &const_CLOSED_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_CLOSED_name);
	ZEND_ASSERT(TRIDENT_CHANNEL_CLOSED == -2);

	zval property_errCode_default_value;
	ZVAL_LONG(&property_errCode_default_value, 0);
	zend_string *property_errCode_name = zend_string_init("errCode", sizeof("errCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_errCode_name, &property_errCode_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_errCode_name);

	return class_entry;
}

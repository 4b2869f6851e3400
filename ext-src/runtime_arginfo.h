/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 5050c01494cdb0464a3d5cbd5d1f001a9ea313cb */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Runtime_enableCoroutine, 0, 0, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, flags, IS_LONG, 0, "Trident\\Runtime::HOOK_ALL")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Runtime_getHookFlags, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()


ZEND_METHOD(Trident_Runtime, enableCoroutine);
ZEND_METHOD(Trident_Runtime, getHookFlags);


static const zend_function_entry class_Trident_Runtime_methods[] = {
	ZEND_ME(Trident_Runtime, enableCoroutine, arginfo_class_Trident_Runtime_enableCoroutine, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Runtime, getHookFlags, arginfo_class_Trident_Runtime_getHookFlags, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Trident_Runtime(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident", "Runtime", class_Trident_Runtime_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	zval const_HOOK_TCP_value;
	ZVAL_LONG(&const_HOOK_TCP_value, TRIDENT_HOOK_TCP);
	zend_string *const_HOOK_TCP_name = zend_string_init_interned("HOOK_TCP", sizeof("HOOK_TCP") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_TCP_name, &const_HOOK_TCP_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_TCP_name);

	zval const_HOOK_UDP_value;
	ZVAL_LONG(&const_HOOK_UDP_value, TRIDENT_HOOK_UDP);
	zend_string *const_HOOK_UDP_name = zend_string_init_interned("HOOK_UDP", sizeof("HOOK_UDP") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_UDP_name, &const_HOOK_UDP_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_UDP_name);

	zval const_HOOK_UNIX_value;
	ZVAL_LONG(&const_HOOK_UNIX_value, TRIDENT_HOOK_UNIX);
	zend_string *const_HOOK_UNIX_name = zend_string_init_interned("HOOK_UNIX", sizeof("HOOK_UNIX") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_UNIX_name, &const_HOOK_UNIX_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_UNIX_name);

	zval const_HOOK_UDG_value;
	ZVAL_LONG(&const_HOOK_UDG_value, TRIDENT_HOOK_UDG);
	zend_string *const_HOOK_UDG_name = zend_string_init_interned("HOOK_UDG", sizeof("HOOK_UDG") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_UDG_name, &const_HOOK_UDG_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_UDG_name);

	zval const_HOOK_SSL_value;
	ZVAL_LONG(&const_HOOK_SSL_value, TRIDENT_HOOK_SSL);
	zend_string *const_HOOK_SSL_name = zend_string_init_interned("HOOK_SSL", sizeof("HOOK_SSL") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_SSL_name, &const_HOOK_SSL_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_SSL_name);

	zval const_HOOK_TLS_value;
	ZVAL_LONG(&const_HOOK_TLS_value, TRIDENT_HOOK_TLS);
	zend_string *const_HOOK_TLS_name = zend_string_init_interned("HOOK_TLS", sizeof("HOOK_TLS") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_TLS_name, &const_HOOK_TLS_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_TLS_name);

	zval const_HOOK_STREAM_FUNCTION_value;
	ZVAL_LONG(&const_HOOK_STREAM_FUNCTION_value, TRIDENT_HOOK_STREAM_FUNCTION);
	zend_string *const_HOOK_STREAM_FUNCTION_name = zend_string_init_interned("HOOK_STREAM_FUNCTION", sizeof("HOOK_STREAM_FUNCTION") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_STREAM_FUNCTION_name, &const_HOOK_STREAM_FUNCTION_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_STREAM_FUNCTION_name);

	zval const_HOOK_SLEEP_value;
	ZVAL_LONG(&const_HOOK_SLEEP_value, TRIDENT_HOOK_SLEEP);
	zend_string *const_HOOK_SLEEP_name = zend_string_init_interned("HOOK_SLEEP", sizeof("HOOK_SLEEP") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_SLEEP_name, &const_HOOK_SLEEP_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_SLEEP_name);

	zval const_HOOK_PROC_value;
	ZVAL_LONG(&const_HOOK_PROC_value, TRIDENT_HOOK_PROC);
	zend_string *const_HOOK_PROC_name = zend_string_init_interned("HOOK_PROC", sizeof("HOOK_PROC") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_PROC_name, &const_HOOK_PROC_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_PROC_name);

	zval const_HOOK_CURL_value;
	ZVAL_LONG(&const_HOOK_CURL_value, TRIDENT_HOOK_CURL);
	zend_string *const_HOOK_CURL_name = zend_string_init_interned("HOOK_CURL", sizeof("HOOK_CURL") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_CURL_name, &const_HOOK_CURL_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_CURL_name);

	zval const_HOOK_DNS_value;
	ZVAL_LONG(&const_HOOK_DNS_value, TRIDENT_HOOK_DNS);
	zend_string *const_HOOK_DNS_name = zend_string_init_interned("HOOK_DNS", sizeof("HOOK_DNS") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_DNS_name, &const_HOOK_DNS_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_DNS_name);

	zval const_HOOK_PGSQL_value;
	ZVAL_LONG(&const_HOOK_PGSQL_value, TRIDENT_HOOK_PGSQL);
	zend_string *const_HOOK_PGSQL_name = zend_string_init_interned("HOOK_PGSQL", sizeof("HOOK_PGSQL") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_PGSQL_name, &const_HOOK_PGSQL_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_PGSQL_name);

	zval const_HOOK_ALL_value;
	ZVAL_LONG(&const_HOOK_ALL_value, TRIDENT_HOOK_ALL);
	zend_string *const_HOOK_ALL_name = zend_string_init_interned("HOOK_ALL", sizeof("HOOK_ALL") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_HOOK_ALL_name, &const_HOOK_ALL_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_HOOK_ALL_name);

	return class_entry;
}

/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 76325bc7849f87b4b68c949d3a268d92d7be5026 */

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Trident_Http_Server___construct, 0, 0, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, host, IS_STRING, 0, "\"0.0.0.0\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, port, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Server_set, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, settings, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Server_on, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, event, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, callback, IS_CALLABLE, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Server_listen, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, host, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, port, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, settings, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Server_start, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Http_Server_shutdown arginfo_class_Trident_Http_Server_start

#define arginfo_class_Trident_Http_Server_reload arginfo_class_Trident_Http_Server_start

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Server_sendDatagram, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, fd, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Server_stats, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Trident_Http_Request___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Request_getMethod, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_Trident_Http_Request_rawContent, 0, 0, MAY_BE_STRING|MAY_BE_FALSE)
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Http_Request_getContent arginfo_class_Trident_Http_Request_rawContent

#define arginfo_class_Trident_Http_Request_getData arginfo_class_Trident_Http_Request_getMethod

#define arginfo_class_Trident_Http_Response___construct arginfo_class_Trident_Http_Request___construct

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_status, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, code, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, reason, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_header, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_MASK(0, value, MAY_BE_STRING|MAY_BE_ARRAY, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_cookie, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, value, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, expires, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, path, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, domain, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, secure, _IS_BOOL, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, httponly, _IS_BOOL, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, samesite, IS_STRING, 0, "\"\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, priority, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Http_Response_rawCookie arginfo_class_Trident_Http_Response_cookie

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_trailer, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_write, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_end, 0, 0, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, data, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_sendfile, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, filename, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, offset, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, length, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_redirect, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, location, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, http_code, IS_LONG, 0, "302")
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Http_Response_isWritable arginfo_class_Trident_Http_Server_start


ZEND_METHOD(Trident_Http_Server, __construct);
ZEND_METHOD(Trident_Http_Server, set);
ZEND_METHOD(Trident_Http_Server, on);
ZEND_METHOD(Trident_Http_Server, listen);
ZEND_METHOD(Trident_Http_Server, start);
ZEND_METHOD(Trident_Http_Server, shutdown);
ZEND_METHOD(Trident_Http_Server, reload);
ZEND_METHOD(Trident_Http_Server, sendDatagram);
ZEND_METHOD(Trident_Http_Server, stats);
ZEND_METHOD(Trident_Http_Request, __construct);
ZEND_METHOD(Trident_Http_Request, getMethod);
ZEND_METHOD(Trident_Http_Request, rawContent);
ZEND_METHOD(Trident_Http_Request, getData);
ZEND_METHOD(Trident_Http_Response, __construct);
ZEND_METHOD(Trident_Http_Response, status);
ZEND_METHOD(Trident_Http_Response, header);
ZEND_METHOD(Trident_Http_Response, cookie);
ZEND_METHOD(Trident_Http_Response, rawCookie);
ZEND_METHOD(Trident_Http_Response, trailer);
ZEND_METHOD(Trident_Http_Response, write);
ZEND_METHOD(Trident_Http_Response, end);
ZEND_METHOD(Trident_Http_Response, sendfile);
ZEND_METHOD(Trident_Http_Response, redirect);
ZEND_METHOD(Trident_Http_Response, isWritable);


static const zend_function_entry class_Trident_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Trident_Http_Server_methods[] = {
	ZEND_ME(Trident_Http_Server, __construct, arginfo_class_Trident_Http_Server___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Server, set, arginfo_class_Trident_Http_Server_set, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Server, on, arginfo_class_Trident_Http_Server_on, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Server, listen, arginfo_class_Trident_Http_Server_listen, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Server, start, arginfo_class_Trident_Http_Server_start, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Server, shutdown, arginfo_class_Trident_Http_Server_shutdown, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Server, reload, arginfo_class_Trident_Http_Server_reload, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Server, sendDatagram, arginfo_class_Trident_Http_Server_sendDatagram, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Server, stats, arginfo_class_Trident_Http_Server_stats, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Trident_Http_Request_methods[] = {
	ZEND_ME(Trident_Http_Request, __construct, arginfo_class_Trident_Http_Request___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Trident_Http_Request, getMethod, arginfo_class_Trident_Http_Request_getMethod, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Request, rawContent, arginfo_class_Trident_Http_Request_rawContent, ZEND_ACC_PUBLIC)
	ZEND_MALIAS(Trident_Http_Request, getContent, rawContent, arginfo_class_Trident_Http_Request_getContent, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Request, getData, arginfo_class_Trident_Http_Request_getData, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Trident_Http_Response_methods[] = {
	ZEND_ME(Trident_Http_Response, __construct, arginfo_class_Trident_Http_Response___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Trident_Http_Response, status, arginfo_class_Trident_Http_Response_status, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, header, arginfo_class_Trident_Http_Response_header, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, cookie, arginfo_class_Trident_Http_Response_cookie, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, rawCookie, arginfo_class_Trident_Http_Response_rawCookie, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, trailer, arginfo_class_Trident_Http_Response_trailer, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, write, arginfo_class_Trident_Http_Response_write, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, end, arginfo_class_Trident_Http_Response_end, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, sendfile, arginfo_class_Trident_Http_Response_sendfile, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, redirect, arginfo_class_Trident_Http_Response_redirect, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, isWritable, arginfo_class_Trident_Http_Response_isWritable, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Trident_Exception(zend_class_entry *class_entry_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident", "Exception", class_Trident_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Trident_Http_Server(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\Http", "Server", class_Trident_Http_Server_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	zval const_DISPATCH_ROUND_ROBIN_value;
	ZVAL_LONG(&const_DISPATCH_ROUND_ROBIN_value, TRIDENT_DISPATCH_ROUND_ROBIN);
	zend_string *const_DISPATCH_ROUND_ROBIN_name = zend_string_init_interned("DISPATCH_ROUND_ROBIN", sizeof("DISPATCH_ROUND_ROBIN") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_DISPATCH_ROUND_ROBIN_name, &const_DISPATCH_ROUND_ROBIN_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_DISPATCH_ROUND_ROBIN_name);
	ZEND_ASSERT(TRIDENT_DISPATCH_ROUND_ROBIN == 1);

	zval const_DISPATCH_LEAST_LOADED_value;
	ZVAL_LONG(&const_DISPATCH_LEAST_LOADED_value, TRIDENT_DISPATCH_LEAST_LOADED);
	zend_string *const_DISPATCH_LEAST_LOADED_name = zend_string_init_interned("DISPATCH_LEAST_LOADED", sizeof("DISPATCH_LEAST_LOADED") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_DISPATCH_LEAST_LOADED_name, &const_DISPATCH_LEAST_LOADED_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_DISPATCH_LEAST_LOADED_name);
	ZEND_ASSERT(TRIDENT_DISPATCH_LEAST_LOADED == 2);

	zval const_DISPATCH_SESSION_AFFINITY_value;
	ZVAL_LONG(&const_DISPATCH_SESSION_AFFINITY_value, TRIDENT_DISPATCH_SESSION_AFFINITY);
	zend_string *const_DISPATCH_SESSION_AFFINITY_name = zend_string_init_interned("DISPATCH_SESSION_AFFINITY", sizeof("DISPATCH_SESSION_AFFINITY") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_DISPATCH_SESSION_AFFINITY_name, &const_DISPATCH_SESSION_AFFINITY_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_DISPATCH_SESSION_AFFINITY_name);
	ZEND_ASSERT(TRIDENT_DISPATCH_SESSION_AFFINITY == 3);

	zval const_LOG_DEBUG_value;
	ZVAL_LONG(&const_LOG_DEBUG_value, TRIDENT_LOG_DEBUG);
	zend_string *const_LOG_DEBUG_name = zend_string_init_interned("LOG_DEBUG", sizeof("LOG_DEBUG") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_DEBUG_name, &const_LOG_DEBUG_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_DEBUG_name);
	ZEND_ASSERT(TRIDENT_LOG_DEBUG == 0);

	zval const_LOG_INFO_value;
	ZVAL_LONG(&const_LOG_INFO_value, TRIDENT_LOG_INFO);
	zend_string *const_LOG_INFO_name = zend_string_init_interned("LOG_INFO", sizeof("LOG_INFO") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_INFO_name, &const_LOG_INFO_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_INFO_name);
	ZEND_ASSERT(TRIDENT_LOG_INFO == 1);

	zval const_LOG_NOTICE_value;
	ZVAL_LONG(&const_LOG_NOTICE_value, TRIDENT_LOG_NOTICE);
	zend_string *const_LOG_NOTICE_name = zend_string_init_interned("LOG_NOTICE", sizeof("LOG_NOTICE") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_NOTICE_name, &const_LOG_NOTICE_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_NOTICE_name);
	ZEND_ASSERT(TRIDENT_LOG_NOTICE == 2);

	zval const_LOG_WARNING_value;
	ZVAL_LONG(&const_LOG_WARNING_value, TRIDENT_LOG_WARNING);
	zend_string *const_LOG_WARNING_name = zend_string_init_interned("LOG_WARNING", sizeof("LOG_WARNING") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_WARNING_name, &const_LOG_WARNING_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_WARNING_name);
	ZEND_ASSERT(TRIDENT_LOG_WARNING == 3);

	zval const_LOG_ERROR_value;
	ZVAL_LONG(&const_LOG_ERROR_value, TRIDENT_LOG_ERROR);
	zend_string *const_LOG_ERROR_name = zend_string_init_interned("LOG_ERROR", sizeof("LOG_ERROR") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_ERROR_name, &const_LOG_ERROR_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_ERROR_name);
	ZEND_ASSERT(TRIDENT_LOG_ERROR == 4);

	zval const_LOG_NONE_value;
	ZVAL_LONG(&const_LOG_NONE_value, TRIDENT_LOG_NONE);
	zend_string *const_LOG_NONE_name = zend_string_init_interned("LOG_NONE", sizeof("LOG_NONE") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_NONE_name, &const_LOG_NONE_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_NONE_name);
	ZEND_ASSERT(TRIDENT_LOG_NONE == 5);

	zval property_masterPid_default_value;
	ZVAL_LONG(&property_masterPid_default_value, 0);
	zend_string *property_masterPid_name = zend_string_init("masterPid", sizeof("masterPid") - 1, 1);
	zend_declare_typed_property(class_entry, property_masterPid_name, &property_masterPid_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_masterPid_name);

	zval property_managerPid_default_value;
	ZVAL_LONG(&property_managerPid_default_value, 0);
	zend_string *property_managerPid_name = zend_string_init("managerPid", sizeof("managerPid") - 1, 1);
	zend_declare_typed_property(class_entry, property_managerPid_name, &property_managerPid_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_managerPid_name);

	zval property_workerId_default_value;
	ZVAL_LONG(&property_workerId_default_value, -1);
	zend_string *property_workerId_name = zend_string_init("workerId", sizeof("workerId") - 1, 1);
	zend_declare_typed_property(class_entry, property_workerId_name, &property_workerId_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_workerId_name);

	zval property_workerPid_default_value;
	ZVAL_LONG(&property_workerPid_default_value, 0);
	zend_string *property_workerPid_name = zend_string_init("workerPid", sizeof("workerPid") - 1, 1);
	zend_declare_typed_property(class_entry, property_workerPid_name, &property_workerPid_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_workerPid_name);

	zval property_setting_default_value;
	ZVAL_EMPTY_ARRAY(&property_setting_default_value);
	zend_string *property_setting_name = zend_string_init("setting", sizeof("setting") - 1, 1);
	zend_declare_typed_property(class_entry, property_setting_name, &property_setting_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_setting_name);

	return class_entry;
}

static zend_class_entry *register_class_Trident_Http_Request(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\Http", "Request", class_Trident_Http_Request_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_fd_default_value;
	ZVAL_LONG(&property_fd_default_value, 0);
	zend_string *property_fd_name = zend_string_init("fd", sizeof("fd") - 1, 1);
	zend_declare_typed_property(class_entry, property_fd_name, &property_fd_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_fd_name);

	zval property_streamId_default_value;
	ZVAL_LONG(&property_streamId_default_value, 0);
	zend_string *property_streamId_name = zend_string_init("streamId", sizeof("streamId") - 1, 1);
	zend_declare_typed_property(class_entry, property_streamId_name, &property_streamId_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_streamId_name);

	zval property_header_default_value;
	ZVAL_EMPTY_ARRAY(&property_header_default_value);
	zend_string *property_header_name = zend_string_init("header", sizeof("header") - 1, 1);
	zend_declare_typed_property(class_entry, property_header_name, &property_header_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_header_name);

	zval property_server_default_value;
	ZVAL_EMPTY_ARRAY(&property_server_default_value);
	zend_string *property_server_name = zend_string_init("server", sizeof("server") - 1, 1);
	zend_declare_typed_property(class_entry, property_server_name, &property_server_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_server_name);

	zval property_get_default_value;
	ZVAL_NULL(&property_get_default_value);
	zend_string *property_get_name = zend_string_init("get", sizeof("get") - 1, 1);
	zend_declare_typed_property(class_entry, property_get_name, &property_get_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY|MAY_BE_NULL));
	zend_string_release(property_get_name);

	zval property_post_default_value;
	ZVAL_NULL(&property_post_default_value);
	zend_string *property_post_name = zend_string_init("post", sizeof("post") - 1, 1);
	zend_declare_typed_property(class_entry, property_post_name, &property_post_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY|MAY_BE_NULL));
	zend_string_release(property_post_name);

	zval property_cookie_default_value;
	ZVAL_NULL(&property_cookie_default_value);
	zend_string *property_cookie_name = zend_string_init("cookie", sizeof("cookie") - 1, 1);
	zend_declare_typed_property(class_entry, property_cookie_name, &property_cookie_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY|MAY_BE_NULL));
	zend_string_release(property_cookie_name);

	zval property_files_default_value;
	ZVAL_NULL(&property_files_default_value);
	zend_string *property_files_name = zend_string_init("files", sizeof("files") - 1, 1);
	zend_declare_typed_property(class_entry, property_files_name, &property_files_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY|MAY_BE_NULL));
	zend_string_release(property_files_name);

	return class_entry;
}

static zend_class_entry *register_class_Trident_Http_Response(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\Http", "Response", class_Trident_Http_Response_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

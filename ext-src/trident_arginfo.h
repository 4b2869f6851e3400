/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: fd164208d267c6902e20ea9a292bb5c616b7c8b7 */

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Trident_Http_Server___construct, 0, 0, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, host, IS_STRING, 0, "\"0.0.0.0\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, port, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, mode, IS_LONG, 0, "Trident\\Http\\Server::MODE_PROCESS")
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

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_Trident_Http_Request_read, 0, 0, MAY_BE_STRING|MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, length, IS_LONG, 0, "65536")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 0, "-1")
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

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_earlyHints, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, headers, IS_ARRAY, 0)
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

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_Trident_Http_Response_detach, 0, 0, MAY_BE_LONG|MAY_BE_FALSE)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_class_Trident_Http_Response_create, 0, 2, Trident\\Http\\Response, MAY_BE_FALSE)
	ZEND_ARG_OBJ_INFO(0, server, Trident\\Http\\Server, 0)
	ZEND_ARG_TYPE_INFO(0, fd, IS_LONG, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_Http_Response_upgrade arginfo_class_Trident_Http_Server_start

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_class_Trident_Http_Response_recv, 0, 0, Trident\\WebSocket\\Frame, MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 0, "-1")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_push, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, opcode, IS_LONG, 0, "1")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, flags, IS_LONG, 0, "1")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_Http_Response_close, 0, 0, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, code, IS_LONG, 0, "1000")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, reason, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_WebSocket_Server_push, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, fd, IS_LONG, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, data, Trident\\WebSocket\\Frame, MAY_BE_STRING, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, opcode, IS_LONG, 0, "Trident\\WebSocket\\Frame::OPCODE_TEXT")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, flags, IS_LONG, 0, "Trident\\WebSocket\\Server::WEBSOCKET_FLAG_FIN")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_WebSocket_Server_disconnect, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, fd, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, code, IS_LONG, 0, "1000")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, reason, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_WebSocket_Server_isEstablished, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, fd, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_Trident_WebSocket_Server_getClientList, 0, 0, MAY_BE_ARRAY|MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, start_fd, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, find_count, IS_LONG, 0, "10")
ZEND_END_ARG_INFO()

#define arginfo_class_Trident_WebSocket_Connections___construct arginfo_class_Trident_Http_Request___construct

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Trident_WebSocket_Connections_getIterator, 0, 0, Iterator, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Trident_WebSocket_Connections_count, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()


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
ZEND_METHOD(Trident_Http_Request, read);
ZEND_METHOD(Trident_Http_Request, getData);
ZEND_METHOD(Trident_Http_Response, __construct);
ZEND_METHOD(Trident_Http_Response, status);
ZEND_METHOD(Trident_Http_Response, header);
ZEND_METHOD(Trident_Http_Response, earlyHints);
ZEND_METHOD(Trident_Http_Response, cookie);
ZEND_METHOD(Trident_Http_Response, rawCookie);
ZEND_METHOD(Trident_Http_Response, trailer);
ZEND_METHOD(Trident_Http_Response, write);
ZEND_METHOD(Trident_Http_Response, end);
ZEND_METHOD(Trident_Http_Response, sendfile);
ZEND_METHOD(Trident_Http_Response, redirect);
ZEND_METHOD(Trident_Http_Response, isWritable);
ZEND_METHOD(Trident_Http_Response, detach);
ZEND_METHOD(Trident_Http_Response, create);
ZEND_METHOD(Trident_Http_Response, upgrade);
ZEND_METHOD(Trident_Http_Response, recv);
ZEND_METHOD(Trident_Http_Response, push);
ZEND_METHOD(Trident_Http_Response, close);
ZEND_METHOD(Trident_WebSocket_Server, push);
ZEND_METHOD(Trident_WebSocket_Server, disconnect);
ZEND_METHOD(Trident_WebSocket_Server, isEstablished);
ZEND_METHOD(Trident_WebSocket_Server, getClientList);
ZEND_METHOD(Trident_WebSocket_Connections, __construct);
ZEND_METHOD(Trident_WebSocket_Connections, getIterator);
ZEND_METHOD(Trident_WebSocket_Connections, count);


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
	ZEND_ME(Trident_Http_Request, read, arginfo_class_Trident_Http_Request_read, ZEND_ACC_PUBLIC)
	ZEND_MALIAS(Trident_Http_Request, getContent, rawContent, arginfo_class_Trident_Http_Request_getContent, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Request, getData, arginfo_class_Trident_Http_Request_getData, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Trident_Http_Response_methods[] = {
	ZEND_ME(Trident_Http_Response, __construct, arginfo_class_Trident_Http_Response___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Trident_Http_Response, status, arginfo_class_Trident_Http_Response_status, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, header, arginfo_class_Trident_Http_Response_header, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, earlyHints, arginfo_class_Trident_Http_Response_earlyHints, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, cookie, arginfo_class_Trident_Http_Response_cookie, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, rawCookie, arginfo_class_Trident_Http_Response_rawCookie, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, trailer, arginfo_class_Trident_Http_Response_trailer, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, write, arginfo_class_Trident_Http_Response_write, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, end, arginfo_class_Trident_Http_Response_end, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, sendfile, arginfo_class_Trident_Http_Response_sendfile, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, redirect, arginfo_class_Trident_Http_Response_redirect, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, isWritable, arginfo_class_Trident_Http_Response_isWritable, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, detach, arginfo_class_Trident_Http_Response_detach, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, create, arginfo_class_Trident_Http_Response_create, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Trident_Http_Response, upgrade, arginfo_class_Trident_Http_Response_upgrade, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, recv, arginfo_class_Trident_Http_Response_recv, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, push, arginfo_class_Trident_Http_Response_push, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_Http_Response, close, arginfo_class_Trident_Http_Response_close, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Trident_WebSocket_Server_methods[] = {
	ZEND_ME(Trident_WebSocket_Server, push, arginfo_class_Trident_WebSocket_Server_push, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_WebSocket_Server, disconnect, arginfo_class_Trident_WebSocket_Server_disconnect, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_WebSocket_Server, isEstablished, arginfo_class_Trident_WebSocket_Server_isEstablished, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_WebSocket_Server, getClientList, arginfo_class_Trident_WebSocket_Server_getClientList, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Trident_WebSocket_Frame_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Trident_WebSocket_CloseFrame_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Trident_WebSocket_Connections_methods[] = {
	ZEND_ME(Trident_WebSocket_Connections, __construct, arginfo_class_Trident_WebSocket_Connections___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Trident_WebSocket_Connections, getIterator, arginfo_class_Trident_WebSocket_Connections_getIterator, ZEND_ACC_PUBLIC)
	ZEND_ME(Trident_WebSocket_Connections, count, arginfo_class_Trident_WebSocket_Connections_count, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static void register_trident_symbols(int module_number)
{
	REGISTER_LONG_CONSTANT("Trident\\WEBSOCKET_OPCODE_TEXT", TRIDENT_WS_OPCODE_TEXT, CONST_PERSISTENT);
	ZEND_ASSERT(TRIDENT_WS_OPCODE_TEXT == 1);
	REGISTER_LONG_CONSTANT("Trident\\WEBSOCKET_OPCODE_BINARY", TRIDENT_WS_OPCODE_BINARY, CONST_PERSISTENT);
	ZEND_ASSERT(TRIDENT_WS_OPCODE_BINARY == 2);
	REGISTER_LONG_CONSTANT("Trident\\WEBSOCKET_OPCODE_CLOSE", TRIDENT_WS_OPCODE_CLOSE, CONST_PERSISTENT);
	ZEND_ASSERT(TRIDENT_WS_OPCODE_CLOSE == 8);
	REGISTER_LONG_CONSTANT("Trident\\WEBSOCKET_OPCODE_PING", TRIDENT_WS_OPCODE_PING, CONST_PERSISTENT);
	ZEND_ASSERT(TRIDENT_WS_OPCODE_PING == 9);
	REGISTER_LONG_CONSTANT("Trident\\WEBSOCKET_OPCODE_PONG", TRIDENT_WS_OPCODE_PONG, CONST_PERSISTENT);
	ZEND_ASSERT(TRIDENT_WS_OPCODE_PONG == 10);
	REGISTER_LONG_CONSTANT("Trident\\WEBSOCKET_FLAG_FIN", TRIDENT_WS_FLAG_FIN, CONST_PERSISTENT);
	ZEND_ASSERT(TRIDENT_WS_FLAG_FIN == 1);
	REGISTER_LONG_CONSTANT("Trident\\WEBSOCKET_FLAG_COMPRESS", TRIDENT_WS_FLAG_COMPRESS, CONST_PERSISTENT);
	ZEND_ASSERT(TRIDENT_WS_FLAG_COMPRESS == 2);
}

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
	class_entry->ce_flags |= ZEND_ACC_NOT_SERIALIZABLE;

	zval const_MODE_BASE_value;
	ZVAL_LONG(&const_MODE_BASE_value, TRIDENT_MODE_BASE);
	zend_string *const_MODE_BASE_name = zend_string_init_interned("MODE_BASE", sizeof("MODE_BASE") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_MODE_BASE_name, &const_MODE_BASE_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_MODE_BASE_name);
	ZEND_ASSERT(TRIDENT_MODE_BASE == 1);

	zval const_MODE_PROCESS_value;
	ZVAL_LONG(&const_MODE_PROCESS_value, TRIDENT_MODE_PROCESS);
	zend_string *const_MODE_PROCESS_name = zend_string_init_interned("MODE_PROCESS", sizeof("MODE_PROCESS") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_MODE_PROCESS_name, &const_MODE_PROCESS_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_MODE_PROCESS_name);
	ZEND_ASSERT(TRIDENT_MODE_PROCESS == 2);

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

	zval property_mode_default_value;
	ZVAL_LONG(&property_mode_default_value, 2);
	zend_string *property_mode_name = zend_string_init("mode", sizeof("mode") - 1, 1);
	zend_declare_typed_property(class_entry, property_mode_name, &property_mode_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_mode_name);

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

	zval property_trailer_default_value;
	ZVAL_NULL(&property_trailer_default_value);
	zend_string *property_trailer_name = zend_string_init("trailer", sizeof("trailer") - 1, 1);
	zend_declare_typed_property(class_entry, property_trailer_name, &property_trailer_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY|MAY_BE_NULL));
	zend_string_release(property_trailer_name);

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

static zend_class_entry *register_class_Trident_WebSocket_Server(zend_class_entry *class_entry_Trident_Http_Server)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\WebSocket", "Server", class_Trident_WebSocket_Server_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Trident_Http_Server);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;

	zval const_WEBSOCKET_FLAG_FIN_value;
	ZVAL_LONG(&const_WEBSOCKET_FLAG_FIN_value, TRIDENT_WS_FLAG_FIN);
	zend_string *const_WEBSOCKET_FLAG_FIN_name = zend_string_init_interned("WEBSOCKET_FLAG_FIN", sizeof("WEBSOCKET_FLAG_FIN") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_WEBSOCKET_FLAG_FIN_name, &const_WEBSOCKET_FLAG_FIN_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_WEBSOCKET_FLAG_FIN_name);
	ZEND_ASSERT(TRIDENT_WS_FLAG_FIN == 1);

	zval const_WEBSOCKET_FLAG_COMPRESS_value;
	ZVAL_LONG(&const_WEBSOCKET_FLAG_COMPRESS_value, TRIDENT_WS_FLAG_COMPRESS);
	zend_string *const_WEBSOCKET_FLAG_COMPRESS_name = zend_string_init_interned("WEBSOCKET_FLAG_COMPRESS", sizeof("WEBSOCKET_FLAG_COMPRESS") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_WEBSOCKET_FLAG_COMPRESS_name, &const_WEBSOCKET_FLAG_COMPRESS_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_WEBSOCKET_FLAG_COMPRESS_name);
	ZEND_ASSERT(TRIDENT_WS_FLAG_COMPRESS == 2);

	zend_string *property_connections_class_Trident_WebSocket_Connections = zend_string_init("Trident\\WebSocket\\Connections", sizeof("Trident\\WebSocket\\Connections")-1, 1);
	zval property_connections_default_value;
	ZVAL_UNDEF(&property_connections_default_value);
	zend_string *property_connections_name = zend_string_init("connections", sizeof("connections") - 1, 1);
	zend_declare_typed_property(class_entry, property_connections_name, &property_connections_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_CLASS(property_connections_class_Trident_WebSocket_Connections, 0, 0));
	zend_string_release(property_connections_name);

	return class_entry;
}

static zend_class_entry *register_class_Trident_WebSocket_Frame(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\WebSocket", "Frame", class_Trident_WebSocket_Frame_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);

	zval const_OPCODE_TEXT_value;
	ZVAL_LONG(&const_OPCODE_TEXT_value, TRIDENT_WS_OPCODE_TEXT);
	zend_string *const_OPCODE_TEXT_name = zend_string_init_interned("OPCODE_TEXT", sizeof("OPCODE_TEXT") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_OPCODE_TEXT_name, &const_OPCODE_TEXT_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_OPCODE_TEXT_name);
	ZEND_ASSERT(TRIDENT_WS_OPCODE_TEXT == 1);

	zval const_OPCODE_BINARY_value;
	ZVAL_LONG(&const_OPCODE_BINARY_value, TRIDENT_WS_OPCODE_BINARY);
	zend_string *const_OPCODE_BINARY_name = zend_string_init_interned("OPCODE_BINARY", sizeof("OPCODE_BINARY") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_OPCODE_BINARY_name, &const_OPCODE_BINARY_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_OPCODE_BINARY_name);
	ZEND_ASSERT(TRIDENT_WS_OPCODE_BINARY == 2);

	zval const_OPCODE_CLOSE_value;
	ZVAL_LONG(&const_OPCODE_CLOSE_value, TRIDENT_WS_OPCODE_CLOSE);
	zend_string *const_OPCODE_CLOSE_name = zend_string_init_interned("OPCODE_CLOSE", sizeof("OPCODE_CLOSE") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_OPCODE_CLOSE_name, &const_OPCODE_CLOSE_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_OPCODE_CLOSE_name);
	ZEND_ASSERT(TRIDENT_WS_OPCODE_CLOSE == 8);

	zval const_OPCODE_PING_value;
	ZVAL_LONG(&const_OPCODE_PING_value, TRIDENT_WS_OPCODE_PING);
	zend_string *const_OPCODE_PING_name = zend_string_init_interned("OPCODE_PING", sizeof("OPCODE_PING") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_OPCODE_PING_name, &const_OPCODE_PING_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_OPCODE_PING_name);
	ZEND_ASSERT(TRIDENT_WS_OPCODE_PING == 9);

	zval const_OPCODE_PONG_value;
	ZVAL_LONG(&const_OPCODE_PONG_value, TRIDENT_WS_OPCODE_PONG);
	zend_string *const_OPCODE_PONG_name = zend_string_init_interned("OPCODE_PONG", sizeof("OPCODE_PONG") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_OPCODE_PONG_name, &const_OPCODE_PONG_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_OPCODE_PONG_name);
	ZEND_ASSERT(TRIDENT_WS_OPCODE_PONG == 10);

	zval property_fd_default_value;
	ZVAL_LONG(&property_fd_default_value, 0);
	zend_string *property_fd_name = zend_string_init("fd", sizeof("fd") - 1, 1);
	zend_declare_typed_property(class_entry, property_fd_name, &property_fd_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_fd_name);

	zval property_data_default_value;
	ZVAL_EMPTY_STRING(&property_data_default_value);
	zend_string *property_data_name = zend_string_init("data", sizeof("data") - 1, 1);
	zend_declare_typed_property(class_entry, property_data_name, &property_data_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_data_name);

	zval property_opcode_default_value;
	ZVAL_LONG(&property_opcode_default_value, 1);
	zend_string *property_opcode_name = zend_string_init("opcode", sizeof("opcode") - 1, 1);
	zend_declare_typed_property(class_entry, property_opcode_name, &property_opcode_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_opcode_name);

	zval property_finish_default_value;
	ZVAL_TRUE(&property_finish_default_value);
	zend_string *property_finish_name = zend_string_init("finish", sizeof("finish") - 1, 1);
	zend_declare_typed_property(class_entry, property_finish_name, &property_finish_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_BOOL));
	zend_string_release(property_finish_name);

	zval property_flags_default_value;
	ZVAL_LONG(&property_flags_default_value, 1);
	zend_string *property_flags_name = zend_string_init("flags", sizeof("flags") - 1, 1);
	zend_declare_typed_property(class_entry, property_flags_name, &property_flags_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_flags_name);

	return class_entry;
}

static zend_class_entry *register_class_Trident_WebSocket_CloseFrame(zend_class_entry *class_entry_Trident_WebSocket_Frame)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\WebSocket", "CloseFrame", class_Trident_WebSocket_CloseFrame_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Trident_WebSocket_Frame);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	zval property_opcode_default_value;
	ZVAL_LONG(&property_opcode_default_value, 8);
	zend_string *property_opcode_name = zend_string_init("opcode", sizeof("opcode") - 1, 1);
	zend_declare_typed_property(class_entry, property_opcode_name, &property_opcode_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_opcode_name);

	zval property_code_default_value;
	ZVAL_LONG(&property_code_default_value, 1000);
	zend_string *property_code_name = zend_string_init("code", sizeof("code") - 1, 1);
	zend_declare_typed_property(class_entry, property_code_name, &property_code_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_code_name);

	zval property_reason_default_value;
	ZVAL_EMPTY_STRING(&property_reason_default_value);
	zend_string *property_reason_name = zend_string_init("reason", sizeof("reason") - 1, 1);
	zend_declare_typed_property(class_entry, property_reason_name, &property_reason_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_reason_name);

	return class_entry;
}

static zend_class_entry *register_class_Trident_WebSocket_Connections(zend_class_entry *class_entry_IteratorAggregate, zend_class_entry *class_entry_Countable)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Trident\\WebSocket", "Connections", class_Trident_WebSocket_Connections_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 2, class_entry_IteratorAggregate, class_entry_Countable);

	return class_entry;
}

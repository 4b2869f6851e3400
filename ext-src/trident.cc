// Module entry: class registration and phpinfo().
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php_trident.h"

extern "C" {
#include "ext/standard/info.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
}

#include <nghttp2/nghttp2ver.h>
#include <openssl/opensslv.h>
#ifdef TRIDENT_HAVE_HTTP3
#include <gnutls/gnutls.h>
#include <nghttp3/version.h>
#include <ngtcp2/version.h>
#endif

#include "coroutine_io.h"
#include "trident/http/encoder.h"
#include "hooks.h"
#include "trident_arginfo.h"

zend_class_entry* trident_ce_exception;
zend_class_entry* trident_ce_server;
zend_class_entry* trident_ce_request;
zend_class_entry* trident_ce_response;
zend_class_entry* trident_ce_websocket_server;
zend_class_entry* trident_ce_websocket_frame;
zend_class_entry* trident_ce_websocket_close_frame;
zend_class_entry* trident_ce_websocket_connections;

static PHP_MINIT_FUNCTION(trident) {
    trident_ce_exception = register_class_Trident_Exception(zend_ce_exception);
    trident_ce_server = register_class_Trident_Http_Server();
    trident_ce_request = register_class_Trident_Http_Request();
    trident_ce_response = register_class_Trident_Http_Response();
    trident_ce_websocket_server = register_class_Trident_WebSocket_Server(trident_ce_server);
    trident_ce_websocket_frame = register_class_Trident_WebSocket_Frame();
    trident_ce_websocket_close_frame = register_class_Trident_WebSocket_CloseFrame(trident_ce_websocket_frame);
    trident_ce_websocket_connections = register_class_Trident_WebSocket_Connections(zend_ce_aggregate, zend_ce_countable);
    register_trident_symbols(module_number);
    trident_server_minit();
    trident_request_minit();
    trident_response_minit();
    trident_websocket_minit();
    trident::php::hooks::minit();
    return trident_coroutine_minit(type, module_number);
}

static PHP_MSHUTDOWN_FUNCTION(trident) {
    trident::php::hooks::mshutdown();
    trident_coroutine_mshutdown(module_number);
    return SUCCESS;
}

static PHP_RSHUTDOWN_FUNCTION(trident) {
    trident::php::co::io_rshutdown();
    trident_coroutine_rshutdown();
    return SUCCESS;
}

static PHP_MINFO_FUNCTION(trident) {
    php_info_print_table_start();
    php_info_print_table_header(2, "trident support", "enabled");
    php_info_print_table_row(2, "Version", PHP_TRIDENT_VERSION);
#ifdef TRIDENT_HAVE_HTTP3
    php_info_print_table_row(2, "Protocols", "HTTP/1.1, HTTP/2, HTTP/3");
    php_info_print_table_row(2, "HTTP/3", "enabled (QUIC: ngtcp2 + GnuTLS, HTTP/3: nghttp3)");
#ifdef TRIDENT_HAVE_HTTP_DATAGRAM
    php_info_print_table_row(2, "QUIC DATAGRAM / HTTP datagrams", "RFC 9221 / RFC 9297");
#else
    php_info_print_table_row(2, "QUIC DATAGRAM / HTTP datagrams", "RFC 9221 / no (RFC 9297 needs nghttp3 >= 0.10)");
#endif
#else
    php_info_print_table_row(2, "Protocols", "HTTP/1.1, HTTP/2");
    php_info_print_table_row(2, "HTTP/3", "disabled (built without ngtcp2/nghttp3/GnuTLS)");
#endif
    php_info_print_table_row(2, "Response compression", "gzip, br, zstd");
    php_info_print_table_row(2, "zlib (running)", trident::http::zlib_library_version().c_str());
    php_info_print_table_row(2, "brotli (running)", trident::http::brotli_library_version().c_str());
    php_info_print_table_row(2, "zstd (running)", trident::http::zstd_library_version().c_str());
    php_info_print_table_row(2, "nghttp2 (built with)", NGHTTP2_VERSION);
    php_info_print_table_row(2, "OpenSSL (built with)", OPENSSL_VERSION_TEXT);
#ifdef TRIDENT_HAVE_HTTP3
    php_info_print_table_row(2, "ngtcp2 (built with)", NGTCP2_VERSION);
    php_info_print_table_row(2, "nghttp3 (built with)", NGHTTP3_VERSION);
    php_info_print_table_row(2, "GnuTLS (built with)", GNUTLS_VERSION);
#endif
    php_info_print_table_end();
}

zend_module_entry trident_module_entry = {
    STANDARD_MODULE_HEADER,
    "trident",
    nullptr,
    PHP_MINIT(trident),
    PHP_MSHUTDOWN(trident),
    nullptr,
    PHP_RSHUTDOWN(trident),
    PHP_MINFO(trident),
    PHP_TRIDENT_VERSION,
    STANDARD_MODULE_PROPERTIES,
};

#ifdef COMPILE_DL_TRIDENT
extern "C" {
ZEND_GET_MODULE(trident)
}
#endif

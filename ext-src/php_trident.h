// The PHP binding of Trident: the only place that includes PHP headers. It converts zvals
// to core types and back; the server itself lives in src/.
#ifndef PHP_TRIDENT_H
#define PHP_TRIDENT_H

extern "C" {
#include "php.h"
}

#define PHP_TRIDENT_VERSION "0.1.0"

#define TRIDENT_DISPATCH_ROUND_ROBIN 1
#define TRIDENT_DISPATCH_LEAST_LOADED 2
#define TRIDENT_DISPATCH_SESSION_AFFINITY 3
#define TRIDENT_LOG_DEBUG 0
#define TRIDENT_LOG_INFO 1
#define TRIDENT_LOG_NOTICE 2
#define TRIDENT_LOG_WARNING 3
#define TRIDENT_LOG_ERROR 4
#define TRIDENT_LOG_NONE 5

extern zend_module_entry trident_module_entry;
#define phpext_trident_ptr &trident_module_entry

extern zend_class_entry* trident_ce_exception;
extern zend_class_entry* trident_ce_server;
extern zend_class_entry* trident_ce_request;
extern zend_class_entry* trident_ce_response;

// Per-class setup, called from MINIT after the classes are registered.
void trident_server_minit();
void trident_request_minit();
void trident_response_minit();
// Coroutines, Channel, WaitGroup, Timer (coroutine_api.cc): classes, functions, INI, exit().
zend_result trident_coroutine_minit(int type, int module_number);
void trident_coroutine_rshutdown();
void trident_coroutine_mshutdown(int module_number);

namespace trident::server {
class Worker;
struct WorkerRequest;
}  // namespace trident::server

namespace trident::php {
// Builds the Request and Response objects for a request (each keeps a reference on it).
void make_request_object(zval* out, trident::server::Worker& worker, trident::server::WorkerRequest* r);
void make_response_object(zval* out, trident::server::Worker& worker, trident::server::WorkerRequest* r);
// After the handler returned or threw: true if the response was ended (or can no longer be).
bool response_is_done(zval* response);
// Ends a response the handler left open: 500 if nothing was sent, else completes the stream.
void response_finish_abandoned(zval* response, int status);
// A graceful stop began: every event stream (a response sent as text/event-stream, still
// open) ends now. The coroutine that wrote it last is cancelled (its finally blocks may send
// a last event and end() it); one with no such coroutine is ended as it stands.
void response_end_event_streams();
}  // namespace trident::php

#endif

// The PHP binding of Trident: the only place that includes PHP headers. It converts zvals
// to core types and back; the server itself lives in src/.
#ifndef PHP_TRIDENT_H
#define PHP_TRIDENT_H

extern "C" {
#include "php.h"
}

#include <string_view>

#define PHP_TRIDENT_VERSION "0.1.0"

#define TRIDENT_MODE_BASE 1
#define TRIDENT_MODE_PROCESS 2
#define TRIDENT_DISPATCH_ROUND_ROBIN 1
#define TRIDENT_DISPATCH_LEAST_LOADED 2
#define TRIDENT_DISPATCH_SESSION_AFFINITY 3
#define TRIDENT_LOG_DEBUG 0
#define TRIDENT_LOG_INFO 1
#define TRIDENT_LOG_NOTICE 2
#define TRIDENT_LOG_WARNING 3
#define TRIDENT_LOG_ERROR 4
#define TRIDENT_LOG_NONE 5
#define TRIDENT_WS_OPCODE_TEXT 1
#define TRIDENT_WS_OPCODE_BINARY 2
#define TRIDENT_WS_OPCODE_CLOSE 8
#define TRIDENT_WS_OPCODE_PING 9
#define TRIDENT_WS_OPCODE_PONG 10
#define TRIDENT_WS_FLAG_FIN 1
#define TRIDENT_WS_FLAG_COMPRESS 2

extern zend_module_entry trident_module_entry;
#define phpext_trident_ptr &trident_module_entry

extern zend_class_entry* trident_ce_exception;
extern zend_class_entry* trident_ce_server;
extern zend_class_entry* trident_ce_request;
extern zend_class_entry* trident_ce_response;
extern zend_class_entry* trident_ce_websocket_server;
extern zend_class_entry* trident_ce_websocket_frame;
extern zend_class_entry* trident_ce_websocket_close_frame;
extern zend_class_entry* trident_ce_websocket_connections;

// Per-class setup, called from MINIT after the classes are registered.
void trident_server_minit();
void trident_request_minit();
void trident_response_minit();
void trident_websocket_minit();
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

// --- WebSockets (websocket.cc: Trident\WebSocket\*, response.cc: Response::upgrade() & co) ---
// The worker of this process (null outside a worker).
trident::server::Worker* current_worker();
// A Trident\WebSocket\Frame for a received message.
void make_frame_object(zval* out, uint64_t id, int opcode, const char* data, size_t len);
// A Trident\WebSocket\CloseFrame: how WebSocket `id` ended (open_websocket_close_frame).
void make_close_frame_object(zval* out, uint64_t id, uint16_t code, std::string_view reason);
// push() with PHP's rules: an opcode not 1/2/8/9/10 throws ValueError (naming argument
// opcode_arg; returns false with the exception pending), flags without FIN and control frames
// over 125 bytes warn and return false. True when queued.
bool websocket_push(uint64_t id, const char* data, size_t len, zend_long opcode, zend_long flags, uint32_t opcode_arg);
// disconnect()/close(): a code that may not be sent or a reason over 123 bytes throws ValueError.
bool websocket_close(uint64_t id, zend_long code, zend_string* reason, uint32_t code_arg);
// The Response was made for a Handshake callback: its upgrade() hands the WebSocket to the
// Open/Message/Close events instead of keeping it for recv().
void response_mark_handshake(zval* response);
// Coroutine-style WebSockets (upgraded with $res->upgrade() in a Request handler). Each
// returns true when the request / id is one of them (and dealt with it), false otherwise.
bool response_websocket_open(trident::server::WorkerRequest* r, uint64_t id);
bool response_websocket_message(uint64_t id, int opcode, const char* data, size_t len);
// `close_frame`: queue a CloseFrame with code and reason for recv() before the end.
bool response_websocket_closed(uint64_t id, bool close_frame, uint16_t code, std::string_view reason);
void response_websocket_aborted(trident::server::WorkerRequest* r);
// The handler of that Response returned: its WebSocket is closed with 1000 (as in Swoole).
void response_websocket_handler_done(zval* response);
}  // namespace trident::php

#endif

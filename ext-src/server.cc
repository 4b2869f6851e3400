// Trident\Http\Server: settings, callbacks, and the hooks through which the core runtime
// calls back into PHP in the master, the manager and the workers.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php_trident.h"
#include "hooks.h"
#include "php_trident_coroutine.h"

extern "C" {
#include "main/php_output.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
}

#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "trident/core/log.h"
#include "trident/server/listen_socket.h"
#include "trident/server/runtime.h"
#include "trident/server/settings.h"
#include "trident/server/shared_state.h"
#include "trident/server/stream_registry.h"
#include "trident/server/worker.h"

using trident::server::ServerConfig;

namespace {

enum Event {
    EvStart, EvShutdown, EvManagerStart, EvWorkerStart, EvWorkerStop, EvWorkerError, EvRequest, EvDatagram,
    // Trident\WebSocket\Server only (from EvFirstWebSocket on).
    EvOpen, EvMessage, EvClose, EvHandshake, EvCount
};
constexpr int EvFirstWebSocket = EvOpen;
const char* const kEventNames[EvCount] = {"start",      "shutdown",    "managerstart", "workerstart", "workerstop",
                                          "workererror", "request",    "datagram",     "open",        "message",
                                          "close",       "handshake"};
const char* const kEventDisplay = "Start, Shutdown, ManagerStart, WorkerStart, WorkerStop, WorkerError, Request, Datagram";
const char* const kWebSocketEventDisplay =
    "Start, Shutdown, ManagerStart, WorkerStart, WorkerStop, WorkerError, Request, Datagram, Open, Message, Close, Handshake";

// The worker of this process (null outside a worker): sendDatagram() sends through it.
trident::server::Worker* g_worker = nullptr;

struct ServerState {
    ServerConfig config;
    zval callbacks[EvCount];
    zend_fcall_info_cache fcc[EvCount];
    bool started = false;
    bool websocket = false;  // a Trident\WebSocket\Server
    std::string host;
    int port = 0;
};

struct ServerObject {
    ServerState* state;
    zend_object std;
};

zend_object_handlers server_handlers;

ServerObject* server_from(zend_object* obj) {
    return reinterpret_cast<ServerObject*>(reinterpret_cast<char*>(obj) - XtOffsetOf(ServerObject, std));
}

void update_prop(zend_object* obj, const char* name, zval* v);

zend_object* server_create(zend_class_entry* ce) {
    auto* so = static_cast<ServerObject*>(zend_object_alloc(sizeof(ServerObject), ce));
    so->state = new ServerState();
    for (auto& cb : so->state->callbacks) ZVAL_UNDEF(&cb);
    zend_object_std_init(&so->std, ce);
    object_properties_init(&so->std, ce);
    so->std.handlers = &server_handlers;
    if (instanceof_function(ce, trident_ce_websocket_server)) {
        so->state->websocket = true;
        zval conn;
        object_init_ex(&conn, trident_ce_websocket_connections);
        update_prop(&so->std, "connections", &conn);
        zval_ptr_dtor(&conn);
    }
    return &so->std;
}

void server_free(zend_object* obj) {
    ServerObject* so = server_from(obj);
    if (so->state) {
        for (auto& cb : so->state->callbacks) zval_ptr_dtor(&cb);
        // Close the listening sockets this object created (the master keeps them for the
        // server's whole life; a worker never reaches here with them open).
        for (auto& l : so->state->config.listeners) {
            if (l.fd >= 0) close(l.fd);
        }
        delete so->state;
        so->state = nullptr;
    }
    zend_object_std_dtor(obj);
}

HashTable* server_get_gc(zend_object* obj, zval** table, int* n) {
    ServerObject* so = server_from(obj);
    *table = so->state ? so->state->callbacks : nullptr;
    *n = so->state ? EvCount : 0;
    return zend_std_get_properties(obj);
}

// masterPid, managerPid, workerId, workerPid and setting are read-only for PHP code; the
// binding itself updates them with this flag raised.
bool g_internal_write = false;

bool is_readonly_prop(zend_string* name) {
    return zend_string_equals_literal(name, "masterPid") || zend_string_equals_literal(name, "managerPid") ||
           zend_string_equals_literal(name, "workerId") || zend_string_equals_literal(name, "workerPid") ||
           zend_string_equals_literal(name, "setting") || zend_string_equals_literal(name, "connections") ||
           zend_string_equals_literal(name, "mode");
}

zval* server_write_property(zend_object* obj, zend_string* name, zval* value, void** cache) {
    if (!g_internal_write && is_readonly_prop(name)) {
        zend_throw_error(nullptr, "Cannot modify readonly property %s::$%s", ZSTR_VAL(obj->ce->name), ZSTR_VAL(name));
        return &EG(uninitialized_zval);
    }
    return zend_std_write_property(obj, name, value, cache);
}

zval* server_get_property_ptr_ptr(zend_object* obj, zend_string* name, int type, void** cache) {
    // No direct pointer to read-only properties: writes through references ($s->setting[] = 1,
    // $r = &$s->workerId) then go through write_property and fail there.
    if (is_readonly_prop(name)) return nullptr;
    return zend_std_get_property_ptr_ptr(obj, name, type, cache);
}

void server_unset_property(zend_object* obj, zend_string* name, void** cache) {
    if (is_readonly_prop(name)) {
        zend_throw_error(nullptr, "Cannot unset readonly property %s::$%s", ZSTR_VAL(obj->ce->name), ZSTR_VAL(name));
        return;
    }
    zend_std_unset_property(obj, name, cache);
}

void update_prop(zend_object* obj, const char* name, zval* v) {
    g_internal_write = true;
    zend_update_property(obj->ce, obj, name, strlen(name), v);
    g_internal_write = false;
}

void set_long_prop(zend_object* obj, const char* name, zend_long v) {
    zval z;
    ZVAL_LONG(&z, v);
    update_prop(obj, name, &z);
}

void call_fcc(zend_fcall_info_cache* fcc, zval* retval, uint32_t argc, zval* argv) {
    zend_call_known_function(fcc->function_handler, fcc->object, fcc->called_scope, retval, argc, argv, nullptr);
}

// Calls an event callback with the given arguments. Exceptions are logged, never fatal.
void call_event(ServerState* st, Event ev, uint32_t argc, zval* argv) {
    if (Z_TYPE(st->callbacks[ev]) == IS_UNDEF) return;
    EG(exit_status) = 0;
    zval retval;
    ZVAL_UNDEF(&retval);
    call_fcc(&st->fcc[ev], &retval, argc, argv);
    zval_ptr_dtor(&retval);
    if (EG(exception)) {
        zend_object* ex = EG(exception);
        if (zend_is_unwind_exit(ex)) {
            bool fatal = !EG(active) || (EG(exit_status) == 255 && (PG(last_error_type) & (E_ERROR | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR)));
            zend_clear_exception();
            if (fatal) zend_bailout();
            return;
        }
        zend_exception_error(ex, E_WARNING);
        zend_clear_exception();
    }
}

void log_exception(zend_object* ex) {
    zval tmp, rv;
    ZVAL_OBJ(&tmp, ex);
    zend_string* str = zval_try_get_string(&tmp);
    if (!str) {
        if (EG(exception)) zend_clear_exception();
        TRIDENT_LOG(Error, "uncaught exception in the Request handler");
        return;
    }
    (void)rv;
    TRIDENT_LOG(Error, "uncaught exception in the Request handler: %s", ZSTR_VAL(str));
    zend_string_release(str);
}

class PhpHooks final : public trident::server::Hooks {
public:
    PhpHooks(zend_object* server, ServerState* st) : server_(server), st_(st) {}

    void on_start() override {
        update_pids();
        zval arg;
        ZVAL_OBJ(&arg, server_);
        call_event(st_, EvStart, 1, &arg);
    }
    void on_shutdown() override {
        zval arg;
        ZVAL_OBJ(&arg, server_);
        call_event(st_, EvShutdown, 1, &arg);
    }
    void on_manager_start() override {
        update_pids();
        zval arg;
        ZVAL_OBJ(&arg, server_);
        call_event(st_, EvManagerStart, 1, &arg);
    }
    void on_worker_error(int worker_id, pid_t pid, int exit_code, int sig) override {
        zval args[5];
        ZVAL_OBJ(&args[0], server_);
        ZVAL_LONG(&args[1], worker_id);
        ZVAL_LONG(&args[2], pid);
        ZVAL_LONG(&args[3], exit_code);
        ZVAL_LONG(&args[4], sig);
        call_event(st_, EvWorkerError, 5, args);
    }
    int run_worker(trident::server::Worker& w) override {
        // Coroutines resume inside the worker's loop: a fatal error in one bails out to here.
        int code = 0;
        bool fatal = false;
        zend_try { code = w.run(); }
        zend_catch { fatal = true; }
        zend_end_try();
        if (fatal || (EG(exception) && zend_is_unwind_exit(EG(exception)) && unwound_by_fatal_error())) fatal_exit();
        return code;
    }
    void on_worker_start(trident::server::Worker& w) override {
        g_worker = &w;
        update_pids();
        set_long_prop(server_, "workerId", w.id());
        set_long_prop(server_, "workerPid", getpid());
        trident_coroutine_attach(w.loop());
        if (st_->config.max_coroutine > 0) trident_coroutine_set_max(st_->config.max_coroutine);
        if (trident::server::SharedState* sh = trident::server::shared_state()) {
            trident_coroutine_set_count_slot(&sh->workers[w.id()].coroutines);
        }
        // Before any user code of the worker: streams WorkerStart opens are already hooked.
        // The master and the manager never get here, so they stay unhooked.
        trident::php::hooks::set_flags(st_->config.hook_flags);
        if (Z_TYPE(st_->callbacks[EvWorkerStart]) == IS_UNDEF) return;
        // WorkerStart runs in a coroutine too, so it may sleep, use channels, start timers.
        zval args[2];
        ZVAL_OBJ(&args[0], server_);
        ZVAL_LONG(&args[1], w.id());
        bool failed = false;
        EG(exit_status) = 0;
        zend_try { trident_coroutine_spawn(&st_->fcc[EvWorkerStart], 2, args); }
        zend_catch { failed = true; }
        zend_end_try();
        if (failed || (EG(exception) && zend_is_unwind_exit(EG(exception)) && unwound_by_fatal_error())) fatal_exit();
        if (EG(exception)) zend_clear_exception();
    }
    void on_worker_draining(trident::server::Worker&) override {
        zend_try { trident::php::response_end_event_streams(); }
        zend_end_try();
    }
    void on_worker_stop(trident::server::Worker& w) override {
        zval args[2];
        ZVAL_OBJ(&args[0], server_);
        ZVAL_LONG(&args[1], w.id());
        zend_try { call_event(st_, EvWorkerStop, 2, args); }
        zend_end_try();
        // Coroutines still waiting (timers, sleeps past max_wait_time) are cancelled: their
        // finally blocks and defers run.
        zend_try { trident_coroutine_detach(); }
        zend_end_try();
    }
    // One request, one coroutine. The coroutine owns a reference to the Response until it
    // ends, so a handler that hands the response to another coroutine still answers.
    struct RequestRun {
        zval response;
    };
    static bool request_finished(void* data, zend_object* ex) {
        auto* run = static_cast<RequestRun*>(data);
        trident::php::response_websocket_handler_done(&run->response);
        if (ex && zend_is_graceful_exit(ex)) {
            // exit()/die() in a handler ends the request, not the worker.
            if (!trident::php::response_is_done(&run->response)) trident::php::response_finish_abandoned(&run->response, 200);
        } else if (ex) {
            log_exception(ex);
            if (!trident::php::response_is_done(&run->response)) trident::php::response_finish_abandoned(&run->response, 500);
        }
        zval_ptr_dtor(&run->response);
        delete run;
        return true;
    }
    void on_request(trident::server::Worker& w, trident::server::WorkerRequest* r) override {
        if (st_->websocket) {
            if (r->head.conn.flags & trident::ipc::kRequestFlagWebSocket) {
                websocket_handshake(w, r);
                return;
            }
            if (Z_TYPE(st_->callbacks[EvRequest]) == IS_UNDEF) {
                // A WebSocket server without a Request callback speaks WebSocket only.
                const trident::HeaderField fields[] = {{"Content-Type", "text/plain"}};
                w.send_head(r, 400, fields, 1, "This server only accepts WebSocket upgrades.\n", true);
                return;
            }
        }
        zval args[2];
        trident::php::make_request_object(&args[0], w, r);
        trident::php::make_response_object(&args[1], w, r);
        auto* run = new RequestRun();
        ZVAL_COPY(&run->response, &args[1]);
        bool fatal = false;
        int64_t cid = 0;
        EG(exit_status) = 0;
        zend_try { cid = trident_coroutine_spawn_ex(&st_->fcc[EvRequest], 2, args, request_finished, run); }
        zend_catch { fatal = true; }
        zend_end_try();
        if (fatal || (EG(exception) && zend_is_unwind_exit(EG(exception)) && unwound_by_fatal_error())) {
            // A fatal error leaves the engine in no state to go on: the worker exits, the
            // manager starts a new one, and the reactors answer its in-flight requests 502.
            fatal_exit();
        }
        handle_spawn_failure(cid, run);
        zval_ptr_dtor(&args[0]);
        zval_ptr_dtor(&args[1]);
    }
    void handle_spawn_failure(int64_t cid, RequestRun* run) {
        if (cid == 0) {
            // max_coroutine reached (or no stack could be had): answer 503, keep serving.
            if (EG(exception)) zend_clear_exception();
            TRIDENT_LOG(Warning, "max_coroutine (%u) reached: answering 503", trident_coroutine_max());
            trident::php::response_finish_abandoned(&run->response, 503);
            zval_ptr_dtor(&run->response);
            delete run;
        }
    }
    // A validated upgrade on a WebSocket server: the Handshake callback decides (its
    // $res->upgrade() accepts, any other answer refuses), or without one it is accepted here.
    void websocket_handshake(trident::server::Worker& w, trident::server::WorkerRequest* r) {
        if (Z_TYPE(st_->callbacks[EvHandshake]) == IS_UNDEF) {
            if (!w.accept_websocket(r, nullptr, 0) && !r->aborted) {
                TRIDENT_LOG(Warning, "could not accept a WebSocket upgrade (channel to the reactor lost)");
            }
            return;
        }
        zval args[2];
        trident::php::make_request_object(&args[0], w, r);
        trident::php::make_response_object(&args[1], w, r);
        trident::php::response_mark_handshake(&args[1]);
        auto* run = new RequestRun();
        ZVAL_COPY(&run->response, &args[1]);
        bool fatal = false;
        int64_t cid = 0;
        EG(exit_status) = 0;
        zend_try { cid = trident_coroutine_spawn_ex(&st_->fcc[EvHandshake], 2, args, request_finished, run); }
        zend_catch { fatal = true; }
        zend_end_try();
        if (fatal || (EG(exception) && zend_is_unwind_exit(EG(exception)) && unwound_by_fatal_error())) fatal_exit();
        handle_spawn_failure(cid, run);
        zval_ptr_dtor(&args[0]);
        zval_ptr_dtor(&args[1]);
    }
    // Runs an event callback in its own coroutine (as for Datagram).
    void spawn_event(Event ev, uint32_t argc, zval* args) {
        if (Z_TYPE(st_->callbacks[ev]) == IS_UNDEF) return;
        bool fatal = false;
        EG(exit_status) = 0;
        zend_try { trident_coroutine_spawn(&st_->fcc[ev], argc, args); }
        zend_catch { fatal = true; }
        zend_end_try();
        if (fatal || (EG(exception) && zend_is_unwind_exit(EG(exception)) && unwound_by_fatal_error())) fatal_exit();
        if (EG(exception)) {
            zend_exception_error(EG(exception), E_WARNING);
            zend_clear_exception();
        }
    }
    void on_websocket_open(trident::server::Worker& w, trident::server::WorkerRequest* r, uint64_t id) override {
        if (trident::php::response_websocket_open(r, id)) return;  // upgraded in a Request handler
        if (!st_->websocket) {
            w.ws_close(id, 1011, "");
            return;
        }
        if (Z_TYPE(st_->callbacks[EvOpen]) == IS_UNDEF) return;
        zval args[2];
        ZVAL_OBJ(&args[0], server_);
        trident::php::make_request_object(&args[1], w, r);
        // In the Open event the request's fd names the WebSocket (as in Swoole).
        zend_update_property_long(trident_ce_request, Z_OBJ(args[1]), "fd", 2, zend_long(id));
        spawn_event(EvOpen, 2, args);
        zval_ptr_dtor(&args[1]);
    }
    // A Message callback's coroutine: when it ends, its message is consumed (inbound credit), so
    // the messages in flight per WebSocket are bounded by input_window_size, however many
    // callbacks suspend.
    struct MessageRun {
        trident::server::Worker* worker;
        uint64_t id;
        size_t bytes;
    };
    static bool message_finished(void* data, zend_object*) {
        auto* run = static_cast<MessageRun*>(data);
        run->worker->ws_consumed(run->id, run->bytes);
        delete run;
        return false;  // an uncaught exception is reported as for any coroutine
    }
    void on_websocket_message(trident::server::Worker& w, uint64_t id, trident::ipc::WsOpcode op, std::string_view data) override {
        // Coroutine style: recv() consumes it.
        if (trident::php::response_websocket_message(id, int(op), data.data(), data.size())) return;
        if (!st_->websocket || Z_TYPE(st_->callbacks[EvMessage]) == IS_UNDEF) {
            w.ws_consumed(id, data.size());
            return;
        }
        zval args[2];
        ZVAL_OBJ(&args[0], server_);
        trident::php::make_frame_object(&args[1], id, int(op), data.data(), data.size());
        auto* run = new MessageRun{&w, id, data.size()};
        bool fatal = false;
        int64_t cid = 0;
        EG(exit_status) = 0;
        zend_try { cid = trident_coroutine_spawn_ex(&st_->fcc[EvMessage], 2, args, message_finished, run); }
        zend_catch { fatal = true; }
        zend_end_try();
        zval_ptr_dtor(&args[1]);
        if (fatal || (EG(exception) && zend_is_unwind_exit(EG(exception)) && unwound_by_fatal_error())) fatal_exit();
        if (cid == 0) {
            // Not run (max_coroutine): the message is dropped, and so consumed.
            w.ws_consumed(id, data.size());
            delete run;
        }
        if (EG(exception)) {
            zend_exception_error(EG(exception), E_WARNING);
            zend_clear_exception();
        }
    }
    void on_websocket_closed(trident::server::Worker&, uint64_t id, uint16_t code, std::string_view reason) override {
        bool close_frame = st_->config.open_websocket_close_frame;
        if (trident::php::response_websocket_closed(id, close_frame, code, reason)) return;
        if (!st_->websocket) return;
        zval args[3];
        ZVAL_OBJ(&args[0], server_);
        if (close_frame) {
            // Swoole's open_websocket_close_frame: the close reaches Message as a CloseFrame,
            // spawned before Close so it starts first.
            trident::php::make_close_frame_object(&args[1], id, code, reason);
            spawn_event(EvMessage, 2, args);
            zval_ptr_dtor(&args[1]);
        }
        ZVAL_LONG(&args[1], zend_long(id));
        // Swoole's third argument: the reactor that holds the WebSocket (named by the id).
        ZVAL_LONG(&args[2], zend_long(trident::server::stream_id::reactor(id)));
        spawn_event(EvClose, 3, args);
    }
    void on_request_aborted(trident::server::Worker&, trident::server::WorkerRequest* r) override {
        trident::php::response_websocket_aborted(r);
    }
    // One datagram, one coroutine (the callback may sleep or use channels like a handler).
    void on_datagram(trident::server::Worker&, uint64_t session_id, std::string_view data) override {
        if (Z_TYPE(st_->callbacks[EvDatagram]) == IS_UNDEF) return;
        zval args[3];
        ZVAL_OBJ(&args[0], server_);
        ZVAL_LONG(&args[1], zend_long(session_id));
        ZVAL_STRINGL(&args[2], data.data(), data.size());
        bool fatal = false;
        EG(exit_status) = 0;
        zend_try { trident_coroutine_spawn(&st_->fcc[EvDatagram], 3, args); }
        zend_catch { fatal = true; }
        zend_end_try();
        zval_ptr_dtor(&args[2]);
        if (fatal || (EG(exception) && zend_is_unwind_exit(EG(exception)) && unwound_by_fatal_error())) fatal_exit();
        if (EG(exception)) {
            zend_exception_error(EG(exception), E_WARNING);
            zend_clear_exception();
        }
    }
    bool wait_writable(trident::server::Worker&, int channel) override {
        if (!trident_coroutine_can_suspend()) return false;
        if (writers_.size() <= size_t(channel)) writers_.resize(size_t(channel) + 1);
        writers_[size_t(channel)].push_back(trident_coroutine_current_id());
        return trident_coroutine_suspend("Trident\\Http\\Response::write()") == TridentWaitResult::Resumed;
    }
    bool wait_request(trident::server::Worker&, trident::server::WorkerRequest* r) override {
        if (!trident_coroutine_can_suspend()) return false;
        r->waiter = trident_coroutine_current_id();
        TridentWaitResult res = trident_coroutine_suspend("Trident\\Http\\Response::write()");
        r->waiter = 0;
        return res == TridentWaitResult::Resumed;
    }
    void request_writable(trident::server::Worker&, trident::server::WorkerRequest* r) override {
        if (r->waiter) trident_coroutine_resume(r->waiter);
    }
    void on_request_body(trident::server::Worker&, trident::server::WorkerRequest* r) override {
        if (r->body_waiter) trident_coroutine_resume(r->body_waiter);
    }
    bool wait_push_credit(trident::server::Worker&, uint64_t id) override {
        if (!trident_coroutine_can_suspend()) return false;
        const int64_t cid = trident_coroutine_current_id();
        ws_writers_[id].push_back(cid);
        TridentWaitResult res = trident_coroutine_suspend("Trident\\WebSocket\\Server::push()");
        // Gone from the list when it was woken; still there when cancelled.
        auto it = ws_writers_.find(id);
        if (it != ws_writers_.end()) {
            auto& v = it->second;
            v.erase(std::remove(v.begin(), v.end(), cid), v.end());
            if (v.empty()) ws_writers_.erase(it);
        }
        return res == TridentWaitResult::Resumed;
    }
    void push_credit_available(trident::server::Worker&, uint64_t id) override {
        auto it = ws_writers_.find(id);
        if (it == ws_writers_.end()) return;
        std::vector<int64_t> ready;
        ready.swap(it->second);
        ws_writers_.erase(it);
        for (int64_t cid : ready) trident_coroutine_resume(cid);
    }
    void channel_writable(trident::server::Worker&, int channel) override {
        if (writers_.size() <= size_t(channel) || writers_[size_t(channel)].empty()) return;
        std::vector<int64_t> ready;
        ready.swap(writers_[size_t(channel)]);
        for (int64_t cid : ready) trident_coroutine_resume(cid);
    }
    [[noreturn]] void exit_process(int code) override {
        php_output_end_all();
        fflush(stdout);
        fflush(stderr);
        _exit(code);
    }

private:
    // A fatal error raised where the engine cannot bail out (this PHP delays out-of-memory
    // errors and unwinds with the same unwind_exit as exit()) must still end the worker.
    static bool unwound_by_fatal_error() {
        if (!EG(active)) return true;
        return EG(exit_status) == 255 && (PG(last_error_type) & (E_ERROR | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR));
    }
    [[noreturn]] void fatal_exit() {
        TRIDENT_LOG(Error, "fatal error in worker; it exits and will be replaced");
        exit_process(255);
    }
    void update_pids() {
        trident::server::SharedState* sh = trident::server::shared_state();
        if (!sh) return;
        set_long_prop(server_, "masterPid", sh->master_pid.load());
        set_long_prop(server_, "managerPid", sh->manager_pid.load());
    }
    zend_object* server_;
    ServerState* st_;
    std::vector<std::vector<int64_t>> writers_;  // coroutines waiting for a channel to drain
    // Coroutines whose push waits for a WebSocket's credit, by its registry id.
    std::unordered_map<uint64_t, std::vector<int64_t>> ws_writers_;
};

// --- settings ----------------------------------------------------------------------------
// The rules (names, types, ranges, messages) are the core's (trident/server/settings.h): here
// zvals become SettingValues and the core's error text becomes the warning.

// An array setting: its elements as scalars (entries), and, read as ssl_sni_certs wants it,
// host name => ['ssl_cert_file' => string, 'ssl_key_file' => string, optional 'ssl_stapling_file'
// => string] (sni_certs).
trident::server::SettingArray setting_array(HashTable* ht) {
    trident::server::SettingArray a;
    zend_string* host;
    zend_ulong index;
    zval* entry;
    ZEND_HASH_FOREACH_KEY_VAL(ht, index, host, entry) {
        (void)index;
        ZVAL_DEREF(entry);
        trident::server::SettingArrayEntry e;
        e.string_key = host != nullptr;
        if (host) e.key.assign(ZSTR_VAL(host), ZSTR_LEN(host));
        e.type_name = zend_zval_type_name(entry);
        if (Z_TYPE_P(entry) == IS_STRING) {
            e.type = trident::server::SettingArrayEntry::Type::String;
            e.text.assign(Z_STRVAL_P(entry), Z_STRLEN_P(entry));
        } else if (Z_TYPE_P(entry) == IS_LONG) {
            e.type = trident::server::SettingArrayEntry::Type::Int;
            e.number = int64_t(Z_LVAL_P(entry));
        }
        a.entries.push_back(std::move(e));
    }
    ZEND_HASH_FOREACH_END();
    ZEND_HASH_FOREACH_STR_KEY_VAL(ht, host, entry) {
        ZVAL_DEREF(entry);
        zval* cert = Z_TYPE_P(entry) == IS_ARRAY ? zend_hash_str_find_deref(Z_ARRVAL_P(entry), "ssl_cert_file", 13) : nullptr;
        zval* keyf = Z_TYPE_P(entry) == IS_ARRAY ? zend_hash_str_find_deref(Z_ARRVAL_P(entry), "ssl_key_file", 12) : nullptr;
        if (!host || !cert || !keyf || Z_TYPE_P(cert) != IS_STRING || Z_TYPE_P(keyf) != IS_STRING) {
            a.well_formed = false;
            break;
        }
        zval* staple = zend_hash_str_find_deref(Z_ARRVAL_P(entry), "ssl_stapling_file", 17);
        if (staple && Z_TYPE_P(staple) != IS_STRING) {
            a.well_formed = false;
            break;
        }
        a.sni_certs.push_back({std::string(ZSTR_VAL(host), ZSTR_LEN(host)), std::string(Z_STRVAL_P(cert), Z_STRLEN_P(cert)),
                               std::string(Z_STRVAL_P(keyf), Z_STRLEN_P(keyf)),
                               staple ? std::string(Z_STRVAL_P(staple), Z_STRLEN_P(staple)) : std::string()});
    }
    ZEND_HASH_FOREACH_END();
    return a;
}

trident::server::SettingValue setting_value(zval* v) {
    ZVAL_DEREF(v);
    switch (Z_TYPE_P(v)) {
    case IS_NULL: return std::monostate{};
    case IS_FALSE: return false;
    case IS_TRUE: return true;
    case IS_LONG: return int64_t(Z_LVAL_P(v));
    case IS_DOUBLE: return Z_DVAL_P(v);
    case IS_STRING: return std::string(Z_STRVAL_P(v), Z_STRLEN_P(v));
    case IS_ARRAY: return setting_array(Z_ARRVAL_P(v));
    default: return trident::server::OtherSettingValue{zend_zval_type_name(v)};
    }
}

// True when applied; otherwise warns with the core's message (wrong type, out of range, unknown key).
bool warn_unless_applied(trident::server::SettingResult r, const std::string& error) {
    if (r == trident::server::SettingResult::Applied) return true;
    php_error_docref(nullptr, E_WARNING, "%s", error.c_str());
    return false;
}

bool apply_setting(ServerConfig& c, zend_string* key, zval* v) {
    std::string error;
    auto r = trident::server::apply_setting(c, std::string_view(ZSTR_VAL(key), ZSTR_LEN(key)), setting_value(v), &error);
    return warn_unless_applied(r, error);
}

bool apply_listener_setting(trident::server::ListenerConfig& l, zend_string* key, zval* v) {
    if (!key) {
        php_error_docref(nullptr, E_WARNING, "Unknown listener setting \"(int key)\"");
        return false;
    }
    std::string error;
    auto r = trident::server::apply_listener_setting(l, std::string_view(ZSTR_VAL(key), ZSTR_LEN(key)), setting_value(v), &error);
    return warn_unless_applied(r, error);
}

// The constructor's and listen()'s socket, bound in the calling process so that a port in use
// throws there. The exception's code is the errno of the failure.
bool open_listener_or_throw(trident::server::ListenerConfig& l, int backlog) {
    std::string err;
    int fd = trident::server::open_listener(l.host, l.port, backlog, &err);
    if (fd < 0) {
        zend_throw_exception(trident_ce_exception, err.c_str(), errno);
        return false;
    }
    l.fd = fd;
    return true;
}

// The `metrics` setting: "host:port" opens (here, so a port in use throws now) the listener the
// reactors answer /metrics and /health on; null or false removes it.
bool set_metrics_listener(ServerState* st, zval* v) {
    auto& ls = st->config.listeners;
    auto drop_old = [&] {
        for (auto it = ls.begin(); it != ls.end(); ++it) {
            if (it->metrics) {
                if (it->fd >= 0) close(it->fd);
                ls.erase(it);
                return;
            }
        }
    };
    if (Z_TYPE_P(v) == IS_NULL || Z_TYPE_P(v) == IS_FALSE) {
        drop_old();
        return true;
    }
    if (Z_TYPE_P(v) != IS_STRING) {
        php_error_docref(nullptr, E_WARNING, "Setting \"metrics\" must be of type string|null, %s given", zend_zval_type_name(v));
        return false;
    }
    trident::server::ListenerConfig l;
    std::string error;
    if (!trident::server::parse_listen_address(std::string_view(Z_STRVAL_P(v), Z_STRLEN_P(v)), l.host, l.port, &error)) {
        php_error_docref(nullptr, E_WARNING, "%s", error.c_str());
        return false;
    }
    l.metrics = true;
    drop_old();
    if (!open_listener_or_throw(l, st->config.backlog)) return false;
    ls.push_back(std::move(l));
    return true;
}

}  // namespace

trident::server::Worker* trident::php::current_worker() { return g_worker; }

void trident_server_minit() {
    trident_ce_server->create_object = server_create;
    // Registered before this ran, the subclass did not inherit it.
    trident_ce_websocket_server->create_object = server_create;
    memcpy(&server_handlers, zend_get_std_object_handlers(), sizeof server_handlers);
    server_handlers.offset = XtOffsetOf(ServerObject, std);
    server_handlers.free_obj = server_free;
    server_handlers.get_gc = server_get_gc;
    server_handlers.clone_obj = nullptr;
    server_handlers.write_property = server_write_property;
    server_handlers.get_property_ptr_ptr = server_get_property_ptr_ptr;
    server_handlers.unset_property = server_unset_property;
}

ZEND_METHOD(Trident_Http_Server, __construct) {
    zend_string* host = nullptr;
    zend_long port = 0;
    zend_long mode = TRIDENT_MODE_PROCESS;
    ZEND_PARSE_PARAMETERS_START(0, 3)
        Z_PARAM_OPTIONAL
        Z_PARAM_STR(host)
        Z_PARAM_LONG(port)
        Z_PARAM_LONG(mode)
    ZEND_PARSE_PARAMETERS_END();
    if (port < 0 || port > 65535) {
        zend_argument_value_error(2, "must be between 0 and 65535");
        RETURN_THROWS();
    }
    if (mode != TRIDENT_MODE_PROCESS && mode != TRIDENT_MODE_BASE) {
        zend_argument_value_error(3, "must be Trident\\Http\\Server::MODE_PROCESS or Trident\\Http\\Server::MODE_BASE");
        RETURN_THROWS();
    }
    ServerObject* so = server_from(Z_OBJ_P(ZEND_THIS));
    ServerState* st = so->state;
    if (!st->config.listeners.empty()) {
        zend_throw_exception(trident_ce_exception, "Server is already constructed", 0);
        RETURN_THROWS();
    }
    trident::server::ListenerConfig l;
    l.host = host ? std::string(ZSTR_VAL(host), ZSTR_LEN(host)) : std::string("0.0.0.0");
    l.port = int(port);
    if (!open_listener_or_throw(l, st->config.backlog)) RETURN_THROWS();
    st->host = l.host;
    st->port = l.port;
    st->config.listeners.push_back(std::move(l));
    st->config.mode = mode == TRIDENT_MODE_BASE ? trident::server::ServerMode::Base : trident::server::ServerMode::Process;
    set_long_prop(Z_OBJ_P(ZEND_THIS), "mode", mode);
}

ZEND_METHOD(Trident_Http_Server, listen) {
    zend_string* host;
    zend_long port;
    HashTable* settings = nullptr;
    ZEND_PARSE_PARAMETERS_START(2, 3)
        Z_PARAM_STR(host)
        Z_PARAM_LONG(port)
        Z_PARAM_OPTIONAL
        Z_PARAM_ARRAY_HT(settings)
    ZEND_PARSE_PARAMETERS_END();
    if (port < 0 || port > 65535) {
        zend_argument_value_error(2, "must be between 0 and 65535");
        RETURN_THROWS();
    }
    ServerObject* so = server_from(Z_OBJ_P(ZEND_THIS));
    ServerState* st = so->state;
    if (st->started) {
        php_error_docref(nullptr, E_WARNING, "Cannot add a listener after start()");
        RETURN_FALSE;
    }
    trident::server::ListenerConfig l;
    l.host.assign(ZSTR_VAL(host), ZSTR_LEN(host));
    l.port = int(port);
    bool ok = true;
    if (settings) {
        zend_string* key;
        zval* v;
        ZEND_HASH_FOREACH_STR_KEY_VAL(settings, key, v) {
            if (!apply_listener_setting(l, key, v)) ok = false;
        }
        ZEND_HASH_FOREACH_END();
    }
    if (!open_listener_or_throw(l, st->config.backlog)) RETURN_THROWS();
    st->config.listeners.push_back(std::move(l));
    RETURN_BOOL(ok);
}

ZEND_METHOD(Trident_Http_Server, set) {
    HashTable* settings;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ARRAY_HT(settings)
    ZEND_PARSE_PARAMETERS_END();
    ServerObject* so = server_from(Z_OBJ_P(ZEND_THIS));
    if (so->state->started) {
        php_error_docref(nullptr, E_WARNING, "Cannot change settings after start()");
        RETURN_FALSE;
    }
    zval* merged = zend_read_property(trident_ce_server, Z_OBJ_P(ZEND_THIS), "setting", sizeof("setting") - 1, 1, nullptr);
    zval copy;
    ZVAL_ARR(&copy, zend_array_dup(Z_ARRVAL_P(merged)));
    bool ok = true;
    zend_string* key;
    zval* v;
    ZEND_HASH_FOREACH_STR_KEY_VAL(settings, key, v) {
        if (!key) {
            php_error_docref(nullptr, E_WARNING, "Settings must be an array with string keys");
            ok = false;
            continue;
        }
        ZVAL_DEREF(v);
        if (zend_string_equals_literal(key, "metrics")) {
            if (!set_metrics_listener(so->state, v)) {
                if (EG(exception)) {
                    zval_ptr_dtor(&copy);
                    RETURN_THROWS();
                }
                ok = false;
                continue;
            }
            Z_TRY_ADDREF_P(v);
            zend_hash_update(Z_ARRVAL(copy), key, v);
            continue;
        }
        if (apply_setting(so->state->config, key, v)) {
            Z_TRY_ADDREF_P(v);
            zend_hash_update(Z_ARRVAL(copy), key, v);
        } else {
            ok = false;
        }
    }
    ZEND_HASH_FOREACH_END();
    update_prop(Z_OBJ_P(ZEND_THIS), "setting", &copy);
    zval_ptr_dtor(&copy);
    if (so->state->config.backlog != 511 && !so->state->config.listeners.empty()) {
        trident::server::set_listen_backlog(so->state->config.listeners[0].fd, so->state->config.backlog);
    }
    RETURN_BOOL(ok);
}

ZEND_METHOD(Trident_Http_Server, on) {
    zend_string* event;
    zend_fcall_info fci;
    zend_fcall_info_cache fcc;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_STR(event)
        Z_PARAM_FUNC(fci, fcc)
    ZEND_PARSE_PARAMETERS_END();
    ServerObject* so = server_from(Z_OBJ_P(ZEND_THIS));
    if (so->state->started) {
        php_error_docref(nullptr, E_WARNING, "Cannot register callbacks after start()");
        RETURN_FALSE;
    }
    zend_string* lower = zend_string_tolower(event);
    int found = -1;
    for (int i = 0; i < EvCount; ++i) {
        if (zend_string_equals_cstr(lower, kEventNames[i], strlen(kEventNames[i]))) found = i;
    }
    zend_string_release(lower);
    if (found < 0 || (found >= EvFirstWebSocket && !so->state->websocket)) {
        zend_argument_value_error(1, "must be one of %s, \"%s\" given",
                                  so->state->websocket ? kWebSocketEventDisplay : kEventDisplay, ZSTR_VAL(event));
        RETURN_THROWS();
    }
    ServerState* st = so->state;
    zval_ptr_dtor(&st->callbacks[found]);
    ZVAL_COPY(&st->callbacks[found], &fci.function_name);
    st->fcc[found] = fcc;
    RETURN_TRUE;
}

ZEND_METHOD(Trident_Http_Server, start) {
    ZEND_PARSE_PARAMETERS_NONE();
    ServerObject* so = server_from(Z_OBJ_P(ZEND_THIS));
    ServerState* st = so->state;
    if (st->started) {
        zend_throw_exception(trident_ce_exception, "Server has already been started", 0);
        RETURN_THROWS();
    }
    if (st->config.listeners.empty()) {
        zend_throw_exception(trident_ce_exception, "Server has no listener (was the constructor called?)", 0);
        RETURN_THROWS();
    }
    if (st->websocket && Z_TYPE(st->callbacks[EvMessage]) == IS_UNDEF) {
        zend_throw_exception(trident_ce_exception, "No \"Message\" callback registered: call $server->on('Message', ...) before start()", 0);
        RETURN_THROWS();
    }
    if (!st->websocket && Z_TYPE(st->callbacks[EvRequest]) == IS_UNDEF) {
        zend_throw_exception(trident_ce_exception, "No \"Request\" callback registered: call $server->on('Request', ...) before start()", 0);
        RETURN_THROWS();
    }
    st->started = true;
    PhpHooks hooks(Z_OBJ_P(ZEND_THIS), st);
    std::string error;
    bool ok = trident::server::run(st->config, hooks, &error);
    if (!ok) {
        zend_throw_exception(trident_ce_exception, error.c_str(), 0);
        RETURN_THROWS();
    }
    RETURN_TRUE;
}

ZEND_METHOD(Trident_Http_Server, shutdown) {
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_BOOL(trident::server::request_shutdown());
}

ZEND_METHOD(Trident_Http_Server, sendDatagram) {
    zend_long fd;
    zend_string* data;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_LONG(fd)
        Z_PARAM_STR(data)
    ZEND_PARSE_PARAMETERS_END();
    if (g_worker == nullptr || ZSTR_LEN(data) > 65535) RETURN_FALSE;
    RETURN_BOOL(g_worker->send_datagram(uint64_t(fd), std::string_view(ZSTR_VAL(data), ZSTR_LEN(data))));
}

ZEND_METHOD(Trident_Http_Server, reload) {
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_BOOL(trident::server::request_reload());
}

ZEND_METHOD(Trident_Http_Server, stats) {
    ZEND_PARSE_PARAMETERS_NONE();
    trident::server::SharedState* s = trident::server::shared_state();
    array_init(return_value);
    if (!s) return;
    auto u = [&](const char* k, uint64_t v) { add_assoc_long(return_value, k, zend_long(v)); };
    u("start_time", uint64_t(s->start_time.load()));
    u("connection_num", uint64_t(s->connections_active.load()));
    u("accept_count", s->connections_accepted.load());
    u("close_count", s->connections_closed.load());
    u("request_count", s->requests_total.load());
    u("response_count", s->responses_total.load());
    u("worker_num", uint64_t(s->worker_num));
    u("reactor_num", uint64_t(s->reactor_num));
    u("http1_request_count", s->requests_http1.load());
    u("http2_request_count", s->requests_http2.load());
    u("http2_connection_count", s->http2_connections.load());
    u("http2_stream_reset_count", s->http2_streams_reset.load());
    u("http3_request_count", s->requests_http3.load());
    u("http3_connection_count", s->http3_connections.load());
    u("http3_stream_reset_count", s->http3_streams_reset.load());
    u("quic_retry_count", s->quic_retries_sent.load());
    u("quic_token_count", s->quic_tokens_accepted.load());
    u("quic_stateless_reset_count", s->quic_stateless_resets_sent.load());
    u("quic_version_negotiation_count", s->quic_version_negotiations.load());
    u("quic_forwarded_count", s->quic_datagrams_forwarded.load());
    u("quic_dropped_count", s->quic_packets_dropped.load());
    u("quic_lost_packet_count", s->quic_stream_packets_lost.load());
    u("tls_connection_count", s->tls_connections.load());
    u("tls_handshake_failures", s->tls_handshake_failures.load());
    u("bad_request_count", s->bad_requests.load());
    u("stale_response_dropped", s->stale_frames_dropped.load());
    u("client_abort_count", s->client_aborts.load());
    u("worker_lost_request_count", s->worker_lost_requests.load());
    u("timeout_count", s->timeouts.load());
    u("send_timeout_count", s->send_timeouts.load());
    u("dispatch_wait_count", s->dispatch_waits.load());
    u("interim_response_count", s->interim_responses.load());
    u("compressed_response_count", s->compressed_responses[1].load() + s->compressed_responses[2].load() +
                                       s->compressed_responses[3].load());
    u("compressed_gzip_count", s->compressed_responses[1].load());
    u("compressed_br_count", s->compressed_responses[2].load());
    u("compressed_zstd_count", s->compressed_responses[3].load());
    u("compression_bytes_in", s->compression_bytes_in.load());
    u("compression_bytes_out", s->compression_bytes_out.load());
    u("proxy_header_count", s->proxy_headers.load());
    u("proxy_header_error_count", s->proxy_header_errors.load());
    u("proxy_untrusted_count", s->proxy_untrusted.load());
    u("access_log_dropped", s->access_log_dropped.load());
    u("tls_reload_count", s->tls_reloads.load());
    u("tls_reload_failures", s->tls_reload_failures.load());
    u("static_hit_count", s->static_hits.load());
    u("static_bytes", s->static_bytes.load());
    // Open event streams (text/event-stream responses), per protocol, and started in all.
    // A detached one stays counted: the reactor lowers the gauge when it releases its id.
    int64_t h1 = s->event_streams_open[1].load() + s->event_streams_open[2].load();
    int64_t h2 = s->event_streams_open[3].load();
    int64_t h3 = s->event_streams_open[4].load();
    uint64_t detached_live = 0;
    if (auto* registry = trident::server::stream_registry()) {
        detached_live = registry->count(trident::server::StreamKind::EventStream) +
                        registry->count(trident::server::StreamKind::Detached);
    }
    u("event_stream_num", uint64_t(std::max<int64_t>(0, h1 + h2 + h3)));
    u("http1_event_stream_num", uint64_t(std::max<int64_t>(0, h1)));
    u("http2_event_stream_num", uint64_t(std::max<int64_t>(0, h2)));
    u("http3_event_stream_num", uint64_t(std::max<int64_t>(0, h3)));
    u("event_stream_count", s->event_streams_started.load());
    // Detached responses (Response::detach()): live now (event streams among them), and in all.
    u("detached_num", detached_live);
    u("detached_count", s->detached_total.load());
    u("detached_write_refused", s->detached_writes_refused.load());
    u("worker_abnormal_exit_count", s->worker_exits_abnormal.load());
    // WebSockets: open now (the registry, per protocol) and the shared counters.
    uint64_t ws[5] = {};
    if (auto* reg = trident::server::stream_registry()) {
        for (int p = 1; p <= 4; ++p) ws[p] = reg->count(trident::server::StreamKind::WebSocket, trident::ipc::Protocol(p));
    }
    u("websocket_num", ws[1] + ws[2] + ws[3] + ws[4]);
    u("http1_websocket_num", ws[1] + ws[2]);
    u("http2_websocket_num", ws[3]);
    u("http3_websocket_num", ws[4]);
    u("websocket_count", s->websockets_opened.load());
    u("websocket_upgrade_refused", s->websocket_upgrades_refused.load());
    u("websocket_message_in", s->websocket_messages_in.load());
    u("websocket_message_out", s->websocket_messages_out.load());
    u("websocket_push_cross_worker", s->websocket_pushes_cross_worker.load());
    u("websocket_push_dropped", s->websocket_pushes_dropped.load());
    u("websocket_push_refused", s->websocket_pushes_refused.load());
    zval workers;
    array_init(&workers);
    for (int i = 0; i < s->worker_num && i < trident::server::kMaxWorkers; ++i) {
        zval w;
        array_init(&w);
        add_assoc_long(&w, "pid", s->workers[i].pid.load());
        add_assoc_long(&w, "request_count", zend_long(s->workers[i].requests.load()));
        add_assoc_long(&w, "in_flight", zend_long(s->workers[i].in_flight.load()));
        add_assoc_long(&w, "coroutines", zend_long(s->workers[i].coroutines.load()));
        add_assoc_long(&w, "restart_count", zend_long(s->workers[i].restarts.load()));
        add_index_zval(&workers, i, &w);
    }
    add_assoc_zval(return_value, "workers", &workers);
}

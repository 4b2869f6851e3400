// Entry point of the server runtime and the hooks through which it calls the PHP binding.
//
// run() is called in the master from $server->start(). It forks the manager (which forks
// the workers), starts the reactor threads and supervises until a graceful shutdown. In the
// manager and in workers it never returns: they end through Hooks::exit_process().
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "trident/ipc/frame.h"
#include "trident/server/config.h"

namespace trident::server {

class Worker;
struct WorkerRequest;

class Hooks {
public:
    virtual ~Hooks() = default;
    // Master, main thread, once reactors run and the manager is forked.
    virtual void on_start() {}
    // Master, main thread, after every worker and reactor has stopped.
    virtual void on_shutdown() {}
    // Manager process, before it forks the first worker.
    virtual void on_manager_start() {}
    // Manager process: a worker ended abnormally (signal or non-zero exit).
    virtual void on_worker_error(int /*worker_id*/, pid_t /*pid*/, int /*exit_code*/, int /*signal*/) {}
    // Worker process, before it takes requests.
    virtual void on_worker_start(Worker& /*worker*/) {}
    // Worker process, once: a graceful stop began (the server's shutdown, or this worker's
    // for a reload). Requests in flight get up to max_wait_time to finish; long-lived streams
    // (event streams, which never finish by themselves) are ended here, at once.
    virtual void on_worker_draining(Worker& /*worker*/) {}
    // Worker process, after its last request, before it exits.
    virtual void on_worker_stop(Worker& /*worker*/) {}
    // Worker process: a complete request (head and whole body) to handle, or with
    // http_body_streaming a request with a body as soon as its head is here (request->streaming;
    // its body keeps arriving, see on_request_body). The request stays valid until the binding
    // calls Worker::release(); the handler may answer later.
    virtual void on_request(Worker& worker, WorkerRequest* request) = 0;
    // Worker process: an RFC 9221 QUIC DATAGRAM from the HTTP/3 connection `session_id`
    // (only with open_http3_datagram). `data` is valid during the call only.
    virtual void on_datagram(Worker& /*worker*/, uint64_t /*session_id*/, std::string_view /*data*/) {}
    // Worker process: the client of a request went away (reset, connection closed).
    virtual void on_request_aborted(Worker& /*worker*/, WorkerRequest* /*request*/) {}
    // Worker process: the upgrade this worker accepted (Worker::accept_websocket) is open and
    // named `id` (a stream registry id, valid in every process). The request is complete now.
    virtual void on_websocket_open(Worker& /*worker*/, WorkerRequest* /*request*/, uint64_t /*id*/) {}
    // Worker process: a whole message (text or binary, reassembled) of a WebSocket this worker
    // accepted. `data` is valid during the call only. Once PHP is done with the message (recv()
    // returned it, its Message callback returned, or it was dropped) the binding calls
    // Worker::ws_consumed(id, data.size()): that is the WebSocket's inbound credit.
    virtual void on_websocket_message(Worker& /*worker*/, uint64_t /*id*/, ipc::WsOpcode /*opcode*/,
                                      std::string_view /*data*/) {}
    // Worker process: a WebSocket this worker accepted ended, exactly once: the reactor's
    // WS_CLOSED (the peer's or our close, 1001 on a drain or shutdown, 1006 when the peer
    // vanished), or 1006 when the channel to its reactor was lost. No message follows.
    virtual void on_websocket_closed(Worker& /*worker*/, uint64_t /*id*/, uint16_t /*code*/,
                                     std::string_view /*reason*/) {}
    // Worker process: runs the worker (the binding wraps it to catch fatal errors).
    virtual int run_worker(Worker& worker);
    // Worker process: a channel's send queue is over its bound. Suspend the caller until
    // channel_writable() for that channel and return true; false if the caller cannot be
    // suspended (the worker then blocks on the socket).
    virtual bool wait_writable(Worker& /*worker*/, int /*channel*/) { return false; }
    // Worker process: a channel's send queue drained below half its bound.
    virtual void channel_writable(Worker& /*worker*/, int /*channel*/) {}
    // Worker process: a push to WebSocket `id` (or a write to detached response `id`) found
    // the stream's push credit used up. Suspend the caller until push_credit_available() for
    // that id and return true; false if the caller cannot be suspended (it is then refused).
    virtual bool wait_push_credit(Worker& /*worker*/, uint64_t /*id*/) { return false; }
    // Worker process: stream `id` has room again, or it ended, or this worker is stopping: wake
    // every caller waiting in wait_push_credit() for it.
    virtual void push_credit_available(Worker& /*worker*/, uint64_t /*id*/) {}
    // Worker process: the response of `request` has a full window in flight (its client is
    // slow). Suspend the writer, recording a token in request->waiter, until
    // request_writable(); false if the writer cannot be suspended.
    virtual bool wait_request(Worker& /*worker*/, WorkerRequest* /*request*/) { return false; }
    // Worker process: credit arrived (or the request ended): wake request->waiter.
    virtual void request_writable(Worker& /*worker*/, WorkerRequest* /*request*/) {}
    // Worker process: a started request's body grew, ended, or its client went away (also
    // reported by on_request_aborted): wake request->body_waiter.
    virtual void on_request_body(Worker& /*worker*/, WorkerRequest* /*request*/) {}
    // Manager or worker process is done. Must not return.
    [[noreturn]] virtual void exit_process(int code) = 0;
};

// Returns true after a graceful shutdown, false with *error when the server could not start.
bool run(const ServerConfig& config, Hooks& hooks, std::string* error);

// Ask the running server (from any of its processes) to stop gracefully / reload workers.
bool request_shutdown();
bool request_reload();

}  // namespace trident::server

<?php

/**
 * Trident: a coroutine HTTP server for PHP.
 *
 * This file is the source of truth for the extension's PHP signatures:
 * ext-src/trident_arginfo.h is generated from it by scripts/gen-arginfo.
 * It also ships for IDEs and static analysers; it is never executed.
 *
 * @generate-class-entries
 */

namespace Trident {

/**
 * Base class of every exception Trident throws, for example when the server
 * cannot bind its address or port. The message carries the OS error.
 */
class Exception extends \Exception {}

/**
 * WebSocket opcodes and push flags under Swoole's names (SWOOLE_WEBSOCKET_OPCODE_TEXT becomes
 * Trident\WEBSOCKET_OPCODE_TEXT), for code being ported; Trident\WebSocket\Frame::OPCODE_*
 * and Trident\WebSocket\Server::WEBSOCKET_FLAG_* are the same values.
 *
 * @var int
 * @cvalue TRIDENT_WS_OPCODE_TEXT
 */
const WEBSOCKET_OPCODE_TEXT = 1;
/**
 * @var int
 * @cvalue TRIDENT_WS_OPCODE_BINARY
 */
const WEBSOCKET_OPCODE_BINARY = 2;
/**
 * @var int
 * @cvalue TRIDENT_WS_OPCODE_CLOSE
 */
const WEBSOCKET_OPCODE_CLOSE = 8;
/**
 * @var int
 * @cvalue TRIDENT_WS_OPCODE_PING
 */
const WEBSOCKET_OPCODE_PING = 9;
/**
 * @var int
 * @cvalue TRIDENT_WS_OPCODE_PONG
 */
const WEBSOCKET_OPCODE_PONG = 10;
/**
 * @var int
 * @cvalue TRIDENT_WS_FLAG_FIN
 */
const WEBSOCKET_FLAG_FIN = 1;
/**
 * @var int
 * @cvalue TRIDENT_WS_FLAG_COMPRESS
 */
const WEBSOCKET_FLAG_COMPRESS = 2;

}

namespace Trident\Http {

/**
 * A multi-process HTTP server. The master process runs the script up to
 * start(); request callbacks then run in worker processes, one coroutine per
 * request.
 *
 * @not-serializable
 */
class Server
{
    /**
     * Server mode (the constructor's third argument): every worker process runs
     * its own reactor on its own SO_REUSEPORT listening sockets, with no IPC hop
     * (Swoole's SWOOLE_BASE). A worker that dies takes its connections with it,
     * and a connection's requests all go to the worker that accepted it.
     *
     * @var int
     * @cvalue TRIDENT_MODE_BASE
     */
    public const MODE_BASE = 1;

    /**
     * Server mode (the default): the master's reactor threads own the client
     * connections and hand requests to the worker processes (Swoole's SWOOLE_PROCESS).
     *
     * @var int
     * @cvalue TRIDENT_MODE_PROCESS
     */
    public const MODE_PROCESS = 2;

    /**
     * Dispatch mode: hand requests to the workers in turn.
     *
     * @var int
     * @cvalue TRIDENT_DISPATCH_ROUND_ROBIN
     */
    public const DISPATCH_ROUND_ROBIN = 1;

    /**
     * Dispatch mode (the default): hand each request to the worker with the
     * fewest requests in flight.
     *
     * @var int
     * @cvalue TRIDENT_DISPATCH_LEAST_LOADED
     */
    public const DISPATCH_LEAST_LOADED = 2;

    /**
     * Dispatch mode: every request of one connection goes to the same worker.
     *
     * @var int
     * @cvalue TRIDENT_DISPATCH_SESSION_AFFINITY
     */
    public const DISPATCH_SESSION_AFFINITY = 3;

    /**
     * Log level: everything, including per-request tracing.
     *
     * @var int
     * @cvalue TRIDENT_LOG_DEBUG
     */
    public const LOG_DEBUG = 0;

    /**
     * Log level: lifecycle events (start, worker spawn, reload) and above.
     *
     * @var int
     * @cvalue TRIDENT_LOG_INFO
     */
    public const LOG_INFO = 1;

    /**
     * Log level: unusual but expected events and above.
     *
     * @var int
     * @cvalue TRIDENT_LOG_NOTICE
     */
    public const LOG_NOTICE = 2;

    /**
     * Log level: recoverable problems and above.
     *
     * @var int
     * @cvalue TRIDENT_LOG_WARNING
     */
    public const LOG_WARNING = 3;

    /**
     * Log level: errors only.
     *
     * @var int
     * @cvalue TRIDENT_LOG_ERROR
     */
    public const LOG_ERROR = 4;

    /**
     * Log level: no log output at all.
     *
     * @var int
     * @cvalue TRIDENT_LOG_NONE
     */
    public const LOG_NONE = 5;

    /**
     * Process id of the master process; 0 before start().
     *
     * @readonly
     */
    public int $masterPid = 0;

    /**
     * The server mode given to the constructor: MODE_PROCESS or MODE_BASE.
     *
     * @readonly
     */
    public int $mode = 2;

    /**
     * Process id of the manager process; 0 before start().
     *
     * @readonly
     */
    public int $managerPid = 0;

    /**
     * Index of the current worker (0 .. worker_num - 1); -1 outside a worker.
     *
     * @readonly
     */
    public int $workerId = -1;

    /**
     * Process id of the current worker; 0 outside a worker.
     *
     * @readonly
     */
    public int $workerPid = 0;

    /**
     * The settings in effect, as merged by set().
     *
     * @readonly
     */
    public array $setting = [];

    /**
     * Creates a server listening on the given address and port. The socket is
     * bound here, before any process is forked.
     *
     * @param string $host IPv4 or IPv6 address to bind ("0.0.0.0", "::", "127.0.0.1").
     * @param int $port TCP port (and UDP port when HTTP/3 is enabled).
     * @param int $mode MODE_PROCESS (the default) or MODE_BASE.
     * @throws \Trident\Exception when the address is invalid or cannot be bound.
     * @throws \ValueError for a mode that is neither.
     */
    public function __construct(string $host = "0.0.0.0", int $port = 0, int $mode = Server::MODE_PROCESS) {}

    /**
     * Configures the server; call before start(). Recognised keys:
     *
     * - worker_num (int): PHP worker processes. Default: number of CPUs.
     * - reactor_num (int): reactor threads. Default: number of CPUs.
     * - dispatch_mode (int): one of the DISPATCH_* constants. Default: DISPATCH_LEAST_LOADED.
     * - max_request (int): restart a worker after this many requests; 0 means never.
     * - package_max_length (int): largest accepted request body in bytes; larger gets 413. Default 8 MiB.
     * - http_max_header_size (int): largest accepted request head in bytes; larger gets 431. Default 16 KiB.
     * - http_max_pipeline (int): pipelined HTTP/1.1 requests in flight per connection. Default 16.
     * - http_header_timeout (float): seconds to receive a request head (and between body reads);
     *   a slower client gets 408. Default 10.
     * - http_idle_timeout (float): seconds an idle keep-alive connection is kept. Default 60.
     * - http_send_timeout (float): seconds a response may wait for a client that takes none of
     *   its bytes; then the connection is closed. Default 60.
     * - http_body_min_rate (int): bytes per second a request body (HTTP/1.1, HTTP/2, HTTP/3)
     *   must average over each 5-second window; a slower upload gets 408. 0 turns it off.
     *   Default 1024.
     * - max_wait_time (float): seconds requests in flight may take on shutdown/reload. Default 3.
     * - max_connections (int): connections open at once. Default 100000.
     * - backlog (int): listen backlog. Default 511.
     * - log_level (int): one of the LOG_* constants. Default: LOG_WARNING.
     * - log_file (?string): log destination; null logs to stderr.
     * - access_log (?string): access log path, one line per request (reopened on SIGUSR2);
     *   access_log_format (string): "combined" (nginx's) or "json". Default: none.
     *
     * - max_coroutine (int): live coroutines per worker; past it requests get 503.
     * - ssl_cert_file, ssl_key_file (string): PEM certificate (chain) and key: the constructor's
     *   listener speaks TLS. ssl_sni_certs (array): host name => ['ssl_cert_file' =>, 'ssl_key_file' =>].
     *   ssl_ticket_key_lifetime (float): seconds before session ticket keys rotate. Default 43200.
     * - open_http2_protocol (bool): HTTP/2 (h2c prior knowledge on cleartext, ALPN "h2" with TLS).
     * - proxy_protocol (bool): connections start with a PROXY protocol v1/v2 header (a load
     *   balancer's send-proxy): remote_addr/remote_port come from it; without a valid one the
     *   connection is closed. proxy_protocol_trusted (array): the only sources (addresses,
     *   networks "10.0.0.0/8") allowed to connect to such a listener.
     * - max_concurrent_streams (int): HTTP/2 and HTTP/3 requests in flight per connection. Default 128.
     * - open_http3_protocol (bool): HTTP/3 over QUIC on the UDP port of every TLS listener (same
     *   certificate); HTTP/1.1 and HTTP/2 responses of those listeners then carry
     *   Alt-Svc: h3=":PORT". Needs a build with ngtcp2/nghttp3 (see php --ri trident).
     * - http3_retry (bool): answer every new QUIC connection with a Retry first (address
     *   validation against spoofed sources; costs one round trip). Default false: Retry is then
     *   used only while more than 512 handshakes are in progress (a flood).
     * - open_http3_datagram (bool): negotiate QUIC DATAGRAM frames (RFC 9221), delivered to the
     *   Datagram event; send them with sendDatagram(). Default false.
     *
     * An unknown key or a value of the wrong type raises a warning naming the key.
     *
     * @param array $settings key => value pairs from the list above.
     * @return bool true when every key was accepted.
     */
    public function set(array $settings): bool {}

    /**
     * Registers the callback for an event (names are case-insensitive):
     *
     * - Start(Server $server): master process, once the server runs.
     * - Shutdown(Server $server): master process, after the last worker exited.
     * - ManagerStart(Server $server): manager process started.
     * - WorkerStart(Server $server, int $workerId): a worker is ready; per-worker initialisation.
     * - WorkerStop(Server $server, int $workerId): a worker is stopping normally.
     * - WorkerError(Server $server, int $workerId, int $workerPid, int $exitCode, int $signal):
     *   a worker died abnormally (reported in the manager).
     * - Request(Request $request, Response $response): one HTTP request, in its own coroutine.
     * - Datagram(Server $server, int $fd, string $data): a QUIC DATAGRAM from HTTP/3
     *   connection $fd (open_http3_datagram), in its own coroutine in some worker.
     *
     * Trident\WebSocket\Server only, each in its own coroutine in the worker that accepted the
     * WebSocket:
     * - Open(Server $server, Request $request): a WebSocket opened; $request->fd is its id.
     * - Message(Server $server, Frame $frame): a whole message (required).
     * - Close(Server $server, int $fd, int $reactorId): the WebSocket ended (once, whoever
     *   closed it). With open_websocket_close_frame the Message event first gets a CloseFrame
     *   with the close code and reason.
     * - Handshake(Request $request, Response $response): decides each upgrade:
     *   $response->upgrade() accepts, any other response refuses. Without it every upgrade
     *   the server validated is accepted.
     *
     * @param string $event event name from the list above.
     * @param callable $callback the handler; replaces any earlier one for the same event.
     * @return bool true.
     * @throws \ValueError for an unknown event name.
     */
    public function on(string $event, callable $callback): bool {}

    /**
     * Adds another listening address, e.g. a cleartext port beside a TLS one. The socket is
     * bound here, before start(). Per-listener settings: ssl_cert_file, ssl_key_file,
     * ssl_sni_certs, open_http2_protocol, open_http3_protocol (the server's set() values apply
     * where not given).
     *
     * @param string $host IPv4 or IPv6 address to bind.
     * @param int $port TCP port.
     * @param array $settings per-listener settings from the list above.
     * @return bool true.
     * @throws \Trident\Exception when the address cannot be bound.
     */
    public function listen(string $host, int $port, array $settings = []): bool {}

    /**
     * Starts the reactor threads, the manager and the workers, and blocks
     * until the server shuts down. A Request callback must be registered.
     *
     * @return bool true after a clean shutdown, false when the server could not start.
     */
    public function start(): bool {}

    /**
     * Asks the server to stop gracefully: no new connections are accepted,
     * requests in flight finish, then all processes exit.
     *
     * @return bool true when the request was delivered to the master process.
     */
    public function shutdown(): bool {}

    /**
     * Restarts the workers one by one without dropping requests; new workers
     * run the WorkerStart callback again (reloading application code).
     *
     * @return bool true when the request was delivered to the manager process.
     */
    public function reload(): bool {}

    /**
     * Sends a QUIC DATAGRAM (RFC 9221) to HTTP/3 connection $fd (the $fd of the Datagram
     * event, or $request->fd of an HTTP/3 request), from any worker. Datagrams are
     * unreliable: one for a connection that is gone, did not negotiate DATAGRAM, or is
     * congested is dropped (counted in stats() as quic_dropped_count).
     *
     * @param int $fd the connection's id.
     * @param string $data payload; at most about 1,100 bytes fit in one QUIC packet.
     * @return bool false when called outside a worker or the payload is over 65,535 bytes.
     */
    public function sendDatagram(int $fd, string $data): bool {}

    /**
     * Returns server counters: connections, requests, requests in flight per
     * worker, per-protocol counters, dropped stale responses and stream resets.
     *
     * @return array name => value pairs.
     */
    public function stats(): array {}
}

/**
 * An incoming HTTP request (HTTP/1.x, HTTP/2 or HTTP/3), passed to the
 * Request callback. Created by the server only.
 *
 * @not-serializable
 */
final class Request
{
    /** Session id of the connection that carried the request. */
    public int $fd = 0;

    /**
     * Stream id: the HTTP/2 or QUIC stream id, or for HTTP/1.x the sequence
     * number of the request on its connection.
     */
    public int $streamId = 0;

    /** Request headers, names in lower case. */
    public array $header = [];

    /**
     * Request metadata: request_method, request_uri, path_info, query_string,
     * server_protocol ("HTTP/1.0", "HTTP/1.1", "HTTP/2" or "HTTP/3"),
     * remote_addr, remote_port, server_port, request_time,
     * request_time_float, https.
     */
    public array $server = [];

    /** Query string parameters; null when there is no query string. */
    public ?array $get = null;

    /**
     * Body parameters (urlencoded or multipart); null when there are none.
     * With http_body_streaming: null until rawContent() has waited for the
     * whole body (also $files).
     */
    public ?array $post = null;

    /** Cookies sent by the client; null when there are none. */
    public ?array $cookie = null;

    /**
     * Uploaded files in the shape of $_FILES; null when there are none. The
     * temporary files are removed when the request ends.
     */
    public ?array $files = null;

    /**
     * Request trailer fields (HTTP/1.1 chunked trailers, HTTP/2 and HTTP/3
     * trailing HEADERS), names in lower case, repeated names joined with
     * ", " as in $header; null when the request had no trailers. Fields RFC
     * 9110 6.5.1 keeps out of trailers (Content-Length, Transfer-Encoding,
     * Host, Content-Type, Authorization, ...) are dropped. Filled before the
     * handler runs; with http_body_streaming, once rawContent() or read()
     * found the body complete (at the latest when read() returned "").
     */
    public ?array $trailer = null;

    /** Requests are created by the server only. */
    private function __construct() {}

    /**
     * Returns the request method ("GET", "POST", ...).
     */
    public function getMethod(): string {}

    /**
     * Returns the raw request body. With the http_body_streaming setting the
     * handler may start before the body is complete: this suspends the
     * coroutine until it is (and then fills $post and $files).
     *
     * @return string|false the body, or false when the request has none, its
     *     client went away before it was complete, or read() already took
     *     part of it (with a warning).
     */
    public function rawContent(): string|false {}

    /**
     * Returns the next bytes of the body, as they arrive: at most $length,
     * suspending the coroutine while none is buffered. Bytes returned are
     * freed. Without http_body_streaming the body is complete already and
     * comes in pieces of $length.
     *
     * @param int $length most bytes to return (at least 1).
     * @param float $timeout seconds to wait for bytes; negative: no limit.
     * @return string|false the bytes; "" once the body has ended; false on
     *     timeout or when the client went away before the body was complete.
     */
    public function read(int $length = 65536, float $timeout = -1): string|false {}

    /**
     * Alias of rawContent().
     *
     * @implementation-alias Trident\Http\Request::rawContent
     * @return string|false the body, or false when the request has none.
     */
    public function getContent(): string|false {}

    /**
     * Returns the request as received: request line (or pseudo-headers
     * rendered as one), headers and body.
     */
    public function getData(): string {}
}

/**
 * The response to one request, passed to the Request callback. Status and
 * headers are buffered until the first write() or end().
 *
 * @not-serializable
 */
final class Response
{
    /** Responses are created by the server only. */
    private function __construct() {}

    /**
     * Sets the status code, and optionally a reason phrase (HTTP/1.x only).
     *
     * @param int $code status code, 100-999.
     * @param string $reason reason phrase; the standard one when empty.
     * @return bool false (with a warning) once the head was sent.
     */
    public function status(int $code, string $reason = ""): bool {}

    /**
     * Sets a response header, replacing an earlier one of the same name. An
     * array value sends one header line per element.
     *
     * @param string $key header name.
     * @param string|array $value header value or list of values.
     * @return bool false (with a warning) once the head was sent.
     * @throws \ValueError when the name or a value contains CR, LF or NUL.
     */
    public function header(string $key, string|array $value): bool {}

    /**
     * Sends a 103 Early Hints interim response now, before the final one (RFC 8297), e.g.
     * earlyHints(['Link' => ['</style.css>; rel=preload; as=style', '</app.js>; rel=preload; as=script']]).
     * May be called several times; the final response keeps its own status and headers (the
     * hints are not repeated in it). HTTP/1.1, HTTP/2 and HTTP/3.
     *
     * @param array $headers field name => value or list of values.
     * @return bool true when sent; false for an HTTP/1.0 client (it has no interim responses),
     *   and (with a warning) once the response head was sent.
     * @throws \ValueError for an empty array, an invalid name, or a value with CR, LF or NUL.
     * @throws \TypeError for a value that is not a string or a list of strings.
     */
    public function earlyHints(array $headers): bool {}

    /**
     * Adds a Set-Cookie header; the value is URL-encoded. Parameters are
     * those of setcookie().
     *
     * @param string $name cookie name.
     * @param string $value cookie value; empty deletes the cookie.
     * @param int $expires expiry as a Unix timestamp; 0 for a session cookie.
     * @param string $path Path attribute.
     * @param string $domain Domain attribute.
     * @param bool $secure adds the Secure attribute.
     * @param bool $httponly adds the HttpOnly attribute.
     * @param string $samesite SameSite attribute: "Strict", "Lax" or "None".
     * @param string $priority Priority attribute: "Low", "Medium" or "High".
     * @return bool false (with a warning) once the head was sent.
     * @throws \ValueError for an empty name or one with "=,; \t\r\n\013\014", or an attribute with ",;\r\n".
     */
    public function cookie(string $name, string $value = "", int $expires = 0, string $path = "", string $domain = "", bool $secure = false, bool $httponly = false, string $samesite = "", string $priority = ""): bool {}

    /**
     * Same as cookie(), but the value is sent as given, without URL-encoding.
     *
     * @param string $name cookie name.
     * @param string $value cookie value, already encoded; empty deletes the cookie.
     * @param int $expires expiry as a Unix timestamp; 0 for a session cookie.
     * @param string $path Path attribute.
     * @param string $domain Domain attribute.
     * @param bool $secure adds the Secure attribute.
     * @param bool $httponly adds the HttpOnly attribute.
     * @param string $samesite SameSite attribute: "Strict", "Lax" or "None".
     * @param string $priority Priority attribute: "Low", "Medium" or "High".
     * @return bool false (with a warning) once the head was sent.
     * @throws \ValueError for an invalid name, or a value with ",; \t\r\n\013\014".
     */
    public function rawCookie(string $name, string $value = "", int $expires = 0, string $path = "", string $domain = "", bool $secure = false, bool $httponly = false, string $samesite = "", string $priority = ""): bool {}

    /**
     * Adds a trailer field, sent after the body (HTTP/2 and HTTP/3 trailers; the chunked
     * trailer section on HTTP/1.1). Call before end(); ignored by clients of a response
     * that is not streamed.
     *
     * @param string $key field name.
     * @param string $value field value.
     * @return bool false (with a warning) once the response has ended.
     * @throws \ValueError when the name or value contains CR, LF or NUL.
     */
    public function trailer(string $key, string $value): bool {}

    /**
     * Sends a chunk of the body, sending the head first if needed (chunked
     * encoding on HTTP/1.1, DATA frames on HTTP/2 and HTTP/3). Suspends the
     * coroutine while the client is not reading fast enough.
     *
     * @param string $data body chunk.
     * @return bool false when the response has ended or the client went away.
     */
    public function write(string $data): bool {}

    /**
     * Sends the last part of the body (and the head, if not sent yet) and
     * completes the response.
     *
     * @param string $data final body part.
     * @return bool false (with a warning) when the response had already ended.
     */
    public function end(string $data = ""): bool {}

    /**
     * Sends a file as the body and completes the response.
     *
     * The part sent ($offset, $length) is the representation: with no status set by the
     * handler, a GET's single Range is answered 206 with Content-Range (416, bytes *\/size,
     * when unsatisfiable), If-Range compared with the handler's ETag or the file's
     * modification time; several ranges get 200. Accept-Ranges: bytes is added then. The file
     * is read in 64 KiB pieces (on a helper thread while the coroutine waits), each sent once
     * the client has taken enough of the previous ones, so a large file never sits in memory.
     *
     * @param string $filename path of a readable regular file.
     * @param int $offset first byte to send.
     * @param int $length number of bytes to send; 0 means up to the end of the file.
     * @return bool false (with a warning) when the file cannot be read or the range is invalid.
     */
    public function sendfile(string $filename, int $offset = 0, int $length = 0): bool {}

    /**
     * Sends a redirect (Location header, empty body) and completes the response.
     *
     * @param string $location target URL.
     * @param int $http_code redirect status code (301, 302, 303, 307 or 308).
     * @return bool false (with a warning) when the response had already ended.
     */
    public function redirect(string $location, int $http_code = 302): bool {}

    /**
     * Tells whether the response can still be written to: false after end()
     * and after the client closed the connection or reset the stream.
     */
    public function isWritable(): bool {}

    /**
     * Hands this streaming response (its head already sent, e.g. by a first write()) to the
     * server, so that any worker can write and end it: Response::create($server, $id) in any
     * worker gives a Response for it. A text/event-stream response stays an event stream
     * (stats(), server shutdown). This object can no longer write the response afterwards; the
     * request is complete for this worker (max_request, graceful stop do not wait for it), and
     * the stream ends when a worker ends it, the client goes away, or the server shuts down.
     *
     * @return int|false the stream id, valid in every worker; false (with a warning) before the
     *   head was sent, after end(), when already detached, or when the server refused (stream
     *   registry full, the client went away).
     */
    public function detach(): int|false {}

    /**
     * A Response writing the stream detach() handed to the server, from any worker. Only
     * write(), end() and isWritable() apply (its head went out already).
     *
     * @param \Trident\Http\Server $server the running server.
     * @param int $fd an id detach() returned.
     * @return Response|false false when $fd is not an open detached stream (it ended, the client
     *   went away, a WebSocket id, any other number) or outside a worker.
     */
    public static function create(\Trident\Http\Server $server, int $fd): Response|false {}

    /**
     * Accepts the WebSocket upgrade of this request (HTTP/1.1 Upgrade, already validated by
     * the server), with the headers set so far (Sec-WebSocket-Protocol, Set-Cookie, ...).
     * In a Request handler it waits until the WebSocket is open; its messages then come to
     * recv() (not to a Message event), and the WebSocket is closed (1000) when the handler
     * returns. In a Handshake callback it returns at once and the Open event follows.
     *
     * @return bool false (with a warning) for a request that is not a WebSocket upgrade or
     *   once the head was sent; false when the client went away before the WebSocket opened.
     */
    public function upgrade(): bool {}

    /**
     * Waits for the next message of the WebSocket upgrade() opened.
     *
     * @param float $timeout seconds; negative waits until a message comes or it closes.
     * @return \Trident\WebSocket\Frame|false the message, or false on timeout and once the
     *   WebSocket is closed (messages that came before the close are returned first; with
     *   open_websocket_close_frame a \Trident\WebSocket\CloseFrame comes before false).
     */
    public function recv(float $timeout = -1): \Trident\WebSocket\Frame|false {}

    /**
     * Sends a message (or ping/pong/close frame) on the WebSocket upgrade() opened. Same
     * rules as Trident\WebSocket\Server::push().
     *
     * @param string $data the message.
     * @param int $opcode Frame::OPCODE_TEXT, OPCODE_BINARY, OPCODE_PING, OPCODE_PONG or OPCODE_CLOSE.
     * @param int $flags WEBSOCKET_FLAG_FIN, optionally | WEBSOCKET_FLAG_COMPRESS.
     * @return bool true when queued; false when the WebSocket is not open.
     * @throws \ValueError for an unknown opcode.
     */
    public function push(string $data, int $opcode = 1, int $flags = 1): bool {}

    /**
     * Closes the WebSocket upgrade() opened with a close frame.
     *
     * @param int $code close code (1000-1003, 1007-1014, 3000-4999).
     * @param string $reason at most 123 bytes.
     * @return bool false when the WebSocket is not open.
     * @throws \ValueError for a code that may not be sent or a reason over 123 bytes.
     */
    public function close(int $code = 1000, string $reason = ""): bool {}
}

}

namespace Trident\WebSocket {

/**
 * A WebSocket server: an HTTP server whose WebSocket upgrades (RFC 6455 over HTTP/1.1) become
 * long-lived WebSockets with Open, Message and Close events. Plain requests still go to the
 * Request callback. Every WebSocket has one integer id ($fd) valid in every worker: push(),
 * disconnect(), isEstablished() and $connections work from any worker.
 *
 * @not-serializable
 */
final class Server extends \Trident\Http\Server
{
    /**
     * push() flag: the message is complete (pushes are always whole messages).
     *
     * @var int
     * @cvalue TRIDENT_WS_FLAG_FIN
     */
    public const WEBSOCKET_FLAG_FIN = 1;

    /**
     * push() flag: compress the message when the client negotiated permessage-deflate.
     *
     * @var int
     * @cvalue TRIDENT_WS_FLAG_COMPRESS
     */
    public const WEBSOCKET_FLAG_COMPRESS = 2;

    /**
     * Every open WebSocket of the server (all workers), listed afresh each time it is
     * iterated: foreach ($server->connections as $fd) { $server->push($fd, ...); }
     *
     * @readonly
     */
    public Connections $connections;

    /**
     * Sends a message to WebSocket $fd, which any worker may hold.
     *
     * @param int $fd the WebSocket's id ($request->fd in Open, $frame->fd in Message).
     * @param string|Frame $data the message, or a Frame (its data, opcode and flags are used).
     * @param int $opcode Frame::OPCODE_TEXT, OPCODE_BINARY, OPCODE_PING, OPCODE_PONG or
     *   OPCODE_CLOSE (the data then holds the close frame's bytes: a code in network order
     *   and the reason, or nothing).
     * @param int $flags WEBSOCKET_FLAG_FIN, optionally | WEBSOCKET_FLAG_COMPRESS.
     * @return bool true when queued (as in Swoole, not a delivery receipt); false when $fd is
     *   not an open WebSocket, outside a worker, for a control frame over 125 bytes (with a
     *   warning) or without WEBSOCKET_FLAG_FIN (fragmented pushes are not supported).
     * @throws \ValueError for an unknown opcode.
     */
    public function push(int $fd, string|Frame $data, int $opcode = Frame::OPCODE_TEXT, int $flags = Server::WEBSOCKET_FLAG_FIN): bool {}

    /**
     * Closes WebSocket $fd with a close frame; its Close event follows in the worker that
     * holds it.
     *
     * @param int $fd the WebSocket's id.
     * @param int $code close code (1000-1003, 1007-1014, 3000-4999).
     * @param string $reason at most 123 bytes.
     * @return bool false when $fd is not an open WebSocket or outside a worker.
     * @throws \ValueError for a code that may not be sent or a reason over 123 bytes.
     */
    public function disconnect(int $fd, int $code = 1000, string $reason = ""): bool {}

    /**
     * Tells whether $fd is an open WebSocket (not closing).
     */
    public function isEstablished(int $fd): bool {}

    /**
     * Lists open WebSocket ids greater than $start_fd, in increasing order.
     *
     * @param int $start_fd list ids after this one (0: from the first).
     * @param int $find_count at most this many (1-100).
     * @return array|false the ids; false before start().
     */
    public function getClientList(int $start_fd = 0, int $find_count = 10): array|false {}
}

/**
 * One WebSocket message: what the Message event and Response::recv() hand over, and what
 * push() accepts.
 */
class Frame
{
    /**
     * @var int
     * @cvalue TRIDENT_WS_OPCODE_TEXT
     */
    public const OPCODE_TEXT = 1;
    /**
     * @var int
     * @cvalue TRIDENT_WS_OPCODE_BINARY
     */
    public const OPCODE_BINARY = 2;
    /**
     * @var int
     * @cvalue TRIDENT_WS_OPCODE_CLOSE
     */
    public const OPCODE_CLOSE = 8;
    /**
     * @var int
     * @cvalue TRIDENT_WS_OPCODE_PING
     */
    public const OPCODE_PING = 9;
    /**
     * @var int
     * @cvalue TRIDENT_WS_OPCODE_PONG
     */
    public const OPCODE_PONG = 10;

    /** The WebSocket's id. */
    public int $fd = 0;
    /** The whole message (fragments are reassembled). */
    public string $data = "";
    /** OPCODE_TEXT or OPCODE_BINARY for a message. */
    public int $opcode = 1;
    /** Always true for a received message. */
    public bool $finish = true;
    /** WEBSOCKET_FLAG_* bits (FIN for a received message). */
    public int $flags = 1;
}

/**
 * How a WebSocket ended, with the setting open_websocket_close_frame (as Swoole's CloseFrame):
 * the Message event gets one right before the Close event, and Response::recv() returns one
 * before it returns false.
 */
final class CloseFrame extends Frame
{
    /** Always OPCODE_CLOSE. */
    public int $opcode = 8;
    /**
     * The close code: what the client's close frame carried (its own close, or its answer to
     * the server's disconnect() or 1001 at shutdown; 1005 when it had no code), the code the
     * server failed the WebSocket with (1002, 1007, 1009), 1001 when this worker stops while
     * the client stays, or 1006 when the connection ended without a close handshake.
     */
    public int $code = 1000;
    /** The close reason (UTF-8, at most 123 bytes). */
    public string $reason = "";
}

/**
 * The open WebSockets of the server, as Trident\WebSocket\Server::$connections: iterating
 * lists the ids open at that moment, in every worker's hands.
 *
 * @not-serializable
 */
final class Connections implements \IteratorAggregate, \Countable
{
    /** Created by the server only. */
    private function __construct() {}

    /** @return \Iterator<int> the ids open now. */
    public function getIterator(): \Iterator {}

    /** The number of open WebSockets. */
    public function count(): int {}
}

}

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

}

namespace Trident\Http {

/**
 * A multi-process HTTP server. The master process runs the script up to
 * start(); request callbacks then run in worker processes, one coroutine per
 * request.
 *
 * @not-serializable
 */
final class Server
{
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
     * @throws \Trident\Exception when the address is invalid or cannot be bound.
     */
    public function __construct(string $host = "0.0.0.0", int $port = 0) {}

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
     *
     * - max_coroutine (int): live coroutines per worker; past it requests get 503.
     * - ssl_cert_file, ssl_key_file (string): PEM certificate (chain) and key: the constructor's
     *   listener speaks TLS. ssl_sni_certs (array): host name => ['ssl_cert_file' =>, 'ssl_key_file' =>].
     * - open_http2_protocol (bool): HTTP/2 (h2c prior knowledge on cleartext, ALPN "h2" with TLS).
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

    /** Body parameters (urlencoded or multipart); null when there are none. */
    public ?array $post = null;

    /** Cookies sent by the client; null when there are none. */
    public ?array $cookie = null;

    /**
     * Uploaded files in the shape of $_FILES; null when there are none. The
     * temporary files are removed when the request ends.
     */
    public ?array $files = null;

    /** Requests are created by the server only. */
    private function __construct() {}

    /**
     * Returns the request method ("GET", "POST", ...).
     */
    public function getMethod(): string {}

    /**
     * Returns the raw request body.
     *
     * @return string|false the body, or false when the request has none.
     */
    public function rawContent(): string|false {}

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
}

}

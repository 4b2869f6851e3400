// Server settings as the core sees them. The PHP binding fills this from $server->set();
// every field's default is the safe one a production server should start with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "trident/server/access_log.h"
#include "trident/server/proxy_header.h"
#include "trident/core/log.h"
#include "trident/http/compression_policy.h"

namespace trident::server {

enum class DispatchMode : int {
    RoundRobin = 1,       // next worker in turn
    LeastLoaded = 2,      // the worker with the fewest requests in flight from this reactor
    SessionAffinity = 3,  // every request of one connection to the same worker
};

// Every coroutine I/O hook family: the value of Trident\Runtime::HOOK_ALL (the bits are
// named in ext-src/hooks.h, which checks that both agree).
constexpr uint32_t kHookFlagsAll = (1u << 12) - 1;

struct SniCertConfig {
    std::string hostname;  // exact name or "*.example.com"
    std::string cert_file;
    std::string key_file;
    std::string stapling_file;  // optional DER OCSP response for cert_file
};

struct ListenerConfig {
    std::string host;
    int port = 0;
    int fd = -1;  // bound and listening socket created in the master before start()
    // TLS on this listener when cert_file is set (PEM; the file may hold the chain too).
    std::string ssl_cert_file;
    std::string ssl_key_file;
    std::string ssl_stapling_file;  // DER OCSP response stapled for ssl_cert_file (optional)
    std::vector<SniCertConfig> ssl_sni_certs;
    int open_http2_protocol = -1;  // -1: the server's setting, 0/1: this listener's own
    int open_http3_protocol = -1;  // -1: the server's setting, 0/1: this listener's own (TLS only)
    // The `metrics` setting's listener: the reactor answers /metrics and /health itself.
    bool metrics = false;
    // PROXY protocol v1/v2 (a load balancer names the client first), from these sources only
    // when the set is not empty (proxy_protocol_trusted).
    bool proxy_protocol = false;
    AddressSet proxy_trusted;
    bool tls() const { return !ssl_cert_file.empty(); }
};

// Who owns the client sockets (the constructor's third argument, as Swoole's).
enum class ServerMode : uint8_t {
    Process,  // the master's reactor threads; workers get requests over IPC (the default)
    Base,     // every worker process runs its own reactor on its own listening sockets
};

struct ServerConfig {
    ServerMode mode = ServerMode::Process;
    int worker_num = 0;              // 0 = number of CPUs
    int reactor_num = 0;             // 0 = number of CPUs (at most 64)
    DispatchMode dispatch_mode = DispatchMode::LeastLoaded;
    uint64_t max_request = 0;        // restart a worker after this many requests (0 = never)
    size_t package_max_length = 8u << 20;     // request body limit, else 413
    size_t http_max_header_size = 16u << 10;  // request head limit, else 431
    int http_max_pipeline = 16;      // HTTP/1.1 requests in flight per connection before reading pauses
    double http_header_timeout = 10.0;  // seconds to receive a request head (and between body reads)
    double http_idle_timeout = 60.0;    // seconds a keep-alive connection may sit idle
    double http_send_timeout = 60.0;    // seconds a response may wait for the client to take any byte
    uint64_t http_body_min_rate = 1024; // bytes/s a request body must average over each window (0 = off)
    // A request with a body starts its handler at its head; the body is read as it arrives
    // (Request::read()). Off: the handler starts once the whole body is here.
    bool http_body_streaming = false;
    // Inbound window per stream (ipc/frame.h "Inbound credit"): bytes of one WebSocket's messages
    // (and, with http_body_streaming, of one request body) the reactor forwards to the worker
    // before PHP has consumed them; past it the client is held back by its own flow control. A
    // message larger than the window still arrives whole.
    size_t input_window_size = 1u << 20;
    double max_wait_time = 3.0;      // graceful shutdown/reload: seconds to let requests finish
    bool open_http2_protocol = false;   // h2c with prior knowledge on cleartext listeners (h2 via ALPN with TLS)
    bool open_http3_protocol = false;   // HTTP/3 over QUIC on the UDP port of every TLS listener
    bool http3_retry = false;           // QUIC Retry: validate client addresses before any handshake work
    bool open_http3_datagram = false;   // negotiate RFC 9221 DATAGRAM frames
    uint32_t max_concurrent_streams = 128;  // HTTP/2 and HTTP/3 request streams per connection
    uint32_t max_coroutine = 0;         // live coroutines per worker, 0 = trident.max_coroutine INI
    uint32_t hook_flags = kHookFlagsAll;  // coroutine I/O hooks each worker enables before WorkerStart
    // WebSocket (issue 12). Inbound bounds: a frame or message past them is closed with 1009.
    size_t websocket_max_frame_size = 16u << 20;
    size_t websocket_max_message_size = 16u << 20;
    double websocket_ping_interval = 0;    // seconds of silence before the server pings; 0 = never
    double websocket_ping_timeout = 10.0;  // seconds a pinged peer has to send anything back
    bool websocket_compression = false;    // negotiate permessage-deflate (RFC 7692) when offered
    // Swoole's open_websocket_close_frame: the end of a WebSocket reaches PHP as a CloseFrame
    // (code, reason) — a Message event before Close, or recv()'s last frame.
    bool open_websocket_close_frame = false;
    // Live WebSockets (all reactors); an upgrade past it is answered 503.
    uint32_t max_websocket_connections = 65536;
    // Response compression (gzip, br, zstd) in the worker: the http_compression* settings.
    http::CompressionSettings compression;
    // Static file handler (issue 13; Swoole's names): GET and HEAD requests under one of
    // static_handler_locations that name a regular file under document_root are answered by the
    // reactor (server/static_handler.h); everything else goes to PHP.
    bool enable_static_handler = false;
    std::string document_root;
    std::vector<std::string> static_handler_locations{"/"};
    std::vector<std::string> http_index_files{"index.html"};
    bool static_handler_allow_symlinks = false;  // symlinks inside the root (never out of it)
    bool static_handler_allow_dotfiles = false;  // path segments starting with '.'
    // TLS session ticket keys rotate after this many seconds; a ticket is accepted for two.
    double ssl_ticket_key_lifetime = 43200;
    int backlog = 511;
    size_t max_connections = 100000;
    LogLevel log_level = LogLevel::Warning;
    std::string log_file;            // empty = stderr
    // access_log: one line per request (trident/server/access_log.h), empty = none.
    std::string access_log;
    AccessLogFormat access_log_format = AccessLogFormat::Combined;
    std::vector<ListenerConfig> listeners;
};

}  // namespace trident::server

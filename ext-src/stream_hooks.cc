// Coroutine stream transports (HOOKS.md §1, §2): tcp://, udp://, unix://, udg://, and the
// TLS transports ssl://, tls://, tlsv1.0:// ... tlsv1.3://, whose blocking waits suspend only
// the calling coroutine.
//
// Our factory lets PHP's own factory (php_stream_generic_socket_factory, or ext/openssl's for
// tcp and the TLS transports) build the stream, then gives it a copy of PHP's ops table with
// read, write, close and set_option wrapped. So stream->abstract is PHP's
// php_netstream_data_t (mysqlnd and phpredis cast it), the ops labels are PHP's
// ("tcp_socket", "tcp_socket/ssl", ...), and every operation that does not block (cast,
// stat, flush, names, options) is PHP's code. Outside a coroutine, where switching is
// impossible, for nonblocking streams and once the family is disabled, the wrappers call
// PHP's operation directly: the original behaviour.
//
// Plain sockets: the wrappers wait for readiness on the scheduler's loop (co::FdClaim) and
// then hand over to PHP's operation, which no longer blocks.
//
// TLS (a TLS transport, or a tcp:// stream after stream_socket_enable_crypto(), as mysqlnd
// does for MariaDB/MySQL TLS): OpenSSL buffers records and may need to write while reading,
// so readiness alone cannot say when PHP's operation would not block. There the wrappers
// run PHP's operation (xp_ssl.c, with every `ssl` context option, SNI, ALPN, verification,
// timeouts and error messages its own) inside a co::PollScope: the poll(2) that xp_ssl.c
// makes with the direction OpenSSL asked for and the time left suspends only this coroutine
// (poll_hooks.cc). Such a stream has an ops table of its own ("tls" below), so the mode is
// known from stream->ops alone.
//
// PHP's connect/bind code recognises unix and udp streams by the address of their ops table,
// so PHP's set_option always runs with the stream's original ops in place.
//
// A connect (tcp:// and the TLS transports) resolves its name on the DNS family's thread
// pool (dns_hooks.h).
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "php_trident.h"

extern "C" {
#include "php_network.h"
#include "ext/standard/file.h"
}

#include "coroutine_io.h"
#include "function_hooks.h"
#include "dns_hooks.h"
#include "hooks.h"
#include "trident/core/event_loop.h"

namespace trident::php::hooks {

namespace {

using coroutine::FdDir;

struct Transport {
    const char* name;
    uint32_t bit;
    php_stream_transport_factory original = nullptr;  // saved when first hooked
    bool active = false;
};
Transport g_transports[] = {
    {"tcp", kTcp},      {"udp", kUdp},         {"unix", kUnix},       {"udg", kUdg},
    {"ssl", kSsl},      {"tls", kTls},         {"tlsv1.0", kTls},     {"tlsv1.1", kTls},
    {"tlsv1.2", kTls},  {"tlsv1.3", kTls},
};

bool is_tls_transport(const Transport* t) { return t->bit == kSsl || t->bit == kTls; }

// PHP's ops table for one transport, with our wrappers. `ops` comes first: stream->ops
// points at it and leads back to the rest.
struct HookedOps {
    php_stream_ops ops;
    const php_stream_ops* orig;
    Transport* transport;
    bool tls;  // TLS is on: PHP's operations run inside a PollScope
};
// Per (PHP ops table, transport, TLS mode): a handful.
constexpr size_t kMaxOps = 32;
HookedOps g_ops[kMaxOps];
size_t g_ops_count = 0;

HookedOps* hooked(php_stream* stream) {
    return reinterpret_cast<HookedOps*>(const_cast<php_stream_ops*>(stream->ops));
}

php_netstream_data_t* sock_of(php_stream* stream) { return static_cast<php_netstream_data_t*>(stream->abstract); }

// Milliseconds of a stream timeout: tv_sec == -1 means none.
int64_t timeout_ms(const struct timeval& tv) {
    if (tv.tv_sec < 0) return -1;
    return int64_t(tv.tv_sec) * 1000 + (int64_t(tv.tv_usec) + 999) / 1000;
}

// Whether a wrapper suspends the coroutine for this stream, or leaves it to PHP's code.
// (Before connect the stream has no socket yet: `need_socket` false for the operations
// that create it.)
bool suspends(php_stream* stream, bool need_socket = true) {
    php_netstream_data_t* sock = sock_of(stream);
    return sock && (sock->socket >= 0 || !need_socket) && sock->is_blocked && hooked(stream)->transport->active &&
           co::io_can_suspend();
}

// PHP's set_option, with PHP's ops table in place while it runs (see the file comment).
int orig_set_option(php_stream* stream, int option, int value, void* ptrparam) {
    HookedOps* h = hooked(stream);
    stream->ops = h->orig;
    int r = h->orig->set_option(stream, option, value, ptrparam);
    stream->ops = &h->ops;
    return r;
}

// While it lives, the stream's timeout is the shortest nonzero one (a 0 ms poll in PHP's
// code): PHP's operation then times out at once, in its own words.
class NoTimeLeft {
public:
    explicit NoTimeLeft(php_netstream_data_t* sock) : sock_(sock), saved_(sock->timeout) {
        sock_->timeout.tv_sec = 0;
        sock_->timeout.tv_usec = 1;
    }
    ~NoTimeLeft() { sock_->timeout = saved_; }

private:
    php_netstream_data_t* sock_;
    struct timeval saved_;
};

// A read, or a TLS stream's write: PHP's own operation, with its waits (php_pollfd_for)
// suspending this coroutine. The direction is claimed first, so that a second coroutine on the
// same stream gets the error naming both instead of sharing the bytes (or OpenSSL's state).
ssize_t scoped_io(php_stream* stream, coroutine::FdDir dir, char* rbuf, const char* wbuf, size_t count) {
    HookedOps* h = hooked(stream);
    php_netstream_data_t* sock = sock_of(stream);
    co::FdClaim claim;
    if (!claim.acquire(sock->socket, dir)) return -1;
    co::PollScope scope(sock->socket);
    return dir == FdDir::Read ? h->orig->read(stream, rbuf, count) : h->orig->write(stream, wbuf, count);
}

// xp_ssl.c marks a blocking stream nonblocking for as long as its I/O loop runs, so while one
// coroutine waits inside it the stream looks nonblocking to the next: TLS streams are
// claimed whatever their mode (a nonblocking one never polls, so the scope costs nothing).
bool tls_claims(php_stream* stream) {
    HookedOps* h = hooked(stream);
    php_netstream_data_t* sock = sock_of(stream);
    return h->tls && sock && sock->socket >= 0 && h->transport->active && co::io_can_suspend();
}

// A read runs PHP's own operation inside the scope whatever the stream: PHP's socket read
// waits in php_pollfd_for() with the stream's timeout, so the wait suspends only this
// coroutine, a timeout is PHP's own (timed_out, return value, no extra syscall when data is
// already there), and a TLS read gets OpenSSL's direction.
ssize_t hooked_read(php_stream* stream, char* buf, size_t count) {
    HookedOps* h = hooked(stream);
    if (tls_claims(stream) || suspends(stream)) return scoped_io(stream, FdDir::Read, buf, nullptr, count);
    return h->orig->read(stream, buf, count);
}

ssize_t hooked_write(php_stream* stream, const char* buf, size_t count) {
    HookedOps* h = hooked(stream);
    if (tls_claims(stream)) return scoped_io(stream, FdDir::Write, nullptr, buf, count);
    if (!suspends(stream)) return h->orig->write(stream, buf, count);
    php_netstream_data_t* sock = sock_of(stream);
    co::FdClaim claim;
    if (!claim.acquire(sock->socket, FdDir::Write)) return -1;
    for (;;) {
        // MSG_NOSIGNAL: on a broken pipe PHP's own write below meets the error (and raises
        // SIGPIPE) once, as without hooks.
        ssize_t n = send(sock->socket, buf, count, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
            php_stream_notify_progress_increment(PHP_STREAM_CONTEXT(stream), n, 0);
            return n;  // a partial count is fine: the stream layer writes the rest
        }
        if (n < 0 && errno == EINTR) continue;
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) break;
        int r = claim.wait(timeout_ms(sock->timeout));
        if (r == co::kIoReady) continue;
        if (r == co::kIoError) return -1;  // closed meanwhile, or cancelled (exception pending)
        // Timed out: PHP's write with no time left sets timed_out and raises its notice.
        NoTimeLeft scope(sock);
        return h->orig->write(stream, buf, count);
    }
    // An error (or nothing sent): PHP's write meets it again and reports it its own way.
    return h->orig->write(stream, buf, count);
}

int hooked_close(php_stream* stream, int close_handle) {
    php_netstream_data_t* sock = sock_of(stream);
    if (sock && close_handle && sock->socket >= 0) co::fd_closed(sock->socket);
    return hooked(stream)->orig->close(stream, close_handle);
}

// Splits "host:port" or "[v6]:port" (PHP's syntax); false when PHP's parser would refuse it.
bool split_host_port(const char* name, size_t len, std::string* host, int* port) {
    if (len > 1 && name[0] == '[') {
        const char* end = static_cast<const char*>(memchr(name + 1, ']', len - 1));
        if (!end || size_t(end - name) + 1 >= len || end[1] != ':') return false;
        host->assign(name + 1, size_t(end - name - 1));
        *port = atoi(end + 2);
        return true;
    }
    const char* colon = len ? static_cast<const char*>(memchr(name, ':', len - 1)) : nullptr;
    if (!colon) return false;
    host->assign(name, size_t(colon - name));
    *port = atoi(colon + 1);
    return true;
}

// "ip:port" / "[ip]:port" for one resolved address.
bool literal_of(const struct sockaddr* sa, int port, std::string* out) {
    char ip[INET6_ADDRSTRLEN];
    if (sa->sa_family == AF_INET) {
        if (!inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, ip, sizeof ip)) return false;
        *out = std::string(ip) + ":" + std::to_string(port);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        if (!inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, ip, sizeof ip)) return false;
        *out = "[" + std::string(ip) + "]:" + std::to_string(port);
        return true;
    }
    return false;
}

void drop_error_text(php_stream_xport_param* xp) {
    if (xp->outputs.error_text) {
        zend_string_release(xp->outputs.error_text);
        xp->outputs.error_text = nullptr;
    }
}

void close_socket(php_netstream_data_t* sock) {
    if (sock->socket < 0) return;
    co::fd_closed(sock->socket);
    close(sock->socket);
    sock->socket = -1;
}

// One address: PHP's asynchronous connect (it creates the socket, applies bindto and
// tcp_nodelay), then a coroutine wait for writability and SO_ERROR. 0 or an errno.
int connect_one(php_stream* stream, php_stream_xport_param* xp, const std::string& literal, int64_t deadline) {
    php_netstream_data_t* sock = sock_of(stream);
    char* name = xp->inputs.name;
    size_t namelen = xp->inputs.namelen;
    xp->inputs.name = const_cast<char*>(literal.c_str());
    xp->inputs.namelen = literal.size();
    xp->op = php_stream_xport_param::STREAM_XPORT_OP_CONNECT_ASYNC;
    xp->outputs.error_code = 0;
    orig_set_option(stream, PHP_STREAM_OPTION_XPORT_API, 0, xp);
    xp->op = php_stream_xport_param::STREAM_XPORT_OP_CONNECT;
    xp->inputs.name = name;
    xp->inputs.namelen = namelen;
    if (xp->outputs.returncode < 0 || sock->socket < 0) {
        close_socket(sock);
        return xp->outputs.error_code ? xp->outputs.error_code : ECONNREFUSED;
    }
    drop_error_text(xp);
    int err = 0;
    if (xp->outputs.returncode == 1) {  // in progress
        co::FdClaim claim;
        if (!claim.acquire(sock->socket, FdDir::Write)) {
            err = EBUSY;
        } else {
            int64_t left = deadline < 0 ? -1 : deadline - EventLoop::now_ms();
            int r = claim.wait(left < 0 && deadline >= 0 ? 0 : left);
            if (r == co::kIoTimeout) {
                err = ETIMEDOUT;
            } else if (r == co::kIoError) {
                err = errno ? errno : EBADF;
            } else {
                socklen_t len = sizeof err;
                if (getsockopt(sock->socket, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
            }
        }
    }
    if (err) {
        close_socket(sock);
        return err;
    }
    // PHP's synchronous connect leaves the socket in blocking mode: so do we.
    php_set_sock_blocking(sock->socket, 1);
    return 0;
}

// STREAM_XPORT_OP_CONNECT of a tcp stream in a coroutine: each resolved address in turn, as
// PHP's connect does, with one deadline for all of them.
// Resolves the host of a connect (see connect_getaddresses). 0 with the failure PHP's connect
// reports (its resolver's message, error code 0) in *xp.
int resolve_for_connect(php_stream_xport_param* xp, const std::string& host, struct sockaddr*** addresses) {
    zend_string* resolve_error = nullptr;
    // On the resolver pool, bounded by the connect timeout (PHP's connect deadline starts
    // after the lookup: so does ours). It raises PHP's warning itself when the name does not
    // resolve.
    int64_t resolve_ms = xp->inputs.timeout ? timeout_ms(*xp->inputs.timeout) : -1;
    int n = connect_getaddresses(host.c_str(), SOCK_STREAM, addresses, &resolve_error, resolve_ms);
    if (n <= 0) {
        xp->outputs.returncode = -1;
        xp->outputs.error_code = 0;
        if (xp->want_errortext) {
            xp->outputs.error_text = resolve_error;
        } else if (resolve_error) {
            zend_string_release(resolve_error);
        }
        return 0;
    }
    if (resolve_error) zend_string_release(resolve_error);
    return n;
}

// STREAM_XPORT_OP_CONNECT of a tcp stream in a coroutine: each resolved address in turn, as
// PHP's connect does, with one deadline for all of them.
int coroutine_connect(php_stream* stream, php_stream_xport_param* xp) {
    std::string host;
    int port = 0;
    if (!split_host_port(xp->inputs.name, xp->inputs.namelen, &host, &port)) {
        return orig_set_option(stream, PHP_STREAM_OPTION_XPORT_API, 0, xp);  // PHP's parse error
    }
    struct sockaddr** addresses = nullptr;
    if (resolve_for_connect(xp, host, &addresses) == 0) return PHP_STREAM_OPTION_RETURN_OK;
    int64_t deadline = -1;
    if (xp->inputs.timeout) deadline = EventLoop::now_ms() + timeout_ms(*xp->inputs.timeout);
    int err = ECONNREFUSED;
    std::string literal;
    for (struct sockaddr** sa = addresses; *sa; ++sa) {
        if (!literal_of(*sa, port, &literal)) continue;
        drop_error_text(xp);
        err = connect_one(stream, xp, literal, deadline);
        if (err == 0 || err == EBUSY || EG(exception)) break;  // connected, or cancelled
        if (deadline >= 0 && EventLoop::now_ms() >= deadline) break;
    }
    php_network_freeaddresses(addresses);
    xp->outputs.error_code = err;
    xp->outputs.returncode = err ? -1 : 0;
    if (err == 0) {
        drop_error_text(xp);
    } else if (xp->want_errortext && !xp->outputs.error_text) {
        xp->outputs.error_text = php_socket_error_str(err);
    }
    return PHP_STREAM_OPTION_RETURN_OK;
}

// STREAM_XPORT_OP_CONNECT of a TLS transport stream in a coroutine: the name resolved on the
// pool, then ext/openssl's own connect (TCP connect + handshake, both waiting in poll(2)
// inside the scope) to each address in turn, by its literal: SNI and the peer name come from
// the stream's URL, not from the address connected to. A handshake that fails ends it (the
// TLS state is set up: PHP's connect would not try another address either).
int tls_connect(php_stream* stream, php_stream_xport_param* xp) {
    co::PollScope scope(co::PollScope::kAnyFd);
    std::string host;
    int port = 0;
    if (!split_host_port(xp->inputs.name, xp->inputs.namelen, &host, &port)) {
        return orig_set_option(stream, PHP_STREAM_OPTION_XPORT_API, 0, xp);
    }
    struct sockaddr** addresses = nullptr;
    if (resolve_for_connect(xp, host, &addresses) == 0) return PHP_STREAM_OPTION_RETURN_OK;
    char* name = xp->inputs.name;
    size_t namelen = xp->inputs.namelen;
    std::string literal;
    int ret = PHP_STREAM_OPTION_RETURN_OK;
    for (struct sockaddr** sa = addresses; *sa; ++sa) {
        if (!literal_of(*sa, port, &literal)) continue;
        drop_error_text(xp);
        xp->inputs.name = const_cast<char*>(literal.c_str());
        xp->inputs.namelen = literal.size();
        ret = orig_set_option(stream, PHP_STREAM_OPTION_XPORT_API, 0, xp);
        if (xp->outputs.returncode == 0 || sock_of(stream)->socket >= 0 || EG(exception)) break;
    }
    xp->inputs.name = name;
    xp->inputs.namelen = namelen;
    php_network_freeaddresses(addresses);
    return ret;
}

HookedOps* hooked_ops_for(const php_stream_ops* orig, Transport* t, bool tls);

// stream_socket_enable_crypto() and its C callers (mysqlnd's TLS): PHP's handshake, its waits
// in a PollScope; the stream then changes to (or back from) its TLS ops table.
int crypto_set_option(php_stream* stream, int value, void* ptrparam) {
    HookedOps* h = hooked(stream);
    auto* cp = static_cast<php_stream_xport_crypto_param*>(ptrparam);
    int ret;
    if (suspends(stream)) {
        co::PollScope scope(sock_of(stream)->socket);
        ret = orig_set_option(stream, PHP_STREAM_OPTION_CRYPTO_API, value, ptrparam);
    } else {
        ret = orig_set_option(stream, PHP_STREAM_OPTION_CRYPTO_API, value, ptrparam);
    }
    if (cp && cp->op == php_stream_xport_crypto_param::STREAM_XPORT_CRYPTO_OP_ENABLE) {
        bool on = cp->inputs.activate && cp->outputs.returncode == 1;
        bool off = !cp->inputs.activate;
        if ((on && !h->tls) || (off && h->tls)) {
            if (HookedOps* other = hooked_ops_for(h->orig, h->transport, on)) stream->ops = &other->ops;
        }
    }
    return ret;
}

int hooked_set_option(php_stream* stream, int option, int value, void* ptrparam) {
    if (option == PHP_STREAM_OPTION_CRYPTO_API) return crypto_set_option(stream, value, ptrparam);
    if (option != PHP_STREAM_OPTION_XPORT_API || !ptrparam || !suspends(stream, /*need_socket=*/false)) {
        return orig_set_option(stream, option, value, ptrparam);
    }
    HookedOps* h = hooked(stream);
    auto* xp = static_cast<php_stream_xport_param*>(ptrparam);
    php_netstream_data_t* sock = sock_of(stream);
    if (sock->socket < 0 && xp->op != php_stream_xport_param::STREAM_XPORT_OP_CONNECT) {
        return orig_set_option(stream, option, value, ptrparam);
    }
    switch (xp->op) {
        case php_stream_xport_param::STREAM_XPORT_OP_ACCEPT: {
            co::FdClaim claim;
            if (!claim.acquire(sock->socket, FdDir::Read)) {
                xp->outputs.returncode = -1;
                return PHP_STREAM_OPTION_RETURN_OK;
            }
            int r = co::kIoReady;  // a connection already pending: no switch
            if (co::poll_fd(sock->socket, EventLoop::kReadable, 0) != co::kIoReady) {
                r = claim.wait(xp->inputs.timeout ? timeout_ms(*xp->inputs.timeout) : -1);
            }
            if (r == co::kIoError) {  // closed meanwhile, or cancelled (exception pending)
                xp->outputs.returncode = -1;
                return PHP_STREAM_OPTION_RETURN_OK;
            }
            // Ready: PHP's accept does not wait. Timed out: PHP's accept with no time left
            // reports it in its own words.
            struct timeval none = {0, 0};
            struct timeval* saved = xp->inputs.timeout;
            if (r == co::kIoTimeout) xp->inputs.timeout = &none;
            // A TLS listener's accept also runs the server handshake on the new socket.
            co::PollScope scope(h->tls ? co::PollScope::kAnyFd : -1);
            int ret = orig_set_option(stream, option, value, ptrparam);
            xp->inputs.timeout = saved;
            if (xp->outputs.client && xp->outputs.client->ops == h->orig) xp->outputs.client->ops = &h->ops;
            return ret;
        }
        case php_stream_xport_param::STREAM_XPORT_OP_RECV:
            if (!(xp->inputs.flags & STREAM_OOB) && co::poll_fd(sock->socket, EventLoop::kReadable, 0) != co::kIoReady) {
                co::FdClaim claim;
                if (!claim.acquire(sock->socket, FdDir::Read)) {
                    xp->outputs.returncode = -1;
                    return PHP_STREAM_OPTION_RETURN_OK;
                }
                if (claim.wait(-1) != co::kIoReady) {  // PHP's recvfrom has no timeout either
                    xp->outputs.returncode = -1;
                    return PHP_STREAM_OPTION_RETURN_OK;
                }
                return orig_set_option(stream, option, value, ptrparam);
            }
            break;
        case php_stream_xport_param::STREAM_XPORT_OP_CONNECT:
            if (h->tls) return tls_connect(stream, xp);
            if (h->transport->bit == kTcp) return coroutine_connect(stream, xp);
            break;
        default:
            break;
    }
    return orig_set_option(stream, option, value, ptrparam);
}

HookedOps* hooked_ops_for(const php_stream_ops* orig, Transport* t, bool tls) {
    for (size_t i = 0; i < g_ops_count; ++i) {
        if (g_ops[i].orig == orig && g_ops[i].transport == t && g_ops[i].tls == tls) return &g_ops[i];
    }
    if (g_ops_count == kMaxOps) return nullptr;
    HookedOps* h = &g_ops[g_ops_count++];
    h->ops = *orig;  // label, cast, stat, flush, seek: PHP's
    h->ops.read = hooked_read;
    h->ops.write = hooked_write;
    h->ops.close = hooked_close;
    h->ops.set_option = hooked_set_option;
    h->orig = orig;
    h->transport = t;
    h->tls = tls;
    return h;
}

// PHP's own socket streams, whose abstract begins with a php_netstream_data_t: xp_socket.c's
// and, for tcp:// when ext/openssl is loaded (it registers itself for "tcp" to offer
// stream_socket_enable_crypto()), xp_ssl.c's.
bool is_php_socket(const php_stream_ops* ops) {
    static const char* const labels[] = {"tcp_socket", "udp_socket", "unix_socket", "udg_socket", "tcp_socket/ssl"};
    if (!ops || !ops->label || !ops->read || !ops->write || !ops->close || !ops->set_option) return false;
    for (const char* label : labels) {
        if (strcmp(ops->label, label) == 0) return true;
    }
    return false;
}

Transport* transport_named(const char* proto, size_t len) {
    for (Transport& t : g_transports) {
        if (strlen(t.name) == len && memcmp(t.name, proto, len) == 0) return &t;
    }
    return nullptr;
}

php_stream* hooked_factory(const char* proto, size_t protolen, const char* resourcename, size_t resourcenamelen,
                           const char* persistent_id, int options, int flags, struct timeval* timeout,
                           php_stream_context* context STREAMS_DC) {
    Transport* t = transport_named(proto, protolen);
    if (!t || !t->original) return nullptr;
    php_stream* stream = t->original(proto, protolen, resourcename, resourcenamelen, persistent_id, options, flags,
                                     timeout, context STREAMS_REL_CC);
    if (stream && t->active && is_php_socket(stream->ops)) {
        if (HookedOps* h = hooked_ops_for(stream->ops, t, is_tls_transport(t))) stream->ops = &h->ops;
    }
    return stream;
}

// fclose() of a hooked socket stream another coroutine is reading or writing: PHP would free
// the stream under that coroutine's feet (it resumes inside PHP's stream code); refused with
// the exception naming both coroutines, the stream left open. Everything else is PHP's fclose.
void hooked_fclose(INTERNAL_FUNCTION_PARAMETERS);
Replacement g_close_functions[] = {
    {"fclose", hooked_fclose},
};

bool is_hooked_ops(const php_stream_ops* ops) {
    const auto* h = reinterpret_cast<const HookedOps*>(ops);
    return h >= g_ops && h < g_ops + g_ops_count;
}

void hooked_fclose(INTERNAL_FUNCTION_PARAMETERS) {
    zval* res = nullptr;
    if (ZEND_NUM_ARGS() == 1 && Z_TYPE_P(ZEND_CALL_ARG(execute_data, 1)) == IS_RESOURCE) {
        res = ZEND_CALL_ARG(execute_data, 1);
        auto* stream = static_cast<php_stream*>(
            zend_fetch_resource2(Z_RES_P(res), nullptr, php_file_le_stream(), php_file_le_pstream()));
        if (stream && is_hooked_ops(stream->ops)) {
            php_netstream_data_t* sock = sock_of(stream);
            if (sock && sock->socket >= 0 && co::fd_busy_elsewhere(sock->socket, "close")) RETURN_THROWS();
        }
    }
    g_close_functions[0].original(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

void hook_transport(Transport& t, bool on) {
    HashTable* ht = php_stream_xport_get_hash();
    size_t len = strlen(t.name);
    auto current = reinterpret_cast<php_stream_transport_factory>(zend_hash_str_find_ptr(ht, t.name, len));
    if (on) {
        if (!current) return;  // not registered in this PHP: nothing to hook
        if (current != hooked_factory) {
            t.original = current;
            php_stream_xport_register(t.name, hooked_factory);
        }
        t.active = true;
    } else {
        // Streams opened meanwhile keep our ops, which call PHP's while inactive.
        t.active = false;
        if (current == hooked_factory && t.original) php_stream_xport_register(t.name, t.original);
    }
}

}  // namespace

void stream_transports(uint32_t which) {
    for (Transport& t : g_transports) hook_transport(t, (which & t.bit) != 0);
    replace_functions(g_close_functions, which != 0);
}

}  // namespace trident::php::hooks

// The DNS family of the coroutine hooks (HOOK_DNS): gethostbyname() and gethostbynamel()
// look the name up with the same libc call PHP makes (gethostbyname_r) on a thread pool
// (trident/core/resolver.h), and only the calling coroutine waits. Outside a coroutine, where
// switching is impossible, and for every argument PHP itself rejects or warns about, PHP's
// own function runs: same results, same messages.
//
// The same pool resolves the names hooked tcp:// streams connect to (connect_getaddresses(),
// for stream_hooks.cc), with getaddrinfo as PHP's connect does, and, under HOOK_PGSQL, the
// names libpq connects to: libpq's import of getaddrinfo (and only libpq's) is redirected
// (core::ImportRedirect, as for its poll in poll_hooks.cc) to pq_getaddrinfo(), which runs
// libc's getaddrinfo with libpq's very arguments on the pool and hands libpq libc's own list
// (libpq frees it with freeaddrinfo()).
#include "dns_hooks.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "coroutine_internal.h"
#include "function_hooks.h"
#include "hooks.h"
#include "trident/core/import_redirect.h"
#include "trident/core/resolver.h"
#include "trident/core/thread_pool.h"

extern "C" {
#include "php_network.h"
}

namespace co = trident::php::co;

namespace {

// glibc's resolver, like PHP (ext/standard/dns.c), limits a name to this many characters.
constexpr size_t kMaxFqdn = 255;
// Lookups in flight at once per process. Each blocks its thread for as long as the resolver
// takes (its latency, or its timeouts), so the cap is the number of concurrent requests whose
// lookups overlap: with 4, 100 requests each resolving a name 0.2 s away took 25 rounds (5 s).
// Threads start only when every one is busy and end after kResolverIdleMs without work.
constexpr size_t kResolverThreads = 128;
constexpr int64_t kResolverIdleMs = 5000;

// The pool belongs to one loop (its eventfd is watched there): made on first use, dropped
// when the scheduler leaves that loop (dns_detach(), with the timers).
std::unique_ptr<trident::ThreadPool> g_pool;
trident::EventLoop* g_pool_loop = nullptr;

trident::ThreadPool* pool() {
    trident::EventLoop* loop = co::loop();
    if (!loop) return nullptr;
    if (g_pool_loop != loop) {
        g_pool.reset();
        g_pool = std::make_unique<trident::ThreadPool>(*loop, kResolverThreads, kResolverIdleMs);
        g_pool_loop = loop;
    }
    return g_pool.get();
}

// What a waiting coroutine and its lookup share: the lookup may finish after the coroutine
// stopped waiting (it timed out or was cancelled), and must then wake nobody.
template <class Result>
struct Pending {
    Result result;
    co::Coro* waiter = nullptr;
    bool done = false;
};

// The completion of a pool job: keeps the result, wakes the coroutine if it still waits.
template <class Result>
std::function<void(Result)> completion(const std::shared_ptr<Pending<Result>>& state) {
    state->waiter = co::current();
    return [state](Result r) {
        state->result = std::move(r);
        state->done = true;
        if (state->waiter) co::wake(state->waiter);
    };
}

enum class Waited { Done, TimedOut, Cancelled };

// Suspends the current coroutine until the job is done, for at most timeout_ms (negative:
// no limit). Cancelled: a graceful exit is pending, return at once.
template <class Result>
Waited await(Pending<Result>& state, int64_t timeout_ms) {
    int64_t deadline = timeout_ms < 0 ? -1 : trident::EventLoop::now_ms() + timeout_ms;
    while (!state.done) {
        int64_t left = deadline < 0 ? -1 : deadline - trident::EventLoop::now_ms();
        if (deadline >= 0 && left <= 0) {
            state.waiter = nullptr;
            return Waited::TimedOut;
        }
        if (co::wait(left) == co::WakeReason::Cancel) {
            state.waiter = nullptr;
            return Waited::Cancelled;
        }
    }
    return Waited::Done;
}

// Looks `host` up from the current coroutine; false (nothing waited) when no pool job could
// be made or the coroutine was cancelled (a graceful exit is pending: return at once).
bool lookup(const std::string& host, trident::HostAddresses* out, bool* cancelled) {
    *cancelled = false;
    trident::ThreadPool* p = pool();
    if (!p) return false;
    auto state = std::make_shared<Pending<trident::HostAddresses>>();
    if (!trident::lookup_ipv4_async(*p, host, completion(state))) return false;
    if (await(*state, -1) == Waited::Cancelled) {
        *cancelled = true;
        return false;
    }
    *out = std::move(state->result);
    return true;
}

void hooked_gethostbyname(INTERNAL_FUNCTION_PARAMETERS);
void hooked_gethostbynamel(INTERNAL_FUNCTION_PARAMETERS);

trident::php::hooks::Replacement g_dns_functions[] = {
    {"gethostbyname", hooked_gethostbyname},
    {"gethostbynamel", hooked_gethostbynamel},
};

// The host name argument when this call is ours to make: one string argument of a length PHP
// accepts, in a coroutine that can wait. Otherwise nullptr: PHP's own function runs.
zend_string* our_argument(INTERNAL_FUNCTION_PARAMETERS) {
    (void)return_value;
    if (ZEND_NUM_ARGS() != 1 || !trident_coroutine_can_suspend()) return nullptr;
    zval* arg = ZEND_CALL_ARG(execute_data, 1);
    ZVAL_DEREF(arg);
    if (Z_TYPE_P(arg) != IS_STRING || Z_STRLEN_P(arg) > kMaxFqdn) return nullptr;
    // A NUL inside the name: PHP's parameter parsing ("p") rejects it with its own error.
    if (memchr(Z_STRVAL_P(arg), '\0', Z_STRLEN_P(arg)) != nullptr) return nullptr;
    return Z_STR_P(arg);
}

void hooked_gethostbyname(INTERNAL_FUNCTION_PARAMETERS) {
    zend_string* name = our_argument(INTERNAL_FUNCTION_PARAM_PASSTHRU);
    trident::HostAddresses r;
    bool cancelled = false;
    if (!name || !lookup(std::string(ZSTR_VAL(name), ZSTR_LEN(name)), &r, &cancelled)) {
        if (cancelled) return;
        g_dns_functions[0].original(INTERNAL_FUNCTION_PARAM_PASSTHRU);
        return;
    }
    // As PHP: the first address, or the name itself when there is none.
    if (!r.found || r.ipv4.empty()) RETURN_STR_COPY(name);
    RETURN_STRINGL(r.ipv4[0].data(), r.ipv4[0].size());
}

void hooked_gethostbynamel(INTERNAL_FUNCTION_PARAMETERS) {
    zend_string* name = our_argument(INTERNAL_FUNCTION_PARAM_PASSTHRU);
    trident::HostAddresses r;
    bool cancelled = false;
    if (!name || !lookup(std::string(ZSTR_VAL(name), ZSTR_LEN(name)), &r, &cancelled)) {
        if (cancelled) return;
        g_dns_functions[1].original(INTERNAL_FUNCTION_PARAM_PASSTHRU);
        return;
    }
    // As PHP: false without a host entry, else every address (possibly none).
    if (!r.found) RETURN_FALSE;
    array_init_size(return_value, uint32_t(r.ipv4.size()));
    for (const std::string& a : r.ipv4) add_next_index_stringl(return_value, a.data(), a.size());
}

// The address family PHP's php_network_getaddresses() asks getaddrinfo for: any when this
// system can open an IPv6 socket, IPv4 only otherwise. Probed once per process, as PHP does.
int php_address_family() {
    static int family = -1;
    if (family < 0) {
        int s = socket(AF_INET6, SOCK_DGRAM, 0);
        family = s < 0 ? AF_INET : AF_UNSPEC;
        if (s >= 0) close(s);
    }
    return family;
}

// A numeric address: getaddrinfo answers it without any lookup, so it is not worth a switch.
bool is_numeric_address(const char* host) {
    unsigned char buf[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

// php_network_getaddresses()'s failure: the same text in *error_string and in the warning
// (raised for the function running now, as PHP's php_error_docref does).
void report_resolve_failure(zend_string** error_string, zend_string* text) {
    if (error_string) {
        if (*error_string) zend_string_release_ex(*error_string, 0);
        *error_string = text;
        php_error_docref(nullptr, E_WARNING, "%s", ZSTR_VAL(text));
    } else {
        php_error_docref(nullptr, E_WARNING, "%s", ZSTR_VAL(text));
        zend_string_release_ex(text, 0);
    }
}

// The pool's answer as php_network_getaddresses() returns it.
int address_list(const trident::AddrInfoResult& r, struct sockaddr*** sal) {
    size_t n = r.addresses.size();
    *sal = static_cast<struct sockaddr**>(safe_emalloc(n + 1, sizeof(**sal), 0));
    for (size_t i = 0; i < n; ++i) {
        (*sal)[i] = static_cast<struct sockaddr*>(emalloc(r.addresses[i].len));
        memcpy((*sal)[i], &r.addresses[i].addr, r.addresses[i].len);
    }
    (*sal)[n] = nullptr;
    return int(n);
}

// --- libpq's getaddrinfo (HOOK_PGSQL) -------------------------------------------------------
//
// libpq resolves each host name of a connection string with a blocking getaddrinfo() inside
// PQconnectdb()/PQconnectPoll() (src/common/ip.c, pg_getaddrinfo_all), with no timeout of its
// own (connect_timeout starts after it). Its other resolver import, getnameinfo(), is only
// called with NI_NUMERICHOST (the address text of its messages) and never looks anything up.

trident::core::ImportRedirect g_pq_getaddrinfo;
pthread_t g_php_thread;

// Whether getaddrinfo() answers without a lookup: a numeric node, or one libpq asks to be
// numeric (hostaddr=), or no node at all (a service only).
bool answers_at_once(const char* node, const struct addrinfo* hints) {
    return !node || (hints && (hints->ai_flags & AI_NUMERICHOST)) || is_numeric_address(node);
}

int pq_getaddrinfo(const char* node, const char* service, const struct addrinfo* hints, struct addrinfo** res) {
    trident::ThreadPool* p = nullptr;
    // Only the PHP thread runs coroutines; outside one (a destructor, shutdown, no coroutine)
    // libc's call blocks as it always did.
    if (!pthread_equal(pthread_self(), g_php_thread) || answers_at_once(node, hints) ||
        !trident_coroutine_can_suspend() || !(p = pool())) {
        return getaddrinfo(node, service, hints, res);
    }
    trident::AddrInfoQuery q;
    q.node = node;
    if (service) q.service = service;
    if (hints) {
        q.has_hints = true;
        q.flags = hints->ai_flags;
        q.family = hints->ai_family;
        q.socktype = hints->ai_socktype;
        q.protocol = hints->ai_protocol;
    }
    auto state = std::make_shared<Pending<trident::RawAddrInfo>>();
    if (!trident::getaddrinfo_async(*p, std::move(q), completion(state))) return getaddrinfo(node, service, hints, res);
    // As long as libc takes, as without hooks. Cancelled (the worker stops): libpq reports
    // "could not translate host name" and the connect fails; the answer, when it comes, is
    // freed with the shared state.
    if (await(*state, -1) == Waited::Cancelled) {
        errno = ECANCELED;
        return EAI_SYSTEM;
    }
    trident::RawAddrInfo& r = state->result;
    if (r.rc != 0) {
        errno = r.sys_errno;
        return r.rc;
    }
    *res = r.list.release();
    return 0;
}

}  // namespace

namespace trident::php::hooks {

void pgsql_resolver(bool on) {
    if (on) {
        g_php_thread = pthread_self();
        g_pq_getaddrinfo.install("libpq.so.5", "getaddrinfo", reinterpret_cast<void*>(pq_getaddrinfo));
    } else {
        g_pq_getaddrinfo.restore();
    }
}

int connect_getaddresses(const char* host, int socktype, struct sockaddr*** sal, zend_string** error_string,
                         int64_t timeout_ms) {
    trident::ThreadPool* p = nullptr;
    if (!host || is_numeric_address(host) || !trident_coroutine_can_suspend() || !(p = pool())) {
        return php_network_getaddresses(host, socktype, sal, error_string);
    }
    auto state = std::make_shared<Pending<trident::AddrInfoResult>>();
    if (!trident::lookup_addrinfo_async(*p, host, php_address_family(), socktype, completion(state))) {
        return php_network_getaddresses(host, socktype, sal, error_string);
    }
    Waited waited = await(*state, timeout_ms);
    if (waited == Waited::Cancelled) {
        // No warning for a coroutine being cancelled; the connect fails with this reason.
        if (error_string) {
            if (*error_string) zend_string_release_ex(*error_string, 0);
            *error_string = strpprintf(0, "php_network_getaddresses: getaddrinfo for %s failed: %s", host,
                                       strerror(ECANCELED));
        }
        return 0;
    }
    // Out of time: what libc says when its resolver times out.
    int rc = waited == Waited::TimedOut ? EAI_AGAIN : state->result.rc;
    if (rc != 0) {
        report_resolve_failure(error_string, strpprintf(0, "php_network_getaddresses: getaddrinfo for %s failed: %s",
                                                        host, gai_strerror(rc)));
        return 0;
    }
    if (state->result.addresses.empty()) {
        report_resolve_failure(error_string,
                               strpprintf(0, "php_network_getaddresses: getaddrinfo for %s failed (null result pointer) errno=%d",
                                          host, state->result.sys_errno));
        return 0;
    }
    return address_list(state->result, sal);
}

void dns_family(bool on) { replace_functions(g_dns_functions, on); }

ssize_t pool_pread(int fd, char* buf, size_t n, off_t offset) {
    if (!trident_coroutine_can_suspend()) return kPoolUnavailable;
    trident::ThreadPool* p = pool();
    if (!p) return kPoolUnavailable;
    // The job reads into its own buffer through its own descriptor: a coroutine that stops
    // waiting (a graceful exit) returns at once, and the caller may close its fd (and the
    // number be reused by a socket) while the read is still under way.
    struct Read {
        int fd = -1;
        std::string data;
        ssize_t got = -1;
        int err = 0;
        ~Read() {
            if (fd >= 0) ::close(fd);
        }
    };
    auto job = std::make_shared<Read>();
    job->fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (job->fd < 0) return -1;
    job->data.resize(n);
    auto state = std::make_shared<Pending<bool>>();
    auto done = completion(state);
    bool submitted = p->submit(
        [job, n, offset] {
            ssize_t r;
            do {
                r = ::pread(job->fd, &job->data[0], n, offset);
            } while (r < 0 && errno == EINTR);
            job->got = r;
            job->err = r < 0 ? errno : 0;
        },
        [done] { done(true); });
    if (!submitted) {
        state->waiter = nullptr;
        return kPoolUnavailable;
    }
    if (await(*state, -1) == Waited::Cancelled) {
        errno = ECANCELED;
        return -1;
    }
    if (job->got > 0) memcpy(buf, job->data.data(), size_t(job->got));
    errno = job->err;
    return job->got;
}

void dns_detach() {
    g_pool.reset();
    g_pool_loop = nullptr;
}

}  // namespace trident::php::hooks

// The DNS family of the coroutine hooks (HOOK_DNS): gethostbyname() and gethostbynamel()
// look the name up with the same libc call PHP makes (gethostbyname_r) on a thread pool
// (trident/core/resolver.h), and only the calling coroutine waits. Outside a coroutine, where
// switching is impossible, and for every argument PHP itself rejects or warns about, PHP's
// own function runs: same results, same messages.
#include <memory>
#include <string>

#include "coroutine_internal.h"
#include "function_hooks.h"
#include "hooks.h"
#include "trident/core/resolver.h"
#include "trident/core/thread_pool.h"

namespace co = trident::php::co;

namespace {

// glibc's resolver, like PHP (ext/standard/dns.c), limits a name to this many characters.
constexpr size_t kMaxFqdn = 255;
// Lookups that may wait at once per process: getaddrinfo-style calls block their thread for the
// resolver's timeouts, so a handful of threads serve many coroutines without starving the rest.
constexpr size_t kResolverThreads = 4;

// The pool belongs to one loop (its eventfd is watched there): made on first use, dropped
// when the scheduler leaves that loop (dns_detach(), with the timers).
std::unique_ptr<trident::ThreadPool> g_pool;
trident::EventLoop* g_pool_loop = nullptr;

trident::ThreadPool* pool() {
    trident::EventLoop* loop = co::loop();
    if (!loop) return nullptr;
    if (g_pool_loop != loop) {
        g_pool.reset();
        g_pool = std::make_unique<trident::ThreadPool>(*loop, kResolverThreads);
        g_pool_loop = loop;
    }
    return g_pool.get();
}

// What a waiting coroutine and its lookup share: the lookup may finish after the coroutine
// stopped waiting (it was cancelled), and must then wake nobody.
struct Lookup {
    trident::HostAddresses result;
    co::Coro* waiter = nullptr;
    bool done = false;
};

// Looks `host` up from the current coroutine; false (nothing waited) when no pool job could
// be made or the coroutine was cancelled (a graceful exit is pending: return at once).
bool lookup(const std::string& host, trident::HostAddresses* out, bool* cancelled) {
    *cancelled = false;
    trident::ThreadPool* p = pool();
    if (!p) return false;
    auto state = std::make_shared<Lookup>();
    state->waiter = co::current();
    bool queued = trident::lookup_ipv4_async(*p, host, [state](trident::HostAddresses r) {
        state->result = std::move(r);
        state->done = true;
        if (state->waiter) co::wake(state->waiter);
    });
    if (!queued) return false;
    while (!state->done) {
        if (co::wait(-1) == co::WakeReason::Cancel) {
            state->waiter = nullptr;
            *cancelled = true;
            return false;
        }
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

}  // namespace

namespace trident::php::hooks {

void dns_family(bool on) { replace_functions(g_dns_functions, on); }

void dns_detach() {
    g_pool.reset();
    g_pool_loop = nullptr;
}

}  // namespace trident::php::hooks

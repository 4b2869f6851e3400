// Trident\Runtime and the registry of coroutine hook families (hooks.h): which families are
// on in this process, the replacement of internal functions (function_hooks.h), and the
// sleep family: sleep(), usleep(), time_nanosleep(), time_sleep_until().
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/time.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <ctime>

#include "coroutine_internal.h"
#include "function_hooks.h"
#include "hooks.h"
#include "trident/server/config.h"

extern "C" {
#include "zend_exceptions.h"
}

namespace hooks = trident::php::hooks;
namespace co = trident::php::co;

// The values of the Trident\Runtime::HOOK_* constants (runtime_arginfo.h reads them).
#define TRIDENT_HOOK_TCP zend_long(hooks::kTcp)
#define TRIDENT_HOOK_UDP zend_long(hooks::kUdp)
#define TRIDENT_HOOK_UNIX zend_long(hooks::kUnix)
#define TRIDENT_HOOK_UDG zend_long(hooks::kUdg)
#define TRIDENT_HOOK_SSL zend_long(hooks::kSsl)
#define TRIDENT_HOOK_TLS zend_long(hooks::kTls)
#define TRIDENT_HOOK_STREAM_FUNCTION zend_long(hooks::kStreamFunction)
#define TRIDENT_HOOK_SLEEP zend_long(hooks::kSleep)
#define TRIDENT_HOOK_PROC zend_long(hooks::kProc)
#define TRIDENT_HOOK_CURL zend_long(hooks::kCurl)
#define TRIDENT_HOOK_DNS zend_long(hooks::kDns)
#define TRIDENT_HOOK_PGSQL zend_long(hooks::kPgsql)
#define TRIDENT_HOOK_ALL zend_long(hooks::kAll)

#include "runtime_arginfo.h"

// The server setting 'hook_flags' is checked by the core against its own copy of HOOK_ALL.
static_assert(uint32_t(hooks::kAll) == trident::server::kHookFlagsAll,
              "trident::server::kHookFlagsAll must equal Trident\\Runtime::HOOK_ALL");

namespace {

constexpr uint64_t kNsPerMs = 1000000;
constexpr uint64_t kNsPerSec = 1000000000;
constexpr uint64_t kNsPerUs = 1000;

uint32_t g_flags = 0;

// --- suspending the current coroutine for a time --------------------------------------------

void on_timerfd(void* data, int, uint32_t) { co::wake(static_cast<co::Coro*>(data)); }

// The loop's timers have millisecond resolution and fire up to ~1 ms late, so a sleep uses
// them for all but its last 1-2 ms and finishes on a timerfd in the loop, exact to the
// kernel's timer slack: usleep(100) takes 0.1 ms, usleep(1500) 1.5 ms, never less. Each
// timerfd lives at most ~2 ms, and no more than this many at once, so that a crowd of
// sleeping coroutines cannot take the fds the worker's sockets need; past the cap (or
// where no fd can be had) the rest is waited on a loop timer, rounded up.
constexpr int kMaxTimerfds = 64;
int g_timerfds = 0;

int64_t monotonic_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * int64_t(kNsPerSec) + ts.tv_nsec;
}

// Waits on the loop's timer for `ns` rounded up to milliseconds. False when cancelled.
bool wait_ms_rounded_up(uint64_t ns) {
    int64_t ms = int64_t(ns / kNsPerMs + (ns % kNsPerMs != 0));
    return co::wait(ms) != co::WakeReason::Cancel;
}

// Waits the last `ns` (under ~2 ms) of a sleep on a timerfd. False when cancelled.
bool wait_timerfd(uint64_t ns) {
    int fd = g_timerfds < kMaxTimerfds ? timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC) : -1;
    if (fd < 0) return wait_ms_rounded_up(ns);
    itimerspec when = {};
    when.it_value.tv_sec = time_t(ns / kNsPerSec);
    when.it_value.tv_nsec = long(ns % kNsPerSec);
    if (timerfd_settime(fd, 0, &when, nullptr) != 0 ||
        !co::loop()->watch(fd, trident::EventLoop::kReadable, on_timerfd, co::current())) {
        close(fd);
        return wait_ms_rounded_up(ns);
    }
    ++g_timerfds;
    co::WakeReason r = co::wait(-1);
    --g_timerfds;
    if (trident::EventLoop* loop = co::loop()) loop->unwatch(fd);
    close(fd);
    return r != co::WakeReason::Cancel;
}

// Suspends the current coroutine (co::can_suspend() holds) for `ns` nanoseconds, never less;
// 0 yields to the other ready coroutines. False when the coroutine was cancelled meanwhile:
// a graceful exit is pending, return at once. Nothing but the time or a cancellation ends
// a wait (no one else knows this coroutine is waiting).
bool coroutine_sleep(uint64_t ns) {
    if (ns == 0) return co::yield();
    // Beyond ~146 years precision means nothing (and the deadline below would overflow).
    if (ns > (uint64_t(1) << 62)) return wait_ms_rounded_up(ns);
    const int64_t deadline = monotonic_ns() + int64_t(ns);
    if (ns >= 2 * kNsPerMs && co::wait(int64_t(ns / kNsPerMs) - 1) == co::WakeReason::Cancel) return false;
    int64_t left = deadline - monotonic_ns();
    return left <= 0 || wait_timerfd(uint64_t(left));
}

// --- the sleep family ---------------------------------------------------------------------

// Each hooked function does exactly what PHP's does: outside a coroutine (or where switching
// is impossible) it is PHP's; inside one it parses and checks its arguments with PHP's own
// rules and messages (ext/standard/basic_functions.c) and waits on the loop instead of the
// kernel. Signals cannot interrupt a coroutine wait, so the "interrupted" results (sleep()'s
// seconds left, time_nanosleep()'s array) never occur there.
void hooked_sleep(INTERNAL_FUNCTION_PARAMETERS);
void hooked_usleep(INTERNAL_FUNCTION_PARAMETERS);
void hooked_time_nanosleep(INTERNAL_FUNCTION_PARAMETERS);
void hooked_time_sleep_until(INTERNAL_FUNCTION_PARAMETERS);

enum SleepFunction : size_t { kSleepFn, kUsleepFn, kTimeNanosleepFn, kTimeSleepUntilFn };

hooks::Replacement g_sleep_functions[] = {
    {"sleep", hooked_sleep},
    {"usleep", hooked_usleep},
    {"time_nanosleep", hooked_time_nanosleep},
    {"time_sleep_until", hooked_time_sleep_until},
};

// True (the original ran) where the calling context cannot suspend.
bool ran_original(SleepFunction f, INTERNAL_FUNCTION_PARAMETERS) {
    if (trident_coroutine_can_suspend()) return false;
    g_sleep_functions[f].original(INTERNAL_FUNCTION_PARAM_PASSTHRU);
    return true;
}

void hooked_sleep(INTERNAL_FUNCTION_PARAMETERS) {
    if (ran_original(kSleepFn, INTERNAL_FUNCTION_PARAM_PASSTHRU)) return;
    zend_long seconds;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_LONG(seconds)
    ZEND_PARSE_PARAMETERS_END();
    if (seconds < 0) {
        zend_argument_value_error(1, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    // PHP hands the value to sleep(3) as an unsigned int: the same truncation here.
    if (!coroutine_sleep(uint64_t(static_cast<unsigned int>(seconds)) * kNsPerSec)) RETURN_THROWS();
    RETURN_LONG(0);
}

void hooked_usleep(INTERNAL_FUNCTION_PARAMETERS) {
    if (ran_original(kUsleepFn, INTERNAL_FUNCTION_PARAM_PASSTHRU)) return;
    zend_long microseconds;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_LONG(microseconds)
    ZEND_PARSE_PARAMETERS_END();
    if (microseconds < 0) {
        zend_argument_value_error(1, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    // As for sleep(): PHP passes an unsigned int to usleep(3).
    if (!coroutine_sleep(uint64_t(static_cast<unsigned int>(microseconds)) * kNsPerUs)) RETURN_THROWS();
}

void hooked_time_nanosleep(INTERNAL_FUNCTION_PARAMETERS) {
    if (ran_original(kTimeNanosleepFn, INTERNAL_FUNCTION_PARAM_PASSTHRU)) return;
    zend_long seconds, nanoseconds;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_LONG(seconds)
        Z_PARAM_LONG(nanoseconds)
    ZEND_PARSE_PARAMETERS_END();
    if (seconds < 0) {
        zend_argument_value_error(1, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    if (nanoseconds < 0) {
        zend_argument_value_error(2, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    if (nanoseconds >= zend_long(kNsPerSec)) {
        // PHP's message for nanosleep(2)'s EINVAL.
        zend_value_error("Nanoseconds was not in the range 0 to 999 999 999 or seconds was negative");
        RETURN_THROWS();
    }
    // Saturated: anything past UINT64_MAX ns (584 years) waits as long as the loop allows.
    uint64_t ns = uint64_t(seconds) >= UINT64_MAX / kNsPerSec ? UINT64_MAX
                                                               : uint64_t(seconds) * kNsPerSec + uint64_t(nanoseconds);
    if (!coroutine_sleep(ns)) RETURN_THROWS();
    RETURN_TRUE;
}

void hooked_time_sleep_until(INTERNAL_FUNCTION_PARAMETERS) {
    if (ran_original(kTimeSleepUntilFn, INTERNAL_FUNCTION_PARAM_PASSTHRU)) return;
    double target;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_DOUBLE(target)
    ZEND_PARSE_PARAMETERS_END();
    timeval now;
    if (gettimeofday(&now, nullptr) != 0) RETURN_FALSE;
    // The same bounds as PHP: the target in nanoseconds must fit an unsigned 64-bit count;
    // written so that NAN fails too.
    const double top = double(UINT64_MAX / kNsPerSec);
    if (!(target >= 0 && target <= top)) {
        zend_argument_value_error(1, "must be between 0 and %" PRIu64, uint64_t(top));
        RETURN_THROWS();
    }
    uint64_t target_ns = uint64_t(target * double(kNsPerSec));
    uint64_t now_ns = uint64_t(now.tv_sec) * kNsPerSec + uint64_t(now.tv_usec) * kNsPerUs;
    if (target_ns < now_ns) {
        php_error_docref(nullptr, E_WARNING, "Argument #1 ($timestamp) must be greater than or equal to the current time");
        RETURN_FALSE;
    }
    if (!coroutine_sleep(target_ns - now_ns)) RETURN_THROWS();
    RETURN_TRUE;
}

}  // namespace

// --- the registry ---------------------------------------------------------------------------

namespace trident::php::hooks {

void replace_functions(Replacement* table, size_t count, bool on) {
    for (size_t i = 0; i < count; ++i) {
        Replacement& r = table[i];
        auto* fn = static_cast<zend_function*>(zend_hash_str_find_ptr(CG(function_table), r.name, strlen(r.name)));
        if (!fn || fn->type != ZEND_INTERNAL_FUNCTION) continue;  // disabled, or its extension is not loaded
        zif_handler& handler = fn->internal_function.handler;
        if (on && handler != r.ours) {
            r.original = handler;
            handler = r.ours;
        } else if (!on && handler == r.ours && r.original) {
            handler = r.original;
        }
    }
}

void sleep_family(bool on) { replace_functions(g_sleep_functions, on); }

uint32_t flags() { return g_flags; }

bool set_flags(uint32_t next) {
    if (next & ~uint32_t(kAll)) {
        php_error_docref(nullptr, E_WARNING, "Unknown coroutine hook flags 0x%" PRIx32, next & ~uint32_t(kAll));
        return false;
    }
    sleep_family((next & kSleep) != 0);
    dns_family((next & kDns) != 0);
    proc_family((next & kProc) != 0);
#if defined(TRIDENT_HAVE_STREAM_HOOKS)
    stream_transports(next & (kTcp | kUdp | kUnix | kUdg | kSsl | kTls));
#endif
    poll_redirects(next);
    pgsql_resolver((next & kPgsql) != 0);
    g_flags = next;
    return true;
}

void minit() {
    register_class_Trident_Runtime();
    g_flags = 0;
}

void mshutdown() {
    // Whatever is still installed goes back to PHP's own handlers.
    sleep_family(false);
    dns_family(false);
    proc_family(false);
    proc_shutdown();
#if defined(TRIDENT_HAVE_STREAM_HOOKS)
    stream_transports(0);
#endif
    poll_redirects(0);
    pgsql_resolver(false);
    g_flags = 0;
}

}  // namespace trident::php::hooks

// --- Trident\Runtime ------------------------------------------------------------------------

ZEND_METHOD(Trident_Runtime, enableCoroutine) {
    zend_long flags = TRIDENT_HOOK_ALL;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(flags)
    ZEND_PARSE_PARAMETERS_END();
    if (flags < 0 || (zend_ulong(flags) & ~zend_ulong(hooks::kAll)) != 0) {
        zend_argument_value_error(1, "must be a combination of the Trident\\Runtime::HOOK_* constants");
        RETURN_THROWS();
    }
    RETURN_BOOL(hooks::set_flags(uint32_t(flags)));
}

ZEND_METHOD(Trident_Runtime, getHookFlags) {
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_LONG(zend_long(hooks::flags()));
}

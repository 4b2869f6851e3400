// Coroutine waits for code that blocks in poll(2) or select(2) itself (HOOKS.md §2, §3, §6,
// §7), without a fork of that code: each chosen object's import of poll/select is redirected
// (core::ImportRedirect) to a function here that waits through co::poll_fds(), which
// suspends only the calling coroutine. Every other caller of poll — Trident itself included —
// still reaches libc.
//
// - libpq (HOOK_PGSQL): libpq's sockets are always nonblocking and its blocking API (PQexec,
//   PQprepare, PQconnectdb, ...) waits in pqSocketPoll() → poll(). Redirecting that one
//   import makes Debian's unmodified pdo_pgsql and pgsql cooperative: prepared statements,
//   transactions, COPY, notices and errors stay libpq's and the drivers' own code.
// - libcurl (HOOK_CURL): curl_easy_perform() (curl_exec) runs a multi loop that waits in
//   Curl_poll() → poll(), and curl_multi_select() waits in curl_multi_wait() → poll().
//   Userland callbacks (CURLOPT_WRITEFUNCTION, progress, ...) run in the calling coroutine,
//   inside libcurl, as they do without hooks.
// - PHP's own code (the main program, and ext/openssl when it is a shared module): only
//   inside a co::PollScope, which the hooked stream reads and the TLS operations open
//   (stream_hooks.cc): PHP's socket read waits in php_pollfd_for(), and xp_ssl.c
//   loops on SSL_read/SSL_write/SSL_connect/SSL_accept and waits in php_pollfd_for() with
//   the direction OpenSSL asked for and the time left, so that loop stays PHP's.
// - select(2) in PHP's own code, inside a co::SelectScope: stream_select() (HOOK_STREAM_FUNCTION).
//
// A coroutine cancelled in the middle of such a wait cannot be unwound through the C code
// that called poll: the connected sockets it waited on are shut down, so that the library's
// next read or write fails at once and it returns its own error (a TLS stream or a
// PostgreSQL connection cut mid-message is unusable anyway).
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <poll.h>
#include <pthread.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <cerrno>
#include <cinttypes>
#include <memory>
#include <unordered_map>
#include <vector>

#include "coroutine_io.h"
#include "function_hooks.h"
#include "hooks.h"
#include "php_trident_coroutine.h"
#include "trident/core/event_loop.h"
#include "trident/core/import_redirect.h"
#include "zend_exceptions.h"
// co::exists() and trident_ce_coroutine_exception, as coroutine_io.cc uses them.
#include "coroutine_internal.h"

namespace co = trident::php::co;
using trident::core::ImportRedirect;

namespace {

pthread_t g_main_thread;
bool g_main_thread_known = false;

// Only the PHP thread runs coroutines; a library's own threads (libcurl's resolver) poll as
// they always did.
bool on_php_thread() { return g_main_thread_known && pthread_equal(pthread_self(), g_main_thread); }

bool g_pgsql_on = false;
bool g_curl_on = false;

bool is_listener(int fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening;
}

// See the file comment: after a cancelled wait, the connected sockets of the set are cut.
int cut_if_cancelled(int result, struct pollfd* fds, nfds_t nfds) {
    if (result >= 0 || errno != ECANCELED) return result;
    for (nfds_t i = 0; i < nfds; ++i) {
        if (fds[i].fd >= 0 && !is_listener(fds[i].fd)) shutdown(fds[i].fd, SHUT_RDWR);
    }
    errno = ECANCELED;
    return -1;
}

int php_poll(struct pollfd* fds, nfds_t nfds, int timeout_ms) {
    if (nfds == 1 && on_php_thread() && co::poll_scope_allows(fds[0].fd)) {
        return cut_if_cancelled(co::poll_fds(fds, nfds, timeout_ms), fds, nfds);
    }
    return poll(fds, nfds, timeout_ms);
}

// --- libpq -------------------------------------------------------------------------------
//
// One PGconn used by two coroutines at once (a program error): the second one's libpq call
// reaches pqWait() while the first one is suspended in it. Whatever that wait returns to
// the second, libpq then rewrites the connection's shared state (an error result replaces
// the first one's partial result and the connection is marked idle while the first
// command's rows are still coming), so the first coroutine would get a wrong result and the
// connection would stay out of step with the server. So the second coroutine does not
// return into libpq while the first is inside a wait on that socket: it waits until the
// socket is free, then gets a Trident\Coroutine\Exception naming both coroutines and the
// connection is shut down, so that its own command is never sent (libpq's PQexec*() go on
// to send after a failed wait) and every later use of the connection fails with libpq's own
// error instead of reading answers meant for someone else.

// The libpq sockets a coroutine is waiting on right now, and the coroutines queued behind it.
struct PqSocketUse {
    int64_t owner = 0;
    std::vector<int64_t> queued;
};
std::unordered_map<int, PqSocketUse> g_pq_in_use;

// Suspends until no other coroutine waits on fd (woken by its end of wait, rechecked: the
// owner may have started its next wait before this coroutine ran). False on timeout or
// cancellation (then an exception is pending).
bool wait_until_free(int fd, int64_t me, int timeout_ms) {
    int64_t deadline = timeout_ms < 0 ? -1 : trident::EventLoop::now_ms() + timeout_ms;
    for (;;) {
        auto it = g_pq_in_use.find(fd);
        if (it == g_pq_in_use.end()) return true;
        int64_t left = deadline < 0 ? -1 : deadline - trident::EventLoop::now_ms();
        if (deadline >= 0 && left <= 0) return false;
        it->second.queued.push_back(me);
        if (trident_coroutine_suspend("PostgreSQL", left) != TridentWaitResult::Resumed) {
            // Still queued (a timeout or a cancellation, not the owner's end_use()).
            it = g_pq_in_use.find(fd);
            if (it != g_pq_in_use.end()) {
                auto& q = it->second.queued;
                for (auto i = q.begin(); i != q.end(); ++i) {
                    if (*i == me) {
                        q.erase(i);
                        break;
                    }
                }
            }
            return false;
        }
    }
}

// The wait on fd is over: the coroutines queued for it look again.
void end_use(int fd) {
    auto it = g_pq_in_use.find(fd);
    if (it == g_pq_in_use.end()) return;
    std::vector<int64_t> queued;
    queued.swap(it->second.queued);
    g_pq_in_use.erase(it);
    for (int64_t cid : queued) trident_coroutine_resume(cid);
}

// The second user of a connection (see above): refused, and the connection cut. Not
// before the owner's wait is over, unless this coroutine timed out or is being cancelled
// (an exception is pending then): the owner's command then fails with libpq's error.
int refuse_second_user(struct pollfd* fds, int64_t owner, int64_t me) {
    if (!EG(exception)) {
        zend_throw_exception_ex(trident_ce_coroutine_exception, 0,
                                "PostgreSQL connection (socket #%d) is in use by coroutine #%" PRId64
                                "; coroutine #%" PRId64 " cannot use it at the same time (the connection is closed)",
                                fds[0].fd, owner, me);
    }
    shutdown(fds[0].fd, SHUT_RDWR);
    errno = EBUSY;
    return -1;
}

int pq_poll(struct pollfd* fds, nfds_t nfds, int timeout_ms) {
    if (!g_pgsql_on || !on_php_thread()) return poll(fds, nfds, timeout_ms);
    // libpq waits on its one socket (pqSocketPoll()); anything else goes straight through.
    if (nfds != 1 || fds[0].fd < 0 || !trident_coroutine_can_suspend()) {
        return cut_if_cancelled(co::poll_fds(fds, nfds, timeout_ms), fds, nfds);
    }
    int fd = fds[0].fd;
    int64_t me = trident_coroutine_current_id();
    auto it = g_pq_in_use.find(fd);
    // An owner that no longer exists was destroyed inside its wait (end of the request, of
    // Coroutine\run()): its entry is stale and the fd number may be a new connection's.
    if (it != g_pq_in_use.end() && !co::exists(it->second.owner)) {
        end_use(fd);
        it = g_pq_in_use.end();
    }
    if (it != g_pq_in_use.end() && it->second.owner != me) {
        int64_t owner = it->second.owner;
        wait_until_free(fd, me, timeout_ms);
        return refuse_second_user(fds, owner, me);
    }
    g_pq_in_use[fd].owner = me;
    int r = co::poll_fds(fds, nfds, timeout_ms);
    int saved = errno;
    end_use(fd);
    errno = saved;
    return cut_if_cancelled(r, fds, nfds);
}

int curl_poll(struct pollfd* fds, nfds_t nfds, int timeout_ms) {
    // No cut here: the set includes libcurl's private wake-up socketpair, and libcurl
    // reports a failed wait as an error of the transfer.
    if (g_curl_on && on_php_thread()) return co::poll_fds(fds, nfds, timeout_ms);
    return poll(fds, nfds, timeout_ms);
}

int64_t timeval_ms(const struct timeval* tv) {
    if (!tv) return -1;
    if (tv->tv_sec < 0) return 0;
    int64_t ms = int64_t(tv->tv_sec) * 1000 + (int64_t(tv->tv_usec) + 999) / 1000;
    return ms > INT32_MAX ? INT32_MAX : ms;
}

// select(2) as a coroutine wait: the sets become a pollfd list for the wait, then select()
// itself, with no time left, fills the sets exactly as it would have.
int php_select(int nfds, fd_set* rfds, fd_set* wfds, fd_set* efds, struct timeval* tv) {
    if (!on_php_thread() || !co::select_scope_active() || (tv && tv->tv_sec == 0 && tv->tv_usec == 0) ||
        nfds <= 0 || nfds > FD_SETSIZE) {
        return select(nfds, rfds, wfds, efds, tv);
    }
    struct pollfd inline_fds[16];
    std::unique_ptr<struct pollfd[]> heap;
    struct pollfd* fds = inline_fds;
    nfds_t count = 0;
    for (int fd = 0; fd < nfds; ++fd) {
        short events = 0;
        if (rfds && FD_ISSET(fd, rfds)) events |= POLLIN;
        if (wfds && FD_ISSET(fd, wfds)) events |= POLLOUT;
        if (efds && FD_ISSET(fd, efds)) events |= POLLPRI;
        if (!events) continue;
        if (count == sizeof inline_fds / sizeof inline_fds[0] && !heap) {
            heap.reset(new struct pollfd[size_t(nfds)]);
            for (nfds_t i = 0; i < count; ++i) heap[i] = inline_fds[i];
            fds = heap.get();
        }
        fds[count++] = {fd, events, 0};
    }
    int n = co::poll_fds(fds, count, int(timeval_ms(tv)));
    // A wait that ended in an exception (the coroutine is being cancelled, or another one
    // holds a socket of the set) reads as a timeout: stream_select() would otherwise add its
    // "Unable to select" warning to the exception, which is what the caller sees anyway.
    if (n < 0 && !EG(exception)) return -1;
    if (n <= 0) {
        if (rfds) FD_ZERO(rfds);
        if (wfds) FD_ZERO(wfds);
        if (efds) FD_ZERO(efds);
        return 0;
    }
    struct timeval none = {0, 0};
    return select(nfds, rfds, wfds, efds, &none);
}

// --- stream_select() --------------------------------------------------------------------

void hooked_stream_select(INTERNAL_FUNCTION_PARAMETERS);
trident::php::hooks::Replacement g_select_functions[] = {
    {"stream_select", hooked_stream_select},
};

// PHP's stream_select() (its argument checks, buffered-data shortcut, casts, result arrays),
// with its select(2) waiting as a coroutine.
void hooked_stream_select(INTERNAL_FUNCTION_PARAMETERS) {
    if (!trident_coroutine_can_suspend()) {
        g_select_functions[0].original(INTERNAL_FUNCTION_PARAM_PASSTHRU);
        return;
    }
    co::SelectScope scope;
    g_select_functions[0].original(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

// --- the redirects ----------------------------------------------------------------------

// Where PHP's own stream code lives: the main program, or ext/openssl built as a module.
const char* const kPhpObjects[] = {"", "openssl.so"};
const char* const kCurlObjects[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl-nss.so.4"};

ImportRedirect g_php_poll[2];
ImportRedirect g_php_select;
ImportRedirect g_pq_poll;
ImportRedirect g_curl_poll[3];

void remember_php_thread() {
    if (g_main_thread_known) return;
    g_main_thread = pthread_self();
    g_main_thread_known = true;
}

template <size_t N>
void redirect(ImportRedirect (&r)[N], const char* const (&objects)[N], void* fn, bool on) {
    for (size_t i = 0; i < N; ++i) {
        if (on) {
            r[i].install(objects[i], "poll", fn);
        } else {
            r[i].restore();
        }
    }
}

}  // namespace

namespace trident::php::hooks {

void poll_redirects(uint32_t which) {
    remember_php_thread();
    // PHP's poll only ever suspends inside a PollScope, which the stream operations open.
    redirect(g_php_poll, kPhpObjects, reinterpret_cast<void*>(php_poll),
             (which & (kTcp | kUdp | kUnix | kUdg | kSsl | kTls)) != 0);

    g_pgsql_on = (which & kPgsql) != 0;
    if (g_pgsql_on) {
        g_pq_poll.install("libpq.so.5", "poll", reinterpret_cast<void*>(pq_poll));
    } else {
        g_pq_poll.restore();
    }

    g_curl_on = (which & kCurl) != 0;
    redirect(g_curl_poll, kCurlObjects, reinterpret_cast<void*>(curl_poll), g_curl_on);

    bool select_on = (which & kStreamFunction) != 0;
    if (select_on) {
        g_php_select.install("", "select", reinterpret_cast<void*>(php_select));
    } else {
        g_php_select.restore();
    }
    replace_functions(g_select_functions, select_on && g_php_select.size() > 0);
}

bool pgsql_hookable() { return ImportRedirect::loaded("libpq.so.5"); }

}  // namespace trident::php::hooks

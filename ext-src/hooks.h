// Coroutine I/O hooks: which families of blocking PHP I/O suspend only the calling coroutine.
// Trident\Runtime::enableCoroutine($flags) and the server setting 'hook_flags' end in
// hooks::set_flags(); each family installs or removes its own hook points (runtime.cc: the
// registry of families and the sleep family; stream_hooks.cc: the stream transports; more
// families follow the same shape). A hook outside a coroutine, or where switching is not
// allowed, does exactly what the original does (blocking).
#ifndef TRIDENT_HOOKS_H
#define TRIDENT_HOOKS_H

#include <cstdint>

namespace trident::php::hooks {

// Bit values of Trident\Runtime::HOOK_* (the names follow Swoole's SWOOLE_HOOK_*).
enum Flag : uint32_t {
    kTcp = 1u << 0,            // tcp:// streams (mysqlnd, phpredis, http://, fsockopen, ...)
    kUdp = 1u << 1,            // udp://
    kUnix = 1u << 2,           // unix://
    kUdg = 1u << 3,            // udg://
    kSsl = 1u << 4,            // ssl:// (and https:// through the http wrapper)
    kTls = 1u << 5,            // tls://, tlsv1.0:// ... tlsv1.3://
    kStreamFunction = 1u << 6, // stream_select()
    kSleep = 1u << 7,          // sleep, usleep, time_nanosleep, time_sleep_until
    kProc = 1u << 8,           // proc_open pipes, exec, shell_exec, system, passthru, popen
    kCurl = 1u << 9,           // curl_exec, curl_multi_*
    kDns = 1u << 10,           // gethostbyname, gethostbynamel
    kPgsql = 1u << 11,         // PostgreSQL (libpq's poll and getaddrinfo)
    kAll = (1u << 12) - 1,
};

// The flags in force in this process.
uint32_t flags();
// Installs the families in `next` and removes the others; restores the original behaviour
// exactly for what is removed. False (with a PHP warning) for bits this build does not know.
bool set_flags(uint32_t next);

// Families (each implemented in its own file). `on`: install; otherwise restore.
void sleep_family(bool on);                 // runtime.cc
void stream_transports(uint32_t which);     // stream_hooks.cc: kTcp|kUdp|kUnix|kUdg|kSsl|kTls bits
void dns_family(bool on);                   // dns_hooks.cc: gethostbyname, gethostbynamel
void pgsql_resolver(bool on);               // dns_hooks.cc: libpq's getaddrinfo (kPgsql)
void proc_family(bool on);                  // proc_hooks.cc: shell_exec, exec, system, passthru,
                                            // proc_open pipes, proc_close, popen, pclose,
                                            // pcntl_fork refusal
void proc_shutdown();                       // proc_hooks.cc: MSHUTDOWN, after proc_family(false)
// poll_hooks.cc: the poll/select imports of libpq (kPgsql), libcurl (kCurl) and PHP's own
// stream code (socket reads and TLS waits, for the stream families; stream_select for
// kStreamFunction).
void poll_redirects(uint32_t which);
// The scheduler leaves its loop (end of Coroutine\run(), worker exit): drop what is bound to it.
void dns_detach();

// MINIT / MSHUTDOWN of the hook machinery (saves the original handlers; restores them).
void minit();
void mshutdown();

}  // namespace trident::php::hooks

#endif

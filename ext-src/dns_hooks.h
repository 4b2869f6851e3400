// Name resolution for the coroutine stream transports (stream_hooks.cc): the lookup a tcp://
// connect makes, through the DNS family's thread pool (dns_hooks.cc).
#ifndef TRIDENT_DNS_HOOKS_H
#define TRIDENT_DNS_HOOKS_H

#include <sys/types.h>

#include <cstdint>

#include "php_trident.h"

struct sockaddr;

namespace trident::php::hooks {

// php_network_getaddresses() (main/network.c) for a connect: the same getaddrinfo() call
// (same address family, same order of addresses, /etc/hosts and nsswitch as libc has them),
// the same return value (the number of addresses in *sal, an emalloc'd NULL-terminated list
// for php_network_freeaddresses(); 0 on failure) and, on failure, the same PHP warning and
// *error_string. In a coroutine that may suspend, a name that is not a numeric address is
// looked up on the pool while only this coroutine waits, for at most timeout_ms (negative: as
// long as libc takes); running out of time fails as libc's own resolver timeout does
// (EAI_AGAIN). Anywhere else, PHP's function runs.
// A blocking file read off the worker's loop: pread() on the resolver's thread pool (the
// worker's one pool for calls that cannot be made nonblocking) while the current coroutine
// waits. Bytes read, or -1 with errno (ECANCELED: a graceful exit is pending);
// kPoolUnavailable when it cannot wait here (not in a coroutine, no loop): read inline then.
constexpr ssize_t kPoolUnavailable = -2;
ssize_t pool_pread(int fd, char* buf, size_t n, off_t offset);

int connect_getaddresses(const char* host, int socktype, struct sockaddr*** sal, zend_string** error_string,
                         int64_t timeout_ms);

}  // namespace trident::php::hooks

#endif

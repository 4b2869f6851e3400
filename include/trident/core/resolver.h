// Host name lookups off the loop thread, for the DNS hooks: the same libc calls PHP makes
// (the reentrant gethostbyname_r of gethostbyname()/gethostbynamel(), and getaddrinfo for the
// names a socket connects to), run on a ThreadPool, so /etc/hosts, nsswitch and the
// resolver's own timeouts behave exactly as without hooks.
#pragma once

#include <netdb.h>
#include <sys/socket.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trident/core/thread_pool.h"

namespace trident {

struct HostAddresses {
    bool found = false;              // libc returned a host entry
    std::vector<std::string> ipv4;   // its addresses, dotted quads, in libc's order
};

// Blocking; safe on any thread.
HostAddresses lookup_ipv4(const std::string& host);

// lookup_ipv4() on the pool; done(result) on the loop thread. False when the pool could not
// take the job (the caller then looks up inline).
bool lookup_ipv4_async(ThreadPool& pool, std::string host, std::function<void(HostAddresses)> done);

// What getaddrinfo() gave for one name: its return value (0, or an EAI_* code with errno
// saved for EAI_SYSTEM) and the addresses in libc's order.
struct AddrInfoResult {
    int rc = 0;
    int sys_errno = 0;
    struct Address {
        sockaddr_storage addr;
        socklen_t len;
    };
    std::vector<Address> addresses;
};

// getaddrinfo(host, NULL, {family, socktype}); blocking, safe on any thread.
AddrInfoResult lookup_addrinfo(const std::string& host, int family, int socktype);

// lookup_addrinfo() on the pool; done(result) on the loop thread. False when the pool could
// not take the job.
bool lookup_addrinfo_async(ThreadPool& pool, std::string host, int family, int socktype,
                           std::function<void(AddrInfoResult)> done);

// One getaddrinfo() call exactly as a library made it, for code that frees the answer itself
// with freeaddrinfo() (libpq's connect, HOOK_PGSQL): its return value, errno for
// EAI_SYSTEM, and libc's own list, owned here until release() hands it over (an answer
// nobody takes any more, because its caller stopped waiting, is freed with freeaddrinfo()).
struct RawAddrInfo {
    struct Free {
        void operator()(addrinfo* list) const { freeaddrinfo(list); }
    };
    int rc = EAI_SYSTEM;
    int sys_errno = 0;
    std::unique_ptr<addrinfo, Free> list;
};

// The request of one getaddrinfo() call: node and service (nullopt for a NULL pointer) and
// the four fields of the hints that getaddrinfo reads (has_hints false: NULL hints, libc's
// defaults).
struct AddrInfoQuery {
    std::optional<std::string> node;
    std::optional<std::string> service;
    bool has_hints = false;
    int flags = 0;
    int family = AF_UNSPEC;
    int socktype = 0;
    int protocol = 0;
};

// The query's getaddrinfo(); blocking, safe on any thread.
RawAddrInfo run_getaddrinfo(const AddrInfoQuery& query);

// run_getaddrinfo() on the pool; done(result) on the loop thread. False when the pool could
// not take the job (the caller then calls getaddrinfo itself).
bool getaddrinfo_async(ThreadPool& pool, AddrInfoQuery query, std::function<void(RawAddrInfo)> done);

}  // namespace trident

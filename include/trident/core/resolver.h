// Host name lookups off the loop thread, for the DNS hook: the same libc call PHP's
// gethostbyname()/gethostbynamel() make (the reentrant gethostbyname_r), run on a ThreadPool,
// so /etc/hosts, nsswitch and the resolver's own timeouts behave exactly as without hooks.
#pragma once

#include <functional>
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

}  // namespace trident

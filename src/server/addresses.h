// Socket addresses into the fixed part of REQUEST_HEAD.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "trident/ipc/frame.h"

namespace trident::server {

inline void fill_address(const sockaddr_storage& ss, uint8_t& family, uint8_t* addr, uint16_t& port) {
    if (ss.ss_family == AF_INET) {
        auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
        family = AF_INET;
        memcpy(addr, &a->sin_addr, 4);
        port = ntohs(a->sin_port);
    } else if (ss.ss_family == AF_INET6) {
        auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
        family = AF_INET6;
        memcpy(addr, &a->sin6_addr, 16);
        port = ntohs(a->sin6_port);
    }
}

inline void fill_addresses(ipc::ConnectionInfo& info, const sockaddr_storage& peer, const sockaddr_storage& local) {
    fill_address(peer, info.family, info.remote_addr, info.remote_port);
    uint8_t local_family = 0;
    fill_address(local, local_family, info.local_addr, info.local_port);
}

}  // namespace trident::server

#include "http3/cid.h"

#include <linux/filter.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace trident::http3 {

bool fill_random(uint8_t* out, size_t len) {
    while (len > 0) {
        // getrandom may return fewer bytes than asked (above 256 bytes) or EINTR on a signal.
        ssize_t n = getrandom(out, len, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        out += n;
        len -= size_t(n);
    }
    return true;
}

bool make_server_cid(int reactor, uint8_t* out) {
    if (reactor < 0 || reactor >= kMaxReactors) return false;
    out[0] = kCidFormat;
    out[1] = uint8_t(reactor);
    return fill_random(out + 2, kCidLength - 2);
}

int reactor_of(const uint8_t* dcid, size_t len) {
    if (len != kCidLength || dcid[0] != kCidFormat) return -1;
    return dcid[1];
}

bool attach_cid_routing(int fd, int sockets, std::string* error) {
    if (sockets < 1 || sockets > kMaxReactors) {
        *error = "QUIC routing: bad socket count";
        return false;
    }
    // Offsets are from the start of the UDP payload (the kernel pulls the UDP header first).
    // A load past the end of a short datagram ends the program with 0: socket 0.
    const uint32_t n = uint32_t(sockets);
    sock_filter code[] = {
        /* 0 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0),               // first byte
        /* 1 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x80, 0, 6),     // short header -> 8
        /* 2 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 5),               // long: DCID length
        /* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kCidLength, 0, 8),  // not ours -> 12
        /* 4 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 6),               // DCID format byte
        /* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kCidFormat, 0, 6),  // not ours -> 12
        /* 6 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 7),               // the reactor byte
        /* 7 */ BPF_JUMP(BPF_JMP | BPF_JA, 7, 0, 0),                  // -> 15
        /* 8 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 1),               // short: DCID format byte
        /* 9 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kCidFormat, 0, 4),  // not ours -> 14
        /* 10 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 2),              // the reactor byte
        /* 11 */ BPF_JUMP(BPF_JMP | BPF_JA, 3, 0, 0),                 // -> 15
        /* 12 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 6),              // long, client's DCID
        /* 13 */ BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0),                 // -> 15
        /* 14 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 1),              // short, not ours
        /* 15 */ BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, n),
        /* 16 */ BPF_STMT(BPF_RET | BPF_A, 0),
    };
    sock_fprog prog{static_cast<unsigned short>(sizeof code / sizeof code[0]), code};
    if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, sizeof prog) != 0) {
        *error = std::string("QUIC routing (SO_ATTACH_REUSEPORT_CBPF): ") + strerror(errno);
        return false;
    }
    return true;
}

}  // namespace trident::http3

#include "http3/cid.h"

#include <sys/random.h>

#include <cerrno>

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

}  // namespace trident::http3

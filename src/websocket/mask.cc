#include "trident/websocket/mask.h"

#include <cstring>

namespace trident::websocket {

void copy_masked(char* dst, const char* src, size_t len, const MaskKey& key, uint64_t offset) {
    // The key rotated so that byte 0 of this piece lines up with key[offset % 4], repeated
    // into a 64-bit word: the bulk of a large payload is then XORed 8 bytes at a time.
    uint8_t rot[8];
    for (int i = 0; i < 8; ++i) rot[i] = key[(offset + i) & 3];
    uint64_t word;
    std::memcpy(&word, rot, 8);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        std::memcpy(&v, src + i, 8);
        v ^= word;
        std::memcpy(dst + i, &v, 8);
    }
    for (; i < len; ++i) dst[i] = char(uint8_t(src[i]) ^ rot[i & 7]);
}

void apply_mask(char* data, size_t len, const MaskKey& key, uint64_t offset) {
    copy_masked(data, data, len, key, offset);
}

}  // namespace trident::websocket

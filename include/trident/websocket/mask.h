// RFC 6455 §5.3 masking: payload byte i is XORed with key[i % 4]. Masking and unmasking are
// the same operation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace trident::websocket {

using MaskKey = std::array<uint8_t, 4>;

// XORs data[0..len) in place; `offset` is the position of data[0] within the frame's payload,
// so a payload that arrives in pieces is unmasked piece by piece with the running offset.
void apply_mask(char* data, size_t len, const MaskKey& key, uint64_t offset = 0);

// dst[i] = src[i] ^ key[(offset + i) % 4]: unmasks while copying out of the input buffer, so
// the payload is copied exactly once (into the message buffer).
void copy_masked(char* dst, const char* src, size_t len, const MaskKey& key, uint64_t offset = 0);

}  // namespace trident::websocket

// A header name/value pair that refers into somebody else's buffer (a connection's
// input buffer, an IPC frame). Never owns memory.
#pragma once
#include <string_view>

namespace trident {

struct HeaderField {
    std::string_view name;
    std::string_view value;
};

}  // namespace trident

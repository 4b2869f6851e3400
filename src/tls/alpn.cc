#include "tls/alpn.h"

namespace trident::tls {

namespace {

// True if the wire-format list is well formed and names `proto`.
bool offers(const uint8_t* list, size_t len, std::string_view proto, bool* malformed) {
    bool found = false;
    size_t i = 0;
    while (i < len) {
        size_t n = list[i++];
        if (n == 0 || n > len - i) {
            *malformed = true;
            return false;
        }
        if (std::string_view(reinterpret_cast<const char*>(list + i), n) == proto) found = true;
        i += n;
    }
    return found;
}

}  // namespace

std::string_view choose_alpn(const uint8_t* list, size_t len, bool allow_h2) {
    if (list == nullptr) return {};
    bool malformed = false;
    bool h2 = offers(list, len, kAlpnH2, &malformed);
    if (malformed) return {};
    if (allow_h2 && h2) return kAlpnH2;
    if (offers(list, len, kAlpnHttp11, &malformed)) return kAlpnHttp11;
    return {};
}

}  // namespace trident::tls

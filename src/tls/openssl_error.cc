#include "tls/openssl_error.h"

#include <openssl/err.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

namespace trident::tls {

std::string drain_openssl_errors(const char* fallback) {
    std::string out;
    std::vector<std::string> seen;
    unsigned long e;
    while ((e = ERR_get_error()) != 0) {
        char buf[64];
        const char* reason;
        if (ERR_SYSTEM_ERROR(e)) {
            // A system error's reason is an errno value.
            reason = strerror(int(ERR_GET_REASON(e)));
        } else {
            reason = ERR_reason_error_string(e);
            if (reason == nullptr) {
                snprintf(buf, sizeof buf, "OpenSSL error %08lX", e);
                reason = buf;
            }
        }
        // Lower layers often repeat the reason of the layer above; once is enough.
        if (std::find(seen.begin(), seen.end(), std::string_view(reason)) != seen.end()) continue;
        if (!out.empty()) out += "; ";
        out += reason;
        seen.emplace_back(reason);
    }
    return out.empty() ? std::string(fallback) : out;
}

void clear_openssl_errors() { ERR_clear_error(); }

}  // namespace trident::tls

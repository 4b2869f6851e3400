// Server names (SNI, RFC 6066 §3) to certificate lookup.
//
// Configured names are exact ("api.example.com") or wildcards ("*.example.com"). A wildcard
// stands for exactly one leftmost label, as in certificate matching (RFC 6125 §6.4.3):
// "*.example.com" matches "a.example.com" but neither "example.com" nor "a.b.example.com".
// Matching is ASCII case-insensitive; an exact name wins over a wildcard.
//
// Lookups run inside the TLS handshake on every reactor thread at once: they only read, and
// they allocate nothing (sorted vectors searched with a name lowercased into a stack buffer).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trident::tls {

class SniNames {
public:
    // Longest DNS name (RFC 1035 §2.3.4, without the trailing dot).
    static constexpr size_t kMaxName = 253;

    // Adds a configured name (exact or "*.suffix") for entry `index`. False with a message
    // when the pattern is not a usable host name or is already present.
    bool add(std::string_view pattern, int index, std::string* error);

    // The entry for a client's server name, or -1 when no configured name matches.
    int find(std::string_view server_name) const;

    bool empty() const { return exact_.empty() && wildcard_.empty(); }

private:
    using Entry = std::pair<std::string, int>;  // lowercased name (wildcards: the suffix), index
    static const Entry* lookup(const std::vector<Entry>& v, std::string_view key);
    static void insert(std::vector<Entry>& v, std::string key, int index);

    std::vector<Entry> exact_;
    std::vector<Entry> wildcard_;  // keyed by what follows "*."
};

}  // namespace trident::tls

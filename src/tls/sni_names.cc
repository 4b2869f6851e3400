#include "trident/tls/sni_names.h"

#include <algorithm>

namespace trident::tls {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c; }

// Lowercases `name` into out[kMaxName]; drops one trailing dot (a fully qualified name is the
// same host). False when the result would be empty or too long to be a host name.
bool normalize(std::string_view name, char* out, size_t* out_len) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.empty() || name.size() > SniNames::kMaxName) return false;
    for (size_t i = 0; i < name.size(); ++i) out[i] = lower(name[i]);
    *out_len = name.size();
    return true;
}

// Letters, digits, '-', '_' and '.' between non-empty labels. '_' is not valid in host names
// but appears in real internal names; refusing it would only make start() fail for them.
bool valid_host(std::string_view h) {
    if (h.empty() || h.front() == '.' || h.back() == '.') return false;
    char prev = 0;
    for (char c : h) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok || (c == '.' && prev == '.')) return false;
        prev = c;
    }
    return true;
}

}  // namespace

bool SniNames::add(std::string_view pattern, int index, std::string* error) {
    char buf[kMaxName];
    size_t n = 0;
    bool wildcard = pattern.size() >= 2 && pattern[0] == '*' && pattern[1] == '.';
    std::string_view host = wildcard ? pattern.substr(2) : pattern;
    if (!normalize(host, buf, &n) || !valid_host(std::string_view(buf, n))) {
        *error = "invalid SNI host name \"" + std::string(pattern) +
                 "\" (expected a host name such as \"example.com\" or \"*.example.com\")";
        return false;
    }
    std::string key(buf, n);
    std::vector<Entry>& v = wildcard ? wildcard_ : exact_;
    if (lookup(v, key) != nullptr) {
        *error = "SNI host name \"" + std::string(pattern) + "\" is configured twice";
        return false;
    }
    insert(v, std::move(key), index);
    return true;
}

int SniNames::find(std::string_view server_name) const {
    char buf[kMaxName];
    size_t n = 0;
    if (!normalize(server_name, buf, &n)) return -1;
    std::string_view name(buf, n);
    if (const Entry* e = lookup(exact_, name)) return e->second;
    size_t dot = name.find('.');
    // The wildcard replaces one non-empty label: "a.example.com" -> "example.com".
    if (dot == std::string_view::npos || dot == 0) return -1;
    if (const Entry* e = lookup(wildcard_, name.substr(dot + 1))) return e->second;
    return -1;
}

const SniNames::Entry* SniNames::lookup(const std::vector<Entry>& v, std::string_view key) {
    auto it = std::lower_bound(v.begin(), v.end(), key,
                               [](const Entry& e, std::string_view k) { return std::string_view(e.first) < k; });
    return it != v.end() && it->first == key ? &*it : nullptr;
}

void SniNames::insert(std::vector<Entry>& v, std::string key, int index) {
    auto it = std::lower_bound(v.begin(), v.end(), key,
                               [](const Entry& e, const std::string& k) { return e.first < k; });
    v.emplace(it, std::move(key), index);
}

}  // namespace trident::tls

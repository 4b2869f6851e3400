#include "trident/tls/ticket_keys.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>

#include "trident/core/clock.h"

namespace trident::tls {

TicketKeyRing::TicketKeyRing(double lifetime_s, std::function<double()> now_s) : lifetime_(lifetime_s), now_(std::move(now_s)) {
    if (!now_) now_ = [] { return double(monotonic_ns()) / 1e9; };
    fill(&current_);
    current_since_ = now_();
}

TicketKeyRing::~TicketKeyRing() {
    OPENSSL_cleanse(&current_, sizeof current_);
    OPENSSL_cleanse(&previous_, sizeof previous_);
}

void TicketKeyRing::fill(Key* k) {
    // RAND_bytes fails only without an entropy source; a ticket then cannot be made, and the
    // callback refuses to issue one (a zero key is never used: see current()).
    if (RAND_bytes(reinterpret_cast<unsigned char*>(k), sizeof *k) != 1) memset(k, 0, sizeof *k);
}

void TicketKeyRing::rotate_if_due() {
    double now = now_();
    double age = now - current_since_;
    if (age < lifetime_) return;
    if (age >= 2 * lifetime_) {
        // Quiet for two lifetimes: the current key is as old as a previous one may be.
        has_previous_ = false;
        OPENSSL_cleanse(&previous_, sizeof previous_);
    } else {
        previous_ = current_;
        has_previous_ = true;
    }
    fill(&current_);
    current_since_ = now;
}

TicketKeyRing::Key TicketKeyRing::current() {
    std::lock_guard<std::mutex> g(mu_);
    rotate_if_due();
    return current_;
}

TicketKeyRing::Found TicketKeyRing::find(const unsigned char name[16], Key* out) {
    std::lock_guard<std::mutex> g(mu_);
    rotate_if_due();
    if (CRYPTO_memcmp(name, current_.name, sizeof current_.name) == 0) {
        *out = current_;
        return Found::Current;
    }
    if (has_previous_ && CRYPTO_memcmp(name, previous_.name, sizeof previous_.name) == 0) {
        *out = previous_;
        return Found::Previous;
    }
    return Found::None;
}

}  // namespace trident::tls

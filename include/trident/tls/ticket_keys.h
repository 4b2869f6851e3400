// Session ticket keys that rotate (setting ssl_ticket_key_lifetime), shared by every reactor
// thread and every SNI certificate of a listener, and kept across certificate reloads.
//
// A ticket is encrypted with the current key; a ticket of the previous key is still accepted
// (and the client gets a fresh ticket), so a key decrypts tickets for two lifetimes and a
// stolen key is useless after that. The keys live only in memory, made with RAND_bytes.
// Rotation is lazy: the first handshake after a lifetime has passed rotates, and after two
// lifetimes without any handshake both keys are new, so no key outlives its two periods
// because of quiet hours.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>

namespace trident::tls {

class TicketKeyRing {
public:
    struct Key {
        unsigned char name[16];  // sent in the clear in the ticket: which key to decrypt with
        unsigned char aes[32];   // AES-256-CBC
        unsigned char hmac[32];  // HMAC-SHA256
    };
    enum class Found { None, Current, Previous };

    // `lifetime_s` > 0. `now_s` is the clock (monotonic seconds); tests give their own.
    explicit TicketKeyRing(double lifetime_s, std::function<double()> now_s = {});
    ~TicketKeyRing();

    double lifetime() const { return lifetime_; }
    // The key to encrypt a new ticket with (rotating first when due).
    Key current();
    // The key named `name`, for decryption: Current, Previous (accepted, renew the ticket), or
    // None (expired or not ours: a full handshake).
    Found find(const unsigned char name[16], Key* out);

private:
    void rotate_if_due();
    void fill(Key* k);

    double lifetime_;
    std::function<double()> now_;
    std::mutex mu_;
    Key current_{};
    Key previous_{};
    bool has_previous_ = false;
    double current_since_ = 0;
};

}  // namespace trident::tls

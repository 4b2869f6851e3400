// Turning OpenSSL's per-thread error queue into a message that travels with the failure.
//
// OpenSSL reports why a call failed by pushing entries onto a thread-local queue. Trident does
// not pass that pattern on: every failing call site drains the queue right away into the
// message it returns, so the queue is empty again before the next TLS call on this thread
// (SSL_get_error() is only reliable with an empty queue) and a message can never be picked up
// by a later, unrelated failure.
#pragma once

#include <string>

namespace trident::tls {

// Removes every entry from this thread's OpenSSL error queue and returns their reasons, oldest
// first, joined with "; " (repeats dropped), e.g. "unsupported protocol". Returns `fallback`
// when the queue was empty.
std::string drain_openssl_errors(const char* fallback = "unknown error");

// Empties this thread's OpenSSL error queue (before a call whose failure we will inspect).
void clear_openssl_errors();

}  // namespace trident::tls

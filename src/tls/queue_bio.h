// An OpenSSL BIO over two in-memory byte queues: the only "transport" a TlsSession has.
//
// Why not BIO_s_mem() or a BIO pair: both copy ciphertext into a buffer of their own and back
// out again. This BIO reads from and writes to the session's CipherQueues directly, so the
// reactor can recv() into the input queue and send() from the output queue, and OpenSSL's own
// copies (into its record buffer, out of it) are the only ones left.
#pragma once

#include "trident/tls/byte_queue.h"

struct bio_st;

namespace trident::tls {

// Returns a new BIO (refcount 1) or nullptr. It never blocks and never fails:
//   read:  serves bytes from queues->in; when it is empty, a retryable read (OpenSSL reports
//          SSL_ERROR_WANT_READ); it never reports end-of-file, TCP EOF is the reactor's news;
//   write: appends everything to queues->out.
// `queues` is not owned and must outlive the BIO.
bio_st* new_queue_bio(CipherQueues* queues);

}  // namespace trident::tls

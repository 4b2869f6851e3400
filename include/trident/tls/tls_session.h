// One server-side TLS connection as a pure state machine: ciphertext in, plaintext out and
// back. It never touches a socket, a clock or a thread (the nghttp2 style): the reactor reads
// the socket into the session, pulls plaintext for the HTTP layer, pushes response plaintext in
// and writes pending_ciphertext() to the socket.
//
// Driving it (one reactor thread per session; sessions of one TlsContext may live on any):
//
//   on readable:   n = recv(fd, s.input_space(64 KiB), 64 KiB);  s.commit_input(n)
//                  (or s.feed(buf, n) when the bytes are already elsewhere: one more copy)
//                  then read_plain() until it stops returning Ok (or the HTTP layer is full);
//                  when recv() says EAGAIN: s.release_buffers() (see Memory below);
//   to respond:    s.write_plain(bytes, len), or s.write_plainv(iov, n) for a head + body;
//   after EVERY call, including read_plain() and failed ones: while pending_ciphertext() is
//                  not empty, send() from it and consume_ciphertext(sent). Handshake messages,
//                  tickets, alerts and TLS 1.3 key updates appear there, not only responses.
//
// The handshake advances inside commit_input()/feed() and read_plain(). The session has no
// clock: the reactor arms a handshake timer at accept and closes the connection if
// handshake_done() is still false when it fires (a client that stalls mid-handshake costs one
// timer, never a blocked thread).
//
// Copies on the hot path (bytes through memory; crypto in place is not counted):
//   in:  socket -> input queue (recv straight into input_space(): the kernel's copy)
//        -> OpenSSL's record buffer (OpenSSL reads records into its own buffer and decrypts
//        them in place; there is no API to decrypt from caller memory)
//        -> `out` of read_plain() (SSL_read's copy out of the record).
//        feed() adds one copy (caller's buffer -> input queue).
//   out: caller's plaintext -> OpenSSL's record buffer (encrypted there)
//        -> output queue (the BIO write: OpenSSL hands out finished records only this way)
//        -> socket (send straight from pending_ciphertext(): the kernel's copy).
// Nothing else is copied: no BIO_s_mem or BIO pair in between (see src/tls/queue_bio.h).
//
// Memory: the queues grow as needed (write_plain() accepts everything; the reactor applies
// backpressure by looking at pending_ciphertext().size() and buffered_input()). A queue that
// drains keeps at most 64 KiB for the next burst; release_buffers() frees both queues when they
// are empty - call it when recv() says EAGAIN and the output is flushed, and an idle connection
// holds no buffer at all (OpenSSL frees its own record buffers whenever they are empty:
// SSL_MODE_RELEASE_BUFFERS).
//
// Errors are values: a failing call returns TlsStatus::Error and error() holds one line with
// OpenSSL's reasons (its thread-local error queue is drained into it at once). An error is
// final; pending_ciphertext() may then hold an alert for the peer - send it, then close.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "trident/tls/byte_queue.h"

struct ssl_st;

namespace trident::tls {

class TlsContext;

enum class TlsStatus : uint8_t {
    Ok,        // progress: the call did what it was asked (read_plain(): bytes > 0 produced)
    WantMore,  // more ciphertext from the peer is needed before anything more can happen
    Eof,       // read_plain(): the peer sent close_notify; no more plaintext will come
    Error,     // fatal; error() says why
};

struct TlsRead {
    TlsStatus status;
    size_t bytes;  // plaintext bytes written to `out`; non-zero only with Ok
};

class TlsSession {
public:
    // `context` must outlive the session. If OpenSSL cannot create the connection (out of
    // memory) the session fails when the first record is complete: that call and every later
    // one return Error and error() says why.
    explicit TlsSession(const TlsContext& context);
    ~TlsSession();
    TlsSession(const TlsSession&) = delete;
    TlsSession& operator=(const TlsSession&) = delete;

    // ---- ciphertext from the peer ----

    // Room for exactly `len` bytes of ciphertext at the end of the input queue, to recv() into.
    // Valid until the next call on this session.
    uint8_t* input_space(size_t len);
    // Makes the first n bytes of input_space() part of the input (n <= the len asked for) and
    // advances the handshake if it is not done:
    //   Ok        the handshake is complete (call read_plain() for data)
    //   WantMore  the handshake needs more bytes
    //   Error     the handshake failed (or had failed before)
    TlsStatus commit_input(size_t n);
    // Same as input_space() + memcpy + commit_input().
    TlsStatus feed(const uint8_t* data, size_t len);
    // How many bytes to ask the socket for with input_space(): `usual` once OpenSSL reads the
    // input, and until then only what completes the client's first record (the 5-byte record
    // header first), so a trickling client never makes the session hold a 64 KiB buffer.
    size_t input_wanted(size_t usual) const;
    // True once OpenSSL's connection exists (the first record was complete; see above).
    bool started() const { return ssl_ != nullptr; }
    // Ciphertext received but not yet decrypted (bounded by the caller: stop reading the
    // socket while the HTTP layer does not call read_plain()).
    size_t buffered_input() const { return queues_.in.size(); }

    // ---- plaintext ----

    // Decrypts into out[0, cap). Ok with bytes > 0; WantMore (the input holds no complete
    // record; also while the handshake is in progress); Eof after the peer's close_notify
    // (answer with shutdown()); Error. cap == 0 returns Ok with 0 bytes.
    TlsRead read_plain(uint8_t* out, size_t cap);
    // Encrypts all of data[0, len) into the output queue; Ok or Error (never partial). Before
    // the handshake completes the plaintext is kept and encrypted as soon as it does. After
    // shutdown() this is an error.
    TlsStatus write_plain(const uint8_t* data, size_t len);
    // Same for several pieces, with fewer records: pieces shorter than a TLS record are
    // gathered (copied into a 16 KiB stack buffer) so that, e.g., a response head and a short
    // body travel in one record instead of two (each record costs 22+ bytes and a cipher call);
    // a piece of a full record or more is encrypted straight from the caller's memory.
    TlsStatus write_plainv(const iovec* iov, int count);
    // Queues close_notify (once; further calls do nothing). Before the handshake completed
    // there is nothing to protect and nothing is queued: just close the socket. Ok or Error.
    TlsStatus shutdown();

    // ---- ciphertext to the peer ----

    // Bytes to write to the socket, in order. The view stays valid until the next non-const
    // call on this session.
    std::string_view pending_ciphertext() const {
        return std::string_view(reinterpret_cast<const char*>(queues_.out.data()), queues_.out.size());
    }
    // Drops the first n bytes of pending_ciphertext() (those the socket took).
    void consume_ciphertext(size_t n) { queues_.out.consume(n); }

    // ---- state, for the HTTP layer and logs ----

    bool handshake_done() const { return handshake_done_; }
    bool failed() const { return failed_; }
    // Why the session failed ("TLS handshake failed: unsupported protocol"); empty if it did not.
    const std::string& error() const { return error_; }
    // The protocol chosen by ALPN: "h2", "http/1.1", or "" when the client sent no ALPN or
    // offered nothing we speak (serve HTTP/1.1 then). Meaningful once handshake_done().
    std::string_view alpn() const;
    // The host name the client sent with SNI, as sent; "" without SNI.
    std::string_view sni() const;
    // "TLSv1.3", "TLSv1.2" (once the handshake is done).
    std::string_view version() const;
    // OpenSSL's cipher name, e.g. "TLS_AES_128_GCM_SHA256"; "" before the handshake.
    std::string_view cipher() const;
    // True when the client resumed an earlier session (ticket): no certificate was sent.
    bool session_reused() const;
    // Frees the storage of the queues that are empty (see "Memory" above).
    void release_buffers();
    // Bytes of storage the session's own queues hold (not OpenSSL's), for stats and tests.
    size_t buffer_memory() const { return queues_.in.capacity() + queues_.out.capacity() + early_plain_.size(); }

private:
    TlsStatus advance_handshake();
    // The input holds the client's whole first record (or a first record OpenSSL must judge).
    bool first_record_complete() const;
    // Creates OpenSSL's connection over the queues; Error when it cannot (out of memory).
    TlsStatus start_openssl();
    TlsStatus encrypt(const uint8_t* data, size_t len);
    // Makes the session failed with "<what>: <OpenSSL reasons>"; returns Error.
    TlsStatus fail(const char* what, int ssl_error);

    const TlsContext& context_;
    ssl_st* ssl_ = nullptr;  // created by start_openssl(), see "The first record"
    CipherQueues queues_;
    std::string early_plain_;  // written before the handshake completed
    std::string error_;
    bool handshake_done_ = false;
    bool failed_ = false;
    bool shutdown_sent_ = false;
    bool eof_ = false;
};

}  // namespace trident::tls

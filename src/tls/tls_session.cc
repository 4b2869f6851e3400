#include "trident/tls/tls_session.h"

#include <openssl/ssl.h>

#include <cstring>

#include "tls/openssl_error.h"
#include "tls/queue_bio.h"
#include "trident/tls/tls_context.h"

namespace trident::tls {

namespace {
// The most plaintext one TLS record carries (RFC 8446 §5.1, RFC 5246 §6.2.1).
constexpr size_t kMaxRecordPlaintext = 16384;
}  // namespace

TlsSession::TlsSession(const TlsContext& context) : context_(context) {}

TlsStatus TlsSession::start_openssl() {
    clear_openssl_errors();
    ssl_ = SSL_new(context_.native_handle());
    if (ssl_ == nullptr) return fail("cannot create a TLS session", SSL_ERROR_SSL);
    BIO* bio = new_queue_bio(&queues_);
    if (bio == nullptr) return fail("cannot create a TLS session", SSL_ERROR_SSL);
    SSL_set_bio(ssl_, bio, bio);  // one BIO both ways; ssl_ owns it
    SSL_set_accept_state(ssl_);
    return TlsStatus::Ok;
}

namespace {
// TLS record header (RFC 8446 §5.1): content type, legacy version (2), length (2).
constexpr size_t kRecordHeader = 5;
constexpr uint8_t kHandshakeRecord = 22;
// A record's length field may not exceed 2^14 (+ 256 of expansion for TLS 1.2 ciphertext).
constexpr size_t kMaxRecordLength = kMaxRecordPlaintext + 256;

// The length of the first record when its header is that of a handshake record with a
// plausible length; 0 when OpenSSL should see the bytes now (something else, or too long).
size_t handshake_record_length(const uint8_t* h) {
    if (h[0] != kHandshakeRecord || h[1] != 3) return 0;
    size_t len = size_t(h[3]) << 8 | h[4];
    return len <= kMaxRecordLength ? len : 0;
}
}  // namespace

bool TlsSession::first_record_complete() const {
    size_t have = queues_.in.size();
    if (have < kRecordHeader) return false;
    size_t len = handshake_record_length(queues_.in.data());
    return len == 0 || have >= kRecordHeader + len;
}

size_t TlsSession::input_wanted(size_t usual) const {
    if (ssl_ != nullptr || failed_) return usual;
    size_t have = queues_.in.size();
    if (have < kRecordHeader) return kRecordHeader - have;
    size_t len = handshake_record_length(queues_.in.data());
    if (len == 0 || have >= kRecordHeader + len) return usual;
    return kRecordHeader + len - have;
}

TlsSession::~TlsSession() { SSL_free(ssl_); }

uint8_t* TlsSession::input_space(size_t len) { return queues_.in.prepare(len); }

TlsStatus TlsSession::commit_input(size_t n) {
    if (failed_) return TlsStatus::Error;  // dropped: nothing will read it any more
    queues_.in.commit(n);
    return handshake_done_ ? TlsStatus::Ok : advance_handshake();
}

TlsStatus TlsSession::feed(const uint8_t* data, size_t len) {
    if (failed_) return TlsStatus::Error;
    queues_.in.append(data, len);
    return commit_input(0);
}

TlsStatus TlsSession::advance_handshake() {
    if (ssl_ == nullptr) {
        if (!first_record_complete()) return TlsStatus::WantMore;
        if (start_openssl() != TlsStatus::Ok) return TlsStatus::Error;
    }
    clear_openssl_errors();
    int r = SSL_do_handshake(ssl_);
    if (r != 1) {
        int e = SSL_get_error(ssl_, r);
        if (e == SSL_ERROR_WANT_READ) return TlsStatus::WantMore;
        return fail("TLS handshake failed", e);
    }
    handshake_done_ = true;
    if (!early_plain_.empty()) {
        std::string early;
        early.swap(early_plain_);
        return encrypt(reinterpret_cast<const uint8_t*>(early.data()), early.size());
    }
    return TlsStatus::Ok;
}

TlsRead TlsSession::read_plain(uint8_t* out, size_t cap) {
    if (failed_) return {TlsStatus::Error, 0};
    if (eof_) return {TlsStatus::Eof, 0};
    if (!handshake_done_) {
        TlsStatus s = advance_handshake();
        if (s != TlsStatus::Ok) return {s, 0};
    }
    if (cap == 0) return {TlsStatus::Ok, 0};
    clear_openssl_errors();
    size_t n = 0;
    int r = SSL_read_ex(ssl_, out, cap, &n);
    if (r == 1) return {TlsStatus::Ok, n};
    int e = SSL_get_error(ssl_, r);
    switch (e) {
        case SSL_ERROR_WANT_READ:
            return {TlsStatus::WantMore, 0};
        case SSL_ERROR_ZERO_RETURN:
            eof_ = true;
            return {TlsStatus::Eof, 0};
        default:
            return {fail("TLS read failed", e), 0};
    }
}

TlsStatus TlsSession::write_plain(const uint8_t* data, size_t len) {
    if (failed_) return TlsStatus::Error;
    if (shutdown_sent_) {
        error_ = "TLS write after shutdown()";
        failed_ = true;
        return TlsStatus::Error;
    }
    if (len == 0) return TlsStatus::Ok;
    if (!handshake_done_) {
        early_plain_.append(reinterpret_cast<const char*>(data), len);
        return TlsStatus::Ok;
    }
    return encrypt(data, len);
}

TlsStatus TlsSession::write_plainv(const iovec* iov, int count) {
    if (failed_ || shutdown_sent_ || !handshake_done_) {
        // The single-piece path handles these states; only the gathering differs.
        for (int i = 0; i < count; ++i) {
            TlsStatus st = write_plain(static_cast<const uint8_t*>(iov[i].iov_base), iov[i].iov_len);
            if (st != TlsStatus::Ok) return st;
        }
        return TlsStatus::Ok;
    }
    uint8_t gather[kMaxRecordPlaintext];
    size_t used = 0;
    for (int i = 0; i < count; ++i) {
        const uint8_t* p = static_cast<const uint8_t*>(iov[i].iov_base);
        size_t n = iov[i].iov_len;
        while (n > 0) {
            if (used == 0 && n >= sizeof gather) {
                // OpenSSL cuts it into full records itself; only the tail may be short.
                if (encrypt(p, n) != TlsStatus::Ok) return TlsStatus::Error;
                break;
            }
            size_t k = n < sizeof gather - used ? n : sizeof gather - used;
            memcpy(gather + used, p, k);
            used += k;
            p += k;
            n -= k;
            if (used == sizeof gather) {
                if (encrypt(gather, used) != TlsStatus::Ok) return TlsStatus::Error;
                used = 0;
            }
        }
    }
    return used ? encrypt(gather, used) : TlsStatus::Ok;
}

TlsStatus TlsSession::encrypt(const uint8_t* data, size_t len) {
    clear_openssl_errors();
    size_t written = 0;
    // Without SSL_MODE_ENABLE_PARTIAL_WRITE, SSL_write_ex() cuts the data into records and
    // returns once all are written; the queue BIO never refuses a write, so it cannot stop
    // half way.
    int r = SSL_write_ex(ssl_, data, len, &written);
    if (r == 1 && written == len) return TlsStatus::Ok;
    return fail("TLS write failed", SSL_get_error(ssl_, r));
}

TlsStatus TlsSession::shutdown() {
    if (failed_) return TlsStatus::Error;
    if (shutdown_sent_) return TlsStatus::Ok;
    shutdown_sent_ = true;
    if (!handshake_done_) {
        early_plain_.clear();
        return TlsStatus::Ok;
    }
    clear_openssl_errors();
    // 0: close_notify queued, the peer's not seen yet; 1: both done. Either is fine: we do not
    // wait for the peer's close_notify (HTTP closes the TCP connection anyway).
    int r = SSL_shutdown(ssl_);
    if (r >= 0) return TlsStatus::Ok;
    return fail("TLS shutdown failed", SSL_get_error(ssl_, r));
}

TlsStatus TlsSession::fail(const char* what, int ssl_error) {
    std::string reasons = drain_openssl_errors("");
    if (reasons.empty()) {
        // SSL_ERROR_SYSCALL with an empty queue means the BIO reported end of input, which the
        // queue BIO never does; any other code without a reason is unexpected as well.
        reasons = "unexpected TLS state (SSL error " + std::to_string(ssl_error) + ")";
    }
    error_ = std::string(what) + ": " + reasons;
    failed_ = true;
    early_plain_.clear();
    return TlsStatus::Error;
}

std::string_view TlsSession::alpn() const {
    if (ssl_ == nullptr) return {};
    const unsigned char* p = nullptr;
    unsigned int n = 0;
    SSL_get0_alpn_selected(ssl_, &p, &n);
    return p ? std::string_view(reinterpret_cast<const char*>(p), n) : std::string_view();
}

std::string_view TlsSession::sni() const {
    const char* name = ssl_ ? SSL_get_servername(ssl_, TLSEXT_NAMETYPE_host_name) : nullptr;
    return name ? std::string_view(name) : std::string_view();
}

std::string_view TlsSession::version() const {
    return handshake_done_ ? std::string_view(SSL_get_version(ssl_)) : std::string_view();
}

std::string_view TlsSession::cipher() const {
    const SSL_CIPHER* c = ssl_ ? SSL_get_current_cipher(ssl_) : nullptr;
    const char* name = c ? SSL_CIPHER_get_name(c) : nullptr;
    return name ? std::string_view(name) : std::string_view();
}

bool TlsSession::session_reused() const { return ssl_ != nullptr && SSL_session_reused(ssl_) == 1; }

void TlsSession::release_buffers() {
    queues_.in.release();
    queues_.out.release();
    if (early_plain_.empty()) std::string().swap(early_plain_);
}

}  // namespace trident::tls

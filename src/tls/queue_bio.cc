#include "tls/queue_bio.h"

#include <openssl/bio.h>

#include <cstring>
#include <mutex>

namespace trident::tls {

namespace {

CipherQueues* queues_of(BIO* b) { return static_cast<CipherQueues*>(BIO_get_data(b)); }

int queue_read(BIO* b, char* out, size_t cap, size_t* got) {
    BIO_clear_retry_flags(b);
    ByteQueue& in = queues_of(b)->in;
    if (in.empty()) {
        BIO_set_retry_read(b);
        *got = 0;
        return 0;
    }
    size_t n = cap < in.size() ? cap : in.size();
    memcpy(out, in.data(), n);
    in.consume(n);
    *got = n;
    return 1;
}

int queue_write(BIO* b, const char* data, size_t len, size_t* written) {
    BIO_clear_retry_flags(b);
    queues_of(b)->out.append(data, len);
    *written = len;
    return 1;
}

long queue_ctrl(BIO* b, int cmd, long, void*) {
    switch (cmd) {
        case BIO_CTRL_FLUSH:
            return 1;  // nothing is held back: written bytes are already in the queue
        case BIO_CTRL_PENDING:
            return long(queues_of(b)->in.size());
        case BIO_CTRL_WPENDING:
            return 0;
        default:
            return 0;  // unsupported (kTLS, dup, push/pop ...): OpenSSL treats 0 as "no"
    }
}

int queue_create(BIO* b) {
    BIO_set_init(b, 1);
    return 1;
}

int queue_destroy(BIO*) { return 1; }

BIO_METHOD* queue_method() {
    // Created once per process and never freed (it is tiny, and BIOs on any reactor thread
    // may use it until exit).
    static BIO_METHOD* method;
    static std::once_flag once;
    std::call_once(once, [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "trident cipher queues");
        if (m == nullptr) return;
        BIO_meth_set_read_ex(m, queue_read);
        BIO_meth_set_write_ex(m, queue_write);
        BIO_meth_set_ctrl(m, queue_ctrl);
        BIO_meth_set_create(m, queue_create);
        BIO_meth_set_destroy(m, queue_destroy);
        method = m;
    });
    return method;
}

}  // namespace

BIO* new_queue_bio(CipherQueues* queues) {
    BIO_METHOD* m = queue_method();
    if (m == nullptr) return nullptr;
    BIO* b = BIO_new(m);
    if (b != nullptr) BIO_set_data(b, queues);
    return b;
}

}  // namespace trident::tls

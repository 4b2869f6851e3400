#include "tls/pem_files.h"

#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "tls/openssl_error.h"
#include "trident/core/log.h"

namespace trident::tls {

namespace {

// Certificates and keys are a few KiB; the bound keeps a misconfigured path (a log file, a
// device) from being read whole into memory at start.
constexpr long kMaxPemFile = 4L << 20;

struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Key material is wiped from memory once parsed.
struct SecretString : std::string {
    ~SecretString() {
        if (!empty()) OPENSSL_cleanse(&(*this)[0], size());
    }
};

std::string quoted(const std::string& path) { return "\"" + path + "\""; }

}  // namespace

bool read_tls_file(const std::string& path, std::string* out, std::string* why) {
    FILE* f = fopen(path.c_str(), "rb");
    if (f == nullptr) {
        *why = strerror(errno);
        return false;
    }
    // Reserving the whole size up front means the string never reallocates, so no stray
    // copy of key material is left behind in freed memory.
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && st.st_size > 0 && st.st_size <= kMaxPemFile) out->reserve(size_t(st.st_size));
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        out->append(buf, n);
        if (long(out->size()) > kMaxPemFile) {
            fclose(f);
            OPENSSL_cleanse(buf, sizeof buf);
            *why = "file too large for a PEM certificate or key";
            return false;
        }
    }
    bool failed = ferror(f) != 0;
    int err = errno;  // e.g. EISDIR: fopen() succeeds on a directory, fread() does not
    fclose(f);
    OPENSSL_cleanse(buf, sizeof buf);
    if (failed) {
        *why = strerror(err);
        return false;
    }
    return true;
}

namespace {

// True when the last queued error only says that no further PEM block was found: the normal
// way for a "read the next certificate" loop to end.
bool only_end_of_pem() {
    unsigned long e = ERR_peek_last_error();
    return ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE;
}

// Passphrase callback: records that the key is encrypted and declines to decrypt it, so
// OpenSSL neither prompts on the terminal nor blocks start().
int refuse_passphrase(char*, int, int, void* asked) {
    *static_cast<bool*>(asked) = true;
    return -1;
}

void warn_if_expired(X509* cert, const std::string& file) {
    if (X509_cmp_current_time(X509_get0_notAfter(cert)) < 0) {
        TRIDENT_LOG(Warning, "certificate \"%s\" has expired: clients will refuse it", file.c_str());
    } else if (X509_cmp_current_time(X509_get0_notBefore(cert)) > 0) {
        TRIDENT_LOG(Warning, "certificate \"%s\" is not valid yet: clients will refuse it", file.c_str());
    }
}

bool load_certificate(SSL_CTX* ctx, const std::string& file, X509Ptr* leaf_out, std::string* error) {
    std::string pem, why;
    if (!read_tls_file(file, &pem, &why)) {
        *error = "cannot load certificate " + quoted(file) + ": " + why;
        return false;
    }
    if (pem.find("-----BEGIN ") == std::string::npos || pem.find("CERTIFICATE-----") == std::string::npos) {
        *error = "cannot load certificate " + quoted(file) + ": no PEM certificate found";
        return false;
    }
    BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    if (!bio) {
        *error = "cannot load certificate " + quoted(file) + ": " + drain_openssl_errors("out of memory");
        return false;
    }
    clear_openssl_errors();
    bool asked = false;
    X509Ptr leaf(PEM_read_bio_X509_AUX(bio.get(), nullptr, refuse_passphrase, &asked));
    if (!leaf) {
        *error = "cannot load certificate " + quoted(file) + ": " + drain_openssl_errors();
        return false;
    }
    if (SSL_CTX_use_certificate(ctx, leaf.get()) != 1) {
        *error = "cannot use certificate " + quoted(file) + ": " + drain_openssl_errors();
        return false;
    }
    warn_if_expired(leaf.get(), file);
    // Everything after the leaf is its chain, sent as is: intermediates in order, normally
    // without the root.
    SSL_CTX_clear_chain_certs(ctx);
    for (;;) {
        X509Ptr ca(PEM_read_bio_X509(bio.get(), nullptr, refuse_passphrase, &asked));
        if (!ca) break;
        if (SSL_CTX_add0_chain_cert(ctx, ca.get()) != 1) {
            *error = "cannot use certificate chain " + quoted(file) + ": " + drain_openssl_errors();
            return false;
        }
        ca.release();  // owned by ctx now
    }
    if (!only_end_of_pem()) {
        *error = "cannot load certificate chain " + quoted(file) + ": " + drain_openssl_errors();
        return false;
    }
    clear_openssl_errors();
    *leaf_out = std::move(leaf);
    return true;
}

PkeyPtr load_key(const std::string& file, std::string* error) {
    SecretString pem;
    std::string why;
    if (!read_tls_file(file, &pem, &why)) {
        *error = "cannot load private key " + quoted(file) + ": " + why;
        return nullptr;
    }
    if (pem.find("-----BEGIN ") == std::string::npos || pem.find("PRIVATE KEY-----") == std::string::npos) {
        *error = "cannot load private key " + quoted(file) + ": no PEM private key found";
        return nullptr;
    }
    BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    if (!bio) {
        *error = "cannot load private key " + quoted(file) + ": " + drain_openssl_errors("out of memory");
        return nullptr;
    }
    clear_openssl_errors();
    bool asked = false;
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, &asked));
    if (!key) {
        if (asked) {
            clear_openssl_errors();
            *error = "cannot load private key " + quoted(file) +
                     ": the key is encrypted (passphrase-protected keys are not supported; "
                     "store it decrypted with restrictive file permissions)";
        } else {
            *error = "cannot load private key " + quoted(file) + ": " + drain_openssl_errors();
        }
        return nullptr;
    }
    return key;
}

}  // namespace

bool load_certificate_and_key(SSL_CTX* ctx, const std::string& cert_file, const std::string& key_file,
                              std::string* error) {
    X509Ptr leaf;
    if (!load_certificate(ctx, cert_file, &leaf, error)) return false;
    PkeyPtr key = load_key(key_file, error);
    if (!key) return false;
    clear_openssl_errors();
    // Checked here, before SSL_CTX_use_PrivateKey(), so that a mismatch gets its own message
    // naming both files instead of "key values mismatch".
    if (X509_check_private_key(leaf.get(), key.get()) != 1) {
        clear_openssl_errors();
        *error = "private key " + quoted(key_file) + " does not match certificate " + quoted(cert_file);
        return false;
    }
    if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        *error = "cannot use private key " + quoted(key_file) + ": " + drain_openssl_errors();
        return false;
    }
    return true;
}

}  // namespace trident::tls

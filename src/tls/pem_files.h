// Loading a certificate (with its chain) and private key from PEM files into an SSL_CTX, with
// errors that name the file and say what is wrong with it.
//
// The files are opened and read here rather than by OpenSSL's file helpers so that a missing
// or unreadable file reports errno's text ("No such file or directory"), and an empty or
// non-PEM file says so instead of OpenSSL's "no start line".
#pragma once

#include <string>

struct ssl_ctx_st;

namespace trident::tls {

// cert_file: PEM with the server certificate first, then any intermediate certificates (sent
// to clients in that order). key_file: the matching private key, PEM, unencrypted
// (a passphrase would have to be typed at every start; such keys are refused with a clear
// message). Other PEM blocks in the files (e.g. a key inside the certificate file) are skipped.
//
// Errors (the message names the file):
//   cannot load certificate "F": <errno text | no PEM certificate found | OpenSSL reason>
//   cannot load certificate chain "F": <OpenSSL reason>         (a later block is corrupt)
//   cannot use certificate "F": <reason>                        (e.g. "ee key too small")
//   cannot load private key "F": <errno text | no PEM private key found |
//                                  the key is encrypted ... | OpenSSL reason>
//   private key "K" does not match certificate "C"
// Reads a certificate, key or OCSP response file whole (at most 4 MiB, so a wrong path such as
// a log file or a device is not read into memory); false with *why = errno's text or the size
// limit. Key material is not left behind in freed buffers.
bool read_tls_file(const std::string& path, std::string* out, std::string* why);

bool load_certificate_and_key(ssl_ctx_st* ctx, const std::string& cert_file, const std::string& key_file,
                              std::string* error);

}  // namespace trident::tls

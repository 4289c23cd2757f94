#ifndef MEDIA_WORKER_CCRYPTO_SHIM_H
#define MEDIA_WORKER_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

/* One-shot HMAC-SHA256 through the OpenSSL 3 EVP_MAC API (HMAC() is deprecated in 3.0).
   Returns 1 on success, 0 on failure (the reason is on the thread's error queue). */
static inline int mw_hmac_sha256(const void *key, size_t key_len, const void *data, size_t data_len,
                                 unsigned char *out /* 32 bytes */) {
    size_t out_len = 0;
    unsigned char *result = EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, key_len,
                                      (const unsigned char *)data, data_len, out, 32, &out_len);
    return result != NULL && out_len == 32;
}

static inline const char *mw_openssl_version(void) {
    return OpenSSL_version(OPENSSL_VERSION);
}

#endif

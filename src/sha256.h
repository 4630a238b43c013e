/* sha256.h - SHA-256 (libcrypto) as lower-case hex: bytes, files, digests in progress. */
#ifndef MB_SHA256_H
#define MB_SHA256_H

#include <openssl/evp.h>
#include <stddef.h>

#define MB_HASH_HEX 65  /* 64 hex digits and a NUL */

/* SHA-256 of n bytes. */
void mb_sha256_hex(const void *p, size_t n, char hex[MB_HASH_HEX]);
/* SHA-256 and size of a file; -1 with errno set when it cannot be read. */
int mb_sha256_file(const char *path, char hex[MB_HASH_HEX], size_t *size);
/* A digest to feed with EVP_DigestUpdate, and its end as hex (frees md). */
EVP_MD_CTX *mb_sha256_begin(void);
void mb_sha256_end(EVP_MD_CTX *md, char hex[MB_HASH_HEX]);

#endif

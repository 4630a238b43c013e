/* sha256.c - SHA-256 through libcrypto, written as lower-case hex. */
#include "sha256.h"

#include <errno.h>
#include <stdio.h>

#include "alloc.h"

EVP_MD_CTX *mb_sha256_begin(void)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		mb_die("cannot start SHA-256 (libcrypto)");
	return md;
}

void mb_sha256_end(EVP_MD_CTX *md, char hex[MB_HASH_HEX])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	if (EVP_DigestFinal_ex(md, d, &n) != 1 || n != 32)
		mb_die("cannot finish SHA-256 (libcrypto)");
	EVP_MD_CTX_free(md);
	for (unsigned i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}

void mb_sha256_hex(const void *p, size_t n, char hex[MB_HASH_HEX])
{
	EVP_MD_CTX *md = mb_sha256_begin();
	EVP_DigestUpdate(md, p, n);
	mb_sha256_end(md, hex);
}

int mb_sha256_file(const char *path, char hex[MB_HASH_HEX], size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	EVP_MD_CTX *md = mb_sha256_begin();
	char buf[1 << 16];
	size_t n, total = 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		EVP_DigestUpdate(md, buf, n);
		total += n;
	}
	int err = ferror(f) ? errno : 0;
	fclose(f);
	mb_sha256_end(md, hex);
	*size = total;
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

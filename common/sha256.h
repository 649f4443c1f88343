/*
 * sha256.h: SHA-256 of memory and files, through OpenSSL's EVP interface.
 */
#ifndef SLDS_SHA256_H
#define SLDS_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct slds_error;

#define SHA256_HEX_LEN 64

struct sha256 {
	void *ctx;	/* EVP_MD_CTX *, owned */
};

/* Allocation failure aborts (alloc.h); these cannot fail otherwise. */
void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *data, size_t len);
/* Write 64 lower-case hex digits and a NUL into hex, and free the context. */
void sha256_final(struct sha256 *h, char hex[SHA256_HEX_LEN + 1]);

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

/*
 * Hash a file, streaming.  size, if not NULL, receives its length.
 * 0, SLDS_ENOENT or SLDS_EIO.
 */
int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], uint64_t *size,
		struct slds_error *err);

#endif

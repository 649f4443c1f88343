/*
 * sha256.c: SHA-256 of memory and files, through OpenSSL's EVP interface.
 *
 * The manifest records a SHA-256 for every submitted file, and every stage
 * checks it before it trusts the bytes.  OpenSSL can fail only by running out
 * of memory here, which ends the program as alloc.h does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "alloc.h"
#include "error.h"
#include "log.h"
#include "sha256.h"
#include "banned.h"

#define CHUNK (64 * 1024)

/* OpenSSL gives no reason beyond "it failed": the only cause here is memory. */
static void openssl_failed(void)
{
	log_error("out of memory");
	log_detail("OpenSSL could not set up a SHA-256 computation.");
	exit(SLDS_EXIT_FAILURE);
}

void sha256_init(struct sha256 *h)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		openssl_failed();
	h->ctx = ctx;
}

void sha256_update(struct sha256 *h, const void *data, size_t len)
{
	if (len && EVP_DigestUpdate(h->ctx, data, len) != 1)
		openssl_failed();
}

void sha256_final(struct sha256 *h, char hex[SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	if (EVP_DigestFinal_ex(h->ctx, md, &n) != 1 || n != SHA256_HEX_LEN / 2)
		openssl_failed();
	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[SHA256_HEX_LEN] = '\0';
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1])
{
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, data, len);
	sha256_final(&h, hex);
}

int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], uint64_t *size,
		struct slds_error *err)
{
	struct sha256 h = { NULL };
	unsigned char *chunk = NULL;
	uint64_t total = 0;
	int fd, ret = 0;
	ssize_t n;

	hex[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, errno == ENOENT ? SLDS_ENOENT : SLDS_EIO,
				 "could not open file \"%s\": %s", path, strerror(errno));

	chunk = xmalloc(CHUNK);
	sha256_init(&h);
	for (;;) {
		n = read(fd, chunk, CHUNK);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = error_set(err, SLDS_EIO, "could not read file \"%s\": %s",
					path, strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		sha256_update(&h, chunk, (size_t)n);
		total += (uint64_t)n;
	}
	sha256_final(&h, hex);
	if (size)
		*size = total;

cleanup:
	if (h.ctx)
		EVP_MD_CTX_free(h.ctx);
	free(chunk);
	close(fd);
	return ret;
}

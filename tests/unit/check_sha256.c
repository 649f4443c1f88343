/*
 * check_sha256.c: unit tests for sha256.c, SHA-256 of memory and files.
 *
 * Known answers from FIPS 180-2 and the usual test strings; files are hashed
 * at sizes around the 64 KiB read chunk and must match the hash of memory.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "error.h"
#include "sha256.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct vector {
	const char *in;
	size_t repeat;	/* in is hashed this many times over */
	const char *hex;
};

static const struct vector vectors[] = {
	{ "", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "The quick brown fox jumps over the lazy dog", 1,
	  "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592" },
	{ "a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

static char *repeat(const struct vector *v, size_t *len)
{
	size_t n = strlen(v->in), i;
	char *p = malloc(n * v->repeat + 1);

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < v->repeat; i++)
		memcpy(p + i * n, v->in, n);
	*len = n * v->repeat;
	p[*len] = '\0';
	return p;
}

START_TEST(test_sha256_hex_of_known_vector_matches)
{
	const struct vector *v = &vectors[_i];
	char hex[SHA256_HEX_LEN + 1];
	size_t len;
	char *data = repeat(v, &len);

	memset(hex, 'x', sizeof(hex));
	sha256_hex(data, len, hex);
	ck_assert_str_eq(hex, v->hex);
	free(data);
}
END_TEST

START_TEST(test_sha256_update_in_pieces_matches_one_shot_at_every_split)
{
	const char *msg = vectors[2].in;
	size_t len = strlen(msg), split;
	char hex[SHA256_HEX_LEN + 1];
	struct sha256 h;

	for (split = 0; split <= len; split++) {
		sha256_init(&h);
		sha256_update(&h, msg, split);
		sha256_update(&h, msg + split, len - split);
		sha256_final(&h, hex);
		ck_assert_ptr_null(h.ctx);
		ck_assert_str_eq(hex, vectors[2].hex);
	}
}
END_TEST

START_TEST(test_sha256_update_byte_at_a_time_matches_one_shot)
{
	const char *msg = vectors[3].in;
	char hex[SHA256_HEX_LEN + 1];
	struct sha256 h;
	size_t i;

	sha256_init(&h);
	for (i = 0; msg[i]; i++)
		sha256_update(&h, msg + i, 1);
	sha256_update(&h, "", 0);
	sha256_final(&h, hex);
	ck_assert_str_eq(hex, vectors[3].hex);
}
END_TEST

static char *tmpdir;

static void setup(void)
{
	tmpdir = ut_tmpdir();
}

static void teardown(void)
{
	ut_rmtree(tmpdir);
	free(tmpdir);
}

static const size_t file_sizes[] = {
	0, 1, 63, 64, 65535, 65536, 65537, 3 * 65536, 200003,
};

START_TEST(test_sha256_file_matches_hash_of_same_bytes_in_memory)
{
	size_t size = file_sizes[_i], i;
	unsigned char *data = malloc(size + 1);
	char *path = ut_path(tmpdir, "data.bin");
	char from_file[SHA256_HEX_LEN + 1], from_memory[SHA256_HEX_LEN + 1];
	struct slds_error err = SLDS_ERROR_INIT;
	uint64_t got_size = 12345;
	uint32_t x = 2463534242u;

	ck_assert_ptr_nonnull(data);
	for (i = 0; i < size; i++) {
		/* xorshift: bytes that differ across chunk boundaries */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		data[i] = (unsigned char)x;
	}
	ut_write_file(path, data, size);
	ck_assert_int_eq(sha256_file(path, from_file, &got_size, &err), 0);
	ck_assert_ptr_null(err.message);
	sha256_hex(data, size, from_memory);
	ck_assert_str_eq(from_file, from_memory);
	ck_assert_uint_eq(got_size, size);
	ck_assert_int_eq(sha256_file(path, from_file, NULL, &err), 0);
	ck_assert_str_eq(from_file, from_memory);
	free(data);
	free(path);
}
END_TEST

START_TEST(test_sha256_file_of_missing_file_fails_with_enoent)
{
	char *path = ut_path(tmpdir, "missing.csv");
	char hex[SHA256_HEX_LEN + 1] = "x";
	char *expected = NULL;
	struct slds_error err = SLDS_ERROR_INIT;
	uint64_t size = 7;
	size_t n;

	ck_assert_int_eq(sha256_file(path, hex, &size, &err), SLDS_ENOENT);
	ck_assert_int_eq(err.code, SLDS_ENOENT);
	n = strlen(path) + 64;
	expected = malloc(n);
	snprintf(expected, n, "could not open file \"%s\": No such file or directory", path);
	ck_assert_str_eq(err.message, expected);
	ck_assert_str_eq(hex, "");
	ck_assert_uint_eq(size, 7);
	ck_assert_int_eq(sha256_file(path, hex, NULL, NULL), SLDS_ENOENT);
	error_clear(&err);
	free(expected);
	free(path);
}
END_TEST

START_TEST(test_sha256_file_of_directory_fails_with_eio)
{
	char hex[SHA256_HEX_LEN + 1];
	struct slds_error err = SLDS_ERROR_INIT;

	ck_assert_int_eq(sha256_file(tmpdir, hex, NULL, &err), SLDS_EIO);
	ck_assert_int_eq(err.code, SLDS_EIO);
	ck_assert_int_eq(strncmp(err.message, "could not read file \"", 21), 0);
	ck_assert_ptr_nonnull(strstr(err.message, "Is a directory"));
	ck_assert_str_eq(hex, "");
	error_clear(&err);
}
END_TEST

static Suite *sha256_suite(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc;

	tc = tcase_create("memory");
	tcase_add_loop_test(tc, test_sha256_hex_of_known_vector_matches, 0, N(vectors));
	tcase_add_test(tc, test_sha256_update_in_pieces_matches_one_shot_at_every_split);
	tcase_add_test(tc, test_sha256_update_byte_at_a_time_matches_one_shot);
	suite_add_tcase(s, tc);

	tc = tcase_create("file");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_sha256_file_matches_hash_of_same_bytes_in_memory,
			    0, N(file_sizes));
	tcase_add_test(tc, test_sha256_file_of_missing_file_fails_with_enoent);
	tcase_add_test(tc, test_sha256_file_of_directory_fails_with_eio);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sha256_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

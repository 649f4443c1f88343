/*
 * check_ssid.c: unit tests for ssid.c, Damm check digits and the keyed
 * permutation that turns registry serials into SSIDs.
 *
 * What matters about SSIDs is what the registry relies on: no two serials
 * give the same SSID under one key, every SSID is ten digits without a
 * leading zero and passes its own check, the check catches every typing
 * error it promises to, and the order of SSIDs says nothing about the order
 * of serials.  Known values pin the permutation down: if it changed, serials
 * issued after the change could collide with SSIDs issued before it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ssid.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const unsigned char key[SSID_KEY_LEN] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
};

static void make_ssid(uint64_t serial, const unsigned char *k, char out[SSID_LEN + 1])
{
	ck_assert_msg(ssid_from_serial(serial, k, out) == 0, "serial %llu refused",
		      (unsigned long long)serial);
}

/* The nine-digit body of an SSID, as a number. */
static uint64_t body_of(const char *s)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < SSID_LEN - 1; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return v;
}

/* Damm check digits */

struct check_case {
	const char *digits;
	int check;
};

static const struct check_case check_cases[] = {
	{ "572", '4' },		/* Damm's own example */
	{ "5724", '0' },	/* ... which then validates */
	{ "", '0' },
	{ "0", '0' },
	{ "123456789", '4' },
	{ "1234567894", '0' },
	{ "57a", -1 },
	{ "5 2", -1 },
	{ "/", -1 },		/* '0' - 1 */
	{ ":", -1 },		/* '9' + 1 */
};

START_TEST(test_ssid_check_digit_table_gives_damm_digit)
{
	const struct check_case *c = &check_cases[_i];
	int got = ssid_check_digit(c->digits, strlen(c->digits));

	ck_assert_msg(got == c->check, "ssid_check_digit(\"%s\") = %d, expected %d", c->digits,
		      got, c->check);
}
END_TEST

START_TEST(test_ssid_check_digit_reads_only_n_digits)
{
	ck_assert_int_eq(ssid_check_digit("572x", 3), '4');
	ck_assert_int_eq(ssid_check_digit("5724", 3), '4');
}
END_TEST

/* The Damm property: any digits followed by their check digit check to 0. */
START_TEST(test_digits_followed_by_their_check_digit_check_to_zero)
{
	char d[16];
	uint64_t x = 88172645463325252ULL;
	int n, i, round;

	for (round = 0; round < 5000; round++) {
		/* xorshift64: varied digit strings of 1 to 14 digits */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		n = 1 + (int)(x % 14);
		for (i = 0; i < n; i++)
			d[i] = (char)('0' + (x >> (4 * i)) % 10);
		d[n] = (char)ssid_check_digit(d, (size_t)n);
		ck_assert_int_eq(ssid_check_digit(d, (size_t)n + 1), '0');
	}
}
END_TEST

/* ssid_is_valid */

struct valid_case {
	const char *what;
	const char *s;
	size_t len;
	int valid;
};

static const struct valid_case valid_cases[] = {
	{ "a good SSID", "1234567894", 10, 1 },
	{ "an SSID of the permutation", "8271276764", 10, 1 },
	{ "a wrong check digit", "1234567895", 10, 0 },
	{ "Damm's example is too short", "5724", 4, 0 },
	{ "nine digits", "123456789", 9, 0 },
	{ "eleven digits", "12345678940", 11, 0 },
	{ "only len bytes count", "12345678940", 10, 1 },
	{ "empty", "", 0, 0 },
	{ "a leading zero with a right check digit", "0123456786", 10, 0 },
	{ "all zeros", "0000000000", 10, 0 },
	{ "a letter in the body", "12345678a4", 10, 0 },
	{ "a letter as check digit", "123456789a", 10, 0 },
	{ "a space", "12345 7894", 10, 0 },
	{ "a NUL in the body", "1234\0" "67894", 10, 0 },
};

START_TEST(test_ssid_is_valid_table)
{
	const struct valid_case *c = &valid_cases[_i];

	ck_assert_msg(ssid_is_valid(c->s, c->len) == c->valid, "%s: \"%.*s\" should be %s",
		      c->what, (int)c->len, c->s, c->valid ? "valid" : "invalid");
}
END_TEST

/*
 * ssid_check_digit() returns -1 for a non-digit, and ssid_is_valid()
 * compares that with the last byte as a plain char: where char is signed,
 * a last byte of 0xFF is -1 and a body that is not digits passes.
 */
START_TEST(test_ssid_is_valid_rejects_non_digit_body_with_0xff_last_byte)
{
	ck_assert_msg(!ssid_is_valid("12345678X\xFF", 10),
		      "\"12345678X\\xFF\" is accepted as an SSID");
	ck_assert_msg(!ssid_is_valid("ABCDEFGHI\xFF", 10),
		      "\"ABCDEFGHI\\xFF\" is accepted as an SSID");
}
END_TEST

/* Error detection: single-digit substitutions and adjacent transpositions */

START_TEST(test_every_single_digit_substitution_is_detected)
{
	uint64_t serial;

	for (serial = 0; serial < 50000000; serial += 97231) {
		char s[SSID_LEN + 1], t[SSID_LEN + 1];
		int i, d;

		make_ssid(serial, key, s);
		ck_assert(ssid_is_valid(s, SSID_LEN));
		for (i = 0; i < SSID_LEN; i++)
			for (d = '0'; d <= '9'; d++) {
				if (s[i] == d)
					continue;
				memcpy(t, s, sizeof(t));
				t[i] = (char)d;
				if (ssid_is_valid(t, SSID_LEN))
					ck_abort_msg("%s (digit %d of %s changed) is accepted", t, i, s);
			}
	}
}
END_TEST

START_TEST(test_every_adjacent_transposition_is_detected)
{
	uint64_t serial;
	int swaps = 0;

	for (serial = 0; serial < 50000000; serial += 97231) {
		char s[SSID_LEN + 1], t[SSID_LEN + 1];
		int i;

		make_ssid(serial, key, s);
		for (i = 0; i + 1 < SSID_LEN; i++) {
			if (s[i] == s[i + 1])
				continue;
			memcpy(t, s, sizeof(t));
			t[i] = s[i + 1];
			t[i + 1] = s[i];
			swaps++;
			if (ssid_is_valid(t, SSID_LEN))
				ck_abort_msg("%s (digits %d and %d of %s swapped) is accepted", t, i,
					     i + 1, s);
		}
	}
	ck_assert_int_gt(swaps, 3000);
}
END_TEST

/* The permutation */

struct known_case {
	uint64_t serial;
	const char *ssid;
};

static const struct known_case known_cases[] = {
	{ 0, "8271276764" },
	{ 1, "5619517236" },
	{ 2, "8215081010" },
	{ 999999, "5055600174" },
	{ 123456789, "5454057768" },
	{ SSID_MAX_SERIAL - 1, "6163910034" },
};

START_TEST(test_ssid_from_serial_gives_known_values)
{
	const struct known_case *c = &known_cases[_i];
	char s[SSID_LEN + 1];

	make_ssid(c->serial, key, s);
	ck_assert_msg(!strcmp(s, c->ssid), "serial %llu gave %s, expected %s",
		      (unsigned long long)c->serial, s, c->ssid);
}
END_TEST

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

#define INJECTIVE_SAMPLE 2000001

START_TEST(test_ssid_from_serial_is_injective_valid_and_ten_digits_over_two_million_serials)
{
	uint64_t *seen = malloc(INJECTIVE_SAMPLE * sizeof(*seen));
	uint64_t serial;
	size_t i;

	ck_assert_ptr_nonnull(seen);
	for (serial = 0; serial < INJECTIVE_SAMPLE; serial++) {
		char s[SSID_LEN + 2];

		memset(s, 'x', sizeof(s));
		make_ssid(serial, key, s);
		if (s[SSID_LEN] != '\0' || strlen(s) != SSID_LEN || s[0] == '0' ||
		    strspn(s, "0123456789") != SSID_LEN || !ssid_is_valid(s, SSID_LEN))
			ck_abort_msg("serial %llu gave \"%.11s\"", (unsigned long long)serial, s);
		seen[serial] = body_of(s);
	}
	qsort(seen, INJECTIVE_SAMPLE, sizeof(*seen), cmp_u64);
	for (i = 1; i < INJECTIVE_SAMPLE; i++)
		if (seen[i] == seen[i - 1])
			ck_abort_msg("two serials give the SSID body %09llu",
				     (unsigned long long)seen[i]);
	free(seen);
}
END_TEST

START_TEST(test_different_keys_give_different_ssids_for_the_same_serial)
{
	int byte, bit;

	/* Every one-bit change of the key changes the SSID of every serial tried. */
	for (byte = 0; byte < SSID_KEY_LEN; byte++) {
		for (bit = 0; bit < 8; bit += 3) {
			unsigned char k2[SSID_KEY_LEN];
			uint64_t serial;

			memcpy(k2, key, sizeof(k2));
			k2[byte] ^= (unsigned char)(1u << bit);
			for (serial = 0; serial < 200; serial++) {
				char a[SSID_LEN + 1], b[SSID_LEN + 1];

				make_ssid(serial * 4500001, key, a);
				make_ssid(serial * 4500001, k2, b);
				if (!strcmp(a, b))
					ck_abort_msg("serial %llu gives %s under both keys (byte %d bit %d)",
						     (unsigned long long)serial * 4500001, a, byte, bit);
			}
		}
	}
}
END_TEST

START_TEST(test_consecutive_serials_give_neither_consecutive_nor_monotonic_ssids)
{
	uint64_t prev = 0, cur;
	int up = 0, down = 0, steps = 0;
	uint64_t serial;

	for (serial = 0; serial < 1000; serial++) {
		char s[SSID_LEN + 1];

		make_ssid(serial, key, s);
		cur = body_of(s);
		if (serial > 0) {
			if (cur == prev + 1 || cur + 1 == prev)
				steps++;
			if (cur > prev)
				up++;
			else
				down++;
		}
		prev = cur;
	}
	ck_assert_msg(up > 0 && down > 0, "1000 consecutive serials give sorted SSIDs");
	/* A random order rises about half the time. */
	ck_assert_msg(up > 400 && down > 400, "SSIDs rise %d times and fall %d times", up, down);
	ck_assert_int_lt(steps, 2);
}
END_TEST

START_TEST(test_serial_out_of_range_is_refused)
{
	char s[SSID_LEN + 1];

	ck_assert_int_eq(ssid_from_serial(SSID_MAX_SERIAL, key, s), -1);
	ck_assert_int_eq(ssid_from_serial(SSID_MAX_SERIAL + 1, key, s), -1);
	ck_assert_int_eq(ssid_from_serial(UINT64_MAX, key, s), -1);
	ck_assert_int_eq(ssid_from_serial(1ULL << 32, key, s), -1);
	ck_assert_int_eq(ssid_from_serial(SSID_MAX_SERIAL - 1, key, s), 0);
	ck_assert(ssid_is_valid(s, SSID_LEN));
}
END_TEST

/* ssid_key_from_hex */

struct hex_case {
	const char *what;
	const char *hex;
	int ok;
};

static const struct hex_case hex_cases[] = {
	{ "lower case", "000102030405060708090a0b0c0d0e0f", 1 },
	{ "upper case", "000102030405060708090A0B0C0D0E0F", 1 },
	{ "mixed case", "000102030405060708090a0B0c0D0e0F", 1 },
	{ "31 digits", "000102030405060708090a0b0c0d0e0", 0 },
	{ "33 digits", "000102030405060708090a0b0c0d0e0f0", 0 },
	{ "empty", "", 0 },
	{ "a g", "000102030405060708090a0b0c0d0e0g", 0 },
	{ "a G in the high nibble", "G00102030405060708090a0b0c0d0e0f", 0 },
	{ "a space", "00010203040506070809 a0b0c0d0e0f", 0 },
	{ "a 0x prefix", "0x0102030405060708090a0b0c0d0e0f", 0 },
	{ "a trailing newline", "000102030405060708090a0b0c0d0e0\n", 0 },
	{ "a colon", "00010203040506070809:a0b0c0d0e0f", 0 },
};

START_TEST(test_ssid_key_from_hex_table)
{
	const struct hex_case *c = &hex_cases[_i];
	unsigned char k[SSID_KEY_LEN];
	int rc = ssid_key_from_hex(c->hex, k);

	ck_assert_msg(rc == (c->ok ? 0 : -1), "%s: \"%s\" returned %d", c->what, c->hex, rc);
	if (c->ok)
		ck_assert_msg(!memcmp(k, key, sizeof(k)), "%s: wrong key bytes", c->what);
}
END_TEST

START_TEST(test_ssid_key_from_hex_gives_high_nibble_first)
{
	unsigned char k[SSID_KEY_LEN];

	ck_assert_int_eq(ssid_key_from_hex("ff00a51e000000000000000000000001", k), 0);
	ck_assert_uint_eq(k[0], 0xff);
	ck_assert_uint_eq(k[1], 0x00);
	ck_assert_uint_eq(k[2], 0xa5);
	ck_assert_uint_eq(k[3], 0x1e);
	ck_assert_uint_eq(k[15], 0x01);
}
END_TEST

static Suite *ssid_suite(void)
{
	Suite *s = suite_create("ssid");
	TCase *tc;

	tc = tcase_create("check_digit");
	tcase_add_loop_test(tc, test_ssid_check_digit_table_gives_damm_digit, 0, N(check_cases));
	tcase_add_test(tc, test_ssid_check_digit_reads_only_n_digits);
	tcase_add_test(tc, test_digits_followed_by_their_check_digit_check_to_zero);
	tcase_add_loop_test(tc, test_ssid_is_valid_table, 0, N(valid_cases));
	tcase_add_test(tc, test_ssid_is_valid_rejects_non_digit_body_with_0xff_last_byte);
	tcase_add_test(tc, test_every_single_digit_substitution_is_detected);
	tcase_add_test(tc, test_every_adjacent_transposition_is_detected);
	suite_add_tcase(s, tc);

	tc = tcase_create("permutation");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_ssid_from_serial_gives_known_values, 0, N(known_cases));
	tcase_add_test(tc, test_ssid_from_serial_is_injective_valid_and_ten_digits_over_two_million_serials);
	tcase_add_test(tc, test_different_keys_give_different_ssids_for_the_same_serial);
	tcase_add_test(tc, test_consecutive_serials_give_neither_consecutive_nor_monotonic_ssids);
	tcase_add_test(tc, test_serial_out_of_range_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("key");
	tcase_add_loop_test(tc, test_ssid_key_from_hex_table, 0, N(hex_cases));
	tcase_add_test(tc, test_ssid_key_from_hex_gives_high_nibble_first);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ssid_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

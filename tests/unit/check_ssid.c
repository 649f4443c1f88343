/*
 * check_ssid.c: unit tests for ssid.c: Damm check digits and the keyed
 * permutation that turns serials into SSIDs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ssid.h"
#include "strset.h"
#include "banned.h"

static const unsigned char key[SSID_KEY_LEN] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
};

START_TEST(test_damm_check_digit_of_572_is_4)
{
	ck_assert_int_eq(ssid_check_digit("572", 3), '4');
	ck_assert_int_eq(ssid_check_digit("57a", 3), -1);
}
END_TEST

START_TEST(test_every_single_digit_error_and_adjacent_swap_is_caught)
{
	uint64_t serial;

	for (serial = 0; serial < 2000; serial += 7) {
		char s[SSID_LEN + 1], t[SSID_LEN + 1];
		int i, d;

		ck_assert_int_eq(ssid_from_serial(serial, key, s), 0);
		ck_assert(ssid_is_valid(s, SSID_LEN));
		for (i = 0; i < SSID_LEN; i++)
			for (d = 0; d < 10; d++) {
				memcpy(t, s, sizeof(t));
				if (t[i] == '0' + d)
					continue;
				t[i] = (char)('0' + d);
				ck_assert_msg(!ssid_is_valid(t, SSID_LEN), "%s accepted for %s", t, s);
			}
		for (i = 0; i + 1 < SSID_LEN; i++) {
			memcpy(t, s, sizeof(t));
			if (t[i] == t[i + 1])
				continue;
			t[i] = s[i + 1];
			t[i + 1] = s[i];
			ck_assert_msg(!ssid_is_valid(t, SSID_LEN), "swap %s accepted for %s", t, s);
		}
	}
}
END_TEST

START_TEST(test_serials_give_distinct_valid_ssids_without_leading_zero)
{
	struct strset seen = STRSET_INIT;
	uint64_t serial;

	for (serial = 0; serial < 1000000; serial++) {
		char s[SSID_LEN + 1];

		ck_assert_int_eq(ssid_from_serial(serial, key, s), 0);
		ck_assert_uint_eq(strlen(s), SSID_LEN);
		ck_assert(s[0] != '0');
		ck_assert(ssid_is_valid(s, SSID_LEN));
		ck_assert_msg(strset_add(&seen, s, SSID_LEN, serial, NULL), "duplicate %s", s);
	}
	strset_release(&seen);
}
END_TEST

START_TEST(test_the_last_serials_of_the_domain_work_and_beyond_is_refused)
{
	char s[SSID_LEN + 1];

	ck_assert_int_eq(ssid_from_serial(SSID_MAX_SERIAL - 1, key, s), 0);
	ck_assert(ssid_is_valid(s, SSID_LEN));
	ck_assert_int_eq(ssid_from_serial(SSID_MAX_SERIAL, key, s), -1);
}
END_TEST

START_TEST(test_ssids_reveal_no_order)
{
	char prev[SSID_LEN + 1], s[SSID_LEN + 1];
	int up = 0, down = 0;
	uint64_t serial;

	ssid_from_serial(0, key, prev);
	for (serial = 1; serial < 1000; serial++) {
		ssid_from_serial(serial, key, s);
		if (strcmp(s, prev) > 0)
			up++;
		else
			down++;
		memcpy(prev, s, sizeof(s));
	}
	/* A random order goes up about half the time. */
	ck_assert_int_gt(up, 400);
	ck_assert_int_gt(down, 400);
}
END_TEST

START_TEST(test_another_key_gives_other_ssids)
{
	unsigned char k2[SSID_KEY_LEN];
	char a[SSID_LEN + 1], b[SSID_LEN + 1];
	int same = 0;
	uint64_t serial;

	memcpy(k2, key, sizeof(k2));
	k2[15] ^= 1;
	for (serial = 0; serial < 100; serial++) {
		ssid_from_serial(serial, key, a);
		ssid_from_serial(serial, k2, b);
		same += !strcmp(a, b);
	}
	ck_assert_int_lt(same, 3);
}
END_TEST

START_TEST(test_malformed_ssids_are_invalid)
{
	ck_assert(!ssid_is_valid("572", 3));
	ck_assert(!ssid_is_valid("0000000000", 10));
	ck_assert(!ssid_is_valid("12345678a0", 10));
	ck_assert(!ssid_is_valid("12345678901", 11));
}
END_TEST

START_TEST(test_key_from_hex)
{
	unsigned char k[SSID_KEY_LEN];

	ck_assert_int_eq(ssid_key_from_hex("0102030405060708090a0b0c0d0e0F10", k), 0);
	ck_assert(!memcmp(k, key, sizeof(k)));
	ck_assert_int_eq(ssid_key_from_hex("0102030405060708090a0b0c0d0e0f1", k), -1);
	ck_assert_int_eq(ssid_key_from_hex("0102030405060708090a0b0c0d0e0f100", k), -1);
	ck_assert_int_eq(ssid_key_from_hex("0102030405060708090a0b0c0d0e0fxx", k), -1);
}
END_TEST

static Suite *ssid_suite(void)
{
	Suite *s = suite_create("ssid");
	TCase *tc = tcase_create("ssid");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_damm_check_digit_of_572_is_4);
	tcase_add_test(tc, test_every_single_digit_error_and_adjacent_swap_is_caught);
	tcase_add_test(tc, test_serials_give_distinct_valid_ssids_without_leading_zero);
	tcase_add_test(tc, test_the_last_serials_of_the_domain_work_and_beyond_is_refused);
	tcase_add_test(tc, test_ssids_reveal_no_order);
	tcase_add_test(tc, test_another_key_gives_other_ssids);
	tcase_add_test(tc, test_malformed_ssids_are_invalid);
	tcase_add_test(tc, test_key_from_hex);
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

/*
 * check_registry.c: unit tests for registry.c's index of SSIDs: every SSID
 * noted is found with its records, whatever the spread of the numbers
 * (dense, sparse, in clumps, one alone), and nothing else is.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "registry.h"
#include "banned.h"

/* SSID i of a set: its number, spread as spread says. */
static uint64_t spread_number(int spread, uint64_t i)
{
	switch (spread) {
	case 0:
		return 100000000 + i;			/* dense, consecutive */
	case 1:
		return 1000000000 + i * 7919;		/* even gaps */
	case 2:
		/* two clumps far apart, and one SSID past them */
		return i < 500 ? 1000000000 + i : i < 999 ? 9000000000 + i : 9999999999;
	default:
		return 1000000000 + i * i * i;		/* ever sparser */
	}
}

static void ssid_text(uint64_t n, char out[11])
{
	snprintf(out, 11, "%010llu", (unsigned long long)n);
}

START_TEST(test_each_ssid_is_found_with_its_records_and_nothing_else)
{
	int spread = _i;
	struct registry_records reg;
	uint32_t rec = 0, lo, hi, *start = malloc(1000 * sizeof(*start));
	char s[11];
	uint64_t i;

	memset(&reg, 0, sizeof(reg));
	for (i = 0; i < 1000; i++) {
		uint32_t k, nrecs = (uint32_t)(i % 3) + 1;

		ssid_text(spread_number(spread, i), s);
		start[i] = rec;
		for (k = 0; k < nrecs; k++)
			ck_assert_int_eq(registry_note_ssid(&reg, s, 10, rec++), 0);
	}
	registry_index(&reg, rec);
	ck_assert_uint_eq(reg.nssids, 1000);
	for (i = 0; i < 1000; i++) {
		ssid_text(spread_number(spread, i), s);
		ck_assert_msg(registry_range(&reg, s, &lo, &hi), "SSID %s not found", s);
		ck_assert_uint_eq(lo, start[i]);
		ck_assert_uint_eq(hi, i + 1 < 1000 ? start[i + 1] : rec);
		/* Its neighbours are not SSIDs of the set, unless they are. */
		if (spread != 0 && spread_number(spread, i) < 9999999999 &&
		    spread_number(spread, i) + 1 != spread_number(spread, i + 1)) {
			ssid_text(spread_number(spread, i) + 1, s);
			ck_assert_msg(!registry_range(&reg, s, &lo, &hi), "SSID %s found", s);
		}
	}
	ssid_text(spread_number(spread, 0) - 1, s);
	ck_assert(!registry_range(&reg, s, &lo, &hi));
	ck_assert(!registry_range(&reg, "9999999999x", &lo, &hi));
	ck_assert(!registry_range(&reg, "12345", &lo, &hi));
	ck_assert(!registry_range(&reg, "10000000O1", &lo, &hi));
	ck_assert(!registry_range(&reg, "", &lo, &hi));
	registry_records_release(&reg);
	free(start);
}
END_TEST

START_TEST(test_one_ssid_and_none)
{
	struct registry_records reg;
	uint32_t lo, hi;

	memset(&reg, 0, sizeof(reg));
	registry_index(&reg, 0);
	ck_assert(!registry_range(&reg, "1234567890", &lo, &hi));
	ck_assert_int_eq(registry_note_ssid(&reg, "1234567890", 10, 0), 0);
	ck_assert_int_eq(registry_note_ssid(&reg, "1234567890", 10, 1), 0);
	registry_index(&reg, 2);
	ck_assert(registry_range(&reg, "1234567890", &lo, &hi));
	ck_assert_uint_eq(lo, 0);
	ck_assert_uint_eq(hi, 2);
	ck_assert(!registry_range(&reg, "1234567891", &lo, &hi));
	ck_assert(!registry_range(&reg, "1234567889", &lo, &hi));
	registry_records_release(&reg);
}
END_TEST

START_TEST(test_an_ssid_out_of_order_or_not_ten_digits_is_refused)
{
	struct registry_records reg;

	memset(&reg, 0, sizeof(reg));
	ck_assert_int_eq(registry_note_ssid(&reg, "2000000000", 10, 0), 0);
	ck_assert_int_eq(registry_note_ssid(&reg, "1999999999", 10, 1), -1);
	ck_assert_int_eq(registry_note_ssid(&reg, "200000000", 9, 1), -1);
	ck_assert_int_eq(registry_note_ssid(&reg, "20000000A0", 10, 1), -1);
	ck_assert_int_eq(registry_note_ssid(&reg, "2000000001", 10, 1), 0);
	ck_assert_uint_eq(reg.nssids, 2);
	registry_records_release(&reg);
}
END_TEST

static Suite *registry_suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_each_ssid_is_found_with_its_records_and_nothing_else, 0, 4);
	tcase_add_test(tc, test_one_ssid_and_none);
	tcase_add_test(tc, test_an_ssid_out_of_order_or_not_ten_digits_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(registry_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

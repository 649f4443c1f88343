/*
 * check_strset.c: unit tests for strset.c, the hash set of byte strings.
 */
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "strset.h"
#include "banned.h"

START_TEST(test_add_get_set_and_duplicates)
{
	struct strset s = STRSET_INIT;
	uint64_t v = 0;

	ck_assert_int_eq(strset_get(&s, "a", 1, &v), 0);
	ck_assert_int_eq(strset_add(&s, "a", 1, 7, NULL), 1);
	ck_assert_int_eq(strset_add(&s, "a", 1, 9, &v), 0);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(strset_set(&s, "a", 1, 11), 0);
	ck_assert_int_eq(strset_get(&s, "a", 1, &v), 1);
	ck_assert_uint_eq(v, 11);
	ck_assert_int_eq(strset_set(&s, "b", 1, 1), -1);
	ck_assert_uint_eq(s.count, 1);
	strset_release(&s);
}
END_TEST

START_TEST(test_empty_keys_and_embedded_nul_bytes_are_keys)
{
	struct strset s = STRSET_INIT;
	uint64_t v;

	ck_assert_int_eq(strset_add(&s, "", 0, 1, NULL), 1);
	ck_assert_int_eq(strset_add(&s, "a\0b", 3, 2, NULL), 1);
	ck_assert_int_eq(strset_add(&s, "a\0c", 3, 3, NULL), 1);
	ck_assert_int_eq(strset_add(&s, "a", 1, 4, NULL), 1);
	ck_assert_int_eq(strset_get(&s, "a\0c", 3, &v), 1);
	ck_assert_uint_eq(v, 3);
	ck_assert_int_eq(strset_get(&s, "", 0, &v), 1);
	ck_assert_uint_eq(v, 1);
	ck_assert_uint_eq(s.count, 4);
	strset_release(&s);
}
END_TEST

START_TEST(test_a_million_keys)
{
	struct strset s = STRSET_INIT;
	char k[32];
	uint64_t i, v;

	for (i = 0; i < 1000000; i++) {
		int n = snprintf(k, sizeof(k), "S%07llu", (unsigned long long)i);

		ck_assert_int_eq(strset_add(&s, k, (size_t)n, i, NULL), 1);
	}
	for (i = 0; i < 1000000; i += 997) {
		int n = snprintf(k, sizeof(k), "S%07llu", (unsigned long long)i);

		ck_assert_int_eq(strset_get(&s, k, (size_t)n, &v), 1);
		ck_assert_uint_eq(v, i);
	}
	ck_assert_int_eq(strset_get(&s, "S10000000", 9, NULL), 0);
	ck_assert_uint_eq(s.count, 1000000);
	strset_release(&s);
	ck_assert_uint_eq(s.count, 0);
}
END_TEST

static Suite *strset_suite(void)
{
	Suite *s = suite_create("strset");
	TCase *tc = tcase_create("strset");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_add_get_set_and_duplicates);
	tcase_add_test(tc, test_empty_keys_and_embedded_nul_bytes_are_keys);
	tcase_add_test(tc, test_a_million_keys);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(strset_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

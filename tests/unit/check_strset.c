/*
 * check_strset.c: unit tests for strset.c, the hash set of byte strings
 * with values.
 *
 * Keys are byte strings, not C strings: a key is its bytes and its length,
 * so "a", "a\0" and "a\0b" are three keys and "" is a key.  The volume test
 * adds a million keys so that the table grows many times, and then finds
 * every one of them again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "strset.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(test_empty_set_finds_nothing_and_sets_nothing)
{
	struct strset s = STRSET_INIT;
	uint64_t v = 42;

	ck_assert_int_eq(strset_get(&s, "a", 1, &v), 0);
	ck_assert_int_eq(strset_get(&s, "", 0, NULL), 0);
	ck_assert_uint_eq(v, 42);
	ck_assert_int_eq(strset_set(&s, "a", 1, 7), -1);
	ck_assert_uint_eq(s.count, 0);
	strset_release(&s);
}
END_TEST

START_TEST(test_add_then_get_gives_the_value_and_set_replaces_it)
{
	struct strset s = STRSET_INIT;
	uint64_t v = 0;

	ck_assert_int_eq(strset_add(&s, "alpha", 5, 7, NULL), 1);
	ck_assert_int_eq(strset_add(&s, "beta", 4, UINT64_MAX, NULL), 1);
	ck_assert_uint_eq(s.count, 2);
	ck_assert_int_eq(strset_get(&s, "alpha", 5, &v), 1);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(strset_get(&s, "beta", 4, &v), 1);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(strset_get(&s, "alpha", 5, NULL), 1);

	ck_assert_int_eq(strset_set(&s, "alpha", 5, 11), 0);
	ck_assert_int_eq(strset_get(&s, "alpha", 5, &v), 1);
	ck_assert_uint_eq(v, 11);
	ck_assert_int_eq(strset_get(&s, "beta", 4, &v), 1);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_uint_eq(s.count, 2);

	ck_assert_int_eq(strset_set(&s, "gamma", 5, 1), -1);
	ck_assert_int_eq(strset_get(&s, "gamma", 5, NULL), 0);
	ck_assert_uint_eq(s.count, 2);
	strset_release(&s);
}
END_TEST

START_TEST(test_duplicate_add_returns_0_reports_old_value_and_keeps_it)
{
	struct strset s = STRSET_INIT;
	uint64_t old = 0, v = 0;

	ck_assert_int_eq(strset_add(&s, "a", 1, 7, &old), 1);
	ck_assert_uint_eq(old, 0);	/* not written when the key is new */
	ck_assert_int_eq(strset_add(&s, "a", 1, 9, &old), 0);
	ck_assert_uint_eq(old, 7);
	ck_assert_int_eq(strset_add(&s, "a", 1, 10, NULL), 0);
	ck_assert_int_eq(strset_get(&s, "a", 1, &v), 1);
	ck_assert_uint_eq(v, 7);
	ck_assert_uint_eq(s.count, 1);
	strset_set(&s, "a", 1, 12);
	ck_assert_int_eq(strset_add(&s, "a", 1, 13, &old), 0);
	ck_assert_uint_eq(old, 12);
	strset_release(&s);
}
END_TEST

/* Keys that differ only in length, NUL bytes or a prefix are all distinct. */
struct key_case {
	const char *key;
	size_t len;
};

static const struct key_case key_cases[] = {
	{ "", 0 },
	{ "\0", 1 },
	{ "\0\0", 2 },
	{ "a", 1 },
	{ "a\0", 2 },
	{ "a\0b", 3 },
	{ "a\0c", 3 },
	{ "\0a", 2 },
	{ "ab", 2 },
	{ "abc", 3 },
	{ "b", 1 },
	{ "A", 1 },
	{ "\xFF\xFE", 2 },
	{ "S0001", 5 },
	{ "S001", 4 },
};

START_TEST(test_empty_keys_and_keys_with_nul_bytes_are_distinct_keys)
{
	struct strset s = STRSET_INIT;
	size_t i;
	uint64_t v;

	for (i = 0; i < N(key_cases); i++)
		ck_assert_msg(strset_add(&s, key_cases[i].key, key_cases[i].len, 100 + i, NULL) == 1,
			      "key %zu was taken for one added before", i);
	ck_assert_uint_eq(s.count, N(key_cases));
	for (i = 0; i < N(key_cases); i++) {
		ck_assert_int_eq(strset_get(&s, key_cases[i].key, key_cases[i].len, &v), 1);
		ck_assert_msg(v == 100 + i, "key %zu has value %llu", i, (unsigned long long)v);
		ck_assert_int_eq(strset_add(&s, key_cases[i].key, key_cases[i].len, 0, &v), 0);
		ck_assert_uint_eq(v, 100 + i);
	}
	ck_assert_int_eq(strset_get(&s, "a\0d", 3, NULL), 0);
	ck_assert_int_eq(strset_get(&s, "\0\0\0", 3, NULL), 0);
	ck_assert_int_eq(strset_get(&s, "abcd", 3, &v), 1);	/* only len bytes */
	ck_assert_uint_eq(v, 100 + 9);
	strset_release(&s);
}
END_TEST

START_TEST(test_long_key_larger_than_the_arena_is_stored)
{
	struct strset s = STRSET_INIT;
	size_t len = 3 * 1024 * 1024 + 5;
	char *big = malloc(len);
	uint64_t v = 0;

	ck_assert_ptr_nonnull(big);
	memset(big, 'k', len);
	ck_assert_int_eq(strset_add(&s, "small", 5, 1, NULL), 1);
	ck_assert_int_eq(strset_add(&s, big, len, 2, NULL), 1);
	ck_assert_int_eq(strset_get(&s, big, len, &v), 1);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(strset_get(&s, big, len - 1, NULL), 0);
	big[len - 1] = 'j';
	ck_assert_int_eq(strset_get(&s, big, len, NULL), 0);
	ck_assert_int_eq(strset_get(&s, "small", 5, &v), 1);
	ck_assert_uint_eq(v, 1);
	free(big);
	strset_release(&s);
}
END_TEST

#define MILLION 1000000

static int key_of(uint64_t i, char *k, size_t size)
{
	return snprintf(k, size, "L%llu", (unsigned long long)i);
}

START_TEST(test_a_million_keys_grow_the_set_and_are_all_found)
{
	struct strset s = STRSET_INIT;
	char k[32];
	uint64_t i, v;
	int n;

	for (i = 0; i < MILLION; i++) {
		n = key_of(i, k, sizeof(k));
		if (strset_add(&s, k, (size_t)n, i * 3, NULL) != 1)
			ck_abort_msg("key %s was reported present before it was added", k);
	}
	ck_assert_uint_eq(s.count, MILLION);
	ck_assert_uint_ge(s.cap, MILLION);
	ck_assert_uint_eq(s.cap & (s.cap - 1), 0);	/* a power of two */
	for (i = 0; i < MILLION; i++) {
		n = key_of(i, k, sizeof(k));
		if (strset_get(&s, k, (size_t)n, &v) != 1 || v != i * 3)
			ck_abort_msg("key %s lost or changed after growth", k);
	}
	for (i = 0; i < MILLION; i += 1009) {
		n = key_of(i, k, sizeof(k));
		ck_assert_int_eq(strset_add(&s, k, (size_t)n, 0, &v), 0);
		ck_assert_uint_eq(v, i * 3);
		ck_assert_int_eq(strset_set(&s, k, (size_t)n, 5), 0);
	}
	for (i = MILLION; i < MILLION + 10000; i++) {
		n = key_of(i, k, sizeof(k));
		ck_assert_int_eq(strset_get(&s, k, (size_t)n, NULL), 0);
	}
	ck_assert_int_eq(strset_get(&s, "L0", 2, &v), 1);
	ck_assert_uint_eq(v, 5);
	ck_assert_int_eq(strset_get(&s, "L1", 2, &v), 1);
	ck_assert_uint_eq(v, 3);
	ck_assert_uint_eq(s.count, MILLION);
	strset_release(&s);
}
END_TEST

START_TEST(test_release_empties_the_set_for_reuse)
{
	struct strset s = STRSET_INIT;
	int i;

	for (i = 0; i < 1000; i++) {
		char k[16];
		int n = snprintf(k, sizeof(k), "%d", i);

		strset_add(&s, k, (size_t)n, (uint64_t)i, NULL);
	}
	strset_release(&s);
	ck_assert_uint_eq(s.count, 0);
	ck_assert_uint_eq(s.cap, 0);
	ck_assert_ptr_null(s.slots);
	ck_assert_ptr_null(s.arena);
	ck_assert_int_eq(strset_get(&s, "1", 1, NULL), 0);
	ck_assert_int_eq(strset_add(&s, "1", 1, 9, NULL), 1);
	ck_assert_uint_eq(s.count, 1);
	strset_release(&s);
	/* Releasing a released or never-used set is harmless. */
	strset_release(&s);
}
END_TEST

static Suite *strset_suite(void)
{
	Suite *s = suite_create("strset");
	TCase *tc;

	tc = tcase_create("basics");
	tcase_add_test(tc, test_empty_set_finds_nothing_and_sets_nothing);
	tcase_add_test(tc, test_add_then_get_gives_the_value_and_set_replaces_it);
	tcase_add_test(tc, test_duplicate_add_returns_0_reports_old_value_and_keeps_it);
	tcase_add_test(tc, test_empty_keys_and_keys_with_nul_bytes_are_distinct_keys);
	tcase_add_test(tc, test_long_key_larger_than_the_arena_is_stored);
	tcase_add_test(tc, test_release_empties_the_set_for_reuse);
	suite_add_tcase(s, tc);

	tc = tcase_create("volume");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_a_million_keys_grow_the_set_and_are_all_found);
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

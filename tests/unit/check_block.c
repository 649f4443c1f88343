/*
 * check_block.c: unit tests for block.c: rule compilation, keys that agree
 * when they should (day and month in either order, names swapped), records
 * without a key, pairs of a link run, oversized blocks and the union.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "block.h"
#include "error.h"
#include "grade.h"
#include "banned.h"

static struct block_rule rule(const char *keys)
{
	struct fs_blocking b;
	struct block_rule r;
	struct slds_error err = SLDS_ERROR_INIT;

	memset(&b, 0, sizeof(b));
	memcpy(b.name, "r", 2);
	memcpy(b.keys, keys, strlen(keys) + 1);
	ck_assert_int_eq(block_rule_compile(&r, &b, &err), 0);
	return r;
}

static uint64_t key_of(const struct block_rule *r, const char *first, const char *last,
		       const char *birth)
{
	struct person_features f;
	struct person_ref p;

	person_features_set(&f, first, strlen(first), NULL, 0, last, strlen(last), birth,
			    strlen(birth), "F", 1);
	person_features_ref(&f, &p);
	return block_key_hash(r, &p);
}

START_TEST(test_keys_agree_where_the_rule_says_and_only_there)
{
	struct block_rule any = rule("birth_date_any last_code");
	struct block_rule swap = rule("names_code birth_year");

	ck_assert_uint_eq(key_of(&any, "Ana", "Smith", "2015-03-07"),
			  key_of(&any, "Maria", "Smyth", "2015-07-03"));
	ck_assert_uint_ne(key_of(&any, "Ana", "Smith", "2015-03-07"),
			  key_of(&any, "Ana", "Jones", "2015-03-07"));
	ck_assert_uint_eq(key_of(&swap, "Lee", "Chan", "2015-03-07"),
			  key_of(&swap, "Chan", "Lee", "2015-11-30"));
	/* No valid date, no key. */
	ck_assert_uint_eq(key_of(&any, "Ana", "Smith", "2015-02-30"), 0);
	ck_assert_uint_eq(key_of(&swap, "", "Smith", "2015-02-03"), 0);
}
END_TEST

START_TEST(test_an_unknown_key_is_refused_by_name)
{
	struct fs_blocking b = { "dob", "birth_date shoe_size" };
	struct block_rule r;
	struct slds_error err = SLDS_ERROR_INIT;

	ck_assert_int_eq(block_rule_compile(&r, &b, &err), SLDS_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown key \"shoe_size\""));
	error_clear(&err);
}
END_TEST

START_TEST(test_pairs_of_blocks_across_sources_without_oversized_blocks)
{
	uint64_t keys[] = { 7, 9, 7, 0, 7, 5, 5, 5 };
	uint8_t source[] = { 0, 0, 1, 1, 0, 0, 1, 1 };
	struct pair_set s = PAIR_SET_INIT;
	size_t skipped = 0;

	/* Dedupe, blocks of at most 2: the block of 7 (3 records) and of 5 skipped. */
	block_pairs(keys, 8, NULL, 0, 2, &s, &skipped);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_uint_eq(skipped, 2);
	/* Link: only pairs across sources: 0-2, 2-4, 5-6, 5-7. */
	block_pairs(keys, 8, source, 0, 10, &s, &skipped);
	ck_assert_uint_eq(s.n, 4);
	/* The same pairs again, from another rule: the union keeps one of each. */
	block_pairs(keys, 8, source, 0, 10, &s, &skipped);
	pair_set_unique(&s);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_uint_eq(s.v[0], (uint64_t)0 << 32 | 2);
	ck_assert_uint_eq(s.v[1], (uint64_t)2 << 32 | 4);
	ck_assert_uint_eq(s.v[2], (uint64_t)5 << 32 | 6);
	ck_assert_uint_eq(s.v[3], (uint64_t)5 << 32 | 7);
	/* A batch (1) against a registry (0) and itself: 6-7 too, never 0-4. */
	block_pairs(keys, 8, source, 1, 10, &s, &skipped);
	pair_set_unique(&s);
	ck_assert_uint_eq(s.n, 5);
	ck_assert_uint_eq(s.v[4], (uint64_t)6 << 32 | 7);
	pair_set_release(&s);
}
END_TEST

/*
 * Three rules' pairs over records of both sources, some without a key,
 * some in blocks too big: made (and made unique) with `threads` threads.
 */
static void pairs_in(const char *threads, int unique, struct pair_set *s, size_t *skipped)
{
	enum { N = 30000 };
	static uint64_t keys[N];
	static uint8_t source[N];
	uint32_t x = 12345;
	size_t rule, i;

	ck_assert_int_eq(setenv("SLDS_THREADS", threads, 1), 0);
	ck_assert_int_eq(setenv("SLDS_THREAD_MIN", "1", 1), 0);
	*skipped = 0;
	for (rule = 0; rule < 3; rule++) {
		for (i = 0; i < N; i++) {
			x = x * 1103515245u + 12345u;
			source[i] = (uint8_t)(x >> 30 & 1);
			/* Blocks of about 12, a key in 16 missing, one key shared by many. */
			keys[i] = (x >> 8) % 16 == 0 ? 0 : (x >> 12) % 13 == 0 ? 7 : 1 + (x >> 16) % (N / 12);
		}
		block_pairs(keys, N, rule == 1 ? NULL : source, rule == 2, 40, s, skipped);
	}
	if (unique)
		pair_set_unique(s);
	ck_assert_int_eq(unsetenv("SLDS_THREADS"), 0);
	ck_assert_int_eq(unsetenv("SLDS_THREAD_MIN"), 0);
}

START_TEST(test_pairs_made_in_threads_as_in_one)
{
	const char *threads[] = { "2", "3", "16" };
	int unique;
	size_t i, k;

	for (unique = 0; unique < 2; unique++) {
		struct pair_set one = PAIR_SET_INIT;
		size_t skipped_one;

		pairs_in("1", unique, &one, &skipped_one);
		ck_assert_uint_gt(one.n, 100000);
		ck_assert_uint_eq(skipped_one, 3);
		for (k = 1; unique && k < one.n; k++)
			ck_assert_uint_lt(one.v[k - 1], one.v[k]);
		for (i = 0; i < sizeof(threads) / sizeof(*threads); i++) {
			struct pair_set many = PAIR_SET_INIT;
			size_t skipped;

			pairs_in(threads[i], unique, &many, &skipped);
			ck_assert_uint_eq(skipped, skipped_one);
			ck_assert_uint_eq(many.n, one.n);
			ck_assert_int_eq(memcmp(many.v, one.v, one.n * sizeof(*one.v)), 0);
			pair_set_release(&many);
		}
		pair_set_release(&one);
	}
}
END_TEST

static Suite *block_suite(void)
{
	Suite *s = suite_create("block");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_keys_agree_where_the_rule_says_and_only_there);
	tcase_add_test(tc, test_an_unknown_key_is_refused_by_name);
	tcase_add_test(tc, test_pairs_of_blocks_across_sources_without_oversized_blocks);
	tcase_add_test(tc, test_pairs_made_in_threads_as_in_one);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(block_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

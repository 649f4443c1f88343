/*
 * check_parallel.c: unit tests for parallel.c, a loop split over threads.
 *
 * Whatever the number of threads (SLDS_THREADS), every item is visited
 * exactly once, the slices are contiguous and in order, and a loop too
 * small to be worth splitting is one slice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "parallel.h"
#include "banned.h"

#define ITEMS 100003

struct visits {
	unsigned char seen[ITEMS];
	size_t lo[PARALLEL_MAX], hi[PARALLEL_MAX];
	unsigned long long sum[PARALLEL_MAX];
};

static void visit(void *ctx, size_t lo, size_t hi, size_t slice)
{
	struct visits *v = ctx;
	size_t i;

	v->lo[slice] = lo;
	v->hi[slice] = hi;
	for (i = lo; i < hi; i++) {
		v->seen[i]++;
		v->sum[slice] += i;
	}
}

/* Run over n items with SLDS_THREADS=threads (NULL: unset); the slices used. */
static size_t run(struct visits *v, size_t n, size_t min, const char *threads)
{
	if (threads)
		ck_assert_int_eq(setenv("SLDS_THREADS", threads, 1), 0);
	else
		ck_assert_int_eq(unsetenv("SLDS_THREADS"), 0);
	memset(v, 0, sizeof(*v));
	return parallel_for(n, min, visit, v);
}

/* Every item once, slices back to back from 0 to n, sums adding up. */
static void check_cover(const struct visits *v, size_t n, size_t t)
{
	unsigned long long total = 0;
	size_t i, k;

	for (i = 0; i < n; i++)
		ck_assert_int_eq(v->seen[i], 1);
	ck_assert_uint_eq(v->lo[0], 0);
	ck_assert_uint_eq(v->hi[t - 1], n);
	for (k = 0; k < t; k++) {
		if (k > 0)
			ck_assert_uint_eq(v->lo[k], v->hi[k - 1]);
		total += v->sum[k];
	}
	ck_assert_uint_eq(total, (unsigned long long)n * (n - 1) / 2);
}

START_TEST(test_every_item_is_visited_once_whatever_the_threads)
{
	static struct visits v;
	const char *threads[] = { "1", "2", "3", "7", "16" };
	size_t i, t;

	for (i = 0; i < sizeof(threads) / sizeof(threads[0]); i++) {
		t = run(&v, ITEMS, 1, threads[i]);
		ck_assert_uint_eq(t, strtoul(threads[i], NULL, 10));
		check_cover(&v, ITEMS, t);
	}
}
END_TEST

START_TEST(test_slices_are_cut_evenly_in_order)
{
	static struct visits v;
	size_t t = run(&v, 10, 1, "3");

	ck_assert_uint_eq(t, 3);
	ck_assert_uint_eq(v.hi[0], 3);
	ck_assert_uint_eq(v.hi[1], 6);
	ck_assert_uint_eq(v.hi[2], 10);
	check_cover(&v, 10, t);
}
END_TEST

START_TEST(test_a_small_loop_takes_fewer_slices)
{
	static struct visits v;

	ck_assert_uint_eq(run(&v, 100, 1000, "4"), 1);
	check_cover(&v, 100, 1);
	ck_assert_uint_eq(run(&v, 2500, 1000, "4"), 2);
	check_cover(&v, 2500, 2);
	ck_assert_uint_eq(run(&v, 0, 1, "4"), 1);
	ck_assert_uint_eq(v.lo[0], 0);
	ck_assert_uint_eq(v.hi[0], 0);
}
END_TEST

START_TEST(test_the_thread_count_comes_from_the_environment_within_bounds)
{
	ck_assert_int_eq(setenv("SLDS_THREADS", "1", 1), 0);
	ck_assert_uint_eq(parallel_threads(), 1);
	ck_assert_int_eq(setenv("SLDS_THREADS", "999", 1), 0);
	ck_assert_uint_eq(parallel_threads(), PARALLEL_MAX);
	/* Not a number, zero or negative: no threads, rather than a guess. */
	ck_assert_int_eq(setenv("SLDS_THREADS", "two", 1), 0);
	ck_assert_uint_eq(parallel_threads(), 1);
	ck_assert_int_eq(setenv("SLDS_THREADS", "0", 1), 0);
	ck_assert_uint_eq(parallel_threads(), 1);
	ck_assert_int_eq(setenv("SLDS_THREADS", "-3", 1), 0);
	ck_assert_uint_eq(parallel_threads(), 1);
	ck_assert_int_eq(unsetenv("SLDS_THREADS"), 0);
	ck_assert_uint_ge(parallel_threads(), 1);
	ck_assert_uint_le(parallel_threads(), PARALLEL_MAX);
}
END_TEST

START_TEST(test_the_minimum_a_slice_can_be_overridden_for_tests)
{
	ck_assert_int_eq(setenv("SLDS_THREADS", "4", 1), 0);
	ck_assert_uint_eq(parallel_slices(10, 100000), 1);
	ck_assert_int_eq(setenv("SLDS_THREAD_MIN", "2", 1), 0);
	ck_assert_uint_eq(parallel_slices(10, 100000), 4);
	ck_assert_uint_eq(parallel_slices(5, 100000), 2);
	/* Not a number or below 1: the caller's minimum holds. */
	ck_assert_int_eq(setenv("SLDS_THREAD_MIN", "0", 1), 0);
	ck_assert_uint_eq(parallel_slices(10, 100000), 1);
	ck_assert_int_eq(setenv("SLDS_THREAD_MIN", "x", 1), 0);
	ck_assert_uint_eq(parallel_slices(10, 100000), 1);
	ck_assert_int_eq(unsetenv("SLDS_THREAD_MIN"), 0);
	ck_assert_int_eq(unsetenv("SLDS_THREADS"), 0);
}
END_TEST

static Suite *parallel_suite(void)
{
	Suite *s = suite_create("parallel");
	TCase *tc = tcase_create("basics");

	tcase_add_test(tc, test_every_item_is_visited_once_whatever_the_threads);
	tcase_add_test(tc, test_slices_are_cut_evenly_in_order);
	tcase_add_test(tc, test_a_small_loop_takes_fewer_slices);
	tcase_add_test(tc, test_the_thread_count_comes_from_the_environment_within_bounds);
	tcase_add_test(tc, test_the_minimum_a_slice_can_be_overridden_for_tests);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(parallel_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

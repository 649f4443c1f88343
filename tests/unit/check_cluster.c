/*
 * check_cluster.c: unit tests for cluster.c: components, the guard that
 * refuses a join when some pair across is incompatible, and the size cap.
 */
#include <stdint.h>
#include <stdlib.h>

#include <check.h>

#include "cluster.h"
#include "banned.h"

/* Records 0 and 2 are twins: never one entity. */
static int not_twins(void *ctx, uint32_t a, uint32_t b)
{
	(void)ctx;
	return !((a == 0 && b == 2) || (a == 2 && b == 0));
}

START_TEST(test_a_chain_through_a_third_record_does_not_merge_twins)
{
	struct clusters c;
	uint32_t ids[4];

	clusters_init(&c, 4);
	ck_assert_int_eq(clusters_join(&c, 0, 1, 64, not_twins, NULL), 1);
	/* 1 links to 2, but 2 and 0 may not be one: refused. */
	ck_assert_int_eq(clusters_join(&c, 1, 2, 64, not_twins, NULL), 0);
	ck_assert_int_eq(clusters_join(&c, 2, 3, 64, not_twins, NULL), 1);
	ck_assert_uint_eq(clusters_number(&c, ids), 2);
	ck_assert_uint_eq(ids[0], ids[1]);
	ck_assert_uint_eq(ids[2], ids[3]);
	ck_assert_uint_ne(ids[0], ids[2]);
	clusters_release(&c);
}
END_TEST

START_TEST(test_unguarded_joins_are_connected_components_numbered_in_order)
{
	struct clusters c;
	uint32_t ids[6];

	clusters_init(&c, 6);
	ck_assert_int_eq(clusters_join(&c, 4, 5, 64, NULL, NULL), 1);
	ck_assert_int_eq(clusters_join(&c, 1, 4, 64, NULL, NULL), 1);
	ck_assert_int_eq(clusters_join(&c, 5, 1, 64, NULL, NULL), 1);
	ck_assert_uint_eq(clusters_number(&c, ids), 4);
	ck_assert_uint_eq(ids[0], 0);
	ck_assert_uint_eq(ids[1], 1);
	ck_assert_uint_eq(ids[2], 2);
	ck_assert_uint_eq(ids[3], 3);
	ck_assert_uint_eq(ids[4], 1);
	ck_assert_uint_eq(ids[5], 1);
	clusters_release(&c);
}
END_TEST

START_TEST(test_a_join_past_the_size_cap_is_refused)
{
	struct clusters c;

	clusters_init(&c, 3);
	ck_assert_int_eq(clusters_join(&c, 0, 1, 2, NULL, NULL), 1);
	ck_assert_int_eq(clusters_join(&c, 1, 2, 2, NULL, NULL), 0);
	ck_assert_uint_ne(clusters_find(&c, 2), clusters_find(&c, 0));
	clusters_release(&c);
}
END_TEST

static Suite *cluster_suite(void)
{
	Suite *s = suite_create("cluster");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_a_chain_through_a_third_record_does_not_merge_twins);
	tcase_add_test(tc, test_unguarded_joins_are_connected_components_numbered_in_order);
	tcase_add_test(tc, test_a_join_past_the_size_cap_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cluster_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

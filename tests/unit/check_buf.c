/*
 * check_buf.c: unit tests for buf.c, growable buffers with a maximum size.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "buf.h"
#include "error.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The invariants every operation keeps. */
static void assert_sane(const struct buf *b)
{
	ck_assert_ptr_nonnull(b->data);
	ck_assert_uint_le(b->len, b->max);
	ck_assert_int_eq(b->data[b->len], '\0');
	if (b->cap == 0) {
		ck_assert_ptr_eq(b->data, buf_empty);
		ck_assert_uint_eq(b->len, 0);
	} else {
		ck_assert_uint_gt(b->cap, b->len);
		ck_assert_uint_le(b->cap, b->max + 1);
	}
}

START_TEST(test_buf_init_is_empty_nul_terminated_string)
{
	struct buf a = BUF_INIT(10), b;

	buf_init(&b, 20);
	assert_sane(&a);
	assert_sane(&b);
	ck_assert_str_eq(a.data, "");
	ck_assert_uint_eq(a.max, 10);
	ck_assert_uint_eq(b.max, 20);
	buf_release(&a);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_add_functions_append_and_keep_nul)
{
	struct buf b = BUF_INIT(1024);

	ck_assert_int_eq(buf_add(&b, "ab", 2), 0);
	assert_sane(&b);
	ck_assert_int_eq(buf_addch(&b, 'c'), 0);
	assert_sane(&b);
	ck_assert_int_eq(buf_adds(&b, "de"), 0);
	assert_sane(&b);
	ck_assert_int_eq(buf_addf(&b, "%d-%s", 42, "x"), 0);
	assert_sane(&b);
	ck_assert_int_eq(buf_add(&b, "", 0), 0);
	ck_assert_int_eq(buf_adds(&b, ""), 0);
	ck_assert_int_eq(buf_addf(&b, "%s", ""), 0);
	assert_sane(&b);
	ck_assert_str_eq(b.data, "abcde42-x");
	ck_assert_uint_eq(b.len, 9);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_add_keeps_embedded_nul_bytes)
{
	struct buf b = BUF_INIT(64);

	ck_assert_int_eq(buf_add(&b, "a\0b", 3), 0);
	ck_assert_int_eq(buf_addch(&b, '\0'), 0);
	ck_assert_uint_eq(b.len, 4);
	ck_assert_mem_eq(b.data, "a\0b\0", 5);
	buf_release(&b);
}
END_TEST

/*
 * Limits: a buffer of max bytes holding initial gets one more append.  An
 * append that fits leaves initial + append; one that does not leaves initial.
 */
enum op { ADD, ADDS, ADDCH, ADDF, GROW };

struct limit_case {
	size_t max;
	const char *initial;
	enum op op;
	const char *append;
	int result;
};

static const struct limit_case limit_cases[] = {
	{ 5, "", ADD, "abcde", 0 },
	{ 5, "", ADD, "abcdef", SLDS_ELIMIT },
	{ 5, "abc", ADD, "de", 0 },
	{ 5, "abc", ADD, "def", SLDS_ELIMIT },
	{ 5, "abcde", ADD, "", 0 },
	{ 5, "abcde", ADDCH, "f", SLDS_ELIMIT },
	{ 5, "abcd", ADDCH, "e", 0 },
	{ 5, "abc", ADDS, "de", 0 },
	{ 5, "abc", ADDS, "xyz", SLDS_ELIMIT },
	{ 5, "abc", ADDF, "de", 0 },
	{ 5, "abc", ADDF, "def", SLDS_ELIMIT },
	{ 5, "abc", GROW, "de", 0 },
	{ 5, "abc", GROW, "def", SLDS_ELIMIT },
	{ 0, "", ADD, "", 0 },
	{ 0, "", ADDCH, "x", SLDS_ELIMIT },
	{ 0, "", ADDF, "x", SLDS_ELIMIT },
	{ 64, "", ADD, "0123456789012345678901234567890123456789012345678901234567890123", 0 },
	{ 64, "", ADD, "01234567890123456789012345678901234567890123456789012345678901234",
	  SLDS_ELIMIT },
	{ 100, "", ADD, "0123456789012345678901234567890123456789012345678901234567890123456789",
	  0 },
};

START_TEST(test_buf_append_past_max_fails_with_elimit_and_leaves_contents)
{
	const struct limit_case *c = &limit_cases[_i];
	struct buf b = BUF_INIT(c->max);
	size_t alen = strlen(c->append);
	int r = -99;

	ck_assert_int_eq(buf_adds(&b, c->initial), 0);
	switch (c->op) {
	case ADD:
		r = buf_add(&b, c->append, alen);
		break;
	case ADDS:
		r = buf_adds(&b, c->append);
		break;
	case ADDCH:
		r = buf_addch(&b, c->append[0]);
		break;
	case ADDF:
		r = buf_addf(&b, "%s", c->append);
		break;
	case GROW:
		r = buf_grow(&b, alen);
		if (r == 0)
			ck_assert_uint_ge(b.cap, strlen(c->initial) + alen + 1);
		break;
	}
	ck_assert_msg(r == c->result, "max %zu, \"%s\" + \"%s\": returned %d, expected %d",
		      c->max, c->initial, c->append, r, c->result);
	assert_sane(&b);
	if (r == 0 && c->op != GROW) {
		ck_assert_uint_eq(b.len, strlen(c->initial) + alen);
		ck_assert_mem_eq(b.data, c->initial, strlen(c->initial));
		ck_assert_mem_eq(b.data + strlen(c->initial), c->append, alen);
	} else {
		ck_assert_str_eq(b.data, c->initial);
		ck_assert_uint_eq(b.len, strlen(c->initial));
	}
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_grow_with_huge_extra_fails_without_overflow)
{
	struct buf b = BUF_INIT(SIZE_MAX - 1);

	ck_assert_int_eq(buf_adds(&b, "abc"), 0);
	ck_assert_int_eq(buf_grow(&b, SIZE_MAX), SLDS_ELIMIT);
	ck_assert_int_eq(buf_grow(&b, SIZE_MAX - 3), SLDS_ELIMIT);
	ck_assert_str_eq(b.data, "abc");
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_detach_of_empty_buffer_returns_allocated_empty_string)
{
	struct buf b = BUF_INIT(10);
	size_t len = 99;
	char *p = buf_detach(&b, &len);

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_ne(p, buf_empty);
	ck_assert_str_eq(p, "");
	ck_assert_uint_eq(len, 0);
	free(p);
	assert_sane(&b);
}
END_TEST

START_TEST(test_buf_detach_of_reset_buffer_returns_empty_string)
{
	struct buf b = BUF_INIT(10);
	size_t len = 99;
	char *p;

	buf_adds(&b, "abc");
	buf_reset(&b);
	p = buf_detach(&b, &len);
	ck_assert_str_eq(p, "");
	ck_assert_uint_eq(len, 0);
	free(p);
}
END_TEST

START_TEST(test_buf_detach_hands_over_contents_and_leaves_buffer_empty)
{
	struct buf b = BUF_INIT(10);
	size_t len = 0;
	char *p;

	buf_adds(&b, "hello");
	p = buf_detach(&b, &len);
	ck_assert_str_eq(p, "hello");
	ck_assert_uint_eq(len, 5);
	assert_sane(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.max, 10);
	ck_assert_ptr_eq(b.data, buf_empty);
	free(p);
	p = buf_detach(&b, NULL);
	ck_assert_str_eq(p, "");
	free(p);
}
END_TEST

START_TEST(test_buf_reset_empties_but_keeps_memory)
{
	struct buf b = BUF_INIT(1000);
	char *data;
	size_t cap;

	buf_adds(&b, "some text to keep the memory busy");
	data = b.data;
	cap = b.cap;
	buf_reset(&b);
	assert_sane(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.data, "");
	ck_assert_ptr_eq(b.data, data);
	ck_assert_uint_eq(b.cap, cap);
	buf_adds(&b, "again");
	ck_assert_ptr_eq(b.data, data);
	ck_assert_str_eq(b.data, "again");
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_reset_of_unallocated_buffer_keeps_shared_empty_string)
{
	struct buf b = BUF_INIT(10);

	buf_reset(&b);
	assert_sane(&b);
	ck_assert_int_eq(buf_empty[0], '\0');
}
END_TEST

START_TEST(test_buf_release_frees_and_keeps_max)
{
	struct buf b = BUF_INIT(77);

	buf_adds(&b, "abc");
	buf_release(&b);
	assert_sane(&b);
	ck_assert_uint_eq(b.max, 77);
	ck_assert_uint_eq(b.cap, 0);
	buf_release(&b);
	assert_sane(&b);
}
END_TEST

struct truncate_case {
	const char *initial;
	size_t len;
	const char *result;
};

static const struct truncate_case truncate_cases[] = {
	{ "abcdef", 3, "abc" },
	{ "abcdef", 0, "" },
	{ "abcdef", 6, "abcdef" },
	{ "abcdef", 7, "abcdef" },	/* longer than len: ignored */
	{ "", 0, "" },
	{ "", 5, "" },
};

START_TEST(test_buf_truncate_shortens_and_ignores_longer_length)
{
	const struct truncate_case *c = &truncate_cases[_i];
	struct buf b = BUF_INIT(100);

	buf_adds(&b, c->initial);
	buf_truncate(&b, c->len);
	assert_sane(&b);
	ck_assert_str_eq(b.data, c->result);
	ck_assert_uint_eq(b.len, strlen(c->result));
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_grows_byte_by_byte_to_large_size_with_intact_contents)
{
	enum { SIZE = 3 * 1024 * 1024 + 17 };
	struct buf b = BUF_INIT(SIZE);
	size_t i;

	for (i = 0; i < SIZE; i++) {
		if (buf_addch(&b, (int)('a' + i % 26)) != 0)
			ck_abort_msg("buf_addch failed at %zu", i);
	}
	assert_sane(&b);
	ck_assert_uint_eq(b.len, SIZE);
	for (i = 0; i < SIZE; i++) {
		if (b.data[i] != (char)('a' + i % 26))
			ck_abort_msg("byte %zu is wrong", i);
	}
	ck_assert_int_eq(buf_addch(&b, 'x'), SLDS_ELIMIT);
	ck_assert_uint_eq(b.len, SIZE);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_grows_in_chunks_and_with_addf_across_doublings)
{
	struct buf b = BUF_INIT(1 << 20);
	char chunk[1000];
	size_t i;
	int n;

	memset(chunk, 'z', sizeof(chunk));
	for (i = 0; i < 300; i++)
		ck_assert_int_eq(buf_add(&b, chunk, sizeof(chunk)), 0);
	for (n = 0; n < 10000; n++)
		ck_assert_int_eq(buf_addf(&b, "%05d\n", n), 0);
	assert_sane(&b);
	ck_assert_uint_eq(b.len, 300 * 1000 + 10000 * 6);
	ck_assert_mem_eq(b.data + 300 * 1000, "00000\n00001\n", 12);
	ck_assert_mem_eq(b.data + b.len - 6, "09999\n", 6);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_addf_of_long_string_fits_exactly)
{
	struct buf b = BUF_INIT(200);
	char s[201];

	memset(s, 'q', 200);
	s[200] = '\0';
	ck_assert_int_eq(buf_addf(&b, "%s", s), 0);
	ck_assert_str_eq(b.data, s);
	ck_assert_uint_le(b.cap, 201);
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_add_csv_quotes_only_fields_that_need_it)
{
	struct buf b = BUF_INIT(200);

	ck_assert_int_eq(buf_add_csv(&b, "plain"), 0);
	ck_assert_int_eq(buf_add_csv(&b, NULL), 0);
	ck_assert_int_eq(buf_add_csv(&b, "a,b"), 0);
	ck_assert_int_eq(buf_add_csv(&b, "say \"hi\""), 0);
	ck_assert_int_eq(buf_add_csv(&b, "two\nlines"), 0);
	ck_assert_str_eq(b.data, "plain\"a,b\"\"say \"\"hi\"\"\"\"two\nlines\"");
	buf_release(&b);
}
END_TEST

static Suite *buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc;

	tc = tcase_create("basic");
	tcase_add_test(tc, test_buf_init_is_empty_nul_terminated_string);
	tcase_add_test(tc, test_buf_add_csv_quotes_only_fields_that_need_it);
	tcase_add_test(tc, test_buf_add_functions_append_and_keep_nul);
	tcase_add_test(tc, test_buf_add_keeps_embedded_nul_bytes);
	tcase_add_test(tc, test_buf_detach_of_empty_buffer_returns_allocated_empty_string);
	tcase_add_test(tc, test_buf_detach_of_reset_buffer_returns_empty_string);
	tcase_add_test(tc, test_buf_detach_hands_over_contents_and_leaves_buffer_empty);
	tcase_add_test(tc, test_buf_reset_empties_but_keeps_memory);
	tcase_add_test(tc, test_buf_reset_of_unallocated_buffer_keeps_shared_empty_string);
	tcase_add_test(tc, test_buf_release_frees_and_keeps_max);
	tcase_add_loop_test(tc, test_buf_truncate_shortens_and_ignores_longer_length,
			    0, N(truncate_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_loop_test(tc, test_buf_append_past_max_fails_with_elimit_and_leaves_contents,
			    0, N(limit_cases));
	tcase_add_test(tc, test_buf_grow_with_huge_extra_fails_without_overflow);
	tcase_add_test(tc, test_buf_addf_of_long_string_fits_exactly);
	suite_add_tcase(s, tc);

	tc = tcase_create("growth");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_buf_grows_byte_by_byte_to_large_size_with_intact_contents);
	tcase_add_test(tc, test_buf_grows_in_chunks_and_with_addf_across_doublings);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(buf_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

/*
 * check_canon.c: unit tests for canon.c, the canonical files between stages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "canon.h"
#include "error.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char *dir;

static void setup(void)
{
	dir = ut_tmpdir();
}

static void teardown(void)
{
	ut_rmtree(dir);
	free(dir);
}

static const char *const cols[] = { "_submission", "_file", "_line", "name", "note" };

/* Values of the rows written and read back; NULL is SQL NULL. */
static const char *const values[][2] = {
	{ "plain", "text" },
	{ "tab\there", "new\nline" },
	{ "carriage\rreturn", "back\\slash" },
	{ "\\N", NULL },
	{ "", NULL },
	{ NULL, "" },
	{ "Garc\xC3\xAD" "a Mu\xC3\xB1oz", "\xE6\x9D\x8E" },
	{ "\\t literally", "ends with backslash \\" },
};

static char *write_rows(const char *name)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(dir, name);
	size_t i;

	ck_assert_int_eq(canon_writer_open(&w, path, "test", cols, N(cols), &err), 0);
	for (i = 0; i < N(values); i++) {
		char line[16];
		size_t k;

		snprintf(line, sizeof(line), "%zu", i + 2);
		ck_assert_int_eq(canon_writer_field(&w, "0101/s", 6, &err), 0);
		ck_assert_int_eq(canon_writer_field(&w, "f.csv", 5, &err), 0);
		ck_assert_int_eq(canon_writer_raw(&w, line, strlen(line), &err), 0);
		for (k = 0; k < 2; k++)
			ck_assert_int_eq(values[i][k] ? canon_writer_field(&w, values[i][k], strlen(values[i][k]), &err)
						    : canon_writer_null(&w, &err), 0);
		ck_assert_int_eq(canon_writer_end_row(&w, &err), 0);
	}
	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);
	return path;
}

START_TEST(test_rows_written_read_back_identical)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	char *path = write_rows("t.copy");
	size_t i = 0, k;
	int rc;

	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);
	ck_assert_str_eq(r.record, "test");
	ck_assert_uint_eq(r.ncols, N(cols));
	for (k = 0; k < N(cols); k++)
		ck_assert_str_eq(r.columns[k], cols[k]);
	ck_assert_int_eq(canon_reader_column(&r, "note"), 4);
	ck_assert_int_eq(canon_reader_column(&r, "nothing"), -1);
	while ((rc = canon_reader_next(&r, &err)) == 1) {
		ck_assert_uint_lt(i, N(values));
		ck_assert_uint_eq(r.lineno, i + 2);
		for (k = 0; k < 2; k++) {
			if (!values[i][k]) {
				ck_assert_ptr_null(r.fields[3 + k]);
			} else {
				ck_assert_ptr_nonnull(r.fields[3 + k]);
				ck_assert_uint_eq(r.lens[3 + k], strlen(values[i][k]));
				ck_assert_str_eq(r.fields[3 + k], values[i][k]);
			}
		}
		i++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(i, N(values));
	canon_reader_close(&r);
	free(path);
}
END_TEST

START_TEST(test_same_rows_give_byte_identical_files)
{
	char *a = write_rows("a.copy"), *b = write_rows("b.copy");
	size_t la, lb;
	char *da = ut_read_file(a, &la), *db = ut_read_file(b, &lb);

	ck_assert_uint_eq(la, lb);
	ck_assert(!memcmp(da, db, la));
	ck_assert(!strncmp(da, CANON_MAGIC " test\t_submission\t_file\t_line\tname\tnote\n",
			   strlen(CANON_MAGIC) + 40));
	free(a);
	free(b);
	free(da);
	free(db);
}
END_TEST

START_TEST(test_raw_row_passes_through_unchanged)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	struct canon_writer w;
	char *in = write_rows("in.copy"), *out = ut_path(dir, "out.copy");
	size_t la, lb;
	char *da, *db;

	ck_assert_int_eq(canon_reader_open(&r, in, &err), 0);
	ck_assert_int_eq(canon_writer_open(&w, out, "test", cols, N(cols), &err), 0);
	while (canon_reader_next(&r, &err) == 1)
		ck_assert_int_eq(canon_writer_row(&w, r.line.data, r.line.len, &err), 0);
	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);
	canon_reader_close(&r);
	da = ut_read_file(in, &la);
	db = ut_read_file(out, &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(!memcmp(da, db, la));
	free(in);
	free(out);
	free(da);
	free(db);
}
END_TEST

START_TEST(test_wrong_field_count_is_an_internal_error)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = ut_path(dir, "w.copy");

	ck_assert_int_eq(canon_writer_open(&w, path, "test", cols, N(cols), &err), 0);
	ck_assert_int_eq(canon_writer_field(&w, "a", 1, &err), 0);
	ck_assert_int_eq(canon_writer_end_row(&w, &err), SLDS_EINTERNAL);
	canon_writer_abort(&w);
	ck_assert(!ut_exists(path));
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_abort_keeps_the_previous_file_and_leaves_no_part_file)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_writer w;
	char *path = write_rows("keep.copy"), *part = ut_path(dir, ".keep.copy.part");
	size_t before, after;
	char *old = ut_read_file(path, &before), *now;

	ck_assert_int_eq(canon_writer_open(&w, path, "test", cols, N(cols), &err), 0);
	ck_assert(ut_exists(part));
	canon_writer_abort(&w);
	ck_assert(!ut_exists(part));
	now = ut_read_file(path, &after);
	ck_assert_uint_eq(before, after);
	ck_assert(!memcmp(old, now, before));
	free(old);
	free(now);
	free(path);
	free(part);
}
END_TEST

struct bad_file {
	const char *what;
	const char *text;
	const char *message;
};

static const struct bad_file bad_files[] = {
	{ "no magic", "hello\tworld\n", "is not a canonical file" },
	{ "an empty file", "", "is not a canonical file" },
	{ "a header without columns", CANON_MAGIC " test\n", "has no columns in its header" },
	{ "too many fields", CANON_MAGIC " t\ta\tb\n1\t2\t3\n", "line 2 of file" },
	{ "too few fields", CANON_MAGIC " t\ta\tb\n1\n", "fewer fields than columns" },
	{ "an invalid escape", CANON_MAGIC " t\ta\n\\x\n", "invalid escape sequence" },
	{ "a backslash at the end", CANON_MAGIC " t\ta\nab\\\n", "backslash at end of field" },
	{ "a truncated last line", CANON_MAGIC " t\ta\nfine\ncut", "is truncated: line 3 has no end" },
};

START_TEST(test_bad_files_are_refused_with_edata)
{
	const struct bad_file *c = &bad_files[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	char *path = ut_path(dir, "bad.copy");
	int rc;

	ut_write_file(path, c->text, strlen(c->text));
	rc = canon_reader_open(&r, path, &err);
	while (rc == 0 || rc == 1)
		rc = canon_reader_next(&r, &err);
	ck_assert_msg(rc == SLDS_EDATA, "%s: rc %d", c->what, rc);
	ck_assert_msg(strstr(err.message, c->message), "%s: \"%s\"", c->what, err.message);
	canon_reader_close(&r);
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_missing_file_is_enoent)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct canon_reader r;
	char *path = ut_path(dir, "none.copy");

	ck_assert_int_eq(canon_reader_open(&r, path, &err), SLDS_ENOENT);
	canon_reader_close(&r);
	error_clear(&err);
	free(path);
}
END_TEST

START_TEST(test_copy_escape_escapes_the_four_specials)
{
	struct buf b = BUF_INIT(100);

	ck_assert_int_eq(copy_escape(&b, "a\tb\nc\rd\\e", 9), 0);
	ck_assert_str_eq(b.data, "a\\tb\\nc\\rd\\\\e");
	buf_release(&b);
	b = (struct buf)BUF_INIT(3);
	ck_assert_int_eq(copy_escape(&b, "\t\t", 2), SLDS_ELIMIT);
	buf_release(&b);
}
END_TEST

START_TEST(test_a_million_rows_read_back)
{
	struct slds_error err = SLDS_ERROR_INIT;
	static const char *const c2[] = { "a", "b" };
	struct canon_writer w;
	struct canon_reader r;
	char *path = ut_path(dir, "m.copy");
	unsigned long long n = 0;
	int rc;

	ck_assert_int_eq(canon_writer_open(&w, path, "m", c2, 2, &err), 0);
	for (n = 0; n < 1000000; n++) {
		canon_writer_field(&w, "x", 1, &err);
		canon_writer_null(&w, &err);
		ck_assert_int_eq(canon_writer_end_row(&w, &err), 0);
	}
	ck_assert_int_eq(canon_writer_commit(&w, &err), 0);
	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);
	for (n = 0; (rc = canon_reader_next(&r, &err)) == 1; n++)
		;
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(n, 1000000);
	canon_reader_close(&r);
	free(path);
}
END_TEST

static Suite *canon_suite(void)
{
	Suite *s = suite_create("canon");
	TCase *tc = tcase_create("files");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_rows_written_read_back_identical);
	tcase_add_test(tc, test_same_rows_give_byte_identical_files);
	tcase_add_test(tc, test_raw_row_passes_through_unchanged);
	tcase_add_test(tc, test_wrong_field_count_is_an_internal_error);
	tcase_add_test(tc, test_abort_keeps_the_previous_file_and_leaves_no_part_file);
	tcase_add_loop_test(tc, test_bad_files_are_refused_with_edata, 0, N(bad_files));
	tcase_add_test(tc, test_missing_file_is_enoent);
	tcase_add_test(tc, test_copy_escape_escapes_the_four_specials);
	tcase_add_test(tc, test_a_million_rows_read_back);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(canon_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

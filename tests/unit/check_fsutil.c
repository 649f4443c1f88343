/*
 * check_fsutil.c: unit tests for fsutil.c, atomic files and file helpers.
 *
 * Every test runs in a scratch directory of its own.  What matters most is
 * what a reader of the directory can see: the final name holds the old
 * complete file or the new complete file, never a part of one, and an
 * aborted write leaves no ".part" behind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "error.h"
#include "fsutil.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PATH_SIZE 4096

static char *tmpdir;

static void setup(void)
{
	tmpdir = ut_tmpdir();
}

static void teardown(void)
{
	ut_rmtree(tmpdir);
	free(tmpdir);
}

/* tmpdir/name into out. */
static const char *in_tmp(char out[PATH_SIZE], const char *name)
{
	snprintf(out, PATH_SIZE, "%s/%s", tmpdir, name);
	return out;
}

static void assert_file_is(const char *path, const void *data, size_t len)
{
	size_t got_len;
	char *got = ut_read_file(path, &got_len);

	ck_assert_uint_eq(got_len, len);
	if (len)
		ck_assert_mem_eq(got, data, len);
	free(got);
}

/* The message is before, then path, then after. */
static void assert_message_is(const struct slds_error *err, const char *before,
			      const char *path, const char *after)
{
	char expected[PATH_SIZE + 256];

	snprintf(expected, sizeof(expected), "%s%s%s", before, path, after);
	ck_assert_str_eq(err->message, expected);
}

/* atomic files */

START_TEST(test_atomic_file_commit_makes_file_appear_with_exact_bytes)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct slds_error err = SLDS_ERROR_INIT;
	char final[PATH_SIZE], part[PATH_SIZE];
	static const char bytes[] = "id,name\n1,\0binary\xff\n";
	struct stat st;
	mode_t mask;

	in_tmp(final, "out.csv");
	in_tmp(part, ".out.csv.part");
	ck_assert_int_eq(atomic_file_open(&f, final, &err), 0);
	ck_assert_int_ge(f.fd, 0);
	ck_assert_str_eq(f.path, final);
	ck_assert_str_eq(f.tmp_path, part);
	ck_assert_int_eq(atomic_file_write(&f, bytes, 10, &err), 0);
	ck_assert_int_eq(atomic_file_write(&f, bytes + 10, sizeof(bytes) - 10, &err), 0);
	ck_assert_int_eq(atomic_file_write(&f, "", 0, &err), 0);
	/* nothing under the final name until commit */
	ck_assert(!ut_exists(final));
	ck_assert(ut_exists(part));

	ck_assert_int_eq(atomic_file_commit(&f, &err), 0);
	ck_assert_ptr_null(err.message);
	assert_file_is(final, bytes, sizeof(bytes));
	ck_assert(!ut_exists(part));
	ck_assert_int_eq(f.fd, -1);
	ck_assert_ptr_null(f.path);
	ck_assert_ptr_null(f.tmp_path);

	mask = umask(0);
	umask(mask);
	ck_assert_int_eq(stat(final, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0644 & ~mask);
}
END_TEST

START_TEST(test_atomic_file_abort_leaves_neither_final_nor_part_file)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	char final[PATH_SIZE], part[PATH_SIZE];

	in_tmp(final, "out.csv");
	in_tmp(part, ".out.csv.part");
	ck_assert_int_eq(atomic_file_open(&f, final, NULL), 0);
	ck_assert_int_eq(atomic_file_write(&f, "half a file", 11, NULL), 0);
	atomic_file_abort(&f);
	ck_assert(!ut_exists(final));
	ck_assert(!ut_exists(part));
	ck_assert_int_eq(f.fd, -1);
	ck_assert_ptr_null(f.path);
	ck_assert_ptr_null(f.tmp_path);
}
END_TEST

START_TEST(test_atomic_file_abort_keeps_existing_final_file_unchanged)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	char final[PATH_SIZE], part[PATH_SIZE];

	in_tmp(final, "report.txt");
	in_tmp(part, ".report.txt.part");
	ut_write_file(final, "previous complete file\n", 23);
	ck_assert_int_eq(atomic_file_open(&f, final, NULL), 0);
	ck_assert_int_eq(atomic_file_write(&f, "new", 3, NULL), 0);
	/* the old file stays readable while the new one is written */
	assert_file_is(final, "previous complete file\n", 23);
	atomic_file_abort(&f);
	assert_file_is(final, "previous complete file\n", 23);
	ck_assert(!ut_exists(part));
}
END_TEST

START_TEST(test_atomic_file_commit_replaces_existing_final_file)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	char final[PATH_SIZE];

	in_tmp(final, "report.txt");
	ut_write_file(final, "a longer previous file\n", 23);
	ck_assert_int_eq(atomic_file_open(&f, final, NULL), 0);
	ck_assert_int_eq(atomic_file_write(&f, "new\n", 4, NULL), 0);
	ck_assert_int_eq(atomic_file_commit(&f, NULL), 0);
	assert_file_is(final, "new\n", 4);
}
END_TEST

START_TEST(test_atomic_file_abort_is_safe_twice_unopened_and_after_commit)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	char final[PATH_SIZE];

	atomic_file_abort(&f);
	atomic_file_abort(&f);
	in_tmp(final, "x");
	ck_assert_int_eq(atomic_file_open(&f, final, NULL), 0);
	ck_assert_int_eq(atomic_file_write(&f, "x", 1, NULL), 0);
	ck_assert_int_eq(atomic_file_commit(&f, NULL), 0);
	atomic_file_abort(&f);
	atomic_file_abort(&f);
	assert_file_is(final, "x", 1);
}
END_TEST

START_TEST(test_atomic_file_open_truncates_stale_part_file_of_killed_run)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	char final[PATH_SIZE], part[PATH_SIZE];

	in_tmp(final, "out.csv");
	in_tmp(part, ".out.csv.part");
	ut_write_file(part, "stale bytes of a run that was killed", 36);
	ck_assert_int_eq(atomic_file_open(&f, final, NULL), 0);
	ck_assert_int_eq(atomic_file_write(&f, "ok", 2, NULL), 0);
	ck_assert_int_eq(atomic_file_commit(&f, NULL), 0);
	assert_file_is(final, "ok", 2);
	ck_assert(!ut_exists(part));
}
END_TEST

START_TEST(test_atomic_file_open_in_missing_directory_fails_with_eio)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct slds_error err = SLDS_ERROR_INIT;
	char final[PATH_SIZE], part[PATH_SIZE];

	in_tmp(final, "nodir/out.csv");
	in_tmp(part, "nodir/.out.csv.part");
	ck_assert_int_eq(atomic_file_open(&f, final, &err), SLDS_EIO);
	ck_assert_int_eq(err.code, SLDS_EIO);
	assert_message_is(&err, "could not create file \"", part, "\": No such file or directory");
	ck_assert_int_eq(f.fd, -1);
	ck_assert_ptr_null(f.path);
	ck_assert_ptr_null(f.tmp_path);
	atomic_file_abort(&f);
	error_clear(&err);
}
END_TEST

START_TEST(test_atomic_file_open_of_directory_name_fails_with_eio)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct slds_error err = SLDS_ERROR_INIT;
	char final[PATH_SIZE];

	in_tmp(final, "sub/");
	ck_assert_int_eq(atomic_file_open(&f, final, &err), SLDS_EIO);
	assert_message_is(&err, "could not create file \"", final, "\": Is a directory");
	ck_assert_int_eq(f.fd, -1);
	atomic_file_abort(&f);
	error_clear(&err);
}
END_TEST

START_TEST(test_atomic_file_with_relative_name_commits_in_current_directory)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	char final[PATH_SIZE];

	ck_assert_int_eq(chdir(tmpdir), 0);
	ck_assert_int_eq(atomic_file_open(&f, "rel.csv", NULL), 0);
	ck_assert_str_eq(f.tmp_path, ".rel.csv.part");
	ck_assert_int_eq(atomic_file_write(&f, "r", 1, NULL), 0);
	ck_assert_int_eq(atomic_file_commit(&f, NULL), 0);
	assert_file_is(in_tmp(final, "rel.csv"), "r", 1);
}
END_TEST

START_TEST(test_atomic_file_commit_over_directory_fails_and_removes_part_file)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct slds_error err = SLDS_ERROR_INIT;
	char final[PATH_SIZE], part[PATH_SIZE];

	in_tmp(final, "taken");
	in_tmp(part, ".taken.part");
	ck_assert_int_eq(mkdir(final, 0755), 0);
	ck_assert_int_eq(atomic_file_open(&f, final, &err), 0);
	ck_assert_int_eq(atomic_file_write(&f, "x", 1, &err), 0);
	ck_assert_int_eq(atomic_file_commit(&f, &err), SLDS_EIO);
	ck_assert_int_eq(strncmp(err.message, "could not rename file \"", 23), 0);
	ck_assert(!ut_exists(part));
	ck_assert_ptr_null(f.path);
	atomic_file_abort(&f);
	error_clear(&err);
}
END_TEST

START_TEST(test_atomic_file_write_and_commit_on_closed_file_fail_with_eio)
{
	struct atomic_file f = ATOMIC_FILE_INIT;
	struct slds_error err = SLDS_ERROR_INIT;

	ck_assert_int_eq(atomic_file_write(&f, "x", 1, &err), SLDS_EIO);
	ck_assert_int_eq(atomic_file_commit(&f, &err), SLDS_EIO);
	error_clear(&err);
}
END_TEST

static const size_t whole_sizes[] = { 0, 1, 5, 65536, 200000 };

START_TEST(test_write_file_atomic_writes_whole_file)
{
	size_t size = whole_sizes[_i], i;
	char *data = malloc(size + 1);
	char final[PATH_SIZE], part[PATH_SIZE];

	for (i = 0; i < size; i++)
		data[i] = (char)(i * 7 + i / 251);
	in_tmp(final, "whole.bin");
	in_tmp(part, ".whole.bin.part");
	ck_assert_int_eq(write_file_atomic(final, data, size, NULL), 0);
	assert_file_is(final, data, size);
	ck_assert(!ut_exists(part));
	free(data);
}
END_TEST

START_TEST(test_write_file_atomic_into_missing_directory_fails_with_eio)
{
	struct slds_error err = SLDS_ERROR_INIT;
	char final[PATH_SIZE];

	in_tmp(final, "no/such/dir/file");
	ck_assert_int_eq(write_file_atomic(final, "x", 1, &err), SLDS_EIO);
	ck_assert_int_eq(strncmp(err.message, "could not create file \"", 23), 0);
	error_clear(&err);
}
END_TEST

/* read_file */

struct read_case {
	size_t size;
	size_t max;
	int result;
};

static const struct read_case read_cases[] = {
	{ 0, 10, 0 },
	{ 0, 0, 0 },
	{ 9, 10, 0 },
	{ 10, 10, 0 },
	{ 11, 10, SLDS_ELIMIT },
	{ 1, 0, SLDS_ELIMIT },
	{ 65535, 65536, 0 },
	{ 65536, 65536, 0 },
	{ 65537, 65536, SLDS_ELIMIT },
	{ 200000, 200000, 0 },
	{ 200001, 200000, SLDS_ELIMIT },
	{ 300000, 200000, SLDS_ELIMIT },
	{ 70000, SIZE_MAX, 0 },
};

START_TEST(test_read_file_reads_up_to_max_and_fails_with_elimit_beyond)
{
	const struct read_case *c = &read_cases[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	char path[PATH_SIZE], expected[64];
	char *data = malloc(c->size + 1), *out = NULL;
	size_t len = 12345, i;
	int r;

	for (i = 0; i < c->size; i++)
		data[i] = (char)('A' + i % 51);
	in_tmp(path, "in.dat");
	ut_write_file(path, data, c->size);
	r = read_file(path, c->max, &out, &len, &err);
	ck_assert_msg(r == c->result, "size %zu, max %zu: returned %d, expected %d",
		      c->size, c->max, r, c->result);
	if (r == 0) {
		ck_assert_ptr_nonnull(out);
		ck_assert_uint_eq(len, c->size);
		ck_assert_int_eq(out[len], '\0');
		if (len)
			ck_assert_mem_eq(out, data, len);
		free(out);
	} else {
		ck_assert_ptr_null(out);
		ck_assert_uint_eq(len, 12345);
		assert_message_is(&err, "file \"", path, "\" is too large");
		snprintf(expected, sizeof(expected), "The limit is %zu bytes.", c->max);
		ck_assert_str_eq(err.detail, expected);
	}
	free(data);
	error_clear(&err);
}
END_TEST

START_TEST(test_read_file_accepts_null_len)
{
	char path[PATH_SIZE];
	char *out = NULL;

	in_tmp(path, "in.txt");
	ut_write_file(path, "abc", 3);
	ck_assert_int_eq(read_file(path, 100, &out, NULL, NULL), 0);
	ck_assert_str_eq(out, "abc");
	free(out);
}
END_TEST

START_TEST(test_read_file_of_missing_file_fails_with_enoent)
{
	struct slds_error err = SLDS_ERROR_INIT;
	char path[PATH_SIZE];
	char *out = NULL;

	in_tmp(path, "missing.ini");
	ck_assert_int_eq(read_file(path, 100, &out, NULL, &err), SLDS_ENOENT);
	ck_assert_int_eq(err.code, SLDS_ENOENT);
	assert_message_is(&err, "could not open file \"", path, "\": No such file or directory");
	ck_assert_ptr_null(out);
	error_clear(&err);
}
END_TEST

START_TEST(test_read_file_of_directory_fails_with_eio)
{
	struct slds_error err = SLDS_ERROR_INIT;
	char *out = NULL;

	ck_assert_int_eq(read_file(tmpdir, 100, &out, NULL, &err), SLDS_EIO);
	assert_message_is(&err, "could not read file \"", tmpdir, "\": Is a directory");
	ck_assert_ptr_null(out);
	error_clear(&err);
}
END_TEST

START_TEST(test_read_file_reads_to_eof_when_size_is_unknown)
{
	size_t len = 0;
	char *out = NULL;

	ck_assert_int_eq(read_file("/dev/null", 100, &out, &len, NULL), 0);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(len, 0);
	free(out);
	/* /proc files report size 0 and hold text */
	if (ut_exists("/proc/self/status")) {
		ck_assert_int_eq(read_file("/proc/self/status", 1 << 20, &out, &len, NULL), 0);
		ck_assert_uint_gt(len, 0);
		ck_assert_int_eq(strncmp(out, "Name:", 5), 0);
		free(out);
	}
}
END_TEST

/* mkdir_p, path_join, is_dir */

START_TEST(test_mkdir_p_creates_nested_directories)
{
	char path[PATH_SIZE];

	in_tmp(path, "a/b/c/d");
	ck_assert_int_eq(mkdir_p(path, NULL), 0);
	ck_assert(is_dir(path));
	ck_assert(is_dir(in_tmp(path, "a/b")));
}
END_TEST

START_TEST(test_mkdir_p_of_existing_directory_succeeds)
{
	char path[PATH_SIZE];

	in_tmp(path, "a/b");
	ck_assert_int_eq(mkdir_p(path, NULL), 0);
	ck_assert_int_eq(mkdir_p(path, NULL), 0);
	ck_assert_int_eq(mkdir_p(tmpdir, NULL), 0);
	ck_assert_int_eq(mkdir_p("/", NULL), 0);
	ck_assert_int_eq(mkdir_p(".", NULL), 0);
}
END_TEST

START_TEST(test_mkdir_p_accepts_doubled_and_trailing_slashes)
{
	char path[PATH_SIZE];

	in_tmp(path, "x//y///z/");
	ck_assert_int_eq(mkdir_p(path, NULL), 0);
	ck_assert(is_dir(in_tmp(path, "x/y/z")));
}
END_TEST

START_TEST(test_mkdir_p_of_relative_path_creates_under_current_directory)
{
	char path[PATH_SIZE];

	ck_assert_int_eq(chdir(tmpdir), 0);
	ck_assert_int_eq(mkdir_p("r1/r2", NULL), 0);
	ck_assert(is_dir(in_tmp(path, "r1/r2")));
}
END_TEST

START_TEST(test_mkdir_p_through_a_file_fails_with_eio_naming_it)
{
	struct slds_error err = SLDS_ERROR_INIT;
	char file[PATH_SIZE], path[PATH_SIZE];

	in_tmp(file, "plain");
	ut_write_file(file, "x", 1);
	in_tmp(path, "plain/sub");
	ck_assert_int_eq(mkdir_p(path, &err), SLDS_EIO);
	assert_message_is(&err, "could not create directory \"", file, "\": Not a directory");
	error_clear(&err);
	ck_assert_int_eq(mkdir_p(file, &err), SLDS_EIO);
	assert_message_is(&err, "could not create directory \"", file, "\": Not a directory");
	error_clear(&err);
}
END_TEST

START_TEST(test_mkdir_p_of_empty_path_fails_with_eio)
{
	struct slds_error err = SLDS_ERROR_INIT;

	ck_assert_int_eq(mkdir_p("", &err), SLDS_EIO);
	ck_assert_str_eq(err.message, "could not create directory \"\": No such file or directory");
	error_clear(&err);
}
END_TEST

struct join_case {
	const char *dir, *name, *joined;
};

static const struct join_case join_cases[] = {
	{ "a", "b", "a/b" },
	{ "a/", "b", "a/b" },
	{ "a//", "b", "a/b" },
	{ "a", "/b", "a/b" },
	{ "a/", "/b", "a/b" },
	{ "/", "b", "/b" },
	{ "//", "b", "/b" },
	{ "", "b", "b" },
	{ "/srv/slds/in", "students.csv", "/srv/slds/in/students.csv" },
	{ "a", "b/c", "a/b/c" },
	{ "a", "", "a/" },
};

START_TEST(test_path_join_puts_exactly_one_slash_between)
{
	const struct join_case *c = &join_cases[_i];
	char *p = path_join(c->dir, c->name);

	ck_assert_msg(!strcmp(p, c->joined), "path_join(\"%s\", \"%s\") = \"%s\", expected \"%s\"",
		      c->dir, c->name, p, c->joined);
	free(p);
}
END_TEST

START_TEST(test_is_dir_is_true_only_for_existing_directories)
{
	char path[PATH_SIZE];

	ck_assert_int_eq(is_dir(tmpdir), 1);
	ck_assert_int_eq(is_dir("/"), 1);
	ut_write_file(in_tmp(path, "file"), "x", 1);
	ck_assert_int_eq(is_dir(path), 0);
	ck_assert_int_eq(is_dir(in_tmp(path, "missing")), 0);
	ck_assert_int_eq(is_dir(""), 0);
}
END_TEST

static Suite *fsutil_suite(void)
{
	Suite *s = suite_create("fsutil");
	TCase *tc;

	tc = tcase_create("atomic");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_atomic_file_commit_makes_file_appear_with_exact_bytes);
	tcase_add_test(tc, test_atomic_file_abort_leaves_neither_final_nor_part_file);
	tcase_add_test(tc, test_atomic_file_abort_keeps_existing_final_file_unchanged);
	tcase_add_test(tc, test_atomic_file_commit_replaces_existing_final_file);
	tcase_add_test(tc, test_atomic_file_abort_is_safe_twice_unopened_and_after_commit);
	tcase_add_test(tc, test_atomic_file_open_truncates_stale_part_file_of_killed_run);
	tcase_add_test(tc, test_atomic_file_open_in_missing_directory_fails_with_eio);
	tcase_add_test(tc, test_atomic_file_open_of_directory_name_fails_with_eio);
	tcase_add_test(tc, test_atomic_file_with_relative_name_commits_in_current_directory);
	tcase_add_test(tc, test_atomic_file_commit_over_directory_fails_and_removes_part_file);
	tcase_add_test(tc, test_atomic_file_write_and_commit_on_closed_file_fail_with_eio);
	tcase_add_loop_test(tc, test_write_file_atomic_writes_whole_file, 0, N(whole_sizes));
	tcase_add_test(tc, test_write_file_atomic_into_missing_directory_fails_with_eio);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_read_file_reads_up_to_max_and_fails_with_elimit_beyond,
			    0, N(read_cases));
	tcase_add_test(tc, test_read_file_accepts_null_len);
	tcase_add_test(tc, test_read_file_of_missing_file_fails_with_enoent);
	tcase_add_test(tc, test_read_file_of_directory_fails_with_eio);
	tcase_add_test(tc, test_read_file_reads_to_eof_when_size_is_unknown);
	suite_add_tcase(s, tc);

	tc = tcase_create("paths");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_mkdir_p_creates_nested_directories);
	tcase_add_test(tc, test_mkdir_p_of_existing_directory_succeeds);
	tcase_add_test(tc, test_mkdir_p_accepts_doubled_and_trailing_slashes);
	tcase_add_test(tc, test_mkdir_p_of_relative_path_creates_under_current_directory);
	tcase_add_test(tc, test_mkdir_p_through_a_file_fails_with_eio_naming_it);
	tcase_add_test(tc, test_mkdir_p_of_empty_path_fails_with_eio);
	tcase_add_loop_test(tc, test_path_join_puts_exactly_one_slash_between, 0, N(join_cases));
	tcase_add_test(tc, test_is_dir_is_true_only_for_existing_directories);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fsutil_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

/*
 * check_manifest.c: unit tests for manifest.c, submission manifests and the
 * summaries stages pass on.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "error.h"
#include "manifest.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char *dir, *path;

static void setup(void)
{
	dir = ut_tmpdir();
	path = ut_path(dir, MANIFEST_NAME);
}

static void teardown(void)
{
	ut_rmtree(dir);
	free(dir);
	free(path);
}

static int read_text(const char *text, struct manifest *m, struct slds_error *err)
{
	ut_write_file(path, text, strlen(text));
	return manifest_read(m, path, err);
}

START_TEST(test_a_good_manifest_is_read)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m;

	ck_assert_int_eq(read_text("# c\nlea = 0101\nschool_year = 2026-27\ncollection = october-1\n"
				   "[file s.csv]\nrecord = student\nformat = csv\n"
				   "sha256 = 3A7BD3E2360A3D29EEA436FCFB7E44C735D117C42D1C1835420B6B9942DD4F1B\n"
				   "[file e.csv]\nrecord = enrollment\nformat = csv\n", &m, &err), 0);
	ck_assert_str_eq(m.lea_id, "0101");
	ck_assert_int_eq(m.school_year, 2027);
	ck_assert_str_eq(m.collection, "october-1");
	ck_assert_ptr_null(m.submission);
	ck_assert_uint_eq(m.nfiles, 2);
	ck_assert_str_eq(m.files[0].name, "s.csv");
	ck_assert_str_eq(m.files[0].record, "student");
	ck_assert_uint_eq(m.files[0].line, 5);
	ck_assert_ptr_nonnull(m.files[0].sha256);
	ck_assert_ptr_null(m.files[1].sha256);
	ck_assert_str_eq(m.files[1].record, "enrollment");
	manifest_release(&m);
}
END_TEST

struct bad_case {
	const char *what;
	const char *text;
	const char *message;
};

#define TOP "lea = 0101\nschool_year = 2027\ncollection = daily\n"
#define FILE1 "[file s.csv]\nrecord = student\nformat = csv\n"

static const struct bad_case bad[] = {
	{ "an unknown key", TOP "colour = blue\n" FILE1, ":4: unknown key \"colour\"" },
	{ "a key given twice", TOP "lea = 0202\n" FILE1, ":4: \"lea\" is given twice" },
	{ "an unknown record type", TOP "[file s.csv]\nrecord = pupil\nformat = csv\n",
	  ":5: unknown record type \"pupil\"" },
	{ "an unknown format", TOP "[file s.csv]\nrecord = student\nformat = xlsx\n",
	  ":6: unknown format \"xlsx\"" },
	{ "a bad sha256", TOP FILE1 "sha256 = 12ab\n", ":7: sha256 must be 64 hexadecimal digits" },
	{ "no lea", "school_year = 2027\ncollection = daily\n" FILE1, "lea is missing" },
	{ "no school year", "lea = 0101\ncollection = daily\n" FILE1, "school_year is missing" },
	{ "no collection", "lea = 0101\nschool_year = 2027\n" FILE1, "collection is missing" },
	{ "an invalid collection", "lea = 0101\nschool_year = 2027\ncollection = weekly\n" FILE1,
	  ":3: collection \"weekly\" is not one of" },
	{ "an invalid school year", "lea = 0101\nschool_year = 2026-28\ncollection = daily\n" FILE1,
	  ":2: school_year \"2026-28\" is not a school year" },
	{ "an invalid lea", "lea = 01 01\nschool_year = 2027\ncollection = daily\n" FILE1,
	  ":1: lea \"01 01\" may contain only" },
	{ "no files", TOP, "no files are listed" },
	{ "a file without record type", TOP "[file s.csv]\nformat = csv\n",
	  ":4: file \"s.csv\" has no record type" },
	{ "an empty file section", TOP "[file s.csv]\n", ":4: file \"s.csv\" has no record type" },
	{ "a file without format", TOP "[file s.csv]\nrecord = student\n",
	  ":4: file \"s.csv\" has no format" },
	{ "a file listed twice", TOP FILE1 FILE1, ":7: file \"s.csv\" is listed twice" },
	{ "a file in another folder", TOP "[file ../s.csv]\nrecord = student\nformat = csv\n",
	  ":4: invalid file name \"../s.csv\"" },
	{ "a file named ..", TOP "[file ..]\nrecord = student\nformat = csv\n",
	  ":4: invalid file name \"..\"" },
	{ "an unknown section", TOP "[files]\n", ":4: unknown section [files]" },
};

START_TEST(test_bad_manifests_are_refused_with_line)
{
	const struct bad_case *c = &bad[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m;
	int rc = read_text(c->text, &m, &err);

	ck_assert_msg(rc == SLDS_EDATA, "%s: rc %d", c->what, rc);
	ck_assert_msg(err.message && strstr(err.message, c->message), "%s: \"%s\"", c->what,
		      err.message ? err.message : "(none)");
	ck_assert_msg(strstr(err.message, path), "%s: path not named", c->what);
	manifest_release(&m);
	error_clear(&err);
}
END_TEST

START_TEST(test_a_missing_manifest_is_enoent)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m;

	ck_assert_int_eq(manifest_read(&m, path, &err), SLDS_ENOENT);
	manifest_release(&m);
	error_clear(&err);
}
END_TEST

START_TEST(test_write_read_and_copy_round_trip)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m, back, copy = MANIFEST_INIT;
	char *out = ut_path(dir, SUBMISSION_NAME);

	ck_assert_int_eq(read_text(TOP FILE1 "[file e.csv]\nrecord = enrollment\nformat = csv\n",
				   &m, &err), 0);
	m.submission = strdup("0101/x");
	m.files[0].size = 123;
	m.files[0].rows = 4;
	m.files[0].rejected = 1;
	ck_assert_int_eq(manifest_write(&m, out, &err), 0);
	ck_assert_int_eq(manifest_read(&back, out, &err), 0);
	ck_assert_str_eq(back.submission, "0101/x");
	ck_assert_str_eq(back.lea_id, "0101");
	ck_assert_uint_eq(back.nfiles, 2);
	ck_assert_uint_eq(back.files[0].size, 123);
	ck_assert_uint_eq(back.files[0].rows, 4);
	ck_assert_uint_eq(back.files[0].rejected, 1);
	manifest_copy(&copy, &back);
	manifest_release(&back);
	ck_assert_str_eq(copy.files[1].name, "e.csv");
	ck_assert_str_eq(copy.submission, "0101/x");
	manifest_release(&copy);
	manifest_release(&m);
	free(out);
}
END_TEST

struct year_case {
	const char *in;
	int ok, year;
};

static const struct year_case years[] = {
	{ "2027", 1, 2027 }, { "2026-27", 1, 2027 }, { "2026-2027", 1, 2027 },
	{ "1999-00", 1, 2000 }, { "2026-28", 0, 0 }, { "2026-2028", 0, 0 }, { "1989", 0, 0 },
	{ "27", 0, 0 }, { "2027 ", 0, 0 }, { "", 0, 0 }, { "2026/27", 0, 0 },
};

START_TEST(test_parse_school_year_table)
{
	const struct year_case *c = &years[_i];
	int y = 0;

	ck_assert_msg((parse_school_year(c->in, &y) == 0) == c->ok, "\"%s\"", c->in);
	if (c->ok)
		ck_assert_int_eq(y, c->year);
}
END_TEST

static Suite *manifest_suite(void)
{
	Suite *s = suite_create("manifest");
	TCase *tc = tcase_create("manifest");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_a_good_manifest_is_read);
	tcase_add_loop_test(tc, test_bad_manifests_are_refused_with_line, 0, N(bad));
	tcase_add_test(tc, test_a_missing_manifest_is_enoent);
	tcase_add_test(tc, test_write_read_and_copy_round_trip);
	tcase_add_loop_test(tc, test_parse_school_year_table, 0, N(years));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(manifest_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

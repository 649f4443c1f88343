/*
 * check_manifest.c: unit tests for manifest.c, submission manifests and the
 * summaries stages pass on.
 *
 * A manifest comes from a district, so most of this file is a table of
 * broken manifests: each must be refused with SLDS_EDATA and a message that
 * names the file and, where the fault sits on a line, "PATH:LINE:", so that
 * the district can find it.  Then the summary round trip (write, read back,
 * copy) and the school-year parser's edge cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "buf.h"
#include "error.h"
#include "manifest.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char *path;	/* the manifest, in the test's scratch directory */

static void setup(void)
{
	path = ut_path(ut_dir, MANIFEST_NAME);
}

static void teardown(void)
{
	free(path);
}

static int read_text(const char *text, struct manifest *m, struct slds_error *err)
{
	ut_write_file(path, text, strlen(text));
	return manifest_read(m, path, err);
}

#define SHA "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b"

/* Good manifests */

static const char *const good_years[] = { "2027", "2026-27", "2026-2027" };

START_TEST(test_good_manifest_gives_lea_year_collection_and_files_in_order)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m;
	char text[1024];
	int rc;

	snprintf(text, sizeof(text),
		 "# submission of LEA 0101\n"		/* 1 */
		 "lea = 0101\n"				/* 2 */
		 "school_year = %s\n"			/* 3 */
		 "collection = october-1\n"		/* 4 */
		 "\n"					/* 5 */
		 "[file students.csv]\n"		/* 6 */
		 "record = student\n"			/* 7 */
		 "format = csv\n"			/* 8 */
		 "sha256 = " SHA "\n"			/* 9 */
		 "; a comment\n"			/* 10 */
		 "[file enroll 2027.csv]\n"		/* 11 */
		 "format = csv\n"			/* 12 */
		 "record = enrollment\n"		/* 13 */
		 "[file more.csv]\n"			/* 14 */
		 "record = student\n"			/* 15 */
		 "format = csv\n",			/* 16 */
		 good_years[_i]);
	rc = read_text(text, &m, &err);
	ck_assert_msg(rc == 0, "school_year %s: %s", good_years[_i], err.message);
	ck_assert_ptr_null(err.message);
	ck_assert_str_eq(m.lea_id, "0101");
	ck_assert_int_eq(m.school_year, 2027);
	ck_assert_str_eq(m.collection, "october-1");
	ck_assert_ptr_null(m.submission);
	ck_assert_uint_eq(m.nfiles, 3);

	ck_assert_str_eq(m.files[0].name, "students.csv");
	ck_assert_str_eq(m.files[0].record, "student");
	ck_assert_str_eq(m.files[0].format, "csv");
	ck_assert_str_eq(m.files[0].sha256, SHA);
	ck_assert_uint_eq(m.files[0].line, 6);

	ck_assert_str_eq(m.files[1].name, "enroll 2027.csv");
	ck_assert_str_eq(m.files[1].record, "enrollment");
	ck_assert_str_eq(m.files[1].format, "csv");
	ck_assert_ptr_null(m.files[1].sha256);
	ck_assert_uint_eq(m.files[1].line, 11);

	ck_assert_str_eq(m.files[2].name, "more.csv");
	ck_assert_uint_eq(m.files[2].line, 14);
	ck_assert_uint_eq(m.files[2].size, 0);
	ck_assert_uint_eq(m.files[2].rows, 0);
	ck_assert_uint_eq(m.files[2].rejected, 0);
	manifest_release(&m);
	ck_assert_ptr_null(m.files);
	ck_assert_uint_eq(m.nfiles, 0);
}
END_TEST

START_TEST(test_uppercase_sha256_and_crlf_lines_are_accepted)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m;

	ck_assert_int_eq(read_text("lea = A-01\r\nschool_year = 2027\r\ncollection = year-end\r\n"
				   "[file s.csv]\r\nrecord = student\r\nformat = csv\r\n"
				   "sha256 = 3A7BD3E2360A3D29EEA436FCFB7E44C735D117C42D1C1835420B6B9942DD4F1B\r\n",
				   &m, &err), 0);
	ck_assert_str_eq(m.lea_id, "A-01");
	ck_assert_str_eq(m.collection, "year-end");
	ck_assert_str_eq(m.files[0].sha256,
			 "3A7BD3E2360A3D29EEA436FCFB7E44C735D117C42D1C1835420B6B9942DD4F1B");
	manifest_release(&m);
}
END_TEST

/* Broken manifests */

struct bad_case {
	const char *what;
	const char *text;
	unsigned line;		/* the line the message must name, 0 if none applies */
	const char *message;	/* a part of the message */
};

#define TOP "lea = 0101\nschool_year = 2027\ncollection = daily\n"
#define FILE1 "[file s.csv]\nrecord = student\nformat = csv\n"

static const struct bad_case bad_cases[] = {
	{ "an unknown key", TOP "colour = blue\n" FILE1, 4, "unknown key \"colour\"" },
	{ "an unknown key in a file section", TOP FILE1 "colour = blue\n", 7,
	  "unknown key \"colour\"" },
	{ "a top-level key inside a file section", TOP FILE1 "lea = 0101\n", 7,
	  "unknown key \"lea\"" },
	{ "lea given twice", TOP "lea = 0202\n" FILE1, 4, "\"lea\" is given twice" },
	{ "school_year given twice", TOP "school_year = 2027\n" FILE1, 4,
	  "\"school_year\" is given twice" },
	{ "collection given twice", TOP "collection = daily\n" FILE1, 4,
	  "\"collection\" is given twice" },
	{ "submission given twice", "submission = a/b\nsubmission = a/b\n" TOP FILE1, 2,
	  "\"submission\" is given twice" },
	{ "record given twice", TOP FILE1 "record = student\n", 7, "\"record\" is given twice" },
	{ "format given twice", TOP FILE1 "format = csv\n", 7, "\"format\" is given twice" },
	{ "sha256 given twice", TOP FILE1 "sha256 = " SHA "\nsha256 = " SHA "\n", 8,
	  "\"sha256\" is given twice" },
	{ "an unknown record type", TOP "[file s.csv]\nrecord = pupil\nformat = csv\n", 5,
	  "unknown record type \"pupil\"" },
	{ "a record type in the wrong case", TOP "[file s.csv]\nrecord = Student\nformat = csv\n",
	  5, "unknown record type \"Student\"" },
	{ "an unknown format", TOP "[file s.csv]\nrecord = student\nformat = xlsx\n", 6,
	  "unknown format \"xlsx\"" },
	{ "a short sha256", TOP FILE1 "sha256 = 12ab\n", 7, "sha256 must be 64 hexadecimal digits" },
	{ "a long sha256", TOP FILE1 "sha256 = " SHA "0\n", 7,
	  "sha256 must be 64 hexadecimal digits" },
	{ "a sha256 with a non-hex digit", TOP FILE1
	  "sha256 = ga7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b\n", 7,
	  "sha256 must be 64 hexadecimal digits" },
	{ "an empty sha256", TOP FILE1 "sha256 =\n", 7, "sha256 must be 64 hexadecimal digits" },
	{ "a count that is not a number", TOP FILE1 "rows = many\n", 7, "rows \"many\" is not a count" },
	{ "a negative count", TOP FILE1 "size = -1\n", 7, "size \"-1\" is not a count" },
	{ "no lea", "school_year = 2027\ncollection = daily\n" FILE1, 0, "lea is missing" },
	{ "no school_year", "lea = 0101\ncollection = daily\n" FILE1, 0, "school_year is missing" },
	{ "no collection", "lea = 0101\nschool_year = 2027\n" FILE1, 0, "collection is missing" },
	{ "an invalid collection", "lea = 0101\nschool_year = 2027\ncollection = weekly\n" FILE1,
	  3, "collection \"weekly\" is not one of" },
	{ "a collection in the wrong case", "lea = 0101\nschool_year = 2027\ncollection = Daily\n"
	  FILE1, 3, "collection \"Daily\" is not one of" },
	{ "an invalid school_year", "lea = 0101\nschool_year = 2026-28\ncollection = daily\n" FILE1,
	  2, "school_year \"2026-28\" is not a school year" },
	{ "an empty school_year", "lea = 0101\nschool_year =\ncollection = daily\n" FILE1,
	  2, "school_year \"\" is not a school year" },
	{ "an lea with a space", "lea = 01 01\nschool_year = 2027\ncollection = daily\n" FILE1,
	  1, "lea \"01 01\" may contain only" },
	{ "an empty lea", "lea =\nschool_year = 2027\ncollection = daily\n" FILE1,
	  1, "lea must be 1 to 16 characters" },
	{ "an lea of 17 characters", "lea = 01234567890123456\nschool_year = 2027\n"
	  "collection = daily\n" FILE1, 1, "lea must be 1 to 16 characters" },
	{ "no files", TOP, 0, "no files are listed" },
	{ "an empty manifest", "", 0, "lea is missing" },
	{ "a file section without record", TOP "[file s.csv]\nformat = csv\n", 4,
	  "file \"s.csv\" has no record type" },
	{ "a file section without format", TOP "[file s.csv]\nrecord = student\n", 4,
	  "file \"s.csv\" has no format" },
	{ "an empty file section at the end", TOP FILE1 "[file x.csv]\n", 7,
	  "file \"x.csv\" has no record type" },
	{ "an empty file section between two others", TOP "[file x.csv]\n" FILE1, 4,
	  "file \"x.csv\" has no record type" },
	{ "a file listed twice", TOP FILE1 FILE1, 7, "file \"s.csv\" is listed twice" },
	{ "a file name with a directory", TOP "[file sub/s.csv]\nrecord = student\nformat = csv\n",
	  4, "invalid file name \"sub/s.csv\"" },
	{ "a file name going up", TOP "[file ../s.csv]\nrecord = student\nformat = csv\n", 4,
	  "invalid file name \"../s.csv\"" },
	{ "an absolute file name", TOP "[file /etc/passwd]\nrecord = student\nformat = csv\n", 4,
	  "invalid file name \"/etc/passwd\"" },
	{ "a file named ..", TOP "[file ..]\nrecord = student\nformat = csv\n", 4,
	  "invalid file name \"..\"" },
	{ "a file named .", TOP "[file .]\nrecord = student\nformat = csv\n", 4,
	  "invalid file name \".\"" },
	{ "an unknown section", TOP "[files]\n", 4, "unknown section [files]" },
	{ "an unknown section after a file", TOP FILE1 "[school 0101]\nname = x\n", 7,
	  "unknown section [school 0101]" },
	{ "a syntax error", TOP "lea: 0101\n" FILE1, 4, "syntax error" },
};

static void assert_names_file_and_line(const struct slds_error *err, unsigned line,
				       const char *what)
{
	ck_assert_ptr_nonnull(err->message);
	ck_assert_msg(strstr(err->message, path), "%s: message \"%s\" does not name the file",
		      what, err->message);
	if (line) {
		char at[64];

		snprintf(at, sizeof(at), "%s:%u:", MANIFEST_NAME, line);
		ck_assert_msg(strstr(err->message, at), "%s: message \"%s\" does not name line %u",
			      what, err->message, line);
	}
}

START_TEST(test_broken_manifest_gives_edata_naming_file_and_line)
{
	const struct bad_case *c = &bad_cases[_i];
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m;
	int rc = read_text(c->text, &m, &err);

	ck_assert_msg(rc == SLDS_EDATA, "%s: returned %d, expected SLDS_EDATA", c->what, rc);
	ck_assert_int_eq(err.code, SLDS_EDATA);
	ck_assert_ptr_nonnull(err.message);
	ck_assert_msg(strstr(err.message, c->message), "%s: message \"%s\" lacks \"%s\"",
		      c->what, err.message, c->message);
	assert_names_file_and_line(&err, c->line, c->what);
	manifest_release(&m);
	error_clear(&err);
}
END_TEST

/*
 * size, rows and rejected given twice in one file section: the other keys
 * are refused when repeated ("is given twice"), these are silently
 * overwritten, so a summary with two row counts is read as the last one.
 */
static const char *const count_keys[] = { "size", "rows", "rejected" };

START_TEST(test_count_key_given_twice_in_file_section_gives_edata)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m;
	char text[512];
	int rc;

	snprintf(text, sizeof(text), TOP FILE1 "%s = 1\n%s = 2\n", count_keys[_i], count_keys[_i]);
	rc = read_text(text, &m, &err);
	ck_assert_msg(rc == SLDS_EDATA, "\"%s\" given twice: returned %d (value %llu), expected SLDS_EDATA",
		      count_keys[_i], rc,
		      m.nfiles ? (_i == 0 ? m.files[0].size : _i == 1 ? m.files[0].rows
					    : m.files[0].rejected) : 0ULL);
	ck_assert_ptr_nonnull(strstr(err.message, "is given twice"));
	assert_names_file_and_line(&err, 8, count_keys[_i]);
	manifest_release(&m);
	error_clear(&err);
}
END_TEST

START_TEST(test_more_than_max_files_gives_edata)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf text = BUF_INIT(1 << 20);
	struct manifest m;
	int i;

	buf_adds(&text, TOP);
	for (i = 0; i <= MANIFEST_MAX_FILES; i++)
		buf_addf(&text, "[file f%d.csv]\nrecord = student\nformat = csv\n", i);
	ck_assert_int_eq(read_text(text.data, &m, &err), SLDS_EDATA);
	ck_assert_ptr_nonnull(strstr(err.message, "more than 64 files"));
	/* The 65th [file] header: 3 top lines, then 3 lines per file. */
	assert_names_file_and_line(&err, 4 + 3 * MANIFEST_MAX_FILES, "65 files");
	manifest_release(&m);
	error_clear(&err);
	buf_release(&text);
}
END_TEST

START_TEST(test_exactly_max_files_are_read)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct buf text = BUF_INIT(1 << 20);
	struct manifest m;
	int i;

	buf_adds(&text, TOP);
	for (i = 0; i < MANIFEST_MAX_FILES; i++)
		buf_addf(&text, "[file f%d.csv]\nrecord = student\nformat = csv\n", i);
	ck_assert_int_eq(read_text(text.data, &m, &err), 0);
	ck_assert_uint_eq(m.nfiles, MANIFEST_MAX_FILES);
	ck_assert_str_eq(m.files[MANIFEST_MAX_FILES - 1].name, "f63.csv");
	manifest_release(&m);
	buf_release(&text);
}
END_TEST

START_TEST(test_missing_manifest_gives_enoent)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m;

	ck_assert_int_eq(manifest_read(&m, path, &err), SLDS_ENOENT);
	ck_assert_int_eq(err.code, SLDS_ENOENT);
	ck_assert_ptr_nonnull(strstr(err.message, path));
	manifest_release(&m);
	error_clear(&err);
}
END_TEST

/* Summaries: write, read back, copy */

static void fill(struct manifest *m)
{
	*m = (struct manifest)MANIFEST_INIT;
	m->submission = strdup("0101/2026-10-01");
	m->lea_id = strdup("0101");
	m->school_year = 2027;
	m->collection = strdup("december-1");
	m->nfiles = 2;
	m->files = calloc(2, sizeof(*m->files));
	ck_assert_ptr_nonnull(m->files);
	m->files[0].name = strdup("students.csv");
	m->files[0].record = strdup("student");
	m->files[0].format = strdup("csv");
	m->files[0].sha256 = strdup(SHA);
	m->files[0].size = 18446744073709551615ULL >> 1;	/* INT64_MAX */
	m->files[0].rows = 123456;
	m->files[0].rejected = 7;
	m->files[1].name = strdup("enrollments.csv");
	m->files[1].record = strdup("enrollment");
	m->files[1].format = strdup("csv");
	m->files[1].size = 0;
	m->files[1].rows = 0;
	m->files[1].rejected = 0;
	ck_assert_ptr_nonnull(m->submission);
	ck_assert_ptr_nonnull(m->files[1].format);
}

static void assert_same(const struct manifest *a, const struct manifest *b)
{
	size_t i;

	ck_assert_str_eq(a->submission, b->submission);
	ck_assert_str_eq(a->lea_id, b->lea_id);
	ck_assert_int_eq(a->school_year, b->school_year);
	ck_assert_str_eq(a->collection, b->collection);
	ck_assert_uint_eq(a->nfiles, b->nfiles);
	for (i = 0; i < a->nfiles; i++) {
		const struct manifest_file *x = &a->files[i], *y = &b->files[i];

		ck_assert_str_eq(x->name, y->name);
		ck_assert_str_eq(x->record, y->record);
		ck_assert_str_eq(x->format, y->format);
		if (x->sha256 || y->sha256) {
			ck_assert_ptr_nonnull(x->sha256);
			ck_assert_ptr_nonnull(y->sha256);
			ck_assert_str_eq(x->sha256, y->sha256);
		}
		ck_assert_uint_eq(x->size, y->size);
		ck_assert_uint_eq(x->rows, y->rows);
		ck_assert_uint_eq(x->rejected, y->rejected);
	}
}

START_TEST(test_manifest_write_then_read_gives_the_same_summary)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m, back;
	char *out = ut_path(ut_dir, SUBMISSION_NAME), *part = ut_path(ut_dir, "." SUBMISSION_NAME ".part");

	fill(&m);
	ck_assert_int_eq(manifest_write(&m, out, &err), 0);
	ck_assert_msg(manifest_read(&back, out, &err) == 0, "%s", err.message);
	assert_same(&m, &back);
	ck_assert_ptr_null(back.files[1].sha256);
	ck_assert_uint_gt(back.files[0].line, 0);
	ck_assert_uint_gt(back.files[1].line, back.files[0].line);
	ck_assert(!ut_exists(part));
	manifest_release(&back);
	manifest_release(&m);
	free(part);
	free(out);
}
END_TEST

START_TEST(test_manifest_write_twice_gives_byte_identical_files)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct manifest m;
	char *a = ut_path(ut_dir, "a.ini"), *b = ut_path(ut_dir, "b.ini"), *da, *db;
	size_t la, lb;

	fill(&m);
	ck_assert_int_eq(manifest_write(&m, a, &err), 0);
	ck_assert_int_eq(manifest_write(&m, b, &err), 0);
	da = ut_read_file(a, &la);
	db = ut_read_file(b, &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(!memcmp(da, db, la));
	ck_assert_ptr_nonnull(strstr(da, "\n[file students.csv]\nrecord = student\n"));
	free(da);
	free(db);
	free(a);
	free(b);
	manifest_release(&m);
}
END_TEST

START_TEST(test_manifest_copy_is_deep_and_both_release_cleanly)
{
	struct manifest m, copy = MANIFEST_INIT, expect;
	size_t i;

	fill(&m);
	fill(&expect);
	manifest_copy(&copy, &m);
	assert_same(&copy, &m);
	ck_assert_ptr_ne(copy.submission, m.submission);
	ck_assert_ptr_ne(copy.lea_id, m.lea_id);
	ck_assert_ptr_ne(copy.collection, m.collection);
	ck_assert_ptr_ne(copy.files, m.files);
	for (i = 0; i < m.nfiles; i++) {
		ck_assert_ptr_ne(copy.files[i].name, m.files[i].name);
		ck_assert_ptr_ne(copy.files[i].record, m.files[i].record);
		ck_assert_ptr_ne(copy.files[i].format, m.files[i].format);
	}
	ck_assert_ptr_ne(copy.files[0].sha256, m.files[0].sha256);
	ck_assert_ptr_null(copy.files[1].sha256);
	/* The copy outlives its source (ASan reports any shared pointer). */
	manifest_release(&m);
	assert_same(&copy, &expect);
	manifest_release(&copy);
	manifest_release(&expect);
}
END_TEST

START_TEST(test_manifest_copy_of_an_lea_manifest_without_submission_or_files)
{
	struct manifest m = MANIFEST_INIT, copy = MANIFEST_INIT;

	m.lea_id = strdup("0101");
	m.school_year = 2027;
	m.collection = strdup("daily");
	manifest_copy(&copy, &m);
	ck_assert_ptr_null(copy.submission);
	ck_assert_ptr_null(copy.files);
	ck_assert_uint_eq(copy.nfiles, 0);
	ck_assert_str_eq(copy.lea_id, "0101");
	manifest_release(&m);
	manifest_release(&copy);
	/* Releasing a released manifest is harmless. */
	manifest_release(&copy);
}
END_TEST

/* Collections and school years */

struct collection_case {
	const char *name;
	int valid;
};

static const struct collection_case collection_cases[] = {
	{ "daily", 1 }, { "october-1", 1 }, { "december-1", 1 }, { "year-end", 1 },
	{ "Daily", 0 }, { "october_1", 0 }, { "october-", 0 }, { "", 0 }, { "daily ", 0 },
	{ "weekly", 0 },
};

START_TEST(test_manifest_collection_valid_table)
{
	const struct collection_case *c = &collection_cases[_i];

	ck_assert_msg(manifest_collection_valid(c->name) == c->valid,
		      "manifest_collection_valid(\"%s\") should be %d", c->name, c->valid);
}
END_TEST

struct year_case {
	const char *in;
	int ok;
	int year;
};

static const struct year_case year_cases[] = {
	{ "2027", 1, 2027 },
	{ "2026-27", 1, 2027 },
	{ "2026-2027", 1, 2027 },
	{ "1999-00", 1, 2000 },		/* across a century */
	{ "1999-2000", 1, 2000 },
	{ "1990", 1, 1990 },		/* the first year allowed */
	{ "1989-90", 1, 1990 },
	{ "2200", 1, 2200 },		/* the last */
	{ "2199-00", 1, 2200 },
	{ "2199-2200", 1, 2200 },
	{ "1989", 0, 0 },
	{ "2201", 0, 0 },
	{ "2200-01", 0, 0 },
	{ "1988-89", 0, 0 },
	{ "2026-28", 0, 0 },		/* the years must follow each other */
	{ "2026-26", 0, 0 },
	{ "2026-2028", 0, 0 },
	{ "2026-2026", 0, 0 },
	{ "2027-26", 0, 0 },
	{ "2026-1027", 0, 0 },
	{ "27", 0, 0 },
	{ "027", 0, 0 },
	{ "02027", 0, 0 },
	{ "2027 ", 0, 0 },
	{ " 2027", 0, 0 },
	{ "2026-27 ", 0, 0 },
	{ "2026 -27", 0, 0 },
	{ "", 0, 0 },
	{ "2026/27", 0, 0 },
	{ "2026_27", 0, 0 },
	{ "2026--27", 0, 0 },
	{ "2026-027", 0, 0 },
	{ "2026-7", 0, 0 },
	{ "2026-+27", 0, 0 },
	{ "2026-+7", 0, 0 },
	{ "2000-01", 1, 2001 },
	{ "2008-09", 1, 2009 },
	{ "+2027", 0, 0 },
	{ "-2027", 0, 0 },
	{ "2O27", 0, 0 },		/* letter O */
	{ "20261027", 0, 0 },
	{ "2026-2y", 0, 0 },
};

START_TEST(test_parse_school_year_table_gives_ending_year)
{
	const struct year_case *c = &year_cases[_i];
	int y = -1, rc = parse_school_year(c->in, &y);

	if (c->ok) {
		ck_assert_msg(rc == 0, "parse_school_year(\"%s\") refused it", c->in);
		ck_assert_msg(y == c->year, "parse_school_year(\"%s\") gave %d, expected %d",
			      c->in, y, c->year);
	} else {
		ck_assert_msg(rc == SLDS_EDATA, "parse_school_year(\"%s\") returned %d (year %d), expected SLDS_EDATA",
			      c->in, rc, y);
	}
}
END_TEST

/*
 * The two-digit second year is parsed with parse_int64(), which takes a
 * sign, and compared as a number: where the second year is 01 to 09, "+d"
 * passes for "0d", so "2000-+1" reads as 2000-01.
 */
static const char *const signed_years[] = { "2000-+1", "2008-+9" };

START_TEST(test_parse_school_year_rejects_sign_in_second_year)
{
	int y = -1, rc = parse_school_year(signed_years[_i], &y);

	ck_assert_msg(rc == SLDS_EDATA, "parse_school_year(\"%s\") returned %d (year %d), expected SLDS_EDATA",
		      signed_years[_i], rc, y);
}
END_TEST

static Suite *manifest_suite(void)
{
	Suite *s = suite_create("manifest");
	TCase *tc;

	tc = tcase_create("read");
	ut_scratch(tc);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_good_manifest_gives_lea_year_collection_and_files_in_order,
			    0, N(good_years));
	tcase_add_test(tc, test_uppercase_sha256_and_crlf_lines_are_accepted);
	tcase_add_loop_test(tc, test_broken_manifest_gives_edata_naming_file_and_line,
			    0, N(bad_cases));
	tcase_add_loop_test(tc, test_count_key_given_twice_in_file_section_gives_edata,
			    0, N(count_keys));
	tcase_add_test(tc, test_more_than_max_files_gives_edata);
	tcase_add_test(tc, test_exactly_max_files_are_read);
	tcase_add_test(tc, test_missing_manifest_gives_enoent);
	suite_add_tcase(s, tc);

	tc = tcase_create("summary");
	ut_scratch(tc);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_manifest_write_then_read_gives_the_same_summary);
	tcase_add_test(tc, test_manifest_write_twice_gives_byte_identical_files);
	tcase_add_test(tc, test_manifest_copy_is_deep_and_both_release_cleanly);
	tcase_add_test(tc, test_manifest_copy_of_an_lea_manifest_without_submission_or_files);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_loop_test(tc, test_manifest_collection_valid_table, 0, N(collection_cases));
	tcase_add_loop_test(tc, test_parse_school_year_table_gives_ending_year, 0, N(year_cases));
	tcase_add_loop_test(tc, test_parse_school_year_rejects_sign_in_second_year,
			    0, N(signed_years));
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

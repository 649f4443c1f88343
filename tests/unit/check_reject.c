/*
 * check_reject.c: unit tests for reject.c, the rejects file and UTF-8
 * validation.
 *
 * The rejects file is checked byte for byte, since the rejection report and
 * the load read it as COPY text, and then read back through canon.c to show
 * that what one stage writes the next can read.  UTF-8 validation is a
 * table of the classic malformations: overlongs, surrogates, code points
 * past U+10FFFF, sequences cut short and stray continuation bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "canon.h"
#include "error.h"
#include "reject.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* utf8_valid */

struct utf8_case {
	const char *what;
	const char *s;
	size_t len;
	int valid;
};

static const struct utf8_case utf8_cases[] = {
	{ "empty", "", 0, 1 },
	{ "ASCII", "plain ASCII, 123", 16, 1 },
	{ "every ASCII byte 1..127", "\x01\x1f\x20\x7e\x7f", 5, 1 },
	{ "an embedded NUL is valid UTF-8", "a\0b", 3, 1 },
	{ "two bytes, lowest (U+0080)", "\xC2\x80", 2, 1 },
	{ "two bytes (U+00E9)", "\xC3\xA9", 2, 1 },
	{ "two bytes, highest (U+07FF)", "\xDF\xBF", 2, 1 },
	{ "three bytes, lowest (U+0800)", "\xE0\xA0\x80", 3, 1 },
	{ "three bytes (U+674E)", "\xE6\x9D\x8E", 3, 1 },
	{ "three bytes, just below the surrogates (U+D7FF)", "\xED\x9F\xBF", 3, 1 },
	{ "three bytes, just above the surrogates (U+E000)", "\xEE\x80\x80", 3, 1 },
	{ "three bytes, highest (U+FFFF)", "\xEF\xBF\xBF", 3, 1 },
	{ "four bytes, lowest (U+10000)", "\xF0\x90\x80\x80", 4, 1 },
	{ "four bytes (U+1F600)", "\xF0\x9F\x98\x80", 4, 1 },
	{ "four bytes, highest (U+10FFFF)", "\xF4\x8F\xBF\xBF", 4, 1 },
	{ "mixed", "a\xC3\xA9" "b\xE6\x9D\x8E" "c\xF0\x9F\x98\x80" "d", 13, 1 },
	{ "overlong '/' in two bytes", "\xC0\xAF", 2, 0 },
	{ "overlong NUL in two bytes", "\xC0\x80", 2, 0 },
	{ "overlong in two bytes with C1", "\xC1\xBF", 2, 0 },
	{ "overlong '/' in three bytes", "\xE0\x80\xAF", 3, 0 },
	{ "overlong U+07FF in three bytes", "\xE0\x9F\xBF", 3, 0 },
	{ "overlong '/' in four bytes", "\xF0\x80\x80\xAF", 4, 0 },
	{ "overlong U+FFFF in four bytes", "\xF0\x8F\xBF\xBF", 4, 0 },
	{ "a high surrogate (U+D800)", "\xED\xA0\x80", 3, 0 },
	{ "a low surrogate (U+DFFF)", "\xED\xBF\xBF", 3, 0 },
	{ "a surrogate pair (CESU-8)", "\xED\xA0\xBD\xED\xB8\x80", 6, 0 },
	{ "beyond U+10FFFF (U+110000)", "\xF4\x90\x80\x80", 4, 0 },
	{ "a five-byte lead", "\xF8\x88\x80\x80\x80", 5, 0 },
	{ "a lead byte F5", "\xF5\x80\x80\x80", 4, 0 },
	{ "0xFE", "\xFE", 1, 0 },
	{ "0xFF", "\xFF", 1, 0 },
	{ "two bytes cut at the end", "ab\xC3", 3, 0 },
	{ "three bytes cut after one", "ab\xE6", 3, 0 },
	{ "three bytes cut after two", "ab\xE6\x9D", 4, 0 },
	{ "four bytes cut after three", "\xF0\x9F\x98", 3, 0 },
	{ "a lead byte then ASCII", "\xC3" "a", 2, 0 },
	{ "three bytes with ASCII inside", "\xE6\x9D" "a", 3, 0 },
	{ "a stray continuation byte", "a\x80" "b", 3, 0 },
	{ "a continuation byte first", "\xBF", 1, 0 },
	{ "one continuation too many", "\xC3\xA9\xA9", 3, 0 },
	{ "Latin-1 e acute", "caf\xE9", 4, 0 },
	{ "Windows-1252 quotes", "\x93quoted\x94", 8, 0 },
	/* only len bytes are looked at */
	{ "a sequence cut by len", "\xC3\xA9", 1, 0 },
	{ "bad bytes beyond len", "ok\xFF", 2, 1 },
};

START_TEST(test_utf8_valid_table)
{
	const struct utf8_case *c = &utf8_cases[_i];

	ck_assert_msg(utf8_valid(c->s, c->len) == c->valid, "%s: utf8_valid should be %d",
		      c->what, c->valid);
}
END_TEST

/* Every code point's encoding is valid, every surrogate's is not. */
static size_t encode(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

START_TEST(test_utf8_valid_accepts_every_scalar_value_and_no_surrogate)
{
	unsigned long cp;
	char s[4];

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		size_t n = encode(cp, s);
		int surrogate = cp >= 0xD800 && cp <= 0xDFFF;

		if (utf8_valid(s, n) != !surrogate)
			ck_abort_msg("U+%04lX: utf8_valid should be %d", cp, !surrogate);
		/* Cut short, no encoding of more than one byte is valid. */
		if (n > 1 && utf8_valid(s, n - 1))
			ck_abort_msg("U+%04lX cut to %zu bytes is accepted", cp, n - 1);
	}
}
END_TEST

/* The rejects file */

#define REJECT_HEADER CANON_MAGIC " reject\t_submission\t_file\t_line\trecord\tlocal_id" \
	"\tfield\trule\tseverity\tmessage\n"

START_TEST(test_reject_writer_writes_rows_with_rule_ids_and_nulls)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct reject_provenance prov = { "0101/2026-10-01", "students.csv", 7 };
	struct reject_provenance none = { NULL, NULL, 0 };
	struct reject_writer rw;
	char *path = ut_path(ut_dir, REJECTS_FILE), *text;
	size_t len;

	ck_assert_int_eq(reject_writer_open(&rw, path, &err), 0);
	ck_assert_uint_eq(rw.errors, 0);
	ck_assert_uint_eq(rw.warnings, 0);
	ck_assert_int_eq(reject_add(&rw, &prov, "student", "S004211", "birth_date", "STU", RULE_DATE,
				    SEVERITY_ERROR, &err, "%s is not a valid date", "birth_date"), 0);
	ck_assert_int_eq(reject_add(&rw, &prov, "student", NULL, NULL, "STU", 101,
				    SEVERITY_WARNING, &err, "odd"), 0);
	ck_assert_int_eq(reject_add(&rw, &prov, "enrollment", "S1", "fte", "ENR", RULE_NUMBER,
				    SEVERITY_WARNING, &err, "fte %d%% is\tout\nof range", 150), 0);
	ck_assert_int_eq(reject_add(&rw, &none, "student", NULL, NULL, "STU", RULE_COLUMNS,
				    SEVERITY_FATAL, &err, "%s", ""), 0);
	ck_assert_int_eq(reject_add(&rw, &prov, "student", "a\\b", NULL, "STU", 12345,
				    SEVERITY_ERROR, &err, "rule %u", 12345u), 0);
	ck_assert_uint_eq(rw.errors, 3);	/* fatal counts as an error */
	ck_assert_uint_eq(rw.warnings, 2);
	ck_assert_int_eq(reject_writer_commit(&rw, &err), 0);

	text = ut_read_file(path, &len);
	ck_assert_str_eq(text, REJECT_HEADER
		"0101/2026-10-01\tstudents.csv\t7\tstudent\tS004211\tbirth_date\tSTU.0002\terror\tbirth_date is not a valid date\n"
		"0101/2026-10-01\tstudents.csv\t7\tstudent\t\\N\t\\N\tSTU.0101\twarning\todd\n"
		"0101/2026-10-01\tstudents.csv\t7\tenrollment\tS1\tfte\tENR.0003\twarning\tfte 150% is\\tout\\nof range\n"
		"\\N\t\\N\t0\tstudent\t\\N\t\\N\tSTU.0008\tfatal\t\n"
		"0101/2026-10-01\tstudents.csv\t7\tstudent\ta\\\\b\t\\N\tSTU.12345\terror\trule 12345\n");
	free(text);
	free(path);
}
END_TEST

START_TEST(test_rejects_file_reads_back_with_the_reject_columns)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct reject_provenance prov = { "0101/x", "e.csv", 12 };
	struct reject_writer rw;
	struct canon_reader r;
	char *path = ut_path(ut_dir, REJECTS_FILE);
	size_t i;

	ck_assert_int_eq(reject_writer_open(&rw, path, &err), 0);
	ck_assert_int_eq(reject_add(&rw, &prov, "enrollment", NULL, "exit_code", "ENR", RULE_CODE,
				    SEVERITY_ERROR, &err, "exit_code is not a code"), 0);
	ck_assert_int_eq(reject_writer_commit(&rw, &err), 0);

	ck_assert_int_eq(canon_reader_open(&r, path, &err), 0);
	ck_assert_str_eq(r.record, "reject");
	ck_assert_uint_eq(r.ncols, REJECT_NCOLS);
	for (i = 0; i < REJECT_NCOLS; i++)
		ck_assert_str_eq(r.columns[i], reject_columns[i]);
	ck_assert_int_eq(canon_reader_next(&r, &err), 1);
	ck_assert_str_eq(r.fields[canon_reader_column(&r, "_line")], "12");
	ck_assert_ptr_null(r.fields[canon_reader_column(&r, "local_id")]);
	ck_assert_str_eq(r.fields[canon_reader_column(&r, "field")], "exit_code");
	ck_assert_str_eq(r.fields[canon_reader_column(&r, "rule")], "ENR.0004");
	ck_assert_str_eq(r.fields[canon_reader_column(&r, "severity")], "error");
	ck_assert_int_eq(canon_reader_next(&r, &err), 0);
	canon_reader_close(&r);
	free(path);
}
END_TEST

START_TEST(test_reject_copy_row_copies_unchanged_and_counts_by_severity)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct reject_provenance prov = { "0101/x", "s.csv", 3 };
	struct reject_writer rw, out;
	struct canon_reader r;
	char *first = ut_path(ut_dir, "first.copy"), *second = ut_path(ut_dir, "second.copy");
	char *a, *b;
	size_t la, lb;
	int rc;

	ck_assert_int_eq(reject_writer_open(&rw, first, &err), 0);
	reject_add(&rw, &prov, "student", "S1", NULL, "STU", RULE_UTF8, SEVERITY_ERROR, &err,
		   "first_name is not valid UTF-8");
	reject_add(&rw, &prov, "student", NULL, "sex", "STU", RULE_CODE, SEVERITY_WARNING, &err,
		   "tab\there");
	reject_add(&rw, &prov, "student", NULL, NULL, "STU", RULE_COLUMNS, SEVERITY_FATAL, &err,
		   "ragged");
	ck_assert_int_eq(reject_writer_commit(&rw, &err), 0);

	ck_assert_int_eq(canon_reader_open(&r, first, &err), 0);
	ck_assert_int_eq(reject_writer_open(&out, second, &err), 0);
	while ((rc = canon_reader_next(&r, &err)) == 1)
		ck_assert_int_eq(reject_copy_row(&out, r.fields, r.lens, &err), 0);
	ck_assert_int_eq(rc, 0);
	canon_reader_close(&r);
	ck_assert_uint_eq(out.errors, 2);
	ck_assert_uint_eq(out.warnings, 1);
	ck_assert_int_eq(reject_writer_commit(&out, &err), 0);

	a = ut_read_file(first, &la);
	b = ut_read_file(second, &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(!memcmp(a, b, la));
	free(a);
	free(b);
	free(first);
	free(second);
}
END_TEST

START_TEST(test_reject_writer_abort_leaves_no_file)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct reject_provenance prov = { "0101/x", "s.csv", 3 };
	struct reject_writer rw;
	char *path = ut_path(ut_dir, REJECTS_FILE), *part = ut_path(ut_dir, "." REJECTS_FILE ".part");

	ck_assert_int_eq(reject_writer_open(&rw, path, &err), 0);
	reject_add(&rw, &prov, "student", "S1", NULL, "STU", 1, SEVERITY_ERROR, &err, "x");
	reject_writer_abort(&rw);
	ck_assert(!ut_exists(path));
	ck_assert(!ut_exists(part));
	free(path);
	free(part);
}
END_TEST

struct severity_case {
	enum reject_severity severity;
	const char *name;
};

static const struct severity_case severity_cases[] = {
	{ SEVERITY_FATAL, "fatal" }, { SEVERITY_ERROR, "error" }, { SEVERITY_WARNING, "warning" },
};

START_TEST(test_severity_name_names_each_severity)
{
	ck_assert_str_eq(severity_name(severity_cases[_i].severity), severity_cases[_i].name);
}
END_TEST

static Suite *reject_suite(void)
{
	Suite *s = suite_create("reject");
	TCase *tc;

	tc = tcase_create("utf8");
	tcase_add_loop_test(tc, test_utf8_valid_table, 0, N(utf8_cases));
	tcase_add_test(tc, test_utf8_valid_accepts_every_scalar_value_and_no_surrogate);
	suite_add_tcase(s, tc);

	tc = tcase_create("rejects_file");
	ut_scratch(tc);
	tcase_add_test(tc, test_reject_writer_writes_rows_with_rule_ids_and_nulls);
	tcase_add_test(tc, test_rejects_file_reads_back_with_the_reject_columns);
	tcase_add_test(tc, test_reject_copy_row_copies_unchanged_and_counts_by_severity);
	tcase_add_test(tc, test_reject_writer_abort_leaves_no_file);
	tcase_add_loop_test(tc, test_severity_name_names_each_severity, 0, N(severity_cases));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(reject_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

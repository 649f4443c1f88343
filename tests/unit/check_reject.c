/*
 * check_reject.c: unit tests for reject.c: UTF-8 validation and the rejects
 * file.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "error.h"
#include "reject.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct utf8_case {
	const char *what;
	const char *s;
	size_t len;
	int valid;
};

static const struct utf8_case utf8_cases[] = {
	{ "ASCII", "plain", 5, 1 },
	{ "empty", "", 0, 1 },
	{ "two bytes", "\xC3\xA9", 2, 1 },
	{ "three bytes", "\xE6\x9D\x8E", 3, 1 },
	{ "four bytes", "\xF0\x9F\x98\x80", 4, 1 },
	{ "the largest code point", "\xF4\x8F\xBF\xBF", 4, 1 },
	{ "an embedded NUL is valid UTF-8", "a\0b", 3, 1 },
	{ "overlong slash", "\xC0\xAF", 2, 0 },
	{ "overlong three bytes", "\xE0\x80\xAF", 3, 0 },
	{ "overlong four bytes", "\xF0\x80\x80\xAF", 4, 0 },
	{ "a surrogate", "\xED\xA0\x80", 3, 0 },
	{ "beyond U+10FFFF", "\xF4\x90\x80\x80", 4, 0 },
	{ "truncated at the end", "ab\xC3", 3, 0 },
	{ "truncated three bytes", "\xE6\x9D", 2, 0 },
	{ "a stray continuation byte", "a\x80" "b", 3, 0 },
	{ "Latin-1 e acute", "caf\xE9", 4, 0 },
	{ "0xFF", "\xFF", 1, 0 },
};

START_TEST(test_utf8_valid_table)
{
	const struct utf8_case *c = &utf8_cases[_i];

	ck_assert_msg(utf8_valid(c->s, c->len) == c->valid, "%s", c->what);
}
END_TEST

START_TEST(test_rejects_file_rows_and_counts)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct reject_provenance prov = { "0101/s", "students.csv", 7 };
	struct reject_writer rw;
	char *dir = ut_tmpdir(), *path = ut_path(dir, REJECTS_FILE), *text;
	size_t len;

	ck_assert_int_eq(reject_writer_open(&rw, path, &err), 0);
	ck_assert_int_eq(reject_add(&rw, &prov, "student", "S1", "birth_date", "STU", RULE_DATE,
				    SEVERITY_ERROR, &err, "%s is not a date", "birth_date"), 0);
	ck_assert_int_eq(reject_add(&rw, &prov, "student", NULL, NULL, "STU", 101,
				    SEVERITY_WARNING, &err, "odd"), 0);
	ck_assert_uint_eq(rw.errors, 1);
	ck_assert_uint_eq(rw.warnings, 1);
	ck_assert_int_eq(reject_writer_commit(&rw, &err), 0);
	text = ut_read_file(path, &len);
	ck_assert_str_eq(text,
		"#slds-canonical/1 reject\t_submission\t_file\t_line\trecord\tlocal_id\tfield\trule\tseverity\tmessage\n"
		"0101/s\tstudents.csv\t7\tstudent\tS1\tbirth_date\tSTU.0002\terror\tbirth_date is not a date\n"
		"0101/s\tstudents.csv\t7\tstudent\t\\N\t\\N\tSTU.0101\twarning\todd\n");
	free(text);
	free(path);
	ut_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *reject_suite(void)
{
	Suite *s = suite_create("reject");
	TCase *tc = tcase_create("reject");

	tcase_add_loop_test(tc, test_utf8_valid_table, 0, N(utf8_cases));
	tcase_add_test(tc, test_rejects_file_rows_and_counts);
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

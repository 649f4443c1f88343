/*
 * check_error.c: unit tests for error.c, the error object and exit codes.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "error.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void assert_clear(const struct slds_error *err)
{
	ck_assert_int_eq(err->code, SLDS_OK);
	ck_assert_ptr_null(err->message);
	ck_assert_ptr_null(err->detail);
	ck_assert_ptr_null(err->hint);
	ck_assert_str_eq(err->sqlstate, "");
}

START_TEST(test_error_init_is_clear)
{
	struct slds_error err = SLDS_ERROR_INIT;

	assert_clear(&err);
}
END_TEST

START_TEST(test_error_set_fills_code_and_formatted_message_and_returns_code)
{
	struct slds_error err = SLDS_ERROR_INIT;

	ck_assert_int_eq(error_set(&err, SLDS_EDATA, "could not parse file \"%s\" at line %d",
				   "students.csv", 7), SLDS_EDATA);
	ck_assert_int_eq(err.code, SLDS_EDATA);
	ck_assert_str_eq(err.message, "could not parse file \"students.csv\" at line 7");
	ck_assert_ptr_null(err.detail);
	ck_assert_ptr_null(err.hint);
	error_clear(&err);
}
END_TEST

START_TEST(test_error_set_replaces_message_and_drops_old_detail_hint_and_sqlstate)
{
	struct slds_error err = SLDS_ERROR_INIT;

	error_set(&err, SLDS_EDB, "first");
	error_detail(&err, "First detail.");
	error_hint(&err, "First hint.");
	memcpy(err.sqlstate, "23505", 6);
	error_set(&err, SLDS_EIO, "second");
	ck_assert_int_eq(err.code, SLDS_EIO);
	ck_assert_str_eq(err.message, "second");
	ck_assert_ptr_null(err.detail);
	ck_assert_ptr_null(err.hint);
	ck_assert_str_eq(err.sqlstate, "");
	error_clear(&err);
}
END_TEST

START_TEST(test_error_set_may_use_the_message_it_replaces_as_argument)
{
	struct slds_error err = SLDS_ERROR_INIT;

	error_set(&err, SLDS_EDATA, "inner");
	error_set(&err, SLDS_EIO, "outer: %s", err.message);
	ck_assert_str_eq(err.message, "outer: inner");
	error_detail(&err, "Detail.");
	error_detail(&err, "%s Again.", err.detail);
	ck_assert_str_eq(err.detail, "Detail. Again.");
	error_hint(&err, "Hint.");
	error_hint(&err, "%s Again.", err.hint);
	ck_assert_str_eq(err.hint, "Hint. Again.");
	error_clear(&err);
}
END_TEST

static const int all_codes[] = {
	SLDS_OK, SLDS_ERROR, SLDS_ENOENT, SLDS_EDATA, SLDS_ELIMIT, SLDS_EIO,
	SLDS_EDB, SLDS_ERETRY, SLDS_EINTERNAL,
};

START_TEST(test_error_set_with_null_err_returns_code)
{
	ck_assert_int_eq(error_set(NULL, all_codes[_i], "ignored %d", 1), all_codes[_i]);
}
END_TEST

START_TEST(test_error_detail_hint_prefix_clear_accept_null_err)
{
	error_detail(NULL, "x");
	error_hint(NULL, "x");
	error_prefix(NULL, "x");
	error_clear(NULL);
}
END_TEST

START_TEST(test_error_detail_and_hint_are_replaced_not_appended)
{
	struct slds_error err = SLDS_ERROR_INIT;

	error_set(&err, SLDS_EDATA, "bad");
	error_detail(&err, "Line %u has %d fields.", 3u, 5);
	error_hint(&err, "Check the %s.", "delimiter");
	ck_assert_str_eq(err.detail, "Line 3 has 5 fields.");
	ck_assert_str_eq(err.hint, "Check the delimiter.");
	error_detail(&err, "Other.");
	error_hint(&err, "Other hint.");
	ck_assert_str_eq(err.detail, "Other.");
	ck_assert_str_eq(err.hint, "Other hint.");
	ck_assert_str_eq(err.message, "bad");
	error_clear(&err);
}
END_TEST

START_TEST(test_error_prefix_puts_context_before_message)
{
	struct slds_error err = SLDS_ERROR_INIT;

	error_set(&err, SLDS_EDATA, "syntax error");
	error_detail(&err, "Kept.");
	error_prefix(&err, "%s:%u", "manifest.ini", 7u);
	ck_assert_str_eq(err.message, "manifest.ini:7: syntax error");
	error_prefix(&err, "step %s", "load");
	ck_assert_str_eq(err.message, "step load: manifest.ini:7: syntax error");
	ck_assert_int_eq(err.code, SLDS_EDATA);
	ck_assert_str_eq(err.detail, "Kept.");
	error_clear(&err);
}
END_TEST

START_TEST(test_error_prefix_on_clear_error_says_unknown_error)
{
	struct slds_error err = SLDS_ERROR_INIT;

	error_prefix(&err, "ctx");
	ck_assert_str_eq(err.message, "ctx: unknown error");
	error_clear(&err);
}
END_TEST

START_TEST(test_error_prefix_may_be_empty)
{
	struct slds_error err = SLDS_ERROR_INIT;

	error_set(&err, SLDS_EDATA, "msg");
	error_prefix(&err, "%s", "");
	ck_assert_str_eq(err.message, ": msg");
	error_clear(&err);
}
END_TEST

START_TEST(test_error_clear_frees_everything_and_is_idempotent)
{
	struct slds_error err = SLDS_ERROR_INIT;

	error_set(&err, SLDS_EDB, "m");
	error_detail(&err, "d");
	error_hint(&err, "h");
	memcpy(err.sqlstate, "40001", 6);
	error_clear(&err);
	assert_clear(&err);
	error_clear(&err);
	assert_clear(&err);
}
END_TEST

struct exit_case {
	int code;
	int exit_code;
	const char *name;
};

/* The exit table of DESIGN.md. */
static const struct exit_case exit_cases[] = {
	{ SLDS_OK, 0, "success" },
	{ SLDS_ERROR, 1, "failure" },
	{ SLDS_ENOENT, 66, "input missing" },
	{ SLDS_EDATA, 65, "input rejected" },
	{ SLDS_ELIMIT, 65, "size limit reached" },
	{ SLDS_EIO, 1, "input/output error" },
	{ SLDS_EDB, 1, "database error" },
	{ SLDS_ERETRY, 75, "temporary failure" },
	{ SLDS_EINTERNAL, 70, "internal error" },
	{ -99, 1, "failure" },
	{ 5, 1, "failure" },
};

START_TEST(test_error_exit_code_follows_design_exit_table)
{
	const struct exit_case *c = &exit_cases[_i];

	ck_assert_msg(error_exit_code(c->code) == c->exit_code,
		      "error_exit_code(%d) = %d, expected %d", c->code,
		      error_exit_code(c->code), c->exit_code);
}
END_TEST

START_TEST(test_error_code_name_gives_short_description)
{
	const struct exit_case *c = &exit_cases[_i];

	ck_assert_str_eq(error_code_name(c->code), c->name);
}
END_TEST

START_TEST(test_exit_codes_have_sysexits_values)
{
	ck_assert_int_eq(SLDS_EXIT_OK, 0);
	ck_assert_int_eq(SLDS_EXIT_FAILURE, 1);
	ck_assert_int_eq(SLDS_EXIT_USAGE, 64);
	ck_assert_int_eq(SLDS_EXIT_DATAERR, 65);
	ck_assert_int_eq(SLDS_EXIT_NOINPUT, 66);
	ck_assert_int_eq(SLDS_EXIT_SOFTWARE, 70);
	ck_assert_int_eq(SLDS_EXIT_TEMPFAIL, 75);
}
END_TEST

static Suite *error_suite(void)
{
	Suite *s = suite_create("error");
	TCase *tc;

	tc = tcase_create("object");
	tcase_add_test(tc, test_error_init_is_clear);
	tcase_add_test(tc, test_error_set_fills_code_and_formatted_message_and_returns_code);
	tcase_add_test(tc, test_error_set_replaces_message_and_drops_old_detail_hint_and_sqlstate);
	tcase_add_test(tc, test_error_set_may_use_the_message_it_replaces_as_argument);
	tcase_add_loop_test(tc, test_error_set_with_null_err_returns_code, 0, N(all_codes));
	tcase_add_test(tc, test_error_detail_hint_prefix_clear_accept_null_err);
	tcase_add_test(tc, test_error_detail_and_hint_are_replaced_not_appended);
	tcase_add_test(tc, test_error_prefix_puts_context_before_message);
	tcase_add_test(tc, test_error_prefix_on_clear_error_says_unknown_error);
	tcase_add_test(tc, test_error_prefix_may_be_empty);
	tcase_add_test(tc, test_error_clear_frees_everything_and_is_idempotent);
	suite_add_tcase(s, tc);

	tc = tcase_create("codes");
	tcase_add_loop_test(tc, test_error_exit_code_follows_design_exit_table, 0, N(exit_cases));
	tcase_add_loop_test(tc, test_error_code_name_gives_short_description, 0, N(exit_cases));
	tcase_add_test(tc, test_exit_codes_have_sysexits_values);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(error_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

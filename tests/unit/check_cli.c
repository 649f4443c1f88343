/*
 * check_cli.c: unit tests for cli.c: the messages of positional-argument
 * checks and the mapping of errors to exit codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cli.h"
#include "error.h"
#include "log.h"
#include "banned.h"

static char *captured;
static size_t captured_len;
static FILE *stream;

static void setup(void)
{
	stream = open_memstream(&captured, &captured_len);
	log_init("prog");
	log_set_stream(stream);
}

static void teardown(void)
{
	log_set_stream(NULL);
	fclose(stream);
	free(captured);
}

static const char *const names[] = { "input folder", "output folder", "report" };

START_TEST(test_missing_arguments_are_named)
{
	char *none[] = { NULL };

	ck_assert_int_eq(cli_check_args(0, none, 3, 3, names), SLDS_EXIT_USAGE);
	fflush(stream);
	ck_assert_str_eq(captured, "prog: error: missing input folder, output folder and report\n"
			 "Try \"prog --help\" for more information.\n");
}
END_TEST

START_TEST(test_one_missing_argument_is_named)
{
	char *one[] = { (char *)"a", NULL };

	ck_assert_int_eq(cli_check_args(1, one, 2, 2, names), SLDS_EXIT_USAGE);
	fflush(stream);
	ck_assert_str_eq(captured, "prog: error: missing output folder\n"
			 "Try \"prog --help\" for more information.\n");
}
END_TEST

START_TEST(test_too_many_arguments_name_the_first_extra)
{
	char *three[] = { (char *)"a", (char *)"b", (char *)"c", NULL };

	ck_assert_int_eq(cli_check_args(3, three, 1, 2, names), SLDS_EXIT_USAGE);
	fflush(stream);
	ck_assert_str_eq(captured, "prog: error: too many command-line arguments (first is \"c\")\n"
			 "Try \"prog --help\" for more information.\n");
}
END_TEST

START_TEST(test_right_number_of_arguments_is_silent)
{
	char *two[] = { (char *)"a", (char *)"b", NULL };

	ck_assert_int_eq(cli_check_args(2, two, 1, 2, names), 0);
	fflush(stream);
	ck_assert_uint_eq(captured_len, 0);
}
END_TEST

START_TEST(test_exit_maps_errors_and_prints_them)
{
	struct slds_error err = SLDS_ERROR_INIT;

	ck_assert_int_eq(cli_exit(0, &err), SLDS_EXIT_OK);
	error_set(&err, SLDS_ERETRY, "could not connect");
	error_hint(&err, "Try later.");
	ck_assert_int_eq(cli_exit(SLDS_ERETRY, &err), SLDS_EXIT_TEMPFAIL);
	ck_assert_ptr_null(err.message);
	fflush(stream);
	ck_assert_str_eq(captured, "prog: error: could not connect\nprog: hint: Try later.\n");
}
END_TEST

START_TEST(test_common_options)
{
	int code = -1;

	ck_assert_int_eq(cli_common_option('q', NULL, &code), 0);
	ck_assert_int_eq(log_get_level(), LOG_ERROR);
	ck_assert_int_eq(cli_common_option('v', NULL, &code), 0);
	ck_assert_int_eq(cli_common_option('v', NULL, &code), 0);
	ck_assert_int_eq(log_get_level(), LOG_INFO);
	ck_assert_int_eq(cli_common_option('d', NULL, &code), -1);
	ck_assert_int_eq(cli_common_option('?', NULL, &code), 1);
	ck_assert_int_eq(code, SLDS_EXIT_USAGE);
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_missing_arguments_are_named);
	tcase_add_test(tc, test_one_missing_argument_is_named);
	tcase_add_test(tc, test_too_many_arguments_name_the_first_extra);
	tcase_add_test(tc, test_right_number_of_arguments_is_silent);
	tcase_add_test(tc, test_exit_maps_errors_and_prints_them);
	tcase_add_test(tc, test_common_options);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cli_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

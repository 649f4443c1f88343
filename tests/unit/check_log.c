/*
 * check_log.c: unit tests for log.c, PostgreSQL-style messages on stderr.
 *
 * Output is captured with log_set_stream() on an open_memstream(), except
 * where the test is about the default stream, which is then a pipe put in
 * place of file descriptor 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "error.h"
#include "log.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static FILE *capture;
static char *captured;
static size_t captured_len;

static void setup(void)
{
	log_init("/usr/local/bin/slds-test");
	capture = open_memstream(&captured, &captured_len);
	ck_assert_ptr_nonnull(capture);
	log_set_stream(capture);
}

static void teardown(void)
{
	log_set_stream(NULL);
	fclose(capture);
	free(captured);
	captured = NULL;
}

/* What was logged so far. */
static const char *output(void)
{
	fflush(capture);
	return captured;
}

enum which { ERROR, WARNING, INFO, DEBUG };

static void log_one(enum which w, const char *msg)
{
	switch (w) {
	case ERROR:
		log_error("%s", msg);
		break;
	case WARNING:
		log_warning("%s", msg);
		break;
	case INFO:
		log_info("%s", msg);
		break;
	case DEBUG:
		log_debug("%s", msg);
		break;
	}
}

START_TEST(test_log_error_prints_base_name_tag_and_message)
{
	log_error("could not open file \"%s\": %s", "students.csv", "No such file or directory");
	ck_assert_str_eq(output(), "slds-test: error: could not open file \"students.csv\": "
			 "No such file or directory\n");
}
END_TEST

struct format_case {
	enum which w;
	const char *expected;
};

static const struct format_case format_cases[] = {
	{ ERROR, "slds-test: error: m 1\n" },
	{ WARNING, "slds-test: warning: m 1\n" },
	{ INFO, "slds-test: info: m 1\n" },
	{ DEBUG, "slds-test: debug: m 1\n" },
};

START_TEST(test_each_level_prints_its_tag)
{
	log_set_level(LOG_DEBUG);
	log_one(format_cases[_i].w, "m 1");
	ck_assert_str_eq(output(), format_cases[_i].expected);
}
END_TEST

struct level_case {
	enum log_level level;
	enum which w;
	int printed;
};

static const struct level_case level_cases[] = {
	{ LOG_DEBUG, DEBUG, 1 }, { LOG_DEBUG, INFO, 1 },
	{ LOG_DEBUG, WARNING, 1 }, { LOG_DEBUG, ERROR, 1 },
	{ LOG_INFO, DEBUG, 0 }, { LOG_INFO, INFO, 1 },
	{ LOG_INFO, WARNING, 1 }, { LOG_INFO, ERROR, 1 },
	{ LOG_WARNING, DEBUG, 0 }, { LOG_WARNING, INFO, 0 },
	{ LOG_WARNING, WARNING, 1 }, { LOG_WARNING, ERROR, 1 },
	{ LOG_ERROR, DEBUG, 0 }, { LOG_ERROR, INFO, 0 },
	{ LOG_ERROR, WARNING, 0 }, { LOG_ERROR, ERROR, 1 },
	{ LOG_OFF, DEBUG, 0 }, { LOG_OFF, INFO, 0 },
	{ LOG_OFF, WARNING, 0 }, { LOG_OFF, ERROR, 0 },
};

START_TEST(test_messages_below_level_are_dropped)
{
	const struct level_case *c = &level_cases[_i];

	log_set_level(c->level);
	ck_assert_int_eq(log_get_level(), c->level);
	log_one(c->w, "msg");
	ck_assert_msg((output()[0] != '\0') == c->printed,
		      "level %d, message %d: printed \"%s\"", c->level, c->w, output());
}
END_TEST

START_TEST(test_default_level_is_warning)
{
	ck_assert_int_eq(log_get_level(), LOG_WARNING);
	log_info("dropped");
	log_warning("kept");
	ck_assert_str_eq(output(), "slds-test: warning: kept\n");
}
END_TEST

START_TEST(test_quiet_drops_warnings_and_keeps_errors)
{
	log_less_verbose();
	log_warning("w");
	log_error("e");
	ck_assert_str_eq(output(), "slds-test: error: e\n");
}
END_TEST

START_TEST(test_verbose_twice_shows_debug)
{
	log_more_verbose();
	log_debug("d1");
	log_info("i1");
	log_more_verbose();
	log_debug("d2");
	ck_assert_str_eq(output(), "slds-test: info: i1\nslds-test: debug: d2\n");
}
END_TEST

START_TEST(test_verbosity_steps_stop_at_debug_and_error)
{
	int i;

	for (i = 0; i < 5; i++)
		log_more_verbose();
	ck_assert_int_eq(log_get_level(), LOG_DEBUG);
	for (i = 0; i < 5; i++)
		log_less_verbose();
	ck_assert_int_eq(log_get_level(), LOG_ERROR);
}
END_TEST

START_TEST(test_detail_and_hint_follow_message_at_its_level)
{
	log_error("could not load");
	log_detail("Line %d is bad.", 7);
	log_hint("Fix line %d.", 7);
	ck_assert_str_eq(output(), "slds-test: error: could not load\n"
			 "slds-test: detail: Line 7 is bad.\n"
			 "slds-test: hint: Fix line 7.\n");
}
END_TEST

START_TEST(test_detail_and_hint_of_dropped_message_are_dropped)
{
	log_info("dropped at warning level");
	log_detail("Dropped too.");
	log_hint("Dropped too.");
	log_warning("w");
	log_detail("Kept.");
	ck_assert_str_eq(output(), "slds-test: warning: w\nslds-test: detail: Kept.\n");
}
END_TEST

START_TEST(test_log_slds_error_prints_message_detail_and_hint)
{
	struct slds_error err = SLDS_ERROR_INIT;

	error_set(&err, SLDS_EDATA, "manifest.ini:7: syntax error");
	error_detail(&err, "A detail.");
	error_hint(&err, "A hint.");
	log_slds_error(&err);
	ck_assert_str_eq(output(), "slds-test: error: manifest.ini:7: syntax error\n"
			 "slds-test: detail: A detail.\n"
			 "slds-test: hint: A hint.\n");
	error_clear(&err);
}
END_TEST

START_TEST(test_log_slds_error_without_message_prints_code_name)
{
	struct slds_error err = SLDS_ERROR_INIT;

	err.code = SLDS_EDATA;
	log_slds_error(&err);
	ck_assert_str_eq(output(), "slds-test: error: input rejected\n");
}
END_TEST

START_TEST(test_log_slds_error_message_with_percent_is_printed_verbatim)
{
	struct slds_error err = SLDS_ERROR_INIT;

	error_set(&err, SLDS_EDATA, "value \"%s\" is bad", "100%d");
	log_slds_error(&err);
	ck_assert_str_eq(output(), "slds-test: error: value \"100%d\" is bad\n");
	error_clear(&err);
}
END_TEST

START_TEST(test_log_usage_hint_names_program)
{
	log_usage_hint();
	ck_assert_str_eq(output(), "Try \"slds-test --help\" for more information.\n");
}
END_TEST

struct progname_case {
	const char *argv0;
	const char *progname;
};

static const struct progname_case progname_cases[] = {
	{ "slds-load", "slds-load" },
	{ "./bin/slds-load", "slds-load" },
	{ "/usr/bin/slds-match", "slds-match" },
	{ "", "slds-test" },	/* empty or NULL keep the name */
	{ NULL, "slds-test" },
};

START_TEST(test_log_init_takes_base_name_and_resets_level)
{
	log_set_level(LOG_DEBUG);
	log_init(progname_cases[_i].argv0);
	ck_assert_str_eq(log_progname(), progname_cases[_i].progname);
	ck_assert_int_eq(log_get_level(), LOG_WARNING);
}
END_TEST

/* Run with fds 1 and 2 on pipes: what reached each. */
static void capture_std(void (*fn)(void), char *out, size_t outsize, char *err, size_t errsize)
{
	int out_pipe[2], err_pipe[2], saved_out, saved_err;
	ssize_t n;

	ck_assert_int_eq(pipe(out_pipe), 0);
	ck_assert_int_eq(pipe(err_pipe), 0);
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(STDOUT_FILENO);
	saved_err = dup(STDERR_FILENO);
	dup2(out_pipe[1], STDOUT_FILENO);
	dup2(err_pipe[1], STDERR_FILENO);
	fn();
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	close(out_pipe[1]);
	close(err_pipe[1]);
	n = read(out_pipe[0], out, outsize - 1);
	out[n > 0 ? n : 0] = '\0';
	n = read(err_pipe[0], err, errsize - 1);
	err[n > 0 ? n : 0] = '\0';
	close(out_pipe[0]);
	close(err_pipe[0]);
}

static void log_everything(void)
{
	log_set_stream(NULL);
	log_set_level(LOG_DEBUG);
	log_error("e");
	log_debug("d");
	log_usage_hint();
}

START_TEST(test_null_stream_writes_to_stderr_and_nothing_to_stdout)
{
	char out[256], err[256];

	capture_std(log_everything, out, sizeof(out), err, sizeof(err));
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(err, "slds-test: error: e\nslds-test: debug: d\n"
			 "Try \"slds-test --help\" for more information.\n");
}
END_TEST

static Suite *log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc;

	tc = tcase_create("format");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_log_error_prints_base_name_tag_and_message);
	tcase_add_loop_test(tc, test_each_level_prints_its_tag, 0, N(format_cases));
	tcase_add_test(tc, test_detail_and_hint_follow_message_at_its_level);
	tcase_add_test(tc, test_log_slds_error_prints_message_detail_and_hint);
	tcase_add_test(tc, test_log_slds_error_without_message_prints_code_name);
	tcase_add_test(tc, test_log_slds_error_message_with_percent_is_printed_verbatim);
	tcase_add_test(tc, test_log_usage_hint_names_program);
	tcase_add_loop_test(tc, test_log_init_takes_base_name_and_resets_level,
			    0, N(progname_cases));
	tcase_add_test(tc, test_null_stream_writes_to_stderr_and_nothing_to_stdout);
	suite_add_tcase(s, tc);

	tc = tcase_create("levels");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_messages_below_level_are_dropped, 0, N(level_cases));
	tcase_add_test(tc, test_default_level_is_warning);
	tcase_add_test(tc, test_quiet_drops_warnings_and_keeps_errors);
	tcase_add_test(tc, test_verbose_twice_shows_debug);
	tcase_add_test(tc, test_verbosity_steps_stop_at_debug_and_error);
	tcase_add_test(tc, test_detail_and_hint_of_dropped_message_are_dropped);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(log_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

/*
 * check_progress.c: unit tests for progress.c, the progress meter.
 *
 * progress_start() points the meter at stderr and decides tty from it; each
 * test then puts an open_memstream() in p.out and sets p.tty itself, so the
 * result does not depend on where the test runner's stderr goes.  Time is
 * simulated by moving p.start and p.last_draw into the past rather than by
 * sleeping.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "log.h"
#include "progress.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static FILE *capture;
static char *captured;
static size_t captured_len;

static void setup(void)
{
	log_init("check_progress");
	capture = open_memstream(&captured, &captured_len);
	ck_assert_ptr_nonnull(capture);
}

static void teardown(void)
{
	fclose(capture);
	free(captured);
	captured = NULL;
}

static const char *output(void)
{
	fflush(capture);
	return captured;
}

/* Start a meter that writes into the capture, as a terminal or not. */
static void start(struct progress *p, uint64_t total, int tty)
{
	progress_start(p, "loading", total, "rows");
	p->out = capture;
	p->tty = tty;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

START_TEST(test_progress_start_points_at_stderr_with_defaults)
{
	struct progress p;
	double before = progress_now();

	memset(&p, 0xff, sizeof(p));
	progress_start(&p, "hashing", 1234, "bytes");
	ck_assert_ptr_eq(p.out, stderr);
	ck_assert_str_eq(p.label, "hashing");
	ck_assert_str_eq(p.unit, "bytes");
	ck_assert_uint_eq(p.total, 1234);
	ck_assert_uint_eq(p.done, 0);
	ck_assert(p.interval == 10.0);
	ck_assert(p.start >= before && p.start <= progress_now());
	ck_assert_int_eq(p.tty, isatty(fileno(stderr)));
	ck_assert_int_eq(p.enabled, 1);
}
END_TEST

START_TEST(test_progress_start_with_null_label_and_unit_uses_empty_and_items)
{
	struct progress p;

	progress_start(&p, NULL, 0, NULL);
	ck_assert_str_eq(p.label, "");
	ck_assert_str_eq(p.unit, "items");
}
END_TEST

struct quiet_case {
	enum log_level level;
	int tty;
};

static const struct quiet_case quiet_cases[] = {
	{ LOG_ERROR, 0 }, { LOG_ERROR, 1 }, { LOG_OFF, 0 }, { LOG_OFF, 1 },
};

START_TEST(test_progress_under_quiet_writes_nothing)
{
	struct progress p;

	log_set_level(quiet_cases[_i].level);
	start(&p, 100, quiet_cases[_i].tty);
	ck_assert_int_eq(p.enabled, 0);
	p.interval = 0;
	p.start -= 100;
	progress_update(&p, 5);
	progress_update(&p, 50);
	progress_finish(&p);
	ck_assert_str_eq(output(), "");
	ck_assert_uint_eq(p.done, 50);
}
END_TEST

START_TEST(test_progress_at_info_and_debug_levels_is_enabled)
{
	struct progress p;

	log_set_level(LOG_DEBUG);
	start(&p, 0, 0);
	ck_assert_int_eq(p.enabled, 1);
	log_set_level(LOG_INFO);
	start(&p, 0, 0);
	ck_assert_int_eq(p.enabled, 1);
}
END_TEST

/* not a terminal */

START_TEST(test_progress_not_tty_writes_line_once_interval_has_passed)
{
	struct progress p;
	unsigned long long n;
	double r;
	char tail[8];

	start(&p, 0, 0);
	p.interval = 0;
	progress_update(&p, 5);
	ck_assert(starts_with(output(), "check_progress: progress: loading: 5 rows ("));
	ck_assert(ends_with(output(), " rows/s)\n"));
	ck_assert_int_eq(sscanf(output(), "check_progress: progress: loading: %llu rows (%lf rows/s%7s",
				&n, &r, tail), 3);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(tail, ")");
	ck_assert_ptr_null(strchr(output(), '\r'));
}
END_TEST

START_TEST(test_progress_not_tty_writes_nothing_before_interval_or_at_finish)
{
	struct progress p;

	start(&p, 1000, 0);
	progress_update(&p, 5);
	progress_update(&p, 999);
	progress_finish(&p);
	ck_assert_str_eq(output(), "");
}
END_TEST

START_TEST(test_progress_not_tty_writes_one_line_per_interval)
{
	struct progress p;

	start(&p, 0, 0);
	/* 20 s into a 10 s interval: due */
	p.start -= 20;
	progress_update(&p, 1000);
	ck_assert(starts_with(output(), "check_progress: progress: loading: 1000 rows (50 rows/s)\n"));
	/* just drawn: not due */
	progress_update(&p, 1500);
	ck_assert_str_eq(output(), "check_progress: progress: loading: 1000 rows (50 rows/s)\n");
	/* 10 s after the last line: due again */
	p.last_draw -= 10;
	progress_update(&p, 2000);
	ck_assert_ptr_nonnull(strstr(output(), "\ncheck_progress: progress: loading: 2000 rows ("));
}
END_TEST

START_TEST(test_progress_not_tty_finish_after_a_line_prints_summary)
{
	struct progress p;
	const char *last;
	size_t len;

	start(&p, 0, 0);
	p.interval = 0;
	progress_update(&p, 5);
	progress_update(&p, 7);
	progress_finish(&p);
	/* two progress lines, then the summary */
	last = strstr(output(), "\ncheck_progress: progress: loading: 7 rows (");
	ck_assert_ptr_nonnull(last);
	last = strchr(last + 1, '\n');
	ck_assert_ptr_nonnull(last);
	ck_assert(starts_with(last + 1, "check_progress: progress: loading: finished: 7 rows in "));
	ck_assert(ends_with(last + 1, " rows/s)\n"));
	/* and the summary is the last line */
	ck_assert_ptr_eq(strchr(last + 1, '\n'), output() + strlen(output()) - 1);
	/* finished: nothing more, even when called again */
	len = strlen(output());
	progress_update(&p, 9);
	progress_finish(&p);
	ck_assert_uint_eq(strlen(output()), len);
	ck_assert_int_eq(p.enabled, 0);
}
END_TEST

/* a terminal */

struct bar_case {
	uint64_t total, done;
	const char *bar;
};

static const struct bar_case bar_cases[] = {
	{ 200, 0, "[                    ] 0% 0 rows " },
	{ 200, 90, "[========>           ] 45% 90 rows " },
	{ 10, 5, "[=========>          ] 50% 5 rows " },
	{ 3, 1, "[=====>              ] 33% 1 rows " },
	{ 1000, 1, "[                    ] 0% 1 rows " },
	{ 200, 199, "[==================> ] 99% 199 rows " },
	{ 200, 200, "[====================] 100% 200 rows " },
	{ 200, 300, "[====================] 100% 300 rows " },
};

START_TEST(test_progress_tty_draws_bar_and_percent_of_known_total)
{
	const struct bar_case *c = &bar_cases[_i];
	struct progress p;
	char expected[128];

	start(&p, c->total, 1);
	progress_update(&p, c->done);
	snprintf(expected, sizeof(expected), "\rloading %s", c->bar);
	ck_assert_msg(starts_with(output(), expected), "got \"%s\", expected \"%s...\"",
		      output(), expected);
	ck_assert(ends_with(output(), "\033[K"));
	ck_assert_ptr_nonnull(strstr(output(), " rows/s ETA "));
	ck_assert_ptr_null(strchr(output(), '\n'));
}
END_TEST

START_TEST(test_progress_tty_without_total_draws_count_and_rate_only)
{
	struct progress p;
	double r;
	char tail[16];

	start(&p, 0, 1);
	progress_update(&p, 5);
	ck_assert(starts_with(output(), "\rloading 5 rows "));
	ck_assert_int_eq(sscanf(output(), "\rloading 5 rows %lf rows/s%15s", &r, tail), 2);
	ck_assert_str_eq(tail, "\033[K");
	ck_assert_ptr_null(strstr(output(), " ["));
	ck_assert_ptr_null(strchr(output(), '%'));
	ck_assert_ptr_null(strstr(output(), "ETA"));
}
END_TEST

struct eta_case {
	uint64_t total, done;
	double elapsed;
	const char *eta;
};

static const struct eta_case eta_cases[] = {
	{ 200, 200, 1, "ETA 0:00" },
	{ 200, 0, 1, "ETA -:--" },
	{ 4600, 1000, 100, "ETA 6:00" },	/* 10 rows/s, 3600 rows left */
	{ 1000 + 452960, 1000, 100, "ETA 12:" },	/* 45296 s: H:MM:SS */
};

START_TEST(test_progress_tty_eta_is_time_left_at_current_rate)
{
	const struct eta_case *c = &eta_cases[_i];
	struct progress p;

	start(&p, c->total, 1);
	p.start -= c->elapsed;
	progress_update(&p, c->done);
	ck_assert_msg(strstr(output(), c->eta) != NULL, "got \"%s\", expected \"%s\"",
		      output() + 1, c->eta);
}
END_TEST

START_TEST(test_progress_tty_redraws_at_most_ten_times_a_second)
{
	struct progress p;
	size_t len;

	start(&p, 100, 1);
	progress_update(&p, 1);
	len = strlen(output());
	ck_assert_uint_gt(len, 0);
	/* drawn just now: not again */
	p.last_draw = progress_now();
	progress_update(&p, 2);
	ck_assert_uint_eq(strlen(output()), len);
	/* drawn 0.2 s ago: again */
	p.last_draw -= 0.2;
	progress_update(&p, 3);
	ck_assert_uint_gt(strlen(output()), len);
	ck_assert(starts_with(output() + len, "\rloading [                    ] 3% 3 rows "));
}
END_TEST

START_TEST(test_progress_tty_finish_after_drawing_ends_line_with_summary)
{
	struct progress p;
	const char *last;

	start(&p, 200, 1);
	progress_update(&p, 90);
	progress_finish(&p);
	last = strrchr(output(), '\r');
	ck_assert_ptr_nonnull(last);
	ck_assert(starts_with(last, "\rloading [========>           ] 45% 90 rows in "));
	ck_assert(ends_with(last, " rows/s)\033[K\n"));
}
END_TEST

START_TEST(test_progress_tty_finish_of_short_undrawn_step_prints_nothing)
{
	struct progress p;

	start(&p, 200, 1);
	progress_finish(&p);
	ck_assert_str_eq(output(), "");
}
END_TEST

START_TEST(test_progress_tty_finish_of_long_undrawn_step_prints_summary)
{
	struct progress p;

	start(&p, 0, 1);
	p.done = 42;
	p.start -= 2;
	progress_finish(&p);
	ck_assert(starts_with(output(), "\rloading 42 rows in 2.0 s (21 rows/s)\033[K\n"));
}
END_TEST

START_TEST(test_progress_now_is_monotonic)
{
	double a = progress_now(), b = progress_now();

	ck_assert(a > 0.0);
	ck_assert(b >= a);
}
END_TEST

static Suite *progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc;

	tc = tcase_create("start");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_progress_start_points_at_stderr_with_defaults);
	tcase_add_test(tc, test_progress_start_with_null_label_and_unit_uses_empty_and_items);
	tcase_add_loop_test(tc, test_progress_under_quiet_writes_nothing, 0, N(quiet_cases));
	tcase_add_test(tc, test_progress_at_info_and_debug_levels_is_enabled);
	tcase_add_test(tc, test_progress_now_is_monotonic);
	suite_add_tcase(s, tc);

	tc = tcase_create("lines");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_progress_not_tty_writes_line_once_interval_has_passed);
	tcase_add_test(tc, test_progress_not_tty_writes_nothing_before_interval_or_at_finish);
	tcase_add_test(tc, test_progress_not_tty_writes_one_line_per_interval);
	tcase_add_test(tc, test_progress_not_tty_finish_after_a_line_prints_summary);
	suite_add_tcase(s, tc);

	tc = tcase_create("terminal");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_progress_tty_draws_bar_and_percent_of_known_total,
			    0, N(bar_cases));
	tcase_add_test(tc, test_progress_tty_without_total_draws_count_and_rate_only);
	tcase_add_loop_test(tc, test_progress_tty_eta_is_time_left_at_current_rate,
			    0, N(eta_cases));
	tcase_add_test(tc, test_progress_tty_redraws_at_most_ten_times_a_second);
	tcase_add_test(tc, test_progress_tty_finish_after_drawing_ends_line_with_summary);
	tcase_add_test(tc, test_progress_tty_finish_of_short_undrawn_step_prints_nothing);
	tcase_add_test(tc, test_progress_tty_finish_of_long_undrawn_step_prints_summary);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(progress_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

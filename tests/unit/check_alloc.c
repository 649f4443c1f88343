/*
 * check_alloc.c: unit tests for alloc.c, and allocation failure at each call.
 *
 * For each operation below (several allocations in the error, buf and alloc
 * modules) the suite first counts its allocations N, then fails call i for
 * every i in 1..N twice over: once with the default handler, in a forked
 * child that must exit with status 1 and nothing else (no crash, no sanitizer
 * report), and once with a handler that records the call and longjmps back,
 * which shows the failure came exactly at call i and that what the operation
 * left behind can still be released without a double free or a leak.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "log.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *self_path;

/* A failure handler that records the call and jumps back to the test. */
static jmp_buf handler_jump;
static int handler_calls;
static size_t handler_size;
static unsigned long handler_count;	/* alloc_count() when it ran */

static void recording_handler(size_t size)
{
	handler_calls++;
	handler_size = size;
	handler_count = alloc_count();
	longjmp(handler_jump, 1);
}

static void reset_handler(void)
{
	handler_calls = 0;
	handler_size = 0;
	handler_count = 0;
	alloc_set_failure_handler(recording_handler);
}

static void quiet_log(void)
{
	FILE *devnull = fopen("/dev/null", "w");

	ck_assert_ptr_nonnull(devnull);
	log_set_stream(devnull);
}

/*
 * The operations.  What they allocate hangs off file-scope variables, so
 * that after a longjmp out of the middle the cleanup can release it.
 */
static struct slds_error op_err = SLDS_ERROR_INIT;

static void op_error_run(void)
{
	error_set(&op_err, SLDS_EDATA, "could not parse field \"%s\"", "birth_date");
	error_detail(&op_err, "Line %u has %d fields.", 7u, 12);
	error_hint(&op_err, "Check the delimiter.");
	error_detail(&op_err, "Line %u has %d fields, the header %d.", 7u, 12, 11);
	error_prefix(&op_err, "%s:%u", "students.csv", 7u);
	/* the arguments point into the message being replaced */
	error_set(&op_err, SLDS_EDATA, "%s (again)", op_err.message);
	error_clear(&op_err);
}

static void op_error_cleanup(void)
{
	error_clear(&op_err);
}

static struct buf op_buf = BUF_INIT(1 << 20);
static char *op_detached;

static void op_buf_run(void)
{
	int i;

	for (i = 0; i < 300; i++)
		buf_addf(&op_buf, "%d,%s,%s\n", i, "field", "another field");
	op_detached = buf_detach(&op_buf, NULL);
	free(op_detached);
	op_detached = NULL;
	/* an empty buffer detaches into a fresh allocation */
	op_detached = buf_detach(&op_buf, NULL);
	free(op_detached);
	op_detached = NULL;
}

static void op_buf_cleanup(void)
{
	buf_release(&op_buf);
	free(op_detached);
	op_detached = NULL;
}

static void *op_ptr[8];

static void op_alloc_run(void)
{
	size_t i;

	op_ptr[0] = xstrdup("abc");
	op_ptr[1] = xstrndup("abcdef", 3);
	op_ptr[2] = xstrfmt("%s-%d", "x", 5);
	op_ptr[3] = xmallocarray(10, 4);
	op_ptr[4] = xcalloc(3, 5);
	op_ptr[5] = xmalloc(1);
	op_ptr[5] = xrealloc(op_ptr[5], 100);
	op_ptr[5] = xreallocarray(op_ptr[5], 100, 2);
	for (i = 0; i < N(op_ptr); i++) {
		free(op_ptr[i]);
		op_ptr[i] = NULL;
	}
}

static void op_alloc_cleanup(void)
{
	size_t i;

	for (i = 0; i < N(op_ptr); i++) {
		free(op_ptr[i]);
		op_ptr[i] = NULL;
	}
}

struct operation {
	const char *name;
	void (*run)(void);
	void (*cleanup)(void);
	unsigned long calls;	/* counted by count_operations() */
};

static struct operation operations[] = {
	{ "error_set, error_detail, error_hint, error_prefix", op_error_run, op_error_cleanup, 0 },
	{ "buf_addf growth and buf_detach", op_buf_run, op_buf_cleanup, 0 },
	{ "every x*alloc function", op_alloc_run, op_alloc_cleanup, 0 },
};

/* Every (operation, call) pair, flattened for the loop tests. */
struct injection {
	const struct operation *op;
	unsigned long at;
};

static struct injection injections[256];
static size_t ninjections;

static void count_operations(void)
{
	size_t i;
	unsigned long j, before;

	for (i = 0; i < N(operations); i++) {
		before = alloc_count();
		operations[i].run();
		operations[i].cleanup();
		operations[i].calls = alloc_count() - before;
		for (j = 1; j <= operations[i].calls; j++) {
			if (ninjections == N(injections)) {
				fprintf(stderr, "check_alloc: too many allocations to inject\n");
				exit(1);
			}
			injections[ninjections].op = &operations[i];
			injections[ninjections].at = j;
			ninjections++;
		}
	}
}

START_TEST(test_operations_under_test_make_several_allocations)
{
	size_t i;

	/* fault injection over one call would prove little */
	for (i = 0; i < N(operations); i++)
		ck_assert_msg(operations[i].calls >= 5, "%s makes only %lu allocations",
			      operations[i].name, operations[i].calls);
	ck_assert_uint_eq(ninjections, operations[0].calls + operations[1].calls +
			  operations[2].calls);
}
END_TEST

START_TEST(test_alloc_failure_at_each_call_exits_with_status_1)
{
	const struct injection *inj = &injections[_i];

	quiet_log();
	alloc_fail_at(inj->at);
	inj->op->run();
	/* reaching here means call inj->at did not fail: exit 0 fails the test */
}
END_TEST

START_TEST(test_alloc_failure_at_each_call_reaches_handler_exactly_at_that_call)
{
	const struct injection *inj = &injections[_i];
	unsigned long base;

	reset_handler();
	base = alloc_count();
	alloc_fail_at(inj->at);
	if (setjmp(handler_jump) == 0) {
		inj->op->run();
		ck_abort_msg("%s: allocation %lu did not fail", inj->op->name, inj->at);
	}
	ck_assert_int_eq(handler_calls, 1);
	ck_assert_msg(handler_count - base == inj->at,
		      "%s: handler ran at call %lu, expected %lu",
		      inj->op->name, handler_count - base, inj->at);
	/* what the operation left must be releasable: ASan checks the frees */
	inj->op->cleanup();
	alloc_fail_at(0);
	alloc_set_failure_handler(NULL);
}
END_TEST

START_TEST(test_alloc_failure_after_last_call_lets_operation_finish)
{
	const struct operation *op = &operations[_i];

	reset_handler();
	alloc_fail_at(op->calls + 1);
	if (setjmp(handler_jump) == 0) {
		op->run();
		ck_assert_int_eq(handler_calls, 0);
		/* the very next allocation is the one that fails */
		free(xmalloc(1));
		ck_abort_msg("%s: allocation %lu did not fail", op->name, op->calls + 1);
	}
	ck_assert_int_eq(handler_calls, 1);
	ck_assert_uint_eq(handler_size, 1);
	op->cleanup();
	alloc_set_failure_handler(NULL);
}
END_TEST

/* One call of each function, and what it must count. */
static void one_xmalloc(void) { free(xmalloc(8)); }
static void one_xmalloc_zero(void) { free(xmalloc(0)); }
static void one_xcalloc(void) { free(xcalloc(2, 8)); }
static void one_xcalloc_zero(void) { free(xcalloc(0, 8)); }
static void one_xmallocarray(void) { free(xmallocarray(2, 8)); }
static void one_xrealloc_null(void) { free(xrealloc(NULL, 8)); }
static void one_xreallocarray_null(void) { free(xreallocarray(NULL, 2, 8)); }
static void one_xstrdup(void) { free(xstrdup("abc")); }
static void one_xstrndup(void) { free(xstrndup("abc", 2)); }
static void one_xstrfmt(void) { free(xstrfmt("%d", 42)); }

static void (*const one_call[])(void) = {
	one_xmalloc, one_xmalloc_zero, one_xcalloc, one_xcalloc_zero, one_xmallocarray,
	one_xrealloc_null, one_xreallocarray_null, one_xstrdup, one_xstrndup, one_xstrfmt,
};

START_TEST(test_alloc_count_counts_each_function_as_one_allocation)
{
	unsigned long before = alloc_count();

	one_call[_i]();
	ck_assert_uint_eq(alloc_count() - before, 1);
}
END_TEST

START_TEST(test_alloc_fail_at_1_fails_each_function_on_its_first_call)
{
	reset_handler();
	alloc_fail_at(1);
	if (setjmp(handler_jump) == 0) {
		one_call[_i]();
		ck_abort_msg("function %d did not fail", _i);
	}
	ck_assert_int_eq(handler_calls, 1);
	alloc_set_failure_handler(NULL);
}
END_TEST

START_TEST(test_xstrndup_copies_at_most_n_bytes_and_terminates)
{
	char *p = xstrndup("abcdef", 3);

	ck_assert_str_eq(p, "abc");
	free(p);
	p = xstrndup("ab", 10);
	ck_assert_str_eq(p, "ab");
	free(p);
}
END_TEST

START_TEST(test_xstrfmt_formats_like_printf)
{
	char *p = xstrfmt("%s:%u: %05d", "file.csv", 7u, 42);

	ck_assert_str_eq(p, "file.csv:7: 00042");
	free(p);
}
END_TEST

START_TEST(test_xcalloc_returns_zeroed_memory)
{
	unsigned char *p = xcalloc(64, 4);
	size_t i;

	for (i = 0; i < 256; i++)
		ck_assert_uint_eq(p[i], 0);
	free(p);
}
END_TEST

static void overflow_xmallocarray(void) { free(xmallocarray(SIZE_MAX / 2 + 1, 2)); }
static void overflow_xreallocarray(void) { free(xreallocarray(NULL, SIZE_MAX, 3)); }
static void overflow_xcalloc(void) { free(xcalloc(SIZE_MAX / 4, 8)); }

static void (*const overflow_call[])(void) = {
	overflow_xmallocarray, overflow_xreallocarray, overflow_xcalloc,
};

START_TEST(test_size_overflow_calls_handler_with_size_max)
{
	reset_handler();
	if (setjmp(handler_jump) == 0) {
		overflow_call[_i]();
		ck_abort_msg("overflow %d did not reach the handler", _i);
	}
	ck_assert_int_eq(handler_calls, 1);
	ck_assert_uint_eq(handler_size, SIZE_MAX);
	alloc_set_failure_handler(NULL);
}
END_TEST

START_TEST(test_size_overflow_with_default_handler_exits_with_status_1)
{
	quiet_log();
	overflow_call[_i]();
}
END_TEST

#ifndef __SANITIZE_ADDRESS__
/* ASan aborts on an impossible request instead of returning NULL. */
START_TEST(test_malloc_returning_null_calls_handler_with_requested_size)
{
	reset_handler();
	if (setjmp(handler_jump) == 0) {
		free(xmalloc(SIZE_MAX - 4096));
		ck_abort_msg("malloc(SIZE_MAX - 4096) succeeded");
	}
	ck_assert_int_eq(handler_calls, 1);
	ck_assert_uint_eq(handler_size, SIZE_MAX - 4096);
	alloc_set_failure_handler(NULL);
}
END_TEST
#endif

START_TEST(test_alloc_fail_at_0_turns_injection_off)
{
	int i;

	reset_handler();
	alloc_fail_at(2);
	alloc_fail_at(0);
	if (setjmp(handler_jump) == 0) {
		for (i = 0; i < 5; i++)
			free(xmalloc(4));
	}
	ck_assert_int_eq(handler_calls, 0);
	alloc_set_failure_handler(NULL);
}
END_TEST

START_TEST(test_alloc_reset_count_zeroes_count_and_cancels_injection)
{
	reset_handler();
	free(xmalloc(4));
	alloc_fail_at(2);
	alloc_reset_count();
	ck_assert_uint_eq(alloc_count(), 0);
	if (setjmp(handler_jump) == 0) {
		free(xmalloc(4));
		free(xmalloc(4));
		free(xmalloc(4));
	}
	ck_assert_int_eq(handler_calls, 0);
	ck_assert_uint_eq(alloc_count(), 3);
	alloc_set_failure_handler(NULL);
}
END_TEST

START_TEST(test_injected_failure_happens_once)
{
	reset_handler();
	alloc_fail_at(1);
	if (setjmp(handler_jump) == 0)
		free(xmalloc(4));
	ck_assert_int_eq(handler_calls, 1);
	if (setjmp(handler_jump) == 0) {
		free(xmalloc(4));
		free(xmalloc(4));
	}
	ck_assert_int_eq(handler_calls, 1);
	alloc_set_failure_handler(NULL);
}
END_TEST

START_TEST(test_set_failure_handler_null_restores_default_exit)
{
	quiet_log();
	alloc_set_failure_handler(recording_handler);
	alloc_set_failure_handler(NULL);
	alloc_fail_at(1);
	free(xmalloc(4));
}
END_TEST

/*
 * Run fn in a child whose stderr goes to a pipe; the child's exit status and
 * what it wrote come back.
 */
static int run_capturing_stderr(void (*fn)(void), char *out, size_t size)
{
	int fds[2], status;
	ssize_t n;
	size_t used = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		log_set_stream(NULL);
		fn();
		_exit(99);
	}
	close(fds[1]);
	while (used < size - 1 && (n = read(fds[0], out + used, size - 1 - used)) > 0)
		used += (size_t)n;
	out[used] = '\0';
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

static void fail_first_xmalloc_of_10(void)
{
	alloc_fail_at(1);
	free(xmalloc(10));
}

START_TEST(test_default_handler_prints_out_of_memory_and_exits_1)
{
	char out[512];
	int status = run_capturing_stderr(fail_first_xmalloc_of_10, out, sizeof(out));

	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), SLDS_EXIT_FAILURE);
	ck_assert_str_eq(out, "check_alloc: error: out of memory\n"
			 "check_alloc: detail: Failed on a request for 10 bytes.\n");
}
END_TEST

/*
 * SLDS_ALLOC_FAIL_AT is read at the first allocation of a process, so it is
 * tested in a fresh one: this binary run as "check_alloc --env-child", which
 * makes five allocations and prints the number of each one that succeeded.
 */
#define ENV_CHILD_ARG "--env-child"

static int env_child(void)
{
	int i;

	for (i = 1; i <= 5; i++) {
		free(xmalloc(16));
		printf("%d\n", i);
		fflush(stdout);
	}
	return 0;
}

struct env_case {
	const char *value;	/* NULL: unset */
	int exit_status;
	const char *out;
};

static const struct env_case env_cases[] = {
	{ "1", 1, "" },
	{ "3", 1, "1\n2\n" },
	{ "5", 1, "1\n2\n3\n4\n" },
	{ "6", 0, "1\n2\n3\n4\n5\n" },
	{ "0", 0, "1\n2\n3\n4\n5\n" },		/* 0 is off, as for alloc_fail_at() */
	{ "", 0, "1\n2\n3\n4\n5\n" },
	{ "abc", 0, "1\n2\n3\n4\n5\n" },
	{ "3x", 0, "1\n2\n3\n4\n5\n" },
	{ NULL, 0, "1\n2\n3\n4\n5\n" },
};

START_TEST(test_alloc_fail_at_environment_variable_fails_that_allocation)
{
	const struct env_case *c = &env_cases[_i];
	int out_pipe[2], err_pipe[2], status;
	char out[256], err[512];
	ssize_t n;
	pid_t pid;

	ck_assert_int_eq(pipe(out_pipe), 0);
	ck_assert_int_eq(pipe(err_pipe), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(out_pipe[1], STDOUT_FILENO);
		dup2(err_pipe[1], STDERR_FILENO);
		if (c->value)
			setenv("SLDS_ALLOC_FAIL_AT", c->value, 1);
		else
			unsetenv("SLDS_ALLOC_FAIL_AT");
		execl(self_path, self_path, ENV_CHILD_ARG, (char *)NULL);
		_exit(127);
	}
	close(out_pipe[1]);
	close(err_pipe[1]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	n = read(out_pipe[0], out, sizeof(out) - 1);
	out[n > 0 ? n : 0] = '\0';
	n = read(err_pipe[0], err, sizeof(err) - 1);
	err[n > 0 ? n : 0] = '\0';
	close(out_pipe[0]);
	close(err_pipe[0]);

	ck_assert(WIFEXITED(status));
	ck_assert_msg(WEXITSTATUS(status) == c->exit_status,
		      "SLDS_ALLOC_FAIL_AT=%s: exit %d, expected %d", c->value ? c->value : "(unset)",
		      WEXITSTATUS(status), c->exit_status);
	ck_assert_str_eq(out, c->out);
	if (c->exit_status)
		ck_assert_str_eq(err, "check_alloc: error: out of memory\n"
				 "check_alloc: detail: Failed on a request for 16 bytes.\n");
	else
		ck_assert_str_eq(err, "");
}
END_TEST

static Suite *alloc_suite(void)
{
	Suite *s = suite_create("alloc");
	TCase *tc;

	tc = tcase_create("injection");
	tcase_add_test(tc, test_operations_under_test_make_several_allocations);
	tcase_add_loop_exit_test(tc, test_alloc_failure_at_each_call_exits_with_status_1,
				 SLDS_EXIT_FAILURE, 0, (int)ninjections);
	tcase_add_loop_test(tc, test_alloc_failure_at_each_call_reaches_handler_exactly_at_that_call,
			    0, (int)ninjections);
	tcase_add_loop_test(tc, test_alloc_failure_after_last_call_lets_operation_finish,
			    0, N(operations));
	tcase_add_loop_test(tc, test_alloc_fail_at_1_fails_each_function_on_its_first_call,
			    0, N(one_call));
	tcase_add_test(tc, test_alloc_fail_at_0_turns_injection_off);
	tcase_add_test(tc, test_alloc_reset_count_zeroes_count_and_cancels_injection);
	tcase_add_test(tc, test_injected_failure_happens_once);
	tcase_add_exit_test(tc, test_set_failure_handler_null_restores_default_exit,
			    SLDS_EXIT_FAILURE);
	tcase_add_test(tc, test_default_handler_prints_out_of_memory_and_exits_1);
	tcase_add_loop_test(tc, test_alloc_fail_at_environment_variable_fails_that_allocation,
			    0, N(env_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("functions");
	tcase_add_loop_test(tc, test_alloc_count_counts_each_function_as_one_allocation,
			    0, N(one_call));
	tcase_add_test(tc, test_xstrndup_copies_at_most_n_bytes_and_terminates);
	tcase_add_test(tc, test_xstrfmt_formats_like_printf);
	tcase_add_test(tc, test_xcalloc_returns_zeroed_memory);
	tcase_add_loop_test(tc, test_size_overflow_calls_handler_with_size_max,
			    0, N(overflow_call));
	tcase_add_loop_exit_test(tc, test_size_overflow_with_default_handler_exits_with_status_1,
				 SLDS_EXIT_FAILURE, 0, N(overflow_call));
#ifndef __SANITIZE_ADDRESS__
	tcase_add_test(tc, test_malloc_returning_null_calls_handler_with_requested_size);
#endif
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	SRunner *sr;
	int failures;

	log_init(argv[0]);
	if (argc == 2 && !strcmp(argv[1], ENV_CHILD_ARG))
		return env_child();
	self_path = argv[0];
	count_operations();
	sr = srunner_create(alloc_suite());
	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

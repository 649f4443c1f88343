/*
 * check_db.c: unit tests for the parts of db.c that need no server: which
 * failures are temporary, and identifier quoting.  Everything that talks to
 * PostgreSQL is tested end to end against a real server (tests/e2e/).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "db.h"
#include "error.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct state_case {
	const char *sqlstate;
	int retryable;
};

static const struct state_case states[] = {
	{ "08006", 1 }, { "08001", 1 }, { "08P01", 1 }, { "40001", 1 }, { "40P01", 1 },
	{ "53100", 1 }, { "53300", 1 }, { "57P01", 1 }, { "57P02", 1 }, { "57P03", 1 },
	{ "58030", 1 },
	{ "23505", 0 }, { "22P02", 0 }, { "42601", 0 }, { "40002", 0 }, { "57014", 0 },
	{ "0800", 0 }, { "080066", 0 }, { "", 0 }, { NULL, 0 },
};

START_TEST(test_retryable_sqlstates)
{
	const struct state_case *c = &states[_i];

	ck_assert_msg(db_sqlstate_is_retryable(c->sqlstate) == c->retryable, "%s",
		      c->sqlstate ? c->sqlstate : "NULL");
}
END_TEST

START_TEST(test_quote_ident)
{
	char *q = db_quote_ident("a");

	ck_assert_str_eq(q, "\"a\"");
	free(q);
	q = db_quote_ident("a\"b");
	ck_assert_str_eq(q, "\"a\"\"b\"");
	free(q);
}
END_TEST

START_TEST(test_error_from_a_lost_connection_is_temporary)
{
	struct slds_error err = SLDS_ERROR_INIT;
	PGconn *conn = PQconnectdb("host=/nonexistent-slds-socket-dir connect_timeout=1");

	ck_assert_int_eq(PQstatus(conn), CONNECTION_BAD);
	ck_assert_int_eq(db_error(&err, conn, NULL, "could not do it"), SLDS_ERETRY);
	ck_assert_ptr_nonnull(strstr(err.message, "could not do it: "));
	ck_assert_str_eq(err.sqlstate, "08006");
	ck_assert_int_eq(error_exit_code(err.code), SLDS_EXIT_TEMPFAIL);
	PQfinish(conn);
	error_clear(&err);
}
END_TEST

static Suite *db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("db");

	tcase_add_loop_test(tc, test_retryable_sqlstates, 0, N(states));
	tcase_add_test(tc, test_quote_ident);
	tcase_add_test(tc, test_error_from_a_lost_connection_is_temporary);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(db_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

/*
 * check_db.c: unit tests for the parts of db.c that need no server: which
 * SQLSTATEs are worth a retry, identifier quoting, and the error a failure
 * gives when there is neither a connection nor a result to describe it.
 *
 * Nothing here connects to a database; what talks to PostgreSQL is tested
 * end to end against a throwaway server (tests/e2e/).
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

static const struct state_case state_cases[] = {
	/* connection exceptions: the server went away or never answered */
	{ "08006", 1 },		/* connection_failure */
	{ "08001", 1 },		/* sqlclient_unable_to_establish_sqlconnection */
	{ "08003", 1 },		/* connection_does_not_exist */
	/* concurrency: run the transaction again */
	{ "40001", 1 },		/* serialization_failure */
	{ "40P01", 1 },		/* deadlock_detected */
	/* resources and operator intervention */
	{ "53100", 1 },		/* disk_full */
	{ "53300", 1 },		/* too_many_connections */
	{ "57P01", 1 },		/* admin_shutdown */
	{ "57P02", 1 },		/* crash_shutdown */
	{ "57P03", 1 },		/* cannot_connect_now */
	{ "58030", 1 },		/* io_error */
	{ "58P01", 0 },		/* undefined_file: missing again next time */
	{ "58P02", 0 },		/* duplicate_file */
	/* the statement or the data is wrong: the same again fails again */
	{ "23505", 0 },		/* unique_violation */
	{ "23503", 0 },		/* foreign_key_violation */
	{ "22P02", 0 },		/* invalid_text_representation */
	{ "42601", 0 },		/* syntax_error */
	{ "42P01", 0 },		/* undefined_table */
	{ "40002", 0 },		/* transaction_integrity_constraint_violation */
	{ "57014", 0 },		/* query_canceled */
	{ "XX000", 0 },		/* internal_error */
	/* not SQLSTATEs */
	{ "", 0 },
	{ NULL, 0 },
	{ "0800", 0 },
	{ "08", 0 },
	{ "080066", 0 },
	{ "40001 ", 0 },
	{ "4000", 0 },
	{ "40P0", 0 },
};

START_TEST(test_db_sqlstate_is_retryable_table)
{
	const struct state_case *c = &state_cases[_i];

	ck_assert_msg(db_sqlstate_is_retryable(c->sqlstate) == c->retryable,
		      "db_sqlstate_is_retryable(%s%s%s) should be %d",
		      c->sqlstate ? "\"" : "", c->sqlstate ? c->sqlstate : "NULL",
		      c->sqlstate ? "\"" : "", c->retryable);
}
END_TEST

struct quote_case {
	const char *in;
	const char *out;
};

static const struct quote_case quote_cases[] = {
	{ "a", "\"a\"" },
	{ "a\"b", "\"a\"\"b\"" },
	{ "", "\"\"" },
	{ "\"", "\"\"\"\"" },
	{ "\"\"", "\"\"\"\"\"\"" },
	{ "Student", "\"Student\"" },		/* case is kept */
	{ "a b", "\"a b\"" },
	{ "warehouse.student", "\"warehouse.student\"" },	/* one identifier, not two */
	{ "x'; DROP TABLE t; --", "\"x'; DROP TABLE t; --\"" },
	{ "Garc\xC3\xAD" "a", "\"Garc\xC3\xAD" "a\"" },
};

START_TEST(test_db_quote_ident_table_doubles_quotes_and_wraps)
{
	const struct quote_case *c = &quote_cases[_i];
	char *q = db_quote_ident(c->in);

	ck_assert_ptr_nonnull(q);
	ck_assert_str_eq(q, c->out);
	free(q);
}
END_TEST

START_TEST(test_db_error_without_connection_or_result_is_edb_with_context)
{
	struct slds_error err = SLDS_ERROR_INIT;

	ck_assert_int_eq(db_error(&err, NULL, NULL, "could not insert rows"), SLDS_EDB);
	ck_assert_int_eq(err.code, SLDS_EDB);
	ck_assert_ptr_nonnull(err.message);
	ck_assert_msg(!strncmp(err.message, "could not insert rows: ", 23), "message \"%s\"",
		      err.message);
	ck_assert_str_eq(err.sqlstate, "");
	ck_assert_int_eq(db_error(NULL, NULL, NULL, "x"), SLDS_EDB);
	error_clear(&err);
}
END_TEST

/*
 * A connection that failed (no server behind the socket path: nothing is
 * reached) is a temporary failure, SQLSTATE 08006, exit code 75.
 */
START_TEST(test_db_error_on_a_failed_connection_is_temporary)
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

/*
 * A database error is rechecked against the connection: gone, it becomes a
 * temporary failure (the server went away); other errors, and errors
 * without a connection, are left as they are.
 */
START_TEST(test_db_error_recheck_turns_an_error_on_a_lost_connection_temporary)
{
	struct slds_error err = SLDS_ERROR_INIT;
	PGconn *conn = PQconnectdb("host=/nonexistent-slds-socket-dir connect_timeout=1");

	error_set(&err, SLDS_EDB, "could not insert rows: lost connection to parallel worker");
	ck_assert_int_eq(db_error_recheck(&err, conn), SLDS_ERETRY);
	ck_assert_int_eq(err.code, SLDS_ERETRY);
	ck_assert_str_eq(err.message, "could not insert rows: lost connection to parallel worker");
	ck_assert_ptr_nonnull(err.detail);
	ck_assert_ptr_nonnull(strstr(err.detail, "connection to the server was lost"));
	error_clear(&err);

	error_set(&err, SLDS_EDB, "could not insert rows: boom");
	error_detail(&err, "Key (id)=(1) already exists.");
	ck_assert_int_eq(db_error_recheck(&err, conn), SLDS_ERETRY);
	ck_assert_str_eq(err.detail, "Key (id)=(1) already exists.");
	error_clear(&err);

	error_set(&err, SLDS_EDATA, "file is not a matched file");
	ck_assert_int_eq(db_error_recheck(&err, conn), SLDS_EDATA);
	error_clear(&err);

	error_set(&err, SLDS_EDB, "could not insert rows: boom");
	ck_assert_int_eq(db_error_recheck(&err, NULL), SLDS_EDB);
	ck_assert_ptr_null(err.detail);
	error_clear(&err);

	ck_assert_int_eq(db_error_recheck(NULL, conn), SLDS_OK);
	PQfinish(conn);
}
END_TEST

static Suite *db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("pure");

	tcase_add_loop_test(tc, test_db_sqlstate_is_retryable_table, 0, N(state_cases));
	tcase_add_loop_test(tc, test_db_quote_ident_table_doubles_quotes_and_wraps,
			    0, N(quote_cases));
	tcase_add_test(tc, test_db_error_without_connection_or_result_is_edb_with_context);
	tcase_add_test(tc, test_db_error_on_a_failed_connection_is_temporary);
	tcase_add_test(tc, test_db_error_recheck_turns_an_error_on_a_lost_connection_temporary);
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

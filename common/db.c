/*
 * db.c: libpq helpers: connect, execute, stream COPY, classify failures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "alloc.h"
#include "buf.h"
#include "db.h"
#include "error.h"
#include "banned.h"

#define COPY_BLOCK (64 * 1024)

/*
 * SQLSTATE classes and codes after which the same work may succeed if run
 * again: connection exceptions (08), serialization failure and deadlock
 * (40001, 40P01), insufficient resources (53), operator intervention such as
 * a server shutting down (57P01..57P03), and an I/O error (58030); not the
 * other system errors of class 58 (a file missing or duplicated will be so
 * again).  Everything
 * else (syntax, constraint violations, data exceptions) will fail again.
 */
int db_sqlstate_is_retryable(const char *sqlstate)
{
	if (!sqlstate || strlen(sqlstate) != 5)
		return 0;
	if (!strncmp(sqlstate, "08", 2) || !strncmp(sqlstate, "53", 2))
		return 1;
	return !strcmp(sqlstate, "40001") || !strcmp(sqlstate, "40P01") ||
	       !strcmp(sqlstate, "57P01") || !strcmp(sqlstate, "57P02") ||
	       !strcmp(sqlstate, "57P03") || !strcmp(sqlstate, "58030");
}

/* libpq messages end with a newline, sometimes several lines: keep the first line. */
static char *first_line(const char *msg)
{
	size_t n;

	if (!msg)
		return xstrdup("unknown error");
	n = strcspn(msg, "\n");
	return xstrndup(msg, n);
}

int db_error(struct slds_error *err, PGconn *conn, const PGresult *res, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	int lost = conn && PQstatus(conn) == CONNECTION_BAD;
	int code = (lost || db_sqlstate_is_retryable(state)) ? SLDS_ERETRY : SLDS_EDB;
	char *msg;

	if (primary) {
		msg = xstrdup(primary);
	} else if (res && PQresultErrorMessage(res)[0]) {
		msg = first_line(PQresultErrorMessage(res));
	} else {
		msg = first_line(conn ? PQerrorMessage(conn) : NULL);
	}
	error_set(err, code, "%s: %s", what, msg);
	free(msg);
	if (detail)
		error_detail(err, "%s", detail);
	if (hint)
		error_hint(err, "%s", hint);
	if (err) {
		if (state)
			snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", state);
		else if (lost)
			snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", "08006");
	}
	return code;
}

int db_error_recheck(struct slds_error *err, PGconn *conn)
{
	if (!err)
		return SLDS_OK;
	if (err->code != SLDS_EDB || !conn)
		return err->code;
	if (PQstatus(conn) == CONNECTION_OK)
		PQclear(PQexec(conn, "ROLLBACK"));
	if (PQstatus(conn) == CONNECTION_BAD) {
		err->code = SLDS_ERETRY;
		if (!err->detail)
			error_detail(err, "The connection to the server was lost just after the error.");
	}
	return err->code;
}

PGconn *db_connect(const char *conninfo, const char *appname, struct slds_error *err)
{
	const char *keys[] = { "dbname", "fallback_application_name", "client_encoding", NULL };
	const char *vals[] = { conninfo, appname, "UTF8", NULL };
	PGconn *conn;
	PGresult *res;

	conn = PQconnectdbParams(keys, vals, 1);
	if (!conn) {
		error_set(err, SLDS_ERETRY, "could not connect to database: out of memory");
		return NULL;
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		char *msg = xstrdup(PQerrorMessage(conn)), *in, *out;

		/*
		 * libpq's message may span lines ("connection to server ... failed:
		 * ...\n\tIs the server running...?"): make it one line.
		 */
		for (in = out = msg; *in; in++) {
			if (*in == '\n' || *in == '\t') {
				while (in[1] == '\n' || in[1] == '\t' || in[1] == ' ')
					in++;
				*in = ' ';
			}
			*out++ = *in;
		}
		while (out > msg && out[-1] == ' ')
			out--;
		*out = '\0';
		error_set(err, SLDS_ERETRY, "could not connect to database: %s", msg);
		if (err)
			snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", "08001");
		error_hint(err, "Check --dbname or the PGHOST, PGPORT, PGDATABASE and PGUSER variables, and that the server is running.");
		free(msg);
		PQfinish(conn);
		return NULL;
	}
	res = PQexec(conn, "SET DateStyle = ISO; SET IntervalStyle = iso_8601");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		db_error(err, conn, res, "could not set up session");
		PQclear(res);
		PQfinish(conn);
		return NULL;
	}
	PQclear(res);
	return conn;
}

PGresult *db_query(PGconn *conn, const char *sql, int nparams,
		   const char *const *params, struct slds_error *err)
{
	PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	db_error(err, conn, res, "query failed");
	PQclear(res);
	return NULL;
}

int db_exec(PGconn *conn, const char *sql, struct slds_error *err)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = db_error(err, conn, res, "statement failed");
	PQclear(res);
	return rc;
}

int db_pipeline_begin(PGconn *conn, struct slds_error *err)
{
	if (!PQenterPipelineMode(conn))
		return db_error(err, conn, NULL, "could not enter pipeline mode");
	return 0;
}

int db_pipeline_send(PGconn *conn, const char *sql, int nparams, const char *const *params,
		     struct slds_error *err)
{
	if (!PQsendQueryParams(conn, sql, nparams, NULL, params, NULL, NULL, 0))
		return db_error(err, conn, NULL, "could not send a statement");
	return 0;
}

int db_pipeline_sync(PGconn *conn, struct slds_error *err)
{
	if (!PQpipelineSync(conn))
		return db_error(err, conn, NULL, "could not send the statements");
	return 0;
}

int db_pipeline_end(PGconn *conn, size_t sent, struct slds_error *err)
{
	PGresult *res;
	size_t i;
	int rc = 0, synced = 0;

	/* Each statement's result, then NULL; PGRES_PIPELINE_ABORTED after a failure. */
	for (i = 0; i < sent && PQstatus(conn) == CONNECTION_OK; i++) {
		while ((res = PQgetResult(conn))) {
			ExecStatusType st = PQresultStatus(res);

			if (st == PGRES_PIPELINE_SYNC) {
				synced = 1;	/* sent fewer than said: should not happen */
			} else if (!rc && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
				   st != PGRES_PIPELINE_ABORTED) {
				rc = db_error(err, conn, res, "statement failed");
			}
			PQclear(res);
			if (synced)
				break;
		}
		if (synced)
			break;
	}
	while (!synced && PQstatus(conn) == CONNECTION_OK && (res = PQgetResult(conn))) {
		synced = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
		if (!synced && !rc && PQresultStatus(res) == PGRES_FATAL_ERROR)
			rc = db_error(err, conn, res, "statement failed");
		PQclear(res);
	}
	if (!rc && (!synced || PQstatus(conn) != CONNECTION_OK))
		rc = db_error(err, conn, NULL, "the connection failed while statements ran");
	if (!PQexitPipelineMode(conn) && !rc)
		rc = db_error(err, conn, NULL, "could not leave pipeline mode");
	return rc;
}

int db_copy_begin(struct db_copy *c, PGconn *conn, const char *copy_sql,
		  struct slds_error *err)
{
	PGresult *res;

	c->conn = conn;
	c->rows = 0;
	c->active = 0;
	buf_init(&c->out, 2 * COPY_BLOCK);
	res = PQexec(conn, copy_sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		int rc = db_error(err, conn, res, "could not start COPY");

		PQclear(res);
		return rc;
	}
	PQclear(res);
	c->active = 1;
	return 0;
}

static int copy_flush(struct db_copy *c, struct slds_error *err)
{
	if (c->out.len == 0)
		return 0;
	if (PQputCopyData(c->conn, c->out.data, (int)c->out.len) != 1)
		return db_error(err, c->conn, NULL, "could not send COPY data");
	buf_reset(&c->out);
	return 0;
}

int db_copy_put(struct db_copy *c, const char *data, size_t len, struct slds_error *err)
{
	while (len) {
		size_t room = COPY_BLOCK - (c->out.len < COPY_BLOCK ? c->out.len : COPY_BLOCK);
		size_t n = len < room ? len : room;

		if (n == 0) {
			int rc = copy_flush(c, err);

			if (rc)
				return rc;
			continue;
		}
		if (buf_add(&c->out, data, n) < 0)
			return error_set(err, SLDS_EINTERNAL, "COPY buffer overflow");
		data += n;
		len -= n;
		if (c->out.len >= COPY_BLOCK) {
			int rc = copy_flush(c, err);

			if (rc)
				return rc;
		}
	}
	return 0;
}

int db_copy_end(struct db_copy *c, unsigned long long *rows, struct slds_error *err)
{
	PGresult *res;
	int rc = copy_flush(c, err);

	if (rc) {
		db_copy_abort(c, "could not send data");
		return rc;
	}
	c->active = 0;
	buf_release(&c->out);
	if (PQputCopyEnd(c->conn, NULL) != 1)
		return db_error(err, c->conn, NULL, "could not end COPY");
	while ((res = PQgetResult(c->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			rc = db_error(err, c->conn, res, "COPY failed");
		} else if (rows) {
			*rows = strtoull(PQcmdTuples(res), NULL, 10);
		}
		PQclear(res);
	}
	return rc;
}

void db_copy_abort(struct db_copy *c, const char *reason)
{
	PGresult *res;

	if (c->active) {
		c->active = 0;
		PQputCopyEnd(c->conn, reason ? reason : "aborted");
		while ((res = PQgetResult(c->conn)) != NULL)
			PQclear(res);
	}
	buf_release(&c->out);
}

int db_copy_out_send(PGconn *conn, const char *copy_sql, struct slds_error *err)
{
	if (!PQsendQuery(conn, copy_sql))
		return db_error(err, conn, NULL, "could not start COPY");
	return 0;
}

int db_copy_out_read(PGconn *conn, db_copy_row_fn row, void *ctx, struct slds_error *err)
{
	PGresult *res = PQgetResult(conn);
	char *data;
	int n, rc = 0;

	if (PQresultStatus(res) != PGRES_COPY_OUT) {
		rc = db_error(err, conn, res, "could not start COPY");
		PQclear(res);
		/* The rest of the query's results, so the connection is usable. */
		while ((res = PQgetResult(conn)) != NULL)
			PQclear(res);
		return rc;
	}
	PQclear(res);
	/* Read every row even after a callback fails: the connection stays usable. */
	while ((n = PQgetCopyData(conn, &data, 0)) > 0) {
		if (!rc)
			rc = row(ctx, data, n > 0 && data[n - 1] == '\n' ? (size_t)n - 1 : (size_t)n, err);
		PQfreemem(data);
	}
	if (n == -2 && !rc)
		rc = db_error(err, conn, NULL, "COPY failed");
	while ((res = PQgetResult(conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && !rc)
			rc = db_error(err, conn, res, "COPY failed");
		PQclear(res);
	}
	return rc;
}

int db_copy_out(PGconn *conn, const char *copy_sql, db_copy_row_fn row, void *ctx,
		struct slds_error *err)
{
	int rc = db_copy_out_send(conn, copy_sql, err);

	return rc ? rc : db_copy_out_read(conn, row, ctx, err);
}

char *db_quote_ident(const char *ident)
{
	struct buf b = BUF_INIT((size_t)-1 / 2);
	const char *p;

	buf_addch(&b, '"');
	for (p = ident; *p; p++) {
		if (*p == '"')
			buf_addch(&b, '"');
		buf_addch(&b, *p);
	}
	buf_addch(&b, '"');
	return buf_detach(&b, NULL);
}

/*
 * db.h: libpq helpers: connect, execute with parameters, stream COPY, and
 * classify failures into retryable or not.
 *
 * Connection settings follow libpq: a conninfo string or URI (--dbname), and
 * otherwise PGHOST, PGPORT, PGDATABASE, PGUSER and service files.  Every
 * failure fills a struct slds_error with the server's message, detail, hint and
 * SQLSTATE, and the code SLDS_ERETRY when running again may succeed (connection
 * lost or refused, serialization failure, deadlock, server shutting down, out
 * of resources), SLDS_EDB otherwise.
 */
#ifndef SLDS_DB_H
#define SLDS_DB_H

#include <stddef.h>
#include <libpq-fe.h>

#include "buf.h"

struct slds_error;

/*
 * Connect.  conninfo may be NULL (libpq's defaults and PG* variables).
 * appname becomes fallback_application_name.  Returns a connection, or NULL
 * with err set (SLDS_ERETRY: a refused or failed connection is temporary).
 * Every session runs with client_encoding UTF8 and DateStyle ISO.
 */
PGconn *db_connect(const char *conninfo, const char *appname, struct slds_error *err);

/* Run a statement that returns no rows.  0 or SLDS_EDB/SLDS_ERETRY. */
int db_exec(PGconn *conn, const char *sql, struct slds_error *err);

/*
 * Run a statement with text parameters (NULL entries are SQL NULL) and return
 * its result (PGRES_TUPLES_OK or PGRES_COMMAND_OK), which the caller PQclear()s;
 * NULL with err set on failure.  PQgetvalue() strings live until PQclear().
 */
PGresult *db_query(PGconn *conn, const char *sql, int nparams,
		   const char *const *params, struct slds_error *err);

/*
 * Fill err from a failed result (or, if res is NULL, from the connection),
 * prefixed with what was being done ("could not insert rows: ...").  Returns
 * the code it set.
 */
int db_error(struct slds_error *err, PGconn *conn, const PGresult *res,
	     const char *what);

/* 1 if a statement that failed with this SQLSTATE may succeed if run again. */
int db_sqlstate_is_retryable(const char *sqlstate);

/*
 * After a failure err classed SLDS_EDB, ask the server whether it is still
 * there (a ROLLBACK, which also ends the failed transaction).  A server
 * shutting down or crashing can fail a statement with an error that does
 * not say so before the connection drops: an immediate shutdown stops the
 * parallel workers first, and their leader reports "lost connection to
 * parallel worker" (SQLSTATE 55000).  If the connection is gone, err becomes
 * SLDS_ERETRY.  Returns err's code.
 */
int db_error_recheck(struct slds_error *err, PGconn *conn);

/*
 * Statements sent now and their results read later, so that the client
 * works while the server runs them (libpq's pipeline mode):
 *
 *	db_pipeline_begin(conn, err);
 *	db_pipeline_send(conn, sql, n, params, err); ...
 *	db_pipeline_sync(conn, err);	   -- sent; the server starts
 *	... other work, not on conn ...
 *	db_pipeline_end(conn, sent, err);  -- wait: 0, or the first failure
 *
 * The statements run in order; after a failure the rest are skipped.  No
 * COPY in a pipeline.  db_pipeline_end() must follow a successful
 * db_pipeline_begin() (it leaves pipeline mode, whatever happened), with
 * the number of statements db_pipeline_send() accepted.  All return 0 or
 * SLDS_EDB/SLDS_ERETRY.
 */
int db_pipeline_begin(PGconn *conn, struct slds_error *err);
int db_pipeline_send(PGconn *conn, const char *sql, int nparams, const char *const *params,
		     struct slds_error *err);
int db_pipeline_sync(PGconn *conn, struct slds_error *err);
int db_pipeline_end(PGconn *conn, size_t sent, struct slds_error *err);

/*
 * A COPY FROM STDIN in progress.  Rows are buffered and sent in blocks of
 * 64 KiB; put whole rows in COPY text format (fields escaped, '\n' at the end).
 */
struct db_copy {
	PGconn *conn;	/* borrowed */
	struct buf out;
	unsigned long long rows;
	int active;
};

/* Start "COPY ... FROM STDIN".  0 or an error code. */
int db_copy_begin(struct db_copy *c, PGconn *conn, const char *copy_sql,
		  struct slds_error *err);
/* Append bytes (one or more whole rows, or part of a row). */
int db_copy_put(struct db_copy *c, const char *data, size_t len, struct slds_error *err);
/* Send what is buffered, end the COPY and read its result.  rows may be NULL. */
int db_copy_end(struct db_copy *c, unsigned long long *rows, struct slds_error *err);
/* Abandon the COPY (the server rolls it back) and free the buffer. */
void db_copy_abort(struct db_copy *c, const char *reason);

/*
 * Run "COPY ... TO STDOUT" and hand each row (COPY text format, without its
 * '\n') to row, which returns 0 or an error code; the first error stops the
 * callbacks (the rest of the rows are read and dropped) and is returned.
 */
typedef int (*db_copy_row_fn)(void *ctx, const char *line, size_t len, struct slds_error *err);
int db_copy_out(PGconn *conn, const char *copy_sql, db_copy_row_fn row, void *ctx,
		struct slds_error *err);
/*
 * db_copy_out() in two steps, so that the server runs the query while the
 * client does other work (not on this connection) in between: send it, then
 * read its rows.  A send that fails needs no read.
 */
int db_copy_out_send(PGconn *conn, const char *copy_sql, struct slds_error *err);
int db_copy_out_read(PGconn *conn, db_copy_row_fn row, void *ctx, struct slds_error *err);
/* Quote an identifier for SQL ("a""b"), into a new string. */
char *db_quote_ident(const char *ident);

#endif

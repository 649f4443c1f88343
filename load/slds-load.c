/*
 * slds-load: load a matched submission into the warehouse, all or nothing.
 *
 * Each record file streams with COPY, unchanged, into a temporary staging
 * table of text columns; then, in the same transaction, for each record type
 * the submission carries (its manifest names a file of it, or it has rows of
 * it), the rows of every earlier submission of the same scope (LEA, school
 * year, collection, record type) are deleted and the staged rows inserted
 * with their types, and the submission is marked loaded (the earlier ones
 * superseded).  A record type the submission does not carry keeps the rows
 * it has.  Either all of a submission is visible or none of it.  Loading a
 * submission already loaded changes nothing and says so; so does loading a
 * superseded one.  A submission older than one already loaded for its scope
 * is marked superseded and not loaded.  Other scopes, and so other school
 * years, are never touched.  What each run did, per record type, is printed
 * on stdout and kept in ops.load_summary.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "canon.h"
#include "cli.h"
#include "catalog.h"
#include "db.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "manifest.h"
#include "parse.h"
#include "progress.h"
#include "banned.h"

#define SQL_MAX (64 * 1024)

struct load_options {
	const char *dbname;
	const char *input_dir;
	int retries;		/* of a temporary failure: lost connection, serialization */
};

static void help(const char *progname);

static const char *sql_type(const struct field_def *fd)
{
	switch (fd->type) {
	case FIELD_INT:
		return "integer";
	case FIELD_DECIMAL:
		return "numeric";
	case FIELD_DATE:
		return "date";
	case FIELD_SSID:
		return "char(10)";
	case FIELD_TEXT:
	case FIELD_CODE:
		break;
	}
	return "text";
}

/* COPY a canonical file into a new staging table; its columns are the file's. */
static int stage_file(PGconn *conn, const struct record_def *rec, const char *path,
		      unsigned long long *rows, struct slds_error *err)
{
	struct canon_reader r;
	struct db_copy cp;
	struct buf sql = BUF_INIT(SQL_MAX);
	struct progress meter;
	int copying = 0, rc;
	size_t i;

	rc = canon_reader_open(&r, path, err);
	if (rc)
		goto cleanup;
	if (strcmp(r.record, rec->name) ||
	    (record_has_student(rec) && canon_reader_column(&r, "ssid_assigned") < 0)) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" is not a matched %s file", path,
			       rec->name);
		goto cleanup;
	}
	buf_addf(&sql, "CREATE TEMP TABLE stage_%s (", rec->name);
	for (i = 0; i < r.ncols; i++) {
		char *q = db_quote_ident(r.columns[i]);

		buf_addf(&sql, "%s%s text", i ? ", " : "", q);
		free(q);
	}
	buf_adds(&sql, ") ON COMMIT DROP");
	rc = db_exec(conn, sql.data, err);
	if (rc)
		goto cleanup;
	buf_reset(&sql);
	buf_addf(&sql, "COPY stage_%s FROM STDIN", rec->name);
	rc = db_copy_begin(&cp, conn, sql.data, err);
	if (rc)
		goto cleanup;
	copying = 1;
	progress_start(&meter, rec->name, 0, "rows");
	while ((rc = canon_reader_next(&r, err)) == 1) {
		rc = db_copy_put(&cp, r.line.data, r.line.len, err);
		if (!rc)
			rc = db_copy_put(&cp, "\n", 1, err);
		if (rc)
			goto cleanup;
		if ((r.lineno & 0xFFF) == 0)
			progress_update(&meter, r.lineno - 1);
	}
	if (rc < 0)
		goto cleanup;
	copying = 0;
	rc = db_copy_end(&cp, rows, err);
	progress_finish(&meter);
cleanup:
	if (copying)
		db_copy_abort(&cp, "load aborted");
	canon_reader_close(&r);
	buf_release(&sql);
	return rc;
}

/*
 * Replace the scope's rows of one record type with the staged rows: delete
 * those of every submission of the scope (the same LEA, school year and
 * collection: so never another school year's), counted as replaced, and
 * insert the staged ones with their types.
 */
static int replace_scope(PGconn *conn, const struct record_def *rec, const char *const *scope,
			 unsigned long long *replaced, unsigned long long *inserted,
			 struct slds_error *err)
{
	struct buf sql = BUF_INIT(SQL_MAX);
	int keyed = record_has_student(rec);
	PGresult *res;
	size_t i;
	int rc;

	buf_addf(&sql, "DELETE FROM %s w USING ops.submission s"
		 " WHERE w.submission_id = s.submission_id"
		 " AND s.lea_id = $1 AND s.school_year = $2::integer AND s.collection = $3",
		 rec->table);
	res = db_query(conn, sql.data, 3, scope, err);
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	*replaced = strtoull(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	buf_reset(&sql);
	buf_addf(&sql, "INSERT INTO %s (submission_id, source_file, source_line%s", rec->table,
		 keyed ? ", ssid" : "");
	for (i = 0; i < rec->nfields; i++)
		if (rec->fields[i].column)
			buf_addf(&sql, ", %s", rec->fields[i].column);
	buf_addf(&sql, ") SELECT $1::bigint, _file, _line::bigint%s", keyed ? ", ssid_assigned" : "");
	for (i = 0; i < rec->nfields; i++) {
		const struct field_def *fd = &rec->fields[i];
		char *q;

		if (!fd->column)
			continue;
		q = db_quote_ident(fd->name);
		buf_addf(&sql, ", %s::%s", q, sql_type(fd));
		free(q);
	}
	buf_addf(&sql, " FROM stage_%s", rec->name);
	res = db_query(conn, sql.data, 1, &scope[3], err);
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	*inserted = strtoull(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	rc = 0;
cleanup:
	buf_release(&sql);
	return rc;
}

/*
 * The school year's partition of every warehouse table partitioned by year
 * (migration 007), made in the load's transaction if it is the year's
 * first load: its rows then never land in the default partition.
 */
static int year_partitions(PGconn *conn, const char *year, struct slds_error *err)
{
	PGresult *res = db_query(conn,
				 "SELECT c.relname FROM pg_partitioned_table p"
				 " JOIN pg_class c ON c.oid = p.partrelid"
				 " JOIN pg_namespace n ON n.oid = c.relnamespace"
				 " WHERE n.nspname = 'warehouse'", 0, NULL, err);
	int i, rc = 0;

	if (!res)
		return err->code;
	/* "already exists, skipping" is no news: most loads are not a year's first. */
	rc = db_exec(conn, "SET LOCAL client_min_messages = warning", err);
	for (i = 0; i < PQntuples(res) && !rc; i++) {
		const char *t = PQgetvalue(res, i, 0);
		char *part = xstrfmt("%s_y%s", t, year);
		char *qpart = db_quote_ident(part), *qt = db_quote_ident(t);
		char *sql = xstrfmt("CREATE TABLE IF NOT EXISTS warehouse.%s PARTITION OF warehouse.%s"
				    " FOR VALUES IN (%s)", qpart, qt, year);

		rc = db_exec(conn, sql, err);
		free(sql);
		free(qpart);
		free(qt);
		free(part);
	}
	PQclear(res);
	return rc;
}

/*
 * Note the SSIDs whose demographic history a record type's replacement
 * changes: those of the scope's rows about to be deleted and those staged.
 * Only student and program records feed the history (migration 009).
 */
static int touch_ssids(PGconn *conn, const struct record_def *rec, const char *const *scope,
		       struct slds_error *err)
{
	char *sql;
	PGresult *res;

	sql = xstrfmt("INSERT INTO touched_ssid SELECT DISTINCT w.ssid FROM %s w"
		      " JOIN ops.submission s ON s.submission_id = w.submission_id"
		      " WHERE s.lea_id = $1 AND s.school_year = $2::integer AND s.collection = $3"
		      " UNION SELECT ssid_assigned::char(10) FROM stage_%s"
		      " ON CONFLICT DO NOTHING", rec->table, rec->name);
	res = db_query(conn, sql, 3, scope, err);
	free(sql);
	if (!res)
		return err->code;
	PQclear(res);
	return 0;
}

static int feeds_history(const struct record_def *rec)
{
	return !strcmp(rec->name, "student") || !strcmp(rec->name, "program");
}

/* What a run did to one record type of the submission. */
struct load_figures {
	unsigned long long inserted;	/* rows of the submission inserted */
	unsigned long long replaced;	/* rows of earlier submissions of the scope deleted */
	unsigned long long unchanged;	/* already loaded: the submission's rows left as they were */
	double seconds;
};

enum load_outcome {
	LOAD_LOADED,
	LOAD_UNCHANGED,		/* already loaded, or superseded: nothing changed */
	LOAD_SUPERSEDED		/* older than a loaded one: marked superseded, not loaded */
};

static const char *const outcome_names[] = { "loaded", "unchanged", "superseded" };

/* 1 if the submission's manifest names a file of this record type. */
static int manifest_names_record(const struct manifest *m, const char *record)
{
	size_t i;

	for (i = 0; i < m->nfiles; i++)
		if (m->files[i].record && !strcmp(m->files[i].record, record))
			return 1;
	return 0;
}

/* The rows a submission has in the warehouse now, per record type. */
static int count_unchanged(PGconn *conn, const char *id, struct load_figures *figs,
			   struct slds_error *err)
{
	const char *params[] = { id };
	size_t i;

	for (i = 0; i < catalog_nrecords(); i++) {
		char *sql = xstrfmt("SELECT count(*) FROM %s WHERE submission_id = $1::bigint",
				    catalog_record_at(i)->table);
		PGresult *res = db_query(conn, sql, 1, params, err);

		free(sql);
		if (!res)
			return err->code;
		figs[i].unchanged = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	return 0;
}

/* Record the run's figures in ops.load_summary, in the run's transaction. */
static int record_summary(PGconn *conn, const char *id, enum load_outcome outcome,
			  const struct load_figures *figs, struct slds_error *err)
{
	size_t i;

	for (i = 0; i < catalog_nrecords(); i++) {
		char ins[24], rep[24], unch[24], secs[32];
		const char *params[] = { id, outcome_names[outcome], catalog_record_at(i)->name,
					 ins, rep, unch, secs };
		PGresult *res;

		snprintf(ins, sizeof(ins), "%llu", figs[i].inserted);
		snprintf(rep, sizeof(rep), "%llu", figs[i].replaced);
		snprintf(unch, sizeof(unch), "%llu", figs[i].unchanged);
		snprintf(secs, sizeof(secs), "%.3f", figs[i].seconds);
		res = db_query(conn, "INSERT INTO ops.load_summary (submission_id, run_at, outcome,"
			       " record_type, rows_inserted, rows_replaced, rows_unchanged, seconds)"
			       " VALUES ($1::bigint, now(), $2, $3, $4::bigint, $5::bigint, $6::bigint,"
			       " $7::numeric)", 7, params, err);
		if (!res)
			return err->code;
		PQclear(res);
	}
	return 0;
}

/*
 * The summary on stdout, one line per record type then the total, in
 * columns that do not move: scripts read them with awk.
 */
static void print_summary(const char *submission, enum load_outcome outcome, const char *why,
			  const struct load_figures *figs)
{
	struct load_figures total = { 0, 0, 0, 0.0 };
	size_t i;

	printf("submission %s: %s%s%s\n", submission, outcome_names[outcome],
	       why ? ", " : "", why ? why : "");
	printf("%-20s %12s %12s %12s %9s\n", "record", "inserted", "replaced", "unchanged",
	       "seconds");
	for (i = 0; i < catalog_nrecords(); i++) {
		printf("%-20s %12llu %12llu %12llu %9.3f\n", catalog_record_at(i)->name,
		       figs[i].inserted, figs[i].replaced, figs[i].unchanged, figs[i].seconds);
		total.inserted += figs[i].inserted;
		total.replaced += figs[i].replaced;
		total.unchanged += figs[i].unchanged;
		total.seconds += figs[i].seconds;
	}
	printf("%-20s %12llu %12llu %12llu %9.3f\n", "total", total.inserted, total.replaced,
	       total.unchanged, total.seconds);
	fflush(stdout);
}

static int run_load(const struct load_options *opts, struct slds_error *err)
{
	struct manifest m = MANIFEST_INIT;
	char *summary = path_join(opts->input_dir, SUBMISSION_NAME);
	struct load_figures *figs = xcalloc(catalog_nrecords(), sizeof(*figs));
	enum load_outcome outcome = LOAD_LOADED;
	char *why = NULL;
	PGconn *conn = NULL;
	PGresult *res = NULL;
	char year[12], total_s[24], id[24];
	const char *scope[4];
	unsigned long long total = 0;
	double t0 = progress_now();
	size_t i;
	int history = 0, rc;

	if (!is_dir(opts->input_dir)) {
		rc = error_set(err, SLDS_ENOENT, "input folder \"%s\" does not exist",
			       opts->input_dir);
		goto cleanup;
	}
	rc = manifest_read(&m, summary, err);
	if (rc == SLDS_ENOENT)
		error_hint(err, "The input folder is the output folder of slds-match; run it first.");
	if (rc)
		goto cleanup;
	if (!m.submission) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" names no submission", summary);
		goto cleanup;
	}
	snprintf(year, sizeof(year), "%d", m.school_year);
	conn = db_connect(opts->dbname, "slds-load", err);
	if (!conn) {
		rc = err->code;
		goto cleanup;
	}
	rc = db_exec(conn, "BEGIN", err);
	if (rc)
		goto cleanup;
	{
		const char *params[] = { m.submission };

		res = db_query(conn, "SELECT s.submission_id, s.status, s.lea_id, s.school_year,"
			       " s.collection, n.submission_key"
			       " FROM ops.submission s LEFT JOIN ops.submission n"
			       " ON n.submission_id = s.superseded_by"
			       " WHERE s.submission_key = $1 FOR UPDATE OF s",
			       1, params, err);
	}
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	if (PQntuples(res) != 1) {
		error_set(err, SLDS_EDATA, "submission %s is not registered", m.submission);
		error_hint(err, "Run slds-ingest on it with a database (without --offline) first.");
		rc = SLDS_EDATA;
		goto cleanup;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	if (strcmp(PQgetvalue(res, 0, 2), m.lea_id) || strcmp(PQgetvalue(res, 0, 3), year) ||
	    strcmp(PQgetvalue(res, 0, 4), m.collection)) {
		rc = error_set(err, SLDS_EDATA,
			       "submission %s was registered with another LEA, school year or collection",
			       m.submission);
		goto cleanup;
	}
	if (!strcmp(PQgetvalue(res, 0, 1), "loaded") ||
	    !strcmp(PQgetvalue(res, 0, 1), "superseded")) {
		/* Not an error: a rerun over an inbox that still holds it. */
		outcome = LOAD_UNCHANGED;
		if (!strcmp(PQgetvalue(res, 0, 1), "loaded"))
			why = xstrdup("already loaded; nothing changed");
		else if (!PQgetisnull(res, 0, 5))
			why = xstrfmt("superseded by %s; nothing changed", PQgetvalue(res, 0, 5));
		else
			why = xstrdup("superseded; nothing changed");
		PQclear(res);
		res = NULL;
		rc = count_unchanged(conn, id, figs, err);
		if (!rc)
			rc = record_summary(conn, id, outcome, figs, err);
		if (!rc)
			rc = db_exec(conn, "COMMIT", err);
		goto cleanup;
	}
	PQclear(res);
	res = NULL;
	scope[0] = m.lea_id;
	scope[1] = year;
	scope[2] = m.collection;
	scope[3] = id;
	/* One loader per scope at a time. */
	res = db_query(conn, "SELECT pg_advisory_xact_lock(hashtextextended($1::text || '/' || $2::text || '/' || $3::text, 0))",
		       3, scope, err);
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	PQclear(res);
	/* A newer submission of the scope already loaded makes this one obsolete. */
	res = db_query(conn, "SELECT submission_key FROM ops.submission"
		       " WHERE lea_id = $1 AND school_year = $2::integer AND collection = $3"
		       " AND status = 'loaded' AND submission_id > $4::bigint",
		       4, scope, err);
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	if (PQntuples(res) > 0) {
		const char *params[] = { id };
		PGresult *r2 = db_query(conn, "UPDATE ops.submission SET status = 'superseded' WHERE submission_id = $1",
					1, params, err);

		if (!r2) {
			rc = err->code;
			goto cleanup;
		}
		PQclear(r2);
		outcome = LOAD_SUPERSEDED;
		why = xstrfmt("older than %s, already loaded; not loaded", PQgetvalue(res, 0, 0));
		log_warning("submission %s is older than %s, already loaded; marked superseded, not loaded",
			    m.submission, PQgetvalue(res, 0, 0));
		rc = record_summary(conn, id, outcome, figs, err);
		if (!rc)
			rc = db_exec(conn, "COMMIT", err);
		goto cleanup;
	}
	PQclear(res);
	res = NULL;

	rc = year_partitions(conn, year, err);
	if (!rc)
		rc = db_exec(conn, "CREATE TEMP TABLE touched_ssid (ssid char(10) PRIMARY KEY)"
			     " ON COMMIT DROP", err);
	if (rc)
		goto cleanup;
	for (i = 0; i < catalog_nrecords(); i++) {
		const struct record_def *rec = catalog_record_at(i);
		char *path = xstrfmt("%s/%s.copy", opts->input_dir, rec->name);
		unsigned long long staged = 0;
		double t = progress_now();

		rc = stage_file(conn, rec, path, &staged, err);
		free(path);
		if (rc)
			goto cleanup;
		log_info("%s: staged %llu rows in %.3f s", rec->name, staged, progress_now() - t);
		/*
		 * The scope is per record type: a submission that brings no
		 * file and no row of a record type leaves that type's rows of
		 * earlier submissions in place (an LEA resending enrollment
		 * alone keeps its course grades).
		 */
		if (staged == 0 && !manifest_names_record(&m, rec->name)) {
			log_info("%s: none in the submission; earlier rows kept", rec->name);
			continue;
		}
		log_info("%s: replacing the scope's rows with %llu staged rows", rec->name, staged);
		if (feeds_history(rec)) {
			rc = touch_ssids(conn, rec, scope, err);
			if (rc)
				goto cleanup;
			history = 1;
		}
		rc = replace_scope(conn, rec, scope, &figs[i].replaced, &figs[i].inserted, err);
		if (rc)
			goto cleanup;
		if (staged != figs[i].inserted) {
			rc = error_set(err, SLDS_EINTERNAL, "staged %llu %s rows but inserted %llu",
				       staged, rec->name, figs[i].inserted);
			goto cleanup;
		}
		figs[i].seconds = progress_now() - t;
		log_info("%s: %llu rows inserted, %llu replaced in %.1f s", rec->name,
			 figs[i].inserted, figs[i].replaced, figs[i].seconds);
		total += figs[i].inserted;
	}
	if (history) {
		double t = progress_now();

		log_info("recomputing the demographic history of the students the load touched");
		res = db_query(conn, "SELECT warehouse.refresh_student_demographic()", 0, NULL, err);
		if (!res) {
			rc = err->code;
			goto cleanup;
		}
		log_info("%s versions of demographic history in %.1f s", PQgetvalue(res, 0, 0),
			 progress_now() - t);
		PQclear(res);
		res = NULL;
	}
	snprintf(total_s, sizeof(total_s), "%llu", total);
	{
		const char *p1[] = { m.lea_id, year, m.collection, id };
		const char *p2[] = { id, total_s };
		const char *p3[] = { m.submission, id, total_s };

		res = db_query(conn, "UPDATE ops.submission SET status = 'superseded', superseded_by = $4::bigint"
			       " WHERE lea_id = $1 AND school_year = $2::integer AND collection = $3"
			       " AND status = 'loaded' AND submission_id <> $4::bigint",
			       4, p1, err);
		if (res) {
			PQclear(res);
			res = db_query(conn, "UPDATE ops.submission SET status = 'loaded', loaded_at = now(),"
				       " rows_loaded = $2::bigint WHERE submission_id = $1",
				       2, p2, err);
		}
		if (res) {
			PQclear(res);
			res = db_query(conn, "INSERT INTO ops.audit_log (action, object, detail)"
				       " VALUES ('load', $1, jsonb_build_object('submission_id', $2::bigint,"
				       " 'rows', $3::bigint))",
				       3, p3, err);
		}
		if (!res) {
			rc = err->code;
			goto cleanup;
		}
	}
	rc = record_summary(conn, id, outcome, figs, err);
	if (!rc)
		rc = db_exec(conn, "COMMIT", err);
	if (!rc)
		log_info("loaded submission %s: %llu rows in %.1f s", m.submission, total,
			 progress_now() - t0);

cleanup:
	/* An error just before the server went away is the going away. */
	if (rc == SLDS_EDB)
		rc = db_error_recheck(err, conn);
	/* Only what was committed is reported. */
	if (!rc && log_get_level() < LOG_ERROR)
		print_summary(m.submission, outcome, why, figs);
	if (res)
		PQclear(res);
	if (conn)
		PQfinish(conn);
	manifest_release(&m);
	free(summary);
	free(figs);
	free(why);
	return rc;
}

/*
 * A load that failed for a temporary reason (a lost connection, a
 * serialization failure, a server shutting down) rolled back whole; it is
 * tried again after 1, 2, 4... seconds.  Temporary tables die with their
 * session, so nothing is left from the failed try.
 */
static int load_with_retries(const struct load_options *opts, struct slds_error *err)
{
	int attempt, rc = 0;

	for (attempt = 0; attempt <= opts->retries; attempt++) {
		if (attempt) {
			log_warning("%s; trying again in %d s (%d of %d)", err->message,
				    1 << (attempt - 1), attempt, opts->retries);
			error_clear(err);
			sleep(1u << (attempt - 1));
		}
		rc = run_load(opts, err);
		if (rc != SLDS_ERETRY)
			break;
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "dbname", required_argument, NULL, 'd' },
		CLI_OPTION_HELP,
		{ "retries", required_argument, NULL, 'r' },
		CLI_OPTION_QUIET,
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const args[] = { "input folder" };
	struct load_options opts = { NULL, NULL, 3 };
	struct slds_error err = SLDS_ERROR_INIT;
	int c, code;

	log_init(argv[0]);
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	while ((c = getopt_long(argc, argv, "d:r:" CLI_SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			return code;
		if (c == 'd') {
			opts.dbname = optarg;
		} else if (c == 'r') {
			int64_t n;

			if (parse_int64(optarg, strlen(optarg), 0, 10, &n) != PARSE_OK)
				return cli_usage_error("--retries must be a number from 0 to 10, not \"%s\"",
						       optarg);
			opts.retries = (int)n;
		}
	}
	if ((code = cli_check_args(argc - optind, argv + optind, 1, 1, args)) != 0)
		return code;
	opts.input_dir = argv[optind];
	return cli_exit(load_with_retries(&opts, &err), &err);
}

static void help(const char *progname)
{
	printf("%s loads a matched submission into the warehouse, all or nothing.\n\n",
	       progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... INPUT_DIR\n\n", progname);
	printf("INPUT_DIR is the output folder of slds-match.  The submission's rows\n"
	       "replace those of earlier submissions for the same LEA, school year,\n"
	       "collection and record type, in one transaction; a record type the\n"
	       "submission has no file of keeps its rows.  Loading it again changes\n"
	       "nothing.\n\n");
	printf("It prints a summary on stdout: per record type, the rows inserted, the\n"
	       "rows of earlier submissions replaced, the rows left unchanged (when the\n"
	       "submission was already loaded) and the seconds taken.  The same figures\n"
	       "go to the table ops.load_summary.\n\n");
	printf("Options:\n");
	printf("  -d, --dbname=CONNINFO     the warehouse's database (default: PG* variables)\n");
	printf("  -r, --retries=N           tries again after a temporary failure, N times\n"
	       "                            (default 3; waits 1, 2, 4... s)\n");
	printf("  -q, --quiet               print errors only (no summary)\n");
	printf("  -v, --verbose             print the progress of each record type\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Exit status: 0 success (also when already loaded or superseded), 64 bad\n"
	       "invocation, 65 input malformed or not registered, 66 input missing,\n"
	       "75 database unreachable or busy after the retries (safe to retry),\n"
	       "1 other failure.\n");
}

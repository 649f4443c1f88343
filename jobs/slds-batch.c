/*
 * slds-batch: apply migrations, and run the nightly batch.
 *
 *   slds-batch migrate     apply sql/NNN_name.sql in order, each once, recorded
 *                          with its SHA-256 in ops.schema_migration; a changed
 *                          applied file is refused
 *   slds-batch run         for every submission in the inbox: ingest, validate,
 *                          match, load; then the reports
 *
 * Each stage is its own program, run as a child process on files in the work
 * folder; its exit code decides what happens next (DESIGN.md): 0 go on; 65 the
 * submission is rejected (the LEA's to fix: nothing of it is loaded, and a
 * validation that rejected it, for a file that broke a fatal rule, still
 * has its report published) and the run goes on with the others; 75
 * retried with back-off; anything else stops the run.  Every run
 * and step is recorded in ops.batch_run and ops.batch_step.
 */
/*
 * flock(2) is not POSIX: it is the lock flock(1) takes too, so an operator
 * (or a test) can see and hold the work folder's lock from a shell.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "manifest.h"
#include "summary.h"
#include "parse.h"
#include "sha256.h"
#include "banned.h"

#ifndef SLDS_DATADIR
#define SLDS_DATADIR "/usr/local/share/slds"
#endif

struct batch_options {
	const char *dbname;
	const char *sql_dir;
	const char *inbox;
	const char *work_dir;
	const char *outbox;
	const char *edfi_map;		/* passed to slds-ingest */
	const char *edfi_schemas;	/* passed to slds-ingest */
	int retries;
};

struct run_state {
	const struct batch_options *opts;
	PGconn *conn;
	char run_id[24];
	int step_no;
	char *bindir;
	int loaded, superseded, rejected, max_year;
};

static void help(const char *progname);

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the entries of dir that are folders (not starting with '.'). */
static char **list_dirs(const char *dir, size_t *n, struct slds_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d) {
		error_set(err, errno == ENOENT ? SLDS_ENOENT : SLDS_EIO,
			  "could not open folder \"%s\": %s", dir, strerror(errno));
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		char *full;

		if (e->d_name[0] == '.')
			continue;
		full = path_join(dir, e->d_name);
		if (is_dir(full)) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 16;
				names = xreallocarray(names, cap, sizeof(*names));
			}
			names[(*n)++] = xstrdup(e->d_name);
		}
		free(full);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_str);
	else if (!names)
		names = xmalloc(sizeof(*names));
	return names;
}

static void free_list(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Migrations. */

static int is_migration_name(const char *name)
{
	size_t len = strlen(name), i;

	if (len < 9 || strcmp(name + len - 4, ".sql"))
		return 0;
	for (i = 0; i < 3; i++)
		if (name[i] < '0' || name[i] > '9')
			return 0;
	if (name[3] != '_')
		return 0;
	for (i = 4; i < len - 4; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_'))
			return 0;
	return 1;
}

static char *find_sql_dir(const char *given, const char *bindir)
{
	char *p;

	if (given)
		return xstrdup(given);
	if (bindir) {
		p = xstrfmt("%s/../sql", bindir);
		if (is_dir(p))
			return p;
		free(p);
	}
	return xstrdup(SLDS_DATADIR "/sql");
}

static int migrate(const struct batch_options *opts, const char *bindir, struct slds_error *err)
{
	char *dir = find_sql_dir(opts->sql_dir, bindir);
	char **files = NULL;
	size_t nfiles = 0, i;
	PGconn *conn = NULL;
	PGresult *res = NULL;
	int rc, applied = 0;

	files = list_dirs(dir, &nfiles, err);	/* only to check the folder exists */
	if (!files) {
		rc = err->code;
		if (rc == SLDS_ENOENT)
			error_hint(err, "Give the migrations' folder with --sql-dir.");
		goto cleanup;
	}
	free_list(files, nfiles);
	files = NULL;
	{
		DIR *d = opendir(dir);
		struct dirent *e;
		size_t cap = 0;

		if (!d) {
			rc = error_set(err, SLDS_EIO, "could not open folder \"%s\": %s", dir,
				       strerror(errno));
			goto cleanup;
		}
		nfiles = 0;
		while ((e = readdir(d)) != NULL) {
			if (!is_migration_name(e->d_name))
				continue;
			if (nfiles == cap) {
				cap = cap ? 2 * cap : 16;
				files = xreallocarray(files, cap, sizeof(*files));
			}
			files[nfiles++] = xstrdup(e->d_name);
		}
		closedir(d);
		if (nfiles)
			qsort(files, nfiles, sizeof(*files), cmp_str);
	}
	if (nfiles == 0) {
		rc = error_set(err, SLDS_ENOENT, "folder \"%s\" holds no migrations", dir);
		goto cleanup;
	}
	conn = db_connect(opts->dbname, "slds-batch", err);
	if (!conn) {
		rc = err->code;
		goto cleanup;
	}
	/* One migrator at a time; the lock ends with the session. */
	rc = db_exec(conn, "SET client_min_messages = warning;"
		     " SELECT pg_advisory_lock(hashtextextended('slds-migrate', 0));"
		     " CREATE SCHEMA IF NOT EXISTS ops;"
		     " CREATE TABLE IF NOT EXISTS ops.schema_migration ("
		     " version text PRIMARY KEY, sha256 text NOT NULL,"
		     " applied_at timestamptz NOT NULL DEFAULT now(),"
		     " applied_by text NOT NULL DEFAULT current_user)", err);
	if (rc)
		goto cleanup;
	for (i = 0; i < nfiles; i++) {
		char hex[SHA256_HEX_LEN + 1];
		char *path = path_join(dir, files[i]), *sql = NULL;
		const char *params[] = { files[i], hex };
		size_t len;

		rc = read_file(path, 16 * 1024 * 1024, &sql, &len, err);
		free(path);
		if (rc)
			goto cleanup;
		sha256_hex(sql, len, hex);
		res = db_query(conn, "SELECT sha256 FROM ops.schema_migration WHERE version = $1",
			       1, params, err);
		if (!res) {
			free(sql);
			rc = err->code;
			goto cleanup;
		}
		if (PQntuples(res) == 1) {
			if (strcmp(PQgetvalue(res, 0, 0), hex)) {
				error_set(err, SLDS_EDATA,
					  "migration \"%s\" was changed after it was applied", files[i]);
				error_detail(err, "It was applied with SHA-256 %s; the file now has %s.",
					     PQgetvalue(res, 0, 0), hex);
				error_hint(err, "Never edit an applied migration: restore it and add a new one.");
				free(sql);
				rc = SLDS_EDATA;
				goto cleanup;
			}
			PQclear(res);
			res = NULL;
			free(sql);
			continue;
		}
		PQclear(res);
		res = NULL;
		rc = db_exec(conn, "BEGIN", err);
		if (!rc) {
			rc = db_exec(conn, sql, err);
			if (rc)
				error_prefix(err, "could not apply migration \"%s\"", files[i]);
		}
		free(sql);
		if (!rc) {
			res = db_query(conn, "INSERT INTO ops.schema_migration (version, sha256)"
				       " VALUES ($1, $2)", 2, params, err);
			if (!res)
				rc = err->code;
			PQclear(res);
			res = NULL;
		}
		if (!rc)
			rc = db_exec(conn, "COMMIT", err);
		if (rc) {
			PQclear(PQexec(conn, "ROLLBACK"));
			goto cleanup;
		}
		log_info("applied migration %s", files[i]);
		applied++;
	}
	printf("%d migration%s applied, %zu in all\n", applied, applied == 1 ? "" : "s", nfiles);
	rc = 0;
cleanup:
	if (res)
		PQclear(res);
	if (conn)
		PQfinish(conn);
	free_list(files, nfiles);
	free(dir);
	return rc;
}

/* Running. */

static int exec_sql(struct run_state *st, const char *sql, int n, const char *const *params,
		    PGresult **out, struct slds_error *err)
{
	PGresult *res = db_query(st->conn, sql, n, params, err);

	if (!res)
		return err->code;
	if (out)
		*out = res;
	else
		PQclear(res);
	return 0;
}

/* Run a stage program and wait for it; its exit code, or 70 if it died. */
static int spawn(struct run_state *st, const char *prog, char *const *args)
{
	char *path = xstrfmt("%s/%s", st->bindir, prog);
	char *argv[16];
	size_t n = 0, i;
	int status;

	argv[n++] = path;
	/*
	 * slds-validate always gets the database, "" for the PG* variables:
	 * without --dbname it would skip the Level 2 rules.
	 */
	if (st->opts->dbname || !strcmp(prog, "slds-validate")) {
		argv[n++] = (char *)"--dbname";
		argv[n++] = (char *)(st->opts->dbname ? st->opts->dbname : "");
	}
	if (log_get_level() >= LOG_ERROR)
		argv[n++] = (char *)"--quiet";
	else if (log_get_level() <= LOG_INFO)
		argv[n++] = (char *)"--verbose";
	for (i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	status = cli_run(argv);
	free(path);
	return status;
}

/*
 * Run one step, retrying a temporary failure (75) with back-off, and record it.
 * Returns the program's last exit code, or -1 if the step could not be recorded.
 */
static int step(struct run_state *st, const char *submission, const char *name,
		const char *prog, char *const *args, struct slds_error *err)
{
	char step_no[12], attempts_s[12], code_s[12];
	const char *params[] = { st->run_id, step_no, submission, name };
	int attempts = 0, code;

	snprintf(step_no, sizeof(step_no), "%d", ++st->step_no);
	if (exec_sql(st, "INSERT INTO ops.batch_step (run_id, step_no, submission_key, step)"
		     " VALUES ($1, $2, $3, $4)", 4, params, NULL, err))
		return -1;
	for (;;) {
		attempts++;
		code = spawn(st, prog, args);
		if (code != SLDS_EXIT_TEMPFAIL || attempts > st->opts->retries)
			break;
		log_warning("%s of %s failed temporarily; retrying in %d s (attempt %d of %d)",
			    name, submission ? submission : "the run", 1 << (attempts - 1),
			    attempts + 1, st->opts->retries + 1);
		sleep(1u << (attempts - 1));
	}
	snprintf(attempts_s, sizeof(attempts_s), "%d", attempts);
	snprintf(code_s, sizeof(code_s), "%d", code);
	{
		const char *p2[] = { st->run_id, step_no, attempts_s, code_s };

		if (exec_sql(st, "UPDATE ops.batch_step SET finished_at = now(), attempts = $3,"
			     " exit_code = $4 WHERE run_id = $1 AND step_no = $2", 4, p2, NULL, err))
			return -1;
	}
	return code;
}

static int mark_rejected(struct run_state *st, const char *key, struct slds_error *err)
{
	const char *params[] = { key };

	return exec_sql(st, "UPDATE ops.submission SET status = 'rejected'"
			" WHERE submission_key = $1 AND status = 'received'", 1, params, NULL, err);
}

/* The LEA's copy of the rejection report: OUTBOX/LEA/SUBMISSION/report.{csv,html}. */
static int publish_report(const struct run_state *st, const char *lea, const char *name,
			  const char *d_validate, struct slds_error *err)
{
	static const char *const files[] = { "report.csv", "report.html" };
	char *dir = xstrfmt("%s/%s/%s", st->opts->outbox, lea, name);
	size_t i;
	int rc = mkdir_p(dir, err);

	for (i = 0; !rc && i < sizeof(files) / sizeof(files[0]); i++) {
		char *from = path_join(d_validate, files[i]), *to = path_join(dir, files[i]);
		char *data = NULL;
		size_t len;

		rc = read_file(from, (size_t)1 << 34, &data, &len, err);
		if (!rc)
			rc = write_file_atomic(to, data, len, err);
		free(data);
		free(from);
		free(to);
	}
	free(dir);
	return rc;
}

/*
 * 1 if validation ran to its end in d_validate: it writes submission.ini
 * last (and removes an old one first), after the report.
 */
static int validated(const char *d_validate)
{
	char *path = path_join(d_validate, SUBMISSION_NAME);
	int ok = access(path, F_OK) == 0;

	free(path);
	return ok;
}

/*
 * Process one submission.  Returns 0 when it was loaded or rejected for its
 * data, the stopping exit code otherwise, -1 on a failure of our own (err).
 */
static int process_submission(struct run_state *st, const char *lea, const char *name,
			      struct slds_error *err)
{
	char *sub = xstrfmt("%s/%s/%s", st->opts->inbox, lea, name);
	char *base = xstrfmt("%s/%s/%s", st->opts->work_dir, lea, name);
	char *d_ingest = xstrfmt("%s/ingest", base), *d_validate = xstrfmt("%s/validate", base);
	char *d_match = xstrfmt("%s/match", base);
	char *key = xstrfmt("%s/%s", lea, name), *manifest_path = path_join(sub, MANIFEST_NAME);
	struct manifest m = MANIFEST_INIT;
	struct slds_error merr = SLDS_ERROR_INIT;
	int code = 0;

	/* An LEA submits only for itself: the manifest must name the inbox's LEA. */
	if (manifest_read(&m, manifest_path, &merr) == 0) {
		if (strcmp(m.lea_id, lea)) {
			log_error("submission %s names LEA \"%s\" in its manifest but is in the inbox of LEA \"%s\"; rejected",
				  key, m.lea_id, lea);
			st->rejected++;
			goto cleanup;
		}
		if (m.school_year > st->max_year)
			st->max_year = m.school_year;
	}
	{
		char *a1[7];
		size_t n1 = 0;
		char *a2[] = { d_ingest, d_validate, NULL };
		char *a3[] = { d_validate, d_match, NULL };
		char *a4[] = { d_match, NULL };
		struct { const char *name, *prog; char **args; } steps[] = {
			{ "ingest", "slds-ingest", a1 },
			{ "validate", "slds-validate", a2 },
			{ "match", "slds-match", a3 },
			{ "load", "slds-load", a4 },
		};
		size_t i;

		/* The state's Ed-Fi configuration is ingest's. */
		if (st->opts->edfi_map) {
			a1[n1++] = (char *)"--edfi-map";
			a1[n1++] = (char *)st->opts->edfi_map;
		}
		if (st->opts->edfi_schemas) {
			a1[n1++] = (char *)"--edfi-schemas";
			a1[n1++] = (char *)st->opts->edfi_schemas;
		}
		a1[n1++] = sub;
		a1[n1++] = d_ingest;
		a1[n1] = NULL;
		for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			code = step(st, key, steps[i].name, steps[i].prog, steps[i].args, err);
			if (code < 0)
				goto cleanup;
			if (code == SLDS_EXIT_DATAERR) {
				log_warning("submission %s rejected at %s; it is the LEA's to fix",
					    key, steps[i].name);
				st->rejected++;
				/* A fatal rule's rejection comes with a report the LEA needs. */
				if (i == 1 && validated(d_validate) &&
				    publish_report(st, lea, name, d_validate, err)) {
					code = -1;
					goto cleanup;
				}
				code = mark_rejected(st, key, err) ? -1 : 0;
				goto cleanup;
			}
			if (code != 0) {
				log_error("%s of submission %s failed with exit code %d; stopping the run",
					  steps[i].name, key, code);
				goto cleanup;
			}
			if (i == 1 && publish_report(st, lea, name, d_validate, err)) {
				code = -1;
				goto cleanup;
			}
		}
		/* A load that found a newer submission of its scope loaded nothing. */
		{
			const char *params[] = { key };
			PGresult *res = NULL;

			if (exec_sql(st, "SELECT status FROM ops.submission WHERE submission_key = $1",
				     1, params, &res, err)) {
				code = -1;
				goto cleanup;
			}
			if (PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), "superseded"))
				st->superseded++;
			else
				st->loaded++;
			PQclear(res);
		}
	}
cleanup:
	manifest_release(&m);
	error_clear(&merr);
	free(sub);
	free(base);
	free(d_ingest);
	free(d_validate);
	free(d_match);
	free(key);
	free(manifest_path);
	return code;
}

/*
 * Take the work folder for this run: one run at a time may use it, or stage
 * files would be overwritten under another run.  Returns the locked file's
 * descriptor (released when it is closed, or when the process ends however
 * it ends), or -1 with err set: SLDS_ERETRY when another run holds it.
 */
static int lock_work_dir(const char *work_dir, struct slds_error *err)
{
	char *path;
	int fd;

	if (mkdir_p(work_dir, err))
		return -1;
	path = path_join(work_dir, ".slds-batch.lock");
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		error_set(err, SLDS_EIO, "could not open file \"%s\": %s", path, strerror(errno));
	} else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int busy = errno == EWOULDBLOCK;

		error_set(err, busy ? SLDS_ERETRY : SLDS_EIO,
			  busy ? "work folder \"%s\" is in use by another batch run"
			       : "could not lock work folder \"%s\"", work_dir);
		if (busy)
			error_hint(err, "Wait for that run to end; its lock is on \"%s\".", path);
		close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

/*
 * Run the batch.  Returns 0 or an error code of our own (err set); when a
 * stage stopped the run, 0 with its exit code in *stage_exit.
 */
/*
 * The submissions of an inbox in the order they are processed: by the school
 * year their manifest names, then by LEA and folder name.  A run that holds
 * several years (a backfill, a first statewide load of a history) takes
 * them as the nights would have: each year's Level 2 rules see the years
 * before it loaded, and a student who changed LEAs is matched against the
 * registry of the years before, not first given a new SSID by a later year
 * of the LEA he moved to.  A submission whose manifest cannot be read keeps
 * year 0 and comes first, to be rejected by slds-ingest as before.
 */
struct queued {
	char *lea, *name;
	int school_year;
};

static int queued_cmp(const void *x, const void *y)
{
	const struct queued *a = x, *b = y;
	int c;

	if (a->school_year != b->school_year)
		return a->school_year < b->school_year ? -1 : 1;
	c = strcmp(a->lea, b->lea);
	return c ? c : strcmp(a->name, b->name);
}

static void free_queue(struct queued *q, size_t n)
{
	size_t i;

	for (i = 0; q && i < n; i++) {
		free(q[i].lea);
		free(q[i].name);
	}
	free(q);
}

static struct queued *list_submissions(const char *inbox, char **leas, size_t nleas, size_t *n,
				       struct slds_error *err)
{
	struct queued *q = xmalloc(sizeof(*q));
	size_t cap = 1, i, k;

	*n = 0;
	for (i = 0; i < nleas; i++) {
		char *dir = path_join(inbox, leas[i]);
		size_t nsubs = 0;
		char **subs = list_dirs(dir, &nsubs, err);

		free(dir);
		if (!subs) {
			free_queue(q, *n);
			return NULL;
		}
		for (k = 0; k < nsubs; k++) {
			char *path = xstrfmt("%s/%s/%s/%s", inbox, leas[i], subs[k], MANIFEST_NAME);
			struct manifest m = MANIFEST_INIT;
			struct slds_error merr = SLDS_ERROR_INIT;

			if (*n == cap) {
				cap *= 2;
				q = xreallocarray(q, cap, sizeof(*q));
			}
			q[*n].lea = xstrdup(leas[i]);
			q[*n].name = xstrdup(subs[k]);
			q[*n].school_year = manifest_read(&m, path, &merr) == 0 ? m.school_year : 0;
			(*n)++;
			manifest_release(&m);
			free(path);
		}
		free_list(subs, nsubs);
	}
	qsort(q, *n, sizeof(*q), queued_cmp);
	return q;
}

static int run_batch(const struct batch_options *opts, const char *bindir, int *stage_exit,
		     struct slds_error *err)
{
	struct run_state st;
	char **leas = NULL;
	struct queued *queue = NULL;
	size_t nleas = 0, nqueue = 0, i;
	PGresult *res = NULL;
	int rc = 0, code = 0, lock_fd;

	memset(&st, 0, sizeof(st));
	st.opts = opts;
	st.bindir = (char *)bindir;
	if (!is_dir(opts->inbox))
		return error_set(err, SLDS_ENOENT, "inbox \"%s\" does not exist", opts->inbox);
	lock_fd = lock_work_dir(opts->work_dir, err);
	if (lock_fd < 0)
		return err->code;
	leas = list_dirs(opts->inbox, &nleas, err);
	if (!leas) {
		close(lock_fd);
		return err->code;
	}
	st.conn = db_connect(opts->dbname, "slds-batch", err);
	if (!st.conn) {
		rc = err->code;
		goto cleanup;
	}
	{
		const char *params[] = { opts->inbox, opts->work_dir, opts->outbox };

		rc = exec_sql(&st, "INSERT INTO ops.batch_run (inbox, work_dir, outbox)"
			      " VALUES ($1, $2, $3) RETURNING run_id", 3, params, &res, err);
		if (rc)
			goto cleanup;
		snprintf(st.run_id, sizeof(st.run_id), "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
		res = NULL;
	}
	log_info("batch run %s started", st.run_id);
	queue = list_submissions(opts->inbox, leas, nleas, &nqueue, err);
	if (!queue) {
		rc = err->code;
		goto cleanup;
	}
	for (i = 0; i < nqueue && code == 0; i++) {
		code = process_submission(&st, queue[i].lea, queue[i].name, err);
		if (code < 0) {
			rc = err->code ? err->code : SLDS_ERROR;
			goto cleanup;
		}
	}
	if (code == 0) {
		char *out = xstrfmt("%s/state", opts->outbox);

		rc = rejection_summary(opts->inbox, opts->work_dir, out, err);
		free(out);
		if (rc)
			goto cleanup;
	}
	/*
	 * Review items the matcher opened before the other LEAs' submissions of
	 * the year were loaded, scored again with their enrollments.
	 */
	if (code == 0 && st.loaded > 0) {
		char *args[] = { (char *)"review", (char *)"recheck", NULL };

		code = step(&st, NULL, "recheck", "slds-ssid", args, err);
		if (code < 0) {
			rc = err->code;
			goto cleanup;
		}
	}
	if (code == 0 && st.loaded > 0) {
		char *out = xstrfmt("%s/state", opts->outbox);
		char year[12];
		char *args[] = { (char *)"--output-dir", out, (char *)"--school-year", year,
				 (char *)"enrollment-counts", NULL };

		snprintf(year, sizeof(year), "%d", st.max_year);
		code = step(&st, NULL, "report", "slds-report", args, err);
		free(out);
		if (code < 0) {
			rc = err->code;
			goto cleanup;
		}
	}
	{
		const char *params[] = { st.run_id, code == 0 ? "succeeded" : "failed" };

		rc = exec_sql(&st, "UPDATE ops.batch_run SET finished_at = now(), status = $2"
			      " WHERE run_id = $1", 2, params, NULL, err);
		if (rc)
			goto cleanup;
	}
	printf("batch run %s: %d submission%s loaded, %d superseded, %d rejected%s\n", st.run_id,
	       st.loaded, st.loaded == 1 ? "" : "s", st.superseded, st.rejected,
	       code == 0 ? "" : "; stopped on a failure");
	rc = 0;
cleanup:
	if (res)
		PQclear(res);
	if (st.conn)
		PQfinish(st.conn);
	free_queue(queue, nqueue);
	free_list(leas, nleas);
	close(lock_fd);
	*stage_exit = code > 0 ? code : 0;
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "dbname", required_argument, NULL, 'd' },
		{ "edfi-map", required_argument, NULL, 'M' },
		{ "edfi-schemas", required_argument, NULL, 'S' },
		CLI_OPTION_HELP,
		{ "inbox", required_argument, NULL, 'i' },
		{ "outbox", required_argument, NULL, 'o' },
		CLI_OPTION_QUIET,
		{ "retries", required_argument, NULL, 'r' },
		{ "sql-dir", required_argument, NULL, 's' },
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ "work-dir", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const args[] = { "command" };
	struct batch_options opts = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, 3 };
	struct slds_error err = SLDS_ERROR_INIT;
	const char *command;
	char *bindir = NULL;
	int c, code, rc, stage_exit = 0;

	log_init(argv[0]);
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	while ((c = getopt_long(argc, argv, "d:i:o:r:s:w:" CLI_SHORT_OPTIONS, long_options,
				NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			return code;
		switch (c) {
		case 'd':
			opts.dbname = optarg;
			break;
		case 'M':
			opts.edfi_map = optarg;
			break;
		case 'S':
			opts.edfi_schemas = optarg;
			break;
		case 'i':
			opts.inbox = optarg;
			break;
		case 'o':
			opts.outbox = optarg;
			break;
		case 'r': {
			int64_t n;

			if (parse_int64(optarg, strlen(optarg), 0, 10, &n) != PARSE_OK)
				return cli_usage_error("--retries must be a number from 0 to 10, not \"%s\"",
						       optarg);
			opts.retries = (int)n;
			break;
		}
		case 's':
			opts.sql_dir = optarg;
			break;
		case 'w':
			opts.work_dir = optarg;
			break;
		}
	}
	if ((code = cli_check_args(argc - optind, argv + optind, 1, 1, args)) != 0)
		return code;
	command = argv[optind];
	if (!strcmp(command, "run")) {
		const char *missing = !opts.inbox ? "--inbox" : !opts.work_dir ? "--work-dir"
							    : !opts.outbox ? "--outbox" : NULL;

		if (missing)
			return cli_usage_error("\"run\" needs %s", missing);
	} else if (strcmp(command, "migrate")) {
		return cli_usage_error("unknown command \"%s\": commands are migrate and run",
				       command);
	}
	bindir = cli_program_dir(argv[0]);
	if (!strcmp(command, "migrate")) {
		rc = migrate(&opts, bindir, &err);
	} else if (!bindir) {
		rc = error_set(&err, SLDS_EINTERNAL, "could not find the folder of the slds programs");
	} else {
		rc = run_batch(&opts, bindir, &stage_exit, &err);
	}
	free(bindir);
	/* A stage that stopped the run passes its exit code on as ours. */
	return rc ? cli_exit(rc, &err) : stage_exit;
}

static void help(const char *progname)
{
	printf("%s applies migrations and runs the nightly batch.\n\n", progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... migrate\n", progname);
	printf("  %s [OPTION]... --inbox=DIR --work-dir=DIR --outbox=DIR run\n\n", progname);
	printf("Commands:\n");
	printf("  migrate                   apply the migrations not yet applied, in order\n");
	printf("  run                       ingest, validate, match and load every submission\n"
	       "                            in the inbox (INBOX/LEA/SUBMISSION/), then write\n"
	       "                            the reports to OUTBOX/state/\n\n");
	printf("Options:\n");
	printf("  -d, --dbname=CONNINFO     the database (default: PG* variables)\n");
	printf("      --edfi-map=FILE       the state's Ed-Fi descriptor table, for slds-ingest\n");
	printf("      --edfi-schemas=DIR    validate Ed-Fi files against these bulk schemas\n"
	       "                            (slds-ingest's option)\n");
	printf("  -i, --inbox=DIR           where LEAs drop submission folders\n");
	printf("  -o, --outbox=DIR          where reports are written\n");
	printf("  -r, --retries=N           retries of a step that failed temporarily (default 3)\n");
	printf("  -s, --sql-dir=DIR         the migrations (default: next to the programs,\n"
	       "                            or " SLDS_DATADIR "/sql)\n");
	printf("  -w, --work-dir=DIR        where stages write their files\n");
	printf("  -q, --quiet               print errors only\n");
	printf("  -v, --verbose             print each step\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Exit status: 0 success (submissions may have been rejected: the summary\n"
	       "says how many), 64 bad invocation, 65 a migration was changed, 66 inbox\n"
	       "or migrations missing, 75 database unreachable (safe to retry); when a\n"
	       "stage fails otherwise, its exit code.\n");
}

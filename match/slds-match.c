/*
 * slds-match: give every student record of a submission its SSID.
 *
 * This first engine is deterministic: a (LEA, local ID) already in the
 * registry's alias table keeps its SSID (a retired SSID resolves to the one it
 * was merged into); any other gets a newly minted SSID, a keyed permutation of
 * the registry's serial sequence with a check digit (common/ssid.h).  All of a
 * submission is matched in one transaction, set-based: the local IDs go to the
 * server with COPY, the known ones come back in one query, new identities,
 * aliases and one event per decision (mint or link, with its method as
 * evidence) go in with COPY and INSERT ... SELECT.  Only then are the output
 * files written: the input rows unchanged plus an "ssid" column.  Running it
 * again on the same input mints nothing and writes the same bytes.
 *
 * The probabilistic engine (blocking, Fellegi-Sunter scoring, review) builds on
 * the same shape.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "canon.h"
#include "cli.h"
#include "catalog.h"
#include "db.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "manifest.h"
#include "ssid.h"
#include "strset.h"
#include "banned.h"

struct match_options {
	const char *dbname;
	const char *input_dir;
	const char *output_dir;
};

struct matcher {
	const struct match_options *opts;
	struct manifest m;
	PGconn *conn;
	char submission_id[24];
	struct strset ids;		/* local ID -> index into ssids */
	char (*ssids)[SSID_LEN + 1];	/* "" until known */
	size_t nids;
	unsigned long long linked, minted;
};

static void help(const char *progname);

static int copy_field(struct db_copy *cp, struct buf *row, const char *s, size_t len,
		      int last, struct slds_error *err)
{
	if (copy_escape(row, s, len) < 0 || buf_addch(row, last ? '\n' : '\t') < 0)
		return error_set(err, SLDS_ELIMIT, "row too long for COPY");
	if (last) {
		int rc = db_copy_put(cp, row->data, row->len, err);

		buf_reset(row);
		return rc;
	}
	return 0;
}

/* Collect the distinct local IDs of the submission's student records. */
static int read_students(struct matcher *mt, struct slds_error *err)
{
	struct canon_reader r;
	char *path = path_join(mt->opts->input_dir, "student.copy");
	int col, rc = canon_reader_open(&r, path, err);
	size_t cap = 0;

	if (rc)
		goto cleanup;
	col = canon_reader_column(&r, "local_id");
	if (col < 0) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" has no column \"local_id\"", path);
		goto cleanup;
	}
	while ((rc = canon_reader_next(&r, err)) == 1) {
		if (!r.fields[col]) {
			rc = error_set(err, SLDS_EDATA, "line %llu of file \"%s\" has no local ID",
				       r.lineno, path);
			goto cleanup;
		}
		if (strset_add(&mt->ids, r.fields[col], r.lens[col], mt->nids, NULL)) {
			if (mt->nids == cap) {
				cap = cap ? cap * 2 : 1024;
				mt->ssids = xreallocarray(mt->ssids, cap, sizeof(*mt->ssids));
			}
			mt->ssids[mt->nids++][0] = '\0';
		}
	}
cleanup:
	canon_reader_close(&r);
	free(path);
	return rc < 0 ? rc : 0;
}

static int exec_params(struct matcher *mt, const char *sql, int n, const char *const *params,
		       struct slds_error *err)
{
	PGresult *res = db_query(mt->conn, sql, n, params, err);

	if (!res)
		return err->code;
	PQclear(res);
	return 0;
}

/* Send every local ID to a temporary table. */
static int send_ids(struct matcher *mt, const char *table_sql, const char *copy_sql,
		    int with_ssid, const unsigned long long *serials, struct slds_error *err)
{
	struct db_copy cp;
	struct buf row = BUF_INIT(1024 * 1024);
	size_t i;
	int rc = db_exec(mt->conn, table_sql, err);

	if (!rc)
		rc = db_copy_begin(&cp, mt->conn, copy_sql, err);
	if (rc)
		goto cleanup;
	for (i = 0; i < mt->ids.cap && !rc; i++) {
		const struct strset_slot *s = &mt->ids.slots[i];
		const char *id;
		char serial[24];

		if (!s->key)
			continue;
		id = mt->ids.arena + s->key - 1;
		if (!with_ssid) {
			rc = copy_field(&cp, &row, id, s->len, 1, err);
			continue;
		}
		rc = copy_field(&cp, &row, id, s->len, 0, err);
		if (!rc)
			rc = copy_field(&cp, &row, mt->ssids[s->value], SSID_LEN, 0, err);
		if (!rc && serials[s->value] != (unsigned long long)-1) {
			snprintf(serial, sizeof(serial), "%llu", serials[s->value]);
			rc = copy_field(&cp, &row, serial, strlen(serial), 1, err);
		} else if (!rc) {
			rc = buf_adds(&row, "\\N\n") < 0 ? SLDS_ELIMIT
						       : db_copy_put(&cp, row.data, row.len, err);
			buf_reset(&row);
		}
	}
	if (rc)
		db_copy_abort(&cp, "aborted");
	else
		rc = db_copy_end(&cp, NULL, err);
cleanup:
	buf_release(&row);
	return rc;
}

/*
 * The identity each student record gave, for the registry's observations:
 * later matching, look-ups and sweeps compare against what LEAs reported.
 */
static const char *const observed[] = {
	"local_id", "first_name", "middle_name", "last_name", "birth_date", "sex"
};
#define NOBSERVED (sizeof(observed) / sizeof(observed[0]))

static int send_observations(struct matcher *mt, struct slds_error *err)
{
	struct canon_reader r;
	struct db_copy cp;
	struct buf row = BUF_INIT(1024 * 1024);
	char *path = path_join(mt->opts->input_dir, "student.copy");
	int col[NOBSERVED], rc, copying = 0;
	size_t i;

	rc = db_exec(mt->conn, "CREATE TEMP TABLE match_obs (local_id text, first_name text,"
		     " middle_name text, last_name text, birth_date date, sex text) ON COMMIT DROP", err);
	if (!rc)
		rc = canon_reader_open(&r, path, err);
	if (rc)
		goto cleanup;
	for (i = 0; i < NOBSERVED; i++)
		if ((col[i] = canon_reader_column(&r, observed[i])) < 0) {
			rc = error_set(err, SLDS_EDATA, "file \"%s\" has no column \"%s\"", path,
				       observed[i]);
			goto close;
		}
	rc = db_copy_begin(&cp, mt->conn, "COPY match_obs FROM STDIN", err);
	copying = !rc;
	while (!rc && (rc = canon_reader_next(&r, err)) == 1) {
		rc = 0;
		for (i = 0; !rc && i < NOBSERVED; i++) {
			int last = i == NOBSERVED - 1;

			if (r.fields[col[i]])
				rc = copy_field(&cp, &row, r.fields[col[i]], r.lens[col[i]], last, err);
			else if (buf_adds(&row, last ? "\\N\n" : "\\N\t") < 0)
				rc = error_set(err, SLDS_ELIMIT, "row too long for COPY");
			else if (last) {
				rc = db_copy_put(&cp, row.data, row.len, err);
				buf_reset(&row);
			}
		}
	}
	if (copying && rc < 0)
		db_copy_abort(&cp, "aborted");
	else if (copying)
		rc = db_copy_end(&cp, NULL, err);
close:
	canon_reader_close(&r);
cleanup:
	buf_release(&row);
	free(path);
	return rc < 0 ? rc : 0;
}

static int match_registry(struct matcher *mt, struct slds_error *err)
{
	const char *sub_params[] = { mt->m.submission };
	unsigned long long *serials = NULL;
	unsigned char key[SSID_KEY_LEN];
	PGresult *res = NULL;
	size_t i, missing = 0;
	int rc;

	mt->conn = db_connect(mt->opts->dbname, "slds-match", err);
	if (!mt->conn)
		return err->code;
	rc = db_exec(mt->conn, "BEGIN ISOLATION LEVEL READ COMMITTED", err);
	if (rc)
		goto cleanup;
	/* One matcher at a time: minting must see every alias committed before it. */
	rc = db_exec(mt->conn, "LOCK TABLE registry.alias IN SHARE ROW EXCLUSIVE MODE", err);
	if (rc)
		goto cleanup;
	res = db_query(mt->conn, "SELECT submission_id FROM ops.submission WHERE submission_key = $1",
		       1, sub_params, err);
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	if (PQntuples(res) != 1) {
		error_set(err, SLDS_EDATA, "submission %s is not registered", mt->m.submission);
		error_hint(err, "Run slds-ingest on it with a database (without --offline) first.");
		rc = SLDS_EDATA;
		goto cleanup;
	}
	snprintf(mt->submission_id, sizeof(mt->submission_id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	res = db_query(mt->conn, "SELECT key_hex FROM registry.ssid_key", 0, NULL, err);
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	if (PQntuples(res) != 1 || ssid_key_from_hex(PQgetvalue(res, 0, 0), key)) {
		rc = error_set(err, SLDS_EINTERNAL, "registry.ssid_key does not hold one valid key");
		goto cleanup;
	}
	PQclear(res);
	res = NULL;

	rc = send_ids(mt, "CREATE TEMP TABLE match_in (local_id text) ON COMMIT DROP",
		      "COPY match_in FROM STDIN", 0, NULL, err);
	if (rc)
		goto cleanup;
	{
		const char *params[] = { mt->m.lea_id };

		res = db_query(mt->conn,
			       "SELECT m.local_id, coalesce(i.merged_into, a.ssid)"
			       " FROM match_in m"
			       " JOIN registry.alias a ON a.lea_id = $1 AND a.local_id = m.local_id"
			       " JOIN registry.identity i ON i.ssid = a.ssid",
			       1, params, err);
	}
	if (!res) {
		rc = err->code;
		goto cleanup;
	}
	for (i = 0; i < (size_t)PQntuples(res); i++) {
		const char *id = PQgetvalue(res, (int)i, 0);
		uint64_t idx;

		if (strset_get(&mt->ids, id, strlen(id), &idx))
			snprintf(mt->ssids[idx], SSID_LEN + 1, "%s", PQgetvalue(res, (int)i, 1));
	}
	PQclear(res);
	res = NULL;

	serials = xmallocarray(mt->nids ? mt->nids : 1, sizeof(*serials));
	for (i = 0; i < mt->nids; i++) {
		serials[i] = (unsigned long long)-1;
		if (!mt->ssids[i][0])
			missing++;
	}
	mt->linked = mt->nids - missing;
	mt->minted = missing;
	if (missing) {
		char n[24];
		const char *params[] = { n };
		size_t row = 0;

		snprintf(n, sizeof(n), "%zu", missing);
		res = db_query(mt->conn,
			       "SELECT nextval('registry.ssid_serial') FROM generate_series(1, $1::bigint)",
			       1, params, err);
		if (!res) {
			rc = err->code;
			goto cleanup;
		}
		/*
		 * Serials go to local IDs in the order of the input file, so the
		 * same input against the same registry mints the same SSIDs.
		 */
		for (i = 0; i < mt->nids; i++) {
			if (mt->ssids[i][0])
				continue;
			serials[i] = strtoull(PQgetvalue(res, (int)row++, 0), NULL, 10);
			if (ssid_from_serial(serials[i], key, mt->ssids[i])) {
				rc = error_set(err, SLDS_EINTERNAL, "the SSID serial sequence is exhausted");
				goto cleanup;
			}
		}
		PQclear(res);
		res = NULL;
	}

	rc = send_ids(mt, "CREATE TEMP TABLE match_out (local_id text, ssid char(10), serial bigint) ON COMMIT DROP",
		      "COPY match_out FROM STDIN", 1, serials, err);
	if (rc)
		goto cleanup;
	{
		char records[24], linked[24], minted[24];
		const char *run_params[] = { mt->submission_id, records, linked, minted };
		const char *p3[] = { mt->m.lea_id, mt->submission_id };
		char *run_id;

		snprintf(records, sizeof(records), "%zu", mt->nids);
		snprintf(linked, sizeof(linked), "%llu", mt->linked);
		snprintf(minted, sizeof(minted), "%llu", mt->minted);
		res = db_query(mt->conn,
			       "INSERT INTO registry.match_run (submission_id, records, linked, minted, method)"
			       " VALUES ($1, $2, $3, $4, 'exact-alias') RETURNING match_run_id",
			       4, run_params, err);
		if (!res) {
			rc = err->code;
			goto cleanup;
		}
		run_id = xstrdup(PQgetvalue(res, 0, 0));
		PQclear(res);
		res = NULL;
		{
			const char *p1[] = { mt->submission_id };
			const char *p4[] = { mt->m.lea_id, mt->submission_id, run_id };

			rc = exec_params(mt, "INSERT INTO registry.identity (ssid, serial, created_by)"
					 " SELECT ssid, serial, $1 FROM match_out WHERE serial IS NOT NULL",
					 1, p1, err);
			if (!rc)
				rc = exec_params(mt, "INSERT INTO registry.alias (lea_id, local_id, ssid, first_seen, last_seen)"
						 " SELECT $1, local_id, ssid, $2, $2 FROM match_out WHERE serial IS NOT NULL",
						 2, p3, err);
			if (!rc)
				rc = exec_params(mt, "UPDATE registry.alias a SET last_seen = $2"
						 " FROM match_out m WHERE m.serial IS NULL"
						 " AND a.lea_id = $1 AND a.local_id = m.local_id",
						 2, p3, err);
			if (!rc)
				rc = send_observations(mt, err);
			/* One observation per (LEA, local ID) and submission (STU.0102 rejects a repeated local ID). */
			if (!rc)
				rc = exec_params(mt, "INSERT INTO registry.observation (ssid, lea_id, local_id,"
						 " submission_id, first_name, middle_name, last_name, birth_date, sex)"
						 " SELECT DISTINCT ON (o.local_id) m.ssid, $1, o.local_id, $2,"
						 " o.first_name, o.middle_name, o.last_name, o.birth_date, o.sex"
						 " FROM match_obs o JOIN match_out m USING (local_id)"
						 " ORDER BY o.local_id"
						 " ON CONFLICT (lea_id, local_id, submission_id) DO NOTHING",
						 2, p3, err);
			if (!rc)
				rc = exec_params(mt, "INSERT INTO registry.event (match_run_id, kind, ssid, lea_id, local_id, submission_id, reason, evidence)"
						 " SELECT $3, CASE WHEN serial IS NULL THEN 'link' ELSE 'mint' END,"
						 " ssid, $1, local_id, $2,"
						 " CASE WHEN serial IS NULL THEN 'known (LEA, local ID)'"
						 " ELSE 'no SSID for (LEA, local ID)' END,"
						 " jsonb_build_object('method', 'exact-alias')"
						 " FROM match_out",
						 3, p4, err);
		}
		free(run_id);
		if (rc)
			goto cleanup;
	}
	rc = db_exec(mt->conn, "COMMIT", err);

cleanup:
	if (res)
		PQclear(res);
	free(serials);
	PQfinish(mt->conn);
	mt->conn = NULL;
	return rc;
}

/*
 * Copy a record file, adding the SSID of each row's local ID; a record that
 * is not about a student (a school, a section...) is copied unchanged.
 */
static int write_with_ssid(struct matcher *mt, const struct record_def *rec,
			   struct slds_error *err)
{
	const char *record = rec->name;
	int keyed = record_has_student(rec);
	struct canon_reader r;
	struct canon_writer w;
	struct buf line = BUF_INIT(CANON_MAX_LINE);
	const char *cols[CANON_MAX_COLUMNS];
	char *in = xstrfmt("%s/%s.copy", mt->opts->input_dir, record);
	char *out = xstrfmt("%s/%s.copy", mt->opts->output_dir, record);
	int col, writer_open = 0, rc;
	size_t i;

	rc = canon_reader_open(&r, in, err);
	if (rc)
		goto cleanup;
	col = canon_reader_column(&r, "local_id");
	if ((keyed && col < 0) || r.ncols >= CANON_MAX_COLUMNS ||
	    canon_reader_column(&r, "ssid_assigned") >= 0 || strcmp(r.record, record)) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" does not have the columns of a validated %s file",
			       in, record);
		goto cleanup;
	}
	for (i = 0; i < r.ncols; i++)
		cols[i] = r.columns[i];
	cols[r.ncols] = "ssid_assigned";
	rc = canon_writer_open(&w, out, record, cols, r.ncols + (keyed ? 1 : 0), err);
	writer_open = 1;
	if (rc)
		goto cleanup;
	while ((rc = canon_reader_next(&r, err)) == 1) {
		uint64_t idx;

		if (!keyed) {
			rc = canon_writer_row(&w, r.line.data, r.line.len, err);
			if (rc)
				goto cleanup;
			continue;
		}
		if (!r.fields[col] || !strset_get(&mt->ids, r.fields[col], r.lens[col], &idx)) {
			rc = error_set(err, SLDS_EDATA,
				       "line %llu of file \"%s\": no student record has this local ID",
				       r.lineno, in);
			goto cleanup;
		}
		buf_reset(&line);
		if (buf_add(&line, r.line.data, r.line.len) < 0 || buf_addch(&line, '\t') < 0 ||
		    buf_adds(&line, mt->ssids[idx]) < 0) {
			rc = error_set(err, SLDS_ELIMIT, "line %llu of file \"%s\" is too long",
				       r.lineno, in);
			goto cleanup;
		}
		rc = canon_writer_row(&w, line.data, line.len, err);
		if (rc)
			goto cleanup;
	}
	if (rc < 0)
		goto cleanup;
	rc = canon_writer_commit(&w, err);
	writer_open = 0;
cleanup:
	if (writer_open)
		canon_writer_abort(&w);
	canon_reader_close(&r);
	buf_release(&line);
	free(in);
	free(out);
	return rc;
}

static int run_match(const struct match_options *opts, struct slds_error *err)
{
	struct matcher mt;
	char *in_summary = path_join(opts->input_dir, SUBMISSION_NAME);
	char *out_summary = path_join(opts->output_dir, SUBMISSION_NAME);
	size_t i;
	int rc;

	memset(&mt, 0, sizeof(mt));
	mt.opts = opts;
	if (!is_dir(opts->input_dir)) {
		rc = error_set(err, SLDS_ENOENT, "input folder \"%s\" does not exist",
			       opts->input_dir);
		goto cleanup;
	}
	rc = manifest_read(&mt.m, in_summary, err);
	if (rc == SLDS_ENOENT)
		error_hint(err, "The input folder is the output folder of slds-validate; run it first.");
	if (rc)
		goto cleanup;
	if (!mt.m.submission) {
		rc = error_set(err, SLDS_EDATA, "file \"%s\" names no submission", in_summary);
		goto cleanup;
	}
	rc = read_students(&mt, err);
	if (!rc)
		rc = match_registry(&mt, err);
	if (!rc)
		rc = mkdir_p(opts->output_dir, err);
	if (rc)
		goto cleanup;
	if (unlink(out_summary) != 0 && errno != ENOENT) {
		rc = error_set(err, SLDS_EIO, "could not remove file \"%s\": %s", out_summary,
			       strerror(errno));
		goto cleanup;
	}
	for (i = 0; !rc && i < catalog_nrecords(); i++)
		rc = write_with_ssid(&mt, catalog_record_at(i), err);
	if (!rc)
		rc = manifest_write(&mt.m, out_summary, err);
	if (!rc)
		log_info("matched submission %s: %zu students, %llu linked to known SSIDs, %llu new SSIDs",
			 mt.m.submission, mt.nids, mt.linked, mt.minted);
cleanup:
	strset_release(&mt.ids);
	free(mt.ssids);
	manifest_release(&mt.m);
	free(in_summary);
	free(out_summary);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "dbname", required_argument, NULL, 'd' },
		CLI_OPTION_HELP,
		CLI_OPTION_QUIET,
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const args[] = { "input folder", "output folder" };
	struct match_options opts = { NULL, NULL, NULL };
	struct slds_error err = SLDS_ERROR_INIT;
	int c, code;

	log_init(argv[0]);
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	while ((c = getopt_long(argc, argv, "d:" CLI_SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			return code;
		if (c == 'd')
			opts.dbname = optarg;
	}
	if ((code = cli_check_args(argc - optind, argv + optind, 2, 2, args)) != 0)
		return code;
	opts.input_dir = argv[optind];
	opts.output_dir = argv[optind + 1];
	return cli_exit(run_match(&opts, &err), &err);
}

static void help(const char *progname)
{
	printf("%s gives every student record of a validated submission its SSID.\n\n",
	       progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... INPUT_DIR OUTPUT_DIR\n\n", progname);
	printf("INPUT_DIR is the output folder of slds-validate.  OUTPUT_DIR receives the\n"
	       "same record files with an added \"ssid_assigned\" column, and submission.ini.\n"
	       "Every decision (link to a known SSID, or a new SSID) is recorded in\n"
	       "registry.event.\n\n");
	printf("Options:\n");
	printf("  -d, --dbname=CONNINFO     the registry's database (default: PG* variables)\n");
	printf("  -q, --quiet               print errors only\n");
	printf("  -v, --verbose             print a summary\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Exit status: 0 success, 64 bad invocation, 65 input malformed or not\n"
	       "registered, 66 input missing, 75 database unreachable or busy (safe to\n"
	       "retry), 1 other failure.\n");
}

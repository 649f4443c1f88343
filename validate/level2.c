/*
 * level2.c: the Level 2 rules' look-ups (level2.h), set-based: one COPY of
 * the keys and one query per rule, whatever the number of records.
 *
 * Where the answers come from:
 *   ssid_exists, ssid_active  registry.identity (status, merged_into);
 *   lea_school                warehouse.school, the latest school year's
 *                             directory entry (not after the submission's)
 *                             of each school the records name; a school the
 *                             warehouse does not know is new, and left to
 *                             the Level 1 rules on the submission's own
 *                             directory;
 *   fte_total                 warehouse.enrollment_resolved of the other LEAs
 *                             in the school year, for the student identified
 *                             by the claimed SSID of the submission's student
 *                             record when the registry knows it, else by the
 *                             registry alias (LEA, local ID); both resolved
 *                             to the surviving SSID, as the view's are; the
 *                             highest total of any day of the enrollment.
 *                             An enrollment without an FTE counts as 1.00.
 *                             The finding is the total only: nothing of the
 *                             other LEA's records reaches the message.
 * A first load, with an empty warehouse and registry, finds nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "canon.h"
#include "db.h"
#include "error.h"
#include "level2.h"
#include "log.h"
#include "parse.h"
#include "progress.h"
#include "ssid.h"
#include "banned.h"

#define L2_MAX_COLUMNS 4

/* 1 if the value can go into a column of the field's SQL type. */
static int value_ok(const struct field_def *fd, const char *s, size_t len)
{
	int64_t n;
	struct date d;

	if (len > fd->max_len || !utf8_valid(s, len))
		return 0;
	switch (fd->type) {
	case FIELD_DATE:
		return parse_date(s, len, &d) == PARSE_OK;
	case FIELD_DECIMAL:
		return parse_decimal(s, len, fd->scale, fd->min, fd->max, &n) == PARSE_OK;
	case FIELD_INT:
		return parse_int64(s, len, fd->min, fd->max, &n) == PARSE_OK;
	case FIELD_SSID:
		return ssid_is_valid(s, len);
	default:
		return 1;
	}
}

/*
 * COPY the named fields of every row of input_dir/RECORD.copy into table
 * (created by the caller, columns in this order).  A row whose first field
 * is missing, or with a value its column could not take, is left out: the
 * Level 1 rules reject it anyway.
 */
static int copy_keys(PGconn *conn, const char *input_dir, const struct record_def *rec,
		     const char *const *names, size_t n, const char *table,
		     struct slds_error *err)
{
	struct canon_reader r;
	struct db_copy cp;
	struct buf row = BUF_INIT(64 * 1024);
	char *path = xstrfmt("%s/%s.copy", input_dir, rec->name);
	char *sql = xstrfmt("COPY %s FROM STDIN", table);
	const struct field_def *fd[L2_MAX_COLUMNS];
	int col[L2_MAX_COLUMNS], copying = 0, rc;
	unsigned long long rows = 0;
	size_t i;

	memset(&cp, 0, sizeof(cp));
	rc = canon_reader_open(&r, path, err);
	if (rc)
		goto cleanup;
	for (i = 0; i < n; i++) {
		int f = record_field_index(rec, names[i]);

		col[i] = canon_reader_column(&r, names[i]);
		if (f < 0 || col[i] < 0) {
			rc = error_set(err, SLDS_EDATA, "file \"%s\" has no column \"%s\"", path,
				       names[i]);
			goto cleanup;
		}
		fd[i] = &rec->fields[f];
	}
	rc = db_copy_begin(&cp, conn, sql, err);
	if (rc)
		goto cleanup;
	copying = 1;
	while ((rc = canon_reader_next(&r, err)) == 1) {
		buf_reset(&row);
		for (i = 0; i < n; i++) {
			const char *s = r.fields[col[i]];
			size_t len = s ? r.lens[col[i]] : 0;

			if (s && !value_ok(fd[i], s, len))
				break;
			if (!s && i == 0)
				break;
			if (i)
				buf_add(&row, "\t", 1);
			if (s)
				copy_escape(&row, s, len);
			else
				buf_adds(&row, "\\N");
		}
		if (i < n)
			continue;
		buf_add(&row, "\n", 1);
		rc = db_copy_put(&cp, row.data, row.len, err);
		if (rc)
			goto cleanup;
	}
	if (rc < 0)
		goto cleanup;
	copying = 0;
	rc = db_copy_end(&cp, &rows, err);
	if (!rc)
		log_debug("level 2: %llu rows of %s records into %s", rows, rec->name, table);
	/* Without statistics the planner takes a temporary table for a few rows. */
	if (!rc) {
		char *analyze = xstrfmt("ANALYZE %s", table);

		rc = db_exec(conn, analyze, err);
		free(analyze);
	}
cleanup:
	if (copying)
		db_copy_abort(&cp, "could not read the keys");
	canon_reader_close(&r);
	buf_release(&row);
	free(path);
	free(sql);
	return rc;
}

/* A rule's limit ("1.00") as SQL can read it: the number in its field's scale. */
static void decimal_text(long long v, unsigned scale, char *out, size_t size)
{
	long long p = 1;
	unsigned i;

	for (i = 0; i < scale; i++)
		p *= 10;
	if (scale)
		snprintf(out, size, "%lld.%0*lld", v / p, (int)scale, v % p);
	else
		snprintf(out, size, "%lld", v);
}

/*
 * Ask one rule's question.  The query returns the finding's key (or its two
 * parts, for fte_total) and, last, its detail.
 */
static int look_up(PGconn *conn, struct rule *r, const char *input_dir, const struct manifest *m,
		   struct slds_error *err)
{
	const struct record_def *rec = r->rec;
	const char *f0 = rec->fields[r->fields[0]].name;
	char year[12], limit[32];
	const char *params[3] = { m->lea_id, year, limit };
	const char *query = NULL;
	PGresult *res = NULL;
	int rc, two_part = 0, nparams = 2, i;
	double start = progress_now();

	snprintf(year, sizeof(year), "%d", m->school_year);
	limit[0] = '\0';
	rc = db_exec(conn, "DROP TABLE IF EXISTS pg_temp.l2_keys, pg_temp.l2_student", err);
	switch (r->kind) {
	case CHECK_SSID_EXISTS:
	case CHECK_SSID_ACTIVE: {
		const char *names[] = { f0 };

		if (!rc)
			rc = db_exec(conn, "CREATE TEMP TABLE l2_keys (k char(10))", err);
		if (!rc)
			rc = copy_keys(conn, input_dir, rec, names, 1, "l2_keys", err);
		nparams = 0;
		query = r->kind == CHECK_SSID_EXISTS
			? "SELECT DISTINCT k.k, '' FROM l2_keys k"
			  " WHERE NOT EXISTS (SELECT 1 FROM registry.identity i WHERE i.ssid = k.k)"
			: "SELECT DISTINCT k.k, i.merged_into FROM l2_keys k"
			  " JOIN registry.identity i ON i.ssid = k.k WHERE i.status = 'retired'";
		break;
	}
	case CHECK_LEA_SCHOOL: {
		const char *names[] = { f0 };

		if (!rc)
			rc = db_exec(conn, "CREATE TEMP TABLE l2_keys (k text)", err);
		if (!rc)
			rc = copy_keys(conn, input_dir, rec, names, 1, "l2_keys", err);
		query = "SELECT k, lea_id FROM ("
			" SELECT DISTINCT ON (w.school_id) w.school_id AS k, w.lea_id"
			" FROM warehouse.school w"
			" WHERE w.school_id IN (SELECT k FROM l2_keys) AND w.school_year <= $2::int"
			" ORDER BY w.school_id, w.school_year DESC, w.submission_id DESC) d"
			" WHERE lea_id <> $1::text";
		break;
	}
	case CHECK_FTE_TOTAL: {
		const char *enr[] = { "local_id", rec->fields[r->fields[1]].name,
				      rec->fields[r->fields[2]].name, f0 };
		const char *stu[] = { "local_id", "ssid" };
		const struct record_def *student = catalog_record("student");

		if (!rc)
			rc = db_exec(conn, "CREATE TEMP TABLE l2_keys (local_id text, entry_date date,"
				     " exit_date date, fte numeric)", err);
		if (!rc)
			rc = db_exec(conn, "CREATE TEMP TABLE l2_student (local_id text, ssid char(10))",
				     err);
		if (!rc)
			rc = copy_keys(conn, input_dir, rec, enr, 4, "l2_keys", err);
		if (!rc && student && record_field_index(student, "ssid") >= 0)
			rc = copy_keys(conn, input_dir, student, stu, 2, "l2_student", err);
		decimal_text(r->hi, rec->fields[r->fields[0]].scale, limit, sizeof(limit));
		two_part = 1;
		nparams = 3;
		query = "WITH s AS (SELECT DISTINCT ON (local_id) local_id, ssid FROM l2_student"
			"           WHERE ssid IS NOT NULL ORDER BY local_id, ssid),"
			" e AS (SELECT e.local_id, e.entry_date, e.exit_date, coalesce(e.fte, 1.00) AS fte,"
			"        coalesce(ci.merged_into, ci.ssid, ai.merged_into, ai.ssid) AS ssid"
			"       FROM l2_keys e"
			"       LEFT JOIN s ON s.local_id = e.local_id"
			"       LEFT JOIN registry.identity ci ON ci.ssid = s.ssid"
			"       LEFT JOIN registry.alias a ON a.lea_id = $1::text AND a.local_id = e.local_id"
			"       LEFT JOIN registry.identity ai ON ai.ssid = a.ssid),"
			/* o: each enrollment elsewhere that overlaps this one. */
			" o AS (SELECT e.local_id, e.entry_date, e.exit_date, e.fte,"
			"        w.entry_date AS w_from, w.exit_date AS w_to, coalesce(w.fte, 1.00) AS w_fte"
			"       FROM e JOIN warehouse.enrollment_resolved w"
			"         ON w.ssid = e.ssid AND w.lea_id <> $1::text AND w.school_year = $2::int"
			"        AND w.entry_date <= coalesce(e.exit_date, 'infinity')"
			"        AND e.entry_date <= coalesce(w.exit_date, 'infinity')),"
			/*
			 * t: the total on each day within this enrollment that one
			 * of the others begins (or it does): the total is highest on
			 * one of those days.  Summing every overlapping spell would
			 * count two that follow each other at once.
			 */
			" t AS (SELECT p.local_id, p.entry_date, p.fte + sum(o.w_fte) AS total"
			"       FROM (SELECT DISTINCT local_id, entry_date, exit_date, fte,"
			"                    greatest(entry_date, w_from) AS day FROM o) p"
			"       JOIN o ON o.local_id = p.local_id AND o.entry_date = p.entry_date"
			"        AND o.exit_date IS NOT DISTINCT FROM p.exit_date AND o.fte = p.fte"
			"        AND o.w_from <= p.day AND p.day <= coalesce(o.w_to, 'infinity')"
			"       GROUP BY p.local_id, p.entry_date, p.exit_date, p.fte, p.day)"
			" SELECT local_id, to_char(entry_date, 'YYYY-MM-DD'), max(total)::numeric(6,2)::text"
			" FROM t GROUP BY local_id, entry_date HAVING max(total) > $3::numeric";
		break;
	}
	default:
		return error_set(err, SLDS_EINTERNAL, "rule %s is not a Level 2 rule", r->id);
	}
	if (rc)
		return rc;
	res = db_query(conn, query, nparams, params, err);
	if (!res)
		return err->code;
	for (i = 0; i < PQntuples(res); i++) {
		const char *k = PQgetvalue(res, i, 0);

		if (two_part) {
			char *key = xstrfmt("%s\x1f%s", k, PQgetvalue(res, i, 1));

			rule_flag(r, key, strlen(key), PQgetvalue(res, i, 2));
			free(key);
		} else {
			rule_flag(r, k, strlen(k), PQgetvalue(res, i, 1));
		}
	}
	log_info("level 2 rule %s: %d findings (%.2f s)", r->id, PQntuples(res),
		 progress_now() - start);
	PQclear(res);
	return 0;
}

int level2_prepare(struct rulebook *rb, const char *conninfo, const char *input_dir,
		   const struct manifest *m, struct slds_error *err)
{
	PGconn *conn = db_connect(conninfo, "slds-validate", err);
	size_t i;
	int rc = 0;

	if (!conn)
		return err->code;
	/*
	 * Read-only, and one snapshot for every rule; no NOTICE on stderr from
	 * dropping the temporary tables before the first rule made them.  No
	 * JIT: fte_total's estimated cost set it off, and compiling took 2.8 s
	 * of a 4 s query that runs in 1.2 s without (100,000 enrollments).
	 */
	rc = db_exec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ", err);
	if (!rc)
		rc = db_exec(conn, "SET LOCAL client_min_messages = warning", err);
	if (!rc)
		rc = db_exec(conn, "SET LOCAL jit = off", err);
	for (i = 0; !rc && i < rb->nrules; i++) {
		struct rule *r = &rb->rules[i];

		if (r->level == 2 && !r->retired)
			rc = look_up(conn, r, input_dir, m, err);
	}
	if (!rc)
		rc = db_exec(conn, "ROLLBACK", err);
	if (!rc)
		rb->level2 = 1;
	PQfinish(conn);
	return rc;
}

/*
 * slds-ssid: the identity registry's operations, for state operators and
 * auditors.
 *
 *   merge SSID INTO       retire SSID; its records count as INTO's
 *   split SSID LEA:ID...  move (LEA, local ID) aliases to a new SSID
 *   undo EVENT            reverse a merge or a split
 *   history SSID          what the registry knows of an SSID and every event
 *   review list|show|resolve|report|recheck
 *                         the pairs the matcher could not decide
 *
 * Every operation that changes the registry is one transaction, leaves an
 * event in registry.event (actor, reason, evidence enough to undo it) and
 * shows in the warehouse at once: the *_resolved views (sql/010) follow an
 * alias to its SSID and a retired SSID to its survivor.  Nothing here prints a
 * name or a birth date: students are named by SSID, LEA and local ID.
 */
#include <csv.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "error.h"
#include "fsutil.h"
#include "linker.h"
#include "log.h"
#include "parse.h"
#include "registry.h"
#include "ssid.h"
#include "banned.h"

struct ssid_options {
	const char *dbname;
	const char *reason;
	const char *actor;
	const char *lea;
	const char *file;
	const char *model;		/* lookup, sweep, recheck: NULL for the default */
	const char *bindir;
	size_t limit;			/* lookup: candidates shown */
	int all;
	int open_reviews;		/* sweep */
};

struct ctx {
	const struct ssid_options *opts;
	PGconn *conn;
	char actor[128];
};

static void help(const char *progname);

static PGresult *q(struct ctx *c, const char *sql, int n, const char *const *params,
		   struct slds_error *err)
{
	return db_query(c->conn, sql, n, params, err);
}

static int x(struct ctx *c, const char *sql, int n, const char *const *params,
	     struct slds_error *err)
{
	PGresult *res = q(c, sql, n, params, err);

	if (!res)
		return err->code;
	PQclear(res);
	return 0;
}

static int check_ssid_arg(const char *s, struct slds_error *err)
{
	if (!ssid_is_valid(s, strlen(s)))
		return error_set(err, SLDS_EDATA,
				 "\"%s\" is not an SSID (ten digits with a valid check digit)", s);
	return 0;
}

static int need_reason(const struct ssid_options *o, const char *what)
{
	if (!o->reason || !*o->reason)
		return cli_usage_error("%s needs --reason: the event log keeps why", what);
	return 0;
}

/*
 * Lock an SSID's identity row and read its status: 1 active, 0 retired (into
 * set to its survivor), or an error when it does not exist.
 */
static int lock_identity(struct ctx *c, const char *ssid, char into[SSID_LEN + 1],
			 struct slds_error *err)
{
	const char *p[1] = { ssid };
	PGresult *res = q(c, "SELECT status, merged_into FROM registry.identity"
			  " WHERE ssid = $1 FOR UPDATE", 1, p, err);
	int rc;

	if (!res)
		return err->code;
	if (PQntuples(res) == 0) {
		rc = error_set(err, SLDS_EDATA, "SSID %s is not in the registry", ssid);
	} else if (!strcmp(PQgetvalue(res, 0, 0), "active")) {
		rc = 1;
	} else {
		snprintf(into, SSID_LEN + 1, "%s", PQgetvalue(res, 0, 1));
		rc = 0;
	}
	PQclear(res);
	return rc;
}

static int begin(struct ctx *c, struct slds_error *err)
{
	return db_exec(c->conn, "BEGIN", err);
}

static int commit(struct ctx *c, struct slds_error *err)
{
	return db_exec(c->conn, "COMMIT", err);
}

/* The id of the event just inserted, from INSERT ... RETURNING. */
static int event_id(PGresult *res, char out[24])
{
	if (!res)
		return -1;
	snprintf(out, 24, "%s", PQntuples(res) ? PQgetvalue(res, 0, 0) : "?");
	PQclear(res);
	return 0;
}

/*
 * Merge `retired` into `into` inside the caller's transaction.  The evidence
 * keeps the SSIDs that pointed at `retired` (the trigger repoints them), so
 * that undo can restore them.  review_id is NULL or the review resolved.
 */
static int do_merge(struct ctx *c, const char *retired, const char *into, const char *reason,
		    const char *review_id, char eid[24], struct slds_error *err)
{
	char survivor_a[SSID_LEN + 1], survivor_b[SSID_LEN + 1];
	const char *p[5];
	int a, b;

	if (!strcmp(retired, into))
		return error_set(err, SLDS_EDATA, "cannot merge SSID %s into itself", retired);
	/* Lock in a fixed order so two merges never deadlock. */
	if (strcmp(retired, into) < 0) {
		a = lock_identity(c, retired, survivor_a, err);
		b = a < 0 ? a : lock_identity(c, into, survivor_b, err);
	} else {
		b = lock_identity(c, into, survivor_b, err);
		a = b < 0 ? b : lock_identity(c, retired, survivor_a, err);
	}
	if (a < 0 || b < 0)
		return a < 0 ? a : b;
	if (!a)
		return error_set(err, SLDS_EDATA, "SSID %s is already retired, merged into %s", retired,
				 survivor_a);
	if (!b) {
		error_set(err, SLDS_EDATA, "SSID %s is retired, merged into %s", into, survivor_b);
		error_hint(err, "Merge into the survivor, %s.", survivor_b);
		return err->code;
	}
	p[0] = retired;
	p[1] = into;
	p[2] = c->actor;
	p[3] = reason;
	p[4] = review_id;
	if (event_id(q(c, "WITH ev AS (SELECT jsonb_build_object("
		       "  'repointed', coalesce((SELECT jsonb_agg(ssid ORDER BY ssid) FROM registry.identity"
		       "                         WHERE merged_into = $1), '[]'::jsonb),"
		       "  'review_id', $5::bigint) AS e)"
		       " INSERT INTO registry.event (kind, ssid, other_ssid, actor, reason, evidence)"
		       " SELECT 'merge', $1, $2, $3, $4, e FROM ev RETURNING event_id",
		       5, p, err), eid))
		return err->code;
	if (x(c, "UPDATE registry.identity SET status = 'retired', merged_into = $2 WHERE ssid = $1",
	      2, p, err))
		return err->code;
	/* A pending review of the same pair is settled by the merge. */
	return x(c, "UPDATE registry.review SET status = 'same', resolved_at = now(),"
		 " resolved_by = $3, reason = $4"
		 " WHERE status = 'open' AND (ssid, candidate_ssid) IN (($1, $2), ($2, $1))",
		 4, p, err);
}

static int cmd_merge(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	static const char *const names[] = { "SSID to retire", "surviving SSID" };
	char eid[24];
	int rc;

	if ((rc = cli_check_args(nargs, args, 2, 2, names)) || (rc = need_reason(c->opts, "merge")))
		return rc;
	if (check_ssid_arg(args[0], err) || check_ssid_arg(args[1], err))
		return err->code;
	if (begin(c, err) || do_merge(c, args[0], args[1], c->opts->reason, NULL, eid, err) || commit(c, err))
		return err->code;
	printf("merged %s into %s (event %s)\n", args[0], args[1], eid);
	return 0;
}

/* Mint one SSID from the registry's sequence and key. */
static int mint(struct ctx *c, char out[SSID_LEN + 1], char serial[24], struct slds_error *err)
{
	unsigned char key[SSID_KEY_LEN];
	PGresult *res = q(c, "SELECT key_hex, nextval('registry.ssid_serial') FROM registry.ssid_key",
			  0, NULL, err);
	int rc = 0;

	if (!res)
		return err->code;
	if (PQntuples(res) != 1 || ssid_key_from_hex(PQgetvalue(res, 0, 0), key))
		rc = error_set(err, SLDS_EINTERNAL, "registry.ssid_key does not hold one valid key");
	else if (snprintf(serial, 24, "%s", PQgetvalue(res, 0, 1)),
		 ssid_from_serial(strtoull(serial, NULL, 10), key, out))
		rc = error_set(err, SLDS_EINTERNAL, "the SSID serial sequence is exhausted");
	PQclear(res);
	return rc;
}

/* "LEA:LOCAL_ID" into the two COPY-free parameters of a temporary table. */
static int add_alias_arg(struct ctx *c, const char *arg, struct slds_error *err)
{
	const char *colon = strchr(arg, ':');
	char *lea;
	const char *p[2];
	int rc;

	if (!colon || colon == arg || !colon[1])
		return error_set(err, SLDS_EDATA, "\"%s\" is not LEA:LOCAL_ID", arg);
	lea = xstrndup(arg, (size_t)(colon - arg));
	p[0] = lea;
	p[1] = colon + 1;
	rc = x(c, "INSERT INTO split_alias VALUES ($1, $2) ON CONFLICT DO NOTHING", 2, p, err);
	free(lea);
	return rc;
}

static int cmd_split(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	static const char *const names[] = { "SSID to split", "LEA:LOCAL_ID to move" };
	char into[SSID_LEN + 1], fresh[SSID_LEN + 1], serial[24], eid[24];
	const char *p[3], *ev[4];
	PGresult *res;
	int rc, i, moved, bad;

	if ((rc = cli_check_args(nargs, args, 2, (size_t)-1, names)) ||
	    (rc = need_reason(c->opts, "split")))
		return rc;
	if (check_ssid_arg(args[0], err) || begin(c, err))
		return err->code;
	rc = lock_identity(c, args[0], into, err);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		error_set(err, SLDS_EDATA, "SSID %s is retired, merged into %s", args[0], into);
		error_hint(err, "Split the survivor, %s, or undo the merge.", into);
		return err->code;
	}
	if (db_exec(c->conn, "CREATE TEMP TABLE split_alias (lea_id text, local_id text,"
		    " PRIMARY KEY (lea_id, local_id)) ON COMMIT DROP", err))
		return err->code;
	for (i = 1; i < nargs; i++)
		if (add_alias_arg(c, args[i], err))
			return err->code;
	/* Every alias named must resolve to this SSID; not every alias may go. */
	p[0] = args[0];
	res = q(c, "SELECT count(*) FILTER (WHERE i.ssid IS NULL"
		"        OR coalesce(i.merged_into, i.ssid) <> $1),"
		"       (SELECT count(*) FROM registry.alias a2 JOIN registry.identity i2 USING (ssid)"
		"        WHERE coalesce(i2.merged_into, i2.ssid) = $1),"
		"       min(s.lea_id || ':' || s.local_id) FILTER (WHERE i.ssid IS NULL"
		"        OR coalesce(i.merged_into, i.ssid) <> $1)"
		" FROM split_alias s LEFT JOIN registry.alias a USING (lea_id, local_id)"
		" LEFT JOIN registry.identity i ON i.ssid = a.ssid", 1, p, err);
	if (!res)
		return err->code;
	bad = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	moved = (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
	if (bad) {
		error_set(err, SLDS_EDATA, "%d of the aliases named %s not SSID %s's (first: %s)", bad,
			  bad == 1 ? "is" : "are", args[0], PQgetvalue(res, 0, 2));
		PQclear(res);
		return err->code;
	}
	PQclear(res);
	if (nargs - 1 >= moved) {
		error_set(err, SLDS_EDATA, "moving every alias of SSID %s would leave it empty", args[0]);
		error_hint(err, "A split moves some of an SSID's aliases; name fewer.");
		return err->code;
	}
	if (mint(c, fresh, serial, err))
		return err->code;
	p[1] = fresh;
	p[2] = serial;
	ev[0] = args[0];
	ev[1] = fresh;
	ev[2] = c->actor;
	ev[3] = c->opts->reason;
	if (x(c, "INSERT INTO registry.identity (ssid, serial) VALUES ($1, $2)", 2, p + 1, err) ||
	    event_id(q(c, "INSERT INTO registry.event (kind, ssid, other_ssid, actor, reason, evidence)"
		       " SELECT 'split', $1, $2, $3, $4, jsonb_build_object('aliases',"
		       "   jsonb_agg(jsonb_build_object('lea_id', a.lea_id, 'local_id', a.local_id,"
		       "     'from', a.ssid) ORDER BY a.lea_id, a.local_id))"
		       " FROM split_alias s JOIN registry.alias a USING (lea_id, local_id)"
		       " RETURNING event_id", 4, ev, err), eid) ||
	    x(c, "UPDATE registry.alias a SET ssid = $1 FROM split_alias s"
	      " WHERE a.lea_id = s.lea_id AND a.local_id = s.local_id", 1, p + 1, err) ||
	    x(c, "UPDATE registry.observation o SET ssid = $1 FROM split_alias s"
	      " WHERE o.lea_id = s.lea_id AND o.local_id = s.local_id", 1, p + 1, err) ||
	    commit(c, err))
		return err->code;
	printf("split %d alias%s of %s to the new SSID %s (event %s)\n", nargs - 1,
	       nargs - 1 == 1 ? "" : "es", args[0], fresh, eid);
	return 0;
}

static int cmd_undo(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	static const char *const names[] = { "event ID" };
	char kind[16], ssid[SSID_LEN + 1], other[SSID_LEN + 1], into[SSID_LEN + 1], eid[24];
	const char *p[5];
	PGresult *res;
	int64_t id;
	int rc;

	if ((rc = cli_check_args(nargs, args, 1, 1, names)) || (rc = need_reason(c->opts, "undo")))
		return rc;
	if (parse_int64(args[0], strlen(args[0]), 1, INT64_MAX, &id))
		return cli_usage_error("\"%s\" is not an event ID", args[0]);
	if (begin(c, err))
		return err->code;
	p[0] = args[0];
	res = q(c, "SELECT kind, ssid, coalesce(other_ssid, ''), undone_by FROM registry.event"
		" WHERE event_id = $1 FOR UPDATE", 1, p, err);
	if (!res)
		return err->code;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return error_set(err, SLDS_EDATA, "there is no event %s", args[0]);
	}
	snprintf(kind, sizeof(kind), "%s", PQgetvalue(res, 0, 0));
	snprintf(ssid, sizeof(ssid), "%s", PQgetvalue(res, 0, 1));
	snprintf(other, sizeof(other), "%s", PQgetvalue(res, 0, 2));
	if (!PQgetisnull(res, 0, 3)) {
		error_set(err, SLDS_EDATA, "event %s was already undone by event %s", args[0],
			  PQgetvalue(res, 0, 3));
		PQclear(res);
		return err->code;
	}
	PQclear(res);
	p[1] = ssid;
	p[2] = other;
	p[3] = c->actor;
	p[4] = c->opts->reason;
	if (!strcmp(kind, "merge")) {
		rc = lock_identity(c, ssid, into, err);
		if (rc < 0)
			return rc;
		if (rc == 1)
			return error_set(err, SLDS_EDATA, "SSID %s is active again already", ssid);
		/* Un-retire, and give back the SSIDs that pointed at it then. */
		if (x(c, "UPDATE registry.identity SET status = 'active', merged_into = NULL"
		      " WHERE ssid = $1", 1, p + 1, err) ||
		    x(c, "UPDATE registry.identity SET merged_into = $2"
		      " WHERE ssid IN (SELECT jsonb_array_elements_text(evidence->'repointed')"
		      "                FROM registry.event WHERE event_id = $1)"
		      "   AND status = 'retired'", 2, p, err))
			return err->code;
	} else if (!strcmp(kind, "split")) {
		rc = lock_identity(c, other, into, err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return error_set(err, SLDS_EDATA, "SSID %s of the split is retired, merged into %s",
					 other, into);
		/* The aliases go back; the split's SSID is retired into the original. */
		const char *back[2] = { args[0], other };

		if (x(c, "UPDATE registry.alias a SET ssid = m.\"from\""
		      " FROM registry.event e, jsonb_to_recordset(e.evidence->'aliases')"
		      "   AS m(lea_id text, local_id text, \"from\" text)"
		      " WHERE e.event_id = $1 AND a.lea_id = m.lea_id AND a.local_id = m.local_id"
		      "   AND a.ssid = $2", 2, back, err) ||
		    x(c, "UPDATE registry.observation SET ssid = $1 WHERE ssid = $2", 2, p + 1, err) ||
		    x(c, "UPDATE registry.identity SET status = 'retired', merged_into = $1"
		      " WHERE ssid = $2", 2, p + 1, err))
			return err->code;
	} else {
		return error_set(err, SLDS_EDATA, "event %s is a %s: only merges and splits are undone",
				 args[0], kind);
	}
	if (event_id(q(c, "INSERT INTO registry.event (kind, ssid, other_ssid, actor, reason, evidence)"
		       " VALUES ('undo', $2, nullif($3, ''), $4, $5,"
		       "  jsonb_build_object('event_id', $1::bigint)) RETURNING event_id", 5, p, err), eid))
		return err->code;
	p[1] = eid;
	if (x(c, "UPDATE registry.event SET undone_by = $2 WHERE event_id = $1", 2, p, err) ||
	    commit(c, err))
		return err->code;
	printf("undid the %s of event %s (event %s)\n", kind, args[0], eid);
	return 0;
}

/* Print a result as an aligned text table with a header. */
static void print_table(PGresult *res)
{
	int nf = PQnfields(res), nt = PQntuples(res), r, f;
	size_t *w = xcalloc((size_t)nf ? (size_t)nf : 1, sizeof(*w));

	for (f = 0; f < nf; f++) {
		w[f] = strlen(PQfname(res, f));
		for (r = 0; r < nt; r++)
			if ((size_t)PQgetlength(res, r, f) > w[f])
				w[f] = (size_t)PQgetlength(res, r, f);
	}
	for (f = 0; f < nf; f++)
		printf("%s%-*s", f ? "  " : "  ", f == nf - 1 ? 0 : (int)w[f], PQfname(res, f));
	putchar('\n');
	for (r = 0; r < nt; r++) {
		for (f = 0; f < nf; f++)
			printf("%s%-*s", f ? "  " : "  ", f == nf - 1 ? 0 : (int)w[f],
			       PQgetvalue(res, r, f));
		putchar('\n');
	}
	free(w);
}

/* --- lookup and sweep: the engine over the registry's observations ---------- */

/* The levels of a pair, as "first_name=exact last_name=jw92 ...". */
static void levels_text(const struct linker *lk, uint32_t a, uint32_t b, struct buf *out)
{
	uint8_t levels[FS_MAX_COMPARISONS];
	size_t i;

	linker_levels(lk, a, b, levels);
	for (i = 0; i < lk->model.ncomparisons; i++) {
		const struct fs_comparison *cmp = &lk->model.comparisons[i];

		buf_addf(out, "%s%s=%s", i ? " " : "", cmp->name,
			 levels[i] == FS_MISSING ? "missing"
			 : cmp->levels[levels[i] < cmp->nlevels ? levels[i] : cmp->nlevels - 1]);
	}
}

struct candidate {
	uint32_t rec;
	double prob, weight;
};

static int candidate_cmp(const void *x, const void *y)
{
	const struct candidate *a = x, *b = y;

	if (a->prob != b->prob)
		return a->prob > b->prob ? -1 : 1;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

/*
 * The audit record of a lookup (registry.lookup, migration 017): the names
 * of the fields given, never their values; the SSIDs shown, in order.
 */
static int audit_lookup(struct ctx *c, const size_t *len, size_t scored,
			const struct candidate *cand, size_t shown, const struct linker *lk,
			struct slds_error *err)
{
	/* Room for every field name, and for every SSID shown (--limit up to 10,000). */
	struct buf fields = BUF_INIT(1024), ssids = BUF_INIT((shown + 1) * (SSID_LEN + 1) + 2);
	char nscored[32], best[32];
	const char *p[7];
	size_t i;
	int f, rc = 0;

	rc |= buf_addch(&fields, '{');
	for (f = 0; f < LINK_NFIELDS; f++)
		if (len[f])
			rc |= buf_addf(&fields, "%s%s", fields.len > 1 ? "," : "", link_field_names[f]);
	rc |= buf_addch(&fields, '}');
	rc |= buf_addch(&ssids, '{');
	for (i = 0; i < shown; i++)
		rc |= buf_addf(&ssids, "%s%s", i ? "," : "", linker_id(lk, cand[i].rec));
	rc |= buf_addch(&ssids, '}');
	if (rc) {
		rc = error_set(err, SLDS_ELIMIT, "the lookup's audit record is too long");
		goto cleanup;
	}
	snprintf(nscored, sizeof(nscored), "%zu", scored);
	if (shown)
		snprintf(best, sizeof(best), "%.9f", cand[0].prob);
	p[0] = c->actor;
	p[1] = c->opts->lea;
	p[2] = c->opts->reason;
	p[3] = fields.data;
	p[4] = nscored;
	p[5] = ssids.data;
	p[6] = shown ? best : NULL;
	rc = x(c, "INSERT INTO registry.lookup (actor, lea_id, reason, fields, scored, shown,"
	       " best_probability) VALUES ($1, $2, $3, $4::text[], $5::int, $6::char(10)[], $7::float8)",
	       7, p, err);
cleanup:
	buf_release(&fields);
	buf_release(&ssids);
	return rc;
}

/*
 * lookup FIELD=VALUE...: the SSIDs whose observations look most like the
 * given identity, with their match probability and how each field compared.
 * Nothing of the registry's identities is printed: a clerk sees SSIDs and
 * levels, not another child's name.
 */
static int cmd_lookup(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	const char *v[LINK_NFIELDS];
	size_t len[LINK_NFIELDS], n = 0, i, shown = 0;
	struct linker lk;
	struct registry_records reg;
	struct candidate *cand = NULL;
	struct buf text = BUF_INIT(4096);
	struct date d;
	char *model, *where;
	uint32_t query;
	int a, f, rc;

	for (f = 0; f < LINK_NFIELDS; f++) {
		v[f] = "";
		len[f] = 0;
	}
	for (a = 0; a < nargs; a++) {
		const char *eq = strchr(args[a], '=');

		for (f = 0; eq && f < LINK_NFIELDS; f++)
			if ((size_t)(eq - args[a]) == strlen(link_field_names[f]) &&
			    !memcmp(args[a], link_field_names[f], (size_t)(eq - args[a])))
				break;
		if (!eq || f == LINK_NFIELDS)
			return cli_usage_error("lookup takes FIELD=VALUE, FIELD one of first_name, middle_name, last_name, birth_date, sex, birthplace, zip");
		v[f] = eq + 1;
		len[f] = strlen(eq + 1);
	}
	if (!len[LF_BIRTH] || parse_date(v[LF_BIRTH], len[LF_BIRTH], &d) != PARSE_OK)
		return cli_usage_error("lookup needs birth_date=YYYY-MM-DD: the registry is searched around it");
	if (!len[LF_LAST] && !len[LF_FIRST])
		return cli_usage_error("lookup needs first_name or last_name");
	model = linker_model_path(c->opts->model, c->opts->bindir);
	memset(&reg, 0, sizeof(reg));
	rc = linker_open(&lk, model, NULL, err);
	free(model);
	if (rc)
		return rc;
	/* A year and more either way: a year off, day and month swapped. */
	where = xstrfmt("o.birth_date BETWEEN date '%04d-%02d-%02d' - 400 AND date '%04d-%02d-%02d' + 400",
			d.year, d.month, d.day, d.year, d.month, d.day);
	rc = registry_load(c->conn, &lk, where, &reg, err);
	free(where);
	if (!rc)
		rc = linker_add(&lk, v, len, 1, "lookup", 6, NULL, 0, err);
	if (rc)
		goto cleanup;
	query = (uint32_t)lk.nrecs - 1;
	lk.kind = LINK_ACROSS;
	/* Even odds that the student is in the registry, as one of its SSIDs. */
	lk.model.lambda = reg.nssids ? 0.5 / (double)(reg.nssids + 1) : 0.5;
	cand = xmallocarray(reg.nssids ? reg.nssids : 1, sizeof(*cand));
	for (i = reg.lo; i < reg.hi; i++) {
		double w, p = linker_pair_score(&lk, query, (uint32_t)i, &w);

		if (n && !strcmp(linker_id(&lk, cand[n - 1].rec), linker_id(&lk, (uint32_t)i))) {
			if (p > cand[n - 1].prob) {
				cand[n - 1].prob = p;
				cand[n - 1].weight = w;
				cand[n - 1].rec = (uint32_t)i;
			}
			continue;
		}
		cand[n].rec = (uint32_t)i;
		cand[n].prob = p;
		cand[n++].weight = w;
	}
	qsort(cand, n, sizeof(*cand), candidate_cmp);
	linker_thresholds(&lk);
	while (shown < n && shown < c->opts->limit && (cand[shown].prob >= 0.01 || !shown))
		shown++;
	/* Recorded before anything is shown: no disclosure without its record. */
	if ((rc = audit_lookup(c, len, n, cand, shown, &lk, err)) != 0)
		goto cleanup;
	printf("%-10s  %-11s  %8s  %s\n", "SSID", "probability", "weight", "comparisons");
	for (i = 0; i < shown; i++) {
		buf_reset(&text);
		levels_text(&lk, query, cand[i].rec, &text);
		printf("%-10s  %11.4f  %8.2f  %s\n", linker_id(&lk, cand[i].rec), cand[i].prob,
		       cand[i].weight, text.data ? text.data : "");
	}
	printf("%zu candidates shown of %zu SSIDs born within about a year; %s\n", shown, n,
	       shown && cand[0].prob >= lk.review_p ? "the first is a probable match"
						     : "no probable match");
cleanup:
	free(cand);
	buf_release(&text);
	registry_records_release(&reg);
	linker_release(&lk);
	return rc;
}

struct dup {
	uint32_t a, b;			/* records of two SSIDs, a's SSID first */
	uint32_t sa, sb;		/* their SSIDs: the first record of each */
	double prob, weight;
};

/* Strongest first; ties in record order. */
static int dup_cmp(const void *x, const void *y)
{
	const struct dup *a = x, *b = y;
	int k;

	if (a->prob != b->prob)
		return a->prob > b->prob ? -1 : 1;
	k = a->a < b->a ? -1 : a->a > b->a;
	return k ? k : (a->b < b->b ? -1 : a->b > b->b);
}

/* By pair of SSIDs, then as dup_cmp. */
static int dup_ssids_cmp(const void *x, const void *y)
{
	const struct dup *a = x, *b = y;

	if (a->sa != b->sa)
		return a->sa < b->sa ? -1 : 1;
	if (a->sb != b->sb)
		return a->sb < b->sb ? -1 : 1;
	return dup_cmp(x, y);
}

/* Open a review item (and its event) for a probable duplicate: b into a. */
static int open_sweep_review(struct ctx *c, const struct linker *lk, const struct dup *d,
			     struct slds_error *err)
{
	struct buf ev = BUF_INIT(1 << 16);
	char prob[32], weight[32];
	const char *p[5];
	PGresult *res;
	int rc;

	if (linker_evidence(lk, d->b, d->a, &ev))
		return error_set(err, SLDS_ELIMIT, "evidence too long");
	snprintf(prob, sizeof(prob), "%.9f", d->prob);
	snprintf(weight, sizeof(weight), "%.6f", d->weight);
	p[0] = linker_id(lk, d->b);
	p[1] = linker_id(lk, d->a);
	p[2] = prob;
	p[3] = weight;
	p[4] = ev.data;
	res = q(c, "WITH item AS (INSERT INTO registry.review (lea_id, local_id, ssid, candidate_ssid,"
		" probability, weight, evidence)"
		" SELECT a.lea_id, a.local_id, $1, $2, $3::float8, $4::float8,"
		"   $5::jsonb || '{\"reason\": \"sweep: probable duplicate SSIDs\"}'"
		" FROM registry.alias a WHERE a.ssid = $1"
		" AND NOT EXISTS (SELECT 1 FROM registry.review r WHERE r.ssid IN ($1, $2)"
		"   AND r.candidate_ssid IN ($1, $2))"
		" ORDER BY a.lea_id, a.local_id LIMIT 1 RETURNING *)"
		" INSERT INTO registry.event (kind, ssid, other_ssid, lea_id, local_id, reason, evidence)"
		" SELECT 'review', ssid, candidate_ssid, lea_id, local_id,"
		"   'sweep: probable duplicate SSIDs', evidence FROM item RETURNING 1",
		5, p, err);
	buf_release(&ev);
	if (!res)
		return err->code;
	rc = PQntuples(res);
	PQclear(res);
	return rc;
}

/*
 * sweep: probable duplicate SSIDs among the registry's own observations,
 * as CALPADS's multiple-identifier check; with --open-reviews each pair not
 * reviewed before becomes a review item.
 */
static int cmd_sweep(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	struct linker lk;
	struct registry_records reg;
	struct dup *dups = NULL;
	uint32_t *first = NULL;
	struct buf text = BUF_INIT(4096);
	size_t i, n = 0, k, opened = 0;
	char *model;
	int rc;

	(void)args;
	if (nargs)
		return cli_usage_error("sweep takes no arguments");
	model = linker_model_path(c->opts->model, c->opts->bindir);
	memset(&reg, 0, sizeof(reg));
	rc = linker_open(&lk, model, NULL, err);
	free(model);
	if (rc)
		return rc;
	rc = registry_load(c->conn, &lk, NULL, &reg, err);
	if (rc)
		goto cleanup;
	lk.kind = LINK_ALL;
	linker_block(&lk);
	/* The prior: one SSID in a hundred a duplicate of another. */
	if (linker_population(&lk) >= 1)
		lk.model.lambda = 0.01 * (double)reg.nssids / linker_population(&lk);
	if (lk.model.lambda <= 0 || lk.model.lambda >= 1)
		lk.model.lambda = 1e-9;
	linker_score(&lk);
	/* The records are sorted by SSID: each SSID is its first record. */
	first = xmallocarray(lk.nrecs ? lk.nrecs : 1, sizeof(*first));
	for (i = 0; i < lk.nrecs; i++)
		first[i] = i && !strcmp(linker_id(&lk, (uint32_t)i), linker_id(&lk, (uint32_t)i - 1))
			   ? first[i - 1] : (uint32_t)i;
	dups = xmallocarray(lk.pairs.n ? lk.pairs.n : 1, sizeof(*dups));
	for (i = 0; i < lk.pairs.n; i++) {
		uint32_t a = (uint32_t)(lk.pairs.v[i] >> 32), b = (uint32_t)lk.pairs.v[i];

		if (lk.prob[i] < lk.review_p || first[a] == first[b])
			continue;
		dups[n].a = a;		/* a < b: a's SSID is the lower */
		dups[n].b = b;
		dups[n].sa = first[a];
		dups[n].sb = first[b];
		dups[n].prob = lk.prob[i];
		dups[n++].weight = lk.weight[i];
	}
	/* One line per pair of SSIDs: its strongest pair of observations. */
	if (n)
		qsort(dups, n, sizeof(*dups), dup_ssids_cmp);
	for (i = k = 0; i < n; i++)
		if (!k || dups[k - 1].sa != dups[i].sa || dups[k - 1].sb != dups[i].sb)
			dups[k++] = dups[i];
	n = k;
	if (n)
		qsort(dups, n, sizeof(*dups), dup_cmp);
	if (c->opts->open_reviews && (rc = x(c, "BEGIN", 0, NULL, err)))
		goto cleanup;
	printf("%-10s  %-10s  %-11s  %8s  %s\n", "SSID", "SSID", "probability", "weight",
	       "comparisons");
	for (i = 0; i < n; i++) {
		buf_reset(&text);
		levels_text(&lk, dups[i].a, dups[i].b, &text);
		printf("%-10s  %-10s  %11.4f  %8.2f  %s\n", linker_id(&lk, dups[i].a),
		       linker_id(&lk, dups[i].b), dups[i].prob, dups[i].weight,
		       text.data ? text.data : "");
		if (c->opts->open_reviews) {
			int got = open_sweep_review(c, &lk, &dups[i], err);

			if (got < 0) {
				rc = got;
				goto cleanup;
			}
			opened += (size_t)got;
		}
	}
	if (c->opts->open_reviews && (rc = x(c, "COMMIT", 0, NULL, err)))
		goto cleanup;
	printf("%zu probable duplicate pairs of SSIDs among %zu SSIDs (%zu observations, %zu candidate pairs)",
	       n, reg.nssids, (size_t)(reg.hi - reg.lo), lk.pairs.n);
	if (c->opts->open_reviews)
		printf("; %zu review items opened", opened);
	printf("\n");
cleanup:
	free(dups);
	free(first);
	buf_release(&text);
	registry_records_release(&reg);
	linker_release(&lk);
	return rc;
}

static int cmd_history(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	static const char *const names[] = { "SSID" };
	const char *p[1];
	PGresult *res;
	int rc;

	if ((rc = cli_check_args(nargs, args, 1, 1, names)))
		return rc;
	if (check_ssid_arg(args[0], err))
		return err->code;
	p[0] = args[0];
	res = q(c, "SELECT status, coalesce(merged_into, ''), to_char(created_at, 'YYYY-MM-DD HH24:MI:SS'),"
		" coalesce(created_by::text, ''),"
		" (SELECT string_agg(ssid, ' ' ORDER BY ssid) FROM registry.identity WHERE merged_into = $1)"
		" FROM registry.identity WHERE ssid = $1", 1, p, err);
	if (!res)
		return err->code;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return error_set(err, SLDS_EDATA, "SSID %s is not in the registry", args[0]);
	}
	printf("SSID %s: %s", args[0], PQgetvalue(res, 0, 0));
	if (*PQgetvalue(res, 0, 1))
		printf(", merged into %s", PQgetvalue(res, 0, 1));
	printf("\ncreated %s%s%s\n", PQgetvalue(res, 0, 2), *PQgetvalue(res, 0, 3) ? " by submission " : "",
	       PQgetvalue(res, 0, 3));
	if (!PQgetisnull(res, 0, 4))
		printf("merged into it: %s\n", PQgetvalue(res, 0, 4));
	PQclear(res);
	res = q(c, "SELECT lea_id AS lea, local_id AS \"local ID\", a.ssid,"
		" coalesce(first_seen::text, '') AS \"first seen in\", coalesce(last_seen::text, '') AS \"last seen in\""
		" FROM registry.alias a JOIN registry.identity i USING (ssid)"
		" WHERE coalesce(i.merged_into, i.ssid) = $1 ORDER BY 1, 2", 1, p, err);
	if (!res)
		return err->code;
	printf("\n%d alias%s (LEA, local ID):\n", PQntuples(res), PQntuples(res) == 1 ? "" : "es");
	print_table(res);
	PQclear(res);
	res = q(c, "SELECT event_id AS event, to_char(at, 'YYYY-MM-DD HH24:MI:SS') AS at, kind, ssid,"
		" coalesce(other_ssid, '') AS other, coalesce(lea_id || ':' || local_id, '') AS alias,"
		" coalesce(submission_id::text, '') AS submission, actor,"
		" CASE WHEN undone_by IS NULL THEN reason ELSE reason || ' (undone by event '"
		"  || undone_by || ')' END AS reason"
		" FROM registry.event WHERE ssid = $1 OR other_ssid = $1"
		" OR ssid IN (SELECT ssid FROM registry.identity WHERE merged_into = $1)"
		" ORDER BY event_id", 1, p, err);
	if (!res)
		return err->code;
	printf("\n%d event%s:\n", PQntuples(res), PQntuples(res) == 1 ? "" : "s");
	print_table(res);
	PQclear(res);
	return 0;
}

static int review_list(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	const char *p[2] = { c->opts->lea, c->opts->all ? "t" : "f" };
	PGresult *res;
	int rc;

	if ((rc = cli_check_args(nargs, args, 0, 0, NULL)))
		return rc;
	res = q(c, "SELECT review_id AS review, to_char(opened_at, 'YYYY-MM-DD') AS opened,"
		" lea_id AS lea, local_id AS \"local ID\", ssid AS \"provisional SSID\","
		" candidate_ssid AS candidate, coalesce(to_char(probability, 'FM0.000'), '') AS probability,"
		" status FROM registry.review"
		" WHERE ($1::text IS NULL OR lea_id = $1) AND ($2::boolean OR status = 'open')"
		" ORDER BY review_id", 2, p, err);
	if (!res)
		return err->code;
	printf("%d review item%s%s\n", PQntuples(res), PQntuples(res) == 1 ? "" : "s",
	       c->opts->all ? "" : " open");
	if (PQntuples(res))
		print_table(res);
	PQclear(res);
	return 0;
}

/* A bar of |w| units (one per half weight unit, at most 30) for the waterfall. */
static void bar(double w)
{
	int n = (int)lround(fabs(w) * 2), i;

	if (n > 30)
		n = 30;
	putchar(' ');
	for (i = 0; i < n; i++)
		putchar(w < 0 ? '-' : '+');
}

/*
 * A review item's comparisons, in the matcher's order: field, level, weight
 * and term-frequency adjustment (0 when absent).  NULL with err set.
 */
static PGresult *comparisons(struct ctx *c, const char *review_id, struct slds_error *err)
{
	const char *p[1] = { review_id };

	return q(c, "SELECT e->>'field', coalesce(e->>'level', ''),"
		 " coalesce((e->>'weight')::float8, 0), coalesce((e->>'tf_adjustment')::float8, 0)"
		 " FROM registry.review r, jsonb_array_elements(r.evidence->'comparisons')"
		 "   WITH ORDINALITY AS t(e, n)"
		 " WHERE r.review_id::text = $1 ORDER BY n", 1, p, err);
}

static int review_show(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	static const char *const names[] = { "review ID" };
	const char *p[1];
	PGresult *res;
	double total = 0;
	int rc, r;

	if ((rc = cli_check_args(nargs, args, 1, 1, names)))
		return rc;
	p[0] = args[0];
	res = q(c, "SELECT review_id, lea_id, local_id, ssid, candidate_ssid,"
		" coalesce(to_char(probability, 'FM0.0000'), 'unknown'), status,"
		" coalesce(resolved_by || ' on ' || to_char(resolved_at, 'YYYY-MM-DD') || ': ' || reason, ''),"
		" coalesce(submission_id::text, ''), (evidence->>'prior')::float8"
		" FROM registry.review WHERE review_id::text = $1", 1, p, err);
	if (!res)
		return err->code;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return error_set(err, SLDS_EDATA, "there is no review item %s", args[0]);
	}
	printf("review %s: LEA %s, local ID %s, submission %s\n", PQgetvalue(res, 0, 0),
	       PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 8));
	printf("  provisional SSID %s, candidate SSID %s, match probability %s\n",
	       PQgetvalue(res, 0, 3), PQgetvalue(res, 0, 4), PQgetvalue(res, 0, 5));
	printf("  status: %s%s%s\n\n", PQgetvalue(res, 0, 6), *PQgetvalue(res, 0, 7) ? ", " : "",
	       PQgetvalue(res, 0, 7));
	if (!PQgetisnull(res, 0, 9))
		total = strtod(PQgetvalue(res, 0, 9), NULL);
	PQclear(res);
	res = comparisons(c, args[0], err);
	if (!res)
		return err->code;
	printf("  %-16s %-24s %8s %8s %10s\n", "comparison", "level", "weight", "tf adj.", "running");
	printf("  %-16s %-24s %8s %8s %10.2f\n", "prior", "", "", "", total);
	for (r = 0; r < PQntuples(res); r++) {
		double w = strtod(PQgetvalue(res, r, 2), NULL), tf = strtod(PQgetvalue(res, r, 3), NULL);

		total += w + tf;
		printf("  %-16.16s %-24.24s %+8.2f %+8.2f %10.2f", PQgetvalue(res, r, 0),
		       PQgetvalue(res, r, 1), w, tf, total);
		bar(w + tf);
		putchar('\n');
	}
	printf("  %-16s %-24s %8s %8s %10.2f  (probability %.4f)\n", "total", "", "", "", total,
	       1.0 / (1.0 + pow(2.0, -total)));
	PQclear(res);
	return 0;
}

/* Resolve one review item inside the caller's transaction. */
static int resolve_one(struct ctx *c, const char *id, const char *decision, const char *reason,
		       struct slds_error *err)
{
	char ssid[SSID_LEN + 1], cand[SSID_LEN + 1], eid[24];
	const char *p[6];
	PGresult *res;
	int same = !strcmp(decision, "same");

	if (!same && strcmp(decision, "different"))
		return error_set(err, SLDS_EDATA, "decision \"%s\" is neither \"same\" nor \"different\"",
				 decision);
	if (!reason || !*reason)
		return error_set(err, SLDS_EDATA, "review %s: a resolution needs a reason", id);
	p[0] = id;
	res = q(c, "SELECT ssid, candidate_ssid, status FROM registry.review"
		" WHERE review_id::text = $1 FOR UPDATE", 1, p, err);
	if (!res)
		return err->code;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return error_set(err, SLDS_EDATA, "there is no review item %s", id);
	}
	if (strcmp(PQgetvalue(res, 0, 2), "open")) {
		error_set(err, SLDS_EDATA, "review %s is already resolved (%s)", id, PQgetvalue(res, 0, 2));
		PQclear(res);
		return err->code;
	}
	snprintf(ssid, sizeof(ssid), "%s", PQgetvalue(res, 0, 0));
	snprintf(cand, sizeof(cand), "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	p[1] = decision;
	p[2] = c->actor;
	p[3] = reason;
	p[4] = ssid;
	p[5] = cand;
	if (x(c, "INSERT INTO registry.event (kind, ssid, other_ssid, lea_id, local_id, submission_id,"
	      " actor, reason, evidence)"
	      " SELECT 'resolve', ssid, candidate_ssid, lea_id, local_id, submission_id, $3, $4,"
	      "  jsonb_build_object('review_id', review_id, 'decision', $2::text)"
	      " FROM registry.review WHERE review_id::text = $1", 4, p, err) ||
	    x(c, "UPDATE registry.review SET status = $2, resolved_at = now(), resolved_by = $3,"
	      " reason = $4 WHERE review_id::text = $1", 4, p, err))
		return err->code;
	/* The provisional SSID was minted for this record: it is the one retired. */
	return same ? do_merge(c, ssid, cand, reason, id, eid, err) : 0;
}

struct resolutions {
	struct ctx *c;
	struct slds_error *err;
	char *field[3];
	int nfield, header, rc;
	unsigned long line;
	int same, different;
};

static void on_res_field(void *s, size_t len, void *data)
{
	struct resolutions *r = data;

	if (r->nfield < 3)
		r->field[r->nfield] = s ? xstrndup(s, len) : xstrdup("");
	r->nfield++;
}

static void on_res_row(int ch, void *data)
{
	struct resolutions *r = data;
	int i;

	(void)ch;
	r->line++;
	if (!r->rc && r->header) {
		r->header = 0;
		if (r->nfield < 3 || strcasecmp(r->field[0], "review_id") ||
		    strcasecmp(r->field[1], "decision") || strcasecmp(r->field[2], "reason"))
			r->rc = error_set(r->err, SLDS_EDATA,
					  "line 1: the header must be review_id,decision,reason");
	} else if (!r->rc && r->nfield != 3) {
		r->rc = error_set(r->err, SLDS_EDATA, "line %lu: %d fields where 3 were expected",
				  r->line, r->nfield);
	} else if (!r->rc) {
		r->rc = resolve_one(r->c, r->field[0], r->field[1], r->field[2], r->err);
		if (r->rc)
			error_prefix(r->err, "line %lu", r->line);
		else if (!strcmp(r->field[1], "same"))
			r->same++;
		else
			r->different++;
	}
	for (i = 0; i < 3 && i < r->nfield; i++)
		free(r->field[i]);
	r->nfield = 0;
}

static int resolve_file(struct ctx *c, const char *path, struct slds_error *err)
{
	struct resolutions r = { c, err, { NULL, NULL, NULL }, 0, 1, 0, 0, 0, 0 };
	struct csv_parser p;
	char block[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return error_set(err, errno == ENOENT ? SLDS_ENOENT : SLDS_EIO,
				 "could not open file \"%s\": %s", path, strerror(errno));
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		fclose(f);
		return error_set(err, SLDS_ERROR, "could not start the CSV parser");
	}
	while (!r.rc && (n = fread(block, 1, sizeof(block), f)) > 0)
		if (csv_parse(&p, block, n, on_res_field, on_res_row, &r) != n && !r.rc)
			r.rc = error_set(err, SLDS_EDATA, "file \"%s\" line %lu: %s", path, r.line + 1,
					 csv_strerror(csv_error(&p)));
	if (!r.rc && ferror(f))
		r.rc = error_set(err, SLDS_EIO, "could not read file \"%s\": %s", path, strerror(errno));
	if (!r.rc)
		csv_fini(&p, on_res_field, on_res_row, &r);
	csv_free(&p);
	fclose(f);
	if (!r.rc && r.same + r.different == 0)
		r.rc = error_set(err, SLDS_EDATA, "file \"%s\" holds no resolutions", path);
	if (r.rc) {
		error_prefix(err, "file \"%s\"", path);
		return r.rc;
	}
	if (commit(c, err))
		return err->code;
	printf("resolved %d review item%s: %d same (merged), %d different\n", r.same + r.different,
	       r.same + r.different == 1 ? "" : "s", r.same, r.different);
	return 0;
}

static int review_resolve(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	static const char *const names[] = { "review ID", "decision (same or different)" };
	int rc;

	if (c->opts->file) {
		if ((rc = cli_check_args(nargs, args, 0, 0, NULL)) || begin(c, err))
			return rc ? rc : err->code;
		return resolve_file(c, c->opts->file, err);
	}
	if ((rc = cli_check_args(nargs, args, 2, 2, names)) || (rc = need_reason(c->opts, "resolve")))
		return rc;
	if (begin(c, err) || resolve_one(c, args[0], args[1], c->opts->reason, err) || commit(c, err))
		return err->code;
	printf("resolved review %s: %s%s\n", args[0], args[1],
	       !strcmp(args[1], "same") ? " (merged)" : "");
	return 0;
}

/*
 * One review item's waterfall as an inline SVG: the prior as a bar from 0,
 * each comparison as a bar from the running total before it to the total
 * after (green up, red down), and the total as a bar from 0.
 */
static void svg_bar(struct buf *b, const char *label, double from, double to, const char *colour,
		    int y, double lo, double scale)
{
	double x0 = 150 + ((from < to ? from : to) - lo) * scale;
	double len = (from < to ? to - from : from - to) * scale;

	buf_addf(b, "<text x=\"0\" y=\"%d\" font-size=\"12\">", y + 12);
	buf_add_html(b, label);
	buf_addf(b, "</text><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>",
		 x0, y, len < 1 ? 1 : len, colour);
}

static void svg_waterfall(struct buf *b, const double *w, char **labels, int n, double prior)
{
	double lo = prior < 0 ? prior : 0, hi = prior > 0 ? prior : 0, run = prior, scale;
	int i, height = (n + 2) * 18 + 4;

	for (i = 0; i < n; i++) {
		run += w[i];
		lo = run < lo ? run : lo;
		hi = run > hi ? run : hi;
	}
	scale = 400.0 / (hi - lo > 1 ? hi - lo : 1);
	buf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"%d\" role=\"img\">",
		 height);
	buf_addf(b, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\"/>",
		 150 - lo * scale, 150 - lo * scale, height);
	svg_bar(b, "prior", 0, prior, "#777", 2, lo, scale);
	run = prior;
	for (i = 0; i < n; i++) {
		svg_bar(b, labels[i], run, run + w[i], w[i] >= 0 ? "#2a7" : "#c33", (i + 1) * 18 + 2,
			lo, scale);
		run += w[i];
	}
	svg_bar(b, "total", 0, run, "#333", (n + 1) * 18 + 2, lo, scale);
	buf_adds(b, "</svg>");
}

/* The open review items as one self-contained HTML page. */
static int review_report(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	static const char *const names[] = { "output file" };
	const char *p[1] = { c->opts->lea };
	struct buf b = BUF_INIT(256 * 1024 * 1024);
	PGresult *res, *ev;
	int rc, r;

	if ((rc = cli_check_args(nargs, args, 1, 1, names)))
		return rc;
	res = q(c, "SELECT review_id, lea_id, local_id, ssid, candidate_ssid,"
		" coalesce(to_char(probability, 'FM0.0000'), ''), to_char(opened_at, 'YYYY-MM-DD'),"
		" coalesce((evidence->>'prior')::float8, 0)"
		" FROM registry.review WHERE status = 'open' AND ($1::text IS NULL OR lea_id = $1)"
		" ORDER BY lea_id, review_id", 1, p, err);
	if (!res)
		return err->code;
	buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		 "<title>Identity review</title><style>body{font-family:sans-serif;margin:2em}"
		 "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
		 "text-align:left}td.n{text-align:right}section{margin:1.5em 0;border-top:1px solid #999}"
		 "</style></head><body>\n<h1>Identity review</h1>\n");
	buf_addf(&b, "<p>%d open review item%s%s", PQntuples(res), PQntuples(res) == 1 ? "" : "s",
		 c->opts->lea ? " of LEA " : "");
	if (c->opts->lea)
		buf_add_html(&b, c->opts->lea);
	buf_adds(&b, ". Each record got a provisional SSID and looks like an existing one. "
		 "Resolve an item with <code>slds-ssid review resolve ID same|different --reason=...</code>, "
		 "or send back a CSV file with the columns review_id,decision,reason.</p>\n");
	for (r = 0; r < PQntuples(res); r++) {
		double w[64], prior = strtod(PQgetvalue(res, r, 7), NULL), run;
		char *labels[64];
		int n, i;

		ev = comparisons(c, PQgetvalue(res, r, 0), err);
		if (!ev) {
			PQclear(res);
			buf_release(&b);
			return err->code;
		}
		buf_adds(&b, "<section><h2>Review ");
		buf_add_html(&b, PQgetvalue(res, r, 0));
		buf_adds(&b, "</h2><p>LEA ");
		buf_add_html(&b, PQgetvalue(res, r, 1));
		buf_adds(&b, ", local ID ");
		buf_add_html(&b, PQgetvalue(res, r, 2));
		buf_addf(&b, ", opened %s: provisional SSID %s, candidate SSID %s, match probability %s.</p>\n",
			 PQgetvalue(res, r, 6), PQgetvalue(res, r, 3), PQgetvalue(res, r, 4),
			 PQgetvalue(res, r, 5));
		buf_adds(&b, "<table><tr><th>comparison</th><th>level</th><th>weight</th>"
			 "<th>term-frequency adjustment</th><th>running total</th></tr>");
		buf_addf(&b, "<tr><td>prior</td><td></td><td></td><td></td><td class=\"n\">%.2f</td></tr>", prior);
		n = PQntuples(ev) < 64 ? PQntuples(ev) : 64;
		run = prior;
		for (i = 0; i < n; i++) {
			double wt = strtod(PQgetvalue(ev, i, 2), NULL), tf = strtod(PQgetvalue(ev, i, 3), NULL);

			w[i] = wt + tf;
			labels[i] = PQgetvalue(ev, i, 0);
			run += w[i];
			buf_adds(&b, "<tr><td>");
			buf_add_html(&b, labels[i]);
			buf_adds(&b, "</td><td>");
			buf_add_html(&b, PQgetvalue(ev, i, 1));
			buf_addf(&b, "</td><td class=\"n\">%+.2f</td><td class=\"n\">%+.2f</td><td class=\"n\">%.2f</td></tr>",
				 wt, tf, run);
		}
		buf_addf(&b, "<tr><th>total</th><td></td><td></td><td></td><td class=\"n\">%.2f</td></tr></table>\n",
			 run);
		svg_waterfall(&b, w, labels, n, prior);
		buf_adds(&b, "</section>\n");
		PQclear(ev);
	}
	PQclear(res);
	if (buf_adds(&b, "</body></html>\n") < 0)
		rc = error_set(err, SLDS_ELIMIT, "the review page is larger than 256 MB");
	else
		rc = write_file_atomic(args[0], b.data, b.len, err);
	buf_release(&b);
	if (!rc)
		printf("wrote %s\n", args[0]);
	return rc;
}

/*
 * review recheck: the matcher's open review items (REGISTRY_REVIEW_PROBABLE
 * and REGISTRY_REVIEW_RIVAL) between two active SSIDs.  Those whose
 * enrollment evidence was missing when it decided (the other LEA had not
 * yet sent this year's submission) are scored again with the enrollments
 * the warehouse holds now: the record's enrollments that year against its
 * candidate's (and the SSIDs merged into it) at other LEAs, as slds-match
 * grades them (docs/slds-match.md).  The items of one provisional SSID are
 * its rivals, as in slds-match's contest(): the strongest is resolved
 * "same" (the provisional SSID merged into its candidate), with the new
 * level and probability as its reason, when something was learnt and the
 * probability that the record is its candidate, against 1 + the odds of
 * those that are another child (registry_two_children()), reaches the link
 * threshold; the rest stay open.  slds-batch runs it after a run's
 * submissions.
 */
static const char recheck_sql[] =
	"WITH item AS ("
	" SELECT r.review_id, r.ssid AS prov, r.lea_id, r.local_id, r.candidate_ssid AS cand,"
	"  s.school_year AS y, (r.evidence->>'weight')::float8 AS weight,"
	"  (r.evidence->>'prior')::float8 AS prior,"
	"  coalesce((SELECT c->>'level' FROM jsonb_array_elements(r.evidence->'comparisons') c"
	"   WHERE c->>'field' = 'enrollment'), 'missing') = 'missing' AS was_missing"
	" FROM registry.review r JOIN ops.submission s USING (submission_id)"
	" JOIN registry.identity pi ON pi.ssid = r.ssid JOIN registry.identity ci ON ci.ssid = r.candidate_ssid"
	" WHERE r.status = 'open' AND r.evidence->>'reason' IN ($4, $5)"
	"  AND pi.status = 'active' AND ci.status = 'active'),"
	" span AS (SELECT i.*, m.f, m.t, m.concurrent FROM item i, LATERAL (SELECT min(e.entry_date) f,"
	"  max(coalesce(e.exit_date, DATE '9999-12-31')) t, bool_or(e.entry_code = $1) concurrent"
	"  FROM warehouse.enrollment e WHERE e.lea_id = i.lea_id AND e.local_student_id = i.local_id"
	"  AND e.school_year = i.y) m),"
	" cands AS (SELECT sp.*, sp.was_missing AND sp.f IS NOT NULL AND NOT sp.concurrent AS rechecked,"
	"  ARRAY(SELECT sp.cand UNION SELECT ssid FROM registry.identity"
	"  WHERE merged_into = sp.cand) AS ids FROM span sp)"
	" SELECT c.review_id, c.weight, c.prior, CASE"
	"  WHEN NOT c.rechecked THEN 'missing'"
	"  WHEN EXISTS (SELECT 1 FROM warehouse.enrollment o WHERE o.ssid = ANY (c.ids) AND o.school_year = c.y"
	"   AND o.lea_id <> c.lea_id AND o.entry_code IS DISTINCT FROM $1"
	"   AND least(c.t, coalesce(o.exit_date, DATE '9999-12-31')) - greatest(c.f, o.entry_date) > $2::int)"
	"  THEN 'overlap'"
	"  WHEN EXISTS (SELECT 1 FROM warehouse.enrollment o WHERE o.ssid = ANY (c.ids) AND o.school_year = c.y"
	"   AND o.lea_id <> c.lea_id AND o.entry_code IS DISTINCT FROM $1) THEN 'apart'"
	"  WHEN NOT EXISTS (SELECT 1 FROM warehouse.enrollment o WHERE o.ssid = ANY (c.ids) AND o.school_year = c.y)"
	"   AND EXISTS (SELECT 1 FROM (SELECT o.lea_id, o.exit_code FROM warehouse.enrollment o"
	"    WHERE o.ssid = ANY (c.ids) AND o.school_year < c.y ORDER BY o.school_year DESC, o.entry_date DESC"
	"    LIMIT 1) last WHERE last.lea_id <> c.lea_id"
	"    AND (last.exit_code IS NULL OR last.exit_code <> ALL ($3::text[]))"
	"    AND EXISTS (SELECT 1 FROM ops.submission u WHERE u.lea_id = last.lea_id AND u.school_year = c.y"
	"     AND u.status IN ('loaded', 'superseded'))) THEN 'left'"
	"  ELSE 'missing' END, c.rechecked, c.prov, c.cand"
	" FROM cands c ORDER BY c.prov, c.review_id";

/* 1 if both SSIDs of a review item are active, 0 if not, <0 on a failure (err). */
static int both_active(struct ctx *c, const char *review_id, struct slds_error *err)
{
	const char *p[] = { review_id };
	PGresult *res = q(c, "SELECT count(*) FROM registry.review r JOIN registry.identity i"
			  " ON i.ssid IN (r.ssid, r.candidate_ssid)"
			  " WHERE r.review_id::text = $1 AND i.status = 'active'", 1, p, err);
	int rc;

	if (!res)
		return -1;
	rc = !strcmp(PQgetvalue(res, 0, 0), "2");
	PQclear(res);
	return rc;
}

/*
 * Row i of recheck_sql's result: the log2 odds of its pair, as recorded
 * plus the weight of the enrollment level known now; *level that level,
 * or NULL while still missing.
 */
static double rival_odds(PGresult *res, int i, const struct fs_comparison *enr, const char **level)
{
	const char *lv = PQgetvalue(res, i, 3);
	double l = strtod(PQgetvalue(res, i, 1), NULL) + strtod(PQgetvalue(res, i, 2), NULL);
	size_t k;

	for (k = 0; k < enr->nlevels && strcmp(enr->levels[k], lv); k++)
		;
	*level = k < enr->nlevels ? enr->levels[k] : NULL;
	return *level ? l + log2(enr->m[k] / enr->u[k]) : l;
}

/*
 * The rows [lo, hi) of recheck_sql's result, one provisional SSID's items:
 * the strongest merged if it now reaches the link threshold against the
 * others that are another child than its candidate (registry_two_children(),
 * as slds-match weighs them).  Returns 1 if merged, 0 if not, <0 on a
 * failure (err).
 */
static int recheck_rivals(struct ctx *c, PGresult *res, int lo, int hi, const struct fs_comparison *enr,
			  double link_p, size_t *checked, struct slds_error *err)
{
	size_t n = (size_t)(hi - lo), k, j = 0;
	double *odds = xmallocarray(n, sizeof(*odds)), top = -INFINITY, others = 0, p;
	const char *level, *best_level = "missing";
	const char **a = xmallocarray(n, sizeof(*a)), **b = xmallocarray(n, sizeof(*b));
	int *distinct = xcalloc(n, sizeof(*distinct)), learnt = 0, active, rc = 0, rivals = 0;
	size_t best = 0;
	char *reason = NULL;

	for (k = 0; k < n; k++) {
		odds[k] = rival_odds(res, lo + (int)k, enr, &level);
		*checked += !strcmp(PQgetvalue(res, lo + (int)k, 4), "t");
		learnt |= level != NULL;
		if (odds[k] > top) {
			top = odds[k];
			best = k;
			best_level = level ? level : "missing";
		}
	}
	/* Unchanged since the matcher saw it, or not a link even alone. */
	if (!learnt || fs_probability_among(top, 0) < link_p)
		goto done;
	for (k = 0; k < n; k++)
		if (k != best) {
			a[j] = PQgetvalue(res, lo + (int)best, 6);
			b[j++] = PQgetvalue(res, lo + (int)k, 6);
		}
	if (registry_two_children(c->conn, a, b, j, distinct, err)) {
		rc = -1;
		goto done;
	}
	for (k = 0, j = 0; k < n; k++)
		if (k != best && distinct[j++]) {
			others += exp2(odds[k] - top);
			rivals++;
		}
	p = fs_probability_among(top, others);
	if (p < link_p)
		goto done;
	/* An earlier merge of this run retired one of the two: left for a reviewer. */
	active = both_active(c, PQgetvalue(res, lo + (int)best, 0), err);
	if (active <= 0) {
		rc = active;
		goto done;
	}
	reason = xstrfmt("recheck: the enrollments known now are %s; probability %.4f", best_level, p);
	if (rivals) {
		char *r = xstrfmt("%s against %d other SSID%s", reason, rivals, rivals > 1 ? "s" : "");

		free(reason);
		reason = r;
	}
	rc = resolve_one(c, PQgetvalue(res, lo + (int)best, 0), "same", reason, err) ? -1 : 1;
done:
	free(odds);
	free(a);
	free(b);
	free(distinct);
	free(reason);
	return rc;
}

static int review_recheck(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	const char *params[] = { REGISTRY_CONCURRENT_ENTRY, REGISTRY_OVERLAP_DAYS_TEXT, REGISTRY_FINAL_EXITS,
				 REGISTRY_REVIEW_PROBABLE, REGISTRY_REVIEW_RIVAL };
	struct fs_model model;
	char *path = linker_model_path(c->opts->model, c->opts->bindir);
	const struct fs_comparison *enr = NULL;
	PGresult *res = NULL;
	double link_p;
	size_t i, checked = 0, merged = 0;
	int rc, lo, hi, n;

	(void)args;
	if (nargs)
		return cli_usage_error("review recheck takes no arguments");
	rc = fs_model_load(&model, path, err);
	free(path);
	if (rc)
		return rc;
	for (i = 0; i < model.ncomparisons; i++)
		if (!strcmp(model.comparisons[i].kind, "external") &&
		    !strcmp(model.comparisons[i].name, "enrollment"))
			enr = &model.comparisons[i];
	if (!enr) {
		printf("the model weighs no enrollments: nothing to recheck\n");
		return 0;
	}
	link_p = model.link_probability > 0 ? model.link_probability : fs_probability(&model, model.link);
	if (begin(c, err) ||
	    db_exec(c->conn, "LOCK TABLE registry.alias IN SHARE ROW EXCLUSIVE MODE", err) ||
	    !(res = q(c, recheck_sql, 5, params, err)))
		return err->code;
	n = PQntuples(res);
	for (lo = 0; !rc && lo < n; lo = hi) {
		for (hi = lo + 1; hi < n && !strcmp(PQgetvalue(res, hi, 5), PQgetvalue(res, lo, 5)); hi++)
			;
		rc = recheck_rivals(c, res, lo, hi, enr, link_p, &checked, err);
		merged += rc > 0;
		rc = rc < 0 ? err->code : 0;
	}
	PQclear(res);
	if (rc || commit(c, err))
		return rc ? rc : err->code;
	printf("rechecked %zu review item%s: %zu merged (the same student), %zu still open\n", checked,
	       checked == 1 ? "" : "s", merged, checked - merged);
	return 0;
}

static int cmd_review(struct ctx *c, int nargs, char **args, struct slds_error *err)
{
	if (nargs < 1)
		return cli_usage_error("review needs a command: list, show, resolve, report or recheck");
	if (!strcmp(args[0], "list"))
		return review_list(c, nargs - 1, args + 1, err);
	if (!strcmp(args[0], "show"))
		return review_show(c, nargs - 1, args + 1, err);
	if (!strcmp(args[0], "resolve"))
		return review_resolve(c, nargs - 1, args + 1, err);
	if (!strcmp(args[0], "report"))
		return review_report(c, nargs - 1, args + 1, err);
	if (!strcmp(args[0], "recheck"))
		return review_recheck(c, nargs - 1, args + 1, err);
	return cli_usage_error("unknown review command \"%s\": list, show, resolve, report or recheck",
			       args[0]);
}

static int run(const struct ssid_options *opts, int nargs, char **args, struct slds_error *err)
{
	static const struct {
		const char *name;
		int (*fn)(struct ctx *, int, char **, struct slds_error *);
	} cmds[] = {
		{ "merge", cmd_merge }, { "split", cmd_split }, { "undo", cmd_undo },
		{ "history", cmd_history }, { "review", cmd_review }, { "lookup", cmd_lookup },
		{ "sweep", cmd_sweep },
	};
	struct ctx c = { opts, NULL, "" };
	PGresult *res;
	size_t i;
	int rc;

	if (nargs < 1)
		return cli_usage_error("missing command");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(args[0], cmds[i].name))
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0]))
		return cli_usage_error("unknown command \"%s\"", args[0]);
	c.conn = db_connect(opts->dbname, "slds-ssid", err);
	if (!c.conn)
		return err->code;
	if (opts->actor) {
		snprintf(c.actor, sizeof(c.actor), "%s", opts->actor);
	} else if ((res = q(&c, "SELECT current_user", 0, NULL, err)) != NULL) {
		snprintf(c.actor, sizeof(c.actor), "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
	} else {
		PQfinish(c.conn);
		return err->code;
	}
	rc = cmds[i].fn(&c, nargs - 1, args + 1, err);
	PQfinish(c.conn);	/* an open transaction is rolled back */
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "actor", required_argument, NULL, 'a' },
		{ "all", no_argument, NULL, 'A' },
		{ "dbname", required_argument, NULL, 'd' },
		{ "file", required_argument, NULL, 'f' },
		CLI_OPTION_HELP,
		{ "lea", required_argument, NULL, 'l' },
		{ "limit", required_argument, NULL, 'L' },
		{ "model", required_argument, NULL, 'm' },
		{ "open-reviews", no_argument, NULL, 'O' },
		CLI_OPTION_QUIET,
		{ "reason", required_argument, NULL, 'r' },
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ NULL, 0, NULL, 0 }
	};
	struct ssid_options opts;
	struct slds_error err = SLDS_ERROR_INIT;
	int c, code;

	memset(&opts, 0, sizeof(opts));
	opts.limit = 10;
	log_init(argv[0]);
	alloc_keep_freed();
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	/* Options may come before or after the command and its arguments. */
	while ((c = getopt_long(argc, argv, "a:d:f:l:r:" CLI_SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			return code;
		switch (c) {
		case 'a': opts.actor = optarg; break;
		case 'A': opts.all = 1; break;
		case 'd': opts.dbname = optarg; break;
		case 'f': opts.file = optarg; break;
		case 'l': opts.lea = optarg; break;
		case 'L': {
			int64_t v;

			if (parse_int64(optarg, strlen(optarg), 1, 10000, &v) != PARSE_OK)
				return cli_usage_error("invalid --limit \"%s\": give a number from 1 to 10000", optarg);
			opts.limit = (size_t)v;
			break;
		}
		case 'm': opts.model = optarg; break;
		case 'O': opts.open_reviews = 1; break;
		case 'r': opts.reason = optarg; break;
		default: break;
		}
	}
	opts.bindir = cli_program_dir(argv[0]);
	code = run(&opts, argc - optind, argv + optind, &err);
	free((char *)opts.bindir);
	/* A usage error has been printed and is an exit code already. */
	return code > 0 ? code : cli_exit(code, &err);
}

static void help(const char *progname)
{
	printf("%s changes and explains the identity registry: merges, splits, undo,\n"
	       "the history of an SSID, and the review of pairs the matcher could not decide.\n\n",
	       progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... merge SSID INTO_SSID --reason=TEXT\n", progname);
	printf("  %s [OPTION]... split SSID LEA:LOCAL_ID... --reason=TEXT\n", progname);
	printf("  %s [OPTION]... undo EVENT_ID --reason=TEXT\n", progname);
	printf("  %s [OPTION]... history SSID\n", progname);
	printf("  %s [OPTION]... review list [--lea=LEA] [--all]\n", progname);
	printf("  %s [OPTION]... review show REVIEW_ID\n", progname);
	printf("  %s [OPTION]... review resolve REVIEW_ID same|different --reason=TEXT\n", progname);
	printf("  %s [OPTION]... review resolve --file=RESOLUTIONS.csv\n", progname);
	printf("  %s [OPTION]... review report FILE.html [--lea=LEA]\n", progname);
	printf("  %s [OPTION]... review recheck\n", progname);
	printf("  %s [OPTION]... lookup FIELD=VALUE... [--limit=N] [--lea=LEA]\n", progname);
	printf("  %s [OPTION]... sweep [--open-reviews]\n\n", progname);
	printf("Commands:\n");
	printf("  merge     retire SSID; its records count as INTO_SSID's everywhere\n");
	printf("  split     move the named (LEA, local ID) aliases of SSID to a new SSID\n");
	printf("  undo      reverse a merge or a split, given its event ID\n");
	printf("  history   an SSID's status, aliases and every event that touched it\n");
	printf("  review    list the open review items, show one with its evidence as a\n"
	       "            waterfall of weights, or resolve one (same: merge the provisional\n"
	       "            SSID into the candidate; different: keep both), or a CSV file of\n"
	       "            resolutions with the header review_id,decision,reason; report\n"
	       "            writes the open items as one HTML page with a chart of each\n"
	       "            item's weights; recheck scores again the matcher's items\n"
	       "            opened before the other LEAs' enrollments of the year were\n"
	       "            known, and merges those that now reach the link threshold\n"
	       "            against the other SSIDs the record matched\n");
	printf("  lookup    an LEA clerk's retrieve: the SSIDs whose observations look\n"
	       "            most like the identity given (first_name, middle_name,\n"
	       "            last_name, birth_date, sex, birthplace, zip; birth_date and a\n"
	       "            name required), with the match probability and how each field\n"
	       "            compared; no other child's name or birth date is shown, and\n"
	       "            each lookup is recorded in registry.lookup (the actor, the\n"
	       "            LEA and reason if given, the names of the fields given, the\n"
	       "            SSIDs shown) before anything is shown\n");
	printf("  sweep     probable duplicate SSIDs already in the registry: pairs of\n"
	       "            SSIDs whose observations score at least the review threshold;\n"
	       "            --open-reviews opens a review item for each pair not reviewed\n"
	       "            before\n\n");
	printf("Each change is one transaction, recorded in registry.event with the actor,\n"
	       "the reason and what is needed to undo it, and shows in the warehouse's\n"
	       "*_resolved views at once.  A file of resolutions is applied whole or not\n"
	       "at all.\n\n");
	printf("Options:\n");
	printf("  -a, --actor=NAME          who decided or looked up (default: the database user)\n");
	printf("      --all                 review list: resolved items too\n");
	printf("  -d, --dbname=CONNINFO     the registry's database (default: PG* variables)\n");
	printf("  -f, --file=FILE           review resolve: a CSV file of resolutions\n");
	printf("  -l, --lea=LEA             review list and report: one LEA's items; lookup:\n"
	       "                            the LEA it is for, recorded\n");
	printf("      --limit=N             lookup: show at most N candidates (default 10)\n");
	printf("  -m, --model=FILE          lookup, sweep, recheck: the model (default: match/model.ini\n"
	       "                            of the source tree, or the installed one)\n");
	printf("      --open-reviews        sweep: open a review item for each new pair\n");
	printf("  -r, --reason=TEXT         why (required for every change; recorded with a\n"
	       "                            lookup if given)\n");
	printf("  -q, --quiet               print errors only\n");
	printf("  -v, --verbose             print more\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Exit status: 0 success, 64 bad invocation, 65 the change was refused (an\n"
	       "unknown or retired SSID, a resolved review, a bad resolutions file), 66 input\n"
	       "missing, 75 database unreachable or busy (safe to retry), 1 other failure.\n");
}

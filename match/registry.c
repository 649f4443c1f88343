/*
 * registry.c: the registry's observations as linker records (registry.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "canon.h"
#include "db.h"
#include "error.h"
#include "registry.h"
#include "ssid.h"
#include "banned.h"

struct loading {
	struct linker *lk;
	struct registry_records *reg;
	struct buf values;
};

/* An SSID's ten digits as a number; 0 if it is not ten digits (none is 0). */
static uint64_t ssid_number(const char *s, size_t len)
{
	uint64_t v = 0;
	size_t i;

	if (len != SSID_LEN)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return v + 1;
}

/* One observation (COPY row: SSID, then the identity fields in linker order). */
static int add_observation(void *ctx, const char *line, size_t len, struct slds_error *err)
{
	struct loading *ld = ctx;
	const char *fields[1 + LINK_NFIELDS], *v[LINK_NFIELDS], *why;
	size_t lens[1 + LINK_NFIELDS], f;

	if (copy_split(line, len, 1 + LINK_NFIELDS, &ld->values, fields, lens, &why) || !fields[0] ||
	    registry_note_ssid(ld->reg, fields[0], lens[0], (uint32_t)ld->lk->nrecs) < 0)
		return error_set(err, SLDS_EINTERNAL, "a registry observation could not be read");
	for (f = 0; f < LINK_NFIELDS; f++)
		v[f] = fields[f + 1] ? fields[f + 1] : "";
	return linker_add(ld->lk, v, lens + 1, 0, fields[0], SSID_LEN, NULL, 0, err);
}

int registry_note_ssid(struct registry_records *reg, const char *ssid, size_t len, uint32_t rec)
{
	uint64_t n = ssid_number(ssid, len);

	if (!n || (reg->nssids && n < reg->ssid[reg->nssids - 1]))
		return -1;
	if (reg->nssids && n == reg->ssid[reg->nssids - 1])
		return 0;
	if (reg->nssids == reg->cap) {
		reg->cap = reg->cap ? reg->cap * 2 : 4096;
		reg->ssid = xreallocarray(reg->ssid, reg->cap, sizeof(*reg->ssid));
		reg->first = xreallocarray(reg->first, reg->cap + 1, sizeof(*reg->first));
	}
	reg->ssid[reg->nssids] = n;
	reg->first[reg->nssids++] = rec;
	return 0;
}

/* The bucket of SSID number n (reg->ssid[0] <= n <= the last). */
static size_t bucket_of(const struct registry_records *reg, uint64_t n)
{
	size_t b = (size_t)((double)(n - reg->ssid[0]) * reg->scale);

	return b < reg->nssids ? b : reg->nssids - 1;
}

/* The buckets: as many as SSIDs, over the range of their numbers. */
void registry_index(struct registry_records *reg, uint32_t hi)
{
	size_t b, k = 0;

	reg->hi = hi;
	free(reg->bucket);
	reg->bucket = NULL;
	if (!reg->nssids)
		return;
	reg->first[reg->nssids] = hi;
	reg->scale = (double)reg->nssids / ((double)(reg->ssid[reg->nssids - 1] - reg->ssid[0]) + 1);
	reg->bucket = xmallocarray(reg->nssids + 1, sizeof(*reg->bucket));
	for (b = 0; b <= reg->nssids; b++) {
		while (k < reg->nssids && bucket_of(reg, reg->ssid[k]) < b)
			k++;
		reg->bucket[b] = (uint32_t)k;
	}
}

int registry_load_send(PGconn *conn, const char *where, struct slds_error *err)
{
	/*
	 * Only a retired SSID's observations need its identity (for the
	 * survivor): joined with the few retired ones, not all 6 million, the
	 * query took 9 s instead of 11.5.  Sorted bytewise (COLLATE "C"), not
	 * by the database's collation: the order then does not depend on the
	 * server's locale, and the sort of 6 million rows takes 6.4 s instead
	 * of 8.4 (PostgreSQL abbreviates sort keys only under "C").
	 */
	char *sql = xstrfmt("COPY (SELECT DISTINCT coalesce(i.merged_into, o.ssid) COLLATE \"C\" AS s,"
			    " o.first_name COLLATE \"C\", o.middle_name COLLATE \"C\","
			    " o.last_name COLLATE \"C\", o.birth_date, o.sex COLLATE \"C\","
			    " o.birthplace COLLATE \"C\", o.zip COLLATE \"C\""
			    " FROM registry.observation o LEFT JOIN (SELECT ssid, merged_into"
			    " FROM registry.identity WHERE merged_into IS NOT NULL) i ON i.ssid = o.ssid"
			    " WHERE %s ORDER BY 1, 2, 3, 4, 5, 6, 7, 8) TO STDOUT",
			    where ? where : "true");
	int rc = db_copy_out_send(conn, sql, err);

	free(sql);
	return rc;
}

int registry_load_read(PGconn *conn, struct linker *lk, struct registry_records *reg,
		       struct slds_error *err)
{
	struct loading ld = { lk, reg, BUF_INIT(1 << 16) };
	int rc;

	reg->lo = (uint32_t)lk->nrecs;
	rc = db_copy_out_read(conn, add_observation, &ld, err);
	registry_index(reg, (uint32_t)lk->nrecs);
	buf_release(&ld.values);
	return rc;
}

int registry_load(PGconn *conn, struct linker *lk, const char *where,
		  struct registry_records *reg, struct slds_error *err)
{
	int rc = registry_load_send(conn, where, err);

	return rc ? rc : registry_load_read(conn, lk, reg, err);
}

int registry_range(const struct registry_records *reg, const char *ssid, uint32_t *lo,
		   uint32_t *hi)
{
	uint64_t n = ssid_number(ssid, strlen(ssid));
	size_t b, from, to;

	if (!n || !reg->bucket || n < reg->ssid[0] || n > reg->ssid[reg->nssids - 1])
		return 0;
	b = bucket_of(reg, n);
	from = reg->bucket[b];
	to = reg->bucket[b + 1];
	while (from < to) {
		size_t mid = from + (to - from) / 2;

		if (reg->ssid[mid] < n)
			from = mid + 1;
		else
			to = mid;
	}
	if (from == reg->nssids || reg->ssid[from] != n)
		return 0;
	*lo = reg->first[from];
	*hi = reg->first[from + 1];
	return 1;
}

void registry_records_release(struct registry_records *reg)
{
	free(reg->ssid);
	free(reg->first);
	free(reg->bucket);
	memset(reg, 0, sizeof(*reg));
}

static const char two_children_sql[] =
	"WITH pair AS (SELECT * FROM unnest($1::char(10)[], $2::char(10)[]) WITH ORDINALITY AS p(a, b, n)),"
	" ids AS (SELECT s, s AS id FROM (SELECT a AS s FROM pair UNION SELECT b FROM pair) x"
	"  UNION ALL SELECT i.merged_into, i.ssid FROM registry.identity i"
	"  WHERE i.merged_into IN (SELECT a FROM pair UNION SELECT b FROM pair)),"
	" en AS (SELECT ids.s, e.lea_id, e.school_year AS y, e.entry_date AS f,"
	"  coalesce(e.exit_date, make_date(e.school_year, 6, 30)) AS t"
	"  FROM ids JOIN warehouse.enrollment e ON e.ssid = ids.id WHERE e.entry_code IS DISTINCT FROM $3)"
	" SELECT p.n - 1 FROM pair p WHERE EXISTS (SELECT FROM en x JOIN en z ON z.s = p.b AND z.y = x.y"
	"  AND least(x.t, z.t) - greatest(x.f, z.f) > $4::int WHERE x.s = p.a)";

int registry_two_children(PGconn *conn, const char *const *a, const char *const *b, size_t n,
			  int *distinct, struct slds_error *err)
{
	const char *params[] = { NULL, NULL, REGISTRY_CONCURRENT_ENTRY, REGISTRY_OVERLAP_DAYS_TEXT };
	struct buf x, y;	/* the two arrays, "{s,s,...}": n SSIDs and their commas */
	PGresult *res;
	size_t i;
	int k;

	if (!n)
		return 0;
	buf_init(&x, n * (SSID_LEN + 1) + 1);
	buf_init(&y, n * (SSID_LEN + 1) + 1);
	buf_addch(&x, '{');
	buf_addch(&y, '{');
	for (i = 0; i < n; i++) {
		buf_add(&x, a[i], SSID_LEN);
		buf_add(&y, b[i], SSID_LEN);
		buf_addch(&x, i + 1 < n ? ',' : '}');
		buf_addch(&y, i + 1 < n ? ',' : '}');
	}
	params[0] = x.data;
	params[1] = y.data;
	res = db_query(conn, two_children_sql, 4, params, err);
	buf_release(&x);
	buf_release(&y);
	if (!res)
		return err->code;
	for (k = 0; k < PQntuples(res); k++) {
		long long v = strtoll(PQgetvalue(res, k, 0), NULL, 10);

		if (v >= 0 && (size_t)v < n)
			distinct[v] = 1;
	}
	PQclear(res);
	return 0;
}

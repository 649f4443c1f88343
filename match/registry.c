/*
 * registry.c: the registry's observations as linker records (registry.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
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

/* One observation (COPY row: SSID, then the identity fields in linker order). */
static int add_observation(void *ctx, const char *line, size_t len, struct slds_error *err)
{
	struct loading *ld = ctx;
	const char *fields[1 + LINK_NFIELDS], *v[LINK_NFIELDS], *why;
	size_t lens[1 + LINK_NFIELDS], f;
	uint64_t first;

	if (copy_split(line, len, 1 + LINK_NFIELDS, &ld->values, fields, lens, &why) ||
	    !fields[0] || lens[0] != SSID_LEN)
		return error_set(err, SLDS_EINTERNAL, "a registry observation could not be read");
	for (f = 0; f < LINK_NFIELDS; f++)
		v[f] = fields[f + 1] ? fields[f + 1] : "";
	if (!strset_get(&ld->reg->first, fields[0], SSID_LEN, &first))
		strset_add(&ld->reg->first, fields[0], SSID_LEN, ld->lk->nrecs, NULL);
	return linker_add(ld->lk, v, lens + 1, 0, fields[0], SSID_LEN, NULL, 0, err);
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
	reg->hi = (uint32_t)lk->nrecs;
	buf_release(&ld.values);
	return rc;
}

int registry_load(PGconn *conn, struct linker *lk, const char *where,
		  struct registry_records *reg, struct slds_error *err)
{
	int rc = registry_load_send(conn, where, err);

	return rc ? rc : registry_load_read(conn, lk, reg, err);
}

int registry_range(const struct linker *lk, const struct registry_records *reg,
		   const char *ssid, uint32_t *lo, uint32_t *hi)
{
	uint64_t first;
	uint32_t i;

	if (!*ssid || !strset_get(&reg->first, ssid, SSID_LEN, &first))
		return 0;
	for (i = (uint32_t)first; i < reg->hi && !memcmp(linker_id(lk, i), ssid, SSID_LEN); i++)
		;
	*lo = (uint32_t)first;
	*hi = i;
	return 1;
}

void registry_records_release(struct registry_records *reg)
{
	strset_release(&reg->first);
}

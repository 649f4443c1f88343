/*
 * registry.h: the registry's observations as linker records.
 *
 * slds-match compares a batch with every identity the registry has
 * observed; slds-ssid looks a student up among them and sweeps them for
 * duplicate SSIDs.  Each distinct observation (names, birth date, sex,
 * birthplace, ZIP) becomes a linker record of source 0 whose ID is the SSID
 * it belongs to now (a retired SSID's observations go to its survivor),
 * sorted by SSID, so that the records of one SSID are consecutive.
 */
#ifndef SLDS_REGISTRY_H
#define SLDS_REGISTRY_H

#include <libpq-fe.h>
#include <stdint.h>

#include "linker.h"
#include "strset.h"

struct slds_error;

/*
 * How slds-match grades its "enrollment" comparison, and slds-ssid review
 * recheck after it (docs/slds-match.md): enrollments that overlap by more
 * than REGISTRY_OVERLAP_DAYS days overlap; a concurrent part-time
 * enrollment alongside a primary one in another LEA (entry code
 * REGISTRY_CONCURRENT_ENTRY, common/catalog.c) overlaps by design and says
 * nothing; after the exit codes REGISTRY_FINAL_EXITS (a diploma, a
 * completion, death; a PostgreSQL array) a child is not enrolled again.
 */
#define REGISTRY_OVERLAP_DAYS 14
#define REGISTRY_OVERLAP_DAYS_TEXT "14"
#define REGISTRY_CONCURRENT_ENTRY "E6"
#define REGISTRY_FINAL_EXITS "{G1,G2,D2}"

struct registry_records {
	struct strset first;		/* SSID -> its first record */
	uint32_t lo, hi;		/* the records loaded: [lo, hi) */
};

/*
 * Load the observations (those where the SQL condition "where" holds, on
 * observation o; NULL: all) into lk, as records of source 0.
 */
int registry_load(PGconn *conn, struct linker *lk, const char *where,
		  struct registry_records *reg, struct slds_error *err);
/*
 * registry_load() in two steps: the query sent, so that the server reads and
 * sorts the observations while the caller reads its own records (not on
 * conn), then its rows read into lk.  A send that fails needs no read.
 */
int registry_load_send(PGconn *conn, const char *where, struct slds_error *err);
int registry_load_read(PGconn *conn, struct linker *lk, struct registry_records *reg,
		       struct slds_error *err);
/* The records of an SSID: [*lo, *hi); 0 if none was loaded. */
int registry_range(const struct linker *lk, const struct registry_records *reg,
		   const char *ssid, uint32_t *lo, uint32_t *hi);
void registry_records_release(struct registry_records *reg);

#endif

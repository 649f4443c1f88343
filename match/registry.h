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

/*
 * The reasons of slds-match's review items that `slds-ssid review recheck`
 * scores again: a pair between the thresholds, and one of the SSIDs a
 * contested record matched (slds-match.c, contest()).
 */
#define REGISTRY_REVIEW_PROBABLE "probable match"
#define REGISTRY_REVIEW_RIVAL "one of several SSIDs it matches"

/*
 * The SSIDs loaded, as numbers, ascending (the records come sorted by SSID),
 * each with its first record: found by a guess from the SSID's place in
 * their range, then a binary search of its bucket (SSIDs are a permutation
 * of serials, spread evenly).  A hash set of the 6 million SSIDs spent
 * 2 s on its probes and 320 MB; these arrays take 16 bytes an SSID.
 */
struct registry_records {
	uint64_t *ssid;			/* [nssids] */
	uint32_t *first;		/* [nssids + 1]: first[nssids] = hi */
	uint32_t *bucket;		/* [nssids + 1]: the first SSID of each bucket */
	size_t nssids, cap;
	double scale;			/* buckets per unit of SSID */
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
/*
 * The index of SSIDs, as registry_load_read() builds it: each record's SSID
 * noted in order (record rec, ascending SSIDs; -1 if ssid is not ten digits
 * or comes before the last one), then the index made (hi: the end of the
 * last SSID's records).
 */
int registry_note_ssid(struct registry_records *reg, const char *ssid, size_t len, uint32_t rec);
void registry_index(struct registry_records *reg, uint32_t hi);
/* The records of an SSID: [*lo, *hi); 0 if none was loaded. */
int registry_range(const struct registry_records *reg, const char *ssid, uint32_t *lo,
		   uint32_t *hi);
void registry_records_release(struct registry_records *reg);

/*
 * Which pairs of SSIDs are two children: the two (or SSIDs merged into
 * them) were enrolled at the same time, more than REGISTRY_OVERLAP_DAYS of
 * one school year, at two LEAs or at one under two local IDs (an LEA gives
 * a child one; an enrollment without an exit ends with its school year;
 * concurrent part-time enrollments aside).
 * a[i] and b[i] are SSIDs of SSID_LEN digits; distinct[i] is set to 1 for
 * those pairs (the others are left as they are).  slds-match and
 * slds-ssid review recheck weigh a record's rival SSIDs by it.
 */
int registry_two_children(PGconn *conn, const char *const *a, const char *const *b, size_t n,
			  int *distinct, struct slds_error *err);

#endif

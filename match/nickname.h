/*
 * nickname.h: which first names are the same person's: a legal name and
 * its nicknames and diminutives (William: Bill, Will, Liam; Francisco:
 * Paco, Pancho; Jesús: Chuy), from the project's file match/nicknames.csv.
 *
 * The table is the engine's model of names, so it is data, loaded from a
 * file given by path, not compiled in: the state can extend it without a
 * release.  Each line is a group: a legal name, then its nicknames, comma-
 * separated; '#' comments, blank lines and a byte-order mark are skipped.
 * Two names are equivalent when some group holds both: a nickname and its
 * legal name, or two nicknames of one legal name (Bill ~ Will).  It is not
 * transitive: Alex is in Alexander's group and in Alejandro's, but
 * Alexander and Alejandro are not equivalent.
 *
 * Lookups are two hash probes and a merge of two short sorted lists; they
 * never allocate.
 */
#ifndef SLDS_NICKNAME_H
#define SLDS_NICKNAME_H

#include <stddef.h>
#include <stdint.h>

#include "compare.h"
#include "strset.h"

struct slds_error;

/* The largest nickname file read. */
#define NICKNAME_FILE_MAX (1024 * 1024)

struct nickname_table {
	struct strset names;	/* folded name -> its index in spans */
	uint64_t *spans;	/* per name: first index in groups << 32 | how many */
	uint32_t *groups;	/* each name's groups (line numbers), ascending */
	size_t nnames;		/* distinct names */
	size_t ngroups;		/* groups, one per legal name */
};

#define NICKNAME_TABLE_INIT { STRSET_INIT, NULL, NULL, 0, 0 }

/*
 * Load the table from path into t (initialised, empty).  Names are folded
 * with name_fold().  Returns 0; SLDS_ENOENT if the file does not exist;
 * SLDS_EIO if it cannot be read; SLDS_ELIMIT if larger than
 * NICKNAME_FILE_MAX; SLDS_EDATA, with "PATH:LINE: " before the message,
 * for a name that is empty, not UTF-8, has no letters or is longer than
 * NAME_KEY_MAX, a legal name without nicknames, a legal name given on two
 * lines, or a name twice in one line.  On failure t is left empty.
 */
int nickname_table_load(struct nickname_table *t, const char *path, struct slds_error *err);

/*
 * 1 if the folded first names a and b are equal or nicknames in one group,
 * else 0.  Symmetric.  An empty name is equivalent to nothing.
 */
int nickname_equivalent(const struct nickname_table *t, const struct name_key *a,
			const struct name_key *b);

/*
 * A folded name's place in the table, looked up once for many comparisons
 * (the identity engine keeps one per distinct name): its index plus 1, or
 * 0 when the table does not hold it.
 */
uint32_t nickname_lookup(const struct nickname_table *t, const struct name_key *k);
/*
 * nickname_equivalent() of two names whose places (nickname_lookup()) are
 * known: the same answer without hashing either name.
 */
int nickname_equivalent_at(const struct nickname_table *t, const struct name_key *a,
			   uint32_t a_at, const struct name_key *b, uint32_t b_at);

void nickname_table_release(struct nickname_table *t);

#endif

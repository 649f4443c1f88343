/*
 * block.h: blocking, the candidate pairs of a linkage run.
 *
 * Scoring every pair of a statewide population is out of the question (6
 * million records: 1.8e13 pairs), so only pairs that agree on some blocking
 * rule's keys are scored.  A rule is a list of keys, all of which must be
 * equal; each rule misses some true pairs (a typo in the surname, a day and
 * month swapped), so a model has several rules and the candidates are the
 * union of their pairs.  A rule must be selective enough that its blocks stay
 * small at the state's size: "same birth date" alone puts a thousand children
 * of 6 million in each block, "same birth date and surname code" a handful.
 *
 * Keys (a record missing any key of a rule is in no block of that rule):
 *	birth_date        the date
 *	birth_date_any    the date with day and month in either order
 *	birth_year, birth_md (month and day)
 *	first_code, last_code, middle_code   Double Metaphone primary code
 *	names_code        first and last codes in either order (names swapped)
 *	first_initial, last_initial          first letter of the folded key
 *	first_name, last_name                the folded key
 *	sex
 */
#ifndef SLDS_BLOCK_H
#define SLDS_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "fs.h"
#include "grade.h"

struct slds_error;

enum block_key {
	BK_BIRTH_DATE, BK_BIRTH_DATE_ANY, BK_BIRTH_YEAR, BK_BIRTH_MD, BK_FIRST_CODE,
	BK_LAST_CODE, BK_MIDDLE_CODE, BK_NAMES_CODE, BK_FIRST_INITIAL, BK_LAST_INITIAL,
	BK_FIRST_NAME, BK_LAST_NAME, BK_SEX
};

#define BLOCK_MAX_KEYS 8

struct block_rule {
	char name[FS_NAME_MAX];
	enum block_key keys[BLOCK_MAX_KEYS];
	size_t nkeys;
};

/* Compile a model's rule; SLDS_EDATA names an unknown key and the rule. */
int block_rule_compile(struct block_rule *r, const struct fs_blocking *b,
		       struct slds_error *err);

/*
 * The rule's key of a person: a 64-bit hash of its keys' values, never 0;
 * 0 when the person lacks one of them (no name, no valid date).
 */
uint64_t block_key_hash(const struct block_rule *r, const struct person_ref *p);

/* Candidate pairs, a < b, each packed as (uint64_t)a << 32 | b. */
struct pair_set {
	uint64_t *v;
	size_t n, cap;
};

#define PAIR_SET_INIT { NULL, 0, 0 }

/*
 * Add the pairs of one rule: keys[i] is record i's key (0: in no block).
 * With source not NULL (each record's 0 or 1: linking two files), only
 * pairs of records of different sources are added, and with within_1 also
 * pairs of two records of source 1 (matching a batch, 1, against a
 * registry, 0, and itself).  A block of more than max_block records (a key
 * too common to tell records apart, a default value) adds nothing and is
 * counted in *skipped.  Records are at most UINT32_MAX.
 *
 * Making the pairs runs in threads (parallel.h) over slices of at least
 * BLOCK_THREAD_RECORDS keyed records, and sorting them in pair_set_unique()
 * over slices of at least BLOCK_THREAD_PAIRS pairs; the pairs and their
 * order are the same whatever the threads.
 */
#define BLOCK_THREAD_RECORDS 100000
#define BLOCK_THREAD_PAIRS 1000000

void block_pairs(const uint64_t *keys, size_t n, const uint8_t *source, int within_1,
		 size_t max_block, struct pair_set *out, size_t *skipped);

/* Sort the pairs and drop the repeated ones (the union of the rules). */
void pair_set_unique(struct pair_set *s);

void pair_set_release(struct pair_set *s);

#endif

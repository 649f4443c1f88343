/*
 * fs.h: the Fellegi-Sunter model of the identity engine, as a versioned file.
 *
 * A model is a list of comparisons, each with graded levels (level 0 the
 * strongest agreement, the last "everything else"), and for each level m,
 * the probability of that level among true matches, and u, among
 * non-matches.  A candidate pair's comparison vector (one level per
 * comparison) has the match weight sum(log2(m / u)); with the prior share
 * of matches lambda it gives the match probability.  The engine is
 * field-agnostic: which record fields a comparison reads and how it grades
 * them is the comparison's kind and field, written in the file; this module
 * only weighs, estimates and persists.
 *
 *	model = slds-identity
 *	version = 3                     # bumped by every estimation
 *	lambda = 0.0002                 # prior share of matches among candidate pairs
 *	link = 14.0                     # weight at or above: the same student
 *	review = 6.0                    # weight at or above (and below link): a reviewer decides
 *
 *	link_probability = 0.99         # or thresholds on the match probability,
 *	review_probability = 0.5        # which scale with the population (below)
 *	match_rate = 0.1                # slds-match: undecided records already seen
 *
 *	[blocking dob_surname]          # candidate pairs: records equal on all keys
 *	keys = birth_date last_code     # (block.h says which keys there are)
 *
 *	[comparison first_name]
 *	kind = name                     # how the engine grades the fields
 *	field = first_name
 *	levels = exact nickname jw92 jw85 phonetic other
 *	m = 0.86 0.04 0.04 0.02 0.02 0.02
 *	u = 0.004 0.001 0.003 0.01 0.012 0.97
 *	tf = yes                        # exact level weighed by the value's frequency
 *
 *	[comparison sex]
 *	...
 *	implied_by = first_name         # its agreement counts only when first names
 *	                                # do not agree exactly (a name says the sex)
 *	veto = other                    # (in first_name) a pair at this level is
 *	                                # never linked, at most reviewed
 *
 * m is estimated by expectation-maximisation over the candidate pairs (u held
 * fixed: it is estimated by sampling random pairs, where matches are rare).
 */
#ifndef SLDS_FS_H
#define SLDS_FS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct slds_error;

#define FS_MAX_COMPARISONS 16
#define FS_MAX_LEVELS 8
#define FS_NAME_MAX 32
/* The level of a comparison whose values are missing: no evidence, weight 0. */
#define FS_MISSING 0xFF

struct fs_comparison {
	char name[FS_NAME_MAX];
	char kind[FS_NAME_MAX];
	char field[FS_NAME_MAX];
	char levels[FS_MAX_LEVELS][FS_NAME_MAX];
	size_t nlevels;
	double m[FS_MAX_LEVELS], u[FS_MAX_LEVELS];
	int tf;				/* term-frequency adjustment of level 0 */
	/*
	 * implied_by: the comparison whose level 0 says this one's level 0
	 * already (a first name shared says the sex); this one's agreement
	 * then weighs nothing.  Its index plus 1; 0: none.
	 */
	int implied_by;
	char implied_name[FS_NAME_MAX];
	/*
	 * veto: a level at which the pair is never linked, whatever the rest
	 * says, only reviewed (first names that differ outright, with the
	 * birth date, surname and home the same, are twins).  Its index plus
	 * 1; 0: none.
	 */
	int veto;
	char veto_name[FS_NAME_MAX];
};

#define FS_MAX_BLOCKING 12
#define FS_KEYS_MAX 128

/* A blocking rule: its name and its keys, space-separated, as written. */
struct fs_blocking {
	char name[FS_NAME_MAX];
	char keys[FS_KEYS_MAX];
};

struct fs_model {
	int version;
	double lambda;
	double link, review;		/* thresholds on the match weight */
	/*
	 * Thresholds on the match probability, 0 when the file gives none.  A
	 * weight threshold means a different probability for each population
	 * (lambda falls as the candidate pairs grow); a probability does not.
	 */
	double link_probability, review_probability;
	/*
	 * The share of a matched batch's undecided records (no known local ID,
	 * no confirmed claim) expected to be someone already seen: slds-match's
	 * prior, spread over the pairs each could form.  0 when not given.
	 */
	double match_rate;
	struct fs_blocking blocking[FS_MAX_BLOCKING];
	size_t nblocking;
	struct fs_comparison comparisons[FS_MAX_COMPARISONS];
	size_t ncomparisons;
};

/*
 * Read a model file.  Every fault (an unknown key, levels and m or u of
 * different lengths, a probability outside (0, 1), m or u not summing to 1
 * within 1e-6, review above link) is SLDS_EDATA naming the file and line.
 */
int fs_model_load(struct fs_model *model, const char *path, struct slds_error *err);
/* Write it in the same format (probabilities with 9 significant digits). */
int fs_model_write(const struct fs_model *model, FILE *out);

/*
 * The match weight of a comparison vector: levels[i] for comparison i
 * (FS_MISSING adds nothing; another level past the last counts as the last).
 * tf_u[i], if not NULL and > 0, replaces u of an exact (level 0) agreement
 * of a term-frequency comparison: the share of records with that value.
 */
double fs_weight(const struct fs_model *model, const uint8_t *levels, const double *tf_u);
/*
 * 1 if comparison i of the vector weighs nothing because what it says is
 * implied by another comparison's agreement (implied_by).
 */
int fs_implied(const struct fs_model *model, size_t i, const uint8_t *levels);
/* 1 if some comparison of the vector is at its veto level. */
int fs_vetoed(const struct fs_model *model, const uint8_t *levels);

/*
 * Each level's weight, log2(m / u), computed once for weighing many
 * vectors: fs_weight_of() with a table gives exactly fs_weight()'s sums
 * without a logarithm per comparison.  Set it again after m or u change.
 */
struct fs_weight_table {
	double w[FS_MAX_COMPARISONS][FS_MAX_LEVELS];
};

void fs_weight_table_set(struct fs_weight_table *t, const struct fs_model *model);
/* fs_weight(), the levels' weights read from t (NULL: computed). */
double fs_weight_of(const struct fs_model *model, const struct fs_weight_table *t,
		    const uint8_t *levels, const double *tf_u);
/* The probability of a match for a weight, given lambda. */
double fs_probability(const struct fs_model *model, double weight);
/*
 * The probability that a record is the candidate of log2 odds top, given
 * that it is at most one of several (a child has one SSID): 2^top / (1 +
 * 2^top + the others' odds), with others the sum of 2^(r - top) over the
 * others' log2 odds r (none over 1 when top is the strongest, so nothing
 * overflows).
 */
double fs_probability_among(double top, double others);

/*
 * Estimate m and lambda by expectation-maximisation from npairs comparison
 * vectors (vectors[p * ncomparisons + i]), u fixed; at most max_iter
 * rounds, until no parameter moves by more than tol.  Returns the rounds
 * run.  m stays above 1e-6 so that no level is impossible.
 */
int fs_estimate_m(struct fs_model *model, const uint8_t *vectors, size_t npairs, int max_iter,
		  double tol);

/*
 * The same when the vectors are the candidate pairs of a larger population
 * of pairs (all pairs of the records; blocking chose the candidates) and
 * every pair outside them is taken for a non-match: lambda is then the
 * share of matches among the population, the prior that goes with u
 * estimated from random pairs of that population.  Non-matches among the
 * candidates agree far more than random pairs (blocking chose them for it),
 * so EM over the candidates alone, with u of random pairs, sees matches in
 * nearly all of them and drives lambda to 1.
 */
int fs_estimate_m_among(struct fs_model *model, const uint8_t *vectors, size_t npairs,
			double population, int max_iter, double tol);

#endif

/*
 * linker.h: the identity engine's core, shared by slds-link and slds-match.
 *
 * A linker holds records (each distinct folded name once, with its keys, and
 * per record a few indices and its date: about 40 bytes a record plus its
 * ID), a model (fs.h), its compiled comparisons (grade.h) and blocking rules
 * (block.h), and the nickname table.  A run, top to bottom:
 *
 *	linker_open        the model and nicknames
 *	linker_add         every record, each with a source (0 or 1)
 *	linker_block       candidate pairs: the union of the blocking rules'
 *	linker_estimate_u  u from random pairs, the model's u as a prior
 *	linker_grade       every candidate's comparison vector (else the next
 *	                   step that needs them grades them), once
 *	linker_estimate_m  m and lambda by EM over the comparison vectors
 *	linker_score       every candidate's weight, probability, decision
 *	linker_cluster     records into entities, guarded (cluster.h)
 *
 * Which pairs are candidates is the run's kind: all pairs (deduplicate one
 * file), pairs across the two sources only (link two files), or all pairs
 * but those within source 0 (match a batch, source 1, against a registry,
 * source 0, and against itself: the registry's own duplicates are the
 * sweep's business, not the batch's).
 *
 * Records are named by ID only; nothing here prints a name or a date.
 */
#ifndef SLDS_LINKER_H
#define SLDS_LINKER_H

#include <stddef.h>
#include <stdint.h>

#include "block.h"
#include "buf.h"
#include "cluster.h"
#include "fs.h"
#include "grade.h"
#include "nickname.h"
#include "strset.h"

struct slds_error;

/* The record fields the engine reads; a model's comparisons name them. */
enum link_field {
	LF_FIRST, LF_MIDDLE, LF_LAST, LF_BIRTH, LF_SEX, LF_BIRTHPLACE, LF_ZIP, LINK_NFIELDS
};
extern const char *const link_field_names[LINK_NFIELDS];

/* Which pairs a run compares (above). */
enum link_pairs { LINK_ALL, LINK_ACROSS, LINK_NOT_WITHIN_0 };

/* A record: about 32 bytes, names by index into the name table. */
struct link_record {
	uint32_t name[3];		/* LF_FIRST, LF_MIDDLE, LF_LAST */
	uint32_t id;			/* offset into ids */
	uint32_t truth;			/* entity index, when given */
	uint16_t year;
	uint8_t month, day;		/* month 0: no valid date */
	char sex;
	uint8_t source;
	uint32_t group;			/* linker_set_group(), 0 when none */
	uint32_t birthplace;		/* index into codes plus 1, 0 when missing */
	uint32_t zip;			/* zip_number(), 0 when missing */
};

/*
 * The prior of one pair (lambda), when it is not the model's for all: a
 * matcher that knows more of a record (a kindergartner is new to the state
 * far more often than a fifth-grader) gives each pair its own.
 */
typedef double (*linker_prior_fn)(void *ctx, uint32_t a, uint32_t b);
/*
 * Grade a pair's comparisons of kind "external" (grade.h): evidence the
 * records do not hold, such as whether two children's enrollments overlap.
 * levels[i] is FS_MISSING on entry for each; set the ones known.
 */
typedef void (*linker_external_fn)(void *ctx, uint32_t a, uint32_t b, uint8_t *levels);

struct linker {
	/* Settings: set after linker_open, before linker_block. */
	enum link_pairs kind;
	size_t max_block;		/* blocks of more records add nothing */
	size_t u_sample;		/* random pairs drawn for u */
	uint64_t seed;
	size_t cluster_max;		/* the largest cluster grown */
	int verbose;			/* print each blocking rule's pairs */
	linker_prior_fn prior;		/* NULL: the model's lambda for every pair */
	void *prior_ctx;
	linker_external_fn external;	/* NULL: external comparisons missing */
	void *external_ctx;

	struct fs_model model;
	struct grader grader;
	struct block_rule rules[FS_MAX_BLOCKING];
	struct nickname_table nicknames;

	struct link_record *recs;
	size_t nrecs, cap;
	struct buf ids;			/* record IDs, NUL-terminated */
	struct strset names;		/* folded name -> index into nf */
	struct name_features *nf;
	uint32_t *count[3];		/* records with each name, per field */
	size_t nnames, names_cap;
	size_t with[3];			/* records with the field present */
	struct strset codes;		/* birthplaces -> number */
	struct strset groups;		/* group names -> number */
	struct strset entities;		/* truth values */
	size_t nentities;

	struct pair_set pairs;
	uint8_t *vectors;		/* per pair its levels (linker_grade), or NULL */
	float *weight, *prob;
	size_t nlinks, nreviews;
	uint32_t *cluster;		/* each record's cluster, from 0 */
	size_t nclusters, refused;
	double link_p, review_p;
};

/*
 * Load the model and the nickname table (NULL: nicknames.csv next to the
 * model).  A model fault is SLDS_EDATA naming the file.  Settings get their
 * defaults: all pairs, blocks of 500, 1,000,000 random pairs, seed 1,
 * clusters of 64.
 */
int linker_open(struct linker *lk, const char *model_path, const char *nicknames_path,
		struct slds_error *err);
void linker_release(struct linker *lk);
/*
 * Free the candidate pairs and what was computed for each (levels, weights,
 * probabilities) once the decisions are made: the records, their features
 * and the clusters stay, and so linker_pair_score() and linker_evidence().
 * pairs.n becomes 0.
 */
void linker_release_pairs(struct linker *lk);
/*
 * The model file to use: given, else match/model.ini next to the program in
 * a source tree (bindir/../match/model.ini), else the installed one.
 */
char *linker_model_path(const char *given, const char *bindir);

/*
 * Add a record: v[f] and len[f] are field f's value (len 0: missing), id its
 * name, truth its true entity (NULL: none).  SLDS_ELIMIT past 2^32 records.
 */
int linker_add(struct linker *lk, const char *const *v, const size_t *len, uint8_t source,
	       const char *id, size_t id_len, const char *truth, size_t truth_len,
	       struct slds_error *err);
/*
 * Put record i in a group (a submission): two records of one group are two
 * people, never linked (linker_compatible() refuses them).  An LEA gives
 * each of its students one local ID, so two local IDs of one submission
 * that look alike are twins (a birth date, a surname and a home, first
 * names as close as Jayden and Jaden, or José and Jose), namesakes of a
 * large district, or now and then one child entered twice: the LEA's to
 * say, through a review item, not the matcher's to guess.
 */
void linker_set_group(struct linker *lk, uint32_t i, const char *group, size_t len);
/* 1 if a and b are of one group. */
int linker_same_group(const struct linker *lk, uint32_t a, uint32_t b);
/* Record i's ID. */
const char *linker_id(const struct linker *lk, uint32_t i);

/* The candidate pairs, printing each rule's count when verbose. */
void linker_block(struct linker *lk);
/* The pairs a run of this kind compares among n0 records of source 0 and n1 of source 1. */
double link_pairs_among(enum link_pairs kind, double n0, double n1);
/* The pairs a run could compare: the population lambda is a share of. */
double linker_population(const struct linker *lk);
void linker_estimate_u(struct linker *lk);
/*
 * Grading and scoring run in threads (parallel.h: SLDS_THREADS), each over
 * a slice of the pairs of at least LINKER_THREAD_PAIRS; the results are the
 * same whatever the threads.  The callbacks a run sets (lk->prior, the
 * external comparisons) are called from those threads and must only read.
 */
#define LINKER_THREAD_PAIRS 100000

/*
 * The comparison vector of every candidate into lk->vectors: ncomparisons
 * bytes a pair, in pair order.  They depend on the records and the model's
 * comparisons only, not on m, u or lambda, so they are graded once a run
 * (linker_block() discards them with the pairs they were graded for).
 */
void linker_grade(struct linker *lk);
/* Estimate m and lambda by EM (grading first if not yet); returns the rounds. */
int linker_estimate_m(struct linker *lk);
/* link_p and review_p from the model and its lambda. */
void linker_thresholds(struct linker *lk);
/*
 * Weigh every candidate from its comparison vector (grading first if not
 * yet) and count the links and reviews (thresholds first).
 */
void linker_score(struct linker *lk);
/*
 * The probabilities and counts again from the weights linker_score() gave,
 * after the prior changed (a weight does not depend on it).
 */
void linker_rescore(struct linker *lk);

/* The prior (lambda) of a pair: lk->prior's, or the model's. */
double linker_lambda(const struct linker *lk, uint32_t a, uint32_t b);
/* The weight and probability of one pair, candidate or not. */
double linker_pair_score(const struct linker *lk, uint32_t a, uint32_t b, double *weight);
/* The comparison vector of a pair: levels[i] for comparison i (FS_MISSING). */
void linker_levels(const struct linker *lk, uint32_t a, uint32_t b, uint8_t *levels);
/* 1 if the run may compare a and b at all (its kind of pairs). */
int linker_comparable(const struct linker *lk, uint32_t a, uint32_t b);

/*
 * Records into clusters: offer the linked pairs to c (initialised by the
 * caller for lk->nrecs records, perhaps with some already joined), strongest
 * first; a join is taken only when every pair across the two clusters is
 * compatible (compatible NULL: the pair may be compared and scores at least
 * the review threshold).  Fills lk->cluster and lk->nclusters.
 */
void linker_cluster(struct linker *lk, struct clusters *c, cluster_compatible_fn compatible,
		    void *ctx);
/*
 * The default test of linker_cluster, ctx the linker: the pair may be
 * compared, is not of one group, no comparison is at its veto level (fs.h),
 * and it scores at least the review threshold.
 */
int linker_compatible(void *ctx, uint32_t a, uint32_t b);

/*
 * A pair's evidence as JSON: {"prior":P,"weight":W,"probability":Q,
 * "comparisons":[{"field":F,"level":L,"weight":W,"tf_adjustment":T},...]}.
 * The prior is log2 of lambda's odds; the level is the model's name for it,
 * or "missing".  No value of a record is written, only how they compared.
 */
int linker_evidence(const struct linker *lk, uint32_t a, uint32_t b, struct buf *json);

#endif

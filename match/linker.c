/*
 * linker.c: the identity engine's core (linker.h), from slds-link.
 *
 * u is estimated from random pairs (almost all non-matches), with the
 * model's u as a prior worth U_PRIOR pairs; m and lambda by EM over the
 * candidate pairs (fs.h).  Every candidate is then weighed: Fellegi-Sunter
 * weight, an exact agreement of a name weighed by that name's frequency (a
 * shared rare surname counts more than a shared common one), and the match
 * probability with lambda as the prior.  Thresholds are on that
 * probability: a weight means a different probability in each population,
 * since lambda falls as candidate pairs grow.  Clusters join linked records
 * strongest first, and only while every pair across two clusters scores at
 * least the review threshold (cluster.h): no chain of links makes twins one
 * child.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "error.h"
#include "fsutil.h"
#include "linker.h"
#include "parallel.h"
#include "parse.h"
#include "banned.h"

#ifndef SLDS_DATADIR
#define SLDS_DATADIR "/usr/local/share/slds"
#endif

/* The model's u is worth this many random pairs when u is estimated. */
#define U_PRIOR 1000.0

const char *const link_field_names[LINK_NFIELDS] = {
	"first_name", "middle_name", "last_name", "birth_date", "sex", "birthplace", "zip"
};

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int linker_open(struct linker *lk, const char *model_path, const char *nicknames_path,
		struct slds_error *err)
{
	char *nick_path, *model_dir = NULL;
	size_t i;
	int rc;

	memset(lk, 0, sizeof(*lk));
	lk->kind = LINK_ALL;
	lk->max_block = 500;
	lk->u_sample = 1000000;
	lk->seed = 1;
	lk->cluster_max = 64;
	buf_init(&lk->ids, (size_t)UINT32_MAX);
	rc = fs_model_load(&lk->model, model_path, err);
	if (!rc)
		rc = grader_compile(&lk->grader, &lk->model, err);
	for (i = 0; !rc && i < lk->model.nblocking; i++)
		rc = block_rule_compile(&lk->rules[i], &lk->model.blocking[i], err);
	if (!rc && lk->model.nblocking == 0)
		rc = error_set(err, SLDS_EDATA, "the model has no blocking rule");
	if (rc) {
		error_prefix(err, "model \"%s\": ", model_path);
		return rc;
	}
	if (nicknames_path) {
		nick_path = xstrdup(nicknames_path);
	} else {
		model_dir = dir_of(model_path);
		nick_path = path_join(model_dir, "nicknames.csv");
	}
	rc = nickname_table_load(&lk->nicknames, nick_path, err);
	free(nick_path);
	free(model_dir);
	return rc;
}

char *linker_model_path(const char *given, const char *bindir)
{
	if (given)
		return xstrdup(given);
	if (bindir) {
		char *p = xstrfmt("%s/../match/model.ini", bindir);

		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return xstrdup(SLDS_DATADIR "/model.ini");
}

void linker_release(struct linker *lk)
{
	size_t i;

	nickname_table_release(&lk->nicknames);
	free(lk->recs);
	buf_release(&lk->ids);
	strset_release(&lk->names);
	strset_release(&lk->entities);
	strset_release(&lk->codes);
	strset_release(&lk->groups);
	free(lk->nf);
	for (i = 0; i < 3; i++)
		free(lk->count[i]);
	linker_release_pairs(lk);
	free(lk->cluster);
	memset(lk, 0, sizeof(*lk));
}

void linker_release_pairs(struct linker *lk)
{
	pair_set_release(&lk->pairs);
	free(lk->vectors);
	free(lk->weight);
	free(lk->prob);
	lk->vectors = NULL;
	lk->weight = NULL;
	lk->prob = NULL;
}

static uint32_t intern_name(struct linker *lk, const char *s, size_t len, int field)
{
	struct name_key key;
	uint64_t idx;

	name_fold(s, len, &key);
	if (!strset_get(&lk->names, key.s, key.len, &idx)) {
		if (lk->nnames == lk->names_cap) {
			int f;

			lk->names_cap = lk->names_cap ? lk->names_cap * 2 : 4096;
			lk->nf = xreallocarray(lk->nf, lk->names_cap, sizeof(*lk->nf));
			for (f = 0; f < 3; f++)
				lk->count[f] = xreallocarray(lk->count[f], lk->names_cap,
							     sizeof(*lk->count[f]));
		}
		idx = lk->nnames++;
		name_features_set(&lk->nf[idx], s, len);
		lk->nf[idx].nick = nickname_lookup(&lk->nicknames, &lk->nf[idx].key);
		lk->count[0][idx] = lk->count[1][idx] = lk->count[2][idx] = 0;
		strset_add(&lk->names, key.s, key.len, idx, NULL);
	}
	if (key.len) {
		lk->count[field][idx]++;
		lk->with[field]++;
	}
	return (uint32_t)idx;
}

int linker_add(struct linker *lk, const char *const *v, const size_t *len, uint8_t source,
	       const char *id, size_t id_len, const char *truth, size_t truth_len,
	       struct slds_error *err)
{
	struct link_record *rec;
	struct date d;

	if (lk->nrecs == UINT32_MAX - 1 || lk->ids.len > UINT32_MAX - 4096 - id_len)
		return error_set(err, SLDS_ELIMIT, "more than %u records", UINT32_MAX - 1);
	if (lk->nrecs == lk->cap) {
		lk->cap = lk->cap ? lk->cap * 2 : 4096;
		lk->recs = xreallocarray(lk->recs, lk->cap, sizeof(*lk->recs));
	}
	rec = &lk->recs[lk->nrecs];
	memset(rec, 0, sizeof(*rec));
	rec->name[LF_FIRST] = intern_name(lk, v[LF_FIRST], len[LF_FIRST], LF_FIRST);
	rec->name[LF_MIDDLE] = intern_name(lk, v[LF_MIDDLE], len[LF_MIDDLE], LF_MIDDLE);
	rec->name[LF_LAST] = intern_name(lk, v[LF_LAST], len[LF_LAST], LF_LAST);
	if (len[LF_BIRTH] && parse_date(v[LF_BIRTH], len[LF_BIRTH], &d) == PARSE_OK) {
		rec->year = (uint16_t)d.year;
		rec->month = (uint8_t)d.month;
		rec->day = (uint8_t)d.day;
	}
	rec->sex = len[LF_SEX] == 1 ? v[LF_SEX][0] : 0;
	rec->source = source;
	if (len[LF_BIRTHPLACE]) {
		uint64_t code;

		if (!strset_get(&lk->codes, v[LF_BIRTHPLACE], len[LF_BIRTHPLACE], &code)) {
			code = lk->codes.count + 1;
			strset_add(&lk->codes, v[LF_BIRTHPLACE], len[LF_BIRTHPLACE], code, NULL);
		}
		rec->birthplace = (uint32_t)code;
	}
	rec->zip = zip_number(v[LF_ZIP], len[LF_ZIP]);
	rec->id = (uint32_t)lk->ids.len;
	if (buf_add(&lk->ids, id, id_len) < 0 || buf_addch(&lk->ids, 0) < 0)
		return error_set(err, SLDS_ELIMIT, "record IDs too long in total");
	if (truth) {
		uint64_t ent;

		if (!strset_get(&lk->entities, truth, truth_len, &ent)) {
			ent = lk->nentities++;
			strset_add(&lk->entities, truth, truth_len, ent, NULL);
		}
		rec->truth = (uint32_t)ent;
	}
	lk->nrecs++;
	return 0;
}

void linker_set_group(struct linker *lk, uint32_t i, const char *group, size_t len)
{
	uint64_t g;

	if (!len) {
		lk->recs[i].group = 0;
		return;
	}
	if (!strset_get(&lk->groups, group, len, &g)) {
		g = lk->groups.count + 1;
		strset_add(&lk->groups, group, len, g, NULL);
	}
	lk->recs[i].group = (uint32_t)g;
}

const char *linker_id(const struct linker *lk, uint32_t i)
{
	return lk->ids.data + lk->recs[i].id;
}

static void person_of(const struct linker *lk, uint32_t i, struct person_ref *p)
{
	const struct link_record *r = &lk->recs[i];

	p->first = &lk->nf[r->name[LF_FIRST]];
	p->middle = &lk->nf[r->name[LF_MIDDLE]];
	p->last = &lk->nf[r->name[LF_LAST]];
	p->has_birth = r->month != 0;
	p->birth.year = r->year;
	p->birth.month = r->month;
	p->birth.day = r->day;
	p->sex = r->sex;
	p->birthplace = r->birthplace;
	p->zip = r->zip;
}

/*
 * Each comparison's term frequency for a pair graded levels whose first
 * record is a: the share of records with a's name, for an exact agreement
 * of a name comparison that weighs it, else 0.
 */
static void term_freq(const struct linker *lk, uint32_t a, const uint8_t *levels, double *tf)
{
	size_t i;

	for (i = 0; i < lk->grader.ncomparisons; i++) {
		enum grade_field gf = lk->grader.c[i].field;
		int f = gf == GF_FIRST ? LF_FIRST : gf == GF_MIDDLE ? LF_MIDDLE : LF_LAST;

		tf[i] = 0;
		if (levels[i] != 0 || !lk->model.comparisons[i].tf || gf > GF_LAST || !lk->with[f])
			continue;
		tf[i] = (double)lk->count[f][lk->recs[a].name[f]] / (double)lk->with[f];
	}
}

/* The comparison vector of a pair, and each comparison's term frequency. */
static void grade(const struct linker *lk, uint32_t a, uint32_t b, uint8_t *levels, double *tf)
{
	struct person_ref pa, pb;

	person_of(lk, a, &pa);
	person_of(lk, b, &pb);
	grade_pair_ref(&lk->grader, &lk->nicknames, &pa, &pb, levels);
	if (lk->external)
		lk->external(lk->external_ctx, a, b, levels);
	if (tf)
		term_freq(lk, a, levels, tf);
}

void linker_levels(const struct linker *lk, uint32_t a, uint32_t b, uint8_t *levels)
{
	grade(lk, a, b, levels, NULL);
}

double linker_lambda(const struct linker *lk, uint32_t a, uint32_t b)
{
	return lk->prior ? lk->prior(lk->prior_ctx, a, b) : lk->model.lambda;
}

/* The match probability of a weight given a pair's lambda. */
static double probability(double weight, double lambda)
{
	return 1 / (1 + exp2(-(weight + log2(lambda / (1 - lambda)))));
}

double linker_pair_score(const struct linker *lk, uint32_t a, uint32_t b, double *weight)
{
	uint8_t levels[FS_MAX_COMPARISONS];
	double tf[FS_MAX_COMPARISONS];

	grade(lk, a, b, levels, tf);
	*weight = fs_weight(&lk->model, levels, tf);
	return probability(*weight, linker_lambda(lk, a, b));
}

int linker_comparable(const struct linker *lk, uint32_t a, uint32_t b)
{
	uint8_t sa = lk->recs[a].source, sb = lk->recs[b].source;

	switch (lk->kind) {
	case LINK_ACROSS:
		return sa != sb;
	case LINK_NOT_WITHIN_0:
		return sa != 0 || sb != 0;
	case LINK_ALL:
		break;
	}
	return 1;
}

struct key_job {
	const struct linker *lk;
	const struct block_rule *rule;
	uint64_t *keys;
};

static void key_slice(void *ctx, size_t lo, size_t hi, size_t slice)
{
	struct key_job *j = ctx;
	size_t i;

	(void)slice;
	for (i = lo; i < hi; i++) {
		struct person_ref p;

		person_of(j->lk, (uint32_t)i, &p);
		j->keys[i] = block_key_hash(j->rule, &p);
	}
}

void linker_block(struct linker *lk)
{
	uint64_t *keys = xmallocarray(lk->nrecs ? lk->nrecs : 1, sizeof(*keys));
	uint8_t *sources = NULL;
	struct key_job job = { lk, NULL, keys };
	size_t r, i, skipped, before;

	if (lk->kind != LINK_ALL) {
		sources = xmalloc(lk->nrecs ? lk->nrecs : 1);
		for (i = 0; i < lk->nrecs; i++)
			sources[i] = lk->recs[i].source;
	}
	for (r = 0; r < lk->model.nblocking; r++) {
		before = lk->pairs.n;
		job.rule = &lk->rules[r];
		parallel_for(lk->nrecs, BLOCK_THREAD_RECORDS, key_slice, &job);
		skipped = 0;
		block_pairs(keys, lk->nrecs, sources, lk->kind == LINK_NOT_WITHIN_0, lk->max_block,
			    &lk->pairs, &skipped);
		if (!lk->verbose)
			continue;
		printf("blocking rule %-20s %12zu pairs%s", lk->rules[r].name, lk->pairs.n - before,
		       skipped ? "" : "\n");
		if (skipped)
			printf(" (%zu blocks over %zu records skipped)\n", skipped, lk->max_block);
	}
	pair_set_unique(&lk->pairs);
	free(lk->vectors);
	lk->vectors = NULL;
	free(sources);
	free(keys);
}

double link_pairs_among(enum link_pairs kind, double n0, double n1)
{
	switch (kind) {
	case LINK_ACROSS:
		return n0 * n1;
	case LINK_NOT_WITHIN_0:
		return n0 * n1 + n1 * (n1 - 1) / 2;
	case LINK_ALL:
		break;
	}
	return (n0 + n1) * (n0 + n1 - 1) / 2;
}

double linker_population(const struct linker *lk)
{
	double n0 = 0;
	size_t i;

	for (i = 0; i < lk->nrecs; i++)
		n0 += lk->recs[i].source == 0;
	return link_pairs_among(lk->kind, n0, (double)lk->nrecs - n0);
}

/* u of every comparison from random pairs, the model's u as a prior. */
void linker_estimate_u(struct linker *lk)
{
	size_t nc = lk->model.ncomparisons, i, l, s;
	double counts[FS_MAX_COMPARISONS][FS_MAX_LEVELS], total[FS_MAX_COMPARISONS];
	uint64_t rng = lk->seed;

	memset(counts, 0, sizeof(counts));
	memset(total, 0, sizeof(total));
	if (lk->nrecs < 2 || linker_population(lk) < 1)
		return;
	for (s = 0; s < lk->u_sample; s++) {
		uint32_t a, b;
		uint8_t levels[FS_MAX_COMPARISONS];

		do {
			a = (uint32_t)(rng_next(&rng) % lk->nrecs);
			b = (uint32_t)(rng_next(&rng) % lk->nrecs);
		} while (b == a || !linker_comparable(lk, a, b));
		grade(lk, a, b, levels, NULL);
		for (i = 0; i < nc; i++)
			if (levels[i] != FS_MISSING) {
				counts[i][levels[i] < lk->model.comparisons[i].nlevels
						  ? levels[i] : lk->model.comparisons[i].nlevels - 1]++;
				total[i]++;
			}
	}
	for (i = 0; i < nc; i++) {
		struct fs_comparison *c = &lk->model.comparisons[i];

		for (l = 0; l < c->nlevels; l++)
			c->u[l] = (counts[i][l] + U_PRIOR * c->u[l]) / (total[i] + U_PRIOR);
	}
}

/* 1 if every blocking rule has a key on this field. */
static int blocked_by_all(const struct linker *lk, enum grade_field field)
{
	size_t r, k;

	for (r = 0; r < lk->model.nblocking; r++) {
		int on = 0;

		for (k = 0; k < lk->rules[r].nkeys; k++) {
			enum block_key key = lk->rules[r].keys[k];

			switch (field) {
			case GF_BIRTH:
				on |= key <= BK_BIRTH_MD;
				break;
			case GF_FIRST:
				on |= key == BK_FIRST_CODE || key == BK_FIRST_INITIAL ||
				      key == BK_FIRST_NAME || key == BK_NAMES_CODE;
				break;
			case GF_LAST:
				on |= key == BK_LAST_CODE || key == BK_LAST_INITIAL ||
				      key == BK_LAST_NAME || key == BK_NAMES_CODE;
				break;
			case GF_MIDDLE:
				on |= key == BK_MIDDLE_CODE;
				break;
			case GF_SEX:
				on |= key == BK_SEX;
				break;
			case GF_BIRTHPLACE:
			case GF_ZIP:
			case GF_EXTERNAL:
				break;
			}
		}
		if (!on)
			return 0;
	}
	return 1;
}

/*
 * Grading reads the second record of a pair, and its names, at random:
 * at 7 million records a cache miss costs more than the grading.  So the
 * loop asks for the records of the pair RECORDS_AHEAD on and for the names
 * of the one NAMES_AHEAD on (whose record has arrived by then).
 */
#define RECORDS_AHEAD 16
#define NAMES_AHEAD 8

static void prefetch_records(const struct linker *lk, uint64_t pair)
{
#ifdef __GNUC__
	__builtin_prefetch(&lk->recs[(uint32_t)(pair >> 32)]);
	__builtin_prefetch(&lk->recs[(uint32_t)pair]);
#else
	(void)lk;
	(void)pair;
#endif
}

static void prefetch_names(const struct linker *lk, uint64_t pair)
{
#ifdef __GNUC__
	const struct link_record *r = &lk->recs[(uint32_t)pair];

	__builtin_prefetch(&lk->nf[r->name[LF_FIRST]]);
	__builtin_prefetch(&lk->nf[r->name[LF_MIDDLE]]);
	__builtin_prefetch(&lk->nf[r->name[LF_LAST]]);
#else
	(void)lk;
	(void)pair;
#endif
}

/* parallel_fn: grade pairs [lo, hi). */
static void grade_slice(void *ctx, size_t lo, size_t hi, size_t slice)
{
	struct linker *lk = ctx;
	size_t nc = lk->model.ncomparisons, i;
	const uint64_t *v = lk->pairs.v;

	(void)slice;
	for (i = lo; i < hi; i++) {
		if (i + RECORDS_AHEAD < hi)
			prefetch_records(lk, v[i + RECORDS_AHEAD]);
		if (i + NAMES_AHEAD < hi)
			prefetch_names(lk, v[i + NAMES_AHEAD]);
		grade(lk, (uint32_t)(v[i] >> 32), (uint32_t)v[i], lk->vectors + i * nc, NULL);
	}
}

void linker_grade(struct linker *lk)
{
	size_t nc = lk->model.ncomparisons, n = lk->pairs.n;

	free(lk->vectors);
	lk->vectors = xmallocarray(n ? n : 1, nc ? nc : 1);
	parallel_for(n, LINKER_THREAD_PAIRS, grade_slice, lk);
}

int linker_estimate_m(struct linker *lk)
{
	double prior_m[FS_MAX_COMPARISONS][FS_MAX_LEVELS];
	size_t nc = lk->model.ncomparisons, i;
	int rounds;

	if (!lk->vectors)
		linker_grade(lk);
	if (!lk->pairs.n)
		return 0;
	for (i = 0; i < nc; i++)
		memcpy(prior_m[i], lk->model.comparisons[i].m, sizeof(prior_m[i]));
	rounds = fs_estimate_m_among(&lk->model, lk->vectors, lk->pairs.n, linker_population(lk),
				     200, 1e-9);
	/*
	 * EM cannot learn m of a comparison every blocking rule holds (here the
	 * birth date): all candidates agree on it at some level, and
	 * non-matches that agree on the rest are taken for matches with a wrong
	 * date.  Those keep the model's m (as Splink does).
	 */
	for (i = 0; i < nc; i++)
		if (blocked_by_all(lk, lk->grader.c[i].field))
			memcpy(lk->model.comparisons[i].m, prior_m[i], sizeof(prior_m[i]));
	lk->model.version++;
	return rounds;
}

void linker_thresholds(struct linker *lk)
{
	lk->link_p = lk->model.link_probability ? lk->model.link_probability
		     : fs_probability(&lk->model, lk->model.link);
	lk->review_p = lk->model.review_probability ? lk->model.review_probability
		       : fs_probability(&lk->model, lk->model.review);
}

/* Scoring over slices of the pairs: each slice counts its own links and reviews. */
struct score_job {
	struct linker *lk;
	struct fs_weight_table table;
	int weigh;			/* weigh from the vectors first, else rescore */
	size_t links[PARALLEL_MAX], reviews[PARALLEL_MAX];
};

/* parallel_fn: the pairs [lo, hi) weighed (when weigh) and given their probabilities. */
static void score_slice(void *ctx, size_t lo, size_t hi, size_t slice)
{
	struct score_job *job = ctx;
	struct linker *lk = job->lk;
	size_t nc = lk->model.ncomparisons, i, links = 0, reviews = 0;

	for (i = lo; i < hi; i++) {
		double w, p;

		if (job->weigh) {
			const uint8_t *levels = lk->vectors + i * nc;
			double tf[FS_MAX_COMPARISONS];

			term_freq(lk, (uint32_t)(lk->pairs.v[i] >> 32), levels, tf);
			w = fs_weight_of(&lk->model, &job->table, levels, tf);
			lk->weight[i] = (float)w;
		} else {
			w = lk->weight[i];
		}
		p = probability(w, linker_lambda(lk, (uint32_t)(lk->pairs.v[i] >> 32),
						 (uint32_t)lk->pairs.v[i]));
		lk->prob[i] = (float)p;
		links += p >= lk->link_p;
		reviews += p >= lk->review_p && p < lk->link_p;
	}
	job->links[slice] = links;
	job->reviews[slice] = reviews;
}

static void score_all(struct linker *lk, int weigh)
{
	struct score_job *job = xcalloc(1, sizeof(*job));
	size_t t, k;

	job->lk = lk;
	job->weigh = weigh;
	if (weigh)
		fs_weight_table_set(&job->table, &lk->model);
	t = parallel_for(lk->pairs.n, LINKER_THREAD_PAIRS, score_slice, job);
	lk->nlinks = lk->nreviews = 0;
	for (k = 0; k < t; k++) {
		lk->nlinks += job->links[k];
		lk->nreviews += job->reviews[k];
	}
	free(job);
}

void linker_score(struct linker *lk)
{
	if (!lk->vectors)
		linker_grade(lk);
	linker_thresholds(lk);
	free(lk->weight);
	free(lk->prob);
	lk->weight = xmallocarray(lk->pairs.n ? lk->pairs.n : 1, sizeof(*lk->weight));
	lk->prob = xmallocarray(lk->pairs.n ? lk->pairs.n : 1, sizeof(*lk->prob));
	score_all(lk, 1);
}

void linker_rescore(struct linker *lk)
{
	score_all(lk, 0);
}

struct ranked {
	float prob;
	uint32_t pair;
};

/* Strongest first; ties in pair order, so that runs are reproducible. */
static int ranked_cmp(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;

	if (a->prob != b->prob)
		return a->prob > b->prob ? -1 : 1;
	return a->pair < b->pair ? -1 : a->pair > b->pair;
}

int linker_same_group(const struct linker *lk, uint32_t a, uint32_t b)
{
	return lk->recs[a].group && lk->recs[a].group == lk->recs[b].group;
}

int linker_compatible(void *ctx, uint32_t a, uint32_t b)
{
	const struct linker *lk = ctx;
	uint8_t levels[FS_MAX_COMPARISONS];
	double tf[FS_MAX_COMPARISONS];

	if (!linker_comparable(lk, a, b) || linker_same_group(lk, a, b))
		return 0;
	grade(lk, a, b, levels, tf);
	return !fs_vetoed(&lk->model, levels) &&
	       probability(fs_weight(&lk->model, levels, tf), linker_lambda(lk, a, b)) >= lk->review_p;
}

void linker_cluster(struct linker *lk, struct clusters *c, cluster_compatible_fn compatible,
		    void *ctx)
{
	struct ranked *links = xmallocarray(lk->nlinks ? lk->nlinks : 1, sizeof(*links));
	size_t i, k = 0;

	if (!compatible) {
		compatible = linker_compatible;
		ctx = lk;
	}
	for (i = 0; i < lk->pairs.n && k < lk->nlinks; i++)
		if (lk->prob[i] >= lk->link_p) {
			links[k].prob = lk->prob[i];
			links[k++].pair = (uint32_t)i;
		}
	qsort(links, k, sizeof(*links), ranked_cmp);
	lk->refused = 0;
	for (i = 0; i < k; i++) {
		uint64_t p = lk->pairs.v[links[i].pair];

		if (!clusters_join(c, (uint32_t)(p >> 32), (uint32_t)p, lk->cluster_max, compatible,
				   ctx))
			lk->refused++;
	}
	free(lk->cluster);
	lk->cluster = xmallocarray(lk->nrecs ? lk->nrecs : 1, sizeof(*lk->cluster));
	lk->nclusters = clusters_number(c, lk->cluster);
	free(links);
}

int linker_evidence(const struct linker *lk, uint32_t a, uint32_t b, struct buf *json)
{
	uint8_t levels[FS_MAX_COMPARISONS];
	double tf[FS_MAX_COMPARISONS], weight, lambda = linker_lambda(lk, a, b);
	size_t i;
	int rc;

	grade(lk, a, b, levels, tf);
	weight = fs_weight(&lk->model, levels, tf);
	rc = buf_addf(json, "{\"model_version\":%d,\"prior\":%.4f,"
		      "\"weight\":%.4f,\"probability\":%.6f,\"comparisons\":[",
		      lk->model.version, log2(lambda / (1 - lambda)), weight,
		      probability(weight, lambda));
	for (i = 0; rc >= 0 && i < lk->model.ncomparisons; i++) {
		const struct fs_comparison *c = &lk->model.comparisons[i];
		size_t l = levels[i] < c->nlevels ? levels[i] : c->nlevels - 1;
		double w = 0, adj = 0;

		if (levels[i] != FS_MISSING && !fs_implied(&lk->model, i, levels)) {
			w = log2(c->m[l] / c->u[l]);
			if (l == 0 && c->tf && tf[i] > 0)
				adj = log2(c->u[l] / tf[i]);
		}
		rc = buf_addf(json, "%s{\"field\":\"%s\",\"level\":\"%s\",\"weight\":%.4f,"
			      "\"tf_adjustment\":%.4f}", i ? "," : "", c->name,
			      levels[i] == FS_MISSING ? "missing" : c->levels[l], w, adj);
	}
	if (rc >= 0)
		rc = buf_adds(json, "]}");
	return rc < 0 ? SLDS_ELIMIT : 0;
}

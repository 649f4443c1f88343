/*
 * fs.c: the Fellegi-Sunter model file, match weights and the EM estimate
 * of m (fs.h).
 *
 * EM over comparison vectors: with lambda and m of the last round, each
 * pair's probability of being a match is
 *
 *	g = lambda * prod(m) / (lambda * prod(m) + (1 - lambda) * prod(u)),
 *
 * and the next m of a level is the g-weighted share of pairs at that level,
 * the next lambda the mean g.  u is held: estimated from random pairs,
 * almost all non-matches, it is better known than EM would make it.
 * Products are taken as sums of logarithms, since a vector of a dozen
 * comparisons underflows a double's product of small u.  Vectors repeat a
 * great deal (a few hundred patterns for millions of pairs), so each round
 * works on the distinct patterns with their counts.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "fs.h"
#include "ini.h"
#include "strset.h"
#include "banned.h"

#define M_FLOOR 1e-6

struct loader {
	struct fs_model *model;
	struct fs_comparison *cur;
	struct fs_blocking *block;
	int seen_model;
};

static int parse_number(const char *s, double *out, struct slds_error *err)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(*out))
		return error_set(err, SLDS_EDATA, "\"%s\" is not a number", s);
	return 0;
}

/* Space-separated numbers: probabilities in (0, 1). */
static int parse_probabilities(const char *key, const char *value, double *out, size_t *n,
			       struct slds_error *err)
{
	char buf[512], *p, *save = NULL;

	if (strlen(value) >= sizeof(buf))
		return error_set(err, SLDS_EDATA, "\"%s\" is too long", key);
	memcpy(buf, value, strlen(value) + 1);
	*n = 0;
	for (p = strtok_r(buf, " \t", &save); p; p = strtok_r(NULL, " \t", &save)) {
		if (*n == FS_MAX_LEVELS)
			return error_set(err, SLDS_EDATA, "\"%s\" has more than %d values", key,
					 FS_MAX_LEVELS);
		if (parse_number(p, &out[*n], err))
			return SLDS_EDATA;
		if (!(out[*n] > 0 && out[*n] < 1))
			return error_set(err, SLDS_EDATA, "%s value \"%s\" is not a probability between 0 and 1",
					 key, p);
		(*n)++;
	}
	return 0;
}

static int copy_name(char *dst, const char *src, const char *what, struct slds_error *err)
{
	size_t len = strlen(src);

	if (len == 0 || len >= FS_NAME_MAX)
		return error_set(err, SLDS_EDATA, "%s \"%s\" is empty or longer than %d bytes", what,
				 src, FS_NAME_MAX - 1);
	memcpy(dst, src, len + 1);
	return 0;
}

static int on_key(const char *section, const char *key, const char *value, unsigned line,
		  void *ctx, struct slds_error *err)
{
	struct loader *ld = ctx;
	struct fs_model *mo = ld->model;
	struct fs_comparison *c;
	double v;
	size_t n = 0;

	(void)line;
	if (!key) {
		size_t i;

		if (!strncmp(section, "blocking ", 9)) {
			struct fs_blocking *b;

			if (mo->nblocking == FS_MAX_BLOCKING)
				return error_set(err, SLDS_EDATA, "more than %d blocking rules",
						 FS_MAX_BLOCKING);
			b = &mo->blocking[mo->nblocking];
			memset(b, 0, sizeof(*b));
			if (copy_name(b->name, section + 9, "blocking rule name", err))
				return SLDS_EDATA;
			for (i = 0; i < mo->nblocking; i++)
				if (!strcmp(mo->blocking[i].name, b->name))
					return error_set(err, SLDS_EDATA,
							 "blocking rule \"%s\" is defined twice", b->name);
			mo->nblocking++;
			ld->block = b;
			ld->cur = NULL;
			return 0;
		}
		if (strncmp(section, "comparison ", 11))
			return error_set(err, SLDS_EDATA,
					 "section [%s] is not [comparison NAME] or [blocking NAME]",
					 section);
		if (mo->ncomparisons == FS_MAX_COMPARISONS)
			return error_set(err, SLDS_EDATA, "more than %d comparisons", FS_MAX_COMPARISONS);
		c = &mo->comparisons[mo->ncomparisons];
		memset(c, 0, sizeof(*c));
		if (copy_name(c->name, section + 11, "comparison name", err))
			return SLDS_EDATA;
		for (i = 0; i < mo->ncomparisons; i++)
			if (!strcmp(mo->comparisons[i].name, c->name))
				return error_set(err, SLDS_EDATA, "comparison \"%s\" is defined twice",
						 c->name);
		mo->ncomparisons++;
		ld->cur = c;
		ld->block = NULL;
		return 0;
	}
	if (ld->block) {
		if (strcmp(key, "keys"))
			return error_set(err, SLDS_EDATA, "unknown key \"%s\" of a blocking rule", key);
		if (strlen(value) >= FS_KEYS_MAX || !*value)
			return error_set(err, SLDS_EDATA, "keys \"%s\" is empty or too long", value);
		memcpy(ld->block->keys, value, strlen(value) + 1);
		return 0;
	}
	if (!ld->cur) {
		if (!strcmp(key, "model")) {
			if (strcmp(value, "slds-identity"))
				return error_set(err, SLDS_EDATA, "model \"%s\" is not slds-identity", value);
			ld->seen_model = 1;
			return 0;
		}
		if (!strcmp(key, "version")) {
			if (parse_number(value, &v, err) || v < 1 || v != floor(v) || v > 1e9)
				return error_set(err, SLDS_EDATA, "version \"%s\" is not a positive integer", value);
			mo->version = (int)v;
			return 0;
		}
		if (parse_number(value, &v, err))
			return SLDS_EDATA;
		if (!strcmp(key, "lambda")) {
			if (!(v > 0 && v < 1))
				return error_set(err, SLDS_EDATA, "lambda %s is not between 0 and 1", value);
			mo->lambda = v;
		} else if (!strcmp(key, "match_rate")) {
			if (!(v > 0 && v <= 1))
				return error_set(err, SLDS_EDATA, "match_rate %s is not above 0 and at most 1", value);
			mo->match_rate = v;
		} else if (!strcmp(key, "link")) {
			mo->link = v;
		} else if (!strcmp(key, "review")) {
			mo->review = v;
		} else if (!strcmp(key, "link_probability") || !strcmp(key, "review_probability")) {
			if (!(v > 0 && v < 1))
				return error_set(err, SLDS_EDATA, "%s %s is not between 0 and 1", key, value);
			*(key[0] == 'l' ? &mo->link_probability : &mo->review_probability) = v;
		} else {
			return error_set(err, SLDS_EDATA, "unknown key \"%s\"", key);
		}
		return 0;
	}
	c = ld->cur;
	if (!strcmp(key, "kind"))
		return copy_name(c->kind, value, "kind", err);
	if (!strcmp(key, "field"))
		return copy_name(c->field, value, "field", err);
	if (!strcmp(key, "implied_by"))
		return copy_name(c->implied_name, value, "implied_by", err);
	if (!strcmp(key, "veto"))
		return copy_name(c->veto_name, value, "veto", err);
	if (!strcmp(key, "tf")) {
		if (strcmp(value, "yes") && strcmp(value, "no"))
			return error_set(err, SLDS_EDATA, "tf \"%s\" is not yes or no", value);
		c->tf = !strcmp(value, "yes");
		return 0;
	}
	if (!strcmp(key, "levels")) {
		char buf[512], *p, *save = NULL;

		if (strlen(value) >= sizeof(buf))
			return error_set(err, SLDS_EDATA, "\"levels\" is too long");
		memcpy(buf, value, strlen(value) + 1);
		c->nlevels = 0;
		for (p = strtok_r(buf, " \t", &save); p; p = strtok_r(NULL, " \t", &save)) {
			if (c->nlevels == FS_MAX_LEVELS)
				return error_set(err, SLDS_EDATA, "more than %d levels", FS_MAX_LEVELS);
			if (copy_name(c->levels[c->nlevels++], p, "level", err))
				return SLDS_EDATA;
		}
		return 0;
	}
	if (!strcmp(key, "m") || !strcmp(key, "u")) {
		double *dst = key[0] == 'm' ? c->m : c->u;
		double sum = 0;
		size_t i;

		if (parse_probabilities(key, value, dst, &n, err))
			return SLDS_EDATA;
		if (n != c->nlevels)
			return error_set(err, SLDS_EDATA, "%s has %zu values for %zu levels (give levels first)",
					 key, n, c->nlevels);
		for (i = 0; i < n; i++)
			sum += dst[i];
		if (fabs(sum - 1) > 1e-6)
			return error_set(err, SLDS_EDATA, "%s sums to %.9g, not 1", key, sum);
		return 0;
	}
	return error_set(err, SLDS_EDATA, "unknown key \"%s\"", key);
}

int fs_model_load(struct fs_model *model, const char *path, struct slds_error *err)
{
	struct loader ld = { model, NULL, NULL, 0 };
	size_t i;
	int rc;

	memset(model, 0, sizeof(*model));
	rc = ini_parse(path, on_key, &ld, err);
	if (rc)
		return rc;
	if (!ld.seen_model || !model->version || !model->lambda || model->ncomparisons == 0)
		return error_set(err, SLDS_EDATA,
				 "%s: a model needs model, version, lambda and at least one comparison",
				 path);
	if (model->review > model->link)
		return error_set(err, SLDS_EDATA, "%s: review %.9g is above link %.9g", path,
				 model->review, model->link);
	if ((model->link_probability > 0) != (model->review_probability > 0))
		return error_set(err, SLDS_EDATA, "%s: give both link_probability and review_probability, or neither",
				 path);
	if (model->review_probability > model->link_probability)
		return error_set(err, SLDS_EDATA, "%s: review_probability %.9g is above link_probability %.9g",
				 path, model->review_probability, model->link_probability);
	for (i = 0; i < model->nblocking; i++)
		if (!model->blocking[i].keys[0])
			return error_set(err, SLDS_EDATA, "%s: blocking rule \"%s\" has no keys", path,
					 model->blocking[i].name);
	for (i = 0; i < model->ncomparisons; i++) {
		struct fs_comparison *c = &model->comparisons[i];
		size_t k;

		if (!c->kind[0] || !c->field[0] || c->nlevels < 2 || c->m[0] == 0 || c->u[0] == 0)
			return error_set(err, SLDS_EDATA,
					 "%s: comparison \"%s\" needs kind, field, at least two levels, m and u",
					 path, c->name);
		for (k = 0; c->veto_name[0] && k < c->nlevels; k++)
			if (!strcmp(c->levels[k], c->veto_name))
				c->veto = (int)k + 1;
		if (c->veto_name[0] && !c->veto)
			return error_set(err, SLDS_EDATA, "%s: comparison \"%s\" has no level \"%s\" to veto",
					 path, c->name, c->veto_name);
		if (!c->implied_name[0])
			continue;
		for (k = 0; k < model->ncomparisons; k++)
			if (k != i && !strcmp(model->comparisons[k].name, c->implied_name))
				c->implied_by = (int)k + 1;
		if (!c->implied_by)
			return error_set(err, SLDS_EDATA,
					 "%s: comparison \"%s\" is implied_by \"%s\", which is not another comparison",
					 path, c->name, c->implied_name);
	}
	return 0;
}

static void put_list(FILE *out, const char *key, const double *v, size_t n)
{
	size_t i;

	fprintf(out, "%s =", key);
	for (i = 0; i < n; i++)
		fprintf(out, " %.9g", v[i]);
	fputc('\n', out);
}

int fs_model_write(const struct fs_model *model, FILE *out)
{
	size_t i, k;

	fprintf(out, "model = slds-identity\nversion = %d\nlambda = %.9g\nlink = %.9g\nreview = %.9g\n",
		model->version, model->lambda, model->link, model->review);
	if (model->link_probability > 0)
		fprintf(out, "link_probability = %.9g\n", model->link_probability);
	if (model->review_probability > 0)
		fprintf(out, "review_probability = %.9g\n", model->review_probability);
	if (model->match_rate > 0)
		fprintf(out, "match_rate = %.9g\n", model->match_rate);
	for (i = 0; i < model->nblocking; i++)
		fprintf(out, "\n[blocking %s]\nkeys = %s\n", model->blocking[i].name,
			model->blocking[i].keys);
	for (i = 0; i < model->ncomparisons; i++) {
		const struct fs_comparison *c = &model->comparisons[i];

		fprintf(out, "\n[comparison %s]\nkind = %s\nfield = %s\nlevels =", c->name, c->kind,
			c->field);
		for (k = 0; k < c->nlevels; k++)
			fprintf(out, " %s", c->levels[k]);
		fputc('\n', out);
		put_list(out, "m", c->m, c->nlevels);
		put_list(out, "u", c->u, c->nlevels);
		fprintf(out, "tf = %s\n", c->tf ? "yes" : "no");
		if (c->implied_by)
			fprintf(out, "implied_by = %s\n", model->comparisons[c->implied_by - 1].name);
		if (c->veto)
			fprintf(out, "veto = %s\n", c->levels[c->veto - 1]);
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : SLDS_EIO;
}

int fs_implied(const struct fs_model *model, size_t i, const uint8_t *levels)
{
	int by = model->comparisons[i].implied_by;

	return levels[i] == 0 && by > 0 && levels[by - 1] == 0;
}

int fs_vetoed(const struct fs_model *model, const uint8_t *levels)
{
	size_t i;

	for (i = 0; i < model->ncomparisons; i++)
		if (model->comparisons[i].veto && levels[i] == model->comparisons[i].veto - 1)
			return 1;
	return 0;
}

double fs_weight(const struct fs_model *model, const uint8_t *levels, const double *tf_u)
{
	return fs_weight_of(model, NULL, levels, tf_u);
}

void fs_weight_table_set(struct fs_weight_table *t, const struct fs_model *model)
{
	size_t i, l;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < model->ncomparisons; i++)
		for (l = 0; l < model->comparisons[i].nlevels; l++)
			t->w[i][l] = log2(model->comparisons[i].m[l] / model->comparisons[i].u[l]);
}

double fs_weight_of(const struct fs_model *model, const struct fs_weight_table *t,
		    const uint8_t *levels, const double *tf_u)
{
	double w = 0;
	size_t i;

	for (i = 0; i < model->ncomparisons; i++) {
		const struct fs_comparison *c = &model->comparisons[i];
		size_t l = levels[i] < c->nlevels ? levels[i] : c->nlevels - 1;

		if (levels[i] == FS_MISSING || fs_implied(model, i, levels))
			continue;
		if (l == 0 && c->tf && tf_u && tf_u[i] > 0)
			w += log2(c->m[l] / tf_u[i]);
		else
			w += t ? t->w[i][l] : log2(c->m[l] / c->u[l]);
	}
	return w;
}

double fs_probability(const struct fs_model *model, double weight)
{
	double prior = log2(model->lambda / (1 - model->lambda));

	return 1 / (1 + exp2(-(weight + prior)));
}

double fs_probability_among(double top, double others)
{
	return 1 / (exp2(-top) + 1 + others);
}

/* The distinct vectors and their counts: EM's rounds run over these. */
struct patterns {
	struct strset index;
	uint8_t *vectors;
	double *counts;
	size_t n, cap;
};

static void collect(struct patterns *pt, const uint8_t *vectors, size_t npairs, size_t k)
{
	size_t p;

	for (p = 0; p < npairs; p++) {
		const uint8_t *v = vectors + p * k;
		uint64_t at;

		if (strset_add(&pt->index, (const char *)v, k, pt->n, &at)) {
			if (pt->n == pt->cap) {
				pt->cap = pt->cap ? pt->cap * 2 : 256;
				pt->vectors = xreallocarray(pt->vectors, pt->cap, k);
				pt->counts = xreallocarray(pt->counts, pt->cap, sizeof(*pt->counts));
			}
			memcpy(pt->vectors + pt->n * k, v, k);
			pt->counts[pt->n] = 0;
			at = pt->n++;
		}
		pt->counts[at] += 1;
	}
}

int fs_estimate_m(struct fs_model *model, const uint8_t *vectors, size_t npairs, int max_iter,
		  double tol)
{
	return fs_estimate_m_among(model, vectors, npairs, (double)npairs, max_iter, tol);
}

int fs_estimate_m_among(struct fs_model *model, const uint8_t *vectors, size_t npairs,
			double population, int max_iter, double tol)
{
	size_t k = model->ncomparisons, i, l, p;
	struct patterns pt = { STRSET_INIT, NULL, NULL, 0, 0 };
	double next[FS_MAX_COMPARISONS][FS_MAX_LEVELS];
	int round;

	if (npairs == 0 || k == 0)
		return 0;
	collect(&pt, vectors, npairs, k);
	for (round = 1; round <= max_iter; round++) {
		double g_total = 0, moved = 0, lambda;

		memset(next, 0, sizeof(next));
		for (p = 0; p < pt.n; p++) {
			const uint8_t *v = pt.vectors + p * k;
			double lm = log(model->lambda), lu = log(1 - model->lambda), g;

			for (i = 0; i < k; i++) {
				const struct fs_comparison *c = &model->comparisons[i];
				size_t lv = v[i] < c->nlevels ? v[i] : c->nlevels - 1;

				if (v[i] == FS_MISSING)
					continue;
				lm += log(c->m[lv]);
				lu += log(c->u[lv]);
			}
			/* g = e^lm / (e^lm + e^lu), without overflow. */
			g = lm > lu ? 1 / (1 + exp(lu - lm)) : exp(lm - lu) / (1 + exp(lm - lu));
			g *= pt.counts[p];
			g_total += g;
			for (i = 0; i < k; i++) {
				const struct fs_comparison *c = &model->comparisons[i];

				if (v[i] != FS_MISSING)
					next[i][v[i] < c->nlevels ? v[i] : c->nlevels - 1] += g;
			}
		}
		lambda = g_total / population;
		if (lambda <= 0 || g_total <= 0)
			break;
		for (i = 0; i < k; i++) {
			struct fs_comparison *c = &model->comparisons[i];
			double sum = 0;

			/* Shares among the pairs with values: missing ones say nothing. */
			for (l = 0; l < c->nlevels; l++)
				sum += next[i][l];
			if (sum <= 0)
				continue;
			for (l = 0; l < c->nlevels; l++) {
				next[i][l] = fmax(next[i][l] / sum, M_FLOOR);
			}
			sum = 0;
			for (l = 0; l < c->nlevels; l++)
				sum += next[i][l];
			for (l = 0; l < c->nlevels; l++) {
				double m = next[i][l] / sum;

				moved = fmax(moved, fabs(m - c->m[l]));
				c->m[l] = m;
			}
		}
		moved = fmax(moved, fabs(lambda - model->lambda));
		model->lambda = fmin(fmax(lambda, 1e-12), 1 - 1e-12);
		if (moved <= tol)
			break;
	}
	strset_release(&pt.index);
	free(pt.vectors);
	free(pt.counts);
	return round > max_iter ? max_iter : round;
}

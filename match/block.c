/*
 * block.c: blocking rules, their keys and their pairs (block.h).
 *
 * A rule's key is a hash of its keys' values, so that a block is found by
 * sorting (key, record) and reading runs of equal keys, and 12 bytes per
 * record (twice, while the sort runs).  Two different values whose hashes
 * collide only put two records in one block: a candidate pair more, never a
 * pair lost.  Keys and pairs are sorted by radix, a byte at a time from the
 * lowest: at 7 million records and 60 million pairs, qsort() took a sixth
 * of a statewide run.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "block.h"
#include "error.h"
#include "parallel.h"
#include "banned.h"

static const struct {
	const char *name;
	enum block_key key;
} key_names[] = {
	{ "birth_date", BK_BIRTH_DATE },
	{ "birth_date_any", BK_BIRTH_DATE_ANY },
	{ "birth_year", BK_BIRTH_YEAR },
	{ "birth_md", BK_BIRTH_MD },
	{ "first_code", BK_FIRST_CODE },
	{ "last_code", BK_LAST_CODE },
	{ "middle_code", BK_MIDDLE_CODE },
	{ "names_code", BK_NAMES_CODE },
	{ "first_initial", BK_FIRST_INITIAL },
	{ "last_initial", BK_LAST_INITIAL },
	{ "first_name", BK_FIRST_NAME },
	{ "last_name", BK_LAST_NAME },
	{ "sex", BK_SEX },
};

int block_rule_compile(struct block_rule *r, const struct fs_blocking *b,
		       struct slds_error *err)
{
	const char *p = b->keys;

	memset(r, 0, sizeof(*r));
	memcpy(r->name, b->name, sizeof(r->name));
	while (*p) {
		size_t len, k;

		while (*p == ' ' || *p == '\t')
			p++;
		len = strcspn(p, " \t");
		if (!len)
			break;
		for (k = 0; k < sizeof(key_names) / sizeof(key_names[0]); k++)
			if (strlen(key_names[k].name) == len && !memcmp(key_names[k].name, p, len))
				break;
		if (k == sizeof(key_names) / sizeof(key_names[0]))
			return error_set(err, SLDS_EDATA, "blocking rule \"%s\": unknown key \"%.*s\"",
					 b->name, (int)len, p);
		if (r->nkeys == BLOCK_MAX_KEYS)
			return error_set(err, SLDS_EDATA, "blocking rule \"%s\": more than %d keys",
					 b->name, BLOCK_MAX_KEYS);
		r->keys[r->nkeys++] = key_names[k].key;
		p += len;
	}
	if (!r->nkeys)
		return error_set(err, SLDS_EDATA, "blocking rule \"%s\" has no keys", b->name);
	return 0;
}

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t mix(uint64_t h, const void *data, size_t len)
{
	const unsigned char *s = data;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ s[i]) * FNV_PRIME;
	/* A separator, so that "ab" + "c" and "a" + "bc" differ. */
	return (h ^ 0xFF) * FNV_PRIME;
}

static uint64_t mix_int(uint64_t h, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };

	return mix(h, b, sizeof(b));
}

uint64_t block_key_hash(const struct block_rule *r, const struct person_ref *p)
{
	uint64_t h = FNV_OFFSET;
	size_t i;

	for (i = 0; i < r->nkeys; i++) {
		const struct name_features *nf = NULL;
		int lo, hi;

		h = mix_int(h, (uint32_t)r->keys[i]);
		switch (r->keys[i]) {
		case BK_BIRTH_DATE:
		case BK_BIRTH_DATE_ANY:
		case BK_BIRTH_YEAR:
		case BK_BIRTH_MD:
			if (!p->has_birth)
				return 0;
			lo = p->birth.month;
			hi = p->birth.day;
			if (r->keys[i] == BK_BIRTH_DATE_ANY && lo > hi) {
				lo = p->birth.day;
				hi = p->birth.month;
			}
			if (r->keys[i] == BK_BIRTH_YEAR)
				lo = hi = 0;
			h = mix_int(h, (uint32_t)((r->keys[i] == BK_BIRTH_MD ? 0 : p->birth.year) * 10000 +
						  lo * 100 + hi));
			break;
		case BK_FIRST_CODE:
		case BK_LAST_CODE:
		case BK_MIDDLE_CODE:
			nf = r->keys[i] == BK_FIRST_CODE ? p->first
			     : r->keys[i] == BK_LAST_CODE ? p->last : p->middle;
			if (!nf->code.primary[0])
				return 0;
			h = mix(h, nf->code.primary, strlen(nf->code.primary));
			break;
		case BK_NAMES_CODE: {
			const char *a = p->first->code.primary, *b = p->last->code.primary;

			if (!a[0] || !b[0])
				return 0;
			if (strcmp(a, b) > 0) {
				const char *t = a;

				a = b;
				b = t;
			}
			h = mix(mix(h, a, strlen(a)), b, strlen(b));
			break;
		}
		case BK_FIRST_INITIAL:
		case BK_LAST_INITIAL:
		case BK_FIRST_NAME:
		case BK_LAST_NAME:
			nf = r->keys[i] == BK_FIRST_INITIAL || r->keys[i] == BK_FIRST_NAME ? p->first
											 : p->last;
			if (!nf->key.len)
				return 0;
			h = mix(h, nf->key.s,
				r->keys[i] == BK_FIRST_INITIAL || r->keys[i] == BK_LAST_INITIAL
					? 1 : nf->key.len);
			break;
		case BK_SEX:
			if (!p->sex)
				return 0;
			h = mix(h, &p->sex, 1);
			break;
		}
	}
	return h ? h : 1;
}

/*
 * Sort keys[0..n) in ascending order, stably, moving vals (if not NULL)
 * with them: a least-significant-byte radix sort, skipping the bytes all
 * keys share (the high bytes of a pair of record numbers under 2^24).
 * k2 and v2 (if vals) are scratch arrays of n.
 */
static void radix_sort_in(uint64_t *keys, uint32_t *vals, size_t n, uint64_t *k2, uint32_t *v2)
{
	size_t count[8][256];
	uint64_t *from_k = keys, *to_k = k2, *kt;
	uint32_t *from_v = vals, *to_v = v2, *vt;
	size_t i, pos, c, here;
	int b;

	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			count[b][(keys[i] >> (8 * b)) & 0xFF]++;
	for (b = 0; b < 8 && n; b++) {
		if (count[b][(keys[0] >> (8 * b)) & 0xFF] == n)
			continue;
		for (c = 0, pos = 0; c < 256; c++) {
			here = count[b][c];
			count[b][c] = pos;
			pos += here;
		}
		for (i = 0; i < n; i++) {
			size_t to = count[b][(from_k[i] >> (8 * b)) & 0xFF]++;

			to_k[to] = from_k[i];
			if (vals)
				to_v[to] = from_v[i];
		}
		kt = from_k;
		from_k = to_k;
		to_k = kt;
		vt = from_v;
		from_v = to_v;
		to_v = vt;
	}
	/* After an odd number of passes the result is in the scratch arrays. */
	if (from_k != keys) {
		memcpy(keys, from_k, n * sizeof(*keys));
		if (vals)
			memcpy(vals, from_v, n * sizeof(*vals));
	}
}

static void radix_sort(uint64_t *keys, uint32_t *vals, size_t n)
{
	uint64_t *k2 = xmallocarray(n ? n : 1, sizeof(*k2));
	uint32_t *v2 = vals ? xmallocarray(n ? n : 1, sizeof(*v2)) : NULL;

	radix_sort_in(keys, vals, n, k2, v2);
	free(k2);
	free(v2);
}

/*
 * Emitting pairs runs in threads, each over a slice of the sorted keys: a
 * block belongs to the slice its first record is in.  A first pass counts
 * each slice's pairs (from each block's count of records of each source, not
 * pair by pair), the set grows once, and a second writes each slice's pairs
 * where the slices before it end: the pairs are those, and in the order,
 * that one thread would make.
 */
struct emit_job {
	const uint64_t *k;
	const uint32_t *rec;
	size_t m;
	const uint8_t *source;
	int within_1;
	size_t max_block;
	uint64_t *out;			/* NULL: count */
	size_t at[PARALLEL_MAX];	/* where slice i writes */
	size_t count[PARALLEL_MAX], skipped[PARALLEL_MAX];
};

/* The pairs block_pairs() makes of a block of n records, c1 of source 1. */
static size_t block_count(size_t n, size_t c1, const uint8_t *source, int within_1)
{
	size_t c0 = n - c1;

	if (!source)
		return n * (n - 1) / 2;
	return c0 * c1 + (within_1 ? c1 * (c1 - 1) / 2 : 0);
}

static void emit_slice(void *ctx, size_t lo, size_t hi, size_t slice)
{
	struct emit_job *j = ctx;
	const uint64_t *k = j->k;
	const uint32_t *rec = j->rec;
	const uint8_t *source = j->source;
	uint64_t *out = j->out ? j->out + j->at[slice] : NULL;
	size_t i = lo, jj, x, y, c1, made = 0, skipped = 0;

	/* The block running into this slice is the slice before's. */
	if (lo)
		while (i < j->m && k[i] == k[lo - 1])
			i++;
	for (; i < hi; i = jj) {
		for (jj = i + 1; jj < j->m && k[jj] == k[i]; jj++)
			;
		if (jj - i > j->max_block) {
			skipped++;
			continue;
		}
		if (!out) {
			for (x = i, c1 = 0; source && x < jj; x++)
				c1 += source[rec[x]] != 0;
			made += block_count(jj - i, c1, source, j->within_1);
			continue;
		}
		for (x = i; x < jj; x++)
			for (y = x + 1; y < jj; y++)
				if (!source || source[rec[x]] != source[rec[y]] ||
				    (j->within_1 && source[rec[x]])) {
					uint32_t a = rec[x], b = rec[y];

					out[made++] = a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
				}
	}
	j->count[slice] = made;
	j->skipped[slice] = skipped;
}

void block_pairs(const uint64_t *keys, size_t n, const uint8_t *source, int within_1,
		 size_t max_block, struct pair_set *out, size_t *skipped)
{
	struct emit_job j;
	uint64_t *k = xmallocarray(n ? n : 1, sizeof(*k));
	uint32_t *rec = xmallocarray(n ? n : 1, sizeof(*rec));
	size_t m = 0, i, t, total = 0;

	for (i = 0; i < n; i++)
		if (keys[i]) {
			k[m] = keys[i];
			rec[m++] = (uint32_t)i;
		}
	radix_sort(k, rec, m);
	memset(&j, 0, sizeof(j));
	j.k = k;
	j.rec = rec;
	j.m = m;
	j.source = source;
	j.within_1 = within_1;
	j.max_block = max_block;
	t = parallel_for(m, BLOCK_THREAD_RECORDS, emit_slice, &j);
	for (i = 0; i < t; i++) {
		j.at[i] = out->n + total;
		total += j.count[i];
		*skipped += j.skipped[i];
	}
	if (total) {
		if (out->cap - out->n < total) {
			out->cap = out->n + total;
			out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
		}
		j.out = out->v;
		parallel_for(m, BLOCK_THREAD_RECORDS, emit_slice, &j);
		out->n += total;
	}
	free(rec);
	free(k);
}

/*
 * Sorting the pairs runs in threads when there are many: each slice of the
 * pairs deals its pairs into 256 buckets by the top bits of their first
 * record (a counting pass, then a writing one, so that bucket b's pairs
 * follow bucket b - 1's), and each bucket is then sorted whole by the thread
 * whose slice it starts in, the set's own array serving as its scratch.
 */
struct sort_job {
	uint64_t *v, *tmp;
	size_t n;
	unsigned shift;
	size_t (*count)[256];		/* per slice: pairs per bucket, then where they go */
	size_t start[257];		/* bucket b is tmp[start[b], start[b + 1]) */
	uint64_t top[PARALLEL_MAX];
};

static void top_slice(void *ctx, size_t lo, size_t hi, size_t slice)
{
	struct sort_job *j = ctx;
	uint64_t top = 0;
	size_t i;

	for (i = lo; i < hi; i++)
		top |= j->v[i];
	j->top[slice] = top;
}

static void count_slice(void *ctx, size_t lo, size_t hi, size_t slice)
{
	struct sort_job *j = ctx;
	size_t *c = j->count[slice], i;

	for (i = lo; i < hi; i++)
		c[j->v[i] >> j->shift]++;
}

static void deal_slice(void *ctx, size_t lo, size_t hi, size_t slice)
{
	struct sort_job *j = ctx;
	size_t *at = j->count[slice], i;

	for (i = lo; i < hi; i++)
		j->tmp[at[j->v[i] >> j->shift]++] = j->v[i];
}

static void bucket_slice(void *ctx, size_t lo, size_t hi, size_t slice)
{
	struct sort_job *j = ctx;
	size_t b;

	(void)slice;
	for (b = 0; b < 256; b++)
		if (j->start[b] >= lo && j->start[b] < hi && j->start[b + 1] > j->start[b])
			radix_sort_in(j->tmp + j->start[b], NULL, j->start[b + 1] - j->start[b],
				      j->v + j->start[b], NULL);
}

static void sort_pairs(uint64_t *v, size_t n)
{
	struct sort_job j;
	size_t t = parallel_slices(n, BLOCK_THREAD_PAIRS), i, b, pos;
	uint64_t top = 0;
	unsigned bits = 0;

	if (t < 2) {
		radix_sort(v, NULL, n);
		return;
	}
	memset(&j, 0, sizeof(j));
	j.v = v;
	j.n = n;
	parallel_for(n, BLOCK_THREAD_PAIRS, top_slice, &j);
	for (i = 0; i < t; i++)
		top |= j.top[i];
	while (bits < 64 && top >> bits)
		bits++;
	j.shift = bits > 8 ? bits - 8 : 0;
	j.count = xcalloc(t, sizeof(*j.count));
	parallel_for(n, BLOCK_THREAD_PAIRS, count_slice, &j);
	for (b = 0, pos = 0; b < 256; b++) {
		j.start[b] = pos;
		for (i = 0; i < t; i++) {
			size_t here = j.count[i][b];

			j.count[i][b] = pos;
			pos += here;
		}
	}
	j.start[256] = pos;
	j.tmp = xmallocarray(n, sizeof(*j.tmp));
	parallel_for(n, BLOCK_THREAD_PAIRS, deal_slice, &j);
	parallel_for(n, BLOCK_THREAD_PAIRS, bucket_slice, &j);
	memcpy(v, j.tmp, n * sizeof(*v));
	free(j.tmp);
	free(j.count);
}

void pair_set_unique(struct pair_set *s)
{
	size_t i, m = 0;

	if (!s->n)
		return;
	sort_pairs(s->v, s->n);
	for (i = 0; i < s->n; i++)
		if (!m || s->v[m - 1] != s->v[i])
			s->v[m++] = s->v[i];
	s->n = m;
}

void pair_set_release(struct pair_set *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

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

static void pair_set_add(struct pair_set *s, uint32_t a, uint32_t b)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

/*
 * Sort keys[0..n) in ascending order, stably, moving vals (if not NULL)
 * with them: a least-significant-byte radix sort, skipping the bytes all
 * keys share (the high bytes of a pair of record numbers under 2^24).
 */
static void radix_sort(uint64_t *keys, uint32_t *vals, size_t n)
{
	size_t (*count)[256] = xcalloc(8, sizeof(*count));
	uint64_t *k2 = xmallocarray(n ? n : 1, sizeof(*k2)), *from_k = keys, *to_k = k2, *kt;
	uint32_t *v2 = vals ? xmallocarray(n ? n : 1, sizeof(*v2)) : NULL, *from_v = vals,
		 *to_v = v2, *vt;
	size_t i, pos, c, here;
	int b;

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
	free(count);
	free(k2);
	free(v2);
}

void block_pairs(const uint64_t *keys, size_t n, const uint8_t *source, int within_1,
		 size_t max_block, struct pair_set *out, size_t *skipped)
{
	uint64_t *k = xmallocarray(n ? n : 1, sizeof(*k));
	uint32_t *rec = xmallocarray(n ? n : 1, sizeof(*rec));
	size_t m = 0, i, j, x, y;

	for (i = 0; i < n; i++)
		if (keys[i]) {
			k[m] = keys[i];
			rec[m++] = (uint32_t)i;
		}
	radix_sort(k, rec, m);
	for (i = 0; i < m; i = j) {
		for (j = i + 1; j < m && k[j] == k[i]; j++)
			;
		if (j - i > max_block) {
			(*skipped)++;
			continue;
		}
		for (x = i; x < j; x++)
			for (y = x + 1; y < j; y++)
				if (!source || source[rec[x]] != source[rec[y]] ||
				    (within_1 && source[rec[x]]))
					pair_set_add(out, rec[x], rec[y]);
	}
	free(rec);
	free(k);
}

void pair_set_unique(struct pair_set *s)
{
	size_t i, m = 0;

	if (!s->n)
		return;
	radix_sort(s->v, NULL, s->n);
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

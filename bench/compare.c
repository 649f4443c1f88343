/*
 * compare.c: the throughput of the identity engine's field comparisons on
 * candidate pairs of realistic names.  Built and run by bench/compare.sh.
 *
 * The names are slds-synth's (tools/synth_names.c: first names and
 * surnames of many origins, with accents and compound surnames), plus a
 * misspelt copy of each made the way the generator misspells (a
 * neighbouring key, a letter dropped, doubled or two swapped).  Half the
 * pairs are a name and one of its variants, as blocking would bring
 * together, half two different names of the same list.  Each measure runs
 * over the same pairs and prints one line: pairs per second of
 * jaro_winkler() on folded keys, of dmetaphone() of both raw names and
 * dmetaphone_match(), of nickname_equivalent(); and names per second of
 * name_fold().
 *
 *	compare NICKNAMES_CSV [PAIRS]	(default 4,000,000 pairs)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compare.h"
#include "dmetaphone.h"
#include "error.h"
#include "nickname.h"
#include "synth_names.h"

#define POOL_MAX 1024

struct entry {
	char raw[80];		/* as an LEA would send it */
	size_t rawlen;
	struct name_key key;
};

struct bench {
	struct entry pool[POOL_MAX];
	unsigned npool;
	uint32_t (*pairs)[2];	/* indexes into pool */
	size_t npairs;
	struct nickname_table nick;
	uint64_t x;		/* xorshift state */
	volatile unsigned long sink;	/* results, so that no loop is optimised away */
};

static uint64_t next(struct bench *b)
{
	b->x ^= b->x << 13;
	b->x ^= b->x >> 7;
	b->x ^= b->x << 17;
	return b->x;
}

static void add(struct bench *b, const char *raw)
{
	struct entry *e = &b->pool[b->npool++];

	snprintf(e->raw, sizeof(e->raw), "%s", raw);
	e->rawlen = strlen(e->raw);
	name_fold(e->raw, e->rawlen, &e->key);
}

/* One slip of the keyboard in a copy of s, at an ASCII letter past the first. */
static void misspell(struct bench *b, const char *s, char *out, size_t size)
{
	size_t len = strlen(s), at;

	snprintf(out, size, "%s", s);
	if (len < 3 || len + 2 > size)
		return;
	at = 1 + next(b) % (len - 2);
	if (out[at] < 'a' || out[at] > 'z')
		return;
	switch (next(b) % 4) {
	case 0:
		out[at] = keyboard_neighbour(out[at], (unsigned)next(b));
		break;
	case 1:
		memmove(out + at, out + at + 1, len - at);
		break;
	case 2:
		memmove(out + at + 1, out + at, len - at + 1);
		break;
	default:
		if (out[at + 1] >= 'a' && out[at + 1] <= 'z') {
			char t = out[at];

			out[at] = out[at + 1];
			out[at + 1] = t;
		}
	}
}

/* Every name of the three lists and a variant of each; then the pairs. */
static void setup(struct bench *b, size_t npairs)
{
	const struct name_list *lists[] = { &female_names, &male_names, &surnames };
	unsigned start[4], l, i;
	size_t p;

	for (l = 0; l < 3; l++) {
		start[l] = b->npool;
		for (i = 0; i < lists[l]->n && b->npool + 2 <= POOL_MAX; i++) {
			char v[80];

			add(b, lists[l]->names[i]);
			misspell(b, lists[l]->names[i], v, sizeof(v));
			add(b, v);
		}
	}
	start[3] = b->npool;
	b->pairs = malloc(npairs * sizeof(*b->pairs));
	if (!b->pairs) {
		perror("compare");
		exit(1);
	}
	for (p = 0; p < npairs; p++) {
		unsigned lo, n, a;

		l = (unsigned)(next(b) % 3);
		lo = start[l];
		n = start[l + 1] - lo;
		a = lo + (unsigned)(next(b) % n) / 2 * 2;	/* a name, not a variant */
		b->pairs[p][0] = a;
		b->pairs[p][1] = next(b) % 2 ? a + 1 : lo + (unsigned)(next(b) % n);
	}
	b->npairs = npairs;
}

static void run_jaro_winkler(struct bench *b)
{
	double sum = 0;
	size_t p;

	for (p = 0; p < b->npairs; p++) {
		const struct name_key *x = &b->pool[b->pairs[p][0]].key;
		const struct name_key *y = &b->pool[b->pairs[p][1]].key;

		sum += jaro_winkler(x->s, x->len, y->s, y->len);
	}
	b->sink += (unsigned long)sum;
}

static void run_dmetaphone(struct bench *b)
{
	unsigned long n = 0;
	size_t p;

	for (p = 0; p < b->npairs; p++) {
		const struct entry *x = &b->pool[b->pairs[p][0]], *y = &b->pool[b->pairs[p][1]];
		struct dmetaphone mx, my;

		dmetaphone(x->raw, x->rawlen, &mx);
		dmetaphone(y->raw, y->rawlen, &my);
		n += (unsigned long)dmetaphone_match(&mx, &my);
	}
	b->sink += n;
}

static void run_nickname(struct bench *b)
{
	unsigned long n = 0;
	size_t p;

	for (p = 0; p < b->npairs; p++)
		n += (unsigned long)nickname_equivalent(&b->nick, &b->pool[b->pairs[p][0]].key,
							&b->pool[b->pairs[p][1]].key);
	b->sink += n;
}

/* One name of each pair is folded: as many names as pairs. */
static void run_fold(struct bench *b)
{
	unsigned long n = 0;
	size_t p;

	for (p = 0; p < b->npairs; p++) {
		const struct entry *x = &b->pool[b->pairs[p][1]];
		struct name_key k;

		name_fold(x->raw, x->rawlen, &k);
		n += k.len;
	}
	b->sink += n;
}

/* Items per second of one run of fn over all the pairs. */
static double rate(struct bench *b, void (*fn)(struct bench *))
{
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	fn(b);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)b->npairs /
	       ((double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
}

int main(int argc, char **argv)
{
	static struct bench b;
	struct slds_error err = SLDS_ERROR_INIT;
	size_t npairs = 4000000;
	double jw, dm, nick, fold;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: compare NICKNAMES_CSV [PAIRS]\n");
		return 64;
	}
	if (argc == 3)
		npairs = strtoul(argv[2], NULL, 10);
	if (!npairs || nickname_table_load(&b.nick, argv[1], &err)) {
		fprintf(stderr, "compare: %s\n", err.message ? err.message : "no pairs");
		return 66;
	}
	b.x = 0x9E3779B97F4A7C15ULL;
	setup(&b, npairs);
	jw = rate(&b, run_jaro_winkler);
	dm = rate(&b, run_dmetaphone);
	nick = rate(&b, run_nickname);
	fold = rate(&b, run_fold);
	printf("jaro_winkler %.0f dmetaphone %.0f nickname %.0f fold %.0f\n", jw, dm, nick, fold);
	nickname_table_release(&b.nick);
	free(b.pairs);
	return 0;
}

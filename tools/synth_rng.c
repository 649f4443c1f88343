/*
 * synth_rng.c: xoshiro256** (Blackman and Vigna), seeded with SplitMix64.
 */
#include <stdint.h>

#include "synth_rng.h"
#include "banned.h"

uint64_t rng_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t splitmix64(uint64_t *x)
{
	return rng_mix(*x += 0x9e3779b97f4a7c15ULL);
}

uint64_t rng_hash(uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;

	return rng_mix(rng_mix(rng_mix(rng_mix(seed + k) ^ (a + k)) ^ (b + k)) ^ (c + k));
}

void rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, v;

	do
		v = rng_next(r);
	while (v >= limit);
	return v % n;
}

int rng_chance(struct rng *r, unsigned per_million)
{
	return rng_below(r, 1000000) < per_million;
}

unsigned rng_weighted(struct rng *r, const unsigned *weights, unsigned n, uint64_t total)
{
	uint64_t x = rng_below(r, total);
	unsigned i;

	for (i = 0; i + 1 < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

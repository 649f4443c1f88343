/*
 * synth_rng.h: the generator's pseudo-random numbers: xoshiro256** seeded
 * through SplitMix64.  The same seed gives the same sequence on every
 * machine, so a state generated twice is byte-identical.
 */
#ifndef SLDS_SYNTH_RNG_H
#define SLDS_SYNTH_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n), n > 0, without modulo bias. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* 1 with probability per_million / 1,000,000. */
int rng_chance(struct rng *r, unsigned per_million);
/* An index into weights[0..n) chosen in proportion to the weights. */
unsigned rng_weighted(struct rng *r, const unsigned *weights, unsigned n, uint64_t total);

/*
 * A 64-bit hash of x (SplitMix64's finalizer).  Attributes derived from a
 * hash of the seed and a person, rather than drawn from a stream, stay the
 * same whatever else is generated before them.
 */
uint64_t rng_mix(uint64_t x);
/* A hash of the seed and up to three identifiers. */
uint64_t rng_hash(uint64_t seed, uint64_t a, uint64_t b, uint64_t c);

#endif

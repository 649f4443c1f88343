/*
 * synth_place.h: where a synthetic student was born and the ZIP code of
 * their home, for slds-synth.
 *
 * Both come from hashes of the seed and the household, never from the
 * population's random stream, so adding them changed no other choice of
 * the generator.  A household is a child, or a pair of twins (they share
 * a birthplace and a home).  The state is Utah: most children were born
 * there, some in another state, some abroad; the home ZIP is one of a few
 * of the district the family lives in, and changes when the family moves
 * to another district.
 */
#ifndef SLDS_SYNTH_PLACE_H
#define SLDS_SYNTH_PLACE_H

#include <stdint.h>

/* The state the generator is (its ZIP codes are 84001-84790). */
#define PLACE_HOME_STATE "UT"

struct birthplace {
	const char *state;	/* USPS abbreviation; "" when born abroad */
	const char *country;	/* ISO 3166-1 alpha-2 */
};

/*
 * The birthplace of household key: born in the state about 78% of the time
 * (15% when the child arrived from another state), in another state (more
 * often a neighbour or a large state) or abroad, with the countries'
 * shares of the foreign-born children of the state.
 */
void place_birth(uint64_t seed, uint32_t key, int from_away, struct birthplace *out);

/*
 * The home ZIP of household key while living in district lea (index),
 * written to out: five digits, or ZIP+4 when plus4.
 */
void place_zip(uint64_t seed, uint32_t key, uint32_t lea, int plus4, char out[16]);

/* A city of district lea, for Ed-Fi addresses. */
const char *place_city(uint32_t lea);

#endif

/*
 * synth_place.c: birthplaces and home ZIP codes of synthetic students
 * (synth_place.h).
 */
#include <stdio.h>

#include "synth_place.h"
#include "synth_rng.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Other states of birth, weighted roughly by how many of a western state's
 * in-movers come from each: the neighbours and the largest states first.
 */
static const char *const states[] = {
	"CA", "ID", "NV", "AZ", "TX", "CO", "WA", "OR", "WY", "NM", "FL", "NY", "IL",
	"MT", "OH", "PA", "MI", "GA", "NC", "VA", "MO", "MN", "HI", "AK", "PR"
};
static const unsigned state_weights[] = {
	220, 110, 80, 80, 70, 60, 50, 40, 30, 20, 30, 30, 20,
	15, 15, 15, 15, 15, 15, 15, 10, 10, 10, 5, 5
};

/* Countries of birth of foreign-born children, shares in a thousand. */
static const char *const countries[] = {
	"MX", "VE", "GT", "SV", "HN", "PE", "CO", "BR", "TO", "WS", "PH", "CN", "IN",
	"VN", "KR", "CA", "GB", "DE", "UA", "RU", "AF", "SO", "CD", "BT", "NP"
};
static const unsigned country_weights[] = {
	420, 60, 50, 40, 30, 30, 30, 30, 35, 20, 30, 30, 25,
	20, 20, 25, 15, 10, 15, 10, 15, 15, 10, 5, 10
};

static unsigned weighted(uint64_t h, const unsigned *w, unsigned n)
{
	uint64_t total = 0, x;
	unsigned i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = h % total;
	for (i = 0; i + 1 < n && x >= w[i]; i++)
		x -= w[i];
	return i;
}

void place_birth(uint64_t seed, uint32_t key, int from_away, struct birthplace *out)
{
	uint64_t h = rng_hash(seed ^ 0xB1247B1ACEULL, key, 0, 0);
	unsigned x = (unsigned)(h % 1000);
	unsigned home = from_away ? 150 : 780, abroad = from_away ? 250 : 60;

	h >>= 16;
	if (x < home) {
		out->state = PLACE_HOME_STATE;
		out->country = "US";
	} else if (x < 1000 - abroad) {
		out->state = states[weighted(h, state_weights, N(states))];
		out->country = "US";
	} else {
		out->state = "";
		out->country = countries[weighted(h, country_weights, N(countries))];
	}
}

void place_zip(uint64_t seed, uint32_t key, uint32_t lea, int plus4, char out[16])
{
	/* Each district has eight ZIP codes, from a base spread over 84001-84790. */
	unsigned base = 84001 + (unsigned)((lea * 53u) % 783u);
	uint64_t h = rng_hash(seed ^ 0x21900DEULL, key, lea, 0);
	unsigned zip = base + (unsigned)(h % 8);

	if (plus4)
		snprintf(out, 16, "%05u-%04u", zip, 1 + (unsigned)((h >> 8) % 9999));
	else
		snprintf(out, 16, "%05u", zip);
}

const char *place_city(uint32_t lea)
{
	static const char *const cities[] = {
		"Salt Lake City", "West Valley City", "Provo", "West Jordan", "Orem", "Sandy",
		"Ogden", "St. George", "Layton", "South Jordan", "Lehi", "Millcreek", "Taylorsville",
		"Logan", "Murray", "Draper", "Bountiful", "Riverton", "Herriman", "Spanish Fork",
		"Roy", "Pleasant Grove", "Kearns", "Tooele", "Cottonwood Heights", "Springville",
		"Cedar City", "Midvale", "Kaysville", "Holladay", "American Fork", "Clearfield",
		"Syracuse", "Magna", "Eagle Mountain", "Saratoga Springs", "Washington", "Farmington",
		"Clinton", "North Salt Lake", "Payson", "Vernal", "Heber City", "Price", "Richfield"
	};

	return cities[lea % N(cities)];
}

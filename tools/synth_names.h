/*
 * synth_names.h: the generator's name lists, the project's own, with weights
 * that give a few very common names and a long tail, of diverse origins.
 */
#ifndef SLDS_SYNTH_NAMES_H
#define SLDS_SYNTH_NAMES_H

struct name_list {
	const char *const *names;
	const unsigned *weights;
	unsigned n;
};

extern const struct name_list female_names, male_names, surnames;

/* The sum of a list's weights (compute once, pass to rng_weighted()). */
unsigned long long name_list_total(const struct name_list *l);

/* A first name that sounds like the given one (Jayden/Jaden), or NULL. */
const char *similar_first_name(const char *name);

#endif

/*
 * synth_names.h: the generator's name lists, the project's own, with weights
 * that give a few very common names and a long tail, of diverse origins.
 */
#ifndef SLDS_SYNTH_NAMES_H
#define SLDS_SYNTH_NAMES_H

#include <stddef.h>

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

/* A diminutive of a legal first name (William: Bill, Will...), or NULL. */
const char *nickname_of(const char *name, unsigned choice);

/*
 * Write s with Latin accents dropped (García: Garcia, Muñoz: Munoz) into out
 * (size bytes, NUL-terminated).  Returns 1 if anything changed.
 */
int fold_accents(const char *s, char *out, size_t size);

/* A key next to c on a QWERTY keyboard (lower case), or c if none. */
char keyboard_neighbour(char c, unsigned choice);

#endif

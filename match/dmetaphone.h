/*
 * dmetaphone.h: Double Metaphone, the phonetic code of the identity engine.
 *
 * Lawrence Philips' algorithm (C/C++ Users Journal, June 2000): a primary
 * code and an alternate code of at most four letters each, for names of
 * English, Germanic, Slavic, Romance, Greek and Chinese origin.  Smith is
 * SM0/XMT and Schmidt XMT/SMT: they share XMT.  Jose is HS/HS, Garcia
 * KRS/KRX.  The alphabet is A (an initial vowel), B..Z and 0 (zero) for th.
 *
 * Chosen over NYSIIS because it was built for names of many origins (the
 * Spanish j, ll and initial "San ", the German sch, the Slavic -wicz), which
 * is the state's school population, and because its two codes carry spelling
 * variants NYSIIS folds into one guess.
 *
 * The input is a name as given, UTF-8: it is folded first as name_fold()
 * folds (compare.h: no accents, no case, no apostrophes, hyphens as spaces),
 * except that ç keeps its own sound (François: FRNS), and so that a name and
 * its folded key give the same code otherwise.  Like Philips' code, the whole
 * string is encoded (the start-of-word rules look at its start only), and
 * only its first DMETAPHONE_INPUT_MAX bytes are read.
 */
#ifndef SLDS_DMETAPHONE_H
#define SLDS_DMETAPHONE_H

#include <stddef.h>

#define DMETAPHONE_LEN 4
#define DMETAPHONE_INPUT_MAX 127

struct dmetaphone {
	char primary[DMETAPHONE_LEN + 1];	/* NUL-terminated, possibly empty */
	char alternate[DMETAPHONE_LEN + 1];	/* equal to primary when there is none */
};

/* The codes of len bytes of s (no NUL needed).  Never allocates. */
void dmetaphone(const char *s, size_t len, struct dmetaphone *out);

/*
 * How two names' codes agree: 2 if the primary codes are equal, 1 if any
 * other code of one equals a code of the other (Smith against Schmidt),
 * 0 if none do.  Empty codes (a name with no letters) never agree.
 */
int dmetaphone_match(const struct dmetaphone *a, const struct dmetaphone *b);

#endif

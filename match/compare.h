/*
 * compare.h: field comparisons of the identity engine (issue 6): name keys,
 * compound names, Jaro-Winkler, names given the wrong way round, and graded
 * birth-date agreement.
 *
 * These run on every candidate pair of a statewide run, tens of millions of
 * times, so none of them allocates: keys and tokens live in fixed-size
 * structs the caller provides (on the stack or in its record arrays), and
 * every input longer than a documented limit is cut, never overrun.  Names
 * are at most 75 bytes in the record catalog; the limits here leave room.
 *
 * A name is folded once per record (name_fold()) and compared many times;
 * the comparisons take folded keys.  Phonetic codes are in dmetaphone.h,
 * nickname equivalence in nickname.h.
 */
#ifndef SLDS_COMPARE_H
#define SLDS_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"

/* The longest key in bytes; longer names are cut at a character boundary. */
#define NAME_KEY_MAX 127

/*
 * A name's comparison key: UTF-8, NUL-terminated, len bytes.  What folding
 * does, in order of the input:
 *  - Latin letters lose their diacritics and case: José, JOSÉ: jose;
 *    Nguyễn: nguyen; Łukasz: lukasz; ñ: n; ç: c; ø: o; ü: u (not ue:
 *    LEAs that cannot type ü drop the dots, and Müller against Mueller is
 *    left to Jaro-Winkler and the phonetic code, which both score it high);
 *    ß: ss; æ: ae; œ: oe; þ: th; ĳ: ij.  Covered: Latin-1 Supplement, Latin
 *    Extended-A and -B, Latin Extended Additional (Vietnamese), fullwidth
 *    Latin letters and digits; combining accents (decomposed input) are
 *    dropped, so "Jose" + U+0301 folds like "José".
 *  - Apostrophes (' ` ´ ’ ‘ ʼ ʻ) and periods are dropped: O'Brien: obrien,
 *    St. John: st john.
 *  - Spaces, hyphens and dashes, and other punctuation separate words:
 *    one space between words, none at either end: "Garcia-Lopez": garcia
 *    lopez.
 *  - Digits are kept.  Other scripts (Cyrillic, CJK...) are kept as their
 *    UTF-8 bytes, unchanged.
 *  - Invalid UTF-8 (a stray continuation byte, a truncated or overlong
 *    sequence, a surrogate, beyond U+10FFFF) is dropped a byte at a time.
 *    Validation rejects such names before matching; here it only has to be
 *    safe.
 */
struct name_key {
	uint8_t len;
	char s[NAME_KEY_MAX + 1];
};

/*
 * Fold len bytes of s (no NUL needed) into *key.  Returns 1 if the key was
 * cut at NAME_KEY_MAX, else 0.  An empty or all-punctuation name gives the
 * empty key, which callers treat as missing.
 */
int name_fold(const char *s, size_t len, struct name_key *key);

/*
 * The folding itself, into a caller's buffer of size bytes (at least 1):
 * writes at most size - 1 bytes and a NUL, returns the length; *cut (if not
 * NULL) is set to 1 if the output was cut.  With FOLD_CEDILLA, ç and Ç
 * become the byte 0xFF (never in UTF-8), so that the phonetic code can give
 * them their own sound.
 */
#define FOLD_CEDILLA 1u
size_t fold_utf8(const char *s, size_t len, char *out, size_t size, unsigned flags, int *cut);

/*
 * The words of a folded name, with particles attached: a particle (da,
 * das, de, del, della, den, der, des, di, dos, du, la, las, le, les, lo, los,
 * mac, mc, o, san, santa, st, ste, ten, ter, van, von) is joined without the
 * space to the word after it, and particles chain: "de la cruz": delacruz,
 * "van der berg": vanderberg, "st john": stjohn, "o brien": obrien, so
 * that each equals the name written as one word.  A particle that is the
 * last word is a token of its own ("le", "la": Le is a surname).  The
 * conjunction "y" between two words is dropped (Garcia y Lopez).  Each token
 * knows where its core starts, the part after its particles (cruz,
 * berg, john), for partial matches.  Words past the NAME_TOKENS_MAX-th are
 * ignored.
 */
#define NAME_TOKENS_MAX 16

struct name_token {
	uint8_t off;	/* into name_tokens.s */
	uint8_t len;
	uint8_t core;	/* bytes of particles before the core: core is s + off + core */
};

struct name_tokens {
	unsigned n;
	struct name_token tok[NAME_TOKENS_MAX];
	char s[NAME_KEY_MAX + 1];	/* the tokens, one after the other */
};

void name_tokens(const struct name_key *key, struct name_tokens *out);

/*
 * 1 if a token of one surname equals a token of the other, whole or core:
 * García López against Garcia, Garcia-Lopez against Lopez, De la Cruz
 * against Cruz or Delacruz.  Also 1 when the surnames are equal (callers
 * test equality first; this is the lower, partial level).  0 if either has
 * no token.
 */
int surname_parts_match(const struct name_tokens *a, const struct name_tokens *b);

/*
 * 1 if first and last names were given the wrong way round in one record:
 * first1 equals last2 and last1 equals first2, none empty, and the names
 * are not also equal the right way round (Lee Lee is not a swap).  Exact on
 * folded keys.
 */
int names_swapped(const struct name_key *first1, const struct name_key *last1,
		  const struct name_key *first2, const struct name_key *last2);

/*
 * 1 if a and b are one edit apart: one byte substituted, inserted or
 * deleted, or two adjacent bytes transposed (a Damerau-Levenshtein distance
 * of exactly 1), the single slips that make most misspelt names.  Equal
 * strings are not.  Byte by byte, as jaro(); symmetric.
 */
int one_edit_apart(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Jaro and Jaro-Winkler similarity, in [0, 1], of two byte strings:
 * Winkler's definition, matching window max(|a|, |b|) / 2 - 1, prefix scale
 * 0.1 over at most 4 common leading bytes, and (like Winkler's strcmp95 and
 * most libraries) the prefix bonus only when the Jaro similarity is above
 * 0.7.  Exact for ASCII keys; other characters are compared byte by byte,
 * so a multi-byte character counts as several (a near miss in one of them
 * still shares its lead byte).  Both empty: 1; one empty: 0.  Only the
 * first JARO_MAX bytes of each are compared.  Symmetric: the result does not
 * depend on the order of the arguments.
 */
#define JARO_MAX 128
double jaro(const char *a, size_t alen, const char *b, size_t blen);
double jaro_winkler(const char *a, size_t alen, const char *b, size_t blen);

/*
 * The agreement of two birth dates, best first.  The first that holds:
 *  EXACT        the same date;
 *  SWAPPED      day and month exchanged, same year (both at most 12, and
 *               different, or it would be EXACT);
 *  ONE_DIGIT    exactly one digit of YYYYMMDD differs (a typing slip);
 *  YEAR_OFF     the year one apart, same month and day;
 *  SAME_YEAR    the same year;
 *  OTHER        none of these;
 *  INVALID      either date does not exist (2015-13-03, 2015-02-29):
 *               no evidence either way.
 */
enum date_level {
	DATE_LEVEL_EXACT,
	DATE_LEVEL_SWAPPED,
	DATE_LEVEL_ONE_DIGIT,
	DATE_LEVEL_YEAR_OFF,
	DATE_LEVEL_SAME_YEAR,
	DATE_LEVEL_OTHER,
	DATE_LEVEL_INVALID
};

enum date_level date_compare_level(const struct date *a, const struct date *b);
/* "exact", "swapped", ... "invalid": for explanations and tests. */
const char *date_level_name(enum date_level level);

#endif

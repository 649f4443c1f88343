/*
 * grade.h: from two records to a comparison vector, as the model says.
 *
 * A comparison of the model (fs.h) names its kind, its field and its
 * levels; the level names say what each level tests, best first, and the
 * first that holds is the pair's level:
 *
 *	kind name, field first_name | middle_name | last_name:
 *	  exact      equal folded keys (accents and case folded)
 *	  nickname   first names of one nickname group (Bill, William)
 *	  swap       first and last name given the wrong way round
 *	  part       one surname part in common (Garcia Lopez, Garcia)
 *	  initial    one name is the other's initial (M, Maria)
 *	  edit1      one edit apart: a letter wrong, missing, added, or two
 *	             adjacent letters the wrong way round (one_edit_apart)
 *	  jwNN       Jaro-Winkler at least 0.NN (jw92, jw85)
 *	  phonetic   a Double Metaphone code in common
 *	  other      anything else
 *	kind date, field birth_date:
 *	  exact, swapped (day and month), digit (one digit off), year_off
 *	  (the year one off, month and day the same), day_off (the day one
 *	  off, year and month the same), same_year, other; a one-digit slip
 *	  of the year or day is digit too, so which of them a model lists
 *	  first takes it
 *	kind code, field sex | birthplace | zip:
 *	  same, other; and for zip, digit (one digit differs)
 *	kind external, any field name, any level names:
 *	  evidence the records do not hold, graded by the program that runs
 *	  the engine (linker.h, linker_external_fn); here always FS_MISSING
 *
 * A pair where either value is missing (or a date does not exist) gets
 * FS_MISSING: no evidence either way.  Compiling a model refuses a level
 * name its kind does not know, naming the comparison.
 */
#ifndef SLDS_GRADE_H
#define SLDS_GRADE_H

#include <stdint.h>

#include "compare.h"
#include "dmetaphone.h"
#include "fs.h"
#include "nickname.h"

struct slds_error;

/*
 * A name with the keys matching needs, computed once: its folded key, its
 * words (surnames: for "part") and its phonetic code.  About 330 bytes: a
 * run over millions of records keeps one per distinct name and gives each
 * record its names' indices (person_ref).
 */
struct name_features {
	struct name_key key;
	struct name_tokens tokens;
	struct dmetaphone code;
	/*
	 * The name's place in the nickname table (nickname_lookup()), when its
	 * owner looked it up once for all its comparisons; NAME_NICK_UNKNOWN
	 * when not, and the nickname level looks the key up.
	 */
	uint32_t nick;
};

#define NAME_NICK_UNKNOWN UINT32_MAX

/* Fill *nf from len bytes of a name (NULL or empty when missing); nick unknown. */
void name_features_set(struct name_features *nf, const char *s, size_t len);

/*
 * A person as one record gives them, by reference: the names are borrowed
 * (they live as long as whoever holds them, a person_features or a table of
 * names), never NULL (a missing name is one with an empty key).
 */
struct person_ref {
	const struct name_features *first, *middle, *last;
	struct date birth;
	int has_birth;
	char sex;			/* 0 when missing */
	uint32_t birthplace;		/* a code's number, 0 when missing */
	uint32_t zip;			/* the five digits plus 1, 0 when missing */
};

/* A person as one record gives them, with the keys matching needs. */
struct person_features {
	struct name_features first, middle, last;
	struct date birth;
	int has_birth;
	char sex;			/* 0 when missing */
	uint32_t birthplace, zip;	/* as in person_ref */
};

/*
 * Fill *f from a record's values (each len bytes, NULL or empty when
 * missing): names folded, surname tokens and phonetic codes computed once.
 */
void person_features_set(struct person_features *f, const char *first, size_t first_len,
			 const char *middle, size_t middle_len, const char *last,
			 size_t last_len, const char *birth, size_t birth_len, const char *sex,
			 size_t sex_len);
/* A reference to *f, valid while *f is. */
void person_features_ref(const struct person_features *f, struct person_ref *ref);

enum grade_test {
	TEST_EXACT, TEST_NICKNAME, TEST_SWAP, TEST_PART, TEST_INITIAL, TEST_JW, TEST_PHONETIC,
	TEST_EDIT1, TEST_DATE_SWAPPED, TEST_DATE_DIGIT, TEST_DATE_YEAR_OFF, TEST_DATE_DAY_OFF,
	TEST_DATE_SAME_YEAR, TEST_OTHER
};

enum grade_field { GF_FIRST, GF_MIDDLE, GF_LAST, GF_BIRTH, GF_SEX, GF_BIRTHPLACE, GF_ZIP, GF_EXTERNAL };

/* A ZIP code's first five digits plus 1, 0 when it does not start with five digits. */
uint32_t zip_number(const char *s, size_t len);

struct grader {
	size_t ncomparisons;
	struct {
		enum grade_field field;
		enum grade_test tests[FS_MAX_LEVELS];
		double jw[FS_MAX_LEVELS];
		size_t nlevels;
	} c[FS_MAX_COMPARISONS];
};

/* Compile the model's comparisons into tests; SLDS_EDATA names the fault. */
int grader_compile(struct grader *g, const struct fs_model *model, struct slds_error *err);

/* The comparison vector of a pair: levels[i] for comparison i. */
void grade_pair(const struct grader *g, const struct nickname_table *nicknames,
		const struct person_features *a, const struct person_features *b,
		uint8_t *levels);
/* The same, of two references. */
void grade_pair_ref(const struct grader *g, const struct nickname_table *nicknames,
		    const struct person_ref *a, const struct person_ref *b, uint8_t *levels);

#endif

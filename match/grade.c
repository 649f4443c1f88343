/*
 * grade.c: comparison vectors of record pairs (grade.h).
 *
 * Everything that can be computed once per record (folded keys, surname
 * tokens, phonetic codes, the parsed date) is, in person_features_set(), so
 * that grading a pair is a few comparisons of short keys: it runs on every
 * candidate pair.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grade.h"
#include "parse.h"
#include "banned.h"

void name_features_set(struct name_features *nf, const char *s, size_t len)
{
	name_fold(s ? s : "", s ? len : 0, &nf->key);
	name_tokens(&nf->key, &nf->tokens);
	dmetaphone(s ? s : "", s ? len : 0, &nf->code);
	nf->nick = NAME_NICK_UNKNOWN;
}

void person_features_set(struct person_features *f, const char *first, size_t first_len,
			 const char *middle, size_t middle_len, const char *last,
			 size_t last_len, const char *birth, size_t birth_len, const char *sex,
			 size_t sex_len)
{
	memset(f, 0, sizeof(*f));
	name_features_set(&f->first, first, first_len);
	name_features_set(&f->middle, middle, middle_len);
	name_features_set(&f->last, last, last_len);
	f->has_birth = birth && parse_date(birth, birth_len, &f->birth) == PARSE_OK;
	f->sex = sex && sex_len == 1 ? sex[0] : 0;
}

void person_features_ref(const struct person_features *f, struct person_ref *ref)
{
	ref->first = &f->first;
	ref->middle = &f->middle;
	ref->last = &f->last;
	ref->birth = f->birth;
	ref->has_birth = f->has_birth;
	ref->sex = f->sex;
	ref->birthplace = f->birthplace;
	ref->zip = f->zip;
}

static const struct {
	const char *name;
	enum grade_test test;
	unsigned kinds;			/* bit 0 name, bit 1 date, bit 2 code */
} level_names[] = {
	{ "exact", TEST_EXACT, 3 },
	{ "same", TEST_EXACT, 4 },
	{ "nickname", TEST_NICKNAME, 1 },
	{ "swap", TEST_SWAP, 1 },
	{ "part", TEST_PART, 1 },
	{ "initial", TEST_INITIAL, 1 },
	{ "phonetic", TEST_PHONETIC, 1 },
	{ "edit1", TEST_EDIT1, 1 },
	{ "swapped", TEST_DATE_SWAPPED, 2 },
	{ "digit", TEST_DATE_DIGIT, 6 },
	{ "year_off", TEST_DATE_YEAR_OFF, 2 },
	{ "day_off", TEST_DATE_DAY_OFF, 2 },
	{ "same_year", TEST_DATE_SAME_YEAR, 2 },
	{ "other", TEST_OTHER, 7 },
};

int grader_compile(struct grader *g, const struct fs_model *model, struct slds_error *err)
{
	size_t i, l, k;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < model->ncomparisons; i++) {
		const struct fs_comparison *c = &model->comparisons[i];
		unsigned kind;

		if (!strcmp(c->kind, "name"))
			kind = 1;
		else if (!strcmp(c->kind, "date"))
			kind = 2;
		else if (!strcmp(c->kind, "code"))
			kind = 4;
		else if (!strcmp(c->kind, "external"))
			kind = 8;
		else
			return error_set(err, SLDS_EDATA, "comparison \"%s\": unknown kind \"%s\" (name, date, code or external)",
					 c->name, c->kind);
		/* External: graded by the program, not from the records (linker.h). */
		if (kind == 8) {
			g->c[i].field = GF_EXTERNAL;
			g->c[i].nlevels = c->nlevels;
			continue;
		}
		if (kind == 1 && !strcmp(c->field, "first_name"))
			g->c[i].field = GF_FIRST;
		else if (kind == 1 && !strcmp(c->field, "middle_name"))
			g->c[i].field = GF_MIDDLE;
		else if (kind == 1 && !strcmp(c->field, "last_name"))
			g->c[i].field = GF_LAST;
		else if (kind == 2 && !strcmp(c->field, "birth_date"))
			g->c[i].field = GF_BIRTH;
		else if (kind == 4 && !strcmp(c->field, "sex"))
			g->c[i].field = GF_SEX;
		else if (kind == 4 && !strcmp(c->field, "birthplace"))
			g->c[i].field = GF_BIRTHPLACE;
		else if (kind == 4 && !strcmp(c->field, "zip"))
			g->c[i].field = GF_ZIP;
		else
			return error_set(err, SLDS_EDATA, "comparison \"%s\": a %s comparison cannot read field \"%s\"",
					 c->name, c->kind, c->field);
		for (l = 0; l < c->nlevels; l++) {
			const char *name = c->levels[l];
			int64_t jw;

			if (kind == 1 && !strncmp(name, "jw", 2) && strlen(name) == 4 &&
			    parse_int64(name + 2, 2, 50, 99, &jw) == PARSE_OK) {
				g->c[i].tests[l] = TEST_JW;
				g->c[i].jw[l] = (double)jw / 100;
				continue;
			}
			for (k = 0; k < sizeof(level_names) / sizeof(level_names[0]); k++)
				if (!strcmp(name, level_names[k].name) && (level_names[k].kinds & kind))
					break;
			if (k == sizeof(level_names) / sizeof(level_names[0]))
				return error_set(err, SLDS_EDATA, "comparison \"%s\": a %s comparison has no level \"%s\"",
						 c->name, c->kind, name);
			if (level_names[k].test == TEST_NICKNAME && g->c[i].field != GF_FIRST)
				return error_set(err, SLDS_EDATA, "comparison \"%s\": nickname is a level of first names only",
						 c->name);
			if (level_names[k].test == TEST_DATE_DIGIT && kind == 4 && g->c[i].field != GF_ZIP)
				return error_set(err, SLDS_EDATA, "comparison \"%s\": digit is a level of dates and ZIP codes only",
						 c->name);
			g->c[i].tests[l] = level_names[k].test;
		}
		g->c[i].nlevels = c->nlevels;
	}
	g->ncomparisons = model->ncomparisons;
	return 0;
}

static const struct name_features *name_of(const struct person_ref *f, enum grade_field field)
{
	return field == GF_FIRST ? f->first : field == GF_MIDDLE ? f->middle : f->last;
}

/* One is a single letter, the other starts with it. */
static int initial_of(const struct name_key *a, const struct name_key *b)
{
	if (a->len == 1 && b->len >= 1)
		return a->s[0] == b->s[0];
	if (b->len == 1 && a->len >= 1)
		return a->s[0] == b->s[0];
	return 0;
}

/*
 * Whether test t holds for the field's names of a and b.  *sim is their
 * Jaro-Winkler similarity once computed, negative before: two jw levels of
 * one comparison (jw92, jw80) compute it once.
 */
static int name_test(enum grade_test t, double jw, enum grade_field field,
		     const struct nickname_table *nicknames, const struct person_ref *a,
		     const struct person_ref *b, double *sim)
{
	const struct name_features *nx = name_of(a, field), *ny = name_of(b, field);
	const struct name_key *x = &nx->key, *y = &ny->key;

	switch (t) {
	case TEST_EXACT:
		return x->len == y->len && !memcmp(x->s, y->s, x->len);
	case TEST_NICKNAME:
		if (!nicknames)
			return 0;
		if (nx->nick == NAME_NICK_UNKNOWN || ny->nick == NAME_NICK_UNKNOWN)
			return nickname_equivalent(nicknames, x, y);
		return nickname_equivalent_at(nicknames, x, nx->nick, y, ny->nick);
	case TEST_SWAP:
		return names_swapped(&a->first->key, &a->last->key, &b->first->key, &b->last->key);
	case TEST_PART:
		return field == GF_LAST && surname_parts_match(&a->last->tokens, &b->last->tokens);
	case TEST_INITIAL:
		return initial_of(x, y);
	case TEST_JW:
		if (*sim < 0)
			*sim = jaro_winkler(x->s, x->len, y->s, y->len);
		return *sim >= jw;
	case TEST_PHONETIC:
		return dmetaphone_match(&nx->code, &ny->code);
	case TEST_EDIT1:
		return one_edit_apart(x->s, x->len, y->s, y->len);
	case TEST_OTHER:
		return 1;
	default:
		return 0;
	}
}

uint32_t zip_number(const char *s, size_t len)
{
	uint32_t v = 0;
	size_t i;

	if (!s || len < 5)
		return 0;
	for (i = 0; i < 5; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	return v + 1;
}

/* Two ZIP numbers (zip_number) that differ in exactly one digit. */
static int zip_one_digit(uint32_t a, uint32_t b)
{
	int diff = 0, i;

	a--;
	b--;
	for (i = 0; i < 5; i++, a /= 10, b /= 10)
		diff += a % 10 != b % 10;
	return diff == 1;
}

static int code_test(enum grade_test t, enum grade_field field, const struct person_ref *a,
		     const struct person_ref *b)
{
	switch (t) {
	case TEST_EXACT:
		return field == GF_SEX ? a->sex == b->sex
		       : field == GF_BIRTHPLACE ? a->birthplace == b->birthplace : a->zip == b->zip;
	case TEST_DATE_DIGIT:
		return field == GF_ZIP && zip_one_digit(a->zip, b->zip);
	case TEST_OTHER:
		return 1;
	default:
		return 0;
	}
}

/*
 * Whether test t holds for birth dates a and b of level dl
 * (date_compare_level).  year_off and day_off hold whatever the digits: a
 * year one off (2019, 2020) or a day one off (19, 20), the rest the same,
 * so that a model listing them before digit weighs these common slips
 * apart from the digit a random pair of dates also often differs by.
 */
static int date_test(enum grade_test t, enum date_level dl, const struct date *a,
		     const struct date *b)
{
	switch (t) {
	case TEST_EXACT:
		return dl == DATE_LEVEL_EXACT;
	case TEST_DATE_SWAPPED:
		return dl == DATE_LEVEL_SWAPPED;
	case TEST_DATE_DIGIT:
		return dl == DATE_LEVEL_ONE_DIGIT;
	case TEST_DATE_YEAR_OFF:
		return a->month == b->month && a->day == b->day && abs(a->year - b->year) == 1;
	case TEST_DATE_DAY_OFF:
		return a->year == b->year && a->month == b->month && abs(a->day - b->day) == 1;
	case TEST_DATE_SAME_YEAR:
		return dl == DATE_LEVEL_SAME_YEAR;
	case TEST_OTHER:
		return 1;
	default:
		return 0;
	}
}

void grade_pair(const struct grader *g, const struct nickname_table *nicknames,
		const struct person_features *a, const struct person_features *b,
		uint8_t *levels)
{
	struct person_ref ra, rb;

	person_features_ref(a, &ra);
	person_features_ref(b, &rb);
	grade_pair_ref(g, nicknames, &ra, &rb, levels);
}

void grade_pair_ref(const struct grader *g, const struct nickname_table *nicknames,
		    const struct person_ref *a, const struct person_ref *b, uint8_t *levels)
{
	size_t i, l;

	for (i = 0; i < g->ncomparisons; i++) {
		enum grade_field field = g->c[i].field;
		enum date_level dl = DATE_LEVEL_OTHER;
		double sim = -1;

		levels[i] = FS_MISSING;
		if (field == GF_EXTERNAL) {
			continue;
		} else if (field == GF_BIRTH) {
			if (!a->has_birth || !b->has_birth)
				continue;
			dl = date_compare_level(&a->birth, &b->birth);
			if (dl == DATE_LEVEL_INVALID)
				continue;
		} else if (field == GF_SEX) {
			if (!a->sex || !b->sex)
				continue;
		} else if (field == GF_BIRTHPLACE) {
			if (!a->birthplace || !b->birthplace)
				continue;
		} else if (field == GF_ZIP) {
			if (!a->zip || !b->zip)
				continue;
		} else if (!name_of(a, field)->key.len || !name_of(b, field)->key.len) {
			continue;
		}
		for (l = 0; l < g->c[i].nlevels; l++) {
			enum grade_test t = g->c[i].tests[l];
			int holds = field == GF_BIRTH ? date_test(t, dl, &a->birth, &b->birth)
				    : field >= GF_SEX ? code_test(t, field, a, b)
				    : name_test(t, g->c[i].jw[l], field, nicknames, a, b, &sim);

			if (holds) {
				levels[i] = (uint8_t)l;
				break;
			}
		}
		/* Without an "other" level, what passes no test is the last. */
		if (l == g->c[i].nlevels)
			levels[i] = (uint8_t)(g->c[i].nlevels - 1);
	}
}

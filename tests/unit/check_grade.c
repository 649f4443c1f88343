/*
 * check_grade.c: unit tests for grade.c with the project's model
 * (match/model.ini) and nickname table: named pairs of records and the
 * level each comparison must give them, and models the grader refuses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "error.h"
#include "grade.h"
#include "testlib.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* SLDS_TOP's match/: the tests run from the top of the tree. */
#define MODEL "match/model.ini"
#define NICKNAMES "match/nicknames.csv"

struct rec {
	const char *first, *middle, *last, *birth, *sex;
	unsigned place;			/* a birthplace's number, 0 missing */
	const char *zip;
};

static void features(struct person_features *f, const struct rec *r)
{
	person_features_set(f, r->first, r->first ? strlen(r->first) : 0, r->middle,
			    r->middle ? strlen(r->middle) : 0, r->last, r->last ? strlen(r->last) : 0,
			    r->birth, r->birth ? strlen(r->birth) : 0, r->sex, r->sex ? strlen(r->sex) : 0);
	f->birthplace = r->place;
	f->zip = zip_number(r->zip, r->zip ? strlen(r->zip) : 0);
}

/* Expected level names per comparison of model.ini, in its order; "-" missing. */
static const struct {
	const char *what;
	struct rec a, b;
	const char *want[7];	/* first, last, middle, birth, sex, birthplace, zip */
} pairs[] = {
	{ "the same record", { "Maria", "Luisa", "Garcia", "2014-03-09", "F", 0, NULL },
	  { "Maria", "Luisa", "Garcia", "2014-03-09", "F", 0, NULL },
	  { "exact", "exact", "exact", "exact", "same" } },
	{ "accents and case", { "José", "", "Núñez", "2014-03-09", "M", 0, NULL },
	  { "JOSE", NULL, "Nunez", "2014-03-09", "M", 0, NULL },
	  { "exact", "exact", "-", "exact", "same" } },
	{ "a nickname", { "William", "J", "Smith", "2013-01-02", "M", 0, NULL },
	  { "Bill", "James", "Smith", "2013-01-02", "M", 0, NULL },
	  { "nickname", "exact", "initial", "exact", "same" } },
	{ "a compound surname in part", { "Ana", NULL, "García López", "2012-05-06", "F", 0, NULL },
	  { "Ana", NULL, "Garcia", "2012-05-06", "F", 0, NULL },
	  { "exact", "part", "-", "exact", "same" } },
	{ "names the wrong way round", { "Chen", NULL, "Wei", "2011-07-08", "M", 0, NULL },
	  { "Wei", NULL, "Chen", "2011-07-08", "M", 0, NULL },
	  { "swap", "swap", "-", "exact", "same" } },
	{ "two slips in a name and day and month swapped", { "Christopher", NULL, "Rodriguez", "2014-03-09", "M", 0, NULL },
	  { "Christofer", NULL, "Rodriguez", "2014-09-03", "M", 0, NULL },
	  { "jw92", "exact", "-", "swapped", "same" } },
	{ "a sound-alike and the day one off", { "Sean", NULL, "Smith", "2014-03-09", "M", 0, NULL },
	  { "Shawn", NULL, "Schmidt", "2014-03-08", "M", 0, NULL },
	  { "jw80", "phonetic", "-", "day_off", "same" } },
	{ "strangers", { "Olivia", NULL, "Okafor", "2010-02-03", "F", 0, NULL },
	  { "Ethan", NULL, "Nguyen", "2016-11-30", "M", 0, NULL },
	  { "other", "other", "-", "other", "other" } },
	{ "a date that does not exist is no evidence", { "Ava", NULL, "Lee", "2015-02-30", "F", 0, NULL },
	  { "Ava", NULL, "Lee", "2015-02-28", "F", 0, NULL },
	  { "exact", "exact", "-", "-", "same" } },
	{ "one birthplace, a ZIP one digit off", { "Ava", NULL, "Lee", "2015-02-28", "F", 1, "84043" },
	  { "Ava", NULL, "Lee", "2015-02-28", "F", 1, "84013-1234" },
	  { "exact", "exact", "-", "exact", "same", "same", "digit" } },
	{ "another birthplace and ZIP", { "Ava", NULL, "Lee", "2015-02-28", "F", 1, "84043" },
	  { "Ava", NULL, "Lee", "2015-02-28", "F", 2, "84790" },
	  { "exact", "exact", "-", "exact", "same", "other", "other" } },
	{ "a ZIP that is not one is no evidence", { "Ava", NULL, "Lee", "2015-02-28", "F", 0, "8404" },
	  { "Ava", NULL, "Lee", "2015-02-28", "F", 2, "84043" },
	  { "exact", "exact", "-", "exact", "same", "-", "-" } },
	{ "the day one off across ten", { "Ava", NULL, "Lee", "2014-03-19", "F", 0, NULL },
	  { "Ava", NULL, "Lee", "2014-03-20", "F", 0, NULL },
	  { "exact", "exact", "-", "day_off", "same" } },
	{ "the year one off in its last digit", { "Ava", NULL, "Lee", "2014-03-19", "F", 0, NULL },
	  { "Ava", NULL, "Lee", "2013-03-19", "F", 0, NULL },
	  { "exact", "exact", "-", "year_off", "same" } },
	{ "the year one off across a decade", { "Ava", NULL, "Lee", "2019-03-19", "F", 0, NULL },
	  { "Ava", NULL, "Lee", "2020-03-19", "F", 0, NULL },
	  { "exact", "exact", "-", "year_off", "same" } },
	{ "one digit of the month off", { "Ava", NULL, "Lee", "2014-03-19", "F", 0, NULL },
	  { "Ava", NULL, "Lee", "2014-08-19", "F", 0, NULL },
	  { "exact", "exact", "-", "digit", "same" } },
	{ "the day two off in one digit", { "Ava", NULL, "Lee", "2014-03-11", "F", 0, NULL },
	  { "Ava", NULL, "Lee", "2014-03-13", "F", 0, NULL },
	  { "exact", "exact", "-", "digit", "same" } },
	{ "a letter wrong in a short first name", { "Liam", NULL, "Thomas", "2014-03-11", "M", 0, NULL },
	  { "Lian", NULL, "Thomas", "2014-03-11", "M", 0, NULL },
	  { "edit1", "exact", "-", "exact", "same" } },
	{ "two letters of a surname the wrong way round", { "Ava", NULL, "Brown", "2014-03-11", "F", 0, NULL },
	  { "Ava", NULL, "Brwon", "2014-03-11", "F", 0, NULL },
	  { "exact", "edit1", "-", "exact", "same" } },
	{ "the day one off and the month", { "Ava", NULL, "Lee", "2014-03-11", "F", 0, NULL },
	  { "Ava", NULL, "Lee", "2014-04-12", "F", 0, NULL },
	  { "exact", "exact", "-", "same_year", "same" } },
};

START_TEST(test_pairs_get_their_levels)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct nickname_table nt = NICKNAME_TABLE_INIT;
	struct fs_model mo;
	struct grader g;
	struct person_features a, b;
	uint8_t levels[FS_MAX_COMPARISONS], back[FS_MAX_COMPARISONS];
	size_t i;

	ck_assert_msg(fs_model_load(&mo, MODEL, &err) == 0, "%s", err.message);
	ck_assert_msg(grader_compile(&g, &mo, &err) == 0, "%s", err.message);
	ck_assert_msg(nickname_table_load(&nt, NICKNAMES, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(mo.ncomparisons, 8);
	ck_assert_str_eq(mo.comparisons[7].kind, "external");
	features(&a, &pairs[_i].a);
	features(&b, &pairs[_i].b);
	grade_pair(&g, &nt, &a, &b, levels);
	grade_pair(&g, &nt, &b, &a, back);
	for (i = 0; i < 7; i++) {
		const char *want = pairs[_i].want[i] ? pairs[_i].want[i] : "-";
		const char *got = levels[i] == FS_MISSING ? "-" : mo.comparisons[i].levels[levels[i]];

		ck_assert_msg(!strcmp(got, want), "%s: %s is \"%s\", expected \"%s\"",
			      pairs[_i].what, mo.comparisons[i].name, got, want);
		ck_assert_msg(levels[i] == back[i], "%s: %s is not symmetric", pairs[_i].what,
			      mo.comparisons[i].name);
	}
	/* An external comparison is the program's to grade: here always missing. */
	ck_assert_uint_eq(levels[7], FS_MISSING);
	nickname_table_release(&nt);
}
END_TEST

/* The same person outweighs a stranger, and crosses the link threshold. */
START_TEST(test_weights_order_the_pairs)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct nickname_table nt = NICKNAME_TABLE_INIT;
	struct fs_model mo;
	struct grader g;
	struct person_features a, b;
	uint8_t same[FS_MAX_COMPARISONS], typo[FS_MAX_COMPARISONS], other[FS_MAX_COMPARISONS];

	ck_assert_int_eq(fs_model_load(&mo, MODEL, &err), 0);
	ck_assert_int_eq(grader_compile(&g, &mo, &err), 0);
	ck_assert_int_eq(nickname_table_load(&nt, NICKNAMES, &err), 0);
	features(&a, &pairs[0].a);
	features(&b, &pairs[0].b);
	grade_pair(&g, &nt, &a, &b, same);
	features(&a, &pairs[5].a);
	features(&b, &pairs[5].b);
	grade_pair(&g, &nt, &a, &b, typo);
	features(&a, &pairs[7].a);
	features(&b, &pairs[7].b);
	grade_pair(&g, &nt, &a, &b, other);
	ck_assert_double_gt(fs_weight(&mo, same, NULL), mo.link);
	ck_assert_double_gt(fs_weight(&mo, same, NULL), fs_weight(&mo, typo, NULL));
	ck_assert_double_gt(fs_weight(&mo, typo, NULL), mo.review);
	ck_assert_double_lt(fs_weight(&mo, other, NULL), 0);
	nickname_table_release(&nt);
}
END_TEST

static const struct {
	const char *levels, *kind, *field, *message;
} bad[] = {
	{ "exact sometimes other", "name", "first_name", "a name comparison has no level \"sometimes\"" },
	{ "exact nickname other", "name", "last_name", "nickname is a level of first names only" },
	{ "exact swapped other", "name", "first_name", "a name comparison has no level \"swapped\"" },
	{ "same other", "date", "birth_date", "a date comparison has no level \"same\"" },
	{ "exact other", "name", "shoe_size", "a name comparison cannot read field \"shoe_size\"" },
	{ "exact other", "fuzzy", "first_name", "unknown kind \"fuzzy\"" },
};

START_TEST(test_models_the_grader_cannot_apply_are_refused)
{
	struct slds_error err = SLDS_ERROR_INIT;
	struct fs_model mo;
	struct grader g;
	struct fs_comparison *c = &mo.comparisons[0];
	char *p, levels[256];

	memset(&mo, 0, sizeof(mo));
	mo.ncomparisons = 1;
	snprintf(c->name, sizeof(c->name), "x");
	snprintf(c->kind, sizeof(c->kind), "%s", bad[_i].kind);
	snprintf(c->field, sizeof(c->field), "%s", bad[_i].field);
	snprintf(levels, sizeof(levels), "%s", bad[_i].levels);
	for (p = levels; *p; ) {
		size_t n = strcspn(p, " ");

		snprintf(c->levels[c->nlevels++], FS_NAME_MAX, "%.*s", (int)n, p);
		p += n + (p[n] == ' ');
	}
	ck_assert_int_eq(grader_compile(&g, &mo, &err), SLDS_EDATA);
	ck_assert_msg(strstr(err.message, bad[_i].message), "\"%s\"", err.message);
	error_clear(&err);
}
END_TEST

static Suite *grade_suite(void)
{
	Suite *s = suite_create("grade");
	TCase *tc = tcase_create("grade");

	tcase_add_loop_test(tc, test_pairs_get_their_levels, 0, N(pairs));
	tcase_add_test(tc, test_weights_order_the_pairs);
	tcase_add_loop_test(tc, test_models_the_grader_cannot_apply_are_refused, 0, N(bad));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(grade_suite());
	int failures;

	srunner_run_all(sr, CK_NORMAL);
	failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}

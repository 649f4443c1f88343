/*
 * slds-synth: a synthetic state with ground truth, for the demo and the tests.
 *
 * Generates LEAs of skewed sizes with elementary, middle and high schools,
 * charters and a statewide online provider, and students in grades KG to
 * 12, each with a legal name from the project's name lists, a birth date
 * that fits the grade, sex and race/ethnicity.  About 1% of students come as
 * twins (same LEA, grade, birth date and surname, different first names,
 * some as close as Jayden and Jaden); about 2% move to another LEA mid-year
 * and so appear in two LEAs' submissions under two local IDs.  Over several
 * years students advance, move, graduate, drop out and arrive; LEAs report
 * them with identity noise and, on request, injected data errors.
 *
 * The output is one submission folder per LEA and year in the inbox layout:
 * manifest.ini and a file per record type of the catalog (this file writes
 * students and enrollments, synth_records.c the LEA's directory and the
 * students' attendance, grades, tests, special education and programs), and
 * truth files that say who every submitted student record really is, which
 * rejections validation must make and how many enrollments each LEA and
 * grade should count.  The same seed gives byte-identical output; memory
 * grows with the number of students, never with the size of the files.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "catalog.h"
#include "cli.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "manifest.h"
#include "parse.h"
#include "ssid.h"
#include "synth_describe.h"
#include "synth_place.h"
#include "synth_edfi.h"
#include "synth_errors.h"
#include "synth_names.h"
#include "synth_out.h"
#include "synth_records.h"
#include "synth_rng.h"
#include "banned.h"

#define NGRADES 13		/* KG, 01 .. 12 */
#define MAX_LEAS 9801	/* LEA IDs 0101 .. 9999, skipping 00 */
#define MAX_STUDENTS 10000000
/*
 * The statewide online provider: an LEA of its own (after the --leas
 * regular ones) whose students are high-school students of other LEAs taking
 * part of their courses online.  Its ID cannot be a regular LEA's (those
 * never end in 00).
 */
#define ONLINE_LEA_ID "9000"

struct synth_options {
	long long students;
	int leas;
	int school_year;	/* the last school year generated */
	int years;
	uint64_t seed;
	int noise;		/* index into noise_profiles */
	int errors;		/* --errors profile: synth_errors_profile() */
	int claimed_ssids;	/* records carry the SSID the LEA holds */
	int edfi;		/* write Ed-Fi XML interchanges instead of CSV */
	const char *out;
};

/* What happens to a student this year. */
enum exit_kind { EXIT_NONE, EXIT_GRADUATE, EXIT_DROPOUT, EXIT_LEAVE_STATE };
enum entry_kind { ENTRY_CONTINUING, ENTRY_FIRST, ENTRY_OTHER_LEA, ENTRY_OTHER_STATE };

struct person {
	uint32_t lea, local;	/* LEA and local ID at the start of the year */
	uint32_t lea2, local2;	/* where a mid-year mover goes; lea2 == lea if none */
	uint32_t twin;		/* index + 1 of the twin, 0 if none */
	uint16_t first, middle, last;	/* indexes into the name lists; middle 0xFFFF = none */
	uint16_t birth_last;	/* last name before any legal change */
	uint8_t grade;		/* 0 = KG .. 12 */
	uint8_t sex;		/* 'F', 'M' or 'X' */
	uint8_t race;		/* index into race_codes */
	uint8_t suffix;		/* 0 none, 1 Jr, 2 III */
	uint8_t school, school2;	/* school number within its level at lea, lea2 */
	uint8_t half_time;
	uint8_t active;		/* enrolled in the state this year */
	uint8_t online;		/* this year: 0 not online, 1 part-time online (FTE sums
				 * to 1.00), 2 the same but the home LEA still reports 1.00 */
	uint32_t online_local;	/* local ID at the online provider, 0 until enrolled */
	uint8_t exit_kind, entry_kind;	/* this year's */
	uint8_t from_away;	/* arrived from another state (birthplace: synth_place.h) */
	struct date birth;
};

/* What kind of LEA: the catalog's lea_type codes, in this order. */
enum lea_kind { LEA_REGULAR, LEA_CHARTER, LEA_ONLINE };
static const char *const lea_types[] = { "REG", "CHR", "VIR" };

struct lea {
	char id[16];
	uint8_t kind;			/* enum lea_kind */
	uint32_t nlocal;		/* local IDs handed out */
	uint8_t nschools[3];		/* elementary, middle, high: where students are put */
	struct synth_school *schools;	/* what the LEA reports, in order of ID */
	size_t nschool;
	/*
	 * A district with a charter in its area: a share (per million) of its
	 * students in the charter's grades attend the charter instead.
	 */
	uint32_t charter;		/* index of the charter LEA, 0 if none */
	uint32_t charter_ppm;
	uint8_t low, high;		/* a charter's grades */
	uint32_t *members;		/* this year: students, then movers in */
	size_t nmembers, cap;
	uint64_t enroll[NGRADES];	/* this year's enrollment rows per grade */
};

/*
 * Identity noise: how often, per million records, LEAs report each kind of
 * deviation from the true identity.  Kinds that need a precondition (a
 * nickname, a compound surname, an accent, a middle name) are rates among
 * the records that meet it.
 */
enum noise_kind {
	NOISE_NICKNAME, NOISE_TYPO, NOISE_DROP_LETTER, NOISE_DOUBLE_LETTER, NOISE_TRANSPOSE,
	NOISE_NAME_SWAP, NOISE_SURNAME_HYPHEN, NOISE_SURNAME_PART, NOISE_ACCENTS,
	NOISE_MIDDLE_MISSING, NOISE_MIDDLE_INITIAL, NOISE_DOB_SWAP, NOISE_DOB_DIGIT,
	NOISE_DOB_YEAR, NOISE_ZIP_MISSING, NOISE_ZIP_DIGIT, NOISE_BIRTHPLACE_MISSING,
	NOISE_BIRTHPLACE_DEFAULT, NOISE_COUNT
};

static const char *const noise_names[NOISE_COUNT] = {
	"nickname", "typo", "drop_letter", "double_letter", "transpose", "name_swap",
	"surname_hyphen", "surname_part", "accents_dropped", "middle_missing", "middle_initial",
	"dob_day_month_swap", "dob_digit", "dob_year", "zip_missing", "zip_digit",
	"birthplace_missing", "birthplace_default"
};

struct noise_profile {
	const char *name;
	unsigned rate[NOISE_COUNT];
};

static const struct noise_profile noise_profiles[] = {
	{ "none", { 0 } },
	{ "default", { 25000, 12000, 6000, 4000, 6000, 3000, 250000, 150000, 400000, 100000,
		       100000, 3000, 3000, 2000, 30000, 10000, 50000, 10000 } },
	{ "high", { 75000, 36000, 18000, 12000, 18000, 9000, 500000, 300000, 800000, 300000,
		    300000, 9000, 9000, 6000, 90000, 30000, 150000, 30000 } },
};

struct synth {
	const struct synth_options *opts;
	struct rng rng;
	struct person *persons;
	size_t npersons, cap;
	struct lea *leas;	/* --leas districts, the online provider, the charters */
	size_t nleas;
	unsigned *lea_weights;
	uint64_t lea_total;
	unsigned long long twins, movers, schools, enrollment_rows, student_rows;
	unsigned long long female_total, male_total, surname_total;
	unsigned long long noise_count[NOISE_COUNT];
	unsigned char ssid_key[SSID_KEY_LEN];	/* for the persons' true SSIDs */
	struct out_file *level2;	/* truth/level2.csv, being written */
	struct synth_records records;	/* the records besides students and enrollments */
	unsigned long long online, fte_over;
	unsigned long long ssid_right, ssid_missing, ssid_wrong;
};

static const char *const grade_codes[NGRADES] = {
	"KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"
};
/* Race/ethnicity codes with their shares in a thousand. */
static const char *const race_codes[] = { "WH7", "HI7", "BL7", "AS7", "MU7", "AM7", "PI7" };
static const unsigned race_weights[] = { 460, 280, 120, 60, 50, 18, 12 };

static void help(const char *progname);

static int level_of(int grade)
{
	return grade <= 5 ? 0 : grade <= 8 ? 1 : 2;
}

static const struct name_list *first_list(int sex)
{
	return sex == 'M' ? &male_names : &female_names;
}

static const char *first_name_of(const struct person *p)
{
	const struct name_list *l = first_list(p->sex);

	return l->names[p->first % l->n];
}

static uint16_t pick_first(struct synth *s, int sex)
{
	if (sex == 'M')
		return (uint16_t)rng_weighted(&s->rng, male_names.weights, male_names.n, s->male_total);
	return (uint16_t)rng_weighted(&s->rng, female_names.weights, female_names.n,
				      s->female_total);
}

static struct person *new_person(struct synth *s)
{
	if (s->npersons == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->persons = xreallocarray(s->persons, s->cap, sizeof(*s->persons));
	}
	return &s->persons[s->npersons++];
}

static uint32_t pick_lea(struct synth *s)
{
	return rng_weighted(&s->rng, s->lea_weights, (unsigned)s->opts->leas, s->lea_total);
}

static uint8_t pick_school(struct synth *s, uint32_t lea, int grade)
{
	return (uint8_t)rng_below(&s->rng, s->leas[lea].nschools[level_of(grade)]);
}

/* A new student of the state, in grade, school year y. */
static void make_person(struct synth *s, struct person *p, uint32_t lea, int grade, int y)
{
	struct rng *r = &s->rng;
	int age_extra = rng_chance(r, 40000) ? 1 : 0;

	memset(p, 0, sizeof(*p));
	p->lea = p->lea2 = lea;
	p->local = ++s->leas[lea].nlocal;
	p->grade = (uint8_t)grade;
	p->sex = rng_chance(r, 2000) ? 'X' : rng_chance(r, 500000) ? 'F' : 'M';
	p->first = pick_first(s, p->sex);
	p->middle = rng_chance(r, 700000) ? pick_first(s, p->sex) : 0xFFFF;
	p->last = p->birth_last = (uint16_t)rng_weighted(r, surnames.weights, surnames.n,
							 s->surname_total);
	p->suffix = p->sex == 'M' && rng_chance(r, 15000) ? (uint8_t)(1 + rng_below(r, 2)) : 0;
	p->race = (uint8_t)rng_weighted(r, race_weights, 7, 1000);
	p->half_time = rng_chance(r, 10000);
	p->active = 1;
	/* Five years old on September 1 for kindergarten; a few a year older. */
	p->birth.year = y - 1 - 5 - grade - age_extra;
	p->birth.month = 1 + (int)rng_below(r, 12);
	p->birth.day = 1 + (int)rng_below(r, (uint64_t)date_days_in_month(p->birth.year, p->birth.month));
	/* Born after September 1: the next school year's kindergarten. */
	if (p->birth.month > 9 || (p->birth.month == 9 && p->birth.day > 1))
		p->birth.year--;
	p->school = p->school2 = pick_school(s, lea, grade);
}

/* A twin of p: same LEA, grade, school, birth date, surname and race. */
static void make_twin(struct synth *s, struct person *t, const struct person *p)
{
	const char *close;

	*t = *p;
	t->local = ++s->leas[p->lea].nlocal;
	t->sex = rng_chance(&s->rng, 500000) ? p->sex : (p->sex == 'F' ? 'M' : 'F');
	t->middle = rng_chance(&s->rng, 700000) ? pick_first(s, t->sex) : 0xFFFF;
	t->suffix = 0;
	t->half_time = 0;
	/* Same name list (X and F share one): a close name if it is in the list. */
	close = first_list(t->sex) == first_list(p->sex) ? similar_first_name(first_name_of(p)) : NULL;
	if (close) {
		const struct name_list *l = first_list(t->sex);
		unsigned i;

		for (i = 0; i < l->n; i++)
			if (!strcmp(l->names[i], close)) {
				t->first = (uint16_t)i;
				return;
			}
	}
	/* Twins never share a first name. */
	do
		t->first = pick_first(s, t->sex);
	while (first_list(t->sex) == first_list(p->sex) && t->first == p->first);
}

/* count new students arriving in grade (or a random grade 1-12 if grade < 0). */
static void arrive(struct synth *s, unsigned long long count, int grade, int entry, int y)
{
	unsigned long long i;

	for (i = 0; i < count; i++) {
		uint32_t lea = pick_lea(s);
		int g = grade >= 0 ? grade : 1 + (int)rng_below(&s->rng, 12);
		size_t at = s->npersons;

		make_person(s, new_person(s), lea, g, y);
		s->persons[at].entry_kind = (uint8_t)entry;
		s->persons[at].from_away = entry == ENTRY_OTHER_STATE;
		if (i + 1 < count && rng_chance(&s->rng, 5000)) {
			size_t t = s->npersons;

			make_twin(s, new_person(s), &s->persons[at]);
			s->persons[at].twin = (uint32_t)t + 1;
			s->persons[t].twin = (uint32_t)at + 1;
			s->twins++;
			i++;
		}
	}
}

static struct synth_school *add_school(struct lea *lea, int level, int low, int high)
{
	struct synth_school *sc;
	unsigned number = 1;
	size_t i;

	for (i = 0; i < lea->nschool; i++)
		number += lea->schools[i].level == level;
	lea->schools = xreallocarray(lea->schools, lea->nschool + 1, sizeof(*lea->schools));
	sc = &lea->schools[lea->nschool++];
	snprintf(sc->id, sizeof(sc->id), "%s%c%02u", lea->id, (char)('1' + level), number);
	sc->level = (uint8_t)level;
	sc->low = (uint8_t)low;
	sc->high = (uint8_t)high;
	return sc;
}

/*
 * A charter in district l's area, as LEA c: usually one school, of the
 * grades the charter chose (K-8, K-12, 9-12, K-5, or K-5 and 6-12 on two
 * campuses), and about 450 students a school.  Charter students are chosen
 * from the district's by a hash, so the population and its random draws
 * stay what they are without charters.
 */
static void setup_charter(struct synth *s, uint32_t l, uint32_t c, unsigned long long expect)
{
	static const struct {
		unsigned weight;
		uint8_t low, high, level, campuses;
	} kinds[] = {
		{ 30, 0, 8, LEVEL_OT, 1 }, { 20, 0, 12, LEVEL_OT, 1 }, { 20, 9, 12, LEVEL_HS, 1 },
		{ 15, 0, 5, LEVEL_EL, 1 }, { 15, 0, 12, LEVEL_OT, 2 },
	};
	struct lea *d = &s->leas[l], *ch = &s->leas[c];
	unsigned x = (unsigned)(rng_hash(s->opts->seed ^ 0xC4A27E4ULL, c, 0, 0) % 100), k = 0;
	unsigned long long in_grades;

	while (x >= kinds[k].weight)
		x -= kinds[k++].weight;
	snprintf(ch->id, sizeof(ch->id), "%u", 10000 + c - (uint32_t)s->opts->leas);
	ch->kind = LEA_CHARTER;
	ch->low = kinds[k].low;
	ch->high = kinds[k].high;
	if (kinds[k].campuses == 2) {
		add_school(ch, LEVEL_EL, 0, 5);
		add_school(ch, LEVEL_OT, 6, 12);
	} else {
		add_school(ch, kinds[k].level, kinds[k].low, kinds[k].high);
	}
	d->charter = c;
	in_grades = expect * (unsigned)(ch->high - ch->low + 1) / NGRADES;
	d->charter_ppm = in_grades > 450 * kinds[k].campuses * 4 ?
			 (uint32_t)(1000000ULL * 450 * kinds[k].campuses / in_grades) : 250000;
}

static void setup_leas(struct synth *s)
{
	const struct synth_options *o = s->opts;
	/* A charter in every fifth district's area, after the first four. */
	size_t ncharters = o->leas >= 5 ? (size_t)o->leas / 5 : 0;
	struct lea *online;
	int l;

	s->nleas = (size_t)o->leas + 1 + ncharters;
	s->lea_weights = xcalloc((size_t)o->leas, sizeof(*s->lea_weights));
	s->leas = xcalloc(s->nleas, sizeof(*s->leas));
	online = &s->leas[o->leas];
	snprintf(online->id, sizeof(online->id), "%s", ONLINE_LEA_ID);
	online->kind = LEA_ONLINE;
	online->nschools[0] = online->nschools[1] = online->nschools[2] = 1;
	add_school(online, LEVEL_HS, 9, 12);
	/* LEA sizes follow a Zipf-like law: a few large districts, many small. */
	for (l = 0; l < o->leas; l++) {
		s->lea_weights[l] = (unsigned)(1000000.0 / (1.0 + l) / (1.0 + 0.1 * l));
		s->lea_total += s->lea_weights[l];
	}
	for (l = 0; l < o->leas; l++) {
		struct lea *lea = &s->leas[l];
		unsigned long long expect = (unsigned long long)o->students * s->lea_weights[l] /
					    s->lea_total;
		unsigned long long e = 1 + expect * 6 / 13 / 450, m = 1 + expect * 3 / 13 / 800,
				   h = 1 + expect * 4 / 13 / 1200;
		static const uint8_t low[3] = { 0, 6, 9 }, high[3] = { 5, 8, 12 };
		int level;
		unsigned i;

		snprintf(lea->id, sizeof(lea->id), "%02d%02d", 1 + l / 99, 1 + l % 99);
		lea->kind = LEA_REGULAR;
		lea->nschools[0] = (uint8_t)(e > 40 ? 40 : e);
		lea->nschools[1] = (uint8_t)(m > 20 ? 20 : m);
		lea->nschools[2] = (uint8_t)(h > 20 ? 20 : h);
		for (level = 0; level < 3; level++)
			for (i = 0; i < lea->nschools[level]; i++)
				add_school(lea, level, low[level], high[level]);
		if (l >= 4 && l % 5 == 4)
			setup_charter(s, (uint32_t)l, (uint32_t)(o->leas + 1 + l / 5), expect);
	}
	for (l = 0; (size_t)l < s->nleas; l++)
		s->schools += s->leas[l].nschool;
}

/* The first year's population: every LEA gets at least one student. */
static void first_population(struct synth *s, int y)
{
	const struct synth_options *o = s->opts;
	long long i;

	for (i = 0; i < o->students; i++) {
		uint32_t lea = i < o->leas ? (uint32_t)i : pick_lea(s);
		int grade = (int)rng_below(&s->rng, NGRADES);
		size_t at = s->npersons;

		make_person(s, new_person(s), lea, grade, y);
		s->persons[at].entry_kind = grade == 0 ? ENTRY_FIRST : ENTRY_CONTINUING;
		if (i + 1 < o->students && rng_chance(&s->rng, 5000)) {
			size_t t = s->npersons;

			make_twin(s, new_person(s), &s->persons[at]);
			s->persons[at].twin = (uint32_t)t + 1;
			s->persons[t].twin = (uint32_t)at + 1;
			s->twins++;
			i++;
		}
	}
}

/*
 * A new school year: students advance a grade (a few are retained), some
 * change LEA, a few change their legal surname; a kindergarten class and
 * students from out of state arrive.
 */
static void advance(struct synth *s, int y)
{
	size_t i, n = s->npersons;
	struct rng *r = &s->rng;

	for (i = 0; i < n; i++) {
		struct person *p = &s->persons[i];
		int old_level = level_of(p->grade);

		if (!p->active)
			continue;
		p->entry_kind = ENTRY_CONTINUING;
		if (p->grade < 12 && !rng_chance(r, 20000))
			p->grade++;
		if (s->opts->leas > 1 && rng_chance(r, 40000)) {
			uint32_t to;

			do
				to = pick_lea(s);
			while (to == p->lea);
			p->lea = p->lea2 = to;
			p->local = ++s->leas[to].nlocal;
			p->entry_kind = ENTRY_OTHER_LEA;
			p->school = pick_school(s, to, p->grade);
		} else if (level_of(p->grade) != old_level) {
			p->school = pick_school(s, p->lea, p->grade);
		}
		p->school2 = p->school;
		if (rng_chance(r, 1000))
			p->last = (uint16_t)rng_weighted(r, surnames.weights, surnames.n,
							 s->surname_total);
	}
	arrive(s, (unsigned long long)s->opts->students / NGRADES, 0, ENTRY_FIRST, y);
	arrive(s, (unsigned long long)s->opts->students / 50, -1, ENTRY_OTHER_STATE, y);
}

/* This year's exits (graduation, dropping out, leaving the state) and mid-year moves. */
static void plan_year(struct synth *s)
{
	size_t i;
	struct rng *r = &s->rng;

	for (i = 0; i < s->npersons; i++) {
		struct person *p = &s->persons[i];

		if (!p->active)
			continue;
		p->exit_kind = EXIT_NONE;
		p->lea2 = p->lea;
		p->local2 = p->local;
		p->school2 = p->school;
		if (p->grade == 12 && rng_chance(r, 970000))
			p->exit_kind = EXIT_GRADUATE;
		else if (p->grade >= 9 && rng_chance(r, 15000))
			p->exit_kind = EXIT_DROPOUT;
		else if (rng_chance(r, 10000))
			p->exit_kind = EXIT_LEAVE_STATE;
		else if (s->opts->leas > 1 && rng_chance(r, 20000)) {
			do
				p->lea2 = pick_lea(s);
			while (p->lea2 == p->lea);
			p->local2 = ++s->leas[p->lea2].nlocal;
			p->school2 = pick_school(s, p->lea2, p->grade);
			s->movers++;
		}
		/* Part-time online: high school, staying put, full time at home. */
		p->online = 0;
		if (s->opts->leas > 1 && p->grade >= 9 && p->exit_kind == EXIT_NONE &&
		    p->lea2 == p->lea && !p->half_time && rng_chance(r, 20000)) {
			p->online = rng_chance(r, 50000) ? 2 : 1;
			if (!p->online_local)
				p->online_local = ++s->leas[s->opts->leas].nlocal;
			s->online++;
			s->fte_over += p->online == 2;
		}
	}
}

/* After the year: those who left are gone, movers stay where they went. */
static void end_year(struct synth *s)
{
	size_t i;

	for (i = 0; i < s->npersons; i++) {
		struct person *p = &s->persons[i];

		if (!p->active)
			continue;
		if (p->exit_kind != EXIT_NONE) {
			p->active = 0;
		} else if (p->lea2 != p->lea) {
			p->lea = p->lea2;
			p->local = p->local2;
			p->school = p->school2;
		}
	}
}

static void add_member(struct lea *lea, uint32_t person)
{
	if (lea->nmembers == lea->cap) {
		lea->cap = lea->cap ? lea->cap * 2 : 64;
		lea->members = xreallocarray(lea->members, lea->cap, sizeof(*lea->members));
	}
	lea->members[lea->nmembers++] = person;
}

/*
 * The LEA that reports a student who lives in district lea: the district, or
 * the charter in its area.  Twins go to school together.
 */
static uint32_t reporting_lea(const struct synth *s, uint32_t pid, uint32_t lea)
{
	const struct person *p = &s->persons[pid];
	const struct lea *d = &s->leas[lea];
	uint32_t key = p->twin && p->twin - 1 < pid ? p->twin - 1 : pid;

	if (!d->charter || p->grade < s->leas[d->charter].low || p->grade > s->leas[d->charter].high)
		return lea;
	return rng_hash(s->opts->seed ^ 0xC4A27E4ULL, key, lea, 1) % 1000000 < d->charter_ppm
	       ? d->charter : lea;
}

/* Each LEA's students this year, in order of local ID: its own, then movers in. */
static void build_members(struct synth *s)
{
	size_t i, l;

	for (l = 0; l < s->nleas; l++) {
		s->leas[l].nmembers = 0;
		memset(s->leas[l].enroll, 0, sizeof(s->leas[l].enroll));
	}
	for (i = 0; i < s->npersons; i++)
		if (s->persons[i].active)
			add_member(&s->leas[reporting_lea(s, (uint32_t)i, s->persons[i].lea)],
				   (uint32_t)i);
	for (i = 0; i < s->npersons; i++)
		if (s->persons[i].active && s->persons[i].lea2 != s->persons[i].lea)
			add_member(&s->leas[reporting_lea(s, (uint32_t)i, s->persons[i].lea2)],
				   (uint32_t)i);
	for (i = 0; i < s->npersons; i++)
		if (s->persons[i].active && s->persons[i].online)
			add_member(&s->leas[s->opts->leas], (uint32_t)i);
}

/* The school of a student in grade at LEA l, whose school of the level is number. */
static size_t school_index(const struct lea *lea, int grade, unsigned number)
{
	size_t i;

	if (lea->kind == LEA_REGULAR) {
		int level = level_of(grade), k;

		for (k = 0; k < level; k++)
			number += lea->nschools[k];
		return number;
	}
	/* A charter's campus for the grade, the online provider's one school. */
	for (i = 0; i + 1 < lea->nschool; i++)
		if (grade >= lea->schools[i].low && grade <= lea->schools[i].high)
			break;
	return i;
}

/*
 * Person pid's enrollment this year at LEA l (its school, dates, codes,
 * FTE, and for the records its online courses); returns its local ID
 * number there.  local_id and rejected are left for the caller.
 */
static uint32_t spell_of(const struct synth *s, size_t l, uint32_t pid, int y,
			 struct synth_spell *sp)
{
	const struct person *p = &s->persons[pid];
	int online = l == (size_t)s->opts->leas;
	uint32_t first = reporting_lea(s, pid, p->lea), second = reporting_lea(s, pid, p->lea2);
	int moved_in = second == l && first != l, moves_out = first == l && second != l;
	/* An online student takes two courses a term online for each quarter of a day. */
	unsigned online_courses = p->online == 1 && pid % 2 ? 4 : 2;

	memset(sp, 0, sizeof(*sp));
	sp->person = pid;
	sp->grade = p->grade;
	sp->online = online;
	sp->moved_in = moved_in;
	sp->home_lea = first;
	sp->online_courses = p->online ? online_courses : 0;
	sp->school = school_index(&s->leas[l], p->grade, moved_in ? p->school2 : p->school);
	sp->fte = p->half_time ? "0.50" : "1.00";
	if (online)
		sp->fte = p->online == 1 && pid % 2 ? "0.50" : "0.25";
	else if (p->online == 1)
		sp->fte = pid % 2 ? "0.50" : "0.75";
	/* Entries around the first days of school; movers arrive in February. */
	sp->entry = (struct date){ y - 1, 8, 15 + (int)(pid % 7) };
	sp->entry_code = p->entry_kind == ENTRY_FIRST ? "E1" : p->entry_kind == ENTRY_OTHER_LEA
			 ? "E3" : p->entry_kind == ENTRY_OTHER_STATE ? "E4" : "E0";
	if (moved_in) {
		sp->entry = (struct date){ y, 2, 1 + (int)(pid % 9) };
		sp->entry_code = "E3";
	}
	if (online)
		sp->entry_code = "E6";
	sp->exit = sp->entry;
	sp->exit_code = NULL;
	if (online) {
		/* No exit at the online provider. */
	} else if (moves_out) {
		sp->exit = (struct date){ y, 1, 10 + (int)(pid % 15) };
		sp->exit_code = "W2";
	} else if (!moved_in && p->exit_kind == EXIT_GRADUATE) {
		sp->exit = (struct date){ y, 5, 25 + (int)(pid % 5) };
		sp->exit_code = "G1";
	} else if (!moved_in && p->exit_kind == EXIT_DROPOUT) {
		sp->exit = (struct date){ y, 3, 1 + (int)(pid % 20) };
		sp->exit_code = "D1";
	} else if (!moved_in && p->exit_kind == EXIT_LEAVE_STATE) {
		sp->exit = (struct date){ y, 2, 1 + (int)(pid % 20) };
		sp->exit_code = "W3";
	}
	return online ? p->online_local : moved_in ? p->local2 : p->local;
}

/* The identity an LEA reports for a student: the truth, with noise. */
struct reported {
	char first[160], middle[160], last[160];
	struct date birth;
	char birth_state[3], birth_country[3], zip[16];	/* "" when not reported */
	char kinds[320];	/* the noise applied, ';'-separated */
};

/* Append a kind to a ';'-separated list. */
static void note_kind(char *kinds, size_t size, const char *kind)
{
	size_t n = strlen(kinds);

	snprintf(kinds + n, size - n, "%s%s", n ? ";" : "", kind);
}

static void note(struct synth *s, struct reported *rp, enum noise_kind k)
{
	note_kind(rp->kinds, sizeof(rp->kinds), noise_names[k]);
	s->noise_count[k]++;
}

/* Positions of lower-case ASCII letters in s; returns how many (at most max). */
static size_t letter_positions(const char *s, size_t *pos, size_t max)
{
	size_t i, n = 0;

	for (i = 0; s[i] && n < max; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			pos[n++] = i;
	return n;
}

/* One keyboard slip in a name: a wrong key, a letter dropped or doubled, two swapped. */
static int misspell(struct rng *r, char *name, size_t size, enum noise_kind k)
{
	size_t pos[160], n = letter_positions(name, pos, 160), len = strlen(name), at;

	if (n < 3)
		return 0;
	at = pos[1 + rng_below(r, n - 1)];
	switch (k) {
	case NOISE_TYPO:
		name[at] = keyboard_neighbour(name[at], (unsigned)rng_next(r));
		return 1;
	case NOISE_DROP_LETTER:
		memmove(name + at, name + at + 1, len - at);
		return 1;
	case NOISE_DOUBLE_LETTER:
		if (len + 2 > size)
			return 0;
		memmove(name + at + 1, name + at, len - at + 1);
		return 1;
	case NOISE_TRANSPOSE:
		if (at + 1 >= len || name[at + 1] < 'a' || name[at + 1] > 'z' ||
		    name[at] == name[at + 1])
			return 0;
		{
			char t = name[at];

			name[at] = name[at + 1];
			name[at + 1] = t;
		}
		return 1;
	default:
		return 0;
	}
}

/*
 * The birthplace and home ZIP an LEA reports: home is the district the
 * student lives in; some LEAs keep ZIP+4.  Drawn last from the person's
 * noise stream r, so the other kinds of noise are what they were before.
 */
static void report_place(struct synth *s, const struct person *p, uint32_t pid, uint32_t lea,
			 uint32_t home, struct rng *r, struct reported *rp)
{
	const unsigned *rate = noise_profiles[s->opts->noise].rate;
	uint32_t key = p->twin && p->twin - 1 < pid ? p->twin - 1 : pid;
	struct birthplace bp;

	place_birth(s->opts->seed, key, p->from_away, &bp);
	snprintf(rp->birth_state, sizeof(rp->birth_state), "%s", bp.state);
	snprintf(rp->birth_country, sizeof(rp->birth_country), "%s", bp.country);
	place_zip(s->opts->seed, key, home, lea % 5 == 3, rp->zip);
	if (rng_chance(r, rate[NOISE_ZIP_MISSING])) {
		rp->zip[0] = '\0';
		note(s, rp, NOISE_ZIP_MISSING);
	} else if (rng_chance(r, rate[NOISE_ZIP_DIGIT])) {
		/* One of the last three digits wrong: the state's "84" stays. */
		size_t at = 2 + (size_t)rng_below(r, 3);

		rp->zip[at] = (char)('0' + (rp->zip[at] - '0' + 1 + (int)rng_below(r, 9)) % 10);
		note(s, rp, NOISE_ZIP_DIGIT);
	}
	if (rng_chance(r, rate[NOISE_BIRTHPLACE_MISSING])) {
		rp->birth_state[0] = rp->birth_country[0] = '\0';
		note(s, rp, NOISE_BIRTHPLACE_MISSING);
	} else if (rng_chance(r, rate[NOISE_BIRTHPLACE_DEFAULT]) &&
		   strcmp(rp->birth_state, PLACE_HOME_STATE)) {
		/* The LEA's system filled in its own state when the field was left blank. */
		snprintf(rp->birth_state, sizeof(rp->birth_state), "%s", PLACE_HOME_STATE);
		snprintf(rp->birth_country, sizeof(rp->birth_country), "US");
		note(s, rp, NOISE_BIRTHPLACE_DEFAULT);
	}
}

static void report_identity(struct synth *s, const struct person *p, uint32_t pid, uint32_t lea,
			    uint32_t home, struct reported *rp)
{
	const unsigned *rate = noise_profiles[s->opts->noise].rate;
	struct rng r;
	const char *nick, *surname = surnames.names[p->last];
	char folded[160];
	int k;

	/*
	 * Noise depends on the person and the LEA only: an LEA's system keeps
	 * reporting a student the same way year after year.
	 */
	rng_seed(&r, s->opts->seed ^ (0x9E3779B97F4A7C15ULL * (pid + 1)) ^ ((uint64_t)lea << 40));
	memset(rp, 0, sizeof(*rp));
	snprintf(rp->first, sizeof(rp->first), "%s", first_name_of(p));
	snprintf(rp->middle, sizeof(rp->middle), "%s",
		 p->middle == 0xFFFF ? "" : first_list(p->sex)->names[p->middle % first_list(p->sex)->n]);
	snprintf(rp->last, sizeof(rp->last), "%s", surname);
	rp->birth = p->birth;
	if (p->last != p->birth_last)
		snprintf(rp->kinds, sizeof(rp->kinds), "legal_name_change");

	nick = nickname_of(rp->first, (unsigned)rng_next(&r));
	if (nick && rng_chance(&r, rate[NOISE_NICKNAME])) {
		snprintf(rp->first, sizeof(rp->first), "%s", nick);
		note(s, rp, NOISE_NICKNAME);
	}
	if (strpbrk(surname, " -")) {
		if (rng_chance(&r, rate[NOISE_SURNAME_PART])) {
			/* One part of a compound surname only: the first or the last. */
			const char *sep = strpbrk(surname, " -");
			const char *last_sep = strrchr(surname, *sep);

			if (rng_chance(&r, 500000))
				snprintf(rp->last, sizeof(rp->last), "%.*s", (int)(sep - surname), surname);
			else
				snprintf(rp->last, sizeof(rp->last), "%s", last_sep + 1);
			note(s, rp, NOISE_SURNAME_PART);
		} else if (rng_chance(&r, rate[NOISE_SURNAME_HYPHEN])) {
			char *c;

			for (c = rp->last; *c; c++)
				*c = *c == ' ' ? '-' : *c == '-' ? ' ' : *c;
			note(s, rp, NOISE_SURNAME_HYPHEN);
		}
	}
	for (k = NOISE_TYPO; k <= NOISE_TRANSPOSE; k++) {
		if (!rng_chance(&r, rate[k]))
			continue;
		if (misspell(&r, rng_chance(&r, 500000) ? rp->first : rp->last, sizeof(rp->first),
			     (enum noise_kind)k))
			note(s, rp, (enum noise_kind)k);
	}
	if (rng_chance(&r, rate[NOISE_NAME_SWAP])) {
		char t[160];

		memcpy(t, rp->first, sizeof(t));
		memcpy(rp->first, rp->last, sizeof(t));
		memcpy(rp->last, t, sizeof(t));
		note(s, rp, NOISE_NAME_SWAP);
	}
	if (rng_chance(&r, rate[NOISE_ACCENTS])) {
		int changed = fold_accents(rp->first, folded, sizeof(folded));

		memcpy(rp->first, folded, sizeof(folded));
		changed |= fold_accents(rp->last, folded, sizeof(folded));
		memcpy(rp->last, folded, sizeof(folded));
		changed |= fold_accents(rp->middle, folded, sizeof(folded));
		memcpy(rp->middle, folded, sizeof(folded));
		if (changed)
			note(s, rp, NOISE_ACCENTS);
	}
	if (rp->middle[0]) {
		if (rng_chance(&r, rate[NOISE_MIDDLE_MISSING])) {
			rp->middle[0] = '\0';
			note(s, rp, NOISE_MIDDLE_MISSING);
		} else if (rng_chance(&r, rate[NOISE_MIDDLE_INITIAL])) {
			rp->middle[1] = '\0';
			note(s, rp, NOISE_MIDDLE_INITIAL);
		}
	}
	if (rng_chance(&r, rate[NOISE_DOB_SWAP]) && rp->birth.day <= 12 &&
	    rp->birth.day != rp->birth.month) {
		int t = rp->birth.day;

		rp->birth.day = rp->birth.month;
		rp->birth.month = t;
		note(s, rp, NOISE_DOB_SWAP);
	}
	if (rng_chance(&r, rate[NOISE_DOB_DIGIT])) {
		/* One digit of the day wrong, keeping a date that exists. */
		struct date d = rp->birth;

		d.day = d.day % 10 == 9 ? d.day - 1 : d.day + 1;
		if (date_is_valid(&d)) {
			rp->birth = d;
			note(s, rp, NOISE_DOB_DIGIT);
		}
	}
	if (rng_chance(&r, rate[NOISE_DOB_YEAR])) {
		struct date d = rp->birth;

		d.year += rng_chance(&r, 500000) ? 1 : -1;
		if (date_is_valid(&d)) {
			rp->birth = d;
			note(s, rp, NOISE_DOB_YEAR);
		}
	}
	report_place(s, p, pid, lea, home, &r, rp);
}

/* A local ID in the LEA's own style: some use a prefix, some digits only. */
static void local_id(const struct lea *lea, size_t l, uint32_t n, char out[16])
{
	if (l % 2 == 0)
		snprintf(out, 16, "S%06u", (unsigned)n);
	else
		snprintf(out, 16, "%u", (unsigned)(1000000 + n));
	(void)lea;
}

/*
 * The submission's manifest: every record file in CSV; in Ed-Fi, every
 * interchange with the main record type it gives (slds-ingest reads the
 * others it gives from it too).
 */
static int write_manifest(const struct synth *s, const struct lea *lea, const char *dir, int y,
			  struct slds_error *err)
{
	struct buf text = BUF_INIT(64 * 1024);
	char *path = xstrfmt("%s/%s", dir, MANIFEST_NAME);
	size_t i;
	int rc;

	buf_addf(&text, "# slds submission manifest, written by slds-synth\n"
		 "lea = %s\nschool_year = %d\ncollection = daily\n", lea->id, y);
	if (s->opts->edfi) {
		static const char *const records[] = {
			"school", "section", "assessment", "staff", "section", "attendance",
			"course_grade", "assessment", "program"
		};

		buf_adds(&text, "\n[file Student.xml]\nrecord = student\nformat = edfi\n"
			 "\n[file StudentEnrollment.xml]\nrecord = enrollment\nformat = edfi\n");
		for (i = 0; i < synth_edfi_nfiles(); i++)
			if (synth_records_edfi_written(&s->records, i))
				buf_addf(&text, "\n[file %s]\nrecord = %s\nformat = edfi\n",
					 synth_edfi_file(i), records[i]);
	} else {
		for (i = 0; i < catalog_nrecords(); i++) {
			const struct record_def *rec = catalog_record_at(i);
			const char *file = synth_record_file(rec);

			if (file)
				buf_addf(&text, "\n[file %s]\nrecord = %s\nformat = csv\n", file,
					 rec->name);
		}
	}
	rc = write_file_atomic(path, text.data, text.len, err);
	buf_release(&text);
	free(path);
	return rc;
}

/*
 * The records besides students and enrollments need the LEA's directory
 * planned from its students first: their sections and teachers.
 */
static int begin_records(struct synth *s, size_t l, int y, const struct synth_lea *info,
			 const char *dir, struct slds_error *err)
{
	const struct lea *lea = &s->leas[l];
	struct synth_spell sp;
	size_t k;
	int rc = synth_records_lea(&s->records, info, dir, err);

	for (k = 0; k < lea->nmembers && !rc; k++) {
		spell_of(s, l, lea->members[k], y, &sp);
		synth_records_plan(&s->records, &sp);
	}
	if (!rc)
		rc = synth_records_directory(&s->records, err);
	return rc;
}

static int write_lea(struct synth *s, size_t l, int y, struct out_file *truth,
		     struct synth_errors *errs, struct slds_error *err)
{
	struct lea *lea = &s->leas[l];
	char *dir = xstrfmt("%s/inbox/%s/%d-daily-01", s->opts->out, lea->id, y);
	char *path = NULL;
	struct out_file stu = OUT_FILE_INIT;
	struct out_file enr = OUT_FILE_INIT;
	const char *stu_name = s->opts->edfi ? "Student.xml" : "students.csv";
	const char *enr_name = s->opts->edfi ? "StudentEnrollment.xml" : "enrollments.csv";
	struct synth_lea info = { lea->id, l, lea_types[lea->kind], lea->schools, lea->nschool };
	size_t k;
	int rc, prev_clean = 0;
	char prev_id[16] = "";

	if (lea->nmembers == 0) {
		free(dir);
		return 0;
	}
	rc = mkdir_p(dir, err);
	if (!rc)
		rc = begin_records(s, l, y, &info, dir, err);
	if (rc)
		goto cleanup;
	path = xstrfmt("%s/%s", dir, stu_name);
	if (!rc)
		rc = out_open(&stu, path, err);
	free(path);
	path = xstrfmt("%s/%s", dir, enr_name);
	if (!rc)
		rc = out_open(&enr, path, err);
	if (rc)
		goto cleanup;
	if (s->opts->edfi) {
		edfi_begin(&stu.b, "InterchangeStudent");
		edfi_begin(&enr.b, "InterchangeStudentEnrollment");
	} else {
		csv_header(&stu.b, catalog_record("student"));
		csv_header(&enr.b, catalog_record("enrollment"));
	}
	for (k = 0; k < lea->nmembers; k++) {
		uint32_t pid = lea->members[k];
		const struct person *p = &s->persons[pid];
		char id[16], birth[24], school_id[40], entry[24], exit_date[24], year[12];
		char claimed[SSID_LEN + 1], own_id[16] = "";
		const char *exit_code;
		struct reported rp;
		struct synth_spell sp;
		struct date d;

		enum error_kind se = pick_error(errs, pid, y, l, ERRS_STUDENT, 0), ee = ERR_NONE;
		char sex_s[2] = { (char)p->sex, '\0' };
		const char *race = race_codes[p->race];
		/*
		 * The record's line: CSV has a header line; Ed-Fi two, one entity
		 * a line, and in StudentEnrollment.xml a student's association
		 * with the LEA (its sex and race) before its enrollment.
		 */
		size_t line = s->opts->edfi ? EDFI_HEADER_LINES + 1 + k : k + 2;
		size_t seoa_line = EDFI_HEADER_LINES + 1 + 2 * k;
		size_t enr_line = s->opts->edfi ? seoa_line + 1 : line;

		local_id(lea, l, spell_of(s, l, pid, y, &sp), id);
		/* The district the student lives in: a mover's new one after the move. */
		report_identity(s, p, pid, (uint32_t)l, sp.moved_in ? p->lea2 : p->lea, &rp);
		date_format(&rp.birth, birth);
		snprintf(year, sizeof(year), "%d", y);
		snprintf(school_id, sizeof(school_id), "%s", lea->schools[sp.school].id);
		/* A duplicate needs a clean record before it to duplicate. */
		if (se == ERR_STU_DUPLICATE && !prev_clean)
			se = ERR_NONE;
		/*
		 * XML has no ragged rows, and an invalid byte makes the whole file
		 * not well-formed: the ingest rejects the file, not a record.
		 */
		if (s->opts->edfi && (se == ERR_STU_RAGGED || se == ERR_STU_UTF8))
			se = ERR_NONE;
		switch (se) {
		case ERR_STU_MISSING: {
			static const char *const fields[] = { "first_name", "last_name", "birth_date", "sex" };
			int f = (int)(pid % 4);

			if (f == 0)
				rp.first[0] = '\0';
			else if (f == 1)
				rp.last[0] = '\0';
			else if (f == 2)
				birth[0] = '\0';
			else
				sex_s[0] = '\0';
			truth_error(errs, lea->id, y, stu_name, line, fields[f], "STU.0001", se, 0);
			break;
		}
		case ERR_STU_CODE:
			if (pid % 2)
				sex_s[0] = 'Q';
			else
				race = "ZZ7";
			/* Ed-Fi: the association with the LEA has them, and the student is rejected with it. */
			truth_error(errs, lea->id, y, s->opts->edfi ? enr_name : stu_name,
				    s->opts->edfi ? seoa_line : line, pid % 2 ? "sex" : "race_ethnicity",
				    "STU.0004", se, 0);
			if (s->opts->edfi)
				truth_error(errs, lea->id, y, stu_name, line, "", "STU.0004", se, 1);
			break;
		case ERR_STU_DATE:
			snprintf(birth, sizeof(birth), "%04d-02-30", p->birth.year);
			truth_error(errs, lea->id, y, stu_name, line, "birth_date", "STU.0002", se, 0);
			break;
		case ERR_STU_DUPLICATE:
			/* The student row repeats the previous ID; its other records keep their own. */
			snprintf(own_id, sizeof(own_id), "%s", id);
			snprintf(id, sizeof(id), "%s", prev_id);
			truth_error(errs, lea->id, y, stu_name, line, "local_id", "STU.0102", se, 0);
			break;
		case ERR_STU_RAGGED:
			truth_error(errs, lea->id, y, "students.csv", line, "", "STU.0008", se, 0);
			break;
		case ERR_STU_UTF8: {
			size_t n = strlen(rp.last);

			if (n + 2 < sizeof(rp.last)) {
				rp.last[n] = '\377';
				rp.last[n + 1] = '\0';
			}
			truth_error(errs, lea->id, y, "students.csv", line, "last_name", "STU.0007", se, 0);
			break;
		}
		default:
			break;
		}
		/*
		 * A rejected student takes its other records with it: they name a
		 * local ID no accepted student has.
		 */
		if (se != ERR_NONE)
			truth_error(errs, lea->id, y, enr_name, enr_line, "local_id", "ENR.0011",
				    se, 1);
		else
			ee = pick_error(errs, pid, y, l, ERRS_ENROLLMENT, 0);
		prev_clean = se == ERR_NONE;
		if (prev_clean)
			snprintf(prev_id, sizeof(prev_id), "%s", id);
		claimed[0] = '\0';
		if (s->opts->claimed_ssids) {
			/*
			 * The SSID the LEA holds: usually right, sometimes missing,
			 * occasionally another student's (a neighbour in the state).
			 */
			struct rng r;
			uint64_t x;

			rng_seed(&r, s->opts->seed ^ 0x551D551DULL ^ ((uint64_t)pid << 24) ^ (uint64_t)l);
			x = rng_below(&r, 1000);
			if (x < 80) {
				s->ssid_missing++;
				note_kind(rp.kinds, sizeof(rp.kinds), "ssid_missing");
			} else if (x < 100 && s->npersons > 1) {
				ssid_from_serial((pid + 1) % s->npersons, s->ssid_key, claimed);
				s->ssid_wrong++;
				note_kind(rp.kinds, sizeof(rp.kinds), "ssid_other_student");
			} else {
				ssid_from_serial(pid, s->ssid_key, claimed);
				s->ssid_right++;
			}
		}
		if (s->opts->edfi) {
			struct edfi_student es = {
				id, rp.first, rp.middle, rp.last,
				p->suffix == 1 ? "Jr" : p->suffix == 2 ? "III" : "", birth, sex_s, race,
				claimed, lea->id, rp.birth_state, rp.birth_country, rp.zip,
				place_city(sp.moved_in ? p->lea2 : p->lea)
			};

			edfi_student(&stu.b, &es);
			edfi_student_lea(&enr.b, &es);
		} else {
			csv_field(&stu.b, lea->id, 0);
			csv_field(&stu.b, id, 0);
			csv_field(&stu.b, claimed, 0);
			csv_field(&stu.b, rp.first, 0);
			csv_field(&stu.b, rp.middle, 0);
			csv_field(&stu.b, rp.last, 0);
			csv_field(&stu.b, p->suffix == 1 ? "Jr" : p->suffix == 2 ? "III" : "", 0);
			csv_field(&stu.b, birth, 0);
			csv_field(&stu.b, sex_s, 0);
			csv_field(&stu.b, race, 0);
			csv_field(&stu.b, rp.birth_state, 0);
			csv_field(&stu.b, rp.birth_country, 0);
			csv_field(&stu.b, rp.zip, se == ERR_STU_RAGGED);
			if (se != ERR_STU_RAGGED)
				csv_field(&stu.b, year, 1);
		}
		buf_addf(&truth->b, "%s,%d-daily-01,%s,%zu,%s,P%07u,%s\n", lea->id, y, stu_name,
			 line, id, pid + 1, rp.kinds);
		s->student_rows++;

		if (sp.online && p->online == 2)
			buf_addf(&s->level2->b, "%d,P%07u,total_fte_above_1,1.25\n", y, pid + 1);
		date_format(&sp.entry, entry);
		d = sp.exit;
		exit_code = sp.exit_code;
		switch (ee) {
		case ERR_ENR_EXIT_BEFORE_ENTRY:
			d = (struct date){ sp.moved_in ? y : y - 1, sp.moved_in ? 1 : 8, 5 };
			exit_code = "W1";
			truth_error(errs, lea->id, y, enr_name, enr_line, "exit_date", "ENR.0101", ee, 0);
			break;
		case ERR_ENR_OUTSIDE_YEAR:
			snprintf(entry, sizeof(entry), "%04d-08-15", y - 2);
			truth_error(errs, lea->id, y, enr_name, enr_line, "entry_date", "ENR.0102", ee, 0);
			break;
		case ERR_ENR_GRADE:
			truth_error(errs, lea->id, y, enr_name, enr_line, "grade_level", "ENR.0004", ee, 0);
			break;
		case ERR_ENR_MISSING:
			school_id[0] = '\0';
			truth_error(errs, lea->id, y, enr_name, enr_line, "school_id", "ENR.0001", ee, 0);
			break;
		default:
			break;
		}
		date_format(&d, exit_date);
		if (s->opts->edfi) {
			struct edfi_enrollment ee_ = {
				own_id[0] ? own_id : id, school_id, y, entry,
				ee == ERR_ENR_GRADE ? "13" : grade_codes[p->grade], sp.entry_code,
				exit_code ? exit_date : "", exit_code ? exit_code : "", sp.fte
			};

			edfi_enrollment(&enr.b, &ee_);
		} else {
			csv_field(&enr.b, lea->id, 0);
			csv_field(&enr.b, school_id, 0);
			csv_field(&enr.b, own_id[0] ? own_id : id, 0);
			csv_field(&enr.b, year, 0);
			csv_field(&enr.b, ee == ERR_ENR_GRADE ? "13" : grade_codes[p->grade], 0);
			csv_field(&enr.b, entry, 0);
			csv_field(&enr.b, sp.entry_code, 0);
			csv_field(&enr.b, exit_code ? exit_date : "", 0);
			csv_field(&enr.b, exit_code ? exit_code : "", 0);
			csv_field(&enr.b, sp.fte, 1);
		}
		lea->enroll[p->grade]++;
		s->enrollment_rows++;
		/* The student's other records, under the local ID of its record. */
		sp.local_id = own_id[0] ? own_id : id;
		sp.rejected = se != ERR_NONE;
		rc = synth_records_student(&s->records, &sp, err);
		if (rc)
			goto cleanup;
		rc = out_flush(&stu, 0, err);
		if (!rc)
			rc = out_flush(&enr, 0, err);
		if (!rc)
			rc = out_flush(truth, 0, err);
		if (!rc)
			rc = out_flush(&errs->out, 0, err);
		if (rc)
			goto cleanup;
	}
	if (s->opts->edfi) {
		edfi_end(&stu.b, "InterchangeStudent");
		edfi_end(&enr.b, "InterchangeStudentEnrollment");
	}
	rc = out_commit(&stu, err);
	if (!rc)
		rc = out_commit(&enr, err);
	if (!rc)
		rc = synth_records_lea_commit(&s->records, err);
	/* Last: it names the files written. */
	if (!rc)
		rc = write_manifest(s, lea, dir, y, err);
cleanup:
	out_abort(&stu);
	out_abort(&enr);
	synth_records_lea_abort(&s->records);
	free(path);
	free(dir);
	return rc;
}

/* truth/enrollment_counts-YEAR.csv: what the enrollment-counts report must say. */
static int write_counts(struct synth *s, const char *tdir, int y, struct slds_error *err)
{
	struct out_file counts = OUT_FILE_INIT;
	char *path = xstrfmt("%s/enrollment_counts-%d.csv", tdir, y);
	int l, g, rc = out_open(&counts, path, err);

	if (!rc) {
		buf_adds(&counts.b, "lea_id,grade_level,enrollments\n");
		for (l = 0; (size_t)l < s->nleas; l++)
			for (g = 0; g < NGRADES; g++)
				if (s->leas[l].enroll[g])
					buf_addf(&counts.b, "%s,%s,%llu\n", s->leas[l].id,
						 grade_codes[g], (unsigned long long)s->leas[l].enroll[g]);
		rc = out_commit(&counts, err);
	}
	out_abort(&counts);
	free(path);
	return rc;
}

static int write_twins(struct synth *s, const char *tdir, struct slds_error *err)
{
	struct out_file twins = OUT_FILE_INIT;
	char *path = xstrfmt("%s/twins.csv", tdir);
	size_t i;
	int rc = out_open(&twins, path, err);

	if (!rc) {
		buf_adds(&twins.b, "person_id,twin_person_id\n");
		for (i = 0; i < s->npersons && !rc; i++)
			if (s->persons[i].twin > i + 1) {
				buf_addf(&twins.b, "P%07zu,P%07u\n", i + 1, s->persons[i].twin);
				rc = out_flush(&twins, 0, err);
			}
		if (!rc)
			rc = out_commit(&twins, err);
	}
	out_abort(&twins);
	free(path);
	return rc;
}

/* truth/ssids.csv: every person's true SSID, to seed a registry with. */
static int write_ssids(struct synth *s, const char *tdir, struct slds_error *err)
{
	struct out_file f = OUT_FILE_INIT;
	char *path = xstrfmt("%s/ssids.csv", tdir);
	char ssid[SSID_LEN + 1];
	size_t i;
	int rc = out_open(&f, path, err);

	if (!rc) {
		buf_adds(&f.b, "person_id,ssid\n");
		for (i = 0; i < s->npersons && !rc; i++) {
			ssid_from_serial(i, s->ssid_key, ssid);
			buf_addf(&f.b, "P%07zu,%s\n", i + 1, ssid);
			rc = out_flush(&f, 0, err);
		}
		if (!rc)
			rc = out_commit(&f, err);
	}
	out_abort(&f);
	free(path);
	return rc;
}

/* Rows written of each record type, in catalog order. */
static void print_record_counts(const struct synth *s)
{
	size_t i;

	printf("records by type:\n");
	for (i = 0; i < catalog_nrecords(); i++) {
		const struct record_def *rec = catalog_record_at(i);
		unsigned long long n = !strcmp(rec->name, "student") ? s->student_rows
				       : !strcmp(rec->name, "enrollment") ? s->enrollment_rows
				       : synth_records_count(&s->records, rec);

		printf("  %-20s %llu\n", rec->name, n);
	}
}

static int run_synth(const struct synth_options *opts, struct slds_error *err)
{
	{
		/* Old LEA folders would stay behind, undescribed by the new truth. */
		char *inbox = path_join(opts->out, "inbox"), *truth = path_join(opts->out, "truth");
		int used = is_dir(inbox) || is_dir(truth);

		free(inbox);
		free(truth);
		if (used) {
			error_set(err, SLDS_ERROR, "folder \"%s\" already holds a generated state", opts->out);
			error_hint(err, "Remove its inbox and truth folders, or choose another --out.");
			return SLDS_ERROR;
		}
	}
	struct synth s;
	struct out_file truth = OUT_FILE_INIT;
	struct synth_errors errs = { OUT_FILE_INIT, 0, 0, { 0 } };
	struct out_file level2 = OUT_FILE_INIT;
	char *tdir = xstrfmt("%s/truth", opts->out), *path = NULL;
	int first = opts->school_year - opts->years + 1, y, l, k, rc;

	memset(&s, 0, sizeof(s));
	s.opts = opts;
	{
		struct synth_records_options ro = {
			opts->seed, &errs, opts->edfi ? &edfi_emitter : &csv_emitter, opts->edfi
		};

		synth_records_init(&s.records, &ro);
	}
	rng_seed(&s.rng, opts->seed);
	{
		struct rng kr;

		rng_seed(&kr, opts->seed ^ 0x55D1D55D1DULL);
		for (k = 0; k < SSID_KEY_LEN; k++)
			s.ssid_key[k] = (unsigned char)rng_next(&kr);
	}
	s.female_total = name_list_total(&female_names);
	s.male_total = name_list_total(&male_names);
	s.surname_total = name_list_total(&surnames);
	setup_leas(&s);
	rc = mkdir_p(tdir, err);
	if (rc)
		goto cleanup;
	path = xstrfmt("%s/persons.csv", tdir);
	rc = out_open(&truth, path, err);
	if (rc)
		goto cleanup;
	buf_adds(&truth.b, "lea_id,submission,file,line,local_id,person_id,noise\n");
	free(path);
	path = xstrfmt("%s/errors.csv", tdir);
	rc = synth_errors_open(&errs, path, opts->errors, opts->seed, err);
	if (rc)
		goto cleanup;
	free(path);
	path = xstrfmt("%s/level2.csv", tdir);
	rc = out_open(&level2, path, err);
	if (rc)
		goto cleanup;
	buf_adds(&level2.b, "school_year,person_id,problem,total_fte\n");
	s.level2 = &level2;
	for (y = first; y <= opts->school_year && !rc; y++) {
		if (y == first)
			first_population(&s, y);
		else
			advance(&s, y);
		plan_year(&s);
		build_members(&s);
		synth_records_year(&s.records, y, s.npersons);
		for (l = 0; (size_t)l < s.nleas && !rc; l++)
			rc = write_lea(&s, (size_t)l, y, &truth, &errs, err);
		if (!rc)
			rc = write_counts(&s, tdir, y, err);
		end_year(&s);
	}
	if (!rc)
		rc = out_commit(&truth, err);
	if (!rc)
		rc = synth_errors_commit(&errs, err);
	if (!rc)
		rc = out_commit(&level2, err);
	if (!rc)
		rc = write_twins(&s, tdir, err);
	if (!rc && opts->claimed_ssids)
		rc = write_ssids(&s, tdir, err);
	if (rc)
		goto cleanup;
	if (log_get_level() < LOG_ERROR) {
		printf("school years: %d to %d\npersons: %zu\n"
		       "LEAs: %zu (%d districts, %zu charters, the online provider)\nschools: %llu\n"
		       "student records: %llu\nenrollment records: %llu\nmid-year movers: %llu\n"
		       "twin pairs: %llu\nonline part-time enrollments: %llu (%llu with total FTE above 1.00)\n"
		       "noise profile: %s\n",
		       first, opts->school_year, s.npersons, s.nleas, opts->leas,
		       s.nleas - (size_t)opts->leas - 1, s.schools, s.student_rows,
		       s.enrollment_rows, s.movers, s.twins, s.online, s.fte_over,
		       noise_profiles[opts->noise].name);
		for (k = 0; k < NOISE_COUNT; k++)
			if (s.noise_count[k])
				printf("  %-20s %llu records\n", noise_names[k], s.noise_count[k]);
		if (opts->claimed_ssids)
			printf("claimed SSIDs: %llu right, %llu missing, %llu another student's\n",
			       s.ssid_right, s.ssid_missing, s.ssid_wrong);
		printf("error profile: %s\n", synth_errors_profile_name(opts->errors));
		for (k = 1; k < ERR_COUNT; k++)
			if (errs.count[k])
				printf("  %-20s %llu records\n", error_kind_name((enum error_kind)k),
				       errs.count[k]);
		print_record_counts(&s);
		printf("inbox: %s/inbox\ntruth: %s\n", opts->out, tdir);
	}
cleanup:
	synth_records_release(&s.records);
	out_abort(&truth);
	synth_errors_abort(&errs);
	out_abort(&level2);
	if (s.leas)
		for (l = 0; (size_t)l < s.nleas; l++) {
			free(s.leas[l].members);
			free(s.leas[l].schools);
		}
	free(s.leas);
	free(s.lea_weights);
	free(s.persons);
	free(tdir);
	free(path);
	return rc;
}

static int number_arg(const char *name, const char *arg, long long min, long long max,
		      long long *out)
{
	int64_t v;

	if (parse_int64(arg, strlen(arg), min, max, &v) != PARSE_OK) {
		log_error("%s must be a whole number from %lld to %lld, not \"%s\"", name, min, max,
			  arg);
		log_usage_hint();
		return -1;
	}
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "claimed-ssids", no_argument, NULL, 'C' },
		{ "describe", required_argument, NULL, 'D' },
		{ "errors", required_argument, NULL, 'E' },
		{ "format", required_argument, NULL, 'F' },
		CLI_OPTION_HELP,
		{ "leas", required_argument, NULL, 'l' },
		{ "noise", required_argument, NULL, 'N' },
		{ "out", required_argument, NULL, 'o' },
		CLI_OPTION_QUIET,
		{ "school-year", required_argument, NULL, 'y' },
		{ "seed", required_argument, NULL, 's' },
		{ "students", required_argument, NULL, 'n' },
		CLI_OPTION_VERBOSE,
		CLI_OPTION_VERSION,
		{ "years", required_argument, NULL, 'Y' },
		{ NULL, 0, NULL, 0 }
	};
	struct synth_options opts = { 2000, 6, 2027, 1, 1, 1, 0, 0, 0, NULL };
	struct slds_error err = SLDS_ERROR_INIT;
	const char *describe = NULL;
	long long v;
	size_t i;
	int c, code;

	log_init(argv[0]);
	if (cli_early_help(argc, argv, help))
		return SLDS_EXIT_OK;
	while ((c = getopt_long(argc, argv, "l:n:o:s:y:" CLI_SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (cli_common_option(c, help, &code) > 0)
			return code;
		switch (c) {
		case 'C':
			opts.claimed_ssids = 1;
			break;
		case 'D':
			describe = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "csv") && strcmp(optarg, "edfi"))
				return cli_usage_error("--format must be csv or edfi, not \"%s\"", optarg);
			opts.edfi = !strcmp(optarg, "edfi");
			break;
		case 'E':
			opts.errors = synth_errors_profile(optarg);
			if (opts.errors < 0)
				return cli_usage_error("--errors must be none, default or high, not \"%s\"",
						       optarg);
			break;
		case 'l':
			if (number_arg("--leas", optarg, 1, MAX_LEAS, &v))
				return SLDS_EXIT_USAGE;
			opts.leas = (int)v;
			break;
		case 'n':
			if (number_arg("--students", optarg, 1, MAX_STUDENTS, &v))
				return SLDS_EXIT_USAGE;
			opts.students = v;
			break;
		case 'N':
			for (i = 0; i < sizeof(noise_profiles) / sizeof(noise_profiles[0]); i++)
				if (!strcmp(optarg, noise_profiles[i].name))
					break;
			if (i == sizeof(noise_profiles) / sizeof(noise_profiles[0]))
				return cli_usage_error("--noise must be none, default or high, not \"%s\"",
						       optarg);
			opts.noise = (int)i;
			break;
		case 'o':
			opts.out = optarg;
			break;
		case 's':
			if (number_arg("--seed", optarg, 0, INT64_MAX, &v))
				return SLDS_EXIT_USAGE;
			opts.seed = (uint64_t)v;
			break;
		case 'y':
			if (parse_school_year(optarg, &opts.school_year))
				return cli_usage_error("--school-year must be a school year such as 2027 or 2026-27, not \"%s\"",
						       optarg);
			break;
		case 'Y':
			if (number_arg("--years", optarg, 1, 20, &v))
				return SLDS_EXIT_USAGE;
			opts.years = (int)v;
			break;
		}
	}
	if ((code = cli_check_args(argc - optind, argv + optind, 0, 0, NULL)) != 0)
		return code;
	if (describe) {
		if (opts.out)
			return cli_usage_error("--describe and --out cannot be used together");
		return cli_exit(synth_describe(describe, stdout, &err), &err);
	}
	if (!opts.out)
		return cli_usage_error("no output folder given: use --out=DIR");
	if (opts.leas > opts.students)
		return cli_usage_error("--leas (%d) must not exceed --students (%lld)", opts.leas,
				       opts.students);
	return cli_exit(run_synth(&opts, &err), &err);
}

static void help(const char *progname)
{
	printf("%s generates a synthetic state: LEA submissions and the truth about them.\n\n",
	       progname);
	printf("Usage:\n");
	printf("  %s [OPTION]... --out=DIR\n", progname);
	printf("  %s --describe=DIR\n\n", progname);
	printf("Writes DIR/inbox/LEA/YEAR-daily-01/ for every LEA: manifest.ini and a CSV\n"
	       "file per record type (lea.csv, schools.csv, staff.csv, credentials.csv,\n"
	       "courses.csv, sections.csv, students.csv, enrollments.csv, attendance.csv,\n"
	       "course_grades.csv, assessments.csv, special_ed.csv, programs.csv); and\n"
	       "DIR/truth/persons.csv (the true person of every student record),\n"
	       "DIR/truth/errors.csv, DIR/truth/enrollment_counts-YEAR.csv and the other\n"
	       "truth files.\n\n");
	printf("Options:\n");
	printf("      --claimed-ssids       records carry the SSID the LEA holds (usually\n"
	       "                            right); truth/ssids.csv has every person's\n");
	printf("      --describe=DIR        print statistics of a generated state, read from its\n"
	       "                            files\n");
	printf("      --errors=PROFILE      inject data errors: none (default), default, high\n"
	       "                            (Ed-Fi: all kinds but ragged rows and invalid UTF-8)\n");
	printf("      --format=FORMAT       csv (default) or edfi (Ed-Fi 5.2 bulk XML: an\n"
	       "                            interchange file per kind of record)\n");
	printf("  -n, --students=N          students in the state (default 2000)\n");
	printf("  -l, --leas=N              school districts, of skewed sizes (default 6);\n"
	       "                            every fifth has a charter LEA in its area\n");
	printf("  -o, --out=DIR             where to write (required)\n");
	printf("  -s, --seed=N              random seed: the same seed gives the same bytes\n"
	       "                            (default 1)\n");
	printf("      --noise=PROFILE       identity noise: none, default (default), high\n");
	printf("  -y, --school-year=YEAR    the last school year, as 2027 or 2026-27\n"
	       "                            (default 2027)\n");
	printf("      --years=N             consecutive school years to generate (default 1)\n");
	printf("  -q, --quiet               print errors only\n");
	printf("  -v, --verbose             print more\n");
	printf("  -V, --version             output version information, then exit\n");
	printf("  -?, --help                show this help, then exit\n\n");
	printf("Exit status: 0 success, 64 bad invocation, 1 failure.\n");
}
